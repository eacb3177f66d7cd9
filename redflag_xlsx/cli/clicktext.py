"""click's own words (用法, 选项, 显示帮助, its usage errors) from our one catalog.

click wraps every text it prints in :func:`gettext.gettext` / :func:`gettext.ngettext`
(``from gettext import gettext as _`` in each of its modules, the convention of the standard
library's own ``argparse``).  The usual way to translate them is a compiled ``.mo`` catalog in the
process-wide ``messages`` domain, chosen by the ``LANGUAGE``/``LANG`` environment variables.  We
choose the language per command (``--lang``, ``REDFLAG_LANG``) and keep every text in the catalog
of :mod:`redflag_xlsx.core.i18n` (see docs/maintenance.md, "One catalog"), so instead click's two
names are pointed at a :class:`gettext.NullTranslations` whose texts come from that catalog, under
the key ``click:`` + click's English text.  Nothing else of click changes; a text click adds in a
later version and the catalog lacks is shown in English, and tests/test_cli_language.py fails on
it (it lists every text click's source wraps).
"""

from __future__ import annotations

import gettext
import sys

from ..core.i18n import CATALOG, current_lang

__all__ = ["CLICK_PREFIX", "ClickTranslations", "install", "translations", "use"]

CLICK_PREFIX = "click:"


class ClickTranslations(gettext.NullTranslations):
    """Translations for click's texts: the catalog's, in the language last chosen with
    :func:`use` (else ``REDFLAG_LANG``, else Chinese).  The templates are returned unformatted:
    click fills in their ``{placeholders}`` itself."""

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None

    def _text(self, message: str, lang: str | None = None) -> str | None:
        entry = CATALOG.get(CLICK_PREFIX + message)
        if entry is None:
            return None
        zh, en = entry
        return (en or None) if current_lang(lang or self.lang) == "en" else zh

    def gettext(self, message: str) -> str:
        return self._text(message) or message

    def gettext_in(self, message: str, lang: str) -> str:
        """``message`` in ``lang``, whichever language :func:`use` chose."""
        return self._text(message, lang) or message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        english = msgid1 if n == 1 else msgid2
        return self._text(english) or self._text(msgid1) or english


translations = ClickTranslations()


def use(lang: str | None) -> None:
    """click's texts in ``lang`` from now on (``None``: ``REDFLAG_LANG``, else Chinese)."""
    translations.lang = lang


def install() -> None:
    """Point the ``_`` and ``ngettext`` of click's modules at :data:`translations`.

    The modules ``import click`` loads (core, decorators, exceptions, formatting, parser,
    types, termui, utils: every text a command line shows); click's shell completion and
    editor helpers, imported on demand, are not used here."""
    for name, module in list(sys.modules.items()):
        if name != "click" and not name.startswith("click."):
            continue
        if getattr(module, "_", None) is gettext.gettext:
            module._ = translations.gettext  # type: ignore[attr-defined]
        if getattr(module, "ngettext", None) is gettext.ngettext:
            module.ngettext = translations.ngettext  # type: ignore[attr-defined]
