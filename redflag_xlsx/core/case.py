"""The quarter as a case (SPEC 7, 12): the plain records the ledger keeps about a tallied period
and the renderers show -- its revisions, the leaders' decisions, the input changes of an appeal.

Pure data, no I/O: the ledger (:mod:`redflag_xlsx.ledger`) stores and loads them, the results
workbook's 修订记录 sheet and the documents (公示, 成绩通知单) render them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

__all__ = ["CaseState", "Decision", "InputChange", "InputSource", "Revision", "RevisionKind"]

CaseState = Literal["proposed", "approved"]
"""拟定 (tallied, not yet approved by the bureau's leaders) or 已审定 (``approve`` recorded)."""

RevisionKind = Literal["tally", "approve"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Decision(_Model):
    """One decision of the bureau's leaders on one unit: ``award`` (it gets a flag: a tie decided,
    or a unit outside the ranking's proposal) or ``withhold`` (a proposed winner does not).  A
    decision that departs from the ranking needs its ``reason``."""

    unit: str
    action: Literal["award", "withhold"]
    reason: str = ""


class InputSource(_Model):
    """Where an input value was read: the file name (not its folder), the sheet, the A1 cell."""

    file: str = ""
    sheet: str = ""
    cell: str = ""


class InputChange(_Model):
    """One input value that differs from the previous revision (an appeal's outcome, a corrected
    form).  ``kind`` says what the value is: ``scoring`` (``subject`` a unit, ``key`` an item
    code, 基准/本期满意率 or a disqualifying flag), ``peer`` / ``leadership`` (``subject`` the
    rated unit, ``key`` the rater's code) or ``event`` (a register event).  ``None`` is a blank."""

    kind: Literal["scoring", "peer", "leadership", "event"]
    subject: str
    key: str
    old: float | str | bool | None = None
    new: float | str | bool | None = None
    source: InputSource = InputSource()


class Revision(_Model):
    """One revision of a period, append-only: number 1 is the first tally; later ones are
    re-tallies (with ``reason`` when an input changed) and the leaders' approval."""

    number: int
    at: str  # ISO 8601 UTC timestamp
    kind: RevisionKind
    reason: str = ""
    decisions: tuple[Decision, ...] = ()
    changes: tuple[InputChange, ...] = ()
