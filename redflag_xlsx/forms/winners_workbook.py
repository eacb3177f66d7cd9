"""``winners.xlsx``, the template ``init`` writes for the winners of quarters before the tool
was used (``history --import``, SPEC 2.4): a first sheet with the header row 期间, 单位编号,
承包单位 (:data:`layout.WINNERS_FIELDS`) and room for one row per flag won, and a sheet 说明
saying how to fill it in, with an example."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..core.i18n import current_lang, t
from ..xlsx import layout
from ..xlsx.writing import HEADER_FILL, PLAIN_TEXT_OPTIONS, wrap_size, write_workbook

if TYPE_CHECKING:
    from xlsxwriter.workbook import Workbook

__all__ = ["write_winners_template"]

ROWS = 200  # rows formatted as text (a code such as 0101 keeps its zero)


def write_winners_template(
    path: str | Path, *, lang: str | None = None, replace: bool = True
) -> Path:
    """Write the blank ``winners.xlsx`` that :func:`~redflag_xlsx.intake.winners_file.
    read_winners` reads back; ``replace=False``: only where no file exists
    (``FileExistsError`` otherwise)."""
    lang = current_lang(lang)

    def build(wb: Workbook) -> None:
        head = wb.add_format({"bold": True, "bg_color": HEADER_FILL, "border": 1})
        text = wb.add_format({"num_format": "@"})
        para = wb.add_format({"text_wrap": True, "valign": "top"})
        wb.set_properties({"title": t("imp_tpl_title", lang), "author": "redflag_xlsx"})
        ws = wb.add_worksheet(t("imp_tpl_sheet", lang))
        for c, (_field, key, _required) in enumerate(layout.WINNERS_FIELDS):
            ws.write_string(0, c, t(key, lang), head)
            ws.set_column(c, c, (16, 12, 36)[c], text)
        ws.freeze_panes(1, 0)
        ws.data_validation(
            1,
            0,
            ROWS,
            0,
            {
                "validate": "any",
                "input_title": t("imp_col_period", lang),
                "input_message": t("imp_tpl_period_tip", lang),
            },
        )
        ws.activate()
        notes = wb.add_worksheet(t("imp_tpl_notes_sheet", lang))
        notes.set_column(0, 0, 100)
        notes.write_string(0, 0, t("imp_tpl_title", lang), wb.add_format({"bold": True}))
        lines = [t(f"imp_tpl_note_{i}", lang, sheet=ws.name) for i in range(1, 6)]
        for r, line in enumerate(lines, start=2):
            notes.write_string(r, 0, line, para)
            notes.set_row(r, 15 * wrap_size(line, 98)[0] + 4)

    return write_workbook(
        Path(path),
        build,
        options=PLAIN_TEXT_OPTIONS,
        error_key="out_write_failed",
        lang=lang,
        replace=replace,
    )
