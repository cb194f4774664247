"""Checks of a notice against itself and against the archive, beyond what its model validates.

The model (:mod:`generator.notice`) checks each field; these need the file's place (its year
folder), other fields of the same notice, or the other notices.
"""

from __future__ import annotations

import functools
import re
from typing import Callable

import phonenumbers

from .config import Site
from .errors import ContentError
from .notice import Front, Notice, Phone
from .wording import cn_date
from .years import RANGE_TEXT, supported
from .i18n import N_, tr, translated

LineOf = Callable[[tuple], int]  # a field path → its line in the file


def front_errors(shown: str, year: int, front: Front, line_of: LineOf) -> list[ContentError]:
    """The year folder in the supported range; the issued year against the year folder; each deadline's annex against the annexes."""
    errors = []
    if not supported(year):
        return [ContentError(shown, 0, "", tr("the year folder content/{year}/ is outside the years the site "
                                              "supports ({range_text})",
                                              year=year, range_text=RANGE_TEXT), tr("move the notice into the "
                                                                                    "folder of the year it was "
                                                                                    "issued"))]
    if front.issued is not None and front.issued.year != year:
        errors.append(ContentError(shown, line_of(("issued",)), "issued",
                                   tr("the notice was issued in {year} but its file is in content/{year2}/",
                                      year=front.issued.year, year2=year),
                                   tr("move it to content/{year}/ or correct the date", year=front.issued.year)))
    for index, deadline in enumerate(front.deadlines):
        if deadline.annex is not None and deadline.annex > len(front.annexes):
            loc = ("deadlines", index, "annex")
            errors.append(ContentError(shown, line_of(loc), f"deadlines[{index + 1}].annex",
                                       tr("refers to 附件{annex}, but the notice has {annexes_count} annex(es)",
                                          annex=deadline.annex, annexes_count=len(front.annexes)),
                                       tr("number annexes from 1 in the order of `annexes`")))
    return errors


def area_code_of(phone: Phone) -> str:
    """The area code a landline is written with (0913 of 0913-2126496), or "" (a mobile, a local number)."""
    return "" if phone.mobile else area_code_digits(phone.digits)


@functools.lru_cache(maxsize=8192)  # an office's numbers recur in notice after notice
def area_code_digits(digits: str) -> str:
    """The area code of a number's digits (0913 of 09132126496), or ""."""
    if not digits.startswith(("0", "+86")):
        return ""
    try:
        parsed = phonenumbers.parse(digits, "CN")
    except phonenumbers.NumberParseException:
        return ""
    length = phonenumbers.length_of_geographical_area_code(parsed)
    return "0" + phonenumbers.national_significant_number(parsed)[:length] if length else ""


def written_area_code(digits: str) -> str:
    """The area code a Chinese landline's digits start with by the numbering plan (010 and 02x: three digits
    with the 0, any other: four), without asking libphonenumber whether the number is valid, or "" when
    the digits do not start with 0 or +86. :func:`area_code_warnings` trusts it only when the region
    expects that code: such a number never gets a warning, whatever libphonenumber makes of the rest."""
    if digits.startswith("+86"):
        digits = "0" + digits[3:]
    if not digits.startswith("0"):
        return ""
    return digits[:3] if digits.startswith(("010", "02")) else digits[:4]


def area_code_warnings(site: Site, shown: str, front: Front, line_of: LineOf) -> list[ContentError]:
    """Landlines whose area code belongs to another province than the notice's (or the contact's) region: a
    number copied from another notice (0913 in a 重庆市 notice), or a contact elsewhere (a national body in
    北京市), which the contact's ``region`` confirms. Warnings: the notice is published all the same."""
    errors = []
    for index, contact in enumerate(front.contacts):
        region = contact.region or front.region
        expected = site.area_code_places(region)
        if not expected:
            continue  # no area codes known for the region
        phones = [(("contacts", index, "phones", number), phone) for number, phone in enumerate(contact.phones)]
        phones += [(("contacts", index, "people", person, "phones", number), phone)
                   for person, entry in enumerate(contact.people) if not isinstance(entry, str)
                   for number, phone in enumerate(entry.phones)]
        for loc, phone in phones:
            if not phone.mobile and written_area_code(phone.digits) in expected:
                continue  # the region's own code (most numbers): no need to parse the number
            code = area_code_of(phone)
            places = site.where_dialled(code) if code and code not in expected else []
            if places:
                elsewhere = "、".join(site.full_name(place.key) for place in places)
                field = "".join(f"[{part + 1}]" if isinstance(part, int) else f".{part}" for part in loc)[1:]
                message = (tr("`{number}` has the area code {code} of {places}, outside {province}, where the "
                              "contact is from", number=phone.number, code=code, places=elsewhere,
                              province=site.region_path(region)[0].name) if contact.region else
                           tr("`{number}` has the area code {code} of {places}, outside {province}, where the "
                              "notice is from", number=phone.number, code=code, places=elsewhere,
                              province=site.region_path(region)[0].name))
                errors.append(ContentError(shown, line_of(loc), field, message, tr(
                    "check the number against the source notice; if this contact really is in {place}, write "
                    "`region: {place}` in the contact, under `body:`", place=places[0].name)))
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
                                           tr("no notice `{notice}` is in the archive", notice=annex.notice),
                                           tr("write <year>/<file name without .md> of a notice in content/, or "
                                              "remove `notice:` and give `doc_number`/`url`")))
        for index, reference in enumerate(notice.front.based_on):
            if reference.notice and reference.notice not in slugs:
                line = notice.lines.get(("based_on", index, "notice"), 0)
                errors.append(ContentError(notice.source, line, f"based_on[{index + 1}].notice",
                                           tr("no notice with the slug `{notice}` is in the archive",
                                              notice=reference.notice),
                                           tr("use the file name (without .md) of a notice in content/, or remove "
                                              "`notice:` and give `doc_number`/`url`")))
    return errors


# ---------------------------------------------------------------- lines pasted from the Word original

_MARKS = re.compile(r"[*_#>\s　]+")  # Markdown emphasis, heading and quote marks, spaces
_LABEL = re.compile(r"^(?:联系人|联系电话|联系方式|电话|传真|邮箱|电子邮箱|附件\d*)[:：]")
_DIGITS = re.compile(r"\d+")


def _bare(line: str) -> str:
    return _MARKS.sub("", line).rstrip(":：")


def _repeated(front: Front, line: str) -> str:
    """The field a body line repeats, when it is a line the page already prints from that field."""
    bare = _bare(line)
    if not bare:
        return ""
    if front.recipients and bare == _bare(front.recipients):
        return "recipients"
    if bare in (_bare(s) for s in front.signatures):
        return "signatures"
    if front.issued is not None and bare == cn_date(front.issued):
        return "issued"
    return _repeated_label(front, bare) if _LABEL.match(bare) else ""


def _repeated_label(front: Front, bare: str) -> str:
    """A `附件：…` line naming an annex, or a `联系人：…`/`电话：…` line naming a contact's person or number."""
    value = bare.split("：", 1)[-1].split(":", 1)[-1]
    if bare.startswith("附件"):
        titles = {_bare(t) for annex in front.annexes for t in (annex.title, annex.listed_as) if t}
        return "annexes" if any(title and title in value for title in titles) else ""
    numbers = {"".join(_DIGITS.findall(str(getattr(phone, "number", phone)))) for contact in front.contacts
               for phone in contact.phones}
    names = {str(person) for contact in front.contacts for person in contact.people}
    said = "".join(_DIGITS.findall(value))
    return "contacts" if (said and any(n and n in said for n in numbers)) or any(n in value for n in names) else ""


_WHERE = {"recipients": N_("the 主送 line above the body"), "signatures": N_("the 落款 under the body"),
          "issued": N_("the date under the 落款"), "contacts": N_("the contacts section"),
          "annexes": N_("the 附件 list")}  # translated where they are shown


def repeated_lines(shown: str, front: Front, body: str, first_line: int) -> list[ContentError]:
    """Body lines that repeat what the page prints from the front matter (pasted with the rest of the
    Word original): printed twice on the page and on paper."""
    errors = []
    for index, line in enumerate(body.split("\n")):
        field = _repeated(front, line)
        if field:
            errors.append(ContentError(shown, first_line + index, "body",
                                       tr("this line is printed from `{field}` already ({where}), so the page would "
                                          "show it twice", field=field, where=translated(_WHERE[field])),
                                       tr("delete the line from the body")))
    return errors
