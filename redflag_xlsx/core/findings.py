"""Findings (SPEC 5): what is wrong in the input, where, as data.

An :class:`Issue` holds a stable code, where it is (file, sheet, cell, unit, rater) and the
parameters of its message; the text is rendered from the catalog only when someone reads it
(:meth:`Issue.text`, in the language the edge chose), so the reader and the engine never need
to know the user's language.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .i18n import CATALOG, Msg, current_lang, t

__all__ = ["Issue", "Severity"]

Severity = Literal["error", "warning"]


class Issue(BaseModel):
    """One finding about the input: where it is, what is wrong, and how to fix it."""

    model_config = ConfigDict(frozen=True)

    severity: Severity
    code: str
    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    unit: str | None = None
    rater: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)  # the message's parameters
    text_key: str | None = None  # the message's catalog key, when not the code's own
    hint_key: str | None = None  # the hint's catalog key, when not ``<code>.hint``

    @classmethod
    def make(
        cls,
        code: str,
        *,
        file: str | None = None,
        sheet: str | None = None,
        cell: str | None = None,
        unit: str | None = None,
        rater: str | None = None,
        text_key: str | None = None,
        hint_key: str | None = None,
        **params: Any,
    ) -> Issue:
        """The finding ``code``; ``E_``/``W_`` sets the severity.  ``params`` fill the catalog
        message (a :class:`~redflag_xlsx.core.i18n.Msg` among them is rendered alike)."""
        return cls(
            severity="error" if code.startswith("E_") else "warning",
            code=code,
            file=file,
            sheet=sheet,
            cell=cell,
            unit=unit,
            rater=rater,
            params=params,
            text_key=text_key,
            hint_key=hint_key,
        )

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def _values(self) -> dict[str, Any]:
        where = {"file": self.file, "sheet": self.sheet, "cell": self.cell}
        return {**where, "unit": self.unit, "rater": self.rater, **self.params}

    def msg(self) -> Msg:
        """The message, not yet rendered (to put inside another message)."""
        return Msg(self.text_key or self.code, **self._values())

    def hint_msg(self) -> Msg | None:
        key = self.hint_key or f"{self.code}.hint"
        return Msg(key, **self._values()) if key in CATALOG else None

    def text(self, lang: str | None = None) -> str:
        """The message in ``lang`` (default: ``REDFLAG_LANG``, else Chinese)."""
        return self.msg().render(lang)

    def hint_text(self, lang: str | None = None) -> str:
        """How to fix it, in ``lang`` ('' when the code has no hint)."""
        hint = self.hint_msg()
        return hint.render(lang) if hint is not None else ""

    @property
    def message(self) -> str:
        """The message in the default language (:meth:`text` chooses one)."""
        return self.text()

    @property
    def hint(self) -> str:
        return self.hint_text()

    def location(self, lang: str | None = None) -> str:
        parts = []
        if self.file:
            parts.append(t("where_file", lang, file=self.file))
        if self.sheet:
            parts.append(t("where_sheet", lang, sheet=self.sheet))
        if self.cell:
            parts.append(t("where_cell", lang, cell=self.cell))
        return " ".join(parts)

    def rendered(self, lang: str | None = None) -> dict[str, Any]:
        """The finding as plain data in ``lang``: what ``--json`` and the web page show."""
        lang = current_lang(lang)
        return {
            "severity": self.severity,
            "code": self.code,
            "file": self.file,
            "sheet": self.sheet,
            "cell": self.cell,
            "unit": self.unit,
            "rater": self.rater,
            "message": self.text(lang),
            "hint": self.hint_text(lang),
        }

    def __str__(self) -> str:
        where = self.location()
        return f"{self.code} {where}: {self.message}" if where else f"{self.code}: {self.message}"
