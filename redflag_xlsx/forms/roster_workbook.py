"""``roster.xlsx``, the roster workbook ``init`` writes for the office to edit.

:meth:`Roster.load` reads it back: sheet names and headers come from the catalog and
:mod:`layout` (``ROSTER_UNIT_FIELDS``, ``ROSTER_LEADER_FIELDS``), exactly as the reader expects.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..core.formulas import number_text
from ..core.i18n import current_lang, t
from ..core.roster import Roster
from ..xlsx import layout
from ..xlsx.writing import HEADER_FILL, PLAIN_TEXT_OPTIONS, text_width, wrap_size, write_workbook

if TYPE_CHECKING:
    from xlsxwriter.workbook import Workbook

__all__ = ["write_roster_workbook"]


def _text(value: str | float | None) -> str:
    """A roster value as the cell shows it (a 基准满意率 is a number)."""
    if value is None or isinstance(value, str):
        return value or ""
    return number_text(value)


def write_roster_workbook(
    roster: Roster, path: str | Path, *, lang: str = "zh", replace: bool = True
) -> Path:
    """Write ``roster`` as an editable ``roster.xlsx`` that :meth:`Roster.load` reads back.

    Sheets 说明 (how to edit), 被考核单位 and 评议领导 with the headers of
    ``layout.ROSTER_UNIT_FIELDS`` / ``ROSTER_LEADER_FIELDS`` in row 1; nothing is locked.
    ``replace=False``: only where no file exists (``FileExistsError`` otherwise).
    """
    lang = current_lang(lang)
    target = Path(path)
    units_sheet = t("sheet_roster_units", lang)
    leaders_sheet = t("sheet_roster_leaders", lang)

    def build(wb: Workbook) -> None:
        head = wb.add_format({"bold": True, "bg_color": HEADER_FILL, "border": 1})
        para = wb.add_format({"text_wrap": True, "valign": "top"})
        wb.set_properties({"title": t("init_note_title", lang), "author": "redflag_xlsx"})
        notes = wb.add_worksheet(t("sheet_roster_notes", lang))
        notes.set_column(0, 0, 100)
        notes.write_string(0, 0, t("init_note_title", lang), wb.add_format({"bold": True}))
        lines = [
            t("init_note_units", lang, sheet=units_sheet),
            t("init_note_leaders", lang, sheet=leaders_sheet),
            t("init_note_header", lang),
            t("init_note_next", lang),
        ]
        for r, text in enumerate(lines, start=2):
            notes.write_string(r, 0, text, para)
            notes.set_row(r, 15 * wrap_size(text, 98)[0] + 4)
        for name, fields, people in (
            (units_sheet, layout.ROSTER_UNIT_FIELDS, roster.units),
            (leaders_sheet, layout.ROSTER_LEADER_FIELDS, roster.leaders),
        ):
            ws = wb.add_worksheet(name)
            for c, (attr, key, _required) in enumerate(fields):
                ws.write_string(0, c, t(key, lang), head)
                values = [getattr(p, attr) for p in people]
                texts = [t(key, lang), *(_text(v) for v in values)]
                ws.set_column(c, c, min(max(text_width(x) for x in texts), 60) + 2)
                for r, value in enumerate(values, start=1):
                    if isinstance(value, str):
                        ws.write_string(r, c, value)
                    elif value is not None:  # 基准满意率
                        ws.write_number(r, c, value)
            ws.freeze_panes(1, 0)
            if name == units_sheet:
                ws.activate()

    return write_workbook(
        target,
        build,
        options=PLAIN_TEXT_OPTIONS,
        error_key="out_write_failed",
        lang=lang,
        replace=replace,
    )
