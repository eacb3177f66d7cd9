"""The data that flows between reader, engine and writers: findings, submissions, history.

Pure pydantic models; nothing here reads or writes a file.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .i18n import CATALOG, t
from .roster import Roster

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
    message: str
    hint: str = ""

    @classmethod
    def make(
        cls,
        code: str,
        lang: str | None = None,
        *,
        file: str | None = None,
        sheet: str | None = None,
        cell: str | None = None,
        unit: str | None = None,
        rater: str | None = None,
        **params: object,
    ) -> Issue:
        """The finding ``code`` with its catalog message; ``E_``/``W_`` sets the severity."""
        hint_key = f"{code}.hint"
        where = {"file": file, "sheet": sheet, "cell": cell, "unit": unit, "rater": rater}
        return cls(
            severity="error" if code.startswith("E_") else "warning",
            code=code,
            file=file,
            sheet=sheet,
            cell=cell,
            unit=unit,
            rater=rater,
            message=t(code, lang, **where, **params),
            hint=t(hint_key, lang, **where, **params) if hint_key in CATALOG else "",
        )

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def location(self, lang: str | None = None) -> str:
        parts = []
        if self.file:
            parts.append(t("where_file", lang, file=self.file))
        if self.sheet:
            parts.append(t("where_sheet", lang, sheet=self.sheet))
        if self.cell:
            parts.append(t("where_cell", lang, cell=self.cell))
        return " ".join(parts)

    def __str__(self) -> str:
        where = self.location()
        return f"{self.code} {where}: {self.message}" if where else f"{self.code}: {self.message}"


class ScoringRow(BaseModel):
    """One unit's line of the scoring sheet, as the reader understood it."""

    unit: str
    counts: dict[str, float] = Field(default_factory=dict)  # item code -> count (flag items: 0/1)
    flags: dict[str, bool] = Field(default_factory=dict)  # disqualifying flag code -> 是
    baseline: float | None = None
    current: float | None = None
    remark: str = ""
    file: str | None = None
    sheet: str | None = None
    cells: dict[str, str] = Field(default_factory=dict)  # column key -> A1 reference


class Submission(BaseModel):
    """Everything read from one quarter's filled workbooks (see :func:`read_submissions`).

    ``peer[rater][ratee]`` and ``leadership[rater][ratee]`` hold only the ratings that were
    given (a blank is a missing rating).
    """

    period: str
    roster: Roster
    scoring: dict[str, ScoringRow] = Field(default_factory=dict)
    peer: dict[str, dict[str, float]] = Field(default_factory=dict)
    leadership: dict[str, dict[str, float]] = Field(default_factory=dict)
    issues: list[Issue] = Field(default_factory=list)
    files: list[str] = Field(default_factory=list)
    fingerprints: dict[str, str] = Field(default_factory=dict)  # file -> SHA-256 of its bytes

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.is_error]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if not i.is_error]


class History(BaseModel):
    """What the engine needs from earlier quarters (built by the ledger, or by hand).

    ``winners[period]`` lists the units that won a flag in that quarter; a period missing from
    ``winners`` breaks every streak.  ``satisfaction[period][unit]`` is that quarter's 本期满意率.
    """

    winners: dict[str, list[str]] = Field(default_factory=dict)
    satisfaction: dict[str, dict[str, float]] = Field(default_factory=dict)
