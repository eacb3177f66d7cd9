"""Reading many files with a pool of worker processes (issue 19): the same Submission and the
same findings, in the same order, as reading them one by one in this process."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest

from redflag_xlsx.intake import reader

from readkit import DATA, read, split_forms


@pytest.fixture(scope="module")
def inbox(blanks, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every split form, with findings spread over several files: wrong values, a
    second copy of a form, a file that is no workbook, a damaged one, another period's."""
    data = copy.deepcopy(DATA)
    raters = sorted(data["peer"])
    data["peer"][raters[0]][next(iter(data["peer"][raters[0]]))] = "很好"
    data["peer"][raters[-1]][next(iter(data["peer"][raters[-1]]))] = 150
    leader = sorted(data["leadership"])[0]
    data["leadership"][leader][next(iter(data["leadership"][leader]))] = -5
    folder = tmp_path_factory.mktemp("pool") / "in"
    forms = split_forms(blanks, folder, data=data)
    shutil.copy(forms[1], folder / "copy.xlsx")  # W_DUPLICATE_IDENTICAL
    (folder / "notes.xlsx").write_text("rater,score\n", encoding="utf-8")  # E_UNREADABLE
    (folder / "cut.xlsx").write_bytes(forms[2].read_bytes()[:3000])  # a damaged zip
    return folder


def _same(a, b) -> None:
    assert a.model_dump() == b.model_dump()
    assert [(i.code, i.file, i.sheet, i.cell, i.message) for i in a.issues] == [
        (i.code, i.file, i.sheet, i.cell, i.message) for i in b.issues
    ]


def test_pool_reads_like_the_serial_loop(inbox: Path) -> None:
    serial = read(inbox, workers=1)
    pooled = read(inbox, workers=2)
    assert {i.code for i in serial.issues} >= {
        "E_NOT_A_NUMBER",
        "E_OUT_OF_RANGE",
        "W_DUPLICATE_IDENTICAL",
        "E_UNREADABLE",
    }
    _same(serial, pooled)


def test_every_form_of_a_pooled_run_shares_one_roster_object(inbox: Path) -> None:
    files, _missing = reader.collect_files([inbox])
    ctx = reader._Ctx(reader.Rules.default(), b"test-key")
    forms = list(reader._read_files(files, ctx, 2))
    rosters = {id(f.roster) for f in forms if f.roster is not None}
    assert len(rosters) == 1
    # format 2 rating forms carry the fingerprint, not the roster: the scoring form gives it
    assert len([f for f in forms if f.roster is not None]) >= 1
    assert len({f.meta.get("roster_fingerprint") for f in forms} - {None}) == 1


def test_progress_and_worker_count(inbox: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[int, int]] = []
    read(inbox, workers=2, progress=lambda done, total, _file: calls.append((done, total)))
    assert calls == [(i, calls[0][1]) for i in range(1, calls[0][1] + 1)]
    assert reader._workers(reader.POOL_MIN_FILES - 1, None) == 1
    assert reader._workers(5, 8) == 5
    monkeypatch.setenv(reader.WORKERS_ENV, "1")
    assert reader._workers(10_000, None) == 1
    monkeypatch.setenv(reader.WORKERS_ENV, "3")
    assert reader._workers(10_000, None) == 3
