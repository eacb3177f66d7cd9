"""The whole quarter on the sample roster, in one call: build, fill, validate, tally.

The sample data are deterministic and plausible, and include one disqualified unit (a
rectification notice) and one warning (a blank baseline satisfaction), so a newcomer sees every
part of the flow.  ``samples/`` in the repository is what :func:`run_demo` writes for 2026Q4.
"""

from __future__ import annotations

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


def round_half(x: float) -> float:
    """To the nearest 0.5, as people type ratings (a demo value, not a score: no Excel rules)."""
    return int(x * 2 + 0.5) / 2


def _rating(rng: random.Random, merit: float) -> float:
    return min(100.0, round_half(merit + rng.gauss(0, 2.5)))


@dataclass
class DemoRun:
    """What :func:`run_demo` wrote and computed."""

    forms: list[Path]
    filled: list[Path]
    tally: TallyRun

    @property
    def result(self) -> Result:
        return self.tally.result


def run_demo(
    out_dir: str | Path,
    *,
    period: Period | str | None = None,
    split: bool = False,
    lang: str | None = None,
) -> DemoRun:
    """A whole quarter in ``out_dir``: blank forms in ``forms/`` (signed with the key file
    ``.redflag-key`` there, or ``REDFLAG_SECRET``), the same forms filled with
    :func:`sample_data` in ``filled/``, and the tally of those: the results workbook and the
    history ledger.  Running it again replaces the quarter."""
    from .forms.filling import fill_workbook
    from .forms.templates import build_templates
    from .workflow import run_tally
    from .xlsx.signing import load_key

    out = Path(out_dir)
    period = Period.parse(period) if period else Period.today()
    roster, rules = Roster.sample(), Rules.default()
    key = load_key(out / ".redflag-key", create=True)
    data = sample_data(roster, rules)
    forms = build_templates(
        roster, period, out / "forms", rules=rules, split=split, lang=current_lang(lang), key=key
    )
    filled = [
        fill_workbook(
            form,
            out / "filled" / form.name,
            scoring=data.scoring,
            peer=data.peer,
            leadership=data.leadership,
            rules=rules,
        )
        for form in forms
    ]
    run = run_tally([out / "filled"], out=out, rules=rules, key=key, force=True, lang=lang)
    return DemoRun(forms=forms, filled=filled, tally=run)
