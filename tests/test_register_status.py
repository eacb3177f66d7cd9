"""``status`` with the inspection register (SPEC 11, 14): a register of this quarter is one more
form of the table once received, in either layout; the quarter may be run without one."""

from __future__ import annotations

import json

from click.testing import CliRunner

import redflag_xlsx.cli
from redflag_xlsx.cli import cli
from redflag_xlsx.forms.filling import fill_register

from readkit import DATA, split_forms
from regkit import REGISTER, blank_register, quarter, scoring_without_register_items, typed

redflag_xlsx.cli._register()


def run(*args):
    return CliRunner().invoke(cli, ["status", *map(str, args)])


def test_a_received_register_is_listed_with_its_state(blanks, tmp_path, key_file) -> None:
    folder = tmp_path / "in"
    split_forms(blanks, folder, {**DATA, "scoring": scoring_without_register_items()})
    fill_register(blank_register(tmp_path / "b"), folder / REGISTER, events=typed()[:3])
    result = run(folder, "--key", key_file, "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert (doc["layout"], doc["expected"], doc["received"]) == ("split", 19, 19)
    assert doc["forms"][-1] == {
        "kind": "register",
        "rater": None,
        "state": "ok",
        "files": [str(folder / REGISTER)],
        "errors": 0,
        "warnings": 0,
    }
    assert doc["others"] == []


def test_a_register_with_an_error_in_a_combined_quarter(blanks, tmp_path, key_file) -> None:
    events = [{"date": "2026-09-30", "unit_code": "JG01", "item": "一般投诉", "verified": "是"}]
    folder = quarter(blanks, tmp_path / "in", events)
    result = run(folder, "--key", key_file)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "2026Q4 交表情况（合并版，应交 2 份）"
    assert lines[-2].split()[:4] == ["检查记录台账", "—", "有错误", "1"]
    assert lines[-1] == "已收到 2/2 份"


def test_without_a_register_nothing_is_expected_of_it(blanks, tmp_path, key_file) -> None:
    folder = quarter(blanks, tmp_path / "in")
    (folder / REGISTER).unlink()
    doc = json.loads(run(folder, "--key", key_file, "--json").output)
    assert [f["kind"] for f in doc["forms"]] == ["combined"]
