"""Edit the XML inside a workbook's zip, as other programs would have written it (for tests)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from redflag_xlsx.xlsx.cells import open_book

__all__ = ["edit_parts", "replace_cell", "sheet_parts"]


def sheet_parts(path: Path) -> dict[str, str]:
    """Sheet name -> the zip member holding it."""
    return {name: part for name, (_state, part) in open_book(path.read_bytes()).sheet_parts.items()}


def edit_parts(src: Path, dst: Path, edits: dict[str, Callable[[str], str]]) -> Path:
    """A copy of ``src`` with the text of some zip members rewritten."""
    buf = io.BytesIO()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename in edits:
                data = edits[info.filename](data.decode("utf-8")).encode("utf-8")
            zout.writestr(info.filename, data)
    dst.write_bytes(buf.getvalue())
    return dst


def replace_cell(cell: str, new: str) -> Callable[[str], str]:
    """An edit of a sheet part that puts the XML ``new`` in place of cell ``cell``."""

    def edit(xml: str) -> str:
        xml, n = re.subn(rf'<c r="{cell}"(?:[^>]*?/>|[^>]*?>.*?</c>)', new, xml, count=1)
        assert n == 1, f"no cell {cell}"
        return xml

    return edit
