"""The pipeline, start to end: discover → load → model → markdown → collect → render → outputs → publish.

A build does each piece of work at most once across builds. The pieces are
*units*: a page, one notice's files of one output format (its calendar, its
JSON, its forms), a site-wide file, a static file, the search index. Each unit
has a fingerprint (:mod:`generator.cache`) of everything it depends on; the
record of the live site (:mod:`generator.publish`) says which fingerprint each
of its units had. A unit whose fingerprint is unchanged keeps its files; the
others are made again, in worker processes when there are many
(:mod:`generator.workers`), and written into the tree that replaces the site in
one atomic step. Parsing a notice (YAML, validation, Markdown) is cached by its
content, so a build after an edit parses one file.

When the sources, themes, options and generator are exactly those of the live
site, a build stops after looking at them: nothing is rendered or written.
``--full`` ignores every cache and the record and makes everything again.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import gc
import os
import shutil
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import jinja2
from pydantic import ValidationError

from . import cache, publish, workers
from .collect import Collections, Link, collect
from .config import Site, SiteConfig, load_site
from .discover import Source, discover
from .errors import ContentError, ContentErrors
from .load import load_document
from .markdown import make_markdown, render_body, to_html
from .notice import Front, Notice, TextAnnex, notice_context
from .outputs import OUTPUTS, Output, attachments
from .outputs.search import run_indexer, source_name, write_source
from .render import PAGE_KINDS, Page, check_theme, make_environment, pages, render_page, theme_dirs
from .render import annexes as annex_pages, notices as notice_kind
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
    jobs: int = 0  # worker processes; 0: one per core
    cache: Path | None = None  # the cache directory; None: .cache/generator beside the content folder
    use_cache: bool = True  # False: keep nothing between builds
    full: bool = False  # ignore what earlier builds left and make everything again
    keep_search: bool = False  # the dev server: keep the published search index instead of re-indexing

    @property
    def editor_notes(self) -> bool:
        """Pages show editors' notes in `--drafts` builds and in the dev server (the one that keeps search)."""
        return self.drafts or self.keep_search

    def cache_dir(self) -> Path | None:
        if not self.use_cache:
            return None
        return self.cache if self.cache is not None else self.content.resolve().parent / cache.CACHE_DIR


@dataclass
class Result:
    notices: int
    pages: int
    files: int
    skipped: list[str]
    written: int = 0  # files written by this build (the others were unchanged)
    made: int = 0  # units made again
    up_to_date: bool = False  # nothing had changed: nothing was done
    searched: bool = False  # the search index was rebuilt
    timings: dict[str, float] = field(default_factory=dict)  # stage → seconds (worker seconds summed)


class Clock:
    """Seconds spent per stage; workers send theirs back and they are added up."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = {}

    def add(self, stage: str, seconds: float) -> None:
        self.spent[stage] = self.spent.get(stage, 0.0) + seconds

    def merge(self, spent: dict[str, float]) -> None:
        for stage, seconds in spent.items():
            self.add(stage, seconds)

    def timed(self, stage: str) -> "_Timed":
        return _Timed(self, stage)


class _Timed:
    """``with clock.timed("stage"):`` adds the block's seconds to the stage."""

    def __init__(self, clock: Clock, stage: str):
        self.clock, self.stage = clock, stage

    def __enter__(self) -> None:
        self.start = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        self.clock.add(self.stage, time.perf_counter() - self.start)


@dataclass
class Session:
    """What a long-running process (the dev server) keeps between builds, so it re-reads nothing."""

    parsed: dict[str, tuple[Notice | None, list[ContentError]]] = field(default_factory=dict)
    parts: dict[str, Any] = field(default_factory=dict)
    store: cache.Store | None = None
    planned: "_Planned | None" = None  # the last build's plan
    site: tuple[tuple, Site] | None = None  # the site config, by what it was read from
    records: dict[Path, publish.Record] = field(default_factory=dict)  # the published trees' records
    discovered: tuple | None = None  # the notice files, while the folders stay the same


@dataclass
class _Planned:
    """A plan kept by a session, reusable while the site's shape stays the same.

    Lists, indexes and the site-wide files show only front matter, so when no notice's front
    matter, no template and no setting changed (an editor fixed a sentence in a body), only the
    edited notices' own pages can differ: the plan is kept, those notices get their new bodies in
    place, and their pages are fingerprinted again. Collecting and planning 10,000 notices costs a
    second; this costs milliseconds.
    """

    basis: tuple  # everything that shapes the plan besides notice bodies
    c: Collections
    env: jinja2.Environment
    units: list["Unit"]
    fingerprints: cache.Fingerprinter
    notices: dict[str, Notice]
    templates: dict[str, str]
    everything: str
    by_notice: dict[str, list["Unit"]] = field(default_factory=dict)  # each notice's units
    published: tuple | None = None  # the identity of the live site this plan last made


def _shape(inputs: dict[str, Any], notices: list[Notice]) -> tuple:
    return (inputs["code"], inputs["config"], inputs["themes"], inputs["options"],
            tuple(sorted((notice.key, notice.front_digest) for notice in notices)))


# ---------------------------------------------------------------- site and notices


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


def load_notice(site: Site, source: Source, md, raw: bytes | None = None,
                clock: Clock | None = None) -> tuple[Notice | None, list[ContentError]]:
    """One file to one validated, rendered notice (or the reasons it is not one)."""
    clock = clock or Clock()
    with clock.timed("load"):
        if raw is None:
            try:
                raw = source.path.read_bytes()
            except OSError as exc:
                return None, [ContentError(source.shown, 0, "", f"cannot read the file: {exc.strerror}", "")]
    with clock.timed("yaml"):
        document, errors = load_document(source.path, source.shown, raw)
    if document is None:
        return None, errors
    with clock.timed("model"):
        front, more = validate(Front, document, context=notice_context(site, document.data, source.year, source.slug))
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
    with clock.timed("markdown"):
        body, more = render_body(md, document.body, list(front.actions), trusted, source.shown, document.body_line,
                                 document.line_of(("actions",)))
        annex_html = {number: to_html(md, annex.body, trusted)
                      for number, annex in enumerate(front.annexes, start=1) if isinstance(annex, TextAnnex)}
    errors += more
    files, more = attachments.find(site.root, source.year, front, source.shown, document.line_of)
    errors += more
    # Only the lines of links to other notices are needed after this file (see _link_errors).
    lines = {loc: line for loc, line in document.lines.items() if loc[:1] == ("based_on",) or loc[-1:] == ("notice",)}
    folder = attachments.signature(source.path, source.slug)  # a replaced PDF changes what the notice shows
    return Notice(front, source.slug, source.year, source.shown, body.parts, body.toc, annex_html, lines,
                  attachments.source_digest(source.path, source.slug, raw),
                  cache.digest(source.shown, document.front, *([folder] if folder else [])), files), errors


def _link_errors(notices: list[Notice]) -> list[ContentError]:
    """based_on entries and document annexes that name an archive notice which does not exist."""
    slugs = {n.slug for n in notices}
    keys = {n.key for n in notices}
    errors = []
    for notice in notices:
        for index, annex in enumerate(notice.front.annexes):
            if getattr(annex, "notice", "") and annex.notice not in keys:
                errors.append(ContentError(notice.source, notice.lines.get(("annexes", index, "notice"), 0),
                                           f"annexes[{index + 1}].notice",
                                           f"no notice `{annex.notice}` is in the archive",
                                           "write <year>/<file name without .md> of a notice in content/, "
                                           "or remove `notice:` and give `doc_number`/`url`"))
        for index, reference in enumerate(notice.front.based_on):
            if reference.notice and reference.notice not in slugs:
                line = notice.lines.get(("based_on", index, "notice"), 0)
                errors.append(ContentError(notice.source, line, f"based_on[{index + 1}].notice",
                                           f"no notice with the slug `{reference.notice}` is in the archive",
                                           "use the file name (without .md) of a notice in content/, "
                                           "or remove `notice:` and give `doc_number`/`url`"))
    return errors


@dataclass
class Sources:
    """The notice files of this build and the content hash of each (keyed by path under content/)."""

    files: list[Source]
    errors: list[ContentError]
    hashes: dict[str, str]
    stats: dict[str, tuple[int, int]]

    def name(self, source: Source) -> str:
        return f"{source.year}/{source.path.name}"


def _discover(content: Path, session: Session | None) -> tuple[list[Source], list[ContentError]]:
    """``discover``, or in a session its last answer while no folder under ``content`` changed
    (a folder's modification time changes when a file in it is added, removed or renamed)."""
    if session is None:
        return discover(content)
    folders = []
    for folder, names, _ in os.walk(content):
        names.sort()
        folders.append((folder, os.stat(folder).st_mtime_ns))
    if session.discovered is not None and session.discovered[0] == folders:
        return session.discovered[1]
    found = discover(content)
    session.discovered = (folders, found)
    return found


def look_at_sources(options: Options, previous: dict[str, Any] | None, session: "Session | None" = None) -> Sources:
    """Discover the notice files and hash them, trusting an unchanged size and time from the last build.

    Like git's index: a file whose size and modification time are those recorded, and which was
    not modified in the last seconds before that record was made, still has the recorded hash.
    """
    files, errors = _discover(options.content, session)
    before = previous or {}
    old_hashes, old_stats = before.get("sources", {}), before.get("stats", {})
    settled = before.get("snapshot_ns", 0) - 2_000_000_000
    hashes: dict[str, str] = {}
    stats: dict[str, tuple[int, int]] = {}
    for source in files:
        name = f"{source.year}/{source.path.name}"
        try:
            status = os.stat(source.path)
        except OSError:
            continue  # reported when it is read
        folder = attachments.signature(source.path, source.slug)  # the notice's attached files
        stat = (status.st_size, status.st_mtime_ns, folder) if folder else (status.st_size, status.st_mtime_ns)
        stats[name] = stat
        if old_stats.get(name) == stat and stat[1] < settled and name in old_hashes:
            hashes[name] = old_hashes[name]
        else:
            try:
                hashes[name] = attachments.source_digest(source.path, source.slug, source.path.read_bytes())
            except OSError:
                continue
    return Sources(files, errors, hashes, stats)


def _theme_files(options: Options, site: Site) -> tuple[tuple[str, str], ...]:
    found = []
    for directory in theme_dirs(options.themes, site.config.theme):
        for path in sorted(directory.rglob("*")):
            if path.is_file():
                found.append((path.relative_to(options.themes).as_posix(), cache.file_digest(path.read_bytes())))
    return tuple(found)


def load_notices(site: Site, sources: Sources, options: Options, code: str, store: cache.Store,
                 session: Session | None, clock: Clock, progress: Progress | None, jobs: int,
                 keep_bodies: bool = True) -> tuple[list[Notice], list[ContentError], dict[str, str], dict[str, str]]:
    """Every notice validated and rendered to HTML fragments, from the cache where its bytes are known.

    Returns the notices without errors, every error, each file's content hash as parsed, and for
    notices kept without their rendered body (``keep_bodies`` off, the cache on disk has it: lists
    never show a body) the cache key to read it back by.
    """
    parse = cache.parse_version(site, code)
    strip = not keep_bodies and store.db is not None
    shared: dict = {}
    blobs: dict[str, str] = {}

    def kept(key: str, value: tuple[Notice | None, list[ContentError]] | None):
        if value is None or value[0] is None:
            return value
        notice = value[0]
        cache.compact(notice.front, shared)
        if strip:
            cache.strip(notice)
            blobs[notice.key] = key
        return value

    keys = {sources.name(s): cache.notice_key(parse, sources.hashes.get(sources.name(s), ""), s.shown, s.slug,
                                              s.year) for s in sources.files}
    entries: dict[str, tuple[Notice | None, list[ContentError]]] = {}
    if not options.full:
        if session is not None:
            entries.update((key, session.parsed[key]) for key in keys.values() if key in session.parsed)
        with clock.timed("cache"):
            for key, blob in store.get("notices", [k for k in keys.values() if k not in entries]).items():
                value = kept(key, cache.loads(blob))
                if value is not None:
                    entries[key] = value
    hashes = dict(sources.hashes)
    missing = [s for s in sources.files if keys[sources.name(s)] not in entries]
    md = make_markdown()  # one per process: the workers inherit it
    fresh: dict[str, bytes] = {}
    done_count = [len(sources.files) - len(missing)]

    def parse_one(source: Source) -> tuple[str, bytes, dict[str, float]]:
        local = Clock()
        try:
            with local.timed("load"):
                raw = source.path.read_bytes()
        except OSError as exc:
            value = (None, [ContentError(source.shown, 0, "", f"cannot read the file: {exc.strerror}", "")])
            return "", cache.dumps(value), local.spent
        value = load_notice(site, source, md, raw, local)
        return attachments.source_digest(source.path, source.slug, raw), cache.dumps(value), local.spent

    def parsed(source: Source, result: tuple[str, bytes, dict[str, float]]) -> None:
        content, blob, spent = result
        clock.merge(spent)
        name = sources.name(source)
        key = cache.notice_key(parse, content, source.shown, source.slug, source.year)
        keys[name] = key
        if content:
            hashes[name] = content
            fresh[key] = blob
            if len(fresh) >= 256:  # into the cache as they come, not held until the end
                store.put("notices", fresh)
                fresh.clear()
        entries[key] = kept(key, cache.loads(blob))
        done_count[0] += 1
        if progress:
            progress("load", done_count[0], len(sources.files))

    with clock.timed("load (wall)"):
        workers.each(parse_one, missing, jobs, parsed)
    store.put("notices", fresh)
    if session is not None:
        session.parsed = {key: entries[key] for key in keys.values() if key in entries}
    errors = list(sources.errors)
    loaded: list[Notice] = []
    for source in sources.files:
        notice, more = entries.get(keys[sources.name(source)], (None, []))
        errors += more
        if notice is not None and not more:
            loaded.append(notice)
    errors += _link_errors(loaded)
    if strip:
        for notice in loaded:
            notice.lines = {}  # only _link_errors needed them
    store.prune("notices", set(keys.values()))
    return loaded, errors, hashes, blobs


def load_all(options: Options, progress: Progress | None = None) -> tuple[Site, list[Notice], list[str]]:
    """Everything validated and rendered to HTML fragments; raises ContentErrors with every problem.

    Reads the cache but writes nothing (``check`` and the tests use it).
    """
    site = load_site_for(options)
    sources = look_at_sources(options, None)
    store = cache.Store(options.cache_dir(), readonly=True)
    try:
        loaded, errors, _, _ = load_notices(site, sources, options, cache.code_version(), store, None, Clock(),
                                            progress, workers.jobs_for(options.jobs))
    finally:
        store.close()
    if errors:
        raise ContentErrors(errors)
    skipped, published = _published(options, loaded)
    return site, published, skipped


def _published(options: Options, loaded: list[Notice]) -> tuple[list[str], list[Notice]]:
    """The notices left out, each as its path and why (for the summary), and the notices published."""
    skipped, published = [], []
    for notice in loaded:
        if notice.front.draft and not options.drafts:
            skipped.append(f"{notice.source} (draft: true)")
        elif notice.front.issued is not None and notice.front.issued > options.today and not options.future:
            skipped.append(f"{notice.source} (issued {notice.front.issued}, after today)")
        else:
            published.append(notice)
    return skipped, published


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


# ---------------------------------------------------------------- units of work


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


def _render_with(env: jinja2.Environment, page: Page, notice: Notice | None) -> list[tuple[str, str]]:
    """Render a page; a notice's own page from the whole notice given (see ``cache.strip``)."""
    if notice is not None and page.context.get("notice") is not notice:
        context = {**page.context, "notice": notice}
        if "annex" in context:
            context["annex"] = notice.front.annexes[context["number"] - 1]
        page = Page(page.path, page.template, context)
    return [(page.path, render_page(env, page))]


def plan(site: Site, c: Collections, env: jinja2.Environment, options: Options, code: str,
         kinds: list | None = None, static: bool = True) -> list[Unit]:
    """Every unit of the site (or of the page ``kinds`` given), with its fingerprint; nothing is made yet."""
    fingerprints = cache.Fingerprinter(c)
    templates = cache.template_versions(env)
    everything = cache.digest(code, site.config.model_dump_json(), env.globals["editor_notes"])
    url = env.globals["url"]
    units: list[Unit] = []
    for kind in kinds if kinds is not None else PAGE_KINDS:
        for page in kind(site, c):
            fingerprint = fingerprints.page(page.context, everything, templates.get(page.template, ""), page.path,
                                            page.template)
            own = page.context.get("notice")
            search = url(page.context["path"]) if options.search and page.template == "notice.html" else ""
            units.append(Unit(f"page:{page.path}", fingerprint,
                              lambda notice, page=page: _render_with(env, page, notice),
                              own.key if isinstance(own, Notice) else "", search, own.year if search else 0,
                              page=page))
    for output in OUTPUTS:
        if output.notice_files is None:
            continue
        for notice in c.notices:
            links = (tuple(link.notice.key for link in c.upstream[notice.key] if link.notice),
                     tuple(other.key for other in c.downstream[notice.key]))
            fingerprint = cache.digest(everything, output.name, notice.key, notice.front_digest, links)
            units.append(Unit(f"{output.name}:{notice.key}", fingerprint,
                              lambda notice, output=output: output.notice_files(site, c, notice),
                              notice.key, output=output.name))
    if static:
        for path, source in _static_files(site, options.themes).items():
            data = source.read_bytes()
            units.append(Unit(f"static:{path}", cache.file_digest(data),
                              lambda notice, path=path, data=data: [(path, data)]))
    return units


def _shape_of(c: Collections, loaded: list[Notice]) -> dict[str, Any]:
    """What the record keeps so that a later build can tell a body edit from the rest (see _bodies_only)."""
    return {"fronts": {notice.key: notice.front_digest for notice in loaded},
            "links": {key: (tuple(link.notice.key if link.notice else None for link in c.upstream[key]),
                            tuple(other.key for other in c.downstream[key]))
                      for key in c.upstream if c.upstream[key] or c.downstream[key]}}


def _bodies_only(options: Options, site: Site, sources: Sources, previous: dict[str, Any],
                 inputs: dict[str, Any], code: str, store: cache.Store,
                 clock: Clock) -> tuple[list[Notice], Collections] | None:
    """When the only change since the live site is in notice bodies: those notices, parsed, with the
    neighbours their pages show (read back from the cache), as collections of their own.

    A body shows on its notice's own pages alone (lists and other notices' pages show front
    matter), so such a build needs neither the rest of the archive nor a plan of the whole site:
    an editor's ``make build`` after fixing a sentence parses one file and renders its pages.
    None whenever anything else may have changed; the full way is always right.
    """
    if "fronts" not in previous or any(previous.get(k) != v for k, v in inputs.items() if k != "sources"):
        return None
    before, now = previous.get("sources", {}), sources.hashes
    if sources.errors or before.keys() != now.keys() or len(now) != len(sources.files):
        return None
    edited = [source for source in sources.files if now[sources.name(source)] != before[sources.name(source)]]
    if not edited or len(edited) > 32:
        return None
    md = make_markdown()
    fresh: dict[str, bytes] = {}
    changed: list[Notice] = []
    parse = cache.parse_version(site, code)
    for source in edited:
        notice, errors = load_notice(site, source, md, clock=clock)
        if notice is None or errors or previous["fronts"].get(notice.key) != notice.front_digest:
            return None
        fresh[cache.notice_key(parse, notice.digest, source.shown, source.slug, source.year)] = cache.dumps(
            (notice, errors))
        changed.append(notice)
    neighbours: dict[str, Notice] = {notice.key: notice for notice in changed}  # edited neighbours as edited
    _, changed = _published(options, changed)  # front matter as before: drafts stay drafts
    links = previous.get("links", {})
    by_name = {sources.name(source): source for source in sources.files}
    wanted: dict[str, str] = {}  # neighbour's key → its cache key
    for notice in changed:
        up, down = links.get(notice.key, ((), ()))
        for key in [k for k in up if k and k not in neighbours] + [k for k in down if k not in neighbours]:
            source = by_name.get(key + ".md")
            if source is None:
                return None
            wanted[key] = cache.notice_key(parse, now[key + ".md"], source.shown, source.slug, source.year)
    with clock.timed("cache"):
        found = store.get("notices", list(wanted.values()))
    for key, cache_key in wanted.items():
        value = cache.loads(found[cache_key]) if cache_key in found else None
        if value is None or value[0] is None:
            return None
        neighbours[key] = value[0]
    upstream: dict[str, list[Link]] = {}
    downstream: dict[str, list[Notice]] = {}
    for notice in changed:
        references = notice.front.based_on
        up, down = links.get(notice.key, ((None,) * len(references), ()))
        if len(up) != len(references):
            return None
        upstream[notice.key] = [Link(reference, neighbours[key] if key else None)
                                for reference, key in zip(references, up)]
        downstream[notice.key] = [neighbours[key] for key in down]
    store.put("notices", fresh)
    return changed, Collections(changed, {n.key: n for n in changed}, {}, {}, {}, {}, [], [], [], upstream,
                                downstream, options.today)


# ---------------------------------------------------------------- the build


def build(options: Options, progress: Progress | None = None, session: Session | None = None) -> Result:
    """Build the site; on any content error nothing in ``options.output`` changes."""
    clock = Clock()
    started = time.perf_counter()
    collecting = gc.isenabled()
    gc.disable()  # millions of objects and almost no cycles: the collector's passes cost a third of loading
    try:
        with clock.timed("config"):
            site = _site(options, session)
        publish.check_output(options.output, [options.content, options.themes, Path.cwd()])
        workdir = options.cache_dir()
        output = publish.Output(options.output, _workdir(workdir, options.output) if workdir else None,
                                session.records if session is not None else None)
        output.open(trust_records=not options.full)
        store = session.store if session is not None and session.store is not None else cache.Store(workdir)
        try:
            return _build(options, site, output, store, session, clock, progress, started)
        finally:
            output.close()
            if session is None or session.store is not store:
                store.close()
    finally:
        if collecting:
            gc.enable()


def _site(options: Options, session: Session | None) -> Site:
    """The validated site config; a session keeps it while ``site.yaml`` and the options stay the same."""
    if session is None:
        return load_site_for(options)
    try:
        key = (cache.file_digest((options.content / "site.yaml").read_bytes()), options.base_url,
               str(options.themes))
    except OSError:
        return load_site_for(options)
    if session.site is None or session.site[0] != key or check_theme(session.site[1], options.themes):
        session.site = (key, load_site_for(options))
    return session.site[1]


def _workdir(cache_dir: Path, output: Path) -> Path:
    """Where the records and the spare tree of one output directory live; stale ones are dropped."""
    key = cache.digest(str(output.resolve()))[:16]
    outputs = cache_dir / "outputs"
    if outputs.is_dir():
        for other in outputs.iterdir():
            try:
                path = Path((other / "output-path").read_text(encoding="utf-8"))
            except OSError:
                continue
            if other.name != key and not path.exists():
                _drop_workdir(other)
    return outputs / key


def _drop_workdir(workdir: Path) -> None:
    try:
        lock = os.open(workdir / "lock", os.O_RDWR)
    except OSError:
        return
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # in use by a build: leave it
    except OSError:
        os.close(lock)
        return
    shutil.rmtree(workdir, ignore_errors=True)
    os.close(lock)


def _inputs(options: Options, site: Site, sources: Sources, code: str) -> dict[str, Any]:
    """What the live site was made from, to tell a build that nothing changed."""
    return {"code": code, "site": cache.file_digest((options.content / "site.yaml").read_bytes()),
            "config": site.config.model_dump_json(), "themes": _theme_files(options, site),
            "options": (options.drafts, options.future, options.today.isoformat(), options.search,
                        options.keep_search),
            "sources": sources.hashes}


def _build(options: Options, site: Site, output: publish.Output, store: cache.Store, session: Session | None,
           clock: Clock, progress: Progress | None, started: float) -> Result:
    jobs = workers.jobs_for(options.jobs)
    live = output.live
    with clock.timed("look"):
        code = cache.code_version()
        previous = live.inputs if live is not None else None
        sources = look_at_sources(options, previous, session)
        inputs = _inputs(options, site, sources, code)
    same = previous is not None and not sources.errors and all(previous.get(k) == v for k, v in inputs.items())
    if same and not options.full and (session is None or session.planned is not None):
        if previous.get("stats") != sources.stats:
            output.save(publish.Record(live.units, {**previous, "stats": sources.stats,
                                                    "snapshot_ns": time.time_ns()}))
        summary = previous["summary"]
        clock.add("total", time.perf_counter() - started)
        return Result(summary["notices"], summary["pages"], summary["files"], summary["skipped"], up_to_date=True,
                      timings=clock.spent)

    fast = None  # (the notices whose bodies alone changed, their collections)
    if (session is None and live is not None and previous is not None and not options.full
            and (not options.search or "search_pages" in previous)):
        fast = _bodies_only(options, site, sources, previous, inputs, code, store, clock)
    quick: set[str] | None = None  # when only these notices' bodies can have changed anything
    kept: _Planned | None = None
    if fast is not None:
        summary = previous["summary"]
        skipped, notices_count, hashes, blobs = summary["skipped"], summary["notices"], sources.hashes, {}
        shape_note = {"fronts": previous["fronts"], "links": previous["links"]}
        quick, c = {notice.key for notice in fast[0]}, fast[1]
        with clock.timed("collect"):
            env = make_environment(site, options.themes, options.editor_notes)
            units = plan(site, c, env, options, code, kinds=[notice_kind, annex_pages], static=False)
    else:
        loaded, errors, hashes, blobs = load_notices(site, sources, options, code, store, session, clock, progress,
                                                     jobs, keep_bodies=session is not None)
        if errors:
            raise ContentErrors(errors)
        skipped, notices = _published(options, loaded)
        notices_count = len(notices)
        with clock.timed("collect"):
            shape = _shape(inputs, notices) if session is not None else ()
            kept = session.planned if session is not None and not options.full else None
            if kept is not None and kept.basis == shape:
                c, env, units = kept.c, kept.env, kept.units
                changed = _new_bodies(kept, notices, session)
                if live is not None and kept.published == live.identity:
                    quick = changed
            else:
                c = collect(site, notices, options.today)
                env = make_environment(site, options.themes, options.editor_notes)
                units = plan(site, c, env, options, code)
                if session is not None:
                    by_notice: dict[str, list[Unit]] = {}
                    for unit in units:
                        if unit.notice:
                            by_notice.setdefault(unit.notice, []).append(unit)
                    session.planned = _Planned(shape, c, env, units, cache.Fingerprinter(c),
                                               {notice.key: notice for notice in notices},
                                               cache.template_versions(env),
                                               cache.digest(code, site.config.model_dump_json(),
                                                            env.globals["editor_notes"]), by_notice)
            shape_note = _shape_of(c, loaded)
    previous_units = live.units if live is not None else {}
    search = _SearchSource(output.workdir / "search-source" if output.workdir else None) if options.search else None
    candidates = units if quick is None or kept is None else [u for key in quick for u in kept.by_notice.get(key, ())]
    dirty = [u for u in candidates if options.full or previous_units.get(u.id, ("",))[0] != u.fingerprint
             or (search is not None and u.search_url
                 and not search.has(u.search_url, u.search_year, previous_units.get(u.id)))]
    fingerprints = cache.Fingerprinter(c)
    everything = cache.digest(code, site.config.model_dump_json())
    site_units = {o.name: cache.digest(everything, "site", o.name, fingerprints.collections)
                  for o in OUTPUTS if o.site_files} if fast is None else {}  # bodies alone: the same as before
    site_dirty = [o for o in OUTPUTS if o.name in site_units and (options.full or previous_units.get(
        f"site:{o.name}", ("",))[0] != site_units[o.name])]

    record = publish.Record()
    remade = {u.id for u in dirty} | {f"site:{o.name}" for o in site_dirty}
    if quick is not None:  # the same units as the live site's: keep them all, the remade ones are replaced
        record.units = dict(previous_units)
    else:
        for unit_id in [u.id for u in units] + [f"site:{name}" for name in site_units]:
            if unit_id not in remade:
                record.units[unit_id] = previous_units[unit_id]
    page_count = sum(1 for u in units if u.id.startswith("page:")) if fast is None else previous["summary"]["pages"]
    searched_before = {unit_id: unit for unit_id, unit in previous_units.items() if unit_id.startswith("search:")}
    search_changes = options.search != bool(searched_before)
    if live is not None and not (options.full or dirty or site_dirty or search_changes):
        record.units.update(searched_before)
        record.inputs = {**inputs, **shape_note, "sources": hashes, "stats": sources.stats,
                         "snapshot_ns": time.time_ns(),
                         "summary": {"notices": notices_count, "pages": page_count, "files": len(live.files()),
                                     "skipped": skipped}}
        if "search_pages" in previous:
            record.inputs["search_pages"] = previous["search_pages"]
        output.save(record)  # e.g. only a comment in site.yaml changed: nothing to make
        if session is not None and session.planned is not None:
            session.planned.published = output.live.identity
        clock.add("total", time.perf_counter() - started)
        return Result(notices_count, page_count, len(live.files()), skipped, timings=clock.spent)

    tree = output.stage()
    try:
        run = _Production(site, c, tree, live.files() if live is not None else {}, store, session, search, blobs,
                          clock, progress)
        with clock.timed("render (wall)"):
            run.make(dirty, record, jobs)
        with clock.timed("site files"):
            for o in site_dirty:
                record.units[f"site:{o.name}"] = (site_units[o.name], run.site_files(o, units))
        searched = False
        if search is not None:
            by_year: dict[int, dict[str, str]] = {}  # year → notice page → its unit
            if fast is not None:
                by_year = previous["search_pages"]
            for u in units:
                if u.search_url:
                    by_year.setdefault(u.search_year, {})[u.search_url] = u.id
            search.keep_only({url: year for year, pages in by_year.items() for url in pages})
            stale: dict[int, str] = {}
            for year, urls in by_year.items():
                notice_pages = {url: record.units[unit_id][1] for url, unit_id in urls.items()}
                fingerprint = cache.digest(code, year, tuple(sorted((url, tuple(files.values()))
                                                                    for url, files in notice_pages.items())))
                before = previous_units.get(f"search:{year}")
                if before is not None and (before[0] == fingerprint or options.keep_search) and not options.full:
                    record.units[f"search:{year}"] = before
                else:
                    stale[year] = fingerprint
            if stale:
                with clock.timed("search"):
                    for year, files in _index(search, tree, run.live, run.written, sorted(stale), jobs).items():
                        record.units[f"search:{year}"] = (stale[year], files)
                searched = True
            search.commit()
        with clock.timed("publish"):
            if quick is not None:  # the live files with the remade units' files replaced
                wanted = dict(run.live)
                for unit_id in remade | {f"search:{u.search_year}" for u in dirty if u.search_url}:
                    if previous_units.get(unit_id) is not record.units.get(unit_id):
                        for path in previous_units.get(unit_id, ("", {}))[1]:
                            wanted.pop(path, None)
                        wanted.update(record.units.get(unit_id, ("", {}))[1])
                record.prime(wanted)
            else:
                wanted = record.files()
            record.inputs = {**inputs, **shape_note, "sources": hashes, "stats": sources.stats,
                             "snapshot_ns": time.time_ns(),
                             "summary": {"notices": notices_count, "pages": page_count, "files": len(wanted),
                                         "skipped": skipped}}
            if search is not None:
                record.inputs["search_pages"] = by_year
            if live is not None and wanted == run.live and not options.full:
                output.abandon(tree, untouched=run.written[0] == 0)  # nothing differs from the live site
                output.save(record)
            else:
                output.reconcile(tree, wanted)
                output.commit(tree, record)
    except BaseException:
        output.abandon(tree)
        raise
    if session is not None:
        if session.planned is not None:
            session.planned.published = output.live.identity if output.live is not None else None
        if quick is None:
            kept_parts = {u.fingerprint for u in units if u.output in run.part_outputs}
            session.parts = {key: value for key, value in session.parts.items() if key in kept_parts}
            store.prune("parts", kept_parts)
    elif fast is None:  # (a build of a few notices' bodies knows only their units)
        store.prune("parts", {u.fingerprint for u in units if u.output in run.part_outputs})
    clock.add("total", time.perf_counter() - started)
    return Result(notices_count, page_count, len(wanted), skipped, run.written[0], len(dirty) + len(site_dirty),
                  searched=searched, timings=clock.spent)


def _new_bodies(kept: _Planned, notices: list[Notice], session: Session) -> set[str]:
    """Give the kept plan's notices the bodies just parsed, and their pages new fingerprints.

    Returns the keys of the notices that changed.
    """
    changed: dict[str, Notice] = {}
    for notice in notices:
        old = kept.notices[notice.key]
        if notice is not old and notice.digest != old.digest:
            old.body, old.toc, old.annex_html, old.lines = notice.body, notice.toc, notice.annex_html, notice.lines
            old.digest = notice.digest
            changed[notice.key] = notice
    if not changed:
        return set()
    for key, (notice, errors) in list(session.parsed.items()):  # the session keeps the plan's objects
        if notice is not None and notice.key in changed and notice is changed[notice.key]:
            session.parsed[key] = (kept.notices[notice.key], errors)
    for key in changed:
        for unit in kept.by_notice.get(key, ()):
            if unit.page is not None:
                page = unit.page
                unit.fingerprint = kept.fingerprints.page(page.context, kept.everything,
                                                          kept.templates.get(page.template, ""), page.path,
                                                          page.template)
    return set(changed)


class _Production:
    """Making the units that changed and writing their files into the tree.

    Units that belong to a notice go to the workers, a notice's units together: the worker
    renders them from its own copy of the notice (read back from the cache), so it never
    touches — and so never copies — the build's notices. The site's own pages (lists of
    notices) are made here meanwhile. Parts of site-wide files go to the cache as they come.
    """

    def __init__(self, site: Site, c: Collections, tree: publish.Tree, live: dict[str, str], store: cache.Store,
                 session: Session | None, search: "_SearchSource | None", blobs: dict[str, str], clock: Clock,
                 progress: Progress | None):
        self.site, self.c, self.tree, self.live, self.store = site, c, tree, live, store
        self.session, self.search, self.blobs, self.clock, self.progress = session, search, blobs, clock, progress
        self.part_outputs = {o.name for o in OUTPUTS if o.site_files is not None}
        self.written = [0]
        self.pending_parts: dict[str, bytes] = {}
        if search is not None:
            search.begin(tree)

    def whole(self, key: str) -> Notice:
        """The notice with its rendered body: the build's own object, or a copy from the cache."""
        notice = self.c.by_key[key]
        blob = self.blobs.get(key)
        if blob is None:
            return notice
        found = self.store.get("notices", [blob]).get(blob)
        value = cache.loads(found) if found is not None else None
        if value is None or value[0] is None:
            raise RuntimeError(f"the cached notice {key} is gone; run the build again with --full")
        return value[0]

    def one(self, unit: Unit, notice: Notice | None) -> tuple[dict[str, str], list[str], bytes | None, dict]:
        local = Clock()
        with local.timed("render" if unit.id.startswith("page:") else unit.id.split(":")[0]):
            made = unit.make(notice)
        files = made.files if hasattr(made, "files") else made
        produced: dict[str, str] = {}
        wrote: list[str] = []
        with local.timed("write"):
            for path, data in files:
                if isinstance(data, str):
                    data = data.encode("utf-8")
                content = cache.file_digest(data)
                produced[path] = content
                if self.tree.present.get(path) == content or self.live.get(path) == content:
                    continue  # unchanged: the spare has it, or it is linked from the live site
                self.tree.write(path, data, content)
                wrote.append(path)
        if unit.search_url and self.search is not None:
            with local.timed("search copies"):
                self.search.write(unit.search_url, unit.search_year, files[0][1])
        part = getattr(made, "part", None)
        return produced, wrote, (cache.dumps(part) if unit.output in self.part_outputs else None), local.spent

    def bundle(self, units: list[Unit]) -> list[tuple]:
        notice = self.whole(units[0].notice)
        return [self.one(unit, notice) for unit in units]

    def make(self, dirty: list[Unit], record: publish.Record, jobs: int) -> None:
        by_notice: dict[str, list[Unit]] = {}
        own: list[Unit] = []
        for unit in dirty:
            (by_notice.setdefault(unit.notice, []) if unit.notice else own).append(unit)
        bundles = list(by_notice.values())
        total, done = len(dirty), [0]

        def finished(unit: Unit, result: tuple) -> None:
            produced, wrote, part, spent = result
            self.clock.merge(spent)
            record.units[unit.id] = (unit.fingerprint, produced)
            self.tree.present.update((path, produced[path]) for path in wrote)  # written in a worker
            self.written[0] += len(wrote)
            if part is not None:
                self.pending_parts[unit.fingerprint] = part
                if self.session is not None:
                    self.session.parts[unit.fingerprint] = part
                if len(self.pending_parts) >= 512:
                    self.store.put("parts", self.pending_parts)
                    self.pending_parts = {}
            if unit.search_url and self.search is not None:
                self.search.note(unit.search_url, unit.search_year, produced[next(iter(produced))])
            done[0] += 1
            if self.progress:
                self.progress("render", done[0], total)

        def bundle_done(units: list[Unit], results: list[tuple]) -> None:
            for unit, result in zip(units, results):
                finished(unit, result)

        pending = iter(own)

        def alongside() -> bool:
            unit = next(pending, None)
            if unit is None:
                return False
            finished(unit, self.one(unit, None))
            return True

        workers.each(self.bundle, bundles, jobs, bundle_done, alongside=alongside)
        self.store.put("parts", self.pending_parts)
        self.pending_parts = {}

    def site_files(self, output: Output, units: list[Unit]) -> dict[str, str]:
        """One site-wide output from every notice's part: kept, or (when the cache lost it) made now."""
        wanted = {u.notice: u.fingerprint for u in units if u.output == output.name}
        found: dict[str, bytes] = {}
        if self.session is not None:
            found.update((fp, self.session.parts[fp]) for fp in wanted.values() if fp in self.session.parts)
        found.update(self.store.get("parts", [fp for fp in wanted.values() if fp not in found]))
        parts: dict[str, Any] = {}
        for key, fingerprint in wanted.items():
            value = cache.loads(found[fingerprint]) if fingerprint in found else None
            if value is None:
                value = output.notice_files(self.site, self.c, self.whole(key)).part
            parts[key] = value
        del found
        produced = {}
        for path, data in output.site_files(self.site, self.c, parts):
            content = cache.file_digest(data)
            produced[path] = content
            if self.tree.present.get(path) != content and self.live.get(path) != content:
                self.tree.write(path, data, content)
                self.written[0] += 1
        return produced


class _SearchSource:
    """The copies of the notice pages the search index is built from, kept between builds.

    A copy lies at ``pages/<year>/<its URL's path>``: each year's notices are indexed on their
    own, into ``pagefind/<year>/`` (the search page merges the years' bundles), so an edit
    re-indexes one year, not the archive. ``state`` says which year and version (content hash)
    of each page the copy holds; it is removed while copies change, so after an interrupted
    build every copy is made again.
    """

    def __init__(self, root: Path | None):
        self.root = root
        self.ephemeral = root is None  # no cache: copies in the new tree, removed before it is published
        self.state: dict[str, tuple[int, str]] = {}
        self.trusted = False
        if root is not None:
            state = root / "state.pickle"
            value = cache.loads(state.read_bytes()) if state.exists() else None
            if isinstance(value, dict):
                self.state, self.trusted = value, True

    def has(self, url: str, year: int, unit: tuple[str, dict[str, str]] | None) -> bool:
        """Whether the copy of this page is the published version (else the page is made again)."""
        if self.ephemeral:
            return True  # nothing is kept between builds: every page is made, and copied, anyway
        return (unit is not None and self.trusted
                and self.state.get(url) == (year, next(iter(unit[1].values()), None)))

    def begin(self, tree: publish.Tree) -> None:
        if self.ephemeral:
            self.root = tree.root / ".search-source"
        assert self.root is not None
        (self.root / "state.pickle").unlink(missing_ok=True)
        (self.root / "pages").mkdir(parents=True, exist_ok=True)

    def _path(self, url: str, year: int) -> Path:
        assert self.root is not None
        return self.root / "pages" / str(year) / source_name(url)

    def write(self, url: str, year: int, html: bytes | str) -> None:
        assert self.root is not None
        write_source(url, html.decode("utf-8") if isinstance(html, bytes) else html, self.root / "pages" / str(year))

    def note(self, url: str, year: int, content: str) -> None:
        old = self.state.get(url)
        if old is not None and old[0] != year:  # the notice moved to another year's folder
            self._path(url, old[0]).unlink(missing_ok=True)
        self.state[url] = (year, content)

    def keep_only(self, urls: dict[str, int]) -> None:
        """Drop the copies of pages that are gone (``urls``: every notice page and its year)."""
        for url in [u for u in self.state if u not in urls]:
            year = self.state.pop(url)[0]
            if self.root is not None:
                self._path(url, year).unlink(missing_ok=True)

    def commit(self) -> None:
        assert self.root is not None
        if self.ephemeral:
            shutil.rmtree(self.root)
        else:
            (self.root / "state.pickle").write_bytes(cache.dumps(self.state))


def _index(search: _SearchSource, tree: publish.Tree, live_files: dict[str, str], written: list[int],
           years: list[int], jobs: int) -> dict[int, dict[str, str]]:
    """Run Pagefind over each year's page copies (as many at once as there are jobs); write the
    index files that differ from the live site's. Returns each year's files."""
    assert search.root is not None
    scratch = Path(tempfile.mkdtemp(prefix="index-", dir=search.root))
    try:
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:  # each thread waits on one indexer
            list(pool.map(lambda year: run_indexer(search.root / "pages" / str(year), scratch / str(year)), years))
        made: dict[int, dict[str, str]] = {}
        for year in years:
            produced = made[year] = {}
            bundle = scratch / str(year)
            for path in sorted(bundle.rglob("*")):
                if not path.is_file():
                    continue
                relative = f"pagefind/{year}/{path.relative_to(bundle).as_posix()}"
                data = path.read_bytes()
                content = cache.file_digest(data)
                produced[relative] = content
                if tree.present.get(relative) != content and live_files.get(relative) != content:
                    tree.write(relative, data)
                    written[0] += 1
        return made
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def check(options: Options, progress: Progress | None = None) -> tuple[Site, list[Notice], list[str]]:
    """Validate everything and render in memory; write nothing."""
    site, notices, skipped = load_all(options, progress)
    env = make_environment(site, options.themes, options.editor_notes)
    collections = collect(site, notices, options.today)
    all_pages = list(pages(site, collections))
    workers.each(lambda page: render_page(env, page) and None, all_pages, workers.jobs_for(options.jobs),
                 lambda page, result: None)
    return site, notices, skipped
