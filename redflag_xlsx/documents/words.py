"""The words of the documents: the quarter, dates, scores and money as people write them.

Pure functions, no I/O::

    quarter_words("2026Q4")          # '2026年第四季度'   (English: 'Q4 2026')
    date_text(date(2027, 1, 5))      # '2027年1月5日'     (English: '2027-01-05')
    objection_end(date(2027, 1, 5), 5)  # date(2027, 1, 10): calendar days, not working days
    yuan_capitals(3800)              # '叁仟捌佰元整'
    yuan_figures(3800)               # '3,800.00'

Money is rounded to the fen (分) half away from zero, as a spreadsheet's ROUND does, and written
in capitals (大写) by the People's Bank's rules for cheques and vouchers (零 for inner zeros,
壹拾 for a leading ten, 元整 after whole yuan, 元零X分 when the 角 is zero), exactly as
``cn2an``'s ``rmb`` mode writes them: the tests compare the two on hundreds of thousands of
amounts.  (cn2an itself costs 0.3 s to import, a sixth of a small quarter's whole ``tally``;
docs/documents.md.)
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


_DIGITS = "零壹贰叁肆伍陆柒捌玖"


def yuan_capitals(amount: float | int | Decimal | str) -> str:
    """The amount in Chinese capitals (大写) as on a voucher: ``600`` -> ``陆佰元整``,
    ``107000.53`` -> ``壹拾万柒仟元伍角叁分``, ``16409.02`` -> ``壹万陆仟肆佰零玖元零贰分``,
    ``0.5`` -> ``伍角``, ``0`` -> ``零元整``.  The same in every language (it is the legal
    form of the amount)."""
    yuan, fen = divmod(int(to_fen(amount) * 100), 100)
    jiao, fen = divmod(fen, 10)
    if yuan == 0 and jiao == 0 and fen == 0:
        return "零元整"
    text = _integer_capitals(yuan) + "元" if yuan else ""
    if jiao == 0 and fen == 0:
        return text + "整"
    if jiao:
        text += _DIGITS[jiao] + "角"
    elif yuan:
        text += "零"  # 壹元零伍分
    return text + (_DIGITS[fen] + "分" if fen else "")


def _integer_capitals(n: int, pad: bool = False) -> str:
    """``n`` > 0 in capitals, by groups of 亿 and 万; ``pad``: a higher group precedes, so
    leading zeros say 零 (壹亿零壹万)."""
    if n >= 10**8:
        high, low = divmod(n, 10**8)
        return _integer_capitals(high, pad) + "亿" + (_below_yi(low, True) if low else "")
    return _below_yi(n, pad)


def _below_yi(n: int, pad: bool) -> str:
    high, low = divmod(n, 10_000)
    text = _group(high, pad) + "万" if high else ""
    return text + (_group(low, pad or bool(high)) if low else "")


def _group(n: int, pad: bool) -> str:
    """0 < ``n`` < 10,000: 仟佰拾 and digits, one 零 for each run of inner zeros (and for
    leading zeros after a higher group, with ``pad``), none for trailing zeros."""
    out: list[str] = []
    owed = started = False
    for digit, unit in zip(f"{n:04d}", ("仟", "佰", "拾", ""), strict=True):
        if digit == "0":
            owed = owed or started or pad
            continue
        if owed:
            out.append("零")
        out.append(_DIGITS[int(digit)] + unit)
        owed, started = False, True
    return "".join(out)


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
