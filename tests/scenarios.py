"""Generated quarters for the results tests: deterministic :class:`Submission` objects.

    sc = scenario("ties")            # or: for sc in all_scenarios(): ...
    result = sc.tally()              # scoring.tally with the scenario's rules, history, awards

Each scenario exercises one thing the results workbook must get right (ties, trimmed means,
disqualified winners, missing ratings, proportional satisfaction, bounds, site scope,
min_total_for_flag, streaks, hostile names); the data are random but fixed by a seed.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from redflag_xlsx.core.models import History, Register, RegisterEvent, ScoringRow, Submission
from redflag_xlsx.core.peers import peer_raters, rated_by
from redflag_xlsx.core.register import register_items
from redflag_xlsx.core.roster import Leader, Roster, Unit
from redflag_xlsx.core.rules import Rules
from redflag_xlsx.core.scoring import Result, tally

PERIOD = "2026Q4"


@dataclass
class Scenario:
    name: str
    submission: Submission
    rules: Rules
    history: History = field(default_factory=History)
    awards: tuple[str, ...] = ()

    def tally(self) -> Result:
        return tally(self.submission, self.rules, self.history, self.awards)


# --- building blocks --------------------------------------------------------------------------
def _rate(rng: random.Random, low: float, high: float, decimals: int) -> float:
    return round(rng.uniform(low, high), decimals)


def make_submission(
    roster: Roster,
    rules: Rules,
    seed: int,
    *,
    period: str = PERIOD,
    missing: float = 0.0,
    rate_decimals: int = 1,
) -> Submission:
    """Plausible filled forms for every unit and rater; ``missing`` is the share of blank
    ratings."""
    rng = random.Random(seed)
    scoring: dict[str, ScoringRow] = {}
    for unit in roster.units:
        counts: dict[str, float] = {}
        for item in rules.items:
            if item.input == "flag":
                counts[item.code] = 1 if rng.random() < 0.7 else 0
            elif item.disqualifies:
                counts[item.code] = 0
            elif item.points < 0:
                counts[item.code] = rng.choice((0, 0, 0, 1, 1, 2, 3))
            else:
                counts[item.code] = rng.choice((0, 0, 0, 0, 1, 1, 2))
        baseline = _rate(rng, 82, 97, rate_decimals)
        current = round(min(100.0, max(0.0, baseline + rng.uniform(-2.5, 2.5))), rate_decimals)
        scoring[unit.code] = ScoringRow(
            unit=unit.code,
            counts=counts,
            flags={f.code: False for f in rules.disqualifying_flags},
            baseline=baseline,
            current=current,
            remark=rng.choice(("", "", "按时整改", "季度表现稳定")),
            file="filled.xlsx",
            sheet="服务质量考核",
        )
    peer: dict[str, dict[str, float]] = {}
    for rater in peer_raters(roster, rules):
        row = {}
        for ratee in rated_by(roster, rules, rater.code):
            if rng.random() >= missing:
                row[ratee.code] = _rate(rng, 78, 99, rng.choice((0, 1, 1, 2)))
        peer[rater.code] = row
    leadership: dict[str, dict[str, float]] = {}
    for leader in roster.leaders:
        row = {}
        for ratee in roster.units:
            if rng.random() >= missing:
                row[ratee.code] = _rate(rng, 80, 99, rng.choice((0, 1)))
        leadership[leader.code] = row
    return Submission(
        period=period,
        roster=roster,
        scoring=scoring,
        peer=peer,
        leadership=leadership,
        files=["filled.xlsx"],
        fingerprints={"filled.xlsx": f"{seed:064x}"},
    )


def _row(sub: Submission, code: str, **changes: object) -> None:
    sub.scoring[code] = sub.scoring[code].model_copy(update=changes)


def _count(sub: Submission, code: str, item: str, n: float) -> None:
    row = sub.scoring[code]
    _row(sub, code, counts={**row.counts, item: n})


def _top(sub: Submission, code: str) -> None:
    """Push ``code`` to the top: high ratings from everyone, and praise."""
    for rows in (sub.peer, sub.leadership):
        for given in rows.values():
            if code in given:
                given[code] = 98.5
    row = sub.scoring[code]
    counts = {k: 0 if v and k != "management_good" else v for k, v in row.counts.items()}
    _row(sub, code, counts={**counts, "leader_praise": 3, "journal_article": 2})
    _row(sub, code, baseline=90.0, current=93.5)


def _twin(sub: Submission, a: str, b: str) -> None:
    """Make ``b`` score exactly like ``a`` (same row, same ratings received)."""
    sub.scoring[b] = sub.scoring[a].model_copy(update={"unit": b})
    for rows in (sub.peer, sub.leadership):
        for rater, given in rows.items():
            if rater in (a, b):
                continue
            if a in given:
                given[b] = given[a]
            else:
                given.pop(b, None)
    if a in sub.peer and b in sub.peer:
        mutual = sub.peer[a].get(b, 90.0)
        sub.peer[a][b] = mutual
        sub.peer[b][a] = mutual


def three_site_roster() -> Roster:
    sites = {"北楼": 5, "南楼": 4, "东院": 3}
    units = []
    for prefix, (site, n) in zip("NSE", sites.items(), strict=True):
        for i in range(1, n + 1):
            units.append(
                Unit(
                    code=f"{prefix}{i:02d}",
                    name=f"{site}服务项目{i}",
                    site=site,
                    contractor=f"{site}承包公司{i}",
                )
            )
    leaders = [Leader(code=f"L{i}", name=f"领导{i}") for i in range(1, 7)]
    return Roster(units=tuple(units), leaders=tuple(leaders))


# --- the scenarios ----------------------------------------------------------------------------
def _sample() -> Scenario:
    rules = Rules.default()
    sub = make_submission(Roster.sample(), rules, seed=1)
    # binary noise: 64.1 - 63.1 = 0.99999999999999289 must count as a full point up
    _row(sub, "JG03", baseline=63.1, current=64.1)
    return Scenario("sample", sub, rules)


def _ties() -> Scenario:
    rules = Rules.default()
    sub = make_submission(Roster.sample(), rules, seed=2)
    _top(sub, "XZ01")
    _twin(sub, "XZ01", "XZ03")  # tied for the one flag at 行政事业中心 -> 并列待定
    _twin(sub, "JG05", "JG06")  # tied somewhere in the ranking: shared rank
    return Scenario("ties", sub, rules)


def _award() -> Scenario:
    sc = _ties()
    return Scenario("award", sc.submission, sc.rules, awards=("XZ03",))


def _trimmed() -> Scenario:
    rules = Rules(peer_aggregation="trimmed", leadership_aggregation="trimmed", trim_min_count=5)
    sub = make_submission(Roster.sample(), rules, seed=3)
    # some units get fewer than 5 leader ratings: their mean is not trimmed
    for leader in ("LD02", "LD04"):
        for code in ("JG02", "XZ02", "XZ04"):
            sub.leadership[leader].pop(code, None)
    return Scenario("trimmed", sub, rules)


def _disqualified() -> Scenario:
    rules = Rules.default()
    sub = make_submission(Roster.sample(), rules, seed=4)
    _top(sub, "JG04")
    _count(sub, "JG04", "complaint_major", 1)
    _row(sub, "JG04", flags={"discipline_breach": False, "rectification_notice": True})
    _top(sub, "XZ02")
    _count(sub, "XZ02", "safety_accident", 1)
    _row(sub, "JG07", flags={"discipline_breach": True, "rectification_notice": False})
    return Scenario("disqualified", sub, rules)


def _missing() -> Scenario:
    rules = Rules.default()
    sub = make_submission(Roster.sample(), rules, seed=5, missing=0.3)
    history = History(
        winners={"2026Q3": ["JG02", "XZ01"]},
        satisfaction={"2026Q3": {"JG01": 90.5, "JG02": 88.0}},
    )
    _row(sub, "JG01", baseline=None)  # taken from the ledger
    _row(sub, "JG03", baseline=None)  # no history either: adj 0, W_BASELINE_MISSING
    _row(sub, "JG04", current=None)  # W_SATISFACTION_MISSING
    _row(sub, "XZ03", baseline=None, current=None)
    return Scenario("missing", sub, rules, history)


def _no_ratings() -> Scenario:
    """E_NO_RATINGS: a unit nobody rated (written only as a draft, with --allow-errors)."""
    rules = Rules.default()
    sub = make_submission(Roster.sample(), rules, seed=6)
    for given in sub.peer.values():
        given.pop("JG08", None)
    return Scenario("no_ratings", sub, rules)


def _proportional() -> Scenario:
    rules = Rules(satisfaction_mode="proportional")
    sub = make_submission(Roster.sample(), rules, seed=7, rate_decimals=2)
    _row(sub, "JG02", baseline=90.0, current=88.125)
    return Scenario("proportional", sub, rules)


def _bounds() -> Scenario:
    rules = Rules(quality_bounds=(90, 105))
    sub = make_submission(Roster.sample(), rules, seed=8)
    _count(sub, "JG02", "journal_article", 3)  # far above 105
    _count(sub, "JG03", "passive_work", 4)  # far below 90
    _count(sub, "XZ01", "emergency_handling", 2)
    return Scenario("bounds", sub, rules)


def _site_scope() -> Scenario:
    roster = three_site_roster()
    rules = Rules(
        peer_scope="site",
        flags_per_site={"北楼": 2, "南楼": 1, "东院": 1},
        peer_aggregation="trimmed",
        trim_min_count=3,
    )
    sub = make_submission(roster, rules, seed=9, missing=0.1)
    return Scenario("site_scope", sub, rules)


def _min_total() -> Scenario:
    rules = Rules(min_total_for_flag=108)  # one flag of two at 机关大楼, none at 行政事业中心
    sub = make_submission(Roster.sample(), rules, seed=10)
    return Scenario("min_total", sub, rules)


def _custom_rules() -> Scenario:
    """Non-seed numbers: weights and points that are not exact binary fractions."""
    data = {
        "base_score": 90,
        "weights": {"quality": 0.4, "peer": 0.3, "leadership": 0.3},
        "satisfaction_up_points": 2.5,
        "satisfaction_down_points": 1.5,
        "items": {
            "inspection_minor": {"points": -0.5},
            "innovation": {"points": 2.5},
            "bulletin_article": {"points": 0.1},
        },
        "reward_tiers": [
            {"min_streak": 1, "points": 2, "bonus_yuan": 500},
            {"min_streak": 2, "points": 4.5, "bonus_yuan": 800},
            {"min_streak": 4, "points": 8, "bonus_yuan": 1500, "priority": True},
        ],
    }
    rules = Rules.from_mapping(data)
    sub = make_submission(Roster.sample(), rules, seed=11)
    _count(sub, "JG02", "bulletin_article", 3)
    history = History(winners={p: ["JG02", "XZ01"] for p in ("2026Q1", "2026Q2", "2026Q3")})
    _top(sub, "JG02")
    _top(sub, "XZ01")
    return Scenario("custom_rules", sub, rules, history)


def _streaks() -> Scenario:
    rules = Rules.default()
    sub = make_submission(Roster.sample(), rules, seed=12)
    _top(sub, "JG02")
    _top(sub, "JG05")
    _top(sub, "XZ04")
    history = History(
        winners={
            "2026Q1": ["JG02", "XZ04"],
            "2026Q2": ["JG02", "JG05", "XZ04"],
            "2026Q3": ["JG02", "JG05"],
        }
    )
    return Scenario("streaks", sub, rules, history)


def _hostile() -> Scenario:
    """Unit names and remarks that look like formulas or links stay text."""
    base = Roster.sample()
    names = {
        "JG01": '=HYPERLINK("http://example.com","点我")',
        "JG02": "+1+1",
        "JG03": "@SUM(A1)",
        "XZ01": "http://example.com/单位",
        "XZ02": "-2",
        "XZ03": "'引号开头",
    }
    units = tuple(u.model_copy(update={"name": names.get(u.code, u.name)}) for u in base.units)
    roster = Roster(units=units, leaders=base.leaders)
    rules = Rules.default()
    sub = make_submission(roster, rules, seed=13)
    _row(sub, "JG04", remark="=1+1")
    return Scenario("hostile", sub, rules)


def _disqualified_top() -> Scenario:
    """The best total of a site disqualified: it keeps its scores but has no rank, and the
    units below it are ranked 1, 2, 2 (two tied) -- SPEC 2.3 as changed in turn 2."""
    rules = Rules.default()
    sub = make_submission(Roster.sample(), rules, seed=14)
    _top(sub, "XZ01")
    _count(sub, "XZ01", "complaint_major", 1)  # -10, still the best total
    _twin(sub, "XZ03", "XZ04")  # sharing a rank below the winner
    _count(sub, "XZ02", "leader_praise", 2)
    return Scenario("disqualified_top", sub, rules)


def _in_house() -> Scenario:
    """物业管理处工程部 (in-house, no 承包单位) wins its third flag in a row: 10 points, 2000
    yuan, 重新招投标优先权 不适用; it rates no peers (in_house_rates_peers = false); JG02's
    earlier wins were under another 承包单位, so its streak starts again."""
    rules = Rules(in_house_rates_peers=False)
    roster = Roster.sample()
    assert roster.unit("JG01").in_house
    sub = make_submission(roster, rules, seed=15)
    _top(sub, "JG01")
    _top(sub, "JG02")
    history = History(
        winners={"2026Q2": ["JG01", "JG02"], "2026Q3": ["JG01", "JG02", "XZ01"]},
        contractors={
            "2026Q2": {"JG01": "", "JG02": "旧物业公司"},
            "2026Q3": {"JG01": "", "JG02": "旧物业公司"},
        },
    )
    return Scenario("in_house", sub, rules, history)


def _fixed_baseline() -> Scenario:
    """satisfaction_baseline = "fixed": blank baselines are the roster's 基准满意率."""
    rules = Rules(satisfaction_baseline="fixed")
    base = Roster.sample()
    targets = {"JG02": 92.0, "JG03": 90.5, "XZ01": 95.0}
    units = tuple(u.model_copy(update={"baseline": targets.get(u.code)}) for u in base.units)
    roster = Roster(units=units, leaders=base.leaders)
    sub = make_submission(roster, rules, seed=16)
    for code in ("JG02", "JG03", "JG04", "XZ01"):
        _row(sub, code, baseline=None)  # JG04: no fixed baseline -> W_BASELINE_MISSING
    history = History(satisfaction={"2026Q3": {"JG02": 80.0, "JG04": 85.0}})  # not used
    return Scenario("fixed_baseline", sub, rules, history)


def register_of(sub: Submission, rules: Rules, seed: int, flags: dict[str, str]) -> Register:
    """An inspection register whose verified events are ``sub``'s register counts (and the
    flags ``flags``: unit -> flag code), with some events not verified."""
    rng = random.Random(seed)
    events: list[RegisterEvent] = []
    for code, row in sub.scoring.items():
        for item in register_items(rules):
            n = (
                (1 if flags.get(code) == item.code else 0)
                if item.flag
                else row.counts.get(item.code, 0)
            )
            for k in range(int(n) + (1 if rng.random() < 0.2 else 0)):
                events.append(
                    RegisterEvent(
                        date=dt.date(2026, rng.randint(10, 12), rng.randint(1, 28)),
                        unit=code,
                        item=item.code,
                        description=rng.choice(("楼道积水", "=1+1", "@SUM(A1)", "")),
                        evidence=f"JC-{len(events) + 1:03d}",
                        inspector=rng.choice(("赵敏", "钱伟")),
                        verified=k < n,  # the extra one: looked into, not verified
                        file="检查记录台账_2026Q4.xlsx",
                        sheet="检查记录台账",
                        row=len(events) + 4,
                    )
                )
    rng.shuffle(events)
    return Register(files=["检查记录台账_2026Q4.xlsx"], events=events)


def _register() -> Scenario:
    """Counts from an inspection register: 扣分依据 and COUNTIFS (SPEC 14)."""
    rules = Rules.default()
    sub = make_submission(Roster.sample(), rules, seed=14)
    flags = {"JG04": "rectification_notice", "XZ03": "discipline_breach"}
    _count(sub, "JG07", "complaint_major", 1)
    register = register_of(sub, rules, 14, flags)
    return Scenario("register", sub.model_copy(update={"inspection_register": register}), rules)


def _register_codes() -> Scenario:
    """Unit codes that COUNTIFS would read as patterns or comparisons, or that differ only in
    case: the counts compare text exactly (SUMPRODUCT of EXACT)."""
    base = Roster.sample()
    codes = {
        "JG01": "JG*",
        "JG02": "jg*",
        "JG03": "JG?1",
        "XZ01": "<5",
        "XZ02": "001",
        "XZ03": "TRUE",
    }
    units = tuple(u.model_copy(update={"code": codes.get(u.code, u.code)}) for u in base.units)
    roster = Roster(units=units, leaders=base.leaders)
    rules = Rules.default()
    sub = make_submission(roster, rules, seed=15)
    register = register_of(sub, rules, 15, {"<5": "rectification_notice"})
    return Scenario(
        "register_codes", sub.model_copy(update={"inspection_register": register}), rules
    )


SCENARIOS: dict[str, Callable[[], Scenario]] = {
    "sample": _sample,
    "ties": _ties,
    "award": _award,
    "trimmed": _trimmed,
    "disqualified": _disqualified,
    "missing": _missing,
    "no_ratings": _no_ratings,
    "proportional": _proportional,
    "bounds": _bounds,
    "site_scope": _site_scope,
    "min_total": _min_total,
    "custom_rules": _custom_rules,
    "streaks": _streaks,
    "hostile": _hostile,
    "disqualified_top": _disqualified_top,
    "in_house": _in_house,
    "fixed_baseline": _fixed_baseline,
    "register": _register,
    "register_codes": _register_codes,
}


def scenario(name: str) -> Scenario:
    return SCENARIOS[name]()


def all_scenarios() -> list[Scenario]:
    return [make() for make in SCENARIOS.values()]


def city(units_per_site: int, sites: int, leaders: int, seed: int = 99) -> Scenario:
    """A large synthetic quarter (peer_scope = "site"), for size and speed checks."""
    units = [
        Unit(code=f"S{s:03d}U{i:03d}", name=f"场所{s}服务项目{i}", site=f"场所{s:03d}")
        for s in range(1, sites + 1)
        for i in range(1, units_per_site + 1)
    ]
    roster = Roster(
        units=tuple(units),
        leaders=tuple(Leader(code=f"L{i:03d}", name=f"领导{i}") for i in range(1, leaders + 1)),
    )
    rules = Rules(
        peer_scope="site", flags_per_site={f"场所{s:03d}": 1 for s in range(1, sites + 1)}
    )
    return Scenario("city", make_submission(roster, rules, seed), rules)
