"""The data that flows between reader, engine and writers: submissions and history
(findings: :mod:`.findings`).

Pure pydantic models; nothing here reads or writes a file.
"""

from __future__ import annotations

import datetime as _dt

from pydantic import BaseModel, ConfigDict, Field

from .case import InputSource
from .findings import Issue
from .roster import Roster


class ScoringRow(BaseModel):
    """One unit's line of the scoring sheet, as the reader understood it."""

    unit: str
    counts: dict[str, float] = Field(default_factory=dict)  # item code -> count (flag items: 0/1)
    flags: dict[str, bool] = Field(default_factory=dict)  # disqualifying flag code -> 是
    baseline: float | None = None
    current: float | None = None
    remark: str = ""
    file: str | None = None
    sheet: str | None = None
    cells: dict[str, str] = Field(default_factory=dict)  # column key -> A1 reference
    typed: list[str] = Field(default_factory=list)  # column keys of the cells not left blank


class RegisterEvent(BaseModel):
    """One row of the inspection register (检查记录台账, SPEC 14) that reads cleanly: a date in
    the period, a roster unit, a register item (a count item's or a disqualifying flag's code).
    Only ``verified`` events count; where it was read is kept so that every point can be
    followed to its row."""

    model_config = ConfigDict(frozen=True)

    date: _dt.date
    unit: str
    item: str
    description: str = ""  # 情形描述
    evidence: str = ""  # 依据编号: inspection sheet or complaint number
    inspector: str = ""  # 检查人
    verified: bool = True  # 是否查实 = 是 (否 or blank: not counted)
    file: str = ""
    sheet: str = ""
    row: int = 0  # 1-based row in ``sheet``


class Register(BaseModel):
    """The inspection registers of a quarter: their files and every event read cleanly, in
    file then row order.  A register with no event still means "every register count is 0"."""

    files: list[str] = Field(default_factory=list)
    events: list[RegisterEvent] = Field(default_factory=list)

    def verified(self) -> list[RegisterEvent]:
        """The events that count (是否查实 = 是)."""
        return [e for e in self.events if e.verified]


class Submission(BaseModel):
    """Everything read from one quarter's filled workbooks (see :func:`read_submissions`).

    ``peer[rater][ratee]`` and ``leadership[rater][ratee]`` hold only the ratings that were
    given (a blank is a missing rating).
    """

    period: str
    roster: Roster
    scoring: dict[str, ScoringRow] = Field(default_factory=dict)
    peer: dict[str, dict[str, float]] = Field(default_factory=dict)
    leadership: dict[str, dict[str, float]] = Field(default_factory=dict)
    issues: list[Issue] = Field(default_factory=list)
    files: list[str] = Field(default_factory=list)
    fingerprints: dict[str, str] = Field(default_factory=dict)  # file -> SHA-256 of its bytes
    # file -> (kind, rater) as its _meta says, for every form whose _meta was read (also the
    # ones set aside: another period, a bad signature); rater "" on scoring/combined forms
    kinds: dict[str, tuple[str, str]] = Field(default_factory=dict)
    inspection_register: Register | None = None  # None: no inspection register among inputs
    # where each rating was read (the ledger keeps it, SPEC 7): "peer" / "leadership" ->
    # rater -> rated unit -> file, sheet, cell; a rating missing here has no known source
    rating_sources: dict[str, dict[str, dict[str, InputSource]]] = Field(default_factory=dict)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.is_error]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if not i.is_error]


class History(BaseModel):
    """What the engine needs from earlier quarters (built by the ledger, or by hand).

    ``winners[period]`` lists the units that won a flag in that quarter; a period missing from
    ``winners`` breaks every streak.  ``satisfaction[period][unit]`` is that quarter's 本期满意率.
    ``contractors[period][unit]`` is the unit's 承包单位 then ("" in-house): a win under another
    承包单位 does not count in a streak (SPEC 2.4); a period or unit missing here is not checked.
    """

    winners: dict[str, list[str]] = Field(default_factory=dict)
    satisfaction: dict[str, dict[str, float]] = Field(default_factory=dict)
    contractors: dict[str, dict[str, str]] = Field(default_factory=dict)


class ImportedWin(BaseModel):
    """One flag won in a quarter before the tool was used (``history --import``, SPEC 2.4):
    the quarter, the unit, its 承包单位 then ("" in-house), and the row it was read from."""

    period: str
    unit: str
    contractor: str = ""
    file: str | None = None
    sheet: str | None = None
    cell: str | None = None  # the row's 期间 cell, where findings about the row point
