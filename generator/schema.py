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

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, ValidationError
from pydantic_core import PydanticCustomError

from .errors import ContentError
from .load import Document, dotted
from .years import RANGE_TEXT, supported


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
        return refuse(f"`{text}` is marked {mark}: the importer was not sure of this value",
                      "compare it with the source notice, correct it if needed, then delete the mark")
    return refuse(f"`{text}` still holds the placeholder `{mark}`",
                  "replace it with the real text from the notice (or delete the field)")


def _parse_date(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError("date_type", "expected a date like 2022-09-15")
    text = value.strip().translate(_DIGITS)
    refusal = unfinished(text)
    if refusal is not None:
        raise refusal
    match = _DATE.match(text) or _CN_DATE.match(text)
    if not match:
        raise PydanticCustomError("date_format", "`{value}` is not a date; write it as YYYY-MM-DD, e.g. 2022-09-15",
                                  {"value": text})
    year, month, day = (int(group) for group in match.groups())
    if not 1 <= month <= 12:
        raise PydanticCustomError("date_value", "`{value}` is not a real date: there is no month {month}",
                                  {"value": text, "month": month})
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise PydanticCustomError("date_value", "`{value}` is not a real date: {month} has {last} days",
                                  {"value": text, "month": f"{year}-{month:02d}", "last": last})
    return in_range(dt.date(year, month, day))


def in_range(date: dt.date) -> dt.date:
    """The date, or a refusal when its year is outside the years the site supports."""
    if not supported(date.year):
        raise refuse(f"{date.isoformat()} is outside the years the site supports ({RANGE_TEXT})",
                     "check the year: it is probably mistyped")
    return date


Date = Annotated[dt.date, BeforeValidator(_parse_date)]


def _text(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        raise PydanticCustomError("text_type", "expected text, found a {kind}",
                                  {"kind": "list" if isinstance(value, list) else "set of fields"})
    if isinstance(value, str):
        refusal = unfinished(value)
        if refusal is not None:
            raise refusal
    return value


Text = Annotated[str, BeforeValidator(_text)]


def _text_list(value: Any) -> Any:
    """A list of texts; a single text is taken as a one-item list."""
    if isinstance(value, str):
        return [value]
    return value


TextList = Annotated[list[Text], BeforeValidator(_text_list)]

CELL_LIMIT = 32_767  # characters (UTF-16 units) a spreadsheet cell holds; Excel cuts off the rest


def cell_size(value: str) -> int:
    return len(value.encode("utf-16-le")) // 2


def fits_a_cell(value: str, room: int = 0) -> str:
    """A text that becomes one cell of an annex's .xlsx (``room``: characters the cell adds to it)."""
    size = cell_size(value)
    if size + room > CELL_LIMIT:
        added = f" and the {room} the form adds to it" if room else ""
        raise refuse(f"the text is {size:,} characters long{added}: one cell of the annex's spreadsheet "
                     f"holds at most {CELL_LIMIT:,} (Excel cuts off the rest)",
                     "shorten it, split it over several cells or rows, or give it as a `kind: text` annex")
    return value


CellText = Annotated[Text, AfterValidator(fits_a_cell)]
CellTextList = Annotated[list[CellText], BeforeValidator(_text_list)]


def unknown(kind: str, value: str, choices: typing.Iterable[str], hint: str = "") -> PydanticCustomError:
    """An error for a name that is not in a vocabulary, with the closest names."""
    close = difflib.get_close_matches(value, list(choices), n=3, cutoff=0.4)
    suggestion = f"; did you mean {', '.join(f'`{c}`' for c in close)}?" if close else ""
    return PydanticCustomError("unknown_name", "unknown {kind} `{value}`{suggestion}{hint}",
                               {"kind": kind, "value": value, "suggestion": suggestion,
                                "hint": f" ({hint})" if hint else ""})


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

_TYPE_WORDS = {
    "string_type": "expected text",
    "int_parsing": "expected a whole number",
    "int_type": "expected a whole number",
    "bool_parsing": "expected true or false",
    "bool_type": "expected true or false",
    "list_type": "expected a list (lines starting with `- `)",
    "model_type": "expected a set of fields (`name: value` lines indented below)",
    "dict_type": "expected a set of fields (`name: value` lines indented below)",
    "missing": "this field is required",
    "too_short": "must not be empty",
    "string_too_short": "must not be empty",
    "enum": "",
    "literal_error": "",
    "union_tag_invalid": "",
    "union_tag_not_found": "",
}


def _message(error: dict, root: type[BaseModel], loc: tuple) -> tuple[str, str]:
    kind = error["type"]
    given = error.get("input")
    if kind == "refused":
        return error["ctx"]["message"], error["ctx"]["hint"]
    if kind == "extra_forbidden":
        name = str(loc[-1]) if loc else ""
        fields = _fields_at(root, loc[:-1])
        close = difflib.get_close_matches(name, fields, n=1, cutoff=0.5)
        hint = f"did you mean `{close[0]}`?" if close else f"known fields here: {', '.join(fields)}"
        return f"unknown field `{name}`", hint
    if kind == "missing":
        return "this field is required", f"add it; see {getattr(root, 'guide', NOTICE_GUIDE)}, for every field"
    if kind in ("literal_error", "enum"):  # a field that takes one of a few words (kind, orientation …)
        expected = error.get("ctx", {}).get("expected", "")
        return f"`{given}` is not a value this field takes", f"write one of: {expected}" if expected else ""
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return error["msg"], ""
    words = _TYPE_WORDS.get(kind)
    if words:
        shown = "" if given is None or isinstance(given, (dict, list)) else f", found `{given}`"
        if given is None and kind != "missing":
            shown = ", found nothing"
        return words + shown, ""
    message = error["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, "):]
    return message, ""


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
