"""Build engine inputs (Submission objects) by hand for tests of the pure engine."""

from __future__ import annotations

from redflag_xlsx.core.models import ScoringRow, Submission
from redflag_xlsx.core.roster import Roster


def make_submission(
    *,
    peer_for: dict[str, float] | None = None,
    leader_for: dict[str, float] | None = None,
    scoring: dict[str, dict] | None = None,
    roster: Roster | None = None,
    default_rating: float = 80.0,
    period: str = "2026Q4",
) -> Submission:
    """Every unit rates every other unit, and every leader every unit.

    ``peer_for[u]`` is the rating every other unit gives ``u`` (so P(u) is exactly that value),
    ``leader_for[u]`` likewise for the leaders; others get ``default_rating``.  ``scoring[u]`` is
    a dict of ScoringRow fields (``counts``, ``flags``, ``baseline``, ``current``).
    """
    roster = roster or Roster.sample()
    peer_for = peer_for or {}
    leader_for = leader_for or {}
    codes = [u.code for u in roster.units]
    peer = {r: {u: peer_for.get(u, default_rating) for u in codes if u != r} for r in codes}
    leadership = {
        ld.code: {u: leader_for.get(u, default_rating) for u in codes} for ld in roster.leaders
    }
    rows = {}
    for code in codes:
        fields = {"baseline": 90.0, "current": 90.0, **(scoring or {}).get(code, {})}
        rows[code] = ScoringRow(unit=code, **fields)
    return Submission(period=period, roster=roster, scoring=rows, peer=peer, leadership=leadership)
