"""Render the pictures of docs/documents.md and docs/user-guide.md: the demo quarter's
announcement (公示; approved, and as the proposal before the leaders' approval), one unit's
statement (成绩通知单, with register events behind its counts) and the payout list (奖金发放表),
drawn as PDF by redflag_xlsx.documents and turned into PNG by pdftoppm.  Needs ``pdftoppm`` and
a Chinese font (Debian: poppler-utils fonts-noto-cjk).

    python tools/render_document_images.py

Look at the pictures before committing them.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import tempfile
from pathlib import Path

from redflag_xlsx.demo import run_demo
from redflag_xlsx.documents import (
    RegisterEvent,
    announcement_content,
    payout_content,
    statement_content,
    write_announcement_pdf,
    write_payout_pdf,
    write_statements_pdf,
)

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "img"
PERIOD, DAY = "2026Q4", dt.date(2027, 1, 5)
STATEMENT_UNIT = "JG02"  # a winner, with a few register events behind its counts
# what an inspector writes for an event of each item (illustration)
EVENTS = {
    "inspection_minor": ("大厅地面有水渍，未设警示牌", "JC-2026-1"),
    "inspection_major": ("消防通道堆放杂物", "JC-2026-2"),
    "survey_minor": ("满意度调查：保洁不及时", "DC-2026-1"),
    "complaint_general": ("会议室空调报修后两天未处理", "TS-2026-1"),
    "leader_praise": ("市领导视察时表扬大楼环境整洁", "BY-2026-1"),
    "bulletin_article": ("中心简报第 11 期刊发经验文章", "JB-2026-11"),
    "innovation": ("推行报修二维码，响应时间缩短一半", "CX-2026-1"),
}
RESOLUTION = 80  # dpi: readable, each picture under 150 KB


def register(counts: dict[str, float], unit: str) -> list[RegisterEvent]:
    """As many events per item as the unit's count, dated through the quarter."""
    events, day = [], dt.date(2026, 10, 9)
    for item, count in counts.items():
        if item not in EVENTS:
            continue
        text, evidence = EVENTS[item]
        for n in range(int(count)):
            events.append(
                RegisterEvent(
                    unit=unit,
                    item=item,
                    date=day,
                    description=text,
                    evidence=f"{evidence}{n + 1:02d}" if count > 1 else evidence,
                    inspector="王明" if item.startswith("inspection") else "李华",
                )
            )
            day += dt.timedelta(days=9)
    return events


def png(pdf: Path, page: int, name: str) -> Path:
    stem = pdf.with_name(name)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            str(RESOLUTION),
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(pdf),
            str(stem),
        ],
        check=True,
    )
    target = IMAGES / f"{name}.png"
    target.write_bytes(stem.with_suffix(".png").read_bytes())
    return target


def main() -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        result = run_demo(Path(tmp) / "demo", period=PERIOD, pdf=False).result
        out = Path(tmp) / "pdf"
        notice = write_announcement_pdf(
            announcement_content(result, approved=True, date=DAY), out / "notice.pdf"
        )
        proposal = write_announcement_pdf(
            announcement_content(result, approved=False, date=DAY), out / "proposal.pdf"
        )
        unit = result.unit(STATEMENT_UNIT)
        statements = write_statements_pdf(
            statement_content(
                result, approved=True, date=DAY, events=register(unit.counts, unit.code)
            ),
            out / "statements.pdf",
        )
        payout = write_payout_pdf(
            payout_content(result, approved=True, date=DAY), out / "payout.pdf"
        )
        page = [u.code for u in result.units].index(STATEMENT_UNIT) + 1
        for target in (
            png(notice, 1, "doc-announcement"),
            png(proposal, 1, "doc-announcement-proposal"),
            png(statements, page, "doc-statement"),
            png(payout, 1, "doc-payout"),
        ):
            print(target, f"{target.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
