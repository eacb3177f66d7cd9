"""Checks on an untrusted file before any spreadsheet library parses it (SPEC 8).

:func:`check_file` looks at a file's size, its first bytes, its ZIP central directory and the
start of every XML part, and returns one ``E_UNREADABLE`` finding that says exactly what is
wrong and what to do (an old ``.xls``, an ``.ods``, a CSV, an encrypted file, a damaged or
oversized archive, an XML part with a DTD), or ``None`` when the file may be handed to openpyxl.

Everything here is cheap in time and memory, whatever the file holds:

* the size comes from ``stat``; a file larger than ``max_bytes`` is not opened;
* the ZIP end record is read by hand first, so a central directory with huge numbers of entries
  is refused before :mod:`zipfile` builds one object per entry;
* declared uncompressed sizes (which :mod:`zipfile` enforces while inflating: it never returns
  more than a member's declared size) are capped in total and per member by their ratio to the
  compressed size, so a bomb is refused before a single byte is inflated;
* every member is then inflated once in small chunks (CRC checked) and every XML part is read
  with :mod:`defusedxml` only up to its root element: any DTD (billion laughs, external entities)
  is refused there.

Macros (``xl/vbaProject.bin`` of an ``.xlsm``) are never executed: openpyxl does not run them
(and drops them unless asked to keep them).  External links (``xl/externalLinks/``) are never
followed: openpyxl reads the cached values stored in the file and fetches nothing.

Standard library and defusedxml only.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from xml.parsers import expat

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from ..core.findings import Issue
from ..core.messages import Msg

__all__ = [
    "MAX_BYTES",
    "MAX_CENTRAL_DIRECTORY",
    "MAX_MEMBERS",
    "MAX_RATIO",
    "MAX_TOTAL_UNCOMPRESSED",
    "RATIO_MIN_SIZE",
    "XML_PROLOG_LIMIT",
    "Checked",
    "check_file",
    "read_checked",
]

MiB = 2**20
MAX_BYTES = 20 * MiB  # file size cap (SPEC 8)
MAX_MEMBERS = 5000  # parts in one archive (a form has about 20)
MAX_CENTRAL_DIRECTORY = 2 * MiB  # bytes of the ZIP central directory (a form: a few KB)
MAX_TOTAL_UNCOMPRESSED = 200 * MiB  # sum of the declared uncompressed sizes
MAX_RATIO = 100  # uncompressed : compressed, checked for members above RATIO_MIN_SIZE
RATIO_MIN_SIZE = 1 * MiB
XML_PROLOG_LIMIT = 64 * 2**10  # an XML part's root element must start within this many bytes
CONTENT_TYPES_LIMIT = 1 * MiB
CHUNK = 64 * 2**10
# What :func:`read_checked` keeps of the members it inflated, for the reader (one inflate a
# member): every member up to KEEP_MEMBER bytes, KEEP_TOTAL in all; bigger ones (a 200 MB sheet
# of a hostile file) are inflated again, streamed, by the reader.  A form's parts: a few KB to
# a few MB.
KEEP_MEMBER = 8 * MiB
KEEP_TOTAL = 32 * MiB

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")

# Main-part content types (as openpyxl knows them) and their look-alikes.
_WORKBOOK_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
}
_OTHER_MAIN_TYPES = {
    "application/vnd.ms-excel.sheet.binary.macroEnabled.main": "guard_xlsb",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": (
        "guard_word"
    ),
    "application/vnd.ms-word.document.macroEnabled.main+xml": "guard_word",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": (
        "guard_powerpoint"
    ),
    "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml": "guard_powerpoint",
}
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_STRICT_NS = "http://purl.oclc.org/ooxml/spreadsheetml/main"
_BINARY_SUFFIXES = (".bin", ".png", ".jpeg", ".jpg", ".gif", ".bmp", ".emf", ".wmf", ".tif")


# What zipfile and zlib raise on a damaged archive (OSError: a seek to a forged offset).
_DAMAGED = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    ValueError,
    struct.error,
    OSError,
    NotImplementedError,
    RuntimeError,
)


class _Refused(Exception):
    """Internal: the file is refused with catalog key ``key`` and its parameters."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass
class Checked:
    """A file the guards let through: its bytes (read once) and the members they inflated
    (name -> bytes, within KEEP_MEMBER and KEEP_TOTAL), for the reader to parse without a
    second read or inflate (one pass per file, issue 19)."""

    data: bytes = b""
    members: dict[str, bytes] = field(default_factory=dict)


def check_file(path: Path, *, max_bytes: int = MAX_BYTES) -> Issue | None:
    """An ``E_UNREADABLE`` finding when ``path`` must not be parsed, else ``None``.

    Never raises for a bad file; the finding's ``file`` is ``str(path)``.
    """
    path = Path(path)
    try:
        _check(path, max_bytes, None)
    except _Refused as refused:
        return _issue(path, refused.key, refused.params)
    return None


def read_checked(path: Path, *, max_bytes: int = MAX_BYTES) -> Checked | Issue:
    """:func:`check_file` and the file's bytes in one pass: the finding when ``path`` must not
    be parsed, else its bytes and inflated members (:class:`Checked`).  Never raises."""
    path = Path(path)
    checked = Checked()
    try:
        _check(path, max_bytes, checked)
    except _Refused as refused:
        return _issue(path, refused.key, refused.params)
    return checked


def _issue(path: Path, key: str, params: dict[str, object]) -> Issue:
    """``E_UNREADABLE`` with this refusal as its detail, and the refusal's own hint."""
    hint: dict[str, Any] = {k: v for k, v in params.items() if k != "detail"}  # no hint shows it
    return Issue.make(
        "E_UNREADABLE", file=str(path), hint_key=f"{key}.hint", **hint, detail=Msg(key, **params)
    )


def _size(size: int) -> str:
    """``35 MB``, ``20.5 MB``; below 1 MB in KB (``12 KB``)."""
    if size < MiB:
        return f"{-(-size // 1024)} KB"
    return f"{size / MiB:.1f}".removesuffix(".0") + " MB"


def _check(path: Path, max_bytes: int, keep: Checked | None) -> None:
    try:
        if not path.exists():
            raise _Refused("guard_missing")
        if not path.is_file():
            raise _Refused("guard_not_a_file")
        size = path.stat().st_size
    except OSError as exc:
        raise _Refused("guard_cannot_open", detail=exc.strerror or exc) from None
    if size == 0:
        raise _Refused("guard_empty")
    if size > max_bytes:
        raise _Refused("guard_too_large", size=_size(size), limit=_size(max_bytes))
    try:
        if keep is not None:  # read once, for the reader too (at most max_bytes)
            keep.data = path.read_bytes()
            size = len(keep.data)
            if size == 0:
                raise _Refused("guard_empty")
            if size > max_bytes:
                raise _Refused("guard_too_large", size=_size(size), limit=_size(max_bytes))
        with io.BytesIO(keep.data) if keep is not None else path.open("rb") as fh:
            head = fh.read(8)
            if head == OLE_MAGIC:
                _check_ole(fh, size)
            elif head[:4] in ZIP_MAGICS:
                _check_zip(fh, size, keep)
            else:
                _check_other(fh, path, size)
    except OSError as exc:  # on Windows mostly: the file is open in Excel
        raise _Refused("guard_cannot_open", detail=exc.strerror or exc) from None


# --- not a ZIP ----------------------------------------------------------------------------------


def _check_other(fh: IO[bytes], path: Path, size: int) -> None:
    if _end_record(fh, size) is not None:  # a zip whose start was damaged
        raise _Refused("guard_bad_zip")
    fh.seek(0)
    start = fh.read(4096)
    stripped = start.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    if stripped.startswith(b"%pdf"):
        raise _Refused("guard_pdf")
    if stripped.startswith(b"<"):  # HTML or "XML Spreadsheet 2003" saved with an .xls name
        raise _Refused("guard_html")
    if path.suffix.lower() in (".csv", ".txt", ".tsv") or _looks_like_text(start):
        raise _Refused("guard_csv")
    raise _Refused("guard_unknown")


def _looks_like_text(data: bytes) -> bool:
    if b"\0" in data:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            # the 4096-byte window may cut a multi-byte character at its end
            try:
                text = data[:-4].decode(encoding)
            except UnicodeDecodeError:
                continue
        printable = sum(1 for ch in text if ch.isprintable() or ch in "\r\n\t")
        return printable >= 0.95 * max(len(text), 1)
    return False


# --- OLE2 compound files: legacy .xls / WPS .et, or an encrypted xlsx ---------------------------


def _check_ole(fh: IO[bytes], size: int) -> None:
    try:
        names = _ole_names(fh, size)
    except (ValueError, struct.error):
        names = set()
    if "EncryptedPackage" in names or "EncryptionInfo" in names:
        raise _Refused("guard_encrypted")
    if "WordDocument" in names:
        raise _Refused("guard_word")
    if "PowerPoint Document" in names:
        raise _Refused("guard_powerpoint")
    raise _Refused("guard_legacy_xls")


def _ole_names(fh: IO[bytes], size: int) -> set[str]:
    """The names of every entry in an OLE2 (compound file) directory; bounded work.

    Raises ``ValueError`` or ``struct.error`` on a damaged file.
    """
    fh.seek(0)
    header = fh.read(512)
    if len(header) < 512:
        raise ValueError("short header")
    shift = struct.unpack_from("<H", header, 0x1E)[0]
    if shift not in (9, 12):
        raise ValueError("sector size")
    sector = 1 << shift
    n_sectors = size // sector + 1  # bounds every chain walk (cycles in a forged file)
    n_fat, first_dir = struct.unpack_from("<2L", header, 0x2C)
    first_difat, n_difat = struct.unpack_from("<2L", header, 0x44)
    if n_fat > n_sectors or n_difat > n_sectors:
        raise ValueError("FAT size")

    def read_sector(sid: int) -> bytes:
        if sid >= n_sectors:
            raise ValueError("sector out of range")
        fh.seek((sid + 1) * sector)
        data = fh.read(sector)
        if len(data) != sector:
            raise ValueError("truncated")
        return data

    fat_sectors = list(struct.unpack_from("<109L", header, 0x4C))[: min(n_fat, 109)]
    sid = first_difat
    for _ in range(n_difat):
        if sid >= 0xFFFFFFFA:
            break
        data = read_sector(sid)
        entries = struct.unpack(f"<{sector // 4}L", data)
        fat_sectors.extend(entries[:-1])
        sid = entries[-1]
    fat: list[int] = []
    for fat_sid in fat_sectors[:n_fat]:
        fat.extend(struct.unpack(f"<{sector // 4}L", read_sector(fat_sid)))

    names: set[str] = set()
    sid = first_dir
    for _ in range(n_sectors):
        if sid >= 0xFFFFFFFA:  # end of chain (or a special marker)
            break
        data = read_sector(sid)
        for offset in range(0, sector, 128):
            name_len = struct.unpack_from("<H", data, offset + 64)[0]
            kind = data[offset + 66]
            if kind in (1, 2, 5) and 2 <= name_len <= 64:
                names.add(data[offset : offset + name_len - 2].decode("utf-16-le", "replace"))
        if sid >= len(fat):
            raise ValueError("directory chain")
        sid = fat[sid]
    return names


# --- ZIP: xlsx, xlsm, and everything zipped that is not one -------------------------------------


def _end_record(fh: IO[bytes], size: int) -> tuple[int, int] | None:
    """(entries, central directory size) from the end record, found as :mod:`zipfile` does."""
    end_size = 22
    if size < end_size:
        return None
    fh.seek(size - end_size)
    data = fh.read()
    pos = size - end_size
    if not (data[:4] == b"PK\x05\x06" and data[-2:] == b"\0\0"):
        start = max(size - 2**16 - end_size, 0)
        fh.seek(start)
        data = fh.read()
        found = data.rfind(b"PK\x05\x06")
        if found < 0 or len(data) - found < end_size:
            return None
        data = data[found : found + end_size]
        pos = start + found
    entries, cd_size = struct.unpack_from("<HL", data, 10)
    # ZIP64: a locator 20 bytes before the end record points at the real numbers.
    if pos >= 20:
        fh.seek(pos - 20)
        locator = fh.read(20)
        if locator[:4] == b"PK\x06\x07" and pos >= 76:
            fh.seek(pos - 76)
            record = fh.read(56)
            if record[:4] == b"PK\x06\x06":
                entries, cd_size = struct.unpack_from("<QQ", record, 32)
    return entries, cd_size


def _check_zip(fh: IO[bytes], size: int, keep: Checked | None = None) -> None:
    end = _end_record(fh, size)
    if end is None:
        raise _Refused("guard_bad_zip")
    entries, cd_size = end
    if entries > MAX_MEMBERS:
        raise _Refused("guard_too_many_parts", count=entries, limit=MAX_MEMBERS)
    if cd_size > MAX_CENTRAL_DIRECTORY:  # a form's directory takes a few KB
        raise _Refused("guard_bad_zip")
    fh.seek(0)
    try:
        with zipfile.ZipFile(fh) as archive:
            _check_archive(archive, None if keep is None else keep.members)
    except _Refused:
        raise
    except _DAMAGED:
        raise _Refused("guard_bad_zip") from None


def _check_archive(archive: zipfile.ZipFile, kept: dict[str, bytes] | None = None) -> None:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _Refused("guard_too_many_parts", count=len(infos), limit=MAX_MEMBERS)
    names = [info.filename for info in infos]
    if len(set(names)) != len(names):
        raise _Refused("guard_bad_zip")
    if "mimetype" in names and _is_opendocument(archive):
        raise _Refused("guard_ods")

    # Declared sizes first: nothing is inflated until the archive is known to be sane.
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise _Refused("guard_encrypted")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _Refused("guard_bad_zip")
        total += info.file_size
        if total > MAX_TOTAL_UNCOMPRESSED:
            raise _Refused(
                "guard_bomb_total",
                size=_size(sum(i.file_size for i in infos)),
                limit=_size(MAX_TOTAL_UNCOMPRESSED),
            )
        if info.file_size > RATIO_MIN_SIZE and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise _Refused(
                "guard_bomb_ratio",
                part=info.filename,
                ratio=info.file_size // max(info.compress_size, 1),
                limit=MAX_RATIO,
            )

    main_part = _workbook_part(archive, set(names))
    # Inflate each member once, in chunks: damaged data and wrong CRCs show here.  With
    # ``kept``, the members within KEEP_MEMBER/KEEP_TOTAL are kept for the reader (read whole:
    # zipfile never returns more than the declared size, checked above).
    members: dict[str, bytes] = {} if kept is None else kept
    room = KEEP_TOTAL
    for info in infos:
        with archive.open(info) as member:
            if kept is not None and not info.is_dir() and info.file_size <= min(KEEP_MEMBER, room):
                members[info.filename] = member.read()
                room -= info.file_size
                continue
            while member.read(CHUNK):
                pass
    for info in infos:
        if not info.filename.lower().endswith(_BINARY_SUFFIXES) and not info.is_dir():
            root = _xml_root(archive, info, members.get(info.filename))
            if info.filename == main_part and root is not None and _STRICT_NS in root:
                raise _Refused("guard_strict")


def _is_opendocument(archive: zipfile.ZipFile) -> bool:
    with archive.open("mimetype") as fh:
        return fh.read(100).startswith(b"application/vnd.oasis.opendocument")


def _workbook_part(archive: zipfile.ZipFile, names: set[str]) -> str:
    """The workbook's part name, found as openpyxl finds it, or a refusal saying what this is."""
    if "[Content_Types].xml" not in names:
        if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
            raise _Refused("guard_bad_zip")
        raise _Refused("guard_not_workbook")
    info = archive.getinfo("[Content_Types].xml")
    if info.file_size > CONTENT_TYPES_LIMIT:
        raise _Refused("guard_bad_zip")
    overrides: dict[str, str] = {}
    defaults: set[str] = set()
    try:
        with archive.open(info) as fh:
            for _event, node in iterparse(fh, forbid_dtd=True):
                if node.tag == f"{_CT_NS}Override":
                    overrides[node.get("PartName", "").lstrip("/")] = node.get("ContentType", "")
                elif node.tag == f"{_CT_NS}Default":
                    defaults.add(node.get("ContentType", ""))
    except DefusedXmlException:
        raise _Refused("guard_dtd", part=info.filename) from None
    except SyntaxError:  # ParseError
        raise _Refused("guard_bad_xml", part=info.filename) from None
    for part, content_type in overrides.items():
        if content_type in _WORKBOOK_TYPES:
            if part not in names:
                raise _Refused("guard_missing_part", part=part)
            return part
    if defaults & _WORKBOOK_TYPES and "xl/workbook.xml" in names:
        return "xl/workbook.xml"
    for content_type, key in _OTHER_MAIN_TYPES.items():
        if content_type in overrides.values():
            raise _Refused(key)
    if "xl/workbook.xml" in names:
        raise _Refused("guard_content_types")
    raise _Refused("guard_not_workbook")


class _Root(Exception):
    """Internal: the parser met the root element (its tag is ``args[0]``)."""


class _Doctype(Exception):
    """Internal: the parser met a document type declaration."""


def _on_root(name: str, _attrs: object) -> None:
    raise _Root(name)


def _on_doctype(*_args: object) -> None:
    raise _Doctype


def _looks_like_xml(start: bytes) -> bool:
    """Whether a member starts like XML in UTF-8 or UTF-16 (with or without a byte order mark)."""
    for encoding, bom in (
        ("utf-8", b"\xef\xbb\xbf"),
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
    ):
        text = start.removeprefix(bom)[: len(start) // 2 * 2].decode(encoding, "ignore")
        if text.lstrip().startswith("<"):
            return True
    return False


def _xml_root(archive: zipfile.ZipFile, info: zipfile.ZipInfo, data: bytes | None) -> str | None:
    """The root tag of an XML member (``None`` if the member is not XML); DTDs are refused.

    ``data``: the member's bytes when the caller kept them (else it is read again, streamed).
    The first XML_PROLOG_LIMIT bytes go to expat with what defusedxml's ``forbid_dtd`` adds
    (a document type declaration is refused where it starts), stopping at the root element's
    start tag: a root that does not start within them, or bad XML before it, is refused.
    (What defusedxml's ``iterparse`` did here, without building its parser and event queue
    for each of a form's twenty parts.)
    """
    if data is None:
        with archive.open(info) as raw:
            head = raw.read(XML_PROLOG_LIMIT + 1)
    else:
        head = data[: XML_PROLOG_LIMIT + 1]
    if not _looks_like_xml(head[:512]):
        return None
    parser = expat.ParserCreate(None, "}")  # as xml.etree's XMLParser (and defusedxml's)
    parser.StartElementHandler = _on_root
    parser.StartDoctypeDeclHandler = _on_doctype
    try:
        parser.Parse(head[:XML_PROLOG_LIMIT], len(head) <= XML_PROLOG_LIMIT)
    except _Root as root:
        name = str(root.args[0])
        return "{" + name if "}" in name else name  # as ElementTree spells a namespaced tag
    except _Doctype:
        raise _Refused("guard_dtd", part=info.filename) from None
    except (expat.ExpatError, LookupError, ValueError):
        # bad XML before the root element, no root at all, or an encoding Python does not know
        # (pyexpat asks the codecs, which raise LookupError; xml.etree made that a ParseError)
        raise _Refused("guard_bad_xml", part=info.filename) from None
    raise _Refused("guard_bad_xml", part=info.filename)  # no root within the limit
