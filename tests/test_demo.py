"""``python -m redflag_xlsx demo``: the whole quarter on the sample roster, in one command."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
from click.testing import CliRunner

import redflag_xlsx.cli
from redflag_xlsx.cli import cli
from redflag_xlsx.cli.output import print_issues
from redflag_xlsx.cli.tables import print_ranking
from redflag_xlsx.core.roster import Roster
from redflag_xlsx.core.scoring import tally
from redflag_xlsx.demo import (
    BLANK_BASELINE_UNIT,
    DISQUALIFIED_UNIT,
    UNVERIFIED_UNIT,
    run_demo,
    sample_data,
)
from redflag_xlsx.forms.filling import fill_workbook
from redflag_xlsx.forms.templates import build_templates
from redflag_xlsx.intake.reader import read_submissions
from redflag_xlsx.xlsx import layout

redflag_xlsx.cli._register()


def test_demo_command_prints_the_whole_quarter(tmp_path: Path) -> None:
    out = tmp_path / "演示"
    run = CliRunner().invoke(cli, ["demo", "--out", str(out), "--period", "2026Q4"])
    assert run.exit_code == 0, run.output
    # what it printed is exactly what the library computes from the files it wrote
    key = (out / ".redflag-key").read_bytes().strip()
    result = tally(read_submissions([out / "filled"], key=key))
    issues, ranking = io.StringIO(), io.StringIO()
    print_issues(result.issues, stream=issues)
    print_ranking(result, stream=ranking, rich=False)
    results = out / "红旗评选结果_2026Q4.xlsx"
    # the returns table while the forms come in: the register is in, the workbook is not
    assert run.output.startswith(
        f"已生成 2 份空白表格：{out / 'forms'}\n表格陆续交回时的收件情况（status）：\n"
        "2026Q4 交表情况（合并版，应交 2 份）\n"
    )
    assert "  合并表格      —       未收到     —     —  —\n" in run.output
    pdfs = [out / f"{name}_2026Q4.pdf" for name in ("公示", "成绩通知单", "奖金发放表")]
    assert run.output.endswith(
        "已收到 1/2 份；未收到：合并表格\n"
        f"已用示例数据填写 2 份表格：{out / 'filled'}\n"
        + issues.getvalue()
        + "已收到 2/2 份\n"
        + ranking.getvalue()
        + f"已写入：{results}\n"
        + "".join(f"已写入：{pdf}\n" for pdf in pdfs)
        + f"历史记录：已记录 2026Q4（{out / 'redflag_history.db'}）\n"
    )
    assert all(pdf.read_bytes().startswith(b"%PDF") for pdf in pdfs)
    # one disqualified unit (a would-be winner) and exactly one warning
    assert [(i.code, i.unit) for i in result.issues] == [
        ("W_BASELINE_MISSING", BLANK_BASELINE_UNIT)
    ]
    unit = result.unit(DISQUALIFIED_UNIT)
    assert unit.disqualified_by == ["rectification_notice"]
    assert unit.rank is None and not unit.won  # the best total, but 不得参与评选: no rank
    others = [u for u in result.units if u.site == unit.site and u.code != unit.code]
    assert unit.total is not None and all(unit.total > (u.total or 0) for u in others)
    assert sorted(u.rank for u in others if u.rank) == list(range(1, len(others) + 1))
    assert [len(result.winners(s)) for s in result.roster.sites] == [2, 1]
    # the results workbook holds the engine's totals
    ws = openpyxl.load_workbook(results, data_only=True)[layout.results_sheet_name("summary")]
    header = [c.value for c in ws[layout.HEADER_ROW]]
    code_col, total_col = header.index("单位编号"), header.index("综合得分")
    totals = {
        row[code_col]: row[total_col]
        for row in ws.iter_rows(min_row=layout.FIRST_DATA_ROW, values_only=True)
        if row[code_col]
    }
    assert totals == {u.code: u.total for u in result.units}


def test_demo_again_replaces_the_quarter_and_split_forms_agree(tmp_path: Path) -> None:
    first = run_demo(tmp_path / "a", period="2026Q4", pdf=False)
    again = run_demo(tmp_path / "a", period="2026Q4", pdf=False)
    assert again.tally.ledger is not None and again.tally.ledger.replaced
    split = run_demo(tmp_path / "b", period="2026Q4", split=True, pdf=False)
    assert len(split.forms) == 1 + 12 + 5 + 1  # scoring, peer, leadership, the register
    # status half-way: the register and the first half of the forms are in
    midway = split.returns_midway
    assert midway is not None and (midway.expected, midway.received) == (19, 1 + 9)
    assert split.returns is not None and split.returns.ready
    assert [u.model_dump() for u in split.result.units] == [
        u.model_dump() for u in first.result.units
    ]


def test_demo_in_english(tmp_path: Path) -> None:
    run = CliRunner().invoke(cli, ["demo", "--out", str(tmp_path), "--lang", "en"])
    assert run.exit_code == 0, run.output
    lines = run.output.splitlines()
    assert lines[0] == f"2 blank form(s) written: {tmp_path / 'forms'}"
    assert lines[-5] == f"Written: {tmp_path / next(tmp_path.glob('红旗评选结果_*.xlsx')).name}"
    assert [line.rsplit(".", 1)[-1] for line in lines[-4:-1]] == ["pdf", "pdf", "pdf"]
    assert lines[-1:] == [
        f"History: {next(tmp_path.glob('红旗评选结果_*.xlsx')).stem[-6:]} recorded "
        f"({tmp_path / 'redflag_history.db'})",
    ]
    wb = openpyxl.load_workbook(next((tmp_path / "forms").glob("红旗评选_*.xlsx")))
    assert layout.sheet_name("scoring", "en") in wb.sheetnames
    register = openpyxl.load_workbook(next((tmp_path / "forms").glob("检查记录台账_*.xlsx")))
    assert register.sheetnames[0] == "Inspection register"


def test_sample_data_is_deterministic_and_in_range() -> None:
    roster = Roster.sample()
    a, b = sample_data(roster), sample_data(roster)
    assert a == b
    for rater, given in a.peer.items():
        assert rater not in given
        assert all(0 <= v <= 100 for v in given.values())
    assert all(0 <= v <= 100 for given in a.leadership.values() for v in given.values())
    assert "baseline" not in a.scoring[BLANK_BASELINE_UNIT]


def test_the_demos_register_gives_the_counts_the_clerk_used_to_type(tmp_path: Path) -> None:
    """The demo's scoring sheet leaves the register items blank; its register's verified
    events give exactly the counts of the sample data, so the quarter scores as if typed."""
    run = run_demo(tmp_path / "demo", period="2026Q4", pdf=False)
    register = run.result.submission.inspection_register  # type: ignore[union-attr]
    assert register is not None
    assert [e.unit for e in register.events if not e.verified] == [UNVERIFIED_UNIT]
    roster, key = Roster.sample(), (tmp_path / "demo" / ".redflag-key").read_bytes().strip()
    data = sample_data(roster)
    typed = fill_workbook(
        build_templates(roster, "2026Q4", tmp_path / "blank", key=key)[0],
        tmp_path / "typed" / "红旗评选_2026Q4.xlsx",
        scoring=data.scoring,
        peer=data.peer,
        leadership=data.leadership,
    )
    by_hand = tally(read_submissions([typed], key=key))
    assert by_hand.submission.inspection_register is None  # type: ignore[union-attr]
    assert [u.model_dump() for u in run.result.units] == [u.model_dump() for u in by_hand.units]
    filled = openpyxl.load_workbook(run.filled[0])[layout.sheet_name("scoring")]
    header = [c.value for c in filled[layout.HEADER_ROW]]
    column = header.index("检查一般偏差") + 1
    assert all(
        filled.cell(r, column).value is None
        for r in range(layout.FIRST_DATA_ROW, filled.max_row + 1)
    )
    evidence = openpyxl.load_workbook(run.tally.results_path)["扣分依据"]
    rows = [r for r in evidence.iter_rows(min_row=layout.FIRST_DATA_ROW) if r[0].value]
    assert len(rows) == len(register.verified()) > 40
