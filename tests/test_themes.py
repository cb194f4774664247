"""Issue 17 #5: themes you extend without forking — a child theme that adds to a block of ``base.html``
sees its addition on every page kind; a theme can come from an installed Python package; the cache
knows when a theme outside the project changes."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import jinja2
import jinja2.nodes

from helpers import NOTICE, REPO, SITE, Project

DEFAULT = REPO / "themes" / "default" / "templates"
# The blocks of base.html a child theme adds to (the others — title, content, breadcrumbs … — each page
# kind fills with its own text).
EXTENSIBLE = {"head", "scripts", "nav", "search_box", "footer"}

CHILD_BASE = """\
{% extends "default/base.html" %}
{% block head %}{{ super() }}<meta name="child-head" content="yes">{% endblock %}
{% block footer %}{{ super() }}<p class="child-footer">子主题页脚</p>{% endblock %}
"""

ANNEXED = NOTICE.replace("actions:", "deadlines:\n  - date: 2022-09-10\n    what: 报送材料\nannexes:\n"
                         "  - title: 回执\n    kind: text\n    body: 请填写。\nactions:")


def _blocks(name: str) -> list[jinja2.nodes.Block]:
    env = jinja2.Environment()
    return list(env.parse((DEFAULT / name).read_text(encoding="utf-8")).find_all(jinja2.nodes.Block))


def _calls_super(block: jinja2.nodes.Block) -> bool:
    return any(isinstance(call.node, jinja2.nodes.Name) and call.node.name == "super"
               for call in block.find_all(jinja2.nodes.Call))


def test_base_has_the_blocks_a_child_theme_extends():
    assert EXTENSIBLE <= {block.name for block in _blocks("base.html")}


def test_every_default_template_keeps_what_a_child_theme_adds_to_an_extensible_block():
    missing = [f"{path.name}: {block.name}" for path in sorted(DEFAULT.glob("*.html")) if path.name != "base.html"
               for block in _blocks(path.name) if block.name in EXTENSIBLE and not _calls_super(block)]
    assert missing == []


def _child_theme(root: Path, name: str = "child") -> Path:
    templates = root / name / "templates"
    templates.mkdir(parents=True)
    (templates / "base.html").write_text(CHILD_BASE, encoding="utf-8")
    return root / name


def test_a_child_theme_adds_head_and_footer_to_every_page_kind(project: Project):
    _child_theme(project.root / "themes")
    project.write("site.yaml", SITE + "theme: child\n")
    project.write("2022/notice.md", ANNEXED)
    assert project.build().code == 0
    pages = sorted(project.output.rglob("*.html"))
    kinds = {page.relative_to(project.output).as_posix() for page in pages}
    for kind in ("index.html", "404.html", "2022/notice/index.html", "2022/notice/annex-1/index.html",
                 "2022/index.html", "years/index.html", "search/index.html", "deadlines/index.html",
                 "actions/index.html", "actions/society/index.html", "regions/index.html", "regions/weinan/index.html",
                 "campaigns/index.html", "campaigns/kepuri/index.html"):
        assert kind in kinds, kind
    for page in pages:
        html = page.read_text(encoding="utf-8")
        head = html[:html.index("</head>")]
        assert '<meta name="child-head" content="yes">' in head, page
        assert 'href="/static/style.css"' in head, page  # what the default's head gives stays
        assert '<p class="child-footer">子主题页脚</p>' in html[html.index('<footer'):], page
    search = (project.output / "search" / "index.html").read_text(encoding="utf-8")
    assert "pagefind-ui.css" in search[:search.index("</head>")]  # the page kind's own addition stays too
