"""Field names as editors type them by habit: the Chinese labels of a government document's metadata."""

from __future__ import annotations

# Field names typed by habit in Chinese (the labels of a government document's metadata), with the fields they
# mean; where one word means a field in several places (电话), the first field valid at that place is named.
CHINESE_FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "标题": ("title",), "题目": ("title",), "名称": ("title", "name"), "文号": ("doc_number",),
    "发文字号": ("doc_number",), "字号": ("doc_number",), "成文日期": ("issued",), "印发日期": ("issued",),
    "发布日期": ("published",), "发布时间": ("published",), "修订日期": ("revised",), "文种": ("doc_type",),
    "发文机关": ("issuers",), "发文单位": ("issuers",), "主办单位": ("issuers",), "发文机关标志": ("masthead",),
    "地区": ("region",), "区域": ("region",), "活动": ("campaign",), "活动名称": ("campaign",),
    "主题": ("theme",), "活动主题": ("theme",), "时间": ("dates", "date"), "活动时间": ("dates",),
    "日期": ("date",), "开始": ("start",), "开始日期": ("start",), "结束": ("end",), "结束日期": ("end",),
    "主送": ("recipients",), "主送机关": ("recipients",), "主送单位": ("recipients",), "依据": ("based_on",),
    "联合行动": ("actions",), "专项行动": ("actions",), "截止": ("deadlines",), "截止事项": ("deadlines",),
    "截止日期": ("deadlines", "date"), "联系人": ("contacts", "people"), "联系方式": ("contacts",),
    "附件": ("annexes",), "落款": ("signatures",), "署名": ("signatures",), "抄送": ("cc",), "印发": ("printed_by",),
    "摘要": ("summary",), "主题分类": ("category",), "有效性": ("validity",), "索引号": ("index_number",),
    "草稿": ("draft",), "电话": ("phones",), "联系电话": ("phones",), "传真": ("phones",), "手机": ("phones",),
    "邮箱": ("email",), "电子邮箱": ("email",), "电子邮件": ("email",), "地址": ("address",),
    "通讯地址": ("address",), "邮编": ("postcode",), "邮政编码": ("postcode",), "单位": ("body",),
    "部门": ("body", "role"), "姓名": ("name",), "职务": ("role",), "备注": ("note",), "分机": ("ext",),
    "内容": ("text", "what", "body"), "事项": ("what",), "报送": ("to",), "报送单位": ("to",),
}
