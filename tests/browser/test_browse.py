"""A reader in headless Chromium: browse from the home page down to an annex, search in Chinese."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from helpers import browser, serve


@pytest.fixture(scope="module")
def site(example):
    output, _, notices = example
    with serve(output) as base, browser() as context:
        yield base, context, notices


def test_home_to_year_to_notice_to_action_to_annex(site):
    base, context, notices = site
    page = context.new_page()
    page.goto(base)
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert page.locator("h1").count() == 1
    assert page.get_by_role("heading", name="最新通知").is_visible()

    page.get_by_role("link", name="按年份").first.click()
    page.get_by_role("link", name="2022年").click()
    assert page.url.endswith("/2022/")
    assert page.locator("h1").inner_text() == "2022年通知"

    weinan = notices["weinan-kepuri-2022"].front
    page.get_by_role("link", name=weinan.title).click()
    assert page.locator("h1").inner_text().startswith(weinan.title)
    assert page.locator(".action-list li").count() == 7
    assert page.get_by_text("喜迎二十大，科普向未来").first.is_visible()
    assert page.locator('a[href^="tel:"]').first.get_attribute("href") == "tel:09132126496"
    assert page.locator('a[href="mailto:wnskxkpb@126.com"]').count() >= 1

    page.locator("#action-6 .action-index-link").click()
    assert page.url.endswith("/actions/enterprise/")
    assert page.locator("h1").inner_text() == "企业科协联合行动"
    entries = page.locator(".action-entries > li")
    assert entries.count() >= 4
    assert "企业科普联合行动" in page.locator("main").inner_text()

    page.goto(base + "2022/weinan-kepuri-2022/")
    page.get_by_role("link", name=re.compile("附件2")).first.click()
    assert page.url.endswith("/2022/weinan-kepuri-2022/annex-2/")
    assert page.locator(".annex-label").inner_text() == "附件2"
    assert page.locator("h1").inner_text() == "渭南市2022年全国科普日先进单位推荐表"
    assert page.locator("th.vertical").first.inner_text().replace("\n", "") == "主要事迹"
    assert page.locator(".seal").count() == 2


def test_phone_width_has_no_horizontal_scrolling(site):
    base, context, notices = site
    page = context.new_page()
    page.set_viewport_size({"width": 375, "height": 800})
    for path in ["", "2022/weinan-kepuri-2022/", "2022/chongqing-kepuri-2022/", "2022/weinan-kepuri-2022/annex-1/",
                 "actions/", "regions/", "deadlines/"]:
        page.goto(base + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{path or 'home'} scrolls sideways ({width}px)"


def test_works_without_javascript(site, example):
    base, context, notices = site
    output = example[0]
    inline = [p for p in output.rglob("*.html") if re.search(r"<script(?![^>]*\bsrc=)", p.read_text(encoding="utf-8"))]
    assert inline == []  # so blocking script files below blocks every script
    page = context.new_page()
    page.route("**/*.js", lambda route: route.abort())
    page.goto(base + "2022/weinan-kepuri-2022/")
    assert page.locator(".action-list li").count() == 7
    page.get_by_role("link", name=re.compile("附件1")).first.click()
    assert page.locator(".form-table .blank-row").count() == 12
    page.goto(base + "search/")
    assert "搜索需要浏览器允许运行脚本" in page.content()


@pytest.mark.parametrize("query,expected,unexpected", [
    ("食品安全", {"weinan-kepuri-2022", "chongqing-kepuri-2022", "pucheng-kepuri-2023"},
     {"xinxiang-kepuri-2021", "xinxiang-kejizhou-2022"}),
    ("科普大篷车", {"weinan-kepuri-2022", "chongqing-kepuri-2022", "pucheng-kepuri-2023"},
     {"xinxiang-kepuri-2021", "xinxiang-kejizhou-2022"}),
    ("马西运", {"weinan-kepuri-2022"}, {"chongqing-kepuri-2022", "pucheng-kepuri-2023"}),
    ("于娇娇", {"chongqing-kepuri-2022"}, {"weinan-kepuri-2022"}),
    ("学会", {"weinan-kepuri-2022", "chongqing-kepuri-2022", "pucheng-kepuri-2023", "xinxiang-kepuri-2021",
             "xinxiang-kejizhou-2022"}, set()),
])
def test_chinese_search_finds_the_right_notices(site, query, expected, unexpected):
    base, context, notices = site
    page = context.new_page()
    page.goto(base + "search/?q=" + quote(query))
    page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
    page.wait_for_function("document.querySelector('.pagefind-ui__message')?.textContent.includes('结果')")
    more = page.locator("button.pagefind-ui__button")  # the UI shows five results, then offers more
    while more.count():
        shown = page.locator(".pagefind-ui__result-link").count()
        more.first.click()
        page.wait_for_function(f"document.querySelectorAll('.pagefind-ui__result-link').length > {shown}")
    links = page.eval_on_selector_all(".pagefind-ui__result-link", "els => els.map(e => e.getAttribute('href'))")
    found = {link.strip("/").split("/")[1].split("#")[0] for link in links}
    assert expected <= found
    assert not (unexpected & found)
    excerpt = page.locator(".pagefind-ui__result-excerpt").first.inner_text()
    assert query[:2] in excerpt.replace(" ", "")  # excerpts read as normal text, without the index's spacing


HAN = "\u3400-\u4dbf\u4e00-\u9fff"
BODY_TEXT = """async url => {
    const page = new DOMParser().parseFromString(await (await fetch(url)).text(), 'text/html');
    const body = page.querySelector('[data-pagefind-body]');
    body.querySelectorAll('[data-pagefind-ignore]').forEach(e => e.remove());
    return body.textContent.replace(/\\s+/g, '');
}"""


@pytest.mark.parametrize("query", ["全国科普日", "喜迎二十大", "马西运", "学会"])
def test_search_results_have_clean_titles_and_excerpts_from_the_body(site, query):
    """Titles are the notices' titles; an excerpt is a run of the body text (not the facts, the
    navigation or editors' notes), unspaced, cut between characters with …, the query marked."""
    base, context, notices = site
    page = context.new_page()
    page.goto(base + "search/?q=" + quote(query))
    page.wait_for_function("document.querySelector('.pagefind-ui__message')?.textContent.includes('结果')")
    page.wait_for_selector(".pagefind-ui__result-excerpt", timeout=15000)
    titles = page.locator(".pagefind-ui__result-inner > .pagefind-ui__result-title").all_inner_texts()
    assert titles and set(titles) <= {notice.front.title for notice in notices.values()}  # as written, spaces too
    results = page.eval_on_selector_all(".pagefind-ui__result", """els => els.map(e => ({
        url: e.querySelector('.pagefind-ui__result-link').href.split('#')[0],
        excerpts: [...e.querySelectorAll('.pagefind-ui__result-excerpt')].map(x => ({
            text: x.innerText, marked: [...x.querySelectorAll('mark')].map(m => m.textContent).join('')}))}))""")
    for result in results:
        body = page.evaluate(BODY_TEXT, result["url"])
        for excerpt in result["excerpts"]:
            text = excerpt["text"]
            assert text.startswith("…") and text.endswith("…"), text
            assert not re.search(f"[{HAN}]\\s[{HAN}]\\s[{HAN}]", text), f"spaced like the index: {text}"
            assert query in excerpt["marked"], text
            assert re.sub(r"\s+", "", text.strip("…")) in body, f"not a run of the body text: {text}"
    page.close()


def test_search_page_keeps_the_header_box_and_a_compact_filter_list(site):
    base, context, _ = site
    page = context.new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base + "search/?q=" + quote("学会"))
    page.wait_for_selector(".pagefind-ui__filter-block", timeout=15000)
    assert page.locator("header #site-search-q").input_value() == "学会"
    panel = page.locator(".pagefind-ui__filter-panel")
    assert panel.evaluate("e => getComputedStyle(e).borderTopStyle") == "none"
    assert panel.bounding_box()["height"] < 250  # a short side list, not an empty full-height box
    field, clear = page.locator(".pagefind-ui__search-input").bounding_box(), page.locator(".pagefind-ui__search-clear").bounding_box()
    assert field["x"] <= clear["x"] and clear["x"] + clear["width"] <= field["x"] + field["width"]
    assert field["y"] <= clear["y"] and clear["y"] + clear["height"] <= field["y"] + field["height"]
    page.set_viewport_size({"width": 390, "height": 844})
    tops = page.eval_on_selector_all(".pagefind-ui__filter-block", "els => els.map(e => e.getBoundingClientRect().top)")
    assert len(set(tops)) == 1  # chips in one row on a phone
    page.close()


def test_search_filters_by_region(site):
    """The filter panel works across the years' merged indexes (陕西省: one 2022 and two 2023 notices)."""
    base, context, notices = site
    page = context.new_page()
    page.goto(base + "search/?q=" + quote("科普"))
    page.wait_for_function("document.querySelectorAll('.pagefind-ui__result-link').length >= 5")
    page.locator(".pagefind-ui__filter-name", has_text="地区").click()
    page.locator(".pagefind-ui__filter-label", has_text="陕西省").click()
    page.wait_for_function("document.querySelector('.pagefind-ui__message')?.textContent.includes('找到 3 个')")
    links = page.eval_on_selector_all(".pagefind-ui__result-link", "els => els.map(e => e.getAttribute('href'))")
    # a result may list its matching sections (sub-results) under the page's link
    assert sorted({link.split("#")[0] for link in links}) == ["/2022/weinan-kepuri-2022/", "/2023/pucheng-kepuri-2023/",
                                                              "/2023/weinan-kejizhou-2023/"]


def test_site_under_a_sub_path(site, tmp_path):
    from helpers import build_example
    context = site[1]
    output = tmp_path / "output"
    build_example(output, base_url="/kepu/notices/")
    with serve(output, "/kepu/notices/") as base:
        page = context.new_page()
        failed = []
        page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
        page.goto(base)
        assert page.locator("link[rel=stylesheet]").first.get_attribute("href") == "/kepu/notices/static/style.css"
        assert page.evaluate("getComputedStyle(document.body).display") == "flex"  # the stylesheet loaded
        page.get_by_role("link", name="按地区").first.click()
        page.get_by_role("link", name="陕西省").click()
        assert page.url == base + "regions/shaanxi/"
        titles = page.locator(".notice-link").all_inner_texts()
        assert any("蒲城县" in t for t in titles) and any("渭南市" in t for t in titles)
        page.fill("#site-search-q", "于娇娇")
        page.press("#site-search-q", "Enter")
        page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
        link = page.locator(".pagefind-ui__result-link").first.get_attribute("href")
        assert link.startswith("/kepu/notices/2022/chongqing-kepuri-2022/")
        assert failed == []
