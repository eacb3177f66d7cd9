"""The inspection register through LibreOffice (SPEC 14): filled, re-saved as users' programs
do, and read back to the same events and counts; a blank register re-saved keeps its open
columns, dropdowns and protection.  One LibreOffice run for the module."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from redflag_xlsx.core.rules import Rules
from redflag_xlsx.core.scoring import tally
from redflag_xlsx.forms.filling import fill_register

import soffice
from readkit import COMBINED, read
from regkit import REGISTER, blank_register, hand_counts, quarter, typed

pytestmark = pytest.mark.soffice

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
FORMULA_EVENT = {
    "date": "=DATE(2026,11,3)",
    "unit_code": "XZ04",
    "item": "突发事件处理",
    "verified": "是",
}


@pytest.fixture(scope="module")
def resaved(blanks, tmp_path_factory) -> dict[str, Path]:
    """name -> (the file as written, LibreOffice's re-saved copy)."""
    root = tmp_path_factory.mktemp("lo")
    folder = quarter(blanks, root / "in", [*typed(), FORMULA_EVENT])
    blank = blank_register(root / "blank")
    register_copy, blank_copy = soffice.convert_many(
        [folder / REGISTER, blank.rename(blank.with_name("blank.xlsx"))], "xlsx", root / "out"
    )
    return {"folder": folder, "register": register_copy, "blank": blank_copy}


def test_a_resaved_register_reads_back_to_the_same_events(resaved) -> None:
    folder = resaved["folder"]
    as_written = read(folder)
    # openpyxl wrote the formula without a result: not a date
    assert [(i.code, i.cell) for i in as_written.issues] == [("E_REGISTER_DATE", "A15")]
    (folder / REGISTER).unlink()
    resaved["register"].rename(folder / REGISTER)
    sub = read(folder)
    assert sub.issues == []  # LibreOffice computed =DATE(2026,11,3)
    before = as_written.inspection_register
    after = sub.inspection_register
    assert before is not None and after is not None
    assert [e.model_dump(exclude={"file"}) for e in after.events[:-1]] == [
        e.model_dump(exclude={"file"}) for e in before.events
    ]
    last = after.events[-1]
    assert (last.date.isoformat(), last.unit, last.item, last.row) == (
        "2026-11-03",
        "XZ04",
        "emergency_handling",
        15,
    )
    result = tally(sub, Rules.default())
    counts = hand_counts()
    counts["XZ04", "emergency_handling"] += 1
    for u in result.units:
        for (unit, item), n in counts.items():
            if unit == u.code:
                got = u.flags[item] if item in u.flags else u.counts[item]
                assert got == (n > 0 if item in u.flags else n), (unit, item)
    assert (folder / COMBINED).exists()


def test_a_resaved_blank_register_keeps_its_open_columns_and_lists(resaved, tmp_path) -> None:
    blank = resaved["blank"]
    with zipfile.ZipFile(blank) as z:
        names = z.namelist()
        workbook = ElementTree.fromstring(z.read("xl/workbook.xml"))
        sheet = ElementTree.fromstring(z.read("xl/worksheets/sheet1.xml"))
        styles = ElementTree.fromstring(z.read("xl/styles.xml"))
    assert "xl/worksheets/sheet3.xml" in names
    states = [s.get("state", "visible") for s in workbook.findall("m:sheets/m:sheet", NS)]
    assert states == ["visible", "visible", "hidden"]  # very hidden becomes hidden
    xfs = styles.find("m:cellXfs", NS)
    assert xfs is not None
    for col in sheet.findall("m:cols/m:col", NS)[:7]:
        protection = xfs[int(col.get("style", "0"))].find("m:protection", NS)
        assert protection is not None and protection.get("locked") in ("0", "false")
    protection = sheet.find("m:sheetProtection", NS)
    assert protection is not None and protection.get("insertRows") in ("0", "false")
    validations = sheet.findall("m:dataValidations/m:dataValidation", NS)
    assert {v.get("type") for v in validations} >= {"date", "list"}
    # and it is still a register: filled and read
    filled = fill_register(blank, tmp_path / "in" / REGISTER, events=typed()[:2])
    sub = read(filled)
    assert sub.inspection_register is not None
    assert len(sub.inspection_register.events) == 2
    assert [i.code for i in sub.issues if "REGISTER" in i.code or i.file] == []
