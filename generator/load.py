"""From bytes on disk to front matter and body, keeping the editor's line numbers.

Front matter is parsed into a *text tree*: mappings, lists and strings only.
YAML 1.1's implicit typing (``0373`` → 251, ``9:30`` → 570, ``no`` → False)
never runs; the schema in :mod:`generator.notice` converts text to types, so
a value comes out exactly as the editor typed it. Every key and list item is
recorded with its line in the file, so a validation error can point at it.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import ContentError
from .fieldnames import CHINESE_FIELD_NAMES
from .i18n import N_, strerror, tr, translated

try:  # the C parser is several times faster; same events, same marks
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover - libyaml missing
    from yaml import SafeLoader as _Parser


class _Loader(_Parser, yaml.resolver.BaseResolver):
    """Composes nodes without YAML 1.1's implicit typing: every value is read as text anyway, and
    matching each scalar against the int/float/bool/date patterns was most of the YAML time."""

    def __init__(self, stream: str):
        _Parser.__init__(self, stream)
        yaml.resolver.BaseResolver.__init__(self)

Loc = tuple[str | int, ...]

MAX_NODES = 20_000  # a real notice has a few hundred; alias bombs have billions
MAX_DEPTH = 40

_STANDARD_TAG = re.compile(r"^tag:yaml\.org,2002:(str|int|float|bool|null|timestamp|map|seq)$")
_STANDARD_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp",
                                                                    "map", "seq"))
_FULLWIDTH_KEY = re.compile(r"^(\s*-?\s*)([A-Za-z_][A-Za-z0-9_]*|[\u4e00-\u9fff]{2,8})\s*：")
# `theme:喜迎二十大`: a name, a colon and no space: YAML reads one text and fails on the line after
_NO_SPACE = re.compile(r"^(?P<indent>\s*(?:-\s+)?)(?P<name>[A-Za-z_][A-Za-z0-9_]*|[\u4e00-\u9fff]{2,8}):(?P<value>[^\s/].*)$")
_NULLS = {"", "~", "null", "Null", "NULL"}
# What HTML, XML (feeds, .xlsx, .docx) and calendars cannot carry: control characters (C0 but tab and line
# ends, DEL, C1), lone surrogates (a YAML escape "\\ud800" makes one) and Unicode's noncharacters (U+FFFE,
# U+FFFF, U+FDD0–U+FDEF and the last two of every plane), which are for a program's own use: the Markdown
# stage marks where actions go with them, so a body can never hold such a mark.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
                      + "".join(f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000))
                      + "]")
# Every character _CONTROL finds is one str.isprintable() refuses; so are a few a notice holds (line ends, tabs,
# the ideographic space), taken out before asking: ten times faster than the search on a text with none.


def _control(text: str) -> re.Match | None:
    """The first character of ``text`` that cannot be published, if any."""
    if text.replace("\n", "").replace("\t", "").replace("\r", "").replace("\u3000", "").isprintable():
        return None
    return _CONTROL.search(text)


@dataclass
class Document:
    """A file split into its parts; ``lines`` maps a field path to its file line."""

    path: Path
    shown: str  # path as shown to the editor
    data: Any
    body: str
    body_line: int  # file line where the body starts
    lines: dict[Loc, int] = field(default_factory=dict)
    front: str = ""  # the front matter's text, for the digest that tells lists a notice's facts changed

    def line_of(self, loc: Loc) -> int:
        """The file line of the deepest part of ``loc`` that exists in the data."""
        path: list[str | int] = []
        node = self.data
        for part in loc:
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                node = node[part]
            else:
                continue  # a union tag or a field that is absent
            path.append(part)
        while path:
            if tuple(path) in self.lines:
                return self.lines[tuple(path)]
            path.pop()
        return self.lines.get((), 1)

    def clean_loc(self, loc: Loc) -> Loc:
        """``loc`` without pydantic's union tags, which are not in the file."""
        path: list[str | int] = []
        node: Any = self.data
        for part in loc:
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                node = node[part]
            elif isinstance(node, dict) and part == node.get("kind"):
                continue
            elif isinstance(node, str) and isinstance(part, str):
                continue  # a field of the model a plain text was turned into (phone → number)
            elif isinstance(part, str) and (part.startswith(("function-", "tag:")) or "[" in part):
                continue  # pydantic's names for validators and union members (tag:person), not in the file
            else:
                node = None
            path.append(part)
        return tuple(path)


def decode(raw: bytes, shown: str) -> tuple[str | None, list[ContentError]]:
    """UTF-8 (with or without BOM) only; recognise the usual GBK/GB18030 mistake."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        try:
            raw.decode("gb18030")
            hint = tr("the file looks like GBK/GB18030 (common for files saved by Chinese Windows editors); "
                      "save it as UTF-8, e.g. `iconv -f GB18030 -t UTF-8 in.md > out.md`")
        except UnicodeDecodeError:
            hint = tr("save the file as UTF-8 text")
        return None, [ContentError(shown, line, "", tr("the file is not valid UTF-8 text"), hint)]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    found = control_character(text)
    if found:
        return None, [ContentError(shown, found[0], "", tr("the file contains the character {found}, which cannot "
                                                           "be published (a control character or a noncharacter)",
                                                           found=found[1]),
                                   tr("delete it (it often comes from copying out of Word or PDF)"))]
    return text, []


def control_character(text: str) -> tuple[int, str] | None:
    """The line and code (U+0007) of the first character that HTML, feeds and calendars cannot carry."""
    control = _control(text)
    if control is None:
        return None
    return text[: control.start()].count("\n") + 1, f"U+{ord(control.group()):04X}"


def split_front_matter(text: str, shown: str) -> tuple[str, str, int, list[ContentError]]:
    """Return (front matter, body, body start line). Front matter starts on line 2."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return "", "", 1, [ContentError(
            shown, 1, "", tr("the file does not start with a `---` line"),
            tr("a notice file begins with front matter: a line `---`, the fields (title: …), another `---`, then "
               "the body"))]
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            front = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1:])
            return front, body, index + 2, []
    return "", "", 1, [ContentError(
        shown, 1, "", tr("the front matter is not closed: no second `---` line"),
        tr("put a line `---` after the last field, before the body text"))]


def _yaml_error(exc: yaml.YAMLError, front: str, shown: str) -> ContentError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = (mark.line + 2) if mark is not None else 2  # marks are 0-based and front matter starts on line 2
    problem = getattr(exc, "problem", None) or str(exc)
    hint = tr("check the indentation and that every field is written `name: value`")
    for number, text in enumerate(front.split("\n"), start=2):
        match = _FULLWIDTH_KEY.match(text)
        if match:
            return _fullwidth_colon(shown, number, match.group(2))
    if mark is not None:
        found = _missing_space(front.split("\n")[: mark.line + 1], shown)
        if found is not None:
            return found
    if "\t" in front and "tab" in problem.lower() or "found character '\\t'" in str(exc):
        hint = tr("YAML indentation must use spaces, not tabs")
    if mark is not None and ("mapping values are not allowed" in problem or problem == "did not find expected key"):
        extra = _over_indented(front.split("\n"), mark.line)
        if extra:
            return ContentError(shown, line, "", tr("this line is indented further than the line above it"),
                                tr("delete {count} space(s) at its start: the fields of one level begin in the "
                                   "same column", count=extra))
    if "mapping values are not allowed" in problem:
        hint = tr("a value that contains `: ` must be put in quotes")
        quoted = _quoted(front.split("\n")[mark.line]) if mark is not None else None
        if quoted:
            hint = tr("put the whole value in double quotes: `{line}` (or write the colon as ：)", line=quoted)
    return ContentError(shown, line, "", tr("the front matter is not valid YAML: {problem}",
                                            problem=translated(problem)), hint)


_KEY_LINE = re.compile(r"^( *)(- +)?[A-Za-z_][A-Za-z0-9_]*:(\s|$)")
_KEY_VALUE = re.compile(r"^(\s*(?:- +)?[A-Za-z_][A-Za-z0-9_]*): +([^\"'\[{|>].*?)\s*$")


def _over_indented(lines: list[str], index: int) -> int:
    """How many spaces the field on ``lines[index]`` starts to the right of the field above it (0: it does not,
    or the line above opens a block the field belongs in)."""
    field = _KEY_LINE.match(lines[index]) if index < len(lines) else None
    above = next((text for text in reversed(lines[:index]) if text.strip() and not text.lstrip().startswith("#")),
                 None)
    start = _KEY_LINE.match(above) if above is not None else None
    if field is None or start is None or field.group(2) or above.rstrip().endswith(":"):
        return 0
    column = len(start.group(1)) + len(start.group(2) or "")  # `  - body: …`: its fields line up with `body`
    return max(len(field.group(1)) - column, 0)


def _quoted(line: str) -> str | None:
    """``recipients: 各镇: 各单位`` as ``recipients: "各镇: 各单位"``, or None when it is not a plain field."""
    match = _KEY_VALUE.match(line)
    if match is None or ": " not in match.group(2) or "\"" in match.group(2):
        return None
    return f'{match.group(1)}: "{match.group(2)}"'


def _field_named(name: str) -> str:
    """The field a name typed in Chinese stands for (文号 → doc_number), or the name itself."""
    return CHINESE_FIELD_NAMES.get(name, (name,))[0]


def _fullwidth_colon(shown: str, line: int, name: str) -> ContentError:
    field = _field_named(name)
    message = tr("the field name is followed by a full-width colon `：`")
    if field != name:
        message = tr("{message}; `{name}` is written `{field}`", message=message, name=name, field=field)
    return ContentError(shown, line, field, message, tr("YAML needs an ASCII colon and a space: `{group}: …`",
                                                        group=field))


def _missing_space(lines: list[str], shown: str) -> ContentError | None:
    """The last line up to the error that reads ``name:value``: the line the editor wrote (YAML stops on the
    line after it)."""
    for number in range(len(lines) - 1, -1, -1):
        match = _NO_SPACE.match(lines[number])
        if match:
            field = _field_named(match.group("name"))
            return ContentError(shown, number + 2, field,
                                tr("`{line}` has no space after the colon, so it is not read as a field",
                                   line=lines[number].strip()),
                                tr("write `{field}: {value}` (a space after the colon)", field=field,
                                   value=match.group("value")))
    return None


class _TooBig(Exception):
    pass


def _to_text_tree(node: yaml.Node, loc: Loc, lines: dict[Loc, int], shown: str,
                  errors: list[ContentError], budget: list[int], depth: int) -> Any:
    budget[0] -= 1
    if budget[0] < 0 or depth > MAX_DEPTH:
        raise _TooBig
    tag = node.tag
    if tag not in _STANDARD_TAGS and (tag.startswith("tag:yaml.org,2002:") and not _STANDARD_TAG.match(tag)
                                      or not tag.startswith("tag:yaml.org,2002:")):
        errors.append(ContentError(shown, node.start_mark.line + 2, _dotted(loc),
                                   tr("the YAML tag `{tag}` is not allowed", tag=node.tag),
                                   tr("write plain values; notice files never need `!!` tags")))
        return None
    if isinstance(node, yaml.ScalarNode):
        if not node.style and node.value in _NULLS:
            return None
        found = _control(node.value)
        if found:
            errors.append(ContentError(shown, node.start_mark.line + 2, _dotted(loc),
                                       tr("the value contains the character U+{ord:04X}, which cannot be published "
                                          "(a control character or a noncharacter)", ord=ord(found.group())),
                                       tr("remove it, or the escape sequence (such as \\x07 or \\uFFFE) that wrote "
                                          "it")))
        return node.value
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, child in enumerate(node.value):
            lines[loc + (index,)] = child.start_mark.line + 2
            items.append(_to_text_tree(child, loc + (index,), lines, shown, errors, budget, depth + 1))
        return items
    mapping: dict[str, Any] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 2
        if not isinstance(key_node, yaml.ScalarNode):
            errors.append(ContentError(shown, line, _dotted(loc), tr("a field name must be plain text"),
                                       tr("write `name: value`")))
            continue
        key = key_node.value
        if key == "<<":
            errors.append(ContentError(shown, line, _dotted(loc), tr("YAML merge keys (`<<`) are not supported"),
                                       tr("write the fields out in full")))
            continue
        if key in mapping:
            errors.append(ContentError(shown, line, _dotted(loc + (key,)),
                                       tr("the field `{key}` is given twice (first on line {lines})",
                                          key=key, lines=lines[loc + (key,)]),
                                       tr("keep one of them")))
            continue
        lines[loc + (key,)] = line
        mapping[key] = _to_text_tree(value_node, loc + (key,), lines, shown, errors, budget, depth + 1)
    return mapping


def _dotted(loc: Loc) -> str:
    text = ""
    for part in loc:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


dotted = _dotted


def parse_yaml(front: str, shown: str, first_line: int = 2) -> tuple[Any, dict[Loc, int], list[ContentError]]:
    """Parse YAML into a text tree; ``first_line`` is the file line of the YAML's first line."""
    offset = first_line - 2
    errors: list[ContentError] = []
    lines: dict[Loc, int] = {(): first_line}
    try:
        node = yaml.compose(front, Loader=_Loader)
    except yaml.YAMLError as exc:
        error = _yaml_error(exc, front, shown)
        return None, lines, [ContentError(error.file, error.line + offset, error.field, error.message, error.hint)]
    if node is None:
        return {}, lines, []
    try:
        data = _to_text_tree(node, (), lines, shown, errors, [MAX_NODES], 0)
    except (_TooBig, RecursionError):
        return None, lines, [ContentError(shown, first_line, "", tr("the front matter is too large or too deeply "
                                                                    "nested"),
                                          tr("a notice needs far fewer than {max_nodes} values; do not use YAML "
                                             "anchors (&) and aliases (*)", max_nodes=MAX_NODES))]
    if offset:
        lines = {loc: line + offset for loc, line in lines.items()}
        errors = [ContentError(e.file, e.line + offset, e.field, e.message, e.hint) for e in errors]
    return data, lines, errors


_KINDS = {stat.S_IFIFO: N_("a named pipe (FIFO)"), stat.S_IFSOCK: N_("a socket"), stat.S_IFCHR: N_("a device"),
          stat.S_IFBLK: N_("a device"), stat.S_IFDIR: N_("a folder"), stat.S_IFLNK: N_("a link")}

# PyYAML's words for the usual mistakes, shown in the editor's language (others as PyYAML says them).
YAML_PROBLEMS = (N_("mapping values are not allowed here"), N_("mapping values are not allowed in this context"),
                 N_("found character that cannot start any token"), N_("could not find expected ':'"),
                 N_("found character '\\t' that cannot start any token"),
                 N_("expected <block end>, but found '<block mapping start>'"),
                 N_("expected <block end>, but found '<block sequence start>'"),
                 N_("expected <block end>, but found '<scalar>'"), N_("expected <block end>, but found '-'"),
                 N_("found unexpected end of stream"), N_("found undefined alias"),
                 N_("expected ',' or ']', but got '<stream end>'"), N_("expected ',' or '}', but got '<stream end>'"),
                 N_("did not find expected key"), N_("did not find expected ',' or ']'"),
                 N_("did not find expected ',' or '}'"), N_("did not find expected '-' indicator"),
                 N_("found duplicate anchor; first occurrence"), N_("while scanning a quoted scalar"),
                 N_("found unknown escape character"))


def kind_of(mode: int) -> str:
    """What a file that is not a regular file is, in words (``mode``: its st_mode)."""
    return translated(_KINDS.get(stat.S_IFMT(mode), N_("not a regular file")))


def read_file(path: Path) -> bytes:
    """A regular file's bytes. Anything else is an OSError saying what it is: reading a named pipe
    would wait forever for a writer, so it is opened without waiting and looked at first."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with open(fd, "rb") as file:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise OSError(errno.EINVAL, tr("it is {kind}, not a regular file", kind=kind_of(mode)))
        return file.read()


def read_text(path: Path, shown: str) -> tuple[str | None, list[ContentError]]:
    """A file's text, or the reasons it cannot be read as UTF-8 text."""
    try:
        raw = read_file(path)
    except OSError as exc:
        return None, [ContentError(shown, 0, "", tr("cannot read the file: {strerror}", strerror=strerror(exc)), "")]
    return decode(raw, shown)


def load_document(path: Path, shown: str, raw: bytes | None = None) -> tuple[Document | None, list[ContentError]]:
    """Read one notice file (or take its bytes, already read). Returns the document, or None and the reasons."""
    text, errors = read_text(path, shown) if raw is None else decode(raw, shown)
    if text is None:
        return None, errors
    front, body, body_line, errors = split_front_matter(text, shown)
    if errors:
        return None, errors
    data, lines, errors = parse_yaml(front, shown)
    if data is None and errors:
        return None, errors
    if not isinstance(data, dict):
        kind = tr("a list") if isinstance(data, list) else tr("a single value")
        errors.append(ContentError(shown, 2, "", tr("the front matter is {kind}, not a set of fields", kind=kind),
                                   tr("write one field per line: `title: …`, `issued: 2022-08-10`, …")))
        for number, text_line in enumerate(front.split("\n"), start=2):
            match = _FULLWIDTH_KEY.match(text_line)
            if match:
                errors = [_fullwidth_colon(shown, number, match.group(2))]
                break
        else:
            found = _missing_space(front.split("\n"), shown)
            errors = [found] if found is not None else errors
        return None, errors
    return Document(path, shown, data, body, body_line, lines, front), errors


def load_yaml_file(path: Path, shown: str) -> tuple[Document | None, list[ContentError]]:
    """Read a pure YAML file (the site config) the same careful way."""
    text, errors = read_text(path, shown)
    if text is None:
        return None, errors
    data, lines, errors = parse_yaml(text, shown, first_line=1)
    if data is None and errors:
        return None, errors
    if not isinstance(data, dict):
        return None, errors + [ContentError(shown, 1, "", tr("the file must hold a set of fields"), "")]
    return Document(path, shown, data, "", 0, lines), errors
