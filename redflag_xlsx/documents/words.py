"""The words of the documents: the quarter, dates, scores and money as people write them.

Pure functions, no I/O::

    quarter_words("2026Q4")          # '2026年第四季度'   (English: 'Q4 2026')
    date_text(date(2027, 1, 5))      # '2027年1月5日'     (English: '2027-01-05')
    objection_end(date(2027, 1, 5), 5)  # date(2027, 1, 10): calendar days, not working days
    yuan_capitals(3800)              # '叁仟捌佰元整'
    yuan_figures(3800)               # '3,800.00'

Money is rounded to the fen (分) half away from zero, as a spreadsheet's ROUND does, and written
in capitals (大写) by ``cn2an``, which follows the People's Bank's rules for cheques and vouchers
(零 for inner zeros, 壹拾 for a leading ten, 元整 after whole yuan, 元零X分 when the 角 is zero).
"""

from __future__ import annotations

import datetime as _dt
import math
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from ..core.i18n import t
from ..core.period import Period

__all__ = [
    "MAX_YUAN",
    "count_text",
    "date_text",
    "objection_end",
    "points_text",
    "quarter_words",
    "score_text",
    "to_fen",
    "yuan_capitals",
    "yuan_figures",
]

MAX_YUAN = Decimal(10) ** 16  # 大写 goes up to 仟万亿 (16 digits before the point)
_FEN = Decimal("0.01")


def quarter_words(period: Period | str, lang: str | None = None) -> str:
    """``2026Q4`` as ``2026年第四季度`` (English ``Q4 2026``)."""
    p = Period.parse(period)
    numerals = t("doc_quarter_numerals", lang)
    return t("doc_quarter", lang, year=p.year, quarter=numerals[p.quarter - 1])


def date_text(day: _dt.date, lang: str | None = None) -> str:
    """``2027年1月5日`` (English: ISO ``2027-01-05``, which no reader misreads)."""
    return t("doc_date", lang, year=day.year, month=day.month, day=day.day)


def objection_end(day: _dt.date, days: int) -> _dt.date:
    """The last day of the objection period: ``days`` calendar days after the 公示 date (the
    day of posting counts as day 0: it is rarely a whole day).  Calendar days, not working
    days: the tool knows no holiday calendar, so the office sets ``days`` to cover weekends."""
    if days < 1:
        raise ValueError(f"days must be at least 1, not {days}")
    return day + _dt.timedelta(days=days)


def to_fen(amount: float | int | Decimal | str) -> Decimal:
    """``amount`` in yuan, rounded to the fen half away from zero (``1.005`` -> ``1.01``; a
    float is taken at its shortest repr, as a spreadsheet shows it).  Negative, non-finite and
    too large amounts raise ``ValueError``."""
    if isinstance(amount, bool):
        raise ValueError(f"not an amount: {amount!r}")
    if isinstance(amount, float):
        if not math.isfinite(amount):
            raise ValueError(f"not an amount: {amount!r}")
        value = Decimal(repr(amount))
    else:
        try:
            value = Decimal(str(amount).strip())
        except InvalidOperation:
            raise ValueError(f"not an amount: {amount!r}") from None
        if not value.is_finite():
            raise ValueError(f"not an amount: {amount!r}")
    fen = value.quantize(_FEN, rounding=ROUND_HALF_UP)
    if fen < 0:
        raise ValueError(f"a negative amount has no capitals: {amount!r}")
    if fen >= MAX_YUAN:
        raise ValueError(f"amount too large for capitals (max 16 digits): {amount!r}")
    return fen + 0  # no negative zero


def yuan_capitals(amount: float | int | Decimal | str) -> str:
    """The amount in Chinese capitals (大写) as on a voucher: ``600`` -> ``陆佰元整``,
    ``107000.53`` -> ``壹拾万柒仟元伍角叁分``, ``16409.02`` -> ``壹万陆仟肆佰零玖元零贰分``,
    ``0`` -> ``零元整``.  The same in every language (it is the legal form of the amount)."""
    import cn2an

    fen = to_fen(amount)
    text = f"{fen:f}" if fen % 1 else f"{int(fen)}"  # cn2an reads ≤ 2 decimals exactly
    return str(cn2an.an2cn(text, "rmb"))


def yuan_figures(amount: float | int | Decimal | str) -> str:
    """The amount in figures with thousands separators and fen: ``3,800.00``."""
    return f"{to_fen(amount):,.2f}"


def score_text(value: float | None) -> str:
    """A score with two decimals (``97.35``); a missing score as a dash."""
    return "—" if value is None else f"{value:.2f}"


def count_text(value: float) -> str:
    """A count as typed: ``2``, or ``1.5`` when someone typed a fraction."""
    return str(int(value)) if float(value).is_integer() else f"{value:.15g}"


def points_text(value: float) -> str:
    """Points with their sign: ``+10``, ``-5``, ``0``, ``+2.5`` (at most 2 decimals)."""
    body = f"{abs(value):.2f}".rstrip("0").rstrip(".")
    if body == "0":
        return "0"
    return ("+" if value > 0 else "-") + body
