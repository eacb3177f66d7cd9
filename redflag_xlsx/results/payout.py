"""奖金发放 (SPEC 13): the payout list in the results workbook, and the evaluation group's
signature block that 汇总 and 公示 end with.

The list's content is the documents package's (:func:`~redflag_xlsx.documents.payout_content`,
also drawn as 奖金发放表_<period>.pdf): each winner's 承包单位, unit, site and streak, the amount
in figures -- a live reference to 汇总's 奖金(元), so it follows the workbook -- and in capitals
(大写, text: a spreadsheet has no such function everywhere), the budget line
(``[announcement] budget_line``, seed 六.4), the total, and the lines to sign (经办人, 审核, 审批).
One A4 portrait page.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING

from ..core.i18n import t
from ..core.period import Period
from ..documents.payout import payout_content
from ..xlsx import layout
from .book import a1

if TYPE_CHECKING:
    from .book import Book

__all__ = ["group_signature_lines", "signature_names", "write_payout"]

HEADER = layout.HEADER_ROW - 1
FIRST = layout.FIRST_DATA_ROW - 1
INFO = layout.INFO_ROW - 1
WIDTHS = (6, 24, 22, 12, 8, 10, 18)  # the PAYOUT_COLUMNS: about 100 characters, A4 portrait
SIGN_BLANK = "＿＿＿＿＿＿"


def signature_names(names: tuple[str, ...], lang: str) -> str:
    """Names signing for a role; a blank one is a line to sign on."""
    return t("res_list_sep", lang).join(name or SIGN_BLANK for name in names) or SIGN_BLANK


def group_signature_lines(book: Book) -> list[str]:
    """The evaluation group's block (seed 三, ``[announcement] group``): its name, then
    组长：… and 副组长：… (blank names as lines to sign on)."""
    lang, group = book.lang, book.rules.announcement.group
    lines = [t("doc_ann_group", lang)]
    lines.append(
        t(
            "res_sign_line",
            lang,
            role=t("doc_ann_leader", lang),
            names=signature_names((group.leader,), lang),
        )
    )
    if group.deputies:
        lines.append(
            t(
                "res_sign_line",
                lang,
                role=t("doc_ann_deputy", lang),
                names=signature_names(group.deputies, lang),
            )
        )
    return lines


def write_payout(book: Book) -> None:
    sheet, lang, result = "payout", book.lang, book.result
    period = Period.parse(result.period)
    day = _dt.date(period.year, 3 * period.quarter - 2, 1)  # not shown: the workbook stays fixed
    # the state as the case says: a proposal is marked （待局领导审定，审定前不得发放）
    content = payout_content(result, approved=book.case.approved, date=day, lang=lang)
    cols = layout.payout_columns(lang)
    c = {col.key: i for i, col in enumerate(cols)}
    last = len(cols) - 1
    ws = book.sheets[sheet]
    title = content.title + (f"\n{content.title_note}" if content.title_note else "")
    book.set_row(sheet, 0, 48 if content.title_note else 30)
    title_fmt = book.wb.add_format(
        {"bold": True, "font_size": 15, "align": "center", "valign": "vcenter", "text_wrap": True}
    )
    ws.merge_range(0, 0, 0, last, title, title_fmt)
    ws.merge_range(INFO, 0, INFO, last, content.info, book.fmt("info"))
    book.set_row(sheet, HEADER, 32)
    book.headers(sheet, HEADER, [col.header for col in cols], book.fmt("header"))
    row = FIRST
    s = book.summary_col
    for line in content.lines:
        u = result.unit(line.code)
        book.set_row(sheet, row, 26)
        book.number(sheet, row, c["no"], line.no, book.fmt("int"))
        book.text(sheet, row, c["contractor"], line.contractor, book.fmt("wrap"))
        book.text(sheet, row, c["unit_name"], line.unit, book.fmt("wrap"))
        book.text(sheet, row, c["site"], line.site, book.fmt("text"))
        ref = "=" + book.ref("summary", book.unit_row[u.code], s["streak"])
        book.formula(sheet, row, c["streak"], ref, line.streak, book.fmt("int"))
        ref = "=" + book.ref("summary", book.unit_row[u.code], s["bonus_yuan"])
        book.formula(sheet, row, c["bonus_yuan"], ref, line.amount, book.fmt("money"))
        book.text(sheet, row, c["capitals"], line.capitals, book.fmt("text"))
        row += 1
    if not content.lines:
        ws.merge_range(row, 0, row, last, content.empty, book.fmt("center"))
        row += 1
    # the total: in figures (live) and in capitals
    book.set_row(sheet, row, 22)
    book.text(sheet, row, c["site"], content.total_label, book.fmt("header"))
    col = c["bonus_yuan"]
    rng = f"{a1(FIRST, col)}:{a1(max(row - 1, FIRST), col)}"
    book.formula(sheet, row, col, f"=SUM({rng})", content.total, book.fmt("money", "bold"))
    book.text(sheet, row, c["capitals"], content.total_capitals, book.fmt("text", "bold"))
    row += 2
    ws.merge_range(row, 0, row, last, content.total_line, book.fmt("para"))
    row += 1
    ws.merge_range(row, 0, row, last, t("res_payout_note", lang), book.fmt("info"))
    row += 2
    signs = "　　".join(
        t("res_sign_line", lang, role=s.role, names=signature_names(s.names, lang))
        for s in content.signatures
    )
    book.set_row(sheet, row, 30)
    ws.merge_range(row, 0, row, last, signs, book.fmt("para"))
    for i, width in enumerate(WIDTHS):
        ws.set_column(i, i, width)
    ws.set_portrait()
    ws.set_paper(9)
    ws.center_horizontally()
    ws.fit_to_pages(1, 1)
    ws.set_footer(f"&L{result.period}&R&A")
