"""Run every benchmark of issue 9 and write the table into docs/performance.md.

    python benchmarks/run.py                     # the full run (about 15-25 minutes here)
    python benchmarks/run.py --sizes 200 --runs 3 --no-write   # a quick look

Each measured step runs as its own process (what a clerk runs), timed by the wall clock and by
the CPU time the kernel charged it (``os.wait4``), with its peak resident memory (POSIX only;
blank elsewhere).  Medians over ``--runs`` runs (``--big-runs`` from 2,000 units up), product and
floor interleaved so that both see the same load.  The machine is shared: the ratios of one run
are what count, not the seconds.

1. cold start: ``python -m redflag_xlsx --help`` against ``python -c pass``;
2. ``demo`` end to end on the sample roster;
3. a synthetic city (:mod:`city`) at each size: ``build-template --split`` against
   :mod:`floor_write`, and ``tally`` against :mod:`floor_read` on the filled forms;
4. growth between sizes (the exponent k of time ~ units^k), and sizes the form layout cannot
   hold are reported, not attempted.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from city import PERIOD, SECRET, City, fill_city, write_city  # noqa: E402

DOC = ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- benchmarks:begin -->", "<!-- benchmarks:end -->"
XLSX_MAX_COLUMNS = 16384
BIG = 2000  # from this many units on, --big-runs runs
TARGETS = {
    "help": 3.0,
    "demo": 3.0,
    "build": 2.0,
    "tally": 3.0,  # from 2,000 units on
    "tally_small": 5.0,  # below
    "memory_mb": 1024.0,
    "growth": 1.1,
}


# --- one measured process -------------------------------------------------------------------
@dataclass
class Sample:
    wall: float
    cpu: float | None  # user + system seconds of the process
    rss_mb: float | None  # peak resident set size
    rc: int
    err: str = ""


def run_once(
    cmd: list[str],
    *,
    cwd: Path,
    env: dict[str, str] | None = None,
    ok: tuple[int, ...] = (0,),
) -> Sample:
    """Run ``cmd`` to its end; wall time, CPU time and peak memory of that process (with its
    worker processes: ``os.wait4`` counts the CPU time of the children a process waited for,
    and the peak of the largest of them).  An exit code in ``ok`` counts as success (as 0)."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        cpu = rss = None
        if hasattr(os, "wait4"):  # POSIX: the rusage of exactly this child
            _pid, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
            cpu = usage.ru_utime + usage.ru_stime
            scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, else KiB
            rss = usage.ru_maxrss * scale / 2**20
        else:  # Windows: wall time only
            proc.wait()
            wall = time.perf_counter() - start
        err.seek(0)
        tail = err.read().decode("utf-8", "replace")[-2000:]
    rc = 0 if proc.returncode in ok else proc.returncode
    return Sample(wall, cpu, rss, rc, tail if rc else "")


@dataclass
class Measure:
    """The samples of one step, and their medians."""

    name: str
    samples: list[Sample] = field(default_factory=list)

    def _median(self, attr: str) -> float | None:
        values = [getattr(s, attr) for s in self.samples if getattr(s, attr) is not None]
        return statistics.median(values) if values else None

    @property
    def wall(self) -> float | None:
        return self._median("wall")

    @property
    def cpu(self) -> float | None:
        return self._median("cpu")

    @property
    def rss_mb(self) -> float | None:
        values = [s.rss_mb for s in self.samples if s.rss_mb is not None]
        return max(values) if values else None

    @property
    def ok(self) -> bool:
        return bool(self.samples) and all(s.rc == 0 for s in self.samples)

    def failure(self) -> str:
        bad = next((s for s in self.samples if s.rc != 0), None)
        return f"exit {bad.rc}: {bad.err.strip()[-300:]}" if bad else ""

    def add(self, sample: Sample) -> Sample:
        self.samples.append(sample)
        if sample.rc != 0:
            print(f"  ! {self.name} failed, exit {sample.rc}\n{sample.err}", file=sys.stderr)
        return sample


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


PYCACHE = Path(tempfile.gettempdir()) / "redflag-bench-pycache"


def _env(bytecode: bool = True) -> dict[str, str]:
    """The environment of every measured process.

    ``bytecode``: modules are loaded from cached bytecode, as on a user's machine (pip compiles
    .pyc files on install), kept in a scratch folder (``PYTHONPYCACHEPREFIX``) so that nothing
    is written into the source tree; ``PYTHONDONTWRITEBYTECODE`` (set in some sandboxes) is
    dropped.  Without it, every start compiles the package's modules from source.
    """
    env = {k: v for k, v in os.environ.items() if k != "REDFLAG_LANG"}
    env["REDFLAG_SECRET"] = SECRET
    env["PYTHONIOENCODING"] = "utf-8"
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    else:
        env.pop("PYTHONPYCACHEPREFIX", None)
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def _fresh(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    return path


def has_command(name: str, cwd: Path) -> bool:
    """Whether ``python -m redflag_xlsx <name>`` exists (other engineers may not have landed it)."""
    sample = run_once([sys.executable, "-m", "redflag_xlsx", name, "--help"], cwd=cwd, env=_env())
    return sample.rc == 0


# --- 1 and 2: cold start, demo ------------------------------------------------------------
def bench_cold_start(work: Path, runs: int, *, bytecode: bool = True) -> dict:
    """``--help`` against ``python -c pass``, after one unmeasured run of each (which writes
    the bytecode cache)."""
    env = _env(bytecode)
    bare_cmd = [sys.executable, "-c", "pass"]
    help_cmd = [sys.executable, "-m", "redflag_xlsx", "--help"]
    run_once(bare_cmd, cwd=work, env=env)
    run_once(help_cmd, cwd=work, env=env)
    help_, bare = Measure("--help"), Measure("python -c pass")
    for _ in range(runs):  # interleaved: both see the same load
        bare.add(run_once(bare_cmd, cwd=work, env=env))
        help_.add(run_once(help_cmd, cwd=work, env=env))
    return {"product": help_, "floor": bare}


def plain_python(work: Path) -> str:
    """A Python as a plain ``pip install .`` gives it: a scratch virtual environment that sees
    this one's packages through a ``.pth`` line but runs none of its ``.pth`` import hooks (an
    editable install adds one that costs ``python -c pass`` itself about 20 ms, hiding most of
    the ratio); the package comes from PYTHONPATH or the source tree."""
    import site
    import venv

    home = work / "plain-venv"
    if not home.exists():
        venv.EnvBuilder(with_pip=False, symlinks=os.name != "nt").create(home)
    packages = [p for p in site.getsitepackages() if Path(p).is_dir()]
    py = home / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    found = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (Path(found) / "borrowed.pth").write_text("\n".join(packages) + "\n", encoding="utf-8")
    return str(py)


def bench_cold_plain(work: Path, runs: int) -> dict:
    """``--help`` against ``python -c pass`` in :func:`plain_python`, bytecode cached."""
    py = plain_python(work)
    env = _env(True)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    bare_cmd, help_cmd = [py, "-c", "pass"], [py, "-m", "redflag_xlsx", "--help"]
    run_once(bare_cmd, cwd=work, env=env)
    run_once(help_cmd, cwd=work, env=env)
    help_, bare = Measure("--help (plain)"), Measure("python -c pass (plain)")
    for _ in range(runs):
        bare.add(run_once(bare_cmd, cwd=work, env=env))
        help_.add(run_once(help_cmd, cwd=work, env=env))
    return {"product": help_, "floor": bare}


def bench_scoring(sizes: list[int], work: Path) -> list[dict]:
    """``scoring.tally`` alone (in a child process; the quarter built in memory, no forms) at
    each size: the engine's growth without the forms' (20,000 units need no format 2 here)."""
    out = []
    for n in sizes:
        m = Measure(f"scoring {n}")
        cmd = [sys.executable, str(HERE / "steps.py"), "score", str(n), str(work / f"score{n}")]
        m.add(run_once(cmd, cwd=work, env=_env()))
        seconds = None
        try:
            seconds = float((work / f"score{n}").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
        out.append({"units": n, "process": m, "tally_cpu": seconds})
    return out


def bench_bureau(units: int, work: Path, runs: int) -> dict:
    """What a real bureau runs end to end (issue 19 item 5): ``units`` units on two sites, 5
    leaders, ``--split`` forms; each command as its own process, ``runs`` times."""
    city = City.of(units, sites=2 if units >= 20 else 1, leaders=5)
    base = work / f"bureau{units}"
    files = write_city(city, _fresh(base))
    env, py = _env(), sys.executable
    forms, filled = base / "forms", base / "filled"
    rules = ["--rules", str(files.rules)]
    steps = {
        name: Measure(name)
        for name in ("build-template --split", "validate", "status", "tally", "tally + PDFs")
    }
    for i in range(runs):
        cmd = [py, "-m", "redflag_xlsx", "build-template", "--roster", str(files.roster), *rules]
        cmd += ["--period", PERIOD, "--out", str(_fresh(forms)), "--split"]
        steps["build-template --split"].add(run_once(cmd, cwd=base, env=env))
        if i == 0:
            fill_city(city, forms, _fresh(filled))
        for name in ("validate", "status"):
            cmd = [py, "-m", "redflag_xlsx", name, str(filled), *rules]
            steps[name].add(run_once(cmd, cwd=base, env=env, ok=(0, 1)))
        cmd = [py, "-m", "redflag_xlsx", "tally", str(filled), "--out", str(_fresh(base / "r"))]
        steps["tally"].add(run_once([*cmd, *rules, "--no-history", "--force"], cwd=base, env=env))
        cmd = [py, str(HERE / "steps.py"), "documents", str(filled), *rules]
        cmd += ["--out", str(_fresh(base / "pdf"))]
        steps["tally + PDFs"].add(run_once(cmd, cwd=base, env=env))
    return {"city": asdict(city), "forms": len(list(filled.glob("*.xlsx"))), "steps": steps}


def bench_demo(work: Path, runs: int) -> dict:
    cli = has_command("demo", work)
    demo = Measure("demo")
    for i in range(runs):
        out = _fresh(work / f"demo{i}")
        if cli:
            cmd = [sys.executable, "-m", "redflag_xlsx", "demo", "--out", str(out)]
        else:
            cmd = [sys.executable, str(HERE / "steps.py"), "demo", str(out)]
        demo.add(run_once(cmd, cwd=work, env=_env()))
    return {"product": demo, "via": "CLI demo" if cli else "library run_demo"}


# --- 3 and 4: the city --------------------------------------------------------------------
def split_format() -> int:
    """The format version ``build-template --split`` writes (2: list-style rating forms, one
    row per rated unit, which any number of units fits)."""
    from redflag_xlsx.xlsx import layout

    return int(getattr(layout, "LIST_FORMAT_VERSION", layout.FORMAT_VERSION))


def feasible(city: City, version: int | None = None) -> str:
    """Why the ``--split`` forms of ``city`` cannot be built ("" when they can): format 1
    leadership forms have one column per unit; format 2 forms list the units down the rows."""
    if (version or split_format()) >= 2:
        return ""
    columns = 2 + city.units  # code, name, then one column per unit
    if columns > XLSX_MAX_COLUMNS:
        return f"a rating grid needs {columns:,} columns; an xlsx sheet has {XLSX_MAX_COLUMNS:,}"
    return ""


def bench_city(city: City, work: Path, runs: int, *, tally_cli: bool | None = None) -> dict:
    """build-template vs the write floor, then tally vs the read floor, for ``city``."""
    base = work / f"city{city.units}"
    files = write_city(city, _fresh(base))
    env, py = _env(), sys.executable
    out = {"city": asdict(city), "runs": runs}
    why = feasible(city)
    if why:
        out["impossible"] = why
        return out
    if tally_cli is None:
        tally_cli = has_command("tally", work)
    forms, floor_dir = base / "forms", base / "floor"
    build, wfloor = Measure("build-template --split"), Measure("floor_write")
    for _ in range(runs):
        cmd = [py, "-m", "redflag_xlsx", "build-template", "--roster", str(files.roster)]
        cmd += ["--rules", str(files.rules), "--period", PERIOD, "--out", str(_fresh(forms))]
        build.add(run_once([*cmd, "--split"], cwd=base, env=env))
        cmd = [py, str(HERE / "floor_write.py"), "--roster", str(files.roster)]
        cmd += ["--rules", str(files.rules), "--period", PERIOD, "--out", str(_fresh(floor_dir))]
        wfloor.add(run_once(cmd, cwd=base, env=env))
    out["build"] = {"product": build, "floor": wfloor}
    if not build.ok:
        return out
    out["forms"] = len(list(forms.glob("*.xlsx")))
    out["form_bytes"] = sum(p.stat().st_size for p in forms.glob("*.xlsx"))

    filled = base / "filled"
    start = time.perf_counter()
    fill_city(city, forms, _fresh(filled))
    out["fill_seconds"] = time.perf_counter() - start

    tally_m, rfloor = Measure("tally"), Measure("floor_read")
    serial = Measure("tally, one process")
    status, validate = Measure("status"), Measure("validate")
    one = {**env, "REDFLAG_WORKERS": "1"}
    rules = ["--rules", str(files.rules)]
    for _ in range(runs):
        results = _fresh(base / "results")
        if tally_cli:
            # no --roster: the forms carry it (in chunks in _meta since bug C1 was fixed)
            cmd = [py, "-m", "redflag_xlsx", "tally", str(filled), "--out", str(results)]
            cmd += [*rules, "--no-history", "--force"]
        else:
            cmd = [py, str(HERE / "steps.py"), "tally", str(filled), "--out", str(results)]
            cmd += ["--roster", str(files.roster), *rules]
        tally_m.add(run_once(cmd, cwd=base, env=env))
        rfloor.add(run_once([py, str(HERE / "floor_read.py"), str(filled)], cwd=base, env=env))
        if tally_cli:
            serial.add(run_once(cmd, cwd=base, env=one))
            for m, name in ((status, "status"), (validate, "validate")):
                extra = ["--period", PERIOD] if name == "status" else []
                m.add(
                    run_once(
                        [py, "-m", "redflag_xlsx", name, str(filled), *rules, *extra],
                        cwd=base,
                        env=env,
                        ok=(0, 1),
                    )
                )
    out["tally"] = {
        "product": tally_m,
        "floor": rfloor,
        "via": "CLI tally" if tally_cli else "library calls",
    }
    if serial.samples:
        out["tally_serial"] = {"product": serial, "floor": rfloor}
        out["status"] = {"product": status, "floor": tally_m}
        out["validate"] = {"product": validate, "floor": tally_m}
    return out


def growth(a: float | None, b: float | None, n_a: int, n_b: int) -> float | None:
    """The exponent k of time ~ units^k between two sizes (1 = linear)."""
    if not a or not b or n_a == n_b:
        return None
    return math.log(b / a) / math.log(n_b / n_a)


# --- the report ---------------------------------------------------------------------------
def _s(x: float | None, digits: int = 2) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def _x(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}×"


def _mb(x: float | None) -> str:
    return "–" if x is None else f"{x:.0f}"


def _met(value: float | None, target: float) -> str:
    if value is None:
        return "–"
    return "yes" if value <= target else "**no**"


def report(data: dict) -> str:
    lines = [
        f"Measured {data['when']} on {data['machine']}, Python {data['python']}; "
        f"{data['cores']} cores shared with other work: compare the ratios, not the seconds. "
        "Times are medians (wall clock; CPU = user + system time of the process), "
        "memory is the peak resident set of the process.",
        "",
        "| measurement | product s (CPU s) | floor s (CPU s) | ratio wall | ratio CPU "
        "| target | met | peak MB |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for key, how, target in (
        ("cold_plain", "plain install (no editable-install hook), bytecode cached", True),
        ("cold", "this editable install, bytecode cached", False),
        ("cold_nopyc", "no bytecode cache: every module compiled", False),
    ):
        if key not in data:
            continue
        p, f = data[key]["product"], data[key]["floor"]
        r = ratio(p.wall, f.wall)
        lines.append(
            f"| cold start `python -m redflag_xlsx --help` vs `python -c pass`, {how} "
            f"({len(p.samples)} runs) | {_s(p.wall, 3)} ({_s(p.cpu, 3)}) "
            f"| {_s(f.wall, 3)} ({_s(f.cpu, 3)}) | {_x(r)} | {_x(ratio(p.cpu, f.cpu))} "
            + (
                f"| ≤ {TARGETS['help']:.0f}× | {_met(r, TARGETS['help'])} "
                if target
                else "| (information) | – "
            )
            + f"| {_mb(p.rss_mb)} |"
        )
    if "demo" in data:
        demo = data["demo"]["product"]
        state = _met(demo.wall, TARGETS["demo"]) if demo.ok else f"**failed** ({demo.failure()})"
        lines.append(
            f"| `demo` end to end, {data['demo']['via']} ({len(demo.samples)} runs) "
            f"| {_s(demo.wall)} ({_s(demo.cpu)}) | – | – | – | < {TARGETS['demo']:.0f} s "
            f"| {state} | {_mb(demo.rss_mb)} |"
        )
    lines += [
        "",
        f"Synthetic city, `--split` forms of format {data.get('split_format', 1)} (40 units a "
        'site, `peer_scope = "site"`, one flag a site); `build-template` against '
        "`benchmarks/floor_write.py` (the same cells, plain xlsxwriter), `tally` against "
        "`benchmarks/floor_read.py` (every cell value, python-calamine), `status` and "
        "`validate` against `tally` (every core; CPU includes the worker processes):",
        "",
        "| units / sites / leaders | forms (MB) | step | runs | product s (CPU s) "
        "| floor s (CPU s) | ratio wall | ratio CPU | target | met | peak MB product / floor |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for size in data["cities"]:
        c = size["city"]
        who = f"{c['units']:,} / {c['sites']} / {c['leaders']}"
        if "impossible" in size:
            lines.append(
                f"| {who} | – | all | – | not possible: {size['impossible']} | – | – | – | – | "
                "**no** | – |"
            )
            continue
        forms = f"{size.get('forms', '–')} ({size.get('form_bytes', 0) / 2**20:.0f})"
        tally_target = TARGETS["tally"] if c["units"] >= BIG else TARGETS["tally_small"]
        for step, target in (
            ("build", TARGETS["build"]),
            ("tally", tally_target),
            ("tally_serial", None),
            ("status", 1.0),
            ("validate", 1.0),
        ):
            if step not in size:
                continue
            p, f = size[step]["product"], size[step]["floor"]
            r = ratio(p.wall, f.wall)
            name = {
                "build": "build-template",
                "tally": f"tally, every core ({size['tally']['via']})",
                "tally_serial": "tally, one process (REDFLAG_WORKERS=1)",
                "status": "status vs tally",
                "validate": "validate vs tally",
            }[step]
            goal = "(information)" if target is None else f"≤ {target:g}×"
            met = "–" if target is None else _met(r, target)
            if not p.ok:
                met = f"**failed** ({p.failure()})"
            lines.append(
                f"| {who} | {forms} | {name} | {len(p.samples)} | {_s(p.wall)} ({_s(p.cpu)}) "
                f"| {_s(f.wall)} ({_s(f.cpu)}) | {_x(r)} | {_x(ratio(p.cpu, f.cpu))} "
                f"| {goal} | {met} | {_mb(p.rss_mb)} / {_mb(f.rss_mb)} |"
            )
    peaks = [
        (s["city"]["units"], max(s[step]["product"].rss_mb or 0 for step in ("build", "tally")))
        for s in data["cities"]
        if "build" in s and "tally" in s
    ]
    if peaks:
        limit = TARGETS["memory_mb"]
        biggest = max(s["city"]["units"] for s in data["cities"])
        measured = max(n for n, _mb_ in peaks) == biggest
        over = [(n, mb) for n, mb in peaks if mb > limit]
        state = "**no**" if over or not measured else "yes"
        lines += [
            "",
            f"Peak memory, target under {limit:.0f} MB at {biggest:,} units: {state} — "
            + ", ".join(f"{n:,} units {mb:.0f} MB" for n, mb in peaks)
            + ("" if measured else f"; {biggest:,} units could not be run")
            + ".",
        ]
    done = [s for s in data["cities"] if "build" in s]
    if len(done) >= 2:
        lines += [
            "",
            "Growth: the exponent k of time ∝ units^k between consecutive sizes (1 = linear; "
            f"target for tally ≤ {TARGETS['growth']:g} from 2,000 to 20,000 units; format 1 "
            "forms carry the roster, so their bytes grow faster than the units):",
            "",
            "| sizes | build-template k | write floor k | tally k | read floor k | form bytes k |",
            "|---|---|---|---|---|---|",
        ]
        for a, b in itertools.pairwise(done):
            na, nb = a["city"]["units"], b["city"]["units"]
            ks = []
            for step in ("build", "tally"):
                for who_ in ("product", "floor"):
                    ma = a.get(step, {}).get(who_)
                    mb = b.get(step, {}).get(who_)
                    ks.append(growth(ma and ma.wall, mb and mb.wall, na, nb))
            ks.append(growth(a.get("form_bytes"), b.get("form_bytes"), na, nb))
            lines.append(f"| {na:,} → {nb:,} | " + " | ".join(_s(k) for k in ks) + " |")
    scoring = [s for s in data.get("scoring", []) if s.get("tally_cpu")]
    if scoring:
        lines += [
            "",
            "Scoring alone (`scoring.tally` on a quarter built in memory: 40 units a site, 10 "
            "leaders, every rating given; CPU seconds of the call, in its own process):",
            "",
            "| units | tally() CPU s | process peak MB | growth k from the previous size |",
            "|---|---|---|---|",
        ]
        prev = None
        for s_ in scoring:
            k = None
            if prev is not None:
                k = growth(prev["tally_cpu"], s_["tally_cpu"], prev["units"], s_["units"])
            lines.append(
                f"| {s_['units']:,} | {_s(s_['tally_cpu'])} | {_mb(s_['process'].rss_mb)} "
                f"| {_s(k)} |"
            )
            prev = s_
    bureaus = data.get("bureaus", [])
    if bureaus:
        names = list(bureaus[0]["steps"])
        lines += [
            "",
            "A real bureau (issue 19 item 5): two sites, 5 leaders, `--split` forms, each command "
            "a process of its own (`tally + PDFs`: read, score and draw the announcement, "
            "statements and payout PDFs through the library); median wall seconds (CPU):",
            "",
            "| units / forms | " + " | ".join(names) + " |",
            "|---|" + "---|" * len(names),
        ]
        for b in bureaus:
            cells = [
                f"{_s(m.wall)} ({_s(m.cpu)})" if m.ok else f"**failed** ({m.failure()})"
                for m in (b["steps"][n] for n in names)
            ]
            lines.append(f"| {b['city']['units']} / {b['forms']} | " + " | ".join(cells) + " |")
    fills = [s for s in data["cities"] if "fill_seconds" in s]
    if fills:
        lines += [
            "",
            "Preparing the filled forms (not measured against a target): "
            + ", ".join(f"{s['city']['units']:,} units {s['fill_seconds']:.1f} s" for s in fills)
            + ".",
        ]
    return "\n".join(lines) + "\n"


def write_doc(table: str, path: Path = DOC) -> None:
    """Replace the generated part of ``path`` (between the markers), keeping the rest."""
    text = (
        path.read_text(encoding="utf-8") if path.exists() else f"# Performance\n\n{BEGIN}\n{END}\n"
    )
    if BEGIN not in text or END not in text:
        text = text.rstrip("\n") + f"\n\n{BEGIN}\n{END}\n"
    head, rest = text.split(BEGIN, 1)
    _old, tail = rest.split(END, 1)
    path.write_text(f"{head}{BEGIN}\n{table}{END}{tail}", encoding="utf-8")


def _jsonable(obj):
    if isinstance(obj, Measure):
        return {
            "name": obj.name,
            "wall": obj.wall,
            "cpu": obj.cpu,
            "rss_mb": obj.rss_mb,
            "samples": [asdict(s) for s in obj.samples],
        }
    if isinstance(obj, dict):
        return {k: _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_jsonable(v) for v in obj]
    return obj


def _from_jsonable(obj):
    if isinstance(obj, dict) and "samples" in obj and "name" in obj:
        return Measure(obj["name"], [Sample(**s) for s in obj["samples"]])
    if isinstance(obj, dict):
        return {k: _from_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_from_jsonable(v) for v in obj]
    return obj


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description="redflag_xlsx benchmarks (issue 9)")
    parser.add_argument("--sizes", default="200,2000,20000", help="units of the synthetic cities")
    parser.add_argument("--leaders", type=int, help="leaders of every city (default 100)")
    parser.add_argument("--sites", type=int, help="sites of every city (default: 40 units a site)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each city step below 2,000")
    parser.add_argument("--big-runs", type=int, default=1, help="runs from 2,000 units on")
    parser.add_argument("--cold-runs", type=int, default=15)
    parser.add_argument("--demo-runs", type=int, default=5)
    parser.add_argument(
        "--parts",
        default="cold,demo,cities,bureau,scoring",
        help="what to measure (comma-separated)",
    )
    parser.add_argument("--merge", type=Path, help="start from this earlier run's raw numbers")
    parser.add_argument("--bureau", default="12,50", help="units of the bureau runs ('' none)")
    parser.add_argument("--bureau-runs", type=int, default=3)
    parser.add_argument(
        "--scoring", default="2000,20000", help="units of the scoring-only runs ('' for none)"
    )
    parser.add_argument("--work", type=Path, help="scratch folder (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    parser.add_argument("--no-write", action="store_true", help="print only, leave the doc")
    parser.add_argument("--doc", type=Path, default=DOC, help="the markdown file to update")
    parser.add_argument("--json", type=Path, default=HERE / "last_run.json", help="raw numbers")
    parser.add_argument(
        "--report-only", action="store_true", help="measure nothing: rewrite the doc from --json"
    )
    args = parser.parse_args(argv)
    if args.report_only:
        data = _from_jsonable(json.loads(args.json.read_text(encoding="utf-8")))
        table = report(data)
        print(table)
        if not args.no_write:
            write_doc(table, args.doc)
        return data

    work = args.work or Path(tempfile.mkdtemp(prefix="redflag-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    data: dict = {
        "split_format": split_format(),
        "when": time.strftime("%Y-%m-%d %H:%M"),
        "machine": f"{platform.system()} {platform.machine()}",
        "python": platform.python_version(),
        "cores": os.cpu_count(),
        "cities": [],
    }
    if args.merge:  # earlier measurements kept, the parts measured now replace theirs
        data = {**_from_jsonable(json.loads(args.merge.read_text(encoding="utf-8"))), **data}
    try:
        if "cold" in args.parts:
            print("cold start ...", flush=True)
            data["cold"] = bench_cold_start(work, args.cold_runs)
            data["cold_nopyc"] = bench_cold_start(work, args.cold_runs, bytecode=False)
            try:
                data["cold_plain"] = bench_cold_plain(work, args.cold_runs)
            except (OSError, subprocess.CalledProcessError) as exc:  # no venv module
                print(f"  ! plain-install cold start skipped: {exc}", file=sys.stderr)
        if "demo" in args.parts:
            print("demo ...", flush=True)
            data["demo"] = bench_demo(work, args.demo_runs)
        tally_cli = has_command("tally", work)
        sizes = args.sizes if "cities" in args.parts else ""
        if sizes:
            data["cities"] = []
        for n in (int(x) for x in sizes.split(",") if x.strip()):
            city = City.of(n, sites=args.sites, leaders=args.leaders)
            runs = args.big_runs if n >= BIG else args.runs
            print(f"city {n} units x {runs} runs ...", flush=True)
            data["cities"].append(bench_city(city, work, runs, tally_cli=tally_cli))
        bureaus = args.bureau if "bureau" in args.parts else ""
        if bureaus:
            data["bureaus"] = []
        for n in (int(x) for x in bureaus.split(",") if x.strip()):
            print(f"bureau {n} units ...", flush=True)
            data["bureaus"].append(bench_bureau(n, work, args.bureau_runs))
        if args.scoring and "scoring" in args.parts:
            print("scoring ...", flush=True)
            data["scoring"] = bench_scoring([int(x) for x in args.scoring.split(",")], work)
    finally:
        if not args.keep and args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    table = report(data)
    print(table)
    args.json.write_text(
        json.dumps(_jsonable(data), ensure_ascii=False, indent=1), encoding="utf-8"
    )
    if not args.no_write:
        write_doc(table, args.doc)
        print(f"wrote {args.doc}")
    return data


if __name__ == "__main__":
    main()
