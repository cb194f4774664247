"""The importer on more real layouts (issue 12, fifth round): one test per pattern, each failing before its fix.

Every notice text here is composed for the test (invented bodies, people and
numbers); tests/import_layouts/ holds whole notices in the same layouts.
"""

from __future__ import annotations

import pytest
import yaml

from generator.importer import import_notice
from generator.importer.blocks import Paragraph, Source
from generator.importer.script import reading_view
from test_import_general import SITE


def imported(tmp_path, text: str):
    path = tmp_path / "notice.txt"
    path.write_text(text, encoding="utf-8")
    result, errors = import_notice(path, "notice.txt", SITE)
    assert result is not None, errors
    return result


def front(result) -> dict:
    return yaml.load(result.text.split("---\n")[1], Loader=yaml.BaseLoader)


# --- pages from mirrors: traditional characters, pinyin, emoji -----------------------------------------

TRADITIONAL = ("關於舉辦2023年某某學會全國科普日活動的通知\n"
               "各專業委員會、各會員單位：\n"
               "為做好今年全國科普日活動，現將有關事項通知如下。\n"
               "一、活動時間\n2023年9月16日至22日。\n"
               "聯繫人：張曉明，電話：010-62345678，郵箱：zhang@kepu.org.cn\n"
               "某某學會\n2023年8月20日\n")


def test_a_notice_in_traditional_characters_is_read_and_its_values_stay_as_written(tmp_path):
    notice = front(imported(tmp_path, TRADITIONAL))
    assert notice["title"] == "關於舉辦2023年某某學會全國科普日活動的通知"
    assert notice["issuers"] == ["某某學會"] and notice["signatures"] == ["某某學會"]
    assert notice["recipients"] == "各專業委員會、各會員單位"
    assert notice["campaign"] == "kepuri"  # recognised through the simplified view: a key of site.yaml
    assert notice["dates"] == {"start": "2023-09-16", "end": "2023-09-22"}
    (contact,) = notice["contacts"]
    assert contact["people"] == ["張曉明"] and contact["phones"] == ["010-62345678"]


def test_the_body_of_a_notice_in_traditional_characters_is_not_converted(tmp_path):
    result = imported(tmp_path, TRADITIONAL)
    body = result.text.split("---\n", 2)[2]
    assert "為做好今年全國科普日活動，現將有關事項通知如下。" in body
    assert "为做好" not in body


def test_pinyin_a_mirror_put_after_characters_is_read_past_and_kept_in_the_values(tmp_path):
    text = ("各縣市區科協(xié)：\n"
            "請各單位於11月10日前將工作總結(jié)報送市科協(xié)普及部。\n"
            "聯(lián)系人：王曉紅\n"
            "荊州市科學(xué)技術(shù)協(xié)會(huì)\n2016年11月3日\n")
    notice = front(imported(tmp_path, text))
    assert notice["issuers"] == ["荊州市科學(xué)技術(shù)協(xié)會(huì)"]
    assert notice["recipients"] == "各縣市區科協(xié)"
    assert notice["contacts"][0]["people"] == ["王曉紅"]
    assert notice["deadlines"][0]["date"] == "2016-11-10"


def test_emoji_inside_labels_and_words_do_not_hide_a_contact(tmp_path):
    text = ("根據通知精神，某某國家重點實驗室於2013年5月18日至24日面向公眾開放🎈。\n"
            "單 位:某某國家重點實驗室\n"
            "聯系人🎈:李文靜\n"
            "電話/傳真🎉:021-65641234\n"
            "E-mail🚲:lwj@lab.edu.cn\n")
    (contact,) = front(imported(tmp_path, text))["contacts"]
    assert contact["people"] == ["李文靜"]
    assert contact["phones"] == [{"number": "021-65641234", "kind": "both"}]
    assert contact["email"] == "lwj@lab.edu.cn"


def test_a_notice_in_simplified_characters_is_read_as_it_is():
    source = Source("t.txt", "text", (Paragraph("关于举办2023年全国科普日活动的通知", 1), Paragraph("頭髮", 2)))
    same, view = reading_view(source)
    assert view is None and same is source


def test_a_typo_in_the_phone_label_still_gives_the_number(tmp_path):
    text = ("各县科协：\n请于11月10日前报送总结。\n联系人：程小华\n联系电活：4312345\n某某市科学技术协会\n2016年11月3日\n")
    (contact,) = front(imported(tmp_path, text))["contacts"]
    assert contact["people"] == ["程小华"] and contact["phones"] == ["4312345"]


# --- pages whose head is cut --------------------------------------------------------------------------

def test_a_page_on_one_line_with_commas_in_its_recipients_is_read(tmp_path):
    text = ("各重点实验室,试点实验室及相关单位: 根据《关于开展实验室公众开放活动的通知》的要求,每年五月第三周为科技"
            "活动周,请各实验室认真组织,做好开放安排。开放时间为5月17日-24日。 特此通知。 附件:《关于实验室2014年"
            "科技活动周期间开展公众开放活动的通知》\n"
            "基地处2014年5月12日\n")
    notice = front(imported(tmp_path, text))
    assert notice["recipients"] == "各重点实验室,试点实验室及相关单位"
    assert notice["issued"] == "2014-05-12" and notice["signatures"] == ["基地处"]
    assert notice["dates"] == {"start": "2014-05-17", "end": "2014-05-24"}
    assert notice["annexes"][0]["kind"] == "document"


def test_a_page_with_only_a_signature_a_date_and_a_sentence_is_a_notice(tmp_path):
    text = "请各单位认真组织本年度科技活动周活动，按时报送活动安排。\n某某市科学技术局\n2019年5月6日\n"
    notice = front(imported(tmp_path, text))
    assert notice["issued"] == "2019-05-06" and notice["issuers"] == ["某某市科学技术局"]


# --- a web copy that lost characters inside numbers -------------------------------------------------------

LOST = ("关于转发《关于开展2013年青少年科学调查活动的通知》的函\n"
        "某青科联20139\n"
        "各地级以上市青少年科技教育工作机构,各有关学校:\n"
        "根据教育部《关于开展2013年青少年科学调查活动的通知》(教基一函20134号)精神,以及某科技中心《关于做好2013年"
        "调查活动有关工作的通知》要求,请各地结合实际,积极组织开展活动。\n"
        "专此函达。\n"
        "附件:\n1.关于开展2013年青少年科学调查活动的通知.rar\n"
        "某省青少年科技中心    某省青少年科技教育协会\n"
        "               2013524\n"
        "(联系人:王小明;电话:020-83561234\n"
        "手机:13912345678;邮箱:wxm@kx.org.cn\n")


def test_a_signature_above_a_date_that_lost_its_characters_ends_the_notice_and_the_date_is_not_read():
    from test_import_general import draft_of, front_of
    notice = front_of(draft_of(LOST))
    assert notice["issuers"] == ["某省青少年科技中心", "某省青少年科技教育协会"]
    assert "issued" not in notice
    assert [annex["title"] for annex in notice["annexes"]] == ["关于开展2013年青少年科学调查活动的通知"]


def test_a_doc_number_that_lost_its_brackets_does_not_hide_the_recipients():
    from test_import_general import draft_of, front_of
    notice = front_of(draft_of(LOST))
    assert notice["recipients"] == "各地级以上市青少年科技教育工作机构,各有关学校"
    assert "doc_number" not in notice


def test_contacts_in_a_bracket_over_two_lines_never_closed_are_read():
    from test_import_general import draft_of, front_of
    (contact,) = front_of(draft_of(LOST))["contacts"]
    assert contact["people"] == ["王小明"]
    assert contact["phones"] == ["020-83561234", "13912345678"] and contact["email"] == "wxm@kx.org.cn"


def test_a_second_notice_named_after_yiji_in_the_same_sentence_is_a_basis_with_its_own_issuer():
    from test_import_general import draft_of, front_of
    based_on = front_of(draft_of(LOST))["based_on"]
    assert [(r["title"], r.get("issuer")) for r in based_on] == [
        ("关于开展2013年青少年科学调查活动的通知", "教育部"), ("关于做好2013年调查活动有关工作的通知", "某科技中心")]


# --- issuers and region when the text has no 落款 -----------------------------------------------------------

def test_the_issuing_body_a_government_page_states_in_its_metadata_is_the_issuer():
    from test_import_general import draft_of, front_of
    notice = front_of(draft_of("索 引 号:11111/2023-00059 发布日期:2023-05-05\n"
                               "发布机构: 某某市地震局 责任部门: 震害防御科\n"
                               "关于做好2023年防震减灾科普宣传活动的通知\n"
                               "各县(市)区地震工作部门:\n一、活动主题\n防范灾害风险。\n"))
    assert notice["issuers"] == ["某某市地震局"]


def test_a_source_line_only_names_a_candidate():
    from test_import_general import draft_of, front_of
    text, _ = write_of("关于做好2023年科普宣传活动的通知\n来源: 某某市地震局 发布时间: 2023-05-05\n"
                       "各县区地震工作部门:\n一、活动主题\n防范灾害风险。\n")
    assert "issuers:\n" not in text and "某某市地震局" in text.split("# issuers")[0]


def write_of(text: str):
    from generator.importer.write import write
    from test_import_general import draft_of
    return write(draft_of(text), "t.txt")


def test_a_body_named_on_the_line_above_a_title_that_begins_with_guanyu_is_the_issuer():
    from test_import_general import draft_of, front_of
    notice = front_of(draft_of("某某市城区抗震救灾办公室\n关于开展城区防震减灾活动的通知\n各镇(街道):\n"
                               "一、活动时间\n2024年7月22日至7月28日。\n"))
    assert notice["title"] == "关于开展城区防震减灾活动的通知"
    assert notice["issuers"] == ["某某市城区抗震救灾办公室"]


def test_a_masthead_line_is_not_taken_for_a_name_over_the_title():
    from test_import_general import draft_of, front_of
    notice = front_of(draft_of("某某市科学技术协会文件\n关于开展科普活动的通知\n各县科协:\n一、活动时间\n2024年7月22日。\n"))
    assert notice["issuers"] == ["某某市科学技术协会"]  # from the masthead, as before


def test_a_district_with_a_two_character_name_keeps_its_city_in_the_region():
    from generator.importer import vocabulary
    found = vocabulary.region(["晋城市城区抗震救灾办公室"], "", SITE)
    assert found.name == "晋城市城区"
    assert vocabulary.region(["成都市新都区科技局"], "", SITE).name == "新都区"


def test_a_national_day_the_site_does_not_list_is_the_campaign_printed_for_site_yaml():
    from test_import_general import BARE, draft_of
    draft = draft_of("关于做好2023年全国防灾减灾日科普宣传活动的通知\n各县区地震局:\n一、活动主题\n防范灾害风险。\n", BARE)
    (added,) = [a for a in draft.site_additions if a.section == "campaigns"]
    assert added.name == "全国防灾减灾日" and draft.campaign == added.key


# --- contacts in more shapes -------------------------------------------------------------------------------

def test_the_person_a_sentence_asks_to_call_is_the_contact():
    from test_import_general import contacts_of
    (contact,) = contacts_of("到访请预约樊老师:0571-87951234\n")
    assert contact["people"] == ["樊老师"] and contact["phones"] == ["0571-87951234"]


def test_a_body_labelling_its_person_above_the_phone_line_is_the_contact_body():
    from test_import_general import contacts_of
    (contact,) = contacts_of("如需协调,请与省科技厅基础研究处联系。\n基础研究处:张海英\n联系电话:0351-4061234\n")
    assert contact["body"] == "基础研究处" and contact["people"] == ["张海英"]
    assert contact["phones"] == ["0351-4061234"]


def test_a_landline_printed_without_a_hyphen_after_its_area_code_is_kept_as_printed():
    from test_import_general import contacts_of
    (contact,) = contacts_of("联系人:李娟  02083701234\n")
    assert contact["people"] == ["李娟"] and contact["phones"] == ["02083701234"]


def test_recipients_whose_colon_was_lost_are_the_recipients():
    from test_import_general import draft_of, front_of
    notice = front_of(draft_of("关于开展科技工作者学习宣传活动的通知\n各地市学会、各会员及其他有关单位\n"
                               "现将《活动方案》印发给你们,请认真组织。\n"))
    assert notice["recipients"] == "各地市学会、各会员及其他有关单位"


# --- the opening of a page that lost its head --------------------------------------------------------------

OPEN_DAY = ("根据国科基函[2013]6号《关于国家重点实验室在2013年科技活动周期间开展公众开放活动的通知》的文件精神,"
            "今年科技活动周主题确定为“科技创新·美好生活”。在2013年科技活动周期间(5月18日-24日)实验室面向公众开放。\n"
            "单位:某某分子工程国家重点实验室\n"
            "联系人:吕小琦\n电话/传真:021-65641234\n")


def test_a_doc_number_before_the_title_of_the_notice_implemented_is_its_doc_number():
    from test_import_general import draft_of, front_of
    (reference,) = front_of(draft_of(OPEN_DAY))["based_on"]
    assert reference["doc_number"] == "国科基函[2013]6号" and "issuer" not in reference


def test_a_theme_stated_as_zhuti_quedingwei_is_the_theme():
    from test_import_general import draft_of
    assert draft_of(OPEN_DAY).theme == "科技创新·美好生活"


def test_the_period_in_brackets_after_qijian_is_the_campaign_period():
    from test_import_general import D, draft_of
    dates = draft_of(OPEN_DAY).dates
    assert (dates.start, dates.end) == (D(2013, 5, 18), D(2013, 5, 24))


def test_a_unit_line_is_named_to_the_editor_as_a_candidate_issuer_not_written():
    text, _ = write_of(OPEN_DAY)
    assert "issuers:\n" not in text
    assert "某某分子工程国家重点实验室" in text.split("# issuers")[0].rsplit("# 待确认", 1)[1]


def test_a_paragraph_of_a_mirror_page_keeps_its_emoji_and_every_character_as_written(tmp_path):
    line = "根據通知精神,今年定於5月18日至24日舉辦科技活動周⛱,實驗室面向公眾開放🎈。"
    text = line + "\n地 點:沐鸣开户內(躍進樓)\n聯系人:李文靜\n電話:021-65641234\n"
    body = imported(tmp_path, text).text.split("---\n", 2)[2]
    assert line in body  # 開 stays 開 although the page also has a plain 开 elsewhere


# --- organisers named in the opening and in a 主办单位 line ----------------------------------------------------

CONTEST = ("关于开展2020年某某区青少年科普知识竞赛活动的通知\n各相关中、小学校:\n"
           "为提高青少年科学素质。某某区科协、教育局经研究决定于10、11月联合开展2020年某某区青少年科普知识竞赛活动。"
           "现将有关事项通知如下:\n一、活动组织单位\n{organisers}\n二、有关要求\n请各学校于11月20日前完成填报活动统计表(附件1)。\n")


def test_organisers_the_opening_names_are_written_with_the_place_the_first_gives_and_marked_unsure():
    from test_import_general import draft_of
    draft = draft_of(CONTEST.format(organisers="承办单位:某某区少年宫"))
    assert draft.issuers == ["某某区科协（待确认）", "某某区教育局（待确认）"]


def test_organisers_the_zhuban_line_confirms_are_written_as_the_issuers():
    from test_import_general import draft_of
    draft = draft_of(CONTEST.format(organisers="主办单位:某某区科协、某某区教育局"))
    assert draft.issuers == ["某某区科协", "某某区教育局"]


def test_a_form_the_body_asks_to_fill_in_as_fujian_1_is_listed_as_the_first_annex():
    from test_import_general import draft_of
    draft = draft_of(CONTEST.format(organisers="主办单位:某某区科协、某某区教育局"))
    assert [annex.title for annex in draft.annexes] == ["活动统计表"]


# --- a deadline without 前 ------------------------------------------------------------------------------

def test_a_date_the_verb_of_sending_follows_at_once_is_a_deadline_without_qian():
    from test_import_general import draft_of
    draft = draft_of("关于做好2016年工作的通知\n各县科协：\n请各县科协将落实情况以书面形式于11月10日报市科协普及部。\n"
                     "某某市科协\n2016年11月3日\n")
    (deadline,) = draft.deadlines
    assert (deadline.date.isoformat(), deadline.who, deadline.what, deadline.to) == (
        "2016-11-10", "各县科协", "落实情况", "市科协普及部")


def test_a_date_followed_by_the_start_of_registration_is_no_deadline():
    from test_import_general import draft_of
    draft = draft_of("关于做好2016年工作的通知\n各学校：\n请各学校于5月20日启动报名工作。\n某某市科协\n2016年5月3日\n")
    assert draft.deadlines == []


# --- government metadata, full-width digits, 「」 ---------------------------------------------------------

def test_the_date_a_government_page_states_as_chengwen_riqi_is_the_notice_date_when_no_signature_dates_it():
    from test_import_general import draft_of
    draft = draft_of("发文机关：某某市科学技术局            成文日期：2022年04月28日\n"
                     "发文字号：某科发〔2022〕15号          发布日期：2022年04月29日\n"
                     "某某市科学技术局关于举办2022年科技活动周的通知\n各区县科技局：\n一、活动时间\n2022年5月21日至27日\n")
    assert draft.issued.isoformat() == "2022-04-28"


def test_a_phone_number_in_full_width_digits_keeps_its_area_code():
    from test_import_general import contacts_of
    (contact,) = contacts_of("联系人：王晓明　电话：０９１３－２１２６４９６\n")
    assert contact["phones"] == ["0913-2126496"]


def test_a_theme_quoted_in_corner_brackets_on_a_traditional_page_is_the_theme_as_written(tmp_path):
    text = ("關於舉辦2022年全國科普日活動的通知\n各縣（市、區）科協：\n"
            "今年全國科普日活動主題為「喜迎二十大，科普向未來」，請各單位認真組織。\n某某市科學技術協會\n2022年8月10日\n")
    assert front(imported(tmp_path, text))["theme"] == "喜迎二十大，科普向未來"


# --- a web copy's category and numeric date --------------------------------------------------------------

@pytest.mark.parametrize("headline", ["【通知】关于举办2023年某某市科技活动周活动的通知",
                                      "通知公告 | 关于举办2023年某某市科技活动周活动的通知"])
def test_a_web_category_before_the_title_is_not_part_of_it(headline):
    from test_import_general import draft_of
    draft = draft_of(headline + "\n各区县科协：\n一、活动时间\n2023年5月20日至26日\n某某市科学技术协会\n2023年5月8日\n")
    assert draft.title == "关于举办2023年某某市科技活动周活动的通知"


@pytest.mark.parametrize("date", ["2023-05-08", "2023.5.8"])
def test_a_numeric_date_under_the_signature_is_the_notice_date(date):
    from test_import_general import draft_of
    draft = draft_of("关于举办2023年科技活动周活动的通知\n各区县科协：\n一、活动时间\n2023年5月20日至26日\n"
                     f"某某市科学技术协会\n{date}\n")
    assert draft.issued.isoformat() == "2023-05-08" and draft.issuers == ["某某市科学技术协会"]


def test_a_numeric_date_alone_in_the_body_is_not_the_notice_date():
    from test_import_general import draft_of
    draft = draft_of("关于举办2023年科技活动周活动的通知\n各区县科协：\n一、活动时间\n2023-05-20\n请认真组织。\n")
    assert draft.issued is None


@pytest.mark.parametrize("headline", ["关于举办2023年某某县科技活动周活动的通知_某某县人民政府",
                                      "关于举办2023年某某县科技活动周活动的通知 - 某某县科学技术协会"])
def test_the_site_name_a_page_title_carries_after_the_title_is_not_part_of_it(headline):
    from test_import_general import draft_of
    draft = draft_of(headline + "\n各乡镇：\n一、活动时间\n2023年5月20日至26日\n某某县科学技术协会\n2023年5月8日\n")
    assert draft.title == "关于举办2023年某某县科技活动周活动的通知"


def test_a_laboratory_that_names_no_place_is_a_region_of_its_own_but_national_key_laboratories_in_general_are_not():
    from generator.importer import vocabulary
    found = vocabulary.region(["关于2021年某某材料国家重点实验室科技开放活动周的通知"], "", SITE)
    assert found.name == "某某材料国家重点实验室" and found.own
    assert vocabulary.region(["关于国家重点实验室在2013年科技活动周期间开放的通知"], "", SITE) is None


def test_a_person_named_after_the_number_in_a_phone_field_is_that_numbers_person():
    from test_import_general import contacts_of
    (contact,) = contacts_of("咨询电话：0371-12345678 张老师\n")
    assert contact["people"] == ["张老师"] and contact["phones"] == ["0371-12345678"]


def test_the_name_alone_above_the_doc_number_is_the_masthead_of_a_letter_style_notice():
    from test_import_general import draft_of
    draft = draft_of("某某市科学技术协会\n某科协发〔2023〕5号\n关于举办2023年科技活动周活动的通知\n各区县科协：\n"
                     "一、活动时间\n2023年5月20日至26日\n")
    assert draft.issuers == ["某某市科学技术协会"] and draft.doc_number == "某科协发〔2023〕5号"


def test_the_title_a_government_page_states_in_its_metadata_is_the_title_without_its_label():
    from test_import_general import draft_of
    draft = draft_of("发文机关：某某市科学技术局  成文日期：2022年04月28日\n标  题：关于举办2022年科技活动周的通知\n"
                     "发文字号：某科发〔2022〕15号\n各区县科技局：\n一、活动时间\n2022年5月21日至27日\n")
    assert draft.title == "关于举办2022年科技活动周的通知"
    assert draft.issuers == ["某某市科学技术局"] and draft.issued.isoformat() == "2022-04-28"


def test_a_local_phone_number_under_a_body_is_not_taken_for_a_date_that_lost_its_characters():
    from test_import_general import draft_of
    draft = draft_of("关于举办2023年科技活动周活动的通知\n各区县科协：\n一、活动时间\n2023年5月20日至26日\n"
                     "二、联系方式\n市科协科普部\n2012345\n")  # a web copy cut before its 落款
    assert draft.signatures == [] and draft.issuers == []
