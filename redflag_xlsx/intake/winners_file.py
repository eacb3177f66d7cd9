"""Reading ``winners.xlsx``, the earlier winners ``history --import`` enters (SPEC 2.4).

The first sheet; a header row (within the first rows, title rows above it allowed) holding
期间, 单位编号 and 承包单位 (or their English headers; other columns are ignored), then one row
per flag won: 期间 as ``2026Q3`` or ``2026年第三季度``, the unit's code, its 承包单位 then
(blank: in-house).  Every bad row is a finding naming the file, sheet and cell; the caller imports
nothing when there is an error (all or nothing).  With a roster, unit codes are checked against
it, and a unit whose latest imported 承包单位 differs from the roster's is a warning: its streak
would start again at the first tally.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from ..core.errors import ConfigError
from ..core.findings import Issue
from ..core.i18n import t
from ..core.messages import Msg
from ..core.models import ImportedWin
from ..core.period import Period
from ..core.roster import Roster, clean_code, clean_text, contractor_key
from ..core.values import display
from ..xlsx import layout

__all__ = ["read_winners"]

MAX_ROWS = 10_000  # 40 years of a large office's flags, many times over


def read_winners(
    path: str | Path, roster: Roster | None = None
) -> tuple[list[ImportedWin], list[Issue]]:
    """The wins listed in ``path`` and the findings about them (never raises for a bad file)."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    from ..xlsx.guards import check_file

    path = Path(path)
    file = str(path)
    refused = check_file(path)
    if refused is not None:
        return [], [refused]
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a bad file
        return [], [Issue.make("E_UNREADABLE", file=file, detail=str(exc) or type(exc).__name__)]
    try:
        ws = wb.worksheets[0]
        try:
            ws.reset_dimensions()  # every row, whatever <dimension> says
            rows = list(itertools.islice(ws.iter_rows(values_only=True), MAX_ROWS + 50))
        except Exception as exc:  # read-only mode parses the sheet only now
            detail = str(exc) or type(exc).__name__
            return [], [Issue.make("E_UNREADABLE", file=file, detail=detail)]
        sheet = ws.title
    finally:
        wb.close()

    where = {"file": file, "sheet": sheet}
    head, col_of = _header_row(rows)
    missing = [key for field, key, _r in layout.WINNERS_FIELDS if field not in col_of]
    if missing:
        headers = "、".join(t(key, "zh") for key in missing)
        return [], [Issue.make("E_IMPORT_HEADER", **where, headers=headers)]

    def ref(field: str, r: int) -> str:
        return f"{get_column_letter(col_of[field] + 1)}{r}"

    wins: list[ImportedWin] = []
    issues: list[Issue] = []
    first: dict[tuple[str, str], str] = {}  # (period, unit) -> its first 期间 cell
    codes = {u.code.casefold(): u.code for u in roster.units} if roster else None
    data = rows[head + 1 :]
    if len(data) > MAX_ROWS:
        return [], [Issue.make("E_IMPORT_TOO_MANY", **where, n=MAX_ROWS)]
    for r, row in enumerate(data, start=head + 2):
        values = {f: (row[i] if i < len(row) else None) for f, i in col_of.items()}
        if all(clean_text(v) == "" for v in values.values()):
            continue  # a blank line
        raw_period, raw_unit = values["period"], values["unit"]
        period: Period | None = None
        try:
            period = Period.parse_text(clean_text(raw_period))
        except ConfigError:
            issues.append(
                Issue.make(
                    "E_IMPORT_PERIOD", **where, cell=ref("period", r), value=display(raw_period)
                )
            )
        unit = clean_code(raw_unit)
        if not unit:
            issues.append(Issue.make("E_IMPORT_UNIT_BLANK", **where, cell=ref("unit", r)))
        elif codes is not None:
            known = codes.get(unit.casefold())
            if known is None:
                issues.append(
                    Issue.make("E_IMPORT_UNIT_UNKNOWN", **where, cell=ref("unit", r), unit=unit)
                )
            unit = known or unit
        if period is None or not unit:
            continue
        key = (str(period), unit)
        if key in first:
            issues.append(
                Issue.make(
                    "E_IMPORT_DUPLICATE",
                    **where,
                    cell=ref("unit", r),
                    unit=unit,
                    period=str(period),
                    first=first[key],
                )
            )
            continue
        first[key] = ref("period", r)
        wins.append(
            ImportedWin(
                period=str(period),
                unit=unit,
                contractor=clean_text(values["contractor"]),
                file=file,
                sheet=sheet,
                cell=ref("period", r),
            )
        )
    if not wins and not issues:
        issues.append(Issue.make("E_IMPORT_EMPTY", **where))
    if roster is not None:
        issues.extend(_contractor_warnings(wins, roster, ref))
    return wins, issues


def _contractor_warnings(wins: list[ImportedWin], roster: Roster, ref) -> list[Issue]:
    """``W_IMPORT_CONTRACTOR`` for each unit whose latest imported 承包单位 is not the roster's:
    the first tallied quarter would not continue that streak (SPEC 2.4)."""
    latest: dict[str, ImportedWin] = {}
    for win in wins:
        if win.unit not in latest or Period.parse(win.period) > Period.parse(
            latest[win.unit].period
        ):
            latest[win.unit] = win
    out = []
    units = {u.code: u for u in roster.units}
    for code, win in latest.items():
        unit = units.get(code)
        if unit is None or contractor_key(unit.contractor) == contractor_key(win.contractor):
            continue
        out.append(
            Issue.make(
                "W_IMPORT_CONTRACTOR",
                file=win.file,
                sheet=win.sheet,
                cell=win.cell,
                unit=code,
                period=win.period,
                given=win.contractor or Msg("imp_in_house"),
                roster=unit.contractor or Msg("imp_in_house"),
            )
        )
    return out


def _header_row(rows: list[tuple]) -> tuple[int, dict[str, int]]:
    """(index of the header row, field -> column index): the first of the first rows holding
    every header, else the row holding most of them (headers compared like codes, any case)."""
    accepted: dict[str, str] = {}
    for field, key, _required in layout.WINNERS_FIELDS:
        for text_key in (key, *layout.WINNERS_OTHER_HEADERS.get(field, ())):
            for lang in ("zh", "en"):
                accepted[t(text_key, lang).casefold()] = field
    best: tuple[int, dict[str, int]] = (0, {})
    for index, row in enumerate(rows[: layout.HEADER_SEARCH_ROWS]):
        col_of: dict[str, int] = {}
        for i, value in enumerate(row):
            found = accepted.get(clean_code(value).casefold())
            if found is not None and found not in col_of:
                col_of[found] = i
        if len(col_of) == len(layout.WINNERS_FIELDS):
            return index, col_of
        if len(col_of) > len(best[1]):
            best = (index, col_of)
    return best
