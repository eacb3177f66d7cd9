"""填表说明, the instructions sheet that opens every form: the quarter, who fills which sheet,
how to fill it and, on forms with the scoring sheet, how the score is made, every item and its
points (a rating form says only what its rater needs: the scoring formula is not their concern).

Every text comes from the catalog (``tpl_instr_*``); numbers of the rules are shown as the
formulas write them (``-1``, not ``-1.0``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from ..core.i18n import t
from ..xlsx import layout
from ..xlsx.writing import FORM_PROTECTION, number_text, wrap_size

if TYPE_CHECKING:
    from xlsxwriter.workbook import Workbook

    from ..core.period import Period
    from ..core.roster import Roster
    from ..core.rules import QualityItem, Rules

__all__ = ["FormContext", "instruction_rows", "write_instructions"]


class FormPlan(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def rater(self) -> str: ...
    @property
    def sheets(self) -> tuple[layout.SheetKey, ...]: ...
    @property
    def listed(self) -> bool: ...


class FormContext(Protocol):
    """What the instructions need of the form being built (``templates._Builder`` is one)."""

    roster: Roster
    rules: Rules
    period: Period
    lang: str
    deadline: str | None
    fmt: dict[str, Any]  # the workbook's cell formats by name

    @property
    def plan(self) -> FormPlan: ...


def instruction_rows(form: FormContext) -> list[tuple[str, str]]:
    """(style, text) lines of the instructions sheet: who fills what, the rules in short."""
    lang, r, sheets = form.lang, form.rules, form.plan.sheets
    rows = [
        ("title", t("tpl_instr_title", lang, app=t("app_title", lang))),
        ("info", t("tpl_instr_period", lang, period=form.period)),
    ]
    if form.deadline:
        rows.append(("info", t("tpl_instr_deadline", lang, deadline=form.deadline)))
    if not form.plan.listed:
        n_units, n_leaders = len(form.roster.units), len(form.roster.leaders)
        rows.append(("info", t("tpl_instr_roster", lang, units=n_units, leaders=n_leaders)))
    if form.plan.kind in ("peer", "leadership"):
        who = (form.roster.unit if form.plan.kind == "peer" else form.roster.leader)(
            form.plan.rater
        )
        key = "tpl_instr_rater_unit" if form.plan.kind == "peer" else "tpl_instr_rater_leader"
        rows.append(("para", t(key, lang, code=who.code, name=who.name)))
    if form.plan.listed:  # a format 2 rating form: what the rater needs
        return rows + _list_rows(form)
    rows += [("blank", ""), ("section", t("tpl_instr_who", lang))]
    for sheet in sheets:
        key = f"tpl_instr_who_{sheet}"
        if sheet == "peer" and r.peer_scope == "site":  # a split form lists its site only
            key += "_site_split" if form.plan.rater else "_site"
        rows.append(("para", t(key, lang, sheet=layout.sheet_name(sheet, lang))))
    rows += [("blank", ""), ("section", t("tpl_instr_rules", lang))]
    keys = ["tpl_instr_rule_cells"]
    if "scoring" in sheets:
        keys += ["tpl_instr_rule_counts", "tpl_instr_rule_rates", "tpl_instr_rule_flags"]
    if set(sheets) & {"peer", "leadership"}:
        keys.append("tpl_instr_rule_ratings")
    rows += [("para", t(k, lang)) for k in keys]
    if "scoring" in sheets:  # how the score is made: for the staff, not for a rater
        rows += _scoring_rules(form)
    rows.append(("para", t("tpl_instr_rule_return", lang)))
    return rows


def _scoring_rules(form: FormContext) -> list[tuple[str, str]]:
    """The score, what disqualifies and the total, on forms with the scoring sheet."""
    lang, r = form.lang, form.rules
    rows: list[tuple[str, str]] = []
    mode = "prop" if r.satisfaction_mode == "proportional" else "full"
    up, down = number_text(r.satisfaction_up_points), number_text(r.satisfaction_down_points)
    score = t(
        f"tpl_instr_rule_score_{mode}", lang, base=number_text(r.base_score), up=up, down=down
    )
    rows.append(("para", score))
    sep = "、" if lang == "zh" else ", "
    disq = [i.label(lang) for i in r.items if i.disqualifies]
    disq += [fl.label(lang) for fl in r.disqualifying_flags]
    if disq:
        rows.append(("para", t("tpl_instr_rule_disq", lang, items=sep.join(disq))))
    flags = sep.join(
        t("tpl_instr_flags_site", lang, site=s, n=n) for s, n in r.flags_per_site.items()
    )
    w = r.weights
    total = t(
        "tpl_instr_rule_total",
        lang,
        wq=number_text(w.quality),
        wp=number_text(w.peer),
        wl=number_text(w.leadership),
        flags=flags,
    )
    rows.append(("para", total))
    return rows


def _list_rows(form: FormContext) -> list[tuple[str, str]]:
    """The rest of a format 2 rating form's instructions: whom to rate, how, how to return it
    (no scoring rules: the rater fills in ratings only)."""
    lang, sheet = form.lang, form.plan.kind
    key = f"tpl_instr_who_list_{sheet}"
    if sheet == "peer" and form.rules.peer_scope == "site":
        key += "_site"
    return [
        ("blank", ""),
        ("section", t("tpl_instr_who", lang)),
        ("para", t(key, lang, sheet=layout.sheet_name(sheet, lang))),
        ("blank", ""),
        ("section", t("tpl_instr_rules", lang)),
        ("para", t("tpl_instr_rule_cells", lang)),
        ("para", t("tpl_instr_rule_ratings", lang)),
        ("para", t("tpl_instr_rule_return", lang)),
        ("para", t("tpl_instr_list_sign", lang)),
    ]


def write_instructions(wb: Workbook, form: FormContext) -> None:
    """The 填表说明 sheet of ``form``, the first and active sheet of every form."""
    lang, f, r = form.lang, form.fmt, form.rules
    ws = wb.add_worksheet(layout.sheet_name("instructions", lang))
    ws.set_column(0, 0, 34)
    ws.set_column(1, 1, 56)
    row = 0
    for row, (style, text) in enumerate(instruction_rows(form)):
        if style == "para":  # a paragraph spans both columns and wraps
            ws.merge_range(row, 0, row, 1, "", f[style])
            ws.write_string(row, 0, text, f[style])
            ws.set_row(row, 15 * wrap_size(text, 86)[0] + 4)
        elif text:
            ws.write_string(row, 0, text, f[style])
    if "scoring" in form.plan.sheets:  # the items and their points, as a small table
        table = [(i.label(lang), _points_text(i, lang)) for i in r.items]
        table += [(fl.label(lang), t("tpl_instr_flag_disq", lang)) for fl in r.disqualifying_flags]
        ws.write_string(row + 2, 0, t("tpl_instr_items", lang), f["section"])
        ws.write_string(row + 3, 0, t("tpl_instr_item_col", lang), f["header"])
        ws.write_string(row + 3, 1, t("tpl_instr_points_col", lang), f["header"])
        for i, (label, points) in enumerate(table, start=row + 4):
            ws.write_string(i, 0, label, f["id"])
            ws.write_string(i, 1, points, f["id"])
    ws.set_portrait()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.set_footer(t("tpl_footer", lang, period=form.period))
    ws.protect("", FORM_PROTECTION)
    ws.activate()


def _points_text(item: QualityItem, lang: str) -> str:
    key = (
        "tpl_instr_points_flag"
        if item.input == "flag"
        else ("tpl_instr_points_disq" if item.disqualifies else "tpl_instr_points_count")
    )
    return t(key, lang, points=f"{item.points:+g}")
