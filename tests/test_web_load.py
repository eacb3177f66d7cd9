"""The intake page under load, on a real uvicorn server (``python -m redflag_xlsx serve``):
50 uploads at once while slow clients hold connections open; every upload stored under its
own form, none lost or mixed up, and the returns table right afterwards."""

from __future__ import annotations

import hashlib
import html
import re
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx2

from fill import fill_form
from readkit import DATA, ROSTER
from webkit import CSRF, app_client, quarter_folder, results, running_server, server_in_thread

UPLOADS = 50
THREADS = 16
SLOW_CLIENTS = 8
STORED = re.compile(r"已保存为 收件箱/([^<]+)</p>")


def _slots():
    """Every form of the split quarter: (blank file name, data of its row)."""
    slots = [("服务质量考核_2026Q4.xlsx", "scoring", None)]
    slots += [(f"单位互评_2026Q4_{u.code}.xlsx", "peer", u.code) for u in ROSTER.units]
    slots += [(f"领导评议_2026Q4_{ld.code}.xlsx", "leadership", ld.code) for ld in ROSTER.leaders]
    return slots


def _make_uploads(blanks, folder: Path) -> list[dict]:
    """50 distinct filled forms: upload i fills form i % 18 with its own numbers (every
    seventh one with an error)."""
    slots = _slots()
    folder.mkdir()
    uploads = []
    for i in range(UPLOADS):
        name, kind, rater = slots[i % len(slots)]
        faulty = i % 7 == 3
        if kind == "scoring":
            values = {code: dict(row) for code, row in DATA["scoring"].items()}
            values["JG01"]["innovation"] = -1 if faulty else i
        else:
            values = dict(DATA[kind][rater])
            first = next(iter(values))
            values[first] = 150 + i if faulty else 40 + i
        target = folder / f"upload-{i:02d}.xlsx"
        fill_form(blanks.split[name], values, out=target)
        data = target.read_bytes()
        uploads.append(
            {
                "i": i,
                "name": target.name,
                "data": data,
                "sha12": hashlib.sha256(data).hexdigest()[:12],
                "folder": rater or "服务质量考核",
                "state": "errors" if faulty else "ok",
            }
        )
    return uploads


def _slow_client(port: int, stop: threading.Event) -> None:
    """Declares a 10 MB upload and sends a byte a second until told to stop."""
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(
            b"POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: multipart/form-data; boundary=zz\r\nContent-Length: 10000000\r\n\r\n"
        )
        while not stop.wait(1):
            try:
                sock.sendall(b"x")
            except OSError:
                return


def test_fifty_uploads_at_once(blanks, tmp_path, key_file):
    uploads = _make_uploads(blanks, tmp_path / "files")
    folder = quarter_folder(blanks, tmp_path)
    barrier = threading.Barrier(THREADS)

    def send(item: dict) -> tuple[dict, httpx2.Response]:
        with httpx2.Client(base_url=base, timeout=300) as client:
            token = CSRF.search(client.get("/").text).group(1)
            if item["i"] < THREADS:
                barrier.wait()  # the first wave leaves together
            answer = client.post(
                "/upload",
                data={"csrf": token},
                files=[("files", (item["name"], item["data"]))],
            )
            return item, answer

    with running_server(folder, key_file) as url:
        base = url.rstrip("/")
        port = int(base.rsplit(":", 1)[1])
        stop = threading.Event()
        slow = [
            threading.Thread(target=_slow_client, args=(port, stop)) for _ in range(SLOW_CLIENTS)
        ]
        for th in slow:
            th.start()
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=THREADS) as pool:
            answers = list(pool.map(send, uploads))
        elapsed = time.monotonic() - started
        status = httpx2.get(base + "/status.json", timeout=300).json()
        stop.set()
        for th in slow:
            th.join()

    print(f"\n{UPLOADS} uploads in {elapsed:.1f} s with {SLOW_CLIENTS} slow clients connected")
    inbox = folder / "收件箱"
    for item, answer in answers:
        assert answer.status_code == 200, (item["name"], answer.text[:300])
        assert [(n, s) for n, s, _ in results(answer.text)] == [(item["name"], item["state"])]
        stored = html.unescape(STORED.search(answer.text).group(1))
        slot, name = stored.split("/")
        assert (slot, name.split("_")[1][:12]) == (item["folder"], item["sha12"])
        assert (inbox / stored).read_bytes() == item["data"]  # its own bytes, under its form
    kept = sorted(p.relative_to(inbox).as_posix() for p in inbox.rglob("*.xlsx"))
    forms = [p for p in kept if not p.startswith("_annotated/")]
    assert len(forms) == UPLOADS and not any(p.startswith("_refused/") for p in kept)
    assert sorted(p.split("_")[1][:12] for p in forms) == sorted(u["sha12"] for u in uploads)

    # the returns table: every form in, each at its newest upload, in that upload's state
    newest = {}
    for path in forms:
        slot, name = path.split("/")
        newest[slot] = max(newest.get(slot, name), name)
    by_sha = {u["sha12"]: u for u in uploads}
    assert (status["expected"], status["received"]) == (18, 18)
    for form in status["forms"]:
        slot = form["rater"] or "服务质量考核"
        assert form["files"] == [f"{slot}/{newest[slot]}"]
        assert form["state"] == by_sha[newest[slot].split("_")[1][:12]]["state"]
    assert status["summary"] == "已收到 18/18 份"


def test_a_slow_body_is_stopped_at_its_deadline_and_others_are_served(blanks, tmp_path):
    app = app_client(quarter_folder(blanks, tmp_path), body_seconds=1.5).app
    with server_in_thread(app) as base:
        port = int(base.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port)) as sock:
            sock.sendall(
                b"POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5000\r\n"
                b"Content-Type: multipart/form-data; boundary=zz\r\n\r\n--zz\r\n"
            )
            started = time.monotonic()
            assert httpx2.get(base + "/status.json").status_code == 200  # meanwhile
            sock.settimeout(10)
            answer = b""
            while b"</html>" not in answer:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                answer += chunk
        waited = time.monotonic() - started
    assert answer.startswith(b"HTTP/1.1 408 ")
    assert "上传用时过长，已中断" in answer.decode("utf-8")
    assert 1.0 < waited < 6
