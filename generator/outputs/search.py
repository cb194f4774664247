"""The static full-text search index, built with Pagefind from the rendered pages.

Pagefind segments Chinese at index time with a dictionary, but the browser segments the *query* with
``Intl.Segmenter`` (ICU), and the two disagree: ICU splits 大篷车 into 大|篷车, the index holds 大篷车,
and a search for 科普大篷车 or a person's name finds the wrong pages or nothing. So the copy of each
page given to Pagefind has every Chinese character, and every punctuation mark or symbol, set apart
by spaces (each is one word; runs of Latin letters and digits stay words), and ``static/search.js``
sets a query apart the same way and makes a Chinese one a phrase of characters: the search then
means "contains this exact text", which is what readers expect. With the words already apart, the
index needs no segmenter: it is made for the language code :data:`LANGUAGE` (``und``, no dictionary
and no stemming), which halves Pagefind's work, and the search page, whatever its own ``lang``,
uses it (Pagefind falls back to the only language an index has). The published pages are not
changed. Only the part of a page inside ``data-pagefind-body`` is indexed; each page is given with
its URL (base path included), so the index is right under any base URL.

Pagefind cannot add a page to an index, so each year's notices have a bundle of their own
(``pagefind/<year>/``) and the notice pages edited since their year was indexed go into a small
*delta* bundle (``pagefind/delta/``). ``pagefind/delta.json`` names it and the pages of the year
bundles it replaces (or that are gone); ``static/search-pagefind.js`` merges the delta and leaves
those pages out of results and filter counts. When the delta passes :data:`DELTA_BOUND` pages,
the years that hold most of it are indexed again and the delta shrinks.

A year of more than :data:`PART_PAGES` notice pages is indexed in parts of at most that many
(``pagefind/2019/``, ``pagefind/2019-2/`` …: the first part keeps the year's name, so the search
page's list of years stays right); ``delta.json`` lists the further parts and the search page merges
them like the other years. Pagefind holds a bundle in memory while it builds it (about 0.4 MB a
page), so the cap bounds the memory of an indexer whatever the size of a year.

The pages go to Pagefind processes (``pagefind --service``) through its own pipe protocol, in
memory; a process makes one bundle after another, and up to two processes work at once (one a
core: a service handles its messages one at a time). The Python package's client is not used: it
sleeps 0.1 s before reading each reply, 100 s for 1,000 pages.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import pickle
import re
import shutil
import queue
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

import cbor2
from ..i18n import tr

_TAG = re.compile(r"(<[^>]*>)")
# What stands apart in the copy: a character reference (&amp;, &#20013;) as one, else each character
# that is neither a space nor an ASCII letter or digit (Chinese, punctuation, symbols).
_APART = re.compile(r"&#?[A-Za-z0-9]+;|[^\sA-Za-z0-9&]+|&")
LANGUAGE = "und"  # the index's language code: no segmenter, no stemmer (the copy's words are apart)


def _set_apart(match: re.Match) -> str:
    run = match.group()
    return f" {run} " if run[0] == "&" else f" {' '.join(run)} "


def spaced(html: str) -> str:
    """The page with every Chinese character, punctuation mark and symbol of its text set apart by
    spaces (tags as written): Pagefind then reads each as a word, as the search page sets a query apart.

    Runs of such characters are set apart at once (a substitution per character took 6 times as long).
    """
    parts = _TAG.split(html)
    parts[::2] = [_APART.sub(_set_apart, text) for text in parts[::2]]
    return "".join(parts)


_SIGNATURE = b"pagefind_dcd"


def _read(path: Path) -> object:
    data = gzip.decompress(path.read_bytes())
    return cbor2.loads(data[len(_SIGNATURE):])


def _write(folder: Path, prefix: str, digits: int, suffix: str, value: object) -> str:
    data = _SIGNATURE + cbor2.dumps(value)
    name = f"{prefix}_{hashlib.sha256(data).hexdigest()[:digits]}"
    (folder / f"{name}{suffix}").write_bytes(gzip.compress(data, mtime=0))
    return name


def canonicalise(output: Path) -> None:
    """Make Pagefind's filter and meta files byte-identical between builds.

    Pagefind (1.5) writes the values of each filter, and the list of filters, in
    hash-map order, so the same pages give different files and names on every
    run (Pagefind issue #638). The files are gzip'd CBOR after a signature:
    filter = [name, [[value, [page, …]], …]]; meta = [version, chunks, …,
    [[filter name, file hash], …], …]. Sort both, rename by content hash, and
    point ``pagefind-entry.json`` at the new meta file.
    """
    entry_path = output / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, info in entry["languages"].items():
        meta_path = output / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_path)
        renamed = {}
        for name, old in meta[3]:
            path = output / "filter" / f"{old}.pf_filter"
            filter_name, values = _read(path)
            path.unlink()
            renamed[old] = _write(output / "filter", language, 7, ".pf_filter",
                                  [filter_name, sorted(values, key=lambda v: v[0])])
        meta[3] = sorted([name, renamed[old]] for name, old in meta[3])
        meta_path.unlink()
        info["hash"] = _write(output, f"pagefind.{language}", 13, ".pf_meta", meta).split(".", 1)[1]
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")




# ---------------------------------------------------------------- the indexer


class Indexer:
    """One ``pagefind --service`` process, started on first use; bundles are made one after another.

    A request is base64'd JSON and a comma; so is each reply, in the order sent. At most
    :attr:`WINDOW` replies are left unread, so neither pipe fills while the other waits.
    """

    WINDOW = 32

    def __init__(self) -> None:
        self._process: subprocess.Popen | None = None
        self._buffer = b""
        self._sent = 0

    def _start(self) -> subprocess.Popen:
        if self._process is None:
            from pagefind.service import get_executable  # here: it imports asyncio, 0.04 s a build without search spares

            executable = get_executable()
            if executable is None:
                raise FileNotFoundError(tr("the Pagefind binary is missing: pip install 'pagefind[extended]'"))
            self._process = subprocess.Popen([str(executable), "--service"], stdin=subprocess.PIPE,
                                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        return self._process

    def _send(self, payload: dict) -> None:
        process = self._start()
        self._sent += 1
        assert process.stdin is not None
        process.stdin.write(base64.b64encode(json.dumps({"message_id": self._sent, "payload": payload},
                                                        ensure_ascii=False).encode("utf-8")) + b",")

    def _reply(self) -> dict:
        assert self._process is not None and self._process.stdout is not None and self._process.stdin is not None
        self._process.stdin.flush()
        while b"," not in self._buffer:
            chunk = self._process.stdout.read1(1 << 16)
            if not chunk:
                raise RuntimeError(f"pagefind stopped (exit status {self._process.wait()})")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b",")
        payload = json.loads(base64.b64decode(message))["payload"]
        if payload.get("type") == "Error":
            raise RuntimeError(f"pagefind: {payload.get('message')}")
        return payload

    def _ask(self, payload: dict) -> dict:
        self._send(payload)
        return self._reply()

    def bundle(self, pages: Iterable[tuple[str, str]], output: Path) -> None:
        """Index the pages (URL, HTML) into the bundle folder ``output``, byte-identical between runs."""
        index = self._ask({"type": "NewIndex", "config": {"force_language": LANGUAGE}})["index_id"]
        waiting = 0
        for url, html in pages:
            self._send({"type": "AddFile", "index_id": index, "url": url, "file_path": None,
                        "file_contents": spaced(html)})
            waiting += 1
            if waiting > self.WINDOW:
                self._reply()
                waiting -= 1
        for _ in range(waiting):
            self._reply()
        if output.exists():
            shutil.rmtree(output)
        # The files come back through the pipe and are written here: Pagefind's WriteFiles can answer
        # before its last file is on disk (an empty pagefind-entry.json was read now and then).
        files = self._ask({"type": "GetFiles", "index_id": index})["files"]
        self._ask({"type": "DeleteIndex", "index_id": index})  # its memory goes to the next bundle
        for file in files:
            target = output / file["path"]
            if not target.resolve().is_relative_to(output.resolve()):
                raise RuntimeError(f"pagefind named a file outside its bundle: {file['path']!r}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(base64.b64decode(file["content"]))
        canonicalise(output)

    def close(self) -> None:
        if self._process is not None:
            assert self._process.stdin is not None
            self._process.stdin.close()
            self._process.wait()
            self._process = None


def bundle_pages(bundle: Path) -> dict[str, tuple[str, dict[str, list[str]]]]:
    """What a bundle holds: each page's URL → (its Pagefind id, its filter values)."""
    pages = {}
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        fragment = json.loads(data[len(_SIGNATURE):])
        pages[fragment["url"]] = (path.stem, fragment.get("filters") or {})
    return pages


# ---------------------------------------------------------------- what is indexed, kept between builds

DELTA = "delta"  # the bundle of the pages edited since their year was indexed: pagefind/delta/
DELTA_FILE = "pagefind/delta.json"
DELTA_BOUND = 40  # pages (edited or gone) the delta may hold before their years are indexed again
PART_PAGES = 250  # notice pages a bundle holds at most: a bigger year is indexed in parts


def split_year(year: int, urls: list[str], cap: int | None = None) -> list[tuple[str, list[str]]]:
    """A year's bundles: (name, its pages' URLs). One bundle named after the year, or parts of nearly
    equal size (the URLs sorted, so the same pages give the same parts): ``2019``, ``2019-2`` …"""
    cap = PART_PAGES if cap is None else cap
    urls = sorted(urls)
    count = max(1, -(-len(urls) // cap))
    return [(str(year) if number == 0 else f"{year}-{number + 1}",
             urls[number * len(urls) // count:(number + 1) * len(urls) // count]) for number in range(count)]


_PART = re.compile(r"([0-9]+)-([0-9]+)")


def ordered_parts(names: Iterable[str]) -> list[str]:
    """The further parts of the years (``2019-2`` …) in the order ``delta.json`` lists them: newest year first."""
    found = [(int(m.group(1)), int(m.group(2)), name) for name in set(names) if (m := _PART.fullmatch(name))]
    return [name for _, _, name in sorted(found, key=lambda item: (-item[0], item[1]))]


@dataclass
class Bundle:
    """What one published bundle holds: URL → (the page's content hash, its Pagefind id, its filters)."""

    fingerprint: str
    pages: dict[str, tuple[str, str, dict[str, list[str]]]] = field(default_factory=dict)
    parts: list[str] = field(default_factory=list)  # the year's further bundles (2019-2 …), see split_year


@dataclass
class SearchState:
    """The bundles of the live site (``years``, the ``delta``), kept in the cache beside the record.

    Without it (no cache, or it was lost) every year is indexed again: a bundle is believed only
    when the record's unit for it has the fingerprint noted here.
    """

    years: dict[int, Bundle] = field(default_factory=dict)
    delta: Bundle | None = None

    @staticmethod
    def load(path: Path | None) -> "SearchState":
        if path is None:
            return SearchState()
        try:
            value = pickle.loads(path.read_bytes())
        except Exception:  # noqa: BLE001 - an unreadable state is no state: every year is indexed again
            return SearchState()
        return value if isinstance(value, SearchState) else SearchState()

    def save(self, path: Path | None) -> None:
        if path is not None:
            path.write_bytes(pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL))


@dataclass
class SearchPlan:
    """What a build does to the search index: the years to index again and what the delta holds."""

    years: list[int]
    delta: dict[str, tuple[int, str]]  # URL → (year, page content hash) of the pages in the delta
    hidden: dict[str, tuple[str, int, dict[str, list[str]]]]  # kept bundles' page id → (URL, year, filters)


def plan_search(current: dict[str, tuple[int, str]], state: SearchState, stale: set[int],
                bound: int | None = None) -> SearchPlan:
    """Decide, from each notice page's year and content hash (``current``) and the bundles as they are
    (``state``; ``stale``: years whose bundle cannot be kept), which years to index again and which
    pages go into the delta. A page whose year bundle holds it as it is now needs nothing; a hidden
    page whose id another kept page shares (7 hex digits) cannot be told apart, so its year is
    indexed again; past ``bound`` pages the years that hold most of the delta are indexed again."""
    bound = DELTA_BOUND if bound is None else bound
    years = {year for year, _ in current.values()}
    again = {year for year in years if year in stale or year not in state.years}
    while True:
        plan = _delta(current, state, again)
        clashes = _clashes(state, plan)
        if clashes:
            again |= clashes
            continue
        count: dict[int, int] = {}
        for url, (year, _) in plan.delta.items():
            count[year] = count.get(year, 0) + 1
        for url, year, _ in plan.hidden.values():
            if url not in plan.delta:
                count[year] = count.get(year, 0) + 1
        if sum(count.values()) <= bound:
            return plan
        while count and sum(count.values()) > bound // 2:
            year = max(sorted(count), key=lambda y: count[y])  # the year that holds most of the delta
            again.add(year)
            count.pop(year)


def _delta(current: dict[str, tuple[int, str]], state: SearchState, again: set[int]) -> SearchPlan:
    """The pages newer than their kept year bundle; the kept bundles' pages they replace or that are gone."""
    delta: dict[str, tuple[int, str]] = {}
    hidden: dict[str, tuple[str, int, dict[str, list[str]]]] = {}
    for year, bundle in sorted(state.years.items()):
        if year in again:
            continue
        for url, (content, page_id, filters) in bundle.pages.items():
            if current.get(url) != (year, content):
                hidden[page_id] = (url, year, filters)
    for url, (year, content) in sorted(current.items()):
        held = state.years.get(year)
        if year not in again and (held is None or held.pages.get(url, ("",))[0] != content):
            delta[url] = (year, content)
    return SearchPlan(sorted(again), delta, hidden)


def _clashes(state: SearchState, plan: SearchPlan) -> set[int]:
    seen: dict[str, int] = {}
    for year, bundle in state.years.items():
        if year not in plan.years:
            for _, page_id, _ in bundle.pages.values():
                seen[page_id] = seen.get(page_id, 0) + 1
    return {year for page_id, (_, year, _) in plan.hidden.items() if seen.get(page_id, 0) > 1}


def delta_clashes(plan: SearchPlan, delta_pages: dict[str, tuple[str, dict]]) -> set[int]:
    """Years whose hidden page shares its id with a delta page of another URL. (The delta's copy of the
    same URL may be the same fragment — a page changed outside its indexed text — and the search
    page hides one of the two, which are alike.)"""
    ids = {page_id: url for url, (page_id, _) in delta_pages.items()}
    return {year for page_id, (url, year, _) in plan.hidden.items() if ids.get(page_id, url) != url}


def delta_file(plan: SearchPlan | None, parts: Iterable[str] = ()) -> bytes:
    """``pagefind/delta.json``: whether there is a delta bundle, the year bundles' pages it hides
    (id → filter values, which the search page takes off the counts) and, when a year is split, its
    further parts (``parts``: bundle names, see :func:`ordered_parts`), which the search page merges."""
    hidden = {page_id: filters for page_id, (_, _, filters) in plan.hidden.items()} if plan is not None else {}
    bundle = f"{DELTA}/" if plan is not None and plan.delta else None
    value: dict[str, object] = {"bundle": bundle, "hidden": hidden}
    further = ordered_parts(parts)
    if further:
        value["parts"] = [f"{name}/" for name in further]
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def index_bundles(indexers: list[Indexer], bundles: list[tuple[str, Iterator[tuple[str, str]]]], scratch_root: Path,
                  keep: Callable[[str, bytes], str]) -> dict[str, tuple[dict[str, str], dict]]:
    """Index each (name, pages) into ``pagefind/<name>/``, on as many threads as there are ``indexers``
    (each feeds its own Pagefind process); ``keep`` each file (path, bytes → its content hash), in the
    order of ``bundles``. Returns each bundle's files and what it holds (:func:`bundle_pages`)."""
    scratch = Path(tempfile.mkdtemp(prefix="index-", dir=scratch_root))
    free: queue.SimpleQueue[Indexer] = queue.SimpleQueue()
    for indexer in indexers[:max(1, len(bundles))]:
        free.put(indexer)

    def index(name: str, pages: Iterator[tuple[str, str]]) -> Path:
        indexer = free.get()
        try:
            indexer.bundle(pages, scratch / name)
        finally:
            free.put(indexer)
        return scratch / name

    try:
        made = {}
        with ThreadPoolExecutor(max_workers=max(1, min(len(indexers), len(bundles)))) as pool:
            futures = [(name, pool.submit(index, name, pages)) for name, pages in bundles]
            try:
                for name, future in futures:
                    folder = future.result()
                    files = {}
                    for path in sorted(folder.rglob("*")):
                        if path.is_file():
                            relative = f"pagefind/{name}/{path.relative_to(folder).as_posix()}"
                            files[relative] = keep(relative, path.read_bytes())
                    made[name] = (files, bundle_pages(folder))
                    shutil.rmtree(folder)
            finally:
                for _, future in futures:
                    future.cancel()
        return made
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
