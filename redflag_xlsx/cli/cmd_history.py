"""``history``: each unit's quarters, wins and current streak from the ledger (SPEC 7)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import cli, handle_errors, lang_option

if TYPE_CHECKING:
    from ..ledger.store import Ledger, UnitSummary

RECENT = 8  # quarter columns shown on screen; --export writes them all


def _is_terminal() -> bool:
    return sys.stdout.isatty()


@cli.command("history")
@click.option(
    "--history",
    "history_path",
    type=click.Path(path_type=Path),
    help="The ledger file (default: redflag_history.db here; tally writes it beside the results).",
)
@click.option(
    "--export",
    "export_path",
    type=click.Path(path_type=Path),
    help="Also write the whole ledger as a formatted workbook (.xlsx).",
)
@click.option("--force", is_flag=True, help="Replace an existing --export file.")
@click.option(
    "--remove",
    "remove_period",
    metavar="PERIOD",
    help="Delete one quarter from the ledger (e.g. tallied under a wrong --period); "
    "later streaks are recomputed.",
)
@lang_option
@handle_errors
def history_cmd(
    history_path: Path | None,
    export_path: Path | None,
    force: bool,
    remove_period: str | None,
    lang: str | None,
) -> None:
    """Show each unit's quarters, wins and current streak from the history ledger.

    \b
    Quarter columns show the total; ★ red flag, ☆ tie, — not rated.  Examples:
      python -m redflag_xlsx history
      python -m redflag_xlsx history --history results/redflag_history.db --export 历史记录.xlsx
    """
    from ..core.errors import UsageError
    from ..core.i18n import Msg, current_lang, t
    from ..ledger.store import LEDGER_FILENAME, Ledger

    lang = current_lang(lang)
    path = history_path or Path(LEDGER_FILENAME)
    if not path.exists() and not path.is_symlink():  # a path that does not exist: usage
        raise UsageError(Msg("ledger_missing", file=path))
    with Ledger(path, create=False) as ledger:
        if remove_period is not None:
            click.echo(ledger.remove(remove_period).describe(lang))
            return
        _show(ledger, lang)
        if export_path is not None:
            from ..ledger.export import export_ledger

            written = export_ledger(ledger, export_path, force=force, lang=lang)
            click.echo(t("hist_exported", lang, file=written))


def _show(ledger: Ledger, lang: str) -> None:
    from ..core.i18n import t

    periods = [p.period for p in ledger.periods()]
    if not periods:
        click.echo(t("hist_empty", lang, file=ledger.path))
        return
    info = t(
        "hist_info", lang, file=ledger.path, count=len(periods), first=periods[0], last=periods[-1]
    )
    console = None
    recent = RECENT
    if _is_terminal():
        from rich.console import Console

        from .terminal import raw

        console = Console(file=raw(sys.stdout))
        recent = max(1, min(RECENT, (console.width - 64) // 10))  # what fits beside the names
    shown = periods[-recent:]
    headers = [
        t(key, lang)
        for key in (
            "col_unit_code",
            "col_unit_name",
            "col_site",
            "hist_col_quarters",
            "hist_col_wins",
            "hist_col_current_streak",
        )
    ] + shown
    units = ledger.units_summary()
    rows = [_row(unit, shown) for unit in units]
    notes = [t("hist_legend", lang)]
    if len(periods) > recent:
        notes.append(t("hist_only_recent", lang, n=recent))
    if console is not None:
        _rich_table(console, info, headers, rows, units, shown, notes)
    else:
        click.echo(info)
        for line in _plain_table(headers, rows, numeric_from=3):
            click.echo(line)
        for note in notes:
            click.echo(note)


def _cell(unit: UnitSummary, period: str) -> str:
    rec = unit.records.get(period)
    if rec is None:
        return "—"
    mark = {"flag": "★", "tie": "☆"}.get(rec.outcome, "")
    return ("" if rec.total is None else f"{rec.total:.2f}") + mark


def _row(unit: UnitSummary, shown: list[str]) -> list[str]:
    return [
        unit.code,
        unit.name,
        unit.site,
        str(unit.quarters),
        str(unit.wins),
        str(unit.current_streak),
        *(_cell(unit, p) for p in shown),
    ]


def _plain_table(headers: list[str], rows: list[list[str]], numeric_from: int) -> list[str]:
    """Columns padded by display width (a Chinese character is two columns wide)."""
    from ..xlsx.writing import text_width

    widths = [max(text_width(r[j]) for r in [headers, *rows]) for j in range(len(headers))]
    lines = []
    for r in [headers, *rows]:
        cells = []
        for j, text in enumerate(r):
            pad = " " * (widths[j] - text_width(text))
            cells.append(pad + text if j >= numeric_from and r is not headers else text + pad)
        lines.append("  ".join(cells).rstrip())
    return lines


def _rich_table(console, info, headers, rows, units, shown, notes) -> None:
    from rich.table import Table

    from .terminal import rich_text

    table = Table(title=rich_text(info), title_justify="left", header_style="bold")
    for j, header in enumerate(headers):
        if j < 3:  # code, name, site
            table.add_column(header, no_wrap=j != 1, overflow="fold")
        else:  # counts and quarter totals: never cut a number
            table.add_column(header, justify="right", overflow="fold", min_width=4 if j < 6 else 7)
    for unit, row in zip(units, rows, strict=True):
        styles = []
        for p in shown:
            rec = unit.records.get(p)
            outcome = rec.outcome if rec is not None else ""
            styles.append({"flag": "bold white on red", "tie": "black on yellow"}.get(outcome))
        cells = row[:6] + [
            f"[{style}]{text}[/]" if style else text
            for style, text in zip(styles, row[6:], strict=True)
        ]
        table.add_row(*(rich_text(c) if i < 3 else c for i, c in enumerate(cells)))
    console.print(table)
    for note in notes:
        console.print(rich_text(note))
