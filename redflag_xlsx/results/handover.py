"""The flags handed over (SPEC 13), written on the 流动红旗 sheet below the winners: per site, the
unit(s) that held the flag last quarter (from the ledger: ``Result.previous_winners``) and the
unit(s) that receive it this quarter."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.i18n import t
from ..core.period import Period

if TYPE_CHECKING:
    from .book import Book

__all__ = ["handover_rows", "write_handover"]


def handover_rows(book: Book) -> list[tuple[str, str, str, str]]:
    """(site, last quarter's holders, this quarter's, note) per site, as text."""
    lang, result = book.lang, book.result
    sep = t("res_list_sep", lang)
    units = {u.code: u for u in result.roster.units}
    before = result.previous_winners
    previous = str(Period.parse(result.period).previous())
    rows = []
    for site in book.sites:
        now = [u for u in book.units if u.site == site and u.won]
        tied = [u for u in book.units if u.site == site and u.outcome == "tie"]
        if before is None:
            held = t("res_handover_unknown", lang, period=previous)
            kept: list[str] = []
        else:
            mine = [c for c in before if c in units and units[c].site == site]
            held = sep.join(f"{c} {units[c].name}" for c in mine) or t("res_handover_none", lang)
            kept = [u.code for u in now if u.code in mine]
        receives = sep.join(f"{u.code} {u.name}" for u in now) or t("res_handover_none", lang)
        notes = []
        if kept:
            notes.append(t("res_handover_kept", lang, units=sep.join(kept)))
        if tied:
            notes.append(t("res_handover_tied", lang, units=sep.join(u.code for u in tied)))
        rows.append((site, held, receives, t("res_reason_sep", lang).join(notes)))
    return rows


def write_handover(book: Book, sheet: str, row: int, cols: tuple[int, int, int, int]) -> int:
    """Write the handover table from 0-based ``row`` of ``sheet``: a section title, a header
    row and a row per site, in the columns ``cols`` (site, from, to, note; wide columns of
    the sheet, so the names wrap little); returns the next free row."""
    lang, result = book.lang, book.result
    period = Period.parse(result.period)
    book.text(sheet, row, 0, t("res_handover_title", lang), book.fmt("section"), measure=False)
    row += 1
    headers = (
        t("col_site", lang),
        t("res_handover_from", lang, period=period.previous()),
        t("res_handover_to", lang, period=period),
        t("res_col_note", lang),
    )
    book.fit_row(sheet, row, [(h, 14) for h in headers])
    for col, header in zip(cols, headers, strict=True):
        book.text(sheet, row, col, header, book.fmt("header"), measure=False)
    row += 1
    for cells in handover_rows(book):
        book.fit_row(sheet, row, [(text, 24) for text in cells])
        for col, value in zip(cols, cells, strict=True):
            book.text(sheet, row, col, value, book.fmt("wrap"))
        row += 1
    return row
