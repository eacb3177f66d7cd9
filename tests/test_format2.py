"""Format version 2 split rating forms (SPEC 4, issue 19.1): one rater per form, the rated units
down the rows, the roster's fingerprint without its JSON; the reader reads format 1 and 2 forms
alike in one run, and names file, sheet and cell of every finding on a v2 form."""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from redflag_xlsx.core.peers import rated_by
from redflag_xlsx.core.roster import Roster
from redflag_xlsx.core.rules import Rules
from redflag_xlsx.forms.templates import build_templates
from redflag_xlsx.xlsx import layout

from fill import cell_of, fill_form, open_workbook
from readkit import DATA, KEY, ROSTER, flat, read, split_forms

PEER = "单位互评_2026Q4_JG02.xlsx"
LEADER = "领导评议_2026Q4_LD01.xlsx"
SCORING = "服务质量考核_2026Q4.xlsx"


def _load(path: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_workbook(path)


def _meta(wb) -> dict[str, str]:
    ws = wb[layout.META_SHEET]
    return {str(r[0]): str(r[1] or "") for r in ws.iter_rows(min_row=2, values_only=True)}


@pytest.fixture(scope="module")
def v2(tmp_path_factory):
    root = tmp_path_factory.mktemp("v2")
    paths = build_templates(ROSTER, "2026Q4", root / "split", split=True, key=KEY)
    return {p.name: p for p in paths}


# --- the form ------------------------------------------------------------------------------
def test_peer_form_lists_the_rated_units_down_the_rows(v2):
    wb = _load(v2[PEER])
    assert wb.sheetnames == ["填表说明", "单位互评", "_meta"]
    ws = wb["单位互评"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0].startswith("服务质量流动红旗")  # the title; the rater below it
    assert rows[1][:3] == ("评分单位：", ROSTER.unit("JG02").name, "编号：JG02")
    assert rows[2] == ("单位编号", "单位名称", "场所", "评分")
    listed = [r[:3] for r in rows[3:] if r[0]]
    expected = [(u.code, u.name, u.site) for u in rated_by(ROSTER, Rules.default(), "JG02")]
    assert listed == expected and all(code != "JG02" for code, *_ in listed)
    assert all(r[3] is None for r in rows[3 : 3 + len(listed)])
    sign = rows[3 + len(listed) + layout.LIST_SIGNATURE_GAP]
    assert sign[0] is None and sign[1] == "评分人签字：" and sign[2].startswith("日期")
    # page: A4 portrait, one page wide, header rows repeated, signature inside the print area
    assert ws.page_setup.orientation == "portrait" and ws.page_setup.paperSize == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == "$1:$3"
    last = 4 + len(listed) + layout.LIST_SIGNATURE_GAP
    assert ws.print_area == f"'单位互评'!$A$1:$D${last}"
    assert ws.freeze_panes == "A4" and ws.protection.sheet


def test_only_the_rating_column_is_input(v2):
    ws = _load(v2[LEADER])["领导评议"]
    n = len(ROSTER.units)
    unlocked = {
        c.coordinate
        for row in ws.iter_rows()
        for c in row
        if c.protection is not None and not c.protection.locked
    }
    assert unlocked == {f"D{r}" for r in range(4, 4 + n)}
    (dv,) = ws.data_validations.dataValidation
    assert str(dv.sqref) == f"D4:D{3 + n}"
    assert dv.type == "decimal" and dv.operator in (None, "between")  # the OOXML default
    assert (dv.formula1, dv.formula2) == ("0", "100")
    assert dv.showErrorMessage and dv.errorStyle in (None, "stop")
    assert "0–100" in dv.prompt and "0–100" in dv.error


def test_meta_has_the_fingerprint_not_the_roster(v2):
    wb = _load(v2[PEER])
    meta = _meta(wb)
    assert meta["format_version"] == "2" and meta["kind"] == "peer" and meta["rater"] == "JG02"
    assert meta["roster_fingerprint"] == ROSTER.fingerprint
    assert "roster" not in meta
    with zipfile.ZipFile(v2[PEER]) as z:
        assert b'"units"' not in b"".join(z.read(n) for n in z.namelist())
    scoring = _meta(_load(v2[SCORING]))  # the scoring workbook still carries it, format 1
    assert scoring["format_version"] == "1" and scoring["roster"].startswith("{")


def test_instructions_only_what_the_rater_needs(v2):
    ws = _load(v2[PEER])["填表说明"]
    text = "\n".join(str(c) for row in ws.iter_rows(values_only=True) for c in row if c)
    assert "JG02" in text and "评分" in text and "签字" in text
    assert "权重" not in text and "考核得分" not in text and "检查一般偏差" not in text


def test_site_scope_lists_the_own_site_only(tmp_path):
    rules = Rules(peer_scope="site")
    (path,) = build_templates(ROSTER, "2026Q4", tmp_path, rules=rules, only=["XZ01"])
    ws = _load(path)["单位互评"]
    codes = [r[0] for r in ws.iter_rows(min_row=4, values_only=True) if r[0]]
    assert codes == ["XZ02", "XZ03", "XZ04"]


def test_only_is_byte_identical(v2, tmp_path):
    for name in (PEER, LEADER):
        code = name.removesuffix(".xlsx").rsplit("_", 1)[1]
        (one,) = build_templates(ROSTER, "2026Q4", tmp_path, key=KEY, only=[code])
        assert one.read_bytes() == v2[name].read_bytes()


def test_english_labels(tmp_path):
    (path,) = build_templates(ROSTER, "2026Q4", tmp_path, lang="en", only=["LD01"])
    ws = _load(path)["Leadership rating"]
    assert [c.value for c in ws[3]] == ["Unit code", "Unit name", "Site", "Rating"]


def test_combined_refuses_a_roster_wider_than_a_sheet_split_does_not(tmp_path):
    from test_templates_scale import city

    from redflag_xlsx.core.errors import ConfigError

    roster = city(layout.MAX_COLUMNS, per_site=400, leaders=1)
    with pytest.raises(ConfigError, match="16384"):
        build_templates(roster, "2026Q4", tmp_path / "c")
    (path,) = build_templates(roster, "2026Q4", tmp_path / "s", only=["LD001"])
    assert _load(path)["领导评议"].max_row >= 3 + layout.MAX_COLUMNS


# --- reading -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def quarter(v2, tmp_path_factory):
    """The complete quarter on v2 forms (split_forms wants ``blanks.split``)."""
    from types import SimpleNamespace

    folder = tmp_path_factory.mktemp("quarter")
    return split_forms(SimpleNamespace(split=v2), folder)


def test_a_v2_quarter_reads_back_complete(quarter):
    sub = read(*quarter)
    assert flat(sub) == []
    assert sub.peer == {
        r: {u: float(v) for u, v in given.items()} for r, given in DATA["peer"].items()
    }
    assert sub.leadership == {
        r: {u: float(v) for u, v in given.items()} for r, given in DATA["leadership"].items()
    }


def test_v2_forms_without_any_roster_say_so(quarter):
    rating = [p for p in quarter if not p.name.startswith("服务质量考核")]
    sub = read(*rating)
    (issue,) = [i for i in sub.issues if i.code == "E_ROSTER_MISMATCH"]
    assert issue.text_key == "roster_unknown_listed" and issue.file == str(rating[0])
    assert "--roster" in issue.hint and ROSTER.fingerprint[:12] in issue.message
    given = read(*rating, roster=ROSTER)  # --roster gives the run its roster
    assert "E_ROSTER_MISMATCH" not in {i.code for i in given.issues}
    assert given.peer["JG02"] and {i.code for i in given.issues} == {"E_MISSING_SCORING"}


def test_v2_form_of_another_roster_is_located(quarter, tmp_path):
    other = Roster.sample().model_copy(update={"leaders": ROSTER.leaders[:-1]})
    (blank,) = build_templates(other, "2026Q4", tmp_path, key=KEY, only=["LD01"])
    form = fill_form(blank, DATA["leadership"]["LD01"], out=tmp_path / "x" / LEADER)
    scoring = next(p for p in quarter if p.name == SCORING)
    sub = read(scoring, form)
    found = [(i.code, i.file) for i in sub.issues if i.code == "E_ROSTER_MISMATCH"]
    assert found == [("E_ROSTER_MISMATCH", str(form))]


def _one_form(v2, quarter, tmp_path, name, values):
    """The quarter with form ``name`` filled with ``values`` instead."""
    form = fill_form(v2[name], values, out=tmp_path / name)
    return [p for p in quarter if p.name != name] + [form], form


def test_cell_findings_name_file_sheet_and_cell(v2, quarter, tmp_path):
    values = dict(DATA["peer"]["JG02"])
    values.update({"JG03": 101, "JG04": "８５", "JG05": None, "JG06": "好"})
    paths, form = _one_form(v2, quarter, tmp_path, PEER, values)
    sub = read(*paths)
    got = {(i.code, i.file, i.sheet, i.cell, i.unit) for i in sub.issues}
    at = {u: cell_of(form, "peer", "JG02", u) for u in ("JG03", "JG04", "JG05", "JG06")}
    assert ("E_OUT_OF_RANGE", str(form), "单位互评", at["JG03"], "JG03") in got
    assert ("W_TEXT_NUMBER", str(form), "单位互评", at["JG04"], "JG04") in got
    assert ("W_RATING_BLANK", str(form), "单位互评", at["JG05"], "JG05") in got
    assert ("E_NOT_A_NUMBER", str(form), "单位互评", at["JG06"], "JG06") in got
    assert at["JG03"].startswith("D")


def _edit_rows(path: Path, out: Path, edit) -> Path:
    with open_workbook(path, out) as wb:
        ws = wb["单位互评"]
        ws.protection.sheet = False
        edit(ws)
    return out


def _row_of(ws, code: str) -> int:
    return next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 1).value == code)


def test_altered_duplicated_unknown_and_missing_rows(v2, quarter, tmp_path):
    base = next(p for p in quarter if p.name == PEER)
    marks: dict[str, int] = {}

    def edit(ws):
        marks["altered"] = _row_of(ws, "JG03")
        ws.cell(marks["altered"], 1).value = "JG04"  # JG03's row now says JG04: altered, twice
        marks["unknown"] = _row_of(ws, "JG05")
        ws.cell(marks["unknown"], 1).value = "ZZ99"
        marks["self"] = _row_of(ws, "JG06")
        ws.cell(marks["self"], 1).value = "JG02"  # the rater itself, with a value
        ws.cell(marks["self"], 2).value = ROSTER.unit("JG02").name

    form = _edit_rows(base, tmp_path / "e" / PEER, edit)
    sub = read(*[p for p in quarter if p != base], form)
    mine = [(i.code, i.cell, i.unit) for i in sub.issues if i.file == str(form)]
    assert ("E_STRUCTURE", f"A{marks['altered']}", None) in mine  # code/name mismatch
    assert ("E_STRUCTURE", f"A{marks['unknown']}", None) in mine  # not in the roster
    assert ("E_SELF_RATING", f"D{marks['self']}", "JG02") in mine
    missing = {u for c, cell, u in mine if c == "E_STRUCTURE" and cell == "A3"}
    assert missing == {"JG03", "JG05", "JG06"}
    assert all(i.file and i.sheet and i.cell for i in sub.issues if i.file == str(form))
    assert "JG02" not in sub.peer.get("JG02", {})


def test_a_duplicated_unit_row_is_located(v2, quarter, tmp_path):
    base = next(p for p in quarter if p.name == PEER)
    rows: dict[str, int] = {}

    def edit(ws):
        rows["first"] = _row_of(ws, "JG03")
        rows["dup"] = _row_of(ws, "JG04")
        ws.cell(rows["dup"], 1).value = "JG03"
        ws.cell(rows["dup"], 2).value = ROSTER.unit("JG03").name

    form = _edit_rows(base, tmp_path / "d" / PEER, edit)
    sub = read(*[p for p in quarter if p != base], form)
    mine = [(i.code, i.cell, i.unit) for i in sub.issues if i.file == str(form)]
    assert ("E_STRUCTURE", f"A{rows['dup']}", None) in mine
    assert ("E_STRUCTURE", "A3", "JG04") in mine


def test_v1_and_v2_forms_tally_in_one_run(v2, quarter, tmp_path):
    """Last quarter's v1 grid forms (a unit kept its old form) read beside v2 forms."""
    old = build_templates(ROSTER, "2026Q4", tmp_path / "v1", split=True, key=KEY, format_version=1)
    old = {p.name: p for p in old}
    assert _meta(_load(old[PEER]))["format_version"] == "1"
    v1_peer = fill_form(old[PEER], DATA["peer"]["JG02"], out=tmp_path / "m" / PEER)
    v1_lead = fill_form(old[LEADER], DATA["leadership"]["LD01"], out=tmp_path / "m" / LEADER)
    mixed = [p for p in quarter if p.name not in (PEER, LEADER)] + [v1_peer, v1_lead]
    sub = read(*mixed)
    assert flat(sub) == []
    assert sub.peer["JG02"] == {u: float(v) for u, v in DATA["peer"]["JG02"].items()}
    # the same rater on a v1 and a v2 form with different values: E_DUPLICATE on the cell
    both = [
        *quarter,
        fill_form(old[PEER], {**DATA["peer"]["JG02"], "JG03": 1}, out=tmp_path / "b.xlsx"),
    ]
    dup = [i for i in read(*both).issues if i.code == "E_DUPLICATE"]
    assert dup and dup[0].rater == "JG02"


def test_unknown_format_versions_are_refused(quarter, tmp_path):
    from fill import edit_meta

    scoring = next(p for p in quarter if p.name == SCORING)
    edited = edit_meta(scoring, tmp_path / SCORING, format_version="2")
    assert ("E_SIGNATURE", None) in flat(read(edited))  # a version this program reads: signed
    edited = edit_meta(scoring, tmp_path / SCORING, format_version="3")
    assert ("E_FORMAT_VERSION", None) in flat(read(edited))
    peer = next(p for p in quarter if p.name == PEER)
    edited = edit_meta(peer, tmp_path / PEER, format_version="3")
    assert ("E_FORMAT_VERSION", None) in flat(read(scoring, edited))


# --- LibreOffice: re-saved forms read back, printing gives portrait pages -------------------
@pytest.mark.soffice
def test_v2_forms_resaved_by_libreoffice_read_back_and_print_portrait(quarter, tmp_path):
    import subprocess

    from test_templates_print import big_roster, pdf_pages_text

    import soffice

    rating = [p for p in quarter if not p.name.startswith("服务质量考核")]
    (big,) = build_templates(big_roster(120), "2026Q4", tmp_path / "big", only=["LD01"])
    folder = tmp_path / "flat"
    folder.mkdir()
    copies = []
    for i, form in enumerate([*rating, big]):  # unique names for one output folder
        copies.append(folder / f"{i:02d}_{form.name}")
        copies[-1].write_bytes(form.read_bytes())
    resaved = soffice.convert_many(copies[:-1], "xlsx", tmp_path / "lo")
    scoring = next(p for p in quarter if p.name == SCORING)
    assert flat(read(scoring, *resaved)) == []
    assert read(scoring, *resaved).peer == read(*quarter).peer

    (pdf,) = soffice.convert_many(copies[-1:], "pdf", tmp_path / "pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    width, height = (float(x) for x in info.split("Page size:")[1].split()[0:3:2])
    assert width < height  # portrait
    pages = [p for p in pdf_pages_text(pdf) if "评分领导：" in p]  # the title rows on each page
    assert len(pages) >= 3
    codes = []
    for page in pages:  # the header on every page, each unit once, in order
        assert "单位编号" in page and "评分" in page
        codes += [w for w in page.split() if w.startswith("U")]
    assert codes == [f"U{i:03d}" for i in range(1, 121)]
    assert "评分人签字" in pages[-1] and all("评分人签字" not in p for p in pages[:-1])


def test_an_english_v2_form_reads_like_a_chinese_one(tmp_path):
    (blank,) = build_templates(ROSTER, "2026Q4", tmp_path, lang="en", key=KEY, only=["LD02"])
    form = fill_form(blank, {**DATA["leadership"]["LD02"], "JG03": 101}, out=tmp_path / "f.xlsx")
    sub = read(form, roster=ROSTER)
    bad = [(i.code, i.sheet, i.cell) for i in sub.issues if i.code == "E_OUT_OF_RANGE"]
    assert bad == [
        ("E_OUT_OF_RANGE", "Leadership rating", cell_of(form, "leadership", "LD02", "JG03"))
    ]
    assert sub.leadership["LD02"]["JG04"] == float(DATA["leadership"]["LD02"]["JG04"])
