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


def _installed_theme(site_packages: Path) -> Path:
    """A theme as pip installs one: a package with templates/ and static/, and its distribution's entry point."""
    package = site_packages / "red_notice_theme"
    (package / "templates").mkdir(parents=True)
    (package / "static").mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "templates" / "base.html").write_text(CHILD_BASE.replace("子主题页脚", "红色主题页脚"), encoding="utf-8")
    (package / "static" / "red.css").write_text("body { color: #900; }\n", encoding="utf-8")
    info = site_packages / "red_notice_theme-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: red-notice-theme\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[campaign_notices.themes]\nred = red_notice_theme\n", encoding="utf-8")
    return package


def _build(project: Project, site_packages: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "build", "--no-search", "--today", "2022-09-01"],
                          cwd=project.root, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join([str(site_packages), str(REPO)])})


def test_a_theme_from_an_installed_package_and_the_cache_sees_it_change(project: Project, tmp_path_factory):
    site_packages = tmp_path_factory.mktemp("site-packages")
    package = _installed_theme(site_packages)
    project.write("site.yaml", SITE + "theme: red\n")
    project.write("2022/notice.md", NOTICE)
    result = _build(project, site_packages)
    assert result.returncode == 0, result.stderr
    page = project.output / "2022" / "notice" / "index.html"
    assert "红色主题页脚" in page.read_text(encoding="utf-8")
    assert (project.output / "static" / "red.css").read_bytes() == b"body { color: #900; }\n"
    assert (project.output / "static" / "style.css").is_file()  # the default theme below it
    # the theme lives outside the project: an edit there still makes the pages again
    base = package / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("红色主题页脚", "改过的页脚"), encoding="utf-8")
    (package / "static" / "red.css").write_text("body { color: #a00; }\n", encoding="utf-8")
    result = _build(project, site_packages)
    assert result.returncode == 0, result.stderr
    assert "改过的页脚" in page.read_text(encoding="utf-8")
    assert (project.output / "static" / "red.css").read_bytes() == b"body { color: #a00; }\n"


def test_a_theme_neither_in_the_themes_folder_nor_installed_is_an_error_naming_both(project: Project):
    project.write("site.yaml", SITE + "theme: blue\n")
    project.write("2022/notice.md", NOTICE)
    result = project.build("--no-search")
    assert result.code != 0
    assert "themes/blue/templates" in result.err and "campaign_notices.themes" in result.err, result.err


def test_a_mistyped_theme_name_is_answered_with_the_closest_theme_and_its_line(project: Project):
    _child_theme(project.root / "themes", "kexie")
    project.write("site.yaml", SITE + "theme: kexi\n")
    project.write("2022/notice.md", NOTICE)
    result = project.build("--no-search")
    line = (SITE + "theme: kexi\n").splitlines().index("theme: kexi") + 1
    assert result.code != 0 and "Traceback" not in result.err
    assert f"content/site.yaml:{line} [theme]" in result.err and "did you mean `kexie`?" in result.err, result.err
    assert "hint:" in result.err


def test_a_missing_site_yaml_field_points_to_the_guide_for_site_yaml(project: Project):
    project.write("site.yaml", SITE + "host:\n  contact: 电话 0913-2126496\n")
    project.write("2022/notice.md", NOTICE)
    result = project.build("--no-search")
    assert result.code == 1 and "[host.name]: this field is required" in result.err
    assert "hint: add it; see docs/运维指南.md, “二、站点配置 `content/site.yaml`”" in result.err, result.err
    assert "二、站点配置 `content/site.yaml`" in (REPO / "docs" / "运维指南.md").read_text(encoding="utf-8")


OLD_SEARCH_JS = """new PagefindUI({ element: "#search", bundlePath: "/pagefind/", showSubResults: true });\n"""


def test_a_child_themes_own_search_js_without_the_loader_is_named_by_the_build(project: Project):
    child = _child_theme(project.root / "themes")
    project.write("site.yaml", SITE + "theme: child\n")
    project.write("2022/notice.md", ANNEXED)
    built = project.build("--no-search")
    assert built.code == 0 and "own copy" not in built.err  # the default's search files: nothing to say
    (child / "static").mkdir()
    (child / "static" / "search.js").write_text(OLD_SEARCH_JS, encoding="utf-8")
    built = project.build("--no-search")
    assert built.code == 0
    assert "themes/child/static/search.js: the theme's own copy leaves out data-api, data-merge" in built.err
    assert "copy those parts from the default theme's static/search.js, or delete the copy" in built.err
    # a copy of the default's, changed elsewhere, keeps the loader: nothing to say
    default = (REPO / "themes" / "default" / "static" / "search.js").read_text(encoding="utf-8")
    (child / "static" / "search.js").write_text(default.replace("showImages: false", "showImages: true"),
                                                encoding="utf-8")
    assert "own copy" not in project.build("--no-search").err


def test_a_child_themes_own_search_page_without_the_delta_is_named_by_the_build(project: Project):
    child = _child_theme(project.root / "themes")
    page = (REPO / "themes" / "default" / "templates" / "search.html").read_text(encoding="utf-8")
    (child / "templates" / "search.html").write_text(page.replace(' data-delta="{{ url(\'pagefind/delta.json\') }}"', ""),
                                                     encoding="utf-8")
    project.write("site.yaml", SITE + "theme: child\n")
    project.write("2022/notice.md", ANNEXED)
    built = project.build("--no-search")
    assert built.code == 0 and "themes/child/templates/search.html: the theme's own copy leaves out data-delta" in built.err
