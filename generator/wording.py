"""How dates, periods and phone numbers are written for readers: one wording for pages and outputs.

The templates use these as filters (:func:`generator.render.make_environment`); the calendars and
the feed write the same words into their files.
"""

from __future__ import annotations

import datetime as dt

from .config import Site

WEEKDAYS = "一二三四五六日"


def cn_date(value: dt.date | None) -> str:
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


def weekday(value: dt.date) -> str:
    return "周" + WEEKDAYS[value.weekday()]


def period(dates) -> str:
    """A campaign period as a reader expects it: 2022年9月15日至21日."""
    if dates is None:
        return ""
    if dates.label:
        return dates.label
    start, end = dates.start, dates.end
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
