"""A year indexed in parts (generator/outputs/search.py PART_PAGES): the search page merges the further
parts listed in delta.json and finds, counts and filters exactly as with one bundle a year; an edit of
a notice of a split year goes to the delta like any other."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.outputs import search as searching
from helpers import REPO, browser, searchable, serve
from test_search_delta import _build, _results

pytestmark = pytest.mark.slow


def files(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def test_a_year_in_parts_is_searched_and_filtered_like_one_bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    whole, split, again = tmp_path / "whole", tmp_path / "split", tmp_path / "again"
    _build(content, whole, None)
    monkeypatch.setattr(searching, "PART_PAGES", 1)  # every notice a bundle of its own
    _build(content, split, tmp_path / "cache")
    _build(content, again, None)
    assert files(split) == files(again)  # two builds from nothing: the same bytes
    years = {p.parent.name for p in content.glob("20*/*.md")}
    bundles = {p.name for p in (split / "pagefind").iterdir() if p.is_dir()}
    parts = json.loads((split / "pagefind" / "delta.json").read_text(encoding="utf-8"))["parts"]
    assert bundles == years | {part.rstrip("/") for part in parts} and "2022-3/" in parts
    assert not (whole / "pagefind" / "2022-2").exists()
    assert searchable(split) == searchable(whole)
    with browser() as context, serve(whole) as one, serve(split) as many:
        page = context.new_page()
        for query in ("科普", "新风", "学会", "淳朴民风"):  # results, their count and the filter counts
            for _ in range(5):  # the UI may show the filters before the last merged bundle is in: read again
                found, expected = _results(page, many, query), _results(page, one, query)
                if found == expected:
                    break
            assert found == expected, query
            assert found[1], query
        shown = []
        for base in (one, many):  # with a filter chosen: 陕西省 has three of the five notices with 学会
            _results(page, base, "学会")
            page.locator(".pagefind-ui__filter-label", has_text="陕西省").click()
            page.wait_for_function("document.querySelector('.pagefind-ui__message')?.textContent.includes('找到 3 个')")
            page.wait_for_timeout(300)
            shown.append(page.eval_on_selector_all(
                ".pagefind-ui__filter-value", "els => els.map(e => e.innerText.replace(/\\s+/g, ' ').trim())"))
        assert shown[0] == shown[1], shown
        weinan = content / "2022" / "weinan-kepuri-2022.md"  # an edit in a split year: into the delta
        weinan.write_text(weinan.read_text(encoding="utf-8").replace("淳朴民风", "青铜鼎铭新风"), encoding="utf-8")
        _build(content, split, tmp_path / "cache")
        delta = json.loads((split / "pagefind" / "delta.json").read_text(encoding="utf-8"))
        assert delta["bundle"] == "delta/" and len(delta["hidden"]) == 1 and delta["parts"] == parts
        message, links, _ = _results(page, many, "青铜鼎铭")
        assert links == ["/2022/weinan-kepuri-2022/"], message
        message, links, _ = _results(page, many, "淳朴民风")
        assert "/2022/weinan-kepuri-2022/" not in links, message
