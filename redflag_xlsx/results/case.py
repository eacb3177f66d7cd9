"""How a tallied period is rendered (:class:`RenderCase`): proposed or approved, the leaders'
decisions, the revisions for 修订记录, the documents' date.  Plain data, shared by every sheet."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from ..core.case import CaseState, Decision, Revision

__all__ = ["RenderCase"]


@dataclass(frozen=True)
class RenderCase:
    """How a tallied period is rendered: ``state`` (proposed: the 公示 is a proposal, 拟;
    approved: the final text), the leaders' ``decisions`` (already applied to the result: they
    explain it), the ``revisions`` for 修订记录, and the documents' ``date`` (the 公示 date;
    None: today)."""

    state: CaseState = "proposed"
    decisions: tuple[Decision, ...] = ()
    revisions: tuple[Revision, ...] = ()
    date: _dt.date | None = None

    @property
    def approved(self) -> bool:
        return self.state == "approved"

    @property
    def day(self) -> _dt.date:
        return self.date or _dt.date.today()

    def shown_revisions(self) -> tuple[Revision, ...]:
        """The revisions to list: those given, else revision 1 (the first tally) carrying the
        decisions, dated with the 公示 date."""
        if self.revisions:
            return self.revisions
        at = _dt.datetime.combine(self.day, _dt.time()).isoformat()
        return (Revision(number=1, at=at, kind="tally", decisions=self.decisions),)
