"""The largest city once, each step a process of its own: does it run, in what time and memory.

    python benchmarks/big.py 20000 --work /tmp/big     # about 40 minutes on 2 shared cores

``run.py`` measures every size against its floors, several times; at 20,000 units (20,101
forms) that is hours (the write floor alone takes as long as ``build-template``).  This script
answers issue 19's questions about the largest size — build, tally and validate run, the growth
from 2,000 units, the peak memory — with one run of each step and only the read floor beside
``tally``.  It prints one JSON object (and writes it to ``--json``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from city import PERIOD, City, fill_city, write_city  # noqa: E402
from run import _env, _fresh, run_once  # noqa: E402


def measure(units: int, work: Path) -> dict:
    city = City.of(units)
    base = _fresh(work / f"city{units}")
    files = write_city(city, base)
    env, py = _env(), sys.executable
    out: dict = {"city": {"units": city.units, "sites": city.sites, "leaders": city.leaders}}

    def step(name: str, cmd: list[str], **kw) -> bool:
        sample = run_once(cmd, cwd=base, env=kw.get("env", env), ok=kw.get("ok", (0,)))
        out[name] = {"wall": sample.wall, "cpu": sample.cpu, "rss_mb": sample.rss_mb}
        out[name]["rc"] = sample.rc
        if sample.rc:
            out[name]["err"] = sample.err
        print(name, out[name], flush=True)
        return sample.rc == 0

    forms = base / "forms"
    cmd = [py, "-m", "redflag_xlsx", "build-template", "--roster", str(files.roster)]
    cmd += ["--rules", str(files.rules), "--period", PERIOD, "--out", str(forms), "--split"]
    if not step("build-template --split", cmd):
        return out
    out["forms"] = len(list(forms.glob("*.xlsx")))
    out["form_bytes"] = sum(p.stat().st_size for p in forms.glob("*.xlsx"))
    filled = base / "filled"
    start = time.perf_counter()
    fill_city(city, forms, filled)
    out["fill_seconds"] = time.perf_counter() - start
    rules = ["--rules", str(files.rules)]
    cmd = [py, "-m", "redflag_xlsx", "tally", str(filled), "--out", str(base / "results")]
    step("tally", [*cmd, *rules, "--no-history", "--force"])
    step("floor_read", [py, str(HERE / "floor_read.py"), str(filled)])
    # validate exits 1 when it finds problems (the city's forms have none it must report)
    step("validate", [py, "-m", "redflag_xlsx", "validate", str(filled), *rules], ok=(0, 1))
    return out


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("units", type=int, nargs="?", default=20_000)
    parser.add_argument("--work", type=Path, required=True, help="scratch folder")
    parser.add_argument("--json", type=Path, default=HERE / "big_run.json")
    args = parser.parse_args(argv)
    out = measure(args.units, args.work)
    args.json.write_text(json.dumps(out, indent=1), encoding="utf-8")
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1:])
