"""评议分析, the rater analysis of SPEC 15 (:mod:`redflag_xlsx.core.rater_analysis`) as a sheet.

Two tables.  Per unit: P beside L and P − L, with the sum and number of the ratings it received
in each grid (the inputs of every deviation).  Per rater (units, then leaders): how many units
it rated that others rated too, its leniency b(r) -- both live formulas over the rater's column
of 单位互评 / 领导评议 and the unit table --, then the rival test (K, S, p: values, a permutation
test has no formula), the pairs, the flags that change without its ratings, and its warnings.
The analysis never changes a score.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core import formulas
from ..core.i18n import t
from .book import a1

if TYPE_CHECKING:
    from ..core.rater_analysis import RaterAnalysis, RaterFigures
    from ..core.scoring import UnitResult
    from .book import Book

SHEET = "analysis"
INFO, HEADER, FIRST = 1, 2, 3  # 0-based rows: note, unit table header, its first unit

# unit table: key -> catalog key of its header
UNIT_COLUMNS = (
    ("unit_code", "col_unit_code"),
    ("unit_name", "col_unit_name"),
    ("site", "col_site"),
    ("peer", "res_col_peer"),
    ("leadership", "res_col_leadership"),
    ("difference", "ana_col_difference"),
    ("peer_sum", "ana_col_peer_sum"),
    ("peer_count", "ana_col_peer_count"),
    ("lead_sum", "ana_col_lead_sum"),
    ("lead_count", "ana_col_lead_count"),
)
RATER_COLUMNS = (
    ("code", "ana_col_rater"),
    ("name", "ana_col_rater_name"),
    ("kind", "ana_col_kind"),
    ("site", "col_site"),
    ("rated", "ana_col_rated"),
    ("bias", "ana_col_bias"),
    ("rivals", "ana_col_rivals"),
    ("statistic", "ana_col_statistic"),
    ("p_value", "ana_col_p"),
    ("method", "ana_col_method"),
    ("pairs", "ana_col_pairs"),
    ("changes", "ana_col_changes"),
    ("warnings", "ana_col_warnings"),
)


def write_analysis(book: Book, analysis: RaterAnalysis) -> None:
    lang = book.lang
    ucol = {key: i for i, (key, _h) in enumerate(UNIT_COLUMNS)}
    rcol = {key: i for i, (key, _h) in enumerate(RATER_COLUMNS)}
    title = t("ana_title", lang, period_text=book.period_text())
    book.text(SHEET, 0, 0, title, book.fmt("title"), measure=False)
    book.set_row(SHEET, 0, 24)
    book.text(SHEET, INFO, 0, t("ana_note", lang), book.fmt("info"), measure=False)
    book.headers(SHEET, HEADER, [t(h, lang) for _k, h in UNIT_COLUMNS], book.fmt("header"))

    # --- per unit: rows in the order of every per-unit sheet (book.units) ---------------------
    row_of = {u.code: FIRST + i for i, u in enumerate(book.units)}
    grids = {grid: _Blocks(book, grid) for grid in ("peer", "leadership")}
    s = book.summary_col
    figures = {f.code: f for f in analysis.units}
    for u in book.units:
        r = row_of[u.code]
        book.text(SHEET, r, ucol["unit_code"], u.code, book.fmt("center"))
        book.text(SHEET, r, ucol["unit_name"], u.name, book.fmt("text"))
        book.text(SHEET, r, ucol["site"], u.site, book.fmt("text"))
        score = book.fmt("score")
        for key in ("peer", "leadership"):
            src = book.ref("summary", book.unit_row[u.code], s[key])
            book.formula(SHEET, r, ucol[key], "=" + src, getattr(u, key), score)
        p, ld = a1(r, ucol["peer"]), a1(r, ucol["leadership"])
        diff = figures[u.code].difference
        book.formula(SHEET, r, ucol["difference"], "=" + formulas.difference(p, ld), diff, score)
        for grid, sum_key, count_key in (
            ("peer", "peer_sum", "peer_count"),
            ("leadership", "lead_sum", "lead_count"),
        ):
            raters = grids[grid].raters_of_site(u.site)
            ratings = _received(book, grid, u.code, raters)
            grid_row = book.grid_row[grid][u.code]
            first_rater = book.grid_first_rater
            width = max(len(raters), 1)
            rng = (
                book.ref(grid, grid_row, first_rater) + ":" + a1(grid_row, first_rater + width - 1)
            )
            total = sum(ratings) if ratings else 0.0
            book.formula(SHEET, r, ucol[sum_key], f"=SUM({rng})", total, book.fmt("points"))
            book.formula(SHEET, r, ucol[count_key], f"=COUNT({rng})", len(ratings), book.fmt("int"))

    # --- per rater ------------------------------------------------------------------------------
    head = FIRST + len(book.units) + 2
    book.text(SHEET, head - 1, 0, t("ana_raters", lang), book.fmt("section"), measure=False)
    book.headers(SHEET, head, [t(h, lang) for _k, h in RATER_COLUMNS], book.fmt("header"))
    kinds = {"unit": t("ana_kind_unit", lang), "leader": t("ana_kind_leader", lang)}
    for i, fig in enumerate(analysis.raters):
        r = head + 1 + i
        hl = "tie" if fig.warnings else None
        book.text(SHEET, r, rcol["code"], fig.code, book.fmt("center", hl))
        book.text(SHEET, r, rcol["name"], fig.name, book.fmt("text", hl))
        book.text(SHEET, r, rcol["kind"], kinds[fig.kind], book.fmt("center", hl))
        book.text(SHEET, r, rcol["site"], fig.site or "", book.fmt("text", hl))
        rated, bias = _live_figures(book, fig, row_of, grids)
        if rated is None or bias is None:
            book.number(SHEET, r, rcol["rated"], fig.rated, book.fmt("int", hl))
            book.number(SHEET, r, rcol["bias"], fig.bias, book.fmt("score", hl))
        else:
            book.formula(SHEET, r, rcol["rated"], rated, fig.rated, book.fmt("int", hl))
            book.formula(SHEET, r, rcol["bias"], bias, fig.bias, book.fmt("score", hl))
        test = fig.rival
        sep = t("res_list_sep", lang)
        rivals = sep.join(test.rivals) if test else ""
        book.text(SHEET, r, rcol["rivals"], rivals, book.fmt("wrap", hl))
        statistic = p_value = None
        method = ""
        if test is not None and test.statistic is not None:
            statistic, p_value = test.statistic, test.p_value
            method = t("ana_exact" if test.exact else "ana_sampled", lang, n=test.choices)
        book.number(SHEET, r, rcol["statistic"], statistic, book.fmt("score", hl))
        book.number(SHEET, r, rcol["p_value"], p_value, book.fmt("p", hl))
        book.text(SHEET, r, rcol["method"], method, book.fmt("text", hl))
        book.text(SHEET, r, rcol["pairs"], sep.join(fig.pairs), book.fmt("text", hl))
        book.text(SHEET, r, rcol["changes"], _changes_text(fig, lang), book.fmt("wrap", hl))
        book.text(SHEET, r, rcol["warnings"], sep.join(fig.warnings), book.fmt("text", hl))
    ws = book.sheets[SHEET]
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.freeze_panes(FIRST, 2)
    ws.set_footer(f"&L{book.result.period}&C&P / &N&R&A")
    book.apply_widths(SHEET, cap=30)


class _Blocks:
    """The blocks of one rating grid (:func:`.sheets.grid_blocks`), looked up by site and by
    rater once, not per row."""

    def __init__(self, book: Book, grid: str) -> None:
        from .sheets import grid_blocks

        self.grid = grid
        self.by_site: dict[str | None, list] = {}
        self.of_rater: dict[str, tuple[list[UnitResult], int]] = {}  # -> (units, column)
        for site, units, raters in grid_blocks(book, grid):
            self.by_site[site] = raters
            for j, rater in enumerate(raters):
                self.of_rater.setdefault(rater.code, (units, j))

    def raters_of_site(self, site: str) -> list:
        """The raters (columns) of the block that holds the units of ``site``."""
        return self.by_site.get(site) or self.by_site.get(None) or []


def _received(book: Book, grid: str, code: str, raters: list) -> list[float]:
    """The ratings ``code`` received from ``raters`` as the grid shows them (in scope)."""
    sub = book.result.submission
    given = (sub.peer if grid == "peer" else sub.leadership) if sub else {}
    return [
        given[rater.code][code]
        for rater in raters
        if rater.code != code and code in given.get(rater.code, {})
    ]


def _live_figures(
    book: Book, fig: RaterFigures, row_of: dict[str, int], grids: dict[str, _Blocks]
) -> tuple[str | None, str | None]:
    """The formulas of the number of deviations and of b(r) over the rater's grid column."""
    grid = "peer" if fig.kind == "unit" else "leadership"
    ucol = {key: i for i, (key, _h) in enumerate(UNIT_COLUMNS)}
    sums, counts = ("peer_sum", "peer_count") if grid == "peer" else ("lead_sum", "lead_count")
    found = grids[grid].of_rater.get(fig.code)
    if found is None or not found[0]:
        return None, None
    units, j = found
    col = book.grid_first_rater + j
    top, bottom = units[0].code, units[-1].code
    column = (
        book.ref(grid, book.grid_row[grid][top], col) + ":" + a1(book.grid_row[grid][bottom], col)
    )
    first, last = row_of[top], row_of[bottom]
    s_rng = f"{a1(first, ucol[sums])}:{a1(last, ucol[sums])}"
    n_rng = f"{a1(first, ucol[counts])}:{a1(last, ucol[counts])}"
    return (
        "=" + formulas.rater_deviations(column, n_rng),
        "=" + formulas.rater_leniency(column, s_rng, n_rng),
    )


def _changes_text(fig: RaterFigures, lang: str) -> str:
    outcome = {"flag": t("flag_won", lang), "tie": t("flag_tie", lang), "": t("ana_none", lang)}
    return t("res_list_sep", lang).join(
        t("ana_change", lang, unit=c.unit, before=outcome[c.before], after=outcome[c.after])
        for c in fig.changes
    )
