"""The intake page in a real headless browser: the system's Chromium (/usr/bin/chromium, which
.ci/run installs; browsers cannot be downloaded here) driven by Playwright, against
``python -m redflag_xlsx serve`` on loopback.  A person's way through it: open the page,
choose or drop files, read the findings, download the marked copy, watch /status change."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pytest

from redflag_xlsx.intake.annotate import ANNOTATION_FILL
from redflag_xlsx.intake.reader import read_submissions

from fill import open_workbook
from readkit import KEY, ROSTER, merged, split_forms
from webkit import quarter_folder, running_server

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def forms(blanks, tmp_path_factory):
    root = tmp_path_factory.mktemp("filled")
    wrong = merged(peer={"JG02": {"JG04": 101, "JG05": "八十"}})
    clean = {p.name: p for p in split_forms(blanks, root / "clean")}
    bad = {p.name: p for p in split_forms(blanks, root / "wrong", wrong)}
    return clean, bad


@pytest.fixture
def page(browser):
    context = browser.new_context(accept_downloads=True, locale="zh-CN")
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    yield tab
    context.close()


def shown_results(page) -> list[dict]:
    """Each uploaded file as the page shows it."""
    out = []
    for article in page.locator("article.result").all():
        out.append(
            {
                "file": article.locator(".file").inner_text(),
                "badge": article.locator(".badge").inner_text(),
                "findings": [
                    (
                        row.get_attribute("data-code"),
                        row.get_attribute("data-cell"),
                        row.locator("td.message").inner_text(),
                    )
                    for row in article.locator("tr[data-code]").all()
                ],
            }
        )
    return out


def status_rows(page) -> dict[str, str]:
    """/status as a person reads it: rater code (or the form) -> state."""
    rows = {}
    for row in page.locator("table.returns tbody tr").all():
        cells = row.locator("td").all_inner_texts()
        rows[cells[1].split()[0] if cells[1] != "—" else cells[0]] = cells[2]
    return rows


def test_upload_read_the_findings_download_the_marked_copy(page, blanks, tmp_path, key_file, forms):
    clean, wrong = forms
    folder = quarter_folder(blanks, tmp_path)
    good = clean["单位互评_2026Q4_JG04.xlsx"]
    bad = wrong["单位互评_2026Q4_JG02.xlsx"]
    with running_server(folder, key_file) as url:
        page.goto(url)
        assert page.locator("h2").first.inner_text() == "上传填好的表格"
        page.set_input_files("#files", [good, bad])
        assert page.locator("#chosen").inner_text() == f"{good.name}、{bad.name}"
        page.click("button[type=submit]")
        page.wait_for_selector("#results")
        shown = shown_results(page)
        sub = read_submissions([bad], roster=ROSTER, period="2026Q4", key=KEY)
        expected = [(i.code, i.cell, i.message) for i in sub.issues if i.file == str(bad)]
        assert shown == [
            {"file": good.name, "badge": "已通过", "findings": []},
            {"file": bad.name, "badge": "有错误", "findings": expected},
        ]
        assert [c for c, _, _ in expected] == ["E_OUT_OF_RANGE", "E_NOT_A_NUMBER"]
        with page.expect_download() as info:
            page.click("a.download")
        download = info.value
        assert download.suggested_filename == "单位互评_2026Q4_JG02_已标注.xlsx"
        with open_workbook(io.BytesIO(Path(download.path()).read_bytes()), save=False) as wb:
            marked = wb["单位互评"][expected[0][1]]
            assert marked.fill.fgColor.rgb == ANNOTATION_FILL
            assert expected[0][2] in marked.comment.text

        page.click("text=交表情况")
        assert (
            page.locator("#summary").inner_text().startswith("已收到 2/18 份；未收到：服务质量考核")
        )
        rows = status_rows(page)
        assert (rows["JG04"], rows["JG02"], rows["JG03"]) == ("已通过", "有错误", "未收到")

        # JG02 corrects its form and uploads it again: /status follows
        page.click("text=上传表格")
        page.set_input_files("#files", [clean["单位互评_2026Q4_JG02.xlsx"]])
        page.click("button[type=submit]")
        page.wait_for_selector("#results")
        assert shown_results(page)[0]["badge"] == "已通过"
        page.goto(url + "status")
        assert status_rows(page)["JG02"] == "已通过"
        assert page.locator("#summary").inner_text().startswith("已收到 2/18 份")


def test_drag_and_drop(page, blanks, tmp_path, key_file, forms):
    clean, _ = forms
    form = clean["领导评议_2026Q4_LD03.xlsx"]
    with running_server(quarter_folder(blanks, tmp_path), key_file) as url:
        page.goto(url)
        payload = base64.b64encode(form.read_bytes()).decode("ascii")
        transfer = page.evaluate_handle(
            """([name, data]) => {
                const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
                const dt = new DataTransfer();
                dt.items.add(new File([bytes], name));
                return dt;
            }""",
            [form.name, payload],
        )
        page.dispatch_event("#drop", "dragover", {"dataTransfer": transfer})
        assert "over" in (page.get_attribute("#drop", "class") or "")
        with page.expect_navigation():
            page.dispatch_event("#drop", "drop", {"dataTransfer": transfer})
        assert shown_results(page) == [{"file": form.name, "badge": "已通过", "findings": []}]
        assert "已收到：LD03 领导评议（张志强）" in page.inner_text("#results")


def test_too_large_is_stopped_in_the_page(page, blanks, tmp_path, key_file):
    big = tmp_path / "大文件.xlsx"
    big.write_bytes(b"\0" * (21 * 2**20))
    folder = quarter_folder(blanks, tmp_path)
    with running_server(folder, key_file) as url:
        page.goto(url)
        page.set_input_files("#files", [big])
        page.click("button[type=submit]")
        assert page.inner_text("#notice").startswith("上传的内容超过 20 MB，未接收")
        assert page.url == url  # not sent
    assert not (folder / "收件箱" / "_refused").exists()


def test_the_token_in_the_address_then_the_cookie_and_english(
    page, blanks, tmp_path, key_file, forms
):
    clean, _ = forms
    with running_server(quarter_folder(blanks, tmp_path), key_file, "--token", "口令-42") as url:
        bare = url.split("?")[0]
        page.goto(bare)
        assert "需要访问口令" in page.inner_text("main")
        page.goto(url.replace("口令", "%E5%8F%A3%E4%BB%A4") + "&lang=en")
        assert page.url == bare + "?lang=en"  # the token left the address
        assert page.locator("h2").first.inner_text() == "Upload filled forms"
        page.set_input_files("#files", [clean["服务质量考核_2026Q4.xlsx"]])
        page.click("button[type=submit]")
        page.wait_for_selector("#results")
        assert shown_results(page)[0]["badge"] == "passed"
        assert "Received: Quality scoring." in page.inner_text("#results")
