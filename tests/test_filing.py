"""Issue 17 #4: what a government site in China must show on every page — the ICP 备案号 and the 公安机关
备案号, each linked to where it can be looked up, and the host organisation (主办单位) with its contact —
from ``site.yaml``, validated with file, line, field and a hint."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import NOTICE, SITE, Project

FILING = """\
host:
  name: 渭南市科学技术协会
  contact: 电话 0913-2126496
filing:
  icp: 陕ICP备12345678号-1
  police: 陕公网安备61050202000001号
"""


def _pages(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def test_every_page_shows_the_filing_numbers_with_their_links_and_the_host(project: Project):
    from generator.config import Filing
    project.write("site.yaml", SITE + FILING)
    project.write("2022/notice.md", NOTICE.replace("actions:", "annexes:\n  - title: 回执\n    kind: text\n"
                                                   "    body: 请填写。\nactions:"))
    assert project.build("--no-search").code == 0
    pages = _pages(project.output)
    kinds = {page.relative_to(project.output).as_posix() for page in pages}
    assert {"index.html", "404.html", "2022/notice/index.html", "2022/notice/annex-1/index.html", "2022/index.html",
            "search/index.html", "deadlines/index.html", "actions/index.html"} <= kinds
    police_link = Filing.model_fields["police_link"].default.replace("{code}", "61050202000001")
    for page in pages:
        html = page.read_text(encoding="utf-8")
        footer = html[html.index('<footer class="site-footer">'):]
        assert f'<a href="{Filing.model_fields["icp_link"].default}"' in footer, page
        assert ">陕ICP备12345678号-1</a>" in footer, page
        assert f'<a href="{police_link.replace("&", "&amp;")}"' in footer, page
        assert ">陕公网安备61050202000001号</a>" in footer, page
        assert "主办单位：渭南市科学技术协会" in footer and "电话 0913-2126496" in footer, page


def test_the_links_are_defaults_a_site_may_change(project: Project):
    project.write("site.yaml", SITE + FILING + "  icp_link: https://icp.example.cn/\n"
                  "  police_link: https://police.example.cn/query?code={code}\n")
    project.write("2022/notice.md", NOTICE)
    assert project.build("--no-search").code == 0
    html = (project.output / "index.html").read_text(encoding="utf-8")
    assert '<a href="https://icp.example.cn/"' in html
    assert '<a href="https://police.example.cn/query?code=61050202000001"' in html


def test_a_site_without_filing_numbers_shows_none(project: Project):
    project.write("2022/notice.md", NOTICE)
    assert project.build("--no-search").code == 0
    html = (project.output / "index.html").read_text(encoding="utf-8")
    assert "备" not in html[html.index('<footer class="site-footer">'):]
    assert "主办单位" not in html


@pytest.mark.parametrize("field, value, words", [
    ("icp", "陕ICP备12345678", "号"),  # the closing 号 left out
    ("icp", "陕ICP12345678号", "ICP备"),
    ("icp", "ICP备12345678号", "province"),
    ("icp", "陕ICP备1234号", "digits"),
    ("icp", "陕ICP备12345678号-", "-1"),
    ("icp", "陕公网安备61050202000001号", "公安"),  # the two numbers swapped
    ("police", "陕公网安备6105020200001号", "14 digits"),
    ("police", "陕公网安备11010502000001号", "61"),  # the digits of 北京 under 陕
    ("police", "陕ICP备12345678号-1", "ICP"),
    ("police", "陕公安网备61050202000001号", "公网安备"),
])
def test_a_mistyped_filing_number_is_an_error_with_file_line_field_and_hint(project: Project, field, value, words):
    text = FILING.replace(re.search(rf"{field}: (.*)", FILING).group(1), value)
    project.write("site.yaml", SITE + text)
    project.write("2022/notice.md", NOTICE)
    line = (SITE + text).splitlines().index(f"  {field}: {value}") + 1
    result = project.build("--no-search")
    assert result.code == 1
    assert f"content/site.yaml:{line} [filing.{field}]" in result.err, result.err
    assert words in result.err and "hint:" in result.err, result.err
    assert "Traceback" not in result.err
    assert not project.output.exists()


@pytest.mark.parametrize("value", ["陕ICP备12345678号", "京ICP备12345678号-1", "粤ICP备2021123456号-12",
                                   "京ICP备12345678号－1"])
def test_real_shapes_of_icp_numbers_are_taken(project: Project, value):
    project.write("site.yaml", SITE + FILING.replace("陕ICP备12345678号-1", value))
    project.write("2022/notice.md", NOTICE)
    assert project.build("--no-search").code == 0


def test_a_host_without_a_name_and_a_link_that_is_not_a_web_address_are_errors(project: Project):
    project.write("site.yaml", SITE + "host:\n  contact: 电话 0913-2126496\nfiling:\n  icp: 陕ICP备12345678号\n"
                  "  icp_link: javascript:alert(1)\n")
    project.write("2022/notice.md", NOTICE)
    result = project.build("--no-search")
    assert result.code == 1
    assert "[host.name]" in result.err and "[filing.icp_link]" in result.err, result.err


def test_the_base_url_option_keeps_the_filing_numbers_and_a_site_without_them_builds(project: Project):
    project.write("2022/notice.md", NOTICE)
    assert project.build("--no-search", "--base-url", "/notices/").code == 0
    project.write("site.yaml", SITE + FILING)
    assert project.build("--no-search", "--base-url", "/notices/").code == 0
    assert ">陕ICP备12345678号-1</a>" in (project.output / "index.html").read_text(encoding="utf-8")


def test_a_police_link_with_a_placeholder_other_than_code_is_an_error(project: Project):
    text = SITE + FILING + "  police_link: https://police.example.cn/query?code={cod}\n"
    project.write("site.yaml", text)
    project.write("2022/notice.md", NOTICE)
    result = project.build("--no-search")
    line = text.splitlines().index("  police_link: https://police.example.cn/query?code={cod}") + 1
    assert result.code == 1 and "Traceback" not in result.err
    assert f"content/site.yaml:{line} [filing.police_link]" in result.err, result.err
    assert "`{cod}`" in result.err and "hint: write {code}" in result.err, result.err


def test_filing_numbers_typed_with_full_width_digits_are_shown_with_ascii_digits(project: Project):
    project.write("site.yaml", SITE + FILING.replace("12345678", "１２３４５６７８")
                  .replace("61050202000001", "６１０５０２０２０００００１"))
    project.write("2022/notice.md", NOTICE)
    assert project.build("--no-search").code == 0
    footer = (project.output / "index.html").read_text(encoding="utf-8").split('<footer class="site-footer">')[1]
    assert ">陕ICP备12345678号-1</a>" in footer and ">陕公网安备61050202000001号</a>" in footer, footer
    assert "code=61050202000001" in footer


@pytest.mark.parametrize("footer, warned", [
    ("<p>科协信息中心</p>", True),
    ("{{ super() }}<p>科协信息中心</p>", False),
])
def test_a_child_theme_whose_footer_drops_the_filing_numbers_is_warned_about(project: Project, footer, warned):
    templates = project.root / "themes" / "kexie" / "templates"
    templates.mkdir(parents=True)
    (templates / "base.html").write_text(
        '{% extends "default/base.html" %}\n{% block footer %}' + footer + "{% endblock %}\n", encoding="utf-8")
    project.write("site.yaml", SITE + FILING + "theme: kexie\n")
    project.write("2022/notice.md", NOTICE)
    result = project.build("--no-search")
    assert result.code == 0, result.err
    warning = "warning: themes/kexie/templates/base.html: the pages' footer does not show the filing numbers"
    assert (warning in result.err) == warned, result.err
    assert ("{{ super() }}" in result.err) == warned
