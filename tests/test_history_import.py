"""Earlier winners imported, the contractor's streak in the ledger, 重新招投标优先权 marked used,
the export's 奖励分 and priority sheets, and the ledger's schema version 2 (SPEC 2.4, 7)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from test_ledger import dump, make_sub, tally_and_record

import redflag_xlsx.cli
from redflag_xlsx.cli import cli
from redflag_xlsx.core.i18n import t
from redflag_xlsx.core.roster import Roster
from redflag_xlsx.forms.roster_workbook import write_roster_workbook
from redflag_xlsx.forms.winners_workbook import write_winners_template
from redflag_xlsx.intake.winners_file import read_winners
from redflag_xlsx.ledger.export import export_ledger
from redflag_xlsx.ledger.records import RECORD_COLUMNS
from redflag_xlsx.ledger.schema import APPLICATION_ID, MIGRATIONS
from redflag_xlsx.ledger.store import Ledger

redflag_xlsx.cli._register()

HUAXIN = "华信物业管理有限公司"  # JG02's contractor in the sample roster


def winners_file(path: Path, rows: list[tuple], *, lang: str = "zh") -> Path:
    """init's template with ``rows`` typed below its header."""
    write_winners_template(path, lang=lang)
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            ws.cell(r, c, value)
    wb.save(path)
    return path


def history(*args: str):
    return CliRunner().invoke(cli, ["history", *args])


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "redflag_history.db"


# --- the template init writes -------------------------------------------------------------------
def test_the_template_reads_back_empty_with_one_finding(tmp_path: Path) -> None:
    path = write_winners_template(tmp_path / "winners.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["历届获奖", "说明"]
    assert [c.value for c in wb["历届获奖"][1]] == ["期间", "单位编号", "承包单位"]
    wins, issues = read_winners(path)
    assert (wins, [(i.code, i.sheet) for i in issues]) == ([], [("E_IMPORT_EMPTY", "历届获奖")])
    en = write_winners_template(tmp_path / "en.xlsx", lang="en")
    assert [c.value for c in openpyxl.load_workbook(en).worksheets[0][1]] == [
        "Period",
        "Unit code",
        "Contractor",
    ]


# --- an imported streak pays the right tier at the first tally ----------------------------------
def test_an_imported_three_quarter_streak_pays_the_top_tier(tmp_path: Path, db: Path) -> None:
    source = winners_file(
        tmp_path / "winners.xlsx",
        [
            ("2026Q1", "JG02", HUAXIN),
            ("2026年第二季度", "jg02", HUAXIN),  # a code in any case, a quarter in words
            ("2026年第3季度", "JG02", HUAXIN),
            ("2026Q3", "XZ01", "恒安物业服务有限公司"),
            (None, None, None),  # a blank line
        ],
    )
    roster_path = write_roster_workbook(Roster.sample(), tmp_path / "roster.xlsx")
    result = history("--history", str(db), "--import", str(source), "--roster", str(roster_path))
    assert result.exit_code == 0, result.output
    assert result.output == (
        t("imp_done", "zh", n=3, wins=4, periods="2026Q1、2026Q2、2026Q3", file=db) + "\n"
    )
    with Ledger(db) as ledger:
        q4, _info = tally_and_record(ledger, make_sub("2026Q4", ("JG02", "JG03", "XZ01")))
        holdings = ledger.priority_holdings()
    jg02, jg03, xz01 = q4.unit("JG02"), q4.unit("JG03"), q4.unit("XZ01")
    # JG02: Q1, Q2, Q3 imported + Q4 = 4 in a row; XZ01: Q3 + Q4 = 2; JG03: 1
    assert (jg02.streak, jg02.reward_points, jg02.bonus_yuan, jg02.priority) == (4, 10, 2000, True)
    assert (xz01.streak, xz01.reward_points, xz01.bonus_yuan, xz01.priority) == (2, 6, 1200, False)
    assert (jg03.streak, jg03.reward_points, jg03.bonus_yuan) == (1, 3, 600)
    # the priority was earned in the third imported quarter, and is still held
    assert [(h.unit, h.contractor, h.earned, h.wins, h.valid) for h in holdings] == [
        ("JG02", HUAXIN, "2026Q3", ["2026Q3", "2026Q4"], True)
    ]


def test_two_imported_quarters_and_the_first_tally_make_three(db: Path) -> None:
    with Ledger(db) as ledger:
        info, issues = ledger.import_winners(
            read_winners_rows([("2026Q2", "JG02", HUAXIN), ("2026Q3", "JG02", HUAXIN)]), "w.xlsx"
        )
        assert issues == [] and info is not None
        q4, _ = tally_and_record(ledger, make_sub("2026Q4"))
    u = q4.unit("JG02")
    assert (u.streak, u.reward_points, u.bonus_yuan, u.priority) == (3, 10, 2000, True)


def read_winners_rows(rows: list[tuple[str, str, str]]):
    from redflag_xlsx.core.models import ImportedWin

    return [
        ImportedWin(period=p, unit=u, contractor=c, file="w.xlsx", sheet="历届获奖", cell=f"A{i}")
        for i, (p, u, c) in enumerate(rows, start=2)
    ]


# --- the contractor's streak in the ledger ------------------------------------------------------
def test_a_contractor_change_mid_streak(db: Path) -> None:
    roster = Roster.sample()
    before = Roster(
        units=tuple(
            u.model_copy(update={"contractor": "旧物业公司"}) if u.code == "JG02" else u
            for u in roster.units
        ),
        leaders=roster.leaders,
    )
    with Ledger(db) as ledger:
        q1, _ = tally_and_record(ledger, make_sub("2026Q1", roster=before))
        q2, _ = tally_and_record(ledger, make_sub("2026Q2", roster=before))
        q3, _ = tally_and_record(ledger, make_sub("2026Q3", roster=roster))  # re-tendered
        q4, _ = tally_and_record(ledger, make_sub("2026Q4", roster=roster))
        stored = {r.period: (r.contractor, r.streak) for r in ledger.records() if r.unit == "JG02"}
    assert [q.unit("JG02").streak for q in (q1, q2, q3, q4)] == [1, 2, 1, 2]
    assert [q.unit("JG03").streak for q in (q1, q2, q3, q4)] == [1, 2, 3, 4]  # unchanged
    assert stored == {
        "2026Q1": ("旧物业公司", 1),
        "2026Q2": ("旧物业公司", 2),
        "2026Q3": (HUAXIN, 1),
        "2026Q4": (HUAXIN, 2),
    }


def test_re_recording_a_quarter_with_another_contractor_recomputes_later_streaks(
    db: Path,
) -> None:
    roster = Roster.sample()
    other = Roster(
        units=tuple(
            u.model_copy(update={"contractor": "新物业公司"}) if u.code == "JG02" else u
            for u in roster.units
        ),
        leaders=roster.leaders,
    )
    with Ledger(db) as ledger:
        for period in ("2026Q1", "2026Q2", "2026Q3"):
            tally_and_record(ledger, make_sub(period))
        # 2026Q2 was tallied with the wrong roster: JG02 had a new contractor from Q2 on
        _r, info = tally_and_record(ledger, make_sub("2026Q2", roster=other))
        assert info.recomputed == ["2026Q3"]
        q3 = {r.unit: r for r in ledger.records("2026Q3")}
    # Q3 (the sample's contractor again) is a new streak: 1, 3 points, 600
    assert (q3["JG02"].streak, q3["JG02"].reward_points, q3["JG02"].bonus_yuan) == (1, 3, 600)
    assert q3["JG03"].streak == 3


def test_an_import_after_a_tally_recomputes_it(tmp_path: Path, db: Path) -> None:
    with Ledger(db) as ledger:
        tally_and_record(ledger, make_sub("2026Q4"))
    source = winners_file(
        tmp_path / "w.xlsx", [(p, "JG02", HUAXIN) for p in ("2026Q1", "2026Q2", "2026Q3")]
    )
    result = history("--history", str(db), "--import", str(source))
    assert result.exit_code == 0, result.output
    assert result.output == (
        t("imp_done", "zh", n=3, wins=3, periods="2026Q1、2026Q2、2026Q3", file=db)
        + "\n"
        + t("ledger_recomputed", "zh", periods="2026Q4")
        + "\n"
    )  # the latest tallied roster checked the codes: no "not checked" line
    with Ledger(db) as ledger:
        jg02 = {r.unit: r for r in ledger.records("2026Q4")}["JG02"]
    assert (jg02.streak, jg02.reward_points, jg02.bonus_yuan, jg02.priority) == (4, 10, 2000, True)


def test_an_in_house_winner_stays_not_applicable_when_recomputed(tmp_path: Path, db: Path) -> None:
    with Ledger(db) as ledger:
        tally_and_record(ledger, make_sub("2026Q4", ("JG01", "JG02", "XZ01")))
        info, _ = ledger.import_winners(
            read_winners_rows([(p, "JG01", "") for p in ("2026Q1", "2026Q2", "2026Q3")]), "w"
        )
        assert info is not None and info.recomputed == ["2026Q4"]
        jg01 = {r.unit: r for r in ledger.records("2026Q4")}["JG01"]
        assert (jg01.streak, jg01.bonus_yuan, jg01.priority) == (4, 2000, None)
        assert ledger.priority_holdings() == []  # an in-house unit is never tendered


# --- bad imports: located findings, nothing stored ----------------------------------------------
def test_bad_rows_are_located_and_nothing_is_imported(tmp_path: Path, db: Path) -> None:
    with Ledger(db) as ledger:
        tally_and_record(ledger, make_sub("2026Q4"))
    before = dump(db)
    source = winners_file(
        tmp_path / "w.xlsx",
        [
            ("2026Q1", "JG02", HUAXIN),  # good
            ("2026年第五季度", "JG03", "洁美环境服务有限公司"),  # row 3: no such quarter
            ("2026Q2", None, HUAXIN),  # row 4: no unit
            ("2026Q2", "ZZ99", "某公司"),  # row 5: not in the roster
            ("2026Q1", "JG02", HUAXIN),  # row 6: twice
            ("2026Q2", "JG04", "别的餐饮公司"),  # row 7: good, but not the roster's contractor
        ],
    )
    result = history("--history", str(db), "--import", str(source))
    assert result.exit_code == 1
    _wins, issues = read_winners(source, Roster.sample())
    assert [(i.code, i.cell) for i in issues] == [
        ("E_IMPORT_PERIOD", "A3"),
        ("E_IMPORT_UNIT_BLANK", "B4"),
        ("E_IMPORT_UNIT_UNKNOWN", "B5"),
        ("E_IMPORT_DUPLICATE", "B6"),
        ("W_IMPORT_CONTRACTOR", "A7"),
    ]
    assert {(i.file, i.sheet) for i in issues} == {(str(source), "历届获奖")}
    assert issues[3].text("zh") == "2026Q1 的 JG02 重复（已在 A2 填写）"
    assert issues[4].text("zh") == (
        "JG04 在 2026Q2 的承包单位“别的餐饮公司”与名册中的“鑫源餐饮管理有限公司”不同："
        "第一次统计时其连续获得次数将重新计算"
    )
    for issue in issues:
        assert issue.text("zh") in result.output
    assert result.output.endswith(t("imp_not_done", "zh", file=source, n=4) + "\n")
    assert dump(db) == before  # all or nothing


def test_a_quarter_already_in_the_ledger_is_not_overwritten(tmp_path: Path, db: Path) -> None:
    with Ledger(db) as ledger:
        tally_and_record(ledger, make_sub("2026Q3"))
        ledger.import_winners(read_winners_rows([("2026Q1", "JG02", HUAXIN)]), "w")
    before = dump(db)
    source = winners_file(
        tmp_path / "w.xlsx",
        [("2026Q1", "JG05", "x"), ("2026Q2", "JG02", HUAXIN), ("2026Q3", "JG02", HUAXIN)],
    )
    result = history("--history", str(db), "--import", str(source))
    assert result.exit_code == 1
    with Ledger(db) as ledger:
        _info, issues = ledger.import_winners(read_winners(source)[0], str(source))
    assert [(i.code, i.cell, i.params["period"]) for i in issues] == [
        ("E_IMPORT_IN_LEDGER", "A2", "2026Q1"),
        ("E_IMPORT_IN_LEDGER", "A4", "2026Q3"),
    ]
    assert issues[0].text("zh") == "历史记录中已有 2026Q1（已导入），不覆盖"
    assert issues[1].text("zh") == "历史记录中已有 2026Q3（已统计），不覆盖"
    assert "history --remove 2026Q1" in issues[0].hint_text("zh")
    assert dump(db) == before
    # an imported quarter can be removed and entered again; a tally replaces one
    assert history("--history", str(db), "--remove", "2026Q1").exit_code == 0
    with Ledger(db) as ledger:
        assert ledger.imported_periods() == []


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([["季度", "单位编号"], ["2026Q1", "JG02"]], [("E_IMPORT_HEADER", None)]),
        ([["说明文字"], ["Period", "Unit code", "Contractor"]], [("E_IMPORT_EMPTY", None)]),
    ],
)
def test_headers(tmp_path: Path, rows: list[list[str]], expected) -> None:
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(tmp_path / "w.xlsx")
    _wins, issues = read_winners(tmp_path / "w.xlsx")
    assert [(i.code, i.cell) for i in issues] == expected
    if expected[0][0] == "E_IMPORT_HEADER":
        assert issues[0].text("zh") == "第一个工作表中找不到表头：承包单位"


def test_a_file_that_is_no_workbook(tmp_path: Path, db: Path) -> None:
    (tmp_path / "w.xlsx").write_text("not a workbook", encoding="utf-8")
    result = history("--history", str(db), "--import", str(tmp_path / "w.xlsx"))
    assert result.exit_code == 1
    assert "E_UNREADABLE" in result.output or "无法读取" in result.output


# --- 重新招投标优先权 marked used -------------------------------------------------------------
def test_priority_used_needs_a_reason_and_a_holder(tmp_path: Path, db: Path) -> None:
    with Ledger(db) as ledger:
        for period in ("2026Q1", "2026Q2", "2026Q3"):
            tally_and_record(ledger, make_sub(period))
    result = history("--history", str(db), "--priority-used", "JG02")
    assert result.exit_code == 2
    assert result.output.endswith(f"错误：{t('prio_needs_reason', 'zh')}\n")
    result = history("--history", str(db), "--priority-used", "jg02", "--reason", "2027年3月招标")
    assert result.exit_code == 0, result.output
    assert result.output == (
        t(
            "prio_marked",
            "zh",
            unit="JG02",
            contractor=HUAXIN,
            earned="2026Q3",
            reason="2027年3月招标",
        )
        + "\n"
    )
    result = history("--history", str(db), "--priority-used", "JG02", "--reason", "again")
    assert result.exit_code == 2
    assert result.output.endswith(
        f"错误：{t('prio_none', 'zh', code='JG02', holders='JG03、XZ01')}\n"
    )
    with Ledger(db) as ledger:
        held = {h.unit: h for h in ledger.priority_holdings()}
        assert not held["JG02"].valid and held["JG02"].reason == "2027年3月招标"
        assert held["JG03"].valid
        # the same run goes on: still the used holding, no second priority
        tally_and_record(ledger, make_sub("2026Q4"))
        held = {h.unit: h for h in ledger.priority_holdings()}
        assert held["JG02"].wins == ["2026Q3", "2026Q4"] and not held["JG02"].valid
        path = export_ledger(ledger, tmp_path / "历史记录.xlsx")
    ws = openpyxl.load_workbook(path)["重新招投标优先权"]
    rows = [[c.value for c in row][:6] for row in ws.iter_rows(min_row=4) if row[0].value]
    assert rows == [
        ["JG02", "大楼物业服务项目", HUAXIN, "2026Q3", "2026Q3、2026Q4", "已使用"],
        ["JG03", "大楼保洁服务项目", "洁美环境服务有限公司", "2026Q3", "2026Q3、2026Q4", "有效"],
        ["XZ01", "中心物业服务项目", "恒安物业服务有限公司", "2026Q3", "2026Q3、2026Q4", "有效"],
    ]


# --- the export's 奖励分 per unit, contractor and year -------------------------------------------
def test_reward_points_per_unit_and_year(tmp_path: Path, db: Path) -> None:
    with Ledger(db) as ledger:
        ledger.import_winners(
            read_winners_rows([("2026Q2", "JG02", HUAXIN), ("2026Q3", "JG02", HUAXIN)]), "w"
        )
        tally_and_record(ledger, make_sub("2026Q4", ("JG01", "JG02", "XZ01")))
        tally_and_record(ledger, make_sub("2027Q1", ("JG01", "JG02", "XZ02")))
        path = export_ledger(ledger, tmp_path / "历史记录.xlsx")
    ws = openpyxl.load_workbook(path)["奖励分"]
    assert [c.value for c in ws[3]] == [
        "年度",
        "单位编号",
        "单位名称",
        "承包单位",
        "获得红旗次数",
        "奖励分合计",
        "奖金合计(元)",
        "其中导入季度（未计分）",
    ]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=4) if row[0].value]
    assert rows == [
        # year, unit, name, contractor, wins, points, bonus, imported
        [2026, "JG01", "物业管理处工程部", "自有单位（无承包单位）", 1, 3, 600, None],
        [2026, "JG02", "大楼物业服务项目", HUAXIN, 1, 10, 2000, 2],  # Q4: third in a row
        [2026, "XZ01", "中心物业服务项目", "恒安物业服务有限公司", 1, 3, 600, None],
        [2027, "JG01", "物业管理处工程部", "自有单位（无承包单位）", 1, 6, 1200, None],
        [2027, "JG02", "大楼物业服务项目", HUAXIN, 1, 10, 2000, None],
        [2027, "XZ02", "中心保洁服务项目", "净源保洁服务有限公司", 1, 3, 600, None],
    ]


# --- schema version 2 ------------------------------------------------------------------------
def test_a_version_1_ledger_is_upgraded_with_each_quarters_contractor(
    tmp_path: Path, db: Path
) -> None:
    with Ledger(db) as ledger:
        tally_and_record(ledger, make_sub("2026Q1"))
        tally_and_record(ledger, make_sub("2026Q2"))
        expected = ledger.records()
    # the same data in a version 1 file (no contractor column)
    old = tmp_path / "v1.db"
    conn = sqlite3.connect(old)
    for sql in MIGRATIONS[0]:
        conn.execute(sql)
    conn.execute(f"ATTACH DATABASE '{db}' AS new")
    conn.execute("INSERT INTO period SELECT * FROM new.period")
    v1 = [c for c in RECORD_COLUMNS if c not in ("contractor", "decision", "decision_reason")]
    conn.execute(
        f"INSERT INTO unit_result ({', '.join(v1)}) SELECT {', '.join(v1)} FROM new.unit_result"
    )
    conn.commit()
    conn.execute("DETACH DATABASE new")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with Ledger(old) as ledger:
        assert ledger.records() == expected  # 承包单位 taken from each quarter's roster
        assert {r.contractor for r in ledger.records() if r.unit == "JG02"} == {HUAXIN}
        assert ledger.history("2026Q3").contractors["2026Q2"]["JG01"] == ""
