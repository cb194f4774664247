"""A .docx or a plain-text file → a :class:`~generator.importer.blocks.Source` (paragraphs and tables).

Plain text may be UTF-8 (with or without BOM), UTF-16 with a BOM (Word's
“Unicode text”) or GB18030/GBK (Chinese Windows). Tables in text come in the
two shapes extraction tools produce: one row per line with cells separated by
tabs, or one cell per line starting with a tab and a blank line between rows.

A .docx is read with python-docx: paragraphs in document order with Word's
automatic numbering rendered as text (so 一、 and （一） look the same as in a
text file), and tables with their merged cells (gridSpan, vMerge) read from
the XML. Bad input — empty, binary, not really a Word file — is an error value.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from pathlib import Path

from ..errors import ContentError
from ..i18n import strerror, tr
from ..load import control_character
from .blocks import Block, Cell, Paragraph, Source, Table
from .text import to_chinese

MAX_BYTES = 20 * 1024 * 1024  # a notice with forms is well under 1 MB
MAX_UNZIPPED = 100 * 1024 * 1024  # bytes actually unpacked, all parts together: zip bombs posing as .docx
_CHUNK = 1024 * 1024  # unpacked a megabyte at a time, so a bomb never sits in memory whole

_CELL_LINE = re.compile(r"^ ?\t([^\t]*)$")  # one cell per line: "\t序号"
_ANNEX_MARKER = re.compile(r"^\s*附件\s*\d{0,2}\s*$")
_ROW_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")


def _error(shown: str, message: str, hint: str = "") -> list[ContentError]:
    return [ContentError(shown, 0, "", message, hint)]


def read(path: Path, shown: str) -> tuple[Source | None, list[ContentError]]:
    """Read a .docx or .txt notice; None and the reasons when it cannot be read."""
    suffix = path.suffix.lower()
    if suffix not in (".docx", ".txt", ".text"):
        hint = (tr("open it in Word and save it as .docx (Word 2007 or later)") if suffix in (".doc", ".wps", ".rtf")
                else tr("give a Word file (.docx) or a plain-text file (.txt)"))
        return None, _error(shown, tr("cannot import a `{suffix}` file", suffix=suffix) if suffix else
                            tr("cannot import a file without extension"), hint)
    try:
        size = path.stat().st_size
    except OSError as exc:
        return None, _error(shown, tr("cannot read the file: {reason}", reason=strerror(exc)))
    if not path.is_file():
        return None, _error(shown, tr("this is not a file"))
    if size == 0:
        return None, _error(shown, tr("the file is empty"), tr("export the notice again from Word"))
    if size > MAX_BYTES:
        return None, _error(shown, tr("the file is {size} MB; a notice is far smaller", size=size // 1024 // 1024),
                            tr("check that this is the right file"))
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, _error(shown, tr("cannot read the file: {reason}", reason=strerror(exc)))
    if suffix == ".docx":
        return read_docx(raw, shown)
    text, errors = decode_text(raw, shown)
    if text is None:
        return None, errors
    blocks = text_blocks(text)
    if not any(isinstance(b, Paragraph) for b in blocks) and not blocks:
        return None, _error(shown, tr("the file has no text"), tr("export the notice again from Word"))
    return Source(shown, "text", tuple(blocks)), []


def decode_text(raw: bytes, shown: str) -> tuple[str | None, list[ContentError]]:
    """Bytes → text: BOMs, UTF-8, then GB18030; binary data is refused."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            return None, _error(shown, tr("the file starts like UTF-16 text but is not"), tr("save it as UTF-8 text"))
    elif raw.startswith(b"PK\x03\x04"):
        return None, _error(shown, tr("this is a zip archive (perhaps a .docx), not plain text"),
                            tr("give it the .docx extension if it is a Word file"))
    elif b"\x00" in raw[:4096]:
        return None, _error(shown, tr("this looks like a binary file, not text"),
                            tr("export the notice as plain text (.txt) or give the .docx file"))
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = raw.decode("gb18030")
            except UnicodeDecodeError:
                return None, _error(shown, tr("the file is neither UTF-8 nor GB18030 text"),
                                    tr("export the notice as plain text (.txt) or give the .docx file"))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    found = control_character(text)
    if found:
        return None, [ContentError(shown, found[0], "", tr("the file contains the control character {character}: "
                                                           "this looks like a binary file, not text",
                                                           character=found[1]),
                                   tr("export the notice as plain text (.txt) or give the .docx file"))]
    if not text.strip():
        return None, _error(shown, tr("the file has no text"), tr("export the notice again from Word"))
    return text, []


def _is_tsv_row(line: str) -> bool:
    return "\t" in line and not _CELL_LINE.match(line) and bool(line.strip())


def _starts_pipe_table(lines: list[str], index: int) -> bool:
    """A cell on its own line(s), then a ``| next cell`` line: a table copied from a web page."""
    if lines[index].lstrip().startswith("|"):
        return False
    following = [line.strip() for line in lines[index + 1:index + 10] if line.strip()]
    for line in following[:8]:
        if line.startswith("|"):
            return True
        if len(line) > 30:
            return False
    return False


def _pipe_table(lines: list[str], index: int) -> tuple[Table, int]:
    """Rows written as ``区分`` ``| 名 称`` ``| 单位`` ``|`` — the first cell alone, every other cell after a
    ``|``, the last ``|`` closing the row; lines without a ``|`` continue a cell (项/目/简/介). A row with fewer
    cells than the first lacks the cells merged into it from above."""
    start = index
    rows: list[tuple[Cell, ...]] = []
    row: list[str] = []

    def finish() -> None:
        if row:
            pieces = "\n".join(row).split("|")
            rows.append(tuple(Cell("\n".join(part.strip() for part in piece.strip().split("\n")))
                              for piece in pieces[:-1]))
            row.clear()

    closed = True
    while index < len(lines):
        line = lines[index].strip()
        if not line:
            index += 1
            continue
        if not line.startswith("|") and closed:
            finish()
            if not _starts_pipe_table(lines, index):
                break
        row.append(line)
        closed = line.endswith("|")
        index += 1
    finish()
    return Table(tuple(rows), start + 1, merges_known=False), index


# | 序号 | 活动名称 | 时间 | — a whole row on one line, as Markdown writes tables (|---|---| lines separate the header)
_MARKDOWN_ROW = re.compile(r"^\s*\|(?:[^|]*\|){2,}\s*$")
_MARKDOWN_RULE = re.compile(r"^\s*\|(?:\s*:?-{2,}:?\s*\|)+\s*$")


def _markdown_table(lines: list[str], index: int) -> tuple[Table, int]:
    start = index
    rows: list[tuple[Cell, ...]] = []
    while index < len(lines) and _MARKDOWN_ROW.match(lines[index]):
        if not _MARKDOWN_RULE.match(lines[index]):
            rows.append(tuple(Cell(cell.strip()) for cell in lines[index].strip()[1:-1].split("|")))
        index += 1
    return Table(tuple(rows), start + 1, merges_known=False), index


def text_blocks(text: str) -> list[Block]:
    """Lines of a text file → paragraphs (one per non-empty line) and tables."""
    lines = text.split("\n")
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            index += 1
        elif _MARKDOWN_ROW.match(line):
            table, index = _markdown_table(lines, index)
            blocks.append(table)
        elif (len(line.strip()) <= 30 and not line.lstrip().startswith("|")
              and next((n for n in lines[index + 1:] if n.strip()), "").lstrip().startswith("|")
              and not _MARKDOWN_ROW.match(next((n for n in lines[index + 1:] if n.strip()), ""))):
            table, index = _pipe_table(lines, index)
            blocks.append(table)
        elif _CELL_LINE.match(line):
            table, index = _cell_per_line_table(lines, index)
            blocks.append(table)
        elif _is_tsv_row(line):
            start = index
            rows = []
            # a row number alone on a line continues the table (its trailing tabs were lost)
            while index < len(lines) and (_is_tsv_row(lines[index]) or (rows and _ROW_NUMBER.match(lines[index]))):
                rows.append(tuple(Cell(cell.strip()) for cell in lines[index].split("\t")))
                index += 1
            blocks.append(Table(tuple(rows), start + 1, merges_known=False))
        else:
            blocks.append(Paragraph(line.strip(), index + 1))
            index += 1
    return blocks


def _cell_per_line_table(lines: list[str], index: int) -> tuple[Table, int]:
    """Cells on lines of their own (``\\t序号``); a blank line between two cells starts a new row.

    A cell's height in lines (how tall a blank area is) is the number of text
    lines it takes until the next cell, less the blank line that ends a row;
    lines without a tab continue the cell
    (``\\t主`` ``要`` ``事`` ``迹`` is one vertical label).
    """
    start = index
    rows: list[tuple[Cell, ...]] = []
    row: list[Cell] = []
    content: list[str] | None = None
    blanks = 0

    def finish(trailing: int) -> None:
        nonlocal content
        if content is not None:
            text = "\n".join(part.strip() for part in content).strip("\n")
            row.append(Cell(text, lines=max(1, len(content) + trailing - (1 if trailing else 0))))
            content = None

    while index < len(lines):
        line = lines[index]
        match = _CELL_LINE.match(line)
        if match:
            finish(blanks)
            if blanks and row:
                rows.append(tuple(row))
                row = []
            content = [match.group(1)]
            blanks = 0
        elif not line.strip():
            blanks += 1
        elif _ANNEX_MARKER.match(line) or (blanks and len(line.strip()) >= 30) or _is_tsv_row(line):
            break
        else:
            if content is None:
                break
            content.extend([""] * blanks + [line])
            blanks = 0
        index += 1
    finish(0)
    if row:
        rows.append(tuple(row))
    return Table(tuple(rows), start + 1, merges_known=False), index


# --- .docx ---------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(raw: bytes, shown: str) -> tuple[Source | None, list[ContentError]]:
    import io

    not_word = _error(shown, tr("this is not a Word (.docx) file"), tr("open it in Word and save it as .docx"))
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None, not_word
    if "word/document.xml" not in names or "[Content_Types].xml" not in names:
        return None, _error(shown, tr("this is a zip archive but not a Word document (no word/document.xml)"),
                            tr("open it in Word and save it as .docx"))
    problem = _unpacking_problem(raw, archive)
    if problem:
        return None, _error(shown, problem, tr("check that this is the right file, or open it in Word and save "
                                               "it again as .docx"))
    try:
        import docx
        document = docx.Document(io.BytesIO(raw))
    except Exception:  # python-docx raises many kinds for a broken package; all mean the same to an editor
        return None, _error(shown, tr("the Word file is damaged or not a Word document"),
                            tr("open it in Word and save it again as .docx"))
    numbering = _Numbering(document)
    blocks: list[Block] = []
    for number, element in enumerate(document.element.body.iterchildren(), start=1):
        if element.tag == _W + "p":
            paragraph = _docx_paragraph(element, document, numbering, number)
            if paragraph is not None:
                blocks.append(paragraph)
        elif element.tag == _W + "tbl":
            blocks.append(_docx_table(element, document, number))
    if not blocks:
        return None, _error(shown, tr("the Word file has no text"), tr("check that this is the right file"))
    return Source(shown, "docx", tuple(blocks)), []


def _unpacking_problem(raw: bytes, archive: zipfile.ZipFile) -> str:
    """Unpack every part a chunk at a time, counting the bytes it truly gives, before python-docx reads any.

    A zip declares each part's size, and a bomb lies: zipfile (under python-docx) unpacks a part whole,
    however much it gives, and only then cuts it to the declared size. So the limit is on the bytes
    actually unpacked, and a part that gives more (or less) than it declares is refused.
    """
    total = 0
    for info in archive.infolist():
        header = raw[info.header_offset:info.header_offset + 30]
        if len(header) < 30 or header[:4] != b"PK\x03\x04":
            return tr("the Word file is damaged (a part's header is missing)")
        name_length, extra_length = struct.unpack("<HH", header[26:30])
        start = info.header_offset + 30 + name_length + extra_length
        size = _unpacked_size(memoryview(raw)[start:start + info.compress_size], info.compress_type,
                              min(MAX_UNZIPPED - total, info.file_size))
        if size is None:
            return tr("a part of the Word file ({part}) is damaged or packed in a way Word does not use",
                      part=info.filename)
        if size > info.file_size:
            return tr("a part of the Word file ({part}) unpacks to more than the size it declares ({size:,} bytes): "
                      "the file is damaged or forged", part=info.filename, size=info.file_size)
        total += size
        if total > MAX_UNZIPPED:
            return tr("the Word file unpacks to more than {size} MB; a notice is far smaller",
                      size=MAX_UNZIPPED // 1024 // 1024)
        if size != info.file_size:
            return tr("a part of the Word file ({part}) unpacks to {size:,} bytes, less than the size it declares "
                      "({declared:,}): the file is damaged", part=info.filename, size=size, declared=info.file_size)
    return ""


def _unpacked_size(packed: memoryview, method: int, limit: int) -> int | None:
    """How many bytes a part unpacks to, counted a megabyte at a time and not past ``limit`` (+1);
    None for a method Word does not use or broken data."""
    if method == zipfile.ZIP_STORED:
        return len(packed)
    if method != zipfile.ZIP_DEFLATED:
        return None
    unpacker = zlib.decompressobj(-15)
    size = 0
    try:
        for offset in range(0, len(packed), _CHUNK):
            pending = packed[offset:offset + _CHUNK]
            while pending and not unpacker.eof:
                size += len(unpacker.decompress(pending, _CHUNK))
                if size > limit:
                    return size
                pending = unpacker.unconsumed_tail
            if unpacker.eof:
                break
        size += len(unpacker.flush())
    except zlib.error:
        return None
    return size if unpacker.eof else None


def _paragraph_text(element, document) -> str:
    from docx.text.paragraph import Paragraph as DocxParagraph
    return DocxParagraph(element, document.part).text


def _style_of(element, document):
    from docx.text.paragraph import Paragraph as DocxParagraph
    try:
        return DocxParagraph(element, document.part).style
    except Exception:
        return None


def _heading_level(style) -> int:
    name = (getattr(style, "name", "") or "").lower()
    match = re.match(r"^(?:heading|标题)\s*(\d)$", name)
    if match:
        return int(match.group(1))
    return 1 if name in ("title", "标题") else 0


def _docx_paragraph(element, document, numbering: "_Numbering", number: int) -> Paragraph | None:
    text = _paragraph_text(element, document)
    style = _style_of(element, document)
    label = numbering.label(element, style)
    # A soft line break inside a paragraph (a title set on two lines) is not a new paragraph.
    text = re.sub(r"\s*\n\s*", "", text) if re.search(r"[\u4e00-\u9fff]\n|\n[\u4e00-\u9fff]", text) else \
        text.replace("\n", " ")
    text = (label + text).strip()
    if not text:
        return None
    return Paragraph(text, number, _heading_level(style))


def _docx_table(element, document, number: int) -> Table:
    """Rows of cells with gridSpan and vMerge resolved; cells merged from above are left out."""
    from docx.table import _Cell

    grid_rows: list[list[dict]] = []
    for tr in element.iterchildren(_W + "tr"):
        column = 0
        cells = []
        for tc in tr.iterchildren(_W + "tc"):
            props = tc.find(_W + "tcPr")
            span, merge = 1, None
            if props is not None:
                grid_span = props.find(_W + "gridSpan")
                if grid_span is not None:
                    span = int(grid_span.get(_W + "val", "1") or 1)
                v_merge = props.find(_W + "vMerge")
                if v_merge is not None:
                    merge = v_merge.get(_W + "val", "continue")
            cell = _Cell(tc, None)
            paragraphs = [p.text for p in cell.paragraphs]
            text = "\n".join(paragraphs).strip("\n")
            cells.append({"column": column, "span": span, "merge": merge, "text": text,
                          "lines": max(1, len(paragraphs))})
            column += span
        grid_rows.append(cells)
    rows: list[tuple[Cell, ...]] = []
    for row_index, cells in enumerate(grid_rows):
        row = []
        for cell in cells:
            if cell["merge"] == "continue":
                continue
            height = 1
            if cell["merge"] == "restart":
                for below in grid_rows[row_index + 1:]:
                    if any(c["column"] == cell["column"] and c["merge"] == "continue" for c in below):
                        height += 1
                    else:
                        break
            row.append(Cell(cell["text"], span=cell["span"], rows=height, lines=cell["lines"]))
        rows.append(tuple(row))
    return Table(tuple(rows), number, merges_known=True)


class _Numbering:
    """Word's automatic numbering (numbering.xml) rendered as the text a reader sees: 一、 （一） 1."""

    def __init__(self, document):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId → ilvl → (format, text, start)
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except Exception:
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for definition in root.iterchildren(_W + "abstractNum"):
            levels = {}
            for lvl in definition.iterchildren(_W + "lvl"):
                fmt = lvl.find(_W + "numFmt")
                text = lvl.find(_W + "lvlText")
                start = lvl.find(_W + "start")
                levels[int(lvl.get(_W + "ilvl", "0"))] = (
                    fmt.get(_W + "val", "decimal") if fmt is not None else "decimal",
                    text.get(_W + "val", "") if text is not None else "",
                    int(start.get(_W + "val", "1")) if start is not None else 1)
            abstract[definition.get(_W + "abstractNumId")] = levels
        for num in root.iterchildren(_W + "num"):
            ref = num.find(_W + "abstractNumId")
            if ref is not None:
                self.levels[num.get(_W + "numId")] = abstract.get(ref.get(_W + "val"), {})

    @staticmethod
    def _num_pr(element, style):
        props = element.find(_W + "pPr")
        num_pr = props.find(_W + "numPr") if props is not None else None
        while num_pr is None and style is not None:
            style_props = style.element.find(_W + "pPr")
            num_pr = style_props.find(_W + "numPr") if style_props is not None else None
            style = style.base_style
        return num_pr

    def label(self, element, style) -> str:
        num_pr = self._num_pr(element, style)
        if num_pr is None:
            return ""
        num_id_el, ilvl_el = num_pr.find(_W + "numId"), num_pr.find(_W + "ilvl")
        num_id = num_id_el.get(_W + "val") if num_id_el is not None else None
        level = int(ilvl_el.get(_W + "val", "0")) if ilvl_el is not None else 0
        if not num_id or num_id == "0" or num_id not in self.levels:
            return ""
        levels = self.levels[num_id]
        counters = self.counters.setdefault(num_id, {})
        fmt, text, start = levels.get(level, ("decimal", f"%{level + 1}.", 1))
        counters[level] = counters.get(level, start - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        if fmt == "bullet" or fmt == "none":
            return ""

        def render(match: re.Match) -> str:
            which = int(match.group(1)) - 1
            value = counters.get(which, levels.get(which, ("decimal", "", 1))[2])
            return _format_number(value, levels.get(which, (fmt,))[0])

        return re.sub(r"%(\d)", render, text)


def _format_number(value: int, fmt: str) -> str:
    if fmt.startswith(("chineseCounting", "ideographTraditional", "taiwaneseCounting", "japaneseCounting")):
        return to_chinese(value)
    if fmt == "lowerLetter":
        return chr(ord("a") + (value - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (value - 1) % 26)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) - ord("0") + ord("０")) for d in str(value))
    return str(value)
