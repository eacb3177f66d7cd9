"""Turning what a person typed into a cell into the number or choice they meant (SPEC 5).

The reader hands each input cell's value here: a number, a text, a boolean, a date (a number
shown with a date format), a :class:`CellError` (``#DIV/0!``) or ``None`` (blank).  The result
is a :class:`Reading`: the value understood (or ``None``) and the findings about it as
``(code, params)`` pairs; the reader adds file, sheet, cell and the column's name.

Text is read after Unicode NFKC normalisation and trimming, so "８５．５" is 85.5 and " 85 " is
85 (both with ``W_TEXT_NUMBER``); "95%" is 95 where a percentage makes sense (rates and
ratings), and so is 0.95 in a cell formatted as a percentage.  "85分" is not a number.
"""

from __future__ import annotations

import datetime as _dt
import functools
import math
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .messages import Msg
from .rounding import to_15_digits

__all__ = [
    "MAX_COUNT",
    "CellError",
    "Finding",
    "Reading",
    "display",
    "normalise_text",
    "read_count",
    "read_flag",
    "read_rate",
    "read_rating",
    "read_text",
]

# (issue code, message parameters); the parameters go to Issue.make as keywords
Finding = tuple[str, dict[str, Any]]


class CellError(str):
    """A spreadsheet error value stored in a cell, such as ``#DIV/0!`` or ``#N/A``."""


@dataclass
class Reading:
    """What a cell was understood to hold, and what is wrong with it."""

    value: float | bool | str | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(code.startswith("E_") for code, _ in self.findings)


# Characters that NFKC leaves alone but a person means as nothing or as a minus sign.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_MINUS = {ord("\u2212"): "-", ord("\u2013"): "-"}
_NUMBER = re.compile(r"^([+-]?)\s*(\d+(?:\.\d*)?|\.\d+)\s*(%?)$")

# The largest count of one quality item in one quarter: far above any real one, low enough that
# no score can lose precision or overflow (a count of 10**18 would make Q a meaningless number).
MAX_COUNT = 9999

_YES = frozenset({"是", "y", "yes", "1", "√", "✓", "✔", "true"})
_NO = frozenset({"否", "n", "no", "0", "×", "✗", "✘", "false"})


# Pure and called for every cell of every form, on texts and numbers that repeat (unit names,
# sites, ratings such as 85.5): cached.
_CACHED = functools.lru_cache(maxsize=1 << 16)


@_CACHED
def normalise_text(text: str) -> str:
    """NFKC, invisible characters removed, trimmed (inner runs of spaces kept as typed)."""
    return unicodedata.normalize("NFKC", text).translate(_INVISIBLE).translate(_MINUS).strip()


def display(value: object) -> str:
    """A cell value as a person would recognise it in a message."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float | int):
        try:
            return _number_text(float(value))
        except OverflowError:  # an integer beyond any float
            return _shown(str(value))
    if isinstance(value, _dt.datetime):
        if value.time() == _dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, _dt.date | _dt.time):
        return value.isoformat()
    return str(value).strip()


@_CACHED
def _number_text(x: float) -> str:
    if not math.isfinite(x):
        return "NaN" if x != x else ("-INF" if x < 0 else "INF")
    if abs(x) >= 1e15:  # a huge number: shown as 1E+18, not as eighteen digits
        return f"{x:.15G}".replace("E+0", "E+")
    d = to_15_digits(x).normalize()
    text = format(d, "f")
    return "0" if text in ("-0", "") else text


@_CACHED
def _clean_number(x: float) -> float:
    """The double as Excel sees it (15 significant digits), so 0.1+0.2 reads as 0.3."""
    return float(to_15_digits(x)) + 0.0


def _percent_of(x: float) -> float:
    """``x`` shown as a percentage: 0.955 in a 0% cell is 95.5, without binary noise."""
    return float(to_15_digits(x) * Decimal(100)) + 0.0


def _number(raw: object, *, percent_ok: bool, percent_format: bool) -> Reading:
    """Any number a person could mean; no range checks."""
    if raw is None:
        return Reading(None)
    if isinstance(raw, CellError) or isinstance(raw, bool):
        return Reading(None, [("E_NOT_A_NUMBER", {"value": display(raw)})])
    if isinstance(raw, _dt.date | _dt.time | _dt.timedelta):
        return Reading(None, [("E_NOT_A_NUMBER", {"value": display(raw)})])
    if isinstance(raw, int | float):
        try:
            x = float(raw)
        except OverflowError:  # an integer beyond any float
            return Reading(None, [("E_NOT_A_NUMBER", {"value": _shown(str(raw))})])
        if not math.isfinite(x):
            return Reading(None, [("E_NOT_A_NUMBER", {"value": display(raw)})])
        x = _percent_of(x) if percent_ok and percent_format else _clean_number(x)
        if not math.isfinite(x):  # 1.5e308 shown as a percentage
            return Reading(None, [("E_NOT_A_NUMBER", {"value": display(raw)})])
        return Reading(x)
    # "。" is the full stop a Chinese input method types for "." ("85。5" is 85.5)
    text = normalise_text(str(raw)).replace("。", ".")
    if not text:
        return Reading(None)
    match = _NUMBER.match(text)
    if not match or (match.group(3) and not percent_ok):
        return Reading(None, [("E_NOT_A_NUMBER", {"value": _shown(str(raw).strip())})])
    sign, digits, _percent = match.groups()
    x = float(Decimal(sign + digits))
    if not math.isfinite(x):  # hundreds of digits
        return Reading(None, [("E_NOT_A_NUMBER", {"value": _shown(str(raw).strip())})])
    x = _clean_number(x)
    shown = _shown(str(raw).strip())
    return Reading(x, [("W_TEXT_NUMBER", {"value": shown, "number": _number_text(x)})])


def _shown(text: str, limit: int = 40) -> str:
    """A typed value as a message quotes it: at most ``limit`` characters."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _ranged(
    raw: object,
    *,
    expected_key: str,
    low: float,
    high: float | None,
    integer: bool,
    percent_ok: bool,
    percent_format: bool,
) -> Reading:
    expected = Msg(expected_key)
    reading = _number(raw, percent_ok=percent_ok, percent_format=percent_format)
    for _code, params in reading.findings:
        params["expected"] = expected
    x = reading.value
    if not isinstance(x, float):
        return reading
    shown = _number_text(x)
    if x < low or (high is not None and x > high):
        reading.findings.append(("E_OUT_OF_RANGE", {"value": shown, "expected": expected}))
        reading.value = None
    elif integer and not x.is_integer():
        reading.findings.append(("E_NOT_INTEGER", {"value": shown, "expected": expected}))
        reading.value = None
    return reading


def read_count(raw: object, *, percent_format: bool = False) -> Reading:
    """A count: a whole number from 0 to :data:`MAX_COUNT`; blank is 0.  (A percentage format
    is ignored.)"""
    reading = _ranged(
        raw,
        expected_key="expect_count",
        low=0,
        high=MAX_COUNT,
        integer=True,
        percent_ok=False,
        percent_format=False,
    )
    if reading.value is None and reading.ok:
        reading.value = 0.0
    return reading


def read_rate(raw: object, *, percent_format: bool = False) -> Reading:
    """A satisfaction rate in percent, 0-100 ("95%", or 0.95 shown as 95%, is 95); blank: None.

    A rate above 0 and at most 1 that was not shown or typed as a percentage (0.955 pasted
    as a value, without its percent format) is kept, with ``W_RATE_FRACTION``: it is a valid
    rate, but a satisfaction of 0.955% is far less likely than 95.5%."""
    reading = _percentage(raw, "expect_rate", percent_format)
    x = reading.value
    typed_percent = isinstance(raw, str) and "%" in normalise_text(raw)
    if isinstance(x, float) and 0 < x <= 1 and not (percent_format or typed_percent):
        shown, meant = _number_text(x), _number_text(_percent_of(x))
        reading.findings.append(("W_RATE_FRACTION", {"value": shown, "percent": meant}))
    return reading


def read_rating(raw: object, *, percent_format: bool = False) -> Reading:
    """A rating, any decimal 0-100, not rounded; blank is a missing rating (None)."""
    if (type(raw) is float or type(raw) is int) and not percent_format:
        # most ratings: a plain number in range, read as _percentage reads it, without its
        # messages made ready (hundreds of thousands of cells in a large quarter)
        try:
            x = _clean_number(float(raw))
        except (OverflowError, ValueError):
            x = math.nan
        if 0 <= x <= 100:
            return Reading(x)
    return _percentage(raw, "expect_rating", percent_format)


def _percentage(raw: object, expected_key: str, percent_format: bool) -> Reading:
    """Any decimal 0-100, which may be typed or shown as a percentage ("95%" is 95)."""
    return _ranged(
        raw,
        expected_key=expected_key,
        low=0,
        high=100,
        integer=False,
        percent_ok=True,
        percent_format=percent_format,
    )


def read_flag(raw: object, *, percent_format: bool = False) -> Reading:
    """是/否 (also Y/N, yes/no, 1/0, √/×, TRUE/FALSE); blank is 否."""
    expected = Msg("expect_flag")
    if raw is None:
        return Reading(False)
    if isinstance(raw, bool):
        return Reading(raw)
    if isinstance(raw, int | float) and not isinstance(raw, CellError):
        if float(raw) in (0.0, 1.0):
            return Reading(float(raw) == 1.0)
        return Reading(None, [("E_BAD_CHOICE", {"value": display(raw), "expected": expected})])
    if isinstance(raw, str) and not isinstance(raw, CellError):
        text = normalise_text(raw).casefold()
        if not text:
            return Reading(False)
        if text in _YES:
            return Reading(True)
        if text in _NO:
            return Reading(False)
        match = _NUMBER.match(text)  # "1.0" typed as text
        if match and not match.group(3) and float(match.group(1) + match.group(2)) in (0, 1):
            return Reading(float(match.group(1) + match.group(2)) == 1)
    return Reading(None, [("E_BAD_CHOICE", {"value": display(raw), "expected": expected})])


def read_text(raw: object, *, percent_format: bool = False) -> Reading:
    """Free text (备注), kept as typed apart from trimming; an error value is kept as its text."""
    if raw is None:
        return Reading("")
    if isinstance(raw, str):
        return Reading(raw.strip())
    return Reading(display(raw))
