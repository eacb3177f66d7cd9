"""``init``: roster.xlsx and rules.toml that load back as the sample roster and the seed rules."""

from __future__ import annotations

import tomllib
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

import redflag_xlsx.cli
from redflag_xlsx.cli import cli
from redflag_xlsx.core.i18n import CATALOG, t
from redflag_xlsx.core.roster import Roster
from redflag_xlsx.core.rules import DisqualifyingFlag, QualityItem, RewardTier, Rules, Weights
from redflag_xlsx.core.rules_toml import render
from redflag_xlsx.xlsx import layout

redflag_xlsx.cli._register()


def init(*args: str):
    return CliRunner().invoke(cli, ["init", *args])


def test_init_writes_roster_and_rules_that_load_back(tmp_path: Path) -> None:
    folder = tmp_path / "新季度"
    result = init(str(folder))
    roster, rules = folder / "roster.xlsx", folder / "rules.toml"
    winners = folder / "winners.xlsx"
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"{t('init_wrote', 'zh', file=roster)}\n{t('init_wrote', 'zh', file=rules)}\n"
        f"{t('init_wrote', 'zh', file=winners)}\n"
        f"{t('init_next', 'zh', roster=roster, rules=rules)}\n"
    )
    assert Roster.load(roster) == Roster.sample()
    assert Rules.load(rules).model_dump() == Rules.default().model_dump()
    text = rules.read_text(encoding="utf-8")
    assert text.startswith(f"# {t('rules_toml_head', 'zh')}\n")
    assert f"# {t('rules_toml.items', 'zh')}\n[[items]]\n" in text
    wb = openpyxl.load_workbook(roster)
    assert wb.sheetnames == ["说明", "被考核单位", "评议领导"]
    assert [c.value for c in wb["被考核单位"][1]] == [
        t(key, "zh") for _f, key, _r in layout.ROSTER_UNIT_FIELDS
    ]
    assert [c.value for c in wb["评议领导"][1]] == [
        t(key, "zh") for _f, key, _r in layout.ROSTER_LEADER_FIELDS
    ]
    assert wb["说明"]["A3"].value == t("init_note_units", "zh", sheet="被考核单位")
    assert wb["被考核单位"].max_row == 1 + len(Roster.sample().units)


def test_init_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    (tmp_path / "rules.toml").write_text("# mine\n", encoding="utf-8")
    result = init(str(tmp_path))
    assert result.exit_code == 2  # usage: an output that exists without --force (SPEC 8)
    assert result.output.endswith(
        "\n错误：" + t("init_exists", "zh", file=tmp_path / "rules.toml") + "\n"
    )
    assert not (tmp_path / "roster.xlsx").exists()
    assert (tmp_path / "rules.toml").read_text(encoding="utf-8") == "# mine\n"
    result = init(str(tmp_path), "--force", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == f"wrote {tmp_path / 'roster.xlsx'}"
    assert openpyxl.load_workbook(tmp_path / "roster.xlsx").sheetnames == [
        "Notes",
        "Units",
        "Leaders",
    ]
    assert Roster.load(tmp_path / "roster.xlsx") == Roster.sample()
    assert Rules.load(tmp_path / "rules.toml").model_dump() == Rules.default().model_dump()


def test_init_into_the_working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert init().exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "roster.xlsx",
        "rules.toml",
        "winners.xlsx",
    ]


def test_edited_roster_with_a_duplicate_code_is_refused(tmp_path: Path) -> None:
    assert init(str(tmp_path)).exit_code == 0
    path = tmp_path / "roster.xlsx"
    wb = openpyxl.load_workbook(path)
    wb["被考核单位"]["A4"] = "JG01"
    wb.save(path)
    result = CliRunner().invoke(
        cli, ["build-template", "--roster", str(path), "--out", str(tmp_path / "f")]
    )
    expected = t(
        "roster_duplicate_code", "zh", file=path, sheet="被考核单位", cell="A4", code="JG01",
        first="A2",
    )  # fmt: skip
    assert (result.exit_code, result.output) == (1, expected + "\n")


# --- rules.toml: every field written, commented, and read back equal --------------------------
def test_every_rules_field_has_a_comment() -> None:
    for field in Rules.model_fields:
        assert f"rules_toml.{field}" in CATALOG, field


@pytest.mark.parametrize(
    "rules",
    [
        Rules.default(),
        Rules(
            base_score=95.5,
            satisfaction_mode="proportional",
            peer_scope="site",
            peer_aggregation="trimmed",
            min_coverage=0.5,
            weights=Weights(quality=0.6, peer=0.2, leadership=0.2),
            flags_per_site={"机关大楼": 3, 'Site "B" \\ 二': 0},
            tie_break=("peer", "quality"),
            quality_bounds=(60, 120.25),
            min_total_for_flag=90,
            items=(
                QualityItem(code="a-1", label_zh="甲“引号”", label_en='say "hi"\n', points=-0.5),
                QualityItem(code="b", label_zh="乙", label_en="b", points=5, input="flag"),
            ),
            disqualifying_flags=(),
            reward_tiers=(RewardTier(min_streak=1, points=1, bonus_yuan=100.5, priority=True),),
        ),
        Rules(
            quality_bounds=(None, 110),
            disqualifying_flags=(
                DisqualifyingFlag(code="x", label_zh="某情形", label_en="something"),
            ),
        ),
    ],
    ids=["seed", "everything-changed", "one-bound"],
)
def test_render_round_trips(rules: Rules, tmp_path: Path) -> None:
    for lang in ("zh", "en"):
        path = tmp_path / f"rules-{lang}.toml"
        path.write_text(render(rules, lang), encoding="utf-8")
        back = Rules.load(path).model_dump()
        want = rules.model_dump()
        if want["quality_bounds"] == (None, 110):  # TOML has no null: a missing bound is -inf
            want["quality_bounds"] = (float("-inf"), 110)
        assert back == want
        assert tomllib.loads(path.read_text(encoding="utf-8"))  # plain TOML
