"""docs/findings.md, the Chinese reference of every finding code, is generated from the catalog
(tools/findings_doc.py) and must be current; the user guide links it (issue 17)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from redflag_xlsx.core.i18n import CATALOG

ROOT = Path(__file__).resolve().parent.parent


def _tool():
    spec = importlib.util.spec_from_file_location(
        "findings_doc", ROOT / "tools" / "findings_doc.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_findings_reference_is_current() -> None:
    committed = (ROOT / "docs" / "findings.md").read_text(encoding="utf-8")
    assert committed == _tool().render(), "run: python tools/findings_doc.py"


def test_every_code_has_an_example_and_a_fix() -> None:
    text = (ROOT / "docs" / "findings.md").read_text(encoding="utf-8")
    codes = [k for k in CATALOG if re.fullmatch(r"[EW]_[A-Z_]+", k)]
    for code in codes:
        row = next(line for line in text.splitlines() if line.startswith(f"| `{code}` |"))
        example = row.split(" | ")[1]
        assert "…" not in example and "{" not in example, row  # sample values for every field


def test_the_guide_links_the_chinese_reference() -> None:
    guide = (ROOT / "docs" / "user-guide.md").read_text(encoding="utf-8")
    assert "(findings.md)" in guide and "(validation.md)" not in guide
