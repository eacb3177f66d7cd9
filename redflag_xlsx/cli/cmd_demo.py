"""``demo``: the whole flow on the embedded sample roster, in one command."""

from __future__ import annotations

from pathlib import Path

import click

from .app import EXIT_INPUT, cli, handle_errors, lang_option
from .options import period_option


@cli.command("demo")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("redflag-demo"),
    show_default=True,
    help="Folder for the forms, the filled forms, the results and the history.",
)
@period_option("this quarter")
@click.option("--split", is_flag=True, help="One form per unit and per leader.")
@lang_option
@handle_errors
def demo_command(out: Path, period: str | None, split: bool, lang: str | None) -> None:
    """Run a whole quarter on the sample roster: build, fill, status, tally, PDFs.

    Writes the blank forms (forms/), the same forms filled with sample data (filled/), the
    results workbook, the history ledger and the announcement, statements and payout list as
    PDF into --out; prints the returns table while the forms come in, the findings, the
    ranking per site and what it wrote.  Running it again replaces that quarter.

    \b
    Example:
      python -m redflag_xlsx demo --out demo-out
    """
    from ..core.i18n import current_lang, t
    from ..demo import run_demo
    from .cmd_status import print_returns
    from .output import print_issues
    from .tables import print_ranking

    lang = current_lang(lang)
    run = run_demo(out, period=period, split=split, lang=lang)
    click.echo(t("demo_forms", lang, n=len(run.forms), dir=run.forms[0].parent))
    if run.returns_midway is not None:  # what `status` shows while the forms come in
        click.echo(t("demo_status_midway", lang))
        print_returns(run.returns_midway, lang=lang)
    click.echo(t("demo_filled", lang, n=len(run.filled), dir=run.filled[0].parent))
    tallied = run.tally
    if tallied.issues:
        print_issues(tallied.issues, lang=lang)
    if not tallied.written:  # the sample data never has errors; this would be a bug in them
        raise SystemExit(EXIT_INPUT)
    if run.returns is not None:
        click.echo(run.returns.summary(lang))
    print_ranking(tallied.result, lang=lang)
    click.echo(t("tally_written", lang, path=tallied.results_path))
    for path in run.documents:
        click.echo(t("tally_documents", lang, path=path))
    if run.pdf_skipped:
        click.echo(t("demo_no_font", lang))
    if tallied.ledger is not None:
        click.echo(tallied.ledger.describe(lang))
