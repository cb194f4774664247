"""An annex form as a Word document (``annex-<n>.docx``), written as XML text directly."""

from __future__ import annotations

import functools
import io
import zipfile
from dataclasses import dataclass

from .layout import (BODY_FONT, BODY_PT, LABEL_FONT, LABEL_PT, MARGIN_MM, SEAL, TITLE_PT, UNIT_PT, About, FormLayout,
                     GridCell, seal_lines)
from .office import XML_HEAD, Kit, attr, esc, stamp_text
from .stablezip import StableZip

_RUN_FONT = '<w:rFonts w:ascii="{0}" w:hAnsi="{0}" w:eastAsia="{0}" w:cs="{0}"/>'


def _twips(units: float) -> int:
    return round(units * UNIT_PT * 20)


@functools.lru_cache(maxsize=256)  # a few sizes, asked for thousands of times
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
    properties = f'<w:rPr>{_RUN_FONT.format(attr(font))}{"<w:b/>" if bold else ""}' \
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
                content.append(f"<w:t{space}>{esc(part)}</w:t>")
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
    contents: dict[tuple, tuple[str, str]] = {}  # a table's blank cells are all alike
    for cell in layout.cells:
        width = sum(widths[cell.column:cell.column + cell.span])
        span = f'<w:gridSpan w:val="{cell.span}"/>' if cell.span > 1 else ""
        alike = (cell.text, cell.role, cell.vertical, cell.seal, cell.date)
        if alike not in contents:
            contents[alike] = _cell_content(cell)
        tail, paragraphs = contents[alike]
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
    kit = docx_kit()
    body = [_paragraph(f"附件{layout.number}", font=LABEL_FONT, size=LABEL_PT),
            _paragraph(layout.title, "center", before=8, after=8, size=TITLE_PT, bold=True)]
    body += [_paragraph(line, after=4) for line in layout.fields]
    body.append(_table(layout))
    body += [_paragraph(line, before=4) for line in layout.footer]
    section = kit.sections[layout.landscape]
    document = f"{kit.document_head}<w:body>{''.join(body)}{section}</w:body></w:document>"
    stamp = stamp_text(about.stamp)
    core = (f"{XML_HEAD}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/"
            'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{esc(about.title)}</dc:title><dc:subject>{esc(about.subject)}</dc:subject>"
            f"<dc:creator>{esc(about.author)}</dc:creator><cp:keywords/><dc:description></dc:description>"
            f"<cp:lastModifiedBy>{esc(about.author)}</cp:lastModifiedBy><cp:revision>1</cp:revision>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified><cp:category/>'
            "</cp:coreProperties>")
    members = dict(kit.parts)
    members.update({"word/document.xml": document.encode("utf-8"), "docProps/core.xml": core.encode("utf-8")})
    return kit.archive.write(members, about.stamp)


@dataclass(frozen=True)
class _DocxKit(Kit):
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
def docx_kit() -> _DocxKit:
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
