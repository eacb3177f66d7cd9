"""THE key test of the results workbook: LibreOffice recalculates every formula, and each one
must come back as its cached value and the engine's number, with no error cell anywhere.

All workbooks (every scenario, two English ones, a canary and an auditor's edited copy) are
converted by one LibreOffice run, so the module costs one start-up.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from redflag_xlsx.core.rules import Rules
from redflag_xlsx.core.scoring import tally
from redflag_xlsx.results.writer import write_results
from redflag_xlsx.xlsx import layout

import soffice
from readkit import build_blanks, filled, read
from regkit import quarter
from resultcells import ERRORS, cell_values, engine_cells, formula_cells, same_value
from scenarios import SCENARIOS, scenario

pytestmark = pytest.mark.soffice  # every test here starts LibreOffice

EN_SCENARIOS = ("ties", "site_scope", "register")  # register: COUNTIFS of English labels
AUDIT = "audit"  # sample, with a point value changed on 规则 by openpyxl
FORMS = "forms"  # real forms, filled and read back
REGISTER_FORMS = "register_forms"  # real forms and a real inspection register, read back
REGISTER_AUDIT = "register_audit"  # register, with an event's unit cleared on 扣分依据
CHECKED = [*SCENARIOS, *(f"{n}_en" for n in EN_SCENARIOS), FORMS, REGISTER_FORMS]


def _canary(path: Path) -> None:
    """A formula with a wrong cached value, and a 2010+ function without its _xlfn. prefix."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    ws.write_formula(0, 0, "=1+1", None, 5)
    ws.write_formula(1, 0, "=RANK.EQ(1,A1)", None, 1)
    wb.close()


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory) -> dict[str, tuple[Path, Path, object]]:
    """name -> (written workbook, LibreOffice's recalculated copy, engine Result)."""
    src = tmp_path_factory.mktemp("results")
    written: dict[str, tuple[Path, object]] = {}
    for name in SCENARIOS:
        result = scenario(name).tally()
        written[name] = (write_results(result, src / f"{name}.xlsx"), result)
    for name in EN_SCENARIOS:
        result = scenario(name).tally()
        written[f"{name}_en"] = (write_results(result, src / f"{name}_en.xlsx", lang="en"), result)
    # a quarter typed into real forms and read back by the reader
    blanks = build_blanks(tmp_path_factory.mktemp("blanks"))
    forms = filled(blanks, tmp_path_factory.mktemp("forms"))
    result = tally(read(forms), Rules.default())
    assert not result.issues
    written[FORMS] = (write_results(result, src / f"{FORMS}.xlsx"), result)
    # the same with an inspection register giving the counts (SPEC 14)
    folder = quarter(blanks, tmp_path_factory.mktemp("register") / "in")
    result = tally(read(folder), Rules.default())
    assert not result.issues
    written[REGISTER_FORMS] = (write_results(result, src / f"{REGISTER_FORMS}.xlsx"), result)
    _canary(src / "canary.xlsx")
    written["canary"] = (src / "canary.xlsx", None)
    # an auditor doubles the deduction of 检查一般偏差 on 规则
    sample = written["sample"][1]
    wb = openpyxl.load_workbook(written["sample"][0])
    ws = wb[layout.results_sheet_name("rules")]
    for row in ws.iter_rows():
        if row[0].value == "检查一般偏差":
            assert row[1].value == -1
            row[1].value = -2
            break
    else:  # pragma: no cover
        raise AssertionError("item row not found on 规则")
    wb.save(src / f"{AUDIT}.xlsx")
    written[AUDIT] = (src / f"{AUDIT}.xlsx", sample)
    # an auditor clears the unit of the first event on 扣分依据
    register = written["register"][1]
    wb = openpyxl.load_workbook(written["register"][0])
    wb["扣分依据"].cell(layout.FIRST_DATA_ROW, 2).value = None
    wb.save(src / f"{REGISTER_AUDIT}.xlsx")
    written[REGISTER_AUDIT] = (src / f"{REGISTER_AUDIT}.xlsx", register)
    # one LibreOffice run recalculates and re-saves every file (profile: always recalculate)
    copies = soffice.convert_many(
        [p for p, _r in written.values()], "xlsx", tmp_path_factory.mktemp("recalc")
    )
    return {
        name: (path, copy, result)
        for (name, (path, result)), copy in zip(written.items(), copies, strict=True)
    }


def test_the_canary_shows_that_libreoffice_recalculates(recalculated):
    _src, copy, _r = recalculated["canary"]
    ws = openpyxl.load_workbook(copy, data_only=True).active
    assert ws["A1"].value == 2  # the cached 5 was recomputed
    assert ws["A2"].value == "#NAME?"  # what a missing _xlfn. prefix looks like


@pytest.mark.parametrize("name", CHECKED)
def test_every_formula_recalculates_to_its_cached_value(recalculated, name):
    src, copy, _result = recalculated[name]
    formulas = formula_cells(src)
    assert len(formulas) > 100
    cached, recalc = cell_values(src), cell_values(copy)
    wrong = [
        (sheet, cell, formula, cached[sheet, cell], recalc.get((sheet, cell)))
        for sheet, cell, formula in formulas
        if not same_value(cached[sheet, cell], recalc.get((sheet, cell)))
    ]
    assert wrong == []
    errors = [
        (key, value)
        for key, value in recalc.items()
        if isinstance(value, str) and value.startswith(ERRORS)
    ]
    assert errors == []


@pytest.mark.parametrize("name", CHECKED)
def test_recalculated_numbers_are_the_engines(recalculated, name):
    """To the cent and beyond: the recalculated copy against the Result, column by column."""
    _src, copy, result = recalculated[name]
    lang = "en" if name.endswith("_en") else "zh"
    got = cell_values(copy)
    expected = engine_cells(openpyxl.load_workbook(copy, data_only=True), result, lang)
    assert len(expected) > 50
    wrong = {
        key: (value, got.get(key))
        for key, value in expected.items()
        if not same_value(value, got.get(key))
    }
    assert wrong == {}


def test_an_auditor_who_changes_a_point_value_sees_every_total_follow(recalculated):
    _src, copy, result = recalculated[AUDIT]
    wb = openpyxl.load_workbook(copy, data_only=True)
    summary = wb[layout.results_sheet_name("summary")]
    cols = {c.key: i for i, c in enumerate(layout.summary_columns())}
    seen = 0
    for row in summary.iter_rows(min_row=layout.FIRST_DATA_ROW):
        code = row[cols["unit_code"]].value
        if not code:
            continue
        u = result.unit(code)
        minor = u.counts["inspection_minor"]
        assert row[cols["quality"]].value == pytest.approx(u.quality - minor, abs=1e-9)
        w = result.rules.weights
        from redflag_xlsx.core.rounding import excel_round

        total = excel_round(
            w.quality * (u.quality - minor) + w.peer * u.peer + w.leadership * u.leadership, 2
        )
        assert row[cols["total"]].value == pytest.approx(total, abs=1e-9)
        seen += minor > 0
    assert seen >= 3  # the change really moved some totals


def test_an_auditor_who_removes_an_event_sees_its_count_and_score_follow(recalculated):
    _src, copy, result = recalculated[REGISTER_AUDIT]
    first = openpyxl.load_workbook(recalculated["register"][0])["扣分依据"]
    unit_code = first.cell(layout.FIRST_DATA_ROW, 2).value
    label = first.cell(layout.FIRST_DATA_ROW, 4).value
    item = next(i for i in result.rules.items if i.label_zh == label)
    u = result.unit(unit_code)
    wb = openpyxl.load_workbook(copy, data_only=True)
    detail = wb[layout.results_sheet_name("quality")]
    cols = {c.key: i for i, c in enumerate(layout.quality_detail_columns(result.rules))}
    row = next(
        r for r in detail.iter_rows(min_row=layout.FIRST_DATA_ROW) if r[0].value == unit_code
    )
    assert row[cols[item.code]].value == u.counts[item.code] - 1
    assert row[cols["quality"]].value == pytest.approx(u.quality - item.points, abs=1e-9)
    others = {
        r[0].value: r[cols["quality"]].value
        for r in detail.iter_rows(min_row=layout.FIRST_DATA_ROW)
        if r[0].value and r[0].value != unit_code
    }
    assert others == {v.code: pytest.approx(v.quality) for v in result.units if v.code != unit_code}
