"""Fill blank forms programmatically, as a person would in Excel: used by ``demo`` and by tests.

Cells are found through :mod:`layout` (header row by its first cell, columns by header text,
rows by the code in the first column), never by fixed coordinates, so a filled form is exactly
what a user would send back.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from . import layout
from .i18n import LANGS
from .rules import Rules

Values = Mapping[str, Mapping[str, Any]]


def fill_workbook(
    src: str | Path,
    dst: str | Path,
    *,
    scoring: Values | None = None,
    peer: Values | None = None,
    leadership: Values | None = None,
    rules: Rules | None = None,
) -> Path:
    """Copy the form ``src`` to ``dst`` with values typed in.

    ``scoring[unit][column key]`` (keys of :func:`layout.scoring_columns`: item codes,
    ``baseline``, ``current``, flag codes, ``remark``); ``peer[rater][rated unit]`` and
    ``leadership[leader][unit]``.  Rows or sheets a form does not have are ignored (a split form
    holds one rater's row).  ``src`` is never modified.
    """
    from openpyxl import load_workbook

    rules = rules or Rules.default()
    wb = load_workbook(src)
    try:
        for sheet in ("scoring", "peer", "leadership"):
            values = {"scoring": scoring, "peer": peer, "leadership": leadership}[sheet]
            ws = next((wb[n] for n in layout.sheet_names_all_langs(sheet) if n in wb), None)
            if ws is None or not values:
                continue
            header_row, columns = _header(ws, sheet)
            keys = _column_keys(sheet, rules)
            for row in range(header_row + 1, ws.max_row + 1):
                code = ws.cell(row, 1).value
                if code is None or str(code) not in values:
                    continue
                for key, value in values[str(code)].items():
                    headers = keys.get(key, (key,))
                    col = next((columns[h] for h in headers if h in columns), None)
                    if col is None:
                        raise KeyError(f"{ws.title}: no column for {key!r}")
                    ws.cell(row, col).value = value
        dst = Path(dst)
        dst.parent.mkdir(parents=True, exist_ok=True)
        wb.save(dst)
    finally:
        wb.close()
    return dst


def _header(ws: Any, sheet: str) -> tuple[int, dict[str, int]]:
    firsts = {layout.first_header(sheet, lang) for lang in LANGS}  # type: ignore[arg-type]
    for row in range(1, layout.HEADER_SEARCH_ROWS + 1):
        if ws.cell(row, 1).value in firsts:
            cells = {str(c.value): c.column for c in ws[row] if c.value is not None}
            return row, cells
    raise KeyError(f"{ws.title}: header row not found")


def _column_keys(sheet: str, rules: Rules) -> dict[str, tuple[str, ...]]:
    """Column key -> its header texts in every language (rating columns: the unit code)."""
    if sheet != "scoring":
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for lang in LANGS:
        for col in layout.scoring_columns(rules, lang):
            out[col.key] = (*out.get(col.key, ()), col.header)
    return out
