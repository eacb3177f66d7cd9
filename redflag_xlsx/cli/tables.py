"""The ranked table per site that ``tally`` (and ``demo``) print, winners marked.

On a terminal a rich table per site; otherwise (a pipe, a log file, a test) plain aligned lines:

    机关大楼（红旗 2 面）
      场所排名  单位编号  单位名称          …  综合得分  评选结果
             1  JG08      电梯维保项目      …    118.16  ★ 流动红旗
"""

from __future__ import annotations

import sys
from typing import IO, TYPE_CHECKING

from ..core.i18n import current_lang, t
from ..core.rounding import excel_round

if TYPE_CHECKING:
    from ..core.scoring import Result, UnitResult

__all__ = ["print_ranking", "rank_order", "ranking_rows"]


def rank_order(u: UnitResult) -> tuple[bool, int, bool, float]:
    """Ranked units by rank, then those that take no part (SPEC 2.3) by total, then those
    without a total; stable (roster order) among equals."""
    return (u.rank is None, u.rank or 0, u.total is None, -(u.total or 0.0))


_HEADERS = (
    "res_col_rank",
    "col_unit_code",
    "col_unit_name",
    "res_col_quality",
    "res_col_peer",
    "res_col_leadership",
    "res_col_total",
    "res_col_outcome",
)
_NUMERIC = {0, 3, 4, 5, 6}  # right-aligned columns
_WRAPPED = {2, 7}  # the unit's name and the outcome may take several lines


def _num(x: float | None) -> str:
    """Two decimals as a spreadsheet's 0.00 shows them (Q is not rounded: 100.125 -> 100.13)."""
    return "—" if x is None else f"{excel_round(x, 2):.2f}"


def _outcome(u: UnitResult, result: Result, lang: str) -> str:
    if u.outcome == "flag":
        return t("tbl_won", lang)
    if u.outcome == "tie":
        return t("tbl_tie", lang)
    reasons = u.reasons(result.rules, lang)
    if reasons:
        return t("tbl_not_eligible", lang, reasons=t("res_reason_sep", lang).join(reasons))
    return ""


def ranking_rows(result: Result, site: str, lang: str | None = None) -> list[tuple[str, ...]]:
    """The rows of one site's table (as text), best first; the units that cannot win (no rank)
    after the ranked ones, by total, units without a total last."""
    lang = current_lang(lang)
    units = [u for u in result.units if u.site == site]
    units.sort(key=rank_order)
    return [
        (
            "—" if u.rank is None else str(u.rank),
            u.code,
            u.name,
            _num(u.quality),
            _num(u.peer),
            _num(u.leadership),
            _num(u.total),
            _outcome(u, result, lang),
        )
        for u in units
    ]


def _site_title(result: Result, site: str, lang: str) -> str:
    return t("tbl_site_title", lang, site=site, n=result.rules.flags_for(site))


def print_ranking(
    result: Result,
    *,
    lang: str | None = None,
    stream: IO[str] | None = None,
    rich: bool | None = None,
) -> None:
    """Print one ranked table per site: rich on a terminal, plain aligned lines otherwise."""
    lang = current_lang(lang)
    stream = stream or sys.stdout
    if rich is None:
        try:
            rich = stream.isatty()
        except (AttributeError, ValueError):
            rich = False
    if rich:
        _print_rich(result, lang, stream)
    else:
        _print_plain(result, lang, stream)


def _print_plain(result: Result, lang: str, stream: IO[str]) -> None:
    from rich.cells import cell_len

    headers = tuple(t(k, lang) for k in _HEADERS)
    out: list[str] = []
    for site in result.roster.sites:
        rows = [headers, *ranking_rows(result, site, lang)]
        widths = [max(cell_len(row[i]) for row in rows) for i in range(len(headers))]
        out.append(_site_title(result, site, lang))
        for row in rows:
            cells = []
            for i, text in enumerate(row):
                pad = " " * (widths[i] - cell_len(text))
                cells.append(pad + text if i in _NUMERIC else text + pad)
            out.append(("  " + "  ".join(cells)).rstrip())
    _write(stream, "\n".join(out) + "\n")


def _print_rich(result: Result, lang: str, stream: IO[str]) -> None:
    from rich.cells import cell_len
    from rich.console import Console
    from rich.table import Table

    from .terminal import raw, rich_text

    console = Console(file=raw(stream), highlight=False)
    headers = [t(k, lang) for k in _HEADERS]
    rows = [row for site in result.roster.sites for row in ranking_rows(result, site, lang)]
    needed = sum(  # codes and numbers whole, names and outcomes at least 8 cells wide
        8 if i in _WRAPPED else max(cell_len(x) for x in [headers[i], *(r[i] for r in rows)])
        for i in range(len(headers))
    )
    if needed + 3 * len(headers) + 1 > console.width:  # too narrow for the table: lines
        _print_plain(result, lang, stream)
        return
    for site in result.roster.sites:
        table = Table(title=rich_text(_site_title(result, site, lang)), title_justify="left")
        for i, key in enumerate(_HEADERS):  # codes and numbers never split across lines
            text_column = i in _WRAPPED
            table.add_column(
                t(key, lang),
                justify="right" if i in _NUMERIC else "left",
                no_wrap=not text_column,
                overflow="fold" if text_column else "ellipsis",
            )
        outcomes = {u.code: u.outcome for u in result.units}
        for row in ranking_rows(result, site, lang):
            style = {"flag": "bold red", "tie": "bold yellow"}.get(outcomes[row[1]])
            table.add_row(*(rich_text(x) for x in row), style=style)  # names never markup
        console.print(table)


def _write(stream: IO[str], text: str) -> None:
    try:
        stream.write(text)
    except UnicodeEncodeError:  # a legacy console code page: never crash on a name
        encoding = getattr(stream, "encoding", None) or "ascii"
        stream.write(text.encode(encoding, "replace").decode(encoding))
