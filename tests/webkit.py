"""Helpers of the intake page's tests: a quarter folder, the app in-process, a real server.

folder = quarter_folder(blanks, tmp_path)            # the split blanks, in a fresh folder
client = app_client(folder)                          # TestClient on 127.0.0.1
page = upload(client, ("单位互评.xlsx", data))       # the answer page
results(page.text)                                   # [(name, state, [(code, cell)])]
with running_server(folder, key_file) as url: ...    # python -m redflag_xlsx serve
"""

from __future__ import annotations

import contextlib
import html
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from starlette.testclient import TestClient

from redflag_xlsx.web.app import create_app
from redflag_xlsx.web.quarter import load_quarter

from readkit import KEY

CSRF = re.compile(r'name="csrf" value="([^"]+)"')
ARTICLE = re.compile(r'<article class="result [a-z]+" data-state="([a-z]+)">(.*?)</article>', re.S)


def quarter_folder(blanks, tmp_path: Path, name: str = "下发表格") -> Path:
    """A fresh copy of the split blank forms (a ``build-template --out --split`` folder)."""
    folder = tmp_path / name
    shutil.copytree(blanks.root / "split", folder)
    return folder


def app_client(folder: Path, raise_server_exceptions: bool = True, **options) -> TestClient:
    app = create_app(load_quarter(folder, key=KEY), **options)
    return TestClient(
        app, base_url="http://127.0.0.1", raise_server_exceptions=raise_server_exceptions
    )


def csrf_of(client: TestClient, path: str = "/") -> str:
    match = CSRF.search(client.get(path).text)
    assert match, "no upload form"
    return match.group(1)


def upload(client: TestClient, *files: tuple[str, bytes], lang: str | None = None):
    token = csrf_of(client)
    query = "?lang=en" if lang == "en" else ""
    parts = [("files", (name, data)) for name, data in files]
    return client.post(f"/upload{query}", data={"csrf": token}, files=parts)


def results(page: str) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """Each uploaded file on an answer page: (file name, state, [(code, cell)])."""
    out = []
    for state, body in ARTICLE.findall(page):
        name = html.unescape(re.search(r'<span class="file">(.*?)</span>', body).group(1))
        found = re.findall(r'data-code="([A-Z_]+)" data-cell="([^"]*)"', body)
        out.append((name, state, found))
    return out


def slow_checker(path: str, quarter, lang: str, annotate_dir: str) -> dict:
    """A check that never finishes in time (the time-limit tests)."""
    time.sleep(60)
    return {}


def crashing_checker(path: str, quarter, lang: str, annotate_dir: str) -> dict:
    """A check that dies (the crash tests)."""
    os._exit(3)


@contextlib.contextmanager
def server_in_thread(app) -> Iterator[str]:
    """``app`` on a real uvicorn server on a free loopback port, in a thread; yields its
    address (for options the command line does not offer, such as a short body deadline)."""
    import socket
    import threading

    import uvicorn

    sock = socket.create_server(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        while not server.started:
            time.sleep(0.02)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


@contextlib.contextmanager
def running_server(folder: Path, key_file: Path, *args: str) -> Iterator[str]:
    """``python -m redflag_xlsx serve folder --port 0`` in a child process; yields the address
    it prints, and stops it with Ctrl-C (SIGINT) afterwards."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("REDFLAG_")}
    command = ["serve", str(folder), "--port", "0", "--key", str(key_file), *args]
    proc = subprocess.Popen(
        [sys.executable, "-m", "redflag_xlsx", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=env,
    )
    try:
        first = proc.stdout.readline()
        match = re.search(r"(http://\S+)", first)
        assert match, first + proc.stderr.read()
        yield match.group(1)
    finally:
        stop(proc)


def stop(proc: subprocess.Popen) -> tuple[int, str]:
    """Ctrl-C the server; its exit code and the rest of its output."""
    if proc.poll() is None:
        proc.send_signal(2)  # SIGINT, as Ctrl-C
    try:
        out, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
    return proc.returncode, out + err
