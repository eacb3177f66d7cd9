"""``approve``: the leaders' approval (审定) of a tallied quarter, from the ledger alone (SPEC 12).

The proposal is the latest tally of the period; ``--award`` decides a tie or (with
``--reason``) gives a flag outside the proposal, ``--withhold`` (with ``--reason``) takes a
proposed winner's flag away.  The approval is a new revision in the ledger; the results
workbook is written again.  Every refusal is one message, exit 2, nothing changed.
"""

from __future__ import annotations

from pathlib import Path

import click

from .app import cli, handle_errors, lang_option


@cli.command("approve")
@click.argument("period")
@click.option(
    "--award",
    "awards",
    multiple=True,
    metavar="CODE",
    help="This unit gets the flag: decides a tie, or (with --reason) departs from the "
    "ranking (repeatable).",
)
@click.option(
    "--withhold",
    "withholds",
    multiple=True,
    metavar="CODE",
    help="This proposed winner does not get the flag (needs --reason; repeatable).",
)
@click.option("--reason", help="Why (required when the approval departs from the ranking).")
@click.option(
    "--history",
    "history_path",
    type=click.Path(path_type=Path),
    help="The ledger file (default: redflag_history.db here).",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the results workbook written again (default: the ledger's folder).",
)
@lang_option
@handle_errors
def approve_command(
    period: str,
    awards: tuple[str, ...],
    withholds: tuple[str, ...],
    reason: str | None,
    history_path: Path | None,
    out: Path | None,
    lang: str | None,
) -> None:
    """Record the leaders' approval of a quarter, from the history ledger alone.

    --award decides a tie; a flag for a unit outside the proposal (--award) or a proposed
    winner's flag withheld (--withhold) needs --reason.  The approval is a new revision of the
    quarter; later streaks follow it; the results workbook is written again.

    \b
    Examples:
      python -m redflag_xlsx approve 2026Q4 --history 结果/redflag_history.db
      python -m redflag_xlsx approve 2026Q4 --history 结果/redflag_history.db --award XZ03
    """
    from ..core.errors import ConfigError, UsageError
    from ..core.i18n import current_lang, t
    from ..core.messages import Msg
    from ..core.period import Period
    from ..ledger.store import LEDGER_FILENAME
    from ..workflow import approve
    from .tables import print_ranking

    lang = current_lang(lang)
    try:
        period = str(Period.parse(period))
    except ConfigError:
        raise UsageError(Msg("period_bad", value=period)) from None
    run = approve(
        period,
        history_path=history_path or Path(LEDGER_FILENAME),
        awards=awards,
        withholds=withholds,
        reason=reason,
        out=out,
        lang=lang,
    )
    print_ranking(run.result, lang=lang)
    for d in run.result.decisions:
        unit = run.result.unit(d.unit)
        key = "approve_award" if d.action == "award" else "approve_withhold"
        click.echo(t(key, lang, code=unit.code, name=unit.name, reason=d.reason))
    click.echo(t("tally_written", lang, path=run.results_path))
    click.echo(run.ledger.describe(lang))
