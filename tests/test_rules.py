"""Rules: the seed's defaults item by item (SPEC 2), and TOML overrides refused clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from redflag_xlsx.core.errors import ConfigError
from redflag_xlsx.core.roster import Roster
from redflag_xlsx.core.rules import Rules

SPEC_ITEMS = [
    # code, column header (zh), points, input, disqualifies
    ("inspection_minor", "检查一般偏差", -1, "count", False),
    ("inspection_major", "检查较大偏差", -2, "count", False),
    ("inspection_repeat", "检查重复偏差", -3, "count", False),
    ("survey_minor", "调查一般偏差", -1, "count", False),
    ("survey_major", "调查较大偏差", -2, "count", False),
    ("survey_repeat", "调查重复偏差", -3, "count", False),
    ("complaint_general", "一般投诉", -5, "count", False),
    ("complaint_major", "重大质量投诉", -10, "count", True),
    ("passive_work", "消极应付", -5, "count", False),
    ("safety_accident", "重大安全事故", -50, "count", True),
    ("leader_praise", "领导表扬", 10, "count", False),
    ("management_good", "制度诚信良好", 5, "flag", False),
    ("emergency_handling", "突发事件处理", 10, "count", False),
    ("bulletin_article", "简报文章", 5, "count", False),
    ("journal_article", "期刊文章", 10, "count", False),
    ("innovation", "创新成效", 5, "count", False),
]


def test_default_items_match_spec() -> None:
    rules = Rules.default()
    got = [(i.code, i.label_zh, i.points, i.input, i.disqualifies) for i in rules.items]
    assert got == SPEC_ITEMS
    assert all(i.label_en for i in rules.items)


def test_default_parameters_match_spec() -> None:
    r = Rules.default()
    assert r.base_score == 100
    assert (r.satisfaction_mode, r.satisfaction_up_points, r.satisfaction_down_points) == (
        "full_points",
        10,
        5,
    )
    assert (r.weights.quality, r.weights.peer, r.weights.leadership) == (0.5, 0.25, 0.25)
    assert (r.peer_aggregation, r.leadership_aggregation, r.peer_scope) == ("mean", "mean", "all")
    assert r.min_coverage == 2 / 3
    assert r.flags_per_site == {"机关大楼": 2, "行政事业中心": 1}
    assert [(t.min_streak, t.points, t.bonus_yuan, t.priority) for t in r.reward_tiers] == [
        (1, 3, 600, False),
        (2, 6, 1200, False),
        (3, 10, 2000, True),
    ]
    assert [(f.code, f.label_zh) for f in r.disqualifying_flags] == [
        ("discipline_breach", "严重违反工作纪律"),
        ("rectification_notice", "整改通知书"),
    ]
    assert r.tie_break == ("quality", "leadership", "peer")
    assert (r.quality_bounds, r.min_total_for_flag) == (None, None)


def _load(tmp_path: Path, text: str) -> Rules:
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    return Rules.load(path)


def test_override_item_points_and_keep_the_rest(tmp_path: Path) -> None:
    rules = _load(tmp_path, "peer_aggregation = 'trimmed'\n[items.innovation]\npoints = 8\n")
    assert rules.item("innovation").points == 8
    assert rules.item("innovation").label_zh == "创新成效"
    assert rules.item("journal_article").points == 10
    assert rules.peer_aggregation == "trimmed"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "[weights]\nquality = 0.6\npeer = 0.25\nleadership = 0.25\n",
            "参数“weights”无效：权重之和必须为 1（当前为 1.1）",
        ),
        ("colour = 'red'\n", "未知的参数“colour”"),
        ("[flags_per_site]\n'机关大楼' = -1\n", "参数“flags_per_site”无效"),
        ("[items.nope]\npoints = 1\n", "参数“items.nope”无效：没有编号为“nope”的考核项目"),
        ("satisfaction_mode = 'fast'\n", "参数“satisfaction_mode”无效"),
        ("weights = [1, 2\n", "TOML 格式错误"),
    ],
)
def test_bad_rules_file_names_the_key(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        _load(tmp_path, text)
    assert message in str(info.value)
    assert "rules.toml" in str(info.value)


def test_site_the_roster_lacks(tmp_path: Path) -> None:
    rules = _load(tmp_path, "[flags_per_site]\n'机关大楼' = 2\n'行政事业中心' = 1\n'新区' = 1\n")
    with pytest.raises(ConfigError, match="“新区”在名单中不存在"):
        rules.check_roster(Roster.sample())
    Rules.default().check_roster(Roster.sample())  # the seed and the sample agree


def test_roster_site_the_rules_lack() -> None:
    roster = Roster.from_mapping(
        {
            "units": [{"code": "A1", "name": "甲", "site": "新区"}],
            "leaders": [{"code": "L1", "name": "乙"}],
        }
    )
    with pytest.raises(ConfigError, match="单位 A1 的场所“新区”不在评选规则"):
        Rules.default().check_roster(roster)


def test_missing_rules_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="无法读取"):
        Rules.load(tmp_path / "none.toml")


def test_tier_lookup() -> None:
    rules = Rules.default()
    assert [rules.tier_for(s).bonus_yuan for s in (1, 2, 3, 7)] == [600, 1200, 2000, 2000]
