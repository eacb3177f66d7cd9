"""Property-style check of the results workbook: many random but valid quarters, each with its
own rules, recalculated by ONE LibreOffice run.  Every formula must come back as its cached
value and the engine's number, no cell may be an error, and the engine's numbers and decisions
must be SPEC 2 computed independently here from the raw submission.

The quarters are drawn by a seeded generator (deterministic, so a failure is reproducible by its
index): weights like 0.4/0.3/0.3 and 1/3, fractional item points, proportional satisfaction,
trimmed means over 3..8 ratings, peer_scope = "site", quality bounds, min_total_for_flag, custom
reward tiers, ratings with many decimals and ratings engineered so that their (trimmed) mean is
exactly x.xx5, baselines from history, missing ratings, sites without flags, ties and --award.
"""

from __future__ import annotations

import random
from decimal import Decimal

import openpyxl
import pytest

from redflag_xlsx.core.models import History, ScoringRow, Submission
from redflag_xlsx.core.period import Period
from redflag_xlsx.core.roster import Leader, Roster, Unit
from redflag_xlsx.core.rounding import excel_round, excel_trunc
from redflag_xlsx.core.rules import SEED_ITEMS, Rules
from redflag_xlsx.core.scoring import Result, tally
from redflag_xlsx.results.writer import write_results

import soffice
from resultcells import ERRORS, cell_values, engine_cells, formula_cells, same_value

N_QUARTERS = 40
SEED = 20260401
PERIOD = "2026Q4"
SITES = ("机关大楼", "行政事业中心", "北楼", "东院")


# --- the generator ------------------------------------------------------------------------------
def _rules(rng: random.Random, sites: list[str]) -> Rules:
    data: dict = {
        "weights": dict(
            zip(
                ("quality", "peer", "leadership"),
                rng.choice(
                    [
                        (0.5, 0.25, 0.25),
                        (0.4, 0.3, 0.3),
                        (1 / 3, 1 / 3, 1 / 3),
                        (0.6, 0.2, 0.2),
                        (0.45, 0.35, 0.2),
                    ]
                ),
                strict=True,
            )
        ),
        "satisfaction_mode": rng.choice(("full_points", "proportional")),
        "peer_aggregation": rng.choice(("mean", "trimmed")),
        "leadership_aggregation": rng.choice(("mean", "trimmed")),
        "trim_min_count": rng.randint(3, 8),
        "peer_scope": rng.choice(("all", "site")),
        "flags_per_site": {site: rng.choice((0, 1, 1, 2, 3)) for site in sites},
    }
    if rng.random() < 0.4:
        data["base_score"] = rng.choice((90, 85.5, 100.25))
    if rng.random() < 0.4:
        data["satisfaction_up_points"], data["satisfaction_down_points"] = rng.choice(
            ((2.5, 1.5), (0.7, 0.3), (3, 1))
        )
    if rng.random() < 0.6:
        codes = rng.sample([i.code for i in SEED_ITEMS], k=rng.randint(1, 5))
        points = (-0.5, 2.5, 0.1, -1.5, 1 / 3, -2.25, 7, -0.3)
        data["items"] = {code: {"points": rng.choice(points)} for code in codes}
    if rng.random() < 0.35:
        data["quality_bounds"] = rng.choice(([90, 105], [None, 104.5], [95.5, None]))
    if rng.random() < 0.3:
        data["min_total_for_flag"] = rng.choice((93.5, 95, 96.25))
    if rng.random() < 0.3:
        data["reward_tiers"] = [
            {"min_streak": 1, "points": 2, "bonus_yuan": 500},
            {"min_streak": 2, "points": 4.5, "bonus_yuan": 800.5},
            {"min_streak": 4, "points": 8, "bonus_yuan": 1500, "priority": True},
        ]
    if rng.random() < 0.2:
        data["tie_break"] = rng.sample(["quality", "leadership", "peer"], k=3)
    return Rules.from_mapping(data)


def _roster(rng: random.Random) -> Roster:
    sites = SITES[: rng.choice((1, 2, 2, 3, 4))]
    units = [
        Unit(
            code=f"U{s}{i:02d}",
            name=f"{site}服务项目{i}",
            site=site,
            contractor=rng.choice(("", f"承包公司{s}{i}")),
        )
        for s, site in enumerate(sites)
        for i in range(1, rng.randint(2, 7) + 1)
    ]
    if rng.random() < 0.5:
        rng.shuffle(units)  # sites interleaved in roster order: the workbook groups them
    leaders = [Leader(code=f"L{i}", name=f"领导{i}") for i in range(1, rng.randint(1, 8) + 1)]
    return Roster(units=tuple(units), leaders=tuple(leaders))


def _rates(rng: random.Random) -> tuple[float | None, float | None]:
    kind = rng.random()
    if kind < 0.08:
        return None, round(rng.uniform(80, 99), 1)  # baseline from history, or none
    if kind < 0.12:
        return round(rng.uniform(80, 99), 1), None
    if kind < 0.25:
        return rng.choice(((63.1, 64.1), (90.3, 89.3), (90.0, 88.125), (87.5, 87.5), (99, 100)))
    baseline = round(rng.uniform(80, 98), rng.choice((0, 1, 2, 3)))
    current = round(min(100.0, baseline + rng.uniform(-3, 3)), rng.choice((0, 1, 2, 3)))
    return baseline, current


def _ratings(rng: random.Random, n: int) -> list[float]:
    """``n`` ratings in one of several styles; some are engineered to average x.xx5."""
    style = rng.random()
    if style < 0.3:
        # symmetric around a target ending in 5 at the third decimal: both the mean and the
        # trimmed mean are exactly the target in decimal, never quite in binary
        target = Decimal(rng.randint(8000, 9700)) / 100 + Decimal("0.005")
        values: list[Decimal] = [target] if n % 2 else []
        while len(values) < n:
            d = Decimal(rng.randint(1, 250)) / 100
            values += [target + d, target - d]
        out = [float(v) for v in values]
        rng.shuffle(out)
        return out
    if style < 0.5:
        return [round(rng.uniform(80, 99), 3) for _ in range(n)]  # 87.333
    if style < 0.6:
        return [round(rng.uniform(80, 99) * 3) / 3 for _ in range(n)]  # 91.666666666666671
    if style < 0.7:
        return [float(rng.randint(85, 99)) for _ in range(n)]
    return [round(rng.uniform(75, 100), rng.choice((0, 1, 2))) for _ in range(n)]


def _grid(rng, raters: dict[str, list[str]], missing: float) -> dict[str, dict[str, float]]:
    """``raters[ratee]`` are the codes that should rate ``ratee``; -> ``given[rater][ratee]``."""
    given: dict[str, dict[str, float]] = {}
    for ratee, codes in raters.items():
        if rng.random() < 0.03:
            present = []  # nobody rated this unit: E_NO_RATINGS, no total
        else:
            present = [c for c in codes if rng.random() >= missing]
        for rater, value in zip(present, _ratings(rng, len(present)), strict=True):
            given.setdefault(rater, {})[ratee] = value
    for codes in raters.values():
        for rater in codes:
            given.setdefault(rater, {})
    return given


def _twin(sub: Submission, a: str, b: str) -> None:
    """``b`` scores exactly like ``a``: same row, same ratings (integers: sums are exact)."""
    sub.scoring[b] = sub.scoring[a].model_copy(update={"unit": b})
    for rows in (sub.peer, sub.leadership):
        for rater, given in rows.items():
            if rater in (a, b):
                continue
            if a in given:
                given[a] = given[b] = float(round(given[a]))
            else:
                given.pop(b, None)
    if b in sub.peer.get(a, {}) or a in sub.peer.get(b, {}):
        sub.peer[a][b] = sub.peer[b][a] = 97.0


def quarter(index: int) -> tuple[Submission, Rules, History, tuple[str, ...]]:
    """The ``index``-th random quarter: submission, rules, history, awards."""
    rng = random.Random(SEED + index)
    roster = _roster(rng)
    rules = _rules(rng, roster.sites)
    scoring = {}
    for unit in roster.units:
        counts: dict[str, float] = {}
        for item in rules.items:
            if item.input == "flag":
                counts[item.code] = 1 if rng.random() < 0.6 else 0
            elif item.disqualifies:
                counts[item.code] = 1 if rng.random() < 0.05 else 0
            else:
                counts[item.code] = rng.choice((0, 0, 0, 0, 1, 1, 2, 3))
        baseline, current = _rates(rng)
        scoring[unit.code] = ScoringRow(
            unit=unit.code,
            counts=counts,
            flags={f.code: rng.random() < 0.04 for f in rules.disqualifying_flags},
            baseline=baseline,
            current=current,
            remark=rng.choice(("", "", "按时整改")),
        )
    missing = rng.choice((0.0, 0.0, 0.1, 0.35))
    peer_raters = {
        u.code: [r.code for r in roster.units if r.code != u.code]
        if rules.peer_scope == "all"
        else [r.code for r in roster.units if r.code != u.code and r.site == u.site]
        for u in roster.units
    }
    leaders = {u.code: [ld.code for ld in roster.leaders] for u in roster.units}
    sub = Submission(
        period=PERIOD,
        roster=roster,
        scoring=scoring,
        peer=_grid(rng, peer_raters, missing),
        leadership=_grid(rng, leaders, missing),
    )
    # a tie at the top of a site
    for site in roster.sites:
        at = [u.code for u in roster.units_at(site)]
        if len(at) >= 2 and rng.random() < 0.5:
            a, b = rng.sample(at, 2)
            row = sub.scoring[a]
            counts = {
                k: (0 if v > 0 and k != "management_good" else v) for k, v in row.counts.items()
            }
            counts["leader_praise"] = 3
            sub.scoring[a] = row.model_copy(
                update={"counts": counts, "flags": {}, "baseline": 90.0, "current": 92.0}
            )
            for rows in (sub.peer, sub.leadership):
                for given in rows.values():
                    if a in given:
                        given[a] = 99.0
            _twin(sub, a, b)
    # history: wins in earlier quarters (sometimes with a gap) and last quarter's rates
    period = Period.parse(PERIOD)
    codes = [u.code for u in roster.units]
    winners: dict[str, list[str]] = {}
    p = period.previous()
    for _ in range(4):
        if rng.random() < 0.85:
            winners[str(p)] = rng.sample(codes, k=min(len(codes), rng.randint(1, 4)))
        p = p.previous()
    previous = {c: round(rng.uniform(80, 98), 2) for c in codes if rng.random() < 0.5}
    history = History(winners=winners, satisfaction={str(period.previous()): previous})
    # the leaders decide some ties
    awards: tuple[str, ...] = ()
    first = tally(sub, rules, history)
    for site in roster.sites:
        tied = [u.code for u in first.ties(site)]
        if tied and rng.random() < 0.6:
            left = rules.flags_for(site) - len(first.winners(site))
            awards += tuple(rng.sample(tied, k=rng.randint(1, min(left, len(tied)))))
    return sub, rules, history, awards


# --- SPEC 2, computed independently from the submission ------------------------------------------
def _mean(values: list[float], method: str, k: int) -> float | None:
    if not values:
        return None
    if method == "trimmed" and len(values) >= k:
        return excel_round((sum(values) - max(values) - min(values)) / (len(values) - 2), 2)
    return excel_round(sum(values) / len(values), 2)


def check_spec(result: Result, sub: Submission, history: History, awards) -> None:
    rules, roster = result.rules, sub.roster
    previous = history.satisfaction.get(str(Period.parse(PERIOD).previous()), {})
    for u in result.units:
        row = sub.scoring[u.code]
        baseline = row.baseline if row.baseline is not None else previous.get(u.code)
        adj = 0.0
        if baseline is not None and row.current is not None:
            d = excel_round(row.current - baseline, 6)
            per = rules.satisfaction_up_points if d >= 0 else rules.satisfaction_down_points
            if rules.satisfaction_mode == "proportional":
                adj = excel_round(per * d, 2)
            else:
                adj = per * excel_trunc(d)
        q = rules.base_score
        for item in rules.items:
            q += row.counts.get(item.code, 0) * item.points
        q += adj
        low, high = rules.quality_bounds or (None, None)
        q = q if low is None else max(q, low)
        q = q if high is None else min(q, high)
        assert u.quality == pytest.approx(q, abs=1e-9), u.code
        assert u.baseline == baseline and u.satisfaction_adj == adj, u.code
        peers = [
            sub.peer[r.code][u.code]
            for r in roster.units
            if r.code != u.code
            and (rules.peer_scope == "all" or r.site == u.site)
            and u.code in sub.peer.get(r.code, {})
        ]
        lead = [
            sub.leadership[ld.code][u.code]
            for ld in roster.leaders
            if u.code in sub.leadership.get(ld.code, {})
        ]
        assert u.peer == _mean(peers, rules.peer_aggregation, rules.trim_min_count), u.code
        assert u.leadership == _mean(lead, rules.leadership_aggregation, rules.trim_min_count)
        w = rules.weights
        total = (
            None
            if u.peer is None or u.leadership is None
            else excel_round(
                w.quality * u.quality + w.peer * u.peer + w.leadership * u.leadership, 2
            )
        )
        assert u.total == total, u.code
        disq = [i.code for i in rules.items if i.disqualifies and row.counts.get(i.code, 0) > 0]
        disq += [f.code for f in rules.disqualifying_flags if row.flags.get(f.code)]
        assert u.disqualified_by == disq, u.code
        # ranked among the units of the site that can win (SPEC 2.3); the others have no rank
        taking_part = [o for o in result.units if o.site == u.site and o.eligible]
        site_totals = [o.total for o in taking_part if o.total is not None]
        can_win = total is not None and not disq and not u.below_min_total
        assert u.eligible == can_win, u.code
        assert u.rank == (1 + sum(t > total for t in site_totals) if can_win else None), u.code

    for site in roster.sites:
        n = rules.flags_for(site)
        min_total = rules.min_total_for_flag
        eligible = [
            u
            for u in result.units
            if u.site == site
            and not u.disqualified_by
            and u.total is not None
            and (min_total is None or u.total >= min_total)
        ]

        def key(u):
            return (u.total, *(excel_round(getattr(u, c), 9) for c in rules.tie_break))

        keys = sorted({key(u) for u in eligible}, reverse=True)
        winners, tied, taken = set(), set(), 0
        for k in keys:
            group = [u.code for u in eligible if key(u) == k]
            if taken >= n:
                break
            if taken + len(group) <= n:
                winners |= set(group)
                taken += len(group)
                continue
            chosen = [c for c in group if c in awards]
            winners |= set(chosen)
            if len(chosen) < n - taken:
                tied |= set(group) - set(chosen)
            break
        got_won = {u.code for u in result.units if u.site == site and u.outcome == "flag"}
        got_tie = {u.code for u in result.units if u.site == site and u.outcome == "tie"}
        assert (got_won, got_tie) == (winners, tied), site
        assert len(got_won) <= n

    for u in result.units:
        if not u.won:
            assert (u.streak, u.reward_points, u.bonus_yuan, u.priority) == (None,) * 4
            continue
        streak, p = 1, Period.parse(PERIOD).previous()
        while u.code in history.winners.get(str(p), ()):
            streak, p = streak + 1, p.previous()
        tier = [t for t in rules.reward_tiers if t.min_streak <= streak][-1]
        assert (u.streak, u.reward_points, u.bonus_yuan, u.priority) == (
            streak,
            tier.points,
            tier.bonus_yuan,
            None if u.in_house else tier.priority,  # an in-house unit is never tendered
        ), u.code


# --- the run ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def quarters(tmp_path_factory):
    """index -> (source workbook, LibreOffice's recalculated copy, Result, submission, history,
    awards); all recalculated by one LibreOffice run."""
    src = tmp_path_factory.mktemp("random")
    out = tmp_path_factory.mktemp("recalc")
    done = {}
    for i in range(N_QUARTERS):
        sub, rules, history, awards = quarter(i)
        lang = "en" if i % 5 == 4 else "zh"
        result = tally(sub, rules, history, awards)
        path = write_results(result, src / f"q{i:02d}.xlsx", lang=lang)
        done[i] = (path, out / path.name, result, sub, history, awards)
    copies = soffice.convert_many([v[0] for v in done.values()], "xlsx", out)
    assert copies == [v[1] for v in done.values()]
    return done


def test_the_generator_covers_what_it_claims():
    """The random quarters really contain the cases they are there for."""
    seen: dict[str, int] = {}

    def saw(what: str, cond: bool) -> None:
        seen[what] = seen.get(what, 0) + bool(cond)

    for i in range(N_QUARTERS):
        sub, rules, history, awards = quarter(i)
        result = tally(sub, rules, history, awards)
        saw("trimmed", "trimmed" in (rules.peer_aggregation, rules.leadership_aggregation))
        saw("site scope", rules.peer_scope == "site")
        saw("proportional", rules.satisfaction_mode == "proportional")
        saw("1/3 weights", rules.weights.quality == 1 / 3)
        saw("bounds", rules.quality_bounds is not None)
        saw("min total", rules.min_total_for_flag is not None)
        saw("no flags at a site", 0 in rules.flags_per_site.values())
        saw("tie", result.ties())
        saw("award", awards)
        saw("baseline from history", any(u.baseline_source == "history" for u in result.units))
        saw("no total", any(u.total is None for u in result.units))
        saw("disqualified", any(u.disqualified_by for u in result.units))
        saw("streak >= 2", any((u.streak or 0) >= 2 for u in result.units))
        ranked = [(u.site, u.rank) for u in result.units if u.rank is not None]
        saw("shared rank", len(set(ranked)) < len(ranked))
    assert all(n >= 2 for n in seen.values()), seen


@pytest.mark.parametrize("i", range(N_QUARTERS))
def test_the_engine_is_spec_2(i):
    sub, rules, history, awards = quarter(i)
    check_spec(tally(sub, rules, history, awards), sub, history, awards)


@pytest.mark.soffice
def test_every_formula_recalculates_to_the_engines_number(quarters):
    wrong, errors, checked = {}, {}, 0
    for i, (src, copy, result, _sub, _history, _awards) in quarters.items():
        formulas = [(sheet, cell) for sheet, cell, _formula in formula_cells(src)]
        cached, recalc = cell_values(src), cell_values(copy)
        for key in formulas:
            checked += 1
            if not same_value(cached[key], recalc.get(key)):
                wrong[i, *key] = (cached[key], recalc.get(key))
        lang = "en" if i % 5 == 4 else "zh"
        expected = engine_cells(openpyxl.load_workbook(copy, data_only=True), result, lang)
        for key, value in expected.items():
            if not same_value(value, recalc.get(key)):
                wrong[i, *key] = ("engine", value, recalc.get(key))
        for key, value in recalc.items():
            if isinstance(value, str) and value.startswith(ERRORS):
                errors[i, *key] = value
    assert wrong == {}
    assert errors == {}
    assert checked > 40 * N_QUARTERS
