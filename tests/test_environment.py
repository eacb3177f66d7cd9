"""SPEC 8, exit codes: problems of the environment -- a read-only or full disk, a folder the user
may not write, a ledger that is locked, damaged or a pipe -- are one clear line and exit 1;
usage problems (a path that does not exist, an output that exists without --force) exit 2;
never a traceback, never exit 3.  Every input stays byte-identical, no output is half there.

The situations are real: tmpfs mounts (read-only, or a few KB), privileges dropped to
``nobody`` in a forked child, a FIFO, a ledger edited with sqlite3.  Their setup asserts that
it worked (envkit): these tests fail, never skip, when it does not.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from envkit import NOBODY, cli, dump, fill_up, in_child, periods, snapshot, temporaries, tmpfs
from envkit import world_folder as world_folder_cm

from readkit import KEY, filled

RESULTS = "红旗评选结果_2026Q4.xlsx"


@pytest.fixture
def quarter(blanks, tmp_path: Path) -> Path:
    filled(blanks, tmp_path / "in")
    (tmp_path / "key").write_bytes(KEY)
    return tmp_path


def one_clean_line(ran, code: int = 1) -> str:
    """The run ended with ``code`` and said one line on stderr, no traceback."""
    assert ran.code == code, ran.output
    assert "Traceback" not in ran.output and "内部错误" not in ran.output
    assert ran.stderr.count("\n") == 1, ran.stderr
    return ran.stderr


# --- read-only and full file systems ----------------------------------------------------------
def test_results_on_a_read_only_disk(quarter: Path) -> None:
    inputs = snapshot(quarter / "in")
    with tmpfs(quarter / "ro", read_only=True) as ro:
        ran = cli("tally", quarter / "in", "--out", ro, "--key", quarter / "key", cwd=quarter)
        line = one_clean_line(ran)
        assert line.startswith(f"无法写入“{ro / RESULTS}”：Read-only file system")
        assert list(ro.iterdir()) == []
    assert snapshot(quarter / "in") == inputs


def test_a_ledger_on_a_read_only_disk_writes_no_results(quarter: Path) -> None:
    """The ledger cannot record the quarter: the results workbook is not left either."""
    assert cli("tally", quarter / "in", "--out", quarter / "first", "--key", quarter / "key",
               cwd=quarter).code == 0  # fmt: skip

    def copy_ledger(where: Path) -> None:
        shutil.copy(quarter / "first" / "redflag_history.db", where / "ledger.db")

    with tmpfs(quarter / "ro", fill=copy_ledger, read_only=True) as ro:
        before = (ro / "ledger.db").read_bytes()
        ran = cli("tally", quarter / "in", "--out", quarter / "out", "--history", ro / "ledger.db",
                  "--key", quarter / "key", "--force", cwd=quarter)  # fmt: skip
        line = one_clean_line(ran)
        assert line.startswith(f"{ro / 'ledger.db'}：无法写入历史记录（")
        assert (ro / "ledger.db").read_bytes() == before
    assert not (quarter / "out" / RESULTS).exists()
    assert temporaries(quarter) == []


def test_a_full_disk_for_the_results(quarter: Path) -> None:
    with tmpfs(quarter / "full", size="64k", fill=lambda p: fill_up(p, leave=8192)) as full:
        ran = cli("tally", quarter / "in", "--out", full, "--key", quarter / "key",
                  "--no-history", cwd=quarter)  # fmt: skip
        line = one_clean_line(ran)
        assert line.startswith(f"无法写入“{full / RESULTS}”：No space left on device")
        assert sorted(p.name for p in full.iterdir()) == ["filler.bin"]  # nothing half written


def test_a_full_disk_for_the_ledger_writes_no_results(quarter: Path) -> None:
    with tmpfs(quarter / "full", size="64k", fill=lambda p: fill_up(p, leave=4096)) as full:
        ran = cli("tally", quarter / "in", "--out", quarter / "out", "--history",
                  full / "ledger.db", "--key", quarter / "key", cwd=quarter)  # fmt: skip
        line = one_clean_line(ran)
        assert line.startswith(f"{full / 'ledger.db'}：")
        assert not (quarter / "out" / RESULTS).exists()
        assert periods(full / "ledger.db") == [] if (full / "ledger.db").stat().st_size else True
    assert temporaries(quarter) == []


def test_a_bug_report_that_cannot_be_saved_is_still_one_line(quarter: Path) -> None:
    with tmpfs(quarter / "ro", read_only=True) as ro:

        def broken() -> None:
            import redflag_xlsx.intake.reader as reader

            def boom(*_a, **_k):
                raise RuntimeError("boom")

            reader.read_submissions = boom
            tempfile.tempdir = str(ro)

        ran = in_child(["validate", str(quarter / "in"), "--key", str(quarter / "key")],
                       cwd=quarter, prepare=broken)  # fmt: skip
    assert ran.code == 3
    assert (
        ran.stderr
        == "redflag_xlsx 内部错误（程序缺陷）；详细信息无法保存（Read-only file system）\n"
    )


# --- another user, without the rights -----------------------------------------------------------
@pytest.fixture
def world(blanks) -> Path:
    """The quarter in a folder everyone may read but only root may write."""
    with world_folder_cm() as root:
        filled(blanks, root / "in")
        (root / "key").write_bytes(KEY)
        for path in [root / "in", *(root / "in").iterdir(), root / "key"]:
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
        yield root


def test_permission_denied_for_the_results(world: Path) -> None:
    (world / "out").mkdir(mode=0o755)
    inputs = snapshot(world / "in")
    ran = in_child(["tally", str(world / "in"), "--out", str(world / "out"), "--key",
                    str(world / "key")], cwd=world, user=NOBODY)  # fmt: skip
    line = one_clean_line(ran)
    assert line.startswith(f"无法写入“{world / 'out' / RESULTS}”：Permission denied")
    assert list((world / "out").iterdir()) == []
    assert snapshot(world / "in") == inputs


def test_a_ledger_nobody_may_write_writes_no_results(world: Path) -> None:
    assert cli("tally", world / "in", "--out", world / "first", "--key", world / "key",
               cwd=world).code == 0  # fmt: skip
    out = world / "out"
    out.mkdir()
    os.chmod(out, 0o777)  # the results folder may be written, the ledger not
    db = world / "first" / "redflag_history.db"
    before = db.read_bytes()
    ran = in_child(["tally", str(world / "in"), "--out", str(out), "--history", str(db),
                    "--key", str(world / "key"), "--force"], cwd=world, user=NOBODY)  # fmt: skip
    line = one_clean_line(ran)
    assert line.startswith(f"{db}：")
    assert db.read_bytes() == before
    assert list(out.iterdir()) == []


def test_an_input_nobody_may_read_is_a_finding(world: Path) -> None:
    secret = world / "in" / "secret.xlsx"
    shutil.copy(next((world / "in").glob("红旗*.xlsx")), secret)
    os.chmod(secret, 0o600)
    ran = in_child(["validate", str(world / "in"), "--key", str(world / "key"), "--partial"],
                   cwd=world, user=NOBODY)  # fmt: skip
    assert ran.code == 1, ran.output
    assert (
        f"文件“{secret}”\n  错误 E_UNREADABLE：无法读取该文件：文件无法打开（Permission denied）"
        in ran.stdout
    )
    assert "Traceback" not in ran.output


# --- pipes, damaged and missing ledgers, usage ---------------------------------------------------
def test_a_pipe_is_refused_at_once(quarter: Path) -> None:
    fifo = quarter / "pipe"
    os.mkfifo(fifo)
    key = quarter / "key"
    for args, start in [
        (("history", "--history", fifo), f"{fifo}：这不是普通文件"),
        (("tally", quarter / "in", "--history", fifo, "--key", key), f"{fifo}：这不是普通文件"),
        (("validate", quarter / "in", "--rules", fifo, "--key", key), f"{fifo}：无法读取"),
        (("tally", quarter / "in", "--roster", fifo, "--key", key), f"{fifo}：无法读取"),
        (("build-template", "--rules", fifo, "--out", quarter / "f"), f"{fifo}：无法读取"),
    ]:
        ran = cli(*args, cwd=quarter, timeout=30)  # a blocking read would time out here
        assert one_clean_line(ran).startswith(start), args
    ran = cli("validate", fifo, "--key", key, "--partial", cwd=quarter, timeout=30)
    assert ran.code == 1 and "E_UNREADABLE" in ran.stdout and "这不是一个文件" in ran.stdout
    assert not (quarter / "out").exists() and not (quarter / "f").exists()


@pytest.fixture(scope="module")
def recorded(blanks, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ledger holding 2026Q4, tallied once for the module."""
    root = tmp_path_factory.mktemp("recorded")
    filled(blanks, root / "in")
    (root / "key").write_bytes(KEY)
    ran = cli("tally", root / "in", "--out", root / "out", "--key", root / "key", cwd=root)
    assert ran.code == 0, ran.output
    return root / "out" / "redflag_history.db"


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE unit_result SET total = 'abc' WHERE unit = 'JG01'",
        "UPDATE unit_result SET counts_json = '{not json' WHERE unit = 'JG02'",
        "UPDATE period SET labels_json = '[1, 2]'",
        "UPDATE period SET recorded_at = 'yesterday'",
        "UPDATE unit_result SET period = '2026Q9' WHERE unit = 'XZ01'",
        "UPDATE unit_result SET outcome = 'maybe' WHERE unit = 'XZ02'",
    ],
)
def test_damaged_ledger_content_is_one_line(quarter: Path, recorded: Path, damage: str) -> None:
    db = quarter / "out" / "redflag_history.db"
    db.parent.mkdir()
    shutil.copy(recorded, db)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA ignore_check_constraints = 1")
    conn.execute(damage)
    conn.commit()
    conn.close()
    before, content = db.read_bytes(), dump(db)
    for args in (("history", "--history", db), ("history", "--history", db, "--export", "x.xlsx")):
        ran = cli(*args, cwd=quarter)
        line = one_clean_line(ran)
        assert line.startswith(f"{db}：历史记录文件已损坏（"), args
        assert line.endswith("），未做任何改动；请从备份恢复该文件\n")
    assert db.read_bytes() == before
    assert not (quarter / "x.xlsx").exists()
    # tallying the quarter again either refuses in one line, changing nothing, or replaces the
    # damaged record with a good one (it reads only the quarters before)
    ran = cli("tally", quarter / "in", "--out", quarter / "out", "--key", quarter / "key",
              "--force", cwd=quarter)  # fmt: skip
    if ran.code == 0:
        assert cli("history", "--history", db, cwd=quarter).code == 0
    else:
        assert one_clean_line(ran).startswith(f"{db}：历史记录文件已损坏（")
        assert dump(db) == content  # its content (SQLite counts its own commits in the header)


def test_usage_problems_exit_2(quarter: Path) -> None:
    key = quarter / "key"
    missing = quarter / "nosuchdir"
    for command in ("validate", "tally"):
        ran = cli(command, missing, "--key", key, cwd=quarter)
        assert ran.code == 2 and ran.stderr.endswith(
            f"错误：找不到“{missing}”：没有这个文件或文件夹\n"
        )
        assert "W_MISSING_RATER" not in ran.output  # not 17 missing raters of a sample roster
    ran = cli("tally", quarter / "in", "--key", key, "--rules", quarter / "rules.toml", cwd=quarter)
    assert ran.code == 2 and "rules.toml" in ran.stderr
    ran = cli("history", "--history", quarter / "no.db", cwd=quarter)
    assert ran.code == 2 and "找不到历史记录文件" in ran.stderr
    assert (
        cli("tally", quarter / "in", "--out", quarter / "out", "--key", key, cwd=quarter).code == 0
    )
    ran = cli("tally", quarter / "in", "--out", quarter / "out", "--key", key, cwd=quarter)
    assert ran.code == 2 and "已存在" in ran.stderr
    ran = cli("history", "--history", quarter / "out" / "redflag_history.db", "--export",
              quarter / "out" / RESULTS, cwd=quarter)  # fmt: skip
    assert ran.code == 2 and "已存在" in ran.stderr
    assert cli("init", quarter / "setup", cwd=quarter).code == 0
    ran = cli("init", quarter / "setup", cwd=quarter)
    assert ran.code == 2 and "已存在" in ran.stderr
