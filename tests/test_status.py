"""``python -m redflag_xlsx status``: the returns table (SPEC 11), from real filled forms."""

from __future__ import annotations

import json
import shutil
from importlib import resources

from click.testing import CliRunner

import redflag_xlsx.cli
from redflag_xlsx.cli import cli
from redflag_xlsx.core.roster import Roster
from redflag_xlsx.core.rules import Rules
from redflag_xlsx.forms.templates import build_templates
from redflag_xlsx.returns import expected_forms, peer_raters

from readkit import KEY, ROSTER, filled, merged, split_forms

redflag_xlsx.cli._register()
SAMPLE_ROSTER = resources.files("redflag_xlsx").joinpath("data/sample_roster.toml")


def run(*args):
    return CliRunner().invoke(cli, ["status", *map(str, args)])


def states(doc) -> dict[str, str]:
    return {f"{f['kind']}:{f['rater']}": f["state"] for f in doc["forms"]}


def test_missing_forms_one_with_errors_one_with_warnings(blanks, tmp_path, key_file):
    data = merged(peer={"JG02": {"JG04": 101}, "JG05": {"JG06": " 95 "}})
    split_forms(blanks, tmp_path / "in", data, skip=("_JG03", "_LD02"))
    result = run(tmp_path / "in", "--key", key_file)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "2026Q4 交表情况（分发版，应交 18 份）"
    assert lines[1].split() == ["表格", "填表人", "状态", "错误", "警告", "文件"]
    row = {line.split()[1]: line.split() for line in lines[3:20]}  # the rated units and leaders
    assert row["JG02"][3:6] == ["有错误", "1", "0"]
    assert row["JG05"][3:6] == ["有警告", "0", "1"]
    assert row["JG03"][3:] == ["未收到", "—", "—", "—"]
    assert row["LD02"][3:] == ["未收到", "—", "—", "—"]
    jg04 = str(tmp_path / "in" / "单位互评_2026Q4_JG04.xlsx")
    assert row["JG04"][3:] == ["已通过", "0", "0", jg04]
    assert lines[-1] == "已收到 16/18 份；未收到：JG03 单位互评、LD02 领导评议"
    assert len(lines) == 21  # title, header, 18 forms, summary


def test_every_form_in_and_clean_exits_zero(blanks, tmp_path, key_file):
    split_forms(blanks, tmp_path / "in")
    result = run(tmp_path / "in", "--key", key_file)
    assert result.exit_code == 0, result.output
    rows = result.output.splitlines()[2:-1]
    assert len(rows) == 18 and all(r.split()[-4:-1] == ["已通过", "0", "0"] for r in rows)
    assert result.output.endswith("\n已收到 18/18 份\n")


def test_warnings_allowed(blanks, tmp_path, key_file):
    split_forms(blanks, tmp_path / "in", merged(scoring={"JG08": {"current": None}}))
    result = run(tmp_path / "in", "--key", key_file, "--json")
    assert result.exit_code == 0
    doc = json.loads(result.output)
    assert states(doc)["scoring:None"] == "warnings"
    assert doc["forms"][0]["warnings"] == 1  # W_SATISFACTION_MISSING, from the engine's checks


def test_combined_workbook_whole_output(blanks, tmp_path, key_file):
    path = filled(blanks, tmp_path / "in")
    result = run(tmp_path / "in", "--key", key_file)
    assert (result.exit_code, result.output) == (
        0,
        "2026Q4 交表情况（合并版，应交 1 份）\n"
        "  表格      填表人  状态    错误  警告  文件\n"
        f"  合并表格  —       已通过     0     0  {path}\n"
        "已收到 1/1 份\n",
    )


def test_combined_workbook_with_an_error(blanks, tmp_path, key_file):
    filled(blanks, tmp_path / "in", leadership={"LD01": {"JG02": "85分"}})
    result = run(tmp_path / "in", "--key", key_file, "--json")
    assert result.exit_code == 1
    doc = json.loads(result.output)
    assert doc["layout"] == "combined"
    assert [(f["kind"], f["rater"], f["state"], f["errors"]) for f in doc["forms"]] == [
        ("combined", None, "errors", 1)
    ]


def test_json_shape(blanks, tmp_path, key_file):
    split_forms(blanks, tmp_path / "in", skip=("_JG03",))
    result = run(tmp_path / "in", "--key", key_file, "--json")
    assert result.exit_code == 1
    assert "已收到" in result.output and "\\u" not in result.output  # ensure_ascii=False
    doc = json.loads(result.output)
    assert set(doc) >= {"expected", "received", "forms"}
    assert (doc["expected"], doc["received"], doc["ready"]) == (18, 17, False)
    assert doc["summary"] == "已收到 17/18 份；未收到：JG03 单位互评"
    first, jg03 = doc["forms"][0], next(f for f in doc["forms"] if f["rater"] == "JG03")
    assert first == {
        "kind": "scoring",
        "rater": None,
        "state": "ok",
        "files": [str(tmp_path / "in" / "服务质量考核_2026Q4.xlsx")],
        "errors": 0,
        "warnings": 0,
    }
    assert jg03 == {
        "kind": "peer",
        "rater": "JG03",
        "state": "missing",
        "files": [],
        "errors": 0,
        "warnings": 0,
    }
    assert [f["kind"] for f in doc["forms"]] == ["scoring"] + ["peer"] * 12 + ["leadership"] * 5


def test_counts_are_exactly_validates_per_file(blanks, tmp_path, key_file):
    data = merged(
        peer={"JG02": {"JG04": 101, "JG05": "八十"}, "XZ01": {"XZ02": " 90 "}},
        leadership={"LD03": {"JG01": "８８"}},
    )
    split_forms(blanks, tmp_path / "in", data, skip=("_LD05",))
    args = ["validate", str(tmp_path / "in"), "--key", str(key_file), "--json"]
    validated = CliRunner().invoke(cli, args)
    per_file: dict[str, list[int]] = {}
    for issue in json.loads(validated.output)["issues"]:
        if issue["file"]:
            counts = per_file.setdefault(issue["file"], [0, 0])
            counts[issue["severity"] == "warning"] += 1
    doc = json.loads(run(tmp_path / "in", "--key", key_file, "--json").output)
    seen = {f["files"][0]: [f["errors"], f["warnings"]] for f in doc["forms"] if f["files"]}
    assert {f: c for f, c in seen.items() if c != [0, 0]} == per_file
    assert len(per_file) == 3


def test_files_not_of_this_quarter_are_listed_apart(blanks, tmp_path, key_file):
    split_forms(blanks, tmp_path / "in")
    old = build_templates(ROSTER, "2026Q3", tmp_path / "old", split=True, key=KEY)
    jg04 = next(p for p in old if p.name.endswith("_JG04.xlsx"))
    shutil.copy(jg04, tmp_path / "in" / "上季度.xlsx")
    (tmp_path / "in" / "坏文件.xlsx").write_text("not a workbook", encoding="utf-8")
    result = run(tmp_path / "in", "--key", key_file)
    assert result.exit_code == 1  # every form in and clean, but tally would stop on these
    lines = result.output.splitlines()
    at = lines.index("其他文件（不计入上表）：")
    assert lines[at + 1] == (
        f"  {tmp_path / 'in' / '上季度.xlsx'}：该表格属于 2026Q3 期，本次评选为 2026Q4 期，"
        "不能用于本次汇总；请改交本季度的表格"
    )
    assert lines[at + 2].startswith(f"  {tmp_path / 'in' / '坏文件.xlsx'}：无法读取该文件")
    assert lines[-1] == "已收到 18/18 份"
    doc = json.loads(run(tmp_path / "in", "--key", key_file, "--json").output)
    assert [(o["reason"], o["kind"], o["codes"]) for o in doc["others"]] == [
        ("not_this_quarter", "peer", ["E_PERIOD_MISMATCH"]),
        ("not_this_quarter", None, ["E_UNREADABLE"]),
    ]


def test_combined_and_split_together_is_split_with_the_combined_apart(blanks, tmp_path, key_file):
    split_forms(blanks, tmp_path / "in")
    filled(blanks, tmp_path / "in")
    doc = json.loads(run(tmp_path / "in", "--key", key_file, "--json").output)
    assert (doc["layout"], doc["expected"], doc["received"]) == ("split", 18, 18)
    assert [(o["reason"], o["kind"]) for o in doc["others"]] == [("not_expected", "combined")]


def test_a_copy_of_a_form_is_received_twice(blanks, tmp_path, key_file):
    forms = split_forms(blanks, tmp_path / "in")
    jg04 = next(p for p in forms if p.name.endswith("_JG04.xlsx"))
    shutil.copy(jg04, tmp_path / "in" / "再交一次.xlsx")
    doc = json.loads(run(tmp_path / "in", "--key", key_file, "--json").output)
    entry = next(f for f in doc["forms"] if f["rater"] == "JG04")
    assert (entry["state"], len(entry["files"]), entry["warnings"]) == ("warnings", 2, 1)
    assert doc["ready"] is True


def test_nothing_received_yet_with_roster_and_period(tmp_path, key_file):
    (tmp_path / "in").mkdir()
    given = ["--roster", SAMPLE_ROSTER, "--period", "2026Q4", "--key", key_file]
    result = run(tmp_path / "in", *given)
    assert result.exit_code == 1
    summary = result.output.splitlines()[-1]
    assert summary.startswith("已收到 0/18 份；未收到：服务质量考核、JG01 单位互评、")


def test_english(blanks, tmp_path, key_file):
    split_forms(blanks, tmp_path / "in", skip=("_LD02",))
    result = run(tmp_path / "in", "--key", key_file, "--lang", "en")
    lines = result.output.splitlines()
    assert lines[0] == "2026Q4 returns (split forms, 18 expected)"
    assert lines[-1] == "received 17/18; missing: LD02 Leadership rating"


def test_the_units_that_rate_peers_come_from_one_place():
    units = list(ROSTER.units)
    units[0] = units[0].model_copy(update={"contractor": ""})  # JG01 in-house
    roster = Roster(units=tuple(units), leaders=ROSTER.leaders)
    rules = Rules.default()
    assert peer_raters(roster, rules)[0] == "JG01"
    no_in_house = rules.model_copy(update={"in_house_rates_peers": False})
    assert "JG01" not in peer_raters(roster, no_in_house)
    assert ("peer", "JG01") not in expected_forms(roster, no_in_house, "split")
    assert len(expected_forms(roster, no_in_house, "split")) == 17
