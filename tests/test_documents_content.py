"""The documents' content from real tallied quarters (tests/scenarios.py and the demo): the
announcement as a proposal, approved and as a draft, the leaders' decisions with their reasons,
each unit's statement, the payout list."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from redflag_xlsx.core.rules_announcement import AnnouncementSettings, EvaluationGroup
from redflag_xlsx.core.scoring import Result
from redflag_xlsx.documents import (
    Decision,
    RegisterEvent,
    announcement_content,
    payout_content,
    statement_content,
)
from redflag_xlsx.documents.words import to_fen, yuan_capitals

from scenarios import SCENARIOS, scenario

DAY = dt.date(2027, 1, 5)
CLEAN = [name for name in SCENARIOS if name != "no_ratings"]  # no_ratings has errors: a draft


def _ranked_winners(result: Result, site: str) -> list[str]:
    won = [u for u in result.units if u.site == site and u.won]
    return [u.code for u in sorted(won, key=lambda u: -(u.total or 0))]


def _all_text(content) -> str:
    return json.dumps(content.model_dump(mode="json"), ensure_ascii=False)


# --- the announcement ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", CLEAN)
def test_the_proposal_names_the_winners_per_site_marked_拟(name):
    result = scenario(name).tally()
    a = announcement_content(result, approved=False, date=DAY)
    assert a.state == "proposal"
    assert a.full_title == "关于2026年第四季度“服务质量流动红旗”评选结果的公示（待局领导审定）"
    sites = [s.site for s in a.sites]
    assert sites == [s for s in result.roster.sites if result.rules.flags_for(s) > 0]
    for site in a.sites:
        assert [r.code for r in site.rows if r.won] == _ranked_winners(result, site.site)
        assert [r.code for r in site.rows if not r.won] == [u.code for u in result.ties(site.site)]
        for row in site.rows:
            unit = result.unit(row.code)
            assert row.total == unit.total and row.total_text == f"{unit.total:.2f}"
            assert row.result == ("拟获流动红旗" if row.won else "并列待定")
            assert row.contractor == (result.roster.unit(row.code).contractor or "")
        assert site.heading == f"{site.site}（流动红旗{result.rules.flags_for(site.site)}面）"
        assert bool(site.empty) == (not site.rows)
    assert "拟推荐" in a.paragraphs[0] and "呈局领导审定" in a.paragraphs[0]
    assert "--" not in _all_text(a)  # never command-line words
    numbers = [r.no for s in a.sites for r in s.rows]
    assert numbers == list(range(1, len(numbers) + 1))  # numbered through the sites


@pytest.mark.parametrize("name", [n for n in CLEAN if n != "ties"])
def test_the_approved_text(name):
    result = scenario(name).tally()
    a = announcement_content(result, approved=True, date=DAY)
    assert a.state == "approved" and a.title_note == ""
    assert a.full_title == "关于2026年第四季度“服务质量流动红旗”评选结果的公示"
    assert "并经局领导审定" in a.paragraphs[0]
    assert "拟" not in _all_text(a)
    assert {r.code for r in a.winners} == {u.code for u in result.winners()}
    assert all(r.result == "流动红旗" for r in a.winners)


def test_an_open_tie_in_a_proposal_is_left_to_the_leaders():
    result = scenario("ties").tally()
    a = announcement_content(result, approved=False, date=DAY)
    tied = result.ties("行政事业中心")
    assert len(tied) == 2
    note = "".join(a.notes)
    assert all(u.name in note for u in tied) and "待局领导审定" in note
    assert a.sites[1].empty == ""  # the tied units are listed, not "no winner"


def test_an_approved_announcement_cannot_leave_a_tie_open():
    result = scenario("ties").tally()
    with pytest.raises(ValueError, match="并列待定") as info:
        announcement_content(result, approved=True, date=DAY)
    assert all(u.code in str(info.value) for u in result.ties())


def test_a_tie_decided_by_the_leaders():
    result = scenario("award").tally()  # XZ03 awarded out of the XZ01/XZ03 tie
    a = announcement_content(
        result, approved=True, decisions=[Decision(unit="XZ03", action="award")], date=DAY
    )
    xz01, xz03 = result.unit("XZ01"), result.unit("XZ03")
    assert [r.code for r in a.sites[1].rows] == ["XZ03"]
    assert a.notes == (
        f"行政事业中心：{xz03.name}与{xz01.name}综合得分并列，经局领导审定，流动红旗授予{xz03.name}。",
    )


def _departed(result: Result, award: str, withhold: str) -> Result:
    """``result`` as the ledger re-tallies it after ``approve --award award --withhold withhold``
    (the engine that applies such decisions is built elsewhere)."""
    units = []
    for u in result.units:
        if u.code == withhold:
            u = u.model_copy(update={"outcome": "", "streak": None, "bonus_yuan": None})
        if u.code == award:
            u = u.model_copy(
                update={"outcome": "flag", "streak": 1, "reward_points": 3, "bonus_yuan": 600}
            )
        units.append(u)
    return result.model_copy(update={"units": units})


def _site_order(result: Result, site: str):
    return sorted(
        (u for u in result.units if u.site == site and u.eligible), key=lambda u: -(u.total or 0)
    )


def test_a_departure_from_the_ranking_carries_its_reason():
    base = scenario("sample").tally()
    first, second = _site_order(base, "行政事业中心")[:2]
    result = _departed(base, award=second.code, withhold=first.code)
    decisions = [
        Decision(unit=second.code, action="award", reason="平时检查中表现突出。"),
        Decision(unit=first.code, action="withhold", reason="公示前收到实名投诉，正在核查"),
    ]
    a = announcement_content(result, approved=True, decisions=decisions, date=DAY)
    assert [r.code for r in a.sites[1].rows] == [second.code]
    assert (
        f"行政事业中心：经局领导审定，流动红旗授予{second.name}（综合得分本场所第2名）。"
        "理由：平时检查中表现突出。"
    ) in a.notes
    assert (
        f"行政事业中心：经局领导审定，{first.name}（综合得分本场所第1名）不授予流动红旗。"
        "理由：公示前收到实名投诉，正在核查。"
    ) in a.notes
    s = statement_content(result, approved=True, decisions=decisions, date=DAY)
    notes = {u.code: u.notes for u in s.units}
    assert any("理由：平时检查中表现突出。" in n for n in notes[second.code])
    assert any("不授予流动红旗" in n for n in notes[first.code])


@pytest.mark.parametrize(
    ("action", "who", "message"),
    [
        ("award", "second", "必须说明理由"),  # a departure without a reason
        ("withhold", "first", "必须说明理由"),
        ("award", "third", "领导决定与统计结果不一致"),  # the result does not include it
        ("withhold", "second", "领导决定与统计结果不一致"),
        ("award", "nobody", "不在名单中"),
    ],
)
def test_decisions_that_do_not_hold(action, who, message):
    base = scenario("sample").tally()
    first, second, third = _site_order(base, "行政事业中心")[:3]
    result = _departed(base, award=second.code, withhold=first.code)
    code = {"first": first.code, "second": second.code, "third": third.code}.get(who, "ZZ99")
    with pytest.raises(ValueError, match=message):
        announcement_content(result, approved=True, decisions=[Decision(unit=code, action=action)])


def test_the_dates_the_objection_line_and_the_signatures():
    result = scenario("sample").tally()
    settings = AnnouncementSettings(
        issuer="机关事务管理局机关服务中心",
        days=7,
        contact="监管科，电话 0571-87654321",
        group=EvaluationGroup(leader="张建国", deputies=("李明", "王芳")),
    )
    a = announcement_content(result, approved=True, date=DAY, settings=settings)
    assert a.objection == (
        "公示期为2027年1月5日至2027年1月12日（7天）。如有异议，请在公示期内向机关事务管理局机关服务中心反映。"
    )
    assert a.objection_end == dt.date(2027, 1, 12)
    assert a.contact == "异议受理：监管科，电话 0571-87654321"
    assert (a.issuer, a.date_text) == ("机关事务管理局机关服务中心", "2027年1月5日")
    assert [(s.role, s.names) for s in a.signatures] == [
        ("组长", ("张建国",)),
        ("副组长", ("李明", "王芳")),
    ]
    default = announcement_content(result, date=DAY)
    assert default.contact == "" and default.objection_end == dt.date(2027, 1, 10)
    assert [(s.role, s.names) for s in default.signatures] == [
        ("组长", ("",)),
        ("副组长", ("", "")),
    ]
    assert announcement_content(result).date == dt.date.today()


def test_a_draft_names_no_winner():
    result = scenario("no_ratings").tally()
    errors = sum(1 for i in result.issues if i.is_error)
    assert errors
    a = announcement_content(result, approved=False, date=DAY)
    assert a.state == "draft" and a.title_note == "（草稿：不得公布）"
    assert a.sites == () and a.notes == () and a.winners == []
    assert f"尚有{errors}个错误" in a.paragraphs[1] and "不得公示" in a.paragraphs[1]
    text = _all_text(a)
    assert not any(u.name in text for u in result.winners())
    p = payout_content(result, date=DAY)
    assert p.lines == () and p.empty == "草稿不列发放名单" and p.total == 0


def test_english():
    result = scenario("sample").tally()
    a = announcement_content(result, approved=False, date=DAY, lang="en")
    assert a.title == "Announcement: service-quality red flags, Q4 2026"
    assert a.title_note == "(pending the bureau leaders' approval)"
    assert a.columns == ("No.", "Unit", "Contractor", "Total", "Result")
    assert a.objection.startswith("The objection period runs from 2027-01-05 to 2027-01-10")
    assert {r.result for r in a.winners} == {"Proposed: red flag"}


# --- the statements ------------------------------------------------------------------------------
@pytest.mark.parametrize("name", CLEAN)
def test_each_unit_has_its_items_points_and_scores(name):
    result = scenario(name).tally()
    s = statement_content(result, approved=False, date=DAY)
    rules = result.rules
    assert [u.code for u in s.units] == [u.code for u in result.units]
    assert s.title == "2026年第四季度“服务质量流动红旗”成绩通知单"
    for st, u in zip(s.units, result.units, strict=True):
        codes = [i.code for i in rules.items] + [f.code for f in rules.disqualifying_flags]
        assert [i.code for i in st.items] == codes
        assert len(st.items) == 18 or name == "custom_rules"
        for line in st.items[: len(rules.items)]:
            item = rules.item(line.code)
            assert line.points == item.points and line.count == u.counts[line.code]
            if item.input == "flag":
                assert line.count_text == ("是" if u.counts[line.code] else "否")
        items_sum = sum(line.score for line in st.items)
        if rules.quality_bounds is None:
            assert items_sum + rules.base_score + u.satisfaction_adj == pytest.approx(u.quality)
        assert (st.quality, st.peer, st.leadership, st.total) == (
            u.quality,
            u.peer,
            u.leadership,
            u.total,
        )
        scores = dict((lv.label, lv.value) for lv in st.scores)
        assert scores["综合得分"] == ("—" if u.total is None else f"{u.total:.2f}")
        assert f"{u.peer_count}/{u.peer_expected}" in scores["互评得分"]
        assert st.result.label == "评选结果"
        if u.disqualified_by:
            assert st.rank is None and st.rank_text == "不参评"
            assert st.result.value.startswith("不参评（")
            assert st.reasons and all(r in st.result.value for r in st.reasons)
        elif u.rank is not None:
            assert st.rank == u.rank and st.rank_text == f"第{u.rank}名"
        if u.won:
            assert st.result.value.startswith("拟获流动红旗（连续第")
            assert f"奖金{u.bonus_yuan:,.2f}元" in st.result.value
        elif u.outcome == "tie":
            assert "并列" in st.result.value
        assert st.events_title == "" and st.events == ()


def test_a_disqualified_unit_is_not_ranked():
    result = scenario("disqualified").tally()
    s = {u.code: u for u in statement_content(result, date=DAY).units}
    jg04 = s["JG04"]
    assert jg04.rank is None and jg04.rank_text == "不参评"
    assert jg04.result.value == "不参评（重大质量投诉；整改通知书）"
    flags = {i.code: i for i in jg04.items}
    assert flags["rectification_notice"].count_text == "是"
    assert flags["rectification_notice"].points_text == "取消资格"
    assert flags["complaint_major"].count_text == "1" and flags["complaint_major"].score == -10


def test_the_register_events_behind_the_items():
    result = scenario("sample").tally()
    events = [
        RegisterEvent(
            unit="JG02",
            item="inspection_minor",
            date=dt.date(2026, 11, 3),
            description="卫生间地面有积水",
            evidence="JC-2026-118",
            inspector="王五",
        ),
        RegisterEvent(
            unit="JG02",
            item="complaint_general",
            date=dt.date(2026, 10, 9),
            description="会议室空调报修未及时处理",
            evidence="TS-07",
            inspector="李四",
        ),
        RegisterEvent(unit="JG02", item="nope", date=dt.date(2026, 10, 1)),  # unknown: left out
        RegisterEvent(unit="ZZ99", item="inspection_minor", date=dt.date(2026, 10, 1)),
    ]
    s = {u.code: u for u in statement_content(result, date=DAY, events=events).units}
    jg02 = s["JG02"]
    assert jg02.events_title == "四、扣分依据（检查记录台账）"
    assert [(e.date_text, e.item, e.evidence) for e in jg02.events] == [
        ("2026年10月9日", "一般投诉", "TS-07"),
        ("2026年11月3日", "检查一般偏差", "JC-2026-118"),
    ]
    items = {i.code: i for i in jg02.items}
    assert [e.description for e in items["inspection_minor"].events] == ["卫生间地面有积水"]
    assert s["JG03"].events == () and s["JG03"].no_events == "本季度台账中无该单位的记录"


# --- the payout list ----------------------------------------------------------------------------
def test_the_payout_list():
    result = scenario("streaks").tally()
    p = payout_content(result, approved=True, date=DAY)
    winners = [code for site in result.roster.sites for code in _ranked_winners(result, site)]
    assert [line.code for line in p.lines] == winners
    for line in p.lines:
        u = result.unit(line.code)
        assert (line.streak, line.amount) == (u.streak, u.bonus_yuan)
        assert line.capitals == yuan_capitals(u.bonus_yuan)
        assert line.contractor == result.roster.unit(u.code).contractor
    assert [line.capitals for line in p.lines] == ["贰仟元整", "贰仟元整", "陆佰元整"]
    assert p.total == sum(u.bonus_yuan for u in result.winners()) == 4600
    assert (p.total_text, p.total_capitals) == ("4,600.00", "肆仟陆佰元整")
    assert p.total_line == "合计金额（大写）：肆仟陆佰元整"
    assert p.info == "发放单位：机关服务中心　　列支科目：机关大楼运转费"
    assert [s.role for s in p.signatures] == ["经办人", "审核", "审批"]
    assert p.title_note == ""
    proposal = payout_content(result, date=DAY)
    assert proposal.title_note == "（待局领导审定，审定前不得发放）"


def test_an_in_house_winner_and_a_custom_budget_line():
    result = scenario("streaks").tally()
    code = result.winners()[0].code
    units = tuple(
        u.model_copy(update={"contractor": None}) if u.code == code else u
        for u in result.roster.units
    )
    result = result.model_copy(update={"roster": result.roster.model_copy(update={"units": units})})
    settings = AnnouncementSettings(budget_line="后勤保障专项经费")
    p = payout_content(result, approved=True, date=DAY, settings=settings)
    assert next(line for line in p.lines if line.code == code).contractor == "—（自管）"
    assert p.budget_line == "后勤保障专项经费" and "后勤保障专项经费" in p.info


def test_a_quarter_with_non_integer_rewards():
    result = scenario("custom_rules").tally()  # tiers of 500, 800 and 1500 yuan
    p = payout_content(result, approved=True, date=DAY)
    assert p.total == float(sum(to_fen(u.bonus_yuan) for u in result.winners()))
    assert p.total_capitals == yuan_capitals(p.total)


# --- the demo quarter ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def demo_result(tmp_path_factory):
    from redflag_xlsx.demo import BLANK_BASELINE_UNIT, DISQUALIFIED_UNIT, run_demo

    run = run_demo(tmp_path_factory.mktemp("demo"), period="2026Q4")
    return run.result, DISQUALIFIED_UNIT, BLANK_BASELINE_UNIT


def test_the_demo_quarter(demo_result):
    result, disqualified, blank = demo_result
    a = announcement_content(result, approved=True, date=DAY)
    assert disqualified not in {r.code for r in a.winners}
    assert len(a.winners) == 3
    s = {u.code: u for u in statement_content(result, date=DAY).units}
    assert s[disqualified].result.value == "不参评（整改通知书）"
    assert any("整改通知书" in n for n in s[disqualified].notes)  # the remark
    baseline = {lv.label: lv.value for lv in s[blank].satisfaction}
    assert baseline["基准来源"] == "无（加减分按 0 计）" and baseline["满意率加减分"] == "0"


def test_the_content_needs_no_pdf_library():
    """Computing the content (for the 公示 sheet too) loads neither fpdf2 nor fontTools."""
    import subprocess
    import sys

    code = (
        "import sys, redflag_xlsx.documents\n"
        "print(' '.join(m for m in ('fpdf', 'fontTools', 'cn2an') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
