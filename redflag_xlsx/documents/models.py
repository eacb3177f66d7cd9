"""The content of the documents of SPEC 13, format-neutral: what the PDF writers draw, and what
the results workbook's 公示 sheet can write, from one computation.

Every model holds the words already rendered in its language (from the catalog) next to the
numbers they show, and nothing of a page: no fonts, sizes or positions.  Paragraphs carry no
indentation; a renderer indents the first line by two characters as Chinese documents do.

Two plain inputs come from elsewhere: :class:`Decision` (the leaders' approval, recorded by the
ledger, defined in :mod:`redflag_xlsx.core.case`) and :class:`RegisterEvent` (the inspection
register, SPEC 14).
"""

from __future__ import annotations

import datetime as _dt
from typing import Literal

from pydantic import BaseModel, ConfigDict

from ..core.case import Decision

__all__ = [
    "AnnouncementContent",
    "AnnouncementRow",
    "AnnouncementSite",
    "Decision",
    "DocState",
    "EventLine",
    "LabelValue",
    "PayoutContent",
    "PayoutLine",
    "RegisterEvent",
    "SignatureLine",
    "StatementContent",
    "StatementItem",
    "UnitStatement",
]

DocState = Literal["draft", "proposal", "approved"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# --- inputs from elsewhere ----------------------------------------------------------------------
class RegisterEvent(_Model):
    """One verified event of the inspection register (SPEC 14): the statement lists it under its
    item (``item`` is a quality item's or a disqualifying flag's code)."""

    unit: str
    item: str
    date: _dt.date
    description: str = ""
    evidence: str = ""  # 依据编号: inspection sheet or complaint number
    inspector: str = ""


# --- shared pieces ------------------------------------------------------------------------------
class LabelValue(_Model):
    label: str
    value: str


class SignatureLine(_Model):
    """A role and the names signing for it; a blank name is a line to sign on."""

    role: str
    names: tuple[str, ...]


# --- the announcement (公示) --------------------------------------------------------------------
class AnnouncementRow(_Model):
    no: int
    code: str
    name: str
    contractor: str  # "" for an in-house unit
    total: float
    total_text: str
    won: bool  # False: tied at the cut-off, for the leaders to decide (a proposal only)
    result: str  # 流动红旗, 拟获流动红旗 in a proposal, 并列待定


class AnnouncementSite(_Model):
    site: str
    heading: str  # 机关大楼（流动红旗 2 面）
    flags: int
    rows: tuple[AnnouncementRow, ...]
    empty: str = ""  # the text shown instead of rows when the site has no winner


class AnnouncementContent(_Model):
    """The 公示 of one quarter.  ``state``: ``draft`` (the inputs have errors: no winner is
    named), ``proposal`` (before the leaders' approval: ``title_note`` is （待局领导审定） and the
    winners are marked 拟) or ``approved`` (the final text)."""

    period: str
    lang: str
    state: DocState
    title: str
    title_note: str  # （待局领导审定） or （草稿）; blank when approved
    paragraphs: tuple[str, ...]  # before the table
    columns: tuple[str, ...]  # the table's header: 序号, 单位名称, 承包单位, 综合得分, 评选结果
    sites: tuple[AnnouncementSite, ...]  # empty in a draft
    notes: tuple[str, ...]  # after the table: ties and the leaders' decisions with their reasons
    objection: str  # 公示期为…至…（5天）。如有异议…
    contact: str  # 异议受理：… ; blank when not set
    group_title: str  # the evaluation group
    signatures: tuple[SignatureLine, ...]  # 组长, 副组长
    issuer: str
    date: _dt.date
    date_text: str
    objection_end: _dt.date

    @property
    def full_title(self) -> str:
        return self.title + self.title_note

    @property
    def winners(self) -> list[AnnouncementRow]:
        return [row for site in self.sites for row in site.rows if row.won]


# --- each unit's statement (成绩通知单) ---------------------------------------------------------
class EventLine(_Model):
    date: _dt.date
    date_text: str
    item: str  # the item's label
    description: str
    evidence: str
    inspector: str


class StatementItem(_Model):
    """One line of the quality items (or a disqualifying flag, whose ``points`` is None)."""

    code: str
    label: str
    points: float | None  # per count; None for a disqualifying flag
    points_text: str  # +10, -1, 取消资格
    count: float
    count_text: str  # 2, or 是/否 for a yes/no item
    score: float
    score_text: str
    events: tuple[EventLine, ...] = ()


class UnitStatement(_Model):
    code: str
    name: str
    site: str
    contractor: str
    header: tuple[str, ...]  # 单位名称：…（JG01）, 场所：…, 承包单位：…
    items_title: str
    item_columns: tuple[str, ...]
    items: tuple[StatementItem, ...]
    items_total: LabelValue  # 加减分合计
    satisfaction_title: str
    satisfaction: tuple[LabelValue, ...]  # baseline, its source, current, change, adjustment
    scores_title: str
    formula: str
    scores: tuple[LabelValue, ...]  # Q, P, L, T, rank
    quality: float
    peer: float | None
    leadership: float | None
    total: float | None
    rank: int | None  # None: not ranked (disqualified, or no total)
    rank_text: str
    result: LabelValue  # 评选结果: 流动红旗（连续第 2 次…）, 不参评（整改通知书）, …
    reasons: tuple[str, ...]  # why the unit cannot win (disqualified, below the minimum, no total)
    notes: tuple[str, ...]  # the leaders' decision on the unit, remarks
    events_title: str  # blank when no register was given
    event_columns: tuple[str, ...]
    events: tuple[EventLine, ...]
    no_events: str  # shown when a register was given and holds nothing for the unit


class StatementContent(_Model):
    period: str
    lang: str
    state: DocState
    title: str
    title_note: str
    issuer: str
    date: _dt.date
    date_text: str
    units: tuple[UnitStatement, ...]


# --- the payout list (奖金发放表) -------------------------------------------------------------
class PayoutLine(_Model):
    no: int
    code: str
    contractor: str  # as printed: the contractor, or —（自管） for an in-house unit
    unit: str
    site: str
    streak: int
    amount: float
    amount_text: str  # 2,000.00
    capitals: str  # 贰仟元整


class PayoutContent(_Model):
    period: str
    lang: str
    state: DocState
    title: str
    title_note: str
    info: str  # 发放单位：…　列支科目：…
    budget_line: str
    columns: tuple[str, ...]
    lines: tuple[PayoutLine, ...]
    empty: str  # shown instead of lines: no winner, or a draft
    total_label: str
    total: float
    total_text: str
    total_capitals: str
    total_line: str  # 合计金额（大写）：…
    signatures: tuple[SignatureLine, ...]  # 经办人, 审核, 审批, 日期
    issuer: str
    date: _dt.date
    date_text: str
