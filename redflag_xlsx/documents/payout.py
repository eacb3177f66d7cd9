"""The payout list (奖金发放表) of a tallied quarter, as content (SPEC 13)::

    content = payout_content(result, approved=True)
    content.total_capitals   # '叁仟捌佰元整'

One line per winner (site by site, highest total first): 承包单位, unit, streak, the amount in
figures and in capitals (大写); the budget line, the total, and the lines to sign (经办人, 审核,
审批).  Before approval the list is marked as not to be paid; a draft lists no payment.  Pure.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal

from ..core.i18n import current_lang, t
from ..core.rules_announcement import AnnouncementSettings
from ..core.scoring import Result
from .announcement import doc_state, ranked
from .models import PayoutContent, PayoutLine, SignatureLine
from .words import date_text, quarter_words, to_fen, yuan_capitals, yuan_figures

__all__ = ["payout_content"]

_COLUMNS = (
    "doc_col_no",
    "doc_col_contractor",
    "doc_col_unit",
    "doc_col_site",
    "doc_pay_col_streak",
    "doc_pay_col_amount",
    "doc_pay_col_capitals",
)


def payout_content(
    result: Result,
    *,
    approved: bool = False,
    date: _dt.date | None = None,
    settings: AnnouncementSettings | None = None,
    lang: str | None = None,
) -> PayoutContent:
    """The payout list of ``result``'s winners; ``settings`` default to
    ``result.rules.announcement`` (issuer, budget line)."""
    lang = current_lang(lang)
    settings = settings or result.rules.announcement
    date = date or _dt.date.today()
    state = doc_state(result, approved)
    contractors = {u.code: u.contractor or "" for u in result.roster.units}
    lines: list[PayoutLine] = []
    total = Decimal(0)
    if state != "draft":
        for site in result.roster.sites:
            for u in ranked(result, site):
                if not u.won:
                    continue
                amount = to_fen(u.bonus_yuan or 0)
                total += amount
                lines.append(
                    PayoutLine(
                        no=len(lines) + 1,
                        code=u.code,
                        contractor=contractors.get(u.code) or t("doc_in_house", lang),
                        unit=u.name,
                        site=u.site,
                        streak=u.streak or 1,
                        amount=float(amount),
                        amount_text=yuan_figures(amount),
                        capitals=yuan_capitals(amount),
                    )
                )
    if state == "draft":
        empty = t("doc_pay_draft", lang)
    else:
        empty = "" if lines else t("doc_pay_none", lang)
    capitals = yuan_capitals(total)
    blank = ("",)
    return PayoutContent(
        period=result.period,
        lang=lang,
        state=state,
        title=t("doc_pay_title", lang, quarter=quarter_words(result.period, lang)),
        title_note={"draft": t("doc_draft", lang), "proposal": t("doc_pay_pending", lang)}.get(
            state, ""
        ),
        info=t("doc_pay_info", lang, issuer=settings.issuer, budget_line=settings.budget_line),
        budget_line=settings.budget_line,
        columns=tuple(t(k, lang) for k in _COLUMNS),
        lines=tuple(lines),
        empty=empty,
        total_label=t("doc_pay_total", lang),
        total=float(total),
        total_text=yuan_figures(total),
        total_capitals=capitals,
        total_line=t("doc_pay_total_capitals", lang, capitals=capitals),
        signatures=tuple(
            SignatureLine(role=t(k, lang), names=blank)
            for k in ("doc_pay_handler", "doc_pay_reviewer", "doc_pay_approver")
        ),
        issuer=settings.issuer,
        date=date,
        date_text=date_text(date, lang),
    )
