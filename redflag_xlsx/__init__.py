"""redflag_xlsx — the 服务质量流动红旗 quarterly award, from ordinary spreadsheets.

    from redflag_xlsx import Roster, Rules, build_templates, read_submissions, tally, write_results

Names are imported on first use, so ``python -m redflag_xlsx --help`` starts fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS = {
    "Rules": "rules",
    "Roster": "roster",
    "Unit": "roster",
    "Leader": "roster",
    "Period": "period",
    "Issue": "models",
    "Submission": "models",
    "ScoringRow": "models",
    "History": "models",
    "Result": "scoring",
    "UnitResult": "scoring",
    "tally": "scoring",
    "build_templates": "templates",
    "read_submissions": "reader",
    "write_results": "results",
    "Ledger": "ledger",
    "run_demo": "demo",
    "excel_round": "rounding",
    "RedflagError": "errors",
    "ConfigError": "errors",
    "UsageError": "errors",
    "InputError": "errors",
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
    from .demo import run_demo
    from .errors import ConfigError, InputError, RedflagError, UsageError
    from .ledger import Ledger
    from .models import History, Issue, ScoringRow, Submission
    from .period import Period
    from .reader import read_submissions
    from .results import write_results
    from .roster import Leader, Roster, Unit
    from .rounding import excel_round
    from .rules import Rules
    from .scoring import Result, UnitResult, tally
    from .templates import build_templates


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'redflag_xlsx' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
