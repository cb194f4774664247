"""The 联系方式 block: bodies, people, phones (fax marked), emails, addresses — and contact tables.

Read line by line: an organisation's name starts a contact (市科协科普部), a
``联系人：`` line gives its people (``县科协联系人：索亚娟`` gives both), ``联系电话：`` /
``传真：`` its numbers, ``邮箱：`` its email, ``地址：`` its address; a line that is
neither (``…技术运营咨询``) starts a contact described by a note. A table gives
one contact per row. Phone numbers are kept exactly as printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import ValidationError

from ..notice import Contact, Phone
from .blocks import Block, Table
from .draft import Undecided
from .text import CJK, is_org, squash

PHONE = re.compile(r"(?<![\d])(?:1[3-9]\d{9}|(?:[(（]0\d{2,3}[)）]\s?|0\d{2,3}\s?[-—–－]{1,2}\s?)?\d{7,8}"
                   r"|400[-—–－]?\d{3}[-—–－]?\d{4})(?![\d])")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_FIELD = re.compile(r"^(?P<label>[^：:]{0,30}?)\s*[：:]\s*(?P<value>.*)$")
_NAME = re.compile(f"^[{CJK}]{{2,4}}$")


@dataclass
class _Entry:
    body: str = ""
    people: list[str] = field(default_factory=list)
    phones: list[Phone] = field(default_factory=list)
    email: list[str] = field(default_factory=list)
    address: str = ""
    note: str = ""

    @property
    def empty(self) -> bool:
        return not (self.body or self.people or self.phones or self.email or self.address or self.note)


def phones_in(text: str, fax: bool = False) -> list[Phone]:
    """Every phone number in ``text``, as written; ``2126492（传真）`` is a fax.

    Two spellings the notice model cannot hold are rewritten: a full-width
    hyphen becomes ``-``, and an area code in brackets ``(0373)5828882``
    becomes ``0373-5828882`` (the model wants a number to start with a digit).
    """
    found = []
    for match in PHONE.finditer(text):
        number = match.group(0).replace("－", "-").strip()
        number = re.sub(r"^[(（](0\d{2,3})[)）]\s?", r"\1-", number)
        is_fax = fax or bool(re.match(r"^\s*[（(]传真[）)]", text[match.end():]))
        try:
            found.append(Phone(number=number, kind="fax" if is_fax else "phone"))
        except ValidationError:  # the pattern above only finds numbers the model accepts; be safe anyway
            continue
    return found


def _tokens(text: str) -> list[str]:
    """Words of a contact line; a name run into its number (陈梅63302762) is two words."""
    tokens = []
    for token in re.split(r"[\s、，,；;]+", text.strip()):
        joined = re.match(f"^([{CJK}]+)([(（]?\\d.*)$", token)
        tokens += [joined.group(1), joined.group(2)] if joined else [token] if token else []
    return tokens


def people_in(text: str) -> tuple[list[str], str]:
    """(people, body) from the value of a 联系人 line: ``新乡市科协科普中心 路全斌 高艳霞``."""
    people, body = [], ""
    for token in re.split(r"[\s、，,；;]+", text.strip()):
        token = token.strip("。")
        if not token:
            continue
        if is_org(token) and len(token) > 4:
            body = body or token
        elif _NAME.match(token) or re.match(f"^[{CJK}]{{2,4}}[（(][^）)]*[）)]$", token):
            people.append(token)
        else:
            people.append(token)
    return people, body


def read_contacts(blocks: list[Block]) -> tuple[list[Contact], list[Undecided]]:
    entries: list[_Entry] = []

    def current() -> _Entry:
        if not entries:
            entries.append(_Entry())
        return entries[-1]

    for block in blocks:
        if isinstance(block, Table):
            for row in block.rows:
                entry = _Entry()
                for cell in row:
                    text = squash(cell.text) if not PHONE.search(cell.text) else cell.text.strip()
                    if not text:
                        continue
                    if PHONE.search(text):
                        entry.phones += phones_in(text)
                    elif EMAIL.search(text):
                        entry.email += EMAIL.findall(text)
                    elif is_org(text) and not entry.body:
                        entry.body = text
                    elif _NAME.match(text) or "、" in text:
                        entry.people += people_in(text)[0]
                    else:
                        entry.note = text
                if not entry.empty:
                    entries.append(entry)
            continue
        text = block.text.strip()
        squashed = squash(text)
        if re.match(r"^(?:[一二三四五六七八九十]+、)?联系方式[：:]?$", squashed):
            continue
        match = _FIELD.match(text)
        if match and not EMAIL.fullmatch(text.strip()):
            label, value = squash(match.group("label")), match.group("value").strip()
            if label.endswith("联系人"):
                people, body = people_in(value)
                body = label[:-3] or body
                entry = current()
                if entry.people or (body and entry.body and entry.body != body) or entry.phones:
                    entry = _Entry()
                    entries.append(entry)
                entry.body = entry.body or body
                entry.people += people
            elif re.search(r"电话|手机|传真|座机|联系方式|热线", label):
                current().phones += phones_in(value, fax="传真" in label and "电话" not in label)
            elif re.search(r"邮箱|邮件|e-?mail", label, re.I):
                current().email += EMAIL.findall(value)
            elif "地址" in label:
                current().address = value.rstrip("。")
            else:
                current().note = join_note(current().note, text)
            continue
        if PHONE.search(text):  # 市科协科普部 李四 0913-2931234 / 陈 梅 63302762: who and number on one line
            tokens = _tokens(text)
            bodies = [token for token in tokens if len(token) >= 3 and is_org(token)]
            people = [token for token in tokens if _NAME.match(token) and token not in bodies]
            entry = current()
            if bodies or (people and entry.people) or (entry.phones and not people):
                entry = _Entry(body=bodies[0] if bodies else "")
                entries.append(entry)
            entry.people += people
            entry.phones += phones_in(text)
        elif is_org(squashed):
            entries.append(_Entry(body=squashed))
        else:
            entries.append(_Entry(note=text.rstrip("：:")))
    contacts: list[Contact] = []
    undecided: list[Undecided] = []
    for entry in entries:
        if entry.empty:
            continue
        if not (entry.body or entry.people):
            if contacts and not entry.phones and not entry.email:
                continue
            undecided.append(Undecided("contacts", "no body or person recognised for this contact; "
                                       f"its text: {entry.note or entry.address}", len(contacts)))
            entry.body = entry.note or "（待确认）"
            entry.note = ""
        try:
            contacts.append(Contact(body=entry.body, people=entry.people, phones=entry.phones,
                                    email=list(dict.fromkeys(entry.email)), address=entry.address, note=entry.note))
        except ValidationError:
            undecided.append(Undecided("contacts", f"could not read a contact from: {entry}", len(contacts)))
    return contacts, undecided


def join_note(note: str, text: str) -> str:
    return f"{note}；{text}" if note else text


__all__ = ["read_contacts", "phones_in", "people_in", "PHONE", "EMAIL"]
