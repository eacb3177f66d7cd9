"""The seed's loose ends in the inputs (issue 20): the roster's optional 基准满意率 and 承包单位,
rules.toml's two new options, and the forms and reader following ``in_house_rates_peers``."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from redflag_xlsx.core.errors import ConfigError
from redflag_xlsx.core.roster import Leader, Roster, Unit
from redflag_xlsx.core.rules import Rules
from redflag_xlsx.core.rules_toml import render
from redflag_xlsx.core.scoring import tally
from redflag_xlsx.forms.roster_workbook import write_roster_workbook
from redflag_xlsx.forms.templates import build_templates
from redflag_xlsx.intake.reader import read_submissions

from fill import complete, fill_combined, fill_form

KEY = b"seed-key"


# --- the roster's 基准满意率 ----------------------------------------------------------------------
def _small(**unit_changes: object) -> Roster:
    a1 = Unit(code="A1", name="甲", site="机关大楼", contractor="某公司")
    a2 = Unit(code="A2", name="乙", site="机关大楼")
    return Roster(
        units=(a1.model_copy(update=unit_changes), a2), leaders=(Leader(code="L1", name="王"),)
    )


def test_a_roster_without_the_new_column_keeps_its_fingerprint() -> None:
    # the canonical text and SHA-256 main's code (before 基准满意率 existed) gave this roster
    roster = _small()
    assert roster.canonical_json() == (
        '{"leaders":[{"code":"L1","name":"王","title":""}],"units":[{"category":"","code":"A1",'
        '"contractor":"某公司","name":"甲","site":"机关大楼"},{"category":"","code":"A2",'
        '"contractor":"","name":"乙","site":"机关大楼"}]}'
    )
    assert roster.fingerprint == "a08b0d965558c4df36eb3c9d19230528eeb3b07aa669af6f6d24b95f1c521dcb"


def test_a_roster_with_a_baseline_carries_it_in_its_json() -> None:
    roster = _small(baseline=95.5)
    assert '"baseline":95.5' in roster.canonical_json()
    assert roster.fingerprint != _small().fingerprint
    assert Roster.from_json(roster.canonical_json()).unit("A1").baseline == 95.5


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        # as typed in TOML or a cell -> the rate
        (95, 95.0),
        ("95", 95.0),
        ("95%", 95.0),
        ("９５．５", 95.5),
        ("", None),
        (None, None),
    ],
)
def test_baseline_values(typed: object, read: float | None) -> None:
    data = {"code": "A1", "name": "甲", "site": "机关大楼", "baseline": typed}
    assert Unit.model_validate(data).baseline == read


@pytest.mark.parametrize("bad", [101, -1, "很好", "95分"])
def test_a_bad_baseline_in_toml_names_the_key(tmp_path: Path, bad: object) -> None:
    value = f'"{bad}"' if isinstance(bad, str) else str(bad)
    path = tmp_path / "roster.toml"
    path.write_text(
        '[[units]]\ncode = "A1"\nname = "甲"\nsite = "机关大楼"\n'
        f'baseline = {value}\n\n[[leaders]]\ncode = "L1"\nname = "王"\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as exc:
        Roster.load(path)
    assert str(exc.value) == (
        f"{path}：参数“units[0].baseline”无效：基准满意率“{bad}”不是 0–100 之间的数"
    )


def test_the_roster_workbook_round_trips_contractor_and_baseline(tmp_path: Path) -> None:
    base = Roster.sample()
    units = tuple(u.model_copy(update={"baseline": {"JG02": 92.5}.get(u.code)}) for u in base.units)
    roster = Roster(units=units, leaders=base.leaders)
    path = write_roster_workbook(roster, tmp_path / "roster.xlsx")
    ws = openpyxl.load_workbook(path)["被考核单位"]
    assert [c.value for c in ws[1]] == [
        "编号",
        "名称",
        "场所",
        "服务类别",
        "承包单位",
        "基准满意率",
    ]
    back = Roster.load(path)
    assert back == roster and back.fingerprint == roster.fingerprint
    assert back.unit("JG01").in_house and back.unit("JG02").baseline == 92.5


def test_a_baseline_shown_as_a_percentage_and_a_bad_one(tmp_path: Path) -> None:
    path = write_roster_workbook(Roster.sample(), tmp_path / "roster.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["被考核单位"]
    ws["F3"] = 0.955  # JG02, shown as 95.5%
    ws["F3"].number_format = "0.0%"
    ws["F4"] = "满意"  # JG03
    wb.save(path)
    with pytest.raises(ConfigError) as exc:
        Roster.load(path)
    assert str(exc.value) == (
        f"{path}：工作表“被考核单位”单元格 F4：基准满意率“满意”不是 0–100 之间的数"
    )
    ws["F4"] = None
    wb.save(path)
    assert Roster.load(path).unit("JG02").baseline == 95.5


def test_the_forms_header_is_accepted_too(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "被考核单位"
    ws.append(["单位编号", "单位名称", "场所", "基准满意率(%)"])
    ws.append(["A1", "甲", "机关大楼", 90])
    wb.create_sheet("评议领导").append(["编号", "姓名"])
    wb["评议领导"].append(["L1", "王"])
    wb.save(tmp_path / "r.xlsx")
    assert Roster.load(tmp_path / "r.xlsx").unit("A1").baseline == 90


# --- rules.toml -------------------------------------------------------------------------------
def test_the_new_options_in_rules_toml(tmp_path: Path) -> None:
    text = render(Rules.default())
    assert 'satisfaction_baseline = "previous_quarter"' in text
    assert "in_house_rates_peers = true" in text
    assert "95 → 90 → 95" in text and "各单位互相打分" in text
    path = tmp_path / "rules.toml"
    path.write_text(
        text.replace('"previous_quarter"', '"fixed"').replace(
            "in_house_rates_peers = true", "in_house_rates_peers = false"
        ),
        encoding="utf-8",
    )
    rules = Rules.load(path)
    assert (rules.satisfaction_baseline, rules.in_house_rates_peers) == ("fixed", False)


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ('satisfaction_baseline = "rolling"', "satisfaction_baseline"),
        ("in_house_rates_peers = 2", "in_house_rates_peers"),
    ],
)
def test_a_wrong_option_names_its_key(tmp_path: Path, line: str, key: str) -> None:
    path = tmp_path / "rules.toml"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=f"参数“{key}”无效"):
        Rules.load(path)


# --- the forms and the reader follow in_house_rates_peers ------------------------------------
STRICT = Rules(in_house_rates_peers=False)


def test_split_forms_have_no_peer_form_for_an_in_house_unit(tmp_path: Path) -> None:
    names = {p.name for p in build_templates(None, "2026Q4", tmp_path, split=True, rules=STRICT)}
    assert "单位互评_2026Q4_JG01.xlsx" not in names
    assert "单位互评_2026Q4_JG02.xlsx" in names and len(names) == 1 + 11 + 5


def test_a_strict_quarter_reads_clean(tmp_path: Path) -> None:
    roster = Roster.sample()
    data = complete(roster, STRICT)
    assert "JG01" not in data["peer"]
    forms = build_templates(roster, "2026Q4", tmp_path / "blank", split=True, rules=STRICT, key=KEY)
    filled = []
    for blank in forms:
        out = tmp_path / "in" / blank.name
        out.parent.mkdir(exist_ok=True)
        rater = blank.stem.rsplit("_", 1)[-1]
        if blank.name.startswith("服务质量考核"):
            filled.append(fill_form(blank, data["scoring"], out=out))
        elif blank.name.startswith("单位互评"):
            filled.append(fill_form(blank, data["peer"][rater], out=out))
        else:
            filled.append(fill_form(blank, data["leadership"][rater], out=out))
    sub = read_submissions(filled, rules=STRICT, key=KEY)
    assert sub.issues == []  # no W_MISSING_RATER for JG01: it has no form to hand in
    result = tally(sub, STRICT)
    assert result.unit("JG01").peer_expected == result.unit("JG01").peer_count == 11
    assert result.unit("JG02").peer_expected == 10


def test_the_combined_grid_has_no_row_for_an_in_house_unit(tmp_path: Path) -> None:
    roster = Roster.sample()
    blank = build_templates(roster, "2026Q4", tmp_path, rules=STRICT, key=KEY)[0]
    ws = openpyxl.load_workbook(blank)["单位互评"]
    raters = [row[0].value for row in ws.iter_rows(min_row=4) if row[0].value]
    assert raters == [u.code for u in roster.units if u.code != "JG01"]
    data = complete(roster, STRICT)
    path = fill_combined(blank, out=tmp_path / "filled.xlsx", **data)
    assert read_submissions([path], rules=STRICT, key=KEY).issues == []


def test_a_peer_form_of_an_in_house_unit_is_refused_under_the_strict_reading(
    tmp_path: Path,
) -> None:
    roster = Roster.sample()
    forms = build_templates(roster, "2026Q4", tmp_path / "b", split=True, key=KEY, only=["JG01"])
    data = complete(roster)
    path = fill_form(forms[0], data["peer"]["JG01"], out=tmp_path / "jg01.xlsx")
    issues = read_submissions([path], rules=STRICT, key=KEY, roster=roster).issues
    refused = [i for i in issues if i.code == "E_STRUCTURE"]
    assert [(i.file, i.rater) for i in refused] == [(str(path), "JG01")]
    assert refused[0].text("zh") == (
        "表格结构被改动：JG01 是自有单位，按规则（in_house_rates_peers = false）不参加单位互评打分"
    )
    # under the default reading the same form is read
    issues = read_submissions([path], key=KEY, roster=roster).issues
    assert not [i for i in issues if i.is_error and i.file]


def test_build_template_does_not_fill_last_quarters_rates_under_a_fixed_baseline(
    tmp_path: Path,
) -> None:
    from click.testing import CliRunner
    from test_ledger import make_sub

    import redflag_xlsx.cli
    from redflag_xlsx.cli import cli
    from redflag_xlsx.core.i18n import t
    from redflag_xlsx.ledger.store import Ledger

    redflag_xlsx.cli._register()
    db = tmp_path / "h.db"
    with Ledger(db) as ledger:
        ledger.record(tally(make_sub("2026Q3"), Rules.default()))
    rules = tmp_path / "rules.toml"
    rules.write_text('satisfaction_baseline = "fixed"\n', encoding="utf-8")
    out = tmp_path / "f"
    args = ["build-template", "--rules", str(rules), "--history", str(db), "--out", str(out)]
    result = CliRunner().invoke(cli, [*args, "--period", "2026Q4"], env={"REDFLAG_SECRET": "k"})
    assert result.exit_code == 0, result.output
    assert t("tpl_cli_baselines_fixed", "zh") in result.output
    ws = openpyxl.load_workbook(out / "红旗评选_2026Q4.xlsx")["服务质量考核"]
    header = [c.value for c in ws[3]]
    col = header.index("基准满意率(%)") + 1
    assert [ws.cell(r, col).value for r in range(4, 16)] == [None] * 12
