"""xlsx/scan.py: the fast scan of plain parts reads exactly what the parser reads.

Every workbook is read twice, once as it is read in a run (plain parts scanned) and once with
the scan turned off (every part parsed), and the two must agree cell for cell: value and its
type, formula, percent format, merged ranges, and the refusal when there is one.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redflag_xlsx.xlsx import cells as xlsx_cells
from redflag_xlsx.xlsx import scan
from redflag_xlsx.xlsx.cells import UnreadableWorkbook, open_book

ROOT = Path(__file__).resolve().parent.parent


def _read_all(data: bytes) -> object:
    """Every sheet's cells (with value types) and merged ranges, or the refusal's reason."""
    try:
        book = open_book(data)
        out = {}
        for name in book.sheet_names:
            sheet = book.sheet(name)
            out[name] = (
                {k: (type(c.value), c.value, c.formula, c.percent) for k, c in sheet.cells.items()},
                list(sheet.cells),
                sheet.merged,
            )
        return out
    except UnreadableWorkbook as exc:
        return ("refused", exc.reason, exc.params)


def _both_ways(data: bytes, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    fast = _read_all(data)
    with monkeypatch.context() as m:
        m.setattr(xlsx_cells, "scan_sheet", lambda _data: None)
        m.setattr(xlsx_cells, "scan_shared_strings", lambda _data: None)
        slow = _read_all(data)
    return fast, slow


def _committed() -> list[Path]:
    return sorted(p for folder in ("samples", "templates") for p in (ROOT / folder).rglob("*.xlsx"))


def test_committed_workbooks_read_the_same_both_ways(monkeypatch):
    paths = _committed()
    assert len(paths) > 20
    for path in paths:
        fast, slow = _both_ways(path.read_bytes(), monkeypatch)
        assert fast == slow, path.name


def test_committed_forms_are_scanned_not_parsed(monkeypatch):
    """The forms this program writes are plain: the fast path is the one taken."""
    parsed: list[str] = []
    original = xlsx_cells.Book._parse_sheet_once

    def spy(self, name, state, part, cut):
        parsed.append(name)
        return original(self, name, state, part, cut)

    monkeypatch.setattr(xlsx_cells.Book, "_parse_sheet_once", spy)
    path = next(p for p in _committed() if "单位互评" in p.name)
    book = open_book(path.read_bytes())
    for name in book.sheet_names:
        book.sheet(name)
    assert parsed == []


TEXT = st.lists(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
    | st.sampled_from(["&", "<", ">", '"', "'", "\r", "\r\n", "\n", "\t", "_x000D_", "&amp;"]),
    max_size=12,
).map("".join)
VALUE = st.one_of(
    TEXT,
    st.integers(-(10**17), 10**17),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(values=st.lists(VALUE, min_size=1, max_size=8), percent=st.booleans())
def test_xlsxwriter_cells_read_the_same_both_ways(values, percent, monkeypatch):
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_numbers": False})
    ws = wb.add_worksheet("S")
    formulas = wb.add_worksheet("F")  # a formula is never scanned: its own sheet
    fmt = wb.add_format({"num_format": "0%" if percent else "yyyy-mm-dd"})
    for i, value in enumerate(values):
        if isinstance(value, str):
            ws.write_string(i, 0, value)
            formulas.write_formula(i, 0, f'=LEN("{value[:3]}")', None, len(value[:3]))
        elif isinstance(value, bool):
            ws.write_boolean(i, 0, value)
        elif value is not None:
            ws.write_number(i, 0, value)
            ws.write_number(i, 1, value, fmt)
    ws.merge_range(len(values) + 1, 0, len(values) + 1, 2, "merged")
    wb.close()
    fast, slow = _both_ways(buf.getvalue(), monkeypatch)
    assert fast == slow
    with zipfile.ZipFile(buf) as z:
        part = z.read("xl/worksheets/sheet1.xml")
    if not any("\r" in v or "&" in v for v in values if isinstance(v, str)):
        assert scan.scan_sheet(part) is not None  # the values' sheet was scanned


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(values=st.lists(VALUE, min_size=1, max_size=8))
def test_openpyxl_cells_read_the_same_both_ways(values, monkeypatch):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    for i, value in enumerate(values, start=1):
        if isinstance(value, str):
            value = "".join(ch for ch in value if ch >= " " or ch in "\t\n\r")
        try:
            ws.cell(i, 1, value)
        except Exception:  # openpyxl refuses some text: not what this test is about
            continue
    buf = io.BytesIO()
    wb.save(buf)
    fast, slow = _both_ways(buf.getvalue(), monkeypatch)
    assert fast == slow


NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _book(sheet_data: str, strings: str = "", *, sheet_open: str = f"<worksheet {NS}>") -> bytes:
    """A minimal workbook whose one sheet holds ``sheet_data`` (the XML inside ``sheetData``)."""
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="r1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        z.writestr(
            "xl/workbook.xml",
            f'<workbook {NS} xmlns:r="{rel}"><sheets>'
            '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>",
        )
        z.writestr(
            "xl/worksheets/sheet1.xml",
            f'<?xml version="1.0" encoding="UTF-8"?>{sheet_open}<sheetData>{sheet_data}'
            '</sheetData><mergeCells count="1"><mergeCell ref="A9:B9"/></mergeCells></worksheet>',
        )
        z.writestr("xl/sharedStrings.xml", f"<sst {NS}>{strings}</sst>")
    return buf.getvalue()


PLAIN_STRINGS = '<si><t>甲</t></si><si><t xml:space="preserve"> 乙 &amp; 丙 </t></si><si><t/></si>'


@pytest.mark.parametrize(
    "sheet_data, strings, scanned",
    [
        ('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="0"><v>85.5</v></c></row>', "", True),
        ('<row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1"/></row><row r="2"/>', "", True),
        ('<row r="1"><c r="A1" t="b"><v>1</v></c><c r="B1" t="e"><v>#N/A</v></c></row>', "", True),
        ('<row r="1"><c r="A1" t="str"><v>a b</v></c><c r="B1"><v></v></c></row>', "", True),
        # the row's r= wins over the cell's, as in the parser
        ('<row r="3"><c r="A7"><v>1</v></c></row>', "", True),
        ('\n  <row r="1">\n    <c r="A1"><v>1</v></c>\n  </row>\n', "", True),
        # not plain: parsed
        ('<row r="1"><c r="A1"><f>1+1</f><v>2</v></c></row>', "", False),
        ('<row r="1"><c r="A1" t="inlineStr"><is><t>x &amp; y</t></is></c></row>', "", True),
        (
            '<row r="1"><c r="A1" t="inlineStr"><is><t/></is></c>'
            '<c r="B1"><is><t>z</t></is></c></row>',
            "",
            True,
        ),
        ('<row r="1"><c r="A1" t="inlineStr"><is><r><t>x</t></r></is></c></row>', "", False),
        ('<row r="1"><c r="A1" t="str"><v>a\r\nb</v></c></row>', "", False),
        ('<row r="1"><c r="A1" t="str"><v>a&amp;b</v></c></row>', "", False),
        ('<row><c r="A1"><v>1</v></c></row>', "", False),
        ('<row r="1"><c><v>1</v></c></row>', "", False),
        ('<row r="1"><c r="A1" s="1" s="2"><v>1</v></c></row>', "", False),
        ("<row r='1'><c r='A1'><v>1</v></c></row>", "", False),
        ('<row r="1"><row r="2"></row></row>', "", False),
        ('<c r="A1"><v>1</v></c>', "", False),
        ('<row r="1"><c r="A1"><v>1</v></c>', "", False),
        ('<row r="1"><x:c xmlns:x="urn:x" r="A1"><v>1</v></x:c></row>', "", False),
        ('<row r="1"><c r="A1" t="str"><v>\ufffe</v></c></row>', "", False),
        ('<row r="1"><c r="A1" t="str"><v>a\x01b</v></c></row>', "", False),
    ],
)
def test_hand_written_parts(sheet_data, strings, scanned, monkeypatch):
    data = _book(sheet_data, strings or PLAIN_STRINGS)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        part = z.read("xl/worksheets/sheet1.xml")
    assert (scan.scan_sheet(part) is not None) == scanned
    fast, slow = _both_ways(data, monkeypatch)
    assert fast == slow


@pytest.mark.parametrize(
    "strings, scanned",
    [
        (PLAIN_STRINGS, True),
        ("<si><t>a_x000D_b</t></si>", True),
        ("<si><r><t>a</t></r><r><t>b</t></r></si>", False),
        ('<si><t>a</t><rPh sb="0" eb="1"><t>ア</t></rPh></si>', False),
        ("<si><t>&#65;</t></si>", False),
        ("<si><t>a\r\nb</t></si>", False),
    ],
)
def test_shared_strings(strings, scanned, monkeypatch):
    data = _book('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', strings)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        part = z.read("xl/sharedStrings.xml")
    assert (scan.scan_shared_strings(part) is not None) == scanned
    fast, slow = _both_ways(data, monkeypatch)
    assert fast == slow


def test_another_encoding_is_parsed():
    body = '<?xml version="1.0" encoding="ISO-8859-1"?><worksheet><sheetData/></worksheet>'
    assert scan.scan_sheet(body.encode("latin-1")) is None
    assert scan.scan_sheet("<worksheet><sheetData>".encode("utf-16")) is None


def test_malformed_rest_is_refused_both_ways(monkeypatch):
    data = _book('<row r="1"><c r="A1"><v>1</v></c></row>', sheet_open=f"<worksheet {NS}><bad>")
    fast, slow = _both_ways(data, monkeypatch)
    assert fast == slow
    assert fast[0] == "refused"
