"""No published file grows with the archive (issue 18): sitemaps (an index, at most 50,000 addresses each,
full addresses only, valid against the sitemaps.org schema), the deadlines page, the site calendar,
the feed and the JSON index each hold a window or a year."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING

import feedparser
import pytest
from icalendar import Calendar
from lxml import etree

from generator.build import Options, load_all
from generator.collect import collect, months_before

if TYPE_CHECKING:
    from conftest import Project

SCHEMAS = Path(__file__).resolve().parent / "schemas"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


def notice(year: int, month: int, day: int, deadlines: list[str] = (), title: str = "") -> str:
    """A small notice issued on the given day, with deadlines on the dates given (YYYY-MM-DD)."""
    lines = ["---", f"title: {title or f'关于举办{year}年{month}月{day}日科普活动的通知'}",
             f"issued: {year}-{month:02d}-{day:02d}", "issuers: [渭南市科学技术协会]", "region: weinan"]
    if deadlines:
        lines.append("deadlines:")
        for number, date in enumerate(deadlines, start=1):
            lines += [f"  - date: {date}", f"    what: 第{number}项材料"]
    return "\n".join(lines + ["---", "正文。", ""])


def schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def valid(xsd: etree.XMLSchema, data: bytes) -> bool:
    ok = xsd.validate(etree.fromstring(data))
    assert ok, xsd.error_log
    return ok


def html_pages(output: Path) -> set[str]:
    return {"/" + p.relative_to(output).as_posix().removesuffix("index.html") for p in output.rglob("*.html")
            if p.name != "404.html"}


def sitemap_entries(output: Path, prefix: str) -> dict[str, str | None]:
    """Every address the sitemap index leads to (made relative to ``prefix``), with its lastmod; each
    sitemap and the index checked against the schemas on the way."""
    urlset, siteindex = schema("sitemap.xsd"), schema("siteindex.xsd")
    raw = (output / "sitemap.xml").read_bytes()
    valid(siteindex, raw)
    found: dict[str, str | None] = {}
    named = []
    for entry in ET.fromstring(raw).findall(f"{SM}sitemap"):
        loc = entry.findtext(f"{SM}loc")
        assert loc.startswith(prefix), loc
        named.append(loc.removeprefix(prefix))
        data = (output / loc.removeprefix(prefix)).read_bytes()
        valid(urlset, data)
        for url in ET.fromstring(data).findall(f"{SM}url"):
            address = url.findtext(f"{SM}loc")
            assert address.startswith(prefix) and address not in found, address
            found[address.removeprefix(prefix)] = url.findtext(f"{SM}lastmod")
    assert sorted(named) == sorted(p.relative_to(output).as_posix() for p in (output / "sitemaps").iterdir())
    return found


def two_years(project: "Project") -> None:
    project.write("2021/older.md", notice(2021, 5, 10, ["2021-06-01"]))
    project.write("2022/campaign.md", notice(2022, 8, 10, ["2022-09-10"]).replace(
        "---\n正文", "annexes:\n  - kind: table\n    title: 汇总表\n    columns: [序号, 名称]\n---\n正文"))


# ---- sitemaps ---------------------------------------------------------------------------------


def test_sitemaps_are_an_index_of_valid_sitemaps_listing_every_page_once(project: "Project"):
    two_years(project)
    assert project.build("--base-url", "https://kx.example.cn/notices/").code == 0
    found = sitemap_entries(project.output, "https://kx.example.cn/notices/")
    assert {"/" + path for path in found} == html_pages(project.output)
    assert found["2022/campaign/"] == found["2022/campaign/annex-1/"] == "2022-08-10"
    assert found[""] is None
    sitemaps = sorted(p.name for p in (project.output / "sitemaps").iterdir())
    assert sitemaps == ["2021.xml", "2022.xml", "site.xml"]
    year = (project.output / "sitemaps" / "2021.xml").read_text(encoding="utf-8")
    assert "/2021/older/" in year and "/deadlines/2021/" in year and "/2022/" not in year
    robots = (project.output / "robots.txt").read_text(encoding="utf-8")
    assert robots == "User-agent: *\nDisallow:\n\nSitemap: https://kx.example.cn/notices/sitemap.xml\n"


def test_the_schema_refuses_what_the_protocol_refuses(project: "Project"):
    """The test's schema is not vacuous: a relative address, a repeated one and a bad date fail it."""
    two_years(project)
    assert project.build("--base-url", "https://kx.example.cn/").code == 0
    good = (project.output / "sitemaps" / "2022.xml").read_bytes()
    urlset = schema("sitemap.xsd")
    assert valid(urlset, good)
    for bad in (good.replace(b"https://kx.example.cn/", b"/"),
                good.replace(b"</urlset>", b"<url><loc>https://kx.example.cn/2022/</loc></url></urlset>"),
                good.replace(b"2022-08-10", b"2022-8-10"),
                b"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                + b"<url><loc>https://kx.example.cn/a</loc></url>" * 50_001 + b"</urlset>"):
        assert not urlset.validate(etree.fromstring(bad))
    assert not schema("siteindex.xsd").validate(etree.fromstring(good))


def test_a_path_base_url_with_origin_gives_full_addresses(project: "Project"):
    site = project.content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("base_url: /", "base_url: /notices/\n"
                                                             "origin: https://kx.example.cn"), encoding="utf-8")
    two_years(project)
    result = project.build()
    assert result.code == 0 and "warning" not in result.err
    found = sitemap_entries(project.output, "https://kx.example.cn/notices/")
    assert {"/" + path for path in found} == html_pages(project.output)
    assert "Sitemap: https://kx.example.cn/notices/sitemap.xml\n" in (project.output / "robots.txt").read_text()
    # links in pages stay path-absolute: the site works from any host
    assert 'href="/notices/2022/campaign/"' in (project.output / "index.html").read_text(encoding="utf-8")


def test_origin_makes_feeds_calendars_and_the_api_as_absolute_as_a_full_base_url(project: "Project"):
    """A path-only base_url under origin gives every file the bytes a full base_url gives: feed links
    and ids, calendar URL and DESCRIPTION lines, the API's addresses, canonical links."""
    two_years(project)
    assert project.build("--no-search", "--base-url", "https://kx.example.cn/notices/").code == 0
    full = {p.relative_to(project.output).as_posix(): p.read_bytes() for p in project.output.rglob("*") if p.is_file()}
    site = project.content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("base_url: /", "base_url: /notices/\n"
                                                             "origin: https://kx.example.cn"), encoding="utf-8")
    assert project.build("--no-search").code == 0
    under_origin = {p.relative_to(project.output).as_posix(): p.read_bytes()
                    for p in project.output.rglob("*") if p.is_file()}
    assert sorted(under_origin) == sorted(full)
    assert [path for path in sorted(full) if under_origin[path] != full[path]] == []
    feed = feedparser.parse(under_origin["feed.xml"])
    assert feed.entries[0].link.startswith("https://kx.example.cn/notices/20")
    assert "URL:https://kx.example.cn/notices/2022/campaign/" in b"".join(
        data for path, data in under_origin.items() if path.endswith(".ics")).decode("utf-8")
    api = json.loads(under_origin["api/notices/campaign.json"])
    assert api["url"] == "https://kx.example.cn/notices/2022/campaign/"


def test_a_path_base_url_without_origin_gets_no_sitemap_and_a_warning(project: "Project"):
    two_years(project)
    result = project.build()
    assert result.code == 0
    assert "warning: no sitemap.xml (the list of pages for search engines): base_url `/` is a path" in result.err
    assert "Add a line such as `origin: https://kx.example.cn` with the site's own domain to content/site.yaml." \
        in result.err
    assert result.err.count("warning") == 1
    assert not (project.output / "sitemap.xml").exists() and not (project.output / "sitemaps").exists()
    assert (project.output / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nDisallow:\n"
    # said once: the next builds into that output, an edit among them, do not say it again
    assert "warning" not in project.build().err
    project.write("2022/campaign.md", (project.content / "2022" / "campaign.md").read_text(encoding="utf-8")
                  .replace("正文。", "修改后的正文。"))
    edited = project.build()
    assert edited.code == 0 and "warning" not in edited.err
    # adding the origin later writes them
    site = project.content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "origin: http://localhost:8000/\n", encoding="utf-8")
    result = project.build()
    assert result.code == 0 and "warning" not in result.err
    assert sitemap_entries(project.output, "http://localhost:8000/")


@pytest.mark.parametrize("line, message", [
    ("origin: https://kx.example.cn/notices/", "no path: the path is base_url's"),
    ("origin: kx.example.cn", "expected the scheme and host"),
    ("origin: https://kx.example.cn\nbase_url: https://other.example.cn/", "is not the host of base_url"),
])
def test_a_wrong_origin_is_refused_with_its_line(project: "Project", line, message):
    site = project.content / "site.yaml"
    text = site.read_text(encoding="utf-8")
    if "base_url: https" in line:
        text = text.replace("base_url: /\n", "")
    site.write_text(text + line + "\n", encoding="utf-8")
    origin_line = (text + line).splitlines().index(line.splitlines()[0]) + 1
    two_years(project)
    result = project.build("--no-search")
    assert result.code == 1 and "Traceback" not in result.err
    assert f"content/site.yaml:{origin_line} [origin]" in result.err and message in result.err, result.err
    assert not (project.output / "robots.txt").exists()


def test_sitemaps_split_at_the_limit(project: "Project"):
    from generator.outputs import sitemap
    two_years(project)
    for day in range(1, 6):
        project.write(f"2022/extra-{day}.md", notice(2022, 3, day))
    site, notices, _ = load_all(Options(content=project.content, themes=project.root / "themes",
                                        base_url="https://kx.example.cn/", today=dt.date(2022, 9, 1)))
    c = collect(site, notices, dt.date(2022, 9, 1))
    whole = dict(sitemap.sitemaps(site, c))
    split = dict(sitemap.sitemaps(site, c, limit=3))
    urlset = schema("sitemap.xsd")
    valid(schema("siteindex.xsd"), split["sitemap.xml"])

    def addresses(files: dict[str, bytes]) -> list[str]:
        listed = []
        for path, data in files.items():
            if path != "sitemap.xml":
                entries = ET.fromstring(data).findall(f"{SM}url")
                assert valid(urlset, data) and 1 <= len(entries) <= (3 if files is split else 50_000)
                listed += [entry.findtext(f"{SM}loc") for entry in entries]
        return listed

    assert sorted(addresses(split)) == sorted(addresses(whole))
    assert {"sitemaps/2022.xml", "sitemaps/2022-2.xml", "sitemaps/2022-3.xml", "sitemaps/site-2.xml"} <= set(split)
    index = [loc.text for loc in ET.fromstring(split["sitemap.xml"]).iter(f"{SM}loc")]
    assert sorted(index) == sorted(f"https://kx.example.cn/{path}" for path in split if path != "sitemap.xml")


# ---- windows: the feed, the calendar, the deadlines page, the JSON index ------------------------


def many(project: "Project") -> None:
    """55 notices of 2022 (one a day from 1 March), 3 of 2021, 1 of 2020: more than the feed's 50."""
    for number in range(55):
        day = dt.date(2022, 3, 1) + dt.timedelta(days=number)
        project.write(f"2022/n{number:02d}.md", notice(2022, day.month, day.day))
    for number, month in enumerate([2, 6, 11]):
        project.write(f"2021/m{number}.md", notice(2021, month, 3))
    project.write("2020/old.md", notice(2020, 4, 1))


def test_the_feed_holds_the_newest_50_and_each_year_has_its_own(project: "Project"):
    many(project)
    assert project.build("--no-search").code == 0
    feed = feedparser.parse((project.output / "feed.xml").read_bytes())
    assert not feed.bozo and len(feed.entries) == 50
    assert feed.entries[0].link.endswith("/2022/n54/") and feed.entries[-1].link.endswith("/2022/n05/")
    years = {}
    for year, count in ((2022, 55), (2021, 3), (2020, 1)):
        raw = (project.output / str(year) / "feed.xml").read_bytes()
        parsed = feedparser.parse(raw)
        assert not parsed.bozo and len(parsed.entries) == count
        assert all(f"/{year}/" in entry.link for entry in parsed.entries)
        root = ET.fromstring(raw)
        assert root.findtext(f"{ATOM}title") == f"测试站点 · {year}年"
        links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
        assert links == {"self": f"/{year}/feed.xml", "alternate": f"/{year}/"}
        years[year] = {entry.id for entry in parsed.entries}
        page = (project.output / str(year) / "index.html").read_text(encoding="utf-8")
        assert f'<link rel="alternate" type="application/atom+xml" title="测试站点 · {year}年" ' \
               f'href="/{year}/feed.xml">' in page
    # an entry is the same in every feed that holds it
    assert {entry.id for entry in feed.entries} <= years[2022]
    site_entry = (project.output / "feed.xml").read_text(encoding="utf-8").split("<entry>")[1].split("</entry>")[0]
    assert site_entry in (project.output / "2022" / "feed.xml").read_text(encoding="utf-8")
    assert len({feed.feed.id, *(feedparser.parse((project.output / str(y) / "feed.xml").read_bytes()).feed.id
                                for y in years)}) == 4


def test_the_json_index_is_small_and_each_year_has_one(project: "Project"):
    many(project)
    assert project.build("--no-search").code == 0
    index = json.loads((project.output / "api" / "notices.json").read_bytes())
    assert index["count"] == 59 and len(index["latest"]) == 50
    assert index["years"] == [{"year": year, "count": count, "index": f"/api/years/{year}.json"}
                              for year, count in ((2022, 55), (2021, 3), (2020, 1))]
    assert index["latest"][0]["slug"] == "n54"
    seen = []
    for entry in index["years"]:
        year = json.loads((project.output / entry["index"].lstrip("/")).read_bytes())
        assert year["year"] == entry["year"] and year["count"] == entry["count"] == len(year["notices"])
        assert all(n["year"] == entry["year"] for n in year["notices"])
        seen += year["notices"]
    assert len(seen) == 59 and seen[:50] == index["latest"]
    for summary in seen:  # every notice's data is where its entry says
        assert (project.output / summary["data"].lstrip("/")).is_file()


DEADLINES = {  # notice → its deadlines, for today = 2022-09-01 (twelve months back: 2021-09-01)
    "2022/soon.md": notice(2022, 8, 1, ["2022-09-05", "2022-08-20"]),
    "2021/last-year.md": notice(2021, 8, 1, ["2021-09-01", "2021-08-31"]),
    "2020/long-ago.md": notice(2020, 5, 1, ["2020-06-01"]),
}


def uids(path: Path) -> dict[str, bytes]:
    """Each event's UID → the event's exact text."""
    raw = path.read_bytes()
    events = {}
    for chunk in raw.split(b"BEGIN:VEVENT\r\n")[1:]:
        body = chunk.split(b"END:VEVENT\r\n")[0]
        uid = Calendar.from_ical(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n" + body + b"END:VEVENT\r\nEND:VCALENDAR\r\n")
        events[str(uid.walk("VEVENT")[0]["UID"])] = body
    return events


def test_the_site_calendar_holds_upcoming_and_the_last_twelve_months(project: "Project"):
    for path, text in DEADLINES.items():
        project.write(path, text)
    assert project.build("--no-search").code == 0
    site_events = uids(project.output / "calendar.ics")
    assert sorted(site_events) == ["deadline-1@last-year", "deadline-1@soon", "deadline-2@soon"]
    every = {}
    for year, expected in ((2022, {"deadline-1@soon", "deadline-2@soon"}),
                           (2021, {"deadline-1@last-year", "deadline-2@last-year"}),
                           (2020, {"deadline-1@long-ago"})):
        events = uids(project.output / str(year) / "calendar.ics")
        assert set(events) == expected
        every.update(events)
    for uid, text in site_events.items():  # the same event, the same text and UID, wherever it is written
        assert every[uid] == text
        slug = uid.split("@")[1]
        own = uids(next(project.output.glob(f"*/{slug}/calendar.ics")))
        assert own[uid] == text
    # a later "today" moves the window; the years' calendars stay as they were
    year_before = (project.output / "2021" / "calendar.ics").read_bytes()
    assert project.run("build", "--today", "2022-09-02", "--no-search").code == 0
    assert sorted(uids(project.output / "calendar.ics")) == ["deadline-1@soon", "deadline-2@soon"]
    assert (project.output / "2021" / "calendar.ics").read_bytes() == year_before


def test_the_deadlines_page_shows_upcoming_and_recent_and_links_every_year(project: "Project"):
    for path, text in DEADLINES.items():
        project.write(path, text)
    assert project.build("--no-search").code == 0
    page = (project.output / "deadlines" / "index.html").read_text(encoding="utf-8")
    upcoming, past = page.split('id="past-heading"')
    assert upcoming.count("<li") >= 1 and 'datetime="2022-09-05"' in upcoming
    assert 'datetime="2022-08-20"' in past and 'datetime="2021-09-01"' in past
    assert 'datetime="2021-08-31"' not in page and 'datetime="2020-06-01"' not in page
    for year in (2022, 2021, 2020):
        assert f'href="/deadlines/{year}/"' in page
    year_page = (project.output / "deadlines" / "2021" / "index.html").read_text(encoding="utf-8")
    assert 'datetime="2021-08-31"' in year_page and 'datetime="2021-09-01"' in year_page
    assert 'href="/2021/calendar.ics"' in year_page
    assert 'href="/deadlines/2021/"' in (project.output / "2021" / "index.html").read_text(encoding="utf-8")


def test_windows_are_bounded_however_many_deadlines(project: "Project", monkeypatch: pytest.MonkeyPatch):
    """The page holds at most its counts; a year's deadlines go over pages; nothing is lost."""
    from generator import render
    monkeypatch.setattr(render, "UPCOMING_SHOWN", 3)
    monkeypatch.setattr(render, "RECENT_SHOWN", 2)
    monkeypatch.setattr(render, "DEADLINES_PER_PAGE", 4)
    dates = [f"2022-{month:02d}-{day:02d}" for month in (7, 10) for day in (3, 6, 9, 12)]
    project.write("2022/many.md", notice(2022, 6, 1, dates))
    assert project.build("--no-search", "--jobs", "1").code == 0
    page = (project.output / "deadlines" / "index.html").read_text(encoding="utf-8")
    upcoming, past = page.split('id="past-heading"')
    assert upcoming.count("<time") == 3 and "另有 1 项未到期的截止事项" in upcoming
    assert past.count("<time") == 2 and 'datetime="2022-07-12"' in past and 'datetime="2022-07-09"' in past
    first = (project.output / "deadlines" / "2022" / "index.html").read_text(encoding="utf-8")
    second = (project.output / "deadlines" / "2022" / "page" / "2" / "index.html").read_text(encoding="utf-8")
    assert first.count("<time") == second.count("<time") == 4
    assert not (project.output / "deadlines" / "2022" / "page" / "3").exists()
    assert 'href="/deadlines/2022/page/2/"' in first


def test_months_before_keeps_the_day_or_takes_the_months_last():
    assert months_before(dt.date(2025, 6, 1), 12) == dt.date(2024, 6, 1)
    assert months_before(dt.date(2024, 2, 29), 12) == dt.date(2023, 2, 28)
    assert months_before(dt.date(2025, 3, 31), 1) == dt.date(2025, 2, 28)
    assert months_before(dt.date(2025, 1, 15), 1) == dt.date(2024, 12, 15)
    assert months_before(dt.date(2025, 12, 31), 12) == dt.date(2024, 12, 31)


def test_the_same_date_gives_the_same_bytes(project: "Project", tmp_path: Path):
    """The windows come from --today (or the site's date), never the hour: two builds of a day are equal."""
    for path, text in DEADLINES.items():
        project.write(path, text)
    assert project.build("--no-search", "--no-cache").code == 0
    first = {p.relative_to(project.output): p.read_bytes() for p in project.output.rglob("*") if p.is_file()}
    assert project.build("--no-search", "--no-cache", "--full", "--output", str(tmp_path / "again")).code == 0
    second = {p.relative_to(tmp_path / "again"): p.read_bytes() for p in (tmp_path / "again").rglob("*")
              if p.is_file()}
    assert first == second
