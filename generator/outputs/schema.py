"""``/api/schema/notice.json`` and ``/api/schema/site.json``: the JSON Schemas of a notice's front matter
and of ``site.yaml``, as the package ships them (:mod:`generator.json_schema`), for editors and tools that
read the published site."""

from __future__ import annotations

from typing import Any, Iterable

from ..collect import Collections
from ..config import Site
from ..json_schema import packaged
from .parts import WHOLE, Share


def site_files(site: Site, c: Collections, parts: dict[str, Any], share: Share = WHOLE) -> Iterable[tuple[str, bytes]]:
    if share.common:
        for name, data in packaged().items():
            yield f"api/schema/{name}", data
