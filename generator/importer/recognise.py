"""Blocks → a draft notice: find the parts of the 通知 and hand each to its recogniser.

The parts, in the order a 通知 prints them::

    发文机关标志 / 发文字号 / title / 主送            header.py
    body: 一、… （一）… 1.…, 根据《…》, 主题, 时间      body.py, deadlines.py
    联系方式                                         contacts.py
    附件：1. … 2. …                                  annexes.py (the list)
    落款, 成文日期, 版记 (主送, 抄送, 印发)            closing.py
    附件1 … 附件2 …                                  annexes.py (the forms)

Pure: no I/O. Whatever cannot be decided from the text is left out or kept
with a note in ``Draft.undecided``, never guessed silently.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from ..config import Site
from ..i18n import tr
from ..checks import area_code_of
from ..notice import Dates, PrintedBy, Reference
from ..notice import Phone as ModelPhone
from .annexes import AnnexPart, annex_list, document_entry, merge_documents, read_annex
from .blocks import Block, Cell, Paragraph, Source, Table
from .body import Body, escape, read_body
from .closing import Closing, numeric_date, read_closing, signature_line
from .contacts import (CONTACT_LINE, EMAIL, body_and_person, contact_lines, field_kind, fields_of, read_contacts,
                       unnumbered, written_code)
from .dates import full_date, make_date, year_in
from .deadlines import AnnexTitle, find_deadlines
from ..notice import TextAnnex
from .draft import UNSURE, Annex, Contact, DocumentAnnex, Draft, Undecided
from .header import Header, doc_number, is_page_furniture, is_web_furniture, read_header, web_doc_number
from . import vocabulary
from .sitelines import addition
from .text import LABEL_LINE, is_org, join_lines, level_of, squash, strip_artefacts, tidy

_MARKER = re.compile(r"^附\s*件\s*(?P<number>\d{1,2})?\s*(?:[:：]\s*(?P<title>\S.*)|[:：])?$")
_LIST = re.compile(r"^(?:相关)?附\s*件(?:下载|列表)?\s*\d{0,2}\s*[:：]")  # 附件下载：… on a web page
_TERMINAL = tuple("。！？；：:!?;…")
_WIDE_GAP = re.compile(r"[ \u3000\xa0]{4,}|\t")  # layout, not a word space


def clean(source: Source) -> list[Block]:
    """Tidy every text; drop extraction artefacts (``[bookmark: _GoBack]``, Markdown ``**`` and ``- ``)."""
    blocks: list[Block] = []
    for block in source.blocks:
        if isinstance(block, Table):
            rows = tuple(tuple(Cell("\n".join(tidy(strip_artefacts(line)) for line in cell.text.split("\n")),
                                    cell.span, cell.rows, cell.lines) for cell in row) for row in block.rows)
            blocks.append(Table(rows, block.line, block.merges_known))
            continue
        text = strip_artefacts(block.text)
        if source.kind == "text":
            text = re.sub(r"^\s*[-*•]\s+", "", text.replace("**", ""))
        paragraphs = [spaced_names(piece) for piece in (spaced_paragraphs(text) if source.kind == "text" else [text])]
        parts = tuple(part for part in (tidy(piece) for piece in _WIDE_GAP.split(text)) if part)
        if len(paragraphs) > 1:
            parts = ()
        lines = [line for piece in paragraphs
                 for line in (_run_on(tidy(piece)) if source.kind == "text" else [tidy(piece)])]
        for text in lines:
            text = _ANNEX_SHORT.sub(r"附件\1", text)  # 附：… / 附1：… is the 附件 marker written short
            pieces = _signed_and_dated(text) if not block.heading else []
            if pieces:  # 某某大学科技处  2024年5月8日 / 2024年5月8日(此件主动公开): one line, two or three parts
                blocks += [Paragraph(piece, block.line) for piece in pieces]
            elif text:
                blocks.append(Paragraph(text, block.line, block.heading,
                                        parts if len(parts) > 1 and len(lines) == 1 else ()))
    return blocks


_RUN_ON_MIN = 120  # a text line this long holding the parts of a notice is a page that lost its line breaks
_RUN_ON_BREAKS = re.compile(
    r"^各[^：:，,。；]{1,40}(?:[，,、][^：:，,。；]{1,40}){0,4}[：:]\s*(?=\S)"  # the 主送 at the start
    r"|(?<=[，,。；;》\d])\s*(?=附\s*件\s*\d{0,2}\s*[：:])"  # the 附件 list
    r"|(?<=[，,。；;》\d日])(?=联系人\s*[：:])"  # the contacts
    r"|(?<=[》。])(?=[\u4e00-\u9fff（()）]{4,40}?(?:\d{4}|[〇○零一二三四五六七八九]{4})年[\d一二三四五六七八九十]{1,2}月"
    r"[\d一二三四五六七八九十]{1,3}日)")  # 落款 and date after the last sentence


_PARAGRAPH_GAP = re.compile(r"[ \xa0]{3,}|\u3000{2,}|[ \u3000\xa0]{4,}")
_SPACED_MIN = 3  # gaps in one long line: a page pasted whole, its paragraphs set apart by runs of spaces


_SPACED_PEOPLE = re.compile(r"^(?P<label>\s*(?:联\s*系\s*人|联\s*络\s*人)\s*[:：]\s*)"
                            r"(?P<names>(?:[\u4e00-\u9fff][ \u3000\xa0]+){3,7}[\u4e00-\u9fff])(?P<rest>\s*(?:[\d(（].*)?)$")


_COMPOUND_SURNAMES = frozenset("欧阳 司马 诸葛 上官 司徒 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 夏侯 令狐 端木 独孤 轩辕 申屠 澹台 "
                               "南宫 西门 呼延 闻人 万俟 司空 钟离 赫连 第五".split())


def spaced_names(text: str) -> str:
    """联系人：司  维  唐  罡 — names whose characters are set apart (a two-character name padded to the width of a
    three-character one): the wider gaps part the names; all gaps alike, four characters are two names of two.
    Anything else is left as it is (tidy joins it into one)."""
    found = _SPACED_PEOPLE.match(text)
    if not found:
        return text
    chars = re.split(r"[ \u3000\xa0]+", found.group("names"))
    gaps = [len(gap) for gap in re.findall(r"[ \u3000\xa0]+", found.group("names"))]
    if len(set(gaps)) > 1:
        names, current = [], chars[0]
        for gap, char in zip(gaps, chars[1:]):
            if gap > min(gaps):
                names.append(current)
                current = char
            else:
                current += char
        names.append(current)
    elif len(chars) == 4 and chars[0] + chars[1] not in _COMPOUND_SURNAMES:  # 欧 阳 晓 明: one name
        names = [chars[0] + chars[1], chars[2] + chars[3]]
    else:
        return text
    if not all(2 <= len(name) <= 3 for name in names):
        return text
    return found.group("label") + "、".join(names) + found.group("rest")


def spaced_paragraphs(text: str) -> list[str]:
    """A long line whose paragraphs a web page set apart by runs of spaces (a whole notice pasted as one line)
    → its paragraphs; any other line as is (two bodies set apart on a signature line are not paragraphs)."""
    if len(text) < _RUN_ON_MIN or len(_PARAGRAPH_GAP.findall(text.strip())) < _SPACED_MIN or "。" not in text:
        return [text]  # (a form's line of fields to fill, 姓名：      单位：      , has no sentence)
    return [piece.strip() for piece in _PARAGRAPH_GAP.split(text) if piece.strip()]


def _run_on(text: str) -> list[str]:
    """A long line holding 主送, body, 附件, 落款, date and contacts run together, as lines; any other line as is."""
    if len(text) < _RUN_ON_MIN:
        return [text]
    cuts = [match.end() if match.group(0) else match.start() for match in _RUN_ON_BREAKS.finditer(text)]
    if len(cuts) < 2:
        return [text]
    pieces = [text[start:end].strip().rstrip("，,") for start, end in zip([0, *cuts], [*cuts, len(text)])]
    return [piece for piece in pieces if piece]


_ANNEX_SHORT = re.compile(r"^附\s*(\d{0,2}\s*[:：])")
_DATE_IN_LINE = re.compile(r"(?P<date>(?:\d{4}|[〇○OoΟ零一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,2}\s*月"
                           r"\s*[\d一二三四五六七八九十]{1,3}\s*日)\s*(?P<note>[（(][^（()）]{2,16}[)）])?$")


def _signed_and_dated(text: str) -> list[str]:
    """[signature, date, note] from a line holding a 落款 and its date, or a date and a note such as
    （此件主动公开）; [] for any other line."""
    match = _DATE_IN_LINE.search(text)
    if not match or not full_date(match.group("date")):
        return []
    before = text[:match.start()].strip()
    if before and not (signature_line(before) and is_org(squash(before).split()[-1] if before.split() else before)):
        return []
    if not before and not match.group("note"):
        return []
    return [piece for piece in (before, match.group("date").strip(), match.group("note") or "") if piece]


def _is_fragment(text: str) -> bool:
    """A paragraph cut off by a page break: long, and no sentence-final punctuation."""
    squashed = squash(text)
    return (len(squashed) >= 16 and not squashed.endswith(_TERMINAL)
            and not (LABEL_LINE.match(squashed) and len(squashed) < 40))


def _continues(text: str) -> bool:
    squashed = squash(text)
    return not (level_of(squashed) or LABEL_LINE.match(squashed) or squashed.startswith("附件")
                or full_date(squashed) or doc_number(squashed))


def join_fragments(blocks: list[Block]) -> list[Block]:
    """Join paragraphs that extraction split at page breaks (text files only)."""
    joined: list[Block] = []
    for block in blocks:
        previous = joined[-1] if joined else None
        if (isinstance(block, Paragraph) and isinstance(previous, Paragraph) and _is_fragment(previous.text)
                and _continues(block.text)):
            joined[-1] = Paragraph(join_lines([previous.text, block.text]), previous.line, previous.heading)
        else:
            joined.append(block)
    return joined


# how the title of a document or a form ends (an annex title wrapped over lines is complete when it ends so)
_ANNEX_TITLE_END = re.compile(r"(?:通知|通告|通报|公告|意见|方案|决定|办法|规定|函|报告|总结|纲要|要点|指南|细则|安排|计划"
                              r"|名单|目录|说明|须知|章程|规则|表|表格|清单|汇总|》|\.(?:docx?|xlsx?|pdf|wps|et|ofd|zip))"
                              r"[)）]?$", re.I)


def join_wrapped_annex_titles(blocks: list[Block]) -> list[Block]:
    """附件：某某办公室转发全 / 民科学素质…关于开展2020 / 年…调查通知: an annex title the page wrapped over lines
    (each piece unfinished, the last ending like a title) is one line again."""
    joined: list[Block] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        index += 1
        marker = _MARKER.match(block.text) if isinstance(block, Paragraph) else None
        if not (marker and marker.group("title")) or _ANNEX_TITLE_END.search(squash(block.text)):
            joined.append(block)
            continue
        pieces = [block.text]
        for more in blocks[index:index + 3]:
            text = squash(more.text) if isinstance(more, Paragraph) else ""
            if not text or re.match(r"^(?:\d{1,2}\s*[.．、]|附\s*件)", text) or full_date(text) or "。" in text:
                break
            pieces.append(more.text)
            if _ANNEX_TITLE_END.search(squash(join_lines(pieces))):  # …的通 / 知: cut inside the last word too
                break
        if len(pieces) > 1 and _ANNEX_TITLE_END.search(squash(join_lines(pieces))):
            joined.append(Paragraph(join_lines(pieces), block.line))
            index += len(pieces) - 1
        else:
            joined.append(block)
    return joined


def _markers(blocks: list[Block], first: int) -> list[int]:
    """Indexes of the 附件N lines that start an annex (not the 附件 list at the end of the body).

    A marker starts an annex when a table follows it closely or when it stands
    after the 成文日期; a marker line naming a document (an upstream notice, a
    file) is an entry of the list, never an annex to fill in.
    """
    dated = next((index for index in range(first, len(blocks)) if isinstance(blocks[index], Paragraph)
                  and full_date(blocks[index].text)), len(blocks))
    found = []
    for index in range(first, len(blocks)):
        block = blocks[index]
        match = _MARKER.match(block.text) if isinstance(block, Paragraph) else None
        if not match:
            continue
        title = match.group("title") or ""
        table_follows = any(isinstance(b, Table) for b in blocks[index + 1:index + 5])
        if title and document_entry(title) and not table_follows:
            continue
        bare = not title and not match.group("number")
        if _LIST.match(block.text) and not (index > dated and (bare or table_follows)):
            continue
        found.append(index)
    # 附件1：… 附件2：… on consecutive lines is a list, not two annexes
    runs = {i for i in found if (i + 1 in found or i - 1 in found) and _MARKER.match(blocks[i].text).group("title")}
    return [i for i in found if i not in runs]


def _slice(blocks: list[Block], start: int, end: int) -> list[Block]:
    return blocks[start:end] if start < end else []


def _first_heading(blocks: list[Block]) -> int:
    return next((i for i, b in enumerate(blocks) if isinstance(b, Paragraph)
                 and (level_of(b.text) == 1 or b.heading == 1) and i > 0), len(blocks))


_STATED_ISSUER = re.compile(r"(?:发布机构|发文机关|发文单位|发布单位)\s*[:：]\s*(?P<names>[^\s:：|｜]+(?:[、，,][^\s:：|｜、，,]+)*)")


def _stated_issuers(blocks: list[Block]) -> list[str]:
    """发布机构：某某市地震局 / 发文机关：… in the metadata a government page prints above a notice: the body the
    page states as the one that issued it (来源：… only names where the page got it from)."""
    for block in blocks[:12]:
        found = _STATED_ISSUER.search(block.text) if isinstance(block, Paragraph) else None
        if found:
            names = [squash(name) for name in re.split(r"[、，,]", found.group("names"))]
            return names if all(is_org(name) for name in names) else []
    return []


_STATED_DATE = re.compile(r"成文日期\s*[:：]\s*(?P<y>\d{4})\s*(?:年|-|/)\s*(?P<m>\d{1,2})\s*(?:月|-|/)\s*(?P<d>\d{1,2})(?!\d)")


def _stated_date(blocks: list[Block]) -> dt.date | None:
    """成文日期：2022年04月28日 in a government page's metadata: the notice's date when no 落款 dates it
    (发布日期, when the page went online, is not)."""
    for block in blocks[:12]:
        found = _STATED_DATE.search(block.text) if isinstance(block, Paragraph) else None
        if found:
            return make_date(int(found.group("y")), int(found.group("m")), int(found.group("d")))
    return None


# 发布时间：2023-05-08 / 发布日期:2014年04月02日 / 2017-04-25 14:58 | 某局 | 147: the day the page went online
_PUBLISHED = re.compile(r"(?:(?:发布|发表|创建)(?:时间|日期)|(?<![\u4e00-\u9fff])(?:时间|日期))\s*[:：]\s*"
                        r"(?P<y>(?:19|20)\d\d)\s*(?:年|-|/|\.)\s*(?P<m>\d{1,2})\s*(?:月|-|/|\.)\s*(?P<d>\d{1,2})(?!\d)"
                        r"|^(?P<y2>(?:19|20)\d\d)(?P<sep>[-/.])(?P<m2>\d{1,2})(?P=sep)(?P<d2>\d{1,2})(?=\s*\d{1,2}:\d\d|\s*[|｜]|\s*来源)")


def _published(blocks: list[Block]) -> dt.date | None:
    """The day a web page's line of facts says it published the notice (发布时间, 发布日期, a date before 来源 or
    ``|``): the notice's ``published``, never its 成文日期."""
    for block in blocks[:12]:
        if not (isinstance(block, Paragraph) and is_web_furniture(block.text)):
            continue
        found = _PUBLISHED.search(block.text.strip())
        if found:
            parts = [found.group(name) or found.group(name + "2") for name in ("y", "m", "d")]
            return make_date(*map(int, parts))
    return None


def _published_day(draft: Draft, published: dt.date | None) -> None:
    draft.published = published
    if published and not draft.issued:
        draft.doubt("published", tr("the text states no 成文日期: the web page's line of facts gives the day it "
                                    "went online, written as `published`; add `issued` only from the original "
                                    "notice"))


def _without_furniture(blocks: list[Block]) -> tuple[list[Block], str, list[str]]:
    """The blocks without what a web page printed around the notice; the 文号 and the source it named there.

    Source, author, time and view lines above the 主送 are not the notice's; neither are 上一篇 / 【打印】 lines
    anywhere. 来源：某某局 / 2017-04-25 14:58 | 某某局 | 147 names who published the page (not said to be the issuer).
    """
    furniture = [index for index, block in enumerate(blocks[:12])
                 if isinstance(block, Paragraph) and is_web_furniture(block.text)
                 and not (numeric_date(block.text) and index and isinstance(blocks[index - 1], Paragraph)
                          and signature_line(blocks[index - 1].text) and is_org(squash(blocks[index - 1].text)))]
    web_number = next((web_doc_number(blocks[index].text) for index in furniture
                       if web_doc_number(blocks[index].text)), "")
    pieces = [squash(piece) for index in furniture
              for piece in re.split(r"[|｜\s]+|来源[:：]|出处[:：]|发布(?:单位|机构)[:：]", blocks[index].text)]
    sources = list(dict.fromkeys(piece for piece in pieces if is_org(piece) and len(piece) >= 3))  # 市科协
    kept = [block for index, block in enumerate(blocks) if index not in furniture
            and not (isinstance(block, Paragraph) and is_page_furniture(block.text))]
    return kept, web_number, sources


def _reposted_lines(draft: Draft, body: Body, blocks: list[Block]) -> list[Paragraph]:
    """Lines under a 落款 without date (校内报名截止时间：…, 科研处联系人：…): a reposting page's own additions, not the
    notice's. Kept at the end of the body and read for deadlines; the contact lines among them are returned."""
    lines = [block for block in blocks if isinstance(block, Paragraph) and block.text.strip()]
    if not lines:
        return []
    body.texts += [line.text for line in lines]
    draft.body = draft.body.rstrip("\n") + "\n\n" + "\n\n".join(escape(line.text.strip()) for line in lines) + "\n"
    draft.doubt("body", tr("{count} line(s) after the signature (from “{start}”) are not the notice's: lines a "
                           "reposting page added? They are kept at the end of the body and read for deadlines and "
                           "contacts; delete them or keep them as a note", count=len(lines),
                           start=squash(lines[0].text)[:20]))
    start = next((i for i, line in enumerate(lines) if CONTACT_LINE.match(squash(line.text))
                  or fields_of(line.text)), None)
    return lines[start:] if start is not None else []


def _contacts(draft: Draft, lines: list[Block], added: list[Paragraph]) -> None:
    """The contacts of the 联系方式 part (or of the body's contact lines), then those a reposting page added."""
    draft.contacts = []
    for part in (lines, added):
        more, undecided = read_contacts(part) if part else ([], [])
        offset = len(draft.contacts)
        draft.contacts += more
        draft.undecided += [Undecided(u.field, u.message, None if u.index is None else u.index + offset)
                            for u in undecided]


def _annotation_contacts(draft: Draft, blocks: list[Block]) -> None:
    """The 附注 under the date: （联系人：张三，电话：0913-1234567）."""
    notes = [Paragraph(found.group(1), block.line) for block in blocks
             if isinstance(block, Paragraph) and (found := _ANNOTATION.match(squash(block.text)))]
    notes += _open_annotation(blocks)
    if not draft.contacts:  # 联系人：…, 联系电话：… printed under the date, not in brackets, and no contact above
        notes += _fields_under_date(blocks)
    if not notes:
        return
    more, undecided = read_contacts(notes)
    offset = len(draft.contacts)
    draft.contacts += more
    draft.undecided += [Undecided(u.field, u.message, None if u.index is None else u.index + offset)
                        for u in undecided]


def _contact_start(blocks: list[Block], first: int, end: int) -> int | None:
    """Where the 联系方式 part begins: its first 联系人/联系电话 line, or the line above when that names the body
    (省科协科普部 / 联系人：…) or the body and its person (某处：张三 / 联系电话：…)."""
    index = next((i for i in range(first, end) if isinstance(blocks[i], Paragraph)
                  and CONTACT_LINE.match(squash(blocks[i].text)) and not level_of(blocks[i].text) == 3), None)
    if index is None or index - 1 <= first or not isinstance(blocks[index - 1], Paragraph):
        return index
    above = blocks[index - 1].text
    if is_org(unnumbered(above)) and len(squash(above)) <= 24 or body_and_person(above):
        return index - 1
    return index


def recognise(source: Source, site: Site) -> Draft:
    blocks = join_wrapped_annex_titles(clean(source))
    stated_issuers, stated_date, published = _stated_issuers(blocks), _stated_date(blocks), _published(blocks)
    blocks, web_number, web_sources = _without_furniture(blocks)
    text_source = source.kind == "text"
    draft = Draft()
    first_heading = _first_heading(blocks)
    header = read_header(blocks, first_heading)
    header.doc_number = header.doc_number or web_number
    plan_start = _attached_plan(blocks, header, first_heading)
    plan_blocks: list[Block] = []
    if plan_start is not None:  # 落款 and date, then the 方案 the notice issues: the notice ends at its date
        blocks, plan_blocks = blocks[:plan_start], blocks[plan_start:]
        first_heading = _first_heading(blocks)
    search_from = first_heading if first_heading < len(blocks) else header.body_start
    markers = _markers(blocks, search_from + 1)
    main_end = markers[0] if markers else len(blocks)
    closing = read_closing(blocks, search_from, main_end, header.title_issuers + header.masthead_issuers)
    closing.issued = closing.issued or stated_date
    tail_end = closing.start
    list_index = next((i for i in range(search_from, tail_end) if isinstance(blocks[i], Paragraph)
                       and _LIST.match(blocks[i].text)), None)
    contact_index = _contact_start(blocks, search_from, tail_end)
    starts = sorted(i for i in (list_index, contact_index) if i is not None)

    def part(start: int | None) -> list[Block]:
        if start is None:
            return []
        following = [i for i in starts if i > start] + [tail_end]
        return _slice(blocks, start, following[0])

    body_blocks = _slice(blocks, header.body_start, starts[0] if starts else tail_end)
    if text_source:
        body_blocks = join_fragments(body_blocks)
    year = (closing.issued.year if closing.issued else None) or year_in(header.title) or _body_year(body_blocks)
    body = read_body(body_blocks, site, year)
    draft.undecided += body.undecided
    draft.body = body.markdown
    draft.actions = body.actions
    _head_and_signatures(draft, header, closing, body_blocks, body, web_sources, stated_issuers)
    _published_day(draft, published)
    _vocabulary(draft, body, site)
    _period(draft, body, year)
    draft.doubt("summary", tr("optional: one or two sentences for lists and search results, in the notice's own "
                              "words"))
    listed = [b.text for b in part(list_index) if isinstance(b, Paragraph)]
    list_lines = listed if list_index is not None or markers else _unlisted(draft, body, blocks[closing.start:main_end])
    _annexes(draft, blocks, markers, list_lines, text_source)
    _basis_attached(draft, body)
    if plan_blocks:
        _plan(draft, plan_blocks, site, year)
    added = _reposted_lines(draft, body, blocks[closing.added:main_end] if closing.added is not None else [])
    _deadlines(draft, body, year)
    _contacts(draft, part(contact_index) if contact_index is not None else contact_lines(body.texts), added)
    _annotation_contacts(draft, _slice(blocks, tail_end, main_end))
    _emails_in_body(draft, body)
    _issuer_candidates(draft, body.texts)
    _contacts_elsewhere(draft, site)
    _local_numbers_elsewhere(draft, site)
    return draft


def _local_numbers_elsewhere(draft: Draft, site: Site) -> None:
    """A number without area code written right after one with another city's code (020-39348210、83163913 in
    a 珠海 notice) is that city's, most likely — but the site would dial it with the notice's code. The number
    stays as printed and is marked for the editor, who writes the area code the text leaves out."""
    region = draft.region.replace(UNSURE, "")
    expected = set(site.dialling_codes(region)) if region in site.regions else set()
    phones = [(index, phone) for index, contact in enumerate(draft.contacts)
              for phone in contact.phones + [p for person in contact.people for p in person.phones]]
    if not expected:  # the region's codes unknown: the code most numbers are written with stands for them
        codes = [written_code(phone.number) for _, phone in phones if written_code(phone.number)]
        expected = {max(codes, key=codes.count)} if codes else set()
    for index, phone in phones:
        if phone.implied_code and phone.implied_code not in expected:
            phone.note = f"区号{phone.implied_code}{UNSURE}"
            draft.doubt("contacts", tr("`{number}` has no area code and follows a number with the area code {code}, "
                                       "not the notice's own: if it is dialled with {code}, write {code}-{number}; "
                                       "then delete the note marked {mark}", number=phone.number,
                                       code=phone.implied_code, mark=UNSURE), index)


def _contacts_elsewhere(draft: Draft, site: Site) -> None:
    """A contact whose landline is dialled in another province than the notice's region (a national body's 010 in a
    重庆市 notice): the place its area code gives is named for the editor, who adds the contact's `region` if the
    contact is there (the text does not say so; `check` warns until then)."""
    region = draft.region.replace(UNSURE, "")
    expected = site.area_code_places(region) if region in site.regions else {}
    if not expected:
        return
    for index, contact in enumerate(draft.contacts):
        for phone in contact.phones + [p for person in contact.people for p in person.phones]:
            try:
                code = area_code_of(ModelPhone(number=phone.number))
            except ValueError:
                continue
            places = site.where_dialled(code) if code and code not in expected else []
            if places:
                draft.doubt("contacts", tr("{number} has the area code {code} of {place}, outside {region}: if this "
                                           "contact is there, add `region: {place}` under its body",
                                           number=phone.number, code=code, place=places[0].name,
                                           region=site.region_path(region)[0].name), index)
                break


_NAMED_ANNEX = re.compile(r"《(?P<title>[^《》]{2,80})》[^《》（(。；]{0,8}[（(]\s*(?:见|详见)?\s*附件\s*(?P<n>\d{1,2})\s*[)）]")


# （详见附件1.《…方案》）, （见附件1-1《…项目表》）: the number first, then the title
_ANNEX_THEN_TITLE = re.compile(r"[（(]\s*(?:见|详见)?\s*附件\s*(?P<n>\d{1,2}(?:-\d{1,2})?)\s*[.．、:：]?\s*"
                               r"《(?P<title>[^《》]{4,80})》\s*[)）]")


# 完成填报活动征集表(附件1): a form named without 《》 after the verb that asks for it
_NAMED_FORM = re.compile(r"(?:填报|填写|填好|报送|提交|上报|将|、|和)(?P<title>[^，,。；;、《》（()）\s]{2,24}?表)\s*[（(]\s*(?:见|详见)?"
                         r"\s*附件\s*(?P<n>\d{1,2})\s*[)）]")


# 请填写附件1《…表》，附件2《…表》: the number, then the title, outside brackets
_NUMBER_THEN_TITLE = re.compile(r"(?<![（(见])附件\s*(?P<n>\d{1,2})\s*[.．、:：]?\s*《(?P<title>[^《》]{2,80})》")


def _annexes_named_in_text(texts: list[str]) -> list[str]:
    """No 附件 list: ``《…统计表》（附件2）`` in the body names the annexes; as list lines (附件N：title) when they
    are numbered 1, 2, … without a gap, else none."""
    named: dict[tuple[int, ...], str] = {}
    for text in texts:
        for found in [*_NAMED_ANNEX.finditer(text), *_NAMED_FORM.finditer(text), *_ANNEX_THEN_TITLE.finditer(text),
                      *_NUMBER_THEN_TITLE.finditer(text)]:
            number = tuple(int(part) for part in found.group("n").split("-"))
            named.setdefault(number, found.group("title").strip())
    tops = sorted({number[0] for number in named})
    if not named or tops != list(range(1, len(tops) + 1)):
        return []
    return [f"附件{'-'.join(map(str, number))}：{named[number]}" for number in sorted(named)]


_UNIT_LINE = re.compile(r"^(?P<label>主办|承办|举办|组织)?单位[:：](?P<names>[^。；;：:]{4,80})$")


def unit_names(texts: list[str], label: str | None = None) -> list[str]:
    """The bodies ``单位：…`` / ``主办单位：甲、乙`` lines name (``label``: only lines with that label)."""
    names = []
    for text in texts:
        found = _UNIT_LINE.match(squash(text))
        if found and (label is None or found.group("label") == label):
            parts = [part for part in re.split(r"[、，,]|(?<=[会局委部厅协])和", found.group("names")) if part]
            names += parts if all(is_org(part) for part in parts) else []
    return list(dict.fromkeys(names))


def _issuer_candidates(draft: Draft, texts: list[str] = ()) -> None:
    """No issuer found: name for the editor the bodies the contacts give (省科协科普部 answers for the notice; it
    is not said to have issued it, so it is not written), and a ``单位：…`` line of the body."""
    if draft.issuers:
        return
    units = unit_names(texts)
    bodies = list(dict.fromkeys([contact.body for contact in draft.contacts
                                 if contact.body and UNSURE not in contact.body] + units))
    if not bodies:
        return
    shown = "、".join(bodies)
    draft.undecided = [Undecided(u.field, tr("{reason}; the contacts name {bodies}: the issuer may be that body or "
                                             "the one it belongs to", reason=u.message, bodies=shown), u.index)
                       if u.field == "issuers" and u.index is None else u for u in draft.undecided]


def _emails_in_body(draft: Draft, body: Body) -> None:
    """An e-mail address the body asks material to be sent to (发送至邮箱…) is a way to contact the issuer: it goes
    to the one contact that has no address, else to a contact of its own."""
    known = {email for contact in draft.contacts for email in contact.email}
    known |= {email for contact in draft.contacts for person in contact.people for email in person.email}
    emails = [email for email in dict.fromkeys(email.rstrip(".") for text in body.texts for email in EMAIL.findall(text))
              if email not in known]
    if not emails:
        return
    shown = "、".join(emails)
    if len(draft.contacts) == 1 and not known:
        draft.contacts[0].email += emails
        draft.doubt("contacts", tr("{emails}: given in the body (where to send material), listed with this "
                                   "contact; check it belongs here", emails=shown), 0)
    elif not draft.contacts and _receiving_body(body.texts, emails[0]):  # 反馈中国科协科普部（邮箱：…）
        draft.contacts.append(Contact(body=_receiving_body(body.texts, emails[0]), email=emails))
        draft.doubt("contacts", tr("no 联系方式 section: {emails} is given with the body material is sent to; add "
                                   "the person if the notice names one", emails=shown), 0)
    elif not draft.contacts and len(draft.issuers) == 1 and UNSURE not in draft.issuers[0]:
        draft.contacts.append(Contact(body=draft.issuers[0], email=emails))
        draft.doubt("contacts", tr("no 联系方式 section: {emails}, where the body asks material to be sent, is "
                                   "listed with the issuing body; add the department or person if the notice names "
                                   "one", emails=shown), 0)
    elif not all(any(email in f"{d.to}{d.what}{d.note}" for d in draft.deadlines) for email in emails):
        draft.doubt("contacts", tr("the body gives {emails} (where to send material) and no contact holds it: add "
                                   "it to the contact it belongs to, or to the deadline it is for", emails=shown))


# 反馈中国科协科普部（邮箱：…）, 报送市科协科普部(电子邮箱:…): the body the material goes to, with its address
_TO_BODY = re.compile(r"(?:报送|反馈|发送|发至|报至|寄送|提交)(?:至|给|到)?(?P<body>[\u4e00-\u9fff]{2,20}?"
                      r"(?:部|处|科|室|办|中心|司|局|委员会|协会))\s*[（(]\s*(?:电子)?(?:邮箱|邮件|E-?mail|e-?mail)\s*[:：]\s*")


def _receiving_body(texts: list[str], email: str) -> str:
    """The body named right before ``email`` as where material is sent, else ""."""
    for text in texts:
        for match in _TO_BODY.finditer(text):
            if text[match.end():].startswith(email) and is_org(match.group("body")):
                return match.group("body")
    return ""


_WHO_LABEL = r"(?:联系人(?:及(?:联系)?(?:电话|方式))?|联系电话|联系方式)"  # 联系人及电话：张三，020-…
_UNDER_DATE = re.compile(r"^" + _WHO_LABEL + r"[:：].*\d")
_ANNOTATION = re.compile(r"^[（(](" + _WHO_LABEL + r"[:：].+)[)）]$")
_OPEN_ANNOTATION = re.compile(r"^[（(](" + _WHO_LABEL + r"[:：][^)）]+)$")


def _fields_under_date(blocks: list[Block]) -> list[Paragraph]:
    """Contact fields printed under the date (联系人：…, 联系电话：…, 电子信箱：…, 联系地址：…), each block
    perhaps headed by its body's name on a line of its own (南通市某局 / 联系人：张三 / …)."""
    lines: list[Paragraph] = []
    started = False
    for index, block in enumerate(blocks):
        if not isinstance(block, Paragraph) or squash(block.text).startswith(("(", "（")):
            continue  # （联系人：…）: an annotation, read as one
        text = squash(block.text)
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        heads = (is_org(text) and len(text) <= 30 and isinstance(following, Paragraph)
                 and field_kind(following.text) == "people")
        kind = field_kind(block.text)
        started = started or heads or kind == "people" or bool(_UNDER_DATE.match(text))
        if started and (heads or kind or _UNDER_DATE.match(text)):
            lines.append(Paragraph(block.text.strip(), block.line))
    return lines


def _open_annotation(blocks: list[Block]) -> list[Paragraph]:
    """（联系人：…；电话：… / 手机：…；邮箱：…） over several lines, its bracket perhaps never closed (a page cut)."""
    for index, block in enumerate(blocks):
        found = _OPEN_ANNOTATION.match(squash(block.text)) if isinstance(block, Paragraph) else None
        if not found:
            continue
        lines = [Paragraph(found.group(1), block.line)]
        for more in blocks[index + 1:index + 4]:
            if not isinstance(more, Paragraph) or not fields_of(more.text.rstrip(")）")):
                break
            lines.append(Paragraph(more.text.strip().rstrip(")）"), more.line))
            if more.text.strip().endswith((")", "）")):
                break
        return lines
    return []


_PLAN_TITLE = re.compile(r"(?:方案|意见|安排|计划|要点|细则|办法|指南|规则|须知|章程)$")
_AFTER_DATE = re.compile(r"^(?:抄\s*送|主\s*送|印\s*发|[（(]此件|[\u4e00-\u9fff]{2,30}\d{4}年\d{1,2}月\d{1,2}日印发)")


def _attached_plan(blocks: list[Block], header: Header, first_heading: int) -> int | None:
    """Where a 方案 printed after the notice's own 落款 and date begins (关于印发《X方案》的通知 + X方案), else None.

    The notice is short and unnumbered; its signature and date stand before the
    first heading, which belongs to the 方案. The 方案's title ends like one
    (方案, 意见, 安排 …) or is a document the notice names in 《》.
    """
    named = {squash(name) for name in re.findall(r"《([^》]+)》", header.title)}
    for index in range(header.body_start + 1, len(blocks)):
        block = blocks[index]
        marker = _MARKER.match(block.text) if isinstance(block, Paragraph) else None
        if marker and not (marker.group("title") and _signed_and_dated_after(blocks, index)):
            return None  # the annexes begin: a date after this is theirs (not 附件：《X》 listed above the 落款)
        if not (isinstance(block, Paragraph) and full_date(block.text)):
            continue
        above = blocks[index - 1]
        if not (isinstance(above, Paragraph) and signature_line(above.text)):
            continue  # a date in the body (一、活动时间 / 2022年9月17日), not the 成文日期
        start = index + 1
        while start < len(blocks) and isinstance(blocks[start], Paragraph) and _AFTER_DATE.match(
                squash(blocks[start].text)):
            start += 1
        rest = [b for b in blocks[start + 1:] if isinstance(b, Paragraph)]
        if start >= len(blocks) or not isinstance(blocks[start], Paragraph) or len(rest) < 2:
            return None
        title = squash(blocks[start].text)
        if len(title) <= 60 and "。" not in title and (title in named or _PLAN_TITLE.search(title)):
            return start
        return None
    return None


def _signed_and_dated_after(blocks: list[Block], index: int) -> bool:
    """A signature line and a full date follow within the next few paragraphs (the 落款 under a 附件 list)."""
    following = [b.text for b in blocks[index + 1:index + 5] if isinstance(b, Paragraph)]
    return any(signature_line(text) and full_date(after) for text, after in zip(following, following[1:]))


def _plan(draft: Draft, blocks: list[Block], site: Site, year: int | None) -> None:
    """The 方案 after the 落款: a text annex; its theme and period only where the notice states none."""
    title = squash(blocks[0].text)
    plan = read_body(join_fragments(blocks[1:]), site, year, actions=False)
    draft.undecided += [item for item in plan.undecided if item.field != "body"]
    if plan.markdown.strip():  # 附件：《X》 listed above the 落款 is this text: one annex, not two
        listed = [i for i, annex in enumerate(draft.annexes) if squash(getattr(annex, "title", "") or "") == title]
        annex = TextAnnex(kind="text", title=title, body=plan.markdown.strip())
        if listed:
            draft.annexes[listed[0]] = annex
        else:
            draft.annexes.append(annex)
        draft.doubt("annexes", tr("the 方案 printed after the notice's date, kept as a text annex: check it, or "
                                  "attach the original as `kind: file`"),
                    listed[0] if listed else len(draft.annexes) - 1)
    if not draft.theme and plan.theme:
        draft.theme = plan.theme
    if draft.dates is None and plan.period:
        own = draft.based_on
        _period(draft, plan, year)
        draft.based_on = own  # the notice's own references stay
    for reference in plan.based_on:
        if reference not in draft.based_on:
            draft.based_on.append(reference)


def _short_for(name: str, signed: str) -> bool:
    """Whether the title's ``name`` is the signature's body named short: 潘家小学 for 某市某区潘家小学, 教育部科技司 for
    教育部科学技术司 (the same last character, and every character of the short name in order in the full one)."""
    if signed == name or len(name) < 3:
        return False
    if signed.endswith(name):
        return True
    rest = iter(signed)
    return signed[-1] == name[-1] and signed[0] == name[0] and all(char in rest for char in name)


def _issuers(draft: Draft, header: Header, closing: Closing, body: Body, web_sources: list[str],
             stated_issuers: list[str]) -> None:
    """The issuing bodies, from what states them most plainly: the title (某某关于…), the masthead, the 落款, a
    page's 发布机构 line, the organisers of the opening; else a note naming the page's source."""
    if header.title_issuers:  # 潘家小学关于… signed 某市某区潘家小学: the full name the signature gives
        draft.issuers = [next((signed for signed in closing.signatures if _short_for(name, signed)), name)
                         for name in header.title_issuers]
    elif header.masthead_issuers:
        draft.issuers = header.masthead_issuers
    elif closing.signatures and not closing.unsure_names:
        draft.issuers = list(closing.signatures)
    elif stated_issuers:
        draft.issuers = list(stated_issuers)
    elif body.opening_issuers and sorted(body.opening_issuers) == sorted(unit_names(body.texts, "主办")):
        draft.issuers = list(body.opening_issuers)  # 甲、乙经研究决定联合开展… and 主办单位：甲、乙 say the same
        draft.doubt("issuers", tr("the bodies the first paragraph says decided to hold the activity, as the 主办单位 "
                                  "line names them (no header or signature was found)"))
    elif body.opening_issuers:
        draft.issuers = [name + UNSURE for name in body.opening_issuers]
        draft.doubt("issuers", tr("taken from the organisers the first paragraph names (no header or signature "
                                  "was found): check the full names and the order"))
    else:
        draft.doubt("issuers", tr("no issuing body found: list the issuing bodies, lead first; the web page it was "
                                  "copied from names {sources} as its source — write it if that body issued the "
                                  "notice", sources="、".join(web_sources)) if web_sources else
                    tr("no issuing body found: list the issuing bodies, lead first"))


def _head_and_signatures(draft: Draft, header: Header, closing: Closing, body_blocks: list[Block],
                         body: Body, web_sources: list[str] = (), stated_issuers: list[str] = ()) -> None:
    """Title, 文号, 成文日期, masthead, issuers, signatures, 主送, 抄送 and 印发."""
    draft.title, draft.doc_number, draft.issued = header.title, header.doc_number, closing.issued
    kind = re.search(r"(?:总结|报告|函|方案|通报|意见|决定|公告)$", draft.title)
    draft.doc_type = kind.group(0) if kind else ""  # the 文种 the title ends with (通知, the default, unwritten)
    if not draft.title:
        opening = next((b.text for b in body_blocks if isinstance(b, Paragraph)), "")
        made = re.search(r"(?:将|决定|拟)(?:共同)?(?:组织)?(?P<verb>举办|开展)(?P<what>\d{4}年[^，。；]{2,40}?活动(?:周|月|日)?)",
                         opening)
        if made:
            draft.title = f"关于{made.group('verb')}{made.group('what')}的通知{UNSURE}"
            draft.inferred.append("title")
            draft.doubt("title", tr("the title was not found (the beginning of the file is missing); "
                                    "this one is inferred from the first paragraph"))
        else:
            draft.doubt("title", tr("no title found: write the notice's title"))
    draft.masthead = header.masthead
    if header.masthead_assembled:
        draft.doubt("masthead", tr("put together from the separate lines of the printed header"))
    _issuers(draft, header, closing, body, web_sources, stated_issuers)
    draft.signatures = list(closing.signatures)
    if (draft.signatures and draft.issuers and len(draft.signatures) < len(draft.issuers)
            and all(name in draft.issuers for name in draft.signatures)):
        draft.signatures = list(draft.issuers)
        draft.inferred.append("signatures")
        draft.doubt("signatures", tr("the signature block names {named} of the {count} issuing bodies (seals often "
                                     "hide names in extracted text): all issuing bodies are listed",
                                     named=len(closing.signatures), count=len(draft.issuers)))
    if closing.on_behalf:
        draft.doubt("signatures", tr("the line “({line})” under the signature says whose seal stands in for the "
                                     "signer's; it is not a signer and was left out", line=closing.on_behalf))
    for name in closing.unsure_names:
        draft.doubt("signatures", tr("`{name}` does not read as the name of an organisation", name=name))
    if header.recipients:
        draft.recipients = header.recipients
    elif closing.recipients:
        draft.recipients, draft.recipients_at = closing.recipients, "end"
    draft.cc = closing.cc
    if closing.printed_by:
        draft.printed_by = PrintedBy(body=closing.printed_by[0], date=closing.printed_by[1])


def _vocabulary(draft: Draft, body: Body, site: Site) -> None:
    """Region, campaign and action keys; what site.yaml lacks becomes an entry to print."""
    opening = re.sub(r"\s+", "", re.sub(r"\n+", "。", body.markdown))[:600]  # a heading ends where its line does
    place = vocabulary.region([draft.title, *draft.issuers, *draft.signatures], opening, site)
    if place is None or place.from_body:
        place = vocabulary.unnamed_province([*draft.issuers, *draft.signatures], draft.doc_number, opening,
                                            site) or place
    if place is None or place.from_body:
        place = vocabulary.national_scope(draft.recipients, site) or place
    if place is None:
        draft.doubt("region", tr("the notice names no place and no national body: write the region "
                                 "(a key of content/site.yaml, or add one there)"))
    else:
        key = place.key
        if not key:  # written with the key of the entry the importer prints for site.yaml
            draft.site_additions.append(addition("regions", place.name, site))
            key = draft.site_additions[-1].key
        draft.region = key + (UNSURE if place.from_body else "")
        if place.from_body:
            draft.doubt("region", tr("{place} is named in the body, not by the issuing bodies: check it is the "
                                     "notice's own region, then delete {mark}", place=place.name, mark=UNSURE))
        elif place.several:
            draft.doubt("region", tr("several places of the same level are named; the first was chosen"))
        if place.own and not place.key:
            draft.doubt("region", tr("{place} names no place, so it is proposed as a region of its own; if the "
                                     "site files it under its province or city, write that region's key instead",
                                     place=place.name))
    for action in draft.actions:
        if not action.key and not any(a.name == action.name for a in draft.site_additions):
            draft.site_additions.append(addition("actions", action.name, site))
    named = vocabulary.campaign(draft.title, opening, site)
    if named is not None:
        draft.campaign = named.key
        if not named.key:
            draft.site_additions.append(addition("campaigns", named.name, site))
            draft.campaign = draft.site_additions[-1].key


# 关于举办“创美运河 智慧通州”2024年某区…活动的通知: a slogan in quotation marks ahead of the year and the event
_TITLE_SLOGAN = re.compile(r"^关于(?:举办|开展|组织开展|组织)“(?P<slogan>[^”\d]{4,30})”\s*(?:19|20)\d\d年")


def _title_slogan(title: str) -> str:
    """The theme a title states as a slogan before the event it names (not a campaign or contest name)."""
    found = _TITLE_SLOGAN.match(title)
    if not found or re.search(r"(?:日|周|月|节|赛|奖|活动|大会|论坛|行动)$", found.group("slogan")):
        return ""
    return found.group("slogan")


def _period(draft: Draft, body: Body, year: int | None) -> None:
    """Theme, campaign period and the notices implemented."""
    draft.theme = body.theme or _title_slogan(draft.title)
    if body.period:
        period = body.period
        try:
            draft.dates = Dates(start=period.start, end=period.end) if period.start else Dates(label=period.label)
        except ValueError:  # a label the notice model cannot place (no year anywhere in the notice)
            draft.doubt("dates", tr("the campaign period “{label}” gives no year and the notice states none: "
                                    "write `dates:` with the year", label=period.label))
        if period.year_assumed and year is None and draft.dates is not None:
            draft.doubt("dates", tr("the text gives no year for the campaign period"))
    draft.based_on = body.based_on
    for index, reference in enumerate(draft.based_on):
        if not reference.title:
            draft.doubt("based_on", tr("the text names this notice only by its 文号 {number}; the page names it so: "
                                       "add its `title` if you know it", number=reference.doc_number), index)
    if body.lost_beginning and draft.based_on:
        draft.doubt("based_on", tr("the title of the first notice named was cut off at the start of the file"))


def _annexes(draft: Draft, blocks: list[Block], markers: list[int], list_lines: list[str], text_source: bool) -> None:
    """The 附件 list gives documents and forms in order; forms are the annexes printed in the file."""
    titles = annex_list(list_lines)
    for title in titles:
        if not re.search(r"[\u4e00-\u9fff]{2}", title):  # 3.2…: an entry cut off where the page ends
            draft.doubt("annexes", tr("the 附件 list has an entry cut off or unreadable (“{title}”): write its title",
                                      title=title))
    titles = [title for title in titles if re.search(r"[\u4e00-\u9fff]{2}", title)]
    listed = merge_documents([document_entry(title) or title for title in titles])
    forms_listed = [entry for entry in listed if isinstance(entry, str)]
    printed: list[tuple[Annex, list[str]]] = []
    for position, marker in enumerate(markers):
        end = markers[position + 1] if position + 1 < len(markers) else len(blocks)
        match = _MARKER.match(blocks[marker].text)
        number = int(match.group("number") or position + 1)
        content = _slice(blocks, marker + 1, end)
        if text_source and not any(isinstance(block, Table) for block in content):
            content = join_fragments(content)  # a text annex; above a table every line is a title or a field
        if match.group("number") and len(listed) == len(titles) and number <= len(listed):
            entry = listed[number - 1]  # 附件2 is the list's second entry (documents among them count too)
            as_listed = entry.title if isinstance(entry, DocumentAnnex) else entry
        else:
            as_listed = forms_listed[position] if position < len(forms_listed) else ""
        annex, notes = read_annex(AnnexPart(number, tidy(match.group("title") or ""), tuple(content)),
                                  as_listed, text_source)
        if annex is None:
            draft.doubt("annexes", tr("附件{number}: {notes}", number=number, notes="; ".join(notes)))
        else:
            printed.append((annex, notes))
    _keep_annexes(draft, _in_list_order(listed, printed))


def _unlisted(draft: Draft, body: Body, tail: list[Block]) -> list[str]:
    """The annexes of a notice with no 附件 list above its 落款: a file list under the date, else those the body
    names as （附件N） (the editor is asked to confirm them)."""
    lines = _list_under_date(tail)
    if not lines:
        lines = _annexes_named_in_text(body.texts)
        if lines:
            draft.doubt("annexes", tr("the notice has no 附件 list: these are the annexes the body names as （附件N）"))
    return lines


def _list_under_date(blocks: list[Block]) -> list[str]:
    """附件：….pdf printed under the 落款 and date (a web page's list of the files it attached), when the notice
    lists no annex above: the 附件 line and the numbered lines right under it."""
    texts = [block.text for block in blocks if isinstance(block, Paragraph)]
    start = next((index for index, text in enumerate(texts) if _LIST.match(text)), None)
    if start is None:
        return []
    lines = [texts[start]]
    for text in texts[start + 1:]:
        if not re.match(r"^\s*\d{1,2}\s*[.．、]", text):
            break
        lines.append(text)
    return lines


def _keep_annexes(draft: Draft, annexes: list[tuple[Annex, list[str]]]) -> None:
    """The annexes and their notes into the draft; a 附件 that is the notice itself (its own 文号) is named instead."""
    for annex, notes in annexes:
        if isinstance(annex, DocumentAnnex) and annex.doc_number and annex.doc_number == draft.doc_number:
            draft.doubt("annexes", tr("the 附件 list names the notice itself ({doc_number}, perhaps a scan of the "
                                       "signed original): it is not an annex; if you have the file, give it as "
                                       "`original: {{file: …}}`", doc_number=annex.doc_number))
            continue
        draft.annexes.append(annex)
        for note in notes:
            draft.doubt("annexes", note, len(draft.annexes) - 1)


# （活动通知详见附件）, 按照附件通知要求: the body says the notice it acts on is the one attached
_BASIS_ATTACHED = re.compile(r"通知[^。，,；;（(）)]{0,6}(?:详|参)?见附件|按照附件[^。，,；;]{0,4}通知")


def _basis_attached(draft: Draft, body: Body) -> None:
    """The notice attached as the only document annex is the one this notice acts on when the body says the
    notice it follows is attached (and names no other)."""
    notices = [annex for annex in draft.annexes if isinstance(annex, DocumentAnnex) and annex.title.endswith("通知")]
    if draft.based_on or len(notices) != 1 or not any(_BASIS_ATTACHED.search(squash(t)) for t in body.texts):
        return
    annex = notices[0]
    draft.based_on = [Reference(title=annex.title, doc_number=annex.doc_number, issuer=annex.issuer)]


def _in_list_order(listed: list, printed: list[tuple[Annex, list[str]]]) -> list[tuple[Annex, list[str]]]:
    """The annexes in the order of the 附件 list (documents, and the printed ones in turn), with their notes;
    printed annexes the list does not name come last."""
    pool = list(printed)
    placed: list[tuple[Annex, list[str]]] = []
    for entry in listed:
        same = next((item for item in pool if isinstance(entry, DocumentAnnex) and not entry.doc_number
                     and squash(item[0].title) == squash(entry.title)), None)
        if same is not None:  # 附件：1.活动方案 … and 附件1 活动方案 printed after the date: that annex, not a document
            pool.remove(same)
            placed.append(same)
            continue
        if isinstance(entry, DocumentAnnex):
            notes = [tr("the list names the file “{file}”: if you have it, put it beside the notice and write "
                        "`kind: file` with `file:`", file=entry.file_name)] if entry.file_name else []
            placed.append((entry, notes))
            continue
        form = pool.pop(0) if pool else None
        if form is None:  # kept by its title, as the list states it; the editor attaches it or copies the form
            placed.append((DocumentAnnex(title=entry), [tr("the 附件 list names “{title}”, but the file does not "
                                                           "contain it: put the file beside the notice and write "
                                                           "`kind: file` with `file:`, or copy it as a form",
                                                           title=entry)]))
        else:
            placed.append(form)
    return placed + pool


def _body_year(blocks: list) -> int | None:
    """The notice's year when neither its date nor its title gives one: the year its body names most.

    Bodies recall other years (去年, a 2006 wording left in a 2007 notice); the first year named was
    taken, and a deadline without a year got the wrong one. A tie gives none: the editor is asked."""
    counts = Counter(int(y) for b in blocks if isinstance(b, Paragraph)
                     for y in re.findall(r"(?:19|20)\d\d(?=\s*年)", b.text))
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def _deadlines(draft: Draft, body: Body, year: int | None) -> None:
    titles = [AnnexTitle(n, squash(a.title + a.listed_as)) for n, a in enumerate(draft.annexes, start=1)]
    draft.deadlines, undecided = find_deadlines(body.texts, year, draft.issued, titles)
    draft.undecided += undecided
    if draft.deadlines:
        draft.doubt("deadlines", tr("dates are as written; `what`, `who` and `to` are cut from each sentence by "
                                    "rule — shorten or correct the wording where needed"))
    for index, deadline in enumerate(draft.deadlines):
        if deadline.annex is not None and deadline.annex > len(draft.annexes):
            draft.deadlines[index] = deadline.model_copy(update={"annex": None})
            draft.doubt("deadlines", tr("refers to 附件{number}, which the file does not contain",
                                        number=deadline.annex), index)


__all__ = ["recognise", "clean", "join_fragments"]
