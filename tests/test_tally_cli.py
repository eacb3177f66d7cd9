"""``python -m redflag_xlsx tally``: whole outputs, exit codes, files written (or not), the
history ledger, ties decided by --award, and the ranked table."""

from __future__ import annotations

import copy
import io

import openpyxl
from click.testing import CliRunner

import redflag_xlsx.cli
from redflag_xlsx.cli import cli
from redflag_xlsx.cli.tables import print_ranking, ranking_rows
from redflag_xlsx.core.scoring import tally
from redflag_xlsx.forms.templates import build_templates
from redflag_xlsx.xlsx import layout

from fill import fill_combined
from readkit import DATA, KEY, ROSTER, filled, merged, read

redflag_xlsx.cli._register()

RESULTS = "红旗评选结果_2026Q4.xlsx"


def run(*args, env=None):
    return CliRunner().invoke(cli, ["tally", *map(str, args)], env=env)


def ranking_text(path, lang: str | None = None) -> str:
    """What the ranked tables print for the forms at ``path`` (the engine, independently)."""
    out = io.StringIO()
    print_ranking(tally(read(path)), lang=lang, stream=out, rich=False)
    return out.getvalue()


def tied_quarter() -> dict:
    """The complete quarter with XZ01 and XZ03 alike in every respect, on top of their site."""
    data = copy.deepcopy(DATA)
    top = {**data["scoring"]["XZ01"], "leader_praise": 3, "journal_article": 3}
    data["scoring"]["XZ01"] = top
    data["scoring"]["XZ03"] = dict(top)
    for sheet in ("peer", "leadership"):
        for rater, given in data[sheet].items():
            if rater in ("XZ01", "XZ03"):
                continue
            given["XZ01"] = given["XZ03"] = 99.5 if "XZ01" in given else given.get("XZ03")
    data["peer"]["XZ01"]["XZ03"] = data["peer"]["XZ03"]["XZ01"] = 95
    return data


# --- a clean quarter ----------------------------------------------------------------------------
def test_a_clean_quarter_writes_results_and_history(blanks, tmp_path, key_file):
    forms = filled(blanks, tmp_path / "in")
    out = tmp_path / "结果"
    result = run(tmp_path / "in", "--out", out, "--key", key_file)
    assert result.exit_code == 0, result.output
    results, ledger = out / RESULTS, out / "redflag_history.db"
    assert result.output == (
        ranking_text(forms) + f"已写入：{results}\n" + f"历史记录：已记录 2026Q4（{ledger}）\n"
    )
    lines = result.output.splitlines()
    assert lines[0] == "机关大楼（红旗 2 面）"
    assert lines[1].split() == [
        "场所排名",
        "单位编号",
        "单位名称",
        "服务质量得分",
        "互评得分",
        "领导评议得分",
        "综合得分",
        "评选结果",
    ]
    assert sum("★ 流动红旗" in line for line in lines) == 3
    assert sorted(p.name for p in out.iterdir()) == sorted([RESULTS, "redflag_history.db"])
    wb = openpyxl.load_workbook(results, data_only=True)
    assert wb.sheetnames[0] == "汇总"
    winners = [r[0].value for r in wb["汇总"].iter_rows(min_row=4) if r[9].value == "流动红旗"]
    assert len(winners) == 3


def test_tallying_again_needs_force_and_replaces_the_quarter(blanks, tmp_path, key_file):
    filled(blanks, tmp_path / "in")
    out = tmp_path / "out"
    assert run(tmp_path / "in", "--out", out, "--key", key_file).exit_code == 0
    before = (out / RESULTS).read_bytes()
    again = run(tmp_path / "in", "--out", out, "--key", key_file)
    assert again.exit_code == 2  # usage (SPEC 8)
    assert again.output.endswith(
        f"结果文件“{out / RESULTS}”已存在，未覆盖；如需覆盖，请加 --force\n"
    )
    assert (out / RESULTS).read_bytes() == before
    forced = run(tmp_path / "in", "--out", out, "--key", key_file, "--force")
    assert forced.exit_code == 0
    assert forced.output.endswith(  # the same inputs: no new revision (docs/history.md)
        f"历史记录：2026Q4 的输入和结果与第 1 版相同，未新增修订（{out / 'redflag_history.db'}）\n"
    )


def test_results_written_beside_the_forms_do_not_disturb_the_next_tally(blanks, tmp_path, key_file):
    forms = filled(blanks, tmp_path / "in")
    first = run(tmp_path / "in", "--out", tmp_path / "in", "--key", key_file, "--no-history")
    assert first.exit_code == 0
    again = run(
        tmp_path / "in", "--out", tmp_path / "in", "--key", key_file, "--force", "--no-history"
    )
    assert again.exit_code == 0, again.output
    assert (
        again.output
        == first.output
        == (
            ranking_text(forms)
            + f"已写入：{tmp_path / 'in' / RESULTS}\n"
            + "未使用历史记录（--no-history）：连续获得次数均按 1 计，本期结果不保存\n"
        )
    )


def test_english(blanks, tmp_path, key_file):
    forms = filled(blanks, tmp_path / "in")
    out = tmp_path / "out.xlsx"
    result = run(forms, "--out", out, "--key", key_file, "--no-history", "--lang", "en")
    assert result.exit_code == 0
    assert result.output == (
        ranking_text(forms, lang="en")
        + f"Written: {out}\n"
        + "no history (--no-history): every streak counts as 1 and this quarter is not kept\n"
    )
    assert result.output.startswith("机关大楼 (2 flag(s))\n  Rank at site  Unit code")
    assert openpyxl.load_workbook(out).sheetnames[0] == "Summary"


# --- findings -----------------------------------------------------------------------------------
def test_errors_write_nothing(blanks, tmp_path, key_file):
    path = filled(blanks, tmp_path / "in", peer={"JG02": {"JG03": 101}})
    out = tmp_path / "out"
    result = run(tmp_path / "in", "--out", out, "--key", key_file)
    assert result.exit_code == 1
    assert result.output == (
        f"文件“{path}”\n"
        "  错误 E_OUT_OF_RANGE 工作表“单位互评” 单元格 E5：“对 JG03（大楼保洁服务项目）的评分”中的 "
        "101 超出范围；应填写 0 到 100 之间的分数\n"
        "    处理方法：请改为允许范围内的数值\n"
        "共 1 个错误，0 个警告\n"
        "输入中有 1 个错误，未生成结果；请按上面的提示修正后重新统计，"
        "或加 --allow-errors 生成草稿\n"
    )
    assert not out.exists()


def test_allow_errors_writes_a_draft_that_is_not_recorded(blanks, tmp_path, key_file):
    filled(blanks, tmp_path / "in", peer={"JG02": {"JG03": 101}})
    out = tmp_path / "out"
    result = run(tmp_path / "in", "--out", out, "--key", key_file, "--allow-errors")
    assert result.exit_code == 1
    draft = RESULTS.replace(".xlsx", "_草稿.xlsx")  # SPEC 8: drafts are marked
    assert result.output.endswith(
        f"已写入：{out / draft}\n输入中有 1 个错误：已生成草稿，仅供核对，未记入历史记录\n"
    )
    assert sorted(p.name for p in out.iterdir()) == [draft]
    wb = openpyxl.load_workbook(out / draft)
    assert wb["汇总"]["A2"].value.startswith("草稿：输入中有 1 个错误")
    assert [r[2].value for r in wb["校验问题"].iter_rows(min_row=4)] == ["E_OUT_OF_RANGE"]


def test_warnings_are_shown_and_kept_in_the_workbook(blanks, tmp_path):
    forms = filled(blanks, tmp_path / "in", scoring={"XZ02": {"current": None}})
    out = tmp_path / "out"
    result = run(forms, "--out", out, "--no-history")  # no key: W_UNSIGNED
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"文件“{forms}”\n"
        "  警告 W_SATISFACTION_MISSING 工作表“服务质量考核” 单元格 O13：XZ02（中心保洁服务项目）："
        "本期满意率为空，满意率加减分按 0 计\n"
        "    处理方法：在“本期满意率(%)”中填写本季度的满意率测评结果\n"
        "（整体）\n"
        "  警告 W_UNSIGNED：没有找到密钥（REDFLAG_SECRET 或 .redflag-key），无法校验表格签名\n"
        "    处理方法：请在生成表格时所在的文件夹中运行，或用 --key 指定密钥文件，"
        "或设置环境变量 REDFLAG_SECRET\n"
        "共 0 个错误，2 个警告\n" + ranking_text(forms) + f"已写入：{out / RESULTS}\n"
        "未使用历史记录（--no-history）：连续获得次数均按 1 计，本期结果不保存\n"
    )
    ws = openpyxl.load_workbook(out / RESULTS)["校验问题"]
    rows = [(r[1].value, r[2].value, r[5].value) for r in ws.iter_rows(min_row=4)]
    assert rows == [("警告", "W_UNSIGNED", None), ("警告", "W_SATISFACTION_MISSING", "O13")]


def test_annotate_writes_marked_copies(blanks, tmp_path, key_file):
    path = filled(blanks, tmp_path / "in", peer={"JG02": {"JG03": 101}})
    marked = tmp_path / "退回"
    result = run(
        tmp_path / "in", "--out", tmp_path / "out", "--key", key_file, "--annotate", marked
    )
    assert result.exit_code == 1
    copies = sorted(marked.iterdir())
    assert [p.name for p in copies] == [path.name]
    assert f"已写出标注副本：{copies[0]}\n" in result.output


# --- usage --------------------------------------------------------------------------------------
def test_history_and_no_history_together_is_a_usage_error(blanks, tmp_path, key_file):
    filled(blanks, tmp_path / "in")
    result = run(tmp_path / "in", "--no-history", "--history", tmp_path / "h.db")
    assert result.exit_code == 2
    assert result.output.endswith("错误：--history 和 --no-history 不能同时使用\n")


# --- ties and the leaders' decision --------------------------------------------------------------
def test_a_tie_waits_for_the_leaders_then_award_decides(blanks, tmp_path, key_file):
    forms = tmp_path / "in" / "红旗评选_2026Q4.xlsx"
    forms.parent.mkdir()
    fill_combined(blanks.combined, out=forms, **tied_quarter())
    out = tmp_path / "out"
    result = run(forms, "--out", out, "--key", key_file)
    assert result.exit_code == 0, result.output
    assert result.output.count("☆ 并列待定") == 2
    assert (
        "行政事业中心：XZ01 中心物业服务项目、XZ03 中心食堂餐饮服务项目 综合得分并列，待领导决定；"
        "决定后加 --award 单位编号 重新统计\n" in result.output
    )

    wrong = run(forms, "--out", out, "--key", key_file, "--force", "--award", "JG01")
    assert wrong.exit_code == 2
    assert wrong.output.endswith("错误：--award JG01：该单位不在任何并列待定组中\n")

    decided = run(forms, "--out", out, "--key", key_file, "--force", "--award", "xz03")  # any case
    assert decided.exit_code == 0, decided.output
    assert "☆" not in decided.output
    xz = [line.split() for line in decided.output.splitlines() if "XZ0" in line]
    assert [row[1] for row in xz if row[-1] == "流动红旗"] == ["XZ03"]
    ws = openpyxl.load_workbook(out / RESULTS)["流动红旗"]
    notes = {r[1].value: r[11].value for r in ws.iter_rows(min_row=4) if r[1].value}
    assert notes["XZ03"] == "经局领导审定"  # no command-line word in what the office prints


# --- two quarters: the streak comes from the ledger ---------------------------------------------
def test_a_second_win_in_a_row_gets_the_second_tier(tmp_path, key_file):
    q3 = build_templates(ROSTER, "2026Q3", tmp_path / "blank3", key=KEY)[0]
    q4 = build_templates(ROSTER, "2026Q4", tmp_path / "blank4", key=KEY)[0]
    data = merged()
    fill_combined(q3, out=tmp_path / "q3" / q3.name, **data)
    fill_combined(q4, out=tmp_path / "q4" / q4.name, **data)
    out = tmp_path / "out"
    assert run(tmp_path / "q3", "--out", out, "--key", key_file).exit_code == 0
    second = run(tmp_path / "q4", "--out", out, "--key", key_file)
    assert second.exit_code == 0, second.output
    ws = openpyxl.load_workbook(out / RESULTS, data_only=True)["汇总"]
    col = {c.key: i for i, c in enumerate(layout.summary_columns())}
    won = {
        r[0].value: [r[col[k]].value for k in ("streak", "reward_points", "bonus_yuan", "priority")]
        for r in ws.iter_rows(min_row=4)
        if r[col["outcome"]].value == "流动红旗"
    }
    assert len(won) == 3
    assert set(map(tuple, won.values())) == {(2, 6, 1200, "否")}


# --- the table ----------------------------------------------------------------------------------
def test_ranking_rows_and_the_rich_table(blanks, tmp_path, monkeypatch):
    from scenarios import scenario

    result = scenario("disqualified").tally()
    rows = ranking_rows(result, "机关大楼")
    units = [u for u in result.units if u.site == "机关大楼"]
    ranked = sorted((u for u in units if u.rank is not None), key=lambda u: u.rank or 0)
    unranked = sorted((u for u in units if u.rank is None), key=lambda u: -(u.total or 0))
    assert [r[1] for r in rows] == [u.code for u in ranked + unranked]
    assert [r[0] for r in rows] == [str(u.rank) for u in ranked] + ["—"] * len(unranked)
    jg04 = next(r for r in rows if r[1] == "JG04")
    assert jg04[-1] == "不参评：重大质量投诉；整改通知书"
    out = io.StringIO()
    monkeypatch.setenv("COLUMNS", "120")  # narrower terminals get lines (test_frictions)
    print_ranking(result, stream=out, rich=True)
    text = out.getvalue()
    assert text.startswith("机关大楼（红旗 2 面）")
    assert "★" in text and "JG04" in text and "┏" in text  # a rich table, winners marked


def test_a_progress_bar_only_for_many_files_on_a_terminal(monkeypatch):
    import sys

    from redflag_xlsx.cli.cmd_tally import PROGRESS_MIN_FILES, _progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    with _progress("zh") as advance:
        assert advance is None  # not a terminal
    screen = Terminal()
    monkeypatch.setattr(sys, "stdout", screen)
    with _progress("zh") as advance:
        for done in range(1, PROGRESS_MIN_FILES):
            advance(done, PROGRESS_MIN_FILES - 1, f"form{done}.xlsx")
    assert screen.getvalue() == ""  # too few files to bother
    with _progress("zh") as advance:
        for done in range(1, PROGRESS_MIN_FILES + 1):
            advance(done, PROGRESS_MIN_FILES, f"form{done}.xlsx")
    assert "读取表格" in screen.getvalue()
