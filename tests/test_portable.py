"""Linux, Windows and macOS: the paths taken where fork, fcntl and renameat2 are missing, forced here.

The same archive is built the default way (forked workers, one atomic ``renameat2`` exchange)
and the portable way (spawned workers, two renames, no ``fcntl``: tests/portable_build.py), a
clean build and then an edit; the output trees must be byte-identical.
"""

from __future__ import annotations

import ast
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator import publish, workers
from generator.corpus import write_corpus
from helpers import REPO

POSIX_ONLY = {"fcntl", "termios", "tty", "pty", "pwd", "grp", "resource", "posix", "syslog", "crypt", "spwd",
              "nis", "readline", "curses"}
WINDOWS_ONLY = {"msvcrt", "winreg", "winsound", "_winapi", "nt"}


def _module_level_imports(path: Path) -> set[str]:
    """Modules a file imports when it is imported (not inside functions)."""
    names: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_no_module_imports_what_only_one_platform_has():
    found = {path.relative_to(REPO).as_posix(): sorted(_module_level_imports(path) & (POSIX_ONLY | WINDOWS_ONLY))
             for path in sorted((REPO / "generator").rglob("*.py"))}
    assert {path: names for path, names in found.items() if names} == {}


def test_every_module_imports_without_fcntl_and_friends():
    """What the libraries import matters too (filelock falls back where fcntl is missing)."""
    modules = sorted(".".join(path.relative_to(REPO).with_suffix("").parts)
                     for path in (REPO / "generator").rglob("*.py"))
    modules = [m.removesuffix(".__init__") for m in modules if not m.endswith("__main__")] + ["generator.__main__"]
    script = (f"import sys, importlib, warnings\nwarnings.simplefilter('ignore')\n"
              f"for name in {sorted(POSIX_ONLY - {'posix'})!r}: sys.modules[name] = None\n"
              f"for name in {modules!r}: importlib.import_module(name)\nprint('imported', len({modules!r}))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("imported ")


def test_the_start_method_is_fork_on_linux_unless_one_was_set():
    assert workers.start_method() == ("fork" if sys.platform.startswith("linux") else "spawn")


def _square(n: int) -> tuple[int, int]:
    return os.getpid(), n * n


def test_spawned_workers_give_the_same_results(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(workers, "start_method", lambda: "spawn")
    offset = 7  # a closure's cell travels too (cloudpickle)
    seen: dict[int, tuple[int, int]] = {}
    workers.each(lambda n: (os.getpid(), n * n + offset), list(range(300)), 3,
                 lambda n, result: seen.__setitem__(n, result), min_items=1)
    assert {n: value for n, (_, value) in seen.items()} == {n: n * n + offset for n in range(300)}
    assert {pid for pid, _ in seen.values()} - {os.getpid()}, "no item was done by a spawned worker"


def test_an_error_in_a_spawned_worker_is_raised_in_the_build(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(workers, "start_method", lambda: "spawn")
    parent = os.getpid()

    def work(n: int) -> int:
        if os.getpid() != parent:
            raise ValueError(f"item {n}")
        return n

    with pytest.raises(ValueError, match="item"):
        workers.each(work, list(range(200)), 2, lambda n, result: None, min_items=1)


def test_a_failed_second_rename_puts_the_old_site_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Without an atomic exchange the swap is two renames; if the second fails, the old site is restored."""
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("old", encoding="utf-8")
    monkeypatch.setattr(publish, "_exchange", lambda a, b: False)
    real_replace = os.replace

    def replace(source, target):
        if Path(target) == output.resolve() and Path(source).name != ".output-old":
            raise PermissionError(13, "in use", str(source))  # Windows: a file of the new tree held open
        return real_replace(source, target)

    with publish.OutputFolder(output, tmp_path / "work") as folder:
        tree = folder.stage()
        tree.write("index.html", "new")
        monkeypatch.setattr(publish.os, "replace", replace)
        with pytest.raises(PermissionError):
            folder.commit(tree, publish.Record())
        monkeypatch.setattr(publish.os, "replace", real_replace)
    assert (output / "index.html").read_text(encoding="utf-8") == "old"
    assert not (tmp_path / ".output-old").exists()


def _tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _build(command: list[str], site: Path, output: str, log: Path) -> None:
    done = subprocess.run([*command, "build", "--content", str(site / "content"), "--themes", str(REPO / "themes"),
                           "--output", str(site / output), "--cache", str(site / f".cache-{output}"),
                           "--jobs", "2", "--today", "2026-11-30", "--quiet"],
                          capture_output=True, text=True, cwd=site, timeout=600,
                          env={**os.environ, "PORTABLE_LOG": str(log)})
    assert done.returncode == 0, done.stderr[-3000:]


@pytest.mark.slow
def test_the_portable_paths_build_the_same_bytes(tmp_path: Path):
    """Spawned workers, no renameat2, no fcntl: the same site as forked workers and renameat2,
    for a clean build and for an incremental one after an edit (which swaps with a live site)."""
    paths = write_corpus(tmp_path, 90, seed=11)  # enough notices for the work to go to workers
    log = tmp_path / "portable.log"
    default = [sys.executable, "-m", "generator"]
    portable = [sys.executable, str(REPO / "tests" / "portable_build.py")]
    for step in ("clean", "edit"):
        if step == "edit":
            text = paths[5].read_text(encoding="utf-8")
            paths[5].write_text(text.replace("\n\n", "\n\n编辑后加入的一句话。\n\n", 1), encoding="utf-8")
        _build(default, tmp_path, "forked", log)
        _build(portable, tmp_path, "spawned", log)
        forked, spawned = _tree(tmp_path / "forked"), _tree(tmp_path / "spawned")
        assert len(forked) > 1000
        assert spawned == forked, step
    lines = log.read_text(encoding="utf-8").splitlines()
    assert "spawned a worker" in lines  # the portable paths were taken
    assert "swapped by renames" in lines
    assert not (tmp_path / ".spawned-old").exists()
