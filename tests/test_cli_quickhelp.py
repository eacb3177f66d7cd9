"""The top-level ``--help`` without click (cli/quickhelp.py) is click's own, byte for byte."""

from __future__ import annotations

import subprocess
import sys

import pytest

import redflag_xlsx.cli as cli_module
from redflag_xlsx.cli import cli, main, quickhelp

WIDTHS = ["40", "50", "54", "56", "57", "58", "60", "64", "70", "79", "80", "120"]
LANGS = [  # (REDFLAG_LANG, arguments around -h/--help)
    (None, [], []),
    (None, ["--lang", "en"], []),
    (None, [], ["--lang=EN"]),
    ("en", [], []),
    ("en", [], ["--lang", "zh"]),
]


@pytest.fixture(autouse=True)
def _english_help_afterwards():
    """main() localises the shared command objects: leave them as other tests expect."""
    yield
    cli_module.localize_help("en")


def _run(capsys, args: list[str], *, quick: bool) -> tuple[int | str | None, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args), quick=quick)
    captured = capsys.readouterr()
    return exit_info.value.code, captured.out, captured.err


@pytest.mark.parametrize("columns", WIDTHS)
@pytest.mark.parametrize("flag", ["-h", "--help"])
@pytest.mark.parametrize(("env", "before", "after"), LANGS)
def test_top_level_help_is_clicks_byte_for_byte(
    capsys, monkeypatch, columns, flag, env, before, after
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    if env is None:
        monkeypatch.delenv("REDFLAG_LANG", raising=False)
    else:
        monkeypatch.setenv("REDFLAG_LANG", env)
    args = [*before, flag, *after]
    assert quickhelp._help_request(args) is not None  # the quick path is taken
    quick = _run(capsys, args, quick=True)
    slow = _run(capsys, args, quick=False)
    assert quick == slow
    assert quick[0] == 0 and quick[1] and not quick[2]


@pytest.mark.parametrize("columns", ["50", "80"])
@pytest.mark.parametrize("env", [None, "en"])
def test_no_arguments_is_clicks_help_on_stderr(capsys, monkeypatch, columns, env) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    if env is None:
        monkeypatch.delenv("REDFLAG_LANG", raising=False)
    else:
        monkeypatch.setenv("REDFLAG_LANG", env)
    quick = _run(capsys, [], quick=True)
    slow = _run(capsys, [], quick=False)
    assert quick == slow
    assert quick[0] == 2 and quick[2] and not quick[1]


@pytest.mark.parametrize(
    "args",
    [
        ["tally", "--help"],
        ["--help", "tally"],
        ["-h", "--help"],
        ["--lang", "fr", "--help"],
        ["--lang", "--help"],
        ["--lang", "en"],
        ["--version"],
        ["--lang", "en", "--lang", "zh", "-h"],
    ],
)
def test_anything_else_goes_to_click(args) -> None:
    assert quickhelp._help_request(args) is None


def test_the_command_table_is_the_commands_click_has() -> None:
    """quickhelp.COMMANDS: every command, in click's order, from its module, with its
    docstring's first paragraph (what click shortens into the list of commands)."""
    cli_module._register()
    assert [name for name, _module, _summary in quickhelp.COMMANDS] == list(cli.commands)
    for name, module, summary in quickhelp.COMMANDS:
        command = cli.commands[name]
        assert command.callback.__module__ == f"redflag_xlsx.cli.cmd_{module}"
        doc = command.callback.__doc__ or ""
        assert " ".join(doc.partition("\n\n")[0].split()) == summary, name


def test_help_in_a_fresh_process_imports_neither_click_nor_the_commands() -> None:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "redflag_xlsx", "--help"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "命令:" in proc.stdout or "Commands:" in proc.stdout
    imported = {line.rsplit("|", 1)[1].strip() for line in proc.stderr.splitlines() if "|" in line}
    assert "redflag_xlsx.cli.quickhelp" in imported
    heavy = {"click", "rich", "dataclasses", "inspect", "redflag_xlsx.cli.app"}
    assert not heavy & imported
    assert not [m for m in imported if m.startswith("redflag_xlsx.cli.cmd_")]


@pytest.mark.parametrize("closed", ["stdout", "stderr", "both"])
@pytest.mark.parametrize("args", [["--help"], ["validate", "--help"], ["validate", "nowhere"]])
def test_a_stream_closed_before_the_start_is_no_traceback(closed, args):
    """``python -m redflag_xlsx --help >&-``: Python starts with ``sys.stdout`` None; the
    command runs as with the stream open (same exit code), and writes no traceback."""
    names = ["stdout", "stderr"] if closed == "both" else [closed]
    code = (
        "import runpy, sys\n"
        f"for name in {names!r}: setattr(sys, name, None)\n"
        f"sys.argv = ['redflag_xlsx', *{args!r}]\n"
        "runpy.run_module('redflag_xlsx', run_name='__main__')\n"
    )
    shut = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    open_ = subprocess.run(
        [sys.executable, "-m", "redflag_xlsx", *args], capture_output=True, text=True
    )
    assert shut.returncode == open_.returncode
    assert "Traceback" not in shut.stderr
    if closed == "stdout":
        assert shut.stderr == open_.stderr  # the errors still reach the open stream
