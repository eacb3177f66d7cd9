"""``templates/`` holds the blank forms for the sample roster; this test fails when they are out of
date with the code.  Workbooks are compared as data (cells, styles that matter, validations,
protection, page setup, _meta, document properties), not as bytes.

Regenerate after a deliberate change:  python tests/test_templates_golden.py
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import openpyxl

from redflag_xlsx.core.roster import Roster
from redflag_xlsx.forms.register import build_register
from redflag_xlsx.forms.templates import build_templates

GOLDEN = Path(__file__).resolve().parent.parent / "templates"
PERIOD = "2026Q4"
# sub-folder -> build_templates options (unsigned: no office key belongs in the repository)
SETS: dict[str, dict[str, Any]] = {
    ".": {"lang": "zh"},
    "en": {"lang": "en"},
    "split": {"split": True},
}


def build_all(root: Path) -> list[Path]:
    paths = []
    for sub, options in SETS.items():
        paths += build_templates(Roster.sample(), PERIOD, root / sub, key=None, **options)
    paths.append(build_register(Roster.sample(), PERIOD, root, key=None))  # SPEC 14
    return paths


def workbook_data(path: Path) -> dict[str, Any]:
    """Everything about a form that a user or the reader could notice."""
    wb = openpyxl.load_workbook(path)
    props = wb.properties
    data: dict[str, Any] = {
        "sheets": [(ws.title, ws.sheet_state) for ws in wb.worksheets],
        "active": wb.active.title,
        "custom": [(p.name, p.value) for p in wb.custom_doc_props],
        "properties": (props.title, props.subject, props.creator, props.created),
    }
    for ws in wb.worksheets:
        ps, margins = ws.page_setup, ws.page_margins
        data[ws.title] = {
            "cells": {
                c.coordinate: (
                    c.value,
                    c.data_type,
                    c.protection.locked,
                    c.fill.fgColor.rgb if c.fill.fill_type else None,
                    c.font.b,
                    c.alignment.wrap_text,
                    c.number_format,
                )
                for row in ws.iter_rows()
                for c in row
                if c.has_style or c.value is not None
            },
            "merged": sorted(str(r) for r in ws.merged_cells.ranges),
            "validations": sorted(
                (
                    str(dv.sqref),
                    dv.type,
                    dv.operator,
                    dv.formula1,
                    dv.formula2,
                    dv.promptTitle,
                    dv.prompt,
                    dv.errorTitle,
                    dv.error,
                )
                for dv in ws.data_validations.dataValidation
            ),
            "freeze": ws.freeze_panes,
            "widths": {k: d.width for k, d in ws.column_dimensions.items() if d.customWidth},
            "heights": {k: d.height for k, d in ws.row_dimensions.items() if d.height},
            "page": (ps.orientation, ps.paperSize, ps.fitToWidth, ps.fitToHeight),
            "fit": ws.sheet_properties.pageSetUpPr.fitToPage
            if ws.sheet_properties.pageSetUpPr
            else None,
            "margins": (margins.left, margins.right, margins.top, margins.bottom),
            "titles": ws.print_title_rows,
            "footer": str(ws.oddFooter.left.text) + str(ws.oddFooter.center.text),
            "protected": (ws.protection.sheet, ws.protection.password),
        }
    return data


def relative(paths: list[Path], root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in paths)


def test_committed_templates_are_up_to_date(tmp_path: Path) -> None:
    fresh = build_all(tmp_path)
    committed = list(GOLDEN.rglob("*.xlsx"))
    assert relative(committed, GOLDEN) == relative(fresh, tmp_path), (
        "templates/ is out of date: run  python tests/test_templates_golden.py"
    )
    assert len(fresh) == 2 + 18 + 1
    for path in fresh:
        name = path.relative_to(tmp_path)
        new, old = workbook_data(path), workbook_data(GOLDEN / name)
        assert new.keys() == old.keys(), name
        for key in new:
            assert new[key] == old[key], (
                f"templates/{name.as_posix()}: {key} differs; "
                "run  python tests/test_templates_golden.py"
            )


def test_builds_are_deterministic(tmp_path: Path) -> None:
    """Same inputs, same bytes (a fixed creation date), so regenerating changes nothing."""
    a = build_templates(None, PERIOD, tmp_path / "a", key=b"k")
    b = build_templates(None, PERIOD, tmp_path / "b", key=b"k")
    assert a[0].read_bytes() == b[0].read_bytes()
    assert workbook_data(a[0])["properties"][3].isoformat() == "2026-10-01T00:00:00"


if __name__ == "__main__":  # regenerate templates/
    for old in GOLDEN.rglob("*.xlsx"):
        old.unlink()
    for written in build_all(GOLDEN):
        print(written.relative_to(GOLDEN.parent))
    sys.exit(0)
