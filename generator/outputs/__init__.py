"""Non-HTML outputs: one module per format, registered once in ``OUTPUTS``.

A format has files of its own for each notice (a notice's calendar, its JSON, its annex
forms), files for the whole site (``feed.xml``, ``calendar.ics``), or both. The whole-site
files are assembled from one *part* per notice (an Atom entry, a notice's events), which
the notice's own function returns with its files. Splitting by notice is what lets a build
redo the notices that changed and assemble the site-wide files from parts it kept, instead
of redoing the whole archive for one edit.

- ``notice_files(site, collections, notice) -> NoticeFiles``: reads that notice (and the
  addresses of the notices it links to) and nothing else;
- ``site_files(site, collections, parts, share) -> iterable of (path, bytes)``: ``parts`` maps each
  notice's key to its part; ``share`` says which of the files to make: those made from every year
  (``feed.xml``) and those of a year (``<year>/feed.xml``), which is what lets a build be split
  into shards of years and merged (:mod:`generator.shards`).
- ``prepare()``: what every process making the format's files needs, made once before they fork.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable

from ..collect import Collections
from ..config import Site
from ..notice import Notice
from . import api, attachments, calendar, feed, forms, schema, sitemap
from .parts import NoticeFiles, Share

SiteFiles = Callable[[Site, Collections, dict[str, Any], Share], Iterable[tuple[str, bytes]]]


@dataclass(frozen=True)
class Format:
    """An output format: its files per notice and/or its site-wide files."""

    name: str
    notice_files: Callable[[Site, Collections, Notice], NoticeFiles] | None = None
    site_files: SiteFiles | None = None
    # Work done once per process before notices' files are made, run before the workers fork so that
    # they share it (the forms' fixed zip members: 0.2 s a process).
    prepare: Callable[[], None] | None = None


OUTPUTS: list[Format] = [
    Format("api", api.notice_files, api.site_files),
    Format("calendar", calendar.notice_files, calendar.site_files),
    Format("feed", feed.notice_files, feed.site_files),
    Format("sitemap", None, sitemap.site_files),
    Format("forms", forms.notice_files, None, forms.prepare),
    Format("attachments", attachments.notice_files, None),
    Format("schema", None, schema.site_files),
]


__all__ = ["OUTPUTS", "Format", "NoticeFiles", "Share"]
