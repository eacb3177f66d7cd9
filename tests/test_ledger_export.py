"""``history --export``: the ledger as a formatted workbook, read back with openpyxl and opened by
LibreOffice."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_ledger import make_sub, rename, tally_and_record, without

from redflag_xlsx.core.errors import UsageError
from redflag_xlsx.core.roster import Roster
from redflag_xlsx.ledger.export import export_ledger
from redflag_xlsx.ledger.store import Ledger

import soffice

TIE = ("JG02", "JG03", "JG04", "XZ01")


@pytest.fixture
def ledger(tmp_path: Path):
    """Three quarters: JG02/JG03/XZ01 win 2026Q1 and Q2; in Q3 JG08 has left the roster, JG02 is
    renamed, JG02/JG03/JG04 tie for two flags and the leaders award JG04 and JG02."""
    roster = Roster.sample()
    q3_roster = rename(without(roster, "JG08"), "JG02", '=HYPERLINK("http://x","新物业")')
    with Ledger(tmp_path / "redflag_history.db") as ledger:
        tally_and_record(ledger, make_sub("2026Q1"))
        q2 = make_sub("2026Q2")
        q2.scoring["JG05"].counts["safety_accident"] = 1
        tally_and_record(ledger, q2)
        tally_and_record(ledger, make_sub("2026Q3", TIE, roster=q3_roster), awards=["JG04", "JG02"])
        yield ledger


def _rows(ws, first: int = 4) -> list[list]:
    return [list(r) for r in ws.iter_rows(min_row=first, values_only=True)]


def test_export_has_every_unit_and_quarter(ledger: Ledger, tmp_path: Path) -> None:
    path = export_ledger(ledger, tmp_path / "导出" / "历史记录.xlsx")
    assert path == tmp_path / "导出" / "历史记录.xlsx"
    assert sorted(p.name for p in path.parent.iterdir()) == ["历史记录.xlsx"]  # no temp file
    wb = load_workbook(path)
    assert wb.sheetnames == [
        "历史汇总",
        "季度明细",
        "奖励分",
        "重新招投标优先权",
        "统计记录",
        "修订记录",
        "导入记录",
        "输入文件",
    ]

    ws = wb["历史汇总"]
    assert ws["A1"].value == "服务质量流动红旗历史记录"
    assert ws["A2"].value == f"历史记录 {ledger.path}：3 个季度（2026Q1–2026Q3）"
    assert [c.value for c in ws[3]] == [
        "单位编号",
        "单位名称",
        "场所",
        "参评季度数",
        "获得红旗次数",
        "当前连续获得次数",
        "最长连续获得次数",
        "获得红旗的季度",
        "备注",
        "2026Q1",
        "2026Q2",
        "2026Q3",
    ]
    rows = _rows(ws)
    assert [r[0] for r in rows] == [
        *(f"JG0{i}" for i in range(1, 8)),
        *(f"XZ0{i}" for i in range(1, 5)),
        "JG08",
    ]
    by_code = {r[0]: r for r in rows}
    # code, name, site, quarters, wins, current streak, best, won quarters, note, Q1, Q2, Q3
    assert by_code["JG02"] == [
        "JG02",
        '=HYPERLINK("http://x","新物业")',
        "机关大楼",
        3,
        3,
        3,
        3,
        "2026Q1、2026Q2、2026Q3",
        None,
        97.5,
        97.5,
        97.5,
    ]
    assert by_code["JG03"][3:9] == [3, 2, 0, 2, "2026Q1、2026Q2", None]
    assert by_code["JG04"][3:9] == [3, 1, 1, 1, "2026Q3", None]
    assert by_code["JG08"] == [
        "JG08",
        "电梯维保项目",
        "机关大楼",
        2,
        0,
        0,
        0,
        None,
        "不在最新一期名单中",
        90,
        90,
        None,
    ]
    name_cell = ws.cell(row=4 + [r[0] for r in rows].index("JG02"), column=2)
    assert name_cell.data_type == "s"  # a name that looks like a formula stays text
    jg03_row = 4 + [r[0] for r in rows].index("JG03")
    fills = [ws.cell(row=jg03_row, column=c).fill.fgColor.rgb for c in (10, 11, 12)]
    assert fills == ["FFC00000", "FFC00000", "00000000"]  # won, won, not decided for it
    assert ws.freeze_panes == "C4"

    ws = wb["季度明细"]
    header = [c.value for c in ws[3]]
    rows = [dict(zip(header, r, strict=True)) for r in _rows(ws)]
    assert len(rows) == 12 + 12 + 11
    q3 = {r["单位编号"]: r for r in rows if r["季度"] == "2026Q3"}
    assert [
        q3["JG02"][k] for k in ("评选结果", "领导决定", "连续获得次数", "奖励分", "奖金(元)")
    ] == ["流动红旗", "是", 3, 10, 2000]
    assert q3["JG02"]["重新招投标优先权"] == "是"
    assert [q3["JG03"][k] for k in ("评选结果", "连续获得次数", "奖励分")] == [None, None, None]
    assert (q3["JG04"]["评选结果"], q3["JG04"]["连续获得次数"]) == ("流动红旗", 1)
    q2 = {r["单位编号"]: r for r in rows if r["季度"] == "2026Q2"}
    assert q2["JG05"]["取消资格"] == "重大安全事故"
    assert (q2["JG05"]["服务质量得分"], q2["JG05"]["综合得分"]) == (50, 65)
    assert (q2["XZ01"]["连续获得次数"], q2["XZ01"]["重新招投标优先权"]) == (2, "否")

    ws = wb["统计记录"]
    rows = _rows(ws)
    assert [r[0] for r in rows] == ["2026Q1", "2026Q2", "2026Q3"]
    assert (
        rows[2][2]
        == 'JG02 =HYPERLINK("http://x","新物业")、JG04 机关食堂餐饮服务项目、XZ01 中心物业服务项目'
    )
    assert rows[2][3] == 'JG04 机关食堂餐饮服务项目、JG02 =HYPERLINK("http://x","新物业")'
    assert rows[0][3] is None  # no decision in 2026Q1
    assert isinstance(rows[0][1], _dt.datetime)
    assert [r[4] for r in rows] == [1, 1, 1]
    assert [r[5] for r in rows] == [p.roster_fingerprint for p in ledger.periods()]

    ws = wb["输入文件"]
    assert _rows(ws) == [[f"2026Q{q}", f"红旗评选_2026Q{q}.xlsx", "ab" * 32] for q in (1, 2, 3)]


def test_export_in_english_and_of_an_empty_ledger(tmp_path: Path) -> None:
    with Ledger(tmp_path / "empty.db") as ledger:
        path = export_ledger(ledger, tmp_path / "ledger.xlsx", lang="en")
    wb = load_workbook(path)
    assert wb.sheetnames == [
        "Summary",
        "By quarter",
        "Reward points",
        "Re-tender priority",
        "Tallies",
        "Revisions",
        "Imported",
        "Input files",
    ]
    ws = wb["Summary"]
    assert ws["A2"].value == f"the ledger {tmp_path / 'empty.db'} holds no quarter yet"
    assert [c.value for c in ws[3]][:3] == ["Unit code", "Unit name", "Site"]
    assert ws.max_row == 3


def test_tie_is_yellow_until_decided(tmp_path: Path) -> None:
    with Ledger(tmp_path / "h.db") as ledger:
        tally_and_record(ledger, make_sub("2026Q1", TIE))
        path = export_ledger(ledger, tmp_path / "tie.xlsx")
    ws = load_workbook(path)["历史汇总"]
    codes = [r[0] for r in _rows(ws)]
    fills = [ws.cell(row=4 + codes.index(c), column=10).fill.fgColor.rgb for c in TIE]
    assert fills == ["FFFFEB9C", "FFFFEB9C", "FFFFEB9C", "FFC00000"]


def test_existing_file_is_kept_without_force(ledger: Ledger, tmp_path: Path) -> None:
    target = tmp_path / "历史记录.xlsx"
    target.write_bytes(b"clerk's own file")
    with pytest.raises(UsageError) as exc:  # exit 2 (SPEC 8)
        export_ledger(ledger, target)
    assert str(exc.value) == f"{target} 已存在；加 --force 覆盖"
    assert target.read_bytes() == b"clerk's own file"
    export_ledger(ledger, target, force=True)
    assert load_workbook(target).sheetnames[0] == "历史汇总"
    # the ledger itself is never written over, --force or not
    before = ledger.path.read_bytes()
    with pytest.raises(UsageError) as exc:
        export_ledger(ledger, ledger.path, force=True)
    assert (
        str(exc.value)
        == f"“{ledger.path}”就是历史记录文件本身，不能被导出的工作簿覆盖；请换一个文件名"
    )
    assert ledger.path.read_bytes() == before


def test_export_is_deterministic(ledger: Ledger, tmp_path: Path) -> None:
    a = export_ledger(ledger, tmp_path / "a.xlsx")
    b = export_ledger(ledger, tmp_path / "b.xlsx")
    wa, wb = load_workbook(a), load_workbook(b)
    for name in wa.sheetnames:
        assert _rows(wa[name], 1) == _rows(wb[name], 1)
    latest = max(p.recorded_at for p in ledger.periods())
    created = _dt.datetime.fromisoformat(latest).astimezone().replace(tzinfo=None)
    assert wa.properties.created == created


@pytest.mark.soffice
def test_libreoffice_opens_and_prints_the_export(ledger: Ledger, tmp_path: Path) -> None:
    path = export_ledger(ledger, tmp_path / "历史记录.xlsx")
    resaved = soffice.recalculated_copy(path, tmp_path / "lo")
    wb = load_workbook(resaved)
    assert wb.sheetnames == [
        "历史汇总",
        "季度明细",
        "奖励分",
        "重新招投标优先权",
        "统计记录",
        "修订记录",
        "导入记录",
        "输入文件",
    ]
    assert _rows(wb["历史汇总"]) == _rows(load_workbook(path)["历史汇总"])
    pdf = soffice.convert(path, "pdf", tmp_path / "pdf")
    assert soffice.pdf_page_count(pdf) == 8  # each sheet fits one page wide, one page long
