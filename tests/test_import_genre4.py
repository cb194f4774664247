"""The importer on more real layouts (issue 12, fourth round): one test per pattern, each failing before its fix.

Every notice text here is composed for the test (invented bodies, people and
numbers); tests/import_layouts/ holds whole notices in the same layouts.
"""

from __future__ import annotations

import pytest

from generator.importer.write import write
from generator.importer import import_notice
from test_import_general import SITE, draft_of, front_of

HEAD = "某某大学关于开展2024年科技活动周活动的通知\n各学院、各部门：\n一、有关要求\n"
TAIL = "\n某某大学科技处\n2024年5月8日\n"


def deadlines_of(sentence: str) -> list[dict]:
    return front_of(draft_of(HEAD + sentence + TAIL)).get("deadlines", [])


# --- deadlines -------------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence, label, what", [
    ("各学院请于5月下旬提交活动方案。", "5月下旬", "活动方案"),
    ("活动总结请于6月中旬前报送科技处。", "6月中旬", "活动总结"),
    ("请各单位于10月底前将工作总结报送科技处。", "10月底", "工作总结"),
])
def test_an_approximate_deadline_is_imported_with_its_words_as_label(sentence, label, what):
    (deadline,) = deadlines_of(sentence)
    assert deadline["label"] == label and "date" not in deadline
    assert deadline["what"] == what


def test_an_approximate_time_that_asks_nothing_is_no_deadline():
    assert deadlines_of("活动于5月下旬在图书馆开展，欢迎师生参加。") == []


def test_the_thing_before_qing_yu_is_what_is_due_and_the_address_is_where_it_goes():
    (deadline,) = deadlines_of("科普作品请于5月20日前提交至kexie@x.cn。")
    assert deadline["what"] == "科普作品"
    assert deadline["to"] == "kexie@x.cn"
    assert "who" not in deadline


def test_who_never_keeps_the_qing_of_qing_yu():
    (deadline,) = deadlines_of("各学院请于5月20日前报送推荐名单。")
    assert deadline["who"] == "各学院"
    assert deadline["what"] == "推荐名单"


def test_the_clock_time_of_a_deadline_is_kept_in_its_note():
    (deadline,) = deadlines_of("各学院请于5月20日17:00前报送推荐名单。")
    assert deadline["date"] == "2024-05-20"
    assert "17:00" in deadline["note"]


def test_an_approximate_deadline_in_a_notice_without_a_date_names_the_year_it_assumes():
    draft = draft_of("关于开展2015年度科普讲座活动的通知\n各市科协：\n请各市科协于11月中旬前将活动总结报送省科协。\n")
    (deadline,) = front_of(draft)["deadlines"]
    assert deadline["label"] == "2015年11月中旬"


# --- contacts --------------------------------------------------------------------------------------

def test_a_second_person_after_a_semicolon_is_a_person_with_their_own_numbers():
    contacts = front_of(draft_of(HEAD + "请各学院积极参加。\n三、联系方式\n联系人：王老师，电话：0571-88120000转8021；"
                                 "李老师，电话：13812345678，邮箱：li@x.edu.cn" + TAIL))["contacts"]
    assert [c["people"] for c in contacts] == [["王老师"], ["李老师"]]
    assert contacts[0]["phones"] == [{"number": "0571-88120000", "ext": "8021"}]
    assert contacts[1]["phones"] == ["13812345678"]
    assert contacts[1]["email"] == "li@x.edu.cn"


def test_a_number_with_hidden_digits_is_never_guessed_and_the_editor_is_told():
    text, _ = write(draft_of(HEAD + "请各学院积极参加。\n三、联系方式\n联系人：赵老师，电话：0571-8xxxxxxx" + TAIL), "t.txt")
    front = front_of(draft_of(HEAD + "请各学院积极参加。\n三、联系方式\n联系人：赵老师，电话：0571-8xxxxxxx" + TAIL))
    assert "phones" not in front["contacts"][0]
    assert "`0571-8xxxxxxx` cannot be read" in text


# --- the end of the notice -------------------------------------------------------------------------

@pytest.mark.parametrize("closing", ["某某大学科技处  2024年5月8日", "某某大学科技处 2024年5月8日（此件主动公开）",
                                     "某某大学科技处\n2024年5月8日(此件主动公开)"])
def test_a_signature_and_its_date_on_one_line_are_both_read(closing):
    draft = draft_of(HEAD + "请各学院积极参加。\n" + closing + "\n")
    front = front_of(draft)
    assert front["issued"] == "2024-05-08"
    assert front["signatures"] == ["某某大学科技处"]
    assert "主动公开" not in draft.body


def test_fu_with_a_colon_is_the_annex_marker():
    front = front_of(draft_of(HEAD + "请各学院积极参加。\n附：活动方案模板\n" + TAIL))
    assert [a["title"] for a in front["annexes"]] == ["活动方案模板"]
    assert "note" not in str(front.get("contacts", ""))


@pytest.mark.parametrize("school", ["某某县实验小学", "某某市第一中学", "某某区机关幼儿园"])
def test_a_school_signs_a_notice(school):
    front = front_of(draft_of(f"关于举办2013年科普知识竞赛的通知\n各班级：\n请各班级积极参加。\n{school}\n2013年5月8日\n"))
    assert front["signatures"] == [school]
    assert front["issuers"] == [school]


# --- a notice whose title was lost ----------------------------------------------------------------

LOST_TITLE = """各镇中心小学,区直各学校:
为做好我区中小学科技教育工作,力求在2021年度省市区青少年科技创新大赛中多出作品,在2021年“全国科普日”(9月11~17日)活动期间开展主题活动,现将有关事宜通知如下。
活动时间:2021年9月13日下午2:30前报到
各单位在9月20日前提交活动备案表(附件2)。
附件:
1.参会人员名额表
2.关于举办某某区第八届青少年科技创新大赛的通知
二〇二一年九月六日
"""


def test_a_title_listed_as_an_annex_is_not_the_notice_title():
    draft = draft_of(LOST_TITLE)
    assert draft.title == ""
    assert draft.recipients == "各镇中心小学,区直各学校"


def test_a_span_in_brackets_after_the_campaign_name_is_its_period_not_a_meeting_time():
    front = front_of(draft_of(LOST_TITLE))
    assert front["dates"] == {"start": "2021-09-11", "end": "2021-09-17"}


def test_an_arrival_time_is_no_deadline_and_a_label_before_a_date_is_not_who():
    front = front_of(draft_of(LOST_TITLE))
    assert [d["date"] for d in front["deadlines"]] == ["2021-09-20"]
    assert front["deadlines"][0]["who"] == "各单位"


def test_nian_du_before_a_place_word_is_no_place():
    draft = draft_of(LOST_TITLE)
    assert [a.name for a in draft.site_additions] == []  # neither 度省市 nor 为做好我区 is a place


# --- a page that lost its line breaks ------------------------------------------------------------

RUN_ON = ("各有关单位:根据全省科技活动周总体安排,2023年某某市科技活动周定于5月21—27日举行,活动包括启动仪式及线上线下科普活动,"
          "为做好筹备工作,现征集2023年某某市科技活动周项目,具体要求见《某某市科学技术局关于征集2023年科技活动周项目的通知》"
          "(见附件),请各单位认真组织,并将项目信息于4月18日前汇总报送至邮箱kjzxm@x.cn,由我局汇总后报市科技局,"
          "附件:《某某市科学技术局关于征集2023年科技活动周项目的通知》某某市某某区科学技术局2023年4月10日"
          "联系人:孙晓梅联系电话:028-86120000附件:《某某市科学技术局关于征集2023年科技活动周项目的通知》。\n")


def test_a_run_on_page_is_read_in_its_parts():
    front = front_of(draft_of(RUN_ON))
    assert front["recipients"] == "各有关单位"
    assert front["issued"] == "2023-04-10"
    assert front["signatures"] == ["某某市某某区科学技术局"]
    assert front["dates"] == {"start": "2023-05-21", "end": "2023-05-27"}
    assert [a["title"] for a in front["annexes"]] == ["某某市科学技术局关于征集2023年科技活动周项目的通知"]


def test_the_thing_named_after_jiang_is_what_is_due():
    (deadline,) = front_of(draft_of(RUN_ON))["deadlines"]
    assert deadline == {"date": "2023-04-18", "what": "项目信息", "to": "邮箱kjzxm@x.cn"}


def test_a_contact_under_the_date_with_its_labels_run_together_is_read():
    (contact,) = front_of(draft_of(RUN_ON))["contacts"]
    assert contact["people"] == ["孙晓梅"]
    assert contact["phones"] == ["028-86120000"]


# --- web pages around the head ---------------------------------------------------------------------

def test_a_link_line_above_the_addressees_is_not_part_of_them():
    draft = draft_of("关于举办2023年科技活动周的通知\n发布时间:2023年05月08日 作者: 浏览次数:\n"
                     "通知详情请链接:https://oa.example.edu.cn/con/PDFPage?ID=4EF7865B09384406AFB81DE3BA6202B8\n"
                     "各有关单位:\n根据上级通知,现将有关事项通知如下。\n某某大学科技处\n2023年5月8日\n")
    assert draft.recipients == "各有关单位"


def test_a_note_after_a_web_headline_leaves_the_title():
    draft = draft_of("关于申报2022年全国科普日分活动的通知(截止时间:8月8日)\n发布时间:2022-07-28浏览量:2099\n"
                     "各二级学院:\n根据上级通知,现将有关事项通知如下。\n某某学院科研处\n2022年7月28日\n")
    assert draft.title == "关于申报2022年全国科普日分活动的通知"
    assert draft.recipients == "各二级学院"


def test_font_and_reading_lines_of_an_old_page_are_furniture():
    draft = draft_of("关于开展2006年全省科技活动月活动的通知\n2006-04-06 来源: 【字体:\n阅读:\n"
                     "省级学会、协会,各地级以上市科协:\n根据上级通知,现将有关事项通知如下。\n某某省科协\n2006年3月31日\n")
    assert draft.recipients == "省级学会、协会,各地级以上市科协"
    assert "阅读" not in draft.body


# --- no 落款: what the text does state about who issued it ------------------------------------------

NO_SIGNATURE = """关于开展2016年度“专家进校园讲科普”活动的通知
各市科协,某某学会各市分会:
一、活动内容
请各市科协于11月中旬前将活动总结(见附件2)分别报送省科协科普部和某某学会省分会。
二、有关要求
4.联系方式:
省科协科普部
联系人:赵建国  联系电话:0551-62660000
某某学会省分会办公室
联系人:钱立  联系电话:0551-62600000
附件:1.专家信息表
2.活动情况反馈表
"""


def test_a_body_on_the_line_above_its_people_is_the_contact_body():
    contacts = front_of(draft_of(NO_SIGNATURE))["contacts"]
    assert [c.get("body") for c in contacts] == ["省科协科普部", "某某学会省分会办公室"]


def test_without_a_signature_the_editor_is_offered_the_bodies_the_contacts_name():
    text, _ = write(draft_of(NO_SIGNATURE), "t.txt")
    assert "# issuers:" in text  # not written: the text does not say they issued it
    (doubt,) = [line for line in text.splitlines() if "no issuing body found" in line]
    assert "省科协科普部、某某学会省分会办公室" in doubt


def test_fen_bie_after_what_is_due_is_dropped():
    (deadline,) = front_of(draft_of(NO_SIGNATURE))["deadlines"]
    assert deadline["what"] == "活动总结"
    assert deadline["label"] == "2016年11月中旬"


def test_the_district_inside_a_city_in_the_issuer_name_is_the_region():
    draft = draft_of("关于征集2022年科技活动周项目的通知\n各相关单位:\n请各单位积极参加。\n某川市新华区科学技术局\n2022年4月12日\n")
    assert [a.name for a in draft.site_additions][:1] == ["新华区"]


# --- a school's notice -----------------------------------------------------------------------------

SCHOOL = """某桥小学关于参加第七届“绿色之星”全国小学生科技竞赛的通知
各中队:
为提高同学们的环保意识,学校决定组织参加本届竞赛,现将有关事项通知如下:
一、竞赛主题:节约资源,从我做起
二、竞赛时间:2014年9月—2015年6月
三、竞赛范围:中高年级学生参加
某某市某某区某桥小学
2015年5月20日
"""


def test_the_signature_gives_the_full_name_of_the_body_the_title_names_short():
    front = front_of(draft_of(SCHOOL))
    assert front["issuers"] == ["某某市某某区某桥小学"]


def test_a_span_of_months_in_a_time_heading_is_the_period():
    front = front_of(draft_of(SCHOOL))
    assert front["dates"] == {"label": "2014年9月—2015年6月"}


def test_a_date_with_spaces_around_its_numbers_is_a_deadline_and_gei_names_where_it_goes():
    (deadline,) = deadlines_of("请各相关单位于 6 月 2 日前提交以下材料给科研部邮箱kyb@x.edu.cn。")
    assert deadline["date"] == "2024-06-02"
    assert deadline["who"] == "各相关单位"
    assert deadline["what"] == "以下材料"
    assert deadline["to"] == "科研部邮箱kyb@x.edu.cn"


def test_body_and_number_lines_at_the_end_of_the_body_are_contacts():
    contacts = front_of(draft_of(HEAD + "请各学院积极参加。\n基教一股:0913-7220000\n县科协:0913-7210000" + TAIL))["contacts"]
    assert contacts == [{"body": "基教一股", "phones": ["0913-7220000"]}, {"body": "县科协", "phones": ["0913-7210000"]}]


def test_a_numbered_role_label_names_the_body_of_the_people_below_it():
    contacts = front_of(draft_of(HEAD + "请各学院积极参加。\n五、联系方式\n(一)项目实施单位:某省青少年科技中心(某省科普中心)\n"
                                 "联系人:周玲 电话:020-83560000\n(二)项目指导部门:某省科协科普部\n"
                                 "联系人:吴凯 电话:020-83540000" + TAIL))["contacts"]
    assert [(c["body"], c["people"]) for c in contacts] == [("某省青少年科技中心(某省科普中心)", ["周玲"]),
                                                            ("某省科协科普部", ["吴凯"])]


def test_an_organiser_line_in_a_body_without_contacts_is_no_contact():
    front = front_of(draft_of(HEAD + "主办单位:某某大学科技处\n请各学院积极参加。" + TAIL))
    assert "contacts" not in front


def test_numbered_bodies_in_a_contact_block_are_the_bodies_of_their_people():
    contacts = front_of(draft_of(HEAD + "请各学院积极参加。\n1、市科技局成果管理科\n联系人:陈燕、黄群\n电话:5530000\n"
                                 "2、市生产力促进中心\n联系人:钟华、韦行\n电话:4830000" + TAIL))["contacts"]
    assert [(c.get("body"), c["people"]) for c in contacts] == [("市科技局成果管理科", ["陈燕", "黄群"]),
                                                                ("市生产力促进中心", ["钟华", "韦行"])]


# --- a short notice: 主送, one paragraph, a date -----------------------------------------------------

SHORT = """各县、市、区科协:
今年5月12日是国家“防灾减灾日”,5月20日至26日是全国科技活动周。在此期间,各县、市、区科协要密切配合有关部门开展科普宣传。
二○一二年五月八日
"""


def test_a_notice_of_addressees_one_paragraph_and_a_date_is_imported(tmp_path):
    path = tmp_path / "short.txt"
    path.write_text(SHORT, encoding="utf-8")
    imported, errors = import_notice(path, "short.txt", SITE)
    assert errors == [] and imported is not None
    front = front_of(imported.draft)
    assert front["recipients"] == "各县、市、区科协"
    assert front["issued"] == "2012-05-08"


def test_a_span_that_is_the_campaign_gives_its_period():
    assert front_of(draft_of(SHORT))["dates"] == {"start": "2012-05-20", "end": "2012-05-26"}


def test_numbers_printed_before_the_people_they_belong_to_stay_with_them():
    contacts = front_of(draft_of(HEAD + "请各学院积极参加。\n联系电话(传真):020-83540000\n电子邮箱:kp@x.cn\n联系人:顾梅 李丽" + TAIL))[
        "contacts"]
    assert contacts == [{"people": ["顾梅", "李丽"], "phones": [{"number": "020-83540000", "kind": "both"}],
                         "email": "kp@x.cn"}]


def test_an_annex_title_run_into_its_table_by_a_text_copy_is_the_title():
    front = front_of(draft_of(HEAD + "请各学院积极参加。\n某某大学科技处\n2024年5月8日\n附件1:\n2024年科技活动周联络员报名表\n"
                                     "| 姓 名\n| 单 位\n| 联系电话\n|\n联络员\n| | | |\n宣传员\n| | | |\n"))
    (annex,) = front["annexes"]
    assert annex["title"] == "2024年科技活动周联络员报名表"
    assert "联络员报名表" not in str(annex.get("rows", ""))


def test_annexes_the_body_names_with_their_numbers_are_listed_when_the_notice_has_no_list():
    text, _ = write(draft_of(HEAD + "根据《某部关于举办2024年全国科技活动周的通知》要求(附件 1),现将有关事项通知如下。\n"
                                    "请各单位于6月2日前提交《2024年科技活动周开展情况统计表》(附件2)。" + TAIL), "t.txt")
    front = front_of(draft_of(HEAD + "根据《某部关于举办2024年全国科技活动周的通知》要求(附件 1),现将有关事项通知如下。\n"
                                     "请各单位于6月2日前提交《2024年科技活动周开展情况统计表》(附件2)。" + TAIL))
    assert [a["title"] for a in front["annexes"]] == ["某部关于举办2024年全国科技活动周的通知", "2024年科技活动周开展情况统计表"]
    assert "the body names as （附件N）" in text


def test_a_single_reference_to_annex_2_alone_invents_no_list():
    front = front_of(draft_of(HEAD + "请各单位于6月2日前提交《2024年科技活动周开展情况统计表》(附件2)。" + TAIL))
    assert "annexes" not in front


@pytest.mark.parametrize("sentence, theme", [
    ("今年科技活动月将于5月20日启动,活动围绕携手建设创新型某省主题开展。", "携手建设创新型某省"),
    ("在“全国科普日”活动期间,围绕“喜迎盛会,科技为民”深入开展主题教育活动。", "喜迎盛会,科技为民"),
])
def test_a_theme_stated_around_weirao_is_the_theme(sentence, theme):
    assert front_of(draft_of(HEAD + sentence + TAIL))["theme"] == theme


def test_a_deadline_sent_by_e_mail_takes_what_was_named_after_jiang_earlier_in_the_sentence():
    (deadline,) = deadlines_of("活动结束后,请将有关活动情况、取得的成效等及时总结,于6月15日前通过电子邮件发至kjz@x.cn。")
    assert deadline == {"date": "2024-06-15", "what": "有关活动情况、取得的成效等", "to": "kjz@x.cn"}


def test_a_theme_heading_wins_over_a_wording_of_it_in_the_opening():
    text = SCHOOL.replace("为提高同学们的环保意识,", "本届竞赛以“节约资源、从我做起”为主题,为提高同学们的环保意识,")
    assert front_of(draft_of(text))["theme"] == "节约资源,从我做起"


# --- the year of a notice that states no date of its own ---------------------------------------------

def test_a_year_the_body_names_in_passing_does_not_date_the_deadlines():
    """No 成文日期 and no year in the title: the body's own year is the one it names most, not the first one
    it names (a 2006 wording left in a 2007 notice dated its deadline 2006)."""
    text = ("各县区科技局：\n"
            "一、新闻媒体要积极参与2006年科技活动周的宣传报道。\n"
            "二、2007年科技活动周期间，各县区要组织好重点活动。\n"
            "三、2007年科技活动周结束后，各县区要形成2007年科技活动周总结报告，于5月30日前报送市科技局。\n")
    (deadline,) = front_of(draft_of(text)).get("deadlines", [])
    assert str(deadline["date"]) == "2007-05-30"


def test_a_body_naming_two_years_as_often_gives_no_year():
    text = ("各县区科技局：\n"
            "一、回顾2006年科技活动周，各地成效明显。\n"
            "二、做好2007年科技活动周工作，请于5月30日前报送总结。\n")
    assert all("date" not in d for d in front_of(draft_of(text)).get("deadlines", []))
