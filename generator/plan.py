"""The site as units of work: every page, every notice's files of each output format, every static
file, each with its fingerprint (:class:`generator.fingerprints.Fingerprints`). Nothing is made here.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import jinja2

from .collect import Collections
from .config import Site
from .fingerprints import Fingerprints
from .notice import Notice
from .options import Options
from .outputs import OUTPUTS
from .render import PAGE_KINDS, Page, PageKind, render_page, theme_dirs
from .urls import owner_year


@dataclass(slots=True)
class Unit:
    """A piece of work that writes files: its name, its fingerprint, and how to make it.

    ``make`` is given the whole notice the unit belongs to (``notice`` is its key) — a copy of
    its own in a worker — or None for the site's pages and files.
    """

    id: str
    fingerprint: str
    make: Callable[[Notice | None], Any]  # → list of (path, bytes), or NoticeFiles
    notice: str = ""
    search_url: str = ""  # a notice page: its address, for the search index
    search_year: int = 0  # a notice page: the year whose search bundle holds it
    output: str = ""  # a notice's files of this output format (its part feeds the site-wide files)
    page: Page | None = None  # a page: what it is made from


def render_with(env: jinja2.Environment, page: Page, notice: Notice | None) -> list[tuple[str, str]]:
    """Render a page; a notice's own page from the whole notice given (see ``cache.strip``)."""
    if notice is not None and page.context.get("notice") is not notice:
        context = {**page.context, "notice": notice}
        if "annex" in context:
            context["annex"] = notice.front.annexes[context["number"] - 1]
        page = Page(page.path, page.template, context)
    own = page.context.get("notice")
    assert not (isinstance(own, Notice) and own.slim), f"{page.path} would be rendered from a slim notice"
    return [(page.path, render_page(env, page))]


def plan(site: Site, collections: Collections, env: jinja2.Environment, options: Options, fingerprints: Fingerprints,
         kinds: list[PageKind] | None = None, static: bool = True) -> list[Unit]:
    """Every unit of the site (or of the page ``kinds`` given), with its fingerprint; nothing is made yet."""
    url = env.globals["url"]
    units: list[Unit] = []
    for kind in kinds if kinds is not None else PAGE_KINDS:
        for page in kind(site, collections):
            own = page.context.get("notice")
            search = url(page.context["path"]) if options.search and page.template == "notice.html" else ""
            units.append(Unit(f"page:{page.path}", fingerprints.page(page), functools.partial(render_with, env, page),
                              own.key if isinstance(own, Notice) else "", search, own.year if search else 0,
                              page=page))
    for output in OUTPUTS:
        if output.notice_files is None:
            continue
        # one maker for all the notices' units of a format (a function each was 11 MB at 10,000 notices)
        make = functools.partial(output.notice_files, site, collections)
        for notice in collections.notices:
            units.append(Unit(f"{output.name}:{notice.key}", fingerprints.notice_output(output.name, notice, collections),
                              make, notice.key, output=output.name))
    if static:
        for path, source in static_files(site, options.themes).items():
            data = source.read_bytes()
            units.append(Unit(f"static:{path}", fingerprints.static(data),
                              lambda notice, path=path, data=data: [(path, data)]))
    return units


def unit_year(unit: Unit) -> int | None:
    """The year of notices a unit's files belong to (a notice's, a year page's); None for the site's own."""
    if unit.notice:
        return int(unit.notice.split("/", 1)[0])
    return owner_year(unit.page.path) if unit.page is not None else None


def site_units(fingerprints: Fingerprints) -> dict[str, str]:
    """Each site-wide output (``feed.xml`` …) and its fingerprint."""
    return {output.name: fingerprints.site_output(output.name) for output in OUTPUTS if output.site_files}


def static_files(site: Site, themes: Path) -> dict[str, Path]:
    """Theme static files, the site theme's overriding the default's, in a fixed order."""
    files: dict[str, Path] = {}
    for directory in reversed(theme_dirs(themes, site.config.theme)):
        static = directory / "static"
        if not static.is_dir():
            continue
        root = static.resolve()
        for path in sorted(static.rglob("*")):
            if path.is_file() and path.resolve().is_relative_to(root):
                files["static/" + path.relative_to(static).as_posix()] = path
    return dict(sorted(files.items()))
