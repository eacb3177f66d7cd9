"""扣分依据 (SPEC 14): every verified event of the inspection register with its points, and the
ranges through which 服务质量明细 counts them.

The sheet lists the events unit by unit (in the order of the other sheets), each unit's by date.
The counts of the register items on 服务质量明细 are live formulas over its 单位编号 and 考核项目
columns (:func:`core.formulas.register_count`), and each event's 分值 reads the 规则 sheet, so
an auditor follows a point from the 公示 to its row of the register -- and sees the totals
follow when a row is changed or removed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING

from ..core import formulas
from ..core.i18n import t
from ..core.register import register_items
from ..core.safe_text import display_name
from ..xlsx import layout
from .book import a1, text_width

if TYPE_CHECKING:
    from ..core.formulas import RuleRefs
    from ..core.models import RegisterEvent
    from .book import Book

__all__ = ["EvidenceRefs", "evidence_events", "evidence_refs", "write_evidence"]

HEADER = layout.HEADER_ROW - 1  # 0-based
FIRST = layout.FIRST_DATA_ROW - 1
INFO = layout.INFO_ROW - 1
DATE_FORMAT = "yyyy-mm-dd"
_EPOCH = dt.date(1899, 12, 30)  # Excel's serial day 0
_WIDTHS = {"date": 12, "unit_code": 10, "item": 16, "points": 7, "description": 40}


@dataclass(frozen=True)
class EvidenceRefs:
    """The 单位编号 and 考核项目 columns of 扣分依据 as absolute ranges, and whether the counts
    must compare text exactly (:func:`formulas.plain_criteria`)."""

    units: str
    items: str
    exact: bool


def evidence_events(book: Book) -> list[RegisterEvent]:
    """The verified events in the sheet's order: by unit as the other sheets list them, then
    by date, then as read (file and row)."""
    if book.register is None:
        return []
    order = {u.code: i for i, u in enumerate(book.units)}
    events = [e for e in book.register.verified() if e.unit in order]
    return sorted(events, key=lambda e: (order[e.unit], e.date))


def evidence_refs(book: Book) -> EvidenceRefs | None:
    """Where 服务质量明细's counts look (``None`` without a register)."""
    if book.register is None:
        return None
    n = len(evidence_events(book))
    c = {col.key: i for i, col in enumerate(layout.evidence_columns(book.lang))}
    last = FIRST + max(n, 1) - 1

    def column(key: str) -> str:
        top = book.ref("register", FIRST, c[key], row_abs=True, col_abs=True)
        return f"{top}:{a1(last, c[key], row_abs=True, col_abs=True)}"

    texts = [u.code for u in book.units]
    texts += [i.label(book.lang) for i in register_items(book.rules)]
    return EvidenceRefs(column("unit_code"), column("item"), not formulas.plain_criteria(texts))


def write_evidence(book: Book, refs: RuleRefs) -> None:
    """The 扣分依据 sheet."""
    sheet, lang = "register", book.lang
    cols = layout.evidence_columns(lang)
    c = {col.key: i for i, col in enumerate(cols)}
    items = {i.code: i for i in register_items(book.rules)}
    title = t("res_title_register", lang, period_text=book.period_text())
    book.text(sheet, 0, 0, title, book.fmt("title"), measure=False)
    book.set_row(sheet, 0, 24)
    info = t("res_info_register", lang, quality=book.names["quality"])
    book.text(sheet, INFO, 0, info, book.fmt("info"), measure=False)
    book.set_row(sheet, HEADER, 24)
    book.headers(sheet, HEADER, [col.header for col in cols], book.fmt("header"))
    events = evidence_events(book)
    fmt = {
        "date": book.fmt("center", num_format=DATE_FORMAT),
        "center": book.fmt("center"),
        "text": book.fmt("text"),
        "disqualifies": book.fmt("center", "low"),
        "points": book.fmt("points"),
        "wrap": book.fmt("wrap"),
    }
    disqualifies = t("reg_disqualifies", lang)
    names = {code: u.name for code, u in book.roster_unit.items()}
    width = _WIDTHS["description"]
    for row, e in enumerate(events, start=FIRST):
        item = items[e.item]
        book.fit_row(sheet, row, [(e.description, width)])
        # a date is its serial number shown as a date (xlsxwriter's datetime path is slow)
        book.number(sheet, row, c["date"], (e.date - _EPOCH).days, fmt["date"])
        book.text(sheet, row, c["unit_code"], e.unit, fmt["center"], measure=False)
        book.text(sheet, row, c["unit_name"], names[e.unit], fmt["text"], measure=False)
        book.text(sheet, row, c["item"], item.label(lang), fmt["text"], measure=False)
        if item.points is None:
            book.text(sheet, row, c["points"], disqualifies, fmt["disqualifies"], measure=False)
        else:
            points = "=" + refs.points[item.code]
            book.formula(sheet, row, c["points"], points, item.points, fmt["points"])
        book.text(sheet, row, c["description"], e.description, fmt["wrap"], measure=False)
        book.text(sheet, row, c["evidence"], e.evidence, fmt["text"], measure=False)
        book.text(sheet, row, c["inspector"], e.inspector, fmt["text"], measure=False)
        source = t("res_source", lang, file=display_name(PurePath(e.file).name), row=e.row)
        book.text(sheet, row, c["source"], source, fmt["text"], measure=False)
    # column widths from the distinct texts (thousands of events share a few units and items)
    for key, texts in (
        ("unit_code", {e.unit for e in events}),
        ("unit_name", {names[e.unit] for e in events}),
        ("item", {items[e.item].label(lang) for e in events}),
        ("points", {disqualifies} if any(items[e.item].points is None for e in events) else ()),
        ("evidence", {e.evidence for e in events}),
        ("inspector", {e.inspector for e in events}),
        ("source", {display_name(PurePath(e.file).name) + " 000" for e in events}),
    ):
        book.min_width(sheet, c[key], max((text_width(x) for x in texts), default=0))
    if not events:
        book.text(sheet, FIRST, 0, t("res_register_none", lang), book.fmt("info"), measure=False)
    ws = book.sheets[sheet]
    if events:
        ws.autofilter(HEADER, 0, FIRST + len(events) - 1, len(cols) - 1)
    ws.freeze_panes(FIRST, 0)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(HEADER)
    ws.set_footer(f"&L{book.result.period}&C&P / &N&R&A")
    for key, width in _WIDTHS.items():
        book.min_width(sheet, c[key], width)
    book.apply_widths(sheet, cap=30, fixed={c["description"]: _WIDTHS["description"]})
