"""``tally``: the filled forms -> the results workbook, the ranking and the history (SPEC 6, 7, 9).

Read every form (:func:`reader.read_submissions`), score the quarter (:func:`scoring.tally`,
with earlier quarters from the history ledger), write the results workbook
(:func:`results.write_results`) and record the quarter in the ledger.  Errors in the input: the
findings are shown and nothing is written (exit 1), unless ``--allow-errors`` asks for a draft,
which is written but never recorded (still exit 1).  Warnings: shown, and kept in 校验问题.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .app import EXIT_INPUT, cli, handle_errors, lang_option
from .options import (
    annotate_option,
    check_key_option,
    document_date,
    document_options,
    given_inputs,
    paths_argument,
    period_option,
    recursive_option,
    roster_option,
    rules_option,
)

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from ..workflow import Progress as ProgressCallback

PROGRESS_MIN_FILES = 5  # fewer files read in a blink: no progress bar


@cli.command("tally")
@paths_argument
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="Results file (.xlsx) or folder (created when missing). Default: the current folder.",
)
@period_option("that of the scoring workbook")
@roster_option()
@rules_option
@click.option(
    "--history",
    "history_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="History ledger (SQLite). Default: redflag_history.db beside the results.",
)
@click.option(
    "--no-history", is_flag=True, help="Use no ledger: every winner's streak is 1, nothing kept."
)
@click.option(
    "--award",
    "awards",
    multiple=True,
    metavar="CODE",
    help="The leaders' decision for a tie: this unit gets the flag (repeatable).",
)
@click.option(
    "--reason",
    help="Why the inputs changed since the ledger's last revision of this quarter (an appeal's "
    "outcome, a corrected form): required when they did.",
)
@annotate_option
@click.option("--force", is_flag=True, help="Replace an existing results file.")
@click.option(
    "--allow-errors",
    is_flag=True,
    help="Write a draft even when the input has errors (not recorded in the history).",
)
@document_options
@check_key_option
@recursive_option
@lang_option
@handle_errors
def tally_command(
    paths: tuple[Path, ...],
    out: Path | None,
    period: str | None,
    roster_path: Path | None,
    rules_path: Path | None,
    history_path: Path | None,
    no_history: bool,
    awards: tuple[str, ...],
    reason: str | None,
    annotate_dir: Path | None,
    force: bool,
    allow_errors: bool,
    pdf: bool,
    doc_date: str | None,
    font_path: Path | None,
    key_file: Path | None,
    recursive: bool,
    lang: str | None,
) -> None:
    """Tally the filled forms: results workbook, ranking per site, history.

    Reads files and folders (every .xlsx/.xlsm; -r for sub-folders), writes
    红旗评选结果_<period>.xlsx (live formulas, winners, rewards, announcement) and records the
    quarter in redflag_history.db beside it, for streaks and baselines.

    \b
    Examples:
      python -m redflag_xlsx tally 回收表格/
      python -m redflag_xlsx tally 回收表格/ --out 结果/ --force
      python -m redflag_xlsx tally 回收表格/ --award XZ03      # the leaders broke a tie
      python -m redflag_xlsx tally 回收表格/ --pdf --date 2027-01-05
    """
    from ..core.i18n import current_lang, t
    from ..workflow import run_tally
    from .output import print_issues
    from .tables import print_ranking

    lang = current_lang(lang)
    day = document_date(doc_date)
    rules, roster, key = given_inputs(rules_path, roster_path, key_file)
    with _progress(lang) as progress:
        run = run_tally(
            paths,
            out=out,
            period=period,
            roster=roster,
            rules=rules,
            history_path=history_path,
            use_history=not no_history,
            awards=awards,
            key=key,
            recursive=recursive,
            allow_errors=allow_errors,
            force=force,
            annotate_dir=annotate_dir,
            lang=lang,
            progress=progress,
            reason=reason,
            pdf=pdf,
            date=day,
            font=font_path,
        )
    if run.issues:
        print_issues(run.issues, lang=lang)
        sys.stdout.flush()  # before any message on stderr: keep the order in a log
    for path in run.annotated:
        click.echo(t("validate_annotated", lang, path=path))
    for file in run.not_annotated:
        click.echo(t("annotate_too_large", lang, file=file))
    if not run.written:
        click.echo(t("tally_not_written", lang, n=len(run.errors)), err=True)
        sys.exit(EXIT_INPUT)
    print_ranking(run.result, lang=lang)
    for site in run.result.roster.sites:
        tied = run.result.ties(site)
        if tied:
            names = t("res_list_sep", lang).join(f"{u.code} {u.name}" for u in tied)
            click.echo(t("tally_tie_hint", lang, site=site, units=names))
    click.echo(t("tally_written", lang, path=run.results_path))
    for path in run.documents:
        click.echo(t("tally_documents", lang, path=path))
    sys.stdout.flush()
    if run.errors:
        click.echo(t("tally_draft", lang, n=len(run.errors)), err=True)
        sys.exit(EXIT_INPUT)
    if run.ledger is None:
        click.echo(t("tally_no_history", lang))
    else:
        click.echo(run.ledger.describe(lang))


class _progress:
    """A progress bar while reading many files on a terminal; otherwise nothing.  The bar starts
    at the first file read, when the number of files is known."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.bar: tuple[Progress, TaskID] | None = None  # the bar and its one task, once shown

    def __enter__(self) -> ProgressCallback | None:
        return self._advance if sys.stdout.isatty() else None

    def _advance(self, done: int, total: int, file: str) -> None:
        if self.bar is None:
            if total < PROGRESS_MIN_FILES:
                return
            from rich.console import Console
            from rich.progress import Progress

            from ..core.i18n import t
            from .terminal import raw

            bar = Progress(transient=True, console=Console(file=raw(sys.stdout)))
            bar.start()
            self.bar = (bar, bar.add_task(t("tally_reading", self.lang), total=total))
        bar, task = self.bar
        bar.update(task, completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar[0].stop()
