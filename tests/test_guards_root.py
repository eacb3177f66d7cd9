"""The guards' root check (issue 19: one pass per file) gives what defusedxml's ``iterparse``
gave before: the same root tag, the same refusal (a DTD, bad XML before the root, no root
within XML_PROLOG_LIMIT bytes), for members kept in memory and for members read again."""

from __future__ import annotations

import io
import zipfile

import pytest
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redflag_xlsx.xlsx import guards

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
LIMIT = guards.XML_PROLOG_LIMIT


class _Capped(io.RawIOBase):
    """The stream the guards used to hand defusedxml: at most ``limit`` bytes, 1 KiB a read."""

    def __init__(self, raw: io.BytesIO, limit: int) -> None:
        self._raw, self._left = raw, limit

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self._left <= 0:
            raise OverflowError
        size = self._left if size is None or size < 0 else min(size, self._left)
        data = self._raw.read(min(size, 1024))
        self._left -= len(data)
        return data


def _before(data: bytes) -> str:
    """The outcome of the old check: the root tag, or the refusal's key."""
    if not guards._looks_like_xml(data[:512]):
        return "not xml"
    events = iterparse(_Capped(io.BytesIO(data), LIMIT), events=("start",), forbid_dtd=True)
    try:
        for _event, node in events:
            return str(node.tag)
    except DefusedXmlException:
        return "guard_dtd"
    except (OverflowError, SyntaxError):
        return "guard_bad_xml"
    except LookupError:  # an unknown encoding: the old check let this escape (check_file
        return "guard_bad_xml"  # raised); it is refused as bad XML now
    return "guard_bad_xml"


def _now(data: bytes, kept: bool) -> str:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("part.xml", data)
    with zipfile.ZipFile(buffer) as archive:
        info = archive.getinfo("part.xml")
        try:
            root = guards._xml_root(archive, info, data if kept else None)
        except guards._Refused as refused:
            return refused.key
    return "not xml" if root is None else root


CASES = {
    "plain": f'<?xml version="1.0"?><worksheet xmlns="{NS}"><a/></worksheet>'.encode(),
    "prefixed": f'<x:worksheet xmlns:x="{NS}"/>'.encode(),
    "no namespace": b"<root/>",
    "comments and PIs first": b"<!-- c --><?pi x?>\n<root>text</root>",
    "bom": b"\xef\xbb\xbf<root/>",
    "utf-16": '<?xml version="1.0" encoding="UTF-16"?><root/>'.encode("utf-16"),
    "windows-1252": b'<?xml version="1.0" encoding="windows-1252"?><r>\xe9</r>',
    "dtd": b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "b">]><r>&a;</r>',
    "bare dtd": b"<!DOCTYPE r><r/>",
    "garbage before root": b"<?xml version='1.0'?>&bad;<r/>",
    "bad after root": b"<root><unclosed></root>",
    "truncated start tag": b'<root attr="x',
    "no root": b"<?xml version='1.0'?><!-- only a comment -->",
    "empty": b"",
    "not xml": b"PK\x03\x04 binary",
    "root after the limit": b"<!--" + b"x" * LIMIT + b"--><r/>",
    "root just inside": b"<!--" + b"x" * (LIMIT - 20) + b"--><r/>",
    "root across the limit": b"<!--" + b"x" * (LIMIT - 12) + b"--><root/>",
    "bad encoding": b'<?xml version="1.0" encoding="no-such"?><r/>',
    "invalid utf-8": b"<r a='\xff'/>",
}


@pytest.mark.parametrize("name", list(CASES))
@pytest.mark.parametrize("kept", [True, False], ids=["kept", "read again"])
def test_the_root_check_answers_as_before(name: str, kept: bool) -> None:
    data = CASES[name]
    assert _now(data, kept) == _before(data)


def test_an_unknown_encoding_is_refused_not_raised(tmp_path) -> None:
    """Found by the comparison above: before, check_file raised LookupError on this."""
    from hostile.corpus import minimal_xlsx, rezip

    path = tmp_path / "enc.xlsx"
    sheet = "xl/worksheets/sheet1.xml"
    path.write_bytes(rezip(minimal_xlsx(), {sheet: CASES["bad encoding"]}))
    issue = guards.check_file(path)
    assert issue is not None and issue.code == "E_UNREADABLE"
    assert f"部件 {sheet} 不是有效的 XML" in issue.message


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                b"<?xml version='1.0'?>",
                b"<!-- c -->",
                b"<?pi?>",
                b"<!DOCTYPE r>",
                b" ",
                b"\n",
                b"<",
                b">",
                b"&amp;",
                b"<r>",
                b"</r>",
                b"<r/>",
                f'<w xmlns="{NS}">'.encode(),
                b"x",
                b"\xef\xbb\xbf",
                b"\xff",
            ]
        ),
        max_size=8,
    )
)
def test_any_prolog_answers_as_before(pieces: list[bytes]) -> None:
    data = b"".join(pieces)
    assert _now(data, True) == _before(data)
