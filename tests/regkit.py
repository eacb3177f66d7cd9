"""Helpers of the inspection register tests: a blank register, a quarter filled with one, and
counts made by hand.

    reg = blank_register(tmp_path / "blank")
    folder = quarter(blanks, tmp_path / "in", EVENTS)      # combined workbook + register
    sub = read(folder)

``EVENTS`` are typed as inspectors type them (dates as dates, as text in several ways, as
serial numbers; codes in another case or full width; items by either label or code), each with
what it means, so the counts can be made by hand without the program's help.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

from redflag_xlsx.core.register import register_items
from redflag_xlsx.core.roster import Roster
from redflag_xlsx.core.rules import Rules
from redflag_xlsx.forms.filling import Formatted, fill_register
from redflag_xlsx.forms.register import build_register

from fill import fill_combined
from readkit import COMBINED, DATA, KEY, ROSTER

REGISTER = "检查记录台账_2026Q4.xlsx"
REGISTER_CODES = {i.code for i in register_items(Rules.default())}

# (what is typed: column key -> value, what it means: (unit, item code, counted))
EVENTS: list[tuple[dict[str, Any], tuple[str, str, bool]]] = [
    (
        {
            "date": dt.date(2026, 10, 9),
            "unit_code": "JG01",
            "item": "检查一般偏差",
            "description": "楼道地面有积水",
            "evidence": "JC-001",
            "inspector": "赵敏",
            "verified": "是",
        },
        ("JG01", "inspection_minor", True),
    ),
    (
        {"date": "2026.10.12", "unit_code": "JG01", "item": "检查一般偏差", "verified": "是"},
        ("JG01", "inspection_minor", True),
    ),
    (
        {"date": "2026/11/3", "unit_code": "jg01", "item": "检查较大偏差", "verified": "Y"},
        ("JG01", "inspection_major", True),
    ),
    (
        {"date": "11月3日", "unit_code": "JG02", "item": "一般投诉", "verified": "是"},
        ("JG02", "complaint_general", True),
    ),
    (
        {"date": "2026年11月20日", "unit_code": "JG02", "item": "一般投诉", "verified": "否"},
        ("JG02", "complaint_general", False),  # looked into, not verified
    ),
    (
        {"date": 46340, "unit_code": "ＪＧ０３", "item": "领导表扬", "verified": "是"},
        ("JG03", "leader_praise", True),  # an Excel serial typed in a General cell: 2026-11-14
    ),
    (
        {
            "date": Formatted(46341, "yyyy年m月d日"),
            "unit_code": "JG03",
            "item": "leader_praise",
            "verified": "√",
        },
        ("JG03", "leader_praise", True),
    ),
    (
        {"date": "２０２６．１２．１", "unit_code": "XZ01", "item": "简报文章", "verified": 1},
        ("XZ01", "bulletin_article", True),
    ),
    (
        {
            "date": "2026-12-02",
            "unit_code": "XZ02",
            "item": "inspection: repeated deviation",
            "verified": "是",
        },
        ("XZ02", "inspection_repeat", True),
    ),
    (
        {"date": "20261215", "unit_code": "XZ02", "item": " 创新成效 ", "verified": "是"},
        ("XZ02", "innovation", True),
    ),
    (
        {
            "date": dt.date(2026, 12, 31),
            "unit_code": "JG04",
            "item": "整改通知书",
            "verified": "是",
        },
        ("JG04", "rectification_notice", True),
    ),
]


def typed(events=EVENTS) -> list[dict[str, Any]]:
    return [copy.deepcopy(e) for e, _meaning in events]


def hand_counts(events=EVENTS) -> Counter[tuple[str, str]]:
    """(unit, item) -> the events that count, from what each event means."""
    return Counter((unit, item) for _e, (unit, item, counted) in events if counted)


def blank_register(
    folder: Path, period: str = "2026Q4", lang: str = "zh", roster: Roster = ROSTER, key=KEY
) -> Path:
    return build_register(roster, period, folder, lang=lang, key=key)


def scoring_without_register_items(data=DATA) -> dict[str, dict[str, Any]]:
    """The complete quarter's scoring rows with every register item left blank."""
    return {
        unit: {k: v for k, v in row.items() if k not in REGISTER_CODES}
        for unit, row in data["scoring"].items()
    }


def quarter(
    blanks,
    folder: Path,
    events: list[dict[str, Any]] | None = None,
    *,
    scoring: dict[str, dict[str, Any]] | None = None,
    register_name: str = REGISTER,
) -> Path:
    """``folder`` with the combined workbook of the complete quarter (register items blank,
    then ``scoring`` changes) and the register filled with ``events`` (default: ``EVENTS``)."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = scoring_without_register_items()
    for unit, changes in (scoring or {}).items():
        rows[unit].update(changes)
    fill_combined(
        blanks.combined,
        out=folder / COMBINED,
        scoring=rows,
        peer=DATA["peer"],
        leadership=DATA["leadership"],
    )
    blank = blank_register(folder.parent / f"blank-{folder.name}")
    fill_register(blank, folder / register_name, events=typed() if events is None else events)
    return folder
