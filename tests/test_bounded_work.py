"""SPEC 8, "Bounded work": every file that passes the guards is read in seconds and well under
500 MB -- ``--annotate`` included -- because the reader caps rows, cells, values, shared strings,
text and XML elements while it streams, and cuts blank styled rows and cells out of the bytes
before parsing.  Measured in a child process (wall time, peak resident memory); the figures
are in docs/security.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from stress import blank_rows_form, measure

import redflag_xlsx.xlsx.cells as cells
from redflag_xlsx.forms.templates import build_templates
from redflag_xlsx.intake.reader import read_submissions

from readkit import COMBINED, KEY, ROSTER, filled

# generous against a loaded CI machine; measured here: about 2 s and 55 MB (docs/security.md)
SECONDS, MEGABYTES = 30, 500


@pytest.fixture(scope="module")
def base(blanks, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bounded")
    (root / "key").write_bytes(KEY)
    filled(blanks, root / "form")
    build_templates(ROSTER, "2026Q4", root / "blank", key=KEY)
    return root


def _check(root: Path, folder: Path, code: int) -> list[str]:
    outs = []
    for extra in ((), ("--annotate", str(root / f"{folder.name}-marked"))):
        run = measure("validate", folder, "--key", root / "key", "--partial", *extra, cwd=root)
        assert run["code"] == code, run["stderr"] or run["stdout"][-2000:]
        assert run["wall"] < SECONDS and run["peak_mb"] < MEGABYTES, (
            extra,
            run["wall"],
            run["peak_mb"],
        )
        outs.append(run["stdout"])
    return outs


def test_two_and_a_half_million_blank_rows_are_refused_at_once(base: Path) -> None:
    form = next((base / "form").iterdir())
    big = blank_rows_form(form, base / "big" / form.name, rows=2_500_000, sheet="单位互评")
    assert 15 * 2**20 < big.stat().st_size <= 20 * 2**20  # under the size cap: the guards pass it
    plain, annotated = _check(base, big.parent, 1)
    refusal = (
        "错误 E_UNREADABLE：无法读取该文件：工作表“单位互评”的行数超过上限 100000，"
        "为避免长时间占用内存未读取"
    )
    assert refusal in plain and refusal in annotated
    assert not (base / "big-marked").exists() or list((base / "big-marked").iterdir()) == []


def test_just_under_the_caps_is_read_in_seconds(base: Path) -> None:
    """99,000 blank styled rows of 20 blank styled cells each (1.98 million cells): read, and
    no annotated copy is attempted of a file that large."""
    form = next((base / "form").iterdir())
    near = blank_rows_form(form, base / "near" / form.name, rows=99_000, sheet="单位互评", cells=20)
    plain, _annotated = _check(base, near.parent, 0)
    assert plain.endswith("未发现问题\n")


@pytest.mark.parametrize(
    ("cap", "value", "what"),
    [
        ("MAX_ROWS", 10, "行数"),
        ("MAX_CELLS", 50, "单元格数"),
        ("MAX_VALUES", 20, "有内容的单元格数"),
        ("MAX_SHARED_STRINGS", 5, "文本条目数"),
        ("MAX_TEXT", 100, "文字数"),
    ],
)
def test_every_cap_is_checked(
    base: Path, monkeypatch: pytest.MonkeyPatch, cap: str, value: int, what: str
) -> None:
    """Each cap, made tiny, refuses the ordinary form with its own words."""
    # the blank form for the shared strings (xlsxwriter writes them; openpyxl fills inline)
    shared = cap in ("MAX_SHARED_STRINGS", "MAX_TEXT")
    form = base / "blank" / COMBINED if shared else next((base / "form").iterdir())
    monkeypatch.setattr(cells, cap, value)
    sub = read_submissions([form], key=KEY, period="2026Q4")
    found = [i for i in sub.issues if i.file == str(form)]
    assert [i.code for i in found] == ["E_UNREADABLE"]
    assert f"的{what}超过上限 {value}，" in found[0].message


def test_the_element_budget_is_checked(base: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    form = next((base / "form").iterdir())
    monkeypatch.setattr(cells, "_STREAM_ABOVE", 1000)  # stream every part
    assert [i.code for i in read_submissions([form], key=KEY, period="2026Q4").issues] == []
    monkeypatch.setattr(cells, "MAX_ELEMENTS", 500)
    found = read_submissions([form], key=KEY, period="2026Q4").issues
    assert [i.code for i in found] == ["E_UNREADABLE"] and "XML 元素数超过上限 500" in found[
        0
    ].message
