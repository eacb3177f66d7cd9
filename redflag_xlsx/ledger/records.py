"""What the history ledger stores and hands out, apart from SQLite: the records of a tallied
period (:class:`UnitRecord`, :class:`PeriodInfo`, :class:`UnitSummary`), what a write did
(:class:`RecordInfo`), the digests of a tally's inputs, and how a record maps to a row of
``unit_result`` (its columns are :class:`UnitRecord`'s fields, in order).

:mod:`ledger` (the store) re-exports every public name here.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..core.i18n import current_lang, t
from ..core.scoring import UnitResult, reason_texts

if TYPE_CHECKING:
    from ..core.case import InputChange
    from ..core.scoring import Result

__all__ = [
    "RECORD_COLUMNS",
    "PeriodInfo",
    "RecordInfo",
    "UnitRecord",
    "UnitSummary",
    "checked_labels",
    "checked_min_total",
    "digest",
    "record_from_row",
    "unit_inputs_digest",
    "unit_row",
]


def digest(data: Any) -> str:
    """SHA-256 of ``data`` as canonical JSON (sorted keys, no spaces, UTF-8)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class RecordInfo:
    """What :meth:`Ledger.record` (or :meth:`Ledger.remove`) did.

    ``recomputed``: later periods whose stored streaks/tiers changed; ``stale``: later periods
    whose satisfaction baseline came from this period's rate, which changed (re-tally them).
    ``revision``: the period's revision now (``unchanged``: the tally added none, being the
    same as it); ``changes``: the inputs changed since the previous revision, with ``reason``;
    ``previous_approved``: the previous revision was the leaders' approval;
    ``inputs_unknown``: the previous revision was recorded before inputs were kept.
    """

    period: str
    file: str
    replaced: bool = False
    removed: bool = False
    recomputed: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    revision: int = 0
    kind: str = "tally"
    unchanged: bool = False
    changes: tuple[InputChange, ...] = ()
    reason: str = ""
    previous_approved: bool = False
    inputs_unknown: bool = False

    def describe(self, lang: str | None = None) -> str:
        """The lines to show the user, from the catalog."""
        where = {"period": self.period, "file": self.file, "n": self.revision}
        prev = self.revision - 1
        if self.removed:
            lines = [t("ledger_removed", lang, **where)]
        elif self.unchanged:
            lines = [t("ledger_unchanged", lang, **where)]
        elif self.kind == "approve":
            lines = [t("ledger_approved", lang, **where)]
        elif self.revision > 1:
            lines = [t("ledger_revised", lang, **where)]
            if self.changes:
                count = len(self.changes)
                lines.append(
                    t("ledger_revised_changes", lang, prev=prev, count=count, reason=self.reason)
                )
            elif self.inputs_unknown:
                lines.append(t("ledger_inputs_unknown", lang, prev=prev))
            if self.previous_approved:
                lines.append(t("ledger_approval_void", lang, prev=prev, period=self.period))
        else:
            key = "ledger_replaced" if self.replaced else "ledger_recorded"
            lines = [t(key, lang, **where)]
        if self.recomputed:
            lines.append(t("ledger_recomputed", lang, periods="、".join(self.recomputed)))
        if self.stale:
            lines.append(t("ledger_stale", lang, period=self.period, periods="、".join(self.stale)))
        return "\n".join(lines)


class UnitRecord(UnitResult):
    """One unit's stored result for one period (a row of ``unit_result``): the engine's
    :class:`UnitResult`, and where and from what it was stored."""

    period: str
    position: int
    inputs_digest: str

    @property
    def unit(self) -> str:
        return self.code


@dataclass(frozen=True)
class PeriodInfo:
    """One tallied period: when, from what, and the leaders' decisions."""

    period: str
    recorded_at: str  # ISO 8601, UTC
    generator: str
    inputs_digest: str
    roster_fingerprint: str
    awards: list[str]
    files: dict[str, str]  # input file -> SHA-256
    labels: dict[str, list[str]]  # item/flag code -> [zh, en] label, for the reasons
    min_total_for_flag: float | None
    winners: list[str]

    def reasons(self, record: UnitRecord, lang: str | None = None) -> list[str]:
        """Why ``record``'s unit could not win, as the sheets' header texts (SPEC 6), with the
        labels of the rules that period was tallied with."""
        idx = 1 if current_lang(lang) == "en" else 0
        labels = {code: pair[idx] for code, pair in self.labels.items()}
        return reason_texts(record, labels, self.min_total_for_flag, lang)


@dataclass(frozen=True)
class UnitSummary:
    """A unit across the ledger (codes are identity: the latest name and site are shown)."""

    code: str
    name: str
    site: str
    records: dict[str, UnitRecord]  # period -> record, in period order
    current_streak: int  # the streak of a win in the latest ledger period, else 0
    best_streak: int
    in_latest: bool  # False: the unit is missing from the latest period (removed from roster)
    imported: dict[str, int] = field(default_factory=dict)  # imported win's period -> streak

    @property
    def quarters(self) -> int:
        """Quarters tallied with the unit (imported quarters hold winners only)."""
        return len(self.records)

    @property
    def won_periods(self) -> list[str]:
        won = [p for p, r in self.records.items() if r.won] + list(self.imported)
        return sorted(won)

    @property
    def wins(self) -> int:
        return len(self.won_periods)


# --- rows of unit_result <-> UnitRecord ---------------------------------------------------------
# unit_result stores every field of UnitResult but the remark (a form's free text, not a
# result), and the computed eligibility; a field the engine gains needs a schema migration
# (tests/test_ledger.py compares these columns with the schema's).
_NOT_STORED = frozenset({"remark"})
_JSON_COLUMNS = {"counts": "counts_json", "flags": "flags_json", "disqualified_by": None}
_BOOL_COLUMNS = {"eligible", "below_min_total", "decided_by_award", "priority"}  # 0/1 in SQLite
_RESULT_FIELDS = tuple(
    name for name in UnitResult.model_fields if name != "code" and name not in _NOT_STORED
)
_FIELDS = ("period", "code", "position", "inputs_digest", "eligible", *_RESULT_FIELDS)
# unit_result's columns, in the order of _FIELDS (the unit's code is the column "unit")
RECORD_COLUMNS = tuple("unit" if f == "code" else _JSON_COLUMNS.get(f) or f for f in _FIELDS)


def record_from_row(row: tuple) -> UnitRecord:
    """The record of a row of ``unit_result`` selected by :data:`RECORD_COLUMNS`.

    Every value is checked against its field by pydantic (a ledger edited by hand, or damaged,
    may hold text in a number column or JSON that is not): a ``ValueError`` (or ``TypeError``)
    says which, and the store makes it one ``ledger_corrupt``."""
    values: dict[str, Any] = {}
    for name, value in zip(_FIELDS, row, strict=True):
        if name in _JSON_COLUMNS:
            value = json.loads(value)  # not text: a TypeError, damaged
        elif name in _BOOL_COLUMNS and value is not None:
            value = bool(value)
        if name != "eligible":  # computed from the others
            values[name] = value
    return UnitRecord.model_validate(values)


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == value


def checked_labels(text: object) -> dict[str, list[str]]:
    """``period.labels_json``: code -> [zh, en]; ``ValueError`` when it is not."""
    labels = json.loads(text) if isinstance(text, str) else None
    if not isinstance(labels, dict) or not all(
        isinstance(v, list) and len(v) == 2 and all(isinstance(x, str) for x in v)
        for v in labels.values()
    ):
        raise ValueError(f"labels_json: {text!r}")
    return labels


def checked_min_total(text: object) -> float | None:
    """``min_total_for_flag`` of ``period.rules_json``; ``ValueError`` when it is not."""
    rules = json.loads(text) if isinstance(text, str) else None
    if not isinstance(rules, dict):
        raise ValueError(f"rules_json: {text!r}")
    value = rules.get("min_total_for_flag")
    if value is not None and not _number(value):
        raise ValueError(f"min_total_for_flag: {value!r}")
    return value


def unit_row(period: str, position: int, u: UnitResult, inputs_digest: str) -> list[Any]:
    """The values of :data:`RECORD_COLUMNS` for one unit's result, as SQLite stores them."""
    given = {"period": period, "position": position, "inputs_digest": inputs_digest}
    values = []
    for name in _FIELDS:
        value = given[name] if name in given else getattr(u, name)
        if name in _JSON_COLUMNS:
            value = json.dumps(value, sort_keys=True)
        elif isinstance(value, bool):
            value = int(value)
        values.append(value)
    return values


def unit_inputs_digest(result: Result, unit: UnitResult) -> str:
    """SHA-256 of what went into one unit's scores: its scoring row and the ratings it got."""
    sub = result.submission
    ratings: dict[str, dict[str, float]] = {"peer": {}, "leadership": {}}
    if sub is not None:
        for kind, grid in (("peer", sub.peer), ("leadership", sub.leadership)):
            ratings[kind] = {r: row[unit.code] for r, row in grid.items() if unit.code in row}
    return digest(
        {
            "counts": unit.counts,
            "flags": unit.flags,
            "baseline": unit.baseline if unit.baseline_source == "input" else None,
            "current": unit.current,
            "remark": unit.remark,
            **ratings,
        }
    )
