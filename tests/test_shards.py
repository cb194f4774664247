"""A build split into shards of years and merged (issue 18 #4): the same site, byte for byte, as one
build; and every way of getting it wrong refused with a message and exit 2, the output untouched."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml

from helpers import REPO

if TYPE_CHECKING:
    from conftest import Project

TODAY = ("--today", "2023-06-01")


def notice(year: int, slug: str, extra: str = "") -> str:
    return f"""\
---
title: 关于举办{year}年{slug}科普活动的通知
doc_number: 渭科协发〔{year}〕{len(slug)}号
issued: {year}-04-0{len(slug) % 9 + 1}
issuers: [渭南市科学技术协会]
region: weinan
campaign: kepuri
dates: {{start: {year}-05-10, end: {year}-05-16}}
deadlines:
  - date: {year}-05-30
    what: 活动总结
    annex: 1
annexes:
  - kind: table
    title: {year}年活动汇总表
    columns: [序号, 项目名称, 负责人]
    blank_rows: 3
{extra}---
## 一、活动安排

各单位认真组织。
"""


def archive(project: "Project") -> None:
    """Three years of notices; one links to a notice of another year (its page shows the link both ways)."""
    project.write("2021/first.md", notice(2021, "first"))
    project.write("2022/second.md", notice(2022, "second", "based_on:\n  - title: 上一年的通知\n    notice: first\n"))
    project.write("2022/third.md", notice(2022, "third"))
    project.write("2022/draft-one.md", notice(2022, "draftone", "draft: true\n"))
    project.write("2023/fourth.md", notice(2023, "fourth"))


def tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def shards_and_merge(project: "Project", *options: str) -> Path:
    for years, folder in (("2021", "a"), ("2022-2023", "b"), ("1949-2020", "c")):
        result = project.build("--years", years, "--shard-out", str(project.root / "shards" / folder), *options)
        assert result.code == 0, result.err
    result = project.build("--merge", *(str(project.root / "shards" / f) for f in "abc"), "--output",
                           str(project.root / "merged"), *options)
    assert result.code == 0, result.err
    return project.root / "merged"


@pytest.mark.parametrize("search", [False, True], ids=["no-search", "search"])
def test_shards_merged_are_the_single_build_byte_for_byte(project: "Project", search: bool):
    archive(project)
    options = (*TODAY, "--base-url", "https://kx.example.cn/") + (() if search else ("--no-search",))
    assert project.build(*options).code == 0
    merged = shards_and_merge(project, *options)
    single = tree(project.output)
    assert tree(merged) == single
    assert ("pagefind/2022/pagefind.js" in single) == search  # the search bundles are the shards'
    for path in ("2022/second/index.html", "2021/first/index.html", "sitemaps/2022.xml", "2022/calendar.ics",
                 "api/years/2021.json", "deadlines/2022/index.html", "index.html", "feed.xml", "sitemap.xml"):
        assert path in single
    # the cross-year link is on both pages, as a single build has it
    assert 'href="/2021/first/"' in (merged / "2022" / "second" / "index.html").read_text(encoding="utf-8")
    assert 'href="/2022/second/"' in (merged / "2021" / "first" / "index.html").read_text(encoding="utf-8")


def test_shards_of_years_indexed_in_parts_merge_to_the_single_build(project: "Project",
                                                                      monkeypatch: pytest.MonkeyPatch):
    """A year past PART_PAGES is indexed in parts (pagefind/2022/, pagefind/2022-2/ …): each shard makes
    its years' parts, the merge lists them in delta.json, and the tree is the single build's."""
    from generator.outputs import search as searching

    archive(project)
    monkeypatch.setattr(searching, "PART_PAGES", 1)  # every notice a bundle of its own: 2022 in two parts
    options = (*TODAY, "--base-url", "https://kx.example.cn/")
    assert project.build(*options).code == 0
    merged = shards_and_merge(project, *options)
    single = tree(project.output)
    assert tree(merged) == single
    assert "pagefind/2022-2/pagefind-entry.json" in single and "pagefind/2022-3/pagefind-entry.json" not in single
    delta = json.loads((merged / "pagefind" / "delta.json").read_text(encoding="utf-8"))
    assert delta["parts"] == ["2022-2/"] and delta["bundle"] is None


def test_a_shard_holds_only_its_years(project: "Project"):
    archive(project)
    result = project.build(*TODAY, "--no-search", "--years", "2022", "--shard-out", "shard")
    assert result.code == 0 and "→ shard/ (" in result.out and "output/" not in result.out, result.out
    files = tree(project.root / "shard" / "site")
    assert files and all(path.startswith(("2022/", "deadlines/2022/", "api/years/2022.json", "api/notices/",
                                          "sitemaps/2022", "."))
                         for path in files), sorted(files)
    assert "2022/second/index.html" in files and "2022/feed.xml" in files
    assert not any(path.startswith("2021/") for path in files) and "index.html" not in files
    description = json.loads((project.root / "shard" / "shard.json").read_text(encoding="utf-8"))
    assert description["years"] == [2022] and description["content_years"] == [2021, 2022, 2023]
    assert description["notices"] == 2 and any("draft-one.md" in entry for entry in description["skipped"])
    assert not (project.output / "index.html").exists()  # a shard publishes nothing into output/


def merge_fails(project: "Project", *folders: str, options: tuple[str, ...] = ()) -> str:
    """The merge is refused: exit 2, a message, no traceback, the published site unchanged."""
    before = tree(project.output)
    result = project.build("--merge", *(str(project.root / "shards" / f) for f in folders), "--no-search",
                           *options)
    assert result.code == 2, (result.out, result.err)
    assert "Traceback" not in result.err and result.err.startswith("error: ")
    assert tree(project.output) == before
    return " ".join(result.err.split())


def shard(project: "Project", years: str, folder: str, *options: str) -> None:
    result = project.build("--no-search", "--years", years, "--shard-out", str(project.root / "shards" / folder),
                           *options)
    assert result.code == 0, result.err


@pytest.fixture
def published(project: "Project") -> "Project":
    """An archive with a site already published in output/ (which a refused merge must leave alone)."""
    archive(project)
    assert project.build("--no-search").code == 0
    return project


def test_overlapping_shards_are_refused(published: "Project"):
    shard(published, "2021-2022", "a")
    shard(published, "2022-2023", "b")
    message = merge_fails(published, "a", "b")
    assert "the year 2022 is in two shards" in message and "give each year to one shard" in message


def test_missing_years_are_refused(published: "Project"):
    shard(published, "2021", "a")
    shard(published, "2023", "b")
    assert "no shard holds the notices of 2022" in merge_fails(published, "a", "b")


def test_shards_of_another_site_config_are_refused(published: "Project"):
    shard(published, "2021", "a")
    site = published.content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("title: 测试站点", "title: 另一个站点"), encoding="utf-8")
    shard(published, "2022-2023", "b")
    message = merge_fails(published, "a", "b")
    assert "were built with different site.yaml" in message


def test_shards_of_different_content_are_refused(published: "Project"):
    shard(published, "2021", "a")
    published.write("2023/fourth.md", notice(2023, "fourth").replace("各单位认真组织。", "各单位认真组织实施。"))
    shard(published, "2022-2023", "b")
    assert "were built with different content" in merge_fails(published, "a", "b")


def test_shards_of_other_themes_or_another_date_are_refused(published: "Project"):
    shard(published, "2021", "a")
    template = published.root / "themes" / "default" / "templates" / "404.html"
    template.write_text(template.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    shard(published, "2022-2023", "b")
    assert "were built with different themes" in merge_fails(published, "a", "b")
    template.write_text(template.read_text(encoding="utf-8")[:-1], encoding="utf-8")
    shard(published, "2022-2023", "c", "--today", "2022-09-02")
    assert "different date (--today)" in merge_fails(published, "a", "c")


def test_a_merge_with_other_themes_or_options_than_its_shards_is_refused(published: "Project"):
    shard(published, "2021", "a")
    shard(published, "2022-2023", "b")
    assert "another --drafts than this merge has" in merge_fails(published, "a", "b", options=("--drafts",))
    assert "not --today 2022-09-05" in merge_fails(published, "a", "b", options=("--today", "2022-09-05"))
    template = published.root / "themes" / "default" / "templates" / "404.html"
    template.write_text(template.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert "another themes than this merge has" in merge_fails(published, "a", "b")


def test_a_folder_that_is_not_a_shard_is_refused(published: "Project"):
    shard(published, "2021-2023", "a")
    (published.root / "shards" / "empty").mkdir()
    assert "is not a shard (no readable shard.json)" in merge_fails(published, "a", "empty")


@pytest.mark.parametrize("arguments, message", [
    (("--years", "2021"), "--years and --shard-out go together"),
    (("--shard-out", "x"), "--years and --shard-out go together"),
    (("--years", "2021-20", "--shard-out", "x"), "write a year (2022) or a range of years"),
    (("--years", "2023-2021", "--shard-out", "x"), "the range ends before it starts; write 2021-2023"),
    (("--merge", "x", "--years", "2021"), "--merge takes shard folders"),
])
def test_shard_options_used_wrongly_are_refused(published: "Project", arguments, message):
    before = tree(published.output)
    result = published.build("--no-search", *arguments)
    assert result.code == 2, result.err and message in " ".join(result.err.split()) and "Traceback" not in result.err
    assert tree(published.output) == before
    assert not (published.root / "x").exists()


def test_a_shard_out_folder_that_is_not_empty_and_not_a_shard_is_refused(published: "Project"):
    papers = published.root / "papers"
    papers.mkdir()
    (papers / "keep.txt").write_text("not a shard\n", encoding="utf-8")
    result = published.build("--no-search", "--years", "2021", "--shard-out", "papers")
    assert result.code == 2 and "Traceback" not in result.err
    assert "papers is not empty and is not a shard" in " ".join(result.err.split()), result.err
    assert sorted(path.name for path in papers.iterdir()) == ["keep.txt"]
    shard(published, "2021", "again")  # a shard folder is rebuilt in place
    shard(published, "2021", "again")


def test_a_shard_of_years_without_notices_merges(published: "Project"):
    shard(published, "1949-2020", "none")
    shard(published, "2021-2100", "all")
    assert published.build("--merge", str(published.root / "shards" / "none"), str(published.root / "shards" / "all"),
                           "--no-search", "--output", "merged").code == 0
    assert tree(published.root / "merged") == tree(published.output)


def test_the_workflow_runs_a_matrix_of_disjoint_year_ranges_and_a_merge():
    """The CI engine's job matrix covers every year the generator accepts once, so a merge never misses one."""
    from generator.shards import parse_years
    from generator.years import FIRST_YEAR, LAST_YEAR
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "build-shards.yml").read_text(encoding="utf-8"))
    jobs = workflow["jobs"]
    ranges = jobs["shard"]["strategy"]["matrix"]["years"]
    covered: list[int] = []
    for text in ranges:
        covered += sorted(parse_years(text))
    assert sorted(covered) == list(range(FIRST_YEAR, LAST_YEAR + 1))  # each year once
    shard_step = " ".join(step.get("run", "") for step in jobs["shard"]["steps"])
    assert "--years ${{ matrix.years }} --shard-out shard" in shard_step
    assert "shard" in jobs["merge"]["needs"]
    merge_step = " ".join(step.get("run", "") for step in jobs["merge"]["steps"])
    assert "build --merge shards/*" in merge_step
    uploads = [step for step in jobs["shard"]["steps"] if step.get("uses", "").startswith("actions/upload-artifact")]
    downloads = [step for step in jobs["merge"]["steps"]
                 if step.get("uses", "").startswith("actions/download-artifact")]
    assert uploads and downloads and downloads[0]["with"]["pattern"] == "shard-*"
    # every shard and the merge build for the one date the first job took
    assert "--today ${{ needs.today.outputs.date }}" in shard_step and "--today ${{ needs.today.outputs.date }}" in merge_step
