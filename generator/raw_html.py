"""Raw HTML in a body: which tags the site keeps, and which raw HTML would swallow the text after it.

An element left open swallows what follows it: Python-Markdown passes everything after an open block
tag through as raw HTML (no Markdown, no placed actions), and the HTML parser reads everything after an
open ``<textarea>``, ``<title>`` or ``<plaintext>`` as text. So every raw element must be closed, and
(unless the site trusts raw HTML) every raw tag must be one the sanitiser keeps — a tag it removes would
silently take the editor's text (``<script>``, ``<style>``) or markup with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import ContentError
from .i18n import tr

# What the sanitiser keeps (generator.markdown.sanitise): the tags and, per tag, the attributes.
TAGS = frozenset({"a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "div",
                  "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins",
                  "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "sup", "table",
                  "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul"})
ATTRIBUTES = {"*": {"id", "class", "title", "lang"}, "a": {"href"}, "img": {"src", "alt", "width", "height"},
              "td": {"colspan", "rowspan", "style"}, "th": {"colspan", "rowspan", "scope", "style"},
              "ol": {"start"}}
# Elements that never have content or an end tag (HTML's void elements).
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                  "track", "wbr"})

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)((?:\s[^<>]*)?)(/?)>")
_ID = re.compile(r"""\sid\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")


@dataclass(frozen=True)
class RawTag:
    name: str  # lower case
    line: int  # in the file
    closing: bool
    id: str | None  # the id attribute, when it has one


def raw_tags(lines: list[str], first_line: int) -> list[RawTag]:
    """The raw HTML tags of a body in order, leaving out `code spans` (the site's Markdown has no fenced
    code blocks: a tag between ``` lines is raw HTML too)."""
    found: list[RawTag] = []
    for index, line in enumerate(lines):
        for match in _TAG.finditer(_CODE_SPAN.sub("", line)):
            closing, name, attributes, self_closing = match.groups()
            identifier = _ID.search(attributes)
            found.append(RawTag(name.lower(), first_line + index, bool(closing),
                                next((g for g in identifier.groups() if g is not None), None) if identifier else None))
            if self_closing and not closing:
                found.append(RawTag(name.lower(), first_line + index, True, None))
    return found


def raw_html_problems(tags: list[RawTag], trusted: bool, shown: str, kept: frozenset[str] = TAGS) -> list[ContentError]:
    """Raw tags the sanitiser would remove (unless trusted; ``kept``: the tags it keeps) and elements never closed."""
    errors: list[ContentError] = []
    open_tags: list[RawTag] = []
    for tag in tags:
        if not trusted and not tag.closing and tag.name not in kept:
            errors.append(ContentError(shown, tag.line, "body", tr("the raw HTML tag `<{name}>` is not kept by the "
                                                                   "site: it would be removed, and the text in it "
                                                                   "may go with it", name=tag.name),
                                       tr("write it with Markdown instead, or in backticks (`<tag>`) to show it as "
                                          "text; docs/编辑指南.md, “五、正文怎么写”, lists the tags the site keeps")))
        if tag.name in VOID:
            continue
        if not tag.closing:
            open_tags.append(tag)
            continue
        for depth in range(len(open_tags) - 1, -1, -1):  # an end tag closes its element and what is open in it
            if open_tags[depth].name == tag.name:
                del open_tags[depth:]
                break
    for tag in open_tags:
        errors.append(ContentError(shown, tag.line, "body", tr("the raw HTML tag `<{name}>` is never closed: "
                                                               "everything after it (text and placed actions) would "
                                                               "be swallowed", name=tag.name),
                                   tr("close it with `</{name}>`, or write it in backticks (`<{name}>`) to show it "
                                      "as text", name=tag.name)))
    return errors
