"""A results workbook and its ledger revision: one outcome, both or neither (SPEC 8).

:meth:`Ledger.record` with a :class:`~redflag_xlsx.xlsx.files.Placement` does, in order:

1. *intent* -- one small transaction notes the workbook's temporary and final names (and the
   backup name of a file it may replace) in ``pending_output``;
2. *revision* -- one transaction writes the revision, marks the note ``done``, links the
   complete temporary workbook under its final name (create-exclusive unless ``--force``), and
   commits.  Anything failing in between (the name exists, the folder is read-only, the disk
   is full, the commit itself) rolls the transaction back and undoes the link;
3. *finish* -- the temporary and backup names are removed and the note deleted.

A run killed anywhere leaves a note that says how far it got.  The next run that opens the
ledger (:func:`recover`) finishes or undoes it: a note still at ``intent`` means the revision
was never committed, so a workbook already linked under its final name is removed again (and a
replaced file put back); a note at ``done`` means both are in place, and only the temporary
names are left to remove.  Notes of runs still alive are left alone.
"""

from __future__ import annotations

import datetime as _dt
import os
import secrets
import sqlite3
from pathlib import Path

from ..xlsx.files import HOST, Placement, pid_alive

__all__ = ["forget", "intent", "mark_done", "recover"]


def _blob(path: Path | None) -> bytes | None:
    return None if path is None else os.fsencode(os.path.abspath(path))


def _path(blob: bytes | None) -> Path | None:
    return None if blob is None else Path(os.fsdecode(bytes(blob)))


def intent(db: sqlite3.Connection, placement: Placement) -> str:
    """Note what is about to be placed (inside a transaction); returns the note's token."""
    token = secrets.token_hex(8)
    now = _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")
    db.execute(
        "INSERT INTO pending_output (token, host, pid, state, target, temp, backup, replace, "
        "copied, created_at) VALUES (?, ?, ?, 'intent', ?, ?, ?, ?, ?, ?)",
        (
            token,
            HOST,
            os.getpid(),
            _blob(placement.target),
            _blob(placement.temp),
            _blob(placement.backup),
            int(placement.replace),
            int(placement.copied),
            now,
        ),
    )
    return token


def mark_done(db: sqlite3.Connection, token: str, placement: Placement) -> None:
    """Inside the revision's transaction, after the placement: committed together with it."""
    db.execute(
        "UPDATE pending_output SET state = 'done', copied = ? WHERE token = ?",
        (int(placement.copied), token),
    )


def forget(db: sqlite3.Connection, token: str) -> None:
    db.execute("DELETE FROM pending_output WHERE token = ?", (token,))


def recover(db: sqlite3.Connection) -> int:
    """Finish or undo the placements of runs no longer alive (inside a transaction); returns
    how many notes were settled."""
    rows = db.execute(
        "SELECT token, host, pid, state, target, temp, backup, replace, copied FROM pending_output"
    ).fetchall()
    settled = 0
    for token, host, pid, state, target, temp, backup, replace, copied in rows:
        if host == HOST and pid_alive(int(pid)):
            continue
        target_path, temp_path = _path(target), _path(temp)
        if target_path is None or temp_path is None:
            forget(db, token)
            continue
        placement = Placement(
            temp=temp_path,
            target=target_path,
            replace=bool(replace),
            backup=_path(backup),
            copied=bool(copied),
        )
        try:
            if state == "done":
                placement.finish()
            else:  # the revision was never committed: nothing of this run may stay
                placement.undo()
        except OSError:
            continue  # the folder cannot be changed now: try again next time
        forget(db, token)
        settled += 1
    return settled
