"""The inspection register read back (intake/register.py, SPEC 14): counts equal to hand counts,
every finding from a real register with its row and cell, and the typed counts checked."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from redflag_xlsx.core.models import RegisterEvent
from redflag_xlsx.core.register import register_items
from redflag_xlsx.core.rules import Rules
from redflag_xlsx.core.scoring import tally

from fill import cell_of, edit_meta, open_workbook
from readkit import COMBINED, DATA, read
from regkit import (
    EVENTS,
    REGISTER,
    blank_register,
    hand_counts,
    quarter,
    scoring_without_register_items,
    typed,
)

RULES = Rules.default()
ITEMS = [i.code for i in register_items(RULES)]


def _findings(sub, *codes: str) -> list[tuple[str, str | None, str | None]]:
    """(code, cell, unit) of the findings about the register (and E_COUNT_MISMATCH)."""
    wanted = codes or ("E_REGISTER", "W_REGISTER", "E_COUNT_MISMATCH", "E_BAD_CHOICE")
    return [(i.code, i.cell, i.unit) for i in sub.issues if i.code.startswith(wanted)]


def test_the_counts_are_the_hand_counts(blanks, tmp_path: Path) -> None:
    sub = read(quarter(blanks, tmp_path / "in"))
    assert [i.code for i in sub.issues] == []
    register = sub.inspection_register
    assert register is not None and register.files == [str(tmp_path / "in" / REGISTER)]
    assert len(register.events) == len(EVENTS)
    result = tally(sub, RULES)
    counts = hand_counts()
    for u in result.units:
        for code in ITEMS:
            got = u.flags[code] if code in u.flags else u.counts[code]
            assert got == (counts[u.code, code] > 0 if code in u.flags else counts[u.code, code])
    assert result.unit("JG04").disqualified_by == ["rectification_notice"]
    # the events keep what was typed and where
    first = register.events[0]
    assert first == RegisterEvent(
        date=dt.date(2026, 10, 9),
        unit="JG01",
        item="inspection_minor",
        description="楼道地面有积水",
        evidence="JC-001",
        inspector="赵敏",
        verified=True,
        file=str(tmp_path / "in" / REGISTER),
        sheet="检查记录台账",
        row=4,
    )
    assert [(e.date, e.row) for e in register.events[5:7]] == [
        (dt.date(2026, 11, 14), 9),  # a serial number in a General cell
        (dt.date(2026, 11, 15), 10),  # a date cell formatted yyyy年m月d日
    ]
    assert [e.verified for e in register.events].count(False) == 1


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        # what the inspector typed (row 4)                                  the finding
        (
            {"date": "2026-09-30", "unit_code": "JG01", "item": "一般投诉", "verified": "是"},
            [("E_REGISTER_DATE", "A4", "JG01")],
        ),
        (
            {"date": "下周三", "unit_code": "JG01", "item": "一般投诉", "verified": "是"},
            [("E_REGISTER_DATE", "A4", "JG01")],
        ),
        (
            {"unit_code": "JG01", "item": "一般投诉", "verified": "是"},
            [("E_REGISTER_DATE", "A4", "JG01")],
        ),
        (
            {"date": "2026-11-03", "unit_code": "JG99", "item": "一般投诉", "verified": "是"},
            [("E_REGISTER_UNIT", "B4", None)],
        ),
        (
            {"date": "2026-11-03", "item": "一般投诉", "verified": "是"},
            [("E_REGISTER_UNIT", "B4", None)],
        ),
        (
            {"date": "2026-11-03", "unit_code": "JG01", "item": "制度诚信良好", "verified": "是"},
            [("E_REGISTER_ITEM", "C4", "JG01")],  # a 是/否 item of the scoring sheet
        ),
        (
            {"date": "2026-11-03", "unit_code": "JG01", "verified": "是"},
            [("E_REGISTER_ITEM", "C4", "JG01")],
        ),
        (
            {"date": "2026-11-03", "unit_code": "JG01", "item": "一般投诉"},
            [("W_REGISTER_UNVERIFIED", "G4", "JG01")],
        ),
        (
            {"date": "2026-11-03", "unit_code": "JG01", "item": "一般投诉", "verified": "待查"},
            [("E_BAD_CHOICE", "G4", "JG01")],
        ),
        (
            {"description": "只写了描述"},
            [
                ("E_REGISTER_DATE", "A4", None),
                ("E_REGISTER_UNIT", "B4", None),
                ("E_REGISTER_ITEM", "C4", None),
                ("W_REGISTER_UNVERIFIED", "G4", None),
            ],
        ),
    ],
)
def test_each_finding_names_the_row_and_cell(blanks, tmp_path, event, expected) -> None:
    sub = read(quarter(blanks, tmp_path / "in", [event]))
    assert _findings(sub) == expected
    assert all(i.file == str(tmp_path / "in" / REGISTER) for i in sub.issues)
    assert all(i.sheet == "检查记录台账" for i in sub.issues)
    assert sub.inspection_register is not None
    # a row with an error is no event; an unverified one is kept but does not count
    counted = [e for e in sub.inspection_register.events if e.verified]
    assert counted == []


def test_the_messages_say_what_and_where(blanks, tmp_path) -> None:
    events = [
        {"date": "2026-09-30", "unit_code": "JG01", "item": "一般投诉", "verified": "是"},
        {"date": "2026-11-03", "unit_code": "JG99", "item": "一般偏差", "verified": "是"},
        {"date": "2026.2.30", "unit_code": "JG02", "item": "一般投诉"},
    ]
    sub = read(quarter(blanks, tmp_path / "in", events))
    assert [(i.code, i.cell, i.text()) for i in sub.issues] == [
        (
            "E_REGISTER_DATE",
            "A4",
            "检查记录第 4 行的日期 2026-09-30 不在 2026Q4（2026-10-01 至 2026-12-31）内",
        ),
        ("E_REGISTER_UNIT", "B5", "检查记录第 5 行的单位编号“JG99”不在名单中"),
        ("E_REGISTER_ITEM", "C5", "检查记录第 5 行的考核项目“一般偏差”无法识别"),
        ("E_REGISTER_DATE", "A6", "检查记录第 6 行的日期“2026.2.30”无法识别"),
        (
            "W_REGISTER_UNVERIFIED",
            "G6",
            "检查记录第 6 行（JG02 一般投诉）没有填写“是否查实”，不计入考核",
        ),
    ]
    assert sub.issues[0].hint_text().startswith("日期写成 2026-11-3")
    assert sub.issues[1].text("en") == (
        "the unit code 'JG99' in row 5 of the register is not in the roster"
    )


def test_typed_counts_must_be_blank_or_the_registers(blanks, tmp_path) -> None:
    typed_rows = {
        "JG01": {"inspection_minor": 2, "inspection_major": 0},  # 2 = the register's; 0 != 1
        "JG02": {"complaint_general": "1", "leader_praise": 0},  # equal (text); 0 = none
        "JG03": {"leader_praise": 3},  # the register has 2
        "JG04": {"rectification_notice": "否"},  # the register has one: 是
        "JG05": {"discipline_breach": "是"},  # no event: 否
        "JG06": {"discipline_breach": "否", "survey_minor": "abc"},  # equal; an error of its own
    }
    path = quarter(blanks, tmp_path / "in", scoring=typed_rows)
    sub = read(path)
    combined = path / COMBINED
    assert _findings(sub, "E_COUNT_MISMATCH", "E_NOT_A_NUMBER") == [
        ("E_NOT_A_NUMBER", cell_of(combined, "scoring", "JG06", "survey_minor"), "JG06"),
        ("E_COUNT_MISMATCH", cell_of(combined, "scoring", "JG01", "inspection_major"), "JG01"),
        ("E_COUNT_MISMATCH", cell_of(combined, "scoring", "JG03", "leader_praise"), "JG03"),
        (
            "E_COUNT_MISMATCH",
            cell_of(combined, "scoring", "JG04", "rectification_notice"),
            "JG04",
        ),
        ("E_COUNT_MISMATCH", cell_of(combined, "scoring", "JG05", "discipline_breach"), "JG05"),
    ]
    texts = [i.text() for i in sub.issues if i.code == "E_COUNT_MISMATCH"]
    assert texts[1] == (
        "JG03（大楼保洁服务项目）的“领导表扬”填写为 3，但检查记录台账中查实的记录为 2 条"
    )
    assert texts[2] == (
        "JG04（机关食堂餐饮服务项目）的“整改通知书”填写为“否”，"
        "但检查记录台账中查实的记录为 1 条（有查实记录即为“是”）"
    )
    assert all(i.file == str(combined) for i in sub.issues if i.code == "E_COUNT_MISMATCH")


def test_without_a_register_typed_counts_are_the_counts(blanks, tmp_path) -> None:
    folder = quarter(blanks, tmp_path / "in")
    (folder / REGISTER).unlink()
    sub = read(folder)
    assert sub.inspection_register is None
    result = tally(sub, RULES)
    assert all(u.counts[c] == 0 for u in result.units for c in ITEMS if c in u.counts)
    assert not result.unit("JG04").disqualified_by


def test_two_registers_add_up_and_the_same_one_twice_counts_once(blanks, tmp_path) -> None:
    folder = quarter(blanks, tmp_path / "in")
    second = blank_register(tmp_path / "blank2")
    from redflag_xlsx.forms.filling import fill_register

    more = [{"date": "2026-12-03", "unit_code": "JG01", "item": "检查一般偏差", "verified": "是"}]
    fill_register(second, folder / "检查记录台账_2026Q4_二组.xlsx", events=more)
    shutil.copy(folder / REGISTER, folder / "检查记录台账_副本.xlsx")
    sub = read(folder)
    assert [(i.code, i.file) for i in sub.issues] == [
        ("W_DUPLICATE_IDENTICAL", str(folder / "检查记录台账_副本.xlsx"))
    ]
    result = tally(sub, RULES)
    assert (
        result.unit("JG01").counts["inspection_minor"]
        == hand_counts()["JG01", "inspection_minor"] + 1
    )
    assert sub.inspection_register is not None
    assert len(sub.inspection_register.files) == 2


def test_a_register_of_another_quarter_or_tampered_is_not_counted(blanks, tmp_path) -> None:
    folder = quarter(blanks, tmp_path / "in")
    edit_meta(folder / REGISTER, rater="JG01")  # the signature no longer fits
    other = blank_register(tmp_path / "q3", period="2026Q3")
    shutil.copy(other, folder / other.name)
    sub = read(folder)
    assert [(i.code, Path(i.file or "").name) for i in sub.issues] == [
        ("E_PERIOD_MISMATCH", "检查记录台账_2026Q3.xlsx"),
        ("E_SIGNATURE", REGISTER),
    ]
    assert sub.inspection_register is None


def test_a_changed_header_or_a_missing_sheet_is_a_structure_error(blanks, tmp_path) -> None:
    folder = quarter(blanks, tmp_path / "in")
    with open_workbook(folder / REGISTER) as wb:
        wb["检查记录台账"]["C3"].value = "项目"
    sub = read(folder)
    assert [(i.code, i.cell) for i in sub.issues] == [("E_STRUCTURE", "C3")]
    assert "列标题应为“考核项目”，现为“项目”" in sub.issues[0].text()
    assert sub.inspection_register is None  # nothing was read from it
    with open_workbook(folder / REGISTER) as wb:
        wb["检查记录台账"].title = "台账"
    sub = read(folder)
    assert [(i.code, i.text()) for i in sub.issues] == [
        ("E_STRUCTURE", "表格结构被改动：缺少工作表“检查记录台账”")
    ]


def test_a_register_alone_still_needs_the_scoring_sheet(tmp_path) -> None:
    from redflag_xlsx.forms.filling import fill_register

    path = fill_register(blank_register(tmp_path / "b"), tmp_path / "in" / REGISTER, events=typed())
    sub = read(path)
    assert "E_MISSING_SCORING" in [i.code for i in sub.issues]
    assert sub.period == "2026Q4" and sub.inspection_register is not None


def test_formulas_and_english_labels(blanks, tmp_path) -> None:
    events = [
        {
            "date": "=DATE(2026,11,3)",
            "unit_code": "JG01",
            "item": "inspection: minor deviation",
            "verified": "Yes",
        },
    ]
    sub = read(quarter(blanks, tmp_path / "in", events))
    # openpyxl stores no result for a formula: not a date (LibreOffice's copy has one)
    assert _findings(sub) == [("E_REGISTER_DATE", "A4", "JG01")]
    assert "=DATE(2026,11,3)" in sub.issues[0].text()


def test_the_scoring_rows_typed_keys(blanks, tmp_path) -> None:
    rows = scoring_without_register_items()
    sub = read(quarter(blanks, tmp_path / "in"))
    assert sorted(sub.scoring["JG01"].typed) == sorted(rows["JG01"])
    assert DATA["scoring"]["JG01"].keys() > set(rows["JG01"])


def test_annotated_copy_marks_the_registers_cells(blanks, tmp_path) -> None:
    from redflag_xlsx.intake.annotate import ANNOTATION_FILL, annotate

    events = [{"date": "2026-11-03", "unit_code": "JG99", "item": "一般投诉", "verified": "是"}]
    sub = read(quarter(blanks, tmp_path / "in", events))
    (copy,) = annotate(sub.issues, tmp_path / "退回修改")
    assert copy.name == REGISTER
    with open_workbook(copy, save=False) as wb:
        cell = wb["检查记录台账"]["B4"]
        assert cell.fill.fgColor.rgb == ANNOTATION_FILL
        assert "JG99" in cell.comment.text
    assert read(copy).inspection_register is not None  # still a register, still signed


def test_validate_prints_the_registers_findings(blanks, tmp_path, key_file) -> None:
    from click.testing import CliRunner

    import redflag_xlsx.cli
    from redflag_xlsx.cli import cli

    redflag_xlsx.cli._register()
    events = [{"date": "2026-11-03", "unit_code": "JG02", "item": "一般投诉"}]
    folder = quarter(blanks, tmp_path / "in", events)
    run = CliRunner().invoke(cli, ["validate", str(folder), "--key", str(key_file)])
    assert (run.exit_code, run.output) == (
        0,
        "已检查 2 个文件\n"
        f"文件“{folder / REGISTER}”\n"
        "  警告 W_REGISTER_UNVERIFIED 工作表“检查记录台账” 单元格 G4：检查记录第 4 行"
        "（JG02 一般投诉）没有填写“是否查实”，不计入考核\n"
        "    处理方法：经查实的填“是”（计入考核），未查实的填“否”\n"
        "共 0 个错误，1 个警告\n",
    )


def test_codes_that_differ_only_in_case_are_told_apart(tmp_path) -> None:
    """A roster may hold JG01 and jg01: each typed exactly is its own unit; typed in a third
    case it belongs to neither."""
    from redflag_xlsx.core.models import Register
    from redflag_xlsx.core.period import Period
    from redflag_xlsx.core.roster import Roster
    from redflag_xlsx.forms.filling import fill_register
    from redflag_xlsx.intake.register import add_register, read_register_sheet
    from redflag_xlsx.xlsx.cells import open_book

    base = Roster.sample()
    units = (*base.units, base.units[0].model_copy(update={"code": "jg01", "name": "小写单位"}))
    roster = Roster(units=units, leaders=base.leaders)
    typed_codes = ["JG01", "jg01", "Jg01"]
    events = [
        {"date": "2026-11-03", "unit_code": c, "item": "一般投诉", "verified": "是"}
        for c in typed_codes
    ]
    path = fill_register(blank_register(tmp_path, roster=roster), events=events)
    found = read_register_sheet(str(path), open_book(path.read_bytes()), "zh")
    register = Register()
    issues = add_register(register, str(path), found, roster, Period.parse("2026Q4"), RULES)
    assert [e.unit for e in register.events] == ["JG01", "jg01"]
    assert [(i.code, i.cell) for i in issues] == [("E_REGISTER_UNIT", "B6")]


def test_a_hidden_register_sheet_is_not_read(blanks, tmp_path) -> None:
    folder = quarter(blanks, tmp_path / "in")
    with open_workbook(folder / REGISTER) as wb:
        wb["检查记录台账"].sheet_state = "hidden"
    sub = read(folder)
    assert [(i.code, i.sheet) for i in sub.issues] == [("E_HIDDEN_SHEET", "检查记录台账")]
    assert sub.inspection_register is None


def test_merged_cells_over_events_are_an_error(blanks, tmp_path) -> None:
    folder = quarter(blanks, tmp_path / "in")
    with open_workbook(folder / REGISTER) as wb:
        wb["检查记录台账"].merge_cells("D5:D6")
    sub = read(folder)
    assert [(i.code, i.cell) for i in sub.issues] == [("E_MERGED_INPUT", "D5:D6")]
