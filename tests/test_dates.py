"""Dates as people type them into the inspection register (core/dates.py, SPEC 14)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from redflag_xlsx.core.dates import quarter_days, read_date
from redflag_xlsx.core.values import CellError

D = dt.date


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # what was typed (or what the cell holds)      the date meant, or the problem
        ("2026.11.3", D(2026, 11, 3)),
        ("2026/11/3", D(2026, 11, 3)),
        ("2026-11-03", D(2026, 11, 3)),
        ("2026年11月3日", D(2026, 11, 3)),
        ("2026 年 11 月 3 日", D(2026, 11, 3)),
        ("2026年11月3号", D(2026, 11, 3)),
        ("11月3日", D(2026, 11, 3)),  # the period's year
        ("11月3号", D(2026, 11, 3)),
        ("11/3", D(2026, 11, 3)),
        ("２０２６．１１．３", D(2026, 11, 3)),  # full-width digits and point
        ("２０２６年１１月３日", D(2026, 11, 3)),
        ("2026。11。3", D(2026, 11, 3)),  # the Chinese full stop of an input method
        ("20261103", D(2026, 11, 3)),
        (" 2026-11-03 14:30 ", D(2026, 11, 3)),  # a time after the date
        ("2026-11-03T14:30:05", D(2026, 11, 3)),
        (46329, D(2026, 11, 3)),  # an Excel serial in a General cell
        (46329.75, D(2026, 11, 3)),  # with a time of day
        (20261103, D(2026, 11, 3)),  # yyyymmdd typed as a number
        (dt.datetime(2026, 11, 3, 9, 30), D(2026, 11, 3)),  # a date cell
        (D(2026, 11, 3), D(2026, 11, 3)),
        (None, "blank"),
        ("  ", "blank"),
        ("2026.2.30", "not_a_date"),  # no such day
        ("2026.13.1", "not_a_date"),
        ("26.11.3", "not_a_date"),  # two-digit year: 1926 or 2026?
        ("11.3", "not_a_date"),  # 11 March? 3 November? a number?
        (11.3, "not_a_date"),  # serial 11: January 1900
        ("下周三", "not_a_date"),
        ("2026-11-03 下午", "not_a_date"),
        (True, "not_a_date"),
        (CellError("#VALUE!"), "not_a_date"),
        (float("nan"), "not_a_date"),
        (-5, "not_a_date"),
        (1e300, "not_a_date"),
        ("0800.1.1", "not_a_date"),
    ],
)
def test_typed_dates(raw: object, expected: object) -> None:
    reading = read_date(raw, period="2026Q4")
    if isinstance(expected, dt.date):
        assert (reading.value, reading.problem) == (expected, None)
    else:
        assert (reading.value, reading.problem) == (None, expected)


@pytest.mark.parametrize(
    ("raw", "outside"),
    [
        ("2026-09-30", D(2026, 9, 30)),  # the day before the quarter
        ("2027-01-01", D(2027, 1, 1)),  # the day after
        ("2025.11.3", D(2025, 11, 3)),  # last year's November
        ("3月1日", D(2026, 3, 1)),  # the period's year, another quarter
    ],
)
def test_a_date_outside_the_quarter_is_read_and_said_so(raw: str, outside: dt.date) -> None:
    reading = read_date(raw, period="2026Q4")
    assert (reading.value, reading.problem) == (outside, "outside")


def test_quarters_first_and_last_days() -> None:
    assert quarter_days("2026Q1") == (D(2026, 1, 1), D(2026, 3, 31))
    assert quarter_days("2024Q1") == (D(2024, 1, 1), D(2024, 3, 31))
    assert quarter_days("2026Q4") == (D(2026, 10, 1), D(2026, 12, 31))
    assert quarter_days("2026Q3") == (D(2026, 7, 1), D(2026, 9, 30))


def test_without_a_period_no_year_is_guessed_and_nothing_is_outside() -> None:
    assert read_date("11月3日").problem == "not_a_date"
    assert read_date("1999-01-01").value == D(1999, 1, 1)


def test_the_1904_date_system() -> None:
    assert read_date(44867, date1904=True).value == D(2026, 11, 3)


@given(st.dates(min_value=D(1950, 1, 1), max_value=D(9999, 12, 31)))
def test_every_way_of_writing_a_day_reads_back_as_that_day(day: dt.date) -> None:
    serial = (day - D(1899, 12, 30)).days
    for raw in (
        day,
        serial,
        day.isoformat(),
        f"{day.year}.{day.month}.{day.day}",
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
        f"{day.year}{day.month:02d}{day.day:02d}",
    ):
        assert read_date(raw).value == day, raw
