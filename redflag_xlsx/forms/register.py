"""The inspection register (检查记录台账, SPEC 14), written with xlsxwriter.

    build_register(Roster.sample(), "2026Q4", "forms/", key=load_key())
    # -> forms/检查记录台账_2026Q4.xlsx

One row per event: 日期, 单位编号, 考核项目, 情形描述, 依据编号, 检查人, 是否查实, filled by the
inspectors through the quarter.  The table has no fixed length: every cell of the seven columns
below the header is unlocked and validated down to the sheet's last row (the columns carry the
format, no row is written in advance), rows may be inserted and deleted on the protected sheet,
and a filled row gets its borders from a conditional format, so a blank register prints one
header and a filled one prints its rows.  The dropdowns of 单位编号 and 考核项目 read the sheet
单位与项目 (units and items; the reference an inspector looks codes up in).  ``_meta`` is the
forms' (kind ``register``), signed alike.  Columns and texts come from :mod:`layout` and the
catalog; the output is deterministic.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core import __version__
from ..core.dates import quarter_days
from ..core.errors import OutputError, os_reason
from ..core.i18n import current_lang, t
from ..core.period import Period
from ..core.register import register_items
from ..core.roster import Roster
from ..core.rules import Rules
from ..xlsx import layout
from ..xlsx.signing import sign
from ..xlsx.writing import (
    CELL_STYLE,
    FORM_PROTECTION,
    PLAIN_TEXT_OPTIONS,
    TEXT_STYLES,
    number_text,
    text_width,
    write_workbook,
)
from .templates import meta_chunks

if TYPE_CHECKING:
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

__all__ = ["build_register", "register_meta"]

LAST_ROW = 1_048_575  # 0-based: the sheet's last row, where the table may grow to
DATE_FORMAT = "yyyy-mm-dd"
# the register's protection: the forms', and rows may be inserted, deleted and sorted
REGISTER_PROTECTION = {
    **FORM_PROTECTION,
    "insert_rows": True,
    "delete_rows": True,
    "sort": True,
}
# column key -> width in characters
_WIDTHS = {
    "date": 13,
    "unit_code": 11,
    "item": 18,
    "description": 44,
    "evidence": 15,
    "inspector": 11,
    "verified": 10,
}
_FORMATS: dict[str, dict[str, Any]] = {
    **TEXT_STYLES,
    "info_wrap": {**TEXT_STYLES["info"], "text_wrap": True, "valign": "top"},
    "date": {"locked": False, "num_format": DATE_FORMAT, "align": "center", "valign": "vcenter"},
    "center": {"locked": False, "align": "center", "valign": "vcenter"},
    "text": {"locked": False, "valign": "vcenter"},
    "wrap": {"locked": False, "text_wrap": True, "valign": "vcenter"},
    "border": {"border": 1, "border_color": "#808080"},
    "list": CELL_STYLE,
    "list_center": {**CELL_STYLE, "align": "center"},
}
_COLUMN_FORMAT = {
    "date": "date",
    "unit_code": "center",
    "item": "center",
    "description": "wrap",
    "evidence": "text",
    "inspector": "text",
    "verified": "center",
}


def register_meta(
    roster: Roster, period: Period | str, lang: str, key: bytes | None
) -> dict[str, str]:
    """The register's ``_meta``: the forms' keys, kind ``register``, no rater; signed."""
    text = roster.canonical_json()
    meta = {
        "format_version": str(layout.FORMAT_VERSION),
        "kind": layout.REGISTER_KIND,
        "period": str(Period.parse(period)),
        "roster": text,
        "roster_fingerprint": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "rater": "",
        "lang": lang,
        "generator": f"redflag_xlsx {__version__}",
        "signature": "",
    }
    if key:
        meta["signature"] = sign(meta, key)
    assert tuple(meta) == layout.META_KEYS
    return meta


def build_register(
    roster: Roster | None,
    period: Period | str,
    out_dir: str | Path,
    *,
    rules: Rules | None = None,
    lang: str = "zh",
    key: bytes | None = None,
) -> Path:
    """Write the blank inspection register of ``period`` into ``out_dir`` (created when
    missing) and return its path; an existing blank of the same name is replaced."""
    roster = roster or Roster.sample()
    rules = rules or Rules.default()
    period = Period.parse(period)
    lang = current_lang(lang)
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        detail = t("out_not_a_dir", lang) if out.exists() else os_reason(exc)
        raise OutputError(t("out_dir_failed", lang, dir=out, detail=detail)) from None
    meta = register_meta(roster, period, lang, key)
    builder = _Builder(roster, rules, period, lang, meta)
    return write_workbook(
        out / layout.register_file_name(period),
        builder.build,
        options={**PLAIN_TEXT_OPTIONS, "in_memory": True},
        error_key="out_write_failed",
        lang=lang,
    )


class _Builder:
    def __init__(
        self, roster: Roster, rules: Rules, period: Period, lang: str, meta: dict[str, str]
    ) -> None:
        self.roster, self.rules, self.period, self.lang, self.meta = (
            roster,
            rules,
            period,
            lang,
            meta,
        )
        self.fmt: dict[str, Any] = {}

    def build(self, wb: Workbook) -> None:
        self.fmt = {name: wb.add_format(spec) for name, spec in _FORMATS.items()}
        lang = self.lang
        start = _dt.datetime(self.period.year, 3 * self.period.quarter - 2, 1)  # deterministic
        wb.set_properties(
            {
                "title": f"{t('app_title', lang)} {t('sheet_register', lang)} {self.period}",
                "subject": t("sheet_register", lang),
                "author": "redflag_xlsx",
                "company": "",
                "created": start,
            }
        )
        for k in layout.META_PROPERTY_KEYS:
            wb.set_custom_property(k, self.meta[k], "text")
        events = wb.add_worksheet(t("sheet_register", lang))
        lists = wb.add_worksheet(t("sheet_register_lists", lang))
        units_range, items_range = self._lists(lists)
        self._events(events, units_range, items_range)
        self._meta_sheet(wb)
        events.activate()

    # 检查记录台账 ------------------------------------------------------------------------------
    def _events(self, ws: Worksheet, units_range: str, items_range: str) -> None:
        from xlsxwriter.utility import xl_col_to_name

        lang, f = self.lang, self.fmt
        cols = layout.register_columns(lang)
        last = len(cols) - 1
        first_day, last_day = quarter_days(self.period)
        title = t(
            "tpl_title",
            lang,
            app=t("app_title", lang),
            sheet=t("sheet_register", lang),
            period=self.period,
        )
        ws.write_string(layout.TITLE_ROW - 1, 0, title, f["title"])
        ws.set_row(layout.TITLE_ROW - 1, 24)
        info = t(
            "reg_info",
            lang,
            first=first_day.isoformat(),
            last=last_day.isoformat(),
            lists=t("sheet_register_lists", lang),
        )
        ir = layout.INFO_ROW - 1
        ws.merge_range(ir, 0, ir, last, info, f["info_wrap"])
        ws.set_row(ir, 48)
        hr, first = layout.HEADER_ROW - 1, layout.FIRST_DATA_ROW - 1
        ws.set_row(hr, 24)
        for c, col in enumerate(cols):
            ws.write_string(hr, c, col.header, f["header"])
            width = max(_WIDTHS[col.key], text_width(col.header) + 2)
            ws.set_column(c, c, width, f[_COLUMN_FORMAT[col.key]])
        yes_no = [t("yes", lang), t("no", lang)]
        checks: dict[str, dict[str, Any]] = {
            "date": {
                "validate": "date",
                "criteria": "between",
                "minimum": first_day,
                "maximum": last_day,
            },
            "unit_code": {"validate": "list", "source": "=" + units_range},
            "item": {"validate": "list", "source": "=" + items_range},
            "verified": {"validate": "list", "source": yes_no},
        }
        for c, col in enumerate(cols):
            check = checks.get(col.key, {"validate": "any"})
            message = t(
                f"dv_reg_{col.key}",
                lang,
                first=first_day.isoformat(),
                last=last_day.isoformat(),
                lists=t("sheet_register_lists", lang),
            )
            opts: dict[str, Any] = {
                **check,
                "input_title": col.header,
                "input_message": message,
            }
            if check["validate"] != "any":
                opts.update(
                    error_title=t("dv_error_title", lang),
                    error_message=t(f"dv_reg_{col.key}_error", lang),
                    error_type="stop",
                )
            ws.data_validation(first, c, LAST_ROW, c, opts)
        # a row gets its borders once anything is typed in it
        last_col = xl_col_to_name(last)
        ws.conditional_format(
            first,
            0,
            LAST_ROW,
            last,
            {
                "type": "formula",
                "criteria": f"=COUNTA($A{first + 1}:${last_col}{first + 1})>0",
                "format": f["border"],
            },
        )
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
        ws.center_horizontally()
        ws.set_footer(t("tpl_footer", lang, period=self.period))
        ws.repeat_rows(0, hr)
        ws.freeze_panes(first, 0)
        ws.protect("", REGISTER_PROTECTION)

    # 单位与项目 --------------------------------------------------------------------------------
    def _lists(self, ws: Worksheet) -> tuple[str, str]:
        """Units (code, name, site) and register items (label, points): returns the absolute
        ranges of the codes and of the labels, for the dropdowns."""
        from xlsxwriter.utility import xl_rowcol_to_cell

        lang, f = self.lang, self.fmt
        title = t("reg_lists_title", lang, period=self.period)
        ws.write_string(layout.TITLE_ROW - 1, 0, title, f["title"])
        ws.set_row(layout.TITLE_ROW - 1, 24)
        ws.write_string(layout.INFO_ROW - 1, 0, t("reg_lists_info", lang), f["info"])
        hr, first = layout.HEADER_ROW - 1, layout.FIRST_DATA_ROW - 1
        widths: dict[int, int] = {}
        for c, (_key, text_key) in enumerate(layout.REGISTER_LIST_COLUMNS):
            if text_key:
                header = t(text_key, lang)
                ws.write_string(hr, c, header, f["header"])
                widths[c] = text_width(header)
        units = self.roster.units
        for r, unit in enumerate(units, start=first):
            for c, value in enumerate((unit.code, unit.name, unit.site)):
                ws.write_string(r, c, value, f["list_center" if c == 0 else "list"])
                widths[c] = max(widths[c], min(text_width(value), 40))
        items = register_items(self.rules)
        disqualifies = t("reg_disqualifies", lang)
        for r, item in enumerate(items, start=first):
            ws.write_string(r, 4, item.label(lang), f["list"])
            widths[4] = max(widths[4], text_width(item.label(lang)))
            if item.points is None:
                ws.write_string(r, 5, disqualifies, f["list_center"])
            else:
                points = number_text(item.points)
                ws.write_string(r, 5, points if item.points < 0 else f"+{points}", f["list_center"])
        widths[5] = max(widths[5], text_width(disqualifies))
        for c, width in widths.items():
            ws.set_column(c, c, width + 3)
        ws.set_column(3, 3, 3)
        ws.freeze_panes(first, 0)
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(0, hr)
        ws.protect("", FORM_PROTECTION)
        sheet = "'" + ws.get_name().replace("'", "''") + "'"

        def column(col: int, n: int) -> str:
            top = xl_rowcol_to_cell(first, col, True, True)
            bottom = xl_rowcol_to_cell(first + max(n, 1) - 1, col, True, True)
            return f"{sheet}!{top}:{bottom}"

        return column(0, len(units)), column(4, len(items))

    # _meta ------------------------------------------------------------------------------------
    def _meta_sheet(self, wb: Workbook) -> None:
        """As on the forms: key/value rows, the roster's JSON in chunks over B, C, D, ..."""
        ws = wb.add_worksheet(layout.META_SHEET)
        ws.write_string(0, 0, layout.META_HEADER[0])
        ws.write_string(0, 1, layout.META_HEADER[1])
        for r, k in enumerate(layout.META_KEYS, start=1):
            ws.write_string(r, 0, k)
            values = meta_chunks(self.meta[k]) if k == "roster" else [self.meta[k]]
            for c, value in enumerate(values, start=1):
                if ws.write_string(r, c, value) < 0:  # cut at 32,767 characters: never
                    raise AssertionError(f"_meta {k} not written whole")
        ws.set_column(0, 0, 20)
        ws.set_column(1, 1, 80)
        ws.protect()
        ws.very_hidden()
