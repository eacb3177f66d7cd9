"""redflag_xlsx — the 服务质量流动红旗 quarterly award, from ordinary spreadsheets.

    from redflag_xlsx import Roster, Rules, build_templates, read_submissions, tally, write_results

Names are imported on first use, so ``python -m redflag_xlsx --help`` starts fast.
"""

from __future__ import annotations

import importlib

from .core import __version__ as __version__
from .core import hooks as _hooks

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (nor pathlib) at start

# public name -> module that defines it
_EXPORTS = {
    "Rules": "core.rules",
    "Roster": "core.roster",
    "Unit": "core.roster",
    "Leader": "core.roster",
    "Period": "core.period",
    "Issue": "core.findings",
    "Submission": "core.models",
    "ScoringRow": "core.models",
    "History": "core.models",
    "Result": "core.scoring",
    "UnitResult": "core.scoring",
    "tally": "core.scoring",
    "build_templates": "forms.templates",
    "read_submissions": "intake.reader",
    "write_results": "results",
    "Ledger": "ledger",
    "run_demo": "demo",
    "excel_round": "core.rounding",
    "RedflagError": "core.errors",
    "ConfigError": "core.errors",
    "UsageError": "core.errors",
    "InputError": "core.errors",
}

__all__ = [
    "ConfigError",
    "History",
    "InputError",
    "Issue",
    "Leader",
    "Ledger",
    "Period",
    "RedflagError",
    "Result",
    "Roster",
    "Rules",
    "ScoringRow",
    "Submission",
    "Unit",
    "UnitResult",
    "UsageError",
    "build_templates",
    "excel_round",
    "read_submissions",
    "run_demo",
    "tally",
    "write_results",
]

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path
    from typing import Any

    from .core.errors import ConfigError, InputError, RedflagError, UsageError
    from .core.findings import Issue
    from .core.models import History, ScoringRow, Submission
    from .core.period import Period
    from .core.roster import Leader, Roster, Unit
    from .core.rounding import excel_round
    from .core.rules import Rules
    from .core.scoring import Result, UnitResult, tally
    from .demo import run_demo
    from .forms.templates import build_templates
    from .intake.reader import read_submissions
    from .ledger.store import Ledger
    from .results.writer import write_results


def _read_roster_workbook(path: Path) -> Any:
    from .intake.roster_file import read_roster_workbook

    return read_roster_workbook(path)


_hooks.roster_workbook_reader = _read_roster_workbook


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'redflag_xlsx' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
