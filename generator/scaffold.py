"""``new``: a notice file with every field present or commented, ready to fill in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .discover import is_slug, shown_name, slug_hint
from .i18n import N_, tr

TEMPLATE = N_("""\
---
# 标题 (required): the full title of the notice
title: {title}
# 发文字号: e.g. 新科协〔2021〕20号
doc_number: ""
# 成文日期 (required), YYYY-MM-DD; the file must sit in content/<this year>/
issued: {today}
# 发布日期 (when it went online), optional
# published: {today}
# 修订日期: when you correct a notice already published, the day of the correction (calendars and feeds see it)
# revised: {today}
# 发文机关标志 (the red header line), optional
# masthead: ××市科学技术协会文件
# 发文机关 (required): lead issuer first
issuers:
  - ××市科学技术协会
# region (required): a key or name from content/site.yaml → regions
region: {region}
# campaign: a key or name from content/site.yaml → campaigns
campaign: {campaign}
# 活动主题
theme: ""
# 活动时间: start/end dates; label replaces them when the text is vague (5月中旬—6月上旬)
dates:
  start: {today}
  end: {today}
  # label: ""
# 主送
recipients: ""
# 根据: the higher-level notices this one implements
based_on: []
#  - title: 关于举办2022年全国科普日活动的通知
#    doc_number: 科协发普字〔2022〕29号
#    notice: slug-of-that-notice-if-it-is-in-this-archive
# 联合行动 / 专项行动: placed in the body where the line [[actions]] stands
actions: []
#  - key: society           # from content/site.yaml → actions (a name or alias works too)
#    name: 学会科普联合行动  # the wording of this notice
#    group: 系列联合行动
#    text: 发动各级学会……
# 截止事项
deadlines: []
#  - date: 2022-09-10
#    what: 计划开展的重点活动汇总表
#    to: 市科协科普部
#    annex: 1
# 联系方式
contacts: []
#  - body: 市科协科普部
#    people: [张三]            # or {{name: 张三, role: 科普部, phones: [...]}}; 陈老师 alone is fine
#    phones: ["0913-2126496", {{number: "0913-2126492", kind: fax}}]  # kind: both = 电话（传真）; 转802 = ext
#    postcode: "714000"
#    email: name@example.cn
#    address: ""
# 附件: kind table (columns + blank rows), form (cells), text (Markdown), document (an attached notice:
# title, doc_number, issuer, notice: <year>/<slug>), or file (file: <slug>/附件1.pdf, kept in content/<year>/<slug>/)
annexes: []
#  - kind: table
#    title: 活动项目汇总表
#    fields: ["单位名称：（盖章）"]
#    columns: [序号, 项目名称, 举办单位, 活动时间, 活动地点, 负责人, 联系电话, 备注]
#    blank_rows: 10
#    numbered: true
# 原件: a scan of the signed original kept beside the notice
# original: {{file: <slug>/原件.pdf}}
# 落款
signatures:
  - ××市科学技术协会
# 抄送
# cc: ""
# 印发 (版记)
# printed_by:
#   body: ××市科学技术协会办公室
#   date: {today}
# fields inferred from the text rather than printed in the source, e.g. [doc_number]
inferred: []
# true: not published unless `build --drafts`
draft: true
---

现将有关事项通知如下。

## 一、主题和时间

## 二、主要活动

[[actions]]
""")  # the comments are in the run's language (tr below)


def scaffold(content: Path, slug: str, title: str, today: dt.date, region: str, campaign: str) -> Path:
    """Write ``content/<year>/<slug>.md``; refuses bad slugs and existing files."""
    if not is_slug(slug):
        raise ValueError(tr("`{name}` cannot be a slug: {hint}",
                            name=shown_name(slug), hint=slug_hint(slug)))
    path = content / str(today.year) / f"{slug}.md"
    if path.exists():
        raise FileExistsError(tr("{path} already exists", path=path))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(tr(TEMPLATE, title=title, today=today.isoformat(), region=region, campaign=campaign),
                    encoding="utf-8")
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
    return list(files.values())
