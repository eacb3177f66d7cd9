"""SPEC 8, "Nothing lost": no command writes over, renames or deletes an input, whatever the
names of the files and folders -- annotated copies into the inbox itself, an output named like
an input, an export over the ledger, a form over the roster it is built from."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from envkit import cli, snapshot, temporaries

from redflag_xlsx.forms.templates import build_templates
from redflag_xlsx.xlsx.files import Placement, parse_temp, place_unique, remove_stale, temp_path

from fill import fill_form, open_workbook
from readkit import DATA, KEY, ROSTER, filled

NAME = "评分表.xlsx"


@pytest.fixture
def inbox(blanks, tmp_path: Path) -> Path:
    """An inbox as units fill it: two units both sent ``评分表.xlsx`` (each in its own folder),
    a third one's ``评分表 (2).xlsx`` beside them -- the name a copy would have taken -- and the
    scoring form.  Every form has a finding, so every one gets an annotated copy."""
    inbox = tmp_path / "收件箱"
    split = {n.rsplit("_", 1)[-1].removesuffix(".xlsx"): p for n, p in blanks.split.items()}
    for folder, rater in (("甲", "JG02"), ("乙", "JG03")):
        values = dict(DATA["peer"][rater])
        values[next(iter(values))] = 101  # out of range: a finding
        fill_form(split[rater], values, out=inbox / folder / NAME)
    values = dict(DATA["peer"]["JG04"])
    values[next(iter(values))] = " 85 "  # a warning
    fill_form(split["JG04"], values, out=inbox / "甲" / "评分表 (2).xlsx")
    scoring = next(p for n, p in blanks.split.items() if n.startswith("服务质量考核"))
    fill_form(scoring, {"JG01": {"current": "９５"}}, out=inbox / "甲" / "评分表 (3).xlsx")
    (tmp_path / "key").write_bytes(KEY)
    return inbox


def test_annotated_copies_into_the_inbox_itself(inbox: Path) -> None:
    key = inbox.parent / "key"
    before = snapshot(inbox)
    for folder in (inbox / "甲", inbox):  # into a folder of inputs, then the inbox's root
        ran = cli("validate", inbox, "-r", "--annotate", folder, "--key", key, cwd=inbox.parent)
        assert ran.code == 1, ran.output
        now = snapshot(inbox)
        assert {p: now[p] for p in before} == before  # every input byte-identical
        copies = sorted(set(now) - set(before))
        assert len(copies) == len(before)  # one per form (all have findings), none over a file
        assert all(p.parent == folder for p in copies)
        before = now  # the copies are inputs of the next run
    assert temporaries(inbox) == []


def test_tally_annotates_into_the_inbox(inbox: Path) -> None:
    before = snapshot(inbox)
    ran = cli("tally", inbox, "-r", "--annotate", inbox / "甲", "--key", inbox.parent / "key",
              "--out", inbox.parent / "out", cwd=inbox.parent)  # fmt: skip
    assert ran.code == 1, ran.output
    now = snapshot(inbox)
    assert {p: now[p] for p in before} == before
    assert len(set(now) - set(before)) == 4


def test_outputs_never_replace_an_input(blanks, tmp_path: Path) -> None:
    form = filled(blanks, tmp_path / "in")
    key = tmp_path / "key"
    key.write_bytes(KEY)
    before = snapshot(tmp_path / "in")
    for args in (
        ("tally", tmp_path / "in", "--out", form, "--force", "--key", key),
        ("tally", tmp_path / "in", "--history", form, "--key", key),
        ("tally", tmp_path / "in", "--out", form, "--allow-errors", "--force", "--key", key),
    ):
        ran = cli(*args, cwd=tmp_path)
        assert ran.code == 2, (args, ran.output)
        assert ran.stderr.endswith("是本次读取的输入文件，不能被覆盖；请换一个输出文件名或文件夹\n")
    assert snapshot(tmp_path / "in") == before
    # the results beside the forms: the program's own earlier results may be replaced
    for _ in range(2):
        ran = cli("tally", tmp_path / "in", "--out", tmp_path / "in", "--force", "--key", key,
                  cwd=tmp_path)  # fmt: skip
        assert ran.code == 0, ran.output
    assert {p: b for p, b in snapshot(tmp_path / "in").items() if p in before} == before


def test_export_never_replaces_the_ledger(blanks, tmp_path: Path) -> None:
    filled(blanks, tmp_path / "in")
    (tmp_path / "key").write_bytes(KEY)
    assert cli("tally", tmp_path / "in", "--out", tmp_path, "--key", tmp_path / "key",
               cwd=tmp_path).code == 0  # fmt: skip
    db = tmp_path / "redflag_history.db"
    before = db.read_bytes()
    for target in (db, tmp_path / "." / "redflag_history.db"):
        ran = cli("history", "--history", db, "--export", target, "--force", cwd=tmp_path)
        assert ran.code == 2 and "就是历史记录文件本身" in ran.stderr
    assert db.read_bytes() == before


def test_forms_never_replace_the_roster_they_are_built_from(tmp_path: Path) -> None:
    assert cli("init", tmp_path / "setup", cwd=tmp_path).code == 0
    roster = tmp_path / "forms" / "红旗评选_2026Q4.xlsx"  # named like the form it would become
    roster.parent.mkdir()
    shutil.copy(tmp_path / "setup" / "roster.xlsx", roster)
    before = roster.read_bytes()
    ran = cli("build-template", "--roster", roster, "--out", roster.parent, "--period", "2026Q4",
              "--key", tmp_path / "k", cwd=tmp_path)  # fmt: skip
    assert ran.code == 2 and "是本次读取的输入文件" in ran.stderr
    assert roster.read_bytes() == before and [p.name for p in roster.parent.iterdir()] == [
        roster.name
    ]


# --- the placement primitives -------------------------------------------------------------------
def test_unique_names_exist_nowhere(tmp_path: Path) -> None:
    (tmp_path / "a.xlsx").write_bytes(b"1")
    (tmp_path / "a (2).xlsx").write_bytes(b"2")
    avoid = [tmp_path / "a (3).xlsx"]  # an input that does not exist (yet) is avoided too
    made = []
    for i in range(3):
        tmp = temp_path(tmp_path / "a.xlsx")
        tmp.write_bytes(b"copy %d" % i)
        made.append(place_unique(tmp, tmp_path / "a.xlsx", avoid=avoid).name)
    assert made == ["a (4).xlsx", "a (5).xlsx", "a (6).xlsx"]
    assert (tmp_path / "a.xlsx").read_bytes() == b"1" and (
        tmp_path / "a (2).xlsx"
    ).read_bytes() == b"2"


def test_placement_is_exclusive_and_undoable(tmp_path: Path) -> None:
    target = tmp_path / "r.xlsx"
    target.write_bytes(b"old")
    tmp = temp_path(target, "L")
    tmp.write_bytes(b"new")
    with pytest.raises(FileExistsError):
        Placement(tmp, target).place()
    assert target.read_bytes() == b"old"
    forced = Placement(tmp, target, replace=True)
    forced.place()
    assert target.read_bytes() == b"new" and os.path.samefile(tmp, target)
    forced.undo()
    assert target.read_bytes() == b"old" and sorted(p.name for p in tmp_path.iterdir()) == [
        "r.xlsx"
    ]


def test_only_stale_temporaries_of_ours_are_removed(tmp_path: Path) -> None:
    mine = temp_path(tmp_path / "x.xlsx")  # this process: alive
    mine.write_bytes(b"")
    info = parse_temp(mine.name)
    assert info is not None and info.tag == "T" and info.name == "x.xlsx"
    dead = tmp_path / mine.name.replace(f"-{os.getpid()}-", "-999999999-")
    dead.write_bytes(b"")
    lookalike = tmp_path / ".redflag-tmp-not-ours.xlsx"
    lookalike.write_bytes(b"keep")
    kept_input = tmp_path / dead.name.replace("x.xlsx", "y.xlsx")
    kept_input.write_bytes(b"an input named like one of ours")
    assert remove_stale(tmp_path, keep=[kept_input]) == [dead]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [mine.name, lookalike.name, kept_input.name]
    )


def test_init_and_build_template_refuse_to_overwrite_without_force(tmp_path: Path) -> None:
    (tmp_path / "setup").mkdir()
    (tmp_path / "setup" / "roster.xlsx").write_bytes(b"the clerk's roster")
    ran = cli("init", tmp_path / "setup", cwd=tmp_path)
    assert ran.code == 2 and "已存在" in ran.stderr
    assert sorted(p.name for p in (tmp_path / "setup").iterdir()) == ["roster.xlsx"]
    assert (tmp_path / "setup" / "roster.xlsx").read_bytes() == b"the clerk's roster"


def test_a_form_re_issued_keeps_other_files(tmp_path: Path) -> None:
    forms = build_templates(ROSTER, "2026Q4", tmp_path / "forms", key=KEY, split=True)
    other = tmp_path / "forms" / "notes.xlsx"
    other.write_bytes(b"mine")
    before = snapshot(tmp_path / "forms")
    again = build_templates(ROSTER, "2026Q4", tmp_path / "forms", key=KEY, only=["JG03"])
    assert [p.name for p in again] == ["单位互评_2026Q4_JG03.xlsx"]
    after = snapshot(tmp_path / "forms")
    assert after == before  # byte for byte the same form, every other file untouched
    assert len(forms) + 1 == len(after)
    with open_workbook(forms[0], save=False) as wb:
        assert "_meta" in wb.sheetnames
