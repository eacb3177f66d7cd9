"""What the ledger knows besides tallied quarters (SPEC 2.4, 7): the winners of quarters before
the tool was used (``history --import``), and the 重新招投标优先权 the contractors hold until the
clerk marks one used (``history --priority-used CODE --reason``).

Functions over an open :class:`~redflag_xlsx.ledger.store.Ledger`, which exposes them as
methods; every write is one transaction of the ledger.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ..core.errors import UsageError
from ..core.findings import Issue
from ..core.i18n import t
from ..core.messages import Msg
from ..core.models import ImportedWin
from ..core.period import Period
from ..core.rules import SEED_TIERS
from ..core.scoring import win_streak


class Ledger(Protocol):
    """What these functions use of :class:`~redflag_xlsx.ledger.store.Ledger` (which calls
    them; a protocol, so this module does not import the store)."""

    path: Path

    @property
    def _db(self) -> sqlite3.Connection: ...

    def _guard(self) -> AbstractContextManager[None]: ...

    def _transaction(self) -> AbstractContextManager[None]: ...

    def _streak_data(self) -> tuple[dict[str, set[str]], dict[str, dict[str, str]]]: ...

    def _recompute_after(
        self, period: str, winners: dict[str, set[str]], contractors: dict[str, dict[str, str]]
    ) -> list[str]: ...


__all__ = [
    "ImportInfo",
    "ImportedPeriod",
    "PriorityHolding",
    "import_winners",
    "imported_periods",
    "mark_priority_used",
    "priority_holdings",
]


# --- earlier winners ----------------------------------------------------------------------------
@dataclass(frozen=True)
class ImportInfo:
    """What :func:`import_winners` stored."""

    file: str  # the ledger
    source: str  # the import workbook
    periods: list[str]
    wins: int
    recomputed: list[str] = field(default_factory=list)  # later tallied quarters whose tiers moved

    def describe(self, lang: str | None = None) -> str:
        lines = [
            t(
                "imp_done",
                lang,
                n=len(self.periods),
                wins=self.wins,
                periods="、".join(self.periods),
                file=self.file,
            )
        ]
        if self.recomputed:
            lines.append(t("ledger_recomputed", lang, periods="、".join(self.recomputed)))
        return "\n".join(lines)


@dataclass(frozen=True)
class ImportedPeriod:
    """A quarter entered with ``history --import``: its winners only, no scores."""

    period: str
    imported_at: str  # ISO 8601, UTC
    source: str
    wins: list[tuple[str, str, str]]  # (unit, 承包单位, the cell it was read from)


def import_winners(
    ledger: Ledger, wins: Sequence[ImportedWin], source: str, now: str
) -> tuple[ImportInfo | None, list[Issue]]:
    """Store ``wins`` as imported quarters, all or nothing, in one transaction.

    A quarter the ledger already holds (tallied, or imported before) is never overwritten: each
    is an ``E_IMPORT_IN_LEDGER`` finding at its first row, and nothing is stored.  Later tallied
    quarters' streaks and tiers are recomputed.  ``now``: the time stored (ISO 8601, UTC)."""
    periods = sorted({w.period for w in wins}, key=Period.parse)
    issues: list[Issue] = []
    db = ledger._db
    with ledger._transaction():
        tallied = {p for (p,) in db.execute("SELECT period FROM period")}
        imported = {p for (p,) in db.execute("SELECT period FROM imported_period")}
        reported: set[str] = set()
        for win in wins:
            if win.period in reported or win.period not in tallied | imported:
                continue
            reported.add(win.period)
            how = "tallied" if win.period in tallied else "imported"
            issues.append(
                Issue.make(
                    "E_IMPORT_IN_LEDGER",
                    file=win.file,
                    sheet=win.sheet,
                    cell=win.cell,
                    period=win.period,
                    ledger=str(ledger.path),
                    how=Msg(f"imp_how_{how}"),
                )
            )
        if issues or not wins:
            return None, issues
        db.executemany(
            "INSERT INTO imported_period (period, imported_at, source) VALUES (?, ?, ?)",
            [(p, now, source) for p in periods],
        )
        db.executemany(
            "INSERT INTO imported_win (period, unit, contractor, position, source_cell) "
            "VALUES (?, ?, ?, ?, ?)",
            [
                (w.period, w.unit, w.contractor, i, f"{w.sheet or ''}!{w.cell or ''}")
                for i, w in enumerate(wins)
            ],
        )
        winners, contractors = ledger._streak_data()
        recomputed = ledger._recompute_after(periods[0], winners, contractors)
    info = ImportInfo(str(ledger.path), source, periods, len(wins), recomputed)
    return info, []


def imported_periods(ledger: Ledger) -> list[ImportedPeriod]:
    """Every imported quarter, oldest first, with its winners in the order they were read."""
    with ledger._guard():
        rows = ledger._db.execute(
            "SELECT period, imported_at, source FROM imported_period ORDER BY period"
        ).fetchall()
        wins: dict[str, list[tuple[str, str, str]]] = {}
        for period, unit, contractor, cell in ledger._db.execute(
            "SELECT period, unit, contractor, source_cell FROM imported_win "
            "ORDER BY period, position"
        ):
            wins.setdefault(period, []).append((unit, contractor, cell))
    return [ImportedPeriod(p, at, src, wins.get(p, [])) for p, at, src in rows]


# --- 重新招投标优先权 (re-tender priority) -------------------------------------------------
@dataclass(frozen=True)
class PriorityHolding:
    """A contractor's 重新招投标优先权 (seed 六.3): earned by a unit's run of wins under one
    承包单位 reaching the priority tier; the seed sets no end, so it holds until marked used."""

    unit: str
    contractor: str
    earned: str  # the quarter the run first reached the priority tier
    wins: list[str]  # the run's quarters from then on
    used_at: str | None = None  # ISO 8601, UTC
    reason: str | None = None

    @property
    def valid(self) -> bool:
        return self.used_at is None


def _priority_streak(ledger: Ledger) -> int:
    """The streak from which an imported win carries the priority: that of the tiers of the
    earliest tallied quarter (the rules the office used), else the seed's (3)."""
    row = ledger._db.execute("SELECT tiers_json FROM period ORDER BY period LIMIT 1").fetchone()
    tiers = json.loads(row[0]) if row else [x.model_dump() for x in SEED_TIERS]
    reaching = [x["min_streak"] for x in tiers if x["priority"]]
    return min(reaching) if reaching else 0  # 0: no tier gives a priority


def priority_holdings(ledger: Ledger) -> list[PriorityHolding]:
    """Every 重新招投标优先权 earned, in the order earned (an in-house unit earns none)."""
    with ledger._guard():
        winners, contractors = ledger._streak_data()
        threshold = _priority_streak(ledger)
        wins: list[tuple[str, str, str, int, bool]] = []  # period, unit, contractor, streak, prio
        for period, unit, contractor, streak, priority in ledger._db.execute(
            "SELECT period, unit, contractor, streak, priority FROM unit_result "
            "WHERE outcome = 'flag'"
        ):
            wins.append((period, unit, contractor, streak or 1, bool(priority)))
        for period, unit, contractor in ledger._db.execute(
            "SELECT period, unit, contractor FROM imported_win"
        ):
            streak = win_streak(unit, Period.parse(period), winners, contractors, contractor)
            wins.append((period, unit, contractor, streak, threshold > 0 and streak >= threshold))
        used = {
            (unit, contractor, earned): (at, reason)
            for unit, contractor, earned, at, reason in ledger._db.execute(
                "SELECT unit, contractor, earned, used_at, reason FROM priority_used"
            )
        }
    runs: dict[tuple[str, str, str], list[str]] = {}  # (unit, contractor, run start) -> periods
    for period, unit, contractor, streak, priority in sorted(wins, key=lambda w: w[0]):
        if not priority or not contractor:
            continue
        start = Period.parse(period)
        for _ in range(streak - 1):
            start = start.previous()
        runs.setdefault((unit, contractor, str(start)), []).append(period)
    holdings = []
    for (unit, contractor, _start), periods in runs.items():
        at, reason = used.get((unit, contractor, periods[0]), (None, None))
        holdings.append(PriorityHolding(unit, contractor, periods[0], periods, at, reason))
    return sorted(holdings, key=lambda h: (Period.parse(h.earned), h.unit))


def mark_priority_used(ledger: Ledger, code: str, reason: str, now: str) -> PriorityHolding:
    """Mark the latest valid 重新招投标优先权 of unit ``code`` (any case) used at ``now``, with
    ``reason``; a unit holding none is a :class:`UsageError`."""
    reason = " ".join(reason.split())
    if not reason:
        raise UsageError(Msg("prio_reason_blank"))
    with ledger._transaction():
        valid = [h for h in priority_holdings(ledger) if h.valid]
        mine = [h for h in valid if h.unit.casefold() == code.strip().casefold()]
        if not mine:
            holders = "、".join(dict.fromkeys(h.unit for h in valid)) or "-"
            raise UsageError(Msg("prio_none", code=code, holders=holders))
        holding = mine[-1]
        ledger._db.execute(
            "INSERT INTO priority_used (unit, contractor, earned, used_at, reason) "
            "VALUES (?, ?, ?, ?, ?)",
            (holding.unit, holding.contractor, holding.earned, now, reason),
        )
    return PriorityHolding(
        holding.unit, holding.contractor, holding.earned, holding.wins, now, reason
    )
