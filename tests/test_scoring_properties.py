"""Invariants of the engine, checked on generated inputs (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from redflag_xlsx.core.rules import Rules
from redflag_xlsx.core.scoring import quality_score, tally

from subs import make_submission

RULES = Rules.default()
COUNT_ITEMS = [i.code for i in RULES.items if i.input == "count"]
DEDUCTIONS = [i.code for i in RULES.items if i.points < 0]
CODES = ["JG01", "JG02", "JG03", "JG04", "JG05", "JG06", "JG07", "JG08"]
CODES += ["XZ01", "XZ02", "XZ03", "XZ04"]

counts_st = st.dictionaries(st.sampled_from(COUNT_ITEMS), st.integers(0, 20), max_size=8)
rating_st = st.floats(min_value=0, max_value=100, allow_nan=False).map(lambda v: int(v * 4) / 4)


@given(counts_st, st.sampled_from(DEDUCTIONS), st.floats(-50, 50, allow_nan=False))
def test_a_deduction_never_raises_quality(counts, item, adj) -> None:
    more = {**counts, item: counts.get(item, 0) + 1}
    assert quality_score(more, adj, RULES) <= quality_score(counts, adj, RULES)


@settings(max_examples=40, deadline=None)
@given(
    st.dictionaries(st.sampled_from(CODES), rating_st, min_size=0, max_size=12),
    st.dictionaries(st.sampled_from(CODES), rating_st, min_size=0, max_size=12),
    st.dictionaries(st.sampled_from(CODES), counts_st, max_size=4),
)
def test_flags_and_ranks(peer_for, leader_for, counts) -> None:
    sub = make_submission(
        peer_for=peer_for,
        leader_for=leader_for,
        scoring={code: {"counts": c} for code, c in counts.items()},
    )
    result = tally(sub)
    for site in result.roster.sites:
        units = [u for u in result.units if u.site == site]
        # ranks are competition ranks among the units that can win: 1 + the number of
        # strictly greater totals of eligible units in the site; the others have none
        for u in units:
            if u.eligible:
                assert u.rank == 1 + sum(1 for o in units if o.eligible and o.total > u.total)
            else:
                assert u.rank is None
        n = RULES.flags_for(site)
        eligible = [u for u in units if u.eligible]
        winners = [u for u in units if u.won]
        ties = [u for u in units if u.outcome == "tie"]
        assert all(u.eligible for u in winners + ties)
        if not ties:  # no tie at the cut-off: exactly the configured number of flags
            assert len(winners) == min(n, len(eligible))
        else:
            assert len(winners) < n < len(winners) + len(ties)
        # nobody who missed out beats a winner
        losers = [u for u in eligible if not u.won]
        for w in winners:
            assert all((w.total, w.quality) >= (o.total, o.quality) for o in losers)
