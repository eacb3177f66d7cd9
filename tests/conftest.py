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
