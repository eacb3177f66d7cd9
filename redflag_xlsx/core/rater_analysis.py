"""Rater analysis (评议分析, SPEC 15): how each rater's ratings stand against the other raters'.

    analysis = analyse_raters(result)        # result = scoring.tally(...)
    analysis.raters[0].bias, analysis.issues  # per rater figures; W_RATER_* warnings

For rater r and rated unit v of the same grid (peer grid for units, leadership grid for leaders),
c₋ᵣ(v) is the mean of the other raters' ratings of v and d(r, v) = rating(r, v) − c₋ᵣ(v).  From
the d values: leniency b(r), the rival-suppression statistic S(r) with its permutation p-value,
pairs of units that rate each other up, and (:mod:`.rater_decisive`) the raters without whose
ratings a flag would go elsewhere.  docs/rater-analysis.md gives the definitions.

Pure: a tallied :class:`~redflag_xlsx.core.scoring.Result` in, a :class:`RaterAnalysis` out.  Scores
are never changed.  Only the ratings the engine counted are used (a rating of a unit outside the
rater's ``peer_scope``, of itself, or by someone not on the roster is left out, as the engine does).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import BaseModel, Field

from .findings import Issue
from .messages import Joined, Msg
from .peers import peer_raters
from .rater_decisive import Decider
from .rater_grid import Grid, RaterKind, build_grid
from .rater_rivals import EXACT_LIMIT, SAMPLES, SEED, rival_p_value, rival_p_values
from .rounding import excel_round
from .scoring import Outcome, Result

__all__ = [
    "EXACT_LIMIT",
    "SAMPLES",
    "SEED",
    "OutcomeChange",
    "Pair",
    "RaterAnalysis",
    "RaterFigures",
    "RivalTest",
    "UnitFigures",
    "analyse_raters",
    "rival_p_value",
]

_NDArray = np.ndarray


# --- the figures -------------------------------------------------------------------------------
class RivalTest(BaseModel):
    """Rival suppression of one unit rater: its deviations on K against the other units.

    ``rivals`` is K: the ``flags_per_site + 2`` strongest units of the rater's site by
    ``w_quality·Q + w_leadership·L`` (strongest first) that it rated; ``unrated`` the contenders
    not in the test (it left them blank, or nobody else rated them: no deviation).
    ``statistic`` is S(r) = mean d over K − mean d over the other units it rated; ``p_value`` =
    ``hits / choices``, the share of the ways of choosing |K| of its rated units whose statistic
    is ≤ S(r): all C(n, |K|) ways when ``exact``, else :data:`SAMPLES` random ones.
    ``statistic`` and ``p_value`` are None when it rated fewer than |K| + 2 units (or none of K).
    """

    rivals: list[str] = Field(default_factory=list)
    unrated: list[str] = Field(default_factory=list)
    statistic: float | None = None
    p_value: float | None = None
    hits: int = 0
    choices: int = 0
    exact: bool | None = None

    @property
    def tested(self) -> bool:
        return self.p_value is not None


class OutcomeChange(BaseModel):
    """A unit whose outcome would differ without one rater's ratings."""

    unit: str
    site: str
    before: Outcome
    after: Outcome


class RaterFigures(BaseModel):
    """Everything the analysis found about one rater (a unit of the peer grid or a leader)."""

    code: str
    name: str
    kind: RaterKind
    site: str | None = None  # a unit rater's site
    rated: int = 0  # units it rated that someone else rated too (those with a deviation)
    bias: float | None = None  # b(r), points; None when it has no deviation
    rival: RivalTest | None = None  # unit raters only
    pairs: list[str] = Field(default_factory=list)  # the units it forms a W_RATER_PAIR with
    changes: list[OutcomeChange] = Field(default_factory=list)  # without its ratings
    warnings: list[str] = Field(default_factory=list)  # codes of the warnings naming it, once

    @property
    def decisive(self) -> bool:
        return bool(self.changes)


class Pair(BaseModel):
    """Two unit raters that each rate the other high: d(a, b) and d(b, a)."""

    a: str
    b: str
    a_to_b: float
    b_to_a: float


class UnitFigures(BaseModel):
    """P beside L for one unit, and P − L (rounded to 2 decimals, as the scores are)."""

    code: str
    name: str
    site: str
    peer: float | None
    leadership: float | None
    difference: float | None


class RaterAnalysis(BaseModel):
    """The rater analysis of a tallied quarter: unit raters in roster order, then leaders."""

    period: str
    raters: list[RaterFigures]
    units: list[UnitFigures]
    pairs: list[Pair]
    issues: list[Issue]

    def rater(self, code: str) -> RaterFigures:
        for r in self.raters:
            if r.code == code:
                return r
        raise KeyError(code)

    @property
    def decisive(self) -> list[RaterFigures]:
        return [r for r in self.raters if r.decisive]

    def rendered(self, lang: str | None = None) -> dict[str, Any]:
        """The analysis as plain data, its findings rendered in ``lang`` (for ``--json``)."""
        data = self.model_dump(mode="json", exclude={"issues"})
        data["issues"] = [issue.rendered(lang) for issue in self.issues]
        return data


# --- rival suppression -------------------------------------------------------------------------
def _contenders(result: Result) -> dict[str, list[int]]:
    """Per site, its units (indices) by ``w_quality·Q + w_leadership·L``, highest first, ties by
    code; a unit without L (no leader rated it) is no contender."""
    w = result.rules.weights
    by_site: dict[str, list[tuple[float, str, int]]] = {}
    for j, u in enumerate(result.units):
        if u.leadership is None:
            continue
        strength = excel_round(w.quality * u.quality + w.leadership * u.leadership, 9)
        by_site.setdefault(u.site, []).append((-strength, u.code, j))
    return {site: [j for *_, j in sorted(rows)] for site, rows in by_site.items()}


def _rival_tests(
    grid: Grid, sites: list[str], contenders: dict[str, list[int]], result: Result
) -> list[RivalTest]:
    """Rival suppression of every unit rater of ``grid`` (the peer grid): K, S(r) and p."""
    codes = [u.code for u in result.units]
    n_units, n_raters = len(codes), len(grid.codes)
    chosen: list[list[int]] = []  # K of each rater, rated or not, strongest first
    for i in range(n_raters):
        k_full = result.rules.flags_for(sites[i]) + 2
        best = contenders.get(sites[i], [])[: k_full + 1]
        chosen.append([j for j in best if j != i][:k_full])
    ok = ~np.isnan(grid.dev)
    entry_key = grid.rater.astype(np.int64) * n_units + grid.ratee
    k_keys = np.array([i * n_units + j for i, c in enumerate(chosen) for j in c], dtype=np.int64)
    in_k = ok & np.isin(entry_key, k_keys)
    rated_k = set(entry_key[in_k].tolist())
    n = np.bincount(grid.rater[ok], minlength=n_raters)
    k = np.bincount(grid.rater[in_k], minlength=n_raters)
    k_sum = np.bincount(grid.rater[in_k], weights=grid.dev[in_k], minlength=n_raters)
    all_sum = np.bincount(grid.rater[ok], weights=grid.dev[ok], minlength=n_raters)
    devs: list[_NDArray] = []
    where: list[int] = []
    for i in range(n_raters):
        if k[i] and n[i] >= k[i] + 2:
            sl = grid.entries(i)
            devs.append(grid.dev[sl][ok[sl]])
            where.append(i)
    found = dict(
        zip(
            where,
            rival_p_values(
                devs,
                [int(k[i]) for i in where],
                [float(k_sum[i]) for i in where],
                [grid.codes[i] for i in where],
            ),
            strict=True,
        )
    )
    tests: list[RivalTest] = []
    for i in range(n_raters):
        rated = [i * n_units + j in rated_k for j in chosen[i]]
        figures: dict[str, object] = {}
        if i in found:
            hits, choices, exact = found[i]
            figures = {
                "statistic": float(k_sum[i] / k[i] - (all_sum[i] - k_sum[i]) / (n[i] - k[i])),
                "p_value": hits / choices,
                "hits": hits,
                "choices": choices,
                "exact": exact,
            }
        tests.append(
            RivalTest(
                rivals=[codes[j] for j, r in zip(chosen[i], rated, strict=True) if r],
                unrated=[codes[j] for j, r in zip(chosen[i], rated, strict=True) if not r],
                **figures,  # type: ignore[arg-type]
            )
        )
    return tests


# --- the analysis --------------------------------------------------------------------------------
def _at_least(x: float, threshold: float) -> bool:
    """``x ≥ threshold`` at 9 decimals (a mean of 7.9999999999999991 is 8)."""
    return x >= threshold - 1e-6 and excel_round(x, 9) >= threshold


def _pts(x: float) -> str:
    return f"{x:.1f}"


def _p_text(p: float) -> str:
    return f"{p:.2g}"


def analyse_raters(result: Result) -> RaterAnalysis:
    """The rater analysis of ``result`` (which must hold its ``submission``).  Pure; no score
    changes.  Warnings: ``W_RATER_BIAS``, ``W_RATER_STRATEGIC``, ``W_RATER_PAIR``."""
    if result.submission is None:
        raise ValueError("the result holds no submission: tally it with scoring.tally")
    rules, roster, sub = result.rules, result.roster, result.submission
    codes = [u.code for u in result.units]
    names = {u.code: u.name for u in result.units}
    sites = [u.site for u in result.units]
    peer = build_grid(
        "unit",
        [(u.code, u.name) for u in peer_raters(roster, rules)],  # as the engine counts them
        sub.peer,
        codes,
        sites,
        rules.peer_scope == "site",
    )
    leaders = build_grid(
        "leader", [(ld.code, ld.name) for ld in roster.leaders], sub.leadership, codes, sites, False
    )
    decider = Decider(result)
    rivals = _rival_tests(peer, sites, _contenders(result), result)
    issues: list[Issue] = []
    raters: list[RaterFigures] = []
    for grid in (peer, leaders):
        ok = ~np.isnan(grid.dev)
        n_dev = np.bincount(grid.rater[ok], minlength=len(grid.codes))
        sum_dev = np.bincount(grid.rater[ok], weights=grid.dev[ok], minlength=len(grid.codes))
        biases = np.divide(sum_dev, n_dev, out=np.full(len(grid.codes), np.nan), where=n_dev > 0)
        for i, code in enumerate(grid.codes):
            bias = None if np.isnan(biases[i]) else float(biases[i])
            test = rivals[i] if grid.kind == "unit" else None
            fig = RaterFigures(
                code=code,
                name=grid.names[i],
                kind=grid.kind,
                site=sites[i] if grid.kind == "unit" else None,
                rated=int(n_dev[i]),
                bias=bias,
                rival=test,
                changes=[
                    OutcomeChange(unit=u, site=s, before=b, after=a)
                    for u, s, b, a in decider.changes(grid, i)
                ],
            )
            if bias is not None and _at_least(abs(bias), rules.rater_bias_points):
                issues.append(_bias_issue(grid, i, fig, codes))
                fig.warnings.append("W_RATER_BIAS")
            if (
                test is not None
                and test.statistic is not None
                and _at_least(rules.rater_strategic_p * test.choices, test.hits)
                and _at_least(-test.statistic, rules.rater_strategic_points)
            ):
                issues.append(_strategic_issue(grid, i, fig, codes))
                fig.warnings.append("W_RATER_STRATEGIC")
            raters.append(fig)
    pairs = _pairs(peer, codes, rules.rater_pair_points)
    by_code = {r.code: r for r in raters if r.kind == "unit"}
    for pair in pairs:
        for me, other in ((pair.a, pair.b), (pair.b, pair.a)):
            by_code[me].pairs.append(other)
            if "W_RATER_PAIR" not in by_code[me].warnings:
                by_code[me].warnings.append("W_RATER_PAIR")
        issues.append(
            Issue.make(
                "W_RATER_PAIR",
                rater=pair.a,
                unit=pair.b,
                name=names[pair.a],
                unit_name=names[pair.b],
                a_to_b=_pts(pair.a_to_b),
                b_to_a=_pts(pair.b_to_a),
            )
        )
    units = [
        UnitFigures(
            code=u.code,
            name=u.name,
            site=u.site,
            peer=u.peer,
            leadership=u.leadership,
            difference=(
                None
                if u.peer is None or u.leadership is None
                else excel_round(u.peer - u.leadership, 2)
            ),
        )
        for u in result.units
    ]
    return RaterAnalysis(
        period=result.period, raters=raters, units=units, pairs=pairs, issues=issues
    )


def _pairs(grid: Grid, codes: list[str], threshold: float) -> list[Pair]:
    high = np.flatnonzero(~np.isnan(grid.dev) & (grid.dev >= threshold - 1e-6))
    dev = {
        (int(grid.rater[e]), int(grid.ratee[e])): float(grid.dev[e])
        for e in high
        if _at_least(float(grid.dev[e]), threshold)
    }
    return [
        Pair(a=codes[a], b=codes[b], a_to_b=d, b_to_a=dev[(b, a)])
        for (a, b), d in sorted(dev.items())
        if a < b and (b, a) in dev
    ]


def _unit_list(grid: Grid, i: int, codes: list[str], entries: list[int]) -> Joined:
    """``JG02（-15.2）、JG03（-9.8）``: units with r's deviation, in the reader's language."""
    sl = grid.entries(i)
    parts: list[Msg] = []
    for e in entries:
        if parts:
            parts.append(Msg("rater_list_sep"))
        parts.append(
            Msg("rater_unit_dev", unit=codes[grid.ratee[sl][e]], d=f"{grid.dev[sl][e]:+.1f}")
        )
    return Joined(tuple(parts), "")


def _bias_issue(grid: Grid, i: int, fig: RaterFigures, codes: list[str]) -> Issue:
    assert fig.bias is not None
    dev = grid.dev[grid.entries(i)]
    sign = 1.0 if fig.bias > 0 else -1.0
    order = np.argsort(-sign * np.nan_to_num(dev, nan=-sign * np.inf), kind="stable")
    return Issue.make(
        "W_RATER_BIAS",
        rater=fig.code,
        name=fig.name,
        points=_pts(abs(fig.bias)),
        direction=Msg("rater_dir_high" if sign > 0 else "rater_dir_low"),
        n=fig.rated,
        units=_unit_list(grid, i, codes, order[:3].tolist()),
    )


def _strategic_issue(grid: Grid, i: int, fig: RaterFigures, codes: list[str]) -> Issue:
    test = fig.rival
    assert test is not None and test.statistic is not None and test.p_value is not None
    sl = grid.entries(i)
    where = {codes[j]: e for e, j in enumerate(grid.ratee[sl])}
    return Issue.make(
        "W_RATER_STRATEGIC",
        rater=fig.code,
        name=fig.name,
        k=len(test.rivals),
        units=_unit_list(grid, i, codes, [where[c] for c in test.rivals]),
        points=_pts(-test.statistic),
        statistic=_pts(test.statistic),
        p=_p_text(test.p_value),
    )
