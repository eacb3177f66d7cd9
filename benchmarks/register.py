"""The inspection register at scale (issue 15): 20,000 events for 2,000 units.

    python benchmarks/register.py                        # 2,000 units, 20,000 events, 3 runs
    python benchmarks/register.py --units 200 --events 2000 --runs 1   # a quick look

Measured as separate processes (wall time, CPU time and peak memory, as benchmarks/run.py):

1. reading the register: ``read_submissions([register], roster=...)`` -- the cells, the dates,
   codes and items of every row, the events -- against the read floor (python-calamine loading
   every cell of the same file, benchmarks/floor_read.py), target <= 3x as for ``tally``;
2. the results workbook of the city's quarter with the register (扣分依据 with every verified
   event, 服务质量明细's counts as COUNTIFS) against the same quarter without it.

The register is filled as inspectors fill it over a quarter: most dates picked from the date
format, some typed as text (``2026.11.3``, ``11月3日``) or as serial numbers, one event in ten
not verified.  Filling (openpyxl) is not measured.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from city import PERIOD, SECRET, City, sample_values, write_city  # noqa: E402
from run import Measure, ratio, run_once  # noqa: E402

TARGET = 3.0
MEMORY_MB = 1024.0


def make_register(city: City, events: int, work: Path) -> tuple[Path, Path]:
    """(the filled register ``work/in/检查记录台账_<period>.xlsx``, ``work/city/roster.toml``)."""
    from redflag_xlsx.core.register import register_items
    from redflag_xlsx.core.roster import Roster
    from redflag_xlsx.core.rules import Rules
    from redflag_xlsx.forms.filling import fill_register
    from redflag_xlsx.forms.register import build_register

    files = write_city(city, work / "city")
    roster = Roster.load(files.roster)
    rules = Rules.load(files.rules)
    blank = build_register(roster, PERIOD, work / "blank", rules=rules, key=SECRET.encode())
    rng = random.Random(15)
    items = [i.label_zh for i in register_items(rules) if not i.disqualifies]
    rows = []
    for n in range(events):
        day = dt.date(2026, 10, 1) + dt.timedelta(days=rng.randint(0, 91))
        typed: object = day
        if n % 10 == 3:
            typed = f"{day.year}.{day.month}.{day.day}"
        elif n % 10 == 6:
            typed = f"{day.month}月{day.day}日"
        elif n % 10 == 8:
            typed = (day - dt.date(1899, 12, 30)).days
        rows.append(
            {
                "date": typed,
                "unit_code": city.unit_code(rng.randrange(city.units)),
                "item": rng.choice(items),
                "description": "楼道地面有积水未及时清理，已现场督促整改",
                "evidence": f"JC-{PERIOD}-{n + 1:05d}",
                "inspector": rng.choice(("赵敏", "钱伟", "孙丽", "李强")),
                "verified": "否" if n % 10 == 9 else "是",
            }
        )
    register = fill_register(blank, work / "in" / blank.name, events=rows)
    return register, files.roster


def read_step(register: Path, roster: Path) -> None:
    """The measured read (a child process)."""
    from redflag_xlsx.intake.reader import read_submissions

    sub = read_submissions([register], roster=roster, key=SECRET.encode())
    assert sub.inspection_register is not None
    bad = [i for i in sub.issues if "REGISTER" in i.code]
    assert not bad, bad[:3]
    print(len(sub.inspection_register.events))


def write_step(register_file: Path, roster: Path, out: Path, with_register: bool) -> None:
    """Tally the city's quarter (ratings in memory) and write its results workbook."""
    from redflag_xlsx.core.models import ScoringRow, Submission
    from redflag_xlsx.core.roster import Roster
    from redflag_xlsx.core.rules import Rules
    from redflag_xlsx.core.scoring import tally
    from redflag_xlsx.intake.reader import read_submissions
    from redflag_xlsx.results.writer import write_results

    loaded = Roster.load(roster)
    rules = Rules.load(roster.with_name("rules.toml"))
    city = City.of(len(loaded.units))
    scoring, peer, leadership = sample_values(city)
    rows = {
        code: ScoringRow(
            unit=code,
            counts={"management_good": 1.0 if v["management_good"] == "是" else 0.0},
            baseline=v["baseline"],
            current=v["current"],
        )
        for code, v in scoring.items()
    }
    register = None
    if with_register:
        read = read_submissions([register_file], roster=roster, key=SECRET.encode())
        register = read.inspection_register
        assert register is not None
    sub = Submission(
        period=PERIOD,
        roster=loaded,
        scoring=rows,
        peer=peer,
        leadership=leadership,
        inspection_register=register,
    )
    write_results(tally(sub, rules), out, force=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--step", nargs="+", help=argparse.SUPPRESS)  # a child process
    args = parser.parse_args(argv)
    if args.step:
        kind, *rest = args.step
        if kind == "make":
            make_register(City.of(int(rest[1])), int(rest[2]), Path(rest[0]))
        elif kind == "read":
            read_step(Path(rest[0]), Path(rest[1]))
        else:
            write_step(Path(rest[0]), Path(rest[1]), Path(rest[2]), kind == "write-register")
        return
    work = Path(tempfile.mkdtemp(prefix="redflag-register-"))
    env = {**os.environ, "REDFLAG_SECRET": SECRET}
    try:
        print(f"filling a register of {args.events:,} events for {args.units:,} units ...")
        me = [sys.executable, str(Path(__file__).resolve()), "--step"]
        # in a child: a process's peak memory counts what its parent held when it was forked
        made = run_once([*me, "make", str(work), str(args.units), str(args.events)], cwd=work)
        if made.rc:
            raise SystemExit(made.err)
        register = next((work / "in").glob("*.xlsx"))
        roster = work / "city" / "roster.toml"
        floor_dir = work / "floor"
        floor_dir.mkdir()
        shutil.copy(register, floor_dir / register.name)
        floor = [sys.executable, str(HERE / "floor_read.py"), str(floor_dir)]
        measures = {
            "read": Measure("read"),
            "floor": Measure("floor"),
            "write": Measure("write"),
            "write-register": Measure("write-register"),
        }
        out = work / "out"
        out.mkdir()
        for _ in range(args.runs):  # interleaved: both see the same load
            measures["read"].add(
                run_once([*me, "read", str(register), str(roster)], cwd=work, env=env)
            )
            measures["floor"].add(run_once(floor, cwd=work, env=env))
            for kind in ("write", "write-register"):
                cmd = [*me, kind, str(register), str(roster), str(out / f"{kind}.xlsx")]
                measures[kind].add(run_once(cmd, cwd=work, env=env))
        for m in measures.values():
            if not m.ok:
                raise SystemExit(f"{m.name}: {m.failure()}")
        size = register.stat().st_size / 2**20
        r, f = measures["read"], measures["floor"]
        w, wr = measures["write"], measures["write-register"]
        print(
            f"\nregister: {args.events:,} events, {args.units:,} units, {size:.1f} MB; "
            f"median of {args.runs} run(s)\n"
        )
        print("| step | s (CPU s) | floor s (CPU s) | ratio wall | ratio CPU | target | peak MB |")
        print("|---|---|---|---|---|---|---|")
        rw, rc = ratio(r.wall, f.wall), ratio(r.cpu, f.cpu)
        print(
            f"| read the register | {r.wall:.2f} ({r.cpu:.2f}) | {f.wall:.2f} ({f.cpu:.2f}) | "
            f"{rw:.2f}× | {rc:.2f}× | ≤ {TARGET:g}×, < {MEMORY_MB:g} MB | "
            f"{r.rss_mb:.0f} / {f.rss_mb:.0f} |"
        )
        print(
            f"| read the register, tally, results workbook vs tally, results workbook | "
            f"{wr.wall:.2f} ({wr.cpu:.2f}) | {w.wall:.2f} ({w.cpu:.2f}) | "
            f"{ratio(wr.wall, w.wall):.2f}× | {ratio(wr.cpu, w.cpu):.2f}× | (information) | "
            f"{wr.rss_mb:.0f} / {w.rss_mb:.0f} |"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
