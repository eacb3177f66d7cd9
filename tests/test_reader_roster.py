"""The run's roster: a large roster carried in chunks in ``_meta`` (bug C1), no silent sample
roster when the forms' roster cannot be read, and split site-scope peer forms listing only the
rater's site."""

from __future__ import annotations

import json

from redflag_xlsx.core.roster import Roster
from redflag_xlsx.core.rules import Rules
from redflag_xlsx.forms.templates import build_templates
from redflag_xlsx.xlsx import layout

from fill import complete, edit_meta, fill_form, open_workbook
from readkit import KEY, ROSTER, read, split_forms

NO_ROSTER_ZH = (
    "无法读取表格中的单位名单：{count} 份表格都没有可用的名单（其中 {damaged} 份隐藏的 _meta "
    "中名单被截断或改动，如“{file}”），因此无法核对，不能汇总"
)
NO_ROSTER_HINT_ZH = "请用 --roster 指定生成这些表格时所用的名单文件（如 --roster 名单.xlsx）"


def big_roster(units: int = 400) -> Roster:
    """``units`` units over 10 sites, with names holding spaces (a chunk may end in one)."""
    return Roster.from_mapping(
        {
            "units": [
                {
                    "code": f"U{i:04d}",
                    "name": f"第 {i} 号 综合服务项目",
                    "site": f"场所{i % 10}",
                    "category": "物业管理",
                    "contractor": "华信物业管理有限公司",
                }
                for i in range(units)
            ],
            "leaders": [{"code": "LD01", "name": "王建国"}, {"code": "LD02", "name": "李红梅"}],
        }
    )


def write_roster_row(path, chunks: list[str]) -> None:
    """``_meta``'s roster row rewritten by hand: ``chunks`` in B, C, D, ... and nothing after."""
    with open_workbook(path) as wb:
        ws = wb[layout.META_SHEET]
        row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "roster")
        for col in range(2, ws.max_column + 2):
            ws.cell(row, col).value = None
        for col, chunk in enumerate(chunks, start=2):
            ws.cell(row, col).value = chunk


def test_a_large_roster_in_chunks_is_joined(tmp_path):
    roster = big_roster()
    text = roster.canonical_json()
    assert len(text) > 32_767  # more than one cell holds
    # cut right after a space inside a name: chunks are joined as written, not trimmed
    first = text.index("号 ") + 2
    chunks = [text[:first], text[first:20_000], text[20_000:]]
    assert chunks[0].endswith(" ") and all(chunks)
    blank = build_templates(roster, "2026Q4", tmp_path / "forms", key=KEY)[0]
    write_roster_row(blank, chunks)
    sub = read(blank)  # no roster given: it comes from the form
    assert sub.roster == roster
    assert {i.code for i in sub.issues} == {"W_MISSING_RATER"}  # a blank form, nothing else
    assert len(sub.issues) == 400 + 2

    # a chunk lost (the row cut after C): the roster cannot be read, and nothing is compared
    write_roster_row(blank, chunks[:2])
    sub = read(blank)
    assert [(i.code, i.file, i.cell) for i in sub.issues] == [("E_ROSTER_MISMATCH", None, None)]
    assert sub.issues[0].message == NO_ROSTER_ZH.format(count=1, damaged=1, file=blank)
    assert sub.issues[0].hint == NO_ROSTER_HINT_ZH
    assert sub.roster.units == () and sub.scoring == {}
    # the roster given on the command line decides
    sub = read(blank, roster=roster)
    assert {i.code for i in sub.issues} == {"W_MISSING_RATER"}


def test_forms_without_a_readable_roster_are_one_finding_not_the_sample(blanks, tmp_path):
    forms = split_forms(blanks, tmp_path / "in")
    cut = json.dumps({"units": []})[:-3]
    for path in forms:
        edit_meta(path, roster=cut)
    forms[3].unlink()  # one form less: the count says how many were read
    sub = read(tmp_path / "in")
    assert [(i.code, i.file) for i in sub.issues] == [("E_ROSTER_MISMATCH", None)]
    n, first = len(forms) - 1, min(str(p) for p in forms[:3] + forms[4:])  # read in name order
    assert sub.files[0] == first
    # the scoring workbook's roster is cut; the format 2 rating forms carry none
    scoring = str(forms[0])
    assert forms[0].name.startswith("服务质量考核")
    assert sub.issues[0].message == NO_ROSTER_ZH.format(count=n, damaged=1, file=scoring)
    assert sub.peer == {} and sub.scoring == {}
    assert sub.issues[0].text("en") == (
        f"the roster carried in the forms cannot be read: none of the {n} forms holds a usable"
        f" roster (1 have a cut or changed roster in the hidden _meta, such as '{scoring}'),"
        " so none could be checked or counted"
    )
    assert sub.issues[0].hint_text("en") == (
        "give the roster the forms were made from with --roster (e.g. --roster roster.xlsx)"
    )
    # with --roster every form is read as usual (the sample roster is theirs)
    sub = read(tmp_path / "in", roster=ROSTER)
    assert [(i.code, i.rater) for i in sub.issues] == [("W_MISSING_RATER", forms[3].stem[-4:])]


def test_one_form_with_a_readable_roster_is_enough(blanks, tmp_path):
    forms = split_forms(blanks, tmp_path / "in")
    for path in forms[1:]:
        edit_meta(path, roster="{}")  # damaged, but the fingerprint still names the roster
    sub = read(tmp_path / "in")
    assert sub.issues == []
    assert sub.roster == ROSTER


def test_split_site_scope_peer_forms_list_their_site_only(tmp_path):
    rules = Rules(peer_scope="site")
    made = build_templates(ROSTER, "2026Q4", tmp_path / "forms", split=True, key=KEY, rules=rules)
    data = complete(ROSTER, rules)
    jg02 = next(p for p in made if p.name.endswith("_JG02.xlsx"))
    xz01 = next(p for p in made if p.name.endswith("_XZ01.xlsx"))
    with open_workbook(jg02, save=False) as wb:
        ws = wb["单位互评"]
        listed = [ws.cell(r, 1).value for r in range(layout.FIRST_DATA_ROW, ws.max_row + 1)]
    jg = [u.code for u in ROSTER.units if u.site == ROSTER.unit("JG02").site]
    assert [c for c in listed if c] == [c for c in jg if c != "JG02"]  # its site, not itself
    filled = [
        fill_form(jg02, data["peer"]["JG02"], out=tmp_path / "in" / jg02.name),
        fill_form(xz01, data["peer"]["XZ01"], out=tmp_path / "in" / xz01.name),
    ]
    sub = read(*filled, rules=rules, roster=ROSTER)
    assert {i.code for i in sub.issues} == {"E_MISSING_SCORING", "W_MISSING_RATER"}
    assert sub.peer["JG02"] == data["peer"]["JG02"]
    assert sub.peer["XZ01"] == data["peer"]["XZ01"]

    # a row of its own site deleted is still a changed structure
    with open_workbook(filled[0]) as wb:
        wb["单位互评"].delete_rows(layout.FIRST_DATA_ROW + listed.index("JG05"))
    sub = read(*filled, rules=rules, roster=ROSTER)
    structure = [(i.sheet, i.unit, i.message) for i in sub.issues if i.code == "E_STRUCTURE"]
    name = ROSTER.unit("JG05").name
    assert structure == [("单位互评", "JG05", f"表格结构被改动：缺少单位 JG05（{name}）的评分行")]


def test_scope_all_forms_and_the_combined_workbook_need_every_column(blanks, tmp_path):
    site = Rules(peer_scope="site")
    forms = split_forms(blanks, tmp_path / "in")  # made with scope "all": every unit a column
    jg02 = next(p for p in forms if p.name.endswith("_JG02.xlsx"))
    # a form listing every unit is fine under scope "site" too (made before the change)
    sub = read(*forms, rules=site)
    assert {i.code for i in sub.issues} <= {"W_OUT_OF_SCOPE"}
    with open_workbook(jg02) as wb:  # XZ02: a unit of another site (format 2: its row)
        ws = wb["单位互评"]
        ws.delete_rows(next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "XZ02"))
    sub = read(*forms)  # scope "all": every unit is needed
    assert [(i.code, i.unit, i.file) for i in sub.issues if i.code == "E_STRUCTURE"] == [
        ("E_STRUCTURE", "XZ02", str(jg02))
    ]
    combined = build_templates(ROSTER, "2026Q4", tmp_path / "site", key=KEY, rules=site)[0]
    with open_workbook(combined) as wb:
        wb["单位互评"].delete_cols(2 + 10)
    sub = read(combined, rules=site)
    assert [(i.code, i.unit) for i in sub.issues if i.code == "E_STRUCTURE"] == [
        ("E_STRUCTURE", "XZ02")
    ]
