"""A quarter's tally as one library call: read the forms, score with the history, write the
results workbook and record the quarter in the ledger (SPEC 5-7).

``tally`` (the command) and ``demo`` both call :func:`run_tally`; the command only prints what
it returns.  Input errors never raise: they are in ``TallyRun.errors`` and nothing is written
(unless ``allow_errors`` asks for a draft, which is never recorded in the ledger).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .core.errors import UsageError
from .core.i18n import current_lang, t
from .core.models import History, Issue, Submission
from .core.roster import Roster
from .core.rules import Rules

if TYPE_CHECKING:
    from .core.scoring import Result
    from .ledger.store import RecordInfo

Progress = Callable[[int, int, str], None]


@dataclass
class TallyRun:
    """What :func:`run_tally` read, computed and wrote."""

    submission: Submission
    result: Result
    results_path: Path  # where the results workbook goes (written only when ``written``)
    written: bool = False
    ledger_path: Path | None = None
    ledger: RecordInfo | None = None
    annotated: list[Path] = field(default_factory=list)

    @property
    def issues(self) -> list[Issue]:
        return self.result.issues

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.result.issues if i.is_error]


def run_tally(
    paths: Iterable[str | Path],
    *,
    out: str | Path | None = None,
    period: str | None = None,
    roster: Roster | None = None,
    rules: Rules | None = None,
    history_path: str | Path | None = None,
    use_history: bool = True,
    awards: Iterable[str] = (),
    key: bytes | None = None,
    recursive: bool = False,
    allow_errors: bool = False,
    force: bool = False,
    annotate_dir: str | Path | None = None,
    lang: str | None = None,
    progress: Progress | None = None,
) -> TallyRun:
    """Tally the forms at ``paths`` (files and folders) into ``out`` (a folder or an .xlsx).

    The ledger (``history_path``, default ``redflag_history.db`` beside the results) gives the
    earlier quarters for streaks and baselines and records this one; ``use_history=False`` uses
    none.  Raises :class:`InputError` when no workbook is found at all, :class:`UsageError` for
    a wrong ``--award``, ``LedgerError`` for a damaged ledger and ``OutputError`` when the
    results cannot be written (or exist and ``force`` is not set).
    """
    from .core.scoring import tally
    from .intake.reader import read_submissions
    from .ledger.store import Ledger, default_ledger_path
    from .results.writer import results_path, write_results

    lang = current_lang(lang)
    if not use_history and history_path is not None:
        raise UsageError(t("tally_history_conflict", lang))
    rules = rules or Rules.default()
    sub = read_submissions(  # raises InputError when there is no workbook at all
        list(paths),
        roster=roster,
        period=period,
        rules=rules,
        key=key,
        recursive=recursive,
        lang=lang,
        progress=progress,
    )
    rules.check_roster(sub.roster)
    target = results_path(sub.period, out if out is not None else Path.cwd())
    ledger_path = None
    if use_history:
        ledger_path = Path(history_path) if history_path else default_ledger_path(target)

    history = History()
    if ledger_path is not None and ledger_path.exists():  # a damaged ledger stops us here
        with Ledger(ledger_path, create=False, lang=lang) as ledger:
            history = ledger.history(before=sub.period)
    result = tally(sub, rules, history, awards, lang)
    run = TallyRun(sub, result, target, ledger_path=ledger_path)

    if annotate_dir is not None:
        from .intake.annotate import annotate

        run.annotated = annotate(result.issues, annotate_dir, lang=lang)
    if run.errors and not allow_errors:
        return run
    write_results(result, target, force=force, lang=lang)
    run.written = True
    if ledger_path is not None and not run.errors:  # a draft is never recorded
        with Ledger(ledger_path, lang=lang) as ledger:
            run.ledger = ledger.record(result, fingerprints=sub.fingerprints)
    return run
