"""read_submissions: real templates, filled as people fill them, read back cell by cell (SPEC 5).

Every finding code of SPEC 5 that belongs to reading is produced here from a real template.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from fill import Formatted, cell_of, fill_combined
from readkit import COMBINED, DATA, ROSTER, filled, flat, read, split_forms


# --- a clean quarter -----------------------------------------------------------------------
def test_complete_combined_workbook_reads_back_exactly(blanks, tmp_path):
    path = filled(blanks, tmp_path)
    sub = read(path)
    assert sub.issues == []
    assert sub.period == "2026Q4"
    assert sub.roster == ROSTER
    assert sub.files == [str(path)]
    assert sub.fingerprints == {str(path): hashlib.sha256(path.read_bytes()).hexdigest()}
    assert sub.peer == {r: {u: float(v) for u, v in row.items()} for r, row in DATA["peer"].items()}
    assert sub.leadership == {
        r: {u: float(v) for u, v in row.items()} for r, row in DATA["leadership"].items()
    }
    for code, row in DATA["scoring"].items():
        got = sub.scoring[code]
        assert got.baseline == row["baseline"]
        assert got.current == row["current"]
        assert got.counts["inspection_minor"] == row["inspection_minor"]
        assert got.counts["management_good"] == (1.0 if row["management_good"] == "是" else 0.0)
        assert got.flags == {"discipline_breach": False, "rectification_notice": False}
        assert (got.file, got.sheet) == (str(path), "服务质量考核")
    assert sub.scoring["JG01"].cells["inspection_minor"] == "D4"
    assert sub.scoring["XZ04"].cells["remark"] == "X15"


def test_split_forms_read_back_like_the_combined_workbook(blanks, tmp_path):
    split_forms(blanks, tmp_path / "forms")
    sub = read(tmp_path / "forms")
    assert sub.issues == []
    assert len(sub.files) == 1 + len(ROSTER.units) + len(ROSTER.leaders)
    ref = read(filled(blanks, tmp_path / "c"))
    assert sub.peer == ref.peer
    assert sub.leadership == ref.leadership
    assert {k: (r.counts, r.flags, r.baseline, r.current) for k, r in sub.scoring.items()} == {
        k: (r.counts, r.flags, r.baseline, r.current) for k, r in ref.scoring.items()
    }


def test_combined_scoring_plus_split_rating_forms(blanks, tmp_path):
    """The clerk fills the combined workbook's scoring sheet; the ratings come on split forms.
    The combined workbook's blank rating grids are no second submission."""
    folder = tmp_path / "in"
    folder.mkdir()
    fill_combined(blanks.combined, out=folder / COMBINED, scoring=DATA["scoring"])
    split_forms(blanks, folder, skip=("服务质量考核",))
    sub = read(folder)
    assert sub.issues == []
    assert sub.peer["JG02"]["JG03"] == DATA["peer"]["JG02"]["JG03"]


def test_progress_is_reported_per_file(blanks, tmp_path):
    forms = split_forms(blanks, tmp_path / "forms", skip=("单位互评",))
    calls = []
    read(tmp_path / "forms", progress=lambda done, total, file: calls.append((done, total, file)))
    assert [c[:2] for c in calls] == [(i, len(forms)) for i in range(1, len(forms) + 1)]
    assert sorted(Path(c[2]).name for c in calls) == sorted(p.name for p in forms)


SHEET_NAMES = {"peer": "单位互评", "leadership": "领导评议", "scoring": "服务质量考核"}


# --- one wrong cell each -------------------------------------------------------------------
# sheet, row code, column key, value typed, expected code
CELL_CASES = [
    ("peer", "JG02", "JG03", 101, "E_OUT_OF_RANGE"),
    ("peer", "JG02", "JG03", -0.5, "E_OUT_OF_RANGE"),
    ("leadership", "LD01", "XZ04", 100.01, "E_OUT_OF_RANGE"),
    ("scoring", "JG01", "inspection_minor", -1, "E_OUT_OF_RANGE"),
    ("scoring", "JG05", "current", 101, "E_OUT_OF_RANGE"),
    ("scoring", "JG03", "complaint_general", 1.5, "E_NOT_INTEGER"),
    ("peer", "XZ01", "JG01", "abc", "E_NOT_A_NUMBER"),
    ("scoring", "XZ02", "current", "85分", "E_NOT_A_NUMBER"),
    ("leadership", "LD03", "JG02", "=80+5", "E_NOT_A_NUMBER"),  # a formula with no result
    ("scoring", "JG02", "management_good", "可能", "E_BAD_CHOICE"),
    ("scoring", "JG02", "rectification_notice", 2, "E_BAD_CHOICE"),
    ("peer", "JG04", "JG04", 90, "E_SELF_RATING"),
    ("peer", "XZ03", "XZ03", "abc", "E_SELF_RATING"),
]


@pytest.mark.parametrize(("sheet", "code", "key", "value", "expected"), CELL_CASES)
def test_one_wrong_cell(blanks, tmp_path, sheet, code, key, value, expected):
    path = filled(blanks, tmp_path, **{sheet: {code: {key: value}}})
    sub = read(path)
    cell = cell_of(path, sheet, code, key)
    assert flat(sub) == [(expected, cell)]
    issue = sub.issues[0]
    assert (issue.file, issue.sheet) == (str(path), SHEET_NAMES[sheet])
    if sheet == "scoring":
        assert (issue.unit, issue.rater) == (code, None)
    else:
        assert (issue.rater, issue.unit) == (code, key)
    assert str(value).lstrip("=") in issue.message
    assert issue.hint
    # the bad value is not counted
    if sheet == "scoring":
        row = sub.scoring[code]
        assert key not in row.counts and key not in row.flags and getattr(row, key, None) is None
    else:
        assert key not in getattr(sub, sheet)[code]


def test_messages_name_the_value_the_column_and_what_was_expected(blanks, tmp_path):
    path = filled(
        blanks, tmp_path, peer={"JG02": {"JG03": 101}}, scoring={"XZ02": {"current": "85分"}}
    )
    zh = read(path)
    assert [i.message for i in zh.issues] == [
        "“本期满意率(%)”中的“85分”不是数字；应填写 0 到 100 之间的百分数（如 95 表示 95%）",
        "“对 JG03（大楼保洁服务项目）的评分”中的 101 超出范围；应填写 0 到 100 之间的分数",
    ]
    assert [i.text("en") for i in zh.issues] == [
        "'85分' under 'Satisfaction this quarter (%)' is not a number; expected a percentage "
        "from 0 to 100 (95 means 95%)",
        "101 under 'rating of JG03 (大楼保洁服务项目)' is out of range; "
        "expected a score from 0 to 100",
    ]
    assert zh.issues[0].location("en") == f"file '{path}' sheet '服务质量考核' cell O13"


# --- human input ---------------------------------------------------------------------------
def test_numbers_typed_as_people_type_them(blanks, tmp_path):
    typed = {  # rated unit -> (typed, read as)
        "JG01": ("85", 85.0),
        "JG03": (" 85 ", 85.0),
        "JG04": ("８５", 85.0),
        "JG05": ("８５．５", 85.5),
        "JG06": ("95%", 95.0),
        "JG07": (Formatted(0.95, "0%"), 95.0),
        "JG08": (Formatted(0.875, "0.0%"), 87.5),
        "XZ01": (77.25, 77.25),
    }
    rates = {
        "JG01": ("95%", 95.0),
        "JG02": (Formatted(0.955, "0.0%"), 95.5),
        "JG03": ("９６", 96.0),
        "JG04": (" 90.5 ", 90.5),
    }
    path = filled(
        blanks,
        tmp_path,
        peer={"JG02": {u: v for u, (v, _x) in typed.items()}},
        scoring={u: {"current": v} for u, (v, _x) in rates.items()},
    )
    sub = read(path)
    for unit, (_v, expected) in typed.items():
        assert sub.peer["JG02"][unit] == expected
    for unit, (_v, expected) in rates.items():
        assert sub.scoring[unit].current == expected
    text = [c for c, (v, _x) in typed.items() if isinstance(v, str)]
    text_rates = [c for c, (v, _x) in rates.items() if isinstance(v, str)]
    assert flat(sub) == [
        *[("W_TEXT_NUMBER", cell_of(path, "scoring", u, "current")) for u in text_rates],
        *[("W_TEXT_NUMBER", cell_of(path, "peer", "JG02", u)) for u in text],
    ]


YES_NO = [
    ("是", 1.0), ("否", 0.0), ("Y", 1.0), ("N", 0.0), ("yes", 1.0), ("no", 0.0), ("Yes", 1.0),
    ("No", 0.0), (1, 1.0), (0, 0.0), ("1", 1.0), ("0", 0.0), ("√", 1.0), ("×", 0.0),
    (None, 0.0), (True, 1.0),
]  # fmt: skip


def test_yes_no_typed_as_people_type_them(blanks, tmp_path):
    units = [u.code for u in ROSTER.units]
    first, second = YES_NO[: len(units)], YES_NO[len(units) :]
    scoring = {u: {"management_good": typed} for u, (typed, _x) in zip(units, first, strict=False)}
    for u, (typed, _x) in zip(units, second, strict=False):
        scoring[u]["rectification_notice"] = typed
    path = filled(blanks, tmp_path, scoring=scoring)
    sub = read(path)
    assert sub.issues == []
    for u, (_typed, expected) in zip(units, first, strict=False):
        assert sub.scoring[u].counts["management_good"] == expected, u
    for u, (_typed, expected) in zip(units, second, strict=False):
        assert sub.scoring[u].flags["rectification_notice"] is bool(expected), u


def test_blank_counts_are_zero_blank_flags_no_blank_ratings_missing(blanks, tmp_path):
    blank_row = {k: None for k in DATA["scoring"]["JG01"]}
    path = filled(blanks, tmp_path, scoring={"JG01": blank_row}, peer={"JG02": {"JG03": None}})
    sub = read(path)
    # a blank rating in a row that has others is named (SPEC 5, v2), and counts as missing
    assert flat(sub) == [("W_RATING_BLANK", cell_of(path, "peer", "JG02", "JG03"))]
    assert (sub.issues[0].rater, sub.issues[0].unit) == ("JG02", "JG03")
    row = sub.scoring["JG01"]
    assert set(row.counts.values()) == {0.0}
    assert row.flags == {"discipline_breach": False, "rectification_notice": False}
    assert (row.baseline, row.current, row.remark) == (None, None, "")
    assert "JG03" not in sub.peer["JG02"]


def test_a_date_in_a_rating_cell_is_not_a_number(blanks, tmp_path):
    import datetime as dt

    path = filled(
        blanks, tmp_path, peer={"JG02": {"JG03": Formatted(dt.datetime(2026, 8, 5), "yyyy-mm-dd")}}
    )
    sub = read(path)
    assert flat(sub) == [("E_NOT_A_NUMBER", cell_of(path, "peer", "JG02", "JG03"))]
    assert "2026-08-05" in sub.issues[0].message
