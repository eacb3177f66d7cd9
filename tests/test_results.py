"""The results workbook as written: cached values against the engine, layout, texts, highlights,
the file handling (temporary name, --force, a file open in Excel) and determinism.

The recalculation by LibreOffice is in test_results_recalc.py.
"""

from __future__ import annotations

import math
import os
import sys
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from redflag_xlsx.core.errors import OutputError, UsageError
from redflag_xlsx.core.scoring import Result
from redflag_xlsx.results.book import TIE_FILL, WON_FILL
from redflag_xlsx.results.writer import write_results
from redflag_xlsx.xlsx import layout

from resultcells import engine_cells, same_value
from scenarios import SCENARIOS, city, scenario


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict[str, tuple[Path, Result]]:
    out = tmp_path_factory.mktemp("written")
    done = {}
    for name in SCENARIOS:
        result = scenario(name).tally()
        done[name] = (write_results(result, out / f"{name}.xlsx"), result)
    return done


# --- cached values ------------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(SCENARIOS))
def test_cached_values_are_the_engines(written, name):
    path, result = written[name]
    wb = openpyxl.load_workbook(path, data_only=True)
    expected = engine_cells(wb, result)
    got = {key: wb[key[0]][key[1]].value for key in expected}
    wrong = {k: (v, got[k]) for k, v in expected.items() if not same_value(v, got[k])}
    assert wrong == {}


@pytest.mark.parametrize("engine", ["openpyxl", "calamine"])
def test_pandas_reads_the_summary_as_the_engines_frame(written, engine):
    path, result = written["disqualified"]
    df = pd.read_excel(
        path,
        sheet_name="汇总",
        header=layout.HEADER_ROW - 1,
        dtype={"单位编号": str},
        engine=engine,
    )
    assert list(df.columns) == [c.header for c in layout.summary_columns()]
    frame = result.to_frame().set_index("code")
    df = df.set_index("单位编号")
    assert sorted(df.index) == sorted(frame.index)
    for column, key in (
        ("服务质量得分", "quality"),
        ("互评得分", "peer"),
        ("领导评议得分", "leadership"),
        ("综合得分", "total"),
        ("场所排名", "rank"),
    ):
        got, expected = df[column].to_dict(), frame[key].astype(float).to_dict()
        blank = {code for code, value in expected.items() if math.isnan(value)}  # no rank
        assert {code for code, value in got.items() if math.isnan(value)} == blank
        assert {k: v for k, v in got.items() if k not in blank} == pytest.approx(
            {k: v for k, v in expected.items() if k not in blank}, abs=1e-9
        )
    assert df["取消资格"].fillna("").to_dict() == frame["disqualified"].to_dict()


# --- what a person sees -------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sheets_in_spec_order_with_the_catalog_headers(tmp_path, lang):
    result = scenario("sample").tally()
    wb = openpyxl.load_workbook(write_results(result, tmp_path, lang=lang))
    names = [layout.results_sheet_name(s, lang) for s in layout.RESULTS_SHEETS]
    assert wb.sheetnames == names
    if lang == "zh":
        assert names == [
            "汇总",
            "服务质量明细",
            "单位互评",
            "领导评议",
            "评议分析",
            "流动红旗",
            "奖金发放",
            "公示",
            "校验问题",
            "修订记录",
            "规则",
            "图表",
        ]
    header = layout.HEADER_ROW
    summary = [c.value for c in wb[names[0]][header]]
    assert summary == [c.header for c in layout.summary_columns(lang)]
    detail = [c.value for c in wb[names[1]][header]]
    assert detail == [c.header for c in layout.quality_detail_columns(result.rules, lang)]
    peer = [c.value for c in wb[names[2]][header]]
    stats = [c.header for c in layout.rating_stat_columns("peer", lang)]
    assert peer == stats + [u.code for u in result.roster.units]
    leaders = [c.value for c in wb[names[3]][header]]
    assert leaders == [c.header for c in layout.rating_stat_columns("leadership", lang)] + [
        ld.code for ld in result.roster.leaders
    ]
    assert [c.value for c in wb[layout.results_sheet_name("issues", lang)][header]] == [
        c.header for c in layout.issues_columns(lang)
    ]


def test_disqualification_reasons_by_header_text(written):
    path, _result = written["disqualified"]
    ws = openpyxl.load_workbook(path)["汇总"]
    col = {c.key: i for i, c in enumerate(layout.summary_columns())}
    reasons = {
        row[col["unit_code"]].value: row[col["disqualified"]].value
        for row in ws.iter_rows(min_row=layout.FIRST_DATA_ROW)
        if row[col["disqualified"]].value
    }
    assert reasons == {
        "JG04": "重大质量投诉；整改通知书",
        "JG07": "严重违反工作纪律",
        "XZ02": "重大安全事故",
    }


def test_min_total_reason_and_blank_rewards_for_non_winners(written):
    path, result = written["min_total"]
    ws = openpyxl.load_workbook(path, data_only=True)["汇总"]
    col = {c.key: i for i, c in enumerate(layout.summary_columns())}
    below = {u.code for u in result.units if u.below_min_total}
    assert below
    for row in ws.iter_rows(min_row=layout.FIRST_DATA_ROW):
        code = row[col["unit_code"]].value
        u = result.unit(code)
        if code in below:
            assert row[col["disqualified"]].value == "综合得分低于 108"
        rewards = [row[col[k]].value for k in ("streak", "reward_points", "bonus_yuan", "priority")]
        if u.won:
            priority = "不适用" if u.in_house else "否"  # 物业管理处工程部 is never tendered
            assert rewards == [u.streak, u.reward_points, u.bonus_yuan, priority]
        else:
            assert rewards == [None, None, None, None]


def test_ties_are_marked_and_an_award_decides_them(written):
    ties_path, ties = written["ties"]
    award_path, award = written["award"]
    assert [u.code for u in ties.ties()] == ["XZ01", "XZ03"]
    wb = openpyxl.load_workbook(ties_path, data_only=True)
    flags = wb["流动红旗"]
    rows = {r[1].value: [c.value for c in r] for r in flags.iter_rows(min_row=4) if r[1].value}
    note = "并列待定：待局领导审定"  # never a command-line word in what the office prints
    assert rows["XZ01"][6:] == ["并列待定", None, None, None, None, note]
    assert rows["XZ03"][6:] == ["并列待定", None, None, None, None, note]
    notice = [c.value for row in wb["公示"].iter_rows() for c in row if c.value]
    tied = "行政事业中心：中心物业服务项目、中心食堂餐饮服务项目综合得分并列"
    assert any(str(v).startswith(f"　　{tied}") and "待局领导审定" in v for v in notice)

    wb = openpyxl.load_workbook(award_path, data_only=True)
    rows = {
        r[1].value: [c.value for c in r] for r in wb["流动红旗"].iter_rows(min_row=4) if r[1].value
    }
    assert "XZ01" not in rows
    assert rows["XZ03"][6:] == ["流动红旗", 1, 3, 600, "否", "经局领导审定"]
    assert award.unit("XZ03").won and not award.unit("XZ01").won


def test_winners_and_ties_are_highlighted(written):
    path, result = written["ties"]
    ws = openpyxl.load_workbook(path)["汇总"]
    col = {c.key: i for i, c in enumerate(layout.summary_columns())}
    fills = {}
    for row in ws.iter_rows(min_row=layout.FIRST_DATA_ROW):
        colours = {c.fill.fgColor.rgb for c in row if c.fill.fill_type == "solid"}
        fills[row[col["unit_code"]].value] = colours
    for u in result.units:
        want = {"flag": {"FF" + WON_FILL[1:]}, "tie": {"FF" + TIE_FILL[1:]}}.get(u.outcome, set())
        assert fills[u.code] == want, u.code


def test_user_text_stays_text(written):
    path, result = written["hostile"]
    wb = openpyxl.load_workbook(path)
    for sheet in ("汇总", "服务质量明细", "单位互评", "领导评议"):
        ws = wb[sheet]
        for u in result.units:
            cells = [c for row in ws.iter_rows() for c in row if c.value == u.name]
            assert cells, (sheet, u.name)
            assert {c.data_type for c in cells} == {"s"}
    remark = [c for row in wb["服务质量明细"].iter_rows() for c in row if c.value == "=1+1"]
    assert [c.data_type for c in remark] == ["s"]
    with zipfile.ZipFile(path) as z:
        assert not [n for n in z.namelist() if "externalLink" in n or "hyperlink" in n.lower()]


def test_issues_sheet_lists_every_finding(written):
    path, result = written["missing"]
    ws = openpyxl.load_workbook(path)["校验问题"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=layout.FIRST_DATA_ROW)]
    assert len(rows) == len(result.issues) > 5
    got = {(r[2], r[5], r[6], r[7], r[8]) for r in rows}
    want = {(i.code, i.cell, i.unit or i.rater, i.message, i.hint or None) for i in result.issues}
    assert got == want
    assert {r[1] for r in rows} == {"警告"}
    assert ws["A1"].value == f"校验问题：共 {len(rows)} 条（错误 0 条，警告 {len(rows)} 条）"


def test_draft_with_errors_says_so(written):
    path, result = written["no_ratings"]
    assert [i.code for i in result.issues if i.is_error] == ["E_NO_RATINGS"]
    wb = openpyxl.load_workbook(path, data_only=True)
    assert (
        wb["汇总"]["A2"].value == "草稿：输入中有 1 个错误（见“校验问题”），结果仅供核对，不得公布"
    )
    assert wb["校验问题"]["B4"].value == "错误"
    props = wb.custom_doc_props
    assert props["draft"].value == "yes" and props["kind"].value == "results"


def test_rules_sheet_holds_every_parameter(written):
    path, result = written["custom_rules"]
    ws = openpyxl.load_workbook(path)["规则"]
    pairs = {r[0].value: r[1].value for r in ws.iter_rows() if r[0].value is not None}
    rules = result.rules
    assert pairs["基础分"] == rules.base_score == 90
    assert pairs["权重：服务质量得分"] == 0.4
    assert pairs["满意率每提高 1 个百分点加分"] == 2.5
    for item in rules.items:
        assert pairs[item.label_zh] == item.points
    tiers = [
        [c.value for c in r[:4]]
        for r in ws.iter_rows()
        if isinstance(r[0].value, int) and r[2].value is not None
    ]
    assert tiers == [[1, 2, 500, "否"], [2, 4.5, 800, "否"], [4, 8, 1500, "是"]]


def test_one_native_bar_chart_per_site(written):
    path, result = written["site_scope"]
    with zipfile.ZipFile(path) as z:
        charts = sorted(n for n in z.namelist() if n.startswith("xl/charts/chart"))
        xml = [z.read(n).decode("utf-8") for n in charts]
    assert len(charts) == len(result.roster.sites) == 3
    for site, text in zip(result.roster.sites, xml, strict=True):
        assert "<c:barChart>" in text and f"<a:t>{site}" in text
        assert "<c:f>图表!$A$" in text and "<c:strCache>" in text  # names cached as text
        units = [u for u in result.units if u.site == site]
        totals = sorted((u.total for u in units), reverse=True)
        assert f'<c:ptCount val="{len(units)}"/>' in text
        assert f"<c:v>{totals[0]}</c:v>" in text


# --- the file -----------------------------------------------------------------------------------
def test_a_folder_gets_the_spec_file_name(tmp_path):
    result = scenario("sample").tally()
    folder = tmp_path / "结果 文件夹" / "第四季度"
    path = write_results(result, folder)
    assert path == folder / "红旗评选结果_2026Q4.xlsx" and path.is_file()
    assert sorted(p.name for p in folder.iterdir()) == ["红旗评选结果_2026Q4.xlsx"]


def test_an_existing_file_is_refused_unless_forced(tmp_path):
    result = scenario("sample").tally()
    target = tmp_path / "结果.xlsx"
    target.write_bytes(b"keep me")
    with pytest.raises(UsageError) as err:  # exit 2 (SPEC 8)
        write_results(result, target)
    assert str(err.value) == f"结果文件“{target}”已存在，未覆盖；如需覆盖，请加 --force"
    assert target.read_bytes() == b"keep me"
    assert write_results(result, target, force=True) == target
    assert openpyxl.load_workbook(target).sheetnames[0] == "汇总"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["结果.xlsx"]


def test_a_file_open_in_excel_gets_a_clear_message(tmp_path, monkeypatch):
    result = scenario("sample").tally()
    target = tmp_path / "results.xlsx"
    target.write_bytes(b"open in Excel")

    def locked(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    monkeypatch.setattr(sys, "platform", "win32")  # where a file open in Excel is locked
    with pytest.raises(OutputError) as err:
        write_results(result, target, force=True, lang="en")
    assert err.value.text("en") == (
        f"cannot write '{target}': Permission denied; the file is probably open in Excel or WPS: "
        "close it and try again"
    )
    assert target.read_bytes() == b"open in Excel"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results.xlsx"]


def test_a_failure_midway_leaves_nothing_behind(tmp_path, monkeypatch):
    import redflag_xlsx.results.report as report

    def broken(book):
        raise RuntimeError("boom")

    monkeypatch.setattr(report, "write_chart", broken)
    with pytest.raises(RuntimeError, match="boom"):
        write_results(scenario("sample").tally(), tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_the_output_is_deterministic(tmp_path):
    a = write_results(scenario("ties").tally(), tmp_path / "a.xlsx").read_bytes()
    b = write_results(scenario("ties").tally(), tmp_path / "b.xlsx").read_bytes()
    assert a == b
    wb = openpyxl.load_workbook(tmp_path / "a.xlsx")
    assert wb.properties.created.isoformat().startswith("2026-10-01")


def test_a_result_without_its_submission_is_refused(tmp_path):
    result = scenario("sample").tally().model_copy(update={"submission": None})
    with pytest.raises(ValueError, match="needs the Result of tally"):
        write_results(result, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_site_blocks_keep_a_large_peer_grid_narrow(tmp_path):
    sc = city(units_per_site=6, sites=30, leaders=4)
    result = sc.tally()
    wb = openpyxl.load_workbook(write_results(result, tmp_path), read_only=True)
    ws = wb["单位互评"]
    stats = len(layout.rating_stat_columns("peer"))
    assert ws.max_column == stats + 6
    assert ws.max_row == 1 + 30 * (6 + 3) - 1


def test_a_site_without_a_winner_says_so(written):
    path, result = written["min_total"]
    assert [u.code for u in result.winners()] == ["JG01"]
    wb = openpyxl.load_workbook(path, data_only=True)
    rows = [[c.value for c in r] for r in wb["流动红旗"].iter_rows(min_row=layout.FIRST_DATA_ROW)]
    assert rows[0][:3] == ["机关大楼", "JG01", result.unit("JG01").name]
    assert rows[1][0] == "行政事业中心" and rows[1][1:-1] == [None] * 10
    assert rows[1][-1] == "本期无获旗单位（本场所红旗数 1）"
    assert rows[2][8:10] == ["奖金合计", 600]
    notice = [c.value for row in wb["公示"].iter_rows() for c in row if c.value]
    assert result.unit("JG01").name in notice
