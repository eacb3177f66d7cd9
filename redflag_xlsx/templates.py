"""The standard input workbooks (SPEC 4, format version 1), written with xlsxwriter.

    build_templates(Roster.sample(), "2026Q4", "forms/", split=True, key=load_key())

Every sheet name, header text, row number and column order comes from :mod:`layout`; every text
a user reads comes from the catalog.  User strings (unit and leader names) are always written as
text, never as formulas.  The output is deterministic: the same inputs give the same workbook
(the document's creation date is the first day of the period).
"""

from __future__ import annotations

import datetime as _dt
import math
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__, layout
from .errors import ConfigError, OutputError
from .i18n import current_lang, t
from .period import Period
from .roster import Roster
from .rules import Rules
from .scoring import quality_score
from .signing import sign

if TYPE_CHECKING:
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

__all__ = [
    "SELF_FILL",
    "WORKBOOK_OPTIONS",
    "build_templates",
    "form_filename",
    "quality_formula",
    "write_roster_workbook",
]

WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}
SELF_FILL = "#BFBFBF"  # self cells and cells outside the peer scope: grey, locked, empty
HEADER_FILL = "#DDEBF7"
SCORE_FILL = "#E2EFDA"
DATA_ROW_HEIGHT = 20  # points: room to type
# Words that count as 是 in the 考核得分 formula (the reader accepts these too).
YES_WORDS = ("是", "Yes", "yes", "YES", "Y", "y", "1", "√")
_FILE_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


# --- plans: which workbooks to write ----------------------------------------------------------
@dataclass(frozen=True)
class _Plan:
    kind: str  # combined | scoring | peer | leadership
    rater: str = ""  # unit or leader code of a split rating form
    sheets: tuple[layout.SheetKey, ...] = ()


def form_filename(kind: str, period: Period | str, rater: str = "") -> str:
    """The file name of a form (SPEC 4); characters Windows forbids in a code become ``_``."""
    code = _FILE_UNSAFE.sub("_", rater).strip(" .")
    names = {
        "combined": f"红旗评选_{period}.xlsx",
        "scoring": f"服务质量考核_{period}.xlsx",
        "peer": f"单位互评_{period}_{code}.xlsx",
        "leadership": f"领导评议_{period}_{code}.xlsx",
    }
    return names[kind]


def _plans(roster: Roster, split: bool) -> list[_Plan]:
    if not split:
        return [_Plan("combined", "", ("scoring", "peer", "leadership"))]
    return [
        _Plan("scoring", "", ("scoring",)),
        *(_Plan("peer", u.code, ("peer",)) for u in roster.units),
        *(_Plan("leadership", ld.code, ("leadership",)) for ld in roster.leaders),
    ]


# --- the public entry point -------------------------------------------------------------------
def build_templates(
    roster: Roster | None,
    period: Period | str,
    out_dir: str | Path,
    *,
    rules: Rules | None = None,
    split: bool = False,
    lang: str = "zh",
    key: bytes | None = None,
    deadline: str | None = None,
) -> list[Path]:
    """Write the blank forms for ``period`` into ``out_dir`` (created when missing).

    One combined workbook, or with ``split`` one scoring form, one peer form per unit and one
    leadership form per leader.  Forms are signed with ``key`` (``signature`` is blank without
    one).  An existing file of the same name is replaced (it is a blank form); each file is
    written to a temporary name first and renamed into place.  Returns the written paths.
    """
    roster = roster or Roster.sample()
    rules = rules or Rules.default()
    period = Period.parse(period)
    lang = current_lang(lang)
    plans = _plans(roster, split)
    names: dict[str, str] = {}  # case-folded file name -> rater code
    for plan in plans:
        name = form_filename(plan.kind, period, plan.rater)
        if name.casefold() in names:
            other = names[name.casefold()]
            raise ConfigError(t("tpl_filename_clash", lang, a=other, b=plan.rater, file=name))
        names[name.casefold()] = plan.rater
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        detail = t("out_not_a_dir", lang) if out.exists() else _reason(exc)
        raise OutputError(t("out_dir_failed", lang, dir=out, detail=detail)) from None
    written = []
    for plan in plans:
        meta = _meta(plan, roster, period, lang, key)
        target = out / form_filename(plan.kind, period, plan.rater)
        builder = _Builder(roster, rules, period, lang, plan, meta, deadline)
        written.append(_write_atomically(target, builder.build, lang))
    return written


def _meta(plan: _Plan, roster: Roster, period: Period, lang: str, key: bytes | None):
    meta = {
        "format_version": str(layout.FORMAT_VERSION),
        "kind": plan.kind,
        "period": str(period),
        "roster": roster.canonical_json(),
        "roster_fingerprint": roster.fingerprint,
        "rater": plan.rater,
        "lang": lang,
        "generator": f"redflag_xlsx {__version__}",
        "signature": "",
    }
    if key:
        meta["signature"] = sign(meta, key)
    assert tuple(meta) == layout.META_KEYS
    return meta


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _write_atomically(target: Path, build: Callable[[Workbook], None], lang: str) -> Path:
    import xlsxwriter
    from xlsxwriter.exceptions import FileCreateError

    tmp = target.with_name(f".{target.stem}.{os.getpid()}.tmp.xlsx")
    try:
        wb = xlsxwriter.Workbook(str(tmp), WORKBOOK_OPTIONS)
        build(wb)
        wb.close()
        os.replace(tmp, target)
    except (OSError, FileCreateError) as exc:
        tmp.unlink(missing_ok=True)
        cause = exc.args[0] if isinstance(exc, FileCreateError) and exc.args else exc
        detail = _reason(cause) if isinstance(cause, OSError) else str(cause)
        raise OutputError(t("out_write_failed", lang, file=target, detail=detail)) from None
    return target


# --- text measuring (column widths that fit Chinese headers) ----------------------------------
def _char_width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def _width(text: str) -> int:
    """Display width in column units: a CJK character counts 2."""
    return sum(_char_width(ch) for ch in text)


def _wrap(text: str, limit: int) -> tuple[int, int]:
    """(lines, widest line) of ``text`` wrapped greedily at ``limit`` width units.

    A wide (CJK) character may break anywhere; other text breaks at spaces.
    """
    tokens: list[str] = []
    for ch in text:
        if _char_width(ch) == 2 or ch.isspace() or not tokens or _char_width(tokens[-1][-1]) == 2:
            tokens.append(ch)
        elif tokens[-1].isspace():
            tokens.append(ch)
        else:
            tokens[-1] += ch
    lines, current, widest = 1, 0, 0
    for tok in tokens:
        w = sum(_char_width(c) for c in tok)
        if tok.isspace():
            current += w if current else 0
            continue
        if current and current + w > limit:
            lines, current = lines + 1, 0
        current += w
        widest = max(widest, current)
    return lines, widest


def _num(x: float) -> str:
    """A number as a formula literal: ``-1`` not ``-1.0``."""
    return str(int(x)) if float(x).is_integer() else repr(float(x))


# --- the 考核得分 formula -----------------------------------------------------------------------
def quality_formula(rules: Rules, columns: list[layout.Column], row: int) -> str:
    """The live formula of Q for 0-based ``row``, mirroring :func:`scoring.quality_score`.

    ``base + count_1*points_1 + ... + adj`` in item order; a 是/否 item adds its points when 是;
    ``adj`` as :func:`scoring.satisfaction_adjustment`, 0 when either rate is blank (the
    engine takes a blank baseline from the history ledger, which a form cannot know).
    """
    from xlsxwriter.utility import xl_rowcol_to_cell

    ref = {c.key: xl_rowcol_to_cell(row, i) for i, c in enumerate(columns)}
    terms = [_num(rules.base_score)]
    for item in rules.items:
        cell = ref[item.code]
        if item.input == "flag":
            test = ",".join(f'{cell}="{w}"' for w in YES_WORDS) + f",{cell}=1"
            terms.append(f"IF(OR({test}),{_num(item.points)},0)")
        else:
            terms.append(f"{cell}*({_num(item.points)})")
    b, c = ref["baseline"], ref["current"]
    d = f"ROUND({c}-{b},6)"
    per = f"IF({d}>=0,{_num(rules.satisfaction_up_points)},{_num(rules.satisfaction_down_points)})"
    adj = (
        f"ROUND({per}*{d},2)" if rules.satisfaction_mode == "proportional" else f"{per}*TRUNC({d})"
    )
    terms.append(f'IF(OR({b}="",{c}=""),0,{adj})')
    q = "+".join(terms)
    if rules.quality_bounds is not None:
        low, high = rules.quality_bounds
        if low is not None and math.isfinite(low):  # rules_toml writes a missing bound as -inf
            q = f"MAX({q},{_num(low)})"
        if high is not None and math.isfinite(high):
            q = f"MIN({q},{_num(high)})"
    return "=" + q


# --- formats and validations -------------------------------------------------------------
_BASE = {"font_size": 11, "valign": "vcenter"}
_CELL = {**_BASE, "border": 1, "border_color": "#808080"}
_FORMATS: dict[str, dict[str, Any]] = {
    "title": {**_BASE, "bold": True, "font_size": 14},
    "info": {**_BASE, "font_color": "#595959"},
    "section": {**_BASE, "bold": True, "font_size": 12},
    "para": {**_BASE, "text_wrap": True, "valign": "top"},
    "header": {
        **_CELL,
        "bold": True,
        "text_wrap": True,
        "align": "center",
        "bg_color": HEADER_FILL,
    },
    "names": {
        **_CELL,
        "text_wrap": True,
        "align": "center",
        "font_size": 10,
        "bg_color": HEADER_FILL,
    },
    "id": _CELL,
    "id_wrap": {**_CELL, "text_wrap": True},
    "input": {**_CELL, "locked": False, "align": "center"},
    "input_text": {**_CELL, "locked": False, "text_wrap": True},
    "self": {**_CELL, "bg_color": SELF_FILL},
    "score": {
        **_CELL,
        "bold": True,
        "align": "center",
        "bg_color": SCORE_FILL,
        "num_format": "0.##;-0.##;0",
    },
}
# column kind -> (xlsxwriter criteria, catalog key of the input message; "<key>_error" the error)
_VALIDATION: dict[str, tuple[dict[str, Any], str]] = {
    "count": ({"validate": "integer", "criteria": ">=", "value": 0}, "dv_count"),
    "rate": (
        {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 100},
        "dv_rate",
    ),
    "rating": (
        {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 100},
        "dv_rating",
    ),
    "flag": ({"validate": "list"}, "dv_flag"),
    "text": ({"validate": "length", "criteria": "<=", "value": 255}, "dv_text"),
}
_UNIT_ATTR = {"code": "code", "name": "name", "site": "site"}  # scoring column kind -> Unit field
# Sheet protection without a password; column widths and row heights stay adjustable.
_PROTECTION = {"format_columns": True, "format_rows": True}


def _points_text(item, lang: str) -> str:
    key = (
        "tpl_instr_points_flag"
        if item.input == "flag"
        else ("tpl_instr_points_disq" if item.disqualifies else "tpl_instr_points_count")
    )
    return t(key, lang, points=f"{item.points:+g}")


# --- the workbook builder ---------------------------------------------------------------------
@dataclass
class _Builder:
    roster: Roster
    rules: Rules
    period: Period
    lang: str
    plan: _Plan
    meta: dict[str, str]
    deadline: str | None
    fmt: dict[str, Any] = field(default_factory=dict)

    def build(self, wb: Workbook) -> None:
        self.fmt = {name: wb.add_format(spec) for name, spec in _FORMATS.items()}
        start = _dt.datetime(self.period.year, 3 * self.period.quarter - 2, 1)  # deterministic
        wb.set_properties(
            {
                "title": f"{t('app_title', self.lang)} {self.period}",
                "subject": t(f"sheet_{self.plan.sheets[0]}", self.lang),
                "author": "redflag_xlsx",
                "company": "",
                "created": start,
            }
        )
        for k in layout.META_PROPERTY_KEYS:
            wb.set_custom_property(k, self.meta[k], "text")
        self._instructions(wb)
        for sheet in self.plan.sheets:
            self._scoring(wb) if sheet == "scoring" else self._rating(wb, sheet)
        self._meta_sheet(wb)

    def _page(self, ws: Worksheet, *, freeze_col: int) -> None:
        """A4 landscape, one page wide, header rows repeated, frozen panes, protected."""
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)  # one page wide, as many tall as needed
        ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
        ws.center_horizontally()
        ws.set_footer(t("tpl_footer", self.lang, period=self.period))
        ws.repeat_rows(0, layout.HEADER_ROW - 1)
        ws.freeze_panes(layout.FIRST_DATA_ROW - 1, freeze_col)
        ws.protect("", _PROTECTION)

    def _title(self, ws: Worksheet, sheet: str, rater_name: str = "") -> None:
        key = "tpl_title_rater" if self.plan.rater else "tpl_title"
        text = t(
            key,
            self.lang,
            app=t("app_title", self.lang),
            sheet=t(f"sheet_{sheet}", self.lang),
            period=self.period,
            code=self.plan.rater,
            name=rater_name,
        )
        ws.write_string(layout.TITLE_ROW - 1, 0, text, self.fmt["title"])
        ws.set_row(layout.TITLE_ROW - 1, 24)

    def _validate(self, ws: Worksheet, ranges: list[tuple[int, ...]], kind: str, title: str):
        """One data validation of ``kind`` over ``ranges`` (row, col, row, col; 0-based)."""
        from xlsxwriter.utility import xl_range

        criteria, msg = _VALIDATION[kind]
        if kind == "flag":
            criteria = {**criteria, "source": [t("yes", self.lang), t("no", self.lang)]}
        opts: dict[str, Any] = {
            **criteria,
            "input_title": title if len(title) <= 32 else title[:31] + "…",
            "input_message": t(msg, self.lang),
            "error_title": t("dv_error_title", self.lang),
            "error_message": t(f"{msg}_error", self.lang),
            "error_type": "stop",
        }
        if len(ranges) > 1:
            opts["multi_range"] = " ".join(xl_range(*r) for r in ranges)
        ws.data_validation(*ranges[0], opts)

    # 填表说明 ----------------------------------------------------------------------------------
    def _instruction_rows(self) -> list[tuple[str, str]]:
        """(style, text) lines of the instructions sheet: who fills what, the rules in short."""
        lang, r, sheets = self.lang, self.rules, self.plan.sheets
        rows = [
            ("title", t("tpl_instr_title", lang, app=t("app_title", lang))),
            ("info", t("tpl_instr_period", lang, period=self.period)),
        ]
        if self.deadline:
            rows.append(("info", t("tpl_instr_deadline", lang, deadline=self.deadline)))
        n_units, n_leaders = len(self.roster.units), len(self.roster.leaders)
        rows.append(("info", t("tpl_instr_roster", lang, units=n_units, leaders=n_leaders)))
        if self.plan.kind in ("peer", "leadership"):
            who = (self.roster.unit if self.plan.kind == "peer" else self.roster.leader)(
                self.plan.rater
            )
            key = "tpl_instr_rater_unit" if self.plan.kind == "peer" else "tpl_instr_rater_leader"
            rows.append(("para", t(key, lang, code=who.code, name=who.name)))
        rows += [("blank", ""), ("section", t("tpl_instr_who", lang))]
        for sheet in sheets:
            key = f"tpl_instr_who_{sheet}" + (
                "_site" if sheet == "peer" and r.peer_scope == "site" else ""
            )
            rows.append(("para", t(key, lang, sheet=layout.sheet_name(sheet, lang))))
        rows += [("blank", ""), ("section", t("tpl_instr_rules", lang))]
        keys = ["tpl_instr_rule_cells"]
        if "scoring" in sheets:
            keys += ["tpl_instr_rule_counts", "tpl_instr_rule_rates", "tpl_instr_rule_flags"]
        if set(sheets) & {"peer", "leadership"}:
            keys.append("tpl_instr_rule_ratings")
        rows += [("para", t(k, lang)) for k in keys]
        mode = "prop" if r.satisfaction_mode == "proportional" else "full"
        up, down = _num(r.satisfaction_up_points), _num(r.satisfaction_down_points)
        score = t(f"tpl_instr_rule_score_{mode}", lang, base=_num(r.base_score), up=up, down=down)
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
            wq=_num(w.quality),
            wp=_num(w.peer),
            wl=_num(w.leadership),
            flags=flags,
        )
        rows += [("para", total), ("para", t("tpl_instr_rule_return", lang))]
        return rows

    def _instructions(self, wb: Workbook) -> None:
        lang, f, r = self.lang, self.fmt, self.rules
        ws = wb.add_worksheet(layout.sheet_name("instructions", lang))
        ws.set_column(0, 0, 34)
        ws.set_column(1, 1, 56)
        row = 0
        for row, (style, text) in enumerate(self._instruction_rows()):
            if style == "para":  # a paragraph spans both columns and wraps
                ws.merge_range(row, 0, row, 1, "", f[style])
                ws.write_string(row, 0, text, f[style])
                ws.set_row(row, 15 * _wrap(text, 86)[0] + 4)
            elif text:
                ws.write_string(row, 0, text, f[style])
        if "scoring" in self.plan.sheets:  # the items and their points, as a small table
            table = [(i.label(lang), _points_text(i, lang)) for i in r.items]
            table += [
                (fl.label(lang), t("tpl_instr_flag_disq", lang)) for fl in r.disqualifying_flags
            ]
            ws.write_string(row + 2, 0, t("tpl_instr_items", lang), f["section"])
            ws.write_string(row + 3, 0, t("tpl_instr_item_col", lang), f["header"])
            ws.write_string(row + 3, 1, t("tpl_instr_points_col", lang), f["header"])
            for i, (label, points) in enumerate(table, start=row + 4):
                ws.write_string(i, 0, label, f["id"])
                ws.write_string(i, 1, points, f["id"])
        ws.set_portrait()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.set_footer(t("tpl_footer", lang, period=self.period))
        ws.protect("", _PROTECTION)
        ws.activate()

    # 服务质量考核 ------------------------------------------------------------------------------
    def _scoring(self, wb: Workbook) -> None:
        lang, f, units = self.lang, self.fmt, self.roster.units
        ws = wb.add_worksheet(layout.sheet_name("scoring", lang))
        cols = layout.scoring_columns(self.rules, lang)
        self._title(ws, "scoring")
        ws.write_string(layout.INFO_ROW - 1, 0, t("tpl_info_scoring", lang), f["info"])
        hr, first = layout.HEADER_ROW - 1, layout.FIRST_DATA_ROW - 1
        last = first + len(units) - 1
        blank_q = quality_score({}, 0.0, self.rules)  # the cached value of a blank row
        blank_q = int(blank_q) if float(blank_q).is_integer() else blank_q
        header_lines = 1
        for c, col in enumerate(cols):
            ws.write_string(hr, c, col.header, f["header"])
            if col.kind in ("code", "name", "site"):  # roster values, one line wide
                values = [getattr(u, _UNIT_ATTR[col.kind]) for u in units]
                width = min(max(_width(v) for v in [col.header, *values]), 40)
                for r, value in enumerate(values, start=first):
                    ws.write_string(r, c, value, f["id_wrap" if col.kind == "name" else "id"])
            else:  # narrow columns whose headers wrap: the sheet prints larger
                lines, width = _wrap(col.header, 4 if lang == "zh" else 10)
                header_lines = max(header_lines, lines)
                width = max(width, 20 if col.kind == "text" else 4)
                for r in range(first, last + 1):
                    if col.kind == "formula":
                        formula = quality_formula(self.rules, cols, r)
                        ws.write_formula(r, c, formula, f["score"], blank_q)
                    else:
                        ws.write_blank(
                            r, c, None, f["input_text" if col.kind == "text" else "input"]
                        )
                if col.kind != "formula":
                    self._validate(ws, [(first, c, last, c)], col.kind, col.header)
            ws.set_column(c, c, width + 2)
        ws.set_row(hr, 15 * header_lines + 6)
        for r in range(first, last + 1):
            ws.set_row(r, DATA_ROW_HEIGHT)
        self._page(ws, freeze_col=2)

    # 单位互评 / 领导评议 -----------------------------------------------------------------------
    def _rating(self, wb: Workbook, sheet: layout.SheetKey) -> None:
        """One row per rater: code, name, then one input cell per rated unit (names above)."""
        lang, f, units = self.lang, self.fmt, self.roster.units
        ws = wb.add_worksheet(layout.sheet_name(sheet, lang))
        id_cols = layout.rating_id_columns(sheet, lang)
        people = units if sheet == "peer" else self.roster.leaders
        raters = [
            (p.code, p.name) for p in people if p.code == self.plan.rater or not self.plan.rater
        ]
        self._title(ws, sheet, raters[0][1] if self.plan.rater else "")
        ir, hr, first = layout.INFO_ROW - 1, layout.HEADER_ROW - 1, layout.FIRST_DATA_ROW - 1
        n_id, names_label = len(id_cols), t("col_rated_names", lang)
        ws.write_string(ir, n_id - 1, names_label, f["names"])
        for c, col in enumerate(id_cols):
            ws.write_string(hr, c, col.header, f["header"])
        code_w = max(_width(x) for x in [id_cols[0].header, *(r[0] for r in raters)])
        name_w = max(_width(x) for x in [id_cols[1].header, names_label, *(r[1] for r in raters)])
        col_w = max(10, *(_width(u.code) for u in units))
        ws.set_column(0, 0, code_w + 2)
        ws.set_column(1, 1, min(name_w, 40) + 2)
        ws.set_column(n_id, n_id + len(units) - 1, col_w + 2)
        for j, unit in enumerate(units, start=n_id):
            ws.write_string(ir, j, unit.name, f["names"])
            ws.write_string(hr, j, unit.code, f["header"])
        ws.set_row(ir, 14 * max(_wrap(u.name, col_w)[0] for u in units) + 6)
        ranges: list[tuple[int, ...]] = []  # runs of input cells, for one validation
        for r, (code, name) in enumerate(raters, start=first):
            ws.set_row(r, DATA_ROW_HEIGHT)
            ws.write_string(r, 0, code, f["id"])
            ws.write_string(r, 1, name, f["id_wrap"])
            for j, unit in enumerate(units, start=n_id):
                if not self._rates(sheet, code, unit):
                    ws.write_blank(r, j, None, f["self"])  # grey, locked, empty
                    continue
                ws.write_blank(r, j, None, f["input"])
                if ranges and ranges[-1][0] == r and ranges[-1][3] == j - 1:
                    ranges[-1] = (r, ranges[-1][1], r, j)
                else:
                    ranges.append((r, j, r, j))
        self._validate(ws, ranges, "rating", t("dv_rating_title", lang))
        self._page(ws, freeze_col=n_id)

    def _rates(self, sheet: str, rater: str, unit) -> bool:
        """Whether ``rater`` rates ``unit`` on ``sheet`` (peer: never itself; scope "site")."""
        if sheet == "leadership":
            return True
        if unit.code == rater:
            return False
        return self.rules.peer_scope == "all" or self.roster.unit(rater).site == unit.site

    # _meta ----------------------------------------------------------------------------------
    def _meta_sheet(self, wb: Workbook) -> None:
        ws = wb.add_worksheet(layout.META_SHEET)
        ws.write_string(0, 0, layout.META_HEADER[0])
        ws.write_string(0, 1, layout.META_HEADER[1])
        for r, k in enumerate(layout.META_KEYS, start=1):
            ws.write_string(r, 0, k)
            ws.write_string(r, 1, self.meta[k])
        ws.set_column(0, 0, 20)
        ws.set_column(1, 1, 80)
        ws.protect()
        ws.very_hidden()


# --- the editable roster workbook (init) ------------------------------------------------------
def write_roster_workbook(roster: Roster, path: str | Path, *, lang: str = "zh") -> Path:
    """Write ``roster`` as an editable ``roster.xlsx`` that :meth:`Roster.load` reads back.

    Sheets 说明 (how to edit), 被考核单位 and 评议领导 with the headers of
    ``layout.ROSTER_UNIT_FIELDS`` / ``ROSTER_LEADER_FIELDS`` in row 1; nothing is locked.
    """
    lang = current_lang(lang)
    target = Path(path)
    units_sheet = t("sheet_roster_units", lang)
    leaders_sheet = t("sheet_roster_leaders", lang)

    def build(wb: Workbook) -> None:
        head = wb.add_format({"bold": True, "bg_color": HEADER_FILL, "border": 1})
        para = wb.add_format({"text_wrap": True, "valign": "top"})
        wb.set_properties({"title": t("init_note_title", lang), "author": "redflag_xlsx"})
        notes = wb.add_worksheet(t("sheet_roster_notes", lang))
        notes.set_column(0, 0, 100)
        notes.write_string(0, 0, t("init_note_title", lang), wb.add_format({"bold": True}))
        lines = [
            t("init_note_units", lang, sheet=units_sheet),
            t("init_note_leaders", lang, sheet=leaders_sheet),
            t("init_note_header", lang),
            t("init_note_next", lang),
        ]
        for r, text in enumerate(lines, start=2):
            notes.write_string(r, 0, text, para)
            notes.set_row(r, 15 * _wrap(text, 98)[0] + 4)
        for name, fields, people in (
            (units_sheet, layout.ROSTER_UNIT_FIELDS, roster.units),
            (leaders_sheet, layout.ROSTER_LEADER_FIELDS, roster.leaders),
        ):
            ws = wb.add_worksheet(name)
            for c, (attr, key, _required) in enumerate(fields):
                ws.write_string(0, c, t(key, lang), head)
                values = [getattr(p, attr) for p in people]
                ws.set_column(c, c, min(max(_width(x) for x in [t(key, lang), *values]), 60) + 2)
                for r, value in enumerate(values, start=1):
                    ws.write_string(r, c, value)
            ws.freeze_panes(1, 0)
            if name == units_sheet:
                ws.activate()

    return _write_atomically(target, build, lang)
