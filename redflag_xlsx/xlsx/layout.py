"""The one description of every workbook: sheet names, header texts, columns and rows.

The template builder, the reader and the results writer all import this module; no header text
or sheet name is typed anywhere else.  Texts come from the catalog (:mod:`redflag_xlsx.i18n`);
the item columns come from :class:`~redflag_xlsx.rules.Rules`.  This module imports no
spreadsheet library.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from ..core.i18n import LANGS, t

if TYPE_CHECKING:
    from ..core.rules import Rules

FORMAT_VERSION = 1  # combined, scoring and register workbooks (and v1 split rating forms)
# Format version 2 (SPEC 4): a split peer or leadership form lists the rated units down the rows
# (LIST_* below) and carries the roster's fingerprint, not its JSON.  The version is per kind of
# form: combined, scoring and register workbooks did not change and stay version 1.
LIST_FORMAT_VERSION = 2
LIST_KINDS = ("peer", "leadership")

# Rows are 1-based, as a person reads them in a spreadsheet.
TITLE_ROW = 1  # sheet title
INFO_ROW = 2  # period / roster / who fills; on rating sheets: the rated units' names
HEADER_ROW = 3  # the header row (found by its first cell within HEADER_SEARCH_ROWS)
FIRST_DATA_ROW = 4
HEADER_SEARCH_ROWS = 10

META_SHEET = "_meta"
META_KEYS = (
    "format_version",
    "kind",
    "period",
    "roster",
    "roster_fingerprint",
    "rater",
    "lang",
    "generator",
    "signature",
)
META_HEADER = ("key", "value")
# The roster's canonical JSON in _meta: chunks of at most this many characters over columns
# B, C, D, ... of the roster row (a cell holds at most 32,767); the reader joins B.. up to the
# first empty cell.  A shorter roster is B alone.
META_CHUNK_CHARS = 32_000
MAX_COLUMNS = 16_384  # columns of an xlsx sheet (A..XFD): a rating grid must fit
# Keys also written as custom document properties ("roster" is too long for one).
META_PROPERTY_KEYS = tuple(k for k in META_KEYS if k != "roster")
REGISTER_KIND = "register"  # the inspection register (检查记录台账, SPEC 14)
KINDS = ("combined", "scoring", "peer", "leadership", REGISTER_KIND)

ColumnKind = Literal[
    "code", "name", "site", "count", "flag", "rate", "text", "formula", "rating", "date", "item"
]
SheetKey = Literal["scoring", "peer", "leadership"]
SHEET_KEYS: tuple[SheetKey, ...] = ("scoring", "peer", "leadership")
# the input sheets of each kind of form (KINDS), in the order they are written
KIND_SHEETS: dict[str, tuple[SheetKey, ...]] = {
    "combined": SHEET_KEYS,
    **{key: (key,) for key in SHEET_KEYS},
}


@dataclass(frozen=True)
class Column:
    """One column of an input sheet."""

    key: str  # stable identifier: item code, "baseline", "unit_code", a rated unit's code, ...
    kind: ColumnKind
    header: str  # the exact header text in the chosen language


def format_version(kind: str, split: bool) -> int:
    """The format version a form of ``kind`` is written in today."""
    return LIST_FORMAT_VERSION if split and kind in LIST_KINDS else FORMAT_VERSION


def read_versions(kind: str) -> tuple[str, ...]:
    """The ``_meta`` format versions the reader accepts for a form of ``kind``: 1 and 2 for
    every kind (version 2 changed only the split rating forms; a combined or scoring workbook
    whose ``_meta`` says 2 is read as version 1, and its signature, which covers the version,
    says whether it was edited)."""
    del kind  # one set of versions for every kind, today
    return (str(FORMAT_VERSION), str(LIST_FORMAT_VERSION))


def is_list_form(version: str, kind: str) -> bool:
    """Whether a form of ``_meta`` ``version`` and ``kind`` lists the rated units down the rows."""
    return kind in LIST_KINDS and version == str(LIST_FORMAT_VERSION)


# --- format 2 split rating forms (评分表): one rater, one row per rated unit -------------------
# Title rows as on every form: TITLE_ROW holds the title with the rater's code and name,
# INFO_ROW the rater's label (column A), name (LIST_RATER_CELL) and code (C); the header at
# HEADER_ROW, one row per rated unit from FIRST_DATA_ROW, then a blank row and the signature
# line (评分人签字 / 日期: column A stays empty there, so the reader passes over it).
LIST_RATER_CELL = "B2"
LIST_SIGNATURE_GAP = 1  # blank rows between the last unit and the signature line


def rating_list_columns(lang: str = "zh") -> list[Column]:
    """The columns of a format 2 rating sheet: the rated unit, then its 评分 (the input)."""
    return [
        Column("unit_code", "code", t("col_unit_code", lang)),
        Column("unit_name", "name", t("col_unit_name", lang)),
        Column("site", "site", t("col_site", lang)),
        Column("rating", "rating", t("col_rating", lang)),
    ]


def sheet_name(sheet: str, lang: str = "zh") -> str:
    """Sheet name of ``instructions``, ``scoring``, ``peer`` or ``leadership``."""
    return t(f"sheet_{sheet}", lang)


def sheet_names_all_langs(sheet: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(sheet_name(sheet, lang) for lang in LANGS))


def scoring_columns(rules: Rules, lang: str = "zh") -> list[Column]:
    """The scoring sheet's columns in order (SPEC 4.2)."""
    cols = [
        Column("unit_code", "code", t("col_unit_code", lang)),
        Column("unit_name", "name", t("col_unit_name", lang)),
        Column("site", "site", t("col_site", lang)),
    ]
    satisfaction = [
        Column("baseline", "rate", t("col_baseline", lang)),
        Column("current", "rate", t("col_current", lang)),
    ]
    for item in rules.items:
        cols.append(
            Column(item.code, "flag" if item.input == "flag" else "count", item.label(lang))
        )
        if item.code == "safety_accident":  # the seed: item 7, satisfaction, follows item 6
            cols.extend(satisfaction)
            satisfaction = []
    cols.extend(satisfaction)  # a rules file without safety_accident: after the items
    for flag in rules.disqualifying_flags:
        cols.append(Column(flag.code, "flag", flag.label(lang)))
    cols.append(Column("remark", "text", t("col_remark", lang)))
    cols.append(Column("quality_score", "formula", t("col_quality_score", lang)))
    return cols


def rating_id_columns(sheet: SheetKey, lang: str = "zh") -> list[Column]:
    """The two leading columns of a rating sheet (who rates)."""
    if sheet == "peer":
        return [
            Column("rater_code", "code", t("col_rater_unit_code", lang)),
            Column("rater_name", "name", t("col_rater_unit_name", lang)),
        ]
    return [
        Column("rater_code", "code", t("col_leader_code", lang)),
        Column("rater_name", "name", t("col_leader_name", lang)),
    ]


def first_header(sheet: SheetKey, lang: str = "zh") -> str:
    """The text of a sheet's first header cell, by which the reader finds the header row."""
    if sheet == "scoring":
        return t("col_unit_code", lang)
    return rating_id_columns(sheet, lang)[0].header


# --- the inspection register (build-template --register writes it, the reader reads it) -----
# One row per event below the header; rows may be added without limit.  Title rows and header
# as on the forms (TITLE_ROW, INFO_ROW, HEADER_ROW, FIRST_DATA_ROW).
REGISTER_FILE_PREFIX = "检查记录台账"
REGISTER_COLUMNS: tuple[tuple[str, ColumnKind, str], ...] = (
    ("date", "date", "reg_col_date"),
    ("unit_code", "code", "col_unit_code"),
    ("item", "item", "reg_col_item"),
    ("description", "text", "reg_col_description"),
    ("evidence", "text", "reg_col_evidence"),
    ("inspector", "text", "reg_col_inspector"),
    ("verified", "flag", "reg_col_verified"),
)
# the reference list beside it (units, then items): the dropdowns' sources
REGISTER_LIST_COLUMNS = (
    ("unit_code", "col_unit_code"),
    ("unit_name", "col_unit_name"),
    ("site", "col_site"),
    ("", ""),  # a blank column between the two lists
    ("item", "reg_col_item"),
    ("points", "res_col_points"),
)


def register_file_name(period: object) -> str:
    """``检查记录台账_<period>.xlsx``."""
    return f"{REGISTER_FILE_PREFIX}_{period}.xlsx"


def register_columns(lang: str = "zh") -> list[Column]:
    """The register sheet's columns in order (SPEC 14)."""
    return [Column(key, kind, t(text, lang)) for key, kind, text in REGISTER_COLUMNS]


def register_sheet_names(sheet: str) -> tuple[str, ...]:
    """``register`` (the events) or ``register_lists`` (units and items) in both languages."""
    return tuple(dict.fromkeys(t(f"sheet_{sheet}", lang) for lang in LANGS))


# --- roster workbook (init writes it, Roster.load reads it) -----------------------------------
ROSTER_UNIT_FIELDS = (
    ("code", "roster_col_code", True),
    ("name", "roster_col_name", True),
    ("site", "roster_col_site", True),
    ("category", "roster_col_category", False),
    ("contractor", "roster_col_contractor", False),
    ("baseline", "roster_col_baseline", False),  # a number 0-100 (SPEC 2.1, "fixed")
)
ROSTER_LEADER_FIELDS = (
    ("code", "roster_col_code", True),
    ("name", "roster_col_leader_name", True),
    ("title", "roster_col_title", False),
)


# --- earlier winners (init writes winners.xlsx, history --import reads it; SPEC 2.4) ---------
WINNERS_FILE = "winners.xlsx"
WINNERS_FIELDS = (
    ("period", "imp_col_period", True),  # 2026Q3 or 2026年第三季度
    ("unit", "col_unit_code", True),
    ("contractor", "roster_col_contractor", True),  # the header is required, a value is not
)
WINNERS_OTHER_HEADERS = {"period": ("hist_col_period",)}  # 季度 is read as 期间


def roster_headers(fields: tuple[tuple[str, str, bool], ...]) -> dict[str, str]:
    """Every accepted header text (both languages, case-folded) -> field name."""
    out: dict[str, str] = {}
    for field, key, _required in fields:
        for lang in LANGS:
            out[t(key, lang).casefold()] = field
    return out


# --- the results workbook (results*.py writes it; tests, samples and other tools read it) -----
# Every sheet keeps the rows of the input sheets: title row 1, row 2 for information (on
# 服务质量明细 the points per count, on the rating grids the raters' names), the header at
# HEADER_ROW and data from FIRST_DATA_ROW, so ``pandas.read_excel(path, sheet, header=2)`` works.
RESULTS_FILE_PREFIX = "红旗评选结果"
RESULTS_SHEETS = (
    "summary",
    "quality",
    "peer",
    "leadership",
    "analysis",
    "flags",
    "payout",
    "notice",
    "issues",
    "revisions",
    "rules",
    "chart",
)


@dataclass(frozen=True)
class ResultColumn:
    """One column of a results sheet: a stable key and its header text."""

    key: str
    header: str


def results_sheets(register: bool = False) -> tuple[str, ...]:
    """The results workbook's sheets in order; with an inspection register, 扣分依据 follows
    服务质量明细 (SPEC 14)."""
    if not register:
        return RESULTS_SHEETS
    at = RESULTS_SHEETS.index("quality") + 1
    return (*RESULTS_SHEETS[:at], "register", *RESULTS_SHEETS[at:])


def results_file_name(period: object) -> str:
    """``红旗评选结果_<period>.xlsx``."""
    return f"{RESULTS_FILE_PREFIX}_{period}.xlsx"


def results_sheet_name(sheet: str, lang: str = "zh") -> str:
    """Sheet name of one of :data:`RESULTS_SHEETS`."""
    if sheet in ("peer", "leadership"):
        return sheet_name(sheet, lang)
    return t(f"rsheet_{sheet}", lang)


def _result_columns(spec: tuple[tuple[str, str], ...], lang: str) -> list[ResultColumn]:
    return [ResultColumn(key, t(text_key, lang)) for key, text_key in spec]


SUMMARY_COLUMNS = (
    ("unit_code", "col_unit_code"),
    ("unit_name", "col_unit_name"),
    ("site", "col_site"),
    ("quality", "res_col_quality"),
    ("peer", "res_col_peer"),
    ("leadership", "res_col_leadership"),
    ("total", "res_col_total"),
    ("rank", "res_col_rank"),
    ("disqualified", "res_col_disqualified"),
    ("outcome", "res_col_outcome"),
    ("streak", "res_col_streak"),
    ("reward_points", "res_col_reward_points"),
    ("bonus_yuan", "res_col_bonus"),
    ("priority", "res_col_priority"),
)
FLAGS_COLUMNS = (
    ("site", "col_site"),
    ("unit_code", "col_unit_code"),
    ("unit_name", "col_unit_name"),
    ("contractor", "roster_col_contractor"),
    ("total", "res_col_total"),
    ("rank", "res_col_rank"),
    ("outcome", "res_col_outcome"),
    ("streak", "res_col_streak"),
    ("reward_points", "res_col_reward_points"),
    ("bonus_yuan", "res_col_bonus"),
    ("priority", "res_col_priority"),
    ("note", "res_col_note"),
)
# 奖金发放 (SPEC 13): the payout list's columns, with the texts of the 奖金发放表 PDF
PAYOUT_COLUMNS = (
    ("no", "doc_col_no"),
    ("contractor", "doc_col_contractor"),
    ("unit_name", "doc_col_unit"),
    ("site", "doc_col_site"),
    ("streak", "doc_pay_col_streak"),
    ("bonus_yuan", "doc_pay_col_amount"),
    ("capitals", "doc_pay_col_capitals"),
)
ISSUES_COLUMNS = (
    ("no", "res_col_no"),
    ("severity", "res_col_severity"),
    ("code", "res_col_code"),
    ("file", "res_col_file"),
    ("sheet", "res_col_sheet"),
    ("cell", "res_col_cell"),
    ("who", "res_col_who"),
    ("message", "res_col_message"),
    ("hint", "res_col_hint"),
)


EVIDENCE_COLUMNS = (
    ("date", "reg_col_date"),
    ("unit_code", "col_unit_code"),
    ("unit_name", "col_unit_name"),
    ("item", "reg_col_item"),
    ("points", "res_col_event_points"),
    ("description", "reg_col_description"),
    ("evidence", "reg_col_evidence"),
    ("inspector", "reg_col_inspector"),
    ("source", "res_col_source"),
)


def evidence_columns(lang: str = "zh") -> list[ResultColumn]:
    """扣分依据: one row per verified event of the inspection register."""
    return _result_columns(EVIDENCE_COLUMNS, lang)


def summary_columns(lang: str = "zh") -> list[ResultColumn]:
    """汇总: one row per unit, grouped by site."""
    return _result_columns(SUMMARY_COLUMNS, lang)


def flags_columns(lang: str = "zh") -> list[ResultColumn]:
    """流动红旗: the winners (and tied units) per site."""
    return _result_columns(FLAGS_COLUMNS, lang)


def payout_columns(lang: str = "zh") -> list[ResultColumn]:
    """奖金发放: one row per winner, site by site."""
    return _result_columns(PAYOUT_COLUMNS, lang)


REVISION_COLUMNS = (
    ("number", "res_rev_col_number"),
    ("date", "res_rev_col_date"),
    ("kind", "res_rev_col_kind"),
    ("reason", "res_rev_col_reason"),
    ("decisions", "res_rev_col_decisions"),
    ("unit", "res_rev_col_unit"),
    ("key", "res_rev_col_key"),
    ("old", "res_rev_col_old"),
    ("new", "res_rev_col_new"),
    ("source", "res_rev_col_source"),
)


def revision_columns(lang: str = "zh") -> list[ResultColumn]:
    """修订记录: one row per changed input of each revision (one row for a revision without)."""
    return _result_columns(REVISION_COLUMNS, lang)


def issues_columns(lang: str = "zh") -> list[ResultColumn]:
    """校验问题: one row per finding."""
    return _result_columns(ISSUES_COLUMNS, lang)


def quality_detail_columns(rules: Rules, lang: str = "zh") -> list[ResultColumn]:
    """服务质量明细: the scoring sheet's columns in its order, with the derived ones added."""
    extra = {
        "baseline": [ResultColumn("baseline_source", t("res_col_baseline_source", lang))],
        "current": [
            ResultColumn("delta", t("res_col_delta", lang)),
            ResultColumn("adj", t("res_col_adj", lang)),
        ],
    }
    cols: list[ResultColumn] = []
    for col in scoring_columns(rules, lang):
        if col.key in ("remark", "quality_score"):
            continue
        cols.append(ResultColumn(col.key, col.header))
        cols.extend(extra.get(col.key, []))
    cols.append(ResultColumn("quality", t("res_col_quality", lang)))
    cols.append(ResultColumn("remark", t("col_remark", lang)))
    return cols


def rating_stat_columns(sheet: SheetKey, lang: str = "zh") -> list[ResultColumn]:
    """单位互评 / 领导评议 (results): one row per rated unit; these columns come first, then one
    column per rater headed by the rater's code (the raters' names in the row above)."""
    score = "res_col_peer" if sheet == "peer" else "res_col_leadership"
    return _result_columns(
        (
            ("unit_code", "col_unit_code"),
            ("unit_name", "col_unit_name"),
            ("site", "col_site"),
            ("score", score),
            ("received", "res_col_received"),
            ("expected", "res_col_expected"),
            ("coverage", "res_col_coverage"),
        ),
        lang,
    )
