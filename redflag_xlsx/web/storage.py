"""The inbox on disk: every accepted upload kept under a new name, never overwriting anything.

Layout and reading rules: :mod:`redflag_xlsx.inbox`.  Each file is written to a temporary name
in its folder (a hidden ``.<random>.tmp``, which no run reads) and then published under its
final name with a hard link, which fails when that name exists (create-exclusive: two uploads
can never replace each other); the temporary name is then removed.  Where a file system has no
hard links (FAT on Windows), a rename publishes it: Windows never renames over an existing
file.  A name's time is never earlier than the newest upload already in its folder, so the
newest upload stays the current one even if the clock steps back.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
import re
import secrets
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

from ..intake.inbox import ANNOTATED_DIR, REFUSED_DIR, TIME_FORMAT, slot_folder, upload_name
from ..intake.reader import collect_files

__all__ = ["Inbox", "safe_file_name"]

STALE_TEMPORARY_SECONDS = 3600  # a temporary file this old was left by a killed server
_TIME_PREFIX = re.compile(r"^(\d{8}T\d{6}\.\d{6}Z)_")
_UNSAFE = re.compile(r'[<>:"/\\|?*]')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.IGNORECASE)
MAX_NAME = 80


def safe_file_name(raw: str | None, default: str = "upload.xlsx") -> str:
    """An uploaded file's name made safe to show and to write on any system: its last path
    component, without control or formatting characters (no right-to-left tricks), without
    characters Windows forbids, without leading dots, spaces or ``~$``, at most 80 characters
    (the suffix kept)."""
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = unicodedata.normalize("NFC", name)
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C"))
    name = _UNSAFE.sub("_", name).strip(" .").removeprefix("~$").strip(" .")
    if len(name) > MAX_NAME:
        stem, suffix = os.path.splitext(name)
        suffix = suffix[:10]
        name = stem[: MAX_NAME - len(suffix)].rstrip(" .") + suffix
    if not name:
        return default
    if _RESERVED.match(name):
        return "_" + name
    return name


class Inbox:
    """``DIR/收件箱``: where :meth:`store` keeps accepted uploads, :meth:`refuse` the others."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def prepare(self) -> None:
        """Create the inbox and remove the temporary files a killed server left behind."""
        self.root.mkdir(parents=True, exist_ok=True)
        now = time.time()
        for tmp in self.root.rglob(".*.tmp"):
            try:
                if now - tmp.stat().st_mtime > STALE_TEMPORARY_SECONDS:
                    tmp.unlink()
            except OSError:
                pass

    def store(self, data: bytes, kind: str, rater: str, suffix: str = ".xlsx") -> Path:
        """Keep an accepted form: ``<rater folder>/<UTC time>_<sha12>.xlsx``; its path."""
        sha = hashlib.sha256(data).hexdigest()
        suffix = ".xlsm" if suffix.lower() == ".xlsm" else ".xlsx"
        folder = self.root / slot_folder(kind, rater)
        return _publish(folder, data, lambda when: upload_name(when, sha, suffix))

    def refuse(self, data: bytes, name: str) -> Path:
        """Keep a refused upload apart: ``_refused/<UTC time>_<sha12>_<its name>``."""
        sha = hashlib.sha256(data).hexdigest()
        safe = safe_file_name(name)
        folder = self.root / REFUSED_DIR
        return _publish(
            folder, data, lambda when: f"{when.strftime(TIME_FORMAT)}_{sha[:12]}_{safe}"
        )

    def keep_annotated(self, source: Path, stored: Path) -> Path:
        """The marked copy of the stored upload ``stored``: ``_annotated/<rater folder>/<its
        name>`` (never read by a run)."""
        folder = self.root / ANNOTATED_DIR / stored.parent.name
        return _publish(folder, Path(source).read_bytes(), lambda _when: stored.name)

    def current_files(self) -> list[Path]:
        """The current upload of every form (and any file put in by hand), as runs read them."""
        if not self.root.is_dir():
            return []
        return collect_files([self.root], recursive=True)[0]

    def refused_files(self) -> list[Path]:
        folder = self.root / REFUSED_DIR
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def _publish(folder: Path, data: bytes, name_for: Callable[[_dt.datetime], str]) -> Path:
    """Write ``data`` to a new file ``folder/name_for(time)``; never replaces a file."""
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{secrets.token_hex(8)}.tmp"
    try:
        with open(tmp, "xb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        last: Path | None = None
        for _attempt in range(1000):
            target = folder / name_for(_next_time(folder))
            if target == last:  # a fixed name (an annotated copy) that exists
                break
            try:
                _link(tmp, target)
                return target
            except FileExistsError:
                last = target
        raise FileExistsError(str(last))
    finally:
        tmp.unlink(missing_ok=True)


def _link(tmp: Path, target: Path) -> None:
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise
    except OSError:
        if os.name != "nt":
            raise
        os.rename(tmp, target)  # no hard links here; Windows never renames over a file


def _next_time(folder: Path) -> _dt.datetime:
    """Now (UTC), or just after the newest time-named file of ``folder`` if that is later."""
    now = _dt.datetime.now(_dt.UTC)
    try:
        names = [m.group(1) for p in folder.iterdir() if (m := _TIME_PREFIX.match(p.name))]
    except OSError:
        return now
    if names:
        newest = _dt.datetime.strptime(max(names), TIME_FORMAT).replace(tzinfo=_dt.UTC)
        if newest >= now:
            return newest + _dt.timedelta(microseconds=1)
    return now
