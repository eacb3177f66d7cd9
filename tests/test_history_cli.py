"""``python -m redflag_xlsx history``: whole outputs and exit codes (SPEC 7, 9)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from test_ledger import make_sub, tally_and_record

import redflag_xlsx.cli
from redflag_xlsx.cli import cli, cmd_history
from redflag_xlsx.core.roster import Leader, Roster, Unit
from redflag_xlsx.ledger.store import LEDGER_FILENAME, Ledger

redflag_xlsx.cli._register()

SMALL = Roster(
    units=(
        Unit(code="JG01", name="工程部", site="机关大楼"),
        Unit(code="JG02", name="物业", site="机关大楼"),
        Unit(code="JG03", name="保洁", site="机关大楼"),
        Unit(code="XZ01", name="中心物业", site="行政事业中心"),
    ),
    leaders=(Leader(code="LD01", name="王建国"), Leader(code="LD02", name="李红梅")),
)


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder holding a two-quarter ledger under the default name."""
    monkeypatch.chdir(tmp_path)
    with Ledger(tmp_path / LEDGER_FILENAME) as ledger:
        tally_and_record(ledger, make_sub("2026Q1", roster=SMALL))
        tally_and_record(ledger, make_sub("2026Q2", ("JG01", "JG02", "XZ01"), roster=SMALL))
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(cli, ["history", *args])


def test_history_prints_each_units_quarters_wins_and_streak(here: Path) -> None:
    result = run()
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout == (
        "历史记录 redflag_history.db：2 个季度（2026Q1–2026Q2）\n"
        "单位编号  单位名称  场所          参评季度数  获得红旗次数  当前连续获得次数  2026Q1  2026Q2\n"  # noqa: E501
        "JG01      工程部    机关大楼               2             1                 1   90.00  97.50★\n"  # noqa: E501
        "JG02      物业      机关大楼               2             2                 2  97.50★  97.50★\n"  # noqa: E501
        "JG03      保洁      机关大楼               2             1                 0  97.50★   90.00\n"  # noqa: E501
        "XZ01      中心物业  行政事业中心           2             2                 2  97.50★  97.50★\n"  # noqa: E501
        "季度列为综合得分：★ 获得流动红旗，☆ 并列待定，— 未参评\n"
    )


def test_history_in_english(here: Path) -> None:
    result = run("--lang", "en", "--history", str(here / LEDGER_FILENAME))
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"Ledger {here / LEDGER_FILENAME}: 2 quarter(s) (2026Q1 to 2026Q2)\n"
        "Unit code  Unit name  Site          Quarters rated  Flags won  Current streak  2026Q1  2026Q2\n"  # noqa: E501
        "JG01       工程部     机关大楼                   2          1               1   90.00  97.50★\n"  # noqa: E501
        "JG02       物业       机关大楼                   2          2               2  97.50★  97.50★\n"  # noqa: E501
        "JG03       保洁       机关大楼                   2          1               0  97.50★   90.00\n"  # noqa: E501
        "XZ01       中心物业   行政事业中心               2          2               2  97.50★  97.50★\n"  # noqa: E501
        "quarter columns show the total: ★ red flag, ☆ tie, — not rated\n"
    )


def test_unit_missing_from_a_quarter_and_many_quarters(here: Path) -> None:
    smaller = Roster(units=SMALL.units[1:], leaders=SMALL.leaders)
    with Ledger(here / LEDGER_FILENAME) as ledger:
        for year in (2026, 2027):
            for q in range(1, 5):
                if (year, q) > (2026, 2):
                    tally_and_record(ledger, make_sub(f"{year}Q{q}", roster=smaller))
    lines = run().stdout.splitlines()
    assert lines[0] == "历史记录 redflag_history.db：8 个季度（2026Q1–2027Q4）"
    assert lines[1].split()[-8:] == [
        "2026Q1",
        "2026Q2",
        "2026Q3",
        "2026Q4",
        "2027Q1",
        "2027Q2",
        "2027Q3",
        "2027Q4",
    ]
    assert lines[2].split() == ["JG02", "物业", "机关大楼", "8", "8", "8", *["97.50★"] * 8]
    assert (
        lines[5].split()
        == ["JG01", "工程部", "机关大楼", "2", "1", "0", "90.00", "97.50★"] + ["—"] * 6
    )
    with Ledger(here / LEDGER_FILENAME) as ledger:
        tally_and_record(ledger, make_sub("2028Q1", roster=smaller))
    lines = run().stdout.splitlines()
    assert lines[1].split()[-8:][0] == "2026Q2"  # the latest eight of nine
    assert lines[-1] == "只显示最近 8 个季度；完整记录请用 --export 导出"


def test_on_a_terminal_a_rich_table(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cmd_history, "_is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", "140")
    result = run()
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].strip() == "历史记录 redflag_history.db：2 个季度（2026Q1–2026Q2）"
    assert lines[1].startswith("┏")
    cells = [[c.strip() for c in line.split("│")[1:-1]] for line in lines if line.startswith("│")]
    assert cells == [
        ["JG01", "工程部", "机关大楼", "2", "1", "1", "90.00", "97.50★"],
        ["JG02", "物业", "机关大楼", "2", "2", "2", "97.50★", "97.50★"],
        ["JG03", "保洁", "机关大楼", "2", "1", "0", "97.50★", "90.00"],
        ["XZ01", "中心物业", "行政事业中心", "2", "2", "2", "97.50★", "97.50★"],
    ]
    assert lines[-1] == "季度列为综合得分：★ 获得流动红旗，☆ 并列待定，— 未参评"


def test_export_writes_the_workbook_and_keeps_an_existing_one(here: Path) -> None:
    result = run("--export", "历史记录.xlsx")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("\n已导出：历史记录.xlsx\n")
    assert load_workbook(here / "历史记录.xlsx")["历史汇总"]["A4"].value == "JG01"
    result = run("--export", "历史记录.xlsx")
    assert result.exit_code == 2  # usage: an output that exists without --force (SPEC 8)
    assert result.stderr.endswith("\n错误：历史记录.xlsx 已存在；加 --force 覆盖\n")
    result = run("--export", "历史记录.xlsx", "--force")
    assert result.exit_code == 0, result.output


def test_remove_a_quarter_recomputes_later_streaks(here: Path) -> None:
    result = run("--remove", "2026Q1")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "历史记录：已删除 2026Q1（redflag_history.db）\n"
        "以后季度的连续获得次数和奖励已在历史记录中重新计算：2026Q2；"
        "这些季度的结果工作簿已过时，请重新统计\n"
    )
    with Ledger(here / LEDGER_FILENAME) as ledger:
        assert [(r.unit, r.streak) for r in ledger.records() if r.won] == [
            ("JG01", 1),
            ("JG02", 1),
            ("XZ01", 1),
        ]
    result = run("--remove", "2026Q1")
    assert (result.exit_code, result.stderr) == (1, "redflag_history.db：历史记录中没有 2026Q1\n")
    result = run("--remove", "2026Q5")
    assert result.exit_code == 1
    assert result.stderr == "期间“2026Q5”无效：应为“年份Q季度”，如 2026Q4（季度为 1–4）\n"


def test_empty_missing_and_bad_ledgers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run()
    assert (result.exit_code, result.stdout) == (2, "")  # a path that does not exist (SPEC 8)
    assert result.stderr.endswith(
        "\n错误：找不到历史记录文件 redflag_history.db；它在第一次统计（tally）后生成，"
        "也可以用 --history 指定文件\n"
    )
    assert list(tmp_path.iterdir()) == []  # nothing created

    Ledger(tmp_path / "空.db").close()
    result = run("--history", "空.db")
    assert (result.exit_code, result.stdout) == (0, "历史记录 空.db 中还没有任何季度\n")

    (tmp_path / "名单.xlsx").write_bytes(b"PK\x03\x04 not a ledger")
    conn = sqlite3.connect(tmp_path / "other.db")
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    for name, message in [
        ("名单.xlsx", "名单.xlsx：不是流动红旗历史记录文件（不是 SQLite 数据库）"),
        ("other.db", "other.db：这是其他程序的数据库，不是流动红旗历史记录"),
    ]:
        before = (tmp_path / name).read_bytes()
        result = run("--history", name, "--export", "x.xlsx")
        assert (result.exit_code, result.stdout) == (1, "")
        assert result.stderr == (
            f"{message}，未做任何改动；请用 --history 指定正确的文件，或指定一个新的文件名\n"
        )
        assert (tmp_path / name).read_bytes() == before
        assert not (tmp_path / "x.xlsx").exists()


def test_help_shows_an_example() -> None:
    result = CliRunner().invoke(cli, ["history", "--help", "--lang", "en"])  # the docstring
    assert result.exit_code == 0
    assert "python -m redflag_xlsx history --history results/redflag_history.db" in result.stdout
    assert "--export" in result.stdout and "--remove PERIOD" in result.stdout
