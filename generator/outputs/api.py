"""``/api/notices/<slug>.json``: the validated data of every notice; ``/api/years/<year>.json``: the
index of a year; ``/api/notices.json``: the index of the years and the newest notices.

A year's index lists each of its notices with what lists show (title, number, dates, region,
campaign) and the address of its full data: a client reads the indexes it needs and fetches only the
notices it needs. ``notices.json`` names every year (its count and the address of its index) and
holds the newest ``LATEST`` notices, so it stays small however large the archive grows.
"""

from __future__ import annotations

import orjson
from typing import Iterable

from ..collect import Collections
from ..config import Site
from ..notice import Notice, Person
from ..urls import url
from .parts import NoticeFiles

LATEST = 50  # notices listed in notices.json


def notice_data(site: Site, c: Collections, notice: Notice) -> dict:
    data = notice.front.model_dump(mode="json", exclude={"draft"})
    data = {"slug": notice.slug, "year": notice.year, "url": url(site, notice.path), **data}
    data["region_path"] = [r.name for r in site.region_path(notice.front.region)]
    for contact, written in zip(data["contacts"], notice.front.contacts):  # every person one shape (a name too)
        contact["people"] = [Person(name=p).model_dump(mode="json") if isinstance(p, str) else p.model_dump(mode="json")
                             for p in written.people]
    for number, annex in enumerate(data["annexes"], start=1):
        annex["url"] = url(site, f"{notice.path}annex-{number}/")
        if annex["kind"] == "document" and annex["notice"]:
            annex["archive_url"] = url(site, f"{annex['notice']}/")
    for role, attached in notice.files.items():  # annex-<n>, original: where the copy is, its size and type
        target = data["original"] if role == "original" else data["annexes"][int(role.split("-")[1]) - 1]
        target.update({"download": url(site, f"{notice.path}{attached.target}"), "size": attached.size,
                       "type": attached.type_name})
    data["based_on"] = [
        {**ref, "archive_url": url(site, link.notice.path) if link.notice else None}
        for ref, link in zip(data["based_on"], c.upstream[notice.key])]
    data["based_on_by"] = [url(site, n.path) for n in c.downstream[notice.key]]
    return data


def summary(site: Site, notice: Notice) -> dict:
    """A notice's entry in the index."""
    front = notice.front
    return {"slug": notice.slug, "year": notice.year, "title": front.title, "doc_number": front.doc_number,
            "issued": front.issued.isoformat() if front.issued else None,
            "revised": front.revised.isoformat() if front.revised else None, "issuers": list(front.issuers),
            "region": front.region, "campaign": front.campaign,
            "dates": front.dates.model_dump(mode="json") if front.dates else None,
            "url": url(site, notice.path), "data": url(site, f"api/notices/{notice.slug}.json")}


def _dump(value: object) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


def notice_files(site: Site, c: Collections, notice: Notice) -> NoticeFiles:
    return NoticeFiles([(f"api/notices/{notice.slug}.json", _dump(notice_data(site, c, notice)))],
                       part=_dump(summary(site, notice)))


def site_files(site: Site, c: Collections, parts: dict[str, bytes]) -> Iterable[tuple[str, bytes]]:
    title = site.config.title
    years = [{"year": year, "count": len(notices), "index": url(site, f"api/years/{year}.json")}
             for year, notices in c.years.items()]
    latest = [parts[notice.key] for notice in c.notices[:LATEST]]
    yield "api/notices.json", joined({"site": title, "count": len(c.notices), "years": years}, "latest", latest)
    for year, notices in c.years.items():
        yield f"api/years/{year}.json", joined({"site": title, "year": year, "count": len(notices)}, "notices",
                                               [parts[notice.key] for notice in notices])


def joined(head: dict, name: str, dumped: list[bytes]) -> bytes:
    """``_dump({**head, name: [entry, …]})`` from each entry as kept, without serialising anything twice:
    inside the list (two levels deep) each entry's text is as dumped alone, every line indented four
    more spaces."""
    text = _dump({**head, name: []}).decode("utf-8")
    end = f'  "{name}": []\n}}\n'
    assert text.endswith(end)
    if not dumped:
        return text.encode("utf-8")
    items = [b"    " + data.rstrip(b"\n").replace(b"\n", b"\n    ") for data in dumped]
    return (text[:-len(end)] + f'  "{name}": ').encode("utf-8") + b"[\n" + b",\n".join(items) + b"\n  ]\n}\n"
