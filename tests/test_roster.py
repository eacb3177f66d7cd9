"""Roster and Period (SPEC 3)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from redflag_xlsx.core.errors import ConfigError
from redflag_xlsx.core.period import Period
from redflag_xlsx.core.roster import Roster


def test_sample_roster_shape() -> None:
    roster = Roster.sample()
    assert [len(roster.units_at(s)) for s in roster.sites] == [8, 4]
    assert roster.sites == ["机关大楼", "行政事业中心"]
    assert "物业管理处工程部" in [u.name for u in roster.units_at("机关大楼")]
    assert len(roster.leaders) == 5


def test_fingerprint_is_sha256_of_canonical_json() -> None:
    import hashlib

    roster = Roster.sample()
    assert roster.fingerprint == hashlib.sha256(roster.canonical_json().encode()).hexdigest()
    assert Roster.from_json(roster.canonical_json()) == roster
    renamed = roster.model_copy(
        update={"units": (roster.units[0].model_copy(update={"name": "新名"}), *roster.units[1:])}
    )
    assert renamed.fingerprint != roster.fingerprint


def _write_roster(path: Path, units: list[tuple], leaders: list[tuple]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "被考核单位"
    ws.append(["编号", "名称", "场所", "服务类别", "承包单位"])
    for row in units:
        ws.append(list(row))
    ws2 = wb.create_sheet("评议领导")
    ws2.append(["编号", "姓名", "职务"])
    for row in leaders:
        ws2.append(list(row))
    wb.save(path)
    return path


def test_load_xlsx(tmp_path: Path) -> None:
    path = _write_roster(
        tmp_path / "名单.xlsx",
        [("A1", " 甲 单位 ", "机关大楼", "保洁", None), (None, None, None, None, None)],
        [("L1", "乙", "主任")],
    )
    roster = Roster.load(path)
    assert [(u.code, u.name, u.site) for u in roster.units] == [("A1", "甲 单位", "机关大楼")]
    assert roster.leaders[0].title == "主任"


@pytest.mark.parametrize(
    ("units", "leaders", "message"),
    [
        (
            [("A1", "甲", "机关大楼"), ("A1", "乙", "机关大楼")],
            [("L1", "丙")],
            "工作表“被考核单位”单元格 A3：编号“A1”重复",
        ),
        ([("A1", None, "机关大楼")], [("L1", "丙")], "工作表“被考核单位”单元格 B2：“名称”不能为空"),
        ([], [("L1", "丙")], "名单中没有被考核单位"),
        ([("A1", "甲", "机关大楼")], [], "名单中没有评议领导"),
        ([("A1", "甲", "机关大楼")], [("A1", "丙")], "编号“A1”重复"),
    ],
)
def test_bad_roster_xlsx(tmp_path: Path, units, leaders, message: str) -> None:
    path = _write_roster(tmp_path / "r.xlsx", units, leaders)
    with pytest.raises(ConfigError) as info:
        Roster.load(path)
    assert message in str(info.value)
    assert "r.xlsx" in str(info.value)


def test_load_toml_and_errors(tmp_path: Path) -> None:
    good = tmp_path / "r.toml"
    good.write_text(
        '[[units]]\ncode="A1"\nname="甲"\nsite="机关大楼"\n[[leaders]]\ncode="L1"\nname="乙"\n',
        encoding="utf-8",
    )
    assert Roster.load(good).units[0].code == "A1"
    bad = tmp_path / "bad.toml"
    bad.write_text('[[units]]\ncode="A1"\nname=""\nsite="x"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="不能为空"):
        Roster.load(bad)
    with pytest.raises(ConfigError, match="无法读取"):
        Roster.load(tmp_path / "missing.xlsx")
    (tmp_path / "r.csv").write_text("x", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\.xlsx 或 \.toml"):
        Roster.load(tmp_path / "r.csv")


def test_period() -> None:
    p = Period.parse("2026Q4")
    assert str(p.previous()) == "2026Q3"
    assert str(p.next()) == "2027Q1"
    assert str(Period.parse("2026Q1").previous()) == "2025Q4"
    assert str(Period.of_date(dt.date(2026, 11, 29))) == "2026Q4"
    assert Period.parse(" 2026q2 ") == "2026Q2"
    assert Period.parse("2026Q1") < Period.parse("2026Q2")
    for bad in ("2026Q5", "2026Q0", "26Q1", "2026-4", ""):
        with pytest.raises(ConfigError, match="期间"):
            Period.parse(bad)


def test_roster_file_that_is_not_xlsx_goes_through_the_guards(tmp_path: Path) -> None:
    path = tmp_path / "名单.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))  # an OLE2 (.xls) header
    with pytest.raises(ConfigError) as info:
        Roster.load(path)
    message = str(info.value)
    assert message.startswith(f"{path}：无法读取该文件：")
    assert "另存为" in message
