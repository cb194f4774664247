"""The vocabularies every site starts with: campaigns, joint actions, and China's provinces and
prefecture-level divisions (names, administrative codes, telephone area codes).

The files beside this module are data: ``campaigns.yaml`` and ``actions.yaml`` are written by hand,
``regions.json`` by :mod:`generator.vocabulary.make_regions` from maintained packages. A site's
``site.yaml`` extends or overrides each of them (:mod:`generator.config` merges them).
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import yaml

FOLDER = Path(__file__).resolve().parent
FILES = ("campaigns.yaml", "actions.yaml", "regions.json")

# Peoples named in autonomous prefectures and counties: 延边朝鲜族自治州 is called 延边.
PEOPLES = ("朝鲜", "土家", "苗", "藏", "羌", "彝", "布依", "侗", "哈尼", "壮", "傣", "白", "景颇", "傈僳", "回",
           "蒙古", "柯尔克孜", "哈萨克", "黎", "维吾尔")
_SUFFIX = re.compile(r"(?:特别行政区|自治区|自治州|自治县|省|市|地区|盟|林区|县)$")
_PEOPLE = re.compile("(?:" + "|".join(sorted(PEOPLES, key=len, reverse=True)) + ")族?$")


def short_name(name: str) -> str:
    """陕西省 → 陕西, 延边朝鲜族自治州 → 延边, 内蒙古自治区 → 内蒙古, 神农架林区 → 神农架."""
    short = _SUFFIX.sub("", name)
    while (stripped := _PEOPLE.sub("", short)) != short and len(stripped) >= 2:
        short = stripped
    return short if len(short) >= 2 else name


# Readings pypinyin gets wrong in place names (its default reading of 长, 朝, 漯).
READINGS = {"长治": [["cháng"], ["zhì"]], "朝阳": [["cháo"], ["yáng"]], "漯河": [["luò"], ["hé"]]}


def pinyin(text: str) -> str:
    """渭南 → weinan (toneless, ü as v), as the built-in keys are spelt."""
    import pypinyin  # on demand: only making regions.json and suggesting a key need it
    pypinyin.load_phrases_dict(READINGS)
    return "".join(pypinyin.lazy_pinyin(text, style=pypinyin.Style.NORMAL, v_to_u=False)).lower()


def suggested_key(name: str) -> str:
    """A key for a new entry: the pinyin of its short name (蒲城县 → pucheng), as the built-in keys are made."""
    short = short_name(name)
    short = short.removeprefix("全国") if len(short) > 3 else short  # 全国科技馆日 → kejiguanri, as the built-in ones
    key = re.sub(r"[^a-z0-9]+", "-", pinyin(short)).strip("-")
    return key if key and key[0].isalnum() else "your-key"


@functools.cache  # read once per process: the files ship with the package and do not change under it
def entries(kind: str) -> tuple[dict, ...]:
    """The built-in entries of a vocabulary (``campaigns``, ``actions``, ``regions``) as plain data."""
    if kind == "regions":
        return tuple(_regions_file()["regions"])
    return tuple(yaml.safe_load((FOLDER / f"{kind}.yaml").read_text(encoding="utf-8"))[kind])


@functools.cache
def _regions_file() -> dict:
    return json.loads((FOLDER / "regions.json").read_text(encoding="utf-8"))


@functools.cache
def county_parents() -> dict[str, tuple[str, ...]]:
    """A county's or district's name → the administrative codes of the prefectures that have one so named."""
    parents: dict[str, tuple[str, ...]] = {}
    for code, names in _regions_file()["counties"].items():
        for name in names:
            parents[name] = parents.get(name, ()) + (code,)
    return parents
