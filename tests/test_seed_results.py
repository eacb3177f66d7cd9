"""The seed's loose ends in the results workbook (issue 20, SPEC 2.3, 3, 13): no rank for a
disqualified unit, 不适用 for an in-house winner's priority, the roster's fixed baseline named,
the flags handed over, the 奖金发放 sheet with its amounts in 大写, the evaluation group's
signature block."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from redflag_xlsx.core.models import History
from redflag_xlsx.core.rules import Rules
from redflag_xlsx.core.scoring import tally
from redflag_xlsx.results.writer import write_results
from redflag_xlsx.xlsx import layout

from scenarios import scenario
from subs import make_submission


def _rows(ws, first: int = layout.FIRST_DATA_ROW) -> list[list]:
    return [[c.value for c in row] for row in ws.iter_rows(min_row=first)]


def _texts(ws) -> list[str]:
    return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


@pytest.fixture(scope="module")
def in_house(tmp_path_factory) -> openpyxl.Workbook:
    path = write_results(scenario("in_house").tally(), tmp_path_factory.mktemp("r") / "r.xlsx")
    return openpyxl.load_workbook(path, data_only=True)


def test_a_disqualified_unit_shows_no_rank(tmp_path: Path) -> None:
    result = scenario("disqualified_top").tally()
    wb = openpyxl.load_workbook(write_results(result, tmp_path), data_only=True)
    ws = wb["汇总"]
    c = {col.key: i for i, col in enumerate(layout.summary_columns())}
    got = {
        row[c["unit_code"]]: (row[c["rank"]], row[c["disqualified"]], row[c["outcome"]])
        for row in _rows(ws)
        if row[c["unit_code"]] in ("XZ01", "XZ02", "XZ03", "XZ04")
    }
    assert got == {
        "XZ01": (None, "重大质量投诉", None),  # the best total, but 不得参与评选
        "XZ02": (1, None, "流动红旗"),
        "XZ03": (2, None, None),
        "XZ04": (2, None, None),
    }
    formulas = openpyxl.load_workbook(write_results(result, tmp_path / "f.xlsx"))["汇总"]
    row = next(  # 汇总 is by site, then rank: XZ01, unranked, comes last of its site
        r
        for r in range(layout.FIRST_DATA_ROW + 1, formulas.max_row + 1)
        if formulas.cell(r, 1).value == "XZ01"
    )
    rank_cell = formulas.cell(row, c["rank"] + 1)
    assert f'I{row}<>""' in rank_cell.value and "COUNTIFS(" in rank_cell.value


def test_an_in_house_winner_and_its_priority(in_house) -> None:
    ws = in_house["汇总"]
    c = {col.key: i for i, col in enumerate(layout.summary_columns())}
    rows = {row[c["unit_code"]]: row for row in _rows(ws) if row[c["unit_code"]]}
    jg01 = rows["JG01"]
    rewards = [jg01[c[k]] for k in ("outcome", "streak", "reward_points", "bonus_yuan")]
    assert [*rewards, jg01[c["priority"]]] == ["流动红旗", 3, 10, 2000, "不适用"]
    # JG02 won the two quarters before under another contractor: a new streak
    assert [rows["JG02"][c[k]] for k in ("streak", "bonus_yuan", "priority")] == [1, 600, "否"]
    flags = in_house["流动红旗"]
    fc = {col.key: i for i, col in enumerate(layout.flags_columns())}
    row = next(r for r in _rows(flags) if r[fc["unit_code"]] == "JG01")
    assert row[fc["priority"]] == "不适用"
    # the rules sheet says who rates peers; the in-house unit has no column on 单位互评
    assert "自有单位参加互评打分" in _texts(in_house["规则"])
    peer = in_house["单位互评"]
    assert "JG01" not in [cell.value for cell in peer[layout.HEADER_ROW]][7:]


def test_the_flags_handed_over(in_house) -> None:
    rows = _rows(in_house["流动红旗"], 1)
    start = next(i for i, r in enumerate(rows) if r[0] == "流动红旗交接")
    fc = {col.key: i for i, col in enumerate(layout.flags_columns())}
    cols = [fc["site"], fc["unit_name"], fc["contractor"], fc["note"]]
    table = [[rows[i][j] for j in cols] for i in range(start + 1, start + 4)]
    assert table == [
        ["场所", "上季度（2026Q3）持有", "本季度（2026Q4）获得", "说明"],
        [
            "机关大楼",
            "JG01 物业管理处工程部、JG02 大楼物业服务项目",
            "JG02 大楼物业服务项目、JG01 物业管理处工程部",  # this quarter's by rank
            "JG02、JG01 继续持有",
        ],
        ["行政事业中心", "XZ01 中心物业服务项目", "XZ03 中心食堂餐饮服务项目", None],
    ]


def test_without_history_the_holders_are_not_known(tmp_path: Path) -> None:
    result = tally(make_submission(peer_for={"JG02": 99}), Rules(), None)
    wb = openpyxl.load_workbook(write_results(result, tmp_path), data_only=True)
    assert "历史记录中没有 2026Q3" in _texts(wb["流动红旗"])


def test_a_fixed_baseline_is_named_on_the_detail_sheet(tmp_path: Path) -> None:
    result = scenario("fixed_baseline").tally()
    wb = openpyxl.load_workbook(write_results(result, tmp_path), data_only=True)
    ws = wb["服务质量明细"]
    c = {col.key: i for i, col in enumerate(layout.quality_detail_columns(result.rules))}
    got = {r[c["unit_code"]]: (r[c["baseline"]], r[c["baseline_source"]]) for r in _rows(ws)}
    assert got["JG02"] == (92, "名册固定基准") and got["JG04"] == (None, "无")
    assert "取名册固定基准" in _texts(wb["规则"])


# --- 奖金发放 ------------------------------------------------------------------------------------
def _payout_quarter() -> Rules:
    return Rules.from_mapping(
        {"announcement": {"budget_line": "机关大楼运转费", "group": {"leader": "王建国"}}}
    )


def test_the_payout_sheet_by_hand(tmp_path: Path) -> None:
    # JG02 third in a row (2000), JG01 second (1200, in-house), XZ01 first (600): 3800
    history = History(
        winners={"2026Q2": ["JG02"], "2026Q3": ["JG01", "JG02"]},
    )
    sub = make_submission(peer_for={"JG01": 98, "JG02": 99, "XZ01": 97})
    result = tally(sub, _payout_quarter(), history)
    path = write_results(result, tmp_path)
    ws = openpyxl.load_workbook(path, data_only=True)["奖金发放"]
    rows = _rows(ws, 1)
    assert (
        rows[0][0] == "2026年第四季度“服务质量流动红旗”奖金发放表\n（待局领导审定，审定前不得发放）"
    )
    assert rows[1][0] == "发放单位：机关服务中心　　列支科目：机关大楼运转费"
    assert rows[2] == [
        "序号",
        "承包单位",
        "单位名称",
        "场所",
        "连续获得次数",
        "奖金（元）",
        "金额（大写）",
    ]
    assert rows[3:7] == [
        [1, "华信物业管理有限公司", "大楼物业服务项目", "机关大楼", 3, 2000, "贰仟元整"],
        [2, "—（自管）", "物业管理处工程部", "机关大楼", 2, 1200, "壹仟贰佰元整"],
        [3, "恒安物业服务有限公司", "中心物业服务项目", "行政事业中心", 1, 600, "陆佰元整"],
        [None, None, None, "合计", None, 3800, "叁仟捌佰元整"],
    ]
    texts = _texts(ws)
    assert "合计金额（大写）：叁仟捌佰元整" in texts
    assert "经办人：＿＿＿＿＿＿　　审核：＿＿＿＿＿＿　　审批：＿＿＿＿＿＿" in texts
    # the evaluation group signs 汇总 (above the table, and at the foot of every printed page)
    # and 公示 (above the issuer)
    wb = openpyxl.load_workbook(path, data_only=True)
    texts = _texts(wb["公示"])
    assert "“服务质量流动红旗”评选考核小组" in texts
    assert "组长：王建国" in texts and "副组长：＿＿＿＿＿＿、＿＿＿＿＿＿" in texts
    summary = wb["汇总"]
    c = {col.key: i + 1 for i, col in enumerate(layout.summary_columns())}
    assert summary.cell(1, c["outcome"]).value == "“服务质量流动红旗”评选考核小组"
    assert summary.cell(2, c["outcome"]).value == "组长：王建国　副组长：＿＿＿＿＿＿、＿＿＿＿＿＿"
    assert summary.oddFooter.left.text == (
        "“服务质量流动红旗”评选考核小组　组长：王建国　副组长：＿＿＿＿＿＿、＿＿＿＿＿＿"
    )


def test_no_winner_no_payment(tmp_path: Path) -> None:
    rules = Rules(min_total_for_flag=200)
    result = tally(make_submission(), rules)
    ws = openpyxl.load_workbook(write_results(result, tmp_path), data_only=True)["奖金发放"]
    rows = _rows(ws)
    assert rows[0][0] == "本季度无奖金发放"
    assert rows[1][3:7] == ["合计", None, 0, "零元整"]


def test_the_payout_in_english(tmp_path: Path) -> None:
    result = scenario("in_house").tally()
    wb = openpyxl.load_workbook(write_results(result, tmp_path, lang="en"), data_only=True)
    assert "Payout" in wb.sheetnames
    ws = wb["Payout"]
    assert [c.value for c in ws[layout.HEADER_ROW]][:3] == ["No.", "Contractor", "Unit"]
