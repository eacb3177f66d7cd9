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
    # --- ledger (ledger.py, ledger_export.py, cli/cmd_history.py) ------------------------------
    "ledger_not_sqlite": (
        "{file}：不是流动红旗历史记录文件（不是 SQLite 数据库），未做任何改动；请用 --history 指定正确的文件，或指定一个新的文件名",
        "{file}: not a red-flag history ledger (not an SQLite database); nothing was changed. Give the right file with --history, or a new file name",
    ),
    "ledger_foreign": (
        "{file}：这是其他程序的数据库，不是流动红旗历史记录，未做任何改动；请用 --history 指定正确的文件，或指定一个新的文件名",
        "{file}: this is another program's database, not a red-flag history ledger; nothing was changed. Give the right file with --history, or a new file name",
    ),
    "ledger_newer": (
        "{file}：历史记录由更新版本的 redflag_xlsx 写入（格式版本 {found}，本程序只支持到 {supported}），未做任何改动；请升级 redflag_xlsx",
        "{file}: the ledger was written by a newer redflag_xlsx (schema version {found}; this one supports up to {supported}); nothing was changed. Upgrade redflag_xlsx",
    ),
    "ledger_corrupt": (
        "{file}：历史记录文件已损坏（{detail}），未做任何改动；请从备份恢复该文件",
        "{file}: the ledger file is damaged ({detail}); nothing was changed. Restore it from a backup",
    ),
    "ledger_locked": (
        "{file}：历史记录文件正被其他程序使用（可能正在进行另一次统计），请稍后再试",
        "{file}: the ledger is in use by another program (another tally?); try again in a moment",
    ),
    "ledger_unreadable": (
        "{file}：无法读取历史记录（{detail}）",
        "{file}: the ledger cannot be read ({detail})",
    ),
    "ledger_unwritable": (
        "{file}：无法写入历史记录（{detail}）；请确认文件夹可写、文件不是只读",
        "{file}: the ledger cannot be written ({detail}); check that the folder is writable and the file not read-only",
    ),
    "ledger_is_dir": (
        "{file}：这是一个文件夹，不是历史记录文件",
        "{file}: this is a folder, not a ledger file",
    ),
    "ledger_missing": (
        "找不到历史记录文件 {file}；它在第一次统计（tally）后生成，也可以用 --history 指定文件",
        "no ledger at {file}; it is created by the first tally, or give one with --history",
    ),
    "ledger_closed": ("{file}：历史记录已关闭", "{file}: the ledger is closed"),
    "ledger_draft": (
        "{period} 的结果含有错误（草稿），不写入历史记录 {file}",
        "the results of {period} contain errors (a draft); they are not recorded in {file}",
    ),
    "ledger_streak_mismatch": (
        "{unit} 在 {period} 的连续获得次数为 {got}，而历史记录 {file} 中应为 {expected}；请用该历史记录重新统计",
        "{unit} has a streak of {got} in {period}, but the ledger {file} implies {expected}; tally again with this ledger",
    ),
    "ledger_not_recorded": (
        "{file}：历史记录中没有 {period}",
        "{file}: the ledger has no {period}",
    ),
    "ledger_recorded": ("历史记录：已记录 {period}（{file}）", "History: {period} recorded ({file})"),
    "ledger_replaced": (
        "历史记录：已替换 {period} 原有的记录（{file}）",
        "History: the earlier record of {period} was replaced ({file})",
    ),
    "ledger_removed": ("历史记录：已删除 {period}（{file}）", "History: {period} removed ({file})"),
    "ledger_recomputed": (
        "以后季度的连续获得次数和奖励已在历史记录中重新计算：{periods}；这些季度的结果工作簿已过时，请重新统计",
        "the streaks and rewards of later quarters were recomputed in the ledger: {periods}; their results workbooks are out of date, tally them again",
    ),
    "ledger_stale": (
        "{periods} 的基准满意率取自 {period} 的本期满意率，而该值已变化；请重新统计 {periods}",
        "the baseline satisfaction of {periods} came from {period}'s rate, which has changed; tally {periods} again",
    ),
    "hist_title": ("服务质量流动红旗历史记录", "Red-flag history"),
    "hist_info": (
        "历史记录 {file}：{count} 个季度（{first}–{last}）",
        "Ledger {file}: {count} quarter(s) ({first} to {last})",
    ),
    "hist_empty": (
        "历史记录 {file} 中还没有任何季度",
        "the ledger {file} holds no quarter yet",
    ),
    "hist_only_recent": (
        "只显示最近 {n} 个季度；完整记录请用 --export 导出",
        "only the latest {n} quarters are shown; --export writes the whole ledger",
    ),
    "hist_legend": (
        "季度列为综合得分：★ 获得流动红旗，☆ 并列待定，— 未参评",
        "quarter columns show the total: ★ red flag, ☆ tie, — not rated",
    ),
    "hist_export_legend": (
        "各季度列为综合得分；红底：获得流动红旗；黄底：并列待定；空白：该季度未参评",
        "quarter columns show the total; red: red flag won; yellow: tie; blank: not rated that quarter",
    ),
    "hist_exported": ("已导出：{file}", "Exported: {file}"),
    "hist_export_exists": (
        "{file} 已存在；加 --force 覆盖",
        "{file} already exists; add --force to replace it",
    ),
    "hist_export_failed": (
        "{file}：无法写入（{detail}）；如果该文件正在 Excel 或 WPS 中打开，请先关闭再试",
        "{file}: cannot be written ({detail}); if it is open in Excel or WPS, close it and try again",
    ),
    "hist_sheet_summary": ("历史汇总", "Summary"),
    "hist_sheet_details": ("季度明细", "By quarter"),
    "hist_sheet_periods": ("统计记录", "Tallies"),
    "hist_sheet_inputs": ("输入文件", "Input files"),
    "hist_col_period": ("季度", "Quarter"),
    "hist_col_quarters": ("参评季度数", "Quarters rated"),
    "hist_col_wins": ("获得红旗次数", "Flags won"),
    "hist_col_current_streak": ("当前连续获得次数", "Current streak"),
    "hist_col_best_streak": ("最长连续获得次数", "Longest streak"),
    "hist_col_won_periods": ("获得红旗的季度", "Quarters won"),
    "hist_col_note": ("备注", "Note"),
    "hist_not_in_latest": ("不在最新一期名单中", "not in the latest quarter"),
    "hist_col_quality": ("服务质量得分", "Quality score"),
    "hist_col_adj": ("满意率加减分", "Satisfaction adjustment"),
    "hist_col_peer": ("互评得分", "Peer score"),
    "hist_col_leadership": ("领导评议得分", "Leadership score"),
    "hist_col_total": ("综合得分", "Total"),
    "hist_col_rank": ("场所排名", "Rank in site"),
    "hist_col_disqualified": ("取消资格", "Disqualified"),
    "hist_col_outcome": ("评选结果", "Outcome"),
    "hist_col_decided": ("领导决定", "Leaders' decision"),
    "hist_col_streak": ("连续获得次数", "Streak"),
    "hist_col_points": ("奖励分", "Reward points"),
    "hist_col_bonus": ("奖金(元)", "Bonus (yuan)"),
    "hist_col_priority": ("重新招投标优先权", "Re-tender priority"),
    "hist_col_recorded_at": ("统计时间", "Tallied at"),
    "hist_col_winners": ("流动红旗单位", "Flag winners"),
    "hist_col_awards": ("领导决定（--award）", "Leaders' decisions (--award)"),
    "hist_col_roster_fp": ("名单指纹", "Roster fingerprint"),
    "hist_col_inputs_digest": ("输入摘要", "Inputs digest"),
    "hist_col_files": ("输入文件数", "Input files"),
    "hist_col_file": ("文件", "File"),
    "hist_col_sha256": ("SHA-256", "SHA-256"),
    "hist_col_generator": ("程序版本", "Program version"),
    # --- templates / signing / init (templates.py, signing.py, rules_toml.py, cmd_init, cmd_template)
    "tpl_title": ("{app}　{sheet}（{period}）", "{app}: {sheet}, {period}"),
    "tpl_title_rater": (
        "{app}　{sheet}（{period}）　评分人：{code} {name}",
        "{app}: {sheet}, {period}. Rater: {code} {name}",
    ),
    "tpl_info_scoring": (
        "由机关服务中心填写，每个单位一行；白色单元格可填写，考核得分自动计算。",
        "Filled in by the service centre, one row per unit; type in the white cells, the quality score is computed.",
    ),
    "tpl_footer": ("&L{period}&C第 &P 页，共 &N 页&R&A", "&L{period}&CPage &P of &N&R&A"),
    "tpl_instr_title": ("{app}评选　填表说明", "{app}: instructions"),
    "tpl_instr_period": ("考核期间：{period}", "Period: {period}"),
    "tpl_instr_deadline": ("交表截止：{deadline}", "Hand in by: {deadline}"),
    "tpl_instr_roster": (
        "被考核单位 {units} 个，评议领导 {leaders} 位。",
        "{units} units are rated, by {leaders} leaders.",
    ),
    "tpl_instr_who": ("谁填什么", "Who fills in what"),
    "tpl_instr_who_scoring": (
        "“{sheet}”：由机关服务中心填写，每个被考核单位一行：各项次数、满意率、是否情形和备注。",
        "'{sheet}': the service centre, one row per unit: the counts, satisfaction rates, yes/no items and remarks.",
    ),
    "tpl_instr_who_peer": (
        "“{sheet}”：每个被考核单位在本单位的一行为其他每个单位打分（0–100，可含小数）；灰色单元格是本单位自己，不打分。",
        "'{sheet}': each unit, in its own row, rates every other unit 0-100 (decimals allowed); the grey cell is the unit itself.",
    ),
    "tpl_instr_who_peer_site": (
        "“{sheet}”：每个被考核单位在本单位的一行为同一场所的其他单位打分（0–100，可含小数）；灰色单元格（本单位及其他场所的单位）不打分。",
        "'{sheet}': each unit, in its own row, rates the other units of its own site 0-100 (decimals allowed); grey cells (itself, other sites) are not rated.",
    ),
    "tpl_instr_who_leadership": (
        "“{sheet}”：每位评议领导在本人的一行为每个单位打分（0–100，可含小数）。",
        "'{sheet}': each leader, in his or her own row, rates every unit 0-100 (decimals allowed).",
    ),
    "tpl_instr_rater_unit": (
        "本表由“{code} {name}”填写，只填本单位的一行。",
        "This form is for {code} {name}: fill in your own row only.",
    ),
    "tpl_instr_rater_leader": (
        "本表由评议领导“{code} {name}”填写。",
        "This form is for leader {code} {name}.",
    ),
    "tpl_instr_rules": ("填写规则", "How to fill in"),
    "tpl_instr_rule_cells": (
        "只能在白色单元格中填写；灰色和带底色的单元格已锁定。请勿增删行列、修改表头或工作表名称，否则无法汇总。",
        "Type only in the white cells; grey and shaded cells are locked. Do not add or delete rows or columns, or rename headers or sheets: the form could not be tallied.",
    ),
    "tpl_instr_rule_counts": (
        "次数填写 0 或正整数，空白按 0 计。",
        "Counts are whole numbers 0 or more; a blank counts as 0.",
    ),
    "tpl_instr_rule_rates": (
        "满意率填写 0–100 的百分数（如 95.5），不带 % 号。",
        "Satisfaction rates are percentages 0-100 (e.g. 95.5), without the % sign.",
    ),
    "tpl_instr_rule_flags": (
        "是/否项从下拉列表中选择，空白按“否”计。",
        "Pick yes/no items from the drop-down list; a blank counts as No.",
    ),
    "tpl_instr_rule_ratings": (
        "评分填写 0–100 的数，可含小数；空白表示未评分。",
        "Ratings are numbers 0-100, decimals allowed; a blank means not rated.",
    ),
    "tpl_instr_rule_score_full": (
        "考核得分 = {base} + 各项次数 × 分值 + 满意率加减分：本期比基准每高 1 个百分点加 {up} 分，每低 1 个百分点减 {down} 分，只计整百分点。",
        "Quality score = {base} + each count × its points + satisfaction: {up} points per full percentage point above the baseline, minus {down} per full point below.",
    ),
    "tpl_instr_rule_score_prop": (
        "考核得分 = {base} + 各项次数 × 分值 + 满意率加减分：本期比基准每高 1 个百分点加 {up} 分，每低 1 个百分点减 {down} 分，按比例计算。",
        "Quality score = {base} + each count × its points + satisfaction: {up} points per percentage point above the baseline, minus {down} per point below, proportionally.",
    ),
    "tpl_instr_rule_disq": (
        "有下列任一情形的单位取消评选资格：{items}。",
        "A unit with any of these cannot win: {items}.",
    ),
    "tpl_instr_rule_total": (
        "综合得分 = 服务质量得分 × {wq} + 互评得分 × {wp} + 领导评议得分 × {wl}；每个场所综合得分最高的合格单位获流动红旗（{flags}）。",
        "Total = quality × {wq} + peer rating × {wp} + leadership rating × {wl}; the eligible units with the highest totals win the flags of their site ({flags}).",
    ),
    "tpl_instr_flags_site": ("{site} {n} 面", "{site}: {n}"),
    "tpl_instr_rule_return": (
        "填好后保存为 .xlsx 文件交回（可改文件名，请勿另存为其他格式）。",
        "Save the filled form as .xlsx and hand it back (the file may be renamed; keep the format).",
    ),
    "tpl_instr_items": ("考核项目与分值", "Quality items and points"),
    "tpl_instr_item_col": ("项目", "Item"),
    "tpl_instr_points_col": ("分值", "Points"),
    "tpl_instr_points_count": ("{points} 分/次", "{points} per count"),
    "tpl_instr_points_flag": ("{points} 分（选“是”时）", "{points} if Yes"),
    "tpl_instr_points_disq": ("{points} 分/次，并取消评选资格", "{points} per count, and cannot win"),
    "tpl_instr_flag_disq": ("选“是”时取消评选资格", "if Yes: cannot win"),
    "dv_error_title": ("输入有误", "Invalid entry"),
    "dv_count": ("请填写 0 或正整数（次数），空白按 0 计。", "A whole number, 0 or more; blank counts as 0."),
    "dv_count_error": ("只能填写 0 或正整数。", "Enter a whole number, 0 or more."),
    "dv_rate": (
        "请填写 0–100 的百分数（如 95.5），不带 % 号。",
        "A percentage 0-100 (e.g. 95.5), without the % sign.",
    ),
    "dv_rate_error": ("满意率必须是 0–100 之间的数。", "The rate must be a number from 0 to 100."),
    "dv_flag": ("请从下拉列表选择“是”或“否”，空白按“否”计。", "Pick Yes or No from the list; blank counts as No."),
    "dv_flag_error": ("只能选择“是”或“否”。", "Pick Yes or No."),
    "dv_rating_title": ("评分（0–100）", "Rating (0-100)"),
    "dv_rating": ("请填写 0–100 的分数，可含小数；空白表示未评分。", "A score from 0 to 100, decimals allowed; blank means not rated."),
    "dv_rating_error": ("评分必须是 0–100 之间的数。", "The rating must be a number from 0 to 100."),
    "dv_text": ("可填写说明文字（最多 255 字）。", "Free text (at most 255 characters)."),
    "dv_text_error": ("备注最多 255 字。", "Remarks are limited to 255 characters."),
    "out_dir_failed": ("无法创建输出文件夹“{dir}”：{detail}", "cannot create the output folder '{dir}': {detail}"),
    "out_write_failed": (
        "无法写入“{file}”：{detail}（如果该文件正在 Excel 或 WPS 中打开，请先关闭）",
        "cannot write '{file}': {detail} (if the file is open in Excel or WPS, close it first)",
    ),
    "key_unreadable": ("无法读取密钥文件“{file}”：{detail}", "cannot read the key file '{file}': {detail}"),
    "key_not_a_file": ("不是文件", "not a file"),
    "key_empty": ("密钥文件“{file}”是空的", "the key file '{file}' is empty"),
    "key_create_failed": ("无法创建密钥文件“{file}”：{detail}", "cannot create the key file '{file}': {detail}"),
    "tpl_cli_wrote": ("已生成 {n} 个文件：", "{n} file(s) written:"),
    "tpl_cli_key_created": (
        "已创建密钥文件 {file}：请妥善保管并备份，统计时需要用它核验表格签名。",
        "Created the key file {file}: keep it safe and back it up; tally needs it to check the forms' signatures.",
    ),
    "tpl_cli_key_env": ("使用环境变量 REDFLAG_SECRET 中的密钥签名。", "Signed with the key in REDFLAG_SECRET."),
    "init_exists": ("“{file}”已存在；如需覆盖请加 --force", "'{file}' already exists; use --force to overwrite it"),
    "init_wrote": ("已写入 {file}", "wrote {file}"),
    "init_next": (
        "修改名单和规则后运行：python -m redflag_xlsx build-template --roster {roster} --rules {rules}",
        "Edit them, then run: python -m redflag_xlsx build-template --roster {roster} --rules {rules}",
    ),
    "sheet_roster_notes": ("说明", "Notes"),
    "init_note_title": ("评选名单填写说明", "How to edit the roster"),
    "init_note_units": (
        "“{sheet}”：每行一个被考核单位。编号（如 JG01）必须唯一，且每个季度保持不变；名称、场所必填；服务类别、承包单位可不填。",
        "'{sheet}': one unit per row. The code (e.g. JG01) must be unique and stay the same every quarter; name and site are required; category and contractor are optional.",
    ),
    "init_note_leaders": (
        "“{sheet}”：每行一位评议领导。编号（如 LD01）必须唯一；姓名必填，职务可不填。",
        "'{sheet}': one leader per row. The code (e.g. LD01) must be unique; the name is required, the title optional.",
    ),
    "init_note_header": (
        "第一行是表头，请勿修改；可以增删数据行。场所名称必须与 rules.toml 中 flags_per_site 的场所一致。",
        "Row 1 is the header: keep it. Add or delete rows freely. Site names must match the sites in flags_per_site of rules.toml.",
    ),
    "init_note_next": (
        "改好后运行：python -m redflag_xlsx build-template --roster roster.xlsx --rules rules.toml",
        "Then run: python -m redflag_xlsx build-template --roster roster.xlsx --rules rules.toml",
    ),
    "rules_toml_head": (
        "服务质量流动红旗评选规则。以下是默认值（评选办法原文的数值）；修改后用 --rules rules.toml 使用。删除的参数取默认值。",
        "Rules of the service-quality red flag. These are the defaults (the numbers of the original rules); edit, then use with --rules rules.toml. A parameter left out takes its default.",
    ),
    "rules_toml.base_score": ("服务质量考核的基础分", "base of the quality score"),
    "rules_toml.satisfaction_mode": (
        "满意率加减分方式：\"full_points\" 只计整百分点，\"proportional\" 按比例（保留 2 位小数）",
        "satisfaction adjustment: \"full_points\" counts full percentage points only, \"proportional\" is linear (2 decimals)",
    ),
    "rules_toml.satisfaction_up_points": ("满意率每提高 1 个百分点的加分", "points per percentage point up"),
    "rules_toml.satisfaction_down_points": ("满意率每降低 1 个百分点的减分", "points off per percentage point down"),
    "rules_toml.peer_aggregation": (
        "互评得分的计算：\"mean\" 平均值，\"trimmed\" 去掉一个最高分和一个最低分后平均",
        "peer score: \"mean\", or \"trimmed\" (drop the highest and the lowest rating)",
    ),
    "rules_toml.leadership_aggregation": ("领导评议得分的计算：\"mean\" 或 \"trimmed\"", "leadership score: \"mean\" or \"trimmed\""),
    "rules_toml.trim_min_count": ("至少收到多少份评分时才去掉最高分和最低分", "trim only with at least this many ratings"),
    "rules_toml.peer_scope": (
        "互评范围：\"all\" 互评所有单位，\"site\" 只评本场所的单位",
        "peer rating scope: \"all\" units, or only the units of the same \"site\"",
    ),
    "rules_toml.min_coverage": ("收到的评分少于应收份数的这个比例时发出警告", "warn when fewer than this share of the ratings arrived"),
    "rules_toml.tie_break": (
        "综合得分并列时依次比较：\"quality\" 服务质量、\"leadership\" 领导评议、\"peer\" 互评",
        "tie-break order: \"quality\", \"leadership\", \"peer\"",
    ),
    "rules_toml.quality_bounds": (
        "服务质量得分的上下限 [最低, 最高]（默认不限），如：quality_bounds = [0, 120]",
        "bounds [min, max] of the quality score (default: none), e.g. quality_bounds = [0, 120]",
    ),
    "rules_toml.min_total_for_flag": (
        "获得红旗的最低综合得分（默认不限），如：min_total_for_flag = 90",
        "lowest total that can win a flag (default: none), e.g. min_total_for_flag = 90",
    ),
    "rules_toml.weights": ("综合得分的权重，三项之和必须为 1", "weights of the total; they must sum to 1"),
    "rules_toml.flags_per_site": (
        "每个场所的流动红旗数；场所名称必须与名单一致",
        "flags per site; the site names must match the roster",
    ),
    "rules_toml.items": (
        "服务质量考核项目，每项一个 [[items]]，按此顺序排列成考核表的列。points 为每次的分值（负数为扣分）；input = \"count\" 填次数，\"flag\" 填是/否（选“是”计一次）；disqualifies = true 表示次数大于 0 即取消评选资格",
        "quality items, one [[items]] each, in the order of the scoring sheet's columns. points per count (negative: deduction); input = \"count\" or \"flag\" (yes/no, Yes counts once); disqualifies = true: any count > 0 means the unit cannot win",
    ),
    "rules_toml.disqualifying_flags": (
        "取消评选资格的是/否项，每项一个 [[disqualifying_flags]]",
        "yes/no columns that disqualify a unit, one [[disqualifying_flags]] each",
    ),
    "rules_toml.reward_tiers": (
        "连续获得红旗的奖励：连续次数达到 min_streak 时的奖励分 points、奖金 bonus_yuan（元）、重新招投标优先权 priority",
        "rewards by streak: from min_streak consecutive wins, points, bonus_yuan and the re-tender priority",
    ),
    "rules_toml.unset": ("（未设置）", "(not set)"),
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
