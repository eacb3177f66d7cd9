"""The results workbook on paper: 公示 prints on one A4 page (rendered by LibreOffice), and every
sheet is set up for A4 with the header rows repeated."""

from __future__ import annotations

import openpyxl
import pytest

from redflag_xlsx.results.writer import write_results
from redflag_xlsx.xlsx import layout

import soffice
from scenarios import city


def _fit(value: int | None) -> int:
    return 1 if value is None else value  # the file format's default, which xlsxwriter omits


@pytest.mark.soffice
def test_the_announcement_prints_on_one_a4_page(tmp_path):
    result = city(units_per_site=3, sites=24, leaders=3).tally()  # 24 winners to announce
    path = write_results(result, tmp_path / "results.xlsx")
    wb = openpyxl.load_workbook(path)
    notice = layout.results_sheet_name("notice")
    ws = wb[notice]
    assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "portrait"
    assert (_fit(ws.page_setup.fitToWidth), _fit(ws.page_setup.fitToHeight)) == (1, 1)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    names = [c.value for row in ws.iter_rows() for c in row if c.value]
    assert all(u.name in names for u in result.units if u.won)
    for other in wb.worksheets:  # print the announcement alone
        if other.title != notice:
            other.sheet_state = "hidden"
    wb.active = wb.sheetnames.index(notice)
    wb.save(tmp_path / "notice.xlsx")
    pdf = soffice.convert(tmp_path / "notice.xlsx", "pdf", tmp_path / "pdf")
    assert soffice.pdf_page_count(pdf) == 1


def test_every_sheet_is_a4_and_fits_one_page_wide(tmp_path):
    result = city(units_per_site=4, sites=3, leaders=3).tally()
    wb = openpyxl.load_workbook(write_results(result, tmp_path))
    for key in layout.RESULTS_SHEETS:
        ws = wb[layout.results_sheet_name(key)]
        assert ws.page_setup.paperSize == 9, key
        assert _fit(ws.page_setup.fitToWidth) == 1, key
        assert ws.sheet_properties.pageSetUpPr.fitToPage, key
        if key not in ("notice", "payout"):  # the two documents print on one page each
            assert ws.page_setup.fitToHeight == 0, key  # as many pages down as needed
    for key in ("summary", "quality", "flags", "issues"):
        ws = wb[layout.results_sheet_name(key)]
        assert ws.print_title_rows == f"$1:${layout.HEADER_ROW}" or ws.print_title_rows == (
            f"${layout.HEADER_ROW}:${layout.HEADER_ROW}"
        ), key
