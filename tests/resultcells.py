"""The cells of a results workbook, for the tests that check it: what the engine says each cell
must hold (:func:`engine_cells`), every cell's value or formula, and the comparison of two
values (a blank is ``""`` or ``None``; numbers to 1e-9)."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from redflag_xlsx.core.i18n import t
from redflag_xlsx.core.scoring import Result
from redflag_xlsx.documents.payout import payout_content
from redflag_xlsx.xlsx import layout

# what a spreadsheet shows for a formula it cannot compute (LibreOffice: "Err:502")
ERRORS = ("#NAME?", "#DIV/0!", "#VALUE!", "#REF!", "#N/A", "#NUM!", "#NULL!", "Err:")


# --- what the engine says each cell must hold ---------------------------------------------------
def _analysis_cells(out: dict, wb, result: Result, lang: str) -> None:
    """评议分析: each unit's P, L and P − L; each rater's deviations counted and b(r), as the
    rater analysis computes them (numbers to 1e-9)."""
    from redflag_xlsx.core.rater_analysis import analyse_raters
    from redflag_xlsx.results.analysis import RATER_COLUMNS, UNIT_COLUMNS

    analysis = analyse_raters(result)
    ws = wb[layout.results_sheet_name("analysis", lang)]
    uc = {key: i for i, (key, _h) in enumerate(UNIT_COLUMNS)}
    rc = {key: i for i, (key, _h) in enumerate(RATER_COLUMNS)}
    rater_head = t("ana_col_rater", lang)
    unit_rows: dict[str, int] = {}
    rater_rows: dict[str, int] = {}
    in_raters = False
    for row in ws.iter_rows(min_row=layout.FIRST_DATA_ROW):
        value = row[0].value
        if value == rater_head:
            in_raters = True
        elif in_raters and value:
            rater_rows[value] = row[0].row
        elif value in {u.code for u in result.units}:
            unit_rows[value] = row[0].row
    assert set(unit_rows) == {u.code for u in result.units}
    assert set(rater_rows) == {r.code for r in analysis.raters}
    for f in analysis.units:
        r = unit_rows[f.code]
        _put(out, ws, r, uc["peer"], f.peer)
        _put(out, ws, r, uc["leadership"], f.leadership)
        _put(out, ws, r, uc["difference"], f.difference)
    for fig in analysis.raters:
        r = rater_rows[fig.code]
        _put(out, ws, r, rc["rated"], fig.rated)
        _put(out, ws, r, rc["bias"], fig.bias)


def _rows_by_code(ws, code_col: int, codes: set[str]) -> dict[str, int]:
    """Row number (1-based) of each unit code found in column ``code_col`` (0-based)."""
    found: dict[str, int] = {}
    for row in ws.iter_rows(min_row=layout.FIRST_DATA_ROW):
        value = row[code_col].value
        if value in codes:
            assert value not in found, f"{ws.title}: {value} twice"
            found[value] = row[0].row
    return found


def _put(out: dict, ws, row: int, col: int, value: object) -> None:
    out[ws.title, f"{openpyxl.utils.get_column_letter(col + 1)}{row}"] = value


def engine_cells(wb, result: Result, lang: str = "zh") -> dict[tuple[str, str], object]:
    """``(sheet, cell) -> value`` for every number the engine decided, located by unit code."""
    out: dict[tuple[str, str], object] = {}
    codes = {u.code for u in result.units}
    yes_no = {True: t("yes", lang), False: t("no", lang), None: None}
    outcome = {"flag": t("flag_won", lang), "tie": t("flag_tie", lang), "": None}

    ws = wb[layout.results_sheet_name("summary", lang)]
    c = {col.key: i for i, col in enumerate(layout.summary_columns(lang))}
    rows = _rows_by_code(ws, c["unit_code"], codes)
    assert set(rows) == codes
    for u in result.units:
        r = rows[u.code]
        reasons = t("res_reason_sep", lang).join(u.reasons(result.rules, lang)) or None
        for key, value in (
            ("unit_name", u.name),
            ("site", u.site),
            ("quality", u.quality),
            ("peer", u.peer),
            ("leadership", u.leadership),
            ("total", u.total),
            ("rank", u.rank),
            ("disqualified", reasons),
            ("outcome", outcome[u.outcome]),
            ("streak", u.streak),
            ("reward_points", u.reward_points),
            ("bonus_yuan", u.bonus_yuan),
            (
                "priority",
                t("res_not_applicable", lang) if u.won and u.in_house else yes_no[u.priority],
            ),
        ):
            _put(out, ws, r, c[key], value)

    ws = wb[layout.results_sheet_name("quality", lang)]
    c = {col.key: i for i, col in enumerate(layout.quality_detail_columns(result.rules, lang))}
    rows = _rows_by_code(ws, c["unit_code"], codes)
    assert set(rows) == codes
    for u in result.units:
        r = rows[u.code]
        for item in result.rules.items:
            _put(out, ws, r, c[item.code], u.counts[item.code])
        _put(out, ws, r, c["baseline"], u.baseline)
        _put(out, ws, r, c["current"], u.current)
        _put(out, ws, r, c["delta"], u.satisfaction_delta)
        _put(out, ws, r, c["adj"], u.satisfaction_adj)
        _put(out, ws, r, c["quality"], u.quality)
        for flag in result.rules.disqualifying_flags:
            _put(out, ws, r, c[flag.code], 1 if u.flags[flag.code] else 0)

    for sheet in ("peer", "leadership"):
        ws = wb[layout.results_sheet_name(sheet, lang)]
        c = {col.key: i for i, col in enumerate(layout.rating_stat_columns(sheet, lang))}
        rows = _rows_by_code(ws, c["unit_code"], codes)
        assert set(rows) == codes
        for u in result.units:
            got, expected = getattr(u, f"{sheet}_count"), getattr(u, f"{sheet}_expected")
            r = rows[u.code]
            _put(out, ws, r, c["score"], getattr(u, sheet))
            _put(out, ws, r, c["received"], got)
            _put(out, ws, r, c["expected"], expected)
            _put(out, ws, r, c["coverage"], got / expected if expected else None)

    _analysis_cells(out, wb, result, lang)

    # 奖金发放: the documents' lines in order (site by site, best first; none in a draft)
    ws = wb[layout.results_sheet_name("payout", lang)]
    c = {col.key: i for i, col in enumerate(layout.payout_columns(lang))}
    lines = payout_content(result, lang=lang).lines
    assert len(lines) == (0 if any(i.is_error for i in result.issues) else len(result.winners()))
    for i, line in enumerate(lines):
        u = result.unit(line.code)
        r = layout.FIRST_DATA_ROW + i
        assert ws.cell(r, c["unit_name"] + 1).value == u.name
        _put(out, ws, r, c["streak"], u.streak)
        _put(out, ws, r, c["bonus_yuan"], u.bonus_yuan)

    ws = wb[layout.results_sheet_name("flags", lang)]
    c = {col.key: i for i, col in enumerate(layout.flags_columns(lang))}
    shown = {u.code for u in result.units if u.outcome}
    rows = _rows_by_code(ws, c["unit_code"], codes)
    assert set(rows) == shown
    for code, r in rows.items():
        u = result.unit(code)
        _put(out, ws, r, c["total"], u.total)
        _put(out, ws, r, c["rank"], u.rank)
        _put(out, ws, r, c["bonus_yuan"], u.bonus_yuan)
        _put(out, ws, r, c["outcome"], outcome[u.outcome])
    return out


def same_value(a: object, b: object) -> bool:
    a = None if a == "" else a
    b = None if b == "" else b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(a - b) < 1e-9
    return a == b


def cell_values(path: Path) -> dict[tuple[str, str], object]:
    """``(sheet, cell) -> value`` of every cell (the cached value of a formula)."""
    wb = openpyxl.load_workbook(path, data_only=True)
    return {
        (ws.title, cell.coordinate): cell.value
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
    }


def formula_cells(path: Path) -> list[tuple[str, str, str]]:
    """``(sheet, cell, formula)`` of every formula."""
    wb = openpyxl.load_workbook(path)
    return [
        (ws.title, cell.coordinate, cell.value)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
