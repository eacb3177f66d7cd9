"""``init [DIR]``: an editable roster.xlsx and a commented rules.toml to start from."""

from __future__ import annotations

from pathlib import Path

import click

from . import cli, handle_errors, lang_option

ROSTER_FILE = "roster.xlsx"
RULES_FILE = "rules.toml"


@cli.command("init")
@click.argument("directory", required=False, default=".", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite roster.xlsx and rules.toml if they exist.")
@lang_option
@handle_errors
def init(directory: Path, force: bool, lang: str | None) -> None:
    """Write roster.xlsx (the sample roster) and rules.toml (the seed rules) to edit.

    \b
    Nothing is overwritten without --force.  Example:
      python -m redflag_xlsx init quarter-setup
      python -m redflag_xlsx build-template --roster quarter-setup/roster.xlsx \\
          --rules quarter-setup/rules.toml
    """
    import os

    from ..core.errors import ConfigError, OutputError, os_reason
    from ..core.i18n import current_lang, t
    from ..core.roster import Roster
    from ..core.rules import Rules
    from ..core.rules_toml import render
    from ..forms.templates import write_roster_workbook

    lang = current_lang(lang)
    roster_path, rules_path = directory / ROSTER_FILE, directory / RULES_FILE
    if not force:
        for path in (roster_path, rules_path):
            if path.exists():
                raise ConfigError(t("init_exists", lang, file=path))
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        detail = os_reason(exc)
        raise OutputError(t("out_dir_failed", lang, dir=directory, detail=detail)) from None
    write_roster_workbook(Roster.sample(), roster_path, lang=lang)
    tmp = rules_path.with_name(f".{RULES_FILE}.{os.getpid()}.tmp")
    try:
        tmp.write_text(render(Rules.default(), lang), encoding="utf-8")
        os.replace(tmp, rules_path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        detail = os_reason(exc)
        raise OutputError(t("out_write_failed", lang, file=rules_path, detail=detail)) from None
    for path in (roster_path, rules_path):
        click.echo(t("init_wrote", lang, file=path))
    click.echo(t("init_next", lang, roster=roster_path, rules=rules_path))
