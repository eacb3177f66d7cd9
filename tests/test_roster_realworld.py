"""Roster workbooks as users and other programs leave them (init's roster.xlsx, then edited)."""

from __future__ import annotations

import re

from readkit import DATA, KEY, read
from xlsxedit import edit_parts, sheet_parts

from redflag_xlsx.roster import Roster
from redflag_xlsx.templates import build_templates, write_roster_workbook

from fill import fill_combined

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


def test_codes_typed_full_width_or_with_invisible_characters_are_plain_codes(tmp_path):
    # A Chinese input method in full-width mode types "ＪＧ０１"; a code copied from a web page
    # may carry a zero-width space.  The forms read codes after NFKC, so the roster must too,
    # or every row of every form built from it is "not in the roster".
    units = [u.model_dump() for u in SAMPLE.units]
    units[0]["code"] = "ＪＧ０１"
    units[1]["code"] = "JG02\u200b"
    leaders = [ld.model_dump() for ld in SAMPLE.leaders]
    leaders[0]["code"] = "ＬＤ０１ "
    typed = Roster.from_mapping({"units": units, "leaders": leaders})
    assert typed == SAMPLE
    forms = build_templates(typed, "2026Q4", tmp_path, key=KEY)
    fill_combined(forms[0], **DATA)
    assert read(forms[0]).issues == []
