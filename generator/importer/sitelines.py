"""Regions and campaigns a notice names that ``content/site.yaml`` lacks: the lines to add, and a site with them.

The importer never writes a region or campaign key that does not exist
without saying so: it prints the exact ``site.yaml`` entries to add (a key in
ASCII from a table of provinces and known campaigns, otherwise a neutral key
the editor may rename) and :func:`site_with` lets ``check`` and the scorer see
the site as it will be once they are added.
"""

from __future__ import annotations

import zlib

from ..config import Site, SiteConfig
from ..i18n import tr
from .draft import SiteAddition

# Provinces, autonomous regions and municipalities (and the country), with the keys their names become.
_KEYS = {
    "全国": "national", "北京市": "beijing", "天津市": "tianjin", "上海市": "shanghai", "重庆市": "chongqing",
    "河北省": "hebei", "山西省": "shanxi", "辽宁省": "liaoning", "吉林省": "jilin", "黑龙江省": "heilongjiang",
    "江苏省": "jiangsu", "浙江省": "zhejiang", "安徽省": "anhui", "福建省": "fujian", "江西省": "jiangxi",
    "山东省": "shandong", "河南省": "henan", "湖北省": "hubei", "湖南省": "hunan", "广东省": "guangdong",
    "海南省": "hainan", "四川省": "sichuan", "贵州省": "guizhou", "云南省": "yunnan", "陕西省": "shaanxi",
    "甘肃省": "gansu", "青海省": "qinghai", "台湾省": "taiwan", "内蒙古自治区": "neimenggu",
    "广西壮族自治区": "guangxi", "西藏自治区": "xizang", "宁夏回族自治区": "ningxia",
    "新疆维吾尔自治区": "xinjiang", "香港特别行政区": "hongkong", "澳门特别行政区": "macao",
    "广州市": "guangzhou", "深圳市": "shenzhen", "成都市": "chengdu", "南京市": "nanjing", "杭州市": "hangzhou",
    "武汉市": "wuhan", "西安市": "xian", "合肥市": "hefei", "福州市": "fuzhou", "厦门市": "xiamen",
    "泉州市": "quanzhou", "佛山市": "foshan", "郑州市": "zhengzhou", "长沙市": "changsha", "济南市": "jinan",
    # campaigns
    "全国科普月": "kepuyue", "全国科普日": "kepuri", "科技活动周": "kejizhou", "全国科技工作者日": "kejigongzuozheri",
}
# Telephone area codes of the places above, where one code serves the whole place.
_AREA_CODES = {"北京市": "010", "天津市": "022", "上海市": "021", "重庆市": "023", "广州市": "020", "深圳市": "0755",
               "成都市": "028", "南京市": "025", "杭州市": "0571", "武汉市": "027", "西安市": "029",
               "合肥市": "0551", "福州市": "0591", "厦门市": "0592", "泉州市": "0595", "佛山市": "0757",
               "郑州市": "0371", "长沙市": "0731", "济南市": "0531"}


def addition(section: str, name: str, site: Site) -> SiteAddition:
    """The entry to add for ``name``; its key is unused in the site (a neutral one when the name is not in the table)."""
    taken = set(site.regions) | set(site.campaigns) | set(site.actions)
    key = _KEYS.get(name) or f"{section[:-1]}-{zlib.crc32(name.encode('utf-8')) % 100000:05d}"
    while key in taken:
        key += "-2"
    return SiteAddition(section, key, name, _AREA_CODES.get(name, "") if section == "regions" else "",
                        guessed_key=name not in _KEYS)


def lines(additions: list[SiteAddition]) -> list[str]:
    """The YAML to paste into content/site.yaml, one section heading per kind."""
    out: list[str] = []
    for section in ("campaigns", "regions", "actions"):
        entries = [a for a in additions if a.section == section]
        if not entries:
            continue
        out.append(f"{section}:")
        for entry in entries:
            note = "    # " + tr("any lower-case key you like") if entry.guessed_key else ""
            out.append(f"  - key: {entry.key}{note}")
            out.append(f"    name: {entry.name}")
            if entry.area_code:
                out.append(f'    area_code: "{entry.area_code}"')
    return out


def site_with(site: Site, additions: list[SiteAddition]) -> Site:
    """The site as it is once ``additions`` are in site.yaml."""
    if not additions:
        return site
    data = site.config.model_dump()
    for entry in additions:
        item = {"key": entry.key, "name": entry.name}
        if entry.section == "regions" and entry.area_code:
            item["area_code"] = entry.area_code
        data[entry.section] = list(data.get(entry.section) or []) + [item]
    return Site(SiteConfig.model_validate(data), site.root)


__all__ = ["addition", "lines", "site_with"]
