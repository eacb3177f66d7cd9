"""What the rater analysis (SPEC 15) adds to a tally, and how its warnings behave on simulations.

    python benchmarks/rater_analysis.py time 2000 --runs 5    # engine tally vs the analysis
    python benchmarks/rater_analysis.py sim --quarters 2000   # false alarms and detection rates

``time``: the quarter of ``city.py`` (40 units a site, 100 leaders, ``peer_scope = "site"``, one
flag a site) built in memory from :func:`city.sample_values`, then ``scoring.tally`` and
``analyse_raters`` run alternately; CPU seconds (``time.process_time``), medians.

``sim``: the simulations of SPEC 15 on the model of ``tests/ratersim.py`` (two
sites of 10 and 5 units, ``peer_scope = "all"``, every rating = true quality + normal noise of
sd 5), with more quarters than the tests run: the share of honest raters that get
W_RATER_STRATEGIC, and the share of planted rival suppressions flagged, per site size.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from city import PERIOD, City, sample_values  # noqa: E402


def city_submission(units: int):  # -> (Submission, Rules)
    from redflag_xlsx.core.models import ScoringRow, Submission
    from redflag_xlsx.core.roster import Roster
    from redflag_xlsx.core.rules import Rules

    city = City.of(units)
    roster = Roster.from_mapping(city.roster_mapping())
    rules = Rules.from_mapping(city.rules_mapping())
    scoring, peer, leadership = sample_values(city)
    rows = {}
    for code, given in scoring.items():
        counts = {k: v for k, v in given.items() if k not in ("baseline", "current")}
        counts["management_good"] = 1 if counts["management_good"] == "是" else 0
        rows[code] = ScoringRow(
            unit=code, counts=counts, baseline=given["baseline"], current=given["current"]
        )
    sub = Submission(period=PERIOD, roster=roster, scoring=rows, peer=peer, leadership=leadership)
    return sub, rules


def time_city(units: int, runs: int) -> dict[str, float]:
    from redflag_xlsx.core.rater_analysis import analyse_raters
    from redflag_xlsx.core.scoring import tally

    sub, rules = city_submission(units)
    tallies, analyses = [], []
    for _ in range(runs):
        t0 = time.process_time()
        result = tally(sub, rules)
        t1 = time.process_time()
        analysis = analyse_raters(result)
        t2 = time.process_time()
        tallies.append(t1 - t0)
        analyses.append(t2 - t1)
    out = {
        "tally": statistics.median(tallies),
        "analysis": statistics.median(analyses),
        "decisive": len(analysis.decisive),
        "warnings": len(analysis.issues),
    }
    out["ratio"] = out["analysis"] / out["tally"]
    return out


def simulate(quarters: int) -> None:
    from ratersim import SIZES, honest_rates, planted_rates

    for site in SIZES:
        rate, n = honest_rates(quarters, site, seed=1)
        print(f"honest, rater at a site of {site}: W_RATER_STRATEGIC {rate:.2%} of {n} raters")
        rate, n = planted_rates(quarters, site, seed=2)
        print(f"planted, suppressor at a site of {site}: flagged {rate:.1%} of {n} quarters")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    t = sub.add_parser("time")
    t.add_argument("units", type=int)
    t.add_argument("--runs", type=int, default=5)
    s = sub.add_parser("sim")
    s.add_argument("--quarters", type=int, default=2000)
    args = parser.parse_args(argv)
    if args.what == "time":
        got = time_city(args.units, args.runs)
        print(
            f"{args.units} units: tally {got['tally']:.2f} s CPU, analysis "
            f"{got['analysis']:.2f} s ({got['ratio']:.0%}); "
            f"{got['decisive']} decisive raters, {got['warnings']} warnings"
        )
    else:
        simulate(args.quarters)


if __name__ == "__main__":
    main(sys.argv[1:])
