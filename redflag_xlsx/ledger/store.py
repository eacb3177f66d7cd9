"""The history ledger (SPEC 7): one SQLite file that remembers every tallied quarter.

Streaks (SPEC 2.4) and satisfaction baselines (SPEC 2.1) need earlier quarters; the ledger keeps,
per period, every unit's scores, rank, eligibility, outcome, streak, tier and 本期满意率, plus the
tally's input fingerprints and the leaders' ``--award`` decisions::

    with Ledger(default_ledger_path("out/results.xlsx")) as ledger:
        result = tally(sub, rules, history=ledger.history(before=sub.period))
        info = ledger.record(result, fingerprints=sub.fingerprints)
        print(info.describe())

Every write is one transaction: a record that fails (or a process killed) midway leaves the file
exactly as it was.  A file that is not our ledger (not SQLite, another program's database, a newer
schema, damaged) raises :class:`LedgerError` naming the file and is never written to.
Only stdlib ``sqlite3``; the schema is versioned by ``PRAGMA user_version`` with a list of
migrations (one per version), and marked as ours by ``PRAGMA application_id``.  The records it
hands out, and how they map to rows, are in :mod:`ledger_records`; the schema in
:mod:`ledger_schema`.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.case import (
    CaseState,
    Decision,
    InputChange,
    InputSource,
    Revision,
    RevisionKind,
)
from ..core.errors import RedflagError, UsageError
from ..core.messages import Msg
from ..core.models import History
from ..core.period import Period
from ..core.safe_text import display_name
from ..core.scoring import win_streak
from ..xlsx.files import Placement, is_regular_or_missing
from . import pending
from .case import (
    CHANGES_SHOWN,
    StoredInput,
    changes_between,
    changes_msg,
    decisions_json,
    inputs_of,
    item_labels,
    source_of,
    submission_meta,
    value_json,
)
from .records import (
    RECORD_COLUMNS,
    PeriodInfo,
    RecordInfo,
    UnitRecord,
    UnitSummary,
    checked_labels,
    checked_min_total,
    digest,
    record_from_row,
    unit_inputs_digest,
    unit_row,
)
from .schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..core.casefile import CaseFile
    from ..core.findings import Issue
    from ..core.models import ImportedWin
    from ..core.roster import Roster
    from ..core.rules import Rules
    from ..core.scoring import Result, UnitResult
    from .earlier import ImportedPeriod, ImportInfo, PriorityHolding

__all__ = [
    "APPLICATION_ID",
    "LEDGER_FILENAME",
    "SCHEMA_VERSION",
    "Ledger",
    "LedgerError",
    "PeriodInfo",
    "RecordInfo",
    "UnitRecord",
    "UnitSummary",
    "default_ledger_path",
]

LEDGER_FILENAME = "redflag_history.db"
LOCK_TIMEOUT = 10.0  # seconds a tally waits for another one to finish writing the ledger
_SQLITE_MAGIC = b"SQLite format 3\x00"

_CHILD_TABLES = ("unit_result", "award_decision", "input_file", "period_input", "period_case")
# a period's revisions outlive its re-tallies (append-only); only history --remove deletes them
_REVISION_TABLES = ("revision_change", "revision")
# a quarter entered with history --import (winners only): replaced by a tally of that quarter
_IMPORTED_TABLES = ("imported_win", "imported_period")
Winners = dict[str, set[str]]  # period -> the units that won a flag
Contractors = dict[str, dict[str, str]]  # period -> unit -> its 承包单位 then


class LedgerError(RedflagError):
    """The history ledger cannot be opened or written: not our file, damaged, newer, locked, or
    a result that must not be recorded.  The message names the file; the file is left as it was."""


def default_ledger_path(results_path: str | Path) -> Path:
    """``redflag_history.db`` beside the results workbook (or inside it, if it is a folder)."""
    results_path = Path(results_path)
    folder = results_path if results_path.is_dir() else results_path.parent
    return folder / LEDGER_FILENAME


def _env_timeout(default: float) -> float:
    """``REDFLAG_LEDGER_TIMEOUT`` (seconds) when set to a number, else ``default``."""
    value = os.environ.get("REDFLAG_LEDGER_TIMEOUT", "").strip()
    try:
        return max(0.0, float(value)) if value else default
    except ValueError:
        return default


def utc_now() -> str:
    """A revision's time: ISO 8601 UTC, to the second."""
    return _now()


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")


# --- the ledger -------------------------------------------------------------------------------
class Ledger:
    """The SQLite history ledger at ``path`` (created when missing, unless ``create=False``)."""

    def __init__(
        self,
        path: str | Path,
        *,
        create: bool = True,
        timeout: float = LOCK_TIMEOUT,
    ) -> None:
        self.path = Path(path)
        # seconds to wait while another tally holds the file (REDFLAG_LEDGER_TIMEOUT overrides)
        self.timeout = _env_timeout(timeout)
        self._conn: sqlite3.Connection | None = None
        self._open(create)

    # context manager
    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # --- opening ----------------------------------------------------------------------------
    def _error(self, key: str, **params: object) -> LedgerError:
        return LedgerError(Msg(key, file=self.path, **params))

    def _open(self, create: bool) -> None:
        path = self.path
        if path.is_dir():
            raise self._error("ledger_is_dir")
        if not is_regular_or_missing(path):  # a pipe or a device would block or mislead us
            raise self._error("ledger_not_regular")
        exists = path.exists()
        if not exists and not create:
            raise self._error("ledger_missing")
        if exists:
            try:
                with path.open("rb") as fh:
                    head = fh.read(len(_SQLITE_MAGIC))
            except OSError as exc:
                raise self._error("ledger_unreadable", detail=exc.strerror or exc) from None
            # An empty file holds nothing to lose: it becomes a new ledger.
            if head and head != _SQLITE_MAGIC:
                raise self._error("ledger_not_sqlite")
        else:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise self._error("ledger_unwritable", detail=exc.strerror or exc) from None
        try:
            conn = sqlite3.connect(str(path), timeout=self.timeout, isolation_level=None)
        except (sqlite3.Error, UnicodeError) as exc:
            raise self._error("ledger_unwritable", detail=exc) from None
        self._conn = conn
        try:
            self._check_and_migrate()
            self._recover()
        except BaseException:
            self.close()
            raise

    def _recover(self) -> None:
        """Settle the results workbooks that killed tallies left half placed (:mod:`pending`);
        a ledger that cannot be written now (read-only, locked) is left for a later run."""
        try:
            with self._guard():
                if not self._scalar("SELECT count(*) FROM pending_output"):
                    return
            with self._transaction():
                pending.recover(self._db)
        except LedgerError:
            pass

    def _check_and_migrate(self) -> None:
        with self._guard():
            self._db.execute("BEGIN")  # one consistent look, while another run may create it
            try:
                app_id = self._scalar("PRAGMA application_id")
                version = self._scalar("PRAGMA user_version")
                objects = self._scalar("SELECT count(*) FROM sqlite_master")
            finally:
                self._db.execute("COMMIT")
            if app_id != APPLICATION_ID and not (app_id == 0 and objects == 0):
                raise self._error("ledger_foreign")
            if version > SCHEMA_VERSION:
                raise self._error("ledger_newer", found=version, supported=SCHEMA_VERSION)
            check = self._scalar("PRAGMA quick_check")
            if check != "ok":
                raise self._error("ledger_corrupt", detail=check)
            if version < SCHEMA_VERSION:
                with self._transaction():
                    # read again under the write lock: another run may have created or
                    # upgraded the file between our first look and now
                    version = self._scalar("PRAGMA user_version")
                    for statements in MIGRATIONS[version:]:
                        for sql in statements:
                            self._db.execute(sql)
                    self._db.execute(f"PRAGMA application_id = {APPLICATION_ID:d}")
                    self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")

    @property
    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            raise self._error("ledger_closed")
        return self._conn

    def _scalar(self, sql: str, params: tuple = ()) -> Any:
        row = self._db.execute(sql, params).fetchone()
        return None if row is None else row[0]

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """sqlite3 errors become one clear :class:`LedgerError` naming the file."""
        try:
            yield
        except LedgerError:
            raise
        except sqlite3.OperationalError as exc:
            text = str(exc)
            if "locked" in text or "busy" in text:
                raise self._error("ledger_locked") from None
            if "readonly" in text or "unable to open" in text or "disk" in text:
                raise self._error("ledger_unwritable", detail=text) from None
            raise self._error("ledger_corrupt", detail=text) from None
        except sqlite3.DatabaseError as exc:  # "file is not a database", "malformed", ...
            raise self._error("ledger_corrupt", detail=exc) from None

    @contextmanager
    def _reading(self) -> Iterator[None]:
        """Like :meth:`_guard`, and stored values that are not what they should be (text in a
        number column, JSON that is not, a period that is none) are one ``ledger_corrupt``."""
        with self._guard():
            try:
                yield
            except LedgerError:
                raise
            except (ValueError, TypeError, KeyError, AttributeError) as exc:
                # ConfigError (a stored period that is none) is a ValueError too
                raise self._error("ledger_corrupt", detail=_one_line(exc)) from None

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One write transaction: everything inside is committed together, or nothing is."""
        with self._guard():
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
                self._db.execute("COMMIT")  # a full disk may refuse even this
            except BaseException:
                if self._db.in_transaction:
                    try:
                        self._db.execute("ROLLBACK")
                    except sqlite3.Error:  # pragma: no cover - SQLite rolls back by itself
                        pass
                raise

    # --- reading ----------------------------------------------------------------------------
    def periods(self) -> list[PeriodInfo]:
        """Every recorded period, oldest first."""
        with self._reading():
            rows = self._db.execute(
                "SELECT period, recorded_at, generator, inputs_digest, roster_fingerprint, "
                "labels_json, rules_json FROM period ORDER BY period"
            ).fetchall()
            awards = self._grouped("SELECT period, unit FROM award_decision ORDER BY position")
            winners = self._grouped(
                "SELECT period, unit FROM unit_result WHERE outcome = 'flag' ORDER BY position"
            )
            files: dict[str, dict[str, str]] = {}
            for period, name, sha in self._db.execute(
                "SELECT period, file, sha256 FROM input_file ORDER BY file"
            ):
                files.setdefault(period, {})[str(name)] = str(sha)
            out = []
            for p, at, gen, digest_, fp, labels, rules in rows:
                Period.parse(p)
                _dt.datetime.fromisoformat(at)  # the export shows it as a date
                if not all(isinstance(x, str) for x in (gen, digest_, fp)):
                    raise ValueError(f"period {p}")
                info = PeriodInfo(
                    period=p,
                    recorded_at=at,
                    generator=gen,
                    inputs_digest=digest_,
                    roster_fingerprint=fp,
                    awards=awards.get(p, []),
                    files=files.get(p, {}),
                    labels=checked_labels(labels),
                    min_total_for_flag=checked_min_total(rules),
                    winners=winners.get(p, []),
                )
                out.append(info)
        return out

    def _grouped(self, sql: str) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for period, unit in self._db.execute(sql):
            if not isinstance(unit, str):
                raise ValueError(f"unit {unit!r}")
            out.setdefault(period, []).append(unit)
        return out

    def latest_roster(self) -> Roster | None:
        """The roster of the latest tallied quarter (None: nothing tallied yet)."""
        from ..core.roster import Roster

        with self._guard():
            row = self._db.execute(
                "SELECT roster_json FROM period ORDER BY period DESC LIMIT 1"
            ).fetchone()
        return None if row is None else Roster.from_json(row[0])

    def records(self, period: Period | str | None = None) -> list[UnitRecord]:
        """Stored unit results (of one period, or all), by period then roster order."""
        sql = f"SELECT {', '.join(RECORD_COLUMNS)} FROM unit_result"
        params: tuple = ()
        if period is not None:
            sql += " WHERE period = ?"
            params = (str(Period.parse(period)),)
        with self._reading():
            rows = self._db.execute(sql + " ORDER BY period, position", params).fetchall()
            records = [record_from_row(row) for row in rows]
            for record in records:
                Period.parse(record.period)
        return records

    def history(self, before: Period | str) -> History:
        """What the engine needs from the periods strictly before ``before``: the winners of each
        (imported quarters included), each unit's 承包单位 then and its 本期满意率 (a period
        missing here breaks every streak)."""
        before = str(Period.parse(before))
        history = History()
        with self._reading():
            for (period,) in self._db.execute(
                "SELECT period FROM period WHERE period < ? UNION "
                "SELECT period FROM imported_period WHERE period < ? ORDER BY period",
                (before, before),
            ):
                Period.parse(period)
                history.winners[period] = []
                history.satisfaction[period] = {}
                history.contractors[period] = {}
            for period, unit, outcome, current, contractor in self._db.execute(
                "SELECT period, unit, outcome, current, contractor FROM unit_result "
                "WHERE period < ? ORDER BY period, position",
                (before,),
            ):
                if not isinstance(unit, str) or (current is not None and not _number(current)):
                    raise ValueError(f"{period} {unit!r}: {current!r}")
                if outcome == "flag":
                    history.winners[period].append(unit)
                if current is not None:
                    history.satisfaction[period][unit] = float(current)
                history.contractors[period][unit] = contractor
            for period, unit, contractor in self._db.execute(
                "SELECT period, unit, contractor FROM imported_win WHERE period < ? "
                "ORDER BY period, position",
                (before,),
            ):
                history.winners[period].append(unit)
                history.contractors[period][unit] = contractor
        return history

    def units_summary(self) -> list[UnitSummary]:
        """Every unit ever recorded or imported: latest roster order first, then units no
        longer listed, then units known only from imported quarters."""
        by_unit: dict[str, dict[str, UnitRecord]] = {}
        for rec in self.records():
            by_unit.setdefault(rec.unit, {})[rec.period] = rec
        imported: dict[str, dict[str, int]] = {}  # unit -> imported period -> streak
        with self._guard():
            winners, contractors = self._streak_data()
            for period, unit, contractor in self._db.execute(
                "SELECT period, unit, contractor FROM imported_win ORDER BY period, position"
            ):
                streak = win_streak(unit, Period.parse(period), winners, contractors, contractor)
                imported.setdefault(unit, {})[period] = streak
        if not by_unit and not imported:
            return []
        latest = max(winners)  # every stored quarter, tallied or imported
        summaries = []
        for code in [*by_unit, *(c for c in imported if c not in by_unit)]:
            recs = by_unit.get(code, {})
            mine = imported.get(code, {})
            last = recs[max(recs)] if recs else None
            streaks = [r.streak or 0 for r in recs.values() if r.won] + list(mine.values())
            now = recs.get(latest)
            current = mine.get(latest, (now.streak or 0) if now is not None and now.won else 0)
            summaries.append(
                UnitSummary(
                    code=code,
                    name=last.name if last else "",
                    site=last.site if last else "",
                    records=dict(sorted(recs.items())),
                    current_streak=current,
                    best_streak=max(streaks, default=0),
                    in_latest=now is not None,
                    imported=dict(sorted(mine.items())),
                )
            )

        def order(s: UnitSummary) -> tuple:
            if s.in_latest:
                return (0, s.records[latest].position, "", 0)
            if not s.records:
                return (2, 0, "", 0)
            last_period = max(s.records)
            return (1, 0, _negate_period(last_period), s.records[last_period].position)

        return sorted(summaries, key=order)

    # --- earlier winners and priorities (ledger.earlier) -------------------------------------
    def import_winners(
        self, wins: Sequence[ImportedWin], source: str
    ) -> tuple[ImportInfo | None, list[Issue]]:
        """Store the winners of quarters before the tool was used (``history --import``): all
        or nothing; a quarter already here is a finding, never overwritten."""
        from .earlier import import_winners

        return import_winners(self, wins, source, _now())

    def imported_periods(self) -> list[ImportedPeriod]:
        from .earlier import imported_periods

        return imported_periods(self)

    def priority_holdings(self) -> list[PriorityHolding]:
        """Every 重新招投标优先权 earned, valid until marked used (SPEC 7)."""
        from .earlier import priority_holdings

        return priority_holdings(self)

    def mark_priority_used(self, code: str, reason: str) -> PriorityHolding:
        from .earlier import mark_priority_used

        return mark_priority_used(self, code, reason, _now())

    # --- writing ----------------------------------------------------------------------------
    def record(
        self,
        result: Result,
        *,
        inputs_digest: str = "",
        fingerprints: dict[str, str] | None = None,
        placement: Placement | None = None,
        reason: str | None = None,
        kind: RevisionKind = "tally",
        decisions: Sequence[Decision] | None = None,
        expected_revision: int | None = None,
        at: str | None = None,
    ) -> RecordInfo:
        """Store ``result`` as the next revision of its period (SPEC 7), in one transaction:
        the period's rows are those of the latest revision, its inputs (every value the tally
        used, with its source) are kept, and the revision (number, time, ``kind``, ``reason``,
        ``decisions``, the inputs changed since the previous revision) is appended.  Later
        periods' streaks and tiers are recomputed from their stored winners.

        A ``tally`` whose inputs differ from the previous revision's needs ``reason``
        (:class:`UsageError` naming the first changed cells, nothing written).  A ``tally``
        whose inputs, sources, rules, results and decisions are all the previous revision's
        adds no revision (``RecordInfo.unchanged``; the workbook is still placed).  ``approve``
        revisions are the leaders' approval (state 已审定); ``decisions`` default to the
        result's ``--award`` ties and departures.

        ``result`` must have been tallied with ``history=self.history(before=result.period)``
        (its streaks are checked), and must hold no errors (a draft is never recorded).

        ``expected_revision``: the period's revision afterwards as :meth:`plan` saw it when the
        workbook was drawn (``RevisionPlan.after``); another number now (a concurrent run
        recorded the period meanwhile) is a :class:`LedgerError` and nothing is written.
        ``at``: the revision's time as the workbook shows it (default now).

        ``placement``: the complete results workbook, put under its final name inside the same
        transaction (:mod:`pending`): both are in place afterwards, or neither (what
        ``placement.place()`` raises -- ``FileExistsError`` when the name exists -- comes out
        unchanged, after the revision was rolled back).
        """
        period = str(Period.parse(result.period))
        if any(issue.is_error for issue in result.issues):
            raise self._error("ledger_draft", period=period)
        fingerprints, unit_digests, inputs_digest, new_inputs = self._prepared(
            result, fingerprints, inputs_digest
        )
        sub = result.submission
        if decisions is None:
            decisions = default_decisions(result)
        reason = (reason or "").strip()
        token = None
        if placement is not None:
            placement.probe()
            with self._transaction():
                token = pending.intent(self._db, placement)
        try:
            with self._transaction():
                with self._reading():  # a damaged earlier record: ledger_corrupt
                    winners, contractors = self._streak_data()
                    self._check_streaks(result, period, winners, contractors)
                    previous, kept, changes, unchanged = self._compare(
                        result, period, kind, new_inputs, inputs_digest, unit_digests, fingerprints
                    )
                if kind == "tally" and changes and not reason:
                    assert previous is not None
                    raise UsageError(
                        Msg(
                            "retally_needs_reason",
                            period=period,
                            n=previous[0],
                            count=len(changes),
                            changes=changes_msg(changes, item_labels(result.rules), CHANGES_SHOWN),
                        )
                    )
                number = (previous[0] if previous else 0) + 1
                after = number - 1 if unchanged else number  # the period's revision afterwards
                if expected_revision is not None and after != expected_revision:
                    # another run recorded this period since the workbook was drawn: the
                    # workbook's 修订记录 would disagree with the ledger
                    raise self._error("ledger_changed_meanwhile", period=period)
                recomputed: list[str] = []
                stale: list[str] = []
                replaced = previous is not None
                if not unchanged:
                    with self._reading():
                        replaced = self._delete_period(period)
                        self._insert_period(result, period, inputs_digest)
                        for position, unit in enumerate(result.units):
                            _insert_unit(self._db, period, position, unit, unit_digests[unit.code])
                        self._db.executemany(
                            "INSERT INTO award_decision (period, unit, position) VALUES (?, ?, ?)",
                            [(period, code, i) for i, code in enumerate(result.awards)],
                        )
                        self._db.executemany(
                            "INSERT INTO input_file (period, file, sha256) VALUES (?, ?, ?)",
                            [(period, name, sha) for name, sha in sorted(fingerprints.items())],
                        )
                        if sub is not None and new_inputs is not None:
                            self._insert_inputs(period, new_inputs, submission_meta(sub))
                        self._insert_revision(
                            period,
                            number,
                            kind,
                            reason,
                            list(decisions),
                            changes,
                            kept=sub is not None,
                            at=at or _now(),
                        )
                        winners[period] = {u.code for u in result.units if u.won}
                        contractors[period] = {u.code: u.contractor for u in result.units}
                        recomputed = self._recompute_after(period, winners, contractors)
                        stale = self._stale_after(period, {u.code: u.current for u in result.units})
                if placement is not None and token is not None:
                    pending.mark_done(self._db, token, placement)
                    placement.place()
        except BaseException:
            if placement is not None:
                placement.undo()
                self._forget(token)
            raise
        if placement is not None and token is not None:
            placement.finish()
            self._forget(token)
        return RecordInfo(
            period=period,
            file=str(self.path),
            replaced=replaced,
            recomputed=recomputed,
            stale=stale,
            revision=number - 1 if unchanged else number,
            kind=kind,
            unchanged=unchanged,
            changes=tuple(changes),
            reason=reason,
            previous_approved=previous is not None and previous[1] == "approved",
            inputs_unknown=previous is not None and kept is None,
        )

    def plan(
        self,
        result: Result,
        *,
        fingerprints: dict[str, str] | None = None,
        reason: str | None = None,
    ) -> RevisionPlan:
        """What :meth:`record` would do with ``result`` (a tally), writing nothing: the revision
        it would add (``None`` when the tally is the latest revision's again) and the period's
        revisions and state as the results workbook must show them afterwards.  Raises what
        ``record`` raises for changed inputs without ``reason``, before anything is drawn."""
        period = str(Period.parse(result.period))
        fingerprints, unit_digests, inputs_digest, new_inputs = self._prepared(
            result, fingerprints, ""
        )
        reason = (reason or "").strip()
        with self._reading():
            previous, _kept, changes, unchanged = self._compare(
                result, period, "tally", new_inputs, inputs_digest, unit_digests, fingerprints
            )
            revisions = self.revisions(period).get(period, []) if previous is not None else []
        if changes and not reason:
            assert previous is not None
            raise UsageError(
                Msg(
                    "retally_needs_reason",
                    period=period,
                    n=previous[0],
                    count=len(changes),
                    changes=changes_msg(changes, item_labels(result.rules), CHANGES_SHOWN),
                )
            )
        if unchanged:
            assert previous is not None
            state: CaseState = "approved" if previous[1] == "approved" else "proposed"
            return RevisionPlan(None, state, tuple(revisions))
        new = Revision(
            number=(previous[0] if previous else 0) + 1,
            at=_now(),
            kind="tally",
            reason=reason,
            decisions=tuple(default_decisions(result)),
            changes=tuple(changes),
        )
        return RevisionPlan(new.number, "proposed", (*revisions, new))

    def _prepared(
        self, result: Result, fingerprints: dict[str, str] | None, inputs_digest: str
    ) -> tuple[dict[str, str], dict[str, str], str, list[StoredInput] | None]:
        """The values :meth:`record` stores and compares: file fingerprints by display name,
        each unit's inputs digest, the tally's inputs digest and the input values."""
        if fingerprints is None:
            fingerprints = dict(result.submission.fingerprints) if result.submission else {}
        fingerprints = {display_name(name): sha for name, sha in fingerprints.items()}
        unit_digests = {u.code: unit_inputs_digest(result, u) for u in result.units}
        inputs_digest = inputs_digest or digest(
            {"files": fingerprints, "units": unit_digests, "awards": result.awards}
        )
        sub = result.submission
        new_inputs = inputs_of(sub, result.rules) if sub is not None else None
        return fingerprints, unit_digests, inputs_digest, new_inputs

    def _compare(
        self,
        result: Result,
        period: str,
        kind: RevisionKind,
        new_inputs: list[StoredInput] | None,
        inputs_digest: str,
        unit_digests: dict[str, str],
        fingerprints: dict[str, str],
    ) -> tuple[tuple[int, str] | None, list[StoredInput] | None, list[InputChange], bool]:
        """The latest revision (number, state), its kept inputs, the inputs changed since, and
        whether this tally is exactly that revision again."""
        previous = self._latest_revision(period)
        kept = self._stored_inputs(period) if previous is not None else None
        changes: list[InputChange] = []
        if kept is not None and new_inputs is not None:
            changes = changes_between(kept, new_inputs)
        unchanged = (
            kind == "tally"
            and previous is not None
            and kept == new_inputs
            and self._same_result(result, period, inputs_digest, unit_digests)
            and self._stored_files(period) == fingerprints
        )
        return previous, kept, changes, unchanged

    # --- the case file (schema v4) -------------------------------------------------------------
    def _latest_revision(self, period: str) -> tuple[int, str] | None:
        row = self._db.execute(
            "SELECT number, state FROM revision WHERE period = ? ORDER BY number DESC LIMIT 1",
            (period,),
        ).fetchone()
        if row is None:
            return None
        if not isinstance(row[0], int) or row[1] not in ("proposed", "approved"):
            raise ValueError(f"revision {row!r}")
        return int(row[0]), str(row[1])

    def _stored_inputs(self, period: str) -> list[StoredInput] | None:
        """The period's stored input values, in order; ``None``: recorded before inputs were
        kept (no ``period_case`` row)."""
        if self._scalar("SELECT count(*) FROM period_case WHERE period = ?", (period,)) == 0:
            return None
        rows = self._db.execute(
            "SELECT kind, subject, key, value_json, typed, file, sheet, cell FROM period_input "
            "WHERE period = ? ORDER BY position",
            (period,),
        ).fetchall()
        return [
            StoredInput(
                kind=str(kind),
                subject=str(subject),
                key=str(key),
                value=json.loads(value),
                typed=bool(typed),
                source=source_of(file, sheet, cell),
            )
            for kind, subject, key, value, typed, file, sheet, cell in rows
        ]

    def _stored_files(self, period: str) -> dict[str, str]:
        return {
            str(f): str(sha)
            for f, sha in self._db.execute(
                "SELECT file, sha256 FROM input_file WHERE period = ?", (period,)
            )
        }

    def _same_result(
        self, result: Result, period: str, inputs_digest: str, unit_digests: dict[str, str]
    ) -> bool:
        """Whether the stored period is exactly ``result``: the same rows, decisions, rules,
        roster and digest."""
        row = self._db.execute(
            "SELECT inputs_digest, roster_json, rules_json FROM period WHERE period = ?",
            (period,),
        ).fetchone()
        if row is None or tuple(row) != (
            inputs_digest,
            result.roster.canonical_json(),
            result.rules.model_dump_json(),
        ):
            return False
        stored = self._db.execute(
            f"SELECT {', '.join(RECORD_COLUMNS)} FROM unit_result WHERE period = ? "
            "ORDER BY position",
            (period,),
        ).fetchall()
        fresh = [
            tuple(unit_row(period, i, u, unit_digests[u.code])) for i, u in enumerate(result.units)
        ]
        awards = [
            unit
            for (unit,) in self._db.execute(
                "SELECT unit FROM award_decision WHERE period = ? ORDER BY position", (period,)
            )
        ]
        return [tuple(r) for r in stored] == fresh and awards == result.awards

    def _insert_inputs(self, period: str, inputs: list[StoredInput], meta: dict) -> None:
        self._db.executemany(
            "INSERT INTO period_input (period, position, kind, subject, key, value_json, typed, "
            "file, sheet, cell) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    period,
                    i,
                    r.kind,
                    r.subject,
                    r.key,
                    value_json(r.value),
                    int(r.typed),
                    r.source.file,
                    r.source.sheet,
                    r.source.cell,
                )
                for i, r in enumerate(inputs)
            ],
        )
        self._db.execute(
            "INSERT INTO period_case (period, submission_json) VALUES (?, ?)",
            (period, json.dumps(meta, ensure_ascii=False, sort_keys=True)),
        )

    def _insert_revision(
        self,
        period: str,
        number: int,
        kind: RevisionKind,
        reason: str,
        decisions: list[Decision],
        changes: list[InputChange],
        *,
        kept: bool,
        at: str,
    ) -> None:
        self._db.execute(
            "INSERT INTO revision (period, number, at, kind, reason, decisions_json, state, "
            "inputs_kept) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                period,
                number,
                at,
                kind,
                reason,
                decisions_json(decisions),
                "approved" if kind == "approve" else "proposed",
                int(kept),
            ),
        )
        self._db.executemany(
            "INSERT INTO revision_change (period, number, position, kind, subject, key, "
            "old_json, new_json, file, sheet, cell) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    period,
                    number,
                    i,
                    c.kind,
                    c.subject,
                    c.key,
                    json.dumps(c.old, ensure_ascii=False),
                    json.dumps(c.new, ensure_ascii=False),
                    c.source.file,
                    c.source.sheet,
                    c.source.cell,
                )
                for i, c in enumerate(changes)
            ],
        )

    def revisions(self, period: Period | str | None = None) -> dict[str, list[Revision]]:
        """Every revision (of one period, or all), period -> oldest first, with its decisions
        and changed inputs."""
        where, params = "", tuple[str, ...]()
        if period is not None:
            where, params = " WHERE period = ?", (str(Period.parse(period)),)
        out: dict[str, list[Revision]] = {}
        with self._reading():
            changes: dict[tuple[str, int], list[InputChange]] = {}
            for p, n, kind, subject, key, old, new, file, sheet, cell in self._db.execute(
                "SELECT period, number, kind, subject, key, old_json, new_json, file, sheet, "
                f"cell FROM revision_change{where} ORDER BY period, number, position",
                params,
            ):
                changes.setdefault((p, n), []).append(
                    InputChange(
                        kind=kind,
                        subject=subject,
                        key=key,
                        old=json.loads(old),
                        new=json.loads(new),
                        source=InputSource(file=file, sheet=sheet, cell=cell),
                    )
                )
            for p, n, at, kind, reason, decisions in self._db.execute(
                "SELECT period, number, at, kind, reason, decisions_json FROM revision"
                f"{where} ORDER BY period, number",
                params,
            ):
                Period.parse(p)
                out.setdefault(p, []).append(
                    Revision(
                        number=n,
                        at=at,
                        kind=kind,
                        reason=reason,
                        decisions=tuple(Decision.model_validate(d) for d in json.loads(decisions)),
                        changes=tuple(changes.get((p, n), ())),
                    )
                )
        return out

    def revisions_without_inputs(self, period: Period | str) -> set[int]:
        """The revisions of ``period`` recorded before the ledger kept the inputs (v1-v3)."""
        with self._reading():
            return {
                int(n)
                for (n,) in self._db.execute(
                    "SELECT number FROM revision WHERE period = ? AND inputs_kept = 0",
                    (str(Period.parse(period)),),
                )
            }

    def period_rules(self, period: Period | str) -> Rules:
        """The rules ``period`` was tallied with (its latest revision)."""
        from ..core.rules import Rules

        with self._reading():
            text = self._scalar(
                "SELECT rules_json FROM period WHERE period = ?", (str(Period.parse(period)),)
            )
            if text is None:
                raise self._error("ledger_not_recorded", period=str(period))
            return Rules.model_validate_json(text)

    def state(self, period: Period | str) -> str | None:
        """拟定 ``proposed`` or 已审定 ``approved`` (the latest revision), ``None``: no
        revision of ``period``."""
        with self._reading():
            latest = self._latest_revision(str(Period.parse(period)))
        return None if latest is None else latest[1]

    def case(self, period: Period | str) -> CaseFile:
        """The period as a case file (SPEC 7, 12): its inputs rebuilt as a submission, the
        rules and roster it was tallied with, its revisions, state and decisions in force.

        Raises :class:`LedgerError` when the ledger does not hold ``period`` (tallied) or holds
        it from before inputs were kept (a v1-v3 ledger): then it cannot be approved or
        rendered from the ledger alone, and the message says so and why."""
        from ..core.casefile import CaseFile
        from ..core.roster import Roster
        from ..core.rules import Rules
        from .case import submission_of

        period = str(Period.parse(period))
        with self._reading():
            row = self._db.execute(
                "SELECT recorded_at, roster_json, rules_json FROM period WHERE period = ?",
                (period,),
            ).fetchone()
            if row is None:
                raise self._error("ledger_not_recorded", period=period)
            inputs = self._stored_inputs(period)
            if inputs is None:
                first = (
                    self._scalar("SELECT min(at) FROM revision WHERE period = ?", (period,))
                    or row[0]
                )
                raise self._error("case_no_inputs", period=period, at=str(first)[:10])
            meta = json.loads(
                self._scalar("SELECT submission_json FROM period_case WHERE period = ?", (period,))
            )
            roster = Roster.from_json(row[1])
            rules = Rules.model_validate_json(row[2])
            sub = submission_of(period, roster, rules, inputs, meta)
        history = self.history(before=period)
        revisions = tuple(self.revisions(period).get(period, []))
        latest = revisions[-1] if revisions else None
        return CaseFile(
            period=period,
            submission=sub,
            rules=rules,
            revisions=revisions,
            state="approved" if latest is not None and latest.kind == "approve" else "proposed",
            decisions=latest.decisions if latest is not None else (),
            history=history,
        )

    def _forget(self, token: str | None) -> None:
        """Delete a settled note; when that fails the next run's recovery settles it."""
        if token is None:
            return
        try:
            with self._transaction():
                pending.forget(self._db, token)
        except LedgerError:
            pass

    def remove(self, period: Period | str) -> RecordInfo:
        """Delete one period (e.g. tallied under a wrong ``--period``); later streaks follow."""
        period = str(Period.parse(period))
        with self._transaction(), self._reading():
            if not self._delete_period(period):
                raise self._error("ledger_not_recorded", period=period)
            for table in _REVISION_TABLES:  # removed by mistake: its case file goes with it
                self._db.execute(f"DELETE FROM {table} WHERE period = ?", (period,))
            winners, contractors = self._streak_data()
            recomputed = self._recompute_after(period, winners, contractors)
            stale = self._stale_after(period, {})
        return RecordInfo(
            period=period, file=str(self.path), removed=True, recomputed=recomputed, stale=stale
        )

    def _streak_data(self) -> tuple[Winners, Contractors]:
        """Every stored quarter's winners and each unit's 承包单位 then, tallied and imported:
        what a streak is computed from (:func:`~redflag_xlsx.core.scoring.win_streak`)."""
        winners: Winners = {
            p: set()
            for (p,) in self._db.execute(
                "SELECT period FROM period UNION SELECT period FROM imported_period"
            )
        }
        contractors: Contractors = {p: {} for p in winners}
        for period, unit, outcome, contractor in self._db.execute(
            "SELECT period, unit, outcome, contractor FROM unit_result "
            "UNION ALL SELECT period, unit, 'flag', contractor FROM imported_win"
        ):
            if outcome == "flag":
                winners[period].add(unit)
            contractors[period][unit] = contractor
        return winners, contractors

    def _check_streaks(
        self, result: Result, period: str, winners: Winners, contractors: Contractors
    ) -> None:
        for unit in result.units:
            if not unit.won:
                continue
            expected = win_streak(
                unit.code, Period.parse(period), winners, contractors, unit.contractor
            )
            if unit.streak != expected:
                raise self._error(
                    "ledger_streak_mismatch",
                    unit=unit.code,
                    period=period,
                    got=unit.streak,
                    expected=expected,
                )

    def _delete_period(self, period: str) -> bool:
        """Delete ``period``, tallied or imported; whether it was there."""
        for table in _CHILD_TABLES + _IMPORTED_TABLES[:1]:
            self._db.execute(f"DELETE FROM {table} WHERE period = ?", (period,))
        imported = self._db.execute(
            f"DELETE FROM {_IMPORTED_TABLES[1]} WHERE period = ?", (period,)
        ).rowcount
        tallied = self._db.execute("DELETE FROM period WHERE period = ?", (period,)).rowcount
        return tallied + imported > 0

    def _insert_period(self, result: Result, period: str, inputs_digest: str) -> None:
        from ..core import __version__

        rules = result.rules
        labels: dict[str, list[str]] = {
            x.code: [x.label("zh"), x.label("en")]
            for x in (*rules.items, *rules.disqualifying_flags)
        }
        tiers = [tier.model_dump() for tier in rules.reward_tiers]
        self._db.execute(
            "INSERT INTO period (period, recorded_at, generator, inputs_digest, "
            "roster_fingerprint, roster_json, rules_json, tiers_json, labels_json) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                period,
                _now(),
                f"redflag_xlsx {__version__}",
                inputs_digest,
                result.roster.fingerprint,
                result.roster.canonical_json(),
                rules.model_dump_json(),
                json.dumps(tiers, sort_keys=True),
                json.dumps(labels, ensure_ascii=False, sort_keys=True),
            ),
        )

    def _recompute_after(
        self, period: str, winners: Winners, contractors: Contractors
    ) -> list[str]:
        """Re-derive the streak and tier of every win after ``period`` from the stored winners
        and 承包单位 (an in-house winner's priority stays 不适用: NULL)."""
        changed: list[str] = []
        later = self._db.execute(
            "SELECT period, tiers_json FROM period WHERE period > ? ORDER BY period", (period,)
        ).fetchall()
        for later_period, tiers_json in later:
            tiers = sorted(json.loads(tiers_json), key=lambda tier: tier["min_streak"])
            rows = self._db.execute(
                "SELECT unit, streak, contractor FROM unit_result "
                "WHERE period = ? AND outcome = 'flag'",
                (later_period,),
            ).fetchall()
            for unit, stored, contractor in rows:
                streak = win_streak(
                    unit, Period.parse(later_period), winners, contractors, contractor
                )
                if streak == stored:
                    continue
                tier = next(x for x in reversed(tiers) if streak >= x["min_streak"])
                self._db.execute(
                    "UPDATE unit_result SET streak = ?, reward_points = ?, bonus_yuan = ?, "
                    "priority = ? WHERE period = ? AND unit = ?",
                    (
                        streak,
                        tier["points"],
                        tier["bonus_yuan"],
                        None if not contractor else int(tier["priority"]),
                        later_period,
                        unit,
                    ),
                )
                if later_period not in changed:
                    changed.append(later_period)
        return changed

    def _stale_after(self, period: str, rates: dict[str, float | None]) -> list[str]:
        """The next period, if a unit's baseline there came from (or would now come from) this
        period's 本期满意率 and that rate differs from what was used."""
        following = str(Period.parse(period).next())
        rows = self._db.execute(
            "SELECT unit, baseline, baseline_source FROM unit_result WHERE period = ?",
            (following,),
        ).fetchall()
        for unit, baseline, source in rows:
            rate = rates.get(unit)
            if (source == "history" and rate != baseline) or (
                source == "none" and rate is not None
            ):
                return [following]
        return []


# --- rows ---------------------------------------------------------------------------------------
def _insert_unit(
    db: sqlite3.Connection, period: str, position: int, u: UnitResult, inputs_digest: str
) -> None:
    values = unit_row(period, position, u, inputs_digest)
    db.execute(
        f"INSERT INTO unit_result ({', '.join(RECORD_COLUMNS)}) "
        f"VALUES ({', '.join('?' * len(values))})",
        values,
    )


@dataclass(frozen=True)
class RevisionPlan:
    """What recording a tally would do (:meth:`Ledger.plan`): ``number`` the revision it adds
    (``None``: none, the tally is the latest revision again), the period's ``state`` and all its
    ``revisions`` afterwards -- what the results workbook's 修订记录 shows."""

    number: int | None
    state: CaseState
    revisions: tuple[Revision, ...]

    @property
    def after(self) -> int:
        """The period's revision number once recorded."""
        return self.revisions[-1].number if self.revisions else 0


def default_decisions(result: Result) -> list[Decision]:
    """The decisions a tally records: its ``--award`` ties, then its departures."""
    return [Decision(unit=c, action="award") for c in result.awards] + list(result.decisions)


def _one_line(exc: BaseException) -> str:
    """What is wrong with a stored value, on one line (pydantic explains over several)."""
    if isinstance(exc, RedflagError):
        return exc.text()
    errors = getattr(exc, "errors", None)
    if callable(errors):
        try:
            found = errors()
            return "; ".join(
                f"{'.'.join(map(str, e.get('loc', ())))}: {e.get('msg', '')}" for e in found[:3]
            )
        except Exception:  # pragma: no cover - not pydantic's after all
            pass
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == value


def _negate_period(period: str) -> int:
    p = Period.parse(period)
    return -(p.year * 4 + p.quarter)
