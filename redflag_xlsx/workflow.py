"""A quarter's tally as library calls: read the forms, score with the history (``assess``,
shared by ``validate`` and ``tally``), then write the results workbook and record the quarter in
the ledger (``run_tally``) (SPEC 5-7).

The commands only print what these return.  Input errors never raise: they are findings, and
nothing is written (unless ``allow_errors`` asks for a draft, which is never recorded).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .core.case import Decision
from .core.errors import RedflagError, UsageError
from .core.findings import Issue
from .core.i18n import current_lang
from .core.messages import Msg
from .core.models import History, Submission
from .core.roster import Roster
from .core.rules import Rules
from .xlsx.files import same_file

if TYPE_CHECKING:
    from .core.case import Decision
    from .core.casefile import CaseFile
    from .core.rater_analysis import RaterAnalysis
    from .core.scoring import Result
    from .documents.fonts import FontChoice
    from .ledger.store import RecordInfo

Progress = Callable[[int, int, str], None]

# Findings about the quarter's set of files rather than about one file (``validate --partial``
# leaves them out).
SET_CODES = frozenset({"E_MISSING_SCORING", "W_MISSING_RATER"})


@dataclass
class Assessment:
    """What :func:`assess` read and computed: the forms, the scored quarter, and where the
    earlier quarters came from."""

    submission: Submission
    result: Result
    results_path: Path  # where tally writes the results workbook (not written here)
    ledger_path: Path | None  # the ledger used and to record in (None: --no-history)
    history_used: bool  # the ledger existed and gave the earlier quarters
    analysis: RaterAnalysis | None = None  # 评议分析 (its warnings are in result.issues)
    inputs: list[Path] = field(default_factory=list)  # every file read: never written over

    def findings(self, *, partial: bool = False) -> list[Issue]:
        """What ``validate`` reports: the reader's findings, and the engine's own checks
        (coverage, satisfaction) once every file reads cleanly; ``partial``: only the files'
        own findings, not those about the whole quarter."""
        sub = self.submission
        if partial:
            return [i for i in sub.issues if i.code not in SET_CODES]
        return sub.issues if sub.errors else self.result.issues


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
    not_annotated: list[str] = field(default_factory=list)  # files too large to mark up
    documents: list[Path] = field(default_factory=list)  # the PDFs written (--pdf)

    @property
    def issues(self) -> list[Issue]:
        return self.result.issues

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.result.issues if i.is_error]


def assess(
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
    progress: Progress | None = None,
) -> Assessment:
    """Read the forms at ``paths`` and score the quarter, writing nothing.

    The ledger is ``history_path``, else ``redflag_history.db`` beside the results file that
    ``out`` names (a folder or an .xlsx; default the current folder) -- the one ``tally``
    records in; ``use_history=False`` uses none.  Raises :class:`InputError` when no workbook
    is found at all, :class:`UsageError` for a path that does not exist, a wrong ``--award``
    or a ledger that is one of the inputs, ``LedgerError`` for a damaged ledger.
    """
    from .core.rater_analysis import analyse_raters
    from .core.scoring import tally
    from .intake.reader import collect_files, read_submissions
    from .ledger.store import Ledger, default_ledger_path
    from .results.writer import results_path

    if not use_history and history_path is not None:
        raise UsageError(Msg("tally_history_conflict"))
    rules = rules or Rules.default()
    files, missing = collect_files(list(paths), recursive)
    if missing:  # a typo on the command line, not a finding about the quarter (SPEC 8: exit 2)
        raise UsageError(Msg("path_not_found", path=missing[0]))
    sub = read_submissions(  # raises InputError when there is no workbook at all
        list(paths),
        roster=roster,
        period=period,
        rules=rules,
        key=key,
        recursive=recursive,
        progress=progress,
    )
    rules.check_roster(sub.roster)
    target = results_path(sub.period, out if out is not None else Path.cwd())
    ledger_path = None
    if use_history:
        ledger_path = Path(history_path) if history_path else default_ledger_path(target)
        _not_an_input(ledger_path, files)
    history = History()
    used = ledger_path is not None and ledger_path.exists()
    if used:  # a damaged ledger stops us here
        assert ledger_path is not None
        with Ledger(ledger_path, create=False) as ledger:
            history = ledger.history(before=sub.period)
    result = tally(sub, rules, history, awards)
    analysis = None
    if not sub.errors:  # ratings that could not all be read would mislead the analysis
        analysis = analyse_raters(result)
        result.issues.extend(analysis.issues)
    return Assessment(sub, result, target, ledger_path, used, analysis, files)


def _not_an_input(output: Path, inputs: Iterable[Path], *, results: bool = False) -> None:
    """Refuse (exit 2) an output that is one of the files read: nothing is ever written over an
    input (SPEC 8).  ``results``: this program's own earlier results workbook, read (and
    ignored) among the inputs, may be replaced (with ``--force``)."""
    for path in inputs:
        if not same_file(output, path):
            continue
        if results and _is_results_workbook(path):
            continue
        raise UsageError(Msg("out_is_input", file=output))


def _is_results_workbook(path: Path) -> bool:
    from .reporting import is_results_workbook

    return is_results_workbook(path)


def award_decisions(result: Result) -> list[Decision]:
    """The leaders' decisions a tally's ``--award`` recorded: each tie it decided, as an award
    of the unit named (the 公示 says 经局领导审定, never the option)."""
    return [Decision(unit=u.code, action="award") for u in result.units if u.decided_by_award]


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
    reason: str | None = None,
    pdf: bool = False,
    date: _dt.date | None = None,
    font: str | Path | FontChoice | None = None,
) -> TallyRun:
    """Tally the forms at ``paths`` (files and folders) into ``out`` (a folder or an .xlsx).

    With ``pdf``, the 公示, the statements and the payout list are written beside the workbook
    (:func:`reporting.render_period`; ``date`` the 公示 date, default today; ``font`` the
    ``--font`` file): drawn before anything is written (no font: nothing written), placed
    before the ledger records the revision and undone when it does not.  A tally renders the
    period as proposed (拟定): the leaders' approval is ``approve``'s.

    :func:`assess`, then the results workbook (in ``lang``) and the ledger record.  Raises
    what :func:`assess` raises, ``UsageError`` when the results exist and ``force`` is not set
    (or would replace an input), ``OutputError`` when they cannot be written, ``LedgerError``
    when the ledger cannot record them -- and then nothing is written at all: the workbook is
    put in place inside the ledger's transaction (SPEC 8).  A result with errors
    (``allow_errors``) is a draft: ``..._草稿.xlsx``, never recorded.  A period the ledger
    holds gets its next revision; when its inputs changed, ``reason`` is required
    (``UsageError`` naming the changed cells, nothing written).
    """
    from .ledger.store import Ledger
    from .reporting import prepare_period
    from .results.writer import placing_error, results_path

    found = assess(
        paths,
        out=out,
        period=period,
        roster=roster,
        rules=rules,
        history_path=history_path,
        use_history=use_history,
        awards=awards,
        key=key,
        recursive=recursive,
        progress=progress,
    )
    result = found.result
    run = TallyRun(found.submission, result, found.results_path, ledger_path=found.ledger_path)
    if annotate_dir is not None:
        from .intake.annotate import annotate

        run.annotated = annotate(
            result.issues,
            annotate_dir,
            lang=lang,
            avoid=found.inputs,
            not_copied=run.not_annotated,
        )
    if run.errors and not allow_errors:
        return run
    draft = bool(run.errors)  # a draft: its own name, marked, never recorded (SPEC 8)
    target = results_path(result.period, out if out is not None else Path.cwd(), draft=draft)
    _not_an_input(target, found.inputs, results=True)
    ledger_path = None if draft else run.ledger_path
    fingerprints = found.submission.fingerprints
    plan = None
    if ledger_path is not None and ledger_path.exists():
        # what the ledger will hold afterwards, so the workbook's 修订记录 and 公示 agree with
        # it; changed inputs without ``reason`` stop here, before anything is drawn
        with Ledger(ledger_path, create=False) as ledger:
            plan = ledger.plan(result, fingerprints=fingerprints, reason=reason)
    rendering = prepare_period(
        result,
        out if out is not None else Path.cwd(),  # to the same target (a draft: its own name)
        state=plan.state if plan is not None else "proposed",
        revisions=plan.revisions if plan is not None else (),
        decisions=award_decisions(result),
        pdf=pdf,
        date=date,
        font=font,
        lang=lang,
        force=force,
        # the workbook was checked above (an earlier results workbook may be replaced); a PDF
        # among the inputs is never written over
        avoid=[p for p in found.inputs if p.suffix.lower() == ".pdf"],
        tag="L" if ledger_path is not None else "",
    )
    placement = rendering.workbook
    try:
        rendering.place_documents()  # the PDFs first: undone below when the ledger refuses
        if ledger_path is not None:
            # the workbook is put in place inside the revision's transaction: both or neither
            with Ledger(ledger_path) as ledger:
                run.ledger = ledger.record(
                    result,
                    fingerprints=fingerprints,
                    placement=placement,
                    reason=reason,
                    expected_revision=plan.after if plan is not None else 1,
                    at=plan.revisions[-1].at if plan is not None and plan.number else None,
                )
        else:
            placement.place()
    except RedflagError:  # the ledger's own (locked, damaged, read-only): said as it is
        rendering.undo()
        raise
    except OSError as exc:  # putting the workbook in place failed (FileExistsError: taken)
        rendering.undo()
        raise placing_error(exc, target, current_lang(lang)) from None
    except BaseException:
        rendering.undo()
        raise
    rendering.finish()
    run.documents = [p.target for p in rendering.documents]
    run.results_path = target
    run.written = True
    return run


# --- the quarter as a case: from the ledger alone (SPEC 7, 12) ---------------------------------
def rescore(case: CaseFile, *, decisions: Iterable[Decision] | None = None) -> Result:
    """Score the period of ``case`` again from its stored inputs, rules and the ledger's
    history before it, with ``decisions`` (default: those in force, ``case.decisions``) -- the
    result the tally (or the approval) recorded.  Pure: reads and writes nothing.  Raises
    ``UsageError`` for decisions the engine refuses (:func:`core.scoring.apply_decisions`)."""
    from .core.rater_analysis import analyse_raters
    from .core.scoring import tally

    chosen = case.decisions if decisions is None else tuple(decisions)
    result = tally(case.submission, case.rules, case.history, decisions=chosen)
    if not case.submission.errors:  # as assess does: the 评议分析's findings
        result.issues.extend(analyse_raters(result).issues)
    return result


@dataclass
class ApproveRun:
    """What :func:`approve` recorded and wrote."""

    case: CaseFile  # the period as it was before the approval
    result: Result  # the approved result
    results_path: Path  # the results workbook written
    ledger: RecordInfo


def approve(
    period: str,
    *,
    history_path: str | Path,
    awards: Iterable[str] = (),
    withholds: Iterable[str] = (),
    reason: str | None = None,
    out: str | Path | None = None,
    lang: str | None = None,
) -> ApproveRun:
    """Record the leaders' approval (审定, SPEC 12) of ``period`` from the ledger alone, as a
    new revision (state 已审定), and write the results workbook again into ``out`` (default:
    the ledger's folder), replacing this program's earlier results file of that period.

    ``awards`` decide ties (as ``tally --award``) or, with ``reason``, give a flag to an
    eligible unit outside the proposal; ``withholds`` (with ``reason``) take a proposed
    winner's flag away.  The proposal is the latest tally's ranking with its ``--award``
    decisions.  Later periods' streaks follow the approved winners.

    Raises ``UsageError`` (exit 2, nothing changed): no ledger, a period it does not hold, a
    tie left open, a departure without ``reason``, a unit that cannot win awarded, more flags
    than a site has, an unknown code, an output that is not a results workbook.
    ``LedgerError``: a period recorded before inputs were kept, a damaged ledger.
    """
    from .core.case import Decision, Revision
    from .core.messages import Texts
    from .core.period import Period
    from .ledger.store import Ledger, utc_now
    from .reporting import prepare_period
    from .results.writer import placing_error, results_path

    period = str(Period.parse(period))
    path = Path(history_path)
    if not path.exists() and not path.is_symlink():
        raise UsageError(Msg("ledger_missing", file=path))
    note = (reason or "").strip()
    with Ledger(path, create=False) as ledger:
        tallied = [p.period for p in ledger.periods()]
        if period not in tallied:
            periods = "、".join(tallied) if tallied else Msg("case_none")
            raise UsageError(Msg("case_no_period", file=path, period=period, periods=periods))
        case = ledger.case(period)
        proposal = next((r for r in reversed(case.revisions) if r.kind == "tally"), None)
        base = [d for d in proposal.decisions if d.action == "award"] if proposal else []
        wanted = [Decision(unit=c, action="award", reason=note) for c in awards]
        wanted += [Decision(unit=c, action="withhold", reason=note) for c in withholds]
        result = rescore(case, decisions=[*base, *wanted])
        for site in result.roster.sites:
            tied = [u.code for u in result.ties(site)]
            if tied:
                units = Texts(zh="、".join(tied), en=", ".join(tied))
                raise UsageError(Msg("approve_tie_open", period=period, site=site, units=units))
        target = results_path(period, out if out is not None else path.parent)
        if target.exists() and not _is_results_workbook(target):
            raise UsageError(Msg("approve_not_results", file=target))
        decided = [Decision(unit=c, action="award") for c in result.awards]
        decided += list(result.decisions)
        latest = case.revisions[-1].number if case.revisions else 0
        approval = Revision(
            number=latest + 1, at=utc_now(), kind="approve", reason=note, decisions=tuple(decided)
        )
        rendering = prepare_period(
            result,
            target,
            state="approved",
            revisions=(*case.revisions, approval),
            decisions=decided,
            lang=lang,
            tag="L",
            replace_own=True,
        )
        placement = rendering.workbook
        try:
            info = ledger.record(
                result,
                placement=placement,
                kind="approve",
                reason=note,
                decisions=decided,
                expected_revision=approval.number,
                at=approval.at,
            )
        except RedflagError:
            rendering.undo()
            raise
        except OSError as exc:
            rendering.undo()
            raise placing_error(exc, target, current_lang(lang)) from None
        except BaseException:
            rendering.undo()
            raise
        rendering.finish()
    return ApproveRun(case=case, result=result, results_path=target, ledger=info)


@dataclass
class ReportRun:
    """What :func:`report` wrote."""

    case: CaseFile
    result: Result
    paths: list[Path]  # the results workbook first, then the PDFs


def report(
    period: str,
    *,
    history_path: str | Path,
    out: str | Path | None = None,
    pdf: bool = False,
    date: _dt.date | None = None,
    font: str | Path | FontChoice | None = None,
    lang: str | None = None,
) -> ReportRun:
    """Render ``period`` again from the ledger alone (SPEC 12), as its latest revision stands
    (proposed or approved, with the leaders' decisions and every revision in 修订记录): the
    results workbook into ``out`` (default: the ledger's folder) and, with ``pdf``, the 公示,
    the statements and the payout list beside it.  Files this program wrote before are
    replaced (the ledger holds the truth); any other file of those names is refused.  Writes
    nothing to the ledger.

    Raises ``UsageError`` (exit 2): no ledger, a period it does not hold, a file in the way.
    ``LedgerError``: a period recorded before inputs were kept (nothing to render it from), a
    damaged ledger.  ``ConfigError``: no CJK font for the PDFs.
    """
    from .core.period import Period
    from .ledger.store import Ledger
    from .reporting import render_period

    period = str(Period.parse(period))
    path = Path(history_path)
    if not path.exists() and not path.is_symlink():
        raise UsageError(Msg("ledger_missing", file=path))
    with Ledger(path, create=False) as ledger:
        tallied = [p.period for p in ledger.periods()]
        if period not in tallied:
            periods = "、".join(tallied) if tallied else Msg("case_none")
            raise UsageError(Msg("case_no_period", file=path, period=period, periods=periods))
        case = ledger.case(period)
    result = rescore(case)
    paths = render_period(
        result,
        out if out is not None else path.parent,
        state=case.state,
        revisions=case.revisions,
        decisions=case.decisions,
        pdf=pdf,
        date=date,
        font=font,
        lang=lang,
        replace_own=True,
    )
    return ReportRun(case=case, result=result, paths=paths)
