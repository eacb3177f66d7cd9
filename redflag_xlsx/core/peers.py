"""Who rates whom among the units (SPEC 2.2, 3): the one answer that the engine, the reader,
the template builder, the results workbook and the demo all ask.

Every unit rates every other unit (``peer_scope = "all"``) or those of its own site
(``"site"``), never itself.  An in-house unit (no 承包单位, such as 物业管理处工程部) rates its
peers unless ``in_house_rates_peers`` is false -- seed 四(二)1 names the 后勤服务承包单位 as the
raters but says 各单位互相打分, so the office chooses (docs/rules-mapping.md).  An in-house unit
is rated by its peers either way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .roster import Roster, Unit


class Rules(Protocol):
    """The two options of :class:`~redflag_xlsx.core.rules.Rules` that decide who rates whom
    (a protocol: ``Rules.check_roster`` asks this module, which therefore imports no rules)."""

    @property
    def peer_scope(self) -> str: ...

    @property
    def in_house_rates_peers(self) -> bool: ...


__all__ = ["peer_raters", "rated_by", "raters_of", "rates", "rates_peers"]


def rates_peers(unit: Unit, rules: Rules) -> bool:
    """Whether ``unit`` rates its peers at all: the one rule for which units are raters."""
    return rules.in_house_rates_peers or not unit.in_house


def rates(rater: Unit, rated: Unit, rules: Rules) -> bool:
    """Whether unit ``rater`` rates unit ``rated``: a rater, not itself, within the scope."""
    return (
        rates_peers(rater, rules)
        and rater.code != rated.code
        and (rules.peer_scope == "all" or rater.site == rated.site)
    )


def peer_raters(roster: Roster, rules: Rules) -> list[Unit]:
    """The units that rate their peers, in roster order (the rows of the peer grid, the split
    peer forms, the raters a missing form is reported for)."""
    return [u for u in roster.units if rates_peers(u, rules)]


def raters_of(roster: Roster, rules: Rules, rated: str) -> list[Unit]:
    """The units that must rate unit ``rated``, in roster order (as the engine sums them)."""
    unit = roster.unit(rated)
    return [u for u in _in_scope(roster, rules, unit) if rates(u, unit, rules)]


def rated_by(roster: Roster, rules: Rules, rater: str) -> list[Unit]:
    """The units that unit ``rater`` must rate, in roster order (none for a unit that does not
    rate its peers)."""
    unit = roster.unit(rater)
    return [u for u in _in_scope(roster, rules, unit) if rates(unit, u, rules)]


def _in_scope(roster: Roster, rules: Rules, unit: Unit) -> Sequence[Unit]:
    """The units ``unit`` may rate or be rated by, in roster order: a superset of what
    :func:`rates` admits (its site's, unless every unit rates every other), so that asking
    for every unit costs units × site size, not units²."""
    return roster.units if rules.peer_scope == "all" else roster.units_at(unit.site)
