"""An annex form as an Excel workbook (``annex-<n>.xlsx``), written as XML text directly."""

from __future__ import annotations

import functools
import io
import math
import zipfile

from .layout import (BODY_FONT, BODY_PT, LABEL_FONT, LABEL_PT, MARGIN_MM, MAX_ROW_PT, SEAL, TEXT_LINE_PT, TITLE_PT,
                     UNIT_PT, About, FormLayout, GridCell, seal_lines, text_units, wrapped_lines)
from .office import Kit, attr, esc, stamp_text
from .stablezip import StableZip

_SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DEFAULT_FONT = '<font><name val="Calibri"/><family val="2"/><color theme="1"/><sz val="11"/><scheme val="minor"/></font>'
_SIDES = ("left", "right", "top", "bottom")


# The columns fill the printable width by Excel's rule (widths in digits of Calibri 11, 7 pixels),
# but LibreOffice (with Carlito, Calibri's metric twin) lays the same widths out 5.9% wider: at the
# full width the sheet spilled over the margins and printed at 94%. At 93% the grid fits in both,
# measured by converting every example form with LibreOffice (tests/test_forms_office.py).
_WIDTH_FIT = 0.93


def _xlsx_width(units: float) -> float:
    """Half-width characters → Excel column width, counted in digits of the default font (7 pixels wide)."""
    return round(units * UNIT_PT * 96 / 72 / 7 * _WIDTH_FIT, 2)


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
        return self._index(self.fonts, f'<font><name val="{attr(name)}"/>{weight}<sz val="{_number(size)}"/></font>')

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


def cell_text(value: str) -> str:
    """A cell's text as SpreadsheetML stores it: XML-escaped, and every ``_x`` escaped as ``_x005F_x``.

    Spreadsheets read ``_xHHHH_`` in a string as the character U+HHHH (``_x0041_`` shows as "A");
    ``_x005F_`` is the underscore itself, so a text that only looks like an escape shows as typed.
    Upper-case ``_X`` is escaped too: harmless where a reader does not decode it.
    """
    return esc(value.replace("_x", "_x005F_x").replace("_X", "_x005F_X"))


def _xlsx_cell(column: int, row: int, style: int, value: str | int | None) -> str:
    where = f"{_column_letter(column)}{row}"
    if value is None:
        return f'<c r="{where}" s="{style}" t="n"></c>'
    if isinstance(value, int):
        return f'<c r="{where}" s="{style}" t="n"><v>{value}</v></c>'
    space = ' xml:space="preserve"' if value != value.strip() else ""
    return f'<c r="{where}" s="{style}" t="inlineStr"><is><t{space}>{cell_text(value)}</t></is></c>'


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
        names += (f'<definedName name="_xlnm.Print_Titles" localSheetId="0">{esc(quoted)}!${top}:'
                  f'${top + layout.header_rows - 1}</definedName>')
    names += (f'<definedName name="_xlnm.Print_Area" localSheetId="0">{esc(quoted)}!$A$1:'
              f'${_column_letter(columns)}${last_row}</definedName>')
    workbook = (f'<workbook xmlns="{_SHEET_NS}"><workbookPr/><workbookProtection/><bookViews>'
                '<workbookView visibility="visible" minimized="0" showHorizontalScroll="1" showVerticalScroll="1" '
                'showSheetTabs="1" tabRatio="600" firstSheet="0" activeTab="0" autoFilterDateGrouping="1"/>'
                '</bookViews><sheets><sheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
                f'relationships" name="{attr(name)}" sheetId="1" state="visible" r:id="rId1"/></sheets>'
                f'<definedNames>{names}</definedNames><calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>')
    dc, terms = "http://purl.org/dc/elements/1.1/", "http://purl.org/dc/terms/"
    xsi = "http://www.w3.org/2001/XMLSchema-instance"
    stamp = stamp_text(about.stamp)
    core = ('<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties">'
            f'<dc:creator xmlns:dc="{dc}">{esc(about.author)}</dc:creator>'
            f'<dc:title xmlns:dc="{dc}">{esc(about.title)}</dc:title>'
            f'<dc:subject xmlns:dc="{dc}">{esc(about.subject)}</dc:subject>'
            f'<dcterms:created xmlns:dcterms="{terms}" xmlns:xsi="{xsi}" xsi:type="dcterms:W3CDTF">{stamp}'
            f'</dcterms:created><dcterms:modified xmlns:dcterms="{terms}" xmlns:xsi="{xsi}" '
            f'xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
            f"<cp:lastModifiedBy>{esc(about.author)}</cp:lastModifiedBy></cp:coreProperties>")
    kit = xlsx_kit()
    members = dict(kit.parts)
    members.update({"docProps/core.xml": core.encode("utf-8"), "xl/styles.xml": styles.xml().encode("utf-8"),
                    "xl/workbook.xml": workbook.encode("utf-8"),
                    "xl/worksheets/sheet1.xml": sheet.encode("utf-8")})
    return kit.archive.write(members, about.stamp)


@functools.cache
def xlsx_kit() -> Kit:
    """The shared parts of a workbook as openpyxl writes them (content types, relationships, theme)."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    buffer = io.BytesIO()
    ExcelWriter(Workbook(), zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED)).save()
    with zipfile.ZipFile(buffer) as archive:
        shared = {name: archive.read(name) for name in ("[Content_Types].xml", "_rels/.rels", "docProps/app.xml",
                                                        "xl/_rels/workbook.xml.rels", "xl/theme/theme1.xml")}
    return Kit(shared, StableZip(shared.values()))
