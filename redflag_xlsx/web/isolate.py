"""Run one function in a child process with a time limit (each upload is checked this way).

A hostile or broken file can make the reader slow or crash it; in a child process that costs
only the child: past the time limit it is killed, and the server goes on.  The child is forked
from a server process that has imported the reader already (``forkserver``, where the system
has it), so a check starts in milliseconds; elsewhere (Windows) it is a fresh interpreter.
Standard library only.
"""

from __future__ import annotations

import functools
import multiprocessing
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

__all__ = ["WorkerFailed", "WorkerTimeout", "run_isolated"]

PRELOAD = ["redflag_xlsx.web.check"]


class WorkerTimeout(Exception):
    """The child did not finish within its time limit (it was killed)."""


class WorkerFailed(Exception):
    """The child raised an exception or died; the message says what happened."""


@functools.cache
def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if ctx.get_start_method() == "forkserver":
        ctx.set_forkserver_preload(PRELOAD)
    return ctx


def run_isolated(func: Callable[..., Any], args: tuple[Any, ...], timeout: float) -> Any:
    """``func(*args)`` in a child process; its result (picklable), or :class:`WorkerTimeout`
    after ``timeout`` seconds, or :class:`WorkerFailed`.  ``func`` must be importable by name
    (a module-level function)."""
    ctx = _context()
    receiver, sender = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(sender, func, args), daemon=True)
    proc.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise WorkerTimeout(f"no result after {timeout:g} s")
        try:
            ok, value = receiver.recv()
        except (EOFError, OSError):
            raise WorkerFailed(f"the worker process ended (exit code {proc.exitcode})") from None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(10)
        receiver.close()
    if not ok:
        raise WorkerFailed(value)
    return value


def _child(sender: Connection, func: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        result: tuple[bool, Any] = (True, func(*args))
    except BaseException:
        result = (False, traceback.format_exc(limit=-8))
    sender.send(result)
    sender.close()
