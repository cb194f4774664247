"""Checks of a notice against itself and against the archive, beyond what its model validates.

The model (:mod:`generator.notice`) checks each field; these need the file's place (its year
folder), other fields of the same notice, or the other notices.
"""

from __future__ import annotations

from typing import Callable

from .errors import ContentError
from .notice import Front, Notice
from .years import RANGE_TEXT, supported

LineOf = Callable[[tuple], int]  # a field path → its line in the file


def front_errors(shown: str, year: int, front: Front, line_of: LineOf) -> list[ContentError]:
    """The year folder in the supported range; the issued year against the year folder; each deadline's annex against the annexes."""
    errors = []
    if not supported(year):
        return [ContentError(shown, 0, "", f"the year folder content/{year}/ is outside the years the site supports "
                             f"({RANGE_TEXT})", "move the notice into the folder of the year it was issued")]
    if front.issued is not None and front.issued.year != year:
        errors.append(ContentError(shown, line_of(("issued",)), "issued",
                                   f"the notice was issued in {front.issued.year} but its file is in "
                                   f"content/{year}/",
                                   f"move it to content/{front.issued.year}/ or correct the date"))
    for index, deadline in enumerate(front.deadlines):
        if deadline.annex is not None and deadline.annex > len(front.annexes):
            loc = ("deadlines", index, "annex")
            errors.append(ContentError(shown, line_of(loc), f"deadlines[{index + 1}].annex",
                                       f"refers to 附件{deadline.annex}, but the notice has "
                                       f"{len(front.annexes)} annex(es)",
                                       "number annexes from 1 in the order of `annexes`"))
    return errors


def link_errors(notices: list[Notice]) -> list[ContentError]:
    """based_on entries and document annexes that name an archive notice which does not exist."""
    slugs = {n.slug for n in notices}
    keys = {n.key for n in notices}
    errors = []
    for notice in notices:
        for index, annex in enumerate(notice.front.annexes):
            if getattr(annex, "notice", "") and annex.notice not in keys:
                errors.append(ContentError(notice.source, notice.lines.get(("annexes", index, "notice"), 0),
                                           f"annexes[{index + 1}].notice",
                                           f"no notice `{annex.notice}` is in the archive",
                                           "write <year>/<file name without .md> of a notice in content/, "
                                           "or remove `notice:` and give `doc_number`/`url`"))
        for index, reference in enumerate(notice.front.based_on):
            if reference.notice and reference.notice not in slugs:
                line = notice.lines.get(("based_on", index, "notice"), 0)
                errors.append(ContentError(notice.source, line, f"based_on[{index + 1}].notice",
                                           f"no notice with the slug `{reference.notice}` is in the archive",
                                           "use the file name (without .md) of a notice in content/, "
                                           "or remove `notice:` and give `doc_number`/`url`"))
    return errors
