"""The small frictions a clerk met (issue 17): findings that say what the tool does, readable
spacing, terminal tables that never split a code or a number, JSON with Chinese characters."""

from __future__ import annotations

import io
import json
import re

import pytest

from redflag_xlsx.cli.output import issues_json, print_issues
from redflag_xlsx.cli.terminal import fit
from redflag_xlsx.core.findings import Issue
from redflag_xlsx.core.i18n import CATALOG, t
from redflag_xlsx.core.messages import Msg


def test_a_blocking_error_never_says_not_counted() -> None:
    for key, (zh, en) in CATALOG.items():
        if re.fullmatch(r"E_[A-Z_]+", key):  # an error: the tally stops until it is fixed
            assert "不计入" not in zh and "is not counted" not in en, key


def test_self_rating_hint_can_be_followed_on_a_protected_form() -> None:
    issue = Issue.make("E_SELF_RATING", value="90", rater="JG04", unit="JG04", file="f.xlsx")
    assert "改正后才能统计" in issue.text("zh")
    hint = issue.hint_text("zh")
    assert "python -m redflag_xlsx build-template --only JG04" in hint and "受保护" in hint
    assert "--only JG04" in issue.hint_text("en") and "protected" in issue.hint_text("en")


@pytest.mark.parametrize("key", ["E_NOT_A_NUMBER", "E_OUT_OF_RANGE", "E_NOT_INTEGER"])
def test_expected_value_is_spaced_from_the_chinese(key: str) -> None:
    text = t(key, "zh", column="考核得分", value="101", expected=Msg("expect_rating"))
    assert "应填写 0 到 100" in text


ISSUES = [
    Issue.make(
        "E_SELF_RATING",
        value="90",
        rater="JG04",
        unit="JG04",
        file="单位互评_2026Q4_JG04.xlsx",
        sheet="单位互评",
        cell="F7",
    ),
    Issue.make(
        "E_OUT_OF_RANGE",
        column="对 JG03（保洁服务项目）的评分",
        value="101",
        expected=Msg("expect_rating"),
        file="单位互评_2026Q4_JG04.xlsx",
        sheet="单位互评",
        cell="E4",
    ),
    Issue.make(
        "W_BASELINE_MISSING",
        unit="XZ02",
        name="中心安保服务项目",
        period="2026Q3",
        file="红旗评选_2026Q4.xlsx",
        sheet="服务质量考核",
        cell="M12",
    ),
]


@pytest.mark.parametrize("columns", [60, 80, 120, 200])
def test_terminal_tables_never_split_a_code_or_a_number(monkeypatch, columns: int) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    out = io.StringIO()
    print_issues(ISSUES, stream=out, rich=True, lang="zh")
    text = out.getvalue()
    for issue in ISSUES:
        for whole in [
            issue.code,
            issue.cell,
            *re.findall(r"[A-Z]{2}\d\d|\d{4}Q\d|\d+", issue.text()),
        ]:
            assert whole in text, (whole, columns, text)
    assert max(len(line) for line in text.splitlines()) <= max(columns, 60) * 2


def test_fit_breaks_between_chinese_characters_not_inside_codes() -> None:
    lines = fit("JG04 给本单位自己打了分（101）；E_SELF_RATING 表格改正后才能统计", 14).splitlines()
    assert "E_SELF_RATING" in lines and any("101" in x for x in lines)
    assert fit("甲" * 10, 6).splitlines() == ["甲甲甲", "甲甲甲", "甲甲甲", "甲"]


def test_json_keeps_chinese_characters() -> None:
    text = issues_json(ISSUES, ["单位互评_2026Q4_JG04.xlsx"], "zh")
    assert "\\u" not in text and "给本单位自己打了分" in text
    assert json.loads(text)["issues"][0]["code"] == "E_SELF_RATING"


@pytest.mark.parametrize("columns", [60, 80, 100, 160])
def test_the_ranking_never_splits_a_code_or_a_number(monkeypatch, columns: int) -> None:
    from redflag_xlsx.cli.tables import print_ranking, ranking_rows

    from scenarios import scenario

    monkeypatch.setenv("COLUMNS", str(columns))
    result = scenario("disqualified").tally()
    out = io.StringIO()
    print_ranking(result, stream=out, rich=True, lang="zh")
    lines = out.getvalue().splitlines()
    for site in result.roster.sites:
        for row in ranking_rows(result, site, "zh"):
            line = next(x for x in lines if f" {row[1]} " in x)  # the code whole, once
            for number in row[3:7]:
                assert number in line, (number, line)


def test_json_keeps_control_characters_escaped_and_valid() -> None:
    evil = "单位互评\u202e\x9b\x1b.xlsx"
    text = issues_json([Issue.make("E_UNREADABLE", file=evil, detail="x")], [evil], "zh")
    assert "\u202e" not in text and "\x9b" not in text and "\\u202e" in text
    assert json.loads(text)["files"] == [evil] and "单位互评" in text
