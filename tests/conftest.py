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
