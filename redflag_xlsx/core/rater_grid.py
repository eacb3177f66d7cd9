"""The ratings the engine counted, as arrays: the input of the rater analysis (SPEC 15).

One :class:`Grid` per grid (peer: the unit raters; leadership: the leaders), entry by entry and
sorted by rater in roster order, so each unit's ratings appear in the order in which the engine
sums them; with each entry's deviation d(r, v) from the mean of the other raters' ratings.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain, repeat
from typing import Literal

import numpy as np

__all__ = ["Grid", "RaterKind", "build_grid"]

RaterKind = Literal["unit", "leader"]
_NDArray = np.ndarray


@dataclass
class Grid:
    """One grid's counted ratings, entry by entry, sorted by rater (roster order): so each unit's
    ratings appear in the order in which the engine sums them."""

    kind: RaterKind
    codes: list[str]  # raters in roster order
    names: list[str]
    rater: _NDArray  # entry -> rater index
    ratee: _NDArray  # entry -> unit index (roster order)
    value: _NDArray
    starts: _NDArray  # rater i's entries: starts[i]:starts[i + 1]
    count: _NDArray  # unit -> number of ratings counted
    total: _NDArray  # unit -> their sum (in rater order)
    dev: _NDArray  # entry -> d(r, v); NaN when nobody else rated v

    def entries(self, i: int) -> slice:
        return slice(int(self.starts[i]), int(self.starts[i + 1]))


def build_grid(
    kind: RaterKind,
    raters: list[tuple[str, str]],
    given: dict[str, dict[str, float]],
    units: list[str],
    sites: list[str],
    site_scope: bool,
) -> Grid:
    index = {code: j for j, code in enumerate(units)}
    site_ids = {s: k for k, s in enumerate(dict.fromkeys(sites))}
    site_of = np.array([site_ids[s] for s in sites], dtype=np.intp)
    looked_up: list[_NDArray] = []
    keys: tuple[str, ...] = ()
    j = np.empty(0, dtype=np.intp)
    for code, _ in raters:
        given_r = given.get(code, {})
        if tuple(given_r) != keys:  # leaders rate the same units in the same order: look up once
            keys = tuple(given_r)
            j = np.fromiter(map(index.get, keys, repeat(-1)), dtype=np.intp, count=len(keys))
        looked_up.append(j)
    sizes = np.array([part.size for part in looked_up], dtype=np.intp)
    ratee_arr = np.concatenate([np.empty(0, dtype=np.intp), *looked_up])
    value_arr = np.fromiter(
        chain.from_iterable(given.get(code, {}).values() for code, _ in raters),
        dtype=np.float64,
        count=int(sizes.sum()),
    )
    rater_arr = np.repeat(np.arange(len(raters), dtype=np.intp), sizes)
    keep = ratee_arr >= 0  # the engine counts: roster units, not oneself, within peer_scope
    if kind == "unit":
        own = np.array([index.get(code, -1) for code, _ in raters], dtype=np.intp)[rater_arr]
        keep &= ratee_arr != own
        if site_scope:
            keep &= site_of[ratee_arr] == site_of[own]
    ratee_arr, value_arr, rater_arr = ratee_arr[keep], value_arr[keep], rater_arr[keep]
    start_arr = np.concatenate(([0], np.cumsum(np.bincount(rater_arr, minlength=len(raters)))))
    count = np.bincount(ratee_arr, minlength=len(units))
    total = np.bincount(ratee_arr, weights=value_arr, minlength=len(units))
    others = count[ratee_arr] - 1
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_others = (total[ratee_arr] - value_arr) / others
    dev = np.where(others > 0, value_arr - mean_others, np.nan)
    return Grid(
        kind=kind,
        codes=[c for c, _ in raters],
        names=[n for _, n in raters],
        rater=rater_arr,
        ratee=ratee_arr,
        value=value_arr,
        starts=start_arr,
        count=count,
        total=total,
        dev=dev,
    )
