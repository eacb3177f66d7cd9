"""Before/after measurements of fixes proposed in docs/performance.md, applied in memory.

    python benchmarks/whatif.py build 2000            # build-template --split, as shipped
    python benchmarks/whatif.py build 2000 --patched  # the same with the proposed fixes
    python benchmarks/whatif.py read 2000 --forms DIR [--patched]   # read_submissions only

The fixes are monkeypatches of other engineers' modules, for measuring only; the real fixes
belong in those modules (see docs/performance.md, "Proposed fixes").  Each run prints one line:
``<what> <units> <patched> <seconds>``.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from city import PERIOD, SECRET, City, write_city  # noqa: E402


def patch_templates() -> None:
    """templates.py: O(1) site lookup per cell, names-row height memoised, no temporary files."""
    from redflag_xlsx.forms import templates as templates

    templates.WORKBOOK_OPTIONS["in_memory"] = True  # xlsxwriter: no temp file per sheet
    templates._wrap = functools.lru_cache(maxsize=None)(templates._wrap)

    def _rates(self, sheet, rater, unit):
        if sheet == "leadership":
            return True
        if unit.code == rater:
            return False
        if self.rules.peer_scope == "all":
            return True
        sites = self.__dict__.get("_sites")
        if sites is None:
            sites = self.__dict__["_sites"] = {u.code: u.site for u in self.roster.units}
        return sites[rater] == unit.site

    templates._Builder._rates = _rates

    # _meta: the roster's canonical JSON and fingerprint once per build, not twice per form
    meta = templates._meta
    memo: dict = {}

    def _meta(plan, roster, period, lang, key):
        if memo.get("roster") is not roster:
            text = roster.canonical_json()
            memo.update(roster=roster, text=text, sha=hashlib.sha256(text.encode()).hexdigest())
        frozen = _Frozen(roster, memo["text"], memo["sha"])
        return meta(plan, frozen, period, lang, key)

    templates._meta = _meta


class _Frozen:
    """A roster stand-in whose canonical JSON and fingerprint are computed already."""

    def __init__(self, roster, text: str, sha: str) -> None:
        self._roster, self._text, self.fingerprint = roster, text, sha

    def canonical_json(self) -> str:
        return self._text


def patch_guards() -> None:
    """guards.py: read an XML member's prolog in small pieces, so that finding the root element
    does not parse the first 16 KiB of every member with Python callbacks."""
    from redflag_xlsx.xlsx import guards

    read = guards._Capped.read

    def small_read(self, size=-1):
        return read(self, 1024 if size is None or size < 0 else min(size, 1024))

    guards._Capped.read = small_read


def patch_reader() -> None:
    """reader.py ``_check_rows``: the roster's unit codes as a dict (O(1) membership) instead
    of a list, which made every rating form cost units² comparisons."""
    import inspect

    from redflag_xlsx.intake import reader as reader

    old = "unit_codes = [u.code for u in roster.units]"
    src = inspect.getsource(reader._check_rows)
    if old not in src:  # fixed upstream, or changed: nothing to measure
        print("reader._check_rows: pattern not found, not patched", file=sys.stderr)
        return
    src = src.replace(old, "unit_codes = dict.fromkeys(u.code for u in roster.units)")
    exec(compile(src, reader.__file__, "exec"), reader.__dict__)


def patch_reader_roster() -> None:
    """reader_form.py ``_meta_roster``: parse the roster JSON of ``_meta`` once per distinct
    text, not once per form (every form of a quarter carries the same roster)."""
    from redflag_xlsx.intake import form as reader_form

    parse = reader_form._meta_roster
    cache: dict = {}

    def cached(meta):
        key = (meta.get("roster", ""), meta.get("roster_fingerprint"))
        if key not in cache:
            cache[key] = parse(meta)
        return cache[key]

    reader_form._meta_roster = cached


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["build", "read"])
    parser.add_argument("units", type=int)
    parser.add_argument("--leaders", type=int, default=100)
    parser.add_argument("--forms", type=Path, help="read: the filled forms")
    parser.add_argument("--work", type=Path, default=Path("whatif"))
    parser.add_argument("--patched", action="store_true")
    args = parser.parse_args(argv)
    os.environ["REDFLAG_SECRET"] = SECRET
    city = City.of(args.units, leaders=args.leaders)
    from redflag_xlsx.core.roster import Roster
    from redflag_xlsx.core.rules import Rules

    files = write_city(city, args.work)
    roster, rules = Roster.load(files.roster), Rules.load(files.rules)
    if args.patched:
        patch_templates()
        patch_guards()
        patch_reader()
        patch_reader_roster()
    start = time.perf_counter()
    if args.what == "build":
        from redflag_xlsx.forms.templates import build_templates

        out = args.work / "forms"
        build_templates(roster, PERIOD, out, rules=rules, split=True, key=SECRET.encode())
    else:
        from redflag_xlsx.intake.reader import read_submissions

        sub = read_submissions([args.forms], roster=roster, rules=rules, key=SECRET.encode())
        errors = [i for i in sub.issues if i.is_error]
        assert not errors, errors[:3]
    seconds = time.perf_counter() - start
    print(args.what, args.units, "patched" if args.patched else "as-is", f"{seconds:.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
