"""Random damage to valid filled forms: reading never raises anything but the project's errors.

Two mutators, each for a bounded number of examples: bytes of the zip (overwritten, cut,
inserted), and values inside the XML parts (cell values, attributes, nasty snippets), re-zipped
so the damage reaches the parsers behind the guards.  ``REDFLAG_FUZZ_EXAMPLES`` raises the
number of examples for a long local run.
"""

from __future__ import annotations

import math
import os
import re
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hostile.corpus import KEY, PEER, PERIOD, members, rezip, sheet_part
from redflag_xlsx.core.errors import RedflagError
from redflag_xlsx.core.models import Submission
from redflag_xlsx.core.roster import Roster
from redflag_xlsx.forms.templates import build_templates
from redflag_xlsx.intake.reader import read_submissions
from redflag_xlsx.xlsx.guards import check_file

from fill import complete, fill_combined, fill_form

# CI: the same 60 examples every run.  REDFLAG_FUZZ_EXAMPLES=5000: a long, random local run.
_EXAMPLES = int(os.environ.get("REDFLAG_FUZZ_EXAMPLES", "0"))
FUZZ = settings(
    max_examples=_EXAMPLES or 60,
    derandomize=not _EXAMPLES,
    database=None,  # a saved example of an older version of these tests replays wrongly
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

NASTY = [
    '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>',
    "&a;",
    "&#0;",
    "&#x1F4A9;",
    '<c r="XFD1048577"><v>1e309</v></c>',
    '<c r="A0"><v>1</v></c>',
    '<row r="-1"><c r="A1"><v>1</v></c></row>',
    '<row r="99999999999999999999">',
    '<c r="C4" t="d"><v>not-a-date</v></c>',
    '<c r="C4" t="d"><v>2026-02-30</v></c>',
    '<c r="C4" t="b"><v>2</v></c>',
    '<c r="C4" s="999999"><v>1</v></c>',
    '<c r="C4" s="-1"><v>1</v></c>',
    '<c r="C4" t="s"><v>-1</v></c>',
    '<c r="C4" t="s"><v>1.5</v></c>',
    '<c r="C4" t="e"><v>#REF!</v></c>',
    '<c r="C4"><f>SUM(</f></c>',
    "<v>NaN</v>",
    "<v>1e400</v>",
    "<v>-0</v>",
    '<numFmt numFmtId="x" formatCode="0%"/>',
    '<xf numFmtId="99999999999999999999"/>',
    "<sheet/>",
    '<sheet name="_meta" r:id="rId999"/>',
    "</worksheet>",
    "\x00",
    "\ud7ff\ue000\ufffe",
]


@pytest.fixture(scope="module")
def forms() -> dict[str, bytes]:
    """Valid forms of several writers: combined filled (openpyxl), a filled split peer form,
    the blank combined form (xlsxwriter, with shared strings)."""
    roster = Roster.sample()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        blank = build_templates(roster, PERIOD, root / "blank", key=KEY)[0]
        data = complete(roster)
        filled = fill_combined(blank, out=root / "filled.xlsx", **data)
        split = build_templates(roster, PERIOD, root / "split", key=KEY, split=True)
        peer = next(p for p in split if p.name.endswith("_JG03.xlsx"))
        fill_form(peer, data["peer"]["JG03"])
        return {
            "filled": filled.read_bytes(),
            "peer": peer.read_bytes(),
            "blank": blank.read_bytes(),
        }


def _read(data: bytes, name: str = "红旗评选_2026Q4.xlsx") -> Submission:
    """Read ``data`` as one file; only the project's own errors may come out."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        issue = check_file(path)
        assert issue is None or issue.code == "E_UNREADABLE"
        try:
            sub = read_submissions([path], key=KEY, period=PERIOD)
        except RedflagError:
            return Submission(period=PERIOD, roster=Roster.sample())
        assert path.read_bytes() == data  # nothing is ever written into an input
        if issue is not None:
            assert issue in sub.issues
        for found in sub.issues:
            assert found.message  # every finding says something
        return sub


# Every edit is drawn up front as plain numbers and applied by the test, so the examples do not
# depend on the bytes they damage (hypothesis needs the drawing to be the same on a replay).
_FRACTION = st.floats(0, 1, allow_nan=False)
_BYTE_EDITS = st.lists(
    st.tuples(
        st.sampled_from(["overwrite", "cut", "insert", "zero"]),
        _FRACTION,  # where
        st.integers(1, 2000),  # how many bytes (cut, zero)
        st.binary(min_size=1, max_size=64),  # what (overwrite: its first 4 bytes, insert)
    ),
    min_size=1,
    max_size=6,
)


@FUZZ
@given(form=st.sampled_from(["blank", "filled", "peer"]), edits=_BYTE_EDITS)
def test_damaged_zip_bytes(
    forms: dict[str, bytes], form: str, edits: list[tuple[str, float, int, bytes]]
) -> None:
    raw = bytearray(forms[form])
    for op, where, length, data in edits:
        pos = min(int(where * len(raw)), len(raw) - 1)
        if op == "overwrite":
            raw[pos : pos + 4] = data[:4]
        elif op == "cut":
            del raw[pos : pos + length]
        elif op == "insert":
            raw[pos:pos] = data
        else:
            end = min(len(raw), pos + min(length, 512))
            raw[pos:end] = bytes(end - pos)
        if not raw:
            break
    _read(bytes(raw))


_VALUE = re.compile(rb"<(v|t)>([^<]*)</\1>")
_ATTR = re.compile(rb' (r|t|s|state|name|numFmtId|r:id)="([^"]*)"')
_ATTR_VALUES = st.one_of(
    st.sampled_from(["", "0", "-1", "A", "ZZZ1", "1e9", "s", "inlineStr"]),
    st.text(alphabet="0123456789ABCXYZ:$-.", max_size=12),
)
_XML_EDITS = st.lists(
    st.tuples(
        st.sampled_from(["value", "attribute", "snippet", "cut", "delete"]),
        st.integers(0, 10_000),  # which part (modulo their number)
        _FRACTION,  # where: which value or attribute, or a position
        st.one_of(st.text(max_size=20), _ATTR_VALUES),  # a new value
        st.booleans(),  # escape it for XML
        st.sampled_from(NASTY),
        st.integers(1, 300),  # bytes to cut
    ),
    min_size=1,
    max_size=4,
)


def _pick(items: list, where: float):
    return items[min(int(where * len(items)), len(items) - 1)]


@FUZZ
@given(form=st.sampled_from(["blank", "filled", "peer"]), edits=_XML_EDITS)
def test_damaged_xml_values(forms: dict[str, bytes], form: str, edits: list[tuple]) -> None:
    original = forms[form]
    parts = members(original)
    xml_names = sorted(n for n in parts if n.endswith((".xml", ".rels")))
    changed: dict[str, bytes | None] = {}
    for op, which, where, text, escaped, snippet, length in edits:
        name = xml_names[which % len(xml_names)]
        xml = changed.get(name)
        xml = parts[name] if xml is None else xml
        if escaped:
            text = escape(text, {'"': "&quot;"})
        if op == "value" and (found := list(_VALUE.finditer(xml))):
            m = _pick(found, where)
            xml = xml[: m.start(2)] + text.encode() + xml[m.end(2) :]
        elif op == "attribute" and (found := list(_ATTR.finditer(xml))):
            m = _pick(found, where)
            xml = xml[: m.start(2)] + text.encode() + xml[m.end(2) :]
        elif op == "snippet":
            pos = int(where * len(xml))
            xml = xml[:pos] + snippet.encode("utf-8", "surrogatepass") + xml[pos:]
        elif op == "cut":
            pos = int(where * len(xml))
            xml = xml[:pos] + xml[pos + length :]
        elif op == "delete":
            changed[name] = None
            continue
        changed[name] = xml
    _read(rezip(original, changed))


def test_mutators_reach_the_reader(forms: dict[str, bytes]) -> None:
    """Damage behind the guards really reaches the sheet parser (else the fuzz proves little)."""
    filled = forms["filled"]
    part = sheet_part(filled, PEER)
    xml = members(filled)[part]
    damaged = rezip(filled, {part: re.sub(rb"<v>(\d)", rb"<v>x\1", xml, count=1)})
    assert damaged != filled
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "f.xlsx"
        path.write_bytes(damaged)
        assert check_file(path) is None  # the guards let it through ...
    sub = _read(damaged)
    # ... and the reader turns the parse failure into one finding
    assert [i.code for i in sub.issues if i.file] == ["E_UNREADABLE"]


# --- exotic values in rating, count and rate cells (SPEC 5: never a crash, one finding a cell) ---
_EXOTIC_TEXT = [
    "NaN", "nan", "-nan", "INF", "-INF", "inf", "Infinity", "-Infinity", "1e309", "-1e309",
    "1e308", "1.7976931348623157e308", "4.9e-324", "-0", "0e0", "1E+2", "1e-400", "9" * 400,
    "1" + "0" * 18, "0x1F", "1_000", "١٢٣", "１２３", "８５", "８５．５", "85分", "½", "Ⅻ",
    "1,000", "1.", ".5", "+5", "--5", "5-", "95%", "１００％", "\u200b85", "８５。５",
]  # fmt: skip
_EXOTIC = st.one_of(
    st.sampled_from(_EXOTIC_TEXT),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=12),
)
# the cells: a rating (peer E5: JG02 rates JG03), a count (D5: JG02's minor deviations), a rate
_CELLS = {"rating": (PEER, "E5"), "count": ("服务质量考核", "D5"), "rate": ("服务质量考核", "N5")}
_ALLOWED = {
    *("E_NOT_A_NUMBER", "E_OUT_OF_RANGE", "E_NOT_INTEGER"),
    *("W_TEXT_NUMBER", "W_RATE_FRACTION", "W_RATING_BLANK"),  # W_RATING_BLANK: typed blank
}


@FUZZ
@given(kind=st.sampled_from(sorted(_CELLS)), text=_EXOTIC, as_text=st.booleans())
def test_exotic_values_in_number_cells(
    forms: dict[str, bytes], kind: str, text: str, as_text: bool
) -> None:
    from hostile.corpus import set_cell_xml
    from redflag_xlsx.core.scoring import tally

    sheet, ref = _CELLS[kind]
    if as_text:
        xml = f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'
    else:
        xml = f'<c r="{ref}"><v>{escape(text)}</v></c>'
    data = set_cell_xml(forms["filled"], sheet, ref, xml)
    with tempfile.TemporaryDirectory() as tmp:
        path, other = Path(tmp) / "a.xlsx", Path(tmp) / "b.xlsx"
        path.write_bytes(data)
        other.write_text("单位编号,评分\r\nJG01,95\r\n", encoding="utf-8")  # another broken file
        sub = read_submissions([path, other], key=KEY, period=PERIOD)
        # the other file's finding is still there, whatever this value did
        assert [i.code for i in sub.issues if i.file == str(other)] == ["E_UNREADABLE"]
        mine = [i for i in sub.issues if i.file == str(path)]
        at_cell = [i for i in mine if i.cell == ref]
        if [i.code for i in mine] != ["E_UNREADABLE"]:  # a number the file itself cannot hold
            assert len(at_cell) <= 1  # one cell, one finding
            assert {i.code for i in at_cell} <= _ALLOWED
            assert all(i.message for i in mine)
        if not sub.errors:
            result = tally(sub)
            assert all(u.total is None or math.isfinite(u.total) for u in result.units)
            assert all(math.isfinite(u.quality) for u in result.units)
