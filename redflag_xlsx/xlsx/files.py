"""Putting an output file in place without ever losing one (SPEC 8, "Nothing lost").

Every file this package writes is first written in full under a temporary name in the target's
own folder, ``.redflag-tmp-<host>-<pid>-<token>-<tag>-<name>``, and only then placed under its
final name in one step:

* :func:`place_new` links it there *create-exclusive* (``os.link`` fails when the name exists),
  so an existing file, an input above all, is never replaced, and "exists, give --force" holds
  when two runs race for one name;
* :func:`place_unique` does the same under ``name``, ``name (2)``, ``name (3)`` ... until a
  name that exists nowhere is free (annotated copies, even into the inbox itself);
* :class:`Placement` puts a file in place in a way that can be undone (replacing an existing
  file keeps it under a backup name until :meth:`Placement.finish`): the results workbook and
  its ledger revision are one outcome (:meth:`redflag_xlsx.ledger.Ledger.record`).

A run that is killed leaves at most its temporary files; :func:`remove_stale` (called by the
next run that writes into that folder) removes the temporary files of runs that are no longer
alive -- only names with this module's prefix, never anything else.  File systems without hard
links (FAT or exFAT USB sticks) get the same outcomes by copying into an exclusively created
file instead, without the guarantee for a run killed in the middle of that copy.

Standard library only; nothing here is POSIX-only (the process check uses the Windows API on
Windows).
"""

from __future__ import annotations

import errno
import gc
import hashlib
import os
import secrets
import shutil
import socket
import stat
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "PARTS_PREFIX",
    "TEMP_PREFIX",
    "Placement",
    "StaleTemp",
    "is_regular_or_missing",
    "parse_temp",
    "pid_alive",
    "place_new",
    "place_unique",
    "remove_stale",
    "remove_stale_parts",
    "same_file",
    "temp_path",
    "write_temp",
]

TEMP_PREFIX = ".redflag-tmp-"
PARTS_PREFIX = "redflag-parts-"  # xlsxwriter's row files, in the system's temporary folder
FOREIGN_HOST_AGE = 24 * 3600  # a temporary file of another computer (a network share) is stale
# after a day
_LINK_UNSUPPORTED = {
    getattr(errno, name)
    for name in ("EPERM", "ENOTSUP", "EOPNOTSUPP", "EXDEV", "ENOSYS", "EMLINK", "EINVAL")
    if hasattr(errno, name)
}


def _host() -> str:
    """A short, file-name-safe tag of this computer."""
    return hashlib.sha256(socket.gethostname().encode("utf-8", "surrogateescape")).hexdigest()[:6]


HOST = _host()


def temp_path(target: Path, tag: str = "") -> Path:
    """A new temporary name for ``target`` in its folder (``tag``: one letter saying whose it
    is; ``L`` = a results workbook whose ledger revision decides its fate, ``B`` a backup of a
    replaced file, ``S`` a staging link, ``P`` a probe; plain files are ``T``)."""
    token = secrets.token_hex(4)
    tag = (tag or "T")[0]
    return target.with_name(f"{TEMP_PREFIX}{HOST}-{os.getpid()}-{token}-{tag}-{target.name}")


@dataclass(frozen=True)
class StaleTemp:
    """What a temporary name says about the run that made it."""

    host: str
    pid: int
    token: str
    tag: str
    name: str  # the final name


def parse_temp(name: str) -> StaleTemp | None:
    """The parts of one of our temporary names, or ``None`` for any other name."""
    if not name.startswith(TEMP_PREFIX):
        return None
    parts = name[len(TEMP_PREFIX) :].split("-", 3)
    if len(parts) != 4 or not parts[1].isdigit():
        return None
    host, pid, token, rest = parts
    if rest[1:2] != "-" or len(rest) < 3:
        return None
    tag, final = rest[0], rest[2:]
    return StaleTemp(host, int(pid), token, tag, final)


def pid_alive(pid: int) -> bool:
    """Whether a process ``pid`` exists on this computer (when in doubt: yes)."""
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if os.name == "nt":  # pragma: no cover - exercised on Windows only
        return _pid_alive_windows(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: it exists, another user's
        return True
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """A process that has ended but not been waited for (Linux): not alive."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[-1].split()[:1] == [b"Z"]
    except OSError:
        return False


def _pid_alive_windows(pid: int) -> bool:  # pragma: no cover - Windows only
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return bool(kernel32.GetLastError() == 5)  # access denied: it exists
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def _stale(info: StaleTemp, path: Path) -> bool:
    if info.host != HOST:
        try:
            return time.time() - path.lstat().st_mtime > FOREIGN_HOST_AGE
        except OSError:
            return False
    return not pid_alive(info.pid)


def remove_stale(folder: Path, *, keep: Iterable[Path] = ()) -> list[Path]:
    """Remove the temporary files that runs no longer alive left in ``folder``; returns them.

    Only names made by :func:`temp_path`; ``keep`` (the run's inputs) are never touched, nor a
    results workbook's temporary file that is still linked to its final name (``L``: its ledger
    decides, see :meth:`redflag_xlsx.ledger.Ledger.recover`).  Errors are ignored: cleaning up
    is never a reason to stop a run.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    kept = {_identity(Path(p)) for p in keep}
    for entry in entries:
        info = parse_temp(entry.name)
        if info is None:
            continue
        path = Path(entry.path)
        try:
            st = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(st.st_mode) or _identity(path) in kept or not _stale(info, path):
                continue
            if info.tag == "L" and st.st_nlink > 1:
                continue
            path.unlink()
            removed.append(path)
        except OSError:
            continue
    return removed


def remove_stale_parts() -> None:
    """Remove xlsxwriter row-file folders that killed runs left in the temporary folder."""
    root = Path(tempfile.gettempdir())
    try:
        entries = list(os.scandir(root))
    except OSError:
        return
    for entry in entries:
        if not entry.name.startswith(PARTS_PREFIX):
            continue
        parts = entry.name[len(PARTS_PREFIX) :].split("-", 2)
        if len(parts) != 3 or parts[0] != HOST or not parts[1].isdigit():
            continue
        if not pid_alive(int(parts[1])):
            shutil.rmtree(entry.path, ignore_errors=True)


def parts_prefix() -> str:
    """The prefix of a private temporary folder for xlsxwriter's row files."""
    return f"{PARTS_PREFIX}{HOST}-{os.getpid()}-"


def _identity(path: Path) -> str:
    try:
        path = path.resolve()
    except OSError:
        path = path.absolute()
    return os.path.normcase(str(path))


def is_regular_or_missing(path: Path) -> bool:
    """False for a folder, a pipe, a device or a socket at ``path`` (never opened: a pipe would
    block the run)."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except FileNotFoundError:
        return True
    except OSError:
        return True  # the open that follows reports it


def same_file(a: Path, b: Path, *, by_content: bool = False) -> bool:
    """Whether ``a`` and ``b`` are one file (the same inode); ``by_content``: or the same bytes
    (where the file was copied into place: no hard links on that file system)."""
    try:
        if os.path.samefile(a, b):
            return True
        sa, sb = a.stat(), b.stat()
    except OSError:
        return False
    if not by_content or sa.st_size != sb.st_size:
        return False
    try:
        return _digest(a) == _digest(b)
    except OSError:
        return False


def _digest(path: Path) -> bytes:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.digest()


def write_temp(target: Path, write: Callable[[Path], object], tag: str = "") -> Path:
    """Call ``write(temp)`` for a new temporary name of ``target`` and make the file durable
    (flushed to the disk); a failure removes the temporary file and re-raises."""
    tmp = temp_path(target, tag)
    try:
        write(tmp)
        _fsync(tmp)
    except BaseException:
        # a writer that failed midway (a full disk) may leave an open zip object behind, whose
        # clean-up would fail again later: collect it now, then remove what it wrote
        gc.collect()
        _unlink(tmp)
        raise
    return tmp


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - file systems that cannot (some network shares)
        pass
    finally:
        os.close(fd)


def _unlink(path: Path | None) -> None:
    if path is None:
        return
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError:  # a later run's remove_stale tries again
        pass


def _link(src: Path, dst: Path) -> bool:
    """``dst`` becomes ``src`` too, created exclusively (FileExistsError when it exists).
    Returns whether it had to be copied (no hard links on this file system)."""
    try:
        os.link(src, dst)
        return False
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in _LINK_UNSUPPORTED and getattr(exc, "winerror", None) not in (1, 50):
            raise
    # no hard links here: copy into a file created exclusively
    try:
        with src.open("rb") as fin, open(dst, "xb") as fout:
            shutil.copyfileobj(fin, fout, 1 << 20)
            fout.flush()
            os.fsync(fout.fileno())
    except FileExistsError:
        raise
    except BaseException:
        _unlink(dst)
        raise
    return True


def place_new(tmp: Path, target: Path) -> None:
    """Give the complete file ``tmp`` its final name ``target``, which must not exist
    (FileExistsError otherwise; ``tmp`` is then left for the caller).  ``tmp`` is removed."""
    _link(tmp, target)
    _unlink(tmp)


def place_unique(tmp: Path, target: Path, avoid: Iterable[Path] = ()) -> Path:
    """Place ``tmp`` at ``target``, or ``<stem> (2)<suffix>`` ... : the first name that exists
    nowhere and is none of ``avoid`` (compared as the file system would, case-insensitively on
    Windows).  Returns the name used."""
    avoided = {os.path.normcase(str(p.absolute())).casefold() for p in avoid}
    n = 1
    while True:
        name = target if n == 1 else target.with_name(f"{target.stem} ({n}){target.suffix}")
        if os.path.normcase(str(name.absolute())).casefold() not in avoided:
            try:
                place_new(tmp, name)
                return name
            except FileExistsError:
                pass
        n += 1


@dataclass
class Placement:
    """A complete temporary file to be put at ``target`` in a way that can be undone.

    :meth:`place` links it there (create-exclusive unless ``replace``; a replaced file is kept
    under a backup name); :meth:`undo` restores what was there before; :meth:`finish` removes
    the temporary and backup names.  ``temp`` stays linked to ``target`` between :meth:`place`
    and :meth:`finish`: that is how a later run knows whether a killed run got that far.
    """

    temp: Path
    target: Path
    replace: bool = False
    backup: Path | None = None
    placed: bool = False
    copied: bool = False  # copied, not linked: no hard links on this file system
    _staging: Path | None = field(default=None, repr=False)

    def place(self) -> None:
        """FileExistsError when ``target`` exists and ``replace`` is false; OSError when the
        folder cannot be written."""
        if not self.replace:
            self.copied = _link(self.temp, self.target)
            self.placed = True
            return
        if self.target.exists():
            backup = self.backup or temp_path(self.target, "B")
            _link(self.target, backup)
            self.backup = backup
        staging = temp_path(self.target, "S")
        self.copied = _link(self.temp, staging)
        try:
            os.replace(staging, self.target)
        except BaseException:
            _unlink(staging)
            raise
        self.placed = True

    def probe(self) -> None:
        """Find out whether this folder has hard links (sets ``copied`` when it has not), so a
        note made before :meth:`place` already says how a later run must compare files."""
        probe = temp_path(self.target, "P")
        try:
            self.copied = _link(self.temp, probe)
        finally:
            _unlink(probe)

    def undo(self) -> None:
        """Put back what was at ``target`` before :meth:`place`, remove the temporary file."""
        if self.placed or same_file(self.temp, self.target, by_content=self.copied):
            if self.backup is not None and self.backup.exists():
                os.replace(self.backup, self.target)
            else:
                _unlink(self.target)
        self.placed = False
        _unlink(self.backup)
        _unlink(self.temp)

    def finish(self) -> None:
        """The placement stands: remove the temporary and backup names."""
        _unlink(self.temp)
        _unlink(self.backup)

    def discard(self) -> None:
        """Never placed: remove the temporary file."""
        _unlink(self.temp)
