"""A crawl of the built site: every internal link, asset and anchor resolves, at the root and under a sub-path."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from helpers import build_example


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        for name in ("href", "src"):
            if attributes.get(name) and not (tag == "link" and attributes.get("rel") == "canonical"):
                self.links.append(attributes[name])
        if tag == "form" and attributes.get("action"):
            self.links.append(attributes["action"])


def parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def crawl(output: Path, prefix: str) -> list[str]:
    """Broken links as 'page → link' strings; ``prefix`` is the URL path the site is served under."""
    pages = {p: parse(p) for p in sorted(output.rglob("*.html"))}
    broken = []
    for page, parsed in pages.items():
        url = prefix + page.relative_to(output).as_posix()
        for link in parsed.links:
            target = urlsplit(urljoin(url, link))
            if target.scheme in ("mailto", "tel") or target.netloc and target.netloc != "notices.example.org":
                continue
            path = unquote(target.path)
            if not path.startswith(prefix):
                broken.append(f"{url} → {link} (outside {prefix})")
                continue
            file = output / path[len(prefix):]
            if file.is_dir() or path.endswith("/"):
                file = file / "index.html"
            if not file.is_file():
                broken.append(f"{url} → {link}")
                continue
            if target.fragment:
                ids = pages[file].ids if file in pages else set()
                if unquote(target.fragment) not in ids:
                    broken.append(f"{url} → {link} (no such anchor)")
    return broken


def test_no_broken_links_at_the_root(example):
    output, _, _ = example
    assert crawl(output, "/") == []


@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory):
    output = tmp_path_factory.mktemp("subpath") / "output"
    build_example(output, base_url="https://notices.example.org/kepu/notices/")
    return output


def test_no_broken_links_under_a_sub_path(subpath_site):
    assert crawl(subpath_site, "/kepu/notices/") == []
    home = (subpath_site / "index.html").read_text(encoding="utf-8")
    assert 'href="/kepu/notices/static/style.css"' in home
    assert '<link rel="canonical" href="https://notices.example.org/kepu/notices/">' in home


def test_the_crawler_finds_a_broken_link(example, tmp_path):
    """The crawl is not vacuous: a page with a dead link and a dead anchor is reported."""
    import shutil
    copy = tmp_path / "site"
    shutil.copytree(example[0], copy)
    page = copy / "years" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</main>", '<a href="/1999/">x</a><a href="/2022/weinan-kepuri-2022/#nowhere">y</a></main>'), encoding="utf-8")
    broken = crawl(copy, "/")
    assert len(broken) == 2
    assert any("/1999/" in b for b in broken) and any("no such anchor" in b for b in broken)


def test_feeds_and_data_follow_the_sub_path(subpath_site):
    feed = (subpath_site / "feed.xml").read_text(encoding="utf-8")
    assert "https://notices.example.org/kepu/notices/2022/weinan-kepuri-2022/" in feed
    data = (subpath_site / "api" / "notices.json").read_text(encoding="utf-8")
    assert '"url": "https://notices.example.org/kepu/notices/2022/weinan-kepuri-2022/"' in data
    search = (subpath_site / "search" / "index.html").read_text(encoding="utf-8")
    assert 'data-bundle="/kepu/notices/pagefind/2023/"' in search
    assert 'data-merge="/kepu/notices/pagefind/2022/ /kepu/notices/pagefind/2021/"' in search
