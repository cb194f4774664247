"""Approximate dates as notices write them (``9月15日前后``, ``5月中旬—6月上旬``) and the window they mean.

上旬 is days 1–10, 中旬 11–20, 下旬 21 to the end of the month, 初 1–10, 底/末 21–end, 前后/左右
three days either side of the day, a month alone the whole month. A range takes the start of
its first part and the end of its second. No I/O; used by the model.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from .i18n import N_, tr

_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
# 2019年6-9月: the first month may leave its 月 to the second
_POINT = (r"(?:(?P<{p}year>\d{{4}})年)?(?P<{p}month>\d{{1,2}})(?:月|(?=\s*(?:—|－|-|–|~|～|至|到)+\s*\d{{1,2}}月$))"
          r"(?:(?P<{p}day>\d{{1,2}})日?(?P<{p}around>前后|左右)?|(?P<{p}part>上旬|中旬|下旬|初|底|末|中下旬|上中旬))?")
_DAY_ONLY = r"(?P<{p}day>\d{{1,2}})日(?P<{p}around>前后|左右)?"
_RANGE = re.compile(
    "^" + _POINT.format(p="a") + r"(?:\s*(?:—|－|-|–|~|～|至|到)+\s*(?:" + _POINT.format(p="b") + "|"
    + _DAY_ONLY.format(p="c") + r"))?(?:期间|间)?$")
AROUND_DAYS = 3
ACCEPTED = N_("2022年9月15日前后, 9月中旬, 5月上旬至6月上旬, 2022年5月中旬—6月上旬, 9月下旬, 9月 (the whole month), "
            "9月15日至21日")  # translated where it is shown
_PARTS = {"上旬": (1, 10), "初": (1, 10), "中旬": (11, 20), "下旬": (21, 31), "底": (21, 31), "末": (21, 31),
          "中下旬": (11, 31), "上中旬": (1, 20)}


def _point(match: re.Match, prefix: str, year: int) -> tuple[dt.date, dt.date, bool]:
    """(first day, last day, approximate) of one part of a label."""
    group = lambda name: match.group(prefix + name)  # noqa: E731 - a local shorthand
    month = int(group("month"))
    if not 1 <= month <= 12:
        raise ValueError(tr("there is no month {month}", month=month))
    last = calendar.monthrange(year, month)[1]
    if group("day"):
        day = int(group("day"))
        if not 1 <= day <= last:
            raise ValueError(tr("{year}-{month:02d} has {last} days", year=year, month=month, last=last))
        date = dt.date(year, month, day)
        if group("around"):
            spread = dt.timedelta(days=AROUND_DAYS)
            return date - spread, date + spread, True
        return date, date, False
    first, end = _PARTS.get(group("part") or "", (1, 31))
    return dt.date(year, month, first), dt.date(year, month, min(end, last)), True


def window(label: str, default_year: int | None) -> tuple[dt.date, dt.date, bool] | None:
    """The (start, end, approximate) a label means, or None when it is not a form understood here.

    Raises ValueError for a form understood but impossible (9月31日) or without a year.
    """
    text = label.translate(_DIGITS).replace(" ", "").replace("　", "")
    match = _RANGE.match(text)
    if match is None:
        return None
    year_text = match.group("ayear")
    year = int(year_text) if year_text else default_year
    if year is None:
        raise ValueError(tr("the label gives no year: write it, e.g. 2022年9月中旬"))
    start, end, approximate = _point(match, "a", year)
    if match.group("bmonth"):
        second_year = int(match.group("byear")) if match.group("byear") else year
        if not match.group("byear") and int(match.group("bmonth")) < start.month:
            second_year += 1  # 12月下旬至1月上旬
        _, end, later = _point(match, "b", second_year)
        approximate = approximate or later
    elif match.group("cday"):
        day = int(match.group("cday"))
        last = calendar.monthrange(start.year, start.month)[1]
        if not 1 <= day <= last:
            raise ValueError(tr("{year}-{month:02d} has {last} days", year=start.year, month=start.month, last=last))
        end = dt.date(start.year, start.month, day)
        if match.group("caround"):
            end += dt.timedelta(days=AROUND_DAYS)
            approximate = True
    if end < start:
        raise ValueError(tr("the label's window ends ({end}) before it starts ({start})", end=end, start=start))
    return start, end, approximate
