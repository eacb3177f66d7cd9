"""``build-template``: the blank forms to hand out (SPEC 4)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .app import cli, handle_errors, lang_option

if TYPE_CHECKING:
    from ..core.period import Period
from .options import must_exist, period_option, roster_option, rules_option


@cli.command("build-template")
@roster_option("Roster (.xlsx or .toml, see init). Default: the embedded sample roster.")
@rules_option
@period_option("the quarter of today")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("."),
    show_default=True,
    help="Folder for the forms (created when missing).",
)
@click.option(
    "--split",
    is_flag=True,
    help="One scoring form, one peer form per unit, one leadership form per leader.",
)
@lang_option
@click.option(
    "--key",
    "key_file",
    type=click.Path(path_type=Path),
    help="Key file for signing (default .redflag-key here; created when missing). "
    "REDFLAG_SECRET wins when set.",
)
@click.option("--deadline", help="Hand-in deadline shown on the instructions sheet.")
@click.option(
    "--only",
    multiple=True,
    metavar="CODE",
    help="Write only these forms (unit or leader codes, or 'scoring'; repeatable), byte for "
    "byte as a full build writes them: to re-issue a lost form. Implies --split.",
)
@click.option(
    "--history",
    "history_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="History ledger: fill in the baseline satisfaction with last quarter's rates "
    "(still editable).",
)
@click.option(
    "--register",
    "with_register",
    is_flag=True,
    help="Also write the quarter's inspection register, which the inspectors fill event by "
    "event through the quarter.",
)
@handle_errors
def build_template(
    roster_path: Path | None,
    rules_path: Path | None,
    period: str | None,
    out_dir: Path,
    split: bool,
    lang: str | None,
    key_file: Path | None,
    deadline: str | None,
    only: tuple[str, ...],
    history_path: Path | None,
    with_register: bool,
) -> None:
    """Write the blank, signed forms for a quarter.

    \b
    One workbook 红旗评选_<period>.xlsx (填表说明, 服务质量考核, 单位互评, 领导评议),
    or with --split one form per rater; with --register also the inspection register
    检查记录台账_<period>.xlsx.  Examples:
      python -m redflag_xlsx build-template --roster roster.xlsx --period 2026Q4 --out forms --split
      python -m redflag_xlsx build-template --roster roster.xlsx --period 2026Q4 --only JG03
      python -m redflag_xlsx build-template --period 2026Q4 --out forms --register
    """
    from ..core.i18n import current_lang, t
    from ..core.period import Period
    from ..core.roster import Roster
    from ..core.rules import Rules
    from ..forms.templates import build_templates
    from ..xlsx.signing import DEFAULT_KEY_FILE, ENV_VAR, load_key

    lang = current_lang(lang)
    must_exist(roster_path, rules_path)
    roster = Roster.load(roster_path) if roster_path else Roster.sample()
    rules = Rules.load(rules_path) if rules_path else Rules.default()
    rules.check_roster(roster)
    quarter = Period.parse(period) if period else Period.today()
    key_path = key_file or DEFAULT_KEY_FILE
    creating = not os.environ.get(ENV_VAR, "").strip() and not key_path.exists()
    key = load_key(key_path, create=True)
    if creating:
        click.echo(t("tpl_cli_key_created", lang, file=key_path))
    baselines = None
    if history_path is not None and rules.satisfaction_baseline == "fixed":
        # last quarter's rates typed in would override the roster's fixed baselines (SPEC 2.1)
        click.echo(t("tpl_cli_baselines_fixed", lang))
    elif history_path is not None:
        baselines = _last_rates(history_path, quarter)
        key_text = "tpl_cli_baselines" if baselines else "tpl_cli_no_baselines"
        previous = quarter.previous()
        click.echo(t(key_text, lang, file=history_path, period=previous, n=len(baselines)))
    paths = build_templates(
        roster,
        quarter,
        out_dir,
        rules=rules,
        split=split,
        lang=lang,
        key=key,
        deadline=deadline,
        only=only,
        baselines=baselines,
        protect=[p for p in (roster_path, rules_path, key_path, history_path) if p is not None],
    )
    click.echo(t("tpl_cli_wrote", lang, n=len(paths)))
    for path in paths:
        click.echo(str(path))
    if with_register:
        from ..forms.register import build_register

        written = build_register(roster, quarter, out_dir, rules=rules, lang=lang, key=key)
        click.echo(t("tpl_cli_register", lang, path=written))


def _last_rates(ledger_path: Path, quarter: Period) -> dict[str, float]:
    """Each unit's 本期满意率 of the quarter before ``quarter``, from the ledger."""
    from ..ledger.store import Ledger

    with Ledger(ledger_path, create=False) as ledger:
        history = ledger.history(before=quarter)
    return dict(history.satisfaction.get(str(quarter.previous()), {}))
