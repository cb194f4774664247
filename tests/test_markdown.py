"""The Markdown stage: Chinese anchors, the action placeholder, sanitising, no template evaluation."""

from __future__ import annotations

from generator.markdown import make_markdown, render_body, sanitise
from generator.notice import Action


def render(body: str, actions=(), trusted=False):
    return render_body(make_markdown(), body, list(actions), trusted, "f.md", 1)


def test_heading_anchors_keep_chinese():
    rendered, errors = render("## 一、主题和时间\n\n正文\n\n## 二、活动内容\n")
    html = rendered.parts[0].html
    assert errors == []
    assert 'id="一主题和时间"' in html and 'id="二活动内容"' in html
    assert [h.anchor for h in rendered.toc] == ["一主题和时间", "二活动内容"]


def test_placeholder_splits_body_by_group():
    joint = Action(name="学会科普联合行动", group="系列联合行动", text="甲")
    special = Action(name="青少年科普专项行动", group="科普专项行动", text="乙")
    rendered, errors = render("前文\n\n[[actions: 系列联合行动]]\n\n中间\n\n[[actions：科普专项行动]]\n\n后文\n",
                              [joint, special])
    assert errors == []
    kinds = [(p.actions_group, [a.text for a in p.actions]) for p in rendered.parts]
    assert kinds == [(None, []), ("系列联合行动", ["甲"]), (None, []), ("科普专项行动", ["乙"]), (None, [])]
    assert "中间" in rendered.parts[2].html and "后文" in rendered.parts[4].html


def test_raw_html_is_sanitised():
    body = ('<script>alert(1)</script>\n\n<p onclick="steal()">点我</p>\n\n[链接](javascript:alert(1))\n\n'
            '<a href="https://example.cn/" onmouseover="x()">好链接</a>\n')
    html = render(body)[0].parts[0].html
    assert "<script" not in html and "alert(1)</script>" not in html
    assert "onclick" not in html and "onmouseover" not in html
    assert "javascript:" not in html
    assert 'href="https://example.cn/"' in html


def test_trusted_raw_html_is_kept():
    html = render('<div class="x" onclick="f()">保留</div>\n', trusted=True)[0].parts[0].html
    assert 'onclick="f()"' in html


def test_tables_keep_alignment_only():
    html = sanitise('<table><tbody><tr><td style="text-align: center; background: url(x)">a</td></tr></tbody>'
                    '</table>', trusted=False)
    assert "text-align" in html and "background" not in html


def test_template_syntax_is_text(project):
    from helpers import NOTICE
    project.write("2022/notice.md", NOTICE.replace("## 一、主题和时间", "## 一、主题和时间\n\n计算 {{ 7*7 }} 与 {% if x %}"))
    assert project.build().code == 0
    page = (project.output / "2022" / "notice" / "index.html").read_text(encoding="utf-8")
    assert "{{ 7*7 }}" in page and "{% if x %}" in page and "49" not in page
