"""axe-core (WCAG 2.1 A/AA) on every page type at phone and desktop widths; keyboard-only use."""

from __future__ import annotations

from pathlib import Path

import axe_playwright_python
import pytest

from helpers import browser, serve

AXE = Path(axe_playwright_python.__file__).parent / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

PAGE_TYPES = {
    "home": "",
    "year list": "years/",
    "a year": "2022/",
    "a notice": "2022/weinan-kepuri-2022/",
    "a notice with actions in two groups": "2023/pucheng-kepuri-2023/",
    "a notice with a contact table": "2022/chongqing-kepuri-2022/",
    "a table annex": "2022/weinan-kepuri-2022/annex-1/",
    "a form annex": "2022/weinan-kepuri-2022/annex-2/",
    "a grouped form annex": "2022/xinxiang-kejizhou-2022/annex-1/",
    "a text annex": "2023/pucheng-kepuri-2023/annex-3/",
    "action index": "actions/",
    "an action": "actions/enterprise/",
    "regions": "regions/",
    "a region": "regions/shaanxi/",
    "campaigns": "campaigns/",
    "a campaign": "campaigns/kepuri/",
    "deadlines": "deadlines/",
    "search": "search/?q=学会",
    "404": "404.html",
}


@pytest.fixture(scope="module")
def served(example):
    with serve(example[0]) as base, browser() as context:
        yield base, context


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_no_axe_violations(served, name, width):
    base, context = served
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(base + PAGE_TYPES[name])
    if name == "search":
        page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG)
    violations = [f"{v['id']}: {v['help']} ({len(v['nodes'])}×, e.g. {v['nodes'][0]['target']})"
                  for v in result["violations"]]
    assert violations == []
    page.close()


def test_axe_finds_a_real_violation(served):
    """The check is not vacuous: a page with an unlabelled image and low contrast fails."""
    base, context = served
    page = context.new_page()
    page.goto(base + "404.html")
    page.evaluate("""() => {
        const main = document.querySelector('main');
        main.insertAdjacentHTML('beforeend', '<img src="x.png"><p style="color:#ccc;background:#fff">灰色文字</p>');
    }""")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG)
    assert {"image-alt", "color-contrast"} <= {v["id"] for v in result["violations"]}


def test_keyboard_reaches_every_link_with_visible_focus(served):
    base, context = served
    page = context.new_page()
    page.goto(base + "2022/weinan-kepuri-2022/")
    focusable = page.evaluate("""() => [...document.querySelectorAll('a[href], button, input, [tabindex="0"]')]
        .filter(e => e.offsetParent !== null || e.classList.contains('skip-link')).length""")
    seen = []
    for _ in range(focusable + 5):
        page.keyboard.press("Tab")
        info = page.evaluate("""() => { const e = document.activeElement; const s = getComputedStyle(e);
            return {tag: e.tagName, text: (e.textContent || e.value || '').trim().slice(0, 20),
                    outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
                    index: [...document.querySelectorAll('a[href], button, input, [tabindex="0"]')].indexOf(e)}; }""")
        if info["tag"] == "BODY":
            break
        assert info["outline"], f"no visible focus on {info}"
        seen.append(info["index"])
    assert seen[0] == 0  # the skip link comes first
    assert len(set(seen)) >= focusable
