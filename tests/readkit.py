"""Shared helpers of the reader and validate tests: blank templates, a filled quarter, reading."""

from __future__ import annotations

import copy
from pathlib import Path
from types import SimpleNamespace

from redflag_xlsx.core.roster import Roster
from redflag_xlsx.forms.templates import build_templates
from redflag_xlsx.intake.reader import read_submissions

from fill import complete, fill_combined, fill_form

KEY = b"test-key"
ROSTER = Roster.sample()
DATA = complete(ROSTER)
COMBINED = "红旗评选_2026Q4.xlsx"


def build_blanks(root: Path) -> SimpleNamespace:
    """Blank 2026Q4 templates of the sample roster, signed with KEY: combined and split."""
    combined = build_templates(ROSTER, "2026Q4", root / "combined", key=KEY)[0]
    split = build_templates(ROSTER, "2026Q4", root / "split", split=True, key=KEY)
    return SimpleNamespace(root=root, combined=combined, split={p.name: p for p in split})


def merged(**changes):
    """The complete quarter with ``changes`` ({sheet: {row: {column: value}}}) applied."""
    data = copy.deepcopy(DATA)
    for sheet, rows in changes.items():
        for code, values in rows.items():
            data[sheet].setdefault(code, {}).update(values)
    return data


def filled(blanks, folder: Path, name: str = COMBINED, **changes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return fill_combined(blanks.combined, out=folder / name, **merged(**changes))


def split_forms(blanks, folder: Path, data=None, skip=()) -> list[Path]:
    """Every split form filled with ``data`` (default: the complete quarter)."""
    data = data or DATA
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, blank in blanks.split.items():
        target = folder / name
        if any(s in name for s in skip):
            continue
        if name.startswith("服务质量考核"):
            fill_form(blank, data["scoring"], out=target)
        else:
            rater = name.rsplit("_", 1)[1].removesuffix(".xlsx")
            sheet = "peer" if name.startswith("单位互评") else "leadership"
            fill_form(blank, data[sheet][rater], out=target)
        out.append(target)
    return out


def read(*paths, **kw):
    kw.setdefault("key", KEY)
    return read_submissions(list(paths), **kw)


def flat(sub):
    return [(i.code, i.cell) for i in sub.issues]
