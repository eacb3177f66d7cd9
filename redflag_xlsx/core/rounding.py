"""Excel-compatible rounding: the only place in the package that rounds a number.

Excel's ROUND(x, n) first takes ``x`` at 15 significant digits, then rounds half away from
zero.  So ``ROUND(92.125, 2) == 92.13`` and ``ROUND(1.005, 2) == 1.01`` although the binary
doubles lie slightly below those halves.  Python's :func:`round` rounds the binary value half
to even and gives 92.12 and 1.0.
"""

from __future__ import annotations

import math
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

__all__ = ["excel_round", "excel_trunc", "to_15_digits"]


def to_15_digits(x: float) -> Decimal:
    """The decimal that Excel sees for the double ``x`` (15 significant digits)."""
    if not math.isfinite(x):
        raise ValueError(f"cannot round non-finite number {x!r}")
    return Decimal(format(x, ".15g"))


def excel_round(x: float, digits: int = 0) -> float:
    """``ROUND(x, digits)`` exactly as Excel computes it."""
    quantum = Decimal(1).scaleb(-digits)
    return float(to_15_digits(x).quantize(quantum, rounding=ROUND_HALF_UP)) + 0.0


def excel_trunc(x: float, digits: int = 0) -> float:
    """``TRUNC(x, digits)``: toward zero, on the 15-significant-digit value."""
    quantum = Decimal(1).scaleb(-digits)
    return float(to_15_digits(x).quantize(quantum, rounding=ROUND_DOWN)) + 0.0
