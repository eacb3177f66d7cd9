"""The pure scoring engine (SPEC 2): quality score Q, peer P, leadership L, total T, rank,
eligibility, flags with tie-breaks, streaks and rewards.

No I/O and no spreadsheet library here: pydantic models in, a :class:`Result` out.  The results
writer builds formulas that mirror every computation below, in the same order, and a test
recalculates them in LibreOffice to prove they agree.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Literal, Protocol

from pydantic import BaseModel, Field

from .case import Decision
from .errors import UsageError
from .findings import Issue, one_per_cell
from .i18n import current_lang, t
from .messages import Msg, Texts
from .models import History, ScoringRow, Submission
from .peers import raters_of, rates, rates_peers
from .period import Period
from .register import register_counts, with_register_counts
from .roster import Roster, Unit, contractor_key
from .rounding import excel_round, excel_trunc
from .rules import Rules

if TYPE_CHECKING:
    import pandas as pd

Outcome = Literal["flag", "tie", ""]
BaselineSource = Literal["input", "history", "roster", "none"]


# --- the formulas of SPEC 2, one function each ---------------------------------------------
def satisfaction_delta(baseline: float, current: float) -> float:
    """``d = ROUND(current - baseline, 6)``, in percentage points."""
    return excel_round(current - baseline, 6)


def satisfaction_adjustment(delta: float, rules: Rules) -> float:
    """Points for the change in satisfaction: +10 per full point up, -5 per full point down."""
    per_point = rules.satisfaction_up_points if delta >= 0 else rules.satisfaction_down_points
    if rules.satisfaction_mode == "proportional":
        return excel_round(per_point * delta, 2)
    return per_point * excel_trunc(delta)


def quality_score(counts: dict[str, float], adj: float, rules: Rules) -> float:
    """``Q = base + Σ count_i × points_i + adj``, clamped only when ``quality_bounds`` is set."""
    q = rules.base_score
    for item in rules.items:
        q += counts.get(item.code, 0) * item.points
    q += adj
    low, high = rules.quality_limits
    if low is not None:
        q = max(q, low)
    if high is not None:
        q = min(q, high)
    return q


def aggregate(values: Sequence[float], method: str, trim_min_count: int = 5) -> float | None:
    """``ROUND(AVERAGE(values), 2)``, or the trimmed mean; ``None`` when there is no value.

    ``values`` are in row order: the sum is the plain float sum in that order, as a spreadsheet
    computes it.
    """
    if not values:
        return None
    total = 0.0
    for v in values:
        total += v
    if method == "trimmed" and len(values) >= trim_min_count:
        return excel_round((total - max(values) - min(values)) / (len(values) - 2), 2)
    return excel_round(total / len(values), 2)


def low_coverage(received: int, expected: int, min_coverage: float) -> bool:
    """Fewer ratings than ``min_coverage`` of those expected?  The product is taken at 9
    decimals: 0.55 × 100 is 55.000000000000007 in binary, and 55 of 100 is not too few."""
    return expected > 0 and received < excel_round(min_coverage * expected, 9)


def total_score(q: float, p: float, leadership: float, rules: Rules) -> float:
    """``T = ROUND(w_q·Q + w_p·P + w_l·L, 2)``."""
    w = rules.weights
    return excel_round(w.quality * q + w.peer * p + w.leadership * leadership, 2)


# --- results ---------------------------------------------------------------------------------
class UnitResult(BaseModel):
    """Everything the engine decided about one unit."""

    code: str
    name: str
    site: str
    contractor: str = ""  # 承包单位 this quarter; blank: in-house (SPEC 3)
    counts: dict[str, float]
    flags: dict[str, bool]
    remark: str = ""
    baseline: float | None
    baseline_source: BaselineSource
    current: float | None
    satisfaction_delta: float | None
    satisfaction_adj: float
    quality: float
    peer: float | None
    peer_count: int
    peer_expected: int
    leadership: float | None
    leadership_count: int
    leadership_expected: int
    total: float | None
    rank: int | None = None
    disqualified_by: list[str] = Field(default_factory=list)  # item / flag codes
    below_min_total: bool = False
    outcome: Outcome = ""
    decided_by_award: bool = False
    # the leaders' departure from the ranking (SPEC 12): "award" (a flag outside the proposal)
    # or "withhold" (a proposed winner gets none), with its reason; "" for none
    decision: Literal["", "award", "withhold"] = ""
    decision_reason: str = ""
    streak: int | None = None
    reward_points: float | None = None
    bonus_yuan: float | None = None
    priority: bool | None = None  # None for a winner too when in-house: 不适用

    @property
    def in_house(self) -> bool:
        """No 承包单位: rated and can win, but never tendered (重新招投标优先权 不适用)."""
        return not self.contractor

    @property
    def eligible(self) -> bool:
        return not self.disqualified_by and not self.below_min_total and self.total is not None

    @property
    def won(self) -> bool:
        return self.outcome == "flag"

    def reasons(self, rules: Rules, lang: str | None = None) -> list[str]:
        """Every reason the unit cannot win, as the header texts of the sheets (SPEC 6)."""
        lang = current_lang(lang)
        labels = {i.code: i.label(lang) for i in rules.items}
        labels.update({f.code: f.label(lang) for f in rules.disqualifying_flags})
        return reason_texts(self, labels, rules.min_total_for_flag, lang)


class _Ineligible(Protocol):
    disqualified_by: list[str]
    total: float | None
    below_min_total: bool


def reason_texts(
    unit: _Ineligible, labels: Mapping[str, str], min_total: float | None, lang: str | None
) -> list[str]:
    """Why ``unit`` (a result, or a stored record of one) cannot win: the label of each
    disqualifying item or flag (``labels``: code -> label in ``lang``), no total, a total below
    ``min_total_for_flag``.  The engine's results and the ledger's records both say it so."""
    out = [labels.get(code, code) for code in unit.disqualified_by]
    if unit.total is None:
        out.append(t("reason_no_score", lang))
    elif unit.below_min_total and min_total is not None:
        out.append(t("reason_min_total", lang, min=f"{min_total:.15g}"))
    return out


# The columns of Result.to_frame(), in order: UnitResult's fields (and properties) that a
# table of results shows; "disqualified" is the reasons as text.
FRAME_COLUMNS = (
    "code",
    "name",
    "site",
    "contractor",
    "quality",
    "satisfaction_adj",
    "peer",
    "leadership",
    "total",
    "rank",
    "eligible",
    "disqualified",
    "outcome",
    "streak",
    "reward_points",
    "bonus_yuan",
    "priority",
)


class Result(BaseModel):
    """A tallied quarter: one :class:`UnitResult` per roster unit, in roster order."""

    period: str
    rules: Rules
    roster: Roster
    units: list[UnitResult]
    issues: list[Issue] = Field(default_factory=list)
    awards: list[str] = Field(default_factory=list)
    # the leaders' departures from the ranking (approve: --award outside the proposal,
    # --withhold), applied after the flags were allocated
    decisions: list[Decision] = Field(default_factory=list)
    submission: Submission | None = None
    # the winners of the quarter before (the flags handed over, SPEC 13); None: not known
    previous_winners: list[str] | None = None

    def unit(self, code: str) -> UnitResult:
        for u in self.units:
            if u.code == code:
                return u
        raise KeyError(code)

    def winners(self, site: str | None = None) -> list[UnitResult]:
        return [u for u in self.units if u.won and (site is None or u.site == site)]

    def ties(self, site: str | None = None) -> list[UnitResult]:
        return [u for u in self.units if u.outcome == "tie" and (site is None or u.site == site)]

    def to_frame(self, lang: str | None = None) -> pd.DataFrame:
        """One row per unit, in roster order."""
        import pandas as pd

        sep = t("res_reason_sep", lang)
        rows = []
        for u in self.units:
            reasons = sep.join(u.reasons(self.rules, lang))
            rows.append([reasons if c == "disqualified" else getattr(u, c) for c in FRAME_COLUMNS])
        return pd.DataFrame(rows, columns=list(FRAME_COLUMNS))


# --- the engine --------------------------------------------------------------------------------
def tally(
    submission: Submission,
    rules: Rules | None = None,
    history: History | None = None,
    awards: Iterable[str] = (),
    decisions: Iterable[Decision] = (),
) -> Result:
    """Score one quarter.  Pure: reads nothing, writes nothing.

    ``awards`` are the leaders' decisions for tied groups (``--award CODE``); naming a unit that
    is not in a tied group, or more units than flags remain, raises :class:`UsageError`.
    ``decisions`` are the leaders' approval (SPEC 12, :func:`apply_decisions`): an ``award`` of
    a tied unit decides the tie like ``awards``; other awards and withholds depart from the
    ranking and need their reason.  Codes match the roster's case-insensitively.
    """
    rules = rules or Rules.default()
    history = history or History()
    roster = submission.roster
    period = Period.parse(submission.period)
    issues: list[Issue] = []
    previous_rates = history.satisfaction.get(str(period.previous()), {})

    # with an inspection register, its verified events give the register items (SPEC 14)
    register = submission.inspection_register
    events = None if register is None else register_counts(register)
    units: list[UnitResult] = []
    raters = _raters_by_unit(roster, rules)
    for unit in roster.units:
        row = submission.scoring.get(unit.code) or ScoringRow(unit=unit.code)
        if events is not None:
            row = with_register_counts(row, events.get(unit.code, {}), rules)
        units.append(
            _score_unit(unit, row, submission, rules, previous_rates, issues, raters.get(unit.code))
        )

    _rank(units)
    award_list = list(dict.fromkeys(roster_code(units, code) for code in awards))
    _allocate_flags(units, roster, rules, award_list)
    applied: list[Decision] = []
    if decisions:
        award_list, applied = apply_decisions(units, roster, rules, award_list, decisions)
    _reward(units, period, rules, history)
    before = history.winners.get(str(period.previous()))
    return Result(
        period=str(period),
        rules=rules,
        roster=roster,
        units=units,
        issues=one_per_cell([*submission.issues, *issues]),
        awards=award_list,
        decisions=applied,
        submission=submission,
        previous_winners=None if before is None else list(before),
    )


def baseline_for(
    unit: Unit, typed: float | None, rules: Rules, previous_rates: Mapping[str, float]
) -> tuple[float | None, BaselineSource]:
    """The satisfaction baseline of ``unit`` and where it came from (SPEC 2.1): the rate typed
    into 基准满意率; when blank, last quarter's 本期满意率 from the ledger
    (``satisfaction_baseline = "previous_quarter"``) or the roster's fixed 基准满意率
    (``"fixed"``); else none."""
    if typed is not None:
        return typed, "input"
    if rules.satisfaction_baseline == "fixed":
        return (unit.baseline, "roster") if unit.baseline is not None else (None, "none")
    if unit.code in previous_rates:
        return previous_rates[unit.code], "history"
    return None, "none"


def _raters_by_unit(roster: Roster, rules: Rules) -> dict[str, list[str]]:
    """:func:`peers.raters_of` of every unit at once, in roster order: each unit's candidates
    are the raters of its own site (``peer_scope = "all"``: every rater), so the work grows
    with units × site size, not units² (4 million steps at 2,000 units, 400 million at 20,000).
    """
    everyone = [u for u in roster.units if rates_peers(u, rules)]
    by_site: dict[str, list[Unit]] = {}
    for u in everyone:
        by_site.setdefault(u.site, []).append(u)
    out: dict[str, list[str]] = {}
    for unit in roster.units:
        pool = everyone if rules.peer_scope == "all" else by_site.get(unit.site, [])
        out[unit.code] = [u.code for u in pool if rates(u, unit, rules)]
    return out


def _score_unit(
    unit: Unit,
    row: ScoringRow,
    sub: Submission,
    rules: Rules,
    previous_rates: dict[str, float],
    issues: list[Issue],
    raters: list[str] | None = None,
) -> UnitResult:
    code, name = unit.code, unit.name
    where = {"file": row.file, "sheet": row.sheet, "unit": code}
    baseline, source = baseline_for(unit, row.baseline, rules, previous_rates)
    delta = adj = None
    if row.current is None:
        issues.append(
            Issue.make("W_SATISFACTION_MISSING", cell=row.cells.get("current"), name=name, **where)
        )
    elif baseline is None:
        fixed = rules.satisfaction_baseline == "fixed"
        issues.append(
            Issue.make(
                "W_BASELINE_MISSING",
                cell=row.cells.get("baseline"),
                name=name,
                text_key="W_BASELINE_MISSING.fixed" if fixed else None,
                hint_key="W_BASELINE_MISSING.fixed.hint" if fixed else None,
                **where,
            )
        )
    else:
        delta = satisfaction_delta(baseline, row.current)
        adj = satisfaction_adjustment(delta, rules)
    quality = quality_score(row.counts, adj or 0.0, rules)

    peer_raters = (
        raters if raters is not None else [u.code for u in raters_of(sub.roster, rules, code)]
    )
    leaders = [ld.code for ld in sub.roster.leaders]
    peer_values = [sub.peer[r][code] for r in peer_raters if code in sub.peer.get(r, {})]
    lead_values = [sub.leadership[r][code] for r in leaders if code in sub.leadership.get(r, {})]
    for what, got, expected in (
        ("peer", peer_values, peer_raters),
        ("leadership", lead_values, leaders),
    ):
        if not got:  # also when nobody may rate the unit: it can get no total
            issues.append(
                Issue.make("E_NO_RATINGS", name=name, what=Msg(f"what_{what}"), unit=code)
            )
        elif low_coverage(len(got), len(expected), rules.min_coverage):
            issues.append(
                Issue.make(
                    "W_LOW_COVERAGE",
                    name=name,
                    what=Msg(f"what_{what}"),
                    got=len(got),
                    expected=len(expected),
                    min=f"{rules.min_coverage:.0%}",
                    unit=code,
                )
            )
    peer = aggregate(peer_values, rules.peer_aggregation, rules.trim_min_count)
    leadership = aggregate(lead_values, rules.leadership_aggregation, rules.trim_min_count)
    total = (
        None
        if peer is None or leadership is None
        else total_score(quality, peer, leadership, rules)
    )

    disqualified = [i.code for i in rules.items if i.disqualifies and row.counts.get(i.code, 0) > 0]
    disqualified += [f.code for f in rules.disqualifying_flags if row.flags.get(f.code)]
    below = (
        rules.min_total_for_flag is not None
        and total is not None
        and total < rules.min_total_for_flag
    )
    return UnitResult(
        code=code,
        name=name,
        site=unit.site,
        contractor=unit.contractor,
        counts={i.code: row.counts.get(i.code, 0) for i in rules.items},
        flags={f.code: bool(row.flags.get(f.code)) for f in rules.disqualifying_flags},
        remark=row.remark,
        baseline=baseline,
        baseline_source=source,
        current=row.current,
        satisfaction_delta=delta,
        satisfaction_adj=adj or 0.0,
        quality=quality,
        peer=peer,
        peer_count=len(peer_values),
        peer_expected=len(peer_raters),
        leadership=leadership,
        leadership_count=len(lead_values),
        leadership_expected=len(leaders),
        total=total,
        disqualified_by=disqualified,
        below_min_total=below,
    )


def _rank(units: list[UnitResult]) -> None:
    """Competition rank of T within each site among the units that take part (SPEC 2.3):
    1 + the eligible units of the site with a strictly greater T.  A unit that cannot win
    (disqualified: 不得参与评选; no total; below ``min_total_for_flag``) has no rank, so a
    winner is never listed below a unit that could not win."""
    taking_part = [u for u in units if u.eligible and u.total is not None]
    totals: dict[str, list[float]] = {}  # site -> its totals, sorted (n log n, not n²)
    for u in taking_part:
        assert u.total is not None
        totals.setdefault(u.site, []).append(u.total)
    for site_totals in totals.values():
        site_totals.sort()
    for u in taking_part:
        assert u.total is not None
        site_totals = totals[u.site]
        u.rank = 1 + len(site_totals) - bisect_right(site_totals, u.total)


def _tie_key(u: UnitResult, rules: Rules) -> tuple[float, ...]:
    """T, then the tie-break criteria; a missing value sorts last (only eligible units, which
    all have a T, are compared)."""
    values = {"quality": u.quality, "leadership": u.leadership, "peer": u.peer}
    key = [float("-inf") if u.total is None else u.total]
    for criterion in rules.tie_break:
        v = values[criterion]
        key.append(float("-inf") if v is None else excel_round(v, 9))
    return tuple(key)


def _allocate_flags(
    units: list[UnitResult], roster: Roster, rules: Rules, awards: list[str]
) -> None:
    known = {u.code for u in units}
    for code in awards:
        if code not in known:
            raise UsageError(Msg("award_unknown", code=code))
    used: set[str] = set()
    by_site: dict[str, list[UnitResult]] = {}  # grouped once, not scanned once a site
    for u in units:
        by_site.setdefault(u.site, []).append(u)
    for site in roster.sites:
        site_units = by_site.get(site, [])
        used.update(allocate_site(site, site_units, rules.flags_for(site), rules, awards))
    for code in awards:
        if code not in used:
            raise UsageError(Msg("award_outside_tie", code=code))


def roster_code(units: Sequence[UnitResult], code: str) -> str:
    """``code`` as the roster spells it (codes typed on a command line match
    case-insensitively, SPEC 9); an unknown code is returned as given."""
    wanted = code.strip().casefold()
    for u in units:
        if u.code.casefold() == wanted:
            return u.code
    return code


def apply_decisions(
    units: list[UnitResult],
    roster: Roster,
    rules: Rules,
    awards: list[str],
    decisions: Iterable[Decision],
) -> tuple[list[str], list[Decision]]:
    """The leaders' approval (SPEC 12) on units whose flags were allocated: an ``award`` of a
    unit in a tied group decides the tie (the flags are allocated again with it among
    ``awards``); an ``award`` of another eligible unit that did not win, or a ``withhold`` of
    a winner, departs from the ranking and needs its reason.  An award of a unit that already
    won changes nothing.  Returns the awards and the departures applied.

    Raises :class:`UsageError`: an unknown unit, a unit that cannot win awarded, a withhold of a
    unit that did not win, a departure without a reason, or more winners than a site's flags."""
    by_code = {u.code: u for u in units}
    wanted = [d.model_copy(update={"unit": roster_code(units, d.unit)}) for d in decisions]
    for d in wanted:
        if d.unit not in by_code:
            raise UsageError(Msg("decide_unknown", code=d.unit))
    tie_awards = [
        d.unit for d in wanted if d.action == "award" and by_code[d.unit].outcome == "tie"
    ]
    if tie_awards:
        awards = list(dict.fromkeys([*awards, *tie_awards]))
        for u in units:
            u.outcome, u.decided_by_award = "", False
        _allocate_flags(units, roster, rules, awards)
    applied: list[Decision] = []
    for d in wanted:
        u = by_code[d.unit]
        if d.unit in tie_awards or (d.action == "award" and u.won and not u.decision):
            continue
        if d.action == "award":
            if not u.eligible:
                reasons = Texts(
                    zh=t("res_reason_sep", "zh").join(u.reasons(rules, "zh")),
                    en=t("res_reason_sep", "en").join(u.reasons(rules, "en")),
                )
                raise UsageError(Msg("decide_ineligible", code=u.code, reasons=reasons))
        elif not u.won:
            raise UsageError(Msg("decide_withhold_not_winner", code=u.code))
        if not d.reason.strip():
            raise UsageError(Msg("decide_needs_reason", code=u.code))
        u.outcome = "flag" if d.action == "award" else ""
        u.decided_by_award = False
        u.decision, u.decision_reason = d.action, d.reason.strip()
        applied.append(Decision(unit=u.code, action=d.action, reason=d.reason.strip()))
    for site in roster.sites:
        won = [u.code for u in units if u.site == site and u.won]
        if len(won) > rules.flags_for(site):
            raise UsageError(
                Msg(
                    "decide_too_many",
                    site=site,
                    flags=rules.flags_for(site),
                    units=Texts(zh="、".join(won), en=", ".join(won)),
                )
            )
    return awards, applied


def allocate_site(
    site: str,
    units: Sequence[UnitResult],
    n: int,
    rules: Rules,
    awards: Collection[str] = (),
) -> set[str]:
    """Give the ``n`` flags of ``site`` to its eligible ``units`` (SPEC 2.3): set the outcome of
    the winners and of a tied group at the cut-off (``awards`` decide within that group).

    Returns the codes of ``awards`` that decided a tie; raises :class:`UsageError` when
    ``awards`` name more units of the tied group than flags remain.  The outcomes of the other
    units are left as they are (the engine starts from ``""``).
    """
    ranked = sorted(
        (u for u in units if u.eligible),
        key=lambda u: _tie_key(u, rules),
        reverse=True,
    )
    if n <= 0 or not ranked:
        return set()
    if len(ranked) <= n or _tie_key(ranked[n - 1], rules) != _tie_key(ranked[n], rules):
        for u in ranked[:n]:
            u.outcome = "flag"
        return set()
    cut = _tie_key(ranked[n - 1], rules)
    above = [u for u in ranked if _tie_key(u, rules) > cut]
    group = [u for u in ranked if _tie_key(u, rules) == cut]
    for u in above:
        u.outcome = "flag"
    left = n - len(above)
    decided = [u for u in group if u.code in awards]
    if len(decided) > left:
        raise UsageError(Msg("award_too_many", site=site, left=left, given=len(decided)))
    for u in group:
        if u in decided:
            u.outcome, u.decided_by_award = "flag", True
        elif len(decided) < left:
            u.outcome = "tie"
    return {u.code for u in decided}


def win_streak(
    code: str,
    period: Period,
    winners: Mapping[str, Collection[str]],
    contractors: Mapping[str, Mapping[str, str]] | None = None,
    contractor: str | None = None,
) -> int:
    """Consecutive wins ending with ``period``, which unit ``code`` won: 1 + the quarters just
    before it that ``winners`` lists the unit in (a quarter missing from ``winners`` breaks it).

    The streak is the contractor's (SPEC 2.4): given ``contractor`` (the unit's 承包单位 in
    ``period``) and ``contractors`` (period -> unit -> 承包单位), a quarter in which the unit had
    another 承包单位 ends it; a quarter whose 承包单位 is not known does not.  The ledger
    recomputes stored streaks with the same function."""
    key = None if contractor is None else contractor_key(contractor)
    streak, p = 1, period.previous()
    while code in winners.get(str(p), ()):
        if key is not None and contractors is not None:
            then = contractors.get(str(p), {}).get(code)
            if then is not None and contractor_key(then) != key:
                break
        streak, p = streak + 1, p.previous()
    return streak


def _reward(units: list[UnitResult], period: Period, rules: Rules, history: History) -> None:
    for u in units:
        if not u.won:
            continue
        streak = win_streak(u.code, period, history.winners, history.contractors, u.contractor)
        tier = rules.tier_for(streak)
        u.streak = streak
        u.reward_points, u.bonus_yuan = tier.points, tier.bonus_yuan
        u.priority = None if u.in_house else tier.priority  # never tendered: 不适用
