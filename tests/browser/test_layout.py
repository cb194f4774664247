"""Nothing cut off: at 1280 and 390 px no element's content is wider than its box unless that box
scrolls and shows that it does (a shadow at the edge with more content, or a visible hint)."""

from __future__ import annotations

import pytest

from helpers import browser, serve

WIDTHS = [1280, 390]

# Every page kind of the example site (the search page with a query, so that results are shown).
PAGE_KINDS = {
    "home": "",
    "notice 渭南 2022": "2022/weinan-kepuri-2022/",
    "notice 重庆 2022": "2022/chongqing-kepuri-2022/",
    "notice 新乡 2021": "2021/xinxiang-kepuri-2021/",
    "notice 新乡 2022": "2022/xinxiang-kejizhou-2022/",
    "notice 蒲城 2023": "2023/pucheng-kepuri-2023/",
    "table annex": "2022/weinan-kepuri-2022/annex-1/",
    "form annex": "2022/weinan-kepuri-2022/annex-2/",
    "grouped form annex": "2022/xinxiang-kejizhou-2022/annex-1/",
    "text annex": "2023/pucheng-kepuri-2023/annex-3/",
    "years": "years/",
    "year": "2022/",
    "actions": "actions/",
    "action": "actions/enterprise/",
    "regions": "regions/",
    "region": "regions/shaanxi/",
    "campaigns": "campaigns/",
    "campaign": "campaigns/kepuri/",
    "deadlines": "deadlines/",
    "search": "search/?q=%E7%A7%91%E6%99%AE",
    "404": "404.html",
}

# For every box in the page: is its content wider than the box, and if so may the reader see that?
# A box that lets content spill out (overflow visible) or clips it (hidden/clip) cuts or overlaps it;
# a box that scrolls must show it: a background gradient that scrolls with the content (the shadow
# at the edge where more is) or a visible element marked data-scroll-hint inside it or just before it.
FIND_CUT = """() => {
  const problems = [];
  const shown = e => { const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
    return r.width > 1 && r.height > 1 && s.visibility !== 'hidden' && s.display !== 'none'; };
  const hinted = box => {
    const hints = [...box.querySelectorAll('[data-scroll-hint]')];
    const before = box.previousElementSibling;
    if (before && before.matches('[data-scroll-hint]')) hints.push(before);
    return hints.some(shown);
  };
  const hiddenOnPurpose = e => {  // visually hidden (for screen readers), it or an ancestor
    for (let a = e; a; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.clipPath !== 'none' || s.clip !== 'auto') return true;
    }
    return false;
  };
  const shadowed = s => s.backgroundImage.includes('gradient') && s.backgroundAttachment.includes('local');
  const describe = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
    (typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\\s+/).join('.') : '') +
    ' «' + (e.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 30) + '»';
  for (const e of document.querySelectorAll('body *')) {
    const s = getComputedStyle(e);
    if (s.display === 'inline' || s.display === 'contents' || s.display === 'none') continue;
    if (!shown(e)) continue;
    if (hiddenOnPurpose(e)) continue;
    if (s.position === 'absolute' && e.getBoundingClientRect().bottom < 0) continue;  // the skip link
    const over = e.scrollWidth - e.clientWidth;
    if (over <= 1 || e.clientWidth === 0) continue;
    const scrolls = ['auto', 'scroll'].includes(s.overflowX);
    if (scrolls && (shadowed(s) || hinted(e))) continue;
    problems.push(describe(e) + ` is ${over}px too narrow for its content (overflow-x: ${s.overflowX})`);
  }
  const page = document.documentElement.scrollWidth - window.innerWidth;
  if (page > 0) problems.push(`the page scrolls sideways by ${page}px`);
  return problems;
}"""


@pytest.fixture(scope="module")
def served(example):
    with serve(example[0]) as base, browser() as context:
        yield base, context


def cut_content(context, url: str, width: int, ready: str | None = None) -> list[str]:
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(url)
    if ready:
        page.wait_for_selector(ready, timeout=15000)
    page.evaluate("document.fonts.ready")
    problems = page.evaluate(FIND_CUT)
    page.close()
    return problems


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(PAGE_KINDS))
def test_nothing_is_cut_off(served, name, width):
    base, context = served
    ready = ".pagefind-ui__result-excerpt" if name == "search" else None
    assert cut_content(context, base + PAGE_KINDS[name], width, ready) == []


def test_the_check_sees_cut_and_unmarked_scrolling_content(served):
    """Not vacuous: a nowrap table in a plain scrolling box, a clipped line and a spilling line are found;
    the same table in a box with the scroll shadow is not."""
    base, context = served
    page = context.new_page()
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(base + "404.html")
    page.evaluate("""() => document.querySelector('main').insertAdjacentHTML('beforeend', `
        <div id="plain" style="overflow-x: auto"><table><tr><td style="white-space: nowrap">${'很长的地址'.repeat(20)}</td></tr></table></div>
        <p id="clipped" style="overflow: hidden; white-space: nowrap">${'被裁掉的文字'.repeat(20)}</p>
        <p id="spilling" style="white-space: nowrap; width: 10rem">${'溢出的文字'.repeat(20)}</p>
        <div id="shadowed" style="overflow-x: auto; background: linear-gradient(#fff, #fff) local"><table><tr><td style="white-space: nowrap">${'很长的地址'.repeat(20)}</td></tr></table></div>`)""")
    problems = page.evaluate(FIND_CUT)
    assert any(p.startswith("div#plain") for p in problems)
    assert any(p.startswith("p#clipped") for p in problems)
    assert any(p.startswith("p#spilling") for p in problems)
    assert not any(p.startswith("div#shadowed") for p in problems)
