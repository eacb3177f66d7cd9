"""values.py: what a person typed, read as they meant it (SPEC 5), without any workbook."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from redflag_xlsx.core.values import (
    CellError,
    display,
    normalise_text,
    read_count,
    read_flag,
    read_rate,
    read_rating,
    read_text,
)


def codes(reading):
    return [code for code, _params in reading.findings]


# raw value typed, percent format?, value understood, finding codes
RATINGS = [
    (85, False, 85.0, []),
    (85.5, False, 85.5, []),
    (0, False, 0.0, []),
    (100, False, 100.0, []),
    ("85", False, 85.0, ["W_TEXT_NUMBER"]),
    (" 85 ", False, 85.0, ["W_TEXT_NUMBER"]),
    ("８５", False, 85.0, ["W_TEXT_NUMBER"]),
    ("８５．５", False, 85.5, ["W_TEXT_NUMBER"]),
    ("\u00a085\u200b", False, 85.0, ["W_TEXT_NUMBER"]),
    ("+85", False, 85.0, ["W_TEXT_NUMBER"]),
    ("95%", False, 95.0, ["W_TEXT_NUMBER"]),
    ("９５％", False, 95.0, ["W_TEXT_NUMBER"]),
    (0.95, True, 95.0, []),
    (0.855, True, 85.5, []),
    (1, True, 100.0, []),
    (0.1 + 0.2, False, 0.3, []),
    (None, False, None, []),
    ("", False, None, []),
    ("   ", False, None, []),
    (101, False, None, ["E_OUT_OF_RANGE"]),
    (-1, False, None, ["E_OUT_OF_RANGE"]),
    ("101", False, None, ["W_TEXT_NUMBER", "E_OUT_OF_RANGE"]),
    (1.5, True, None, ["E_OUT_OF_RANGE"]),
    ("85分", False, None, ["E_NOT_A_NUMBER"]),
    ("abc", False, None, ["E_NOT_A_NUMBER"]),
    ("八十五", False, None, ["E_NOT_A_NUMBER"]),
    ("1e2", False, None, ["E_NOT_A_NUMBER"]),
    ("1,000", False, None, ["E_NOT_A_NUMBER"]),
    ("90,5", False, None, ["E_NOT_A_NUMBER"]),  # 90.5 or 905? a comma is never read
    ("９０，５", False, None, ["E_NOT_A_NUMBER"]),
    ("85。5", False, 85.5, ["W_TEXT_NUMBER"]),  # a Chinese input method's full stop
    ("85｡5", False, 85.5, ["W_TEXT_NUMBER"]),
    ("85。", False, 85.0, ["W_TEXT_NUMBER"]),
    ("8。5。1", False, None, ["E_NOT_A_NUMBER"]),
    ("nan", False, None, ["E_NOT_A_NUMBER"]),
    ("8 5", False, None, ["E_NOT_A_NUMBER"]),
    (True, False, None, ["E_NOT_A_NUMBER"]),
    (CellError("#DIV/0!"), False, None, ["E_NOT_A_NUMBER"]),
    (dt.datetime(2026, 8, 5), False, None, ["E_NOT_A_NUMBER"]),
]


@pytest.mark.parametrize(("raw", "percent", "value", "found"), RATINGS)
def test_rating(raw, percent, value, found):
    reading = read_rating(raw, percent_format=percent)
    assert (reading.value, codes(reading)) == (value, found)
    assert reading.ok == (not any(c.startswith("E_") for c in found))


@pytest.mark.parametrize(
    ("raw", "value", "found"),
    [
        (None, 0.0, []),
        ("", 0.0, []),
        (0, 0.0, []),
        (3, 3.0, []),
        (2.0, 2.0, []),
        ("2", 2.0, ["W_TEXT_NUMBER"]),
        ("２", 2.0, ["W_TEXT_NUMBER"]),
        ("2.0", 2.0, ["W_TEXT_NUMBER"]),
        (-1, None, ["E_OUT_OF_RANGE"]),
        (-1.5, None, ["E_OUT_OF_RANGE"]),
        (1.5, None, ["E_NOT_INTEGER"]),
        ("1.5", None, ["W_TEXT_NUMBER", "E_NOT_INTEGER"]),
        ("2次", None, ["E_NOT_A_NUMBER"]),
        ("50%", None, ["E_NOT_A_NUMBER"]),  # a count is no percentage
        (False, None, ["E_NOT_A_NUMBER"]),
    ],
)
def test_count(raw, value, found):
    reading = read_count(raw)
    assert (reading.value, codes(reading)) == (value, found)


def test_count_ignores_a_percent_format():
    assert read_count(1, percent_format=True).value == 1.0


@pytest.mark.parametrize(
    ("raw", "percent", "value", "found"),
    [
        (95, False, 95.0, []),
        (95.5, False, 95.5, []),
        (0.95, True, 95.0, []),
        ("95%", False, 95.0, ["W_TEXT_NUMBER"]),
        ("95.5 %", False, 95.5, ["W_TEXT_NUMBER"]),
        (None, False, None, []),
        (100.5, False, None, ["E_OUT_OF_RANGE"]),
        ("95分", False, None, ["E_NOT_A_NUMBER"]),
        # a fraction pasted without its percent format: kept, but 0.955 looks like 95.5%
        (0.955, False, 0.955, ["W_RATE_FRACTION"]),
        (1, False, 1.0, ["W_RATE_FRACTION"]),
        ("0.9", False, 0.9, ["W_TEXT_NUMBER", "W_RATE_FRACTION"]),
        ("0.9%", False, 0.9, ["W_TEXT_NUMBER"]),
        (0, False, 0.0, []),
        (1.5, False, 1.5, []),
    ],
)
def test_rate(raw, percent, value, found):
    reading = read_rate(raw, percent_format=percent)
    assert (reading.value, codes(reading)) == (value, found)


YES = [
    "是",
    "Y",
    "y",
    "yes",
    "YES",
    "Yes",
    1,
    1.0,
    "1",
    "１",
    "1.0",
    "√",
    "✓",
    True,
    "TRUE",
    " 是 ",
]
NO = ["否", "N", "n", "no", "NO", "No", 0, 0.0, "0", "０", "×", "✗", False, "false", "", None]


@pytest.mark.parametrize("raw", YES)
def test_flag_yes(raw):
    assert (read_flag(raw).value, read_flag(raw).findings) == (True, [])


@pytest.mark.parametrize("raw", NO)
def test_flag_no(raw):
    assert (read_flag(raw).value, read_flag(raw).findings) == (False, [])


@pytest.mark.parametrize("raw", ["maybe", 2, "2", "x", "是的", 0.5, CellError("#N/A")])
def test_flag_bad_choice(raw):
    reading = read_flag(raw)
    assert (reading.value, codes(reading)) == (None, ["E_BAD_CHOICE"])


def test_findings_name_the_value_and_what_was_expected():
    (code, params), *_ = read_rating("85分").findings
    assert (params["value"], params["expected"].render("zh")) == ("85分", "0 到 100 之间的分数")
    (code, params), *_ = read_count(1.5).findings
    assert (params["value"], params["expected"].render("en")) == (
        "1.5",
        "a whole number from 0 to 9999 (a count)",
    )
    (code, params), *_ = read_rating(" ８５ ").findings
    assert (code, params["value"], params["number"]) == ("W_TEXT_NUMBER", "８５", "85")


def test_text_and_display():
    assert read_text("  好  ").value == "好"
    assert read_text(None).value == ""
    assert read_text(12).value == "12"
    assert display(85.0) == "85"
    assert display(0.1 + 0.2) == "0.3"
    assert display(dt.datetime(2026, 8, 5)) == "2026-08-05"
    assert display(True) == "TRUE"
    assert normalise_text("\ufeff８５．５\u3000") == "85.5"


@given(st.decimals(min_value=0, max_value=100, places=2, allow_nan=False))
def test_any_decimal_typed_as_text_reads_as_that_number(d):
    text = format(d, "f")
    reading = read_rating(text)
    assert reading.value == float(text)
    assert codes(reading) == ["W_TEXT_NUMBER"]


@given(st.floats(min_value=0, max_value=1, allow_nan=False))
def test_a_percent_cell_reads_as_the_percentage_shown(x):
    reading = read_rating(x, percent_format=True)
    assert reading.value is not None
    assert abs(reading.value - 100 * x) < 1e-9


@given(
    st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(-(10**400), 10**400),
        st.floats(min_value=-1, max_value=101),
    ),
    st.booleans(),
)
def test_read_rating_fast_path_reads_as_percentage(raw, percent_format):
    """read_rating's shortcut for a plain number in range gives what the full reading gives."""
    from redflag_xlsx.core.values import _percentage

    fast = read_rating(raw, percent_format=percent_format)
    full = _percentage(raw, "expect_rating", percent_format)
    assert repr(fast.value) == repr(full.value)
    assert repr(fast.findings) == repr(full.findings)
