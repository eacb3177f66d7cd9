"""Docs that cannot rot: every command and every Python example in README.md and docs/*.md is
run here, in order, in a fresh folder per document.

Conventions in the Markdown:
- ```bash blocks hold commands, one per line, run as shown (``python`` is this interpreter);
  ```python blocks are run as scripts; ```text blocks are shown, not run (signatures, output).
- ``<!-- doc-test: exit N -->`` before a block: its commands must exit with N (default 0).
- ``<!-- doc-test: fill SRC DST [tie=A,B] [skip=C,D] [only=E] -->``: what the staff do between
  two commands: fill every form in SRC with the demo's sample data and save them into DST (with
  ``tie``: units A and B given identical data, so that the leaders must decide; ``skip``: the
  forms of raters C and D are not returned yet; ``only``: just rater E's form); an inspection
  register in SRC gets the demo's events, and the scoring sheet then leaves the register items
  blank.
- ``<!-- doc-test: unverify REGISTER UNIT ITEM -->``: an inspector marks the first verified
  event of UNIT and ITEM (its label) in the register REGISTER as not verified (an appeal upheld).
- ``<!-- doc-test: winners FILE PERIOD:CODE:CONTRACTOR ... -->``: the clerk types earlier
  winners into the template ``init`` wrote (one row each; ``_`` in CONTRACTOR is a space).
- ``<!-- doc-test: type FILE SHEET CELL VALUE -->``: someone types VALUE into CELL of SHEET in the
  filled workbook FILE (a mistake for ``validate`` to find; a later ``fill`` puts it right).
- ``<!-- doc-test: output -->`` before a ```text block: it is exactly what the command before it
  printed (the guide shows real outputs, issue 17).
- ``<!-- doc-test: skip -->`` before a block: shown, not run (say why next to it).
Every command must succeed as written and every documented output file must appear.
"""

from __future__ import annotations

import copy
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from redflag_xlsx.core.roster import Roster
from redflag_xlsx.demo import sample_data, sample_register, without_register_items
from redflag_xlsx.forms.filling import fill_register, fill_workbook
from redflag_xlsx.xlsx import layout

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(
    r"(?:<!--\s*doc-test:\s*(?P<marker>[^>]*?)\s*-->\s*\n)?```(?P<lang>\w*)\n(?P<body>.*?)```", re.S
)
MARKER = re.compile(r"<!--\s*doc-test:\s*(?P<marker>[^>]*?)\s*-->")


def steps(path: Path) -> list[tuple[str, str, str]]:
    """(kind, marker, body) in document order: code blocks and stand-alone fill markers."""
    text = path.read_text(encoding="utf-8")
    out: list[tuple[str, str, str]] = []
    pos = 0
    for match in BLOCK.finditer(text):
        for lone in MARKER.finditer(text, pos, match.start()):
            out.append(("marker", lone.group("marker"), ""))
        out.append((match.group("lang"), match.group("marker") or "", match.group("body")))
        pos = match.end()
    for lone in MARKER.finditer(text, pos):
        out.append(("marker", lone.group("marker"), ""))
    return out


def _fill(cwd: Path, args: list[str]) -> None:
    src, dst, *options = args
    roster = Roster.sample()
    data = sample_data(roster)
    skip: list[str] = []
    only: list[str] | None = None
    for option in options:
        name, _, value = option.partition("=")
        assert name in ("tie", "skip", "only"), option
        if name == "tie":
            a, b = value.split(",")
            _tie(data, a, b)
        elif name == "skip":
            skip = value.split(",")
        else:
            only = value.split(",")
    forms = sorted((cwd / src).glob("*.xlsx"))
    registers = [f for f in forms if f.name.startswith(layout.REGISTER_FILE_PREFIX)]
    typed = without_register_items(data) if registers else data  # the register counts

    def rater(form: Path) -> str:
        return form.stem.rsplit("_", 1)[-1]

    forms = [f for f in forms if rater(f) not in skip]
    if only is not None:
        forms = [f for f in forms if rater(f) in only]
    for form in forms:
        if form in registers:  # the inspectors' events of the quarter the name says
            period = form.stem.rsplit("_", 1)[1]
            events = sample_register(data, period)
            fill_register(form, cwd / dst / form.name, events=events)
            continue
        fill_workbook(
            form,
            cwd / dst / form.name,
            scoring=typed.scoring,
            peer=typed.peer,
            leadership=typed.leadership,
        )


def _unverify(cwd: Path, args: list[str]) -> None:
    """The first verified event of a unit and item in a register becomes 否 (not verified)."""
    import openpyxl

    path, unit, item = args
    wb = openpyxl.load_workbook(cwd / path)
    ws = next(ws for ws in wb.worksheets if ws.title in layout.register_sheet_names("register"))
    keys = [c.key for c in layout.register_columns()]
    col = {k: i for i, k in enumerate(keys)}
    for row in ws.iter_rows(min_row=layout.FIRST_DATA_ROW):
        values = [c.value for c in row]
        if values[col["unit_code"]] == unit and values[col["item"]] == item:
            if values[col["verified"]] == "是":
                row[col["verified"]].value = "否"
                wb.save(cwd / path)
                return
    raise AssertionError(f"no verified {item} of {unit} in {path}")


def _type(cwd: Path, args: list[str]) -> None:
    """Type a value into one cell of a filled workbook, as a rater would by mistake."""
    import openpyxl

    path, sheet, cell, value = args
    wb = openpyxl.load_workbook(cwd / path)
    wb[sheet][cell] = float(value) if re.fullmatch(r"-?\d+(\.\d+)?", value) else value
    wb.save(cwd / path)


def _winners(cwd: Path, args: list[str]) -> None:
    """Type rows of earlier winners into the template ``init`` wrote."""
    import openpyxl

    path, *rows = args
    wb = openpyxl.load_workbook(cwd / path)
    for row in rows:
        period, code, contractor = row.split(":")
        wb.worksheets[0].append([period, code, contractor.replace("_", " ")])
    wb.save(cwd / path)


def _tie(data, a: str, b: str) -> None:
    """Units a and b get identical scoring rows and identical ratings from everyone."""
    data.scoring[a] = copy.deepcopy(data.scoring[b])
    for given in (*data.peer.values(), *data.leadership.values()):
        if a in given and b in given:
            given[a] = given[b]
    data.peer[a][b] = data.peer[b][a]


def _run_command(line: str, cwd: Path, expected: int) -> str:
    """Run one documented command; returns what it printed."""
    argv = shlex.split(line, comments=True)
    assert argv[0] == "python", f"documented command does not start with python: {line}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("REDFLAG_")}
    proc = subprocess.run(
        [sys.executable, *argv[1:]], cwd=cwd, capture_output=True, text=True, env=env, check=False
    )
    assert proc.returncode == expected, f"{line}\n{proc.stdout}\n{proc.stderr}"
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.stdout + proc.stderr


def _commands(body: str) -> list[str]:
    return [ln for ln in body.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


def run_doc(doc: Path, cwd: Path) -> list[tuple[str, str]]:
    """Run every step of ``doc`` in ``cwd``; returns (command or script, its output)."""
    ran: list[tuple[str, str]] = []
    markers = {"fill": _fill, "winners": _winners, "type": _type, "unverify": _unverify}
    for kind, marker, body in steps(doc):
        if marker == "skip":
            continue
        if kind == "marker":
            verb, *args = marker.split()
            assert verb in markers, marker
            markers[verb](cwd, args)
        elif kind == "text" and marker == "output":  # shown as the command printed it
            assert ran, f"{doc.name}: an output block before any command"
            command, printed = ran[-1]
            assert body.rstrip() == printed.rstrip(), f"{doc.name}: {command}\n{printed}"
        elif kind == "bash":
            expected = int(marker.split()[1]) if marker.startswith("exit") else 0
            ran += [(line, _run_command(line, cwd, expected)) for line in _commands(body)]
        elif kind == "python":
            script = cwd / "example.py"
            script.write_text(body, encoding="utf-8")
            proc = subprocess.run(
                [sys.executable, str(script)], cwd=cwd, capture_output=True, text=True, check=False
            )
            assert proc.returncode == 0, f"{doc.name}:\n{body}\n{proc.stdout}\n{proc.stderr}"
            ran.append((body, proc.stdout))
    return ran


@pytest.mark.parametrize("doc", [p for p in DOCS if p.name != "README.md"], ids=lambda p: p.name)
def test_every_documented_command_runs(doc: Path, tmp_path: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    ran = run_doc(doc, tmp_path)
    runnable = len(re.findall(r"```(?:bash|python)\n", text)) - text.count("doc-test: skip")
    assert (len(ran) > 0) == (runnable > 0)


def test_user_guide_walks_through_a_quarter_with_a_tie(tmp_path: Path) -> None:
    ran = run_doc(ROOT / "docs" / "user-guide.md", tmp_path)
    outputs = dict(ran)
    # the returns while the forms come in: two missing, then the lost form re-issued (section 3)
    statuses = [out for line, out in ran if line == "python -m redflag_xlsx status 回收表格"]
    assert "已收到 17/19 份；未收到：JG03 单位互评、LD02 领导评议" in statuses[0]
    assert "已收到 19/19 份" in statuses[1]
    reissued = tmp_path / "补发表格" / "单位互评_2026Q4_JG03.xlsx"
    assert [p.name for p in (tmp_path / "补发表格").iterdir()] == [reissued.name]
    assert reissued.read_bytes() == (tmp_path / "下发表格" / reissued.name).read_bytes()
    # the tally with its PDFs: a proposal, the tie open for the leaders (section 5)
    first = outputs["python -m redflag_xlsx tally 回收表格 --out 结果 --pdf --date 2027-01-05"]
    assert "并列待定" in first and "XZ03" in first and "XZ04" in first
    import subprocess

    for name in ("公示", "成绩通知单", "奖金发放表"):
        assert f"结果/{name}_2026Q4.pdf" in first, name

    def notice(folder: str) -> str:
        return subprocess.run(
            ["pdftotext", str(tmp_path / folder / "公示_2026Q4.pdf"), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    # approved after the appeal (section 7) and printed again; a month later from the ledger
    final, reprint = notice("结果"), notice("二月补印")
    assert "经局领导审定" in final and "待局领导审定" not in final
    assert "2027年1月8日至2027年1月13日" in final
    assert "经局领导审定" in reprint and "2027年2月5日至2027年2月10日" in reprint
    assert "--" not in final + reprint
    appeal = outputs[
        "python -m redflag_xlsx tally 回收表格 --out 结果 --award XZ04 --force --reason "
        '"JG05 异议：一次检查一般偏差经复核不属实"'
    ]
    assert "须重新审定" in appeal  # the appeal's re-tally is a proposal again
    history = outputs[
        "python -m redflag_xlsx history --history 结果/redflag_history.db --period 2026Q4"
    ]
    assert "JG05 异议" in history and "检查一般偏差" in history
    for made in ("roster.xlsx", "rules.toml", "结果/红旗评选结果_2026Q4.xlsx", "历史记录.xlsx"):
        assert (tmp_path / made).is_file(), made
    # the imported 2026Q2 and 2026Q3 make XZ04's flag its third in a row (section 1.1, 6, 9)
    import openpyxl

    from redflag_xlsx.xlsx import layout

    results = openpyxl.load_workbook(tmp_path / "结果/红旗评选结果_2026Q4.xlsx", data_only=True)
    c = {col.key: i for i, col in enumerate(layout.summary_columns())}
    xz04_row = next(
        [cell.value for cell in row]
        for row in results["汇总"].iter_rows(min_row=layout.FIRST_DATA_ROW)
        if row[0].value == "XZ04"
    )
    assert [xz04_row[c[k]] for k in ("streak", "reward_points", "bonus_yuan", "priority")] == [
        3,
        10,
        2000,
        "是",
    ]
    payout = [c.value for row in results["奖金发放"].iter_rows() for c in row]
    assert "贰仟元整" in payout and "列支科目：机关大楼运转费" in " ".join(map(str, payout))
    used = outputs[
        "python -m redflag_xlsx history --history 结果/redflag_history.db --priority-used XZ04 "
        '--reason "2027年3月安保服务重新招投标时已使用"'
    ]
    assert "金盾保安服务有限公司" in used and "2026Q4" in used
    assert len(list((tmp_path / "下发表格").glob("*.xlsx"))) == 1 + 12 + 5 + 1  # the register
    evidence = results["扣分依据"]  # the points of the guide's 公示, traced to their events
    assert sum(1 for r in evidence.iter_rows(min_row=layout.FIRST_DATA_ROW) if r[0].value) > 40
    sent_back = [p.name for p in (tmp_path / "退回修改").glob("*.xlsx")]
    assert sent_back == ["单位互评_2026Q4_JG02.xlsx"]  # the 101 of section 4


def test_readme_quick_start(tmp_path: Path) -> None:
    """The README's two commands: the first runs the demo (the install part is what CI's fresh
    virtual environment did); the second is exactly what .ci/run runs."""
    blocks = [body for kind, _, body in steps(ROOT / "README.md") if kind == "bash"]
    first, second = _commands(blocks[0])
    assert first.startswith("python -m pip install . && ")
    _run_command(first.split(" && ", 1)[1], tmp_path, 0)
    assert (tmp_path / "demo-out").is_dir()
    assert second in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    for kind, marker, body in steps(ROOT / "README.md")[1:]:
        if kind == "bash" and marker != "skip":
            for line in _commands(body):
                _run_command(line, tmp_path, 0)


def test_docs_show_every_command() -> None:
    """Each command of the CLI appears, run, somewhere in the docs."""
    import redflag_xlsx.cli

    redflag_xlsx.cli._register()
    shown = "\n".join(
        body
        for doc in DOCS
        for kind, marker, body in steps(doc)
        if kind == "bash" and marker != "skip"
    )
    for name in redflag_xlsx.cli.cli.commands:
        assert f"python -m redflag_xlsx {name}" in shown, name
