"""``<year>/<slug>/files/``: the files kept beside a notice, published as they are.

A notice may attach files (``annexes`` of ``kind: file``, its ``original``): a PDF scan with
the red seal, a .docx form. They live in the notice's own folder, ``content/<year>/<slug>/``,
and are copied to ``files/annex-<n>.<ext>`` and ``files/original.<ext>`` beside its page. A
notice's digests include the sizes and times of the files in that folder, so a build notices a
replaced PDF as it notices an edited notice.
"""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Callable, Iterable

from ..collect import Collections
from ..config import Site
from ..errors import ContentError
from ..load import kind_of, read_file
from ..notice import AttachedFile, FileAnnex, Front, Notice
from .parts import NoticeFiles
from ..i18n import tr

MAX_BYTES = 50 * 1024 * 1024


def folder(source_path: Path, slug: str) -> Path:
    """The folder of a notice's attached files: ``content/<year>/<slug>/``."""
    return source_path.parent / slug


def attached(front: Front) -> Iterable[tuple[tuple, str, str]]:
    """(field path, file, what it is: annex-<n> or original) of every file a notice attaches."""
    for index, annex in enumerate(front.annexes):
        if isinstance(annex, FileAnnex):
            yield ("annexes", index, "file"), annex.file, f"annex-{index + 1}"
    if front.original is not None:
        yield ("original", "file"), front.original.file, "original"


def find(content: Path, year: int, front: Front, shown: str,
         line_of: Callable[[tuple], int]) -> tuple[dict[str, AttachedFile], list[ContentError]]:
    """The attached files by role (annex-2, original), each checked: it exists inside content/, is a
    file, and is neither empty nor too large."""
    found: dict[str, AttachedFile] = {}
    errors: list[ContentError] = []
    year_folder = content / str(year)
    root = content.resolve()
    for loc, name, role in attached(front):
        field = ".".join(str(part) if isinstance(part, str) else f"[{part + 1}]" for part in loc).replace(".[", "[")
        path = year_folder / name
        if not path.resolve().is_relative_to(root):  # a link to somewhere else
            errors.append(ContentError(shown, line_of(loc), field, tr("`{name}` leads outside content/", name=name),
                                       tr("copy the file into the notice's folder instead of linking to it")))
            continue
        try:
            status = path.stat()
        except OSError:
            status = None
        if status is not None and not stat.S_ISREG(status.st_mode) and not stat.S_ISDIR(status.st_mode):
            errors.append(ContentError(shown, line_of(loc), field, tr("content/{year}/{name} is {kind}, not a "
                                                                      "file to publish",
                                                                      year=year, name=name,
                                                                      kind=kind_of(status.st_mode)),
                                       tr("put the file itself there (a PDF, a Word or Excel file)")))
            continue
        if status is None or not path.is_file():
            errors.append(ContentError(shown, line_of(loc), field, tr("there is no file content/{year}/{name}",
                                                                      year=year, name=name),
                                       tr("put the file there (names are case-sensitive), or correct `file:`")))
            continue
        if status.st_size == 0 or status.st_size > MAX_BYTES:
            size = "empty" if status.st_size == 0 else f"{status.st_size / 1024 / 1024:.0f} MB"
            errors.append(ContentError(shown, line_of(loc), field, f"`{name}` is {size}",
                                       tr("attach a file of 1 byte to {value} MB (scan at 150–200 dpi, or split it)",
                                          value=MAX_BYTES // 1024 // 1024)))
            continue
        suffix = "." + name.rsplit(".", 1)[-1].lower()
        found[role] = AttachedFile(name, f"files/{role}{suffix}", status.st_size, suffix)
    return found, errors


def notice_files(site: Site, c: Collections, notice: Notice) -> NoticeFiles:
    year_folder = site.root / str(notice.year)
    return NoticeFiles([(f"{notice.path}{entry.target}", read_file(year_folder / entry.file))
                        for entry in notice.files.values()])
