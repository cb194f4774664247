"""``<year>/<slug>/annex-<n>.xlsx`` and ``.docx``: every table or form annex as a file to fill in.

Receiving units fill in the 附件 and send it back; these files spare them retyping the form.
Both formats are drawn from one :class:`FormLayout` (a grid of placed cells with widths and
heights for A4), so the spreadsheet and the Word document show the same form. Text annexes
are prose, not forms, and get no files.

Office files carry timestamps (document properties, zip entry dates); both are fixed to the
notice's 成文日期 so that two builds of the same content are byte-identical.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import Iterable, Literal

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, Twips
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.writer.excel import ExcelWriter

from ..collect import Collections
from ..config import Site
from ..notice import Cell, FormAnnex, Notice, TableAnnex
from .parts import NoticeFiles

BODY_FONT = "宋体"
LABEL_FONT = "黑体"  # 附件N, as in printed official documents
BODY_PT = 12.0  # 小四
TITLE_PT = 18.0  # 小二
LABEL_PT = 14.0
UNIT_PT = BODY_PT / 2  # widths are counted in half-width characters; a CJK character counts two
PAD_UNITS = 2  # cell padding, left and right together
TEXT_LINE_PT = 16.0  # one line of body text
ROW_PT = 24.0  # a form row, and one `lines` of handwriting space
BLANK_ROW_PT = 28.0  # a blank row of a table, room to write by hand
BLANK_MIN_UNITS = 12  # a blank form cell leaves room for at least six characters
MAX_ROW_PT = 409.0  # the tallest row a spreadsheet allows
A4_MM = (210.0, 297.0)
MARGIN_MM = 20.0
SEAL = "（盖章）"
DATE = "年　　月　　日"

Role = Literal["header", "label", "blank", "number"]  # blank: to fill in, or pre-filled text


@dataclass(frozen=True)
class GridCell:
    """A cell of the printed grid at its top-left position (0-based), with its extent."""

    row: int
    column: int
    text: str = ""
    role: Role = "blank"
    rows: int = 1
    span: int = 1
    lines: int = 1  # height in lines of handwriting
    vertical: bool = False
    seal: bool = False
    date: bool = False


@dataclass(frozen=True)
class FormLayout:
    """One annex as printed: what stands above and below the grid, and the grid itself."""

    number: int
    title: str
    fields: list[str]
    footer: list[str]
    landscape: bool
    widths: list[float]  # per column, in half-width characters of body text; fills the page width
    heights: list[float]  # per grid row, in points
    cells: list[GridCell]
    header_rows: int  # rows repeated at the top of every printed page


@dataclass(frozen=True)
class About:
    """Document properties; ``stamp`` stands for every date the formats would otherwise take from the clock."""

    title: str
    subject: str
    author: str
    stamp: dt.datetime


def notice_files(site: Site, c: Collections, notice: Notice) -> NoticeFiles:
    made = []
    for number, annex in enumerate(notice.front.annexes, start=1):
        if not isinstance(annex, (TableAnnex, FormAnnex)):
            continue
        layout = lay_out(annex, number)
        about = about_annex(notice, layout)
        made.append((f"{notice.path}annex-{number}.xlsx", xlsx_bytes(layout, about)))
        made.append((f"{notice.path}annex-{number}.docx", docx_bytes(layout, about)))
    return NoticeFiles(made)


def about_annex(notice: Notice, layout: FormLayout) -> About:
    day = notice.front.issued or dt.date(notice.year, 1, 1)
    return About(f"附件{layout.number} {layout.title}", notice.front.title, notice.front.issuers[0],
                 dt.datetime.combine(day, dt.time()))


# ---------------------------------------------------------------- layout


def text_units(text: str) -> int:
    """Width of the widest line in half-width characters; CJK (and ambiguous-width) characters count two."""
    return max((sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in line)
                for line in text.split("\n")), default=0)


def wrapped_lines(text: str, units: float) -> int:
    """How many printed lines ``text`` takes in a column ``units`` wide."""
    room = max(units - PAD_UNITS, 2)
    return sum(max(1, math.ceil(text_units(line) / room)) for line in text.split("\n"))


def page_text_width_pt(landscape: bool) -> float:
    width_mm = A4_MM[1] if landscape else A4_MM[0]
    return (width_mm - 2 * MARGIN_MM) * 72 / 25.4


def fit_widths(natural: list[float], total: float) -> list[float]:
    """Stretch the columns to the page width, or cap the widest ones (their text wraps) when too wide."""
    if sum(natural) <= total:
        return [width * total / sum(natural) for width in natural]
    remaining, left = total, len(natural)
    for width in sorted(natural):
        cap = remaining / left
        if width > cap:
            break
        remaining, left = remaining - width, left - 1
    return [min(width, cap) for width in natural]


def _relative_widths(relative: list[int], natural: list[float], total: float) -> list[float]:
    """Columns with a relative width (percent of the page) keep it; the others share the rest."""
    given = sum(relative)
    if given and all(relative):
        return [total * width / given for width in relative]
    rest = total * (1 - given / 100)
    if given == 0 or rest <= 0:
        return fit_widths(natural, total)
    others = fit_widths([width for width, share in zip(natural, relative) if not share], rest)
    widths = iter(others)
    return [total * share / 100 if share else next(widths) for share in relative]


def _cell_units(cell: GridCell) -> int:
    if cell.vertical:
        return 2 + PAD_UNITS + 2
    if cell.role == "blank" and not cell.text:
        return BLANK_MIN_UNITS if cell.span == 1 else 0
    units = text_units(cell.text) + PAD_UNITS + 1
    if cell.seal or cell.date:
        units = max(units, text_units(DATE) + PAD_UNITS + 4)
    return units


def _natural_widths(cells: list[GridCell], columns: int) -> list[float]:
    """Each column as wide as its widest single-column cell; wider spanning cells share out the excess."""
    widths = [4.0] * columns
    for cell in cells:
        if cell.span == 1:
            widths[cell.column] = max(widths[cell.column], _cell_units(cell))
    for cell in cells:
        covered = range(cell.column, cell.column + cell.span)
        excess = _cell_units(cell) - sum(widths[i] for i in covered)
        if cell.span > 1 and excess > 0:
            for i in covered:
                widths[i] += excess / cell.span
    return widths


def _cell_height(cell: GridCell, width: float) -> float:
    if cell.vertical:
        return len(cell.text.replace("\n", "")) * BODY_PT * 1.4 + 12
    text_lines = wrapped_lines(cell.text, width) if cell.text else 0
    if cell.seal or cell.date:
        text_lines += 1 + int(cell.seal) + int(cell.date)
    return max(cell.lines * ROW_PT, text_lines * TEXT_LINE_PT + 8)


def _row_heights(cells: list[GridCell], widths: list[float], base: list[float]) -> list[float]:
    """Each row as tall as its tallest cell; a cell spanning rows makes its last row taller if it must."""
    heights = list(base)
    ordered = sorted(cells, key=lambda cell: cell.rows)
    for cell in ordered:
        width = sum(widths[cell.column:cell.column + cell.span])
        need = _cell_height(cell, width)
        covered = range(cell.row, cell.row + cell.rows)
        have = sum(heights[i] for i in covered)
        if need > have:
            heights[covered[-1]] += need - have
    return heights


def place_cells(rows: list[list[Cell]]) -> list[tuple[int, int, Cell]]:
    """(row, column, cell) for every cell of a form: each goes to the first grid column not
    taken by a cell reaching down from a row above (as HTML tables do; see ``grid_widths``)."""
    taken: set[tuple[int, int]] = set()
    placed = []
    for row_index, row in enumerate(rows):
        column = 0
        for cell in row:
            while (row_index, column) in taken:
                column += 1
            placed.append((row_index, column, cell))
            taken.update((row_index + down, column + across)
                         for down in range(cell.rows) for across in range(cell.span))
            column += cell.span
    return placed


def lay_out(annex: TableAnnex | FormAnnex, number: int) -> FormLayout:
    return (_table_layout if isinstance(annex, TableAnnex) else _form_layout)(annex, number)


def _table_layout(annex: TableAnnex, number: int) -> FormLayout:
    columns = len(annex.columns)
    cells = [GridCell(0, i, column.name, "header") for i, column in enumerate(annex.columns)]
    for row_index, row in enumerate(annex.rows, start=1):
        cells += [GridCell(row_index, i, row[i] if i < len(row) else "") for i in range(columns)]
    first_blank = 1 + len(annex.rows)
    for n in range(annex.blank_rows):
        number_cell = GridCell(first_blank + n, 0, str(len(annex.rows) + n + 1), "number")
        cells += [number_cell if i == 0 and annex.numbered else GridCell(first_blank + n, i) for i in range(columns)]
    natural = _natural_widths([c for c in cells if c.text], columns)
    total = page_text_width_pt(annex.landscape) / UNIT_PT
    widths = _relative_widths([column.width for column in annex.columns], natural, total)
    base = [ROW_PT] * first_blank + [BLANK_ROW_PT] * annex.blank_rows
    heights = _row_heights(cells, widths, base)
    return FormLayout(number, annex.title, list(annex.fields), list(annex.footer), annex.landscape,
                      widths, heights, cells, header_rows=1)


def _form_layout(annex: FormAnnex, number: int) -> FormLayout:
    cells = [GridCell(row, column, cell.label or cell.text, "label" if cell.is_label else "blank",
                      min(cell.rows, len(annex.rows) - row), cell.span, cell.lines,
                      cell.vertical and cell.is_label, cell.seal, cell.date)
             for row, column, cell in place_cells(annex.rows)]
    total = page_text_width_pt(annex.landscape) / UNIT_PT
    if annex.widths:
        widths = [total * width / sum(annex.widths) for width in annex.widths]
    else:
        widths = fit_widths(_natural_widths(cells, annex.columns), total)
    heights = _row_heights(cells, widths, [ROW_PT] * len(annex.rows))
    return FormLayout(number, annex.title, list(annex.fields), list(annex.footer), annex.landscape,
                      widths, heights, cells, header_rows=0)


def seal_lines(cell: GridCell) -> list[str]:
    return ([SEAL] if cell.seal else []) + ([DATE] if cell.date else [])


# ---------------------------------------------------------------- xlsx

_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def _xlsx_width(units: float) -> float:
    """Half-width characters → Excel column width, counted in digits of the default font (7 pixels wide)."""
    return round(units * UNIT_PT * 96 / 72 / 7, 2)


def _xlsx_value(cell: GridCell) -> str | int | None:
    if cell.seal or cell.date:
        # One value per cell in a spreadsheet: the seal block goes at the lower right of the text.
        # Trailing ideographic spaces centre （盖章） over the date line.
        block = "\n".join(line + ("　" * 2 if line == SEAL and cell.date else "") for line in seal_lines(cell))
        return f"{cell.text}\n\n{block}" if cell.text else block
    if cell.role == "number":
        return int(cell.text)
    return cell.text or None  # pre-filled text stays text: 0373 is not 373


def _xlsx_alignment(cell: GridCell) -> Alignment:
    if cell.vertical:
        # 255 = characters stacked top to bottom (upright); with wrapping on, LibreOffice loses the centring
        return Alignment(horizontal="center", vertical="center", textRotation=255)
    if cell.seal or cell.date:
        return Alignment(horizontal="right", vertical="bottom", wrap_text=True, indent=3)
    return Alignment(horizontal="center", vertical="center", wrap_text=True)


def _xlsx_line(ws, row: int, last_column: int, text: str, font: Font, horizontal: str, height: float) -> None:
    """A line of text across the whole width above or below the grid."""
    target = ws.cell(row=row, column=1, value=text)
    target.font = font
    target.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
    if last_column > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_column)
    ws.row_dimensions[row].height = height


def xlsx_bytes(layout: FormLayout, about: About) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = f"附件{layout.number}"
    ws.sheet_view.showGridLines = False  # the borders are the form; no screen grid to confuse them
    columns = len(layout.widths)
    body = Font(name=BODY_FONT, size=BODY_PT)
    total_units = sum(layout.widths)

    _xlsx_line(ws, 1, columns, f"附件{layout.number}", Font(name=LABEL_FONT, size=LABEL_PT), "left", 24)
    title_lines = math.ceil(text_units(layout.title) * TITLE_PT / BODY_PT / total_units)
    _xlsx_line(ws, 2, columns, layout.title, Font(name=BODY_FONT, size=TITLE_PT, bold=True), "center",
               max(1, title_lines) * TITLE_PT * 1.4 + 12)
    row = 3
    for line in layout.fields:
        _xlsx_line(ws, row, columns, line, body, "left", wrapped_lines(line, total_units) * TEXT_LINE_PT + 8)
        row += 1
    top = row

    for i, width in enumerate(layout.widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = _xlsx_width(width)
    for i, height in enumerate(layout.heights):
        ws.row_dimensions[top + i].height = round(min(height, MAX_ROW_PT), 2)
    for cell in layout.cells:
        target = ws.cell(row=top + cell.row, column=1 + cell.column, value=_xlsx_value(cell))
        target.font = Font(name=BODY_FONT, size=BODY_PT, bold=cell.role == "header")
        target.alignment = _xlsx_alignment(cell)
        target.border = _BOX
    for cell in layout.cells:
        if cell.rows > 1 or cell.span > 1:  # merging copies the top-left cell's box to the range's edges
            ws.merge_cells(start_row=top + cell.row, start_column=1 + cell.column,
                           end_row=top + cell.row + cell.rows - 1, end_column=cell.column + cell.span)

    row = top + len(layout.heights)
    for line in layout.footer:
        _xlsx_line(ws, row, columns, line, body, "left", wrapped_lines(line, total_units) * TEXT_LINE_PT + 8)
        row += 1

    setup = ws.page_setup
    setup.paperSize = ws.PAPERSIZE_A4
    setup.orientation = "landscape" if layout.landscape else "portrait"
    setup.fitToWidth, setup.fitToHeight = 1, 0  # one page wide, as many pages tall as the rows need
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    inch = MARGIN_MM / 25.4
    ws.page_margins = PageMargins(left=inch, right=inch, top=inch, bottom=inch, header=0.3, footer=0.3)
    ws.print_options.horizontalCentered = True
    ws.print_area = f"A1:{get_column_letter(columns)}{row - 1}"
    if layout.header_rows:
        ws.print_title_rows = f"{top}:{top + layout.header_rows - 1}"

    props = wb.properties
    props.title, props.subject = about.title, about.subject
    props.creator = props.lastModifiedBy = about.author
    props.created = props.modified = about.stamp
    buffer = io.BytesIO()
    # ExcelWriter rather than Workbook.save, which overwrites `modified` with the clock.
    ExcelWriter(wb, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    return stable_zip(buffer.getvalue(), about.stamp)


# ---------------------------------------------------------------- docx


def _twips(units: float) -> int:
    return round(units * UNIT_PT * 20)


def _set_fonts(rpr, name: str) -> None:
    """Latin and East-Asian font in one ``w:rFonts`` (Word uses ``w:eastAsia`` for CJK text)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)  # a theme font would win over the named one
    for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attribute}"), name)


def _run(paragraph, text: str, *, font: str = BODY_FONT, size: float = BODY_PT, bold: bool = False):
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold or None
    _set_fonts(run._r.get_or_add_rPr(), font)
    return run


def _paragraph(container, text: str = "", align=WD_ALIGN_PARAGRAPH.LEFT, **run_format):
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    if text:
        _run(paragraph, text, **run_format)
    return paragraph


def _page(doc, landscape: bool) -> None:
    section = doc.sections[0]
    short, long = Twips(11906), Twips(16838)  # A4 in twentieths of a point, as Word writes it
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    margin = Twips(round(MARGIN_MM / 25.4 * 1440))
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = margin


def _table_borders(table) -> None:
    """Thin single lines around and between every cell, merged cells included."""
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), "4")  # eighths of a point
        line.set(qn("w:space"), "0")
        line.set(qn("w:color"), "000000")
        borders.append(line)
    table._tbl.tblPr.insert_element_before(borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
                                           "w:tblCaption", "w:tblDescription", "w:tblPrChange")


def _fill_cell(target, cell: GridCell) -> None:
    paragraph = target.paragraphs[0]
    if cell.vertical:
        # Top to bottom with CJK characters upright, as the HTML form's writing-mode: vertical-rl.
        direction = OxmlElement("w:textDirection")
        direction.set(qn("w:val"), "tbRlV")
        target._tc.get_or_add_tcPr().append(direction)
    if cell.seal or cell.date:
        target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
        if cell.text:
            _run(paragraph, cell.text)
            paragraph = target.add_paragraph()
        for index, line in enumerate(seal_lines(cell)):
            if index:
                paragraph = target.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            # centre （盖章） over the date line, which is three characters longer
            indent = 2 + (1.5 if line == SEAL and cell.date else 0)
            paragraph.paragraph_format.right_indent = Pt(BODY_PT * indent)
            _run(paragraph, line)
        paragraph.paragraph_format.space_after = Pt(6)  # off the bottom border
        return
    target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if cell.text:
        _run(paragraph, cell.text, bold=cell.role == "header")


def _repeat_header(row) -> None:
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def _document_defaults(doc) -> None:
    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    _set_fonts(normal.element.get_or_add_rPr(), BODY_FONT)
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    _set_fonts(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")), BODY_FONT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    rpr = normal.element.get_or_add_rPr()
    language = rpr.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        rpr.insert_element_before(language, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    language.set(qn("w:eastAsia"), "zh-CN")  # CJK punctuation and line breaking rules
    package = doc.part.package
    for key, relation in list(package.rels.items()):  # the template's thumbnail shows another document
        if relation.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
            del package.rels[key]


def docx_bytes(layout: FormLayout, about: About) -> bytes:
    doc = docx.Document()
    _document_defaults(doc)
    _page(doc, layout.landscape)
    _paragraph(doc, f"附件{layout.number}", font=LABEL_FONT, size=LABEL_PT)
    title = _paragraph(doc, layout.title, WD_ALIGN_PARAGRAPH.CENTER, size=TITLE_PT, bold=True)
    title.paragraph_format.space_before = title.paragraph_format.space_after = Pt(8)
    for line in layout.fields:
        _paragraph(doc, line).paragraph_format.space_after = Pt(4)

    columns = len(layout.widths)
    table = doc.add_table(rows=len(layout.heights), cols=columns)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _table_borders(table)
    widths = [Twips(_twips(width)) for width in layout.widths]
    table_width = table._tbl.tblPr.find(qn("w:tblW"))
    table_width.set(qn("w:type"), "dxa")
    table_width.set(qn("w:w"), str(sum(_twips(width) for width in layout.widths)))
    for column, width in zip(table.columns, widths):
        column.width = width
    for row, height in zip(table.rows, layout.heights):
        row.height, row.height_rule = Pt(height), WD_ROW_HEIGHT_RULE.AT_LEAST
        for cell, width in zip(row.cells, widths):
            cell.width = width
    for index in range(layout.header_rows):
        _repeat_header(table.rows[index])
    for cell in layout.cells:
        target = table.cell(cell.row, cell.column)
        if cell.rows > 1 or cell.span > 1:
            target = target.merge(table.cell(cell.row + cell.rows - 1, cell.column + cell.span - 1))
        _fill_cell(target, cell)
    for line in layout.footer:
        _paragraph(doc, line).paragraph_format.space_before = Pt(4)

    props = doc.core_properties
    props.title, props.subject = about.title, about.subject
    props.author = props.last_modified_by = about.author
    props.comments, props.revision = "", 1
    props.created = props.modified = about.stamp
    buffer = io.BytesIO()
    doc.save(buffer)
    return stable_zip(buffer.getvalue(), about.stamp)


# ---------------------------------------------------------------- archive


def stable_zip(data: bytes, stamp: dt.datetime) -> bytes:
    """The same archive with fixed entry dates, attributes and order: byte-identical on every build."""
    source = zipfile.ZipFile(io.BytesIO(data))
    names = sorted(source.namelist(), key=lambda name: (name != "[Content_Types].xml", name))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0  # otherwise the building machine's OS is recorded
            info.external_attr = 0
            target.writestr(info, source.read(name))
    return buffer.getvalue()
