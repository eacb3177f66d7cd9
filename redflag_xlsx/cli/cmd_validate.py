"""``validate``: check the filled forms and say exactly what is wrong and where (SPEC 5)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .app import EXIT_INPUT, cli, handle_errors, lang_option
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
    help="History ledger whose last quarter gives blank baselines. Default: the one tally "
    "uses without --out, redflag_history.db in the current folder (when it exists).",
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
    from ..workflow import assess
    from .output import issues_json, print_issues

    lang = current_lang(lang)
    rules, roster, key = given_inputs(rules_path, roster_path, key_file)
    found = assess(
        paths,
        period=period,
        roster=roster,
        rules=rules,
        history_path=history_path,
        key=key,
        recursive=recursive,
    )
    issues = found.findings(partial=partial)
    if annotate_dir is not None:
        from ..intake.annotate import annotate

        not_copied: list[str] = []
        copies = annotate(
            issues, annotate_dir, lang=lang, avoid=found.inputs, not_copied=not_copied
        )
        for path in copies:
            click.echo(t("validate_annotated", lang, path=path), err=as_json)
        for file in not_copied:
            click.echo(t("annotate_too_large", lang, file=file), err=as_json)
    if as_json:
        analysis = found.analysis.rendered(lang) if found.analysis and not partial else None
        click.echo(issues_json(issues, found.submission.files, lang, rater_analysis=analysis))
    else:
        click.echo(t("out_checked", lang, n=len(found.submission.files)))
        # where blank baselines came from: the ledger used, or why they could not be filled
        if found.history_used:
            click.echo(t("validate_history_used", lang, file=found.ledger_path))
        elif any(i.code == "W_BASELINE_MISSING" for i in issues):
            click.echo(t("validate_history_none", lang, file=found.ledger_path))
        print_issues(issues, lang=lang)
    if any(i.is_error for i in issues):
        sys.exit(EXIT_INPUT)
