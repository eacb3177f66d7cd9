"""``--annotate DIR``: copies of the files with findings, for the clerk to send back (SPEC 5).

Each copy has every offending cell filled red with the finding's message and hint as a cell
comment; a finding about a whole sheet or file is put on the sheet's (or the first sheet's) A1.
Inputs are never modified: each file is read into memory and the copy is written under
``DIR`` (to a temporary name, then given a name that exists nowhere, create-exclusive: even
with ``DIR`` the inbox itself, no file is ever replaced).  The copy stays a valid form
(``_meta``, protection and validations are kept by openpyxl), so a unit can correct it and hand
it in again.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterable
from pathlib import Path

from ..core.errors import OutputError, os_reason
from ..core.findings import Issue
from ..core.i18n import current_lang, t
from ..core.messages import Msg
from ..core.safe_text import display_name
from ..xlsx import guards
from ..xlsx.cells import count_cells
from ..xlsx.files import place_unique, remove_stale, write_temp

__all__ = ["ANNOTATION_FILL", "MAX_ANNOTATE_CELLS", "MAX_MARKS", "annotate"]

# openpyxl keeps every cell as an object (about 0.5 KB and 15 us each): a copy is made only of
# files with at most this many cells in all their sheets (a combined form of 300 units has
# about 95,000), and at most MAX_MARKS cells are marked (each comment costs a drawing shape);
# the findings of larger files are still listed in full.  Bounded work, SPEC 8.
MAX_ANNOTATE_CELLS = 100_000
MAX_MARKS = 500

ANNOTATION_FILL = "FFFF7C80"  # red, light enough to read the value in it
_COMMENT_AUTHOR = "redflag_xlsx"


def annotate(
    issues: Iterable[Issue],
    out_dir: str | Path,
    *,
    lang: str | None = None,
    avoid: Iterable[str | Path] = (),
    not_copied: list[str] | None = None,
) -> list[Path]:
    """Write annotated copies of every file some finding is about; returns the written paths.

    Each copy gets a name that exists nowhere: not in ``out_dir`` (it is created exclusively:
    ``name``, ``name (2)``, ...), not among the files read (``avoid`` and every file a finding
    names), even when ``out_dir`` is the folder the forms were read from.  Files that cannot be
    read (``E_UNREADABLE``) are not copied; nor are files with more cells than
    :data:`MAX_ANNOTATE_CELLS` or that openpyxl cannot open or write back (a ``NaN`` in a cell,
    a number beyond any float): those are added to ``not_copied``, for the caller to say so.
    An unwritable ``out_dir`` raises :class:`OutputError`.
    """
    lang = current_lang(lang)
    by_file: dict[str, list[Issue]] = {}
    unreadable: set[str] = set()
    for issue in issues:
        if issue.file:
            by_file.setdefault(issue.file, []).append(issue)
            if issue.code == "E_UNREADABLE":
                unreadable.add(issue.file)
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        detail = os_reason(exc)
        raise OutputError(Msg("annotate_failed", file=out, detail=detail)) from None
    inputs = [Path(p) for p in (*avoid, *by_file)]
    remove_stale(out, keep=inputs)
    written: list[Path] = []
    for file, found in by_file.items():
        if file in unreadable:  # the findings say why; openpyxl is never given such a file
            continue
        wb = _load(Path(file))
        if wb is None:
            if not_copied is not None:
                not_copied.append(file)
            continue
        try:
            for issue in found[:MAX_MARKS]:
                _mark(wb, issue, lang)
            if len(found) > MAX_MARKS:  # the rest are in the list the clerk sends along
                _note(wb, t("annotate_more", lang, n=len(found) - MAX_MARKS))
            written.append(_save(wb, out / Path(file).name, inputs, lang))
        except OutputError:
            raise
        except Exception:  # openpyxl cannot write what it read (a number beyond any float)
            if not_copied is not None:
                not_copied.append(file)
    return written


def _load(path: Path):
    """The workbook in memory (read once; the input is never opened for writing), or None:
    refused by the guards, too many cells for openpyxl (bounded work, SPEC 8), unreadable."""
    from openpyxl import load_workbook

    if guards.check_file(path) is not None:  # too large, a bomb, encrypted, legacy: never opened
        return None
    try:
        data = path.read_bytes()
        if count_cells(data, MAX_ANNOTATE_CELLS) > MAX_ANNOTATE_CELLS:
            return None
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
        cell = ws[(issue.cell or "A1").split(":", 1)[0]]  # a range: its first cell
    except (ValueError, KeyError, IndexError):
        cell = ws["A1"]
    if isinstance(cell, tuple):  # a range was given: mark its first cell
        cell = ws["A1"]
    if type(cell).__name__ == "MergedCell":
        cell = ws["A1"]
    cell.fill = PatternFill("solid", fgColor=ANNOTATION_FILL)
    message = display_name(issue.text(lang))
    text = f"{issue.code}：{message}" if lang == "zh" else f"{issue.code}: {message}"
    if hint := issue.hint_text(lang):
        text += "\n" + display_name(t("out_hint", lang, hint=hint))
    if cell.comment is not None and cell.comment.author == _COMMENT_AUTHOR:
        text = cell.comment.text + "\n\n" + text
    comment = Comment(text, _COMMENT_AUTHOR)
    comment.width, comment.height = 320, 40 + 20 * (len(text) // 24 + text.count("\n"))
    cell.comment = comment


def _note(wb, text: str) -> None:
    """A comment on the first visible sheet's A1 (beside any finding already there)."""
    from openpyxl.comments import Comment

    cell = _first_visible(wb)["A1"]
    if cell.comment is not None and cell.comment.author == _COMMENT_AUTHOR:
        text = cell.comment.text + "\n\n" + text
    cell.comment = Comment(text, _COMMENT_AUTHOR)


def _first_visible(wb):
    for ws in wb.worksheets:
        if ws.sheet_state == "visible":
            return ws
    return wb.worksheets[0]


def _save(wb, target: Path, inputs: list[Path], lang: str) -> Path:
    """Save under a temporary name, then under the first free name (never replacing a file)."""
    try:
        tmp = write_temp(target, wb.save)
        return place_unique(tmp, target, avoid=inputs)
    except OSError as exc:
        detail = os_reason(exc)
        raise OutputError(Msg("annotate_failed", file=target, detail=detail)) from None
