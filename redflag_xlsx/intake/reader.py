"""Reading filled workbooks back (SPEC 5): ``read_submissions(paths) -> Submission``.

Two phases.  Each file is read on its own by :func:`_read_file` (the one per-file entry point):
its bytes are fingerprinted, its ``_meta`` recognised, its signature checked, and every input
sheet turned into rows of understood values plus the findings about them.  Then the run's period
and roster are chosen (the arguments, else the scoring workbook's), files of another period or
roster are set aside with an error, rows are checked against the roster, and the combined
workbooks and split forms are merged (a rater's ratings seen twice are compared).

Nothing here raises for bad input: every problem becomes a :class:`~redflag_xlsx.models.Issue`.
"""

from __future__ import annotations

import glob
import hashlib
import multiprocessing
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import ConfigError, InputError
from ..core.findings import Issue, one_per_cell
from ..core.messages import Msg
from ..core.models import Register, Submission
from ..core.peers import peer_raters, rates
from ..core.period import Period
from ..core.roster import Roster, Unit
from ..core.rules import Rules
from ..core.values import display, normalise_text
from ..xlsx import guards, layout, signing
from ..xlsx import workers as procs
from .form import Entry, Form, Part, read_form, read_list_row
from .inbox import folder_files
from .merge import merge, rater_word
from .register import add_register, count_mismatches

__all__ = ["collect_files", "read_submissions"]

Progress = Callable[[int, int, str], None]
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
# Spreadsheets in another format, taken from folders too, so that a form someone re-saved as
# .xls/.ods gets "save it as .xlsx" (E_UNREADABLE from the guards) instead of being ignored.
OTHER_SPREADSHEET_SUFFIXES = (".xls", ".et", ".ods", ".xlsb")
_WILDCARDS = re.compile(r"[*?[]")
# Reading many files uses every core: a pool of worker processes, each reading whole files
# (guards, parse, signature), from POOL_MIN_FILES files on, with one worker per
# POOL_FILES_PER_WORKER files up to the cores this process may use.  Measured (docs/
# performance.md): starting a spawned worker costs about 0.5 s of CPU (a fresh interpreter
# importing the reader), sending a form back about 1.5 ms, reading a form 5-15 ms; below about
# 100 files the start costs more than the second core saves.  A bureau's quarter (15-60 files)
# is read in this process.  REDFLAG_WORKERS=N sets the number of workers (1: never a pool).
# The results and the order of the findings are those of the serial loop.
# the numbers and the policy live in xlsx/workers.py (build-template's pool asks them too)
POOL_MIN_FILES, POOL_FILES_PER_WORKER = procs.POOL_MIN_FILES, procs.POOL_FILES_PER_WORKER
WORKERS_ENV = procs.WORKERS_ENV
_workers = procs.count


@dataclass
class _Ctx:
    rules: Rules
    key: bytes | None
    issues: list[Issue] = field(default_factory=list)


def collect_files(
    paths: Iterable[str | Path], recursive: bool = False
) -> tuple[list[Path], list[Path]]:
    """(workbook files, paths that do not exist).

    Folders give their .xlsx/.xlsm files (and .xls/.et/.ods/.xlsb ones, which the guards then
    refuse with what to do) in name order, sub-folders only with ``recursive``, without hidden
    files; a file named directly is always taken, except Office's owner files (``~$*``, beside
    a workbook that is open), which are never forms.  A path with wildcards that names nothing
    is expanded (cmd.exe passes ``forms/*.xlsx`` on as typed) and its matches are taken as a
    folder's files.  The same file named twice is taken once.  Folders are read by
    :func:`inbox.folder_files`: of the intake page's uploads of one form only the newest is
    taken, and recursion skips the inbox's ``_refused`` and ``_annotated`` folders."""
    files: list[Path] = []
    missing: list[Path] = []
    seen: set[Path] = set()

    def add(p: Path) -> None:
        try:
            real = p.resolve()
        except OSError:
            real = p.absolute()
        if real not in seen and not p.name.startswith("~$"):
            seen.add(real)
            files.append(p)

    def add_found(found: Iterable[Path]) -> None:
        # the folder's own files first, then its sub-folders', each in name order
        for p in sorted(found, key=lambda q: (len(q.parts), str(q).casefold())):
            if (
                p.suffix.lower() in (*WORKBOOK_SUFFIXES, *OTHER_SPREADSHEET_SUFFIXES)
                and not p.name.startswith(".")
                and p.is_file()
            ):
                add(p)

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            add_found(folder_files(path, recursive))
        elif path.exists():
            add(path)
        elif _WILDCARDS.search(str(raw)) and (matches := glob.glob(str(raw))):
            for match in map(Path, matches):
                if match.is_dir():
                    add_found(folder_files(match, recursive))
            add_found(p for p in map(Path, matches) if not p.is_dir())
        else:
            missing.append(path)
    return files, missing


def read_submissions(
    paths: Iterable[str | Path] | str | Path,
    *,
    roster: Roster | str | Path | None = None,
    period: Period | str | None = None,
    rules: Rules | None = None,
    key: bytes | None = None,
    recursive: bool = False,
    progress: Progress | None = None,
    workers: int | None = None,
) -> Submission:
    """Read every filled form in ``paths`` (files and folders) into one :class:`Submission`.

    ``roster`` and ``period`` default to those of the scoring workbook; ``key`` to
    :func:`signing.load_key` (no key: one ``W_UNSIGNED``).  ``progress(done, total, file)`` is
    called after each file.  ``workers``: processes reading the files (default: every core
    from POOL_MIN_FILES files on, or ``REDFLAG_WORKERS``; see :func:`_workers`).  Every
    problem is an ``Issue`` in ``Submission.issues``; only when no workbook at all is found
    does this raise :class:`InputError`.
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    paths = list(paths)
    rules = rules or Rules.default()
    if isinstance(roster, str | Path):
        roster = Roster.load(roster)
    run_period = Period.parse(period) if period is not None else None
    if key is None:
        key = signing.load_key()
    ctx = _Ctx(rules, key)

    files, missing = collect_files(paths, recursive)
    for path in missing:
        ctx.issues.append(
            Issue.make("E_UNREADABLE", file=str(path), detail=Msg("unreadable_missing"))
        )
    no_files = Msg("read_no_files", paths="、".join(str(p) for p in paths) or ".")
    if not files and not missing:
        raise InputError(no_files)

    forms: list[Form] = []
    fingerprints: dict[str, str] = {}
    by_hash: dict[str, str] = {}
    for done, form in enumerate(_read_files(files, ctx, workers), start=1):
        if progress is not None:
            progress(done, len(files), form.file)
        if form.ignored:
            continue
        if form.sha256:
            fingerprints[form.file] = form.sha256
            if form.sha256 in by_hash:
                form.issues = [
                    Issue.make(
                        "W_DUPLICATE_IDENTICAL",
                        file=form.file,
                        what=Msg("what_file"),
                        other=by_hash[form.sha256],
                    )
                ]
                form.rejected = True
            by_hash.setdefault(form.sha256, form.file)
        forms.append(form)
    if not forms and not missing:  # only rosters and results workbooks
        raise InputError(no_files)

    # no form could be read and no roster was given: the quarter cannot be judged, only the files
    # (no E_MISSING_SCORING and W_MISSING_RATER of a placeholder roster)
    placeholder = roster is None and all(f.rejected for f in forms)
    sub_roster, sub_period = _choose_run(forms, roster, run_period)
    issues = list(ctx.issues)
    if key is None:
        issues.insert(0, Issue.make("W_UNSIGNED"))
    unknown = sub_roster is None
    if sub_roster is None:  # the forms' roster cannot be read and none was given
        issues.append(_roster_unknown(forms))
        for form in forms:
            if not form.rejected:  # not checked against any roster, not counted
                form.rejected = True
        sub_roster = Roster(units=(), leaders=())
    sites = {u.code: u.site for u in sub_roster.units}  # unit code -> site, in roster order
    known = _Known(
        sub_roster.fingerprint,
        set(sites),
        {ld.code for ld in sub_roster.leaders},
        {u.code for u in peer_raters(sub_roster, rules)},
    )
    register: Register | None = None  # the inspection registers' events (SPEC 14)
    for form in forms:
        _check_identity(form, known, sub_period)
        if form.rejected:
            continue
        if form.register is None:
            _check_rows(form, sub_roster, sites, rules)
        elif not form.register.broken:
            register = register or Register()
            found = add_register(register, form.file, form.register, sub_roster, sub_period, rules)
            form.issues = [*form.issues, *found]
    for form in forms:
        issues.extend(form.issues)
    sub = Submission(
        period=str(sub_period),
        roster=sub_roster,
        files=[f.file for f in forms],
        fingerprints=fingerprints,
        kinds={f.file: (f.kind, f.rater) for f in forms if f.meta},
        inspection_register=register,
    )
    if not unknown and not placeholder:
        issues.extend(merge(sub, [f for f in forms if not f.rejected], rules))
        issues.extend(count_mismatches(sub, rules))
    # W_UNSIGNED and missing paths first, then file by file, then the findings about the set.
    order = {str(p): -1 for p in missing}
    order.update({f.file: i for i, f in enumerate(forms)})
    issues.sort(key=lambda i: -2 if i.code == "W_UNSIGNED" else order.get(i.file or "", len(forms)))
    sub.issues = one_per_cell(issues)
    return sub


def _read_files(files: list[Path], ctx: _Ctx, workers: int | None) -> Iterator[Form]:
    """Every file read by :func:`_read_file`, in the order of ``files``: in this process, or
    by a pool of worker processes (spawned: as on Windows, also where fork is the default, so
    that a server's threads are never forked).  The roster a form carries (hundreds of KB) is
    sent once per worker, and every form of one fingerprint gets the same roster object, as
    the serial loop's cache gives them.  A worker that dies breaks the run with
    ``BrokenProcessPool`` (never a wait without end)."""
    n = _workers(len(files), workers)
    if n <= 1:
        for path in files:
            yield _read_file(path, ctx)
        return
    rosters: dict[str, Roster] = {}
    chunk = procs.chunk_size(len(files), n)
    # concurrent.futures, not multiprocessing.Pool: a worker that dies (killed for memory)
    # breaks the pool with an error instead of leaving the run waiting for ever
    pool = ProcessPoolExecutor(
        n,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_init_worker,
        initargs=(ctx.rules, ctx.key),
    )
    try:
        results = pool.map(_read_in_worker, map(str, files), chunksize=chunk)
        for form, fingerprint, roster in results:
            if roster is not None:
                rosters.setdefault(fingerprint, roster)
            if fingerprint:
                # a worker sends a roster with its first form of that fingerprint; results come
                # in file order and a worker reads its files in that order: it arrived before
                form.roster = rosters[fingerprint]
            yield form
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


_WORKER: dict[str, object] = {}  # in a worker process: its _Ctx and the fingerprints it sent


def _init_worker(rules: Rules, key: bytes | None) -> None:
    _WORKER.clear()
    _WORKER.update(ctx=_Ctx(rules, key), sent=set())


def _read_in_worker(path: str) -> tuple[Form, str, Roster | None]:
    """One file read in a worker: (the form without its roster, the roster's fingerprint or
    "", the roster if this worker has not sent it yet)."""
    ctx, sent = _WORKER["ctx"], _WORKER["sent"]
    assert isinstance(ctx, _Ctx) and isinstance(sent, set)
    form = _read_file(Path(path), ctx)
    roster, form.roster = form.roster, None
    if roster is None:
        return form, "", None
    fingerprint = str(form.meta.get("roster_fingerprint", ""))
    if fingerprint in sent:
        return form, fingerprint, None
    sent.add(fingerprint)
    return form, fingerprint, roster


def _read_file(path: Path, ctx: _Ctx) -> Form:
    """Everything that can be learnt from one file alone (no roster, no period yet)."""
    checked = guards.read_checked(path)  # size, bombs, legacy formats: SPEC 8
    if isinstance(checked, Issue):
        form = Form(file=str(path))
        form.reject(checked)
        return form
    # one read and one inflate: the guards' members are parsed, not inflated again
    data = checked.data
    form = read_form(str(path), data, ctx.rules, checked.members)
    form.sha256 = hashlib.sha256(data).hexdigest()
    usable = not (form.rejected or form.ignored)
    if usable and ctx.key is not None and not signing.verify(form.meta, ctx.key):
        form.reject(Issue.make("E_SIGNATURE", file=form.file))
    return form


# --- phase 2: the run's period and roster ---------------------------------------------------
def _choose_run(
    forms: list[Form], roster: Roster | None, period: Period | None
) -> tuple[Roster | None, Period]:
    """The run's roster and period: the arguments, else the first scoring-bearing form's, else
    the first form's.  The roster is ``None`` when forms were read but none carries a readable
    roster (never the sample roster: every form would then be a mismatch)."""
    usable = [f for f in forms if not f.rejected]
    scoring = [f for f in usable if f.kind in ("combined", "scoring")]
    if roster is None:
        roster = next((f.roster for f in [*scoring, *usable] if f.roster is not None), None)
        if roster is None and not usable:
            roster = Roster.sample()  # nothing was read: only the files' own findings count
    if period is None:
        for form in [*scoring, *usable]:
            try:
                period = Period.parse(str(form.meta.get("period", "")))
                break
            except ConfigError:  # a damaged period: that form gets E_PERIOD_MISMATCH below
                continue
        else:
            period = Period.today()
    return roster, period


def _roster_unknown(forms: list[Form]) -> Issue:
    """One finding for the whole run: no form's ``_meta`` gives a readable roster."""
    usable = [f for f in forms if not f.rejected]
    damaged = [f for f in usable if f.roster_damaged]
    listed = [f for f in usable if layout.is_list_form(f.meta.get("format_version", ""), f.kind)]
    if listed and not damaged and len(listed) == len(usable):
        # format 2 rating forms carry the roster's fingerprint only (SPEC 4)
        return Issue.make(
            "E_ROSTER_MISMATCH",
            file=listed[0].file,
            text_key="roster_unknown_listed",
            hint_key="roster_unknown_listed.hint",
            count=len(listed),
            fingerprint=_short(str(listed[0].meta.get("roster_fingerprint", ""))),
        )
    return Issue.make(
        "E_ROSTER_MISMATCH",
        text_key="roster_unknown",
        hint_key="roster_unknown.hint",
        count=len(usable),
        damaged=len(damaged),
        example=(damaged or usable)[0].file,
    )


def _short(fingerprint: str) -> str:
    return fingerprint[:12] if fingerprint else "-"


@dataclass
class _Known:
    """What every form is checked against, computed once per run (the fingerprint hashes the
    whole roster's JSON)."""

    fingerprint: str
    units: set[str]
    leaders: set[str]
    peer_raters: set[str]  # the units that rate their peers (core.peers)


def _check_identity(form: Form, known: _Known, period: Period) -> None:
    if form.rejected:
        return
    found = str(form.meta.get("period", "")).strip()
    try:
        found = str(Period.parse(found))
    except ConfigError:
        pass  # not a period at all: a mismatch
    if found != str(period):
        form.reject(
            Issue.make("E_PERIOD_MISMATCH", file=form.file, found=found or "-", expected=period)
        )
        return
    fingerprint = str(form.meta.get("roster_fingerprint", "")).strip()
    if fingerprint != known.fingerprint:
        form.reject(
            Issue.make(
                "E_ROSTER_MISMATCH",
                file=form.file,
                found=_short(fingerprint),
                expected=_short(known.fingerprint),
            )
        )
        return
    if form.kind in ("peer", "leadership"):
        if form.rater not in (known.units if form.kind == "peer" else known.leaders):
            form.reject(
                Issue.make(
                    "E_STRUCTURE",
                    file=form.file,
                    rater=form.rater or None,
                    detail=Msg("structure_unknown_rater", rater=form.rater),
                )
            )
        elif form.kind == "peer" and form.rater not in known.peer_raters:
            form.reject(
                Issue.make(
                    "E_STRUCTURE",
                    file=form.file,
                    rater=form.rater,
                    detail=Msg("structure_in_house_rater", rater=form.rater),
                )
            )


def _required_columns(form: Form, part: Part, sites: dict[str, str], rules: Rules) -> Iterable[str]:
    """The rated-unit columns a rating sheet must have: every unit, except on a split peer form
    with ``peer_scope = "site"``, which lists only the units of the rater's own site (its own
    column included); more columns (a form listing every unit) are fine there too."""
    if part.sheet_key == "peer" and form.rater and rules.peer_scope == "site":
        site = sites.get(form.rater)
        return [code for code, at in sites.items() if at == site]
    return sites


def _check_rows(form: Form, roster: Roster, sites: dict[str, str], rules: Rules) -> None:
    """Rows and rated columns against the roster; a peer rating outside the scope is dropped."""
    for part in form.parts:
        where = {"file": form.file, "sheet": part.sheet}
        ix = _index(roster, rules)
        people: Sequence[Any] = {
            "scoring": roster.units,
            "peer": ix.peer_raters,  # core.peers: in-house units may not rate
            "leadership": roster.leaders,
        }[part.sheet_key]
        rater = form.rater
        if rater and part.sheet_key != "scoring":  # one row: no scan of the roster per form
            who = ix.raters[part.sheet_key].get(rater)
            expected = [] if who is None else [(who.code, who.name)]
        else:
            expected = [(p.code, p.name) for p in people if not rater or p.code == rater]
        known = {code for code, _ in expected}
        if part.broken:  # the sheet or its header is missing (E_STRUCTURE): no row was read
            part.missing_rows.update(known)
            continue
        if part.listed:
            _check_list(form, part, roster, rules)
            continue
        for entry in list(part.entries.values()):
            if entry.code in known:
                continue
            if form.rater:
                detail = Msg("structure_wrong_rater", rater=form.rater, code=entry.code)
            else:
                detail = Msg("structure_extra_row", code=entry.code)
            part.issues.append(
                Issue.make("E_STRUCTURE", cell=entry.code_cell, detail=detail, **where)
            )
            del part.entries[entry.code]
        for code, name in expected:
            if code not in part.entries:
                part.missing_rows.add(code)
                who = rater_word(part.sheet_key)
                part.issues.append(
                    Issue.make(
                        "E_STRUCTURE",
                        detail=Msg("structure_missing_row", who=who, code=code, name=name),
                        unit=code if part.sheet_key == "scoring" else None,
                        rater=code if part.sheet_key != "scoring" else None,
                        **where,
                    )
                )
        if part.sheet_key == "scoring":
            continue
        for code in part.rated:
            if code not in sites:
                part.issues.append(
                    Issue.make(
                        "E_STRUCTURE",
                        cell=part.rated[code],
                        detail=Msg("structure_extra_column", header=code),
                        **where,
                    )
                )
        for code in _required_columns(form, part, sites, rules):
            if code not in part.rated:
                part.issues.append(
                    Issue.make(
                        "E_STRUCTURE",
                        detail=Msg("structure_missing_column", header=code),
                        unit=code,
                        **where,
                    )
                )
        if part.sheet_key == "peer" and rules.peer_scope == "site":
            for entry in part.entries.values():
                for ratee in list(entry.given):
                    if ratee in sites and sites[ratee] != sites.get(entry.code):
                        entry.drop(ratee)
                        part.issues.append(
                            Issue.make(
                                "W_OUT_OF_SCOPE",
                                cell=entry.cells.get(ratee),
                                rater=entry.code,
                                unit=ratee,
                                value=display(entry.raw.get(ratee)),
                                **where,
                            )
                        )
    form.issues = [*form.issues, *form.collect_issues()]


def _check_list(form: Form, part: Part, roster: Roster, rules: Rules) -> None:
    """A format 2 rating sheet's rows against the roster: each unit the rater must rate has
    one row (else ``E_STRUCTURE`` naming the unit); a row of a code not in the roster, or whose
    单位编号 no longer matches its 单位名称 (the code was altered), is ``E_STRUCTURE`` on its
    code cell and not counted; a rating of a unit outside the rater's scope is dropped with
    ``W_OUT_OF_SCOPE`` (its own unit: ``E_SELF_RATING``, from reading the cell)."""
    where = {"file": form.file, "sheet": part.sheet}
    rater = form.rater
    entry = part.entries[rater]
    ix = _index(roster, rules)
    units = ix.units
    if part.sheet_key == "peer":  # core.peers.rated_by, from the rater's site when in scope
        me = units[rater]
        pool = ix.site_units[me.site] if rules.peer_scope == "site" else roster.units
        expected = [u for u in pool if rates(me, u, rules)]
    else:
        expected = list(roster.units)
    wanted = {u.code for u in expected}
    folded = ix.folded
    for code in list(part.rated):
        if code not in units and (meant := folded.get(code.casefold())) and meant not in part.rated:
            _rename(part, entry, code, meant)  # a code retyped in another case
    for dup in part.duplicates:  # a code listed twice: the row whose name fits counts
        kept, unit = part.code_cells.get(dup.code), units.get(dup.code)
        if kept is None:  # (renamed above)
            continue
        swap = (
            unit is not None
            and _altered(part.rated_names.get(dup.code, ""), unit.name)
            and not _altered(dup.name, unit.name)
        )
        if swap and unit is not None:  # the first row was altered (reported), the second counts
            detail = Msg(
                "structure_code_altered",
                code=dup.code,
                found=part.rated_names[dup.code],
                name=unit.name,
            )
            part.issues.append(Issue.make("E_STRUCTURE", cell=kept, detail=detail, **where))
            _forget(part, entry, dup.code, findings=True)
            read_list_row(part, entry, dup)
            continue
        first = int(kept.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        detail = Msg("structure_duplicate_row", code=dup.code, first=first)
        part.issues.append(Issue.make("E_STRUCTURE", cell=dup.code_cell, detail=detail, **where))
    for code in list(part.rated):
        cell = part.code_cells[code]
        unit = units.get(code)
        shown = part.rated_names.get(code, "")
        if unit is None:
            detail = Msg("structure_extra_row", code=code)
        elif _altered(shown, unit.name):
            detail = Msg("structure_code_altered", code=code, found=shown, name=unit.name)
        elif code in wanted or code == rater:
            continue
        else:  # a unit the rater does not rate (another site)
            if code in entry.given:
                entry.drop(code)
                part.issues.append(
                    Issue.make(
                        "W_OUT_OF_SCOPE",
                        cell=part.rated[code],
                        rater=rater,
                        unit=code,
                        value=display(entry.raw.get(code)),
                        **where,
                    )
                )
            _forget(part, entry, code)
            continue
        part.issues.append(Issue.make("E_STRUCTURE", cell=cell, detail=detail, **where))
        _forget(part, entry, code, findings=True)
    for unit in expected:
        if unit.code not in part.rated:
            part.issues.append(
                Issue.make(
                    "E_STRUCTURE",
                    cell=part.header_cell or None,
                    unit=unit.code,
                    rater=rater,
                    detail=Msg("structure_missing_unit_row", code=unit.code, name=unit.name),
                    **where,
                )
            )


@dataclass
class _RosterIndex:
    """Lookups of one roster under one rules, built once per run (not per form: a city has
    20,000 forms of 20,000 units)."""

    units: dict[str, Unit]
    folded: dict[str, str]  # case-folded unit code -> the roster's code (unambiguous ones)
    site_units: dict[str, list[Unit]]
    peer_raters: list[Unit]
    raters: dict[str, dict[str, Any]]  # "peer"/"leadership" -> code -> unit or leader


_INDEXES: dict[tuple[int, int], tuple[Roster, Rules, _RosterIndex]] = {}


def _index(roster: Roster, rules: Rules) -> _RosterIndex:
    hit = _INDEXES.get((id(roster), id(rules)))
    if hit is not None and hit[0] is roster and hit[1] is rules:
        return hit[2]
    site_units: dict[str, list[Unit]] = {}
    for unit in roster.units:
        site_units.setdefault(unit.site, []).append(unit)
    raters = peer_raters(roster, rules)
    ix = _RosterIndex(
        units={u.code: u for u in roster.units},
        folded=_fold_index(roster),
        site_units=site_units,
        peer_raters=raters,
        raters={
            "peer": {u.code: u for u in raters},
            "leadership": {ld.code: ld for ld in roster.leaders},
        },
    )
    if len(_INDEXES) >= 4:
        _INDEXES.clear()
    _INDEXES[(id(roster), id(rules))] = (roster, rules, ix)
    return ix


def _altered(shown: str, name: str) -> bool:
    """A listed row's 单位名称 is not its code's name in the roster (blank: not judged)."""
    return bool(shown) and normalise_text(shown) != normalise_text(name)


def _fold_index(roster: Roster) -> dict[str, str]:
    """Case-folded unit code -> the roster's code, for codes no other code folds to."""
    by_fold: dict[str, list[str]] = {}
    for unit in roster.units:
        by_fold.setdefault(unit.code.casefold(), []).append(unit.code)
    return {fold: codes[0] for fold, codes in by_fold.items() if len(codes) == 1}


def _rename(part: Part, entry: Entry, old: str, new: str) -> None:
    """A listed unit's code as the roster spells it (the row was retyped in another case)."""
    for table in (part.rated, part.code_cells, part.rated_names, entry.cells, entry.raw):
        if old in table:
            table[new] = table.pop(old)
    for table2 in (entry.values, entry.given):
        if old in table2:
            table2[new] = table2.pop(old)
    entry.findings = [(new if k == old else k, i) for k, i in entry.findings]


def _forget(part: Part, entry: Entry, code: str, *, findings: bool = False) -> None:
    """A listed row that does not count: no rating, no blank-rating warning; ``findings``:
    the reading findings of its cell go too (the row's E_STRUCTURE says what is wrong)."""
    if findings:
        entry.drop(code)
    else:
        entry.given.pop(code, None)
        entry.values.pop(code, None)
    entry.raw.pop(code, None)
    entry.cells.pop(code, None)
    part.rated.pop(code, None)
