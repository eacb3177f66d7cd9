"""build_templates: the layout contract of every produced workbook (SPEC 4), read back with
openpyxl, and the live 考核得分 formula recalculated by LibreOffice against the engine."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from redflag_xlsx.core.errors import ConfigError
from redflag_xlsx.core.i18n import t
from redflag_xlsx.core.roster import Leader, Roster, Unit
from redflag_xlsx.core.rules import Rules
from redflag_xlsx.core.scoring import quality_score, satisfaction_adjustment, satisfaction_delta
from redflag_xlsx.forms.templates import SELF_FILL, build_templates, form_filename, quality_formula
from redflag_xlsx.xlsx import layout
from redflag_xlsx.xlsx.signing import sign, verify

import soffice

KEY = b"test-key"
GREY = "FF" + SELF_FILL.lstrip("#").upper()


# --- the contract, checked on one workbook -----------------------------------------------------
def meta_of(wb) -> dict[str, str]:
    ws = wb[layout.META_SHEET]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == layout.META_HEADER
    return {k: "" if v is None else v for k, v in rows[1:]}


def validations(ws) -> dict[str, object]:
    """A1 cell -> the data validation covering it (each cell at most one)."""
    out: dict[str, object] = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            for row in ws.iter_rows(
                min_row=rng.min_row, max_row=rng.max_row, min_col=rng.min_col, max_col=rng.max_col
            ):
                for cell in row:
                    assert cell.coordinate not in out, f"two validations on {cell.coordinate}"
                    out[cell.coordinate] = dv
    return out


def check_sheet_basics(
    ws, inputs: dict[str, str], freeze: str, orientation: str = "landscape"
) -> None:
    """Protected; exactly ``inputs`` (A1 -> kind) unlocked, each with the right validation."""
    assert ws.protection.sheet and not ws.protection.password
    dvs = validations(ws)
    unlocked = {c.coordinate for row in ws.iter_rows() for c in row if c.protection.locked is False}
    assert unlocked == set(inputs)
    assert set(dvs) == set(inputs)
    expected_type = {
        "count": "whole",
        "rate": "decimal",
        "rating": "decimal",
        "flag": "list",
        "text": "textLength",
    }
    for cell, kind in inputs.items():
        dv = dvs[cell]
        assert dv.type == expected_type[kind], cell
        assert dv.showInputMessage and dv.showErrorMessage and dv.errorStyle in (None, "stop")
        assert dv.prompt and len(dv.prompt) <= 255 and dv.error and len(dv.error) <= 255
        assert 0 < len(dv.promptTitle) <= 32 and 0 < len(dv.errorTitle) <= 32
        assert ws[cell].value is None
        if kind in ("rate", "rating"):
            assert (dv.operator, dv.formula1, dv.formula2) in (
                ("between", "0", "100"),
                (None, "0", "100"),
            )
        if kind == "count":
            assert (dv.operator, dv.formula1) == ("greaterThanOrEqual", "0")
    assert ws.freeze_panes == freeze
    ps = ws.page_setup
    assert (ps.orientation, ps.paperSize) == (orientation, 9)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ps.fitToWidth or 1, ps.fitToHeight) == (1, 0)  # one page wide (1 is the default)
    assert ws.print_title_rows == f"$1:${layout.HEADER_ROW}"


def check_scoring(ws, roster: Roster, rules: Rules, lang: str, lang_yes: str) -> None:
    cols = layout.scoring_columns(rules, lang)
    header = [c.value for c in ws[layout.HEADER_ROW]]
    assert header == [c.header for c in cols]
    first = layout.FIRST_DATA_ROW
    assert ws.max_row == first + len(roster.units) - 1
    inputs = {}
    for r, unit in enumerate(roster.units, start=first):
        values = {c.key: ws.cell(r, i + 1) for i, c in enumerate(cols)}
        assert (values["unit_code"].value, values["unit_name"].value, values["site"].value) == (
            unit.code,
            unit.name,
            unit.site,
        )
        assert values["unit_name"].data_type == "s"
        q = values["quality_score"]
        assert q.value == quality_formula(rules, cols, r - 1)
        for i, c in enumerate(cols):
            if c.kind in ("count", "flag", "rate", "text"):
                inputs[f"{get_column_letter(i + 1)}{r}"] = c.kind
    check_sheet_basics(ws, inputs, "C4")
    for dv in ws.data_validations.dataValidation:
        if dv.type == "list":
            assert dv.formula1 == f'"{lang_yes},{t("no", lang)}"'


def check_rating(ws, sheet: str, roster: Roster, rules: Rules, lang: str, rater: str) -> None:
    ids = layout.rating_id_columns(sheet, lang)
    units = roster.units
    if sheet == "peer" and rater and rules.peer_scope == "site":  # split: its own site only
        units = tuple(roster.units_at(roster.unit(rater).site))
    n = len(ids)
    assert [c.value for c in ws[layout.HEADER_ROW]] == [c.header for c in ids] + [
        u.code for u in units
    ]
    names = [c.value for c in ws[layout.INFO_ROW]][n:]
    assert names == [u.name for u in units]
    people = (
        [(u.code, u.name, u.site) for u in units]
        if sheet == "peer"
        else [(ld.code, ld.name, None) for ld in roster.leaders]
    )
    if rater:
        people = [p for p in people if p[0] == rater]
    first = layout.FIRST_DATA_ROW
    # below the rows, after one blank row: the rater's signature and date line, printed
    sign = first + len(people) + 1
    assert ws.max_row == sign and ws.cell(sign, 2).value == t(f"tpl_sign_{sheet}", lang)
    assert ws.print_area.endswith(f"${sign}")
    inputs = {}
    for r, (code, name, site) in enumerate(people, start=first):
        assert (ws.cell(r, 1).value, ws.cell(r, 2).value) == (code, name)
        for j, unit in enumerate(units):
            cell = ws.cell(r, n + 1 + j)
            closed = sheet == "peer" and (
                unit.code == code or (rules.peer_scope == "site" and unit.site != site)
            )
            if closed:  # self cell (or another site's unit): grey, locked, empty
                assert cell.fill.fgColor.rgb == GREY and cell.protection.locked
                assert cell.value is None
            else:
                assert cell.fill.fgColor.rgb != GREY
                inputs[cell.coordinate] = "rating"
    check_sheet_basics(ws, inputs, "C4")


def check_list(ws, sheet: str, roster: Roster, rules: Rules, lang: str, rater: str) -> None:
    """A format 2 split rating form: the units ``rater`` rates down the rows, 评分 the input."""
    from redflag_xlsx.core.peers import rated_by

    cols = layout.rating_list_columns(lang)
    assert [c.value for c in ws[layout.HEADER_ROW]] == [c.header for c in cols]
    who = roster.unit(rater) if sheet == "peer" else roster.leader(rater)
    assert ws.cell(layout.TITLE_ROW, 1).value.startswith(t("app_title", lang))
    assert ws[layout.LIST_RATER_CELL].value == who.name and rater in ws["C2"].value
    units = rated_by(roster, rules, rater) if sheet == "peer" else list(roster.units)
    first = layout.FIRST_DATA_ROW
    got = [tuple(ws.cell(r, c).value for c in (1, 2, 3)) for r in range(first, first + len(units))]
    assert got == [(u.code, u.name, u.site) for u in units]
    inputs = {f"D{r}": "rating" for r in range(first, first + len(units))}
    sign = first + len(units) + layout.LIST_SIGNATURE_GAP
    assert ws.cell(sign, 2).value == t("list_signature", lang)
    assert ws.max_row == sign
    check_sheet_basics(ws, inputs, "A4", "portrait")


def check_workbook(
    path: Path,
    roster: Roster,
    rules: Rules,
    *,
    period: str,
    lang: str,
    kind: str,
    rater: str = "",
    key: bytes | None = KEY,
) -> dict[str, str]:
    wb = openpyxl.load_workbook(path)
    sheets = {
        "combined": ["scoring", "peer", "leadership"],
        "scoring": ["scoring"],
        "peer": ["peer"],
        "leadership": ["leadership"],
    }[kind]
    expected = [layout.sheet_name(s, lang) for s in ["instructions", *sheets]]
    assert wb.sheetnames == [*expected, layout.META_SHEET]
    assert [wb[s].sheet_state for s in wb.sheetnames] == ["visible"] * len(expected) + [
        "veryHidden"
    ]
    assert wb.active.title == layout.sheet_name("instructions", lang)
    for ws in wb.worksheets[:-1]:  # title rows above the header, found within 10 rows
        assert ws.cell(layout.TITLE_ROW, 1).data_type == "s"
    instructions = wb.worksheets[0]
    text = "\n".join(str(c.value) for row in instructions.iter_rows() for c in row if c.value)
    assert period in text and instructions.protection.sheet
    for s in sheets:
        ws = wb[layout.sheet_name(s, lang)]
        listed = bool(rater) and s != "scoring"  # format 2
        if listed:
            check_list(ws, s, roster, rules, lang, rater)
            continue
        assert ws.cell(layout.HEADER_ROW, 1).value == layout.first_header(s, lang)
        if s == "scoring":
            check_scoring(ws, roster, rules, lang, t("yes", lang))
        else:
            check_rating(ws, s, roster, rules, lang, rater)
    meta = meta_of(wb)
    listed = bool(rater)  # format 2: the fingerprint, no roster
    keys = [k for k in layout.META_KEYS if k != "roster" or not listed]
    assert list(meta) == keys
    version = "2" if listed else "1"
    assert meta["format_version"] == version and meta["kind"] == kind and meta["rater"] == rater
    assert (meta["period"], meta["lang"]) == (period, lang)
    if not listed:
        assert Roster.from_json(meta["roster"]) == roster
    assert meta["roster_fingerprint"] == roster.fingerprint
    assert meta["generator"].startswith("redflag_xlsx ")
    assert all(isinstance(v, str) for v in meta.values())
    props = {p.name: p.value for p in wb.custom_doc_props}
    assert list(props) == list(layout.META_PROPERTY_KEYS)
    assert {k: v or "" for k, v in props.items()} == {k: meta[k] for k in layout.META_PROPERTY_KEYS}
    if key is None:
        assert meta["signature"] == ""
    else:
        assert verify(meta, key) and meta["signature"] == sign(meta, key)
        assert not verify({**meta, "rater": "JG99"}, key)
        assert not verify(meta, b"another key")
    return meta


# --- the tests ---------------------------------------------------------------------------------
def test_combined_zh_and_en(tmp_path: Path) -> None:
    roster, rules = Roster.sample(), Rules.default()
    zh = build_templates(roster, "2026Q4", tmp_path / "zh", key=KEY)
    en = build_templates(roster, "2026Q4", tmp_path / "en", lang="en", key=KEY)
    assert zh == [tmp_path / "zh" / "红旗评选_2026Q4.xlsx"]
    assert [p.name for p in en] == ["红旗评选_2026Q4.xlsx"]
    check_workbook(zh[0], roster, rules, period="2026Q4", lang="zh", kind="combined")
    check_workbook(en[0], roster, rules, period="2026Q4", lang="en", kind="combined")
    wb = openpyxl.load_workbook(en[0])
    assert wb["Quality scoring"]["D3"].value == "inspection: minor deviation"


def test_split_writes_one_form_per_rater(tmp_path: Path) -> None:
    roster, rules = Roster.sample(), Rules.default()
    paths = build_templates(roster, "2027Q1", tmp_path / "new" / "forms", split=True, key=KEY)
    assert len(paths) == 1 + len(roster.units) + len(roster.leaders) == 18
    expected = [
        form_filename("scoring", "2027Q1"),
        *(f"单位互评_2027Q1_{u.code}.xlsx" for u in roster.units),
        *(f"领导评议_2027Q1_{ld.code}.xlsx" for ld in roster.leaders),
    ]
    assert [p.name for p in paths] == expected
    assert sorted(p.name for p in (tmp_path / "new" / "forms").iterdir()) == sorted(expected)
    check_workbook(paths[0], roster, rules, period="2027Q1", lang="zh", kind="scoring")
    signatures = set()
    for path, code in zip(paths[1:], [u.code for u in roster.units], strict=False):
        meta = check_workbook(
            path, roster, rules, period="2027Q1", lang="zh", kind="peer", rater=code
        )
        signatures.add(meta["signature"])
    for path, ld in zip(paths[-len(roster.leaders) :], roster.leaders, strict=True):
        meta = check_workbook(
            path, roster, rules, period="2027Q1", lang="zh", kind="leadership", rater=ld.code
        )
        signatures.add(meta["signature"])
    assert len(signatures) == len(roster.units) + len(roster.leaders)  # one per rater
    texts = [c.value for c in openpyxl.load_workbook(paths[1]).worksheets[0]["A"]]
    assert t("tpl_instr_rater_unit", "zh", code="JG01", name="物业管理处工程部") in texts


def test_peer_scope_site_locks_other_sites(tmp_path: Path) -> None:
    roster, rules = Roster.sample(), Rules(peer_scope="site")
    [path] = build_templates(roster, "2026Q3", tmp_path, rules=rules)
    check_workbook(path, roster, rules, period="2026Q3", lang="zh", kind="combined", key=None)
    ws = openpyxl.load_workbook(path)["单位互评"]
    # JG01 (row 4) rates JG02..JG08 only: C..J minus C (self); XZ01..XZ04 (K..N) are grey
    assert [ws.cell(4, c).protection.locked for c in range(3, 15)] == [True] + [False] * 7 + [
        True
    ] * 4


def test_peer_scope_site_split_forms_list_their_site_only(tmp_path: Path) -> None:
    roster, rules = Roster.sample(), Rules(peer_scope="site")
    paths = build_templates(roster, "2026Q3", tmp_path, rules=rules, split=True, key=KEY)
    by_name = {p.name: p for p in paths}
    for unit in roster.units:  # the peer form: its site's units as columns, its own one grey
        path = by_name[form_filename("peer", "2026Q3", unit.code)]
        check_workbook(
            path, roster, rules, period="2026Q3", lang="zh", kind="peer", rater=unit.code
        )
    ws = openpyxl.load_workbook(by_name[form_filename("peer", "2026Q3", "XZ02")])["单位互评"]
    codes = [ws.cell(r, 1).value for r in range(4, 7)]  # format 2: its site, itself not listed
    assert codes == ["XZ01", "XZ03", "XZ04"] and ws.cell(7, 1).value is None
    texts = [
        c.value
        for c in openpyxl.load_workbook(
            by_name[form_filename("peer", "2026Q3", "XZ02")]
        ).worksheets[0]["A"]
    ]
    assert t("tpl_instr_who_list_peer_site", "zh", sheet="单位互评") in texts
    for ld in roster.leaders:  # leaders still rate every unit
        path = by_name[form_filename("leadership", "2026Q3", ld.code)]
        check_workbook(
            path, roster, rules, period="2026Q3", lang="zh", kind="leadership", rater=ld.code
        )


def test_user_strings_stay_text(tmp_path: Path) -> None:
    evil = '=HYPERLINK("http://example.com","点我")'
    roster = Roster(
        units=(
            Unit(code="A1", name=evil, site="机关大楼"),
            Unit(code="=B2", name="+1+2", site="机关大楼"),
            Unit(code="C3", name="@SUM(A1:A2)", site="行政事业中心"),
        ),
        leaders=(Leader(code="L1", name="=1+1"),),
    )
    paths = build_templates(roster, "2026Q4", tmp_path / "c", key=KEY)
    paths += build_templates(roster, "2026Q4", tmp_path / "s", split=True, key=KEY)
    strings = {evil, "+1+2", "=B2", "@SUM(A1:A2)", "=1+1"}
    seen = set()
    for path in paths:
        wb = openpyxl.load_workbook(path)
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if cell.value in strings:
                        assert cell.data_type == "s", (path.name, ws.title, cell.coordinate)
                        seen.add(cell.value)
                    if cell.data_type == "f":
                        assert ws.title == "服务质量考核", cell.coordinate  # only 考核得分
    assert seen == strings
    # a code with characters Windows forbids still gives a usable file name
    assert form_filename("peer", "2026Q4", 'a/b:c*"') == "单位互评_2026Q4_a_b_c__.xlsx"


def test_blank_form_caches_the_base_score(tmp_path: Path) -> None:
    rules = Rules(base_score=90, quality_bounds=(95, None))
    [path] = build_templates(Roster.sample(), "2026Q4", tmp_path, rules=rules, split=False)
    xml = _sheet_xml(path, 2)
    assert xml.count("<v>95</v>") == len(Roster.sample().units)  # clamped base, cached
    cols = layout.scoring_columns(rules)
    assert quality_formula(rules, cols, 3).startswith("=MAX(90+D4*(-1)+")


def test_overwrite_leaves_no_temporary_files(tmp_path: Path) -> None:
    first = build_templates(None, "2026Q4", tmp_path, key=KEY)
    again = build_templates(None, "2026Q4", tmp_path, key=b"other")
    assert first == again and [p.name for p in tmp_path.iterdir()] == [first[0].name]
    assert verify(meta_of(openpyxl.load_workbook(again[0])), b"other")


def _sheet_xml(path: Path, n: int) -> str:
    import zipfile

    with zipfile.ZipFile(path) as z:
        return z.read(f"xl/worksheets/sheet{n}.xml").decode("utf-8")


# --- LibreOffice: the formula agrees with the engine --------------------------------------------
# Filled rows of the scoring sheet (one per unit, in roster order): item code -> value,
# with "baseline" and "current"; the rest blank.
FILLED = [
    {},
    {
        "inspection_minor": 2,
        "survey_major": 1,
        "leader_praise": 1,
        "management_good": "是",
        "baseline": 63.1,
        "current": 64.1,
    },
    {"complaint_general": 1, "management_good": "否", "baseline": 90, "current": 88.5},
    {"journal_article": 2, "innovation": 1, "management_good": "Y", "current": 95},
    {"safety_accident": 1, "baseline": 80},
    {"passive_work": 3, "bulletin_article": 1, "baseline": 70.25, "current": 72.99},
    {"emergency_handling": 1, "baseline": 99.9, "current": 100},
    {"inspection_repeat": 4, "survey_repeat": 2, "baseline": 88.8, "current": 88.5},
    {"complaint_major": 1, "management_good": 1, "baseline": 50, "current": 49},
]


def engine_q(values: dict, rules: Rules) -> float:
    counts = {}
    for item in rules.items:
        v = values.get(item.code)
        if item.input == "flag":
            counts[item.code] = 1 if v in ("是", "Y", 1) else 0
        elif v is not None:
            counts[item.code] = v
    b, c = values.get("baseline"), values.get("current")
    adj = (
        0.0 if b is None or c is None else satisfaction_adjustment(satisfaction_delta(b, c), rules)
    )
    return quality_score(counts, adj, rules)


@pytest.mark.soffice
def test_formula_recalculated_by_libreoffice_matches_engine(tmp_path: Path) -> None:
    roster = Roster.sample()
    variants = {
        "seed": Rules.default(),
        "prop": Rules(satisfaction_mode="proportional", quality_bounds=(60, 112.5)),
    }
    for name, rules in variants.items():
        [path] = build_templates(roster, "2026Q4", tmp_path / name, rules=rules)
        wb = openpyxl.load_workbook(path)
        ws = wb["服务质量考核"]
        cols = {c.key: i + 1 for i, c in enumerate(layout.scoring_columns(rules))}
        for r, values in enumerate(FILLED, start=layout.FIRST_DATA_ROW):
            for k, v in values.items():
                ws.cell(r, cols[k]).value = v
        filled = tmp_path / name / "filled.xlsx"
        wb.save(filled)
        recalculated = soffice.recalculated_copy(filled, tmp_path / name / "lo")
        got = openpyxl.load_workbook(recalculated, data_only=True)["服务质量考核"]
        q_col = cols["quality_score"]
        for r, values in enumerate(FILLED, start=layout.FIRST_DATA_ROW):
            assert got.cell(r, q_col).value == pytest.approx(engine_q(values, rules), abs=1e-9), (
                name,
                r,
                values,
            )
        blank_rows = range(layout.FIRST_DATA_ROW + len(FILLED), layout.FIRST_DATA_ROW + 12)
        assert [got.cell(r, q_col).value for r in blank_rows] == [
            engine_q({}, rules) for _ in blank_rows
        ]
    # the expectations are not trivial: every seed row but the blank one moves Q
    assert len({engine_q(v, variants["seed"]) for v in FILLED}) >= 7


@pytest.mark.parametrize(
    ("a", "b", "file"),
    [
        # first code, second code, the shared file name
        ("A/B", "A_B", "单位互评_2026Q4_A_B.xlsx"),
        ("jg01", "JG01", "单位互评_2026Q4_JG01.xlsx"),
    ],
)
def test_codes_giving_one_file_name_are_refused(tmp_path: Path, a: str, b: str, file: str) -> None:
    roster = Roster(
        units=(Unit(code=a, name="甲", site="机关大楼"), Unit(code=b, name="乙", site="机关大楼")),
        leaders=(Leader(code="L1", name="丙"),),
    )
    with pytest.raises(ConfigError) as err:
        build_templates(roster, "2026Q4", tmp_path / "out", split=True)
    assert str(err.value) == t("tpl_filename_clash", "zh", a=a, b=b, file=file)
    assert not (tmp_path / "out").exists()
    assert build_templates(roster, "2026Q4", tmp_path / "out")  # one combined file is fine


def test_split_build_cleans_the_folder_once(tmp_path: Path, monkeypatch) -> None:
    """A dead run's temporary file in the output folder is removed, and the folder is read for
    that once per build, not once per form (20,101 forms at 20,000 units: quadratic)."""
    from redflag_xlsx.forms import templates
    from redflag_xlsx.xlsx import files, writing

    out = tmp_path / "out"
    out.mkdir()
    dead = out / f"{files.TEMP_PREFIX}{files.HOST}-999999999-abcd1234-T-old.xlsx"
    dead.write_bytes(b"left by a killed run")
    calls: list[Path] = []
    real = files.remove_stale

    def counted(folder: Path, **kw):
        calls.append(folder)
        return real(folder, **kw)

    monkeypatch.setattr(templates, "remove_stale", counted)
    monkeypatch.setattr(writing, "remove_stale", counted)
    written = build_templates(Roster.sample(), "2026Q4", out, split=True, key=KEY)
    assert len(written) > 5
    assert not dead.exists()
    assert calls == [out]
