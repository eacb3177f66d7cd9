"""build-template with a pool of worker processes (issue 19): the same files, byte for byte and
in the same order, as writing them one by one in this process; a form that cannot be written is
one OutputError naming it, and no temporary file stays."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from redflag_xlsx.core.errors import OutputError
from redflag_xlsx.core.i18n import t
from redflag_xlsx.core.roster import Roster
from redflag_xlsx.forms import templates
from redflag_xlsx.xlsx import files, workers

KEY = b"office secret"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_pool_writes_the_same_files_in_the_same_order(tmp_path: Path, lang: str) -> None:
    roster = Roster.sample()
    serial = templates.build_templates(
        roster, "2026Q4", tmp_path / "one", split=True, lang=lang, key=KEY, workers=1
    )
    pooled = templates.build_templates(
        roster, "2026Q4", tmp_path / "two", split=True, lang=lang, key=KEY, workers=2
    )
    assert [p.name for p in pooled] == [p.name for p in serial]
    assert all(p.parent == tmp_path / "two" for p in pooled)
    assert _files(tmp_path / "two") == _files(tmp_path / "one")
    assert len(serial) == 1 + len(roster.units) + len(roster.leaders)


def test_a_form_a_worker_cannot_write_is_one_error_naming_it(tmp_path: Path) -> None:
    """A folder where a form should go stands in for a file open in Excel on Windows."""
    roster = Roster.sample()
    out = tmp_path / "out"
    blocked = out / templates.form_filename("leadership", "2026Q4", roster.leaders[0].code)
    blocked.mkdir(parents=True)
    with pytest.raises(OutputError) as info:
        templates.build_templates(roster, "2026Q4", out, split=True, key=KEY, workers=2)
    assert str(info.value) == t(
        "out_write_failed", "zh", file=blocked, detail=os.strerror(errno.EISDIR)
    )
    left = [p.name for p in out.iterdir()]
    assert blocked.name in left and not [n for n in left if n.startswith(files.TEMP_PREFIX)]


def test_how_many_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(workers.WORKERS_ENV, raising=False)
    assert workers.count(workers.POOL_MIN_FILES - 1) == 1
    assert workers.count(5, 8) == 5
    assert 1 <= workers.count(10_000) <= (os.cpu_count() or 1)
    monkeypatch.setenv(workers.WORKERS_ENV, "1")
    assert workers.count(10_000) == 1
    monkeypatch.setenv(workers.WORKERS_ENV, "3")
    assert workers.count(10_000) == 3
    monkeypatch.setenv(workers.WORKERS_ENV, "many")
    assert workers.count(workers.POOL_MIN_FILES - 1) == 1
