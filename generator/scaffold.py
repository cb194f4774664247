"""``new``: a notice file with every field present or commented, ready to fill in; ``init``: a new site.

The scaffold is ``draft: false``: what is not known yet is a placeholder (××) that ``check`` refuses
with its line, so a notice is never published half-filled and never forgotten as a draft.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pydantic_core import PydanticCustomError

from .discover import is_slug, shown_name, slug_hint
from .json_schema import NOTICE, modeline, write_copies
from .i18n import N_, tr
from .notice import resolve_term

PLACEHOLDER = "××"
TITLE = f"关于举办{PLACEHOLDER}活动的通知"
SHOWN = 6  # vocabulary entries named in a comment as examples (a national vocabulary has hundreds)

TEMPLATE = N_("""\
---
{modeline}
# A new notice: replace every ×× with the notice's own text and delete the lines of fields it does not use; check names each line that still holds ××.
# Lines starting with "#" are explanations the program does not read. How to write each field: docs/编辑指南.md, "四、头部信息逐项说明".
# 标题 (required): the full title of the notice
title: {title}
# 发文字号, e.g. 新科协〔2021〕20号; delete this line if there is none
doc_number: {placeholder}
# 成文日期: the date above the seal; its year must be the folder's, content/{year}/; delete this line if the text gives no date
issued: {issued}
# 发布日期: the day it went online, only when it differs from 成文日期
# published: {year}-09-01
# 发文机关 (required): the lead issuer first, one line for each co-issuer
issuers:
  - {placeholder}市科学技术协会
# region (required): a key, name or alias of a region, built in or in content/site.yaml → regions{regions}
region: {region}
# campaign: a key, name or alias of a campaign, built in or in content/site.yaml → campaigns{campaigns}; delete this line if the notice belongs to none
campaign: {campaign}
# 活动主题; delete this line if there is none
theme: {placeholder}
# 活动时间: start and end dates; when the text only says something like 5月中旬至6月上旬, delete start and end and write label
dates:
  start: {year}-{placeholder}-{placeholder}
  end: {year}-{placeholder}-{placeholder}
  # label: 5月中旬至6月上旬
# 主送, e.g. 各县（市、区）科协; delete this line if there is none
recipients: {placeholder}
# 根据: the higher-level notices this one implements (remove the leading # and fill in)
based_on: []
#  - title: 关于举办{year}年全国科普日活动的通知
#    doc_number: 科协发普字〔{year}〕29号
# 联合行动: listed in the body where a line [[actions]] stands alone
actions: []
#  - key: {action}   # a key, name or alias of a joint action, built in or in content/site.yaml → actions{actions}
#    name: {action_name}   # this notice's wording, only when it differs from the vocabulary's
#    text: 发动各级学会……
# 截止事项: what must be sent or done by a date
deadlines: []
#  - date: {year}-09-10
#    what: 重点活动汇总表
#    to: 市科协科普部
#    annex: 1               # what is sent is 附件1
# 联系方式
contacts: []
#  - body: 市科协科普部
#    people: [张三]
#    phones: ["0913-2126496", {{number: "0913-2126492", kind: fax}}]   # a fax: kind: fax; one number for both: kind: both
#    email: name@example.cn
# 附件: table is a table (header and blank rows), form a form (merged cells, blanks, seal), text a text
annexes: []
#  - kind: table
#    title: 重点活动汇总表
#    fields: ["单位名称：（盖章）"]
#    columns: [序号, 活动名称, 举办单位, 活动时间, 活动地点, 联系人, 联系电话]
#    blank_rows: 10
#    numbered: true
#  - kind: form
#    title: 优秀活动推荐表
#    columns: 4             # the form is 4 columns wide: the cells of every row add up to exactly 4
#    rows:
#      - [活动名称, {{span: 3}}]                  # text is a label; {{span: 3}} a blank cell 3 columns wide
#      - [联系人, null, 联系电话, null]           # null is one blank cell
#      - [{{label: 主要事迹, vertical: true}}, {{span: 3, lines: 12}}]   # a label set top to bottom; a blank 12 lines high
#      - ["推荐单位\\n意见", {{span: 3, lines: 4, seal: true, date: true}}]   # （盖章） and 年 月 日 in the lower right
# 落款: the bodies that sign at the end
signatures:
  - {placeholder}市科学技术协会
# 草稿: true keeps it unpublished (build --drafts publishes it)
draft: false
---

现将有关事项通知如下。

## 一、主题和时间

## 二、主要活动

[[actions]]
""")  # the comments are in the run's language (tr below)


@dataclass(frozen=True)
class Vocabulary:
    """What the scaffold names from site.yaml: keys with their names, in file order."""

    regions: dict[str, str]
    campaigns: dict[str, str]
    actions: dict[str, str]
    names: dict[str, dict[str, str]] | None  # kind → every key, name and alias → key (None: no site.yaml read)


def vocabulary(site) -> Vocabulary:
    """The vocabulary of a loaded :class:`~generator.config.Site` (None: a site without site.yaml)."""
    if site is None:
        return Vocabulary({}, {}, {}, None)
    return Vocabulary({key: region.name for key, region in site.regions.items()},
                      {key: campaign.name for key, campaign in site.campaigns.items()},
                      {key: action.name for key, action in site.actions.items()},
                      {"region": site.region_names, "campaign": site.campaign_names})


def resolve(kind: str, value: str | None, words: Vocabulary, site) -> str:
    """The key a region or campaign given by key, name or alias stands for; the placeholder when none is given.
    Unknown, the message `check` gives: the closest names and the lines of site.yaml that add it."""
    if value is None:
        return PLACEHOLDER
    if words.names is None:  # site.yaml has mistakes: `check` names them, and then the key
        return value
    try:
        return resolve_term(kind + "s", value, site)
    except PydanticCustomError as exc:
        raise ValueError(exc.context["message"] + "\n    " + tr("hint: {hint}", hint=exc.context["hint"])) from None


def _examples(entries: dict[str, str]) -> str:
    shown = [f"{key}（{name}）" for key, name in list(entries.items())[:SHOWN]]
    if not shown:
        return ""
    return tr(", e.g. {examples}", examples="、".join(shown) + ("……" if len(entries) > SHOWN else ""))


def scaffold_text(title: str, year: int, issued: dt.date | None, region: str, campaign: str,
                  words: Vocabulary) -> str:
    """The text of a new notice of ``year``: placeholders (××) for what is not known yet."""
    action, action_name = next(iter(words.actions.items()), ("society", "学会科普联合行动"))
    return tr(TEMPLATE, modeline=modeline(NOTICE, 1), title=title, year=year, placeholder=PLACEHOLDER,
              issued=issued.isoformat() if issued else f"{year}-{PLACEHOLDER}-{PLACEHOLDER}",
              region=region, campaign=campaign, regions=_examples(words.regions),
              campaigns=_examples(words.campaigns), actions=_examples(words.actions),
              action=action, action_name=action_name)


def scaffold(content: Path, slug: str, year: int, text: str) -> Path:
    """Write ``content/<year>/<slug>.md``; refuses bad slugs and existing files."""
    if not is_slug(slug):
        raise ValueError(tr("`{name}` cannot be a slug: {hint}",
                            name=shown_name(slug), hint=slug_hint(slug)))
    path = content / str(year) / f"{slug}.md"
    if path.exists():
        raise FileExistsError(tr("{path} already exists", path=path.as_posix()))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


STARTER = Path(__file__).resolve().parent / "starter"  # package data: the site `notices init` writes


def init_site(folder: Path) -> list[Path]:
    """Write a starter site into ``folder``: ``content/site.yaml``, two example notices that pass
    ``check``, a README for editors (Chinese) and a ``.gitignore``. Refuses to overwrite anything."""
    files = {source: folder / source.relative_to(STARTER).as_posix().replace("gitignore", ".gitignore")
             for source in sorted(STARTER.rglob("*")) if source.is_file()}
    present = [target for target in files.values() if target.exists() or target.is_symlink()]
    if present:
        raise FileExistsError(tr("{present} already exists: `init` writes a new site only, into a new or empty "
                                 "folder", present=present[0].as_posix()))
    if folder.exists() and not folder.is_dir():
        raise FileExistsError(tr("{folder} is a file, not a folder", folder=folder.as_posix()))
    for source, target in files.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
    return list(files.values()) + write_copies(folder / "content")
