"""A period's inputs as the ledger keeps them (schema v4, SPEC 7): every value the tally used,
with its source, as rows; the submission rebuilt from those rows; what changed between two
revisions; the reader's findings stored as data.

Rows (:class:`StoredInput`) are ``kind`` / ``subject`` / ``key`` / value / source:

- ``scoring``: ``subject`` the unit, ``key`` the column (an item code, a disqualifying flag's
  code, ``baseline``, ``current``, ``remark``); the value a number, 是/否 as a bool, text, or
  ``None`` for a blank cell of the form;
- ``peer`` / ``leadership``: ``subject`` the rated unit, ``key`` the rater, the rating;
- ``event``: ``subject`` the unit, ``key`` the item, the register event as JSON.

Pure functions over the core's models; :class:`~redflag_xlsx.ledger.store.Ledger` does the SQL.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from ..core.case import Decision, InputChange, InputSource
from ..core.findings import Issue
from ..core.messages import Joined, Msg, Texts
from ..core.models import Register, RegisterEvent, ScoringRow, Submission
from ..core.roster import Roster
from ..core.rules import Rules
from ..core.safe_text import display_name

__all__ = [
    "CHANGES_SHOWN",
    "StoredInput",
    "change_msg",
    "changes_between",
    "changes_msg",
    "decision_msg",
    "decisions_json",
    "decode_issue",
    "encode_issue",
    "event_text",
    "inputs_of",
    "item_labels",
    "source_of",
    "submission_meta",
    "submission_of",
    "value_json",
    "value_msg",
    "what_msg",
]

_NO_SOURCE = InputSource()

CHANGES_SHOWN = 3  # changed cells named in the message that asks for --reason
_SCORING_TAIL = ("baseline", "current", "remark")
Value = float | str | bool | None


@dataclass(frozen=True)
class StoredInput:
    """One input value and where it was read."""

    kind: str
    subject: str
    key: str
    value: Any  # JSON-able: a number, bool, text, None; an event: a dict
    typed: bool = True
    source: InputSource = _NO_SOURCE

    @property
    def ident(self) -> tuple[str, str, str]:
        return (self.kind, self.subject, self.key)


def source_of(file: str, sheet: str, cell: str) -> InputSource:
    """An :class:`InputSource` of plain strings, built without validation (thousands per
    period: the ledger stores and reads one per input value)."""
    if not (file or sheet or cell):
        return _NO_SOURCE
    return InputSource.model_construct(file=file, sheet=sheet, cell=cell)


def value_json(value: Any) -> str:
    """``value`` as JSON: numbers (always finite here) by ``repr``, the rest by :mod:`json`."""
    if value is None:
        return "null"
    if isinstance(value, float) and not isinstance(value, bool):
        return repr(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _name(file: str | None) -> str:
    """A file's name as the ledger stores it: without its folder, undecodable bytes of a name
    that is not valid UTF-8 written as ``\\xNN`` (SQLite stores UTF-8 text only)."""
    return display_name(PurePath(file).name) if file else ""


def _storable(value: Any) -> Any:
    """``value`` with every string made storable (:func:`display_name`), recursively."""
    if isinstance(value, str):
        return display_name(value)
    if isinstance(value, dict):
        return {_storable(k): _storable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_storable(v) for v in value]
    return value


# --- submission -> rows --------------------------------------------------------------------
def inputs_of(sub: Submission, rules: Rules) -> list[StoredInput]:
    """Every input value of ``sub`` with its source, in roster order: the scoring cells, the
    ratings, the register's events."""
    items = [i.code for i in rules.items]
    flags = [f.code for f in rules.disqualifying_flags]
    rows: list[StoredInput] = []
    codes = [u.code for u in sub.roster.units]
    for code in [*codes, *(c for c in sub.scoring if c not in codes)]:
        row = sub.scoring.get(code)
        if row is None:
            continue
        file, sheet = _name(row.file), row.sheet or ""
        keys = [*items, *flags, *_SCORING_TAIL]
        keys += [k for k in row.cells if k not in keys]
        for key in keys:
            value = _scoring_value(row, key, items, flags)
            if value is None and key not in row.cells:
                continue  # neither a cell of the form nor a value
            source = source_of(file, sheet, row.cells.get(key, ""))
            rows.append(StoredInput("scoring", code, key, value, key in row.typed, source))
    order = {c: i for i, c in enumerate(codes)}
    for kind, grid in (("peer", sub.peer), ("leadership", sub.leadership)):
        sources = sub.rating_sources.get(kind, {})
        for rater, given in grid.items():
            mine = sources.get(rater, {})
            for ratee in sorted(given, key=lambda c: (order.get(c, len(order)), c)):
                given_source = mine.get(ratee)
                source = (
                    source_of(_name(given_source.file), given_source.sheet, given_source.cell)
                    if given_source is not None
                    else _NO_SOURCE
                )
                rows.append(StoredInput(kind, ratee, rater, float(given[ratee]), True, source))
    register = sub.inspection_register
    for event in register.events if register is not None else []:
        source = InputSource(
            file=_name(event.file), sheet=event.sheet, cell=f"A{event.row}" if event.row else ""
        )
        data = event.model_dump(mode="json", exclude={"unit", "item", "file", "sheet"})
        rows.append(StoredInput("event", event.unit, event.item, data, True, source))
    return rows


def _scoring_value(row: ScoringRow, key: str, items: list[str], flags: list[str]) -> Value:
    if key in items:
        return row.counts.get(key)
    if key in flags:
        return row.flags.get(key)
    if key == "remark":
        return row.remark or None
    if key in ("baseline", "current"):
        return getattr(row, key)
    return None


def submission_meta(sub: Submission) -> dict[str, Any]:
    """What a rebuilt submission needs beyond the input values: the files read, their
    fingerprints and kinds, the reader's findings, the register's files (``None``: none)."""
    register = sub.inspection_register
    return {
        "files": [_name(f) for f in sub.files],
        "fingerprints": {_name(f): sha for f, sha in sub.fingerprints.items()},
        "kinds": {_name(f): list(kr) for f, kr in sub.kinds.items()},
        "issues": [_storable(encode_issue(i)) for i in sub.issues],
        "register_files": None if register is None else [_name(f) for f in register.files],
    }


# --- rows -> submission --------------------------------------------------------------------
def submission_of(
    period: str, roster: Roster, rules: Rules, rows: list[StoredInput], meta: dict[str, Any]
) -> Submission:
    """The submission the rows were taken from (file names without their folders)."""
    items = {i.code for i in rules.items}
    flags = {f.code for f in rules.disqualifying_flags}
    scoring: dict[str, ScoringRow] = {}
    grids: dict[str, dict[str, dict[str, float]]] = {"peer": {}, "leadership": {}}
    sources: dict[str, dict[str, dict[str, InputSource]]] = {}
    events: list[RegisterEvent] = []
    for r in rows:
        if r.kind == "scoring":
            row = scoring.get(r.subject)
            if row is None:
                row = scoring[r.subject] = ScoringRow(
                    unit=r.subject, file=r.source.file or None, sheet=r.source.sheet or None
                )
            if r.source.cell:
                row.cells[r.key] = r.source.cell
            if r.typed:
                row.typed.append(r.key)
            if r.value is None:
                continue
            if r.key in items:
                row.counts[r.key] = float(r.value)
            elif r.key in flags:
                row.flags[r.key] = bool(r.value)
            elif r.key == "remark":
                row.remark = str(r.value)
            elif r.key in ("baseline", "current"):
                setattr(row, r.key, float(r.value))
        elif r.kind in grids:
            grids[r.kind].setdefault(r.key, {})[r.subject] = float(r.value)
            if r.source != _NO_SOURCE:
                sources.setdefault(r.kind, {}).setdefault(r.key, {})[r.subject] = r.source
        elif r.kind == "event":
            events.append(
                RegisterEvent.model_validate(
                    {
                        **r.value,
                        "unit": r.subject,
                        "item": r.key,
                        "file": r.source.file,
                        "sheet": r.source.sheet,
                    }
                )
            )
        else:
            raise ValueError(f"input kind {r.kind!r}")
    register_files = meta.get("register_files")
    register = None if register_files is None else Register(files=register_files, events=events)
    return Submission(
        period=period,
        roster=roster,
        scoring=scoring,
        peer=grids["peer"],
        leadership=grids["leadership"],
        issues=[decode_issue(i) for i in meta.get("issues", [])],
        files=list(meta.get("files", [])),
        fingerprints=dict(meta.get("fingerprints", {})),
        kinds={f: (kr[0], kr[1]) for f, kr in meta.get("kinds", {}).items()},
        inspection_register=register,
        rating_sources=sources,
    )


# --- what changed ----------------------------------------------------------------------------
def event_text(value: Any) -> str:
    """A register event as one line (its date, evidence, description; ✗ when not verified)."""
    if not isinstance(value, dict):
        return "" if value is None else str(value)
    parts = [str(value.get(k) or "") for k in ("date", "evidence", "description", "inspector")]
    text = " ".join(p for p in parts if p)
    return text if value.get("verified", True) else f"{text} ✗"


def changes_between(old: list[StoredInput], new: list[StoredInput]) -> list[InputChange]:
    """Every input value that differs (a blank is ``None``): scoring cells and ratings by where
    they belong (unit, column or rater), register events as a set (one removed, one added)."""
    before = {r.ident: r for r in old if r.kind != "event"}
    after = {r.ident: r for r in new if r.kind != "event"}
    changes: list[InputChange] = []
    # in the order of the forms: scoring cells, peer, leadership ratings; a value gone keeps
    # its old place
    place = {r.ident: i for i, r in enumerate(old)}
    place.update({r.ident: i for i, r in enumerate(new)})
    rank = {"scoring": 0, "peer": 1, "leadership": 2}
    idents = sorted(
        {r.ident for r in [*new, *old] if r.kind != "event"},
        key=lambda ident: (rank.get(ident[0], 3), place[ident]),
    )
    for ident in idents:
        r = after.get(ident) or before[ident]
        a, b = before.get(r.ident), after.get(r.ident)
        old_value = None if a is None else a.value
        new_value = None if b is None else b.value
        if _same(old_value, new_value):
            continue
        source = (b or a or r).source
        changes.append(
            InputChange(
                kind=r.kind,  # type: ignore[arg-type]
                subject=r.subject,
                key=r.key,
                old=old_value,
                new=new_value,
                source=source,
            )
        )
    changes.extend(_event_changes(old, new))
    return changes


def _same(a: Any, b: Any) -> bool:
    """Equal values of the same sort (是 is not the count 1)."""
    return a == b and isinstance(a, bool) == isinstance(b, bool)


def _event_key(r: StoredInput) -> str:
    value = {k: v for k, v in (r.value or {}).items() if k != "row"}
    return json.dumps([r.subject, r.key, value], ensure_ascii=False, sort_keys=True)


def _event_changes(old: list[StoredInput], new: list[StoredInput]) -> list[InputChange]:
    gone = Counter(_event_key(r) for r in old if r.kind == "event")
    came = Counter(_event_key(r) for r in new if r.kind == "event")
    out: list[InputChange] = []
    for rows, extra, removed in ((old, gone - came, True), (new, came - gone, False)):
        for r in rows:
            if r.kind != "event" or extra[k := _event_key(r)] <= 0:
                continue
            extra[k] -= 1
            text = event_text(r.value)
            out.append(
                InputChange(
                    kind="event",
                    subject=r.subject,
                    key=r.key,
                    old=text if removed else None,
                    new=None if removed else text,
                    source=r.source,
                )
            )
    return out


def decisions_json(decisions: list[Decision] | tuple[Decision, ...]) -> str:
    return json.dumps([d.model_dump() for d in decisions], ensure_ascii=False)


# --- findings as data ------------------------------------------------------------------------
def _encode(value: Any) -> Any:
    if isinstance(value, Msg):
        return {"$msg": value.key, "params": {k: _encode(v) for k, v in value.params.items()}}
    if isinstance(value, Texts):
        return {"$texts": [value.zh, value.en]}
    if isinstance(value, Joined):
        return {"$joined": [_encode(p) for p in value.parts], "sep": value.sep}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    return str(value)  # a path, a date: as the message would show it


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "$msg" in value:
        return Msg(value["$msg"], **{k: _decode(v) for k, v in value["params"].items()})
    if "$texts" in value:
        zh, en = value["$texts"]
        return Texts(zh=zh, en=en)
    if "$joined" in value:
        return Joined(tuple(_decode(p) for p in value["$joined"]), value["sep"])
    raise ValueError(f"stored finding value {value!r}")


def encode_issue(issue: Issue) -> dict[str, Any]:
    data = issue.model_dump(exclude={"params"})
    data["params"] = {k: _encode(v) for k, v in issue.params.items()}
    return data


def decode_issue(data: dict[str, Any]) -> Issue:
    params = {k: _decode(v) for k, v in data.get("params", {}).items()}
    return Issue.model_validate({**data, "params": params})


# --- changes as messages ---------------------------------------------------------------------
def value_msg(value: Any) -> Msg | str:
    """An input value as the change lines show it: a blank, 是/否, a number, text."""
    from ..core.values import display

    if value is None:
        return Msg("chg_blank")
    if isinstance(value, bool):
        return Msg("yes" if value else "no")
    return display(value)


def what_msg(change: InputChange, labels: dict[str, Texts]) -> Msg | Texts | str:
    """What a changed value is: the item (its label), the rater of a rating, a register item."""
    if change.kind in ("peer", "leadership"):
        return Msg(f"chg_what_{change.kind}", rater=change.key)
    if change.kind == "event":
        return Msg("chg_what_event", item=labels.get(change.key, change.key))
    if change.key in _SCORING_TAIL:
        return Msg(f"col_{change.key}")
    return labels.get(change.key, change.key)


def item_labels(rules: Rules) -> dict[str, Texts]:
    """Item and flag code -> its label in both languages (a rules file may rename them)."""
    return {
        x.code: Texts(zh=x.label("zh"), en=x.label("en"))
        for x in (*rules.items, *rules.disqualifying_flags)
    }


def change_msg(change: InputChange, labels: dict[str, Texts]) -> Msg:
    """One changed input on one line: unit, item or rater, old -> new, source cell."""
    src = change.source
    source = (
        Msg("chg_source", file=src.file, sheet=src.sheet, cell=src.cell)
        if src.cell or src.file
        else ""
    )
    return Msg(
        "chg_line",
        unit=change.subject,
        what=what_msg(change, labels),
        old=value_msg(change.old),
        new=value_msg(change.new),
        source=source,
    )


def changes_msg(changes: list[InputChange], labels: dict[str, Texts], limit: int) -> Joined:
    """The first ``limit`` changes (and how many more), one per line."""
    lines: list[Msg | Texts | str] = [change_msg(c, labels) for c in changes[:limit]]
    if len(changes) > limit:
        lines.append(Msg("chg_more", n=len(changes) - limit))
    return Joined(tuple(lines), "\n")


def decision_msg(decision: Decision) -> Msg:
    """One decision of the leaders: the unit, award or withhold, and its reason if any."""
    text = Msg(f"dec_{decision.action}", unit=decision.unit)
    return Msg("dec_reason", decision=text, reason=decision.reason) if decision.reason else text
