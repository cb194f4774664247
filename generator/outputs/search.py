"""The static full-text search index, built with Pagefind from the rendered pages.

Pagefind's extended binary (PyPI ``pagefind[extended]``) segments Chinese at
index time with a dictionary, but the browser segments the *query* with
``Intl.Segmenter`` (ICU), and the two disagree: ICU splits 大篷车 into 大|篷车,
the index holds 大篷车, and a search for 科普大篷车 or a person's name finds the
wrong pages or nothing. So the copy of each page given to Pagefind has a space
between neighbouring Chinese characters (each character is one word), and
``static/search.js`` turns the query into a phrase of characters: the search
then means "contains this exact text", which is what readers expect. The
published pages are not changed. Only the part of a page inside
``data-pagefind-body`` is indexed; each page sits in the scratch site at its
URL's path (base path included), so the index is right under any base URL.

The index is built by Pagefind's command-line indexer over a scratch copy of
those pages, not through its Python service API: that API waits 0.1 s for every
page it is sent (its response loop sleeps before each read), which made
indexing 200 notices take 21 s instead of 0.9 s.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import pickle
import re
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable

import cbor2
from ..i18n import tr

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RUN = re.compile(f"[{_HAN}]{{2,}}")
_TAG = re.compile(r"(<[^>]*>)")


def _space_run(match: re.Match) -> str:
    return " ".join(match.group())


def spaced(html: str) -> str:
    """The page with a space between neighbouring Chinese characters in its text (not in tags).

    Each run of Chinese characters is joined with spaces at once (a substitution per character
    took 1.6 ms a page: 16 s for an archive of 10,000 notices).
    """
    return "".join(part if part.startswith("<") else _HAN_RUN.sub(_space_run, part) for part in _TAG.split(html))


def source_name(url: str) -> str:
    """Where a page with this URL goes in the scratch site, so that Pagefind derives the same URL.

    Pagefind names a page by its path below ``--site`` with ``index.html`` dropped.
    """
    relative = url.lstrip("/")
    return relative + "index.html" if relative.endswith("/") or not relative else relative


def write_source(url: str, html: str, source: Path) -> Path:
    """Put the indexable copy of one page into the scratch site ``source``."""
    target = source / source_name(url)
    if not target.resolve().is_relative_to(source.resolve()):
        raise ValueError(tr("refusing to index a page outside the scratch site: {url}", url=repr(url)))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(spaced(html), encoding="utf-8")
    return target


def run_indexer(source: Path, output: Path) -> None:
    """Index every page under ``source`` into ``output`` and make the result byte-identical between runs."""
    from pagefind.service import get_executable  # here: it imports asyncio, 0.04 s that a build without indexing spares

    executable = get_executable()
    if executable is None:
        raise FileNotFoundError(tr("the Pagefind binary is missing: pip install 'pagefind[extended]'"))
    if output.exists():
        shutil.rmtree(output)
    done = subprocess.run([str(executable), "--site", str(source), "--output-path", str(output), "--silent"],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"pagefind failed ({done.returncode}): {done.stdout}{done.stderr}")
    canonicalise(output)


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


# ---------------------------------------------------------------- kept between builds


class SearchSource:
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
        self.state: dict[str, tuple] = {}  # url → (year, content hash, the copy's size, time and inode)
        self.trusted = False
        if root is not None:
            state = root / "state.pickle"
            value = _load_state(state)
            if isinstance(value, dict):
                self.state, self.trusted = value, True

    def has(self, url: str, year: int, files: dict[str, str] | None) -> bool:
        """Whether the copy of this page is the published version (``files``: the page's published
        files, None when it has none); else the page is made again."""
        if self.ephemeral:
            return True  # nothing is kept between builds: every page is made, and copied, anyway
        kept = self.state.get(url)
        return (files is not None and self.trusted and kept is not None
                and kept[:2] == (year, next(iter(files.values()), None)) and kept[2:] == (self._stat(url, year),))

    def begin(self, tree_root: Path) -> None:
        """Before copies change (``tree_root``: the tree being built, home of copies not kept)."""
        if self.ephemeral:
            self.root = tree_root / ".search-source"
        assert self.root is not None
        (self.root / "state.pickle").unlink(missing_ok=True)
        (self.root / "pages").mkdir(parents=True, exist_ok=True)

    def _path(self, url: str, year: int) -> Path:
        assert self.root is not None
        return self.root / "pages" / str(year) / source_name(url)

    def write(self, url: str, year: int, html: bytes | str) -> None:
        assert self.root is not None
        write_source(url, html.decode("utf-8") if isinstance(html, bytes) else html, self.root / "pages" / str(year))

    def _stat(self, url: str, year: int) -> tuple[int, int, int] | None:
        """The copy's size, time and inode: a copy changed by hand is not the one noted, and is made again."""
        try:
            status = os.lstat(self._path(url, year))
        except OSError:
            return None
        return status.st_size, status.st_mtime_ns, status.st_ino

    def note(self, url: str, year: int, content: str) -> None:
        old = self.state.get(url)
        if old is not None and old[0] != year:  # the notice moved to another year's folder
            self._path(url, old[0]).unlink(missing_ok=True)
        self.state[url] = (year, content, self._stat(url, year))

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
            (self.root / "state.pickle").write_bytes(pickle.dumps(self.state, protocol=pickle.HIGHEST_PROTOCOL))


def index_years(search: SearchSource, years: list[int], jobs: int,
                keep: Callable[[str, bytes], str]) -> dict[int, dict[str, str]]:
    """Run Pagefind over each year's page copies (as many at once as there are jobs); ``keep`` each
    index file (path, bytes → its content hash). Returns each year's files."""
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
                produced[relative] = keep(relative, path.read_bytes())
        return made
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _load_state(path: Path) -> object:
    try:
        return pickle.loads(path.read_bytes())
    except Exception:  # noqa: BLE001 - an unreadable state is no state: every copy is made again
        return None
