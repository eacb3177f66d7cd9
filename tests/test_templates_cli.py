"""``build-template`` on the command line: output, key file, and one-line errors (exit 1/2)."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from test_templates import meta_of

import redflag_xlsx.cli
from redflag_xlsx.cli import cli
from redflag_xlsx.core.i18n import t
from redflag_xlsx.xlsx.signing import verify

redflag_xlsx.cli._register()


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, ["build-template", *args], env=env)


def test_defaults_write_one_signed_workbook(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("--out", "forms", "--period", "2026Q4", "--deadline", "2027年1月10日")
    key_file = Path(".redflag-key")
    form = Path("forms") / "红旗评选_2026Q4.xlsx"
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"{t('tpl_cli_key_created', 'zh', file=key_file)}\n"
        f"{t('tpl_cli_wrote', 'zh', n=1)}\n"
        f"{form}\n"
    )
    if os.name == "posix":
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = key_file.read_bytes().strip()
    wb = openpyxl.load_workbook(form)
    meta = meta_of(wb)
    assert meta["kind"] == "combined" and verify(meta, key)
    texts = [c.value for c in wb["填表说明"]["A"]]
    assert t("tpl_instr_deadline", "zh", deadline="2027年1月10日") in texts
    # a second run reuses the key: same signature, no message about a new key
    again = run("--out", "forms", "--period", "2026Q4")
    assert again.output == f"{t('tpl_cli_wrote', 'zh', n=1)}\n{form}\n"
    assert meta_of(openpyxl.load_workbook(form))["signature"] == meta["signature"]


def test_split_in_english_with_key_from_environment(tmp_path: Path) -> None:
    out = tmp_path / "表格"
    result = run(
        "--split", "--lang", "en", "--out", str(out), "--period", "2026Q1",
        "--key", str(tmp_path / "never-created"),
        env={"REDFLAG_SECRET": "office secret"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "18 file(s) written:"
    assert sorted(lines[1:]) == sorted(str(p) for p in out.iterdir())
    assert len(lines) == 19 and not (tmp_path / "never-created").exists()
    wb = openpyxl.load_workbook(out / "单位互评_2026Q1_XZ04.xlsx")
    assert wb.sheetnames == ["Instructions", "Peer rating", "_meta"]
    meta = meta_of(wb)
    assert (meta["rater"], meta["lang"]) == ("XZ04", "en")
    assert verify(meta, b"office secret")


def _dup_roster(tmp_path: Path) -> Path:
    path = tmp_path / "dup.toml"
    path.write_text(
        '[[units]]\ncode = "JG01"\nname = "甲"\nsite = "机关大楼"\n'
        '[[units]]\ncode = "JG01"\nname = "乙"\nsite = "机关大楼"\n'
        '[[leaders]]\ncode = "LD01"\nname = "丙"\n',
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("case", "lang"),
    [
        # case                 lang
        ("missing_roster", "zh"),
        ("missing_roster", "en"),
        ("duplicate_codes", "zh"),
        ("out_is_a_file", "zh"),
        ("out_is_a_file", "en"),
        ("bad_period", "zh"),
        ("bad_period", "en"),
        ("bad_rules", "zh"),
    ],
)
def test_bad_input_gets_one_line_and_exit_1(tmp_path: Path, case: str, lang: str) -> None:
    key = tmp_path / "key"
    key.write_text("k")
    args = ["--key", str(key), "--out", str(tmp_path / "out"), "--lang", lang]
    if case == "missing_roster":  # a path that does not exist: usage, exit 2 (SPEC 8)
        path = tmp_path / "名单.xlsx"
        result = run(*args, "--roster", str(path))
        assert result.exit_code == 2
        error = "Error: " if lang == "en" else "错误："  # click's own word, in the chosen language
        assert result.output.endswith(error + t("path_not_found", lang, path=path) + "\n")
        assert not (tmp_path / "out").exists()
        return
    elif case == "duplicate_codes":
        path = _dup_roster(tmp_path)
        args += ["--roster", str(path)]
        expected = t(
            "roster_duplicate_code",
            lang,
            file=path,
            sheet="units",
            cell="units[1]",
            code="JG01",
            first="units[0]",
        )
    elif case == "out_is_a_file":
        blocker = tmp_path / "file.txt"
        blocker.write_text("x")
        args += ["--out", str(blocker)]
        expected = t("out_dir_failed", lang, dir=blocker, detail=t("out_not_a_dir", lang))
    elif case == "bad_period":
        args += ["--period", "2026Q5"]
        expected = t("period_bad", lang, value="2026Q5")
    else:
        rules = tmp_path / "rules.toml"
        rules.write_text("weight = 1\n", encoding="utf-8")
        args += ["--rules", str(rules)]
        where = t("cfg_at_line", lang, file=rules, line=1)
        expected = t("cfg_unknown_key", lang, file=where, key="weight")
    result = run(*args)
    assert (result.exit_code, result.output) == (1, expected + "\n")
    assert not (tmp_path / "out").exists()


def test_wrong_usage_exits_2() -> None:
    result = run("--lang", "fr")
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        "错误：'--lang' 的值无效：“fr”无效，只能是 'zh', 'en' 之一。"
    )
    assert "Traceback" not in result.output


def test_help_has_an_example() -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert "python -m redflag_xlsx build-template --roster roster.xlsx" in result.output


def test_unwritable_target_is_one_line_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    """A folder where the form should go stands in for a file locked by Excel on Windows."""
    key = tmp_path / "key"
    key.write_text("k")
    target = tmp_path / "out" / "红旗评选_2026Q4.xlsx"
    target.mkdir(parents=True)
    result = run("--out", str(tmp_path / "out"), "--period", "2026Q4", "--key", str(key))
    detail = os.strerror(errno.EISDIR)
    assert (result.exit_code, result.output) == (
        1,
        t("out_write_failed", "zh", file=target, detail=detail) + "\n",
    )
    assert [p.name for p in (tmp_path / "out").iterdir()] == [target.name]


def test_only_reissues_forms_byte_for_byte(tmp_path: Path) -> None:
    """--only writes just the named forms, each identical to a full build's file."""
    env = {"REDFLAG_SECRET": "office secret"}
    full = run("--split", "--out", str(tmp_path / "full"), "--period", "2026Q4", env=env)
    assert full.exit_code == 0, full.output
    again = run(
        "--only", "jg03", "--only", "LD02", "--only", "scoring",
        "--out", str(tmp_path / "again"), "--period", "2026Q4", env=env,
    )  # fmt: skip
    assert again.exit_code == 0, again.output
    names = sorted(p.name for p in (tmp_path / "again").iterdir())
    assert names == sorted(
        ["单位互评_2026Q4_JG03.xlsx", "领导评议_2026Q4_LD02.xlsx", "服务质量考核_2026Q4.xlsx"]
    )
    for name in names:
        assert (tmp_path / "again" / name).read_bytes() == (tmp_path / "full" / name).read_bytes()


def test_only_an_unknown_code_is_a_usage_error(tmp_path: Path) -> None:
    result = run(
        "--only", "ZZ99", "--out", str(tmp_path), "--period", "2026Q4",
        env={"REDFLAG_SECRET": "k"},
    )  # fmt: skip
    assert result.exit_code == 2
    assert t("tpl_only_unknown", "zh", code="ZZ99") in result.output
    assert not any(tmp_path.iterdir())


def test_history_fills_in_last_quarters_rates(tmp_path: Path) -> None:
    from test_ledger import make_sub

    from redflag_xlsx.core.rules import Rules
    from redflag_xlsx.core.scoring import tally
    from redflag_xlsx.ledger.store import Ledger

    db = tmp_path / "h.db"
    sub = make_sub("2026Q3", rates={"JG01": (90.0, 93.5), "XZ02": (80.0, 77.0)})
    with Ledger(db) as ledger:
        ledger.record(tally(sub, Rules.default()))
    rates = {code: row.current for code, row in sub.scoring.items() if row.current is not None}
    assert rates
    result = run(
        "--history", str(db), "--out", str(tmp_path / "f"), "--period", "2026Q4",
        env={"REDFLAG_SECRET": "k"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert t("tpl_cli_baselines", "zh", file=db, period="2026Q3", n=len(rates)) in result.output
    ws = openpyxl.load_workbook(tmp_path / "f" / "红旗评选_2026Q4.xlsx")["服务质量考核"]
    header = next(r for r in ws.iter_rows(max_row=10) if r[0].value == "单位编号")
    col = next(c.column for c in header if c.value == "基准满意率(%)")
    filled = {
        row[0].value: ws.cell(row[0].row, col).value
        for row in ws.iter_rows(min_row=header[0].row + 1)
        if row[0].value
    }
    assert {code: filled[code] for code in rates} == rates
    assert ws.cell(header[0].row + 1, col).protection.locked is False  # still editable
