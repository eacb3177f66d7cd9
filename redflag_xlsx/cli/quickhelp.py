"""``python -m redflag_xlsx --help`` without click: the top-level help, as click shows it.

Importing click and the ten command modules costs several times the start of Python itself;
the top-level help, the first thing a new user runs, needs neither.  :func:`top_help` renders it
from the same sources the click path uses (the catalog of :mod:`redflag_xlsx.core.i18n`, and the
English texts of the group and of the commands' first paragraphs kept here) with a copy of the
few pieces of click's layout it needs: the usage line, the help text, the options and the
commands, wrapped for the terminal's width as click wraps them.  Anything else on the command
line goes to click.  tests/test_cli_quickhelp.py checks that both give the same bytes (both
languages, ``-h`` and ``--help``, several widths) and that :data:`COMMANDS` lists the commands
click has, with their docstrings' first paragraphs.

Imports: the catalog and :mod:`.terminal` (for its cell measures and the safe streams), and
:mod:`textwrap` when rendering; never click.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Iterable

PROG = "python -m redflag_xlsx"

# The commands in the order of a quarter's work: (name, module cli/cmd_<module>.py, the first
# paragraph of its docstring, words joined by single spaces: what click shortens into the list
# of commands in English; the Chinese comes from the catalog's help.<name>).  app._register()
# imports the modules in this order.
COMMANDS: tuple[tuple[str, str, str], ...] = (
    (
        "init",
        "init",
        "Write roster.xlsx (the sample roster) and rules.toml (the seed rules) to edit, and "
        "winners.xlsx for the winners of quarters before the tool was used (history --import).",
    ),
    ("build-template", "template", "Write the blank, signed forms for a quarter."),
    (
        "status",
        "status",
        "Returns: every form the quarter expects, received or not, with its state.",
    ),
    (
        "validate",
        "validate",
        "Check filled forms: every wrong cell, with file, sheet, cell and how to fix it.",
    ),
    ("tally", "tally", "Tally the filled forms: results workbook, ranking per site, history."),
    (
        "approve",
        "approve",
        "Record the leaders' approval of a quarter, from the history ledger alone.",
    ),
    (
        "report",
        "report",
        "Write a quarter's results again from the history ledger alone (no forms needed).",
    ),
    (
        "history",
        "history",
        "Show each unit's quarters, wins and current streak from the history ledger.",
    ),
    (
        "serve",
        "serve",
        "The intake page: units and leaders upload their forms and see the findings at once.",
    ),
    (
        "demo",
        "demo",
        "Run a whole quarter on the sample roster: build, fill, status, tally, PDFs.",
    ),
)

# The group's English help (its Chinese is the catalog's help.cli); "\b": click keeps the
# paragraph's lines as they are.
GROUP_HELP_EN = """服务质量流动红旗 — quarterly service-quality award from spreadsheets.

\b
A quarter, step by step:
  python -m redflag_xlsx init                # roster.xlsx + rules.toml to edit
  python -m redflag_xlsx build-template      # forms to hand out
  python -m redflag_xlsx validate filled/    # check what came back
  python -m redflag_xlsx tally filled/       # results workbook

--lang (or REDFLAG_LANG=en) goes before or after the command name.
"""

# --lang's English help (its Chinese is the catalog's help.opt.lang)
LANG_HELP_EN = "Language of messages and sheets (default: REDFLAG_LANG or zh)."

_HELP = ("-h", "--help")
_LANGS = ("zh", "en")


def summary(text: str, cells: int = 50) -> str:
    """A command's one-line summary for the list of commands (in Chinese): its first sentence,
    cut to ``cells`` terminal cells."""
    from .terminal import cell_len, fit

    first = " ".join(text.split("\n\n")[0].split("。")[0].split())
    if cell_len(first) <= cells:
        return first
    return fit(first, cells - 1).splitlines()[0].rstrip("，、；：（ ") + "…"  # never inside a word


def definition_list(
    rows: Iterable[tuple[str, str]],
    width: int,
    indent: int,
    col_max: int = 30,
    col_spacing: int = 2,
) -> str:
    """click's two-column list of options or commands, measured in terminal cells: a Chinese
    character is two cells wide, so the texts line up, and they wrap between characters
    (:func:`.terminal.fit`).  ``width`` and ``indent``: the help formatter's."""
    from .terminal import cell_len, fit

    rows = list(rows)
    first_col = min(max((cell_len(a) for a, _ in rows), default=0), col_max) + col_spacing
    out: list[str] = []
    for first, second in rows:
        out.append(f"{' ' * indent}{first}")
        if not second:
            out.append("\n")
            continue
        if cell_len(first) <= first_col - col_spacing:
            out.append(" " * (first_col - cell_len(first)))
        else:
            out.append("\n" + " " * (first_col + indent))
        text_width = max(width - first_col - indent - 2, 10)
        lines = fit(" ".join(second.split()), text_width).splitlines() or [""]
        out.append(lines[0] + "\n")
        for line in lines[1:]:
            out.append(" " * (first_col + indent) + line + "\n")
    return "".join(out)


def top_help(args: list[str]) -> None:
    """When ``args`` ask for the top-level help (``-h`` or ``--help``, with at most a
    ``--lang zh|en`` before or after it) or are empty, print it as click would (to standard
    output and exit 0; with no arguments to standard error and exit 2, as click's group does)
    and exit.  Otherwise return: click handles the command line."""
    lang = _help_request(args)
    if lang is None:
        return
    from ..core.i18n import current_lang
    from .terminal import StdoutClosed, quiet_stdout, safe_streams, tolerant_streams

    text = render(current_lang(lang or None), terminal_width())
    tolerant_streams()
    with safe_streams():
        stream = sys.stderr if not args else sys.stdout
        try:
            try:
                stream.write(text + "\n")
            finally:
                stream.flush()
        except StdoutClosed:
            quiet_stdout(sys.stdout)
            sys.exit(0)
    sys.exit(2 if not args else 0)


def _help_request(args: list[str]) -> str | None:
    """``""`` (the language of ``REDFLAG_LANG``) or the ``--lang`` given when ``args`` are
    exactly a request for the top-level help; ``None`` for anything else."""
    if not args:
        return ""
    rest = list(args)
    helps = [a for a in rest if a in _HELP]
    if len(helps) != 1:
        return None
    rest.remove(helps[0])
    if not rest:
        return ""
    if len(rest) == 2 and rest[0] == "--lang":
        value = rest[1]
    elif len(rest) == 1 and rest[0].startswith("--lang="):
        value = rest[0].removeprefix("--lang=")
    else:
        return None
    return value.lower() if value.lower() in _LANGS else None


def terminal_width() -> int:
    """The width click's help formatter takes: the terminal's columns (``COLUMNS``, else the
    terminal of standard output, else 80; :func:`shutil.get_terminal_size`), at most 80, less
    2, and at least 50."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        stdout = sys.__stdout__
        try:
            columns = os.get_terminal_size(stdout.fileno()).columns if stdout is not None else 0
        except (AttributeError, ValueError, OSError):
            columns = 0
        columns = columns or 80
    return max(min(columns, 80) - 2, 50)


def render(lang: str, width: int) -> str:
    """The top-level help in ``lang`` for a terminal ``width`` wide, without the final newline:
    what click's :meth:`Group.get_help` gives for :data:`.app.cli`."""
    from ..core.i18n import CATALOG

    zh = lang == "zh"

    def click_text(english: str) -> str:  # clicktext.ClickTranslations
        entry = CATALOG.get("click:" + english)
        shown = (entry[0] if zh else entry[1] or None) if entry else None
        return shown or english

    def ours(english: str, *keys: str) -> str:  # app.localize_help
        for key in keys:
            if key in CATALOG:
                shown = CATALOG[key][0] if zh else CATALOG[key][1]
                if shown:
                    return shown
        return english

    out: list[str] = []
    # the usage line (click's HelpFormatter.write_usage)
    prefix = click_text("Usage:") + " "
    usage_prefix = f"{prefix}{PROG} "
    pieces = " ".join(
        CATALOG[k][0 if zh else 1] for k in ("click.options_metavar", "click.subcommand_metavar")
    )
    if width >= len(usage_prefix) + 20:
        out.append(_wrap(pieces, width, usage_prefix, " " * len(usage_prefix)))
    else:
        out.append(usage_prefix + "\n")
        indent = " " * (len(prefix) + 4)
        out.append(_wrap(pieces, width, indent, indent))
    out.append("\n")
    # the help text (Command.format_help_text)
    text = _cleandoc(ours(GROUP_HELP_EN, "help.cli")).partition("\f")[0]
    if text:
        out.append("\n")
        out.append(_wrap(text, width, "  ", "  ", paragraphs=True) + "\n")
    # the options (Command.format_options)
    options = [
        ("--version", click_text("Show the version and exit.")),
        ("--lang [zh|en]", ours(LANG_HELP_EN, "help.cli.lang", "help.opt.lang")),
        ("-h, --help", click_text("Show this message and exit.")),
    ]
    out.append(f"\n{click_text('Options')}:\n")
    out.append(definition_list(options, width, 2))
    # the commands (Group.format_commands)
    limit = width - 6 - max(len(name) for name, _module, _summary in COMMANDS)
    commands = []
    for name, _module, english in COMMANDS:
        if zh:
            short = _cleandoc(summary(ours(english, f"help.{name}"))).strip()
        else:
            short = _short_help(english, limit).strip()
        commands.append((name, short))
    out.append(f"\n{click_text('Commands')}:\n")
    out.append(definition_list(commands, width, 2))
    return "".join(out).rstrip("\n")


# --- the pieces of click's layout (click 8.5: click.formatting, click.utils, inspect) ---------


def _cleandoc(doc: str) -> str:
    """:func:`inspect.cleandoc` (importing :mod:`inspect` costs more than this whole help)."""
    lines = doc.expandtabs().split("\n")
    margin = min(
        (len(line) - len(line.lstrip()) for line in lines[1:] if line.lstrip()),
        default=0,
    )
    lines[0] = lines[0].lstrip()
    lines[1:] = [line[margin:] for line in lines[1:]]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return "\n".join(lines)


def _short_help(text: str, limit: int) -> str:
    """click's one-line summary of a command's help (``utils._make_default_short_help``): the
    first sentence of the first paragraph, shortened to ``limit`` characters."""
    words = text.partition("\n\n")[0].split()
    if words and words[0] == "\b":
        words = words[1:]
    if not words:
        return ""
    for i, word in enumerate(words):
        if word.endswith(".") and (i == len(words) - 1 or not words[i + 1][0].islower()):
            words = words[: i + 1]
            break
    short = " ".join(words)
    if len(short) <= limit:
        return short
    if limit < len("..."):
        return "..."
    import textwrap

    return textwrap.shorten(short, limit, placeholder="...", break_on_hyphens=False)


def _wrap(
    text: str, width: int, initial: str = "", subsequent: str = "", paragraphs: bool = False
) -> str:
    """click's ``formatting.wrap_text``: paragraphs re-wrapped to ``width`` characters, keeping
    each one's indentation; one that starts with a ``\\b`` line is kept as it is."""
    import textwrap

    class Wrapper(textwrap.TextWrapper):
        def _handle_long_word(
            self, chunks: list[str], line: list[str], used: int, width: int
        ) -> None:
            space = max(width - used, 1)  # click cuts where the line ends, not at a hyphen
            if self.break_long_words:
                line.append(chunks[-1][:space])
                chunks[-1] = chunks[-1][space:]
            elif not line:
                line.append(chunks.pop())

    text = text.expandtabs()
    wrapper = Wrapper(
        width, initial_indent=initial, subsequent_indent=subsequent, replace_whitespace=False
    )
    if not paragraphs:
        return wrapper.fill(text)
    found: list[tuple[int, bool, str]] = []
    buf: list[str] = []
    indent: int | None = None

    def flush() -> None:
        if buf:
            if buf[0].strip() == "\b":
                found.append((indent or 0, True, "\n".join(buf[1:])))
            else:
                found.append((indent or 0, False, " ".join(buf)))
            buf.clear()

    for line in text.splitlines():
        if not line:
            flush()
            indent = None
        else:
            if indent is None:
                stripped = line.lstrip()
                indent, line = len(line) - len(stripped), stripped
            buf.append(line)
    flush()
    out = []
    for extra, raw, paragraph in found:
        wrapper.initial_indent = initial + " " * extra
        wrapper.subsequent_indent = subsequent + " " * extra
        if raw:
            out.append(
                "\n".join(
                    (wrapper.initial_indent if i == 0 else wrapper.subsequent_indent) + line
                    for i, line in enumerate(paragraph.splitlines())
                )
            )
        else:
            out.append(wrapper.fill(paragraph))
    return "\n\n".join(out)
