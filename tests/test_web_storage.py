"""The inbox on disk (web/storage.py): new names, never overwriting, safe names."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import threading
import time

import pytest

from redflag_xlsx.intake.inbox import UPLOAD_NAME, upload_name
from redflag_xlsx.web import storage
from redflag_xlsx.web.storage import Inbox, safe_file_name


def test_every_store_is_a_new_file(tmp_path):
    inbox = Inbox(tmp_path / "收件箱")
    inbox.prepare()
    first = inbox.store(b"one", "peer", "JG03")
    again = inbox.store(b"one", "peer", "JG03")
    other = inbox.store(b"two", "peer", "JG03", ".XLSM")
    assert first != again and first.read_bytes() == again.read_bytes() == b"one"
    assert [p.parent.name for p in (first, again, other)] == ["JG03"] * 3
    assert UPLOAD_NAME.match(other.name) and other.suffix == ".xlsm"
    assert other.name.split("_")[1] == hashlib.sha256(b"two").hexdigest()[:12] + ".xlsm"
    assert sorted([first.name, again.name, other.name]) == [first.name, again.name, other.name]
    assert inbox.current_files() == [other]
    assert not list((tmp_path / "收件箱").rglob(".*.tmp"))  # no temporary file left


def test_the_newest_stays_newest_when_the_clock_steps_back(tmp_path):
    inbox = Inbox(tmp_path)
    folder = tmp_path / "JG03"
    folder.mkdir()
    future = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    ahead = folder / upload_name(future, "f" * 64)
    ahead.write_bytes(b"earlier upload, clock ahead")
    stored = inbox.store(b"later upload", "peer", "JG03")
    assert stored.name > ahead.name
    assert inbox.current_files() == [stored]


def test_nothing_is_overwritten_under_races(tmp_path, monkeypatch):
    """Many threads store the same bytes at the same frozen instant: each gets its own file."""
    frozen = dt.datetime(2026, 10, 15, 8, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(storage, "_next_time", lambda folder: frozen)
    inbox = Inbox(tmp_path)
    inbox.store(b"x", "peer", "JG03")
    with pytest.raises(FileExistsError):
        inbox.store(b"x", "peer", "JG03")  # the same name: refused, never replaced
    assert (tmp_path / "JG03" / upload_name(frozen, hashlib.sha256(b"x").hexdigest())).read_bytes()

    monkeypatch.undo()
    paths: list = []
    errors: list = []

    def work(i: int) -> None:
        try:
            paths.append(inbox.store(f"form {i % 3}".encode(), "peer", "JG05"))
        except Exception as exc:  # pragma: no cover - the assertion below shows it
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(40)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == [] and len(set(paths)) == 40
    assert sorted(p.read_bytes() for p in paths) == sorted(
        f"form {i % 3}".encode() for i in range(40)
    )


def test_refused_and_annotated_files(tmp_path):
    inbox = Inbox(tmp_path)
    refused = inbox.refuse(b"junk", "../../etc/坏 文件.xlsx")
    assert refused.parent.name == "_refused" and refused.name.endswith("_坏 文件.xlsx")
    assert inbox.refused_files() == [refused]
    stored = inbox.store(b"form", "leadership", "LD02")
    marked = tmp_path.parent / f"{tmp_path.name}-marked.xlsx"
    marked.write_bytes(b"marked")
    copy = inbox.keep_annotated(marked, stored)
    assert copy == tmp_path / "_annotated" / "LD02" / stored.name
    with pytest.raises(FileExistsError):
        inbox.keep_annotated(marked, stored)
    assert inbox.current_files() == [stored]  # neither refused nor marked copies are read


def test_prepare_removes_stale_temporary_files_only(tmp_path):
    inbox = Inbox(tmp_path)
    (tmp_path / "JG03").mkdir()
    stale = tmp_path / "JG03" / ".0123456789abcdef.tmp"
    fresh = tmp_path / "JG03" / ".fedcba9876543210.tmp"
    stale.write_bytes(b"killed")
    fresh.write_bytes(b"being written")
    old = time.time() - storage.STALE_TEMPORARY_SECONDS - 10
    os.utime(stale, (old, old))
    inbox.prepare()
    assert not stale.exists() and fresh.exists()


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        # as sent                          as kept and shown
        ("单位互评_2026Q4_JG03.xlsx", "单位互评_2026Q4_JG03.xlsx"),
        ("C:\\Users\\王\\桌面\\表.xlsx", "表.xlsx"),
        ("../../etc/passwd", "passwd"),
        ("a<b>:c|d?.xlsx", "a_b__c_d_.xlsx"),
        ("\u202egpj.xlsx", "gpj.xlsx"),  # right-to-left override removed
        ("tab\there\n.xlsx", "tabhere.xlsx"),
        ("~$表.xlsx", "表.xlsx"),
        ("CON.xlsx", "_CON.xlsx"),
        ("...", "upload.xlsx"),
        ("", "upload.xlsx"),
        (None, "upload.xlsx"),
        ("长" * 100 + ".xlsx", "长" * 75 + ".xlsx"),
    ],
)
def test_safe_file_names(raw, safe):
    assert safe_file_name(raw) == safe
