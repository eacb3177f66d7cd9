"""The seed's loose ends (issue 20), each against hand-computed cases: who is ranked, the
satisfaction baseline read two ways, in-house units, the contractor's streak.

Totals by hand: T = 0.5·Q + 0.25·P + 0.25·L; ``make_submission`` gives every unit P = L = 80
unless told otherwise, so a plain unit has Q = 100 and T = 50 + 20 + 20 = 90.
"""

from __future__ import annotations

import pytest

from redflag_xlsx.core.errors import ConfigError
from redflag_xlsx.core.models import History
from redflag_xlsx.core.peers import peer_raters, rated_by, raters_of
from redflag_xlsx.core.period import Period
from redflag_xlsx.core.roster import Roster, contractor_key
from redflag_xlsx.core.rules import Rules
from redflag_xlsx.core.scoring import tally, win_streak

from subs import make_submission


# --- 1. a disqualified unit is not ranked (SPEC 2.3, 五.5 不得参与评选) -------------------------
def test_a_disqualified_top_scorer_has_no_rank_and_the_others_close_up() -> None:
    sub = make_submission(
        peer_for={"JG01": 99, "JG02": 95, "JG03": 90, "JG04": 85, "JG05": 85},
        scoring={"JG01": {"counts": {"complaint_major": 1, "leader_praise": 3}}},
    )
    result = tally(sub)
    by_code = {u.code: u for u in result.units if u.site == "机关大楼"}
    # unit: (T by hand, rank)
    expected = {
        "JG01": (0.5 * 120 + 0.25 * 99 + 20, None),  # 104.75: the best total, 不得参与评选
        "JG02": (50 + 0.25 * 95 + 20, 1),  # 93.75: was ranked 2 in v1
        "JG03": (50 + 0.25 * 90 + 20, 2),  # 92.5
        "JG04": (50 + 0.25 * 85 + 20, 3),  # 91.25, tied ...
        "JG05": (50 + 0.25 * 85 + 20, 3),  # ... sharing rank 3
        "JG06": (90, 5),
        "JG07": (90, 5),
        "JG08": (90, 5),
    }
    assert {c: (u.total, u.rank) for c, u in by_code.items()} == expected
    assert by_code["JG01"].quality == 120  # its scores and reasons are kept
    assert by_code["JG01"].reasons(result.rules) == ["重大质量投诉"]
    assert [u.code for u in result.winners("机关大楼")] == ["JG02", "JG03"]


def test_every_reason_not_to_win_leaves_the_unit_unranked() -> None:
    rules = Rules(min_total_for_flag=91)
    sub = make_submission(
        peer_for={"XZ01": 99, "XZ02": 96, "XZ03": 92},
        scoring={"XZ01": {"flags": {"rectification_notice": True}}},
    )
    result = tally(sub, rules)
    ranks = {u.code: u.rank for u in result.units if u.site == "行政事业中心"}
    # XZ01 disqualified, XZ04 (T 90) below the minimum of 91: neither takes part
    assert ranks == {"XZ01": None, "XZ02": 1, "XZ03": 2, "XZ04": None}


# --- 2. the satisfaction baseline, read two ways (SPEC 2.1) ----------------------------------
# a unit's 本期满意率 over three quarters, the baseline cell left blank after the first
SWING = {"2026Q2": 95.0, "2026Q3": 90.0, "2026Q4": 95.0}


def _quarters(rules: Rules, roster: Roster) -> dict[str, float]:
    """The adjustment of JG02 in 2026Q3 and 2026Q4, each tallied with the history before."""
    history = History()
    adjustments = {}
    for period, rate in SWING.items():
        typed = 95.0 if period == "2026Q2" else None
        sub = make_submission(
            roster=roster,
            period=period,
            scoring={"JG02": {"baseline": typed, "current": rate}},
        )
        unit = tally(sub, rules, history).unit("JG02")
        adjustments[period] = unit.satisfaction_adj
        history.winners[period] = []
        history.satisfaction[period] = {"JG02": rate}
    return adjustments


def test_a_rolling_baseline_rewards_the_swing() -> None:
    adj = _quarters(Rules(), Roster.sample())
    # 95 -> 90: 5 points down, -5 each; 90 -> 95: 5 points up, +10 each
    assert adj == {"2026Q2": 0, "2026Q3": -25, "2026Q4": 50}
    assert adj["2026Q3"] + adj["2026Q4"] == 25  # a steady 95 would have 0


def test_a_fixed_baseline_does_not() -> None:
    base = Roster.sample()
    units = tuple(
        u.model_copy(update={"baseline": 95.0}) if u.code == "JG02" else u for u in base.units
    )
    adj = _quarters(Rules(satisfaction_baseline="fixed"), Roster(units=units, leaders=base.leaders))
    # against the contract's 95: 90 is 5 points down (-25), 95 is no change (0)
    assert adj == {"2026Q2": 0, "2026Q3": -25, "2026Q4": 0}


def test_where_each_baseline_comes_from() -> None:
    base = Roster.sample()
    units = tuple(u.model_copy(update={"baseline": {"JG02": 92.0}.get(u.code)}) for u in base.units)
    roster = Roster(units=units, leaders=base.leaders)
    history = History(winners={"2026Q3": []}, satisfaction={"2026Q3": {"JG02": 80.0, "JG03": 85}})
    sub = make_submission(
        roster=roster,
        scoring={
            "JG02": {"baseline": None, "current": 93.5},
            "JG03": {"baseline": None, "current": 86.0},
            "JG04": {"baseline": 91.0, "current": 90.0},
        },
    )
    rolling = tally(sub, Rules(), history)
    fixed = tally(sub, Rules(satisfaction_baseline="fixed"), history)
    # unit: (baseline, source, adj) -- rolling, then fixed
    assert [(u.baseline, u.baseline_source, u.satisfaction_adj) for u in rolling.units[1:4]] == [
        (80.0, "history", 130),  # 93.5 - 80 = 13.5 -> 13 full points
        (85.0, "history", 10),
        (91.0, "input", -5),
    ]
    assert [(u.baseline, u.baseline_source, u.satisfaction_adj) for u in fixed.units[1:4]] == [
        (92.0, "roster", 10),  # the roster's 92, not last quarter's 80
        (None, "none", 0),  # no fixed baseline in the roster: W_BASELINE_MISSING
        (91.0, "input", -5),  # a typed baseline always wins
    ]
    missing = [i for i in fixed.issues if i.code == "W_BASELINE_MISSING"]
    assert [i.unit for i in missing] == ["JG03"]
    assert "名册中也没有该单位的基准满意率" in missing[0].text("zh")
    assert "satisfaction_baseline" in missing[0].text("en")


# --- 3. in-house units (SPEC 3) -----------------------------------------------------------------
def test_the_sample_engineering_department_is_in_house() -> None:
    roster = Roster.sample()
    assert [u.code for u in roster.units if u.in_house] == ["JG01"]


def test_an_in_house_winner_gets_the_tier_but_no_priority() -> None:
    history = History(winners={"2026Q2": ["JG01"], "2026Q3": ["JG01"]})
    sub = make_submission(peer_for={"JG01": 99, "JG02": 98})
    result = tally(sub, Rules(), history)
    jg01, jg02 = result.unit("JG01"), result.unit("JG02")
    assert (jg01.won, jg01.streak, jg01.reward_points, jg01.bonus_yuan) == (True, 3, 10, 2000)
    assert jg01.in_house and jg01.priority is None  # 不适用: never tendered
    assert (jg02.won, jg02.streak, jg02.priority) == (True, 1, False)


@pytest.mark.parametrize("in_house_rates", [True, False])
def test_who_rates_peers(in_house_rates: bool) -> None:
    rules = Rules(in_house_rates_peers=in_house_rates)
    roster = Roster.sample()
    raters = [u.code for u in peer_raters(roster, rules)]
    assert ("JG01" in raters) is in_house_rates
    assert len(raters) == 12 if in_house_rates else 11
    # the in-house unit is rated by everyone else either way
    assert len(raters_of(roster, rules, "JG01")) == 11
    assert len(raters_of(roster, rules, "JG02")) == (10 if not in_house_rates else 11)
    assert len(rated_by(roster, rules, "JG01")) == (11 if in_house_rates else 0)
    # the engine expects exactly these raters
    result = tally(make_submission(), rules)
    assert result.unit("JG02").peer_expected == (11 if in_house_rates else 10)
    assert result.unit("JG01").peer_expected == 11


def test_ratings_of_a_unit_that_rates_no_peers_are_not_counted() -> None:
    rules = Rules(in_house_rates_peers=False)
    sub = make_submission(peer_for={"JG02": 90})
    sub.peer["JG01"]["JG02"] = 10.0  # in the data, but JG01 rates no one under these rules
    assert tally(sub, rules).unit("JG02").peer == 90
    assert tally(sub, Rules()).unit("JG02").peer == 82.73  # (10 × 90 + 10) / 11


def test_a_unit_nobody_may_rate_is_refused() -> None:
    base = Roster.sample()
    # 行政事业中心 with one contractor beside an in-house unit, site scope, in-house not rating
    units = tuple(
        u.model_copy(update={"contractor": ""}) if u.code in ("XZ01", "XZ02", "XZ03") else u
        for u in base.units
    )
    roster = Roster(units=units, leaders=base.leaders)
    Rules(peer_scope="site").check_roster(roster)  # the in-house units rate XZ04
    with pytest.raises(ConfigError, match="XZ04"):
        Rules(peer_scope="site", in_house_rates_peers=False).check_roster(roster)


# --- 4. the contractor's streak (SPEC 2.4) -------------------------------------------------------
def test_a_change_of_contractor_restarts_the_streak() -> None:
    winners = {p: ["JG02"] for p in ("2026Q1", "2026Q2", "2026Q3")}
    contractors = {
        "2026Q1": {"JG02": "甲物业公司"},
        "2026Q2": {"JG02": "乙物业公司"},  # re-tendered: 乙 took over
        "2026Q3": {"JG02": "乙物业公司"},
    }
    q4 = Period.parse("2026Q4")
    assert win_streak("JG02", q4, winners, contractors, "乙物业公司") == 3  # Q2, Q3, Q4
    assert win_streak("JG02", q4, winners, contractors, "丙物业公司") == 1  # a new contractor
    assert win_streak("JG02", q4, winners) == 4  # the unit's streak, contractors not checked
    # a contractor typed with full-width brackets or spaces is the same contractor
    contractors["2026Q3"]["JG02"] = "乙物业（北京）公司"
    assert win_streak("JG02", q4, winners, contractors, "乙物业 (北京)公司") == 2
    assert contractor_key("乙物业（北京）公司") == contractor_key(" 乙物业(北京) 公司")


def test_the_tally_pays_the_contractors_tier() -> None:
    base = Roster.sample()
    history = History(
        winners={p: ["JG02"] for p in ("2026Q1", "2026Q2", "2026Q3")},
        contractors={
            "2026Q1": {"JG02": "旧物业公司"},
            "2026Q2": {"JG02": "华信物业管理有限公司"},
            "2026Q3": {"JG02": "华信物业管理有限公司"},
        },
    )
    sub = make_submission(peer_for={"JG02": 99}, roster=base)
    unit = tally(sub, Rules(), history).unit("JG02")
    assert unit.contractor == "华信物业管理有限公司"
    # the contractor of this quarter won Q2 and Q3: third in a row, not fourth
    assert (unit.streak, unit.reward_points, unit.bonus_yuan, unit.priority) == (3, 10, 2000, True)


def test_the_results_carry_last_quarters_winners() -> None:
    history = History(winners={"2026Q3": ["JG05", "XZ02"]})
    assert tally(make_submission(), Rules(), history).previous_winners == ["JG05", "XZ02"]
    assert tally(make_submission(), Rules(), History()).previous_winners is None
