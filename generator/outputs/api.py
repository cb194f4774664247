"""``/api/notices.json`` and ``/api/notices/<slug>.json``: the validated data of every notice."""

from __future__ import annotations

import json

import orjson
from typing import Iterable

from ..collect import Collections
from ..config import Site
from ..notice import Notice
from .parts import NoticeFiles


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
    return orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


def notice_files(site: Site, c: Collections, notice: Notice) -> NoticeFiles:
    data = _dump(notice_data(site, c, notice))
    return NoticeFiles([(f"api/notices/{notice.slug}.json", data)], part=data)


def site_files(site: Site, c: Collections, parts: dict[str, bytes]) -> Iterable[tuple[str, bytes]]:
    yield "api/notices.json", index(site.config.title, [parts[notice.key] for notice in c.notices])


def index(title: str, dumped: list[bytes]) -> bytes:
    """``notices.json`` from each notice's own JSON file, without serialising anything twice.

    It is exactly ``_dump({"site": title, "count": n, "notices": [data, …]})``: inside the list
    (two levels deep) each notice's text is its own file's, every line indented four more spaces.
    """
    head = f'{{\n  "site": {json.dumps(title, ensure_ascii=False)},\n  "count": {len(dumped)},\n  "notices": '
    if not dumped:
        return (head + "[]\n}\n").encode("utf-8")
    items = [b"    " + data.rstrip(b"\n").replace(b"\n", b"\n    ") for data in dumped]
    return head.encode("utf-8") + b"[\n" + b",\n".join(items) + b"\n  ]\n}\n"


def files(site: Site, c: Collections) -> Iterable[tuple[str, bytes]]:
    parts = {}
    for notice in c.notices:
        made = notice_files(site, c, notice)
        parts[notice.key] = made.part
        yield from made.files
    yield from site_files(site, c, parts)
