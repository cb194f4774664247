"""Issue 15, files and builds: hostile paths, caches and outputs, damaged trees, full disks, locks.

Each test reproduces a defect of the hostile review (its number in the issue is in the test's name or
docstring): it failed before the fix.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from helpers import NOTICE, Project


def tree_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def built(project: Project, *args: str) -> dict[str, str]:
    project.write("2022/weinan-kepuri.md", NOTICE)
    result = project.build("--no-search", *args)
    assert result.code == 0, result.err
    return tree_digest(project.output)


# ---------------------------------------------------------------- 1: a cache inside the output (or content, themes)


@pytest.mark.parametrize("cache", ["output", "output/cache", "content", "content/2022", "themes", ".", "themes/x"])
def test_1_a_cache_inside_or_around_the_output_content_or_themes_is_refused(project: Project, cache: str):
    before = built(project)
    result = project.build("--no-search", "--cache", cache)
    assert result.code == 2, result.err
    assert "Traceback" not in result.err and "--cache" in result.err
    assert tree_digest(project.output) == before  # the live site is untouched
    again = project.build("--no-search", "--cache", cache)
    assert again.code == 2 and tree_digest(project.output) == before
    assert not (project.root / ".output-old").exists()


def test_1_a_cache_beside_the_output_is_fine(project: Project):
    before = built(project, "--cache", "elsewhere/cache")
    assert project.build("--no-search", "--cache", "elsewhere/cache").code == 0
    assert tree_digest(project.output) == before


# ---------------------------------------------------------------- 13: the cache folder is a file


@pytest.mark.parametrize("where", [".cache/generator", ".cache"])
def test_13_a_file_where_the_cache_folder_goes_is_a_clear_error(project: Project, where: str):
    before = built(project, "--no-cache")
    path = project.root / where
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("not a folder", encoding="utf-8")
    result = project.build("--no-search")
    assert result.code == 2, result.err
    assert "Traceback" not in result.err and where in result.err and "not a folder" in result.err
    assert tree_digest(project.output) == before
    assert path.read_text(encoding="utf-8") == "not a folder"  # never removed: it may be someone's file


# ---------------------------------------------------------------- 15: glob characters in --output


@pytest.mark.parametrize("name", ["*", "[gx]*", "?"])
def test_15_glob_characters_in_the_output_path_touch_nothing_else(project: Project, name: str):
    project.write("2022/weinan-kepuri.md", NOTICE)
    keep = project.root / "g" / ".x-new-keep"
    keep.mkdir(parents=True)
    (keep / "mine.txt").write_text("mine", encoding="utf-8")
    other = project.root / "g" / ".output-new-abcdefgh"  # looks like a stale tree of another output
    other.mkdir()
    for _ in range(2):
        result = project.build("--no-search", "--no-cache", "--output", f"g/{name}")
        assert result.code == 0, result.err
    assert (keep / "mine.txt").read_text(encoding="utf-8") == "mine"
    assert other.is_dir()
    assert (project.root / "g" / name / "index.html").is_file()
