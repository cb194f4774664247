"""``make bench-scale`` / ``python -m generator.scale``: a national archive's size, once.

Writes a seeded archive (:mod:`generator.corpus`, 100,000 notices by default), builds it once
without the search index as a separate ``python -m generator build`` process (cold: no cache, no
previous output) and reports what was published: the number of files, the largest file, the
largest site-wide file (one made from every year: the feed, the calendar, the JSON index, the
sitemap index, the deadlines page …) and the largest file of each kind, besides the build's time
and peak memory. It measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

from .bench import REPO, build_once
from .corpus import write_corpus
from .urls import owner_year


def survey(output: Path) -> dict:
    """Every published file's size: the count, the total, the largest overall, per kind and site-wide."""
    count = total = 0
    largest: tuple[int, str] = (0, "")
    site_wide: tuple[int, str] = (0, "")
    by_kind: dict[str, tuple[int, str]] = {}
    for directory, folders, files in os.walk(output):
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in files:
            if name.startswith("."):
                continue  # the build's marker and record, not published content
            path = os.path.join(directory, name)
            relative = os.path.relpath(path, output).replace(os.sep, "/")
            size = os.stat(path).st_size
            count += 1
            total += size
            largest = max(largest, (size, relative))
            kind = name.rsplit(".", 1)[-1] if "." in name else name
            by_kind[kind] = max(by_kind.get(kind, (0, "")), (size, relative))
            if owner_year(relative) is None and not relative.startswith("static/"):
                site_wide = max(site_wide, (size, relative))
    return {"files": count, "bytes": total, "largest": largest, "site_wide": site_wide, "by_kind": by_kind}


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.2f} MB" if size >= 100_000 else f"{size / 1000:.1f} kB"


def report(notices: int, seconds: float, memory_mb: float, found: dict) -> str:
    lines = [f"| {notices:,} notices, `build --no-search`, cold | |", "|---|---|",
             f"| build time | {seconds:.0f} s |", f"| peak memory (build's processes, PSS) | {memory_mb:,.0f} MB |",
             f"| files published | {found['files']:,} |", f"| bytes published | {_mb(found['bytes'])} |",
             f"| largest file | {_mb(found['largest'][0])} `{found['largest'][1]}` |",
             f"| largest site-wide file | {_mb(found['site_wide'][0])} `{found['site_wide'][1]}` |"]
    for kind, (size, path) in sorted(found["by_kind"].items(), key=lambda item: -item[1][0]):
        lines.append(f"| largest .{kind} | {_mb(size)} `{path}` |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.scale", description=__doc__.split("\n\n")[0])
    parser.add_argument("--notices", type=int, default=100_000, help="archive size (default 100,000)")
    parser.add_argument("--dir", type=Path, default=Path(".cache") / "bench-scale", help="where the archive goes")
    parser.add_argument("--report", type=Path, default=None, help="also write the table to this file")
    parser.add_argument("--keep", action="store_true", help="keep the output and cache folders")
    args = parser.parse_args(argv)
    root = args.dir.resolve() / f"archive-{args.notices}"
    say = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
    if not (root / "content" / "site.yaml").is_file():
        say(f"writing {args.notices:,} notices into {root}/content …")
        started = time.perf_counter()
        write_corpus(root, args.notices)
        say(f"  written in {time.perf_counter() - started:.0f} s")
    if not (root / "themes").is_dir():
        shutil.copytree(REPO / "themes", root / "themes")
    output, cache = root / "output", root / "cache"
    for leftover in (output, cache):
        shutil.rmtree(leftover, ignore_errors=True)
    say(f"building {args.notices:,} notices without the search index …")
    # a full base URL, so the sitemaps are written and counted (the corpus's site.yaml has a path)
    run = build_once(root, output, cache, "--no-search", "--quiet", "--base-url", "https://kx.example.cn/")
    found = survey(output)
    text = report(args.notices, run.seconds, run.memory_mb, found)
    print(text)
    if args.report:
        args.report.write_text(text + "\n", encoding="utf-8")
    if not args.keep:
        for leftover in (output, cache):
            shutil.rmtree(leftover, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
