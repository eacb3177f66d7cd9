"""What every workbook this package writes shares: the look of titles and headers, the display
width of text (for column widths that fit Chinese), and writing a file under a temporary name
that is renamed into place only once it is complete.

Used by the forms (:mod:`templates`), init's roster workbook, the results workbook and the
history export.  xlsxwriter is imported only when a workbook is written.
"""

from __future__ import annotations

import functools
import os
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.errors import OutputError, os_reason
from ..core.i18n import t
from .files import place_new, remove_stale, write_temp

if TYPE_CHECKING:
    from xlsxwriter.workbook import Workbook

# xlsxwriter options: user text (names, codes, remarks) stays text, never a formula, a link or
# a number
PLAIN_TEXT_OPTIONS: dict[str, Any] = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}
# the forms' sheet protection, without a password: column widths and row heights stay adjustable
FORM_PROTECTION = {"format_columns": True, "format_rows": True}
HEADER_FILL = "#DDEBF7"  # header rows: light blue
SELF_FILL = "#BFBFBF"  # a unit's own cell (and cells outside the peer scope): grey

BASE_STYLE: dict[str, Any] = {"font_size": 11, "valign": "vcenter"}
CELL_STYLE: dict[str, Any] = {**BASE_STYLE, "border": 1, "border_color": "#808080"}
# title row, info row, section titles, paragraphs and header cells, alike on every workbook
TEXT_STYLES: dict[str, dict[str, Any]] = {
    "title": {**BASE_STYLE, "bold": True, "font_size": 14},
    "info": {**BASE_STYLE, "font_color": "#595959"},
    "section": {**BASE_STYLE, "bold": True, "font_size": 12},
    "para": {**BASE_STYLE, "text_wrap": True, "valign": "top"},
    "header": {
        **CELL_STYLE,
        "bold": True,
        "text_wrap": True,
        "align": "center",
        "bg_color": HEADER_FILL,
    },
}


# --- text measuring ---------------------------------------------------------------------------
def char_width(ch: str) -> int:
    """2 for a wide (CJK) character, else 1."""
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def text_width(text: object) -> int:
    """Display width of ``text`` in character cells, as a spreadsheet column or a console counts
    it (a CJK character counts 2)."""
    return _width(str(text))


# Pure, and asked again for the same names on every form of a large roster: cached.
@functools.lru_cache(maxsize=1 << 16)
def _width(text: str) -> int:
    return sum(char_width(ch) for ch in text)


@functools.lru_cache(maxsize=1 << 12)
def wrap_size(text: str, limit: int) -> tuple[int, int]:
    """(lines, widest line) of ``text`` wrapped greedily at ``limit`` width units.

    A wide (CJK) character may break anywhere; other text breaks at spaces.
    """
    tokens: list[str] = []
    for ch in text:
        if char_width(ch) == 2 or ch.isspace() or not tokens or char_width(tokens[-1][-1]) == 2:
            tokens.append(ch)
        elif tokens[-1].isspace():
            tokens.append(ch)
        else:
            tokens[-1] += ch
    lines, current, widest = 1, 0, 0
    for tok in tokens:
        w = sum(char_width(c) for c in tok)
        if tok.isspace():
            current += w if current else 0
            continue
        if current and current + w > limit:
            lines, current = lines + 1, 0
        current += w
        widest = max(widest, current)
    return lines, widest


def number_text(x: float) -> str:
    """A number as a formula literal, and as a rule's number in text: ``-1`` not ``-1.0``."""
    return str(int(x)) if float(x).is_integer() else repr(float(x))


# --- writing ----------------------------------------------------------------------------------
def write_workbook(
    target: Path,
    build: Callable[[Workbook], None],
    *,
    options: dict[str, Any],
    error_key: str,
    lang: str,
    replace: bool = True,
    clean: bool = True,
) -> Path:
    """Write the workbook ``build`` fills to ``target``: to a temporary name in the same folder
    first (:mod:`files`), put in place when complete -- replacing an existing file, or with
    ``replace=False`` only where no file exists (create-exclusive: ``FileExistsError``
    otherwise, nothing written).  A file that cannot be written raises :class:`OutputError`
    with the catalog message ``error_key`` (``file``, ``detail``); no temporary file is left.
    ``clean``: first remove the stale temporary files of dead runs from the folder (a caller
    writing thousands of files into one folder does that once itself: each cleaning reads the
    whole folder)."""
    import xlsxwriter
    from xlsxwriter.exceptions import FileCreateError

    def write(tmp: Path) -> None:
        wb = xlsxwriter.Workbook(str(tmp), options)
        build(wb)
        wb.close()

    if clean:
        remove_stale(target.parent)
    tmp: Path | None = None
    try:
        tmp = write_temp(target, write)
        if replace:
            os.replace(tmp, target)
        else:
            place_new(tmp, target)
    except FileExistsError:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise
    except (OSError, FileCreateError) as exc:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        cause = exc.args[0] if isinstance(exc, FileCreateError) and exc.args else exc
        detail = os_reason(cause) if isinstance(cause, OSError) else str(cause)
        raise OutputError(t(error_key, lang, file=target, detail=detail)) from None
    return target
