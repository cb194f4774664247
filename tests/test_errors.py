"""Every mistake an editor can make: one readable message with file, line and field; exit 1; no traceback."""

from __future__ import annotations

import pytest

from helpers import NOTICE, Project


def problems(project: Project, *args: str) -> list[str]:
    result = project.run("check", "--today", "2022-09-01", *args)
    assert result.code == 1, result.out + result.err
    assert "Traceback" not in result.err
    return [line for line in result.err.splitlines() if line.startswith("content/")]


def with_front(extra: str, body: str = "[[actions]]\n") -> str:
    head = NOTICE.split("---\n")[1]
    return f"---\n{head}{extra}---\n{body}"


CASES = [
    # (name, file text, expected line, expected field, words in the message, words in the hint)
    ("malformed yaml", "---\ntitle: 通知\nissuers: [a, b\nregion: weinan\n---\n", 4, "", "not valid YAML", ""),
    ("missing ---", "title: 通知\n", 1, "", "does not start with a `---` line", "front matter"),
    ("unclosed ---", "---\ntitle: 通知\n", 1, "", "not closed", "`---`"),
    ("full-width colon", "---\ntitle：关于举办活动的通知\nissued: 2022-08-10\n---\n", 2, "title",
     "full-width colon", "`title: …`"),
    ("wrong type", with_front("draft: maybe\n"), 11, "draft", "expected true or false", ""),
    ("list expected", with_front("deadlines: 2022-09-10\n"), 11, "deadlines", "expected a list", ""),
    ("impossible date", with_front("").replace("2022-08-10", "2022-02-30"), 3, "issued",
     "2022-02 has 28 days", ""),
    ("not a date", with_front("").replace("2022-08-10", "8月10日"), 3, "issued", "YYYY-MM-DD", ""),
    ("end before start", with_front("dates:\n  start: 2022-09-21\n  end: 2022-09-15\n"), 11, "dates",
     "`end` (2022-09-15) is before `start` (2022-09-21)", ""),
    ("unknown field", with_front("titel: x\n"), 11, "titel", "unknown field `titel`", "did you mean `title`"),
    ("unknown nested field", with_front("contacts:\n  - body: 科普部\n    emial: a@b.cn\n"), 13,
     "contacts[1].emial", "unknown field", "did you mean `email`"),
    ("unknown action key", with_front("").replace("key: society", "key: socety"), 8, "actions[1].key",
     "unknown joint action `socety`", "did you mean `society`"),
    ("unknown region", with_front("").replace("region: weinan", "region: 渭南县"), 5, "region",
     "unknown region `渭南县`", "渭南市"),
    ("bad email", with_front("contacts:\n  - body: 科普部\n    email: wnskxkpb@126\n"), 13, "contacts[1].email",
     "is not an email address", ""),
    ("bad phone", with_front("contacts:\n  - body: 科普部\n    phones: [电话2126496]\n"), 13, "contacts[1].phones[1]",
     "does not look like a phone number", ""),
    ("annex refers to nothing", with_front("deadlines:\n  - date: 2022-09-10\n    what: 汇总表\n    annex: 2\n"), 14,
     "deadlines[1].annex", "refers to 附件2, but the notice has 0 annex(es)", ""),
    ("archive link to nothing", with_front("based_on:\n  - title: 上级通知\n    notice: no-such-notice\n"), 13,
     "based_on[1].notice", "no notice with the slug `no-such-notice`", ""),
    ("required field missing", with_front("").replace("region: weinan\n", ""), 2, "region",
     "this field is required", ""),
    ("actions not placed", with_front("", body="正文\n"), 7, "actions", "not placed in the body", "[[actions]]"),
    ("unknown action group", with_front("", body="[[actions]]\n\n[[actions: 专项行动]]\n"), 14, "body",
     "names a group no action has", ""),
    ("issued in another year", with_front("").replace("2022-08-10", "2021-08-10"), 3, "issued",
     "issued in 2021 but its file is in content/2022/", "content/2021/"),
    ("form row too wide", with_front("annexes:\n  - kind: form\n    title: 表\n    columns: 2\n    rows:\n"
                                     "      - [名称, {span: 2}]\n"), 15, "annexes[1].rows", "row 1 covers 3 columns", ""),
    ("a word the field does not take", with_front("contacts:\n  - body: 科普部\n    phones:\n"
                                                  "      - {number: \"2126492\", kind: 传真}\n"), 14,
     "contacts[1].phones[1].kind", "`传真` is not a value this field takes", "write one of: 'phone', 'fax' or 'both'"),
    ("annex without kind", with_front("annexes:\n  - title: 表\n"), 12, "annexes[1]", "kind: table", ""),
]


@pytest.mark.parametrize("name,text,line,field,message,hint", CASES, ids=[c[0] for c in CASES])
def test_each_error_names_file_line_field(project: Project, name, text, line, field, message, hint):
    project.write("2022/notice.md", text)
    result = project.run("check", "--today", "2022-09-01")
    assert result.code == 1
    assert "Traceback" not in result.err
    first = next(l for l in result.err.splitlines() if l.startswith("content/"))
    expected = f"content/2022/notice.md:{line}" + (f" [{field}]" if field else ":")
    assert first.startswith(expected), result.err
    assert message in result.err
    assert hint in result.err


def test_gbk_file(project: Project):
    project.write("2022/notice.md", NOTICE, encoding="gb18030")
    lines = problems(project)
    assert lines[0].startswith("content/2022/notice.md:2:")
    assert "not valid UTF-8" in lines[0]


def test_duplicate_slug(project: Project):
    project.write("2022/notice.md", NOTICE)
    project.write("2021/notice.md", NOTICE.replace("2022-08-10", "2021-08-10"))
    lines = problems(project)
    assert any("content/2022/notice.md" in line and "already used by content/2021/notice.md" in line
               for line in lines)


def test_bad_file_names_and_places(project: Project):
    project.write("2022/渭南通知.md", NOTICE)
    project.write("notice.md", NOTICE)
    lines = problems(project)
    assert any("渭南通知.md" in line and "cannot be used as a URL" in line for line in lines)
    assert any(line.startswith("content/notice.md") and "content/<year>/<slug>.md" in line for line in lines)


def test_all_problems_in_all_files_in_one_run(project: Project):
    project.write("2022/a.md", with_front("titel: x\ndraft: maybe\n"))
    project.write("2022/b.md", "title: 通知\n")
    project.write("2022/c.md", with_front("").replace("2022-08-10", "2022-02-30"))
    lines = problems(project)
    assert any(l.startswith("content/2022/a.md:11 [titel]") for l in lines)
    assert any(l.startswith("content/2022/a.md:12 [draft]") for l in lines)
    assert any(l.startswith("content/2022/b.md:1:") for l in lines)
    assert any(l.startswith("content/2022/c.md:3 [issued]") for l in lines)


def test_site_config_errors(project: Project):
    (project.content / "site.yaml").write_text("title: 站点\nbase_url: kx.example.cn\nthem: x\n", encoding="utf-8")
    result = project.run("check")
    assert result.code == 1
    assert "content/site.yaml:2 [base_url]" in result.err
    assert "content/site.yaml:3 [them]" in result.err and "did you mean `theme`" in result.err


def test_missing_theme_is_an_error_not_a_traceback(project: Project):
    site = project.content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "theme: nosuch\n", encoding="utf-8")
    result = project.run("check")
    assert result.code == 2 and "Traceback" not in result.err  # a set-up problem, as the usage says
    assert "content/site.yaml" in result.err and "[theme]" in result.err


def test_failed_build_keeps_previous_output(project: Project):
    project.write("2022/notice.md", NOTICE)
    assert project.build().code == 0
    page = project.output / "2022" / "notice" / "index.html"
    before = page.read_bytes()
    project.write("2022/notice.md", NOTICE.replace("2022-08-10", "2022-02-30"))
    project.write("2022/other.md", NOTICE.replace("学会科普联合行动", "另一通知"))
    result = project.build()
    assert result.code == 1
    assert "nothing was published" in result.err
    assert page.read_bytes() == before
    assert not (project.output / "2022" / "other").exists()
    assert [p.name for p in project.root.iterdir() if p.name.startswith(".output-")] == []


def test_control_characters_are_refused(project: Project):
    project.write("2022/a.md", NOTICE.replace("title: 关于举办2022年渭南市全国科普日活动的通知", 'title: "关于\\x07举办"'))
    project.write("2022/b.md", NOTICE.replace("## 一、主题和时间", "## 一、主题\x0b和时间"))
    lines = problems(project)
    assert any(l.startswith("content/2022/a.md:2 [title]") and "control character" in l for l in lines)
    assert any(l.startswith("content/2022/b.md:12:") and "U+000B" in l for l in lines)


def test_bad_base_url_option(project: Project):
    project.write("2022/notice.md", NOTICE)
    result = project.run("build", "--base-url", "notices")
    assert result.code == 1 and "Traceback" not in result.err
    assert "--base-url [base_url]" in result.err
