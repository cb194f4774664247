"""The calendar, Atom feed, sitemap and robots.txt, read back with real parsers."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING

import feedparser
from icalendar import Calendar

from generator.build import Options, build, load_all

if TYPE_CHECKING:  # the `project` fixture comes from tests/conftest.py; importing it by name is ambiguous
    from conftest import Project  # while tests/site/ has a conftest.py too

REPO = Path(__file__).resolve().parent.parent

ATOM = "{http://www.w3.org/2005/Atom}"

CAMPAIGN = """\
---
title: 关于举办2022年渭南市全国科普日活动的通知
issued: 2022-08-10
issuers: [渭南市科学技术协会]
region: weinan
campaign: kepuri
theme: 喜迎二十大，科普向未来
dates: {start: 2022-09-15, end: 2022-09-21}
summary: 9月15日至21日在全市集中开展。
deadlines:
  - start: 2022-08-15
    date: 2022-09-25
    what: 注册并填报活动内容信息
    who: 各活动举办单位
  - date: 2022-09-10
    what: 计划开展的重点活动汇总
    to: 市科协科普部
    annex: 1
    note: 电子版发送至邮箱
annexes:
  - kind: table
    title: 渭南市2022年全国科普日活动项目汇总表
    columns: [序号, 项目名称]
---
## 一、主题和时间
"""

VAGUE = """\
---
title: 关于开展2022年科技活动周活动的通知
issued: 2022-05-24
issuers: [渭南市科学技术协会]
region: weinan
theme: 走进科技、你我同行
dates: {label: 2022年5月中旬—6月上旬}
deadlines:
  - date: 2022-06-20
    what: 活动总结
---
正文。
"""


def read_calendar(path: Path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def events(calendar: Calendar) -> dict[str, object]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def build_two(project: Project, *args: str) -> None:
    project.write("2022/campaign.md", CAMPAIGN)
    project.write("2022/vague.md", VAGUE)
    assert project.build(*args).code == 0


# ---- calendar ---------------------------------------------------------------

def test_calendar_is_an_rfc5545_calendar_named_after_the_site(project: Project):
    build_two(project)
    raw = (project.output / "calendar.ics").read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # folded in octets, CJK included
    calendar = read_calendar(project.output / "calendar.ics")
    assert calendar.name == "VCALENDAR"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"])
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["X-WR-CALNAME"]) == "测试站点"


def test_campaign_period_is_an_all_day_event_with_exclusive_end(project: Project):
    build_two(project)
    period = events(read_calendar(project.output / "calendar.ics"))["period@campaign"]
    assert period.decoded("DTSTART") == dt.date(2022, 9, 15)
    assert period.decoded("DTEND") == dt.date(2022, 9, 22)
    assert str(period["SUMMARY"]) == "2022年渭南市全国科普日活动（2022年9月15日至21日）"
    assert "喜迎二十大，科普向未来" in str(period["DESCRIPTION"])
    raw = (project.output / "calendar.ics").read_text(encoding="utf-8")
    assert "DTSTART;VALUE=DATE:20220915" in raw and "DTEND;VALUE=DATE:20220922" in raw


def test_a_vague_period_label_is_an_all_day_span_marked_approximate(project: Project):
    build_two(project)
    found = events(read_calendar(project.output / "calendar.ics"))
    period = found["period@vague"]  # 5月中旬—6月上旬: 11 May to 10 June
    assert period.decoded("DTSTART") == dt.date(2022, 5, 11) and period.decoded("DTEND") == dt.date(2022, 6, 11)
    assert str(period["SUMMARY"]) == "〔约〕2022年科技活动周活动（2022年5月中旬—6月上旬）"
    assert "约数：原文时间不确切，按2022年5月11日至2022年6月10日计" in str(period["DESCRIPTION"])
    assert found["deadline-1@vague"].decoded("DTSTART") == dt.date(2022, 6, 20)


def test_deadline_events_fall_on_the_due_date_and_say_what_who_whom_and_which_annex(project: Project):
    build_two(project)
    found = events(read_calendar(project.output / "calendar.ics"))
    window = found["deadline-1@campaign"]
    assert window.decoded("DTSTART") == dt.date(2022, 9, 25)  # the due date, not the window's opening
    assert window.decoded("DTEND") == dt.date(2022, 9, 26)
    assert str(window["SUMMARY"]) == "截止：注册并填报活动内容信息"
    assert "各活动举办单位" in str(window["DESCRIPTION"])
    assert "2022年8月15日至9月25日" in str(window["DESCRIPTION"])

    summary_table = found["deadline-2@campaign"]
    assert summary_table.decoded("DTSTART") == dt.date(2022, 9, 10)
    assert str(summary_table["SUMMARY"]) == "截止：计划开展的重点活动汇总"
    description = str(summary_table["DESCRIPTION"])
    for expected in ("计划开展的重点活动汇总", "市科协科普部", "附件1", "渭南市2022年全国科普日活动项目汇总表",
                     "/2022/campaign/annex-1/", "电子版发送至邮箱",
                     "关于举办2022年渭南市全国科普日活动的通知", "/2022/campaign/"):
        assert expected in description
    for event in found.values():
        start = event.decoded("DTSTART")
        assert isinstance(start, dt.date) and not isinstance(start, dt.datetime)
        assert event["DTSTART"].params.get("VALUE") == "DATE"


def test_uids_are_unique_and_stable_across_builds_and_new_notices(project: Project):
    build_two(project)
    raw = (project.output / "calendar.ics").read_bytes()
    calendar = read_calendar(project.output / "calendar.ics")
    uids = [str(event["UID"]) for event in calendar.walk("VEVENT")]
    assert len(uids) == len(set(uids)) == 5  # two periods (one approximate), three deadlines

    assert project.build().code == 0
    assert (project.output / "calendar.ics").read_bytes() == raw  # DTSTAMP is not the clock

    project.write("2022/another.md", CAMPAIGN.replace("渭南市全国", "渭南市第二次全国"))
    assert project.build().code == 0
    after = [str(event["UID"]) for event in read_calendar(project.output / "calendar.ics").walk("VEVENT")]
    assert set(uids) < set(after) and len(after) == len(set(after)) == 8


def test_each_notice_has_a_calendar_of_its_own_events(project: Project):
    build_two(project)
    calendar = read_calendar(project.output / "2022" / "campaign" / "calendar.ics")
    assert str(calendar["X-WR-CALNAME"]) == "关于举办2022年渭南市全国科普日活动的通知"
    assert set(events(calendar)) == {"period@campaign", "deadline-1@campaign", "deadline-2@campaign"}
    vague = read_calendar(project.output / "2022" / "vague" / "calendar.ics")
    assert set(events(vague)) == {"period@vague", "deadline-1@vague"}


def test_calendar_urls_follow_the_base_url(project: Project):
    build_two(project, "--base-url", "/notices/")
    event = events(read_calendar(project.output / "calendar.ics"))["deadline-2@campaign"]
    assert "/notices/2022/campaign/" in str(event["DESCRIPTION"])
    assert "URL" not in event  # an iCalendar URL must be a full URI; a bare path is only described

    assert project.build("--base-url", "https://kx.example.cn/notices/").code == 0
    found = events(read_calendar(project.output / "calendar.ics"))
    event = found["deadline-2@campaign.kx.example.cn"]
    assert str(event["URL"]) == "https://kx.example.cn/notices/2022/campaign/"
    assert "https://kx.example.cn/notices/2022/campaign/annex-1/" in str(event["DESCRIPTION"])


# ---- Atom feed --------------------------------------------------------------

def test_feed_is_atom_that_feedparser_reads_without_complaint(project: Project):
    build_two(project, "--base-url", "https://kx.example.cn/notices/")
    feed = feedparser.parse((project.output / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "测试站点"
    assert feed.feed.updated_parsed[:3] == (2022, 8, 9)  # 2022-08-10T00:00+08:00, in UTC
    assert [e.title for e in feed.entries] == ["关于举办2022年渭南市全国科普日活动的通知",
                                               "关于开展2022年科技活动周活动的通知"]
    first = feed.entries[0]
    assert first.link == "https://kx.example.cn/notices/2022/campaign/"
    assert first.id == "tag:kx.example.cn,2022:/notices/2022/campaign/"  # stable: not the title, not a date
    assert first.summary == "9月15日至21日在全市集中开展。"
    assert [(t.term, t.label) for t in first.tags] == [("kepuri", "全国科普日")]
    assert feed.entries[1].summary == "主题：走进科技、你我同行；时间：2022年5月中旬—6月上旬"
    assert "tags" not in feed.entries[1]


def test_feed_has_the_required_atom_elements(project: Project):
    build_two(project)
    root = ET.fromstring((project.output / "feed.xml").read_bytes())
    assert root.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{tag}") is not None, tag
    assert root.find(f"{ATOM}author/{ATOM}name").text == "测试站点"
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links == {"self": "/feed.xml", "alternate": "/"}
    ids = [root.find(f"{ATOM}id").text]
    for entry in root.findall(f"{ATOM}entry"):
        for tag in ("id", "title", "updated", "published", "summary"):
            assert entry.find(f"{ATOM}{tag}") is not None, tag
        ids.append(entry.find(f"{ATOM}id").text)
        assert ids[-1].startswith("urn:uuid:")  # an Atom id must be an absolute IRI; a bare path is not
    assert len(ids) == len(set(ids)) == 3
    updated = [entry.find(f"{ATOM}updated").text for entry in root.findall(f"{ATOM}entry")]
    assert updated == ["2022-08-10T00:00:00+08:00", "2022-05-24T00:00:00+08:00"]


def test_feed_escapes_markup_in_titles_and_summaries(project: Project):
    project.write("2022/markup.md", CAMPAIGN.replace(
        "title: 关于举办2022年渭南市全国科普日活动的通知", 'title: "<b>R&D</b> 科普日 \\"quoted\\""').replace(
        "summary: 9月15日至21日在全市集中开展。", "summary: 1 < 2 & 3 > 2 ]]> <script>alert(1)</script>"))
    assert project.build().code == 0
    raw = (project.output / "feed.xml").read_bytes()
    assert b"<script>" not in raw and b"<b>" not in raw
    entry = ET.fromstring(raw).find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == '<b>R&D</b> 科普日 "quoted"'
    assert entry.find(f"{ATOM}summary").text == "1 < 2 & 3 > 2 ]]> <script>alert(1)</script>"
    assert not feedparser.parse(raw).bozo


# ---- sitemap and robots.txt: tests/test_bounded.py (an index of sitemaps, checked against the schema)

# ---- the example site -------------------------------------------------------

def test_example_site_calendar_has_every_deadline_of_every_notice(tmp_path: Path):
    options = Options(content=REPO / "content", output=tmp_path / "out", themes=REPO / "themes",
                      future=True, today=dt.date(2030, 1, 1))
    build(options)
    site, notices, _ = load_all(options)
    assert len(notices) >= 5
    host = "." + site.config.base_url.split("/")[2] if site.config.base_url.startswith("http") else ""
    found = {}  # the years' calendars hold every event (the site's, those of the last twelve months)
    for year in {notice.year for notice in notices}:
        found.update(events(read_calendar(options.output / str(year) / "calendar.ics")))
    expected = 0
    for notice in notices:
        own = events(read_calendar(options.output / notice.path / "calendar.ics"))
        for number, deadline in enumerate(notice.front.deadlines, start=1):
            uid = f"deadline-{number}@{notice.slug}{host}"
            for calendar_events in (found, own):
                event = calendar_events[uid]
                # an approximate deadline spans its window (9月中旬: 11–20 September), marked 〔约〕
                first = (deadline.start or deadline.date) if deadline.approximate else deadline.date
                assert event.decoded("DTSTART") == first, uid
                assert event.decoded("DTEND") == deadline.date + dt.timedelta(days=1), uid
                assert str(event["SUMMARY"]) == ("〔约〕" if deadline.approximate else "") + f"截止：{deadline.what}"
                assert notice.front.title in str(event["DESCRIPTION"])
            expected += 1
        if notice.front.dates and notice.front.dates.start:
            assert found[f"period@{notice.slug}{host}"].decoded("DTSTART") == notice.front.dates.start
            expected += 1
    assert expected > len(notices) and len(found) == expected
    feed = feedparser.parse((options.output / "feed.xml").read_bytes())
    assert not feed.bozo and len(feed.entries) == len(notices)  # fewer than 50


# ---- written by hand, as the libraries would write them ------------------------


def test_calendar_text_is_what_icalendar_writes():
    """Escaping and folding of event text follow icalendar exactly (the events are written by hand for speed)."""
    from icalendar import Event

    from generator.outputs.calendar import fold, text
    samples = ["简单", "a,b;c\\d", "line\nbreak\r\nand\rmore", "literal \\N stays a newline", "x" * 200,
               "中" * 80, "a" * 73 + "\\," + "b" * 10, "混合ASCII与中文，" * 12 + "end", "^" * 90, ""]
    for sample in samples:
        event = Event()
        event.add("summary", sample)
        expected = event.to_ical().decode("utf-8").split("\r\n")[1:-2]  # between BEGIN and END
        assert fold(f"SUMMARY:{text(sample)}").split("\r\n") == expected, sample


def test_site_wide_files_assembled_from_parts_equal_the_whole(project: "Project"):
    """notices.json and feed.xml are joined from per-notice parts; the text is what serialising the whole gives."""
    import json

    from generator.outputs import api, feed
    project.write("2022/a.md", CAMPAIGN)
    project.write("2022/b.md", CAMPAIGN.replace("渭南市全国", "渭南市第二次全国").replace("2022-08-10", "2022-08-11"))
    assert project.build().code == 0
    site, notices, _ = load_all(Options(content=project.content, themes=project.root / "themes",
                                        today=dt.date(2022, 9, 1)))
    from generator.collect import collect
    c = collect(site, notices, dt.date(2022, 9, 1))
    whole = [api.summary(site, n) for n in c.notices]
    years = [{"year": 2022, "count": 2, "index": "/api/years/2022.json"}]
    expected = (json.dumps({"site": site.config.title, "count": 2, "years": years, "latest": whole},
                           ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    assert (project.output / "api" / "notices.json").read_bytes() == expected
    expected = (json.dumps({"site": site.config.title, "year": 2022, "count": 2, "notices": whole},
                           ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    assert (project.output / "api" / "years" / "2022.json").read_bytes() == expected
    assert api.joined({"site": "t", "count": 0}, "notices", []) == (
        json.dumps({"site": "t", "count": 0, "notices": []}, indent=2) + "\n").encode()
    # the whole feed built as one tree, the way it was before entries were kept as parts
    root = ET.Element("feed", {"xmlns": feed.ATOM, feed.XML_LANG: site.config.language})
    head = ET.fromstring(feed.feed(site, c.notices, []).decode("utf-8").replace(f' xmlns="{feed.ATOM}"', ""))
    for child in head:
        root.append(child)
    for notice in c.notices:
        root.append(ET.fromstring(feed.entry(site, notice)))
    ET.indent(root)
    whole = ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
    assert (project.output / "feed.xml").read_bytes() == whole


def test_calendar_folding_matches_icalendar_on_any_text():
    from hypothesis import given, settings
    from hypothesis import strategies as st
    from icalendar import Event

    from generator.outputs.calendar import fold, text
    alphabet = st.sampled_from(list("ab ,;\\^:\n中文科普😀é") + ["\\N"])

    @settings(max_examples=300, deadline=None)
    @given(st.lists(alphabet, max_size=200).map("".join))
    def check(sample):
        event = Event()
        event.add("description", sample)
        expected = event.to_ical().decode("utf-8").split("\r\n")[1:-2]
        assert fold(f"DESCRIPTION:{text(sample)}").split("\r\n") == expected

    check()
