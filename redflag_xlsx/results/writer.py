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
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from ..core import __version__
from ..core.errors import OutputError
from ..core.i18n import current_lang, t
from ..core.period import Period
from ..xlsx import layout

if TYPE_CHECKING:
    from ..core.scoring import Result

__all__ = ["WORKBOOK_OPTIONS", "results_path", "write_results"]

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


def results_path(period: Period | str, path: str | Path) -> Path:
    """The file :func:`write_results` writes for ``path``: ``path`` itself when it names an
    ``.xlsx`` file, else ``红旗评选结果_<period>.xlsx`` inside the folder ``path``."""
    path = Path(path)
    if path.is_dir() or path.suffix.lower() not in (".xlsx", ".xlsm"):
        return path / layout.results_file_name(Period.parse(period))
    return path


def write_results(
    result: Result, path: str | Path, *, force: bool = False, lang: str | None = None
) -> Path:
    """Write the results workbook of ``result`` and return its path.

    ``path`` is a folder (created when missing; the file is ``红旗评选结果_<period>.xlsx``) or
    an ``.xlsx`` file name.  An existing file raises :class:`OutputError` unless ``force``.
    """
    lang = current_lang(lang)
    target = results_path(result.period, path)
    if target.exists() and not force:
        raise OutputError(t("res_exists", lang, file=target))
    if target.is_dir():
        raise OutputError(t("out_write_failed", lang, file=target, detail=t("res_is_dir", lang)))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            t("out_dir_failed", lang, dir=target.parent, detail=_reason(exc))
        ) from None
    tmp = target.with_name(f".{target.stem}.{os.getpid()}.tmp.xlsx")
    from xlsxwriter.exceptions import FileCreateError

    try:
        _build(result, tmp, lang)
        os.replace(tmp, target)
    except OutputError:
        tmp.unlink(missing_ok=True)
        raise
    except FileCreateError as exc:
        tmp.unlink(missing_ok=True)
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else exc
        raise OutputError(_write_failed(target, cause, lang)) from None
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(_write_failed(target, exc, lang)) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def _write_failed(target: Path, cause: BaseException, lang: str) -> str:
    """The message for a file that cannot be written; on Windows a PermissionError almost
    always means the file is open in Excel or WPS."""
    if isinstance(cause, PermissionError) or sys.platform == "win32":
        return t("res_locked", lang, file=target, detail=_reason(cause))
    return t("out_write_failed", lang, file=target, detail=_reason(cause))


def _build(result: Result, tmp: Path, lang: str) -> None:
    import xlsxwriter

    if result.submission is None:
        raise ValueError("write_results needs the Result of tally() (it holds the ratings)")
    # xlsxwriter's own temporary files go to a private folder that is always removed (it
    # leaves the row file of an unwritten sheet behind when a build fails midway).
    with tempfile.TemporaryDirectory(prefix="redflag-", ignore_cleanup_errors=True) as parts:
        wb = xlsxwriter.Workbook(str(tmp), {**WORKBOOK_OPTIONS, "tmpdir": parts})
        try:
            _write_sheets(wb, result, lang)
        finally:
            wb.close()


def _write_sheets(wb, result: Result, lang: str) -> None:
    from ..core.rater_analysis import analyse_raters
    from .analysis import write_analysis
    from .book import Book
    from .report import write_chart, write_flags, write_issues, write_notice, write_rules
    from .sheets import plan_grid_rows, write_grid, write_quality, write_summary

    book = Book(wb, result, lang)
    _properties(book)
    refs = write_rules(book)  # the cells of the parameters every formula reads
    plan_grid_rows(book, "peer")
    plan_grid_rows(book, "leadership")
    write_summary(book, refs)
    write_quality(book, refs)
    write_grid(book, "peer", refs)
    write_grid(book, "leadership", refs)
    write_analysis(book, analyse_raters(result))
    write_flags(book)
    write_notice(book)
    write_issues(book)
    write_chart(book)
    book.sheets["summary"].activate()


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
