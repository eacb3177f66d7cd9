"""The announcement (公示) of a tallied quarter, as content (SPEC 12, 13)::

    content = announcement_content(result, approved=False, date=date(2027, 1, 5))
    content.full_title   # 关于2026年第四季度“服务质量流动红旗”评选结果的公示（待局领导审定）

``result`` is the tallied quarter with the leaders' decisions already applied (the ledger
re-tallies on approval); ``decisions`` explain them: each is printed with its reason, and one
that departs from the ranking must have a reason.  Pure: no I/O.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable

from ..core.i18n import current_lang, t
from ..core.rules_announcement import AnnouncementSettings
from ..core.scoring import Result, UnitResult
from .models import (
    AnnouncementContent,
    AnnouncementRow,
    AnnouncementSite,
    Decision,
    DocState,
    SignatureLine,
)
from .words import date_text, objection_end, quarter_words, score_text

__all__ = ["announcement_content", "check_decisions", "decision_note", "doc_state", "title_note"]


def doc_state(result: Result, approved: bool) -> DocState:
    """``draft`` when the inputs have errors (nothing may be announced), else ``approved`` or
    ``proposal``."""
    if any(issue.is_error for issue in result.issues):
        return "draft"
    return "approved" if approved else "proposal"


def title_note(state: DocState, lang: str) -> str:
    """（待局领导审定） for a proposal, （草稿：不得公布） for a draft, nothing once approved."""
    return {"draft": t("doc_draft", lang), "proposal": t("doc_pending", lang)}.get(state, "")


def error_count(result: Result) -> int:
    return sum(1 for issue in result.issues if issue.is_error)


def ranked(result: Result, site: str) -> list[UnitResult]:
    """The units of ``site``, highest total first (roster order among equals), those without a
    total last."""
    units = [u for u in result.units if u.site == site]
    return sorted(units, key=lambda u: (u.total is None, -(u.total or 0.0)))


def position(result: Result, unit: UnitResult) -> int:
    """Where the ranking puts ``unit`` among the units that can win at its site: 1 + those with a
    strictly greater total.  A unit at or above the site's number of flags was proposed by the
    ranking (a tied group at the cut-off shares one position)."""
    return 1 + sum(
        1
        for o in result.units
        if o.site == unit.site
        and o.eligible
        and o.total is not None
        and unit.total is not None
        and o.total > unit.total
    )


def departs(result: Result, decision: Decision) -> bool:
    """Does ``decision`` depart from the ranking?  Awarding a unit outside the proposal (its
    position is below the site's flags) or withholding one inside it."""
    unit = result.unit(decision.unit)
    proposed = unit.eligible and position(result, unit) <= result.rules.flags_for(unit.site)
    return proposed if decision.action == "withhold" else not proposed


def check_decisions(
    result: Result, decisions: Iterable[Decision], lang: str | None = None
) -> dict[str, Decision]:
    """The decisions by unit code, checked against ``result``: every unit is on the roster, an
    ``award`` went to a winner and a ``withhold`` did not (the result must include the
    decisions), and a departure from the ranking has a reason.  Raises ``ValueError``."""
    lang = current_lang(lang)
    known = {u.code for u in result.units}
    out: dict[str, Decision] = {}
    for d in decisions:
        if d.unit not in known:
            raise ValueError(t("doc_decision_unknown", lang, code=d.unit))
        unit = result.unit(d.unit)
        if unit.won != (d.action == "award"):
            raise ValueError(
                t(
                    "doc_decision_mismatch",
                    lang,
                    unit=unit.name,
                    code=unit.code,
                    action=t(f"doc_action_{d.action}", lang),
                    state=t("doc_state_did" if unit.won else "doc_state_did_not", lang),
                )
            )
        if departs(result, d) and not d.reason.strip():
            raise ValueError(t("doc_decision_no_reason", lang, unit=unit.name, code=unit.code))
        out[d.unit] = d
    return out


def decision_note(
    result: Result, unit: UnitResult, decision: Decision | None, lang: str
) -> str | None:
    """The sentence that explains how ``unit`` got (or lost) its flag by the leaders' decision,
    with the reason; None when the ranking alone decided."""
    sep = t("doc_list_sep", lang)
    reason = decision.reason.strip().rstrip("。.") if decision else ""
    text: str | None = None
    if unit.won and unit.decided_by_award:
        others = [
            o.name
            for o in result.units
            if o.site == unit.site and o.eligible and o.total == unit.total and not o.won
        ]
        if others:
            text = t(
                "doc_ann_tie_decided", lang, site=unit.site, unit=unit.name, others=sep.join(others)
            )
    if text is None and decision is not None and departs(result, decision):
        key = "doc_ann_award" if decision.action == "award" else "doc_ann_withhold"
        rank = unit.rank if unit.rank is not None else position(result, unit)
        text = t(key, lang, site=unit.site, unit=unit.name, rank=rank)
    if text is None and decision is not None and reason:
        text = t(f"doc_ann_{decision.action}", lang, site=unit.site, unit=unit.name, rank=unit.rank)
    if text is None:
        return None
    return text + (t("doc_ann_reason", lang, reason=reason) if reason else "")


def _sites(result: Result, state: DocState, lang: str) -> tuple[AnnouncementSite, ...]:
    won = t("doc_won_final" if state == "approved" else "doc_won_proposed", lang)
    contractors = {u.code: u.contractor or "" for u in result.roster.units}
    sites = []
    no = 0
    for site in result.roster.sites:
        flags = result.rules.flags_for(site)
        if flags <= 0:
            continue
        rows = []
        for u in ranked(result, site):
            if u.outcome not in ("flag", "tie") or u.total is None:
                continue
            no += 1
            rows.append(
                AnnouncementRow(
                    no=no,
                    code=u.code,
                    name=u.name,
                    contractor=contractors.get(u.code, ""),
                    total=u.total,
                    total_text=score_text(u.total),
                    won=u.won,
                    result=won if u.won else t("flag_tie", lang),
                )
            )
        sites.append(
            AnnouncementSite(
                site=site,
                heading=t("doc_ann_site", lang, site=site, n=flags),
                flags=flags,
                rows=tuple(rows),
                empty="" if rows else t("doc_ann_site_none", lang),
            )
        )
    return tuple(sites)


def _notes(
    result: Result, state: DocState, decisions: dict[str, Decision], lang: str
) -> tuple[str, ...]:
    sep = t("doc_list_sep", lang)
    notes = []
    for site in result.roster.sites:
        ties = result.ties(site)
        if ties:
            if state == "approved":
                names = sep.join(t("doc_unit_code", lang, name=u.name, code=u.code) for u in ties)
                raise ValueError(t("doc_decision_open_tie", lang, units=names))
            notes.append(
                t(
                    "doc_ann_tie_open",
                    lang,
                    site=site,
                    units=sep.join(u.name for u in ties),
                    total=score_text(ties[0].total),
                )
            )
        for u in ranked(result, site):
            note = decision_note(result, u, decisions.get(u.code), lang)
            if note and note not in notes:
                notes.append(note)
    return tuple(notes)


def announcement_content(
    result: Result,
    *,
    approved: bool = False,
    decisions: Iterable[Decision] = (),
    date: _dt.date | None = None,
    settings: AnnouncementSettings | None = None,
    lang: str | None = None,
) -> AnnouncementContent:
    """The 公示 of ``result``: a proposal before the leaders' approval, the final text after it,
    a draft (no winner named) when the inputs have errors.  ``date`` is the 公示 date (default
    today); ``settings`` default to ``result.rules.announcement``."""
    lang = current_lang(lang)
    settings = settings or result.rules.announcement
    date = date or _dt.date.today()
    state = doc_state(result, approved)
    checked = check_decisions(result, decisions, lang)
    quarter = quarter_words(result.period, lang)
    intro = t("doc_ann_intro", lang, issuer=settings.issuer, quarter=quarter)
    if state == "draft":
        paragraphs = [intro, t("doc_ann_draft", lang, n=error_count(result))]
    else:
        body = t("doc_ann_final" if state == "approved" else "doc_ann_proposal", lang)
        paragraphs = [intro + t("doc_sentence_sep", lang) + body]
    end = objection_end(date, settings.days)
    group = settings.group
    signatures = [SignatureLine(role=t("doc_ann_leader", lang), names=(group.leader,))]
    if group.deputies:
        signatures.append(SignatureLine(role=t("doc_ann_deputy", lang), names=group.deputies))
    return AnnouncementContent(
        period=result.period,
        lang=lang,
        state=state,
        title=t("doc_ann_title", lang, quarter=quarter),
        title_note=title_note(state, lang),
        paragraphs=tuple(paragraphs),
        columns=tuple(
            t(k, lang)
            for k in (
                "doc_col_no",
                "doc_col_unit",
                "doc_col_contractor",
                "doc_col_total",
                "doc_col_result",
            )
        ),
        sites=() if state == "draft" else _sites(result, state, lang),
        notes=() if state == "draft" else _notes(result, state, checked, lang),
        objection=t(
            "doc_ann_objection",
            lang,
            start=date_text(date, lang),
            end=date_text(end, lang),
            days=settings.days,
            issuer=settings.issuer,
        ),
        contact=t("doc_ann_contact", lang, contact=settings.contact) if settings.contact else "",
        group_title=t("doc_ann_group", lang),
        signatures=tuple(signatures),
        issuer=settings.issuer,
        date=date,
        date_text=date_text(date, lang),
        objection_end=end,
    )
