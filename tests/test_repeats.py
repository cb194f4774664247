"""What the page prints from the front matter, pasted again into the body from the Word original:
the 主送 line, the contact lines, the 附件 list, the 落款 and the date. ``check`` names the line to delete."""

from __future__ import annotations

import pytest

from helpers import Project
from test_format12 import built, notice, page, refused

FRONT = ("recipients: 各县（市、区）科协，市级各学会\n"
         "signatures: [渭南市科学技术协会]\n"
         "contacts:\n  - {body: 市科协科普部, people: [马西运], phones: [\"0913-2933675\"]}\n"
         "annexes:\n  - {kind: table, title: 2022年全国科普日活动汇总表, columns: [序号, 活动名称], blank_rows: 3}\n")


def body_at(text: str, line: str) -> int:
    return text.split("\n").index(line) + 1


@pytest.mark.parametrize("pasted, what", [
    ("各县（市、区）科协，市级各学会：", "主送"),
    ("**各县（市、区）科协，市级各学会：**", "主送"),
    ("联系人：马西运，电话：0913-2933675", "contacts"),
    ("联系电话：0913-2933675", "contacts"),
    ("附件：2022年全国科普日活动汇总表", "annexes"),
    ("附件1：2022年全国科普日活动汇总表", "annexes"),
    ("渭南市科学技术协会", "signatures"),
    ("2022年8月10日", "issued"),
])
def test_a_line_the_page_prints_from_the_front_matter_is_named_in_the_body(project: Project, pasted, what):
    text = notice(FRONT, f"{pasted if what == '主送' else '正文第一段。'}\n\n[[actions]]\n\n"
                         f"{pasted if what != '主送' else '正文最后一段。'}\n")
    refused(project, text, body_at(text, pasted), "body", "printed from `" + ("recipients" if what == "主送" else what),
            "delete")


def test_the_same_words_inside_a_sentence_are_the_editors_own(project: Project):
    """A sentence that mentions the 主送 bodies, a contact's number or an annex is not a pasted line."""
    built(project, notice(FRONT, "请各县（市、区）科协，市级各学会认真组织。\n\n[[actions]]\n\n"
                                 "报名事宜请致电0913-2933675咨询，并填写2022年全国科普日活动汇总表（见附件）。\n"))
    assert "请各县（市、区）科协" in page(project)


def test_without_those_fields_the_lines_are_the_body(project: Project):
    """A notice that gives its contacts only in the body (no `contacts`) is not refused for them."""
    built(project, notice("", "正文。\n\n[[actions]]\n\n联系人：马西运，电话：0913-2933675\n"))
    assert "联系人：马西运" in page(project)
