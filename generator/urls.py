"""Every address of the site, built in one place: for pages (links between them), feeds, calendars,
crawlers and the JSON API.

``base_url`` is either a path (``/``, ``/notices/``) or a full URL
(``https://host/notices/``). Links inside pages are path-absolute (:func:`linker`), so a site
works from any host; where ``base_url`` is a full URL, or a path under ``site.yaml`` ``origin``, the
addresses for feed readers, calendars, the API and crawlers (:func:`url`) are absolute, otherwise
path-absolute, which is the best a build can do without knowing the host.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable
from urllib.parse import quote, urlsplit

from .config import Site
from .i18n import tr


def root(site: Site) -> str:
    """The site's own address: ``base_url``, under ``origin`` when base_url is a path and origin is set."""
    base = site.config.base_url
    return site.config.origin + base if site.config.origin and not base.startswith("http") else base


def url(site: Site, path: str = "") -> str:
    """The address of ``path`` (relative to the site root, e.g. ``2022/slug/``): full when the site's
    host is known (:func:`root`), else path-absolute."""
    return root(site) + quote(path.lstrip("/"), safe="/")


def crawler_url(site: Site, path: str = "") -> str | None:
    """The full address of ``path`` for crawlers (sitemaps, robots.txt), which take nothing else: from an
    absolute ``base_url``, or a path-only one under ``site.yaml`` ``origin``; None without either."""
    return url(site, path) if is_absolute(site) else None


def sitemap_warning(site: Site, previous: Path | None = None) -> str | None:
    """Why the build writes no sitemap, if it writes none; said once: not again when ``previous`` (the
    output before this build) is a site already built without one."""
    if crawler_url(site) is not None:
        return None
    if previous is not None and (previous / "index.html").is_file() and not (previous / "sitemap.xml").exists():
        return None
    return tr("no sitemap.xml (the list of pages for search engines): base_url `{base_url}` is a path without the "
              "site's domain. Add a line such as `origin: https://kx.example.cn` with the site's own domain to {config}. "
              "(Said on the first build only.)",
              base_url=site.config.base_url, config=(site.root / "site.yaml").as_posix())


# The files that belong to one year of notices (a shard of a build holds its years'): the year's own
# folder, its deadlines pages, its API index, its sitemaps and its search bundle.
_YEAR_OWNED = re.compile(r"^(?:(\d{4})/|deadlines/(\d{4})/|api/years/(\d{4})\.json$|sitemaps/(\d{4})(?:-\d+)?\.xml$"
                         r"|pagefind/(\d{4})/)")


def owner_year(path: str) -> int | None:
    """The year of notices a file of the site belongs to (``2022/slug/index.html`` → 2022); None for the
    files made from every year (lists, the home page, the site-wide feed, calendar and sitemap index)."""
    match = _YEAR_OWNED.match(path)
    return int(next(group for group in match.groups() if group)) if match else None


def host(site: Site) -> str:
    """The host of the site's address; empty when the base URL is a path and no origin is set."""
    return urlsplit(root(site)).hostname or ""


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
    """``absolute_url(path)`` for templates: the full address where the site's host is known, else
    the path-absolute one."""
    absolute = root(site) if is_absolute(site) else ""
    link = linker(site)

    def absolute_link(path: str = "") -> str:
        return (absolute.rstrip("/") + "/" + path.lstrip("/")) if absolute else link(path)

    return absolute_link
