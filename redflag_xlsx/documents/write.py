"""Writing the documents as PDF files::

    write_documents(result, "out/", approved=False, date=date(2027, 1, 5))
    # -> out/公示_2026Q4.pdf, out/成绩通知单_2026Q4.pdf, out/奖金发放表_2026Q4.pdf

Each ``write_*_pdf`` takes the content and a folder or a ``.pdf`` file name; ``font`` is the
``--font`` path (or a :class:`FontChoice`), else the first system font found.  A draft (inputs
with errors) is written as ``公示_<period>_草稿.pdf`` and so on.  Files are written under a
temporary name and renamed into place; an existing file is replaced (the command line decides
whether it may be).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from ..core.i18n import current_lang
from ..core.scoring import Result
from .announcement import announcement_content
from .fonts import FontChoice, find_font
from .models import (
    AnnouncementContent,
    Decision,
    DocState,
    PayoutContent,
    RegisterEvent,
    StatementContent,
)
from .payout import payout_content
from .pdf_page import write_pdf
from .statement import statement_content

__all__ = [
    "ANNOUNCEMENT_PREFIX",
    "PAYOUT_PREFIX",
    "STATEMENT_PREFIX",
    "document_path",
    "draw_documents",
    "write_announcement_pdf",
    "write_documents",
    "write_payout_pdf",
    "write_statements_pdf",
]

ANNOUNCEMENT_PREFIX = "公示"
STATEMENT_PREFIX = "成绩通知单"
PAYOUT_PREFIX = "奖金发放表"
DRAFT_SUFFIX = "草稿"

FontArg = str | Path | FontChoice | None
C = TypeVar("C", AnnouncementContent, StatementContent, PayoutContent)


def document_path(prefix: str, period: str, state: DocState, path: str | Path) -> Path:
    """``path`` itself when it names a ``.pdf`` file, else ``<prefix>_<period>.pdf`` (a draft:
    ``<prefix>_<period>_草稿.pdf``) inside the folder ``path``."""
    path = Path(path)
    if path.suffix.lower() == ".pdf" and not path.is_dir():
        return path
    name = f"{prefix}_{period}" + (f"_{DRAFT_SUFFIX}" if state == "draft" else "")
    return path / f"{name}.pdf"


def _font(font: FontArg) -> FontChoice:
    return font if isinstance(font, FontChoice) else find_font(font)


def _write(
    prefix: str,
    draw: Callable[[C, FontChoice], bytes],
    content: C,
    path: str | Path,
    font: FontArg,
) -> Path:
    data = draw(content, _font(font))  # font and glyph problems before any write
    return write_pdf(document_path(prefix, content.period, content.state, path), data)


def write_announcement_pdf(
    content: AnnouncementContent, path: str | Path, font: FontArg = None
) -> Path:
    """The announcement as one A4 portrait page; returns the file written."""
    from .pdf_announcement import announcement_pdf

    return _write(ANNOUNCEMENT_PREFIX, announcement_pdf, content, path, font)


def write_statements_pdf(content: StatementContent, path: str | Path, font: FontArg = None) -> Path:
    """The statements, a page per unit; returns the file written."""
    from .pdf_statement import statement_pdf

    return _write(STATEMENT_PREFIX, statement_pdf, content, path, font)


def write_payout_pdf(content: PayoutContent, path: str | Path, font: FontArg = None) -> Path:
    """The payout list; returns the file written."""
    from .pdf_payout import payout_pdf

    return _write(PAYOUT_PREFIX, payout_pdf, content, path, font)


def draw_documents(
    result: Result,
    out_dir: str | Path,
    *,
    approved: bool = False,
    decisions: Iterable[Decision] = (),
    date: _dt.date | None = None,
    font: FontArg = None,
    lang: str | None = None,
    events: Iterable[RegisterEvent] = (),
) -> list[tuple[Path, bytes]]:
    """The three PDFs of ``result`` drawn, not written: each file name in ``out_dir`` (the
    announcement, the statements, the payout list, in that order) with its bytes.  The font is
    looked up once; a problem (no font, a character the font lacks, decisions that do not match
    the result) raises before anything could be written."""
    lang = current_lang(lang)
    date = date or _dt.date.today()
    decisions = list(decisions)
    chosen = _font(font)
    announcement = announcement_content(
        result, approved=approved, decisions=decisions, date=date, lang=lang
    )
    statements = statement_content(
        result, approved=approved, decisions=decisions, date=date, events=events, lang=lang
    )
    payout = payout_content(result, approved=approved, date=date, lang=lang)
    from .pdf_announcement import announcement_pdf
    from .pdf_payout import payout_pdf
    from .pdf_statement import statement_pdf

    drawn: list[tuple[str, AnnouncementContent | StatementContent | PayoutContent, bytes]] = [
        (ANNOUNCEMENT_PREFIX, announcement, announcement_pdf(announcement, chosen)),
        (STATEMENT_PREFIX, statements, statement_pdf(statements, chosen)),
        (PAYOUT_PREFIX, payout, payout_pdf(payout, chosen)),
    ]
    return [(document_path(prefix, c.period, c.state, out_dir), data) for prefix, c, data in drawn]


def write_documents(
    result: Result,
    out_dir: str | Path,
    *,
    approved: bool = False,
    decisions: Iterable[Decision] = (),
    date: _dt.date | None = None,
    font: FontArg = None,
    lang: str | None = None,
    events: Iterable[RegisterEvent] = (),
) -> list[Path]:
    """The three PDFs of ``result`` into ``out_dir``: the announcement, the statements and the
    payout list (in that order in the returned list).  Everything is drawn (:func:`draw_documents`)
    before any file is written, so a problem (no font, a character the font lacks, decisions that
    do not match the result) writes nothing."""
    drawn = draw_documents(
        result,
        out_dir,
        approved=approved,
        decisions=decisions,
        date=date,
        font=font,
        lang=lang,
        events=events,
    )
    return [write_pdf(path, data) for path, data in drawn]
