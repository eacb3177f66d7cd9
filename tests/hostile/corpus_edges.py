"""More of the hostile corpus (SPEC 5 v2 and SPEC 8): hidden and merged input sheets, numbers
that are not finite or absurdly large in rating, count and rate cells, a cell with both a
warning and an error, a sheet past the caps.  Registered into :data:`corpus.CASES` when
:mod:`corpus` is imported."""

from __future__ import annotations

from pathlib import Path

from hostile.corpus import (
    COMBINED,
    DETAILS,
    LEADERSHIP,
    PEER,
    SCORING,
    Base,
    case,
    copy_to,
    set_cell_xml,
)

from fill import open_workbook

# -- hidden sheets named like input sheets (E_HIDDEN_SHEET) --------------------------------------


def _hidden_copy(base: Base, folder: Path, source: str, name: str, state: str) -> Path:
    path = copy_to(base.combined, folder / COMBINED)
    with open_workbook(path) as wb:
        ws = wb.copy_worksheet(wb[source])
        ws.title = name
        ws.sheet_state = state
        for row in ws.iter_rows(min_row=5):  # other values than the visible sheet's
            for cell in row[2:]:
                if isinstance(cell.value, int | float):
                    cell.value = 100
    return path


@case("a very hidden copy of the peer sheet (' 单位互评 ')", ("E_HIDDEN_SHEET", None))
def _very_hidden_peer(base: Base, folder: Path) -> Path:
    return _hidden_copy(base, folder, PEER, f" {PEER} ", "veryHidden")


@case(
    "a hidden copy of the scoring sheet ('服务质量考核　', full-width space)",
    ("E_HIDDEN_SHEET", None),
)
def _hidden_scoring(base: Base, folder: Path) -> Path:
    return _hidden_copy(base, folder, SCORING, f"{SCORING}\u3000", "hidden")


@case("the leadership sheet itself hidden", ("E_HIDDEN_SHEET", None))
def _hidden_leadership(base: Base, folder: Path) -> Path:
    path = copy_to(base.combined, folder / COMBINED)
    with open_workbook(path) as wb:
        wb[LEADERSHIP].sheet_state = "hidden"
    return path


# -- merged ranges over input cells (E_MERGED_INPUT) -----------------------------------------------


@case("two rating cells merged", ("E_MERGED_INPUT", "E5:F5"))
def _merged_ratings(base: Base, folder: Path) -> Path:
    assert base.cell("peer", "JG02", "JG03") == "E5" and base.cell("peer", "JG02", "JG04") == "F5"
    path = copy_to(base.combined, folder / COMBINED)
    with open_workbook(path) as wb:
        wb[PEER].merge_cells("E5:F5")  # F5's rating is dropped, as a spreadsheet drops it
    return path


@case("a merged block over scoring rows", ("E_MERGED_INPUT", "D5:E6"))
def _merged_counts(base: Base, folder: Path) -> Path:
    assert base.cell("scoring", "JG02", "inspection_minor") == "D5"
    path = copy_to(base.combined, folder / COMBINED)
    with open_workbook(path) as wb:
        wb[SCORING].merge_cells("D5:E6")
    return path


# -- numbers that are not finite, or far too large (E_NOT_A_NUMBER, E_OUT_OF_RANGE) ------------


def _cell_case(name: str, sheet: str, where: tuple[str, str, str], xml: str, *expected: str):
    def build(base: Base, folder: Path) -> Path:
        ref = base.cell(*where)
        path = folder / COMBINED
        path.write_bytes(set_cell_xml(base.combined.read_bytes(), sheet, ref, xml.format(ref=ref)))
        return path

    case(name, *((code, where) for code in expected))(build)


RATING = ("peer", "JG02", "JG03")
COUNT = ("scoring", "JG02", "inspection_minor")
RATE = ("scoring", "XZ01", "current")
LEADER = ("leadership", "LD02", "XZ04")
DIGITS = "9" * 400


def _v(value: str) -> str:
    """A number cell holding ``value`` as written in the file."""
    return f'<c r="{{ref}}"><v>{value}</v></c>'


def _s(text: str) -> str:
    """A cell holding ``text`` typed as text."""
    return f'<c r="{{ref}}" t="inlineStr"><is><t>{text}</t></is></c>'


N, R = "E_NOT_A_NUMBER", "E_OUT_OF_RANGE"
FORMULA_NAN = '<c r="{ref}"><f>0/0</f><v>NaN</v></c>'
# label                                       cell    sheet       xml                    finding
for _label, _where, _sheet, _xml, _code in [
    ("NaN in a rating cell",                    RATING, PEER,       _v("NaN"),             N),
    ("INF in a leader's rating",                LEADER, LEADERSHIP, _v("INF"),             N),
    ("-1e309 in a rating cell",                 RATING, PEER,       _v("-1e309"),          N),
    ("1e300 in a rating cell",                  RATING, PEER,       _v("1e300"),           R),
    ("400 digits in a rating cell",             RATING, PEER,       _v(DIGITS),            N),
    ("400 digits typed as text in a count",     COUNT,  SCORING,    _s(DIGITS),            N),
    ("a count of 10**18",                       COUNT,  SCORING,    _v("1" + "0" * 18),    R),
    ("a count of 10000",                        COUNT,  SCORING,    _v("10000"),           R),
    ("1e309 in a count",                        COUNT,  SCORING,    _v("1e309"),           N),
    ("NaN typed as text in a rate",             RATE,   SCORING,    _s("NaN"),             N),
    ("Infinity as a rate",                      RATE,   SCORING,    _v("Infinity"),        N),
    # one finding per cell: no W_FORMULA_IN_INPUT, no W_TEXT_NUMBER beside the error
    ("a formula whose cached value is NaN",     RATING, PEER,       FORMULA_NAN,           N),
    ("２０１ typed as text (a warning and an error)", RATING, PEER,  _s("２０１"),           R),
]:  # fmt: skip
    _cell_case(_label, _sheet, _where, _xml, _code)


# -- past the caps: refused at once (bounded work) -------------------------------------------------


def _blank_rows(base: Base, folder: Path) -> Path:
    from stress import blank_rows_form

    return blank_rows_form(base.combined, folder / COMBINED, rows=120_000, sheet=PEER)


case("120,000 blank styled rows after the table", ("E_UNREADABLE", None))(_blank_rows)
DETAILS["120,000 blank styled rows after the table"] = "unreadable_too_large"
