"""Hostile environments built for real, for the SPEC 8 tests: the command line in a child
process, as another user, on a read-only or full file system, killed at a chosen point.

Everything here sets up what it needs with the real system (``mount``, ``os.setuid``,
``os.fork``, ``SIGKILL``) and fails loudly -- never skips -- when that setup does not work: a
test that cannot build its hostile situation proves nothing.  Linux only (the tests run as root
in CI, like here).
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import pkgutil
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import redflag_xlsx
from redflag_xlsx.xlsx.files import TEMP_PREFIX

NOBODY = 65534


@dataclass
class Ran:
    code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def cli(*args: object, cwd: Path | None = None, timeout: float = 60, **env: str) -> Ran:
    """``python -m redflag_xlsx ARGS`` in a fresh process (``env`` added to the environment)."""
    proc = subprocess.run(
        [sys.executable, "-m", "redflag_xlsx", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
        env={**os.environ, **env},
        check=False,
    )
    return Ran(proc.returncode, proc.stdout, proc.stderr)


def temporaries(*folders: Path) -> list[Path]:
    """Every temporary file of ours in ``folders`` (and their sub-folders)."""
    found: list[Path] = []
    for folder in folders:
        if folder.exists():
            found += [p for p in folder.rglob("*") if p.name.startswith(TEMP_PREFIX)]
    return found


def periods(db: Path) -> list[str]:
    """The periods a ledger holds (read with sqlite3 directly; [] when there is no file)."""
    if not db.exists():
        return []
    conn = sqlite3.connect(db)
    try:
        return [r[0] for r in conn.execute("SELECT period FROM period ORDER BY period")]
    finally:
        conn.close()


def dump(db: Path) -> list[str]:
    """A ledger's content as SQL (the notes of pending placements left out: they come and go)."""
    conn = sqlite3.connect(db)
    try:
        return [line for line in conn.iterdump() if "pending_output" not in line]
    finally:
        conn.close()


def snapshot(*folders: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for f in folders for p in sorted(f.rglob("*")) if p.is_file()}


# --- mounts -------------------------------------------------------------------------------------
def _run(*cmd: str) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"setup failed: {' '.join(cmd)}: {done.stderr}"


@contextlib.contextmanager
def tmpfs(where: Path, *, size: str = "4m", fill: Callable[[Path], None] | None = None,
          read_only: bool = False) -> Iterator[Path]:  # fmt: skip
    """A fresh tmpfs of ``size`` at ``where``; ``fill(where)`` runs while it is writable, then
    it is remounted read-only if asked.  Unmounted afterwards."""
    where.mkdir(parents=True, exist_ok=True)
    _run("mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(where))
    try:
        if fill is not None:
            fill(where)
        if read_only:
            _run("mount", "-o", "remount,ro", str(where))
            probe = where / ".probe"
            try:
                probe.write_bytes(b"x")
            except OSError:
                pass
            else:
                raise AssertionError(f"setup failed: {where} is still writable")
        yield where
    finally:
        _run("umount", str(where))


def fill_up(folder: Path, leave: int = 0) -> None:
    """Fill the file system of ``folder`` until fewer than ``leave`` bytes are free."""
    with open(folder / "filler.bin", "wb") as fh:
        block = b"\0" * 4096
        try:
            while True:
                st = os.statvfs(folder)
                if st.f_bavail * st.f_frsize <= leave:
                    break
                fh.write(block)
                fh.flush()
        except OSError:
            pass
    free = os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize
    assert free <= max(leave, 4096), f"setup failed: {free} bytes still free"


@contextlib.contextmanager
def world_folder() -> Iterator[Path]:
    """A folder under /tmp that every user may enter and read but only root may write."""
    path = Path(tempfile.mkdtemp(prefix="redflag-world-", dir="/tmp"))
    os.chmod(path, 0o755)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


# --- in a forked child: as another user, or killed at a chosen point -----------------------------
def _import_everything() -> None:
    """Import the whole package and the libraries it loads lazily, while still allowed to read
    them (the virtual environment may be private to root)."""
    for info in pkgutil.walk_packages(redflag_xlsx.__path__, "redflag_xlsx."):
        with contextlib.suppress(ImportError):
            importlib.import_module(info.name)
    for name in (
        "openpyxl", "openpyxl.comments", "openpyxl.styles", "xlsxwriter", "xlsxwriter.exceptions",
        "rich.console", "rich.table", "rich.text", "rich.progress", "rich.cells", "rich.markup",
        "defusedxml.ElementTree", "sqlite3", "click.testing", "encodings.idna",
    ):  # fmt: skip
        importlib.import_module(name)


def in_child(
    args: list[str],
    *,
    cwd: Path,
    user: int | None = None,
    prepare: Callable[[], None] | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 60,
) -> Ran:
    """Run the command line (click's test runner) in a forked child, after ``prepare()`` (to
    patch something) and as ``user`` when given (privileges dropped for real: groups, gid, uid).
    """
    _import_everything()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        code = 99
        try:
            os.close(read_fd)
            os.chdir(cwd)
            os.environ.update(env or {})
            if prepare is not None:
                prepare()
            if user is not None:
                os.setgroups([])
                os.setgid(user)
                os.setuid(user)
                assert os.getuid() == user and os.geteuid() == user
            from click.testing import CliRunner

            import redflag_xlsx.cli as cli_mod

            cli_mod._register()
            result = CliRunner().invoke(cli_mod.cli, args)
            exc = result.exception
            crash = "" if exc is None or isinstance(exc, SystemExit) else repr(exc)
            doc = {"code": result.exit_code, "stdout": result.stdout,
                   "stderr": result.stderr + crash}  # fmt: skip
            os.write(write_fd, json.dumps(doc).encode())
            code = 0
        except BaseException as exc:  # report, never run on as the parent
            with contextlib.suppress(Exception):
                os.write(
                    write_fd, json.dumps({"code": -1, "stdout": "", "stderr": repr(exc)}).encode()
                )
        finally:
            os._exit(code)
    os.close(write_fd)
    chunks = []
    with os.fdopen(read_fd, "rb") as fh:
        ready, _w, _x = select.select([fh], [], [], timeout)
        assert ready, "the child did not answer in time"
        chunks.append(fh.read())
    os.waitpid(pid, 0)
    doc = json.loads(b"".join(chunks) or b'{"code": -2, "stdout": "", "stderr": "no answer"}')
    return Ran(doc["code"], doc["stdout"], doc["stderr"])


def killed_at(
    args: list[str], *, cwd: Path, pause: Callable[[Callable[[], None]], None],
    env: dict[str, str] | None = None, timeout: float = 60,
) -> None:  # fmt: skip
    """Run the command line in a forked child and SIGKILL it where ``pause`` stops it.

    ``pause(stop)`` patches the code (in the child only); the patched code calls ``stop()``
    where the run must die.  Fails when the child never gets there."""
    _import_everything()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(read_fd)
            os.chdir(cwd)
            os.environ.update(env or {})

            def stop() -> None:
                os.write(write_fd, b"!")
                while True:
                    signal.pause()

            pause(stop)
            from click.testing import CliRunner

            import redflag_xlsx.cli as cli_mod

            cli_mod._register()
            CliRunner().invoke(cli_mod.cli, args)
        finally:
            os._exit(0)  # never reached at the stop
    os.close(write_fd)
    try:
        ready, _w, _x = select.select([read_fd], [], [], timeout)
        reached = bool(ready) and os.read(read_fd, 1) == b"!"
        os.kill(pid, signal.SIGKILL)
    finally:
        os.waitpid(pid, 0)
        os.close(read_fd)
    assert reached, "the run ended before reaching the point where it should be killed"
