"""``feed.xml``: an Atom 1.0 feed (RFC 4287) of the newest notices (``LATEST``), newest first, and
``<year>/feed.xml`` of every notice of a year (linked from the year's pages), so no feed grows with
the archive.

Written with ElementTree so every text and attribute is escaped by the XML
writer, not by hand. Times come from the notices' dates, never the clock, so
two builds are byte-identical: ``published`` is the notice's date, ``updated`` the
day it was last corrected (``revised``), so feed readers show a corrected notice again.

Ids never change with what a notice or the site says (titles, dates): an entry is
``tag:<host>,<year>:<path>`` (RFC 4151) from the host of ``base_url`` and the notice's
address, which its year folder and slug make; the feed is the site's address. A site whose
``base_url`` is a path has no host to name, and gets name-based UUIDs of the paths.
"""

from __future__ import annotations

import datetime as dt
import uuid
import xml.etree.ElementTree as ET
from typing import Iterable
from urllib.parse import quote

from ..collect import Collections
from ..config import Site
from ..notice import Notice
from .parts import NoticeFiles
from ..urls import base_path, host, is_absolute, url
from ..wording import period

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
BEIJING = dt.timezone(dt.timedelta(hours=8))  # notices are dated in China Standard Time
EPOCH = dt.date(1970, 1, 1)  # `updated` of a feed with no notices
LATEST = 50  # entries of the site's feed


def _timestamp(date: dt.date) -> str:
    return dt.datetime(date.year, date.month, date.day, tzinfo=BEIJING).isoformat()


def _path_id(site: Site, path: str) -> str:
    """A name-based UUID of a path: Atom ids must be absolute IRIs, which a bare path is not."""
    return uuid.uuid5(uuid.NAMESPACE_URL, url(site, path)).urn


def feed_id(site: Site, page: str = "") -> str:
    """The feed's id: the address of the page it follows (the home page, a year's page)."""
    return url(site, page) if is_absolute(site) else _path_id(site, page)


def entry_id(site: Site, notice: Notice) -> str:
    authority = host(site)
    if not authority:
        return _path_id(site, notice.path)
    return f"tag:{authority},{notice.year}:{quote(base_path(site) + notice.path, safe='/')}"


def _add(parent: ET.Element, tag: str, text: str = "", **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text:
        element.text = text
    return element


def summary(notice: Notice) -> str:
    """The notice's summary, else its theme and period, else its title."""
    front = notice.front
    if front.summary:
        return front.summary
    parts = []
    if front.theme:
        parts.append(f"主题：{front.theme}")
    if front.dates:
        parts.append(f"时间：{period(front.dates, window=False)}")  # as the notice words it
    return "；".join(parts) or front.title


def entry(site: Site, notice: Notice) -> bytes:
    """A notice's ``<entry>`` as it stands in the feed (indented one level): its part of ``feed.xml``."""
    element = ET.Element("entry")
    _add(element, "id", entry_id(site, notice))
    _add(element, "title", notice.front.title)
    _add(element, "updated", _timestamp(notice.changed))
    _add(element, "published", _timestamp(notice.date))
    _add(element, "link", rel="alternate", type="text/html", href=url(site, notice.path))
    if notice.front.campaign:
        _add(element, "category", term=notice.front.campaign, label=site.campaigns[notice.front.campaign].name)
    _add(element, "summary", summary(notice))
    ET.indent(element, level=1)
    return ET.tostring(element, encoding="utf-8")


def feed(site: Site, notices: list[Notice], entries: list[bytes], year: int | None = None) -> bytes:
    """The feed around its entries (those of ``notices``): the text ``ET.indent`` and ``ET.tostring``
    give the whole tree. ``year``: the feed of one year's notices, beside its page."""
    config = site.config
    page = f"{year}/" if year is not None else ""
    # The namespace is declared as an attribute: ElementTree's `default_namespace` refuses the
    # unqualified attributes (rel, href, term) that Atom uses.
    root = ET.Element("feed", {"xmlns": ATOM, XML_LANG: config.language})
    _add(root, "id", feed_id(site, page))
    _add(root, "title", config.title if year is None else f"{config.title} · {year}年")
    if config.description:
        _add(root, "subtitle", config.description)
    _add(root, "updated", _timestamp(max((n.changed for n in notices), default=EPOCH)))
    _add(root, "link", rel="self", type="application/atom+xml", href=url(site, f"{page}feed.xml"))
    _add(root, "link", rel="alternate", type="text/html", href=url(site, page))
    _add(_add(root, "author"), "name", config.author or config.title)
    ET.indent(root)
    text = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    end = b"\n</feed>"
    assert text.endswith(end)
    if entries:
        text = text[:-len(end)] + b"\n  " + b"\n  ".join(entries) + end
    return text + b"\n"


def notice_files(site: Site, c: Collections, notice: Notice) -> NoticeFiles:
    return NoticeFiles([], part=entry(site, notice))


def site_files(site: Site, c: Collections, parts: dict[str, bytes]) -> Iterable[tuple[str, bytes]]:
    latest = c.notices[:LATEST]
    yield "feed.xml", feed(site, latest, [parts[notice.key] for notice in latest])
    for year, notices in c.years.items():
        yield f"{year}/feed.xml", feed(site, notices, [parts[notice.key] for notice in notices], year)
