"""Reading the inspection register (检查记录台账, SPEC 14) back.

Two phases, as for the forms.  :func:`read_register_sheet` needs no roster: it finds the sheet,
its header row (first cell 日期) and the seven columns by their exact header text, and keeps
every row that is not blank.  :func:`add_register` then reads each row against the run's roster,
period and rules: the date as people type it (:mod:`core.dates`), the unit code (any case), the
item (its label in either language, or its code), 是否查实.  A clean row is a
:class:`~redflag_xlsx.core.models.RegisterEvent`; what is wrong is a finding naming the row and
the cell: ``E_REGISTER_DATE``, ``E_REGISTER_UNIT``, ``E_REGISTER_ITEM``, ``W_REGISTER_UNVERIFIED``
(是否查实 blank: not counted), ``E_BAD_CHOICE`` (是否查实 neither 是 nor 否).
:func:`count_mismatches` compares the scoring sheet's typed counts with the register's
(``E_COUNT_MISMATCH``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..core.dates import quarter_days, read_date
from ..core.findings import Issue
from ..core.i18n import LANGS, t
from ..core.messages import Msg, Texts
from ..core.models import Register, RegisterEvent, Submission
from ..core.period import Period
from ..core.register import item_codes_by_text, register_counts, register_items
from ..core.roster import Roster
from ..core.rules import Rules
from ..core.values import display, normalise_text, read_flag, read_text
from ..xlsx import layout
from ..xlsx.cells import Book, Cell, column_letter

__all__ = ["RegisterSheet", "add_register", "count_mismatches", "read_register_sheet"]


@dataclass
class RegisterRow:
    """One row that is not blank: the cells of the register's columns (absent: blank)."""

    row: int
    cells: dict[str, Cell] = field(default_factory=dict)  # column key -> cell


@dataclass
class RegisterSheet:
    """The register sheet of one file, as found (phase 1)."""

    sheet: str
    columns: dict[str, int] = field(default_factory=dict)  # column key -> column (1-based)
    rows: list[RegisterRow] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)  # E_STRUCTURE
    broken: bool = False  # no sheet, header or column: nothing was read
    date1904: bool = False

    def a1(self, key: str, row: int) -> str:
        return f"{column_letter(self.columns[key])}{row}"


def _text(value: object) -> str:
    return normalise_text(display(value))


_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff")  # what normalise_text removes


def _blank(cell: Cell | None) -> bool:
    """Nothing typed: no value and no formula, or text of spaces and invisible characters."""
    if cell is None:
        return True
    if cell.formula is not None:
        return False
    value = cell.value
    if value is None:
        return True
    if not isinstance(value, str):
        return False
    text = value.strip()  # fast: most text is not blank at its first character
    return not text or (text[0] in _INVISIBLE and not normalise_text(text))


# --- phase 1: the file alone ----------------------------------------------------------------
def read_register_sheet(file: str, book: Book, lang: str) -> RegisterSheet:
    """The register's rows, found by the header texts of :func:`layout.register_columns`."""
    names = layout.register_sheet_names("register")
    candidates = [n for n in book.sheet_names if normalise_text(n) in names]
    hidden = [n for n in candidates if book.sheet_parts[n][0].lower() != "visible"]
    name = next((n for n in candidates if n not in hidden), None)
    expected_name = t("sheet_register", lang)
    found = RegisterSheet(name or expected_name, broken=name is None)
    for other in hidden:  # never read: nobody may hide events the clerk cannot see (SPEC 5)
        very = book.sheet_parts[other][0].lower() == "veryhidden"
        how = Msg("hidden_very" if very else "hidden_plain")
        found.issues.append(Issue.make("E_HIDDEN_SHEET", file=file, sheet=other, how=how))
    if name is None:
        if not hidden:
            detail = Msg("structure_no_sheet", sheet=expected_name)
            found.issues.append(Issue.make("E_STRUCTURE", file=file, detail=detail))
        return found
    sheet = book.sheet(name)
    found.date1904 = book.date1904
    where = {"file": file, "sheet": name}
    rows = sheet.rows()
    firsts = {layout.register_columns(lg)[0].header: lg for lg in LANGS}
    header_row, sheet_lang = next(
        (
            (r, firsts[_text(rows.get(r, {}).get(1, Cell()).value)])
            for r in range(1, layout.HEADER_SEARCH_ROWS + 1)
            if _text(rows.get(r, {}).get(1, Cell()).value) in firsts
        ),
        (0, lang),
    )
    if not header_row:
        header = layout.register_columns(lang)[0].header
        detail = Msg("structure_no_header", rows=layout.HEADER_SEARCH_ROWS, header=header)
        found.issues.append(Issue.make("E_STRUCTURE", detail=detail, **where))
        found.broken = True
        return found
    expected = layout.register_columns(sheet_lang)
    by_header = {c.header: c.key for c in expected}
    position = {i + 1: c for i, c in enumerate(expected)}
    unknown: list[tuple[int, str]] = []
    for col, cell in sorted(rows.get(header_row, {}).items()):
        text = _text(cell.value)
        if not text:
            continue
        key = by_header.get(text)
        if key is None:
            unknown.append((col, text))
        elif key in found.columns:
            detail = Msg("structure_duplicate_column", header=text)
            cell_a1 = f"{column_letter(col)}{header_row}"
            found.issues.append(Issue.make("E_STRUCTURE", cell=cell_a1, detail=detail, **where))
        else:
            found.columns[key] = col
    renamed: set[str] = set()
    for col, text in unknown:
        meant = position.get(col)
        if meant is not None and meant.key not in found.columns:
            renamed.add(meant.key)
            detail = Msg("structure_renamed_column", expected=meant.header, found=text)
        else:
            detail = Msg("structure_extra_column", header=text)
        cell_a1 = f"{column_letter(col)}{header_row}"
        found.issues.append(Issue.make("E_STRUCTURE", cell=cell_a1, detail=detail, **where))
    for column in expected:
        if column.key not in found.columns:
            found.broken = True  # a column cannot be read: no row is
            if column.key not in renamed:
                detail = Msg("structure_missing_column", header=column.header)
                found.issues.append(Issue.make("E_STRUCTURE", detail=detail, **where))
    if found.broken:
        return found
    for _r1, c1, r2, c2, ref in sheet.merged:  # a merged range keeps only its first value
        if r2 > header_row and any(c1 <= col <= c2 for col in found.columns.values()):
            found.issues.append(Issue.make("E_MERGED_INPUT", cell=ref, range=ref, **where))
    by_col = {col: key for key, col in found.columns.items()}
    for r in sorted(r for r in rows if r > header_row):
        kept = {
            by_col[col]: cell for col, cell in rows[r].items() if col in by_col and not _blank(cell)
        }
        if kept:
            found.rows.append(RegisterRow(r, kept))
    return found


# --- phase 2: against the run's roster, period and rules -------------------------------------
@dataclass
class _Context:
    """What every row is read against, built once per run."""

    period: Period
    units: dict[str, str]  # case-folded code -> the roster's code (codes no other folds to)
    # (a code typed exactly is looked up in ``names`` first)
    names: dict[str, str]  # code -> name
    items: dict[str, str]  # typed item text (case-folded) -> item code
    labels: dict[str, Texts]  # item code -> its label
    columns: dict[str, Texts]  # column key -> its header
    first: str
    last: str

    @classmethod
    def of(cls, roster: Roster, period: Period, rules: Rules) -> _Context:
        by_fold: dict[str, list[str]] = {}
        for u in roster.units:
            by_fold.setdefault(u.code.casefold(), []).append(u.code)
        first, last = quarter_days(period)
        zh, en = (layout.register_columns(lg) for lg in ("zh", "en"))
        return cls(
            period=period,
            units={fold: codes[0] for fold, codes in by_fold.items() if len(codes) == 1},
            names={u.code: u.name for u in roster.units},
            items=item_codes_by_text(rules),
            labels={i.code: Texts(i.label_zh, i.label_en) for i in register_items(rules)},
            columns={a.key: Texts(a.header, b.header) for a, b in zip(zh, en, strict=True)},
            first=first.isoformat(),
            last=last.isoformat(),
        )


def add_register(
    register: Register,
    file: str,
    found: RegisterSheet,
    roster: Roster,
    period: Period,
    rules: Rules,
) -> list[Issue]:
    """Read the rows of ``found`` into ``register``'s events; returns the findings."""
    register.files.append(file)
    ctx = _Context.of(roster, period, rules)
    issues: list[Issue] = []
    for row in found.rows:
        event, row_issues = _read_row(row, found, file, ctx)
        issues.extend(row_issues)
        if event is not None:
            register.events.append(event)
    return issues


def _value(cell: Cell | None) -> Any:
    return None if cell is None else cell.value


def _read_row(
    row: RegisterRow, found: RegisterSheet, file: str, ctx: _Context
) -> tuple[RegisterEvent | None, list[Issue]]:
    r = row.row
    issues: list[Issue] = []

    def where(key: str, **more: Any) -> dict[str, Any]:
        return {"file": file, "sheet": found.sheet, "cell": found.a1(key, r), "row": r, **more}

    # 单位编号 first: the other findings of the row name the unit when it is known
    typed_unit = _text(_value(row.cells.get("unit_code")))
    unit = typed_unit if typed_unit in ctx.names else ctx.units.get(typed_unit.casefold())
    unit_ids = {"unit": unit} if unit else {}
    date_cell = row.cells.get("date")
    date_raw = _value(date_cell)
    if date_cell is not None and date_cell.formula is not None and date_raw is None:
        date_raw = f"={date_cell.formula}"  # no cached result: not a date
    reading = read_date(date_raw, period=ctx.period, date1904=found.date1904)
    if reading.problem == "blank":
        issues.append(
            Issue.make("E_REGISTER_DATE", text_key="reg_date_blank", **where("date", **unit_ids))
        )
    elif reading.problem == "not_a_date":
        issues.append(
            Issue.make("E_REGISTER_DATE", value=display(date_raw), **where("date", **unit_ids))
        )
    elif reading.problem == "outside":
        assert reading.value is not None
        issues.append(
            Issue.make(
                "E_REGISTER_DATE",
                text_key="reg_date_outside",
                value=display(date_raw),
                date=reading.value.isoformat(),
                period=str(ctx.period),
                first=ctx.first,
                last=ctx.last,
                **where("date", **unit_ids),
            )
        )
    if not typed_unit:
        issues.append(
            Issue.make("E_REGISTER_UNIT", text_key="reg_unit_blank", **where("unit_code"))
        )
    elif unit is None:
        issues.append(Issue.make("E_REGISTER_UNIT", value=typed_unit, **where("unit_code")))
    typed_item = _text(_value(row.cells.get("item")))
    item = ctx.items.get(typed_item.casefold()) if typed_item else None
    if not typed_item:
        issues.append(
            Issue.make("E_REGISTER_ITEM", text_key="reg_item_blank", **where("item", **unit_ids))
        )
    elif item is None:
        issues.append(Issue.make("E_REGISTER_ITEM", value=typed_item, **where("item", **unit_ids)))
    verified_cell = row.cells.get("verified")
    verified: bool | None = None
    if verified_cell is None:
        issues.append(
            Issue.make(
                "W_REGISTER_UNVERIFIED",
                text_key=None if typed_unit or typed_item else "reg_unverified_bare",
                what=_what(unit, typed_unit, item, typed_item, ctx),
                **where("verified", **unit_ids),
            )
        )
    else:
        raw = verified_cell.value
        if raw is None and verified_cell.formula is not None:
            raw = f"={verified_cell.formula}"  # no cached result: not 是 or 否
        flag = read_flag(raw)
        for code, params in flag.findings:
            issues.append(
                Issue.make(
                    code, column=ctx.columns["verified"], **params, **where("verified", **unit_ids)
                )
            )
        verified = flag.value if isinstance(flag.value, bool) else None
    if any(i.is_error for i in issues) or reading.value is None or unit is None or item is None:
        return None, issues
    texts = {
        key: str(read_text(_value(row.cells.get(key))).value or "")
        for key in ("description", "evidence", "inspector")
    }
    event = RegisterEvent(
        date=reading.value,
        unit=unit,
        item=item,
        verified=bool(verified),
        file=file,
        sheet=found.sheet,
        row=r,
        **texts,
    )
    return event, issues


def _what(
    unit: str | None, typed_unit: str, item: str | None, typed_item: str, ctx: _Context
) -> Msg:
    """The event as a message names it: its unit and item (as typed when unknown)."""
    return Msg(
        "reg_event_what",
        unit=unit or typed_unit or "-",
        item=ctx.labels[item] if item else (typed_item or "-"),
    )


# --- the scoring sheet's typed counts against the register -------------------------------------
def count_mismatches(sub: Submission, rules: Rules) -> list[Issue]:
    """``E_COUNT_MISMATCH`` for every register item whose count was typed in the scoring sheet
    and differs from the register's count of verified events (a flag: 是 when it has one)."""
    if sub.inspection_register is None:
        return []
    counts = register_counts(sub.inspection_register)
    names = {u.code: u.name for u in sub.roster.units}
    issues: list[Issue] = []
    for code, row in sub.scoring.items():
        typed = set(row.typed)
        for item in register_items(rules):
            if item.code not in typed:
                continue
            n = counts.get(code, {}).get(item.code, 0)
            if item.flag:
                value = row.flags.get(item.code)
                if value is None or value == (n > 0):
                    continue
                shown: Any = Msg("yes" if value else "no")
                key = "count_mismatch_flag"
            else:
                number = row.counts.get(item.code)
                if number is None or number == n:
                    continue
                shown, key = display(number), "E_COUNT_MISMATCH"
            issues.append(
                Issue.make(
                    "E_COUNT_MISMATCH",
                    text_key=key,
                    file=row.file,
                    sheet=row.sheet,
                    cell=row.cells.get(item.code),
                    unit=code,
                    name=names.get(code, ""),
                    item=Texts(item.label_zh, item.label_en),
                    typed=shown,
                    count=n,
                )
            )
    return issues
