"""What a build may take from an earlier one instead of doing it again, and how it knows.

What a fingerprint is made of: :mod:`generator.fingerprints`.

The cache itself (:class:`Store`) lives in a project-local directory,
``.cache/generator/`` beside ``content/`` (ignored by git), as one SQLite file:
parsed notices by their parse key and per-notice parts of site-wide files
(an Atom entry, a notice's JSON) by fingerprint. SQLite gives atomic,
concurrent-safe writes and one file instead of tens of thousands.
"""

from __future__ import annotations

import os
import pickle
import sqlite3
import sys
from pathlib import Path
from typing import Any, Iterable

from pydantic import BaseModel

from .notice import Notice

CACHE_DIR = Path(".cache") / "generator"


def strip(notice: Notice) -> None:
    """Make the notice *slim*: without what only its own pages and files use (its rendered body, its
    contacts and the contents of its annexes; their number, kind and titles stay). Those pages
    are made from a whole copy read back from the cache; lists, indexes and neighbouring pages
    show front matter only."""
    front = notice.front
    annexes = [annex.model_copy(update={name: empty for name, empty in (("rows", []), ("body", ""))
                                        if name in annex.__dict__}) for annex in front.annexes]
    notice.front = front.model_copy(update={"contacts": [], "annexes": annexes})
    notice.body, notice.toc, notice.slim = [], [], True


def compact(model: BaseModel, shared: dict) -> None:
    """Share what thousands of parsed notices repeat, in place: a third less memory for an archive.

    Every pydantic model carries a set of the field names it was given; notices use a few dozen
    distinct ones. Short texts (keys, group names, column headers) are interned. Nothing a reader
    of the model sees changes.
    """
    names = model.__pydantic_fields_set__
    object.__setattr__(model, "__pydantic_fields_set__", shared.setdefault(frozenset(names), names))
    _compact_items(model.__dict__, model.__dict__.keys(), shared)


def _compact_items(container: dict | list, keys, shared: dict) -> None:
    """Intern the short texts of a model's fields or a list's items; compact what they hold."""
    for key in keys:
        value = container[key]
        kind = type(value)
        if kind is str:
            if len(value) <= 32:
                container[key] = sys.intern(value)
        elif kind is list:
            _compact_items(value, range(len(value)), shared)
        elif isinstance(value, BaseModel):
            compact(value, shared)


class Store:
    """The SQLite file of parsed notices and per-notice parts.

    ``readonly`` stores (``check`` writes nothing) answer from an existing file and keep new
    values in memory only.
    """

    TABLES = ("notices", "parts")

    def __init__(self, directory: Path | None, readonly: bool = False):
        self.readonly = readonly
        self.memory: dict[tuple[str, str], bytes] = {}
        self.path: Path | None = None
        self._db: sqlite3.Connection | None = None
        self._pid = os.getpid()
        if directory is None:
            return
        path = directory / "cache.sqlite"
        if readonly and not path.exists():
            return
        if not readonly:
            directory.mkdir(parents=True, exist_ok=True)
        try:
            self._db = self._connect(path, readonly)
            if not readonly:
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=NORMAL")
                for table in self.TABLES:
                    self._db.execute(f"CREATE TABLE IF NOT EXISTS {table} (key TEXT PRIMARY KEY, value BLOB)")
            self.path = path
        except sqlite3.Error:
            self._db = None  # a broken cache is no cache: the build redoes the work

    @staticmethod
    def _connect(path: Path, readonly: bool) -> sqlite3.Connection:
        uri = path.resolve().as_uri() + ("?mode=ro" if readonly else "")  # C:\… and `?` `#` `%` in names too
        return sqlite3.connect(uri, uri=True, timeout=60, isolation_level=None)

    def __getstate__(self) -> dict:
        """A spawned worker's copy (:mod:`generator.workers`): it opens the file itself, as a forked one does."""
        return {**self.__dict__, "_db": None, "_pid": None}

    @property
    def db(self) -> sqlite3.Connection | None:
        """The connection of this process: a worker forked or spawned from the build opens its own, read-only."""
        if self.path is not None and os.getpid() != self._pid:
            self._pid = os.getpid()
            self.readonly = True
            try:
                self._db = self._connect(self.path, True) if self.path is not None else None
            except sqlite3.Error:
                self._db = None
        return self._db

    def get(self, table: str, keys: Iterable[str]) -> dict[str, bytes]:
        keys = list(dict.fromkeys(keys))
        found = {key: self.memory[(table, key)] for key in keys if (table, key) in self.memory}
        wanted = [key for key in keys if key not in found]
        if self.db is None or not wanted:
            return found
        try:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start:start + 500]
                marks = ",".join("?" * len(chunk))
                found.update(self.db.execute(f"SELECT key, value FROM {table} WHERE key IN ({marks})", chunk))
        except sqlite3.Error:
            pass
        return found

    def empty(self, table: str) -> bool:
        """Nothing kept in ``table`` (then nothing can be found in it)."""
        if any(kept == table for kept, _ in self.memory):
            return False
        if self.db is None:
            return True
        try:
            return self.db.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is None
        except sqlite3.Error:
            return False

    def put(self, table: str, items: dict[str, bytes]) -> None:
        if not items:
            return
        if self.readonly or self.db is None:
            self.memory.update(((table, key), value) for key, value in items.items())
            return
        try:
            with self.db:
                self.db.execute("BEGIN")
                self.db.executemany(f"INSERT OR REPLACE INTO {table} (key, value) VALUES (?, ?)", items.items())
        except sqlite3.Error:
            self.memory.update(((table, key), value) for key, value in items.items())

    def prune(self, table: str, keep: set[str], slack: int = 200) -> None:
        """Drop entries no longer used once they clearly outnumber the ones in use."""
        if self.db is None or self.readonly:
            return
        try:
            count = self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            if count <= 2 * len(keep) + slack:
                return
            with self.db:
                self.db.execute("BEGIN")
                self.db.execute("CREATE TEMP TABLE IF NOT EXISTS keep (key TEXT PRIMARY KEY)")
                self.db.execute("DELETE FROM keep")
                self.db.executemany("INSERT OR IGNORE INTO keep VALUES (?)", ((k,) for k in keep))
                self.db.execute(f"DELETE FROM {table} WHERE key NOT IN (SELECT key FROM keep)")
        except sqlite3.Error:
            pass

    def close(self) -> None:
        if self._db is not None and os.getpid() == self._pid:
            self._db.close()
        self._db = None


def dumps(value: Any) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def loads(data: bytes) -> Any:
    """A cached value, or None when it cannot be read (then the work is simply redone)."""
    try:
        return pickle.loads(data)
    except Exception:  # noqa: BLE001 - any unreadable entry is a cache miss
        return None
