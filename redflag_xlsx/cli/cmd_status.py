"""``status``: who has sent what this quarter, form by form (SPEC 11)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING

import click

from .app import EXIT_INPUT, cli, handle_errors, lang_option
from .options import (
    check_key_option,
    given_inputs,
    paths_argument,
    period_option,
    recursive_option,
    roster_option,
    rules_option,
)

if TYPE_CHECKING:
    from ..returns import OtherFile, Returns


@cli.command("status")
@paths_argument
@recursive_option
@click.option("--json", "as_json", is_flag=True, help="Print the table as JSON.")
@period_option("that of the scoring workbook")
@roster_option()
@rules_option
@check_key_option
@lang_option
@handle_errors
def status(
    paths: tuple[Path, ...],
    recursive: bool,
    as_json: bool,
    period: str | None,
    roster_path: Path | None,
    rules_path: Path | None,
    key_file: Path | None,
    lang: str | None,
) -> None:
    """Returns: every form the quarter expects, received or not, with its state.

    Reads files and folders as validate does (-r for sub-folders; an intake page's inbox
    gives only each rater's newest upload), changes nothing, and exits with 0 when every
    form is in and none has an error (warnings allowed), 1 otherwise.

    \b
    Examples:
      python -m redflag_xlsx status 回收表格/
      python -m redflag_xlsx status 下发表格/收件箱 -r --json
    """
    from ..core.i18n import current_lang
    from ..returns import read_returns

    lang = current_lang(lang)
    rules, roster, key = given_inputs(rules_path, roster_path, key_file)
    returns = read_returns(
        paths, roster=roster, period=period, rules=rules, key=key, recursive=recursive
    )
    if as_json:
        click.echo(returns.to_json(lang))
    else:
        print_returns(returns, lang=lang)
    if not returns.ready:
        sys.exit(EXIT_INPUT)


def returns_rows(returns: Returns, lang: str) -> list[tuple[str, ...]]:
    """The table's rows as text: form, rater, state, errors, warnings, files."""
    from ..core.i18n import t
    from ..returns import form_label

    rows: list[tuple[str, ...]] = []
    for form in returns.forms:
        missing = form.state == "missing"
        rows.append(
            (
                form_label(form.kind, None, lang),
                f"{form.rater} {form.name}" if form.rater else "—",
                t(f"returns_state_{form.state}", lang),
                "—" if missing else str(form.errors),
                "—" if missing else str(form.warnings),
                t("res_list_sep", lang).join(form.files) or "—",
            )
        )
    return rows


def print_returns(returns: Returns, *, lang: str, stream: IO[str] | None = None) -> None:
    """The table as plain aligned lines, the other files, general findings, the summary."""
    from rich.cells import cell_len

    from ..core.i18n import t
    from .output import print_issues

    stream = stream or sys.stdout
    columns = ("form", "rater", "state", "errors", "warnings", "files")
    headers = tuple(t(f"returns_col_{k}", lang) for k in columns)
    rows = [headers, *returns_rows(returns, lang)]
    widths = [max(cell_len(row[i]) for row in rows) for i in range(len(headers))]
    title = t(
        "returns_title",
        lang,
        period=returns.period,
        layout=t(f"returns_layout_{returns.layout}", lang),
        expected=returns.expected,
    )
    out = [title]
    for row in rows:
        cells = []
        for i, text in enumerate(row):
            pad = " " * (widths[i] - cell_len(text))
            cells.append(pad + text if i in (3, 4) else text + pad)
        out.append(("  " + "  ".join(cells)).rstrip())
    _write(stream, "\n".join(out) + "\n")
    if returns.others:
        lines = [t("returns_others", lang)]
        for other in returns.others:
            if other.reason == "not_expected":
                what = t("returns_other_not_expected", lang, form=_other_label(other, lang))
            else:
                errors = [i.text(lang) for i in other.issues if i.is_error]
                what = t("res_reason_sep", lang).join(errors) or "—"
            lines.append("  " + t("returns_other_line", lang, file=other.file, what=what))
        _write(stream, "\n".join(lines) + "\n")
    shown = [i for i in returns.general if i.code in ("W_UNSIGNED", "E_ROSTER_MISMATCH")]
    if shown:
        print_issues(shown, lang=lang, stream=stream, rich=False, show_summary=False)
    _write(stream, returns.summary(lang) + "\n")


def _other_label(other: OtherFile, lang: str) -> str:
    from ..returns import form_label

    return form_label(other.kind or "", other.rater, lang)


def _write(stream: IO[str], text: str) -> None:
    try:
        stream.write(text)
    except UnicodeEncodeError:  # a legacy console code page: never crash on a name
        encoding = getattr(stream, "encoding", None) or "ascii"
        stream.write(text.encode(encoding, "replace").decode(encoding))
