"""What a source document is once read: paragraphs and tables in order, nothing recognised yet.

A .docx and a plain-text file both become a :class:`Source`, so the recogniser
never needs to know which one it was given — except for one thing it cannot
see in text: where table cells are merged. ``Table.merges_known`` says whether
the spans were read from Word (exact) or must be guessed from empty cells.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Union


@dataclass(frozen=True)
class Paragraph:
    text: str
    line: int  # 1-based line in a text file; paragraph number in a .docx
    heading: int = 0  # outline level from a Word heading style (1 = 标题 1); 0 = none
    parts: tuple[str, ...] = ()  # pieces set apart by wide gaps (两个落款 on one line, two fields of a form)


@dataclass(frozen=True)
class Cell:
    text: str  # lines inside the cell joined with "\n"
    span: int = 1  # grid columns covered (known for .docx only)
    rows: int = 1  # rows covered (known for .docx only)
    lines: int = 1  # height in lines as extracted: a tall blank area has many


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[Cell, ...], ...]
    line: int
    merges_known: bool  # True: spans come from the .docx; False: a text table, merges are guessed


Block = Union[Paragraph, Table]


@dataclass(frozen=True)
class Source:
    shown: str  # the input path as the editor typed it
    kind: Literal["docx", "text"]
    blocks: tuple[Block, ...]
