"""The payout list (奖金发放表): an A4 landscape page (more only for a very long list), for
its seven columns with long contractor names and amounts in capitals.

The title, the issuer and budget line, one table line per winner (承包单位, unit, site, streak,
the amount in figures and in capitals), the total row, the total in capitals, and the lines to
sign: 经办人, 审核, 审批, then the issuer and the date.
"""

from __future__ import annotations

from .fonts import FontChoice
from .models import PayoutContent
from .pdf_page import Page, SpanNote, text_of

__all__ = ["payout_pdf"]

_WIDTHS = (6, 28, 24, 14, 10, 13, 24)
_ALIGNS = ("C", "L", "L", "C", "C", "R", "L")


def payout_pdf(content: PayoutContent, font: FontChoice) -> bytes:
    """The PDF bytes of the payout list."""
    lang = content.lang
    with Page(
        font,
        title=content.title + content.title_note,
        author=content.issuer,
        lang=lang,
        date=content.date,
        margins=(20.0, 18.0, 20.0, 16.0),
        landscape=True,
    ) as page:
        page.check_glyphs(text_of(content.model_dump()))
        page.new_page()
        page.lines(content.title, 18, align="C", leading=1.5, bold=True)
        if content.title_note:
            page.lines(content.title_note, 12, align="C", leading=1.5)
        page.space(4)
        page.lines(content.info, 11, align="L", leading=1.8)
        page.space(1)
        rows: list[list[str] | SpanNote] = [
            [
                str(line.no),
                line.contractor,
                line.unit,
                line.site,
                str(line.streak),
                line.amount_text,
                line.capitals,
            ]
            for line in content.lines
        ]
        if content.empty:
            rows.append(SpanNote(content.empty))
        rows.append(
            ["", content.total_label, "", "", "", content.total_text, content.total_capitals]
        )
        page.table(content.columns, rows, _WIDTHS, _ALIGNS, 10.5, line_height=1.5)
        page.space(3)
        page.lines(content.total_line, 11, align="L", leading=1.8, bold=True)
        page.space(14)
        page.signature([(s.role, s.names) for s in content.signatures], 11, spread=True)
        page.space(8)
        page.closing((content.issuer, content.date_text), 11)
        return page.output()
