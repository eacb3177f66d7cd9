"""``history``: each unit's quarters, wins and current streak from the ledger (SPEC 7)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .app import EXIT_INPUT, cli, handle_errors, lang_option
from .options import roster_option

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
@click.option(
    "--import",
    "import_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Enter the winners of quarters before the tool was used (winners.xlsx from init: "
    "period, unit code, contractor); nothing is imported if any row is wrong.",
)
@roster_option("Roster to check the imported unit codes and contractors against.")
@click.option(
    "--priority-used",
    "priority_used",
    metavar="CODE",
    help="Record that the re-tender priority of this unit's contractor was used (needs --reason).",
)
@click.option("--reason", help="Why (required with --priority-used).")
@click.option(
    "--period",
    "period",
    metavar="PERIOD",
    help="Show that quarter's revisions: date, kind, reason, decisions, every changed input.",
)
@lang_option
@handle_errors
def history_cmd(
    history_path: Path | None,
    export_path: Path | None,
    force: bool,
    remove_period: str | None,
    import_path: Path | None,
    roster_path: Path | None,
    priority_used: str | None,
    reason: str | None,
    period: str | None,
    lang: str | None,
) -> None:
    """Show each unit's quarters, wins and current streak from the history ledger.

    \b
    Quarter columns show the total; ★ red flag, ☆ tie, — not rated.  Examples:
      python -m redflag_xlsx history
      python -m redflag_xlsx history --history results/redflag_history.db --export 历史记录.xlsx
      python -m redflag_xlsx history --import winners.xlsx --roster roster.xlsx
      python -m redflag_xlsx history --priority-used JG02 --reason "used at the 2027 re-tender"
    """
    from ..core.errors import UsageError
    from ..core.i18n import current_lang, t
    from ..core.messages import Msg
    from ..ledger.store import LEDGER_FILENAME, Ledger

    lang = current_lang(lang)
    if priority_used is not None and not (reason or "").strip():
        raise UsageError(Msg("prio_needs_reason"))
    path = history_path or Path(LEDGER_FILENAME)
    if import_path is not None:  # the ledger is created when missing
        _import(path, import_path, roster_path, lang)
        return
    if not path.exists() and not path.is_symlink():  # a path that does not exist: usage
        raise UsageError(Msg("ledger_missing", file=path))
    with Ledger(path, create=False) as ledger:
        if remove_period is not None:
            click.echo(ledger.remove(remove_period).describe(lang))
            return
        if priority_used is not None:
            held = ledger.mark_priority_used(priority_used, reason or "")
            click.echo(
                t(
                    "prio_marked",
                    lang,
                    unit=held.unit,
                    contractor=held.contractor,
                    earned=held.earned,
                    reason=held.reason,
                )
            )
            return
        if period is not None:
            _show_period(ledger, period, lang)
            return
        _show(ledger, lang)
        if export_path is not None:
            from ..ledger.export import export_ledger

            written = export_ledger(ledger, export_path, force=force, lang=lang)
            click.echo(t("hist_exported", lang, file=written))


def _import(ledger_path: Path, source: Path, roster_path: Path | None, lang: str) -> None:
    """``--import``: read the workbook, show its findings; store it only when none is an error
    (exit 1 then, nothing stored)."""
    from ..core.i18n import t
    from ..core.roster import Roster
    from ..intake.winners_file import read_winners
    from ..ledger.store import Ledger
    from .output import print_issues

    roster = Roster.load(roster_path) if roster_path else None
    with Ledger(ledger_path) as ledger:
        if roster is None:  # the roster of the latest tallied quarter, if any
            roster = ledger.latest_roster()
        wins, issues = read_winners(source, roster)
        info = None
        if not [i for i in issues if i.is_error]:
            info, found = ledger.import_winners(wins, str(source))
            issues += found
        errors = [i for i in issues if i.is_error]
        if issues:
            print_issues(issues, lang=lang)
        if errors:
            click.echo(t("imp_not_done", lang, file=source, n=len(errors)))
            sys.exit(EXIT_INPUT)
        if roster is None:
            click.echo(t("imp_no_roster", lang))
        assert info is not None
        click.echo(info.describe(lang))


def _show_period(ledger: Ledger, period: str, lang: str) -> None:
    """``--period``: the quarter's revisions, each with its date (UTC), kind, reason and
    decisions, and one line per changed input (SPEC 7)."""
    from ..core.errors import ConfigError, UsageError
    from ..core.i18n import t
    from ..core.messages import Msg
    from ..core.period import Period
    from ..ledger.case import change_msg, decision_msg, item_labels

    try:
        period = str(Period.parse(period))
    except ConfigError:
        raise UsageError(Msg("period_bad", value=period)) from None
    revisions = ledger.revisions(period).get(period)
    if not revisions:
        raise UsageError(Msg("ledger_not_recorded", file=ledger.path, period=period))
    labels = item_labels(ledger.period_rules(period))
    state = t(f"state_{ledger.state(period)}", lang)
    without_inputs = ledger.revisions_without_inputs(period)
    click.echo(
        t("hist_rev_head", lang, period=period, file=ledger.path, count=len(revisions), state=state)
    )
    for rev in revisions:
        kind = t(f"rev_kind_{rev.kind}", lang)
        click.echo(t("hist_rev_line", lang, n=rev.number, at=_utc_text(rev.at), kind=kind))
        if rev.reason:
            click.echo("  " + t("hist_rev_reason", lang, reason=rev.reason))
        if rev.decisions:
            text = t("res_list_sep", lang).join(decision_msg(d).render(lang) for d in rev.decisions)
            click.echo("  " + t("hist_rev_decisions", lang, decisions=text))
        if rev.changes:
            click.echo("  " + t("hist_rev_changes", lang, count=len(rev.changes)))
            for change in rev.changes:
                click.echo("    " + change_msg(change, labels).render(lang))
        elif rev.number in without_inputs:
            click.echo("  " + t("hist_rev_no_inputs", lang))


def _utc_text(at: str) -> str:
    """An ISO timestamp as ``2026-12-02 12:30 UTC``."""
    return at.replace("T", " ")[:16] + " UTC" if "T" in at else at


def _show(ledger: Ledger, lang: str) -> None:
    from ..core.i18n import t

    imported = {p.period for p in ledger.imported_periods()}  # winners only
    periods = sorted({p.period for p in ledger.periods()} | imported)
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
    if imported:
        notes.append(t("hist_legend_imported", lang))
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
        return "★" if period in unit.imported else "—"
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
            outcome = rec.outcome if rec is not None else "flag" if p in unit.imported else ""
            styles.append({"flag": "bold white on red", "tie": "black on yellow"}.get(outcome))
        cells = row[:6] + [
            f"[{style}]{text}[/]" if style else text
            for style, text in zip(styles, row[6:], strict=True)
        ]
        table.add_row(*(rich_text(c) if i < 3 else c for i, c in enumerate(cells)))
    console.print(table)
    for note in notes:
        console.print(rich_text(note))
