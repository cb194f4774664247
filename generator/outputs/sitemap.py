"""Sitemaps (sitemaps.org 0.9) of every HTML page, and ``robots.txt`` pointing at them.

``sitemap.xml`` is a sitemap index: one sitemap a year of notices (``sitemaps/<year>.xml``: the
year's notice and annex pages, its list and deadline pages) and one of the pages made from every
year (``sitemaps/site.xml``), each split in files of at most 50,000 addresses
(``sitemaps/<year>-2.xml`` …), the protocol's limit. The page list is :func:`generator.render.pages`,
so a new page kind is in the sitemaps without an edit here. A notice's pages (the notice and its
annexes) carry the notice's date as ``lastmod``: the only date a build knows without the clock.

Sitemaps hold full addresses only: a site whose ``base_url`` is a path needs ``origin`` in
``site.yaml``; without it no sitemap is written (the build says so) and ``robots.txt`` names none.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Iterable

from ..collect import Collections
from ..config import Site
from ..render import pages
from ..urls import crawler_url, owner_year

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
NOT_LISTED = {"404.html"}
MAX_URLS = 50_000  # addresses in one sitemap (sitemaps.org)


def page_paths(site: Site, c: Collections) -> list[str]:
    """Every page's URL path relative to the site root; ``x/index.html`` is ``x/``."""
    paths = []
    for page in pages(site, c):
        path = page.path
        if path in NOT_LISTED:
            continue
        if path == "index.html" or path.endswith("/index.html"):
            path = path.removesuffix("index.html")
        paths.append(path)
    return paths


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def urlset(site: Site, entries: list[tuple[str, str | None]]) -> bytes:
    """One sitemap of (path, lastmod) entries."""
    root = ET.Element("urlset", xmlns=SITEMAP)  # declared as an attribute, as in feed.py
    for path, lastmod in entries:
        entry = ET.SubElement(root, "url")
        ET.SubElement(entry, "loc").text = crawler_url(site, path)
        if lastmod:
            ET.SubElement(entry, "lastmod").text = lastmod
    return _xml(root)


def groups(site: Site, c: Collections) -> dict[int | None, list[tuple[str, str | None]]]:
    """Each page with its lastmod, by the year of notices it belongs to (None: made from every year)."""
    by_path = {notice.path: notice for notice in c.notices}
    grouped: dict[int | None, list[tuple[str, str | None]]] = {None: []}
    for year in c.years:
        grouped[year] = []
    for path in page_paths(site, c):
        notice = by_path.get("/".join(path.split("/")[:2]) + "/")  # a notice's pages live under its <year>/<slug>/
        grouped.setdefault(owner_year(path), []).append((path, notice.date.isoformat() if notice else None))
    return grouped


def year_sitemaps(site: Site, year: int | None, entries: list[tuple[str, str | None]],
                  limit: int = MAX_URLS) -> list[tuple[str, bytes, str | None]]:
    """One group's sitemaps, at most ``limit`` addresses each: (path, bytes, latest lastmod)."""
    name = "site" if year is None else str(year)
    chunks = [entries[start:start + limit] for start in range(0, len(entries), limit)]
    made = []
    for number, chunk in enumerate(chunks, start=1):
        path = f"sitemaps/{name}.xml" if number == 1 else f"sitemaps/{name}-{number}.xml"
        made.append((path, urlset(site, chunk), max((m for _, m in chunk if m), default=None)))
    return made


def index(site: Site, sitemaps: list[tuple[str, bytes, str | None]]) -> bytes:
    """``sitemap.xml``: the sitemap index naming every sitemap."""
    root = ET.Element("sitemapindex", xmlns=SITEMAP)
    for path, _, lastmod in sitemaps:
        entry = ET.SubElement(root, "sitemap")
        ET.SubElement(entry, "loc").text = crawler_url(site, path)
        if lastmod:
            ET.SubElement(entry, "lastmod").text = lastmod
    return _xml(root)


def sitemaps(site: Site, c: Collections, limit: int = MAX_URLS) -> list[tuple[str, bytes]]:
    """The index and every sitemap; none when the site's full address is not known."""
    if crawler_url(site) is None:
        return []
    made = []
    for year, entries in groups(site, c).items():
        made.extend(year_sitemaps(site, year, entries, limit))
    return [("sitemap.xml", index(site, made))] + [(path, data) for path, data, _ in made]


def robots(site: Site) -> bytes:
    address = crawler_url(site, "sitemap.xml")
    sitemap_line = f"\nSitemap: {address}\n" if address else ""
    return f"User-agent: *\nDisallow:\n{sitemap_line}".encode("utf-8")


def site_files(site: Site, c: Collections, parts: dict) -> Iterable[tuple[str, bytes]]:
    yield from sitemaps(site, c)
    yield "robots.txt", robots(site)
