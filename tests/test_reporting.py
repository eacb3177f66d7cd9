"""Rendering a period (``reporting.render_period``; ``tally --pdf``): the results workbook and
the three PDFs say the same words in both states -- a proposal (（待局领导审定）, winners 拟)
and the approved text (经局领导审定) --, 修订记录 lists every revision and changed input, the
PDFs read back (pdftotext) and render (pdftoppm) within their pages, no command-line word is
printed anywhere, and nothing is lost (an existing file without --force, an input, a missing
font: nothing at all written)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from test_documents_pdf import page_texts, pngs, text, words_outside

import redflag_xlsx.cli
from redflag_xlsx.cli import cli
from redflag_xlsx.core.case import Decision, InputChange, InputSource, Revision
from redflag_xlsx.core.errors import ConfigError, UsageError
from redflag_xlsx.documents import announcement_content
from redflag_xlsx.reporting import register_events, render_period
from redflag_xlsx.xlsx import layout

from readkit import filled
from scenarios import scenario

redflag_xlsx.cli._register()

DAY = dt.date(2027, 1, 5)
NAMES = [
    "红旗评选结果_2026Q4.xlsx",
    "公示_2026Q4.pdf",
    "成绩通知单_2026Q4.pdf",
    "奖金发放表_2026Q4.pdf",
]


def cells(path: Path, sheet: str) -> list[str]:
    wb = openpyxl.load_workbook(path, data_only=True)
    return [str(c.value) for row in wb[sheet].iter_rows() for c in row if c.value is not None]


def flat(texts: list[str]) -> str:
    return re.sub(r"\s+", "", "".join(texts))


def no_command_words(paths: list[Path]) -> None:
    """Nothing the office prints or shows -- every PDF, every sheet but the findings (whose hints
    name options for the clerk) -- carries a command-line word."""
    for path in paths:
        if path.suffix == ".pdf":
            assert "--" not in text(path), path.name
            continue
        wb = openpyxl.load_workbook(path, data_only=True)
        for ws in wb.worksheets:
            if ws.title == layout.results_sheet_name("issues"):
                continue
            found = [c.value for row in ws.iter_rows() for c in row if "--" in str(c.value or "")]
            assert found == [], (ws.title, found)


# --- a proposal, with the inspection register's events ------------------------------------------
@pytest.fixture(scope="module")
def proposal(tmp_path_factory):
    out = tmp_path_factory.mktemp("proposal")
    result = scenario("register").tally()
    paths = render_period(result, out, pdf=True, date=DAY)
    return result, paths


def test_the_files_of_a_proposal(proposal):
    _, paths = proposal
    assert [p.name for p in paths] == NAMES
    assert all(p.is_file() for p in paths)
    assert sorted(p.name for p in paths[0].parent.iterdir()) == sorted(NAMES)  # no temporaries
    no_command_words(paths)


def test_the_sheet_says_what_the_pdf_says(proposal):
    result, paths = proposal
    content = announcement_content(result, approved=False, date=DAY)
    sheet = cells(paths[0], "公示")
    assert content.title == "关于2026年第四季度“服务质量流动红旗”评选结果的公示"
    assert sheet[:2] == [content.title, "（待局领导审定）"]
    pdf = text(paths[1])
    for words in (content.title, content.title_note, *content.paragraphs, content.objection):
        assert flat([words]) in flat(sheet), words
        assert flat([words]) in pdf, words
    assert "公示期为2027年1月5日至2027年1月10日（5天）" in content.objection
    assert "拟推荐" in content.paragraphs[0] and "经局领导审定" not in pdf
    for row in content.winners:
        assert row.result == "拟获流动红旗" and row.name in sheet and row.name in pdf
        assert row.total_text in pdf
    assert sheet.count("拟获流动红旗") == len(content.winners)
    assert sheet[-2:] == ["机关服务中心", "2027年1月5日"]
    # the payout list is marked too: nothing is paid before the leaders' approval
    payout = cells(paths[0], "奖金发放")
    assert "（待局领导审定，审定前不得发放）" in payout[0]
    assert "待局领导审定" in text(paths[3])


def test_the_statements_list_the_register_events(proposal):
    result, paths = proposal
    pages = page_texts(paths[2])
    assert len(pages) >= len(result.units)
    events = register_events(result)
    assert events, "the scenario has a register"
    whole = "".join(pages)
    for unit in result.units:
        assert unit.name in whole
    for event in events:
        assert event.evidence in whole, event
    assert "拟获流动红旗" in whole


def test_the_pages_stay_on_the_paper(proposal, tmp_path):
    _, paths = proposal
    assert len(pngs(paths[1], tmp_path / "a")) == 1
    assert len(pngs(paths[2], tmp_path / "s")) == len(page_texts(paths[2]))
    assert len(pngs(paths[3], tmp_path / "p")) == 1
    for pdf in paths[1:]:
        assert words_outside(pdf) == [], pdf.name


def test_the_first_revision_when_none_is_given(proposal):
    _, paths = proposal
    rows = cells(paths[0], "修订记录")
    assert rows[0] == "2026年第四季度修订记录"
    assert rows[1].startswith("状态：拟定（待局领导审定）")
    header = rows[2:12]
    assert header == [c.header for c in layout.revision_columns()]
    assert rows[12:] == ["1", "2027-01-05", "首次汇总", "（全部输入）"]


# --- approved, after a tie decided and an appeal --------------------------------------------------
REVISIONS = (
    Revision(number=1, at="2027-01-04T02:00:00+00:00", kind="tally"),
    Revision(
        number=2,
        at="2027-01-08T03:30:00+00:00",
        kind="tally",
        reason="申诉：JG02 检查一般偏差经复核不成立",
        changes=(
            InputChange(
                kind="scoring",
                subject="JG02",
                key="inspection_minor",
                old=2.0,
                new=1.0,
                source=InputSource(
                    file="服务质量考核_2026Q4.xlsx", sheet="服务质量考核", cell="D5"
                ),
            ),
            InputChange(
                kind="peer",
                subject="XZ01",
                key="JG03",
                old=None,
                new=88.5,
                source=InputSource(file="单位互评_2026Q4_JG03.xlsx", sheet="单位互评", cell="D12"),
            ),
        ),
    ),
    Revision(
        number=3,
        at="2027-01-09T01:00:00+00:00",
        kind="approve",
        decisions=(Decision(unit="XZ03", action="award", reason="服务保障任务完成突出"),),
    ),
)


@pytest.fixture(scope="module")
def approved(tmp_path_factory):
    out = tmp_path_factory.mktemp("approved")
    result = scenario("award").tally()  # XZ01 and XZ03 tied; the leaders chose XZ03
    decisions = REVISIONS[-1].decisions
    paths = render_period(
        result,
        out,
        state="approved",
        revisions=REVISIONS,
        decisions=decisions,
        pdf=True,
        date=DAY,
    )
    return result, paths


def test_the_approved_text(approved):
    result, paths = approved
    sheet = cells(paths[0], "公示")
    pdf = text(paths[1])
    assert "（待局领导审定）" not in sheet and "待局领导审定" not in pdf
    assert any("并经局领导审定" in s for s in sheet) and "并经局领导审定" in pdf
    tie = (
        "行政事业中心：中心食堂餐饮服务项目与中心物业服务项目综合得分并列，"
        "经局领导审定，流动红旗授予中心食堂餐饮服务项目。"
    )
    assert any(s.strip() == tie + "理由：服务保障任务完成突出。" for s in sheet), sheet
    assert flat([tie]) in pdf
    assert "拟获流动红旗" not in sheet
    assert sheet.count("流动红旗") == len(result.winners())
    assert "（待局领导审定" not in cells(paths[0], "奖金发放")[0]
    assert "拟获" not in text(paths[2])
    no_command_words(paths)


def test_the_revisions_sheet(approved):
    result, paths = approved
    ws = openpyxl.load_workbook(paths[0])["修订记录"]
    assert ws["A2"].value.startswith("状态：已审定（经局领导审定）")
    rows = [
        [c.value for c in row]
        for row in ws.iter_rows(min_row=layout.FIRST_DATA_ROW)
        if any(c.value is not None for c in row)
    ]
    local = dt.datetime(2027, 1, 8, 3, 30, tzinfo=dt.UTC).astimezone().strftime("%Y-%m-%d %H:%M")
    assert rows == [
        [1, rows[0][1], "首次汇总", None, None, None, "（全部输入）", None, None, None],
        [
            2,
            local,
            "重新汇总",
            "申诉：JG02 检查一般偏差经复核不成立",
            None,
            f"JG02 {result.unit('JG02').name}",
            "检查一般偏差",
            "2",
            "1",
            "服务质量考核_2026Q4.xlsx，服务质量考核，D5",
        ],
        [
            2,
            None,
            None,
            None,
            None,
            f"XZ01 {result.unit('XZ01').name}",
            "互评：JG03",
            "（空）",
            "88.5",
            "单位互评_2026Q4_JG03.xlsx，单位互评，D12",
        ],
        [
            3,
            rows[3][1],
            "局领导审定",
            None,
            "授予中心食堂餐饮服务项目（XZ03），理由：服务保障任务完成突出",
            None,
            None,
            None,
            None,
            None,
        ],
    ]


def test_english_revisions_and_announcement(tmp_path):
    result = scenario("award").tally()
    decisions = (Decision(unit="XZ03", action="award"),)
    (path,) = render_period(
        result, tmp_path, state="approved", decisions=decisions, date=DAY, lang="en"
    )
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[-4:] == ["Findings", "Revisions", "Rules", "Charts"]
    assert wb["Revisions"]["A1"].value == "Revisions, Q4 2026"
    notice = [str(c.value) for row in wb["Announcement"].iter_rows() for c in row if c.value]
    assert notice[0] == "Announcement: service-quality red flags, Q4 2026"
    assert not any("是" in s or "审定" in s for s in notice)


# --- nothing lost -------------------------------------------------------------------------------
def test_an_existing_file_needs_force_and_nothing_is_written(tmp_path):
    result = scenario("sample").tally()
    (tmp_path / "公示_2026Q4.pdf").write_bytes(b"the clerk's own file")
    with pytest.raises(UsageError) as err:
        render_period(result, tmp_path, pdf=True, date=DAY, font="/no/such/font.ttf")
    assert "公示_2026Q4.pdf" in err.value.text("zh") and "--force" in err.value.text("zh")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["公示_2026Q4.pdf"]
    assert (tmp_path / "公示_2026Q4.pdf").read_bytes() == b"the clerk's own file"


def test_a_missing_font_writes_nothing(tmp_path):
    result = scenario("sample").tally()
    out = tmp_path / "结果"
    with pytest.raises(ConfigError) as err:
        render_period(result, out, pdf=True, date=DAY, font=tmp_path / "missing.ttf")
    assert "--font" in err.value.text("zh")
    assert not out.exists()


def test_an_input_is_never_written_over(tmp_path):
    result = scenario("sample").tally()
    target = tmp_path / "红旗评选结果_2026Q4.xlsx"
    target.write_bytes(b"an input")
    with pytest.raises(UsageError):
        render_period(result, tmp_path, force=True, avoid=[target])
    assert target.read_bytes() == b"an input"


def test_force_replaces_the_tools_own_files(tmp_path):
    result = scenario("sample").tally()
    first = render_period(result, tmp_path, date=DAY)
    again = render_period(result, tmp_path, date=dt.date(2027, 1, 6), force=True)
    assert first == again
    assert "2027年1月6日" in cells(again[0], "公示")
    assert sorted(p.name for p in tmp_path.iterdir()) == [NAMES[0]]


# --- the command line -----------------------------------------------------------------------------
def run(*args):
    return CliRunner().invoke(cli, ["tally", *map(str, args)])


def test_tally_pdf(blanks, tmp_path, key_file):
    filled(blanks, tmp_path / "in")
    out = tmp_path / "结果"
    bad = run(tmp_path / "in", "--out", out, "--key", key_file, "--pdf", "--date", "2027-02-30")
    assert bad.exit_code == 2 and "--date 的值“2027-02-30”不是日期" in bad.output
    nofont = run(tmp_path / "in", "--out", out, "--key", key_file, "--pdf", "--font", "无.ttf")
    assert nofont.exit_code == 1 and "--font" in nofont.output
    assert not out.exists()  # nothing half-written: no workbook, no ledger
    done = run(tmp_path / "in", "--out", out, "--key", key_file, "--pdf", "--date", "2027-01-05")
    assert done.exit_code == 0, done.output
    assert sorted(p.name for p in out.iterdir()) == sorted([*NAMES, "redflag_history.db"])
    for name in NAMES:
        assert f"已写入：{out / name}" in done.output
    assert "2027年1月5日" in text(out / "公示_2026Q4.pdf")
    again = run(tmp_path / "in", "--out", out, "--key", key_file, "--pdf")
    assert again.exit_code == 2, again.output  # the results exist: --force


def test_a_draft_is_marked_and_names_no_winner(tmp_path):
    result = scenario("trimmed").tally()
    result.issues[0] = result.issues[0].model_copy(update={"severity": "error"})
    paths = render_period(result, tmp_path, pdf=True, date=DAY)
    assert [p.name for p in paths] == [n.replace("_2026Q4", "_2026Q4_草稿") for n in NAMES]
    notice = text(paths[1])
    assert "（草稿：不得公布）" in notice and "不得公示" in notice
    assert not any(u.name in notice for u in result.units)
    assert "不得公示" in " ".join(cells(paths[0], "公示"))
    assert cells(paths[0], "修订记录")[1].startswith("状态：草稿")
    no_command_words(paths)
