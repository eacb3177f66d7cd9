"""Quarters, written ``2026Q4``."""

from __future__ import annotations

import datetime as _dt
import re
from functools import total_ordering

from .errors import ConfigError
from .messages import Msg

_PATTERN = re.compile(r"^\s*(\d{4})\s*[Qq]\s*([1-4])\s*$")
# 2026年第三季度, 2026年第3季度, 2026年三季度 (as a clerk writes a quarter in Chinese)
_WORDS = re.compile(r"^\s*(\d{4})\s*年\s*第?\s*([1-4一二三四])\s*季度?\s*$")
_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4}


@total_ordering
class Period:
    """A calendar quarter.  ``Period.parse("2026Q4").previous() == Period(2026, 3)``."""

    __slots__ = ("quarter", "year")

    def __init__(self, year: int, quarter: int) -> None:
        if not (1 <= quarter <= 4) or not (1900 <= year <= 9999):
            raise ConfigError(Msg("period_bad", value=f"{year}Q{quarter}"))
        self.year = year
        self.quarter = quarter

    @classmethod
    def parse(cls, value: str | Period) -> Period:
        if isinstance(value, Period):
            return value
        match = _PATTERN.match(str(value))
        if not match:
            raise ConfigError(Msg("period_bad", value=value))
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def parse_text(cls, value: str) -> Period:
        """A quarter as people write it: ``2026Q3`` or ``2026年第三季度`` (also 第3季度, NFKC:
        full-width digits are digits)."""
        import unicodedata

        text = unicodedata.normalize("NFKC", str(value))
        match = _WORDS.match(text)
        if match:
            year, q = match.groups()
            return cls(int(year), _NUMERALS.get(q) or int(q))
        return cls.parse(text)

    @classmethod
    def of_date(cls, day: _dt.date) -> Period:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def today(cls) -> Period:
        return cls.of_date(_dt.date.today())

    def previous(self) -> Period:
        return (
            Period(self.year - 1, 4) if self.quarter == 1 else Period(self.year, self.quarter - 1)
        )

    def next(self) -> Period:
        return (
            Period(self.year + 1, 1) if self.quarter == 4 else Period(self.year, self.quarter + 1)
        )

    def _key(self) -> tuple[int, int]:
        return (self.year, self.quarter)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, str):
            try:
                other = Period.parse(other)
            except ConfigError:
                return False
        return isinstance(other, Period) and self._key() == other._key()

    def __lt__(self, other: Period) -> bool:
        return self._key() < Period.parse(other)._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __str__(self) -> str:
        return f"{self.year}Q{self.quarter}"

    def __repr__(self) -> str:
        return f"Period('{self}')"
