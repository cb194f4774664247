"""A draft → the text of a notice file, in the style of the files in content/.

Values are written with PyYAML's own quoting (a phone number ``2126496`` comes
out quoted, so any YAML reader keeps it text); dates are written bare
(``2022-09-15``). Every undecided item becomes a ``# 待确认: …`` comment line
right above the field or list item it is about, and the function reports the
line each one landed on, for the summary on the terminal.
"""

from __future__ import annotations

import datetime as dt

import yaml

from ..i18n import tr
from ..notice import Action, Cell, Deadline, FormAnnex, Reference, TableAnnex, TextAnnex
from ..notice import Phone as ModelPhone
from .draft import Annex, Contact, DocumentAnnex, Draft, MergedTableAnnex, Person, Phone, Undecided

_ORDER = ("title", "doc_type", "doc_number", "issued", "published", "masthead", "issuers", "region", "campaign", "theme", "dates",
          "recipients", "recipients_at", "based_on", "actions", "deadlines", "contacts", "annexes", "signatures",
          "cc", "printed_by", "summary", "inferred")
_REQUIRED = ("title", "issuers", "region")
_ASKED = ("summary",)  # left for the editor: written as a commented-out key under its 待确认 line


def scalar(value: str | int | bool | dt.date, flow: bool = True) -> str:
    """One value as YAML text that reads back as exactly this text.

    ``flow``: the text may stand inside ``[…]`` or ``{…}`` (where a comma must be quoted).
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    style = '"' if "\n" in value else None  # a line break inside a value: written as \n, on one line
    if flow:
        dumped = yaml.safe_dump([value], allow_unicode=True, default_flow_style=True, width=1_000_000,
                                default_style=style)
        return dumped.strip()[1:-1]
    dumped = yaml.safe_dump({"v": value}, allow_unicode=True, default_flow_style=False, width=1_000_000,
                            default_style=style)
    return dumped.strip()[len('"v": ' if style else "v: "):]


def _flow(values: list[str]) -> str:
    return "[" + ", ".join(scalar(v) for v in values) + "]"


def _mapping(pairs: list[tuple[str, object]]) -> str:
    return "{" + ", ".join(f"{key}: {scalar(value)}" for key, value in pairs) + "}"


def _cell(cell: Cell) -> str:
    extras = [(name, getattr(cell, name)) for name, default in (("text", ""), ("span", 1), ("rows", 1), ("lines", 1),
                                                                 ("seal", False), ("date", False),
                                                                 ("vertical", False))
              if getattr(cell, name) != default]
    if not extras:
        return scalar(cell.label) if cell.label else "null"
    return _mapping(([("label", cell.label)] if cell.label else []) + extras)


# Until the notice model has `kind`, a fax is written the way the model of this tree reads it.
_PHONE_KIND = "kind" in ModelPhone.model_fields


def _phone(phone: Phone) -> str:
    number = f'"{phone.number}"'  # always quoted, as the content guide asks: a number is text as printed
    pairs = []
    if phone.ext:
        pairs.append(f'ext: "{phone.ext}"')
    if phone.kind != "phone":  # `both` has no older spelling
        pairs.append(f"kind: {phone.kind}" if _PHONE_KIND or phone.kind == "both" else "fax: true")
    if getattr(phone, "note", ""):
        pairs.append(f"note: {scalar(phone.note, False)}")
    return "{number: " + number + "".join(", " + pair for pair in pairs) + "}" if pairs else number


def _person(person: Person) -> str:
    if not (person.role or person.phones or person.email):
        return scalar(person.name)
    pairs = [f"name: {scalar(person.name)}"]
    if person.role:
        pairs.append(f"role: {scalar(person.role)}")
    if person.phones:
        pairs.append("phones: [" + ", ".join(_phone(p) for p in person.phones) + "]")
    if person.email:
        pairs.append(f"email: {_flow(person.email)}")
    return "{" + ", ".join(pairs) + "}"


def _item(pairs: list[tuple[str, str]]) -> list[str]:
    """A list item of ``key: already-formatted value`` pairs."""
    lines = []
    for position, (key, value) in enumerate(pairs):
        lines.append(("  - " if position == 0 else "    ") + f"{key}: {value}")
    return lines


def _reference(reference: Reference) -> list[str]:
    pairs = [(name, scalar(getattr(reference, name), False)) for name in ("title", "doc_number", "issuer")
              if getattr(reference, name)]  # a notice cited by its 文号 alone has no title
    return _item(pairs)


def _action(action: Action) -> list[str]:
    pairs = [(name, scalar(getattr(action, name), False)) for name in ("key", "name", "group") if getattr(action, name)]
    return _item(pairs + ([("text", scalar(action.text, False))] if action.text else []))  # a name alone: no text


def _deadline(deadline: Deadline) -> list[str]:
    pairs = []
    if getattr(deadline, "approximate", False) and getattr(deadline, "label", ""):
        pairs.append(("label", scalar(deadline.label, False)))
    else:
        if deadline.start:
            pairs.append(("start", scalar(deadline.start)))
        pairs.append(("date", scalar(deadline.date)))
    pairs += [(name, scalar(getattr(deadline, name), False)) for name in ("who", "what", "to", "annex", "note")
              if getattr(deadline, name) not in ("", None)]
    return _item(pairs)


def _contact(contact: Contact) -> list[str]:
    pairs = []
    if contact.body:
        pairs.append(("body", scalar(contact.body, False)))
    if contact.people:
        pairs.append(("people", "[" + ", ".join(_person(p) for p in contact.people) + "]"))
    if contact.phones:
        pairs.append(("phones", "[" + ", ".join(_phone(p) for p in contact.phones) + "]"))
    if contact.email:
        pairs.append(("email", scalar(contact.email[0], False) if len(contact.email) == 1 else _flow(contact.email)))
    for name in ("address", "postcode", "note", "region"):
        if getattr(contact, name):
            pairs.append((name, scalar(getattr(contact, name), False)))
    return _item(pairs)


def _document(annex: DocumentAnnex) -> list[str]:
    lines = ["  - kind: document", f"    title: {scalar(annex.title or annex.doc_number, False)}"]
    for name in ("doc_number", "issuer"):
        if getattr(annex, name):
            lines.append(f"    {name}: {scalar(getattr(annex, name), False)}")
    return lines


def _merged_cell(cell: object) -> str:
    if isinstance(cell, dict):
        return _mapping(list(cell.items()))
    return scalar(cell) if cell else '""'


def _merged_table(annex: MergedTableAnnex) -> list[str]:
    lines = ["  - kind: table", f"    title: {scalar(annex.title, False)}"]
    if annex.fields:
        lines.append(f"    fields: {_flow(list(annex.fields))}")
    lines.append(f"    columns: {_flow(list(annex.columns))}")
    lines.append("    rows:")
    lines += ["      - [" + ", ".join(_merged_cell(cell) for cell in row) + "]" for row in annex.rows]
    lines.append("    blank_rows: 0")
    if annex.footer:
        lines.append(f"    footer: {_flow(list(annex.footer))}")
    return lines


def _annex(annex: Annex) -> list[str]:
    if isinstance(annex, DocumentAnnex):
        return _document(annex)
    if isinstance(annex, MergedTableAnnex):
        return _merged_table(annex)
    lines = [f"  - kind: {annex.kind}", f"    title: {scalar(annex.title, False)}"]
    if annex.listed_as:
        lines.append(f"    listed_as: {scalar(annex.listed_as, False)}")
    if isinstance(annex, TextAnnex):
        lines.append("    body: |")
        lines += [("      " + line) if line.strip() else "" for line in annex.body.split("\n")]
        return lines
    if annex.fields:
        lines.append(f"    fields: {_flow(annex.fields)}")
    if isinstance(annex, TableAnnex):
        lines.append(f"    columns: {_flow([column.name for column in annex.columns])}")
        if annex.rows:
            lines.append("    rows:")
            lines += [f"      - {_flow(row)}" for row in annex.rows]
        lines.append(f"    blank_rows: {annex.blank_rows}")
        if annex.numbered:
            lines.append("    numbered: true")
    elif isinstance(annex, FormAnnex):
        lines.append(f"    columns: {annex.columns}")
        lines.append("    rows:")
        lines += ["      - [" + ", ".join(_cell(cell) for cell in row) + "]" for row in annex.rows]
    if annex.footer:
        lines.append(f"    footer: {_flow(annex.footer)}")
    return lines


def write(draft: Draft, source: str = "") -> tuple[str, list[tuple[int, Undecided]]]:
    """The file's text, and (line, item) for every undecided item."""
    lines: list[str] = ["---"]
    if source:
        lines.append("# " + tr("imported from {source} by `python -m generator import`; check every line marked "
                               "待确认, then delete the marks", source=source))
    placed: list[tuple[int, Undecided]] = []

    def mark(field: str, index: int | None, indent: str = "") -> None:
        for item in draft.undecided:
            if item.field == field and item.index == index:
                lines.append(f"{indent}# 待确认: {item.message}")
                placed.append((len(lines), item))

    for field in _ORDER:
        value = getattr(draft, field)
        mark(field, None)
        if (field in _REQUIRED or field in _ASKED) and not value:
            lines.append(f"# {field}: ")
            continue
        if value in ("", None, []) or (field == "recipients_at" and value == "top"):
            continue
        if field in ("issuers", "signatures"):
            lines.append(f"{field}:")
            lines += [f"  - {scalar(name, flow=False)}" for name in value]
        elif field == "inferred":
            lines.append(f"inferred: {_flow(value)}")
        elif field in ("issued", "published"):
            lines.append(f"{field}: {value.isoformat()}")
        elif field == "dates":
            # an approximate period is written as its label: the window is computed from it again
            exact = value.start and not getattr(value, "approximate", False)
            pairs = [("start", value.start), ("end", value.end)] if exact else [("label", value.label)]
            lines.append("dates: " + _mapping([(k, v) for k, v in pairs if v]))
        elif field == "printed_by":
            lines.append("printed_by: " + _mapping([("body", value.body), ("date", value.date)]))
        elif field in ("based_on", "actions", "deadlines", "contacts", "annexes"):
            lines.append(f"{field}:")
            render = {"based_on": _reference, "actions": _action, "deadlines": _deadline,
                      "contacts": _contact, "annexes": _annex}[field]
            for index, entry in enumerate(value):
                mark(field, index, "  ")
                lines += render(entry)
        else:
            lines.append(f"{field}: {scalar(value, flow=False)}")
    for item in draft.undecided:  # doubts about the body, and any whose list item is gone
        if item.field == "body" or (item.index is not None and item.index >= len(getattr(draft, item.field, []))):
            lines.append(f"# 待确认 (正文): {item.message}" if item.field == "body" else f"# 待确认: {item.message}")
            placed.append((len(lines), item))
    # a file a program wrote is not published until an editor has read it: `check` and the build name it until then
    lines.append("# " + tr("the importer's draft: not published until you have checked it against the source; "
                           "then delete this line"))
    lines.append("draft: true")
    lines.append("---")
    body = draft.body
    for item in draft.undecided:
        if item.field == "body":
            body = f"<!-- 待确认: {item.message} -->\n\n" + body
    return "\n".join(lines) + "\n" + body, sorted(placed, key=lambda pair: pair[0])
