"""``--help`` in Chinese by default (from the catalog), in English with --lang en (docstrings)."""

from __future__ import annotations

import re

import pytest

import redflag_xlsx.cli as cli_module
from redflag_xlsx.cli import cli, main

cli_module._register()
COMMANDS = list(cli.commands)
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def _english_help_afterwards():
    """main() localises the help of the shared command objects: leave them as other tests,
    which invoke ``cli`` directly, expect them (the docstrings)."""
    yield
    cli_module.localize_help("en")


def _help(capsys, *args: str) -> str:
    with pytest.raises(SystemExit) as exit_info:
        main([*args, "--help"])
    assert exit_info.value.code == 0
    return capsys.readouterr().out


def test_top_level_help_lists_every_command(capsys) -> None:
    text = _help(capsys)
    assert COMMANDS == [
        "init",
        "build-template",
        "status",
        "validate",
        "tally",
        "approve",
        "report",
        "history",
        "serve",
        "demo",
    ]
    listed = [line.split()[0] for line in text.split("命令:")[1].splitlines() if line.strip()]
    assert listed == COMMANDS
    assert "一个季度的工作" in text


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_has_chinese_help_for_itself_and_every_option(capsys, name) -> None:
    text = _help(capsys, name)
    assert "示例" in text and f"python -m redflag_xlsx {name}" in text
    command = cli.commands[name]
    for param in command.params:
        if getattr(param, "help", None):
            assert CJK.search(param.help), f"{name} {param.name}: {param.help}"


@pytest.mark.parametrize("name", COMMANDS)
def test_english_help_is_the_docstring(capsys, name) -> None:
    text = _help(capsys, name, "--lang", "en")
    first_line = cli.commands[name].callback.__doc__.strip().splitlines()[0]
    assert " ".join(first_line.split()) in " ".join(text.split())  # click re-wraps lines
    assert not CJK.search(text.split("Options:")[1].replace("红旗评选", ""))
    # and back to Chinese in the same process
    assert "示例" in _help(capsys, name)


def test_a_console_without_chinese_gets_replacements_not_a_crash(tmp_path) -> None:
    """Windows consoles and redirected output may use a legacy code page."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "redflag_xlsx",
            "demo",
            "--out",
            str(tmp_path),
            "--period",
            "2026Q4",
        ],
        capture_output=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr.decode("ascii", "replace")
    assert b"2026Q4" in proc.stdout and b"?" in proc.stdout
