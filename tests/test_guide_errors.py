"""docs/编辑指南.md “九、常见错误和改法”: every row's words are what the tool prints, in Chinese, for a
real broken notice. The cases below are in the table's order; a row added without its case fails."""

from __future__ import annotations

import re

import pytest

from helpers import NOTICE, REPO, Project

GUIDE = REPO / "docs" / "编辑指南.md"

CONTACT = "contacts:\n  - body: 渭南市科协科普部\n    people: [李明]\n"


def _front(extra: str, body: str = "## 一、主题和时间\n\n[[actions]]\n") -> str:
    head = NOTICE.split("---\n")[1]
    return f"---\n{head}{extra}---\n{body}"


def _replace(old: str, new: str) -> str:
    assert old in NOTICE
    return NOTICE.replace(old, new)


# (file under content/, its text) for each row of the table, in order
CASES = [
    ("2022/notice.md", _replace("title: ", "title：")),
    ("2022/notice.md", _front("theme: 喜迎二十大: 科普向未来\n")),
    ("2022/notice.md", _front("dates:\n  start: 2022-09-15\n   end: 2022-09-21\n")),
    ("2022/notice.md", _front("theme:科普向未来\n")),
    ("2022/notice.md", _front("文号: 渭科协发〔2022〕1号\n")),
    ("2022/notice.md", _replace("region: weinan\n", "")),
    ("2022/notice.md", _front("titel: 关于举办活动的通知\n")),
    ("2022/notice.md", _front("recipients: 各县（市、区）科协\nrecipients: 各学会\n")),
    ("2022/notice.md", _front("dates:\n\tstart: 2022-09-15\n")),
    ("2022/notice.md", _replace("issuers: [渭南市科学技术协会]", "issuers: [××市科学技术协会]")),
    ("2022/notice.md", _replace("issued: 2022-08-10", "issued: 2022.8.10")),
    ("2022/notice.md", _front("dates:\n  start: 2022-09-21\n  end: 2022-09-15\n")),
    ("2022/notice.md", _replace("issued: 2022-08-10", "issued: 2022-02-30")),
    ("2022/notice.md", _front("dates:\n  label: 秋天\n")),
    ("2022/notice.md", _replace("issued: 2022-08-10", "issued: 2021-08-10")),
    ("2022/notice.md", _replace("region: weinan", "region: 渭南县")),
    ("2022/notice.md", _replace("campaign: kepuri", "campaign: 科普周")),
    ("2022/notice.md", _replace("key: society", "key: socety")),
    ("2022/notice.md", _replace("[[actions]]\n", "正文。\n")),
    ("2022/notice.md", _replace("[[actions]]\n", "[[action]]\n")),
    ("2022/notice.md", _front("deadlines:\n  - date: 2022-09-10\n    what: 活动汇总表\n    annex: 2\n")),
    ("2022/notice.md", _front(CONTACT + "    phones: [0913-721234]\n")),
    ("2022/notice.md", _front(CONTACT + "    email: wnskx@126\n")),
    ("2022/notice.md", _front(CONTACT + "    phones:\n      - {number: \"0913-2126492\", fax: true}\n")),
    ("2022/notice.md", _front("contacts:\n  - body: 渭南市科协科普部\n    people: [李明，王芳]\n")),
    ("2022/notice.md", _front(CONTACT + "    phones: [0913-2126496]\n",
                              body="[[actions]]\n\n联系人：李明，电话：0913-2126496\n")),
    ("2022/notice.md", _replace("[[actions]]\n", "[[actions]]\n\n<font color=red>请按时报送。</font>\n")),
    ("2022/notice.md", _front("theme: 科普向未来（待确认）\n")),
    ("2022/Pucheng Kejizhou.md", NOTICE),
]


def _rows() -> list[str]:
    """The first cell of each row of the table: the tool's words, as excerpts in code spans."""
    text = GUIDE.read_text(encoding="utf-8")
    section = text[text.index("## 九、常见错误和改法"):text.index("## 十、")]
    rows = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| 程序")]
    return [row.split(" | ")[0].removeprefix("| ") for row in rows]


def _excerpts(cell: str) -> list[str]:
    spans = re.findall(r"``\s(.+?)\s``|`([^`]+)`", cell)
    words = [double or single for double, single in spans]
    return [part.strip() for said in words for part in said.split("…") if part.strip()]


def test_the_table_has_a_case_for_every_row():
    assert len(_rows()) == len(CASES) == 29


@pytest.mark.parametrize("index", range(len(CASES)))
def test_each_row_is_what_the_tool_prints(project: Project, monkeypatch: pytest.MonkeyPatch, index: int):
    monkeypatch.setenv("NOTICES_LANG", "zh")
    path, text = CASES[index]
    project.write(path, text)
    result = project.run("check", "--today", "2022-09-01")
    assert result.code == 1 and "Traceback" not in result.err
    cell = _rows()[index]
    excerpts = _excerpts(cell)
    assert excerpts, cell
    for excerpt in excerpts:
        assert excerpt in result.err, f"row {index + 1}: {excerpt!r} not in\n{result.err}"
    assert any(line.startswith((f"content/{path} 第", f"content/{path}：")) for line in result.err.splitlines())
