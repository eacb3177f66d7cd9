"""The whole quarter on the sample roster, in one call: build, fill (the returns table while the
forms come in), tally, and the 公示, statements and payout list as PDF.

The sample data are deterministic and plausible, and include one disqualified unit (a
rectification notice) and one warning (a blank baseline satisfaction), so a newcomer sees every
part of the flow.  ``samples/`` in the repository is what :func:`run_demo` writes for 2026Q4.
"""

from __future__ import annotations

import datetime as _dt
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .core.i18n import current_lang
from .core.peers import peer_raters, rated_by
from .core.period import Period
from .core.roster import Roster
from .core.rules import Rules

if TYPE_CHECKING:
    from .core.scoring import Result
    from .returns import Returns
    from .workflow import TallyRun

DEMO_SEED = 2026
DISQUALIFIED_UNIT = "JG04"  # receives a 整改通知书: the would-be runner-up loses its flag
BLANK_BASELINE_UNIT = "XZ03"  # W_BASELINE_MISSING


@dataclass
class SampleData:
    """Values typed into the forms: ``scoring[unit][column key]``, ``peer[rater][unit]``,
    ``leadership[leader][unit]``."""

    scoring: dict[str, dict[str, Any]] = field(default_factory=dict)
    peer: dict[str, dict[str, Any]] = field(default_factory=dict)
    leadership: dict[str, dict[str, Any]] = field(default_factory=dict)


def sample_data(roster: Roster, rules: Rules | None = None, seed: int = DEMO_SEED) -> SampleData:
    """Deterministic, plausible values for every form of ``roster``."""
    rules = rules or Rules.default()
    rng = random.Random(seed)
    data = SampleData()
    # a hidden "true quality" per unit drives every score, so the ratings agree with each other
    merit = {u.code: rng.uniform(82, 96) for u in roster.units}
    for unit in roster.units:
        good = merit[unit.code] > 89
        row: dict[str, Any] = {
            "inspection_minor": rng.choice([0, 0, 1, 1, 2, 3]),
            "inspection_major": rng.choice([0, 0, 0, 1]),
            "survey_minor": rng.choice([0, 1, 1, 2]),
            "complaint_general": rng.choice([0, 0, 0, 0, 1]),
            "leader_praise": rng.choice([0, 1]) if good else 0,
            "bulletin_article": rng.choice([0, 0, 1]),
            "innovation": rng.choice([0, 0, 1]),
            "management_good": "是" if good or rng.random() < 0.5 else "否",
        }
        baseline = round_half(rng.uniform(86, 95))
        row["baseline"] = baseline
        row["current"] = round_half(baseline + rng.uniform(-1.5, 1.5))
        row = {k: v for k, v in row.items() if v not in (0, None)}
        data.scoring[unit.code] = row
    data.scoring[DISQUALIFIED_UNIT]["rectification_notice"] = "是"
    data.scoring[DISQUALIFIED_UNIT]["remark"] = "本季度收到整改通知书（示例数据）"
    data.scoring[BLANK_BASELINE_UNIT].pop("baseline", None)

    for rater in peer_raters(roster, rules):
        data.peer[rater.code] = {
            u.code: _rating(rng, merit[u.code]) for u in rated_by(roster, rules, rater.code)
        }
    for leader in roster.leaders:
        data.leadership[leader.code] = {u.code: _rating(rng, merit[u.code]) for u in roster.units}
    return data


# 情形描述 and the prefix of 依据编号 per register item, for the sample register
_EVENT_TEXTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "inspection_minor": ("JC", ("楼道地面有积水未及时清理", "消防通道堆放杂物", "值班记录不完整")),
    "inspection_major": ("JC", ("设备巡检记录缺失一周", "电梯机房未上锁")),
    "inspection_repeat": ("JC", ("上次检查指出的问题仍未整改",)),
    "survey_minor": ("DC", ("满意度调查中反映服务响应慢", "调查反映卫生间保洁不及时")),
    "survey_major": ("DC", ("调查反映多次报修无人处理",)),
    "survey_repeat": ("DC", ("调查再次反映同一问题",)),
    "complaint_general": ("TS", ("办公室人员投诉空调报修超时", "投诉会议室未按时布置")),
    "complaint_major": ("TS", ("食品安全投诉，经查实",)),
    "passive_work": ("JC", ("布置的专项工作未按时完成",)),
    "safety_accident": ("SG", ("发生安全事故",)),
    "leader_praise": ("BY", ("市领导来信表扬会议保障工作", "市领导批示肯定服务工作")),
    "emergency_handling": ("TF", ("暴雨夜间排水抢险处置得力",)),
    "bulletin_article": ("JB", ("服务中心简报刊发经验文章",)),
    "journal_article": ("QK", ("在公开期刊发表管理文章",)),
    "innovation": ("CX", ("推行报修二维码，响应时间缩短一半",)),
    "discipline_breach": ("JL", ("严重违反工作纪律",)),
    "rectification_notice": ("ZG", ("收到整改通知书（示例数据）",)),
}
_INSPECTORS = ("赵敏", "钱伟", "孙丽", "李强")
UNVERIFIED_UNIT = "JG05"  # a complaint that was looked into and not verified: not counted


def sample_register(
    data: SampleData,
    period: Period | str,
    rules: Rules | None = None,
    lang: str = "zh",
    seed: int = DEMO_SEED,
) -> list[dict[str, Any]]:
    """The inspection register that gives ``data``'s counts: one verified event per count of
    every register item (and per 是 of a disqualifying flag), dated in ``period``, in date
    order as inspectors fill it; plus one complaint not verified (否).  What a person types:
    item labels in ``lang``, most dates as dates and a few as text ("2026.11.3", "11月3日")."""
    from .core.dates import quarter_days
    from .core.i18n import t
    from .core.register import register_items

    rules = rules or Rules.default()
    rng = random.Random(seed)
    first, last = quarter_days(period)
    days = (last - first).days
    events: list[tuple[_dt.date, int, dict[str, Any]]] = []
    yes, no = t("yes", lang), t("no", lang)
    for code, row in data.scoring.items():
        for item in register_items(rules):
            typed = row.get(item.code, 0)
            n = (1 if typed in ("是", "Yes", 1, True) else 0) if item.flag else int(typed or 0)
            prefix, texts = _EVENT_TEXTS.get(item.code, ("JC", (item.label(lang),)))
            for _ in range(n):
                day = first + _dt.timedelta(days=rng.randint(0, days))
                event: dict[str, Any] = {
                    "unit_code": code,
                    "item": item.label(lang),
                    "description": rng.choice(texts),
                    "inspector": rng.choice(_INSPECTORS),
                    "verified": yes,
                    "_prefix": prefix,
                }
                events.append((day, len(events), event))
    complaint = next(i for i in register_items(rules) if i.code == "complaint_general")
    day = first + _dt.timedelta(days=days // 2)
    unverified: dict[str, Any] = {
        "unit_code": UNVERIFIED_UNIT,
        "item": complaint.label(lang),
        "description": "投诉电梯停运，经核实为计划检修且已提前通知，不属实",
        "inspector": _INSPECTORS[0],
        "verified": no,
        "_prefix": "TS",
    }
    events.append((day, len(events), unverified))
    events.sort(key=lambda e: (e[0], e[1]))
    out = []
    for n, (day, _i, event) in enumerate(events, start=1):
        prefix = event.pop("_prefix")
        event["evidence"] = f"{prefix}-{Period.of_date(day)}-{n:03d}"
        # most dates picked from the date format, some typed as text, as people do
        event["date"] = (
            f"{day.year}.{day.month}.{day.day}"
            if n % 7 == 3
            else f"{day.month}月{day.day}日"
            if n % 7 == 5
            else day
        )
        out.append(event)
    return out


def without_register_items(data: SampleData, rules: Rules | None = None) -> SampleData:
    """``data`` with the register items' counts left blank on the scoring sheet: with a
    register, the clerk types none of them (the register gives them)."""
    from .core.register import register_items

    codes = {i.code for i in register_items(rules or Rules.default())}
    scoring = {
        unit: {k: v for k, v in row.items() if k not in codes} for unit, row in data.scoring.items()
    }
    return SampleData(scoring=scoring, peer=data.peer, leadership=data.leadership)


def round_half(x: float) -> float:
    """To the nearest 0.5, as people type ratings (a demo value, not a score: no Excel rules)."""
    return int(x * 2 + 0.5) / 2


def _rating(rng: random.Random, merit: float) -> float:
    return min(100.0, round_half(merit + rng.gauss(0, 2.5)))


@dataclass
class DemoRun:
    """What :func:`run_demo` wrote and computed."""

    forms: list[Path]  # the blank forms and the blank register
    filled: list[Path]
    tally: TallyRun
    returns_midway: Returns | None = None  # status while the forms come in (the register in)
    returns: Returns | None = None  # status once every form is in (from the tally's reading)
    pdf_skipped: bool = False  # PDFs asked for, but no Chinese font on this computer

    @property
    def documents(self) -> list[Path]:
        return self.tally.documents

    @property
    def result(self) -> Result:
        return self.tally.result


def run_demo(
    out_dir: str | Path,
    *,
    period: Period | str | None = None,
    split: bool = False,
    lang: str | None = None,
    pdf: bool = True,
) -> DemoRun:
    """A whole quarter in ``out_dir``: blank forms and the inspection register in ``forms/``
    (signed with the key file ``.redflag-key`` there, or ``REDFLAG_SECRET``), the same filled
    with :func:`sample_data` and :func:`sample_register` in ``filled/`` (the register gives
    the counts: the scoring sheet leaves them blank) -- the register first, then the forms, with
    the returns table (``status``) taken while they come in --, and the tally of those: the
    results workbook, the history ledger and, with ``pdf`` (when a Chinese font is found), the
    公示, the statements and the payout list.  Running it again replaces the quarter."""
    from .core.errors import ConfigError
    from .documents.fonts import find_font
    from .forms.filling import fill_register, fill_workbook
    from .forms.register import build_register
    from .forms.templates import build_templates
    from .returns import Layout, read_returns, returns_of
    from .workflow import run_tally
    from .xlsx.signing import load_key

    out = Path(out_dir)
    period = Period.parse(period) if period else Period.today()
    roster, rules, lang = Roster.sample(), Rules.default(), current_lang(lang)
    key = load_key(out / ".redflag-key", create=True)
    full = sample_data(roster, rules)
    data = without_register_items(full, rules)
    forms = build_templates(
        roster, period, out / "forms", rules=rules, split=split, lang=lang, key=key
    )
    register = build_register(roster, period, out / "forms", rules=rules, lang=lang, key=key)
    events = sample_register(full, period, rules, lang)
    # the inspectors' register comes in first, then the forms: the returns table half-way
    register_filled = fill_register(register, out / "filled" / register.name, events=events)
    filled: list[Path] = []
    layout: Layout = "split" if split else "combined"
    half = len(forms) // 2
    midway = None
    for n, form in enumerate(forms):
        if n == half:
            midway = read_returns(
                [out / "filled"],
                roster=roster,
                period=period,
                rules=rules,
                key=key,
                layout=layout,
                use_history=False,
            )
        filled.append(
            fill_workbook(
                form,
                out / "filled" / form.name,
                scoring=data.scoring,
                peer=data.peer,
                leadership=data.leadership,
                rules=rules,
            )
        )
    forms.append(register)
    filled.append(register_filled)
    skipped = False
    font = None
    if pdf:
        try:
            font = find_font(None)
        except ConfigError:  # no Chinese font here: the demo runs without the PDFs
            skipped, pdf = True, False
    run = run_tally(
        [out / "filled"],
        out=out,
        rules=rules,
        key=key,
        force=True,
        lang=lang,
        pdf=pdf,
        font=font,
    )
    sub = run.submission
    returns = returns_of(sub, sub.issues if sub.errors else run.result.issues, rules, layout)
    return DemoRun(
        forms=forms,
        filled=filled,
        tally=run,
        returns_midway=midway,
        returns=returns,
        pdf_skipped=skipped,
    )
