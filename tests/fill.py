"""Fill real templates as a person would, for tests: values into cells found by code and column.

    paths = build_templates(roster, "2026Q4", tmp_path, key=KEY)
    data = complete(roster)                       # a full, valid quarter
    data["peer"]["JG02"]["JG03"] = 101            # ... with one mistake
    fill_combined(paths[0], **data)
    cell_of(paths[0], "peer", "JG02", "JG03")     # "E5"

Rows are found by their code, columns by their header text from ``layout`` (a quality item's
code, "baseline", "current", "remark", a disqualifying flag's code, or on rating sheets the
rated unit's code).  A string starting with "=" becomes a formula without a cached value (as
openpyxl writes it); :class:`Formatted` sets a number format too (``Formatted(0.95, "0%")``).
Files are saved with openpyxl (to ``out``, default: in place).
"""

from __future__ import annotations

import contextlib
import random
import warnings
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from redflag_xlsx.core.peers import peer_raters, rated_by
from redflag_xlsx.core.roster import Roster
from redflag_xlsx.core.rules import Rules
from redflag_xlsx.forms.filling import Formatted, Values, cell_ref, fill_workbook, find_sheet
from redflag_xlsx.xlsx import layout

__all__ = [
    "Formatted",
    "cell_of",
    "complete",
    "edit_meta",
    "fill_combined",
    "fill_form",
    "open_workbook",
    "remove_meta",
]


@contextlib.contextmanager
def open_workbook(
    path: str | Path, out: str | Path | None = None, *, save: bool = True
) -> Iterator[Any]:
    """An openpyxl workbook of ``path``, saved to ``out`` (default: ``path``) on exit."""
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = load_workbook(path)
        yield wb
        if save:
            target = Path(out or path)
            target.parent.mkdir(parents=True, exist_ok=True)
            wb.save(target)


def _sheet(wb: Any, sheet: str) -> Any:
    ws = find_sheet(wb, sheet)
    if ws is None:
        raise KeyError(f"no sheet {sheet!r} in {wb.sheetnames}")
    return ws


def fill_combined(
    path: str | Path,
    *,
    scoring: Values | None = None,
    peer: Values | None = None,
    leadership: Values | None = None,
    out: str | Path | None = None,
    rules: Rules | None = None,
) -> Path:
    """Fill the combined workbook (or any workbook holding these sheets)."""
    return fill_workbook(
        path, out, scoring=scoring, peer=peer, leadership=leadership, rules=rules, strict=True
    )


def fill_form(
    path: str | Path,
    values: Mapping[str, Any],
    *,
    out: str | Path | None = None,
    rules: Rules | None = None,
) -> Path:
    """Fill a split form: the scoring form takes ``{unit: {column: value}}``, a peer or
    leadership form ``{ratee: value}`` (its rater's own row)."""
    with open_workbook(path, save=False) as wb:
        meta = _meta_values(wb)
    kind = meta["kind"]
    if kind == "scoring":
        return fill_workbook(path, out, scoring=values, rules=rules, strict=True)
    return fill_workbook(path, out, rules=rules, strict=True, **{kind: {meta["rater"]: values}})


def cell_of(path: str | Path, sheet: str, code: str, key: str, rules: Rules | None = None) -> str:
    """The A1 reference of the cell of row ``code`` and column ``key`` on ``sheet`` (on a
    format 2 rating form: rater ``code``'s rating of unit ``key``)."""
    from openpyxl.utils import get_column_letter

    with open_workbook(path, save=False) as wb:
        row, col = cell_ref(_sheet(wb, sheet), sheet, code, key, rules or Rules.default())
    return f"{get_column_letter(col)}{row}"


def _meta_values(wb: Any) -> dict[str, str]:
    ws = wb[layout.META_SHEET]
    return {
        str(ws.cell(r, 1).value): str(ws.cell(r, 2).value or "") for r in range(2, ws.max_row + 1)
    }


def edit_meta(path: str | Path, out: str | Path | None = None, **changes: str) -> Path:
    """Change ``_meta`` values in the sheet and the custom properties (the signature is kept)."""
    with open_workbook(path, out) as wb:
        ws = wb[layout.META_SHEET]
        for r in range(2, ws.max_row + 1):
            key = ws.cell(r, 1).value
            if key in changes:
                ws.cell(r, 2).value = changes[key]
        for prop in wb.custom_doc_props.props:
            if prop.name in changes:
                prop.value = changes[prop.name]
    return Path(out or path)


def remove_meta(
    path: str | Path, out: str | Path | None = None, *, sheet: bool = True, props: bool = True
) -> Path:
    """Delete the ``_meta`` sheet and/or the custom document properties."""
    from openpyxl.packaging.custom import CustomPropertyList

    with open_workbook(path, out) as wb:
        if sheet:
            del wb[layout.META_SHEET]
        if props:
            wb.custom_doc_props = CustomPropertyList()
    return Path(out or path)


def complete(roster: Roster, rules: Rules | None = None, seed: int = 1) -> dict[str, dict]:
    """A full, valid quarter: every count, rate and flag, every rating in scope (no two of a
    rater's ratings equal, so no ``W_RATER_FLAT``).  Keys: ``scoring``, ``peer``,
    ``leadership`` (the keyword arguments of :func:`fill_combined`)."""
    rules = rules or Rules.default()
    rnd = random.Random(seed)
    scoring: dict[str, dict[str, Any]] = {}
    for unit in roster.units:
        row: dict[str, Any] = {}
        for item in rules.items:
            if item.input == "flag":
                row[item.code] = rnd.choice(["是", "否"])
            else:
                row[item.code] = 0 if item.disqualifies else rnd.randint(0, 3)
        for flag in rules.disqualifying_flags:
            row[flag.code] = "否"
        row["baseline"] = round(rnd.uniform(80, 95), 1)
        row["current"] = round(rnd.uniform(80, 98), 1)
        scoring[unit.code] = row
    # honest raters: each unit has a true standing; a rating is it plus a little noise, so an
    # honest quarter raises no rater-analysis warning (W_RATER_BIAS, _STRATEGIC, _PAIR)
    standing = {u.code: rnd.uniform(80, 95) for u in roster.units}

    def honest(units: list, tenths: bool) -> dict[str, float]:
        out: dict[str, float] = {}
        for u in units:
            x = standing[u.code] + rnd.uniform(-2.5, 2.5)
            value = round(x, 1) if tenths else float(round(x))
            while value in out.values():  # no two equal: no W_RATER_FLAT
                value = round(value + (0.1 if tenths else 1), 1)
            out[u.code] = value if tenths else int(value)
        return out

    peer: dict[str, dict[str, Any]] = {}
    for unit in peer_raters(roster, rules):
        peer[unit.code] = honest(rated_by(roster, rules, unit.code), True)
    leadership: dict[str, dict[str, Any]] = {}
    for leader in roster.leaders:
        leadership[leader.code] = honest(list(roster.units), False)
    return {"scoring": scoring, "peer": peer, "leadership": leadership}
