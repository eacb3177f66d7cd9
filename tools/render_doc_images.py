"""Render the pictures of docs/user-guide.md from the committed samples, with LibreOffice
headless (PDF) and pdftoppm (PNG).  Needs ``soffice``, ``pdftoppm``, ``pdftotext`` and a CJK
font (Debian: libreoffice-calc-nogui poppler-utils fonts-noto-cjk).

    python tools/render_doc_images.py [NAME ...]      # all, or only these pictures

Each picture is the first printed page whose text starts with a sheet's title; look at them
before committing.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from soffice import convert  # noqa: E402

IMAGES = ROOT / "docs" / "img"
# picture -> (workbook, a text found on the page to show)
PICTURES = {
    "form-scoring": (ROOT / "samples" / "combined" / "红旗评选_2026Q4.xlsx", "服务质量考核（"),
    "results-summary": (ROOT / "samples" / "红旗评选结果_2026Q4.xlsx", "结果汇总"),
    "results-notice": (ROOT / "samples" / "红旗评选结果_2026Q4.xlsx", "评选结果的公示"),
    "results-payout": (ROOT / "samples" / "红旗评选结果_2026Q4.xlsx", "奖金发放表"),
    "form-peer": (ROOT / "samples" / "split" / "单位互评_2026Q4_JG02.xlsx", "评分单位："),
    "form-register": (ROOT / "samples" / "combined" / "检查记录台账_2026Q4.xlsx", "检查记录台账（"),
    "results-evidence": (ROOT / "samples" / "红旗评选结果_2026Q4.xlsx", "季度扣分依据"),
}


def page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")


def main() -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        pdfs: dict[Path, Path] = {}
        for name, (book, marker) in PICTURES.items():
            if sys.argv[1:] and name not in sys.argv[1:]:
                continue
            if book not in pdfs:
                pdfs[book] = convert(book, "pdf", Path(tmp) / book.stem)
            pages = page_texts(pdfs[book])
            page = next(i for i, text in enumerate(pages, 1) if marker in text)
            stem = Path(tmp) / name
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    "70",
                    "-f",
                    str(page),
                    "-l",
                    str(page),
                    "-singlefile",
                    str(pdfs[book]),
                    str(stem),
                ],
                check=True,
            )
            target = IMAGES / f"{name}.png"
            target.write_bytes(stem.with_suffix(".png").read_bytes())
            print(target)


if __name__ == "__main__":
    main()
