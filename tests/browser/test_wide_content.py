"""What editors paste that is wider than the page: a Markdown table with a long web address in a cell, a
paragraph indented by four spaces (Markdown makes it a code block that never wraps), the same in a text
annex. On a phone the page must not scroll sideways; on paper Chromium must not shrink the whole notice
to fit it (it did: 16 pt body text printed at 13.8 pt, or at 10.7 pt with an indented paragraph)."""

from __future__ import annotations

import datetime as dt
import statistics
import textwrap

import pytest

from helpers import REPO, browser, serve
from test_layout import FIND_CUT
from test_print_measure import BODY, MM, SIZE_TOLERANCE, SMALL, TITLE, close, is_red, report, sheets_of

ADDRESS = "https://www.example.org/kepu/2024/activities/registration-form-download-and-upload-instructions.html"
INDENTED = "    各单位务必于活动结束后五个工作日内报送总结材料，材料清单见" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ" * 3
TABLE = f"""\
| 序号 | 单位 | 报名网址 | 电话 |
|---|---|---|---|
| 1 | 示例市科学技术协会科普部 | {ADDRESS} | 0999-12345678 |
"""

ANNEX_BODY = f"各单位按下表报名。\n\n{TABLE}\n报名网址：{ADDRESS}\n\n{INDENTED}\n"

NOTICE = f"""\
---
title: 关于举办2024年示例市宽表格排版测试活动的通知
issued: 2024-08-20
issuers: [示例市科学技术协会]
region: sample-city
campaign: kepuri
annexes:
  - kind: text
    title: 报名网址一览
    body: |
{textwrap.indent(ANNEX_BODY, " " * 6)}signatures: [示例市科学技术协会]
---
为激发青少年对科学的兴趣，市科协决定在全市举办宽表格排版测试活动，请各单位认真组织，按时报名，确保活动取得实效。

## 一、报名方式

{ANNEX_BODY}"""

SITE = (REPO / "tests" / "fixtures" / "print" / "content" / "site.yaml").read_text(encoding="utf-8")
PATH = "2024/wide-2024/"
FORM = 12.0  # 小四: the cells of a table in an annex


@pytest.fixture(scope="module")
def wide_site(tmp_path_factory):
    from generator.build import Options, build
    content = tmp_path_factory.mktemp("wide") / "content"
    (content / "2024").mkdir(parents=True)
    (content / "site.yaml").write_text(SITE, encoding="utf-8")
    (content / "2024" / "wide-2024.md").write_text(NOTICE, encoding="utf-8")
    output = content.parent / "output"
    build(Options(content=content, output=output, themes=REPO / "themes", today=dt.date(2024, 9, 1), search=False,
                  cache=tmp_path_factory.mktemp("wide-cache")))
    with serve(output) as base, browser() as context:
        yield base, context


def test_the_wide_parts_are_there(wide_site):
    base, context = wide_site
    page = context.new_page()
    for path in (PATH, PATH + "annex-1/"):
        page.goto(base + path)
        assert page.locator("table a, table td").filter(has_text="registration-form").count() >= 1, path
        assert page.locator("pre").count() >= 1, path
    page.close()


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("path", [PATH, PATH + "annex-1/"], ids=["notice", "text annex"])
def test_wide_parts_do_not_widen_the_screen(wide_site, path, width):
    base, context = wide_site
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(base + path)
    problems = page.evaluate(FIND_CUT)
    page.close()
    assert problems == []


@pytest.mark.parametrize("path", [PATH, PATH + "annex-1/"], ids=["notice", "text annex"])
def test_wide_parts_do_not_shrink_the_print(wide_site, path):
    """Text in 3号 (16 pt), titles in 2号 (22 pt), table cells
    and page numbers in 4号 (14 pt), an annex's table cells in 小四 (12 pt): nothing
    scaled, nothing past the 版心's right edge (184 mm on odd sheets, 182 mm on even ones)."""
    base, context = wide_site
    page = context.new_page()
    page.goto(base + path)
    sheets = sheets_of(page.pdf(prefer_css_page_size=True, print_background=True))
    page.close()
    problems = []
    sizes = [c["size"] for sheet in sheets for c in sheet.text_chars if not is_red(c["non_stroking_color"])]
    modal = statistics.mode(round(size, 1) for size in sizes)
    if not close(modal, BODY):
        problems.append(f"text printed at {modal} pt, not 16 pt")
    for sheet in sheets:
        odd = [size for size in sorted({round(c["size"], 1) for c in sheet.chars})
               if not any(close(size, wanted) for wanted in (BODY, TITLE, SMALL, FORM))]
        if odd:
            problems.append(f"page {sheet.number}: glyphs at {odd} pt")
        right = sheet.box[1]
        widest = max([c["x1"] / MM for c in sheet.chars] + [d["x1"] / MM for d in sheet.drawings])
        if widest > right + SIZE_TOLERANCE:
            problems.append(f"page {sheet.number}: something reaches x {widest:.1f} mm, past the 版心 at {right:.0f} mm")
    assert not problems, report(problems)
