"""The history ledger (SPEC 7, 2.4, 2.1): streaks, baselines, re-tallies, crash safety, bad files.

Results come from the pure engine on hand-built submissions; ``tally_and_record`` is what the
tally command does: read the history before the period, tally, record.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from redflag_xlsx.core.findings import Issue
from redflag_xlsx.core.models import ScoringRow, Submission
from redflag_xlsx.core.roster import Roster
from redflag_xlsx.core.rules import Rules
from redflag_xlsx.core.scoring import Result, tally
from redflag_xlsx.ledger import store as ledger_mod
from redflag_xlsx.ledger.store import (
    APPLICATION_ID,
    LEDGER_FILENAME,
    MIGRATIONS,
    SCHEMA_VERSION,
    Ledger,
    LedgerError,
    default_ledger_path,
)

# --- building quarters --------------------------------------------------------------------------


def make_sub(
    period: str,
    winners: tuple[str, ...] = ("JG02", "JG03", "XZ01"),
    *,
    roster: Roster | None = None,
    rates: dict[str, tuple[float | None, float | None]] | None = None,
) -> Submission:
    """Every unit rates every other unit and every leader every unit: ``winners`` get 95, the
    rest 80, so the winners are clear.  ``rates[u] = (baseline, current)``; default (90, 90)."""
    roster = roster or Roster.sample()
    codes = [u.code for u in roster.units]

    def score(u: str) -> float:
        return 95.0 if u in winners else 80.0

    peer = {r: {u: score(u) for u in codes if u != r} for r in codes}
    leadership = {ld.code: {u: score(u) for u in codes} for ld in roster.leaders}
    rows = {}
    for code in codes:
        baseline, current = (rates or {}).get(code, (90.0, 90.0))
        rows[code] = ScoringRow(unit=code, baseline=baseline, current=current)
    return Submission(
        period=period,
        roster=roster,
        scoring=rows,
        peer=peer,
        leadership=leadership,
        fingerprints={f"红旗评选_{period}.xlsx": "ab" * 32},
    )


def tally_and_record(
    ledger: Ledger, sub: Submission, awards=(), reason: str = "更正"
) -> tuple[Result, object]:
    """Tally and record ``sub``; a re-tally with changed inputs gives ``reason`` (the reason
    being required is tested in tests/test_ledger_case.py)."""
    result = tally(sub, Rules.default(), history=ledger.history(before=sub.period), awards=awards)
    return result, ledger.record(result, reason=reason)


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def rename(roster: Roster, code: str, name: str) -> Roster:
    units = tuple(
        u.model_copy(update={"name": name}) if u.code == code else u for u in roster.units
    )
    return Roster(units=units, leaders=roster.leaders)


def without(roster: Roster, code: str) -> Roster:
    return Roster(units=tuple(u for u in roster.units if u.code != code), leaders=roster.leaders)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "历史" / LEDGER_FILENAME


@pytest.fixture
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ledger_mod, "_now", lambda: "2026-01-05T08:00:00+00:00")


# --- streaks and rewards (SPEC 2.4) -------------------------------------------------------------
def test_three_consecutive_wins_give_the_three_tiers(db: Path) -> None:
    expected = [
        # period, streak, points, bonus, priority
        ("2026Q1", 1, 3, 600, False),
        ("2026Q2", 2, 6, 1200, False),
        ("2026Q3", 3, 10, 2000, True),
        ("2026Q4", 4, 10, 2000, True),
    ]
    with Ledger(db) as ledger:
        for period, streak, points, bonus, priority in expected:
            result, info = tally_and_record(ledger, make_sub(period))
            u = result.unit("JG02")
            assert (u.streak, u.reward_points, u.bonus_yuan, u.priority) == (
                streak,
                points,
                bonus,
                priority,
            )
            assert (info.replaced, info.recomputed, info.stale) == (False, [], [])
        stored = [
            (r.period, r.streak, r.reward_points, r.bonus_yuan, r.priority)
            for r in ledger.records()
            if r.unit == "JG02"
        ]
        assert stored == [tuple(row) for row in expected]
        loser = next(r for r in ledger.records("2026Q3") if r.unit == "JG04")
        assert (loser.outcome, loser.streak, loser.reward_points, loser.priority) == (
            "",
            None,
            None,
            None,
        )
        assert ledger.history(before="2026Q3").winners == {
            "2026Q1": ["JG02", "JG03", "XZ01"],
            "2026Q2": ["JG02", "JG03", "XZ01"],
        }


def test_a_lost_quarter_or_a_missing_quarter_breaks_the_streak(db: Path) -> None:
    with Ledger(db) as ledger:
        tally_and_record(ledger, make_sub("2025Q3"))
        tally_and_record(ledger, make_sub("2025Q4"))
        result, _ = tally_and_record(ledger, make_sub("2026Q1", ("JG04", "JG05", "XZ02")))
        assert result.unit("JG02").streak is None
        result, _ = tally_and_record(ledger, make_sub("2026Q2"))
        assert (result.unit("JG02").streak, result.unit("JG02").reward_points) == (1, 3)
        # 2026Q3 is never tallied: a gap in the ledger breaks the streak too
        result, _ = tally_and_record(ledger, make_sub("2026Q4"))
        assert (result.unit("JG02").streak, result.unit("JG02").bonus_yuan) == (1, 600)
        assert [p.period for p in ledger.periods()] == [
            "2025Q3",
            "2025Q4",
            "2026Q1",
            "2026Q2",
            "2026Q4",
        ]


def test_renamed_unit_keeps_its_streak(db: Path) -> None:
    roster = Roster.sample()
    renamed = rename(roster, "JG02", "大楼综合物业服务项目（新合同）")
    with Ledger(db) as ledger:
        tally_and_record(ledger, make_sub("2026Q1", roster=roster))
        tally_and_record(ledger, make_sub("2026Q2", roster=renamed))
        result, _ = tally_and_record(ledger, make_sub("2026Q3", roster=renamed))
        assert (result.unit("JG02").streak, result.unit("JG02").priority) == (3, True)
        summary = {s.code: s for s in ledger.units_summary()}
        assert summary["JG02"].name == "大楼综合物业服务项目（新合同）"
        assert (summary["JG02"].wins, summary["JG02"].current_streak) == (3, 3)
        assert [r.name for r in summary["JG02"].records.values()] == [
            "大楼物业服务项目",
            "大楼综合物业服务项目（新合同）",
            "大楼综合物业服务项目（新合同）",
        ]
        fingerprints = [p.roster_fingerprint for p in ledger.periods()]
        assert fingerprints == [roster.fingerprint, renamed.fingerprint, renamed.fingerprint]


def test_removed_unit_keeps_its_history(db: Path) -> None:
    roster = Roster.sample()
    with Ledger(db) as ledger:
        tally_and_record(
            ledger, make_sub("2026Q1", ("JG08", "JG03", "XZ01"), rates={"JG08": (90, 97.5)})
        )
        tally_and_record(ledger, make_sub("2026Q2", roster=without(roster, "JG08")))
        summary = ledger.units_summary()
        assert [s.code for s in summary][-1] == "JG08"  # listed after the current roster
        jg08 = summary[-1]
        assert (jg08.in_latest, jg08.quarters, jg08.wins, jg08.current_streak) == (
            False,
            1,
            1,
            0,
        )
        assert jg08.won_periods == ["2026Q1"]
        assert [s.code for s in summary][:11] == [u.code for u in without(roster, "JG08").units]
        history = ledger.history(before="2026Q3")
        assert history.satisfaction["2026Q1"]["JG08"] == 97.5
        assert "JG08" not in history.satisfaction["2026Q2"]
        # the unit comes back: its streak was broken by the quarter it was away
        result, _ = tally_and_record(ledger, make_sub("2026Q3", ("JG08", "JG03", "XZ01")))
        assert result.unit("JG08").streak == 1


# --- satisfaction baseline carry-over (SPEC 2.1) ----------------------------------------------
def test_blank_baseline_takes_last_quarters_recorded_rate(db: Path) -> None:
    with Ledger(db) as ledger:
        tally_and_record(ledger, make_sub("2026Q1", rates={"JG04": (90, 93.5), "JG05": (90, None)}))
        result, _ = tally_and_record(
            ledger,
            make_sub(
                "2026Q2",
                rates={"JG04": (None, 95.7), "JG05": (None, 91.0), "JG06": (88.0, 89.0)},
            ),
        )
        jg04, jg05, jg06 = (result.unit(c) for c in ("JG04", "JG05", "JG06"))
        assert (jg04.baseline, jg04.baseline_source, jg04.satisfaction_adj) == (93.5, "history", 20)
        assert jg04.quality == 120
        # last quarter's rate was blank: nothing to carry over
        assert (jg05.baseline, jg05.baseline_source, jg05.satisfaction_adj) == (None, "none", 0)
        assert [(i.code, i.unit) for i in result.issues] == [("W_BASELINE_MISSING", "JG05")]
        assert (jg06.baseline, jg06.baseline_source) == (88.0, "input")
        stored = {r.unit: r for r in ledger.records("2026Q2")}
        assert (stored["JG04"].baseline, stored["JG04"].baseline_source) == (93.5, "history")
        assert (stored["JG04"].current, stored["JG04"].satisfaction_adj) == (95.7, 20)
        assert ledger.history(before="2026Q2").satisfaction["2026Q1"]["JG04"] == 93.5
        assert "JG05" not in ledger.history(before="2026Q2").satisfaction["2026Q1"]


# --- re-tallies and out-of-order tallies --------------------------------------------------------
def test_re_tally_of_the_same_inputs_is_idempotent(db: Path, fixed_clock: None) -> None:
    with Ledger(db) as ledger:
        tally_and_record(ledger, make_sub("2026Q1"))
        tally_and_record(ledger, make_sub("2026Q2"))
        before = dump(db)
        result, info = tally_and_record(ledger, make_sub("2026Q2"))
        assert (info.replaced, info.recomputed, info.stale) == (True, [], [])
        # the same inputs, sources and results: no new revision (docs/history.md)
        assert (info.unchanged, info.revision) == (True, 1)
        assert info.describe() == f"历史记录：2026Q2 的输入和结果与第 1 版相同，未新增修订（{db}）"
        assert info.describe("en") == (
            f"History: the inputs and results of 2026Q2 are those of revision 1; "
            f"no new revision ({db})"
        )
        assert result.unit("JG02").streak == 2
    assert dump(db) == before


def test_re_tally_with_a_decision_replaces_the_period(db: Path) -> None:
    tie = ("JG02", "JG03", "JG04", "XZ01")  # three-way tie for two flags at 机关大楼
    with Ledger(db) as ledger:
        result, _ = tally_and_record(ledger, make_sub("2026Q1", tie))
        assert [u.code for u in result.ties()] == ["JG02", "JG03", "JG04"]
        assert ledger.periods()[0].winners == ["XZ01"]
        result, info = tally_and_record(ledger, make_sub("2026Q1", tie), awards=["JG04", "JG02"])
        assert info.replaced is True
        period = ledger.periods()[0]
        assert (period.awards, period.winners) == (["JG04", "JG02"], ["JG02", "JG04", "XZ01"])
        stored = {r.unit: r for r in ledger.records("2026Q1")}
        assert (stored["JG04"].outcome, stored["JG04"].decided_by_award) == ("flag", True)
        assert (stored["JG03"].outcome, stored["JG03"].streak) == ("", None)
        assert len(ledger.records()) == 12  # replaced, not added


def test_earlier_period_tallied_later_recomputes_the_later_streaks(db: Path) -> None:
    with Ledger(db) as ledger:
        tally_and_record(ledger, make_sub("2026Q2"))
        tally_and_record(ledger, make_sub("2026Q3"))
        _, info = tally_and_record(ledger, make_sub("2026Q1", ("JG02", "JG04", "XZ02")))
        assert (info.replaced, info.recomputed, info.stale) == (False, ["2026Q2", "2026Q3"], [])
        assert info.describe().splitlines()[1] == (
            "以后季度的连续获得次数和奖励已在历史记录中重新计算：2026Q2、2026Q3；"
            "这些季度的结果工作簿已过时，请重新统计"
        )
        streaks = {
            (r.period, r.unit): (r.streak, r.reward_points, r.bonus_yuan, r.priority)
            for r in ledger.records()
            if r.won
        }
        assert streaks[("2026Q2", "JG02")] == (2, 6, 1200, False)
        assert streaks[("2026Q3", "JG02")] == (3, 10, 2000, True)
        assert streaks[("2026Q3", "JG03")] == (2, 6, 1200, False)  # did not win 2026Q1
        assert streaks[("2026Q2", "XZ01")] == (1, 3, 600, False)
        # a new tally of 2026Q4 agrees with the recomputed ledger
        result, _ = tally_and_record(ledger, make_sub("2026Q4"))
        assert result.unit("JG02").streak == 4
        # removing the early quarter again puts the streaks back
        info = ledger.remove("2026Q1")
        assert (info.removed, info.recomputed) == (True, ["2026Q2", "2026Q3", "2026Q4"])
        assert [(r.period, r.streak) for r in ledger.records() if r.unit == "JG02"] == [
            ("2026Q2", 1),
            ("2026Q3", 2),
            ("2026Q4", 3),
        ]
        with pytest.raises(LedgerError, match="历史记录中没有 2026Q1"):
            ledger.remove("2026Q1")


def test_changed_rate_of_an_earlier_period_marks_the_next_one_stale(db: Path) -> None:
    with Ledger(db) as ledger:
        tally_and_record(ledger, make_sub("2026Q1", rates={"JG04": (90, 93.5)}))
        tally_and_record(ledger, make_sub("2026Q2", rates={"JG04": (None, 95.7)}))
        # same rate again: the baseline 2026Q2 used is still right
        _, info = tally_and_record(ledger, make_sub("2026Q1", rates={"JG04": (90, 93.5)}))
        assert info.stale == []
        _, info = tally_and_record(ledger, make_sub("2026Q1", rates={"JG04": (90, 94.0)}))
        assert info.stale == ["2026Q2"]
        assert info.describe("en").splitlines()[-1] == (
            "the baseline satisfaction of 2026Q2 came from 2026Q1's rate, which has changed; "
            "tally 2026Q2 again"
        )
        assert ledger.remove("2026Q1").stale == ["2026Q2"]


def test_earlier_period_recorded_after_a_blank_baseline_marks_it_stale(db: Path) -> None:
    with Ledger(db) as ledger:
        tally_and_record(ledger, make_sub("2026Q2", rates={"JG04": (None, 95.7)}))
        _, info = tally_and_record(ledger, make_sub("2026Q1", rates={"JG04": (90, 93.5)}))
        assert info.stale == ["2026Q2"]


def test_result_tallied_without_the_ledger_is_refused(db: Path) -> None:
    with Ledger(db) as ledger:
        tally_and_record(ledger, make_sub("2026Q1"))
        before = dump(db)
        result = tally(make_sub("2026Q2"), history=None)  # as with --no-history
        with pytest.raises(LedgerError) as exc:
            ledger.record(result)
        assert str(exc.value) == (
            f"JG02 在 2026Q2 的连续获得次数为 1，而历史记录 {db} 中应为 2；请用该历史记录重新统计"
        )
    assert dump(db) == before


def test_draft_with_errors_is_never_recorded(db: Path) -> None:
    sub = make_sub("2026Q1")
    result = tally(sub).model_copy(
        update={"issues": [Issue.make("E_NO_RATINGS", unit="JG01", name="x", what="y")]}
    )
    with Ledger(db) as ledger:
        with pytest.raises(LedgerError) as exc:
            ledger.record(result)
        assert str(exc.value) == f"2026Q1 的结果含有错误（草稿），不写入历史记录 {db}"
        assert ledger.periods() == []


def test_record_stores_inputs_and_fingerprints(db: Path) -> None:
    sub = make_sub("2026Q1")
    with Ledger(db) as ledger:
        result = tally(sub, history=ledger.history(before="2026Q1"))
        ledger.record(result, inputs_digest="d" * 64, fingerprints={"b.xlsx": "2", "a.xlsx": "1"})
        (period,) = ledger.periods()
        assert (period.inputs_digest, period.files) == ("d" * 64, {"a.xlsx": "1", "b.xlsx": "2"})
        assert period.generator.startswith("redflag_xlsx ")
        assert period.roster_fingerprint == Roster.sample().fingerprint
        ledger.record(result)  # defaults: the submission's fingerprints, a computed digest
        (period,) = ledger.periods()
        assert period.files == {"红旗评选_2026Q1.xlsx": "ab" * 32}
        assert len(period.inputs_digest) == 64
        digests = {r.unit: r.inputs_digest for r in ledger.records()}
        assert len(set(digests.values())) == 12  # each unit's inputs differ (who rated whom)
        changed = make_sub("2026Q1")
        changed.peer["JG01"]["JG05"] = 81.0
        ledger.record(tally(changed, history=ledger.history(before="2026Q1")), reason="appeal")
        after = {r.unit: r.inputs_digest for r in ledger.records()}
        assert [c for c in digests if digests[c] != after[c]] == ["JG05"]


def test_reasons_are_stored_and_shown_by_header_text(db: Path) -> None:
    sub = make_sub("2026Q1", ("JG02", "JG03", "JG04", "XZ01"))
    sub.scoring["JG02"].counts["complaint_major"] = 1
    sub.scoring["JG02"].flags["rectification_notice"] = True
    with Ledger(db) as ledger:
        tally_and_record(ledger, sub)
        (period,) = ledger.periods()
        jg02 = ledger.records("2026Q1")[1]
        assert (jg02.unit, jg02.eligible, jg02.outcome) == ("JG02", False, "")
        assert period.reasons(jg02) == ["重大质量投诉", "整改通知书"]
        assert period.reasons(jg02, "en") == [
            "verified major quality complaint",
            "rectification notice issued",
        ]
        assert period.winners == ["JG03", "JG04", "XZ01"]
        assert period.reasons(ledger.records("2026Q1")[0]) == []


# --- crash safety ---------------------------------------------------------------------------------
def test_failure_midway_leaves_the_ledger_as_it_was(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Ledger(db) as ledger:
        tally_and_record(ledger, make_sub("2026Q1"))
        tally_and_record(ledger, make_sub("2026Q3"))
    before_dump, before_bytes = dump(db), db.read_bytes()

    real_insert = ledger_mod._insert_unit
    calls = []

    def failing_insert(*args, **kwargs):
        calls.append(args[2])
        if len(calls) == 5:
            raise OSError("disk full (simulated)")
        return real_insert(*args, **kwargs)

    monkeypatch.setattr(ledger_mod, "_insert_unit", failing_insert)
    with Ledger(db) as ledger:
        for period in ("2026Q1", "2026Q2"):  # a replacement and a new period
            calls.clear()
            # a corrected rate: a real new revision (the same inputs would add none)
            sub = make_sub(period, rates={"JG04": (90.0, 91.0)})
            result = tally(sub, history=ledger.history(before=period))
            with pytest.raises(OSError, match="simulated"):
                ledger.record(result, reason="appeal")
            assert calls == [0, 1, 2, 3, 4]  # it did fail midway
        assert [p.period for p in ledger.periods()] == ["2026Q1", "2026Q3"]
    assert dump(db) == before_dump
    assert db.read_bytes() == before_bytes


def test_process_killed_midway_leaves_the_ledger_as_it_was(db: Path, tmp_path: Path) -> None:
    with Ledger(db) as ledger:
        tally_and_record(ledger, make_sub("2026Q1"))
    before_dump, before_bytes = dump(db), db.read_bytes()
    script = textwrap.dedent(
        f"""
        import os, sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from redflag_xlsx.ledger import store as m
        from test_ledger import make_sub
        from redflag_xlsx.core.scoring import tally
        real = m._insert_unit
        def dying(*args, **kwargs):
            if args[2] == 6:
                os._exit(9)  # killed: no rollback, no close
            return real(*args, **kwargs)
        m._insert_unit = dying
        ledger = m.Ledger({str(db)!r})
        sub = make_sub("2026Q1", rates={{"JG04": (90.0, 91.0)}})  # changed: a new revision
        ledger.record(tally(sub, history=ledger.history(before="2026Q1")), reason="appeal")
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.returncode == 9, proc.stderr
    assert db.with_name(db.name + "-journal").exists()  # the hot journal of the dead write
    with Ledger(db) as ledger:  # SQLite rolls the hot journal back on open
        assert [p.period for p in ledger.periods()] == ["2026Q1"]
    assert dump(db) == before_dump
    assert db.read_bytes() == before_bytes


# --- bad files ----------------------------------------------------------------------------------
def _foreign_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO customers (name) VALUES ('张三')")
    conn.commit()
    conn.close()


def _newer_ledger(path: Path) -> None:
    Ledger(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()


def _damaged_ledger(path: Path) -> None:
    with Ledger(path) as ledger:
        tally_and_record(ledger, make_sub("2026Q1"))
    data = bytearray(path.read_bytes())
    page = 4096
    data[page : len(data)] = bytes(range(256)) * ((len(data) - page) // 256) + b"\x00" * (
        (len(data) - page) % 256
    )
    path.write_bytes(bytes(data))


BAD_FILES = [
    # id, how to make the file, expected message (zh), with {file}
    (
        "text",
        lambda p: p.write_text("单位编号,名称\nJG01,物业\n", encoding="utf-8"),
        "{file}：不是流动红旗历史记录文件（不是 SQLite 数据库），未做任何改动；"
        "请用 --history 指定正确的文件，或指定一个新的文件名",
    ),
    (
        "xlsx",
        lambda p: p.write_bytes(b"PK\x03\x04" + b"\x00" * 200),
        "{file}：不是流动红旗历史记录文件（不是 SQLite 数据库），未做任何改动；"
        "请用 --history 指定正确的文件，或指定一个新的文件名",
    ),
    (
        "foreign-sqlite",
        _foreign_sqlite,
        "{file}：这是其他程序的数据库，不是流动红旗历史记录，未做任何改动；"
        "请用 --history 指定正确的文件，或指定一个新的文件名",
    ),
    (
        "newer",
        _newer_ledger,
        f"{{file}}：历史记录由更新版本的 redflag_xlsx 写入（格式版本 {SCHEMA_VERSION + 1}，"
        f"本程序只支持到 {SCHEMA_VERSION}），未做任何改动；请升级 redflag_xlsx",
    ),
    ("damaged", _damaged_ledger, None),
]


@pytest.mark.parametrize(
    ("make", "message"), [c[1:] for c in BAD_FILES], ids=[c[0] for c in BAD_FILES]
)
def test_bad_file_gets_a_clear_error_and_is_never_touched(tmp_path: Path, make, message) -> None:
    path = tmp_path / "历史记录.db"
    make(path)
    before = path.read_bytes()
    with pytest.raises(LedgerError) as exc:
        Ledger(path)
    text = str(exc.value)
    if message is None:
        assert text.startswith(f"{path}：历史记录文件已损坏（")
        assert text.endswith("），未做任何改动；请从备份恢复该文件")
    else:
        assert text == message.format(file=path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["历史记录.db"]  # no journal left


def test_folder_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(LedgerError) as exc:
        Ledger(tmp_path)
    assert str(exc.value) == f"{tmp_path}：这是一个文件夹，不是历史记录文件"
    missing = tmp_path / "none.db"
    with pytest.raises(LedgerError) as exc:
        Ledger(missing, create=False)
    assert exc.value.text("en") == (
        f"no ledger at {missing}; it is created by the first tally, or give one with --history"
    )
    assert not missing.exists()


def test_locked_ledger_says_so(db: Path) -> None:
    Ledger(db).close()
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another tally is writing
    try:
        with Ledger(db, timeout=0.05) as ledger:
            result = tally(make_sub("2026Q1"), history=ledger.history(before="2026Q1"))
            with pytest.raises(LedgerError) as exc:
                ledger.record(result)
        assert str(exc.value) == (
            f"{db}：历史记录文件正被其他程序使用（可能正在进行另一次统计），请稍后再试"
        )
    finally:
        other.execute("ROLLBACK")
        other.close()


# --- the file itself ----------------------------------------------------------------------------
def test_new_ledger_is_marked_and_versioned(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")  # an empty file has nothing to lose: it becomes a ledger
    for path in (tmp_path / "新建" / "子目录" / "红旗.db", empty):
        Ledger(path).close()
        conn = sqlite3.connect(path)
        try:
            pragmas = [
                conn.execute(f"PRAGMA {p}").fetchone()[0]
                for p in ("application_id", "user_version")
            ]
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
        finally:
            conn.close()
        assert pragmas == [APPLICATION_ID, SCHEMA_VERSION]
        assert {"period", "unit_result", "award_decision", "input_file"} <= tables
        assert "pending_output" in tables  # version 2: SPEC 8's both-or-neither
        assert {"imported_period", "imported_win", "priority_used"} <= tables  # version 3
        assert {"revision", "revision_change", "period_input", "period_case"} <= tables  # v4
    assert SCHEMA_VERSION == len(MIGRATIONS) == 4
    # reopening an up-to-date ledger changes nothing
    before = empty.read_bytes()
    Ledger(empty).close()
    assert empty.read_bytes() == before


def test_default_path_is_beside_the_results(tmp_path: Path) -> None:
    assert default_ledger_path(tmp_path / "结果" / "红旗评选结果_2026Q4.xlsx") == (
        tmp_path / "结果" / "redflag_history.db"
    )
    assert default_ledger_path(tmp_path) == tmp_path / "redflag_history.db"
    assert default_ledger_path("红旗评选结果_2026Q4.xlsx") == Path("redflag_history.db")


def test_ledger_imports_no_spreadsheet_or_cli_library() -> None:
    code = "import sys, redflag_xlsx.ledger.store; print(' '.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert not {"openpyxl", "xlsxwriter", "pandas", "click", "rich"} & set(out.stdout.split())


def test_older_ledger_is_upgraded_in_one_transaction(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Ledger(db) as ledger:
        tally_and_record(ledger, make_sub("2026Q1"))
    v1_dump, v1_bytes = dump(db), db.read_bytes()
    new = SCHEMA_VERSION + 1
    # a failing next version (its second statement is wrong) changes nothing
    broken = (*MIGRATIONS, ("ALTER TABLE period ADD COLUMN note TEXT", "ALTER TABLE nope ADD x"))
    monkeypatch.setattr(ledger_mod, "MIGRATIONS", broken)
    monkeypatch.setattr(ledger_mod, "SCHEMA_VERSION", new)
    with pytest.raises(LedgerError, match="no such table: nope"):
        Ledger(db)
    assert (dump(db), db.read_bytes()) == (v1_dump, v1_bytes)
    # a good next version is applied once, keeping the data
    monkeypatch.setattr(ledger_mod, "MIGRATIONS", (*MIGRATIONS, broken[-1][:1]))
    with Ledger(db) as ledger:
        assert [r.streak for r in ledger.records() if r.unit == "JG02"] == [1]
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == new
        assert "note" in [row[1] for row in conn.execute("PRAGMA table_info(period)")]
    finally:
        conn.close()


def test_stored_columns_are_the_schemas(tmp_path: Path) -> None:
    """unit_result's columns are derived from UnitResult's fields: a field the engine gains
    must come with a schema migration, or this fails."""
    import sqlite3

    from redflag_xlsx.ledger.records import RECORD_COLUMNS

    Ledger(tmp_path / "l.db").close()
    with sqlite3.connect(tmp_path / "l.db") as conn:
        columns = [row[1] for row in conn.execute("PRAGMA table_info(unit_result)")]
    assert sorted(RECORD_COLUMNS) == sorted(columns)


def _open_ledger(path: str, barrier, results) -> None:
    barrier.wait()
    try:
        Ledger(path).close()
    except Exception as exc:  # reported to the test, which shows it
        results.put(f"{type(exc).__name__}: {exc}")
    else:
        results.put("ok")


def test_runs_creating_one_new_ledger_at_once_all_succeed(tmp_path: Path) -> None:
    """Several runs creating the same new ledger at the same moment: each waits for the one
    that creates the tables and then finds them (no 'table period already exists')."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    outcomes: list[str] = []
    for attempt in range(4):
        path = str(tmp_path / f"new{attempt}.db")
        barrier, results = ctx.Barrier(8), ctx.Queue()
        procs = [ctx.Process(target=_open_ledger, args=(path, barrier, results)) for _ in range(8)]
        for proc in procs:
            proc.start()
        outcomes += [results.get(timeout=60) for _ in procs]
        for proc in procs:
            proc.join(timeout=60)
    assert outcomes == ["ok"] * 32
