"""A synthetic city for the benchmarks: a roster, a rules file and filled ``--split`` forms.

    python benchmarks/city.py 2000 --out /tmp/city2000      # roster.toml + rules.toml only

The city keeps the proportions of issue 9 (2,000 units over 50 sites, 100 leaders): 40 units a
site, and the same 100 leaders at every size (a leader rates every unit, so more leaders would
make the data itself grow faster than the units: with a fixed number of leaders and a fixed site
size, the ratings to type grow linearly with the units).  Every site gets one flag,
``peer_scope = "site"``.  Names are plausible Chinese names of realistic length (the roster
is carried in every form's ``_meta``, so its size matters).

Filling: the scoring form (one file) is filled with :func:`redflag_xlsx.forms.filling.fill_workbook`
(openpyxl), as the demo does.  The rating forms (one per unit and per leader: thousands of files)
are filled by typing numbers straight into the blank input cells of the sheet XML that
``build-template`` wrote, which is what a spreadsheet program saves for a typed number
(``<c r="D4" s="7"><v>88.5</v></c>``): openpyxl takes about 0.2 s per 2,000-column form, 7 minutes
for the 2,101 forms of a 2,000-unit city, against 15 s this way.  ``tests/test_benchmarks_smoke.py``
checks that both fillers give the same tally.
"""

from __future__ import annotations

import json
import random
import re
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

UNITS_PER_SITE = 40
LEADERS = 100
PERIOD = "2026Q4"
SECRET = "benchmark-secret-key"  # REDFLAG_SECRET for every step: forms are signed and verified
_CATEGORIES = ("物业管理", "保洁", "餐饮", "安保", "绿化", "会议服务", "工程维修")
_CONTRACTORS = (
    "华信物业管理有限公司",
    "洁美环境服务有限公司",
    "鑫源餐饮管理有限公司",
    "安泰保安服务有限公司",
)


@dataclass(frozen=True)
class City:
    """The size of a synthetic city."""

    units: int
    sites: int
    leaders: int

    @classmethod
    def of(cls, units: int, sites: int | None = None, leaders: int | None = None) -> City:
        return cls(
            units=units,
            sites=sites or max(1, round(units / UNITS_PER_SITE)),
            leaders=leaders or LEADERS,
        )

    def site(self, i: int) -> str:
        return f"第{i + 1:03d}办公区"

    def unit_code(self, i: int) -> str:
        return f"U{i + 1:05d}"

    def leader_code(self, i: int) -> str:
        return f"LD{i + 1:03d}"

    def roster_mapping(self) -> dict:
        units = []
        for i in range(self.units):
            kind = _CATEGORIES[i % len(_CATEGORIES)]
            units.append(
                {
                    "code": self.unit_code(i),
                    "name": f"{self.site(i % self.sites)}{kind}服务项目{i + 1}",
                    "site": self.site(i % self.sites),
                    "category": kind,
                    "contractor": _CONTRACTORS[i % len(_CONTRACTORS)],
                }
            )
        leaders = [
            {"code": self.leader_code(i), "name": f"领导{i + 1}", "title": "副局长"}
            for i in range(self.leaders)
        ]
        return {"units": units, "leaders": leaders}

    def rules_mapping(self) -> dict:
        return {
            "peer_scope": "site",
            "flags_per_site": {self.site(s): 1 for s in range(self.sites)},
        }


@dataclass(frozen=True)
class CityFiles:
    roster: Path
    rules: Path


def _toml_value(value: object) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string
    return str(value)


def write_city(city: City, out_dir: Path) -> CityFiles:
    """Write ``roster.toml`` and ``rules.toml`` for ``city`` into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    roster = city.roster_mapping()
    lines: list[str] = []
    for table in ("units", "leaders"):
        for row in roster[table]:
            lines.append(f"[[{table}]]")
            lines += [f"{k} = {_toml_value(v)}" for k, v in row.items()]
            lines.append("")
    roster_path = out_dir / "roster.toml"
    roster_path.write_text("\n".join(lines), encoding="utf-8")
    rules = city.rules_mapping()
    text = [f"peer_scope = {_toml_value(rules['peer_scope'])}", "", "[flags_per_site]"]
    text += [f"{_toml_value(site)} = {n}" for site, n in rules["flags_per_site"].items()]
    rules_path = out_dir / "rules.toml"
    rules_path.write_text("\n".join(text) + "\n", encoding="utf-8")
    return CityFiles(roster_path, rules_path)


# --- filled forms ------------------------------------------------------------------------------
def sample_values(city: City, seed: int = 9) -> tuple[dict, dict, dict]:
    """(scoring, peer, leadership) values as :func:`fill_workbook` takes them."""
    rng = random.Random(seed)
    merit = {city.unit_code(i): rng.uniform(82, 96) for i in range(city.units)}
    scoring = {}
    for i in range(city.units):
        base = round(rng.uniform(86, 95) * 2) / 2
        scoring[city.unit_code(i)] = {
            "inspection_minor": rng.choice([0, 1, 1, 2]),
            "survey_minor": rng.choice([0, 0, 1]),
            "bulletin_article": rng.choice([0, 1]),
            "management_good": "是" if rng.random() < 0.6 else "否",
            "baseline": base,
            "current": base + rng.choice([-1, 0, 0.5, 1, 2]),
        }

    def rating(code: str) -> float:
        return min(100.0, round((merit[code] + rng.gauss(0, 2.5)) * 2) / 2)

    peer = {}
    for i in range(city.units):
        site = i % city.sites
        peer[city.unit_code(i)] = {
            city.unit_code(j): rating(city.unit_code(j))
            for j in range(site, city.units, city.sites)
            if j != i
        }
    leadership = {
        city.leader_code(k): {
            city.unit_code(i): rating(city.unit_code(i)) for i in range(city.units)
        }
        for k in range(city.leaders)
    }
    return scoring, peer, leadership


def _column_letter(col: int) -> str:  # 1-based
    letters = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


_BLANK = re.compile(rb'<c r="([A-Z]+)(\d+)" s="(\d+)"/>')


def type_ratings(src: Path, dst: Path, values: dict[tuple[int, int], float]) -> Path:
    """Copy the split rating form ``src`` to ``dst`` with ``values`` ((row, 1-based column) ->
    number) typed into the blank cells of its rating sheet (the second sheet)."""
    wanted = {(_column_letter(c).encode(), str(r).encode()): v for (r, c), v in values.items()}

    def repl(m: re.Match[bytes]) -> bytes:
        value = wanted.get((m.group(1), m.group(2)))
        if value is None:
            return m.group(0)
        return b'<c r="%s%s" s="%s"><v>%s</v></c>' % (
            m.group(1),
            m.group(2),
            m.group(3),
            repr(value).encode(),
        )

    sheet = "xl/worksheets/sheet2.xml"
    dst.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == sheet:
                data = _BLANK.sub(repl, data)
            zout.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return dst


def _rated_cells(form: Path, kind: str) -> dict[str, tuple[int, int]]:
    """Rated unit code -> (row, 1-based column) of its rating cell on a split form: a format 2
    list (a row per unit, 评分 in column 4) or a format 1 grid (one row, a column per unit)."""
    from redflag_xlsx.xlsx import layout
    from redflag_xlsx.xlsx.cells import open_book

    book = open_book(form.read_bytes())
    try:
        names = layout.sheet_names_all_langs(kind)
        sheet = book.sheet(next(n for n in book.sheet_names if n in names))
        rows = sheet.rows()
        header = rows.get(layout.HEADER_ROW, {})
        if 1 in header and header[1].value == layout.rating_list_columns()[0].header:
            return {
                str(cells[1].value): (r, 4)
                for r, cells in rows.items()
                if r > layout.HEADER_ROW and 1 in cells and cells[1].value
            }
        first = len(layout.rating_id_columns(kind)) + 1
        row = layout.FIRST_DATA_ROW
        return {str(c.value): (row, col) for col, c in header.items() if col >= first}
    finally:
        book.close()


def fill_city(city: City, forms_dir: Path, filled_dir: Path, *, fast: bool = True) -> list[Path]:
    """Fill every ``--split`` form of ``forms_dir`` into ``filled_dir``; returns the paths.

    ``fast=False`` fills every form with openpyxl (slow; the smoke test compares both).
    """
    from redflag_xlsx.core.rules import Rules
    from redflag_xlsx.forms.filling import fill_workbook
    from redflag_xlsx.forms.templates import form_filename

    scoring, peer, leadership = sample_values(city)
    rules = Rules.from_mapping(city.rules_mapping())
    filled_dir.mkdir(parents=True, exist_ok=True)
    name = form_filename("scoring", PERIOD)
    out = [fill_workbook(forms_dir / name, filled_dir / name, scoring=scoring, rules=rules)]
    for kind, values in (("peer", peer), ("leadership", leadership)):
        for rater, given in values.items():
            name = form_filename(kind, PERIOD, rater)
            if fast:
                # the form's own cells (a split peer form may list its site's units only)
                index = _rated_cells(forms_dir / name, kind)
                cells = {index[code]: v for code, v in given.items()}
                out.append(type_ratings(forms_dir / name, filled_dir / name, cells))
            else:
                out.append(
                    fill_workbook(forms_dir / name, filled_dir / name, **{kind: {rater: given}})
                )
    return out


def main(argv: list[str]) -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("units", type=int)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    files = write_city(City.of(args.units), args.out)
    print(files.roster, files.rules)


if __name__ == "__main__":
    main(sys.argv[1:])
