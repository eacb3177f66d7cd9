"""read_submissions: merging combined workbooks and split forms; raters twice, never, flat."""

from __future__ import annotations

import shutil

from redflag_xlsx.xlsx import layout

from fill import cell_of, fill_combined, fill_form
from readkit import COMBINED, DATA, ROSTER, filled, flat, read, split_forms


def peer_form(blanks, rater: str) -> str:
    return f"单位互评_2026Q4_{rater}.xlsx"


def test_two_different_forms_from_the_same_rater(blanks, tmp_path):
    split_forms(blanks, tmp_path / "in")
    second = tmp_path / "in" / "单位互评_2026Q4_JG02_副本.xlsx"  # read after the first
    changed = {**DATA["peer"]["JG02"], "JG05": 60}
    fill_form(blanks.split[peer_form(blanks, "JG02")], changed, out=second)
    sub = read(tmp_path / "in")
    first = tmp_path / "in" / peer_form(blanks, "JG02")
    assert [(i.code, i.file, i.cell, i.rater) for i in sub.issues] == [
        ("E_DUPLICATE", str(second), cell_of(second, "peer", "JG02", "JG05"), "JG02")
    ]  # the 评分 cell of JG05's row (format 2)
    assert sub.issues[0].message == (
        f"单位 JG02 的评分提交了两份且内容不同：另一份在文件“{first}”中"
        f"（对 JG05（大楼安保服务项目）的评分：此处为“60”，"
        f"另一份为“{DATA['peer']['JG02']['JG05']}”）"
    )
    assert sub.peer["JG02"] == DATA["peer"]["JG02"]  # the first one read is kept


def test_the_same_ratings_in_the_combined_workbook_and_a_split_form(blanks, tmp_path):
    path = filled(blanks, tmp_path / "in")
    form = fill_form(
        blanks.split["领导评议_2026Q4_LD03.xlsx"],
        DATA["leadership"]["LD03"],
        out=tmp_path / "in" / "领导评议_2026Q4_LD03.xlsx",
    )
    sub = read(tmp_path / "in")
    assert [(i.code, i.file, i.cell, i.rater) for i in sub.issues] == [
        ("W_DUPLICATE_IDENTICAL", str(form), layout.LIST_RATER_CELL, "LD03")
    ]
    assert str(path) in sub.issues[0].message
    assert sub.leadership["LD03"] == {u: float(v) for u, v in DATA["leadership"]["LD03"].items()}


def test_a_split_form_that_disagrees_with_the_combined_workbook(blanks, tmp_path):
    filled(blanks, tmp_path / "in")
    form = fill_form(
        blanks.split["领导评议_2026Q4_LD03.xlsx"],
        {**DATA["leadership"]["LD03"], "XZ02": None},
        out=tmp_path / "in" / "领导评议_2026Q4_LD03.xlsx",
    )
    sub = read(tmp_path / "in")
    assert [(i.code, i.file, i.cell) for i in sub.issues] == [
        ("E_DUPLICATE", str(form), cell_of(form, "leadership", "LD03", "XZ02"))
    ]
    assert "此处为“”" in sub.issues[0].message


def test_two_scoring_sheets(blanks, tmp_path):
    filled(blanks, tmp_path / "same")
    fill_form(
        blanks.split["服务质量考核_2026Q4.xlsx"],
        DATA["scoring"],
        out=tmp_path / "same" / "服务质量考核_2026Q4.xlsx",
    )
    sub = read(tmp_path / "same")
    assert [(i.code, i.sheet, i.cell) for i in sub.issues] == [
        ("W_DUPLICATE_IDENTICAL", "服务质量考核", None)
    ]
    assert sub.issues[0].message.startswith("工作表“服务质量考核”提交了两份，内容相同")

    # files are read in name order: 服务质量考核… before 红旗评选…, so the combined one differs
    combined = filled(blanks, tmp_path / "differ")
    fill_form(
        blanks.split["服务质量考核_2026Q4.xlsx"],
        {**DATA["scoring"], "JG06": {**DATA["scoring"]["JG06"], "leader_praise": 7}},
        out=tmp_path / "differ" / "服务质量考核_2026Q4.xlsx",
    )
    sub = read(tmp_path / "differ")
    cell = cell_of(combined, "scoring", "JG06", "leader_praise")
    assert [(i.code, i.file, i.cell, i.unit) for i in sub.issues] == [
        ("E_DUPLICATE", str(combined), cell, "JG06")
    ]
    praise = DATA["scoring"]["JG06"]["leader_praise"]
    assert f"（领导表扬：此处为“{praise}”，另一份为“7”）" in sub.issues[0].message
    assert sub.scoring["JG06"].counts["leader_praise"] == 7


def test_a_blank_combined_scoring_sheet_is_no_second_submission(blanks, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    fill_combined(blanks.combined, out=folder / COMBINED, peer=DATA["peer"])
    fill_form(
        blanks.split["服务质量考核_2026Q4.xlsx"], DATA["scoring"], out=folder / "服务质量考核.xlsx"
    )
    sub = read(folder)
    assert [i.code for i in sub.issues] == ["W_MISSING_RATER"] * len(ROSTER.leaders)
    assert sub.scoring["JG01"].file == str(folder / "服务质量考核.xlsx")


def test_a_rater_who_sent_nothing(blanks, tmp_path):
    data = {**DATA, "peer": {**DATA["peer"], "JG07": {u: None for u in DATA["peer"]["JG07"]}}}
    forms = split_forms(blanks, tmp_path / "in", data=data, skip=("领导评议_2026Q4_LD05",))
    jg07 = next(p for p in forms if p.name.endswith("_JG07.xlsx"))
    sub = read(tmp_path / "in")
    assert [(i.code, i.file, i.sheet, i.cell, i.rater) for i in sub.issues] == [
        ("W_MISSING_RATER", str(jg07), "单位互评", layout.LIST_RATER_CELL, "JG07"),
        ("W_MISSING_RATER", None, None, None, "LD05"),
    ]
    assert [i.message for i in sub.issues] == [
        "单位 JG07（会议服务项目）没有提交任何评分",
        "领导 LD05（陈明）没有提交任何评分",
    ]
    assert "JG07" not in sub.peer and "LD05" not in sub.leadership


def test_a_rater_who_gave_everyone_the_same_score(blanks, tmp_path):
    path = filled(blanks, tmp_path, leadership={"LD02": {u.code: 90 for u in ROSTER.units}})
    sub = read(path)
    assert [(i.code, i.cell, i.rater) for i in sub.issues] == [("W_RATER_FLAT", "A5", "LD02")]
    assert sub.issues[0].message == "领导 LD02（李红梅）给全部 12 个被评单位都打了 90 分"


def test_no_scoring_workbook(blanks, tmp_path):
    split_forms(blanks, tmp_path / "in", skip=("服务质量考核",))
    sub = read(tmp_path / "in", roster=ROSTER)  # format 2 rating forms carry no roster
    assert flat(sub) == [("E_MISSING_SCORING", None)]
    assert sub.scoring == {}
    assert sub.period == "2026Q4" and sub.roster == ROSTER
    (issue,) = read(tmp_path / "in").issues  # without --roster: no roster to check them against
    assert (issue.code, issue.text_key) == ("E_ROSTER_MISMATCH", "roster_unknown_listed")


def test_an_identical_copy_of_a_file_counts_once(blanks, tmp_path):
    path = filled(blanks, tmp_path / "a")
    copy = tmp_path / "b" / "copy.xlsx"
    copy.parent.mkdir()
    shutil.copy(path, copy)
    sub = read(path, copy)
    assert [(i.code, i.file) for i in sub.issues] == [("W_DUPLICATE_IDENTICAL", str(copy))]
    assert sub.issues[0].message.startswith("该文件提交了两份，内容相同")
    assert sub.files == [str(path), str(copy)]
    assert set(sub.fingerprints) == {str(path), str(copy)}
