"""Excel's ROUND: 15 significant digits, then half away from zero."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from redflag_xlsx.core.rounding import excel_round, excel_trunc


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        # value, digits, Excel's answer
        (92.125, 2, 92.13),
        (1.005, 2, 1.01),  # the double is 1.00499999999999989...
        (2.675, 2, 2.68),
        (-2.5, 0, -3.0),
        (2.5, 0, 3.0),
        (0.5, 0, 1.0),
        (-92.125, 2, -92.13),
        (64.1 - 63.1, 6, 1.0),  # 0.99999999999999289 at 15 digits is 1
        (90.3 - 89.3, 6, 1.0),
        (1234.5, -1, 1230.0),
        (83.333333333333, 2, 83.33),
        (0.0, 2, 0.0),
    ],
)
def test_excel_round_table(value: float, digits: int, expected: float) -> None:
    assert excel_round(value, digits) == expected


def test_python_round_differs_on_the_seed_example() -> None:
    # the reason the helper exists
    assert round(92.125, 2) == 92.12
    assert excel_round(92.125, 2) == 92.13


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1.9, 1.0), (-1.9, -1.0), (0.99999999999999289, 0.0), (-0.4, 0.0), (3.0, 3.0)],
)
def test_excel_trunc(value: float, expected: float) -> None:
    assert excel_trunc(value) == expected


def _oracle(x: float, digits: int) -> float:
    """Half away from zero on the 15-significant-digit decimal, with exact fractions."""
    exact = Fraction(format(x, ".15g")) * Fraction(10) ** digits
    sign = -1 if exact < 0 else 1
    scaled = math.floor(abs(exact) + Fraction(1, 2))
    return float(sign * Fraction(scaled) / Fraction(10) ** digits)


@given(
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False),
    st.integers(min_value=0, max_value=6),
)
def test_excel_round_matches_oracle(x: float, digits: int) -> None:
    assert excel_round(x, digits) == _oracle(x, digits)


@given(st.integers(min_value=-(10**6), max_value=10**6), st.integers(min_value=1, max_value=4))
def test_exact_halves_round_away_from_zero(k: int, digits: int) -> None:
    # k + 0.5 units of the last digit, written as a decimal string and parsed as a double
    text = f"{k}5e-{digits + 1}" if k >= 0 else f"-{-k}5e-{digits + 1}"
    x = float(text)
    expected = (abs(k) + 1) * (1 if k >= 0 else -1) / 10**digits
    assert excel_round(x, digits) == pytest.approx(expected, abs=0, rel=1e-15)


def test_no_bare_round_in_the_package() -> None:
    """Every rounding goes through the helper (SPEC 2.3)."""
    import re
    from pathlib import Path

    import redflag_xlsx

    root = Path(redflag_xlsx.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if re.search(r"(?<![\w.])round\(", code):
                offenders.append(f"{path.name}:{n}")
    assert offenders == []
