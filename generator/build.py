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

import gc
import time
from pathlib import Path

from . import cache, fingerprints, incremental, publish, session as sessions, workers
from .collect import collect
from .config import Site
from .errors import ContentErrors
from .incremental import WorkSet
from .notice import Notice
from .options import Options, Progress, Result
from .outputs.search import SearchSource, index_years
from .parse import Sources, load_all, load_notices, look_at_sources, site_for
from .produce import Production
from .publish import OutputFolder, Tree
from .record import Inputs, Record, UnitRecord
from .render import make_environment, pages, render_page
from .session import Session
from .timing import Clock

__all__ = ["Options", "Result", "Session", "build", "check", "load_all"]


def build(options: Options, progress: Progress | None = None, session: Session | None = None) -> Result:
    """Build the site; on any content error nothing in ``options.output`` changes."""
    clock = Clock()
    started = time.perf_counter()
    collecting = gc.isenabled()
    gc.disable()  # millions of objects and almost no cycles: the collector's passes cost a third of loading
    try:
        with clock.timed("config"):
            site = site_for(options, session)
        publish.check_output(options.output, [options.content, options.themes, Path.cwd()])
        cache_dir = options.cache_dir()
        folder = OutputFolder(options.output, publish.workdir_for(cache_dir, options.output) if cache_dir else None,
                              session.records if session is not None else None)
        folder.open(trust_records=not options.full)
        store = session.store if session is not None and session.store is not None else cache.Store(cache_dir)
        try:
            result = _build(options, site, folder, store, session, clock, progress)
        finally:
            folder.close()
            if session is None or session.store is not store:
                store.close()
    finally:
        if collecting:
            gc.enable()
    clock.add("total", time.perf_counter() - started)
    result.timings = clock.spent
    return result


def _build(options: Options, site: Site, folder: OutputFolder, store: cache.Store, session: Session | None,
           clock: Clock, progress: Progress | None) -> Result:
    live = folder.live or Record()
    with clock.timed("look"):
        code = fingerprints.code_version()
        sources = look_at_sources(options, live.inputs, session)
        now = incremental.inputs_now(options, site, sources, code)
    if (incremental.up_to_date(live.inputs, now, sources) and not options.full
            and (session is None or session.planned is not None)):
        return _unchanged(folder, live, sources)
    work = _plan(options, site, sources, folder.live, now, code, store, session, clock, progress)
    search = SearchSource(folder.workdir / "search-source" if folder.workdir else None) if options.search else None
    dirty = work.dirty(live, search, options.full)
    site_dirty = work.site_dirty(live, options.full)
    remade = {u.id for u in dirty} | {f"site:{o.name}" for o in site_dirty}
    record = work.record(live, remade)
    search_changes = options.search != any(unit_id.startswith("search:") for unit_id in live.ids())
    if folder.live is not None and not (options.full or dirty or site_dirty or search_changes):
        return _nothing_to_make(folder, work, record, live, now, sources, session)
    tree = folder.stage()
    try:
        run = Production(site, work.collections, tree, folder.live.files() if folder.live else {}, store,
                         session.parts if session is not None else None, search, work.blobs, clock, progress)
        with clock.timed("render (wall)"):
            run.make(dirty, record, workers.jobs_for(options.jobs))
        with clock.timed("site files"):
            for output in site_dirty:
                record.put(f"site:{output.name}", UnitRecord(work.site_units[output.name],
                                                             run.site_files(output, work.units)))
        indexed = _search(options, work, search, record, live, run) if search is not None else []
        with clock.timed("publish"):
            files = _publish(options, folder, tree, work, record, live, now, sources, run, remade, dirty)
    except BaseException:
        folder.abandon(tree)
        raise
    _forget(session, work, store, folder, run)
    return Result(work.notices, work.pages, files, work.skipped, run.written, len(dirty) + len(site_dirty),
                  searched=bool(indexed), way=work.way, loaded=work.loaded, parsed=work.parsed, indexed=indexed)


def _unchanged(folder: OutputFolder, live: Record, sources: Sources) -> Result:
    """Nothing changed since the live site; note the files' times if they changed (a touched file)."""
    previous = live.inputs
    assert previous is not None and previous.summary is not None
    if previous.stats != sources.stats:
        record = Record(inputs=Inputs.from_plain({**previous.to_plain(), "stats": sources.stats,
                                                  "snapshot_ns": time.time_ns()}))
        record.take_all(live)
        folder.save(record)
    summary = previous.summary
    return Result(summary.notices, summary.pages, summary.files, summary.skipped, up_to_date=True, way="up to date")


def _plan(options: Options, site: Site, sources: Sources, live: Record | None, now: Inputs, code: str,
          store: cache.Store, session: Session | None, clock: Clock, progress: Progress | None) -> WorkSet:
    """The work set of the first planner that applies: bodies alone, the session's kept plan, or the whole site."""
    previous = live.inputs if live is not None else None
    if (session is None and previous is not None and not options.full
            and (not options.search or previous.search_pages is not None)):
        work = incremental.plan_bodies(options, site, sources, previous, now, code, store, clock)
        if work is not None:
            return work
    loaded = load_notices(site, sources, options, code, store, session, clock, progress,
                          workers.jobs_for(options.jobs), keep_bodies=session is not None)
    if loaded.errors:
        raise ContentErrors(loaded.errors)
    if session is not None:
        return sessions.plan_in_session(session, options, site, loaded, now, code, live, clock)
    return incremental.plan_whole(options, site, loaded, code, clock)


def _nothing_to_make(folder: OutputFolder, work: WorkSet, record: Record, live: Record, now: Inputs,
                     sources: Sources, session: Session | None) -> Result:
    """Something was looked at anew but no unit changed (e.g. a comment in site.yaml): note it."""
    record.take([unit_id for unit_id in live.ids() if unit_id.startswith("search:")], live)
    files = len(live.files())
    record.inputs = work.note(now, sources, files)
    record.inputs.search_pages = live.inputs.search_pages if live.inputs is not None else None
    folder.save(record)
    if session is not None:
        sessions.after_build(session, work, folder.live, None)
    return Result(work.notices, work.pages, files, work.skipped, way=work.way, loaded=work.loaded,
                  parsed=work.parsed)


def _search(options: Options, work: WorkSet, search: SearchSource, record: Record, live: Record,
            run: Production) -> list[int]:
    """Bring each year's search index up to date; returns the years indexed again."""
    by_year = work.search_pages  # year → notice page → its unit
    for unit in work.units:
        if unit.search_url:
            by_year.setdefault(unit.search_year, {})[unit.search_url] = unit.id
    search.keep_only({url: year for year, urls in by_year.items() for url in urls})
    stale: dict[int, str] = {}
    for year, urls in by_year.items():
        fingerprint = work.fingerprints.search_year(year, {url: record.unit(unit_id).files
                                                           for url, unit_id in urls.items()})
        before = live.unit(f"search:{year}")
        if before is not None and (before.fingerprint == fingerprint or options.keep_search) and not options.full:
            record.take([f"search:{year}"], live)
        else:
            stale[year] = fingerprint
    if stale:
        with run.clock.timed("search"):
            made = index_years(search, sorted(stale), workers.jobs_for(options.jobs), run.keep)
        for year, files in made.items():
            record.put(f"search:{year}", UnitRecord(stale[year], files))
    search.commit()
    return sorted(stale)


def _publish(options: Options, folder: OutputFolder, tree: Tree, work: WorkSet, record: Record, live: Record,
             now: Inputs, sources: Sources, run: Production, remade: set[str], dirty: list) -> int:
    """Swap the new tree in (or, when it holds the live site's files, keep the live tree); returns its file count."""
    if work.keeps_live:  # the live files with the remade units' files replaced
        wanted = dict(run.live)
        for unit_id in remade | {f"search:{u.search_year}" for u in dirty if u.search_url}:
            if not record.same_unit(unit_id, live):
                for path in _files_of(live, unit_id):
                    wanted.pop(path, None)
                wanted.update(_files_of(record, unit_id))
        record.prime(wanted)
    else:
        wanted = record.files()
    record.inputs = work.note(now, sources, len(wanted))
    if options.search:
        record.inputs.search_pages = work.search_pages
    if folder.live is not None and wanted == run.live and not options.full:
        folder.abandon(tree, untouched=run.written == 0)  # nothing differs from the live site
        folder.save(record)
    else:
        folder.reconcile(tree, wanted)
        folder.commit(tree, record)
    return len(wanted)


def _files_of(record: Record, unit_id: str) -> dict[str, str]:
    unit = record.unit(unit_id)
    return unit.files if unit is not None else {}


def _forget(session: Session | None, work: WorkSet, store: cache.Store, folder: OutputFolder,
            run: Production) -> None:
    """Parts of site-wide files no longer used are dropped, when the plan covered the whole site."""
    kept_parts = None if work.keeps_live else {u.fingerprint for u in work.units if u.output in run.part_outputs}
    if session is not None:
        sessions.after_build(session, work, folder.live, kept_parts)
    if kept_parts is not None:
        store.prune("parts", kept_parts)


def check(options: Options, progress: Progress | None = None) -> tuple[Site, list[Notice], list[str]]:
    """Validate everything and render in memory; write nothing."""
    site, notices, skipped = load_all(options, progress)
    env = make_environment(site, options.themes)
    collections = collect(site, notices, options.today)
    all_pages = list(pages(site, collections))
    workers.each(lambda page: render_page(env, page) and None, all_pages, workers.jobs_for(options.jobs),
                 lambda page, result: None)
    return site, notices, skipped
