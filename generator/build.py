"""The pipeline, start to end: discover → load → model → markdown → collect → render → outputs → publish.

A build does each piece of work at most once across builds. The pieces are
*units* (:mod:`generator.plan`): a page, one notice's files of one output format
(its calendar, its JSON, its forms), a site-wide file, a static file, the search
index of a year. Each unit has a fingerprint (:mod:`generator.fingerprints`) of
everything it depends on; the record of the live site (:mod:`generator.record`)
says which fingerprint each of its units had. A planner
(:mod:`generator.incremental`, :mod:`generator.session`) says which units may
have changed; those whose fingerprint differs are made again
(:mod:`generator.produce`, in worker processes when there are many) and written
into the tree that replaces the site in one atomic step
(:mod:`generator.publish`). Parsing a notice is cached by its content
(:mod:`generator.parse`), so a build after an edit parses one file.

When the sources, themes, options and generator are exactly those of the live
site, a build stops after looking at them: nothing is rendered or written.
``--full`` ignores every cache and the record and makes everything again.
"""

from __future__ import annotations

import dataclasses
import gc
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import cache, fingerprints, incremental, publish, session as sessions, shards, workers
from .collect import collect
from .config import Site
from .errors import ContentErrors
from .incremental import WorkSet
from .notice import Notice
from .options import Options, Progress, Result
from .outputs import Format, Share
from .outputs import search as searching
from .parse import Sources, load_all, load_notices, look_at_sources, notice_warnings, site_for
from .plan import Unit
from .produce import Production
from .publish import OutputFolder, Tree
from .record import Inputs, Record, UnitRecord
from .render import compile_all, footer_warning, make_environment, pages, render_page, search_warning
from .session import Session
from .timing import Clock
from .urls import sitemap_warning

__all__ = ["Options", "Result", "Session", "build", "check", "load_all"]


def build(options: Options, progress: Progress | None = None, session: Session | None = None,
          waiting: Callable[[str], None] | None = None) -> Result:
    """Build the site; on any content error nothing in ``options.output`` changes.

    One build of an output at a time: ``waiting`` is told when this one waits for another.
    """
    clock = Clock()
    started = time.perf_counter()
    collecting = gc.isenabled()
    gc.disable()  # millions of objects and almost no cycles: the collector's passes cost a third of loading
    try:
        with clock.timed("config"):
            site = site_for(options, session)
            options = options.dated(site)
        with clock.timed("checks"):
            publish.check_output(options.output, [options.content, options.themes, Path.cwd()])
            cache_dir = options.cache_dir()
            if cache_dir is not None:
                publish.check_cache(cache_dir, {"output": options.output, "content": options.content,
                                                "themes": options.themes})
        sitemap_news = sitemap_warning(site, options.output)  # looked at before this build replaces the output
        folder = OutputFolder(options.output, publish.workdir_for(cache_dir, options.output) if cache_dir else None,
                              session.records if session is not None else None, waiting)
        try:
            result = _in_folder(options, site, folder, session, clock, progress)
        except OSError as exc:  # a full disk, a read-only folder: the system's answer, not a bug
            raise publish.refused(exc, folder) from None
    finally:
        if collecting:
            gc.enable()
    clock.add("total", time.perf_counter() - started)
    result.timings = clock.spent
    result.warnings = [warning for warning in [sitemap_news,
                                               footer_warning(site, options.themes, options.output),
                                               search_warning(site, options.themes)] if warning] \
        + result.warnings
    return result


def _in_folder(options: Options, site: Site, folder: OutputFolder, session: Session | None, clock: Clock,
               progress: Progress | None) -> Result:
    with clock.timed("open (records, verify output)"):
        folder.open(trust_records=not options.full)
        store = session.store if session is not None and session.store is not None else cache.Store(options.cache_dir())
    try:
        return _build(_Build(options, site, folder, store, session, clock, progress))
    finally:
        folder.close()
        if session is None or session.store is not store:
            store.close()


@dataclass
class _Build:
    """One build: what it was asked, where it publishes, what it keeps, and what it looked at."""

    options: Options
    site: Site
    folder: OutputFolder
    store: cache.Store
    session: Session | None
    clock: Clock
    progress: Progress | None
    live: Record = field(default_factory=Record)  # the live site's record (empty: none is trusted)
    code: str = ""
    sources: Sources | None = None
    now: Inputs | None = None  # what the site would be made from now

    @property
    def jobs(self) -> int:
        return workers.jobs_for(self.options.jobs)


def _build(run: _Build) -> Result:
    _look(run)
    if _up_to_date(run):
        with run.clock.timed("note"):
            return _unchanged(run)
    with run.clock.timed("plan (wall)"):
        work = _plan(run)
    if not run.now.sources and work.hashes:  # files not hashed before they were parsed (see _look)
        run.now = dataclasses.replace(run.now, sources=work.hashes)
    dirty, site_dirty = work.dirty(run.live, run.options.full), work.site_dirty(run.live, run.options.full)
    remade = {u.id for u in dirty} | {f"site:{o.name}" for o in site_dirty}
    record = work.record(run.live, remade)
    searched_before = any(unit_id.startswith("search:") for unit_id in run.live.ids())
    if run.folder.live is not None and not (run.options.full or remade or run.options.search != searched_before
                                            or run.folder.damaged):
        return _nothing_to_make(run, work, record)
    with run.clock.timed("stage (spare record, verify spare)"):
        tree = run.folder.stage()
    try:
        production = _produce(run, work, tree, record, dirty, site_dirty)
        indexed = _search(run, work, record, production, remade) if run.options.search else []
        with run.clock.timed("publish"):
            files = _publish(run, work, tree, record, production, remade)
    except BaseException:
        run.folder.abandon(tree)
        raise
    with run.clock.timed("forget"):
        _forget(run, work, production)
    if run.options.shard_out is not None:
        shards.describe(run.options, run.site, run.code, run.now, work)
    return Result(work.notices, work.pages, files, work.skipped, production.written, len(dirty) + len(site_dirty),
                  searched=run.options.search, way=work.way, loaded=work.loaded, parsed=work.parsed, indexed=indexed,
                  warnings=notice_warnings(work.collections.notices))


def _look(run: _Build) -> None:
    """The live site's record, the notice files, and what the site would be made from now."""
    run.live = run.folder.live or Record()
    with run.clock.timed("look: code version"):
        run.code = fingerprints.build_version(run.site)
    with run.clock.timed("look: sources"):
        # A first build with an empty cache parses every file, which hashes it (in the workers): not here first.
        cold = run.live.inputs is None and run.session is None and (run.options.full or run.store.empty("notices"))
        run.sources = look_at_sources(run.options, run.live.inputs, run.session, hash_files=not cold)
    with run.clock.timed("look: config and themes"):
        run.now = incremental.inputs_now(run.options, run.site, run.sources, run.code)


def _up_to_date(run: _Build) -> bool:
    """Nothing changed (a session's first build still plans: it keeps the plan)."""
    return (incremental.up_to_date(run.live.inputs, run.now, run.sources) and not run.options.full
            and not run.folder.damaged and (run.session is None or run.session.planned is not None))


def _unchanged(run: _Build) -> Result:
    """Nothing changed since the live site; note the files' times if they changed (a touched file)."""
    previous = run.live.inputs
    assert previous is not None and previous.summary is not None
    if previous.stats != run.sources.stats:
        record = Record(inputs=Inputs.from_plain({**previous.to_plain(), "stats": run.sources.stats,
                                                  "snapshot_ns": time.time_ns()}))
        record.take_all(run.live)
        run.folder.save(record)
    summary = previous.summary
    return Result(summary.notices, summary.pages, summary.files, summary.skipped, up_to_date=True, way="up to date")


def _plan(run: _Build) -> WorkSet:
    """The work set of the first planner that applies: bodies alone, the session's kept plan, or the whole site."""
    options, previous = run.options, run.live.inputs
    damaged = bool(run.folder.damaged)  # then the whole way: a planner of a part keeps the rest as published
    if (run.session is None and previous is not None and not options.full and not damaged
            and (not options.search or previous.search_pages is not None)):
        work = incremental.plan_bodies(options, run.site, run.sources, previous, run.now, run.code, run.store,
                                       run.clock)
        if work is not None:
            return work
    templates = incremental.Templates(run.site, options) if run.session is None else None
    loaded = load_notices(run.site, run.sources, options, run.code, run.store, run.session, run.clock, run.progress,
                          run.jobs, keep_bodies=run.session is not None,
                          alongside=templates.step if templates is not None else None)
    if loaded.errors:
        raise ContentErrors(loaded.errors)
    if run.session is not None:
        return sessions.plan_in_session(run.session, options, run.site, loaded, run.now, run.code,
                                        None if damaged else run.folder.live, run.clock)
    return incremental.plan_whole(options, run.site, loaded, run.code, run.clock, templates)


def _nothing_to_make(run: _Build, work: WorkSet, record: Record) -> Result:
    """Something was looked at anew but no unit changed (e.g. a comment in site.yaml): note it."""
    live = run.live
    record.take([unit_id for unit_id in live.ids() if unit_id.startswith("search:")], live)
    files = len(live.files())
    record.inputs = work.note(run.now, run.sources, files)
    record.inputs.search_pages = live.inputs.search_pages if live.inputs is not None else None
    run.folder.save(record)
    if run.session is not None:
        sessions.after_build(run.session, work, run.folder.live, None)
    return Result(work.notices, work.pages, files, work.skipped, way=work.way, loaded=work.loaded,
                  parsed=work.parsed, warnings=notice_warnings(work.collections.notices))


def _produce(run: _Build, work: WorkSet, tree: Tree, record: Record, dirty: list[Unit],
             site_dirty: list[Format]) -> Production:
    """Make the units that changed, then the site-wide files that changed, into the tree."""
    production = Production(run.site, work.collections, tree, run.live.files(), run.store,
                            run.session.parts if run.session is not None else None, work.blobs, run.clock,
                            run.progress)
    with run.clock.timed("render (wall)"):
        production.make(dirty, record, run.jobs, prepare=lambda: compile_all(work.env))
    years = run.options.years
    share = Share(common=years is None, years=years)  # a shard makes its years' part of them
    with run.clock.timed("site files"):
        for output in site_dirty:
            record.put(f"site:{output.name}", UnitRecord(work.site_units[output.name],
                                                         production.site_files(output, work.units, share)))
    return production


def _search(run: _Build, work: WorkSet, record: Record, production: Production, remade: set[str]) -> list[int]:
    """Bring the search index up to date (:mod:`generator.outputs.search`): years whose bundle is not as
    the kept state says are indexed again, pages edited since go into the delta; returns the years indexed."""
    by_year = work.search_pages  # year → notice page → its unit
    for unit in work.units:
        if unit.search_url:
            by_year.setdefault(unit.search_year, {})[unit.search_url] = unit.id
    pages = _SearchPages(production.tree, run.folder.output)
    for year, urls in by_year.items():
        for url, unit_id in urls.items():
            pages.add(url, year, record.unit(unit_id).files)
    state_path = run.folder.workdir / "search-state.pickle" if run.folder.workdir else None
    if run.folder.workdir is not None and (run.folder.workdir / "search-source").exists():
        shutil.rmtree(run.folder.workdir / "search-source")  # the page copies earlier versions indexed
    state = searching.SearchState.load(state_path)
    stale = {year for year in by_year if run.options.full or year not in state.years
             or run.live.fingerprint(f"search:{year}") != state.years[year].fingerprint}
    for year in set(state.years) - set(by_year):
        state.years.pop(year)  # no notice left in that year: its bundle goes
    if state_path is not None:
        state_path.unlink(missing_ok=True)  # a build stopped half-way leaves no state: every year is indexed again
    indexers = [searching.Indexer() for _ in range(min(2, run.jobs))]  # each started on first use
    try:
        with run.clock.timed("search"):
            indexed = _index(run, record, production, indexers, state, stale, pages)
    finally:
        for indexer in indexers:
            indexer.close()
    for year in by_year:
        if year not in indexed:
            record.take([f"search:{year}"], run.live)
    remade.update(f"search:{year}" for year in indexed)
    if run.options.years is None:
        remade.add("search:delta")
    state.save(state_path)
    return indexed


class _SearchPages:
    """Each notice page's year, content hash and where its HTML is: the tree being built, or the live site."""

    def __init__(self, tree: Tree, live: Path):
        self.tree, self.live = tree, live
        self.current: dict[str, tuple[int, str]] = {}
        self.paths: dict[str, str] = {}

    def add(self, url: str, year: int, files: dict[str, str]) -> None:
        path, content = next(iter(files.items()))
        self.current[url], self.paths[url] = (year, content), path

    def html(self, urls: list[str]):
        for url in urls:
            path = self.paths[url]
            folder = self.tree.root if self.tree.present.get(path) == self.current[url][1] else self.live
            yield url, (folder / path).read_text(encoding="utf-8")


def _index(run: _Build, record: Record, production: Production, indexers: "list[searching.Indexer]",
           state: "searching.SearchState", stale: set[int], pages: _SearchPages) -> list[int]:
    """Index the years the plan names, then the delta (kept when it holds what it held); a hidden page
    whose id a new delta page shares makes its year indexed too (rare: ids have 7 hex digits)."""
    scratch = run.folder.workdir if run.folder.workdir is not None else production.tree.root
    indexed: list[int] = []
    while True:
        plan = searching.plan_search(pages.current, state, stale)
        if run.options.keep_search:  # the dev server: the published bundles stay, a year that is new is indexed
            plan = searching.SearchPlan([year for year in plan.years if run.live.unit(f"search:{year}") is None], {}, {})
        by_year: dict[int, list[str]] = {}
        for url, (year, _) in pages.current.items():
            by_year.setdefault(year, []).append(url)
        split = {year: searching.split_year(year, by_year[year]) for year in plan.years}  # a big year in parts
        made = searching.index_bundles(indexers, [(name, pages.html(urls)) for year in plan.years
                                                  for name, urls in split[year]], scratch, production.keep)
        for year in plan.years:
            files, held = {}, {}
            for name, _ in split[year]:
                files.update(made[name][0])
                held.update(made[name][1])
            fingerprint = fingerprints.digest(run.code, year, sorted(files.items()))
            record.put(f"search:{year}", UnitRecord(fingerprint, files))
            state.years[year] = searching.Bundle(fingerprint, {url: (pages.current[url][1], *held[url]) for url in held},
                                                 [name for name, _ in split[year][1:]])
        indexed += plan.years
        stale -= set(plan.years)
        if run.options.years is not None:
            return sorted(indexed)  # a shard has no delta: the merge writes an empty delta.json
        parts = [name for bundle in state.years.values() for name in bundle.parts]  # listed in delta.json
        fingerprint = fingerprints.digest(run.code, sorted(plan.delta.items()), sorted(plan.hidden),
                                          searching.ordered_parts(parts))
        if run.options.keep_search and run.live.unit("search:delta") is not None:
            record.take(["search:delta"], run.live)
            return sorted(indexed)
        if run.live.fingerprint("search:delta") == fingerprint and not run.options.full:
            record.take(["search:delta"], run.live)
            return sorted(indexed)
        files = {searching.DELTA_FILE: production.keep(searching.DELTA_FILE, searching.delta_file(plan, parts))}
        if plan.delta:
            made = searching.index_bundles(indexers[:1], [(searching.DELTA, pages.html(sorted(plan.delta)))], scratch,
                                           production.keep)
            delta_files, held = made[searching.DELTA]
            clashes = searching.delta_clashes(plan, held)
            if clashes:
                stale |= clashes
                continue
            files.update(delta_files)
        record.put("search:delta", UnitRecord(fingerprint, files))
        return sorted(indexed)


def _publish(run: _Build, work: WorkSet, tree: Tree, record: Record, production: Production,
             remade: set[str]) -> int:
    """Swap the new tree in (or, when it holds the live site's files, keep the live tree); returns its file count."""
    live_files = production.live
    if work.keeps_live:  # the live files with the remade units' files replaced
        wanted = dict(live_files)
        for unit_id in remade:
            if not record.same_unit(unit_id, run.live):
                for path in _files_of(run.live, unit_id):
                    wanted.pop(path, None)
                wanted.update(_files_of(record, unit_id))
        record.prime(wanted)
    else:
        wanted = record.files()
    record.inputs = work.note(run.now, run.sources, len(wanted))
    if run.options.search:
        record.inputs.search_pages = work.search_pages
    if run.folder.live is not None and wanted == live_files and not run.options.full:
        run.folder.abandon(tree, untouched=production.written == 0)  # nothing differs from the live site
        run.folder.save(record)
    else:
        run.folder.reconcile(tree, wanted)
        run.folder.commit(tree, record)
    return len(wanted)


def _files_of(record: Record, unit_id: str) -> dict[str, str]:
    unit = record.unit(unit_id)
    return unit.files if unit is not None else {}


def _forget(run: _Build, work: WorkSet, production: Production) -> None:
    """Parts of site-wide files no longer used are dropped, when the plan covered the whole site."""
    kept_parts = None if work.keeps_live else {u.fingerprint for u in work.units
                                               if u.output in production.part_outputs}
    if run.session is not None:
        sessions.after_build(run.session, work, run.folder.live, kept_parts)
    if kept_parts is not None:
        run.store.prune("parts", kept_parts)


def check(options: Options, progress: Progress | None = None) -> tuple[Site, list[Notice], list[str]]:
    """Validate everything and render in memory; write nothing."""
    site, notices, skipped = load_all(options, progress)
    options = options.dated(site)
    env = make_environment(site, options.themes, options.editor_notes, options.search)
    collections = collect(site, notices, options.today)
    all_pages = list(pages(site, collections))
    workers.each(lambda page: render_page(env, page) and None, all_pages, workers.jobs_for(options.jobs),
                 lambda page, result: None)
    return site, notices, skipped
