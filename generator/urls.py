"""Every address of the site, built in one place: for pages (links between them), feeds, calendars,
crawlers and the JSON API.

``base_url`` is either a path (``/``, ``/notices/``) or a full URL
(``https://host/notices/``). Links inside pages are path-absolute (:func:`linker`), so a site
works from any host; where ``base_url`` is a full URL the addresses for feed readers, calendars
and crawlers (:func:`url`) are absolute, otherwise path-absolute, which is the best a build can do
without knowing the host.
"""

from __future__ import annotations

from typing import Callable
from urllib.parse import quote, urlsplit

from .config import Site


def url(site: Site, path: str = "") -> str:
    """The address of ``path`` (relative to the site root, e.g. ``2022/slug/``)."""
    return site.config.base_url + quote(path.lstrip("/"), safe="/")


def host(site: Site) -> str:
    """The host of an absolute base URL; empty when the base URL is a path."""
    return urlsplit(site.config.base_url).hostname or ""


def is_absolute(site: Site) -> bool:
    return bool(host(site))


def base_path(site: Site) -> str:
    """The path the site is served under: ``/`` or ``/notices/``."""
    return urlsplit(site.config.base_url).path or "/"


def linker(site: Site) -> Callable[[str], str]:
    """``url(path)`` for templates: the path-absolute address of a page (called for every link,
    so the base path is worked out once)."""
    prefix = base_path(site)

    def link(path: str = "") -> str:
        return prefix + path.lstrip("/")

    return link


def absolute_linker(site: Site) -> Callable[[str], str]:
    """``absolute_url(path)`` for templates: the full address where ``base_url`` has a host, else
    the path-absolute one."""
    absolute = site.config.base_url if site.config.base_url.startswith("http") else ""
    link = linker(site)

    def absolute_link(path: str = "") -> str:
        return (absolute.rstrip("/") + "/" + path.lstrip("/")) if absolute else link(path)

    return absolute_link
