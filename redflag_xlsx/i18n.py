"""The one catalog of user-facing text (sheets, messages), Chinese by default, English on request.

Every string a user reads is looked up here by key: ``t("E_OUT_OF_RANGE", value=101, ...)``.
Other modules register no text of their own; item labels alone come from :class:`Rules`
(a rules file may rename them).
"""

from __future__ import annotations

import os
from typing import Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

# key: (zh, en).  Placeholders use str.format syntax.
CATALOG: dict[str, tuple[str, str]] = {
    # --- general -----------------------------------------------------------------------------
    "app_title": ("服务质量流动红旗", "Service-quality rotating red flag"),
    "yes": ("是", "Yes"),
    "no": ("否", "No"),
    "error": ("错误", "Error"),
    "warning": ("警告", "Warning"),
    "flag_won": ("流动红旗", "Red flag"),
    "flag_tie": ("并列待定", "Tie: leaders decide"),
    # --- workbook layout (see layout.py) --------------------------------------------------------
    "sheet_instructions": ("填表说明", "Instructions"),
    "sheet_scoring": ("服务质量考核", "Quality scoring"),
    "sheet_peer": ("单位互评", "Peer rating"),
    "sheet_leadership": ("领导评议", "Leadership rating"),
    "sheet_roster_units": ("被考核单位", "Units"),
    "sheet_roster_leaders": ("评议领导", "Leaders"),
    "col_unit_code": ("单位编号", "Unit code"),
    "col_unit_name": ("单位名称", "Unit name"),
    "col_site": ("场所", "Site"),
    "col_baseline": ("基准满意率(%)", "Baseline satisfaction (%)"),
    "col_current": ("本期满意率(%)", "Satisfaction this quarter (%)"),
    "col_remark": ("备注", "Remarks"),
    "col_quality_score": ("考核得分", "Quality score"),
    "col_rater_unit_code": ("评分单位编号", "Rating unit code"),
    "col_rater_unit_name": ("评分单位名称", "Rating unit name"),
    "col_leader_code": ("领导编号", "Leader code"),
    "col_leader_name": ("领导姓名", "Leader name"),
    "col_rated_names": ("被评单位名称", "Rated unit name"),
    "roster_col_code": ("编号", "Code"),
    "roster_col_name": ("名称", "Name"),
    "roster_col_site": ("场所", "Site"),
    "roster_col_category": ("服务类别", "Service category"),
    "roster_col_contractor": ("承包单位", "Contractor"),
    "roster_col_leader_name": ("姓名", "Name"),
    "roster_col_title": ("职务", "Title"),
    # --- configuration errors ------------------------------------------------------------------
    "cfg_unknown_key": ("{file}：未知的参数“{key}”", "{file}: unknown key '{key}'"),
    "cfg_bad_value": (
        "{file}：参数“{key}”无效：{detail}",
        "{file}: invalid value for '{key}': {detail}",
    ),
    "cfg_weights_sum": (
        "权重之和必须为 1（当前为 {total}）",
        "the weights must sum to 1 (they sum to {total})",
    ),
    "cfg_unknown_item": ("没有编号为“{code}”的考核项目", "there is no quality item '{code}'"),
    "cfg_site_missing": (
        "{file}：参数“flags_per_site”中的场所“{site}”在名单中不存在（名单中的场所：{sites}）",
        "{file}: 'flags_per_site' names site '{site}', which the roster lacks (roster sites: {sites})",
    ),
    "cfg_unreadable": ("{file}：无法读取：{detail}", "{file}: cannot be read: {detail}"),
    "cfg_toml": ("{file}：TOML 格式错误：{detail}", "{file}: not valid TOML: {detail}"),
    "roster_duplicate_code": (
        "{file}：工作表“{sheet}”单元格 {cell}：编号“{code}”重复（第一次出现在 {first}）",
        "{file}: sheet '{sheet}' cell {cell}: code '{code}' is duplicated (first at {first})",
    ),
    "roster_blank": (
        "{file}：工作表“{sheet}”单元格 {cell}：“{field}”不能为空",
        "{file}: sheet '{sheet}' cell {cell}: '{field}' must not be blank",
    ),
    "roster_unknown_site": (
        "{file}：工作表“{sheet}”单元格 {cell}：场所“{site}”不在评选规则中（可用：{sites}）",
        "{file}: sheet '{sheet}' cell {cell}: site '{site}' is not in the rules (known: {sites})",
    ),
    "roster_unknown_site_rules": (
        "名单中单位 {unit} 的场所“{site}”不在评选规则的 flags_per_site 中（规则中的场所：{sites}）；请在规则文件中为该场所设置红旗数",
        "unit {unit} is at site '{site}', which the rules' flags_per_site lacks (known: {sites}); set its number of flags in the rules file",
    ),
    "roster_empty": ("{file}：名单中没有{what}", "{file}: the roster has no {what}"),
    "roster_units": ("被考核单位", "units"),
    "roster_leaders": ("评议领导", "leaders"),
    "roster_missing_sheet": (
        "{file}：缺少工作表“{sheet}”",
        "{file}: the sheet '{sheet}' is missing",
    ),
    "roster_missing_header": (
        "{file}：工作表“{sheet}”第 1 行缺少表头“{header}”",
        "{file}: sheet '{sheet}' row 1 lacks the header '{header}'",
    ),
    "roster_bad_format": (
        "{file}：名单文件须为 .xlsx 或 .toml",
        "{file}: a roster must be an .xlsx or .toml file",
    ),
    "roster_bad_json": ("名单数据无效：{detail}", "invalid roster data: {detail}"),
    "period_bad": (
        "期间“{value}”无效：应为“年份Q季度”，如 2026Q4（季度为 1–4）",
        "invalid period '{value}': write year, Q and quarter 1-4, e.g. 2026Q4",
    ),
    "award_outside_tie": (
        "--award {code}：该单位不在任何并列待定组中",
        "--award {code}: this unit is not in a tied group",
    ),
    "award_too_many": (
        "--award：场所“{site}”只剩 {left} 面红旗，却指定了 {given} 个单位",
        "--award: site '{site}' has {left} flag(s) left but {given} units were named",
    ),
    "award_unknown": ("--award {code}：名单中没有该单位", "--award {code}: no such unit"),
    # --- findings (models.Issue): one message and one hint per code ----------------------------
    "where_file": ("文件“{file}”", "file '{file}'"),
    "where_sheet": ("工作表“{sheet}”", "sheet '{sheet}'"),
    "where_cell": ("单元格 {cell}", "cell {cell}"),
    "W_BASELINE_MISSING": (
        "{unit}（{name}）：基准满意率为空，历史记录中也没有上一季度的本期满意率，满意率加减分按 0 计",
        "{unit} ({name}): the baseline satisfaction is blank and the ledger has no rate for last "
        "quarter; the satisfaction adjustment counts as 0",
    ),
    "W_BASELINE_MISSING.hint": (
        "在“基准满意率(%)”中填写上一季度的满意率",
        "enter last quarter's rate under 'Baseline satisfaction (%)'",
    ),
    "W_SATISFACTION_MISSING": (
        "{unit}（{name}）：本期满意率为空，满意率加减分按 0 计",
        "{unit} ({name}): this quarter's satisfaction is blank; the adjustment counts as 0",
    ),
    "W_SATISFACTION_MISSING.hint": (
        "在“本期满意率(%)”中填写本季度的满意率测评结果",
        "enter this quarter's survey result under 'Satisfaction this quarter (%)'",
    ),
    "W_LOW_COVERAGE": (
        "{unit}（{name}）：{what}只收到 {got} 份，应收 {expected} 份（不足 {min}）",
        "{unit} ({name}): only {got} of {expected} {what} were received (less than {min})",
    ),
    "W_LOW_COVERAGE.hint": (
        "催交未提交的评分表，或确认缺失的评分",
        "collect the missing rating forms, or confirm the ratings are missing",
    ),
    "E_NO_RATINGS": (
        "{unit}（{name}）：没有收到任何{what}",
        "{unit} ({name}): no {what} were received",
    ),
    "E_NO_RATINGS.hint": (
        "至少需要一份评分才能计算得分；请收齐评分表",
        "at least one rating is needed to compute the score; collect the forms",
    ),
    "what_peer": ("单位互评评分", "peer ratings"),
    "what_leadership": ("领导评议评分", "leadership ratings"),
    # --- disqualification / eligibility reasons ------------------------------------------------
    "reason_min_total": ("综合得分低于 {min}", "total below {min}"),
    "reason_no_score": ("缺少评分", "scores missing"),
}

_FALLBACK: Lang = "zh"


def current_lang(explicit: str | None = None) -> Lang:
    """The language to use: an explicit choice, else ``REDFLAG_LANG``, else Chinese."""
    value = (explicit or os.environ.get("REDFLAG_LANG") or _FALLBACK).strip().lower()
    if value.startswith("en"):
        return "en"
    return "zh"


def t(key: str, lang: str | None = None, /, **params: object) -> str:
    """The text for ``key`` in ``lang`` with ``params`` filled in."""
    zh, en = CATALOG[key]
    template = en if current_lang(lang) == "en" else zh
    return template.format(**params) if params else template
