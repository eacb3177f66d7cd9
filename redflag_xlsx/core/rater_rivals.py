"""The permutation test of rival suppression (SPEC 15): how unusual is a rater's marking-down
of its |K| strongest rivals among all ways of choosing |K| of the units it rated?

S = mean d over the chosen − mean d over the rest = sum·(1/k + 1/(n−k)) − Σd/(n−k) grows with the
chosen units' sum of deviations, so "statistic ≤ S(r)" is "sum ≤ the sum over K": counting sums
is counting statistics.  Sums within :data:`TIE_TOLERANCE` of K's count as equal (ties count).

Exact when C(n, k) ≤ :data:`EXACT_LIMIT`: every (k−1)-subset of the sorted deviations, and a
binary search for how many later deviations complete it to a sum ≤ K's (C(n, k−1) sums instead
of C(n, k)); raters with the same n and k are done together.  Else :data:`SAMPLES` random
k-subsets from a generator seeded with :data:`SEED` and the rater's code, so the same quarter
always gives the same p.
"""

from __future__ import annotations

import itertools
import math
import zlib
from collections import defaultdict
from functools import lru_cache

import numpy as np

__all__ = ["EXACT_LIMIT", "SAMPLES", "SEED", "TIE_TOLERANCE", "rival_p_value", "rival_p_values"]

EXACT_LIMIT = 100_000  # up to this many ways of choosing |K| units, p is exact
SAMPLES = 20_000  # else: this many random choices ...
SEED = 15  # ... drawn with this seed and the rater's code
TIE_TOLERANCE = 1e-7  # points: sums of deviations closer than this are equal
_BLOCK = 4_000_000  # floats held at once


@lru_cache(maxsize=64)
def _combinations(n: int, m: int) -> np.ndarray:
    """Every m-subset of range(n), one increasing row each (read-only, cached)."""
    rows = math.comb(n, m)
    flat = np.fromiter(
        itertools.chain.from_iterable(itertools.combinations(range(n), m)),
        dtype=np.intp,
        count=rows * m,
    )
    out = flat.reshape(rows, m)
    out.flags.writeable = False
    return out


def _random_subsets(rng: np.random.Generator, n: int, k: int, m: int) -> np.ndarray:
    """``m`` random k-subsets of range(n), one row each, uniform over the subsets."""
    if k * k <= n:  # few collisions: draw k indices, draw again the rows that repeat one
        out = rng.integers(0, n, size=(m, k))
        while True:
            s = np.sort(out, axis=1)
            bad = np.flatnonzero((s[:, 1:] == s[:, :-1]).any(axis=1))
            if not bad.size:
                return out
            out[bad] = rng.integers(0, n, size=(bad.size, k))
    parts = []  # the k smallest of n random keys, in blocks to bound the memory
    block = max(1, _BLOCK // n)
    for start in range(0, m, block):
        keys = rng.random((min(block, m - start), n))
        parts.append(np.argpartition(keys, k - 1, axis=1)[:, :k])
    return np.concatenate(parts)


def _exact_hits(devs: np.ndarray, k: int, limits: np.ndarray) -> list[int]:
    """Per row of ``devs`` (raters with the same n): the k-subsets with a sum ≤ its limit."""
    ds = np.sort(devs, axis=1)
    if k == 1:
        return [
            int(np.searchsorted(row, lim, side="right"))
            for row, lim in zip(ds, limits, strict=True)
        ]
    prefix_idx = _combinations(ds.shape[1], k - 1)
    first_free = prefix_idx[:, -1] + 1  # the last member comes after the prefix
    hits: list[int] = []
    rows = max(1, _BLOCK // (prefix_idx.size or 1))
    for start in range(0, ds.shape[0], rows):
        block = ds[start : start + rows]
        room = limits[start : start + rows, None] - block[:, prefix_idx].sum(axis=2)
        ends = np.empty(room.shape, dtype=np.intp)
        for r, (row, queries) in enumerate(zip(block, room, strict=True)):
            ends[r] = np.searchsorted(row, queries, side="right")
        hits += np.maximum(ends - first_free, 0).sum(axis=1).tolist()
    return hits


def rival_p_values(
    devs: list[np.ndarray], ks: list[int], sums: list[float], keys: list[str]
) -> list[tuple[int, int, bool]]:
    """(hits, choices, exact) per rater: of the ways of choosing ``ks[i]`` of the deviations
    ``devs[i]``, how many have a sum ≤ ``sums[i]`` (K's), out of how many; p = hits / choices.
    ``keys[i]`` (the rater's code) seeds the sample when there are too many ways to count."""
    out: list[tuple[int, int, bool]] = [(0, 0, True)] * len(devs)
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, (dev, k) in enumerate(zip(devs, ks, strict=True)):
        n = dev.size
        choices = math.comb(n, k)
        if choices <= EXACT_LIMIT:
            groups[(n, k)].append(i)
            continue
        rng = np.random.default_rng([SEED, zlib.crc32(keys[i].encode("utf-8"))])
        drawn = dev[_random_subsets(rng, n, k, SAMPLES)].sum(axis=1)
        out[i] = (int(np.count_nonzero(drawn <= sums[i] + TIE_TOLERANCE)), SAMPLES, False)
    for (n, k), members in groups.items():
        limits = np.array([sums[i] for i in members]) + TIE_TOLERANCE
        hits = _exact_hits(np.stack([devs[i] for i in members]), k, limits)
        for i, h in zip(members, hits, strict=True):
            out[i] = (h, math.comb(n, k), True)
    return out


def rival_p_value(dev: np.ndarray, k: int, k_sum: float, key: str = "") -> tuple[int, int, bool]:
    """:func:`rival_p_values` for one rater."""
    return rival_p_values([np.asarray(dev, dtype=np.float64)], [k], [k_sum], [key])[0]
