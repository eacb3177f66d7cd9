"""read_submissions: changed layouts, missing or foreign _meta, other periods, rosters, keys."""

from __future__ import annotations

import shutil

import pytest

from redflag_xlsx.core.errors import InputError
from redflag_xlsx.core.roster import Roster
from redflag_xlsx.core.rules import Rules
from redflag_xlsx.forms.templates import build_templates

from fill import edit_meta, fill_combined, fill_form, open_workbook, remove_meta
from readkit import DATA, KEY, ROSTER, filled, flat, read, split_forms


def details(sub):
    return [(i.code, i.sheet, i.cell, i.message) for i in sub.issues]


# --- the layout ----------------------------------------------------------------------------
def test_a_deleted_unit_row(blanks, tmp_path):
    path = filled(blanks, tmp_path)
    with open_workbook(path) as wb:
        wb["服务质量考核"].delete_rows(6)  # JG03
    sub = read(path)
    assert details(sub) == [
        (
            "E_STRUCTURE",
            "服务质量考核",
            None,
            "表格结构被改动：缺少单位 JG03（大楼保洁服务项目）的行",
        )
    ]
    assert sub.issues[0].unit == "JG03"
    assert "JG03" not in sub.scoring and "JG04" in sub.scoring


def test_an_added_and_a_duplicated_unit_row(blanks, tmp_path):
    path = filled(blanks, tmp_path)
    with open_workbook(path) as wb:
        ws = wb["服务质量考核"]
        ws["A16"], ws["D16"] = "JG99", 1
        ws["A17"], ws["D17"] = "JG01", 2
    sub = read(path)
    assert flat(sub) == [("E_STRUCTURE", "A16"), ("E_STRUCTURE", "A17")]
    assert [i.message for i in sub.issues] == [
        "表格结构被改动：多出了编号为“JG99”的行（名单中没有）",
        "表格结构被改动：编号“JG01”的行出现了两次（第一次在第 4 行）",
    ]
    assert (
        sub.scoring["JG01"].counts["inspection_minor"]
        == DATA["scoring"]["JG01"]["inspection_minor"]
    )


def test_a_row_with_values_but_no_code(blanks, tmp_path):
    path = filled(blanks, tmp_path)
    with open_workbook(path) as wb:
        wb["单位互评"]["D17"] = 88
    assert flat(read(path)) == [("E_STRUCTURE", "A17")]


def test_a_renamed_an_added_and_a_duplicated_header(blanks, tmp_path):
    path = filled(blanks, tmp_path)
    with open_workbook(path) as wb:
        ws = wb["服务质量考核"]
        ws["E3"] = "较大偏差"  # was 检查较大偏差
        ws["Z3"] = "加分项"
        ws["AA3"] = "一般投诉"
    sub = read(path)
    assert details(sub) == [
        (
            "E_STRUCTURE",
            "服务质量考核",
            "E3",
            "表格结构被改动：列标题应为“检查较大偏差”，现为“较大偏差”",
        ),
        (
            "E_STRUCTURE",
            "服务质量考核",
            "Z3",
            "表格结构被改动：多出了列“加分项”（模板中没有这一列）",
        ),
        ("E_STRUCTURE", "服务质量考核", "AA3", "表格结构被改动：列“一般投诉”出现了两次"),
    ]


def test_a_deleted_column(blanks, tmp_path):
    path = filled(blanks, tmp_path)
    with open_workbook(path) as wb:
        wb["服务质量考核"].delete_cols(10)  # 一般投诉
    sub = read(path)
    assert details(sub) == [
        ("E_STRUCTURE", "服务质量考核", None, "表格结构被改动：缺少列“一般投诉”")
    ]
    # the other columns are still found by their header text
    assert sub.scoring["JG01"].current == DATA["scoring"]["JG01"]["current"]


def test_rating_sheet_rows_and_columns(blanks, tmp_path):
    path = filled(blanks, tmp_path)
    with open_workbook(path) as wb:
        wb["领导评议"].delete_rows(5)  # LD02
        ws = wb["单位互评"]
        ws.delete_cols(5)  # JG03
        ws["O3"], ws["O4"] = "JG09", 90
    sub = read(path)
    assert [(i.code, i.sheet, i.cell, i.unit, i.rater) for i in sub.issues] == [
        ("E_STRUCTURE", "单位互评", "O3", None, None),
        ("E_STRUCTURE", "单位互评", None, "JG03", None),
        ("E_STRUCTURE", "领导评议", None, None, "LD02"),
    ]
    assert [i.message for i in sub.issues] == [
        "表格结构被改动：多出了列“JG09”（模板中没有这一列）",
        "表格结构被改动：缺少列“JG03”",
        "表格结构被改动：缺少领导 LD02（李红梅）的行",
    ]


def test_a_missing_sheet_and_a_missing_header_row(blanks, tmp_path):
    path = filled(blanks, tmp_path)
    with open_workbook(path) as wb:
        del wb["领导评议"]
        wb["单位互评"]["A3"] = None
    sub = read(path)
    assert details(sub) == [
        (
            "E_STRUCTURE",
            "单位互评",
            None,
            "表格结构被改动：前 10 行中找不到表头行（第一个单元格为“评分单位编号”的行）",
        ),
        ("E_STRUCTURE", None, None, "表格结构被改动：缺少工作表“领导评议”"),
    ]
    assert (sub.peer, sub.leadership) == ({}, {})


def test_a_split_form_whose_row_code_was_edited(blanks, tmp_path):
    """A format 1 split form (one rater's row); format 2: test_format2."""
    from redflag_xlsx.forms.templates import build_templates

    from readkit import KEY

    (v1,) = build_templates(
        ROSTER, "2026Q4", tmp_path / "v1", key=KEY, only=["JG02"], format_version=1
    )
    path = fill_form(v1, DATA["peer"]["JG02"], out=tmp_path / "p.xlsx")
    with open_workbook(path) as wb:
        wb["单位互评"]["A4"] = "JG05"
    sub = read(path, roster=ROSTER)
    assert [(i.code, i.cell, i.message) for i in sub.issues if i.code == "E_STRUCTURE"] == [
        ("E_STRUCTURE", "A4", "表格结构被改动：这份表格属于 JG02，但行中的编号是“JG05”"),
        ("E_STRUCTURE", None, "表格结构被改动：缺少单位 JG02（大楼物业服务项目）的行"),
    ]


# --- _meta and identity --------------------------------------------------------------------
def test_meta_from_either_carrier(blanks, tmp_path):
    no_sheet = remove_meta(filled(blanks, tmp_path / "a"), sheet=True, props=False)
    no_props = remove_meta(filled(blanks, tmp_path / "b"), sheet=False, props=True)
    with open_workbook(no_props) as wb:
        wb["_meta"].sheet_state = "hidden"  # as LibreOffice saves it
    for path in (no_sheet, no_props):
        sub = read(path, roster=ROSTER)
        assert sub.issues == []
        assert sub.peer["JG02"]["JG03"] == DATA["peer"]["JG02"]["JG03"]


def test_without_meta_a_file_is_not_a_template(blanks, tmp_path):
    path = remove_meta(filled(blanks, tmp_path / "in"))
    sub = read(tmp_path / "in", *split_forms(blanks, tmp_path / "forms"))
    assert [(i.code, i.file) for i in sub.issues] == [("E_NOT_A_TEMPLATE", str(path))]
    assert (
        sub.issues[0].message == "该文件不是本程序生成的评选表格（缺少隐藏的 _meta 信息），"
        "不能用于汇总；请改交下发的表格"
    )


def test_unreadable_files(tmp_path):
    text = tmp_path / "notes.xlsx"
    text.write_text("这不是工作簿", encoding="utf-8")
    xls = tmp_path / "old.xls"
    xls.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 600)
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    missing = tmp_path / "missing.xlsx"
    sub = read(text, xls, empty, missing)
    assert [(i.code, i.file) for i in sub.issues if i.code == "E_UNREADABLE"] == [
        ("E_UNREADABLE", str(missing)),
        ("E_UNREADABLE", str(text)),
        ("E_UNREADABLE", str(xls)),
        ("E_UNREADABLE", str(empty)),
    ]
    assert sub.issues[0].message == "无法读取该文件：文件或文件夹不存在"
    assert all(i.message.startswith("无法读取该文件：") for i in sub.issues[:4])
    # no form read, no roster given: nothing about the quarter (no placeholder roster's raters)
    assert [i.code for i in sub.issues if i.code != "E_UNREADABLE"] == []


def test_a_folder_without_workbooks_is_an_input_error(tmp_path):
    (tmp_path / "readme.txt").write_text("x", encoding="utf-8")
    (tmp_path / "~$红旗评选_2026Q4.xlsx").write_bytes(b"lock")
    with pytest.raises(InputError, match=r"没有找到 \.xlsx 或 \.xlsm 工作簿"):
        read(tmp_path)


def test_folders_lock_files_and_recursion(blanks, tmp_path):
    top = filled(blanks, tmp_path / "in")
    (tmp_path / "in" / "~$红旗评选_2026Q4.xlsx").write_bytes(b"lock")
    deeper = tmp_path / "in" / "sub"
    shutil.copy(top, deeper.mkdir() or deeper / "copy.xlsx")
    assert read(tmp_path / "in").files == [str(top)]
    sub = read(tmp_path / "in", recursive=True)
    assert sub.files == [str(top), str(deeper / "copy.xlsx")]
    assert [(i.code, i.file) for i in sub.issues] == [
        ("W_DUPLICATE_IDENTICAL", str(deeper / "copy.xlsx"))
    ]


def test_another_format_version(blanks, tmp_path):
    path = edit_meta(filled(blanks, tmp_path), format_version="3")
    sub = read(path)
    assert flat(sub)[0] == ("E_FORMAT_VERSION", None)
    assert sub.issues[0].message == (
        "表格格式版本为“3”，本程序只能读取版本 1/2，不能用于汇总；请改交本季度下发的表格"
    )


def test_a_form_of_another_period(blanks, tmp_path):
    q3 = build_templates(ROSTER, "2026Q3", tmp_path / "q3", split=True, key=KEY)
    peer_q3 = fill_form(q3[2], DATA["peer"]["JG02"])
    path = filled(blanks, tmp_path / "in")
    sub = read(path, peer_q3)
    assert [(i.code, i.file, i.message) for i in sub.issues] == [
        (
            "E_PERIOD_MISMATCH",
            str(peer_q3),
            "该表格属于 2026Q3 期，本次评选为 2026Q4 期，不能用于本次汇总；请改交本季度的表格",
        )
    ]
    assert sub.period == "2026Q4"
    # --period decides: now the combined workbook is the foreign one
    sub = read(path, peer_q3, period="2026Q3")
    assert [(i.code, i.file) for i in sub.issues][:2] == [
        ("E_PERIOD_MISMATCH", str(path)),
        ("E_MISSING_SCORING", None),
    ]


def test_a_form_of_another_roster(blanks, tmp_path):
    other = Roster(units=ROSTER.units[:-1], leaders=ROSTER.leaders)
    forms = build_templates(other, "2026Q4", tmp_path / "old", split=True, key=KEY)
    stale = fill_form(forms[1], {"JG02": 90, "JG03": 80})
    path = filled(blanks, tmp_path / "in")
    sub = read(path, stale)
    assert [(i.code, i.file) for i in sub.issues] == [("E_ROSTER_MISMATCH", str(stale))]
    assert ROSTER.fingerprint[:12] in sub.issues[0].message
    # the roster given on the command line decides
    sub = read(path, stale, roster=other)
    assert [i.code for i in sub.issues][:1] == ["E_ROSTER_MISMATCH"]
    assert sub.issues[0].file == str(path)


def test_an_edited_rater_breaks_the_signature(blanks, tmp_path):
    forms = split_forms(blanks, tmp_path / "in")
    jg02 = next(p for p in forms if p.name.endswith("_JG02.xlsx"))
    edit_meta(jg02, rater="JG05")
    sub = read(tmp_path / "in")
    assert [(i.code, i.file) for i in sub.issues] == [
        ("E_SIGNATURE", str(jg02)),
        ("W_MISSING_RATER", None),
    ]
    assert sub.issues[1].rater == "JG02"
    assert "JG02" not in sub.peer


def test_a_wrong_key_and_no_key(blanks, tmp_path):
    path = filled(blanks, tmp_path)
    sub = read(path, key=b"another key")
    assert flat(sub) == [("E_SIGNATURE", None)]  # the only form refused: nothing else to say
    assert sub.peer == {}
    sub = read(path, key=None)  # no REDFLAG_SECRET, no .redflag-key here
    assert flat(sub) == [("W_UNSIGNED", None)]
    assert sub.issues[0].message.startswith("没有找到密钥")
    assert sub.peer["JG02"]


def test_a_key_from_the_environment(blanks, tmp_path, monkeypatch):
    path = filled(blanks, tmp_path)
    monkeypatch.setenv("REDFLAG_SECRET", KEY.decode())
    assert read(path, key=None).issues == []


def test_without_a_key_an_edited_rater_is_caught_by_the_roster(blanks, tmp_path):
    path = fill_form(
        blanks.split["单位互评_2026Q4_JG02.xlsx"], DATA["peer"]["JG02"], out=tmp_path / "p.xlsx"
    )
    edit_meta(path, rater="JG99")
    sub = read(path, key=None, roster=ROSTER)
    assert [(i.code, i.message) for i in sub.issues][:2] == [
        ("W_UNSIGNED", sub.issues[0].message),
        ("E_STRUCTURE", "表格结构被改动：这份表格的填表人“JG99”不在名单中"),
    ]


def test_english_forms_read_back(tmp_path):
    forms = build_templates(ROSTER, "2026Q4", tmp_path / "en", key=KEY, lang="en")
    path = fill_combined(forms[0], **DATA)
    sub = read(path)
    assert sub.issues == []
    assert sub.peer["JG02"]["JG03"] == DATA["peer"]["JG02"]["JG03"]
    assert sub.scoring["JG05"].current == DATA["scoring"]["JG05"]["current"]


def test_site_scope_rating_outside_the_site_is_dropped_with_a_warning(tmp_path):
    rules = Rules(peer_scope="site")
    forms = build_templates(ROSTER, "2026Q4", tmp_path / "site", key=KEY, rules=rules)
    from fill import complete

    data = complete(ROSTER, rules)
    data["peer"]["JG02"]["XZ01"] = 88
    path = fill_combined(forms[0], rules=rules, **data)
    from fill import cell_of

    sub = read(path, rules=rules)
    assert flat(sub) == [("W_OUT_OF_SCOPE", cell_of(path, "peer", "JG02", "XZ01"))]
    assert "XZ01" not in sub.peer["JG02"]
    assert sub.peer["JG02"]["JG03"] == data["peer"]["JG02"]["JG03"]


def test_a_roster_and_a_results_workbook_beside_the_forms_are_not_forms(blanks, tmp_path):
    from redflag_xlsx.core.scoring import tally
    from redflag_xlsx.forms.templates import write_roster_workbook
    from redflag_xlsx.results.writer import write_results

    path = filled(blanks, tmp_path / "in")
    write_roster_workbook(ROSTER, tmp_path / "in" / "roster.xlsx")
    write_roster_workbook(ROSTER, tmp_path / "in" / "roster-en.xlsx", lang="en")
    write_results(tally(read(path)), tmp_path / "in" / "红旗评选结果_2026Q4.xlsx")
    sub = read(tmp_path / "in")
    assert (sub.issues, sub.files) == ([], [str(path)])


def test_a_folder_holding_only_a_roster_is_an_input_error(tmp_path):
    from redflag_xlsx.forms.templates import write_roster_workbook

    write_roster_workbook(ROSTER, tmp_path / "roster.xlsx")
    with pytest.raises(InputError, match="没有找到"):
        read(tmp_path)


def test_a_form_resaved_as_xls_in_a_folder_is_reported_not_ignored(tmp_path) -> None:
    from pathlib import Path

    from redflag_xlsx.intake.reader import read_submissions

    folder = tmp_path / "回收"
    folder.mkdir()
    (folder / "单位互评_2026Q4_JG01.xls").write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)
    )
    (folder / "notes.txt").write_text("not a spreadsheet", encoding="utf-8")
    sub = read_submissions([folder])
    found = [(i.code, Path(i.file).name if i.file else None) for i in sub.issues]
    assert ("E_UNREADABLE", "单位互评_2026Q4_JG01.xls") in found
    assert all(name != "notes.txt" for _, name in found)
