"""The command line: a thin layer over the library.

Each command lives in a small module of this package, parses its arguments, makes one library
call, turns the library's errors into a message and an exit code, and prints.  Heavy imports
(pandas, openpyxl, xlsxwriter, rich) happen inside the commands, so ``--help`` stays fast.

Exit codes (SPEC 8): 0 ok, 1 problems in the inputs or the environment (a damaged or locked
ledger, a read-only or full disk), 2 wrong command-line usage (an option, a path that does not
exist, an output that exists without --force), 3 a bug in this program.
"""

from __future__ import annotations

import functools
import os
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterable
from typing import Any

import click

from ..core.errors import RedflagError, UsageError, os_reason
from ..core.i18n import current_lang, t
from ..core.safe_text import terminal_text
from . import clicktext
from .terminal import StdoutClosed, quiet_stdout, safe_streams

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3

clicktext.install()  # before the decorators below: the texts they take are translated


class _HelpFormatter(click.HelpFormatter):
    """click's help layout, measured in terminal cells: a Chinese character is two cells wide,
    so the option texts line up, and they wrap between characters (:func:`.terminal.fit`)."""

    def write_dl(
        self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        from .terminal import cell_len, fit

        rows = list(rows)
        first_col = min(max((cell_len(a) for a, _ in rows), default=0), col_max) + col_spacing
        indent = " " * self.current_indent
        for first, second in rows:
            self.write(f"{indent}{first}")
            if not second:
                self.write("\n")
                continue
            if cell_len(first) <= first_col - col_spacing:
                self.write(" " * (first_col - cell_len(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            width = max(self.width - first_col - self.current_indent - 2, 10)
            lines = fit(" ".join(second.split()), width).splitlines() or [""]
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(" " * (first_col + self.current_indent) + line + "\n")


class _Context(click.Context):
    formatter_class = _HelpFormatter


class RedflagCommand(click.Command):
    """Every command of :data:`cli` (the group's ``command_class``): its usage line says
    ``[选项]`` in the chosen language; click's own texts come from the catalog
    (:mod:`.clicktext`)."""

    context_class = _Context

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        return [_metavar(p) for p in super().collect_usage_pieces(ctx)]


class _Group(click.Group):
    """Keeps the commands in the order they were added (the order of a quarter's work); when
    invoked it chooses the language of everything click shows (``--lang`` before or after the
    command name, else ``REDFLAG_LANG``, else Chinese) and gives every command its help in it."""

    command_class = RedflagCommand
    context_class = _Context

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        if parent is None:  # invoked: python -m redflag_xlsx …, or a test's CliRunner
            lang = _argv_lang(args)
            clicktext.use(lang)
            localize_help(current_lang(lang))
        return super().make_context(info_name, args, parent, **extra)

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        return [_metavar(p) for p in super().collect_usage_pieces(ctx)]


def _metavar(piece: str) -> str:
    """click's ``[OPTIONS]`` and ``COMMAND [ARGS]...`` in the chosen language."""
    lang = current_lang(clicktext.translations.lang)
    if piece == "[OPTIONS]":
        return t("click.options_metavar", lang)
    if piece == "COMMAND [ARGS]...":
        return t("click.subcommand_metavar", lang)
    return piece


LANG_KEY = "redflag_xlsx.lang"  # the group's --lang, in the root context's meta


def lang_from_group() -> str | None:
    """The ``--lang`` given before the command name, if any."""
    ctx = click.get_current_context(silent=True)
    return ctx.find_root().meta.get(LANG_KEY) if ctx is not None else None


lang_option = click.option(
    "--lang",
    type=click.Choice(["zh", "en"], case_sensitive=False),
    default=None,
    help="Language of messages and sheets (default: REDFLAG_LANG or zh).",
)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="redflag_xlsx")
@lang_option
@click.pass_context
def cli(ctx: click.Context, lang: str | None) -> None:
    """服务质量流动红旗 — quarterly service-quality award from spreadsheets.

    \b
    A quarter, step by step:
      python -m redflag_xlsx init                # roster.xlsx + rules.toml to edit
      python -m redflag_xlsx build-template      # forms to hand out
      python -m redflag_xlsx validate filled/    # check what came back
      python -m redflag_xlsx tally filled/       # results workbook

    --lang (or REDFLAG_LANG=en) goes before or after the command name.
    """
    ctx.meta[LANG_KEY] = lang


def echo_error(message: str) -> None:
    try:
        click.echo(message, err=True)
    except StdoutClosed:  # stderr closed too: nothing left to tell
        pass


def handle_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the library's errors into one clear message and an exit code, never a traceback.

    Messages are rendered in the command's ``--lang`` (else ``REDFLAG_LANG``, else Chinese).
    Exit codes (SPEC 8): 0 ok; 1 problems in the inputs or the environment (a damaged or
    locked ledger, a read-only or full disk, a file that cannot be written: one line saying
    what to do); 2 wrong usage; 3 a bug, whose traceback is saved to a file and the user told
    where.  Output to a closed pipe (``| head``) ends quietly with exit 0.  Everything printed
    has its control characters escaped (:mod:`.terminal`).
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if "lang" in kwargs and kwargs["lang"] is None:  # --lang before the command name
            kwargs["lang"] = lang_from_group()
        lang = current_lang(kwargs.get("lang"))
        sys.unraisablehook = _unraisable
        with safe_streams():
            try:
                try:
                    return func(*args, **kwargs)
                finally:
                    sys.stdout.flush()  # a closed pipe shows here, not at the interpreter's exit
            except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
                raise
            except StdoutClosed:
                quiet_stdout(sys.stdout)
                sys.exit(EXIT_OK)
            except UsageError as exc:
                raise click.UsageError(terminal_text(exc.text(lang))) from None
            except RedflagError as exc:
                echo_error(exc.text(lang))
                sys.exit(exc.exit_code)
            except KeyboardInterrupt:
                echo_error("已中断 / interrupted")
                sys.exit(130)
            except MemoryError:
                echo_error(t("env_no_memory", lang))
                sys.exit(EXIT_INPUT)
            except OSError as exc:  # the environment: a disk, a folder, a file held elsewhere
                echo_error(_environment(exc, lang))
                sys.exit(EXIT_INPUT)
            except Exception:  # a bug: keep the details, show a short message
                echo_error(_bug_report(lang))
                sys.exit(EXIT_BUG)

    return wrapper


def _unraisable(info: Any) -> None:
    """An error in a clean-up Python cannot report (a half-written zip's ``__del__`` on a full
    disk) would print a traceback: the command has already said what went wrong."""


def _environment(exc: OSError, lang: str) -> str:
    detail = os_reason(exc)
    if exc.filename is not None:
        return t("env_error", lang, file=exc.filename, detail=detail)
    return t("env_error_nofile", lang, detail=detail)


def _bug_report(lang: str) -> str:
    """Save the traceback being handled to a file; the one line to show."""
    details = traceback.format_exc()
    try:
        fd, path = tempfile.mkstemp(prefix="redflag-crash-", suffix=".txt")
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as fh:
            fh.write(details)
    except OSError as exc:  # the temporary folder is full or read-only: say so, still no traceback
        reason = os_reason(exc)
        if lang == "en":
            return (
                f"Internal error in redflag_xlsx (a bug); its details could not be saved ({reason})"
            )
        return f"redflag_xlsx 内部错误（程序缺陷）；详细信息无法保存（{reason}）"
    if lang == "en":
        return f"Internal error in redflag_xlsx (a bug). Details saved to {path}"
    return f"redflag_xlsx 内部错误（程序缺陷）。详细信息已保存到 {path}"


def _register() -> None:
    """Import the command modules; each adds its commands to :data:`cli`."""
    import importlib
    import pkgutil

    order = [
        "init",
        "template",
        "status",
        "validate",
        "tally",
        "approve",
        "report",
        "history",
        "serve",
        "demo",
    ]
    found = {
        m.name.removeprefix("cmd_")
        for m in pkgutil.iter_modules(__path__)
        if m.name.startswith("cmd_")
    }
    for name in [*[o for o in order if o in found], *sorted(found - set(order))]:
        importlib.import_module(f"{__name__}.cmd_{name}")


def localize_help(lang: str) -> None:
    """Give the group, every command and every option its Chinese help from the catalog.

    English help is each command's docstring and option text (the catalog's English column
    for ``help.*`` is empty).  Options without a text of their own use ``help.opt.<name>``.
    """
    from ..core.i18n import CATALOG

    def text(key: str) -> str | None:
        if key not in CATALOG:
            return None
        zh, en = CATALOG[key]
        return (en or None) if lang == "en" else zh

    def apply(obj: Any, attr: str, *keys: str) -> None:
        english = obj.__dict__.setdefault(f"_{attr}_en", getattr(obj, attr))
        setattr(obj, attr, next((v for v in map(text, keys) if v), english))

    apply(cli, "help", "help.cli")
    _localize_params(cli, "cli", apply, lang)
    for name, command in cli.commands.items():
        apply(command, "help", f"help.{name}")
        # the command list: click's own summary counts characters, not terminal cells
        command.short_help = None if lang == "en" else _summary(command.help or "")
        _localize_params(command, name, apply, lang)


def _summary(text: str, cells: int = 50) -> str:
    """A command's one-line summary for the list of commands: its first sentence, cut to
    ``cells`` terminal cells."""
    from .terminal import cell_len, fit

    first = " ".join(text.split("\n\n")[0].split("。")[0].split())
    if cell_len(first) <= cells:
        return first
    return fit(first, cells - 1).splitlines()[0].rstrip("，、；：（ ") + "…"  # never inside a word


def _localize_params(
    command: click.Command, name: str, apply: Callable[..., None], lang: str
) -> None:
    """The options' help, the -h/--help option's (made again in the chosen language), the word
    click uses for a path (文件, 文件夹, 路径) in its errors, and the names of the values in the
    usage line and the help (``--period 季度``, ``文件或文件夹...``): ``metavar.<name>`` in the
    catalog, else one for the value's type (``metavar.type.<type>``)."""
    from ..core.i18n import CATALOG

    command._help_option = None  # click keeps it once made: made again in this language
    for param in command.params:
        if isinstance(param, click.Option) and param.help:
            apply(param, "help", f"help.{name}.{param.name}", f"help.opt.{param.name}")
        kind = param.type
        if isinstance(kind, click.Path):
            word = "file" if not kind.dir_okay else "directory" if not kind.file_okay else "path"
            kind.name = clicktext.translations.gettext(word)
        english = param.__dict__.setdefault("_metavar_en", param.metavar)
        if (isinstance(param, click.Option) and param.is_flag) or isinstance(kind, click.Choice):
            continue
        own, of_type = f"metavar.{param.name}", f"metavar.type.{kind.name}"
        shown = (
            t(own, lang)
            if own in CATALOG
            else kind.name
            if isinstance(kind, click.Path)
            else t(of_type, lang)
            if of_type in CATALOG
            else None
        )
        if lang == "en" or shown is None:
            param.metavar = english
            continue
        if isinstance(param, click.Argument) and param.nargs != 1:
            shown += "..."
        param.metavar = shown


def _argv_lang(argv: list[str]) -> str | None:
    """The language named by ``--lang`` anywhere on the command line (before or after the
    command's name), so that click's own texts are in it from the start."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1].lower()
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1].lower()
    return None


def _tolerant_streams() -> None:
    """Never crash on a character the console's code page lacks (a Windows console or a
    redirected output in GBK, say): print a replacement instead."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):  # pragma: no cover - a stream that cannot change
                pass


def main(argv: list[str] | None = None) -> None:
    _tolerant_streams()
    _register()
    args = list(sys.argv[1:] if argv is None else argv)
    sys.unraisablehook = _unraisable
    # click's own messages (usage errors naming a path, --help) are escaped and survive a
    # closed pipe too
    with safe_streams():
        try:
            try:
                cli.main(args=args, prog_name="python -m redflag_xlsx")
            finally:
                sys.stdout.flush()
        except StdoutClosed:
            quiet_stdout(sys.stdout)
            sys.exit(EXIT_OK)


__all__ = [
    "EXIT_BUG",
    "EXIT_INPUT",
    "EXIT_OK",
    "EXIT_USAGE",
    "cli",
    "handle_errors",
    "lang_option",
    "main",
]
