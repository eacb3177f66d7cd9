"""Fill blank forms programmatically, as a person would in Excel: used by ``demo`` and by tests.

Cells are found through :mod:`layout` (the header row by its first cell, columns by header text,
rows by the code in the first column), never by fixed coordinates, so a filled form is exactly
what a user would send back.  Saved with openpyxl, as many users' programs would.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.i18n import LANGS
from ..core.rules import Rules
from ..xlsx import layout

Values = Mapping[str, Mapping[str, Any]]
SHEETS = layout.SHEET_KEYS


@dataclass(frozen=True)
class Formatted:
    """A value typed with a number format, e.g. ``Formatted(0.95, "0%")``."""

    value: Any
    number_format: str


def find_sheet(wb: Any, sheet: layout.SheetKey) -> Any | None:
    """The worksheet ``scoring``, ``peer`` or ``leadership`` of an openpyxl workbook, if any."""
    names = layout.sheet_names_all_langs(sheet)
    return next((ws for ws in wb.worksheets if ws.title in names), None)


def locate(ws: Any, sheet: layout.SheetKey, rules: Rules) -> tuple[dict[str, int], dict[str, int]]:
    """(column key -> column number, row code -> row number) of a form's sheet.

    Column keys are those of :func:`layout.scoring_columns` on the scoring sheet and the rated
    units' codes on the rating sheets.
    """
    for row in range(1, layout.HEADER_SEARCH_ROWS + 1):
        first = ws.cell(row, 1).value
        lang = next((lg for lg in LANGS if first == layout.first_header(sheet, lg)), None)
        if lang:
            break
    else:
        raise KeyError(f"no header row in sheet {ws.title!r}")
    headers = {ws.cell(row, c).value: c for c in range(1, ws.max_column + 1)}
    if sheet == "scoring":
        columns = {
            c.key: headers[c.header]
            for c in layout.scoring_columns(rules, lang)
            if c.header in headers
        }
    else:
        columns = {str(h): c for h, c in headers.items() if h is not None}
    rows = {
        str(ws.cell(r, 1).value): r
        for r in range(row + 1, ws.max_row + 1)
        if ws.cell(r, 1).value is not None
    }
    return columns, rows


def list_sheet(ws: Any) -> tuple[int, int, dict[str, int]] | None:
    """A format 2 rating sheet's (header row, 评分 column, unit code -> row), or ``None`` when
    ``ws`` is a grid (its first header is the rater's, not 单位编号)."""
    firsts = {layout.rating_list_columns(lg)[0].header: lg for lg in LANGS}
    for row in range(1, layout.HEADER_SEARCH_ROWS + 1):
        lang = firsts.get(ws.cell(row, 1).value)
        if lang:
            break
    else:
        return None
    headers = {ws.cell(row, c).value: c for c in range(1, ws.max_column + 1)}
    rating = headers[layout.rating_list_columns(lang)[3].header]
    rows = {
        str(ws.cell(r, 1).value): r
        for r in range(row + 1, ws.max_row + 1)
        if ws.cell(r, 1).value is not None
    }
    return row, rating, rows


def cell_ref(ws: Any, sheet: layout.SheetKey, code: str, key: str, rules: Rules) -> tuple[int, int]:
    """(row, column) of row ``code`` and column ``key`` on ``sheet``; on a format 2 rating sheet
    (one rater) ``code`` is the rater and ``key`` the rated unit, whose 评分 cell it is."""
    if sheet != "scoring" and (listed := list_sheet(ws)) is not None:
        return listed[2][key], listed[1]
    columns, rows = locate(ws, sheet, rules)
    return rows[code], columns[key]


def form_rater(wb: Any) -> str:
    """``_meta``'s rater of an openpyxl workbook ("" when none)."""
    if layout.META_SHEET not in wb.sheetnames:
        return ""
    ws = wb[layout.META_SHEET]
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, 1).value == "rater":
            return str(ws.cell(r, 2).value or "")
    return ""


def fill_workbook(
    src: str | Path,
    dst: str | Path | None = None,
    *,
    scoring: Values | None = None,
    peer: Values | None = None,
    leadership: Values | None = None,
    rules: Rules | None = None,
    strict: bool = False,
) -> Path:
    """Type values into the form ``src`` and save it as ``dst`` (default: ``src`` itself).

    ``scoring[unit][column key]``, ``peer[rater][rated unit]``, ``leadership[leader][unit]``.
    Values may be :class:`Formatted`.  Rows and sheets the form does not have are skipped (a
    split form holds one rater's row), unless ``strict``, when they raise ``KeyError``.  On a
    format 2 rating form (one rater, the rated units down the rows) ``peer[rater][unit]`` goes
    into the 评分 cell of ``unit``'s row.
    """
    from openpyxl import load_workbook

    rules = rules or Rules.default()
    given = dict(zip(SHEETS, (scoring, peer, leadership), strict=True))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl on data validations it cannot model
        wb = load_workbook(src)
    try:
        for sheet, values in given.items():
            ws = find_sheet(wb, sheet)
            if not values:
                continue
            if ws is None:
                if strict:
                    raise KeyError(f"no sheet {sheet!r} in {wb.sheetnames}")
                continue
            listed = list_sheet(ws) if sheet != "scoring" else None
            if listed is not None:  # format 2: the form's one rater, a row per rated unit
                rater, (_hr, rating, units) = form_rater(wb), listed
                for code, row_values in values.items():
                    if code != rater:
                        if strict:
                            raise KeyError(f"{code!r} is not this form's rater {rater!r}")
                        continue
                    for key, value in row_values.items():
                        if key not in units and not strict:
                            continue
                        _put(ws.cell(units[key], rating), value)
                continue
            columns, rows = locate(ws, sheet, rules)
            for code, row_values in values.items():
                if code not in rows and not strict:
                    continue
                for key, value in row_values.items():
                    _put(ws.cell(rows[code], columns[key]), value)
        target = Path(dst if dst is not None else src)
        target.parent.mkdir(parents=True, exist_ok=True)
        wb.save(target)
    finally:
        wb.close()
    return target


def _put(cell: Any, value: Any) -> None:
    if isinstance(value, Formatted):
        cell.value = value.value
        cell.number_format = value.number_format
    else:
        cell.value = value


def fill_register(
    src: str | Path, dst: str | Path | None = None, *, events: Sequence[Mapping[str, Any]]
) -> Path:
    """Type ``events`` into the inspection register ``src`` (one row each, below the rows
    already filled, as an inspector adds them) and save it as ``dst`` (default: ``src``).

    Each event maps column keys of :func:`layout.register_columns` (``date``, ``unit_code``,
    ``item``, ``description``, ``evidence``, ``inspector``, ``verified``) to what is typed: a
    ``datetime.date`` is typed as a date (shown ``yyyy-mm-dd``), anything else as given
    (``Formatted`` too); a key left out stays blank."""
    import datetime as _dt

    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl on data validations it cannot model
        wb = load_workbook(src)
    try:
        names = layout.register_sheet_names("register")
        ws = next(ws for ws in wb.worksheets if ws.title in names)
        for header_row in range(1, layout.HEADER_SEARCH_ROWS + 1):
            lang = next(
                (
                    lg
                    for lg in LANGS
                    if ws.cell(header_row, 1).value == layout.register_columns(lg)[0].header
                ),
                None,
            )
            if lang:
                break
        else:
            raise KeyError(f"no header row in sheet {ws.title!r}")
        headers = {ws.cell(header_row, c).value: c for c in range(1, ws.max_column + 1)}
        columns = {c.key: headers[c.header] for c in layout.register_columns(lang)}
        row = header_row + 1
        while any(ws.cell(row, c).value is not None for c in columns.values()):
            row += 1
        for event in events:
            for key, value in event.items():
                cell = ws.cell(row, columns[key])
                if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
                    cell.value = _dt.datetime.combine(value, _dt.time())
                    cell.number_format = "yyyy-mm-dd"
                else:
                    _put(cell, value)
            row += 1
        target = Path(dst if dst is not None else src)
        target.parent.mkdir(parents=True, exist_ok=True)
        wb.save(target)
    finally:
        wb.close()
    return target
