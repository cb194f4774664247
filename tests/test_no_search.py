"""A site built with --no-search has no search index: its search page says so instead of loading one
that is not there (a blank page whose box led nowhere), and the build summary says it."""

from __future__ import annotations

import pytest

from helpers import NOTICE, Project


def search_page(project: Project) -> str:
    return (project.output / "search" / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_search_page_says_when_there_is_no_index(project: Project):
    project.write("2022/weinan-kepuri.md", NOTICE)
    assert project.build().code == 0
    assert "pagefind-ui.js" in search_page(project) and (project.output / "pagefind").is_dir()

    result = project.build("--no-search")
    assert result.code == 0, result.err
    assert not (project.output / "pagefind").exists()
    page = search_page(project)
    assert "pagefind" not in page and "暂时不能搜索" in page and 'href="/years/"' in page
    assert "no search index (--no-search)" in result.out

    result = project.build()
    assert result.code == 0 and "no search index" not in result.out
    assert "pagefind-ui.js" in search_page(project) and "暂时不能搜索" not in search_page(project)
