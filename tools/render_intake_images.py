"""Render the pictures of docs/intake.md: the intake page after an upload (findings shown) and
its returns table, in the system's headless Chromium (Playwright), from a sample quarter.
Needs the serve and test extras, /usr/bin/chromium and a CJK font (Debian: chromium
fonts-noto-cjk).

    python tools/render_intake_images.py

Look at the pictures before committing them.
"""

from __future__ import annotations

import copy
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "img"
KEY = b"render-intake-images"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--lang=zh-CN",  # the file picker's own words in Chinese, as on the clerk's computers
]


def _forms(work: Path) -> tuple[Path, dict[str, Path]]:
    """The sample roster's split blanks, and a few filled forms: clean ones, one with errors,
    one with a warning."""
    from redflag_xlsx.core.roster import Roster
    from redflag_xlsx.demo import sample_data
    from redflag_xlsx.forms.filling import fill_workbook
    from redflag_xlsx.forms.templates import build_templates

    roster = Roster.sample()
    blanks = build_templates(roster, "2026Q4", work / "下发表格", split=True, key=KEY)
    data = sample_data(roster)
    faulty = copy.deepcopy(data.peer)
    faulty["JG02"].update({"JG04": 101, "JG05": "八十"})
    faulty["XZ01"].update({"XZ02": " 90 "})
    filled = {}
    for blank in blanks:
        code = blank.stem.rsplit("_", 1)[-1]
        peer = faulty if code in ("JG02", "XZ01") else data.peer
        target = work / "填好" / blank.name
        target.parent.mkdir(exist_ok=True)
        fill_workbook(blank, target, scoring=data.scoring, peer=peer, leadership=data.leadership)
        filled[code if code.startswith(("JG", "XZ", "LD")) else "scoring"] = target
    return work / "下发表格", filled


def main() -> None:
    import uvicorn
    from playwright.sync_api import sync_playwright

    from redflag_xlsx.web.app import create_app
    from redflag_xlsx.web.quarter import load_quarter

    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder, filled = _forms(Path(tmp))
        app = create_app(load_quarter(folder, key=KEY))
        sock = socket.create_server(("127.0.0.1", 0))
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        base = f"http://127.0.0.1:{sock.getsockname()[1]}"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
                )
                page = browser.new_page(viewport={"width": 1000, "height": 760}, locale="zh-CN")
                # the answer page: a clean form and one with errors
                page.goto(base + "/")
                page.set_input_files("#files", [filled["JG04"], filled["JG02"]])
                page.click("button[type=submit]")
                page.wait_for_selector("#results")
                _shot(page, "intake-upload", page.locator("body"))
                # the returns table after a few more uploads
                more = [filled[c] for c in ("scoring", "XZ01", "JG01", "LD01", "LD02", "JG07")]
                page.goto(base + "/")
                page.set_input_files("#files", more)
                page.click("button[type=submit]")
                page.wait_for_selector("#results")
                page.goto(base + "/status")
                _shot(page, "intake-status", page.locator("section.status"))
                browser.close()
        finally:
            server.should_exit = True
            thread.join(10)


def _shot(page, name: str, locator) -> None:
    target = IMAGES / f"{name}.png"
    locator.screenshot(path=str(target))
    print(target, f"{target.stat().st_size // 1024} KB")


if __name__ == "__main__":  # the upload checks run in child processes that import this module
    sys.exit(main())
