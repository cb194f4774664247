"""The search after edits: an edited notice is found by its new words and not its old ones, a deleted
notice is not found, and the counts (results, filters) are those of a build from nothing — with the
edits in the delta bundle and the year bundles as they were (generator/outputs/search.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest

from generator.build import Options, build
from helpers import REPO, TODAY, browser, searchable, serve

pytestmark = pytest.mark.slow


def _build(content: Path, output: Path, cache: Path | None) -> None:
    build(Options(content=content, output=output, themes=REPO / "themes", today=TODAY,
                  cache=cache, use_cache=cache is not None))


# Every result shown has its data: no loading placeholder left, one link per result.
_LOADED = ("!document.querySelector('.pagefind-ui__loading') && [...document.querySelectorAll('.pagefind-ui__result')]"
           ".every(result => result.querySelector('.pagefind-ui__result-link'))")


def _results(page, base: str, query: str) -> tuple[str, list[str], list[str]]:
    """The UI's message, the result links (every one: "load more" clicked) and the filter labels with counts."""
    page.goto(base + "search/?q=" + quote(query))
    page.wait_for_function("document.querySelector('.pagefind-ui__message')?.textContent.includes('结果')",
                           timeout=15000)
    page.wait_for_function(_LOADED, timeout=15000)  # the message comes before the results' own data
    more = page.locator("button.pagefind-ui__button")
    while more.count():
        shown = page.locator(".pagefind-ui__result-link").count()
        more.first.click()
        page.wait_for_function(f"document.querySelectorAll('.pagefind-ui__result-link').length > {shown}")
        page.wait_for_function(_LOADED, timeout=15000)
    message = page.locator(".pagefind-ui__message").inner_text()
    links = page.eval_on_selector_all(".pagefind-ui__result-link", "els => els.map(e => e.getAttribute('href'))")
    for name in page.locator(".pagefind-ui__filter-name").all():
        name.click()  # open every filter group
    labels, same = None, 0
    while same < 4:  # the filters may be drawn before the last merged bundle is in: until they stay for 1 s
        page.wait_for_timeout(250)
        now = page.eval_on_selector_all(".pagefind-ui__filter-value",
                                        "els => els.map(e => e.innerText.replace(/\\s+/g, ' ').trim())")
        same, labels = (same + 1 if now == labels else 0), now
    return message, sorted({link.split("#")[0] for link in links}), sorted(labels)


def test_after_edits_the_search_finds_the_notices_as_they_are(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    output, cache, clean = tmp_path / "output", tmp_path / "cache", tmp_path / "clean"
    _build(content, output, cache)
    weinan = content / "2022" / "weinan-kepuri-2022.md"
    text = weinan.read_text(encoding="utf-8")
    assert text.count("淳朴民风") == 1 and "淳朴民风" in (content / "2022" / "chongqing-kepuri-2022.md").read_text()
    weinan.write_text(text.replace("淳朴民风", "青铜鼎铭新风"), encoding="utf-8")  # a sentence of the body
    (content / "2022" / "chongqing-kepuri-2022.md").unlink()
    _build(content, output, cache)
    delta = json.loads((output / "pagefind" / "delta.json").read_text(encoding="utf-8"))
    assert delta["bundle"] == "delta/" and len(delta["hidden"]) == 2  # weinan's old copy, chongqing
    _build(content, clean, None)  # the same content from nothing: no delta, the year indexed again
    assert json.loads((clean / "pagefind" / "delta.json").read_text(encoding="utf-8"))["bundle"] is None
    assert searchable(output) == searchable(clean)
    with browser() as context, serve(output) as edited, serve(clean) as fresh:
        page = context.new_page()
        message, links, _ = _results(page, edited, "青铜鼎铭")
        assert links == ["/2022/weinan-kepuri-2022/"], message
        for gone in ("淳朴民风", "于娇娇"):  # weinan's old words; chongqing is deleted (于娇娇 was only in it)
            message, links, _ = _results(page, edited, gone)
            assert links == [] and "未找到" in message, (gone, message, links)
        for query in ("科普", "新风", "学会"):  # what the search shows, counts too, is a fresh build's
            assert _results(page, edited, query) == _results(page, fresh, query), query
        shown = []
        for base in (fresh, edited):  # with a filter chosen: 陕西省 has three of the five notices with 学会
            _results(page, base, "学会")
            page.locator(".pagefind-ui__filter-label", has_text="陕西省").click()
            page.wait_for_function("document.querySelector('.pagefind-ui__message')?.textContent.includes('找到 3 个')")
            page.wait_for_timeout(300)  # the filter counts come with the results, but give the UI a moment
            shown.append(page.eval_on_selector_all(
                ".pagefind-ui__filter-value", "els => els.map(e => e.innerText.replace(/\\s+/g, ' ').trim())"))
        assert shown[0] == shown[1]
