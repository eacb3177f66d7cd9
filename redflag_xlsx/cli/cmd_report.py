"""``report``: a tallied quarter rendered again from the ledger alone (SPEC 12) -- the results
workbook and, with ``--pdf``, the 公示, the statements and the payout list, as the quarter's
latest revision stands.  No forms are needed; nothing is written to the ledger.
"""

from __future__ import annotations

from pathlib import Path

import click

from .app import cli, handle_errors, lang_option
from .options import document_date, document_options


@cli.command("report")
@click.argument("period")
@click.option(
    "--history",
    "history_path",
    type=click.Path(path_type=Path),
    help="The ledger file (default: redflag_history.db here).",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the files written (default: the ledger's folder).",
)
@document_options
@lang_option
@handle_errors
def report_command(
    period: str,
    history_path: Path | None,
    out: Path | None,
    pdf: bool,
    doc_date: str | None,
    font_path: Path | None,
    lang: str | None,
) -> None:
    """Write a quarter's results again from the history ledger alone (no forms needed).

    The results workbook (with 修订记录) and, with --pdf, the announcement, each unit's
    statement and the payout list, as the quarter's latest revision stands (proposed or
    approved).  Files this program wrote before are replaced; the ledger is not changed.

    \b
    Examples:
      python -m redflag_xlsx report 2026Q4 --history 结果/redflag_history.db --pdf
      python -m redflag_xlsx report 2026Q4 --history 结果/redflag_history.db --out 补印 --pdf
    """
    from ..core.errors import ConfigError, UsageError
    from ..core.i18n import current_lang, t
    from ..core.messages import Msg
    from ..core.period import Period
    from ..ledger.store import LEDGER_FILENAME
    from ..workflow import report
    from .tables import print_ranking

    lang = current_lang(lang)
    try:
        period = str(Period.parse(period))
    except ConfigError:
        raise UsageError(Msg("period_bad", value=period)) from None
    day = document_date(doc_date)
    run = report(
        period,
        history_path=history_path or Path(LEDGER_FILENAME),
        out=out,
        pdf=pdf,
        date=day,
        font=font_path,
        lang=lang,
    )
    print_ranking(run.result, lang=lang)
    state = "report_state_approved" if run.case.approved else "report_state_proposed"
    click.echo(t(state, lang, period=period, n=run.case.revisions[-1].number))
    for path in run.paths:
        click.echo(t("tally_written", lang, path=path))
