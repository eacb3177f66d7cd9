"""The office's settings of the documents: ``[announcement]`` in rules.toml (SPEC 13)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from redflag_xlsx.core.errors import ConfigError
from redflag_xlsx.core.rules import Rules
from redflag_xlsx.core.rules_announcement import AnnouncementSettings, EvaluationGroup
from redflag_xlsx.core.rules_toml import render


def _load(tmp_path: Path, text: str) -> Rules:
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    return Rules.load(path)


def test_defaults_are_the_seeds():
    a = Rules.default().announcement
    assert (a.issuer, a.days, a.contact, a.budget_line) == ("机关服务中心", 5, "", "机关大楼运转费")
    assert (a.group.leader, a.group.deputies) == ("", ("", ""))  # blank lines to sign on (seed 三)


def test_a_rules_file_sets_them(tmp_path):
    rules = _load(
        tmp_path,
        "[announcement]\n"
        'issuer = "机关事务管理局机关服务中心"\n'
        "days = 7\n"
        'contact = "监管科，电话 0571-87654321"\n'
        "\n[announcement.group]\n"
        'leader = "张建国"\n'
        'deputies = ["李明", "王芳", ""]\n',
    )
    a = rules.announcement
    assert (a.issuer, a.days, a.contact) == (
        "机关事务管理局机关服务中心",
        7,
        "监管科，电话 0571-87654321",
    )
    assert a.budget_line == "机关大楼运转费"  # left out: the default
    assert a.group == EvaluationGroup(leader="张建国", deputies=("李明", "王芳", ""))
    assert rules.item("innovation").points == 5  # the rest untouched


def test_inline_table_and_no_deputies(tmp_path):
    rules = _load(tmp_path, '[announcement]\ngroup = { leader = "张建国", deputies = [] }\n')
    assert rules.announcement.group == EvaluationGroup(leader="张建国", deputies=())


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "[announcement]\ndays = 0\n",
            "参数“announcement.days”无效：应为 1 到 60 之间的整数（公示期天数）",
        ),
        ("[announcement]\ndays = 61\n", "参数“announcement.days”无效"),
        ("[announcement]\ndays = 5.5\n", "参数“announcement.days”无效"),
        ('[announcement]\ndays = "5"\n', "参数“announcement.days”无效"),
        ("[announcement]\ndays = true\n", "参数“announcement.days”无效"),
        ('[announcement]\nissuer = ""\n', "参数“announcement.issuer”无效：不能为空"),
        ('[announcement]\nissuer = "  "\n', "参数“announcement.issuer”无效：不能为空"),
        ("[announcement]\nissuer = 5\n", "参数“announcement.issuer”无效：应为加引号的文字"),
        ('[announcement]\nbudget_line = ""\n', "参数“announcement.budget_line”无效：不能为空"),
        (
            '[announcement]\ncontact = "第一行\\n第二行"\n',
            "参数“announcement.contact”无效：只能写一行",
        ),
        (
            f'[announcement]\ncontact = "{"电" * 81}"\n',
            "参数“announcement.contact”无效：最多 80 个字",
        ),
        (
            f'[announcement]\nissuer = "{"中" * 31}"\n',
            "参数“announcement.issuer”无效：最多 30 个字",
        ),
        ("[announcement]\ncolour = 'red'\n", "未知的参数“announcement.colour”"),
        ("announcement = 5\n", "参数“announcement”无效：应为一个表，如 [announcement]"),
        (
            "[announcement]\ngroup = 'x'\n",
            "参数“announcement.group”无效：应为一个表，如 [announcement.group]",
        ),
        (
            "[announcement.group]\ndeputies = '李明'\n",
            "参数“announcement.group.deputies”无效：应为副组长姓名的列表，最多 4 项",
        ),
        (
            "[announcement.group]\ndeputies = ['a', 'b', 'c', 'd', 'e']\n",
            "参数“announcement.group.deputies”无效",
        ),
        ("[announcement.group]\ndeputies = [1]\n", "参数“announcement.group.deputies”无效"),
        (
            f"[announcement.group]\nleader = '{'张' * 21}'\n",
            "参数“announcement.group.leader”无效：最多 20 个字",
        ),
        ("[announcement.group]\nmembers = []\n", "未知的参数“announcement.group.members”"),
    ],
)
def test_bad_settings_name_the_key(tmp_path, text, message):
    with pytest.raises(ConfigError) as info:
        _load(tmp_path, text)
    assert message in str(info.value)
    assert "rules.toml" in str(info.value)
    assert "Input should" not in str(info.value)  # never pydantic's English


def test_english_messages(tmp_path, monkeypatch):
    monkeypatch.setenv("REDFLAG_LANG", "en")
    with pytest.raises(ConfigError, match=r"'announcement.days': must be a whole number of days"):
        _load(tmp_path, "[announcement]\ndays = 0\n")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_init_writes_the_section_and_reads_it_back(tmp_path, lang):
    settings = AnnouncementSettings(
        issuer="机关服务中心",
        days=7,
        contact='监管科 "电话" 0571-87654321',
        budget_line="机关大楼运转费",
        group=EvaluationGroup(leader="张建国", deputies=("李明", "")),
    )
    rules = Rules(announcement=settings)
    text = render(rules, lang)
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    assert Rules.load(path) == rules
    data = tomllib.loads(text)
    assert data["announcement"]["group"] == {"leader": "张建国", "deputies": ["李明", ""]}


def test_the_commented_section_in_chinese():
    text = render(Rules.default(), "zh")
    section = text[text.index("[announcement]") - 60 : text.index("[[items]]")]
    lines = section.splitlines()
    for key, comment in [
        ("issuer", "# 发布单位"),
        ("days", "# 公示期天数（按自然日计）"),
        ("contact", "# 异议受理方式"),
        ("budget_line", "# 奖金的列支科目（评选办法六.4）"),
    ]:
        at = next(i for i, line in enumerate(lines) if line.startswith(f"{key} = "))
        assert lines[at - 1].startswith(comment), key  # each key under its own comment
    assert '[announcement.group]\nleader = ""\ndeputies = ["", ""]' in section
    assert "# 评选考核小组签名栏" in section
    assert "# 公示、成绩通知单和奖金发放表" in section
