"""An annex laid out as its printed form: a grid of placed cells with widths and heights for A4.

Both file formats (:mod:`.xlsx`, :mod:`.docx`) are drawn from one :class:`FormLayout`, so the
spreadsheet and the Word document show the same form.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import unicodedata
from dataclasses import dataclass
from typing import Literal

from ...notice import Cell, FormAnnex, TableAnnex
from ...wording import fill_in_lines

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


@functools.lru_cache(maxsize=4096)  # a form's labels and column names recur from cell to cell and form to form
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
    return FormLayout(number, annex.title, fill_in_lines(annex.fields), list(annex.footer), annex.landscape,
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
    return FormLayout(number, annex.title, fill_in_lines(annex.fields), list(annex.footer), annex.landscape,
                      widths, heights, cells, header_rows=0)


def seal_lines(cell: GridCell) -> list[str]:
    return ([SEAL] if cell.seal else []) + ([DATE] if cell.date else [])
