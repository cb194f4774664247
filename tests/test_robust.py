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


@pytest.mark.parametrize("delay", [0.1, 0.5, 1.0])
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


# Runs a build that SIGKILLs itself just before or just after the Nth file-system step of publishing
# (a write into the new tree, the swap, a rename or a removal): a deterministic way to die at every
# moment that matters.
KILLER = """
import os, pathlib, shutil, signal, sys
import generator.publish as publish
from generator.__main__ import main
limit, count = int(sys.argv[1]), [0]
def tick():
    count[0] += 1
    if count[0] == limit:
        os.kill(os.getpid(), signal.SIGKILL)
def counting(function):
    def step(*args, **kwargs):
        tick()  # die just before the step ...
        result = function(*args, **kwargs)
        tick()  # ... or just after it
        return result
    return step
publish.Tree.write = counting(publish.Tree.write)
publish.Tree.copy = counting(publish.Tree.copy)
publish._exchange = counting(publish._exchange)
shutil.rmtree = counting(shutil.rmtree)
pathlib.Path.rename = counting(pathlib.Path.rename)
code = main(sys.argv[2:])
print("STEPS", count[0])
sys.exit(code)
"""


def test_killed_at_every_step_of_publishing(tmp_path):
    output = tmp_path / "output"
    build = BUILD + ["--output", str(output), "--no-search"]
    subprocess.run(build, check=True, cwd=tmp_path)
    before = digest(output)
    dry = subprocess.run([sys.executable, "-c", KILLER, "0", *build[3:]], cwd=tmp_path, check=True,
                         capture_output=True, text=True)
    steps = int(dry.stdout.split("STEPS")[1])
    assert steps > 50
    moments = sorted(set(range(1, steps + 1, max(1, steps // 12))) | set(range(max(1, steps - 12), steps + 1)))
    for moment in moments:
        killed = subprocess.run([sys.executable, "-c", KILLER, str(moment), *build[3:]], cwd=tmp_path)
        assert killed.returncode == -signal.SIGKILL
        assert digest(output) == before, f"output damaged when killed at step {moment} of {steps}"
    subprocess.run(build, check=True, cwd=tmp_path)
    assert digest(output) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


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
