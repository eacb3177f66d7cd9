"""Findings (SPEC 5): what is wrong in the input, where, as data.

An :class:`Issue` holds a stable code, where it is (file, sheet, cell, unit, rater) and the
parameters of its message; the text is rendered from the catalog only when someone reads it
(:meth:`Issue.text`, in the language the edge chose), so the reader and the engine never need
to know the user's language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .i18n import CATALOG, current_lang, t
from .messages import Msg

__all__ = ["Issue", "Severity", "one_per_cell"]

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
        message (a :class:`~redflag_xlsx.core.messages.Msg` among them is rendered alike)."""
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


_A1 = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


def _box(cell: str) -> tuple[int, int, int, int] | None:
    """``B4`` or ``B4:D6`` as (first row, first col, last row, last col); None if neither."""
    corners = []
    for part in cell.split(":", 1):
        m = _A1.match(part.strip())
        if m is None:
            return None
        col = 0
        for ch in m.group(1).upper():
            col = col * 26 + ord(ch) - 64
        corners.append((int(m.group(2)), col))
    (r1, c1), (r2, c2) = corners[0], corners[-1]
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


def one_per_cell(issues: Iterable[Issue]) -> list[Issue]:
    """``issues`` without the warnings about a cell that also has an error (SPEC 5: one cell,
    one finding -- no "W_TEXT_NUMBER: does not affect the tally" beside "E_OUT_OF_RANGE" for the
    same ２０１).  An error about a range (``E_MERGED_INPUT``) covers every cell in it."""
    issues = list(issues)
    errors: dict[tuple[str | None, str | None], list[tuple[int, int, int, int]]] = {}
    for issue in issues:
        if issue.is_error and issue.cell and (box := _box(issue.cell)) is not None:
            errors.setdefault((issue.file, issue.sheet), []).append(box)
    if not errors:
        return issues

    def covered(issue: Issue) -> bool:
        boxes = errors.get((issue.file, issue.sheet))
        if issue.is_error or not issue.cell or not boxes:
            return False
        box = _box(issue.cell)
        if box is None:
            return False
        r1, c1, r2, c2 = box
        return any(a <= r2 and r1 <= c and b <= c2 and c1 <= d for a, b, c, d in boxes)

    return [issue for issue in issues if not covered(issue)]
