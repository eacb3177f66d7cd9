"""The quarter that ``serve DIR`` takes uploads for, told by the blank forms in ``DIR``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import signing
from ..errors import ConfigError, InputError
from ..i18n import t
from ..inbox import INBOX_DIR
from ..reader import read_submissions
from ..returns import Layout, returns_of
from ..roster import Roster
from ..rules import Rules

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

    @property
    def inbox(self) -> Path:
        return self.folder / INBOX_DIR


def load_quarter(
    folder: str | Path,
    *,
    rules: Rules | None = None,
    key: bytes | None = None,
    lang: str | None = None,
) -> Quarter:
    """The quarter of the blank forms in ``folder`` (as ``build-template --out`` wrote them):
    their period and roster, and split when they are split forms.  Raises
    :class:`ConfigError` when there is no key (uploads could not be checked), no form, or a
    form that is not of the same quarter or not signed with the key."""
    folder = Path(folder)
    rules = rules or Rules.default()
    key = key if key is not None else signing.load_key()
    if key is None:
        raise ConfigError(t("serve_no_key", lang))
    try:
        sub = read_submissions([folder], rules=rules, key=key, lang=lang)
    except InputError:
        raise ConfigError(t("serve_no_forms", lang, dir=folder)) from None
    returns = returns_of(sub, sub.issues, rules)
    strays = [o for o in returns.others if o.reason == "not_this_quarter"]
    if strays:
        first = strays[0]
        detail = next((i.message for i in first.issues if i.is_error), "-")
        raise ConfigError(t("serve_bad_form", lang, dir=folder, file=first.file, detail=detail))
    if not sub.kinds:
        raise ConfigError(t("serve_no_forms", lang, dir=folder))
    return Quarter(
        folder=folder,
        period=sub.period,
        roster=sub.roster,
        rules=rules,
        key=key,
        layout=returns.layout,
    )
