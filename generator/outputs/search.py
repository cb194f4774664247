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
``data-pagefind-body`` is indexed; each page's URL is given explicitly, so the
index is right under any base URL.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import json
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import cbor2

from pagefind.index import IndexConfig, PagefindIndex

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_BETWEEN_HAN = re.compile(f"([{_HAN}])(?=[{_HAN}])")
_TAG = re.compile(r"(<[^>]*>)")


def spaced(html: str) -> str:
    """The page with a space between neighbouring Chinese characters in its text (not in tags)."""
    return "".join(part if part.startswith("<") else _BETWEEN_HAN.sub(r"\1 ", part) for part in _TAG.split(html))


async def _index(pages: list[tuple[str, str]], output: Path) -> int:
    config = IndexConfig(output_path=str(output), write_playground=False)
    async with PagefindIndex(config=config) as index:  # writes the files when the block ends
        for url, html in pages:
            await index.add_html_file(content=spaced(html), url=url)
    return len(pages)


def write_index(pages: list[tuple[str, str]], output: Path) -> int:
    """Index ``(url, html)`` pages into ``output`` (the site's ``pagefind/`` folder)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:  # the usual case: no event loop in this thread
        count = asyncio.run(_index(pages, output))
    else:  # called from inside a loop (the dev server's): index on a thread of its own
        with ThreadPoolExecutor(max_workers=1) as pool:
            count = pool.submit(asyncio.run, _index(pages, output)).result()
    canonicalise(output)
    return count


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
