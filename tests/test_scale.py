"""``make bench-scale`` on a tiny archive: the figures come out and name real files."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.slow
def test_scale_reports_the_file_count_and_the_largest_files(tmp_path: Path):
    report = tmp_path / "report.md"
    done = subprocess.run([sys.executable, "-m", "generator.scale", "--notices", "15", "--dir", str(tmp_path),
                           "--report", str(report), "--keep"], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    text = report.read_text(encoding="utf-8")
    assert text.strip() in done.stdout
    output = tmp_path / "archive-15" / "output"
    published = [p for p in output.rglob("*") if p.is_file() and not p.name.startswith(".")]
    assert f"| files published | {len(published):,} |" in text
    largest = max(published, key=lambda p: p.stat().st_size)
    match = re.search(r"\| largest file \| [\d.]+ [kM]B `([^`]+)` \|", text)
    assert match and (output / match.group(1)).stat().st_size == largest.stat().st_size
    site_wide = re.search(r"\| largest site-wide file \| [\d.]+ [kM]B `([^`]+)` \|", text).group(1)
    assert not re.match(r"\d{4}/", site_wide) and (output / site_wide).is_file()
    assert (output / "sitemap.xml").is_file()  # built with a full base URL: the sitemaps are counted
