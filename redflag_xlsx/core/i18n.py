"""The one catalog of user-facing text (sheets, messages), Chinese by default, English on request.

Every string a user reads is looked up here by key: ``t("E_OUT_OF_RANGE", value=101, ...)``.
Other modules register no text of their own; item labels alone come from :class:`Rules`
(a rules file may rename them).
"""

from __future__ import annotations

import os

# Msg, Texts and Joined, texts not yet rendered, are dataclasses in .messages: this module is
# read by the top-level --help (cli/quickhelp.py), which must not pay for dataclasses, inspect
# and typing (docs/performance.md, "Decisions").
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:  # pragma: no cover
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
    "col_rating": ("评分", "Rating"),
    "list_rater_unit": ("评分单位：", "Rating unit:"),
    "list_rater_leader": ("评分领导：", "Rater (leader):"),
    "list_rater_code": ("编号：{code}", "Code: {code}"),
    "list_signature": ("评分人签字：", "Signature of the rater:"),
    "list_date": ("日期：　　年　　月　　日", "Date:"),
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
    "cfg_no_such_file": ("文件不存在", "no such file"),
    "cfg_toml": ("{file}：TOML 格式错误：{detail}", "{file}: not valid TOML: {detail}"),
    # a rules file's mistakes (core/rules_errors.py): pydantic's error types, TOML's errors
    "cfg_at_line": ("{file} 第 {line} 行", "{file}, line {line}"),
    "cfg_toml_line": (
        "{file} 第 {line} 行：TOML 格式错误：{detail}",
        "{file}, line {line}: not valid TOML: {detail}",
    ),
    "cfg_toml_column": (
        "{file} 第 {line} 行第 {column} 列：TOML 格式错误：{detail}",
        "{file}, line {line}, column {column}: not valid TOML: {detail}",
    ),
    "cfg_toml.value": ("等号后的值写法不对（文字要加英文引号，数字不加）", "{english}"),
    "cfg_toml.twice": ("同一个参数或表写了两次", "{english}"),
    "cfg_toml.equals": ("参数名后缺少等号“=”", "{english}"),
    "cfg_toml.table": ("表名缺少结尾的方括号“]”", "{english}"),
    "cfg_toml.quote": ("文字缺少结尾的引号", "{english}"),
    "cfg_toml.key": ("参数名的写法不对（只用字母、数字、下划线，或加引号）", "{english}"),
    "cfg_toml.statement": ("这一行既不是“参数 = 值”，也不是“[表名]”", "{english}"),
    "cfg_toml.newline": ("一行只能写一个“参数 = 值”，值后面只能跟 # 注释", "{english}"),
    "cfg_toml.array": ("列表缺少结尾的方括号“]”", "{english}"),
    "cfg_toml.inline": ("花括号中的表缺少结尾的“}}”", "{english}"),
    "cfg_toml.character": ("这里有一个不允许的字符", "{english}"),
    "cfg_toml.other": ("此处的写法不符合 TOML 格式", "{english}"),
    "cfg_pyd.float_parsing": ("应为数字，“{input}”不是数字", "should be a number, not '{input}'"),
    "cfg_pyd.int_parsing": (
        "应为整数，“{input}”不是整数",
        "should be a whole number, not '{input}'",
    ),
    "cfg_pyd.bool_parsing": ("应为 true 或 false", "should be true or false"),
    "cfg_pyd.string_type": ("应为加引号的文字", "should be a text in quotes"),
    "cfg_pyd.literal_error": ("只能是 {expected}", "should be one of {expected}"),
    "cfg_pyd.greater_than_equal": ("不能小于 {ge}", "should be at least {ge}"),
    "cfg_pyd.greater_than": ("应大于 {gt}", "should be more than {gt}"),
    "cfg_pyd.less_than_equal": ("不能大于 {le}", "should be at most {le}"),
    "cfg_pyd.less_than": ("应小于 {lt}", "should be less than {lt}"),
    "cfg_pyd.missing": ("缺少此参数", "is required"),
    "cfg_pyd.dict_type": (
        "应为一个表（[表名] 或 {{ … }}）",
        "should be a table ([name] or {{ … }})",
    ),
    "cfg_pyd.list_type": ("应为列表（[ … ]）", "should be a list ([ … ])"),
    "cfg_pyd.too_short": ("至少要有 {min_length} 项", "should have at least {min_length} entries"),
    "cfg_pyd.too_long": ("至多只能有 {max_length} 项", "should have at most {max_length} entries"),
    "cfg_pyd.value_error": ("值无效：{detail}", "invalid: {detail}"),
    "cfg_pyd.other": ("值不符合要求", "{english}"),
    # --- scoring review (rules.py, scoring.py, results_report.py) ---
    "cfg_lonely_site": (
        'peer_scope = "site"：场所“{site}”只有 1 个单位（{unit}），没有其他单位能为它互评，'
        '它将没有综合得分；请改为 peer_scope = "all"，或在该场所增加单位',
        "peer_scope = \"site\": site '{site}' has a single unit ({unit}), which no other unit "
        'can rate, so it would get no total; use peer_scope = "all", or add units to that site',
    ),
    "cfg_tier_repeated": (
        "连续获得次数 {streak} 出现了不止一次",
        "min_streak {streak} appears more than once",
    ),
    "cfg_bounds_order": (
        "下限 {low} 大于上限 {high}",
        "the minimum {low} exceeds the maximum {high}",
    ),
    "cfg_bound_not_finite": (
        "下限须为数字或 -inf（不限），上限须为数字或 inf（不限）",
        "the minimum must be a number or -inf (none), the maximum a number or inf (none)",
    ),
    "res_note_tiebreak": (
        "综合得分并列，依次比较{order}后确定",
        "tied on the total: decided by comparing {order}, in that order",
    ),
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
        "{file}：工作表“{sheet}”的前 {rows} 行中找不到表头（缺少“{header}”）",
        "{file}: sheet '{sheet}' has no header row in its first {rows} rows ('{header}' is missing)",
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
    # --- demo ------------------------------------------------------------------------------------
    "demo_forms": ("已生成 {n} 份空白表格：{dir}", "{n} blank form(s) written: {dir}"),
    "demo_filled": (
        "已用示例数据填写 {n} 份表格：{dir}",
        "{n} form(s) filled with sample data: {dir}",
    ),
    # --- command-line help (cli.localize_help): Chinese texts; English is each command's docstring
    "help.cli": (
        "服务质量流动红旗 —— 用普通电子表格完成每季度的评选。\n\n\b\n一个季度的工作：\n"
        "  python -m redflag_xlsx init                  # 生成名单 roster.xlsx 和规则 rules.toml\n"
        "  python -m redflag_xlsx build-template        # 生成下发的表格\n"
        "  python -m redflag_xlsx validate 回收表格      # 检查交回的表格\n"
        "  python -m redflag_xlsx tally 回收表格         # 计算结果\n\n"
        "命令后加 --help 查看说明；--lang en 或 REDFLAG_LANG=en 显示英文。",
        "",
    ),
    "help.init": (
        "生成可编辑的名单 roster.xlsx（示例名单）和规则 rules.toml（《意见》的规则），"
        "以及 winners.xlsx（填写使用本工具之前各季度的获奖单位，用 history --import 导入）。\n\n"
        "已有文件不会被覆盖（除非加 --force）。\n\n\b\n示例：\n  python -m redflag_xlsx init 评选设置",
        "",
    ),
    "help.build-template": (
        "生成一个季度的空白表格（带签名）。\n\n"
        "默认生成一个合并的 红旗评选_<季度>.xlsx（填表说明、服务质量考核、单位互评、领导评议）；"
        "加 --split 则每个填表人一份；加 --register 同时生成检查记录台账_<季度>.xlsx。\n\n\b\n示例：\n"
        "  python -m redflag_xlsx build-template --roster roster.xlsx --period 2026Q4 --out 下发表格 --split\n"
        "  python -m redflag_xlsx build-template --period 2026Q4 --out 下发表格 --register",
        "",
    ),
    "help.validate": (
        "检查交回的表格：列出每个填错的单元格（文件、工作表、单元格）和改法。\n\n"
        "可指定文件或文件夹；不会改动任何文件。有错误时退出码为 1，否则为 0。\n\n\b\n示例：\n"
        "  python -m redflag_xlsx validate 回收表格\n"
        "  python -m redflag_xlsx validate 回收表格 --annotate 退回修改",
        "",
    ),
    "help.tally": (
        "计算评选结果：生成结果工作簿、各场所排名，并记入历史记录。\n\n"
        "生成 红旗评选结果_<季度>.xlsx（得分均为公式、获旗单位、奖励、公示），"
        "并在其旁的 redflag_history.db 中记录本季度（用于连续获旗次数和基准满意率）。\n\n\b\n示例：\n"
        "  python -m redflag_xlsx tally 回收表格 --out 结果\n"
        "  python -m redflag_xlsx tally 回收表格 --out 结果 --award XZ03 --force",
        "",
    ),
    "help.history": (
        "查看历史记录：每个单位各季度的综合得分、获旗情况和当前连续获旗次数。\n\n"
        "★ 流动红旗，☆ 并列待定，— 未参评。\n\n\b\n示例：\n"
        "  python -m redflag_xlsx history --history 结果/redflag_history.db --export 历史记录.xlsx\n"
        "  python -m redflag_xlsx history --import winners.xlsx --roster roster.xlsx\n"
        "  python -m redflag_xlsx history --priority-used JG02 --reason 2027年3月重新招投标时已使用",
        "",
    ),
    "help.demo": (
        "用示例名单和示例数据演示一个完整季度：生成表格、填写、检查、计算。\n\n"
        "在 --out 文件夹中写入空白表格（forms/）、填好的表格（filled/）、结果工作簿和历史记录。\n\n"
        "\b\n示例：\n  python -m redflag_xlsx demo --out 演示",
        "",
    ),
    "help.opt.lang": ("界面和表格的语言（默认：REDFLAG_LANG，否则中文）。", ""),
    "help.opt.period": ("季度，如 2026Q4。", ""),
    "help.opt.roster_path": ("名单文件（.xlsx 或 .toml）。默认：表格中记录的名单。", ""),
    "help.opt.rules_path": ("规则文件（TOML，见 init）。", ""),
    "help.opt.key_file": (
        "密钥文件（默认：当前文件夹的 .redflag-key；设置了 REDFLAG_SECRET 时以其为准）。",
        "",
    ),
    "help.opt.recursive": ("也读取子文件夹中的表格。", ""),
    "help.opt.annotate_dir": (
        "把有问题的文件复制到此文件夹：出错单元格标红并加批注，用于退回修改。",
        "",
    ),
    "help.opt.force": ("覆盖已有文件。", ""),
    "help.opt.out": ("输出位置。", ""),
    "help.opt.split": ("分发版：每个单位、每位领导各一份表格。", ""),
    "help.opt.history_path": ("历史记录文件（默认：结果旁的 redflag_history.db）。", ""),
    "help.init.force": ("覆盖已有的 roster.xlsx、rules.toml 和 winners.xlsx。", ""),
    "help.build-template.roster_path": (
        "名单文件（.xlsx 或 .toml，见 init）。默认：内置示例名单。",
        "",
    ),
    "help.build-template.period": ("季度，如 2026Q4。默认：当前季度。", ""),
    "help.build-template.out_dir": ("存放表格的文件夹（不存在时自动创建）。", ""),
    "help.build-template.key_file": (
        "签名用的密钥文件（默认：当前文件夹的 .redflag-key，没有时自动创建）。",
        "",
    ),
    "help.build-template.deadline": ("交表截止时间，显示在填表说明中。", ""),
    "help.build-template.only": (
        "只生成这些表格（单位编号、领导编号，或 scoring 表示服务质量考核表；可重复）：与完整生成的文件逐字节相同，用于补发遗失的表格。隐含 --split。",
        "",
    ),
    "help.build-template.history_path": (
        "历史记录文件：用其中上一季度的本期满意率预先填好基准满意率（仍可修改）。",
        "",
    ),
    "help.validate.as_json": ("以 JSON 格式输出检查结果。", ""),
    "help.validate.period": ("季度，如 2026Q4。默认：服务质量考核表中的季度。", ""),
    "help.validate.history_path": (
        "历史记录文件：基准满意率为空时采用其中上一季度的本期满意率。默认：与不带 --out 的 tally 相同，即当前文件夹中的 redflag_history.db（存在时）。",
        "",
    ),
    "help.validate.partial": ("只检查给出的文件，不检查本季度是否收齐（缺表、缺评分）。", ""),
    "help.tally.out": ("结果文件（.xlsx）或文件夹（不存在时自动创建）。默认：当前文件夹。", ""),
    "help.tally.period": ("季度，如 2026Q4。默认：服务质量考核表中的季度。", ""),
    "help.tally.no_history": ("不使用历史记录：获旗单位的连续次数均按 1 计，也不记录本季度。", ""),
    "help.tally.awards": ("领导对并列待定的决定：该单位获得流动红旗（可写多次）。", ""),
    "help.tally.force": ("覆盖已有的结果文件。", ""),
    "help.tally.allow_errors": ("输入有错误时也生成结果草稿（不记入历史记录）。", ""),
    "help.history.history_path": ("历史记录文件（默认：当前文件夹的 redflag_history.db）。", ""),
    "help.history.export_path": ("同时把全部历史导出为工作簿（.xlsx）。", ""),
    "help.history.force": ("覆盖已有的导出文件。", ""),
    "help.history.remove_period": (
        "从历史记录中删除一个季度（例如用错了 --period），并重新计算以后各季度的连续次数。",
        "",
    ),
    "help.demo.out": ("存放表格、填好的表格、结果和历史记录的文件夹。", ""),
    "help.demo.period": ("季度，如 2026Q4。默认：当前季度。", ""),
    # --- click's own texts (cli/clicktext.py): key "click:" + click's English; en "" = click's own
    "click:Usage:": ("用法:", ""),
    "click:Options": ("选项", ""),
    "click:Commands": ("命令", ""),
    "click:Positional arguments": ("位置参数", ""),
    "click:Show this message and exit.": ("显示本帮助后退出。", ""),
    "click:Show the version and exit.": ("显示版本号后退出。", ""),
    "click:%(prog)s, version %(version)s": ("%(prog)s，版本 %(version)s", ""),
    "click:Error: {message}": ("错误：{message}", ""),
    "click:Try '{command} {option}' for help.": ("运行“{command} {option}”查看说明。", ""),
    "click:Aborted!": ("已中止。", ""),
    "click:Missing command.": ("缺少命令。", ""),
    "click:Missing argument": ("缺少参数", ""),
    "click:Missing option": ("缺少选项", ""),
    "click:Missing parameter": ("缺少参数", ""),
    "click:Missing {param_type}": ("缺少{param_type}", ""),
    "click:Missing parameter: {param_name}": ("缺少参数：{param_name}", ""),
    "click:No such option {name!r}.": ("没有选项 {name}。", ""),
    "click:No such command {name!r}.": ("没有命令“{name}”。", ""),
    "click:Did you mean {possibility}?": ("是否想输入 {possibility}？", ""),
    "click:(Did you mean one of: {possibilities}?)": (
        "（是否想输入其中之一：{possibilities}？）",
        "",
    ),
    "click:Got unexpected extra argument ({args})": ("多余的参数（{args}）", ""),
    "click:Got unexpected extra arguments ({args})": ("多余的参数（{args}）", ""),
    "click:Invalid value for {param_hint}: {message}": ("{param_hint} 的值无效：{message}", ""),
    "click:Invalid value: {message}": ("值无效：{message}", ""),
    "click:Option {name!r} does not take a value.": ("选项 {name} 后不能跟值。", ""),
    "click:Option {name!r} requires an argument.": ("选项 {name} 后须跟一个值。", ""),
    "click:Option {name!r} requires {nargs} arguments.": ("选项 {name} 后须跟 {nargs} 个值。", ""),
    "click:Argument {name!r} takes {nargs} values.": ("参数 {name} 须有 {nargs} 个值。", ""),
    "click:Invalid start character for option ({option})": ("选项的开头字符无效（{option}）", ""),
    "click:Takes {nargs} values but 1 was given.": ("须有 {nargs} 个值，只给了 1 个。", ""),
    "click:Takes {nargs} values but {len} were given.": ("须有 {nargs} 个值，给了 {len} 个。", ""),
    "click:{value!r} is not {choice}.": ("“{value}”无效，只能是 {choice}。", ""),
    "click:{value!r} is not one of {choices}.": ("“{value}”无效，只能是 {choices} 之一。", ""),
    "click:Choose from:\n\t{choices}": ("可选：\n\t{choices}", ""),
    "click:{value!r} is not a valid {number_type}.": ("“{value}”不是有效的数字。", ""),
    "click:{value} is not in the range {range}.": ("{value} 不在范围 {range} 内。", ""),
    "click:{value!r} is not a valid boolean. Recognized values: {states}": (
        "“{value}”不是有效的是/否值。可用：{states}",
        "",
    ),
    "click:{value!r} does not match the format {format}.": ("“{value}”不符合格式 {format}。", ""),
    "click:{value!r} does not match the formats {formats}.": (
        "“{value}”不符合以下任一格式：{formats}。",
        "",
    ),
    "click:{len_type} values are required, but {len_value} was given.": (
        "须有 {len_type} 个值，给了 {len_value} 个。",
        "",
    ),
    "click:{len_type} values are required, but {len_value} were given.": (
        "须有 {len_type} 个值，给了 {len_value} 个。",
        "",
    ),
    "click:{value!r} is not a valid UUID.": ("“{value}”不是有效的 UUID。", ""),
    "click:file": ("文件", ""),
    "click:directory": ("文件夹", ""),
    "click:path": ("路径", ""),
    "click:{name} {filename!r} does not exist.": ("{name}“{filename}”不存在。", ""),
    "click:{name} {filename!r} is a file.": ("{name}“{filename}”是文件，不是文件夹。", ""),
    "click:{name} {filename!r} is a directory.": ("{name}“{filename}”是文件夹，不是文件。", ""),
    "click:{name} {filename!r} is not readable.": ("{name}“{filename}”无法读取。", ""),
    "click:{name} {filename!r} is not writable.": ("{name}“{filename}”无法写入。", ""),
    "click:{name} {filename!r} is not executable.": ("{name}“{filename}”不能执行。", ""),
    "click:Could not open file {filename!r}: {message}": (
        "无法打开文件“{filename}”：{message}",
        "",
    ),
    "click:unknown error": ("未知错误", ""),
    "click:default: {default}": ("默认：{default}", ""),
    "click:env var: {var}": ("环境变量：{var}", ""),
    "click:(dynamic)": ("（动态）", ""),
    "click:required": ("必填", ""),
    "click:deprecated": ("已弃用", ""),
    "click:Do you want to continue?": ("是否继续？", ""),
    "click:Confirm the action without prompting.": ("不经询问直接执行。", ""),
    "click:Press any key to continue...": ("按任意键继续……", ""),
    "click:Repeat for confirmation": ("再输入一次以确认", ""),
    "click:Error: The two entered values do not match.": ("错误：两次输入的值不一致。", ""),
    "click:Error: invalid input": ("错误：输入无效", ""),
    "click:Value must be an iterable.": ("值必须是一组值。", ""),
    # the names of our options' values in usage lines and help (cli.RedflagCommand)
    "click.options_metavar": ("[选项]", "[OPTIONS]"),
    "click.subcommand_metavar": ("命令 [参数]...", "COMMAND [ARGS]..."),
    # the foot of every rating form's print area (forms/templates.py)
    "tpl_sign_peer": (
        "评分单位负责人（签字）：＿＿＿＿＿＿＿＿＿＿　　日期：＿＿＿＿年＿＿月＿＿日",
        "Signed for the rating unit: ____________________    Date: ______________",
    ),
    "tpl_sign_leadership": (
        "评议领导（签字）：＿＿＿＿＿＿＿＿＿＿　　日期：＿＿＿＿年＿＿月＿＿日",
        "Signed by the leader: ____________________    Date: ______________",
    ),
    "metavar.paths": ("文件或文件夹", ""),
    "metavar.period": ("季度", ""),
    "metavar.awards": ("单位编号", ""),
    "metavar.only": ("编号", ""),
    "metavar.deadline": ("日期", ""),
    "metavar.doc_date": ("日期", ""),
    "metavar.remove_period": ("季度", ""),
    "metavar.priority_used": ("单位编号", ""),
    "metavar.reason": ("说明", ""),
    "metavar.host": ("地址", ""),
    "metavar.port": ("端口", ""),
    "metavar.token": ("口令", ""),
    "metavar.type.text": ("文本", ""),
    "metavar.type.integer range": ("整数", ""),
    "metavar.type.integer": ("整数", ""),
    "metavar.type.float": ("数字", ""),
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
    "ledger_recorded": (
        "历史记录：已记录 {period}（{file}）",
        "History: {period} recorded ({file})",
    ),
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
    # --- the quarter as a case (ledger/case.py, store.py, workflow.approve, history --period) ----
    "ledger_revised": (
        "历史记录：已记录 {period} 第 {n} 版（{file}）",
        "History: {period} recorded as revision {n} ({file})",
    ),
    "ledger_revised_changes": (
        "与第 {prev} 版相比有 {count} 处输入改动；原因：{reason}",
        "{count} input value(s) changed since revision {prev}; reason: {reason}",
    ),
    "ledger_inputs_unknown": (
        "第 {prev} 版记录时历史记录尚不保存各项输入，无法列出改动",
        "revision {prev} was recorded before the ledger kept the inputs: the changes cannot be listed",
    ),
    "ledger_unchanged": (
        "历史记录：{period} 的输入和结果与第 {n} 版相同，未新增修订（{file}）",
        "History: the inputs and results of {period} are those of revision {n}; no new revision ({file})",
    ),
    "ledger_approval_void": (
        "第 {prev} 版是局领导审定的结果；本次统计的结果为拟定，须重新审定（approve {period}）",
        "revision {prev} was approved by the bureau's leaders; this tally is a proposal again and needs their approval (approve {period})",
    ),
    "ledger_approved": (
        "历史记录：已记录局领导对 {period} 的审定（第 {n} 版，{file}）",
        "History: the leaders' approval of {period} recorded (revision {n}, {file})",
    ),
    "ledger_changed_meanwhile": (
        "{file}：统计期间另一次运行已记录了 {period}，本次未做任何改动，请重新运行",
        "{file}: another run recorded {period} while this one was working; nothing was changed, run it again",
    ),
    "retally_needs_reason": (
        "{period} 的输入与历史记录中的第 {n} 版不同（{count} 处），须用 --reason 说明原因（如申诉结果、更正后的表格）；未做任何改动。改动：\n{changes}",
        "the inputs of {period} differ from revision {n} in the ledger ({count} value(s)): give the reason with --reason (an appeal's outcome, a corrected form); nothing was changed. Changes:\n{changes}",
    ),
    "chg_line": ("{unit} {what}：{old} → {new}{source}", "{unit} {what}: {old} → {new}{source}"),
    "chg_source": ("（{file} {sheet}!{cell}）", " ({file} {sheet}!{cell})"),
    "chg_blank": ("（空）", "(blank)"),
    "chg_what_peer": ("互评（评分单位 {rater}）", "peer rating by {rater}"),
    "chg_what_leadership": ("领导评议（{rater}）", "leadership rating by {rater}"),
    "chg_what_event": ("检查记录：{item}", "register event: {item}"),
    "chg_more": ("……另有 {n} 处", "... and {n} more"),
    "case_no_inputs": (
        "{file}：{period} 记录于 {at}，当时历史记录还不保存各项输入（表格中的每个值及其单元格），因此无法仅凭历史记录审定或重新生成该季度的结果（approve、report）；请用原来的表格重新统计该季度（tally），之后即可审定",
        "{file}: {period} was recorded on {at}, before the ledger kept the inputs (every value of the forms and its cell), so it cannot be approved or rendered from the ledger alone (approve, report); tally the quarter again from its forms, then approve it",
    ),
    "case_no_period": (
        "历史记录 {file} 中没有 {period}（已统计的季度：{periods}）；请先统计该季度（tally）",
        "the ledger {file} has no {period} (tallied quarters: {periods}); tally that quarter first",
    ),
    "case_none": ("无", "none"),
    "decide_unknown": ("{code}：名单中没有该单位", "{code}: no such unit"),
    "decide_ineligible": (
        "{code} 不能获得流动红旗（{reasons}）：不参评的单位不能审定为获奖单位",
        "{code} cannot get the flag ({reasons}): a unit that does not take part cannot be awarded",
    ),
    "decide_withhold_not_winner": (
        "--withhold {code}：该单位不是拟定的获奖单位",
        "--withhold {code}: this unit is not a proposed winner",
    ),
    "decide_needs_reason": (
        "{code}：授予排名之外的单位或撤销拟定的获奖单位，与排名不同，须用 --reason 说明原因",
        "{code}: awarding a unit outside the proposal or withholding a proposed winner departs from the ranking; give the reason with --reason",
    ),
    "decide_too_many": (
        "场所“{site}”只有 {flags} 面红旗，审定后却有这些获奖单位：{units}；请同时用 --withhold 撤销其中的单位",
        "site '{site}' has {flags} flag(s), but the approval would give them to {units}; withhold one with --withhold",
    ),
    "approve_tie_open": (
        "{period}：场所“{site}”的 {units} 并列待定，审定时须用 --award 指定获得红旗的单位；未做任何改动",
        "{period}: {units} at '{site}' are tied; name the winner(s) with --award to approve; nothing was changed",
    ),
    "report_not_ours": (
        "{file} 不是本程序写出的文件，未覆盖，也未做任何改动；请用 --out 指定其他文件夹",
        "{file} was not written by this program: not replaced, nothing changed; choose another folder with --out",
    ),
    "approve_not_results": (
        "{file} 不是本程序写出的结果工作簿，未覆盖，也未审定；请用 --out 指定其他文件夹",
        "{file} is not a results workbook written by this program: not replaced, nothing approved; choose another folder with --out",
    ),
    "approve_award": (
        "{code} {name}：经局领导审定授予流动红旗（原因：{reason}）",
        "{code} {name}: awarded the flag by the leaders' approval (reason: {reason})",
    ),
    "approve_withhold": (
        "{code} {name}：经局领导审定不授予流动红旗（原因：{reason}）",
        "{code} {name}: flag withheld by the leaders' approval (reason: {reason})",
    ),
    "state_proposed": ("拟定（待局领导审定）", "proposed (awaiting the leaders' approval)"),
    "state_approved": ("已审定（经局领导审定）", "approved by the bureau's leaders"),
    "rev_kind_tally": ("统计", "tally"),
    "rev_kind_approve": ("审定", "approval"),
    "dec_award": ("{unit} 获得流动红旗", "{unit} gets the flag"),
    "dec_withhold": ("{unit} 不授予流动红旗", "{unit}: flag withheld"),
    "dec_reason": ("{decision}（{reason}）", "{decision} ({reason})"),
    "hist_rev_head": (
        "{period} 的修订记录（{file}）：共 {count} 版，当前{state}",
        "Revisions of {period} ({file}): {count}, now {state}",
    ),
    "hist_rev_line": ("第 {n} 版  {at}  {kind}", "Revision {n}  {at}  {kind}"),
    "hist_rev_reason": ("原因：{reason}", "reason: {reason}"),
    "hist_rev_decisions": ("决定：{decisions}", "decisions: {decisions}"),
    "hist_rev_changes": ("输入改动 {count} 处：", "{count} input value(s) changed:"),
    "hist_rev_no_inputs": (
        "（该版记录时历史记录尚不保存各项输入）",
        "(recorded before the ledger kept the inputs)",
    ),
    "help.approve": (
        "记录局领导的审定：仅凭历史记录（不需要表格）确定本季度的获奖单位，并重新生成结果工作簿。\n\n"
        "--award 决定并列待定；授予排名之外的单位（--award）或撤销拟定的获奖单位（--withhold）"
        "须用 --reason 说明原因。审定作为新的一版记入历史记录，以后各季度的连续获旗次数随之更新。"
        "\n\n\b\n示例：\n"
        "  python -m redflag_xlsx approve 2026Q4 --history 结果/redflag_history.db\n"
        "  python -m redflag_xlsx approve 2026Q4 --history 结果/redflag_history.db --award XZ03",
        "",
    ),
    "help.report": (
        "仅凭历史记录（不需要表格）重新生成某季度的结果：结果工作簿（含修订记录），加 --pdf 时还有"
        "公示、各单位成绩通知单和奖金发放表，按该季度最新一版（拟定或已审定）。本程序以前写出的同名文件"
        "会被替换；历史记录不变。"
        "\n\n\b\n示例：\n"
        "  python -m redflag_xlsx report 2026Q4 --history 结果/redflag_history.db --pdf\n"
        "  python -m redflag_xlsx report 2026Q4 --history 结果/redflag_history.db --out 补印 --pdf",
        "",
    ),
    "help.report.history_path": ("历史记录文件（默认：当前文件夹的 redflag_history.db）。", ""),
    "help.report.out": ("写出文件的文件夹（默认：历史记录所在文件夹）。", ""),
    "report_state_proposed": (
        "{period}：按历史记录第 {n} 版（拟定，待局领导审定）重新生成",
        "{period}: written again from revision {n} of the ledger (proposed, awaiting the leaders' approval)",
    ),
    "report_state_approved": (
        "{period}：按历史记录第 {n} 版（已经局领导审定）重新生成",
        "{period}: written again from revision {n} of the ledger (approved by the bureau's leaders)",
    ),
    "help.approve.awards": (
        "获得流动红旗的单位：决定并列待定，或（须 --reason）授予排名之外的单位（可写多次）。",
        "",
    ),
    "help.approve.withholds": ("不授予流动红旗的拟定获奖单位（须 --reason，可写多次）。", ""),
    "help.approve.reason": ("审定的原因（与排名不同的决定时必填）。", ""),
    "help.approve.history_path": ("历史记录文件（默认：当前文件夹的 redflag_history.db）。", ""),
    "help.approve.out": ("重新生成的结果工作簿所在文件夹（默认：历史记录所在文件夹）。", ""),
    "help.tally.reason": (
        "重新统计且输入与历史记录中的上一版不同时必填：改动的原因（如申诉结果、更正的表格）。",
        "",
    ),
    "help.history.period": ("显示该季度的各版修订：时间、类型、原因、决定和每一处改动。", ""),
    "xsheet_revisions": ("修订记录", "Revisions"),
    "xrev_title": ("修订记录", "Revisions"),
    "xrev_info": (
        "每个季度的每一版：时间、类型（统计或审定）、原因、决定，以及每一处改动的输入（单位、项目或评分人、原值 → 新值、来源单元格）",
        "Every revision of every quarter: time, kind (tally or approval), reason, decisions, and every changed input (unit, item or rater, old → new, source cell)",
    ),
    "xrev_col_period": ("期间", "Period"),
    "xrev_col_number": ("版本", "Revision"),
    "xrev_col_at": ("时间", "Time"),
    "xrev_col_kind": ("类型", "Kind"),
    "xrev_col_state": ("状态", "State"),
    "xrev_col_reason": ("原因", "Reason"),
    "xrev_col_decisions": ("决定", "Decisions"),
    "xrev_col_unit": ("单位编号", "Unit"),
    "xrev_col_what": ("项目或评分人", "Item or rater"),
    "xrev_col_old": ("原值", "Old"),
    "xrev_col_new": ("新值", "New"),
    "xrev_col_source": ("来源", "Source"),
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
    "tpl_instr_who_list_peer": (
        "“{sheet}”：表中每一行是本单位要评分的一个单位（本单位自己不在表中），请在“评分”列为每个单位打分（0–100，可含小数）。",
        "'{sheet}': each row is a unit you rate (your own unit is not listed); type a rating 0-100 (decimals allowed) in the Rating column of every row.",
    ),
    "tpl_instr_who_list_peer_site": (
        "“{sheet}”：表中每一行是与本单位同一场所、本单位要评分的一个单位（本单位自己不在表中），请在“评分”列为每个单位打分（0–100，可含小数）。",
        "'{sheet}': each row is a unit of your own site that you rate (your own unit is not listed); type a rating 0-100 (decimals allowed) in the Rating column of every row.",
    ),
    "tpl_instr_who_list_leadership": (
        "“{sheet}”：表中每一行是一个被考核单位，请在“评分”列为每个单位打分（0–100，可含小数）。",
        "'{sheet}': each row is a unit to rate; type a rating 0-100 (decimals allowed) in the Rating column of every row.",
    ),
    "tpl_instr_list_sign": (
        "如需留存纸质表，打印后请在表尾“评分人签字”处签字并填写日期。",
        "If a signed paper copy is kept, sign and date it at the foot of the printed form.",
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
    "tpl_instr_points_disq": (
        "{points} 分/次，并取消评选资格",
        "{points} per count, and cannot win",
    ),
    "tpl_instr_flag_disq": ("选“是”时取消评选资格", "if Yes: cannot win"),
    "dv_error_title": ("输入有误", "Invalid entry"),
    "dv_count": (
        "请填写 0 或正整数（次数），空白按 0 计。",
        "A whole number, 0 or more; blank counts as 0.",
    ),
    "dv_count_error": ("只能填写 0 或正整数。", "Enter a whole number, 0 or more."),
    "dv_rate": (
        "请填写 0–100 的百分数（如 95.5），不带 % 号。",
        "A percentage 0-100 (e.g. 95.5), without the % sign.",
    ),
    "dv_rate_error": ("满意率必须是 0–100 之间的数。", "The rate must be a number from 0 to 100."),
    "dv_flag": (
        "请从下拉列表选择“是”或“否”，空白按“否”计。",
        "Pick Yes or No from the list; blank counts as No.",
    ),
    "dv_flag_error": ("只能选择“是”或“否”。", "Pick Yes or No."),
    "dv_rating_title": ("评分（0–100）", "Rating (0-100)"),
    "dv_rating": (
        "请填写 0–100 的分数，可含小数；空白表示未评分。",
        "A score from 0 to 100, decimals allowed; blank means not rated.",
    ),
    "dv_rating_error": (
        "评分必须是 0–100 之间的数。",
        "The rating must be a number from 0 to 100.",
    ),
    "dv_text": ("可填写说明文字（最多 255 字）。", "Free text (at most 255 characters)."),
    "dv_text_error": ("备注最多 255 字。", "Remarks are limited to 255 characters."),
    "out_dir_failed": (
        "无法创建输出文件夹“{dir}”：{detail}",
        "cannot create the output folder '{dir}': {detail}",
    ),
    "out_write_failed": (
        "无法写入“{file}”：{detail}（如果该文件正在 Excel 或 WPS 中打开，请先关闭）",
        "cannot write '{file}': {detail} (if the file is open in Excel or WPS, close it first)",
    ),
    "tpl_filename_clash": (
        '编号“{a}”和“{b}”会生成同名文件“{file}”（Windows 不区分大小写，且文件名中不能有 <>:"/\\|?*），请修改其中一个编号',
        "codes '{a}' and '{b}' give the same file name '{file}' (Windows ignores case and forbids <>:\"/\\|?* in names); change one of them",
    ),
    # --- templates (templates.py): grid width, split site-scope peer forms ---
    "tpl_too_many_units": (
        "名单有 {units} 个单位，“{sheet}”表需要 {columns} 列，超过 Excel 工作表最多 {limit} 列的上限"
        "（最多 {most} 个单位）。请把名单拆成几份较小的名单（例如按场所分组），分别生成表格和汇总",
        "the roster has {units} units: the '{sheet}' sheet would need {columns} columns, more than"
        " the {limit} columns an Excel sheet can have (at most {most} units). Split the roster into"
        " smaller rosters (for example by groups of sites) and build and tally each on its own",
    ),
    "tpl_instr_who_peer_site_split": (
        "“{sheet}”：在本单位的一行为同一场所的其他单位打分（0–100，可含小数）；表中只列出本场所的单位，"
        "灰色单元格是本单位自己，不打分。",
        "'{sheet}': in your own row, rate the other units of your own site 0-100 (decimals"
        " allowed); only the units of your site are listed, the grey cell is your own unit.",
    ),
    "out_not_a_dir": ("同名文件已存在，不是文件夹", "a file of that name exists"),
    "key_unreadable": (
        "无法读取密钥文件“{file}”：{detail}",
        "cannot read the key file '{file}': {detail}",
    ),
    "key_not_a_file": ("不是文件", "not a file"),
    "key_empty": ("密钥文件“{file}”是空的", "the key file '{file}' is empty"),
    "key_create_failed": (
        "无法创建密钥文件“{file}”：{detail}",
        "cannot create the key file '{file}': {detail}",
    ),
    "tpl_cli_wrote": ("已生成 {n} 个文件：", "{n} file(s) written:"),
    "tpl_cli_key_created": (
        "已创建密钥文件 {file}：请妥善保管并备份，统计时需要用它核验表格签名。",
        "Created the key file {file}: keep it safe and back it up; tally needs it to check the forms' signatures.",
    ),
    "tpl_cli_key_env": (
        "使用环境变量 REDFLAG_SECRET 中的密钥签名。",
        "Signed with the key in REDFLAG_SECRET.",
    ),
    "init_exists": (
        "“{file}”已存在；如需覆盖请加 --force",
        "'{file}' already exists; use --force to overwrite it",
    ),
    "init_wrote": ("已写入 {file}", "wrote {file}"),
    "init_next": (
        "修改名单和规则后运行：python -m redflag_xlsx build-template --roster {roster} --rules {rules}",
        "Edit them, then run: python -m redflag_xlsx build-template --roster {roster} --rules {rules}",
    ),
    "sheet_roster_notes": ("说明", "Notes"),
    "init_note_title": ("评选名单填写说明", "How to edit the roster"),
    "init_note_units": (
        '“{sheet}”：每行一个被考核单位。编号（如 JG01）必须唯一，且每个季度保持不变；名称、场所必填；服务类别、承包单位、基准满意率可不填。没有承包单位的是自有单位（如物业管理处工程部），不享有重新招投标优先权；承包单位变更后连续获得次数重新计算。基准满意率（0–100）仅在 rules.toml 设置 satisfaction_baseline = "fixed" 时使用。',
        "'{sheet}': one unit per row. The code (e.g. JG01) must be unique and stay the same every quarter; name and site are required; category, contractor and baseline satisfaction are optional. A unit without a contractor is in-house (e.g. 物业管理处工程部) and has no re-tender priority; when the contractor changes, the streak of wins starts again. The baseline satisfaction (0-100) is used only with satisfaction_baseline = \"fixed\" in rules.toml.",
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
        '满意率加减分方式："full_points" 只计整百分点，"proportional" 按比例（保留 2 位小数）',
        'satisfaction adjustment: "full_points" counts full percentage points only, "proportional" is linear (2 decimals)',
    ),
    "rules_toml.satisfaction_up_points": (
        "满意率每提高 1 个百分点的加分",
        "points per percentage point up",
    ),
    "rules_toml.satisfaction_down_points": (
        "满意率每降低 1 个百分点的减分",
        "points off per percentage point down",
    ),
    "rules_toml.peer_aggregation": (
        '互评得分的计算："mean" 平均值，"trimmed" 去掉一个最高分和一个最低分后平均',
        'peer score: "mean", or "trimmed" (drop the highest and the lowest rating)',
    ),
    "rules_toml.leadership_aggregation": (
        '领导评议得分的计算："mean" 或 "trimmed"',
        'leadership score: "mean" or "trimmed"',
    ),
    "rules_toml.trim_min_count": (
        "至少收到多少份评分时才去掉最高分和最低分",
        "trim only with at least this many ratings",
    ),
    "rules_toml.peer_scope": (
        '互评范围："all" 互评所有单位，"site" 只评本场所的单位',
        'peer rating scope: "all" units, or only the units of the same "site"',
    ),
    "rules_toml.min_coverage": (
        "收到的评分少于应收份数的这个比例时发出警告",
        "warn when fewer than this share of the ratings arrived",
    ),
    "rules_toml.tie_break": (
        '综合得分并列时依次比较："quality" 服务质量、"leadership" 领导评议、"peer" 互评',
        'tie-break order: "quality", "leadership", "peer"',
    ),
    "rules_toml.quality_bounds": (
        "服务质量得分的上下限 [最低, 最高]（默认不限），如：quality_bounds = [0, 120]",
        "bounds [min, max] of the quality score (default: none), e.g. quality_bounds = [0, 120]",
    ),
    "rules_toml.min_total_for_flag": (
        "获得红旗的最低综合得分（默认不限），如：min_total_for_flag = 90",
        "lowest total that can win a flag (default: none), e.g. min_total_for_flag = 90",
    ),
    "rules_toml.weights": (
        "综合得分的权重，三项之和必须为 1",
        "weights of the total; they must sum to 1",
    ),
    "rules_toml.flags_per_site": (
        "每个场所的流动红旗数；场所名称必须与名单一致",
        "flags per site; the site names must match the roster",
    ),
    "rules_toml.items": (
        '服务质量考核项目，每项一个 [[items]]，按此顺序排列成考核表的列。points 为每次的分值（负数为扣分）；input = "count" 填次数，"flag" 填是/否（选“是”计一次）；disqualifies = true 表示次数大于 0 即取消评选资格',
        'quality items, one [[items]] each, in the order of the scoring sheet\'s columns. points per count (negative: deduction); input = "count" or "flag" (yes/no, Yes counts once); disqualifies = true: any count > 0 means the unit cannot win',
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
    # --- guards (guards.py): why a file is refused before parsing; message detail + hint -------
    "guard_missing": ("找不到该文件", "there is no such file"),
    "guard_missing.hint": ("请检查文件名和路径", "check the file name and folder"),
    "guard_not_a_file": ("这不是一个文件", "this is not a file"),
    "guard_not_a_file.hint": ("请提交 .xlsx 文件", "hand in an .xlsx file"),
    "guard_cannot_open": (
        "文件无法打开（{detail}）",
        "the file cannot be opened ({detail})",
    ),
    "guard_cannot_open.hint": (
        "如果该文件正在 Excel 或 WPS 中打开，请先关闭；并确认有读取该文件的权限",
        "if the file is open in Excel or WPS, close it first; check that you may read it",
    ),
    "guard_empty": ("文件是空的（0 字节）", "the file is empty (0 bytes)"),
    "guard_empty.hint": (
        "文件可能未保存完整或传输失败；请让填表人重新保存并发送",
        "it was probably not saved completely or the transfer failed; ask for it again",
    ),
    "guard_too_large": (
        "文件过大（{size}，上限 {limit}）",
        "the file is too large ({size}, limit {limit})",
    ),
    "guard_too_large.hint": (
        "评分表通常不足 1 MB；请确认是否交错了文件，或删除表中多余的图片和内容后重新保存",
        "a form is usually under 1 MB; check that this is the right file, or remove pictures and extra content and save again",
    ),
    "guard_legacy_xls": (
        "这是旧版 .xls 文件（Excel 97-2003 或 WPS .et 格式），不是 .xlsx",
        "this is a legacy .xls file (Excel 97-2003 or WPS .et), not .xlsx",
    ),
    "guard_legacy_xls.hint": (
        "请在 Excel 或 WPS 中打开，“另存为” Excel 工作簿（*.xlsx）后重新提交",
        "open it in Excel or WPS, 'Save As' Excel Workbook (*.xlsx) and hand it in again",
    ),
    "guard_encrypted": (
        "文件已加密（设置了打开密码）",
        "the file is encrypted (it has a password to open)",
    ),
    "guard_encrypted.hint": (
        "请在 Excel 或 WPS 中打开，取消打开密码（Excel：文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）后重新保存为 .xlsx",
        "open it in Excel or WPS, remove the password (Excel: File > Info > Protect Workbook > Encrypt with Password, clear it) and save as .xlsx again",
    ),
    "guard_ods": (
        "这是 OpenDocument 表格（.ods），不是 .xlsx",
        "this is an OpenDocument spreadsheet (.ods), not .xlsx",
    ),
    "guard_ods.hint": (
        "请在 WPS、Excel 或 LibreOffice 中打开，“另存为” Excel 工作簿（*.xlsx）后重新提交",
        "open it in WPS, Excel or LibreOffice, 'Save As' Excel Workbook (*.xlsx) and hand it in again",
    ),
    "guard_csv": (
        "这是 CSV 文本文件，不是下发的评选表格",
        "this is a CSV text file, not one of the forms handed out",
    ),
    "guard_csv.hint": (
        "CSV 不含表格的来源信息，无法统计；请在下发的 .xlsx 表格中填写后提交",
        "a CSV lacks the form's identity and cannot be tallied; fill in the .xlsx form that was handed out",
    ),
    "guard_html": (
        "这是网页（HTML）或 XML 格式的表格，不是真正的 .xlsx 文件",
        "this is a web page (HTML) or XML spreadsheet, not a real .xlsx file",
    ),
    "guard_html.hint": (
        "请在 Excel 或 WPS 中打开，“另存为” Excel 工作簿（*.xlsx）后重新提交",
        "open it in Excel or WPS, 'Save As' Excel Workbook (*.xlsx) and hand it in again",
    ),
    "guard_pdf": ("这是 PDF 文件，不是 Excel 工作簿", "this is a PDF file, not an Excel workbook"),
    "guard_pdf.hint": (
        "请提交填写好的 .xlsx 表格，不要提交打印稿、扫描件或 PDF",
        "hand in the filled .xlsx form, not a printout, scan or PDF",
    ),
    "guard_word": (
        "这是 Word 文档，不是 Excel 工作簿",
        "this is a Word document, not an Excel workbook",
    ),
    "guard_word.hint": (
        "请提交下发的 .xlsx 评选表格",
        "hand in the .xlsx form that was handed out",
    ),
    "guard_powerpoint": (
        "这是 PowerPoint 演示文稿，不是 Excel 工作簿",
        "this is a PowerPoint presentation, not an Excel workbook",
    ),
    "guard_powerpoint.hint": (
        "请提交下发的 .xlsx 评选表格",
        "hand in the .xlsx form that was handed out",
    ),
    "guard_xlsb": (
        "这是二进制工作簿（.xlsb），不是 .xlsx",
        "this is a binary workbook (.xlsb), not .xlsx",
    ),
    "guard_xlsb.hint": (
        "请在 Excel 中打开，“另存为” Excel 工作簿（*.xlsx）后重新提交",
        "open it in Excel, 'Save As' Excel Workbook (*.xlsx) and hand it in again",
    ),
    "guard_strict": (
        "这是“Strict Open XML 电子表格”格式，本程序无法读取",
        "this is a 'Strict Open XML Spreadsheet', which this program cannot read",
    ),
    "guard_strict.hint": (
        "请在 Excel 中“另存为”普通的 Excel 工作簿（*.xlsx）后重新提交",
        "in Excel, 'Save As' a plain Excel Workbook (*.xlsx) and hand it in again",
    ),
    "guard_unknown": (
        "不是 Excel 工作簿（无法识别文件内容）",
        "not an Excel workbook (unrecognised content)",
    ),
    "guard_unknown.hint": (
        "请提交下发的 .xlsx 评选表格",
        "hand in the .xlsx form that was handed out",
    ),
    "guard_not_workbook": (
        "这是 ZIP 压缩包，但其中没有 Excel 工作簿",
        "this is a ZIP archive without an Excel workbook inside",
    ),
    "guard_not_workbook.hint": (
        "请直接提交 .xlsx 表格，不要压缩打包",
        "hand in the .xlsx form itself, not a zipped archive",
    ),
    "guard_bad_zip": (
        "不是有效的 xlsx 文件（ZIP 结构损坏）",
        "not a valid xlsx file (its ZIP structure is damaged)",
    ),
    "guard_bad_zip.hint": (
        "文件可能在传输中损坏或未完整保存；请让填表人在 Excel 或 WPS 中重新保存并发送",
        "it was probably damaged in transfer or not saved completely; ask the rater to save it again in Excel or WPS and resend it",
    ),
    "guard_content_types": (
        "不是有效的 xlsx 文件（[Content_Types].xml 中没有工作簿）",
        "not a valid xlsx file ([Content_Types].xml names no workbook)",
    ),
    "guard_content_types.hint": (
        "请让填表人在 Excel 或 WPS 中打开并重新保存为 .xlsx",
        "ask the rater to open it in Excel or WPS and save it as .xlsx again",
    ),
    "guard_missing_part": (
        "不是有效的 xlsx 文件（缺少部件 {part}）",
        "not a valid xlsx file (the part {part} is missing)",
    ),
    "guard_missing_part.hint": (
        "文件已损坏；请让填表人在 Excel 或 WPS 中重新保存并发送",
        "the file is damaged; ask the rater to save it again in Excel or WPS and resend it",
    ),
    "guard_too_many_parts": (
        "文件包含的部件过多（{count} 个，上限 {limit} 个），已拒绝",
        "the file has too many parts ({count}, limit {limit}); refused",
    ),
    "guard_too_many_parts.hint": (
        "这不是正常的评选表格；请在下发的原始表格中填写",
        "this is not a normal form; fill in the form that was handed out",
    ),
    "guard_bomb_total": (
        "文件解压后过大（{size}，上限 {limit}），疑似“压缩炸弹”，已拒绝",
        "the file would inflate to {size} (limit {limit}), like a zip bomb; refused",
    ),
    "guard_bomb_total.hint": (
        "这不是正常的评选表格；请在下发的原始表格中填写",
        "this is not a normal form; fill in the form that was handed out",
    ),
    "guard_bomb_ratio": (
        "部件 {part} 的压缩比异常（{ratio}:1，上限 {limit}:1），疑似“压缩炸弹”，已拒绝",
        "the part {part} is compressed {ratio}:1 (limit {limit}:1), like a zip bomb; refused",
    ),
    "guard_bomb_ratio.hint": (
        "这不是正常的评选表格；请在下发的原始表格中填写",
        "this is not a normal form; fill in the form that was handed out",
    ),
    "guard_dtd": (
        "部件 {part} 含有 DTD 或实体声明（可能是 XML 炸弹或外部实体攻击），已拒绝",
        "the part {part} contains a DTD or entity declaration (an XML bomb or external entity); refused",
    ),
    "guard_dtd.hint": (
        "Excel 和 WPS 保存的文件不含此类内容；请在下发的原始表格中填写",
        "files saved by Excel or WPS contain no such thing; fill in the form that was handed out",
    ),
    "guard_bad_xml": ("部件 {part} 不是有效的 XML", "the part {part} is not valid XML"),
    "guard_bad_xml.hint": (
        "文件已损坏；请让填表人在 Excel 或 WPS 中重新保存并发送",
        "the file is damaged; ask the rater to save it again in Excel or WPS and resend it",
    ),
    # --- reader / values / validate (reader.py, values.py, annotate.py, cli/cmd_validate.py) ---
    "E_UNREADABLE": ("无法读取该文件：{detail}", "the file cannot be read: {detail}"),
    "E_UNREADABLE.hint": (
        "请用 Excel 或 WPS 打开该文件，确认能正常打开；如有打开密码请取消，然后“另存为” Excel 工作簿（.xlsx）再提交",
        "open the file in Excel or WPS; remove any password, then save it as an Excel workbook (.xlsx) and hand it in again",
    ),
    "unreadable_missing": ("文件或文件夹不存在", "no such file or folder"),
    "unreadable_os": ("{detail}", "{detail}"),
    "unreadable_encrypted": (
        "文件设置了打开密码（已加密）",
        "the file is password-protected (encrypted)",
    ),
    "unreadable_legacy": (
        "这是旧版 .xls 或其他格式的文件，不是 .xlsx 工作簿",
        "this is a legacy .xls file or another format, not an .xlsx workbook",
    ),
    "unreadable_not_zip": (
        "不是 Excel 工作簿（.xlsx），或文件已损坏",
        "not an Excel workbook (.xlsx), or the file is damaged",
    ),
    "unreadable_corrupt": ("文件已损坏（{detail}）", "the file is damaged ({detail})"),
    "E_NOT_A_TEMPLATE": (
        "该文件不是本程序生成的评选表格（缺少隐藏的 _meta 信息），不能用于汇总；请改交下发的表格",
        "this file is not a form made by this program (the hidden _meta information is missing): it cannot be tallied; send the form that was handed out",
    ),
    "E_NOT_A_TEMPLATE.hint": (
        "请在分发的原始表格中填写；不要把内容复制到新建的工作簿里",
        "fill in the form that was handed out; do not copy its contents into a new workbook",
    ),
    "E_FORMAT_VERSION": (
        "表格格式版本为“{found}”，本程序只能读取版本 {expected}，不能用于汇总；请改交本季度下发的表格",
        "the form's format version is '{found}'; this program reads version {expected} only: it cannot be tallied; send this quarter's form",
    ),
    "E_FORMAT_VERSION.hint": (
        "请用与生成表格相同版本的程序读取，或用本程序重新生成表格",
        "read it with the program version that made it, or make new forms with this version",
    ),
    "E_PERIOD_MISMATCH": (
        "该表格属于 {found} 期，本次评选为 {expected} 期，不能用于本次汇总；请改交本季度的表格",
        "this form is for {found}, but this tally is for {expected}: it cannot be tallied; send this quarter's form",
    ),
    "E_PERIOD_MISMATCH.hint": (
        "请确认提交的是本期的表格；如本次评选期间有误，请用 --period 指定",
        "make sure this quarter's form was handed in; if the tally's quarter is wrong, give --period",
    ),
    "E_ROSTER_MISMATCH": (
        "该表格所用的单位名单（指纹 {found}）与本次评选的名单（指纹 {expected}）不同，不能用于本次汇总；请改交本季度下发的表格",
        "this form was made from another roster (fingerprint {found}; this tally's is {expected}): it cannot be tallied; send this quarter's form",
    ),
    "E_ROSTER_MISMATCH.hint": (
        "名单变更后须重新生成并分发表格；请用本次评选的表格重新填写",
        "after a roster change the forms must be made and handed out again; refill this quarter's form",
    ),
    "E_SIGNATURE": (
        "表格签名校验失败：表格的来源信息（期间、名单或填表人）被改动过，或不是用本单位的密钥生成的，不能用于汇总；请改交下发的原表格",
        "the form's signature does not match: its identity (quarter, roster or rater) was changed, or it was made with another key: it cannot be tallied; send the form that was handed out",
    ),
    "E_SIGNATURE.hint": (
        "请让填表人在分发的原始表格中重新填写；并确认使用的密钥（REDFLAG_SECRET 或 .redflag-key）与生成表格时相同",
        "have the rater refill the original form; check that the key (REDFLAG_SECRET or .redflag-key) is the one the forms were made with",
    ),
    "E_STRUCTURE": ("表格结构被改动：{detail}", "the form's layout was changed: {detail}"),
    "E_STRUCTURE.hint": (
        "请在原始表格中填写，不要增删行列、不要修改表头和编号；名单变更须重新生成表格",
        "fill in the original form without adding or deleting rows or columns or editing headers and codes; a roster change needs new forms",
    ),
    "structure_no_sheet": ("缺少工作表“{sheet}”", "the sheet '{sheet}' is missing"),
    "structure_no_header": (
        "前 {rows} 行中找不到表头行（第一个单元格为“{header}”的行）",
        "no header row (one whose first cell is '{header}') in the first {rows} rows",
    ),
    "structure_missing_column": ("缺少列“{header}”", "the column '{header}' is missing"),
    "structure_extra_column": (
        "多出了列“{header}”（模板中没有这一列）",
        "an extra column '{header}' (the form has no such column)",
    ),
    "structure_renamed_column": (
        "列标题应为“{expected}”，现为“{found}”",
        "the column header should be '{expected}' but is '{found}'",
    ),
    "structure_duplicate_column": ("列“{header}”出现了两次", "the column '{header}' appears twice"),
    "structure_missing_row": (
        "缺少{who} {code}（{name}）的行",
        "the row of {who} {code} ({name}) is missing",
    ),
    "structure_extra_row": (
        "多出了编号为“{code}”的行（名单中没有）",
        "an extra row with code '{code}' (not in the roster)",
    ),
    "structure_duplicate_row": (
        "编号“{code}”的行出现了两次（第一次在第 {first} 行）",
        "the row with code '{code}' appears twice (first in row {first})",
    ),
    "structure_no_code": (
        "第 {row} 行填写了内容，但没有编号",
        "row {row} has entries but no code",
    ),
    "structure_wrong_rater": (
        "这份表格属于 {rater}，但行中的编号是“{code}”",
        "this form belongs to {rater}, but the row's code is '{code}'",
    ),
    "structure_missing_unit_row": (
        "缺少单位 {code}（{name}）的评分行",
        "the rating row of unit {code} ({name}) is missing",
    ),
    "structure_code_altered": (
        "单位编号“{code}”与本行的单位名称“{found}”不符（名单中 {code} 是“{name}”）：单位编号可能被改动；改正前不能汇总",
        "the unit code '{code}' does not match this row's unit name '{found}' (in the roster {code} is '{name}'): the code was probably altered; it must be corrected before the tally",
    ),
    "structure_unknown_rater": (
        "这份表格的填表人“{rater}”不在名单中",
        "this form's rater '{rater}' is not in the roster",
    ),
    "E_NOT_A_NUMBER": (
        "“{column}”中的“{value}”不是数字；应填写 {expected}",
        "'{value}' under '{column}' is not a number; expected {expected}",
    ),
    "E_NOT_A_NUMBER.hint": (
        "只填写数字，不要带单位、文字或公式（例如填 85，不要填 85分）",
        "type only the number, without units, words or formulas (85, not 85 points)",
    ),
    "E_OUT_OF_RANGE": (
        "“{column}”中的 {value} 超出范围；应填写 {expected}",
        "{value} under '{column}' is out of range; expected {expected}",
    ),
    "E_OUT_OF_RANGE.hint": ("请改为允许范围内的数值", "change it to a value in the allowed range"),
    "E_NOT_INTEGER": (
        "“{column}”中的 {value} 不是整数；应填写 {expected}",
        "{value} under '{column}' is not a whole number; expected {expected}",
    ),
    "E_NOT_INTEGER.hint": (
        "次数只能是 0、1、2 这样的整数",
        "a count is a whole number such as 0, 1 or 2",
    ),
    "E_BAD_CHOICE": (
        "“{column}”中的“{value}”无法识别；应填写 {expected}",
        "'{value}' under '{column}' is not understood; expected {expected}",
    ),
    "E_BAD_CHOICE.hint": (
        "请从下拉列表中选择“是”或“否”，或留空（留空视为“否”）",
        "pick Yes or No from the list, or leave it blank (blank means No)",
    ),
    "E_SELF_RATING": (
        "{rater} 给本单位自己打了分（{value}）；单位不给自己评分，这份表格改正后才能统计",
        "{rater} rated itself ({value}); a unit never rates itself: the form must be corrected "
        "before the tally",
    ),
    "E_SELF_RATING.hint": (
        "本单位自己对应的灰色单元格应为空：能编辑时清空它；表格受保护改不了时，请评选工作人员补发一份新表格"
        "（python -m redflag_xlsx build-template --only {rater}），重新填写后交回",
        "the grey cell of the unit's own column must be blank: clear it if you can edit it; on a "
        "protected form ask the award's staff for a fresh form "
        "(python -m redflag_xlsx build-template --only {rater}), fill it in and hand it back",
    ),
    "W_OUT_OF_SCOPE": (
        "{rater} 给其他场所的单位 {unit} 打了分（{value}）；按规则只评本场所的单位，该分数不计入",
        "{rater} rated {unit}, a unit of another site ({value}); only units of the same site are rated, so it is not counted",
    ),
    "W_OUT_OF_SCOPE.hint": (
        "无需处理（该分数不计入）；能编辑时可清空灰色单元格",
        "nothing to do (the rating is not counted); clear the grey cells if you can edit them",
    ),
    "E_DUPLICATE": (
        "{what}提交了两份且内容不同：另一份在文件“{other}”中（{column}：此处为“{value}”，另一份为“{other_value}”）",
        "{what} was handed in twice with different contents: the other copy is in '{other}' ({column}: '{value}' here, '{other_value}' there)",
    ),
    "E_DUPLICATE.hint": (
        "请确认哪一份正确，删除或改正另一份后重新校验",
        "find out which copy is right, remove or correct the other, and check again",
    ),
    "W_DUPLICATE_IDENTICAL": (
        "{what}提交了两份，内容相同（另一份在文件“{other}”中），只计一次",
        "{what} was handed in twice with the same contents (the other copy is in '{other}'); counted once",
    ),
    "W_DUPLICATE_IDENTICAL.hint": (
        "无需处理；可删除多余的一份",
        "nothing to do; the extra copy may be removed",
    ),
    "E_MISSING_SCORING": (
        "没有找到服务质量考核表，无法计算服务质量得分",
        "no quality scoring sheet was found, so the quality scores cannot be computed",
    ),
    "E_MISSING_SCORING.hint": (
        "请把服务质量考核表（综合工作簿，或“服务质量考核_期间.xlsx”）一并提交",
        "add the quality scoring workbook (the combined workbook, or the scoring form) to the files",
    ),
    "W_MISSING_RATER": (
        "{who} {rater}（{name}）没有提交任何评分",
        "{who} {rater} ({name}) handed in no ratings",
    ),
    "W_MISSING_RATER.hint": (
        "请催交该评分表；缺少的评分不计入平均分",
        "ask for the missing form; missing ratings are left out of the averages",
    ),
    "W_FORMULA_IN_INPUT": (
        "“{column}”中填写的是公式“={formula}”，按其计算结果“{value}”读取",
        "'{column}' holds the formula '={formula}'; its result '{value}' is used",
    ),
    "W_FORMULA_IN_INPUT.hint": (
        "请直接填写数值，不要使用公式",
        "type the value itself, not a formula",
    ),
    "W_TEXT_NUMBER": (
        "“{column}”中的“{value}”是以文本形式保存的数字，按 {number} 读取",
        "'{value}' under '{column}' is a number stored as text; read as {number}",
    ),
    "W_TEXT_NUMBER.hint": (
        "不影响本次计算；以后请在数值格式的单元格中直接输入数字",
        "no harm done this time; in future type plain numbers into cells formatted as numbers",
    ),
    # --- reading review (xlsx_cells, reader, values, roster loading) ---
    "W_RATE_FRACTION": (
        "“{column}”填写的是 {value}，按 {value}% 读取；满意率按百分数填写（95 表示 95%）",
        "'{column}' holds {value}, read as {value}%; rates are percentages (95 means 95%)",
    ),
    "W_RATE_FRACTION.hint": (
        "如果指的是 {percent}%，请改填 {percent}（粘贴数值时百分比格式没有带过来）；确为 {value}% 则无需处理",
        "if {percent}% was meant, type {percent} (pasting values dropped the percent format); "
        "if {value}% is right, nothing to do",
    ),
    "W_RATER_FLAT": (
        "{who} {rater}（{name}）给全部 {count} 个被评单位都打了 {value} 分",
        "{who} {rater} ({name}) gave all {count} rated units the same score, {value}",
    ),
    "W_RATER_FLAT.hint": (
        "请与评分人确认这是有意为之",
        "check with the rater that this was intended",
    ),
    "W_UNSIGNED": (
        "没有找到密钥（REDFLAG_SECRET 或 .redflag-key），无法校验表格签名",
        "no key was found (REDFLAG_SECRET or .redflag-key), so the forms' signatures were not checked",
    ),
    "W_UNSIGNED.hint": (
        "请在生成表格时所在的文件夹中运行，或用 --key 指定密钥文件，或设置环境变量 REDFLAG_SECRET",
        "run in the folder where the forms were made, give --key, or set REDFLAG_SECRET",
    ),
    "expect_count": ("0 到 9999 之间的整数（次数）", "a whole number from 0 to 9999 (a count)"),
    "expect_rate": (
        "0 到 100 之间的百分数（如 95 表示 95%）",
        "a percentage from 0 to 100 (95 means 95%)",
    ),
    "expect_rating": ("0 到 100 之间的分数", "a score from 0 to 100"),
    "expect_flag": ("“是”或“否”", "Yes or No"),
    "col_rating_of": ("对 {unit}（{name}）的评分", "rating of {unit} ({name})"),
    "who_unit": ("单位", "unit"),
    "who_leader": ("领导", "leader"),
    "what_scoring_row": ("单位 {unit} 的服务质量考核数据", "the quality data of unit {unit}"),
    "what_ratings": ("{who} {rater} 的评分", "the ratings of {who} {rater}"),
    "what_sheet": ("工作表“{sheet}”", "the sheet '{sheet}'"),
    "what_file": ("该文件", "this file"),
    "read_no_files": (
        "在 {paths} 中没有找到 .xlsx 或 .xlsm 工作簿",
        "no .xlsx or .xlsm workbook found in {paths}",
    ),
    "out_summary": (
        "共 {errors} 个错误，{warnings} 个警告",
        "{errors} error(s), {warnings} warning(s)",
    ),
    "out_ok": ("未发现问题", "no problems found"),
    "out_checked": ("已检查 {n} 个文件", "{n} file(s) checked"),
    "out_overall": ("（整体）", "(overall)"),
    "out_col_severity": ("级别", "Severity"),
    "out_col_code": ("代码", "Code"),
    "out_col_where": ("位置", "Where"),
    "out_col_message": ("问题", "Problem"),
    "out_col_hint": ("处理方法", "What to do"),
    "out_hint": ("处理方法：{hint}", "what to do: {hint}"),
    "validate_annotated": ("已写出标注副本：{path}", "annotated copy written: {path}"),
    "annotate_failed": (
        "无法写出标注副本“{file}”：{detail}（如该文件已在 Excel 中打开，请先关闭）",
        "cannot write the annotated copy '{file}': {detail} (if it is open in Excel, close it first)",
    ),
    # --- reader (reader.py): no readable roster in any form (E_ROSTER_MISMATCH) ---
    "roster_unknown": (
        "无法读取表格中的单位名单：{count} 份表格都没有可用的名单"
        "（其中 {damaged} 份隐藏的 _meta 中名单被截断或改动，如“{example}”），"
        "因此无法核对，不能汇总",
        "the roster carried in the forms cannot be read: none of the {count} forms holds a usable"
        " roster ({damaged} have a cut or changed roster in the hidden _meta, such as '{example}'),"
        " so none could be checked or counted",
    ),
    "roster_unknown_listed": (
        "没有单位名单：这 {count} 份评分表（格式 2）只带名单指纹 {fingerprint}，不带名单本身，"
        "本次汇总中也没有服务质量考核表或其他带名单的表格，因此无法核对，不能汇总",
        "no roster: these {count} rating forms (format 2) carry only the roster's fingerprint"
        " {fingerprint}, not the roster, and no quality scoring workbook or other form with the"
        " roster is in this run, so none could be checked or counted",
    ),
    "roster_unknown_listed.hint": (
        "请把服务质量考核表（或红旗评选总表）一起汇总，或用 --roster 指定生成这些表格时所用的名单文件",
        "tally them together with the quality scoring workbook (or the combined workbook), or"
        " give the roster the forms were made from with --roster",
    ),
    "roster_unknown.hint": (
        "请用 --roster 指定生成这些表格时所用的名单文件（如 --roster 名单.xlsx）",
        "give the roster the forms were made from with --roster (e.g. --roster roster.xlsx)",
    ),
    # --- results workbook (results.py, results_book.py, results_sheets.py, results_report.py) ---
    "rsheet_summary": ("汇总", "Summary"),
    "rsheet_quality": ("服务质量明细", "Quality detail"),
    "rsheet_flags": ("流动红旗", "Red flags"),
    "rsheet_notice": ("公示", "Announcement"),
    "rsheet_issues": ("校验问题", "Findings"),
    "rsheet_rules": ("规则", "Rules"),
    "rsheet_chart": ("图表", "Charts"),
    "res_doc_title": ("{app}评选结果 {period}", "{app}: results {period}"),
    "res_period_text": ("{year}年第{quarter}季度", "Q{quarter} {year}"),
    "res_reason_sep": ("；", "; "),
    "res_list_sep": ("、", ", "),
    "res_col_quality": ("服务质量得分", "Quality score"),
    "res_col_peer": ("互评得分", "Peer score"),
    "res_col_leadership": ("领导评议得分", "Leadership score"),
    "res_col_total": ("综合得分", "Total"),
    "res_col_rank": ("场所排名", "Rank at site"),
    "res_col_disqualified": ("取消资格", "Disqualified"),
    "res_col_outcome": ("评选结果", "Outcome"),
    "res_col_streak": ("连续获得次数", "Consecutive wins"),
    "res_col_reward_points": ("奖励分", "Reward points"),
    "res_col_bonus": ("奖金(元)", "Bonus (yuan)"),
    "res_col_priority": ("重新招投标优先权", "Re-tender priority"),
    "res_col_note": ("说明", "Note"),
    "res_col_no": ("序号", "No."),
    "res_col_severity": ("级别", "Severity"),
    "res_col_code": ("代码", "Code"),
    "res_col_file": ("文件", "File"),
    "res_col_sheet": ("工作表", "Sheet"),
    "res_col_cell": ("单元格", "Cell"),
    "res_col_who": ("单位/评分人", "Unit / rater"),
    "res_col_message": ("问题", "Problem"),
    "res_col_hint": ("处理建议", "What to do"),
    "res_col_baseline_source": ("基准来源", "Baseline from"),
    "res_col_delta": ("满意率变化(百分点)", "Satisfaction change (points)"),
    "res_col_adj": ("满意率加减分", "Satisfaction adjustment"),
    "res_col_received": ("收到份数", "Received"),
    "res_col_expected": ("应收份数", "Expected"),
    "res_col_coverage": ("覆盖率", "Coverage"),
    "res_src_input": ("本表填写", "form"),
    "res_src_history": ("上季度记录", "last quarter (ledger)"),
    "res_src_none": ("无", "none"),
    "res_title_summary": (
        "{period_text}服务质量流动红旗评选结果汇总",
        "Service-quality red flags, {period_text}: summary",
    ),
    "res_info_summary": (
        "期间 {period}，共 {units} 个单位。得分均为公式，所用参数见“{rules}”表；评选结果、取消资格和连续获得次数为统计时的决定。",
        "Period {period}, {units} units. Every score is a formula reading its parameters from the '{rules}' sheet; outcomes, disqualifications and streaks are the decisions of the tally.",
    ),
    "res_draft": (
        "草稿：输入中有 {n} 个错误（见“校验问题”），结果仅供核对，不得公布",
        "DRAFT: the input has {n} error(s) (see Findings); for checking only, not for publication",
    ),
    "res_title_quality": ("{period_text}服务质量考核明细", "Quality scoring detail, {period_text}"),
    "res_points_row": ("每次分值 →", "Points per count →"),
    "res_title_peer": (
        "{period_text}单位互评：每行为被评单位，每列为评分单位",
        "Peer rating, {period_text}: one row per rated unit, one column per rating unit",
    ),
    "res_title_leadership": (
        "{period_text}领导评议：每行为被评单位，每列为评议领导",
        "Leadership rating, {period_text}: one row per rated unit, one column per leader",
    ),
    "res_block_site": ("场所：{site}", "Site: {site}"),
    "res_rater_names": ("评分人 →", "Rater →"),
    "res_too_wide": (
        '工作表“{sheet}”需要 {n} 列，超过电子表格的上限 16384 列；请把互评范围设为本场所（peer_scope = "site"）',
        "sheet '{sheet}' would need {n} columns, more than the 16384 a spreadsheet allows; set peer_scope = \"site\"",
    ),
    "res_title_rules": (
        "评选规则（各表公式引用本表参数）",
        "Rules (every formula reads its parameters here)",
    ),
    "res_rules_note": (
        "修改本表的分值、权重、去掉最高最低分所需评分数、得分上下限或奖励标准后，各表得分随之重新计算；标明“决定公式形式”或“仅供查阅”的项目改动后不影响计算。",
        "Change a point value, weight, trimming threshold, score bound or reward here and every score follows; items marked 'shapes the formulas' or 'for reference' change nothing when edited.",
    ),
    "res_col_param": ("参数", "Parameter"),
    "res_col_value": ("值", "Value"),
    "res_note_shape": (
        "决定公式形式；在此修改不会改变公式",
        "shapes the formulas; editing it here changes nothing",
    ),
    "res_note_info": (
        "仅供查阅：评选结果已按此值确定",
        "for reference: the outcome was decided with this value",
    ),
    "res_none_value": ("不限", "none"),
    "res_rule_base": ("基础分", "Base score"),
    "res_rule_sat_mode": ("满意率加减分方式", "Satisfaction adjustment"),
    "res_sat_full": ("只计整百分点", "full percentage points only"),
    "res_sat_prop": ("按比例计算（保留两位小数）", "proportional (2 decimals)"),
    "res_rule_up": ("满意率每提高 1 个百分点加分", "Points per percentage point up"),
    "res_rule_down": ("满意率每降低 1 个百分点减分", "Points off per percentage point down"),
    "res_rule_w_quality": ("权重：服务质量得分", "Weight: quality score"),
    "res_rule_w_peer": ("权重：互评得分", "Weight: peer score"),
    "res_rule_w_leadership": ("权重：领导评议得分", "Weight: leadership score"),
    "res_rule_peer_agg": ("互评得分计算方式", "Peer score"),
    "res_rule_lead_agg": ("领导评议得分计算方式", "Leadership score"),
    "res_agg_mean": ("平均分（保留两位小数）", "mean (2 decimals)"),
    "res_agg_trimmed": (
        "去掉一个最高分和一个最低分后的平均分",
        "mean without the highest and the lowest rating",
    ),
    "res_rule_trim_min": ("去掉最高最低分所需的最少评分数", "Ratings needed before trimming"),
    "res_rule_scope": ("互评范围", "Peer rating scope"),
    "res_scope_all": ("所有单位互评", "every unit rates every unit"),
    "res_scope_site": ("同一场所内互评", "units rate the units of their own site"),
    "res_rule_min_coverage": ("评分覆盖率下限（低于时警告）", "Minimum coverage (warning below)"),
    "res_rule_q_min": ("服务质量得分下限", "Lowest quality score"),
    "res_rule_q_max": ("服务质量得分上限", "Highest quality score"),
    "res_rule_min_total": ("获得红旗的最低综合得分", "Lowest total that can win a flag"),
    "res_rule_tie_break": ("综合得分相同时依次比较", "Ties broken by"),
    "res_rules_items": ("服务质量考核项目", "Quality items"),
    "res_col_item": ("项目", "Item"),
    "res_col_points": ("每次分值", "Points per count"),
    "res_input_count": ("按次数计", "per count"),
    "res_input_flag": ("是/否，“是”时计一次", "yes/no, counted once if yes"),
    "res_input_disq": ("；大于 0 时取消评选资格", "; cannot win if more than 0"),
    "res_flag_disq": ("为“是”时取消评选资格", "cannot win if yes"),
    "res_rules_sites": ("各场所红旗数", "Flags per site"),
    "res_col_flags": ("红旗数", "Flags"),
    "res_rules_tiers": ("奖励标准（按连续获得次数）", "Rewards by consecutive wins"),
    "res_col_min_streak": ("连续获得次数（起）", "Consecutive wins (from)"),
    "res_title_flags": ("{period_text}服务质量流动红旗获得单位", "Red flags won, {period_text}"),
    "res_info_flags": (
        "红底：获得流动红旗；黄底：综合得分并列，待局领导审定",
        "Red: red flag won; yellow: tied, for the bureau's leaders to decide",
    ),
    "res_no_winner": (
        "本期无获旗单位（本场所红旗数 {n}）",
        "no flag this quarter (flags for this site: {n})",
    ),
    "res_note_tie": ("并列待定：待局领导审定", "tied: for the bureau's leaders to decide"),
    "res_note_award": ("经局领导审定", "decided by the bureau's leaders"),
    # --- 修订记录 (results/revisions.py) and the 公示 sheet (results/report.py) ---------------------
    "rsheet_revisions": ("修订记录", "Revisions"),
    "res_title_revisions": ("{period_text}修订记录", "Revisions, {period_text}"),
    "res_info_revisions": (
        "状态：{state}。每次汇总、重新汇总和局领导审定都是一次修订，只增不改；输入的每处改动逐项列出（原值 → 新值）及其来源。",
        "State: {state}. Every tally, re-tally and approval is a revision, never overwritten; each changed input is listed (old -> new) with its source.",
    ),
    "res_state_proposed": (
        "拟定（待局领导审定）",
        "proposed (pending the bureau leaders' approval)",
    ),
    "res_state_approved": ("已审定（经局领导审定）", "approved by the bureau's leaders"),
    "res_state_draft": (
        "草稿（输入有错误，不得公布）",
        "draft (the input has errors; not for publication)",
    ),
    "res_rev_col_number": ("修订", "Revision"),
    "res_rev_col_date": ("日期", "Date"),
    "res_rev_col_kind": ("类型", "Kind"),
    "res_rev_col_reason": ("理由", "Reason"),
    "res_rev_col_decisions": ("局领导决定", "Leaders' decisions"),
    "res_rev_col_unit": ("单位", "Unit"),
    "res_rev_col_key": ("项目或评分人", "Item or rater"),
    "res_rev_col_old": ("原值", "Old"),
    "res_rev_col_new": ("新值", "New"),
    "res_rev_col_source": ("来源", "Source"),
    "res_rev_kind_first": ("首次汇总", "first tally"),
    "res_rev_kind_tally": ("重新汇总", "re-tally"),
    "res_rev_kind_approve": ("局领导审定", "approved by the leaders"),
    "res_rev_no_changes": ("输入无改动", "no input changed"),
    "res_rev_all_inputs": ("（全部输入）", "(all inputs)"),
    "res_rev_decision": ("{action}{unit}（{code}）", "{action} {unit} ({code})"),
    "res_rev_decision_reason": ("，理由：{reason}", "; reason: {reason}"),
    "res_rev_peer": ("互评：{rater}", "peer rating by {rater}"),
    "res_rev_leadership": ("领导评议：{rater}", "leadership rating by {rater}"),
    "res_rev_event": ("检查记录：{key}", "register event {key}"),
    "res_rev_blank": ("（空）", "(blank)"),
    "res_rev_source": ("{file}，{sheet}，{cell}", "{file}, {sheet}, {cell}"),
    "res_rev_arrow": ("{old} → {new}", "{old} -> {new}"),
    "opt_bad_date": (
        "--date 的值“{value}”不是日期；请写成 2027-01-05 这样的年-月-日",
        "--date '{value}' is not a date; write it as year-month-day, e.g. 2027-01-05",
    ),
    "tally_documents": ("已写入：{path}", "Written: {path}"),
    "demo_status_midway": (
        "表格陆续交回时的收件情况（status）：",
        "Returns while the forms come in (status):",
    ),
    "demo_no_font": (
        "未找到中文字体，未生成 PDF；安装中文字体或用 tally --pdf --font 字体文件 生成",
        "No Chinese font found: no PDFs written; install one, or use tally --pdf --font FILE",
    ),
    "help.opt.pdf": ("同时在结果旁生成公示、各单位成绩通知单和奖金发放表（PDF）。", ""),
    "help.opt.doc_date": ("公示日期（默认：今天），公示期从这一天算起。", ""),
    "help.opt.font_path": ("生成 PDF 所用的中文字体文件（默认：系统中的中文字体）。", ""),
    "res_total_bonus": ("奖金合计", "Total bonus"),
    "res_title_issues": (
        "校验问题：共 {n} 条（错误 {errors} 条，警告 {warnings} 条）",
        "Findings: {n} ({errors} errors, {warnings} warnings)",
    ),
    "res_no_issues": ("未发现问题", "No findings"),
    "res_title_chart": (
        "综合得分图表（红色：流动红旗；黄色：并列待定）",
        "Totals (red: red flag; yellow: tied)",
    ),
    "res_chart_title": ("{site}　综合得分", "{site}: totals"),
    "res_exists": (
        "结果文件“{file}”已存在，未覆盖；如需覆盖，请加 --force",
        "the results file '{file}' already exists and was not replaced; add --force to replace it",
    ),
    "res_is_dir": ("这是一个文件夹", "it is a folder"),
    "res_locked": (
        "无法写入“{file}”：{detail}；该文件可能正在 Excel 或 WPS 中打开，请关闭后重试",
        "cannot write '{file}': {detail}; the file is probably open in Excel or WPS: close it and try again",
    ),
    # --- tally command and its ranking table (cli/cmd_tally.py, cli/tables.py) ---------------
    "tally_written": ("已写入：{path}", "Written: {path}"),
    "tally_not_written": (
        "输入中有 {n} 个错误，未生成结果；请按上面的提示修正后重新统计，或加 --allow-errors 生成草稿",
        "the input has {n} error(s); no results were written. Fix them as shown above and tally again, or add --allow-errors for a draft",
    ),
    "tally_draft": (
        "输入中有 {n} 个错误：已生成草稿，仅供核对，未记入历史记录",
        "the input has {n} error(s): a draft was written, for checking only; it is not recorded in the history",
    ),
    "tally_no_history": (
        "未使用历史记录（--no-history）：连续获得次数均按 1 计，本期结果不保存",
        "no history (--no-history): every streak counts as 1 and this quarter is not kept",
    ),
    "tally_history_conflict": (
        "--history 和 --no-history 不能同时使用",
        "--history and --no-history cannot be used together",
    ),
    "tally_reading": ("读取表格", "Reading forms"),
    "tpl_only_unknown": (
        "--only {code}：本次生成的表格中没有这个编号（可用单位编号、领导编号或 scoring）",
        "--only {code}: no form of this build has that code (use unit codes, leader codes or scoring)",
    ),
    "tpl_cli_baselines": (
        "基准满意率已按历史记录 {file} 中 {period} 的本期满意率预先填好（{n} 个单位，仍可修改）",
        "baseline satisfaction filled in from the {period} rates in the ledger {file} ({n} units; still editable)",
    ),
    "tpl_cli_no_baselines": (
        "历史记录 {file} 中没有 {period} 的本期满意率，基准满意率留空",
        "the ledger {file} has no rates of {period}: baseline satisfaction left blank",
    ),
    "validate_history_used": (
        "上一季度的数据（空白的基准满意率）取自历史记录 {file}",
        "earlier quarters (blank baselines) from the ledger {file}",
    ),
    "validate_history_none": (
        "未找到历史记录 {file}，空白的基准满意率无从补全（可用 --history 指定）",
        "no ledger at {file}: blank baselines cannot be filled in (give one with --history)",
    ),
    "tally_tie_hint": (
        "{site}：{units} 综合得分并列，待领导决定；决定后加 --award 单位编号 重新统计",
        "{site}: {units} are tied; once the leaders decide, tally again with --award CODE",
    ),
    "tbl_site_title": ("{site}（红旗 {n} 面）", "{site} ({n} flag(s))"),
    "tbl_won": ("★ 流动红旗", "★ red flag"),
    "tbl_tie": ("☆ 并列待定", "☆ tie: leaders decide"),
    "tbl_not_eligible": ("不参评：{reasons}", "cannot win: {reasons}"),
    # --- documents: announcement (公示), statements (成绩通知单), payout list (奖金发放表) and the
    # [announcement] settings of rules.toml (documents/, rules.py AnnouncementSettings) ---------
    "cfg_ann_days": (
        "应为 1 到 {max} 之间的整数（公示期天数）",
        "must be a whole number of days from 1 to {max}",
    ),
    "cfg_ann_text": (
        '应为加引号的文字，如 "机关服务中心"',
        'must be text in quotes, e.g. "Service Centre"',
    ),
    "cfg_ann_control": (
        "只能写一行，不能包含换行或制表符",
        "must be one line, without line breaks or tabs",
    ),
    "cfg_ann_blank": ("不能为空", "must not be blank"),
    "cfg_ann_table": ("应为一个表，如 [{name}]", "must be a table, e.g. [{name}]"),
    "cfg_ann_long": (
        "最多 {n} 个字（要印在一行里）",
        "at most {n} characters (it is printed on one line)",
    ),
    "cfg_ann_deputies": (
        '应为副组长姓名的列表，最多 {n} 项，如 ["张三", ""]（空字符串印为签名横线）',
        'must be a list of at most {n} deputy heads\' names, e.g. ["Zhang San", ""] (a blank name prints as a line to sign on)',
    ),
    "rules_toml.announcement": (
        "公示、成绩通知单和奖金发放表（--pdf）的设置",
        "settings of the announcement, the statements and the payout list (--pdf)",
    ),
    "rules_toml.announcement.issuer": ("发布单位（公示的落款）", "issuer (signs the announcement)"),
    "rules_toml.announcement.days": (
        "公示期天数（按自然日计）：异议截止日期 = 公示日期 + days 天",
        "days of the objection period (calendar days): it ends this many days after the announcement's date",
    ),
    "rules_toml.announcement.contact": (
        '异议受理方式，印在公示中，如 contact = "机关服务中心监管科，电话 0000-0000000"；留空则不印',
        'where objections go, printed on the announcement, e.g. contact = "Supervision office, tel. 0000-0000000"; blank: not printed',
    ),
    "rules_toml.announcement.budget_line": (
        "奖金的列支科目（评选办法六.4）",
        "budget line the bonuses are paid from (rules 六.4)",
    ),
    "rules_toml.announcement.group": (
        '评选考核小组签名栏（公示）：leader 组长，deputies 副组长（每人一项）；姓名留空 "" 则印签名横线',
        'the evaluation group\'s signature block (announcement): leader (组长), deputies (副组长, one entry each); a blank name "" prints a line to sign on',
    ),
    "doc_quarter": ("{year}年第{quarter}季度", "Q{quarter} {year}"),
    "doc_quarter_numerals": ("一二三四", "1234"),
    "doc_date": ("{year}年{month}月{day}日", "{year}-{month:02d}-{day:02d}"),
    "doc_list_sep": ("、", ", "),
    "doc_colon": ("：", ": "),
    "doc_field_sep": ("　　", "    "),
    "doc_sentence_sep": ("", " "),
    "doc_pending": ("（待局领导审定）", "(pending the bureau leaders' approval)"),
    "doc_draft": ("（草稿：不得公布）", "(DRAFT: not for publication)"),
    "doc_col_no": ("序号", "No."),
    "doc_col_unit": ("单位名称", "Unit"),
    "doc_col_contractor": ("承包单位", "Contractor"),
    "doc_col_site": ("场所", "Site"),
    "doc_col_total": ("综合得分", "Total"),
    "doc_col_result": ("评选结果", "Result"),
    "doc_won_final": ("流动红旗", "Red flag"),
    "doc_won_proposed": ("拟获流动红旗", "Proposed: red flag"),
    "doc_in_house": ("—（自管）", "— (in-house)"),
    "doc_blank_name": ("", ""),
    "doc_ann_title": (
        "关于{quarter}“服务质量流动红旗”评选结果的公示",
        "Announcement: service-quality red flags, {quarter}",
    ),
    "doc_ann_intro": (
        "根据《关于开展“服务质量流动红旗”评选活动的意见》，{issuer}组织开展了{quarter}“服务质量流动红旗”评选活动。",
        "Under the rules of the service-quality red flag, {issuer} held the award for {quarter}.",
    ),
    "doc_ann_final": (
        "经服务质量考核、单位互评和领导评议，综合汇总，并经局领导审定，现将获得“服务质量流动红旗”的后勤服务项目公示如下：",
        "After quality scoring, peer rating and leadership rating, and with the approval of the bureau's leaders, the red flags go to:",
    ),
    "doc_ann_proposal": (
        "经服务质量考核、单位互评和领导评议，综合汇总，拟推荐以下后勤服务项目获得“服务质量流动红旗”，呈局领导审定：",
        "After quality scoring, peer rating and leadership rating, the following units are proposed for the red flags, for the bureau's leaders to approve:",
    ),
    "doc_ann_draft": (
        "输入表格中尚有{n}个错误，评选结果为草稿，仅供核对，不得公示。",
        "The input still has {n} error(s): the results are a draft, for checking only, and must not be announced.",
    ),
    "doc_ann_site": ("{site}（流动红旗{n}面）", "{site} ({n} flag(s))"),
    "doc_ann_site_none": ("本季度无获旗单位", "no flag this quarter"),
    "doc_ann_tie_open": (
        "{site}：{units}综合得分并列（{total}分），待局领导审定。",
        "{site}: {units} are tied ({total}); the bureau's leaders decide.",
    ),
    "doc_ann_tie_decided": (
        "{site}：{unit}与{others}综合得分并列，经局领导审定，流动红旗授予{unit}。",
        "{site}: {unit} and {others} were tied; the bureau's leaders gave the flag to {unit}.",
    ),
    "doc_ann_award": (
        "{site}：经局领导审定，流动红旗授予{unit}（综合得分本场所第{rank}名）。",
        "{site}: the bureau's leaders gave the flag to {unit} (ranked {rank} at the site).",
    ),
    "doc_ann_withhold": (
        "{site}：经局领导审定，{unit}（综合得分本场所第{rank}名）不授予流动红旗。",
        "{site}: the bureau's leaders did not give the flag to {unit} (ranked {rank} at the site).",
    ),
    "doc_ann_reason": ("理由：{reason}。", "Reason: {reason}."),
    "doc_ann_objection": (
        "公示期为{start}至{end}（{days}天）。如有异议，请在公示期内向{issuer}反映。",
        "The objection period runs from {start} to {end} ({days} days). Objections may be raised with {issuer} during this period.",
    ),
    "doc_ann_contact": ("异议受理：{contact}", "Objections to: {contact}"),
    "doc_ann_group": ("“服务质量流动红旗”评选考核小组", "Evaluation group of the red flag"),
    "doc_ann_leader": ("组长", "Head"),
    "doc_ann_deputy": ("副组长", "Deputy head"),
    "doc_decision_unknown": (
        "领导决定中的单位 {code} 不在名单中",
        "the leaders' decision names {code}, which is not on the roster",
    ),
    "doc_decision_mismatch": (
        "领导决定与统计结果不一致：{unit}（{code}）的决定为“{action}”，但统计结果中该单位{state}获得流动红旗；请用包含该决定的统计结果生成文件",
        "the leaders' decision does not match the tally: {unit} ({code}) is to be '{action}' but the tally says it {state} won a flag; render from the tally that includes the decision",
    ),
    "doc_decision_no_reason": (
        "领导决定偏离排名，必须说明理由：{unit}（{code}）",
        "a decision that departs from the ranking needs a reason: {unit} ({code})",
    ),
    "doc_decision_open_tie": (
        "已审定的公示中不能还有并列待定的单位：{units}",
        "an approved announcement cannot leave a tie open: {units}",
    ),
    "doc_action_award": ("授予", "award"),
    "doc_action_withhold": ("不授予", "withhold"),
    "doc_state_did": ("已", "has"),
    "doc_state_did_not": ("未", "has not"),
    "doc_st_title": (
        "{quarter}“服务质量流动红旗”成绩通知单",
        "Red flag statement, {quarter}",
    ),
    "doc_st_unit": ("单位名称：{name}（{code}）", "Unit: {name} ({code})"),
    "doc_st_site": ("场所：{site}", "Site: {site}"),
    "doc_st_contractor": ("承包单位：{contractor}", "Contractor: {contractor}"),
    "doc_st_items": ("一、服务质量考核（基础分{base}分）", "1. Quality scoring (base {base})"),
    "doc_st_col_item": ("考核项目", "Item"),
    "doc_st_col_points": ("每次分值", "Points each"),
    "doc_st_col_count": ("次数", "Count"),
    "doc_st_col_score": ("得分", "Points"),
    "doc_st_disqualifies": ("取消资格", "disqualifies"),
    "doc_st_items_total": ("加减分合计", "Sum of points"),
    "doc_st_satisfaction": ("二、满意率", "2. Satisfaction"),
    "doc_st_col_baseline": ("基准满意率(%)", "Baseline (%)"),
    "doc_st_col_source": ("基准来源", "Baseline from"),
    "doc_st_col_current": ("本期满意率(%)", "This quarter (%)"),
    "doc_st_col_delta": ("变化(百分点)", "Change (points)"),
    "doc_st_col_adj": ("满意率加减分", "Adjustment"),
    "doc_st_src_input": ("考核表填写", "scoring sheet"),
    "doc_st_src_history": ("上季度本期满意率", "last quarter's rate"),
    "doc_st_src_none": ("无（加减分按 0 计）", "none (adjustment 0)"),
    "doc_st_scores": ("三、得分与结果", "3. Scores and result"),
    "doc_st_formula": (
        "综合得分 = 服务质量得分×{wq} + 互评得分×{wp} + 领导评议得分×{wl}（四舍五入保留两位小数）",
        "Total = quality × {wq} + peer × {wp} + leadership × {wl} (rounded to 2 decimals)",
    ),
    "doc_st_col_quality": ("服务质量得分", "Quality"),
    "doc_st_col_peer": ("互评得分", "Peer"),
    "doc_st_col_leadership": ("领导评议得分", "Leadership"),
    "doc_st_col_total": ("综合得分", "Total"),
    "doc_st_col_rank": ("场所排名", "Rank at site"),
    "doc_st_received": (
        "{score}（收到评分{got}/{expected}份）",
        "{score} ({got} of {expected} ratings)",
    ),
    "doc_unit_code": ("{name}（{code}）", "{name} ({code})"),
    "doc_st_rank": ("第{rank}名", "{rank}"),
    "doc_st_not_ranked": ("不参评", "not ranked"),
    "doc_st_col_result": ("评选结果", "Result"),
    "doc_st_won": (
        "{won}（连续第{streak}次：奖励分{points}分，奖金{bonus}元）",
        "{won} (win {streak} in a row: {points} reward points, bonus {bonus} yuan)",
    ),
    "doc_st_tie": ("综合得分并列，待局领导审定", "tied: the bureau's leaders decide"),
    "doc_st_lost": ("未获得", "no flag"),
    "doc_st_not_eligible": ("不参评（{reasons}）", "not ranked ({reasons})"),
    "doc_st_no_flag_reason": ("不能获得流动红旗（{reasons}）", "cannot win a flag ({reasons})"),
    "doc_st_decision": ("局领导决定：{text}", "The leaders' decision: {text}"),
    "doc_st_remark": ("备注：{remark}", "Remarks: {remark}"),
    "doc_st_events": ("四、扣分依据（检查记录台账）", "4. Evidence (inspection register)"),
    "doc_st_col_date": ("日期", "Date"),
    "doc_st_col_description": ("情形描述", "What happened"),
    "doc_st_col_evidence": ("依据编号", "Evidence no."),
    "doc_st_col_inspector": ("检查人", "Inspector"),
    "doc_st_no_events": (
        "本季度台账中无该单位的记录",
        "the register holds no event of this unit this quarter",
    ),
    "doc_st_continued": ("（续）", "(continued)"),
    "doc_pay_title": (
        "{quarter}“服务质量流动红旗”奖金发放表",
        "Red flag bonus payout list, {quarter}",
    ),
    "doc_pay_pending": (
        "（待局领导审定，审定前不得发放）",
        "(pending the bureau leaders' approval: not to be paid before it)",
    ),
    "doc_pay_info": (
        "发放单位：{issuer}　　列支科目：{budget_line}",
        "Paid by: {issuer}    Budget line: {budget_line}",
    ),
    "doc_pay_col_streak": ("连续获得次数", "Wins in a row"),
    "doc_pay_col_amount": ("奖金（元）", "Bonus (yuan)"),
    "doc_pay_col_capitals": ("金额（大写）", "Amount in capitals (大写)"),
    "doc_pay_total": ("合计", "Total"),
    "doc_pay_total_capitals": (
        "合计金额（大写）：{capitals}",
        "Total in capitals (大写): {capitals}",
    ),
    "doc_pay_none": ("本季度无奖金发放", "no bonus this quarter"),
    "doc_pay_draft": ("草稿不列发放名单", "a draft lists no payment"),
    "doc_pay_handler": ("经办人", "Prepared by"),
    "doc_pay_reviewer": ("审核", "Checked by"),
    "doc_pay_approver": ("审批", "Approved by"),
    "doc_font_none": (
        "找不到可用的中文字体，无法生成 PDF；请用 --font 指定一个中文字体文件（.ttf、.ttc 或 .otf），如 --font C:\\Windows\\Fonts\\simsun.ttc。已查找：{searched}",
        "no Chinese font found, so no PDF can be written; give one with --font (a .ttf, .ttc or .otf file), e.g. --font C:\\Windows\\Fonts\\simsun.ttc. Looked in: {searched}",
    ),
    "doc_font_missing": (
        "字体文件“{file}”不存在；请检查 --font 后的路径",
        "the font file '{file}' does not exist; check the path after --font",
    ),
    "doc_font_bad": (
        "字体文件“{file}”无法使用（{detail}）；请用 --font 指定其他中文字体",
        "the font file '{file}' cannot be used ({detail}); give another Chinese font with --font",
    ),
    "doc_font_no_cjk": ("不含中文字符", "it has no Chinese characters"),
    "doc_font_glyphs": (
        "字体“{file}”缺少以下字符：{chars}；请用 --font 指定包含这些字符的中文字体",
        "the font '{file}' lacks these characters: {chars}; give a Chinese font that has them with --font",
    ),
    "doc_write_failed": (
        "无法写入“{file}”：{detail}（如果该文件正在 PDF 阅读器中打开，请先关闭）",
        "cannot write '{file}': {detail} (if the file is open in a PDF reader, close it first)",
    ),
    # --- rater analysis (评议分析, SPEC 15; rater_analysis.py): warnings, rules comments ------
    "W_RATER_BIAS": (
        "{rater}（{name}）的评分平均比其他评分人对同一单位的评分{direction} {points} 分（共评 {n} 个单位；偏离最大：{units}）",
        "{rater} ({name}) rates on average {points} points {direction} than the other raters of the same units ({n} units; largest: {units})",
    ),
    "W_RATER_BIAS.hint": (
        "这是提示，不是结论：评分普遍偏宽或偏严本身并不违规，各单位得分不因此改变；可对照其评分表了解原因",
        "a reason to look, not a verdict: lenient or strict rating breaks no rule and no score changes; compare the rating form and ask why",
    ),
    "rater_dir_high": ("高", "higher"),
    "rater_dir_low": ("低", "lower"),
    "rater_unit_dev": ("{unit}（{d}）", "{unit} ({d})"),
    "rater_list_sep": ("、", ", "),
    "W_RATER_STRATEGIC": (
        "{rater}（{name}）给本场所最有竞争力的 {k} 个单位（{units}）的评分明显偏低：与其他评分人相比，比它给其余单位的评分低 {points} 分（S = {statistic}）；随机任选 {k} 个单位出现同样低的概率 p = {p}",
        "{rater} ({name}) rated the {k} strongest contenders of its site ({units}) markedly low: against the other raters, {points} points lower than the other units it rated (S = {statistic}); a random choice of {k} units is that low with probability p = {p}",
    ),
    "W_RATER_STRATEGIC.hint": (
        "可能是压低竞争对手的策略性评分，也可能有正当理由；请核对该单位的评分表并听取说明。各单位得分不因此改变",
        "this may be a strategic marking-down of rivals, or it may have a fair reason: check the unit's rating form and hear it out. No score changes",
    ),
    "W_RATER_PAIR": (
        "{rater}（{name}）与 {unit}（{unit_name}）互给高分：{rater} 给 {unit} 的评分比其他评分人高 {a_to_b} 分，{unit} 给 {rater} 的评分比其他评分人高 {b_to_a} 分",
        "{rater} ({name}) and {unit} ({unit_name}) rate each other high: {rater} rates {unit} {a_to_b} points above the other raters, and {unit} rates {rater} {b_to_a} points above them",
    ),
    "W_RATER_PAIR.hint": (
        "可能是相互照顾的评分，也可能是两个单位确实更了解彼此的工作；请核对两份评分表。各单位得分不因此改变",
        "this may be a trade of favours, or the two units may simply know each other's work better: check both rating forms. No score changes",
    ),
    "rules_toml.rater_bias_points": (
        "评议分析（只提示，不改变得分）：评分人的评分平均比其他评分人高或低这么多分时，警告 W_RATER_BIAS",
        "rater analysis (warnings only, no score changes): warn W_RATER_BIAS when a rater's ratings are on average this many points above or below the other raters'",
    ),
    "rules_toml.rater_strategic_p": (
        "评议分析：单位给本场所最强竞争对手的评分偏低，偶然出现的概率 p 不大于此值（且偏低达到 rater_strategic_points 分）时，警告 W_RATER_STRATEGIC",
        "rater analysis: warn W_RATER_STRATEGIC when a unit rates its site's strongest contenders low with a chance p of at most this (and by at least rater_strategic_points)",
    ),
    "rules_toml.rater_strategic_points": (
        "评议分析：W_RATER_STRATEGIC 要求的最少偏低分数（S ≤ -此值）",
        "rater analysis: the least marking-down W_RATER_STRATEGIC needs (S <= -this)",
    ),
    "rules_toml.rater_pair_points": (
        "评议分析：两个单位互相给对方的评分都比其他评分人高出这么多分时，警告 W_RATER_PAIR",
        "rater analysis: warn W_RATER_PAIR when two units each rate the other at least this many points above the other raters",
    ),
    # --- returns (returns.py, cli/cmd_status.py) and the intake page (web/, cli/cmd_serve.py) ---
    "help.status": (
        "交表情况：本季度应交的每一份表格是否已收到、有无错误。\n\n"
        "读取文件和文件夹（与 validate 相同；-r 读取子文件夹；网页收件箱中每位填表人只读最新上传的一份），"
        "不会改动任何文件。全部收齐且没有错误（可以有警告）时退出码为 0，否则为 1。\n\n\b\n示例：\n"
        "  python -m redflag_xlsx status 回收表格\n"
        "  python -m redflag_xlsx status 下发表格/收件箱 -r --json",
        "",
    ),
    "help.status.as_json": ("以 JSON 格式输出交表情况。", ""),
    "help.status.period": ("季度，如 2026Q4。默认：服务质量考核表中的季度。", ""),
    "returns_kind_combined": ("合并表格", "combined workbook"),
    "returns_summary": ("已收到 {received}/{expected} 份", "received {received}/{expected}"),
    "returns_summary_missing": ("；未收到：{forms}", "; missing: {forms}"),
    "returns_state_missing": ("未收到", "missing"),
    "returns_state_errors": ("有错误", "errors"),
    "returns_state_warnings": ("有警告", "warnings"),
    "returns_state_ok": ("已通过", "passed"),
    "returns_title": (
        "{period} 交表情况（{layout}，应交 {expected} 份）",
        "{period} returns ({layout}, {expected} expected)",
    ),
    "returns_layout_split": ("分发版", "split forms"),
    "returns_layout_combined": ("合并版", "combined workbook"),
    "returns_col_form": ("表格", "Form"),
    "returns_col_rater": ("填表人", "Filled by"),
    "returns_col_state": ("状态", "State"),
    "returns_col_errors": ("错误", "Errors"),
    "returns_col_warnings": ("警告", "Warnings"),
    "returns_col_files": ("文件", "Files"),
    "returns_others": ("其他文件（不计入上表）：", "Other files (not counted above):"),
    "returns_other_line": ("{file}：{what}", "{file}: {what}"),
    "returns_other_not_expected": (
        "本季度不需要这份表格（{form}）",
        "this quarter does not expect this form ({form})",
    ),
    "help.serve": (
        "交表网页：各单位和领导在浏览器中上传填好的表格，立即看到检查结果。\n\n"
        "文件夹是 build-template --out 生成的空白表格文件夹（据此确定季度、名单和表格种类）；"
        "上传的表格保存在其中的“收件箱”文件夹里，从不覆盖。默认只在本机（127.0.0.1）访问；"
        "使用其他 --host 时必须凭访问口令（--token，未给出时自动生成并显示）。按 Ctrl-C 停止。\n\n"
        '需要网页组件：pip install "redflag_xlsx[serve]"\n\n\b\n示例：\n'
        "  python -m redflag_xlsx serve 下发表格\n"
        "  python -m redflag_xlsx serve 下发表格 --host 0.0.0.0 --port 8765",
        "",
    ),
    "help.serve.host": ("监听的地址（默认 127.0.0.1，只有本机能访问）。", ""),
    "help.serve.port": ("端口（默认 8765；0 表示任选一个空闲端口）。", ""),
    "help.serve.token": ("访问口令；--host 不是本机地址时必需，未给出时自动生成。", ""),
    "serve_extra_missing": (
        '交表网页需要另外安装网页组件，请运行：pip install "redflag_xlsx[serve]"',
        'the intake page needs the web components: pip install "redflag_xlsx[serve]"',
    ),
    "serve_no_key": (
        "没有找到密钥（REDFLAG_SECRET 或 .redflag-key），无法校验上传表格的签名；请在生成表格时所在的文件夹中运行，或用 --key 指定密钥文件",
        "no key was found (REDFLAG_SECRET or .redflag-key), so uploads could not be checked; run in the folder where the forms were made, or give --key",
    ),
    "serve_no_forms": (
        "文件夹“{dir}”中没有空白表格；请指定 build-template --out 生成的文件夹",
        "the folder '{dir}' holds no blank forms; give the folder that build-template --out wrote",
    ),
    "serve_bad_form": (
        "文件夹“{dir}”中的“{file}”不属于本季度：{detail}；该文件夹只能放一个季度的空白表格，密钥须与生成表格时相同",
        "'{file}' in the folder '{dir}' is not a form of this quarter: {detail}; the folder must hold one quarter's blank forms, and the key must be the one they were made with",
    ),
    "serve_bind_failed": (
        "无法在 {host}:{port} 上启动网页：{detail}；该端口可能已被占用，请用 --port 换一个端口",
        "cannot serve on {host}:{port}: {detail}; the port may be in use: choose another with --port",
    ),
    "serve_started": (
        "交表网页已启动，请在浏览器中打开：{url}",
        "The intake page is running; open: {url}",
    ),
    "serve_token": (
        "访问口令：{token}（上面的网址已包含口令，请只发给需要交表的单位和领导）",
        "access token: {token} (the address above includes it: give it only to the people who hand in forms)",
    ),
    "serve_any_host": (
        "其他电脑请把网址中的 {host} 换成本机的 IP 地址",
        "from other computers, replace {host} in the address with this computer's IP address",
    ),
    "serve_inbox": ("上传的表格保存在：{dir}", "Uploads are kept in: {dir}"),
    "serve_stop_hint": ("按 Ctrl-C 停止。", "Press Ctrl-C to stop."),
    "serve_stopped": ("交表网页已停止。", "The intake page has stopped."),
    "web_period": ("{period} 交表", "{period} returns"),
    "web_nav_upload": ("上传表格", "Upload"),
    "web_nav_status": ("交表情况", "Returns"),
    "web_back": ("返回上传页面", "Back to the upload page"),
    "web_upload_title": ("上传填好的表格", "Upload filled forms"),
    "web_upload_intro": (
        "请上传本单位（或本人）填好的评选表格（.xlsx，可一次选择多个文件）。上传后立即显示检查结果；有问题的表格请按提示修改后重新上传，以最后一次上传的为准。",
        "Upload your filled forms (.xlsx; several files at once are fine). The findings are shown at once; correct a form as shown and upload it again: the last upload counts.",
    ),
    "web_drop_here": (
        "把表格文件拖到这里，或点击选择文件",
        "Drop the form files here, or click to choose them",
    ),
    "web_none_chosen": ("尚未选择文件", "No file chosen"),
    "web_upload_button": ("上传并检查", "Upload and check"),
    "web_upload_note": (
        "一次最多 {n} 个文件，合计不超过 {mb} MB。",
        "At most {n} files at once, {mb} MB together.",
    ),
    "web_too_large": (
        "上传的内容超过 {mb} MB，未接收；请分几次上传，或检查是否选错了文件",
        "the upload is larger than {mb} MB and was not accepted; upload fewer files at once, or check the files chosen",
    ),
    "web_too_many": ("一次最多上传 {n} 个文件", "at most {n} files at once"),
    "web_too_slow": (
        "上传用时过长，已中断；请检查网络后重新上传",
        "the upload took too long and was stopped; check the network and upload again",
    ),
    "web_no_file": ("请先选择要上传的表格文件", "choose the form files to upload first"),
    "web_results_title": ("检查结果", "Findings"),
    "web_state_ok": ("已通过", "passed"),
    "web_state_warnings": ("有警告", "warnings"),
    "web_state_errors": ("有错误", "errors"),
    "web_state_refused": ("未接收", "refused"),
    "web_received_text": ("已收到：{form}（{name}）。", "Received: {form} ({name})."),
    "web_received_text_plain": ("已收到：{form}。", "Received: {form}."),
    "web_ok_text": ("表格检查通过，无需再做什么。", "The form passed; nothing more to do."),
    "web_warnings_text": (
        "表格可以使用，但请看看下面的提醒；如需修改，改好后重新上传即可。",
        "The form can be used; please look at the notes below, and upload it again if you correct it.",
    ),
    "web_errors_text": (
        "表格有错误，请按下面的提示修改后重新上传（可下载标注了问题的副本）。",
        "The form has errors: correct them as shown below and upload it again (download the marked copy).",
    ),
    "web_refused_text": (
        "这不是本季度可以接收的表格，未计入；请看下面的原因。",
        "This is not a form this quarter can take; it was not counted. The reason is below.",
    ),
    "web_download": ("下载标注了问题的副本", "Download the marked copy"),
    "web_annotated_suffix": ("_已标注", "_marked"),
    "web_stored": ("已保存为 收件箱/{file}", "Kept as inbox/{file}"),
    "web_stored_refused": (
        "已另存为 收件箱/{file}，供管理员查看",
        "Kept apart as inbox/{file} for the clerk",
    ),
    "web_refused_count": (
        "另有 {n} 个未接收的上传，保存在 收件箱/_refused 中。",
        "{n} refused upload(s) are kept in inbox/_refused.",
    ),
    "web_status_note": (
        "刷新页面即可看到最新情况；每位填表人以最后一次上传的表格为准。",
        "Reload for the latest state; each rater's last upload counts.",
    ),
    "web_check_timeout": (
        "检查超时，未能读完该文件",
        "the check took too long; the file was not read",
    ),
    "web_check_failed": ("检查该文件时程序出错", "the check of this file failed"),
    "web_check_hint": (
        "该文件已另存，供管理员查看；请确认上传的是下发的表格，稍后再上传一次，仍不行请联系管理员",
        "the file was kept for the clerk; check that it is the form you were given, upload it again later, and contact the clerk if it still fails",
    ),
    "web_error_400": ("请求无效", "Bad request"),
    "web_error_403": ("不能访问", "Forbidden"),
    "web_error_404": ("找不到页面", "Not found"),
    "web_error_405": ("不支持的操作", "Not allowed"),
    "web_error_408": ("上传超时", "Upload too slow"),
    "web_error_413": ("文件太大", "Upload too large"),
    "web_error_500": ("服务器出错", "Server error"),
    "web_server_error": (
        "服务器处理时出错（可能是磁盘已满），本次上传可能未保存；请稍后重新上传，或联系管理员",
        "the server failed (the disk may be full); this upload may not be kept. Upload again later, or contact the clerk",
    ),
    "web_bad_request": (
        "请求无效，请返回上传页面重试",
        "bad request; go back to the upload page and try again",
    ),
    "web_not_found": ("找不到该页面", "this page does not exist"),
    "web_not_allowed": ("不支持这种操作", "this action is not supported here"),
    "web_token_required": (
        "需要访问口令：请使用管理员发给您的完整网址（含 token=…）打开本页面",
        "an access token is needed: open this page with the full address (with token=…) the clerk gave you",
    ),
    "web_csrf_failed": (
        "页面已过期或浏览器禁用了 Cookie，未接收上传；请刷新上传页面后重新上传",
        "the page has expired or cookies are disabled; nothing was received. Reload the upload page and upload again",
    ),
    "web_download_gone": (
        "该副本已不存在（网页重启后需重新上传）",
        "this copy is gone (after a restart, upload the form again)",
    ),
    # --- the 评议分析 sheet (results/analysis.py) -------------------------------------------
    "rsheet_analysis": ("评议分析", "Rater analysis"),
    "ana_title": ("{period_text}评议分析", "Rater analysis, {period_text}"),
    "ana_note": (
        "本表只供局领导参考，不改变任何得分。偏差 d = 该评分人的评分 − 其他评分人对同一单位评分的平均数；"
        "“宽严度”是一个评分人全部偏差的平均数（正数偏松、负数偏严）；“竞争压分”是对本场所最强的几个竞争单位的平均偏差"
        "减去对其他单位的平均偏差，p 值越小越不像偶然。评分个数、宽严度、P−L 等为公式；竞争压分与 p 值（置换检验）为程序算出的数值。"
        "警告只是值得关注的理由，不是结论。",
        "For the bureau's leaders; it changes no score. A deviation d = the rater's rating − the mean of the other "
        "raters' ratings of the same unit; leniency is a rater's mean deviation (positive: lenient, negative: "
        "strict); rival suppression is the mean deviation on its site's strongest contenders minus that on the "
        "other units, and the smaller p, the less likely by chance. Counts, leniency and P − L are formulas; "
        "the rival statistic and its p-value (a permutation test) are values computed by the program. A "
        "warning is a reason to look, not a verdict.",
    ),
    "ana_col_difference": ("互评−领导评议", "P − L"),
    "ana_col_peer_sum": ("互评合计", "Peer ratings: sum"),
    "ana_col_peer_count": ("互评个数", "Peer ratings: count"),
    "ana_col_lead_sum": ("领导评分合计", "Leaders' ratings: sum"),
    "ana_col_lead_count": ("领导评分个数", "Leaders' ratings: count"),
    "ana_raters": ("评分人", "Raters"),
    "ana_col_rater": ("评分人编号", "Rater"),
    "ana_col_rater_name": ("评分人名称", "Rater name"),
    "ana_col_kind": ("类别", "Kind"),
    "ana_col_rated": ("有偏差的评分个数", "Ratings with a deviation"),
    "ana_col_bias": ("宽严度（分）", "Leniency (points)"),
    "ana_col_rivals": ("主要竞争单位", "Strongest contenders (K)"),
    "ana_col_statistic": ("竞争压分 S", "Rival statistic S"),
    "ana_col_p": ("p 值", "p-value"),
    "ana_col_method": ("计算方式", "How p was computed"),
    "ana_col_pairs": ("互相抬分", "Rates up each other"),
    "ana_col_changes": ("去掉其评分后的变化", "Without its ratings"),
    "ana_col_warnings": ("警告", "Warnings"),
    "ana_kind_unit": ("单位", "unit"),
    "ana_kind_leader": ("领导", "leader"),
    "ana_exact": ("精确（{n} 种组合）", "exact ({n} choices)"),
    "ana_sampled": ("抽样（{n} 次）", "sampled ({n} draws)"),
    "ana_change": ("{unit}：{before} → {after}", "{unit}: {before} → {after}"),
    "ana_none": ("未获得", "none"),
    # --- hardening the edges (issue 12: SPEC 5 v2 codes, SPEC 8 nothing lost, bounded work,
    # terminal, drafts, exit codes) ----------------------------------------------------------
    "W_RATING_BLANK": (
        "{who} {rater}（{rater_name}）没有给 {unit}（{name}）评分：该格为空，{unit} 少计一份评分",
        "{who} {rater} ({rater_name}) left the rating of {unit} ({name}) blank: {unit} gets one rating fewer",
    ),
    "W_RATING_BLANK.hint": (
        "如属漏填，请补填该评分后重新提交；确实不评，可忽略此提示",
        "if it was missed, fill in the rating and hand the form in again; if it was left blank on purpose, ignore this",
    ),
    "E_HIDDEN_SHEET": (
        "工作表“{sheet}”被{how}，其名称与填写用的工作表相同；它的内容不会被读取，也看不到",
        "the sheet '{sheet}' is {how} and named like an input sheet; its content is not read and cannot be seen",
    ),
    "E_HIDDEN_SHEET.hint": (
        "请取消隐藏并删除这个多余的工作表（或在原始表格中重新填写），然后重新提交",
        "unhide and delete this extra sheet (or fill in the original form again), then hand it in again",
    ),
    "hidden_plain": ("隐藏", "hidden"),
    "hidden_very": (
        "深度隐藏（在 Excel 中无法直接取消隐藏）",
        "very hidden (Excel cannot unhide it from its menus)",
    ),
    "E_MERGED_INPUT": (
        "单元格区域 {range} 被合并，覆盖了填写用的单元格；合并后只保留左上角单元格的值，其余的值会丢失",
        "the cells {range} are merged over input cells; a merged range keeps only its top-left value and drops the others",
    ),
    "E_MERGED_INPUT.hint": (
        "请取消合并（“开始”→“合并后居中”→“取消单元格合并”），在每个单元格中分别填写，然后重新提交",
        "unmerge the cells (Home → Merge & Center → Unmerge Cells), fill in each cell on its own, and hand the form in again",
    ),
    "unreadable_too_large": (
        "工作表“{sheet}”的{what}超过上限 {limit}，为避免长时间占用内存未读取",
        "the sheet '{sheet}' holds more {what} than the limit of {limit}; it was not read, to keep the run short and small",
    ),
    "unreadable_too_large.hint": (
        "评分表通常只有几十到几千行；请删除表格下方多余的空行和格式（或在原始表格中重新填写），然后重新提交",
        "a form has tens to a few thousand rows; delete the extra blank rows and formatting below the table (or fill in the original form again), and hand it in again",
    ),
    "too_large_rows": ("行数", "rows"),
    "too_large_cells": ("单元格数", "cells"),
    "too_large_values": ("有内容的单元格数", "cells with content"),
    "too_large_strings": ("文本条目数", "text entries"),
    "too_large_text": ("文字数", "characters of text"),
    "too_large_elements": ("XML 元素数", "XML elements"),
    "path_not_found": (
        "找不到“{path}”：没有这个文件或文件夹",
        "'{path}' not found: there is no such file or folder",
    ),
    "out_is_input": (
        "“{file}”是本次读取的输入文件，不能被覆盖；请换一个输出文件名或文件夹",
        "'{file}' is one of the input files and is never written over; choose another output name or folder",
    ),
    "ledger_not_regular": (
        "{file}：这不是普通文件（可能是管道或设备），不能用作历史记录；请用 --history 指定一个 .db 文件",
        "{file}: not a regular file (a pipe or a device?), so it cannot be the ledger; give a .db file with --history",
    ),
    "not_regular_file": (
        "不是普通文件（可能是管道或设备）",
        "not a regular file (a pipe or a device?)",
    ),
    "hist_export_is_ledger": (
        "“{file}”就是历史记录文件本身，不能被导出的工作簿覆盖；请换一个文件名",
        "'{file}' is the ledger itself and is never written over by the export; choose another name",
    ),
    "env_error": (
        "无法完成：{file}：{detail}；请检查磁盘空间、文件夹权限，以及文件是否被其他程序占用",
        "could not finish: {file}: {detail}; check the free disk space, the folder's permissions, and whether another program holds the file",
    ),
    "env_error_nofile": (
        "无法完成：{detail}；请检查磁盘空间、文件夹权限，以及文件是否被其他程序占用",
        "could not finish: {detail}; check the free disk space, the folder's permissions, and whether another program holds the file",
    ),
    "env_no_memory": (
        "内存不足，无法完成；请关闭其他程序后重试，或分批处理文件",
        "not enough memory to finish; close other programs and try again, or process fewer files at once",
    ),
    "annotate_too_large": (
        "未生成“{file}”的标注副本（单元格超过 100000 个，或含有无法写回表格的内容）；问题见上面的列表",
        "no annotated copy of '{file}' (more than 100,000 cells, or content that cannot be written back); the findings are listed above",
    ),
    "annotate_more": (
        "另有 {n} 处问题未逐格标注，请见随附的问题列表（validate 的输出）",
        "{n} more findings are not marked cell by cell: see the list of findings sent with this copy (validate's output)",
    ),
    "res_draft_title": ("{title}（草稿）", "DRAFT (草稿): {title}"),
    "res_draft_notice_title": (
        "草稿：{period_text}评选结果尚未确定，不得公示",
        "DRAFT (草稿): the results of {period_text} are not final and must not be announced",
    ),
    "res_draft_notice_body": (
        "　　本工作簿是草稿：输入中还有 {n} 个错误（见“{issues}”工作表），其中的得分和名次仅供核对，不得公布。"
        "请按“{issues}”中的提示修正表格后重新统计，生成正式结果后再公示。",
        "This workbook is a draft: the input still has {n} error(s) (see the sheet '{issues}'); its scores and ranks are for checking only and must not be published. "
        "Correct the forms as the sheet '{issues}' says and tally again; announce only the final results.",
    ),
    # --- the seed's loose ends (issue 20): fixed satisfaction baseline, in-house units, the
    # contractor's streak, earlier winners imported, priority marked used, handover ---------
    "roster_col_baseline": ("基准满意率", "Baseline satisfaction"),
    "roster_bad_baseline": (
        "基准满意率“{value}”不是 0–100 之间的数",
        "baseline satisfaction '{value}' is not a number from 0 to 100",
    ),
    "roster_bad_cell": (
        "{file}：工作表“{sheet}”单元格 {cell}：{detail}",
        "{file}: sheet '{sheet}', cell {cell}: {detail}",
    ),
    "rules_toml.satisfaction_baseline": (
        '基准满意率为空时取什么："previous_quarter" 取历史记录中上一季度的本期满意率（默认，即“每下降/每上升”的字面含义）；\n"fixed" 取名册“基准满意率”列中该单位的固定基准（如合同约定的目标值）。\n上一季度基准会奖励波动：95 → 90 → 95 两个季度合计 −25 + 50 = +25 分，一直保持 95 则为 0（见 docs/rules-mapping.md）',
        'what a blank baseline satisfaction means: "previous_quarter" takes last quarter\'s rate from the ledger (default, the plain reading of 每下降/每上升);\n"fixed" takes the unit\'s fixed baseline from the roster column 基准满意率 (a contract target, say).\nA rolling baseline rewards swings: 95 -> 90 -> 95 nets -25 + 50 = +25 over two quarters, a steady 95 nets 0 (docs/rules-mapping.md)',
    ),
    "rules_toml.in_house_rates_peers": (
        "没有承包单位的自有单位（如物业管理处工程部）是否参加单位互评打分（true：参加，默认；false：只被评、不评别人）。\n原文四（二）1 以“后勤服务承包单位”为评议人，又说“各单位互相打分”，两种理解都可选用",
        "whether an in-house unit (no contractor, e.g. 物业管理处工程部) rates its peers (true: yes, default; false: it is rated but rates no one).\nSeed 四(二)1 names the contractors as the raters but says 'every unit rates every other', so both readings are offered",
    ),
    "cfg_no_peer_raters": (
        "单位 {unit}（{name}）没有任何单位为它互评（按 peer_scope 和 in_house_rates_peers 的设置），它将没有综合得分；请修改这两个参数或名册",
        "no unit rates unit {unit} ({name}) under the settings of peer_scope and in_house_rates_peers, so it would get no total; change those settings or the roster",
    ),
    "W_BASELINE_MISSING.fixed": (
        '{unit}（{name}）：基准满意率为空，名册中也没有该单位的基准满意率（satisfaction_baseline = "fixed"），满意率加减分按 0 计',
        "{unit} ({name}): the baseline satisfaction is blank and the roster gives the unit none "
        '(satisfaction_baseline = "fixed"); the satisfaction adjustment counts as 0',
    ),
    "W_BASELINE_MISSING.fixed.hint": (
        "在“基准满意率(%)”中填写，或在名册的“基准满意率”列中填写该单位的固定基准",
        "enter it under 'Baseline satisfaction (%)', or give the unit a fixed baseline in the roster's column 'Baseline satisfaction'",
    ),
    "res_src_roster": ("名册固定基准", "roster (fixed)"),
    "tpl_cli_baselines_fixed": (
        'satisfaction_baseline = "fixed"：基准满意率空着时取名册中的固定基准，不按历史记录预填上一季度的满意率',
        "satisfaction_baseline = \"fixed\": a blank baseline is the roster's fixed one; last quarter's rates are not filled in",
    ),
    "doc_st_src_roster": ("名册中的固定基准", "the roster's fixed baseline"),
    "res_not_applicable": ("不适用", "n/a"),
    "res_rule_baseline": ("基准满意率为空时", "Blank baseline satisfaction"),
    "res_baseline_previous": ("取上一季度本期满意率", "last quarter's rate"),
    "res_baseline_fixed": ("取名册固定基准", "the roster's fixed baseline"),
    "res_rule_in_house": ("自有单位参加互评打分", "In-house units rate their peers"),
    "structure_in_house_rater": (
        "{rater} 是自有单位，按规则（in_house_rates_peers = false）不参加单位互评打分",
        "{rater} is an in-house unit, which rates no peers under the rules (in_house_rates_peers = false)",
    ),
    # earlier winners: winners.xlsx (init) and history --import
    "imp_col_period": ("期间", "Period"),
    "imp_in_house": ("自有单位（无承包单位）", "in-house (no contractor)"),
    "imp_how_tallied": ("已统计", "tallied"),
    "imp_how_imported": ("已导入", "imported"),
    "imp_done": (
        "已导入 {n} 个季度（{periods}）、{wins} 面流动红旗到历史记录 {file}",
        "imported {n} quarter(s) ({periods}) with {wins} red flag(s) into the ledger {file}",
    ),
    "imp_not_done": (
        "“{file}”中有 {n} 个错误，未导入任何内容；请按上面的提示修改后重新导入",
        "'{file}' has {n} error(s); nothing was imported. Fix them as shown above and import again",
    ),
    "imp_no_roster": (
        "未核对单位编号：没有名册（可用 --roster 指定）",
        "unit codes not checked: no roster (give one with --roster)",
    ),
    "E_IMPORT_HEADER": (
        "第一个工作表中找不到表头：{headers}",
        "the first sheet has no header: {headers}",
    ),
    "E_IMPORT_HEADER.hint": (
        "第一个工作表的表头应为“期间、单位编号、承包单位”（init 生成的 winners.xlsx 即是）",
        "the first sheet's header row must read 期间, 单位编号, 承包单位 (as in the winners.xlsx init writes)",
    ),
    "E_IMPORT_EMPTY": (
        "没有任何获奖记录",
        "no wins are listed",
    ),
    "E_IMPORT_EMPTY.hint": (
        "每面流动红旗填写一行：期间、单位编号、承包单位",
        "one row per red flag won: period, unit code, contractor",
    ),
    "E_IMPORT_TOO_MANY": (
        "行数超过 {n} 行，不是获奖记录表",
        "more than {n} rows: not a list of winners",
    ),
    "E_IMPORT_PERIOD": (
        "期间“{value}”无法识别",
        "period '{value}' is not a quarter",
    ),
    "E_IMPORT_PERIOD.hint": (
        "写成 2026Q3 或 2026年第三季度",
        "write it as 2026Q3 or 2026年第三季度",
    ),
    "E_IMPORT_UNIT_BLANK": ("单位编号为空", "the unit code is blank"),
    "E_IMPORT_UNIT_BLANK.hint": (
        "填写获奖单位在名册中的编号（如 JG02）",
        "enter the winning unit's code from the roster (e.g. JG02)",
    ),
    "E_IMPORT_UNIT_UNKNOWN": (
        "单位编号“{unit}”不在名册中",
        "unit code '{unit}' is not in the roster",
    ),
    "E_IMPORT_UNIT_UNKNOWN.hint": (
        "连续次数按单位编号累计：请使用名册中的编号",
        "streaks are counted by unit code: use the roster's codes",
    ),
    "E_IMPORT_DUPLICATE": (
        "{period} 的 {unit} 重复（已在 {first} 填写）",
        "{unit} is listed twice for {period} (first at {first})",
    ),
    "E_IMPORT_DUPLICATE.hint": (
        "同一季度同一单位只填一行",
        "list a unit once per quarter",
    ),
    "E_IMPORT_IN_LEDGER": (
        "历史记录中已有 {period}（{how}），不覆盖",
        "the ledger already holds {period} ({how}); it is not overwritten",
    ),
    "E_IMPORT_IN_LEDGER.hint": (
        "删去该季度的行；如确需更正已导入的季度，先用 history --remove {period} 删除",
        "delete that quarter's rows; to correct an imported quarter, remove it first with history --remove {period}",
    ),
    "W_IMPORT_CONTRACTOR": (
        "{unit} 在 {period} 的承包单位“{given}”与名册中的“{roster}”不同：第一次统计时其连续获得次数将重新计算",
        "{unit}'s contractor in {period}, '{given}', is not the roster's '{roster}': its streak starts again at the first tally",
    ),
    "W_IMPORT_CONTRACTOR.hint": (
        "如承包单位确已更换，不必处理；如只是写法不同，请按名册改正后重新导入",
        "if the contractor did change, nothing to do; if it is only written differently, correct it as in the roster and import again",
    ),
    "imp_tpl_title": (
        "历届获奖单位（导入本工具使用前各季度的流动红旗）",
        "Earlier winners (the red flags of quarters before this tool was used)",
    ),
    "imp_tpl_sheet": ("历届获奖", "Winners"),
    "imp_tpl_notes_sheet": ("说明", "Notes"),
    "imp_tpl_period_tip": (
        "如 2026Q3 或 2026年第三季度",
        "e.g. 2026Q3 or 2026年第三季度",
    ),
    "imp_tpl_note_1": (
        "用途：连续获得两次、三次流动红旗的奖励更高（六、奖励办法）。在“{sheet}”中填入开始使用本工具之前各季度的获奖单位并导入，第一次统计时即按正确的连续次数计奖。",
        "Why: two and three flags in a row earn more (seed 六). List in '{sheet}' the winners of the quarters before this tool was used and import them, so the first tally pays the right tier.",
    ),
    "imp_tpl_note_2": (
        "每面流动红旗填一行：期间（如 2026Q3 或 2026年第三季度）、单位编号（与名册一致，如 JG02）、当时的承包单位（自有单位如物业管理处工程部留空）。例：2026Q3 | JG02 | 华信物业管理有限公司。",
        "One row per red flag: the period (2026Q3 or 2026年第三季度), the unit code (as in the roster, e.g. JG02), its contractor then (blank for an in-house unit). Example: 2026Q3 | JG02 | 华信物业管理有限公司.",
    ),
    "imp_tpl_note_3": (
        "连续次数只在同一承包单位下累计：承包单位更换后重新计算，因此请如实填写当时的承包单位。中间缺一个季度，连续即中断。",
        "A streak counts only under one contractor: it starts again when the contractor changes, so enter the contractor of the time. A missing quarter breaks the streak.",
    ),
    "imp_tpl_note_4": (
        "导入：python -m redflag_xlsx history --import winners.xlsx --roster roster.xlsx（有任何一行出错则全部不导入，并指出出错的单元格）。",
        "Import: python -m redflag_xlsx history --import winners.xlsx --roster roster.xlsx (if any row is wrong, nothing is imported and the cell is named).",
    ),
    "imp_tpl_note_5": (
        "导入的季度只记录获奖单位，没有得分；历史记录中已有的季度不会被覆盖。",
        "Imported quarters hold the winners only, no scores; a quarter already in the ledger is never overwritten.",
    ),
    # 重新招投标优先权 marked used
    "prio_reason_blank": (
        "--priority-used 需要 --reason 说明（如：2027年3月重新招投标时已使用）",
        "--priority-used needs --reason (e.g. used at the re-tender of March 2027)",
    ),
    "prio_none": (
        "{code} 的承包单位没有未使用的重新招投标优先权（持有者：{holders}）",
        "{code}'s contractor holds no unused re-tender priority (holders: {holders})",
    ),
    "prio_marked": (
        "已记录：{unit} 的承包单位“{contractor}”于 {earned} 取得的重新招投标优先权已使用（{reason}）",
        "recorded: the re-tender priority {contractor} earned with {unit} in {earned} is used ({reason})",
    ),
    "prio_needs_reason": (
        "--priority-used 必须同时给出 --reason",
        "--priority-used needs --reason",
    ),
    "hist_legend_imported": (
        "导入的季度只有获旗单位（★），没有得分。",
        "Imported quarters list the winners only (★), without scores.",
    ),
    "help.history.import_path": (
        "导入本工具使用前各季度的获奖单位（init 生成的 winners.xlsx：期间、单位编号、承包单位）；有任何错误则全部不导入。",
        "",
    ),
    "help.history.roster_path": ("导入时用来核对单位编号和承包单位的名册。", ""),
    "help.history.priority_used": (
        "记录该单位承包单位的重新招投标优先权已使用（需同时给出 --reason）。",
        "",
    ),
    "help.history.reason": ("说明（--priority-used 时必填）。", ""),
    # history --export: 奖励分 per unit and year, 重新招投标优先权, imported quarters
    "hist_sheet_points": ("奖励分", "Reward points"),
    "hist_sheet_priority": ("重新招投标优先权", "Re-tender priority"),
    "hist_sheet_imported": ("导入记录", "Imported"),
    "hist_col_year": ("年度", "Year"),
    "hist_col_year_wins": ("获得红旗次数", "Flags won"),
    "hist_col_year_points": ("奖励分合计", "Reward points"),
    "hist_col_year_bonus": ("奖金合计(元)", "Bonus (yuan)"),
    "hist_col_year_imported": ("其中导入季度（未计分）", "Of which imported (not counted)"),
    "hist_points_info": (
        "按单位、承包单位和年度合计的奖励分与奖金，供局年度对承包单位的考核使用（奖励分在本工具之外计入年度考核）；导入的季度只有获奖记录，其奖励分未计入合计。",
        "Reward points and bonuses per unit, contractor and year, for the bureau's annual contractor assessment (the points are added there, outside this tool); imported quarters hold winners only and are not in the totals.",
    ),
    "hist_col_prio_earned": ("取得季度", "Earned in"),
    "hist_col_prio_wins": ("连续获旗季度", "Quarters of the run"),
    "hist_col_prio_state": ("状态", "State"),
    "hist_col_prio_used_at": ("使用时间", "Used at"),
    "hist_col_prio_reason": ("使用说明", "Reason"),
    "hist_prio_valid": ("有效", "valid"),
    "hist_prio_used": ("已使用", "used"),
    "hist_prio_info": (
        "连续三次获得流动红旗的承包单位在重新招投标时享有绝对优先权（六.3）；原文未规定期限，故在标记为已使用（history --priority-used 单位编号 --reason 说明）之前一直有效。自有单位不适用。",
        "A contractor that won three flags in a row has absolute priority at the re-tender (seed 六.3); the seed sets no end, so it stays valid until marked used (history --priority-used CODE --reason TEXT). Not for in-house units.",
    ),
    "hist_col_imported_at": ("导入时间", "Imported at"),
    "hist_col_imported_cell": ("来源单元格", "Source cell"),
    # 流动红旗: the flags handed over
    "res_handover_title": ("流动红旗交接", "Flags handed over"),
    "res_handover_from": ("上季度（{period}）持有", "Held in {period}"),
    "res_handover_to": ("本季度（{period}）获得", "Won in {period}"),
    "res_handover_none": ("无", "none"),
    "res_handover_unknown": (
        "历史记录中没有 {period}",
        "{period} is not in the ledger",
    ),
    "res_handover_kept": ("{units} 继续持有", "{units} keep(s) the flag"),
    "res_handover_tied": ("{units} 并列待定", "{units} tied: the leaders decide"),
    # 奖金发放 and the evaluation group's signature block
    "rsheet_payout": ("奖金发放", "Payout"),
    "res_sign_line": ("{role}：{names}", "{role}: {names}"),
    "res_payout_note": (
        "金额（小写）取自“汇总”表；大写金额按统计结果写入，如修改了“规则”表中的奖金标准，请重新统计后再打印。",
        "The amounts in figures come from the summary; the amounts in capitals are those of the tally: if a bonus on the rules sheet is edited, tally again before printing.",
    ),
    # --- the inspection register (检查记录台账, SPEC 14): forms/register.py, intake/register.py,
    # results/register.py, build-template --register -----------------------------------------
    "sheet_register": ("检查记录台账", "Inspection register"),
    "sheet_register_lists": ("单位与项目", "Units and items"),
    "reg_col_date": ("日期", "Date"),
    "reg_col_item": ("考核项目", "Item"),
    "reg_col_description": ("情形描述", "Description"),
    "reg_col_evidence": ("依据编号", "Evidence no."),
    "reg_col_inspector": ("检查人", "Inspector"),
    "reg_col_verified": ("是否查实", "Verified"),
    "reg_info": (
        "每行记录一件事：检查或调查发现的偏差、投诉、事故、表扬、突发事件处理、文章、创新等。日期填 {first} 至 {last} 之间的日期；"
        "单位编号和考核项目从下拉列表中选择（见“{lists}”表）；“是否查实”为“是”的记录计入本季度考核，为“否”的不计入。行数不够时直接在下面接着填写。",
        "One row per event: a deviation found in an inspection or survey, a complaint, an accident, praise, an emergency, an article, an innovation. "
        "Dates from {first} to {last}; pick the unit code and the item from the lists (see the sheet '{lists}'). "
        "Rows whose 'Verified' is Yes count this quarter, rows with No do not. Add rows below as needed.",
    ),
    "reg_lists_title": ("单位与项目（{period}）", "Units and items ({period})"),
    "reg_lists_info": (
        "检查记录台账中单位编号、考核项目下拉列表的来源，由程序生成，请勿修改。",
        "The source of the register's dropdown lists, written by the program: do not edit.",
    ),
    "reg_disqualifies": ("取消资格", "disqualifies"),
    "dv_reg_date": (
        "填写 {first} 至 {last} 之间的日期，如 {first}。",
        "A date from {first} to {last}, e.g. {first}.",
    ),
    "dv_reg_date_error": (
        "日期须在本季度内（{first} 至 {last}），写成 {first} 这样的形式。",
        "The date must be in this quarter ({first} to {last}), typed like {first}.",
    ),
    "dv_reg_unit_code": (
        "从下拉列表中选择被考核单位的编号（单位名称见“{lists}”表）。",
        "Pick the unit's code from the list (names on the sheet '{lists}').",
    ),
    "dv_reg_unit_code_error": ("只能选择名单中的单位编号。", "Pick a unit code of the roster."),
    "dv_reg_item": ("从下拉列表中选择考核项目。", "Pick the item from the list."),
    "dv_reg_item_error": ("只能选择列表中的考核项目。", "Pick an item of the list."),
    "dv_reg_description": ("简要写明发现的情形。", "What was found, in short."),
    "dv_reg_evidence": (
        "检查单、调查表或投诉记录的编号。",
        "The number of the inspection sheet, survey or complaint record.",
    ),
    "dv_reg_inspector": ("检查人或记录人的姓名。", "Who inspected or recorded it."),
    "dv_reg_verified": (
        "经查实填“是”（计入考核）；未查实填“否”（不计入）。",
        "Yes when verified (it counts); No when not (it does not).",
    ),
    "dv_reg_verified_error": ("只能选择“是”或“否”。", "Pick Yes or No."),
    "tpl_cli_register": ("已生成检查记录台账：{path}", "Inspection register written: {path}"),
    "help.build-template.with_register": (
        "同时生成本季度的检查记录台账（检查记录台账_<期间>.xlsx），由检查人员在季度中逐条登记。",
        "",
    ),
    "E_REGISTER_DATE": (
        "检查记录第 {row} 行的日期“{value}”无法识别",
        "the date '{value}' in row {row} of the register is not understood",
    ),
    "reg_date_blank": (
        "检查记录第 {row} 行填写了内容，但没有日期",
        "row {row} of the register has entries but no date",
    ),
    "reg_date_outside": (
        "检查记录第 {row} 行的日期 {date} 不在 {period}（{first} 至 {last}）内",
        "the date {date} in row {row} of the register is not in {period} ({first} to {last})",
    ),
    "E_REGISTER_DATE.hint": (
        "日期写成 2026-11-3、2026/11/3、2026.11.3 或 2026年11月3日，且在本季度内；其他季度的事项记入该季度的台账",
        "type the date as 2026-11-3, 2026/11/3, 2026.11.3 or 2026年11月3日, within this quarter; "
        "events of another quarter go into that quarter's register",
    ),
    "E_REGISTER_UNIT": (
        "检查记录第 {row} 行的单位编号“{value}”不在名单中",
        "the unit code '{value}' in row {row} of the register is not in the roster",
    ),
    "reg_unit_blank": (
        "检查记录第 {row} 行没有填写单位编号",
        "row {row} of the register has no unit code",
    ),
    "E_REGISTER_UNIT.hint": (
        "从下拉列表中选择单位编号（单位名称见“单位与项目”表）",
        "pick the unit code from the list (names on the sheet 'Units and items')",
    ),
    "E_REGISTER_ITEM": (
        "检查记录第 {row} 行的考核项目“{value}”无法识别",
        "the item '{value}' in row {row} of the register is not a register item",
    ),
    "reg_item_blank": (
        "检查记录第 {row} 行没有填写考核项目",
        "row {row} of the register has no item",
    ),
    "E_REGISTER_ITEM.hint": (
        "从下拉列表中选择考核项目（见“单位与项目”表）",
        "pick the item from the list (see the sheet 'Units and items')",
    ),
    "W_REGISTER_UNVERIFIED": (
        "检查记录第 {row} 行（{what}）没有填写“是否查实”，不计入考核",
        "row {row} of the register ({what}) does not say whether it was verified; not counted",
    ),
    "reg_unverified_bare": (
        "检查记录第 {row} 行没有填写“是否查实”，不计入考核",
        "row {row} of the register does not say whether it was verified; not counted",
    ),
    "W_REGISTER_UNVERIFIED.hint": (
        "经查实的填“是”（计入考核），未查实的填“否”",
        "Yes when verified (it counts), No when not",
    ),
    "reg_event_what": ("{unit} {item}", "{unit} {item}"),
    "E_COUNT_MISMATCH": (
        "{unit}（{name}）的“{item}”填写为 {typed}，但检查记录台账中查实的记录为 {count} 条",
        "{unit} ({name}): '{item}' is typed as {typed}, but the register holds {count} verified event(s)",
    ),
    "count_mismatch_flag": (
        "{unit}（{name}）的“{item}”填写为“{typed}”，但检查记录台账中查实的记录为 {count} 条（有查实记录即为“是”）",
        "{unit} ({name}): '{item}' is typed as '{typed}', but the register holds {count} verified event(s) (any is Yes)",
    ),
    "E_COUNT_MISMATCH.hint": (
        "有检查记录台账时，这些次数以台账为准：请清空该格，或核对台账与本表后改正其中一处",
        "with a register these counts come from it: clear the cell, or check both and correct one",
    ),
    "rsheet_register": ("扣分依据", "Evidence"),
    "res_title_register": ("{period_text}扣分依据", "Evidence, {period_text}"),
    "res_info_register": (
        "检查记录台账中每一条查实的记录及其分值；“{quality}”中这些项目的次数由本表统计（COUNTIFS），改动本表，次数和得分随之重算。",
        "Every verified event of the inspection register and its points; the counts of these items on '{quality}' are counted from this sheet (COUNTIFS) and follow any change here.",
    ),
    "res_register_none": (
        "检查记录台账中没有查实的记录",
        "the inspection register holds no verified event",
    ),
    "res_col_event_points": ("分值", "Points"),
    "res_col_source": ("来源", "Source"),
    "res_source": ("{file} 第 {row} 行", "{file}, row {row}"),
}

_FALLBACK: Lang = "zh"


def current_lang(explicit: str | None = None) -> Lang:
    """The language to use: an explicit choice, else ``REDFLAG_LANG``, else Chinese."""
    value = (explicit or os.environ.get("REDFLAG_LANG") or _FALLBACK).strip().lower()
    if value.startswith("en"):
        return "en"
    return "zh"


def t(key: str, lang: str | None = None, /, **params: object) -> str:
    """The text for ``key`` in ``lang`` with ``params`` filled in (a :class:`~.messages.Msg`
    among them is rendered in the same language)."""
    zh, en = CATALOG[key]
    chosen = current_lang(lang)
    template = en if chosen == "en" else zh
    if not params:
        return template
    return template.format(
        **{k: v.render(chosen) if isinstance(v, Unrendered) else v for k, v in params.items()}
    )


class Unrendered:
    """A text rendered in the language of the text it is put into (:func:`t`): the base of
    :class:`~.messages.Msg`, :class:`~.messages.Texts` and :class:`~.messages.Joined`."""

    __slots__ = ()

    def render(self, lang: str | None = None) -> str:
        raise NotImplementedError
