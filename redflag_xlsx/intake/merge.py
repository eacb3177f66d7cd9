"""Merging a quarter's forms into one :class:`Submission` (SPEC 5): the scoring sheet and every
rater's row, wherever they were filled in (a combined workbook, split forms, or both).

The first non-blank scoring sheet and each rater's first non-blank row count.  What is seen
twice is compared: the same values are a warning (``W_DUPLICATE_IDENTICAL``), other values an
error naming the first cell that differs (``E_DUPLICATE``).  A rater with no row anywhere is
``W_MISSING_RATER``.
"""

from __future__ import annotations

from pathlib import PurePath

from ..core.case import InputSource
from ..core.findings import Issue
from ..core.messages import Msg
from ..core.models import ScoringRow, Submission
from ..core.peers import peer_raters, rated_by
from ..core.rules import Rules
from ..core.values import display
from .form import Entry, Form, Part

__all__ = ["FLAT_MIN_RATINGS", "merge", "rater_word"]

FLAT_MIN_RATINGS = 3  # W_RATER_FLAT only when a rater gave at least this many ratings


def rater_word(sheet: str) -> Msg:
    """单位 or 领导: who fills the rows of ``sheet``, as messages name them."""
    return Msg("who_unit" if sheet in ("peer", "scoring") else "who_leader")


def merge(sub: Submission, forms: list[Form], rules: Rules) -> list[Issue]:
    """Fill ``sub``'s scoring rows and ratings from the accepted ``forms``; returns the findings
    of merging (also ``E_MISSING_SCORING`` and ``W_RATER_FLAT``: everyone rated the same)."""
    issues: list[Issue] = []
    scoring_parts = [p for f in forms for p in f.parts if p.sheet_key == "scoring"]
    if not scoring_parts:
        issues.append(Issue.make("E_MISSING_SCORING"))
    else:
        submitted = [p for p in scoring_parts if not p.blank] or scoring_parts[:1]
        primary = submitted[0]
        for code, entry in primary.entries.items():
            sub.scoring[code] = _scoring_row(entry, primary)
        for other in submitted[1:]:
            issues.extend(_compare_parts(primary, other, "scoring"))

    names = {u.code: u.name for u in sub.roster.units}
    names.update({ld.code: ld.name for ld in sub.roster.leaders})
    for sheet_key, target, raters in (
        ("peer", sub.peer, [u.code for u in peer_raters(sub.roster, rules)]),
        ("leadership", sub.leadership, [ld.code for ld in sub.roster.leaders]),
    ):
        parts = [p for f in forms for p in f.parts if p.sheet_key == sheet_key]
        row_missing = {code for p in parts for code in p.missing_rows}  # E_STRUCTURE said so
        first: dict[str, tuple[Part, Entry]] = {}
        blank_row: dict[str, tuple[Part, Entry]] = {}
        for part in parts:
            for code, entry in part.entries.items():
                if entry.blank:
                    blank_row.setdefault(code, (part, entry))
                    continue
                if code not in first:
                    first[code] = (part, entry)
                    continue
                issues.extend(_compare_entries(first[code], (part, entry), sheet_key))
        who = rater_word(sheet_key)
        for code in raters:
            if code in first:
                part, entry = first[code]
                target[code] = dict(entry.given)
                sub.rating_sources.setdefault(sheet_key, {})[code] = _sources(part, entry)
                issues.extend(_blank_ratings(sub, part, entry, sheet_key, rules, names))
                values = set(entry.given.values())
                if len(entry.given) >= FLAT_MIN_RATINGS and len(values) == 1:
                    issues.append(
                        Issue.make(
                            "W_RATER_FLAT",
                            file=part.file,
                            sheet=part.sheet,
                            cell=entry.code_cell,
                            rater=code,
                            who=who,
                            name=names.get(code, ""),
                            count=len(entry.given),
                            value=display(values.pop()),
                        )
                    )
            elif code not in row_missing:
                part_entry = blank_row.get(code)
                where = (
                    {
                        "file": part_entry[0].file,
                        "sheet": part_entry[0].sheet,
                        "cell": part_entry[1].code_cell,
                    }
                    if part_entry
                    else {}
                )
                issues.append(
                    Issue.make(
                        "W_MISSING_RATER",
                        rater=code,
                        who=who,
                        name=names.get(code, ""),
                        **where,
                    )
                )
    return issues


def _blank_ratings(
    sub: Submission, part: Part, entry: Entry, sheet_key: str, rules: Rules, names: dict[str, str]
) -> list[Issue]:
    """``W_RATING_BLANK`` for each rating a rater left blank in a row that has others (SPEC 5):
    the unit it should have rated gets one rating fewer, and nothing else would say which cell.
    A rater with no row at all is one ``W_MISSING_RATER`` instead (merge), never N blanks."""
    if sheet_key == "peer":
        if not sub.roster.has_unit(entry.code):
            return []
        expected = [u.code for u in rated_by(sub.roster, rules, entry.code)]
    else:
        expected = [u.code for u in sub.roster.units]
    who = rater_word(sheet_key)
    found = []
    for unit in expected:
        if unit in entry.raw or unit in entry.given or unit not in part.rated:
            continue  # rated, or a value with its own finding, or a column E_STRUCTURE names
        found.append(
            Issue.make(
                "W_RATING_BLANK",
                file=part.file,
                sheet=part.sheet,
                cell=part.cell_of(entry, unit),
                rater=entry.code,
                unit=unit,
                who=who,
                rater_name=names.get(entry.code, ""),
                name=names.get(unit, ""),
            )
        )
    return found


def _sources(part: Part, entry: Entry) -> dict[str, InputSource]:
    """Where each rating of a rater's row was read (file name, sheet, cell): the ledger keeps
    it with the value (SPEC 7)."""
    file = PurePath(part.file).name
    return {
        ratee: InputSource(file=file, sheet=part.sheet, cell=cell)
        for ratee in entry.given
        if (cell := part.cell_of(entry, ratee))
    }


def _scoring_row(entry: Entry, part: Part) -> ScoringRow:
    counts: dict[str, float] = {}
    flags: dict[str, bool] = {}
    row = ScoringRow(
        unit=entry.code,
        file=part.file,
        sheet=part.sheet,
        cells=dict(entry.cells),
        typed=list(entry.raw),
    )
    for key, value in entry.values.items():
        kind = part.kinds.get(key)
        if kind == "count" and isinstance(value, float):
            counts[key] = value
        elif kind == "flag" and isinstance(value, bool):
            if key in part.flag_items:
                counts[key] = 1.0 if value else 0.0
            else:
                flags[key] = value
        elif key == "baseline" and isinstance(value, float):
            row.baseline = value
        elif key == "current" and isinstance(value, float):
            row.current = value
        elif key == "remark" and isinstance(value, str):
            row.remark = value
    row.counts, row.flags = counts, flags
    return row


def _first_difference(a: Entry, b: Entry) -> str | None:
    for key in [*a.raw, *(k for k in b.raw if k not in a.raw)]:
        if key == a.code:  # a rater's rating of itself: E_SELF_RATING names that cell already
            continue
        if a.values.get(key) != b.values.get(key) or (
            a.values.get(key) is None and display(a.raw.get(key)) != display(b.raw.get(key))
        ):
            return key
    return None


def _compare_entries(
    first: tuple[Part, Entry], second: tuple[Part, Entry], sheet_key: str
) -> list[Issue]:
    (p1, e1), (p2, e2) = first, second
    if sheet_key == "scoring":
        what = Msg("what_scoring_row", unit=e2.code)
        ids = {"unit": e2.code}
    else:
        what = Msg("what_ratings", who=rater_word(sheet_key), rater=e2.code)
        ids = {"rater": e2.code}
    where = {"file": p2.file, "sheet": p2.sheet}
    key = _first_difference(e1, e2)
    if key is None:
        return [
            Issue.make(
                "W_DUPLICATE_IDENTICAL",
                cell=e2.code_cell,
                what=what,
                other=p1.file,
                **where,
                **ids,
            )
        ]
    return [
        Issue.make(
            "E_DUPLICATE",
            cell=p2.cell_of(e2, key) or e2.code_cell,
            what=what,
            other=p1.file,
            column=p2.column_name(key),
            value=display(e2.raw.get(key)),
            other_value=display(e1.raw.get(key)),
            **where,
            **ids,
        )
    ]


def _compare_parts(primary: Part, other: Part, sheet_key: str) -> list[Issue]:
    """A second scoring sheet: identical rows are one warning, differing rows one error each."""
    issues: list[Issue] = []
    for code, entry in other.entries.items():
        mine = primary.entries.get(code)
        if mine is None:
            continue
        found = _compare_entries((primary, mine), (other, entry), sheet_key)
        issues.extend(i for i in found if i.is_error)
    if not issues:
        issues.append(
            Issue.make(
                "W_DUPLICATE_IDENTICAL",
                file=other.file,
                sheet=other.sheet,
                what=Msg("what_sheet", sheet=other.sheet),
                other=primary.file,
            )
        )
    return issues
