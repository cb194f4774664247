"""Notices copied from mirror pages: traditional characters, stray pinyin and emoji — read, never rewritten.

Some pages are a notice converted to traditional characters (中國儀器儀表學會),
with pinyin put in parentheses after characters (科學(xué)技術(shù)) or emoji put
inside words (負責人🏤). The recognisers know simplified words only
(联系人, 关于…的通知), so the importer reads a *view* of the text: simplified
by OpenCC (a maintained converter, character for character so every place maps
back), without the pinyin and the emoji. Every value it finds in the view is
then given back as the text states it — the same stretch of the original,
pinyin and all (``荊州市科學(xué)技術(shù)協(xié)會(huì)``). Nothing the editor gets is converted.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from .blocks import Cell, Paragraph, Source, Table
from .draft import UNSURE, Draft

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# (xué) (shù) (lǜ): pinyin with a tone mark or ü, in parentheses right after a character
_PINYIN = re.compile(r"(?<=[\u3400-\u9fff\uf900-\ufaff])[(（][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]*"
                     r"[)）]")
# pictographs, dingbats, skin tones, joiners and variation selectors (never ○ of 二○○七 or □ of a form)
_EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\u200D\uFE0E\uFE0F\u20E3]")
_MIN_CHANGED = 3  # characters OpenCC changes before a text counts as written in traditional characters
_MIN_SHARE = 0.02


@lru_cache(maxsize=1)
def _converter():
    import opencc  # OpenCC's own Python package: its tables know 髮/發, 乾/幹 …
    return opencc.OpenCC("t2s")


def _simplified(text: str) -> str:
    """The text in simplified characters, one character for one (phrase tables where they keep the length)."""
    converted = _converter().convert(text)
    if len(converted) == len(text):
        return converted
    convert = _converter().convert
    return "".join(single if len(single := convert(char)) == 1 else char for char in text)


def is_traditional(texts: list[str]) -> bool:
    """Whether the notice is written in traditional characters (enough of its characters change)."""
    text = "".join(texts)
    chinese = len(_CJK.findall(text))
    if not chinese:
        return False
    changed = sum(a != b for a, b in zip(text, _simplified(text)))
    return changed >= _MIN_CHANGED and changed >= _MIN_SHARE * chinese


@dataclass
class _Line:
    """One text of the source in the view, and for each of its characters the stretch of the original it reads."""

    view: str
    original: str
    spans: list[tuple[int, int]]


def _view_of(text: str, convert: bool) -> _Line:
    """``text`` without pinyin and emoji (each dropped stretch belongs to the character before it when it is
    pinyin; emoji belong to nobody), simplified when ``convert``."""
    kept: list[tuple[str, int, int]] = []
    position = 0
    for match in re.finditer(f"{_PINYIN.pattern}|{_EMOJI.pattern}", text):
        kept += [(text[i], i, i + 1) for i in range(position, match.start())]
        if match.group(0)[0] in "(（" and kept:  # pinyin, not an emoji
            char, start, _ = kept[-1]
            kept[-1] = (char, start, match.end())
        position = match.end()
    kept += [(text[i], i, i + 1) for i in range(position, len(text))]
    view = "".join(char for char, _, _ in kept)
    if convert:
        view = _simplified(view)
    return _Line(view, text, [(start, end) for _, start, end in kept])


@dataclass
class View:
    """The texts of a source as the recognisers read them, and the way back to what the source states."""

    lines: list[_Line] = field(default_factory=list)
    _units: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    _matcher: difflib.SequenceMatcher | None = None
    _whole: str = ""
    _places: list[tuple[int, int]] = field(default_factory=list)

    def add(self, line: _Line) -> str:
        self.lines.append(line)
        for index, char in enumerate(line.view):
            start, end = line.spans[index]
            self._units[char].add(line.original[start:end])
        return line.view

    def original(self, value: str) -> str:
        """``value`` (found in the view) as the source states it; the unsure mark stays as it is."""
        if UNSURE in value:
            return UNSURE.join(self.original(piece) for piece in value.split(UNSURE))
        if not value or value.isascii():
            return value
        return self._stretch(value) or self._stretch(value, squashed=True) or self._aligned(value)

    def _stretch(self, value: str, squashed: bool = False) -> str:
        target = re.sub(r"\s+", "", value) if squashed else value
        for line in self.lines:
            chars = [(i, c) for i, c in enumerate(line.view) if not (squashed and c.isspace())]
            view = "".join(c for _, c in chars)
            at = view.find(target)
            if at >= 0 and target:
                first, last = chars[at][0], chars[at + len(target) - 1][0]
                return line.original[line.spans[first][0]:line.spans[last][1]]
        return ""

    def _aligned(self, value: str) -> str:
        """A value the recognisers tidied or joined (a paragraph joined at a page break, spaces dropped): the
        stretches it shares with the source, in order, as the source writes them; the rest character by
        character."""
        if self._matcher is None:
            self._whole = "\n".join(line.view for line in self.lines)
            self._places = [(number, index) for number, line in enumerate(self.lines)
                            for index in [*range(len(line.view)), -1]]  # -1: the line break between two texts
            self._matcher = difflib.SequenceMatcher(None, "", self._whole, autojunk=False)
        self._matcher.set_seq1(value)
        out, done = [], 0
        for start, at, size in self._matcher.get_matching_blocks():
            out.append(self._by_character(value[done:start]))
            if size:
                out.append(self._source_of(at, size))
            done = start + size
        return "".join(out)

    def _source_of(self, at: int, size: int) -> str:
        """The original of ``self._whole[at:at + size]``, line by line (a line break in it stays one)."""
        pieces, run = [], []
        for number, index in self._places[at:at + size] + [(-1, -1)]:
            if run and (index == -1 or number != run[0][0]):
                line = self.lines[run[0][0]]
                pieces.append(line.original[line.spans[run[0][1]][0]:line.spans[run[-1][1]][1]])
                run = []
            if index == -1 and number != -1:
                pieces.append("\n")
            elif index != -1:
                run.append((number, index))
        return "".join(pieces)

    def _by_character(self, value: str) -> str:
        """A value put together from pieces (a title inferred, a name joined): each character as the source
        writes it where that is one way only; otherwise as it is."""
        out = []
        for char in value:
            units = self._units.get(char, set())
            out.append(next(iter(units)) if len(units) == 1 else char)
        return "".join(out)


def reading_view(source: Source) -> tuple[Source, View | None]:
    """The source as the recognisers read it, and the view to give values back with (None: nothing to undo)."""
    texts = [block.text for block in source.blocks if isinstance(block, Paragraph)]
    texts += [cell.text for block in source.blocks if isinstance(block, Table) for row in block.rows for cell in row]
    convert = is_traditional(texts)
    if not convert and not any(_PINYIN.search(text) or _EMOJI.search(text) for text in texts):
        return source, None
    view = View()
    blocks = []
    for block in source.blocks:
        if isinstance(block, Paragraph):
            blocks.append(dataclasses.replace(block, text=view.add(_view_of(block.text, convert)),
                                              parts=tuple(view.add(_view_of(p, convert)) for p in block.parts)))
        else:
            rows = tuple(tuple(dataclasses.replace(cell, text="\n".join(view.add(_view_of(piece, convert))
                                                                         for piece in cell.text.split("\n")))
                               for cell in row) for row in block.rows)
            blocks.append(dataclasses.replace(block, rows=rows))
    return dataclasses.replace(source, blocks=tuple(blocks)), view


# Fields that hold keys of the site's vocabulary, kinds and notes to the editor: never the notice's words.
_KEPT = {"region", "campaign", "key", "kind", "group", "undecided", "site_additions", "inferred", "recipients_at",
         "summary", "message", "field"}


def give_back(draft: Draft, view: View) -> None:
    """Every text value of the draft as the source states it (the draft is changed in place)."""
    for item in dataclasses.fields(draft):
        if item.name not in _KEPT:
            setattr(draft, item.name, _back(getattr(draft, item.name), view))
    draft.body = "\n".join(_body_line(line, view) for line in draft.body.split("\n"))
    draft.undecided = [dataclasses.replace(doubt, message=_quoted_back(doubt.message, view)) for doubt in draft.undecided]


def _quoted_back(message: str, view: View) -> str:
    """A note to the editor: the notice's words it quotes as the source states them, its own words as they are."""
    return re.sub(r"[\u3400-\u9fff\uf900-\ufaff]{4,}", lambda found: view._stretch(found.group(0)) or found.group(0),
                  message)


def _body_line(line: str, view: View) -> str:
    """A Markdown line: its marks (``## ``, ``- ``) as they are, its words as the source states them."""
    marks = re.match(r"\s*(?:#{1,6}\s+|[-*>]\s+)?", line).group(0)
    return marks + view.original(line[len(marks):])


def _back(value, view: View):
    if isinstance(value, str):
        return view.original(value)
    if isinstance(value, list):
        return [_back(item, view) for item in value]
    if isinstance(value, tuple):
        return tuple(_back(item, view) for item in value)
    if isinstance(value, dict):
        return {key: value[key] if key in _KEPT else _back(value[key], view) for key in value}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _back(getattr(value, f.name), view) for f in dataclasses.fields(value)
                   if f.name not in _KEPT and isinstance(getattr(value, f.name), (str, list, tuple, dict))
                   or dataclasses.is_dataclass(getattr(value, f.name))}
        return dataclasses.replace(value, **changes)
    if hasattr(value, "model_copy") and hasattr(type(value), "model_fields"):  # a pydantic part of the notice
        changes = {name: _back(getattr(value, name), view) for name in type(value).model_fields
                   if name not in _KEPT}
        return value.model_copy(update=changes)
    return value


__all__ = ["View", "reading_view", "give_back", "is_traditional"]
