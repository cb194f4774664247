"""Tables as a reader meets them: a contacts table an editor typed in the body, with a long address, does not
squeeze its names and numbers on a phone; an e-mail address stays whole in the contacts table on a desktop and,
on a phone, breaks only before its @ or a dot when it must."""

from __future__ import annotations

import datetime as dt

import pytest

from helpers import REPO, browser, serve
from test_layout import FIND_CUT

ADDRESS = "示例省示例市高新技术产业开发区科技路中段创新创业服务中心综合楼十二层东侧科普部办公室"
LONG_EMAIL = "kepu.activity.registration.office@science-association.example.cn"
NOTICE = f"""\
---
title: 关于举办2024年示例市表格阅读测试活动的通知
issued: 2024-08-20
issuers: [示例市科学技术协会]
region: sample-city
campaign: kepuri
contacts:
  - body: 示例市科学技术协会科普部
    people: [王小明]
    phones: ["0913-2126496"]
    email: kepu2024@163.com
    address: {ADDRESS}
  - body: 示例市科学技术局
    people: [李四]
    phones: ["0913-2123659"]
    email: {LONG_EMAIL}
signatures: [示例市科学技术协会]
---
为激发青少年对科学的兴趣，市科协决定举办表格阅读测试活动，请各单位认真组织。

## 一、联系方式

| 单位 | 联系人 | 电话 | 地址 |
|---|---|---|---|
| 示例市科协科普部 | 王小明 | 0999-12345678 | {ADDRESS} |
| 示例市科技局 | 欧阳明月 | 13800001234 | {ADDRESS} |
"""
PATH = "2024/tables-2024/"

# The lines an element's text is laid out in: its characters grouped by the line box they sit on.
LINES = """e => {
  const lines = [];
  let left = null;  // a character left of the one before starts a line (the glyphs' tops differ by font)
  const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.data.length; i++) {
      const range = document.createRange();
      range.setStart(node, i); range.setEnd(node, i + 1);
      const box = range.getClientRects()[0];
      if (!box) continue;
      if (left === null || box.left < left - 1) lines.push('');
      left = box.left;
      lines[lines.length - 1] += node.data[i];
    }
  }
  return lines;
}"""


@pytest.fixture(scope="module")
def tables_site(tmp_path_factory):
    from generator.build import Options, build
    content = tmp_path_factory.mktemp("tables") / "content"
    (content / "2024").mkdir(parents=True)
    (content / "site.yaml").write_text((REPO / "tests" / "fixtures" / "print" / "content" / "site.yaml")
                                       .read_text(encoding="utf-8"), encoding="utf-8")
    (content / "2024" / "tables-2024.md").write_text(NOTICE, encoding="utf-8")
    output = content.parent / "output"
    build(Options(content=content, output=output, themes=REPO / "themes", today=dt.date(2024, 9, 1), search=False,
                  cache=tmp_path_factory.mktemp("tables-cache")))
    with serve(output) as base, browser() as context:
        yield base, context


def _page(tables_site, width: int):
    base, context = tables_site
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(base + PATH)
    return page


def test_a_typed_contacts_table_keeps_names_and_numbers_readable_on_a_phone(tables_site):
    page = _page(tables_site, 390)
    cells = page.locator(".notice-body table td")
    lines = {cells.nth(index).inner_text(): cells.nth(index).evaluate(LINES) for index in range(cells.count())}
    cut = page.evaluate(FIND_CUT)
    page.close()
    assert lines["13800001234"] == ["13800001234"]  # a telephone number on one line, or broken after its area code
    assert lines["0999-12345678"] in (["0999-12345678"], ["0999-", "12345678"])
    for name in ("王小明", "欧阳明月"):
        assert max(len(line) for line in lines[name]) >= 3, lines[name]  # a name not one character a line
    assert cut == []  # what does not fit scrolls inside the table's box, shown by its shadow


@pytest.mark.parametrize("width", [1280, 1024])
def test_an_email_address_stays_whole_in_the_contacts_table(tables_site, width):
    page = _page(tables_site, width)
    lines = page.locator(".contact-table a.email").first.evaluate(LINES)
    long = page.locator(".contact-table a.email").last.evaluate(LINES)
    cut = page.evaluate(FIND_CUT)
    page.close()
    assert lines == ["kepu2024@163.com"]
    assert "".join(long) == LONG_EMAIL and all(line[0] in "@." for line in long[1:]), long
    assert cut == []


def test_a_long_email_address_breaks_only_before_its_at_or_a_dot_on_a_phone(tables_site):
    page = _page(tables_site, 390)
    lines = page.locator(".contact-table a.email").last.evaluate(LINES)
    cut = page.evaluate(FIND_CUT)
    page.close()
    assert "".join(lines) == LONG_EMAIL and len(lines) > 1
    assert all(line[0] in "@." for line in lines[1:]), lines
    assert cut == []


def test_the_example_sites_email_addresses_are_whole_at_1280(example, tables_site):
    """Weinan 2023's table (two people, a phone with its 转 extension, an address) broke its address after 163."""
    context = tables_site[1]  # one chromium a module
    with serve(example[0]) as base:
        page = context.new_page()
        page.set_viewport_size({"width": 1280, "height": 900})
        found = {}
        for slug in sorted(example[2]):
            page.goto(base + example[2][slug].path)
            for link in page.locator(".contact-table a.email").all():
                found[link.get_attribute("href")] = link.evaluate(LINES)
        page.close()
    assert found and all(len(lines) == 1 for lines in found.values()), found
