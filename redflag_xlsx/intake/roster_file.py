"""Reading a roster workbook (``roster.xlsx``: sheets 被考核单位 and 评议领导, header row first,
title rows above it allowed) into a :class:`~redflag_xlsx.core.roster.Roster`.

:meth:`Roster.load` reaches this through :mod:`redflag_xlsx.core.hooks` (the core reads no
spreadsheet itself); the package's ``__init__`` registers it.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from ..core.errors import ConfigError
from ..core.i18n import t
from ..core.messages import Joined, Msg
from ..core.roster import Leader, Roster, Unit, clean_code, clean_text
from ..core.values import read_rate
from ..xlsx import layout

__all__ = ["read_roster_workbook"]


def read_roster_workbook(path: Path) -> Roster:
    """The roster in the workbook at ``path`` (checked like a TOML roster)."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    from ..xlsx.guards import check_file

    refused = check_file(path)  # .xls saved as .xlsx, encrypted, a bomb: say what to do
    if refused is not None:
        hint = refused.hint_msg()
        raise ConfigError(Joined((f"{path}：", refused.msg(), *([" ", hint] if hint else ())), ""))
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a bad file
        raise ConfigError(Msg("cfg_unreadable", file=path, detail=exc)) from None
    try:
        tables = []
        for sheet_key, fields, model in (
            ("roster_units", layout.ROSTER_UNIT_FIELDS, Unit),
            ("roster_leaders", layout.ROSTER_LEADER_FIELDS, Leader),
        ):
            names = {t(f"sheet_{sheet_key}", lang) for lang in ("zh", "en")}
            ws = next((wb[n] for n in wb.sheetnames if clean_code(n) in names), None)
            if ws is None:
                raise ConfigError(
                    Msg("roster_missing_sheet", file=path, sheet=Msg(f"sheet_{sheet_key}"))
                )
            try:
                ws.reset_dimensions()  # every row: a wrong <dimension> would drop some silently
                cells = list(ws.iter_rows())
            except Exception as exc:  # read-only mode parses the sheet only now
                raise ConfigError(Msg("cfg_unreadable", file=path, detail=exc)) from None
            rows = [tuple(_value(c) for c in row) for row in cells]
            head, col_of = _header_row(rows, fields)
            for field, key, required in fields:
                if required and field not in col_of:
                    raise ConfigError(
                        Msg(
                            "roster_missing_header",
                            file=path,
                            sheet=ws.title,
                            rows=layout.HEADER_SEARCH_ROWS,
                            header=Msg(key),
                        )
                    )
            people, places = [], []
            for r, row in enumerate(rows[head + 1 :], start=head + 2):
                values = {f: (row[i] if i < len(row) else None) for f, i in col_of.items()}
                if all(clean_text(v) == "" for v in values.values()):
                    continue  # blank line
                for field, key, required in fields:
                    if required and clean_text(values.get(field)) == "":
                        cell = f"{get_column_letter(col_of[field] + 1)}{r}"
                        raise ConfigError(
                            Msg(
                                "roster_blank",
                                file=path,
                                sheet=ws.title,
                                cell=cell,
                                field=Msg(key),
                            )
                        )
                try:
                    people.append(model.model_validate(values))
                except ValidationError as exc:  # a 基准满意率 that is no rate
                    err = exc.errors()[0]
                    field = str(err["loc"][0]) if err["loc"] else "code"
                    cell = f"{get_column_letter(col_of.get(field, 0) + 1)}{r}"
                    detail = err.get("ctx", {}).get("error") or err["msg"]
                    raise ConfigError(
                        Msg("roster_bad_cell", file=path, sheet=ws.title, cell=cell, detail=detail)
                    ) from None
                places.append((str(path), ws.title, f"{get_column_letter(col_of['code'] + 1)}{r}"))
            tables.append((people, places))
    finally:
        wb.close()
    (units, where), (leaders, lwhere) = tables
    return Roster.from_people(units, leaders, where, lwhere, str(path))


def _value(cell: object) -> object:
    """A cell's value; a number shown as a percentage (0.95 in a 0% cell) as the percent it
    shows (95), as the forms' reader takes a rate."""
    value = getattr(cell, "value", None)
    number_format = getattr(cell, "number_format", None) or ""
    if isinstance(value, int | float) and not isinstance(value, bool) and "%" in number_format:
        return read_rate(value, percent_format=True).value
    return value


_FORM_HEADERS = {
    "units": {"code": "col_unit_code", "name": "col_unit_name", "baseline": "col_baseline"},
    "leaders": {"code": "col_leader_code", "name": "col_leader_name"},
}


def _header_row(rows: list[tuple], fields) -> tuple[int, dict[str, int]]:
    """(index of the header row, field -> column index): the first of the first
    ``HEADER_SEARCH_ROWS`` rows holding every required header (title rows above it are
    skipped), else the row holding most of them.  Headers are compared like codes (NFKC)."""
    accepted = layout.roster_headers(fields)
    # the forms' own headers for the same things (a roster made by hand may copy them)
    sheet = "leaders" if fields is layout.ROSTER_LEADER_FIELDS else "units"
    for name, key in _FORM_HEADERS[sheet].items():
        accepted.update({t(key, lang).casefold(): name for lang in ("zh", "en")})
    required = {field for field, _key, req in fields if req}
    best: tuple[int, dict[str, int]] = (0, {})
    for index, row in enumerate(rows[: layout.HEADER_SEARCH_ROWS]):
        col_of: dict[str, int] = {}
        for idx, value in enumerate(row):
            field = accepted.get(clean_code(value).casefold())
            if field is not None and field not in col_of:
                col_of[field] = idx
        if required <= col_of.keys():
            return index, col_of
        if len(required & col_of.keys()) > len(required & best[1].keys()):
            best = (index, col_of)
    return best
