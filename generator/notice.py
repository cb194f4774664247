"""The notice model: every fact of a 通知 that is data, typed and validated.

``Front`` is the front matter exactly as the schema allows it. Names an editor
types for a region, campaign or joint action are resolved to site keys here,
against the :class:`~generator.config.Site` passed in the validation context.
No I/O happens in this module.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Annotated, Any, ClassVar, Literal, Union

import phonenumbers
from pydantic import (AfterValidator, BeforeValidator, Discriminator, Field, Tag, ValidationInfo, computed_field,
                      field_validator, model_validator)
from pydantic_core import PydanticCustomError

from . import approx, vocabulary
from .schema import (CellText, CellTextList, Date, Model, Text, TextList, fits_a_cell, in_range, needs_one_of, refuse,
                     unknown)
from .i18n import N_, tr, translated

_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_PHONE = re.compile(r"^[0-9+][0-9 ()（）\-—–]*[0-9]$")
# Full-width forms typed by Chinese input methods, where their meaning is certain (digits, ＠, dashes).
_HALF_WIDTH = str.maketrans("０１２３４５６７８９＠－＋．", "0123456789@-+.")
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
# 澄科协发〔2025〕１２号 typed with a Chinese input method: the number is the same, printed in half-width digits
DocNumber = Annotated[Text, AfterValidator(lambda value: value.translate(_FULL_WIDTH_DIGITS))]
# 转802, -802 after a whole number, ext. 802, 分机802
_EXTENSION = re.compile(r"^(?P<number>.*?[0-9])\s*(?:转|分机|ext\.?|x|EXT\.?|-)\s*(?P<ext>[0-9]{1,6})$")
_TITLE_ONLY = re.compile(r"^[\u4e00-\u9fff]{1,2}(?:老师|主任|科长|处长|部长|局长|馆长|院长|秘书长|书记|经理|同志|女士|先生)$")
_PEOPLE_SEPARATORS = re.compile(r"[，、,；;]")
ANNEX_FILE_TYPES = {".pdf": "PDF", ".doc": "Word 文档", ".docx": "Word 文档", ".xls": "Excel 表格",
                    ".xlsx": "Excel 表格", ".wps": "WPS 文字", ".et": "WPS 表格", ".ofd": "OFD 版式文件",
                    ".jpg": "JPEG 图片", ".jpeg": "JPEG 图片", ".png": "PNG 图片", ".zip": "ZIP 压缩包"}
DOC_TYPES = ("通知", "总结", "表彰", "报告", "函", "方案", "通报", "意见", "决定", "公告")


def half_width(value: str) -> str:
    """Full-width digits, ＠ and dashes as ASCII (an input method's forms; the meaning is the same)."""
    return value.translate(_HALF_WIDTH)


def notice_context(site: Any, data: Any, year: int, slug: str = "") -> dict:
    """What validating one notice needs besides its front matter: the site, the year of its folder
    (for dates written without one), its slug (attached files live in its folder) and the telephone
    area code of its region (for local numbers)."""
    region = data.get("region") if isinstance(data, dict) else None
    area_code = ""
    if site is not None and isinstance(region, str) and region.strip() in site.region_names:
        codes = site.dialling_codes(site.region_names[region.strip()])
        area_code = codes[0] if len(codes) == 1 else ""  # several (晋中市): a local number is checked by its length
    return {"site": site, "year": year, "slug": slug, "area_code": area_code}


def _resolve(kind: str, value: str, names: dict[str, str]) -> str:
    if value in names:
        return names[value]
    raise unknown(kind, value, names, tr("the known ones are listed in content/site.yaml"))


def resolve_term(section: str, value: str, site: Any) -> str:
    """A region or campaign name to its key; unknown, the closest known ones and the lines that add it."""
    names, entries = ((site.region_names, site.regions) if section == "regions"
                      else (site.campaign_names, site.campaigns))
    if value in names:
        return names[value]
    close = [f"`{key}` ({entries[key].name})" if value.isascii() else f"`{entries[key].name}`"
             for key in closest(value, names)]
    message = tr("unknown region `{value}`", value=value) if section == "regions" \
        else tr("unknown campaign `{value}`", value=value)
    key = vocabulary.suggested_key(value)
    while key in entries:
        key += "-2"
    lines = [f"{section}:", f"  - key: {key}", f"    name: {value}"]
    hint = (tr("write one of those, or add it to content/site.yaml (or under `children:` of the region it lies in):")
            if section == "regions" else tr("write one of those, or add it to content/site.yaml:"))
    parent = _county_of(value, site) if section == "regions" else None
    if parent is not None and parent.key in site.own["regions"]:  # the site lists 渭南市: among its children
        hint = tr("add it to content/site.yaml among the `children:` of {parent}:", parent=parent.name)
        lines = lines[1:]
    elif parent is not None:  # 蒲城县 lies in 渭南市: under it, and its notices are listed under 渭南市 and 陕西省 too
        hint = tr("add it to content/site.yaml under {parent}, where it lies:", parent=parent.name)
        lines = ["regions:", f"  - key: {parent.key}", f"    name: {parent.name}", "    children:",
                 *("    " + line for line in lines[1:])]
        if not close:
            message = tr("{message} (a county of {parent}, which the site does not list)", message=message,
                         parent=parent.name)
    if close:
        message = tr("{message}; did you mean {names}?", message=message, names=tr(", ").join(close))
    elif section != "regions" or parent is None:
        hint = tr("add it to content/site.yaml:")
    return_lines = "\n".join("        " + line for line in lines)
    raise refuse(message, f"{hint}\n{return_lines}")


def _county_of(name: str, site: Any) -> Any:
    """The site's region that is the one prefecture with a county or district of this name, or None."""
    codes = vocabulary.county_parents().get(name, ())
    if len(codes) != 1:
        return None
    return next((region for region in site.regions.values() if region.code == codes[0]), None)


def closest(value: str, names: dict[str, str], most: int = 3) -> list[str]:
    """The keys whose names, aliases, short names or keys (pinyin) are closest to ``value``."""
    stem = vocabulary.short_name(value)
    found = [key for name, key in names.items() if not name.isascii() and len(stem) >= 2
             and (name.startswith(stem) or vocabulary.short_name(name) == stem)]
    choices = [name for name in names if name.isascii() == value.isascii()]
    found += [names[name] for name in difflib.get_close_matches(value, choices, n=most, cutoff=0.5)]
    return list(dict.fromkeys(found))[:most]


class Dates(Model):
    """The campaign period: start and end, plus a label when the text is vague."""

    model_config = needs_one_of("start", "label")

    start: Date | None = Field(None, title="开始日期", description="活动开始的日期，如 2022-09-15")
    end: Date | None = Field(None, title="结束日期", description="活动结束的日期，不早于开始日期，如 2022-09-21")
    label: Text = Field("", title="时间说明", description="原文的时间写法，代替具体日期显示，如 2022年5月中旬—6月上旬；"
                        "不写 start 时按它算出大致的起止日期")
    approximate: bool = Field(False, title="大致时间", description="true：起止日期是大致的（由时间说明算出，或原文说得含糊）")

    @model_validator(mode="after")
    def _order(self, info: ValidationInfo) -> "Dates":
        if self.start is None and not self.label:
            raise ValueError(tr("give `start` (and `end`), or a `label` when the text gives no exact dates"))
        if self.start is None and self.end is not None:
            raise ValueError(tr("`end` without `start`"))
        if self.end is not None and self.start is not None and self.end < self.start:
            raise ValueError(tr("`end` ({end}) is before `start` ({start})", end=self.end, start=self.start))
        if self.start is None:
            start, end, approximate = label_window(self.label, info)
            object.__setattr__(self, "start", start)
            object.__setattr__(self, "end", end)
            object.__setattr__(self, "approximate", self.approximate or approximate)
        return self


def label_window(label: str, info: ValidationInfo) -> tuple[dt.date, dt.date, bool]:
    """The window a date label means (see :mod:`generator.approx`), or a refusal that lists the forms."""
    try:
        found = approx.window(label, (info.context or {}).get("year"))
    except ValueError as exc:
        raise refuse(tr("the date label `{label}` cannot be read: {problem}",
                        label=label, problem=exc), tr("accepted forms: {accepted}", accepted=translated(approx.ACCEPTED)))
    if found is None:
        raise refuse(tr("the date label `{label}` is not a date form the site understands", label=label),
                     tr("write it in one of these forms: {accepted}; or give exact `start`/`end` (or `date`) beside "
                        "the label", accepted=translated(approx.ACCEPTED)))
    start, end, approximate = found
    return in_range(start), in_range(end), approximate


class Reference(Model):
    """A higher-level notice this one implements (根据《…》（…号）); a 转发 notice may cite it by 文号 alone
    (根据某发〔2022〕5号文件精神): then ``title`` may be left out and the page names it by its 文号."""

    model_config = needs_one_of("title", "doc_number")

    title: Text = Field("", title="文件标题", description="上级通知的标题，如 关于举办2022年全国科普日活动的通知；"
                                                       "原文只写了文号时可不写")
    doc_number: DocNumber = Field("", title="发文字号", description="上级通知的文号，如 科协发普字〔2022〕29号")
    issuer: Text = Field("", title="发文机关", description="上级通知的发文机关，如 中国科协")
    notice: Text = Field("", title="本站通知", description="上级通知也在本站时，写它的名称（文件名去掉 .md），页面互相链接")
    url: Text = Field("", title="网址", description="上级通知在别的网站上的地址，以 http:// 或 https:// 开头")

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        if value and not re.match(r"^https?://", value):
            raise ValueError(tr("a link must start with http:// or https://"))
        return value

    @model_validator(mode="after")
    def _title_or_number(self) -> "Reference":
        if not self.title and not self.doc_number:
            raise refuse(tr("give the upstream notice's `title`, or its `doc_number` when the text names it only "
                            "by its 文号"),
                         tr("write `title: 关于…的通知` as the text names it, or `doc_number: 某发〔2022〕5号`"))
        return self


class Action(Model):
    """One joint or special action, keyed into the site's action vocabulary."""

    model_config = needs_one_of("key", "name")

    key: Text = Field("", title="联合行动", description="content/site.yaml 的 actions 里的 key、名称或别名，如 society")
    name: Text = Field("", title="行动名称", description="本通知里的叫法，如 学会科普联合行动；不写则用名录里的名称")
    group: Text = Field("系列联合行动", title="分组", description="行动所属的一组，如 系列联合行动、科普专项行动、系列活动")
    text: Text = Field("", title="行动内容", description="这项行动的具体内容；通知只点名不展开时可不写")

    @field_validator("key")
    @classmethod
    def _known_key(cls, value: str, info: ValidationInfo) -> str:
        site = (info.context or {}).get("site")
        return _resolve(tr("joint action"), value, site.action_names) if site and value else value

    @field_validator("name")
    @classmethod
    def _known_name(cls, value: str, info: ValidationInfo) -> str:
        site = (info.context or {}).get("site")
        if site and value and not info.data.get("key") and "key" in info.data and value not in site.action_names:
            raise unknown(tr("joint action"), value, site.action_names,
                          tr("add `key:` or add this name as an alias in content/site.yaml"))
        return value

    @model_validator(mode="after")
    def _key(self, info: ValidationInfo) -> "Action":
        site = (info.context or {}).get("site")
        if not self.key and not self.name:
            raise ValueError(tr("give the action a `key` (from site.yaml) or a `name`"))
        if site is None:
            return self
        if not self.key:
            object.__setattr__(self, "key", site.action_names[self.name])
        if not self.name:
            object.__setattr__(self, "name", site.actions[self.key].name)
        return self


class Deadline(Model):
    """Something a receiving unit must do by a date."""

    model_config = needs_one_of("date", "label")

    date: Date = Field(None, title="截止日期", description="要在这一天之前完成，如 2022-09-10；写了 label 时可不写")  # type: ignore[assignment]
    start: Date | None = Field(None, title="开始日期", description="一段时间内办理时的开始日期（如 8月15日至9月25日期间）")
    label: Text = Field("", title="时间说明", description="原文的大致时间，如 9月中旬；不写 date 时截止日期取这段时间的最后一天")
    what: Text = Field(title="事项", description="要报送或完成的事，如 重点活动汇总表")
    who: Text = Field("", title="办理单位", description="由谁办理（通知写明时），如 各活动举办单位")
    to: Text = Field("", title="报送给", description="交给谁，如 市科协科普部")
    annex: int | None = Field(default=None, ge=1, title="附件序号", description="要报送的是第几个附件，如 1")
    note: Text = Field("", title="备注", description="补充说明，如 报送方式")
    approximate: bool = Field(False, title="大致时间", description="true：截止日期是大致的")

    @model_validator(mode="after")
    def _order(self, info: ValidationInfo) -> "Deadline":
        if self.date is None:
            if not self.label:
                raise refuse(tr("a deadline needs a `date`"), tr("write `date: 2022-09-10`, or `label: 9月中旬` for an "
                                                                 "approximate one ({accepted})",
                                                                 accepted=translated(approx.ACCEPTED)))
            start, end, approximate = label_window(self.label, info)
            object.__setattr__(self, "date", end)
            object.__setattr__(self, "start", start if start != end else None)
            object.__setattr__(self, "approximate", self.approximate or approximate)
        if self.start is not None and self.start > self.date:
            raise ValueError(tr("`start` ({start}) is after the due `date` ({date})", start=self.start, date=self.date))
        return self


PhoneKind = Literal["phone", "fax", "both"]


class Phone(Model):
    """A phone or fax number as written (leading zeros and dashes kept), checked by libphonenumber.

    A number without an area code is local: the area code of the notice's region (``site.yaml``)
    is what it is checked and dialled with.
    """

    number: Text = Field(title="号码", description="电话号码，区号可写可不写，如 0913-2126496 或 2126496")
    ext: Text = Field("", title="分机号", description="分机号的数字，如 802（也可以在号码后写 转802）")
    kind: PhoneKind = Field("phone", title="类别", description="phone：电话；fax：传真；both：电话兼传真")
    note: Text = Field("", title="备注", description="关于这个号码的说明，如 工作日")

    @model_validator(mode="before")
    @classmethod
    def _split(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        if "fax" in data:
            raise refuse(tr("`fax` is no longer a field of a phone"), tr("write `kind: fax` (or `kind: both` when the "
                                                                     "number is phone and fax, 联系电话（传真）)"))
        data = dict(data)
        for name in ("number", "ext"):
            if isinstance(data.get(name), str):
                data[name] = half_width(data[name]).strip()
        number = data.get("number")
        if isinstance(number, str) and not data.get("ext"):
            match = _EXTENSION.match(number)
            if match and (not match.group(0).rstrip("0123456789").endswith("-") or _is_whole(match.group("number"))):
                data["number"], data["ext"] = match.group("number").strip(), match.group("ext")
        return data

    @field_validator("number")
    @classmethod
    def _number(cls, value: str) -> str:
        if not _PHONE.match(value):
            raise phone_refusal(value)
        return value

    @field_validator("ext")
    @classmethod
    def _ext(cls, value: str) -> str:
        if value and not value.isdigit():
            raise refuse(tr("the extension `{value}` is not a number",
                            value=value), tr("write the digits of the extension only, "
                                                                        "e.g. 802"))
        return value

    @model_validator(mode="after")
    def _valid(self, info: ValidationInfo) -> "Phone":
        problem = phone_problem(self.digits, (info.context or {}).get("area_code", ""))
        if problem:
            raise refuse(f"`{self.number}` {problem[0]}", problem[1])
        return self

    @property
    def digits(self) -> str:
        return re.sub(r"[^0-9+]", "", self.number)

    @computed_field  # in the JSON API
    @property
    def mobile(self) -> bool:
        """A mainland mobile number: 11 digits starting with 1 (no area code)."""
        digits = self.digits.removeprefix("+86")
        return len(digits) == 11 and digits.startswith("1")

    @property
    def fax(self) -> bool:
        return self.kind in ("fax", "both")

    @property
    def dial(self) -> str:
        """Digits for a tel: link."""
        return self.digits


_FAX = re.compile(r"^(?P<number>.*?[0-9])\s*[（(]?\s*(?P<what>传真|电话、?传真|电话/传真|兼传真|fax)\s*[）)]?$", re.I)
_TWO = re.compile(r"[0-9]\s*(?:[、，,；;/]|或|和|及|\s{2,})\s*[0-9]")
_SPELLED = re.compile(r"[一二三四五六七八九〇零]")
def _phone_forms() -> str:
    return tr('one number: "0913-2126496"; an extension: "0913-2126496转802" (or ext: "802"); a fax: '
              '{{number: "0913-2126492", kind: fax}} (kind: both for 电话（传真）); two numbers: one a list item, '
              '["2126496", "2126492"]')


def phone_refusal(value: str) -> PydanticCustomError:
    """Why a text is not one phone number, and how to write what it holds."""
    if fax := _FAX.match(value):
        number = fax.group("number").strip()
        if fax.group("what").lower() in ("传真", "fax"):
            return refuse(tr("`{value}` is a number with a remark about fax", value=value),
                          tr('write {{number: "{number}", kind: fax}}', number=number))
        return refuse(tr("`{value}` is a number with a remark about fax", value=value),
                      tr('write {{number: "{number}", kind: both}} (kind: both: one number for phone and fax)',
                         number=number))
    if _TWO.search(value):
        numbers = [part.strip() for part in re.split(r"[、，,；;/]|或|和|及|\s{2,}", value) if part.strip()]
        return refuse(tr("`{value}` holds {count} numbers in one entry", value=value, count=len(numbers)),
                      tr("write one number a list item: {numbers}",
                         numbers="[" + ", ".join(f'"{n}"' for n in numbers) + "]"))
    return refuse(tr("`{value}` does not look like a phone number (digits, with optional area code and dashes)",
                     value=value),
                  tr("write {forms}; a remark goes in `note`, a person's name in `people`", forms=_phone_forms()))


def _is_whole(number: str) -> bool:
    """Whether ``number`` (what stands before a trailing ``-802``) is a whole number with its area code, so
    that ``-802`` is an extension and not the end of the number."""
    digits = re.sub(r"[^0-9]", "", number)
    try:
        return digits.startswith("0") and phonenumbers.is_valid_number(phonenumbers.parse(digits, "CN"))
    except phonenumbers.NumberParseException:
        return False


_AREA_RULE = N_("3-digit area codes (010, 02x) take 8-digit numbers, 4-digit codes (0913, 0373 …) 7 or 8 digits; "
              "mobiles have 11 digits starting with 1")


@functools.lru_cache(maxsize=8192)  # an office's numbers recur in notice after notice; a check costs 0.1 ms
def phone_problem(digits: str, area_code: str) -> tuple[str, str] | None:
    """What is wrong with a number (message, hint), or None when libphonenumber takes it as valid in China."""
    service = len(digits) == 10 and digits.startswith(("400", "800"))  # 400-810-1234: one number for the country
    mobile = len(digits) == 11 and digits.startswith("1")
    local = not (digits.startswith(("+", "0")) or service or mobile)
    if local and not area_code:
        if 7 <= len(digits) <= 8:
            return None  # a local number of a region whose area code the site does not give
        return (tr("is not a phone number: a local number has 7 or 8 digits"),
                tr("check the digits, or write the area code, e.g. 0913-2126496"))
    candidate = area_code + digits if local else digits
    try:
        parsed = phonenumbers.parse(candidate, None if candidate.startswith("+") else "CN")
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is not None and phonenumbers.is_valid_number(parsed):
        return None
    if digits.startswith("1") and not digits.startswith(("10", "11")) and len(digits) != 11:
        return (tr("has {count} digits: a mobile number has 11", count=len(digits)),
                tr("check the digits as printed in the source"))
    if local:
        return (tr("is not a valid number with the area code {area_code} of the notice's region", area_code=area_code),
                tr("check the digits; {rule}", rule=translated(_AREA_RULE)))
    return (tr("is not a valid phone number (wrong length for its area code?)"),
            tr("check the digits; {rule}", rule=translated(_AREA_RULE)))


def _phone(value: Any) -> Any:
    return {"number": value} if isinstance(value, str) else value


PhoneEntry = Annotated[Phone, BeforeValidator(_phone, json_schema_input_type=Text | Phone)]


def _emails(values: list[str]) -> list[str]:
    cleaned = []
    for value in values:
        written = value.strip()
        value = half_width(written)
        if not _EMAIL.match(value):
            raise email_refusal(written)
        cleaned.append(value)
    return cleaned


_WIDE = re.compile(r"[^\x00-\x7f]")


def email_refusal(written: str) -> PydanticCustomError:
    """Why a text is not an email address, pointing at what the Chinese input method typed (＠, 。)."""
    mended = unicodedata.normalize("NFKC", written).replace("。", ".").replace(" ", "").removeprefix("mailto:")
    wide = list(dict.fromkeys(_WIDE.findall(written)))
    if wide:
        where = tr(", ").join(tr("`{character}` (character {position})", character=c, position=written.index(c) + 1)
                              for c in wide)
        fix = (tr("write `{address}` with the input method in English mode", address=mended) if _EMAIL.match(mended)
               else tr("retype it with the input method in English mode"))
        return refuse(tr("`{value}` contains {characters}: full-width or Chinese characters, not part of an email "
                         "address", value=written, characters=where), fix)
    parts = written.count("@")
    if len(re.split(r"[,;，；、\s]+", written)) > 1 and parts > 1:
        addresses = [a for a in re.split(r"[,;，；、\s]+", written) if a]
        return refuse(tr("`{value}` holds {count} addresses", value=written, count=len(addresses)),
                      tr("write one address a list item: {addresses}", addresses="[" + ", ".join(addresses) + "]"))
    problem = (tr("it has no `@`") if parts == 0 else tr("it has {count} `@`", count=parts) if parts > 1
               else tr("it has a space") if " " in written else tr("it has no domain after `@` (like example.cn)"))
    return refuse(tr("`{value}` is not an email address: {problem}", value=written, problem=problem),
                  tr("write it as name@example.cn, one address a list item"))


class Person(Model):
    """A contact person: a name (or only a title, 陈老师), their role or department, their own numbers."""

    name: Text = Field(min_length=1, json_schema_extra={"minLength": 1}, title="姓名", description="联系人姓名，只知道称呼也可以，如 陈老师")
    role: Text = Field("", title="部门或职务", description="如 科普部")
    phones: list[PhoneEntry] = Field([], title="电话", description="这个人的电话，可写多个")
    email: TextList = Field([], title="电子邮箱", description="这个人的邮箱，如 name@example.cn")

    @field_validator("email")
    @classmethod
    def _email(cls, values: list[str]) -> list[str]:
        return _emails(values)

    @field_validator("name")
    @classmethod
    def _one(cls, value: str) -> str:
        _one_person(value)
        return value

    @computed_field  # in the JSON API
    @property
    def by_title(self) -> bool:
        """The source gives only a surname and a title (陈老师), not a full name."""
        return bool(_TITLE_ONLY.match(self.name))

    def __str__(self) -> str:
        return self.name


def _one_person(value: str) -> None:
    if _PEOPLE_SEPARATORS.search(value):
        names = [name for name in _PEOPLE_SEPARATORS.split(value) if name.strip()]
        raise refuse(tr("`{value}` holds several people in one entry", value=value),
                     tr("split it into list items: [{list}]", list=', '.join(name.strip() for name in names)))


def _person(value: Any) -> Any:
    if isinstance(value, str):
        _one_person(value.strip())
    return value


def _person_tag(value: Any) -> str:
    return "tag:person" if isinstance(value, (dict, Person)) else "tag:name"


PersonEntry = Annotated[
    Union[Annotated[Person, Tag("tag:person")], Annotated[Text, Tag("tag:name")]],
    Discriminator(_person_tag), BeforeValidator(_person)]


def _listed(value: Any) -> Any:
    return [value] if isinstance(value, (str, dict)) else value


PeopleList = Annotated[list[PersonEntry], BeforeValidator(_listed, json_schema_input_type=PersonEntry | list[PersonEntry])]


class Contact(Model):
    """A contact point: the body, its people, phones, email, address and postcode."""

    model_config = needs_one_of("body", "people")

    body: Text = Field("", title="联系单位", description="如 市科协科普部")
    people: PeopleList = Field([], title="联系人", description="姓名（陈老师 也可以），或写成 {name: 姓名, role: 部门, phones: [...]}")
    phones: list[PhoneEntry] = Field([], title="电话", description="号码列表；传真写成 {number: 号码, kind: fax}")
    email: TextList = Field([], title="电子邮箱", description="如 name@example.cn，可写多个")
    address: Text = Field("", title="地址", description="通信地址")
    postcode: Text = Field("", title="邮政编码", description="6 位数字，加引号写，如 \"714000\"")
    note: Text = Field("", title="备注", description="联系什么事，如 活动报名")
    region: Text = Field("", title="所在地区", description="联系单位不在本通知的地区时写它所在的地区，如 北京市（全国性单位）")

    @field_validator("region")
    @classmethod
    def _region(cls, value: str, info: ValidationInfo) -> str:
        site = (info.context or {}).get("site")
        return resolve_term("regions", value, site) if site and value else value

    @field_validator("email")
    @classmethod
    def _email(cls, values: list[str]) -> list[str]:
        return _emails(values)

    @field_validator("postcode")
    @classmethod
    def _postcode(cls, value: str) -> str:
        value = half_width(value).strip()
        if value and not re.fullmatch(r"[0-9]{6}", value):
            raise refuse(tr("`{value}` is not a postcode",
                            value=value), tr("a 邮政编码 has 6 digits, e.g. \"714000\" (in quotes)"))
        return value

    @model_validator(mode="after")
    def _something(self) -> "Contact":
        if not (self.body or self.people):
            raise ValueError(tr("a contact needs a `body` or `people`"))
        return self

    @property
    def names(self) -> list[str]:
        return [str(person) for person in self.people]


class Column(Model):
    """A column of a table annex; a plain text is its header."""

    name: CellText = Field(title="列名", description="表头文字，如 活动名称")
    width: int = Field(default=0, ge=0, le=100, title="列宽", description="相对宽度；0 表示按表头自动定")


def _column(value: Any) -> Any:
    return {"name": value} if isinstance(value, str) else value


class Cell(Model):
    """One cell of a key-value form; a plain text is a label, an empty text a blank."""

    label: CellText = Field("", title="标签", description="格子里印好的文字，如 单位名称")
    text: CellText = Field("", title="内容", description="格子里已经填好的内容")
    span: int = Field(default=1, ge=1, le=40, title="跨列", description="这个格子占几列")
    rows: int = Field(default=1, ge=1, le=200, title="跨行", description="这个格子占几行")
    lines: int = Field(default=1, ge=1, le=60, title="留空行数", description="空白处的高度，按手写行数算")
    seal: bool = Field(False, title="盖章", description="true：右下角印“（盖章）”")
    date: bool = Field(False, title="日期", description="true：右下角印“年 月 日”")
    vertical: bool = Field(False, title="竖排", description="true：标签竖着排（如 主要事迹）")

    @model_validator(mode="after")
    def _seal_fits(self) -> "Cell":
        if self.seal or self.date:  # the spreadsheet's cell holds the text and the seal and date lines
            fits_a_cell(self.label or self.text, room=SEAL_ROOM)
        if self.label and (self.seal or self.date or self.lines > 1):
            # 推荐单位意见 with room to write, （盖章） and 年 月 日: its words head a blank area, as on paper
            if self.vertical or self.text:
                raise ValueError(tr("a cell with `lines`, `seal` or `date` is a blank area to write in: write its "
                                    "words as `text` (not `label`), without `vertical`"))
            return self.model_copy(update={"label": "", "text": self.label})
        return self

    @property
    def is_label(self) -> bool:
        return bool(self.label)


SEAL_ROOM = 16  # "\n\n（盖章）　　\n年　　月　　日" after a sealed cell's text in a spreadsheet
# A line above a form gets a line to write on or room for the date (wording.fill_in_lines), and a
# date line joins the line before it in one cell.
FIELD_ROOM = 24
_DATE_LINE = re.compile(r"年\s*月\s*日\s*$")


def _fields_fit(fields: list[str]) -> None:
    for field_text in fields:
        fits_a_cell(field_text, room=FIELD_ROOM)
    for before, line in zip(fields, fields[1:]):
        if _DATE_LINE.search(line):
            fits_a_cell(before + line, room=2 * FIELD_ROOM)


def _cell(value: Any) -> Any:
    if value is None:
        return {}
    return {"label": value} if isinstance(value, str) else value


Orientation = Literal["auto", "portrait", "landscape"]


# The fields every kind of annex has, with their words written once.
_ANNEX_KIND = ("table：表格（列加空白行）；form：登记表（合并的格子、留白、盖章）；text：文字；"
               "document：附上的公文；file：随附的文件（PDF、Word 等）")


def _annex_title() -> Any:
    return Field(title="附件标题", description="附件上居中的标题，如 重点活动汇总表")


def _listed_as() -> Any:
    return Field("", title="列表中的名称", description="通知末尾“附件：”列表里的叫法，和附件标题不同时才写")


def _footer() -> Any:
    return Field([], title="表后说明", description="表格下方的文字，如 填表说明")


def _orientation(default: str) -> Any:
    return Field(default, title="纸张方向", description="auto：列多时自动横排；portrait：竖排；landscape：横排")


class TableCell(Model):
    """A pre-filled cell of a table annex that covers several columns (合计) or rows (a 区分 column)."""

    text: CellText = Field("", title="内容", description="格子里的文字")
    span: int = Field(default=1, ge=1, le=40, title="跨列", description="这个格子占几列（如 合计）")
    rows: int = Field(default=1, ge=1, le=200, title="跨行", description="这个格子占几行")


def _table_cell_tag(value: Any) -> str:
    return "tag:cell" if isinstance(value, (dict, TableCell)) else "tag:text"


def _table_text(value: Any) -> Any:
    return "" if value is None else value


TableEntry = Annotated[
    Union[Annotated[TableCell, Tag("tag:cell")], Annotated[CellText, Tag("tag:text")]],
    Discriminator(_table_cell_tag), BeforeValidator(_table_text, json_schema_input_type=CellText | TableCell | None)]


class TableAnnex(Model):
    """A column table with blank rows to fill in (活动项目汇总表)."""

    kind: Literal["table"] = Field(title="附件类型", description=_ANNEX_KIND)
    title: CellText = _annex_title()
    listed_as: Text = _listed_as()
    fields: TextList = Field([], title="表前栏目", description="表格上方的填写栏，如 单位名称：（盖章）")
    columns: list[Annotated[Column, BeforeValidator(_column, json_schema_input_type=CellText | Column)]] = Field(
        min_length=1, title="列", description="各列表头，如 [序号, 活动名称, 活动时间]；要定列宽写成 {name: 列名, width: 2}")
    rows: list[list[TableEntry]] = Field([], title="已填的行", description="印好内容的行；一格可写成 {text, span, rows} 以跨列跨行")
    blank_rows: int = Field(default=10, ge=0, le=500, title="空白行数", description="留给填写的空行数")
    numbered: bool = Field(False, title="编号", description="true：空白行第一列印上序号")
    footer: CellTextList = _footer()
    orientation: Orientation = _orientation("auto")

    @field_validator("fields")
    @classmethod
    def _fields(cls, values: list[str]) -> list[str]:
        _fields_fit(values)
        return values

    @model_validator(mode="after")
    def _row_widths(self) -> "TableAnnex":
        cells = self.cells
        for index, width in enumerate(grid_widths(cells), start=1):
            if width > len(self.columns):
                raise refuse(tr("row {index} covers {width} columns but the table has {columns_count}",
                                index=index, width=width, columns_count=len(self.columns)),
                             tr("count each cell's `span`, and the cells reaching down into the row from rows above"))
        for index, row in enumerate(cells, start=1):
            for cell in row:
                if index + cell.rows - 1 > len(cells):
                    raise refuse(tr("a cell of row {index} reaches down {rows} rows, past the last filled row",
                                    index=index, rows=cell.rows),
                                 tr("the table has {cells_count} filled row(s); lower `rows:` of that cell",
                                    cells_count=len(cells)))
        return self

    @property
    def cells(self) -> list[list[TableCell]]:
        """The filled rows with every entry as a cell (a plain text covers one column and one row)."""
        return [[TableCell(text=entry) if isinstance(entry, str) else entry for entry in row] for row in self.rows]

    @property
    def grid(self) -> list[tuple[list[TableCell], int]]:
        """Each filled row's cells and how many empty cells complete it to the table's width."""
        cells = self.cells
        return [(row, len(self.columns) - width) for row, width in zip(cells, grid_widths(cells))]

    @property
    def landscape(self) -> bool:
        if self.orientation != "auto":
            return self.orientation == "landscape"
        return len(self.columns) > 6


class FormAnnex(Model):
    """A key-value form with merged cells and blank areas (优秀活动推荐表)."""

    kind: Literal["form"] = Field(title="附件类型", description=_ANNEX_KIND)
    title: CellText = _annex_title()
    listed_as: Text = _listed_as()
    fields: TextList = Field([], title="表前栏目", description="表格上方的填写栏，如 推荐单位：（盖章）")
    columns: int = Field(ge=1, le=40, title="列数", description="表格一共分几列；每行各格的 span 加起来等于它")
    widths: list[int] = Field([], title="列宽", description="各列的相对宽度，个数等于列数，如 [2, 3, 2, 3]")
    rows: list[list[Annotated[Cell, BeforeValidator(_cell, json_schema_input_type=CellText | Cell | None)]]] = Field(
        min_length=1, title="行", description="每行一个列表：文字是标签，\"\" 或空是留白，{label, span, rows, lines, seal, date} 是合并的格子")
    footer: CellTextList = _footer()

    @field_validator("fields")
    @classmethod
    def _fields(cls, values: list[str]) -> list[str]:
        _fields_fit(values)
        return values
    orientation: Orientation = _orientation("auto")

    @field_validator("widths")
    @classmethod
    def _widths(cls, widths: list[int], info: ValidationInfo) -> list[int]:
        columns = info.data.get("columns")
        if widths and columns and len(widths) != columns:
            raise ValueError(tr("`widths` has {widths_count} entries for {columns} columns",
                                widths_count=len(widths), columns=columns))
        return widths

    @field_validator("rows")
    @classmethod
    def _grid(cls, rows: list[list[Cell]], info: ValidationInfo) -> list[list[Cell]]:
        columns = info.data.get("columns")
        if columns is None:
            return rows
        for number, width in enumerate(grid_widths(rows), start=1):
            if width != columns:
                raise ValueError(tr("row {number} covers {width} columns but the form has {columns} (count each "
                                    "cell's `span`, and cells reaching down from rows above)",
                                    number=number, width=width, columns=columns))
        return rows

    @property
    def landscape(self) -> bool:
        return self.orientation == "landscape"


def grid_widths(rows: list[list[Cell]]) -> list[int]:
    """How many grid columns each row of a form covers, rowspans from above included."""
    widths = []
    pending: list[tuple[int, int]] = []  # (rows left, span)
    for row in rows:
        width = sum(span for left, span in pending if left > 0)
        width += sum(cell.span for cell in row)
        widths.append(width)
        pending = [(left - 1, span) for left, span in pending if left - 1 > 0]
        pending += [(cell.rows - 1, cell.span) for cell in row if cell.rows > 1]
    return widths


class TextAnnex(Model):
    """Free Markdown (科普中国信息员注册方法)."""

    kind: Literal["text"] = Field(title="附件类型", description=_ANNEX_KIND)
    title: Text = _annex_title()
    listed_as: Text = _listed_as()
    body: Text = Field(title="正文", description="附件的内容，Markdown 格式（用 | 开头写多行）")
    orientation: Orientation = _orientation("portrait")

    @property
    def landscape(self) -> bool:
        return self.orientation == "landscape"


_ARCHIVE_KEY = re.compile(r"^(19|20|21)\d\d/[a-z0-9][a-z0-9-]{0,79}$")


class DocumentAnnex(Model):
    """An upstream or related document attached as 附件 (a higher-level notice), not a form to fill in."""

    kind: Literal["document"] = Field(title="附件类型", description=_ANNEX_KIND)
    title: Text = _annex_title()
    listed_as: Text = _listed_as()
    doc_number: DocNumber = Field("", title="发文字号", description="附上的文件的文号")
    issuer: Text = Field("", title="发文机关", description="附上的文件的发文机关")
    notice: Text = Field("", title="本站通知", description="这份文件也在本站时，写 年份/名称，如 2022/weinan-kepuri-2022")
    url: Text = Field("", title="网址", description="这份文件在别的网站上的地址，以 http:// 或 https:// 开头")

    @field_validator("notice")
    @classmethod
    def _notice(cls, value: str) -> str:
        if value and not _ARCHIVE_KEY.match(value):
            raise refuse(tr("`{value}` does not name an archive notice", value=value),
                         tr("write the year and the file name without .md, e.g. 2022/weinan-kepuri-2022"))
        return value

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        return Reference._url(value)

    landscape: ClassVar[bool] = False


def attached_path(value: str, info: ValidationInfo) -> str:
    """An attached file's path: relative to the notice's year folder, inside the notice's own folder
    (``<slug>/…``), with an extension the site publishes. Whether it exists is checked by the build."""
    value = value.replace("\\", "/")
    slug = (info.context or {}).get("slug", "")
    parts = value.split("/")
    folder = f"{slug}/" if slug else "<slug>/"
    if value.startswith("/") or re.match(r"^[A-Za-z]:", value) or ".." in parts or "" in parts or "." in parts:
        raise refuse(tr("`{value}` points outside the notice's folder", value=value),
                     tr("keep the file in content/<year>/{folder} and write the path from the year folder, e.g. "
                        "{folder}附件1.pdf", folder=folder))
    if slug and parts[0] != slug:
        raise refuse(tr("`{value}` is not in the notice's folder `{slug}/`", value=value, slug=slug),
                     tr("put the file in content/<year>/{folder} beside the notice and write {folder}{file}",
                        folder=folder, file=parts[-1]))
    suffix = "." + parts[-1].rsplit(".", 1)[-1].lower() if "." in parts[-1] else ""
    if suffix not in ANNEX_FILE_TYPES:
        raise refuse(tr("`{file}` is not a kind of file the site publishes", file=parts[-1]),
                     tr("attach one of: {list} (scan to PDF, or zip the rest)", list=' '.join(ANNEX_FILE_TYPES)))
    return value


class FileAnnex(Model):
    """A file kept beside the notice (a scan with the red seal, a .docx/.xlsx form), published as it is."""

    kind: Literal["file"] = Field(title="附件类型", description=_ANNEX_KIND)
    title: Text = _annex_title()
    listed_as: Text = _listed_as()
    file: Text = Field(title="文件", description="放在通知同名文件夹里的文件，从年份文件夹写起，如 <名称>/附件1.pdf")

    @field_validator("file")
    @classmethod
    def _file(cls, value: str, info: ValidationInfo) -> str:
        return attached_path(value, info)

    landscape: ClassVar[bool] = False

    @property
    def suffix(self) -> str:
        return "." + self.file.rsplit(".", 1)[-1].lower()


class Original(Model):
    """A scan or PDF of the signed original (原件), linked from the notice page."""

    file: Text = Field(title="文件", description="原件的扫描件，放在通知同名文件夹里，如 <名称>/原件.pdf")
    title: Text = Field("原件扫描件", title="链接文字", description="页面上显示的链接文字")

    @field_validator("file")
    @classmethod
    def _file(cls, value: str, info: ValidationInfo) -> str:
        return attached_path(value, info)

    @property
    def suffix(self) -> str:
        return "." + self.file.rsplit(".", 1)[-1].lower()


def _annex_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        return value.get("kind")
    return getattr(value, "kind", None)


Annex = Annotated[
    Union[Annotated[TableAnnex, Tag("table")], Annotated[FormAnnex, Tag("form")], Annotated[TextAnnex, Tag("text")],
          Annotated[DocumentAnnex, Tag("document")], Annotated[FileAnnex, Tag("file")]],
    Discriminator(_annex_kind, custom_error_type="annex_kind",
                  custom_error_message=N_("an annex needs `kind: table`, `kind: form`, `kind: text`, "
                                       "`kind: document` (an attached notice) or `kind: file` (an attached file)")),
]


class PrintedBy(Model):
    """版记: who printed and distributed the notice, and when."""

    body: Text = Field(title="印发机关", description="如 渭南市科学技术协会办公室")
    date: Date = Field(title="印发日期", description="如 2022-08-10")


class Front(Model):
    """Everything a notice's front matter may hold."""

    title: Text = Field(min_length=1, json_schema_extra={"minLength": 1}, title="标题",
                        description="通知的完整标题，如 关于举办2022年渭南市全国科普日活动的通知")
    doc_type: Text = Field("通知", title="文种", description="标题末尾的文种：" + "、".join(DOC_TYPES))
    doc_number: DocNumber = Field("", title="发文字号", description="如 新科协〔2021〕20号；没有文号就不写")
    issued: Date | None = Field(None, title="成文日期", description="落款处的日期，如 2022-09-08；文件放在这一年的文件夹里。"
                                "原文没写才不写")
    published: Date | None = Field(None, title="发布日期", description="在网上发布的日期（和成文日期不同时才写）")
    # 修订日期: the day a published notice was last corrected; calendars and feeds see the change by it
    revised: Date | None = Field(None, title="修订日期", description="已发布的通知改正内容的日期；订阅和日历据此得知有改动")
    masthead: Text = Field("", title="发文机关标志", description="红头上的文字，如 蒲城县全民科学素质工作领导小组办公室文件")
    issuers: TextList = Field(min_length=1, json_schema_extra={"minItems": 1}, title="发文机关", description="发文和联合发文的单位，主办单位写在最前")
    region: Text = Field(title="地区", description="content/site.yaml 的 regions 里的 key 或名称，如 weinan 或 渭南市")
    campaign: Text = Field("", title="活动", description="content/site.yaml 的 campaigns 里的 key、名称或别名，如 kepuri 或 全国科普日")
    theme: Text = Field("", title="活动主题", description="如 喜迎二十大，科普向未来")
    dates: Dates | None = Field(None, title="活动时间", description="start 和 end；原文时间含糊时写 label（如 9月中旬）")
    recipients: Text = Field("", title="主送", description="主送单位，如 各县（市、区）科协、宣传部")
    recipients_at: Literal["top", "end"] = Field("top", title="主送位置", description="top：正文上方（通常）；end：文末版记里")
    based_on: list[Reference] = Field([], title="根据", description="本通知贯彻的上级通知：标题、文号，也在本站时写它的名称")
    actions: list[Action] = Field([], title="联合行动", description="联合行动、专项行动；正文里 [[actions]] 一行处列出")
    deadlines: list[Deadline] = Field([], title="截止事项", description="要在某天前报送或完成的事")
    contacts: list[Contact] = Field([], title="联系方式", description="联系单位、联系人、电话、传真、邮箱、地址")
    annexes: list[Annex] = Field([], title="附件", description="表格（table）、登记表（form）、文字（text）、附上的公文（document）或随附的文件（file，如 PDF）")
    original: Original | None = Field(None, title="原件", description="盖章原件的扫描件或 PDF，写成 {file: <名称>/原件.pdf}")
    signatures: TextList = Field([], title="落款", description="文末署名的单位，一个单位一行")
    cc: Text = Field("", title="抄送", description="版记里的抄送单位")
    printed_by: PrintedBy | None = Field(None, title="印发", description="版记里的印发机关和印发日期")
    summary: Text = Field("", title="摘要", description="订阅和网页摘要里的一两句话；不写则用活动主题和时间")
    category: Text = Field("", title="主题分类", description="政府信息公开的主题分类，如 科技、教育")
    validity: Text = Field("", title="有效性", description="如 有效、废止")
    index_number: Text = Field("", title="索引号", description="政府信息公开目录的索引号")
    inferred: TextList = Field([], title="推断的字段", description="根据正文推断、原文没有印出的字段名，如 [doc_number]")
    draft: bool = Field(False, title="草稿", description="true：草稿，不发布（build --drafts 才发布）；写好后改成 false 或删掉这一行")

    @field_validator("region")
    @classmethod
    def _region(cls, value: str, info: ValidationInfo) -> str:
        site = (info.context or {}).get("site")
        return resolve_term("regions", value, site) if site else value

    @field_validator("campaign")
    @classmethod
    def _campaign(cls, value: str, info: ValidationInfo) -> str:
        site = (info.context or {}).get("site")
        return resolve_term("campaigns", value, site) if site and value else value

    @field_validator("revised")
    @classmethod
    def _revised(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        for name in ("issued", "published"):
            earlier = info.data.get(name)
            if value is not None and earlier is not None and value < earlier:
                raise refuse(tr("`revised` ({value}) is before `{name}` ({earlier})",
                                value=value, name=name, earlier=earlier),
                             tr("`revised` is the day the published notice was corrected: on or after the day it "
                                "was issued and published"))
        return value

    @field_validator("doc_type")
    @classmethod
    def _doc_type(cls, value: str) -> str:
        if value not in DOC_TYPES:
            raise refuse(tr("unknown document type `{value}`", value=value),
                         tr("the 文种 the title ends with, one of: {list}", list='、'.join(DOC_TYPES)))
        return value

    @property
    def looks_back(self) -> bool:
        """A summary or report (总结, 表彰, 报告, 通报): its campaign and dates may lie before `issued`."""
        return self.doc_type in ("总结", "表彰", "报告", "通报")

    @field_validator("inferred")
    @classmethod
    def _inferred(cls, values: list[str]) -> list[str]:
        for value in values:
            if value not in cls.model_fields or value == "inferred":
                raise unknown(tr("field"), value, [n for n in cls.model_fields if n != "inferred"])
        return values


@dataclass(frozen=True)
class BodyPart:
    """A piece of the rendered body: HTML, or the place where a group of actions goes."""

    html: str = ""
    actions_group: str | None = None  # None: this part is HTML; "" = every group
    actions: tuple[Action, ...] = ()


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str


@dataclass(frozen=True)
class AttachedFile:
    """A file kept beside a notice (an annex of ``kind: file``, the ``original``), as published."""

    file: str  # as the notice names it, relative to the year folder
    target: str  # name in the notice's folder of the site: files/annex-2.pdf, files/original.pdf
    size: int  # bytes
    suffix: str  # .pdf

    @property
    def type_name(self) -> str:
        return ANNEX_FILE_TYPES.get(self.suffix, self.suffix)

    @property
    def download_name(self) -> str:
        """The name the reader's browser saves it under: the editor's own (附件2 活动申报表.docx), not annex-2.docx."""
        return self.file.rsplit("/", 1)[-1]

    @property
    def size_text(self) -> str:
        """1.2 MB, 56 KB, 830 字节: as a reader judges a download."""
        if self.size >= 1024 * 1024:
            return f"{self.size / 1024 / 1024:.1f} MB"
        if self.size >= 1024:
            return f"{self.size / 1024:.0f} KB"
        return f"{self.size} 字节"


@dataclass
class Notice:
    """A validated notice with where it lives and its rendered body."""

    front: Front
    slug: str
    year: int
    source: str  # path as shown to the editor
    body: list[BodyPart] = field(default_factory=list)
    toc: list[Heading] = field(default_factory=list)
    annex_html: dict[int, str] = field(default_factory=dict)  # rendered text annexes
    lines: dict[tuple, int] = field(default_factory=dict, repr=False)  # field path → file line
    digest: str = ""  # of the whole file: the notice's own pages depend on it
    front_digest: str = ""  # of the front matter: what lists and other notices' pages show of it
    files: dict[str, AttachedFile] = field(default_factory=dict)  # attached files: annex-<n>, original
    slim: bool = False  # without what only its own pages show (cache.strip): never render those from it
    warnings: list = field(default_factory=list)  # ContentErrors that do not stop publishing (an unusual area code)

    @property
    def path(self) -> str:
        """URL path relative to the site root, e.g. ``2022/weinan-kepuri/``."""
        return f"{self.year}/{self.slug}/"

    @functools.cached_property
    def key(self) -> str:
        """``2022/weinan-kepuri``: how the build names a notice (asked for hundreds of thousands of times)."""
        return f"{self.year}/{self.slug}"

    @property
    def date(self) -> dt.date:
        """The date a notice sorts by: 成文日期, else the start of its period, else 1 January of its year."""
        front = self.front
        if front.issued:
            return front.issued
        if front.dates and front.dates.start:
            return front.dates.start
        return dt.date(self.year, 1, 1)

    @property
    def changed(self) -> dt.date:
        """The day the notice last changed as readers and calendars are told: ``revised``, else its date."""
        return max(self.front.revised, self.date) if self.front.revised else self.date

    @property
    def revision(self) -> int:
        """A number that grows with each correction (iCalendar's SEQUENCE): 0, then ``revised`` as YYYYMMDD."""
        revised = self.front.revised
        return revised.year * 10000 + revised.month * 100 + revised.day if revised else 0
