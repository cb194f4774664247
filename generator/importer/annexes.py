"""附件: the list at the end of the body, and each annex after the signature — table, form or text.

A table whose first row names every column and whose other rows are blank (or
only numbered) is a column table (``kind: table``: columns, blank rows,
numbered). Any other table is a key-value form (``kind: form``) whose cells keep
their spans: exact from a .docx; from text they are guessed — an empty cell
next to a label in a column that holds labels widens the label, empty cells
after a blank widen the blank, an empty first cell under a label extends that
label down — and the editor is asked to compare with the original. An annex
without a table is free text (``kind: text``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pydantic import ValidationError

from ..i18n import tr
from ..notice import FormAnnex, TableAnnex, TextAnnex
from .blocks import Block, Cell, Paragraph, Table
from .draft import Annex, DocumentAnnex, MergedTableAnnex
from .text import squash, tidy

_SEAL = re.compile(r"[（(]\s*盖\s*章\s*[）)]")
_DATE_BLANK = re.compile(r"年\s*月\s*日")
_TALL_LABEL = re.compile(r"事迹|内容|简介|情况|说明|意见|建议|理由|摘要")
_SERIAL = re.compile(r"^(?:序号|编号|序|No\.?)$", re.I)  # a first column that numbers the rows
# 1. / 1、 / （1） / ① before an entry of the 附件 list
_LIST_ITEM = re.compile(r"^(?:\d{1,2}\s*[.．、:：]|[（(]\d{1,2}[)）]|[\u2460-\u2473])\s*(?P<title>.+)$")


def _items(text: str) -> list[str]:
    """``1.甲表 2.乙表`` / ``1、甲；2、乙`` / ``（1）甲（2）乙`` / ``①甲 ②乙`` (one line) → one entry each: cut before
    each next number in turn, where it follows the end of a word or a separator (；，。)."""
    first = re.match(r"^\s*(?:(?P<dot>\d{1,2})\s*[.．、]|[（(](?P<paren>\d{1,2})[)）]|(?P<circled>[\u2460-\u2473]))", text)
    if not first:
        return [text]
    number = int(first.group("dot") or first.group("paren") or ord(first.group("circled")) - 0x2460 + 1)
    entries = []
    while True:
        # 2.0版 is a version, not the second entry; 2.2024年… is
        marker = (rf"{number + 1}\s*[.．、](?:(?=(?:19|20)\d\d)|(?!\d))\S" if first.group("dot") else
                  rf"[（(]{number + 1}[)）]" if first.group("paren") else chr(0x2460 + number))
        cut = re.search(rf"(?<=[\u4e00-\u9fff》）)”A-Za-z；;，,。])\s*(?={marker})", text)
        if not cut:
            return entries + [text]
        entries.append(text[:cut.start()].rstrip("；;，,"))
        text, number = text[cut.end():], number + 1


@dataclass(frozen=True)
class AnnexPart:
    number: int  # as printed after 附件 (1 when there is only 附件)
    title_inline: str  # text on the marker line after the number (附件1：XXX表)
    blocks: tuple[Block, ...]


_LIST_LINE = re.compile(r"^(?:相关)?附\s*件(?:下载|列表)?\s*(?P<number>\d{1,2}(?:-\d{1,2})?)?\s*[:：]\s*(?P<rest>.*)$")
_FILE = re.compile(r"\.(pdf|docx?|xlsx?|wps|et|ofd|zip|rar|jpe?g|png)$", re.I)
_DOCUMENT_END = re.compile(r"(通知|通告|公告|意见|方案|决定|办法|规定|规划|纲要|函|纪要|名单|文件|报告|批复|细则|指南|目录)$")
_DOC_NUMBER = (r"[\u4e00-\u9fffA-Za-z]{1,16}[〔\[［【(（﹝]\d{4}[〕\]］】)）﹞][\u4e00-\u9fff]{0,4}\d{1,4}号")


def annex_list(paragraphs: list[str]) -> list[str]:
    """Titles in the 附件 list: ``附件：1、XXX`` and the numbered lines after it, ``附件1：…`` ``附件2：…`` lines,
    or ``附件：`` alone with the title on the next line."""
    titles: list[str] = []
    expect_item = False
    for position, text in enumerate(paragraphs):
        listed = _LIST_LINE.match(text)
        if listed:
            text = listed.group("rest").strip()
            if not text:
                expect_item = True
                continue
            for entry in _items(text):
                item = _LIST_ITEM.match(entry)
                titles.append(tidy(item.group("title") if item else entry).rstrip("。；;"))
            expect_item = False
            continue
        item = _LIST_ITEM.match(text)
        if item:
            titles += [tidy(_LIST_ITEM.match(entry).group("title") if _LIST_ITEM.match(entry) else entry).rstrip("。；;")
                       for entry in _items(text)]
        elif expect_item or position == 0:
            titles.append(tidy(text).rstrip("。；;"))
            expect_item = False
        else:
            break
    return [_unprefixed(title) for title in titles]


def _unprefixed(title: str) -> str:
    """附件.某某通知.pdf / 附件2-某某表.docx: a file named after its place in the list; the title is the rest."""
    rest = re.sub(r"^附\s*件\s*\d{0,2}\s*[.．、_\-—]\s*", "", title)
    return rest if re.search(r"[\u4e00-\u9fff]{2}", rest) else title


def document_entry(text: str) -> DocumentAnnex | None:
    """A 附件 list entry that names a document (not a form to fill in): its title, 文号, issuer and file name."""
    text = squash(text).rstrip("。；;")
    file_name = text if _FILE.search(text) else ""
    body = _FILE.sub("", text)
    number = ""
    leading = re.match(f"^({_DOC_NUMBER})(.*)$", body)
    if leading:
        number, body = leading.group(1), leading.group(2)
    trailing = re.match(f"^(.*?)[（(]({_DOC_NUMBER})[)）]$", body)
    if trailing:
        body, number = trailing.group(1), trailing.group(2)
    issuer = ""
    quoted = re.match(r"^(?P<issuer>[^《》]*)《(?P<title>[^》]+)》?(?P<note>(?:[（(][^（()）]*[)）])?)$", body)
    if quoted and quoted.group("issuer").endswith(("关于", "转发", "印发")):
        quoted = None  # 关于转发《…》的通知 is the title itself
    if quoted:
        issuer = quoted.group("issuer")
        body = quoted.group("title") + quoted.group("note")
    if not body and number:
        return DocumentAnnex(title="", doc_number=number, file_name=file_name)
    core = re.sub(r"[（(][^（()）]*[)）]$", "", body)
    if not (number or file_name or quoted or _DOCUMENT_END.search(core)):
        return None
    if re.search(r"(表|(?<![名清])单|书)$", core) and not file_name and not number:
        return None  # a form to fill in
    return DocumentAnnex(title=body, doc_number=number, issuer=issuer if len(issuer) <= 30 else "",
                         file_name=file_name)


def merge_documents(entries: list) -> list:
    """A list line that is only a 文号 (附件1：川科协发〔2022〕103号) belongs to the document named next to it."""
    merged: list = []
    for entry in entries:
        previous = merged[-1] if merged else None
        if isinstance(entry, DocumentAnnex) and isinstance(previous, DocumentAnnex):
            if not entry.title and previous.title and not previous.doc_number:
                merged[-1] = DocumentAnnex(previous.title, entry.doc_number, previous.issuer, previous.file_name)
                continue
            if not previous.title and entry.title and not entry.doc_number:
                merged[-1] = DocumentAnnex(entry.title, previous.doc_number, entry.issuer, entry.file_name)
                continue
        merged.append(entry)
    return merged


def _is_column_table(table: Table) -> bool:
    if not table.rows or len(table.rows[0]) < 2:
        return False
    header = table.rows[0]
    if not all(cell.text.strip() for cell in header):
        return False
    if len(table.rows) == 1:  # a header row alone (the blank rows were lost in extraction): column labels only
        return all(len(squash(cell.text)) <= 20 and not re.search(r"[。：:]", cell.text) for cell in header)
    # the other rows are blank, or hold only row numbers (extraction may shift those into other cells)
    return all(not cell.text.strip() or cell.text.strip().isdigit() for row in table.rows[1:] for cell in row)


def _merged_table(title: str, fields: list[str], table: Table, footer: list[str],
                  undecided: list[str]) -> MergedTableAnnex | None:
    """A survey table from text: a header row, filled-in rows, and rows short of their first cells because those
    are merged from the row above (区分 | 名称 …); a short row starting with 合计 spans the missing columns."""
    if table.merges_known:
        return _merged_docx_table(title, fields, table, footer)
    header = [squash(cell.text) for cell in table.rows[0]]
    width = len(header)
    body = [[squash(cell.text) for cell in row] for row in table.rows[1:]]
    if (width < 3 or not all(header) or not body or len(body[0]) != width
            or not any(len(row) < width for row in body) or any(len(row) > width for row in body)
            or not any(cell for row in body for cell in row)):
        return None
    rows: list[list[object]] = []
    spans: dict[tuple[int, int], int] = {}  # (row, column) of a cell reaching down → rows it covers
    last_full = 0
    for index, row in enumerate(body):
        missing = width - len(row)
        if missing and row and re.match(r"^(合计|总计|小计)$", row[0]):
            rows.append([{"text": row[0], "span": missing + 1}, *row[1:]])
            continue
        if missing:
            for column in range(missing):
                spans[(last_full, column)] = spans.get((last_full, column), 1) + 1
        else:
            last_full = index
        rows.append(list(row))
    for (row, column), height in spans.items():
        rows[row][column] = {"text": rows[row][column], "rows": height}
    footer = [line for line in footer if len(squash(line)) > 1]  # a lone 合 is a row cut off by extraction
    undecided.append(tr("merged cells were inferred from the rows that are short of cells in the extracted text: "
                        "compare the table with the original"))
    return MergedTableAnnex(title, tuple(header), tuple(tuple(row) for row in rows), tuple(fields), tuple(footer))


def _merged_docx_table(title: str, fields: list[str], table: Table, footer: list[str]) -> MergedTableAnnex | None:
    """The same survey table from Word, where the merges are known: a header of labels without merged cells,
    filled-in rows, and at least one cell merged down or across."""
    header = table.rows[0]
    if len(header) < 3 or any(cell.span > 1 or cell.rows > 1 or not cell.text.strip() for cell in header):
        return None
    cells = [cell for row in table.rows[1:] for cell in row]
    if not any(cell.rows > 1 or cell.span > 1 for cell in cells) or not any(cell.text.strip() for cell in cells):
        return None
    rows = tuple(tuple({"text": squash(c.text), **({"rows": c.rows} if c.rows > 1 else {}),
                        **({"span": c.span} if c.span > 1 else {})} if c.rows > 1 or c.span > 1 else squash(c.text)
                       for c in row) for row in table.rows[1:])
    return MergedTableAnnex(title, tuple(squash(cell.text) for cell in header), rows, tuple(fields), tuple(footer))


def _table_annex(title: str, fields: list[str], table: Table, footer: list[str],
                 undecided: list[str]) -> TableAnnex:
    columns = [squash(cell.text) for cell in table.rows[0]]
    numbers = [int(cell.text) for row in table.rows[1:] for cell in row if cell.text.strip().isdigit()]
    numbered = bool(numbers) or bool(_SERIAL.match(columns[0]))  # 序号 over blank rows the extraction dropped
    blank_rows = max([len(table.rows) - 1, *numbers])
    if len(table.rows) == 1:
        blank_rows = 10
        undecided.append(tr("only the table's header row is in the text: {count} blank rows assumed; compare "
                            "with the original", count=blank_rows))
    if any(len(row) != len(columns) for row in table.rows[1:]):
        undecided.append(tr("the extracted table is irregular (rows of different widths): check the number of "
                            "blank rows ({count})", count=blank_rows))
    return TableAnnex(kind="table", title=title, fields=fields, columns=columns, blank_rows=blank_rows,
                      numbered=numbered, footer=footer)


def _label(text: str) -> tuple[str, bool]:
    """(label, vertical): ``主\\n要\\n事\\n迹`` is 主要事迹 set vertically; a line break inside a label is kept."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if len(lines) >= 2 and all(len(line) == 1 for line in lines):
        return "".join(lines), True
    # a space left between Chinese words in a cell is where the cell's text wrapped: 推荐单位 意见
    lines = [re.sub(r"(?<=[^\x00-\x7f]) (?=\S)|(?<=\S) (?=[^\x00-\x7f])", "\n", tidy(line)) for line in lines]
    return "\n".join(lines), False


def _blank_cell(text: str, span: int, rows: int, lines: int) -> dict:
    seal, date = bool(_SEAL.search(text)), bool(_DATE_BLANK.search(text))
    rest = _DATE_BLANK.sub("", _SEAL.sub("", text)).strip()
    cell: dict = {"span": span, "rows": rows}
    if seal or date:
        cell.update(seal=seal, date=date, lines=max(4, lines))
    elif lines > 1:
        cell["lines"] = lines
    if rest:
        cell["text"] = tidy(rest)
    return cell


def _is_label(cell: Cell) -> bool:
    text = cell.text.strip()
    return bool(text) and not _SEAL.search(text) and not _DATE_BLANK.fullmatch(squash(text))


def _guess_spans(table: Table) -> list[list[tuple[Cell, int, int]]]:
    """(cell, span, rows) per row for a text table whose merges were lost; covered cells dropped."""
    rows = [list(row) for row in table.rows]
    width = max(len(row) for row in rows)
    labels = [sum(1 for row in rows if c < len(row) and _is_label(row[c])) for c in range(width)]
    present = [sum(1 for row in rows if c < len(row)) for c in range(width)]
    label_column = [labels[c] * 2 > present[c] for c in range(width)]
    result: list[list[list]] = []
    reaching: list | None = None  # the first-column label the rows below extend downwards
    for row in rows:
        out: list[list] = []
        column, covered = 0, 0
        if (reaching is not None and row and not row[0].text.strip()
                and any(_is_label(cell) for cell in row[1:])):
            reaching[2] += 1  # an empty first cell under a label, beside labels: the label reaches down
            column = covered = reaching[1]
        else:
            reaching = None
        while column < len(row):
            cell = row[column]
            entry = [cell, 1, 1]
            out.append(entry)
            column += 1
            while column < len(row) and not row[column].text.strip():
                if _is_label(cell) and not label_column[column]:
                    break  # the blank beside a label is where one writes
                entry[1] += 1
                column += 1
        spanned = covered + sum(entry[1] for entry in out)
        if out and spanned < width:
            out[-1][1] += width - spanned
        if reaching is None and out and not covered and _is_label(out[0][0]):
            reaching = out[0]
        result.append(out)
    return [[(entry[0], entry[1], entry[2]) for entry in row] for row in result]


def _form_annex(title: str, fields: list[str], table: Table, footer: list[str],
                undecided: list[str], text_source: bool) -> FormAnnex | None:
    if table.merges_known:
        grid = [[(cell, cell.span, cell.rows) for cell in row] for row in table.rows]
    else:
        grid = _guess_spans(table)
        undecided.append(tr("merged cells were guessed from the empty cells of the extracted text: "
                            "compare the form with the original"))
    rows = []
    for row in grid:
        cells = []
        label_text = ""
        for cell, span, height in row:
            if _is_label(cell):
                label, vertical = _label(cell.text)
                label_text = label
                entry: dict = {"label": label}
                if vertical:
                    entry["vertical"] = True
                if span > 1:
                    entry["span"] = span
                if height > 1:
                    entry["rows"] = height
                cells.append(entry if len(entry) > 1 else label)
            else:
                blank = _blank_cell(cell.text, span, height, cell.lines)
                if (text_source and not table.merges_known and blank.get("lines", 1) == 1 and span > 1
                        and _TALL_LABEL.search(label_text) and not blank.get("seal")):
                    blank["lines"] = 8
                    undecided.append(tr("the height of the blank area beside “{label}” is not in the text; "
                                        "{count} lines assumed", label=label_text, count=8))
                blank = {k: v for k, v in blank.items() if not (k in ("span", "rows", "lines") and v == 1)}
                cells.append(blank or None)
        rows.append(cells)
    columns = max(sum((c.get("span", 1) if isinstance(c, dict) else 1) for c in row) for row in rows) if rows else 1
    try:
        return FormAnnex(kind="form", title=title, fields=fields, columns=columns, rows=rows, footer=footer)
    except ValidationError as exc:
        undecided.append(tr("the form's rows do not add up to a grid ({reason}); it was kept as a table of its rows",
                            reason=exc.errors()[0]["msg"].removeprefix("Value error, ")))
        return None


def read_annex(part: AnnexPart, listed: str, text_source: bool) -> tuple[Annex | None, list[str]]:
    """One annex; the notes in the second value are what the editor should check."""
    undecided: list[str] = []
    paragraphs_before: list[str] = []  # a line with wide gaps gives one entry per piece
    table: Table | None = None
    after: list[Block] = []
    for block in part.blocks:
        if table is None and isinstance(block, Table):
            table = block
        elif table is None:
            paragraphs_before.extend(block.parts or (block.text,))
        else:
            after.append(block)
    title = part.title_inline or (paragraphs_before.pop(0) if paragraphs_before else listed)
    if not tidy(title) and table is not None and table.rows and table.rows[0]:
        corner = squash(table.rows[0][0].text)
        if re.search(r"(?:表|单|目录|名单)$", corner) and len(corner) >= 6:  # a text copy ran the title into the table
            title = corner
            first = (replace(table.rows[0][0], text=""),) + tuple(table.rows[0][1:])
            table = replace(table, rows=(first,) + tuple(table.rows[1:]))
    title = tidy(title)
    if not title:
        return None, [tr("the annex has no title")]
    listed_as = listed if listed and squash(listed) != squash(title) else ""
    footer = [tidy(block.text) for block in after if isinstance(block, Paragraph)]
    if table is None:
        body = "\n\n".join(paragraphs_before).strip()
        if not body:
            return None, [tr("the annex has no text or table (an image, or lost in extraction)")]
        undecided.append(tr("a text annex: check the wording, and any picture the original had"))
        return TextAnnex(kind="text", title=title, listed_as=listed_as, body=body), undecided
    # a blank date after a label needs room to write in: 填报时间：    年  月  日
    fields = [re.sub(r"(?<=[：:])\s*年\s*月\s*日$", "    年  月  日", tidy(text)) for text in paragraphs_before]
    merged = _merged_table(title, fields, table, footer, undecided)
    if merged is not None:
        annex: Annex | None = merged
    elif _is_column_table(table):
        annex = _table_annex(title, fields, table, footer, undecided)
    else:
        annex = _form_annex(title, fields, table, footer, undecided, text_source)
        if annex is None:
            rows = [[squash(cell.text) for cell in row] for row in table.rows]
            width = max(len(row) for row in rows)
            annex = TableAnnex(kind="table", title=title, fields=fields, columns=[c or "　" for c in rows[0]] +
                               ["　"] * (width - len(rows[0])), rows=[row for row in rows[1:]], blank_rows=0,
                               footer=footer)
    if listed_as:
        annex = annex.model_copy(update={"listed_as": listed_as})
    return annex, undecided


__all__ = ["AnnexPart", "annex_list", "document_entry", "merge_documents", "read_annex"]
