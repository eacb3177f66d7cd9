"""Each unit's statement (成绩通知单) of a tallied quarter, as content (SPEC 13, 14)::

    content = statement_content(result, approved=True, events=register_events)
    content.units[0].items[0].count_text   # '2'

One :class:`UnitStatement` per roster unit, in roster order: its quality items with counts and
points, the disqualifying flags, satisfaction, Q, P, L, T, rank (none for a disqualified unit: it
is not ranked, SPEC 2.3), the result, and — when a register was given — the events behind each
count.  Pure: no I/O.
"""

from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from collections.abc import Iterable

from ..core.i18n import current_lang, t
from ..core.rules_announcement import AnnouncementSettings
from ..core.scoring import Result, UnitResult
from .announcement import check_decisions, decision_note, doc_state, title_note
from .models import (
    Decision,
    DocState,
    EventLine,
    LabelValue,
    RegisterEvent,
    StatementContent,
    StatementItem,
    UnitStatement,
)
from .words import (
    count_text,
    date_text,
    points_text,
    quarter_words,
    score_text,
    yuan_figures,
)

__all__ = ["statement_content"]


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value:.15g}"


def _weight(w: float) -> str:
    return f"{w * 100:.15g}%"


def _items(
    u: UnitResult,
    result: Result,
    events: dict[str, list[EventLine]],
    lang: str,
) -> tuple[list[StatementItem], float]:
    rules = result.rules
    yes, no = t("yes", lang), t("no", lang)
    lines, total = [], 0.0
    for item in rules.items:
        count = u.counts.get(item.code, 0)
        if item.input == "flag":
            score = item.points if count else 0.0
            shown = yes if count else no
        else:
            score = count * item.points
            shown = count_text(count)
        total += score
        lines.append(
            StatementItem(
                code=item.code,
                label=item.label(lang),
                points=item.points,
                points_text=points_text(item.points),
                count=count,
                count_text=shown,
                score=score,
                score_text=points_text(score),
                events=tuple(events.get(item.code, ())),
            )
        )
    for flag in rules.disqualifying_flags:
        on = bool(u.flags.get(flag.code))
        lines.append(
            StatementItem(
                code=flag.code,
                label=flag.label(lang),
                points=None,
                points_text=t("doc_st_disqualifies", lang),
                count=1 if on else 0,
                count_text=yes if on else no,
                score=0.0,
                score_text="—",
                events=tuple(events.get(flag.code, ())),
            )
        )
    return lines, total


def _result(u: UnitResult, result: Result, state: DocState, lang: str) -> LabelValue:
    sep = t("res_reason_sep", lang)
    if u.disqualified_by:
        text = t("doc_st_not_eligible", lang, reasons=sep.join(u.reasons(result.rules, lang)))
    elif not u.eligible:
        text = t("doc_st_no_flag_reason", lang, reasons=sep.join(u.reasons(result.rules, lang)))
    elif u.won:
        won = t("doc_won_final" if state == "approved" else "doc_won_proposed", lang)
        text = t(
            "doc_st_won",
            lang,
            won=won,
            streak=u.streak,
            points=f"{u.reward_points or 0:.15g}",
            bonus=yuan_figures(u.bonus_yuan or 0),
        )
    elif u.outcome == "tie":
        text = t("doc_st_tie", lang)
    else:
        text = t("doc_st_lost", lang)
    return LabelValue(label=t("doc_st_col_result", lang), value=text)


def _unit(
    u: UnitResult,
    result: Result,
    state: DocState,
    decisions: dict[str, Decision],
    events: dict[str, list[EventLine]] | None,
    lang: str,
) -> UnitStatement:
    rules = result.rules
    contractor = result.roster.unit(u.code).contractor or ""
    header = [
        t("doc_st_unit", lang, name=u.name, code=u.code),
        t("doc_st_site", lang, site=u.site),
    ]
    if contractor:
        header.append(t("doc_st_contractor", lang, contractor=contractor))
    items, items_total = _items(u, result, events or {}, lang)
    source = {
        "input": "doc_st_src_input",
        "history": "doc_st_src_history",
        "roster": "doc_st_src_roster",
        "none": "doc_st_src_none",
    }[u.baseline_source]
    satisfaction = (
        LabelValue(label=t("doc_st_col_baseline", lang), value=_rate(u.baseline)),
        LabelValue(label=t("doc_st_col_source", lang), value=t(source, lang)),
        LabelValue(label=t("doc_st_col_current", lang), value=_rate(u.current)),
        LabelValue(label=t("doc_st_col_delta", lang), value=_rate(u.satisfaction_delta)),
        LabelValue(label=t("doc_st_col_adj", lang), value=points_text(u.satisfaction_adj)),
    )
    ranked = not u.disqualified_by and u.rank is not None
    if u.disqualified_by:
        rank_text = t("doc_st_not_ranked", lang)
    elif u.rank is None:
        rank_text = "—"
    else:
        rank_text = t("doc_st_rank", lang, rank=u.rank)

    def received(value: float | None, got: int, expected: int) -> str:
        return t("doc_st_received", lang, score=score_text(value), got=got, expected=expected)

    scores = (
        LabelValue(label=t("doc_st_col_quality", lang), value=score_text(u.quality)),
        LabelValue(
            label=t("doc_st_col_peer", lang),
            value=received(u.peer, u.peer_count, u.peer_expected),
        ),
        LabelValue(
            label=t("doc_st_col_leadership", lang),
            value=received(u.leadership, u.leadership_count, u.leadership_expected),
        ),
        LabelValue(label=t("doc_st_col_total", lang), value=score_text(u.total)),
        LabelValue(label=t("doc_st_col_rank", lang), value=rank_text),
    )
    notes = []
    note = decision_note(result, u, decisions.get(u.code), lang)
    if note:
        notes.append(t("doc_st_decision", lang, text=note))
    if u.remark.strip():
        notes.append(t("doc_st_remark", lang, remark=u.remark.strip()))
    unit_events = tuple(sorted((e for item in items for e in item.events), key=lambda e: e.date))
    w = rules.weights
    return UnitStatement(
        code=u.code,
        name=u.name,
        site=u.site,
        contractor=contractor,
        header=tuple(header),
        items_title=t("doc_st_items", lang, base=f"{rules.base_score:.15g}"),
        item_columns=tuple(
            t(k, lang)
            for k in (
                "doc_st_col_item",
                "doc_st_col_points",
                "doc_st_col_count",
                "doc_st_col_score",
            )
        ),
        items=tuple(items),
        items_total=LabelValue(label=t("doc_st_items_total", lang), value=points_text(items_total)),
        satisfaction_title=t("doc_st_satisfaction", lang),
        satisfaction=satisfaction,
        scores_title=t("doc_st_scores", lang),
        formula=t(
            "doc_st_formula",
            lang,
            wq=_weight(w.quality),
            wp=_weight(w.peer),
            wl=_weight(w.leadership),
        ),
        scores=scores,
        quality=u.quality,
        peer=u.peer,
        leadership=u.leadership,
        total=u.total,
        rank=u.rank if ranked else None,
        rank_text=rank_text,
        result=_result(u, result, state, lang),
        reasons=tuple(u.reasons(rules, lang)),
        notes=tuple(notes),
        events_title="" if events is None else t("doc_st_events", lang),
        event_columns=tuple(
            t(k, lang)
            for k in (
                "doc_st_col_date",
                "doc_st_col_item",
                "doc_st_col_description",
                "doc_st_col_evidence",
                "doc_st_col_inspector",
            )
        ),
        events=unit_events,
        no_events="" if events is None or unit_events else t("doc_st_no_events", lang),
    )


def _event_lines(
    result: Result, events: Iterable[RegisterEvent], lang: str
) -> dict[str, dict[str, list[EventLine]]]:
    """The events by unit and item, in date order; an event of a unit or item the quarter does
    not know is left out (the register's reader reports it as a finding)."""
    labels = {i.code: i.label(lang) for i in result.rules.items}
    labels.update({f.code: f.label(lang) for f in result.rules.disqualifying_flags})
    units = {u.code for u in result.units}
    out: dict[str, dict[str, list[EventLine]]] = defaultdict(lambda: defaultdict(list))
    for e in sorted(events, key=lambda e: e.date):
        if e.unit not in units or e.item not in labels:
            continue
        out[e.unit][e.item].append(
            EventLine(
                date=e.date,
                date_text=date_text(e.date, lang),
                item=labels[e.item],
                description=e.description,
                evidence=e.evidence,
                inspector=e.inspector,
            )
        )
    return out


def statement_content(
    result: Result,
    *,
    approved: bool = False,
    decisions: Iterable[Decision] = (),
    date: _dt.date | None = None,
    events: Iterable[RegisterEvent] = (),
    settings: AnnouncementSettings | None = None,
    lang: str | None = None,
) -> StatementContent:
    """One statement per unit of ``result`` (roster order).  ``events`` are the inspection
    register's verified events; when there are none, the statements have no evidence section."""
    lang = current_lang(lang)
    settings = settings or result.rules.announcement
    date = date or _dt.date.today()
    state = doc_state(result, approved)
    checked = check_decisions(result, decisions, lang)
    event_list = list(events)
    by_unit = _event_lines(result, event_list, lang) if event_list else None
    units = tuple(
        _unit(
            u,
            result,
            state,
            checked,
            None if by_unit is None else by_unit.get(u.code, {}),
            lang,
        )
        for u in result.units
    )
    return StatementContent(
        period=result.period,
        lang=lang,
        state=state,
        title=t("doc_st_title", lang, quarter=quarter_words(result.period, lang)),
        title_note=title_note(state, lang),
        issuer=settings.issuer,
        date=date,
        date_text=date_text(date, lang),
        units=units,
    )
