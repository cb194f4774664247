"""Non-HTML outputs. Each module has ``files(site, collections) -> iterable of (path, bytes)``;
a new format is one module added to ``OUTPUTS``."""

from __future__ import annotations

from typing import Callable, Iterable

from ..collect import Collections
from ..config import Site
from . import api, calendar, feed, forms, sitemap

Output = Callable[[Site, Collections], Iterable[tuple[str, bytes]]]

OUTPUTS: list[Output] = [api.files, calendar.files, feed.files, sitemap.files, forms.files]
