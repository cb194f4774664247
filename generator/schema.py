"""Shared pieces of the typed models: strict-but-friendly types and the error translator.

The models are pydantic models fed with the *text tree* from :mod:`generator.load`.
Pydantic's errors are turned into :class:`ContentError` values that name the
file line of the field, say what was expected in words an editor understands,
and suggest the closest known name when a field or key is unknown.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
import types
import typing
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, ValidationError, WithJsonSchema
from pydantic_core import PydanticCustomError

from .errors import ContentError
from .fieldnames import CHINESE_FIELD_NAMES
from .load import Document, dotted
from .years import RANGE_TEXT, supported
from .i18n import N_, tr, translated


class Model(BaseModel):
    """Base of every model read from disk: unknown fields are errors; values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


_DIGITS = str.maketrans("０１２３４５６７８９－", "0123456789-")  # full-width, as input methods type them
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_CN_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")


def refuse(message: str, hint: str = "") -> PydanticCustomError:
    """A validation error with its hint, both shown to the editor as written."""
    return PydanticCustomError("refused", "{message}", {"message": message, "hint": hint})


# What must never be published: the importer's mark on a value it is unsure of, the scaffold's
# placeholders (××市科学技术协会), a TODO note.
UNFINISHED = re.compile(r"[（(]\s*待确认\s*[）)]|××|(?<![A-Za-z])(?:XX+|TODO)(?![A-Za-z])")


def unfinished_mark(text: str) -> re.Match | None:
    """The first mark of unfinished work in ``text``. Each holds one of four plain strings, found far
    faster than the expression's lookbehind at every character of a body."""
    if "待确认" in text or "××" in text or "XX" in text or "TODO" in text:
        return UNFINISHED.search(text)
    return None


def unfinished(text: str) -> PydanticCustomError | None:
    """The refusal for a text still carrying a mark of unfinished work, or None."""
    found = unfinished_mark(text)
    if found is None:
        return None
    mark = found.group()
    if "待确认" in mark:
        return refuse(tr("`{text}` is marked {mark}: the importer was not sure of this value", text=text, mark=mark),
                      tr("compare it with the source notice, correct it if needed, then delete the mark"))
    return refuse(tr("`{text}` still holds the placeholder `{mark}`", text=text, mark=mark),
                  tr("replace it with the real text from the notice (or delete the field)"))


# ---- what each type accepts, as JSON Schema for an editor's YAML editor (generator.json_schema) ----------
# yaml-language-server reads YAML 1.2: `2126496` is a number there, `true` a boolean, `0913` a number,
# `2022-09-15` a string. The loader reads every scalar as text, so a text field takes numbers too. Two
# forms check takes are left out on purpose, because the editor would offer them to every field: a text
# that is only true or false, and yes/no written as 0 or 1 (tests/test_json_schema.py names them).
# Patterns are written for both Python's `re` and JavaScript's RegExp: [0-9], never \d (Python's \d takes ２).
SCALAR = "x-scalar"  # a type's JSON Schema is the one of that name in SCALARS, given once in $defs


def scalar(name: str) -> WithJsonSchema:
    return WithJsonSchema({SCALAR: name})


def needs_one_of(*names: str) -> ConfigDict:
    """The config of a model whose validator wants at least one of ``names``, so that its schema says so."""
    return ConfigDict(json_schema_extra={"anyOf": [{"required": [name]} for name in names]})


def _any_case(*words: str) -> str:
    return "|".join("".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in word) for word in words)


_MONTH, _DAY = "(?:0?[1-9]|1[0-2])", "(?:0?[1-9]|[12][0-9]|3[01])"
_YEAR = "(?:19(?:49|[5-9][0-9])|20[0-9][0-9]|2100)"  # years.FIRST_YEAR to years.LAST_YEAR
_WIDE = "(?=[^０-９－]*[０-９－])"  # full-width digits or dash somewhere: checked for their shape only
SCALARS: dict[str, dict] = {
    "text": {"type": ["string", "number"], "pattern": f"^(?![\\s\\S]*(?:{UNFINISHED.pattern}))",
             "patternErrorMessage": "还有占位符（××、XX、TODO 或“（待确认）”）：请换成通知里的真实内容"},
    "date": {"type": "string",
             "pattern": (f"^\\s*(?:{_YEAR}-{_MONTH}-{_DAY}|{_YEAR}年{_MONTH}月{_DAY}日"
                         f"|{_WIDE}[0-9０-９]{{4}}[-－][0-9０-９]{{1,2}}[-－][0-9０-９]{{1,2}}"
                         f"|{_WIDE}[0-9０-９]{{4}}年[0-9０-９]{{1,2}}月[0-9０-９]{{1,2}}日)\\s*$"),
             "patternErrorMessage": f"日期写成 2022-09-15 或 2022年9月15日（{RANGE_TEXT} 年之间）"},
    # a key of site.yaml's vocabularies (config.Key): it becomes part of URLs
    "key": {"type": ["string", "integer"], "pattern": "^[a-z0-9][a-z0-9-]*$",
            "patternErrorMessage": "只用小写英文字母、数字和连字符 -（它是网址的一部分）"},
    # pydantic's int from text: 10, +10, 1_000, 10.0
    "whole_number": {"type": ["integer", "string"], "pattern": "^\\s*[+-]?[0-9][0-9_]*(?:\\.0*)?\\s*$",
                     "patternErrorMessage": "写一个整数，如 10"},
    # pydantic's bool from text, any case; YAML 1.2 makes true/false booleans (and 0/1 numbers: left out)
    "yes_no": {"anyOf": [{"type": "boolean"},
                         {"type": "string", "pattern": f"^(?:{_any_case('true', 'false', 'yes', 'no', 'on', 'off')}"
                                                       f"|{_any_case('y', 'n', 't', 'f')}|0|1)$"}],
               "errorMessage": "写 true（是）或 false（否）"},
}


# How dates are written in Word files: 2007.11.8, 2007/11/8, 2007－11－8, 20071108, 2007年11月8号, 二〇〇七年十一月八日
_LOOSE_DATE = re.compile(r"^(?P<year>\d{4})\s*(?:[./\\_\s]|年)\s*(?P<month>\d{1,2})\s*(?:[./\\_\s]|月)\s*"
                         r"(?P<day>\d{1,2})\s*[日号]?$|^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$")
_NO_YEAR = re.compile(r"^(?P<month>\d{1,2})\s*(?:月|[./-])\s*(?P<day>\d{1,2})\s*[日号]?$")
_CN_NUMERALS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ｏ": 0, "O": 0}


def _cn_number(text: str) -> int | None:
    """二〇〇七 → 2007, 十一 → 11, 二十八 → 28 (the numerals of a date written out)."""
    if all(c in _CN_NUMERALS for c in text):
        return int("".join(str(_CN_NUMERALS[c]) for c in text)) if text else None
    tens, _, units = text.partition("十")
    if "十" not in text or not all(c in _CN_NUMERALS for c in tens + units) or len(tens) > 1 or len(units) > 1:
        return None
    return (_CN_NUMERALS[tens] if tens else 1) * 10 + (_CN_NUMERALS[units] if units else 0)


def _cn_date(text: str) -> tuple[int, int, int] | None:
    match = re.match(r"^(.+)年(.+)月(.+)[日号]$", text)
    if match is None:
        return None
    parts = [_cn_number(part) for part in match.groups()]
    return None if None in parts else (parts[0], parts[1], parts[2])  # type: ignore[return-value]


def date_meant(text: str, year: int | None = None) -> dt.date | None:
    """The date a text that is not written YYYY-MM-DD means, when that is certain (2007.11.8 → 2007-11-08;
    8月10日 in the folder of 2022 → 2022-08-10), else None."""
    parts: tuple[int, int, int] | None = None
    if match := _LOOSE_DATE.match(text):
        groups = match.groupdict()
        parts = (int(groups["year"] or groups["y"]), int(groups["month"] or groups["m"]),
                 int(groups["day"] or groups["d"]))
    elif (match := _NO_YEAR.match(text)) and year is not None:
        parts = (year, int(match["month"]), int(match["day"]))
    else:
        parts = _cn_date(text)
    try:
        return dt.date(*parts) if parts else None
    except ValueError:
        return None


def _date_hint(text: str, info: Any) -> str:
    year = (getattr(info, "context", None) or {}).get("year")
    meant = date_meant(text, year)
    forms = tr("a date is written 2022-09-15 or 2022年9月15日")
    if meant is None:
        return forms
    if _NO_YEAR.match(text) is not None:
        return tr("write {date} (the year of the notice's folder); {forms}", date=meant.isoformat(), forms=forms)
    return tr("write {date}; {forms}", date=meant.isoformat(), forms=forms)


def _parse_date(value: Any, info: Any) -> Any:
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise refuse(tr("expected a date like 2022-09-15"))
    text = value.strip().translate(_DIGITS)
    refusal = unfinished(text)
    if refusal is not None:
        raise refusal
    match = _DATE.match(text) or _CN_DATE.match(text)
    if not match:
        raise refuse(tr("`{value}` is not a date the site reads; write it as YYYY-MM-DD", value=text),
                     _date_hint(text, info))
    year, month, day = (int(group) for group in match.groups())
    if not 1 <= month <= 12:
        raise refuse(tr("`{value}` is not a real date: there is no month {month}", value=text, month=month))
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        shown = f"{year}-{month:02d}"
        raise refuse(tr("`{value}` is not a real date: {month} has {last} days", value=text, month=shown, last=last))
    return in_range(dt.date(year, month, day))


def in_range(date: dt.date) -> dt.date:
    """The date, or a refusal when its year is outside the years the site supports."""
    if not supported(date.year):
        raise refuse(tr("{date} is outside the years the site supports ({years})", date=date.isoformat(),
                        years=RANGE_TEXT),
                     tr("check the year: it is probably mistyped"))
    return date


Date = Annotated[dt.date, BeforeValidator(_parse_date), scalar("date")]


def _text(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        raise refuse(tr("expected text, found a list") if isinstance(value, list)
                     else tr("expected text, found a set of fields"))
    if isinstance(value, str):
        refusal = unfinished(value)
        if refusal is not None:
            raise refusal
    return value


Text = Annotated[str, BeforeValidator(_text), scalar("text")]


def _text_list(value: Any) -> Any:
    """A list of texts; a single text is taken as a one-item list."""
    if isinstance(value, str):
        return [value]
    return value


TextList = Annotated[list[Text], BeforeValidator(_text_list, json_schema_input_type=Text | list[Text])]

CELL_LIMIT = 32_767  # characters (UTF-16 units) a spreadsheet cell holds; Excel cuts off the rest


def cell_size(value: str) -> int:
    return len(value.encode("utf-16-le")) // 2


def fits_a_cell(value: str, room: int = 0) -> str:
    """A text that becomes one cell of an annex's .xlsx (``room``: characters the cell adds to it)."""
    size = cell_size(value)
    if size + room > CELL_LIMIT:
        long = (tr("the text is {size:,} characters long and the {room} the form adds to it", size=size, room=room)
                if room else tr("the text is {size:,} characters long", size=size))
        raise refuse(tr("{long}: one cell of the annex's spreadsheet holds at most {limit:,} (Excel cuts off the rest)",
                        long=long, limit=CELL_LIMIT),
                     tr("shorten it, split it over several cells or rows, or give it as a `kind: text` annex"))
    return value


CellText = Annotated[Text, AfterValidator(fits_a_cell)]
CellTextList = Annotated[list[CellText], BeforeValidator(_text_list, json_schema_input_type=Text | list[Text])]


def unknown(kind: str, value: str, choices: typing.Iterable[str], hint: str = "") -> PydanticCustomError:
    """An error for a name that is not in a vocabulary, with the closest names."""
    close = difflib.get_close_matches(value, list(choices), n=3, cutoff=0.4)
    message = tr("unknown {kind} `{value}`", kind=kind, value=value)
    if close:
        message = tr("{message}; did you mean {names}?", message=message,
                     names=tr(", ").join(f"`{name}`" for name in close))
    return refuse(message, hint)


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The models an annotation can hold (through Optional, list, Union, Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found.extend(_models_in(arg))
    return found


def _fields_at(root: type[BaseModel], loc: tuple) -> list[str]:
    """Names of the fields valid at ``loc`` (used for did-you-mean on unknown fields)."""
    models = [root]
    for part in loc:
        if isinstance(part, int):
            continue
        nested: list[type[BaseModel]] = []
        for model in models:
            if part in model.model_fields:
                nested.extend(_models_in(model.model_fields[part].annotation))
        if nested:
            models = nested
    names: list[str] = []
    for model in models:
        names.extend(name for name in model.model_fields if name not in names)
    return names


NOTICE_GUIDE = "docs/编辑指南.md, “四、头部信息逐项说明”"  # a model's ``guide`` names another

# Pydantic's error types an editor can meet, in the editor's words (pydantic's own English is
# for programmers); ``{placeholders}`` come from the error's context.
_TYPE_WORDS = {
    "string_type": N_("expected text"),
    "int_parsing": N_("expected a whole number"),
    "int_type": N_("expected a whole number"),
    "int_from_float": N_("expected a whole number"),
    "float_parsing": N_("expected a number"),
    "float_type": N_("expected a number"),
    "bool_parsing": N_("expected true or false"),
    "bool_type": N_("expected true or false"),
    "list_type": N_("expected a list (lines starting with `- `)"),
    "model_type": N_("expected a set of fields (`name: value` lines indented below)"),
    "dict_type": N_("expected a set of fields (`name: value` lines indented below)"),
    "too_short": N_("must not be empty"),
    "string_too_short": N_("must not be empty"),
    "too_long": N_("holds too many entries: at most {max_length}"),
    "string_too_long": N_("is too long: at most {max_length} characters"),
    "greater_than": N_("must be greater than {gt}"),
    "greater_than_equal": N_("must be {ge} or more"),
    "less_than": N_("must be less than {lt}"),
    "less_than_equal": N_("must be {le} or less"),
}


def _one_of(expected: str) -> str:
    """Pydantic's "'phone', 'fax' or 'both'" in the current language."""
    words = re.findall(r"'[^']*'", expected)
    if len(words) < 2:
        return expected
    return tr("{words} or {last}", words=tr(", ").join(words[:-1]), last=words[-1])


def _message(error: dict, root: type[BaseModel], loc: tuple) -> tuple[str, str]:
    kind = error["type"]
    given = error.get("input")
    context = error.get("ctx") or {}
    if kind == "refused":
        return context["message"], context["hint"]
    if kind == "extra_forbidden":
        name = str(loc[-1]) if loc else ""
        fields = _fields_at(root, loc[:-1])
        meant = next((field for field in CHINESE_FIELD_NAMES.get(name.strip(), ()) if field in fields), None)
        if meant is not None:
            shown = "" if given is None or isinstance(given, (dict, list)) else f" {given}"
            return (tr("`{name}` is the Chinese name of the field `{field}`", name=name, field=meant),
                    tr("field names are written in English: `{field}:{value}`", field=meant, value=shown))
        close = difflib.get_close_matches(name, fields, n=1, cutoff=0.5)
        hint = (tr("did you mean `{name}`?", name=close[0]) if close
                else tr("known fields here: {fields}", fields=", ".join(fields)))
        return tr("unknown field `{name}`", name=name), hint
    if kind == "missing":
        return tr("this field is required"), tr("add it; see {guide}, for every field",
                                                guide=getattr(root, "guide", NOTICE_GUIDE))
    if kind in ("literal_error", "enum"):  # a field that takes one of a few words (kind, orientation …)
        expected = _one_of(context.get("expected", ""))
        return (tr("`{value}` is not a value this field takes", value=given),
                tr("write one of: {expected}", expected=expected) if expected else "")
    if kind == "union_tag_invalid":
        return (tr("`{value}` is not a value `{field}` takes", value=context.get("tag"),
                   field=context.get("discriminator", "").strip("'")),
                tr("write one of: {expected}", expected=_one_of(context.get("expected_tags", ""))))
    words = _TYPE_WORDS.get(kind)
    if words:
        message = tr(words, **{key: value for key, value in context.items() if isinstance(value, (str, int, float))})
        if given is None:
            return tr("{message}, found nothing", message=message), ""
        if isinstance(given, (dict, list)):
            return message, ""
        return tr("{message}, found `{value}`", message=message, value=given), ""
    message = error["msg"]
    if message.startswith("Value error, "):  # a validator's ValueError: its text is already translated
        return message[len("Value error, "):], ""
    return translated(message), ""  # a custom error type's message (the annex kind …), or pydantic's own


def validate(model: type[BaseModel], document: Document, context: dict | None = None,
             prefix: tuple = ()) -> tuple[Any, list[ContentError]]:
    """Validate ``document.data`` (or the part at ``prefix``) into ``model``."""
    data = document.data
    for part in prefix:
        data = data[part]
    try:
        return model.model_validate(data, context=context or {}), []
    except ValidationError as exc:
        errors = []
        for error in exc.errors():
            loc = document.clean_loc(prefix + tuple(error["loc"]))
            message, hint = _message(error, model, loc[len(prefix):])
            errors.append(ContentError(document.shown, document.line_of(loc), dotted(loc), message, hint))
        return None, errors


__all__ = ["Model", "Date", "in_range", "Text", "TextList", "refuse", "unknown", "validate", "types"]
