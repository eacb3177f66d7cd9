"""The benchmarks still run (issue 9): a tiny city through ``benchmarks/run.py``, no timings.

``python benchmarks/run.py`` is not part of the test suite; these tests only make sure the code it
runs keeps working as the package changes: every measured step exits 0 and yields numbers, the
fast filler gives the same tally as openpyxl, and the report keeps the hand-written parts of
docs/performance.md.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCH))

import run  # noqa: E402
from city import PERIOD, SECRET, City, fill_city, write_city  # noqa: E402

TINY = ["--sizes", "20", "--sites", "2", "--leaders", "3", "--runs", "1", "--scoring", "20,40"]
TINY += ["--bureau", "4", "--bureau-runs", "1"]


def test_one_command_runs_every_step_on_a_tiny_city(tmp_path: Path) -> None:
    doc = tmp_path / "performance.md"
    doc.write_text(
        f"# Performance\n\nhand-written intro\n\n{run.BEGIN}\nold table\n{run.END}\n\nnotes\n",
        encoding="utf-8",
    )
    raw = tmp_path / "last_run.json"
    args = [*TINY, "--cold-runs", "2", "--demo-runs", "1", "--work", str(tmp_path / "w")]
    data = run.main([*args, "--doc", str(doc), "--json", str(raw)])

    for key in ("cold", "cold_nopyc", "cold_plain"):
        cold = data[key]
        assert [len(cold["product"].samples), len(cold["floor"].samples)] == [2, 2]
        assert cold["product"].ok and cold["floor"].ok
        assert cold["product"].wall > 0 and cold["floor"].wall > 0
    assert data["demo"]["product"].ok, data["demo"]["product"].failure()

    (city,) = data["cities"]
    assert city["city"] == {"units": 20, "sites": 2, "leaders": 3}
    assert city["forms"] == 1 + 20 + 3
    for step in ("build", "tally"):
        for who in ("product", "floor"):
            measure = city[step][who]
            assert measure.ok, f"{step} {who}: {measure.failure()}"
            assert len(measure.samples) == 1 and measure.wall > 0
            if hasattr(os, "wait4"):
                assert measure.cpu > 0 and measure.rss_mb > 10

    text = doc.read_text(encoding="utf-8")
    assert text.startswith("# Performance\n\nhand-written intro\n\n" + run.BEGIN + "\n")
    assert text.endswith(run.END + "\n\nnotes\n")
    assert "old table" not in text
    rows = [line for line in text.splitlines() if line.startswith("| 20 / 2 / 3 |")]
    assert [r.split(" | ")[2] for r in rows] == [
        "build-template",
        f"tally, every core ({city['tally']['via']})",
        "tally, one process (REDFLAG_WORKERS=1)",
        "status vs tally",
        "validate vs tally",
    ]
    for step in ("tally_serial", "status", "validate"):
        assert city[step]["product"].ok, city[step]["product"].failure()
    assert [s["units"] for s in data["scoring"]] == [20, 40]
    (bureau,) = data["bureaus"]
    assert bureau["forms"] == 1 + 4 + 5
    for name, measure in bureau["steps"].items():
        assert measure.ok, f"{name}: {measure.failure()}"
    assert all(s["tally_cpu"] is not None and s["process"].ok for s in data["scoring"])
    assert all("×" in r for r in rows)
    assert json.loads(raw.read_text(encoding="utf-8"))["cities"][0]["forms"] == 24
    assert "| 4 / 10 |" in text

    again = tmp_path / "again.md"  # the table rebuilt from the raw numbers, nothing measured
    run.main(["--report-only", "--json", str(raw), "--doc", str(again)])

    def table(path: Path) -> str:
        return path.read_text(encoding="utf-8").split(run.BEGIN)[1].split(run.END)[0]

    assert table(again) == table(doc)


def test_a_city_beyond_the_xlsx_column_limit_is_reported_not_attempted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = City.of(20000)
    assert (big.sites, big.leaders) == (500, 100)
    assert run.feasible(City.of(16382), version=1) == ""
    assert "16,384" in run.feasible(City.of(16383), version=1)
    assert run.feasible(big, version=2) == ""  # format 2 lists the units down the rows
    # --split writes format 2, so the benchmark attempts 20,000 units (minutes: not here); with
    # format 1 grids the city is reported impossible and nothing is built
    monkeypatch.setattr(run, "split_format", lambda: 1)
    result = run.bench_city(big, tmp_path, runs=1, tally_cli=False)
    assert result["impossible"] == run.feasible(big) != ""
    assert "build" not in result


def test_the_fast_filler_gives_the_same_tally_as_openpyxl(tmp_path: Path, monkeypatch) -> None:
    """The benchmark types ratings straight into the sheet XML; the reader must see exactly what
    :func:`fill_workbook` (openpyxl, as the demo fills) would give it."""
    from redflag_xlsx.core.roster import Roster
    from redflag_xlsx.core.rules import Rules
    from redflag_xlsx.core.scoring import tally
    from redflag_xlsx.forms.templates import build_templates
    from redflag_xlsx.intake.reader import read_submissions

    monkeypatch.setenv("REDFLAG_SECRET", SECRET)
    city = City.of(20, sites=2, leaders=3)
    files = write_city(city, tmp_path)
    roster, rules = Roster.load(files.roster), Rules.load(files.rules)
    forms = tmp_path / "forms"
    build_templates(roster, PERIOD, forms, rules=rules, split=True, key=SECRET.encode())
    results = []
    for fast in (True, False):
        filled = tmp_path / ("fast" if fast else "openpyxl")
        paths = fill_city(city, forms, filled, fast=fast)
        assert len(paths) == 24
        sub = read_submissions([filled], rules=rules)
        assert [i.code for i in sub.issues] == []
        assert sum(len(v) for v in sub.peer.values()) == 20 * 9  # 10 units a site
        assert sum(len(v) for v in sub.leadership.values()) == 3 * 20
        result = tally(sub, rules, history=None)
        results.append((sub.peer, sub.leadership, [(u.code, u.total) for u in result.units]))
    assert results[0] == results[1]


@pytest.mark.parametrize("n", [200, 2000])
def test_city_proportions_follow_the_issue(n: int) -> None:
    city = City.of(n)
    assert (city.units, city.sites, city.leaders) == (n, n // 40, 100)
    roster = city.roster_mapping()
    assert len({u["code"] for u in roster["units"]}) == n
    assert len({u["site"] for u in roster["units"]}) == city.sites
    assert set(city.rules_mapping()["flags_per_site"]) == {u["site"] for u in roster["units"]}


def test_the_write_floor_writes_the_files_build_template_writes(tmp_path: Path) -> None:
    """The floor is only a floor of the same work: the same files, sheets, and the same
    rated units down column A of every format 2 rating form (it once wrote format 1 grids)."""
    from floor_write import write_floor
    from python_calamine import CalamineWorkbook

    from redflag_xlsx.core.roster import Roster
    from redflag_xlsx.core.rules import Rules
    from redflag_xlsx.forms.templates import build_templates

    files = write_city(City.of(80, sites=2, leaders=3), tmp_path / "city")
    roster = Roster.load(files.roster)
    codes = {u.code for u in roster.units}
    built = build_templates(
        roster, PERIOD, tmp_path / "forms", rules=Rules.load(files.rules), split=True, key=None
    )
    floor = write_floor(files.roster, files.rules, tmp_path / "floor", PERIOD)
    assert sorted(p.name for p in floor) == sorted(p.name for p in built)

    def column_a(path: Path) -> dict[str, list[object]]:
        wb = CalamineWorkbook.from_path(str(path))
        return {
            name: [row[0] for row in wb.get_sheet_by_name(name).to_python() if row]
            for name in wb.sheet_names
            if name != "填表说明"
        }

    for form in built:
        mine, bare = column_a(form), column_a(tmp_path / "floor" / form.name)
        assert list(mine) == list(bare), form.name
        if "单位互评" in form.name or "领导评议" in form.name:
            sheet = next(iter(mine))
            rated = [v for v in mine[sheet] if v in codes]
            assert rated and rated == [v for v in bare[sheet] if v in codes], form.name


def test_big_measures_every_step_of_a_city(tmp_path: Path) -> None:
    """benchmarks/big.py on a small city: every step runs and yields its numbers."""
    import big

    out = big.measure(40, tmp_path)
    for step in ("build-template --split", "tally", "floor_read", "validate"):
        assert out[step]["rc"] == 0, (step, out[step].get("err"))
        assert out[step]["wall"] > 0
    assert out["forms"] > 40 and out["form_bytes"] > 0
