"""The end of a notice: 落款 (signatures), 成文日期, and the 版记 (主送 at the end, 抄送, 印发).

The signatures are the short lines right above the date. Extraction sometimes
breaks a long name over two lines (``中共重庆市委网络安全和`` / ``信息化委员会办公室``);
the pieces are joined when together they read as one organisation, or as one
of the issuing bodies the header named.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .blocks import Block, Paragraph
from .dates import full_date, make_date
from .text import ORG_SUFFIXES, is_org, level_of, squash

_PRINTED = re.compile(r"^(?P<body>.*?)(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日印发$")


@dataclass
class Closing:
    start: int  # index of the first block of the signature block (the end of the body's trailing parts)
    signatures: list[str] = field(default_factory=list)
    issued: dt.date | None = None
    recipients: str = ""  # 主送 printed in the 版记
    cc: str = ""
    printed_by: tuple[str, dt.date] | None = None
    unsure_names: list[str] = field(default_factory=list)  # signature lines that are not clearly names
    added: int | None = None  # where lines a reposting page added under an undated 落款 begin
    on_behalf: str = ""  # 某某办公厅代章: the body whose seal stands in for the signer's (a line under the 落款)


_SEAL = re.compile(r"[（(](?:盖章|公章|印章|印|章)[)）]$")  # 某某市科学技术协会（盖章）: where the seal goes
_ON_BEHALF = re.compile(r"[（(]代章?[)）]$")  # 某某工作专班办公室(代): signed on behalf of another body
# (某某办公厅代章) on its own line under the 落款: another body's seal stands in for the signer's own
_SEAL_ON_BEHALF = re.compile(r"^[（(][^（()）]{2,30}代(?:章|印|盖)[)）]$")


# what may follow the 成文日期: 版记 lines, an annotation, a note on publication
_CLOSING_LINE = re.compile(r"^(?:抄送|主送|主题词|关键词|[（(]|.{0,40}印发$|.{0,40}\d{4}年\d{1,2}月\d{1,2}日印发)")


def _back_matter(texts: list[str]) -> bool:
    """Whether these lines after a date are only 版记 lines: 主题词, 主送/抄送 (a long 抄送 wrapped onto the next
    line, as Word copies break it, included), 印发, a note in brackets."""
    wrapped = False
    for text in texts:
        if _CLOSING_LINE.match(text):
            wrapped = bool(re.match(r"^(?:抄送|主送)", text)) and not text.endswith("。")
            continue
        if not (wrapped and re.match(r"^[^：:]{1,60}[。]?$", text)):
            return False
        wrapped = not text.endswith("。")
    return True


def signature_line(text: str) -> bool:
    squashed = squash(text)
    digits_ok = is_org(re.sub(r"\d", "", squashed)) and not re.search(r"\d{4}年|\d+号|\d+月", squashed)  # 某某365协会 is a name
    return (0 < len(squashed) <= 30 and not re.search(r"[：:。，,；;！？!?@]", squashed)
            and (digits_ok or not re.search(r"\d", squashed))
            and not level_of(squashed) and not squashed.startswith("附件")
            and not re.match(r"^(?:特此|专此|此复|此致)", squashed))  # 特此通知 without its 。 is the body's end


# a line that starts like the name of a body is a signature of its own, not the tail of the line above
_NAME_HEAD = re.compile(r"^(?:中国|中共|中华|国家|全国|共青团|[\u4e00-\u9fff]{2,3}[省市县区](?!委员会$|人民政府$))")


def merge_names(lines: list[str], known: list[str], whole: frozenset[str] = frozenset()) -> list[str]:
    """Join name pieces broken over lines; ``known`` are issuing bodies named elsewhere; names in ``whole`` were set
    apart on one line by the author (科研院 校科协) and are never joined."""
    known_set = {squash(name) for name in known}
    names: list[str] = []
    for line in (squash(line) for line in lines):
        if names and not (line in whole or names[-1] in whole):
            joined = names[-1] + line
            if joined in known_set or (names[-1] not in known_set and
                                       (not is_org(names[-1]) or len(line) <= 4) and is_org(joined)
                                       and not (is_org(names[-1]) and is_org(line) and _NAME_HEAD.match(line))):
                names[-1] = joined
                continue
        names.append(line)
    return names


def _under_a_body(blocks: list[Block], first: int, index: int) -> bool:
    """Whether the line above ``blocks[index]`` reads as a 落款 ending with an organisation's name."""
    above = blocks[index - 1] if index - 1 >= first else None
    return (isinstance(above, Paragraph) and signature_line(above.text) and bool(above.text.split())
            and is_org(above.text.split()[-1]))


def _date_line(blocks: list[Block], first: int, end: int) -> int | None:
    """The 成文日期: the first date under a signature, else a date that ends the notice (only 版记 lines after it);
    a date alone under 一、活动时间 is neither. A numeric date (2023-05-08) or one that lost 年月日 (2013524)
    counts only right under a body's name."""
    lines = [index for index in range(first, end) if isinstance(blocks[index], Paragraph)]
    dated = [index for index in lines if full_date(blocks[index].text)]
    signed = [index for index in lines if index in dated and index - 1 >= first
              and isinstance(blocks[index - 1], Paragraph) and signature_line(blocks[index - 1].text)
              or numeric_date(blocks[index].text) and _under_a_body(blocks, first, index)]
    if signed:
        return signed[0]
    lost = [index for index in lines if _lost_date(blocks[index].text) and _under_a_body(blocks, first, index)]
    if lost:  # 2013524 under the 落款: a date that lost 年月日 in a web copy still ends the notice (not read)
        return lost[0]
    after = blocks[dated[-1] + 1:end] if dated else []
    if dated and all(isinstance(block, Paragraph) for block in after) \
            and _back_matter([squash(block.text) for block in after]):
        return dated[-1]
    return None


_NUMERIC_DATE = re.compile(r"^(?P<y>(?:19|20)\d\d)(?P<sep>[-./])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})$")


def numeric_date(text: str) -> dt.date | None:
    """``2023-05-08`` / ``2023.5.8`` alone on a line (a web copy's way of writing the date under the 落款)."""
    found = _NUMERIC_DATE.match(squash(text))
    return make_date(int(found.group("y")), int(found.group("m")), int(found.group("d"))) if found else None


_LOST_DATE = re.compile(r"^(?P<y>(?:19|20)\d\d)年?(?P<rest>\d{2,4})(?:月|日)?$")


def _lost_date(text: str) -> bool:
    """``2013524``: a year and a month and day that lost 年月日 — some split of the digits after the year is a
    real month and day (``2126496``, a phone number, is none)."""
    found = _LOST_DATE.match(squash(text).replace("月", ""))
    if not found:
        return False
    rest = found.group("rest")
    cuts = [cut for cut in (1, 2) if len(rest) - cut in (1, 2)]  # month of 1–2 digits, day of 1–2
    return any(make_date(int(found.group("y")), int(rest[:cut]), int(rest[cut:])) is not None for cut in cuts)


def _date_of(text: str) -> dt.date | None:
    return full_date(text) or numeric_date(text)


# the last line of a notice's text, above its 落款: 特此通知。, an entry of the 附件 list, a contact's field
_LAST_OF_TEXT = re.compile(r"(?:特此(?:通知|函告|函达|报告)|专此函达)[。！!]?$|^附\s*件|^\d{1,2}\s*[.．、]")
_FIELD = re.compile(r"^(?:[^\s：:，,；;。]{0,12}?联系人|联系电话|电\s*话|手机|传\s*真|邮\s*箱|电子邮箱|E-?mail|地址|邮寄地址)"
                    r"\s*[:：]", re.I)


def _undated_signature(blocks: list[Block], first: int, end: int) -> tuple[int, int] | None:
    """(first, last + 1) of a 落款 whose date a web copy dropped: names of bodies alone on their lines right under
    特此通知, the 附件 list or a contact's field, with no contact field right under them (市科协科普部 over
    联系人：… is a contact). Lines after them are not the notice's (a reposting page's own), or there are none."""
    lines = [index for index in range(first, end) if isinstance(blocks[index], Paragraph)]
    listed = False
    for position, index in enumerate(lines):
        text = squash(blocks[index].text)
        listed = listed or bool(re.match(r"^附\s*件", text))
        if position == 0 or not (signature_line(text) and is_org(text)):
            continue
        above = squash(blocks[lines[position - 1]].text)
        under_text = bool(_LAST_OF_TEXT.search(above)) and (listed or not re.match(r"^\d", above))
        if not (under_text or _FIELD.match(above)):
            continue
        stop = position + 1
        while stop < len(lines) and signature_line(blocks[lines[stop]].text) and is_org(squash(blocks[lines[stop]].text)):
            stop += 1
        following = [squash(blocks[i].text) for i in lines[stop:]]
        if following and (not under_text or _FIELD.match(following[0]) or re.search(r"\d{7}|@", following[0])
                          or any(level_of(line) in (1, 2) for line in following)):
            continue  # under contact lines, a body's name followed by more is the next contact's
        return index, lines[stop] if stop < len(lines) else end
    return None


def _undated_closing(blocks: list[Block], first: int, end: int, known: list[str]) -> Closing:
    """The 落款 a web copy left without its date, and where the lines a reposting page added begin; else none."""
    undated = _undated_signature(blocks, first, end)
    if undated is None:
        return Closing(end)
    start, stop = undated
    names = merge_names([blocks[i].text for i in range(start, stop) if isinstance(blocks[i], Paragraph)], known)
    return Closing(start, [_SEAL.sub("", name) for name in _listed(names)], added=stop if stop < end else None)


def _listed(names: list[str]) -> list[str]:
    """校团委、校科协 on one signature line: two signers joined by 、 (each part a body's name)."""
    split = []
    for name in names:
        parts = name.split("、")
        split += parts if len(parts) > 1 and all(is_org(part) and len(part) >= 3 for part in parts) else [name]
    return split


def _signature_names(lines_above: list[Block], closing: Closing, known: list[str]) -> list[str]:
    """The signers in the lines between the body and the date: bodies set apart on one line stay apart; a
    (某某代章) line is noted on ``closing``, not a signer."""
    lines: list[str] = []
    whole: set[str] = set()
    for block in lines_above:
        words = block.text.split()
        if _SEAL_ON_BEHALF.match(squash(block.text)):
            closing.on_behalf = squash(block.text)[1:-1]  # (中国科协办公厅代章): whose seal stands in, not a signer
            continue
        if block.parts and all(is_org(part) for part in block.parts):
            names = block.parts
        elif len(words) > 1 and all(is_org(word) and len(word) >= 3 for word in words):
            names = tuple(words)  # 广东省科学技术厅 中共广东省委宣传部: two bodies on one signature line
        else:
            names = (block.text,)
        if len(names) > 1:
            whole.update(squash(name) for name in names)
        lines.extend(names)
    return [_SEAL.sub("", name) for name in _listed(merge_names(lines, known, frozenset(whole)))]


def read_closing(blocks: list[Block], first: int, end: int, known: list[str]) -> Closing:
    """Find the signature block and 版记 in ``blocks[first:end]`` (after the first heading)."""
    date_index = _date_line(blocks, first, end)
    if date_index is None:
        return _undated_closing(blocks, first, end, known)
    closing = Closing(date_index, issued=_date_of(blocks[date_index].text))
    start = date_index
    while start - 1 >= first and isinstance(blocks[start - 1], Paragraph) and signature_line(blocks[start - 1].text):
        start -= 1
    closing.start = start
    closing.signatures = _signature_names(blocks[start:date_index], closing, known)
    closing.unsure_names = [name for name in closing.signatures if not is_org(re.sub(r"\d", "", _ON_BEHALF.sub("", name)))]
    pending = ""
    for block in blocks[date_index + 1:end]:
        if not isinstance(block, Paragraph):
            continue
        text = block.text.strip()
        label, _, value = re.sub(r"^(主\s*送|抄\s*送)\s*[:：]", lambda m: squash(m.group(1)) + "：", text).partition("：")
        if label in ("主送", "抄送") and value:
            value = value.strip().rstrip("。")
            if label == "主送":
                closing.recipients = value
            else:
                closing.cc = value
            continue
        printed = _PRINTED.match(squash(text))
        if printed:
            body = printed.group("body") or pending
            date = make_date(int(printed.group("y")), int(printed.group("m")), int(printed.group("d")))
            if body and date:
                closing.printed_by = (body, date)
            continue
        pending = squash(text) if squash(text).endswith(ORG_SUFFIXES) else ""
    return closing
