"""build_templates at the sizes a city reaches: the roster in ``_meta`` split over several cells
(bug C1), a roster too wide for a sheet refused (bug C2), and split site-scope peer forms that
list only their site, read back like the combined workbook."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from xlsxwriter.worksheet import Worksheet

from redflag_xlsx.core.errors import ConfigError
from redflag_xlsx.core.i18n import t
from redflag_xlsx.core.roster import Leader, Roster, Unit
from redflag_xlsx.core.rules import Rules
from redflag_xlsx.core.scoring import tally
from redflag_xlsx.forms.templates import build_templates, form_filename, meta_chunks
from redflag_xlsx.intake.reader import read_submissions
from redflag_xlsx.xlsx import layout

from fill import complete, fill_combined, fill_form

KEY = b"test-key"
CATEGORIES = ("物业管理", "保洁", "餐饮", "安保", "绿化")


def city(units: int, per_site: int = 40, leaders: int = 3) -> Roster:
    """A roster of ``units`` units, ``per_site`` to a site, with realistic Chinese names."""
    sites = [f"第{s + 1:03d}办公区" for s in range((units + per_site - 1) // per_site)]
    return Roster(
        units=tuple(
            Unit(
                code=f"U{i + 1:05d}",
                name=f"{sites[i // per_site]}{CATEGORIES[i % 5]}服务项目{i + 1}",
                site=sites[i // per_site],
                category=CATEGORIES[i % 5],
                contractor="华信物业管理有限公司",
            )
            for i in range(units)
        ),
        leaders=tuple(Leader(code=f"LD{i + 1:03d}", name=f"领导{i + 1}") for i in range(leaders)),
    )


def meta_rows(path: Path) -> dict[str, list[str]]:
    """``_meta``: key -> its values from column B up to the first empty cell."""
    ws = openpyxl.load_workbook(path, read_only=True)[layout.META_SHEET]
    rows = {}
    for row in list(ws.iter_rows(values_only=True))[1:]:
        values = []
        for value in row[1:]:
            if value in (None, ""):
                break
            values.append(value)
        rows[row[0]] = values
    return rows


def test_meta_chunks_are_cell_sized() -> None:
    assert meta_chunks("") == [""] and meta_chunks("abc", 2) == ["ab", "c"]
    text = "名" * 70_000
    chunks = meta_chunks(text)
    assert [len(c) for c in chunks] == [32_000, 32_000, 6_000] and "".join(chunks) == text
    rare = "𠮷" * 20_000 + "x"  # outside the BMP: 2 UTF-16 units each, as Excel counts them
    chunks = meta_chunks(rare)
    assert [len(c) for c in chunks] == [16_000, 4_001] and "".join(chunks) == rare
    assert all(len(c.encode("utf-16-le")) // 2 <= layout.META_CHUNK_CHARS for c in chunks)


def test_large_roster_is_carried_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """400 units: the canonical JSON (~45,000 characters) over B and C of the roster row, every
    write complete (xlsxwriter cuts a string at 32,767 characters and only returns -2)."""
    roster = city(400)
    text = roster.canonical_json()
    assert len(text) > 32_767
    returns: list[int] = []
    original = Worksheet.write_string

    def recording(self, *args, **kwargs):
        result = original(self, *args, **kwargs)
        returns.append(result)
        return result

    monkeypatch.setattr(Worksheet, "write_string", recording)
    rules = Rules(peer_scope="site", flags_per_site=dict.fromkeys(roster.sites, 1))
    out = tmp_path / "forms"
    [combined] = build_templates(roster, "2026Q4", out, rules=rules, key=KEY)
    scoring = build_templates(roster, "2026Q4", tmp_path / "split", rules=rules, split=True)[0]
    assert returns and set(returns) == {0}
    for path in (combined, scoring):
        meta = meta_rows(path)
        chunks = meta["roster"]
        assert len(chunks) == 2 and all(len(c) <= layout.META_CHUNK_CHARS for c in chunks)
        assert "".join(chunks) == text
        assert meta["roster_fingerprint"] == [roster.fingerprint]
        assert all(len(v) <= 1 for k, v in meta.items() if k != "roster")
    # the sample roster is short: B alone, as before
    [small] = build_templates(Roster.sample(), "2026Q4", tmp_path / "small")
    assert meta_rows(small)["roster"] == [Roster.sample().canonical_json()]


def test_roster_too_wide_for_a_sheet_is_refused(tmp_path: Path) -> None:
    roster = city(16_383, per_site=400)  # 2 + 16,383 columns: one more than XFD
    rules = Rules(peer_scope="site", flags_per_site=dict.fromkeys(roster.sites, 1))
    # the combined workbook keeps its grids; split rating forms are lists (format 2), which
    # have no column limit (test_format2: a form of 16,384 units is written)
    for split, lang in ((False, "zh"), (False, "en")):
        out = tmp_path / f"out{lang}"
        with pytest.raises(ConfigError) as err:
            build_templates(roster, "2026Q4", out, rules=rules, split=split, lang=lang)
        sheet = layout.sheet_name("peer", lang)
        expected = t(
            "tpl_too_many_units",
            lang,
            units=16_383,
            sheet=sheet,
            columns=16_385,
            limit=16_384,
            most=16_382,
        )
        assert str(err.value) == expected and "16384" in expected
        assert not out.exists()  # refused before anything is written


def test_split_site_scope_quarter_reads_like_the_combined_one(tmp_path: Path) -> None:
    roster = city(8, per_site=4)  # two sites of 4 units
    rules = Rules(peer_scope="site", flags_per_site=dict.fromkeys(roster.sites, 1))
    data = complete(roster, rules)
    [combined] = build_templates(roster, "2026Q4", tmp_path / "blank", rules=rules, key=KEY)
    fill_combined(combined, out=tmp_path / "combined" / combined.name, rules=rules, **data)
    split = build_templates(
        roster, "2026Q4", tmp_path / "blank_split", rules=rules, split=True, key=KEY
    )
    widths = {}
    for blank in split:
        meta = meta_rows(blank)
        kind, rater = meta["kind"][0], (meta.get("rater") or [""])[0]
        target = tmp_path / "split" / blank.name
        values = data["scoring"] if kind == "scoring" else data[kind][rater]
        fill_form(blank, values, out=target, rules=rules)
        if kind != "scoring":  # format 2: one row per rated unit
            ws = openpyxl.load_workbook(blank).worksheets[1]
            widths[rater] = sum(1 for r in range(4, ws.max_row + 1) if ws.cell(r, 1).value)
    assert widths["U00001"] == widths["U00005"] == 3 and widths["LD001"] == 8
    assert blank.name == form_filename("leadership", "2026Q4", "LD003")
    results = []
    for folder in ("combined", "split"):
        sub = read_submissions([tmp_path / folder], rules=rules, key=KEY)
        assert [(i.code, i.file, i.cell) for i in sub.issues] == []
        results.append((sub, tally(sub, rules)))
    (a, ra), (b, rb) = results
    assert a.peer == b.peer == data["peer"] and a.leadership == b.leadership == data["leadership"]
    same = {"file", "sheet"}  # the scoring rows come from two different files
    rows = [{u: r.model_dump(exclude=same) for u, r in x.scoring.items()} for x in (a, b)]
    assert rows[0] == rows[1] and len(rows[0]) == 8
    assert ra.to_frame().equals(rb.to_frame()) and ra.issues == rb.issues == []


def test_unit_alone_at_its_site_gets_a_form_without_inputs(tmp_path: Path) -> None:
    roster = city(5, per_site=4)  # U00005 is alone at the second site
    rules = Rules(peer_scope="site", flags_per_site=dict.fromkeys(roster.sites, 1))
    paths = build_templates(roster, "2026Q4", tmp_path, rules=rules, split=True)
    ws = openpyxl.load_workbook(tmp_path / form_filename("peer", "2026Q4", "U00005"))["单位互评"]
    assert [c.value for c in ws[layout.HEADER_ROW]] == ["单位编号", "单位名称", "场所", "评分"]
    assert ws["A4"].value is None and ws.data_validations.dataValidation == []
    assert len(paths) == 1 + 5 + 3
