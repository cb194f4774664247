"""What a build must make, given what the live site was made from.

A build compares what it looks at now (:func:`inputs_now`) with the record of the live site. When
nothing changed it stops (:func:`up_to_date`). Otherwise a *planner* says which units may have
changed, as a :class:`WorkSet`; the build makes those whose fingerprint differs from the record.
Planners:

- :func:`plan_whole`: every notice loaded, the site collected and planned (always right);
- :func:`plan_bodies`: only notice bodies changed since the live site, so only those notices'
  own pages can differ (a one-shot ``make build`` after fixing a sentence);
- :func:`generator.session.plan_in_session`: the dev server's kept plan, reused while the
  site's shape stays the same.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field

import jinja2

from . import cache, workers
from .collect import Collections, Link, collect
from .config import Site
from .fingerprints import Fingerprints, file_digest, notice_key, parse_version, template_versions
from .load import read_file
from .markdown import make_markdown
from .notice import Notice
from .options import Options
from .outputs import OUTPUTS, Format
from .parse import Loaded, Sources, load_notice, published, theme_files
from .plan import Unit, plan, site_units, unit_year
from .record import Inputs, Record, Summary
from .render import annexes as annex_pages, make_environment, notices as notice_pages, template_names
from .timing import Clock

MAX_BODY_EDITS = 32  # more edited notices than this take the whole way


@dataclass
class WorkSet:
    """What a build looks at, whichever planner made it.

    ``units`` are every unit the plan knows, ``candidates`` those that may have changed;
    with ``keeps_live`` the plan covers part of the site and every other unit stays as the
    live site has it.
    """

    way: str
    collections: Collections
    env: jinja2.Environment
    fingerprints: Fingerprints
    units: list[Unit]
    candidates: list[Unit]
    site_units: dict[str, str]  # site-wide output → fingerprint ({}: they cannot have changed)
    pages: int  # of the whole site
    notices: int  # published
    skipped: list[str]  # drafts and future notices left out
    hashes: dict[str, str]  # each notice file's content hash, as parsed
    fronts: dict[str, str]  # each notice's front-matter digest …
    links: dict[str, tuple[tuple, tuple]]  # … and which notices it shows (see shape_of)
    blobs: dict[str, str] = field(default_factory=dict)  # slim notices' whole copies in the cache
    search_pages: dict[int, dict[str, str]] = field(default_factory=dict)  # pages known besides ``units``
    keeps_live: bool = False
    loaded: int = 0  # notices held
    parsed: int = 0  # notice files parsed

    def dirty(self, live: Record, full: bool) -> list[Unit]:
        """The candidates whose fingerprint differs from the live site's."""
        return [u for u in self.candidates if full or live.fingerprint(u.id) != u.fingerprint]

    def site_dirty(self, live: Record, full: bool) -> list[Format]:
        return [o for o in OUTPUTS if o.name in self.site_units
                and (full or live.fingerprint(f"site:{o.name}") != self.site_units[o.name])]

    def record(self, live: Record, remade: set[str]) -> Record:
        """The new site's record, holding the live site's units that are kept."""
        record = Record()
        if self.keeps_live:
            record.take_all(live)  # the units remade are replaced as they are made
        else:
            ids = [u.id for u in self.units] + [f"site:{name}" for name in self.site_units]
            record.take([unit_id for unit_id in ids if unit_id not in remade], live)
        return record

    def note(self, now: Inputs, sources: Sources, files: int) -> Inputs:
        """What the record says the new site was made from."""
        return dataclasses.replace(now, sources=self.hashes, stats=sources.stats, snapshot_ns=time.time_ns(),
                                   summary=Summary(self.notices, self.pages, files, self.skipped),
                                   fronts=self.fronts, links=self.links)


def inputs_now(options: Options, site: Site, sources: Sources, code: str) -> Inputs:
    """What the site would be made from now, to compare with the live site's record."""
    return Inputs(code=code, site=file_digest(read_file(options.content / "site.yaml")),
                  config=site.config.model_dump_json(), themes=theme_files(options, site),
                  options=(options.drafts, options.future, options.today.isoformat(), options.search,
                           options.keep_search) + ((tuple(sorted(options.years)),) if options.years is not None else ()),
                  sources=sources.hashes)


def up_to_date(previous: Inputs | None, now: Inputs, sources: Sources) -> bool:
    """Exactly the sources, themes, options and generator of the live site."""
    return (previous is not None and not sources.errors and previous.same_setup(now)
            and previous.sources == now.sources)


def shape_of(collections: Collections, loaded: list[Notice]) -> tuple[dict[str, str], dict[str, tuple[tuple, tuple]]]:
    """What the record keeps so that a later build can tell a body edit from the rest (see plan_bodies)."""
    fronts = {notice.key: notice.front_digest for notice in loaded}
    upstream, downstream = collections.upstream, collections.downstream
    links = {key: (tuple(link.notice.key if link.notice else None for link in upstream[key]),
                   tuple(other.key for other in downstream[key]))
             for key in upstream if upstream[key] or downstream[key]}
    return fronts, links


class Templates:
    """A build's Jinja2 environment, its templates' versions and their compiled code, made a step at a time
    (:meth:`step`) while the workers parse the notices: none of it depends on them, and made between the
    phases it is time in which one core alone works. Compiled only where workers fork (and so share the
    code); a spawned worker is sent the environment pickled, which compiled templates are not."""

    def __init__(self, site: Site, options: Options):
        self.env = make_environment(site, options.themes, options.editor_notes, options.search,
                                    options.template_cache())
        self.versions: dict[str, str] | None = None
        self._compiling: list[str] | None = None if workers.start_method() == "fork" else []

    def step(self) -> bool:
        """Do the next piece; False when all is done."""
        if self.versions is None:
            self.versions = template_versions(self.env)
            return True
        if self._compiling is None:
            self._compiling = template_names(self.env)
        if not self._compiling:
            return False
        name = self._compiling.pop()
        try:
            self.env.get_template(name)
        except jinja2.TemplateError:
            pass  # rendering a page that uses it reports it
        return True

    def ready(self) -> tuple[jinja2.Environment, dict[str, str]]:
        while self.step():
            pass
        assert self.versions is not None
        return self.env, self.versions


def plan_whole(options: Options, site: Site, loaded: Loaded, code: str, clock: Clock,
               templates: Templates | None = None) -> WorkSet:
    """Every unit of the site: the way that is always right. ``templates``: made while the notices loaded."""
    skipped, notices = published(options, loaded.notices)
    with clock.timed("collect"):
        collections = collect(site, notices, options.today)
        env, versions = (templates or Templates(site, options)).ready()
        fingerprints = Fingerprints(code, site, collections, env, versions)
        units = plan(site, collections, env, options, fingerprints)
        if options.years is not None:  # a shard: its years' pages and files alone
            units = [unit for unit in units if unit_year(unit) in options.years]
        fronts, links = shape_of(collections, loaded.notices)
    return WorkSet("whole site", collections, env, fingerprints, units, units, site_units(fingerprints),
                   sum(1 for u in units if u.page is not None), len(notices), skipped, loaded.hashes, fronts,
                   links, loaded.blobs, loaded=len(loaded.notices), parsed=loaded.parsed)


def plan_bodies(options: Options, site: Site, sources: Sources, previous: Inputs, now: Inputs, code: str,
                store: cache.Store, clock: Clock) -> WorkSet | None:
    """When the only change since the live site is in notice bodies: those notices' own pages.

    A body shows on its notice's own pages alone (lists and other notices' pages show front
    matter), so such a build needs neither the rest of the archive nor a plan of the whole site:
    it parses the edited files, reads the neighbours their pages show back from the cache, and
    renders their pages. None whenever anything else may have changed; the whole way is always right.
    """
    if not previous.same_setup(now) or previous.summary is None:
        return None
    before, hashes = previous.sources, sources.hashes
    if sources.errors or before.keys() != hashes.keys() or len(hashes) != len(sources.files):
        return None
    edited = [source for source in sources.files if hashes[sources.name(source)] != before[sources.name(source)]]
    if not edited or len(edited) > MAX_BODY_EDITS:
        return None
    parse = parse_version(site, code)
    md = make_markdown(site.config.markdown.extensions)
    fresh: dict[str, bytes] = {}
    changed: list[Notice] = []
    for source in edited:
        notice, errors = load_notice(site, source, md, clock=clock)
        if notice is None or errors or previous.fronts.get(notice.key) != notice.front_digest:
            return None
        fresh[notice_key(parse, notice.digest, source.shown, source.slug, source.year)] = cache.dumps(
            (notice, errors))
        changed.append(notice)
    _, shown = published(options, changed)  # front matter as before: drafts stay drafts
    neighbours = _neighbours(sources, previous, changed, shown, parse, store, clock)
    if neighbours is None:
        return None
    collections = _collections(shown, neighbours, previous.links, options)
    if collections is None:
        return None
    store.put("notices", fresh)
    with clock.timed("collect"):
        env = make_environment(site, options.themes, options.editor_notes, options.search, options.template_cache())
        fingerprints = Fingerprints(code, site, collections, env)
        units = plan(site, collections, env, options, fingerprints, kinds=[notice_pages, annex_pages],
                     static=False)
    summary = previous.summary
    search_pages = {year: dict(pages) for year, pages in (previous.search_pages or {}).items()}
    return WorkSet("bodies", collections, env, fingerprints, units, units, {}, summary.pages, summary.notices,
                   summary.skipped, sources.hashes, previous.fronts, previous.links, search_pages=search_pages,
                   keeps_live=True, loaded=len(neighbours), parsed=len(edited))


def _neighbours(sources: Sources, previous: Inputs, edited: list[Notice], shown: list[Notice], parse: str,
                store: cache.Store, clock: Clock) -> dict[str, Notice] | None:
    """The edited notices and the notices the pages of those ``shown`` show (from the cache), by key;
    None if one is missing."""
    neighbours: dict[str, Notice] = {notice.key: notice for notice in edited}  # edited neighbours as edited
    by_name = {sources.name(source): source for source in sources.files}
    wanted: dict[str, str] = {}  # neighbour's key → its cache key
    for notice in shown:
        up, down = previous.links.get(notice.key, ((), ()))
        for key in [k for k in up if k and k not in neighbours] + [k for k in down if k not in neighbours]:
            source = by_name.get(key + ".md")
            if source is None:
                return None
            wanted[key] = notice_key(parse, sources.hashes[key + ".md"], source.shown, source.slug, source.year)
    with clock.timed("cache"):
        found = store.get("notices", list(wanted.values()))
    for key, cache_key in wanted.items():
        value = cache.loads(found[cache_key]) if cache_key in found else None
        if value is None or value[0] is None:
            return None
        neighbours[key] = value[0]
    return neighbours


def _collections(changed: list[Notice], neighbours: dict[str, Notice], links: dict[str, tuple[tuple, tuple]],
                 options: Options) -> Collections | None:
    """Collections of the edited notices alone, with their links as the record has them."""
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
    return Collections(changed, {n.key: n for n in changed}, {}, {}, {}, {}, [], [], [], upstream, downstream,
                       options.today)


__all__ = ["Templates", "WorkSet", "inputs_now", "plan_bodies", "plan_whole", "shape_of", "up_to_date"]
