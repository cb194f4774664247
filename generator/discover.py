"""Which notice files make up the site, in a fixed order, and what their paths say.

A notice lives at ``content/<year>/<slug>.md``. The slug is the file name and
becomes the URL, so it is limited to characters that are safe in a URL and on
every file system; anything else is an error, never a path to follow.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ContentError, display_path
from .load import kind_of
from .i18n import N_, tr, translated

SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")  # whole names only (fullmatch): `$` would let "abc\n" through
YEAR = re.compile(r"(19|20|21)\d\d")
SLUG_RULE = N_("lower-case ASCII letters, digits and hyphens, starting with a letter or digit, at most 80")


def is_slug(text: str) -> bool:
    return SLUG.fullmatch(text) is not None


def suggested_slug(text: str) -> str:
    """A slug close to ``text``: lower case, every run of other characters a hyphen ("notice" if none is left)."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80].rstrip("-")
    return slug or "notice"


def slug_hint(text: str, suffix: str = "") -> str:
    """What to name a file instead of ``text`` (``suffix``: ".md" where the name is a file's)."""
    example = f"{suggested_slug(text)}{suffix}"
    if re.search(r"[a-z0-9]", text.lower()):
        return tr("use {rule} characters, e.g. {example}", rule=translated(SLUG_RULE), example=example)
    return tr("use {rule} characters, e.g. {example}, or a pinyin name such as weinan-kepuri-2022{suffix}",
              rule=translated(SLUG_RULE), example=example, suffix=suffix)


def shown_name(text: str) -> str:
    """A name as a message shows it: control characters and odd spaces escaped, so a newline is seen."""
    if text.isprintable():  # nearly every name: nothing to escape (a space is printable)
        return text
    return "".join(ch if ch == " " or ch.isprintable() else repr(ch)[1:-1] for ch in text)


@dataclass(frozen=True)
class Source:
    path: Path
    shown: str
    year: int
    slug: str


def discover(content: Path) -> tuple[list[Source], list[ContentError]]:
    """Every ``content/<year>/<slug>.md``, sorted by year and slug; misplaced files are errors."""
    found = scan(content)
    return found.sources, found.errors


@dataclass
class Scan:
    """What one walk of ``content/`` found: the notice files, the mistakes, and for each notice file
    (by its name under content/, ``<year>/<slug>.md``) its status and whether a folder of attached files
    (``<year>/<slug>/``) sits beside it, so that looking at the sources needs no second ``stat``."""

    sources: list[Source]
    errors: list[ContentError]
    stats: dict[str, os.stat_result] = field(default_factory=dict)
    folders: set[str] = field(default_factory=set)


def _walk(folder: str, relative: tuple[str, ...], found: list, folders: set[str]) -> None:
    """Every ``*.md`` below ``folder`` (files or not), as ``pathlib``'s ``rglob`` finds them: one
    ``scandir`` a folder, linked folders not entered; notes the year folders' sub-folders."""
    try:
        with os.scandir(folder) as entries:
            listed = list(entries)
    except OSError:
        return
    for entry in listed:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            if len(relative) == 1:
                folders.add(f"{relative[0]}/{entry.name}")
            if not entry.is_symlink():
                _walk(entry.path, relative + (entry.name,), found, folders)
        if os.path.normcase(entry.name).endswith(".md"):
            found.append((relative + (entry.name,), entry))


def scan(content: Path) -> Scan:
    """:func:`discover`, with what the walk learnt about each notice file."""
    sources: list[Source] = []
    errors: list[ContentError] = []
    stats: dict[str, os.stat_result] = {}
    folders: set[str] = set()
    root = content.resolve()
    base = display_path(content)
    found: list = []
    _walk(os.fspath(content), (), found, folders)
    found.sort(key=lambda item: "/".join(item[0]))
    for parts, entry in found:
        relative = "/".join(parts)
        path = content.joinpath(*parts)
        try:
            status = entry.stat(follow_symlinks=False)
        except OSError:  # gone since the folder was listed
            continue
        mode = status.st_mode
        linked = stat.S_ISLNK(mode)
        # as display_path shows it, without resolving each of thousands of paths (linked folders are not entered)
        if linked:
            shown = display_path(path)
        else:
            shown = relative if base == "." else f"{base}/{relative}"
        shown = shown_name(shown)
        if linked and not path.resolve().is_relative_to(root):
            errors.append(ContentError(shown, 0, "", tr("the file is a link to somewhere outside content/"),
                                       tr("copy the notice into content/ instead of linking to it")))
            continue
        if linked:
            try:
                status = path.stat()
                mode = status.st_mode
            except OSError:
                status = None  # a link to nothing: reading it says so
        if not stat.S_ISREG(mode) and not stat.S_ISLNK(mode):  # a named pipe would make the build wait forever
            problem = tr("`{name}` is {kind}, not a notice file", name=shown_name(entry.name), kind=kind_of(mode))
            errors.append(ContentError(shown, 0, "", problem,
                                       tr("remove it, or put the notice's text file in its place")))
            continue
        if len(parts) != 2 or not YEAR.fullmatch(parts[0]):
            if parts[0].startswith((".", "_")) or entry.name.lower() == "readme.md":
                continue
            errors.append(ContentError(shown, 0, "", tr("a notice file must be at content/<year>/<slug>.md"),
                                       tr("move it into the folder of the year it was issued, e.g. content/2022/")))
            continue
        dot = entry.name.rfind(".")
        slug = entry.name[:dot] if 0 < dot < len(entry.name) - 1 else entry.name  # as Path.stem
        if not is_slug(slug):
            errors.append(ContentError(shown, 0, "", tr("the file name `{name}` cannot be used as a URL",
                                                        name=shown_name(entry.name)),
                                       tr("rename the file: {hint}", hint=slug_hint(slug, ".md"))))
            continue
        sources.append(Source(path, shown, int(parts[0]), slug))
        if status is not None:
            stats[relative] = status
    seen: dict[str, Source] = {}
    for source in sources:
        if source.slug in seen:
            errors.append(ContentError(source.shown, 0, "", tr("the slug `{slug}` is already used by {shown}",
                                                               slug=source.slug, shown=seen[source.slug].shown),
                                       tr("slugs identify notices across the archive: rename one of the files")))
        else:
            seen[source.slug] = source
    return Scan(sources, errors, stats, folders)
