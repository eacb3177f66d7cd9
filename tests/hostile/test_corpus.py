"""The hostile corpus: every broken or forged file gets its exact finding, nothing else breaks."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from hostile.corpus import CASES, DETAILS, KEY, PERIOD, Base, Built, build_corpus
from redflag_xlsx.i18n import CATALOG
from redflag_xlsx.reader import read_submissions


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Base, dict[str, Built]]:
    base, built = build_corpus(tmp_path_factory.mktemp("hostile"))
    return base, {b.case.name: b for b in built}


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40
    assert len({c.name for c in CASES}) == len(CASES)
    assert set(DETAILS) <= {c.name for c in CASES}
    unreadable = {c.name for c in CASES if c.expected == (("E_UNREADABLE", None),)}
    assert unreadable == set(DETAILS)


def _digest(paths: list[Path]) -> dict[Path, str]:
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


@pytest.mark.parametrize("name", [c.name for c in CASES])
def test_reader_finds_exactly_this(corpus: tuple[Base, dict[str, Built]], name: str) -> None:
    base, built = corpus
    item = built[name]
    before = _digest(item.inputs)
    sub = read_submissions(item.inputs, key=KEY, period=PERIOD)
    mine = [i for i in sub.issues if i.file == str(item.path)]
    found = [(i.code, i.cell) for i in mine]
    assert [code for code, _cell in found] == [code for code, _cell in item.case.expected]
    for (_code, cell), (_code2, spec) in zip(found, item.case.expected, strict=True):
        if isinstance(spec, tuple):
            assert cell == base.cell(*spec)
        elif spec is not None:
            assert cell == spec
    if name in DETAILS:  # and the message says what is wrong (the detail before any value)
        assert CATALOG[DETAILS[name]][0].split("{")[0] in mine[0].message
    if len(item.inputs) > 1:  # the valid form beside it is untouched by the hostile one
        assert [i for i in sub.issues if i.file == str(base.combined) and i.is_error] == []
    assert _digest(item.inputs) == before
