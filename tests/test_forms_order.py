"""The forms and the results in the seed's order (issue 17, SPEC 4): satisfaction right after
重大安全事故 (v1 forms with the old order still read), rating forms that say only what the rater
needs and end with a signature and date line, 汇总 by site then rank, the chart from 0."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from redflag_xlsx.core.i18n import t
from redflag_xlsx.core.roster import Roster
from redflag_xlsx.core.rules import Rules
from redflag_xlsx.demo import sample_data
from redflag_xlsx.forms.filling import fill_workbook
from redflag_xlsx.forms.templates import build_templates
from redflag_xlsx.workflow import assess
from redflag_xlsx.xlsx import layout

KEY = b"k" * 32


def test_satisfaction_follows_safety_accident() -> None:
    keys = [c.key for c in layout.scoring_columns(Rules.default())]
    i = keys.index("safety_accident")
    assert keys[i + 1 : i + 3] == ["baseline", "current"]
    assert keys[keys.index("passive_work") + 1] == "safety_accident"


def _old_order(rules: Rules, lang: str = "zh", *, new=layout.scoring_columns):
    """v1's scoring columns: satisfaction after 消极应付."""
    cols = new(rules, lang)
    satisfaction = [c for c in cols if c.key in ("baseline", "current")]
    rest = [c for c in cols if c.key not in ("baseline", "current")]
    i = [c.key for c in rest].index("passive_work") + 1
    return rest[:i] + satisfaction + rest[i:]


def test_a_form_with_the_old_order_still_reads(tmp_path: Path, monkeypatch) -> None:
    roster = Roster.sample()
    with monkeypatch.context() as m:
        m.setattr(layout, "scoring_columns", _old_order)
        form = build_templates(roster, "2026Q4", tmp_path / "blank", key=KEY)[0]
    ws = openpyxl.load_workbook(form)[layout.sheet_name("scoring")]
    headers = [c.value for c in ws[layout.HEADER_ROW]]
    assert headers.index("基准满意率(%)") == headers.index("消极应付") + 1  # the old order
    data = sample_data(roster)
    filled = tmp_path / "filled" / form.name
    fill_workbook(form, filled, scoring=data.scoring, peer=data.peer, leadership=data.leadership)
    found = assess([filled], key=KEY)
    assert [i.code for i in found.findings() if i.is_error] == []
    new = build_templates(roster, "2026Q4", tmp_path / "new", key=KEY)[0]
    filled_new = tmp_path / "filled_new" / new.name
    fill_workbook(new, filled_new, scoring=data.scoring, peer=data.peer, leadership=data.leadership)
    again = assess([filled_new], key=KEY)
    rows = {
        code: row.model_dump(exclude={"file", "cells", "sheet"})
        for code, row in found.submission.scoring.items()
    }
    assert rows == {
        code: row.model_dump(exclude={"file", "cells", "sheet"})
        for code, row in again.submission.scoring.items()
    }  # the same numbers from either order


@pytest.fixture(scope="module")
def split(tmp_path_factory) -> list[Path]:
    out = tmp_path_factory.mktemp("split")
    return build_templates(Roster.sample(), "2026Q4", out, split=True, key=KEY)


def _instructions(path: Path) -> str:
    ws = openpyxl.load_workbook(path)[layout.sheet_name("instructions")]
    return "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)


def test_rating_forms_say_only_what_the_rater_needs(split: list[Path]) -> None:
    rating = [p for p in split if not p.name.startswith("服务质量考核")]
    scoring = [p for p in split if p.name.startswith("服务质量考核")]
    assert rating and scoring
    for path in rating:
        text = _instructions(path)
        assert "考核得分 =" not in text and "综合得分 =" not in text, path.name
        assert "0–100" in text or "0-100" in text or "100" in text
    assert "考核得分 =" in _instructions(scoring[0]) and "综合得分 =" in _instructions(scoring[0])


def test_every_rating_form_ends_with_a_signature_and_date_line(split: list[Path]) -> None:
    for path in split:
        wb = openpyxl.load_workbook(path)
        for key in ("peer", "leadership"):
            name = layout.sheet_name(key)
            if name not in wb.sheetnames:
                continue
            ws = wb[name]
            line = t(f"tpl_sign_{key}", "zh")  # the grid's line; a format 2 list has two cells
            lines = {line, t("list_signature", "zh"), t("list_date", "zh")}
            found = [c for row in ws.iter_rows() for c in row if c.value in lines]
            assert found and len({c.row for c in found}) == 1, path.name
            shown = "".join(str(c.value) for c in found)
            assert "签字" in shown and "日期" in shown, path.name
            area = ws.print_area  # e.g. "'单位互评'!$A$1:$P$6"
            last_row = int(area.rsplit("$", 1)[1])
            assert found[0].row == last_row == ws.max_row, (path.name, area)


def test_summary_by_site_then_rank_and_the_chart_from_zero(tmp_path: Path) -> None:
    from redflag_xlsx.results.writer import write_results

    from scenarios import scenario

    result = scenario("disqualified").tally()
    path = write_results(result, tmp_path, force=True)
    ws = openpyxl.load_workbook(path, data_only=True)["汇总"]
    c = {col.key: i for i, col in enumerate(layout.summary_columns())}
    rows = [r for r in ws.iter_rows(min_row=layout.FIRST_DATA_ROW, values_only=True) if r[0]]
    sites = [r[c["site"]] for r in rows]
    assert sites == sorted(sites, key=result.roster.sites.index)
    for site in result.roster.sites:
        ranks = [r[c["rank"]] for r in rows if r[c["site"]] == site]
        ranked = [x for x in ranks if isinstance(x, int | float)]
        assert ranked == sorted(ranked) and ranks[: len(ranked)] == ranked, (site, ranks)
    with zipfile.ZipFile(path) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    assert charts and all('<c:min val="0"/>' in x for x in charts)
