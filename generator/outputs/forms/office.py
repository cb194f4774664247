"""What the two Office formats share: XML text helpers and the kit of parts every file of a format shares."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .stablezip import StableZip

# Both formats are written as XML text directly. openpyxl and python-docx built them before, at
# 25 and 70 ms a file (python-docx reloads and recompresses its 800 KB template for every document,
# and finds a table cell by rebuilding the whole grid): an archive of 10,000 notices spent most of
# its build in them. Now the parts every file shares come from those libraries once per process
# (Word's styles with our fonts, the themes), are compressed once, and only the few parts that
# differ are written per file: about 1 ms for both. The XML is what the libraries wrote, element
# for element (the tests read the files back with openpyxl and python-docx).

XML_HEAD = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attr(text: str) -> str:
    return esc(text).replace('"', "&quot;")


def stamp_text(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Kit:
    """The parts every file of one format shares, and an archive writer that compressed them once."""

    parts: dict[str, bytes]
    archive: StableZip
