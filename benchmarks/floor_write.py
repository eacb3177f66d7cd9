"""The write floor: the cells of the ``--split`` forms, written with plain xlsxwriter.

    python benchmarks/floor_write.py --roster roster.toml --rules rules.toml --out DIR

Same files, sheets and cell contents as ``build-template --split`` (titles, header texts, the
考核得分 formulas with their cached values, ``_meta`` with the roster JSON on the scoring form
and its fingerprint only on the format 2 rating forms, one row per rated unit there — code,
name, site — and the signature line, the custom properties), but no formats, no data validation, no
page setup, no protection, no column widths and no blank input cells (xlsxwriter does not write
an unformatted blank).  The 填表说明 sheet is approximated by the same number of lines of
similar length.  Workbooks are written with ``in_memory`` (no temporary files): the cheapest way
xlsxwriter writes a file.  This is the lower bound ``build-template`` is compared against.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

INSTRUCTION_LINES = 24  # 填表说明: title, period, roster, who fills, rules in short
ITEM_TABLE_LINES = 19  # the items table on a scoring form's 填表说明


def write_floor(roster_path: Path, rules_path: Path, out_dir: Path, period: str) -> list[Path]:
    import xlsxwriter

    from redflag_xlsx import __version__
    from redflag_xlsx.core.i18n import t
    from redflag_xlsx.core.peers import peer_raters, rated_by
    from redflag_xlsx.core.roster import Roster
    from redflag_xlsx.core.rules import Rules
    from redflag_xlsx.core.scoring import quality_score
    from redflag_xlsx.forms.templates import form_filename, quality_formula
    from redflag_xlsx.xlsx import layout
    from redflag_xlsx.xlsx.signing import load_key, sign

    roster, rules, lang = Roster.load(roster_path), Rules.load(rules_path), "zh"
    key = load_key()
    roster_json, fingerprint = roster.canonical_json(), roster.fingerprint
    out_dir.mkdir(parents=True, exist_ok=True)
    hr, first = layout.HEADER_ROW - 1, layout.FIRST_DATA_ROW - 1
    line = "说明" * 40
    blank_q = quality_score({}, 0.0, rules)

    def book(kind: str, rater: str = ""):
        path = out_dir / form_filename(kind, period, rater)
        wb = xlsxwriter.Workbook(str(path), {"in_memory": True, "strings_to_numbers": False})
        version = layout.format_version(kind, split=True)
        meta = {
            "format_version": str(version),
            "kind": kind,
            "period": period,
            "roster": roster_json if version == layout.FORMAT_VERSION else "",
            "roster_fingerprint": fingerprint,
            "rater": rater,
            "lang": lang,
            "generator": f"redflag_xlsx {__version__}",
            "signature": "",
        }
        if key:
            meta["signature"] = sign(meta, key)
        for k in layout.META_PROPERTY_KEYS:
            wb.set_custom_property(k, meta[k], "text")
        ws = wb.add_worksheet(layout.sheet_name("instructions", lang))
        lines = INSTRUCTION_LINES + (ITEM_TABLE_LINES if kind == "scoring" else 0)
        for r in range(lines):
            ws.write_string(r, 0, line)
        return path, wb, meta

    def finish(wb, meta) -> None:
        ws = wb.add_worksheet(layout.META_SHEET)
        ws.write_string(0, 0, layout.META_HEADER[0])
        ws.write_string(0, 1, layout.META_HEADER[1])
        for r, k in enumerate(layout.META_KEYS, start=1):
            ws.write_string(r, 0, k)
            ws.write_string(r, 1, meta[k])
        ws.very_hidden()
        wb.close()

    written = []
    # 服务质量考核
    path, wb, meta = book("scoring")
    ws = wb.add_worksheet(layout.sheet_name("scoring", lang))
    cols = layout.scoring_columns(rules, lang)
    ws.write_string(0, 0, t("sheet_scoring", lang))
    ws.write_string(1, 0, t("tpl_info_scoring", lang))
    attr = {"code": "code", "name": "name", "site": "site"}
    for c, col in enumerate(cols):
        ws.write_string(hr, c, col.header)
        for r, unit in enumerate(roster.units, start=first):
            if col.kind in attr:
                ws.write_string(r, c, getattr(unit, attr[col.kind]))
            elif col.kind == "formula":
                ws.write_formula(r, c, quality_formula(rules, cols, r), None, blank_q)
    finish(wb, meta)
    written.append(path)
    # 单位互评 / 领导评议: one form per rater, the rated units down the rows (format 2)
    columns = layout.rating_list_columns(lang)
    raters = (("peer", peer_raters(roster, rules)), ("leadership", roster.leaders))
    for kind, people in raters:
        for person in people:
            path, wb, meta = book(kind, person.code)
            ws = wb.add_worksheet(layout.sheet_name(kind, lang))
            ws.write_string(
                0, 0, f"{t('sheet_' + kind, lang)} {period} {person.code} {person.name}"
            )
            ws.write_string(
                1, 0, t("list_rater_unit" if kind == "peer" else "list_rater_leader", lang)
            )
            ws.write_string(1, 1, person.name)
            ws.write_string(1, 2, t("list_rater_code", lang, code=person.code))
            for c, col in enumerate(columns):
                ws.write_string(hr, c, col.header)
            rated = rated_by(roster, rules, person.code) if kind == "peer" else roster.units
            r = first
            for r, unit in enumerate(rated, start=first):
                ws.write_string(r, 0, unit.code)
                ws.write_string(r, 1, unit.name)
                ws.write_string(r, 2, unit.site)
            ws.write_string(r + 1 + layout.LIST_SIGNATURE_GAP, 1, t("list_signature", lang))
            ws.write_string(r + 1 + layout.LIST_SIGNATURE_GAP, 2, t("list_date", lang))
            finish(wb, meta)
            written.append(path)
    return written


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description="plain-xlsxwriter floor of build-template")
    parser.add_argument("--roster", type=Path, required=True)
    parser.add_argument("--rules", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--period", default="2026Q4")
    args = parser.parse_args(argv)
    paths = write_floor(args.roster, args.rules, args.out, args.period)
    print(len(paths))


if __name__ == "__main__":
    main(sys.argv[1:])
