"""Write docs/findings.md, the Chinese reference of every finding code, from the catalog.

    python tools/findings_doc.py

Each code (``E_…``, ``W_…`` in redflag_xlsx/core/i18n.py) with its severity, a message as the
tool prints it (the catalog's text filled with the sample values below) and how to fix it (the
code's hint).  tests/test_findings_doc.py fails when the file differs from what this writes: a
code added to the catalog needs its sample values here (else it shows …) and a new run.
"""

from __future__ import annotations

import re
import string
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from redflag_xlsx.core.i18n import CATALOG, t  # noqa: E402
from redflag_xlsx.core.messages import Msg  # noqa: E402

OUT = ROOT / "docs" / "findings.md"
CODE = re.compile(r"[EW]_[A-Z_]+")

# sample values of the placeholders, by name; per code where a code needs its own
COMMON: dict[str, object] = {
    "unit": "XZ02",
    "name": "中心安保服务项目",
    "rater": "JG04",
    "rater_name": "张志强",
    "who": "领导",
    "value": "101",
    "column": "对 JG03（大楼保洁服务项目）的评分",
    "expected": Msg("expect_rating"),
    "period": "2026Q3",
    "what": "单位互评评分",
    "detail": "文件已损坏或不是 .xlsx 格式",
    "row": 12,
}
PER_CODE: dict[str, dict[str, object]] = {
    "W_LOW_COVERAGE": {"got": 7, "expected": 11, "min": "2/3"},
    "E_FORMAT_VERSION": {"found": "9", "expected": "1"},
    "E_PERIOD_MISMATCH": {"found": "2026Q3", "expected": "2026Q4"},
    "E_ROSTER_MISMATCH": {"found": "3f2a9c01b7d4", "expected": "a81c55e0f912"},
    "E_STRUCTURE": {"detail": "缺少单位 JG05 的行"},
    "E_NOT_A_NUMBER": {"value": "85分"},
    "E_NOT_INTEGER": {
        "value": "1.5",
        "column": "检查一般偏差",
        "expected": Msg("expect_count"),
    },
    "E_BAD_CHOICE": {"value": "可能", "column": "制度诚信良好", "expected": Msg("expect_flag")},
    "E_SELF_RATING": {"value": "90"},
    "W_OUT_OF_SCOPE": {"rater": "JG02", "unit": "XZ01", "value": "88"},
    "E_DUPLICATE": {
        "what": "JG02 的单位互评",
        "other": "回收表格/单位互评_2026Q4_JG02 (1).xlsx",
        "column": "对 JG03 的评分",
        "value": "90",
        "other_value": "92",
    },
    "W_DUPLICATE_IDENTICAL": {
        "what": "JG02 的单位互评",
        "other": "回收表格/单位互评_2026Q4_JG02 (1).xlsx",
    },
    "W_MISSING_RATER": {"who": "单位", "rater": "JG06", "name": "大楼绿化养护项目"},
    "W_FORMULA_IN_INPUT": {"formula": "80+5", "value": "85"},
    "W_TEXT_NUMBER": {"value": "85", "number": "85"},
    "W_RATE_FRACTION": {"column": "基准满意率(%)", "value": "0.93", "percent": "93"},
    "W_RATER_FLAT": {"who": "领导", "rater": "LD03", "name": "张志强", "count": 12, "value": 95},
    "W_RATER_BIAS": {
        "rater": "LD03",
        "name": "张志强",
        "direction": "低",
        "points": "9.5",
        "n": 12,
        "units": "JG03 −15.0、XZ01 −12.5",
    },
    "W_RATER_STRATEGIC": {
        "rater": "JG02",
        "name": "大楼物业服务项目",
        "k": 2,
        "units": "JG08、JG03",
        "points": "11.2",
        "statistic": "-11.2",
        "p": "0.004",
    },
    "W_RATER_PAIR": {
        "rater": "JG02",
        "name": "大楼物业服务项目",
        "unit": "JG05",
        "unit_name": "大楼安保服务项目",
        "a_to_b": "9.0",
        "b_to_a": "8.5",
    },
    "W_RATING_BLANK": {"who": "领导", "rater": "LD03", "rater_name": "张志强"},
    "E_HIDDEN_SHEET": {"sheet": "单位互评", "how": "隐藏"},
    "E_MERGED_INPUT": {"range": "E5:F5"},
    "E_IMPORT_HEADER": {"headers": "期间、单位编号、承包单位"},
    "E_IMPORT_TOO_MANY": {"n": 10000},
    "E_IMPORT_PERIOD": {"value": "2026年三季度"},
    "E_IMPORT_UNIT_UNKNOWN": {"unit": "JG99"},
    "E_IMPORT_DUPLICATE": {"unit": "JG02", "first": "第 3 行"},
    "E_IMPORT_IN_LEDGER": {"how": "由统计记入"},
    "W_IMPORT_CONTRACTOR": {
        "unit": "JG05",
        "given": "金盾保安服务有限公司",
        "roster": "银盾保安服务有限公司",
    },
    "E_REGISTER_DATE": {"value": "11月32日"},
    "E_REGISTER_UNIT": {"value": "JG99"},
    "E_REGISTER_ITEM": {"value": "卫生不好"},
    "W_REGISTER_UNVERIFIED": {"what": "JG03 检查一般偏差"},
    "E_COUNT_MISMATCH": {
        "unit": "JG03",
        "name": "大楼保洁服务项目",
        "item": "检查一般偏差",
        "typed": 2,
        "count": 3,
    },
}


def _filled(key: str, code: str) -> str:
    """The catalog's Chinese text of ``key`` with the sample values (… where none is known)."""
    template = CATALOG[key][0]
    names = {f for _, f, _, _ in string.Formatter().parse(template) if f}
    values = {**COMMON, **PER_CODE.get(code, {})}
    return t(key, "zh", **{n: values.get(n, "…") for n in names})


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render() -> str:
    codes = [k for k in CATALOG if CODE.fullmatch(k)]
    errors = [c for c in codes if c.startswith("E_")]
    warnings = [c for c in codes if c.startswith("W_")]
    lines = [
        "# 检查结果代码一览",
        "",
        "<!-- 本文件由 tools/findings_doc.py 根据程序的文字目录（redflag_xlsx/core/i18n.py）生成，"
        "请勿手工修改；tests/test_findings_doc.py 检查它与程序一致。 -->",
        "",
        "`validate` 和 `tally` 发现的每个问题都有一个代码：`E_` 开头的是**错误**，"
        "改正之前不能统计（`tally` 不生成结果，退出码为 1；加 `--allow-errors` 只生成草稿）；"
        "`W_` 开头的是**警告**，统计照常进行，结果工作簿的“校验问题”表中列出。"
        "下表的“提示示例”就是程序显示的文字（其中的编号、数值是示例），“处理方法”是程序随之给出的建议。"
        "英文版见 [validation.md](validation.md)（“Every finding”一节）。",
        "",
    ]
    for title, group in (("错误（改正后才能统计）", errors), ("警告（不影响统计）", warnings)):
        lines += [f"## {title}", "", "| 代码 | 提示示例 | 处理方法 |", "|---|---|---|"]
        for code in group:
            hint = _filled(f"{code}.hint", code) if f"{code}.hint" in CATALOG else "—"
            lines.append(f"| `{code}` | {_cell(_filled(code, code))} | {_cell(hint)} |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    OUT.write_text(render(), encoding="utf-8")
    print(OUT)
