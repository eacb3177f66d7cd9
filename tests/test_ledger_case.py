"""The quarter as a case (issue 14, SPEC 7 and 12): the ledger keeps every input with its source
and append-only revisions; a re-tally with changed inputs needs --reason; ``approve`` records
the leaders' approval from the ledger alone; ``history --period`` and the export show it all."""

from __future__ import annotations

import copy
import sqlite3
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from test_ledger import dump, make_sub, tally_and_record

import redflag_xlsx.cli
from redflag_xlsx.cli import cli
from redflag_xlsx.core.case import Decision, InputChange, InputSource
from redflag_xlsx.core.errors import UsageError
from redflag_xlsx.core.rules import Rules
from redflag_xlsx.core.scoring import tally
from redflag_xlsx.ledger import store as ledger_mod
from redflag_xlsx.ledger.records import RECORD_COLUMNS
from redflag_xlsx.ledger.schema import APPLICATION_ID, MIGRATIONS
from redflag_xlsx.ledger.store import Ledger, LedgerError
from redflag_xlsx.workflow import rescore, run_tally

from fill import cell_of
from readkit import COMBINED, DATA, KEY, filled
from scenarios import scenario

redflag_xlsx.cli._register()

RESULTS = "红旗评选结果_2026Q4.xlsx"
NOW = "2026-12-02T08:30:00+00:00"


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ledger_mod, "_now", lambda: NOW)


def cli_run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


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


# --- inputs kept, the case rebuilt, rescored --------------------------------------------------
def test_rescore_from_the_ledger_equals_the_tally(blanks, tmp_path: Path) -> None:
    form = filled(blanks, tmp_path / "in")
    out = tmp_path / "out"
    run = run_tally([tmp_path / "in"], out=out, key=KEY)
    assert run.written
    with Ledger(out / "redflag_history.db") as ledger:
        case = ledger.case("2026Q4")
    assert case.state == "proposed" and not case.approved
    assert [(r.number, r.kind, r.at) for r in case.revisions] == [(1, "tally", NOW)]
    assert case.rules == Rules.default() and case.roster == run.result.roster
    again = rescore(case)
    assert again.to_frame().equals(run.result.to_frame())
    assert again.issues == run.result.issues  # the reader's findings kept as data
    # every input value, with where it was read
    sub, original = case.submission, run.submission
    assert sub.peer == original.peer and sub.leadership == original.leadership
    for code, row in original.scoring.items():
        kept = sub.scoring[code]
        assert (kept.counts, kept.flags, kept.baseline, kept.current, kept.remark) == (
            row.counts,
            row.flags,
            row.baseline,
            row.current,
            row.remark,
        )
        assert (kept.file, kept.cells) == (COMBINED, row.cells)
    assert sub.scoring["JG01"].cells["current"] == cell_of(form, "scoring", "JG01", "current")
    assert sub.rating_sources["peer"]["JG02"]["JG05"] == InputSource(
        file=COMBINED, sheet="单位互评", cell=cell_of(form, "peer", "JG02", "JG05")
    )
    assert sub.rating_sources == original.rating_sources


def test_a_register_and_its_events_are_kept_and_rescored(tmp_path: Path) -> None:
    s = scenario("register")
    with Ledger(tmp_path / "l.db") as ledger:
        result = tally(s.submission, s.rules, ledger.history(before=s.submission.period))
        ledger.record(result)
        case = ledger.case(s.submission.period)
    assert case.submission.inspection_register == s.submission.inspection_register
    assert rescore(case).to_frame().equals(result.to_frame())


def test_a_case_of_a_period_not_held_is_an_error(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.db") as ledger:
        tally_and_record(ledger, make_sub("2026Q1"))
        with pytest.raises(LedgerError, match="没有 2026Q2"):
            ledger.case("2026Q2")


# --- re-tally: revisions, --reason -----------------------------------------------------------
def test_retally_with_changed_inputs_needs_a_reason(blanks, tmp_path: Path, key_file) -> None:
    filled(blanks, tmp_path / "in")
    out = tmp_path / "out"
    db = out / "redflag_history.db"
    assert cli_run("tally", tmp_path / "in", "--out", out, "--key", key_file).exit_code == 0
    form = filled(
        blanks,
        tmp_path / "appeal",
        scoring={"JG01": {"inspection_minor": 3}},
        peer={"JG02": {"JG05": 70}},
    )
    before, results = dump(db), (out / RESULTS).read_bytes()
    minor = cell_of(form, "scoring", "JG01", "inspection_minor")
    rating = cell_of(form, "peer", "JG02", "JG05")
    old_minor = DATA["scoring"]["JG01"]["inspection_minor"]
    old_rating = DATA["peer"]["JG02"]["JG05"]
    refused = cli_run("tally", tmp_path / "appeal", "--out", out, "--key", key_file, "--force")
    assert refused.exit_code == 2
    message = (
        "2026Q4 的输入与历史记录中的第 1 版不同（2 处），须用 --reason 说明原因"
        "（如申诉结果、更正后的表格）；未做任何改动。改动：\n"
        f"JG01 检查一般偏差：{old_minor} → 3（{COMBINED} 服务质量考核!{minor}）\n"
        f"JG05 互评（评分单位 JG02）：{old_rating} → 70（{COMBINED} 单位互评!{rating}）\n"
    )
    assert refused.output.endswith(message)
    assert (dump(db), (out / RESULTS).read_bytes()) == (before, results)  # nothing written
    assert sorted(p.name for p in out.iterdir()) == sorted([RESULTS, "redflag_history.db"])

    done = cli_run(
        "tally", tmp_path / "appeal", "--out", out, "--key", key_file, "--force", "--reason", "申诉"
    )
    assert done.exit_code == 0, done.output
    assert done.output.endswith(
        f"已写入：{out / RESULTS}\n"
        f"历史记录：已记录 2026Q4 第 2 版（{db}）\n"
        "与第 1 版相比有 2 处输入改动；原因：申诉\n"
    )
    shown = cli_run("history", "--history", db, "--period", "2026q4")
    assert shown.exit_code == 0
    assert shown.output == (
        f"2026Q4 的修订记录（{db}）：共 2 版，当前拟定（待局领导审定）\n"
        "第 1 版  2026-12-02 08:30 UTC  统计\n"
        "第 2 版  2026-12-02 08:30 UTC  统计\n"
        "  原因：申诉\n"
        "  输入改动 2 处：\n"
        f"    JG01 检查一般偏差：{old_minor} → 3（{COMBINED} 服务质量考核!{minor}）\n"
        f"    JG05 互评（评分单位 JG02）：{old_rating} → 70（{COMBINED} 单位互评!{rating}）\n"
    )
    english = cli_run("history", "--history", db, "--period", "2026Q4", "--lang", "en")
    assert english.output.splitlines()[-2:] == [
        f"    JG01 inspection: minor deviation: {old_minor} → 3 ({COMBINED} 服务质量考核!{minor})",
        f"    JG05 peer rating by JG02: {old_rating} → 70 ({COMBINED} 单位互评!{rating})",
    ]
    with Ledger(db) as ledger:
        (_, rev2) = ledger.revisions("2026Q4")["2026Q4"]
        assert rev2.changes == (
            InputChange(
                kind="scoring",
                subject="JG01",
                key="inspection_minor",
                old=float(old_minor),
                new=3.0,
                source=InputSource(file=COMBINED, sheet="服务质量考核", cell=minor),
            ),
            InputChange(
                kind="peer",
                subject="JG05",
                key="JG02",
                old=float(old_rating),
                new=70.0,
                source=InputSource(file=COMBINED, sheet="单位互评", cell=rating),
            ),
        )
        assert rescore(ledger.case("2026Q4")).unit("JG01").counts["inspection_minor"] == 3


def test_retally_of_the_same_inputs_adds_no_revision(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.db") as ledger:
        tally_and_record(ledger, make_sub("2026Q1"), reason="")
        _, info = tally_and_record(ledger, make_sub("2026Q1"), reason="")
        assert (info.unchanged, info.revision) == (True, 1)
        # a decision changed (a tie decided at tally): a revision without input changes
        tie = ("JG02", "JG03", "JG04", "XZ01")
        tally_and_record(ledger, make_sub("2026Q2", tie), reason="")
        _, info = tally_and_record(ledger, make_sub("2026Q2", tie), awards=["JG04"], reason="")
        assert (info.unchanged, info.revision, info.changes) == (False, 2, ())
        revs = ledger.revisions("2026Q2")["2026Q2"]
        assert [r.decisions for r in revs] == [(), (Decision(unit="JG04", action="award"),)]


def test_library_retally_without_reason_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    with Ledger(db) as ledger:
        tally_and_record(ledger, make_sub("2026Q1"))
        before = dump(db)
        changed = make_sub("2026Q1", rates={"JG04": (90.0, 95.0)})
        result = tally(changed, history=ledger.history(before="2026Q1"))
        with pytest.raises(UsageError) as err:
            ledger.record(result)
        assert err.value.text("en").startswith(
            "the inputs of 2026Q1 differ from revision 1 in the ledger (1 value(s))"
        )
        assert err.value.text("en").endswith(
            "Changes:\nJG04 Satisfaction this quarter (%): 90 → 95"
        )
    assert dump(db) == before


# --- approve ---------------------------------------------------------------------------------
def test_approve_decides_a_tie_from_the_ledger_alone(blanks, tmp_path: Path, key_file) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    from fill import fill_combined

    fill_combined(blanks.combined, out=folder / COMBINED, **tied_quarter())
    out = tmp_path / "out"
    db = out / "redflag_history.db"
    assert cli_run("tally", folder, "--out", out, "--key", key_file).exit_code == 0
    for path in folder.iterdir():  # the forms are gone
        path.unlink()
    before = dump(db)
    open_tie = cli_run("approve", "2026Q4", "--history", db)
    assert open_tie.exit_code == 2
    assert open_tie.output.endswith(
        "2026Q4：场所“行政事业中心”的 XZ01、XZ03 并列待定，审定时须用 --award 指定获得红旗的单位；"
        "未做任何改动\n"
    )
    assert dump(db) == before
    done = cli_run("approve", "2026Q4", "--history", db, "--award", "xz03")
    assert done.exit_code == 0, done.output
    assert done.output.endswith(
        f"已写入：{out / RESULTS}\n历史记录：已记录局领导对 2026Q4 的审定（第 2 版，{db}）\n"
    )
    wb = openpyxl.load_workbook(out / RESULTS, data_only=True)
    won = [r[0].value for r in wb["汇总"].iter_rows(min_row=4) if r[9].value == "流动红旗"]
    assert "XZ03" in won and "XZ01" not in won and len(won) == 3
    assert sorted(p.name for p in out.iterdir()) == sorted([RESULTS, "redflag_history.db"])
    with Ledger(db) as ledger:
        case = ledger.case("2026Q4")
        assert case.approved and case.latest.kind == "approve"
        assert case.decisions == (Decision(unit="XZ03", action="award"),)
        assert rescore(case).unit("XZ03").won
        assert ledger.periods()[0].awards == ["XZ03"]
    shown = cli_run("history", "--history", db, "--period", "2026Q4")
    assert shown.output == (
        f"2026Q4 的修订记录（{db}）：共 2 版，当前已审定（经局领导审定）\n"
        "第 1 版  2026-12-02 08:30 UTC  统计\n"
        "第 2 版  2026-12-02 08:30 UTC  审定\n"
        "  决定：XZ03 获得流动红旗\n"
    )


@pytest.fixture
def ledger_q1(tmp_path: Path) -> Path:
    """2026Q1 (JG02, JG03, XZ01 win; JG04 disqualified) and 2026Q2 (the same winners)."""
    db = tmp_path / "账" / "redflag_history.db"
    with Ledger(db) as ledger:
        sub = make_sub("2026Q1")
        sub.scoring["JG04"].counts["complaint_major"] = 1.0
        tally_and_record(ledger, sub)
        tally_and_record(ledger, make_sub("2026Q2"))
    return db


_DEPARTURE = "：授予排名之外的单位或撤销拟定的获奖单位，与排名不同，须用 --reason 说明原因"
REFUSALS = [
    (
        ["2026Q3"],
        "历史记录 {db} 中没有 2026Q3（已统计的季度：2026Q1、2026Q2）；请先统计该季度（tally）",
    ),
    (["2026Q1", "--withhold", "JG02"], "JG02" + _DEPARTURE),
    (["2026Q1", "--award", "JG05"], "JG05" + _DEPARTURE),
    (
        ["2026Q1", "--award", "JG04", "--withhold", "JG02", "--reason", "x"],
        "JG04 不能获得流动红旗（重大质量投诉）：不参评的单位不能审定为获奖单位",
    ),
    (
        ["2026Q1", "--award", "JG05", "--reason", "x"],
        "场所“机关大楼”只有 2 面红旗，审定后却有这些获奖单位：JG02、JG03、JG05；"
        "请同时用 --withhold 撤销其中的单位",
    ),
    (["2026Q1", "--award", "ZZ99", "--reason", "x"], "ZZ99：名单中没有该单位"),
    (
        ["2026Q1", "--withhold", "JG05", "--reason", "x"],
        "--withhold JG05：该单位不是拟定的获奖单位",
    ),
    (["2026Q9"], "期间“2026Q9”无效：应为“年份Q季度”，如 2026Q4（季度为 1–4）"),
]


@pytest.mark.parametrize(("args", "message"), REFUSALS)
def test_approve_refuses_with_one_message_and_changes_nothing(
    ledger_q1: Path, args: list[str], message: str
) -> None:
    before = dump(ledger_q1)
    result = cli_run("approve", *args, "--history", ledger_q1)
    assert result.exit_code == 2, result.output
    assert result.output.endswith(message.format(db=ledger_q1) + "\n")
    assert dump(ledger_q1) == before
    assert sorted(p.name for p in ledger_q1.parent.iterdir()) == ["redflag_history.db"]


def test_approve_departs_from_the_ranking_and_later_streaks_follow(ledger_q1: Path) -> None:
    with Ledger(ledger_q1) as ledger:
        assert {r.unit: r.streak for r in ledger.records("2026Q2") if r.won}["JG02"] == 2
    result = cli_run(
        "approve",
        "2026Q1",
        "--history",
        ledger_q1,
        "--withhold",
        "jg02",
        "--award",
        "Jg05",
        "--reason",
        "JG02 受到通报批评",
    )
    assert result.exit_code == 0, result.output
    folder = ledger_q1.parent
    assert result.output.endswith(
        "JG05 大楼安保服务项目：经局领导审定授予流动红旗（原因：JG02 受到通报批评）\n"
        "JG02 大楼物业服务项目：经局领导审定不授予流动红旗（原因：JG02 受到通报批评）\n"
        f"已写入：{folder / '红旗评选结果_2026Q1.xlsx'}\n"
        f"历史记录：已记录局领导对 2026Q1 的审定（第 2 版，{ledger_q1}）\n"
        "以后季度的连续获得次数和奖励已在历史记录中重新计算：2026Q2；"
        "这些季度的结果工作簿已过时，请重新统计\n"
    ), result.output
    with Ledger(ledger_q1) as ledger:
        q1 = {r.unit: r for r in ledger.records("2026Q1")}
        assert (q1["JG02"].outcome, q1["JG02"].decision) == ("", "withhold")
        assert (q1["JG05"].outcome, q1["JG05"].decision) == ("flag", "award")
        assert q1["JG05"].decision_reason == "JG02 受到通报批评"
        assert {r.unit: r.streak for r in ledger.records("2026Q2") if r.won}["JG02"] == 1
        case = ledger.case("2026Q1")
        assert case.decisions == (
            Decision(unit="JG05", action="award", reason="JG02 受到通报批评"),
            Decision(unit="JG02", action="withhold", reason="JG02 受到通报批评"),
        )
        assert rescore(case).unit("JG05").won
    # an approval again replaces the departures (it starts from the tally's proposal)
    again = cli_run("approve", "2026Q1", "--history", ledger_q1)
    assert again.exit_code == 0
    with Ledger(ledger_q1) as ledger:
        assert [r.unit for r in ledger.records("2026Q1") if r.won] == ["JG02", "JG03", "XZ01"]
        assert [r.number for r in ledger.revisions("2026Q1")["2026Q1"]] == [1, 2, 3]


def test_approve_replaces_only_its_own_results_file(ledger_q1: Path) -> None:
    foreign = ledger_q1.parent / "红旗评选结果_2026Q1.xlsx"
    foreign.write_bytes(b"not ours")
    before = dump(ledger_q1)
    result = cli_run("approve", "2026Q1", "--history", ledger_q1)
    assert result.exit_code == 2
    assert result.output.endswith(
        f"{foreign} 不是本程序写出的结果工作簿，未覆盖，也未审定；请用 --out 指定其他文件夹\n"
    )
    assert (dump(ledger_q1), foreign.read_bytes()) == (before, b"not ours")
    out = ledger_q1.parent / "审定"
    assert cli_run("approve", "2026Q1", "--history", ledger_q1, "--out", out).exit_code == 0
    assert (out / "红旗评选结果_2026Q1.xlsx").exists()
    # a second approval replaces the file this program wrote
    assert cli_run("approve", "2026Q1", "--history", ledger_q1, "--out", out).exit_code == 0


def test_a_tally_after_an_approval_is_a_proposal_again(ledger_q1: Path) -> None:
    assert cli_run("approve", "2026Q1", "--history", ledger_q1).exit_code == 0
    with Ledger(ledger_q1) as ledger:
        sub = make_sub("2026Q1", rates={"JG01": (90.0, 91.0)})
        sub.scoring["JG04"].counts["complaint_major"] = 1.0
        _, info = tally_and_record(ledger, sub, reason="更正满意率")
        assert info.describe().splitlines()[1:] == [
            "与第 2 版相比有 1 处输入改动；原因：更正满意率",
            "第 2 版是局领导审定的结果；本次统计的结果为拟定，须重新审定（approve 2026Q1）",
        ]
        assert ledger.state("2026Q1") == "proposed"


# --- a ledger from before inputs were kept ---------------------------------------------------
def _version_3_copy(db: Path, old: Path) -> None:
    """The data of ``db`` in a version 3 ledger (no revisions, no inputs)."""
    conn = sqlite3.connect(old)
    for statements in MIGRATIONS[:3]:
        for sql in statements:
            conn.execute(sql)
    conn.execute(f"ATTACH DATABASE '{db}' AS new")
    conn.execute("INSERT INTO period SELECT * FROM new.period")
    v3 = [c for c in RECORD_COLUMNS if c not in ("decision", "decision_reason")]
    conn.execute(
        f"INSERT INTO unit_result ({', '.join(v3)}) SELECT {', '.join(v3)} FROM new.unit_result"
    )
    conn.execute("INSERT INTO award_decision SELECT * FROM new.award_decision")
    conn.commit()
    conn.execute("DETACH DATABASE new")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()


def test_an_older_ledger_keeps_its_periods_but_cannot_be_approved(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    tie = ("JG02", "JG03", "JG04", "XZ01")
    with Ledger(db) as ledger:
        tally_and_record(ledger, make_sub("2026Q1", tie), awards=["JG03", "JG02"])
        expected = ledger.records()
    old = tmp_path / "旧" / "redflag_history.db"
    old.parent.mkdir()
    _version_3_copy(db, old)
    with Ledger(old) as ledger:
        assert ledger.records() == expected
        (rev,) = ledger.revisions("2026Q1")["2026Q1"]
        assert (rev.number, rev.kind, rev.at) == (1, "tally", NOW)
        assert rev.decisions == (
            Decision(unit="JG03", action="award"),
            Decision(unit="JG02", action="award"),
        )
        assert ledger.state("2026Q1") == "proposed"
        with pytest.raises(LedgerError) as err:
            ledger.case("2026Q1")
    message = (
        f"{old}：2026Q1 记录于 2026-12-02，"
        "当时历史记录还不保存各项输入（表格中的每个值及其单元格），"
        "因此无法仅凭历史记录审定或重新生成该季度的结果（approve、report）；"
        "请用原来的表格重新统计该季度（tally），之后即可审定"
    )
    assert err.value.text() == message
    before = dump(old)
    refused = cli_run("approve", "2026Q1", "--history", old, "--award", "JG04")
    assert (refused.exit_code, refused.output) == (1, message + "\n")
    assert dump(old) == before
    shown = cli_run("history", "--history", old, "--period", "2026Q1")
    assert shown.output == (
        f"2026Q1 的修订记录（{old}）：共 1 版，当前拟定（待局领导审定）\n"
        "第 1 版  2026-12-02 08:30 UTC  统计\n"
        "  决定：JG03 获得流动红旗、JG02 获得流动红旗\n"
        "  （该版记录时历史记录尚不保存各项输入）\n"
    )
    # tallied again from the forms: revision 2, no reason needed (nothing to compare with)
    with Ledger(old) as ledger:
        _, info = tally_and_record(ledger, make_sub("2026Q1", tie), reason="")
        assert info.describe().splitlines()[1:] == [
            "第 1 版记录时历史记录尚不保存各项输入，无法列出改动"
        ]
        assert ledger.case("2026Q1").revisions[-1].number == 2


# --- the export --------------------------------------------------------------------------------
def test_the_export_lists_every_revision_and_change(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    with Ledger(db) as ledger:
        tally_and_record(ledger, make_sub("2026Q1"), reason="")
        changed = make_sub("2026Q1")
        changed.peer["JG01"]["JG05"] = 81.0
        changed.scoring["JG02"].current = None
        tally_and_record(ledger, changed, reason="申诉")
    assert cli_run("approve", "2026Q1", "--history", db).exit_code == 0
    out = tmp_path / "x.xlsx"
    assert cli_run("history", "--history", db, "--export", out).exit_code == 0
    ws = openpyxl.load_workbook(out)["修订记录"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=3)]
    assert rows[0] == [
        "期间",
        "版本",
        "时间",
        "类型",
        "状态",
        "原因",
        "决定",
        "单位编号",
        "项目或评分人",
        "原值",
        "新值",
        "来源",
    ]
    body = [r[:2] + r[3:] for r in rows[1:]]
    proposed, none = "拟定（待局领导审定）", [None] * 6
    assert body == [
        ["2026Q1", 1, "统计", proposed, None, *none],
        [
            "2026Q1",
            2,
            "统计",
            proposed,
            "申诉",
            None,
            "JG02",
            "本期满意率(%)",
            "90",
            "（空）",
            None,
        ],
        [
            "2026Q1",
            2,
            "统计",
            proposed,
            "申诉",
            None,
            "JG05",
            "互评（评分单位 JG01）",
            "80",
            "81",
            None,
        ],
        ["2026Q1", 3, "审定", "已审定（经局领导审定）", None, *none],
    ]


# --- the engine's decisions --------------------------------------------------------------------
def test_decisions_in_the_engine() -> None:
    sub = make_sub("2026Q1", ("JG02", "JG03", "JG04", "XZ01"))
    plain = tally(sub)
    assert [u.code for u in plain.ties()] == ["JG02", "JG03", "JG04"]
    by_award = tally(sub, awards=["jg04", "JG02"])  # codes match case-insensitively
    by_decision = tally(
        sub,
        decisions=[Decision(unit="JG04", action="award"), Decision(unit="jg02", action="award")],
    )
    assert by_award.to_frame().equals(by_decision.to_frame())
    assert by_award.awards == by_decision.awards == ["JG04", "JG02"]
    assert by_decision.decisions == []  # ties decided: no departure from the ranking
    withheld = tally(
        make_sub("2026Q1"), decisions=[Decision(unit="XZ01", action="withhold", reason="通报")]
    )
    xz01 = withheld.unit("XZ01")
    assert (xz01.outcome, xz01.decision, xz01.decision_reason, xz01.streak) == (
        "",
        "withhold",
        "通报",
        None,
    )
    assert withheld.winners("行政事业中心") == []
    with pytest.raises(UsageError, match="须用 --reason"):
        tally(make_sub("2026Q1"), decisions=[Decision(unit="XZ01", action="withhold")])


def test_the_same_tally_again_leaves_an_approval_standing(ledger_q1: Path) -> None:
    assert cli_run("approve", "2026Q1", "--history", ledger_q1, "--reason", "局务会").exit_code == 0
    with Ledger(ledger_q1) as ledger:
        sub = make_sub("2026Q1")
        sub.scoring["JG04"].counts["complaint_major"] = 1.0
        _, info = tally_and_record(ledger, sub, reason="")
        assert (info.unchanged, info.revision) == (True, 2)
        assert ledger.state("2026Q1") == "approved"
        assert ledger.revisions("2026Q1")["2026Q1"][-1].reason == "局务会"


def test_removing_a_period_removes_its_revisions(ledger_q1: Path) -> None:
    assert cli_run("approve", "2026Q1", "--history", ledger_q1).exit_code == 0
    with Ledger(ledger_q1) as ledger:
        ledger.remove("2026Q1")
        assert ledger.revisions("2026Q1") == {} and ledger.state("2026Q1") is None
        tally_and_record(ledger, make_sub("2026Q1"))
        assert [r.number for r in ledger.revisions("2026Q1")["2026Q1"]] == [1]


def test_approve_in_english(ledger_q1: Path) -> None:
    refused = cli_run("approve", "2026Q1", "--history", ledger_q1, "--withhold", "JG02")
    english = cli_run(
        "approve", "2026Q1", "--history", ledger_q1, "--withhold", "JG02", "--lang", "en"
    )
    assert refused.exit_code == english.exit_code == 2
    assert english.output.endswith(
        "JG02: awarding a unit outside the proposal or withholding a proposed winner departs "
        "from the ranking; give the reason with --reason\n"
    )
    done = cli_run(
        "approve", "2026Q1", "--history", ledger_q1, "--lang", "en", "--withhold", "XZ01",
        "--award", "XZ02", "--reason", "audit",
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    assert done.output.endswith(
        "XZ02 中心保洁服务项目: awarded the flag by the leaders' approval (reason: audit)\n"
        "XZ01 中心物业服务项目: flag withheld by the leaders' approval (reason: audit)\n"
        f"Written: {ledger_q1.parent / '红旗评选结果_2026Q1.xlsx'}\n"
        f"History: the leaders' approval of 2026Q1 recorded (revision 2, {ledger_q1})\n"
        "the streaks and rewards of later quarters were recomputed in the ledger: 2026Q2; "
        "their results workbooks are out of date, tally them again\n"
    )
    shown = cli_run("history", "--history", ledger_q1, "--period", "2026Q1", "--lang", "en")
    assert shown.output.splitlines()[-3:] == [
        "Revision 2  2026-12-02 08:30 UTC  approval",
        "  reason: audit",
        "  decisions: XZ02 gets the flag (audit), XZ01: flag withheld (audit)",
    ]


def test_an_approval_whose_workbook_cannot_be_placed_is_not_recorded(
    ledger_q1: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from redflag_xlsx.xlsx import files

    assert cli_run("approve", "2026Q1", "--history", ledger_q1).exit_code == 0
    results = ledger_q1.parent / "红旗评选结果_2026Q1.xlsx"
    before, workbook = dump(ledger_q1), results.read_bytes()

    def full_disk(self) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.Placement, "place", full_disk)
    args = ["--award", "JG05", "--reason", "x", "--withhold", "JG03"]
    result = cli_run("approve", "2026Q1", "--history", ledger_q1, *args)
    assert result.exit_code == 1, result.output
    assert "No space left on device" in result.output
    assert (dump(ledger_q1), results.read_bytes()) == (before, workbook)
    assert sorted(p.name for p in ledger_q1.parent.iterdir()) == sorted(
        ["redflag_history.db", results.name]
    )


def test_approve_without_a_ledger_is_a_usage_error(tmp_path: Path) -> None:
    missing = tmp_path / "redflag_history.db"
    result = cli_run("approve", "2026Q4", "--history", missing)
    assert result.exit_code == 2
    assert result.output.endswith(
        f"找不到历史记录文件 {missing}；"
        "它在第一次统计（tally）后生成，也可以用 --history 指定文件\n"
    )
    assert not missing.exists()
