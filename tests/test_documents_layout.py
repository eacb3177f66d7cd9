"""Chinese line breaking of the PDF documents (pdf_page.wrap), with every character one unit
wide: break anywhere between Chinese characters, never before closing or after opening
punctuation, Latin words whole, titles at a phrase's end."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redflag_xlsx.documents.pdf_page import wrap

# text, width, indent, phrases, lines
CASES = [
    ("一二三四五六七", 5, 0, False, ["一二三四五", "六七"]),
    ("一二三四五六七", 5, 2, False, ["一二三", "四五六七"]),  # the first line indented
    ("一二三四五，六", 5, 0, False, ["一二三四", "五，六"]),  # no line starts with ，
    ("一二三四五。」六", 5, 0, False, ["一二三四", "五。」六"]),
    ("一二三四“五六", 5, 0, False, ["一二三四", "“五六"]),  # no line ends with “
    ("一二三（四五六", 4, 0, False, ["一二三", "（四五六"]),
    ("ab cdefg hi", 5, 0, False, ["ab", "cdefg", "hi"]),  # Latin words whole
    ("2026年第四季度", 6, 0, False, ["2026年第", "四季度"]),
    ("JC-2026-000118", 5, 0, False, ["JC-20", "26-00", "0118"]),  # a word wider than a line
    ("一二\n三四", 5, 0, False, ["一二", "三四"]),
    ("", 5, 0, False, [""]),
    ("关于第四季度“红旗”评选结果的公示", 12, 0, False, ["关于第四季度“红旗”评选", "结果的公示"]),
    ("关于第四季度“红旗”评选结果的公示", 12, 0, True, ["关于第四季度“红旗”", "评选结果的公示"]),
    ("Announcement: red flags, Q4 2026", 28, 0, True, ["Announcement: red flags,", "Q4 2026"]),
]


@pytest.mark.parametrize(("text", "width", "indent", "phrases", "lines"), CASES)
def test_wrap(text, width, indent, phrases, lines):
    got = wrap(text, width, len, indent, phrases=phrases)
    assert got == lines
    assert "".join(got).replace(" ", "") == text.replace("\n", "").replace(" ", "")
    assert all(len(line) <= width for line in got)


# --- measuring: Page.measure is fpdf2's get_string_width without its per-call parsing ---------
@pytest.fixture(scope="module")
def page():
    import datetime as dt

    from redflag_xlsx.documents.fonts import find_font
    from redflag_xlsx.documents.pdf_page import Page

    with Page(find_font(), title="t", author="a", lang="zh", date=dt.date(2027, 1, 5)) as p:
        p.new_page()
        yield p


ALPHABET = "服务质量流动红旗机关大楼行政事业中心，。、；：（）“”…—·%０１２abcXYZ019 -./😀\u0301"


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(alphabet=ALPHABET, max_size=40), pt=st.sampled_from([8.5, 9.5, 11, 14, 20]))
def test_measure_is_what_fpdf2_says(page, text, pt):
    page.set_size(pt)
    assert page.measure(text) == page.pdf.get_string_width(text)


def test_measure_asks_fpdf2_with_letter_spacing(page):
    page.set_size(11)
    plain = page.measure("服务质量 ab")
    page.pdf.set_char_spacing(1.5)
    try:
        spaced = page.measure("服务质量 ab")
        assert spaced == page.pdf.get_string_width("服务质量 ab") and spaced > plain
    finally:
        page.pdf.set_char_spacing(0)
