"""Library-call versions of the measured commands, for when a CLI command is not there yet.

    python benchmarks/steps.py tally DIR --roster R --rules F --out OUT
    python benchmarks/steps.py demo OUT

``tally`` does what ``python -m redflag_xlsx tally DIR --no-history`` does minus the printing:
read every form, score, write the results workbook.  It exits 1 when the forms have errors (a
benchmark of a failing tally measures nothing).  ``demo`` calls :func:`redflag_xlsx.demo.run_demo`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def tally_step(folder: Path, roster: Path, rules: Path, out: Path) -> int:
    from redflag_xlsx.core.roster import Roster
    from redflag_xlsx.core.rules import Rules
    from redflag_xlsx.core.scoring import tally
    from redflag_xlsx.intake.reader import read_submissions
    from redflag_xlsx.results.writer import write_results

    rules_ = Rules.load(rules)
    sub = read_submissions([folder], roster=Roster.load(roster), rules=rules_)
    result = tally(sub, rules_, history=None)
    errors = [i for i in result.issues if i.is_error]
    for issue in errors[:5]:
        print(issue.code, issue.file, issue.cell, issue.message, file=sys.stderr)
    if errors:
        return 1
    out.mkdir(parents=True, exist_ok=True)
    print(write_results(result, out, force=True))
    return 0


def documents_step(folder: Path, rules: Path, out: Path) -> int:
    """Read the forms, score, and write the three PDFs (announcement, statements, payout)."""
    from redflag_xlsx.core.rules import Rules
    from redflag_xlsx.core.scoring import tally
    from redflag_xlsx.documents import write_documents
    from redflag_xlsx.intake.reader import read_submissions

    rules_ = Rules.load(rules)
    result = tally(read_submissions([folder], rules=rules_), rules_)
    for path in write_documents(result, out):
        print(path)
    return 0


def demo_step(out: Path) -> int:
    from redflag_xlsx.demo import run_demo

    print(run_demo(out, period="2026Q4").results)
    return 0


def score_step(units: int, out: Path) -> int:
    """``scoring.tally`` alone on a quarter of ``units`` units built in memory (40 a site, 10
    leaders, every rating given); writes the CPU seconds of the call to ``out``."""
    import time

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from city import City, sample_values

    from redflag_xlsx.core.models import ScoringRow, Submission
    from redflag_xlsx.core.roster import Roster
    from redflag_xlsx.core.rules import Rules
    from redflag_xlsx.core.scoring import tally

    city = City.of(units, leaders=10)
    rules = Rules.from_mapping(city.rules_mapping())
    scoring, peer, leadership = sample_values(city)
    rows = {
        code: ScoringRow(unit=code, baseline=v["baseline"], current=v["current"])
        for code, v in scoring.items()
    }
    sub = Submission(
        period="2026Q4",
        roster=Roster.model_validate(city.roster_mapping()),
        scoring=rows,
        peer=peer,
        leadership=leadership,
    )
    start = time.process_time()
    result = tally(sub, rules)
    out.write_text(f"{time.process_time() - start:.4f}", encoding="utf-8")
    print(sum(1 for u in result.units if u.outcome == "flag"))
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="step", required=True)
    p = sub.add_parser("tally")
    p.add_argument("folder", type=Path)
    p.add_argument("--roster", type=Path, required=True)
    p.add_argument("--rules", type=Path, required=True)
    p.add_argument("--out", type=Path, required=True)
    d = sub.add_parser("demo")
    d.add_argument("out", type=Path)
    doc = sub.add_parser("documents")
    doc.add_argument("folder", type=Path)
    doc.add_argument("--rules", type=Path, required=True)
    doc.add_argument("--out", type=Path, required=True)
    s = sub.add_parser("score")
    s.add_argument("units", type=int)
    s.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    if args.step == "tally":
        return tally_step(args.folder, args.roster, args.rules, args.out)
    if args.step == "documents":
        return documents_step(args.folder, args.rules, args.out)
    if args.step == "score":
        return score_step(args.units, args.out)
    return demo_step(args.out)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
