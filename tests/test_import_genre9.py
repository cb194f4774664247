"""The importer on more real layouts (issue 12, ninth round): one test per pattern, each failing before its fix.

Every notice text here is composed for the test (invented bodies, people and numbers).
"""

from __future__ import annotations

from test_import_general import SITE, draft_of, front_of

# a whole notice pasted from a web page as ONE line, its paragraphs set apart by runs of spaces
ONE_LINE = ("关于举办2021年某某知识竞赛的通知(某办函〔2021〕7号)\n"
            "2021-05-20 09:10  浏览:88\n"
            "各市、县科协,有关学会:   为提高公众科学素质,某某工作办公室决定举办2021年某某知识竞赛活动。   "
            "一、主办单位   某某工作办公室   二、活动主题   科学点亮生活   三、活动时间   2021年6-8月   "
            "四、有关要求   各单位要认真组织,广泛宣传,确保活动取得实效。   联系人:刘青  010-62345678   "
            "某某工作办公室   2021年5月18日\n")


def test_a_notice_pasted_as_one_line_with_runs_of_spaces_is_read_paragraph_by_paragraph():
    front = front_of(draft_of(ONE_LINE))
    assert front["recipients"] == "各市、县科协,有关学会"
    assert front["issued"] == "2021-05-18"
    assert front["signatures"] == ["某某工作办公室"]
    assert front["contacts"] == [{"people": ["刘青"], "phones": ["010-62345678"]}]


def test_two_bodies_two_spaces_apart_on_a_signature_line_are_not_paragraphs():
    text = ONE_LINE.replace("某某工作办公室   2021年5月18日", "某某工作办公室  某某协会   2021年5月18日")
    assert front_of(draft_of(text))["signatures"] == ["某某工作办公室", "某某协会"]


def test_a_doc_number_in_brackets_at_the_end_of_a_web_headline_is_the_notices():
    front = front_of(draft_of(ONE_LINE))
    assert front["title"] == "关于举办2021年某某知识竞赛的通知"
    assert front["doc_number"] == "某办函〔2021〕7号"


WEB_LINE = """关于组织参加2023年某某大赛的通知
来源:省某厅 发布日期:2023-06-02 查看:某科函字〔2023〕215号
各地级以上市科技局,各有关单位:
为普及科学知识,现组织参加2023年某某大赛。请于7月20日前报送作品。
省某厅
2023年6月1日
"""


def test_a_doc_number_glued_to_the_last_label_of_the_web_line_is_the_notices():
    assert front_of(draft_of(WEB_LINE))["doc_number"] == "某科函字〔2023〕215号"


CONTACTS = """关于转发某某专题指南的通知
各区科技部门、各有关单位:
现将《某省某厅关于发布某某专题指南的通知》转发给你们,请认真组织申报。
三、工作联系方式
1.某市科技局人才科:0757-2123456。
2.专题业务咨询:王一兵、李二红,020-31234567、81234567。
3.业务受理及技术支持:020-81234000、81234111。
4.综合业务咨询:020-81234222。
某市科技局
2024年8月19日
"""


def test_numbered_contact_lines_headed_by_a_body_or_a_task_keep_each_number_in_a_contact_of_its_own():
    front = front_of(draft_of(CONTACTS))
    contacts = front["contacts"]
    assert contacts[0] == {"body": "某市科技局人才科", "phones": ["0757-2123456"]}
    assert contacts[1]["people"] == ["王一兵", "李二红"]  # the numbers after both names are shared, not 李二红's
    assert [p if isinstance(p, str) else p["number"] for p in contacts[1]["phones"]] == ["020-31234567", "81234567"]
    assert contacts[3]["phones"] == ["020-81234222"]
    assert all("020" not in str(person) for contact in contacts for person in contact.get("people", []))


def test_a_local_number_after_another_citys_number_is_kept_as_printed_and_marked():
    draft = draft_of(CONTACTS.replace("2.专题业务咨询", "2.专题咨询").replace("某市科技局\n", "佛山市科技局\n"))
    front = front_of(draft)
    assert front["region"].startswith("foshan"), front["region"]
    shared = front["contacts"][1]["phones"]
    assert shared[1]["number"] == "81234567" and "020" in shared[1]["note"] and "（待确认）" in shared[1]["note"]
    assert any(u.field == "contacts" and "020-81234567" in u.message for u in draft.undecided)


def test_a_local_number_after_a_number_of_the_notices_own_city_is_not_marked():
    text = CONTACTS.replace("020-31234567、81234567", "0757-31234567、8123456").replace("某市科技局\n", "佛山市科技局\n")
    front = front_of(draft_of(text))
    assert front["contacts"][1]["phones"] == ["0757-31234567", "8123456"]


STACKED = """关于转发《关于开展2023年某某网络知识竞赛的通知》的通知
来源:某市科协 发布时间:2023-09-12

某市科学技术协会

某市农业农村局

某科协〔2023〕41号

各县(市、区)科协、农业农村局,各有关单位:
现将《关于开展2023年某某网络知识竞赛的通知》(某科协发〔2023〕88号)转发给你们,请认真组织。
附件:某科协〔2023〕41号关于转发某某网络知识竞赛的通知.pdf
某市科学技术协会 某市农业农村局
2023年9月8日
某市科学技术协会
联系人:张晓
联系电话:0513-51234567
电子信箱:zhangxiao@example.cn
联系地址:某市某路2号301室
某市农业农村局
联系人:李默
联系电话:13912345678
"""


def test_bodies_and_doc_number_stacked_under_a_web_headline_are_the_notices_head():
    front = front_of(draft_of(STACKED))
    assert front["doc_number"] == "某科协〔2023〕41号"
    assert front["recipients"] == "各县(市、区)科协、农业农村局,各有关单位"


def test_an_annex_that_is_the_notice_itself_by_its_doc_number_is_no_annex_and_is_named():
    draft = draft_of(STACKED)
    assert "annexes" not in front_of(draft)
    assert any(u.field == "annexes" and "original" in u.message for u in draft.undecided)


def test_contact_blocks_under_the_date_each_headed_by_its_body_are_read_whole():
    contacts = front_of(draft_of(STACKED))["contacts"]
    assert contacts == [
        {"body": "某市科学技术协会", "people": ["张晓"], "phones": ["0513-51234567"], "email": "zhangxiao@example.cn",
         "address": "某市某路2号301室"},
        {"body": "某市农业农村局", "people": ["李默"], "phones": ["13912345678"]}]


def test_a_web_pages_date_glued_to_the_recipients_is_not_part_of_them():
    text = WEB_LINE.replace("来源:省某厅 发布日期:2023-06-02 查看:某科函字〔2023〕215号\n各地", "2023-06-02各地")
    assert front_of(draft_of(text))["recipients"] == "各地级以上市科技局,各有关单位"


def test_a_font_size_line_of_a_web_page_does_not_hide_the_recipients():
    text = WEB_LINE.replace("查看:某科函字〔2023〕215号\n", "\n字体显示:【大】  【中】  【小】\n")
    assert front_of(draft_of(text))["recipients"] == "各地级以上市科技局,各有关单位"


def test_a_bracketed_contact_under_the_date_with_person_and_number_under_one_label():
    text = WEB_LINE + "(联系人及电话:周明,020-81234567)\n"
    assert front_of(draft_of(text))["contacts"] == [{"people": ["周明"], "phones": ["020-81234567"]}]


def test_a_sentence_naming_a_contact_list_is_no_contact_and_a_bracket_left_open_is_no_body():
    text = WEB_LINE.replace("省某厅\n2023年6月1日\n", "四、咨询方式\n各单位遇到问题,可按照附件3联系方式咨询所在区科协。\n"
                            "(联系人:吴明,电话:82512345\n")
    assert front_of(draft_of(text))["contacts"] == [{"people": ["吴明"], "phones": ["82512345"]}]


SIGNED = """关于组织参加2019年某某网络竞赛的通知
各学院:
为提高学生科学素质,现组织参加2019年某某网络竞赛,请各学院认真组织。
附件:某省科学素质工作办公室转发全
      国某某工作办公室关于开展2019
      年某某网络竞赛的通知
{signature}
2019年4月2日
"""


def test_two_bodies_joined_by_a_dunhao_on_the_signature_line_are_two_signers():
    front = front_of(draft_of(SIGNED.format(signature="校团委、校科协")))
    assert front["signatures"] == ["校团委", "校科协"]
    assert front["issuers"] == ["校团委", "校科协"]


def test_an_annex_title_wrapped_over_three_lines_is_one_title_and_no_part_of_the_signature():
    front = front_of(draft_of(SIGNED.format(signature="某市科学素质工作办公室")))
    assert front["signatures"] == ["某市科学素质工作办公室"]
    assert [a["title"] for a in front["annexes"]] == ["某省科学素质工作办公室转发全国某某工作办公室关于开展2019年某某网络竞赛的通知"]


READERS = """某市图书馆第五届“科普之春”宣传月活动安排
时间: 2016-03-10
尊敬的读者:
为普及科学知识,本馆将开展为期一个月的科普宣传月活动。
一、活动时间
2016年3月20日——4月18日
二、活动内容
科普讲座
点击报名
欢迎广大读者积极参与!
某市图书馆
2016年3月10日
"""


def test_a_headline_ending_in_huodong_anpai_is_the_title_and_a_greeting_to_readers_the_recipients():
    front = front_of(draft_of(READERS))
    assert front["title"] == "某市图书馆第五届“科普之春”宣传月活动安排"
    assert front["recipients"] == "尊敬的读者"


def test_a_closing_sentence_with_a_half_width_exclamation_mark_is_no_signer():
    front = front_of(draft_of(READERS))
    assert front["signatures"] == ["某市图书馆"]
    assert front["issuers"] == ["某市图书馆"]


WINDOW = """关于组织申报2024年某某科普项目的通知
各有关单位:
现将有关事项通知如下:
一、申报方式
(一)项目申报。由有关单位按照指南要求进行申报。
(二)申报时间。申报单位网上集中申报时间为2024年6月3日9:00~6月28日17:00。
某市科技局
2024年5月30日
"""


def test_an_application_window_with_clock_times_is_a_deadline_and_no_one_day_campaign_period():
    front = front_of(draft_of(WINDOW))
    assert [(d.get("start"), d["date"]) for d in front["deadlines"]] == [("2024-06-03", "2024-06-28")]
    assert "dates" not in front


def test_a_file_list_under_the_date_is_the_annex_list_and_a_file_named_after_its_place_keeps_only_its_title():
    text = WINDOW + "附件:附件.某省科技厅关于发布2024年某某科普专题指南的通知.pdf\n"
    front = front_of(draft_of(text))
    assert front["annexes"] == [{"kind": "document", "title": "某省科技厅关于发布2024年某某科普专题指南的通知"}]
    assert front["signatures"] == ["某市科技局"]


def _people(line: str) -> list:
    text = WINDOW.replace("某市科技局\n2024年5月30日\n", line + "\n联系电话:010-61234567\n某市科技局\n2024年5月30日\n")
    return front_of(draft_of(text))["contacts"][0]["people"]


def test_names_with_their_characters_set_apart_are_parted_by_the_wider_gaps():
    assert _people("联 系 人:王 小 明   李 华") == ["王小明", "李华"]


def test_four_characters_set_apart_evenly_are_two_names_of_two():
    assert _people("联 系 人:周  文  唐  罡") == ["周文", "唐罡"]


def test_three_characters_set_apart_evenly_are_one_name():
    assert _people("联 系 人:王  小  明") == ["王小明"]


def test_four_characters_set_apart_evenly_starting_with_a_compound_surname_stay_one_name():
    assert _people("联 系 人:欧  阳  晓  明") == ["欧阳晓明"]


def test_each_person_followed_by_a_number_of_their_own_keeps_it():
    contacts = front_of(draft_of(WINDOW.replace("某市科技局\n2024", "联系人:张三 0913-2123456,李四 0913-2654321\n某市科技局\n2024")))["contacts"]
    assert contacts[0]["people"] == [{"name": "张三", "phones": ["0913-2123456"]}, {"name": "李四", "phones": ["0913-2654321"]}]


def test_a_long_line_of_form_fields_set_apart_by_spaces_is_not_cut_into_paragraphs():
    from generator.importer.recognise import spaced_paragraphs
    line = "推荐单位（盖章）：" + " " * 12 + "联系人：" + " " * 12 + "联系电话：" + " " * 12 + "电子邮箱：" + " " * 40 + "填表日期：" + " " * 30
    assert spaced_paragraphs(line) == [line]


def test_a_span_of_months_whose_first_month_leaves_its_yue_to_the_second_is_read_and_accepted():
    import datetime as dt

    from generator import approx
    assert approx.window("2019年6-9月", None) == (dt.date(2019, 6, 1), dt.date(2019, 9, 30), True)
    assert approx.window("6-9", 2019) is None
    assert front_of(draft_of(ONE_LINE))["dates"] == {"label": "2021年6-8月"}
