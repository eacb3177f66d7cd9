"""Roster workbooks as users and other programs leave them (init's roster.xlsx, then edited)."""

from __future__ import annotations

import re

import openpyxl
import pytest

from redflag_xlsx.core.errors import ConfigError
from redflag_xlsx.core.roster import Roster
from redflag_xlsx.forms.templates import build_templates, write_roster_workbook

from fill import fill_combined
from readkit import DATA, KEY, read
from xlsxedit import edit_parts, sheet_parts

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


def test_a_title_row_above_the_header_and_spaces_in_sheet_names(tmp_path):
    # Clerks put a title above a table ("2026年第四季度被考核单位名单") and type sheet names and
    # headers with stray or full-width characters; every unit and leader is still read.
    wb = openpyxl.Workbook()
    units = wb.active
    units.title = "被考核单位 "
    units.append(["2026年第四季度被考核单位名单"])
    units.append([])
    units.append(["编号", "名称 ", "场所", "服务类别", "承包单位", "备注"])
    for u in SAMPLE.units:
        units.append([u.code, u.name, u.site, u.category, u.contractor, "说明"])
    leaders = wb.create_sheet("评议领导")
    leaders.append(["评议领导名单"])
    leaders.append(["Ｃｏｄｅ", "姓名", "职务"])
    for ld in SAMPLE.leaders:
        leaders.append([ld.code, ld.name, ld.title])
    wb.save(tmp_path / "roster.xlsx")
    assert Roster.load(tmp_path / "roster.xlsx") == SAMPLE

    leaders.delete_rows(2)  # no header row at all: the message says where it was looked for
    wb.save(tmp_path / "no-header.xlsx")
    with pytest.raises(ConfigError) as info:
        Roster.load(tmp_path / "no-header.xlsx")
    assert str(info.value) == (
        f"{tmp_path / 'no-header.xlsx'}：工作表“评议领导”的前 10 行中找不到表头（缺少“编号”）"
    )


def test_the_forms_header_texts_are_accepted_too(tmp_path):
    # A clerk who builds the roster by hand may copy the forms' headers (单位编号, 领导姓名, ...).
    wb = openpyxl.Workbook()
    units = wb.active
    units.title = "被考核单位"
    units.append(["单位编号", "单位名称", "场所", "服务类别", "承包单位"])
    for u in SAMPLE.units:
        units.append([u.code, u.name, u.site, u.category, u.contractor])
    leaders = wb.create_sheet("评议领导")
    leaders.append(["Leader code", "领导姓名", "职务"])
    for ld in SAMPLE.leaders:
        leaders.append([ld.code, ld.name, ld.title])
    wb.save(tmp_path / "roster.xlsx")
    assert Roster.load(tmp_path / "roster.xlsx") == SAMPLE


@pytest.mark.parametrize(
    "damage",
    [
        lambda xml: xml.replace('r="A2"', 'r="2A"', 1),  # a bad cell reference
        lambda xml: xml.replace("</sheetData>", "<row></sheetData>"),  # not well-formed
        lambda xml: re.sub(r'<c r="A2".*?</c>', '<c r="A2" t="s"><v>999</v></c>', xml, count=1),
    ],
)
def test_a_damaged_roster_sheet_is_a_clear_error_not_a_crash(tmp_path, damage):
    path = write_roster_workbook(SAMPLE, tmp_path / "roster.xlsx")
    edited = edit_parts(path, tmp_path / "名单.xlsx", {sheet_parts(path)["被考核单位"]: damage})
    with pytest.raises(ConfigError) as info:
        Roster.load(edited)
    assert str(info.value).startswith(f"{edited}：无法读取：")
