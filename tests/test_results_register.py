"""扣分依据 in the results workbook (results/register.py, SPEC 14): every verified event with
its points, and 服务质量明细's register counts as live formulas over it.  (LibreOffice
recalculates them in test_results_recalc.py.)"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from redflag_xlsx.core.models import Register
from redflag_xlsx.core.register import register_items
from redflag_xlsx.core.scoring import Result
from redflag_xlsx.results.writer import write_results
from redflag_xlsx.xlsx import layout

from scenarios import scenario

QUALITY, EVIDENCE = "服务质量明细", "扣分依据"


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict[str, tuple[Path, Result]]:
    out = tmp_path_factory.mktemp("written")
    done = {}
    for name in ("register", "register_codes", "sample"):
        result = scenario(name).tally()
        done[name] = (write_results(result, out / f"{name}.xlsx"), result)
    return done


def _rows(ws) -> list[list[object]]:
    return [
        [c.value for c in row]
        for row in ws.iter_rows(min_row=layout.FIRST_DATA_ROW)
        if any(c.value is not None for c in row)
    ]


def test_the_sheet_follows_the_quality_detail_only_with_a_register(written) -> None:
    with_register = openpyxl.load_workbook(written["register"][0]).sheetnames
    assert with_register[:3] == ["汇总", QUALITY, EVIDENCE]
    assert with_register[3:] == [layout.results_sheet_name(s) for s in layout.RESULTS_SHEETS[2:]]
    without = openpyxl.load_workbook(written["sample"][0]).sheetnames
    assert without == [layout.results_sheet_name(s) for s in layout.RESULTS_SHEETS]


def test_every_verified_event_with_its_points_by_unit_then_date(written) -> None:
    path, result = written["register"]
    wb = openpyxl.load_workbook(path, data_only=True)
    ws = wb[EVIDENCE]
    assert [c.value for c in ws[layout.HEADER_ROW]] == [
        "日期",
        "单位编号",
        "单位名称",
        "考核项目",
        "分值",
        "情形描述",
        "依据编号",
        "检查人",
        "来源",
    ]
    register = result.submission.inspection_register  # type: ignore[union-attr]
    assert register is not None
    from redflag_xlsx.cli.tables import rank_order

    order = {  # the units as every per-unit sheet lists them: by site, by rank within a site
        code: i
        for i, code in enumerate(
            u.code
            for site in result.roster.sites
            for u in sorted((u for u in result.units if u.site == site), key=rank_order)
        )
    }
    verified = sorted(register.verified(), key=lambda e: (order[e.unit], e.date))
    labels = {i.code: i.label_zh for i in register_items(result.rules)}
    points = {i.code: i.points for i in register_items(result.rules)}
    names = {u.code: u.name for u in result.roster.units}
    expected = [
        [
            dt.datetime.combine(e.date, dt.time()),
            e.unit,
            names[e.unit],
            labels[e.item],
            "取消资格" if points[e.item] is None else points[e.item],
            e.description or None,
            e.evidence,
            e.inspector,
            f"检查记录台账_2026Q4.xlsx 第 {e.row} 行",
        ]
        for e in verified
    ]
    assert _rows(ws) == expected
    assert len(register.events) > len(verified) > 40  # unverified events are not listed
    # the description "=1+1" stays text; the points read 规则
    typed = openpyxl.load_workbook(path)[EVIDENCE]
    formulas = {c.value for c in typed["E"][layout.FIRST_DATA_ROW - 1 :] if c.data_type == "f"}
    assert formulas and all(f.startswith("='规则'!$B$") for f in formulas)
    assert "=1+1" in [c.value for c in typed["F"]]


def test_the_counts_are_countifs_over_the_evidence(written) -> None:
    path, result = written["register"]
    wb = openpyxl.load_workbook(path)
    ws = wb[QUALITY]
    cols = {c.key: i for i, c in enumerate(layout.quality_detail_columns(result.rules))}
    n = sum(1 for _ in result.submission.inspection_register.verified())  # type: ignore[union-attr]
    last = layout.FIRST_DATA_ROW + n - 1
    row = layout.FIRST_DATA_ROW
    letter = openpyxl.utils.get_column_letter
    for item in register_items(result.rules):
        col = letter(cols[item.code] + 1)
        count = f"COUNTIFS('扣分依据'!$B$4:$B${last},$A{row},'扣分依据'!$D$4:$D${last},{col}$3)"
        expected = f"=IF({count}>0,1,0)" if item.flag else f"={count}"
        assert ws[f"{col}{row}"].value == expected, item.code
    # the 是/否 item stays a number typed on the scoring sheet
    good = letter(cols["management_good"] + 1)
    assert isinstance(ws[f"{good}{row}"].value, int | float)


def test_codes_countifs_would_misread_are_compared_exactly(written) -> None:
    path, result = written["register_codes"]
    ws = openpyxl.load_workbook(path)[QUALITY]
    cols = {c.key: i for i, c in enumerate(layout.quality_detail_columns(result.rules))}
    cell = ws.cell(layout.FIRST_DATA_ROW, cols["inspection_minor"] + 1).value
    assert cell.startswith("=SUMPRODUCT(EXACT('扣分依据'!$B$4:$B$")


def test_an_empty_register_lists_nothing_and_counts_zero(tmp_path) -> None:
    sc = scenario("disqualified")
    sub = sc.submission.model_copy(update={"inspection_register": Register(files=["r.xlsx"])})
    from redflag_xlsx.core.scoring import tally

    result = tally(sub, sc.rules)
    wb = openpyxl.load_workbook(write_results(result, tmp_path))
    assert _rows(wb[EVIDENCE]) == [["检查记录台账中没有查实的记录", *[None] * 8]]
    quality = wb[QUALITY]
    cols = {c.key: i for i, c in enumerate(layout.quality_detail_columns(result.rules))}
    formula = quality.cell(layout.FIRST_DATA_ROW, cols["complaint_major"] + 1).value
    assert "'扣分依据'!$B$4:$B$4" in formula
    values = openpyxl.load_workbook(write_results(result, tmp_path / "v"), data_only=True)
    assert values[QUALITY].cell(layout.FIRST_DATA_ROW, cols["complaint_major"] + 1).value == 0


def test_in_english(tmp_path) -> None:
    result = scenario("register").tally()
    wb = openpyxl.load_workbook(write_results(result, tmp_path, lang="en"))
    assert wb.sheetnames[2] == "Evidence"
    ws = wb["Evidence"]
    assert [c.value for c in ws[layout.HEADER_ROW]][:5] == [
        "Date",
        "Unit code",
        "Unit name",
        "Item",
        "Points",
    ]
    labels = {i.label_en for i in register_items(result.rules)}
    assert {r[3] for r in _rows(ws)} <= labels


def test_a_source_file_name_that_is_not_utf8_is_shown_escaped(tmp_path) -> None:
    sc = scenario("register")
    register = sc.submission.inspection_register
    assert register is not None
    odd = "检查记录台账\udcff.xlsx"  # a name whose bytes were not UTF-8 (surrogateescape)
    events = [e.model_copy(update={"file": odd}) for e in register.events]
    sub = sc.submission.model_copy(
        update={"inspection_register": register.model_copy(update={"events": events})}
    )
    from redflag_xlsx.core.scoring import tally

    path = write_results(tally(sub, sc.rules), tmp_path)
    sources = {r[8] for r in _rows(openpyxl.load_workbook(path)[EVIDENCE])}
    assert sources and all(s.startswith("检查记录台账\\xff.xlsx 第 ") for s in sources)
