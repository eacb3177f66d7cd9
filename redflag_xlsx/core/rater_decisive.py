"""Decisive raters (SPEC 15): the flags recomputed without one rater's ratings, for every rater.

Re-running the engine once per rater would cost (units + leaders) × a tally.  Instead, for rater
r only the units r rated get a new P (or L) and T, and only the sites where a winner could change
are re-allocated, by the engine's own :func:`~redflag_xlsx.scoring.allocate_site`:

1. New aggregate of each unit r rated, from the unit's row-order sum and count (and, for a
   trimmed mean, its two highest and two lowest ratings) less r's rating; then T from it with the
   engine's expression.  Both are rounded with numpy, which agrees with ``excel_round`` except
   within 1e-6 of a cent's half: there the value is carried as the two candidates either side.
2. A site cannot change when it had no tie and no ``--award`` decision, its winners all stay
   eligible, and the lowest winner's T (lower candidate) is strictly above every other eligible
   unit's T (upper candidate) — the engine's first case, where the top n by T win.  A site with
   fewer eligible units than flags cannot change while no other unit becomes eligible.
3. Any other site touched by r is re-allocated exactly: each affected unit's aggregate recomputed
   from its ratings in row order with :func:`~redflag_xlsx.scoring.aggregate`, T with
   :func:`~redflag_xlsx.scoring.total_score`, and the site's flags by ``allocate_site``.

The ``--award`` decisions stand where they still apply: an awarded unit that is still in a tied
group at the cut-off takes the flag; an award that no longer names a unit of the tied group is
moot; if the group now holds more awarded units than flags remain, the decisions do not fit and
the whole group is 并列待定 again.  A change is any unit whose outcome (流动红旗, 并列待定 or none)
differs from the tallied result.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .errors import UsageError
from .scoring import Outcome, Result, UnitResult, aggregate, allocate_site, total_score

if TYPE_CHECKING:
    from .rater_grid import Grid

Change = tuple[str, str, Outcome, Outcome]  # unit, site, outcome before, outcome without the rater

__all__ = ["Decider"]

_CELLS = 1_000_000  # raters × units held at once when looking for the sites that could change
_NEAR_HALF = 1e-6  # of a cent: closer to a half than this, ROUND could go either way in floats


def round2_bounds(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(low, high) candidates of ``ROUND(x, 2)``: equal, and equal to ``excel_round``, unless
    ``x`` lies within float noise of a half cent (then the cents either side).  NaN stays NaN."""
    y = x * 100.0
    down = np.floor(y)
    near = np.abs(y - down - 0.5) < _NEAR_HALF
    nearest = np.rint(y)
    low = np.where(near, down, nearest) / 100.0 + 0.0
    high = np.where(near, down + 1.0, nearest) / 100.0 + 0.0
    return low, high


class Decider:
    """The base figures of a tallied quarter, to ask per rater which outcomes would change."""

    def __init__(self, result: Result) -> None:
        rules = self.rules = result.rules
        self.result = result
        units = result.units
        self.quality = np.array([u.quality for u in units], dtype=np.float64)
        self.peer = np.array([_nan(u.peer) for u in units], dtype=np.float64)
        self.leadership = np.array([_nan(u.leadership) for u in units], dtype=np.float64)
        self.total = np.array([_nan(u.total) for u in units], dtype=np.float64)
        self.qualified = np.array([not u.disqualified_by for u in units], dtype=bool)
        self.eligible = np.array([u.eligible for u in units], dtype=bool)
        self.won = np.array([u.outcome == "flag" for u in units], dtype=bool)
        sites = self.sites = result.roster.sites
        site_of = {s: k for k, s in enumerate(sites)}
        self.site = np.array([site_of[u.site] for u in units], dtype=np.intp)
        self.members = [np.flatnonzero(self.site == k) for k in range(len(sites))]
        self.flags = [rules.flags_for(s) for s in sites]
        winners = np.bincount(self.site[self.won], minlength=len(sites))
        self.full = winners >= np.array(self.flags, dtype=np.intp)
        self.settled = np.ones(len(sites), dtype=bool)  # no tie, no --award decision
        for u in units:
            if u.outcome == "tie" or u.decided_by_award:
                self.settled[site_of[u.site]] = False
        # per site, padded to the largest: its units' T, eligibility and flags, by column
        self.width = max(m.size for m in self.members)
        self.column = np.empty(len(units), dtype=np.intp)
        self.site_total = np.full((len(sites), self.width), np.nan)
        self.site_eligible = np.zeros((len(sites), self.width), dtype=bool)
        self.site_won = np.zeros((len(sites), self.width), dtype=bool)
        for k, members in enumerate(self.members):
            self.column[members] = np.arange(members.size)
            self.site_total[k, : members.size] = self.total[members]
            self.site_eligible[k, : members.size] = self.eligible[members]
            self.site_won[k, : members.size] = self.won[members]
        self._bounds: dict[str, tuple[np.ndarray, ...]] = {}
        self._by_unit: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._unsure: dict[str, dict[int, list[int]]] = {}

    # --- step 1: each entry's unit without it: aggregate and T, as candidate bounds ------------
    def _method(self, grid: Grid) -> str:
        rules = self.rules
        return rules.peer_aggregation if grid.kind == "unit" else rules.leadership_aggregation

    def bounds(self, grid: Grid) -> tuple[np.ndarray, ...]:
        """Per entry of ``grid``: (aggregate low, high, T low, high) of its unit without it."""
        if grid.kind in self._bounds:
            return self._bounds[grid.kind]
        v, x = grid.ratee, grid.value
        left = grid.count[v] - 1
        rest = grid.total[v] - x
        with np.errstate(invalid="ignore", divide="ignore"):
            raw = rest / left
            if self._method(grid) == "trimmed":
                lo1, lo2, hi1, hi2 = _extremes(grid, self.quality.size)
                top = np.where(x == hi1[v], hi2[v], hi1[v])
                bottom = np.where(x == lo1[v], lo2[v], lo1[v])
                trimmed = (rest - top - bottom) / (left - 2)
                raw = np.where(left >= self.rules.trim_min_count, trimmed, raw)
        agg_lo, agg_hi = round2_bounds(np.where(left > 0, raw, np.nan))
        w = self.rules.weights
        q = self.quality[v]
        if grid.kind == "unit":  # the engine's expression, in its order
            t_lo = w.quality * q + w.peer * agg_lo + w.leadership * self.leadership[v]
            t_hi = w.quality * q + w.peer * agg_hi + w.leadership * self.leadership[v]
        else:
            t_lo = w.quality * q + w.peer * self.peer[v] + w.leadership * agg_lo
            t_hi = w.quality * q + w.peer * self.peer[v] + w.leadership * agg_hi
        out = (agg_lo, agg_hi, round2_bounds(t_lo)[0], round2_bounds(t_hi)[1])
        self._bounds[grid.kind] = out
        return out

    def _can_win(self, v: np.ndarray, total: np.ndarray) -> np.ndarray:
        ok = self.qualified[v] & ~np.isnan(total)
        low = self.rules.min_total_for_flag
        if low is not None:
            with np.errstate(invalid="ignore"):
                ok &= total >= low
        return ok

    # --- step 2: the sites that could change ----------------------------------------------------
    def unsure(self, grid: Grid) -> dict[int, list[int]]:
        """Rater index -> the sites whose flags could change without its ratings.

        One row per (rater, site it rated a unit at), one column per unit of that site (padded
        to the largest site): the site's T and eligibility with the rater's entries replaced by
        their lower bounds (for winners; eligible for certain) or upper bounds (for the others;
        eligible perhaps)."""
        if grid.kind in self._unsure:
            return self._unsure[grid.kind]
        n_sites = len(self.sites)
        _, _, t_lo, t_hi = self.bounds(grid)
        key = grid.rater * n_sites + self.site[grid.ratee]
        seen = np.zeros(len(grid.codes) * n_sites, dtype=bool)
        seen[key] = True
        groups = np.flatnonzero(seen)  # the (rater, site) pairs, in order: no sort needed
        group = (np.cumsum(seen) - 1)[key]
        group_site = groups % n_sites
        rows = max(1, _CELLS // self.width)
        by_group = np.argsort(group, kind="stable") if groups.size > rows else None
        col = self.column[grid.ratee]
        out: dict[int, list[int]] = {}
        for start in range(0, groups.size, rows):
            stop = min(groups.size, start + rows)
            if by_group is None:
                e = np.arange(group.size)
            else:
                first, last = np.searchsorted(group[by_group], [start, stop])
                e = by_group[first:last]
            r, c = group[e] - start, col[e]
            g_site = group_site[start:stop]
            won = self.site_won[g_site]
            low = self.site_total[g_site]
            low[r, c] = t_lo[e]
            high = self.site_total[g_site]
            high[r, c] = t_hi[e]
            sure = self.site_eligible[g_site]
            sure[r, c] = self._can_win(grid.ratee[e], t_lo[e])
            maybe = self.site_eligible[g_site]
            maybe[r, c] = self._can_win(grid.ratee[e], t_hi[e])
            lowest_winner = np.where(won & sure, low, np.inf).min(axis=1)
            best_other = np.where(~won & maybe, high, -np.inf).max(axis=1)
            lost = (won & ~sure).any(axis=1)
            kept = np.where(self.full[g_site], lowest_winner > best_other, best_other == -np.inf)
            unsure = ~(self.settled[g_site] & ~lost & kept)
            for key in groups[start:stop][unsure].tolist():
                out.setdefault(key // n_sites, []).append(key % n_sites)
        self._unsure[grid.kind] = out
        return out

    # --- step 3: exact re-allocation ------------------------------------------------------------
    def changes(self, grid: Grid, i: int) -> list[Change]:
        """The outcomes that differ when rater ``i`` of ``grid`` is left out."""
        sites = self.unsure(grid).get(i)
        if not sites:
            return []
        sl = grid.entries(i)
        v = grid.ratee[sl]
        out: list[Change] = []
        for s in sites:
            out += self._reallocate(grid, s, v, np.arange(sl.start, sl.stop))
        return out

    def _exact(self, grid: Grid, unit: UnitResult, j: int, e: int) -> dict[str, object]:
        """The unit's new figures without entry ``e``: the bounds where they agree, else
        recomputed as the engine does (row order, ``aggregate``, ``total_score``)."""
        agg_lo, agg_hi, t_lo, t_hi = (b[e] for b in self.bounds(grid))
        agg: float | None
        if agg_lo == agg_hi or np.isnan(agg_lo):
            agg = None if np.isnan(agg_lo) else float(agg_lo)
        else:
            by_unit, first = self._entries_by_unit(grid)
            mine = by_unit[first[j] : first[j + 1]]
            values = grid.value[mine[mine != e]].tolist()
            agg = aggregate(values, self._method(grid), self.rules.trim_min_count)
        peer, leadership = unit.peer, unit.leadership
        if grid.kind == "unit":
            peer = agg
        else:
            leadership = agg
        total: float | None = None
        if peer is not None and leadership is not None:
            same = agg_lo == agg_hi and t_lo == t_hi
            total = float(t_lo) if same else total_score(unit.quality, peer, leadership, self.rules)
        low = self.rules.min_total_for_flag
        return {
            "peer": peer,
            "leadership": leadership,
            "total": total,
            "below_min_total": low is not None and total is not None and total < low,
        }

    def _entries_by_unit(self, grid: Grid) -> tuple[np.ndarray, np.ndarray]:
        """Entries grouped by unit, each unit's in rater order (the engine's row order)."""
        if grid.kind not in self._by_unit:
            by_unit = np.argsort(grid.ratee, kind="stable")
            first = np.concatenate(([0], np.cumsum(grid.count)))
            self._by_unit[grid.kind] = (by_unit, first)
        return self._by_unit[grid.kind]

    def _reallocate(self, grid: Grid, s: int, v: np.ndarray, entries: np.ndarray) -> list[Change]:
        """Allocate site ``s`` again without the rater's entries; the changed outcomes.

        Only the units whose T reaches the n-th best T of the site's eligible units go to
        ``allocate_site``: one below it can neither win nor be tied at the cut-off.  The bounds
        rule most units out before any exact recomputation."""
        site, n = self.sites[s], self.flags[s]
        members = self.members[s]
        here = self.site[v] == s
        mine, entry = v[here], entries[here]
        _, _, t_lo, t_hi = self.bounds(grid)
        at = np.searchsorted(members, mine)
        low = self.total[members]
        low[at] = t_lo[entry]
        high = self.total[members]
        high[at] = t_hi[entry]
        sure = self.eligible[members]
        sure[at] = self._can_win(mine, t_lo[entry])
        maybe = self.eligible[members]
        maybe[at] = self._can_win(mine, t_hi[entry])
        certain = np.sort(low[sure])[::-1]
        floor = certain[n - 1] if 0 < n <= certain.size else -np.inf
        near = maybe & (high >= floor)
        entry_of = dict(zip(mine.tolist(), entry.tolist(), strict=True))
        totals: dict[int, float] = {}
        update: dict[int, dict[str, object]] = {}
        for j in members[near].tolist():
            unit = self.result.units[j]
            if j not in entry_of:
                assert unit.total is not None  # eligible
                totals[j] = unit.total
                continue
            update[j] = self._exact(grid, unit, j, entry_of[j])
            total, below = update[j]["total"], update[j]["below_min_total"]
            if not unit.disqualified_by and isinstance(total, float) and not below:
                totals[j] = total
        cut = sorted(totals.values(), reverse=True)[n - 1] if 0 < n <= len(totals) else -np.inf
        fresh = {"outcome": "", "decided_by_award": False}
        contenders = [
            self.result.units[j].model_copy(update={**update.get(j, {}), **fresh})
            for j, total in totals.items()
            if total >= cut
        ]
        try:
            allocate_site(site, contenders, n, self.rules, self.result.awards)
        except UsageError:  # the decisions no longer fit the tied group: it is open again
            contenders = [u.model_copy(update=fresh) for u in contenders]
            allocate_site(site, contenders, n, self.rules, ())
        after = {u.code: u.outcome for u in contenders}
        changes: list[Change] = []
        for j in members.tolist():
            unit = self.result.units[j]
            now = after.get(unit.code, "")
            if now != unit.outcome:
                changes.append((unit.code, site, unit.outcome, now))
        return changes


def _extremes(grid: Grid, n: int) -> tuple[np.ndarray, ...]:
    """Per unit: its lowest, second lowest, highest and second highest rating (NaN if none)."""
    ranked = grid.value[np.lexsort((grid.value, grid.ratee))]
    first = np.concatenate(([0], np.cumsum(grid.count)))
    lo1, lo2, hi1, hi2 = (np.full(n, np.nan) for _ in range(4))
    one, two = grid.count >= 1, grid.count >= 2
    lo1[one] = ranked[first[:-1][one]]
    hi1[one] = ranked[first[1:][one] - 1]
    lo2[two] = ranked[first[:-1][two] + 1]
    hi2[two] = ranked[first[1:][two] - 2]
    return lo1, lo2, hi1, hi2


def _nan(x: float | None) -> float:
    return np.nan if x is None else x
