"""The importer on more real layouts (issue 12, seventh round): one test per pattern, each failing before its fix.

Every notice text here is composed for the test (invented bodies, people and numbers).
"""

from __future__ import annotations

import pytest

from test_import_general import draft_of, front_of

REPOSTED = """某部科技司关于组织开展“2024年科普讲解大赛”推荐活动的通知
某技司〔2024〕88号
各有关高等学校：
现将《某部办公厅关于举办2024年科普讲解大赛的通知》转发给你们，请组织选报选手，现将有关要求通知如下：
1.各高校自愿组织选手报名参加。
2.联系方式
联系人：周 敏
电 话：010-61234567
附件：1.某部办公厅关于举办2024年科普讲解大赛的通知
2.2024年科普讲解大赛选手报名表
某部科学技术司
校内报名方式：请先联系本学院科研秘书
校内报名截止时间：5月14日
科研处联系人：郑一凡
62345678
kyc@example.edu.cn
"""


def test_a_signature_without_its_date_closes_the_notice_and_a_reposting_page_lines_after_it_are_read():
    draft = draft_of(REPOSTED)
    front = front_of(draft)
    assert front["signatures"] == ["某部科学技术司"]
    # the title names the body short (科技司), the signature in full: the issuer as signed
    assert front["issuers"] == ["某部科学技术司"]
    assert "issued" not in front
    assert [a["title"] for a in front["annexes"]] == ["某部办公厅关于举办2024年科普讲解大赛的通知",
                                                      "2024年科普讲解大赛选手报名表"]
    assert [d.date.isoformat() for d in draft.deadlines] == ["2024-05-14"]
    second = front["contacts"][-1]
    assert second["body"] == "科研处" and second["people"] == ["郑一凡"]
    assert second["phones"] == ["62345678"] and second["email"] == "kyc@example.edu.cn"
    # the page's own lines are kept (at the end of the body) and named for the editor
    assert "校内报名方式：请先联系本学院科研秘书" in draft.body
    assert any(u.field == "body" and "after the signature" in u.message for u in draft.undecided)


def test_an_organisation_line_under_the_annex_list_followed_by_a_contact_field_is_no_signature():
    text = REPOSTED.split("某部科学技术司\n")[0] + "某部科研处\n联系人：郑一凡\n62345678\n"
    front = front_of(draft_of(text))
    assert "signatures" not in front
    assert front["issuers"] == ["某部科技司"]


WEB_COPY = """关于举办2024年某区科技活动周的通知
{line}
各街道、各有关单位：
为办好2024年科技活动周，现将有关事项通知如下：
一、活动时间
5月18日至24日。
"""


@pytest.mark.parametrize("line, published", [
    ("发布时间：2024-05-08 10:31 浏览量：12", "2024-05-08"),
    ("发布日期:2024年05月08日", "2024-05-08"),
    ("2024-05-08 14:58 | 某区科学技术局 | 147", "2024-05-08"),
    ("来源：某区科技局 作者：某某 点击数：3 发表时间：2024-05-08 16:33:46", "2024-05-08"),
])
def test_the_day_a_web_page_states_it_published_the_notice_is_published_never_issued(line, published):
    draft = draft_of(WEB_COPY.format(line=line))
    front = front_of(draft)
    assert front["published"] == published and "issued" not in front
    assert any(u.field == "published" and "成文日期" in u.message for u in draft.undecided)
    assert draft.year == 2024


def test_a_date_the_page_states_for_something_else_is_not_published():
    front = front_of(draft_of(WEB_COPY.format(line="活动时间：2024年5月18日上午9:00")))
    assert "published" not in front


SERIAL_HEADER_ONLY = """关于举办2022年某县全国科普日活动的通知
各乡镇：
一、活动内容
请各单位于2022年9月10日前将活动汇总表（附件1）报送县科协。
附件：1.活动汇总表
某县科协
2022年8月1日
附件1
活动汇总表
序号\t活动名称\t时间\t地点
"""


def test_a_table_whose_first_column_is_the_serial_number_is_numbered_even_with_its_blank_rows_lost():
    annex = draft_of(SERIAL_HEADER_ONLY).annexes[0]
    assert annex.kind == "table" and annex.columns[0].name == "序号"
    assert annex.numbered is True


def test_a_table_without_a_serial_column_and_without_numbers_is_not_numbered():
    annex = draft_of(SERIAL_HEADER_ONLY.replace("序号\t", "单位\t")).annexes[0]
    assert annex.numbered is False


def test_a_heading_and_the_paragraph_under_it_do_not_run_together_into_a_place_name():
    draft = draft_of("关于征集2025年科普月重点活动项目的通知\n各有关单位：\n为办好科普月，现将有关事项通知如下：\n"
                     "一、征集对象\n省城各高校、科研院所。\n二、有关要求\n请于8月10日前报送。\n")
    assert "征集对象" not in draft.region and not any(a.name.startswith("征集对象") for a in draft.site_additions)


HEAD = "某某大学关于开展2024年科技活动周活动的通知\n各学院、各部门：\n"
TAIL = "\n一、有关要求\n请各学院积极参加。\n某某大学科技处\n2024年5月8日\n"


def based_on(opening: str) -> list[dict]:
    return front_of(draft_of(HEAD + opening + TAIL)).get("based_on", [])


@pytest.mark.parametrize("opening, number, issuer", [
    ("为贯彻落实《甲部 乙部关于举办2024年科技活动周的通知》（国科发才〔2024〕100号）精神，现将有关事项通知如下：",
     "国科发才〔2024〕100号", None),
    ("为认真落实省科协《关于开展2024年科技活动周的通知》(甲科协发〔2024〕12号)部署，现将有关事项通知如下：",
     "甲科协发〔2024〕12号", "省科协"),
    ("近日，某会、某部联合下发了《关于开展2024年全国科技工作者日活动的通知》（科协发组字〔2024〕5号），现通知如下：",
     "科协发组字〔2024〕5号", None),
    ("接省科协《关于组织开展2024年科技活动周的通知》（甲科协函〔2024〕3号），现将有关事项通知如下：",
     "甲科协函〔2024〕3号", "省科协"),
    ("遵照《关于举办2024年科技活动周的通知》（国科发才〔2024〕100号）精神，现将有关事项通知如下：",
     "国科发才〔2024〕100号", ""),
    ("结合《关于举办2024年科技活动周的通知》（国科发才〔2024〕100号）安排，现将有关事项通知如下：",
     "国科发才〔2024〕100号", ""),
])
def test_a_notice_implemented_under_other_verbs_is_a_basis(opening, number, issuer):
    refs = based_on(opening)
    assert [r.get("doc_number") for r in refs][:1] == [number]
    assert issuer is None or refs[0].get("issuer", "") == issuer


def test_a_plan_the_notice_follows_without_a_number_or_the_word_notice_is_no_basis_under_those_verbs():
    assert based_on("为贯彻落实《全民科学素质行动规划纲要》，结合我校实际，现将有关事项通知如下：") == []


def test_a_word_for_higher_levels_is_not_the_issuer_of_a_basis():
    refs = based_on("依据上级《关于开展2024年科技活动周的通知》（甲科〔2024〕1号）的有关要求，现将有关事项通知如下：")
    assert [r.get("doc_number") for r in refs] == ["甲科〔2024〕1号"] and "issuer" not in refs[0]


def test_tecitongzhi_without_its_full_stop_is_not_part_of_the_signature_under_it():
    draft = draft_of(HEAD + "一、有关要求\n请各学院积极参加。\n特此通知\n科技处\n2024年5月8日\n")
    assert draft.signatures == ["科技处"] and draft.issuers == ["某某大学"]


def contacts(block: str) -> list[dict]:
    return front_of(draft_of("关于举办2024年某市全国科普日活动的通知\n各单位：\n一、要求\n请各单位积极参加。\n" + block))[
        "contacts"]


def test_fields_of_one_person_separated_by_semicolons_stay_one_contact():
    assert contacts("联系人：张三；联系电话：0913-1234567；邮箱：abc@163.com") == [
        {"people": ["张三"], "phones": ["0913-1234567"], "email": "abc@163.com"}]


@pytest.mark.parametrize("label", ["办公室电话", "座机", "值班电话", "联系方式"])
def test_a_phone_under_a_label_of_another_wording_is_the_persons_phone(label):
    assert contacts(f"联系人：王五  {label}：0913-1234567") == [{"people": ["王五"], "phones": ["0913-1234567"]}]


@pytest.mark.parametrize("text", ["9月15日（星期日）至21日（星期六）", "9月15日(周日)-9月21日(周六)", "9月15日起至9月21日"])
def test_a_span_with_weekdays_or_qi_between_its_days_is_read_whole(text):
    from generator.importer.dates import period_in
    period = period_in(text, 2024)
    assert (period.start.isoformat(), period.end.isoformat()) == ("2024-09-15", "2024-09-21")


def test_two_bodies_on_one_line_above_the_title_are_two_issuers():
    draft = draft_of("某某市科学技术协会 某某市科学技术局\n关于开展2024年全国科普日活动的通知\n各区县科协：\n"
                     "为办好全国科普日，现将有关事项通知如下：\n一、有关要求\n请于9月10日前报送。\n")
    assert draft.issuers == ["某某市科学技术协会", "某某市科学技术局"]


ANNEX_HEAD = ("某某市科学技术协会关于开展2024年全国科普日活动的通知\n各区县科协：\n为办好全国科普日，现将有关事项通知如下：\n"
              "一、有关要求\n请于9月10日前报送活动汇总表。\n")
ANNEX_TAIL = "某某市科学技术协会\n2024年8月8日\n"


@pytest.mark.parametrize("listed", [
    "附件：（1）2024年活动汇总表\n（2）2024年优秀活动推荐表\n",
    "附件：①2024年活动汇总表\n②2024年优秀活动推荐表\n",
    "附件:1.2024年活动汇总表 2.2024年优秀活动推荐表\n",
    "附件：1.2024年活动汇总表    2.2024年优秀活动推荐表\n",
])
def test_annex_lists_numbered_in_other_ways_or_on_one_line_give_each_annex(listed):
    draft = draft_of(ANNEX_HEAD + listed + ANNEX_TAIL)
    assert [a.title for a in draft.annexes] == ["2024年活动汇总表", "2024年优秀活动推荐表"]
    assert draft.signatures == ["某某市科学技术协会"]


@pytest.mark.parametrize("label", ["附件下载", "相关附件"])
def test_a_web_pages_attachment_line_is_the_annex_list(label):
    draft = draft_of(ANNEX_HEAD + f"{label}：2024年活动汇总表.doc\n" + ANNEX_TAIL)
    assert [a.title for a in draft.annexes] == ["2024年活动汇总表"]


def body_contacts(sentence: str) -> list[dict] | None:
    return front_of(draft_of(ANNEX_HEAD + sentence + "\n" + ANNEX_TAIL)).get("contacts")


@pytest.mark.parametrize("sentence", ["如有疑问，请与市科协科普部张三联系，电话：0913-1234567。",
                                      "联系人为市科协科普部张三，联系电话：0913-1234567。"])
def test_a_body_and_person_run_together_in_a_sentence_are_the_contact(sentence):
    assert body_contacts(sentence) == [{"body": "市科协科普部", "people": ["张三"], "phones": ["0913-1234567"]}]


@pytest.mark.parametrize("line", ["咨询：张老师 0913-1234567", "报名咨询：张老师，0913-1234567"])
def test_a_person_to_ask_under_zixun_is_a_contact(line):
    assert body_contacts(line) == [{"people": ["张老师"], "phones": ["0913-1234567"]}]


def test_a_phone_that_is_also_the_fax_after_the_persons_name_is_no_person():
    assert body_contacts("联系人：张三，电话（传真）：0913-1234567") == [
        {"people": ["张三"], "phones": [{"number": "0913-1234567", "kind": "both"}]}]


def test_the_contacts_body_under_lianxidanwei_above_the_person_is_kept():
    assert body_contacts("联系单位：市科协科普部\n联系人：张三\n联系电话：0913-1234567") == [
        {"body": "市科协科普部", "people": ["张三"], "phones": ["0913-1234567"]}]


def test_a_short_body_a_web_page_names_as_its_source_is_offered_for_the_issuer():
    draft = draft_of("关于举办2024年某市青少年科普活动周活动的通知\n发布时间: 2024-10-13 出处: 市科协\n各学校：\n"
                     "为办好活动周，现将有关事项通知如下：\n一、活动时间\n2024年11月13日至20日。\n")
    assert draft.issuers == []
    (doubt,) = [u for u in draft.undecided if u.field == "issuers"]
    assert "市科协" in doubt.message


def test_a_deadline_without_a_year_in_a_notice_that_states_none_is_named_not_dropped_silently():
    draft = draft_of("各有关学院：\n现将某部《关于开展征文活动的通知》（某函[2012]9号）转发你们，如有申报，请于4月24日前"
                     "按附件要求报送校科技处。\n附件：关于开展征文活动的通知\n")
    assert draft.deadlines == []
    assert any(u.field == "deadlines" and "4月24日" in u.message and "year" in u.message for u in draft.undecided)


@pytest.mark.parametrize("line", ["今年全国科普日的主题是“激扬科学精神，建设科技强国”。", "本次活动主题为“激扬科学精神，建设科技强国”。"])
def test_a_sentence_under_the_theme_heading_gives_the_quoted_theme(line):
    draft = draft_of("关于开展2024年全国科普日活动的通知\n各区县科协：\n为办好全国科普日，现将有关事项通知如下：\n一、活动主题\n"
                     + line + "\n二、有关要求\n请积极参加。\n某某市科学技术协会\n2024年8月8日\n")
    assert draft.theme == "激扬科学精神，建设科技强国"


def test_addressees_ending_with_a_comma_instead_of_the_colon_are_the_recipients():
    draft = draft_of("关于开展2024年全国科普日活动的通知\n各区县科协，市直有关单位，\n为办好全国科普日，现将有关事项通知如下：\n"
                     "一、有关要求\n请积极参加。\n某某市科学技术协会\n2024年8月8日\n")
    assert draft.recipients == "各区县科协，市直有关单位"
    assert draft.body.startswith("为办好全国科普日")


MARKDOWN_TABLES = """某某市科学技术协会关于开展2024年全国科普日活动的通知
各区县科协：
为办好全国科普日，现将有关事项通知如下：
一、有关要求
请于9月10日前将活动汇总表（附件1）报送市科协。
附件：1.活动汇总表
2.优秀活动推荐表
某某市科学技术协会
2024年8月8日
附件1
活动汇总表
单位（盖章）：
| 序号 | 活动名称 | 时间 | 地点 | 负责人 |
|---|---|---|---|---|
| 1 | | | | |
| 2 | | | | |
| 3 | | | | |
附件2
优秀活动推荐表
| 活动名称 | | 举办单位 | |
| 活动时间 | | 活动地点 | |
"""


def test_tables_written_as_markdown_rows_are_tables_each_under_its_annex():
    table, form = draft_of(MARKDOWN_TABLES).annexes
    assert table.kind == "table" and table.title == "活动汇总表"
    assert [c.name for c in table.columns] == ["序号", "活动名称", "时间", "地点", "负责人"]
    assert (table.numbered, table.blank_rows, table.fields) == (True, 3, ["单位（盖章）："])
    assert form.kind == "form" and form.title == "优秀活动推荐表" and form.columns == 4


@pytest.mark.parametrize("title, doc_type", [("关于转发《某部关于开展科学调查体验活动的通知》的函", "函"),
                                             ("某某市2023年全国科普日活动总结", "总结"),
                                             ("关于表彰2023年全国科普日先进集体的通报", "通报"),
                                             ("关于开展2024年全国科普日活动的通知", None)])
def test_the_kind_of_document_the_title_ends_with_is_its_doc_type(title, doc_type):
    front = front_of(draft_of(title + "\n各区县科协：\n现将有关事项告知如下：\n一、有关要求\n请积极参加。\n某某市科学技术协会\n"
                              "2024年8月8日\n"))
    assert front.get("doc_type") == doc_type


@pytest.mark.parametrize("sentence", [
    "请于9月10日前填写《活动汇总表》（附件1）和《推荐表》（附件2）报送市科协。",
    "请于9月10日前将活动汇总表（见附件1）、推荐表（见附件2）报送市科协。",
    "请认真填写附件1《活动汇总表》，附件2《推荐表》，于9月10日前报送市科协。",
])
def test_annexes_named_in_a_sentence_in_other_shapes_are_listed(sentence):
    draft = draft_of(ANNEX_HEAD.replace("请于9月10日前报送活动汇总表。\n", "") + sentence + "\n" + ANNEX_TAIL)
    assert [a.title for a in draft.annexes] == ["活动汇总表", "推荐表"]


@pytest.mark.parametrize("ask, what", [("请于2024年9月30日（星期一）下班前报送活动总结。", "活动总结"),
                                       ("报送时间：9月30日前", "报送"),
                                       ("报名截止日期：9月30日。", "报名")])
def test_deadlines_with_a_working_day_end_or_under_a_label_of_sending(ask, what):
    draft = draft_of("某某市科学技术协会关于开展2024年全国科普日活动的通知\n各区县科协：\n为办好全国科普日，现将有关事项通知如下：\n"
                     "一、有关要求\n" + ask + "\n某某市科学技术协会\n2024年8月8日\n")
    assert [(d.date.isoformat(), d.what) for d in draft.deadlines] == [("2024-09-30", what)]


def test_co_issuers_named_with_spaces_at_the_head_of_a_quoted_title_keep_their_spaces_as_the_issuer():
    refs = based_on("根据《甲部 乙部 丙会关于举办2024年科技活动周的通知》（国科发才〔2024〕58号）精神，现将有关事项通知如下：")
    assert refs[0]["issuer"] == "甲部 乙部 丙会"


def test_a_contact_whose_number_is_dialled_in_another_province_is_named_with_the_region_to_add():
    draft = draft_of("重庆市科学技术协会关于开展2024年全国科普日活动的通知\n各区县科协：\n为办好全国科普日，现将有关事项通知如下：\n"
                     "一、有关要求\n请积极参加。\n联系人：张三\n联系电话：023-63001234\n全国科普日网站技术咨询\n联系人：李四\n"
                     "联系电话：010-63581234\n重庆市科学技术协会\n2024年8月8日\n")
    assert draft.region == "chongqing"
    doubts = [(u.index, u.message) for u in draft.undecided if u.field == "contacts"]
    assert [index for index, _ in doubts] == [1] and "region: 北京市" in doubts[0][1]
    assert "region" not in front_of(draft)["contacts"][1]  # not written: the text does not say where the contact is


def test_of_two_campaigns_the_title_names_the_first_named_is_the_notices():
    from generator.importer import vocabulary
    from test_import_general import SITE
    found = vocabulary.campaign("关于开展2025年全国科技活动周和全国科技工作者日活动的通知", "", SITE)
    assert found.key == SITE.campaign_names["全国科技活动周"]
    found = vocabulary.campaign("关于开展2025年全国科技工作者日和科技活动周活动的通知", "", SITE)
    assert found.key == SITE.campaign_names["全国科技工作者日"]
    found = vocabulary.campaign("关于举办2022年全国科技工作者日暨科技活动周的通知", "", SITE)
    assert found.key == SITE.campaign_names["全国科技工作者日暨科技活动周"]
