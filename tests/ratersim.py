"""Simulated quarters for the rater analysis (SPEC 15), through the engine.

The model of SPEC 15: two sites, one of 10 units (2 flags) and one of 5 units (1 flag),
``peer_scope = "all"`` (every unit rates the 14 others), 5 leaders.  Each unit has a true quality
drawn uniformly from 75–95; every rating, by a unit or a leader, is that quality plus independent
normal noise of sd 5 (not rounded: SPEC 2.2 takes any decimal number).  The quality scores Q carry
a few random deductions, independent of the ratings.

A *suppressor* marks each of its |K| strongest rivals (the ``flags + 2`` units of its site,
itself excluded, with the highest ``w_quality·Q + w_leadership·L``, ties by code: computed here
independently of the module) down by 15 points.

    rate, raters = honest_rates(quarters, site_size, seed)    # share with W_RATER_STRATEGIC
    rate, n = planted_rates(quarters, site_size, seed)        # share of suppressors flagged
"""

from __future__ import annotations

import random

from redflag_xlsx.core.models import ScoringRow, Submission
from redflag_xlsx.core.rater_analysis import RaterAnalysis, analyse_raters
from redflag_xlsx.core.roster import Leader, Roster, Unit
from redflag_xlsx.core.rules import Rules
from redflag_xlsx.core.scoring import Result, tally

SIZES = (10, 5)  # units a site; flags 2 and 1
NOISE = 5.0
MARK_DOWN = 15.0

_SITES = {"大楼": (10, 2), "中心": (5, 1)}
ROSTER = Roster(
    units=tuple(
        Unit(code=f"{prefix}{i:02d}", name=f"{site}项目{i}", site=site)
        for prefix, (site, (n, _)) in zip("AB", _SITES.items(), strict=True)
        for i in range(1, n + 1)
    ),
    leaders=tuple(Leader(code=f"L{i}", name=f"领导{i}") for i in range(1, 6)),
)
RULES = Rules(peer_scope="all", flags_per_site={s: f for s, (_, f) in _SITES.items()})


def quarter(rng: random.Random) -> Submission:
    """One honest quarter: every rating = true quality + noise."""
    codes = [u.code for u in ROSTER.units]
    truth = {c: rng.uniform(75, 95) for c in codes}
    peer = {r: {v: truth[v] + rng.gauss(0, NOISE) for v in codes if v != r} for r in codes}
    leadership = {
        ld.code: {v: truth[v] + rng.gauss(0, NOISE) for v in codes} for ld in ROSTER.leaders
    }
    scoring = {
        c: ScoringRow(
            unit=c,
            counts={
                "inspection_minor": rng.choice((0, 0, 1, 2)),
                "survey_minor": rng.choice((0, 0, 1)),
                "bulletin_article": rng.choice((0, 1)),
            },
            baseline=90.0,
            current=90.0,
        )
        for c in codes
    }
    return Submission(
        period="2026Q4", roster=ROSTER, scoring=scoring, peer=peer, leadership=leadership
    )


def strongest_rivals(result: Result, rater: str) -> list[str]:
    """K of ``rater``, from the tallied Q and L (which no peer rating touches)."""
    w, me = result.rules.weights, result.unit(rater)
    rivals = [u for u in result.units if u.site == me.site and u.code != rater]
    assert all(u.leadership is not None for u in rivals)
    rivals.sort(key=lambda u: (-(w.quality * u.quality + w.leadership * u.leadership), u.code))
    return [u.code for u in rivals[: result.rules.flags_for(me.site) + 2]]


def suppress(sub: Submission, rater: str, rivals: list[str]) -> None:
    for v in rivals:
        sub.peer[rater][v] -= MARK_DOWN


def flagged(analysis: RaterAnalysis, code: str) -> bool:
    return "W_RATER_STRATEGIC" in analysis.rater(code).warnings


def honest_rates(quarters: int, site_size: int, seed: int) -> tuple[float, int]:
    """Share of the unit raters at a site of ``site_size`` units that get W_RATER_STRATEGIC on
    honest quarters, and how many raters that is."""
    rng = random.Random(seed)
    hits = raters = 0
    for _ in range(quarters):
        analysis = analyse_raters(tally(quarter(rng), RULES))
        for r in analysis.raters:
            if r.kind == "unit" and len(ROSTER.units_at(r.site or "")) == site_size:
                raters += 1
                hits += flagged(analysis, r.code)
    return hits / raters, raters


def planted_quarter(rng: random.Random, site_size: int) -> tuple[RaterAnalysis, str]:
    """A quarter where one unit of a site of ``site_size`` units suppresses its K."""
    sub = quarter(rng)
    site = next(s for s, (n, _) in _SITES.items() if n == site_size)
    rater = rng.choice(ROSTER.units_at(site)).code
    suppress(sub, rater, strongest_rivals(tally(sub, RULES), rater))
    return analyse_raters(tally(sub, RULES)), rater


def planted_rates(quarters: int, site_size: int, seed: int) -> tuple[float, int]:
    """Share of planted suppressors at a site of ``site_size`` units that are flagged."""
    rng = random.Random(seed)
    found = sum(flagged(*planted_quarter(rng, site_size)) for _ in range(quarters))
    return found / quarters, quarters
