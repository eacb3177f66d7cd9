"""xlsx_cells: the one-pass cell reader, on hand-written parts that other programs produce."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from redflag_xlsx.core.values import CellError
from redflag_xlsx.xlsx import cells as xlsx_cells
from redflag_xlsx.xlsx.cells import Cell, UnreadableWorkbook, open_book

from readkit import DATA, build_blanks, filled, read

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
R_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def workbook(
    sheet_xml: str, *, styles: str = "", strings: str = "", date1904=False, prolog: str = ""
) -> bytes:
    """A minimal xlsx: one sheet named S, written by hand."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
            f"</Relationships>",
        )
        z.writestr(
            "xl/workbook.xml",
            f'<workbook {NS} {R_NS}><workbookPr date1904="{int(date1904)}"/>'
            f'<sheets><sheet name="S" sheetId="1" r:id="rId1"/>'
            f'<sheet name="H" sheetId="2" state="veryHidden" r:id="rId1"/></sheets></workbook>',
        )
        rels = [f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/s.xml"/>']
        if styles:
            rels.append(f'<Relationship Id="rId2" Type="{REL}/styles" Target="styles.xml"/>')
            z.writestr("xl/styles.xml", f"<styleSheet {NS}>{styles}</styleSheet>")
        if strings:
            rels.append(
                f'<Relationship Id="rId3" Type="{REL}/sharedStrings" Target="/xl/strings.xml"/>'
            )
            z.writestr("xl/strings.xml", f"<sst {NS}>{strings}</sst>")
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(rels)
            + "</Relationships>",
        )
        z.writestr(
            "xl/worksheets/s.xml",
            f"{prolog}<worksheet {NS}><sheetData>{sheet_xml}</sheetData></worksheet>",
        )
    return buf.getvalue()


STYLES = (
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="0.0%"/>'
    '<numFmt numFmtId="165" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>'
    "</numFmts>"
    '<cellStyleXfs count="1"><xf numFmtId="9"/></cellStyleXfs>'
    '<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="9"/><xf numFmtId="164"/>'
    '<xf numFmtId="165"/><xf numFmtId="14"/><xf numFmtId="2"/></cellXfs>'
)


def test_cell_types_formats_and_positions():
    sheet = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row>'
        '<row r="2"><c r="A2" s="1"><v>0.95</v></c><c r="B2" s="2"><v>0.955</v></c>'
        '<c r="C2" s="3"><v>46239</v></c><c r="D2" s="4"><v>46239.5</v></c>'
        '<c r="E2" s="5"><v>85.5</v></c></row>'
        '<row><c t="inlineStr"><is><t xml:space="preserve"> 85 </t></is></c><c t="b"><v>1</v></c>'
        '<c t="e"><v>#DIV/0!</v></c></row>'
        '<row r="9"><c r="B9"><f>1+1</f><v>2</v></c><c r="C9"><f t="shared" si="0"/><v>3</v></c>'
        '<c r="D9" t="str"><f>"a"&amp;"b"</f><v>ab</v></c><c r="E9"><f>A1</f></c>'
        '<c r="F9" s="1"/></row>'
    )
    strings = "<si><t>是</t></si><si><r><t>８</t></r><r><t>５</t></r><rPh><t>ハチ</t></rPh></si>"
    book = open_book(workbook(sheet, styles=STYLES, strings=strings))
    assert book.sheet_parts["H"][0] == "veryHidden"
    s = book.sheet("S")
    assert s.cells == {
        (1, 1): Cell("是"),
        (1, 3): Cell("８５"),
        (2, 1): Cell(0.95, None, True),
        (2, 2): Cell(0.955, None, True),
        (2, 3): Cell(dt.datetime(2026, 8, 5)),
        (2, 4): Cell(dt.datetime(2026, 8, 5, 12)),
        (2, 5): Cell(85.5),
        (3, 1): Cell(" 85 "),
        (3, 2): Cell(True),
        (3, 3): Cell(CellError("#DIV/0!")),
        (9, 2): Cell(2, "1+1"),
        (9, 3): Cell(3, ""),
        (9, 4): Cell("ab", '"a"&"b"'),
        (9, 5): Cell(None, "A1"),
    }
    assert isinstance(s.value(3, 3), CellError)


def test_the_1904_date_system():
    book = open_book(
        workbook('<row r="1"><c r="A1" s="4"><v>0</v></c></row>', styles=STYLES, date1904=True)
    )
    assert book.sheet("S").value(1, 1) == dt.datetime(1904, 1, 1)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "not_zip"),
        (b"PK\x03\x04 truncated", "not_zip"),
        (bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 100, "legacy"),
        (
            bytes.fromhex("D0CF11E0A1B11AE1") + "EncryptedPackage".encode("utf-16-le"),
            "encrypted",
        ),
    ],
)
def test_what_is_not_an_xlsx(data, reason):
    with pytest.raises(UnreadableWorkbook) as info:
        open_book(data)
    assert info.value.reason == reason


@pytest.mark.parametrize(
    "sheet",
    [
        '<row r="1"><c r="A1" t="s"><v>7</v></c></row>',  # shared string out of range
        '<row r="1"><c r="1A"><v>1</v></c></row>',  # bad reference
        '<row r="1"><c r="A1"><v>abc</v></c></row>',  # a number that is none
        '<row r="1"><c r="A1"><v>1</v></row>',  # not well-formed
    ],
)
def test_damaged_sheets(sheet):
    book = open_book(workbook(sheet))
    with pytest.raises(UnreadableWorkbook) as info:
        book.sheet("S")
    assert info.value.reason == "corrupt"


def test_a_dtd_is_refused_before_parsing():
    laughs = '<!DOCTYPE x [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    book = open_book(workbook('<row r="1"><c r="A1"><v>&b;</v></c></row>', prolog=laughs))
    with pytest.raises(UnreadableWorkbook, match="DTD"):
        book.sheet("S")
    utf16 = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x><worksheet/>'.encode("utf-16")
    assert any(marker in utf16 for marker in xlsx_cells._DOCTYPE)


def test_big_parts_are_streamed_with_the_same_result(tmp_path, tmp_path_factory, monkeypatch):
    blanks = build_blanks(tmp_path_factory.mktemp("blank"))
    path = filled(blanks, tmp_path, peer={"JG02": {"JG03": " 85 "}})
    whole = read(path)
    monkeypatch.setattr(xlsx_cells, "_STREAM_ABOVE", 0)
    streamed = read(path)
    assert streamed.model_dump() == whole.model_dump()
    assert [i.code for i in whole.issues] == ["W_TEXT_NUMBER"]
    assert whole.peer["JG02"]["JG04"] == DATA["peer"]["JG02"]["JG04"]
