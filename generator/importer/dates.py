"""Chinese date phrases → dates: 2022年9月15日, 9月15-21日, 9月17--23日, 8月15日至9月25日, 5月中旬—6月上旬.

Pure functions. A date without a year takes the year of the date before it in
the same phrase, else the ``year`` the caller knows from the notice; the
caller is told when it had to do that, so it can ask the editor to confirm.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_DASH = r"(?:[-－—–~～]{1,2}|至|到)"
_DAY = r"(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日?"
_DAY2 = r"(?:(?P<y2>\d{4})年)?(?:(?P<m2>\d{1,2})月)?(?P<d2>\d{1,2})日"
_WEEKDAY = r"(?:\s*[（(][^（()）]{1,6}[）)])"  # 9月15日（星期日）至21日: a day's weekday in brackets
RANGE = re.compile(_DAY + _WEEKDAY + r"?\s*(?:起\s*)?" + _DASH + r"\s*" + _DAY2)
SINGLE = re.compile(r"(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
_PART = r"(?:上|中|下|中下|上中)旬"
_END_PART = r"(?:(?:上|中|下|中下|上中)旬|初|底|末)"
VAGUE = re.compile(r"(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})(?:[-－—–~～]\d{1,2}月(?![\d上中下初底末份])|月(?:" + _PART + r"(?:\s*" + _DASH + r"\s*(?:\d{1,2}月)?" + _END_PART
                   + r")?|\s*" + _DASH + r"\s*(?:\d{4}年)?\d{1,2}月(?![\d上中下初底末份])|\d{1,2}日(?:\s*" + _DASH + r"\s*(?:\d{1,2}月)?\d{1,2}日)?前后))(?!\s*(?:前|之前|以前|止))")
# what makes a date no period: 即日起至9月30日 (an end), 9月30日前 (a deadline), 9月中旬至10月… (a span not understood)
_AN_END = re.compile(r"(?:至|到|截至|截止|止于|之前|以前)\s*$")
_BEFORE = re.compile(r"^\s*(?:前|之前|以前|止|为止)")
_UNREAD_END = re.compile(r"^(?:\s*[（(][^（()）]{1,6}[）)])?(?:\s*\d{1,2}[:：]\d{2})?\s*" + _DASH + r"\s*(?:\d{1,2}月|\d{1,2}日|底|初|末)")
_MORE_DAYS = re.compile(r"^(?:[（(][^）)]{1,6}[）)])?[、，,和及](?:(?P<m>\d{1,2})月)?(?P<d>\d{1,2})日(?:[（(][^）)]{1,6}[）)])?")
FULL_DATE_LINE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
# 成文日期 in Chinese numerals: 二○○七年十月十九日, 二〇二一年…, 二OO七年 (Latin O), 二零一二年, 二Ｏ一一年 (full-width
# O typed for 〇), 二◯一一年 (a large circle)
_ZERO = "〇○OoΟ零0ＯｏＯ０◯"
_CN_DIGIT = {**{c: 0 for c in _ZERO}, **{c: i for i, c in enumerate("一二三四五六七八九", start=1)}}
CHINESE_DATE = re.compile(f"^(?P<y>[{_ZERO}一二三四五六七八九]{{4}})年(?P<m>[一二三四五六七八九十]{{1,2}})月"
                          f"(?P<d>[一二三四五六七八九十]{{1,3}})日$")


@dataclass(frozen=True)
class Period:
    """A campaign period: exact dates, or the words of a vague span."""

    start: dt.date | None = None
    end: dt.date | None = None
    label: str = ""
    year_assumed: bool = False  # the text gave no year; the notice's year was used


def make_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def period_at(text: str, year: int | None) -> tuple[Period | None, int]:
    """The period ``text`` starts with, and where it ends (0 when it does not start with one)."""
    for pattern in (VAGUE, RANGE, SINGLE):
        match = pattern.match(text)
        if match and _UNREAD_END.match(text[match.end():]):
            return None, match.end()  # 8月18日9:00~9月9日17:00: a span this cannot read whole is no one-day period
        if match:
            return period_in(text[:match.end()] + text[match.end():match.end() + 2], year), match.end()
    return None, 0


def period_in(text: str, year: int | None) -> Period | None:
    """The first campaign period stated in ``text``."""
    vague = VAGUE.search(text)
    exact = RANGE.search(text) or SINGLE.search(text)
    if vague and (not exact or vague.start() <= exact.start()):
        if _UNREAD_END.match(text[vague.end():]) or _AN_END.search(text[:vague.start()]):
            return None  # 9月中旬至10月…: only part of the span would be written
        label = vague.group(0)
        if not vague.group("y") and year:
            label = f"{year}年{label}"
        return Period(label=label, year_assumed=not vague.group("y"))
    if not exact:
        return None
    groups = exact.groupdict()
    first_year = int(groups["y"]) if groups.get("y") else year
    if first_year is None:
        return None
    start = make_date(first_year, int(groups["m"]), int(groups["d"]))
    end = start
    if groups.get("d2"):
        end_year = int(groups["y2"]) if groups.get("y2") else first_year
        end = make_date(end_year, int(groups["m2"] or groups["m"]), int(groups["d2"]))
    if start is None or end is None or end < start:
        return None
    after = text[exact.end():]
    if _AN_END.search(text[:exact.start()]) or _BEFORE.match(after) or _UNREAD_END.match(after):
        return None  # 即日起至9月30日, 9月30日前: an end or a deadline, not the campaign's days
    if not groups.get("d2"):
        days = _MORE_DAYS.match(after)
        if days:  # 9月17日（周六）、18日（周日）: consecutive days are a span; others are no period
            last = make_date(start.year, int(days.group("m") or start.month), int(days.group("d")))
            if last is None or (last - start).days != 1:
                return None
            return Period(start, last, year_assumed=not groups.get("y"))
    if not groups.get("d2") and re.match(r"\s*(?:启动|开始|起|开幕)", after):
        end = None  # 5月20日启动: the day it starts, not a one-day campaign
    return Period(start, end, year_assumed=not groups.get("y"))


def _chinese_count(text: str) -> int | None:
    """十 → 10, 十九 → 19, 二十 → 20, 三十一 → 31, 九 → 9."""
    if "十" not in text:
        return _CN_DIGIT.get(text) if len(text) == 1 else None
    tens, _, units = text.partition("十")
    if len(tens) > 1 or len(units) > 1:
        return None
    return (_CN_DIGIT.get(tens, 0) if tens else 1) * 10 + (_CN_DIGIT.get(units, 0) if units else 0)


def chinese_date(text: str) -> dt.date | None:
    """``二○○七年十月十九日`` (any of 〇 ○ O 零 for zero) → 2007-10-19; None for anything else."""
    match = CHINESE_DATE.match(re.sub(r"\s+", "", text))
    if not match:
        return None
    year = int("".join(str(_CN_DIGIT[c]) for c in match.group("y")))
    month, day = _chinese_count(match.group("m")), _chinese_count(match.group("d"))
    return make_date(year, month, day) if month and day else None


def full_date(text: str) -> dt.date | None:
    """A line that is only a date, as under a signature: ``2022年8月10日`` or ``二〇二二年八月十日``."""
    match = FULL_DATE_LINE.match(re.sub(r"\s+", "", text))
    return make_date(*(int(g) for g in match.groups())) if match else chinese_date(text)


def year_in(text: str) -> int | None:
    """The first four-digit year written in ``text`` (2022年…)."""
    match = re.search(r"(19|20)\d\d(?=\s*年)", text)
    return int(match.group(0)) if match else None
