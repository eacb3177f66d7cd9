"""Dates as people type them into the inspection register (SPEC 14).

    read_date("2026.11.3", year=2026)        -> DateReading(date(2026, 11, 3))
    read_date("１１月３日", year=2026)          -> DateReading(date(2026, 11, 3))
    read_date(46329, year=2026)              -> an Excel serial date: 2026-11-03

Accepted: a date cell (the cell reader gives a ``datetime``), an Excel serial number typed in a
cell without a date format, an 8-digit number ``20261103``, and text after NFKC (full-width
digits and punctuation are ASCII then): ``2026-11-03``, ``2026/11/3``, ``2026.11.3``,
``2026年11月3日`` (also ``号``), ``20261103``, a time after the date (``2026-11-03 14:30``),
and without a year ``11月3日`` or ``11/3``, which take the period's year.  A two-digit year
is refused (``26.11.3``: 1926 or 2026?), as is a day that does not exist (``2026.2.30``).
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from dataclasses import dataclass
from typing import Literal

from .period import Period
from .values import CellError, normalise_text

__all__ = ["DateProblem", "DateReading", "quarter_days", "read_date"]

DateProblem = Literal["blank", "not_a_date", "outside"]

# Excel's serial day 0 (the 1900 system: serials after 1900-02-28 count from here)
_EPOCH_1900 = _dt.date(1899, 12, 30)
_EPOCH_1904 = _dt.date(1904, 1, 1)
# Serials before this year are not taken as dates (11.3 typed in a date column is not the
# 11th of January 1900): an ordinary number, not a date someone meant.
_MIN_SERIAL_YEAR = 1950
_MAX_SERIAL = 2958465  # 9999-12-31

_TIME = r"(?:\s*[T ]\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2}(?:\.\d+)?)?)?"
_FULL = re.compile(
    r"^(\d{4})\s*(?:年|[-./])\s*(\d{1,2})\s*(?:月|[-./])\s*(\d{1,2})\s*(?:日|号)?" + _TIME + "$"
)
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_NO_YEAR = re.compile(r"^(\d{1,2})\s*(?:月\s*(\d{1,2})\s*(?:日|号)?|/\s*(\d{1,2}))$")


@dataclass(frozen=True)
class DateReading:
    """A date understood, or why not (``problem``; ``None`` when the date is fine)."""

    value: _dt.date | None = None
    problem: DateProblem | None = None


def quarter_days(period: Period | str) -> tuple[_dt.date, _dt.date]:
    """The first and the last day of a quarter."""
    p = Period.parse(period)
    first = _dt.date(p.year, 3 * p.quarter - 2, 1)
    nxt = p.next()
    return first, _dt.date(nxt.year, 3 * nxt.quarter - 2, 1) - _dt.timedelta(days=1)


@functools.lru_cache(maxsize=8)
def _days(period: str) -> tuple[_dt.date, _dt.date]:
    return quarter_days(period)  # once per period: a register has thousands of rows


def read_date(
    raw: object, *, period: Period | str | None = None, date1904: bool = False
) -> DateReading:
    """The date ``raw`` means; with ``period``, a date outside that quarter is ``outside`` and
    a date typed without a year takes the quarter's year."""
    year = Period.parse(period).year if period is not None else None
    day = _understand(raw, year, date1904)
    if isinstance(day, str):
        return DateReading(None, day)
    if period is not None:
        first, last = _days(str(period))
        if not first <= day <= last:
            return DateReading(day, "outside")
    return DateReading(day)


def _understand(raw: object, year: int | None, date1904: bool) -> _dt.date | DateProblem:
    if raw is None:
        return "blank"
    if isinstance(raw, _dt.datetime):
        return raw.date()
    if isinstance(raw, _dt.date):
        return raw
    if isinstance(raw, bool | CellError) or not isinstance(raw, int | float | str):
        return "not_a_date"
    if isinstance(raw, int | float):
        return _from_number(float(raw), date1904)
    text = normalise_text(raw).replace("。", ".")
    if not text:
        return "blank"
    for pattern in (_FULL, _COMPACT):
        match = pattern.match(text)
        if match:
            return _make(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    match = _NO_YEAR.match(text)
    if match and year is not None:
        return _make(year, int(match.group(1)), int(match.group(2) or match.group(3)))
    return "not_a_date"


def _from_number(x: float, date1904: bool) -> _dt.date | DateProblem:
    if x != x or x in (float("inf"), float("-inf")):
        return "not_a_date"
    if x.is_integer() and 19000101 <= x <= 99991231:  # 20261103 typed as a number
        n = int(x)
        return _make(n // 10000, n // 100 % 100, n % 100)
    if not 0 <= x <= _MAX_SERIAL:
        return "not_a_date"
    day = (_EPOCH_1904 if date1904 else _EPOCH_1900) + _dt.timedelta(days=int(x))
    return day if day.year >= _MIN_SERIAL_YEAR else "not_a_date"


def _make(year: int, month: int, day: int) -> _dt.date | DateProblem:
    if year < 1900:
        return "not_a_date"
    try:
        return _dt.date(year, month, day)
    except ValueError:  # 2026.2.30, month 13
        return "not_a_date"
