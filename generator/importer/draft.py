"""The recogniser's result: a notice's parts, typed with the notice model, plus what it could not decide.

The parts reuse the models of :mod:`generator.notice` (Action, Deadline,
Contact, the annex kinds …), so a draft holds nothing the schema would not
accept. Top-level fields stay optional here: a draft may lack a title or a
region, and says so in ``undecided`` instead of guessing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..notice import Action, Dates, Deadline, FormAnnex, PrintedBy, Reference, TableAnnex, TextAnnex



@dataclass
class Phone:
    """A number as printed, its extension, and whether it is a phone, a fax or both (联系电话（传真）)."""

    number: str
    ext: str = ""
    kind: str = "phone"  # phone | fax | both
    implied_code: str = ""  # a local number written right after one with this area code (020-…、83163913)
    note: str = ""

    @property
    def fax(self) -> bool:
        return self.kind in ("fax", "both")


@dataclass
class Person:
    """A contact person: a name (陈老师 is one), their department (科普部 夏瑞军) and their own number/email."""

    name: str
    role: str = ""
    phones: list[Phone] = field(default_factory=list)
    email: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return self.name

    def __eq__(self, other: object) -> bool:  # a person with nothing but a name compares as that name
        if isinstance(other, str):
            return not (self.role or self.phones or self.email) and self.name == other
        if isinstance(other, Person):
            return (self.name, self.role, self.phones, self.email) == (other.name, other.role, other.phones,
                                                                       other.email)
        return NotImplemented


@dataclass
class Contact:
    """A contact point as the notice format of issue 12 holds it (people may carry their own numbers)."""

    body: str = ""
    people: list[Person] = field(default_factory=list)
    phones: list[Phone] = field(default_factory=list)
    email: list[str] = field(default_factory=list)
    address: str = ""
    postcode: str = ""
    note: str = ""
    region: str = ""  # where the contact is, when its numbers are dialled in another province (北京市)


@dataclass(frozen=True)
class DocumentAnnex:
    """An annex that is a document (an upstream notice, a list of names, a file) rather than a form.

    Written as ``kind: document`` (the notice format of issue 12); the importer
    never turns such an annex into a form, and never invents its 文号.
    """

    title: str
    doc_number: str = ""
    issuer: str = ""
    file_name: str = ""  # the name of the attached file when the list gives one (….pdf, ….docx)
    kind: str = "document"
    listed_as: str = ""


@dataclass(frozen=True)
class MergedTableAnnex:
    """A column table whose rows are partly filled in and hold merged cells (a 区分 column spanning rows,
    a 合计 row spanning columns): ``kind: table`` with ``{text, rows}`` / ``{text, span}`` cells (issue 12)."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]  # a text, or a dict {text, rows} / {text, span}
    fields: tuple[str, ...] = ()
    footer: tuple[str, ...] = ()
    listed_as: str = ""
    kind: str = "table"


# Appended to a value the importer wrote but is not sure of; `check` refuses it, so the editor must look.
UNSURE = "（待确认）"

Annex = TableAnnex | FormAnnex | TextAnnex | DocumentAnnex | MergedTableAnnex


@dataclass(frozen=True)
class Undecided:
    """Something the editor must confirm: where (a front-matter field, a list item, or the body) and why."""

    field: str  # a Front field name, or "body"
    message: str
    index: int | None = None  # the list item (0-based) the doubt is about


@dataclass(frozen=True)
class SiteAddition:
    """A region or campaign the notice names that content/site.yaml lacks."""

    section: str  # "regions" or "campaigns"
    key: str
    name: str
    area_code: str = ""
    guessed_key: bool = False  # not from the table of known names: the editor may choose another


@dataclass
class Draft:
    title: str = ""
    doc_type: str = ""  # 文种 when the title ends with another than 通知 (函, 总结, 通报 …)
    doc_number: str = ""
    issued: dt.date | None = None
    published: dt.date | None = None  # 发布日期: the day a web page says it put the notice online
    masthead: str = ""
    issuers: list[str] = field(default_factory=list)
    region: str = ""
    campaign: str = ""
    theme: str = ""
    dates: Dates | None = None
    recipients: str = ""
    recipients_at: str = "top"
    based_on: list[Reference] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    annexes: list[Annex] = field(default_factory=list)
    signatures: list[str] = field(default_factory=list)
    cc: str = ""
    printed_by: PrintedBy | None = None
    summary: str = ""  # never recognised: it is the editor's own sentence; the file asks for it
    inferred: list[str] = field(default_factory=list)
    body: str = ""
    undecided: list[Undecided] = field(default_factory=list)
    site_additions: list[SiteAddition] = field(default_factory=list)  # written out by sitelines.lines

    @property
    def year(self) -> int | None:
        """The year folder the notice belongs in."""
        if self.issued:
            return self.issued.year
        if self.dates and self.dates.start:
            return self.dates.start.year
        if self.published:
            return self.published.year
        return None

    def doubt(self, field_name: str, message: str, index: int | None = None) -> None:
        self.undecided.append(Undecided(field_name, message, index))
