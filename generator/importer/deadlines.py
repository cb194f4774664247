"""Deadlines stated in the body: 于2022年9月10日前将…报送…（附件1）, 于8月15日至9月25日期间注册…

A date is a deadline when it is followed by 前/之前/以前 (or is the end of a
期间 window) and the sentence asks for something to be done (报送, 上报, 提交,
注册, 填报, 完成 …). Dates are never invented: a date without a year takes the
year of the date before it in the sentence, else the notice's year, and the
editor is asked to confirm when that puts it before the notice was issued.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .. import approx
from ..i18n import tr
from ..notice import Deadline
from .dates import make_date
from .draft import Undecided
from .text import marker_end, squash

# spaces around the numbers as Word and PDF copies leave them: 于 6 月 2 日前
_D1 = r"(?:(?P<y>\d{4})\s?年\s?)?(?P<m>\d{1,2})\s?月\s?(?P<d>\d{1,2})\s?日"
_D2 = r"(?:(?P<y2>\d{4})\s?年\s?)?(?:(?P<m2>\d{1,2})\s?月\s?)?(?P<d2>\d{1,2})\s?日"
# 2025年8月18日9:00~9月9日17:00: either end may carry its clock time
_AT = r"(?:\s?(?:上午|中午|下午|晚上)?\s?\d{1,2}(?:[:：]\d{2}|时|点))?"
WINDOW = re.compile(r"(?:于|在|从|自)?\s?" + _D1 + _AT + r"(?:起)?(?:至|到|[-—–~～]{1,2})" + _D2 + _AT
                    + r"(?:期间|止|前|之前)?")
# between a date and its 前: a weekday and a clock time, as in 5月16日(星期二)12:00前, 5月24日上午12时前
_WEEKDAY_TIME = (r"(?:\s*[（(](?:星期|周)[一二三四五六日天][）)])?"
                 r"(?:\s*(?:(?:上午|中午|下午|晚上)?\s*\d{1,2}(?:[:：]\d{2}|时|点)(?:\d{1,2}分)?|下班|中午|当天|当日))?")
DUE = re.compile(r"(?:于|在)?\s?" + _D1 + _WEEKDAY_TIME + r"\s*(?:前|之前|以前|为止)")
# 于11月10日报市科协: a date the verb of sending follows at once is a deadline without 前 (a lost character, ?,
# may stand between in a web copy); 于5月20日启动报名 is not
DUE_ON = re.compile(r"于\s?" + _D1 + r"(?=[?？]?(?:报送|上报|报至|提交|发送至|发至|交至|寄至|报[市区县省校院]))")
CUTOFF = re.compile(r"(?:截止|截至)(?:时间|日期)?(?:为|是)?[：:]?" + _D1)
# an approximate deadline: 请于5月下旬提交…, 5月中旬前报送…, 10月底前…; its words become the deadline's label
VAGUE_DUE = re.compile(r"(?:于|在)?(?P<label>(?:\d{4}年)?\d{1,2}月(?:上旬|中旬|下旬|初|底|末|中下旬))"
                       r"(?:\s*(?:前|之前|以前|为止))?")
_CLOCK = re.compile(r"(?:上午|中午|下午|晚上)?\s*\d{1,2}(?:[:：]\d{2}|时|点)(?:\d{1,2}分)?")
# the words before 请于/将…: the one who must act when they name a body or people, else the thing due
_WHO = re.compile(r"^各|(?:单位|部门|学院|院系|系|科协|学会|协会|学校|中小学|小学|中学|组|处|室|中心|局|委|办|"
                  r"个人|老师|教师|同学|学生|团队|班级|支部|分会|基地|院)$")
_ASK = re.compile(r"报送|上报|报至|提交|发送|发至|交至|寄至|注册|填报|完成|报名|推荐|补充|登录|登记|申报|寄送|提供|反馈|报(?!到)")
_VERB = r"(?P<verb>报送至|报送|上报至|上报|报至|发送至|发送|发至|提交至|提交|交至|寄至|寄送|反馈至|反馈给|反馈)"
_STATED_BEFORE = re.compile(r"(?:截止|截至)(?:时间|日期)?(?:为|是)?[：:]?$|期(?:为|是)[：:]?$"
                            r"|(?:报送|报名|提交|申报|上报|反馈)(?:截止)?(?:时间|日期)(?:为|是)?[：:]?$")  # 报送时间：…前
_MATERIAL = re.compile(r"材料|成果|申报|报名")
_PURPOSE = re.compile(r"，(?:以便|便于|以利于|以确保)")


@dataclass(frozen=True)
class AnnexTitle:
    number: int
    title: str


def _resolve(groups: dict, year: int | None, prefix: str = "") -> tuple[dt.date | None, bool]:
    """(date, year_assumed) from a match's groups with the given name suffix (''/'2')."""
    y, m, d = groups.get("y" + prefix), groups.get("m" + prefix), groups.get("d" + prefix)
    if not d:
        return None, False
    if y is None and year is None:
        return None, True
    return make_date(int(y) if y else year, int(m), int(d)), y is None


def _annex(text: str, annexes: list[AnnexTitle]) -> int | None:
    named = re.search(r"附件\s*(\d{1,2})(?!\d|\s*-\s*\d)", text)  # 附件1-1 is not 附件1: found by its title below
    if named:
        return int(named.group(1))
    for term in re.findall(r"[\u4e00-\u9fff]{2,14}表", text):
        for annex in annexes:
            if len(term) >= 4 and term in annex.title:
                return annex.number
    return None


def _what_to(after: str) -> tuple[str, str, str, str]:
    """(who, what, to, note) from the words after a date."""
    who = ""
    text = after.lstrip("，, ")
    if after[:1] in "，,":
        leading = re.match(r"(?P<who>[^，。；将]{2,40}?)将", text)
        if leading:
            who = leading.group("who")
            text = text[leading.start("who") + len(who):]
    routed = re.search(r"将(?P<what>.+?)" + _VERB + r"(?P<to>[^，。；,;（(]*)(?P<after>.*)$", text)
    if routed:
        note = re.match(r"^[（(](?!附件)(?P<note>[^）)]+)[）)]", routed.group("after"))
        return who, routed.group("what"), routed.group("to").strip(), note.group("note") if note else ""
    verb_first = re.match(_VERB + r"(?P<what>[^，。；]+)", text)
    if verb_first:
        given = re.match(r"^(?P<what>.+?)(?:报给|发给|交给|给)(?P<to>.+)$", verb_first.group("what"))
        if given:  # 提交以下材料给科研部邮箱…
            return who, given.group("what"), given.group("to"), ""
        return who, verb_first.group("what"), "", ""
    text = _PURPOSE.split(text)[0]
    return who, re.sub(r"^(?:期间|，)+", "", text).strip("，"), "", ""


def _routes(sentence: str) -> list[tuple[str, str, str]]:
    """(who, what, to) for each clause of ``A报送B；C将D报送E`` (no date in it)."""
    routes = []
    for clause in re.split(r"[；;]", sentence):
        match = re.match(r"(?P<who>[^，。；]+?)(?:将(?P<what>.+?))?" + _VERB + r"(?P<to>[^，。；（(]+)", clause.strip())
        if match and not re.search(r"\d+月\d+日", clause):
            routes.append((match.group("who"), match.group("what") or "", match.group("to").strip()))
    return routes


def _asks(pattern: re.Pattern, match: re.Match, sentence: str) -> tuple[bool, bool]:
    """(whether the date at ``match`` is a deadline, whether the clause before it states what is due)."""
    after = sentence[match.end():]
    clause = re.split(r"[，,；;]", sentence[:match.start()])[-1]
    stated = bool(pattern is CUTOFF or _STATED_BEFORE.search(clause))  # 材料截止日期为…, 申报期为…
    if stated and (pattern is CUTOFF or pattern is WINDOW) and (_ASK.search(clause) or _MATERIAL.search(clause)):
        return True, stated
    if pattern is CUTOFF and _ASK.search(after) or pattern is DUE and stated and _ASK.search(clause):
        return True, stated
    if pattern is VAGUE_DUE and not re.search(r"前|止", match.group(0)) and not _ASK.match(after.lstrip("，")):
        return False, stated  # 5月下旬开展…: a time, not a deadline
    if not _ASK.search(after) or (pattern is WINDOW and not re.search(r"期间|前|止", match.group(0))
                                  and not _ASK.match(after.lstrip("，"))):
        return False, stated
    return True, stated


def _when(pattern: re.Pattern, groups: dict, year: int | None, issued: dt.date | None):
    """(start, date, label, year_assumed) of a deadline match; date None when it cannot be placed."""
    if pattern is VAGUE_DUE:
        label = re.sub(r"\s+", "", groups["label"])
        try:
            window = approx.window(label, year)
        except ValueError:
            window = None
        if window is None:
            return None, None, "", False
        start, date, _ = window
        assumed = not re.match(r"\d{4}年", label)
        if assumed and issued is None:  # no issued date to give the file its year: say it here
            label = f"{date.year}年{label}"
        return start, date, label, assumed
    if pattern is WINDOW:
        start, start_assumed = _resolve(groups, year)
        end_year = int(groups["y2"]) if groups.get("y2") else (start.year if start else year)
        date, assumed = _resolve({**groups, "m2": groups.get("m2") or groups.get("m")}, end_year, "2")
        return start, date, "", assumed and start_assumed
    date, assumed = _resolve(groups, year)
    return None, date, "", assumed


def _wording(pattern: re.Pattern, match: re.Match, sentence: str, stated: bool) -> tuple[str, str, str, str]:
    """(who, what, to, note) of the deadline at ``match``: cut from the words around the date."""
    after = sentence[match.end():]
    clause = re.split(r"[，,；;]", sentence[:match.start()])[-1]
    before = clause
    who = re.split(r"[：:]", before[marker_end(before):])[-1]  # 活动时间：… is a label, not who
    who = re.sub(r"^(?:请|并|由|要求)+|(?:请|须|要|应|务必)+$", "", who).strip()
    who_after, what, to, note = _what_to(after)
    sent = re.match(_VERB + r"(?P<to>[^，。；（(]*)", after.lstrip("，, "))
    if who.startswith("将") and len(who) > 1:  # 并将相关信息于4月15日前汇总报送至…: 将 names the thing
        sent = sent or re.match(r"[^，。；,;]{0,6}?" + _VERB + r"(?P<to>[^，。；,;（(]*)", after.lstrip("，, "))
        who = who[1:]
    if who and not _WHO.search(who) and sent:
        # 科普作品请于…前提交至x@y.cn: the words before the date are what is due
        who, what, to = "", who, sent.group("to").strip()
    by_way = re.match(r"^[，,]?\s*(?:通过|以|用)[^，。；,;]{0,10}?" + _VERB + r"(?P<to>[^，。；,;（(]+)", after)
    if by_way and not to:  # 请将X及时总结，于6月15日前通过电子邮件发至…: X goes to …
        earlier = re.search(r"将(?P<thing>[^，。；,;将]{2,40}?)(?:及时|认真)?(?:总结|汇总|整理)?(?:后)?[，,]",
                            sentence[:match.start()])
        what, to = (earlier.group("thing") if earlier else what), by_way.group("to").strip()
    clock = _CLOCK.search(match.group(0)) if pattern is DUE else None
    if clock:  # 5月20日17:00前: the hour is kept in the note
        note = "；".join(n for n in (re.sub(r"\s+", "", clock.group(0)) + "前", note) if n)
    if stated:  # the clause before the date says what is due (报送时间：…: the sending itself)
        label = re.search(r"(报送|报名|提交|申报|上报|反馈)(?:截止)?(?:时间|日期)", clause)
        what = _STATED_BEFORE.sub("", clause[marker_end(clause):]) or (label.group(1) if label else "")
        who, to, note = "", "", ""
    if pattern is DUE_ON:  # 甲将乙以书面形式于11月10日报丙: 甲 sends 乙 to 丙
        routed = re.match(r"^(?P<who>[^将]*?)将(?P<what>.+?)(?:以[^，。；将]{1,8}形式|通过[^，。；将]{1,10})?$", who)
        if routed:
            who, what = routed.group("who"), routed.group("what")
            to = re.match(r"^[?？]?(?:报送至|报送|上报至|上报|报至|提交至|提交|发送至|发至|交至|寄至|报)(?P<to>[^，。；,;（(]*)",
                          after).group("to").strip()
    return who or who_after, what, to, note


def _subject(sentence: str, subject: str) -> str:
    """请各单位…。并于9月6日前…: a sentence opening with 并 keeps the subject of the one before it."""
    asked = re.match(r"^请(?P<who>各[^，。；]{0,20}?(?:单位|部门|科协|学会|协会))", sentence)
    if asked:
        return asked.group("who")
    return subject if sentence.startswith("并") else ""


def _add(found: _Found, base: dict, routes: list[tuple[str, str, str]], annexes: list[AnnexTitle],
         assumed: bool, year: int | None, issued: dt.date | None) -> None:
    """One deadline (or one per recipient the next sentence routes it to), with the notes on its year."""
    annex = base["annex"]
    entries = [dict(base, who=r_who, what=r_what or base["what"], to=r_to,
                    annex=_annex(r_what, annexes) or (annex if len(routes) == 1 else None))
               for r_who, r_what, r_to in routes] or [base]
    for entry in entries:
        if entry["annex"] is not None:  # 活动方案（附件1）: the link says it; the words need not
            entry["what"] = re.sub(r"\s*[（(](?:见|详见)?附件\s*\d{1,2}[)）]", "", entry["what"]).strip() or entry["what"]
        deadline = Deadline(**entry)
        if deadline in found.deadlines:
            continue
        index = len(found.deadlines)
        found.deadlines.append(deadline)
        if routes:
            found.undecided.append(Undecided("deadlines", tr("split by the recipients the next sentence names; "
                                                             "check who sends what to whom"), index))
        if assumed and issued and deadline.date < issued:
            found.undecided.append(Undecided("deadlines", tr("the text gives no year; {year} puts this before the "
                                                             "notice was issued", year=deadline.date.year), index))
        elif assumed and year is None:
            found.undecided.append(Undecided("deadlines", tr("the text gives no year"), index))


def _yearless(found: "_Found", words: str) -> None:
    message = tr("the text asks for something by “{words}” but neither it nor the notice states a year: "
                 "add that deadline with its year (from the original) if it is the notice's", words=squash(words))
    if not any(u.message == message for u in found.undecided):
        found.undecided.append(Undecided("deadlines", message))


@dataclass
class _Found:
    deadlines: list[Deadline]
    undecided: list[Undecided]


_PATTERNS = (WINDOW, DUE, DUE_ON, CUTOFF, VAGUE_DUE)


def find_deadlines(paragraphs: list[str], year: int | None, issued: dt.date | None,
                   annexes: list[AnnexTitle]) -> tuple[list[Deadline], list[Undecided]]:
    found = _Found([], [])
    for paragraph in paragraphs:
        sentences = [s for s in re.split(r"(?<=。)", paragraph) if s.strip()]
        subject = ""
        for position, sentence in enumerate(sentences):
            subject = _subject(sentence, subject)
            taken: list[tuple[int, int]] = []
            for pattern in _PATTERNS:
                for match in pattern.finditer(sentence):
                    if any(start < match.end() and match.start() < end for start, end in taken):
                        continue
                    asks, stated = _asks(pattern, match, sentence)
                    if not asks:
                        continue
                    start, date, label, assumed = _when(pattern, match.groupdict(), year, issued)
                    if date is None and assumed and year is None:  # 请于4月24日前… and no year anywhere
                        _yearless(found, match.group(0))
                    if date is None or (start is not None and start > date):
                        continue
                    taken.append((match.start(), match.end()))
                    who, what, to, note = _wording(pattern, match, sentence, stated)
                    who = who or (subject if sentence.startswith("并") else "")
                    what = re.sub(r"(?:分别|一并|统一)$", "", what.strip().rstrip("。；，")).strip()
                    if not what:
                        continue
                    base = dict(date=date, start=start if start != date else None, what=what, who=who, to=to,
                                annex=_annex(sentence, annexes), note=note)
                    if label:
                        base.update(label=label, approximate=True)
                    routes = _routes(sentences[position + 1]) if not to and position + 1 < len(sentences) else []
                    _add(found, base, routes, annexes, assumed, year, issued)
    return found.deadlines, found.undecided
