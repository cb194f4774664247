"""``sitemap.xml`` (sitemaps.org 0.9) of every HTML page, and ``robots.txt`` pointing at it.

The page list is :func:`generator.render.pages`, so a new page kind is in the
sitemap without an edit here. A notice's pages (the notice and its annexes)
carry the notice's date as ``lastmod``: the only date a build knows without
the clock.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Iterable

from ..collect import Collections
from ..config import Site
from ..render import pages
from ..urls import url

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
NOT_LISTED = {"404.html"}


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


def sitemap(site: Site, c: Collections) -> bytes:
    by_path = {notice.path: notice for notice in c.notices}
    root = ET.Element("urlset", xmlns=SITEMAP)  # declared as an attribute, as in feed.py
    for path in page_paths(site, c):
        entry = ET.SubElement(root, "url")
        ET.SubElement(entry, "loc").text = url(site, path)
        # a notice's pages live under its <year>/<slug>/
        notice = by_path.get("/".join(path.split("/")[:2]) + "/")
        if notice is not None:
            ET.SubElement(entry, "lastmod").text = notice.date.isoformat()
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def robots(site: Site) -> bytes:
    return f"User-agent: *\nDisallow:\n\nSitemap: {url(site, 'sitemap.xml')}\n".encode("utf-8")


def site_files(site: Site, c: Collections, parts: dict) -> Iterable[tuple[str, bytes]]:
    yield "sitemap.xml", sitemap(site, c)
    yield "robots.txt", robots(site)
