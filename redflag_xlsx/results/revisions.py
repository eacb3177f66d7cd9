"""修订记录 (SPEC 12): the case file of the period in the results workbook -- every revision
(a tally, a re-tally after an appeal, the leaders' approval) with its date, kind, reason and
decisions, and every input it changed (unit, item or rater, old -> new, source cell).

What the workbook is rendered *as* -- proposed or approved, with which decisions, revisions and
date -- is a :class:`RenderCase`; the ledger supplies it (``Ledger.case``), a library caller may
give none: then the sheet shows one revision, 首次汇总, dated with the 公示 date and not yet
recorded anywhere (docs/results.md).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..core.case import Decision, InputChange, Revision
from ..core.i18n import t
from ..documents.words import quarter_words
from ..xlsx import layout
from .book import wrapped_lines
from .case import RenderCase

if TYPE_CHECKING:
    from ..core.rules import Rules
    from ..core.scoring import Result
    from .book import Book

__all__ = ["RenderCase", "change_texts", "decision_text", "revision_rows", "write_revisions"]

HEADER = layout.HEADER_ROW - 1
FIRST = layout.FIRST_DATA_ROW - 1
INFO = layout.INFO_ROW - 1
WIDTHS = {3: 30, 4: 36}  # reason, decisions: wrapped


def _when(at: str) -> str:
    """An ISO timestamp as a person reads it: local date and time to the minute (a bare date
    as a date)."""
    try:
        moment = _dt.datetime.fromisoformat(at.replace("Z", "+00:00"))
    except ValueError:
        return at
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    if (moment.hour, moment.minute, moment.second) == (0, 0, 0) and moment.tzinfo is None:
        return moment.date().isoformat()
    return moment.strftime("%Y-%m-%d %H:%M")


def _kind(revision: Revision, lang: str) -> str:
    if revision.kind == "approve":
        return t("res_rev_kind_approve", lang)
    return t("res_rev_kind_first" if revision.number == 1 else "res_rev_kind_tally", lang)


def decision_text(result: Result, decision: Decision, lang: str) -> str:
    """授予XZ04 中心保安服务项目（XZ04），理由：… -- one decision in words."""
    try:
        name = result.unit(decision.unit).name
    except KeyError:
        name = decision.unit
    text = t(
        "res_rev_decision",
        lang,
        action=t(f"doc_action_{decision.action}", lang),
        unit=name,
        code=decision.unit,
    )
    reason = decision.reason.strip()
    return text + (t("res_rev_decision_reason", lang, reason=reason) if reason else "")


def _value(value: float | str | bool | None, lang: str) -> str:
    if value is None or value == "":
        return t("res_rev_blank", lang)
    if isinstance(value, bool):
        return t("yes" if value else "no", lang)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _key(change: InputChange, rules: Rules, lang: str) -> str:
    if change.kind == "peer":
        return t("res_rev_peer", lang, rater=change.key)
    if change.kind == "leadership":
        return t("res_rev_leadership", lang, rater=change.key)
    if change.kind == "event":
        return t("res_rev_event", lang, key=change.key)
    for item in (*rules.items, *rules.disqualifying_flags):
        if item.code == change.key:
            return item.label(lang)
    known = {"baseline": "col_baseline", "current": "col_current", "remark": "col_remark"}
    return t(known[change.key], lang) if change.key in known else change.key


def change_texts(change: InputChange, result: Result, lang: str) -> tuple[str, str, str, str, str]:
    """One change as (unit, item or rater, old, new, source)."""
    try:
        unit = f"{change.subject} {result.unit(change.subject).name}"
    except KeyError:
        unit = change.subject
    src = change.source
    source = (
        t("res_rev_source", lang, file=src.file, sheet=src.sheet, cell=src.cell)
        if (src.file or src.sheet or src.cell)
        else ""
    )
    return (
        unit,
        _key(change, result.rules, lang),
        _value(change.old, lang),
        _value(change.new, lang),
        source,
    )


@dataclass
class RevisionRow:
    """One row of 修订记录: a revision's own cells on its first row, one change per row."""

    number: int
    date: str = ""
    kind: str = ""
    reason: str = ""
    decisions: str = ""
    change: tuple[str, ...] = field(default_factory=tuple)


def revision_rows(result: Result, revisions: Sequence[Revision], lang: str) -> list[RevisionRow]:
    """The rows of 修订记录 for ``revisions`` (oldest first)."""
    rows: list[RevisionRow] = []
    sep = t("res_reason_sep", lang)
    for rev in sorted(revisions, key=lambda r: r.number):
        head = RevisionRow(
            number=rev.number,
            date=_when(rev.at),
            kind=_kind(rev, lang),
            reason=rev.reason,
            decisions=sep.join(decision_text(result, d, lang) for d in rev.decisions),
        )
        changes = [change_texts(c, result, lang) for c in rev.changes]
        if not changes:
            if rev.kind == "tally":
                note = "res_rev_all_inputs" if rev.number == 1 else "res_rev_no_changes"
                head.change = ("", t(note, lang))
            rows.append(head)
            continue
        head.change = changes[0]
        rows.append(head)
        rows += [RevisionRow(number=rev.number, change=c) for c in changes[1:]]
    return rows


def state_text(book: Book) -> str:
    if book.error_count:
        return t("res_state_draft", book.lang)
    return t("res_state_approved" if book.case.approved else "res_state_proposed", book.lang)


def write_revisions(book: Book) -> None:
    """修订记录: a title, the period's state, then every revision and its changed inputs."""
    sheet, lang = "revisions", book.lang
    cols = layout.revision_columns(lang)
    book.text(
        sheet,
        0,
        0,
        t("res_title_revisions", lang, period_text=quarter_words(book.result.period, lang)),
        book.fmt("title"),
        measure=False,
    )
    book.set_row(sheet, 0, 24)
    info = t("res_info_revisions", lang, state=state_text(book))
    book.text(sheet, INFO, 0, info, book.fmt("info"), measure=False)
    book.headers(sheet, HEADER, [c.header for c in cols], book.fmt("header"))
    row = FIRST
    for r in revision_rows(book.result, book.case.shown_revisions(), lang):
        lines = max(
            wrapped_lines(r.reason, WIDTHS[3]) if r.reason else 1,
            wrapped_lines(r.decisions, WIDTHS[4]) if r.decisions else 1,
        )
        if lines > 1:
            book.set_row(sheet, row, 15 * min(lines, 8) + 3)
        book.number(sheet, row, 0, r.number, book.fmt("int"))
        for col, value in enumerate((r.date, r.kind), start=1):
            book.text(sheet, row, col, value, book.fmt("text"))
        book.text(sheet, row, 3, r.reason, book.fmt("wrap"), measure=False)
        book.text(sheet, row, 4, r.decisions, book.fmt("wrap"), measure=False)
        change = (*r.change, "", "", "", "", "")[:5]
        for col, value in enumerate(change, start=5):
            book.text(sheet, row, col, value, book.fmt("text"))
        row += 1
    ws = book.sheets[sheet]
    ws.freeze_panes(FIRST, 0)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(HEADER)
    book.apply_widths(sheet, cap=30, fixed={3: WIDTHS[3], 4: WIDTHS[4]})
