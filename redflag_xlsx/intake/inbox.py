"""The intake page's inbox (SPEC 16): its layout, and which of its files a run reads.

``serve DIR`` keeps every upload under ``DIR/收件箱/``::

    收件箱/
      JG03/20261015T083012.123456Z_ab12cd34ef56.xlsx    a unit's peer forms, one file per upload
      LD02/...                                          a leader's leadership forms
      服务质量考核/...                                   scoring forms (no rater)
      合并表格/...                                       combined workbooks (no rater)
      _refused/20261015T083012.123456Z_ab12cd34ef56_原名.xlsx    what was refused, for the clerk
      _annotated/JG03/20261015T083012.123456Z_ab12cd34ef56.xlsx  marked copies to download

An upload's name is its UTC time (to the microsecond) and the first 12 hex digits of its
SHA-256, so names sort by time and no two uploads share one.  A rater code that cannot be a
folder name on every system is written ``=`` and its UTF-8 in hex.

Which files count (:func:`folder_files`, used by ``reader.collect_files`` for every folder it
reads, inbox or not):

* files named like an upload (:data:`UPLOAD_NAME`) are revisions of one form: in each folder
  only the newest (the greatest name) is read; the older ones are superseded, not duplicates;
* in recursive reading, sub-folders named ``_refused`` and ``_annotated`` are skipped (named
  directly, they are read like any folder).

So ``tally DIR/收件箱 -r`` and ``status DIR/收件箱 -r`` read each rater's current form.
Standard library only.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from collections.abc import Iterator
from pathlib import Path

__all__ = [
    "ANNOTATED_DIR",
    "COMBINED_DIR",
    "INBOX_DIR",
    "REFUSED_DIR",
    "SCORING_DIR",
    "SKIPPED_DIRS",
    "UPLOAD_NAME",
    "folder_files",
    "slot_folder",
    "upload_name",
    "upload_time",
]

INBOX_DIR = "收件箱"
REFUSED_DIR = "_refused"
ANNOTATED_DIR = "_annotated"
SKIPPED_DIRS = frozenset({REFUSED_DIR, ANNOTATED_DIR})
SCORING_DIR = "服务质量考核"
COMBINED_DIR = "合并表格"
REGISTER_DIR = "检查记录台账"
TIME_FORMAT = "%Y%m%dT%H%M%S.%fZ"
UPLOAD_NAME = re.compile(r"^(\d{8}T\d{6}\.\d{6}Z)_([0-9a-f]{12})\.(xlsx|xlsm)$")

# A code kept as it is as a folder name: letters (any script), digits, '-', '.', '_', not
# starting with '_' or '.', and not a name Windows reserves.
_SAFE_CODE = re.compile(r"^[^\W_][\w.\-]{0,63}$")
_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.IGNORECASE)


def upload_name(when: _dt.datetime, sha256: str, suffix: str = ".xlsx") -> str:
    """``20261015T083012.123456Z_ab12cd34ef56.xlsx`` for an upload at ``when`` (UTC)."""
    when = when.astimezone(_dt.UTC)
    return f"{when.strftime(TIME_FORMAT)}_{sha256[:12].lower()}{suffix.lower()}"


def upload_time(name: str) -> _dt.datetime | None:
    """The UTC time in an upload's name, or None for another name."""
    match = UPLOAD_NAME.match(name)
    if match is None:
        return None
    return _dt.datetime.strptime(match.group(1), TIME_FORMAT).replace(tzinfo=_dt.UTC)


def slot_folder(kind: str, rater: str) -> str:
    """The inbox folder of a form: its rater's code, or the folder of scoring/combined forms."""
    if kind == "scoring":
        return SCORING_DIR
    if kind == "combined":
        return COMBINED_DIR
    if kind == "register":
        return REGISTER_DIR
    if (
        _SAFE_CODE.match(rater)
        and not _RESERVED.match(rater)
        and rater not in (SCORING_DIR, COMBINED_DIR, REGISTER_DIR, INBOX_DIR)
        and not rater.endswith(".")
    ):
        return rater
    return "=" + rater.encode("utf-8").hex()


def folder_files(folder: Path, recursive: bool = False) -> Iterator[Path]:
    """The entries of ``folder`` that a run reads (files, in no particular order; the caller
    filters and sorts): every entry except superseded uploads, and with ``recursive`` the
    files of sub-folders too, except those of ``_refused`` and ``_annotated``."""
    yield from _walk(folder, recursive, set(), top=True)


def _walk(folder: Path, recursive: bool, seen: set[str], top: bool) -> Iterator[Path]:
    try:
        real = os.path.realpath(folder)
        if real in seen:  # a link back up the tree
            return
        seen.add(real)
        entries = list(folder.iterdir())
    except OSError:
        if top:
            raise
        return  # an unreadable sub-folder, as Path.rglob skips it
    uploads = [p for p in entries if UPLOAD_NAME.match(p.name)]
    newest = max(uploads, key=lambda p: p.name) if uploads else None
    for entry in entries:
        if entry in uploads and entry != newest:
            continue  # superseded by a newer upload of the same form
        if entry.is_dir():
            if recursive and entry.name not in SKIPPED_DIRS:
                yield from _walk(entry, recursive, seen, top=False)
        else:
            yield entry
