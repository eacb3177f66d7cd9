"""The announcement (公示) as one A4 portrait page.

Set as a Chinese notice: the title centred, the body with two-character first-line indents, one
table of the winners (a shaded row per site), the notes, the objection period, the evaluation
group's signature block, and the issuer and date at the right.  When the content does not fit
one page at the normal sizes, every size shrinks in steps until it does.
"""

from __future__ import annotations

from .fonts import FontChoice
from .models import AnnouncementContent
from .pdf_page import Page, Span, SpanNote, text_of

__all__ = ["announcement_pdf"]

MIN_SCALE = 0.5
_WIDTHS = (8, 29, 31, 14, 18)
_ALIGNS = ("C", "L", "L", "R", "C")


def _page(content: AnnouncementContent, font: FontChoice, scale: float) -> Page:
    return Page(
        font,
        title=content.full_title,
        author=content.issuer,
        lang=content.lang,
        date=content.date,
        scale=scale,
    )


def _draw(page: Page, content: AnnouncementContent) -> None:
    page.check_glyphs(text_of(content.model_dump()))
    page.new_page()
    page.lines(content.title, 20, align="C", leading=1.45, bold=True)
    if content.title_note:
        page.lines(content.title_note, 14, align="C", leading=1.5)
    page.space(5)
    for paragraph in content.paragraphs:
        page.lines(paragraph, 14, indent_chars=2, leading=1.75)
    if content.sites:
        page.space(3)
        rows: list[list[str] | Span] = []
        for site in content.sites:
            rows.append(Span(site.heading))
            rows += [
                [str(r.no), r.name, r.contractor or "—", r.total_text, r.result] for r in site.rows
            ]
            if site.empty:
                rows.append(SpanNote(site.empty))
        page.table(content.columns, rows, _WIDTHS, _ALIGNS, 12, line_height=1.45)
        page.space(3)
    for note in content.notes:
        page.lines(note, 14, indent_chars=2, leading=1.75)
    page.lines(content.objection, 14, indent_chars=2, leading=1.75)
    if content.contact:
        page.lines(content.contact, 14, indent_chars=2, leading=1.75)
    page.space(8)
    page.lines(content.group_title, 12, align="L", leading=1.6)
    page.signature([(s.role, s.names) for s in content.signatures], 12)
    page.space(8)
    page.closing((content.issuer, content.date_text), 14)


def announcement_pdf(content: AnnouncementContent, font: FontChoice) -> bytes:
    """The PDF bytes of the announcement: one page, shrunk to fit when needed, down to half
    size (about 24 sites of one flag each, or 45 winners at a few sites; a longer list goes on
    to a second page)."""
    scale = 1.0
    while True:
        with _page(content, font, scale) as page:
            _draw(page, content)
            if page.pages == 1 or scale <= MIN_SCALE:
                return page.output()
            needed = (page.pages - 1) * page.body_height + page.used_height
        # the height shrinks about as the sizes do (the table's rows dominate): a guess, then
        # steps while it still does not fit
        guess = scale * page.body_height / needed
        scale = max(MIN_SCALE, min(scale * 0.93, guess))
