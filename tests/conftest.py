"""Shared fixtures: a throw-away project (site config, themes, notices) and a CLI runner."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from helpers import REPO, SITE, Project, build_example, load_example


def pytest_configure(config: pytest.Config) -> None:
    """The tests read the tool's messages in English (its msgids); the tests of the Chinese messages
    choose Chinese themselves (tests/test_i18n.py). Subprocesses inherit the choice."""
    os.environ["NOTICES_LANG"] = "en"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> Project:
    """An empty project with the repository's themes and a small site config, cwd set to it."""
    shutil.copytree(REPO / "themes", tmp_path / "themes")
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "site.yaml").write_text(SITE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "200")
    return Project(tmp_path, capsys)


@pytest.fixture(scope="session")
def example(tmp_path_factory):
    """The example site built once for the session: (output dir, site, notices by slug)."""
    output = tmp_path_factory.mktemp("example") / "output"
    build_example(output)
    site, notices = load_example()
    return output, site, {n.slug: n for n in notices}


SLOW_FOLDERS = ("browser",)  # chromium, one page after another


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """``slow``: the property tests (every hypothesis test), the browser tests and the tests marked
    so by hand (builds killed at every step, random edit sequences, the benchmark).
    ``pytest -m "not slow"`` is the quick loop while editing; ``make test`` runs everything."""
    for item in items:
        if getattr(getattr(item, "obj", None), "is_hypothesis_test", False) or any(
                folder in item.path.parent.parts[-1:] for folder in SLOW_FOLDERS):
            item.add_marker(pytest.mark.slow)
