"""Regression tests from the adversarial review of scoring and results (SPEC 2, 6): each test
pins one deviation that was found and fixed."""

from __future__ import annotations

import pytest

from redflag_xlsx.core.errors import ConfigError
from redflag_xlsx.core.models import ScoringRow, Submission
from redflag_xlsx.core.peers import rated_by
from redflag_xlsx.core.roster import Leader, Roster, Unit
from redflag_xlsx.core.rules import Rules
from redflag_xlsx.core.scoring import tally

# two units at 甲, one alone at 乙
LONELY = Roster(
    units=(
        Unit(code="A1", name="甲一", site="甲"),
        Unit(code="A2", name="甲二", site="甲"),
        Unit(code="B1", name="乙一", site="乙"),
    ),
    leaders=(Leader(code="L1", name="领导"),),
)


def _full(roster: Roster, rules: Rules) -> Submission:
    """Every rating given (90), every unit's scoring row blank but for the rates."""
    return Submission(
        period="2026Q4",
        roster=roster,
        scoring={u.code: ScoringRow(unit=u.code, baseline=90, current=90) for u in roster.units},
        peer={
            u.code: {r.code: 90.0 for r in rated_by(roster, rules, u.code)} for u in roster.units
        },
        leadership={ld.code: {u.code: 90.0 for u in roster.units} for ld in roster.leaders},
    )


# --- a unit alone at its site with peer_scope = "site" -----------------------------------------
def test_a_unit_alone_at_its_site_cannot_be_rated_by_peers_the_rules_say_so():
    rules = Rules(peer_scope="site", flags_per_site={"甲": 1, "乙": 1})
    with pytest.raises(ConfigError) as err:
        rules.check_roster(LONELY)
    assert str(err.value) == (
        'peer_scope = "site"：场所“乙”只有 1 个单位（B1），没有其他单位能为它互评，'
        '它将没有综合得分；请改为 peer_scope = "all"，或在该场所增加单位'
    )
    Rules(flags_per_site={"甲": 1, "乙": 1}).check_roster(LONELY)  # "all": fine


def test_a_unit_nobody_may_rate_is_an_error_not_a_silent_blank():
    rules = Rules(peer_scope="site", flags_per_site={"甲": 1, "乙": 1})
    result = tally(_full(LONELY, rules), rules)
    assert result.unit("B1").total is None
    assert [(i.code, i.unit) for i in result.issues if i.is_error] == [("E_NO_RATINGS", "B1")]


# --- rules that the workbook could not follow -------------------------------------------------
@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            # two tiers from the same streak: the engine took the last, MATCH(…,1) in the
            # workbook may take either
            "[[reward_tiers]]\nmin_streak = 1\npoints = 3\nbonus_yuan = 600\n"
            "[[reward_tiers]]\nmin_streak = 2\npoints = 6\nbonus_yuan = 1200\n"
            "[[reward_tiers]]\nmin_streak = 2\npoints = 8\nbonus_yuan = 1500\n",
            "参数“reward_tiers”无效：连续获得次数 2 出现了不止一次",
        ),
        (
            "quality_bounds = [105, 90]\n",
            "参数“quality_bounds”无效：下限 105 大于上限 90",
        ),
    ],
)
def test_rules_the_results_workbook_could_not_follow_are_refused(tmp_path, text, message):
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        Rules.load(path)
    assert str(err.value) == f"{path} 第 1 行：{message}"  # the key's line


# --- coverage exactly at min_coverage ---------------------------------------------------------
def test_coverage_exactly_at_the_minimum_is_not_low(tmp_path):
    """0.55 × 100 is 55.000000000000007 in binary: 55 ratings of 100 are not "fewer than 55%"."""
    import openpyxl

    from redflag_xlsx.results.book import LOW_FONT
    from redflag_xlsx.results.writer import write_results
    from redflag_xlsx.xlsx import layout

    units = tuple(Unit(code=f"U{i:03d}", name=f"单位{i}", site="甲") for i in range(101))
    roster = Roster(units=units, leaders=(Leader(code="L1", name="领导"),))
    rules = Rules(min_coverage=0.55, flags_per_site={"甲": 1})
    sub = _full(roster, rules)
    for i in range(1, 46):  # U000 gets 55 of its 100 peer ratings, U001 54
        sub.peer[f"U{i + 1:03d}"].pop("U000")
        sub.peer[f"U{i + 2:03d}"].pop("U001")
    sub.peer["U100"].pop("U001")
    result = tally(sub, rules)
    assert (result.unit("U000").peer_count, result.unit("U001").peer_count) == (55, 54)
    low = [(i.code, i.unit) for i in result.issues]
    assert low == [("W_LOW_COVERAGE", "U001")]

    ws = openpyxl.load_workbook(write_results(result, tmp_path))[layout.sheet_name("peer")]
    col = 1 + [c.key for c in layout.rating_stat_columns("peer")].index("coverage")
    red = {
        row[0].value
        for row in ws.iter_rows(min_row=layout.FIRST_DATA_ROW)
        if row[col - 1].font.color is not None
        and row[col - 1].font.color.rgb == "FF" + LOW_FONT[1:]
    }
    assert red == {"U001"}


# --- reasons in one language, with that language's separator ------------------------------------
def test_reasons_in_english_read_as_english(monkeypatch):
    rules = Rules(flags_per_site={"甲": 1, "乙": 1})
    sub = _full(LONELY, rules)
    row = sub.scoring["A1"]
    sub.scoring["A1"] = row.model_copy(
        update={"counts": {"complaint_major": 1}, "flags": {"rectification_notice": True}}
    )
    result = tally(sub, rules)
    frame = result.to_frame(lang="en").set_index("code")
    assert frame.loc["A1", "disqualified"] == (
        "verified major quality complaint; rectification notice issued"
    )
    assert (
        result.to_frame().set_index("code").loc["A1", "disqualified"] == "重大质量投诉；整改通知书"
    )
    monkeypatch.setenv("REDFLAG_LANG", "en")  # no lang given: the environment's, for every part
    assert result.unit("A1").reasons(rules) == [
        "verified major quality complaint",
        "rectification notice issued",
    ]


# --- 规则: a bound of 0 is a bound ----------------------------------------------------------------
def test_a_quality_bound_of_zero_is_marked_as_used_on_the_rules_sheet(tmp_path):
    import openpyxl

    from redflag_xlsx.core.i18n import t
    from redflag_xlsx.results.writer import write_results

    rules = Rules(quality_bounds=(0, 0.5), flags_per_site={"甲": 1, "乙": 1})
    result = tally(_full(LONELY, rules), rules)
    assert {u.quality for u in result.units} == {0.5}
    ws = openpyxl.load_workbook(write_results(result, tmp_path))["规则"]
    notes = {r[0].value: (r[1].value, r[2].value) for r in ws.iter_rows() if r[0].value}
    assert notes[t("res_rule_q_min")] == (0, None)  # in the formula: no "changes nothing"
    assert notes[t("res_rule_q_max")] == (0.5, None)


# --- numbers in text: as the workbook shows them -----------------------------------------------
def test_min_total_reason_names_the_rule_exactly():
    """``:g`` keeps 6 digits: 100.0625 became 100.062."""
    rules = Rules(min_total_for_flag=100.0625, flags_per_site={"甲": 1, "乙": 1})
    result = tally(_full(LONELY, rules), rules)
    assert result.unit("A1").reasons(rules) == ["综合得分低于 100.0625"]


def test_the_ranking_table_rounds_q_as_the_workbook_shows_it():
    """Q is not rounded; the table showed 100.125 as 100.12 (binary half-even), the workbook's
    0.00 format shows 100.13."""
    from redflag_xlsx.cli.tables import ranking_rows

    rules = Rules(base_score=100.125, flags_per_site={"甲": 1, "乙": 1})
    result = tally(_full(LONELY, rules), rules)
    assert result.unit("A1").quality == 100.125
    assert [row[3] for row in ranking_rows(result, "甲")] == ["100.13", "100.13"]


def test_the_ledger_shows_reasons_in_one_language(tmp_path, monkeypatch):
    import openpyxl

    from redflag_xlsx.ledger.export import export_ledger
    from redflag_xlsx.ledger.store import Ledger

    rules = Rules(flags_per_site={"甲": 1, "乙": 1})
    sub = _full(LONELY, rules)
    sub.scoring["A1"] = sub.scoring["A1"].model_copy(
        update={"counts": {"complaint_major": 1}, "flags": {"rectification_notice": True}}
    )
    with Ledger(tmp_path / "h.db") as ledger:
        ledger.record(tally(sub, rules))
        path = export_ledger(ledger, tmp_path / "ledger.xlsx", lang="en")
        (period,) = ledger.periods()
        a1 = ledger.records("2026Q4")[0]
        monkeypatch.setenv("REDFLAG_LANG", "en")
        assert period.reasons(a1) == [
            "verified major quality complaint",
            "rectification notice issued",
        ]
    wb = openpyxl.load_workbook(path)
    cells = [c.value for ws in wb for row in ws.iter_rows() for c in row]
    assert "verified major quality complaint; rectification notice issued" in cells


# --- 流动红旗: a win decided by the tie-break says so ---------------------------------------------
def test_a_win_decided_by_the_tie_break_is_explained(tmp_path):
    """A1 and A2 both total 95.00 (rank 1); A1 wins on the higher quality score.  Without a
    note the leaders see two units ranked 1 and one flag."""
    import openpyxl

    from redflag_xlsx.results.writer import write_results
    from redflag_xlsx.xlsx import layout

    rules = Rules(flags_per_site={"甲": 1, "乙": 1})
    sub = _full(LONELY, rules)
    sub.scoring["A2"] = sub.scoring["A2"].model_copy(update={"counts": {"inspection_major": 1}})
    for rater in ("A1", "B1"):
        sub.peer[rater]["A2"] = 94.0
    result = tally(sub, rules)
    a1, a2 = result.unit("A1"), result.unit("A2")
    assert (a1.total, a2.total, a1.rank, a2.rank) == (95.0, 95.0, 1, 1)
    assert (a1.outcome, a2.outcome) == ("flag", "")
    ws = openpyxl.load_workbook(write_results(result, tmp_path))[layout.results_sheet_name("flags")]
    notes = {r[1].value: r[-1].value for r in ws.iter_rows(min_row=layout.FIRST_DATA_ROW)}
    assert notes["A1"] == "综合得分并列，依次比较服务质量得分、领导评议得分、互评得分后确定"
    assert notes["B1"] is None


# --- inf and nan from TOML ------------------------------------------------------------------------
def test_a_bound_written_as_inf_is_no_bound(tmp_path):
    """rules.toml writes a missing bound as -inf (TOML has no null); the results writer
    crashed on it (xlsxwriter cannot write -inf) and the formula would have used it."""
    import openpyxl

    from redflag_xlsx.core.i18n import t
    from redflag_xlsx.results.writer import write_results

    path = tmp_path / "rules.toml"
    path.write_text(
        "quality_bounds = [-inf, 95.5]\n[flags_per_site]\n'甲' = 1\n'乙' = 1\n", encoding="utf-8"
    )
    rules = Rules.load(path)
    result = tally(_full(LONELY, rules), rules)
    assert {u.quality for u in result.units} == {95.5}
    wb = openpyxl.load_workbook(write_results(result, tmp_path / "out"))
    q = wb["服务质量明细"].cell(row=4, column=1 + len(wb["服务质量明细"][3]) - 2).value
    assert q.startswith("=MIN(") and "MAX(" not in q
    notes = {r[0].value: (r[1].value, r[2].value) for r in wb["规则"].iter_rows() if r[0].value}
    assert notes[t("res_rule_q_min")] == (t("res_none_value"), t("res_note_shape"))
    assert notes[t("res_rule_q_max")] == (95.5, None)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("base_score = nan\n", "base_score"),
        ("[items.inspection_minor]\npoints = inf\n", "items.inspection_minor.points"),
        ("min_total_for_flag = nan\n", "min_total_for_flag"),
        ("quality_bounds = [nan, 105]\n", "quality_bounds"),
        ("quality_bounds = [inf, 105]\n", "quality_bounds"),
        ("[weights]\nquality = nan\npeer = 0.5\nleadership = 0.5\n", "weights"),
    ],
)
def test_numbers_that_are_not_numbers_are_refused(tmp_path, text, key):
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        Rules.load(path)
    assert f"参数“{key}" in str(err.value)
