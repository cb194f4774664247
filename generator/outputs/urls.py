"""Addresses of the site's pages as feed readers, calendars and crawlers need them.

``base_url`` is either a path (``/``, ``/notices/``) or a full URL
(``https://host/notices/``). Where it is a full URL every address here is
absolute; otherwise it is path-absolute, which is the best a build can do
without knowing the host.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from ..config import Site


def url(site: Site, path: str = "") -> str:
    """The address of ``path`` (relative to the site root, e.g. ``2022/slug/``)."""
    return site.config.base_url + quote(path.lstrip("/"), safe="/")


def host(site: Site) -> str:
    """The host of an absolute base URL; empty when the base URL is a path."""
    return urlsplit(site.config.base_url).hostname or ""


def is_absolute(site: Site) -> bool:
    return bool(host(site))
