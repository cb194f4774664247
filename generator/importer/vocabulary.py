"""Region and campaign: recognised from the text by name or alias, or named for site.yaml when it lacks them.

The region is the most specific place the notice names for itself — in the
title, the issuing bodies or the signatures first, then in the opening of the
body — and national bodies (中国科协, 科学技术部, 中共中央宣传部 …) stand for 全国.
A place or campaign that content/site.yaml does not have is returned by name
with the entry to add (see :mod:`.sitelines`), never as an invented key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..config import Site
from .sitelines import _KEYS
from .text import squash

_NATIONAL = re.compile(r"^(?:中国(?!.{0,6}[省市县])|中华全国|中共中央|中央|国务院|国家|全国|科学技术部|科技部|教育部|中宣部)")
_PROVINCES = [name for name, key in _KEYS.items() if name.endswith(("省", "自治区", "特别行政区"))
              or key in ("beijing", "tianjin", "shanghai", "chongqing")]
# 鲤城区 in 2016年鲤城区科技活动周, 广州市科技创新委员会, 接广州市科信局通知: a place name before what it holds
_PLACE = re.compile(r"(?:^|年|关于|举办|开展|做好|转发|接到?|[，、《“])(?:中共|共青团)?(?P<place>(?![全本各我该每一两市区县省度接])"
                    r"(?:[\u4e00-\u9fff]{2,4}?(?:自治州|自治县|省|市|县|区|州|盟|旗)|[\u4e00-\u9fff]县))"
                    r"(?=[\u4e00-\u9fff\d])")  # 宜昌市2017年科技活动周, 2025年歙县科技活动周 (a one-character county)
# 关于开展某某大学2025年…: a university, college, society, laboratory or institute that names no place is a region
# of its own
_OWN_REGION = re.compile(r"(?:^|年|关于|举办|开展|做好|转发|[，、《“])(?P<name>(?!关于|举办|开展|国家|全国|各)[\u4e00-\u9fff]{2,12}?"
                         r"(?:大学|学院|学会|研究会|实验室|研究所|研究院))(?![\u4e00-\u9fff]*(?:大学|学院))")
_LEVEL = {"全国": 0}
_INNER_PLACE = re.compile(r"^([\u4e00-\u9fff]{1,3}?(?:区|县|旗))(?=[\u4e00-\u9fff])")
_NOT_A_PLACE = re.compile(r"^(?:区[域划间块别]|市[场民值]|县[域级城]|州[际]|省[份级])")
# 2023年全国防灾减灾日, 2022年全国低碳日: after a year in the title, a national 日/周/月 is the campaign
_NATIONAL_DAY = re.compile(r"\d{4}年度?[“\"]?(?P<name>全国[\u4e00-\u9fff]{2,8}?(?:日|周|月))(?![\u4e00-\u9fff]{0,2}(?:日|周|月))")
_CAMPAIGN_WORDS = ("全国科普月", "全国科普日", "全国科技工作者日", "科技活动周")


@dataclass(frozen=True)
class Found:
    name: str  # as the text names it
    key: str  # the site's key, or "" when site.yaml lacks it
    from_body: bool = False  # named only in the body's opening, not by the header or the signatures
    several: bool = False  # several places of the same level: the first was taken
    own: bool = False  # a university or society naming no place: a region entry of its own


def _level(name: str) -> int:
    if name == "全国":
        return 0
    if name in _PROVINCES:
        return 1
    if name.endswith(("市", "州", "盟")):
        return 2
    return 3


def _short(name: str) -> str:
    """陕西省 → 陕西, 广西壮族自治区 → 广西 (how names of bodies in it begin: 陕西中医药大学)."""
    return re.sub(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$", "", name)


def _places(text: str, site: Site, header: bool = False) -> list[str]:
    text = squash(text)
    # full names only: the short names the built-in regions answer to (东方, 中山, 白山) are words in running text
    names = [region.name for region in site.regions.values() if region.name in text]
    names += [name for name in _PROVINCES if name in text or (header and text.startswith(_short(name)))]
    for match in _PLACE.finditer(text):
        place = re.sub(r"^(?:根据|现将|按照|依据|转发|关于|举办|开展|做好|由|对|在|向)+", "", match.group("place"))
        if _NOT_A_PLACE.match(place[-1] + text[match.end():match.end() + 1]) or re.match(r"^[一二三四五六七八九十两几多]", place) \
                or re.search(r"[我本该其各为的和与及]", place):  # 为做好我区: words around 我区, not a name
            continue  # 五大区域发展战略, 农产品市场: a word, not a place
        if (len(place) >= 3 or place.endswith("县")) and not any(name in place or place in name for name in names):
            names.append(place)
        inner = _INNER_PLACE.match(text[match.end():]) if place.endswith(("市", "州", "盟")) else None
        if inner and not _NOT_A_PLACE.match(inner.group(1)[-1] + text[match.end() + inner.end():][:1]) \
                and not re.search(r"[我本该其各为的和与及市]", inner.group(1)) and inner.group(1) not in names:
            # 成都市新都区新经济和科技局: the district inside the city; 城区, 郊区, 矿区 are names many cities give
            # one of their districts, so they stay with the city's name (晋城市城区)
            names.append(inner.group(1) if len(inner.group(1)) > 2 else place + inner.group(1))
    return list(dict.fromkeys(names))


def region(header_texts: list[str], body_opening: str, site: Site) -> Found | None:
    """The notice's region: from the title, issuers and signatures first, then the opening of the body."""
    for texts, from_body in ((header_texts, False), ([body_opening], True)):
        places: list[str] = []
        for text in texts:
            places += _places(text, site, header=not from_body)
        if not from_body and not places and any(_NATIONAL.match(squash(t)) for t in texts if t):
            places = ["全国"]
        if not from_body and not places:
            own = [found.group("name") for text in texts for found in _OWN_REGION.finditer(squash(text or ""))]
            if own:  # a university or society without a place in its name: its own region entry
                return Found(own[0], site.region_names.get(own[0], ""), False, len(set(own)) > 1, own=True)
        if places:
            deepest = max(_level(p) for p in places)
            best = [p for p in places if _level(p) == deepest]
            name = best[0]
            return Found(name, site.region_names.get(name, ""), from_body,
                         len({site.region_names.get(p, p) for p in best}) > 1)
    return None


# 主送 各省、自治区、直辖市…: a notice sent to every province is a national body's (各省（区、市）, 各省区市 likewise)
_EVERY_PROVINCE = re.compile(r"各省[、,，]?\s*自治区[、,，]?\s*直辖市|各省[（(]区[、,，]?市[)）]|各省区市")


def national_scope(recipients: str, site: Site) -> Found | None:
    """全国 when the 主送 addresses every province (the notice states its national reach), else None."""
    return Found("全国", site.region_names.get("全国", "")) if _EVERY_PROVINCE.search(squash(recipients)) else None


# the one-character name of a province that begins its bodies' 文号 (粤科函〔2014〕3号 is 广东's)
_PROVINCE_PREFIX = {"京": "北京市", "津": "天津市", "沪": "上海市", "渝": "重庆市", "冀": "河北省", "晋": "山西省",
                    "辽": "辽宁省", "吉": "吉林省", "黑": "黑龙江省", "苏": "江苏省", "浙": "浙江省", "皖": "安徽省",
                    "闽": "福建省", "赣": "江西省", "鲁": "山东省", "豫": "河南省", "鄂": "湖北省", "湘": "湖南省",
                    "粤": "广东省", "琼": "海南省", "川": "四川省", "黔": "贵州省", "滇": "云南省", "云": "云南省",
                    "陕": "陕西省", "甘": "甘肃省", "青": "青海省", "桂": "广西壮族自治区", "蒙": "内蒙古自治区",
                    "藏": "西藏自治区", "宁": "宁夏回族自治区", "新": "新疆维吾尔自治区"}


def unnamed_province(issuers: list[str], doc_number: str, body_opening: str, site: Site) -> Found | None:
    """省科技厅 signing 粤科函〔2014〕3号 while the body speaks of 广东: the province its three clues agree on.

    A body named only 省… states its level and not its name; the 文号's first
    character is the province's short name, and the body names that province
    itself — together they state the region (one clue alone does not).
    """
    province = _PROVINCE_PREFIX.get(squash(doc_number)[:1])
    if not province or not any(squash(name).startswith("省") for name in issuers):
        return None
    if _short(province) not in squash(body_opening):
        return None
    return Found(province, site.region_names.get(province, ""))


def campaign(title: str, body_opening: str, site: Site) -> Found | None:
    """The campaign named in the title (else the body's opening), by name or alias or a part of a name
    (全国科技工作者日 of 全国科技工作者日暨科技活动周)."""
    names = {name: key for name, key in site.campaign_names.items() if not name.isascii()}
    parts = {part: key for name, key in names.items() for part in name.split("暨") if len(part) >= 4}
    for text, from_body in ((squash(title), False), (squash(body_opening), True)):
        for table in (names, parts):
            # in the title, the campaign named first (科技活动周和科技工作者日: the week), at one place the longest
            # name; in the body, which recalls other days in passing, the longest name
            found = sorted((name for name in table if name in text),
                           key=lambda name: (0 if from_body else text.find(name), -len(name)))
            if found:
                return Found(found[0], table[found[0]], from_body)
        words = [word for word in _CAMPAIGN_WORDS if word in text]
        if words:
            return Found(words[0], "", from_body)
        named = None if from_body else _NATIONAL_DAY.search(text)
        if named:  # 2023年全国防灾减灾日…: a national day, week or month the site does not list yet
            return Found(named.group("name"), site.campaign_names.get(named.group("name"), ""), False)
    return _day_of_title(squash(title), squash(body_opening), site)


_NATIONAL_DAY_ANYWHERE = re.compile(r"(?P<name>全国[\u4e00-\u9fff]{2,8}?(?:日|周|月))(?![\u4e00-\u9fff]{0,2}(?:日|周|月))")


def _day_of_title(title: str, body_opening: str, site: Site) -> Found | None:
    """关于开展2020年“5.12”防灾减灾日宣传活动的通知 + 今年5月12日是第12个全国防灾减灾日: the title names the day
    the body calls by its full national name."""
    for named in _NATIONAL_DAY_ANYWHERE.finditer(body_opening):
        name = named.group("name")
        if len(name) >= 5 and name.removeprefix("全国") in title:
            return Found(name, site.campaign_names.get(name, ""), False)
    return None


__all__ = ["Found", "region", "campaign", "unnamed_province"]
