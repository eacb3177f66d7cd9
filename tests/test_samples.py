"""``samples/`` holds a whole sample quarter: the roster, one filled combined workbook, one
filled set of split forms, and the results workbook they produce.  This test regenerates them
and fails when they drift from the code (numbers compared, not bytes).

Regenerate after a deliberate change:  python tests/test_samples.py
"""

from __future__ import annotations

import contextlib
import datetime
import sys
from pathlib import Path
from typing import Any

import openpyxl

from redflag_xlsx.core.roster import Roster
from redflag_xlsx.core.rules import Rules
from redflag_xlsx.core.scoring import tally
from redflag_xlsx.demo import sample_data, sample_register, without_register_items
from redflag_xlsx.forms.filling import fill_register, fill_workbook
from redflag_xlsx.forms.register import build_register
from redflag_xlsx.forms.templates import build_templates, write_roster_workbook
from redflag_xlsx.intake.reader import read_submissions
from redflag_xlsx.results.case import RenderCase
from redflag_xlsx.results.writer import write_results

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
PERIOD = "2026Q4"
# The samples' forms are signed with this published key, so that they can be tallied as they are
# (`--key samples/sample.key`). It protects nothing: an office's own key stays with the clerk.
SAMPLE_KEY = b"redflag-sample-key-public-not-secret"
SAMPLE_DAY = datetime.date(2027, 1, 5)  # the 公示's date in the sample results


def regenerate(root: Path) -> list[Path]:
    """Write every sample file into ``root``; returns them."""
    roster, rules = Roster.sample(), Rules.default()
    full = sample_data(roster, rules)
    data = without_register_items(full, rules)  # as the demo: the register gives the counts
    events = sample_register(full, PERIOD, rules)
    root.mkdir(parents=True, exist_ok=True)
    (root / "sample.key").write_bytes(SAMPLE_KEY + b"\n")
    written = [write_roster_workbook(roster, root / "roster.xlsx"), root / "sample.key"]
    for sub, split in (("combined", False), ("split", True)):
        for form in build_templates(roster, PERIOD, root / sub, split=split, key=SAMPLE_KEY):
            written.append(
                fill_workbook(
                    form, scoring=data.scoring, peer=data.peer, leadership=data.leadership
                )
            )
        register = build_register(roster, PERIOD, root / sub, rules=rules, key=SAMPLE_KEY)
        written.append(fill_register(register, events=events))
    with contextlib.chdir(root):  # findings name the file as a clerk would: combined/…
        result = tally(read_submissions(["combined"], key=SAMPLE_KEY), rules)
    # the 公示's date is fixed, so the samples do not drift with the calendar
    case = RenderCase(date=SAMPLE_DAY)
    written.append(write_results(result, root, force=True, case=case))
    return written


def workbook_values(path: Path) -> dict[str, Any]:
    """Sheet names, and every cell's typed content and shown value, of a workbook."""
    typed, shown = (openpyxl.load_workbook(path, data_only=d) for d in (False, True))
    return {
        ws.title: [
            [(c.value, shown[ws.title][c.coordinate].value) for c in row] for row in ws.iter_rows()
        ]
        for ws in typed.worksheets
    }


def test_samples_are_current(tmp_path: Path) -> None:
    fresh = regenerate(tmp_path)
    names = sorted(p.relative_to(tmp_path).as_posix() for p in fresh)
    committed = sorted(p.relative_to(SAMPLES).as_posix() for p in SAMPLES.rglob("*") if p.is_file())
    assert committed == names, "samples/ is out of date: run python tests/test_samples.py"
    for name in names:
        new, old = tmp_path / name, SAMPLES / name
        if name.endswith(".xlsx"):
            assert workbook_values(old) == workbook_values(new), name
        else:
            assert old.read_bytes() == new.read_bytes(), name


def test_samples_tally_as_committed(tmp_path: Path) -> None:
    """The committed split forms give the committed results' numbers."""
    split = tally(read_submissions([SAMPLES / "split"], key=SAMPLE_KEY))
    assert [i.code for i in split.issues] == ["W_BASELINE_MISSING"]
    ws = openpyxl.load_workbook(SAMPLES / f"红旗评选结果_{PERIOD}.xlsx", data_only=True)["汇总"]
    totals = {r[0]: r[6] for r in ws.iter_rows(min_row=4, values_only=True) if r[0]}
    assert totals == {u.code: u.total for u in split.units}


if __name__ == "__main__":
    import shutil

    shutil.rmtree(SAMPLES, ignore_errors=True)
    for path in regenerate(SAMPLES):
        print(path)
    sys.exit(0)
