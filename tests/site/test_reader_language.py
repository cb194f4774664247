"""What the theme itself says to a Chinese reader is Chinese: no English link texts or labels.
Latin words the editors wrote (e-mail addresses, APP, web addresses) are theirs, not the theme's."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from helpers import REPO

# Names a Chinese reader knows by these letters (the programs the annex files open in, the file types
# the download links name) and what the browser must allow for the search to run.
NAMES = {"Excel", "Word", "xlsx", "docx", "PDF", "JavaScript"}
SHOWN_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
LATIN = re.compile(r"[A-Za-z][A-Za-z0-9]*")


class _Words(HTMLParser):
    """The Latin words of a page's visible text and of the attributes a reader sees or hears."""

    def __init__(self):
        super().__init__()
        self.hidden = 0
        self.words: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "code", "pre"):
            self.hidden += 1
        for name, value in attrs:
            if name in SHOWN_ATTRIBUTES and value:
                self._take(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "code", "pre"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self._take(data)

    def _take(self, text: str) -> None:
        text = re.sub(r"\S+@\S+|\S*://\S+|\S+\.(?:cn|com|org|net)\S*", " ", text)  # addresses are the editors'
        self.words += [(word, text.strip()[:60]) for word in LATIN.findall(text)]


def _editors_words() -> set[str]:
    return {word for path in (REPO / "content").rglob("*") if path.suffix in (".md", ".yaml")
            for word in LATIN.findall(path.read_text(encoding="utf-8"))}


def test_the_theme_speaks_chinese_to_readers(example):
    output = example[0]
    theirs = _editors_words() | NAMES
    english: dict[str, str] = {}
    for page in sorted(output.rglob("*.html")):
        words = _Words()
        words.feed(page.read_text(encoding="utf-8"))
        for word, context in words.words:
            if word not in theirs:
                english.setdefault(word, f"{page.relative_to(output)}: {context}")
    assert english == {}


def test_the_feeds_and_calendars_are_still_linked_by_their_file_names(example):
    output = example[0]
    footer = (output / "index.html").read_text(encoding="utf-8")
    assert '<a href="/feed.xml" type="application/atom+xml">订阅新通知</a>' in footer
    assert '<a href="/calendar.ics" type="text/calendar">截止日期日历</a>' in footer
    deadlines = (output / "deadlines" / "index.html").read_text(encoding="utf-8")
    assert 'href="/calendar.ics" type="text/calendar">订阅截止日期日历</a>' in deadlines
