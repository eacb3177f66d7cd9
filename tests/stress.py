"""Builders of files that are legal but huge, for the bounded-work tests (SPEC 8).

:func:`blank_rows_form` makes what an attacker (or a spreadsheet gone wrong) hands in: a valid
filled form whose input sheet has millions of blank, styled rows after the table, under the
20 MiB size cap and under the zip guards' 100:1 ratio (the rows' attributes vary, as a real
spreadsheet's row heights do, so the part does not compress too well).  :func:`measure` runs
the command line in a child process and returns its exit code, wall time and peak memory.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
import zipfile
from pathlib import Path

from hostile.corpus import members, sheet_part

MiB = 2**20


def blank_rows_form(
    src: Path,
    dst: Path,
    *,
    rows: int,
    sheet: str,
    cells: int = 0,
    full: bool = False,
    level: int = 3,
) -> Path:
    """``src`` with ``rows`` blank styled rows (each with ``cells`` blank styled cells, or with
    ``full`` cells holding a number) added after the table of ``sheet``; written to ``dst``."""
    data = src.read_bytes()
    part = sheet_part(data, sheet)
    parts = members(data)
    xml = parts[part].decode("utf-8")
    last = max(int(r) for r in re.findall(r'<row r="(\d+)"', xml))
    head, tail = xml.split("</sheetData>", 1)
    rnd = random.Random(5)
    # row heights and styles vary as a real sheet's do (so the part does not compress too well);
    # drawn once into a pool walked with a prime stride, which is fast for millions of rows
    pool = [(rnd.randint(1, 9), f"{rnd.randint(1200, 4000) / 100:g}") for _ in range(4093)]
    values = [rnd.randint(0, 99) for _ in range(4093)]
    dst.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as out:
        for name, content in parts.items():
            if name != part:
                out.writestr(name, content)
                continue
            with out.open(name, "w", force_zip64=True) as fh:
                fh.write(head.encode("utf-8"))
                chunk: list[str] = []
                for i in range(last + 1, last + 1 + rows):
                    style, height = pool[(i * 7) % 4093]
                    row_cells = "".join(
                        f'<c r="{_col(c)}{i}" s="{pool[(i + c) % 4093][0]}"'
                        + (f"><v>{values[(i * c) % 4093]}</v></c>" if full else "/>")
                        for c in range(1, cells + 1)
                    )
                    attrs = f's="{style}" customFormat="1" ht="{height}" customHeight="1"'
                    chunk.append(
                        f'<row r="{i}" {attrs}>{row_cells}</row>'
                        if cells
                        else f'<row r="{i}" {attrs}/>'
                    )
                    if len(chunk) == 10_000:
                        fh.write("".join(chunk).encode("ascii"))
                        chunk.clear()
                fh.write("".join(chunk).encode("ascii"))
                fh.write(("</sheetData>" + tail).encode("utf-8"))
    return dst


def _col(n: int) -> str:
    letters = ""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


_RUNNER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)
wall = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
print(json.dumps({"code": proc.returncode, "wall": wall, "peak_mb": peak / 1024,
                  "stdout": proc.stdout, "stderr": proc.stderr}))
"""


def measure(*args: object, cwd: Path | None = None) -> dict:
    """Run ``python -m redflag_xlsx ARGS`` in a fresh process and measure it: exit ``code``,
    ``wall`` seconds, ``peak_mb`` (peak resident memory of that process), its output."""
    cmd = [sys.executable, "-c", _RUNNER, sys.executable, "-m", "redflag_xlsx", *map(str, args)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=cwd)
    return json.loads(out.stdout)
