"""The hostile corpus: every broken or forged file gets its exact finding, nothing else breaks."""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import redflag_xlsx.cli
from hostile.corpus import CASES, DETAILS, KEY, PERIOD, Base, Built, Corpus, case_params
from redflag_xlsx.cli import cli
from redflag_xlsx.core.i18n import CATALOG
from redflag_xlsx.intake.reader import read_submissions


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Base, dict[str, Built]]:
    built = Corpus(tmp_path_factory.mktemp("hostile"))
    return built.base, built


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40
    assert len({c.name for c in CASES}) == len(CASES)
    assert set(DETAILS) <= {c.name for c in CASES}
    unreadable = {c.name for c in CASES if c.expected == (("E_UNREADABLE", None),)}
    assert unreadable == set(DETAILS)


def _digest(paths: list[Path]) -> dict[Path, str]:
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


@pytest.mark.parametrize("name", case_params())
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


def test_without_a_key_identity_is_trusted_with_one_warning(
    corpus: tuple[Base, dict[str, Built]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No key at tally time: nothing can be checked, and the run says so once (W_UNSIGNED)."""
    base, built = corpus
    monkeypatch.chdir(tmp_path)  # no .redflag-key here, and REDFLAG_SECRET is unset
    forged = built["peer form: _meta rater and the row's code edited"].path
    sub = read_submissions([base.combined, forged], period=PERIOD)
    assert [(i.code, i.file) for i in sub.issues] == [
        ("W_UNSIGNED", None),
        ("E_DUPLICATE", str(forged)),  # the forged JG02 ratings disagree with JG02's own
    ]


# --- the command line over the same files ------------------------------------------------------

redflag_xlsx.cli._register()


def _invoke(*args: object) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "office.key"
    path.write_bytes(KEY)
    return path


def _clean_exit(result: Result) -> None:
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert "内部错误" not in result.output


# The reader reads these, but openpyxl (which writes the annotated copies) cannot open them.
NOT_OPENED_BY_OPENPYXL = {
    "styles.xml deleted (the values still count)",
    # openpyxl refuses NaN and INF in a number cell, and cannot write 400 digits back
    "NaN in a rating cell",
    "INF in a leader's rating",
    "Infinity as a rate",
    "400 digits in a rating cell",
}


@pytest.mark.parametrize("name", case_params())
def test_validate_reports_the_same_and_annotates_what_opens(
    corpus: tuple[Base, dict[str, Built]], name: str, tmp_path: Path, key_file: Path
) -> None:
    _base, built = corpus
    item = built[name]
    before = _digest(item.inputs)
    out = tmp_path / "退回"
    result = _invoke(
        "validate", *item.inputs, "--json", "--partial", "--period", PERIOD,
        "--key", key_file, "--annotate", out,
    )  # fmt: skip
    _clean_exit(result)
    doc = json.loads(result.stdout)
    codes = [i["code"] for i in doc["issues"] if i["file"] == str(item.path)]
    assert codes == [code for code, _cell in item.case.expected]
    assert result.exit_code == (1 if doc["errors"] else 0)
    copies = sorted(p.name for p in out.glob("*")) if out.exists() else []
    opened = {i["file"] for i in doc["issues"] if i["file"]} - {
        i["file"] for i in doc["issues"] if i["code"] == "E_UNREADABLE"
    }
    if name in NOT_OPENED_BY_OPENPYXL:
        opened.discard(str(item.path))
    assert len(copies) == len(opened)  # one marked copy per file that opens, none of the rest
    assert _digest(item.inputs) == before


@pytest.mark.parametrize("name", case_params())
def test_tally_writes_nothing_for_an_error(
    corpus: tuple[Base, dict[str, Built]], name: str, tmp_path: Path, key_file: Path
) -> None:
    _base, built = corpus
    item = built[name]
    before = _digest(item.inputs)
    out, history = tmp_path / "结果", tmp_path / "历史.db"
    result = _invoke(
        "tally", *item.inputs, "--out", out, "--history", history, "--period", PERIOD,
        "--key", key_file,
    )  # fmt: skip
    _clean_exit(result)
    if any(code.startswith("E_") for code, _cell in item.case.expected):
        assert result.exit_code == 1
    if result.exit_code == 1:
        assert not out.exists() and not history.exists()
        template = re.escape(CATALOG["tally_not_written"][0]).replace(r"\{n\}", r"\d+")
        assert re.fullmatch(template + "\n", result.stderr)
    else:
        assert [p.name for p in out.iterdir()] == [f"红旗评选结果_{PERIOD}.xlsx"]
        assert history.exists()
    assert _digest(item.inputs) == before


def test_a_bug_exits_3_and_saves_the_traceback(
    corpus: tuple[Base, dict[str, Built]],
    tmp_path: Path,
    key_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    base, _built = corpus

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("redflag_xlsx.intake.reader.read_submissions", broken)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    for command in ("validate", "tally"):
        result = _invoke(command, base.combined, "--key", key_file)
        assert result.exit_code == 3
        crash = sorted(tmp_path.glob("redflag-crash-*.txt"))[-1]
        assert result.stderr == f"redflag_xlsx 内部错误（程序缺陷）。详细信息已保存到 {crash}\n"
        saved = crash.read_text(encoding="utf-8")
        assert saved.startswith("Traceback (most recent call last):")
        assert saved.endswith("RuntimeError: boom\n")
        crash.unlink()
    result = _invoke("validate", base.combined, "--key", key_file, "--lang", "en")
    crash = sorted(tmp_path.glob("redflag-crash-*.txt"))[-1]
    assert (result.exit_code, result.stderr) == (
        3,
        f"Internal error in redflag_xlsx (a bug). Details saved to {crash}\n",
    )
