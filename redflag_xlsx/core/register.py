"""The inspection register's part of the rules and of the engine (SPEC 14), pure.

Register items are every count item of the quality items (all but the 是/否 items such as
制度诚信良好) and every disqualifying flag (严重违反工作纪律, 整改通知书), which a verified event
sets to 是.  When a quarter has a register, each of these counts is the number of its verified
events of that unit and item: :func:`with_register_counts` puts them into a unit's scoring row
before the engine scores it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .models import Register, RegisterEvent, ScoringRow
from .rules import Rules
from .values import normalise_text

__all__ = [
    "RegisterItem",
    "event_points",
    "item_codes_by_text",
    "register_counts",
    "register_items",
    "unit_events",
    "with_register_counts",
]


@dataclass(frozen=True)
class RegisterItem:
    """One choice of the register's 考核项目 column."""

    code: str
    label_zh: str
    label_en: str
    points: float | None  # per event; None for a disqualifying flag (no points, 是)
    disqualifies: bool
    flag: bool  # a disqualifying 是/否 flag rather than a count

    def label(self, lang: str = "zh") -> str:
        return self.label_en if lang == "en" else self.label_zh


def register_items(rules: Rules) -> tuple[RegisterItem, ...]:
    """The register items of ``rules``, in the scoring sheet's order."""
    items = [
        RegisterItem(i.code, i.label_zh, i.label_en, i.points, i.disqualifies, False)
        for i in rules.items
        if i.input == "count"
    ]
    items += [
        RegisterItem(f.code, f.label_zh, f.label_en, None, True, True)
        for f in rules.disqualifying_flags
    ]
    return tuple(items)


def _key(text: str) -> str:
    return normalise_text(text).casefold()


def item_codes_by_text(rules: Rules) -> dict[str, str]:
    """What may be typed in 考核项目 -> the item's code: its label in either language (NFKC,
    trimmed, any case) or its code."""
    out: dict[str, str] = {}
    for item in register_items(rules):
        for text in (item.code, item.label_en, item.label_zh):
            out[_key(text)] = item.code
    return out


def register_counts(register: Register) -> dict[str, dict[str, int]]:
    """unit -> item -> the number of its verified events."""
    out: dict[str, dict[str, int]] = {}
    for e in register.verified():
        per_unit = out.setdefault(e.unit, {})
        per_unit[e.item] = per_unit.get(e.item, 0) + 1
    return out


def with_register_counts(row: ScoringRow, counts: dict[str, int], rules: Rules) -> ScoringRow:
    """``row`` with every register item taken from ``counts`` (the unit's verified events): a
    count item's count, a flag 是 when it has an event."""
    items = register_items(rules)
    new_counts = dict(row.counts)
    new_flags = dict(row.flags)
    for item in items:
        n = counts.get(item.code, 0)
        if item.flag:
            new_flags[item.code] = n > 0
        else:
            new_counts[item.code] = float(n)
    return row.model_copy(update={"counts": new_counts, "flags": new_flags})


def event_points(item: str, rules: Rules) -> float | None:
    """The points one event of ``item`` is worth (``None``: a flag, which disqualifies)."""
    return next((i.points for i in rules.items if i.code == item and i.input == "count"), None)


def unit_events(events: Iterable[RegisterEvent], unit: str) -> list[RegisterEvent]:
    """The verified events of ``unit`` in date order (then file and row, as read)."""
    found = [e for e in events if e.unit == unit and e.verified]
    return sorted(found, key=lambda e: e.date)
