"""The command line: a thin layer over the library.

Each command lives in a small module of this package, parses its arguments, makes one library
call, turns the library's errors into a message and an exit code, and prints.  Heavy imports
(pandas, openpyxl, xlsxwriter, rich) happen inside the commands, so ``--help`` stays fast.

This module imports nothing but :mod:`sys`: the click group and everything around it are in
:mod:`.app` (its names are also reachable from here, imported on first use), and the top-level
``--help`` is rendered without click by :mod:`.quickhelp` (click and the command modules cost
several times the start of Python itself; docs/performance.md, "Decisions").

Exit codes (SPEC 8): 0 ok, 1 problems in the inputs or the environment (a damaged or locked
ledger, a read-only or full disk), 2 wrong command-line usage (an option, a path that does not
exist, an output that exists without --force), 3 a bug in this program.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None, *, quick: bool = True) -> None:
    """Run the command line on ``argv`` (default: ``sys.argv[1:]``).  The top-level help comes
    from :mod:`.quickhelp` unless ``quick`` is false (the tests compare the two)."""
    args = list(sys.argv[1:] if argv is None else argv)
    _no_missing_streams()
    if quick:
        from .quickhelp import top_help

        top_help(args)  # exits when it was the top-level help; else returns
    from .app import run

    run(args)


def _no_missing_streams() -> None:
    """A standard stream the caller closed before the start (``>&-``, ``2>&-``: Python then
    has ``None`` for it) takes what is written to it into nothing, as a closed pipe does: the
    command runs and exits as it would, instead of a traceback about ``None``."""
    import os

    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))


def __getattr__(name: str) -> object:
    """``cli``, ``handle_errors``, ``EXIT_INPUT``…: the click layer, imported on first use."""
    import importlib  # not "from . import app": that asks this function for "app" again

    try:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(importlib.import_module(".app", __name__), name)
    except AttributeError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None


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
