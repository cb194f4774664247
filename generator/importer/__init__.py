"""Import an existing notice (.docx or plain text) as a draft notice file.

The stages, one module each, in the order the data flows::

    read.py       file → Source (paragraphs and tables; encodings; Word numbering and merged cells)
    recognise.py  Source → Draft (header.py, body.py, deadlines.py, contacts.py, annexes.py, closing.py,
                  vocabulary.py for region and campaign; sitelines.py for what site.yaml lacks)
    write.py      Draft → the text of content/<year>/<slug>.md, unsure values marked （待确认）, doubts
                  as ``# 待确认: …`` comments
    report.py     precision and recall of the importer on the seed notices
    score.py      the importer scored on any folder of notices against hand-made answer keys

This module ties them together for the command line and the tests; it is the
only part that touches the disk besides ``read``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..config import Site
from ..discover import is_slug, shown_name, slug_hint
from ..errors import ContentError
from ..i18n import tr
from ..load import Document, parse_yaml, split_front_matter
from ..markdown import make_markdown, render_body
from ..notice import Front, notice_context
from ..schema import validate
from .draft import UNSURE, Draft, Undecided
from .given import Given, supply
from .read import read
from .recognise import recognise
from .script import give_back, reading_view
from .write import write


@dataclass
class Imported:
    draft: Draft
    text: str  # the notice file
    marks: list[tuple[int, Undecided]] = field(default_factory=list)  # (line in the file, what to confirm)


def import_notice(path: Path, shown: str, site: Site,
                  given: Given = Given()) -> tuple[Imported | None, list[ContentError]]:
    """Read and recognise one notice; None and the reasons when the file cannot be read as one. ``given``: what
    the editor stated on the command line (checked against site.yaml by ``given.unknown`` first)."""
    source, errors = read(path, shown)
    if source is None:
        return None, errors
    view_source, view = reading_view(source)
    draft = recognise(view_source, site)
    if view is not None:  # traditional characters, pinyin or emoji: values as the text states them
        give_back(draft, view)
    if not _looks_like_a_notice(draft):
        return None, [ContentError(shown, 0, "", tr("no text that looks like a notice was found"),
                                   tr("check that this is the right file"))]
    supply(draft, given, site)
    text, marks = write(draft, path.name)
    return Imported(draft, text, marks), []


def _looks_like_a_notice(draft: Draft) -> bool:
    """Whether anything of a notice was found, however much of its head a web page cut off: a title, headings,
    actions, deadlines, contacts or annexes; or two of 主送, 落款, 成文日期, a campaign's period."""
    if draft.title or "\n## " in "\n" + draft.body or draft.actions or draft.deadlines or draft.contacts \
            or draft.annexes:
        return True
    stated = [bool(draft.recipients), bool(draft.signatures), bool(draft.issued), bool(draft.campaign and draft.dates)]
    return sum(stated) >= 2


def default_slug(draft: Draft, fallback_year: int | None = None) -> str:
    """``<region>-<campaign>-<year>`` as in content/ (e.g. weinan-kepuri-2022), with what is known."""
    year = draft.year or fallback_year
    keys = {addition.name: addition.key for addition in draft.site_additions}  # names site.yaml lacks

    def key(value: str) -> str:
        value = value.replace(UNSURE, "")
        return value if value.isascii() else keys.get(value, "")

    parts = [part for part in (key(draft.region), key(draft.campaign), str(year) if year else "") if part]
    slug = "-".join(parts) or "imported-notice"
    return slug if is_slug(slug) else "imported-notice"


@dataclass
class Checked:
    """A notice text as ``check`` reads it: the validated front matter and the body, or the problems."""

    front: Front | None
    body: str
    problems: list[ContentError]


def check_text(site: Site, text: str, shown: str, year: int | None) -> Checked:
    """Validate a notice file's text the way ``check`` does, stage by stage (load → schema → markdown).

    Built from the pipeline's own stages rather than ``build.load_notice`` so that
    it needs no file on disk; ``year`` is the year folder the file is (or goes) in.
    """
    front_text, body, body_line, problems = split_front_matter(text, shown)
    if problems:
        return Checked(None, "", problems)
    data, lines, problems = parse_yaml(front_text, shown)
    if data is None or not isinstance(data, dict):
        return Checked(None, body,
                       problems or [ContentError(shown, 2, "", tr("the front matter is not a set of fields"))])
    document = Document(Path(shown), shown, data, body, body_line, lines)
    front, more = validate(Front, document, context=notice_context(site, data, year, Path(shown).stem))
    problems += more
    if front is None:
        return Checked(None, body, problems)
    if year is not None and front.issued is not None and front.issued.year != year:
        problems.append(ContentError(shown, document.line_of(("issued",)), "issued",
                                     tr("the notice was issued in {year} but its file is in content/{year2}/",
                                        year=front.issued.year, year2=year),
                                     tr("move it to content/{year}/ or correct the date", year=front.issued.year)))
    for index, deadline in enumerate(front.deadlines):
        if deadline.annex is not None and deadline.annex > len(front.annexes):
            problems.append(ContentError(shown, document.line_of(("deadlines", index, "annex")),
                                         f"deadlines[{index + 1}].annex",
                                         tr("refers to 附件{annex}, but the notice has {annexes_count} annex(es)",
                                            annex=deadline.annex, annexes_count=len(front.annexes)),
                                         tr("number annexes from 1 in the order of `annexes`")))
    _, more = render_body(make_markdown(), body, list(front.actions), site.config.trust_raw_html, shown, body_line,
                          document.line_of(("actions",)))
    return Checked(front, body, problems + more)


def save(imported: Imported, folder: Path, slug: str) -> Path:
    """Write the notice as ``folder/<slug>.md``; never replaces a file (FileExistsError)."""
    if not is_slug(slug):
        raise ValueError(tr("`{name}` cannot be a slug: {hint}", name=shown_name(slug), hint=slug_hint(slug)))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{slug}.md"
    with open(path, "x", encoding="utf-8", newline="\n") as handle:  # "x": fails if the file exists
        handle.write(imported.text)
    return path


__all__ = ["Given", "Imported", "Checked", "import_notice", "default_slug", "check_text", "save"]
