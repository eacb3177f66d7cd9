"""``validate``: check the filled forms and say exactly what is wrong and where (SPEC 5)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import EXIT_INPUT, cli, handle_errors, lang_option
from .options import (
    annotate_option,
    check_key_option,
    given_inputs,
    paths_argument,
    period_option,
    recursive_option,
    roster_option,
    rules_option,
)

if TYPE_CHECKING:
    from ..core.models import History

# Findings about the quarter's set of files rather than about one file (dropped by --partial).
SET_CODES = frozenset({"E_MISSING_SCORING", "W_MISSING_RATER"})


@cli.command("validate")
@paths_argument
@recursive_option
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@annotate_option
@period_option("that of the scoring workbook")
@roster_option()
@rules_option
@check_key_option
@click.option(
    "--partial",
    is_flag=True,
    help="Check only the files given, not whether the quarter is complete "
    "(no missing scoring sheet, missing raters or coverage).",
)
@click.option(
    "--history",
    "history_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="History ledger whose last quarter gives blank baselines, as tally does "
    "(tally's default is redflag_history.db beside the results).",
)
@lang_option
@handle_errors
def validate(
    paths: tuple[Path, ...],
    recursive: bool,
    as_json: bool,
    annotate_dir: Path | None,
    period: str | None,
    roster_path: Path | None,
    rules_path: Path | None,
    key_file: Path | None,
    partial: bool,
    history_path: Path | None,
    lang: str | None,
) -> None:
    """Check filled forms: every wrong cell, with file, sheet, cell and how to fix it.

    Reads files and folders (every .xlsx/.xlsm; -r for sub-folders), never changes them, and
    exits with 1 when there is an error, 0 otherwise (warnings only).

    \b
    Examples:
      python -m redflag_xlsx validate 回收表格/
      python -m redflag_xlsx validate 回收表格/ --annotate 退回修改/
      python -m redflag_xlsx validate 单位互评_2026Q4_JG02.xlsx --partial --json
    """
    from ..core.i18n import current_lang, t
    from ..core.scoring import tally
    from ..intake.reader import read_submissions
    from .output import issues_json, print_issues

    lang = current_lang(lang)
    rules, roster, key = given_inputs(rules_path, roster_path, key_file)
    sub = read_submissions(
        paths,
        roster=roster,
        period=period,
        rules=rules,
        key=key,
        recursive=recursive,
        lang=lang,
    )
    issues = sub.issues
    if partial:
        issues = [i for i in issues if i.code not in SET_CODES]
    elif not sub.errors:
        # The engine's own checks (coverage, satisfaction) once every file reads cleanly.
        issues = tally(sub, rules, _history(history_path, sub.period, lang), lang=lang).issues

    if annotate_dir is not None:
        from ..intake.annotate import annotate

        for path in annotate(issues, annotate_dir, lang=lang):
            click.echo(t("validate_annotated", lang, path=path), err=as_json)
    if as_json:
        click.echo(issues_json(issues, sub.files))
    else:
        click.echo(t("out_checked", lang, n=len(sub.files)))
        print_issues(issues, lang=lang)
    if any(i.is_error for i in issues):
        sys.exit(EXIT_INPUT)


def _history(path: Path | None, period: str, lang: str) -> History | None:
    """Earlier quarters from the ledger at ``path`` (blank baselines come from there)."""
    if path is None:
        return None
    from ..ledger.store import Ledger

    with Ledger(path, create=False, lang=lang) as ledger:
        return ledger.history(before=period)
