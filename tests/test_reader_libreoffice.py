"""Filled forms re-saved by LibreOffice (as users' programs save them) read back identically.

All files are converted by one LibreOffice run (a module fixture), so the module costs one start.
"""

from __future__ import annotations

import pytest

from redflag_xlsx.xlsx.cells import open_book

import soffice
from fill import Formatted, cell_of, fill_combined
from readkit import DATA, build_blanks, merged, read, split_forms

pytestmark = pytest.mark.soffice  # every test here starts LibreOffice

HUMAN = {
    "peer": {"JG02": {"JG03": " 85 ", "JG04": "８５．５", "JG05": Formatted(0.955, "0.0%")}},
    "scoring": {
        "JG01": {"current": "95%", "management_good": "√"},
        "JG02": {"baseline": Formatted(0.9, "0%"), "rectification_notice": "N"},
    },
}
FORMULAS = {
    "leadership": {"LD01": {"JG02": "=80+5"}},
    "scoring": {"JG03": {"inspection_minor": "=1+1"}},
}


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    root = tmp_path_factory.mktemp("lo")
    blanks = build_blanks(root / "blank")
    human = fill_combined(blanks.combined, out=root / "in" / "human.xlsx", **merged(**HUMAN))
    formulas = fill_combined(
        blanks.combined, out=root / "in" / "formulas.xlsx", **merged(**FORMULAS)
    )
    forms = split_forms(blanks, root / "split")
    converted = soffice.convert_many([human, formulas, *forms], "xlsx", root / "lo")
    return {
        "human": (human, converted[0]),
        "formulas": (formulas, converted[1]),
        "split": (forms, converted[2:]),
    }


def content(sub):
    return (
        sub.period,
        sub.roster,
        {k: r.model_dump(exclude={"file", "sheet"}) for k, r in sub.scoring.items()},
        sub.peer,
        sub.leadership,
    )


def findings(sub):
    return [(i.code, i.sheet, i.cell, i.unit, i.rater, i.message) for i in sub.issues]


def test_a_filled_workbook_resaved_by_libreoffice_reads_back_identically(files):
    original, resaved = files["human"]
    book = open_book(resaved.read_bytes())
    assert book.sheet_parts["_meta"][0] == "hidden"  # LibreOffice un-very-hides it
    before, after = read(original), read(resaved)
    assert content(after) == content(before)
    assert findings(after) == findings(before)
    assert [i.code for i in before.issues] == ["W_TEXT_NUMBER"] * 3
    assert before.peer["JG02"]["JG05"] == 95.5
    assert before.scoring["JG02"].baseline == 90.0
    assert before.scoring["JG01"].current == 95.0


def test_split_forms_resaved_by_libreoffice_read_back_identically(files):
    original, resaved = files["split"]
    before, after = read(*original), read(*resaved)
    assert before.issues == [] and after.issues == []
    assert content(after) == content(before)
    assert after.peer["JG02"] == DATA["peer"]["JG02"]


def test_user_formulas_count_by_their_cached_result(files):
    original, resaved = files["formulas"]
    rating = cell_of(original, "leadership", "LD01", "JG02")
    count = cell_of(original, "scoring", "JG03", "inspection_minor")
    before = read(original)  # openpyxl wrote the formulas without a result
    assert [(i.code, i.cell) for i in before.issues] == [
        ("E_NOT_A_NUMBER", count),
        ("E_NOT_A_NUMBER", rating),
    ]
    assert "“=80+5”不是数字" in before.issues[1].message
    after = read(resaved)  # LibreOffice calculated and stored them
    assert [(i.code, i.cell) for i in after.issues] == [
        ("W_FORMULA_IN_INPUT", count),
        ("W_FORMULA_IN_INPUT", rating),
    ]
    assert after.issues[1].message == (
        "“对 JG02（大楼物业服务项目）的评分”中填写的是公式“=80+5”，按其计算结果“85”读取"
    )
    assert after.leadership["LD01"]["JG02"] == 85.0
    assert after.scoring["JG03"].counts["inspection_minor"] == 2.0
