"""Making the units that changed and writing their files into the tree being built.

Units that belong to a notice go to worker processes (:mod:`generator.workers`), a notice's units
together: the worker renders them from its own copy of the notice (read back from the cache), so
it never touches — and so never copies — the build's notices. The site's own pages (lists of
notices) are made in the build process meanwhile. Parts of site-wide files go to the cache as
they come.
"""

from __future__ import annotations

from typing import Any, Callable

from . import cache, workers
from .collect import Collections
from .config import Site
from .fingerprints import file_digest
from .notice import Notice
from .options import Progress
from .outputs import OUTPUTS, Format, Share
from .plan import Unit
from .publish import Tree
from .record import Record, UnitRecord
from .timing import Clock


class Production:
    """One build's making: the tree it fills, the live site's files (not written again when the
    same), the cache and a session's parts of site-wide files, the timings."""

    def __init__(self, site: Site, collections: Collections, tree: Tree, live: dict[str, str], store: cache.Store,
                 session_parts: dict[str, Any] | None, blobs: dict[str, str],
                 clock: Clock, progress: Progress | None):
        self.site, self.collections, self.tree, self.live, self.store = site, collections, tree, live, store
        self.session_parts, self.blobs = session_parts, blobs
        self.clock, self.progress = clock, progress
        self.part_outputs = {o.name for o in OUTPUTS if o.site_files is not None}
        self.written = 0
        self.pending_parts: dict[str, bytes] = {}

    def __getstate__(self) -> dict:
        """A spawned worker's copy (:mod:`generator.workers`): progress is told in the build's process."""
        return {**self.__dict__, "progress": None}

    def whole(self, key: str) -> Notice:
        """The notice with its rendered body: the build's own object, or a copy from the cache."""
        notice = self.collections.by_key[key]
        blob = self.blobs.get(key)
        if blob is None:
            assert not notice.slim, f"{key} is slim and its whole copy is not known"
            return notice
        found = self.store.get("notices", [blob]).get(blob)
        value = cache.loads(found) if found is not None else None
        if value is None or value[0] is None:
            raise RuntimeError(f"the cached notice {key} is gone; run the build again with --full")
        return value[0]

    def one(self, unit: Unit, notice: Notice | None) -> tuple[dict[str, str], dict[str, tuple], bytes | None, dict]:
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
                content = file_digest(data)
                produced[path] = content
                if self.tree.present.get(path) == content or self.live.get(path) == content:
                    continue  # unchanged: the spare has it, or it is linked from the live site
                self.tree.write(path, data, content)
                wrote.append(path)
        part = getattr(made, "part", None)
        wrote_stats = {path: self.tree.stats[path] for path in wrote}  # what the record keeps of each
        return produced, wrote_stats, (cache.dumps(part) if unit.output in self.part_outputs else None), local.spent

    def bundle(self, units: list[Unit]) -> list[tuple]:
        notice = self.whole(units[0].notice)
        return [self.one(unit, notice) for unit in units]

    def make(self, dirty: list[Unit], record: Record, jobs: int, prepare: Callable[[], None] | None = None) -> None:
        """Make the ``dirty`` units; ``prepare``: what the workers should share, done before they fork."""
        by_notice: dict[str, list[Unit]] = {}
        own: list[Unit] = []
        for unit in dirty:
            (by_notice.setdefault(unit.notice, []) if unit.notice else own).append(unit)
        bundles = list(by_notice.values())
        total, done = len(dirty), 0

        def finished(unit: Unit, result: tuple) -> None:
            nonlocal done
            produced, wrote, part, spent = result
            self.clock.merge(spent)
            record.put(unit.id, UnitRecord(unit.fingerprint, produced))
            self.tree.present.update((path, produced[path]) for path in wrote)  # written in a worker
            self.tree.stats.update(wrote)
            self.written += len(wrote)
            if part is not None:
                self.pending_parts[unit.fingerprint] = part
                if self.session_parts is not None:
                    self.session_parts[unit.fingerprint] = part
                if len(self.pending_parts) >= 512:
                    self.store.put("parts", self.pending_parts)
                    self.pending_parts = {}
            done += 1
            if self.progress:
                self.progress("render", done, total)

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

        def before_fork() -> None:
            if prepare is not None:
                prepare()
            for output in OUTPUTS:
                if output.prepare is not None and any(unit.output == output.name for unit in dirty):
                    output.prepare()

        workers.each(self.bundle, bundles, jobs, bundle_done, alongside=alongside, before_fork=before_fork,
                     garbage=True)
        self.store.put("parts", self.pending_parts)
        self.pending_parts = {}

    def site_files(self, output: Format, units: list[Unit], share: Share) -> dict[str, str]:
        """One site-wide output (the files ``share`` names) from every notice's part: kept, or (when the
        cache lost it) made now."""
        wanted = {u.notice: u.fingerprint for u in units if u.output == output.name}
        found: dict[str, bytes] = {}
        if self.session_parts is not None:
            found.update((fp, self.session_parts[fp]) for fp in wanted.values() if fp in self.session_parts)
        found.update(self.store.get("parts", [fp for fp in wanted.values() if fp not in found]))
        parts: dict[str, Any] = {}
        for key, fingerprint in wanted.items():
            value = cache.loads(found[fingerprint]) if fingerprint in found else None
            if value is None:
                value = output.notice_files(self.site, self.collections, self.whole(key)).part
            parts[key] = value
        del found
        produced = {}
        for path, data in output.site_files(self.site, self.collections, parts, share):
            produced[path] = self.keep(path, data)
        return produced

    def keep(self, path: str, data: bytes) -> str:
        """Write a file made in this process unless the tree or the live site has it; its content hash."""
        content = file_digest(data)
        if self.tree.present.get(path) != content and self.live.get(path) != content:
            self.tree.write(path, data, content)
            self.written += 1
        return content
