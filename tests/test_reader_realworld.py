"""Forms as other programs and people leave them: parts written differently, cells edited by hand.

Each case starts from a real filled template and changes what Excel, WPS, LibreOffice or another
generator would write differently (the XML inside the zip), or what a person would type.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from redflag_xlsx.xlsx import cells as xlsx_cells
from redflag_xlsx.xlsx import layout

import soffice
from fill import Formatted, cell_of, fill_combined
from readkit import ROSTER, filled, flat, merged, read
from xlsxedit import edit_parts, replace_cell, sheet_parts


def sheet_part(path: Path, sheet_key: str) -> str:
    """The zip member holding the sheet ``sheet_key`` (scoring | peer | leadership)."""
    return sheet_parts(path)[layout.sheet_name(sheet_key, "zh")]


# --- how other programs write cells --------------------------------------------------------
def test_rows_without_r_are_placed_by_their_cells_references(blanks, tmp_path):
    # Some generators leave out <row r=...> and skip empty rows; the cells keep r="D5".
    path = filled(blanks, tmp_path, scoring={"JG02": {"inspection_minor": 1.5}})
    cell = cell_of(path, "scoring", "JG02", "inspection_minor")
    assert flat(read(path)) == [("E_NOT_INTEGER", cell)]

    def without_row_numbers(xml: str) -> str:
        xml, n = re.subn(r'<row r="2"[^>]*>.*?</row>', "", xml, count=1)
        assert n == 1  # the second title row is gone: the header is still on row 3
        return re.sub(r'<row r="\d+"', "<row", xml)

    edited = edit_parts(
        path, tmp_path / "rows.xlsx", {sheet_part(path, "scoring"): without_row_numbers}
    )
    assert flat(read(edited)) == [("E_NOT_INTEGER", cell)]


def test_escaped_characters_in_text_are_decoded(blanks, tmp_path):
    # Excel writes a carriage return as _x000D_ and a typed "_x0041_" as "_x005F_x0041_".
    path = filled(blanks, tmp_path)
    cell = cell_of(path, "scoring", "JG01", "remark")
    text = "第一行_x000D_\n第二行 _x005F_x0041_"
    new = f'<c r="{cell}" t="inlineStr"><is><t>{text}</t></is></c>'
    part = sheet_part(path, "scoring")
    edited = edit_parts(path, tmp_path / "escaped.xlsx", {part: replace_cell(cell, new)})
    assert read(edited).scoring["JG01"].remark == "第一行\r\n第二行 _x0041_"
    # ... and in a formula's text result (t="str"), which is kept with a warning
    formula = f'<c r="{cell}" t="str"><f>"甲"&amp;CHAR(13)&amp;"乙"</f><v>甲_x000D_乙</v></c>'
    edited = edit_parts(path, tmp_path / "formula.xlsx", {part: replace_cell(cell, formula)})
    sub = read(edited)
    assert sub.scoring["JG01"].remark == "甲\r乙"
    assert flat(sub) == [("W_FORMULA_IN_INPUT", cell)]


def test_cells_holding_empty_text_are_blank(blanks, tmp_path):
    # Pasting values of formulas that gave "" leaves cells of empty text (t="s"/inlineStr);
    # such cells, even the grey self cell, are blank: JG03 sent nothing, nothing was self-rated.
    data = merged()
    del data["peer"]["JG03"]
    path = fill_combined(blanks.combined, out=tmp_path / "blank.xlsx", **data)
    cells = [cell_of(path, "peer", "JG03", u.code) for u in ROSTER.units]
    row = int(cells[0][1:])
    blank = read(path)
    assert flat(blank) == [("W_MISSING_RATER", f"A{row}")]
    peer = sheet_part(path, "peer")
    below = f"C{row + 20}"  # far below the table, without a code
    edits = [replace_cell(c, f'<c r="{c}" t="inlineStr"><is><t></t></is></c>') for c in cells]
    for text, name in (("", "empty.xlsx"), (" \u3000", "spaces.xlsx")):

        def empty(xml: str, text=text) -> str:
            for edit in edits:
                xml = edit(xml)
            xml = xml.replace("<t></t>", f'<t xml:space="preserve">{text}</t>')
            cell = f'<c r="{below}" t="inlineStr"><is><t>{text}</t></is></c>'
            return xml.replace("</sheetData>", f'<row r="{row + 20}">{cell}</row></sheetData>')

        sub = read(edit_parts(path, tmp_path / name, {peer: empty}))
        assert flat(sub) == flat(blank)
        assert sub.peer == blank.peer


# --- what people do to a form ----------------------------------------------------------------
def test_codes_retyped_in_lower_case_or_full_width_are_the_roster_s_codes(blanks, tmp_path):
    # The code cells are locked, so a changed code was retyped; Excel's own lookups ignore case,
    # and so does the reader when the roster's code is unambiguous (the row is read as JG01's).
    path = filled(blanks, tmp_path, scoring={"JG01": {"inspection_minor": 2}})
    before = read(path)
    scoring, peer = sheet_part(path, "scoring"), sheet_part(path, "peer")
    jg01 = "A" + cell_of(path, "scoring", "JG01", "inspection_minor")[1:]
    jg02 = "A" + cell_of(path, "peer", "JG02", "JG03")[1:]
    header = cell_of(path, "peer", "JG02", "JG03")[0] + str(layout.HEADER_ROW)
    typed = {"jg01": jg01, "ｊｇ02": jg02, "Jg03": header}
    edits = {scoring: [], peer: []}
    for text, cell in typed.items():
        new = f'<c r="{cell}" t="inlineStr"><is><t>{text}</t></is></c>'
        edits[scoring if cell == jg01 else peer].append(replace_cell(cell, new))

    def apply(edit_list):
        def edit(xml: str) -> str:
            for one in edit_list:
                xml = one(xml)
            return xml

        return edit

    edited = edit_parts(path, tmp_path / "lower.xlsx", {k: apply(v) for k, v in edits.items()})
    after = read(edited)
    assert after.issues == before.issues == []
    assert after.scoring["JG01"].counts == before.scoring["JG01"].counts
    assert after.peer == before.peer
    assert after.leadership == before.leadership


def test_a_rate_pasted_as_a_fraction_is_kept_with_a_warning(blanks, tmp_path):
    # Paste Special > Values of a survey sheet's 95.5% leaves 0.955 without the percent format.
    rows = {
        "JG01": {"baseline": 0.93, "current": Formatted(0.955, "0.0%")},
        "JG02": {"baseline": "0.9", "current": "95%"},
    }
    path = filled(blanks, tmp_path, scoring=rows)
    sub = read(path)
    assert flat(sub) == [
        ("W_RATE_FRACTION", cell_of(path, "scoring", "JG01", "baseline")),
        ("W_TEXT_NUMBER", cell_of(path, "scoring", "JG02", "baseline")),
        ("W_RATE_FRACTION", cell_of(path, "scoring", "JG02", "baseline")),
        ("W_TEXT_NUMBER", cell_of(path, "scoring", "JG02", "current")),
    ]
    assert sub.issues[0].message == (
        "“基准满意率(%)”填写的是 0.93，按 0.93% 读取；满意率按百分数填写（95 表示 95%）"
    )
    assert sub.issues[0].hint.startswith("如果指的是 93%，请改填 93（")
    assert (sub.scoring["JG01"].baseline, sub.scoring["JG01"].current) == (0.93, 95.5)
    assert (sub.scoring["JG02"].baseline, sub.scoring["JG02"].current) == (0.9, 95.0)


def test_formulas_filled_across_cells_show_their_own_text(blanks, tmp_path):
    # Excel stores a formula dragged across cells once (<f t="shared" si="0">) and leaves the
    # other cells' <f> empty; each cell's message shows the formula as that cell holds it.
    path = filled(blanks, tmp_path)
    cells = [cell_of(path, "leadership", "LD01", u) for u in ("JG01", "JG02", "JG03")]
    above = [c[0] + str(int(c[1:]) - 1) for c in cells]  # (only the formulas' text matters)
    first, second, third = cells
    xml = {
        first: f'<c r="{first}"><f t="shared" ref="{first}:{third}" si="0">80+5</f><v>85</v></c>',
        second: f'<c r="{second}"><f t="shared" si="0"/><v>85</v></c>',
        third: f'<c r="{third}" s="0"><f t="shared" si="0"></f><v>85</v></c>',
    }
    refs = f"{above[0]}+$A$1*0+{above[0][0]}$1*0+SUM({above[0]}:{above[1]})*0+LOG10(100)+83"
    shifted = [
        f"{a}+$A$1*0+{a[0]}$1*0+SUM({a}:{chr(ord(a[0]) + 1)}{a[1:]})*0+LOG10(100)+83" for a in above
    ]
    edits = [replace_cell(c, x) for c, x in xml.items()]
    part = sheet_part(path, "leadership")

    def apply(text: str):
        def edit(xml: str) -> str:
            for one in edits:
                xml = one(xml)
            return xml.replace(">80+5<", f">{text}<")

        return edit

    sub = read(edit_parts(path, tmp_path / "dragged.xlsx", {part: apply("80+5")}))
    assert flat(sub) == [("W_FORMULA_IN_INPUT", c) for c in cells]
    assert all("公式“=80+5”" in i.message for i in sub.issues)
    assert [sub.leadership["LD01"][u] for u in ("JG01", "JG02", "JG03")] == [85.0] * 3
    sub = read(edit_parts(path, tmp_path / "refs.xlsx", {part: apply(refs)}))
    assert [i.message.split("“")[2].split("”")[0] for i in sub.issues] == [f"={f}" for f in shifted]


@pytest.mark.parametrize(
    ("formula", "rows", "cols", "shifted"),
    [
        # formula in the first cell, rows down, columns right, as the other cell holds it
        ("A1+$B$2+C$3+$D4", 1, 1, "B2+$B$2+D$3+$D5"),
        ("IF(A1=\"A1\",'Q1 A1'!A1,Sheet1!A1)", 2, 0, "IF(A3=\"A1\",'Q1 A1'!A3,Sheet1!A3)"),
        ("SUM(A1:B2)+LOG10(100)+1E5+T1[x]", 0, 2, "SUM(C1:D2)+LOG10(100)+1E5+T1[x]"),
        ("A1+XFD1", 0, 1, "B1+#REF!"),
        ("80+5", 3, 3, "80+5"),
    ],
)
def test_shared_formula_references_move_like_excel_s(formula, rows, cols, shifted):
    assert xlsx_cells._shift_references(formula, rows, cols) == shifted


# --- how files are named ---------------------------------------------------------------------
def test_wildcards_are_expanded_and_office_lock_files_skipped(blanks, tmp_path):
    # cmd.exe passes "收到的表格\*.xlsx" on unexpanded; a shell's expansion also names the
    # owner file Excel keeps beside a form that is open ("~$红旗评选_2026Q4.xlsx").
    folder = tmp_path / "收到的表格"
    form = filled(blanks, folder)
    lock = folder / "~$红旗评选_2026Q4.xlsx"
    lock.write_bytes(b"\x05Clerk" + b"\x00" * 160)
    (folder / "说明.txt").write_text("不是表格", encoding="utf-8")
    by_folder = read(folder)
    for paths in ([folder / "*.xlsx"], [folder / "*"], [form, lock], [folder / "红旗评选_*.xls?"]):
        sub = read(*paths)
        assert (sub.files, sub.issues) == (by_folder.files, by_folder.issues) == ([str(form)], [])
    nothing = read(folder / "*.xlsm", form)
    assert flat(nothing) == [("E_UNREADABLE", None)]
    assert nothing.issues[0].file == str(folder / "*.xlsm")


# --- other programs' re-saves ------------------------------------------------------------------
@pytest.mark.soffice
def test_a_form_through_ods_and_back_and_the_other_xlsx_filter_reads_the_same(blanks, tmp_path):
    # A clerk in LibreOffice may keep the file as .ods and export it again, or export with the
    # "Office Open XML" filter instead of "Excel 2007-365": both lose the custom properties'
    # types and the very hidden state, and write every string as a shared string with runs.
    changes = {
        "peer": {"JG02": {"JG03": " 85 ", "JG04": "85。5"}},
        "scoring": {"JG01": {"remark": "第一行\n第二行", "current": "95%"}},
    }
    path = filled(blanks, tmp_path / "in", **changes)
    before = read(path)
    ods = soffice.convert(path, "ods", tmp_path / "ods")
    back = soffice.convert(ods, "xlsx", tmp_path / "back")
    other = soffice.convert(path, "xlsx:Calc Office Open XML", tmp_path / "other")
    for after in (read(back), read(other)):
        assert [(i.code, i.sheet, i.cell, i.message) for i in after.issues] == [
            (i.code, i.sheet, i.cell, i.message) for i in before.issues
        ]
        for code, row in before.scoring.items():
            assert after.scoring[code].model_dump(exclude={"file"}) == row.model_dump(
                exclude={"file"}
            )
        assert (after.peer, after.leadership) == (before.peer, before.leadership)
    assert before.scoring["JG01"].remark == "第一行\n第二行"
    assert before.peer["JG02"]["JG04"] == 85.5
