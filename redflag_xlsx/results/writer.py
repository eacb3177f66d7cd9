"""The results workbook (SPEC 6): ``write_results(result, path)``.

    result = tally(sub, Rules.default())
    write_results(result, "out/")          # -> out/红旗评选结果_2026Q4.xlsx

Every derived number is a live formula whose cached value is the number the engine computed, so
the file reads right in any program (and in pandas), and stays right when a spreadsheet
recalculates it; the formulas read their parameters from the 规则 sheet.  Decisions (winners,
ties, disqualification reasons, streaks) are written as values.  The sheets are written by
:mod:`results_sheets` and :mod:`results_report`; the layout is described in :mod:`layout`.

The file is written under a temporary name in the target folder and renamed into place; an
existing file is only replaced with ``force=True``.  The output is deterministic: the same result
gives the same workbook (the document's creation date is the first day of the period).
"""

from __future__ import annotations

import datetime as _dt
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..core import __version__
from ..core.errors import OutputError, UsageError
from ..core.i18n import current_lang, t
from ..core.messages import Msg
from ..core.period import Period
from ..core.safe_text import display_name
from ..xlsx import layout
from ..xlsx.files import Placement, parts_prefix, remove_stale, remove_stale_parts, write_temp

if TYPE_CHECKING:
    from ..core.scoring import Result
    from .case import RenderCase

__all__ = [
    "DRAFT_SUFFIX",
    "WORKBOOK_OPTIONS",
    "build_results",
    "placing_error",
    "results_path",
    "write_results",
]

DRAFT_SUFFIX = "_草稿"  # 红旗评选结果_2026Q4_草稿.xlsx (SPEC 8: drafts are marked)
WORKBOOK_OPTIONS = {
    "constant_memory": True,  # rows go to disk as they are written: large rosters stay small
    "strings_to_formulas": False,  # user text is never a formula ...
    "strings_to_urls": False,  # ... nor a link ...
    "strings_to_numbers": False,  # ... nor a number
    # Only functions every spreadsheet has (no _xlfn. needed; the LibreOffice test would show
    # #NAME? otherwise).  xlsxwriter's use_future_functions would cost ~150 regex passes per
    # formula for nothing.
    "use_future_functions": False,
}


def results_path(period: Period | str, path: str | Path, *, draft: bool = False) -> Path:
    """The file :func:`write_results` writes for ``path``: ``path`` itself when it names an
    ``.xlsx`` file, else ``红旗评选结果_<period>.xlsx`` inside the folder ``path``.  A ``draft``
    (``tally --allow-errors``) has ``_草稿`` before the suffix (SPEC 8: drafts are marked)."""
    path = Path(path)
    if path.is_dir() or path.suffix.lower() not in (".xlsx", ".xlsm"):
        target = path / layout.results_file_name(Period.parse(period))
    else:
        target = path
    if draft:
        target = target.with_name(f"{target.stem}{DRAFT_SUFFIX}{target.suffix}")
    return target


def write_results(
    result: Result,
    path: str | Path,
    *,
    force: bool = False,
    lang: str | None = None,
    case: RenderCase | None = None,
) -> Path:
    """Write the results workbook of ``result`` and return its path.

    ``path`` is a folder (created when missing; the file is ``红旗评选结果_<period>.xlsx``) or
    an ``.xlsx`` file name.  An existing file raises :class:`UsageError` unless ``force`` (the
    name is taken create-exclusive: two runs racing for it cannot both write it).  A result
    with errors is a draft: ``..._草稿.xlsx``, marked on every sheet, no winner announced.
    ``case`` says how to render it (proposed or approved, the leaders' decisions, the revisions
    for 修订记录, the 公示 date); default: proposed, revision 1, today.
    """
    lang = current_lang(lang)
    draft = any(i.is_error for i in result.issues)
    target = results_path(result.period, path, draft=draft)
    placement = build_results(result, target, force=force, lang=lang, case=case)
    try:
        placement.place()
    except BaseException as exc:
        placement.undo()
        raise placing_error(exc, target, lang) from None
    placement.finish()
    return target


def build_results(
    result: Result,
    target: Path,
    *,
    force: bool = False,
    lang: str | None = None,
    tag: str = "",
    case: RenderCase | None = None,
) -> Placement:
    """Write the results workbook of ``result`` under a temporary name beside ``target`` and
    return its :class:`Placement` (not yet placed: :meth:`Placement.place`, or the ledger's
    ``record(placement=...)``).  Raises :class:`UsageError` when ``target`` exists and not
    ``force``, :class:`OutputError` when the folder cannot be written."""
    lang = current_lang(lang)
    if target.exists() and not force:
        raise UsageError(Msg("res_exists", file=target))
    if target.is_dir():
        raise OutputError(Msg("out_write_failed", file=target, detail=Msg("res_is_dir")))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(Msg("out_dir_failed", dir=target.parent, detail=_reason(exc))) from None
    remove_stale(target.parent)
    remove_stale_parts()
    from xlsxwriter.exceptions import FileCreateError

    try:
        tmp = write_temp(target, lambda tmp: _build(result, tmp, lang, case), tag=tag)
    except OutputError:
        raise
    except FileCreateError as exc:
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else exc
        raise OutputError(_write_failed(target, cause, lang)) from None
    except OSError as exc:
        raise OutputError(_write_failed(target, exc, lang)) from None
    return Placement(tmp, target, replace=force)


def placing_error(exc: BaseException, target: Path, lang: str) -> BaseException:
    """What to raise when putting the workbook under its final name failed with ``exc``."""
    if isinstance(exc, FileExistsError):  # another run took the name first
        return UsageError(Msg("res_exists", file=target))
    if isinstance(exc, OSError):
        return OutputError(_write_failed(target, exc, lang))
    return exc


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def _write_failed(target: Path, cause: BaseException, lang: str) -> Msg:
    """The message for a file that cannot be written; on Windows a PermissionError almost
    always means the file is open in Excel or WPS."""
    if sys.platform == "win32" and isinstance(cause, PermissionError):
        return Msg("res_locked", file=target, detail=_reason(cause))
    return Msg("out_write_failed", file=target, detail=_reason(cause))


def _build(result: Result, tmp: Path, lang: str, case: RenderCase | None = None) -> None:
    import xlsxwriter

    if result.submission is None:
        raise ValueError("write_results needs the Result of tally() (it holds the ratings)")
    # xlsxwriter's own temporary files go to a private folder that is always removed (it
    # leaves the row file of an unwritten sheet behind when a build fails midway).
    with tempfile.TemporaryDirectory(prefix=parts_prefix(), ignore_cleanup_errors=True) as parts:
        wb = xlsxwriter.Workbook(str(tmp), {**WORKBOOK_OPTIONS, "tmpdir": parts})
        try:
            _write_sheets(wb, result, lang, case)
        finally:
            wb.close()


def _write_sheets(wb, result: Result, lang: str, case: RenderCase | None = None) -> None:
    from ..core.rater_analysis import analyse_raters
    from .analysis import write_analysis
    from .book import Book
    from .payout import write_payout
    from .report import (
        draft_title,
        write_chart,
        write_draft_notice,
        write_flags,
        write_issues,
        write_notice,
        write_rules,
    )
    from .sheets import plan_grid_rows, write_grid, write_quality, write_summary

    class DraftBook(Book):
        """A draft's book: every sheet's title (its A1) carries the draft mark."""

        def text(self, sheet, row, col, value, fmt, *, measure=True) -> None:
            if (row, col) == (0, 0) and value:
                value = draft_title(self, value)
            super().text(sheet, row, col, value, fmt, measure=measure)

    result = _storable(result)
    draft = any(i.is_error for i in result.issues)
    book = (DraftBook if draft else Book)(wb, result, lang, case)
    _properties(book)
    refs = write_rules(book)  # the cells of the parameters every formula reads
    plan_grid_rows(book, "peer")
    plan_grid_rows(book, "leadership")
    write_summary(book, refs)
    write_quality(book, refs)
    if book.register is not None:  # SPEC 14: the events behind the counts
        from .register import write_evidence

        write_evidence(book, refs)
    write_grid(book, "peer", refs)
    write_grid(book, "leadership", refs)
    write_analysis(book, analyse_raters(result))
    write_flags(book)
    write_payout(book)  # a draft's payout list lists no payment
    (write_draft_notice if draft else write_notice)(book)
    write_issues(book)
    from .revisions import write_revisions

    write_revisions(book)
    write_chart(book)
    book.sheets["summary"].activate()


def _storable(result: Result) -> Result:
    """``result`` with file names that are not valid UTF-8 shown as ``\\xNN`` in its findings
    (no workbook can hold the lone surrogates Python reads them as)."""
    if not any(_has_surrogates(i) for i in result.issues):
        return result
    return result.model_copy(update={"issues": [_clean_issue(i) for i in result.issues]})


def _has_surrogates(issue) -> bool:
    ids = [issue.file, issue.sheet, issue.cell, issue.unit, issue.rater, dict(issue.params)]
    return any(display_name(x) != x for x in _strings(ids))


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str | Path):
        yield str(value)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, Msg):
        yield from _strings(dict(value.params))


def _clean(value: object) -> object:
    if isinstance(value, str):
        return display_name(value)
    if isinstance(value, Path):
        return Path(display_name(str(value)))
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_clean(v) for v in value)
    if isinstance(value, Msg):
        return Msg(value.key, **{k: _clean(v) for k, v in value.params.items()})
    return value


def _clean_issue(issue):
    update = {k: _clean(getattr(issue, k)) for k in ("file", "sheet", "cell", "unit", "rater")}
    update["params"] = _clean(dict(issue.params))
    return issue.model_copy(update=update)


def _properties(book) -> None:
    period = Period.parse(book.result.period)
    start = _dt.datetime(period.year, 3 * period.quarter - 2, 1)
    app = t("app_title", book.lang)
    book.wb.set_properties(
        {
            "title": t("res_doc_title", book.lang, app=app, period=period),
            "subject": book.names["summary"],
            "author": "redflag_xlsx",
            "company": "",
            "created": start,
        }
    )
    book.wb.set_custom_property("kind", "results", "text")
    book.wb.set_custom_property("period", str(period), "text")
    book.wb.set_custom_property("roster_fingerprint", book.result.roster.fingerprint, "text")
    book.wb.set_custom_property("generator", f"redflag_xlsx {__version__}", "text")
    book.wb.set_custom_property("draft", "yes" if book.error_count else "no", "text")
