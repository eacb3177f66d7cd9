"""guards.check_file: every refusal with its exact message, bombs refused fast and small."""

from __future__ import annotations

import io
import os
import time
import tracemalloc
import zipfile
from pathlib import Path

import defusedxml.ElementTree
import openpyxl
import pytest
from hostile.corpus import (
    BILLION_LAUGHS,
    CONTENT_TYPES,
    EXTERNAL_ENTITY,
    content_types_with_main,
    corrupt_member_data,
    declare_size,
    deflated_zeros,
    make_ole,
    many_members,
    minimal_xlsx,
    rezip,
    with_flag_bits,
    zip_of,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redflag_xlsx.core.i18n import CATALOG, t
from redflag_xlsx.xlsx import guards
from redflag_xlsx.xlsx.guards import check_file

SHEET = "xl/worksheets/sheet1.xml"
CT, WB, STYLES = "[Content_Types].xml", "xl/workbook.xml", "xl/styles.xml"
BZIP2 = zipfile.ZIP_BZIP2
MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def _encrypted() -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(minimal_xlsx())).encrypt("secret", out)
    return out.getvalue()


def _strict() -> bytes:
    data = minimal_xlsx()
    wb = members(data)["xl/workbook.xml"].replace(
        b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        b"http://purl.oclc.org/ooxml/spreadsheetml/main",
    )
    return rezip(data, {"xl/workbook.xml": wb})


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def _duplicate_member() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for name, content in members(minimal_xlsx()).items():
            out.writestr(name, content)
        with pytest.warns(UserWarning, match="Duplicate name"):
            out.writestr(SHEET, b"<x/>")
    return buf.getvalue()


def _utf16_laughs() -> bytes:
    xml = BILLION_LAUGHS.decode().replace(
        '<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>'
    )
    return rezip(minimal_xlsx(), {SHEET: xml.encode("utf-16")})  # with its byte order mark


def _long_prolog() -> bytes:
    sheet = (
        b'<?xml version="1.0"?>\n<!--'
        + b"-x" * 40_000
        + b"-->"
        + members(minimal_xlsx())[SHEET].split(b"?>", 1)[1]
    )
    return rezip(minimal_xlsx(), {SHEET: sheet})


ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSB = "application/vnd.ms-excel.sheet.binary.macroEnabled.main"


def _docx() -> bytes:
    ct = content_types_with_main(WORD, "word/document.xml")
    return zip_of({"[Content_Types].xml": ct, "word/document.xml": b"<w/>"})


def _xlsb() -> bytes:
    ct = content_types_with_main(XLSB, "xl/workbook.bin")
    return zip_of({"[Content_Types].xml": ct, "xl/workbook.bin": b"\0"})


def _no_workbook_type() -> bytes:
    ct = CONTENT_TYPES.replace(MAIN.encode(), b"application/xml")
    return rezip(minimal_xlsx(), {"[Content_Types].xml": ct})


def _corrupt_deflate() -> bytes:
    bigger = rezip(minimal_xlsx(), {SHEET: members(minimal_xlsx())[SHEET] * 20})
    return corrupt_member_data(bigger, SHEET)


def _dtd_in_content_types() -> bytes:
    ct = CONTENT_TYPES.replace(b"\n<Types", b'\n<!DOCTYPE Types [<!ENTITY a "b">]>\n<Types')
    return rezip(minimal_xlsx(), {"[Content_Types].xml": ct})


def _half() -> bytes:
    data = minimal_xlsx()
    return data[: len(data) // 2]


CSV = "编号,评分\nJG01,85\n"
HTML = b"<html><body><table></table></body></html>"
XML2003 = b'\xef\xbb\xbf<?xml version="1.0"?><Workbook/>'

# id, file name, builder of the bytes, catalog key of the refusal
CASES = [
    ("empty", "a.xlsx", lambda: b"", "guard_empty"),
    ("random bytes", "a.xlsx", lambda: bytes(range(256)) * 40, "guard_unknown"),
    ("csv utf-8", "a.csv", lambda: CSV.encode(), "guard_csv"),
    ("csv gbk named .xlsx", "a.xlsx", lambda: CSV.encode("gbk"), "guard_csv"),
    ("html saved as xls", "a.xls", lambda: HTML, "guard_html"),
    ("xml spreadsheet 2003", "a.xlsx", lambda: XML2003, "guard_html"),
    ("pdf", "a.xlsx", lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "guard_pdf"),
    ("ole: legacy xls", "a.xlsx", lambda: make_ole(["Workbook"]), "guard_legacy_xls"),
    ("ole: xls 5 book", "a.xls", lambda: make_ole(["Book"]), "guard_legacy_xls"),
    ("ole: damaged", "a.xls", lambda: make_ole(["Workbook"])[:600], "guard_legacy_xls"),
    ("ole: word", "a.xlsx", lambda: make_ole(["WordDocument"]), "guard_word"),
    (
        "ole: encrypted (forged)",
        "a.xlsx",
        lambda: make_ole(["EncryptionInfo", "EncryptedPackage"]),
        "guard_encrypted",
    ),
    ("ole: encrypted (msoffcrypto)", "a.xlsx", _encrypted, "guard_encrypted"),
    ("truncated zip", "a.xlsx", _half, "guard_bad_zip"),
    ("zip header only", "a.xlsx", lambda: b"PK\x03\x04" + b"\0" * 100, "guard_bad_zip"),
    ("empty zip", "a.xlsx", lambda: zip_of({}), "guard_not_workbook"),
    ("zip of a text", "a.xlsx", lambda: zip_of({"readme.txt": b"hello"}), "guard_not_workbook"),
    ("ods", "a.xlsx", lambda: zip_of({"mimetype": ODS_MIMETYPE}), "guard_ods"),
    ("docx", "a.xlsx", _docx, "guard_word"),
    ("xlsb", "a.xlsx", _xlsb, "guard_xlsb"),
    ("no content types", "a.xlsx", lambda: rezip(minimal_xlsx(), {CT: None}), "guard_bad_zip"),
    ("content types without workbook", "a.xlsx", _no_workbook_type, "guard_content_types"),
    (
        "workbook part missing",
        "a.xlsx",
        lambda: rezip(minimal_xlsx(), {WB: None}),
        "guard_missing_part",
    ),
    ("strict open xml", "a.xlsx", _strict, "guard_strict"),
    ("duplicate member", "a.xlsx", _duplicate_member, "guard_bad_zip"),
    (
        "zip-encrypted member",
        "a.xlsx",
        lambda: with_flag_bits(minimal_xlsx(), SHEET, 1),
        "guard_encrypted",
    ),
    ("bzip2 member", "a.xlsx", lambda: rezip(minimal_xlsx(), compression=BZIP2), "guard_bad_zip"),
    ("corrupt deflate data", "a.xlsx", _corrupt_deflate, "guard_bad_zip"),
    (
        "billion laughs",
        "a.xlsx",
        lambda: rezip(minimal_xlsx(), {SHEET: BILLION_LAUGHS}),
        "guard_dtd",
    ),
    (
        "external entity",
        "a.xlsx",
        lambda: rezip(minimal_xlsx(), {SHEET: EXTERNAL_ENTITY}),
        "guard_dtd",
    ),
    ("utf-16 laughs", "a.xlsx", _utf16_laughs, "guard_dtd"),
    ("dtd in content types", "a.xlsx", _dtd_in_content_types, "guard_dtd"),
    ("xml prolog of 80 KB", "a.xlsx", _long_prolog, "guard_bad_xml"),
    (
        "broken xml part",
        "a.xlsx",
        lambda: rezip(minimal_xlsx(), {STYLES: b"<a <<"}),
        "guard_bad_xml",
    ),
    (
        "declared 2 GB",
        "a.xlsx",
        lambda: declare_size(minimal_xlsx(), SHEET, 2**31 - 1),
        "guard_bomb_total",
    ),
    ("50 MB of zeros", "a.xlsx", lambda: deflated_zeros(50), "guard_bomb_ratio"),
    ("6000 members", "a.xlsx", lambda: many_members(6000), "guard_too_many_parts"),
]

_PARAMS = {
    "guard_bomb_total": {"size": "2048 MB", "limit": "200 MB"},
    "guard_bomb_ratio": {"part": SHEET, "limit": 100},
    "guard_too_many_parts": {"count": 6000, "limit": 5000},
    "guard_missing_part": {"part": WB},
    "guard_dtd": {"part": SHEET},
    "guard_bad_xml": {"part": SHEET},
}
_PARTS = {  # the part a refusal names, where it is not the first sheet
    "dtd in content types": CT,
    "broken xml part": STYLES,
}


@pytest.mark.parametrize(("case", "name", "builder", "key"), CASES, ids=[c[0] for c in CASES])
def test_refused_with_its_message(tmp_path: Path, case: str, name: str, builder, key: str) -> None:
    path = tmp_path / name
    data = builder()
    path.write_bytes(data)
    issue = check_file(path)
    assert issue is not None
    assert (issue.code, issue.severity, issue.file, issue.sheet, issue.cell) == (
        "E_UNREADABLE",
        "error",
        str(path),
        None,
        None,
    )
    params = dict(_PARAMS.get(key, {}))
    if case in _PARTS:
        params["part"] = _PARTS[case]
    if key == "guard_bomb_ratio":
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo(SHEET)
        params["ratio"] = info.file_size // info.compress_size
    detail = t(key, "zh", **params)
    assert issue.message == f"无法读取该文件：{detail}"
    assert issue.hint == t(f"{key}.hint", "zh", **params)
    assert path.read_bytes() == data  # never written to


def test_bomb_messages_in_full(tmp_path: Path) -> None:
    path = tmp_path / "炸弹.xlsx"
    path.write_bytes(declare_size(minimal_xlsx(), SHEET, 2**31 - 1))
    issue = check_file(path)
    assert issue is not None
    assert issue.message.startswith("无法读取该文件：文件解压后过大（2048 MB，上限 200 MB）")
    assert issue.text("en").startswith("the file cannot be read: the file would inflate to 2048 MB")


def test_english_message_and_hint(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(make_ole(["Workbook"]))
    issue = check_file(path)
    assert issue is not None
    assert issue.text("en") == (
        "the file cannot be read: this is a legacy .xls file (Excel 97-2003 or WPS .et), not .xlsx"
    )
    assert issue.hint_text("en") == (
        "open it in Excel or WPS, 'Save As' Excel Workbook (*.xlsx) and hand it in again"
    )


def test_missing_file_and_folder(tmp_path: Path) -> None:
    missing = check_file(tmp_path / "无.xlsx")
    folder = check_file(tmp_path)
    assert missing is not None and folder is not None
    assert missing.message == "无法读取该文件：找不到该文件"
    assert folder.message == "无法读取该文件：这不是一个文件"


def test_size_cap_uses_stat_only(tmp_path: Path) -> None:
    path = tmp_path / "big.xlsx"
    with path.open("wb") as fh:  # sparse: nothing is written or read
        fh.truncate(35 * 2**20)
    issue = check_file(path)
    assert issue is not None
    assert issue.message == "无法读取该文件：文件过大（35 MB，上限 20 MB）"
    small = tmp_path / "small.xlsx"
    small.write_bytes(minimal_xlsx())
    assert check_file(small) is None
    limited = check_file(small, max_bytes=1000)
    assert limited is not None
    assert limited.message == (
        f"无法读取该文件：文件过大（{-(-small.stat().st_size // 1024)} KB，上限 1 KB）"
    )


def _valid_files(tmp_path: Path) -> dict[str, bytes]:
    """Valid workbooks of several origins, each of which check_file must let through."""
    wb = openpyxl.Workbook()
    wb.active["A1"] = "openpyxl"
    buf = io.BytesIO()
    wb.save(buf)
    base = minimal_xlsx("评分")
    macro_types = members(base)["[Content_Types].xml"].replace(
        MAIN.encode(), b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    )
    return {
        "xlsxwriter.xlsx": base,
        "openpyxl.xlsx": buf.getvalue(),
        "单位互评_2026Q4_JG01.xlsx": base,
        # a macro project is carried, never run
        "macro.xlsm": rezip(
            base, {"[Content_Types].xml": macro_types}, add={"xl/vbaProject.bin": os.urandom(4096)}
        ),
        # an external link part is data openpyxl never follows
        "link.xlsx": rezip(
            base,
            add={
                "xl/externalLinks/externalLink1.xml": (
                    b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                    b'2006/main"><externalBook/></externalLink>'
                )
            },
        ),
        # 10,000 rows of ordinary data stay under every cap
        "rows.xlsx": _many_rows(),
    }


def _many_rows() -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet()
    for row in range(10_000):
        ws.write_row(row, 0, ["JG01", "物业管理", 85, 90.5, ""])
    wb.close()
    return buf.getvalue()


def test_valid_workbooks_pass(tmp_path: Path) -> None:
    for name, data in _valid_files(tmp_path).items():
        path = tmp_path / name
        path.write_bytes(data)
        assert check_file(path) is None, name


@pytest.mark.soffice
def test_libreoffice_resaved_workbook_passes(tmp_path: Path) -> None:
    from soffice import convert

    src = tmp_path / "src" / "表格.xlsx"
    src.parent.mkdir()
    src.write_bytes(minimal_xlsx("红旗"))
    resaved = convert(src, "xlsx", tmp_path / "out")
    assert resaved.read_bytes() != src.read_bytes()
    assert check_file(resaved) is None


@pytest.mark.parametrize(
    ("builder", "key"),
    [
        (lambda: declare_size(minimal_xlsx(), SHEET, 2**31 - 1), "guard_bomb_total"),
        (lambda: deflated_zeros(50), "guard_bomb_ratio"),
        (lambda: many_members(6000), "guard_too_many_parts"),
        (lambda: rezip(minimal_xlsx(), {SHEET: BILLION_LAUGHS}), "guard_dtd"),
    ],
    ids=["declared", "ratio", "members", "laughs"],
)
def test_bombs_refused_fast_and_small(tmp_path: Path, builder, key: str) -> None:
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(builder())
    tracemalloc.start()
    started = time.perf_counter()
    try:
        issue = check_file(path)
        elapsed = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert issue is not None
    assert issue.message.startswith("无法读取该文件：" + CATALOG[key][0].split("{")[0])
    assert elapsed < 0.5, elapsed
    assert peak < 4 * 2**20, peak


def test_openpyxl_parses_with_defusedxml() -> None:
    """openpyxl picks defusedxml up by itself: no monkeypatching needed."""
    import openpyxl.xml
    import openpyxl.xml.functions as functions

    assert openpyxl.xml.DEFUSEDXML is True
    assert functions.iterparse is defusedxml.ElementTree.iterparse
    if not openpyxl.xml.LXML:
        assert functions.fromstring is defusedxml.ElementTree.fromstring


def test_openpyxl_refuses_entities_even_without_the_guard(tmp_path: Path) -> None:
    path = tmp_path / "laughs.xlsx"
    path.write_bytes(rezip(minimal_xlsx(), {SHEET: BILLION_LAUGHS}))
    # (openpyxl leaves a path it opened itself open when it raises: pass it an open file)
    with path.open("rb") as fh, pytest.raises(ValueError) as caught:
        openpyxl.load_workbook(fh)
    assert isinstance(caught.value.__cause__, defusedxml.EntitiesForbidden)


def test_caps_are_the_documented_values() -> None:
    assert (guards.MAX_BYTES, guards.MAX_TOTAL_UNCOMPRESSED, guards.MAX_RATIO) == (
        20 * 2**20,
        200 * 2**20,
        100,
    )
    assert (guards.MAX_MEMBERS, guards.RATIO_MIN_SIZE, guards.XML_PROLOG_LIMIT) == (
        5000,
        2**20,
        64 * 2**10,
    )


_VALID = minimal_xlsx("fuzz")


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    edits=st.lists(
        st.tuples(st.integers(0, len(_VALID) - 1), st.integers(0, 255)), min_size=1, max_size=8
    ),
    cut=st.one_of(st.none(), st.integers(0, len(_VALID))),
)
def test_check_file_never_raises(tmp_path: Path, edits: list[tuple[int, int]], cut) -> None:
    data = bytearray(_VALID)
    for pos, value in edits:
        data[pos] = value
    if cut is not None:
        data = data[:cut]
    path = tmp_path / "fuzz.xlsx"
    path.write_bytes(bytes(data))
    issue = check_file(path)
    assert issue is None or issue.code == "E_UNREADABLE"
