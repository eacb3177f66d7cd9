"""Roster workbooks as users and other programs leave them (init's roster.xlsx, then edited)."""

from __future__ import annotations

import re

from xlsxedit import edit_parts, sheet_parts

from redflag_xlsx.roster import Roster
from redflag_xlsx.templates import write_roster_workbook

SAMPLE = Roster.sample()


def test_a_wrong_dimension_loses_no_row(tmp_path):
    # <dimension> is a hint some generators get wrong; openpyxl's read-only mode trusted it and
    # silently dropped the units below row 5 (and every leader with "A1").
    path = write_roster_workbook(SAMPLE, tmp_path / "roster.xlsx")
    parts = sheet_parts(path)

    def dimension(ref: str):
        return lambda xml: re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="{ref}"', xml)

    edited = edit_parts(
        path,
        tmp_path / "dimension.xlsx",
        {parts["被考核单位"]: dimension("A1:E5"), parts["评议领导"]: dimension("A1")},
    )
    assert Roster.load(edited) == SAMPLE
