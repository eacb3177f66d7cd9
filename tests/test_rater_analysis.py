"""The rater analysis (SPEC 15) on quarters built through the engine: figures by hand, planted
manipulations found and named, the permutation test against brute force, decisive raters against
a full re-tally without each rater."""

from __future__ import annotations

import itertools
import json
import math
import random
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import ratersim as sim

from redflag_xlsx.core.errors import ConfigError
from redflag_xlsx.core.i18n import t
from redflag_xlsx.core.models import ScoringRow, Submission
from redflag_xlsx.core.rater_analysis import (
    SAMPLES,
    OutcomeChange,
    Pair,
    RaterAnalysis,
    analyse_raters,
    rival_p_value,
)
from redflag_xlsx.core.roster import Leader, Roster, Unit
from redflag_xlsx.core.rules import Rules
from redflag_xlsx.core.scoring import Result, tally

from scenarios import SCENARIOS, Scenario, _twin, make_submission, three_site_roster
from subs import make_submission as uniform_submission


def flat(analysis: RaterAnalysis) -> list[tuple[str, str | None, str | None]]:
    return [(i.code, i.rater, i.unit) for i in analysis.issues]


# --- the figures, by hand -----------------------------------------------------------------------
def _three_units(**rules: object) -> Result:
    roster = Roster(
        units=tuple(Unit(code=f"A{i}", name=f"单位{i}", site="S") for i in (1, 2, 3)),
        leaders=(Leader(code="L1", name="甲"), Leader(code="L2", name="乙")),
    )
    sub = Submission(
        period="2026Q4",
        roster=roster,
        scoring={c: ScoringRow(unit=c, baseline=90, current=90) for c in ("A1", "A2", "A3")},
        peer={
            "A1": {"A2": 80, "A3": 90},
            "A2": {"A1": 70, "A3": 84},
            "A3": {"A1": 76, "A2": 88},
        },
        leadership={"L1": {"A1": 80, "A2": 90, "A3": 70}, "L2": {"A1": 90, "A2": 90, "A3": 80}},
    )
    return tally(sub, Rules(flags_per_site={"S": 1}, **rules))  # type: ignore[arg-type]


def test_deviations_leniency_and_units_by_hand() -> None:
    analysis = analyse_raters(_three_units())
    # d(A1,A2) = 80 - 88, d(A1,A3) = 90 - 84; d(A2,·) = 70 - 76, 84 - 90; d(A3,·) = 6, 8
    # leaders: d(L1,·) = -10, 0, -10; d(L2,·) = 10, 0, 10
    biases = {r.code: r.bias for r in analysis.raters}
    assert biases == pytest.approx({"A1": -1, "A2": -6, "A3": 7, "L1": -20 / 3, "L2": 20 / 3})
    assert [(r.code, r.kind, r.site, r.rated) for r in analysis.raters] == [
        ("A1", "unit", "S", 2),
        ("A2", "unit", "S", 2),
        ("A3", "unit", "S", 2),
        ("L1", "leader", None, 3),
        ("L2", "leader", None, 3),
    ]
    units = [(u.code, u.peer, u.leadership, u.difference) for u in analysis.units]
    assert units == [("A1", 73, 85, -12), ("A2", 84, 90, -6), ("A3", 87, 75, 12)]
    assert analysis.issues == [] and analysis.pairs == []
    # K would be 3 units, the site has only 2 others (by 0.5·Q + 0.25·L: A2, A1, A3), and 2
    # rated units are too few to test
    assert [(r.rival.rivals, r.rival.p_value) for r in analysis.raters[:3] if r.rival] == [
        (["A2", "A3"], None),
        (["A1", "A3"], None),
        (["A2", "A1"], None),
    ]


def test_thresholds_are_inclusive_rules_parameters() -> None:
    analysis = analyse_raters(_three_units(rater_bias_points=7, rater_pair_points=6))
    assert flat(analysis) == [("W_RATER_BIAS", "A3", None), ("W_RATER_PAIR", "A1", "A3")]
    assert analysis.pairs == [Pair(a="A1", b="A3", a_to_b=6, b_to_a=6)]
    assert analysis.rater("A1").pairs == ["A3"] and analysis.rater("A3").pairs == ["A1"]
    assert analysis.rater("A3").warnings == ["W_RATER_BIAS", "W_RATER_PAIR"]
    assert analyse_raters(_three_units(rater_bias_points=7.5, rater_pair_points=6.5)).issues == []


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("rater_bias_points", -1),
        ("rater_strategic_p", 1.5),
        ("rater_strategic_p", -0.1),
        ("rater_strategic_points", -8),
        ("rater_pair_points", "eight"),
    ],
)
def test_thresholds_are_validated(key: str, value: object) -> None:
    with pytest.raises(ConfigError, match=key):
        Rules.from_mapping({key: value})


def test_thresholds_defaults() -> None:
    rules = Rules.default()
    assert (
        rules.rater_bias_points,
        rules.rater_strategic_p,
        rules.rater_strategic_points,
        rules.rater_pair_points,
    ) == (8, 0.01, 8, 8)


# --- planted manipulations -------------------------------------------------------------------
def _honest(seed: int) -> Submission:
    return sim.quarter(random.Random(seed))


def test_planted_rival_suppression_is_found_and_named() -> None:
    sub = _honest(7)
    rivals = sim.strongest_rivals(tally(sub, sim.RULES), "A03")
    sim.suppress(sub, "A03", rivals)
    analysis = analyse_raters(tally(sub, sim.RULES))
    strategic = [i for i in analysis.issues if i.code == "W_RATER_STRATEGIC"]
    assert [i.rater for i in strategic] == ["A03"]
    test = analysis.rater("A03").rival
    assert test is not None and test.rivals == rivals and len(rivals) == 4  # 2 flags + 2
    assert test.exact and test.choices == math.comb(14, 4)
    assert test.statistic is not None and test.statistic <= -8
    assert test.p_value is not None and test.p_value <= 0.01
    for code in rivals:
        assert code in strategic[0].message
    assert strategic[0].message.startswith("A03（大楼项目3）")


def test_colluding_pair_is_found_and_named() -> None:
    sub = _honest(8)
    sub.peer["A02"]["B04"] += 12
    sub.peer["B04"]["A02"] += 12
    analysis = analyse_raters(tally(sub, sim.RULES))
    assert [(i.rater, i.unit) for i in analysis.issues if i.code == "W_RATER_PAIR"] == [
        ("A02", "B04")
    ]
    (pair,) = analysis.pairs
    assert (pair.a, pair.b) == ("A02", "B04") and min(pair.a_to_b, pair.b_to_a) >= 8
    message = next(i.message for i in analysis.issues if i.code == "W_RATER_PAIR")
    assert f"{pair.a_to_b:.1f}" in message and f"{pair.b_to_a:.1f}" in message


def test_a_unit_in_two_pairs() -> None:
    sub = _honest(8)
    for other in ("B04", "A05"):
        sub.peer["A02"][other] += 25  # well above the noise (d is about ±5)
        sub.peer[other]["A02"] += 25
    analysis = analyse_raters(tally(sub, sim.RULES))
    assert [(p.a, p.b) for p in analysis.pairs] == [("A02", "A05"), ("A02", "B04")]
    assert analysis.rater("A02").pairs == ["A05", "B04"]
    assert analysis.rater("A02").warnings == ["W_RATER_PAIR"]  # each warning code once


@pytest.mark.parametrize(("shift", "direction"), [(10, "高"), (-10, "低")])
def test_lenient_or_strict_leader_is_found_and_named(shift: float, direction: str) -> None:
    sub = _honest(9)
    for v in sub.leadership["L3"]:
        sub.leadership["L3"][v] += shift
    analysis = analyse_raters(tally(sub, sim.RULES))
    assert [(i.code, i.rater) for i in analysis.issues if i.code == "W_RATER_BIAS"] == [
        ("W_RATER_BIAS", "L3")
    ]
    bias = analysis.rater("L3").bias
    assert bias is not None and abs(bias - shift * 5 / 4) < 4  # the others' mean moves too
    issue = next(i for i in analysis.issues if i.code == "W_RATER_BIAS")
    assert issue.message.startswith(f"L3（领导3）的评分平均比其他评分人对同一单位的评分{direction}")


def test_decisive_leader_is_named_with_the_change() -> None:
    # XZ01 and XZ02 compete for the one flag at 行政事业中心; XZ02 has the better quality score
    # (100 against 99, as XZ03 and XZ04), but LD01 rates XZ01 20 points up and XZ02 20 points
    # down: with LD01, XZ01 wins
    minor = {"counts": {"inspection_minor": 1}}
    sub = uniform_submission(scoring={"XZ01": minor, "XZ03": minor, "XZ04": minor})
    sub.leadership["LD01"]["XZ01"] = 100
    sub.leadership["LD01"]["XZ02"] = 60
    result = tally(sub)
    assert [u.code for u in result.winners("行政事业中心")] == ["XZ01"]
    analysis = analyse_raters(result)
    assert [r.code for r in analysis.decisive] == ["LD01"]
    assert analysis.rater("LD01").changes == [
        OutcomeChange(unit="XZ01", site="行政事业中心", before="flag", after=""),
        OutcomeChange(unit="XZ02", site="行政事业中心", before="", after="flag"),
    ]
    assert _brute_force_changes(Scenario("decisive", sub, Rules.default()), analysis) == []


# --- the permutation test ----------------------------------------------------------------------
def _brute_hits(dev: list[Fraction], k: int, chosen: tuple[int, ...]) -> int:
    """Ways of choosing k whose S = mean(chosen) - mean(rest) is ≤ S(chosen), exactly."""
    n, total = len(dev), sum(dev)

    def s(idx: tuple[int, ...]) -> Fraction:
        inside = sum(dev[i] for i in idx)
        return inside / k - (total - inside) / (n - k)

    limit = s(chosen)
    return sum(s(c) <= limit for c in itertools.combinations(range(n), k))


@pytest.mark.parametrize("seed", range(40))
def test_exact_p_value_against_brute_force(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.randint(3, 13)
    k = rng.randint(1, n - 2)
    # integer deviations (many ties), or quarters as in a real grid (mean of others)
    if seed % 2:
        dev = [Fraction(rng.randint(-6, 6)) for _ in range(n)]
    else:
        dev = [Fraction(rng.randint(-400, 400), 7) for _ in range(n)]
    chosen = tuple(sorted(rng.sample(range(n), k)))
    floats = np.array([float(d) for d in dev])
    hits, choices, exact = rival_p_value(floats, k, float(floats[list(chosen)].sum()))
    assert (hits, choices, exact) == (_brute_hits(dev, k, chosen), math.comb(n, k), True)


@pytest.mark.parametrize(("n", "k"), [(40, 5), (22, 8)])  # sampled by rejection / by sorting
def test_sampled_p_value_is_seeded_and_close_to_the_exact_one(n: int, k: int) -> None:
    rng = np.random.default_rng(n)
    dev = rng.normal(0, 5, n)
    dev[:k] -= 1  # a somewhat low K: p is neither 0 nor 1
    k_sum = float(dev[:k].sum())
    hits, choices, exact = rival_p_value(dev, k, k_sum, "JG01")
    assert (choices, exact) == (SAMPLES, False) and math.comb(n, k) > 100_000
    assert rival_p_value(dev, k, k_sum, "JG01") == (hits, choices, exact)  # the same p again
    assert rival_p_value(dev, k, k_sum, "JG02")[0] != hits  # another rater: another sample
    sums = np.zeros(math.comb(n, k))
    for i, c in enumerate(itertools.combinations(range(n), k)):
        sums[i] = dev[list(c)].sum()
    p_exact = float(np.mean(sums <= k_sum + 1e-7))
    assert 0.005 < p_exact < 0.5
    assert abs(hits / SAMPLES - p_exact) < 4 * math.sqrt(p_exact * (1 - p_exact) / SAMPLES)


def test_p_values_in_a_quarter_against_brute_force_from_the_ratings() -> None:
    """d, K and p recomputed here from the raw ratings, independently of the module."""
    sub = _honest(11)
    sub.peer["B02"].pop("A05")  # a blank rating: one unit fewer in B02's test
    sub.peer["A07"].pop(sim.strongest_rivals(tally(sub, sim.RULES), "A07")[0])  # K unrated
    result = tally(sub, sim.RULES)
    analysis = analyse_raters(result)
    for rater in sim.ROSTER.units:
        r = rater.code
        dev = {}
        for v, x in sub.peer[r].items():
            others = [sub.peer[o][v] for o in sub.peer if o not in (r, v) and v in sub.peer[o]]
            dev[v] = Fraction(x) - sum(map(Fraction, others)) / len(others)
        contenders = sim.strongest_rivals(result, r)
        rivals = [v for v in contenders if v in dev]
        test = analysis.rater(r).rival
        assert test is not None
        assert (test.rivals, test.unrated) == (rivals, [v for v in contenders if v not in dev])
        codes = list(dev)
        chosen = tuple(codes.index(v) for v in rivals)
        values = [dev[c] for c in codes]
        hits = _brute_hits(values, len(rivals), chosen)
        assert (test.hits, test.choices) == (hits, math.comb(len(codes), len(rivals)))
        k_mean = sum(dev[v] for v in rivals) / len(rivals)
        rest = [dev[v] for v in codes if v not in rivals]
        assert test.statistic == pytest.approx(float(k_mean - sum(rest) / len(rest)))
        assert analysis.rater(r).bias == pytest.approx(float(sum(values) / len(values)))


def test_rival_test_skipped_when_too_few_units_were_rated() -> None:
    sub = _honest(12)
    for v in [c for c in sub.peer["B01"] if c.startswith("A")][3:]:
        sub.peer["B01"].pop(v)  # B01 rates 4 B units and 3 A units: |K| + 2 = 5 <= 7
    for v in [c for c in sub.peer["B02"] if c.startswith("A")]:
        sub.peer["B02"].pop(v)  # 4 rated units (its site's): |K| = 3 needs 5
    analysis = analyse_raters(tally(sub, sim.RULES))
    assert analysis.rater("B01").rival.p_value is not None  # type: ignore[union-attr]
    skipped = analysis.rater("B02").rival
    assert skipped is not None and skipped.rivals and skipped.statistic is None
    assert skipped.p_value is None and skipped.exact is None


# --- decisive raters: the same as re-tallying without each rater ------------------------------
def _brute_force_changes(sc: Scenario, analysis: RaterAnalysis) -> list[str]:
    """Raters whose listed changes differ from a full re-tally without their ratings."""
    base = sc.tally()
    wrong = []
    for r in analysis.raters:
        sub = sc.submission.model_copy(deep=True)
        (sub.peer if r.kind == "unit" else sub.leadership).pop(r.code, None)
        again = tally(sub, sc.rules, sc.history, sc.awards)
        expected = [
            OutcomeChange(unit=u.code, site=u.site, before=b.outcome, after=u.outcome)
            for b, u in zip(base.units, again.units, strict=True)
            if b.outcome != u.outcome
        ]
        if r.changes != expected:
            wrong.append(r.code)
    return wrong


@pytest.mark.parametrize("name", [n for n in SCENARIOS if n != "award"])
def test_decisive_raters_match_a_full_retally(name: str) -> None:
    sc = SCENARIOS[name]()
    assert _brute_force_changes(sc, analyse_raters(sc.tally())) == []


def _knife_edge(seed: int) -> Scenario:
    """Ratings on a half-point grid, few of them, weights that make half cents: totals land on
    rounding boundaries and ties all the time."""
    rng = random.Random(seed)
    roster = three_site_roster()
    rules = Rules(
        peer_scope=rng.choice(("all", "site")),
        flags_per_site={"北楼": 2, "南楼": 1, "东院": 1},
        peer_aggregation=rng.choice(("mean", "trimmed")),
        leadership_aggregation=rng.choice(("mean", "trimmed")),
        trim_min_count=3,
        min_total_for_flag=rng.choice((None, 93.5)),
    )
    sub = make_submission(roster, rules, seed, missing=0.15)
    for code, row in sub.scoring.items():  # quality scores 100 or 99: ties in Q too
        counts = {"inspection_minor": rng.choice((0, 0, 1))}
        sub.scoring[code] = row.model_copy(update={"counts": counts, "baseline": 90, "current": 90})
    for grid in (sub.peer, sub.leadership):
        for given in grid.values():
            for v in given:
                given[v] = rng.choice((89, 90, 90, 91))
    if seed % 2:  # a tie for the flag of 东院: its winner gets a twin
        winner = tally(sub, rules).winners("东院")[0].code
        _twin(sub, winner, next(u.code for u in roster.units_at("东院") if u.code != winner))
    return Scenario("knife_edge", sub, rules)


@pytest.mark.parametrize("seed", range(12))
def test_decisive_raters_match_a_full_retally_on_knife_edges(seed: int) -> None:
    sc = _knife_edge(seed)
    assert _brute_force_changes(sc, analyse_raters(sc.tally())) == []


def test_decisive_raters_found_on_knife_edges() -> None:
    """The knife-edge quarters do exercise the decisive path (else the test above is empty)."""
    changes = [r.changes for s in range(12) for r in analyse_raters(_knife_edge(s).tally()).raters]
    outcomes = {(c.before, c.after) for cs in changes for c in cs}
    assert {("flag", ""), ("", "flag"), ("tie", "flag"), ("flag", "tie")} <= outcomes


# --- decisive raters with the leaders' --award decisions -----------------------------------------
def test_award_stands_while_its_tied_group_does() -> None:
    sc = SCENARIOS["award"]()  # XZ01 and XZ03 tied; the leaders chose XZ03
    result = sc.tally()
    assert (result.unit("XZ03").outcome, result.unit("XZ01").outcome) == ("flag", "")
    analysis = analyse_raters(result)
    # every leader rated the twins alike: without any one of them the tie and the award stand
    assert all(r.changes == [] for r in analysis.raters if r.kind == "leader")
    # without XZ03's ratings XZ01 leads outright: the award is moot and XZ01 wins
    assert analysis.rater("XZ03").changes == [
        OutcomeChange(unit="XZ01", site="行政事业中心", before="", after="flag"),
        OutcomeChange(unit="XZ03", site="行政事业中心", before="flag", after=""),
    ]


def test_awards_that_no_longer_fit_reopen_the_tie() -> None:
    sub = uniform_submission(leader_for={"JG01": 90, "JG02": 90, "JG03": 90})
    sub.peer["XZ01"]["JG03"] = 70  # JG01, JG02, JG03 tied for the 2 flags of 机关大楼 ...
    sub.peer["XZ02"]["JG03"] = 90  # ... with JG03's ratings spread by two raters
    result = tally(sub, awards=["JG01", "JG02"])
    assert [u.code for u in result.winners("机关大楼")] == ["JG01", "JG02"]
    analysis = analyse_raters(result)
    # without XZ01, JG03 leads: one flag left for two awarded units, the leaders decide again
    assert analysis.rater("XZ01").changes == [
        OutcomeChange(unit="JG01", site="机关大楼", before="flag", after="tie"),
        OutcomeChange(unit="JG02", site="机关大楼", before="flag", after="tie"),
        OutcomeChange(unit="JG03", site="机关大楼", before="", after="flag"),
    ]
    assert analysis.rater("XZ02").changes == []  # JG03 falls behind: the awarded units win
    assert [r.code for r in analysis.decisive] == ["XZ01"]


# --- the analysis changes nothing, and is data --------------------------------------------------
def test_scores_are_never_changed() -> None:
    sc = SCENARIOS["ties"]()
    result = sc.tally()
    before = result.model_dump()
    analysis = analyse_raters(result)
    assert analysis.decisive  # re-allocation happened, on copies
    assert result.model_dump() == before


def test_json_for_the_command_line() -> None:
    analysis = analyse_raters(SCENARIOS["site_scope"]().tally())
    assert analysis.issues  # so that the rendered findings are checked
    data = json.loads(json.dumps(analysis.rendered("en")))
    assert data["issues"] == [i.rendered("en") for i in analysis.issues]
    del data["issues"]
    again = RaterAnalysis.model_validate({**data, "issues": analysis.issues})
    assert again == analysis


def test_messages_in_english() -> None:
    result = _three_units(rater_bias_points=7, rater_pair_points=6)
    bias, pair = analyse_raters(result).issues
    assert bias.text("en") == t(
        "W_RATER_BIAS",
        "en",
        rater="A3",
        name="单位3",
        points="7.0",
        direction="higher",
        n=2,
        units="A2 (+8.0), A1 (+6.0)",
    )
    assert bias.message.endswith("偏离最大：A2（+8.0）、A1（+6.0））")  # Chinese by default
    assert bias.hint_text("en") == t("W_RATER_BIAS.hint", "en")
    assert pair.text("en").startswith("A1 (单位1) and A3 (单位3) rate each other high")


def test_needs_the_submission() -> None:
    result = SCENARIOS["sample"]().tally().model_copy(update={"submission": None})
    with pytest.raises(ValueError, match="submission"):
        analyse_raters(result)


def test_pure_module_imports_no_io_library() -> None:
    code = "import redflag_xlsx.core.rater_analysis, sys; print('\\n'.join(sys.modules))"
    mods = set(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert not {"openpyxl", "xlsxwriter", "pandas", "click", "rich", "python_calamine"} & mods


def test_the_benchmark_runs_on_a_small_city() -> None:
    """benchmarks/rater_analysis.py keeps working (its timings are not checked here)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from rater_analysis import time_city  # the benchmark script, not the package module

    got = time_city(80, runs=1)
    assert got["tally"] > 0 and got["analysis"] > 0 and got["ratio"] > 0
