"""``python -m generator bench`` on a tiny archive: every number comes out, and what it built is right."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build import Options, build
from helpers import searchable


def digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_bench_reports_every_measurement_and_builds_the_right_site(tmp_path: Path):
    report = tmp_path / "report.md"
    done = subprocess.run([sys.executable, "-m", "generator", "bench", "--sizes", "12", "--runs", "1", "--dir",
                           str(tmp_path / "bench"), "--keep", "--report", str(report)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    text = report.read_text(encoding="utf-8")
    assert text.strip() in done.stdout
    rows = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("| |")]
    for label in ("cold build, without the search index", "no-op rebuild", "one-notice edit: a sentence of the body",
                  "one-template edit (notice.html)", "`make serve`, body edit: save → reload message",
                  "peak memory, cold build without", "peak memory, cold build with", "Markdown + sanitising",
                  "one-notice edit (body) with the search index", "… of which Pagefind (the delta", "+ tables", "+ toc"):
        row = next(line for line in rows if line.startswith(f"| {label}"))
        assert re.search(r"\d+\.\d+|\d+ MB", row.split("|")[2]), row
    archive = tmp_path / "bench" / "archive-12"
    outputs = sorted(archive.glob("runs-*/output-0"))
    assert len(outputs) == 1
    today = __import__("datetime").date(2025, 6, 1)
    clean = tmp_path / "clean"
    build(Options(content=archive / "content", output=clean, themes=archive / "themes", use_cache=False,
                  today=today))
    expected = digest(clean)
    without_index = lambda files: {p: h for p, h in files.items() if not p.startswith("pagefind/")}  # noqa: E731
    # the bench ends with edits in `serve`, which keeps the search index as it was
    assert without_index(digest(outputs[0])) == without_index(expected)
    build(Options(content=archive / "content", output=outputs[0], themes=archive / "themes", today=today,
                  cache=outputs[0].parent / "cache-0"))
    # a build brings the index up to date: the same pages found with the same words (edits sit in the
    # delta bundle, so the bundles' bytes differ from a build from nothing)
    assert without_index(digest(outputs[0])) == without_index(expected)
    assert searchable(outputs[0]) == searchable(clean)
