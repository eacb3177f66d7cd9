"""The engine against hand-computed cases from the seed rules (SPEC 2)."""

from __future__ import annotations

import pytest

from redflag_xlsx.core.errors import UsageError
from redflag_xlsx.core.models import History
from redflag_xlsx.core.rules import Rules
from redflag_xlsx.core.scoring import aggregate, satisfaction_adjustment, satisfaction_delta, tally

from subs import make_submission

# --- quality items: each of the 16, by hand -------------------------------------------------
ITEM_CASES = [
    # code, count, expected Q (base 100)
    ("inspection_minor", 2, 98),
    ("inspection_major", 2, 96),
    ("inspection_repeat", 2, 94),
    ("survey_minor", 3, 97),
    ("survey_major", 3, 94),
    ("survey_repeat", 3, 91),
    ("complaint_general", 1, 95),
    ("complaint_major", 1, 90),
    ("passive_work", 2, 90),
    ("safety_accident", 1, 50),
    ("leader_praise", 2, 120),
    ("management_good", 1, 105),  # 是: once per evaluation
    ("emergency_handling", 1, 110),
    ("bulletin_article", 2, 110),
    ("journal_article", 1, 110),
    ("innovation", 3, 115),
]


@pytest.mark.parametrize(("code", "count", "expected"), ITEM_CASES)
def test_each_quality_item(code: str, count: int, expected: float) -> None:
    sub = make_submission(scoring={"JG02": {"counts": {code: count}}})
    assert tally(sub).unit("JG02").quality == expected


def test_items_add_up() -> None:
    counts = {"inspection_minor": 1, "survey_repeat": 1, "leader_praise": 1, "management_good": 1}
    sub = make_submission(scoring={"JG02": {"counts": counts}})
    assert tally(sub).unit("JG02").quality == 100 - 1 - 3 + 10 + 5


# --- satisfaction -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("baseline", "current", "adj"),
    [
        # baseline, current, expected adjustment (full points)
        (90, 92.5, 20),  # +2 full points up
        (90, 87.2, -10),  # -2.8: two full points down
        (90, 90.9, 0),  # less than a full point
        (90, 89.5, 0),  # -0.5 is no full point
        (89.3, 90.3, 10),  # binary noise: 0.99999999999999 is one full point
        (63.1, 64.1, 10),
        (90.3, 89.3, -5),
        (80, 100, 200),
        (100, 0, -500),
        (90, 90, 0),
    ],
)
def test_satisfaction_full_points(baseline: float, current: float, adj: float) -> None:
    sub = make_submission(scoring={"JG02": {"baseline": baseline, "current": current}})
    unit = tally(sub).unit("JG02")
    assert unit.satisfaction_adj == adj
    assert unit.quality == 100 + adj


@pytest.mark.parametrize(
    ("baseline", "current", "adj"),
    [(90, 92.5, 25.0), (90, 88.75, -6.25), (89.3, 90.3, 10.0), (90, 90.333, 3.33)],
)
def test_satisfaction_proportional(baseline: float, current: float, adj: float) -> None:
    rules = Rules(satisfaction_mode="proportional")
    assert satisfaction_adjustment(satisfaction_delta(baseline, current), rules) == adj


def test_blank_satisfaction_warns_and_counts_zero() -> None:
    sub = make_submission(
        scoring={"JG02": {"current": None}, "JG03": {"baseline": None, "current": 95}}
    )
    result = tally(sub)
    assert result.unit("JG02").satisfaction_adj == 0
    assert result.unit("JG03").satisfaction_adj == 0
    assert [(i.code, i.unit) for i in result.issues] == [
        ("W_SATISFACTION_MISSING", "JG02"),
        ("W_BASELINE_MISSING", "JG03"),
    ]


def test_blank_baseline_comes_from_last_quarter() -> None:
    sub = make_submission(scoring={"JG03": {"baseline": None, "current": 95}})
    history = History(satisfaction={"2026Q3": {"JG03": 92.0}}, winners={"2026Q3": []})
    unit = tally(sub, history=history).unit("JG03")
    assert (unit.baseline, unit.baseline_source, unit.satisfaction_adj) == (92.0, "history", 30)
    # only the previous quarter counts
    older = History(satisfaction={"2026Q2": {"JG03": 92.0}})
    assert tally(sub, history=older).unit("JG03").baseline_source == "none"


# --- peer, leadership, total --------------------------------------------------------------------
def test_total_uses_excel_rounding() -> None:
    # 0.5*100 + 0.25*84.25 + 0.25*84.25 = 92.125 exactly -> 92.13 (Python's round says 92.12)
    sub = make_submission(peer_for={"JG02": 84.25}, leader_for={"JG02": 84.25})
    unit = tally(sub).unit("JG02")
    assert (unit.quality, unit.peer, unit.leadership, unit.total) == (100, 84.25, 84.25, 92.13)


def test_peer_average_skips_blanks_and_rounds() -> None:
    sub = make_submission()
    raters = [r for r in sub.peer if r != "XZ01"]
    for i, rater in enumerate(raters):
        sub.peer[rater]["XZ01"] = [90, 85, 81][i % 3]
    del sub.peer[raters[0]]["XZ01"]  # a blank rating
    unit = tally(sub).unit("XZ01")
    assert unit.peer_count == len(raters) - 1 == 10
    assert unit.peer == 85.3  # (85+81+90+85+81+90+85+81+90+85) / 10


def test_aggregate_mean_and_trimmed() -> None:
    assert aggregate([90, 80, 70], "mean") == 80
    assert aggregate([100, 80, 80, 80, 0], "trimmed") == 80  # drops 100 and 0
    assert aggregate([100, 80, 0, 60], "trimmed") == 60  # fewer than 5: the mean
    assert aggregate([1, 2, 2], "mean") == 1.67
    assert aggregate([], "mean") is None


def test_trimmed_leadership_in_tally() -> None:
    sub = make_submission()
    for rater, value in zip(sub.leadership, [100, 90, 90, 90, 10], strict=True):
        sub.leadership[rater]["JG05"] = value
    rules = Rules(leadership_aggregation="trimmed")
    assert tally(sub, rules).unit("JG05").leadership == 90
    assert tally(sub).unit("JG05").leadership == 76


def test_weights_from_rules() -> None:
    rules = Rules.from_mapping({"weights": {"quality": 0.6, "peer": 0.2, "leadership": 0.2}})
    sub = make_submission(peer_for={"JG02": 70}, leader_for={"JG02": 90})
    assert tally(sub, rules).unit("JG02").total == 92.0


def test_peer_scope_site_counts_only_own_site() -> None:
    sub = make_submission(peer_for={"XZ01": 60})
    for rater in ("XZ02", "XZ03", "XZ04"):
        sub.peer[rater]["XZ01"] = 90
    unit = tally(sub, Rules(peer_scope="site")).unit("XZ01")
    assert (unit.peer, unit.peer_count, unit.peer_expected) == (90, 3, 3)


def test_coverage_warning_and_no_ratings_error() -> None:
    sub = make_submission()
    for rater in list(sub.peer)[:9]:
        sub.peer[rater].pop("XZ04", None)
    for rater in sub.leadership:
        sub.leadership[rater].pop("JG08")
    result = tally(sub)
    found = [(i.code, i.unit) for i in result.issues]
    assert ("W_LOW_COVERAGE", "XZ04") in found
    assert ("E_NO_RATINGS", "JG08") in found
    assert result.unit("JG08").total is None
    assert result.unit("JG08").rank is None
    assert not result.unit("JG08").eligible


# --- rank, eligibility, flags ---------------------------------------------------------------
def test_competition_ranks_per_site() -> None:
    sub = make_submission(peer_for={"JG01": 90, "JG02": 88, "JG03": 88, "XZ01": 95}, leader_for={})
    result = tally(sub)
    ranks = {u.code: u.rank for u in result.units}
    assert ranks["JG01"] == 1
    assert ranks["JG02"] == ranks["JG03"] == 2
    assert ranks["JG04"] == 4  # 1, 2, 2, 4
    assert ranks["XZ01"] == 1


def test_disqualified_top_scorer_gets_no_flag_and_every_reason() -> None:
    sub = make_submission(
        peer_for={"JG01": 99, "JG02": 95, "JG03": 90},
        scoring={
            "JG01": {
                "counts": {"complaint_major": 1, "leader_praise": 3},
                "flags": {"rectification_notice": True},
            }
        },
    )
    result = tally(sub)
    top = result.unit("JG01")
    assert top.rank is None  # 不得参与评选: not ranked (SPEC 2.3, turn 2)
    assert top.total is not None and top.total > result.unit("JG02").total  # scores kept
    assert (result.unit("JG02").rank, result.unit("JG03").rank) == (1, 2)
    assert top.disqualified_by == ["complaint_major", "rectification_notice"]
    assert top.reasons(result.rules) == ["重大质量投诉", "整改通知书"]
    assert top.outcome == ""
    assert [u.code for u in result.winners("机关大楼")] == ["JG02", "JG03"]


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("counts", {"safety_accident": 1}, "safety_accident"),
        ("flags", {"discipline_breach": True}, "discipline_breach"),
    ],
)
def test_other_disqualifications(field: str, value: dict, reason: str) -> None:
    sub = make_submission(peer_for={"XZ01": 99}, scoring={"XZ01": {field: value}})
    result = tally(sub)
    assert result.unit("XZ01").disqualified_by == [reason]
    assert "XZ01" not in [u.code for u in result.winners()]


def test_tie_broken_by_quality() -> None:
    # XZ01: Q 100, P=L 80 -> T 90; XZ02: Q 90, P=L 90 -> T 90; XZ01 has the higher Q
    sub = make_submission(
        peer_for={"XZ01": 80, "XZ02": 90},
        leader_for={"XZ01": 80, "XZ02": 90},
        scoring={"XZ02": {"counts": {"complaint_general": 2}}},
        default_rating=70,
    )
    result = tally(sub)
    assert result.unit("XZ01").total == result.unit("XZ02").total == 90
    assert [u.code for u in result.winners("行政事业中心")] == ["XZ01"]
    assert result.ties("行政事业中心") == []


def test_tie_broken_by_leadership_then_peer() -> None:
    sub = make_submission(peer_for={"XZ01": 90, "XZ02": 80}, leader_for={"XZ01": 80, "XZ02": 90})
    result = tally(sub)
    assert result.unit("XZ01").total == result.unit("XZ02").total
    assert [u.code for u in result.winners("行政事业中心")] == ["XZ02"]  # higher L


def test_full_tie_left_to_the_leaders() -> None:
    sub = make_submission(peer_for={"XZ01": 95, "XZ02": 95}, leader_for={"XZ01": 95, "XZ02": 95})
    result = tally(sub)
    assert [u.code for u in result.ties("行政事业中心")] == ["XZ01", "XZ02"]
    assert result.winners("行政事业中心") == []
    decided = tally(sub, awards=["XZ02"])
    assert [u.code for u in decided.winners("行政事业中心")] == ["XZ02"]
    assert decided.unit("XZ02").decided_by_award
    assert decided.unit("XZ01").outcome == ""
    assert decided.awards == ["XZ02"]


def test_tie_at_cutoff_with_one_winner_above() -> None:
    # 机关大楼 has 2 flags: JG01 clear first, JG02/JG03 tied for the second
    sub = make_submission(
        peer_for={"JG01": 99, "JG02": 95, "JG03": 95},
        leader_for={"JG01": 99, "JG02": 95, "JG03": 95},
    )
    result = tally(sub)
    assert [u.code for u in result.winners("机关大楼")] == ["JG01"]
    assert [u.code for u in result.ties("机关大楼")] == ["JG02", "JG03"]
    with pytest.raises(UsageError, match="只剩 1 面红旗"):
        tally(sub, awards=["JG02", "JG03"])
    with pytest.raises(UsageError, match="JG04"):
        tally(sub, awards=["JG04"])
    with pytest.raises(UsageError, match="没有该单位"):
        tally(sub, awards=["NOPE"])


def test_min_total_for_flag() -> None:
    sub = make_submission(default_rating=60)
    result = tally(sub, Rules(min_total_for_flag=85))
    assert result.winners() == []
    assert result.unit("JG01").reasons(result.rules) == ["综合得分低于 85"]


def test_quality_bounds_clamp() -> None:
    sub = make_submission(scoring={"JG02": {"counts": {"leader_praise": 5}}})
    assert tally(sub, Rules(quality_bounds=(None, 120))).unit("JG02").quality == 120
    assert tally(sub).unit("JG02").quality == 150  # not clamped by default


# --- rewards and streaks ------------------------------------------------------------------------
def _xz01_wins() -> object:
    return make_submission(peer_for={"XZ01": 99, "JG01": 99, "JG02": 98})


@pytest.mark.parametrize(
    ("winners", "streak", "points", "bonus", "priority"),
    [
        ({}, 1, 3, 600, False),
        ({"2026Q3": ["XZ01"]}, 2, 6, 1200, False),
        ({"2026Q2": ["XZ01"], "2026Q3": ["XZ01"]}, 3, 10, 2000, True),
        ({"2026Q1": ["XZ01"], "2026Q2": ["XZ01"], "2026Q3": ["XZ01"]}, 4, 10, 2000, True),
        ({"2026Q2": ["XZ01"], "2026Q3": ["XZ02"]}, 1, 3, 600, False),  # lost last quarter
        ({"2026Q1": ["XZ01"], "2026Q2": ["XZ01"]}, 1, 3, 600, False),  # 2026Q3 missing: broken
    ],
)
def test_streaks_and_tiers(winners, streak, points, bonus, priority) -> None:
    unit = tally(_xz01_wins(), history=History(winners=winners)).unit("XZ01")
    assert unit.won
    assert (unit.streak, unit.reward_points, unit.bonus_yuan, unit.priority) == (
        streak,
        points,
        bonus,
        priority,
    )


def test_non_winners_have_blank_rewards() -> None:
    unit = tally(_xz01_wins()).unit("XZ02")
    assert (unit.outcome, unit.streak, unit.reward_points, unit.bonus_yuan, unit.priority) == (
        "",
        None,
        None,
        None,
        None,
    )


def test_to_frame_one_row_per_unit() -> None:
    result = tally(_xz01_wins())
    frame = result.to_frame()
    assert list(frame["code"]) == [u.code for u in result.roster.units]
    assert frame.loc[frame["code"] == "XZ01", "outcome"].item() == "flag"
    assert frame["total"].tolist() == [u.total for u in result.units]
