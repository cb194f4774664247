"""The fill-in forms (annex-<n>.xlsx and .docx) of the example site, read back with openpyxl and python-docx.

Expectations come from the notice models wherever they can: every label, span, rowspan, blank row and
field line of every table or form annex must be found in both files.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from openpyxl.cell.cell import MergedCell

from generator.build import Options, build, load_all
from generator.notice import Cell, FormAnnex, Notice, TableAnnex, TextAnnex
from generator.wording import fill_in_lines
from generator.outputs.forms import About, fit_widths, lay_out, place_cells, text_units, xlsx_bytes

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2100, 1, 1)  # every example notice is published
SEAL, DATE = "（盖章）", "年　　月　　日"


@dataclass(frozen=True)
class Site:
    root: Path
    notices: list[Notice]

    def forms(self) -> list[tuple[Notice, int, TableAnnex | FormAnnex]]:
        return [(notice, number, annex) for notice in self.notices
                for number, annex in enumerate(notice.front.annexes, start=1)
                if isinstance(annex, (TableAnnex, FormAnnex))]

    def notice(self, slug: str) -> Notice:
        return next(n for n in self.notices if n.slug == slug)

    def path(self, notice: Notice, number: int, ext: str) -> Path:
        return self.root / notice.path / f"annex-{number}.{ext}"


def _build(output: Path) -> Site:
    options = Options(content=REPO / "content", output=output, themes=REPO / "themes", today=TODAY)
    build(options)
    return Site(output, load_all(options)[1])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return _build(tmp_path_factory.mktemp("forms") / "site")


def _annex_files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for ext in ("xlsx", "docx") for p in root.rglob(f"annex-*.{ext}")}


def test_every_form_annex_has_a_spreadsheet_and_a_word_file_and_text_annexes_none(site: Site):
    expected = {f"{notice.path}annex-{number}.{ext}" for notice, number, _ in site.forms() for ext in ("xlsx", "docx")}
    assert _annex_files(site.root) == expected
    assert len(site.forms()) >= 6  # the examples hold table and form annexes
    pucheng = site.notice("pucheng-kepuri-2023")
    text_numbers = [n for n, a in enumerate(pucheng.front.annexes, start=1) if isinstance(a, TextAnnex)]
    assert text_numbers, "the Pucheng notice has a text annex"
    for number in text_numbers:
        assert not site.path(pucheng, number, "xlsx").exists() and not site.path(pucheng, number, "docx").exists()


def test_two_builds_give_byte_identical_forms(site: Site, tmp_path: Path):
    again = _build(tmp_path / "again")
    names = _annex_files(site.root)
    assert names == _annex_files(again.root)
    for name in sorted(names):
        assert (site.root / name).read_bytes() == (again.root / name).read_bytes(), name


def _stamp(notice: Notice) -> dt.datetime:
    return dt.datetime.combine(notice.front.issued or dt.date(notice.year, 1, 1), dt.time())


def test_dates_inside_the_files_come_from_the_notice_not_the_clock(site: Site):
    for notice, number, _ in site.forms():
        stamp = _stamp(notice)
        for ext in ("xlsx", "docx"):
            with zipfile.ZipFile(site.path(notice, number, ext)) as archive:
                assert {info.date_time for info in archive.infolist()} == {stamp.timetuple()[:6]}
        assert openpyxl.load_workbook(site.path(notice, number, "xlsx")).properties.created == stamp
        properties = docx.Document(str(site.path(notice, number, "docx"))).core_properties
        assert properties.created.replace(tzinfo=None) == stamp
        assert properties.modified.replace(tzinfo=None) == stamp


# ---------------------------------------------------------------- xlsx


def _grid_top(annex: TableAnnex | FormAnnex) -> int:
    """First row of the grid: 附件N, the title and one row per field line come before it."""
    return 3 + len(fill_in_lines(annex.fields))


def _find(ws, text: str):
    hits = [cell for row in ws.iter_rows() for cell in row if cell.value == text]
    assert len(hits) == 1, f"{text!r} found {len(hits)} times in {ws.title}"
    return hits[0]


def _merged_at(ws, cell) -> tuple[int, int]:
    """(rows, columns) the merged range starting at ``cell`` covers; (1, 1) if not merged."""
    for merged in ws.merged_cells.ranges:
        if (merged.min_row, merged.min_col) == (cell.row, cell.column):
            return merged.max_row - merged.min_row + 1, merged.max_col - merged.min_col + 1
    return 1, 1


def _thin_box(cell) -> bool:
    return all(getattr(cell.border, side).style == "thin" for side in ("left", "right", "top", "bottom"))


def test_xlsx_label_title_fields_and_page(site: Site):
    for notice, number, annex in site.forms():
        ws = openpyxl.load_workbook(site.path(notice, number, "xlsx")).active
        assert ws["A1"].value == f"附件{number}"
        assert ws["A2"].value == annex.title
        assert ws["A2"].font.b and ws["A2"].alignment.horizontal == "center"
        lines = fill_in_lines(annex.fields)
        assert [ws.cell(row=3 + i, column=1).value for i in range(len(lines))] == lines
        setup = ws.page_setup
        assert int(setup.paperSize) == 9  # A4 in the OOXML paper size list
        assert setup.orientation == ("landscape" if annex.landscape else "portrait")
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert int(setup.fitToWidth) == 1 and int(setup.fitToHeight) == 0
        assert ws.cell(row=_grid_top(annex), column=1).font.name == "宋体"


def test_xlsx_tables_have_headers_prefilled_rows_numbered_blank_rows_and_repeated_titles(site: Site):
    tables = [(n, number, a) for n, number, a in site.forms() if isinstance(a, TableAnnex)]
    assert tables
    for notice, number, annex in tables:
        ws = openpyxl.load_workbook(site.path(notice, number, "xlsx")).active
        top, width = _grid_top(annex), len(annex.columns)
        row = lambda r: [ws.cell(row=r, column=c).value for c in range(1, width + 1)]  # noqa: E731
        assert row(top) == [column.name for column in annex.columns]
        assert all(ws.cell(row=top, column=c).font.b for c in range(1, width + 1))
        for offset, filled in enumerate(_filled(annex, everywhere=False), start=1):
            assert row(top + offset) == [text or None for text in filled]
        first_blank = top + 1 + len(annex.rows)
        for n in range(annex.blank_rows):
            values = row(first_blank + n)
            assert values[1:] == [None] * (width - 1)
            assert values[0] == (len(annex.rows) + n + 1 if annex.numbered else None)
        after = first_blank + annex.blank_rows
        assert [ws.cell(row=after + i, column=1).value for i in range(len(annex.footer))] == annex.footer
        assert ws.cell(row=after + len(annex.footer), column=1).value is None
        assert ws.print_title_rows.replace("$", "") == f"{top}:{top}"
        for r in range(top, after):
            for c in range(1, width + 1):
                cell = ws.cell(row=r, column=c)
                if isinstance(cell, MergedCell):  # inside a merged cell: its box is drawn on the edges
                    continue
                assert _thin_box(cell), cell.coordinate
        for m in ws.merged_cells.ranges:
            if m.min_row >= top:
                corner = ws.cell(row=m.max_row, column=m.max_col)
                assert corner.border.right.style == "thin" and corner.border.bottom.style == "thin"


def test_xlsx_forms_merge_cells_as_the_spans_and_rowspans_say(site: Site):
    forms = [(n, number, a) for n, number, a in site.forms() if isinstance(a, FormAnnex)]
    assert forms
    for notice, number, annex in forms:
        ws = openpyxl.load_workbook(site.path(notice, number, "xlsx")).active
        cells = [cell for row in annex.rows for cell in row]
        for cell in cells:
            if cell.label:
                found = _find(ws, cell.label)
                assert _merged_at(ws, found) == (cell.rows, cell.span), f"{notice.slug} 附件{number} {cell.label}"
                if cell.vertical:
                    assert found.alignment.textRotation == 255
        merged = [cell for cell in cells if cell.rows > 1 or cell.span > 1]
        grid = [m for m in ws.merged_cells.ranges if m.min_row >= _grid_top(annex)]
        assert len(grid) == len(merged)
        for m in grid:  # the box of a merged cell is drawn on its edge cells
            assert _thin_box(ws.cell(row=m.min_row, column=m.min_col))
            corner = ws.cell(row=m.max_row, column=m.max_col)
            assert isinstance(corner, MergedCell)
            assert corner.border.right.style == "thin" and corner.border.bottom.style == "thin"
        values = [found for row in ws.iter_rows(min_row=_grid_top(annex)) for found in row
                  if isinstance(found.value, str)]
        sealed = [found for found in values if SEAL in found.value]
        assert len(sealed) == sum(cell.seal for cell in cells)
        assert sum(DATE in found.value for found in values) == sum(cell.date for cell in cells)
        for c in sealed:
            assert (c.alignment.horizontal, c.alignment.vertical) == ("right", "bottom")


def test_xlsx_tall_blank_areas_and_the_example_merges(site: Site):
    weinan = site.notice("weinan-kepuri-2022")
    ws = openpyxl.load_workbook(site.path(weinan, 2, "xlsx")).active
    assert ws["A6"].value == "主要事迹" and "B6:D6" in {str(m) for m in ws.merged_cells.ranges}
    lines = weinan.front.annexes[1].rows[3][1].lines
    assert lines == 15 and ws.row_dimensions[6].height >= lines * 20
    assert ws.row_dimensions[6].height > 5 * ws.row_dimensions[5].height

    xinxiang = site.notice("xinxiang-kejizhou-2022")
    ws = openpyxl.load_workbook(site.path(xinxiang, 1, "xlsx")).active
    merged = {str(m) for m in ws.merged_cells.ranges}
    assert ws["A4"].value == "科普活动开展次数" and "A4:A5" in merged
    assert ws["A6"].value == "活动经费投入数量(单位：万元)" and "A6:A12" in merged
    assert ws["B12"].value == "其他经费情况"  # rows beside a rowspan start in the second column
    assert ws["A21"].value == "活动周期间开放的科普场馆数量" and "A21:B21" in merged

    landscape = openpyxl.load_workbook(site.path(weinan, 1, "xlsx")).active
    assert len(weinan.front.annexes[0].columns) == 8 and landscape.page_setup.orientation == "landscape"


def test_xlsx_columns_fit_their_text(site: Site):
    for notice, number, annex in site.forms():
        ws = openpyxl.load_workbook(site.path(notice, number, "xlsx")).active
        if isinstance(annex, TableAnnex):
            for index, column in enumerate(annex.columns, start=1):
                letter = openpyxl.utils.get_column_letter(index)
                assert ws.column_dimensions[letter].width >= 2 * len(column.name), column.name


# ---------------------------------------------------------------- docx


def _filled(annex: TableAnnex, everywhere: bool) -> list[list]:
    """The pre-filled rows as a grid: a merged cell's text at its top left, or (as Word reads it) at
    every position it covers; positions no cell covers are None."""
    grid: list[list] = [[None] * len(annex.columns) for _ in annex.rows]
    for row, column, cell in place_cells(annex.cells):
        for down in range(cell.rows):
            for across in range(cell.span):
                if everywhere or (down, across) == (0, 0):
                    grid[row + down][column + across] = cell.text
    return grid


def test_merged_table_cells_in_the_example(site: Site):
    weinan = site.notice("weinan-kejizhou-2023")
    ws = openpyxl.load_workbook(site.path(weinan, 2, "xlsx")).active
    top = _grid_top(weinan.front.annexes[1])
    assert {str(m) for m in ws.merged_cells.ranges} >= {f"A{top + 1}:A{top + 2}", f"A{top + 3}:A{top + 4}",
                                                         f"A{top + 5}:B{top + 5}"}
    assert [ws.cell(row=top + 5, column=c).value for c in (1, 3)] == ["合计", None]


def _docx_grid(table) -> list[list]:
    return [[table.cell(r, c) for c in range(len(table.columns))] for r in range(len(table.rows))]


def test_docx_label_title_fields_footer_page_and_font(site: Site):
    for notice, number, annex in site.forms():
        document = docx.Document(str(site.path(notice, number, "docx")))
        texts = [p.text for p in document.paragraphs]
        assert texts == [f"附件{number}", annex.title, *fill_in_lines(annex.fields), *annex.footer]
        title = document.paragraphs[1]
        assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER and all(run.bold for run in title.runs)
        section = document.sections[0]
        short, long = sorted([section.page_width, section.page_height])
        assert abs(short - Mm(210)) < Mm(1) and abs(long - Mm(297)) < Mm(1)
        landscape = section.page_width > section.page_height
        assert landscape == annex.landscape
        assert section.orientation == (WD_ORIENT.LANDSCAPE if annex.landscape else WD_ORIENT.PORTRAIT)
        fonts = document.styles["Normal"].element.rPr.rFonts
        assert fonts.get(qn("w:eastAsia")) == "宋体"
        assert len(document.tables) == 1
        borders = document.tables[0]._tbl.tblPr.find(qn("w:tblBorders"))
        assert {b.tag.split("}")[1]: b.get(qn("w:val")) for b in borders} == {
            edge: "single" for edge in ("top", "left", "bottom", "right", "insideH", "insideV")}


def test_docx_tables_have_headers_prefilled_rows_and_numbered_blank_rows(site: Site):
    for notice, number, annex in site.forms():
        if not isinstance(annex, TableAnnex):
            continue
        table = docx.Document(str(site.path(notice, number, "docx"))).tables[0]
        width = len(annex.columns)
        rows = [[cell.text for cell in row] for row in _docx_grid(table)]
        assert len(rows) == 1 + len(annex.rows) + annex.blank_rows and len(rows[0]) == width
        assert rows[0] == [column.name for column in annex.columns]
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
        for offset, filled in enumerate(_filled(annex, everywhere=True), start=1):
            assert rows[offset] == [text or "" for text in filled]
        blank = rows[1 + len(annex.rows):]
        assert [row[0] for row in blank] == [
            str(len(annex.rows) + n + 1) if annex.numbered else "" for n in range(annex.blank_rows)]
        assert all(row[1:] == [""] * (width - 1) for row in blank)


def test_docx_forms_merge_cells_as_the_spans_and_rowspans_say(site: Site):
    for notice, number, annex in site.forms():
        if not isinstance(annex, FormAnnex):
            continue
        table = docx.Document(str(site.path(notice, number, "docx"))).tables[0]
        grid = _docx_grid(table)
        assert len(grid) == len(annex.rows) and len(grid[0]) == annex.columns
        cells = [cell for row in annex.rows for cell in row]
        for cell in cells:
            if not cell.label:
                continue
            where = [(r, c) for r, row in enumerate(grid) for c, found in enumerate(row) if found.text == cell.label]
            top, left = min(where)
            tc = grid[top][left]._tc
            covered = {(r, c) for r, row in enumerate(grid) for c, found in enumerate(row) if found._tc is tc}
            assert covered == {(top + r, left + c) for r in range(cell.rows) for c in range(cell.span)}, cell.label
            direction = tc.tcPr.find(qn("w:textDirection"))
            assert (direction is not None) == cell.vertical, cell.label
        distinct = {id(found._tc): found for row in grid for found in row}.values()
        assert len(distinct) == len(cells)
        sealed = [found for found in distinct if SEAL in found.text]
        assert len(sealed) == sum(cell.seal for cell in cells)
        assert sum(DATE in found.text for found in distinct) == sum(cell.date for cell in cells)
        for found in sealed:
            assert found.paragraphs[-1].alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_docx_tall_blank_areas_and_the_example_merges(site: Site):
    weinan = site.notice("weinan-kepuri-2022")
    table = docx.Document(str(site.path(weinan, 2, "docx"))).tables[0]
    assert table.cell(3, 0).text == "主要事迹"
    assert table.cell(3, 1)._tc is table.cell(3, 3)._tc
    assert table.rows[3].height >= Pt(15 * 20)

    xinxiang = site.notice("xinxiang-kejizhou-2022")
    table = docx.Document(str(site.path(xinxiang, 1, "docx"))).tables[0]
    assert table.cell(2, 0).text == "活动经费投入数量(单位：万元)"
    assert table.cell(2, 0)._tc is table.cell(8, 0)._tc and table.cell(9, 0)._tc is not table.cell(8, 0)._tc
    assert table.cell(8, 1).text == "其他经费情况"
    assert table.cell(17, 0)._tc is table.cell(17, 1)._tc


# ---------------------------------------------------------------- the layout, in memory


def test_cells_are_placed_beside_rowspans_from_above():
    rows = [[Cell(label="a", rows=2), Cell(label="b"), Cell()], [Cell(label="c"), Cell()],
            [Cell(label="d", span=2), Cell()]]
    assert [(r, c, cell.label) for r, c, cell in place_cells(rows)] == [
        (0, 0, "a"), (0, 1, "b"), (0, 2, ""), (1, 1, "c"), (1, 2, ""), (2, 0, "d"), (2, 2, "")]


def test_cjk_text_counts_double_and_columns_fill_or_fit_the_page():
    assert text_units("联系电话") == 8 and text_units("0913-2126496") == 12
    assert text_units("推荐单位\n意见") == 8  # the widest line
    assert fit_widths([10, 30], 80) == [20, 60]
    assert fit_widths([10, 30, 60], 80) == [10, 30, 40]  # only the widest is capped; its text wraps


def test_prefilled_text_stays_text_in_the_spreadsheet():
    annex = TableAnnex(kind="table", title="表", columns=["区号", "名称"], rows=[["0373", "新乡"]], blank_rows=2,
                       numbered=True)
    data = xlsx_bytes(lay_out(annex, 1), About("附件1 表", "通知", "科协", dt.datetime(2022, 1, 1)))
    ws = openpyxl.load_workbook(BytesIO(data)).active
    assert [[c.value for c in row] for row in ws.iter_rows(min_row=3)] == [
        ["区号", "名称"], ["0373", "新乡"], [2, None], [3, None]]


# ---------------------------------------------------------------- the lines above a form


@pytest.mark.parametrize("fields, lines", [
    (["单位名称：（盖章）"], ["单位名称（盖章）：＿＿＿＿＿＿＿＿＿＿"]),
    (["填报单位名称：(盖章)", "填报时间：    年  月  日"],
     ["填报单位名称（盖章）：＿＿＿＿＿＿＿＿＿＿　　填报时间：　　年　　月　　日"]),
    (["部门/地方（盖章）："], ["部门/地方（盖章）：＿＿＿＿＿＿＿＿＿＿"]),
    (["填报日期： 年 月 日"], ["填报日期：　　年　　月　　日"]),
    (["请于9月10日前报送。"], ["请于9月10日前报送。"]),
])
def test_the_seal_goes_after_the_label_and_the_name_gets_a_line_to_write_on(fields, lines):
    assert fill_in_lines(fields) == lines


def test_the_annex_page_prints_the_same_fill_in_lines_as_the_files(site: Site):
    for notice, number, annex in site.forms():
        page = (site.root / notice.path / f"annex-{number}" / "index.html").read_text(encoding="utf-8")
        for line in fill_in_lines(annex.fields):
            assert f"<p>{line}</p>" in page, (notice.slug, number, line)


def test_a_label_with_room_to_write_keeps_its_blank_area_seal_and_date(project):
    """编辑指南's own form example: a full-width `label` row with `lines`, `seal` and `date` (推荐单位意见)
    must print its blank area, （盖章） and 年 月 日 — they were dropped from the page without a word."""
    from helpers import NOTICE
    form = """\
annexes:
  - kind: form
    title: 科普志愿者登记表
    columns: 4
    rows:
      - [姓名, null, 性别, null]
      - [{label: 推荐单位意见, span: 4, lines: 3, seal: true, date: true}]
"""
    project.write("2022/notice.md", NOTICE.replace("actions:", form + "actions:", 1))
    result = project.build()
    assert result.code == 0, result.err
    page = (project.output / "2022" / "notice" / "annex-1" / "index.html").read_text(encoding="utf-8")
    assert "推荐单位意见" in page and SEAL in page and DATE in page and "--lines: 3" in page
    # saved as 附件1 科普志愿者登记表.xlsx, not as one more annex-1.xlsx among a receiving unit's downloads
    notice_page = (project.output / "2022" / "notice" / "index.html").read_text(encoding="utf-8")
    for html in (page, notice_page):
        assert 'href="/2022/notice/annex-1.xlsx" download="附件1 科普志愿者登记表.xlsx"' in html
        assert 'href="/2022/notice/annex-1.docx" download="附件1 科普志愿者登记表.docx"' in html
    sheet = openpyxl.load_workbook(project.output / "2022" / "notice" / "annex-1.xlsx").active
    values = [cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert any(value.startswith("推荐单位意见") and SEAL in value and DATE in value for value in values), values
    vertical = form.replace("{label: 推荐单位意见,", "{label: 推荐单位意见, vertical: true,")
    project.write("2022/notice.md", NOTICE.replace("actions:", vertical + "actions:", 1))
    result = project.build()
    assert result.code == 1 and "annexes[1].rows" in result.err and "`text`" in result.err, result.err
