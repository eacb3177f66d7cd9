"""The documents of SPEC 13: the announcement (公示), each unit's statement (成绩通知单) and the
payout list (奖金发放表).

Their content is computed once, format-neutral, from a tallied quarter, the office's settings
(``rules.announcement``), the date and the approval state::

    from redflag_xlsx.documents import announcement_content, write_documents
    content = announcement_content(result, approved=False)      # a proposal: （待局领导审定）
    write_documents(result, "out/", approved=True, date=date(2027, 1, 5))

and drawn as PDF (fpdf2, a subset of a Chinese font embedded) by the ``write_*`` functions.
The text helpers (quarter in words, dates, amounts in capitals) are in :mod:`.words`.
"""

from .announcement import announcement_content
from .fonts import FontChoice, find_font
from .models import (
    AnnouncementContent,
    Decision,
    PayoutContent,
    RegisterEvent,
    StatementContent,
)
from .payout import payout_content
from .statement import statement_content
from .words import date_text, objection_end, quarter_words, yuan_capitals, yuan_figures
from .write import (
    write_announcement_pdf,
    write_documents,
    write_payout_pdf,
    write_statements_pdf,
)

__all__ = [
    "AnnouncementContent",
    "Decision",
    "FontChoice",
    "PayoutContent",
    "RegisterEvent",
    "StatementContent",
    "announcement_content",
    "date_text",
    "find_font",
    "objection_end",
    "payout_content",
    "quarter_words",
    "statement_content",
    "write_announcement_pdf",
    "write_documents",
    "write_payout_pdf",
    "write_statements_pdf",
    "yuan_capitals",
    "yuan_figures",
]
