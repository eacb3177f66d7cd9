"""The standard input workbooks (SPEC 4, format version 1), written with xlsxwriter.

    build_templates(Roster.sample(), "2026Q4", "forms/", split=True, key=load_key())

Every sheet name, header text, row number and column order comes from :mod:`layout`; every text
a user reads comes from the catalog.  User strings (unit and leader names) are always written as
text, never as formulas.  The output is deterministic: the same inputs give the same workbook
(the document's creation date is the first day of the period).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core import __version__, formulas
from ..core.errors import ConfigError, OutputError, UsageError, os_reason
from ..core.formulas import RuleRefs
from ..core.i18n import current_lang, t
from ..core.messages import Msg
from ..core.peers import peer_raters, rated_by, rates, rates_peers
from ..core.period import Period
from ..core.roster import Roster, Unit
from ..core.rules import Rules
from ..core.scoring import quality_score
from ..xlsx import layout
from ..xlsx import workers as pool
from ..xlsx.files import remove_stale, same_file
from ..xlsx.signing import sign
from ..xlsx.writing import (
    CELL_STYLE,
    FORM_PROTECTION,
    HEADER_FILL,
    PLAIN_TEXT_OPTIONS,
    SELF_FILL,
    TEXT_STYLES,
    text_width,
    write_workbook,
)
from ..xlsx.writing import wrap_size as _wrap
from .instructions import write_instructions
from .roster_workbook import write_roster_workbook

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

# the forms' xlsxwriter options; a form is small: build it in memory, not in temporary files
WORKBOOK_OPTIONS = {**PLAIN_TEXT_OPTIONS, "in_memory": True}
# SELF_FILL (xlsx_writing): self cells and cells outside the peer scope: grey, locked, empty
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
    listed: bool = False  # a split rating form of format 2: the rated units down the rows

    @property
    def version(self) -> int:
        return layout.format_version(self.kind, self.listed)


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


@dataclass
class _Shared:
    """What every form of one :func:`build_templates` call shares, computed once."""

    roster_json: str  # Roster.canonical_json()
    fingerprint: str  # its SHA-256
    site_units: dict[str, tuple[Unit, ...]]  # site -> its units, roster order
    # rated-unit columns (their codes) -> (column width, names-row height)
    grids: dict[tuple[str, ...], tuple[int, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, roster: Roster) -> _Shared:
        text = roster.canonical_json()
        site_units: dict[str, list[Unit]] = {}
        for unit in roster.units:
            site_units.setdefault(unit.site, []).append(unit)
        return cls(
            roster_json=text,
            fingerprint=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            site_units={site: tuple(units) for site, units in site_units.items()},
        )


def _rated_units(roster: Roster, rules: Rules, shared: _Shared, plan: _Plan, sheet: str):
    """The rated-unit columns of ``sheet`` on the form of ``plan``: every unit, except on a
    split peer form with ``peer_scope = "site"``: the units of the rater's own site (its own
    column included), the only ones it rates."""
    if sheet == "peer" and plan.rater and rules.peer_scope == "site":
        return shared.site_units[roster.unit(plan.rater).site]
    return roster.units


def _check_width(roster: Roster, rules: Rules, shared: _Shared, plans: list[_Plan], lang: str):
    """Refuse a roster whose widest rating grid does not fit in a sheet's columns (bug C2)."""
    n_id = len(layout.rating_id_columns("peer", lang))
    for plan in plans:
        for sheet in plan.sheets:
            if sheet == "scoring" or plan.listed:  # a list has no column limit
                continue
            n = len(_rated_units(roster, rules, shared, plan, sheet))
            if n_id + n > layout.MAX_COLUMNS:
                raise ConfigError(
                    t(
                        "tpl_too_many_units",
                        lang,
                        units=len(roster.units),
                        sheet=layout.sheet_name(sheet, lang),
                        columns=n_id + n,
                        limit=layout.MAX_COLUMNS,
                        most=layout.MAX_COLUMNS - n_id,
                    )
                )


def _plans(roster: Roster, rules: Rules, split: bool, lists: bool = True) -> list[_Plan]:
    if not split:
        return [_Plan("combined", "", ("scoring", "peer", "leadership"))]
    return [
        _Plan("scoring", "", ("scoring",)),
        *(_Plan("peer", u.code, ("peer",), lists) for u in peer_raters(roster, rules)),
        *(_Plan("leadership", ld.code, ("leadership",), lists) for ld in roster.leaders),
    ]


def _only(plans: list[_Plan], only: Collection[str]) -> list[_Plan]:
    """The split forms ``only`` names: rater codes (any case) and ``scoring``; a name that is
    no form of this build is a usage error."""
    by_name = {(p.rater or p.kind).casefold(): p for p in plans}
    wanted: list[_Plan] = []
    for name in only:
        plan = by_name.get(name.strip().casefold())
        if plan is None:
            raise UsageError(Msg("tpl_only_unknown", code=name))
        if plan not in wanted:
            wanted.append(plan)
    return [p for p in plans if p in wanted]  # in a full build's order


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
    only: Collection[str] | None = None,
    baselines: Mapping[str, float] | None = None,
    protect: Collection[str | Path] = (),
    format_version: int = layout.LIST_FORMAT_VERSION,
    workers: int | None = None,
) -> list[Path]:
    """Write the blank forms for ``period`` into ``out_dir`` (created when missing).

    One combined workbook, or with ``split`` one scoring form, one peer form per unit and one
    leadership form per leader.  ``only`` (unit and leader codes, ``scoring``) writes just
    those split forms, each byte for byte the file a full build writes: to re-issue a lost
    form.  ``baselines`` (unit code -> rate) fills in the 基准满意率 cells, still editable.
    Forms are signed with ``key`` (``signature`` is blank without one).  An existing file of
    the same name is replaced (it is a blank form); each file is written to a temporary name
    first and renamed into place.  No form replaces a file of ``protect`` (the roster, rules,
    key and ledger the build reads): :class:`UsageError`, before anything is written (SPEC 8).
    Split rating forms are format 2 (one rater, the rated units down the rows, no roster
    JSON in ``_meta``); ``format_version=1`` writes them as format 1 grids (one row, a column
    per rated unit, the roster in ``_meta``), as before (tests of mixed quarters use it).
    ``workers``: how many processes write the forms (default: :func:`xlsx.workers.count`, one
    per 50 forms up to the cores from 100 forms on; ``REDFLAG_WORKERS``).
    Returns the written paths, in the order of the forms.
    """
    roster = roster or Roster.sample()
    rules = rules or Rules.default()
    period = Period.parse(period)
    lang = current_lang(lang)
    plans = _plans(roster, rules, split or bool(only), format_version != layout.FORMAT_VERSION)
    shared = _Shared.of(roster)
    _check_width(roster, rules, shared, plans, lang)
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
        detail = t("out_not_a_dir", lang) if out.exists() else os_reason(exc)
        raise OutputError(t("out_dir_failed", lang, dir=out, detail=detail)) from None
    chosen = _only(plans, only) if only else plans
    for plan in chosen:
        target = out / form_filename(plan.kind, period, plan.rater)
        if any(same_file(target, Path(p)) for p in protect):
            raise UsageError(Msg("out_is_input", file=target))
    remove_stale(out)  # once: each cleaning reads the whole folder (20,101 forms at 20,000 units)
    job = _Job(roster, rules, period, lang, key, deadline, dict(baselines or {}), out)
    return list(_write_forms(chosen, job, shared, workers))


@dataclass(frozen=True)
class _Job:
    """What writing one form needs besides its plan (sent once to each worker process)."""

    roster: Roster
    rules: Rules
    period: Period
    lang: str
    key: bytes | None
    deadline: str | None
    baselines: dict[str, float]
    out: Path


def _write_form(plan: _Plan, job: _Job, shared: _Shared) -> Path:
    meta = _meta(plan, shared, job.period, job.lang, job.key)
    target = job.out / form_filename(plan.kind, job.period, plan.rater)
    builder = _Builder(
        job.roster,
        job.rules,
        job.period,
        job.lang,
        plan,
        meta,
        job.deadline,
        shared,
        dict(job.baselines),
    )
    return write_workbook(
        target,
        builder.build,
        options=WORKBOOK_OPTIONS,
        error_key="out_write_failed",
        lang=job.lang,
        clean=False,
    )


def _write_forms(
    plans: list[_Plan], job: _Job, shared: _Shared, workers: int | None
) -> Iterator[Path]:
    """Every form of ``plans`` written, in their order: in this process, or by a pool of
    spawned worker processes from :data:`workers.POOL_MIN_FILES` forms on (each form is its
    own file, written and put in place by the worker: the same bytes either way).  The first
    form that cannot be written raises its :class:`OutputError` here; the forms not yet started
    are cancelled."""
    n = pool.count(len(plans), workers)
    if n <= 1:
        for plan in plans:
            yield _write_form(plan, job, shared)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    executor = ProcessPoolExecutor(
        n,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_init_worker,
        initargs=(job,),
    )
    try:
        yield from executor.map(_write_in_worker, plans, chunksize=pool.chunk_size(len(plans), n))
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


_WORKER: dict[str, Any] = {}  # in a worker process: its _Job and _Shared


def _init_worker(job: _Job) -> None:
    _WORKER.update(job=job, shared=_Shared.of(job.roster))


def _write_in_worker(plan: _Plan) -> Path:
    return _write_form(plan, _WORKER["job"], _WORKER["shared"])


def _meta(plan: _Plan, shared: _Shared, period: Period, lang: str, key: bytes | None):
    """``_meta`` of a form; a format 2 rating form carries the roster's fingerprint, not its
    JSON (``roster`` is empty and no row of ``_meta`` is written for it)."""
    meta = {
        "format_version": str(plan.version),
        "kind": plan.kind,
        "period": str(period),
        "roster": "" if plan.listed else shared.roster_json,
        "roster_fingerprint": shared.fingerprint,
        "rater": plan.rater,
        "lang": lang,
        "generator": f"redflag_xlsx {__version__}",
        "signature": "",
    }
    if key:
        meta["signature"] = sign(meta, key)
    assert tuple(meta) == layout.META_KEYS
    return meta


def meta_chunks(text: str, size: int = layout.META_CHUNK_CHARS) -> list[str]:
    """``text`` in pieces of at most ``size`` characters, for consecutive cells of ``_meta``'s
    roster row (a cell holds at most 32,767).  Excel counts UTF-16 units, so a character outside
    the BMP (a rare CJK name character) counts 2.  ``""`` is one empty piece (no cell)."""
    chunks: list[str] = []
    start, used = 0, 0
    for i, ch in enumerate(text):
        w = 2 if ord(ch) > 0xFFFF else 1
        if used + w > size:
            chunks.append(text[start:i])
            start, used = i, 0
        used += w
    chunks.append(text[start:])
    return chunks


# --- the 考核得分 formula -----------------------------------------------------------------------
def quality_formula(rules: Rules, columns: list[layout.Column], row: int) -> str:
    """The live formula of Q for 0-based ``row`` (:func:`formulas.quality` with the rules'
    numbers typed in): a 是/否 item adds its points when 是; the satisfaction adjustment is 0
    when either rate is blank (the engine takes a blank baseline from the history ledger,
    which a form cannot know)."""
    from xlsxwriter.utility import xl_rowcol_to_cell

    ref = {c.key: xl_rowcol_to_cell(row, i) for i, c in enumerate(columns)}
    refs = RuleRefs.typed(rules)
    terms = [
        formulas.flag_points(ref[i.code], refs.points[i.code], YES_WORDS)
        if i.input == "flag"
        else formulas.count_points(ref[i.code], refs.points[i.code], typed=True)
        for i in rules.items
    ]
    adj = formulas.adjustment_of_rates(
        ref["baseline"], ref["current"], refs, rules.satisfaction_mode
    )
    return "=" + formulas.quality(terms, adj, refs)


# --- formats and validations -------------------------------------------------------------
_FORMATS: dict[str, dict[str, Any]] = {
    **TEXT_STYLES,  # title, info, section, para, header
    "names": {
        **CELL_STYLE,
        "text_wrap": True,
        "align": "center",
        "font_size": 10,
        "bg_color": HEADER_FILL,
    },
    "id": CELL_STYLE,
    "sign_list": {**TEXT_STYLES["info"], "font_color": "#000000", "valign": "bottom"},
    "sign_line": {**TEXT_STYLES["info"], "font_color": "#000000", "valign": "bottom", "bottom": 1},
    "rater": {**TEXT_STYLES["section"]},
    "id_wrap": {**CELL_STYLE, "text_wrap": True},
    "input": {**CELL_STYLE, "locked": False, "align": "center"},
    "input_text": {**CELL_STYLE, "locked": False, "text_wrap": True},
    "self": {**CELL_STYLE, "bg_color": SELF_FILL},
    "sign": {"font_size": 11, "valign": "bottom"},  # the rater's signature line, no border
    "score": {
        **CELL_STYLE,
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
    shared: _Shared
    baselines: dict[str, float] = field(default_factory=dict)  # unit -> 基准满意率 filled in
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
        write_instructions(wb, self)
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
        ws.protect("", FORM_PROTECTION)

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
                width = min(max(text_width(v) for v in [col.header, *values]), 40)
                for r, value in enumerate(values, start=first):
                    ws.write_string(r, c, value, f["id_wrap" if col.kind == "name" else "id"])
            else:  # narrow columns whose headers wrap: the sheet prints larger
                lines, width = _wrap(col.header, 4 if lang == "zh" else 10)
                header_lines = max(header_lines, lines)
                width = max(width, 20 if col.kind == "text" else 4)
                for r, unit in enumerate(units, start=first):
                    if col.kind == "formula":
                        formula = quality_formula(self.rules, cols, r)
                        ws.write_formula(r, c, formula, f["score"], blank_q)
                    elif col.key == "baseline" and unit.code in self.baselines:
                        ws.write_number(r, c, self.baselines[unit.code], f["input"])
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
        if self.plan.listed:
            self._rating_list(wb, sheet)
            return
        lang, f = self.lang, self.fmt
        units = _rated_units(self.roster, self.rules, self.shared, self.plan, sheet)
        ws = wb.add_worksheet(layout.sheet_name(sheet, lang))
        id_cols = layout.rating_id_columns(sheet, lang)
        people: list[Any] = list(self.roster.leaders)
        if sheet == "peer":  # the rating units: core.peers
            people = [u for u in units if rates_peers(u, self.rules)]
        raters = [
            (p.code, p.name) for p in people if p.code == self.plan.rater or not self.plan.rater
        ]
        self._title(ws, sheet, raters[0][1] if self.plan.rater else "")
        ir, hr, first = layout.INFO_ROW - 1, layout.HEADER_ROW - 1, layout.FIRST_DATA_ROW - 1
        n_id, names_label = len(id_cols), t("col_rated_names", lang)
        ws.write_string(ir, n_id - 1, names_label, f["names"])
        for c, col in enumerate(id_cols):
            ws.write_string(hr, c, col.header, f["header"])
        code_w = max(text_width(x) for x in [id_cols[0].header, *(r[0] for r in raters)])
        name_w = max(
            text_width(x) for x in [id_cols[1].header, names_label, *(r[1] for r in raters)]
        )
        col_w, names_h = self._grid(units)
        ws.set_column(0, 0, code_w + 2)
        ws.set_column(1, 1, min(name_w, 40) + 2)
        ws.set_column(n_id, n_id + len(units) - 1, col_w + 2)
        for j, unit in enumerate(units, start=n_id):
            ws.write_string(ir, j, unit.name, f["names"])
            ws.write_string(hr, j, unit.code, f["header"])
        ws.set_row(ir, names_h)
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
        if ranges:  # none on the split form of a unit alone at its site (peer_scope "site")
            self._validate(ws, ranges, "rating", t("dv_rating_title", lang))
        # the rater signs and dates the printed form, below the last row (in the name column:
        # a row without a code and without ratings is no row to the reader)
        sign_row = first + len(raters) + 1
        ws.set_row(sign_row, 30)
        ws.write_string(sign_row, 1, t(f"tpl_sign_{sheet}", lang), f["sign"])
        self._page(ws, freeze_col=n_id)
        ws.print_area(0, 0, sign_row, n_id + len(units) - 1)

    def _rating_list(self, wb: Workbook, sheet: layout.SheetKey) -> None:
        """Format 2 (SPEC 4): one rater; one row per unit it rates, 评分 the only input column;
        A4 portrait, the header repeated on every page, a signature line at the foot."""
        lang, f, code = self.lang, self.fmt, self.plan.rater
        if sheet == "peer":
            rater: Any = self.roster.unit(code)
            units = rated_by(self.roster, self.rules, code)
        else:
            rater, units = self.roster.leader(code), list(self.roster.units)
        ws = wb.add_worksheet(layout.sheet_name(sheet, lang))
        # the title (a portrait page is narrow: the rater has the second title row)
        title = t(
            "tpl_title",
            lang,
            app=t("app_title", lang),
            sheet=t(f"sheet_{sheet}", lang),
            period=self.period,
        )
        ws.write_string(layout.TITLE_ROW - 1, 0, title, f["title"])
        ws.set_row(layout.TITLE_ROW - 1, 24)
        ir, hr, first = layout.INFO_ROW - 1, layout.HEADER_ROW - 1, layout.FIRST_DATA_ROW - 1
        label = "list_rater_unit" if sheet == "peer" else "list_rater_leader"
        ws.write_string(ir, 0, t(label, lang), f["rater"])
        ws.write_string(ir, 1, rater.name, f["rater"])  # layout.LIST_RATER_CELL
        ws.merge_range(ir, 2, ir, 3, "", f["rater"])
        ws.write_string(ir, 2, t("list_rater_code", lang, code=code), f["rater"])
        ws.set_row(ir, 22)
        cols = layout.rating_list_columns(lang)
        for c, col in enumerate(cols):
            ws.write_string(hr, c, col.header, f["header"])
        values = [(u.code, u.name, u.site) for u in units]
        widths = [
            max(text_width(x) for x in [col.header, *(v[c] for v in values)])
            for c, col in enumerate(cols[:3])
        ]
        # about the printable width of A4 portrait (~86 units at 100%) for usual names
        ws.set_column(0, 0, max(min(widths[0], 20), 10) + 2)
        ws.set_column(1, 1, min(max(widths[1], 36), 48) + 2)
        ws.set_column(2, 2, min(max(widths[2], 14), 24) + 2)
        ws.set_column(3, 3, max(text_width(cols[3].header), 12) + 2)
        last = first + len(units) - 1
        for r, (ucode, name, site) in enumerate(values, start=first):
            ws.set_row(r, DATA_ROW_HEIGHT)
            ws.write_string(r, 0, ucode, f["id"])
            ws.write_string(r, 1, name, f["id_wrap"])
            ws.write_string(r, 2, site, f["id"])
            ws.write_blank(r, 3, None, f["input"])
        if units:  # none on the form of a unit alone at its site (peer_scope "site")
            self._validate(ws, [(first, 3, last, 3)], "rating", t("dv_rating_title", lang))
        sign = max(last, hr) + 1 + layout.LIST_SIGNATURE_GAP
        ws.set_row(sign, 30)
        ws.write_string(sign, 1, t("list_signature", lang), f["sign_line"])
        ws.write_string(sign, 2, t("list_date", lang), f["sign_list"])
        ws.print_area(0, 0, sign, len(cols) - 1)
        ws.set_portrait()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)  # one page wide, as many tall as needed
        ws.set_margins(left=0.6, right=0.6, top=0.6, bottom=0.7)
        ws.center_horizontally()
        ws.set_footer(t("tpl_footer", lang, period=self.period))
        ws.repeat_rows(0, hr)
        ws.freeze_panes(layout.FIRST_DATA_ROW - 1, 0)
        ws.protect("", FORM_PROTECTION)

    def _grid(self, units: tuple[Unit, ...]) -> tuple[int, int]:
        """(width of a rated-unit column, height of the names row above), once per call of
        :func:`build_templates` for the same columns."""
        key = tuple(u.code for u in units)
        if key not in self.shared.grids:
            col_w = max(10, *(text_width(u.code) for u in units))
            height = 14 * max(_wrap(u.name, col_w)[0] for u in units) + 6
            self.shared.grids[key] = (col_w, height)
        return self.shared.grids[key]

    def _rates(self, sheet: str, rater: str, unit: Unit) -> bool:
        """Whether ``rater`` rates ``unit`` on ``sheet`` (peer: :func:`core.peers.rates`)."""
        if sheet == "leadership":
            return True
        return rates(self.roster.unit(rater), unit, self.rules)

    # _meta ----------------------------------------------------------------------------------
    def _meta_sheet(self, wb: Workbook) -> None:
        ws = wb.add_worksheet(layout.META_SHEET)
        ws.write_string(0, 0, layout.META_HEADER[0])
        ws.write_string(0, 1, layout.META_HEADER[1])
        keys = [k for k in layout.META_KEYS if k != "roster" or not self.plan.listed]
        for r, k in enumerate(keys, start=1):
            ws.write_string(r, 0, k)
            values = meta_chunks(self.meta[k]) if k == "roster" else [self.meta[k]]
            for c, value in enumerate(values, start=1):
                if ws.write_string(r, c, value) < 0:  # -2: cut at 32,767 characters, silently
                    raise AssertionError(f"_meta {k} not written whole")  # meta_chunks forbids it
        ws.set_column(0, 0, 20)
        ws.set_column(1, 1, 80)
        ws.protect()
        ws.very_hidden()
