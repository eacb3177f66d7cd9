"""How many processes read or write many workbooks, and whether they may be started at all.

The reader (``intake.reader``) reads a quarter's forms and ``build-template`` (``forms.templates``)
writes them with a pool of worker processes from :data:`POOL_MIN_FILES` files on; both ask
:func:`count`.  Workers are always *spawned* (as on Windows, also where fork is the default, so
that a server's threads are never forked), and only where that cannot run the caller's work again
(:func:`spawn_safe`).  ``REDFLAG_WORKERS=N`` sets the number (1: never a pool).
docs/performance.md ("Every core") has the measurements behind the numbers.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import sys
from pathlib import Path

__all__ = ["POOL_FILES_PER_WORKER", "POOL_MIN_FILES", "WORKERS_ENV", "count", "spawn_safe"]

# A spawned worker costs about 0.3 s to start (importing the package and its libraries) and
# reading or writing a form 5-25 ms; below about a hundred files one process is as fast.
POOL_MIN_FILES = 100
POOL_FILES_PER_WORKER = 50
WORKERS_ENV = "REDFLAG_WORKERS"

_MAIN_GUARD = re.compile(r"""if\s+__name__\s*==\s*["']__main__["']\s*:""")


def count(n_files: int, workers: int | None = None) -> int:
    """How many processes handle ``n_files`` files: ``workers`` if given, else
    ``REDFLAG_WORKERS``, else one per :data:`POOL_FILES_PER_WORKER` files up to the cores this
    process may use, from :data:`POOL_MIN_FILES` files on (1: all in this process)."""
    if workers is None:
        try:
            workers = int(os.environ.get(WORKERS_ENV, "") or 0) or None
        except ValueError:
            workers = None
    if workers is None:
        if n_files < POOL_MIN_FILES or not spawn_safe():
            return 1
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
        workers = min(cores or os.cpu_count() or 1, n_files // POOL_FILES_PER_WORKER)
    return max(1, min(workers, n_files))


def spawn_safe() -> bool:
    """Whether worker processes may be spawned without running the caller's work again.

    A spawned worker first imports the parent's main module, except a package's ``__main__``
    (``python -m redflag_xlsx``, ``python -m pytest``); a script run by its path is imported
    as ``__mp_main__``, so an unguarded script calling the reader or the form builder would
    start the whole run again in each worker (multiprocessing then refuses and the pool never
    fills).  Safe: no main file (an interactive session), a package's ``__main__``, or a main
    script with the ``if __name__ == "__main__":`` guard (pip's ``redflag`` script has one).
    Never inside a worker itself."""
    if multiprocessing.parent_process() is not None:
        return False
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    spec = getattr(main, "__spec__", None)
    if path is None or (spec is not None and spec.name.endswith("__main__")):
        return True
    try:
        source = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return bool(_MAIN_GUARD.search(source))


def chunk_size(n_files: int, n_workers: int) -> int:
    """Files sent to a worker at a time: enough to keep the messages few, few enough that the
    workers finish together."""
    return max(1, min(16, n_files // (n_workers * 8)))
