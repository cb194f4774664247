"""Every notice and annex page printed by Chromium, measured against GB/T 9704-2012 with a PDF library.

Chromium prints each page (``page.pdf`` with the page's own CSS page size); pdfplumber gives every
glyph's position, font and size and every drawn rule. The 版心 is 156 × 225 mm: 37 mm from the top,
28 mm from the left on odd pages and 26 mm on even pages (mirrored). A landscape annex sheet is
measured against the same 版心 turned on its side: 225 mm across from x = 37 mm, 156 mm down from
y = 28 mm. Sizes: body 3号 (16 pt), title and annex titles 2号 (22 pt), page numbers and 版记 4号
(14 pt). A document Chromium shrank to fit something too wide fails every size check at once.
"""

from __future__ import annotations

import io
import logging
import re
import statistics
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

import pdfplumber
import pytest

from generator.typeset import title_segments
from helpers import REPO

logging.getLogger("pdfminer").setLevel(logging.ERROR)  # Chromium's subset fonts have no FontBBox

MM = 72 / 25.4  # points in a millimetre
PITCH = 225 / 22  # mm: 22 lines in the 225 mm 版心
BODY, TITLE, SMALL = 16.0, 22.0, 14.0  # 3号, 2号, 4号 in points
SIZE_TOLERANCE = 0.3
# mm a glyph's em box or a rule may pass the 版心 edge (rounding; a glyph's ink sits inside its em box).
# Chromium clips the sheet to the 版心: a table border a quarter millimetre out is not printed at all.
GLYPH_EDGE, RULE_EDGE = 0.3, 0.15
ONE_CHAR = SMALL / MM  # mm: one 4号 character, the page number's and the 版记's indent

# CJK Radicals Supplement / Kangxi forms that text extraction returns for ordinary characters
# (and U+2015 for the dash the fonts draw for —)
RADICALS = str.maketrans("⻅⻓⻔⻚⻢⻋⻛⻜⻝⻩⻬⻮⻉⻄⻆⻘⻤⺠⺟⻣⻰⻳⻦⻥⻨―", "见长门页马车风飞食黄齐齿贝西角青鬼民母骨龙龟鸟鱼麦—")
EDITOR_NOTES = ["推断", "原文未注明", "不完整", "原文此处"]
REAL_FONTS = re.compile(r"NotoSerifCJK|NotoSansCJK|UKai|FangSong|Fangsong|SimHei|KaiTi|Kaiti|XiaoBiaoSong|Song|Hei")


def norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).translate(RADICALS)


def cn_date(date) -> str:
    return f"{date.year}年{date.month}月{date.day}日"


def is_red(color) -> bool:
    return isinstance(color, tuple) and len(color) == 3 and color[0] > 0.5 and color[1] < 0.3 and color[2] < 0.3


def is_white(color) -> bool:
    return isinstance(color, tuple) and all(channel > 0.95 for channel in color)


@dataclass
class Line:
    """Glyphs that share a baseline."""

    chars: list[dict]

    @property
    def text(self) -> str:
        return norm("".join(c["text"] for c in self.chars))

    @property
    def x0(self) -> float:
        return min(c["x0"] for c in self.chars) / MM

    @property
    def x1(self) -> float:
        return max(c["x1"] for c in self.chars) / MM

    @property
    def top(self) -> float:
        return min(c["top"] for c in self.chars) / MM

    @property
    def bottom(self) -> float:
        return max(c["bottom"] for c in self.chars) / MM

    @property
    def size(self) -> float:
        return statistics.median(c["size"] for c in self.chars)

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class Rule:
    x0: float
    x1: float
    top: float
    thickness: float
    red: bool


@dataclass
class Sheet:
    """One printed page, in millimetres from its top left corner."""

    number: int  # 1-based position in the PDF
    page: object = field(repr=False)

    @property
    def landscape(self) -> bool:
        return self.page.width > self.page.height

    @property
    def box(self) -> tuple[float, float, float, float]:
        """The 版心: left, right, top, bottom."""
        if self.landscape:
            return 37.0, 262.0, 28.0, 184.0
        left = 28.0 if self.number % 2 else 26.0
        return left, left + 156, 37.0, 262.0

    @cached_property
    def chars(self) -> list[dict]:
        return [c for c in self.page.chars if c["text"].strip()]

    @cached_property
    def folio(self) -> list[dict]:
        """The page number's glyphs: below the 版心."""
        return [c for c in self.chars if c["top"] / MM > self.box[3] + 1]

    @cached_property
    def text_chars(self) -> list[dict]:
        return [c for c in self.chars if c["top"] / MM <= self.box[3] + 1]

    @cached_property
    def lines(self) -> list[Line]:
        return group_lines(self.text_chars)

    @cached_property
    def text(self) -> str:
        return "".join(line.text for line in self.lines)

    @cached_property
    def rules(self) -> list[Rule]:
        """Horizontal rules at least 20 mm long, top to bottom (borders Chromium fills as thin rectangles)."""
        found = []
        for rect in self.page.rects:
            if rect["height"] <= 2.5 and rect["width"] >= 20 * MM and not is_white(rect["non_stroking_color"]):
                found.append(Rule(rect["x0"] / MM, rect["x1"] / MM, rect["top"] / MM, rect["height"] / MM,
                                  is_red(rect["non_stroking_color"])))
        for line in self.page.lines:
            if abs(line["top"] - line["bottom"]) < 0.5 and line["width"] >= 20 * MM:
                found.append(Rule(line["x0"] / MM, line["x1"] / MM, line["top"] / MM, line["linewidth"] / MM,
                                  is_red(line["stroking_color"])))
        return sorted(found, key=lambda rule: rule.top)

    @cached_property
    def drawings(self) -> list[dict]:
        """Everything drawn that is not the white page background: table borders, rules."""
        return [r for r in self.page.rects + self.page.lines
                if not (is_white(r.get("non_stroking_color")) and not r.get("stroke"))]

    @property
    def annex_number(self) -> int | None:
        """N when this sheet starts 附件N (its first line is the label)."""
        if not self.lines:
            return None
        match = re.fullmatch(r"附件(\d+)", self.lines[0].text)
        return int(match.group(1)) if match else None


def group_lines(chars: list[dict]) -> list[Line]:
    """Glyphs grouped by baseline, top to bottom, each line left to right."""
    rows: dict[float, list[dict]] = {}
    for char in sorted(chars, key=lambda c: (-c["matrix"][5], c["x0"])):
        baseline = -char["matrix"][5]  # fonts of one line differ in ascent and descent, not in baseline
        key = next((k for k in rows if abs(k - baseline) < 1), baseline)
        rows.setdefault(key, []).append(char)
    return [Line(sorted(row, key=lambda c: c["x0"])) for _, row in sorted(rows.items())]


def sheets_of(data: bytes) -> list[Sheet]:
    pdf = pdfplumber.open(io.BytesIO(data))
    return [Sheet(number, page) for number, page in enumerate(pdf.pages, start=1)]


def close(value: float, target: float, tolerance: float = SIZE_TOLERANCE) -> bool:
    return abs(value - target) <= tolerance


@dataclass
class Printed:
    """A notice's printed PDF, split into its parts."""

    notice: object
    sheets: list[Sheet]

    @cached_property
    def annex_starts(self) -> dict[int, int]:
        """附件N → index of the sheet it starts on."""
        return {sheet.annex_number: index for index, sheet in enumerate(self.sheets) if sheet.annex_number}

    @cached_property
    def body(self) -> list[Sheet]:
        first_annex = min(self.annex_starts.values(), default=len(self.sheets))
        return self.sheets[:first_annex]

    def annex_sheets(self, number: int) -> list[Sheet]:
        starts = sorted(self.annex_starts.items(), key=lambda item: item[1])
        for position, (annex, start) in enumerate(starts):
            if annex == number:
                end = starts[position + 1][1] if position + 1 < len(starts) else len(self.sheets)
                return self.sheets[start:end]
        return []

    @property
    def has_colophon(self) -> bool:
        front = self.notice.front
        return bool(front.cc or front.printed_by or (front.recipients and front.recipients_at == "end"))

    @cached_property
    def colophon_top(self) -> float | None:
        """Where the 版记 starts on the last sheet: its first black rule spanning the 版心."""
        if not self.has_colophon:
            return None
        last = self.sheets[-1]
        spanning = [rule for rule in last.rules if not rule.red and rule.x1 - rule.x0 > 150]
        return spanning[-len(self.colophon_rules_expected()):][0].top if len(spanning) >= 2 else None

    def colophon_rules_expected(self) -> list[float]:
        """Thicknesses top to bottom: 0.35 mm outer rules, 0.25 mm between the 版记's items."""
        front = self.notice.front
        items = sum(bool(x) for x in (front.recipients and front.recipients_at == "end", front.cc, front.printed_by))
        return [0.35] + [0.25] * (items - 1) + [0.35]

    def body_lines(self) -> list[tuple[Sheet, Line]]:
        return [(sheet, line) for sheet in self.body for line in sheet.lines
                if not any(is_red(c["non_stroking_color"]) for c in line.chars)]


def measure(printed_pdfs, notices) -> dict[str, Printed]:
    return {notice.slug: Printed(notice, sheets_of(printed_pdfs[notice.path])) for notice in notices}


@pytest.fixture(scope="module")
def printed(printed_pdfs, example, composed) -> dict[str, Printed]:
    """Every notice of the example site and the composed print-test notice, printed and split into sheets."""
    notices = list(example[2].values()) + list(composed[1].values())
    return measure(printed_pdfs, notices)


@pytest.fixture(scope="module")
def annex_pages(printed_pdfs, example, composed) -> dict[str, tuple[object, list[Sheet]]]:
    """Every annex page printed on its own: 'slug 附件N' → (annex, sheets)."""
    notices = list(example[2].values()) + list(composed[1].values())
    return {f"{notice.slug} 附件{number}": (annex, sheets_of(printed_pdfs[f"{notice.path}annex-{number}/"]))
            for notice in notices for number, annex in enumerate(notice.front.annexes, start=1)}


def report(problems: list[str]) -> str:
    return "\n".join(problems[:40]) + (f"\n… and {len(problems) - 40} more" if len(problems) > 40 else "")


def test_the_composed_notice_is_printed(printed):
    notice = printed["print-sample-2024"].notice
    assert notice.front.cc and notice.front.printed_by
    assert {annex.kind for annex in notice.front.annexes} == {"table", "form", "text"}


def test_body_is_3hao_and_nothing_is_scaled(printed):
    """Body pages: every glyph is 16 pt (3号), 22 pt (2号 title) or, in the 版记, 14 pt; the red masthead aside."""
    problems = []
    for slug, doc in printed.items():
        sizes = [c["size"] for sheet in doc.body for c in sheet.text_chars if not is_red(c["non_stroking_color"])]
        modal = statistics.mode(round(size, 1) for size in sizes)
        if not close(modal, BODY):
            problems.append(f"{slug}: body text printed at {modal} pt, not 16 pt")
            continue
        for sheet in doc.body:
            for char in sheet.text_chars:
                if is_red(char["non_stroking_color"]):
                    continue
                in_colophon = doc.colophon_top is not None and sheet is doc.sheets[-1] and \
                    char["top"] / MM > doc.colophon_top
                allowed = (SMALL,) if in_colophon else (BODY, TITLE)
                if not any(close(char["size"], size) for size in allowed):
                    problems.append(f"{slug} page {sheet.number}: {char['text']!r} at {char['size']:.1f} pt")
                    break
    assert not problems, report(problems)


def test_title_is_2hao_and_breaks_between_words(printed):
    problems = []
    for slug, doc in printed.items():
        title = norm(doc.notice.front.title)
        lines = [line for _, line in doc.body_lines()[:12] if title.startswith(line.text[:6]) or line.text in title]
        spelled = "".join(line.text for line in lines)
        if title not in spelled:
            problems.append(f"{slug}: title not found on the first page")
            continue
        sizes = sorted({round(line.size, 1) for line in lines})
        if not all(close(size, TITLE) for size in sizes):
            problems.append(f"{slug}: title printed at {sizes} pt, not 22 pt")
        boundaries, position = set(), 0
        for segment in title_segments(doc.notice.front.title):
            position += len(norm(segment))
            boundaries.add(position)
        ends, position = [], 0
        for line in lines[:-1]:
            position += len(line.text)
            ends.append(position)
        if not set(ends) <= boundaries:
            problems.append(f"{slug}: title breaks inside a word: {[line.text for line in lines]}")
    assert not problems, report(problems)


def title_breaks_inside_a_word(title: str, lines: list[Line]) -> bool:
    """Some line of the printed title ends where no segment of title_segments ends."""
    boundaries, position = set(), 0
    for segment in title_segments(title):
        position += len(norm(segment))
        boundaries.add(position)
    ends, position = set(), 0
    for line in lines[:-1]:
        position += len(line.text)
        ends.add(position)
    return not ends <= boundaries


def test_annex_titles_break_between_words(printed, annex_pages):
    """An annex title that needs two lines breaks between words, in the notice and on its own page
    (关于组织开展2023年陕西 / 省科技活动周 and 科技活动周重 / 点活动汇总表 broke inside a word)."""
    problems = []
    sheets = [(name, annex, sheets[0]) for name, (annex, sheets) in annex_pages.items()]
    for slug, doc in printed.items():
        for number, annex in enumerate(doc.notice.front.annexes, start=1):
            if doc.annex_sheets(number):
                sheets.append((f"{slug} 附件{number} in the notice", annex, doc.annex_sheets(number)[0]))
    for name, annex, sheet in sheets:
        lines = [line for line in sheet.lines[1:4] if close(line.size, TITLE)]
        if "".join(line.text for line in lines) != norm(annex.title):
            problems.append(f"{name}: title reads {[line.text for line in lines]}")
        elif title_breaks_inside_a_word(annex.title, lines):
            problems.append(f"{name}: title breaks inside a word: {[line.text for line in lines]}")
    assert not problems, report(problems)


def test_everything_stays_inside_the_type_area(printed, annex_pages):
    """No glyph and no drawn line outside the 版心 (mirrored on even pages); nothing wider than 156 mm."""
    problems = []
    documents = [(slug, doc.sheets) for slug, doc in printed.items()]
    documents += [(name, sheets) for name, (_, sheets) in annex_pages.items()]
    for name, sheets in documents:
        for sheet in sheets:
            left, right, top, bottom = sheet.box
            for char in sheet.text_chars:
                x0, x1, y0 = char["x0"] / MM, char["x1"] / MM, char["top"] / MM
                if x0 < left - GLYPH_EDGE or x1 > right + GLYPH_EDGE or y0 < top - GLYPH_EDGE:
                    problems.append(f"{name} page {sheet.number}: {char['text']!r} at x {x0:.1f}–{x1:.1f} mm, "
                                    f"y {y0:.1f} mm, outside the 版心 x {left:.0f}–{right:.0f}, y ≥ {top:.0f}")
                    break
            for drawing in sheet.drawings:
                x0, x1 = drawing["x0"] / MM, drawing["x1"] / MM
                if x0 < left - RULE_EDGE or x1 > right + RULE_EDGE:
                    problems.append(f"{name} page {sheet.number}: a line or box at x {x0:.1f}–{x1:.1f} mm, "
                                    f"outside the 版心 x {left:.0f}–{right:.0f}")
                    break
    assert not problems, report(problems)


def test_page_numbers_on_every_sheet(printed):
    """"— N —" in 4号 below the 版心 on every sheet, annex sheets included, one character in from the outer edge."""
    problems = []
    for slug, doc in printed.items():
        for sheet in doc.sheets:
            left, right, _, bottom = sheet.box
            text = norm("".join(c["text"] for c in sorted(sheet.folio, key=lambda c: c["x0"])))
            if text != f"—{sheet.number}—":
                problems.append(f"{slug} page {sheet.number}: page number reads {text!r}")
                continue
            size = statistics.median(c["size"] for c in sheet.folio)
            x0, x1 = min(c["x0"] for c in sheet.folio) / MM, max(c["x1"] for c in sheet.folio) / MM
            y0 = min(c["top"] for c in sheet.folio) / MM
            if not close(size, SMALL):
                problems.append(f"{slug} page {sheet.number}: page number at {size:.1f} pt, not 14 pt")
            outer_right = sheet.number % 2 == 1
            if outer_right and not close(x1, right - ONE_CHAR, 1.0):
                problems.append(f"{slug} page {sheet.number}: page number ends at x {x1:.1f} mm, "
                                f"not one character in from the 版心 edge ({right - ONE_CHAR:.1f} mm)")
            if not outer_right and not close(x0, left + ONE_CHAR, 1.0):
                problems.append(f"{slug} page {sheet.number}: page number starts at x {x0:.1f} mm, "
                                f"not one character in from the 版心 edge ({left + ONE_CHAR:.1f} mm)")
            if not bottom + 3 <= y0 <= bottom + 10:
                problems.append(f"{slug} page {sheet.number}: page number at y {y0:.1f} mm, not about 7 mm "
                                f"below the 版心 ({bottom:.0f} mm)")
    assert not problems, report(problems)


def test_annex_sheets_in_the_notice(printed):
    """Each 附件 starts a sheet: 附件N in 3号 黑体 top left, its title in 2号 on line 3, text annexes in 3号."""
    problems = []
    for slug, doc in printed.items():
        for number, annex in enumerate(doc.notice.front.annexes, start=1):
            sheets = doc.annex_sheets(number)
            if not sheets:
                problems.append(f"{slug} 附件{number} does not start a sheet")
                continue
            problems += check_annex_sheets(f"{slug} 附件{number}", annex, sheets,
                                           doc.colophon_top if sheets[-1] is doc.sheets[-1] else None)
        if doc.annex_starts and doc.body[-1:] and doc.sheets.index(doc.body[-1]) + 1 != min(doc.annex_starts.values()):
            problems.append(f"{slug}: annexes do not follow the body")
    assert not problems, report(problems)


def check_annex_sheets(name: str, annex, sheets: list[Sheet], colophon_top: float | None = None) -> list[str]:
    """The label, the title and the text sizes of an annex's sheets; the 版记 (below colophon_top on the last
    sheet) aside."""
    problems = []
    first = sheets[0]
    label, left, top = first.lines[0], first.box[0], first.box[2]
    if not close(label.size, BODY) or not re.search(r"Sans|Hei", label.chars[0]["fontname"]):
        problems.append(f"{name}: label {label.text} at {label.size:.1f} pt in {label.chars[0]['fontname']}, "
                        f"not 16 pt 黑体")
    if not close(label.x0, left, 0.5) or label.top > top + PITCH:
        problems.append(f"{name}: label at x {label.x0:.1f}, y {label.top:.1f} mm, not on line 1 at the left edge")
    title, title_lines, spelled = norm(annex.title), [], ""
    for line in first.lines[1:6]:  # the lines after the label that spell the title
        if spelled == title or not title.startswith(spelled + line.text):
            break
        title_lines.append(line)
        spelled += line.text
    if spelled != title:
        problems.append(f"{name}: title {annex.title} not found at the top of the sheet")
    else:
        if not all(close(line.size, TITLE) for line in title_lines):
            problems.append(f"{name}: title at {[round(line.size, 1) for line in title_lines]} pt, not 22 pt "
                            f"({[line.text for line in title_lines]})")
        line_3 = top + 2 * PITCH
        if not line_3 - 1 <= title_lines[0].top <= line_3 + PITCH - 3:
            problems.append(f"{name}: title at y {title_lines[0].top:.1f} mm, not on line 3 "
                            f"({line_3:.1f}–{line_3 + PITCH:.1f} mm)")
    for sheet in sheets:
        for line in sheet.lines:
            if line is label or line in title_lines:
                continue
            if colophon_top is not None and sheet is sheets[-1] and line.top > colophon_top:
                continue
            if annex.kind == "text" and not close(line.size, BODY):
                problems.append(f"{name} page {sheet.number}: text at {line.size:.1f} pt, not 16 pt: {line.text[:12]}")
                break
            if annex.kind != "text" and not 10.5 - SIZE_TOLERANCE <= line.size <= BODY + SIZE_TOLERANCE:
                problems.append(f"{name} page {sheet.number}: form text at {line.size:.1f} pt: {line.text[:12]}")
                break
    return problems


def test_annex_pages_print_alone_in_the_same_type_area(annex_pages):
    """An annex page printed on its own: the same label, title and sizes as inside the notice; a form on one
    sheet (a text annex in 3号 may run on)."""
    problems = []
    for name, (annex, sheets) in annex_pages.items():
        if annex.kind != "text" and len(sheets) != 1:
            problems.append(f"{name}: {len(sheets)} sheets")
        problems += check_annex_sheets(name, annex, sheets)
    assert not problems, report(problems)


def _reads_down_one_column(label: str, chars: list[dict]) -> bool:
    """Some glyph of ``label``'s first character has the rest of it below, one by one, in its column."""
    def below(char: dict, wanted: str) -> dict | None:
        under = [c for c in chars if norm(c["text"]) == wanted and abs(c["x0"] - char["x0"]) < 1.5 and c["top"] > char["top"]]
        return min(under, key=lambda c: c["top"], default=None)

    for start in (c for c in chars if norm(c["text"]) == label[0]):
        char = start
        for wanted in label[1:]:
            char = below(char, wanted)
            if char is None:
                break
        else:
            return True
    return False


def test_vertical_form_labels_print_as_one_column(annex_pages):
    """A label written vertically (活动简要情况 beside a box of a few lines) prints top to bottom in one column,
    however short its row: it was squeezed into two columns (况 left of 简), or one character a column."""
    problems = []
    for name, (annex, sheets) in annex_pages.items():
        labels = [cell.label.replace("\n", "") for row in getattr(annex, "rows", None) or [] for cell in row
                  if getattr(cell, "vertical", False)]
        chars = [c for sheet in sheets for c in sheet.page.chars]
        problems += [f"{name}: {label} does not read down one column" for label in labels
                     if not _reads_down_one_column(label, chars)]
    assert not problems, report(problems)


def test_colophon_after_the_annexes_at_the_foot_of_the_last_page(printed):
    """版记: the last thing printed, its last rule on the 版心's foot (y = 262 mm), 0.35 mm outer rules and
    0.25 mm rules between its items, each 156 mm long; 抄送 one character in, 印发 date one character in
    from the right."""
    problems = []
    with_colophon = [doc for doc in printed.values() if doc.has_colophon]
    assert len(with_colophon) >= 2  # 重庆 and the composed notice
    for doc in with_colophon:
        slug, front, last = doc.notice.slug, doc.notice.front, doc.sheets[-1]
        if doc.annex_starts and max(doc.annex_starts.values()) > len(doc.sheets) - 1:
            problems.append(f"{slug}: the 版记 is not after the annexes")
        rules = [rule for rule in last.rules if not rule.red and rule.x1 - rule.x0 > 150]
        expected = doc.colophon_rules_expected()
        if len(rules) < len(expected):
            problems.append(f"{slug}: {len(rules)} rules on the last page, the 版记 needs {len(expected)}")
            continue
        rules = rules[-len(expected):]
        foot = rules[-1].top + rules[-1].thickness
        if not close(foot, 262, 3):
            problems.append(f"{slug}: the 版记's last rule at y {foot:.1f} mm, not within 3 mm of 262 mm")
        for rule, thickness in zip(rules, expected):
            if not close(rule.thickness, thickness, 0.08):
                problems.append(f"{slug}: a 版记 rule {rule.thickness:.2f} mm thick, not {thickness} mm")
            if not close(rule.x1 - rule.x0, 156, 0.6):
                problems.append(f"{slug}: a 版记 rule {rule.x1 - rule.x0:.1f} mm long, not 156 mm")
        left, right = last.box[0], last.box[1]
        lines = [line for line in last.lines if line.top > rules[0].top]
        texts = "".join(line.text for line in lines)
        if front.cc and norm("抄送：" + front.cc) not in texts:
            problems.append(f"{slug}: 抄送 missing from the 版记")
        for line in lines:
            if not close(line.size, SMALL):
                problems.append(f"{slug}: 版记 text at {line.size:.1f} pt, not 14 pt: {line.text[:10]}")
            if line.text.startswith(("抄送", "主送")) or (front.printed_by and line.text.endswith("印发")):
                if not close(line.x0, left + ONE_CHAR, 0.6):
                    problems.append(f"{slug}: 版记 line starts at x {line.x0:.1f} mm, not one character in: "
                                    f"{line.text[:8]}")
            if front.printed_by and line.text.endswith("印发") and not close(line.x1, right - ONE_CHAR, 0.6):
                problems.append(f"{slug}: 印发日期 ends at x {line.x1:.1f} mm, not one character in from the right")
    assert not problems, report(problems)


def test_head_block(printed):
    """Masthead 35 mm below the 版心 top, one issuer a line beside 文件 when joint; 发文字号 two lines below it;
    a red line 156 mm long 4 mm under the 发文字号; the title two lines below that."""
    problems = []
    for slug, doc in printed.items():
        front, first = doc.notice.front, doc.sheets[0]
        left, right, top, _ = first.box
        red_lines = [line for line in first.lines if all(is_red(c["non_stroking_color"]) for c in line.chars)]
        number_line = next((line for line in first.lines if front.doc_number and line.text == norm(front.doc_number)),
                           None)
        title_line = next((line for line in first.lines if line.text and norm(front.title).startswith(line.text)
                           and line not in red_lines), None)
        if front.masthead:
            if not red_lines:
                problems.append(f"{slug}: no red masthead")
                continue
            if not close(red_lines[0].top, top + 35, 3):
                problems.append(f"{slug}: masthead at y {red_lines[0].top:.1f} mm, not 35 mm below the 版心 top "
                                f"({top + 35:.0f} mm)")
            names = front.masthead.split()
            if len(names) > 2 and names[-1] == "文件":
                problems += check_joint_masthead(slug, names[:-1], first, red_lines)
            if number_line and not 2 * PITCH - 2 <= number_line.top - red_lines[-1].bottom <= 3 * PITCH:
                problems.append(f"{slug}: 发文字号 {number_line.top - red_lines[-1].bottom:.1f} mm below the masthead, "
                                f"not two blank lines")
        red_rules = [rule for rule in first.rules if rule.red]
        if front.doc_number:
            if not red_rules or not close(red_rules[0].x1 - red_rules[0].x0, 156, 0.6):
                problems.append(f"{slug}: red line {red_rules[0].x1 - red_rules[0].x0 if red_rules else 0:.1f} mm, "
                                f"not 156 mm")
            elif title_line and not 2 * PITCH - 3 <= title_line.top - red_rules[0].top <= 3 * PITCH:
                problems.append(f"{slug}: title {title_line.top - red_rules[0].top:.1f} mm below the red line, "
                                f"not two blank lines")
        if front.recipients and front.recipients_at == "top":
            start = norm(front.recipients)[:6]
            lines = [line for _, line in doc.body_lines() if line.text.startswith(start)]
            if not lines:
                problems.append(f"{slug}: 主送 not printed")
            elif not close(lines[0].x0, doc.body[0].box[0] if lines else left, 0.5):
                problems.append(f"{slug}: 主送 starts at x {lines[0].x0:.1f} mm, not flush left")
    assert not problems, report(problems)


def check_joint_masthead(slug: str, names: list[str], sheet: Sheet, red_lines: list[Line]) -> list[str]:
    """Each issuer on a line of its own, 文件 to their right, centred on them."""
    problems = []
    red = [c for c in sheet.text_chars if is_red(c["non_stroking_color"])]
    wenjian = [c for c in red if c["text"] in "文件⽂"][-2:]
    others = [c for c in red if c not in wenjian]
    rows = group_lines(others)
    if [row.text for row in rows] != [norm(name) for name in names]:
        problems.append(f"{slug}: joint masthead lines read {[row.text for row in rows]}, not one issuer a line")
        return problems
    if len(wenjian) != 2 or min(c["x0"] for c in wenjian) / MM < max(row.x1 for row in rows):
        problems.append(f"{slug}: 文件 is not to the right of the issuers")
        return problems
    middle = (rows[0].top + rows[-1].bottom) / 2
    wenjian_middle = (min(c["top"] for c in wenjian) + max(c["bottom"] for c in wenjian)) / 2 / MM
    if not close(wenjian_middle, middle, 2):
        problems.append(f"{slug}: 文件 centred at y {wenjian_middle:.1f} mm, the issuers at {middle:.1f} mm")
    return problems


def test_closing(printed):
    """附件说明 as "附件：1. 名称"; contacts printed; the 落款 on one sheet with body text above it, each signature
    centred over the date."""
    problems = []
    for slug, doc in printed.items():
        front = doc.notice.front
        body_text = "".join(line.text for _, line in doc.body_lines())
        if len(front.annexes) > 1 and norm("附件：1.") not in body_text:
            problems.append(f"{slug}: no 附件说明 reading 附件：1. …")
        if len(front.annexes) == 1 and norm("附件：") + norm(front.annexes[0].listed_as or front.annexes[0].title) not in body_text:
            problems.append(f"{slug}: no 附件说明 reading 附件：名称")
        for contact in front.contacts:
            for phone in contact.phones:
                if norm(phone.number) not in body_text:
                    problems.append(f"{slug}: contact phone {phone.number} not printed")
        if not front.signatures:
            continue
        wanted = [norm(s) for s in front.signatures] + ([norm(cn_date(front.issued))] if front.issued else [])
        found = [(sheet, line) for sheet, line in doc.body_lines() if line.text in wanted]
        if [line.text for _, line in found][-len(wanted):] != wanted:
            problems.append(f"{slug}: 落款 lines not found in order")
            continue
        found = found[-len(wanted):]
        sheets = {sheet.number for sheet, _ in found}
        if len(sheets) != 1:
            problems.append(f"{slug}: the 落款 splits across pages {sorted(sheets)}")
            continue
        sheet = found[0][0]
        annex_note = next((line for line in sheet.lines if line.text.startswith(norm("附件："))), None)
        above = [line for line in sheet.lines if line.bottom <= (annex_note or found[0][1]).top]
        if not above:
            problems.append(f"{slug}: page {sheet.number} carries the 落款 without body text above it")
        if front.issued:
            date = found[-1][1]
            for _, line in found[:-1]:
                if not close(line.centre, date.centre, 1.0):
                    problems.append(f"{slug}: signature {line.text} centred at x {line.centre:.1f} mm, the date at "
                                    f"{date.centre:.1f} mm")
                    break
    assert not problems, report(problems)


def test_levels_and_grid(printed):
    """一、 headings in 黑体, （一） in 楷体; at most 22 lines a page and 28 characters a line; full lines fill
    the 156 mm measure."""
    problems = []
    for slug, doc in printed.items():
        lines = doc.body_lines()
        for sheet, line in lines:
            if re.match(r"[一二三四五六七八九十]+、", line.text) and not re.search(r"Sans|Hei", line.chars[0]["fontname"]):
                problems.append(f"{slug}: heading {line.text[:8]} in {line.chars[0]['fontname']}, not 黑体")
            if re.match(r"（[一二三四五六七八九十]+）", line.text) and line.x0 > sheet.box[0] + 20 and \
                    not re.search(r"Kai", line.chars[0]["fontname"]):
                problems.append(f"{slug}: {line.text[:8]} in {line.chars[0]['fontname']}, not 楷体")
        for sheet in doc.body:
            count = len([line for line in sheet.lines if close(line.size, BODY)])
            if count > 22:
                problems.append(f"{slug} page {sheet.number}: {count} lines of body text, more than 22")
        full = [line for _, line in lines if close(line.size, BODY) and line.x1 - line.x0 > 150]
        widest = max((len([c for c in line.chars if c["width"] > 14]) for line in full), default=0)
        if not full or widest != 28:
            problems.append(f"{slug}: the fullest body line holds {widest} characters, not 28")
    assert not problems, report(problems)


def test_fonts_are_real_and_editors_notes_do_not_print(printed, annex_pages):
    problems = []
    documents = [(slug, doc.sheets) for slug, doc in printed.items()]
    documents += [(name, sheets) for name, (_, sheets) in annex_pages.items()]
    for name, sheets in documents:
        fonts = {c["fontname"] for sheet in sheets for c in sheet.chars}
        fake = sorted(font for font in fonts if not REAL_FONTS.search(font))
        if fake:
            problems.append(f"{name}: glyphs from {fake}")
        text = "".join(sheet.text for sheet in sheets)
        if "(cid:" in text or "\ufffd" in text:
            problems.append(f"{name}: glyphs without characters (a font without them: tofu)")
        for note in EDITOR_NOTES:
            if note in text:
                problems.append(f"{name}: prints the editors' note {note}")
    assert not problems, report(problems)


def test_font_stacks_name_the_clerks_fonts_before_the_free_ones():
    css = (REPO / "themes" / "default" / "static" / "print.css").read_text(encoding="utf-8")
    stacks = dict(re.findall(r"--(fs|xbs|hei|kai):\s*([^;]+);", css))
    expected = {"fs": ["仿宋_GB2312", "FangSong", "STFangsong"], "xbs": ["方正小标宋简体"], "hei": ["SimHei"],
                "kai": ["KaiTi"]}
    free = ("Noto", "AR PL", "serif", "sans-serif")
    for stack, fonts in expected.items():
        names = [name.strip().strip('"') for name in stacks[stack].split(",")]
        first_free = min(i for i, name in enumerate(names) if name.startswith(free))
        for font in fonts:
            assert font in names[:first_free], f"--{stack} does not name {font} before the free fonts"
