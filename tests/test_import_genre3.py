"""The importer on more real layouts (issue 12, third round): one test per pattern, each failing before its fix.

Every notice text here is composed for the test (invented bodies, people and
numbers); tests/import_layouts/ holds whole notices in the same layouts.
"""

from __future__ import annotations

import pytest

from generator.importer.header import is_web_furniture
from generator.importer.text import tidy
from generator.importer import check_text
from generator.importer.sitelines import site_with
from generator.importer.write import write
from test_import_general import SITE, contacts_of, draft_of, front_of


# --- web copies ------------------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "某某科技信息网  2019-06-08  浏览:",
    "2019/5/12 10:39:52 | 1621次浏览",
    "2018-04-25 14:58  |  某某市科学技术局  |  147",
    "某某市科协关于开展2019年科技工作者日活动的通知(点击下载)",
    "分享到：",
])
def test_web_lines_around_a_notice_are_furniture(line):
    assert is_web_furniture(line)


@pytest.mark.parametrize("line", ["各区县科协、科技局：", "2019年9月15日", "请于2019-06-10前报送。"])
def test_lines_of_the_notice_are_not_furniture(line):
    assert not is_web_furniture(line)


def test_a_web_date_line_between_title_and_doc_number_hides_neither_the_number_nor_the_addressees():
    draft = draft_of("""
        关于举办某某市2018年科技活动周的通知
        2018-04-20 09:12  |  某某市科学技术局  |  213
        某科发〔2018〕12 号
        各县市区科技局，市直有关部门：
        根据上级通知要求，现就有关事宜通知如下：
        一、时间
        2018年科技活动周举办时间：5月19-26日。
        """)
    assert draft.doc_number == "某科发〔2018〕12号"
    assert draft.recipients == "各县市区科技局，市直有关部门"
    assert "213" not in draft.body


def test_a_view_count_line_ending_with_a_colon_is_not_the_addressees():
    draft = draft_of("""
        某省科学技术厅 某省科学技术协会关于印发《2019年某省科技活动月工作安排》的通知
        某某情报网  2019-06-08  浏览:
        某科办字〔2019〕21号
        各地级以上市科技局、科协：
        现将《2019年某省科技活动月工作安排》印发给你们，请认真做好各项工作。
        某省科学技术厅 某省科学技术协会
        2019年5月28日
        """)
    assert draft.recipients == "各地级以上市科技局、科协"
    assert draft.doc_number == "某科办字〔2019〕21号"


# --- signatures and names ----------------------------------------------------------------------------

def test_two_bodies_on_one_signature_line_separated_by_a_space():
    draft = draft_of("""
        关于开展某某大学2024年科技活动周活动的通知
        各单位：
        一、活动主题
        创新点亮未来
        二、联系方式
        校科协秘书处  王晓明  88461234
        校科学技术协会 科学技术研究院
        2024年05月20日
        """)
    assert draft.signatures == ["校科学技术协会", "科学技术研究院"]
    assert draft.issuers == ["校科学技术协会", "科学技术研究院"]


def test_a_letter_spaced_name_after_a_word_stays_a_name_of_its_own():
    assert tidy("校科协秘书处  王晓明  陈  莹  88461234") == "校科协秘书处 王晓明 陈莹88461234"
    assert tidy("新 乡 市 科 协") == "新乡市科协"


def test_letter_spaced_people_in_a_contact_line():
    contact = contacts_of("六、联系方式\n校科协秘书处  王晓明  陈  莹  88461234\n")[0]
    assert contact["body"] == "校科协秘书处"
    assert contact["people"] == ["王晓明", "陈莹"]
    assert contact["phones"] == ["88461234"]


# --- campaign period ----------------------------------------------------------------------------------

def test_a_start_is_not_a_campaign_period():
    draft = draft_of("""
        关于转发《某某通知》的通知
        各市科协：
        2018年“全国科技工作者日”活动将于5月下旬开始在全国范围内组织开展系列活动。
        一、要求
        请认真做好总结。
        """)
    assert draft.dates is None


def test_a_vague_span_with_a_tilde_after_时间安排在():
    draft = draft_of("""
        关于印发《2019年某省科技活动月工作安排》的通知
        各地级以上市科技局：
        今年我省“科技进步活动月”时间安排在5月中旬~6月中旬。现将工作安排印发给你们。
        一、要求
        请认真做好各项工作。
        """)
    assert draft.dates is not None and draft.dates.label == "2019年5月中旬~6月中旬"


def test_a_long_quoted_theme():
    theme = "深入学习贯彻新时代科学精神和有关会议精神，大力弘扬科学家精神，争做新时代创新先锋，为建设世界科技强国和创新型省份全面再立新功"
    draft = draft_of(f"""
        关于开展2018年科技工作者日活动的通知
        各市科协：
        2018年活动以“{theme}”为主题，在全省组织开展系列活动。
        一、要求
        请认真做好总结。
        """)
    assert draft.theme == theme


# --- region --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("title, name", [
    ("关于举办某昌市2018年科技活动周的通知", "某昌市"),  # a place name followed by a year
    ("关于印发《2025年歙县科技活动周活动实施方案》的通知", "歙县"),  # a one-character county
])
def test_region_from_a_place_in_the_title(title, name):
    draft = draft_of(f"{title}\n各有关单位：\n一、要求\n请认真组织。\n")
    additions = {a.name: a.key for a in draft.site_additions if a.section == "regions"}
    assert name in additions and draft.region == additions[name]


def test_a_university_that_names_no_place_is_its_own_region_entry():
    draft = draft_of("""
        关于开展某某理工大学2024年全国科技活动周活动的通知
        各单位：
        一、相关单位
        指导单位：某某省科技厅
        校科学技术协会
        2024年05月20日
        """)
    additions = {a.name: a for a in draft.site_additions if a.section == "regions"}
    assert "某某理工大学" in additions
    assert draft.region == additions["某某理工大学"].key  # not the province of the body, and not marked
    assert any("region of its own" in item.message for item in draft.undecided if item.field == "region")


# --- a 方案 after the 落款 ----------------------------------------------------------------------------

PLAN = """
关于印发《2025年某县科技活动周活动实施方案》的通知
某科发〔2025〕9号
各成员单位：
现将《2025年某县科技活动周活动实施方案》印发给你们，请按照任务分工，认真组织实施。
某县科技活动周工作专班办公室(代)
2025年5月20日
抄送：市科技局
2025年某县科技活动周活动实施方案
根据上级通知精神，现将2025年某县科技活动周有关事项通知如下。
一、活动时间
2025年5月上旬-6月上旬。
二、活动主题
“创新点亮未来”
三、工作要求
各单位于2025年6月10日前报送总结。
2025年3月1日
"""


def test_a_plan_after_the_signature_is_an_annex_and_the_notice_keeps_its_own_signature_and_date():
    draft = draft_of(PLAN)
    assert draft.issued.isoformat() == "2025-05-20"
    assert draft.signatures == ["某县科技活动周工作专班办公室(代)"]
    assert draft.issuers == ["某县科技活动周工作专班办公室(代)"]
    assert draft.cc == "市科技局"
    assert draft.body.strip().startswith("现将") and "一、活动时间" not in draft.body
    annex = draft.annexes[0]
    assert annex.kind == "text" and annex.title == "2025年某县科技活动周活动实施方案"
    assert "一、活动时间" in annex.body
    # the notice states no theme or period of its own: the 方案's fill them in
    assert draft.theme == "创新点亮未来"
    assert draft.dates.label == "2025年5月上旬-6月上旬"


def test_the_notices_own_period_is_not_overridden_by_the_plans():
    draft = draft_of(PLAN.replace("认真组织实施。", "认真组织实施。活动时间为2025年5月24日至31日。"))
    assert (draft.dates.start.isoformat(), draft.dates.end.isoformat()) == ("2025-05-24", "2025-05-31")


# --- annexes and e-mail addresses of a page cut short ------------------------------------------------

CUT_SHORT = """
某某市教育局关于报送2022年某某市
全国科普日活动项目的通知
市属各高校，各区教育局：
一、请有意参加的单位填写《2022年某某市全国科普日活动项目信息表》（附件2），于2022年8月24日前将电子版发送至邮箱：kepu_demo@example.cn。
附件：1.某某市科协关于举办2022年某某市全国科普日活动的通知
2.2022年某某市全国科普日活动项目信息表
3.2
"""


def test_an_annex_the_list_names_but_the_page_lost_is_kept_by_its_title_and_a_cut_entry_is_named():
    draft = draft_of(CUT_SHORT)
    assert [(a.kind, a.title) for a in draft.annexes] == [
        ("document", "某某市科协关于举办2022年某某市全国科普日活动的通知"),
        ("document", "2022年某某市全国科普日活动项目信息表")]
    assert any("cut off" in item.message and "“2”" in item.message for item in draft.undecided)


def test_an_email_the_body_gives_is_the_contact_of_the_only_issuer_and_the_file_passes_check():
    draft = draft_of(CUT_SHORT)
    assert [(c.body, c.email) for c in draft.contacts] == [("某某市教育局", ["kepu_demo@example.cn"])]
    text, _ = write(draft, "t.txt")
    problems = check_text(site_with(SITE, draft.site_additions), text, "t.md", 2022).problems
    assert [p.field for p in problems] == []


def test_an_email_the_body_gives_joins_the_one_contact_without_one():
    draft = draft_of("关于举办2024年某市全国科普日活动的通知\n各单位：\n一、要求\n"
                     "1.活动成果发送至邮箱kepu_demo@example.cn。\n2.联系人：桂老师，联系电话：6182009。\n")
    assert [(c.people, c.email) for c in draft.contacts] == [(["桂老师"], ["kepu_demo@example.cn"])]


# --- contacts, deadlines, forms and actions -----------------------------------------------------------

@pytest.mark.parametrize("line", ["联系人：县科协 李华，电话：0913-1234567", "联系人：校团委 李华 0913-1234567"])
def test_a_short_body_before_a_name_is_the_body_not_a_person(line):
    contact = contacts_of("五、联系方式\n" + line + "\n")[0]
    assert contact["people"] == ["李华"] and contact["body"] in ("县科协", "校团委")


def test_a_letter_spaced_label_and_name():
    assert contacts_of("五、联系方式\n联 系 人：王  晶  联系电话：38185062\n") == [
        {"people": ["王晶"], "phones": ["38185062"]}]


FORM_HEADER_ONLY = """
关于举办2022年某县全国科普日活动的通知
各乡镇：
一、活动内容
请各单位于2022年9月10日前将活动方案（附件1）报送县科协。
附件：1.活动方案表
某县科协
2022年8月1日
附件1
活动方案表
单位\t活动名称\t时间\t地点
"""


def test_a_deadline_linked_to_its_annex_does_not_repeat_the_annex_in_its_words():
    deadline = draft_of(FORM_HEADER_ONLY).deadlines[0]
    assert (deadline.what, deadline.annex) == ("活动方案", 1)


def test_a_table_of_which_only_the_header_row_is_in_the_text_is_a_table_not_a_form():
    draft = draft_of(FORM_HEADER_ONLY)
    annex = draft.annexes[0]
    assert annex.kind == "table" and [c.name for c in annex.columns] == ["单位", "活动名称", "时间", "地点"]
    assert annex.blank_rows == 10
    assert any("header row" in item.message for item in draft.undecided if item.field == "annexes")


MAIN_ACTIVITIES = """
关于举办2022年某县全国科普日活动的通知
各乡镇：
一、活动主题
科学普及
三、主要活动
（一）启动仪式。9月17日在县广场举行。
（二）科技馆联合行动。科技馆免费开放。
（三）乡村振兴科普联合行动。开展科普大集。
（四）科普讲座。邀请专家授课。
四、工作要求
请认真组织。
某县科协
2022年8月1日
"""


def test_joint_actions_under_a_main_activities_heading_are_taken_and_the_other_activities_stay():
    draft = draft_of(MAIN_ACTIVITIES)
    assert [(a.key, a.name) for a in draft.actions] == [("museums", "科技馆联合行动"), ("rural", "乡村振兴科普联合行动")]
    assert "（一）启动仪式" in draft.body and "（四）科普讲座" in draft.body and "[[actions]]" in draft.body
    assert draft.body.index("启动仪式") < draft.body.index("[[actions]]") < draft.body.index("科普讲座")


def test_activities_under_a_main_activities_heading_that_are_no_actions_stay_as_written():
    draft = draft_of(MAIN_ACTIVITIES.replace("科技馆联合行动", "科技馆开放").replace("乡村振兴科普联合行动", "科普大集"))
    assert draft.actions == [] and "[[actions" not in draft.body
    assert not any("主要活动" in item.message for item in draft.undecided)  # an ordinary section: no note


def test_unknown_joint_actions_under_a_main_activities_heading_stay_as_written_without_a_note():
    draft = draft_of(MAIN_ACTIVITIES.replace("科技馆联合行动", "甲乙丙联合行动").replace("乡村振兴科普联合行动", "丁戊己联合行动"))
    assert draft.actions == [] and "甲乙丙联合行动" in draft.body
    assert not any("主要活动" in item.message for item in draft.undecided)


def test_a_span_right_after_the_campaign_name_without_a_verb_before_it():
    draft = draft_of("关于开展2016年某省科技进步活动月的通知\n各市科技局：\n"
                     "今年我省科技进步活动月5月中旬~6月中旬在全省举行。\n一、要求\n请认真组织。\n")
    assert draft.dates.label == "2016年5月中旬~6月中旬"


def test_a_plan_after_the_signature_of_a_notice_with_headings_of_its_own():
    draft = draft_of("""
        关于印发《2025年某市科普月工作方案》的通知
        各区科协：
        现将《2025年某市科普月工作方案》印发给你们。
        一、工作要求
        请各单位认真组织实施。
        某市科学技术协会
        2025年8月20日
        2025年某市科普月工作方案
        一、活动主题
        科学普及 共享未来
        二、活动时间
        2025年9月1日至30日。
        """)
    assert draft.issued.isoformat() == "2025-08-20" and draft.signatures == ["某市科学技术协会"]
    assert [a.title for a in draft.annexes] == ["2025年某市科普月工作方案"]
    assert "二、活动时间" in draft.annexes[0].body and "活动时间" not in draft.body
    assert (draft.dates.start.isoformat(), draft.dates.end.isoformat()) == ("2025-09-01", "2025-09-30")


@pytest.mark.parametrize("sentence", ["切实把活动与深入实施“五大区域发展战略”紧密结合。", "组织专家走进社区、农产品市场开展科普。"])
def test_a_word_ending_like_a_place_is_no_region(sentence):
    draft = draft_of(f"关于开展2018年科技工作者日活动的通知\n各市科协：\n{sentence}\n一、要求\n请认真组织。\n")
    assert draft.region == ""


def test_the_document_a_notice_issues_is_not_what_it_is_based_on():
    draft = draft_of("关于印发《2019年某省科技活动月工作安排》的通知\n各市科技局：\n"
                     "现将《2019年某省科技活动月工作安排》印发给你们，请认真做好各项工作。\n"
                     "附件：2019年某省科技活动月工作安排\n")
    assert draft.based_on == []


def test_lines_a_web_page_prints_below_the_notice_do_not_hide_its_signature():
    draft = draft_of("""
        关于举办2022年某县全国科普日活动的通知
        各乡镇：
        一、要求
        请认真组织。
        某县科学技术协会
        2022年8月1日
        【打印本页】 【关闭窗口】
        上一篇：关于开展科普讲座的通知
        """)
    draft_with_gap = draft_of("""
        关于举办2022年某县全国科普日活动的通知
        各乡镇：
        一、要求
        请认真组织。
        责任编辑：李某
        某县科学技术协会
        2022年8月1日
        """)
    for found in (draft, draft_with_gap):
        assert found.signatures == ["某县科学技术协会"] and "责任编辑" not in found.body and "上一篇" not in found.body


@pytest.mark.parametrize("block, contact", [
    ("联系人及电话：张三 13812345678", {"people": ["张三"], "phones": ["13812345678"]}),
    ("联系方式：市科协科普部 张三 0913-1234567", {"body": "市科协科普部", "people": ["张三"], "phones": ["0913-1234567"]}),
    ("联系人：张三 电话：0913-1234567 邮箱：zs@example.cn",
     {"people": ["张三"], "phones": ["0913-1234567"], "email": "zs@example.cn"}),
    ("咨询电话：0913-1234567（张老师）", {"people": ["张老师"], "phones": ["0913-1234567"]}),
    ("联系人：科普部 张三、李四\n电话：0913-1234567", {"body": "科普部", "people": ["张三", "李四"], "phones": ["0913-1234567"]}),
    ("市科协科普部：张三，0913-1234567", {"body": "市科协科普部", "people": ["张三"], "phones": ["0913-1234567"]}),
    ("联系人：张三\n地  址：某市某路1号  邮编：714000",
     {"people": ["张三"], "address": "某市某路1号", "postcode": "714000"}),
    ("联系单位：市科协科普部\n联系人：张三\n联系电话：0913-1234567",
     {"body": "市科协科普部", "people": ["张三"], "phones": ["0913-1234567"]}),
])
def test_more_contact_shapes(block, contact):
    assert contacts_of("五、联系方式\n" + block + "\n") == [contact]


def test_a_contact_given_as_an_annotation_under_the_date():
    draft = draft_of("""
        关于举办2022年某某市全国科普日活动的通知
        各区县科协：
        一、活动时间
        2022年9月15日至9月21日。
        某某市科学技术协会
        2022年8月1日
        （联系人：张三，电话：0913-1234567）
        """)
    assert front_of(draft)["contacts"] == [{"people": ["张三"], "phones": ["0913-1234567"]}]
    assert draft.signatures == ["某某市科学技术协会"] and draft.issued.isoformat() == "2022-08-01"


def _period_of(line: str):
    draft = draft_of("关于举办2022年某市全国科普日活动的通知\n各单位：\n一、安排\n" + line
                     + "\n三、要求\n请认真组织。\n某市科协\n2022年8月1日\n")
    return draft, draft.dates and (draft.dates.start and draft.dates.start.isoformat(),
                                   draft.dates.end and draft.dates.end.isoformat(), draft.dates.label)


@pytest.mark.parametrize("line", ["活动时间：即日起至2022年9月30日", "活动时间：9月30日前", "活动时间：9月中旬至10月8日"])
def test_an_end_or_a_deadline_or_half_a_span_is_no_campaign_period(line):
    assert _period_of(line)[1] is None


@pytest.mark.parametrize("line, period", [
    ("时间：9月15日开幕，持续一周", ("2022-09-15", None, "")),
    ("活动时间：9月17日（周六）、18日（周日）", ("2022-09-17", "2022-09-18", "")),
    ("活动时间：9月中旬至10月底", ("2022-09-11", "2022-10-31", "2022年9月中旬至10月底")),
])
def test_periods_written_as_the_text_states_them(line, period):
    draft, found = _period_of(line)
    assert found == period
    text, _ = write(draft, "t.txt")
    assert not [p for p in check_text(site_with(SITE, draft.site_additions), text, "t.md", 2022).problems
                if p.field.startswith("dates")]


def test_a_doc_number_beside_the_signer_of_a_report():
    draft = draft_of("某科协发〔2022〕12号          签发人：张某\n关于举办2022年某市全国科普日活动的通知\n各区县科协：\n"
                     "一、要求\n请认真组织。\n某某市科学技术协会\n2022年8月1日\n")
    assert draft.doc_number == "某科协发〔2022〕12号"


@pytest.mark.parametrize("issuers, name", [("中共某昌市委宣传部 某昌市科学技术协会", "某昌市"), ("共青团某某县委", "某某县")])
def test_a_party_or_league_body_names_its_place_without_the_prefix(issuers, name):
    draft = draft_of(f"关于举办2022年全国科普日活动的通知\n各单位：\n一、要求\n请认真组织。\n{issuers}\n2022年8月1日\n")
    additions = {a.name: a.key for a in draft.site_additions if a.section == "regions"}
    assert list(additions) == [name] and draft.region == additions[name]


def test_a_listed_entry_printed_after_the_date_is_that_annex_once_with_its_own_listing():
    draft = draft_of("关于举办2022年某某市全国科普日活动的通知\n各区县科协：\n一、要求\n请各单位于2022年9月10日前报送活动汇总表（附件2）。\n"
                     "附件：1.活动方案\n2.活动汇总表\n某某市科学技术协会\n2022年8月1日\n附件1\n活动方案\n一、活动主题\n科学普及。\n"
                     "附件2\n活动汇总表\n序号\t活动名称\t时间\n1\t\t\n")
    assert [(a.kind, a.title, a.listed_as) for a in draft.annexes] == [("text", "活动方案", ""), ("table", "活动汇总表", "")]
    assert draft.deadlines[0].annex == 2


@pytest.mark.parametrize("line, theme", [
    ("一、活动主题：创新驱动发展，科技引领未来", "创新驱动发展，科技引领未来"),
    ("（一）主题：科普惠民", "科普惠民"),
    ("活动紧扣“科普惠民”这一主题。", "科普惠民"),
    ("活动主题“科技强国 创新圆梦”", "科技强国 创新圆梦"),
    ("今年的主题是“科技创新 强国有我”，活动时间为5月20日至27日。", "科技创新 强国有我"),
])
def test_theme_shapes(line, theme):
    draft = draft_of("关于举办2022年某某市全国科普日活动的通知\n各单位：\n" + line + "\n二、要求\n请认真组织。\n某某市科协\n2022年8月1日\n")
    assert draft.theme == theme


def test_addressees_on_two_short_lines():
    draft = draft_of("关于举办2022年某某市全国科普日活动的通知\n各区县科协\n各有关单位：\n为做好工作，现将有关事项通知如下：\n"
                     "一、要求\n请认真组织。\n某某市科协\n2022年8月1日\n")
    assert draft.recipients == "各区县科协 各有关单位"


def test_the_issuer_of_a_notice_jointly_issued_upstream():
    draft = draft_of("关于举办2022年某某市全国科普日活动的通知\n各单位：\n"
                     "根据省科协、省科技厅联合下发的《关于开展2022年全国科普日活动的通知》要求，现通知如下：\n"
                     "一、要求\n请认真组织。\n某某市科协\n2022年8月1日\n")
    assert [(r.title, r.issuer) for r in draft.based_on] == [("关于开展2022年全国科普日活动的通知", "省科协、省科技厅")]


def test_a_date_alone_under_a_time_heading_is_neither_the_issue_date_nor_the_end_of_the_body():
    text = ("关于举办2022年某某市全国科普日主场活动的通知\n各单位：\n一、活动时间\n2022年9月17日\n二、活动地点\n市科技馆\n"
            "三、要求\n请认真组织。\n")
    draft = draft_of(text + "某某市科学技术协会\n2022年8月1日\n")
    assert draft.issued.isoformat() == "2022-08-01" and draft.signatures == ["某某市科学技术协会"]
    assert "三、要求" in draft.body
    assert (draft.dates.start.isoformat(), draft.dates.end.isoformat()) == ("2022-09-17", "2022-09-17")
    cut = draft_of(text)  # a web copy cut off before its 落款: no issue date at all
    assert cut.issued is None and "三、要求" in cut.body


def test_last_years_period_recalled_in_the_opening_is_not_this_years():
    draft = draft_of("关于举办2022年某某市全国科普日活动的通知\n各单位：\n2021年全国科普日活动于9月11-17日举办，取得良好成效。"
                     "2022年全国科普日活动将于9月15-21日在全国开展。\n一、要求\n请认真组织。\n某某市科学技术协会\n2022年8月1日\n")
    assert (draft.dates.start.isoformat(), draft.dates.end.isoformat()) == ("2022-09-15", "2022-09-21")


def test_a_number_under_another_label_is_no_phone_and_a_name_label_is_a_person():
    assert contacts_of("五、联系方式\n联系人：张三，电话：0913-1234567\nQQ群：12345678\n") == [
        {"people": ["张三"], "phones": ["0913-1234567"], "note": "QQ群：12345678"}]
    assert contacts_of("五、联系方式\n张老师：0913-1234567\n") == [{"people": ["张老师"], "phones": ["0913-1234567"]}]


def test_a_plan_kept_as_an_annex_keeps_its_joint_actions_as_text():
    draft = draft_of(PLAN.replace("三、工作要求", "三、联合行动\n（一）科技馆联合行动。科技馆免费开放。\n（二）学会科普联合行动。开展讲座。\n四、工作要求"))
    body = draft.annexes[0].body
    assert "科技馆联合行动" in body and "[[actions" not in body and draft.actions == []


@pytest.mark.parametrize("written, number", [("0913 1234567", "0913-1234567"), ("010 12345678", "010-12345678"),
                                             ("029-8888 6666", "029-88886666"), ("138 1234 5678", "13812345678")])
def test_spaces_inside_one_number_keep_its_area_code_and_digits(written, number):
    assert contacts_of(f"五、联系方式\n联系人：张三，电话：{written}\n") == [{"people": ["张三"], "phones": [number]}]


def test_the_source_a_web_page_names_is_offered_for_the_issuer_never_written():
    draft = draft_of("关于举办某昌市2018年科技活动周的通知\n2018-04-20 09:12  |  某昌市科学技术局  |  213\n各县市区科技局：\n"
                     "根据上级要求，现就有关事宜通知如下：\n一、时间\n2018年科技活动周举办时间：5月19-26日。\n")
    assert draft.issuers == []
    assert any("某昌市科学技术局" in item.message for item in draft.undecided if item.field == "issuers")


def test_a_seal_mark_after_the_signature_is_not_part_of_the_name():
    draft = draft_of("关于举办2022年某某市全国科普日活动的通知\n各单位：\n一、要求\n请认真组织。\n某某市科学技术协会（盖章）\n2022年8月1日\n")
    assert draft.signatures == ["某某市科学技术协会"] and draft.issuers == ["某某市科学技术协会"]


@pytest.mark.parametrize("signature", ["某某理工大学", "某某科普联盟", "某某活动工作专班"])
def test_a_university_or_an_alliance_signing_is_the_issuer(signature):
    draft = draft_of(f"关于举办2022年全国科普日活动的通知\n各单位：\n一、要求\n请认真组织。\n{signature}\n2022年8月1日\n")
    assert draft.issuers == [signature] and draft.signatures == [signature]
