"""The 联系方式 block: bodies, people, phones (fax marked), emails, addresses, postcodes — and contact tables.

Read line by line, in the shapes real notices use::

    联系人：王晶 联系电话：38185062          two fields on one line
    中宣部宣教局 曾建立                       a body and its person, no label
    联系人：刘丹028-87371456                  a name run into its number
    联系人：陈老师（22865529，x@y.cn）         a person with their own number and email
    联系电话（传真）：0913-2126496             one number that is both phone and fax
    010-68571897转802                        an extension
    邮寄地址：南京市…50号（210019）            an address with its postcode
    邮政编码：100038

An organisation's name starts a contact; a ``联系人`` line gives its people;
phone, fax, email, address and postcode labels fill it. A table gives one
contact per row. Names, numbers and emails go to fields of their own; numbers
are kept exactly as printed (a full-width hyphen and a bracketed area code
aside, which the model cannot hold).
"""

from __future__ import annotations

import re

from ..i18n import tr
from .blocks import Block, Paragraph, Table
from .draft import UNSURE, Contact, Person, Phone, Undecided
from .text import CJK, is_org, squash

PHONE = re.compile(r"(?<![\d])(?:1[3-9]\d{9}|0[1-9]\d{9,10}|(?:[(（]0\d{2,3}[)）]\s?|0\d{2,3}\s?[-—–－]{1,2}\s?)?\d{7,8}"
                   r"|400[-—–－]?\d{3}[-—–－]?\d{4})(?![\d])")
_EXTENSION = re.compile(r"^\s*(?:转|分机|ext\.?\s*|Ext\.?\s*|-)(\d{1,5})(?!\d)")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
POSTCODE = re.compile(r"(?<!\d)\d{6}(?!\d)")
_NAME = re.compile(f"^[{CJK}]{{2,4}}$")
# 县科协, 校团委, 市科协科普部: a short body (a person's name does not start with 省/市/县/区/校 nor end in 科协 …)
_SHORT_BODY = re.compile(f"^(?:[省市县区镇乡校院系][{CJK}]{{2,3}}|[{CJK}]{{1,2}}(?:科协|协会|学会|中心|办公室)"
                         f"|[{CJK}]{{2,3}}[部处办室局委厅])$")
_TITLE_ONLY = re.compile(f"^[{CJK}]{{1,2}}(?:老师|同志|主任|处长|科长|部长|先生|女士)$|^[小老][{CJK}]$")
_LABELS = (r"(?:联系人及(?:联系)?(?:电话|方式)|联系单位|联系部门|[^\s：:，,；;。]{0,6}?(?:实施|指导|承办|负责|咨询)(?:单位|部门)|[^\s：:，,；;。]{0,12}?联系人|联系电话[（(]传真[）)]|联系电话|联系电[\u4e00-\u9fff](?=\s*[:：]\s*[\d(（])|电话[/／]传真|[^\s：:，,；;。]{0,4}?电\s*话(?:[（(]传真[）)])?|[^\s：:，,；;。]{0,4}?咨询(?=\s*[:：])|手机|"
           r"座机|固话|联系方式(?=\s*[:：]\s*[\d(（])|"
           r"传\s*真|电子邮箱|电子信箱|电子邮件|邮\s*箱|E-?mail|[^\s：:，,；;。]{0,6}地址|邮政编码|邮\s*编)")
# a field starts at the beginning of a line or after a separator: 联系人：桂老师，联系电话：6182009
_FIELD_START = re.compile(r"(?:^|(?<=[\s,，;；。]))" + _LABELS + r"\s*[:：]"
                          # 联系人:周雪丹联系电话:…: a page that lost its spaces runs the next label into the name
                          + f"|(?<=[{CJK}])(?:联系电话|办公电话|手机|传真|电子邮箱|邮箱)\\s*[:：]", re.I)
# 三、联系方式 / 科技活动周组委会办公室联系方式： / 3.联系人：… — where a contact block may start
CONTACT_LINE = re.compile(r"^(?:[一二三四五六七八九十]+、|\d{1,2}[.．、])?[^，,。：:；;]{0,30}联系(?:方式|人|电话|单位|部门)\s*[:：]?")


_NEXT_PERSON = re.compile(f"\\s*[；;]\\s*(?!{_LABELS})(?=[{CJK}]{{2,4}}\\s*[，,]?\\s*" + _LABELS + r"\s*[:：])", re.I)
# a number some of whose digits are hidden or lost: 0571-8xxxxxxx, 138****5678, 0913-21264××
_UNREADABLE = re.compile(r"(?<![A-Za-z0-9@.])(?=[\dxX×*＊?？\-－]*\d)(?=[\dxX×*＊?？\-－]*[xX×*＊?？])"
                         r"[\dxX×*＊?？][\dxX×*＊?？\-－]{5,}(?![A-Za-z0-9@])")


def unreadable_numbers(text: str) -> list[str]:
    """Numbers with hidden digits (``0571-8xxxxxxx``): never guessed, reported to the editor."""
    return [found for found in _UNREADABLE.findall(text) if len(re.sub(r"\D", "", found)) >= 1
            and not PHONE.fullmatch(found)]


_FULL_WIDTH = str.maketrans("０１２３４５６７８９－（）", "0123456789-()")


def phones_in(text: str, kind: str = "phone") -> list[Phone]:
    """Every phone number in ``text`` as written; ``2126492（传真）`` is a fax, ``转802`` an extension.

    Two spellings the notice model cannot hold are rewritten: a full-width
    hyphen becomes ``-``, and an area code in brackets ``(0373)5828882``
    becomes ``0373-5828882`` (the model wants a number to start with a digit).
    """
    found = []
    previous = 0
    text = text.translate(_FULL_WIDTH)  # ０９１３－２１２６４９６: the same number (the notice model normalises it too)
    # spaces inside one number: 0913 1234567, 029-8888 6666, 138 1234 5678 (the digits stay as printed)
    text = re.sub(r"(?<![\d-])(0\d{2,3})\s+(\d{7,8})(?!\d)", r"\1-\2", text)
    text = re.sub(r"(?<![\d-])(0\d{2,3}[-－]\d{4})\s(\d{4})(?!\d)", r"\1\2", text)
    text = re.sub(r"(?<![\d-])(1[3-9]\d)\s(\d{4})\s(\d{4})(?!\d)", r"\1\2\3", text)
    code = ""  # the area code of the number before: 020-39348210、83163913 — the second is dialled with 020 too
    for match in PHONE.finditer(text):
        number = match.group(0).replace("－", "-").strip()
        number = re.sub(r"^[(（](0\d{2,3})[)）]\s?", r"\1-", number)
        local = not number.startswith(("0", "1", "400"))
        implied = code if local and re.fullmatch(r"[\s、，,/／或及和]*", text[previous:match.start()]) else ""
        code = written_code(number) or (code if local else "")
        previous = match.end()
        after = text[match.end():]
        extension = _EXTENSION.match(after)
        ext = ""
        if extension and (extension.group(0).lstrip()[0] != "-" or "-" in number or number.startswith("0")):
            ext = extension.group(1)
        own = re.match(r"^\s*[（(](传真|电话[/／、]?传真|电话兼传真)[）)]", after)
        which = kind if not own else ("fax" if own.group(1) == "传真" else "both")
        # kept as printed even when `check` will find it too short for its area code: it names the field then
        found.append(Phone(number=number, ext=ext, kind=which, implied_code=implied))
    return found


def written_code(number: str) -> str:
    """The area code a number is written with (020 of 020-39348210, 0756 of 07562128405), else ""."""
    digits = re.sub(r"\D", "", number)
    if not digits.startswith("0") or len(digits) < 10:
        return ""
    return digits[:3] if digits.startswith(("010", "02")) else digits[:4]


def _label_kind(label: str) -> str:
    """What a label's value is: people, phone, fax, both, email, address, postcode, or "" (a note)."""
    label = squash(label)
    if label.endswith(("联系人", "咨询")) or label.startswith("联系人及"):
        return "people"
    if label in ("联系单位", "联系部门") or re.search(r"(?:实施|指导|承办|负责|咨询)(?:单位|部门)$", label):
        return "body"  # (一)项目实施单位：某中心 / (二)项目指导部门：某部
    if "传真" in label and ("电话" in label or "/" in label or "／" in label):
        return "both"
    if "传真" in label:
        return "fax"
    if re.search(r"电话|手机|座机|固话|^联系电|^联系方式$", label):  # 联系电活：4319739, a typo in the label
        return "phone"
    if re.search(r"邮箱|信箱|邮件|e-?mail", label, re.I):
        return "email"
    if label in ("邮编", "邮政编码"):
        return "postcode"
    if label.endswith("地址"):
        return "address"
    return ""


def fields_of(text: str) -> list[tuple[str, str]]:
    """``联系人：李泽隆 电话：15686125251`` → [("联系人", "李泽隆"), ("电话", "15686125251")]; [] when no label."""
    text = re.sub(r"^(?:\d{1,2}[.．、]|[（(][一二三四五六七八九十\d]{1,3}[)）])\s*", "", text.strip())
    if re.match(r"^[（(]\s*联系", text):  # （联系人：张三，电话：…） in brackets, the closing one perhaps lost
        text = text[1:].strip()
        text = text[:-1] if text.endswith((")", "）")) and not re.search(r"[（(]", text) else text
    starts = list(_FIELD_START.finditer(text))
    if not starts or starts[0].start() != 0:
        return []
    found = []
    for position, start in enumerate(starts):
        end = starts[position + 1].start() if position + 1 < len(starts) else len(text)
        label = re.sub(r"\s*[:：]$", "", start.group(0))
        found.append((label, text[start.end():end].strip().rstrip("。，,；;").strip()))
    return found


def person_in(token: str) -> Person | None:
    """``王晶``, ``陈老师``, ``小詹``, ``陈老师（22865529，x@y.cn）``, ``刘丹028-87371456`` → a person."""
    match = re.match(f"^(?P<name>[{CJK}]{{2,4}})\\s*[（(]?(?P<rest>[\\d(（].*?|[A-Za-z0-9._%+-]+@.*?)?[）)]?$", token)
    if not match:
        return None
    name, rest = match.group("name"), match.group("rest") or ""
    if not (_NAME.match(name) or _TITLE_ONLY.match(name)) or is_org(name) and len(name) > 3:
        return None
    return Person(name=name, phones=phones_in(rest), email=EMAIL.findall(rest))


# 市科协科普部张三: a body and the name of its person run together (the name: two or three characters)
_BODY_THEN_NAME = re.compile(f"^(?P<body>[{CJK}]{{2,20}}(?:部|处|科|室|办|中心|局|委|会|馆|站|所|院))(?P<name>[{CJK}]{{2,3}})$")


def people_in(text: str) -> tuple[list[Person], str]:
    """(people, body) from the value of a 联系人 line: ``新乡市科协科普中心 路全斌 高艳霞``, ``刘丹 028-87371456``."""
    people, body, _ = people_and_numbers(text)
    return people, body


def people_and_numbers(text: str) -> tuple[list[Person], str, list[Phone]]:
    """(people, body, shared numbers) from the value of a 联系人 line: a number after one person is that
    person's (``刘丹 028-87371456``); numbers after several people (``张三、李四,0756-1234567``) or
    after none (咨询：0756-1234567) are the contact's, shared."""
    people: list[Person] = []
    shared: list[Phone] = []
    body = ""
    for token in re.split(r"[\s、，,；;]+(?![^（(]*[)）])", text.strip()):
        token = token.strip("。")
        if not token:
            continue
        if is_org(token) and (len(token) > 4 or _SHORT_BODY.match(token)) and not _TITLE_ONLY.match(token):
            body = body or token
            continue
        person = person_in(token)
        glued = _BODY_THEN_NAME.match(token) if not person else None
        if glued and is_org(glued.group("body")) and _NAME.match(glued.group("name")):  # 市科协科普部张三
            body = body or glued.group("body")
            people.append(Person(name=glued.group("name")))
        elif person:
            people.append(person)
        elif PHONE.fullmatch(token.strip("（()）")):
            # 刘丹 028-87371456 (and 李四 028-…: each person's own); 张三、李四，0913-…: the people's shared number
            own = people and not shared and (len(people) == 1 or any(p.phones for p in people[:-1]))
            (people[-1].phones if own else shared).extend(phones_in(token))
        elif EMAIL.fullmatch(token.strip("（()）")) and people:
            people[-1].email.extend(EMAIL.findall(token))
        else:
            people.append(Person(name=token))
    for numbers in [shared, *(person.phones for person in people)]:
        _imply_codes(numbers)
    return people, body, shared


def _imply_codes(phones: list[Phone]) -> None:
    """Numbers listed one after another (tokens of one line): a local number after one with an area code."""
    code = ""
    for phone in phones:
        local = not phone.number.startswith(("0", "1", "400"))
        phone.implied_code = phone.implied_code or (code if local else "")
        code = written_code(phone.number) or (code if local else "")

class _Entry(Contact):
    """A contact being read, line by line: the draft's contact, and whether anything is in it yet."""

    @property
    def empty(self) -> bool:
        return not (self.body or self.people or self.phones or self.email or self.address or self.note
                    or self.postcode)


def _tokens(text: str) -> list[str]:
    """Words of a contact line; a name run into its number (陈梅63302762) is two words."""
    tokens = []
    for token in re.split(r"[\s、，,；;]+", text.strip()):
        joined = re.match(f"^([{CJK}]+)([(（]?\\d.*)$", token)
        tokens += [joined.group(1), joined.group(2)] if joined else [token] if token else []
    return tokens


def _body_and_people(text: str) -> tuple[str, list[Person]] | None:
    """``中宣部宣教局 曾建立`` / ``科技部政策体改司 许佳军 刘育新``: a body, then names; None for anything else."""
    tokens = text.split()
    if len(tokens) < 2 or not is_org(tokens[0]):
        return None
    people = [person_in(token) for token in tokens[1:]]
    if not all(people):
        return None
    return tokens[0], [p for p in people if p]


class _Reader:
    """Reads contact lines into entries; one method per kind of line."""

    def __init__(self) -> None:
        self.entries: list[_Entry] = []
        self.unread: list[tuple[_Entry, str]] = []  # numbers that cannot be read, with their contact

    def current(self) -> _Entry:
        if not self.entries:
            self.entries.append(_Entry())
        return self.entries[-1]

    def fresh(self, body: str = "") -> _Entry:
        entry = _Entry(body=body)
        self.entries.append(entry)
        return entry

    def table(self, table: Table) -> None:
        for row in table.rows:
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
                self.entries.append(entry)

    def field(self, label: str, value: str, text: str) -> None:
        kind = _label_kind(label)
        if kind == "people":
            self._people(label, value)
        elif kind == "body":
            entry = self.current() if self.current().empty else self.fresh()
            entry.body = squash(value)
        elif kind in ("phone", "fax", "both"):
            self._phones(value, kind)
        elif kind == "email":
            self.current().email += EMAIL.findall(value)
        elif kind == "postcode":
            code = POSTCODE.search(value)
            if code:
                self.current().postcode = code.group(0)
        elif kind == "address":
            code = re.search(r"[（(](\d{6})[)）]$|\s(\d{6})$", value)
            if code:  # 南京市建邺区梦都大街50号（210019）
                self.current().postcode = code.group(1) or code.group(2)
                value = value[:code.start()].strip()
            self.current().address = value.rstrip("。")
        else:
            self.current().note = join_note(self.current().note, text)

    def _people(self, label: str, value: str) -> None:
        """联系人：张三、李四，0913-1234567 (a contact's people and their numbers); 咨询：020-… (a task's numbers)."""
        people, body, shared = people_and_numbers(value)
        if shared and not (people or body) and not squash(label).endswith("联系人"):  # 综合咨询：020-…
            entry = self.fresh()
            entry.note, entry.phones = squash(label), shared
            return
        body = (squash(label)[:-3] if squash(label).endswith("联系人") else "") or body
        entry = self.current()
        orphan = not entry.people and not entry.body  # 联系电话：… / 电子邮箱：… / 联系人：…: numbers first
        if entry.people or (body and entry.body and entry.body != body) or (entry.phones and not orphan):
            entry = self.fresh()
        entry.body = entry.body or body
        entry.people += people
        entry.phones += shared

    def _phones(self, value: str, kind: str) -> None:
        """The numbers of a phone/fax field, and the person it names for them (… 张老师, …（张老师）)."""
        entry = self.current()
        entry.phones += phones_in(value, kind)
        self.unread += [(entry, number) for number in unreadable_numbers(value)]
        rest = re.sub(r"^[\s，,、；;]+|[\s，,、；;。]+$", "", PHONE.sub("", value.translate(_FULL_WIDTH)))
        person = person_in(rest) if rest and not is_org(rest) else None
        if person and (_NAME.match(rest) or _TITLE_ONLY.match(rest)) and not re.search(r"传真|电话|手机", rest):
            entry.people.append(person)  # 咨询电话：0371-12345678 张老师: whose number
        for name in re.findall(f"[（(]([{CJK}]{{2,4}})[)）]", value):  # 0913-1234567（张老师）: whose number
            person = person_in(name)
            if person and not is_org(name) and not re.search(r"传真|电话|手机|办公|座机|值班|分机|同号|兼", name):
                entry.people.append(person)

    def _body_label(self, text: str) -> bool:
        """市科协科普部：张三，0913-1234567 — a body used as the label of its people and numbers."""
        text = re.sub(r"^(?:\d{1,2}[.．、]|[（(][一二三四五六七八九十\d]{1,3}[)）])\s*", "", text.strip())  # 1.某科：…
        labelled = re.match(rf"^(?P<body>[{CJK}]{{2,30}})\s*[：:]\s*(?P<rest>\S.*)$", text)
        if not (labelled and is_org(labelled.group("body")) and not _label_kind(labelled.group("body"))):
            return False
        entry = self.fresh(labelled.group("body"))
        people, _ = people_in(re.sub(r"[，,；;]?\s*" + PHONE.pattern + r".*$", "", labelled.group("rest")))
        entry.people += [person for person in people if _NAME.match(person.name) or _TITLE_ONLY.match(person.name)]
        entry.phones += phones_in(labelled.group("rest"))
        entry.email += EMAIL.findall(labelled.group("rest"))
        return True

    def _other_label(self, text: str) -> bool:
        """张老师：0913-1234567 (a person); QQ群：12345678, 微信：…, 网址：… (a note: not the contact's phone)."""
        text = re.sub(r"^(?:\d{1,2}[.．、]|[（(][一二三四五六七八九十\d]{1,3}[)）])\s*(?=\D)", "", text.strip())
        other = re.match(r"^(?P<label>[^\d：:，,。]{1,10})\s*[:：]\s*(?P<rest>.*)$", text)
        if not other or is_org(squash(other.group("label"))):
            return False
        label = squash(other.group("label"))
        asked = re.search(f"(?:预约|联系|咨询|致电|请与|请找)(?P<name>[{CJK}]{{2,4}})$", label)
        label = asked.group("name") if asked else label  # 到访请预约樊老师：0571-…: the person to call
        person = person_in(label) if not re.search(r"[A-Za-z]", label) else None
        if person and PHONE.search(other.group("rest")):
            entry = self.current() if not self.current().people else self.fresh()
            entry.people.append(person)
            entry.phones += phones_in(other.group("rest"))
        elif PHONE.search(other.group("rest")) and re.fullmatch(f"[{CJK}]{{2,12}}", label) \
                and not re.search(r"群|微信|网|号|码|账|帐", label):  # 业务受理：020-…: the numbers of a task
            entry = self.fresh()
            entry.note = label
            entry.phones += phones_in(other.group("rest"))
        else:
            self.current().note = join_note(self.current().note, text)
        return True

    def line(self, text: str) -> None:
        # 联系人：王老师，电话：…转8021；李老师，电话：…: each person after a ；is a contact of their own
        first, *others = _NEXT_PERSON.split(text)
        if others:
            body = ""
            self.line(first)
            body = self.current().body
            for other in others:
                named = re.match(f"^(?P<name>[{CJK}]{{2,4}})\\s*[，,]?\\s*(?P<rest>.*)$", other)
                self.line(f"联系人：{named.group('name')}，{named.group('rest')}")
                self.current().body = self.current().body or body
            return
        if is_org(unnumbered(text)):  # 1、市科技局某某科 / (二)市生产力促进中心: a numbered body
            text = unnumbered(text)
        text = re.sub(r"^(联系人)(?:为|是)", r"\1：", text.strip())  # 联系人为某部张三，联系电话：…
        squashed = squash(text)
        if re.match(r"^(?:[一二三四五六七八九十]+、)?[^，。：:]{0,30}联系方式[：:]?$", squashed):
            return
        text = re.sub(r"^(?:[一二三四五六七八九十]+、|\d{1,2}[.．、])?\s*联系方式\s*[：:]\s*", "", text)  # 联系方式：某部 张三 …
        if self._body_label(text):
            return
        if EMAIL.fullmatch(text.strip().rstrip("。")):  # an address alone under 联系人/电话 lines: that contact's
            self.current().email.append(text.strip().rstrip("。"))
            return
        fields = fields_of(text)
        if fields:
            for label, value in fields:
                self.field(label, value, text)
            return
        if self._other_label(text):
            return
        pair = _body_and_people(text)
        if pair and not PHONE.search(text):
            self.fresh(pair[0]).people += pair[1]
            return
        if PHONE.search(text):  # 市科协科普部 李四 0913-2931234 / 陈 梅 63302762: who and number on one line
            tokens = _tokens(text)
            bodies = [token for token in tokens if len(token) >= 3 and is_org(token)]
            people = [Person(name=token) for token in tokens if _NAME.match(token) and token not in bodies]
            entry = self.current()
            if bodies or (people and entry.people) or (entry.phones and not people):
                entry = self.fresh(bodies[0] if bodies else "")
            entry.people += people
            entry.phones += phones_in(text)
        elif is_org(squashed):
            self.fresh(squashed)
        else:
            self.fresh().note = text.rstrip("：:")


def read_contacts(blocks: list[Block]) -> tuple[list[Contact], list[Undecided]]:
    reader = _Reader()
    for block in blocks:
        if isinstance(block, Table):
            reader.table(block)
        elif isinstance(block, Paragraph):
            reader.line(block.text.strip())
    contacts: list[Contact] = []
    undecided: list[Undecided] = []
    for entry in reader.entries:
        if entry.empty:
            continue
        if not (entry.body or entry.people):
            if contacts and not entry.phones and not entry.email:
                continue
            undecided.append(Undecided("contacts", tr("no body or person recognised for this contact; its text: "
                                                      "{text}", text=entry.note or entry.address), len(contacts)))
            entry.body = (entry.note or "") + UNSURE
            entry.note = ""
        people = entry.people
        if len(people) == 1:  # one person: their numbers are the contact's
            entry.phones, entry.email = people[0].phones + entry.phones, people[0].email + entry.email
            people = [Person(name=people[0].name, role=people[0].role)]
        undecided += [Undecided("contacts", tr("the number `{number}` cannot be read (digits hidden or lost); "
                                               "it is left out: write it from the original notice, or leave it out",
                                               number=number), len(contacts))
                      for which, number in reader.unread if which is entry]
        contacts.append(Contact(body=entry.body, people=people, phones=entry.phones,
                                email=list(dict.fromkeys(entry.email)), address=entry.address,
                                postcode=entry.postcode, note=entry.note))
    return contacts, undecided


def contact_lines(texts: list[str]) -> list[Paragraph]:
    """Lines of the body that state a contact (``3.联系人：桂老师，联系电话：6182009。``), for a notice without a
    联系方式 block: read as contacts, and left in the body where they stand."""
    lines = []
    for text in texts:
        text = re.sub(r"^(联系人)(?:为|是)", r"\1：", text.strip())
        asked = _ASKED.search(text)
        if (fields_of(text) and _label_kind(fields_of(text)[0][0]) not in ("", "body")) \
                or _BODY_AND_NUMBER.match(squash(text)):
            lines.append(Paragraph(text, 0))
        elif asked and phones_in(text[asked.end():]):  # 请与某部张三联系，电话：…
            numbers = "、".join(phone.number for phone in phones_in(text[asked.end():]))
            lines.append(Paragraph(f"联系人：{asked.group('who')}，电话：{numbers}", 0))
        elif handed := _HANDED_TO.search(squash(text)):  # 统一交教育处李永清老师 / 报送校科技处517室魏嵘
            room = f"，地址：{handed.group('body')}{handed.group('room')}" if handed.group("room") else ""
            lines.append(Paragraph(f"联系人：{handed.group('body')} {handed.group('name')}{room}", 0))
    return lines


# 交教育处李永清老师, 报送校科技处517室魏嵘: the person (and room) a sentence of the body says to hand things to —
# a body ending like an office, a room, then a name ended by the sentence (not a piece of an office's name)
_HANDED_TO = re.compile(f"(?:交|交给|交至|交到|报送|报送至|报至|送交|送至|送到|寄至|寄给)(?P<body>[{CJK}]{{1,12}}(?:处|科|室|办|部|中心|股))"
                        f"(?P<room>\\d{{1,5}}室)?(?P<name>(?:(?![处科室办部局委会心股院所站馆厅组校协单位])[{CJK}]){{2,3}}?)"
                        f"(?:老师|同志)?(?=[，。,；;]|$)")


# 如有疑问，请与市科协科普部张三联系，电话：… — the person to call, in a sentence of the body
_ASKED = re.compile(f"(?:请|可)(?:与|同)(?P<who>[{CJK}]{{2,24}}?)(?:同志)?联系[，,]?\\s*(?:联系)?(?:电话|手机|方式)?")


# 基教一股：0913-7221932 / 县科协：0913-7211096 — a body and its number, the whole line
_BODY_AND_NUMBER = re.compile(f"^[{CJK}]{{2,16}}[:：](?:{PHONE.pattern})(?:[，,、](?:{PHONE.pattern}))*[。]?$")


def field_kind(text: str) -> str:
    """What a line that starts with a contact field's label gives (``联系人：张三`` people, ``电子信箱：…`` email,
    ``联系地址：…`` address …), or "" for any other line."""
    fields = fields_of(text)
    return _label_kind(fields[0][0]) if fields else ""


def body_and_person(text: str) -> bool:
    """``基础研究处：张海英`` — a body as the label of its person, the whole line (it may stand above 联系电话：…)."""
    found = re.match(f"^(?P<body>[{CJK}]{{2,16}})[:：](?P<name>[{CJK}]{{2,4}})$", squash(text))
    return bool(found and is_org(found.group("body")) and not _label_kind(found.group("body"))
                and person_in(found.group("name")) and not is_org(found.group("name")))


def unnumbered(text: str) -> str:
    """``1、市科技局某某科`` → ``市科技局某某科`` (squashed); other lines squashed."""
    return re.sub(r"^(?:\d{1,2}[.．、]|[（(][一二三四五六七八九十\d]{1,3}[)）])", "", squash(text))


def join_note(note: str, text: str) -> str:
    return f"{note}；{text}" if note else text


__all__ = ["read_contacts", "body_and_person", "phones_in", "people_in", "contact_lines", "CONTACT_LINE", "PHONE", "EMAIL"]
