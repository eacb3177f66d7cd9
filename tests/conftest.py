"""Shared fixtures.  Helpers for building data live in small modules beside this file."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run in Chinese with no signing key unless they set one."""
    monkeypatch.delenv("REDFLAG_LANG", raising=False)
    monkeypatch.delenv("REDFLAG_SECRET", raising=False)


# Tests that take many seconds by design (scale, load, processes killed at random moments,
# concurrent runs): marked ``slow`` here, in one list, so the fast loop of docs/maintenance.md
# (``-m "not soffice and not browser and not slow"``) leaves them out.  Every full run and CI
# runs them.  A test that grows slow joins the list (``--durations=30`` shows which).
SLOW = {
    "test_web_load.py",  # fifty clients at once against the intake page
    "test_benchmarks_smoke.py",  # every benchmark step as whole processes
    "test_reader_roster.py::test_a_large_roster_in_chunks_is_joined",
    "test_templates_scale.py::test_large_roster_is_carried_whole",
    "test_nothing_lost.py::test_killed_at_random_moments",
    "test_nothing_lost.py::test_a_locked_ledger_stops_with_one_line_and_changes_nothing",
    "test_nothing_lost.py::test_two_quarters_into_one_ledger_at_once",
    "test_nothing_lost.py::test_two_tallies_of_one_quarter_at_once",
    "test_bounded_work.py::test_two_and_a_half_million_blank_rows_are_refused_at_once",
    "test_bounded_work.py::test_just_under_the_caps_is_read_in_seconds",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        module = item.nodeid.split("::", 1)[0].rsplit("/", 1)[-1]
        name = f"{module}::{item.nodeid.split('::', 1)[-1].split('[', 1)[0]}"
        if module in SLOW or name in SLOW:
            item.add_marker(pytest.mark.slow)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Only tests marked ``soffice`` may start LibreOffice (``soffice.marked``), also in the
    module fixtures they set up first."""
    import soffice

    soffice.marked = item.get_closest_marker("soffice") is not None


@pytest.fixture(scope="module")
def blanks(tmp_path_factory: pytest.TempPathFactory):
    """Blank signed 2026Q4 forms of the sample roster (``readkit.build_blanks``), once a module."""
    from readkit import build_blanks

    return build_blanks(tmp_path_factory.mktemp("blank"))


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    """A key file holding ``readkit.KEY``, the key the ``blanks`` are signed with."""
    from readkit import KEY

    path = tmp_path / "office.key"
    path.write_bytes(KEY)
    return path
