"""``--annotate DIR``: copies of the files with findings, for the clerk to send back (SPEC 5).

Each copy has every offending cell filled red with the finding's message and hint as a cell
comment; a finding about a whole sheet or file is put on the sheet's (or the first sheet's) A1.
Inputs are never modified: each file is read into memory and the copy is written under
``DIR`` (to a temporary name, then renamed).  The copy stays a valid form (``_meta``, protection
and validations are kept by openpyxl), so a unit can correct it and hand it in again.
"""

from __future__ import annotations

import io
import os
import warnings
from collections.abc import Iterable
from pathlib import Path

from ..core.errors import OutputError, os_reason
from ..core.findings import Issue
from ..core.i18n import current_lang, t
from ..xlsx import guards

__all__ = ["ANNOTATION_FILL", "annotate"]

ANNOTATION_FILL = "FFFF7C80"  # red, light enough to read the value in it
_COMMENT_AUTHOR = "redflag_xlsx"


def annotate(
    issues: Iterable[Issue], out_dir: str | Path, *, lang: str | None = None
) -> list[Path]:
    """Write annotated copies of every file some finding is about; returns the written paths.

    Files that cannot be opened (the findings say why) are not copied.  An unwritable
    ``out_dir`` raises :class:`OutputError`.
    """
    lang = current_lang(lang)
    by_file: dict[str, list[Issue]] = {}
    for issue in issues:
        if issue.file:
            by_file.setdefault(issue.file, []).append(issue)
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        detail = os_reason(exc)
        raise OutputError(t("annotate_failed", lang, file=out, detail=detail)) from None
    written: list[Path] = []
    # never a name already written, and never an input file (DIR may be an input folder)
    used = {_key(Path(file)) for file in by_file}
    for file, found in by_file.items():
        wb = _load(Path(file))
        if wb is None:
            continue
        for issue in found:
            _mark(wb, issue, lang)
        target = _unique(out, Path(file), used)
        _save(wb, target, lang)
        written.append(target)
    return written


def _load(path: Path):
    """The workbook in memory (read once; the input is never opened for writing), or None."""
    from openpyxl import load_workbook

    if guards.check_file(path) is not None:  # too large, a bomb, encrypted, legacy: never opened
        return None
    try:
        data = path.read_bytes()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return load_workbook(io.BytesIO(data), keep_vba=path.suffix.lower() == ".xlsm")
    except Exception:  # unreadable: the findings already say so
        return None


def _mark(wb, issue: Issue, lang: str) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    ws = wb[issue.sheet] if issue.sheet in wb.sheetnames else _first_visible(wb)
    try:
        cell = ws[issue.cell or "A1"]
    except (ValueError, KeyError, IndexError):
        cell = ws["A1"]
    if isinstance(cell, tuple):  # a range was given: mark its first cell
        cell = ws["A1"]
    if type(cell).__name__ == "MergedCell":
        cell = ws["A1"]
    cell.fill = PatternFill("solid", fgColor=ANNOTATION_FILL)
    message = issue.text(lang)
    text = f"{issue.code}：{message}" if lang == "zh" else f"{issue.code}: {message}"
    if hint := issue.hint_text(lang):
        text += "\n" + t("out_hint", lang, hint=hint)
    if cell.comment is not None and cell.comment.author == _COMMENT_AUTHOR:
        text = cell.comment.text + "\n\n" + text
    comment = Comment(text, _COMMENT_AUTHOR)
    comment.width, comment.height = 320, 40 + 20 * (len(text) // 24 + text.count("\n"))
    cell.comment = comment


def _first_visible(wb):
    for ws in wb.worksheets:
        if ws.sheet_state == "visible":
            return ws
    return wb.worksheets[0]


def _key(path: Path) -> str:
    """A path's identity, case-insensitive as on Windows."""
    try:
        path = path.resolve()
    except OSError:
        path = path.absolute()
    return str(path).casefold()


def _unique(out: Path, source: Path, used: set[str]) -> Path:
    """``out/<name>``, or ``<stem> (2)<suffix>``... when that is taken or is an input file."""
    target, n = out / source.name, 1
    while _key(target) in used:
        n += 1
        target = out / f"{source.stem} ({n}){source.suffix}"
    used.add(_key(target))
    return target


def _save(wb, target: Path, lang: str) -> None:
    tmp = target.with_name(f".{target.stem}.{os.getpid()}.tmp{target.suffix}")
    try:
        wb.save(tmp)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        detail = os_reason(exc)
        raise OutputError(t("annotate_failed", lang, file=target, detail=detail)) from None
