"""Rendering a tallied period (SPEC 6, 12, 13): the results workbook and, with ``pdf``, the
公示, the statements and the payout list beside it -- as the period stands in its case file
(proposed or approved, the leaders' decisions, the revisions)::

    paths = render_period(result, "结果/", state="proposed", pdf=True, date=date(2027, 1, 5))
    # -> 结果/红旗评选结果_2026Q4.xlsx, 结果/公示_2026Q4.pdf, 结果/成绩通知单_2026Q4.pdf,
    #    结果/奖金发放表_2026Q4.pdf

``tally`` renders what it has just tallied; ``approve`` and ``report`` render from the ledger.
Nothing lost (SPEC 8): every file is complete under a temporary name before any is placed
(a missing font, a character the font lacks, a folder that cannot be written: nothing at all is
placed); an existing file is replaced only with ``force``, and never an input; the names are
taken create-exclusive, and a placement that fails midway is undone.  :func:`prepare_period`
is the first half, for a caller that places the workbook inside a ledger transaction.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .core.case import CaseState, Decision, Revision
from .core.errors import OutputError, UsageError
from .core.i18n import current_lang
from .core.messages import Msg
from .xlsx.files import Placement, same_file, write_temp

if TYPE_CHECKING:
    from .core.scoring import Result
    from .documents.fonts import FontChoice
    from .documents.models import RegisterEvent

__all__ = ["Rendering", "prepare_period", "register_events", "render_period"]


@dataclass
class Rendering:
    """The files of one period, complete under temporary names, not yet placed: the results
    workbook first, then the PDFs (when asked for)."""

    workbook: Placement
    documents: list[Placement] = field(default_factory=list)

    @property
    def paths(self) -> list[Path]:
        return [self.workbook.target, *(p.target for p in self.documents)]

    def place_documents(self) -> None:
        """Put the PDFs in place (the workbook is placed by the caller, or :meth:`place`);
        raises what placing raises, after undoing the PDFs it had placed."""
        done: list[Placement] = []
        try:
            for placement in self.documents:
                placement.place()
                done.append(placement)
        except BaseException as exc:
            for placement in done:
                placement.undo()
            raise _placing_error(exc, placement.target) from None

    def place(self) -> None:
        """Put every file in place, or none (undone on failure)."""
        from .results.writer import placing_error

        try:
            self.workbook.place()
        except BaseException as exc:
            self.undo()
            raise placing_error(exc, self.workbook.target, current_lang()) from None
        try:
            self.place_documents()
        except BaseException:
            self.undo()
            raise

    def undo(self) -> None:
        for placement in (self.workbook, *self.documents):
            placement.undo()

    def discard_documents(self) -> None:
        for placement in self.documents:
            placement.undo()

    def finish(self) -> None:
        for placement in (self.workbook, *self.documents):
            placement.finish()


def _placing_error(exc: BaseException, target: Path) -> BaseException:
    if isinstance(exc, FileExistsError):  # another run took the name first
        return UsageError(Msg("res_exists", file=target))
    if isinstance(exc, OSError) and not isinstance(exc, OutputError):
        detail = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        return OutputError(Msg("doc_write_failed", file=target, detail=detail))
    return exc


def register_events(result: Result) -> list[RegisterEvent]:
    """The verified events of the inspection register among the tally's inputs, for the
    statements (none when no register was read)."""
    from .documents.models import RegisterEvent

    sub = result.submission
    register = None if sub is None else sub.inspection_register
    if register is None:
        return []
    return [
        RegisterEvent(
            unit=e.unit,
            item=e.item,
            date=e.date,
            description=e.description,
            evidence=e.evidence,
            inspector=e.inspector,
        )
        for e in register.verified()
    ]


def _writer(data: bytes) -> Callable[[Path], object]:
    return lambda tmp: tmp.write_bytes(data)


def _check_target(target: Path, force: bool, avoid: Iterable[Path], own: bool = False) -> None:
    """``own``: an existing file may be replaced when this program wrote it (``approve`` and
    ``report`` re-render the period: the ledger holds the truth); anything else is refused."""
    for path in avoid:
        if same_file(target, path):
            raise UsageError(Msg("out_is_input", file=target))
    if not (target.exists() or target.is_symlink()) or force:
        return
    if own:
        if not is_own_output(target):
            raise UsageError(Msg("report_not_ours", file=target))
        return
    raise UsageError(Msg("res_exists", file=target))


def is_own_output(path: Path) -> bool:
    """Whether ``path`` is a file this program wrote: a results workbook (``kind`` results in
    its properties) or one of its PDFs (Creator redflag_xlsx)."""
    if path.is_symlink() or not path.is_file():
        return False
    if path.suffix.lower() == ".pdf":
        try:
            with path.open("rb") as f:
                f.seek(0, 2)
                size = f.tell()
                f.seek(max(0, size - 65536))  # fpdf2 writes the Info dictionary near the end
                return b"/Creator (redflag_xlsx)" in f.read()
        except OSError:
            return False
    return is_results_workbook(path)


def is_results_workbook(path: Path) -> bool:
    """Whether ``path`` is a results workbook this program wrote (``kind`` results in its
    properties)."""
    from .xlsx.cells import UnreadableWorkbook, open_book

    try:
        book = open_book(path.read_bytes())
    except (OSError, UnreadableWorkbook):
        return False
    try:
        return book.custom_properties().get("kind") == "results"
    except UnreadableWorkbook:
        return False
    finally:
        book.close()


def prepare_period(
    result: Result,
    out: str | Path,
    *,
    state: CaseState = "proposed",
    revisions: Sequence[Revision] = (),
    decisions: Sequence[Decision] = (),
    pdf: bool = False,
    date: _dt.date | None = None,
    font: str | Path | FontChoice | None = None,
    lang: str | None = None,
    force: bool = False,
    avoid: Iterable[Path] = (),
    tag: str = "",
    replace_own: bool = False,
) -> Rendering:
    """Every file of :func:`render_period`, complete under temporary names beside its target,
    none placed.  The PDFs are drawn first (a font problem raises before anything is written),
    and every target is checked (exists without ``force``, an input in ``avoid``) before any is
    built.  ``tag`` marks the workbook's temporary name (``L``: its ledger revision decides)."""
    from .documents.announcement import doc_state as doc_state_of
    from .documents.write import (
        ANNOUNCEMENT_PREFIX,
        PAYOUT_PREFIX,
        STATEMENT_PREFIX,
        document_path,
        draw_documents,
    )
    from .results.case import RenderCase
    from .results.writer import build_results, results_path

    lang = current_lang(lang)
    avoid = list(avoid)
    draft = any(i.is_error for i in result.issues)
    day = date or _dt.date.today()
    case = RenderCase(state=state, decisions=tuple(decisions), revisions=tuple(revisions), date=day)
    target = results_path(result.period, out, draft=draft)
    _check_target(target, force, avoid, replace_own)
    drawn: list[tuple[Path, bytes]] = []
    if pdf:
        doc_state = doc_state_of(result, case.approved)
        for prefix in (ANNOUNCEMENT_PREFIX, STATEMENT_PREFIX, PAYOUT_PREFIX):
            _check_target(
                document_path(prefix, result.period, doc_state, target.parent),
                force,
                avoid,
                replace_own,
            )
        drawn = draw_documents(
            result,
            target.parent,
            approved=case.approved,
            decisions=case.decisions,
            date=day,
            font=font,
            lang=lang,
            events=register_events(result),
        )
    replace = force or replace_own  # what _check_target let through may be replaced
    workbook = build_results(result, target, force=replace, lang=lang, tag=tag, case=case)
    rendering = Rendering(workbook)
    try:
        for path, data in drawn:
            tmp = write_temp(path, _writer(data))
            rendering.documents.append(Placement(tmp, path, replace=replace))
    except OSError as exc:
        rendering.undo()
        raise _placing_error(exc, path) from None
    except BaseException:
        rendering.undo()
        raise
    return rendering


def render_period(
    result: Result,
    out: str | Path,
    *,
    state: CaseState = "proposed",
    revisions: Sequence[Revision] = (),
    decisions: Sequence[Decision] = (),
    pdf: bool = False,
    date: _dt.date | None = None,
    font: str | Path | FontChoice | None = None,
    lang: str | None = None,
    force: bool = False,
    avoid: Iterable[Path] = (),
    replace_own: bool = False,
) -> list[Path]:
    """Write the results workbook of ``result`` into ``out`` (a folder, or an ``.xlsx`` name)
    and, with ``pdf``, ``公示_<period>.pdf``, ``成绩通知单_<period>.pdf`` (with the register's
    events when a register was among the inputs) and ``奖金发放表_<period>.pdf`` beside it;
    returns the paths, workbook first.

    ``state``: ``proposed`` (the 公示 is a proposal: （待局领导审定）, winners 拟) or ``approved``
    (the final text); ``decisions`` are the leaders' (already applied to ``result``: they
    explain it); ``revisions`` fill 修订记录 (none: revision 1, 首次汇总); ``date`` is the 公示
    date (default today; the objection period ends ``[announcement] days`` later); ``font`` the
    ``--font`` file (default: a system CJK font).  An existing file is replaced only with
    ``force`` (or, with ``replace_own``, when this program wrote it), a file in ``avoid`` (the
    inputs) never: :class:`UsageError`.  No font:
    ``ConfigError`` naming ``--font``.  Either every file is placed or none."""
    rendering = prepare_period(
        result,
        out,
        state=state,
        revisions=revisions,
        decisions=decisions,
        pdf=pdf,
        date=date,
        font=font,
        lang=lang,
        force=force,
        avoid=avoid,
        replace_own=replace_own,
    )
    rendering.place()
    rendering.finish()
    return rendering.paths
