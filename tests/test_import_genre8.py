"""The importer on more real layouts (issue 12, eighth round): one test per pattern, each failing before its fix.

Every notice text here is composed for the test (invented bodies, people and numbers).
"""

from __future__ import annotations

import pytest

from test_import_general import draft_of, front_of

UNIVERSITY = """关于组织开展2024年某某作品推荐工作的通知
各相关单位:
根据《某部办公厅关于开展2024年某某作品推荐工作的通知》(某办才〔2024〕12号)(以下简称《通知》)相关要求,现组织开展推荐工作。请各单位按照《通知》要求,于10月13日前报送推荐表。
联系人及电话: 李青 87012345
附件:
1.2024年某某作品推荐表
{signature}
2024年10月8日
"""


def test_two_bodies_set_apart_by_one_space_on_the_signature_line_are_two_signers():
    front = front_of(draft_of(UNIVERSITY.format(signature="研究院 校科协")))
    assert front["signatures"] == ["研究院", "校科协"]
    assert front["issuers"] == ["研究院", "校科协"]


def test_a_name_broken_over_two_lines_is_still_joined():
    front = front_of(draft_of(UNIVERSITY.format(signature="某某大学科学技\n术协会")))
    assert front["signatures"] == ["某某大学科学技术协会"]


def test_a_short_name_in_its_own_brackets_after_the_number_is_no_second_upstream_notice():
    front = front_of(draft_of(UNIVERSITY.format(signature="研究院 校科协")))
    assert [(r["title"], r.get("doc_number")) for r in front["based_on"]] == [
        ("某部办公厅关于开展2024年某某作品推荐工作的通知", "某办才〔2024〕12号")]


OFFICE = """某办发〔2018〕3号
某某工作办公室各成员单位,各省、自治区、直辖市办公室:
现将《2018年某某工作要点》印发给你们。请结合实际认真贯彻落实。
某某工作办公室
(某某协会办公厅代章)
2018年3月19日
"""


def test_a_line_saying_whose_seal_stands_in_is_not_a_signer():
    draft = draft_of(OFFICE)
    front = front_of(draft)
    assert front["signatures"] == ["某某工作办公室"]
    assert front["issuers"] == ["某某工作办公室"]
    assert any(u.field == "signatures" and "某某协会办公厅代章" in u.message for u in draft.undecided)


BUREAU = """某教办学函〔2011〕28号
关于举办某区第十届青少年科技节的通知
各学区、中小学:
为提高青少年科学素质,决定举办某区第十届青少年科技节。
附件:1.某区第十届青少年科技节实施方案
二○一一年九月九日
主题词:学校 科技节 通知
抄送:市教育局,市科协,区委办,区

政协办,区科技局。
某市某区教育局办公室 2011年9月9日印发
"""


def test_a_date_in_chinese_numerals_followed_by_a_version_record_with_a_wrapped_cc_line_is_the_date_issued():
    front = front_of(draft_of(BUREAU))
    assert front["issued"] == "2011-09-09"


def test_a_wrapped_line_that_is_a_sentence_after_a_date_still_keeps_that_date_from_closing_the_notice():
    text = BUREAU.replace("政协办,区科技局。", "各校要于9月20日前报送名单,请各校认真组织,确保活动安全有序开展,不得延误报送。")
    text = text.replace("抄送:市教育局,市科协,区委办,区\n", "")
    assert "issued" not in front_of(draft_of(text))


WEB = """关于推荐2020年某某作品的通知

发布时间:2021-07-16  浏览次数:226  作者:  来源:某某协会  审核:

各学院及相关单位:

为做好我校相关工作,现就有关事项通知如下。

一、作品要求

作品应为正式出版发行的图书。
"""


def test_a_web_line_of_facts_ending_with_an_empty_label_is_not_the_addressees():
    front = front_of(draft_of(WEB))
    assert front["recipients"] == "各学院及相关单位"


ATTACHED = """关于组织开展“某某2020”推选活动的通知
各理事单位:
近期,某协会启动了“某某2020”推选活动(活动通知详见附件),现将有关事项通知如下:
1. 请各理事单位按照通知要求,组织开展推选活动。
附件:某协会办公厅关于开展“某某2020”推选活动的通知.docx
某某辅导员协会
2020年9月18日
"""


def test_a_notice_the_body_says_is_attached_is_also_the_notice_acted_on():
    front = front_of(draft_of(ATTACHED))
    assert [r["title"] for r in front["based_on"]] == ["某协会办公厅关于开展“某某2020”推选活动的通知"]
    assert front["annexes"][0]["kind"] == "document"


def test_an_attached_notice_the_body_does_not_call_the_basis_is_only_an_annex():
    front = front_of(draft_of(ATTACHED.replace("(活动通知详见附件)", "")))
    assert "based_on" not in front


FORWARDED = """关于转发某省科协2022年全国科普日活动通知的通知
各乡镇科协:
根据某科协发〔2022〕5号文件精神,现将有关事项通知如下:
一、活动时间
2022年9月15日至21日。
某某县科学技术协会
2022年8月20日
"""


def test_an_upstream_notice_named_only_by_its_doc_number_is_written_without_a_title_and_no_mark():
    draft = draft_of(FORWARDED)
    front = front_of(draft)
    assert front["based_on"] == [{"doc_number": "某科协发〔2022〕5号"}]
    assert any(u.field == "based_on" and "only by its 文号" in u.message for u in draft.undecided)


def test_a_notice_addressed_to_every_province_is_national_though_its_issuer_names_no_place():
    front = front_of(draft_of(OFFICE))
    assert front["region"] == "national"


def test_a_notice_addressed_to_the_bodies_of_one_province_names_no_region_from_its_recipients():
    front = front_of(draft_of(OFFICE.replace("各省、自治区、直辖市办公室", "各市、县办公室")))
    assert "region" not in front


SLOGAN = """关于举办“{slogan}” 2024年某区青少年工程师 博览与竞赛活动的通知
各中小学:
为激发青少年的创新热情,决定举办本届博览与竞赛活动。
某区青少年活动中心
2024年3月1日
"""


def test_a_slogan_in_quotation_marks_ahead_of_the_year_in_the_title_is_the_theme():
    # spaces inside a title are dropped with the rest of the title's layout spaces
    assert front_of(draft_of(SLOGAN.format(slogan="智造未来 创享某区")))["theme"] == "智造未来创享某区"


def test_a_quoted_campaign_name_ahead_of_the_year_is_no_theme():
    assert "theme" not in front_of(draft_of(SLOGAN.format(slogan="青少年科技节")))


HANDED = """关于开展2013年某某知识竞赛的通知
各中队:
一、竞赛时间
答题时间为6月25日至29日。
二、组织办法
请于6月30日前{sentence}
某某小学
2013年6月1日
"""


def test_the_person_and_room_a_sentence_says_to_hand_things_to_are_the_contact():
    front = front_of(draft_of(HANDED.format(sentence="报送校科技处517室赵一鸣,电子稿另发邮箱。")))
    assert front["contacts"] == [{"body": "校科技处", "people": ["赵一鸣"], "address": "校科技处517室"}]


def test_a_person_by_name_and_title_in_such_a_sentence_is_the_contact():
    front = front_of(draft_of(HANDED.format(sentence="以中队为单位统一交教育处钱小红老师。")))
    assert front["contacts"][0]["people"] == ["钱小红"] and front["contacts"][0]["body"] == "教育处"


def test_an_office_to_hand_things_to_without_a_person_is_no_contact():
    assert "contacts" not in front_of(draft_of(HANDED.format(sentence="报送市科协办公室。")))


@pytest.mark.parametrize("written", ["二Ｏ一一年九月九日", "二ｏ一一年九月九日", "二◯一一年九月九日", "二０一一年九月九日"])
def test_a_date_whose_zero_is_typed_as_a_full_width_letter_or_circle_is_the_date_issued(written):
    front = front_of(draft_of(BUREAU.replace("二○一一年九月九日", written)))
    assert front["issued"] == "2011-09-09"


@pytest.mark.parametrize("line", ["附件:1、某区活动方案；2、学生作品登记表；3、器材征订汇总表",
                                  "附件：（1）某区活动方案（2）学生作品登记表（3）器材征订汇总表",
                                  "附件：①某区活动方案 ②学生作品登记表 ③器材征订汇总表",
                                  "附件：1.某区活动方案 2.学生作品登记表 3.器材征订汇总表"])
def test_an_annex_line_listing_several_entries_gives_one_annex_each_whatever_the_numbering(line):
    front = front_of(draft_of(BUREAU.replace("附件:1.某区第十届青少年科技节实施方案", line)))
    assert [a["title"] for a in front["annexes"]] == ["某区活动方案", "学生作品登记表", "器材征订汇总表"]


def test_a_version_number_in_an_annex_title_is_no_next_entry():
    front = front_of(draft_of(BUREAU.replace("附件:1.某区第十届青少年科技节实施方案", "附件：1.某某平台2.0版使用说明")))
    assert [a["title"] for a in front["annexes"]] == ["某某平台2.0版使用说明"]
