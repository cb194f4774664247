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


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.1, 0.5, 1.0])
def test_killed_build_leaves_previous_site(tmp_path, delay):
    output = tmp_path / "output"
    subprocess.run(BUILD + ["--output", str(output)], check=True, cwd=tmp_path)
    before = digest(output)
    process = subprocess.Popen(BUILD + ["--output", str(output), "--full"], cwd=tmp_path)  # not a no-op
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert digest(output) == before  # complete and unchanged: the swap is all or nothing
    subprocess.run(BUILD + ["--output", str(output)], check=True, cwd=tmp_path)
    assert digest(output) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".output.lock", "output"]  # the lock stays; leftovers of the killed build are gone


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
publish.Tree.link = counting(publish.Tree.link)
publish.Tree.remove = counting(publish.Tree.remove)
publish.save_record = counting(publish.save_record)
publish._exchange = counting(publish._exchange)
shutil.rmtree = counting(shutil.rmtree)
pathlib.Path.rename = counting(pathlib.Path.rename)
code = main(sys.argv[2:])
print("STEPS", count[0])
sys.exit(code)
"""


def _moments(steps: int) -> list[int]:
    return sorted(set(range(1, steps + 1, max(1, steps // 12))) | set(range(max(1, steps - 12), steps + 1)))


@pytest.mark.slow
def test_killed_at_every_step_of_publishing(tmp_path):
    output = tmp_path / "output"
    build = BUILD + ["--output", str(output), "--no-search", "--jobs", "1"]  # every step in this process
    subprocess.run(build, check=True, cwd=tmp_path)
    before = digest(output)
    full = [*build[3:], "--full"]  # the same content again, made and published from scratch
    dry = subprocess.run([sys.executable, "-c", KILLER, "0", *full], cwd=tmp_path, check=True,
                         capture_output=True, text=True)
    steps = int(dry.stdout.split("STEPS")[1])
    assert steps > 50
    for moment in _moments(steps):
        killed = subprocess.run([sys.executable, "-c", KILLER, str(moment), *full], cwd=tmp_path)
        assert killed.returncode == -signal.SIGKILL
        assert digest(output) == before, f"output damaged when killed at step {moment} of {steps}"
    subprocess.run(build, check=True, cwd=tmp_path)
    assert digest(output) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".output.lock", "output"]


@pytest.mark.slow
def test_incremental_build_killed_at_every_step_keeps_the_previous_site(tmp_path):
    """An edit publishes a few files into the spare tree and swaps it in: killed at any step of that
    (or of making the spare trustworthy again after an earlier kill), the site is the previous one;
    the next complete build is the clean build of the edited content."""
    import shutil
    shutil.copytree(REPO / "content", tmp_path / "content")
    notice = tmp_path / "content" / "2022" / "weinan-kepuri-2022.md"
    original = notice.read_text(encoding="utf-8")
    edited = original.replace("现将有关事项通知如下", "现将有关事项通知如下（第二次修订）").replace(
        "title: 关于举办", "title: 关于隆重举办")
    assert edited != original
    output = tmp_path / "output"
    build = [sys.executable, "-m", "generator", "build", "--content", str(tmp_path / "content"), "--themes",
             str(REPO / "themes"), "--today", TODAY.isoformat(), "--quiet", "--no-search", "--jobs", "1",
             "--output", str(output)]
    subprocess.run(build, check=True, cwd=tmp_path)
    before = digest(output)
    notice.write_text(edited, encoding="utf-8")
    dry = subprocess.run([sys.executable, "-c", KILLER, "0", *build[3:]], cwd=tmp_path, check=True,
                         capture_output=True, text=True)
    steps = int(dry.stdout.split("STEPS")[1])
    after = digest(output)
    assert after != before and steps > 10
    notice.write_text(original, encoding="utf-8")
    subprocess.run(build, check=True, cwd=tmp_path)
    assert digest(output) == before
    notice.write_text(edited, encoding="utf-8")
    for moment in _moments(steps):
        killed = subprocess.run([sys.executable, "-c", KILLER, str(moment), *build[3:]], cwd=tmp_path)
        if killed.returncode == 0:  # this run needed fewer steps than the first (its spare was trusted)
            continue
        assert killed.returncode == -signal.SIGKILL
        assert digest(output) == before, f"output damaged when killed at step {moment} of {steps}"
    subprocess.run(build, check=True, cwd=tmp_path)
    assert digest(output) == after
    clean = tmp_path / "clean"
    subprocess.run([*build[:-1], str(clean), "--no-cache"], check=True, cwd=tmp_path)
    assert digest(clean) == after
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".output-")]


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
