"""The notice model: every fact of a 通知 that is data, typed and validated.

``Front`` is the front matter exactly as the schema allows it. Names an editor
types for a region, campaign or joint action are resolved to site keys here,
against the :class:`~generator.config.Site` passed in the validation context.
No I/O happens in this module.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, Union

from pydantic import BeforeValidator, Discriminator, Field, Tag, ValidationInfo, field_validator, model_validator

from .schema import Date, Model, Text, TextList, unknown

_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_PHONE = re.compile(r"^[0-9+][0-9 ()（）\-—–]*[0-9]$")


def _resolve(kind: str, value: str, names: dict[str, str]) -> str:
    if value in names:
        return names[value]
    raise unknown(kind, value, names, f"known {kind}s are listed in content/site.yaml")


class Dates(Model):
    """The campaign period: start and end, plus a label when the text is vague."""

    start: Date | None = None
    end: Date | None = None
    label: Text = ""  # e.g. 2022年5月中旬—6月上旬, shown instead of the exact dates

    @model_validator(mode="after")
    def _order(self) -> "Dates":
        if self.start is None and not self.label:
            raise ValueError("give `start` (and `end`), or a `label` when the text gives no exact dates")
        if self.start is None and self.end is not None:
            raise ValueError("`end` without `start`")
        if self.end is not None and self.start is not None and self.end < self.start:
            raise ValueError(f"`end` ({self.end}) is before `start` ({self.start})")
        return self


class Reference(Model):
    """A higher-level notice this one implements (根据《…》（…号）)."""

    title: Text
    doc_number: Text = ""
    issuer: Text = ""
    notice: Text = ""  # slug of the notice when it is in this archive
    url: Text = ""

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        if value and not re.match(r"^https?://", value):
            raise ValueError("a link must start with http:// or https://")
        return value


class Action(Model):
    """One joint or special action, keyed into the site's action vocabulary."""

    key: Text = ""
    name: Text = ""  # the wording this notice uses; defaults to the vocabulary's name
    group: Text = "系列联合行动"
    text: Text

    @field_validator("key")
    @classmethod
    def _known_key(cls, value: str, info: ValidationInfo) -> str:
        site = (info.context or {}).get("site")
        return _resolve("joint action", value, site.action_names) if site and value else value

    @field_validator("name")
    @classmethod
    def _known_name(cls, value: str, info: ValidationInfo) -> str:
        site = (info.context or {}).get("site")
        if site and value and not info.data.get("key") and "key" in info.data and value not in site.action_names:
            raise unknown("joint action", value, site.action_names,
                          "add `key:` or add this name as an alias in content/site.yaml")
        return value

    @model_validator(mode="after")
    def _key(self, info: ValidationInfo) -> "Action":
        site = (info.context or {}).get("site")
        if not self.key and not self.name:
            raise ValueError("give the action a `key` (from site.yaml) or a `name`")
        if site is None:
            return self
        if not self.key:
            object.__setattr__(self, "key", site.action_names[self.name])
        if not self.name:
            object.__setattr__(self, "name", site.actions[self.key].name)
        return self


class Deadline(Model):
    """Something a receiving unit must do by a date."""

    date: Date
    start: Date | None = None  # for windows such as 8月15日至9月25日期间
    what: Text
    who: Text = ""  # who must act, when the notice says (各活动举办单位)
    to: Text = ""  # whom it goes to
    annex: int | None = Field(default=None, ge=1)  # which 附件 is to be sent
    note: Text = ""

    @model_validator(mode="after")
    def _order(self) -> "Deadline":
        if self.start is not None and self.start > self.date:
            raise ValueError(f"`start` ({self.start}) is after the due `date` ({self.date})")
        return self


class Phone(Model):
    """A phone or fax number exactly as written (leading zeros and dashes kept)."""

    number: Text
    fax: bool = False
    note: Text = ""

    @field_validator("number")
    @classmethod
    def _number(cls, value: str) -> str:
        if not _PHONE.match(value):
            raise ValueError(f"`{value}` does not look like a phone number (digits, with optional area code and dashes)")
        return value

    @property
    def dial(self) -> str:
        """Digits for a tel: link."""
        return re.sub(r"[^0-9+]", "", self.number)


def _phone(value: Any) -> Any:
    return {"number": value} if isinstance(value, str) else value


class Contact(Model):
    """A contact point: the body, its people, phones, email and address."""

    body: Text = ""
    people: TextList = []
    phones: list[Annotated[Phone, BeforeValidator(_phone)]] = []
    email: TextList = []
    address: Text = ""
    note: Text = ""  # what to call them about

    @field_validator("email")
    @classmethod
    def _email(cls, values: list[str]) -> list[str]:
        for value in values:
            if not _EMAIL.match(value):
                raise ValueError(f"`{value}` does not look like an email address")
        return values

    @model_validator(mode="after")
    def _something(self) -> "Contact":
        if not (self.body or self.people):
            raise ValueError("a contact needs a `body` or `people`")
        return self


class Column(Model):
    """A column of a table annex; a plain text is its header."""

    name: Text
    width: int = Field(default=0, ge=0, le=100)  # relative width; 0 = fit the header


def _column(value: Any) -> Any:
    return {"name": value} if isinstance(value, str) else value


class Cell(Model):
    """One cell of a key-value form; a plain text is a label, an empty text a blank."""

    label: Text = ""
    text: Text = ""
    span: int = Field(default=1, ge=1, le=40)  # columns it covers
    rows: int = Field(default=1, ge=1, le=200)  # rows it covers
    lines: int = Field(default=1, ge=1, le=60)  # height of a blank area, in lines of handwriting
    seal: bool = False  # （盖章） in the lower right
    date: bool = False  # 年 月 日 in the lower right
    vertical: bool = False  # label set top to bottom (主要事迹)

    @property
    def is_label(self) -> bool:
        return bool(self.label)


def _cell(value: Any) -> Any:
    if value is None:
        return {}
    return {"label": value} if isinstance(value, str) else value


Orientation = Literal["auto", "portrait", "landscape"]


class TableAnnex(Model):
    """A column table with blank rows to fill in (活动项目汇总表)."""

    kind: Literal["table"]
    title: Text
    listed_as: Text = ""  # the title the notice's 附件 list uses, when it differs from the form's
    fields: TextList = []  # lines above the table: 单位名称：（盖章）
    columns: list[Annotated[Column, BeforeValidator(_column)]] = Field(min_length=1)
    rows: list[list[Text]] = []  # rows printed already filled in
    blank_rows: int = Field(default=10, ge=0, le=500)
    numbered: bool = False  # number the blank rows in the first column
    footer: TextList = []  # lines below the table
    orientation: Orientation = "auto"

    @model_validator(mode="after")
    def _row_widths(self) -> "TableAnnex":
        for index, row in enumerate(self.rows, start=1):
            if len(row) > len(self.columns):
                raise ValueError(f"row {index} has {len(row)} cells but the table has {len(self.columns)} columns")
        return self

    @property
    def landscape(self) -> bool:
        if self.orientation != "auto":
            return self.orientation == "landscape"
        return len(self.columns) > 6


class FormAnnex(Model):
    """A key-value form with merged cells and blank areas (优秀活动推荐表)."""

    kind: Literal["form"]
    title: Text
    listed_as: Text = ""
    fields: TextList = []
    columns: int = Field(ge=1, le=40)
    widths: list[int] = []  # relative column widths
    rows: list[list[Annotated[Cell, BeforeValidator(_cell)]]] = Field(min_length=1)
    footer: TextList = []
    orientation: Orientation = "auto"

    @field_validator("widths")
    @classmethod
    def _widths(cls, widths: list[int], info: ValidationInfo) -> list[int]:
        columns = info.data.get("columns")
        if widths and columns and len(widths) != columns:
            raise ValueError(f"`widths` has {len(widths)} entries for {columns} columns")
        return widths

    @field_validator("rows")
    @classmethod
    def _grid(cls, rows: list[list[Cell]], info: ValidationInfo) -> list[list[Cell]]:
        columns = info.data.get("columns")
        if columns is None:
            return rows
        for number, width in enumerate(grid_widths(rows), start=1):
            if width != columns:
                raise ValueError(f"row {number} covers {width} columns but the form has {columns} "
                                 "(count each cell's `span`, and cells reaching down from rows above)")
        return rows

    @property
    def landscape(self) -> bool:
        return self.orientation == "landscape"


def grid_widths(rows: list[list[Cell]]) -> list[int]:
    """How many grid columns each row of a form covers, rowspans from above included."""
    widths = []
    pending: list[tuple[int, int]] = []  # (rows left, span)
    for row in rows:
        width = sum(span for left, span in pending if left > 0)
        width += sum(cell.span for cell in row)
        widths.append(width)
        pending = [(left - 1, span) for left, span in pending if left - 1 > 0]
        pending += [(cell.rows - 1, cell.span) for cell in row if cell.rows > 1]
    return widths


class TextAnnex(Model):
    """Free Markdown (科普中国信息员注册方法)."""

    kind: Literal["text"]
    title: Text
    listed_as: Text = ""
    body: Text
    orientation: Orientation = "portrait"

    @property
    def landscape(self) -> bool:
        return self.orientation == "landscape"


def _annex_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        return value.get("kind")
    return getattr(value, "kind", None)


Annex = Annotated[
    Union[Annotated[TableAnnex, Tag("table")], Annotated[FormAnnex, Tag("form")], Annotated[TextAnnex, Tag("text")]],
    Discriminator(_annex_kind, custom_error_type="annex_kind",
                  custom_error_message="an annex needs `kind: table`, `kind: form` or `kind: text`"),
]


class PrintedBy(Model):
    """版记: who printed and distributed the notice, and when."""

    body: Text
    date: Date


class Front(Model):
    """Everything a notice's front matter may hold."""

    title: Text = Field(min_length=1)
    doc_number: Text = ""  # 发文字号
    issued: Date | None = None  # 成文日期; leave out only when the source does not state it
    published: Date | None = None  # 发布日期, when it went online
    masthead: Text = ""  # 发文机关标志, e.g. 蒲城县全民科学素质工作领导小组办公室文件
    issuers: TextList = Field(min_length=1)
    region: Text
    campaign: Text = ""
    theme: Text = ""
    dates: Dates | None = None
    recipients: Text = ""  # 主送
    recipients_at: Literal["top", "end"] = "top"  # above the body (usual) or in the 版记 at the end
    based_on: list[Reference] = []
    actions: list[Action] = []
    deadlines: list[Deadline] = []
    contacts: list[Contact] = []
    annexes: list[Annex] = []
    signatures: TextList = []  # 落款
    cc: Text = ""  # 抄送
    printed_by: PrintedBy | None = None  # 印发
    summary: Text = ""
    category: Text = ""  # 主题分类
    validity: Text = ""  # 有效性
    index_number: Text = ""  # 索引号
    inferred: TextList = []  # fields inferred from the notice's own text, not printed in the source
    draft: bool = False

    @field_validator("region")
    @classmethod
    def _region(cls, value: str, info: ValidationInfo) -> str:
        site = (info.context or {}).get("site")
        return _resolve("region", value, site.region_names) if site else value

    @field_validator("campaign")
    @classmethod
    def _campaign(cls, value: str, info: ValidationInfo) -> str:
        site = (info.context or {}).get("site")
        return _resolve("campaign", value, site.campaign_names) if site and value else value

    @field_validator("inferred")
    @classmethod
    def _inferred(cls, values: list[str]) -> list[str]:
        for value in values:
            if value not in cls.model_fields or value == "inferred":
                raise unknown("field", value, [n for n in cls.model_fields if n != "inferred"])
        return values


@dataclass(frozen=True)
class BodyPart:
    """A piece of the rendered body: HTML, or the place where a group of actions goes."""

    html: str = ""
    actions_group: str | None = None  # None: this part is HTML; "" = every group
    actions: tuple[Action, ...] = ()


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str


@dataclass
class Notice:
    """A validated notice with where it lives and its rendered body."""

    front: Front
    slug: str
    year: int
    source: str  # path as shown to the editor
    body: list[BodyPart] = field(default_factory=list)
    toc: list[Heading] = field(default_factory=list)
    annex_html: dict[int, str] = field(default_factory=dict)  # rendered text annexes
    lines: dict[tuple, int] = field(default_factory=dict, repr=False)  # field path → file line
    digest: str = ""  # of the whole file: the notice's own pages depend on it
    front_digest: str = ""  # of the front matter: what lists and other notices' pages show of it
    slim: bool = False  # without what only its own pages show (cache.strip): never render those from it

    @property
    def path(self) -> str:
        """URL path relative to the site root, e.g. ``2022/weinan-kepuri/``."""
        return f"{self.year}/{self.slug}/"

    @functools.cached_property
    def key(self) -> str:
        """``2022/weinan-kepuri``: how the build names a notice (asked for hundreds of thousands of times)."""
        return f"{self.year}/{self.slug}"

    @property
    def date(self) -> dt.date:
        """The date a notice sorts by: 成文日期, else the start of its period, else 1 January of its year."""
        front = self.front
        if front.issued:
            return front.issued
        if front.dates and front.dates.start:
            return front.dates.start
        return dt.date(self.year, 1, 1)
