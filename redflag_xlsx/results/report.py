"""The other sheets of the results workbook: 规则 (the parameters every formula reads),
流动红旗, 公示 (one printed A4 page), 校验问题 and 图表 (a native bar chart per site)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.formulas import RuleRefs, TierRefs
from ..core.i18n import t
from ..xlsx import layout
from .book import TIE_FILL, a1, text_width

if TYPE_CHECKING:
    from ..core.scoring import UnitResult
    from .book import Book

HEADER = layout.HEADER_ROW - 1
FIRST = layout.FIRST_DATA_ROW - 1
INFO = layout.INFO_ROW - 1
WON_BAR = "#C00000"
TIE_BAR = TIE_FILL
OTHER_BAR = "#5B9BD5"


def _ranked(units: list[UnitResult]) -> list[UnitResult]:
    """Units by rank; units that take no part (no rank) after them by total, units without a
    total last; roster order among equals."""
    return sorted(
        units, key=lambda u: (u.rank is None, u.rank or 0, u.total is None, -(u.total or 0.0))
    )


# --- 规则 ---------------------------------------------------------------------------------------
def write_rules(book: Book) -> RuleRefs:
    """Every parameter used; returns the cells the formulas read them from."""
    sheet, lang, rules = "rules", book.lang, book.rules
    fmt_label, fmt_note = book.fmt("text"), book.fmt("wrap")
    shape, info_only = t("res_note_shape", lang), t("res_note_info", lang)
    none = t("res_none_value", lang)
    book.text(sheet, 0, 0, t("res_title_rules", lang), book.fmt("title"), measure=False)
    book.set_row(sheet, 0, 24)
    book.text(sheet, INFO, 0, t("res_rules_note", lang), book.fmt("info"), measure=False)
    book.headers(
        sheet,
        HEADER,
        [t(k, lang) for k in ("res_col_param", "res_col_value", "res_col_note")],
        book.fmt("header"),
    )
    row = FIRST
    cells: dict[str, str] = {}  # parameter -> its absolute reference on 规则

    def param(key: str, label_key: str, value, note: str = "", fmt: str = "points") -> None:
        nonlocal row
        book.text(sheet, row, 0, t(label_key, lang), fmt_label)
        if isinstance(value, str):
            book.text(sheet, row, 1, value, book.fmt("center"))
        else:
            book.number(sheet, row, 1, value, book.fmt(fmt))
        book.text(sheet, row, 2, note, fmt_note)
        if key:
            cells[key] = book.ref(sheet, row, 1, row_abs=True, col_abs=True)
        row += 1

    w = rules.weights
    low, high = rules.quality_limits
    agg = {"mean": t("res_agg_mean", lang), "trimmed": t("res_agg_trimmed", lang)}
    crit = {
        "quality": t("res_col_quality", lang),
        "peer": t("res_col_peer", lang),
        "leadership": t("res_col_leadership", lang),
    }
    param("base", "res_rule_base", rules.base_score)
    mode = "res_sat_prop" if rules.satisfaction_mode == "proportional" else "res_sat_full"
    param("", "res_rule_sat_mode", t(mode, lang), shape)
    param("up", "res_rule_up", rules.satisfaction_up_points)
    param("down", "res_rule_down", rules.satisfaction_down_points)
    fixed = rules.satisfaction_baseline == "fixed"
    baseline = t("res_baseline_fixed" if fixed else "res_baseline_previous", lang)
    param("", "res_rule_baseline", baseline, info_only)
    param("w_quality", "res_rule_w_quality", w.quality)
    param("w_peer", "res_rule_w_peer", w.peer)
    param("w_leadership", "res_rule_w_leadership", w.leadership)
    param("", "res_rule_peer_agg", agg[rules.peer_aggregation], shape)
    param("", "res_rule_lead_agg", agg[rules.leadership_aggregation], shape)
    param("trim_min", "res_rule_trim_min", rules.trim_min_count, fmt="int")
    scope = "res_scope_site" if rules.peer_scope == "site" else "res_scope_all"
    param("", "res_rule_scope", t(scope, lang), shape)
    in_house = t("yes" if rules.in_house_rates_peers else "no", lang)
    param("", "res_rule_in_house", in_house, shape)
    param("", "res_rule_min_coverage", rules.min_coverage, info_only, fmt="pct")
    param("q_min", "res_rule_q_min", none if low is None else low, shape if low is None else "")
    param("q_max", "res_rule_q_max", none if high is None else high, shape if high is None else "")
    min_total = rules.min_total_for_flag
    param("", "res_rule_min_total", none if min_total is None else min_total, info_only)
    tie_break = t("res_list_sep", lang).join(crit[c] for c in rules.tie_break)
    param("", "res_rule_tie_break", tie_break, info_only)

    # quality items: label | points | how it is entered | code
    row += 1
    book.text(sheet, row, 0, t("res_rules_items", lang), book.fmt("section"), measure=False)
    row += 1
    heads: tuple[str, ...] = ("res_col_item", "res_col_points", "res_col_note", "res_col_code")
    book.headers(sheet, row, [t(k, lang) for k in heads], book.fmt("header"))
    row += 1
    points: dict[str, str] = {}
    for item in rules.items:
        how = t("res_input_flag" if item.input == "flag" else "res_input_count", lang)
        if item.disqualifies:
            how += t("res_input_disq", lang)
        book.text(sheet, row, 0, item.label(lang), fmt_label)
        book.number(sheet, row, 1, item.points, book.fmt("points"))
        book.text(sheet, row, 2, how, fmt_note)
        book.text(sheet, row, 3, item.code, book.fmt("text"))
        points[item.code] = book.ref(sheet, row, 1, row_abs=True, col_abs=True)
        row += 1
    for flag in rules.disqualifying_flags:
        book.text(sheet, row, 0, flag.label(lang), fmt_label)
        book.blank(sheet, row, 1, book.fmt("text"))
        book.text(sheet, row, 2, t("res_flag_disq", lang), fmt_note)
        book.text(sheet, row, 3, flag.code, book.fmt("text"))
        row += 1

    # flags per site
    row += 1
    book.text(sheet, row, 0, t("res_rules_sites", lang), book.fmt("section"), measure=False)
    row += 1
    heads = ("col_site", "res_col_flags", "res_col_note")
    book.headers(sheet, row, [t(k, lang) for k in heads], book.fmt("header"))
    row += 1
    for site, n in rules.flags_per_site.items():
        book.text(sheet, row, 0, site, fmt_label)
        book.number(sheet, row, 1, n, book.fmt("int"))
        book.text(sheet, row, 2, info_only, fmt_note)
        row += 1

    # reward tiers: the summary looks the reward up here from the streak
    row += 1
    book.text(sheet, row, 0, t("res_rules_tiers", lang), book.fmt("section"), measure=False)
    row += 1
    heads = ("res_col_min_streak", "res_col_reward_points", "res_col_bonus", "res_col_priority")
    book.headers(sheet, row, [t(k, lang) for k in heads], book.fmt("header"))
    row += 1
    first = row
    for tier in rules.reward_tiers:
        book.number(sheet, row, 0, tier.min_streak, book.fmt("int"))
        book.number(sheet, row, 1, tier.points, book.fmt("points"))
        book.number(sheet, row, 2, tier.bonus_yuan, book.fmt("money"))
        book.text(sheet, row, 3, t("yes" if tier.priority else "no", lang), book.fmt("center"))
        row += 1
    columns = {}
    for key, col in (("streak", 0), ("points", 1), ("bonus", 2), ("priority", 3)):
        top = book.ref(sheet, first, col, row_abs=True, col_abs=True)
        columns[key] = f"{top}:{a1(row - 1, col, row_abs=True, col_abs=True)}"
    ws = book.sheets[sheet]
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 26)
    ws.set_column(2, 2, 44)
    ws.set_column(3, 3, 20)
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    return RuleRefs(
        base=cells["base"],
        up=cells["up"],
        down=cells["down"],
        w_quality=cells["w_quality"],
        w_peer=cells["w_peer"],
        w_leadership=cells["w_leadership"],
        trim_min=cells["trim_min"],
        q_min=cells["q_min"] if low is not None else None,
        q_max=cells["q_max"] if high is not None else None,
        points=points,
        tiers=TierRefs(**columns),
    )


# --- 流动红旗 -----------------------------------------------------------------------------------
def write_flags(book: Book) -> None:
    sheet, lang = "flags", book.lang
    cols = layout.flags_columns(lang)
    c = {col.key: i for i, col in enumerate(cols)}
    s = book.summary_col
    title = t("res_title_flags", lang, period_text=book.period_text())
    book.text(sheet, 0, 0, title, book.fmt("title"), measure=False)
    book.set_row(sheet, 0, 24)
    book.text(sheet, INFO, 0, t("res_info_flags", lang), book.fmt("info"), measure=False)
    book.set_row(sheet, HEADER, 32)
    book.headers(sheet, HEADER, [col.header for col in cols], book.fmt("header"))
    tie_break = t("res_note_tiebreak", lang, order=_tie_break_order(book))
    notes = [t("res_note_tie", lang), t("res_note_award", lang), t("res_no_winner", lang, n=0)]
    notes.append(tie_break)
    note_width = min(36, max(text_width(x) + 2 for x in notes))
    row = FIRST
    bonus_total = 0.0  # summed in row order, as SUM does
    for site in book.sites:
        units = [u for u in book.units if u.site == site]
        shown = _ranked([u for u in units if u.outcome in ("flag", "tie")])
        n_flags = book.rules.flags_for(site)
        if not shown:
            book.fit_row(sheet, row, [(t("res_no_winner", lang, n=n_flags), note_width)])
            book.text(sheet, row, c["site"], site, book.fmt("text"))
            for key in list(c)[1:-1]:
                book.blank(sheet, row, c[key], book.fmt("text"))
            note = t("res_no_winner", lang, n=n_flags)
            book.text(sheet, row, c["note"], note, book.fmt("wrap"), measure=False)
            row += 1
            continue
        for u in shown:
            if u.outcome == "tie":
                note = t("res_note_tie", lang)
            elif u.decided_by_award:
                note = t("res_note_award", lang)
            elif any(o.total == u.total and o.eligible and not o.won for o in units):
                note = tie_break  # a unit with the same total lost on Q, L or P
            else:
                note = ""
            book.fit_row(sheet, row, [(note, note_width)])
            hl = book.highlight(u)
            src = book.unit_row[u.code]
            contractor = book.roster_unit[u.code].contractor
            book.text(sheet, row, c["site"], site, book.fmt("text", hl))
            book.text(sheet, row, c["unit_code"], u.code, book.fmt("center", hl))
            book.text(sheet, row, c["unit_name"], u.name, book.fmt("text", hl))
            book.text(sheet, row, c["contractor"], contractor, book.fmt("text", hl))
            for key, fmt, value in (("total", "score", u.total), ("rank", "int", u.rank)):
                ref = "=" + book.ref("summary", src, s[key])
                book.formula(sheet, row, c[key], ref, value, book.fmt(fmt, hl))
            book.text(sheet, row, c["outcome"], book.outcome_text(u), book.fmt("center", hl))
            rewards = (
                ("streak", "int", u.streak),
                ("reward_points", "points", u.reward_points),
                ("bonus_yuan", "money", u.bonus_yuan),
                ("priority", "center", book.priority_text(u)),
            )
            for key, fmt, reward in rewards:
                if u.won:
                    ref = "=" + book.ref("summary", src, s[key])
                    book.formula(sheet, row, c[key], ref, reward, book.fmt(fmt, hl))
                else:
                    book.blank(sheet, row, c[key], book.fmt(fmt, hl))
            if u.won:
                bonus_total += u.bonus_yuan or 0
            book.text(sheet, row, c["note"], note, book.fmt("wrap", hl), measure=False)
            row += 1
    # the total bonus to pay
    label_col = c["reward_points"]
    book.text(sheet, row, label_col, t("res_total_bonus", lang), book.fmt("header"))
    bonus_col = c["bonus_yuan"]
    rng = f"{a1(FIRST, bonus_col)}:{a1(max(row - 1, FIRST), bonus_col)}"
    book.formula(sheet, row, bonus_col, f"=SUM({rng})", bonus_total, book.fmt("money", "bold"))
    # the flags handed over: last quarter's holders -> this quarter's (SPEC 13)
    from .handover import write_handover

    write_handover(book, sheet, row + 2, (c["site"], c["unit_name"], c["contractor"], c["note"]))
    ws = book.sheets[sheet]
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(HEADER)
    book.apply_widths(sheet, cap=36, fixed={c["note"]: note_width})


def _tie_break_order(book: Book) -> str:
    """The tie-break criteria as the summary's column headers, e.g. 服务质量得分、领导评议得分."""
    labels = {
        "quality": t("res_col_quality", book.lang),
        "peer": t("res_col_peer", book.lang),
        "leadership": t("res_col_leadership", book.lang),
    }
    return t("res_list_sep", book.lang).join(labels[c] for c in book.rules.tie_break)


# --- 公示 ---------------------------------------------------------------------------------------
# the announcement's columns: 序号, 单位名称, 承包单位, 综合得分, 评选结果
NOTICE_WIDTHS = (6, 30, 30, 10, 15)
NOTICE_LINE = 20  # points per line of 12-point text


def _chars(widths: tuple[float, ...]) -> float:
    """Characters of 12-point Chinese text across ``widths`` (column widths in 11-point Latin
    characters: a Chinese character takes two, 12 points a little more)."""
    return sum(widths) / 2.3


def write_notice(book: Book) -> None:
    """The 公示 sheet: the announcement's own words (:func:`documents.announcement_content`,
    the same content as 公示_<period>.pdf), one A4 page -- a proposal (（待局领导审定）, winners
    拟) until the leaders approve the period, then the final text; the totals are live
    references to 汇总."""
    from ..documents.announcement import announcement_content
    from .book import wrapped_lines

    sheet, lang, case = "notice", book.lang, book.case
    content = announcement_content(
        book.result,
        approved=case.approved,
        decisions=case.decisions,
        date=case.day,
        lang=lang,
    )
    last = len(NOTICE_WIDTHS) - 1
    ws = book.sheets[sheet]
    title_fmt = book.wb.add_format(
        {"bold": True, "font_size": 16, "align": "center", "valign": "vcenter", "text_wrap": True}
    )
    note_fmt = book.wb.add_format(
        {"font_size": 12, "align": "center", "valign": "vcenter", "text_wrap": True}
    )
    right = book.wb.add_format({"font_size": 12, "align": "right", "valign": "vcenter"})
    left = book.wb.add_format({"font_size": 12, "align": "left", "valign": "vcenter"})
    body_fmt = book.wb.add_format({"font_size": 12, "text_wrap": True, "valign": "top"})
    site_fmt = book.fmt("header", "plain")
    width = _chars(NOTICE_WIDTHS)
    indent = "\u3000\u3000" if lang == "zh" else ""

    def paragraph(row: int, text: str) -> int:
        text = indent + text
        ws.set_row(row, NOTICE_LINE * wrapped_lines(text, width * 2) + 4)
        ws.merge_range(row, 0, row, last, text, body_fmt)
        return row + 1

    row = 0
    ws.set_row(row, 48)
    ws.merge_range(row, 0, row, last, content.title, title_fmt)
    row += 1
    if content.title_note:
        ws.set_row(row, 24)
        ws.merge_range(row, 0, row, last, content.title_note, note_fmt)
        row += 1
    row += 1
    for text in content.paragraphs:
        row = paragraph(row, text)
    row += 1
    s = book.summary_col
    if content.sites:
        ws.set_row(row, 24)
        for i, header in enumerate(content.columns):
            ws.write_string(row, i, header, book.fmt("header"))
        row += 1
    for site in content.sites:
        ws.set_row(row, 22)
        ws.merge_range(row, 0, row, last, site.heading, site_fmt)
        row += 1
        for r in site.rows:
            u = book.result.unit(r.code)
            hl = "won" if r.won else "tie"
            ws.set_row(row, 22)
            ws.write_number(row, 0, r.no, book.fmt("int"))
            ws.write_string(row, 1, r.name, book.fmt("wrap"))
            contractor = r.contractor or t("doc_in_house", lang)
            ws.write_string(row, 2, contractor, book.fmt("wrap"))
            ref = "=" + book.ref("summary", book.unit_row[u.code], s["total"])
            book.formula(sheet, row, 3, ref, u.total, book.fmt("score"))
            ws.write_string(row, 4, r.result, book.fmt("center", hl))
            row += 1
        if site.empty:
            ws.set_row(row, 22)
            ws.merge_range(row, 0, row, last, site.empty, book.fmt("center"))
            row += 1
    row += 1
    for text in (*content.notes, content.objection, content.contact):
        if text:
            row = paragraph(row, text)
    row += 1
    ws.set_row(row, 22)
    ws.merge_range(row, 0, row, last, content.group_title, left)
    row += 1
    from .payout import signature_names

    for line in content.signatures:
        ws.set_row(row, 22)
        text = t("res_sign_line", lang, role=line.role, names=signature_names(line.names, lang))
        ws.merge_range(row, 0, row, last, text, left)
        row += 1
    row += 1
    for text in (content.issuer, content.date_text):
        ws.set_row(row, 22)
        ws.merge_range(row, 0, row, last, text, right)
        row += 1
    for i, w in enumerate(NOTICE_WIDTHS):
        ws.set_column(i, i, w)
    ws.set_portrait()
    ws.set_paper(9)
    ws.center_horizontally()
    ws.set_margins(left=0.9, right=0.9, top=1.0, bottom=1.0)
    ws.print_area(0, 0, row - 1, last)
    ws.fit_to_pages(1, 1)
    ws.hide_gridlines(2)


MESSAGE_WIDTH, HINT_WIDTH = 60, 40


# --- 校验问题 -----------------------------------------------------------------------------------
def write_issues(book: Book) -> None:
    sheet, lang = "issues", book.lang
    cols = layout.issues_columns(lang)
    issues = sorted(book.result.issues, key=lambda i: not i.is_error)  # errors first, stable
    errors = sum(1 for i in issues if i.is_error)
    title = t("res_title_issues", lang, n=len(issues), errors=errors, warnings=len(issues) - errors)
    book.text(sheet, 0, 0, title, book.fmt("title"), measure=False)
    book.set_row(sheet, 0, 24)
    book.headers(sheet, HEADER, [col.header for col in cols], book.fmt("header"))
    row = FIRST
    for n, issue in enumerate(issues, start=1):
        message, hint = issue.text(lang), issue.hint_text(lang)
        book.fit_row(sheet, row, [(message, MESSAGE_WIDTH), (hint, HINT_WIDTH)])
        hl = "won" if issue.is_error else None
        values = (
            issue.severity,
            issue.code,
            issue.file or "",
            issue.sheet or "",
            issue.cell or "",
            issue.unit or issue.rater or "",
            message,
            hint,
        )
        book.number(sheet, row, 0, n, book.fmt("int", hl))
        for col, value in enumerate(values, start=1):
            if col == 1:
                value = t("error" if issue.is_error else "warning", lang)
            style = "wrap" if col >= 7 else "text"
            book.text(sheet, row, col, value, book.fmt(style, hl))
        row += 1
    if not issues:
        book.text(sheet, row, 0, t("res_no_issues", lang), book.fmt("info"), measure=False)
    ws = book.sheets[sheet]
    if issues:
        ws.autofilter(HEADER, 0, row - 1, len(cols) - 1)
    ws.freeze_panes(FIRST, 0)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(HEADER)
    book.apply_widths(sheet, cap=24, fixed={7: MESSAGE_WIDTH, 8: HINT_WIDTH})


# --- 图表 ---------------------------------------------------------------------------------------
CHART_WIDTH_PX = 720


def write_chart(book: Book) -> None:
    """Per site: a small table (unit, total linked to 汇总) and a native bar chart of it."""
    sheet, lang = "chart", book.lang
    name = book.names[sheet]
    s = book.summary_col
    book.text(sheet, 0, 0, t("res_title_chart", lang), book.fmt("title"), measure=False)
    book.set_row(sheet, 0, 24)
    heads = [t("col_unit_name", lang), t("res_col_total", lang)]
    row = HEADER
    for site in book.sites:
        units = [u for u in _ranked(book.units) if u.site == site and u.total is not None]
        if not units:
            continue
        book.text(sheet, row - 1, 0, site, book.fmt("section"), measure=False)
        book.headers(sheet, row, heads, book.fmt("header"))
        first = row + 1
        for i, u in enumerate(units):
            hl = book.highlight(u)
            book.text(sheet, first + i, 0, u.name, book.fmt("text", hl))
            ref = "=" + book.ref("summary", book.unit_row[u.code], s["total"])
            book.formula(sheet, first + i, 1, ref, u.total, book.fmt("score", hl))
        last = first + len(units) - 1
        chart = book.wb.add_chart({"type": "bar"})
        colors = {"flag": WON_BAR, "tie": TIE_BAR}
        chart.add_series(
            {
                "name": t("res_col_total", lang),
                "categories": [name, first, 0, last, 0],
                "values": [name, first, 1, last, 1],
                # the cached points (constant_memory keeps no cells for xlsxwriter to read them
                # from): previewers draw the chart from these, and the names stay text
                "categories_data": [u.name for u in units],
                "values_data": [u.total for u in units],
                "points": [{"fill": {"color": colors.get(u.outcome, OTHER_BAR)}} for u in units],
                "data_labels": {"value": True, "num_format": "0.00"},
                "gap": 60,
            }
        )
        literal_names(chart, t("res_chart_title", lang, site=site), t("res_col_total", lang))
        chart.set_legend({"none": True})
        chart.set_y_axis({"reverse": True})
        # the value axis from 0: a bar's length is the score, gaps are not exaggerated
        chart.set_x_axis({"min": 0, "num_format": "0", "major_gridlines": {"visible": True}})
        height = max(300, 26 * len(units) + 110)
        chart.set_size({"width": CHART_WIDTH_PX, "height": height})
        book.sheets[sheet].insert_chart(row - 1, 3, chart)
        rows_needed = max(len(units) + 3, height // 20 + 2)
        row += rows_needed
    book.min_width(sheet, 0, 20)
    book.apply_widths(sheet, cap=36)
    ws = book.sheets[sheet]
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)


def literal_names(chart, title: str, series: str) -> None:
    """The chart's title and its (last) series' name as literal text (SPEC 8): xlsxwriter takes
    a name that looks like ``Sheet!A1`` for a formula reference, and a site's name is user text."""
    chart.set_title({"name": title})
    box = getattr(chart, "title", None)
    if box is not None and hasattr(box, "formula"):  # xlsxwriter 3.3
        box.name, box.formula, box.data_id = title, None, None
    else:  # pragma: no cover - xlsxwriter before 3.3
        chart.title_name, chart.title_formula, chart.title_data_id = title, None, None
    last = chart.series[-1]
    last["name"], last["name_formula"], last["name_id"] = series, None, None


# --- a draft (tally --allow-errors): marked on every sheet, no winner announced ------------------
def draft_title(book: Book, title: str) -> str:
    """A sheet's title with the draft mark (SPEC 8: every sheet of a draft carries 草稿)."""
    return t("res_draft_title", book.lang, title=title)


def write_draft_notice(book: Book) -> None:
    """The 公示 sheet of a draft: says that the results are a draft and must not be announced,
    and names no winner."""
    sheet, lang = "notice", book.lang
    last = len(NOTICE_WIDTHS) - 1
    ws = book.sheets[sheet]
    title_fmt = book.wb.add_format(
        {
            "bold": True,
            "font_size": 16,
            "font_color": "#C00000",
            "align": "center",
            "valign": "vcenter",
            "text_wrap": True,
        }
    )
    body_fmt = book.wb.add_format({"font_size": 12, "text_wrap": True, "valign": "top"})
    period_text = book.period_text()
    ws.set_row(0, 48)
    ws.merge_range(
        0, 0, 0, last, t("res_draft_notice_title", lang, period_text=period_text), title_fmt
    )
    ws.set_row(2, 96)
    body = t("res_draft_notice_body", lang, n=book.error_count, issues=book.names["issues"])
    ws.merge_range(2, 0, 2, last, body, body_fmt)
    for i, width in enumerate(NOTICE_WIDTHS):
        ws.set_column(i, i, width)
    ws.set_portrait()
    ws.set_paper(9)
    ws.print_area(0, 0, 2, last)
    ws.fit_to_pages(1, 1)
    ws.hide_gridlines(2)
