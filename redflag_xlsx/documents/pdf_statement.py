"""The statements (成绩通知单): one A4 portrait page per unit, in roster order.

Each page: the title, the unit, the quality items in two columns of a table (the disqualifying
flags last), the satisfaction table, the scores with the rank and the result, the notes, the
register's events when a register was given, and the issuer and date.  A unit whose events do
not fit goes on to another page, headed with its name and （续）.
"""

from __future__ import annotations

from ..core.i18n import t
from .fonts import FontChoice
from .models import StatementContent, UnitStatement
from .pdf_page import PT, Page, Span, text_of

__all__ = ["statement_pdf"]

_ITEM_WIDTHS = (22, 9, 7, 9) * 2
_ITEM_ALIGNS = ("L", "C", "C", "C") * 2
_EVENT_WIDTHS = (17, 15, 38, 16, 14)
_EVENT_ALIGNS = ("C", "L", "L", "L", "C")
MARGINS = (18.0, 16.0, 18.0, 16.0)


class _State:
    unit: UnitStatement | None = None
    first_page = 0


def _unit_page(page: Page, content: StatementContent, unit: UnitStatement, state: _State) -> None:
    state.unit, state.first_page = unit, page.pages + 1
    page.new_page()
    page.lines(content.title, 16, align="C", leading=1.5, bold=True)
    if content.title_note:
        page.lines(content.title_note, 11, align="C", leading=1.5)
    page.space(2)
    lang = content.lang
    page.lines(t("doc_field_sep", lang).join(unit.header), 10.5, align="L", leading=1.7)
    page.space(1)

    page.lines(unit.items_title, 11, align="L", leading=1.7, bold=True)
    half = (len(unit.items) + 1) // 2
    rows: list[list[str] | Span] = []
    for i in range(half):
        row: list[str] = []
        for item in (unit.items[i], unit.items[i + half] if i + half < len(unit.items) else None):
            if item is None:
                row += ["", "", "", ""]
            else:
                row += [item.label, item.points_text, item.count_text, item.score_text]
        rows.append(row)
    rows.append(Span(unit.items_total.label + t("doc_colon", lang) + unit.items_total.value))
    page.table(unit.item_columns * 2, rows, _ITEM_WIDTHS, _ITEM_ALIGNS, 9.5, line_height=1.35)
    page.space(2)

    page.lines(unit.satisfaction_title, 11, align="L", leading=1.7, bold=True)
    labels = [lv.label for lv in unit.satisfaction]
    values = [lv.value for lv in unit.satisfaction]
    page.table(labels, [values], [1] * len(labels), ["C"] * len(labels), 9.5, line_height=1.35)
    page.space(2)

    page.lines(unit.scores_title, 11, align="L", leading=1.7, bold=True)
    labels = [lv.label for lv in unit.scores]
    values = [lv.value for lv in unit.scores]
    page.table(labels, [values], (14, 22, 22, 14, 14), ["C"] * len(labels), 9.5, line_height=1.35)
    page.lines(unit.formula, 8.5, align="L", leading=1.6)
    result = unit.result.label + t("doc_colon", lang) + unit.result.value
    page.lines(result, 11, align="L", leading=1.7, bold=True)
    for note in unit.notes:
        page.lines(note, 10, align="J", leading=1.6)

    if unit.events_title:
        page.space(2)
        page.lines(unit.events_title, 11, align="L", leading=1.7, bold=True)
        if unit.events:
            rows = [
                [e.date_text, e.item, e.description, e.evidence, e.inspector] for e in unit.events
            ]
            page.table(unit.event_columns, rows, _EVENT_WIDTHS, _EVENT_ALIGNS, 9, line_height=1.35)
        else:
            page.lines(unit.no_events, 10, align="L", leading=1.6)
    _closing(page, (content.issuer, content.date_text))


def _closing(page: Page, texts: tuple[str, str], pt: float = 11) -> None:
    """The issuer over the date, kept on the unit's page whenever they fit there at all: the
    space above them gives way first, then their leading; only a block that cannot fit goes,
    whole, to the next page (never the issuer on one page and the date on another)."""
    room = page.body_height - page.used_height

    def height(leading: float) -> float:
        return len(texts) * pt * page.scale * PT * leading

    if room >= height(1.7):
        page.space(max(0.0, min(6.0, (room - height(1.7)) / page.scale - 0.5)))
        page.closing(texts, pt)
    elif room >= height(1.3) + 0.2:
        page.closing(texts, pt, leading=1.3)
    else:
        page.new_page()
        page.closing(texts, pt)


def statement_pdf(content: StatementContent, font: FontChoice) -> bytes:
    """The PDF bytes of the statements: a page per unit (more for a unit whose register events
    do not fit one)."""
    state = _State()

    def continued(page: Page) -> None:
        if state.unit is not None and page.pages > state.first_page:
            sep = t("doc_field_sep", content.lang)
            head = content.title + sep + state.unit.name + t("doc_st_continued", content.lang)
            page.lines(head, 9, align="L")
            page.space(2)

    with Page(
        font,
        title=content.title + content.title_note,
        author=content.issuer,
        lang=content.lang,
        date=content.date,
        margins=MARGINS,
        header=continued,
    ) as page:
        page.check_glyphs(text_of(content.model_dump()))
        for unit in content.units:
            _unit_page(page, content, unit, state)
        return page.output()
