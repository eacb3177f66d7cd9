"""Bounded work (SPEC 8): time and peak memory of ``validate`` (and ``--annotate``) on files
built to be as expensive as the guards allow, each run as its own process.

    python benchmarks/bounded.py            # about a minute; prints the table of docs/security.md

The files: a valid filled combined form of the sample roster with, after the table of 单位互评,
(1) 2.5 million blank styled rows (18.7 MiB: under the 20 MiB size cap and the zip guards'
100:1 ratio), (2) 99,000 blank styled rows of 20 blank styled cells (1.98 million cells, under
every cap), (3) 9,400 rows of 10 numbers (just under the cells an annotated copy may have; each
row without a code is an error, so 9,400 findings), (4) 24,000 rows of 10 numbers (240,000
values: just under the values cap), (5) 26,000 rows of 10 numbers (past it).  Builders in
``tests/stress.py``.
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from stress import blank_rows_form, measure  # noqa: E402

from readkit import KEY, build_blanks, filled  # noqa: E402

CASES = [
    ("2.5 million blank styled rows", {"rows": 2_500_000}),
    ("99,000 rows x 20 blank styled cells", {"rows": 99_000, "cells": 20}),
    ("9,400 rows x 10 numbers (94,000 values)", {"rows": 9_400, "cells": 10, "full": True}),
    ("24,000 rows x 10 numbers (240,000 values)", {"rows": 24_000, "cells": 10, "full": True}),
    ("26,000 rows x 10 numbers (260,000 values)", {"rows": 26_000, "cells": 10, "full": True}),
]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "key").write_bytes(KEY)
        form = filled(build_blanks(root / "blank"), root / "form")
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"{platform.system()} {platform.machine()}, Python {platform.python_version()}, "
              f"{os.cpu_count()} cores, load average {load:.1f}")  # fmt: skip
        print("| file | MiB | command | exit | seconds | peak MB | outcome |")
        print("|---|---|---|---|---|---|---|")
        for label, options in CASES:
            folder = root / label.split()[0].replace(",", "")
            path = blank_rows_form(form, folder / form.name, sheet="单位互评", **options)
            size = path.stat().st_size / 2**20
            for extra in ((), ("--annotate", str(root / f"{folder.name}-marked"))):
                run = measure("validate", folder, "--key", root / "key", "--partial", *extra)
                lines = run["stdout"].splitlines()
                outcome = next((x.strip() for x in lines if "E_UNREADABLE" in x), lines[-1])
                command = "validate --annotate" if extra else "validate"
                print(f"| {label} | {size:.1f} | {command} | {run['code']} | "
                      f"{run['wall']:.1f} | {run['peak_mb']:.0f} | {outcome[:90]} |")  # fmt: skip


if __name__ == "__main__":
    main()
