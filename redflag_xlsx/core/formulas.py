"""Every scoring step of SPEC 2 written once as spreadsheet formula text.

Each builder mirrors one function of :mod:`.scoring`, in the same order of operations, and
returns formula text without the leading ``=``.  What a formula reads is given to it as text:
cell references of the sheet being written, and the rules' parameters as :class:`RuleRefs` --
cells of the 规则 sheet in the results workbook (``results.report.write_rules`` returns them),
or the numbers typed in (:meth:`RuleRefs.typed`) for the live 考核得分 of the blank forms.
Only functions every spreadsheet program has are used (IF, COUNT, ROUND, TRUNC, AVERAGE, SUM,
MAX, MIN, COUNTIF, COUNTIFS, SUMPRODUCT, EXACT, INDEX, MATCH, OR).  ``tests/test_formulas.py``
pins each builder's text; the LibreOffice recalculation tests prove the results equal the
engine's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .rules import Rules

__all__ = [
    "RuleRefs",
    "TierRefs",
    "aggregate",
    "count_points",
    "difference",
    "flag_points",
    "number_text",
    "plain_criteria",
    "quality",
    "rank",
    "rater_deviations",
    "rater_leniency",
    "register_count",
    "register_flag",
    "satisfaction_adjustment",
    "satisfaction_delta",
    "tier_value",
    "total",
]


def number_text(x: float) -> str:
    """A number as a formula literal: ``-1``, not ``-1.0``."""
    return str(int(x)) if float(x).is_integer() else repr(float(x))


@dataclass(frozen=True)
class TierRefs:
    """The reward tiers as four ranges of one table (min streak ascending)."""

    streak: str
    points: str
    bonus: str
    priority: str


@dataclass(frozen=True)
class RuleRefs:
    """The rules' parameters as formulas read them: each is formula text, a cell reference or
    a number typed in.  A bound of ``None`` is not set (no MAX/MIN)."""

    base: str
    up: str
    down: str
    w_quality: str
    w_peer: str
    w_leadership: str
    trim_min: str
    q_min: str | None
    q_max: str | None
    points: Mapping[str, str] = field(default_factory=dict)  # item code -> its points
    tiers: TierRefs | None = None

    @classmethod
    def typed(cls, rules: Rules) -> RuleRefs:
        """The rules' own numbers typed into the formula."""
        low, high = rules.quality_limits
        w = rules.weights
        return cls(
            base=number_text(rules.base_score),
            up=number_text(rules.satisfaction_up_points),
            down=number_text(rules.satisfaction_down_points),
            w_quality=number_text(w.quality),
            w_peer=number_text(w.peer),
            w_leadership=number_text(w.leadership),
            trim_min=number_text(rules.trim_min_count),
            q_min=None if low is None else number_text(low),
            q_max=None if high is None else number_text(high),
            points={i.code: number_text(i.points) for i in rules.items},
        )


# --- satisfaction (scoring.satisfaction_delta, satisfaction_adjustment) ----------------------
def satisfaction_delta(baseline: str, current: str) -> str:
    """``d = ROUND(current - baseline, 6)``."""
    return f"ROUND({current}-{baseline},6)"


def satisfaction_adjustment(delta: str, refs: RuleRefs, mode: str) -> str:
    """+up per full point up, -down per full point down (``proportional``: per point, rounded
    to 2 decimals)."""
    per = f"IF({delta}>=0,{refs.up},{refs.down})"
    if mode == "proportional":
        return f"ROUND({per}*{delta},2)"
    return f"{per}*TRUNC({delta})"


def delta_or_blank(baseline: str, current: str) -> str:
    """The results' 满意率变化 cell: ``d``, blank when either rate is missing."""
    return f'IF(COUNT({baseline},{current})<2,"",{satisfaction_delta(baseline, current)})'


def adjustment_or_zero(delta_cell: str, refs: RuleRefs, mode: str) -> str:
    """The results' 满意率加减分 cell: the adjustment of the ``d`` cell, 0 when it is blank."""
    return f"IF(COUNT({delta_cell})=0,0,{satisfaction_adjustment(delta_cell, refs, mode)})"


def adjustment_of_rates(baseline: str, current: str, refs: RuleRefs, mode: str) -> str:
    """The forms' live adjustment from the two rate cells, 0 when either is blank (a form
    cannot know the history ledger's baseline)."""
    adj = satisfaction_adjustment(satisfaction_delta(baseline, current), refs, mode)
    return f'IF(OR({baseline}="",{current}=""),0,{adj})'


# --- the quality score (scoring.quality_score) ------------------------------------------------
def count_points(count: str, points: str, *, typed: bool = False) -> str:
    """One item's points: its count times its points per count (``typed``: a number typed in,
    put in parentheses so that ``E7*(-1)`` reads right)."""
    return f"{count}*({points})" if typed else f"{count}*{points}"


def flag_points(cell: str, points: str, yes_words: Iterable[str]) -> str:
    """A 是/否 item typed as text in a form: its points when the cell says 是 (or 1)."""
    test = ",".join(f'{cell}="{w}"' for w in yes_words) + f",{cell}=1"
    return f"IF(OR({test}),{points},0)"


def quality(terms: Sequence[str], adjustment: str, refs: RuleRefs) -> str:
    """``Q = base + Σ item points + adj``, then ``quality_bounds`` when set."""
    q = "+".join([refs.base, *terms, adjustment])
    if refs.q_min is not None:
        q = f"MAX({q},{refs.q_min})"
    if refs.q_max is not None:
        q = f"MIN({q},{refs.q_max})"
    return q


# --- ratings (scoring.aggregate) and the total (scoring.total_score) --------------------------
def aggregate(ratings: str, count: str, method: str, refs: RuleRefs) -> str:
    """P or L of one unit: ``ROUND(AVERAGE(...), 2)``, or the trimmed mean once ``count``
    ratings reach ``trim_min``; blank when there is no rating."""
    mean = f"ROUND(AVERAGE({ratings}),2)"
    if method == "trimmed":
        trimmed = f"ROUND((SUM({ratings})-MAX({ratings})-MIN({ratings}))/({count}-2),2)"
        agg = f"IF({count}>={refs.trim_min},{trimmed},{mean})"
    else:
        agg = mean
    return f'IF({count}=0,"",{agg})'


def total(q: str, p: str, leadership: str, refs: RuleRefs) -> str:
    """``T = ROUND(w_q·Q + w_p·P + w_l·L, 2)``; blank unless both ratings exist."""
    weighted = f"{refs.w_quality}*{q}+{refs.w_peer}*{p}+{refs.w_leadership}*{leadership}"
    return f'IF(COUNT({p},{leadership})<2,"",ROUND({weighted},2))'


def rank(total_cell: str, reasons_cell: str, site_totals: str, site_reasons: str) -> str:
    """Competition rank among the units of the site that take part (scoring._rank): blank for
    a unit that cannot win (its reasons cell is not blank, or it has no total), else 1 + the
    totals of the site strictly greater whose reasons cell is blank."""
    return (
        f'IF(OR(COUNT({total_cell})=0,{reasons_cell}<>""),"",'
        f'1+COUNTIFS({site_totals},">"&{total_cell},{site_reasons},""))'
    )


# --- rater analysis (rater_analysis: leniency b(r)) -------------------------------------------
def _deviation_mask(ratings: str, counts: str) -> str:
    """1 where the rater rated the unit and someone else did too (a deviation exists)."""
    return f'({ratings}<>"")*({counts}>1)'


def rater_deviations(ratings: str, counts: str) -> str:
    """How many units have a deviation d(r, v): ``ratings`` is the rater's column of a grid,
    ``counts`` the ratings each of those units received (same rows)."""
    return f"SUMPRODUCT({_deviation_mask(ratings, counts)})"


def rater_leniency(ratings: str, sums: str, counts: str) -> str:
    """b(r): the mean over v of d(r, v) = rating − (the others' sum / the others' count), with
    ``sums`` and ``counts`` the ratings each unit received; blank without a deviation.  The
    divisor never reaches 0 (``+2*(counts<=1)``) where the mask drops the term anyway."""
    mask = _deviation_mask(ratings, counts)
    others = f"({sums}-{ratings})/({counts}+2*({counts}<=1)-1)"
    n = f"SUMPRODUCT({mask})"
    return f'IF({n}=0,"",SUMPRODUCT({mask}*({ratings}-{others}))/{n})'


def difference(a: str, b: str) -> str:
    """``ROUND(a - b, 2)``, blank unless both are numbers (P − L)."""
    return f'IF(COUNT({a},{b})<2,"",ROUND({a}-{b},2))'


# --- rewards (rules.tier_for) -----------------------------------------------------------------
def tier_value(streak: str, tiers: TierRefs, column: str) -> str:
    """``points`` / ``bonus`` / ``priority`` of the tier a streak reaches."""
    values = {"points": tiers.points, "bonus": tiers.bonus, "priority": tiers.priority}[column]
    return f"INDEX({values},MATCH({streak},{tiers.streak},1))"


# --- the inspection register (register.register_counts, with_register_counts) ---------------
# A text that COUNTIFS takes as itself: a letter first (no comparison, number, date), then
# letters, digits and some punctuation -- no wildcard * ? ~.
_PLAIN = re.compile(r"^[^\W\d_][\w\-.:/()（）·、，, '&]*$")
_DATE_LIKE = re.compile(
    r"^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*[\s\-/.]*\d", re.I
)


def plain_criteria(texts: Iterable[str]) -> bool:
    """Whether COUNTIFS matches each of ``texts`` as exactly itself: none holds a wildcard or
    reads as a comparison, number, date or TRUE/FALSE, and no two differ only in case (COUNTIFS
    ignores case).  Otherwise :func:`register_count` is written with ``exact``."""
    seen: set[str] = set()
    for text in texts:
        folded = text.casefold()
        if (
            not _PLAIN.match(text)
            or _DATE_LIKE.match(text)
            or folded in ("true", "false")
            or folded in seen
        ):
            return False
        seen.add(folded)
    return True


def register_count(units: str, unit: str, items: str, item: str, *, exact: bool = False) -> str:
    """The number of events of one unit and item listed on 扣分依据: COUNTIFS over its 单位编号
    ``units`` and 考核项目 ``items`` columns; ``exact`` (codes or labels that COUNTIFS would read
    as patterns, see :func:`plain_criteria`): SUMPRODUCT of EXACT, which compares text as it
    is."""
    if exact:
        return f"SUMPRODUCT(EXACT({units},{unit})*EXACT({items},{item}))"
    return f"COUNTIFS({units},{unit},{items},{item})"


def register_flag(count: str) -> str:
    """A disqualifying flag from its events: 1 (是) when there is one, else 0 (否)."""
    return f"IF({count}>0,1,0)"
