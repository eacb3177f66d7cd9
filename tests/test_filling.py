"""The programmatic filler used by demo and tests types values where a person would."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from redflag_xlsx.core.roster import Roster
from redflag_xlsx.core.rules import Rules
from redflag_xlsx.forms.filling import fill_workbook
from redflag_xlsx.forms.templates import build_templates
from redflag_xlsx.xlsx import layout


def test_fill_combined_and_split(tmp_path: Path) -> None:
    roster = Roster.sample()
    combined = build_templates(roster, "2026Q4", tmp_path / "c")[0]
    before = combined.read_bytes()
    out = fill_workbook(
        combined,
        tmp_path / "filled.xlsx",
        scoring={"JG02": {"survey_major": 2, "current": 91.5, "rectification_notice": "是"}},
        peer={"XZ01": {"JG02": 88.5}},
        leadership={"LD02": {"XZ04": 77}},
    )
    assert combined.read_bytes() == before  # the form itself is untouched
    wb = openpyxl.load_workbook(out)
    cols = layout.scoring_columns(Rules.default())
    col_of = {c.key: i + 1 for i, c in enumerate(cols)}
    ws = wb[layout.sheet_name("scoring")]
    row = layout.FIRST_DATA_ROW + 1  # JG02 is the second unit
    assert ws.cell(row, 1).value == "JG02"
    assert ws.cell(row, col_of["survey_major"]).value == 2
    assert ws.cell(row, col_of["current"]).value == 91.5
    assert ws.cell(row, col_of["rectification_notice"]).value == "是"
    peer = wb[layout.sheet_name("peer")]
    xz01_row = layout.FIRST_DATA_ROW + 8
    assert peer.cell(xz01_row, 1).value == "XZ01"
    header = [c.value for c in peer[layout.HEADER_ROW]]
    assert peer.cell(xz01_row, header.index("JG02") + 1).value == 88.5

    # a split peer form (format 2) is one rater's: values for other raters are ignored, the
    # rating of a unit goes into the 评分 cell of that unit's row
    split = build_templates(roster, "2026Q4", tmp_path / "s", split=True)
    form = next(p for p in split if p.name == "单位互评_2026Q4_XZ01.xlsx")
    out = fill_workbook(form, tmp_path / "p.xlsx", peer={"XZ01": {"JG03": 90}, "JG01": {"JG03": 1}})
    ws = openpyxl.load_workbook(out)[layout.sheet_name("peer")]
    rows = {ws.cell(r, 1).value: r for r in range(layout.FIRST_DATA_ROW, ws.max_row + 1)}
    assert ws.cell(rows["JG03"], 4).value == 90
    assert [ws.cell(r, 4).value for r in rows.values() if r != rows["JG03"]] == [None] * (
        len(rows) - 1
    )

    # a format 1 split form (last quarter's layout) holds one row
    split = build_templates(roster, "2026Q4", tmp_path / "s1", split=True, format_version=1)
    form = next(p for p in split if p.name == "单位互评_2026Q4_XZ01.xlsx")
    out = fill_workbook(
        form, tmp_path / "p1.xlsx", peer={"XZ01": {"JG03": 90}, "JG01": {"JG03": 1}}
    )
    ws = openpyxl.load_workbook(out)[layout.sheet_name("peer")]
    header = [c.value for c in ws[layout.HEADER_ROW]]
    assert ws.cell(layout.FIRST_DATA_ROW, header.index("JG03") + 1).value == 90
    assert [c.value for c in ws[layout.FIRST_DATA_ROW + 1]] == [None] * ws.max_column  # one row
