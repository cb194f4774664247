"""``calendar.ics`` for the site, ``<year>/calendar.ics`` per year and ``<year>/<slug>/calendar.ics``
per notice (RFC 5545).

The site's calendar holds what a subscriber needs: every event not over, and those of the last twelve
months (it does not grow with the archive); a year's calendar holds every event of that year's
notices. An event is the same text, with the same UID, in every calendar that holds it.

Each notice's campaign period and each of its deadlines is an all-day event.
UIDs come from the notice's slug and the deadline's position, so a subscribed
calendar updates its events instead of duplicating them. DTSTAMP and LAST-MODIFIED
are the day the notice last changed (``revised``, else its date) and SEQUENCE grows
with ``revised`` (YYYYMMDD), so a client that imported a deadline sees a corrected one
as a newer version of the same event; none of them is the clock, so the same content
gives the same bytes.

The text is written here rather than by icalendar, which took 0.2 ms an event (an archive
of 10,000 notices has 40,000 deadlines): escaping and line folding follow icalendar 7
exactly, property order is its canonical order, and a test compares the two.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Iterable

from ..collect import Collections, DeadlineEntry
from ..config import Site
from ..notice import Dates, Notice
from .parts import NoticeFiles
from ..urls import host, is_absolute, url
from ..wording import cn_date, period

PRODID = "-//campaign-notices//static site generator//ZH"
APPROXIMATE = "约数：原文时间不确切，按{start}至{end}计"
_SHORT_TITLE = re.compile(r"关于(?:组织开展|举办|开展|组织)?(.+?)的?通知$")


def short_title(notice: Notice) -> str:
    """关于举办2022年渭南市全国科普日活动的通知 → 2022年渭南市全国科普日活动."""
    match = _SHORT_TITLE.search(notice.front.title)
    return match.group(1) if match else notice.front.title


def _uid(site: Site, notice: Notice, name: str) -> str:
    domain = host(site)
    return f"{name}@{notice.slug}.{domain}" if domain else f"{name}@{notice.slug}"


def text(value: str) -> str:
    """A TEXT value escaped as RFC 5545 (and icalendar) escapes it."""
    return (value.replace("\\N", "\n").replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str, limit: int = 75) -> str:
    """A content line folded into lines shorter than ``limit`` octets, as icalendar folds it: never
    inside a UTF-8 character, and a backslash or caret that would end a line moves to the next."""
    data = line.encode("utf-8")
    if len(data) < limit:
        return line
    pieces = []
    start = 0
    while len(data) - start >= limit:
        end = start + limit - 1
        while data[end] & 0xC0 == 0x80:  # not inside a character
            end -= 1
        if data[end - 1] in b"\\^" and end - 1 > start:  # the escape stays with what it escapes
            end -= 1
        pieces.append(data[start:end])
        start = end
    pieces.append(data[start:])
    return b"\r\n ".join(pieces).decode("utf-8")


def _day(value: dt.date) -> str:
    return f"{value.year:04}{value.month:02}{value.day:02}"


def _event(site: Site, notice: Notice, name: str, start: dt.date, end: dt.date, summary: str,
           lines: list[str]) -> bytes:
    """An all-day event from ``start`` to ``end`` inclusive, as the text it has in any calendar."""
    notice_url = url(site, notice.path)
    changed = f"{_day(notice.changed)}T000000Z"  # from the content, not the clock: the same bytes every build
    content = ["BEGIN:VEVENT", f"SUMMARY:{text(summary)}", f"DTSTART;VALUE=DATE:{_day(start)}",
               f"DTEND;VALUE=DATE:{_day(end + dt.timedelta(days=1))}",  # DTEND of an all-day event is exclusive
               f"DTSTAMP:{changed}", f"UID:{text(_uid(site, notice, name))}", f"SEQUENCE:{notice.revision}",
               f"DESCRIPTION:{text(chr(10).join([*lines, f'通知：{notice.front.title}', notice_url]))}",
               f"LAST-MODIFIED:{changed}",
               "TRANSP:TRANSPARENT"]  # a deadline does not make the day busy
    if is_absolute(site):  # a URL property must be a full URI; a bare path stays in the description
        content.append(f"URL:{notice_url}")
    content.append("END:VEVENT")
    return ("\r\n".join(fold(line) for line in content) + "\r\n").encode("utf-8")


def period_event(site: Site, notice: Notice) -> bytes | None:
    """The campaign period (an approximate one marked 〔约〕); none for a summary or report (总结, 表彰),
    whose dates are those of a campaign already held."""
    dates = notice.front.dates
    if dates is None or dates.start is None or notice.front.looks_back:  # a 总结's period is a past campaign's
        return None
    lines = [f"主题：{notice.front.theme}"] if notice.front.theme else []
    worded = period(dates, window=False)  # the window of a vague period has a line of its own
    lines.append(f"时间：{worded}")
    if dates.approximate:
        lines.append(APPROXIMATE.format(start=cn_date(dates.start), end=cn_date(dates.end or dates.start)))
    if notice.front.summary:
        lines.append(notice.front.summary)
    return _event(site, notice, "period", dates.start, dates.end or dates.start,
                  ("〔约〕" if dates.approximate else "") + f"{short_title(notice)}（{worded}）", lines)


def deadline_event(site: Site, entry: DeadlineEntry) -> bytes:
    """One deadline on its due date; a window's opening day is told in the description."""
    notice, deadline = entry.notice, entry.deadline
    lines = [f"事项：{deadline.what}"]
    if deadline.who:
        lines.append(f"办理：{deadline.who}")
    if deadline.to:
        lines.append(f"报送：{deadline.to}")
    if deadline.annex is not None:
        annex = notice.front.annexes[deadline.annex - 1]
        annex_url = url(site, f"{notice.path}annex-{deadline.annex}/")
        lines.append(f"附件：附件{deadline.annex} {annex.listed_as or annex.title}（{annex_url}）")
    if deadline.approximate:  # an all-day span over the whole window, marked in its summary
        lines.append(f"截止：{deadline.label}")
        lines.append(APPROXIMATE.format(start=cn_date(deadline.start or deadline.date), end=cn_date(deadline.date)))
    else:
        if deadline.start is not None:
            lines.append(f"期间：{period(Dates(start=deadline.start, end=deadline.date))}")
        lines.append(f"截止：{cn_date(deadline.date)}")
    if deadline.note:
        lines.append(f"备注：{deadline.note}")
    first = (deadline.start or deadline.date) if deadline.approximate else deadline.date
    return _event(site, notice, f"deadline-{entry.index}", first, deadline.date,
                  ("〔约〕" if deadline.approximate else "") + f"截止：{deadline.what}", lines)


@dataclass(frozen=True)
class NoticeEvents:
    """One notice's events, each as the text it has in any calendar: a notice's part of ``calendar.ics``."""

    period: bytes | None
    deadlines: dict[int, bytes]  # by the deadline's position in the notice


def notice_events(site: Site, notice: Notice) -> NoticeEvents:
    deadlines = {index: deadline_event(site, DeadlineEntry(notice, deadline, index))
                 for index, deadline in enumerate(notice.front.deadlines, start=1)}
    return NoticeEvents(period_event(site, notice), deadlines)


def _calendar(site: Site, name: str, events: list[bytes]) -> bytes:
    """A calendar around its events."""
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{text(PRODID)}", "CALSCALE:GREGORIAN",
            f"X-WR-CALNAME:{text(name)}"]
    return ("\r\n".join(fold(line) for line in head) + "\r\n").encode("utf-8") + b"".join(events) \
        + b"END:VCALENDAR\r\n"


def notice_files(site: Site, c: Collections, notice: Notice) -> NoticeFiles:
    events = notice_events(site, notice)
    order = sorted(events.deadlines, key=lambda index: (notice.front.deadlines[index - 1].date, index))
    own = ([events.period] if events.period else []) + [events.deadlines[index] for index in order]
    return NoticeFiles([(f"{notice.path}calendar.ics", _calendar(site, notice.front.title, own))], part=events)


def _last_day(notice: Notice) -> dt.date:
    """The last day of a notice's campaign period (the period event's end)."""
    dates = notice.front.dates
    return dates.end or dates.start


def site_files(site: Site, c: Collections, parts: dict[str, NoticeEvents]) -> Iterable[tuple[str, bytes]]:
    since = c.recent_since
    periods = [parts[notice.key].period for notice in c.notices
               if parts[notice.key].period and _last_day(notice) >= since]
    deadlines = [parts[entry.notice.key].deadlines[entry.index] for entry in c.deadlines
                 if entry.deadline.date >= since]
    yield "calendar.ics", _calendar(site, site.config.title, periods + deadlines)
    for year, notices in c.years.items():
        periods = [parts[notice.key].period for notice in notices if parts[notice.key].period]
        deadlines = [parts[entry.notice.key].deadlines[entry.index] for entry in c.year_deadlines[year]]
        yield f"{year}/calendar.ics", _calendar(site, f"{site.config.title} · {year}年", periods + deadlines)
