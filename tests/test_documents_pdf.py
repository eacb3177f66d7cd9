"""The documents as PDF: read back with pdftotext (names, totals, winners, amounts in capitals,
proposal and final wording), rendered to PNG with pdftoppm (pages, nothing blank), every word
inside the page, the font embedded as a subset; the font search and its errors; the writes."""

from __future__ import annotations

import datetime as dt
import errno
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from redflag_xlsx.core.errors import ConfigError, OutputError
from redflag_xlsx.documents import (
    RegisterEvent,
    announcement_content,
    find_font,
    statement_content,
    write_announcement_pdf,
    write_documents,
    write_statements_pdf,
)
from redflag_xlsx.documents import fonts as fonts_module
from redflag_xlsx.documents.fonts import font_dirs

from scenarios import city, scenario

DAY = dt.date(2027, 1, 5)
NOTO = Path("/usr/share/fonts/opentype/noto")  # Debian's fonts-noto-cjk, installed by .ci/run
WQY = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")  # fonts-wqy-zenhei
MM = 72 / 25.4  # points per mm


def text(pdf: Path) -> str:
    """The PDF's text in reading order, without spaces and line breaks (a name wrapped in a
    table cell reads whole)."""
    out = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True)
    return re.sub(r"\s+", "", out.stdout)


def text_spaced(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout


def page_texts(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True)
    return [re.sub(r"\s+", "", page) for page in out.stdout.split("\f")[:-1]]


def pngs(pdf: Path, out: Path) -> list[Path]:
    """The pages as PNG files (pdftoppm), each checked to show something."""
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "30", str(pdf), str(out / "p")], check=True)
    pages = sorted(out.glob("p*.png"))
    for png in pages:
        with Image.open(png) as img:
            dark = sum(img.convert("L").histogram()[:128])
        assert dark > 200, f"{png.name} is blank"
    return pages


def words_outside(pdf: Path, margin_mm: float = 12) -> list[str]:
    """Words whose box leaves the page less ``margin_mm`` on any side (pdftotext -bbox)."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    bad = []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, re.S):
        width, height = float(page.group(1)), float(page.group(2))
        m = margin_mm * MM
        for w in re.finditer(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
            page.group(3),
        ):
            x0, y0, x1, y1 = (float(w.group(i)) for i in range(1, 5))
            if x0 < m or y0 < m or x1 > width - m or y1 > height - m:
                bad.append(w.group(5))
    return bad


def fonts_of(pdf: Path) -> list[tuple[str, str, str]]:
    """(name, embedded, subset) of every font in the PDF (pdffonts)."""
    lines = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    return [(line.split()[0], line.split()[-5], line.split()[-4]) for line in lines]


def pdf_size(pdf: Path) -> tuple[float, float]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    w, h = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups()
    return float(w), float(h)


# --- the three documents of a quarter --------------------------------------------------------
@pytest.fixture(scope="module")
def proposal(tmp_path_factory):
    """The sample quarter's documents before the leaders' approval (drawn once)."""
    out = tmp_path_factory.mktemp("proposal")
    result = scenario("sample").tally()
    return result, write_documents(result, out, approved=False, date=DAY), out


@pytest.fixture(scope="module")
def approved(tmp_path_factory):
    out = tmp_path_factory.mktemp("approved")
    result = scenario("streaks").tally()
    return result, write_documents(result, out, approved=True, date=DAY)


def test_the_files_pages_and_fonts(proposal):
    result, paths, out = proposal
    assert [p.name for p in paths] == [
        "公示_2026Q4.pdf",
        "成绩通知单_2026Q4.pdf",
        "奖金发放表_2026Q4.pdf",
    ]
    notice, statements, payout = paths
    assert len(pngs(notice, out / "n")) == 1
    assert len(pngs(statements, out / "s")) == len(result.units)
    assert len(pngs(payout, out / "p")) == 1
    assert pdf_size(notice) == pytest.approx((595.28, 841.89), abs=0.5)  # A4 portrait
    assert pdf_size(statements) == pytest.approx((595.28, 841.89), abs=0.5)
    assert pdf_size(payout) == pytest.approx((841.89, 595.28), abs=0.5)  # A4 landscape
    for pdf in paths:
        assert words_outside(pdf) == []
        assert fonts_of(pdf) and all(
            emb == "yes" and sub == "yes" and "+" in name for name, emb, sub in fonts_of(pdf)
        )


def test_the_proposed_announcement(proposal):
    result, (notice, _, _), _ = proposal
    body = text(notice)
    assert "关于2026年第四季度“服务质量流动红旗”评选结果的公示（待局领导审定）" in body
    assert "拟推荐以下后勤服务项目" in body and "经局领导审定" not in body
    for u in result.winners():
        assert f"{u.name}{result.roster.unit(u.code).contractor}{u.total:.2f}拟获流动红旗" in body
    for u in result.units:
        if not u.won:
            assert u.name not in body
    assert "公示期为2027年1月5日至2027年1月10日（5天）" in body
    assert "组长：" in body and "副组长：" in body and body.endswith("机关服务中心2027年1月5日")
    assert "--" not in body


def test_the_statements(proposal):
    result, (_, statements, _), _ = proposal
    pages = page_texts(statements)
    for page, u in zip(pages, result.units, strict=True):
        assert f"单位名称：{u.name}（{u.code}）" in page
        assert f"{u.total:.2f}" in page and f"{u.quality:.2f}" in page
        assert "检查一般偏差" in page and "创新成效" in page and "整改通知书" in page
        assert f"第{u.rank}名" in page if u.rank else "不参评" in page


def test_the_payout_list(proposal):
    result, (_, _, payout), _ = proposal
    pay = text(payout)
    for u in result.winners():
        assert f"{u.name}{u.site}{u.streak}{u.bonus_yuan:,.2f}" in pay
    total = sum(u.bonus_yuan for u in result.winners())
    assert total == 1800 and "合计金额（大写）：壹仟捌佰元整" in pay
    assert "陆佰元整" in pay and "审定前不得发放" in pay
    assert "经办人：" in pay and "审核：" in pay and "审批：" in pay


def test_the_same_content_gives_the_same_file(proposal, tmp_path):
    result, (notice, _, _), _ = proposal
    again = write_announcement_pdf(announcement_content(result, date=DAY), tmp_path)
    assert again.read_bytes() == notice.read_bytes()


@pytest.mark.parametrize("font", [None, WQY], ids=["noto-cff", "wqy-truetype"])
def test_the_font_is_read_once_and_each_document_subsets_its_own(tmp_path, monkeypatch, font):
    """fpdf2 reads a CJK font's whole character map (half a second); a process reads it once
    and every later document draws with a copy of it (issue 19).  Each copy subsets its own
    file: the announcement drawn first (with the font fpdf2 read) and again after the statements
    (with a copy) gives the same bytes."""
    from fpdf import FPDF

    from redflag_xlsx.documents import pdf_page

    monkeypatch.setattr(pdf_page, "_LOADED", {})
    reads: list[object] = []
    real = FPDF.add_font

    def counted(self, *args, **kwargs):
        reads.append(args)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(FPDF, "add_font", counted)
    result = scenario("sample").tally()
    content = announcement_content(result, date=DAY)
    first = write_announcement_pdf(content, tmp_path / "a", font=font).read_bytes()
    statements = write_statements_pdf(statement_content(result, date=DAY), tmp_path, font=font)
    again = write_announcement_pdf(content, tmp_path / "b", font=font).read_bytes()
    assert again == first
    assert len(reads) == 1
    assert result.unit("JG01").name in text(statements)
    assert len({name for name, _, _ in fonts_of(statements)}) == 1


def test_a_font_file_replaced_is_read_again(tmp_path, monkeypatch):
    from redflag_xlsx.documents import pdf_page

    monkeypatch.setattr(pdf_page, "_LOADED", {})
    content = announcement_content(scenario("sample").tally(), date=DAY)
    path = tmp_path / "font.ttc"
    shutil.copyfile(WQY, path)
    write_announcement_pdf(content, tmp_path / "a", font=path)
    shutil.copyfile(next(NOTO.glob("NotoSansCJK-Regular.ttc")), path)  # same name, another font
    pdf = write_announcement_pdf(content, tmp_path / "b", font=path)
    assert [name.split("+")[1] for name, _, _ in fonts_of(pdf)] == ["NotoSansCJKSC"]
    assert len(pdf_page._LOADED) == 2


def test_a_truetype_font_without_notdef_is_read_for_every_document(tmp_path, monkeypatch):
    """fpdf2 draws a .notdef glyph into such a font when it reads it; a copy of the file would
    lack it, so the font is not kept."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    from redflag_xlsx.documents import pdf_page
    from redflag_xlsx.documents.fonts import FontChoice

    monkeypatch.setattr(pdf_page, "_LOADED", {})
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder(["A", "uni4E2D"])
    fb.setupCharacterMap({ord("A"): "A", ord("中"): "uni4E2D"})
    pen = TTGlyphPen(None)
    pen.moveTo((0, 0))
    pen.lineTo((500, 0))
    pen.lineTo((250, 700))
    pen.closePath()
    fb.setupGlyf({"A": pen.glyph(), "uni4E2D": pen.glyph()})
    fb.setupHorizontalMetrics({"A": (500, 0), "uni4E2D": (1000, 0)})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": "No Notdef", "styleName": "Regular"})
    fb.setupOS2()
    fb.setupPost()
    fb.save(str(tmp_path / "nonotdef.ttf"))
    choice = FontChoice(tmp_path / "nonotdef.ttf")
    drawn = []
    for _ in range(2):
        with pdf_page.Page(choice, title="t", author="a", lang="zh", date=DAY) as page:
            page.new_page()
            page.lines("中A", 12)
            drawn.append(page.output())
    assert drawn[0] == drawn[1] and pdf_page._LOADED == {}


def test_approved(approved):
    result, (notice, statements, payout) = approved
    body = text(notice)
    assert "评选结果的公示" in body and "待局领导审定" not in body and "拟" not in body
    assert "并经局领导审定" in body
    assert all(f"{u.name}" in body for u in result.winners())
    pay = text(payout)
    assert "贰仟元整" in pay and "合计金额（大写）：肆仟陆佰元整" in pay
    assert "审定前不得发放" not in pay
    streak = next(u for u in result.winners() if u.streak == 4)
    page = page_texts(statements)[result.units.index(streak)]
    assert "流动红旗（连续第4次：奖励分10分，奖金2,000.00元）" in page


def test_a_disqualified_unit_reads_不参评(tmp_path):
    result = scenario("disqualified").tally()
    statements = write_statements_pdf(statement_content(result, date=DAY), tmp_path)
    page = page_texts(statements)[[u.code for u in result.units].index("JG04")]
    assert "不参评（重大质量投诉；整改通知书）" in page
    assert "第" not in page.split("场所排名")[1].split("综合得分=")[0]  # no rank number


def test_a_draft(tmp_path):
    result = scenario("no_ratings").tally()
    paths = write_documents(result, tmp_path, date=DAY)
    assert [p.name for p in paths] == [
        "公示_2026Q4_草稿.pdf",
        "成绩通知单_2026Q4_草稿.pdf",
        "奖金发放表_2026Q4_草稿.pdf",
    ]
    body = text(paths[0])
    assert "（草稿：不得公布）" in body and "不得公示" in body
    assert not any(u.name in body for u in result.units)
    assert "草稿不列发放名单" in text(paths[2])


def test_the_announcement_stays_on_one_page(tmp_path):
    result = city(units_per_site=3, sites=24, leaders=3).tally()  # 24 winners to announce
    notice = write_announcement_pdf(announcement_content(result, date=DAY), tmp_path)
    assert len(pngs(notice, tmp_path / "png")) == 1
    assert words_outside(notice) == []
    body = text(notice)
    assert all(u.name in body for u in result.winners())
    assert body.endswith("2027年1月5日")


def test_english(tmp_path):
    result = scenario("sample").tally()
    notice, statements, payout = write_documents(result, tmp_path, date=DAY, lang="en")
    out = subprocess.run(["pdftotext", str(notice), "-"], capture_output=True, text=True).stdout
    body = " ".join(out.split())
    assert "Announcement: service-quality red flags, Q4 2026" in body
    assert "Proposed: red flag" in body and "2027-01-05" in body
    assert words_outside(notice) == [] and words_outside(payout) == []
    assert "Quality scoring (base 100)" in " ".join(text_spaced(statements).split())


def test_many_register_events_continue_on_another_page(tmp_path):
    result = scenario("sample").tally()
    events = [
        RegisterEvent(
            unit="JG02",
            item="inspection_minor",
            date=dt.date(2026, 10, 1) + dt.timedelta(days=i),
            description="巡查发现卫生间地面有积水，未设置警示标志" * (1 + i % 2),
            evidence=f"JC-2026-{i:03d}",
            inspector="王五",
        )
        for i in range(45)
    ]
    pdf = write_statements_pdf(statement_content(result, date=DAY, events=events), tmp_path)
    pages = page_texts(pdf)
    assert len(pngs(pdf, tmp_path / "png")) == len(pages) > len(result.units)
    jg02 = result.unit("JG02").name
    first = next(i for i, p in enumerate(pages) if f"单位名称：{jg02}" in p)
    extra = len(pages) - len(result.units)
    for page in pages[first + 1 : first + 1 + extra]:
        assert f"{jg02}（续）" in page
    body = "".join(pages)
    assert all(f"JC-2026-{i:03d}" in body for i in range(45))
    assert "本季度台账中无该单位的记录" in pages[0]  # JG01: a register, no event of its own
    assert words_outside(pdf) == []


# --- the font ------------------------------------------------------------------------------
def test_the_system_font_found_is_noto_cjk():
    font = find_font()
    assert font.path.parent == NOTO and font.path.name == "NotoSerifCJK-Regular.ttc"
    assert font.name == "Noto Serif CJK SC"  # the Simplified Chinese face of the collection


def test_the_font_given_is_used(tmp_path):
    content = announcement_content(scenario("sample").tally(), date=DAY)
    pdf = write_announcement_pdf(content, tmp_path, font=WQY)
    assert [name.split("+")[1] for name, _, _ in fonts_of(pdf)] == ["WenQuanYiZenHei"]
    assert "关于2026年第四季度" in text(pdf)


def test_no_font_found(tmp_path, monkeypatch):
    monkeypatch.setattr(fonts_module, "font_dirs", lambda platform=None: [tmp_path / "fonts"])
    with pytest.raises(ConfigError) as info:
        write_documents(scenario("sample").tally(), tmp_path / "out", date=DAY)
    message = str(info.value)
    assert message.startswith("找不到可用的中文字体，无法生成 PDF；请用 --font 指定")
    assert str(tmp_path / "fonts") in message
    assert not (tmp_path / "out").exists()


def latin_font(path: Path) -> Path:
    """A real TrueType font with the letter A only (no Chinese)."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder([".notdef", "A"])
    fb.setupCharacterMap({ord("A"): "A"})
    pen = TTGlyphPen(None)
    pen.moveTo((0, 0))
    pen.lineTo((500, 0))
    pen.lineTo((250, 700))
    pen.closePath()
    glyph = pen.glyph()
    fb.setupGlyf({".notdef": glyph, "A": glyph})
    fb.setupHorizontalMetrics({".notdef": (500, 0), "A": (500, 0)})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": "Latin Only", "styleName": "Regular"})
    fb.setupOS2()
    fb.setupPost()
    fb.save(str(path))
    return path


@pytest.mark.parametrize(
    ("font", "message"),
    [
        ("missing.ttc", "不存在；请检查 --font 后的路径"),
        ("not-a-font.ttf", "无法使用（"),
        ("latin.ttf", "无法使用（不含中文字符）"),
    ],
)
def test_a_font_that_cannot_be_used(tmp_path, font, message):
    (tmp_path / "not-a-font.ttf").write_text("hello", encoding="utf-8")
    latin_font(tmp_path / "latin.ttf")
    with pytest.raises(ConfigError, match=re.escape(message)) as info:
        write_documents(scenario("sample").tally(), tmp_path / "out", font=tmp_path / font)
    assert str(tmp_path / font) in str(info.value) and "--font" in str(info.value)
    assert not (tmp_path / "out").exists()


def test_a_character_the_font_lacks(tmp_path):
    result = scenario("sample").tally()
    units = tuple(
        u.model_copy(update={"name": "绿化😀项目"}) if u.code == "JG06" else u
        for u in result.roster.units
    )
    roster = result.roster.model_copy(update={"units": units})
    result = result.model_copy(
        update={
            "roster": roster,
            "units": [
                u.model_copy(update={"name": "绿化😀项目"}) if u.code == "JG06" else u
                for u in result.units
            ],
        }
    )
    with pytest.raises(ConfigError, match=r"缺少以下字符：😀\(U\+1F600\)；请用 --font"):
        write_documents(result, tmp_path / "out", date=DAY)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("platform", "files", "chosen"),
    [
        ("win32", ["msyh.ttc", "simsun.ttc", "simhei.ttf"], "simsun.ttc"),
        ("win32", ["simhei.ttf", "msyh.ttf"], "msyh.ttf"),
        ("win32", ["wqy-zenhei.ttc", "simhei.ttf"], "simhei.ttf"),  # the own platform's first
        ("darwin", ["wqy-zenhei.ttc", "STHeiti Light.ttc"], "STHeiti Light.ttc"),
        (
            "linux",
            ["simsun.ttc", "wqy-zenhei.ttc", "NotoSansCJK-Regular.ttc"],
            "NotoSansCJK-Regular.ttc",
        ),
    ],
)
def test_the_search_order(tmp_path, platform, files, chosen):
    for name in files:  # a real Chinese font under each usual name
        shutil.copyfile(WQY, tmp_path / name)
    (tmp_path / "sub").mkdir()
    font = find_font(folders=[tmp_path], platform=platform)
    assert font.path == tmp_path / chosen


def test_a_damaged_file_under_a_usual_name_is_skipped(tmp_path):
    (tmp_path / "simsun.ttc").write_bytes(b"ttcf" + b"\0" * 100)
    shutil.copyfile(WQY, tmp_path / "msyh.ttc")
    assert find_font(folders=[tmp_path], platform="win32").path == tmp_path / "msyh.ttc"


def test_windows_font_folders_come_from_the_environment():
    env = {"WINDIR": r"D:\Windows", "LOCALAPPDATA": r"C:\Users\张三\AppData\Local"}
    dirs = font_dirs("win32", env)
    assert dirs[0] == Path(r"D:\Windows") / "Fonts"
    assert dirs[1] == Path(r"C:\Users\张三\AppData\Local") / "Microsoft" / "Windows" / "Fonts"
    assert font_dirs("linux", {"HOME": "/home/x"})[0] == Path("/usr/share/fonts")


# --- writing -----------------------------------------------------------------------------------
def test_a_file_that_cannot_be_written_names_it(tmp_path):
    (tmp_path / "公示_2026Q4.pdf").mkdir()  # the file's name is taken by a folder
    content = announcement_content(scenario("sample").tally(), date=DAY)
    with pytest.raises(OutputError) as info:
        write_announcement_pdf(content, tmp_path)
    assert str(info.value).startswith(f"无法写入“{tmp_path / '公示_2026Q4.pdf'}”：")
    assert [p.name for p in tmp_path.iterdir()] == ["公示_2026Q4.pdf"]  # no temporary file


def test_a_full_disk(tmp_path, monkeypatch):
    import redflag_xlsx.documents.pdf_page as pdf_page

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pdf_page.os, "fsync", full)
    content = announcement_content(scenario("sample").tally(), date=DAY)
    with pytest.raises(OutputError, match=r"无法写入“.*公示_2026Q4\.pdf”：No space left on device"):
        write_announcement_pdf(content, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_cannot_be_made(tmp_path):
    (tmp_path / "blocked").write_text("a file, not a folder", encoding="utf-8")
    content = announcement_content(scenario("sample").tally(), date=DAY)
    with pytest.raises(OutputError, match=r"无法创建输出文件夹“.*blocked"):
        write_announcement_pdf(content, tmp_path / "blocked" / "out")


def test_a_pdf_file_name_is_used_as_given(tmp_path):
    content = announcement_content(scenario("sample").tally(), date=DAY)
    path = write_announcement_pdf(content, tmp_path / "notice.pdf")
    assert path == tmp_path / "notice.pdf" and path.read_bytes().startswith(b"%PDF")
