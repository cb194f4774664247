"""Messages an editor can act on: each names the line the editor wrote, the field, and what to type."""

from __future__ import annotations

import pytest

from generator.schema import date_meant
from helpers import NOTICE, Project

SITE = "title: 新站点\nbase_url: /\n"


def notice(front: str) -> str:
    """A notice of a site with only the built-in vocabularies; ``front`` goes after its first six lines."""
    return ("---\ntitle: 关于举办2022年渭南市全国科普日活动的通知\nissued: 2022-08-10\nissuers: [渭南市科学技术协会]\n"
            "region: 渭南市\ncampaign: 全国科普日\n" + front + "---\n正文\n")


def problems(project: Project, text: str) -> str:
    project.write("site.yaml", SITE)
    project.write("2022/notice.md", text)
    result = project.run("check")
    assert result.code == 1, result.out + result.err
    assert "Traceback" not in result.err
    return result.err


CASES = [
    # (name, front matter after line 6, the line and field reported, words of the message, words of the hint)
    ("no space after a colon", "theme:喜迎二十大\nrecipients: 各县科协\n", "7 [theme]",
     "`theme:喜迎二十大` has no space after the colon", "write `theme: 喜迎二十大`"),
    ("no space after a colon, last line", "recipients: 各县科协\ntheme:喜迎二十大\n", "8 [theme]",
     "has no space after the colon", "write `theme: 喜迎二十大`"),
    ("a Chinese field name", "文号: 渭科协发〔2022〕1号\n", "7 [文号]",
     "`文号` is the Chinese name of the field `doc_number`", "`doc_number: 渭科协发〔2022〕1号`"),
    ("a Chinese field name with a full-width colon", "成文日期：2022年8月10日\n", "7 [issued]",
     "full-width colon `：`; `成文日期` is written `issued`", "`issued: …`"),
    ("a Chinese field name in a contact", "contacts:\n  - body: 市科协\n    电话: \"2126496\"\n",
     "9 [contacts[1].电话]", "`电话` is the Chinese name of the field `phones`", "`phones: 2126496`"),
    ("a date with dots", "published: 2007.11.8\n", "7 [published]",
     "`2007.11.8` is not a date the site reads", "write 2007-11-08; a date is written 2022-09-15 or 2022年9月15日"),
    ("a date without a year", "published: 8月12日\n", "7 [published]", "`8月12日` is not a date",
     "write 2022-08-12 (the year of the notice's folder)"),
    ("a date in Chinese numerals", "published: 二〇二二年八月十二日\n", "7 [published]", "is not a date",
     "write 2022-08-12"),
    ("a date that cannot be read", "published: 下周一\n", "7 [published]", "`下周一` is not a date",
     "a date is written 2022-09-15 or 2022年9月15日"),
    ("two numbers in one", "contacts:\n  - body: 市科协\n    phones: [\"2126496、2126492\"]\n", "9 [contacts[1].phones[1]]",
     "holds 2 numbers in one entry", 'write one number a list item: ["2126496", "2126492"]'),
    ("a fax remark", "contacts:\n  - body: 市科协\n    phones: [\"2126492（传真）\"]\n", "9 [contacts[1].phones[1]]",
     "a number with a remark about fax", 'write {number: "2126492", kind: fax}'),
    ("phone and fax", "contacts:\n  - body: 市科协\n    phones: [\"2126492（电话、传真）\"]\n",
     "9 [contacts[1].phones[1]]", "a remark about fax", "kind: both"),
    ("not a number", "contacts:\n  - body: 市科协\n    phones: [\"见附件\"]\n", "9 [contacts[1].phones[1]]",
     "does not look like a phone number", 'an extension: "0913-2126496转802"'),
    ("a full-width at sign", "contacts:\n  - body: 市科协\n    email: [kxw＠126。com]\n", "9 [contacts[1].email]",
     "contains `＠` (character 4), `。` (character 8)", "write `kxw@126.com` with the input method in English mode"),
    ("two addresses", "contacts:\n  - body: 市科协\n    email: [\"a@b.cn, c@d.cn\"]\n", "9 [contacts[1].email]",
     "holds 2 addresses", "write one address a list item: [a@b.cn, c@d.cn]"),
    ("no at sign", "contacts:\n  - body: 市科协\n    email: [kxw126.com]\n", "9 [contacts[1].email]",
     "`kxw126.com` is not an email address: it has no `@`", "name@example.cn"),
]


@pytest.mark.parametrize("case", CASES, ids=[case[0] for case in CASES])
def test_message(project: Project, case):
    _, front, where, message, hint = case
    err = problems(project, notice(front))
    assert f"content/2022/notice.md:{where}: " in err, err
    assert message in err, err
    assert f"hint: {hint}" in err or hint in err.split("hint: ", 1)[-1], err


def test_an_unknown_region_suggests_the_closest_and_prints_the_lines_to_add(project: Project):
    err = problems(project, notice("").replace("region: 渭南市", "region: 吉林"))
    assert "content/2022/notice.md:5 [region]: unknown region `吉林`; did you mean `吉林省`, `吉林市`" in err
    assert ("hint: write one of those, or add it to content/site.yaml (or under `children:` of the region it lies in):\n"
            "        regions:\n          - key: jilin-2\n            name: 吉林\n") in err


def test_an_unknown_key_suggests_keys(project: Project):
    err = problems(project, notice("").replace("region: 渭南市", "region: weinann"))
    assert "content/2022/notice.md:5 [region]: unknown region `weinann`; did you mean `weinan` (渭南市)" in err


def test_an_unknown_campaign_prints_the_lines_to_add(project: Project):
    err = problems(project, notice("").replace("campaign: 全国科普日", "campaign: 全国科技馆日"))
    assert "content/2022/notice.md:6 [campaign]: unknown campaign `全国科技馆日`; did you mean `全国科普日`" in err
    assert "        campaigns:\n          - key: kejiguanri\n            name: 全国科技馆日\n" in err


def test_the_lines_printed_for_site_yaml_work(project: Project):
    """Pasted into site.yaml as printed, the lines make the notice valid."""
    err = problems(project, notice("").replace("campaign: 全国科普日", "campaign: 全国科技馆日"))
    lines = err.split("add it to content/site.yaml:\n", 1)[1].split("\n\n")[0]
    project.write("site.yaml", SITE + "\n".join(line[8:] for line in lines.splitlines()) + "\n")
    assert project.run("check").code == 0


def test_a_short_name_is_a_name(project: Project):
    project.write("site.yaml", SITE)
    project.write("2022/notice.md", notice("").replace("region: 渭南市", "region: 渭南").replace("全国科普日", "科普日"))
    assert project.run("check").code == 0


@pytest.mark.parametrize("text, year, meant", [
    ("2007.11.8", None, "2007-11-08"), ("2007/11/08", None, "2007-11-08"), ("2007年11月8号", None, "2007-11-08"),
    ("20071108", None, "2007-11-08"), ("二〇〇七年十一月八日", None, "2007-11-08"), ("8月10日", 2022, "2022-08-10"),
    ("8月10日", None, None), ("2007.13.1", None, None), ("2007.2.30", None, None), ("下周一", None, None)])
def test_the_date_meant(text, year, meant):
    found = date_meant(text, year)
    assert (found.isoformat() if found else None) == meant


def test_a_site_region_takes_what_it_does_not_say_from_the_builtin_one(project: Project):
    """The test site's 渭南市 says its key and area code: its short name comes from the built-in 渭南市."""
    project.write("2022/notice.md", NOTICE.replace("region: weinan", "region: 渭南"))
    assert project.run("check").code == 0


def test_an_unknown_county_is_to_be_added_under_its_prefecture(project: Project):
    err = problems(project, notice("").replace("region: 渭南市", "region: 蒲城县"))
    assert "content/2022/notice.md:5 [region]: unknown region `蒲城县` (a county of 渭南市, which the site does not list)" \
        in err
    lines = ("        regions:\n          - key: weinan\n            name: 渭南市\n            children:\n"
             "              - key: pucheng\n                name: 蒲城县\n")
    assert "hint: add it to content/site.yaml under 渭南市, where it lies:\n" + lines in err
    project.write("site.yaml", SITE + "\n".join(line[8:] for line in lines.splitlines()) + "\n")
    assert project.run("check").code == 0  # and 渭南市 keeps its place in 陕西省, its short name and area code
    assert project.build().code == 0
    assert sorted(p.name for p in (project.output / "regions").iterdir() if p.is_dir()) == \
        ["pucheng", "shaanxi", "weinan"]


def test_a_county_of_a_prefecture_the_site_lists_goes_among_its_children(project: Project):
    project.write("site.yaml", SITE + "regions:\n  - key: wn\n    name: 渭南市\n")
    project.write("2022/notice.md", notice("").replace("region: 渭南市", "region: 蒲城县"))
    err = project.run("check").err
    assert "add it to content/site.yaml among the `children:` of 渭南市:\n          - key: pucheng\n" in err
