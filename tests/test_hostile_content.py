"""Issue 15, hostile content: raw HTML that swallows text, deep nesting, dates and years out of range,
XML-illegal characters, a typed action marker, base_url tricks, the site's time zone, heading ids, and a
zip bomb posing as a Word file. Each test failed before its fix."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.markdown import make_markdown, render_body
from generator.notice import Action
from helpers import NOTICE, Project

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
JOINT = Action(key="society", name="学会科普联合行动", text="发动各级学会。")


def render(body: str, trusted: bool = False, actions=(JOINT,)):
    return render_body(make_markdown(), body, list(actions), trusted, "f.md", 10)


def placed(rendered) -> list[str]:
    return [a.name for part in rendered.parts for a in part.actions]


def check(project: Project, text: str, name: str = "2022/notice.md"):
    project.write(name, text)
    result = project.run("check", "--today", "2022-09-01")
    assert "Traceback" not in result.err
    return result


# ---------------------------------------------------------------- 2: raw HTML that swallows what follows

SWALLOWING = ["script", "style", "template", "textarea", "title", "noscript", "xmp", "iframe", "plaintext", "div",
              "table", "span", "object", "select", "math", "svg", "font", "center"]


@pytest.mark.parametrize("tag", SWALLOWING)
@pytest.mark.parametrize("trusted", [False, True])
def test_an_unclosed_or_removed_raw_tag_is_an_error_with_its_line(tag, trusted):
    body = f"## 一、主题\n\n前文\n\n<{tag}>\n\n中间的话。\n\n[[actions]]\n\n后文\n"
    rendered, errors = render(body, trusted)
    assert errors, f"<{tag}> passed silently"
    assert any(e.line == 10 + 4 and e.field == "body" and f"<{tag}>" in e.message for e in errors), errors


def test_a_closed_allowed_tag_is_fine_and_keeps_the_actions():
    rendered, errors = render("前文 <span class=\"x\">强调</span>\n\n<div>\n块\n</div>\n\n[[actions]]\n\n后文\n")
    assert errors == []
    assert placed(rendered) == ["学会科普联合行动"]
    assert "后文" in rendered.parts[-1].html


def test_tags_shown_as_code_or_autolinks_are_not_raw_html():
    body = ("写 `<script>` 或 `<div>` 都只是文字，``<textarea>`` 也是。\n\n见 <https://example.cn/a> 与 "
            "<kx@example.cn>。\n\n[[actions]]\n")
    rendered, errors = render(body)
    assert errors == []
    assert placed(rendered) == ["学会科普联合行动"]


@pytest.mark.parametrize("trusted", [False, True])
def test_a_placeholder_inside_raw_html_is_an_error_not_a_vanished_action(trusted):
    body = "前文\n\n<div>\n\n[[actions]]\n\n</div>\n\n<!--\n[[actions: 系列联合行动]]\n-->\n"
    rendered, errors = render(body, trusted, actions=(JOINT,))
    lost = [e for e in errors if "[[actions" in e.message]
    assert [e.line for e in lost] == [10 + 4, 10 + 9], errors


@pytest.mark.parametrize("tag", ["script", "textarea", "plaintext", "template"])
def test_the_build_stops_on_swallowing_html(project, tag):
    result = check(project, NOTICE.replace("[[actions]]", f"<{tag}>\n\n后文。\n\n[[actions]]"))
    assert result.code == 1
    assert "content/2022/notice.md:14 [body]" in result.err and f"<{tag}>" in result.err


# ---------------------------------------------------------------- 14: the internal action marker cannot be typed

@pytest.mark.parametrize("typed", ["NOTICE-ACTIONS-SLOT-7", "NOTICE-ACTIONS-SLOT-0", "NOTICE-ACTIONS-SLOT-1"])
def test_the_old_marker_typed_in_a_body_is_text(typed):
    rendered, errors = render(f"前文\n\n{typed}\n\n[[actions]]\n\n{typed}\n")
    assert errors == []
    assert placed(rendered) == ["学会科普联合行动"]  # once, not twice
    assert sum(part.html.count(typed) for part in rendered.parts) == 2


@pytest.mark.parametrize("marker", ["\ufdd00\ufdd1", "\ufdd07\ufdd1"])
def test_the_marker_itself_is_refused_in_a_file(project, marker):
    result = check(project, NOTICE.replace("[[actions]]", f"[[actions]]\n\n{marker}\n"))
    assert result.code == 1
    assert "content/2022/notice.md:16" in result.err and "U+FDD0" in result.err


# ---------------------------------------------------------------- 8: XML-illegal code points in every text field

FULL = """\
---
title: 关于举办2022年渭南市全国科普日活动的通知
doc_type: 通知
doc_number: 渭科协发〔2022〕12号
issued: 2022-08-10
published: 2022-08-11
masthead: 渭南市科学技术协会文件
issuers: [渭南市科学技术协会]
region: weinan
campaign: kepuri
theme: 喜迎二十大
dates: {start: 2022-09-15, end: 2022-09-21}
recipients: 各县（市、区）科协
based_on:
  - {title: 关于举办全国科普日活动的通知, doc_number: 科协发〔2022〕1号, issuer: 中国科协, url: "https://example.cn/a"}
actions:
  - {key: society, name: 学会科普联合行动, group: 系列联合行动, text: 发动各级学会。}
deadlines:
  - {date: 2022-09-10, start: 2022-09-01, what: 报送活动方案, who: 各活动举办单位, to: 市科协科普部, note: 逾期不候}
  - {label: 2022年9月中旬, what: 报送总结}
contacts:
  - body: 市科协科普部
    people: [{name: 王明, role: 科普部, phones: ["0913-2126496"], email: [wang@example.cn]}]
    phones: [{number: "0913-2126497", note: 工作日}]
    email: [kpb@example.cn]
    address: 渭南市朝阳大街1号
    postcode: "714000"
    note: 活动方案
annexes:
  - kind: table
    title: 活动汇总表
    listed_as: 汇总表
    fields: [单位名称：（盖章）]
    columns: [序号, {name: 活动名称, width: 3}]
    rows: [[合计, {text: 共计, span: 1}]]
    footer: [填表人：]
  - kind: form
    title: 推荐表
    columns: 2
    rows: [[{label: 名称}, {text: 填写}]]
    footer: [盖章]
  - {kind: text, title: 注册方法, body: 登录网站注册。}
  - {kind: document, title: 上级通知, doc_number: 科协发〔2022〕1号, issuer: 中国科协, url: "https://example.cn/b"}
signatures: [渭南市科学技术协会]
cc: 市委宣传部
printed_by: {body: 渭南市科协办公室, date: 2022-08-10}
summary: 9月15日至21日集中开展。
category: 科普
validity: 有效
index_number: "0001"
---
## 一、主题和时间

[[actions]]
"""

ILLEGAL = st.sampled_from([0xFFFE, 0xFFFF, 0xFDD0, 0xFDEF, 0x1FFFE, 0x10FFFF, 0xD800, 0xDFFF, 0x0B, 0x0C, 0x1F,
                           0x7F, 0x85, 0x9F, 0x00]).map(chr)


def _scalars(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _scalars(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _scalars(value, path + (index,))
    else:
        yield path


def _front():
    import yaml
    return yaml.load(FULL.split("---\n")[1], Loader=yaml.BaseLoader)


FIELD_PATHS = list(_scalars(_front()))


def _dotted(path) -> str:
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def test_the_full_notice_is_valid(project):
    result = check(project, FULL)
    assert result.code == 0, result.err
    assert len(FIELD_PATHS) > 60


def _escaped(character: str) -> str:
    code = ord(character)
    return f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(FIELD_PATHS), character=ILLEGAL.filter(lambda c: not 0xD800 <= ord(c) <= 0xDFFF),
       where=st.sampled_from(["end", "start"]),
       written=st.sampled_from(["escaped", "raw"]))
def test_an_illegal_character_in_any_field_is_refused_with_the_field(project, path, character, where, written):
    import yaml
    front = _front()
    node = front
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = node[path[-1]] + "\ufdef" if where == "end" else "\ufdef" + node[path[-1]]
    text = yaml.safe_dump(front, allow_unicode=True, default_style='"', width=1000)  # every value quoted
    if written == "raw":  # (libyaml refuses an escaped lone surrogate itself, naming the line)
        raw = ("---\n" + text.replace("\ufdef", character) + "---\n[[actions]]\n").encode("utf-8")
        (project.content / "2022").mkdir(exist_ok=True)
        (project.content / "2022" / "notice.md").write_bytes(raw)
        result = project.run("check", "--today", "2022-09-01")
        line = raw.split(character.encode("utf-8"))[0].count(b"\n") + 1
        assert result.code == 1 and f"content/2022/notice.md:{line}" in result.err, result.err
    else:
        result = check(project, "---\n" + text.replace("\ufdef", _escaped(character)) + "---\n[[actions]]\n")
        assert result.code == 1
        assert f"[{_dotted(path)}]" in result.err, result.err
    assert f"U+{ord(character):04X}" in result.err, result.err


@SETTINGS
@given(character=ILLEGAL, line=st.integers(0, 2))
def test_an_illegal_character_in_the_body_is_refused_with_its_line(project, character, line):
    body = ["前文。", "[[actions]]", "后文。"]
    body[line] += character
    raw = (FULL.split("## 一、主题和时间")[0] + "\n\n".join(body) + "\n").encode("utf-8", "surrogatepass")
    (project.content / "2022").mkdir(exist_ok=True)
    (project.content / "2022" / "notice.md").write_bytes(raw)
    result = project.run("check", "--today", "2022-09-01")
    if 0xD800 <= ord(character) <= 0xDFFF:
        assert result.code == 1 and "not valid UTF-8" in result.err
        return
    assert result.code == 1 and f"U+{ord(character):04X}" in result.err
    first = FULL.split("## 一、主题和时间")[0].count("\n") + 1
    assert f"content/2022/notice.md:{first + 2 * line}" in result.err, result.err


def test_a_summary_with_uffff_no_longer_makes_a_broken_feed(project):
    result = check(project, NOTICE.replace("campaign: kepuri", 'campaign: kepuri\nsummary: "x\\uFFFE"'))
    assert result.code == 1 and "content/2022/notice.md:7 [summary]" in result.err


# ---------------------------------------------------------------- 5: nesting depth and body size

def _nested_lists(levels: int) -> str:
    return "".join("    " * level + f"- 第{level}层\n" for level in range(levels))


DEEP = {"lists": _nested_lists(150), "quotes": "".join(">" * level + " 引文\n" for level in range(1, 300)),
        "markers": "- " * 400 + "x\n", "emphasis": "*" * 3000 + "x" + "*" * 3000,
        "brackets": ("[" * 1000 + "x\n\n") * 3}


@pytest.mark.parametrize("kind", sorted(DEEP))
def test_deep_nesting_in_a_body_is_an_error_with_its_line(kind):
    rendered, errors = render("[[actions]]\n\n" + DEEP[kind])
    assert errors and all(e.field == "body" for e in errors), errors
    assert any(("nest" in e.message or "deep" in e.message) and e.line >= 10 for e in errors), errors


def test_a_body_over_the_size_limit_is_an_error():
    from generator.markdown import MAX_BODY
    rendered, errors = render("[[actions]]\n\n" + "这是一段很长的正文。\n\n" * (MAX_BODY // 10))
    assert [e.message for e in errors if "characters" in e.message], errors
    assert rendered.parts == []  # not rendered at all


def test_nesting_a_real_notice_uses_is_fine():
    body = "[[actions]]\n\n" + _nested_lists(6) + "\n> 引文\n>\n> > 引文中的引文\n\n* * *\n\n[链接](https://example.cn/)\n"
    assert render(body)[1] == []


@pytest.mark.parametrize("kind", ["lists", "emphasis"])
def test_deep_nesting_in_a_text_annex_is_an_error_naming_it(project, kind):
    import json
    annex = f"annexes:\n  - kind: text\n    title: 说明\n    body: {json.dumps(DEEP[kind])}\n"
    result = check(project, NOTICE.replace("actions:\n", annex + "actions:\n"))
    assert result.code == 1 and "content/2022/notice.md:10 [annexes[1].body]" in result.err, result.err


@SETTINGS
@given(opening=st.sampled_from(["- ", "> ", "1. ", "[", "*", "_", "<div>", "<ul><li>"]), levels=st.integers(1, 3000))
def test_nesting_of_any_kind_and_depth_never_crashes(project, opening, levels):
    if opening in ("- ", "> ", "1. "):  # block nesting: one level a line, as editors indent
        nested = "".join(("    " * level if opening != "> " else "") + opening * (1 if opening != "> " else level)
                         + "x\n" for level in range(min(levels, 500)))
    else:
        closing = {"[": "]", "<div>": "</div>", "<ul><li>": "</li></ul>"}.get(opening, opening)
        nested = opening * levels + "x" + closing * levels + "\n"
    result = check(project, NOTICE.replace("[[actions]]", "[[actions]]\n\n" + nested))
    assert result.code in (0, 1)
    if result.code == 1:
        assert "content/2022/notice.md:" in result.err


# ---------------------------------------------------------------- 6, 7: dates and year folders out of range

DATE_FIELDS = [("issued",), ("published",), ("dates", "start"), ("dates", "end"), ("deadlines", 0, "date"),
               ("deadlines", 0, "start"), ("printed_by", "date")]
OUT_OF_RANGE = ["9999-12-31", "2101-01-01", "1948-12-31", "0001-01-01", "1000-01-01", "2199-06-30"]


def _with(path, value, label: bool = False) -> str:
    import yaml
    front = _front()
    node = front
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    if label:  # a label instead of the exact dates it stands beside
        del node["start"], node["end"]
    return "---\n" + yaml.safe_dump(front, allow_unicode=True, width=1000) + "---\n[[actions]]\n"


@SETTINGS
@given(path=st.sampled_from(DATE_FIELDS), value=st.sampled_from(OUT_OF_RANGE))
def test_a_date_out_of_range_is_an_error_naming_its_field(project, path, value):
    result = check(project, _with(path, value))
    assert result.code == 1
    assert f"[{_dotted(path)}]" in result.err and "1949" in result.err and "2100" in result.err, result.err


@pytest.mark.parametrize("label", ["9999年9月中旬", "2101年1月上旬", "1948年12月下旬", "2100年12月下旬至1月上旬"])
@pytest.mark.parametrize("path", [("dates", "label"), ("deadlines", 1, "label")])
def test_a_date_label_out_of_range_is_an_error_naming_its_field(project, label, path):
    result = check(project, _with(path, label, label=path[0] == "dates"))
    assert result.code == 1
    assert f"[{_dotted(path[:-1])}" in result.err and "2100" in result.err, result.err


def test_a_deadline_at_the_end_of_the_range_builds(project):
    project.write("2100/last.md", NOTICE.replace("issued: 2022-08-10", "issued: 2100-12-31")
                  .replace("actions:", "deadlines:\n  - {date: 2100-12-31, what: 报送}\nactions:"))
    result = project.build("--no-search", "--future")
    assert result.code == 0, result.err
    calendar = (project.output / "calendar.ics").read_text(encoding="utf-8")
    assert "DTSTART;VALUE=DATE:21001231" in calendar and "DTEND;VALUE=DATE:21010101" in calendar


TABLE = "annexes:\n  - kind: table\n    title: 活动汇总表\n    columns: [序号, 活动名称]\nactions:"


@pytest.mark.parametrize("year", [1949, 1979, 2100])
def test_forms_are_written_for_every_year_in_range(project, year):
    import zipfile
    project.write(f"{year}/notice.md", NOTICE.replace("issued: 2022-08-10", f"issued: {year}-08-10")
                  .replace("actions:", TABLE, 1))
    result = project.build("--no-search", "--future")
    assert result.code == 0, result.err
    forms = sorted((project.output / str(year) / "notice").rglob("*.xlsx")) + sorted(
        (project.output / str(year) / "notice").rglob("*.docx"))
    assert len(forms) == 2
    for form in forms:
        with zipfile.ZipFile(form) as archive:
            assert archive.testzip() is None
            assert {info.date_time[0] for info in archive.infolist()} == {min(max(year, 1980), 2107)}


@pytest.mark.parametrize("year", [1900, 1948, 2101, 2108, 2199])
def test_a_year_folder_out_of_range_is_an_error(project, year):
    project.write(f"{year}/notice.md", NOTICE.replace("issued: 2022-08-10", f"issued: {year}-08-10")
                  .replace("actions:", TABLE, 1))
    result = project.build("--no-search", "--future")
    assert result.code == 1 and "Traceback" not in result.err
    assert f"content/{year}/notice.md" in result.err and "1949–2100" in result.err, result.err


# ---------------------------------------------------------------- 17, 18: base_url strictly validated

BAD_BASE_URLS = ["https://kx.example.cn/\rDisallow: /", "/notices/\r\nX: y", "/a b/", "/notices/\t", " /",
                 "https://kx.example.cn/a\u3000b/", "//evil.example/", "//evil.example", "/\\evil.example/",
                 "\\\\evil.example/", "https:/evil.example/", "https://evil.example\\@kx.example.cn/",
                 "javascript:alert(1)//", "https://kx.example.cn/<script>/", 'https://kx.example.cn/"x/',
                 "https://kx.example.cn/a?x=1", "https://kx.example.cn/a#top", "https://", "/a//b/"]


@pytest.mark.parametrize("value", BAD_BASE_URLS)
def test_a_base_url_with_control_characters_spaces_or_another_host_is_refused(project, value):
    import json
    site = project.content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("base_url: /", f"base_url: {json.dumps(value)}"),
                    encoding="utf-8")
    project.write("2022/notice.md", NOTICE)
    result = project.build("--no-search")
    assert result.code == 1 and "Traceback" not in result.err
    assert "content/site.yaml:2 [base_url]" in result.err, result.err
    assert not (project.output / "robots.txt").exists()


@pytest.mark.parametrize("value", ["//evil.example/", "/notices/\r", "/a b/"])
def test_the_base_url_option_is_checked_the_same_way(project, value):
    project.write("2022/notice.md", NOTICE)
    result = project.build("--no-search", "--base-url", value)
    assert result.code in (1, 2) and "Traceback" not in result.err
    assert "base_url" in result.err and not project.output.exists()


@pytest.mark.parametrize("value", ["/", "/notices/", "/通知/", "https://kx.example.cn/", "http://kx.example.cn:8080/a/b",
                                   "https://kx.example.cn/%E9%80%9A/"])
def test_ordinary_base_urls_are_accepted(project, value):
    import json
    site = project.content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("base_url: /", f"base_url: {json.dumps(value)}"),
                    encoding="utf-8")
    result = check(project, NOTICE)
    assert result.code == 0, result.err


# ---------------------------------------------------------------- 10: "today" is the site's, not the machine's

# 2022-09-14 16:30 UTC is already 2022-09-15 00:30 in Shanghai: a deadline of 2022-09-14 is upcoming by the
# machine's clock under TZ=UTC, past by the site's.
_AT_16_30_UTC = 1663173000
_BUILD = """
import sys, time
time.time = lambda: {now}  # date.today() and the site's clock both read time.time()
from generator.__main__ import main
sys.exit(main(["build", "--no-search", "--no-cache", "--output", sys.argv[1]]))
"""


def _build_under(project: Project, zone: str, output: str) -> None:
    import os
    import subprocess
    import sys
    from helpers import REPO
    env = {**os.environ, "TZ": zone, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", _BUILD.format(now=_AT_16_30_UTC), output], cwd=project.root,
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


def _tree(root) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


@pytest.mark.parametrize("zone_line", ["", "timezone: Asia/Shanghai\n"])
def test_the_machines_time_zone_does_not_change_the_site(project, zone_line):
    site = project.content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + zone_line, encoding="utf-8")
    project.write("2022/notice.md", NOTICE.replace("actions:", "deadlines:\n  - {date: 2022-09-14, what: 报送方案}\n"
                                                                "actions:"))
    _build_under(project, "UTC", "out-utc")
    _build_under(project, "Asia/Shanghai", "out-shanghai")
    utc, shanghai = _tree(project.root / "out-utc"), _tree(project.root / "out-shanghai")
    assert utc.keys() == shanghai.keys()
    assert [name for name in utc if utc[name] != shanghai[name]] == []
    deadlines = (project.root / "out-utc" / "deadlines" / "index.html").read_text(encoding="utf-8")
    assert "报送方案" in deadlines.split('id="past-heading"')[1]  # past in Shanghai, where it is already the 15th


def test_the_site_time_zone_is_where_today_is(project):
    site = project.content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "timezone: America/Los_Angeles\n", encoding="utf-8")
    project.write("2022/notice.md", NOTICE.replace("actions:", "deadlines:\n  - {date: 2022-09-14, what: 报送方案}\n"
                                                                "actions:"))
    _build_under(project, "Asia/Shanghai", "out")
    deadlines = (project.root / "out" / "deadlines" / "index.html").read_text(encoding="utf-8")
    assert "报送方案" in deadlines.split('id="past-heading"')[0]  # still the 14th, 09:30, in Los Angeles


@pytest.mark.parametrize("zone", ["Mars/Olympus", "UTC+8", "../../etc/passwd", ""])
def test_an_unknown_time_zone_is_an_error(project, zone):
    site = project.content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + f"timezone: \"{zone}\"\n", encoding="utf-8")
    result = check(project, NOTICE)
    assert result.code == 1 and "content/site.yaml:" in result.err and "[timezone]" in result.err
    assert "not a time zone" in result.err, result.err


# ---------------------------------------------------------------- 19: every id on a page is unique

_IDS = re.compile(r'\sid="([^"]*)"')
SECTION_HEADINGS = ("## Deadlines\n\n正文\n\n## Body\n\n## Main\n\n## Contacts\n\n## Annexes {#annexes}\n\n"
                    "## Contacts heading\n\n## Action 1\n\n## Search\n\n## Document facts\n\n## 一、说明\n\n"
                    "## 一、说明\n\n### Related heading\n\n<span id=\"main-2\">原样</span>\n\n[[actions]]\n")


def _duplicates(html: str) -> list[str]:
    ids = _IDS.findall(html)
    return sorted({i for i in ids if ids.count(i) > 1})


def test_heading_ids_never_take_a_page_id_nor_each_others():
    from generator.markdown import PAGE_IDS
    rendered, errors = render(SECTION_HEADINGS)
    assert errors == []
    html = "".join(part.html for part in rendered.parts)
    ids = _IDS.findall(html)
    assert len(ids) == len(set(ids)) == 13
    assert not set(ids) & PAGE_IDS and not [i for i in ids if re.fullmatch(r"action-\d+", i)]
    assert [h.anchor for h in rendered.toc] == [i for i in ids if i != "main-2"]
    assert "一说明" in ids  # an ordinary heading keeps its anchor


@pytest.mark.parametrize("raw", ['<span id="deadlines">x</span>', '<span id="action-1">x</span>',
                                 '<div id="x">a</div>\n\n<div id="x">b</div>'])
def test_a_raw_html_id_that_collides_is_an_error_with_its_line(raw):
    rendered, errors = render(f"[[actions]]\n\n{raw}\n")
    assert [e.line for e in errors if "id" in e.message] == [10 + 2 + raw.count("\n")], errors


def test_every_id_the_theme_gives_a_notice_page_is_reserved():
    from generator.markdown import PAGE_IDS
    from helpers import REPO
    found = set()
    for template in (REPO / "themes" / "default" / "templates").rglob("*.html"):
        found |= set(re.findall(r'\sid="([^"{]*)"', template.read_text(encoding="utf-8")))
    assert found and found <= PAGE_IDS, found - PAGE_IDS


def test_every_page_of_the_example_site_has_unique_ids(example):
    output, _, _ = example
    pages = sorted(output.rglob("*.html"))
    assert len(pages) > 50
    assert {page.relative_to(output).as_posix(): _duplicates(page.read_text(encoding="utf-8"))
            for page in pages if _duplicates(page.read_text(encoding="utf-8"))} == {}


def test_a_notice_with_headings_named_like_its_sections_has_unique_ids(project):
    import json
    annex = ("annexes:\n  - kind: text\n    title: 说明\n    body: " + json.dumps(SECTION_HEADINGS.split("<span")[0])
             + "\ndeadlines:\n  - {date: 2022-09-14, what: 报送方案}\ncontacts:\n  - body: 市科协科普部\n")
    project.write("2022/notice.md", NOTICE.replace("actions:", annex + "actions:")
                  .replace("[[actions]]", SECTION_HEADINGS))
    result = project.build("--no-search")
    assert result.code == 0, result.err
    pages = sorted((project.output / "2022" / "notice").rglob("*.html"))
    assert len(pages) >= 2  # the notice and its annex
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert _duplicates(html) == [], page
    notice = (project.output / "2022" / "notice" / "index.html").read_text(encoding="utf-8")
    assert notice.count('id="deadlines"') == 1  # the page's deadlines section
    assert 'id="deadlines_1"' in notice and 'id="deadlines_2"' in notice  # body, then annex


# ---------------------------------------------------------------- 3: a zip bomb with forged sizes

def _deflated(data: bytes, spaces: int) -> tuple[bytes, int]:
    """``data`` and then ``spaces`` spaces, deflated a megabyte at a time; and the CRC of all of it."""
    import zlib
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    out, crc = [packer.compress(data)], zlib.crc32(data)
    chunk = b" " * (1 << 20)
    while spaces > 0:
        part = chunk[:min(spaces, len(chunk))]
        out.append(packer.compress(part))
        crc = zlib.crc32(part, crc)
        spaces -= len(part)
    return b"".join(out) + packer.flush(), crc


def _zip(members: dict[str, tuple[bytes, int, int]]) -> bytes:
    """A zip written by hand: name → (deflated data, CRC, the size it declares), whatever it truly unpacks to."""
    import struct
    body, directory = b"", b""
    for name, (packed, crc, size) in members.items():
        encoded = name.encode()
        fixed = struct.pack("<HHHHHLLLHH", 20, 0, 8, 0, 0x21, crc, len(packed), size, len(encoded), 0)
        directory += b"PK\x01\x02" + struct.pack("<H", 20) + fixed + struct.pack("<HHHLL", 0, 0, 0, 0, len(body)) + encoded
        body += b"PK\x03\x04" + fixed + encoded + packed
    return body + directory + b"PK\x05\x06" + struct.pack("<HHHHLLH", 0, 0, len(members), len(members),
                                                            len(directory), len(body), 0)


def _word_file(bomb: int, forged: bool) -> bytes:
    """A real Word file whose document.xml is followed by ``bomb`` bytes of spaces; with ``forged`` its size
    and CRC are those of the document alone, so zipfile hands back the document after unpacking it all."""
    import io
    import zlib
    import docx
    made = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("关于举办全国科普日活动的通知")
    document.save(made)
    members = {}
    with zipfile_open(made.getvalue()) as archive:
        for info in archive.infolist():
            data = archive.read(info)
            if info.filename == "word/document.xml":
                packed, crc = _deflated(data, bomb)
                members[info.filename] = (packed, zlib.crc32(data) if forged else crc,
                                          len(data) if forged else len(data) + bomb)
            else:
                members[info.filename] = (*_deflated(data, 0), len(data))
    return _zip(members)


def zipfile_open(raw: bytes):
    import io
    import zipfile
    return zipfile.ZipFile(io.BytesIO(raw))


_MEASURE = """
import re, sys
from pathlib import Path
from generator.importer.read import read
source, errors = read(Path(sys.argv[1]), "bomb.docx")
# VmHWM: this process's peak resident memory (getrusage's maxrss would count the test's own, forked)
print(int(re.search(r"VmHWM:\\s+(\\d+) kB", Path("/proc/self/status").read_text()).group(1)) // 1024)
print(errors[0].message if errors else "read")
"""


def _peak(path) -> tuple[int, str]:
    """Peak memory (MB) of reading ``path``, and the first error or "read"."""
    import os
    import subprocess
    import sys
    from helpers import REPO
    done = subprocess.run([sys.executable, "-c", _MEASURE, str(path)], capture_output=True, text=True, timeout=600,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 0, done.stderr
    peak, outcome = done.stdout.splitlines()
    return int(peak), outcome


def test_the_importer_reads_a_small_real_word_file(tmp_path):
    path = tmp_path / "notice.docx"
    path.write_bytes(_word_file(0, forged=False))
    peak, outcome = _peak(path)
    assert outcome == "read"


@pytest.mark.parametrize("forged", [True, False])
def test_a_bomb_is_refused_with_memory_bounded_by_what_is_read(tmp_path, forged):
    path = tmp_path / "bomb.docx"
    path.write_bytes(_word_file(400 * 1024 * 1024, forged))
    assert path.stat().st_size < 2 * 1024 * 1024
    peak, outcome = _peak(path)
    assert outcome != "read"
    assert ("size it declares" if forged else "100 MB") in outcome
    assert peak < 200, f"reading took {peak} MB"  # 846 MB before, for the forged one


SITE_FULL = """\
title: 测试站点
description: 全市科普活动通知
base_url: /
language: zh-CN
theme: default
author: 市科协
timezone: Asia/Shanghai
campaigns:
  - {key: kepuri, name: 全国科普日, aliases: [科普日], description: 每年九月}
regions:
  - key: shaanxi
    name: 陕西省
    children:
      - {key: weinan, name: 渭南市, area_code: "0913"}
actions:
  - {key: society, name: 学会科普联合行动, aliases: [学会联合行动], description: 各级学会}
host: {name: 渭南市科学技术协会, contact: 电话 0913-2126496}
filing: {icp: 陕ICP备12345678号-1, police: 陕公网安备61050202000001号, icp_link: "https://icp.example.cn/",
         police_link: "https://police.example.cn/?code={code}"}
"""


@SETTINGS
@given(data=st.data(), character=ILLEGAL.filter(lambda c: not 0xD800 <= ord(c) <= 0xDFFF))
def test_an_illegal_character_in_any_site_field_is_refused_with_the_field(project, data, character):
    import yaml
    config = yaml.load(SITE_FULL, Loader=yaml.BaseLoader)
    path = data.draw(st.sampled_from(list(_scalars(config))))
    node = config
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] += "\ufdef"
    text = yaml.safe_dump(config, allow_unicode=True, default_style='"', width=1000)
    (project.content / "site.yaml").write_text(text.replace("\ufdef", _escaped(character)), encoding="utf-8")
    result = check(project, NOTICE)
    assert result.code == 1
    assert f"content/site.yaml:" in result.err and f"[{_dotted(path)}]" in result.err, result.err
    assert f"U+{ord(character):04X}" in result.err, result.err


def test_the_full_site_config_is_valid(project):
    (project.content / "site.yaml").write_text(SITE_FULL, encoding="utf-8")
    result = check(project, NOTICE)
    assert result.code == 0, result.err
