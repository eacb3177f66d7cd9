"""The scoring sheets of the results workbook: 汇总, 服务质量明细, 单位互评, 领导评议.

Every derived number is a live formula that mirrors :mod:`scoring` step by step, in the same
order of operations, with the engine's number as its cached value; the formulas read every
parameter from the 规则 sheet (the :class:`~redflag_xlsx.core.formulas.RuleRefs` that
:func:`.report.write_rules` returns); the formula text itself comes from :mod:`core.formulas`.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ..core import formulas
from ..core.i18n import t
from ..core.peers import peer_raters
from ..core.register import register_items
from ..core.scoring import low_coverage
from ..xlsx import layout
from .book import MAX_COLUMNS, a1, text_width, wrapped_lines, yes_no_format
from .register import EvidenceRefs, evidence_refs

if TYPE_CHECKING:
    from ..core.formulas import RuleRefs
    from ..core.scoring import UnitResult
    from .book import Book

HEADER = layout.HEADER_ROW - 1  # 0-based
FIRST = layout.FIRST_DATA_ROW - 1
INFO = layout.INFO_ROW - 1
RATER_WIDTH = 7  # a rating column


def _title(book: Book, sheet: str, text: str) -> None:
    book.text(sheet, 0, 0, text, book.fmt("title"), measure=False)
    book.set_row(sheet, 0, 24)


def _print_setup(book: Book, sheet: str, *, freeze_col: int) -> None:
    """A4 landscape, one page wide, the header repeated, frozen below it and after the names."""
    ws = book.sheets[sheet]
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(HEADER)
    ws.freeze_panes(FIRST, freeze_col)
    ws.set_footer(f"&L{book.result.period}&C&P / &N&R&A")


# --- 汇总 ---------------------------------------------------------------------------------------
def write_summary(book: Book, refs: RuleRefs) -> None:
    sheet, lang = "summary", book.lang
    cols = layout.summary_columns(lang)
    c = book.summary_col
    q_col = book.quality_col["quality"]
    info = (
        t("res_draft", lang, n=book.error_count)
        if book.error_count
        else t(
            "res_info_summary",
            lang,
            period=book.result.period,
            units=len(book.units),
            rules=book.names["rules"],
        )
    )
    _title(book, sheet, t("res_title_summary", lang, period_text=book.period_text()))
    # the evaluation group signs the summary it sends to the leaders (seed 三, SPEC 13): above
    # the table on the right (rows 1-2: pandas.read_excel(header=2) still reads the units
    # alone) and at the foot of every printed page
    from .payout import group_signature_lines

    group = group_signature_lines(book)
    book.text(sheet, 0, c["outcome"], group[0], book.fmt("section"), measure=False)
    book.text(sheet, INFO, 0, info, book.fmt("draft" if book.error_count else "info"), measure=0)
    book.text(sheet, INFO, c["outcome"], "　".join(group[1:]), book.fmt("para"), measure=False)
    book.set_row(sheet, HEADER, 32)
    book.headers(sheet, HEADER, [col.header for col in cols], book.fmt("header"))
    reasons = {u.code: book.reasons(u) for u in book.units}
    reasons_width = min(36, max([14, *(text_width(x) + 2 for x in reasons.values())]))

    for u in book.units:
        r = book.unit_row[u.code]
        book.fit_row(sheet, r, [(reasons[u.code], reasons_width)])
        hl = book.highlight(u)
        cell = {k: a1(r, i) for k, i in c.items()}
        book.text(sheet, r, c["unit_code"], u.code, book.fmt("center", hl))
        book.text(sheet, r, c["unit_name"], u.name, book.fmt("text", hl))
        book.text(sheet, r, c["site"], u.site, book.fmt("text", hl))
        score = book.fmt("score", hl)
        book.formula(sheet, r, c["quality"], "=" + book.ref("quality", r, q_col), u.quality, score)
        for key in ("peer", "leadership"):
            src = book.ref(key, book.grid_row[key][u.code], book.grid_score_col)
            book.formula(sheet, r, c[key], "=" + src, getattr(u, key), score)
        total = "=" + formulas.total(cell["quality"], cell["peer"], cell["leadership"], refs)
        book.formula(sheet, r, c["total"], total, u.total, book.fmt("score", hl, "bold"))
        first, last = book.site_rows[u.site]
        tcol, dcol = c["total"], c["disqualified"]
        site_totals = f"{a1(first, tcol, row_abs=True)}:{a1(last, tcol, row_abs=True)}"
        site_reasons = f"{a1(first, dcol, row_abs=True)}:{a1(last, dcol, row_abs=True)}"
        rank = "=" + formulas.rank(cell["total"], cell["disqualified"], site_totals, site_reasons)
        book.formula(sheet, r, c["rank"], rank, u.rank, book.fmt("int", hl))
        book.text(sheet, r, c["disqualified"], reasons[u.code], book.fmt("wrap", hl), measure=0)
        book.text(sheet, r, c["outcome"], book.outcome_text(u), book.fmt("center", hl, "bold"))
        _write_reward(book, sheet, r, u, cell["streak"], refs, hl)
    last_row = max(book.unit_row.values(), default=FIRST)
    ws = book.sheets[sheet]
    ws.autofilter(HEADER, 0, last_row, len(cols) - 1)
    _print_setup(book, sheet, freeze_col=c["site"] + 1)
    signs = "　".join(group).replace("&", "&&")
    ws.set_footer(f"&L{signs}&R{book.result.period}  &P / &N", {"margin": 0.3})
    book.apply_widths(sheet, cap=30, fixed={c["disqualified"]: reasons_width})


def _write_reward(
    book: Book, sheet: str, r: int, u: UnitResult, streak: str, refs: RuleRefs, hl
) -> None:
    c = book.summary_col
    if not u.won or refs.tiers is None:
        for key in ("streak", "reward_points", "bonus_yuan", "priority"):
            book.blank(sheet, r, c[key], book.fmt("center", hl))
        return
    book.number(sheet, r, c["streak"], u.streak, book.fmt("int", hl))
    for key, column, value, fmt in (
        ("reward_points", "points", u.reward_points, "points"),
        ("bonus_yuan", "bonus", u.bonus_yuan, "money"),
        ("priority", "priority", book.priority_text(u), "center"),
    ):
        if key == "priority" and u.in_house:  # never tendered: a decision, not a tier
            book.text(sheet, r, c[key], str(value), book.fmt(fmt, hl))
            continue
        formula = "=" + formulas.tier_value(streak, refs.tiers, column)
        book.formula(sheet, r, c[key], formula, value, book.fmt(fmt, hl))


# --- 服务质量明细 ---------------------------------------------------------------------------------
def quality_formula(book: Book, r: int, refs: RuleRefs) -> str:
    """Q of 0-based row ``r`` (:func:`formulas.quality`), each count times the points shown in
    the row above the header."""
    c = book.quality_col
    terms = [
        formulas.count_points(a1(r, c[i.code]), a1(INFO, c[i.code], row_abs=True))
        for i in book.rules.items
    ]
    return "=" + formulas.quality(terms, a1(r, c["adj"]), refs)


def satisfaction_formulas(book: Book, r: int, refs: RuleRefs) -> tuple[str, str]:
    """(d, adj) of row ``r``: ``d`` blank when a rate is missing, the adjustment 0 then."""
    c = book.quality_col
    b, cur, d = a1(r, c["baseline"]), a1(r, c["current"]), a1(r, c["delta"])
    mode = book.rules.satisfaction_mode
    return "=" + formulas.delta_or_blank(b, cur), "=" + formulas.adjustment_or_zero(d, refs, mode)


def _register_count(book: Book, r: int, col: int, evidence: EvidenceRefs) -> str:
    """The events on 扣分依据 of row ``r``'s unit and of the item whose label heads ``col``."""
    unit = a1(r, book.quality_col["unit_code"], col_abs=True)
    item = a1(HEADER, col, row_abs=True)
    return formulas.register_count(evidence.units, unit, evidence.items, item, exact=evidence.exact)


# 服务质量明细: these columns are sized from their contents; the others (counts, rates, flags)
# from their headers
_WIDE = {"unit_code", "unit_name", "site", "quality", "remark"}


def _narrow_width(header: str) -> int:
    """A count or rate column: just wide enough for its header in two to four lines."""
    return max(8, min(14, math.ceil(text_width(header) / 3) + 2))


def write_quality(book: Book, refs: RuleRefs) -> None:
    sheet, lang, rules = "quality", book.lang, book.rules
    cols = layout.quality_detail_columns(rules, lang)
    c = book.quality_col
    _title(book, sheet, t("res_title_quality", lang, period_text=book.period_text()))
    # row 2: the points per count of every item, read from 规则
    label_col = c["site"]
    book.text(sheet, INFO, label_col, t("res_points_row", lang), book.fmt("header"))
    for item in rules.items:
        book.formula(
            sheet,
            INFO,
            c[item.code],
            "=" + refs.points[item.code],
            item.points,
            book.fmt("points", "derived"),
        )
    narrow = {i: _narrow_width(col.header) for i, col in enumerate(cols) if col.key not in _WIDE}
    book.fit_row(sheet, HEADER, [(cols[i].header, width) for i, width in narrow.items()])
    book.headers(sheet, HEADER, [col.header for col in cols], book.fmt("header"))
    yes_no = yes_no_format(lang)
    disqualifying = {i.code for i in rules.items if i.disqualifies}
    sources = {
        "input": t("res_src_input", lang),
        "history": t("res_src_history", lang),
        "roster": t("res_src_roster", lang),
        "none": t("res_src_none", lang),
    }
    evidence = evidence_refs(book)  # with a register: its items counted on 扣分依据
    counted = {i.code for i in register_items(rules)} if evidence is not None else set()
    for u in book.units:
        r = book.unit_row[u.code]
        book.text(sheet, r, c["unit_code"], u.code, book.fmt("center"))
        book.text(sheet, r, c["unit_name"], u.name, book.fmt("text"))
        book.text(sheet, r, c["site"], u.site, book.fmt("text"))
        for item in rules.items:
            value = u.counts.get(item.code, 0)
            red = "low" if item.code in disqualifying and value > 0 else None
            if item.input == "flag":
                fmt = book.fmt("value", red, num_format=yes_no)
            else:
                fmt = book.fmt("value", red)
            if evidence is not None and item.code in counted:
                count = "=" + _register_count(book, r, c[item.code], evidence)
                book.formula(sheet, r, c[item.code], count, value, fmt)
            else:
                book.number(sheet, r, c[item.code], value, fmt)
        book.number(sheet, r, c["baseline"], u.baseline, book.fmt("value"))
        book.text(sheet, r, c["baseline_source"], sources[u.baseline_source], book.fmt("center"))
        book.number(sheet, r, c["current"], u.current, book.fmt("value"))
        delta, adj = satisfaction_formulas(book, r, refs)
        book.formula(
            sheet, r, c["delta"], delta, u.satisfaction_delta, book.fmt("points", "derived")
        )
        book.formula(sheet, r, c["adj"], adj, u.satisfaction_adj, book.fmt("points", "derived"))
        for flag in rules.disqualifying_flags:
            on = u.flags.get(flag.code, False)
            fmt = book.fmt("value", "low" if on else None, num_format=yes_no)
            if evidence is not None:
                is_on = "=" + formulas.register_flag(
                    _register_count(book, r, c[flag.code], evidence)
                )
                book.formula(sheet, r, c[flag.code], is_on, 1 if on else 0, fmt)
            else:
                book.number(sheet, r, c[flag.code], 1 if on else 0, fmt)
        book.formula(
            sheet,
            r,
            c["quality"],
            quality_formula(book, r, refs),
            u.quality,
            book.fmt("score", "bold"),
        )
        book.text(sheet, r, c["remark"], u.remark, book.fmt("wrap"))
    _print_setup(book, sheet, freeze_col=c["site"] + 1)
    book.apply_widths(sheet, cap=30, fixed=narrow)


# --- 单位互评 / 领导评议 ------------------------------------------------------------------------
def grid_blocks(book: Book, sheet: str) -> list[tuple[str | None, list[UnitResult], list]]:
    """``(site or None, rated units, raters)`` per block of the grid.

    Raters (:func:`core.peers.peer_raters`) are in roster order, as the engine sums them; with
    ``peer_scope = "site"`` each site is its own block, so the grid stays narrow however many
    sites there are.
    """
    roster = book.result.roster
    if sheet == "leadership":
        return [(None, book.units, list(roster.leaders))]
    raters = peer_raters(roster, book.rules)  # core.peers: in-house units may not rate
    if book.rules.peer_scope == "all":
        return [(None, book.units, raters)]
    return [
        (site, [u for u in book.units if u.site == site], [r for r in raters if r.site == site])
        for site in book.sites
        if site in book.site_rows
    ]


def plan_grid_rows(book: Book, sheet: str) -> None:
    """Fill ``book.grid_row[sheet]`` (the row of each rated unit) before anything is written."""
    row = FIRST
    for i, (_site, units, _raters) in enumerate(grid_blocks(book, sheet)):
        if i:
            row += 3  # a blank row, the names row and the header row of the next block
        for u in units:
            book.grid_row[sheet][u.code] = row
            row += 1


def write_grid(book: Book, sheet: str, refs: RuleRefs) -> None:
    lang, rules = book.lang, book.rules
    stats = layout.rating_stat_columns("peer" if sheet == "peer" else "leadership", lang)
    s = {col.key: i for i, col in enumerate(stats)}
    first_rater = len(stats)
    ratings = book.result.submission
    given = (ratings.peer if sheet == "peer" else ratings.leadership) if ratings else {}
    method = rules.peer_aggregation if sheet == "peer" else rules.leadership_aggregation
    title = "res_title_peer" if sheet == "peer" else "res_title_leadership"
    _title(book, sheet, t(title, lang, period_text=book.period_text()))
    blocks = grid_blocks(book, sheet)
    widest = max(len(raters) for _s, _u, raters in blocks)
    if first_rater + widest > MAX_COLUMNS:
        from ..core.errors import OutputError

        raise OutputError(t("res_too_wide", lang, sheet=book.names[sheet], n=first_rater + widest))
    min_cov = rules.min_coverage
    ws = book.sheets[sheet]
    fmt_value, fmt_self = book.fmt("value"), book.fmt("self")
    empty: dict[str, float] = {}
    row = INFO
    for i, (site, units, raters) in enumerate(blocks):
        names_row = row + (1 if i else 0)
        header_row = names_row + 1
        label = t("res_block_site", lang, site=site) if site is not None else ""
        book.text(sheet, names_row, 0, label, book.fmt("section") if label else None)
        book.text(sheet, names_row, first_rater - 1, t("res_rater_names", lang), book.fmt("names"))
        # the raters' names above their codes, in 9-point text in 7-wide columns
        lines = max([2, *(wrapped_lines(rater.name, RATER_WIDTH * 1.2) for rater in raters)])
        book.set_row(sheet, names_row, 12 * min(lines, 8) + 4)
        for j, rater in enumerate(raters):
            book.text(sheet, names_row, first_rater + j, rater.name, book.fmt("names"), measure=0)
        book.set_row(sheet, header_row, 32)
        book.headers(sheet, header_row, [col.header for col in stats], book.fmt("header"))
        for j, rater in enumerate(raters):
            book.text(sheet, header_row, first_rater + j, rater.code, book.fmt("header"))
        for u in units:
            r = book.grid_row[sheet][u.code]
            received_n = u.peer_count if sheet == "peer" else u.leadership_count
            expected_n = u.peer_expected if sheet == "peer" else u.leadership_expected
            score = u.peer if sheet == "peer" else u.leadership
            low = "low" if low_coverage(received_n, expected_n, min_cov) else None
            book.text(sheet, r, s["unit_code"], u.code, book.fmt("center"))
            book.text(sheet, r, s["unit_name"], u.name, book.fmt("text"))
            book.text(sheet, r, s["site"], u.site, book.fmt("text"))
            rng = f"{a1(r, first_rater)}:{a1(r, first_rater + max(len(raters), 1) - 1)}"
            n = a1(r, s["received"])
            book.formula(sheet, r, s["received"], f"=COUNT({rng})", received_n, book.fmt("int"))
            book.number(sheet, r, s["expected"], expected_n, book.fmt("int"))
            e = a1(r, s["expected"])
            book.formula(
                sheet,
                r,
                s["coverage"],
                f'=IF({e}=0,"",{n}/{e})',
                received_n / expected_n if expected_n else None,
                book.fmt("pct", low),
            )
            agg = "=" + formulas.aggregate(rng, n, method, refs)
            book.formula(sheet, r, s["score"], agg, score, book.fmt("score", "bold"))
            # the ratings: the inner loop of large rosters, kept lean (fixed column width)
            for j, rater in enumerate(raters):
                if sheet == "peer" and rater.code == u.code:
                    ws.write_blank(r, first_rater + j, None, fmt_self)
                    continue
                value = given.get(rater.code, empty).get(u.code)
                if value is None:
                    ws.write_blank(r, first_rater + j, None, fmt_value)
                else:
                    ws.write_number(r, first_rater + j, value, fmt_value)
        row = book.grid_row[sheet][units[-1].code] + 1 if units else header_row + 1
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.freeze_panes(FIRST if len(blocks) == 1 else 0, first_rater)
    if len(blocks) == 1:
        ws.repeat_rows(INFO, HEADER)
    ws.set_footer(f"&L{book.result.period}&C&P / &N&R&A")
    book.apply_widths(sheet, cap=24)
    ws.set_column(first_rater, first_rater + widest - 1, RATER_WIDTH)
