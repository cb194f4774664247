"""Issue 17 #5: Markdown extensions and their options added in ``site.yaml``, the sanitiser's allow-list
extended with what they write, errors (file, line, field, hint) for unknown extensions and options, and a
cache that knows when an extension outside the project changes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import NOTICE, REPO, SITE, Project

BODY = NOTICE + """
请各单位按时报送材料[^1]，参照 HTML 规范填写。

[^1]: 以邮戳日期为准。

*[HTML]: 超文本标记语言

[x] 已报名
"""

# A third-party extension as small as one can be: "[x] " becomes a ticked, disabled checkbox.
CHECKBOX = '''\
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor


class Ticks(Postprocessor):
    def __init__(self, md, width):
        super().__init__(md)
        self.width = width

    def run(self, text):
        size = f' size="{self.width * 2}"' if self.width else ""
        return text.replace("[x] ", f'<input type="checkbox" checked disabled onclick="alert(1)"{size}> ')


class TickExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {"width": [0, "the box's width"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        md.postprocessors.register(Ticks(md, self.getConfig("width")), "ticks", 1)


def makeExtension(**kwargs):
    return TickExtension(**kwargs)
'''


def _page(project: Project) -> str:
    return (project.output / "2022" / "notice" / "index.html").read_text(encoding="utf-8")


def test_extensions_and_their_options_from_site_yaml(project: Project):
    project.write("site.yaml", SITE + "markdown:\n  extensions:\n    - name: abbr\n    - name: footnotes\n"
                  "      options:\n        BACKLINK_TEXT: 返回\n        BACKLINK_TITLE: 回到第 %d 个注释处\n")
    project.write("2022/notice.md", BODY)
    assert project.build("--no-search").code == 0
    page = _page(project)
    assert '<abbr title="超文本标记语言">HTML</abbr>' in page
    assert '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>' in page
    assert '<li id="fn:1">' in page and ">返回</a>" in page and 'title="回到第 1 个注释处"' in page


def test_without_them_the_text_stays_as_written(project: Project):
    project.write("2022/notice.md", BODY)
    assert project.build("--no-search").code == 0
    page = _page(project)
    assert "*[HTML]: 超文本标记语言" in page and "<abbr" not in page and "fnref" not in page


def test_a_third_party_extension_and_the_tags_it_writes(project: Project, monkeypatch, tmp_path_factory):
    modules = tmp_path_factory.mktemp("modules")
    (modules / "tick_boxes.py").write_text(CHECKBOX, encoding="utf-8")
    monkeypatch.syspath_prepend(str(modules))
    project.write("2022/notice.md", BODY)
    project.write("site.yaml", SITE + "markdown:\n  extensions:\n    - name: tick_boxes\n")
    assert project.build("--no-search").code == 0
    assert 'type="checkbox"' not in _page(project)  # not in the allow-list: the sanitiser drops it
    project.write("site.yaml", SITE + "markdown:\n  extensions:\n    - name: tick_boxes\n      tags: [input]\n"
                  "      attributes:\n        input: [type, checked, disabled]\n")
    assert project.build("--no-search").code == 0
    assert '<input type="checkbox" checked="" disabled=""> 已报名' in _page(project)  # onclick still removed


def _error(project: Project, extensions: str) -> tuple[str, str]:
    text = SITE + "markdown:\n  extensions:\n" + extensions
    project.write("site.yaml", text)
    project.write("2022/notice.md", NOTICE)
    result = project.build("--no-search")
    assert result.code == 1
    assert "Traceback" not in result.err
    assert not project.output.exists()
    return text, result.err


@pytest.mark.parametrize("entry, field, words", [
    ("    - name: footnote\n", "markdown.extensions[1].name", "did you mean `footnotes`"),
    ("    - name: no_such.module\n", "markdown.extensions[1].name", "pip install"),
    ("    - name: footnotes\n      options:\n        BACKLINK: 返回\n", "markdown.extensions[1].options",
     "BACKLINK_TEXT"),
    ("    - name: toc\n", "markdown.extensions[1].name", "already"),
    ("    - name: admonition\n      options:\n        title: 注意\n", "markdown.extensions[1].options",
     "hint: `admonition` takes no options: leave `options:` out"),
    ("    - abbr\n", "markdown.extensions[1]", "hint: write `- name: abbr`"),
    ("    - name: footnotes\n      options:\n        UNIQUE_IDS: true\n", "markdown.extensions[1].options",
     "different HTML from one build to the next"),
    ("    - name: abbr\n      tags: [script]\n", "markdown.extensions[1].tags", "trust_raw_html"),
    ("    - name: abbr\n      attributes:\n        a: [onclick]\n", "markdown.extensions[1].attributes", "onclick"),
])
def test_a_wrong_extension_is_an_error_with_file_line_field_and_hint(project: Project, entry, field, words):
    text, err = _error(project, entry)
    line = text.splitlines().index(entry.splitlines()[0]) + 1
    assert f"content/site.yaml:" in err and f"[{field}]" in err, err
    assert words in err and "hint:" in err, err
    assert any(f"content/site.yaml:{number} [{field}]" in err for number in range(line, line + 4)), err


def test_an_option_given_as_text_takes_the_type_the_extension_expects(project: Project, monkeypatch,
                                                                      tmp_path_factory):
    modules = tmp_path_factory.mktemp("modules")
    (modules / "tick_boxes.py").write_text(CHECKBOX, encoding="utf-8")
    monkeypatch.syspath_prepend(str(modules))
    project.write("site.yaml", SITE + "markdown:\n  extensions:\n    - name: footnotes\n      options:\n"
                  "        SUPERSCRIPT_TEXT: '[{}]'\n        USE_DEFINITION_ORDER: yes\n"
                  "    - name: tick_boxes\n      options: {width: 3}\n      tags: [input]\n"
                  "      attributes: {input: [type, size]}\n")
    project.write("2022/notice.md", BODY)
    assert project.build("--no-search").code == 0
    assert ">[1]</a></sup>" in _page(project)
    assert '<input type="checkbox" size="6">' in _page(project)  # 3 read as a number, not as the text "3"


def test_a_number_option_given_something_else_is_an_error(project: Project, monkeypatch, tmp_path_factory):
    modules = tmp_path_factory.mktemp("modules")
    (modules / "tick_boxes.py").write_text(CHECKBOX, encoding="utf-8")
    monkeypatch.syspath_prepend(str(modules))
    _, err = _error(project, "    - name: tick_boxes\n      options: {width: 三}\n")
    assert "[markdown.extensions[1].options]" in err and "takes a number" in err, err


def _build(project: Project, modules: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "build", "--no-search", "--today", "2022-09-01"],
                          cwd=project.root, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join([str(modules), str(REPO)])})


def test_the_cache_sees_an_extension_outside_the_project_change(project: Project, tmp_path_factory):
    modules = tmp_path_factory.mktemp("modules")
    module = modules / "tick_boxes.py"
    module.write_text(CHECKBOX, encoding="utf-8")
    project.write("site.yaml", SITE + "markdown:\n  extensions:\n    - name: tick_boxes\n      tags: [input]\n"
                  "      attributes:\n        input: [type, checked, disabled]\n")
    project.write("2022/notice.md", BODY)
    assert _build(project, modules).returncode == 0
    assert 'type="checkbox"' in _page(project)
    module.write_text(CHECKBOX.replace('type="checkbox"', 'type="radio"'), encoding="utf-8")
    result = _build(project, modules)
    assert result.returncode == 0, result.stderr
    assert 'type="radio"' in _page(project)
