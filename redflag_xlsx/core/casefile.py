"""A tallied quarter as the ledger holds it (SPEC 7, 12): its inputs rebuilt as a
:class:`~redflag_xlsx.core.models.Submission`, the rules, every revision and the decisions in
force -- what ``approve`` and ``report`` work from when the forms are gone.

Pure data: :meth:`redflag_xlsx.ledger.store.Ledger.case` builds it,
:func:`redflag_xlsx.workflow.rescore` scores it again.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from .case import CaseState, Decision, Revision
from .models import History, Submission
from .roster import Roster
from .rules import Rules

__all__ = ["CaseFile"]


class CaseFile(BaseModel):
    """One period of the ledger: its stored inputs, rules, revisions (oldest first) and state.

    ``decisions`` are those of the latest revision: a tally's ``--award`` (ties decided, as
    ``award`` without reason) or an approval's awards and withholds.  Scoring ``submission``
    with ``rules``, the history before ``period`` and ``decisions`` gives the period's result
    again (:func:`redflag_xlsx.workflow.rescore`); ``history`` is what the ledger held about
    the quarters before ``period`` when the case was read (streaks, baselines)."""

    model_config = ConfigDict(frozen=True)

    period: str
    submission: Submission
    rules: Rules
    revisions: tuple[Revision, ...]
    state: CaseState
    decisions: tuple[Decision, ...] = ()
    history: History = History()

    @property
    def roster(self) -> Roster:
        return self.submission.roster

    @property
    def latest(self) -> Revision:
        return self.revisions[-1]

    @property
    def approved(self) -> bool:
        """已审定: the latest revision is the leaders' approval (经局领导审定)."""
        return self.state == "approved"
