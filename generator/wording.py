"""How dates, periods and phone numbers are written for readers: one wording for pages and outputs.

The templates use these as filters (:func:`generator.render.make_environment`); the calendars and
the feed write the same words into their files.
"""

from __future__ import annotations

import datetime as dt
import re

from .config import Site

WEEKDAYS = "一二三四五六日"


def cn_date(value: dt.date | None) -> str:
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


def weekday(value: dt.date) -> str:
    return "周" + WEEKDAYS[value.weekday()]


def period(dates, window: bool = True) -> str:
    """A campaign period as a reader expects it: 2022年9月15日至21日; a vague one as the notice words
    it, and (``window``) the days it is taken to mean when they were computed: 9月中旬（约2024年9月11日至20日）."""
    if dates is None:
        return ""
    if dates.label:
        approximate = window and getattr(dates, "approximate", False) and dates.start is not None
        return f"{dates.label}（约{_span(dates.start, dates.end)}）" if approximate else dates.label
    return _span(dates.start, dates.end)


def _span(start: dt.date, end: dt.date | None) -> str:
    if end is None or end == start:
        return cn_date(start)
    if start.year != end.year:
        return f"{cn_date(start)}至{cn_date(end)}"
    if start.month != end.month:
        return f"{cn_date(start)}至{end.month}月{end.day}日"
    return f"{cn_date(start)}至{end.day}日"


def dialable(site: Site, digits: str, region: str) -> str:
    """A number for a tel: link: local numbers get the region's area code (2126496 → 09132126496)."""
    if digits.startswith(("0", "+")) or (len(digits) == 11 and digits.startswith("1")):
        return digits
    for place in reversed(site.region_path(region)):
        if place.area_code:
            return place.area_code + digits
    return digits


BLANK = "＿" * 10  # room to write a unit's name by hand
_SEAL_AFTER_COLON = re.compile(r"^(?P<label>.+?)[：:]\s*[（(]盖章[）)]\s*$")  # 单位名称：（盖章）
_DATE_TO_FILL = re.compile(r"^(?P<label>.+?[：:])\s*年\s*月\s*日\s*$")  # 填报时间：    年  月  日


def fill_in_lines(fields: list[str]) -> list[str]:
    """The lines above a form as a clerk fills them in: 填报单位（盖章）：＿＿＿＿　　填报日期：　年　月　日.

    The seal mark goes after the label, where it is stamped, not where the name is written; a label
    ending in a colon gets a line to write on; a date line gets room for the year, month and day, and
    follows the seal line on the same line. Pages, .xlsx and .docx all print these words.
    """
    lines: list[str] = []
    for field in fields:
        text = field.strip()
        if seal := _SEAL_AFTER_COLON.match(text):
            text = f"{seal['label']}（盖章）：{BLANK}"
        elif date := _DATE_TO_FILL.match(text):
            text = f"{date['label']}　　年　　月　　日"
            if lines and lines[-1].endswith(BLANK):
                lines[-1] += "　　" + text
                continue
        elif text.endswith(("：", ":")):
            text = f"{text[:-1]}：{BLANK}"
        lines.append(text)
    return lines
