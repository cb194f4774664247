"""Annex pages printed to PDF by Chromium: A4 in the right orientation, the form's text, no site navigation."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from pypdf import PdfReader

# CJK Radicals Supplement forms that PDF text extraction returns for ordinary characters (NFKC leaves them)
RADICALS = str.maketrans("⻅⻓⻔⻚⻢⻋⻛⻜⻝⻩⻬⻮⻉⻄⻆⻘⻤⺠⺟⻣⻰⻳⻦⻥⻨", "见长门页马车风飞食黄齐齿贝西角青鬼民母骨龙龟鸟鱼麦")

NAVIGATION = ["跳到正文", "按年份", "按地区", "按活动", "通知数据下载", "截止日期日历", "返回通知", "下载Excel", "订阅"]


def norm(text: str) -> str:
    """Compare text as printed: NFKC (the fonts' ToUnicode maps give ⽇ for 日, ： for :), no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).translate(RADICALS)


def sheet_text(sheet) -> str:
    """A printed sheet's text with its page number ("— N —", drawn first on annex sheets) moved to the end."""
    text = norm(sheet.extract_text())
    number = re.match(r"—\d+—", text)
    return text[number.end():] + number.group() if number else text


@pytest.fixture(scope="module")
def pdfs(printed_pdfs):
    """Every notice page and every annex page of the example site printed by Chromium (see conftest)."""
    return {path: PdfReader(io.BytesIO(data)) for path, data in printed_pdfs.items()}


@pytest.fixture(scope="module")
def printed(example, pdfs):
    """Every annex as (annex, its PDF), keyed by (slug, number)."""
    return {(notice.slug, number): (annex, pdfs[f"{notice.path}annex-{number}/"])
            for notice in example[2].values() for number, annex in enumerate(notice.front.annexes, start=1)}


def test_every_annex_prints(printed):
    assert len(printed) == 10  # the seeds' 7 and the composed 2023 notice's document, table and file annexes


def test_a4_in_the_annex_orientation(printed):
    for (slug, number), (annex, pdf) in printed.items():
        for sheet in pdf.pages:
            width, height = float(sheet.mediabox.width), float(sheet.mediabox.height)
            portrait = (round(width), round(height)) == (595, 842)
            landscape = (round(width), round(height)) == (842, 595)
            assert portrait or landscape, f"{slug} 附件{number} is not A4"
            assert landscape == annex.landscape, f"{slug} 附件{number} has the wrong orientation"


def test_each_form_fits_on_one_sheet(printed):
    """Forms and tables fit one sheet; a text annex, printed in 3号 like the body, may run on."""
    for (slug, number), (annex, pdf) in printed.items():
        if annex.kind == "text":
            continue
        assert len(pdf.pages) == 1, f"{slug} 附件{number} takes {len(pdf.pages)} sheets"


def test_form_text_is_printed_and_navigation_is_not(printed):
    for (slug, number), (annex, pdf) in printed.items():
        text = norm("".join(sheet.extract_text() for sheet in pdf.pages))
        assert f"附件{number}" in text
        assert norm(annex.title) in text
        if annex.kind == "table":
            for column in annex.columns:
                assert norm(column.name) in text
        if annex.kind == "form":
            labels = [cell.label for row in annex.rows for cell in row if cell.label and not cell.vertical]
            for label in labels:
                assert norm(label) in text, f"{slug} 附件{number}: {label}"
            if any(cell.seal for row in annex.rows for cell in row):
                assert "盖章" in text
        for word in NAVIGATION:
            assert word not in text, f"{slug} 附件{number} prints the navigation text {word}"


@pytest.fixture(scope="module")
def printed_notices(example, pdfs):
    """Every notice page (annexes included, each on its own sheet) as (notice, its PDF)."""
    return {notice.slug: (notice, pdfs[notice.path]) for notice in example[2].values()}


def test_notice_prints_as_an_official_document(printed_notices):
    for slug, (notice, pdf) in printed_notices.items():
        texts = [sheet_text(sheet) for sheet in pdf.pages]
        annex_starts = [i for i, text in enumerate(texts) if re.match(r"附件\d", text)]
        body_pages = annex_starts[0] if annex_starts else len(texts)
        assert body_pages >= 2
        for index in range(body_pages):
            sheet = pdf.pages[index]
            assert (round(float(sheet.mediabox.width)), round(float(sheet.mediabox.height))) == (595, 842)
            assert f"—{index + 1}—" in texts[index], f"{slug} page {index + 1} has no page number"
        assert norm(notice.front.title) in texts[0]
        if notice.front.doc_number:
            assert norm(notice.front.doc_number) in texts[0]
        everything = "".join(texts)
        for word in NAVIGATION + ["截止事项", "加入日历", "成文日期"]:
            assert word not in everything, f"{slug} prints {word}"
        for signature in notice.front.signatures:
            assert norm(signature) in everything


def test_page_numbers_alternate_sides(printed_notices):
    """Odd pages carry the number at the right, even pages at the left (GB/T 9704)."""
    _, pdf = printed_notices["weinan-kepuri-2022"]
    for index in (0, 1):
        positions = []
        pdf.pages[index].extract_text(visitor_text=lambda text, cm, tm, font, size:
                                      positions.append(tm[4]) if "—" in text else None)
        assert positions, "no page number found"
        width = float(pdf.pages[index].mediabox.width)
        if index % 2 == 0:
            assert min(positions) > width / 2
        else:
            assert max(positions) < width / 2


def test_each_annex_starts_a_sheet_of_its_own(printed_notices):
    for slug, (notice, pdf) in printed_notices.items():
        texts = [sheet_text(sheet) for sheet in pdf.pages]
        for number, annex in enumerate(notice.front.annexes, start=1):
            starts = [i for i, text in enumerate(texts) if text.startswith(f"附件{number}")]
            assert len(starts) == 1, f"{slug} 附件{number} does not start a sheet"
            sheet = pdf.pages[starts[0]]
            landscape = float(sheet.mediabox.width) > float(sheet.mediabox.height)
            assert landscape == annex.landscape
            assert norm(annex.title) in texts[starts[0]]
