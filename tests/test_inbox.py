"""The inbox layout (inbox.py) and how the reader's file collection reads it."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
from click.testing import CliRunner

import redflag_xlsx.cli
from redflag_xlsx.cli import cli
from redflag_xlsx.intake.inbox import slot_folder, upload_name, upload_time
from redflag_xlsx.intake.reader import collect_files

from readkit import merged, split_forms

redflag_xlsx.cli._register()
T0 = dt.datetime(2026, 10, 15, 8, 30, 12, 123456, tzinfo=dt.UTC)
SHA = "ab12cd34ef56" + "0" * 52


def test_upload_names_sort_by_time_and_carry_the_hash() -> None:
    name = upload_name(T0, SHA)
    assert name == "20261015T083012.123456Z_ab12cd34ef56.xlsx"
    assert upload_time(name) == T0
    later = upload_name(T0 + dt.timedelta(microseconds=1), SHA, ".XLSM")
    assert later == "20261015T083012.123457Z_ab12cd34ef56.xlsm" and later > name
    beijing = dt.timezone(dt.timedelta(hours=8))
    assert upload_name(T0.astimezone(beijing), SHA) == name  # always UTC
    assert upload_time("JG03.xlsx") is None


@pytest.mark.parametrize(
    ("kind", "rater", "folder"),
    [
        # kind        rater        folder
        ("peer", "JG03", "JG03"),
        ("leadership", "LD02", "LD02"),
        ("scoring", "", "服务质量考核"),
        ("combined", "", "合并表格"),
        ("register", "", "检查记录台账"),
        ("peer", "检查记录台账", "=" + "检查记录台账".encode().hex()),
        ("peer", "机关01", "机关01"),
        ("peer", "../x", "=2e2e2f78"),
        ("peer", "a/b", "=612f62"),
        ("peer", "CON", "=434f4e"),
        ("peer", "_refused", "=5f72656675736564"),
        ("peer", "服务质量考核", "=" + "服务质量考核".encode().hex()),
        ("peer", "JG 01", "=4a47203031"),
        ("leadership", "x.", "=782e"),
    ],
)
def test_slot_folders_are_one_safe_path_component(kind, rater, folder) -> None:
    assert slot_folder(kind, rater) == folder


def _inbox(tmp_path, forms):
    """An inbox holding each form under its rater's folder, uploaded at T0."""
    inbox = tmp_path / "收件箱"
    for form in forms:
        rater = "" if form.name.startswith("服务质量考核") else form.stem.rsplit("_", 1)[1]
        folder = inbox / slot_folder("peer" if rater else "scoring", rater)  # leaders' too
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(form, folder / upload_name(T0, SHA))
    return inbox


def test_only_the_newest_upload_of_a_form_is_read(tmp_path) -> None:
    folder = tmp_path / "收件箱" / "JG03"
    folder.mkdir(parents=True)
    names = [upload_name(T0 + dt.timedelta(seconds=s), f"{s:012x}") for s in (5, 0, 30, 12)]
    for name in names:
        (folder / name).write_bytes(b"x")
    (folder / "手工放入.xlsx").write_bytes(b"x")  # not an upload's name: read as usual
    (tmp_path / "收件箱" / "_refused").mkdir()
    (tmp_path / "收件箱" / "_refused" / "x.xlsx").write_bytes(b"x")
    (tmp_path / "收件箱" / "_annotated" / "JG03").mkdir(parents=True)
    (tmp_path / "收件箱" / "_annotated" / "JG03" / names[2]).write_bytes(b"x")
    files, missing = collect_files([tmp_path / "收件箱"], recursive=True)
    assert missing == []
    assert [p.relative_to(tmp_path).as_posix() for p in files] == [
        f"收件箱/JG03/{names[2]}",
        "收件箱/JG03/手工放入.xlsx",
    ]
    # named directly, a superseded upload or the refused folder is read
    assert collect_files([folder / names[0]])[0] == [folder / names[0]]
    assert collect_files([tmp_path / "收件箱" / "_refused"])[0] == [
        tmp_path / "收件箱" / "_refused" / "x.xlsx"
    ]
    assert collect_files([tmp_path / "收件箱"])[0] == []  # the forms are in sub-folders: -r


def test_status_and_tally_read_the_current_uploads_only(blanks, tmp_path, key_file) -> None:
    clean = split_forms(blanks, tmp_path / "clean")
    wrong = split_forms(blanks, tmp_path / "wrong", merged(peer={"JG02": {"JG04": 101}}))
    inbox = _inbox(tmp_path, clean)
    # JG02 first sent a form with an error, then a corrected one: the corrected one counts
    jg02 = inbox / "JG02"
    (jg02 / upload_name(T0, SHA)).unlink()
    bad = next(p for p in wrong if p.name.endswith("_JG02.xlsx"))
    good = next(p for p in clean if p.name.endswith("_JG02.xlsx"))
    shutil.copy(bad, jg02 / upload_name(T0, "1" * 64))
    shutil.copy(good, jg02 / upload_name(T0 + dt.timedelta(minutes=3), "2" * 64))
    runner = CliRunner()
    status = runner.invoke(cli, ["status", str(inbox), "-r", "--key", str(key_file), "--json"])
    doc = json.loads(status.output)
    assert status.exit_code == 0, status.output
    entry = next(f for f in doc["forms"] if f["rater"] == "JG02")
    assert entry["files"] == [str(jg02 / upload_name(T0 + dt.timedelta(minutes=3), "2" * 64))]
    out = tmp_path / "结果"
    tally = runner.invoke(
        cli, ["tally", str(inbox), "-r", "--key", str(key_file), "--out", str(out), "--no-history"]
    )
    assert tally.exit_code == 0, tally.output
    # and the other way round: the newest upload has the error
    shutil.copy(bad, jg02 / upload_name(T0 + dt.timedelta(minutes=9), "3" * 64))
    status = runner.invoke(cli, ["status", str(inbox), "-r", "--key", str(key_file), "--json"])
    assert status.exit_code == 1
    entry = next(f for f in json.loads(status.output)["forms"] if f["rater"] == "JG02")
    assert entry["state"] == "errors"
