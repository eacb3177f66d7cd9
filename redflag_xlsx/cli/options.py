"""The arguments and options several commands share, defined once.

Each is a click decorator (or a function making one, where the help says a command's own
default).  Their Chinese help is ``help.opt.<name>`` in the catalog, or ``help.<command>.<name>``
where a command says more (see :func:`redflag_xlsx.cli.localize_help`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from ..core.roster import Roster
    from ..core.rules import Rules

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]

# The filled forms to read (validate, tally).
paths_argument: Decorator = click.argument(
    "paths", nargs=-1, required=True, type=click.Path(path_type=Path)
)
recursive_option: Decorator = click.option(
    "-r", "--recursive", is_flag=True, help="Also read the sub-folders of folders."
)
annotate_option: Decorator = click.option(
    "--annotate",
    "annotate_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write copies of the files with findings into this folder: offending cells red, "
    "the message as a comment.",
)
# The key that checks the forms' signatures (validate, tally); build-template signs with its own.
check_key_option: Decorator = click.option(
    "--key",
    "key_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Key file to check the signatures (default .redflag-key here; REDFLAG_SECRET wins).",
)
rules_option: Decorator = click.option(
    "--rules", "rules_path", type=click.Path(path_type=Path), help="Rules file (TOML)."
)


def period_option(default: str) -> Decorator:
    """``--period``; ``default`` says what the command uses without it."""
    return click.option("--period", help=f"Quarter, e.g. 2026Q4. Default: {default}.")


def roster_option(
    text: str = "Roster (.xlsx or .toml). Default: the one the scoring workbook was made from.",
) -> Decorator:
    """``--roster`` (read with ``Roster.load``), with the command's ``text`` as its help."""
    return click.option("--roster", "roster_path", type=click.Path(path_type=Path), help=text)


def given_inputs(
    rules_path: Path | None, roster_path: Path | None, key_file: Path | None
) -> tuple[Rules, Roster | None, bytes | None]:
    """What ``--rules``, ``--roster`` and the checking ``--key`` name (validate, tally): the
    rules (the seed's without the option), the roster and the key (``None``: from the forms,
    and the default key file or ``REDFLAG_SECRET``)."""
    from ..core.roster import Roster
    from ..core.rules import Rules
    from ..xlsx.signing import load_key

    must_exist(rules_path, roster_path)
    return (
        Rules.load(rules_path) if rules_path else Rules.default(),
        Roster.load(roster_path) if roster_path else None,
        load_key(key_file) if key_file else None,
    )


def must_exist(*paths: Path | None) -> None:
    """A path named on the command line that does not exist is a usage error (exit 2)."""
    from ..core.errors import UsageError
    from ..core.messages import Msg

    for path in paths:
        if path is not None and not path.exists() and not path.is_symlink():
            raise UsageError(Msg("path_not_found", path=path))


# The documents (tally, report): 公示, 成绩通知单, 奖金发放表 as PDF beside the results (SPEC 13).
def document_date(value: str | None) -> Any:
    """``--date`` as a date: 2027-01-05 (also 2027/1/5, 2027.1.5, 2027年1月5日, 20270105);
    anything else is a usage error (exit 2) with the catalog's message.  None: not given."""
    if value is None:
        return None
    from ..core.dates import read_date
    from ..core.errors import UsageError
    from ..core.messages import Msg

    reading = read_date(value.strip())
    if reading.value is None:
        raise UsageError(Msg("opt_bad_date", value=value))
    return reading.value


def document_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--pdf``, ``--date`` and ``--font``."""
    for option in reversed(
        (
            click.option(
                "--pdf",
                is_flag=True,
                help="Also write the announcement, each unit's statement and the payout list as "
                "PDF beside the results.",
            ),
            click.option(
                "--date",
                "doc_date",
                metavar="YYYY-MM-DD",
                help="Date of the announcement (default: today); the objection period starts "
                "on it.",
            ),
            click.option(
                "--font",
                "font_path",
                type=click.Path(path_type=Path),
                help="Chinese font file for the PDFs (default: a system font).",
            ),
        )
    ):
        command = option(command)
    return command
