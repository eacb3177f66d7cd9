"""Texts not yet rendered: a catalog key with its parameters (:class:`Msg`), a text in both
languages (:class:`Texts`), several of them shown as one (:class:`Joined`).  Kept apart from the
catalog (:mod:`.i18n`) so that reading the catalog does not import :mod:`dataclasses` (the
top-level ``--help``, docs/performance.md)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .i18n import Unrendered, current_lang, t

__all__ = ["Joined", "Msg", "Texts"]


@dataclass(frozen=True)
class Msg(Unrendered):
    """A catalog text not yet rendered: its key and parameters.  Findings and errors carry these
    and the edges (the command line, the workbooks, the web page) render them in the language
    the user chose, so nothing below them needs to know it."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __init__(self, key: str, /, **params: Any) -> None:
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "params", params)

    def render(self, lang: str | None = None) -> str:
        return t(self.key, lang, **self.params)

    def __hash__(self) -> int:
        return hash((self.key, tuple(self.params)))

    def __str__(self) -> str:
        return self.render()


@dataclass(frozen=True)
class Texts(Unrendered):
    """A text that is not in the catalog but exists in both languages (a column header built
    from a rules file's item labels, say): rendered like a :class:`Msg`."""

    zh: str
    en: str

    def render(self, lang: str | None = None) -> str:
        return self.en if current_lang(lang) == "en" else self.zh

    def __str__(self) -> str:
        return self.render()


@dataclass(frozen=True)
class Joined(Unrendered):
    """Several texts shown as one (lines of a message), each rendered in the same language."""

    parts: tuple[Msg | Texts | str, ...]
    sep: str = "\n"

    def render(self, lang: str | None = None) -> str:
        return self.sep.join(p if isinstance(p, str) else p.render(lang) for p in self.parts)

    def __str__(self) -> str:
        return self.render()
