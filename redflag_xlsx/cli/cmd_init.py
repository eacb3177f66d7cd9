"""``init [DIR]``: an editable roster.xlsx and a commented rules.toml to start from."""

from __future__ import annotations

from pathlib import Path

import click

from .app import cli, handle_errors, lang_option

ROSTER_FILE = "roster.xlsx"
RULES_FILE = "rules.toml"
WINNERS_FILE = "winners.xlsx"  # earlier winners, for history --import (SPEC 2.4)


@cli.command("init")
@click.argument("directory", required=False, default=".", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite roster.xlsx and rules.toml if they exist.")
@lang_option
@handle_errors
def init(directory: Path, force: bool, lang: str | None) -> None:
    """Write roster.xlsx (the sample roster) and rules.toml (the seed rules) to edit, and
    winners.xlsx for the winners of quarters before the tool was used (history --import).

    \b
    Nothing is overwritten without --force.  Example:
      python -m redflag_xlsx init quarter-setup
      python -m redflag_xlsx build-template --roster quarter-setup/roster.xlsx \\
          --rules quarter-setup/rules.toml
    """
    import os

    from ..core.errors import OutputError, UsageError, os_reason
    from ..core.i18n import current_lang, t
    from ..core.messages import Msg
    from ..core.roster import Roster
    from ..core.rules import Rules
    from ..core.rules_toml import render
    from ..forms.templates import write_roster_workbook
    from ..forms.winners_workbook import write_winners_template
    from ..xlsx.files import place_new, write_temp

    lang = current_lang(lang)
    roster_path, rules_path = directory / ROSTER_FILE, directory / RULES_FILE
    winners_path = directory / WINNERS_FILE
    if not force:
        for path in (roster_path, rules_path, winners_path):
            if path.exists():
                raise UsageError(Msg("init_exists", file=path))
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        detail = os_reason(exc)
        raise OutputError(t("out_dir_failed", lang, dir=directory, detail=detail)) from None
    # each file created exclusively without --force: a race with another run never overwrites
    try:
        write_roster_workbook(Roster.sample(), roster_path, lang=lang, replace=force)
    except FileExistsError:
        raise UsageError(Msg("init_exists", file=roster_path)) from None
    text = render(Rules.default(), lang)
    try:
        tmp = write_temp(rules_path, lambda p: p.write_text(text, encoding="utf-8"))
        if force:
            os.replace(tmp, rules_path)
        else:
            try:
                place_new(tmp, rules_path)
            except FileExistsError:
                tmp.unlink(missing_ok=True)
                roster_path.unlink(missing_ok=True)  # written just now: nothing half done
                raise UsageError(Msg("init_exists", file=rules_path)) from None
    except OSError as exc:
        detail = os_reason(exc)
        raise OutputError(t("out_write_failed", lang, file=rules_path, detail=detail)) from None
    try:
        write_winners_template(winners_path, lang=lang, replace=force)
    except FileExistsError:
        roster_path.unlink(missing_ok=True)  # written just now: nothing half done
        rules_path.unlink(missing_ok=True)
        raise UsageError(Msg("init_exists", file=winners_path)) from None
    for path in (roster_path, rules_path, winners_path):
        click.echo(t("init_wrote", lang, file=path))
    click.echo(t("init_next", lang, roster=roster_path, rules=rules_path))
