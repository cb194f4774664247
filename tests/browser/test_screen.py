"""What a reader sees on screen: a notice reads like a government notice on a desktop and on a phone."""

from __future__ import annotations

import pytest

from helpers import browser, serve
from test_layout import PAGE_KINDS

NOTICES = [path for name, path in PAGE_KINDS.items() if name.startswith("notice ")]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def served(example):
    output, _, notices = example
    with serve(output) as base, browser() as context:
        yield base, context, notices


def open_page(context, url: str, viewport: dict):
    page = context.new_page()
    page.set_viewport_size(viewport)
    page.goto(url)
    return page


@pytest.mark.parametrize("path", NOTICES)
def test_a_phone_shows_title_key_facts_and_the_jump_to_the_text_first(served, path):
    base, context, _ = served
    page = open_page(context, base + path, PHONE)
    for selector in ["h1", ".campaign-facts", ".notice-jump a[href='#body']"]:
        box = page.locator(selector).bounding_box()
        assert box is not None and box["y"] + box["height"] <= PHONE["height"], f"{selector} is below the first screen"
    assert page.locator(".notice-jump a[href='#body']").inner_text().startswith("正文")
    page.locator(".notice-jump a[href='#body']").click()
    assert page.evaluate("document.querySelector('#body').getBoundingClientRect().top") < 50
    page.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
@pytest.mark.parametrize("path", NOTICES)
def test_document_facts_and_issuers_once(served, path, viewport):
    base, context, notices = served
    front = notices[path.strip("/").split("/")[1]].front
    page = open_page(context, base + path, viewport)
    facts = dict(zip(page.locator(".document-facts dt").all_inner_texts(),
                     page.locator(".document-facts dd").all_inner_texts()))
    facts = {label.replace("　", ""): value for label, value in facts.items()}
    assert facts["标题"] == front.title
    assert facts["发文机关"].split("、") == front.issuers
    assert ("发文字号" in facts) == bool(front.doc_number)
    assert ("成文日期" in facts) == bool(front.issued)
    # what is shown (the printed masthead is not), titles aside: they often begin with the issuer
    head = page.locator(".notice-head").inner_text().replace(front.title, "")
    for issuer in front.issuers:
        assert head.count(issuer) == 1, f"{issuer} shown {head.count(issuer)} times above the body"
    page.close()


@pytest.mark.parametrize("path", NOTICES)
def test_deadlines_boxed_before_the_body_in_date_order(served, path):
    base, context, _ = served
    page = open_page(context, base + path, DESKTOP)
    dates = page.eval_on_selector_all("#deadlines .deadline-list time", "els => els.map(e => e.dateTime)")
    assert dates and dates == sorted(dates)
    box = page.evaluate("""() => { const s = getComputedStyle(document.querySelector('#deadlines'));
        const card = getComputedStyle(document.querySelector('.notice'));
        return {border: parseFloat(s.borderTopWidth), apart: s.backgroundColor !== card.backgroundColor}; }""")
    assert box["border"] >= 1 and box["apart"]
    order = page.evaluate("document.querySelector('#deadlines').compareDocumentPosition(document.querySelector('#body'))")
    assert order & 4  # the body follows the box
    page.close()


@pytest.mark.parametrize("path", NOTICES)
def test_one_left_edge_for_the_card_text(served, path):
    base, context, _ = served
    page = open_page(context, base + path, DESKTOP)
    edges = page.evaluate("""() => {
        const card = document.querySelector('.notice'); const s = getComputedStyle(card);
        const inner = card.getBoundingClientRect().left + parseFloat(s.borderLeftWidth) + parseFloat(s.paddingLeft);
        const blocks = [...card.querySelectorAll('.document-facts, .campaign-facts, .deadlines, .recipients, .notice-body, .contacts, .annexes, .colophon')];
        return blocks.filter(b => b.offsetParent !== null).map(b => Math.round(b.getBoundingClientRect().left - inner));
    }""")
    assert edges and set(edges) == {0}
    page.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_contacts_are_cards_on_a_phone_and_wrapping_cells_on_a_desktop(served, viewport):
    base, context, _ = served
    page = open_page(context, base + "2022/weinan-kepuri-2022/", viewport)
    row = page.locator(".contact-table tbody tr").first
    cell = page.locator(".contact-table tbody td").last
    if viewport is PHONE:
        assert row.evaluate("e => getComputedStyle(e).display") in ("block", "flex")  # a card, not a table row
        assert "邮箱与地址" in cell.evaluate("e => getComputedStyle(e, '::before').content")
    else:
        assert row.evaluate("e => getComputedStyle(e).display") == "table-row"
        assert cell.evaluate("e => getComputedStyle(e).whiteSpace") == "normal"
    address = "渭南市朝阳大街东段市委南院市科协科普部"
    assert address in page.locator(".contacts").inner_text().replace("\n", "")
    page.close()


@pytest.mark.parametrize("path", ["2022/weinan-kepuri-2022/annex-2/", "2022/xinxiang-kejizhou-2022/annex-1/",
                                  "2022/weinan-kepuri-2022/annex-1/"])
def test_annex_forms_on_a_phone_keep_the_seal_and_date_in_view(served, path):
    base, context, _ = served
    page = open_page(context, base + path, PHONE)
    boxes = page.evaluate("""() => [...document.querySelectorAll('.seal, .seal-date')].map(e => {
        const r = e.getBoundingClientRect(); return [r.left, r.right]; })""")
    for left, right in boxes:
        assert 0 <= left and right <= PHONE["width"], "盖章 / 年月日 off screen"
    scrolls = page.evaluate("""() => [...document.querySelectorAll('.table-scroll')]
        .filter(b => b.scrollWidth > b.clientWidth).length""")
    if scrolls:  # a column table wider than a phone: the hint says it scrolls
        assert page.locator("[data-scroll-hint]").first.is_visible()
    page.close()


def test_breadcrumbs_on_every_list_page_and_the_current_section_in_the_navigation(served):
    base, context, _ = served
    page = open_page(context, base, DESKTOP)
    sections = {"years/": "按年份", "2022/": "按年份", "2022/weinan-kepuri-2022/": "按年份",
                "2022/weinan-kepuri-2022/annex-1/": "按年份", "actions/": "联合行动", "actions/enterprise/": "联合行动",
                "regions/": "按地区", "regions/shaanxi/": "按地区", "campaigns/": "按活动", "campaigns/kepuri/": "按活动",
                "deadlines/": "截止事项", "": "首页"}
    for path, section in sections.items():
        page.goto(base + path)
        current = page.locator(".site-nav a[aria-current]").all_inner_texts()
        assert current == [section], path
        styles = page.eval_on_selector_all(".site-nav a", """els => els.map(e => getComputedStyle(e).color + '/' +
            getComputedStyle(e).borderBottomColor)""")
        assert len(set(styles)) == 2, f"{path}: the current section does not look different"
        if path:
            assert page.locator("nav.breadcrumbs a").first.inner_text() == "首页", path
    page.close()


ACCENT = "rgb(164, 22, 26)"


@pytest.mark.parametrize("name", list(PAGE_KINDS))
def test_red_is_used_for_emphasis_only(served, name):
    """公文红 marks what a reader must act on (deadline dates); it is not the frame of the site."""
    base, context, _ = served
    page = open_page(context, base + PAGE_KINDS[name], DESKTOP)
    red = page.evaluate("""accent => [...document.querySelectorAll('body *')].filter(e => {
        if (!e.getClientRects().length) return false;
        const s = getComputedStyle(e);
        const colours = [s.color, s.backgroundColor, s.borderTopColor, s.borderBottomColor, s.borderLeftColor];
        const bordered = [s.borderTopWidth, s.borderBottomWidth, s.borderLeftWidth].some(w => parseFloat(w) > 0);
        return s.color === accent || s.backgroundColor === accent || (bordered && colours.slice(2).includes(accent));
    }).filter(e => !e.closest('.deadline-list time')).map(e => e.tagName + '.' + e.className)""", ACCENT)
    assert red == []
    page.close()


def lines_of(page, selector: str) -> list[tuple[str, int]]:
    """Each matching element's text and the number of lines it takes (its text's line boxes)."""
    return page.eval_on_selector_all(selector, """els => els.map(e => {
        const range = document.createRange(); range.selectNodeContents(e);
        const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        return [e.innerText.trim(), tops.size]; })""")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_a_campaigns_years_read_on_one_line(served, viewport):
    """历年主题: the year column keeps 2023年 whole (on a phone it read 2023 / 年, the theme column wide)."""
    base, context, _ = served
    page = open_page(context, base + "campaigns/kepuri/", viewport)
    years = lines_of(page, ".themes-table tbody th")
    assert len(years) >= 3
    assert [text for text, lines in years if lines != 1] == []
    page.close()
