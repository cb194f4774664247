"""``new``: a notice file with every field present or commented, ready to fill in; ``init``: a new site.

The scaffold is ``draft: false``: what is not known yet is a placeholder (××) that ``check`` refuses
with its line, so a notice is never published half-filled and never forgotten as a draft.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from pathlib import Path

from .discover import is_slug, shown_name, slug_hint
from .json_schema import NOTICE, modeline, write_copies

PLACEHOLDER = "××"
TITLE = f"关于举办{PLACEHOLDER}活动的通知"
SHOWN = 6  # vocabulary entries named in a comment as examples (a national vocabulary has hundreds)

TEMPLATE = """\
---
{modeline}
# 新通知：把每个 ×× 换成通知里的真实内容，用不上的字段整行删掉；还有 ×× 时 check 会指出在哪一行。
# “#”开头的行是说明，程序不读。每个字段的写法见 docs/编辑指南.md “四、头部信息逐项说明”。
# 标题（必填）：通知的完整标题
title: {title}
# 发文字号，如 新科协〔2021〕20号；没有就删掉这一行
doc_number: {placeholder}
# 成文日期：落款处的日期，年份要和文件夹 content/{year}/ 一致；原文没写日期就删掉这一行
issued: {issued}
# 发布日期：在网上发布的日期，和成文日期不同时才写
# published: {year}-09-01
# 发文机关（必填）：主办单位写在最前，联合发文的单位一个一行
issuers:
  - {placeholder}市科学技术协会
# 地区（必填）：content/site.yaml 里 regions 的 key 或名称{regions}
region: {region}
# 活动：content/site.yaml 里 campaigns 的 key、名称或别名{campaigns}；不属于哪个活动就删掉这一行
campaign: {campaign}
# 活动主题；没有就删掉这一行
theme: {placeholder}
# 活动时间：开始和结束日期；原文只写“5月中旬至6月上旬”这样的时间，就删掉 start 和 end，改写 label
dates:
  start: {year}-{placeholder}-{placeholder}
  end: {year}-{placeholder}-{placeholder}
  # label: 5月中旬至6月上旬
# 主送单位，如 各县（市、区）科协；没有就删掉这一行
recipients: {placeholder}
# 根据：本通知贯彻的上级通知（去掉行首的 # 再填）
based_on: []
#  - title: 关于举办{year}年全国科普日活动的通知
#    doc_number: 科协发普字〔{year}〕29号
# 联合行动：正文里单独一行 [[actions]] 的地方列出这些行动
actions: []
#  - key: {action}   # content/site.yaml 里 actions 的 key、名称或别名{actions}
#    name: {action_name}   # 本通知里的叫法，和名录里不同时才写
#    text: 发动各级学会……
# 截止事项：要在某天前报送或完成的事
deadlines: []
#  - date: {year}-09-10
#    what: 重点活动汇总表
#    to: 市科协科普部
#    annex: 1               # 要报送的是附件1
# 联系方式
contacts: []
#  - body: 市科协科普部
#    people: [张三]
#    phones: ["0913-2126496", {{number: "0913-2126492", kind: fax}}]   # 传真写 kind: fax，电话兼传真写 kind: both
#    email: name@example.cn
# 附件：table 是表格（表头加空白行），form 是登记表（合并的格子、留白、盖章），text 是文字说明
annexes: []
#  - kind: table
#    title: 重点活动汇总表
#    fields: ["单位名称：（盖章）"]
#    columns: [序号, 活动名称, 举办单位, 活动时间, 活动地点, 联系人, 联系电话]
#    blank_rows: 10
#    numbered: true
#  - kind: form
#    title: 优秀活动推荐表
#    columns: 4             # 表格共 4 列：每一行的格子加起来正好占 4 列
#    rows:
#      - [活动名称, {{span: 3}}]                  # 文字是项目名；{{span: 3}} 是横跨 3 列的空格子
#      - [联系人, null, 联系电话, null]           # null 是一个空格子
#      - [{{label: 主要事迹, vertical: true}}, {{span: 3, lines: 12}}]   # 竖排的项目名；留出 12 行高的空白
#      - ["推荐单位\\n意见", {{span: 3, lines: 4, seal: true, date: true}}]   # 右下角印“（盖章）”和“年 月 日”
# 落款：文末署名的单位
signatures:
  - {placeholder}市科学技术协会
# 草稿：写 true 就先不发布（build --drafts 才发布）
draft: false
---

现将有关事项通知如下。

## 一、主题和时间

## 二、主要活动

[[actions]]
"""


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


def resolve(kind: str, value: str | None, words: Vocabulary) -> str:
    """The key a region or campaign given by key, name or alias stands for; the placeholder when none is given."""
    if value is None:
        return PLACEHOLDER
    if words.names is None:  # site.yaml has mistakes: `check` names them, and then the key
        return value
    names = words.names[kind]
    if value in names:
        return names[value]
    close = difflib.get_close_matches(value, list(names), n=3, cutoff=0.4)
    suggestion = f"; did you mean {', '.join(f'`{name}`' for name in close)}?" if close else ""
    raise ValueError(f"unknown {kind} `{value}`{suggestion} (known {kind}s are listed in content/site.yaml)")


def _examples(entries: dict[str, str]) -> str:
    shown = [f"{key}（{name}）" for key, name in list(entries.items())[:SHOWN]]
    return "，如 " + "、".join(shown) + ("……" if len(entries) > SHOWN else "") if shown else ""


def scaffold_text(title: str, year: int, issued: dt.date | None, region: str, campaign: str,
                  words: Vocabulary) -> str:
    """The text of a new notice of ``year``: placeholders (××) for what is not known yet."""
    action, action_name = next(iter(words.actions.items()), ("society", "学会科普联合行动"))
    return TEMPLATE.format(modeline=modeline(NOTICE, 1), title=title, year=year, placeholder=PLACEHOLDER,
                           issued=issued.isoformat() if issued else f"{year}-{PLACEHOLDER}-{PLACEHOLDER}",
                           region=region, campaign=campaign, regions=_examples(words.regions),
                           campaigns=_examples(words.campaigns), actions=_examples(words.actions),
                           action=action, action_name=action_name)


def scaffold(content: Path, slug: str, year: int, text: str) -> Path:
    """Write ``content/<year>/<slug>.md``; refuses bad slugs and existing files."""
    if not is_slug(slug):
        raise ValueError(f"`{shown_name(slug)}` cannot be a slug: {slug_hint(slug)}")
    path = content / str(year) / f"{slug}.md"
    if path.exists():
        raise FileExistsError(f"{path.as_posix()} already exists")
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
        raise FileExistsError(f"{present[0].as_posix()} already exists: `init` writes a new site only, "
                              "into a new or empty folder")
    if folder.exists() and not folder.is_dir():
        raise FileExistsError(f"{folder.as_posix()} is a file, not a folder")
    for source, target in files.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
    return list(files.values()) + write_copies(folder / "content")
