"""Importing Word files: paragraphs, Word's automatic numbering, heading styles, and tables with merged cells.

The .docx files are made here with python-docx, the way an editor's Word would save them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from generator.config import load_site
from generator.importer import check_text, import_notice
from generator.importer.read import read
from helpers import REPO

SITE, _ = load_site(REPO / "content")

_NUMBERING = """
<w:abstractNum {ns} w:abstractNumId="90">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
</w:abstractNum>"""


def _chinese_numbering(document) -> str:
    """Add a 一、/（一）/1. list definition to the document's numbering part; returns its numId."""
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(_NUMBERING.format(ns=nsdecls("w"))))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    return "90"


def _numbered(document, text: str, level: int, num_id: str = "90"):
    paragraph = document.add_paragraph(text)
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    return paragraph


def _notice(path: Path) -> Path:
    document = docx.Document()
    _chinese_numbering(document)
    document.add_paragraph("渭南市科学技术协会文件")
    document.add_paragraph("渭科协发〔2024〕3号")
    title = document.add_paragraph("关于举办2024年渭南市全国科普日活动")
    title.add_run().add_break()  # a title set on two lines inside one paragraph
    title.add_run("的通知")
    document.add_paragraph("各县（市、区）科协：")
    document.add_paragraph("根据《关于举办2024年全国科普日活动的通知》（科协发普字〔2024〕12号）精神，现将有关事项通知如下。")
    _numbered(document, "主题和时间", 0)
    document.add_paragraph("主题：提升全民科学素质")
    document.add_paragraph("时间：2024年9月14日至20日在全市集中开展。")
    _numbered(document, "主要活动", 0)
    _numbered(document, "系列联合行动。在全国科普日期间开展以下行动。", 1)
    _numbered(document, "学会科普联合行动。发动各级学会开展科普。", 2)
    _numbered(document, "企业科协联合行动。发动企业开放场馆。", 2)
    _numbered(document, "工作要求。各单位要高度重视。", 1)
    document.add_paragraph("制定方案。", style="List Number")
    document.add_paragraph("有关事项", style="Heading 1")
    document.add_paragraph("请各单位于2024年9月5日前将活动汇总表报送市科协（附件1）。")
    document.add_paragraph("联系人：张三")
    document.add_paragraph("联系电话：0913-2126496，0913-2126492（传真）")
    document.add_paragraph("附件：1.渭南市2024年全国科普日活动汇总表")
    document.add_paragraph("2.渭南市2024年优秀活动推荐表")
    document.add_paragraph("渭南市科学技术协会")
    document.add_paragraph("2024年8月20日")
    document.add_paragraph("附件1")
    document.add_paragraph("渭南市2024年全国科普日活动汇总表")
    document.add_paragraph("单位名称：（盖章）")
    table = document.add_table(rows=6, cols=4)
    for column, name in enumerate(["序号", "活动名称", "时间", "备注"]):
        table.cell(0, column).text = name
    for row in range(1, 6):
        table.cell(row, 0).text = str(row)
    document.add_paragraph("附件2")
    document.add_paragraph("渭南市2024年优秀活动推荐表")
    form = document.add_table(rows=5, cols=4)
    form.cell(0, 0).text = "活动名称"
    form.cell(0, 1).merge(form.cell(0, 3))
    form.cell(1, 0).text = "联系人"
    form.cell(1, 2).text = "联系电话"
    form.cell(2, 0).merge(form.cell(3, 0)).text = "开展次数"  # a label two rows high
    form.cell(2, 1).text = "线上"
    form.cell(3, 1).text = "线下"
    form.cell(2, 2).merge(form.cell(2, 3))
    form.cell(3, 2).merge(form.cell(3, 3))
    form.cell(4, 0).text = "推荐单位\n意见"
    seal = form.cell(4, 1).merge(form.cell(4, 3))
    seal.text = ""
    for line in ["", "", "（盖章）", "年  月  日"]:
        seal.add_paragraph(line)
    document.save(path)
    return path


@pytest.fixture(scope="module")
def notice_docx(tmp_path_factory) -> Path:
    return _notice(tmp_path_factory.mktemp("docx") / "notice.docx")


def test_paragraphs_in_order_with_word_numbering_rendered(notice_docx):
    source, errors = read(notice_docx, "notice.docx")
    assert errors == [] and source.kind == "docx"
    texts = [block.text for block in source.blocks if hasattr(block, "text")]
    assert "关于举办2024年渭南市全国科普日活动的通知" in texts  # the line break inside the title is not a gap
    for text in ("一、主题和时间", "二、主要活动", "（一）系列联合行动。在全国科普日期间开展以下行动。",
                 "1.学会科普联合行动。发动各级学会开展科普。", "2.企业科协联合行动。发动企业开放场馆。",
                 "（二）工作要求。各单位要高度重视。", "1.制定方案。"):
        assert text in texts, text
    heading = next(block for block in source.blocks if getattr(block, "text", "") == "有关事项")
    assert heading.heading == 1


def test_the_draft_of_a_word_notice(notice_docx):
    imported, errors = import_notice(notice_docx, "notice.docx", SITE)
    assert errors == []
    draft = imported.draft
    assert (draft.title, draft.doc_number, draft.issued) == (
        "关于举办2024年渭南市全国科普日活动的通知", "渭科协发〔2024〕3号", dt.date(2024, 8, 20))
    assert draft.issuers == ["渭南市科学技术协会"] and draft.signatures == ["渭南市科学技术协会"]
    assert (draft.region, draft.campaign, draft.theme) == ("weinan", "kepuri", "提升全民科学素质")
    assert (draft.dates.start, draft.dates.end) == (dt.date(2024, 9, 14), dt.date(2024, 9, 20))
    assert [(a.key, a.group) for a in draft.actions] == [("society", "系列联合行动"), ("enterprise", "系列联合行动")]
    assert "## 一、主题和时间" in draft.body and "## 有关事项" in draft.body
    assert "**（二）工作要求。**各单位要高度重视。" in draft.body and "1. 制定方案。" in draft.body
    assert [(d.date, d.to, d.annex) for d in draft.deadlines] == [(dt.date(2024, 9, 5), "市科协", 1)]
    assert [(c.people, [(p.number, p.fax) for p in c.phones]) for c in draft.contacts] == [
        (["张三"], [("0913-2126496", False), ("0913-2126492", True)])]
    checked = check_text(SITE, imported.text, "notice.md", 2024)
    assert checked.problems == []


def test_word_tables_become_annexes_with_their_merged_cells(notice_docx):
    imported, _ = import_notice(notice_docx, "notice.docx", SITE)
    table, form = imported.draft.annexes
    assert table.kind == "table" and [c.name for c in table.columns] == ["序号", "活动名称", "时间", "备注"]
    assert (table.blank_rows, table.numbered, table.fields) == (5, True, ["单位名称：（盖章）"])
    assert form.kind == "form" and form.columns == 4
    assert [[(c.label, c.span, c.rows, c.seal, c.date) for c in row] for row in form.rows] == [
        [("活动名称", 1, 1, False, False), ("", 3, 1, False, False)],
        [("联系人", 1, 1, False, False), ("", 1, 1, False, False), ("联系电话", 1, 1, False, False),
         ("", 1, 1, False, False)],
        [("开展次数", 1, 2, False, False), ("线上", 1, 1, False, False), ("", 2, 1, False, False)],
        [("线下", 1, 1, False, False), ("", 2, 1, False, False)],
        [("推荐单位\n意见", 1, 1, False, False), ("", 3, 1, True, True)]]
    assert form.rows[4][1].lines >= 4
    # spans read from Word are exact: nothing about the form is left to confirm
    assert not [item for item in imported.draft.undecided if item.field == "annexes"]


def test_a_docx_without_text(tmp_path):
    path = tmp_path / "blank.docx"
    docx.Document().save(path)
    imported, errors = import_notice(path, "blank.docx", SITE)
    assert imported is None and "no text" in errors[0].message
