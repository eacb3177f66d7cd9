"""Quarters, written ``2026Q4``."""

from __future__ import annotations

import datetime as _dt
import re
from functools import total_ordering

from .errors import ConfigError
from .i18n import Msg

_PATTERN = re.compile(r"^\s*(\d{4})\s*[Qq]\s*([1-4])\s*$")


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
