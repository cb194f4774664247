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
