"""``/api/notices.json`` and ``/api/notices/<slug>.json``: the validated data of every notice."""

from __future__ import annotations

import json
from typing import Iterable

from ..collect import Collections
from ..config import Site
from ..notice import Notice


def notice_data(site: Site, c: Collections, notice: Notice) -> dict:
    data = notice.front.model_dump(mode="json", exclude={"draft"})
    base = site.config.base_url
    data = {"slug": notice.slug, "year": notice.year, "url": f"{base}{notice.path}", **data}
    data["region_path"] = [r.name for r in site.region_path(notice.front.region)]
    for number, annex in enumerate(data["annexes"], start=1):
        annex["url"] = f"{base}{notice.path}annex-{number}/"
    data["based_on"] = [
        {**ref, "archive_url": f"{base}{link.notice.path}" if link.notice else None}
        for ref, link in zip(data["based_on"], c.upstream[notice.key])]
    data["based_on_by"] = [f"{base}{n.path}" for n in c.downstream[notice.key]]
    return data


def _dump(value: object) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")


def files(site: Site, c: Collections) -> Iterable[tuple[str, bytes]]:
    everything = [notice_data(site, c, notice) for notice in c.notices]
    yield "api/notices.json", _dump({"site": site.config.title, "count": len(everything), "notices": everything})
    for notice, data in zip(c.notices, everything):
        yield f"api/notices/{notice.slug}.json", _dump(data)
