"""What a build may take from an earlier one instead of doing it again, and how it knows.

Every piece of work is named by a *fingerprint*: a digest of everything that
can change its result. When the fingerprint is the one recorded last time, the
recorded result is still right; when anything it depends on changed, the
fingerprint changes and the work is redone. There is no other invalidation.

What goes into the fingerprints:

- the generator's own code and the versions of the libraries that shape the
  output (:func:`code_version`): a new generator or Markdown version redoes
  everything;
- the site config, in two parts: what validation and Markdown read (regions,
  campaigns, the action vocabulary, ``trust_raw_html``), which every parsed
  notice depends on, and the whole config plus the build options, which every
  output file depends on (``base.html`` prints the site title on every page);
- each template together with every template it extends, includes or imports
  (:func:`template_versions`): editing ``notice.html`` re-renders notice pages
  only, editing ``base.html`` every page;
- each notice twice over: ``digest`` (the whole file) and ``front_digest``
  (its front matter). A page depends on the whole of *its own* notice and on
  the front matter of every other notice it shows (:meth:`Fingerprinter.page`),
  so fixing a typo in a body re-renders that notice's page and nothing else,
  while changing a title re-renders every list that shows it.

The cache itself (:class:`Store`) lives in a project-local directory,
``.cache/generator/`` beside ``content/`` (ignored by git), as one SQLite file:
parsed notices by their parse key and per-notice parts of site-wide files
(an Atom entry, a notice's JSON) by fingerprint. SQLite gives atomic,
concurrent-safe writes and one file instead of tens of thousands.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import importlib.metadata
import os
import pickle
import sqlite3
import sys
from pathlib import Path
from typing import Any, Iterable

import jinja2
import jinja2.meta
from pydantic import BaseModel

from .collect import ActionEntry, Collections, DeadlineEntry, Link
from .config import Site
from .notice import Notice

CACHE_DIR = Path(".cache") / "generator"
FORMAT = 1  # bump when the shape of a cached value changes

# Libraries whose version can change what a build writes.
LIBRARIES = ("jinja2", "markdown", "pyyaml", "pydantic", "pydantic-core", "nh3", "openpyxl", "python-docx",
             "pagefind", "cbor2", "orjson")
# Modules that never change what a build writes (the command line, the dev server, benchmarks).
NOT_OUTPUT_CODE = {"__main__.py", "serve.py", "bench.py", "corpus.py", "scaffold.py"}


def digest(*parts: Any) -> str:
    """A stable digest of strings, numbers, dates and tuples of them (``repr`` is stable for these)."""
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:32]


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


def code_version() -> str:
    """The generator's source and the versions of the libraries that shape its output."""
    package = Path(__file__).resolve().parent
    sources = sorted(p for p in package.rglob("*.py")
                     if p.name not in NOT_OUTPUT_CODE and "importer" not in p.relative_to(package).parts)
    hashed = [(p.relative_to(package).as_posix(), file_digest(p.read_bytes())) for p in sources]
    versions = []
    for name in LIBRARIES:
        try:
            versions.append((name, importlib.metadata.version(name)))
        except importlib.metadata.PackageNotFoundError:
            versions.append((name, ""))
    return digest(FORMAT, tuple(hashed), tuple(versions))


def parse_version(site: Site, code: str) -> str:
    """What parsing a notice depends on besides its own bytes: code, vocabularies, raw-HTML trust."""
    config = site.config
    return digest(code, config.model_dump_json(include={"campaigns", "regions", "actions", "trust_raw_html"}))


def notice_key(parse: str, content: str, shown: str, slug: str, year: int) -> str:
    """The cache key of one parsed notice: its content hash and where it is (messages name ``shown``)."""
    return digest(parse, content, shown, slug, year)


def template_versions(env: jinja2.Environment) -> dict[str, str]:
    """Each template's digest over its own source and every template it reaches.

    A template that names another through a variable (``{% include name %}``) could reach any
    of them, so it depends on all of them.
    """
    names = sorted(set(env.list_templates()))
    sources: dict[str, str] = {}
    edges: dict[str, set[str] | None] = {}
    for name in names:
        source, _, _ = env.loader.get_source(env, name)
        sources[name] = file_digest(source.encode("utf-8"))
        try:
            found = set(jinja2.meta.find_referenced_templates(env.parse(source)))
        except jinja2.TemplateSyntaxError:
            found = set()  # rendering will report it
        edges[name] = None if None in found else found
    everything = digest(tuple(sorted(sources.items())))
    versions: dict[str, str] = {}
    for name in names:
        seen: set[str] = set()
        stack = [name]
        dynamic = False
        while stack:
            current = stack.pop()
            if current in seen or current not in edges:
                continue
            seen.add(current)
            if edges[current] is None:
                dynamic = True
                break
            stack.extend(edges[current])
        versions[name] = everything if dynamic else digest(tuple(sorted((n, sources[n]) for n in seen)))
    return versions


class Fingerprinter:
    """Fingerprints of page contexts, remembering shared lists within one build.

    What a value contributes: a notice its key and ``front_digest`` (what lists and
    neighbouring pages show of it); the page's own ``notice`` its whole-file ``digest``;
    the collections their own fingerprint (every notice's front matter and today);
    pydantic models nothing, because a model in a page is always part of a notice or of
    the site config, which are counted already. Unknown types are a bug in this walker
    and raise, rather than risk a page that is never re-rendered.
    """

    def __init__(self, collections: Collections):
        self.collections = digest(collections.today.isoformat(),
                                  tuple((n.key, n.front_digest) for n in collections.notices))
        self._lists: dict[int, tuple[list, str]] = {}

    def page(self, context: dict[str, Any], *fixed: str) -> str:
        own = context.get("notice")
        parts = [self._walk(value) for key, value in sorted(context.items())]
        return digest(fixed, own.digest if isinstance(own, Notice) else "", tuple(parts))

    def _walk(self, value: Any) -> Any:
        kind = type(value)
        if value is None or kind is str or kind is int or kind is bool or kind is float:
            return value
        if kind is Notice:
            return value.key, value.front_digest
        if kind is list or kind is tuple:
            if len(value) > 16:  # long lists are shared between pages (the action index, deadlines)
                known = self._lists.get(id(value))
                if known is not None and known[0] is value:
                    return known[1]
                result = digest(tuple(self._walk(item) for item in value))
                self._lists[id(value)] = (value, result)
                return result
            return tuple(self._walk(item) for item in value)
        if kind is dict:
            return tuple((self._walk(key), self._walk(item)) for key, item in value.items())
        if kind is ActionEntry:
            return "A", value.notice.key, value.notice.front_digest, value.anchor
        if kind is DeadlineEntry:
            return "D", value.notice.key, value.notice.front_digest, value.index
        if kind is Link:
            return ("L",) + ((value.notice.key, value.notice.front_digest) if value.notice else ())
        if kind is Collections:
            return "C", self.collections
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()
        if isinstance(value, (BaseModel, Site)):
            return type(value).__name__
        if dataclasses.is_dataclass(value):
            return tuple(self._walk(getattr(value, f.name)) for f in dataclasses.fields(value))
        raise TypeError(f"no fingerprint for a {kind.__name__} in a page context; teach cache.Fingerprinter")


def strip(notice: Notice) -> None:
    """Drop, in place, what only the notice's own pages and files use: its rendered body, its
    contacts and the contents of its annexes (their number, kind and titles stay). Those pages
    are made from a whole copy read back from the cache; lists, indexes and neighbouring pages
    show front matter only."""
    notice.body, notice.toc = [], []
    notice.front.__dict__["contacts"] = []
    for annex in notice.front.annexes:
        values = annex.__dict__
        if "rows" in values:
            values["rows"] = []
        if "body" in values:
            values["body"] = ""


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
        uri = f"file:{path}?mode=ro" if readonly else f"file:{path}"
        return sqlite3.connect(uri, uri=True, timeout=60, isolation_level=None)

    @property
    def db(self) -> sqlite3.Connection | None:
        """The connection of this process: a worker forked from the build opens its own, read-only."""
        if self._db is not None and os.getpid() != self._pid:
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
