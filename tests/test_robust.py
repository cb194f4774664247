"""A build killed at any moment leaves the previous site complete; builds are identical whatever the
order files are found in, the working directory or the time zone."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import REPO, TODAY, build_example


def digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


BUILD = [sys.executable, "-m", "generator", "build", "--content", str(REPO / "content"), "--themes",
         str(REPO / "themes"), "--today", TODAY.isoformat(), "--quiet"]


@pytest.mark.parametrize("delay", [0.05, 0.2, 0.4, 0.6, 0.8, 1.0, 1.3])
def test_killed_build_leaves_previous_site(tmp_path, delay):
    output = tmp_path / "output"
    subprocess.run(BUILD + ["--output", str(output)], check=True, cwd=tmp_path)
    before = digest(output)
    process = subprocess.Popen(BUILD + ["--output", str(output)], cwd=tmp_path)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert digest(output) == before  # complete and unchanged: the swap is all or nothing
    subprocess.run(BUILD + ["--output", str(output)], check=True, cwd=tmp_path)
    assert digest(output) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]  # leftovers of the killed build are gone


def test_builds_are_identical_across_order_cwd_and_time_zone(tmp_path, monkeypatch):
    first = tmp_path / "first"
    build_example(first)
    original = Path.rglob
    monkeypatch.setattr(Path, "rglob", lambda self, pattern: reversed(list(original(self, pattern))))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    try:
        second = tmp_path / "second"
        build_example(second)
    finally:
        monkeypatch.undo()
        time.tzset()
    assert digest(first) == digest(second)
    assert len(digest(first)) > 80
