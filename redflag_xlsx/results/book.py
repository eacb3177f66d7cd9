"""The shared state of one results workbook being written: sheets, rows, formats, references.

:mod:`results` creates a :class:`Book`; :mod:`results_sheets` and :mod:`results_report` write
the sheets through it.  The workbook is written in xlsxwriter's ``constant_memory`` mode (large
rosters stay small in memory), so every sheet is written strictly row by row, top to bottom;
every row and column number is therefore planned here before anything is written.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ..core.i18n import t
from ..xlsx import layout
from ..xlsx.writing import (
    BASE_STYLE,
    CELL_STYLE,
    HEADER_FILL,
    SELF_FILL,
    TEXT_STYLES,
    text_width,
)
from .case import RenderCase

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

    from ..core.roster import Unit
    from ..core.scoring import Result, UnitResult

MAX_COLUMNS = 16384  # every spreadsheet program's limit
WON_FILL = "#F8CBAD"  # winners: light red, the colour of the flag
TIE_FILL = "#FFEB9C"  # 并列待定: yellow
LOW_FONT = "#C00000"  # coverage below the rules' minimum
FORMULA_FILL = "#F2F2F2"  # derived (formula) cells on the detail sheets

# base styles; a format is made of one or more of them merged (Book.fmt)
STYLES: dict[str, dict[str, Any]] = {
    **TEXT_STYLES,  # title, info, section, para, header
    "draft": {**BASE_STYLE, "bold": True, "font_color": "#C00000"},
    "names": {
        **CELL_STYLE,
        "text_wrap": True,
        "align": "center",
        "font_size": 9,
        "bg_color": HEADER_FILL,
    },
    "text": dict(CELL_STYLE),
    "wrap": {**CELL_STYLE, "text_wrap": True},
    "center": {**CELL_STYLE, "align": "center"},
    "value": {**CELL_STYLE, "align": "center"},  # an input number, shown as typed (General)
    "score": {**CELL_STYLE, "align": "center", "num_format": "0.00"},
    "points": {**CELL_STYLE, "align": "center", "num_format": "0.##;-0.##;0"},
    "int": {**CELL_STYLE, "align": "center", "num_format": "0"},
    "pct": {**CELL_STYLE, "align": "center", "num_format": "0%"},
    "p": {**CELL_STYLE, "align": "center", "num_format": "0.0000"},
    "money": {**CELL_STYLE, "align": "center", "num_format": "#,##0"},
    "self": {**CELL_STYLE, "bg_color": SELF_FILL},
    # modifiers, merged over a base style
    "bold": {"bold": True},
    "won": {"bg_color": WON_FILL, "bold": True},
    "tie": {"bg_color": TIE_FILL},
    "derived": {"bg_color": FORMULA_FILL},
    "low": {"font_color": LOW_FONT, "bold": True},
    "plain": {"border": 0},
}


def yes_no_format(lang: str) -> str:
    """A number format that shows 1 as 是 and 0 as 否 while the cell stays a number."""
    yes, no = t("yes", lang), t("no", lang)
    return f'"{yes}";"{yes}";"{no}"'


LINE_HEIGHT = 15  # points per line of 11-point text


def wrapped_lines(text: object, width: float) -> int:
    """Lines ``text`` takes in a wrapping column ``width`` characters wide.  Chinese breaks
    anywhere; other text at spaces, which wastes some room."""
    text = str(text)
    w = text_width(text)
    usable = max(1.0, float(width))
    if w < 1.5 * len(text):  # mostly Latin: words do not fill a line
        usable = max(1.0, 0.8 * (width - 1))
    return max(1, math.ceil(w / usable))


def quote(sheet_name: str) -> str:
    """A sheet name as formulas reference it (always quoted: valid in every program)."""
    return "'" + sheet_name.replace("'", "''") + "'"


def a1(row: int, col: int, *, row_abs: bool = False, col_abs: bool = False) -> str:
    """A1 reference of 0-based ``row``, ``col``."""
    from xlsxwriter.utility import xl_rowcol_to_cell

    return xl_rowcol_to_cell(row, col, row_abs, col_abs)


class Book:
    """One results workbook: its sheets in SPEC order, the row of every unit on every sheet,
    cached formats, the cells of the rules' parameters, and column widths."""

    def __init__(
        self, wb: Workbook, result: Result, lang: str, case: RenderCase | None = None
    ) -> None:
        self.wb = wb
        self.result = result
        self.case = case or RenderCase()  # proposed or approved, decisions, revisions, date
        self.rules = result.rules
        self.lang = lang
        sub = result.submission
        self.register = None if sub is None else sub.inspection_register  # SPEC 14: 扣分依据
        keys = layout.results_sheets(register=self.register is not None)
        self.names = {key: layout.results_sheet_name(key, lang) for key in keys}
        self.sheets: dict[str, Worksheet] = {key: wb.add_worksheet(self.names[key]) for key in keys}
        self._formats: dict[tuple[str, ...], Format] = {}
        self._widths: dict[str, dict[int, int]] = {key: {} for key in keys}
        self._last_row: dict[str, int] = {}
        self.error_count = sum(1 for i in result.issues if i.is_error)

        # Units grouped by site (sites in roster order), by rank within a site (those that take
        # no part after the ranked ones, by total; roster order among equals): the order of
        # every per-unit sheet, so each site's units are one block of rows, best first.
        roster_units = {u.code: u for u in result.roster.units}
        self.sites = result.roster.sites
        site_order = {site: i for i, site in enumerate(self.sites)}

        def place(i: int) -> tuple[int, bool, int, bool, float]:
            u = result.units[i]
            return (
                site_order[u.site],
                u.rank is None,
                u.rank or 0,
                u.total is None,
                -(u.total or 0.0),
            )

        order = sorted(range(len(result.units)), key=place)
        self.units: list[UnitResult] = [result.units[i] for i in order]
        self.roster_unit: dict[str, Unit] = roster_units
        first = layout.FIRST_DATA_ROW - 1
        self.unit_row = {u.code: first + i for i, u in enumerate(self.units)}
        self.site_rows: dict[str, tuple[int, int]] = {}
        for site in self.sites:
            rows = [self.unit_row[u.code] for u in self.units if u.site == site]
            if rows:
                self.site_rows[site] = (rows[0], rows[-1])
        self.summary_col = {
            c.key: i for i, c in enumerate(layout.summary_columns(lang))
        }  # 汇总 columns
        self.quality_col = {
            c.key: i for i, c in enumerate(layout.quality_detail_columns(self.rules, lang))
        }
        self.grid_score_col = {
            c.key: i for i, c in enumerate(layout.rating_stat_columns("peer", lang))
        }["score"]
        self.grid_row: dict[str, dict[str, int]] = {"peer": {}, "leadership": {}}
        # the column of a rating grid's first rater (after the statistics)
        self.grid_first_rater = len(layout.rating_stat_columns("peer", lang))

    # --- references ---------------------------------------------------------------------------
    def ref(
        self, sheet: str, row: int, col: int, *, row_abs: bool = False, col_abs: bool = False
    ) -> str:
        """A reference to a cell of another sheet, e.g. ``'规则'!$B$4``."""
        return f"{quote(self.names[sheet])}!{a1(row, col, row_abs=row_abs, col_abs=col_abs)}"

    # --- formats ------------------------------------------------------------------------------
    def fmt(self, *names: str | None, num_format: str | None = None) -> Format:
        """The format made of the named styles merged left to right (cached)."""
        key = tuple(n for n in names if n) + ((f"#{num_format}",) if num_format else ())
        found = self._formats.get(key)
        if found is None:
            spec: dict[str, Any] = {}
            for name in key:
                if name.startswith("#"):
                    spec["num_format"] = name[1:]
                else:
                    spec.update(STYLES[name])
            found = self._formats[key] = self.wb.add_format(spec)
        return found

    # --- writing ------------------------------------------------------------------------------
    def _at(self, sheet: str, row: int) -> Worksheet:
        last = self._last_row.get(sheet, -1)
        if row < last:  # constant_memory would silently drop the cell: a bug, say so
            raise AssertionError(f"{sheet}: row {row + 1} written after row {last + 1}")
        self._last_row[sheet] = row
        return self.sheets[sheet]

    def _measure(self, sheet: str, col: int, text: object, wide: bool = False) -> None:
        width = min(text_width(text), 60 if wide else 40)
        widths = self._widths[sheet]
        if width > widths.get(col, 0):
            widths[col] = width

    def set_row(self, sheet: str, row: int, height: float | None) -> None:
        self._at(sheet, row).set_row(row, height)

    def fit_row(self, sheet: str, row: int, cells: Iterable[tuple[object, float]]) -> None:
        """Make ``row`` tall enough for each ``(text, column width)`` to wrap in (call it before
        the row's first cell: rows are flushed as they are written)."""
        lines = max((wrapped_lines(text, width) for text, width in cells if text), default=1)
        if lines > 1:
            self.set_row(sheet, row, LINE_HEIGHT * min(lines, 8) + 3)

    def blank(self, sheet: str, row: int, col: int, fmt: Format | None) -> None:
        self._at(sheet, row).write_blank(row, col, None, fmt)

    def text(
        self, sheet: str, row: int, col: int, value: str, fmt: Format | None, *, measure=True
    ) -> None:
        """User or catalog text, always as text (never a formula or a link)."""
        ws = self._at(sheet, row)
        if value == "":
            ws.write_blank(row, col, None, fmt)
        else:
            ws.write_string(row, col, value, fmt)
            if measure:
                self._measure(sheet, col, value)

    def number(self, sheet: str, row: int, col: int, value: float | None, fmt: Format) -> None:
        ws = self._at(sheet, row)
        if value is None:
            ws.write_blank(row, col, None, fmt)
        else:
            ws.write_number(row, col, value, fmt)
            width = len(f"{value:g}")
            if width > self._widths[sheet].get(col, 0):
                self._widths[sheet][col] = width

    def formula(
        self, sheet: str, row: int, col: int, formula: str, value: object, fmt: Format
    ) -> None:
        """A live formula with the engine's number as its cached value (``None`` -> blank)."""
        cached: object = "" if value is None else value
        if isinstance(cached, float) and not math.isfinite(cached):
            raise ValueError(f"not a finite number: {cached!r}")
        self._at(sheet, row).write_formula(row, col, formula, fmt, cached)
        shown = f"{cached:.2f}" if isinstance(cached, float) else cached
        self._measure(sheet, col, shown)

    def headers(self, sheet: str, row: int, headers: Iterable[str], fmt: Format, col=0) -> None:
        ws = self._at(sheet, row)
        for i, header in enumerate(headers):
            ws.write_string(row, col + i, header, fmt)
            # a header wraps onto at most two lines
            self._measure(sheet, col + i, header[: max(4, math.ceil(len(header) / 2))])

    def min_width(self, sheet: str, col: int, width: int) -> None:
        widths = self._widths[sheet]
        widths[col] = max(widths.get(col, 0), width)

    def apply_widths(
        self, sheet: str, *, cap: int = 40, fixed: Mapping[int, float] | None = None
    ) -> None:
        ws = self.sheets[sheet]
        fixed = fixed or {}
        for col, width in sorted(self._widths[sheet].items()):
            if col in fixed:
                continue
            ws.set_column(col, col, math.ceil(min(cap, width) * 11 + 20) / 10)  # width, not a score
        for col, fixed_width in fixed.items():
            ws.set_column(col, col, fixed_width)

    # --- texts --------------------------------------------------------------------------------
    def period_text(self) -> str:
        from ..core.period import Period

        p = Period.parse(self.result.period)
        return t("res_period_text", self.lang, year=p.year, quarter=p.quarter)

    def outcome_text(self, u: UnitResult) -> str:
        if u.outcome == "flag":
            return t("flag_won", self.lang)
        if u.outcome == "tie":
            return t("flag_tie", self.lang)
        return ""

    def priority_text(self, u: UnitResult) -> str:
        """重新招投标优先权 of a winner: 是/否, 不适用 for an in-house unit (SPEC 3)."""
        if u.in_house:
            return t("res_not_applicable", self.lang)
        return t("yes" if u.priority else "no", self.lang)

    def highlight(self, u: UnitResult) -> str | None:
        return {"flag": "won", "tie": "tie"}.get(u.outcome)

    def reasons(self, u: UnitResult) -> str:
        return t("res_reason_sep", self.lang).join(u.reasons(self.rules, self.lang))
