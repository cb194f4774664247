"""Golden-structure tests on the built example site: every fact of every seed notice is published."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from helpers import REPO

SEEDS = REPO / "tests" / "seeds"  # the five source notices as extracted from Word/PDF (the user's own content)

# What the source notices contain (counted from the seed texts).
EXPECTED_ACTIONS = {
    "weinan-kepuri-2022": {"系列联合行动": 7},
    "chongqing-kepuri-2022": {"系列联合行动": 7},
    "pucheng-kepuri-2023": {"系列联合行动": 4, "科普专项行动": 7},
    "xinxiang-kepuri-2021": {"系列联合行动": 12},
    "xinxiang-kejizhou-2022": {"系列活动": 7},
}
SEED_FILES = {
    "weinan-kepuri-2022": "000_4b8a365775678514.txt",
    "chongqing-kepuri-2022": "001_95a9f173803a954b.txt",
    "pucheng-kepuri-2023": "002_e26d4635909243fa.txt",
    "xinxiang-kepuri-2021": "003_7498ee7a19531017.txt",
    "xinxiang-kejizhou-2022": "004_df6c2b2b760806cf.txt",
}


# Lines of the extracted text that are page layout, not text: the Xinxiang 2022 masthead printed its
# three issuers around the word 文件 in two columns; the page shows them as one masthead line.
LAYOUT_ARTEFACTS = {"中共新乡市委宣传部新乡市科学技术协会文件新乡市科学技术局"}


def text_of(path: Path) -> str:
    """Visible text of a page, whitespace removed (the seeds' spacing is an extraction artefact)."""
    page = path.read_text(encoding="utf-8")
    page = re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.S)
    return re.sub(r"\s+", "", html.unescape(re.sub(r"<[^>]+>", "", page)))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("slug", sorted(EXPECTED_ACTIONS))
def test_actions_counted_and_in_place(example, slug):
    output, site, notices = example
    notice = notices[slug]
    groups: dict[str, int] = {}
    for action in notice.front.actions:
        groups[action.group] = groups.get(action.group, 0) + 1
    assert groups == EXPECTED_ACTIONS[slug]
    page = (output / notice.path / "index.html").read_text(encoding="utf-8")
    for index, action in enumerate(notice.front.actions, start=1):
        assert f'id="action-{index}"' in page
        assert html.escape(action.name, quote=False) in page
        assert squash(action.text) in text_of(output / notice.path / "index.html")
    # each group is placed where its placeholder stood: inside the body, between its sections
    body = page.split('class="notice-body"', 1)[1].split("</div>\n\n", 1)[0]
    assert body.count('class="action-list"') == len(groups)


@pytest.mark.parametrize("slug", sorted(EXPECTED_ACTIONS))
def test_deadlines_contacts_signatures_on_the_page(example, slug):
    output, site, notices = example
    notice = notices[slug]
    front = notice.front
    text = text_of(output / notice.path / "index.html")
    assert front.deadlines, "every seed states at least one deadline"
    for deadline in front.deadlines:
        assert squash(deadline.what) in text
        assert f"{deadline.date.year}年{deadline.date.month}月{deadline.date.day}日" in text
    assert front.contacts
    page = (output / notice.path / "index.html").read_text(encoding="utf-8")
    for contact in front.contacts:
        for person in contact.people:
            assert squash(person) in text
        for phone in contact.phones:
            assert phone.number in text
            if not phone.fax:
                assert 'href="tel:' in page
        for email in contact.email:
            assert f'href="mailto:{email}"' in page
    for signature in front.signatures:
        assert squash(signature) in text
    for reference in front.based_on:
        assert squash(reference.title) in text


def test_chongqing_contact_table_is_complete(example):
    output, site, notices = example
    front = notices["chongqing-kepuri-2022"].front
    departments = [c for c in front.contacts if c.body.startswith("市") and len(c.people) == 1]
    assert len(departments) >= 14
    assert any("技术运营咨询" in c.note for c in front.contacts)
    assert any(p.number == "010—63581772" for c in front.contacts for p in c.phones)


@pytest.mark.parametrize("slug", sorted(EXPECTED_ACTIONS))
def test_annex_pages_and_json(example, slug):
    output, site, notices = example
    notice = notices[slug]
    data = json.loads((output / "api" / "notices" / f"{slug}.json").read_text(encoding="utf-8"))
    assert len(data["actions"]) == len(notice.front.actions)
    assert len(data["deadlines"]) == len(notice.front.deadlines)
    assert len(data["contacts"]) == len(notice.front.contacts)
    assert len(data["annexes"]) == len(notice.front.annexes)
    for number, annex in enumerate(notice.front.annexes, start=1):
        page = output / notice.path / f"annex-{number}" / "index.html"
        text = text_of(page)
        assert f"附件{number}" in text and squash(annex.title) in text
        if annex.kind == "table":
            raw = page.read_text(encoding="utf-8")
            assert raw.count('class="blank-row"') == annex.blank_rows
            for column in annex.columns:
                assert squash(column.name) in text
        if annex.kind == "form":
            raw = page.read_text(encoding="utf-8")
            if any(cell.seal for row in annex.rows for cell in row):
                assert "（盖章）" in raw and "年　　月　　日" in raw
        assert data["annexes"][number - 1]["url"].endswith(f"/{notice.path}annex-{number}/")


def test_the_annexes_the_seeds_have(example):
    output, site, notices = example
    kinds = {slug: [a.kind for a in n.front.annexes] for slug, n in notices.items()}
    assert kinds == {"weinan-kepuri-2022": ["table", "form", "form"], "chongqing-kepuri-2022": [],
                     "pucheng-kepuri-2023": ["table", "form", "text"], "xinxiang-kepuri-2021": [],
                     "xinxiang-kejizhou-2022": ["form"],
                     "weinan-kejizhou-2023": ["document", "table", "file"]}  # composed, not a seed
    weinan = notices["weinan-kepuri-2022"].front.annexes
    assert weinan[0].blank_rows == 12 and weinan[0].numbered and weinan[0].landscape
    stats = notices["xinxiang-kejizhou-2022"].front.annexes[0]
    assert [cell.rows for row in stats.rows for cell in row if cell.rows > 1] == [2, 7, 4, 2, 2]
    guide = notices["pucheng-kepuri-2023"].front.annexes[2]
    assert all(f"第{step}步" in guide.body for step in "一二三四五")


def test_renamed_actions_share_one_index_page(example):
    output, site, notices = example
    page = text_of(output / "actions" / "enterprise" / "index.html")
    assert "企业科协联合行动" in page and "企业科普联合行动" in page
    for slug in ("weinan-kepuri-2022", "chongqing-kepuri-2022", "pucheng-kepuri-2023", "xinxiang-kepuri-2021"):
        assert squash(notices[slug].front.title) in page
    rural = text_of(output / "actions" / "rural" / "index.html")
    assert "乡村振兴科普联合行动" in rural and "农技协联合行动" in rural


@pytest.mark.parametrize("slug", sorted(SEED_FILES))
def test_every_sentence_of_the_seed_is_published(example, slug):
    """Sentence by sentence, the seed text is on the notice page or its annex pages."""
    output, site, notices = example
    notice = notices[slug]
    pages = [output / notice.path / "index.html"]
    pages += [output / notice.path / f"annex-{n}" / "index.html" for n in range(1, len(notice.front.annexes) + 1)]
    published = "".join(text_of(page) for page in pages)
    published = re.sub(r"[*、]", "", published)
    seed = (SEEDS / SEED_FILES[slug]).read_text(encoding="utf-8").replace("[bookmark: _GoBack]", "")
    seed = re.sub(r"[*<>]", "", seed).replace("(盖章)", "（盖章）")  # Markdown marks of the extraction
    missing = []
    for sentence in re.split(r"[。；：:;、\n]", seed):
        core = squash(sentence).strip("“”（）()，,、-—")
        core = re.sub(r"^[0-9]+[.、]", "", core)  # list numbers are generated
        core = re.sub(r"^[一二三四五六七八九十]+、|^（[一二三四五六七八九十]+）|^\([一二三四五六七八九十]+\)", "", core)
        if len(core) < 12:
            continue
        if core not in published and core not in LAYOUT_ARTEFACTS:
            missing.append(core)
    assert missing == [], f"{len(missing)} passage(s) of the seed are not on the site"


def test_the_printed_contact_line_keeps_every_fact_the_screen_shows(example):
    """Paper has the contacts as a running line (GB/T 9704): extension, phone-and-fax, a person's
    role and own number, the postcode must all be on it, as they are in the screen's cards."""
    output, site, notices = example
    page = (output / notices["weinan-kejizhou-2023"].path / "index.html").read_text(encoding="utf-8")
    line = text_of_html(re.search(r'<p class="print-contact">(.*?)</p>', page, flags=re.S).group(1))
    assert line == ("联系人：市科协科普部　科普部陈老师、李卫东（13991306120），电话：2123658转802、"
                    "0913-2123659（电话兼传真），电子邮箱：wnkxkpb2023@163.com，"
                    "地址：渭南市临渭区朝阳大街市科协科普部，邮政编码：714000")


def text_of_html(fragment: str) -> str:
    """The text of an HTML fragment without the template's line breaks and indents (an ideographic
    space is text and stays)."""
    return re.sub(r"[ \t\n]+", "", html.unescape(re.sub(r"<[^>]+>", "", fragment)))


def test_an_action_listed_by_name_only_says_so_on_the_action_page(example):
    """渭南 2023 lists its joint actions by name, without text: the action page says the notice gives only the
    name, instead of an entry that looks cut off (a name and nothing after it)."""
    output, site, notices = example
    notice = notices["weinan-kejizhou-2023"]
    bare = [action for action in notice.front.actions if not action.text]
    assert bare
    for action in bare:
        page = (output / "actions" / action.key / "index.html").read_text(encoding="utf-8")
        entry = page[page.index(f'href="/{notice.path}'):]
        entry = entry[:entry.index("</li>")]
        assert "通知只列出了行动名称" in text_of_html(entry), action.key
    with_text = next(action for n in notices.values() for action in n.front.actions if action.text)
    page = (output / "actions" / with_text.key / "index.html").read_text(encoding="utf-8")
    assert page.count("通知只列出了行动名称") == sum(
        1 for n in notices.values() for action in n.front.actions if action.key == with_text.key and not action.text)
