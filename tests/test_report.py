"""``report`` (SPEC 12): a quarter rendered again from the ledger alone; and the workbooks that
``tally`` and ``approve`` write agree with the revisions the ledger holds (修订记录, state)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

import redflag_xlsx.cli
from redflag_xlsx.cli import cli
from redflag_xlsx.ledger import store as ledger_mod
from redflag_xlsx.ledger.store import Ledger, LedgerError
from redflag_xlsx.workflow import run_tally

from readkit import KEY, filled

redflag_xlsx.cli._register()

RESULTS = "红旗评选结果_2026Q4.xlsx"
PDFS = ("公示_2026Q4.pdf", "成绩通知单_2026Q4.pdf", "奖金发放表_2026Q4.pdf")


def cli_run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


def sheet_text(path: Path, sheet: str) -> str:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return "\n".join(
            " ".join(str(v) for v in row if v is not None)
            for row in wb[sheet].iter_rows(values_only=True)
        )
    finally:
        wb.close()


def summary(path: Path) -> list[tuple]:
    wb = openpyxl.load_workbook(path, data_only=True, read_only=True)
    try:
        return [tuple(row) for row in wb["汇总"].iter_rows(values_only=True)]
    finally:
        wb.close()


@pytest.fixture
def tallied(blanks, tmp_path: Path) -> Path:
    """A quarter tallied into ``out`` (ledger beside it); the forms are then gone."""
    filled(blanks, tmp_path / "in")
    run = run_tally([tmp_path / "in"], out=tmp_path / "out", key=KEY)
    assert run.written
    shutil.rmtree(tmp_path / "in")
    return tmp_path / "out"


def test_report_renders_the_quarter_from_the_ledger_alone(tallied: Path, tmp_path: Path) -> None:
    before = summary(tallied / RESULTS)
    ledger = tallied / "redflag_history.db"
    stamp = ledger.read_bytes()
    result = cli_run(
        "report", "2026Q4", "--history", ledger, "--out", tmp_path / "补印", "--pdf",
        "--date", "2027-02-05",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "按历史记录第 1 版（拟定，待局领导审定）重新生成" in result.output
    assert summary(tmp_path / "补印" / RESULTS) == before  # the same numbers, no forms
    assert sorted(p.name for p in (tmp_path / "补印").iterdir()) == sorted([RESULTS, *PDFS])
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "补印" / PDFS[0]), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "（待局领导审定）" in text and "2027年2月5日" in text
    assert ledger.read_bytes() == stamp  # report writes nothing to the ledger


def test_report_replaces_its_own_files_and_refuses_others(tallied: Path) -> None:
    ledger = tallied / "redflag_history.db"
    # into the ledger's folder, over the tally's own workbook: replaced
    assert cli_run("report", "2026Q4", "--history", ledger, "--pdf").exit_code == 0
    assert all((tallied / name).is_file() for name in PDFS)
    # a file of the same name that this program did not write: refused, untouched
    foreign = tallied / PDFS[1]
    foreign.write_bytes(b"%PDF-1.4 someone else's statement")
    result = cli_run("report", "2026Q4", "--history", ledger, "--pdf")
    assert result.exit_code == 2
    assert result.output.strip().endswith(
        "不是本程序写出的文件，未覆盖，也未做任何改动；请用 --out 指定其他文件夹"
    )
    assert foreign.read_bytes() == b"%PDF-1.4 someone else's statement"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("2026Q3",), "2026Q3"),
        (("2026Q9",), "2026Q9"),
    ],
)
def test_report_of_a_period_the_ledger_lacks(tallied: Path, args: tuple, message: str) -> None:
    result = cli_run("report", *args, "--history", tallied / "redflag_history.db")
    assert result.exit_code == 2 and message in result.output
    assert "Traceback" not in result.output


def test_report_without_a_ledger(tmp_path: Path) -> None:
    result = cli_run("report", "2026Q4", "--history", tmp_path / "none.db")
    assert result.exit_code == 2 and "none.db" in result.output
    assert not (tmp_path / "none.db").exists()


def test_the_workbook_shows_the_revision_the_ledger_records(blanks, tmp_path: Path) -> None:
    """A re-tally with --reason: its workbook's 修订记录 lists revision 2 with the reason, the
    time the ledger stored, and the changed cell; approve's workbook is 已审定 with revision 3."""
    filled(blanks, tmp_path / "in")
    out = tmp_path / "out"
    assert run_tally([tmp_path / "in"], out=out, key=KEY).written
    changed = filled(blanks, tmp_path / "in2", peer={"JG02": {"JG03": 70}})
    run = run_tally([changed.parent], out=out, key=KEY, force=True, reason="申诉：更正互评")
    assert run.written and run.ledger is not None and run.ledger.revision == 2
    with Ledger(out / "redflag_history.db") as ledger:
        revisions = ledger.revisions("2026Q4")["2026Q4"]
    assert [r.number for r in revisions] == [1, 2]
    shown = sheet_text(out / RESULTS, "修订记录")
    assert "申诉：更正互评" in shown and "70" in shown
    assert revisions[1].at[:10] in shown
    result = cli_run("approve", "2026Q4", "--history", out / "redflag_history.db")
    assert result.exit_code == 0, result.output
    notice = sheet_text(out / RESULTS, "公示")
    assert "经局领导审定" in notice and "待局领导审定" not in notice
    assert "审定" in sheet_text(out / RESULTS, "修订记录")


def test_a_revision_recorded_meanwhile_stops_the_run(blanks, tmp_path: Path) -> None:
    """The workbook is drawn from Ledger.plan; when another run recorded the period in between,
    recording stops (exit 1 in the CLI) and nothing changes."""
    filled(blanks, tmp_path / "in")
    out = tmp_path / "out"
    run = run_tally([tmp_path / "in"], out=out, key=KEY)
    ledger_path = out / "redflag_history.db"
    stamp = ledger_path.read_bytes()
    with Ledger(ledger_path) as ledger, pytest.raises(LedgerError) as caught:
        ledger.record(run.result, expected_revision=5, reason="x")
    assert "另一次运行已记录了 2026Q4" in caught.value.text("zh")
    assert ledger_path.read_bytes() == stamp


def test_plan_names_the_revision_a_tally_adds(blanks, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(ledger_mod, "_now", lambda: "2026-12-02T08:30:00+00:00")
    filled(blanks, tmp_path / "in")
    out = tmp_path / "out"
    run = run_tally([tmp_path / "in"], out=out, key=KEY)
    with Ledger(out / "redflag_history.db") as ledger:
        same = ledger.plan(run.result)
    assert same.number is None and same.state == "proposed" and same.after == 1
