"""A small, fast reader of the cells of an xlsx file: value, formula and percent/date format.

The reader needs, for every input cell, both what a user typed (a formula?) and what the
spreadsheet showed (its cached value, and whether the cell is formatted as a percentage or a
date).  openpyxl gives the first or the second per pass and is slow per file; this module reads
the few parts a form needs straight from the zip in one pass: the workbook's sheet list (with
hidden states), shared strings, the number formats of the cell styles, the requested sheets and
the custom document properties.  Nothing is ever written, nothing external followed.

XML safety: a part that holds a document type declaration is refused before it is parsed (as
defusedxml's ``forbid_dtd``); without a DTD no entity can be declared, so the standard library's
C parser is then safe, and it is several times faster than defusedxml's Python-level hooks
(:mod:`guards` has also checked every part's prolog with defusedxml before this module runs).
Any malformed input raises :class:`UnreadableWorkbook`.
"""

from __future__ import annotations

import datetime as _dt
import functools
import io
import math
import posixpath
import re
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import cast
from xml.etree.ElementTree import Element, XMLPullParser, fromstring

from ..core.values import CellError
from .scan import scan_shared_strings, scan_sheet

__all__ = [
    "MAX_CELLS",
    "MAX_ROWS",
    "MAX_SHARED_STRINGS",
    "MAX_TEXT",
    "MAX_VALUES",
    "Book",
    "Cell",
    "Sheet",
    "UnreadableWorkbook",
    "column_letter",
    "count_cells",
    "open_book",
]

_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_STRICT_R_NS = "http://purl.oclc.org/ooxml/officeDocument/relationships"
_REL_OFFICE_DOC = "/officeDocument"
_REL_CUSTOM_PROPS = "/custom-properties"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Parts up to this size are parsed whole (fast, in C); bigger ones are streamed row by row.
_STREAM_ABOVE = 2**20
# A document type declaration, the only place entities can be declared (billion laughs,
# external entities), in every encoding expat reads: such a part is refused unparsed.
_DOCTYPE = tuple("<!DOCTYPE".encode(enc) for enc in ("ascii", "utf-16-le", "utf-16-be"))

# Built-in number formats that show a percentage or a date (ids 27-36 and 50-58 are the East
# Asian date formats Excel uses in a Chinese locale, e.g. "yyyy年m月d日").
_PERCENT_IDS = frozenset({9, 10})
_DATE_IDS = frozenset([*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)])
_FMT_STRIP = re.compile(r'"[^"]*"|\\.|\[(?!h+\]|m+\]|s+\])[^\]]*\]|_.|\*.')
_FMT_DATE = re.compile(r"[dmyhs]|[上下]午|AM/PM", re.IGNORECASE)


class UnreadableWorkbook(Exception):
    """The bytes are not an xlsx workbook this program can read; ``reason`` says why (and
    ``params``, for a sheet beyond the caps, which sheet and which cap)."""

    def __init__(self, reason: str, detail: str = "", **params: object) -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        # "encrypted" | "legacy" | "not_zip" | "corrupt" | "too_large"
        self.reason = reason
        self.detail = detail
        self.params = params


# Caps on what a workbook may hold, checked while streaming, so that every file the guards let
# through is read in seconds and well under 500 MB (SPEC 8; the figures and their
# measurements are in docs/security.md).  For scale: a form of 2,000 units has about 2,010
# rows; the combined form of 400 units 160,000 (blank) rating cells; filled, a combined form of
# 500 units holds 250,000 ratings.  Blank styled rows and cells cost almost nothing (they are
# cut out of the bytes before parsing), so their caps are high; every other XML element costs
# a few microseconds, so the elements of the whole workbook have one budget.
MAX_ROWS = 100_000  # <row> elements in one sheet, blank ones included
MAX_CELLS = 2_000_000  # <c> elements in one sheet, blank (styled) ones included
MAX_VALUES = 250_000  # cells holding a value or a formula in one sheet
MAX_SHARED_STRINGS = 300_000  # entries of the shared strings table
MAX_TEXT = 20_000_000  # characters of text in the shared strings, and in one sheet's cells
MAX_ELEMENTS = 1_000_000  # XML elements parsed from the streamed parts of one workbook


@dataclass(slots=True)
class Cell:
    """One cell: the value shown (for a formula: its cached value, ``None`` if none)."""

    value: object = None
    formula: str | None = None  # the formula text (without "="), if the cell holds one
    percent: bool = False  # shown as a percentage


@dataclass
class Sheet:
    name: str
    state: str  # "visible" | "hidden" | "veryHidden"
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)  # (row, col), 1-based
    # merged ranges as (first row, first col, last row, last col), 1-based, and as written
    merged: list[tuple[int, int, int, int, str]] = field(default_factory=list)

    @property
    def max_row(self) -> int:
        return max((r for r, _c in self.cells), default=0)

    def get(self, row: int, col: int) -> Cell | None:
        return self.cells.get((row, col))

    def value(self, row: int, col: int) -> object:
        cell = self.cells.get((row, col))
        return None if cell is None else cell.value

    def rows(self) -> dict[int, dict[int, Cell]]:
        out: dict[int, dict[int, Cell]] = {}
        for (r, c), cell in self.cells.items():
            out.setdefault(r, {})[c] = cell
        return out


def column_letter(col: int) -> str:
    letters = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _column_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch.upper()) - 64)
    return n


_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")
# Text in cells escapes characters XML cannot hold as _xHHHH_ (Excel writes a carriage return
# as _x000D_, and a typed "_x0041_" as "_x005F_x0041_").
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescape(text: str) -> str:
    return _ESCAPE.sub(_unescaped, text) if "_x" in text else text


def _unescaped(match: re.Match[str]) -> str:
    code = int(match.group(1), 16)
    return match.group(0) if 0xD800 <= code <= 0xDFFF else chr(code)  # no lone surrogates


@functools.lru_cache(maxsize=512)
def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


# Blank rows and cells that carry nothing but a style (``<row r="9" ht="15" s="3"/>``,
# ``<c r="B9" s="4"/>``): a streamed sheet has them cut out of the bytes before parsing (by a
# regular expression, in C) and only counted, so millions of them cost seconds, not minutes.
# Only done where every row and cell says where it is (``r=``): otherwise a cut one would shift
# the rows or columns that follow it.
_BLANK_ROW = re.compile(rb'<row\s+r="\d+"[^<>]*/>')
_BLANK_CELL = re.compile(rb'<c\s+r="[A-Za-z]{1,3}\d+"[^<>]*/>')
_NO_REF = re.compile(rb"<(?:row|c)(?=[\s/>])(?![^<>]*\sr=)")


class _Unplaced(Exception):
    """A row or cell without ``r=`` met after blanks were cut: the sheet is read again, uncut."""


class _Blanks:
    """Counts of the blank rows and cells cut from a streamed sheet, checked against the caps."""

    def __init__(self) -> None:
        self.rows = self.cells = 0

    def cut(self, data: bytes) -> bytes:
        if _NO_REF.search(data):
            raise _Unplaced
        data, cells = _BLANK_CELL.subn(b"", data)
        data, rows = _BLANK_ROW.subn(b"", data)
        self.cells += cells
        self.rows += rows
        if self.rows > MAX_ROWS:
            raise UnreadableWorkbook("too_large", what="rows", limit=MAX_ROWS)
        if self.cells > MAX_CELLS:
            raise UnreadableWorkbook("too_large", what="cells", limit=MAX_CELLS)
        return data


class Book:
    """An opened workbook; sheets are parsed on request.

    ``members``: parts already inflated (name -> bytes, by :func:`guards.read_checked`, which
    checked them): read from there instead of being inflated a second time."""

    def __init__(self, data: bytes, members: Mapping[str, bytes] | None = None) -> None:
        if data[:8] == _OLE_MAGIC:
            # An OLE container: an encrypted xlsx, or a legacy .xls.
            raise UnreadableWorkbook(
                "encrypted" if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00" in data[:65536] else "legacy"
            )
        if not zipfile.is_zipfile(io.BytesIO(data)):
            raise UnreadableWorkbook("not_zip")
        self._elements_left = MAX_ELEMENTS  # the streamed parts' budget (bounded work)
        self._members: Mapping[str, bytes] = members or {}
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            self._names = set(self._zip.namelist())
            self._load_workbook()
        except UnreadableWorkbook:
            raise
        except Exception as exc:  # untrusted bytes: any parsing failure means "corrupt"
            raise UnreadableWorkbook("corrupt", f"{type(exc).__name__}: {exc}") from None
        self._shared: list[str] | None = None
        self._styles: tuple[frozenset[int], frozenset[int]] | None = None

    # --- parts -----------------------------------------------------------------------------
    def _read(self, name: str) -> bytes:
        kept = self._members.get(name)
        return self._zip.read(name) if kept is None else kept

    def _elements(self, name: str, *tags: str, blanks: _Blanks | None = None) -> Iterator[Element]:
        """The elements of part ``name`` whose local name is one of ``tags``, in order.

        Like defusedxml's ``forbid_dtd``, a part with a DTD is refused before parsing; without
        one, no entity can be declared, so the C parser is safe (and several times faster).
        """
        if self._zip.getinfo(name).file_size <= _STREAM_ABOVE:
            data = self._read(name)
            if any(marker in data for marker in _DOCTYPE):
                raise UnreadableWorkbook("corrupt", f"{name}: DTD")
            root = fromstring(data)
            ns = root.tag[: root.tag.index("}") + 1] if root.tag.startswith("{") else ""
            if len(tags) == 1:
                yield from root.iter(ns + tags[0])
            else:
                wanted = {ns + tag for tag in tags}
                yield from (el for el in root.iter() if el.tag in wanted)
            return
        yield from self._streamed(name, tags, blanks)

    def _streamed(
        self, name: str, tags: tuple[str, ...], blanks: _Blanks | None
    ) -> Iterator[Element]:
        # Streamed: an element is removed from its parent once it has ended (after being handed
        # out, if wanted), so the tree never holds more than the element being read; and the
        # streamed parts of a workbook hold at most MAX_ELEMENTS elements (each costs a step).
        parser: XMLPullParser[Element] = XMLPullParser(events=("start", "end"))
        stack: list[Element] = []
        inside = 0  # open wanted elements
        for piece in self._pieces(name, whole_tags=blanks is not None):
            parser.feed(blanks.cut(piece) if blanks is not None else piece)
            # "start" and "end" events only: every event is (event, element)
            events = cast("Iterator[tuple[str, Element]]", parser.read_events())
            for ev, el in events:
                if ev == "start":
                    stack.append(el)
                    self._elements_left -= 1
                    if self._elements_left < 0:
                        raise UnreadableWorkbook("too_large", what="elements", limit=MAX_ELEMENTS)
                    if _local(el.tag) in tags:
                        inside += 1
                    continue
                stack.pop()
                if _local(el.tag) in tags:
                    inside -= 1
                    yield el
                if not inside and stack:
                    el.clear()
                    parent = stack[-1]
                    if len(parent) and parent[-1] is el:
                        del parent[-1]
        parser.close()

    def _pieces(self, name: str, *, whole_tags: bool = False) -> Iterator[bytes]:
        """Part ``name`` inflated 64 KiB at a time (never whole: a part may be 200 MiB); a DTD
        anywhere is refused before the piece holding it is parsed.  ``whole_tags``: each piece
        ends before a ``<`` (a tag is never cut in two: no ``<`` can be inside a tag)."""
        tail = b""
        held = b""
        kept = self._members.get(name)
        with io.BytesIO(kept) if kept is not None else self._zip.open(name) as fh:
            while piece := fh.read(1 << 16):
                window = tail + piece
                if any(marker in window for marker in _DOCTYPE):
                    raise UnreadableWorkbook("corrupt", f"{name}: DTD")
                tail = window[-32:]
                if whole_tags:
                    piece = held + piece
                    cut = piece.rfind(b"<")
                    if cut <= 0:
                        held = piece
                        continue
                    piece, held = piece[:cut], piece[cut:]
                yield piece
        if held:
            yield held

    def _rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id -> (type, target path inside the zip) of ``part``."""
        folder, base = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        out: dict[str, tuple[str, str]] = {}
        if rels_name not in self._names:
            return out
        for el in self._elements(rels_name, "Relationship"):
            target = el.get("Target", "")
            if el.get("TargetMode") == "External":
                continue  # never followed
            if target.startswith("/"):
                path = target.lstrip("/")
            else:
                path = posixpath.normpath(posixpath.join(folder, target))
            out[el.get("Id", "")] = (el.get("Type", ""), path)
        return out

    def _load_workbook(self) -> None:
        root_rels = self._rels("")
        wb_part = next(
            (p for typ, p in root_rels.values() if typ.endswith(_REL_OFFICE_DOC)),
            "xl/workbook.xml",
        )
        self.custom_part = next(
            (p for typ, p in root_rels.values() if typ.endswith(_REL_CUSTOM_PROPS)),
            "docProps/custom.xml",
        )
        rels = self._rels(wb_part)
        self._sst_part = next(
            (p for typ, p in rels.values() if typ.endswith("/sharedStrings")), None
        )
        self._styles_part = next((p for typ, p in rels.values() if typ.endswith("/styles")), None)
        self.sheet_parts: dict[str, tuple[str, str]] = {}  # name -> (state, part)
        self.date1904 = False
        for el in self._elements(wb_part, "workbookPr", "sheet"):
            tag = _local(el.tag)
            if tag == "workbookPr":
                self.date1904 = el.get("date1904", "0").lower() in ("1", "true")
            elif tag == "sheet":
                rid = el.get(f"{{{_R_NS}}}id") or el.get(f"{{{_STRICT_R_NS}}}id") or ""
                _typ, part = rels.get(rid, ("", ""))
                if part in self._names:
                    self.sheet_parts[el.get("name", "")] = (el.get("state", "visible"), part)
        if wb_part not in self._names:
            raise UnreadableWorkbook("corrupt", "no workbook part")

    @property
    def sheet_names(self) -> list[str]:
        return list(self.sheet_parts)

    def _shared_strings(self) -> list[str]:
        if self._shared is None:
            out: list[str] = []
            chars = 0
            scanned = self._scan_shared_strings()
            if scanned is not None:
                out = scanned
            elif self._sst_part and self._sst_part in self._names:
                for el in self._elements(self._sst_part, "si"):
                    text = _rich_text(el)
                    chars += len(text)
                    out.append(text)
                    if len(out) > MAX_SHARED_STRINGS:
                        raise UnreadableWorkbook(
                            "too_large", what="strings", limit=MAX_SHARED_STRINGS
                        )
                    if chars > MAX_TEXT:
                        raise UnreadableWorkbook("too_large", what="text", limit=MAX_TEXT)
            self._shared = out
        return self._shared

    def _whole(self, part: str) -> bytes | None:
        """The bytes of ``part`` for a scan: small parts, and big ones the guards kept inflated
        (None for the others: they are streamed).  A part with a DTD is refused."""
        if part not in self._members and self._zip.getinfo(part).file_size > _STREAM_ABOVE:
            return None
        data = self._read(part)
        if any(marker in data for marker in _DOCTYPE):
            raise UnreadableWorkbook("corrupt", f"{part}: DTD")
        return data

    def _scan_shared_strings(self) -> list[str] | None:
        """The shared strings read by :func:`scan.scan_shared_strings` when they are all plain
        (and the part is small, or the guards kept it inflated), else None (then parsed)."""
        part = self._sst_part
        if not part or part not in self._names:
            return None
        data = self._whole(part)
        if data is None:
            return None
        scanned = scan_shared_strings(data)
        if scanned is None:
            return None
        texts, rest = scanned
        fromstring(rest)  # the rest is well formed
        if len(texts) > MAX_SHARED_STRINGS:
            raise UnreadableWorkbook("too_large", what="strings", limit=MAX_SHARED_STRINGS)
        out = [_unescape(text) for text in texts]
        if sum(map(len, out)) > MAX_TEXT:
            raise UnreadableWorkbook("too_large", what="text", limit=MAX_TEXT)
        return out

    def _style_formats(self) -> tuple[frozenset[int], frozenset[int]]:
        """(style indices shown as percentages, style indices shown as dates)."""
        if self._styles is None:
            percent: set[int] = set()
            date: set[int] = set()
            if self._styles_part and self._styles_part in self._names:
                custom: dict[int, str] = {}
                for el in self._elements(self._styles_part, "numFmt", "cellXfs"):
                    if _local(el.tag) == "numFmt":
                        custom[int(el.get("numFmtId", "0"))] = el.get("formatCode", "")
                        continue
                    xfs = [x for x in el if _local(x.tag) == "xf"]
                    for index, xf in enumerate(xfs):
                        fmt_id = int(xf.get("numFmtId", "0"))
                        code = custom.get(fmt_id)
                        if code is not None:
                            kind = _format_kind(code)
                        elif fmt_id in _PERCENT_IDS:
                            kind = "percent"
                        elif fmt_id in _DATE_IDS:
                            kind = "date"
                        else:
                            kind = ""
                        if kind == "percent":
                            percent.add(index)
                        elif kind == "date":
                            date.add(index)
            self._styles = (frozenset(percent), frozenset(date))
        return self._styles

    # --- public ----------------------------------------------------------------------------
    def custom_properties(self) -> dict[str, str]:
        """Custom document properties, every value as text."""
        out: dict[str, str] = {}
        if self.custom_part not in self._names:
            return out
        try:
            for el in self._elements(self.custom_part, "property"):
                child = next(iter(el), None)
                out[el.get("name", "")] = "" if child is None else (child.text or "")
        except Exception as exc:
            raise UnreadableWorkbook("corrupt", f"{type(exc).__name__}: {exc}") from None
        return out

    def sheet(self, name: str) -> Sheet:
        state, part = self.sheet_parts[name]
        try:
            return self._parse_sheet(name, state, part)
        except UnreadableWorkbook as exc:
            if exc.reason == "too_large":
                exc.params.setdefault("sheet", name)
            raise
        except Exception as exc:  # untrusted bytes
            raise UnreadableWorkbook("corrupt", f"{type(exc).__name__}: {exc}") from None

    def _parse_sheet(self, name: str, state: str, part: str) -> Sheet:
        scanned = self._scan_sheet(name, state, part)
        if scanned is not None:
            return scanned
        try:
            return self._parse_sheet_once(name, state, part, _Blanks())
        except _Unplaced:  # a row or cell says not where it is: read it all, nothing cut
            return self._parse_sheet_once(name, state, part, None)

    def _scan_sheet(self, name: str, state: str, part: str) -> Sheet | None:
        """The sheet read by :func:`scan.scan_sheet` when every cell of it is plain (almost
        always), else None (then it is parsed).  Parts above _STREAM_ABOVE are scanned only
        when the guards kept them inflated, and their elements count against the budget."""
        data = self._whole(part)
        if data is None:
            return None
        size = len(data)
        scanned = scan_sheet(data)
        if scanned is None:
            return None
        root = fromstring(scanned.rest)  # the rest of the part: well formed, merged ranges
        ns = root.tag[: root.tag.index("}") + 1] if root.tag.startswith("{") else ""
        if (
            not any(el.tag == ns + "sheetData" for el in root)
            or next(root.iter(ns + "row"), None) is not None
        ):
            return None  # cell data in another namespace, or rows outside it: parsed
        if scanned.rows > MAX_ROWS:
            raise UnreadableWorkbook("too_large", what="rows", limit=MAX_ROWS)
        if scanned.seen > MAX_CELLS:
            raise UnreadableWorkbook("too_large", what="cells", limit=MAX_CELLS)
        sheet = Sheet(name, state)
        for el in root.iter(ns + "mergeCell"):
            merged = _range(el.get("ref", ""))
            if merged is not None:
                sheet.merged.append(merged)
        cells = sheet.cells
        text = 0
        columns: dict[bytes, int] = {}
        shared = self._shared_strings() if any(c[4] == "s" for c in scanned.cells) else []
        for row, letters, raw, style, kind, inline in scanned.cells:
            col = columns.get(letters)
            if col is None:
                col = columns[letters] = _column_index(letters.decode("ascii"))
            if kind == "s" and raw is not None:  # most cells: a shared string
                value = shared[int(raw)]
                text += len(value)
                cells[(row, col)] = Cell(value)
                continue
            cell = self._value(kind, raw, None, inline and _unescape(inline), style)
            if cell is None:
                continue
            if isinstance(cell.value, str):
                text += len(cell.value)
            cells[(row, col)] = cell
        _check_values(len(cells), text)
        if size > _STREAM_ABOVE:  # as if streamed: each valued cell and its <v>, each row
            self._elements_left -= scanned.rows + 2 * len(cells)
            if self._elements_left < 0:
                raise UnreadableWorkbook("too_large", what="elements", limit=MAX_ELEMENTS)
        return sheet

    def _parse_sheet_once(self, name: str, state: str, part: str, cut: _Blanks | None) -> Sheet:
        sheet = Sheet(name, state)
        blanks = cut or _Blanks()
        cells = sheet.cells
        shared: dict[str, tuple[str, int, int]] = {}  # shared formula id -> (text, row, col)
        row = rows = seen = text = 0
        for row_el in self._elements(part, "row", "mergeCell", blanks=cut):
            if _local(row_el.tag) == "mergeCell":
                merged = _range(row_el.get("ref", ""))
                if merged is not None:
                    sheet.merged.append(merged)
                continue
            rows += 1
            if rows + blanks.rows > MAX_ROWS:
                raise UnreadableWorkbook("too_large", what="rows", limit=MAX_ROWS)
            r = row_el.get("r")
            row = int(r) if r else row + 1
            col = 0
            for el in row_el:
                if _local(el.tag) != "c":
                    continue
                seen += 1
                if seen + blanks.cells > MAX_CELLS:
                    raise UnreadableWorkbook("too_large", what="cells", limit=MAX_CELLS)
                ref = el.get("r")
                if ref:
                    m = _REF.match(ref)
                    if not m:
                        raise ValueError(f"bad cell reference {ref!r}")
                    col = _column_index(m.group(1))
                    if not r:  # a row without r= (optional): its cells say where it is
                        row = int(m.group(2))
                else:
                    col += 1
                cell = self._cell(el)
                if cell is not None:
                    if cell.formula is not None:
                        cell.formula = _shared_formula(el, cell.formula, row, col, shared)
                        text += len(cell.formula)
                    if isinstance(cell.value, str):
                        text += len(cell.value)
                    cells[(row, col)] = cell
                    _check_values(len(cells), text)
        return sheet

    def _cell(self, el) -> Cell | None:
        formula = raw = inline = None
        for child in el:
            ctag = _local(child.tag)
            if ctag == "v":
                raw = child.text
            elif ctag == "f":
                formula = child.text or ""
            elif ctag == "is":
                inline = _rich_text(child)
        return self._value(el.get("t", "n"), raw, formula, inline, el.get("s", "0"))

    def _value(
        self, kind: str, raw: str | None, formula: str | None, inline: str | None, style: str
    ) -> Cell | None:
        """The cell of type ``kind`` (``t=``) holding ``raw`` (the ``<v>`` text), ``formula``,
        ``inline`` (an inline string's text) in style ``style`` (``s=``); None if empty."""
        value: object = None
        percent = False
        if kind == "inlineStr":
            value = inline
        elif raw is None or (raw == "" and kind != "str"):
            value = None
        elif kind == "s":
            value = self._shared_strings()[int(raw)]
        elif kind == "str":
            value = _unescape(raw)
        elif kind == "b":
            value = raw.strip() in ("1", "true")
        elif kind == "e":
            value = CellError(raw)
        elif kind == "d":
            value = _dt.datetime.fromisoformat(raw.strip().rstrip("Z"))
        else:
            number = float(raw)
            if not math.isfinite(number):  # NaN, INF, 1e309, hundreds of digits: kept as typed
                return Cell(raw.strip(), formula, False)
            style_id = int(style)
            percent_styles, date_styles = self._style_formats()
            if style_id in date_styles and 0 <= number < 2958466:  # up to 9999-12-31
                value = _serial_to_datetime(number, self.date1904)
            else:
                value = int(number) if number.is_integer() and abs(number) < 2**53 else number
                percent = style_id in percent_styles
        if value is None and formula is None:
            return None
        return Cell(value, formula, percent)

    def close(self) -> None:
        self._zip.close()


def _check_values(values: int, text: int) -> None:
    """The caps on the cells holding something and on their text, for one sheet."""
    if values > MAX_VALUES:
        raise UnreadableWorkbook("too_large", what="values", limit=MAX_VALUES)
    if text > MAX_TEXT:
        raise UnreadableWorkbook("too_large", what="text", limit=MAX_TEXT)


def _range(ref: str) -> tuple[int, int, int, int, str] | None:
    """A merged range's ``A1:B2`` as (first row, first col, last row, last col, ref)."""
    first, _sep, last = ref.partition(":")
    a, b = _REF.match(first.strip()), _REF.match((last or first).strip())
    if a is None or b is None:
        return None
    r1, c1 = int(a.group(2)), _column_index(a.group(1))
    r2, c2 = int(b.group(2)), _column_index(b.group(1))
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2), ref.strip().upper()


def count_cells(data: bytes, limit: int) -> int:
    """How many cells (``<c>`` elements, blank ones included) the workbook's XML parts hold,
    counted in the raw bytes without parsing; counting stops once past ``limit``."""
    total = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                if not info.filename.endswith(".xml"):
                    continue
                with archive.open(info) as fh:
                    tail = b""
                    while chunk := fh.read(1 << 20):
                        block = tail + chunk
                        cut = max(0, len(block) - 64)  # a tag across the cut is counted next
                        total += sum(1 for m in _CELL_TAG.finditer(block) if m.start() < cut)
                        tail = block[cut:]
                        if total > limit:
                            return total
                    total += len(_CELL_TAG.findall(tail))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError):
        return limit + 1
    return total


_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,40}:)?c[\s/>]")


def _shared_formula(
    el, text: str, row: int, col: int, shared: dict[str, tuple[str, int, int]]
) -> str:
    """The formula text of a cell that holds part of a shared formula (a formula filled across
    cells: Excel writes its text once, in the first cell, and leaves the others' ``<f>`` empty)."""
    f = next(child for child in el if _local(child.tag) == "f")
    si = f.get("si")
    if f.get("t") != "shared" or si is None:
        return text
    if text:
        shared[si] = (text, row, col)
        return text
    if si not in shared:
        return text
    first, first_row, first_col = shared[si]
    return _shift_references(first, row - first_row, col - first_col)


# A1 references outside quotes: not part of a name, a number or a function call (LOG10().
_QUOTED = re.compile(r"(\"(?:[^\"]|\"\")*\"|'(?:[^']|'')*')")
_A1 = re.compile(r"(?<![A-Za-z0-9_.\\])(\$?)([A-Za-z]{1,3})(\$?)(\d+)(?![A-Za-z0-9_.(![])")


def _shift_references(formula: str, rows: int, cols: int) -> str:
    """``formula`` as it reads ``rows`` rows down and ``cols`` columns right (relative
    references move, ``$`` ones stay; one moved off the sheet becomes ``#REF!``)."""

    def shift(m: re.Match[str]) -> str:
        col_abs, letters, row_abs, digits = m.groups()
        col = _column_index(letters) + (0 if col_abs else cols)
        row = int(digits) + (0 if row_abs else rows)
        if not (1 <= col <= 16384 and 1 <= row <= 1048576):
            return "#REF!"
        return f"{col_abs}{column_letter(col)}{row_abs}{row}"

    pieces = _QUOTED.split(formula)  # odd pieces are quoted text or sheet names
    return "".join(p if i % 2 else _A1.sub(shift, p) for i, p in enumerate(pieces))


def _rich_text(el) -> str:
    """The text of a shared/inline string: its ``t`` runs, without phonetic (``rPh``) runs."""
    parts: list[str] = []
    for child in el:
        tag = _local(child.tag)
        if tag == "t":
            parts.append(child.text or "")
        elif tag == "r":
            for sub in child:
                if _local(sub.tag) == "t":
                    parts.append(sub.text or "")
    return _unescape("".join(parts))


def _format_kind(code: str) -> str:
    section = _FMT_STRIP.sub("", code.split(";", 1)[0])
    if "%" in section:
        return "percent"
    if section.strip().lower() in ("general", "@", ""):
        return ""
    if _FMT_DATE.search(section):
        return "date"
    return ""


def _serial_to_datetime(serial: float, date1904: bool) -> _dt.datetime:
    base = _dt.datetime(1904, 1, 1) if date1904 else _dt.datetime(1899, 12, 30)
    moment = base + _dt.timedelta(days=serial)
    return moment.replace(microsecond=0) if moment.microsecond else moment


def open_book(data: bytes, members: Mapping[str, bytes] | None = None) -> Book:
    """Open xlsx/xlsm bytes; raises :class:`UnreadableWorkbook` when they are not one.
    ``members``: parts already inflated and checked (see :class:`Book`)."""
    return Book(data, members)
