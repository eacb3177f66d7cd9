"""The quarter that ``serve DIR`` takes uploads for, told by the blank forms in ``DIR``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core.errors import ConfigError, InputError
from ..core.messages import Msg
from ..core.roster import Roster
from ..core.rules import Rules
from ..intake.inbox import INBOX_DIR
from ..intake.reader import read_submissions
from ..ledger.store import default_ledger_path
from ..results.writer import results_path
from ..returns import Layout, returns_of
from ..xlsx import signing

__all__ = ["Quarter", "load_quarter"]


@dataclass(frozen=True)
class Quarter:
    """One quarter's intake: its folder, period, roster, rules, key and layout (combined or
    split).  Picklable: it is handed to the child process that checks an upload."""

    folder: Path
    period: str
    roster: Roster
    rules: Rules
    key: bytes
    layout: Layout
    history: Path | None = None  # the ledger that gives blank baselines, as validate finds it

    @property
    def inbox(self) -> Path:
        return self.folder / INBOX_DIR


def load_quarter(
    folder: str | Path,
    *,
    rules: Rules | None = None,
    key: bytes | None = None,
) -> Quarter:
    """The quarter of the blank forms in ``folder`` (as ``build-template --out`` wrote them):
    their period and roster, and split when they are split forms.  Raises
    :class:`ConfigError` when there is no key (uploads could not be checked), no form, or a
    form that is not of the same quarter or not signed with the key.  The ledger is the one
    ``validate`` run here would use (``redflag_history.db`` in the working folder), if any."""
    folder = Path(folder)
    rules = rules or Rules.default()
    key = key if key is not None else signing.load_key()
    if key is None:
        raise ConfigError(Msg("serve_no_key"))
    try:
        sub = read_submissions([folder], rules=rules, key=key)
    except InputError:
        raise ConfigError(Msg("serve_no_forms", dir=folder)) from None
    returns = returns_of(sub, sub.issues, rules)
    strays = [o for o in returns.others if o.reason == "not_this_quarter"]
    if strays:
        first = strays[0]
        detail = next((i.msg() for i in first.issues if i.is_error), "-")
        raise ConfigError(Msg("serve_bad_form", dir=folder, file=first.file, detail=detail))
    if not sub.kinds:
        raise ConfigError(Msg("serve_no_forms", dir=folder))
    ledger = default_ledger_path(results_path(sub.period, Path.cwd())).absolute()
    return Quarter(
        folder=folder,
        period=sub.period,
        roster=sub.roster,
        rules=rules,
        key=key,
        layout=returns.layout,
        history=ledger if ledger.is_file() else None,
    )
