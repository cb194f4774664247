"""What the dev server keeps between builds: the parsed archive, the last plan, the records.

Lists, indexes and the site-wide files show only front matter, so when no notice's front
matter, no template and no setting changed (an editor fixed a sentence in a body), only the
edited notices' own pages can differ: the kept plan is reused, those notices get their new
bodies in place, and their pages are fingerprinted again. Collecting and planning 10,000
notices costs a second; this costs milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from . import cache
from .collect import Collections
from .config import Site
from .fingerprints import Fingerprints
from .incremental import WorkSet, plan_whole, shape_of
from .notice import Notice
from .options import Options
from .parse import Loaded, ParseMemory, published
from .plan import Unit
from .record import Inputs, Record
from .timing import Clock


@dataclass
class KeptPlan:
    """A plan kept by a session, reusable while the site's shape stays the same."""

    basis: tuple  # everything that shapes the plan besides notice bodies
    collections: Collections
    env: jinja2.Environment
    units: list[Unit]
    site_units: dict[str, str]
    fingerprints: Fingerprints
    notices: dict[str, Notice]
    by_notice: dict[str, list[Unit]] = field(default_factory=dict)  # each notice's units
    published: tuple | None = None  # the identity of the live site this plan last made


@dataclass
class Session(ParseMemory):
    """What a long-running process (the dev server) keeps between builds, so it re-reads nothing."""

    parts: dict[str, Any] = field(default_factory=dict)  # per-notice parts of site-wide files, by fingerprint
    store: cache.Store | None = None
    planned: KeptPlan | None = None  # the last build's plan
    records: dict[Path, Record] = field(default_factory=dict)  # the published trees' records


def _basis(now: Inputs, notices: list[Notice]) -> tuple:
    return (now.code, now.config, now.themes, now.options,
            tuple(sorted((notice.key, notice.front_digest) for notice in notices)))


def plan_in_session(session: Session, options: Options, site: Site, loaded: Loaded, now: Inputs, code: str,
                    live: Record | None, clock: Clock) -> WorkSet:
    """The kept plan when the site's shape is the same (only the edited notices' units are candidates
    while the live site is the one this plan made); else the whole way, kept for next time."""
    skipped, notices = published(options, loaded.notices)
    basis = _basis(now, notices)
    kept = session.planned if not options.full else None
    if kept is None or kept.basis != basis:
        work = plan_whole(options, site, loaded, code, clock)
        by_notice: dict[str, list[Unit]] = {}
        for unit in work.units:
            if unit.notice:
                by_notice.setdefault(unit.notice, []).append(unit)
        session.planned = KeptPlan(basis, work.collections, work.env, work.units, work.site_units,
                                   work.fingerprints, {notice.key: notice for notice in notices}, by_notice)
        return work
    with clock.timed("collect"):
        changed = _new_bodies(kept, notices, session)
        fronts, links = shape_of(kept.collections, loaded.notices)
    work = WorkSet("session", kept.collections, kept.env, kept.fingerprints, kept.units, kept.units,
                   kept.site_units, sum(1 for u in kept.units if u.page is not None), len(notices), skipped,
                   loaded.hashes, fronts, links, loaded.blobs, loaded=len(loaded.notices), parsed=loaded.parsed)
    if live is not None and kept.published == live.identity:  # only these notices' units can differ
        work.way, work.keeps_live = "session bodies", True
        work.candidates = [unit for key in changed for unit in kept.by_notice.get(key, ())]
    return work


def _new_bodies(kept: KeptPlan, notices: list[Notice], session: Session) -> set[str]:
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
                unit.fingerprint = kept.fingerprints.page(unit.page)
    return set(changed)


def after_build(session: Session, work: WorkSet, live: Record | None, kept_parts: set[str] | None) -> None:
    """Note which site the kept plan made, and drop parts no longer used."""
    if session.planned is not None:
        session.planned.published = live.identity if live is not None else None
    if kept_parts is not None:
        session.parts = {key: value for key, value in session.parts.items() if key in kept_parts}
