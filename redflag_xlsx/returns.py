"""Returns: who has sent what this quarter (SPEC 11, the ``status`` command and the intake page).

:func:`returns_of` is pure over what the reader returns: a :class:`Submission` and the findings
``validate`` reports for it (``workflow.Assessment.findings``).  It lists every form the
quarter expects (:func:`expected_forms`) with the files received for it, its state and its
number of errors and warnings, and every other file apart.  :func:`read_returns` is the thin
function that reads paths, through ``workflow.assess`` as ``validate`` does (the same ledger
for blank baselines), so each file's counts are exactly what ``validate`` reports for it.

How files are sorted (docs/intake.md says the same to the clerk):

* A file counts towards an expected form when it is a **form of this quarter**: its ``_meta``
  was read and it got no identity finding (``IDENTITY_CODES``: unreadable, not a form, another
  format version, a bad signature, another period or roster) and its rater is in the roster.
  Its kind and rater then name the form.  A byte-identical copy of a file is sorted as the
  file it copies.
* **Combined or split**: split as soon as one split form (scoring, peer, leadership) of this
  quarter was received, also when a combined workbook was received too; combined when only
  combined workbooks were received; split when nothing was (the list then names everyone who
  has not sent, which is what chasing the returns needs).  The caller may fix the layout
  (``serve`` knows it from the blank forms).
* **Others**: every file that is not one of the expected forms is listed apart with its
  findings: files that are not forms of this quarter (``not_this_quarter``) and forms of this
  quarter that the quarter does not expect (``not_expected``: a combined workbook in a split
  quarter, a peer form of a unit that rates no peers).  An error there (tally would stop on
  it) keeps the quarter from being ready, as an error on an expected form does.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel

from .core.errors import InputError
from .core.findings import Issue
from .core.i18n import t
from .core.models import Submission
from .core.peers import peer_raters as core_peer_raters
from .core.peers import rated_by
from .core.period import Period
from .core.roster import Roster
from .core.rules import Rules
from .core.safe_text import json_escapes

__all__ = [
    "IDENTITY_CODES",
    "FormReturn",
    "OtherFile",
    "Returns",
    "expected_forms",
    "form_label",
    "peer_raters",
    "read_returns",
    "returns_of",
]

State = Literal["missing", "errors", "warnings", "ok"]
Layout = Literal["combined", "split"]
SPLIT_KINDS = ("scoring", "peer", "leadership")

# Findings that say a file is not a form of this quarter (the reader sets such a file aside).
IDENTITY_CODES = frozenset(
    {
        "E_UNREADABLE",
        "E_NOT_A_TEMPLATE",
        "E_FORMAT_VERSION",
        "E_SIGNATURE",
        "E_PERIOD_MISMATCH",
        "E_ROSTER_MISMATCH",
    }
)

if TYPE_CHECKING:
    from .core.findings import Severity


class FormReturn(BaseModel):
    """One expected form: what was received for it."""

    kind: str  # combined | scoring | peer | leadership | register (SPEC 14: only once received)
    rater: str | None  # the unit or leader who fills it; None for combined and scoring forms
    name: str = ""  # the rater's name
    state: State
    files: list[str]
    errors: int
    warnings: int

    def label(self, lang: str | None = None) -> str:
        return form_label(self.kind, self.rater, lang)


class OtherFile(BaseModel):
    """A file that is not one of the expected forms, with its findings."""

    file: str
    kind: str | None  # as its _meta says, when it could be read
    rater: str | None
    reason: Literal["not_this_quarter", "not_expected"]
    issues: list[Issue]

    @property
    def errors(self) -> int:
        return sum(1 for i in self.issues if i.is_error)

    @property
    def warnings(self) -> int:
        return len(self.issues) - self.errors


class Returns(BaseModel):
    """The returns of one quarter."""

    period: str
    layout: Layout
    forms: list[FormReturn]
    others: list[OtherFile]
    general: list[Issue]  # findings about no file (W_UNSIGNED, a missing rater, coverage)

    @property
    def expected(self) -> int:
        return len(self.forms)

    @property
    def received(self) -> int:
        return sum(1 for f in self.forms if f.state != "missing")

    @property
    def missing(self) -> list[FormReturn]:
        return [f for f in self.forms if f.state == "missing"]

    @property
    def ready(self) -> bool:
        """Every form is in, none has an error (warnings allowed), and no other file has one."""
        return (
            not self.missing
            and all(f.state != "errors" for f in self.forms)
            and all(o.errors == 0 for o in self.others)
        )

    def summary(self, lang: str | None = None) -> str:
        """``已收到 11/14 份；未收到：JG03 单位互评、LD02 领导评议``."""
        text = t("returns_summary", lang, received=self.received, expected=self.expected)
        if self.missing:
            names = t("res_list_sep", lang).join(f.label(lang) for f in self.missing)
            text += t("returns_summary_missing", lang, forms=names)
        return text

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """The ``--json`` document: ``expected``, ``received`` and ``forms`` (SPEC 11), plus the
        period, the layout, whether the quarter is ready, the other files and the summary."""
        return {
            "period": self.period,
            "layout": self.layout,
            "expected": self.expected,
            "received": self.received,
            "ready": self.ready,
            "forms": [
                f.model_dump(include={"kind", "rater", "state", "files", "errors", "warnings"})
                for f in self.forms
            ],
            "others": [
                {
                    "file": o.file,
                    "kind": o.kind,
                    "rater": o.rater,
                    "reason": o.reason,
                    "errors": o.errors,
                    "warnings": o.warnings,
                    "codes": [i.code for i in o.issues],
                }
                for o in self.others
            ],
            "summary": self.summary(lang),
        }

    def to_json(self, lang: str | None = None) -> str:
        """:meth:`to_dict` as JSON text, Chinese kept as characters (control characters in
        names as JSON escapes: :func:`~redflag_xlsx.core.safe_text.json_escapes`)."""
        return json_escapes(json.dumps(self.to_dict(lang), ensure_ascii=False, indent=2))


# --- what the quarter expects ---------------------------------------------------------------
def peer_raters(roster: Roster, rules: Rules) -> list[str]:
    """The units that fill a peer form, in roster order (:func:`core.peers.peer_raters`: in-house
    units only when ``in_house_rates_peers``), each with someone to rate."""
    return [u.code for u in core_peer_raters(roster, rules) if rated_by(roster, rules, u.code)]


def expected_forms(roster: Roster, rules: Rules, layout: Layout) -> list[tuple[str, str | None]]:
    """``(kind, rater)`` of every form the quarter expects, in the order the table lists them."""
    if layout == "combined":
        return [("combined", None)]
    return [
        ("scoring", None),
        *(("peer", code) for code in peer_raters(roster, rules)),
        *(("leadership", ld.code) for ld in roster.leaders),
    ]


def form_label(kind: str, rater: str | None, lang: str | None = None) -> str:
    """A form as the summary names it: ``JG03 单位互评``, ``服务质量考核``, ``合并表格``."""
    word = t("returns_kind_combined" if kind == "combined" else f"sheet_{kind}", lang)
    return f"{rater} {word}" if rater else word


# --- the findings, and the files sorted -----------------------------------------------------
def returns_of(
    sub: Submission,
    findings: Iterable[Issue],
    rules: Rules | None = None,
    layout: Layout | None = None,
) -> Returns:
    """The returns table of ``sub``, whose findings (what ``validate`` reports) are
    ``findings``.  ``layout`` None: told from the files (see the module's docstring)."""
    rules = rules or Rules.default()
    roster = sub.roster
    by_file: dict[str, list[Issue]] = {}
    general: list[Issue] = []
    for issue in findings:
        if issue.file:
            by_file.setdefault(issue.file, []).append(issue)
        else:
            general.append(issue)
    files = list(dict.fromkeys([*sub.files, *by_file]))
    units = {u.code for u in roster.units}
    leaders = {ld.code for ld in roster.leaders}

    of_quarter: dict[str, bool] = {}
    first_of_hash: dict[str, str] = {}
    for file in files:
        sha = sub.fingerprints.get(file, "")
        if sha and sha in first_of_hash:  # a copy: sorted as the file it copies
            of_quarter[file] = of_quarter[first_of_hash[sha]]
            continue
        if sha:
            first_of_hash[sha] = file
        kind, rater = sub.kinds.get(file, ("", ""))
        of_quarter[file] = (
            file in sub.kinds
            and bool(units)
            and not any(i.code in IDENTITY_CODES for i in by_file.get(file, ()))
            and (
                kind in ("combined", "scoring", "register")
                or (kind == "peer" and rater in units)
                or (kind == "leadership" and rater in leaders)
            )
        )
    if layout is None:
        kinds = {sub.kinds[f][0] for f in files if of_quarter[f]} - {"register"}
        layout = "combined" if kinds == {"combined"} else "split"

    expected = expected_forms(roster, rules, layout)
    if any(of_quarter[f] and sub.kinds[f][0] == "register" for f in files):
        expected.append(("register", None))  # the inspection register: listed once received
    received: dict[tuple[str, str | None], list[str]] = {key: [] for key in expected}
    others: list[OtherFile] = []
    for file in files:
        kind, rater = sub.kinds.get(file, ("", ""))
        key = (kind, rater or None)
        if of_quarter[file] and key in received:
            received[key].append(file)
            continue
        others.append(
            OtherFile(
                file=file,
                kind=kind or None,
                rater=rater or None,
                reason="not_expected" if of_quarter[file] else "not_this_quarter",
                issues=by_file.get(file, []),
            )
        )

    names = {u.code: u.name for u in roster.units} | {ld.code: ld.name for ld in roster.leaders}
    forms = []
    for (form_kind, form_rater), got in received.items():
        found = [i for f in got for i in by_file.get(f, ())]
        errors = _count(found, "error")
        forms.append(
            FormReturn(
                kind=form_kind,
                rater=form_rater,
                name=names.get(form_rater or "", ""),
                state=_state(got, errors, len(found) - errors),
                files=got,
                errors=errors,
                warnings=len(found) - errors,
            )
        )
    return Returns(period=sub.period, layout=layout, forms=forms, others=others, general=general)


def _count(issues: list[Issue], severity: Severity) -> int:
    return sum(1 for i in issues if i.severity == severity)


def _state(files: list[str], errors: int, warnings: int) -> State:
    if not files:
        return "missing"
    return "errors" if errors else "warnings" if warnings else "ok"


# --- reading paths ---------------------------------------------------------------------------
def read_returns(
    paths: Iterable[str | Path] | str | Path,
    *,
    roster: Roster | None = None,
    period: Period | str | None = None,
    rules: Rules | None = None,
    key: bytes | None = None,
    recursive: bool = False,
    layout: Layout | None = None,
    history_path: str | Path | None = None,
    use_history: bool = True,
) -> Returns:
    """Read the files in ``paths`` as ``validate`` does (``workflow.assess``: the ledger
    ``history_path``, else the one ``tally`` would use) and sort them into the returns table.
    With ``roster`` and ``period`` given, paths that hold no form at all give a table of
    missing forms; without them that is an :class:`InputError`."""
    from .workflow import assess

    rules = rules or Rules.default()
    if isinstance(paths, str | Path):
        paths = [paths]
    try:
        found = assess(
            paths,
            period=None if period is None else str(period),
            roster=roster,
            rules=rules,
            history_path=history_path,
            use_history=use_history,
            key=key,
            recursive=recursive,
        )
    except InputError:
        if roster is None or period is None:
            raise
        sub = Submission(period=str(Period.parse(period)), roster=roster)
        return returns_of(sub, [], rules, layout)
    return returns_of(found.submission, found.findings(), rules, layout)
