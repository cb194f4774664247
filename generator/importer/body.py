"""The body: Markdown with the notice's heading structure, and the facts the body states.

* 一、 headings become ``## 一、…``; （一） items become paragraphs with the lead-in
  sentence in bold (``**（一）强化组织动员。**各单位…``); ``1.`` items outside an
  action group become a Markdown list; （1） items stay paragraphs.
* Inside a section headed 联合行动 / 专项行动 / 系列活动 the numbered items are
  joint actions: each is taken out of the body, keyed into the site's action
  vocabulary (names and aliases), and ``[[actions]]`` marks where they stood.
* 主题 / 时间 lines give the theme and the campaign period; 根据《…》（…号）
  in the opening gives the higher-level notices (``based_on``).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from ..config import Site
from ..i18n import tr
from ..notice import Action, Reference
from .blocks import Block, Paragraph, Table
from .dates import Period, period_at, period_in, year_in
from .draft import Undecided
from .header import doc_number
from .text import is_org, item_number, level_of, marker_end, squash

GROUP_WORDS = ("联合行动", "专项行动", "系列活动")
# 三、主要活动: a heading that may hold joint actions among other activities; only items named as actions are taken
SOFT_GROUP_WORDS = ("主要活动", "重点活动", "活动内容", "活动安排")
_LEAD_MAX = 40  # a lead-in sentence longer than this is prose, not a heading
# 接市科技局通知（…号）: a notice received is a basis as well
# 为贯彻落实/遵照/结合/联合下发了《…的通知》or《…》（…号）: under these verbs only a notice or a numbered document
_OPENING_VERBS = (r"(?:根据|按照|依据|现将(?=[^，。,]*《)|(?<![\u4e00-\u9fff])接到?(?=[^，。,《》]{1,20}(?:通知[（(]|《))"
                  r"|(?:贯彻落实|贯彻|落实|遵照|依照|结合|下发了?|印发了?)"
                  r"(?=[^，。,《》]{0,20}《(?:[^》]*通知》|[^》]*》\s*[（(][^）)《》]{2,30}号)))")


@dataclass
class Body:
    markdown: str = ""
    actions: list[Action] = field(default_factory=list)
    theme: str = ""
    period: Period | None = None
    based_on: list[Reference] = field(default_factory=list)
    opening_issuers: list[str] = field(default_factory=list)  # 市科协、市委宣传部…将共同组织
    lost_beginning: bool = False
    texts: list[str] = field(default_factory=list)  # every paragraph, actions included, for deadlines
    undecided: list[Undecided] = field(default_factory=list)


def split_lead(text: str) -> tuple[str, str]:
    """(lead-in with its marker and 。, the rest) of a numbered heading; ("", text) when there is none."""
    start = marker_end(text)
    stop = text.find("。", start)
    if stop != -1 and stop - start <= _LEAD_MAX:
        return text[:stop + 1], text[stop + 1:]
    if stop == -1 and len(text) - start <= _LEAD_MAX:
        return text, ""
    return "", text


def heading_name(text: str) -> str:
    """The words of a heading without its number and final punctuation: （四）系列联合行动。 → 系列联合行动."""
    lead, _ = split_lead(text)
    return (lead or text)[marker_end(text):].strip().rstrip("。：:")


def escape(text: str) -> str:
    """Keep prose from being read as Markdown syntax (a leading #, >, - or ``1. ``; the [[actions]] mark)."""
    text = text.replace("[[", "\\[\\[")
    if re.match(r"^([#>+*=-]|\d+[.)]\s)", text):
        text = "\\" + text
    return text


def _table_markdown(table: Table) -> str:
    rows = [[cell.text.replace("\n", " ").replace("|", "\\|") or " " for cell in row] for row in table.rows]
    if not rows:
        return ""
    width = max(len(row) for row in rows)
    rows = [row + [" "] * (width - len(row)) for row in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return "\n".join(lines)


def match_action(name: str, site: Site) -> tuple[str, str]:
    """(key, how) for an action name: how is "exact", "contains", "close" or "" (no match)."""
    names = {n: key for n, key in site.action_names.items() if not n.isascii()}
    if name in names:
        return names[name], "exact"
    plain = re.sub(r"（[^）]*）|\([^)]*\)", "", name)
    contained = sorted((n for n in names if len(n) >= 4 and (n in name or n in plain)), key=len, reverse=True)
    if contained:
        return names[contained[0]], "contains"
    close = difflib.get_close_matches(plain, list(names), n=1, cutoff=0.75)
    if close:
        return names[close[0]], "close"
    return "", ""


def _split_action(text: str) -> tuple[str, str]:
    """name and text of ``学会科普联合行动。发动各级学会…`` (or ``…行动：…``; or ``组织…活动，包括…``, where the
    text keeps its ，)."""
    stop = min((i for i in (text.find("。"), text.find("："), text.find(":")) if i != -1), default=-1)
    head = text if stop == -1 else text[:stop]
    comma = _clause(head, 0)
    if len(comma) < len(head):
        return comma, text[len(comma):]
    if stop == -1:
        return head, ""
    # the page prints name + 。 + text; any other mark after the name stays at the start of the text
    return head, text[stop + 1:] if text[stop] == "。" else text[stop:]


def _expand_issuers(text: str) -> list[str]:
    """省、市科协 → 省科协, 市科协; anything else stays one issuer."""
    parts = [part for part in text.split("、") if part]
    if len(parts) > 1 and all(len(part) <= 2 for part in parts[:-1]) and len(parts[-1]) > len(parts[0]):
        suffix = parts[-1][len(parts[0]):]
        return [part + suffix for part in parts[:-1]] + [parts[-1]]
    return [text] if text else []


_AND_MORE = re.compile(r"\s*(?:以及|及|和|并)[^，。；,;]{0,30}《")


def _clause(text: str, start: int) -> str:
    """From ``start`` to the first ，or 。 outside brackets."""
    depth = 0
    for index in range(start, len(text)):
        char = text[index]
        if char in "《（(“":
            depth += 1
        elif char in "》）)”":
            depth = max(0, depth - 1)
        elif char in "，。；,;" and depth == 0 and not (char in "，," and _AND_MORE.match(text, index + 1)):
            return text[start:index]  # 根据《甲》精神，以及《乙》要求: the clause goes on after 以及
    return text[start:]


def references(text: str, lost_beginning: bool) -> list[Reference]:
    """The notices named in 根据《…》（…号）, in each clause that opens with such a verb."""
    clauses = [_clause(text, match.end()) for match in re.finditer(_OPENING_VERBS, text)
               if not re.match(r"[^，。,]*》\s*印发给", text[match.end():])]  # 现将《本方案》印发给你们: not a basis
    if not clauses and lost_beginning and "》" in text:
        clauses = ["《……" + _clause("《" + text.removeprefix("……"), 1)]
    for clause in clauses:
        found = _references_in(clause)
        if found:
            return _expand_short_names(found, text)
    return []


# 《关于转发<…>的通知》（冀科政〔2021〕5号，以下简称省《通知》）: the short name stands for that notice
_SHORT_NAME = re.compile(r"(?P<issuer>[^《》（）()，。,]*?)《(?P<title>[^》]+)》[（(](?:(?P<doc>[^，,（()）《》]*)"
                         r"(?:[，,]|[）)][（(]))?\s*以下简称[^《》（）()]{0,6}《(?P<short>[^》]+)》[）)]")


def _expand_short_names(found: list[Reference], text: str) -> list[Reference]:
    """A reference named only by the short name an earlier sentence gave it is that earlier notice."""
    defined = {squash(match.group("short")): match for match in _SHORT_NAME.finditer(text)}
    expanded = []
    for reference in found:
        match = defined.get(reference.title)
        if match and not reference.doc_number:
            reference = Reference(title=squash(match.group("title")), doc_number=doc_number(match.group("doc") or ""))
        if reference not in expanded:
            expanded.append(reference)
    return expanded


def _references_in(clause: str) -> list[Reference]:
    found = []
    forwarded = re.search(r"(?P<issuer>[^《》（）()，,]*?)关于转发《(?P<inner>[^》]*)》的通知[（(](?P<doc>[^）)]*)[）)]", clause)
    if forwarded and doc_number(forwarded.group("doc")):  # 省科协关于转发《…》的通知（川科协发﹝2022﹞103号）
        issuer = re.sub(r"^(?:和|及|以及|、|，)+|(?:联合)?(?:印发|下发|制定|发布)?的?$", "", squash(forwarded.group("issuer")))
        return [Reference(title=f"关于转发《{squash(forwarded.group('inner'))}》的通知",
                          doc_number=doc_number(forwarded.group("doc")), issuer=issuer)]
    for item in re.finditer(_NAMED_NOTICE,
                            clause):
        title = squash(item.group("title"))
        if not title or re.search(r"(?:简称|下称)$", squash(item.group("issuer"))):
            continue  # （以下简称《通知》）: the short name of the notice just named, not another one
        number = doc_number(item.group("doc") or "")
        issuer = re.sub(r"^.*[，,；;]|(?:要求|精神|文件)$", "", squash(item.group("issuer")))  # …精神，以及X《…》: X
        if not number and doc_number(issuer):  # 根据国科基函[2013]6号《…》: the 文号 before the title
            number, issuer = doc_number(issuer), ""
        issuer = re.sub(r"^(?:和|及|以及|、|，)+|(?:联合)?(?:印发|下发|制定|发布)?的?$", "", issuer)
        issuer = "" if re.fullmatch(r"(?:上级|有关|相关|上级有关)(?:部门|单位)?", issuer) else issuer  # 依据上级《…》
        prefix, has_about, _ = title.partition("关于")
        if has_about:  # 《科技部 中央宣传部 中国科协关于…》: the bodies as the title separates them
            prefix = " ".join(item.group("title").partition("关于")[0].split())
        issuers = _expand_issuers(issuer) or ([prefix] if has_about and prefix and not prefix.startswith("…") else [])
        for name in issuers or [""]:
            found.append(Reference(title=title, doc_number=number, issuer=name))
    if not found:  # 根据中科协青发[2012]51号文件精神: named by its 文号 alone; the title is for the editor to write
        for item in re.finditer(_BARE_DOC_NUMBER, clause):
            found.append(Reference(doc_number=squash(item.group(0))))
    return found


# 《…》（某发〔2020〕5号）; the bracket may be left open before the next notice (（甲办〔2020〕5号和乙办《…》) or
# hold a short name after the number (（冀科政〔2021〕5号，以下简称《通知》）)
_NAMED_NOTICE = re.compile(r"(?P<issuer>[^《》（）()]*?)《(?P<title>[^》]*)》(?:(?:要求|精神|文件)?[（(](?P<doc>[^）)《》（(]*?)"
                           r"(?:[）)]|(?=和|及|、|[，,]\s*以下简称)))?")
_BARE_DOC_NUMBER = re.compile(r"[\u4e00-\u9fffA-Za-z]{1,16}[〔\[［【﹝]\d{4}[〕\]］】﹞][\u4e00-\u9fff]{0,4}\d{1,4}号(?=文件|通知|要求|精神|的|[）)]|$)")


_PLACE_START = re.compile(r"^(?:[\u4e00-\u9fff]{1,6}?[省市县区州旗]|中共|共青团|中国|全国|国家)")


def opening_issuers(text: str) -> list[str]:
    """Bodies listed as organisers in the opening: 市科协、市委宣传部、…将共同组织开展."""
    match = re.search(f"(?:^|[，。；])(?P<names>[^，。；《》]+?(?:、[^，。；《》、]+)+)(?:经研究)?(?:将|决定|拟)"
                      f"(?:于[^，。；]{{1,12}}?)?(?:共同|联合)?(?:组织|举办|开展|主办)", text)
    if not match:
        return []
    names = [squash(name) for name in re.sub(r"经研究$", "", match.group("names")).split("、")]
    if not all(is_org(name) for name in names):
        return []
    place = re.match(r"^[\u4e00-\u9fff]{1,6}?[省市县区州旗]", names[0])
    if place:  # 某某区科协、教育局: the 教育局 of the same 区 (written with （待确认）, as every name found here)
        names[1:] = [name if _PLACE_START.match(name) else place.group(0) + name for name in names[1:]]
    return names


_THEME_IN_TEXT = (re.compile(r"主题(?:确定|定)?(?:为|是)[：:]?\s*(?:“(?P<quoted>[^”]{2,120})”|(?P<theme>.+?)(?:[。；]|$))"),
                  re.compile(r"以“(?P<theme>[^”]{2,120})”为(?:活动)?主题"),
                  # 围绕“…”的主题, 围绕“…”深入开展主题教育活动, 根据“…”主题自由选题
                  re.compile(r"(?:围绕|紧扣|聚焦|突出|紧紧围绕|根据|按照)“(?P<theme>[^”]{2,80})”(?:的|这一)?(?:[^，。；“]{0,4}?开展)?(?:活动)?主题"),
                  # 活动围绕携手建设创新型广东主题开展 (no quotation marks)
                  re.compile(r"(?:围绕|紧扣)(?P<theme>[^，。；、“”《》\s]{4,24}?)(?:这一|的)?主题(?:开展|进行|举办|组织)"),
                  re.compile(r"活动主题[：:]?\s*“(?P<theme>[^”]{2,120})”"))


def _theme(paragraphs: list[str], levels: list[int]) -> str:
    for index, text in enumerate(paragraphs):  # 一、竞赛主题：… — a heading that states the theme comes first
        labelled = re.match(r"^[^：:，。]{0,6}?主题[：:]\s*(.+)$", text[marker_end(text):].strip()) if levels[index] else None
        if labelled and "。" not in labelled.group(1).rstrip("。") and len(labelled.group(1)) <= 40:
            return _clean_theme(labelled.group(1))
    for index, text in enumerate(paragraphs):
        label = re.match(r"^(?:[^：:，。]{0,12}?活动)?主题[：:]\s*(.+)$", text[marker_end(text):] if levels[index] else text)
        if label and (not levels[index] or "。" not in label.group(1).rstrip("。")):  # 一、活动主题：…, （一）主题：…
            return _clean_theme(label.group(1))
        for pattern in _THEME_IN_TEXT:
            stated = pattern.search(text)
            if stated:
                return _clean_theme(stated.groupdict().get("quoted") or stated.group("theme"))
        if levels[index] and heading_name(text).endswith("主题") and index + 1 < len(paragraphs):
            rest = split_lead(text)[1] or (paragraphs[index + 1] if not levels[index + 1] else "")
            if rest and len(rest) <= _LEAD_MAX and "。" not in rest.rstrip("。"):
                return _clean_theme(rest)
    return ""


def _clean_theme(text: str) -> str:
    """The theme's own words: without a 主题： label or the sentence around a quoted theme."""
    text = re.sub(r"^(?:[^：:，。]{0,12}?活动)?主题[：:]\s*", "", text.strip())
    quoted = _THEME_IN_TEXT[0].search(text)
    if quoted and quoted.group("quoted"):  # 今年…的主题是“…”。 under a 主题 heading: the quoted words
        return quoted.group("quoted").strip()
    for pattern in _THEME_IN_TEXT[1:]:  # 以“…”为主题, 围绕“…”主题
        stated = pattern.search(text)
        if stated:
            text = stated.group("theme")
            break
    text = text.strip().rstrip("。")
    if text.startswith("“") and text.endswith("”") and text.count("“") == 1:
        text = text[1:-1]
    return text


# a campaign period in running text: 将于2022年9月15-21日开展, 定于9月15日至25日集中开展, 在…期间以…为主题组织开展
_BEFORE_PERIOD = re.compile(r"(?P<time>(?:时间|日期)(?:安排|定|确定)?)?(?:将于|定于|拟于|于|在|定为|为|是)(?=\d)")
# 将于5月下旬开始: when activities start, not the span of the campaign (no date is better than a wrong one)
_CAMPAIGN_NOUN = r"(?:活动周|活动月|科普日|科普月|工作者日|宣传周|宣传月)"  # how a campaign's name ends
_AFTER_NAME = re.compile(_CAMPAIGN_NOUN + r"”?(?:期间)?(?P<bracket>[（(])?(?=\d)")  # 科技活动周期间(5月19日-26日)
_SPAN_IS_CAMPAIGN = re.compile(r"(?P<span>(?:\d{4}年)?\d{1,2}月\d{1,2}日?\s*(?:[-—–~～]{1,2}|至|到)\s*(?:\d{1,2}月)?\d{1,2}日)"
                               r"\s*(?:是|为)[^，。；,;]{0,12}?" + _CAMPAIGN_NOUN)
_DASH_IN_LABEL = re.compile(r"[-－—–~～]|至|到")
_STARTS = re.compile(r"^\s*(?:开始|启动|起|开幕|拉开)")
_CLOCK = re.compile(r"\d{1,2}[:：]\d{2}|(?:上午|中午|下午|晚上)\s*\d{1,2}\s*[时点]")
_AFTER_PERIOD = re.compile(r"^(?!前|之前|以前|止)[^。；]{0,30}?(?:开展|举行|举办|进行|启动)")


# (二)申报时间 / 报名时间: when something is due, not the campaign's days (a deadline reads it)
_DUE_TIME = re.compile(r"报名|截止|报到|提交|申报|报送")


class _Times:
    """Finds periods in texts; a single day with a clock time (5月20日（星期六）下午14:30-16:30) is the time of a
    meeting or ceremony, kept aside: it is the period only when the text states no span for the campaign."""

    def __init__(self, year: int | None) -> None:
        self.year = year
        self.event_times: list[Period] = []

    def find(self, text: str) -> Period | None:
        period = period_in(text, year_in(text) or self.year)
        if period and period.start and period.end in (None, period.start) and _CLOCK.search(text):
            self.event_times.append(period)
            return None
        return period


def _labelled_period(paragraphs: list[str], levels: list[int], times: _Times) -> Period | None:
    """活动时间：…, 二、竞赛时间：2012年9月—2013年6月, or a 时间 heading and the line under it."""
    for index, text in enumerate(paragraphs):
        label = re.match(r"^(?:[^：:，。]{0,12}?活动)?时间[：:]\s*(.+)$", text)
        if label and not levels[index]:
            period = times.find(label.group(1))
            if period:
                return period
        labelled = re.match(r"^(?!.*(?:报名|截止|报到|提交|申报|报送))[^：:，。]{0,6}?时间[：:]\s*(.+)$",
                            text[marker_end(text):].strip()) if levels[index] else None
        if labelled:
            period = times.find(labelled.group(1))
            if period:
                return period
        if levels[index] and heading_name(text).endswith("时间") and not _DUE_TIME.search(heading_name(text)):
            rest = split_lead(text)[1]
            following = paragraphs[index + 1] if index + 1 < len(paragraphs) and not levels[index + 1] else ""
            period = times.find(rest) if rest else times.find(following) if following else None
            if period:
                return period
    return None


def _section_period(paragraphs: list[str], levels: list[int], times: _Times) -> Period | None:
    """In a section about 时间: the first period stated."""
    for index, text in enumerate(paragraphs):
        if levels[index] and "时间" in heading_name(text) and not _DUE_TIME.search(heading_name(text)) and (
                split_lead(text)[0] or len(text) <= _LEAD_MAX):
            for following in range(index, len(paragraphs)):
                if following > index and levels[following] and levels[following] <= levels[index]:
                    break
                period = times.find(split_lead(paragraphs[following])[1] if following == index
                                    else paragraphs[following])
                if period:
                    return period
    return None


def _sentence_periods(sentence: str, year: int | None) -> list[Period]:
    """Spans a sentence states for the campaign: after 于/定于/在 and before 开展/举行, in brackets after its
    name (科普日(9月15~25日)), or as 5月15日至21日是全国科技活动周."""
    found = []
    matches = [*_BEFORE_PERIOD.finditer(sentence), *_AFTER_NAME.finditer(sentence)]
    for match in sorted(matches, key=lambda found: found.start()):
        period, end = period_at(sentence[match.end():], year_in(sentence) or year)
        after = sentence[match.end() + end:]
        if period and period.label and not re.search(_DASH_IN_LABEL, period.label) and _STARTS.match(after):
            continue
        if match.re is _AFTER_NAME and not (period and (period.label or period.end and period.end > period.start)):
            continue  # right after the campaign's name only a span is its period (活动月5月中旬~6月中旬举行)
        bracketed = match.groupdict().get("bracket") and re.match(r"^\s*[)）]", after)
        if period and (match.groupdict().get("time") or bracketed or _AFTER_PERIOD.match(after)):
            found.append(period)
    for stated in _SPAN_IS_CAMPAIGN.finditer(sentence):
        period = period_in(stated.group("span"), year_in(sentence) or year)
        if period:
            found.append(period)
    return found


def _period(paragraphs: list[str], levels: list[int], year: int | None) -> Period | None:
    """The campaign's period: a labelled time, a 时间 section, else a span in running text before a single day."""
    times = _Times(year)
    labelled = _labelled_period(paragraphs, levels, times) or _section_period(paragraphs, levels, times)
    if labelled:
        return labelled
    found = [period for text in paragraphs for sentence in re.split(r"(?<=[。；])", text)
             for period in _sentence_periods(sentence, year)]
    spans = [p for p in found if p.label or (p.start and p.end and p.end > p.start)]

    # 2021年…于9月11-17日举办，取得良好成效。2022年…将于9月15-21日开展: the latest year is the one announced
    def latest(period: Period) -> int:
        return -(period.start.year if period.start else year_in(period.label) or 0)
    spans.sort(key=latest)
    found.sort(key=latest)
    return (spans or found or times.event_times or [None])[0]


def _levels(paragraphs: list[Paragraph], lost_beginning: bool) -> tuple[list[str], list[int]]:
    """Each paragraph's text and heading level; ``2.2022年度…`` is item 2 only where item 2 is expected."""
    texts: list[str] = []
    levels: list[int] = []
    expected: int | None = None
    for position, block in enumerate(paragraphs):
        text = ("……" if lost_beginning and position == 0 else "") + block.text
        level = level_of(text, expected) or min(block.heading, 2)  # a Word heading style without a number
        if level == 3:
            expected = (item_number(text) or 0) + 1
        elif level in (1, 2):
            expected = 1
        texts.append(text)
        levels.append(level)
    return texts, levels


def _action_groups(texts: list[str], levels: list[int]) -> dict[int, str]:
    """Paragraph index → group name for the numbered items under a 联合行动 / 专项行动 / 系列活动 heading."""
    group_of: dict[int, str] = {}
    for index, text in enumerate(texts):
        if levels[index] not in (1, 2) or not any(word in heading_name(text) for word in GROUP_WORDS
                                                  + SOFT_GROUP_WORDS):
            continue
        position = index + 1
        while position < len(texts) and not levels[position]:
            position += 1  # an introduction before the first item stays in the body
        while position < len(texts) and levels[position] == levels[index] + 1:
            group_of[position] = heading_name(text)
            position += 1
    return group_of


def _actions(texts: list[str], group_of: dict[int, str], site: Site) -> tuple[list[Action], dict[int, str],
                                                                                 list[Undecided]]:
    """The actions of the groups; a group none of whose items is in the vocabulary stays body text."""
    parsed = {}
    for index, group in group_of.items():
        name, rest = _split_action(texts[index][marker_end(texts[index]):].strip())
        name = name.strip()
        parsed[index] = (group, name, rest.strip(), *match_action(name, site))
    undecided: list[Undecided] = []
    for group in dict.fromkeys(group_of.values()):
        items = [index for index, entry in parsed.items() if entry[0] == group]
        if not any(word in group for word in GROUP_WORDS):  # 主要活动: the run of items named as joint actions
            named = [index for index in items if parsed[index][1] and (
                parsed[index][1].endswith(("联合行动", "专项行动")) or parsed[index][4] in ("exact", "contains"))]
            if not named or named != list(range(named[0], named[0] + len(named))):
                named = []  # none, or scattered among other activities: the section stays as written
            for index in items:
                if index not in named:
                    del parsed[index]
            items = named
            if not items or not any(parsed[index][3] for index in items):
                for index in items:  # none of them in the vocabulary: an ordinary section, as written
                    del parsed[index]
                continue
        if not any(parsed[index][3] for index in items):
            undecided.append(Undecided("body", tr("the items under “{group}” are not in the site's action "
                                                  "vocabulary, so they stay in the body; if they are joint actions, "
                                                  "add them to content/site.yaml and import again", group=group)))
            for index in items:
                del parsed[index]
    actions: list[Action] = []
    for index in sorted(parsed):
        group, name, text, key, how = parsed[index]
        if how == "close":
            undecided.append(Undecided("actions", tr("`{name}` is not in the action vocabulary; the closest entry "
                                                     "`{key}` ({entry}) was chosen", name=name, key=key,
                                                     entry=site.actions[key].name), len(actions)))
        elif not key:
            undecided.append(Undecided("actions", tr("`{name}` is not in the site's action vocabulary: set `key:` "
                                                     "to an entry of content/site.yaml or add this name there as an "
                                                     "alias", name=name), len(actions)))
        actions.append(Action(key=key, name=name, group=group, text=text))
    return actions, {index: parsed[index][0] for index in parsed}, undecided


# 开展A、B、C等联合行动 / 包括A联合行动、B联合行动、C活动等: joint actions named in one sentence
_NAMED_LIST = re.compile(r"(?:包括|开展|组织|实施|举办|参与|参加)(?P<items>[^，。；：:,;“”、等]{2,40}(?:、[^，。；：:,;“”、等]{2,40})+)"
                         r"(?=等|[，。；,;]|$)")
_NAMED_ONE = re.compile(r"(?:包括|开展|组织|实施|举办|参与|参加)(?P<name>[^，。；：:,;“”《》、等的]{4,40}?(?:联合行动|专项行动))"
                        r"(?=[，。；,;]|$)")
_NOT_A_NAME = re.compile(r"^(?:各类|各项|相关|有关|本次|此次|这次|该|好|上述|以下|如下)|系列|和|及|与")
_ACTION_END = ("联合行动", "专项行动", "行动", "活动")
NAMED_GROUP = "联合行动"


def named_actions(texts: list[str], site: Site) -> tuple[dict[int, list[Action]], list[Undecided]]:
    """Paragraph index → the actions one of its sentences names without describing them."""
    found: dict[int, list[Action]] = {}
    undecided: list[Undecided] = []
    count = 0
    seen: set[str] = set()
    for index, text in enumerate(texts):
        named: list[list[str]] = []
        taken: list[tuple[int, int]] = []
        for match in _NAMED_LIST.finditer(text):
            items = [item.strip() for item in match.group("items").split("、")]
            joint = [item for item in items if item.endswith(("联合行动", "专项行动"))]
            if (len(joint) < 2 or not all(item.endswith(_ACTION_END) for item in items)
                    or any(re.search(r"系列|和|及|与", item) for item in items)):
                continue
            named.append(items)
            taken.append(match.span())
        for match in _NAMED_ONE.finditer(text):  # 积极参与全国科普月暨……联合行动，: one action named alone
            name = re.sub(r"^(?:开展|组织|实施|举办|参与|参加)+", "", match.group("name"))
            if (any(start < match.end() and match.start() < end for start, end in taken)
                    or _NOT_A_NAME.search(name) or len(name) < 6):
                continue
            named.append([name])
        for items in named:
            for name in items:
                if name in seen:
                    continue
                seen.add(name)
                key, how = match_action(name, site)
                if how == "close":
                    key = ""  # a name alone is too little to take a merely similar entry
                if not key:
                    undecided.append(Undecided("actions", tr("`{name}` is not in the site's action vocabulary: add "
                                                             "it to content/site.yaml (the lines are printed) or set "
                                                             "`key:`", name=name), count))
                found.setdefault(index, []).append(Action(key=key, name=name, group=NAMED_GROUP, text=""))
                count += 1
    return found, undecided


def _markdown(blocks: list[Block], texts: list[str], levels: list[int], group_of: dict[int, str],
              named_at: dict[int, list[Action]] | None = None) -> str:
    named_at = named_at or {}
    groups = list(dict.fromkeys(list(group_of.values()) + ([NAMED_GROUP] if named_at else [])))
    placed: set[str] = set()
    chunks: list[str] = []
    paragraphs = iter(range(len(texts)))
    for block in blocks:
        if isinstance(block, Table):
            chunks.append(_table_markdown(block))
            continue
        index = next(paragraphs)
        text, level = texts[index], levels[index]
        if index in group_of:
            if group_of[index] not in placed:  # the placeholder stands where the first item stood
                placed.add(group_of[index])
                chunks.append("[[actions]]" if len(groups) == 1 else f"[[actions: {group_of[index]}]]")
        elif level == 1 and heading_like(text):
            chunks.append("## " + text)
        elif level == 2:
            lead, rest = split_lead(text)
            chunks.append(f"**{lead}**{escape(rest)}" if lead else escape(text))
        elif level == 3 and re.match(r"^\d{1,2}[.．]", text):
            chunks.append(f"{item_number(text) or 1}. " + text[marker_end(text):].strip())
        else:  # a numbered sentence (一、根据通知要求，……。) or a 1、 item: a paragraph, its number as written
            chunks.append(escape(text))
        if index in named_at:
            chunks.append("[[actions]]" if len(groups) == 1 else f"[[actions: {NAMED_GROUP}]]")
    return "\n\n".join(chunk for chunk in chunks if chunk) + "\n"


def heading_like(text: str) -> bool:
    """一、主题和时间 is a heading; 一、根据通知要求，在……期间组织开展活动。 is a numbered paragraph."""
    words = text[marker_end(text):].strip()
    return len(words) <= 30 and not re.search(r"[，,；;]", words) and "。" not in words.rstrip("。")


def read_body(blocks: list[Block], site: Site, year: int | None, actions: bool = True) -> Body:
    """The body's parts; ``actions=False`` for a text that is printed whole (a 方案 kept as an annex)."""
    body = Body()
    paragraphs = [block for block in blocks if isinstance(block, Paragraph)]
    first = paragraphs[0].text if paragraphs else ""
    body.lost_beginning = "》" in first and ("《" not in first or first.index("》") < first.index("《"))
    texts, levels = _levels(paragraphs, body.lost_beginning)
    body.texts = texts
    body.theme = _theme(texts, levels)
    body.period = _period(texts, levels, year)
    opening = texts[:next((i for i, level in enumerate(levels) if level == 1), len(texts))]
    for position, text in enumerate(opening):
        body.based_on += references(text, body.lost_beginning and position == 0)
        body.opening_issuers = body.opening_issuers or opening_issuers(text)
    body.actions, group_of, body.undecided = _actions(texts, _action_groups(texts, levels) if actions else {}, site)
    named_at, undecided = named_actions([t for i, t in enumerate(texts) if i not in group_of], site) \
        if not group_of and actions else ({}, [])
    named_at = {[i for i in range(len(texts)) if i not in group_of][k]: v for k, v in named_at.items()}
    body.undecided += [Undecided(u.field, u.message, u.index + len(body.actions)) for u in undecided]
    body.actions += [action for index in sorted(named_at) for action in named_at[index]]
    body.markdown = _markdown(blocks, texts, levels, group_of, named_at)
    if body.lost_beginning:
        body.undecided.append(Undecided("body", tr("the text begins in the middle of a sentence: the beginning "
                                                   "(title, first words) was lost when the file was made; "
                                                   "“……” marks the gap")))
    return body


__all__ = ["Body", "read_body", "match_action", "references", "opening_issuers", "split_lead", "heading_name"]
