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
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import guards, signing
from .errors import ConfigError, InputError, os_reason
from .i18n import current_lang, t
from .models import Issue, Submission
from .period import Period
from .reader_form import Form, read_form
from .reader_merge import merge, rater_word
from .roster import Roster
from .rules import Rules
from .values import display

__all__ = ["collect_files", "read_submissions"]

Progress = Callable[[int, int, str], None]
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
# Spreadsheets in another format, taken from folders too, so that a form someone re-saved as
# .xls/.ods gets "save it as .xlsx" (E_UNREADABLE from the guards) instead of being ignored.
OTHER_SPREADSHEET_SUFFIXES = (".xls", ".et", ".ods", ".xlsb")
_WILDCARDS = re.compile(r"[*?[]")


@dataclass
class _Ctx:
    rules: Rules
    lang: str
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
    folder's files.  The same file named twice is taken once."""
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
            add_found(path.rglob("*") if recursive else path.iterdir())
        elif path.exists():
            add(path)
        elif _WILDCARDS.search(str(raw)) and (matches := glob.glob(str(raw))):
            for match in map(Path, matches):
                if match.is_dir():
                    add_found(match.rglob("*") if recursive else match.iterdir())
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
    lang: str | None = None,
    progress: Progress | None = None,
) -> Submission:
    """Read every filled form in ``paths`` (files and folders) into one :class:`Submission`.

    ``roster`` and ``period`` default to those of the scoring workbook; ``key`` to
    :func:`signing.load_key` (no key: one ``W_UNSIGNED``).  ``progress(done, total, file)`` is
    called after each file.  Every problem is an ``Issue`` in ``Submission.issues``; only when
    no workbook at all is found does this raise :class:`InputError`.
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    paths = list(paths)
    lang = current_lang(lang)
    rules = rules or Rules.default()
    if isinstance(roster, str | Path):
        roster = Roster.load(roster)
    run_period = Period.parse(period) if period is not None else None
    if key is None:
        key = signing.load_key()
    ctx = _Ctx(rules, lang, key)

    files, missing = collect_files(paths, recursive)
    for path in missing:
        ctx.issues.append(
            Issue.make("E_UNREADABLE", lang, file=str(path), detail=t("unreadable_missing", lang))
        )
    no_files = t("read_no_files", lang, paths="、".join(str(p) for p in paths) or ".")
    if not files and not missing:
        raise InputError(no_files)

    forms: list[Form] = []
    fingerprints: dict[str, str] = {}
    by_hash: dict[str, str] = {}
    for done, path in enumerate(files, start=1):
        form = _read_file(path, ctx)
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
                        lang,
                        file=form.file,
                        what=t("what_file", lang),
                        other=by_hash[form.sha256],
                    )
                ]
                form.rejected = True
            by_hash.setdefault(form.sha256, form.file)
        forms.append(form)
    if not forms and not missing:  # only rosters and results workbooks
        raise InputError(no_files)

    sub_roster, sub_period = _choose_run(forms, roster, run_period, lang)
    issues = list(ctx.issues)
    if key is None:
        issues.insert(0, Issue.make("W_UNSIGNED", lang))
    for form in forms:
        _check_identity(form, sub_roster, sub_period, lang)
        if not form.rejected:
            _check_rows(form, sub_roster, rules, lang)
    for form in forms:
        issues.extend(form.issues)
    sub = Submission(
        period=str(sub_period),
        roster=sub_roster,
        files=[f.file for f in forms],
        fingerprints=fingerprints,
    )
    issues.extend(merge(sub, [f for f in forms if not f.rejected], rules, lang))
    # W_UNSIGNED and missing paths first, then file by file, then the findings about the set.
    order = {str(p): -1 for p in missing}
    order.update({f.file: i for i, f in enumerate(forms)})
    issues.sort(key=lambda i: -2 if i.code == "W_UNSIGNED" else order.get(i.file or "", len(forms)))
    sub.issues = issues
    return sub


def _read_file(path: Path, ctx: _Ctx) -> Form:
    """Everything that can be learnt from one file alone (no roster, no period yet)."""
    refused = guards.check_file(path, lang=ctx.lang)  # size, bombs, legacy formats: SPEC 8
    if refused is not None:
        form = Form(file=str(path))
        form.reject(refused)
        return form
    try:
        data = path.read_bytes()
    except OSError as exc:
        form = Form(file=str(path))
        form.reject(
            Issue.make(
                "E_UNREADABLE",
                ctx.lang,
                file=form.file,
                detail=t("unreadable_os", ctx.lang, detail=os_reason(exc)),
            )
        )
        return form
    form = read_form(str(path), data, ctx.rules, ctx.lang)
    form.sha256 = hashlib.sha256(data).hexdigest()
    checked = not (form.rejected or form.ignored)
    if checked and ctx.key is not None and not signing.verify(form.meta, ctx.key):
        form.reject(Issue.make("E_SIGNATURE", ctx.lang, file=form.file))
    return form


# --- phase 2: the run's period and roster ---------------------------------------------------
def _choose_run(
    forms: list[Form], roster: Roster | None, period: Period | None, lang: str
) -> tuple[Roster, Period]:
    usable = [f for f in forms if not f.rejected]
    scoring = [f for f in usable if f.kind in ("combined", "scoring")]
    if roster is None:
        for form in [*scoring, *usable]:
            if form.roster is not None:
                roster = form.roster
                break
        else:
            roster = Roster.sample()
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


def _short(fingerprint: str) -> str:
    return fingerprint[:12] if fingerprint else "-"


def _check_identity(form: Form, roster: Roster, period: Period, lang: str) -> None:
    if form.rejected:
        return
    found = str(form.meta.get("period", "")).strip()
    try:
        found = str(Period.parse(found))
    except ConfigError:
        pass  # not a period at all: a mismatch
    if found != str(period):
        form.reject(
            Issue.make(
                "E_PERIOD_MISMATCH", lang, file=form.file, found=found or "-", expected=period
            )
        )
        return
    fingerprint = str(form.meta.get("roster_fingerprint", "")).strip()
    if fingerprint != roster.fingerprint:
        form.reject(
            Issue.make(
                "E_ROSTER_MISMATCH",
                lang,
                file=form.file,
                found=_short(fingerprint),
                expected=_short(roster.fingerprint),
            )
        )
        return
    if form.kind in ("peer", "leadership"):
        codes = (
            {u.code for u in roster.units}
            if form.kind == "peer"
            else {ld.code for ld in roster.leaders}
        )
        if form.rater not in codes:
            form.reject(
                Issue.make(
                    "E_STRUCTURE",
                    lang,
                    file=form.file,
                    rater=form.rater or None,
                    detail=t("structure_unknown_rater", lang, rater=form.rater),
                )
            )


def _check_rows(form: Form, roster: Roster, rules: Rules, lang: str) -> None:
    """Rows and rated columns against the roster; a peer rating outside the scope is dropped."""
    for part in form.parts:
        where = {"file": form.file, "sheet": part.sheet}
        if part.sheet_key == "scoring":
            expected = [(u.code, u.name) for u in roster.units]
        elif part.sheet_key == "peer":
            expected = [(u.code, u.name) for u in roster.units]
        else:
            expected = [(ld.code, ld.name) for ld in roster.leaders]
        if form.rater:
            expected = [e for e in expected if e[0] == form.rater]
        known = {code for code, _ in expected}
        if part.broken:  # the sheet or its header is missing (E_STRUCTURE): no row was read
            part.missing_rows.update(known)
            continue
        for entry in list(part.entries.values()):
            if entry.code in known:
                continue
            if form.rater:
                detail = t("structure_wrong_rater", lang, rater=form.rater, code=entry.code)
            else:
                detail = t("structure_extra_row", lang, code=entry.code)
            part.issues.append(
                Issue.make("E_STRUCTURE", lang, cell=entry.code_cell, detail=detail, **where)
            )
            del part.entries[entry.code]
        for code, name in expected:
            if code not in part.entries:
                part.missing_rows.add(code)
                who = rater_word(part.sheet_key, lang)
                part.issues.append(
                    Issue.make(
                        "E_STRUCTURE",
                        lang,
                        detail=t("structure_missing_row", lang, who=who, code=code, name=name),
                        unit=code if part.sheet_key == "scoring" else None,
                        rater=code if part.sheet_key != "scoring" else None,
                        **where,
                    )
                )
        if part.sheet_key == "scoring":
            continue
        unit_codes = [u.code for u in roster.units]
        for code in part.rated:
            if code not in unit_codes:
                part.issues.append(
                    Issue.make(
                        "E_STRUCTURE",
                        lang,
                        cell=part.rated[code],
                        detail=t("structure_extra_column", lang, header=code),
                        **where,
                    )
                )
        for code in unit_codes:
            if code not in part.rated:
                part.issues.append(
                    Issue.make(
                        "E_STRUCTURE",
                        lang,
                        detail=t("structure_missing_column", lang, header=code),
                        unit=code,
                        **where,
                    )
                )
        if part.sheet_key == "peer" and rules.peer_scope == "site":
            site = {u.code: u.site for u in roster.units}
            for entry in part.entries.values():
                for ratee in list(entry.given):
                    if ratee in site and site[ratee] != site.get(entry.code):
                        entry.drop(ratee)
                        part.issues.append(
                            Issue.make(
                                "W_OUT_OF_SCOPE",
                                lang,
                                cell=entry.cells.get(ratee),
                                rater=entry.code,
                                unit=ratee,
                                value=display(entry.raw.get(ratee)),
                                **where,
                            )
                        )
    form.issues = [*form.issues, *form.collect_issues()]
