"""Where a printed 公文 title may break: between words, never inside one."""

from hypothesis import given, strategies as st

from generator.typeset import LONGEST, title_segments


def test_breaks_between_the_parts_of_a_title():
    assert title_segments("蒲城县全民科学素质工作领导小组办公室关于举办2023年蒲城县全国科普日活动的通知") == [
        "蒲城县全民科学素质工作领导小组办公室", "关于举办", "2023年", "蒲城县全国科普日活动", "的通知"]


def test_joint_issuers_quoted_names_and_ji():
    assert title_segments("中共新乡市委宣传部 新乡市科学技术协会 新乡市科学技术局关于开展2022年"
                          "“全国科技工作者日暨科技活动周”活动的通知") == [
        "中共新乡市委宣传部 ", "新乡市科学技术协会 ", "新乡市科学技术局", "关于开展", "2022年",
        "“全国科技工作者日", "暨", "科技活动周”", "活动", "的通知"]


def test_a_segment_too_long_for_a_line_may_break_anywhere():
    title = "甲" * (LONGEST + 5) + "关于举办活动的通知"
    segments = title_segments(title)
    assert segments[:LONGEST + 5] == ["甲"] * (LONGEST + 5)
    assert all(len(segment) <= LONGEST for segment in segments)


@given(st.text(alphabet="关于举办暨“”的通知年度0123 市科协会活动", max_size=60))
def test_the_segments_give_the_title_back(title):
    assert "".join(title_segments(title)) == title
    assert all(segment for segment in title_segments(title))


def test_an_annex_title_breaks_before_a_bracketed_note():
    assert title_segments("2023年渭南市科技活动周重点活动汇总表（样张扫描件）") == [
        "2023年", "渭南市科技活动周重点活动汇总表", "（样张扫描件）"]
