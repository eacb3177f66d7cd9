"""Rates of W_RATER_STRATEGIC measured over seeded simulated quarters (SPEC 15; the model is in
ratersim.py), not single draws.  ``python benchmarks/rater_analysis.py sim`` runs the same with
2,000 quarters per case (the figures in docs/rater-analysis.md)."""

from __future__ import annotations

import random

import ratersim as sim

from redflag_xlsx.core.rater_analysis import analyse_raters
from redflag_xlsx.core.scoring import tally


def test_honest_raters_are_rarely_flagged() -> None:
    """Fewer than 1 rater in 100, over 2,010 unit raters (134 quarters of 15 units)."""
    rng = random.Random(2026)
    flagged = raters = 0
    for _ in range(134):
        analysis = analyse_raters(tally(sim.quarter(rng), sim.RULES))
        units = [r for r in analysis.raters if r.kind == "unit"]
        raters += len(units)
        flagged += sum(sim.flagged(analysis, r.code) for r in units)
    assert raters >= 2000
    assert flagged / raters < 0.01, f"{flagged} of {raters}"


def test_planted_suppression_is_flagged_at_least_9_times_in_10() -> None:
    """200 quarters, the suppressor at the site of 10 units and at the site of 5 in turn."""
    rng = random.Random(15)
    found = {10: 0, 5: 0}
    others = 0
    for q in range(200):
        size = sim.SIZES[q % 2]
        analysis, rater = sim.planted_quarter(rng, size)
        found[size] += sim.flagged(analysis, rater)
        others += sum(
            sim.flagged(analysis, r.code)
            for r in analysis.raters
            if r.kind == "unit" and r.code != rater
        )
    assert sum(found.values()) >= 180, found
    assert found[10] >= found[5]  # more rivals, more choices: easier to see
    assert others < 0.01 * 200 * 14  # the honest raters of those quarters stay quiet


def test_a_suppressor_who_marks_down_only_one_rival_is_harder_to_see() -> None:
    """SPEC 15: marking down only some of K is harder to see; S and p still move."""
    rng = random.Random(3)
    full = part = 0
    for _ in range(60):
        sub = sim.quarter(rng)
        rivals = sim.strongest_rivals(tally(sub, sim.RULES), "A01")
        one = sub.model_copy(deep=True)
        sim.suppress(one, "A01", rivals[:1])
        sim.suppress(sub, "A01", rivals)
        full += sim.flagged(analyse_raters(tally(sub, sim.RULES)), "A01")
        part += sim.flagged(analyse_raters(tally(one, sim.RULES)), "A01")
    assert part < full
