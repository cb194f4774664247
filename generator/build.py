"""The pipeline, start to end: discover → load → model → markdown → collect → render → outputs → publish."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import jinja2

from . import publish
from .collect import Collections, collect
from pydantic import ValidationError

from .config import Site, SiteConfig, load_site
from .discover import Source, discover
from .errors import ContentError, ContentErrors
from .load import load_document
from .markdown import make_markdown, render_body, to_html
from .notice import Front, Notice, TextAnnex
from .outputs import OUTPUTS
from .render import check_theme, make_environment, pages, render_page, theme_dirs
from .schema import validate

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass
class Options:
    content: Path = Path("content")
    output: Path = Path("output")
    themes: Path = Path("themes")
    base_url: str | None = None
    drafts: bool = False
    future: bool = False
    search: bool = True  # build the Pagefind index
    today: dt.date = field(default_factory=dt.date.today)


@dataclass
class Result:
    notices: int
    pages: int
    files: int
    skipped: list[str]


def load_site_for(options: Options) -> Site:
    site, errors = load_site(options.content)
    if site is None:
        raise ContentErrors(errors)
    if options.base_url:
        try:
            config = SiteConfig.model_validate({**site.config.model_dump(), "base_url": options.base_url})
        except ValidationError as exc:
            raise ContentErrors([ContentError("--base-url", 0, "base_url", exc.errors()[0]["msg"].removeprefix(
                "Value error, "), "e.g. --base-url /notices/ or --base-url https://kx.example.cn/notices/")])
        site = Site(config, site.root)
    errors = check_theme(site, options.themes)
    if errors:
        raise ContentErrors(errors)
    return site


def load_notice(site: Site, source: Source, md) -> tuple[Notice | None, list[ContentError]]:
    """One file to one validated, rendered notice (or the reasons it is not one)."""
    document, errors = load_document(source.path, source.shown)
    if document is None:
        return None, errors
    front, more = validate(Front, document, context={"site": site})
    errors += more
    if front is None:
        return None, errors
    if front.issued is not None and front.issued.year != source.year:
        errors.append(ContentError(source.shown, document.line_of(("issued",)), "issued",
                                   f"the notice was issued in {front.issued.year} but its file is in "
                                   f"content/{source.year}/",
                                   f"move it to content/{front.issued.year}/ or correct the date"))
    for index, deadline in enumerate(front.deadlines):
        if deadline.annex is not None and deadline.annex > len(front.annexes):
            loc = ("deadlines", index, "annex")
            errors.append(ContentError(source.shown, document.line_of(loc), f"deadlines[{index + 1}].annex",
                                       f"refers to 附件{deadline.annex}, but the notice has "
                                       f"{len(front.annexes)} annex(es)",
                                       "number annexes from 1 in the order of `annexes`"))
    trusted = site.config.trust_raw_html
    body, more = render_body(md, document.body, list(front.actions), trusted, source.shown, document.body_line,
                               document.line_of(("actions",)))
    errors += more
    annex_html = {number: to_html(md, annex.body, trusted)
                  for number, annex in enumerate(front.annexes, start=1) if isinstance(annex, TextAnnex)}
    return Notice(front, source.slug, source.year, source.shown, body.parts, body.toc, annex_html,
                  document.lines), errors


def _link_errors(notices: list[Notice]) -> list[ContentError]:
    """based_on entries that name an archive notice which does not exist."""
    slugs = {n.slug for n in notices}
    errors = []
    for notice in notices:
        for index, reference in enumerate(notice.front.based_on):
            if reference.notice and reference.notice not in slugs:
                line = notice.lines.get(("based_on", index, "notice"), 0)
                errors.append(ContentError(notice.source, line, f"based_on[{index + 1}].notice",
                                           f"no notice with the slug `{reference.notice}` is in the archive",
                                           "use the file name (without .md) of a notice in content/, "
                                           "or remove `notice:` and give `doc_number`/`url`"))
    return errors


def load_all(options: Options, progress: Progress | None = None) -> tuple[Site, list[Notice], list[str]]:
    """Everything validated and rendered to HTML fragments; raises ContentErrors with every problem."""
    site = load_site_for(options)
    sources, errors = discover(options.content)
    md = make_markdown()
    loaded: list[Notice] = []
    for done, source in enumerate(sources, start=1):
        notice, more = load_notice(site, source, md)
        errors += more
        if notice is not None and not more:
            loaded.append(notice)
        if progress:
            progress("load", done, len(sources))
    errors += _link_errors(loaded)
    if errors:
        raise ContentErrors(errors)
    skipped = [n.source for n in loaded if (n.front.draft and not options.drafts)
               or (n.front.issued is not None and n.front.issued > options.today and not options.future)]
    published = [n for n in loaded if n.source not in skipped]
    return site, published, skipped


def _static_files(site: Site, themes: Path) -> dict[str, Path]:
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


def build(options: Options, progress: Progress | None = None) -> Result:
    """Build the site; on any content error nothing in ``options.output`` changes."""
    site, notices, skipped = load_all(options, progress)
    publish.check_output(options.output, [options.content, options.themes, Path.cwd()])
    collections = collect(site, notices, options.today)
    env = make_environment(site, options.themes)
    tree = publish.start(options.output)
    try:
        count = write_site(tree, site, collections, env, options, progress)
        publish.finish(tree, options.output)
    except BaseException:
        publish.abandon(tree)
        raise
    return Result(len(notices), count, len(tree.written), skipped)


def write_site(tree: publish.Tree, site: Site, collections: Collections, env: jinja2.Environment,
               options: Options, progress: Progress | None) -> int:
    all_pages = list(pages(site, collections))
    searchable: list[tuple[str, str]] = []
    for done, page in enumerate(all_pages, start=1):
        html = render_page(env, page)
        tree.write(page.path, html)
        if options.search and page.template == "notice.html":
            searchable.append((env.globals["url"](page.context["path"]), html))
        if progress:
            progress("render", done, len(all_pages))
    if options.search:
        from .outputs.search import write_index
        write_index(searchable, tree.path_for("pagefind"))
    for output in OUTPUTS:
        for path, data in output(site, collections):
            tree.write(path, data)
    for path, source in _static_files(site, options.themes).items():
        tree.copy(path, source)
    return len(all_pages)


def check(options: Options, progress: Progress | None = None) -> tuple[Site, list[Notice], list[str]]:
    """Validate everything and render in memory; write nothing."""
    site, notices, skipped = load_all(options, progress)
    env = make_environment(site, options.themes)
    collections = collect(site, notices, options.today)
    for page in pages(site, collections):
        render_page(env, page)
    return site, notices, skipped


