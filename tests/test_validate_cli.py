"""``python -m redflag_xlsx validate``: whole outputs, exit codes, JSON, annotated copies."""

from __future__ import annotations

import io
import json
import shutil

from click.testing import CliRunner

import redflag_xlsx.cli
from redflag_xlsx.cli import cli
from redflag_xlsx.cli.output import issues_json, print_issues
from redflag_xlsx.intake.annotate import ANNOTATION_FILL, annotate

from fill import cell_of, open_workbook
from readkit import COMBINED, filled, read, split_forms

redflag_xlsx.cli._register()


def run(*args, env=None):
    return CliRunner().invoke(cli, ["validate", *map(str, args)], env=env)


def snapshot(folder):
    return {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_clean_quarter(blanks, tmp_path, key_file):
    filled(blanks, tmp_path / "in")
    result = run(tmp_path / "in", "--key", key_file)
    assert (result.exit_code, result.output) == (0, "已检查 1 个文件\n未发现问题\n")


def test_errors_and_warnings_grouped_by_file(blanks, tmp_path, key_file):
    path = filled(
        blanks, tmp_path / "in", peer={"JG02": {"JG03": 101}}, scoring={"JG01": {"current": " 95 "}}
    )
    before = snapshot(tmp_path / "in")
    result = run(tmp_path / "in", "--key", key_file)
    assert result.exit_code == 1
    assert result.output == (
        "已检查 1 个文件\n"
        f"文件“{path}”\n"
        "  警告 W_TEXT_NUMBER 工作表“服务质量考核” 单元格 O4：“本期满意率(%)”中的“95”是以文本形式"
        "保存的数字，按 95 读取\n"
        "    处理方法：不影响本次计算；以后请在数值格式的单元格中直接输入数字\n"
        "  错误 E_OUT_OF_RANGE 工作表“单位互评” 单元格 E5：“对 JG03（大楼保洁服务项目）的评分”中的 "
        "101 超出范围；应填写 0 到 100 之间的分数\n"
        "    处理方法：请改为允许范围内的数值\n"
        "共 1 个错误，1 个警告\n"
    )
    assert snapshot(tmp_path / "in") == before  # nothing is written into an input


def test_english(blanks, tmp_path, key_file):
    path = filled(blanks, tmp_path / "in", leadership={"LD01": {"JG02": "85分"}})
    result = run(path, "--key", key_file, "--lang", "en")
    assert result.exit_code == 1
    assert result.output == (
        "1 file(s) checked\n"
        f"file '{path}'\n"
        "  Error E_NOT_A_NUMBER sheet '领导评议' cell D4: '85分' under "
        "'rating of JG02 (大楼物业服务项目)' is not a number; expected a score from 0 to 100\n"
        "    what to do: type only the number, without units, words or formulas "
        "(85, not 85 points)\n"
        "1 error(s), 0 warning(s)\n"
    )
    assert run(path, "--key", key_file, env={"REDFLAG_LANG": "en"}).output == result.output


def test_warnings_only_exit_zero_and_the_engine_checks_run(blanks, tmp_path, key_file):
    filled(blanks, tmp_path / "in", scoring={"JG08": {"current": None}})
    result = run(tmp_path / "in", "--key", key_file)
    assert result.exit_code == 0
    assert "W_SATISFACTION_MISSING" in result.output
    assert result.output.endswith("共 0 个错误，1 个警告\n")


def test_json(blanks, tmp_path, key_file):
    path = filled(blanks, tmp_path / "in", peer={"JG02": {"JG02": 80}})
    result = run(path, "--json", "--key", key_file)
    assert result.exit_code == 1
    doc = json.loads(result.output)
    assert (doc["ok"], doc["errors"], doc["warnings"], doc["files"]) == (False, 1, 0, [str(path)])
    assert doc["issues"] == [
        {
            "severity": "error",
            "code": "E_SELF_RATING",
            "file": str(path),
            "sheet": "单位互评",
            "cell": cell_of(path, "peer", "JG02", "JG02"),
            "unit": "JG02",
            "rater": "JG02",
            "message": "JG02 给本单位自己打了分（80）；单位不给自己评分，这份表格改正后才能统计",
            "hint": "本单位自己对应的灰色单元格应为空：能编辑时清空它；表格受保护改不了时，"
            "请评选工作人员补发一份新表格（python -m redflag_xlsx build-template --only JG02），"
            "重新填写后交回",
        }
    ]


def test_annotate_writes_red_commented_copies_and_leaves_inputs_alone(blanks, tmp_path, key_file):
    filled(blanks, tmp_path / "in", peer={"JG02": {"JG03": 101, "JG04": "abc"}})
    before = snapshot(tmp_path / "in")
    result = run(tmp_path / "in", "--key", key_file, "--annotate", tmp_path / "out")
    assert result.exit_code == 1
    copy = tmp_path / "out" / COMBINED
    assert result.output.startswith(f"已写出标注副本：{copy}\n已检查 1 个文件\n")
    assert snapshot(tmp_path / "in") == before
    with open_workbook(copy, save=False) as wb:
        ws = wb["单位互评"]
        for cell, text in (("E5", "E_OUT_OF_RANGE："), ("F5", "E_NOT_A_NUMBER：")):
            assert ws[cell].fill.fgColor.rgb == ANNOTATION_FILL
            assert ws[cell].comment.text.startswith(text)
            assert "处理方法：" in ws[cell].comment.text
        assert ws["G5"].comment is None
        assert wb["_meta"].sheet_state == "veryHidden"
    # the copy is still a form: corrected and handed in again, it reads like the original
    again = read(copy)
    assert [(i.code, i.cell) for i in again.issues] == [
        ("E_OUT_OF_RANGE", "E5"),
        ("E_NOT_A_NUMBER", "F5"),
    ]


def test_annotate_never_overwrites_an_input(blanks, tmp_path, key_file):
    path = filled(blanks, tmp_path / "in", peer={"JG02": {"JG03": 101}})
    before = path.read_bytes()
    result = run(path, "--key", key_file, "--annotate", tmp_path / "in")
    assert result.exit_code == 1
    assert path.read_bytes() == before
    assert (tmp_path / "in" / "红旗评选_2026Q4 (2).xlsx").is_file()


def test_annotate_puts_file_level_findings_on_a1(blanks, tmp_path):
    path = filled(blanks, tmp_path / "in")
    issues = read(path, key=b"wrong").issues
    written = annotate(issues, tmp_path / "out")
    assert written == [tmp_path / "out" / COMBINED]
    with open_workbook(written[0], save=False) as wb:
        assert wb["填表说明"]["A1"].comment.text.startswith("E_SIGNATURE：")


def test_partial_checks_only_the_files_given(blanks, tmp_path, key_file):
    from redflag_xlsx.forms.templates import write_roster_workbook

    from readkit import ROSTER

    forms = split_forms(blanks, tmp_path / "in", skip=("服务质量考核", "领导评议"))
    one = forms[1]
    # a format 2 rating form carries the roster's fingerprint only: --roster gives the roster
    alone = run(one, "--key", key_file, "--partial")
    assert alone.exit_code == 1 and "E_ROSTER_MISMATCH" in alone.output
    assert "--roster" in alone.output
    roster = write_roster_workbook(ROSTER, tmp_path / "roster.xlsx")
    full = run(one, "--key", key_file, "--roster", roster)
    assert full.exit_code == 1
    assert "E_MISSING_SCORING" in full.output and "W_MISSING_RATER" in full.output
    result = run(one, "--key", key_file, "--partial", "--roster", roster)
    assert (result.exit_code, result.output) == (0, "已检查 1 个文件\n未发现问题\n")


def test_broken_files_get_messages_never_a_traceback(tmp_path, key_file):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "random.xlsx").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "in" / "empty.xlsx").write_bytes(b"")
    (tmp_path / "in" / "text.xlsx").write_text("单位,分数\nJG01,90\n", encoding="utf-8")
    result = run(tmp_path / "in", "--key", key_file)
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # a clean exit, no exception escaped
    assert "Traceback" not in result.output
    assert result.output.count("E_UNREADABLE") == 3
    assert "内部错误" not in result.output


def test_usage_and_input_errors(tmp_path, key_file):
    (tmp_path / "empty").mkdir()
    result = run(tmp_path / "empty", "--key", key_file)
    assert (result.exit_code, result.output) == (
        1,
        f"在 {tmp_path / 'empty'} 中没有找到 .xlsx 或 .xlsm 工作簿\n",
    )
    assert run("--key", key_file).exit_code == 2  # no path
    result = run(tmp_path, "--key", tmp_path / "no-such.key")
    assert result.exit_code == 2 and "no-such.key" in result.output
    result = run(tmp_path / "nothing-here.xlsx", "--key", key_file)  # a typo: usage (SPEC 8)
    assert result.exit_code == 2
    assert result.output.endswith(
        f"错误：找不到“{tmp_path / 'nothing-here.xlsx'}”：没有这个文件或文件夹\n"
    )


def test_help_has_an_example():
    result = CliRunner().invoke(cli, ["validate", "--help", "--lang", "en"])  # the docstring
    assert result.exit_code == 0
    assert "python -m redflag_xlsx validate 回收表格/ --annotate 退回修改/" in result.output


def test_print_issues_as_a_rich_table_on_a_terminal(blanks, tmp_path):
    path = filled(blanks, tmp_path, peer={"JG02": {"JG03": 101}})
    issues = read(path).issues
    buf = io.StringIO()
    print_issues(issues, stream=buf, rich=True)
    out = buf.getvalue()
    for text in (
        "级别",
        "代码",
        "位置",
        "问题",
        "处理方法",
        "E5",
        "共 1 个错误，0 个警告",
    ):
        assert text in out, text
    assert "…" not in out  # nothing is cut off
    assert json.loads(issues_json(issues, [str(path)]))["issues"][0]["cell"] == "E5"


def test_input_files_keep_their_bytes_through_every_option(blanks, tmp_path, key_file):
    split_forms(blanks, tmp_path / "in")
    shutil.copy(filled(blanks, tmp_path / "c", peer={"JG01": {"JG02": 101}}), tmp_path / "in")
    before = snapshot(tmp_path / "in")
    for extra in ([], ["--json"], ["--partial"], ["--annotate", tmp_path / "out"], ["-r"]):
        run(tmp_path / "in", "--key", key_file, *extra)
    assert snapshot(tmp_path / "in") == before


def test_history_gives_blank_baselines_as_tally_does(tmp_path):
    from redflag_xlsx.demo import BLANK_BASELINE_UNIT, run_demo

    run_demo(tmp_path / "q3", period="2026Q3")  # records 2026Q3, with every unit's rate
    run_demo(tmp_path / "q4", period="2026Q4")
    args = [
        "validate",
        str(tmp_path / "q4" / "filled"),
        "--key",
        str(tmp_path / "q4" / ".redflag-key"),
    ]
    without = CliRunner().invoke(cli, args)
    assert without.exit_code == 0, without.output
    assert "W_BASELINE_MISSING 工作表“服务质量考核”" in without.output
    assert BLANK_BASELINE_UNIT in without.output
    ledger = tmp_path / "q3" / "redflag_history.db"
    with_history = CliRunner().invoke(cli, [*args, "--history", str(ledger)])
    assert with_history.exit_code == 0, with_history.output
    assert "W_BASELINE_MISSING" not in with_history.output
