"""LibreOffice opens every form and prints it: the scoring sheet one page wide, with its header
rows repeated on every page.  One soffice process converts all files (each start costs ~1 s)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

import redflag_xlsx.cli
from redflag_xlsx.core.i18n import t
from redflag_xlsx.core.roster import Leader, Roster, Unit
from redflag_xlsx.forms.templates import build_templates

import soffice

redflag_xlsx.cli._register()


def pdf_pages_text(pdf: Path) -> list[str]:
    proc = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return proc.stdout.split("\f")[:-1]


def big_roster(n: int) -> Roster:
    units = tuple(
        Unit(
            code=f"U{i:03d}", name=f"第{i}号服务项目", site="机关大楼" if i % 3 else "行政事业中心"
        )
        for i in range(1, n + 1)
    )
    return Roster(units=units, leaders=(Leader(code="LD01", name="王建国"),))


@pytest.mark.soffice
def test_libreoffice_opens_and_prints_every_form(tmp_path: Path) -> None:
    forms = build_templates(None, "2026Q4", tmp_path / "zh")
    forms += build_templates(None, "2026Q4", tmp_path / "en", lang="en")
    forms += build_templates(None, "2026Q4", tmp_path / "split", split=True)
    forms += build_templates(big_roster(70), "2026Q4", tmp_path / "big", split=True)[:1]
    assert CliRunner().invoke(redflag_xlsx.cli.cli, ["init", str(tmp_path / "init")]).exit_code == 0
    forms.append(tmp_path / "init" / "roster.xlsx")
    flat = tmp_path / "flat"
    flat.mkdir()
    copies = []
    for i, form in enumerate(forms):  # unique names for one output folder
        copies.append(flat / f"{i:02d}_{form.name}")
        shutil.copyfile(form, copies[-1])
    assert len(copies) == 1 + 1 + 18 + 1 + 1
    pdfs = soffice.convert_many(copies, "pdf", tmp_path / "pdf")
    for pdf in pdfs:
        assert pdf.read_bytes().startswith(b"%PDF") and soffice.pdf_page_count(pdf) >= 1

    # the 70-unit scoring sheet: several pages, each the full width with the header rows
    title = t("tpl_title", "zh", app=t("app_title", "zh"), sheet="服务质量考核", period="2026Q4")
    pages = [p for p in pdf_pages_text(pdfs[-2]) if title.split("\u3000")[1] in p]
    assert len(pages) >= 2
    codes_seen = []
    for page in pages:
        assert "单位编号" in page and "备注" in page  # first and second-to-last column
        codes_seen += [w for w in page.split() if w.startswith("U0")]
    assert codes_seen == [f"U{i:03d}" for i in range(1, 71)]  # every row once, in order

    # the combined form: instructions, scoring, peer, leadership: one page each
    assert soffice.pdf_page_count(pdfs[0]) == 4
