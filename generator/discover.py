"""Which notice files make up the site, in a fixed order, and what their paths say.

A notice lives at ``content/<year>/<slug>.md``. The slug is the file name and
becomes the URL, so it is limited to characters that are safe in a URL and on
every file system; anything else is an error, never a path to follow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import ContentError, display_path

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
YEAR = re.compile(r"^(19|20|21)\d\d$")


@dataclass(frozen=True)
class Source:
    path: Path
    shown: str
    year: int
    slug: str


def discover(content: Path) -> tuple[list[Source], list[ContentError]]:
    """Every ``content/<year>/<slug>.md``, sorted by year and slug; misplaced files are errors."""
    sources: list[Source] = []
    errors: list[ContentError] = []
    root = content.resolve()
    base = display_path(content)
    linked_folders: dict[Path, bool] = {}
    for path in sorted(content.rglob("*.md"), key=lambda p: p.as_posix()):
        relative = path.relative_to(content)
        linked = path.is_symlink()
        if not linked and path.parent not in linked_folders:
            linked_folders[path.parent] = any((content / folder).is_symlink() for folder in relative.parents
                                              if folder != Path("."))
        # as display_path shows it, without resolving each of thousands of paths
        if linked or linked_folders.get(path.parent):
            shown = display_path(path)
        else:
            shown = relative.as_posix() if base == "." else f"{base}/{relative.as_posix()}"
        if linked and not path.resolve().is_relative_to(root):
            errors.append(ContentError(shown, 0, "", "the file is a link to somewhere outside content/",
                                       "copy the notice into content/ instead of linking to it"))
            continue
        if len(relative.parts) != 2 or not YEAR.match(relative.parts[0]):
            if relative.parts[0].startswith((".", "_")) or relative.name.lower() == "readme.md":
                continue
            errors.append(ContentError(shown, 0, "", "a notice file must be at content/<year>/<slug>.md",
                                       "move it into the folder of the year it was issued, e.g. content/2022/"))
            continue
        slug = path.stem
        if not SLUG.match(slug):
            errors.append(ContentError(shown, 0, "", f"the file name `{path.name}` cannot be used as a URL",
                                       "name the file with lower-case letters, digits and hyphens, "
                                       "e.g. 2022-weinan-kepuri.md"))
            continue
        sources.append(Source(path, shown, int(relative.parts[0]), slug))
    seen: dict[str, Source] = {}
    for source in sources:
        if source.slug in seen:
            errors.append(ContentError(source.shown, 0, "", f"the slug `{source.slug}` is already used by "
                                       f"{seen[source.slug].shown}",
                                       "slugs identify notices across the archive: rename one of the files"))
        else:
            seen[source.slug] = source
    return sources, errors
