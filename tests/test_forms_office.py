"""Every form of the example site as an office suite prints it: LibreOffice converts the .xlsx and the
.docx to PDF, and the PDF is measured.

A clerk opens the downloaded form and prints it. What must hold on paper: one A4 sheet in the form's
orientation, nothing shrunk to fit (Calc scales a sheet whose columns are wider than the printable
width), every line of the grid inside the 20 mm margins, and the fill-in lines as the page shows them.
LibreOffice substitutes Carlito for the workbook's Calibri (the font Excel measures column widths in),
so the widths seen here are the widths a clerk's Excel sees.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest

from generator.outputs.forms.layout import BODY_PT, MARGIN_MM
from generator.wording import fill_in_lines
from test_forms import Site, _build

MM = 72 / 25.4
SMALLEST_PT = 10.5  # 五号: below this a form is hard to read and to fill in


def _convert(files: list[Path], into: Path, profile: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is installed by `make test` (Debian libreoffice-calc and libreoffice-writer)"
    into.mkdir()
    # A profile of its own: two conversions at once (or a desktop LibreOffice) would lock a shared one.
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(into), *map(str, files)], check=True, capture_output=True, timeout=300)


@dataclass(frozen=True)
class Printed:
    site: Site
    pdfs: dict[tuple[str, int, str], Path]  # (notice slug, annex number, "xlsx"/"docx") → LibreOffice's PDF

    def pdf(self, notice, number: int, ext: str) -> Path:
        return self.pdfs[notice.slug, number, ext]


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    root = tmp_path_factory.mktemp("office")
    site = _build(root / "site")
    pdfs: dict[tuple[str, int, str], Path] = {}
    for ext in ("xlsx", "docx"):
        copies = root / f"{ext}-in"
        copies.mkdir()
        for notice, number, _ in site.forms():
            name = f"{notice.slug}-{number}.{ext}"
            shutil.copyfile(site.path(notice, number, ext), copies / name)
            pdfs[notice.slug, number, ext] = root / f"{ext}-pdf" / f"{notice.slug}-{number}.pdf"
        _convert(sorted(copies.iterdir()), root / f"{ext}-pdf", root / "profile")
    return Printed(site, pdfs)


@pytest.mark.parametrize("ext", ["xlsx", "docx"])
def test_every_form_prints_on_one_a4_sheet_at_its_own_size(printed: Printed, ext: str):
    assert len(printed.site.forms()) >= 6
    for notice, number, annex in printed.site.forms():
        where = f"{notice.slug} 附件{number} .{ext}"
        with pdfplumber.open(printed.pdf(notice, number, ext)) as pdf:
            assert len(pdf.pages) == 1, f"{where}: {len(pdf.pages)} pages"
            page = pdf.pages[0]
            width, height = sorted((page.width / MM, page.height / MM), reverse=annex.landscape)
            assert (round(width), round(height)) == ((297, 210) if annex.landscape else (210, 297)), where
            sizes = [char["size"] for char in page.chars if char["text"].strip()]
            assert min(sizes) >= SMALLEST_PT, f"{where}: text at {min(sizes):.1f} pt"
            # Nothing scaled: the grid's text is the layout's body size, not shrunk to fit.
            body = [size for size in sizes if abs(size - BODY_PT) < 1.5]
            assert body and all(abs(size - BODY_PT) < 0.2 for size in body), f"{where}: body at {sorted(set(body))}"


@pytest.mark.parametrize("ext", ["xlsx", "docx"])
def test_the_grid_stays_inside_the_margins(printed: Printed, ext: str):
    for notice, number, _ in printed.site.forms():
        where = f"{notice.slug} 附件{number} .{ext}"
        with pdfplumber.open(printed.pdf(notice, number, ext)) as pdf:
            page = pdf.pages[0]
            edges = page.lines + page.rects
            assert edges, f"{where}: no grid lines found"
            left = min(edge["x0"] for edge in edges) / MM
            right = (page.width - max(edge["x1"] for edge in edges)) / MM
            assert left >= MARGIN_MM - 1.5 and right >= MARGIN_MM - 1.5, f"{where}: grid at {left:.1f} / {right:.1f} mm"


@pytest.mark.parametrize("ext", ["xlsx", "docx"])
def test_the_fill_in_lines_print_as_on_the_page(printed: Printed, ext: str):
    for notice, number, annex in printed.site.forms():
        with pdfplumber.open(printed.pdf(notice, number, ext)) as pdf:
            text = "".join(pdf.pages[0].extract_text().split())
        for line in fill_in_lines(annex.fields):
            assert "".join(line.split()).replace("　", "") in text.replace("　", ""), (notice.slug, number, ext, line)
