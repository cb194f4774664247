"""What a build is asked to do (:class:`Options`) and what it tells about what it did (:class:`Result`)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .cache import CACHE_DIR

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass
class Options:
    content: Path = Path("content")
    output: Path = Path("output")
    themes: Path = Path("themes")
    base_url: str | None = None
    drafts: bool = False
    future: bool = False
    search: bool = True  # build the Pagefind index
    today: dt.date | None = None  # None: today where the site is (site.yaml `timezone`), see dated()
    jobs: int = 0  # worker processes; 0: one per core
    cache: Path | None = None  # the cache directory; None: .cache/generator beside the content folder
    use_cache: bool = True  # False: keep nothing between builds
    full: bool = False  # ignore what earlier builds left and make everything again
    keep_search: bool = False  # the dev server: keep the published search index instead of re-indexing
    years: frozenset[int] | None = None  # a shard: make only these years' files (None: the whole site)
    shard_out: Path | None = None  # a shard: where its description goes (its files go to ``output``)

    @property
    def editor_notes(self) -> bool:
        """Pages show editors' notes in `--drafts` builds and in the dev server (the one that keeps search)."""
        return self.drafts or self.keep_search

    def dated(self, site: Any) -> "Options":
        """These options with ``today`` set: the site's today unless one was given (``--today``)."""
        return self if self.today is not None else dataclasses.replace(self, today=site.today())

    def cache_dir(self) -> Path | None:
        if not self.use_cache:
            return None
        return self.cache if self.cache is not None else self.content.resolve().parent / CACHE_DIR

    def template_cache(self) -> Path | None:
        """Where compiled templates are kept between builds."""
        cache = self.cache_dir()
        return cache / "templates" if cache is not None else None


@dataclass
class Result:
    notices: int
    pages: int
    files: int
    skipped: list[str]
    written: int = 0  # files written by this build (the others were unchanged)
    made: int = 0  # units made again
    up_to_date: bool = False  # nothing had changed: nothing was done
    searched: bool = False  # the search index was brought up to date (`indexed`: the years indexed again)
    timings: dict[str, float] = field(default_factory=dict)  # stage → seconds (worker seconds summed)
    way: str = ""  # how the work was planned: "up to date", "whole site", "bodies", "session bodies"
    loaded: int = 0  # notices this build held (parsed, or read from the cache or a session)
    parsed: int = 0  # notice files parsed (the others came from the cache or a session)
    indexed: list[int] = field(default_factory=list)  # the years whose search index was rebuilt
    warnings: list[str] = field(default_factory=list)  # what the site lacks, not an error (no sitemap …)

    def write_timings(self, path: Path) -> None:
        """``--timings``: each stage's seconds and what was made, as JSON."""
        path.write_text(json.dumps({"timings": self.timings, "made": self.made, "written": self.written,
                                    "files": self.files, "up_to_date": self.up_to_date,
                                    "searched": self.searched}), encoding="utf-8")
