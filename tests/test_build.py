"""Building: determinism, the publish swap, paths that must not escape, scaffolding, themes."""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import pytest

from helpers import NOTICE, REPO, Project
from generator.publish import Tree


def digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(project: Project):
    project.write("2022/notice.md", NOTICE)
    project.write("2022/second.md", NOTICE.replace("渭南市全国", "渭南市第二次全国"))
    assert project.build().code == 0
    first = digest(project.output)
    assert project.build().code == 0
    assert digest(project.output) == first


def test_two_builds_from_nothing_are_byte_identical_search_index_too(project: Project):
    project.write("2022/notice.md", NOTICE)
    project.write("2022/second.md", NOTICE.replace("渭南市全国", "渭南市第二次全国"))
    project.write("2021/third.md", NOTICE.replace("2022", "2021"))
    assert project.build("--full").code == 0
    first = digest(project.output)
    assert any(path.startswith("pagefind/2021/fragment/") for path in first)
    assert project.build("--full").code == 0
    assert digest(project.output) == first
    other = project.root / "other"
    assert project.build("--no-cache", "--output", str(other)).code == 0
    assert digest(other) == first


def test_drafts_and_future_notices_are_left_out_unless_asked(project: Project):
    project.write("2022/draft.md", NOTICE.replace("campaign: kepuri", "campaign: kepuri\ndraft: true"))
    project.write("2022/future.md", NOTICE.replace("2022-08-10", "2022-12-01"))
    assert project.build().code == 0
    assert not (project.output / "2022" / "draft").exists()
    assert not (project.output / "2022" / "future").exists()
    assert project.build("--drafts", "--future").code == 0
    assert (project.output / "2022" / "draft" / "index.html").exists()
    assert (project.output / "2022" / "future" / "index.html").exists()


def test_api_json_carries_the_validated_data(project: Project):
    project.write("2022/notice.md", NOTICE.replace(
        "actions:", "contacts:\n  - body: 科普部\n    phones: [\"0373-5820656\", 2126496, {number: 2126492, kind: fax}]\n"
                   "actions:"))
    assert project.build().code == 0
    data = json.loads((project.output / "api" / "notices" / "notice.json").read_text(encoding="utf-8"))
    assert data["issued"] == "2022-08-10"
    assert data["region_path"] == ["陕西省", "渭南市"]
    assert [p["number"] for p in data["contacts"][0]["phones"]] == ["0373-5820656", "2126496", "2126492"]
    assert data["contacts"][0]["phones"][2]["kind"] == "fax"
    assert data["actions"][0]["key"] == "society"
    index = json.loads((project.output / "api" / "notices.json").read_text(encoding="utf-8"))
    assert index["count"] == 1 and index["latest"][0]["slug"] == "notice"
    entry = index["latest"][0]
    assert entry["title"] == data["title"] and entry["dates"] == data["dates"] and entry["issued"] == "2022-08-10"
    assert entry["data"].endswith("/api/notices/notice.json") and "actions" not in entry


def test_action_names_and_aliases_resolve_to_keys(project: Project):
    project.write("2022/notice.md", NOTICE.replace("key: society\n    name: 学会科普联合行动",
                                                   "name: 企业科普联合行动"))
    assert project.build().code == 0
    page = (project.output / "actions" / "enterprise" / "index.html").read_text(encoding="utf-8")
    assert "企业科普联合行动" in page and "发动各级学会" in page


def test_tree_refuses_paths_outside_its_root(tmp_path: Path):
    tree = Tree(tmp_path / "out")
    (tmp_path / "out").mkdir()
    for bad in ("../escape.html", "/etc/passwd", "a/../../escape", ""):
        with pytest.raises(ValueError):
            tree.write(bad, "x")
    assert not (tmp_path / "escape.html").exists()


def test_symlinked_notice_pointing_outside_is_refused(project: Project, tmp_path: Path):
    outside = project.root.parent / f"{project.root.name}-outside.md"
    outside.write_text(NOTICE, encoding="utf-8")
    (project.content / "2022").mkdir()
    os.symlink(outside, project.content / "2022" / "linked.md")
    result = project.run("check")
    assert result.code == 1 and "outside content/" in result.err


def test_output_that_is_not_ours_is_not_replaced(project: Project):
    project.write("2022/notice.md", NOTICE)
    precious = project.root / "precious"
    precious.mkdir()
    (precious / "thesis.docx").write_text("keep me", encoding="utf-8")
    result = project.run("build", "--output", "precious")
    assert result.code == 2 and "not built by this generator" in result.err
    assert (precious / "thesis.docx").read_text(encoding="utf-8") == "keep me"
    result = project.run("build", "--output", ".")
    assert result.code == 2
    assert (project.content / "2022" / "notice.md").exists()


def test_new_scaffolds_a_notice_that_checks(project: Project):
    result = project.run("new", "test-notice", "--today", "2022-03-05")
    assert result.code == 0 and "content/schema/notice.json" in result.out
    path = project.content / "2022" / "test-notice.md"  # this year's folder
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n# yaml-language-server: $schema=../schema/notice.json\n")
    assert "issued: 2022-××-××" in text and "# 发文字号" in text and "draft: false" in text
    assert "region: ××" in text and "weinan（渭南市）" in text and "kepuri（全国科普日）" in text  # the site's keys
    assert "#  - key: society" in text and "#  - kind: form" in text and "{span: 3}" in text
    result = project.run("check", "--today", "2022-03-05")  # every placeholder refused, each on its line
    assert result.code == 1
    lines = text.split("\n")
    refused = {}
    for line in result.err.splitlines():
        match = re.match(r"content/2022/test-notice\.md:(\d+) \[(.+?)\]: .*still holds the placeholder `××`$", line)
        if match:
            refused[match.group(2)] = int(match.group(1))
    assert set(refused) == {"title", "doc_number", "issued", "issuers[1]", "region", "campaign", "theme", "dates.start",
                            "dates.end", "recipients", "signatures[1]"}, result.err
    for field, number in refused.items():
        assert "××" in lines[number - 1] and lines[number - 1].lstrip().startswith(field.split(".")[-1].split("[")[0]
                                                                                     if "[" not in field else "- ")
    assert result.err.count("hint: replace it with the real text from the notice (or delete the field)") == 11
    for field in ("doc_number", "theme", "recipients", "campaign"):
        text = re.sub(rf"^{field}: ××\n", "", text, flags=re.MULTILINE)
    text = text.replace("××-××", "03-05").replace("××", "渭南").replace("region: 渭南", "region: 渭南市")
    path.write_text(text, encoding="utf-8")
    assert project.run("check", "--today", "2022-03-05").code == 0
    assert project.run("new", "test-notice", "--today", "2022-03-05").code == 2  # never overwrites
    assert project.run("new", "../escape").code == 2


def test_new_takes_the_year_the_date_the_campaign_and_the_region(project: Project):
    result = project.run("new", "kepuri-2019", "--year", "2019", "--campaign", "全国科普日", "--region", "渭南市")
    assert result.code == 0, result.err
    text = (project.content / "2019" / "kepuri-2019.md").read_text(encoding="utf-8")
    assert "campaign: kepuri\n" in text and "region: weinan\n" in text and "issued: 2019-××-××" in text
    result = project.run("new", "kejizhou-2020", "--issued", "2020-05-06", "--region", "shaanxi")
    assert result.code == 0 and "issued: 2020-05-06\n" in (project.content / "2020" / "kejizhou-2020.md").read_text(
        encoding="utf-8")
    result = project.run("new", "other", "--campaign", "科普周")  # 科普日 is an alias of the built-in 全国科普日
    assert result.code == 2 and "unknown campaign `科普周`; did you mean `全国科普月`" in result.err
    result = project.run("new", "other", "--year", "2021", "--issued", "2020-05-06")
    assert result.code == 2 and "--issued 2020-05-06 is not in --year 2021" in result.err
    assert project.run("new", "other", "--year", "1900").code == 2
    assert not (project.content / "2021").exists() and not (project.content / "1900").exists()


def test_new_for_a_county_the_site_lacks_prints_the_lines_that_add_it(project: Project):
    """A county clerk's first command: `new --region 澄城县` must say where 澄城县 goes in site.yaml (as
    `check` does), not offer 澄迈县 and claim the known names are all in site.yaml (the built-in ones are not)."""
    result = project.run("new", "chengcheng-kepuri-2022", "--region", "澄城县", "--today", "2022-03-05")
    assert result.code == 2 and "unknown region `澄城县`" in result.err, result.err
    assert "among the `children:` of 渭南市" in result.err and "- key: chengcheng\n" in result.err
    assert "name: 澄城县" in result.err and "listed in content/site.yaml" not in result.err
    assert not (project.content / "2022").exists()


def test_child_theme_overrides_one_template(project: Project):
    child = project.root / "themes" / "civic" / "templates"
    child.mkdir(parents=True)
    (child / "base.html").write_text(
        '{% extends "default/base.html" %}{% block footer %}<p>子主题页脚</p>{% endblock %}', encoding="utf-8")
    site = project.content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "theme: civic\n", encoding="utf-8")
    project.write("2022/notice.md", NOTICE)
    assert project.build().code == 0
    page = (project.output / "2022" / "notice" / "index.html").read_text(encoding="utf-8")
    assert "子主题页脚" in page
    assert "学会科普联合行动" in page  # everything else still comes from the default theme
    assert (project.output / "static" / "style.css").exists()


def test_broken_theme_template_is_reported_not_raised(project: Project):
    child = project.root / "themes" / "broken" / "templates"
    child.mkdir(parents=True)
    (child / "404.html").write_text('{% extends "base.html" %}\n{% block content %}{% if %}{% endblock %}',
                                    encoding="utf-8")
    site = project.content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "theme: broken\n", encoding="utf-8")
    project.write("2022/notice.md", NOTICE)
    result = project.build()
    assert result.code == 1 and "Traceback" not in result.err
    assert "404.html:2 [template]" in result.err


@pytest.mark.parametrize("line, said", [
    ('{% extends "default/bsae.html" %}', "template default/bsae.html not found"),
    ('{% extends "default/base.html" %}{% block footer %}{% include "parts/nosuch.html" %}{% endblock %}',
     "template parts/nosuch.html not found"),
    ('{% extends "default/base.html" %}{% block footer %}{{ site.nosuch.field }}{% endblock %}',
     "undefined: 'generator.config.Site object' has no attribute 'nosuch'"),
])
def test_a_theme_template_error_names_the_template_and_line_that_caused_it(project: Project, line: str, said: str):
    child = project.root / "themes" / "kexie" / "templates"
    child.mkdir(parents=True)
    project.write("2022/notice.md", NOTICE)
    assert project.build().code == 0
    before = (project.output / "2022" / "notice" / "index.html").read_bytes()
    (child / "base.html").write_text("{# 科协的子主题 #}\n" + line + "\n", encoding="utf-8")
    site = project.content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "theme: kexie\n", encoding="utf-8")
    result = project.build()
    assert result.code == 1 and "Traceback" not in result.err
    assert "themes/kexie/templates/base.html:2 [template]" in result.err, result.err
    assert said in result.err and "hint:" in result.err, result.err
    assert (project.output / "2022" / "notice" / "index.html").read_bytes() == before


def test_long_lists_are_paginated(project: Project):
    site = project.content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "per_page: 2\n", encoding="utf-8")
    for number in range(5):
        project.write(f"2022/n{number}.md", NOTICE.replace("2022-08-10", f"2022-08-1{number}"))
    assert project.build().code == 0
    first = (project.output / "2022" / "index.html").read_text(encoding="utf-8")
    assert first.count('class="notice-link"') == 2 and 'href="/2022/page/2/"' in first
    assert "第 1 / 3 页" in first
    last = (project.output / "2022" / "page" / "3" / "index.html").read_text(encoding="utf-8")
    assert last.count('class="notice-link"') == 1 and 'href="/2022/page/2/"' in last
    assert 'href="/2022/n0/"' in last  # oldest last
    action = (project.output / "actions" / "society" / "page" / "3" / "index.html")
    assert action.exists()


def test_serve_builds_and_serves_on_localhost(project: Project):
    import socket
    import subprocess
    import sys
    import time
    import urllib.request
    project.write("2022/notice.md", NOTICE)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--port", str(port)], cwd=project.root,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        body = ""
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/2022/notice/", timeout=2) as response:
                    body = response.read().decode("utf-8")
                break
            except OSError:
                time.sleep(0.2)
        assert "学会科普联合行动" in body
        # bound to the loopback address only: the kernel's table of listening sockets says so
        listening = [line.split() for line in Path("/proc/net/tcp").read_text().splitlines()[1:]]
        addresses = {local.split(":")[0] for _, local, _, state, *rest in listening
                     if state == "0A" and int(local.split(":")[1], 16) == port}
        assert addresses == {"0100007F"}  # 127.0.0.1, not 0.0.0.0
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_upstream_and_downstream_notices_link_each_other(project: Project):
    project.write("2022/provincial.md", NOTICE.replace("campaign: kepuri", "campaign: kepuri\ndoc_number: 陕科协发〔2022〕普字40号")
                  .replace("渭南市全国", "陕西省全国"))
    project.write("2022/city.md", NOTICE.replace("2022-08-10", "2022-08-20").replace("campaign: kepuri", (
        "campaign: kepuri\nbased_on:\n  - title: 关于举办2022年陕西省全国科普日活动的通知\n"
        "    doc_number: 陕科协发〔2022〕普字40号\n  - title: 全国通知\n    doc_number: 科协发普字〔2022〕29号\n")))
    project.write("2022/county.md", NOTICE.replace("2022-08-10", "2022-08-25").replace("campaign: kepuri", (
        "campaign: kepuri\nbased_on:\n  - title: 市通知\n    notice: city\n")))
    assert project.build().code == 0
    city = (project.output / "2022" / "city" / "index.html").read_text(encoding="utf-8")
    assert 'href="/2022/provincial/">《关于举办2022年陕西省全国科普日活动的通知》' in city  # matched by doc number
    assert "《全国通知》（科协发普字〔2022〕29号）" in city  # not in the archive: named, not linked
    assert 'href="/2022/county/"' in city  # the notice based on this one
    provincial = (project.output / "2022" / "provincial" / "index.html").read_text(encoding="utf-8")
    assert "依据本通知的通知" in provincial and 'href="/2022/city/"' in provincial


def test_editors_notes_only_in_drafts_builds_and_the_dev_server(project: Project):
    """Inferred fields and facts the source does not state are notes for editors: a public build has
    none, a --drafts build shows them, and a public build after a --drafts build takes them away again."""
    inferred = NOTICE.replace("issued: 2022-08-10\n", "").replace(
        "campaign: kepuri", "campaign: kepuri\ninferred: [title]\nbased_on:\n  - title: ……的通知\n    doc_number: 科协发普字〔2022〕29号")
    project.write("2022/notice.md", inferred)
    page = project.output / "2022" / "notice" / "index.html"
    year = project.output / "2022" / "index.html"
    notes = ["标题据正文推断", "原文未注明", "成文日期未注明", "《……的通知》", 'class="editor-note"']

    assert project.build("--no-search").code == 0
    public = page.read_text(encoding="utf-8") + year.read_text(encoding="utf-8")
    assert [note for note in notes if note in public] == []
    assert "科协发普字〔2022〕29号文件" in public  # the upstream notice named by its number instead

    assert project.build("--no-search", "--drafts").code == 0
    drafts = page.read_text(encoding="utf-8") + year.read_text(encoding="utf-8")
    assert [note for note in notes if note not in drafts] == []

    assert project.build("--no-search").code == 0
    assert [note for note in notes if note in page.read_text(encoding="utf-8") + year.read_text(encoding="utf-8")] == []


def test_the_dev_server_and_drafts_builds_show_editors_notes():
    from generator.build import Options
    from generator.serve import DevServer
    assert not Options().editor_notes
    assert Options(drafts=True).editor_notes
    assert DevServer(Options(use_cache=False), "127.0.0.1", 0, None).options.editor_notes


def test_a_list_names_two_issuers_and_counts_three_or_more(project: Project):
    project.write("2022/two.md", NOTICE.replace("issuers: [渭南市科学技术协会]", "issuers: [渭南市科学技术协会, 渭南市教育局]"))
    project.write("2022/three.md", NOTICE.replace("issuers: [渭南市科学技术协会]",
                                                  "issuers: [渭南市科学技术协会, 渭南市教育局, 渭南市科学技术局]"))
    assert project.build("--no-search").code == 0
    year = (project.output / "2022" / "index.html").read_text(encoding="utf-8")
    assert "<span>渭南市科学技术协会、渭南市教育局</span>" in year
    assert "<span>渭南市科学技术协会 等3家单位</span>" in year
    assert "等2家单位" not in year


def test_make_new_tells_its_editor_to_run_make_check(project: Project, monkeypatch: pytest.MonkeyPatch):
    """`make new` runs `python -m generator new`; its editor types `make check`, not `python -m generator check`."""
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "NOTICES_PROG=make $(PY) -m generator new " in makefile
    monkeypatch.setenv("NOTICES_PROG", "make")
    result = project.run("new", "test-notice", "--today", "2022-03-05")
    assert result.code == 0 and "then run `make check`" in result.out, result.out


def test_full_width_digits_of_a_doc_number_are_printed_half_width(project: Project):
    """A Chinese input method types 渭科协发〔２０２２〕１２号; the page prints the number as official documents do."""
    extra = ("doc_number: 渭科协发〔２０２２〕１２号\nbased_on:\n  - title: 关于举办2022年陕西省全国科普日活动的通知\n"
             "    doc_number: 陕科协发〔２０２２〕普字４０号\n")
    project.write("2022/notice.md", NOTICE.replace("issued:", extra + "issued:", 1))
    result = project.build()
    assert result.code == 0, result.err
    page = (project.output / "2022" / "notice" / "index.html").read_text(encoding="utf-8")
    assert "渭科协发〔2022〕12号" in page and "陕科协发〔2022〕普字40号" in page
    assert "２" not in page
