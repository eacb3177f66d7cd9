"""A fast scan of the plain parts of a sheet and of the shared strings, for :mod:`cells`.

Almost every cell of a filled form is plain: ``<c r="D5" s="8"><v>92</v></c>``, a shared
string, a number, a boolean.  Parsing such parts with ElementTree and walking the elements in
Python costs about fifteen microseconds a cell; matching them with one regular expression (in
C) and handing out tuples costs a few.  This module is strict on purpose: it reads a part only
when **every byte** of its cell data (``<sheetData>``) or of its strings (``<sst>``) is one of
the plain tokens below, and answers ``None`` for anything else — a formula, a rich text run, a
rich or phonetic run, a character reference, a row or cell without ``r=``, single quotes, a
prefixed element, another encoding — and then :mod:`cells` parses the part as before.  So what
is read never depends on which path read it (tests/test_cells_scan.py reads every kind of part
both ways and compares).

The text a plain token may hold excludes what an XML parser would change or refuse: ``<``,
``&`` other than the five named entities, carriage returns (a parser turns CR LF into LF) and
the control characters XML forbids; U+FFFE and U+FFFF are refused after decoding.
"""

from __future__ import annotations

import re

__all__ = ["ScannedSheet", "scan_shared_strings", "scan_sheet"]

# Attribute values and text that an XML parser returns unchanged; _NAMED may also hold the
# five named entities (replaced by _unentity).
_ATTRS = rb'(?:\s+[A-Za-z_][\w:.-]*="[^"<&\x00-\x08\x0b\x0c\x0e-\x1f]*")*'
_TEXT = rb"[^<&\r\x00-\x08\x0b\x0c\x0e-\x1f]*"
_NAMED = rb"[^<\r\x00-\x08\x0b\x0c\x0e-\x1f]*"
_T = rb'(?:<t(?: xml:space="preserve")?>(' + _NAMED + rb")</t>|<t/>)"  # a text run
_TOKEN = re.compile(
    rb"\s*(?:"
    rb'<row r="([0-9]{1,7})"(' + _ATTRS + rb")\s*(/?)>"  # 1 row number, 2 attrs, 3 "/"
    rb"|(</row>)"  # 4
    rb'|<c r="([A-Za-z]{1,3})([0-9]{1,7})"(' + _ATTRS + rb")\s*"  # 5 letters, 6 row, 7 attrs
    rb"(?:/>|>(?:<v>(" + _TEXT + rb")</v>|<v/>)?"  # 8 value text
    rb"(<is>" + _T + rb"</is>)?</c>)"  # 9 an inline string, 10 its text
    rb")"
)
_ATTR = re.compile(rb'([A-Za-z_][\w:.-]*)="([^"]*)"')
_ENTITY = re.compile(rb"&(amp|lt|gt|quot|apos);")
_ENTITIES = {b"amp": b"&", b"lt": b"<", b"gt": b">", b"quot": b'"', b"apos": b"'"}
_SI = re.compile(rb"\s*<si>\s*" + _T + rb"\s*</si>")
_SST_OPEN = re.compile(rb"<sst(?:\s[^<>]*)?>")


class ScannedSheet:
    """A sheet's cell data, scanned: ``rest`` is the part without it (for the merged ranges
    and the well-formedness of the rest, parsed by :mod:`cells`); ``cells`` the cells in
    document order as (row, column letters, value text or None, style text, type, inline
    string text or None); ``rows`` and ``seen`` the ``<row>`` and ``<c>`` elements, blank ones
    included (the caps are checked against them)."""

    __slots__ = ("cells", "rest", "rows", "seen")

    def __init__(
        self,
        rest: bytes,
        cells: list[tuple[int, bytes, str | None, str, str, str | None]],
        rows: int,
        seen: int,
    ) -> None:
        self.rest, self.cells, self.rows, self.seen = rest, cells, rows, seen


def _is_utf8(data: bytes) -> bool:
    """Whether the XML ``data`` is UTF-8 (declared, or by default), with or without a BOM."""
    data = data.removeprefix(b"\xef\xbb\xbf")
    if data.startswith(b"<?xml"):
        end = data.find(b"?>")
        if end < 0:
            return False
        m = re.search(rb"encoding\s*=\s*[\"']([^\"']*)[\"']", data[:end])
        return not m or m.group(1).lower().replace(b"_", b"-") in (b"utf-8", b"utf8")
    return data[:1] == b"<"  # else UTF-16, or not XML at all


def _unentity(raw: bytes) -> bytes | None:
    """``raw`` with its named entities replaced; None if it holds any other ``&``."""
    if b"&" not in raw:
        return raw
    if b"&" in _ENTITY.sub(b"", raw):
        return None  # a character reference or a stray ampersand: the parser decides
    return _ENTITY.sub(lambda m: _ENTITIES[m.group(1)], raw)


def scan_sheet(data: bytes) -> ScannedSheet | None:
    """The cells of a worksheet part, or None when it is not plain (see the module's doc)."""
    body_start = data.find(b"<sheetData>")
    if body_start < 0 or data.count(b"sheetData") != 2 or not _is_utf8(data):
        return None
    body_end = data.find(b"</sheetData>", body_start)
    if body_end < 0:
        return None
    body = data[body_start + len(b"<sheetData>") : body_end]
    if b"\xef\xbf\xbe" in body or b"\xef\xbf\xbf" in body:
        return None  # U+FFFE, U+FFFF: not XML characters, the parser refuses them
    out: list[tuple[int, bytes, str | None, str, str, str | None]] = []
    cell_attrs: dict[bytes, tuple[str, str] | None] = {b"": ("0", "n")}
    row_attrs: dict[bytes, bool] = {b"": True}
    pos = rows = seen = row = 0
    open_row = False
    append = out.append
    for m in _TOKEN.finditer(body):
        start, pos_ = m.span()
        if start != pos:
            return None
        pos = pos_
        number, rattrs, closed, row_end, letters, _crow, cattrs, raw, inline, itext = m.groups()
        if letters is not None:
            if not open_row:
                return None
            seen += 1
            kind = cell_attrs.get(cattrs, ...)
            if kind is ...:
                kind = cell_attrs[cattrs] = _cell_attrs(cattrs)
            if kind is None:
                return None
            if inline is not None:  # an inline string (its text may hold named entities)
                plain = _unentity(itext or b"")
                if plain is None:
                    return None
                inline = plain.decode("utf-8")
            # <v></v> and <v/>: no text (None), as ElementTree gives them
            append((row, letters, raw.decode("utf-8") if raw else None, *kind, inline))
        elif row_end is not None:
            if not open_row:
                return None
            open_row = False
        else:  # <row r="n" ...> or <row .../>
            fine = row_attrs.get(rattrs)
            if fine is None:
                fine = row_attrs[rattrs] = not _duplicate(rattrs, b"r")
            if open_row or not fine:
                return None
            rows += 1
            row = int(number)
            open_row = not closed
    if open_row or body[pos:].strip():
        return None
    rest = data[:body_start] + b"<sheetData/>" + data[body_end + len(b"</sheetData>") :]
    return ScannedSheet(rest, out, rows, seen)


def _duplicate(attrs: bytes, *names: bytes) -> bool:
    """Whether ``attrs`` repeats an attribute, or names one of ``names`` (already given)."""
    found = [m.group(1) for m in _ATTR.finditer(attrs)]
    return len(set(found)) != len(found) or any(n in found for n in names)


def _cell_attrs(attrs: bytes) -> tuple[str, str] | None:
    """(style text, type) of a cell's attributes after ``r=``; None if one repeats or ``r``
    is given twice."""
    if _duplicate(attrs, b"r"):
        return None
    found = {m.group(1): m.group(2) for m in _ATTR.finditer(attrs)}
    style = found.get(b"s", b"0").decode("ascii", "replace")
    kind = found.get(b"t", b"n").decode("ascii", "replace")
    return style, kind


def scan_shared_strings(data: bytes) -> tuple[list[str], bytes] | None:
    """The texts of a shared strings part and the part without them (for :mod:`cells` to
    check that the rest is well formed), or None when it is not plain (a rich or phonetic run,
    a character reference, ...): then it is parsed."""
    if not _is_utf8(data) or data.count(b"<sst") != 1 or data.count(b"</sst>") != 1:
        return None
    if b"\xef\xbf\xbe" in data or b"\xef\xbf\xbf" in data:
        return None  # U+FFFE, U+FFFF: not XML characters, the parser refuses them
    opened = _SST_OPEN.search(data)
    if opened is None:
        return None
    start, end = opened.end(), data.rfind(b"</sst>")
    if data[start:end].lstrip().startswith(b"</"):
        return None
    texts: list[str] = []
    pos = start
    for m in _SI.finditer(data, start, end):
        if m.start() != pos:
            return None
        pos = m.end()
        raw = m.group(1)
        if raw is None:
            texts.append("")
            continue
        plain = _unentity(raw)
        if plain is None:
            return None
        texts.append(plain.decode("utf-8"))  # invalid UTF-8 raises, as the parser refuses it
    if data[pos:end].strip():
        return None
    return texts, data[:start] + data[end:]
