"""Small text rules shared by the recognisers: spacing artefacts, numbering markers, organisations.

Text extracted from Word or PDF carries the layout's spacing: letter-spaced
headings (``通 知``, ``主  题``), spaces Word puts between Chinese and digits
(``2023 年 9 月``), and half-visible markup (``**bold**``). :func:`tidy` removes
those and nothing else: a space between two Chinese phrases
(``提升全民科学素质 助力科技自立自强``) is kept, because the author typed it.
"""

from __future__ import annotations

import re

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_CHAR = re.compile(f"[{CJK}]")
# Full-width punctuation: a space next to it is never the author's.
_FULL_PUNCT = "，。、；：！？（）《》“”‘’【】〔〕—…"
_ARTEFACTS = re.compile(r"\[bookmark:[^\]]*\]")
_EMAIL_OR_URL = re.compile(r"^(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+|https?://|www\.)")

NUMERALS = "一二三四五六七八九十"
LEVEL1 = re.compile(f"^[{NUMERALS}]+、")
LEVEL2 = re.compile(f"^[（(][{NUMERALS}]+[）)]")
LEVEL3 = re.compile(r"^(\d{1,2})[.．、](?!\d)")
# 2.2022年度…: a digit right after the dot is an item only where item 2 is expected (not 2.5万元)
LEVEL3_BEFORE_DIGIT = re.compile(r"^(\d{1,2})[.．](?=\d)")
LEVEL4 = re.compile(r"^[（(]\d{1,2}[）)]")
# 第一步： 主题： 联系电话： — a short label and a colon starts a line of its own
LABEL_LINE = re.compile(f"^[{CJK}A-Za-z/ ]{{1,8}}[：:]")

# Names of organisations end with one of these (市科协, 县科协, 市科学技术局, 市科协科普部 …).
ORG_SUFFIXES = ("委员会", "办公室", "联合会", "协会", "学会", "研究会", "科协", "政府", "中心", "部", "局", "委",
                "厅", "院", "办", "会", "协", "所", "站", "馆", "室", "处", "科", "社", "团", "队", "组", "校", "联", "司",
                "大学", "小学", "中学", "幼儿园", "联盟", "专班", "股")



def strip_artefacts(text: str) -> str:
    """Remove extraction artefacts such as ``[bookmark: _GoBack]``."""
    return _ARTEFACTS.sub("", text)


def _is_cjk(char: str) -> bool:
    return bool(_CJK_CHAR.match(char))


_LABEL_TOKEN = re.compile(f"^[{CJK}]{{2,8}}[：:]")


def _letter_spaced(out: str, tokens: list[str], position: int) -> bool:
    """Whether a space between two Chinese characters is letter spacing: one side is a single character
    (通 知, 主 题, 新 乡 市) — but not where a letter-spaced run starts after a word (郭晶晶 陈 莹), nor the blank
    年 月 日 of a form."""
    token = tokens[position]
    last_word = re.split(f"[^{CJK}]", out)[-1]
    first_word = re.split(f"[^{CJK}]", token)[0]
    if last_word in ("年", "月") and first_word in ("月", "日"):
        return False
    following = tokens[position + 1] if position + 1 < len(tokens) else ""
    previous = re.split(f"[^{CJK}]", tokens[position - 1])[-1]
    if (len(token) == 1 and len(previous) > 1 and following and _is_cjk(following[0])
            and len(re.split(f"[^{CJK}]", following)[0]) == 1):
        return False
    return len(last_word) == 1 or len(first_word) == 1


def tidy(text: str) -> str:
    """Collapse the spacing artefacts of extraction; keep spaces the author meant."""
    text = text.replace("\u3000", " ").replace("\xa0", " ").replace("\t", " ")
    text = re.sub(r" {2,}", " ", text.strip())
    if " " not in text:
        return text
    tokens = [token for token in text.split(" ") if token]
    out = tokens[0]
    for position, token in enumerate(tokens[1:], start=1):
        left, right = out[-1], token[0]
        join = False
        if left in _FULL_PUNCT or right in _FULL_PUNCT:
            join = True
        elif _is_cjk(left) and _is_cjk(right):
            join = _letter_spaced(out, tokens, position)
        elif (_is_cjk(left) and right.isascii() and right.isalnum()) or \
                (left.isascii() and left.isalnum() and _is_cjk(right)):
            # Word's automatic spacing between Chinese and Latin/digits; keep it before an address
            join = not (_EMAIL_OR_URL.match(token) or _EMAIL_OR_URL.match(out.split(" ")[-1]))
        elif (left.isdigit() and right in "-—–~～－") or (left in "-—–~～－" and right.isdigit()):
            join = True
        if join and _LABEL_TOKEN.match(token) and not (_is_cjk(left) and len(re.split(f"[^{CJK}]", out)[-1]) == 1
                                                       and not re.search(f"[^{CJK}][{CJK}]$", out)):
            join = False  # 0913-1234567 邮箱：…, 1号 邮编：…: a label starts a field of its own
        out += token if join else " " + token
    return out


def _wide(char: str) -> bool:
    return _is_cjk(char) or char in _FULL_PUNCT


def join_lines(parts: list[str]) -> str:
    """Join pieces of one paragraph broken over lines: no space next to Chinese, one space between words."""
    text = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if text and not (_wide(text[-1]) or _wide(part[0])):
            text += " "
        text += part
    return text


def squash(text: str) -> str:
    """All whitespace removed (for comparing titles and names)."""
    return re.sub(r"\s+", "", text)


def is_org(name: str) -> bool:
    """Whether a short text reads as the name of an organisation (市科协科普部, 重庆市水利局)."""
    name = squash(name)
    return 2 <= len(name) <= 40 and name.endswith(ORG_SUFFIXES) and not re.search(r"[，。；：:！？\d]", name)


def to_chinese(number: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十 (for 1–99)."""
    digits = "零一二三四五六七八九"
    if number < 10:
        return digits[number]
    tens, units = divmod(number, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[units] if units else "")


def level_of(text: str, expected_item: int | None = None) -> int:
    """The heading level a numbering marker gives: 一、 = 1, （一） = 2, 1. = 3, （1） = 4; 0 = none.

    ``expected_item`` is the number the next ``1.`` item would have, which
    decides whether ``2.2022年度…`` is item 2 or a decimal number.
    """
    loose = LEVEL3_BEFORE_DIGIT.match(text)
    if loose and expected_item is not None and int(loose.group(1)) == expected_item:
        return 3
    if LEVEL1.match(text):
        return 1
    if LEVEL2.match(text):
        return 2
    if LEVEL3.match(text):
        return 3
    if LEVEL4.match(text):
        return 4
    return 0


def marker_end(text: str) -> int:
    """Where the numbering marker of a line ends (0 when there is none)."""
    for pattern in (LEVEL1, LEVEL2, LEVEL3, LEVEL3_BEFORE_DIGIT, LEVEL4):
        match = pattern.match(text)
        if match:
            return match.end()
    return 0


def item_number(text: str) -> int | None:
    """The number of a ``1.`` / ``2、`` item (level 3)."""
    match = re.match(r"^(\d{1,2})[.．、]", text)
    return int(match.group(1)) if match else None
