"""Jinja2 environment, theme lookup, and one function per page kind.

Every page is a :class:`Page`: an output path, a template and the data the
template needs. A new page kind is one function added to ``PAGE_KINDS`` and one
template. Templates get data, never markup built in Python (the Markdown stage
aside, whose HTML is already sanitised).
"""

from __future__ import annotations

import difflib
import importlib.metadata
import importlib.util
import json
import os
import re
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

import jinja2

from .collect import Collections, paginate
from .config import Site, walk_regions
from .errors import ContentError, ContentErrors, display_path
from .load import kind_of
from .typeset import title_segments
from .urls import absolute_linker, linker
from .wording import cn_date, dialable, fill_in_lines, period, weekday
from .i18n import tr


@dataclass(frozen=True)
class Page:
    path: str  # output file, relative to the output root
    template: str
    context: dict[str, Any]


THEME_ENTRY_POINTS = "campaign_notices.themes"  # how an installed package offers a theme (see docs/运维指南.md)


def installed_default() -> Path:
    """The default theme that comes with the generator: package data in an installed wheel
    (``generator/themes/default``, see setup.py), ``themes/default`` in the source tree."""
    here = Path(__file__).resolve().parent
    packaged = here / "themes" / "default"
    return packaged if packaged.is_dir() else here.parent / "themes" / "default"


def theme_folder(themes: Path, name: str) -> Path:
    """``themes/<name>/``, or else the folder of the installed package that offers a theme of that name
    (an entry point ``<name> = <package>`` in the group ``campaign_notices.themes``); ``themes/<name>/``
    when neither has it, which :func:`check_theme` reports. The default theme is the site's own
    ``themes/default/`` where it has one (this repository does), else the one installed with the
    generator (a site made by ``notices init`` has no themes/ folder)."""
    local = themes / name
    if local.is_dir():
        return local
    if name == "default":
        return installed_default()
    for entry in importlib.metadata.entry_points(group=THEME_ENTRY_POINTS, name=name):
        try:  # the package's folder, found without running its code
            spec = importlib.util.find_spec(entry.value.split(":")[0].strip())
        except (ImportError, ValueError):
            continue
        if spec is not None and spec.submodule_search_locations:
            return Path(next(iter(spec.submodule_search_locations)))
    return local


def theme_dirs(themes: Path, name: str) -> list[Path]:
    """The theme and the default theme it falls back to."""
    chain = [theme_folder(themes, name)]
    if name != "default":
        chain.append(theme_folder(themes, "default"))
    return chain


class TemplateCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates, and the templates each one names, kept between builds (in the cache folder).

    A build that renders a few pages (a body edit) spent half its time compiling the templates and
    parsing them again for the names they include (0.5 and 0.2 CPU-s). Jinja2 checks each compiled
    template against its source's checksum; the names are kept by a digest of the source.
    """

    def __init__(self, directory: Path):
        directory.mkdir(parents=True, exist_ok=True)
        super().__init__(str(directory))
        self.names_file = directory / "names.json"
        try:
            names = json.loads(self.names_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            names = {}
        self.names: dict[str, list[str] | None] = {
            digest: value for digest, value in (names.items() if isinstance(names, dict) else ())
            if value is None or (isinstance(value, list) and all(isinstance(name, str) for name in value))}
        self.new = False

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - a damaged file is no file: the template is compiled again
            bucket.reset()

    def named(self, digest: str, find: Callable[[], list[str] | None]) -> list[str] | None:
        """The names a template's source (by its digest) refers to: kept, or found now."""
        key = f"{jinja2.__version__}:{digest}"
        if key not in self.names:
            self.names[key], self.new = find(), True
        return self.names[key]

    def keep(self) -> None:
        """Write the names found since the cache was read (atomically: a file of its own, renamed)."""
        if not self.new:
            return
        handle, temporary = tempfile.mkstemp(dir=self.directory, prefix="names-", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(self.names, file, sort_keys=True)
        os.replace(temporary, self.names_file)
        self.new = False


def make_environment(site: Site, themes: Path, editor_notes: bool = False, search: bool = True,
                     cache: Path | None = None) -> jinja2.Environment:
    """Templates of the site's theme first, then the default's; ``default/x.html`` names the original.

    ``editor_notes``: show what only editors need to see (fields inferred from the text, facts the
    source does not state) — in the dev server and ``--drafts`` builds, never on the public site.
    ``search``: the build makes the search index (the search page says so when it does not).
    ``cache``: where compiled templates are kept between builds (:class:`TemplateCache`), if anywhere.
    """
    chain = theme_dirs(themes, site.config.theme)
    loader = jinja2.ChoiceLoader([
        jinja2.FileSystemLoader([str(d / "templates") for d in chain]),
        jinja2.PrefixLoader({"default": jinja2.FileSystemLoader(str(chain[-1] / "templates"))}),
    ])
    # auto_reload off: one environment serves one build, and otherwise every page and every
    # {% include %} asks the file system whether the template changed.
    env = jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, auto_reload=False, cache_size=-1,
                             bytecode_cache=TemplateCache(cache) if cache is not None else None)
    env.globals.update(site=site, config=site.config, url=linker(site), absolute_url=absolute_linker(site),
                       editor_notes=editor_notes, search=search)
    env.filters.update(tel=lambda phone, region: dialable(site, phone.dial, region), cn_date=cn_date,
                       fill_in=fill_in_lines,
                       weekday=weekday, period=period, iso=lambda d: d.isoformat(),
                       title_segments=title_segments)
    return env


def template_names(env: jinja2.Environment) -> list[str]:
    return list(env.list_templates())


def compile_all(env: jinja2.Environment) -> None:
    """Compile every template now: before the workers fork, so that they share the code (0.5 CPU-s a process)."""
    for name in template_names(env):
        try:
            env.get_template(name)
        except jinja2.TemplateError:
            pass  # rendering a page that uses it reports it


# ---- page kinds -------------------------------------------------------------

PageKind = Callable[[Site, Collections], Iterable[Page]]


def _listing(base: str, items: list, per_page: int, template: str, extra: dict) -> Iterable[Page]:
    """A list split over ``base``, ``base/page/2/`` …"""
    pages = paginate(items, per_page)
    for number, chunk in enumerate(pages, start=1):
        path = base if number == 1 else f"{base}page/{number}/"
        pager = {"number": number, "count": len(pages),
                 "previous": (base if number == 2 else f"{base}page/{number - 1}/") if number > 1 else None,
                 "next": f"{base}page/{number + 1}/" if number < len(pages) else None}
        yield Page(path + "index.html", template, {**extra, "items": chunk, "pager": pager, "path": path})


def home(site: Site, c: Collections) -> Iterable[Page]:
    latest = c.upcoming[:6] if c.upcoming else c.past[:6]
    yield Page("index.html", "home.html", {"notices": c.notices[:10], "deadlines": latest,
                                           "deadlines_upcoming": bool(c.upcoming), "collections": c, "path": ""})


def notices(site: Site, c: Collections) -> Iterable[Page]:
    for notice in c.notices:
        yield Page(notice.path + "index.html", "notice.html",
                   {"notice": notice, "upstream": c.upstream[notice.key],
                    "downstream": c.downstream[notice.key], "path": notice.path})


def annexes(site: Site, c: Collections) -> Iterable[Page]:
    for notice in c.notices:
        for number, annex in enumerate(notice.front.annexes, start=1):
            path = f"{notice.path}annex-{number}/"
            yield Page(path + "index.html", "annex.html",
                       {"notice": notice, "annex": annex, "number": number,
                        "html": notice.annex_html.get(number, ""), "path": path})


def years(site: Site, c: Collections) -> Iterable[Page]:
    yield Page("years/index.html", "years.html", {"years": c.years, "path": "years/"})
    for year, items in c.years.items():
        yield from _listing(f"{year}/", items, site.config.per_page, "year.html", {"year": year})


def actions(site: Site, c: Collections) -> Iterable[Page]:
    yield Page("actions/index.html", "actions.html", {"actions": c.actions, "path": "actions/"})
    for key, entries in c.actions.items():
        yield from _listing(f"actions/{key}/", entries, site.config.per_page, "action.html",
                            {"kind": site.actions[key]})


def regions(site: Site, c: Collections) -> Iterable[Page]:
    yield Page("regions/index.html", "regions.html", {"regions": c.region_tree, "counts": c.regions,
                                                      "path": "regions/"})
    shown = {region.key: region for region in walk_regions(c.region_tree)}
    for key, items in c.regions.items():
        # the children as (key, name): which of them have pages depends on the notices, not on site.yaml
        children = [(child.key, child.name) for child in shown[key].children]
        yield from _listing(f"regions/{key}/", items, site.config.per_page, "region.html",
                            {"region": shown[key], "children": children, "trail": site.region_path(key)})


def campaigns(site: Site, c: Collections) -> Iterable[Page]:
    yield Page("campaigns/index.html", "campaigns.html", {"campaigns": c.campaigns, "path": "campaigns/"})
    for key, items in c.campaigns.items():
        yield from _listing(f"campaigns/{key}/", items, site.config.per_page, "campaign.html",
                            {"campaign": site.campaigns[key]})


UPCOMING_SHOWN = 200  # deadlines on /deadlines/ still to come, soonest first …
RECENT_SHOWN = 100  # … and past ones of the last twelve months, latest first; every one is on its year's pages
DEADLINES_PER_PAGE = 200  # a year's deadline pages (one line each)


def deadlines(site: Site, c: Collections) -> Iterable[Page]:
    since = c.recent_since
    recent = [entry for entry in c.past[:RECENT_SHOWN] if entry.deadline.date >= since]
    years = [(year, len(entries)) for year, entries in c.year_deadlines.items()]
    yield Page("deadlines/index.html", "deadlines.html",
               {"upcoming": c.upcoming[:UPCOMING_SHOWN], "more_upcoming": max(0, len(c.upcoming) - UPCOMING_SHOWN),
                "past": recent, "years": years, "collections": c, "path": "deadlines/"})
    for year, entries in c.year_deadlines.items():
        yield from _listing(f"deadlines/{year}/", entries, DEADLINES_PER_PAGE, "deadlines_year.html",
                            {"year": year, "collections": c})


def search(site: Site, c: Collections) -> Iterable[Page]:
    # One Pagefind bundle a year, newest first: the page searches the first and merges the others.
    yield Page("search/index.html", "search.html", {"collections": c, "bundles": [f"pagefind/{year}/" for year in c.years],
                                                    "path": "search/"})


def not_found(site: Site, c: Collections) -> Iterable[Page]:
    yield Page("404.html", "404.html", {"path": "404.html"})


PAGE_KINDS: list[PageKind] = [home, notices, annexes, years, actions, regions, campaigns, deadlines, search,
                               not_found]


def pages(site: Site, c: Collections) -> Iterable[Page]:
    for kind in PAGE_KINDS:
        yield from kind(site, c)


def render_page(env: jinja2.Environment, page: Page) -> str:
    """Render one page; a broken theme template is reported like a content error."""
    try:
        return env.get_template(page.template).render(page.context)
    except jinja2.TemplateSyntaxError as exc:
        raise ContentErrors([ContentError(exc.filename or exc.name or page.template, exc.lineno or 0, "template",
                                          tr("template syntax error: {message}",
                                             message=exc.message), tr("fix the theme template"))])
    except jinja2.TemplateError as exc:
        file, line = _failing_template(exc, page.template)
        message, hint = _template_problem(exc)
        raise ContentErrors([ContentError(file, line, "template", message,
                                          tr("{hint} (while rendering {path})", hint=hint, path=page.path))])


def _failing_template(exc: BaseException, fallback: str) -> tuple[str, int]:
    """The innermost template frame of Jinja2's rewritten traceback: the file and line that asked for it."""
    file, line = fallback, 0
    tb = exc.__traceback__
    while tb is not None:
        if "__jinja_exception__" in tb.tb_frame.f_globals:  # a frame Jinja2 made to stand for a template line
            file, line = tb.tb_frame.f_code.co_filename, tb.tb_lineno
        tb = tb.tb_next
    return (display_path(Path(file)) if line else file), line


def _template_problem(exc: jinja2.TemplateError) -> tuple[str, str]:
    if isinstance(exc, jinja2.TemplatesNotFound):
        return (tr("none of the templates {names} was found", names=", ".join(map(str, exc.templates))),
                tr("check the names; a child theme reaches the default theme's templates as default/<name>.html"))
    if isinstance(exc, jinja2.TemplateNotFound):
        return (tr("template {name} not found", name=exc.name),
                tr("check the name in {{% extends %}} or {{% include %}}; a child theme reaches the default theme's "
                   "templates as default/<name>.html"))
    if isinstance(exc, jinja2.UndefinedError):
        return (tr("undefined: {problem}", problem=exc.message),
                tr("the template asks for a field the page does not have; check its spelling"))
    return tr("template error: {problem}", problem=exc), tr("fix the theme template")


_FOOTER_BLOCK = re.compile(r"\{%-?\s*block\s+footer\b")


def footer_warning(site: Site, themes: Path, output: Path) -> str | None:
    """A theme whose footer leaves out the filing numbers (required on every page of a site hosted in
    China): named by the template that fills the footer block, as the built 404 page shows it."""
    numbers = [number for number in (site.config.filing.icp, site.config.filing.police) if number]
    if not numbers or site.config.theme == "default":
        return None
    try:
        page = (output / "404.html").read_text(encoding="utf-8")
    except OSError:  # a shard of the years has no 404 page
        return None
    if all(number in page for number in numbers):
        return None
    templates = theme_dirs(themes, site.config.theme)[0] / "templates"
    filling = [path for path in sorted(templates.rglob("*.html"))
               if _FOOTER_BLOCK.search(path.read_text(encoding="utf-8", errors="replace"))]
    return tr("{template}: the pages' footer does not show the filing numbers of site.yaml `filing` ({numbers}), "
              "which every page must show; keep {{{{ super() }}}} in the theme's footer block",
              template=display_path(filling[0] if filling else templates), numbers=", ".join(numbers))


# What the search page needs from a theme's own copy of its two files: search.html hands the loader
# (static/search-pagefind.js, which adds the delta of edited notices and the further parts of big years)
# its addresses; search.js gives PagefindUI that loader as its bundle path.
_SEARCH_CONTRACT = {"templates/search.html": ("data-api", "data-delta", "data-bundle", "data-merge"),
                    "static/search.js": ("data-api", "data-merge")}


def search_warning(site: Site, themes: Path) -> str | None:
    """A theme whose own search page or search.js leaves out the loader: its search would miss the notices
    edited since their year was indexed, and the further parts of a big year."""
    if site.config.theme == "default":
        return None
    own = theme_dirs(themes, site.config.theme)[0]
    for name, needs in _SEARCH_CONTRACT.items():
        path = own / name
        text = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else None
        missing = [need for need in needs if text is not None and need not in text]
        if missing:
            return tr("{path}: the theme's own copy leaves out {missing}, so the search would miss notices edited "
                      "since their year was indexed and the later parts of large years; copy those parts from the "
                      "default theme's {name}, or delete the copy to use the default one (docs/运维指南.md, "
                      "section 4)", path=display_path(path), missing=", ".join(missing), name=name)
    return None


def _theme_names(themes: Path) -> list[str]:
    """The themes a site could name: folders under themes/ with templates, and installed ones."""
    local = [path.parent.name for path in sorted(themes.glob("*/templates")) if path.is_dir()]
    installed = sorted(entry.name for entry in importlib.metadata.entry_points(group=THEME_ENTRY_POINTS))
    return local + ["default"] + installed


def _line_of_theme(config: Path) -> int:
    try:
        lines = config.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return 0
    return next((number for number, line in enumerate(lines, 1) if re.match(r"theme\s*:", line)), 0)


def check_theme(site: Site, themes: Path) -> list[ContentError]:
    """A missing theme is the editor's mistake, not a traceback."""
    errors = []
    for directory in theme_dirs(themes, site.config.theme):
        if not (directory / "templates").is_dir():
            close = difflib.get_close_matches(site.config.theme, _theme_names(themes), n=1, cutoff=0.6)
            config = site.root / "site.yaml"
            errors.append(ContentError(display_path(config), _line_of_theme(config), "theme",
                                       tr("the theme folder {directory}/templates does not exist",
                                          directory=directory.as_posix())
                                       + (tr("; did you mean `{close}`?", close=close[0]) if close else ""),
                                       tr("use `theme: default`, create the theme under themes/, or install a "
                                          "package that offers it (entry point group {theme_entry_points})",
                                          theme_entry_points=THEME_ENTRY_POINTS)))
            continue
        for path in sorted(directory.rglob("*")):  # a named pipe among the templates would be read forever
            try:
                mode = path.stat().st_mode
            except OSError:
                continue
            if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
                problem = tr("`{name}` is {kind}, not a theme file", name=path.name, kind=kind_of(mode))
                errors.append(ContentError(display_path(path), 0, "", problem,
                                           tr("remove it from the theme folder")))
    return errors
