"""The importer on more real layouts (issue 12, sixth round): one test per pattern, each failing before its fix.

Every notice text here is composed for the test (invented bodies, people and numbers).
"""

from __future__ import annotations

import pytest

from test_import_general import BARE, draft_of, front_of

HEAD = "某某大学关于开展2024年科技活动周活动的通知\n各学院、各部门：\n"
TAIL = "\n一、有关要求\n请各学院积极参加。\n某某大学科技处\n2024年5月8日\n"


def based_on(opening: str) -> list[dict]:
    return front_of(draft_of(HEAD + opening + TAIL)).get("based_on", [])


def test_a_notice_named_under_a_short_name_is_the_one_the_short_name_stands_for():
    refs = based_on("近日，省科技厅下发了《关于转发<某部关于举办2024年科技活动周的通知>的通知》（甲科发〔2024〕9号，"
                    "以下简称省《通知》）。按照省《通知》精神，现将有关事项通知如下：")
    assert [r.get("doc_number") for r in refs] == ["甲科发〔2024〕9号"]
    assert refs[0]["title"] == "关于转发<某部关于举办2024年科技活动周的通知>的通知"


def test_a_document_number_left_unclosed_before_the_next_notice_keeps_both_notices():
    refs = based_on("根据《甲省办公室关于做好2024年科技活动周工作的通知》（甲办〔2024〕3号和乙市办公室"
                    "《关于印发2024年科技活动周方案的通知》（乙办〔2024〕7号）要求，现将有关事项通知如下：")
    assert [r.get("doc_number") for r in refs] == ["甲办〔2024〕3号", "乙办〔2024〕7号"]


@pytest.mark.parametrize("comma", ["，", ","])  # pages stored with half-width punctuation
def test_the_text_this_notice_sends_out_is_no_basis_and_a_bare_number_before_it_is(comma):
    refs = based_on(f"根据校办字[2024]12号文件要求{comma}经工作组研究{comma}现将《某某大学科技活动周活动安排》印发给你们{comma}"
                    "请认真执行。")
    assert [r.get("doc_number") for r in refs] == ["校办字[2024]12号"]
    assert all("活动安排" not in (r.get("title") or "") for r in refs)


def test_a_notice_received_and_named_by_its_number_in_brackets_is_a_basis():
    refs = based_on("接市科技局通知（市科字〔2024〕5号），2024年科技活动周将于5月18日至24日举办，现将有关事项通知如下：")
    assert [r.get("doc_number") for r in refs] == ["市科字〔2024〕5号"]


PRINTED_PLAN = """校办字[2024]31号
关于印发《某某中学第五届科技节活动安排》的通知
各处室、年级：
根据校办字[2024]30号文件要求，现将《某某中学第五届科技节活动安排》印发给你们，请认真执行。
特此通知
附件：《某某中学第五届科技节活动安排》
某某中学
2024年11月20日
某某中学第五届科技节活动安排
一、科技节主题
“探索·创新”
二、活动安排
（一）科普讲座
时间：11月25日下午
"""


def test_a_plan_listed_as_annex_above_the_closing_is_still_the_plan_printed_after_the_date():
    front = front_of(draft_of(PRINTED_PLAN))
    assert front["issued"] == "2024-11-20"
    assert front["issuers"] == ["某某中学"]
    (annex,) = front["annexes"]
    assert annex["kind"] == "text" and annex["title"] == "某某中学第五届科技节活动安排"
    assert [r["doc_number"] for r in front["based_on"]] == ["校办字[2024]30号"]


def test_a_theme_quoted_after_genju_is_the_theme():
    front = front_of(draft_of(HEAD + "1.比赛内容。根据“科学点亮未来”主题自由选择题目讲解。" + TAIL))
    assert front["theme"] == "科学点亮未来"


PROVINCE_BY_LEVEL = """甲科函字【2024】12号
各地级以上市科技局：
为推动全社会普及科学知识，“活动月”将围绕“增创广东创新新优势”这一主题开展。现将有关事项通知如下：
一、活动时间
2024年5月。
省科技厅
2024年3月20日
"""


def test_a_body_named_only_by_its_level_takes_the_province_its_doc_number_and_body_both_name():
    text = PROVINCE_BY_LEVEL.replace("甲科函字", "粤科函字")
    front = front_of(draft_of(text))
    assert front["issuers"] == ["省科技厅"] and front["region"] == "guangdong"


def test_one_clue_alone_states_no_province():
    front = front_of(draft_of(PROVINCE_BY_LEVEL.replace("甲科函字", "苏科函字")))  # 文号 says 江苏, body says 广东
    assert front.get("region") != "jiangsu"
    assert not str(front.get("region", "")).startswith("guangdong")


def test_a_place_after_jie_is_the_place_not_the_verb():
    draft = draft_of("关于做好2024年科技活动周工作的通知\n各学院：\n接杭州市科技局通知（杭科字〔2024〕5号），"
                     "科技活动周将于5月18日至24日举办。\n一、有关要求\n请各学院积极参加。\n", BARE)
    assert [(a.name, a.key) for a in draft.site_additions] == [("杭州市", "hangzhou")]
    assert front_of(draft)["region"] == "hangzhou（待确认）"  # named in the body only: for the editor to confirm


def test_an_email_given_with_the_body_material_goes_to_is_that_bodys_contact():
    text = ("某省科协办公厅关于播出宣传片的通知\n各市科协：\n请你单位于2024年9月4日至9月20日播出宣传片，"
            "并将播出情况反馈省科协科普部（邮箱：kepu@example.cn）。\n某省科协办公厅\n2024年8月29日\n")
    (contact,) = front_of(draft_of(text))["contacts"]
    assert contact["body"] == "省科协科普部" and contact["email"] == "kepu@example.cn"


def test_annexes_named_number_first_in_the_body_with_sub_numbers_are_the_annexes():
    text = HEAD + ("一、活动安排\n（一）主会场活动由组委会统一组织（详见附件1.《2024年某某科普周方案》）。\n"
                   "（二）各学校于10月15日前报送分会场活动项目（详见附件1-1.《2024年某某科普周分会场项目表》）。\n")
    front = front_of(draft_of(text))
    assert [a["title"] for a in front["annexes"]] == ["2024年某某科普周方案", "2024年某某科普周分会场项目表"]
    (deadline,) = front["deadlines"]
    assert str(deadline["annex"]) == "2"  # 附件1-1 is the second annex, not 附件1


def test_bodies_stacked_one_a_line_above_the_title_are_all_issuers():
    text = ("某某市科学技术局\n中共某某市委宣传部\n某某市科学技术协会\n关于举办2024年科技活动周的通知\n"
            "各县科技管理部门：\n现将有关事项通知如下：\n一、做好报备工作\n请于2024年5月6日前报送市科技局。\n")
    assert front_of(draft_of(text))["issuers"] == ["某某市科学技术局", "中共某某市委宣传部", "某某市科学技术协会"]


def test_a_span_after_riqi_dingwei_is_the_campaign_period():
    text = HEAD + "我校2024年科技活动周与全国同步，日期定为2024年5月18日-24日，主题为“科学点亮未来”。\n"
    assert front_of(draft_of(text))["dates"] == {"start": "2024-05-18", "end": "2024-05-24"}


def test_a_date_before_which_something_is_fed_back_is_a_deadline():
    text = HEAD + "请各学院播出宣传片，于2024年9月10日前将播出情况以截图方式反馈科技处（邮箱：kjc@example.cn）。\n"
    (deadline,) = front_of(draft_of(text))["deadlines"]
    assert deadline["date"] == "2024-09-10" and deadline["to"] == "科技处"


@pytest.mark.parametrize("title", ["某某区教育局转发《教育部办公厅关于印发<应急演练指南>的通知》的通知",
                                   "某某市科学技术协会转发《某某办公厅关于开展科普活动的通知》的通知"])
def test_the_body_before_zhuanfa_is_the_issuer_not_the_text_up_to_the_guanyu_inside(title):
    name = title.partition("转发")[0]
    text = title + "\n各中小学：\n现将有关通知转发给你们，请遵照执行。\n一、有关要求\n请认真组织。\n"
    assert front_of(draft_of(text))["issuers"] == [name]


def test_a_day_the_title_names_short_and_the_body_names_in_full_is_the_campaign():
    text = ("关于开展2024年“5.12”防灾减灾日宣传活动的通知\n各学院：\n今年5月12日是第16个全国防灾减灾日。现将有关事项通知如下：\n"
            "一、活动时间\n2024年5月11日至17日。\n")
    draft = draft_of(text, BARE)
    (added,) = [a for a in draft.site_additions if a.section == "campaigns"]
    assert added.name == "全国防灾减灾日" and front_of(draft)["campaign"] == added.key
