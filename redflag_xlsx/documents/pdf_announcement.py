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


def _draw(content: AnnouncementContent, font: FontChoice, scale: float) -> Page:
    lang = content.lang
    page = Page(
        font,
        title=content.full_title,
        author=content.issuer,
        lang=lang,
        date=content.date,
        scale=scale,
    )
    page.check_glyphs(text_of(content.model_dump()), lang)
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
    page.lines(content.issuer, 14, align="R", leading=1.7, right_chars=2)
    page.lines(content.date_text, 14, align="R", leading=1.7, right_chars=2)
    return page


def announcement_pdf(content: AnnouncementContent, font: FontChoice) -> bytes:
    """The PDF bytes of the announcement: exactly one page, shrunk to fit when needed (down to
    half size; content longer than that would go on, which no real quarter needs)."""
    scale = 1.0
    page = _draw(content, font, scale)
    while page.pages > 1 and scale > MIN_SCALE:
        scale = max(MIN_SCALE, round(scale * 0.9, 3))
        page = _draw(content, font, scale)
    return page.output()
