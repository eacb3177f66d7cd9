"""LibreOffice headless, for tests: re-save, recalculate and print workbooks as users' programs do.

``.ci/run`` installs LibreOffice, so tests that need it run in CI and are never skipped.
Each process gets its own profile (LibreOffice refuses two instances on one profile), set up to
recalculate every formula of an xlsx file on load (``OOXMLRecalcMode`` = 0, "always").
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

_PROFILE_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
"""

_profile: Path | None = None

# Set by conftest.py for each test: whether it carries ``@pytest.mark.soffice``.  A test that
# starts LibreOffice without the mark fails, so ``pytest -m "not soffice"`` (the fast loop,
# docs/maintenance.md) never starts it.
marked = True


def soffice_binary() -> str:
    """The LibreOffice program; fails loudly (never skips) when it is missing, and in a test
    not marked ``soffice``."""
    if not marked:
        raise RuntimeError("this test starts LibreOffice: mark it @pytest.mark.soffice")
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError("LibreOffice is missing: apt-get install -y libreoffice-calc-nogui")


def _profile_dir() -> Path:
    global _profile
    if _profile is None:
        _profile = Path(tempfile.mkdtemp(prefix=f"lo-profile-{os.getpid()}-"))
        user = _profile / "user"
        user.mkdir()
        (user / "registrymodifications.xcu").write_text(_PROFILE_XCU, encoding="utf-8")
    return _profile


def convert_many(
    paths: Iterable[Path], fmt: str, out_dir: Path, *, timeout: float = 600
) -> list[Path]:
    """``soffice --headless --convert-to fmt`` of every file in ONE LibreOffice run (a start
    costs about a second); returns the written files, in the order of ``paths``.

    ``fmt`` is e.g. ``"xlsx"`` (re-save as Calc would, formulas recalculated), ``"pdf"``,
    ``"ods"`` or ``"csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"``.
    The outputs are named by the inputs' stems, which must therefore differ.
    """
    paths, out_dir = [Path(p) for p in paths], Path(out_dir)
    stems = [p.stem for p in paths]
    if len(set(stems)) != len(stems):
        raise ValueError(f"two inputs would write the same output: {sorted(stems)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    cmd = [
        soffice_binary(),
        f"-env:UserInstallation={_profile_dir().as_uri()}",
        "--headless",
        "--norestore",
        "--nologo",
        "--convert-to",
        fmt,
        "--outdir",
        str(out_dir),
        *map(str, paths),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    ext = fmt.split(":", 1)[0]
    outs = [out_dir / f"{p.stem}.{ext}" for p in paths]
    missing = [p.name for p, out in zip(paths, outs, strict=True) if not out.exists()]
    if proc.returncode != 0 or missing:
        raise RuntimeError(
            f"LibreOffice could not convert {missing or paths} to {fmt} "
            f"(exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
        )
    return outs


def convert(src: Path, fmt: str, out_dir: Path, *, timeout: float = 180) -> Path:
    """One file through :func:`convert_many`; returns the written file."""
    return convert_many([src], fmt, out_dir, timeout=timeout)[0]


def recalculated_copy(src: Path, out_dir: Path) -> Path:
    """A copy of ``src`` that LibreOffice opened, recalculated in full and saved as xlsx."""
    return convert(src, "xlsx", out_dir)


def pdf_page_count(pdf: Path) -> int:
    """Pages in a PDF (counts page objects; good enough for LibreOffice's output)."""
    import re

    data = Path(pdf).read_bytes()
    return len(re.findall(rb"/Type\s*/Page[^s]", data))
