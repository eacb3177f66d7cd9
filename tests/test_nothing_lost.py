"""SPEC 8, "Nothing lost": a tally's results workbook and its ledger revision are one outcome,
whatever happens -- a run killed at any point, two runs at once, a name taken meanwhile -- and
no command writes over, renames or deletes an input.

Kills are real (SIGKILL of a forked run, stopped exactly where the code is most fragile, and
of whole processes at random moments); concurrent runs are real processes.
"""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from envkit import cli, dump, killed_at, periods, snapshot, temporaries

from redflag_xlsx.forms.templates import build_templates
from redflag_xlsx.ledger import pending
from redflag_xlsx.xlsx.files import Placement

from fill import fill_combined
from readkit import DATA, KEY, ROSTER, filled

RESULTS = "红旗评选结果_2026Q4.xlsx"


@pytest.fixture
def quarter(blanks, tmp_path: Path) -> Path:
    """A folder with a complete, valid 2026Q4 (combined form) and the office key beside it."""
    filled(blanks, tmp_path / "in")
    (tmp_path / "key").write_bytes(KEY)
    return tmp_path


def tally_args(root: Path, *extra: str) -> list[str]:
    return ["tally", str(root / "in"), "--out", str(root / "out"), "--key", str(root / "key"),
            *extra]  # fmt: skip


def both_or_neither(root: Path, period: str = "2026Q4") -> bool:
    """True when the results workbook is in place, complete, and recorded; False when neither;
    an assertion error for anything in between."""
    final = root / "out" / RESULTS.replace("2026Q4", period)
    recorded = period in periods(root / "out" / "redflag_history.db")
    assert final.exists() == recorded, (final.exists(), recorded)
    if final.exists():
        assert openpyxl.load_workbook(final).sheetnames[0] == "汇总"  # complete
    return recorded


# --- killed where it hurts most ----------------------------------------------------------------
def _stop_before(cls_or_mod: object, name: str):
    def pause(stop):
        original = getattr(cls_or_mod, name)

        def stopped(*args, **kwargs):
            stop()
            return original(*args, **kwargs)

        setattr(cls_or_mod, name, stopped)

    return pause


def _stop_after(cls_or_mod: object, name: str):
    def pause(stop):
        original = getattr(cls_or_mod, name)

        def stopped(*args, **kwargs):
            result = original(*args, **kwargs)
            stop()
            return result

        setattr(cls_or_mod, name, stopped)

    return pause


KILL_POINTS = {
    # name: (patch, a final workbook may be there right after the kill, recorded in the end)
    "workbook written, nothing noted": (_stop_before(Placement, "probe"), False, False),
    "placement noted, revision open": (_stop_before(pending, "mark_done"), False, False),
    "linked, revision not committed": (_stop_after(Placement, "place"), True, False),
    "revision committed, not finished": (_stop_before(Placement, "finish"), True, True),
}


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_a_kill_at_any_step_leaves_both_or_neither(quarter: Path, point: str) -> None:
    pause, maybe_final, recorded = KILL_POINTS[point]
    inputs = snapshot(quarter / "in")
    killed_at(tally_args(quarter), cwd=quarter, pause=pause)
    final = quarter / "out" / RESULTS
    if not maybe_final:
        assert not final.exists()  # nothing under a final name
    if final.exists():
        assert openpyxl.load_workbook(final).sheetnames[0] == "汇总"  # never half there
    # the next run that opens the ledger settles what the killed one left
    ran = cli("history", "--history", quarter / "out" / "redflag_history.db", cwd=quarter)
    assert ran.code == 0, ran.output
    assert both_or_neither(quarter) is recorded
    left = temporaries(quarter / "out")
    if point == "workbook written, nothing noted":  # the ledger knew nothing of it yet ...
        assert len(left) == 1 and "-L-" in left[0].name  # ... the next tally removes it
    else:
        assert left == []
    # and the next tally cleans up the rest and does the job (or finds it done)
    again = cli(*tally_args(quarter), cwd=quarter)
    assert again.code == (2 if recorded else 0), again.output
    assert both_or_neither(quarter)
    assert temporaries(quarter) == []
    assert snapshot(quarter / "in") == inputs


def test_killed_at_random_moments(quarter: Path) -> None:
    """Whole processes killed at random moments of a tally (bounded: 4 runs)."""
    start = time.perf_counter()
    done = cli(*tally_args(quarter, "--out", str(quarter / "timed")), cwd=quarter)
    assert done.code == 0, done.output
    duration = time.perf_counter() - start
    rnd = random.Random(12)
    inputs = snapshot(quarter / "in")
    for i in range(4):
        out = quarter / f"run{i}"
        args = ["tally", str(quarter / "in"), "--out", str(out), "--key", str(quarter / "key")]
        proc = subprocess.Popen(
            [sys.executable, "-m", "redflag_xlsx", *args],
            cwd=quarter,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rnd.uniform(0.3, duration * 1.1))
        proc.kill()
        proc.wait()
        final = out / RESULTS
        if final.exists():
            assert openpyxl.load_workbook(final).sheetnames[0] == "汇总"
        if (out / "redflag_history.db").exists():
            assert cli("history", "--history", out / "redflag_history.db", cwd=quarter).code == 0
        assert final.exists() == ("2026Q4" in periods(out / "redflag_history.db"))
        again = cli(*args, cwd=quarter)
        assert again.code in (0, 2), again.output
        assert final.exists() and "2026Q4" in periods(out / "redflag_history.db")
        assert temporaries(out) == []
    assert snapshot(quarter / "in") == inputs


# --- failures at the last step undo the revision --------------------------------------------------
def test_a_name_taken_at_the_last_moment_changes_nothing(quarter: Path, monkeypatch) -> None:
    """Another program creates the results file between the check and the placement: the
    revision is rolled back, the other file kept, exit 2 (exists)."""
    from click.testing import CliRunner

    import redflag_xlsx.cli as cli_mod

    original = Placement.place

    def racing(self):
        self.target.write_bytes(b"someone else's")
        return original(self)

    monkeypatch.setattr(Placement, "place", racing)
    cli_mod._register()
    result = CliRunner().invoke(cli_mod.cli, tally_args(quarter))
    assert result.exit_code == 2, result.output
    assert "已存在" in result.stderr
    assert (quarter / "out" / RESULTS).read_bytes() == b"someone else's"
    assert periods(quarter / "out" / "redflag_history.db") == []
    assert temporaries(quarter) == []


def test_a_commit_that_fails_takes_the_workbook_back(quarter: Path, monkeypatch) -> None:
    """--force over an earlier results file, and the commit fails: the earlier file is back."""
    assert cli(*tally_args(quarter), cwd=quarter).code == 0
    before = (quarter / "out" / RESULTS).read_bytes()
    db = quarter / "out" / "redflag_history.db"
    ledger_before = dump(db)
    from click.testing import CliRunner

    import redflag_xlsx.cli as cli_mod

    original = Placement.place

    def then_fail(self):
        original(self)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Placement, "place", then_fail)
    cli_mod._register()
    result = CliRunner().invoke(cli_mod.cli, tally_args(quarter, "--force"))
    assert result.exit_code == 1, result.output
    assert result.stderr.count("\n") == 1 and "No space left on device" in result.stderr
    assert (quarter / "out" / RESULTS).read_bytes() == before
    assert dump(db) == ledger_before
    assert temporaries(quarter) == []


# --- two runs at once -----------------------------------------------------------------------------
def _popen(args: list[str], cwd: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "redflag_xlsx", *args], cwd=cwd, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip


def test_two_tallies_of_one_quarter_at_once(quarter: Path) -> None:
    """Same period, same folder, same ledger, no --force: one writes, the other is told the
    file exists (exit 2) and changes nothing."""
    procs = [_popen(tally_args(quarter), quarter) for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    codes = sorted(p.returncode for p in procs)
    assert codes == [0, 2], outs
    loser = next(err for p, (_o, err) in zip(procs, outs, strict=True) if p.returncode == 2)
    assert "已存在" in loser and "Traceback" not in loser
    assert both_or_neither(quarter)
    assert temporaries(quarter) == []


def test_two_quarters_into_one_ledger_at_once(blanks, quarter: Path, tmp_path: Path) -> None:
    """2026Q3 and 2026Q4 tallied at once into one ledger: they serialise, or one stops with
    exit 1 and changes nothing; run again, both are recorded with the right streaks."""
    q3 = build_templates(ROSTER, "2026Q3", tmp_path / "blank3", key=KEY)[0]
    (tmp_path / "in3").mkdir()
    fill_combined(q3, out=tmp_path / "in3" / "红旗评选_2026Q3.xlsx", **DATA)
    db = tmp_path / "ledger.db"
    runs = {
        "2026Q3": ["tally", str(tmp_path / "in3"), "--out", str(tmp_path / "o3"), "--history",
                   str(db), "--key", str(quarter / "key")],
        "2026Q4": ["tally", str(quarter / "in"), "--out", str(tmp_path / "o4"), "--history",
                   str(db), "--key", str(quarter / "key")],
    }  # fmt: skip
    procs = {p: _popen(args, quarter) for p, args in runs.items()}
    outs = {p: proc.communicate(timeout=120) for p, proc in procs.items()}
    for period, proc in procs.items():
        assert proc.returncode in (0, 1), outs[period]
        final = tmp_path / ("o3" if period == "2026Q3" else "o4") / f"红旗评选结果_{period}.xlsx"
        assert final.exists() == (proc.returncode == 0)
        assert (period in periods(db)) == (proc.returncode == 0)
        assert "Traceback" not in outs[period][1]
    for period, proc in procs.items():
        if proc.returncode != 0:
            again = cli(*runs[period], "--force", cwd=quarter)
            assert again.code == 0, again.output
    assert periods(db) == ["2026Q3", "2026Q4"]
    conn = sqlite3.connect(db)
    try:
        streaks = dict(
            conn.execute(
                "SELECT unit, streak FROM unit_result WHERE period = '2026Q4' AND outcome = 'flag'"
            )
        )
        q3_sql = "SELECT unit FROM unit_result WHERE period = '2026Q3' AND outcome = 'flag'"
        won_q3 = {u for (u,) in conn.execute(q3_sql)}
    finally:
        conn.close()
    assert streaks and all(streaks[u] == (2 if u in won_q3 else 1) for u in streaks)
    assert temporaries(tmp_path) == []


def test_a_locked_ledger_stops_with_one_line_and_changes_nothing(quarter: Path) -> None:
    """Another process holds the ledger (a second tally's transaction): after the wait, exit 1,
    one line, no results file, the ledger byte-identical."""
    assert cli(*tally_args(quarter, "--out", str(quarter / "first")), cwd=quarter).code == 0
    db = quarter / "first" / "redflag_history.db"
    before = db.read_bytes()
    for lock in ("IMMEDIATE", "EXCLUSIVE"):
        holder = subprocess.Popen(
            [sys.executable, "-c", "import sqlite3, sys, time\n"
             "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
             f"c.execute('BEGIN {lock}'); print('held', flush=True); time.sleep(60)", str(db)],
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            assert holder.stdout is not None and holder.stdout.readline() == "held\n"
            ran = cli(*tally_args(quarter, "--history", str(db)), cwd=quarter,
                      REDFLAG_LEDGER_TIMEOUT="1")  # fmt: skip
        finally:
            holder.kill()
            holder.wait()
            if holder.stdout is not None:
                holder.stdout.close()
        assert ran.code == 1, ran.output
        assert ran.stderr == (
            f"{db}：历史记录文件正被其他程序使用（可能正在进行另一次统计），请稍后再试\n"
        )
        assert not (quarter / "out").exists() or list((quarter / "out").iterdir()) == []
        assert db.read_bytes() == before
