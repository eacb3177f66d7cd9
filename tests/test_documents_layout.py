"""Chinese line breaking of the PDF documents (pdf_page.wrap), with every character one unit
wide: break anywhere between Chinese characters, never before closing or after opening
punctuation, Latin words whole, titles at a phrase's end."""

from __future__ import annotations

import pytest

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
