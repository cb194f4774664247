"""The importer on hostile input: random text and bytes never raise; whatever it writes, `check` can read."""

from __future__ import annotations

import io
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.config import load_site
from generator.importer import check_text, import_notice
from generator.importer.blocks import Source
from generator.importer.read import decode_text, read_docx, text_blocks
from generator.importer.recognise import recognise
from generator.importer.write import write
from helpers import REPO

SITE, _ = load_site(REPO / "content")

# the characters notices are made of, markers and layout included
ALPHABET = st.sampled_from(list("关于举办通知的活动年月日前至期间报送附件联系人电话传真邮箱主题时间一二三、（）()《》〔〕[]"
                                "。，：:；1234567890-—.　 \t\n*#>|{}'\"文件科协市县局办公室盖章"))
LINES = st.lists(st.sampled_from([
    "关于举办2022年渭南市全国科普日活动的通知", "一、主要活动", "（一）系列联合行动。开展行动。", "1.学会科普联合行动。发动学会。",
    "请各单位于9月10日前将汇总表报送市科协（附件1）。", "联系人：张三", "联系电话：0913-2126496", "附件：1、汇总表",
    "附件1", "汇总表", "序号\t名称\t备注", "1\t\t", "\t单位名称", "\t", "渭南市科学技术协会", "2022年8月10日",
    "主送：各单位。", "主题：科普", "时间：2022年9月15-21日", "新科协〔2021〕20号", "根据《关于…的通知》精神，",
]), max_size=40)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(ALPHABET, max_size=400), LINES.map("\n".join)))
def test_random_text_never_raises(text):
    draft = recognise(Source("t.txt", "text", tuple(text_blocks(text))), SITE)
    notice, _ = write(draft, "t.txt")
    check_text(SITE, notice, "t.md", draft.year)  # any problems are messages, never exceptions


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes_never_raise(data):
    decode_text(data, "t.txt")
    read_docx(data, "t.docx")


@settings(max_examples=30, deadline=None)
@given(st.dictionaries(st.sampled_from(["[Content_Types].xml", "word/document.xml", "word/_rels/document.xml.rels",
                                        "_rels/.rels", "word/numbering.xml"]), st.binary(max_size=300), min_size=1))
def test_broken_word_packages_are_errors(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    source, errors = read_docx(buffer.getvalue(), "t.docx")
    assert source is not None or errors


def test_a_zip_bomb_posing_as_docx_is_refused(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<x/>")
        archive.writestr("word/document.xml", b"\0" * (120 * 1024 * 1024))
    path = tmp_path / "bomb.docx"
    path.write_bytes(buffer.getvalue())
    imported, errors = import_notice(path, "bomb.docx", SITE)
    assert imported is None and "100 MB" in errors[0].message
