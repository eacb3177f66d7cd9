"""The click layer of the command line (see :mod:`redflag_xlsx.cli`): the group :data:`cli`,
which every ``cmd_*`` module adds its commands to, the error handling of the commands
(:func:`handle_errors`) and the help in the chosen language (:func:`localize_help`)."""

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
from . import clicktext, quickhelp
from .terminal import StdoutClosed, quiet_stdout, safe_streams, tolerant_streams

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3

clicktext.install()  # before the decorators below: the texts they take are translated


class _HelpFormatter(click.HelpFormatter):
    """click's help layout, measured in terminal cells: a Chinese character is two cells wide,
    so the option texts line up, and they wrap between characters (:func:`.terminal.fit`)."""

    def write_dl(
        self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        self.write(
            quickhelp.definition_list(rows, self.width, self.current_indent, col_max, col_spacing)
        )


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


VERSION_HELP = "Show the version and exit."  # click's text for --version (the catalog's key)
LANG_KEY = "redflag_xlsx.lang"  # the group's --lang, in the root context's meta


def lang_from_group() -> str | None:
    """The ``--lang`` given before the command name, if any."""
    ctx = click.get_current_context(silent=True)
    return ctx.find_root().meta.get(LANG_KEY) if ctx is not None else None


lang_option = click.option(
    "--lang",
    type=click.Choice(["zh", "en"], case_sensitive=False),
    default=None,
    help=quickhelp.LANG_HELP_EN,
)


# its English help is quickhelp.GROUP_HELP_EN, which the top-level --help shows without click
@click.group(
    cls=_Group,
    help=quickhelp.GROUP_HELP_EN,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(package_name="redflag_xlsx")
@lang_option
@click.pass_context
def cli(ctx: click.Context, lang: str | None) -> None:
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
    """Import the command modules, in the order of :data:`.quickhelp.COMMANDS` (a quarter's
    work), then any other ``cmd_*`` module; each adds its commands to :data:`cli`."""
    import importlib
    import pkgutil

    package = sys.modules[__package__]
    order = [module for _name, module, _summary in quickhelp.COMMANDS]
    found = {
        m.name.removeprefix("cmd_")
        for m in pkgutil.iter_modules(package.__path__)
        if m.name.startswith("cmd_")
    }
    for name in [*[o for o in order if o in found], *sorted(found - set(order))]:
        importlib.import_module(f"{__package__}.cmd_{name}")


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
    # --version's help is click's own text, translated once when its decorator ran (in the
    # language of REDFLAG_LANG): again in this one
    for param in cli.params:
        if param.name == "version":
            param.help = clicktext.translations.gettext_in(VERSION_HELP, lang)
    for name, command in cli.commands.items():
        apply(command, "help", f"help.{name}")
        # the command list: click's own summary counts characters, not terminal cells
        command.short_help = None if lang == "en" else quickhelp.summary(command.help or "")
        _localize_params(command, name, apply, lang)


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


def run(args: list[str]) -> None:
    """The command line (:func:`redflag_xlsx.cli.main`) through click."""
    tolerant_streams()
    _register()
    sys.unraisablehook = _unraisable
    # click's own messages (usage errors naming a path, --help) are escaped and survive a
    # closed pipe too
    with safe_streams():
        try:
            try:
                cli.main(args=args, prog_name=quickhelp.PROG)
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
    "echo_error",
    "handle_errors",
    "lang_option",
    "localize_help",
    "run",
]
