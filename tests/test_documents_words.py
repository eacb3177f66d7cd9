"""The documents' words: the quarter, dates, the objection period, money in figures and in
Chinese capitals (大写), table-driven, and a property test that an independent reader of the
capitals gives the amount back."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redflag_xlsx.documents.words import (
    count_text,
    date_text,
    objection_end,
    points_text,
    quarter_words,
    score_text,
    to_fen,
    yuan_capitals,
    yuan_figures,
)

# amount, capitals
CAPITALS = [
    # the seed's rewards and their totals
    (600, "陆佰元整"),
    (1200, "壹仟贰佰元整"),
    (2000, "贰仟元整"),
    (3800, "叁仟捌佰元整"),
    (4600, "肆仟陆佰元整"),
    (0, "零元整"),
    (1, "壹元整"),
    (10, "壹拾元整"),  # a leading ten is written 壹拾
    (15, "壹拾伍元整"),
    (20, "贰拾元整"),
    (101, "壹佰零壹元整"),
    (110, "壹佰壹拾元整"),
    (1001, "壹仟零壹元整"),  # several inner zeros: one 零
    (1010, "壹仟零壹拾元整"),
    (1100, "壹仟壹佰元整"),
    (10000, "壹万元整"),
    (10001, "壹万零壹元整"),
    (10010, "壹万零壹拾元整"),
    (20000, "贰万元整"),
    (100500, "壹拾万零伍佰元整"),  # a section starting with zeros: 零 after 万
    (105000, "壹拾万伍仟元整"),
    (1000000, "壹佰万元整"),
    (10050000, "壹仟零伍万元整"),
    (100000000, "壹亿元整"),
    (100000001, "壹亿零壹元整"),
    (110000000, "壹亿壹仟万元整"),
    (1000010000, "壹拾亿零壹万元整"),
    (1000000000000, "壹万亿元整"),
    (9999999999999999, "玖仟玖佰玖拾玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元整"),
    # 角 and 分 (the People's Bank's examples)
    (1409.50, "壹仟肆佰零玖元伍角"),
    (6007.14, "陆仟零柒元壹角肆分"),
    (1680.32, "壹仟陆佰捌拾元叁角贰分"),
    (107000.53, "壹拾万柒仟元伍角叁分"),
    (16409.02, "壹万陆仟肆佰零玖元零贰分"),  # 角 zero, 分 not: 元零贰分
    (325.04, "叁佰贰拾伍元零肆分"),
    (0.5, "伍角"),
    (0.05, "伍分"),
    (0.55, "伍角伍分"),
    (100.1, "壹佰元壹角"),
    (100000.05, "壹拾万元零伍分"),
    (100.5, "壹佰元伍角"),  # a reward tier of 100.5 yuan
    # rounded to the fen half away from zero, as a spreadsheet's ROUND
    (1.005, "壹元零壹分"),
    (2.675, "贰元陆角捌分"),
    (0.004, "零元整"),
    (0.1 + 0.2, "叁角"),
    ("3800", "叁仟捌佰元整"),
    (Decimal("1200.00"), "壹仟贰佰元整"),
]


@pytest.mark.parametrize(("amount", "capitals"), CAPITALS)
def test_capitals(amount, capitals):
    assert yuan_capitals(amount) == capitals


@pytest.mark.parametrize(
    "amount", [-1, -0.01, float("nan"), float("inf"), 10**16, "abc", "", True, None]
)
def test_amounts_without_capitals(amount):
    with pytest.raises(ValueError):
        yuan_capitals(amount)


# amount, figures
FIGURES = [
    (600, "600.00"),
    (3800, "3,800.00"),
    (1234567.891, "1,234,567.89"),
    (0, "0.00"),
    (-0.001, "0.00"),  # rounds to zero: no negative zero
    (2.675, "2.68"),
]


@pytest.mark.parametrize(("amount", "figures"), FIGURES)
def test_figures(amount, figures):
    assert yuan_figures(amount) == figures


# period, lang, words
QUARTERS = [
    ("2026Q4", "zh", "2026年第四季度"),
    ("2026Q1", "zh", "2026年第一季度"),
    ("2027q2", "zh", "2027年第二季度"),
    ("2026Q3", "zh", "2026年第三季度"),
    ("2026Q4", "en", "Q4 2026"),
    ("2026Q1", "en", "Q1 2026"),
]


@pytest.mark.parametrize(("period", "lang", "words"), QUARTERS)
def test_quarter_words(period, lang, words):
    assert quarter_words(period, lang) == words


# day, days, end of the objection period (calendar days, the day of posting is day 0)
OBJECTION = [
    (dt.date(2027, 1, 5), 5, dt.date(2027, 1, 10)),
    (dt.date(2026, 12, 29), 5, dt.date(2027, 1, 3)),  # over the year's end
    (dt.date(2028, 2, 26), 5, dt.date(2028, 3, 2)),  # over a leap day
    (dt.date(2027, 2, 26), 5, dt.date(2027, 3, 3)),
    (dt.date(2027, 1, 8), 7, dt.date(2027, 1, 15)),  # a Friday: weekends count
    (dt.date(2027, 1, 5), 1, dt.date(2027, 1, 6)),
]


@pytest.mark.parametrize(("day", "days", "end"), OBJECTION)
def test_objection_end(day, days, end):
    assert objection_end(day, days) == end


def test_objection_needs_a_day():
    with pytest.raises(ValueError):
        objection_end(dt.date(2027, 1, 5), 0)


@pytest.mark.parametrize(
    ("day", "lang", "text"),
    [
        (dt.date(2027, 1, 5), "zh", "2027年1月5日"),
        (dt.date(2026, 12, 31), "zh", "2026年12月31日"),
        (dt.date(2027, 1, 5), "en", "2027-01-05"),
    ],
)
def test_date_text(day, lang, text):
    assert date_text(day, lang) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [(10, "+10"), (-5, "-5"), (0, "0"), (2.5, "+2.5"), (-0.004, "0"), (-1.25, "-1.25")],
)
def test_points_text(value, text):
    assert points_text(value) == text


@pytest.mark.parametrize(
    ("value", "text"), [(97.35, "97.35"), (100, "100.00"), (141.4, "141.40"), (None, "—")]
)
def test_score_text(value, text):
    assert score_text(value) == text  # scores arrive rounded (the engine rounds as Excel does)


@pytest.mark.parametrize(("value", "text"), [(2, "2"), (2.0, "2"), (1.5, "1.5"), (0, "0")])
def test_count_text(value, text):
    assert count_text(value) == text


# --- property: an independent reader of the capitals gives the amount back -----------------
_DIGITS = {c: i for i, c in enumerate("零壹贰叁肆伍陆柒捌玖")}
_SMALL = {"拾": 10, "佰": 100, "仟": 1000}


def read_capitals(text: str) -> Decimal:
    """The amount written in ``text`` (a reader built from the rules, not from the writer):
    digits times 拾/佰/仟 make a section, 万 and 亿 scale what stands before them."""
    assert re.fullmatch(
        r"[零壹贰叁肆伍陆柒捌玖拾佰仟万亿]*元?([零壹贰叁肆伍陆柒捌玖]角)?(零?[壹贰叁肆伍陆柒捌玖]分)?整?",
        text,
    ), text
    assert text.endswith(("整", "角", "分")), text
    total = wan = section = digit = fen = 0
    for ch in text.removesuffix("整"):
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _SMALL:
            assert digit, f"{ch} without a digit in {text}"
            section, digit = section + digit * _SMALL[ch], 0
        elif ch == "万":
            wan, section, digit = (section + digit) * 10**4, 0, 0
        elif ch == "亿":
            total, wan, section, digit = (total + wan + section + digit) * 10**8, 0, 0, 0
        elif ch == "元":
            total, wan, section, digit = total + wan + section + digit, 0, 0, 0
        elif ch == "角":
            fen, digit = fen + 10 * digit, 0
        elif ch == "分":
            fen, digit = fen + digit, 0
    return Decimal(total + wan + section + digit) + Decimal(fen) / 100


amounts = st.one_of(
    st.integers(min_value=0, max_value=10**16 - 1).map(Decimal),
    st.integers(min_value=0, max_value=10**18 - 1).map(lambda n: Decimal(n) / 100),
    # sparse digits: the zero rules
    st.lists(st.sampled_from("0000000123456789"), min_size=1, max_size=16).map(
        lambda ds: Decimal("".join(ds))
    ),
    st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False),
)


@given(amounts)
def test_capitals_read_back(amount):
    text = yuan_capitals(amount)
    assert read_capitals(text) == to_fen(amount)


@given(amounts)
def test_capitals_follow_the_zero_rules(amount):
    text = yuan_capitals(amount)
    if to_fen(amount) == 0:
        assert text == "零元整"
        return
    assert "零零" not in text  # inner zeros: one 零
    assert not re.search("零[万亿元角拾佰仟]", text)  # never 零 before a unit
    assert not text.startswith(("零", "拾", "佰", "仟"))
    whole, cents = divmod(to_fen(amount) * 100, 100)
    if cents == 0:
        assert text.endswith("元整")
    else:
        assert not text.endswith("整")  # 整 only after whole yuan
    if whole and cents and cents < 10:
        assert "元零" in text  # 角 zero, 分 not: 元零X分


@settings(max_examples=3000, deadline=None)  # the first example imports cn2an
@given(amounts)
def test_capitals_as_cn2an_writes_them(amount):
    """cn2an (the maintained library the capitals came from before it cost every tally 0.3 s
    to import) is the oracle: the same text for every amount it reads exactly."""
    import cn2an

    fen = to_fen(amount)
    typed = f"{fen:f}" if fen % 1 else f"{int(fen)}"  # cn2an reads ≤ 2 decimals exactly
    assert yuan_capitals(amount) == cn2an.an2cn(typed, "rmb")
