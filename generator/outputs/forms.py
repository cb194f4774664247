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
import functools
import io
import math
import struct
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from typing import Iterable, Literal

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
    filled: list[GridCell] = []
    taken: set[tuple[int, int]] = set()
    for row, column, cell in place_cells(annex.cells):  # merged cells: 区分 over rows, 合计 over columns
        filled.append(GridCell(row + 1, column, cell.text, rows=cell.rows, span=cell.span))
        taken.update((row + down, column + across) for down in range(cell.rows) for across in range(cell.span))
    filled += [GridCell(row + 1, i) for row in range(len(annex.rows)) for i in range(columns) if (row, i) not in taken]
    cells += sorted(filled, key=lambda cell: (cell.row, cell.column))
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


# ---------------------------------------------------------------- writing the files
#
# Both formats are written as XML text directly. openpyxl and python-docx built them before, at
# 25 and 70 ms a file (python-docx reloads and recompresses its 800 KB template for every document,
# and finds a table cell by rebuilding the whole grid): an archive of 10,000 notices spent most of
# its build in them. Now the parts every file shares come from those libraries once per process
# (Word's styles with our fonts, the themes), are compressed once, and only the few parts that
# differ are written per file: about 1 ms for both. The XML is what the libraries wrote, element
# for element (the tests read the files back with openpyxl and python-docx).

_XML_HEAD = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(text: str) -> str:
    return _esc(text).replace('"', "&quot;")


def _stamp(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


# ---------------------------------------------------------------- xlsx

_SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DEFAULT_FONT = '<font><name val="Calibri"/><family val="2"/><color theme="1"/><sz val="11"/><scheme val="minor"/></font>'
_SIDES = ("left", "right", "top", "bottom")


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


def _xlsx_alignment(cell: GridCell) -> str:
    if cell.vertical:
        # 255 = characters stacked top to bottom (upright); with wrapping on, LibreOffice loses the centring
        return '<alignment horizontal="center" vertical="center" textRotation="255"/>'
    if cell.seal or cell.date:
        return '<alignment horizontal="right" vertical="bottom" wrapText="1" indent="3"/>'
    return '<alignment horizontal="center" vertical="center" wrapText="1"/>'


def _column_letter(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _number(value: float) -> str:
    return f"{value:.15g}"


class _Styles:
    """The cell formats of one workbook, numbered in the order they are first used."""

    def __init__(self) -> None:
        self.fonts: list[str] = [_DEFAULT_FONT]
        self.borders: list[str] = ["<border><left/><right/><top/><bottom/><diagonal/></border>"]
        self.formats: list[tuple[int, int, str]] = [(0, 0, "")]

    @staticmethod
    def _index(items: list, item) -> int:
        if item not in items:
            items.append(item)
        return items.index(item)

    def font(self, name: str, size: float, bold: bool = False) -> int:
        weight = '<b val="1"/>' if bold else ""
        return self._index(self.fonts, f'<font><name val="{_attr(name)}"/>{weight}<sz val="{_number(size)}"/></font>')

    def border(self, sides: tuple[str, ...]) -> int:
        if not sides:
            return 0
        parts = "".join(f'<{side} style="thin"><color rgb="00000000"/></{side}>' if side in sides else f"<{side}/>"
                        for side in _SIDES)
        return self._index(self.borders, f"<border>{parts}<diagonal/></border>")

    def format(self, font: int, border: int, alignment: str) -> int:
        return self._index(self.formats, (font, border, alignment))

    def xml(self) -> str:
        formats = []
        for font, border, alignment in self.formats:
            applied = ' applyAlignment="1"' if alignment else ""
            body = f">{alignment}</xf>" if alignment else "/>"
            formats.append(f'<xf numFmtId="0" fontId="{font}" fillId="0" borderId="{border}"{applied} xfId="0"{body}')
        return (f'<styleSheet xmlns="{_SHEET_NS}"><numFmts count="0"/>'
                f'<fonts count="{len(self.fonts)}">{"".join(self.fonts)}</fonts>'
                '<fills count="2"><fill><patternFill/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
                f'<borders count="{len(self.borders)}">{"".join(self.borders)}</borders>'
                '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
                f'<cellXfs count="{len(formats)}">{"".join(formats)}</cellXfs>'
                '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0" hidden="0"/></cellStyles>'
                '<tableStyles count="0" defaultTableStyle="TableStyleMedium9" defaultPivotStyle="PivotStyleLight16"/>'
                "</styleSheet>")


def _xlsx_cell(column: int, row: int, style: int, value: str | int | None) -> str:
    where = f"{_column_letter(column)}{row}"
    if value is None:
        return f'<c r="{where}" s="{style}" t="n"></c>'
    if isinstance(value, int):
        return f'<c r="{where}" s="{style}" t="n"><v>{value}</v></c>'
    space = ' xml:space="preserve"' if value != value.strip() else ""
    return f'<c r="{where}" s="{style}" t="inlineStr"><is><t{space}>{_esc(value)}</t></is></c>'


def xlsx_bytes(layout: FormLayout, about: About) -> bytes:
    """The annex as a workbook of one sheet: the label, title and field lines, the grid, the footer."""
    styles = _Styles()
    columns = len(layout.widths)
    total_units = sum(layout.widths)
    body_font = styles.font(BODY_FONT, BODY_PT)
    rows: dict[int, dict[int, str]] = {}  # row → column → <c>
    heights: dict[int, float] = {}
    merges: list[tuple[int, int, int, int]] = []  # first row, first column, last row, last column

    def line(row: int, text: str, font: int, horizontal: str, height: float) -> None:
        """A line of text across the whole width above or below the grid."""
        style = styles.format(font, 0, f'<alignment horizontal="{horizontal}" vertical="center" wrapText="1"/>')
        rows.setdefault(row, {})[1] = _xlsx_cell(1, row, style, text)
        if columns > 1:
            merges.append((row, 1, row, columns))
        heights[row] = height

    line(1, f"附件{layout.number}", styles.font(LABEL_FONT, LABEL_PT), "left", 24)
    title_lines = math.ceil(text_units(layout.title) * TITLE_PT / BODY_PT / total_units)
    line(2, layout.title, styles.font(BODY_FONT, TITLE_PT, bold=True), "center",
         max(1, title_lines) * TITLE_PT * 1.4 + 12)
    row = 3
    for text in layout.fields:
        line(row, text, body_font, "left", wrapped_lines(text, total_units) * TEXT_LINE_PT + 8)
        row += 1
    top = row
    for index, height in enumerate(layout.heights):
        heights[top + index] = round(min(height, MAX_ROW_PT), 2)
    box = styles.border(_SIDES)
    for cell in layout.cells:
        font = styles.font(BODY_FONT, BODY_PT, bold=True) if cell.role == "header" else body_font
        style = styles.format(font, box, _xlsx_alignment(cell))
        rows.setdefault(top + cell.row, {})[1 + cell.column] = _xlsx_cell(1 + cell.column, top + cell.row, style,
                                                                           _xlsx_value(cell))
    for cell in layout.cells:
        if cell.rows == 1 and cell.span == 1:
            continue
        first_row, first_column = top + cell.row, 1 + cell.column
        last_row, last_column = first_row + cell.rows - 1, first_column + cell.span - 1
        merges.append((first_row, first_column, last_row, last_column))
        # As a spreadsheet draws a merged cell: its box on the covered cells at the range's edges.
        for r in range(first_row, last_row + 1):
            for c in range(first_column, last_column + 1):
                if (r, c) == (first_row, first_column):
                    continue
                sides = tuple(side for side, edge in (("left", c == first_column), ("right", c == last_column),
                                                      ("top", r == first_row), ("bottom", r == last_row)) if edge)
                if sides:
                    rows.setdefault(r, {})[c] = _xlsx_cell(c, r, styles.format(0, styles.border(sides), ""), None)
                else:
                    rows.setdefault(r, {}).pop(c, None)
    row = top + len(layout.heights)
    for text in layout.footer:
        line(row, text, body_font, "left", wrapped_lines(text, total_units) * TEXT_LINE_PT + 8)
        row += 1
    last_row = row - 1

    sheet_data = "".join(
        f'<row r="{r}" ht="{_number(heights[r])}" customHeight="1">'
        + "".join(rows.get(r, {})[c] for c in sorted(rows.get(r, {}))) + "</row>"
        for r in range(1, last_row + 1))
    cols = "".join(f'<col width="{_number(_xlsx_width(width))}" customWidth="1" min="{i}" max="{i}"/>'
                   for i, width in enumerate(layout.widths, start=1))
    merged = "".join(f'<mergeCell ref="{_column_letter(c1)}{r1}:{_column_letter(c2)}{r2}"/>'
                     for r1, c1, r2, c2 in merges)
    inch = repr(MARGIN_MM / 25.4)
    sheet = (f'<worksheet xmlns="{_SHEET_NS}"><sheetPr><outlinePr summaryBelow="1" summaryRight="1"/>'
             f'<pageSetUpPr fitToPage="1"/></sheetPr><dimension ref="A1:{_column_letter(columns)}{last_row}"/>'
             '<sheetViews><sheetView showGridLines="0" workbookViewId="0"><selection activeCell="A1" sqref="A1"/>'
             '</sheetView></sheetViews><sheetFormatPr baseColWidth="8" defaultRowHeight="15"/>'
             f"<cols>{cols}</cols><sheetData>{sheet_data}</sheetData>"
             + (f'<mergeCells count="{len(merges)}">{merged}</mergeCells>' if merges else "")
             + '<printOptions horizontalCentered="1"/>'
             f'<pageMargins left="{inch}" right="{inch}" top="{inch}" bottom="{inch}" header="0.3" footer="0.3"/>'
             f'<pageSetup orientation="{"landscape" if layout.landscape else "portrait"}" paperSize="9" '
             'fitToHeight="0" fitToWidth="1"/></worksheet>')
    name = f"附件{layout.number}"
    quoted = "'" + name.replace("'", "''") + "'"
    names = ""
    if layout.header_rows:
        names += (f'<definedName name="_xlnm.Print_Titles" localSheetId="0">{_esc(quoted)}!${top}:'
                  f'${top + layout.header_rows - 1}</definedName>')
    names += (f'<definedName name="_xlnm.Print_Area" localSheetId="0">{_esc(quoted)}!$A$1:'
              f'${_column_letter(columns)}${last_row}</definedName>')
    workbook = (f'<workbook xmlns="{_SHEET_NS}"><workbookPr/><workbookProtection/><bookViews>'
                '<workbookView visibility="visible" minimized="0" showHorizontalScroll="1" showVerticalScroll="1" '
                'showSheetTabs="1" tabRatio="600" firstSheet="0" activeTab="0" autoFilterDateGrouping="1"/>'
                '</bookViews><sheets><sheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
                f'relationships" name="{_attr(name)}" sheetId="1" state="visible" r:id="rId1"/></sheets>'
                f'<definedNames>{names}</definedNames><calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>')
    dc, terms = "http://purl.org/dc/elements/1.1/", "http://purl.org/dc/terms/"
    xsi = "http://www.w3.org/2001/XMLSchema-instance"
    stamp = _stamp(about.stamp)
    core = ('<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties">'
            f'<dc:creator xmlns:dc="{dc}">{_esc(about.author)}</dc:creator>'
            f'<dc:title xmlns:dc="{dc}">{_esc(about.title)}</dc:title>'
            f'<dc:subject xmlns:dc="{dc}">{_esc(about.subject)}</dc:subject>'
            f'<dcterms:created xmlns:dcterms="{terms}" xmlns:xsi="{xsi}" xsi:type="dcterms:W3CDTF">{stamp}'
            f'</dcterms:created><dcterms:modified xmlns:dcterms="{terms}" xmlns:xsi="{xsi}" '
            f'xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
            f"<cp:lastModifiedBy>{_esc(about.author)}</cp:lastModifiedBy></cp:coreProperties>")
    kit = _xlsx_kit()
    members = dict(kit.parts)
    members.update({"docProps/core.xml": core.encode("utf-8"), "xl/styles.xml": styles.xml().encode("utf-8"),
                    "xl/workbook.xml": workbook.encode("utf-8"),
                    "xl/worksheets/sheet1.xml": sheet.encode("utf-8")})
    return kit.archive.write(members, about.stamp)


@dataclass(frozen=True)
class _Kit:
    """The parts every file of one format shares, and an archive writer that compressed them once."""

    parts: dict[str, bytes]
    archive: "StableZip"


@functools.cache
def _xlsx_kit() -> _Kit:
    """The shared parts of a workbook as openpyxl writes them (content types, relationships, theme)."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    buffer = io.BytesIO()
    ExcelWriter(Workbook(), zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED)).save()
    with zipfile.ZipFile(buffer) as archive:
        shared = {name: archive.read(name) for name in ("[Content_Types].xml", "_rels/.rels", "docProps/app.xml",
                                                        "xl/_rels/workbook.xml.rels", "xl/theme/theme1.xml")}
    return _Kit(shared, StableZip(shared.values()))


# ---------------------------------------------------------------- docx

_RUN_FONT = '<w:rFonts w:ascii="{0}" w:hAnsi="{0}" w:eastAsia="{0}" w:cs="{0}"/>'


def _twips(units: float) -> int:
    return round(units * UNIT_PT * 20)


def _pt_twips(points: float) -> int:
    """Points → twentieths of a point, rounded as python-docx rounds them."""
    from docx.shared import Pt
    return Pt(points).twips


def _set_fonts(rpr, name: str) -> None:
    """Latin and East-Asian font in one ``w:rFonts`` (Word uses ``w:eastAsia`` for CJK text)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)  # a theme font would win over the named one
    for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attribute}"), name)


def _run(text: str, font: str = BODY_FONT, size: float = BODY_PT, bold: bool = False) -> str:
    """A run as python-docx writes ``add_run(text)``: a line break for each newline, a tab for each tab."""
    properties = f'<w:rPr>{_RUN_FONT.format(_attr(font))}{"<w:b/>" if bold else ""}' \
                 f'<w:sz w:val="{round(size * 2)}"/></w:rPr>'
    content = []
    for index, line in enumerate(text.replace("\r", "\n").split("\n")):
        if index:
            content.append("<w:br/>")
        for part_index, part in enumerate(line.split("\t")):
            if part_index:
                content.append("<w:tab/>")
            if part:
                space = ' xml:space="preserve"' if part != part.strip() else ""
                content.append(f"<w:t{space}>{_esc(part)}</w:t>")
    return f"<w:r>{properties}{''.join(content)}</w:r>"


def _paragraph(text: str = "", align: str = "left", before: float = 0, after: float = 0, right: float = 0,
               **run_format) -> str:
    spacing = ""
    if before or after:
        spacing = "<w:spacing" + (f' w:before="{_pt_twips(before)}"' if before else "") + \
                  (f' w:after="{_pt_twips(after)}"' if after else "") + "/>"
    indent = f'<w:ind w:right="{_pt_twips(right)}"/>' if right else ""
    properties = f'<w:pPr>{spacing}{indent}<w:jc w:val="{align}"/></w:pPr>'
    return f"<w:p>{properties}{_run(text, **run_format) if text else ''}</w:p>"


def _cell_content(cell: GridCell) -> tuple[str, str]:
    """The ``tcPr`` tail (text direction, vertical alignment) and the paragraphs of a filled cell."""
    direction = '<w:textDirection w:val="tbRlV"/>' if cell.vertical else ""
    if cell.seal or cell.date:
        paragraphs = [f"<w:p>{_run(cell.text)}</w:p>"] if cell.text else []
        lines = seal_lines(cell)
        for index, line in enumerate(lines):
            # centre （盖章） over the date line, which is three characters longer
            indent = 2 + (1.5 if line == SEAL and cell.date else 0)
            paragraphs.append(_paragraph(line, "right", after=6 if index == len(lines) - 1 else 0,
                                         right=BODY_PT * indent))
        return f'{direction}<w:vAlign w:val="bottom"/>', "".join(paragraphs)
    text = _run(cell.text, bold=cell.role == "header") if cell.text else ""
    return f'{direction}<w:vAlign w:val="center"/>', f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr>{text}</w:p>'


def _table(layout: FormLayout) -> str:
    widths = [_twips(width) for width in layout.widths]
    columns = len(widths)
    grid: list[list[str | None]] = [[None] * columns for _ in layout.heights]  # a <w:tc> at each start
    taken: set[tuple[int, int]] = set()
    for cell in layout.cells:
        width = sum(widths[cell.column:cell.column + cell.span])
        span = f'<w:gridSpan w:val="{cell.span}"/>' if cell.span > 1 else ""
        tail, paragraphs = _cell_content(cell)
        restart = '<w:vMerge w:val="restart"/>' if cell.rows > 1 else ""
        grid[cell.row][cell.column] = (f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/>{span}{restart}{tail}'
                                       f"</w:tcPr>{paragraphs}</w:tc>")
        for down in range(cell.rows):
            for across in range(cell.span):
                taken.add((cell.row + down, cell.column + across))
            if down:  # the rows below carry on the merged cell
                grid[cell.row + down][cell.column] = (f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/>{span}'
                                                      "<w:vMerge/></w:tcPr><w:p/></w:tc>")
    rows = []
    for index, height in enumerate(layout.heights):
        header = '<w:tblHeader w:val="true"/>' if index < layout.header_rows else ""
        cells = []
        for column in range(columns):
            if grid[index][column] is not None:
                cells.append(grid[index][column])
            elif (index, column) not in taken:  # not covered by any cell: an empty one
                cells.append(f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{widths[column]}"/></w:tcPr><w:p/></w:tc>')
        rows.append(f'<w:tr><w:trPr><w:trHeight w:val="{_pt_twips(height)}" w:hRule="atLeast"/>{header}</w:trPr>'
                    + "".join(cells) + "</w:tr>")
    borders = "".join(f'<w:{edge} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                      for edge in ("top", "left", "bottom", "right", "insideH", "insideV"))
    return (f'<w:tbl><w:tblPr><w:tblW w:type="dxa" w:w="{sum(widths)}"/><w:jc w:val="center"/>'
            f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
            '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" '
            'w:noVBand="1" w:val="04A0"/></w:tblPr><w:tblGrid>'
            + "".join(f'<w:gridCol w:w="{width}"/>' for width in widths) + "</w:tblGrid>"
            + "".join(rows) + "</w:tbl>")


def docx_bytes(layout: FormLayout, about: About) -> bytes:
    """The annex as a Word document: 附件N, the title, the field lines, the form as a table, the footer."""
    kit = _docx_kit()
    body = [_paragraph(f"附件{layout.number}", font=LABEL_FONT, size=LABEL_PT),
            _paragraph(layout.title, "center", before=8, after=8, size=TITLE_PT, bold=True)]
    body += [_paragraph(line, after=4) for line in layout.fields]
    body.append(_table(layout))
    body += [_paragraph(line, before=4) for line in layout.footer]
    section = kit.sections[layout.landscape]
    document = f"{kit.document_head}<w:body>{''.join(body)}{section}</w:body></w:document>"
    stamp = _stamp(about.stamp)
    core = (f"{_XML_HEAD}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/"
            'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{_esc(about.title)}</dc:title><dc:subject>{_esc(about.subject)}</dc:subject>"
            f"<dc:creator>{_esc(about.author)}</dc:creator><cp:keywords/><dc:description></dc:description>"
            f"<cp:lastModifiedBy>{_esc(about.author)}</cp:lastModifiedBy><cp:revision>1</cp:revision>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified><cp:category/>'
            "</cp:coreProperties>")
    members = dict(kit.parts)
    members.update({"word/document.xml": document.encode("utf-8"), "docProps/core.xml": core.encode("utf-8")})
    return kit.archive.write(members, about.stamp)


@dataclass(frozen=True)
class _DocxKit(_Kit):
    document_head: str  # the XML declaration and <w:document …> with its namespaces
    sections: dict[bool, str]  # the <w:sectPr> of a portrait and of a landscape page


def _document_defaults(doc) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt
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
    # The template carries every style Word knows (780 KB, 96% of each file) and parts a form never
    # uses; a form needs its four default styles. Unreferenced parts are not saved.
    unused = {RELATIONSHIP_TYPE.WEB_SETTINGS, RELATIONSHIP_TYPE.CUSTOM_XML, RELATIONSHIP_TYPE.NUMBERING}
    for key, relation in list(doc.part.rels.items()):
        if relation.reltype in unused or relation.reltype.endswith("/stylesWithEffects"):
            del doc.part.rels[key]
    styles = doc.styles.element
    for element in list(styles):
        if element.tag == qn("w:latentStyles") or (element.tag == qn("w:style") and element.get(qn("w:default")) != "1"):
            styles.remove(element)


def _page(doc, landscape: bool) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Twips
    section = doc.sections[0]
    short, long = Twips(11906), Twips(16838)  # A4 in twentieths of a point, as Word writes it
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    margin = Twips(round(MARGIN_MM / 25.4 * 1440))
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = margin


@functools.cache
def _docx_kit() -> _DocxKit:
    """python-docx's default document with our fonts and A4 pages, taken apart once per process."""
    import docx

    sections = {}
    for landscape in (False, True):
        doc = docx.Document()
        _document_defaults(doc)
        _page(doc, landscape)
        buffer = io.BytesIO()
        doc.save(buffer)
        with zipfile.ZipFile(buffer) as archive:
            parts = {name: archive.read(name) for name in archive.namelist()}
        document = parts.pop("word/document.xml").decode("utf-8")
        parts.pop("docProps/core.xml")
        head, body = document.split("<w:body>", 1)
        section = body[body.index("<w:sectPr"):body.rindex("</w:body>")]
        assert section.endswith("</w:sectPr>")
        sections[landscape] = section
    return _DocxKit(parts, StableZip(parts.values()), head, sections)


# ---------------------------------------------------------------- archive


_PERMISSIONS = 0o600 << 16  # what zipfile records for an entry written from bytes


class StableZip:
    """Deterministic zip archives: fixed entry dates and attributes, ``[Content_Types].xml`` first,
    then the names in order. Byte-identical on every build.

    Written by hand rather than with :mod:`zipfile` so that the parts shared by every file (given
    when the writer is made) are compressed once, not once per file. The entries are byte for byte
    what zipfile writes for a ``ZipInfo`` with ``create_system = 0`` (zipfile then records the
    permissions rw-------).
    """

    def __init__(self, shared: Iterable[bytes] = ()):
        self._compressed = {data: self._compress(data) for data in shared}

    @staticmethod
    def _compress(data: bytes) -> tuple[int, bytes]:
        packer = zlib.compressobj(zlib.Z_BEST_SPEED, zlib.DEFLATED, -15)
        return zlib.crc32(data), packer.compress(data) + packer.flush()

    def write(self, members: dict[str, bytes], stamp: dt.datetime) -> bytes:
        names = sorted(members, key=lambda name: (name != "[Content_Types].xml", name))
        time = (stamp.hour << 11) | (stamp.minute << 5) | (stamp.second // 2)
        date = ((stamp.year - 1980) << 9) | (stamp.month << 5) | stamp.day
        body, directory = [], []
        offset = 0
        for name in names:
            data = members[name]
            crc, packed = self._compressed.get(data) or self._compress(data)
            encoded = name.encode("ascii")
            fixed = struct.pack("<HHHHHLLLHH", 20, 0, zipfile.ZIP_DEFLATED, time, date, crc, len(packed), len(data),
                                len(encoded), 0)
            body.append(b"PK\x03\x04" + fixed + encoded + packed)
            directory.append(b"PK\x01\x02" + struct.pack("<H", 20) + fixed
                             + struct.pack("<HHHLL", 0, 0, 0, _PERMISSIONS, offset) + encoded)
            offset += 4 + len(fixed) + len(encoded) + len(packed)
        central = b"".join(directory)
        end = b"PK\x05\x06" + struct.pack("<HHHHLLH", 0, 0, len(names), len(names), len(central), offset, 0)
        return b"".join(body) + central + end


def stable_zip(data: bytes, stamp: dt.datetime) -> bytes:
    """Any archive rewritten with fixed entry dates, attributes and order (see :class:`StableZip`)."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return StableZip().write({name: source.read(name) for name in source.namelist()}, stamp)
