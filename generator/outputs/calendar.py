"""``calendar.ics`` for the site and ``<year>/<slug>/calendar.ics`` per notice (RFC 5545).

Each notice's campaign period and each of its deadlines is an all-day event.
UIDs come from the notice's slug and the deadline's position, so a subscribed
calendar updates its events instead of duplicating them; DTSTAMP is the
notice's date, never the clock, so two builds are byte-identical.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Iterable

from icalendar import Calendar, Event

from ..collect import Collections, DeadlineEntry
from ..config import Site
from ..notice import Dates, Notice
from ..render import cn_date, period
from .parts import NoticeFiles
from .urls import host, is_absolute, url

PRODID = "-//campaign-notices//static site generator//ZH"
_SHORT_TITLE = re.compile(r"关于(?:组织开展|举办|开展|组织)?(.+?)的?通知$")


def short_title(notice: Notice) -> str:
    """关于举办2022年渭南市全国科普日活动的通知 → 2022年渭南市全国科普日活动."""
    match = _SHORT_TITLE.search(notice.front.title)
    return match.group(1) if match else notice.front.title


def _uid(site: Site, notice: Notice, name: str) -> str:
    domain = host(site)
    return f"{name}@{notice.slug}.{domain}" if domain else f"{name}@{notice.slug}"


def _event(site: Site, notice: Notice, name: str, start: dt.date, end: dt.date, summary: str,
           lines: list[str]) -> Event:
    """An all-day event from ``start`` to ``end`` inclusive."""
    notice_url = url(site, notice.path)
    event = Event()
    event.add("uid", _uid(site, notice, name))
    dated = notice.date  # not the clock: two builds must be byte-identical
    event.add("dtstamp", dt.datetime(dated.year, dated.month, dated.day, tzinfo=dt.timezone.utc))
    event.add("dtstart", start)
    event.add("dtend", end + dt.timedelta(days=1))  # DTEND of an all-day event is exclusive
    event.add("summary", summary)
    event.add("description", "\n".join([*lines, f"通知：{notice.front.title}", notice_url]))
    if is_absolute(site):  # a URL property must be a full URI; a bare path stays in the description
        event.add("url", notice_url)
    event.add("transp", "TRANSPARENT")  # a deadline does not make the day busy
    return event


def period_event(site: Site, notice: Notice) -> Event | None:
    """The campaign period, when the notice gives exact dates (a vague `label` is no event)."""
    dates = notice.front.dates
    if dates is None or dates.start is None:
        return None
    lines = [f"主题：{notice.front.theme}"] if notice.front.theme else []
    lines.append(f"时间：{period(dates)}")
    if notice.front.summary:
        lines.append(notice.front.summary)
    return _event(site, notice, "period", dates.start, dates.end or dates.start,
                  f"{short_title(notice)}（{period(dates)}）", lines)


def deadline_event(site: Site, entry: DeadlineEntry) -> Event:
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
    if deadline.start is not None:
        lines.append(f"期间：{period(Dates(start=deadline.start, end=deadline.date))}")
    lines.append(f"截止：{cn_date(deadline.date)}")
    if deadline.note:
        lines.append(f"备注：{deadline.note}")
    return _event(site, notice, f"deadline-{entry.index}", deadline.date, deadline.date,
                  f"截止：{deadline.what}", lines)


@dataclass(frozen=True)
class NoticeEvents:
    """One notice's events, each as the text it has in any calendar: a notice's part of ``calendar.ics``."""

    period: bytes | None
    deadlines: dict[int, bytes]  # by the deadline's position in the notice


def notice_events(site: Site, notice: Notice) -> NoticeEvents:
    period = period_event(site, notice)
    deadlines = {index: deadline_event(site, DeadlineEntry(notice, deadline, index)).to_ical()
                 for index, deadline in enumerate(notice.front.deadlines, start=1)}
    return NoticeEvents(period.to_ical() if period is not None else None, deadlines)


def _calendar(site: Site, name: str, events: list[bytes]) -> bytes:
    """A calendar around events already written: the same text icalendar writes for the whole."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    empty = calendar.to_ical()
    end = b"END:VCALENDAR\r\n"
    assert empty.endswith(end)
    return empty[:-len(end)] + b"".join(events) + end


def notice_files(site: Site, c: Collections, notice: Notice) -> NoticeFiles:
    events = notice_events(site, notice)
    order = sorted(events.deadlines, key=lambda index: (notice.front.deadlines[index - 1].date, index))
    own = ([events.period] if events.period else []) + [events.deadlines[index] for index in order]
    return NoticeFiles([(f"{notice.path}calendar.ics", _calendar(site, notice.front.title, own))], part=events)


def site_files(site: Site, c: Collections, parts: dict[str, NoticeEvents]) -> Iterable[tuple[str, bytes]]:
    periods = [parts[notice.key].period for notice in c.notices if parts[notice.key].period]
    deadlines = [parts[entry.notice.key].deadlines[entry.index] for entry in c.deadlines]
    yield "calendar.ics", _calendar(site, site.config.title, periods + deadlines)
