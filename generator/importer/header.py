"""The top of a notice: 发文机关标志, 发文字号, title, 主送 — and where the body begins.

Pure functions over the first paragraphs. The title may be split over lines
(``关于举办…活动`` / ``的通知``), letter-spaced (``通 知``) or preceded on the
same line by the issuing bodies (``中共新乡市委宣传部 新乡市科学技术协会 关于…``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import Block, Paragraph
from .text import CJK, is_org, join_lines, squash

DOC_NUMBER = re.compile(f"^[{CJK}A-Za-z]{{1,16}}[〔\\[［【(（﹝]\\d{{4}}[〕\\]］】)）﹞][{CJK}]{{0,4}}\\d{{1,4}}号$")
# what a web page prints around a notice: 来源：… 作者：… 发布时间：…, 您的位置：首页 > …, 分享到：
WEB_FURNITURE = re.compile(r"^(?:您的位置|当前位置|您当前的位置|所在位置)[:：]|首页\s*[>›»]|^分享到[:：]?$|^通知公告$"
                           r"|(?:来源|作者|发布时间|发表时间|发布日期|浏览|浏览次数|浏览量|点击数|点击量|创建时间|阅读次数|字号)"
                           r"\s*[:：]|^\d{1,2}\.\d{1,2}\.\d{4}\s+\d{1,2}:\d{2}$"
                           # 2018/5/12 10:39:52 | 1621次浏览, 2017-04-25 14:58 | 宜昌市… | 147, 站名 2016-06-08 浏览:
                           r"|(?<!\d)(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}(?!\d)|\d+\s*次(?:浏览|阅读|点击)"
                           r"|[(（]?点击(?:下载|查看|打开)[)）]?$|^(?:阅读|字体|【字体|字体显示|字号显示)\s*[:：]")
# what a web page prints below a notice (anywhere in the file): links to the next page, print/close buttons, editors
PAGE_FURNITURE = re.compile(r"^(?:上一篇|下一篇|上一条|下一条|上一页|下一页|责任编辑|审核人?|打印本页|关闭窗口|"
                            r"【\s*(?:打印|关闭|打印本页|关闭窗口|收藏|返回顶部)\s*】|扫一扫|返回顶部)")
# 文号：粤科办字〔2016〕67号 in a page's line of facts (索引号 … 发文字号 …)
WEB_DOC_NUMBER = re.compile(r"(?:发文字号|文号)\s*[:：]\s*(\S+)"
                            # 查看：某发〔2022〕12号: a page that lost the 文号's own label glued it to the last one
                            r"|[:：]\s*(\S{1,16}[〔\[［【﹝]\d{4}[〕\]］】﹞]\S{0,4}\d{1,4}号)$")
TITLE_END = re.compile(r"(通知|通告|通报|公告|意见|方案|决定|办法|规定|函|报告|总结|请示|批复|纪要|活动安排)$")
_TERMINAL = "。！？；：:!?;…"
_YEAR_IN_BRACKETS = re.compile(r"[〔\[［【(（﹝]\d{4}[〕\]］】)）﹞]")


def doc_number(text: str) -> str:
    """The 发文字号 if ``text`` is one and nothing else (新科协〔2021〕20号, 蒲科素办发[2023]4号, （科协普发综字[2007]57号））."""
    squashed = re.sub(r"签发人[:：].{0,12}$", "", squash(text))  # 某发〔2022〕12号  签发人：张三 (a report's head)
    if DOC_NUMBER.match(squashed):
        return squashed
    inner = re.match(r"^[(（](.+)[)）]$", squashed)
    return inner.group(1) if inner and DOC_NUMBER.match(inner.group(1)) else ""


def is_web_furniture(text: str) -> bool:
    """A line a web page printed around the notice (source, author, time, views, breadcrumbs, a download
    link), not part of it; never a line that is a sentence or ends with the colon of 主送."""
    text = text.strip()
    ends_as_addressees = text.endswith(("：", ":")) and not re.search(
        r"(?:浏览|来源|作者|点击|阅读|次数|量|时间|日期|分享到|字体|字号|审核|编辑|摄影|供稿)\s*[:：]$", text)
    if _LINK_LINE.match(text):  # 通知详情请链接：https://… (the page's link to itself or a download)
        return True
    return (len(text) <= 80 and "。" not in text and not ends_as_addressees and not doc_number(text)
            and bool(WEB_FURNITURE.search(text)))


_LINK_LINE = re.compile(r"^[^。：:]{0,20}[:：]?\s*https?://\S+$")
# 关于…的通知(截止时间:8月8日): a web headline's note after the title
_TITLE_NOTE = re.compile(r"\s*[（(][^（()）]{1,24}[)）]$")
_SITE_NAME = re.compile(r"\s*(?:_|\s[-—–|｜]\s*|[|｜])\s*[^\s_|｜。，,：:]{2,30}$")


def title_without_note(text: str) -> str:
    """The title line without what a web page added after it: a note (``…的通知(截止时间:8月8日)``) or the
    site's name (``…的通知_某某县人民政府``, ``…的通知 - 某某县科协``)."""
    for added in (_TITLE_NOTE, _SITE_NAME):
        bare = added.sub("", text)
        removed = text[len(bare):]
        if bare != text and TITLE_END.search(squash(bare)) and not ("关于" in removed or TITLE_END.search(removed)):
            return bare  # (通知公告 | 关于…的通知: the title is what follows)
    return text


def is_page_furniture(text: str) -> bool:
    """A line a web page prints below the notice (上一篇：…, 【打印】【关闭】, 责任编辑：…)."""
    text = text.strip()
    return len(text) <= 80 and "。" not in text and bool(PAGE_FURNITURE.match(text))


def web_doc_number(text: str) -> str:
    """The 文号 a web page's line of facts gives (``发文字号：…``), else ""."""
    found = WEB_DOC_NUMBER.search(text)
    return doc_number(found.group(1) or found.group(2)) if found else ""


@dataclass
class Header:
    title: str = ""
    title_issuers: list[str] = field(default_factory=list)  # bodies printed before 关于 in the title
    doc_number: str = ""
    masthead: str = ""
    masthead_issuers: list[str] = field(default_factory=list)
    masthead_assembled: bool = False  # put together from several lines or reordered around 文件
    recipients: str = ""
    body_start: int = 0  # index of the first block of the body


def _is_title_end(text: str) -> bool:
    squashed = squash(title_without_note(text))
    return bool(TITLE_END.search(squashed) and "。" not in squashed and len(squashed) <= 120
                and not doc_number(text) and not squashed.startswith(("根据", "附件")))


def _find_title(paragraphs: list[tuple[int, str]]) -> tuple[int, int] | None:
    """(first, last) positions in ``paragraphs`` of the title lines; a web page's headline right above the
    formal title (the same or a shorter wording) gives way to it."""
    found = _first_title(paragraphs)
    while found:
        later = _first_title(paragraphs[found[1] + 1:found[1] + 4])
        if not later or "关于" not in paragraphs[found[1] + 1 + later[0]][1] and \
                squash(paragraphs[found[1] + 1 + later[0]][1]) != squash(paragraphs[found[1]][1]):
            return found
        found = (found[1] + 1 + later[0], found[1] + 1 + later[1])
    return found


def _first_title(paragraphs: list[tuple[int, str]]) -> tuple[int, int] | None:
    for position, (_, text) in enumerate(paragraphs):
        squashed = squash(text)
        if "。" in squashed or (squashed.startswith("各") and squashed.endswith(("：", ":"))):
            return None  # the 主送 or the body already: a title after them is an annex's or a document's
        if _is_title_end(text) and not re.match(r"^\d{1,2}\s*[.．、]", squashed):
            for back in range(position, max(-1, position - 4), -1):
                if "关于" in paragraphs[back][1]:
                    return back, position
                if back != position and (doc_number(paragraphs[back][1]) or squash(paragraphs[back][1]).endswith("文件")):
                    break
            return position, position
    return None


# 【通知】关于… / 通知公告 | 关于…: the web page's category before the title, not part of it
_WEB_CATEGORY = re.compile(r"^(?:【[^】]{1,10}】|[^|｜\s，。：:]{1,8}\s*[|｜])\s*(?=\S*关于)"
                           r"|^(?:标\s*题|名\s*称|文件名称|题\s*名)\s*[:：]\s*")  # 标题：… in a government page's metadata


def _title_text(lines: list[str]) -> tuple[str, list[str]]:
    """The title without layout spaces, and the issuing bodies printed before 关于."""
    text = _WEB_CATEGORY.sub("", join_lines([line.strip() for line in lines]))
    prefix, found, rest = text.partition("关于")
    forwarding = re.match(r"^(?P<names>[^《》]+?)(?:转发|印发)《", text)
    if forwarding and (not found or "《" in prefix):  # 某区教育局转发《教育部办公厅关于…的通知》的通知
        names = forwarding.group("names").split()
        return squash(text), names if names and all(is_org(name) for name in names) else []
    if not found or "《" in prefix:  # 关于 only inside the 《》 of the notice forwarded
        return squash(text), []
    names = prefix.split()
    if names and names[0].startswith(("转发", "印发", "关于")):  # 转发市科协关于…的通知: 市科协 is not the issuer
        return squash(text), []
    if names and all(is_org(name) for name in names):
        return " ".join(names) + squash(found + rest), names
    return squash(text), []


def _masthead(lines: list[str]) -> tuple[str, list[str], bool]:
    """发文机关标志 from the lines above the doc number: (masthead, issuers, assembled)."""
    for position, text in enumerate(lines):
        tokens = text.split()
        if squash(text) == "文件":
            names = [squash(line) for line in lines[:position] if is_org(squash(line))]
            return (" ".join(names) + " 文件", names, True) if names else ("", [], False)
        if "文件" in tokens and len(tokens) > 1:
            names = [token for token in tokens if token != "文件"]
            ok = all(is_org(name) for name in names)
            return " ".join(names) + " 文件", names if ok else [], tokens[-1] != "文件"
        if squash(text).endswith("文件") and len(squash(text)) > 2:
            masthead = squash(text)
            name = masthead[:-2]
            return masthead, [name] if is_org(name) else [], False
    return "", [], False


def _addressees(text: str) -> bool:
    """Whether a line can be (part of) 主送 — not a sentence such as 现将有关事项通知如下："""
    squashed = squash(text)
    return "。" not in squashed and not re.search(r"如下[：:]$", squashed) and len(squashed) <= 300


_ADDRESSEES = re.compile(r"^各[^，,。；;：:!！?？]{1,50}(?:单位|部门|学会|协会|科协|学院|学校|中心|机构|会员|委员会|分会|院所|处室)$")


def _addressees_without_colon(text: str) -> bool:
    """各地市学会、各会员及其他有关单位 — 主送 whose colon a web copy lost: 各…, a list of bodies ending like one."""
    return bool(_ADDRESSEES.match(squash(text)))


def _two_line_addressees(first: str, second: str) -> str:
    """主送 over two lines, without its colon; two short lines of addressees (各区县科协 / 各有关单位：) keep a space."""
    line = squash(first)
    if line.startswith("各") and not line.endswith(("、", "，", ",")) and len(line) < 16:
        return (first.strip() + " " + second.strip())[:-1].strip()
    return join_lines([first, second]).strip()[:-1].strip()


def _continued_addressees(first: str, second: str) -> bool:
    """Whether ``first`` is the first line of a 主送 that ``second`` (ending with a colon) finishes."""
    line = squash(first)
    return (squash(second).endswith(("：", ":")) and _addressees(second) and not line.endswith(tuple(_TERMINAL))
            and (len(line) >= 16 or line.endswith(("、", "，", ",")) or (line.startswith("各") and squash(second).startswith("各")))
            and not _YEAR_IN_BRACKETS.search(first))  # a 文号 is never part of 主送


def _name_over_title(line: str, title: str) -> bool:
    """Whether ``line``, right above a title that begins with 关于, is the issuing body's name set as the title's
    first line (某某市某区抗震救灾办公室 / 关于开展…的通知), not a masthead (…文件) or a 文号."""
    name = squash(line)
    return (title.startswith("关于") and 4 <= len(name) <= 30 and is_org(name) and not name.endswith("文件")
            and not re.search(r"[\d：:，,。；;《》“”]", name) and not doc_number(line))


def _names_over_title(above: list[str], title: str) -> list[str]:
    """The bodies' names on the lines right above the title, one a line (at most four), top first."""
    names: list[str] = []
    for line in reversed(above[-4:]):
        if not _name_over_title(line, title):
            break
        words = line.split()  # 某某市科学技术协会 某某市科学技术局: two bodies on one line
        names[:0] = words if len(words) > 1 and all(is_org(w) and len(w) >= 4 for w in words) else [squash(line)]
    return names


_LOST_NUMBER = re.compile(r"^[\u4e00-\u9fff]{2,10}(?:19|20)\d{3,6}号?$")


def _read_masthead(header: Header, lines: list[str]) -> None:
    """发文机关标志: ``某某市科协文件``, or (a 函's) the bodies' names alone above the 文号."""
    header.masthead, header.masthead_issuers, header.masthead_assembled = _masthead(lines)
    names = [squash(text) for text in lines]
    if not header.masthead and header.doc_number and 0 < len(names) <= 3 and all(
            _name_over_title(name, "关于") for name in names):  # 某某市科学技术协会 / 某科协发〔2023〕5号
        header.masthead, header.masthead_issuers = " ".join(names), names


# 2022-05-17各区科协: a web page's date glued to the 主送 when the page lost a line break
_WEB_DATE = re.compile(r"^(?:19|20)\d\d-\d{1,2}-\d{1,2}(?=\S*[^\d\s:：-])\s*")


def _read_recipients(header: Header, following: list[tuple[int, str]]) -> None:
    """主送: the line right after the title that ends with a colon, possibly broken over two lines or without its
    colon; a 文号 that lost its brackets (粤青科联20139) may stand between."""
    if following and _LOST_NUMBER.match(squash(following[0][1])):
        header.body_start = following[0][0] + 1
        following = following[1:]
    following = following[:2]
    if following and not _addressees(following[0][1]):
        return  # the first paragraph is already the body: no 主送 at the top
    if following and squash(following[0][1]).endswith(("：", ":")) and len(squash(following[0][1])) > 3:
        header.recipients = _WEB_DATE.sub("", following[0][1].strip()[:-1].strip())
        header.body_start = following[0][0] + 1
    elif len(following) == 2 and _continued_addressees(following[0][1], following[1][1]):
        header.recipients = _two_line_addressees(following[0][1], following[1][1])
        header.body_start = following[1][0] + 1
    elif following and _addressees_without_colon(following[0][1]):
        header.recipients = squash(following[0][1])
        header.body_start = following[0][0] + 1
    elif following and re.search(r"[，,]$", following[0][1].strip()) and _addressees_without_colon(
            re.sub(r"[，,]", "、", squash(following[0][1]).rstrip("，,"))):  # 各区县科协，市直有关单位， (a comma typed)
        header.recipients = following[0][1].strip()[:-1].strip()
        header.body_start = following[0][0] + 1


def _read_title(header: Header, paragraphs: list[tuple[int, str]], found: tuple[int, int]) -> list[str]:
    """The title from its lines (and the 文号 a web headline ends with); the lines above it."""
    first, last = found
    lines = [text for _, text in paragraphs[first:last + 1]]
    header.title, header.title_issuers = _title_text(lines[:-1] + [title_without_note(lines[-1])])
    header.doc_number = doc_number(lines[-1][len(title_without_note(lines[-1])):])  # 关于…的通知(某办函〔2019〕4号)
    above = [text for _, text in paragraphs[:first]]
    if not header.title_issuers:  # 某某区抗震救灾办公室 / 关于开展…的通知: one title on two lines, or
        header.title_issuers = _names_over_title(above, header.title)  # several bodies stacked above it
    return above


def _stacked_under_headline(header: Header, following: list[tuple[int, str]], last_header: int) -> int:
    """A web headline, then the notice's own head: the issuing bodies stacked one a line and the 文号
    (关于…的通知 / 某市科协 / 某市某局 / 某科协〔2022〕75号); the index of the 文号's line, else ``last_header``."""
    names = []
    for index, text in following[:4]:
        if doc_number(text) and names and not header.doc_number:
            header.doc_number = doc_number(text)
            if not header.title_issuers:
                header.title_issuers = names
            return index
        if not (is_org(squash(text)) and len(squash(text)) <= 30):
            break
        names.append(squash(text))
    return last_header


def read_header(blocks: list[Block], limit: int) -> Header:
    """Recognise the header among ``blocks[:limit]`` (``limit``: the first 一、 heading)."""
    header = Header()
    paragraphs = [(index, block.text) for index, block in enumerate(blocks[:min(limit, 30)])
                  if isinstance(block, Paragraph)]
    found = _find_title(paragraphs)
    last_header = -1
    if found:
        above = _read_title(header, paragraphs, found)
        last_header = paragraphs[found[1]][0]
    else:
        above = []
        for _, text in paragraphs:
            if doc_number(text) or squash(text).endswith("文件") or (is_org(squash(text)) and len(text) <= 30):
                above.append(text)
            else:
                break
        if above:
            last_header = paragraphs[len(above) - 1][0]
    if found:
        last_header = _stacked_under_headline(header, paragraphs[found[1] + 1:], last_header)
    for index, text in paragraphs:
        number = doc_number(text)
        if number and index <= last_header + 1 and not header.doc_number:
            header.doc_number = number
            last_header = max(last_header, index)
            break
    _read_masthead(header, [text for text in above if not doc_number(text)])
    header.body_start = last_header + 1
    _read_recipients(header, [(index, text) for index, text in paragraphs if index > last_header][:3])
    after = next(((index, text) for index, text in paragraphs if index >= header.body_start), None)
    if after and not header.doc_number and doc_number(after[1]):  # 文号 printed under the 主送
        header.doc_number = doc_number(after[1])
        header.body_start = after[0] + 1
    return header
