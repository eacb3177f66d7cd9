"""Chinese all the way (SPEC 9, issue 17): every ``--help``, click's usage errors and a rules
file's mistakes in Chinese by default, with no run of English words left; ``--lang`` before or
after the command name; the same texts in English on request."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import redflag_xlsx.cli as cli_module
from redflag_xlsx.cli import cli, clicktext
from redflag_xlsx.core.i18n import CATALOG

cli_module._register()
COMMANDS = list(cli.commands)

# What may stay Latin in a Chinese text: options (--out, -r), codes (E_SELF_RATING, XZ02, PATHS),
# file and folder names (roster.xlsx, 结果/redflag_history.db, .redflag-key), the commands
# themselves, keys of a rules file (trim_min_count), environment variables, and a few names.
ALLOWED = re.compile(
    "|".join(sorted(COMMANDS, key=len, reverse=True)) + r"|--?[A-Za-z][\w-]*"  # options
    r"|\b[A-Z][A-Z0-9_]+\b"  # codes, metavars, variables
    r"|[\w.\-/<>]*\.(?:xlsx|xlsm|toml|db|txt|md|pdf|py)\b|\b[\w-]+/|redflag-demo"  # files
    r"|\.redflag-key"
    r"|python -m redflag_xlsx|redflag_xlsx(?:\[serve\])?|pip install"
    r"|\b[a-z]+(?:_[a-z]+)+\b"  # keys of a rules file, snake_case
    r"|\d+(?:Q\d)?"  # numbers, quarters (2026Q4)
    r"|\[?zh\|en\]?|\bCtrl-C\b"
)
QUOTED = re.compile(r"“[^”]*”|'[^'\n]*'|\"[^\"\n]*\"")
NAMES = {
    "TOML",
    "JSON",
    "SQLite",
    "Excel",
    "WPS",
    "LibreOffice",
    "COUNTIFS",
    "Q",
    "scoring",
    "mean",
    "trimmed",
    "zh",
    "en",
    "x",
    "UUID",
}


def english_words(text: str) -> list[str]:
    """Latin words of a Chinese text that are not an option, code, file name, command or key."""
    rest = QUOTED.sub(" ", text)  # what the user typed, a key: shown in quotes
    rest = ALLOWED.sub(" ", rest)
    words = re.findall(r"[A-Za-z]{2,}(?:['’][a-z]+)?", rest)
    return [w for w in words if w not in NAMES]


def test_english_words_catches_what_the_clerk_met() -> None:
    assert english_words("Usage: python -m redflag_xlsx tally [OPTIONS] PATHS...") == ["Usage"]
    assert english_words("Error: Missing argument 'PATHS...'.") == ["Error", "Missing", "argument"]
    assert english_words("Input should be a valid number") != []
    assert (
        english_words("错误：缺少参数 'PATHS...'，见 roster.xlsx、--out 结果、E_SELF_RATING") == []
    )


def run(*args: str, env: dict[str, str] | None = None) -> click.testing.Result:
    return CliRunner().invoke(
        cli, list(args), env={"REDFLAG_LANG": "", **(env or {})}, prog_name="python -m redflag_xlsx"
    )


@pytest.mark.parametrize("name", [None, *COMMANDS])
def test_every_help_is_chinese(name: str | None) -> None:
    result = run(*([name] if name else []), "--help")
    assert result.exit_code == 0, result.output
    assert english_words(result.output) == [], result.output
    assert "用法:" in result.output and "选项:" in result.output and "显示本帮助" in result.output


USAGE_ERRORS = [
    ("validate",),  # a missing argument
    ("tally", "--bogus", "x"),  # no such option, with a suggestion
    ("tally", "x", "--lang", "fr"),  # not one of the choices
    ("tally", "x", "--period"),  # an option without its value
    ("validate", "x", "--history", "no-such.db"),  # a path that does not exist
    ("serve", "no-such-folder"),
    ("serve", ".", "--port", "abc"),  # not a number
    ("serve", ".", "--port", "99999"),  # out of range
    ("init", "a", "b"),  # an extra argument
    ("talley",),  # no such command
    (),  # no command
]


@pytest.mark.parametrize("args", USAGE_ERRORS, ids=lambda a: " ".join(a) or "nothing")
def test_usage_errors_are_chinese(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert english_words(result.output) == [], result.output
    assert "错误：" in result.output or "用法:" in result.output


RULES_ERRORS = {
    "number": ('[weights]\nquality = "x"\n', "第 2 行", "weights.quality", "应为数字"),
    "choice": ('peer_aggregation = "median"\n', "第 1 行", "peer_aggregation", "“mean”、“trimmed”"),
    "minimum": ("\n\ntrim_min_count = 2\n", "第 3 行", "trim_min_count", "不能小于 3"),
    "unknown": ("[items.inspection_minor]\npointz = 1\n", "第 2 行", "pointz", "未知的参数"),
    "item": ("[items.nope]\npoints = 1\n", "第 1 行", "items.nope", "没有编号为“nope”"),
    "table": ("weights = 3\n", "第 1 行", "weights", "应为一个表"),
    "sum": ("[weights]\nquality = 0.9\n", "第 1 行", "weights", "权重之和必须为 1"),
    "missing": ("[[reward_tiers]]\nmin_streak = 1\n", "第 1 行", "reward_tiers.points", "缺少"),
    "toml_equals": ("a = 1\nweights 1\n", "第 2 行第 9 列", "TOML", "缺少等号"),
    "toml_twice": ("base_score = 1\nbase_score = 2\n", "第 2 行", "TOML", "写了两次"),
    "toml_value": ("base_score = abc\n", "第 1 行", "TOML", "值写法不对"),
    "toml_table": ("[weights\n", "第 1 行", "TOML", "方括号"),
}


@pytest.mark.parametrize("case", RULES_ERRORS)
def test_rules_file_errors_name_key_and_line_in_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    monkeypatch.chdir(tmp_path)  # a rules file that is right after all would leave a key here
    text, line, key, words = RULES_ERRORS[case]
    rules = tmp_path / "rules.toml"
    rules.write_text(text, encoding="utf-8")
    result = run("build-template", "--rules", str(rules), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1, result.output
    assert f"rules.toml {line}" in result.output and key in result.output, result.output
    assert words in result.output, result.output
    assert english_words(result.output.replace(str(tmp_path), "")) == [], result.output
    english = run("build-template", "--rules", str(rules), "--out", str(tmp_path), "--lang", "en")
    assert "line" in english.output and not re.search(
        r"[\u4e00-\u9fff]", english.output.replace("机关大楼", "")
    )


@pytest.mark.parametrize(
    "args",
    [
        ("--lang", "en", "--help"),
        ("--lang", "en", "tally", "--help"),
        ("tally", "--help", "--lang", "en"),
        ("--lang=en", "validate"),
    ],
)
def test_lang_before_or_after_the_command(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert "Usage:" in result.output and "用法" not in result.output, result.output


def test_lang_before_the_command_reaches_the_command(tmp_path: Path) -> None:
    result = run("--lang", "en", "validate", str(tmp_path / "nothing-here.xlsx"))
    assert result.exit_code == 2 and "no such file" in result.output.lower(), result.output


def test_redflag_lang_chooses_english() -> None:
    result = run("tally", env={"REDFLAG_LANG": "en"})
    assert "Error: Missing argument" in result.output
    assert "错误" in run("tally").output  # and back to Chinese


def _click_texts() -> set[str]:
    """Every text click's source wraps in gettext (``_(…)``, ``ngettext(…)``)."""
    found: set[str] = set()
    for source in Path(click.__file__).parent.glob("*.py"):
        if source.name in ("_termui_impl.py", "_winconsole.py", "shell_completion.py"):
            continue  # the editor, Windows' console, shell completion: never shown here
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("_", "ngettext"):
                found |= {
                    a.value
                    for a in node.args
                    if isinstance(a, ast.Constant) and isinstance(a.value, str)
                }
    return found - {"d"} - FOR_DEVELOPERS  # "d": a unit of time in the progress bar


# click's texts for mistakes in a program's own definition of its commands (raised while the
# commands are built, never to a clerk), for features not used here (colours, deprecation)
FOR_DEVELOPERS = {
    "Arguments take exactly one parameter declaration, got {length}: {decls}.",
    "Could not determine name for option with declarations {decls!r}",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument "
    "instead? Did you mean to pass '--{name}'?",
    "Name '{name}' defined twice",
    "Boolean option {decl!r} cannot use the same flag for true/false.",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}",
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}",
    "Unknown color {colour!r}",
    "Unknown standard stream '{name}'",
    "Choice({choices})",
}


def test_every_click_text_is_in_the_catalog() -> None:
    """A click upgrade that adds a text fails here: give it its Chinese in the catalog."""
    missing = sorted(t for t in _click_texts() if clicktext.CLICK_PREFIX + t not in CATALOG)
    assert missing == []
    for key, (zh, _) in CATALOG.items():
        if key.startswith(clicktext.CLICK_PREFIX):  # the same placeholders as click's text
            names = set(re.findall(r"\{(\w+)", key)) | set(re.findall(r"%\((\w+)\)", key))
            assert set(re.findall(r"\{(\w+)", zh)) | set(re.findall(r"%\((\w+)\)", zh)) <= names
