"""One filled workbook, read on its own: its ``_meta`` and its input sheets (SPEC 4 and 5).

:func:`read_form` needs no roster and no period: it finds each sheet's header row and columns by
their exact header text (from :mod:`layout`), and turns every input cell into an understood
value (:mod:`values`) plus findings.  :mod:`reader` then checks the rows against the roster and
merges the forms.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..core.errors import ConfigError
from ..core.findings import Issue
from ..core.i18n import LANGS
from ..core.messages import Msg, Texts
from ..core.roster import Roster
from ..core.rules import Rules
from ..core.values import (
    Reading,
    display,
    normalise_text,
    read_count,
    read_flag,
    read_rate,
    read_rating,
    read_text,
)
from ..xlsx import layout
from ..xlsx.cells import Book, Cell, Sheet, UnreadableWorkbook, column_letter, open_book
from .register import RegisterSheet, read_register_sheet

__all__ = ["Entry", "Form", "ListRow", "Part", "read_form", "read_list_row"]

INPUT_KINDS = ("count", "flag", "rate", "text", "rating")
_READERS = {
    "count": read_count,
    "flag": read_flag,
    "rate": read_rate,
    "rating": read_rating,
    "text": read_text,
}
_NO_VALUE_CODE = {"count": "E_NOT_A_NUMBER", "rate": "E_NOT_A_NUMBER", "rating": "E_NOT_A_NUMBER"}


@dataclass
class Entry:
    """One row of an input sheet: a unit's quality line, or one rater's ratings."""

    code: str
    row: int
    code_cell: str
    raw: dict[str, Any] = field(default_factory=dict)  # column key -> value as typed (non-blank)
    values: dict[str, Any] = field(default_factory=dict)  # column key -> value understood
    # column key -> A1: every input column of a scoring row; a rating row's non-blank cells only
    # (Part.cell_of gives the others: thousands of blank columns per form are not kept)
    cells: dict[str, str] = field(default_factory=dict)
    given: dict[str, float] = field(default_factory=dict)  # ratings: ratee -> rating
    findings: list[tuple[str, Issue]] = field(default_factory=list)  # (column key, finding)

    @property
    def blank(self) -> bool:
        return not self.raw

    def drop(self, key: str) -> None:
        """Forget a cell (a rating outside the peer scope): its value and its findings."""
        self.given.pop(key, None)
        self.values.pop(key, None)
        self.findings = [(k, i) for k, i in self.findings if k != key]


@dataclass
class Part:
    """One input sheet of one file.  A rating sheet's rated-unit columns are described by
    ``rated`` (and ``rated_names``) alone, not by an entry per column in ``kinds`` and
    ``column_names``: a form of a large roster has thousands of them."""

    file: str
    sheet: str  # its name in the file
    sheet_key: layout.SheetKey
    kinds: dict[str, str] = field(default_factory=dict)  # id column key -> kind
    column_names: dict[str, Texts] = field(default_factory=dict)  # id column key -> its header
    flag_items: frozenset[str] = frozenset()  # 是/否 quality items (they count 0/1 points)
    rated: dict[str, str] = field(default_factory=dict)  # rating sheets: unit code -> header A1
    rated_names: dict[str, str] = field(default_factory=dict)  # unit code -> name shown above
    entries: dict[str, Entry] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    broken: bool = False  # no header row: nothing could be read
    # format 2 (a list of rated units down the rows): ``rated`` gives each listed unit's 评分
    # cell, ``code_cells`` its 单位编号 cell, ``rated_names`` the name shown in its row
    listed: bool = False
    code_cells: dict[str, str] = field(default_factory=dict)
    header_cell: str = ""  # format 2: the 单位编号 header cell (where a missing row is reported)
    duplicates: list[Any] = field(default_factory=list)  # format 2: later rows of a listed code
    missing_rows: set[str] = field(default_factory=set)  # roster codes without a row here

    @property
    def blank(self) -> bool:
        return all(e.blank for e in self.entries.values())

    def kind(self, key: str) -> str | None:
        """The kind of a column: an id/scoring column's, or "rating" for a rated unit's."""
        return self.kinds.get(key) or ("rating" if key in self.rated else None)

    def column_name(self, key: str) -> Texts | Msg | str:
        """A column as messages name it (in the message's language)."""
        if key in self.column_names:
            return self.column_names[key]
        if key in self.rated:
            return Msg("col_rating_of", unit=key, name=self.rated_names.get(key) or "-")
        return key

    def cell_of(self, entry: Entry, key: str) -> str | None:
        """The A1 reference of ``entry``'s cell in column ``key`` (also a blank one)."""
        if key in entry.cells:
            return entry.cells[key]
        if self.listed:
            return self.rated.get(key)
        header = self.rated.get(key)
        return f"{header.rstrip('0123456789')}{entry.row}" if header else None


@dataclass
class Form:
    """One file: what it is (``_meta``), its sheets, and the findings about it."""

    file: str
    sha256: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    parts: list[Part] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    rejected: bool = False  # not counted: only ``issues`` says why
    ignored: bool = False  # not a form but this program's results workbook or a roster

    @property
    def kind(self) -> str:
        return self.meta.get("kind", "")

    @property
    def rater(self) -> str:
        return self.meta.get("rater", "")

    roster: Roster | None = None  # the roster carried in ``_meta``, if it matches its fingerprint
    roster_damaged: bool = False  # ``_meta`` holds roster text that does not match (cut, edited)
    register: RegisterSheet | None = None  # an inspection register's rows (kind "register")

    def reject(self, issue: Issue) -> None:
        self.issues, self.parts, self.rejected = [issue], [], True

    def collect_issues(self) -> list[Issue]:
        """Every finding of the sheets, sheet by sheet, in row then column order."""
        out: list[tuple[tuple[int, int, int, int], Issue]] = []
        n = 0
        for p, part in enumerate(self.parts):
            found = [*part.issues]
            for entry in part.entries.values():
                found.extend(issue for _key, issue in entry.findings)
            for issue in found:
                row, col = _row_col(issue.cell)
                out.append(((p, row, col, n), issue))
                n += 1
        return [issue for _k, issue in sorted(out, key=lambda x: x[0])]


def _row_col(a1: str | None) -> tuple[int, int]:
    if not a1:
        return (1 << 30, 0)
    a1 = a1.split(":", 1)[0]  # a range: its first cell
    letters = a1.rstrip("0123456789")
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return int(a1[len(letters) :]), col


def _a1(row: int, col: int) -> str:
    return f"{column_letter(col)}{row}"


def _text(value: object) -> str:
    return normalise_text(display(value))


# --- the file ------------------------------------------------------------------------------
def read_form(
    file: str, data: bytes, rules: Rules, members: Mapping[str, bytes] | None = None
) -> Form:
    """Read one workbook's bytes; never raises for bad input.  ``members``: its parts already
    inflated by the guards (:func:`guards.read_checked`), not inflated again."""
    form = Form(file=file)
    try:
        book = open_book(data, members)
    except UnreadableWorkbook as exc:
        form.reject(_unreadable(file, exc))
        return form
    try:
        _read_book(form, book, rules)
    except UnreadableWorkbook as exc:
        form.reject(_unreadable(file, exc))
    finally:
        book.close()
    return form


def _unreadable(file: str, exc: UnreadableWorkbook) -> Issue:
    """``E_UNREADABLE`` saying why; a sheet beyond the caps (SPEC 8) names the sheet and cap."""
    if exc.reason == "too_large":
        what = Msg(f"too_large_{exc.params.get('what')}")
        detail = Msg("unreadable_too_large", **{**exc.params, "what": what})
        return Issue.make(
            "E_UNREADABLE", file=file, detail=detail, hint_key="unreadable_too_large.hint"
        )
    return Issue.make(
        "E_UNREADABLE", file=file, detail=Msg(f"unreadable_{exc.reason}", detail=exc.detail)
    )


def _read_book(form: Form, book: Book, rules: Rules) -> None:
    meta = _read_meta(book)
    if (meta or {}).get("kind") == "results" or (meta is None and _is_roster(book)):
        form.ignored = True  # this program's results workbook or roster: no form, no finding
        return
    if meta is None:
        form.reject(Issue.make("E_NOT_A_TEMPLATE", file=form.file))
        return
    # The roster text (up to hundreds of KB) is parsed once per run and not kept with the form.
    text = meta.pop("roster", "")
    form.meta = meta
    if text:
        form.roster = _meta_roster(text, meta.get("roster_fingerprint", ""))
        form.roster_damaged = form.roster is None
    version = meta.get("format_version", "")
    accepted = layout.read_versions(form.kind)
    if version not in accepted:
        form.reject(
            Issue.make(
                "E_FORMAT_VERSION",
                file=form.file,
                found=version or "-",
                expected="/".join(accepted),
            )
        )
        return
    if form.kind not in layout.KINDS:
        form.reject(Issue.make("E_NOT_A_TEMPLATE", file=form.file))
        return
    lang = "en" if meta.get("lang") == "en" else "zh"  # the form's own language
    if form.kind == layout.REGISTER_KIND:  # read against the roster later (intake.register)
        form.register = read_register_sheet(form.file, book, lang)
        form.issues.extend(form.register.issues)
        return
    sheets = layout.KIND_SHEETS[form.kind]
    codes = _code_index(form.roster)
    hidden = _hidden_input_sheets(form, book)
    for sheet_key in sheets:
        names = layout.sheet_names_all_langs(sheet_key)
        name = next(
            (n for n in book.sheet_names if normalise_text(n) in names and n not in hidden), None
        )
        if name is None and any(normalise_text(n) in names for n in hidden):
            continue  # only a hidden one: E_HIDDEN_SHEET says so
        if name is None:
            expected = layout.sheet_name(sheet_key, lang)
            part = Part(file=form.file, sheet=expected, sheet_key=sheet_key, broken=True)
            detail = Msg("structure_no_sheet", sheet=expected)
            part.issues.append(Issue.make("E_STRUCTURE", file=form.file, detail=detail))
            form.parts.append(part)
            continue
        if layout.is_list_form(version, form.kind):
            part = _read_list_part(form.file, book.sheet(name), sheet_key, form.rater, codes)
        else:
            part = _read_part(form.file, book.sheet(name), sheet_key, rules, lang, codes)
        form.parts.append(part)


def _hidden_input_sheets(form: Form, book: Book) -> set[str]:
    """Hidden or very hidden sheets named like an input sheet (after NFKC and trimming), other
    than ``_meta``: each is ``E_HIDDEN_SHEET`` and is never read (a visible sheet of that name
    is read instead), so nobody can hide values the clerk cannot see (SPEC 5)."""
    inputs = {n for key in layout.SHEET_KEYS for n in layout.sheet_names_all_langs(key)}
    hidden: set[str] = set()
    for name in book.sheet_names:
        state = book.sheet_parts[name][0]
        if name == layout.META_SHEET or state.lower() == "visible":
            continue
        if normalise_text(name) in inputs:
            hidden.add(name)
            very = state.lower() == "veryhidden"
            how = Msg("hidden_very" if very else "hidden_plain")
            form.issues.append(Issue.make("E_HIDDEN_SHEET", file=form.file, sheet=name, how=how))
    return hidden


def _read_meta(book: Book) -> dict[str, str] | None:
    """``_meta`` from its sheet (visible, hidden or very hidden) and the custom properties."""
    meta: dict[str, str] = {}
    props = book.custom_properties()
    for key in layout.META_PROPERTY_KEYS:
        if key in props:
            meta[key] = _meta_text(props[key])
    if layout.META_SHEET in book.sheet_names:
        sheet = book.sheet(layout.META_SHEET)
        for (row, col), cell in sheet.cells.items():
            if col != 1 or row == 1:
                continue
            key = display(cell.value)
            if key == "roster":
                meta[key] = _meta_chunks(sheet, row)
            elif key in layout.META_KEYS:
                meta[key] = _meta_text(sheet.value(row, 2))
    if "kind" not in meta and "format_version" not in meta:
        return None
    return meta


_CODE_INDEXES: dict[int, tuple[Roster, dict[str, str]]] = {}  # id(roster) -> (roster, index)


def _code_index(roster: Roster | None) -> dict[str, str]:
    """Case-folded code -> the roster's code, for codes that no other code folds to: a code
    retyped in another case ("jg01") is the roster's (code cells are locked, so it was retyped;
    Excel's lookups ignore case too).  Built once per roster object (every form of a run shares
    the cached one from ``_meta_roster``)."""
    hit = _CODE_INDEXES.get(id(roster))
    if hit is not None and hit[0] is roster:
        return hit[1]
    index = _build_code_index(roster)
    if roster is not None:
        if len(_CODE_INDEXES) >= 8:
            _CODE_INDEXES.clear()
        _CODE_INDEXES[id(roster)] = (roster, index)
    return index


def _build_code_index(roster: Roster | None) -> dict[str, str]:
    by_fold: dict[str, list[str]] = {}
    people = [] if roster is None else [*roster.units, *roster.leaders]
    for code in (p.code for p in people):
        by_fold.setdefault(code.casefold(), []).append(code)
    return {fold: codes[0] for fold, codes in by_fold.items() if len(codes) == 1}


def _is_roster(book: Book) -> bool:
    """A roster workbook (``init`` writes one): both roster sheets, in either language."""
    names = {normalise_text(n) for n in book.sheet_names}
    return all(
        names & set(layout.sheet_names_all_langs(sheet))
        for sheet in ("roster_units", "roster_leaders")
    )


def _meta_text(value: object) -> str:
    """A meta value as text; LibreOffice may turn "1" into the number 1 or "1.0"."""
    text = display(value).strip()
    try:
        number = float(text)
    except ValueError:
        return text
    return str(int(number)) if number.is_integer() and "." in text and len(text) < 20 else text


def _meta_chunks(sheet: Sheet, row: int) -> str:
    """The roster's canonical JSON: a cell holds at most 32,767 characters, so a large roster
    is split over B, C, D, ... of its row; joined up to the first empty cell, as written (not
    trimmed: a chunk may end in a name's space)."""
    chunks: list[str] = []
    col = 2
    while True:
        value = sheet.value(row, col)
        text = value if isinstance(value, str) else display(value)
        if not text:
            return "".join(chunks)
        chunks.append(text)
        col += 1


@functools.lru_cache(maxsize=8)
def _meta_roster(text: str, fingerprint: str) -> Roster | None:
    """The roster of a ``_meta`` text, if its SHA-256 is ``fingerprint``.  Cached: every form of
    a quarter carries the same roster, parsed and validated once."""
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != fingerprint:
        return None
    try:
        return Roster.from_json(text)
    except ConfigError:
        return None


# --- one sheet -----------------------------------------------------------------------------
def _find_header(
    sheet: Sheet, sheet_key: layout.SheetKey, firsts: Mapping[str, str] | None = None
) -> tuple[int, str] | None:
    """(header row, its language): the first row whose first cell is one of ``firsts``
    (header text -> language; default: the sheet's first header in either language)."""
    firsts = firsts or {layout.first_header(sheet_key, lg): lg for lg in LANGS}
    for row in range(1, layout.HEADER_SEARCH_ROWS + 1):
        text = _text(sheet.value(row, 1))
        if text in firsts:
            return row, firsts[text]
    return None


def _read_part(
    file: str,
    sheet: Sheet,
    sheet_key: layout.SheetKey,
    rules: Rules,
    form_lang: str,
    codes: dict[str, str],
) -> Part:
    part = Part(file=file, sheet=sheet.name, sheet_key=sheet_key)
    where = {"file": file, "sheet": sheet.name}
    found = _find_header(sheet, sheet_key)
    if found is None:
        header = layout.first_header(sheet_key, form_lang)
        detail = Msg("structure_no_header", rows=layout.HEADER_SEARCH_ROWS, header=header)
        part.issues.append(Issue.make("E_STRUCTURE", detail=detail, **where))
        part.broken = True
        return part
    header_row, sheet_lang = found
    rows = sheet.rows()
    header_cells = {
        c: _text(cell.value) for c, cell in rows.get(header_row, {}).items() if _text(cell.value)
    }
    if sheet_key != "scoring":  # the rated units' codes
        header_cells = {c: codes.get(text.casefold(), text) for c, text in header_cells.items()}
    if sheet_key == "scoring":
        expected = layout.scoring_columns(rules, sheet_lang)
        zh, en = (layout.scoring_columns(rules, lg) for lg in ("zh", "en"))
    else:
        expected = layout.rating_id_columns(sheet_key, sheet_lang)
        zh, en = (layout.rating_id_columns(sheet_key, lg) for lg in ("zh", "en"))
    shown = {a.key: Texts(a.header, b.header) for a, b in zip(zh, en, strict=True)}
    columns = _match_columns(part, header_row, header_cells, expected, sheet_key, where)
    for column in expected:
        if column.key in columns and column.kind in INPUT_KINDS:
            part.kinds[column.key] = column.kind
            part.column_names[column.key] = shown[column.key]
    part.flag_items = frozenset(i.code for i in rules.items if i.input == "flag")
    rated_cols: dict[int, str] = {}  # rating sheets: column -> rated unit's code
    if sheet_key != "scoring":
        names = rows.get(header_row - 1, {})
        for code, a1 in part.rated.items():
            col = _row_col(a1)[1]
            rated_cols[col] = code
            if col in names and (name := _text(names[col].value)):
                part.rated_names[code] = name
    code_col = columns.get("unit_code" if sheet_key == "scoring" else "rater_code")
    if code_col is None:
        part.broken = True
        return part
    input_cols = {key: col for key, col in columns.items() if key in part.kinds}
    _merged_inputs(part, sheet, header_row, {*input_cols.values(), *rated_cols}, where)
    for row in sorted(r for r in rows if r > header_row):
        cells = rows[row]
        code = _text(cells[code_col].value) if code_col in cells else ""
        code = codes.get(code.casefold(), code)
        content = [c for c in [*input_cols.values(), *rated_cols] if not _blank(cells.get(c))]
        if not code:
            if content:
                detail = Msg("structure_no_code", row=row)
                part.issues.append(
                    Issue.make("E_STRUCTURE", cell=_a1(row, code_col), detail=detail, **where)
                )
            continue
        if code in part.entries:
            first = part.entries[code].row
            detail = Msg("structure_duplicate_row", code=code, first=first)
            part.issues.append(
                Issue.make("E_STRUCTURE", cell=_a1(row, code_col), detail=detail, **where)
            )
            continue
        entry = Entry(code=code, row=row, code_cell=_a1(row, code_col))
        part.entries[code] = entry
        for key, col in input_cols.items():
            entry.cells[key] = _a1(row, col)
            _read_entry_cell(part, entry, key, cells.get(col))
        for col in sorted(cells):  # rated units: only the cells present (a blank gives no
            ratee = rated_cols.get(col)  # rating: the others need no reading)
            if ratee is not None and not _blank(cells[col]):
                entry.cells[ratee] = _a1(row, col)
                _read_entry_cell(part, entry, ratee, cells[col])
    return part


def _read_list_part(
    file: str, sheet: Sheet, sheet_key: layout.SheetKey, rater: str, codes: dict[str, str]
) -> Part:
    """A format 2 rating sheet: one rater (``_meta``'s), one row per rated unit.  The rows are
    checked against the roster later (reader): a unit missing, listed twice, unknown, or a
    row whose 单位编号 no longer matches its 单位名称."""
    part = Part(file=file, sheet=sheet.name, sheet_key=sheet_key, listed=True)
    where = {"file": file, "sheet": sheet.name}
    firsts = {layout.rating_list_columns(lg)[0].header: lg for lg in LANGS}
    found = _find_header(sheet, sheet_key, firsts)
    if found is None:
        header = layout.rating_list_columns("zh")[0].header
        detail = Msg("structure_no_header", rows=layout.HEADER_SEARCH_ROWS, header=header)
        part.issues.append(Issue.make("E_STRUCTURE", detail=detail, **where))
        part.broken = True
        return part
    header_row, sheet_lang = found
    rows = sheet.rows()
    header_cells = {
        c: _text(cell.value) for c, cell in rows.get(header_row, {}).items() if _text(cell.value)
    }
    expected = layout.rating_list_columns(sheet_lang)
    columns = _match_columns(part, header_row, header_cells, expected, "list", where)
    code_col, rating_col = columns.get("unit_code"), columns.get("rating")
    if code_col is None or rating_col is None:
        part.broken = True
        return part
    name_col = columns.get("unit_name")
    part.header_cell = _a1(header_row, code_col)
    entry = Entry(code=rater, row=layout.INFO_ROW, code_cell=layout.LIST_RATER_CELL)
    part.entries[rater] = entry
    _merged_inputs(part, sheet, header_row, {rating_col}, where)
    code_letters, rating_letters = column_letter(code_col), column_letter(rating_col)
    for row in sorted(r for r in rows if r > header_row):
        cells = rows[row]
        code = _text(cells[code_col].value) if code_col in cells else ""
        code = codes.get(code.casefold(), code)
        cell = cells.get(rating_col)
        if not code:
            if not _blank(cell):
                detail = Msg("structure_no_code", row=row)
                part.issues.append(
                    Issue.make("E_STRUCTURE", cell=_a1(row, code_col), detail=detail, **where)
                )
            continue
        name = _text(cells[name_col].value) if name_col is not None and name_col in cells else ""
        row_ = ListRow(code, f"{code_letters}{row}", f"{rating_letters}{row}", name, cell)
        if code in part.rated:  # judged against the roster (reader): which row was altered
            part.duplicates.append(row_)
            continue
        read_list_row(part, entry, row_)
    return part


@dataclass(frozen=True)
class ListRow:
    """One row of a format 2 rating sheet, as found."""

    code: str
    code_cell: str
    rating_cell: str
    name: str
    cell: Cell | None


def read_list_row(part: Part, entry: Entry, row: ListRow) -> None:
    """Count ``row`` as the row of its unit: its 评分 cell read into ``entry``."""
    part.rated[row.code] = row.rating_cell
    part.code_cells[row.code] = row.code_cell
    part.rated_names[row.code] = row.name
    if not _blank(row.cell):
        entry.cells[row.code] = row.rating_cell
        _read_entry_cell(part, entry, row.code, row.cell)


def _merged_inputs(
    part: Part, sheet: Sheet, header_row: int, input_cols: set[int], where: dict[str, str]
) -> None:
    """``E_MERGED_INPUT`` for every merged range below the header that covers input cells: a
    spreadsheet keeps only the first cell's value of a merged range and drops the others
    without a word (SPEC 5)."""
    if not sheet.merged or not input_cols:
        return
    low, high = min(input_cols), max(input_cols)
    for _r1, c1, r2, c2, ref in sheet.merged:
        if r2 <= header_row or c2 < low or c1 > high:
            continue
        if any(c1 <= col <= c2 for col in input_cols):
            part.issues.append(Issue.make("E_MERGED_INPUT", cell=ref, range=ref, **where))


def _match_columns(
    part: Part,
    header_row: int,
    header_cells: dict[int, str],
    expected: list[layout.Column],
    sheet_key: str,
    where: dict[str, str],
) -> dict[str, int]:
    """Column key -> column index, found by exact header text; reports what does not fit."""
    by_header = {c.header: c for c in expected}
    columns: dict[str, int] = {}
    unknown: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    for col, text in sorted(header_cells.items()):
        if text in seen:
            detail = Msg("structure_duplicate_column", header=text)
            part.issues.append(
                Issue.make("E_STRUCTURE", cell=_a1(header_row, col), detail=detail, **where)
            )
            continue
        seen[text] = col
        if text in by_header:
            columns[by_header[text].key] = col
        else:
            unknown.append((col, text))
    missing = [c for c in expected if c.key not in columns]
    if sheet_key in ("peer", "leadership"):
        # Rating grids: after the two id columns, every header is a rated unit's code.
        for col, text in unknown:
            if col > len(expected):
                part.rated[text] = _a1(header_row, col)
        unknown = [(col, text) for col, text in unknown if col <= len(expected)]
    position = {i + 1: c for i, c in enumerate(expected)}
    for col, text in unknown:
        meant = position.get(col)
        if meant is not None and meant in missing:
            missing.remove(meant)
            detail = Msg("structure_renamed_column", expected=meant.header, found=text)
        else:
            detail = Msg("structure_extra_column", header=text)
        part.issues.append(
            Issue.make("E_STRUCTURE", cell=_a1(header_row, col), detail=detail, **where)
        )
    for column in missing:
        detail = Msg("structure_missing_column", header=column.header)
        part.issues.append(Issue.make("E_STRUCTURE", detail=detail, **where))
    return columns


def _blank(cell: Cell | None) -> bool:
    """Nothing typed: no cell, or no value and no formula, or text of only spaces (cells of
    empty text are left by pasting the values of formulas that gave "")."""
    if cell is None or cell.formula is not None:
        return cell is None
    value = cell.value
    return value is None or (isinstance(value, str) and not normalise_text(value))


def _read_entry_cell(part: Part, entry: Entry, key: str, cell: Cell | None) -> None:
    kind = part.kind(key) or "text"
    if cell is None or _blank(cell):
        blank = _READERS[kind](None)
        if blank.value is not None:  # a blank count is 0, a blank flag is 否
            entry.values[key] = blank.value
        return
    no_result = cell.formula is not None and cell.value is None
    entry.raw[key] = f"={cell.formula}" if no_result else cell.value
    ids: dict[str, Any] = {"file": part.file, "sheet": part.sheet, "cell": entry.cells[key]}
    if kind == "rating":
        ids.update(rater=entry.code, unit=key)
        if key == entry.code:
            shown = display(cell.value) if cell.formula is None else f"={cell.formula}"
            entry.findings.append((key, Issue.make("E_SELF_RATING", value=shown, **ids)))
            return
    else:
        ids["unit"] = entry.code
    reading = _understand(cell, kind)
    column = part.column_name(key)
    for code, params in reading.findings:
        entry.findings.append((key, Issue.make(code, column=column, **params, **ids)))
    if reading.ok and reading.value is not None:
        entry.values[key] = reading.value
        if kind == "rating":
            entry.given[key] = float(reading.value)


def _understand(cell: Cell, kind: str) -> Reading:
    """A cell's value; a user's formula counts by its cached result, with a warning."""
    read = _READERS[kind]
    if cell.formula is None:
        return read(cell.value, percent_format=cell.percent)
    formula = cell.formula
    if cell.value is None and kind != "text":
        code = _NO_VALUE_CODE.get(kind, "E_BAD_CHOICE")
        expected = Msg(f"expect_{kind}")
        return Reading(None, [(code, {"value": f"={formula}", "expected": expected})])
    reading = read(cell.value, percent_format=cell.percent)
    warning = ("W_FORMULA_IN_INPUT", {"formula": formula, "value": display(cell.value)})
    reading.findings.insert(0, warning)
    return reading
