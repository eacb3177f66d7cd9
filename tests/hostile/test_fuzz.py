"""Random damage to valid filled forms: reading never raises anything but the project's errors.

Two mutators, each for a bounded number of examples: bytes of the zip (overwritten, cut,
inserted), and values inside the XML parts (cell values, attributes, nasty snippets), re-zipped
so the damage reaches the parsers behind the guards.  ``REDFLAG_FUZZ_EXAMPLES`` raises the
number of examples for a long local run.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hostile.corpus import KEY, PEER, PERIOD, members, rezip, sheet_part
from redflag_xlsx.errors import RedflagError
from redflag_xlsx.guards import check_file
from redflag_xlsx.models import Submission
from redflag_xlsx.reader import read_submissions
from redflag_xlsx.roster import Roster
from redflag_xlsx.templates import build_templates

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


@FUZZ
@given(data=st.data())
def test_damaged_zip_bytes(forms: dict[str, bytes], data: st.DataObject) -> None:
    raw = bytearray(forms[data.draw(st.sampled_from(sorted(forms)), label="form")])
    for _ in range(data.draw(st.integers(1, 6), label="edits")):
        op = data.draw(st.sampled_from(["overwrite", "cut", "insert", "zero"]), label="op")
        pos = data.draw(st.integers(0, len(raw) - 1), label="pos")
        if op == "overwrite":
            raw[pos : pos + 4] = data.draw(st.binary(min_size=1, max_size=4), label="bytes")
        elif op == "cut":
            del raw[pos : pos + data.draw(st.integers(1, 2000), label="length")]
        elif op == "insert":
            raw[pos:pos] = data.draw(st.binary(min_size=1, max_size=64), label="bytes")
        else:
            end = min(len(raw), pos + data.draw(st.integers(1, 512), label="length"))
            raw[pos:end] = bytes(end - pos)
        if not raw:
            break
    _read(bytes(raw))


_VALUE = re.compile(rb"<(v|t)>([^<]*)</\1>")
_ATTR = re.compile(rb' (r|t|s|state|name|numFmtId|r:id)="([^"]*)"')


@FUZZ
@given(data=st.data())
def test_damaged_xml_values(forms: dict[str, bytes], data: st.DataObject) -> None:
    form = forms[data.draw(st.sampled_from(sorted(forms)), label="form")]
    parts = members(form)
    xml_names = sorted(n for n in parts if n.endswith((".xml", ".rels")))
    changed: dict[str, bytes | None] = {}
    for _ in range(data.draw(st.integers(1, 4), label="edits")):
        name = data.draw(st.sampled_from(xml_names), label="part")
        xml = changed.get(name) or parts[name]
        op = data.draw(
            st.sampled_from(["value", "attribute", "snippet", "cut", "delete"]), label="op"
        )
        if op == "value" and (found := list(_VALUE.finditer(xml))):
            m = data.draw(st.sampled_from(found), label="at")
            text = data.draw(st.text(max_size=20), label="text")
            if data.draw(st.booleans(), label="escaped"):
                text = escape(text)
            new = text.encode("utf-8", "surrogatepass")
            xml = xml[: m.start(2)] + new + xml[m.end(2) :]
        elif op == "attribute" and (found := list(_ATTR.finditer(xml))):
            m = data.draw(st.sampled_from(found), label="at")
            text = data.draw(
                st.one_of(
                    st.sampled_from(["", "0", "-1", "A", "ZZZ1", "1e9", "s", "inlineStr"]),
                    st.text(alphabet="0123456789ABCXYZ:$-.", max_size=12),
                ),
                label="text",
            )
            xml = xml[: m.start(2)] + escape(text, {'"': "&quot;"}).encode() + xml[m.end(2) :]
        elif op == "snippet":
            pos = data.draw(st.integers(0, len(xml)), label="pos")
            snippet = data.draw(st.sampled_from(NASTY), label="snippet")
            xml = xml[:pos] + snippet.encode("utf-8", "surrogatepass") + xml[pos:]
        elif op == "cut":
            pos = data.draw(st.integers(0, len(xml)), label="pos")
            xml = xml[:pos] + xml[pos + data.draw(st.integers(1, 300), label="length") :]
        else:
            changed[name] = None
            continue
        changed[name] = xml
    _read(rezip(form, changed))


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
