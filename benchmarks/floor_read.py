"""The read floor: load every cell value of every sheet of the forms with python-calamine.

    python benchmarks/floor_read.py DIR

Every ``.xlsx`` in ``DIR`` (not recursive), every sheet (the very hidden ``_meta`` too), every
cell value, nothing else: no formulas, no formats, no checks.  This is the lower bound ``tally``
is compared against.  Prints the number of files and of non-empty cells.
"""

from __future__ import annotations

import sys
from pathlib import Path


def read_floor(folder: Path) -> tuple[int, int]:
    from python_calamine import CalamineWorkbook

    files = cells = 0
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() != ".xlsx":
            continue
        wb = CalamineWorkbook.from_path(str(path))
        for name in wb.sheet_names:
            for row in wb.get_sheet_by_name(name).to_python(skip_empty_area=False):
                cells += sum(1 for v in row if v != "")
        files += 1
    return files, cells


def main(argv: list[str]) -> None:
    files, cells = read_floor(Path(argv[0]))
    print(files, cells)


if __name__ == "__main__":
    main(sys.argv[1:])
