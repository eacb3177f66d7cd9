"""The blank inspection register (forms/register.py, SPEC 14): its sheets, headers, dropdowns,
dates of the quarter, protection that lets rows be added, print setup and signed ``_meta``."""

from __future__ import annotations

import datetime as dt
import re
import warnings
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
from click.testing import CliRunner

import redflag_xlsx.cli
from redflag_xlsx.cli import cli
from redflag_xlsx.core.register import register_items
from redflag_xlsx.core.rules import Rules
from redflag_xlsx.xlsx import layout, signing

from readkit import KEY, ROSTER
from regkit import blank_register

redflag_xlsx.cli._register()
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def _load(path: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl on data validation extensions
        return openpyxl.load_workbook(path)


@pytest.fixture(scope="module")
def register(tmp_path_factory) -> Path:
    return blank_register(tmp_path_factory.mktemp("register"))


def test_sheets_headers_and_signed_meta(register: Path) -> None:
    assert register.name == "检查记录台账_2026Q4.xlsx"
    wb = _load(register)
    assert wb.sheetnames == ["检查记录台账", "单位与项目", "_meta"]
    assert [ws.sheet_state for ws in wb.worksheets] == ["visible", "visible", "veryHidden"]
    ws = wb["检查记录台账"]
    headers = [c.value for c in ws[layout.HEADER_ROW]]
    assert headers == ["日期", "单位编号", "考核项目", "情形描述", "依据编号", "检查人", "是否查实"]
    assert ws.max_row == layout.HEADER_ROW  # no row written in advance
    meta = {
        row[0].value: "".join(str(c.value) for c in row[1:] if c.value)
        for row in wb["_meta"].iter_rows(min_row=2)
    }
    assert (meta["kind"], meta["period"], meta["rater"]) == ("register", "2026Q4", "")
    assert meta["roster_fingerprint"] == ROSTER.fingerprint
    assert signing.verify(meta, KEY)
    assert not signing.verify({**meta, "kind": "scoring"}, KEY)
    props = {p.name: p.value for p in wb.custom_doc_props.props}
    assert props["kind"] == "register" and props["signature"] == meta["signature"]


def test_dropdowns_read_the_units_and_items_list(register: Path) -> None:
    wb = _load(register)
    ws, lists = wb["检查记录台账"], wb["单位与项目"]
    dvs = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    assert set(dvs) == {f"{c}4:{c}1048576" for c in "ABCDEFG"}
    unit_dv, item_dv = dvs["B4:B1048576"], dvs["C4:C1048576"]
    assert (unit_dv.type, item_dv.type) == ("list", "list")
    units = [c.value for row in lists[unit_dv.formula1.split("!")[1].replace("$", "")] for c in row]
    assert units == [u.code for u in ROSTER.units]
    items = [c.value for row in lists[item_dv.formula1.split("!")[1].replace("$", "")] for c in row]
    assert items == [i.label_zh for i in register_items(Rules.default())]
    assert "制度诚信良好" not in items and items[-2:] == ["严重违反工作纪律", "整改通知书"]
    verified = dvs["G4:G1048576"]
    assert (verified.type, verified.formula1) == ("list", '"是,否"')
    for dv in (unit_dv, item_dv, verified, dvs["A4:A1048576"]):
        assert dv.showErrorMessage and dv.errorStyle in (None, "stop")
        assert dv.prompt and dv.promptTitle


def test_dates_are_validated_to_the_quarter(register: Path) -> None:
    dv = next(
        dv
        for dv in _load(register)["检查记录台账"].data_validations.dataValidation
        if dv.type == "date"
    )
    serial = dt.date(1899, 12, 30)
    assert dv.operator in (None, "between")
    first = serial + dt.timedelta(days=int(dv.formula1))
    last = serial + dt.timedelta(days=int(dv.formula2))
    assert (first, last) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))


def _xml(path: Path, part: str) -> ElementTree.Element:
    with zipfile.ZipFile(path) as z:
        return ElementTree.fromstring(z.read(part))


def test_every_cell_below_the_header_is_open_and_rows_may_be_added(register: Path) -> None:
    """The seven columns carry an unlocked format (so row 100,000 is as open as row 4), the
    sheet is protected but lets rows be inserted, deleted and sorted, and the header is
    locked."""
    sheet = _xml(register, "xl/worksheets/sheet1.xml")
    styles = _xml(register, "xl/styles.xml")
    xfs = styles.find("m:cellXfs", NS)
    assert xfs is not None

    def locked(style: int) -> bool:
        protection = xfs[style].find("m:protection", NS)
        return protection is None or protection.get("locked") != "0"

    cols = sheet.findall("m:cols/m:col", NS)
    assert [(c.get("min"), c.get("max")) for c in cols] == [(str(i), str(i)) for i in range(1, 8)]
    assert not any(locked(int(c.get("style", "0"))) for c in cols)
    header = sheet.findall("m:sheetData/m:row[@r='3']/m:c", NS)
    assert len(header) == 7 and all(locked(int(c.get("s", "0"))) for c in header)
    protection = sheet.find("m:sheetProtection", NS)
    assert protection is not None and protection.get("sheet") == "1"
    for allowed in ("insertRows", "deleteRows", "sort", "formatColumns", "formatRows"):
        assert protection.get(allowed) == "0", allowed
    assert protection.get("insertColumns") is None  # not allowed: the columns are the format


def test_a_filled_row_gets_borders(register: Path) -> None:
    ws = _load(register)["检查记录台账"]
    (rng, rules), *_ = ws.conditional_formatting._cf_rules.items()
    assert str(rng.sqref) == "A4:G1048576"
    assert rules[0].formula == ["COUNTA($A4:$G4)>0"]


def test_prints_a4_landscape_with_the_header_repeated(register: Path) -> None:
    ws = _load(register)["检查记录台账"]
    assert (ws.page_setup.orientation, ws.page_setup.paperSize) == ("landscape", 9)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == "$1:$3"
    assert ws.freeze_panes == "A4"


def test_in_english(tmp_path: Path) -> None:
    path = blank_register(tmp_path, lang="en")
    wb = _load(path)
    assert wb.sheetnames == ["Inspection register", "Units and items", "_meta"]
    headers = [c.value for c in wb["Inspection register"][layout.HEADER_ROW]]
    assert headers == [
        "Date",
        "Unit code",
        "Item",
        "Description",
        "Evidence no.",
        "Inspector",
        "Verified",
    ]
    assert wb["Units and items"]["E4"].value == "inspection: minor deviation"


def test_the_same_inputs_write_the_same_file(tmp_path: Path) -> None:
    a = blank_register(tmp_path / "a").read_bytes()
    b = blank_register(tmp_path / "b").read_bytes()
    assert a == b


def test_build_template_register_writes_it_beside_the_forms(tmp_path: Path) -> None:
    key = tmp_path / "k"
    key.write_bytes(KEY)
    out = tmp_path / "下发表格"
    args = ["build-template", "--period", "2026Q4", "--out", out, "--register", "--key", key]
    run = CliRunner().invoke(cli, list(map(str, args)))
    assert run.exit_code == 0, run.output
    register = out / "检查记录台账_2026Q4.xlsx"
    assert run.output == (
        f"已生成 1 个文件：\n{out / '红旗评选_2026Q4.xlsx'}\n已生成检查记录台账：{register}\n"
    )
    assert register.read_bytes() == blank_register(tmp_path / "lib").read_bytes()
    help_text = CliRunner().invoke(cli, ["build-template", "--help", "--lang", "en"]).output
    assert re.search(r"--register\s+Also write the quarter's inspection register", help_text)
