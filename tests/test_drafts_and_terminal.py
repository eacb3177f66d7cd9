"""SPEC 8, "Drafts are marked" and "Terminal and charts".

A draft (``tally --allow-errors``) has its own name, 草稿 in every sheet's title rows, a 公示
that names no winner, and is never recorded.  What the command line prints never carries a
control character from a file name or a cell; chart titles and series names are literal text;
a closed pipe ends quietly with exit 0; a file name that is not UTF-8 is read and shown.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from envkit import cli, periods, snapshot

from redflag_xlsx.cli.output import print_issues
from redflag_xlsx.core.findings import Issue
from redflag_xlsx.core.safe_text import display_name, terminal_text
from redflag_xlsx.results.report import literal_names

from readkit import KEY, filled

RESULTS = "红旗评选结果_2026Q4.xlsx"
DRAFT = "红旗评选结果_2026Q4_草稿.xlsx"


@pytest.fixture
def key(tmp_path: Path) -> Path:
    (tmp_path / "key").write_bytes(KEY)
    return tmp_path / "key"


# --- drafts ---------------------------------------------------------------------------------------
def test_a_draft_is_marked_everywhere_and_never_recorded(blanks, tmp_path: Path, key: Path) -> None:
    filled(blanks, tmp_path / "good")
    assert cli("tally", tmp_path / "good", "--out", tmp_path / "final", "--key", key).code == 0
    final = openpyxl.load_workbook(tmp_path / "final" / RESULTS)
    winners = [r[2].value for r in final["汇总"].iter_rows(min_row=4) if r[9].value == "流动红旗"]
    assert len(winners) == 3
    # the same quarter with one error: the draft ranks the same units, but announces nobody
    filled(blanks, tmp_path / "in", peer={"JG02": {"JG03": 101}})
    out = tmp_path / "out"
    ran = cli("tally", tmp_path / "in", "--out", out, "--key", key, "--allow-errors")
    assert ran.code == 1, ran.output
    assert sorted(p.name for p in out.iterdir()) == [DRAFT]  # no ledger, no final name
    assert periods(out / "redflag_history.db") == []
    wb = openpyxl.load_workbook(out / DRAFT)
    for ws in wb.worksheets:
        titles = " ".join(str(c.value) for row in ws.iter_rows(max_row=2) for c in row if c.value)
        assert "草稿" in titles, ws.title
    notice = " ".join(str(c.value) for row in wb["公示"].iter_rows() for c in row if c.value)
    assert "不得公示" in notice and "草稿" in notice
    assert not any(name in notice for name in winners)
    props = zipfile.ZipFile(out / DRAFT).read("docProps/custom.xml").decode()
    assert "<vt:lpwstr>yes</vt:lpwstr>" in props  # draft = yes
    # --out NAME.xlsx: NAME_草稿.xlsx
    ran = cli("tally", tmp_path / "in", "--out", tmp_path / "x" / "季度结果.xlsx", "--key", key,
              "--allow-errors")  # fmt: skip
    assert ran.code == 1
    assert [p.name for p in (tmp_path / "x").iterdir()] == ["季度结果_草稿.xlsx"]


# --- the terminal ---------------------------------------------------------------------------
EVIL = "\x1b]0;owned\x07\x1b[31mred\r\x9b2J\u202eevil"


def test_control_characters_are_escaped(blanks, tmp_path: Path, key: Path) -> None:
    path = filled(blanks, tmp_path / "in", name=f"{EVIL}.xlsx", peer={"JG02": {"JG03": 101}})
    for args in (
        ("validate", tmp_path / "in", "--key", key),
        ("tally", tmp_path / "in", "--out", tmp_path / "out", "--key", key),
        ("validate", path / "nope", "--key", key),  # a usage error naming the path
    ):
        ran = cli(*args)
        assert ran.code in (1, 2), ran.output
        for bad in ("\x1b", "\x07", "\r", "\x9b", "\u202e"):
            assert bad not in ran.output, (args, bad)
        assert "\\x1b]0;owned\\x07\\x1b[31mred\\x0d\\x9b2J\\u202eevil" in ran.output
    ran = cli("validate", tmp_path / "in", "--key", key, "--json")
    doc = json.loads(ran.stdout)
    assert doc["issues"][0]["file"] == str(path)  # JSON keeps the name, escaped by JSON itself
    assert "\x1b" not in ran.stdout


def test_rich_tables_escape_and_never_parse_markup() -> None:
    issue = Issue.make("E_UNREADABLE", file=f"[bold]{EVIL}[/].xlsx", detail="x")
    out = io.StringIO()
    print_issues([issue], stream=out, rich=True)
    text = out.getvalue()
    assert "\x1b]0;" not in text and "\x07" not in text and "\u202e" not in text
    assert "[bold]" in text  # shown as typed, not taken as rich markup


def test_safe_text_table() -> None:
    # text                      display_name                terminal_text
    cases = [
        ("报表.xlsx", "报表.xlsx", "报表.xlsx"),
        ("a\udcffb", "a\\xffb", "a\\xffb"),
        ("a\x1bb\nc", "a\x1bb\nc", "a\\x1bb\nc"),
        ("\u202etxt", "\u202etxt", "\\u202etxt"),
        ("tab\tdel\x7f", "tab\tdel\x7f", "tab\\x09del\\x7f"),
    ]
    for text, shown, printed in cases:
        assert (display_name(text), terminal_text(text)) == (shown, printed)


def test_a_file_name_that_is_not_utf8(blanks, tmp_path: Path, key: Path) -> None:
    folder = tmp_path / "in"
    good = filled(blanks, folder, peer={"JG02": {"JG03": None}})  # a warning names the file
    raw = os.path.join(os.fsencode(folder), b"\xff\xfe\xb1\xed.xlsx")
    os.rename(good, raw)
    before = snapshot(folder)
    ran = cli("validate", folder, "--key", key)
    assert ran.code == 0, ran.output
    assert "\\xff\\xfe\\xb1\\xed.xlsx" in ran.stdout and "W_RATING_BLANK" in ran.stdout
    ran = cli(
        "tally", folder, "--out", tmp_path / "out", "--key", key, "--annotate", tmp_path / "a"
    )
    assert ran.code == 0, ran.output
    assert "\\xff\\xfe\\xb1\\xed.xlsx" in ran.stdout
    conn = sqlite3.connect(tmp_path / "out" / "redflag_history.db")
    try:
        files = [r[0] for r in conn.execute("SELECT file FROM input_file")]
    finally:
        conn.close()
    assert files == [str(folder / "\\xff\\xfe\\xb1\\xed.xlsx")]
    wb = openpyxl.load_workbook(tmp_path / "out" / RESULTS)
    shown = [
        r[3].value for r in wb["校验问题"].iter_rows(min_row=4) if r[2].value == "W_RATING_BLANK"
    ]
    assert shown == [str(folder / "\\xff\\xfe\\xb1\\xed.xlsx")]
    assert [os.fsencode(p.name) for p in (tmp_path / "a").iterdir()] == [b"\xff\xfe\xb1\xed.xlsx"]
    assert snapshot(folder) == before


def test_a_closed_pipe_ends_quietly(blanks, tmp_path: Path, key: Path) -> None:
    filled(blanks, tmp_path / "in", peer={"JG02": {"JG03": 101}})
    for args in (("validate", tmp_path / "in", "--key", key), ("--help",)):
        proc = subprocess.Popen(
            [sys.executable, "-m", "redflag_xlsx", *map(str, args)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()  # the reader is gone before the first line (| head -0)
        err = proc.stderr.read()
        proc.stderr.close()
        assert (proc.wait(timeout=60), err) == (0, b""), args
    shell = subprocess.run(
        ["bash", "-c", f'"{sys.executable}" -m redflag_xlsx validate "{tmp_path / "in"}" --key '
         f'"{key}" --json | head -c 1; echo " ${{PIPESTATUS[0]}}"'],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert shell.stdout in ("{ 0\n", "{ 1\n") and "Traceback" not in shell.stderr
    assert "内部错误" not in shell.stderr


# --- charts -------------------------------------------------------------------------------------
def test_chart_titles_and_series_names_are_literal(tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "c.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Sheet1")
    ws.write_column(0, 0, [1, 2])
    chart = wb.add_chart({"type": "bar"})
    chart.add_series({"values": ["Sheet1", 0, 0, 1, 0], "name": "x"})
    literal_names(chart, "Sheet1!$A$1 机关大楼", "=Sheet1!A2")
    ws.insert_chart("C1", chart)
    wb.close()
    xml = zipfile.ZipFile(path).read("xl/charts/chart1.xml").decode()
    assert "<a:t>Sheet1!$A$1 机关大楼</a:t>" in xml
    assert "<c:v>=Sheet1!A2</c:v>" in xml  # the series name, as a value
    assert xml.count("<c:f>") == 1  # only the series' values refer to cells
