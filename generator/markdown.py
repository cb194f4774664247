"""Body Markdown → HTML: one configured Python-Markdown, the action placeholder, sanitising.

The body says where the joint actions go with a line of its own::

    [[actions]]                 every action not placed elsewhere
    [[actions: 科普专项行动]]     only the actions of that group

The actions themselves live in the front matter once; the template renders them
at that place. Raw HTML in a body is cleaned by an allow-list unless the site
config trusts it; raw HTML the allow-list would remove, or that would swallow the
text after it, is an error (:mod:`generator.raw_html`). Every id on the page is
unique (``PAGE_IDS``), and Markdown is given no more size or nesting than it can take.
"""

from __future__ import annotations

import html as html_text
import re
from dataclasses import dataclass, field
from typing import Sequence

import markdown
import nh3
from markdown import inlinepatterns, util
from markdown.extensions import Extension
from markdown.extensions.toc import (TocExtension, TocTreeprocessor, remove_fnrefs, render_inner_html, slugify_unicode,
                                     strip_tags, unique, unescape)
from markdown.treeprocessors import InlineProcessor

from .config import MarkdownExtension, extension_options
from .errors import ContentError
from .notice import Action, BodyPart, Heading
from .raw_html import ATTRIBUTES, TAGS, RawTag, raw_html_problems, raw_tags
from .i18n import tr
from .schema import unfinished_mark

PLACEHOLDER = re.compile(r"^\s*\[\[\s*actions\s*(?:[:：]\s*(?P<group>[^\]]+?)\s*)?\]\]\s*$")
# Something meant as the placeholder but not one: [[action]], [[actions], [actions]], one inside a sentence,
# or one typed with a Chinese input method's brackets (【【actions】】, ［［actions］］).
_NEAR_PLACEHOLDER = re.compile(r"[【［][【［\[]?\s*actions?\b[^\]】］\n]*[\]】］]*"
                               r"|\[\[?\s*actions?\b[^\]】］\n]*[】］][\]】］]?"
                               r"|\[\[\s*actions?\b[^\]】］\n]*\]*|\[\s*actions?\b[^\]】］\n]*\]\]", re.IGNORECASE)
_FULL_WIDTH_BRACKETS = re.compile(r"[【】［］]")
_WHOLE_PLACEHOLDER = re.compile(r"^\[\[\s*actions\s*(?:[:：][^\]]+)?\]\]$")
# Where a placeholder stood, until the body is split there: between two Unicode noncharacters, which no
# input can hold (generator.load refuses them), so an editor cannot type a marker.
_SLOT = "\ufdd0{}\ufdd1"
_SLOT_HTML = re.compile("<p>\ufdd0(\\d+)\ufdd1</p>")

# Python-Markdown recurses once a level of nesting and scans nested brackets in quadratic time: a body
# 400 lists deep raised RecursionError, 8 MB of nesting ran for minutes. A real notice nests 一、（一）1.（1）①:
# five levels, and its body is some 10,000 characters.
MAX_NESTING = 16
MAX_BODY = 200_000  # characters; Markdown takes about 1.5 s for this much
# Elements inside elements that Markdown may make of a text the line check lets through (3,000 `*` in a row
# make 1,500 nested <strong>); a notice's deepest lists and emphasis are some 40 deep.
MAX_ELEMENT_DEPTH = 100
_BLOCK_MARKS = re.compile(r"(?:>|[-*+](?=\s|$)|\d{1,9}[.)](?=\s|$))\s*")
_RULE = re.compile(r"^\s*([-*_])(?:\s*\1){2,}\s*$")

# The ids the theme gives a notice page and an annex page itself (and action-1, action-2 …): a heading
# or a raw tag of the body or a text annex never takes one (## Deadlines would duplicate id="deadlines").
PAGE_IDS = frozenset({"main", "body", "search", "site-search-q", "document-facts", "deadlines", "deadlines-heading",
                      "contacts", "contacts-heading", "annexes", "annexes-heading", "related-heading",
                      "latest-heading", "campaigns-heading", "actions-heading", "themes-heading", "upcoming-heading",
                      "past-heading", "years-heading"})
_PAGE_ID_FORMS = re.compile(r"^action-\d+$")


def page_id(identifier: str) -> bool:
    """Whether the page itself uses this id."""
    return identifier in PAGE_IDS or bool(_PAGE_ID_FORMS.match(identifier))


class _TooDeep(Exception):
    """The elements Markdown made nest deeper than ``MAX_ELEMENT_DEPTH``."""


def _deeper_than(root, limit: int) -> bool:
    level = [root]
    for _ in range(limit):
        level = [child for element in level for child in element]
        if not level:
            return False
    return True


_HEADINGS = frozenset(f"h{level}" for level in range(1, 7))


class _Headings(TocTreeprocessor):
    """Gives every heading its id, makes every id unique on the page (not a page id, not one an earlier
    heading, tag or text annex of the notice took: ``md.page_ids``), and lists the headings of levels 2–4
    in ``md.toc_tokens``. toc's own run also lays out and serialises a table of contents nobody reads
    (a seventh of the Markdown time); it runs only where its other work is asked for: a ``[TOC]``
    paragraph or a heading's ``data-toc-label``."""

    def run(self, doc) -> None:  # type: ignore[override]
        if _deeper_than(doc, MAX_ELEMENT_DEPTH):
            raise _TooDeep
        taken: set[str] = self.md.page_ids  # type: ignore[attr-defined]
        headings = []
        for element in doc.iter():
            heading = element.tag in _HEADINGS
            if heading:
                name = strip_tags(render_inner_html(remove_fnrefs(element), self.md))
                headings.append((element, name))
            if "id" in element.attrib:
                wanted = element.attrib["id"]
            elif heading:
                wanted = slugify_unicode(html_text.unescape(name), "-")
            else:
                continue
            if page_id(wanted):
                taken.add(wanted)
            element.attrib["id"] = unique(wanted, taken)
        if any("data-toc-label" in element.attrib for element, _ in headings) or self._marked(doc):
            super().run(doc)
            return
        self.md.toc_tokens = [{"level": int(element.tag[-1]), "id": unescape(element.attrib["id"]), "name": name,
                               "children": []}
                              for element, name in headings if self.toc_top <= int(element.tag[-1]) <= self.toc_bottom]

    def _marked(self, doc) -> bool:
        return bool(self.marker) and any(element.tag == "p" and (element.text or "").strip() == self.marker
                                         for element in doc.iter("p"))


class _HeadingsExtension(TocExtension):
    TreeProcessorClass = _Headings

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's name
        md.page_ids = set()  # type: ignore[attr-defined]
        super().extendMarkdown(md)


# The characters without which an inline pattern of Python-Markdown cannot match (keyed by its regular
# expression); a pattern not listed is tried on every text.
_NEEDS = {inlinepatterns.BACKTICK_RE: "`", inlinepatterns.ESCAPE_RE: "\\", inlinepatterns.LINK_RE: "[",
          inlinepatterns.IMAGE_LINK_RE: "[", inlinepatterns.AUTOLINK_RE: "<", inlinepatterns.AUTOMAIL_RE: "<",
          inlinepatterns.LINE_BREAK_RE: "\n", inlinepatterns.HTML_RE: "<", inlinepatterns.ENTITY_RE: "&"}


def _needs(pattern: inlinepatterns.Pattern) -> str | None:
    if isinstance(pattern, inlinepatterns.DelimiterProcessor):
        return "".join(pattern.tokens) if all(len(token) == 1 for token in pattern.tokens) else None
    return _NEEDS.get(pattern.getCompiledRegExp().pattern)


class _GatedInline(InlineProcessor):
    """Python-Markdown's inline stage, trying on a text only the patterns whose characters it holds: a
    notice's paragraph (Chinese text, a ``**lead**`` now and then) skips a dozen regular expression scans
    and their bookkeeping. What a pattern makes of a text is a part of that text (placeholders hold none
    of these characters), so the patterns skipped for a text are never needed inside it either."""

    def __init__(self, md: markdown.Markdown):
        super().__init__(md)
        self.every = self.inlinePatterns
        self.needs: list[tuple[inlinepatterns.Pattern, str | None]] | None = None  # once every extension is in
        self.alphabet = ""
        self.chosen: dict[frozenset[str], list] = {}
        self.gated = False

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802, N803
        if self.gated or isinstance(data, util.AtomicString):
            return super()._InlineProcessor__handleInline(data, patternIndex)  # type: ignore[attr-defined]
        if self.needs is None:
            self.needs = [(pattern, _needs(pattern)) for pattern in self.every]
            self.alphabet = "".join(sorted({c for _, need in self.needs if need for c in need}))
        present = frozenset(character for character in self.alphabet if character in data)
        patterns = self.chosen.get(present)
        if patterns is None:
            patterns = [pattern for pattern, need in self.needs if need is None or not present.isdisjoint(need)]
            self.chosen[present] = patterns
        self.inlinePatterns, self.gated = patterns, True
        try:
            return super()._InlineProcessor__handleInline(data, patternIndex)  # type: ignore[attr-defined]
        finally:
            self.inlinePatterns, self.gated = self.every, False


class _GatedInlineExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's name
        md.treeprocessors.register(_GatedInline(md), "inline", 20)


@dataclass(frozen=True)
class AllowList:
    """What the sanitiser keeps: the site's tags and attributes, and what its Markdown extensions write."""

    tags: frozenset[str] = TAGS
    attributes: dict[str, set[str]] = field(default_factory=lambda: ATTRIBUTES)


def allow_list(extensions: Sequence[MarkdownExtension]) -> AllowList:
    tags = set(TAGS)
    attributes = {tag: set(names) for tag, names in ATTRIBUTES.items()}
    for extension in extensions:
        tags.update(extension.tags)
        for tag, names in extension.attributes.items():
            attributes.setdefault(tag.lower(), set()).update(name.lower() for name in names)
    return AllowList(frozenset(tags), attributes)


def make_markdown(extensions: Sequence[MarkdownExtension] = ()) -> markdown.Markdown:
    """The one Markdown configuration every body and text annex goes through, with the extensions the
    site adds (``markdown.extensions`` in site.yaml, validated there)."""
    md = markdown.Markdown(
        extensions=["tables", "attr_list", "sane_lists", "def_list", _GatedInlineExtension(),
                    _HeadingsExtension(slugify=slugify_unicode, toc_depth="2-4", permalink=False),
                    *(extension.name for extension in extensions)],
        extension_configs={extension.name: extension_options(extension.name, extension.options)
                           for extension in extensions},
        output_format="html",
    )
    md.allow = allow_list(extensions)  # type: ignore[attr-defined]
    return md


def _raw_ids(tags: list[RawTag], taken: set[str], shown: str) -> list[ContentError]:
    """Raw tags' ids that the page or an earlier tag uses; the others are taken (headings avoid them)."""
    errors = []
    for tag in tags:
        if tag.id is None:
            continue
        if page_id(tag.id) or tag.id in taken:
            errors.append(ContentError(shown, tag.line, "body", tr("the id `{id}` of `<{name}>` is already used on "
                                                                   "the page",
                                                                   id=tag.id, name=tag.name), tr("choose another id "
                                                                                                 "(ids on a page "
                                                                                                 "must be unique)")))
        taken.add(tag.id)
    return errors


def sanitise(html: str, trusted: bool, allow: AllowList = AllowList()) -> str:
    """Drop scripts, event handlers and javascript: URLs unless the site trusts raw HTML."""
    if trusted:
        return html
    return nh3.clean(html, tags=set(allow.tags), attributes=allow.attributes,
                     url_schemes={"http", "https", "mailto", "tel"},
                     filter_style_properties={"text-align"}, link_rel=None, strip_comments=True)


@dataclass
class RenderedBody:
    parts: list[BodyPart]
    toc: list[Heading]
    ids: set[str]  # every id the body's HTML holds: the notice's text annexes must not take one


def _flatten(tokens: list[dict]) -> list[Heading]:
    headings: list[Heading] = []
    for token in tokens:
        headings.append(Heading(token["level"], token["name"], token["id"]))
        headings.extend(_flatten(token["children"]))
    return headings


def body_problems(lines: list[str], shown: str, first_line: int) -> list[ContentError]:
    """What must not be published in a body: marks of unfinished work and placeholders that are not one."""
    errors: list[ContentError] = []
    whole = "\n".join(lines)
    # What a line holds the whole text holds: most bodies need no look line by line but at their placeholders.
    marked = unfinished_mark(whole) is not None
    if not marked and _NEAR_PLACEHOLDER.search(whole) is None:
        return errors
    fences = "```" in whole or "~~~" in whole
    fenced = False
    for index, line in enumerate(lines):
        if fences and line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        bracket = "[" in line or "【" in line or "［" in line  # every placeholder, near or not, has one
        if fenced or not (bracket or marked) or (bracket and PLACEHOLDER.match(line)):
            continue
        number = first_line + index
        for found in _NEAR_PLACEHOLDER.finditer(line) if bracket else ():
            text = found.group()
            if _WHOLE_PLACEHOLDER.match(text):
                errors.append(ContentError(shown, number, "body", tr("`{text}` stands inside a sentence", text=text),
                                           tr("put `{text}` on a line of its own, with an empty line before and "
                                              "after", text=text)))
            elif _FULL_WIDTH_BRACKETS.search(text):
                errors.append(ContentError(shown, number, "body", tr("`{text}` is written with full-width brackets",
                                                                     text=text),
                                           tr("write the placeholder with half-width brackets, `[[actions]]` "
                                              "(switch the input method to English punctuation), on a line of its "
                                              "own")))
            else:
                errors.append(ContentError(shown, number, "body", tr("`{text}` is not the actions placeholder",
                                                                     text=text),
                                           tr("write `[[actions]]` (or `[[actions: 组名]]`) exactly, on a line of its "
                                              "own")))
        mark = unfinished_mark(line) if marked else None
        if mark is not None:
            what = (tr("the importer was not sure of this text") if "待确认" in mark.group()
                    else tr("a placeholder that was never filled in"))
            errors.append(ContentError(shown, number, "body", tr("the body still holds `{group}`: {what}",
                                                                 group=mark.group(), what=what),
                                       tr("compare with the source notice, write the real text and delete the mark")))
    return errors


def _depth(line: str) -> int:
    """How deep a line nests: quotes, list markers and indents before its text, or ``[`` left open in it."""
    if _RULE.match(line):
        return 0
    line = line.expandtabs(4)
    text = line.lstrip(" ")
    depth = (len(line) - len(text)) // 4
    position = 0
    while match := _BLOCK_MARKS.match(text, position):
        if match.end() == position:
            break
        depth, position = depth + 1, match.end()
    brackets = deepest = 0
    if "[" not in text:
        return depth
    for character in text:
        if character in "[]":
            brackets = brackets + 1 if character == "[" else max(brackets - 1, 0)
            deepest = max(deepest, brackets)
    return max(depth, deepest)


def markdown_problems(text: str, shown: str, first_line: int, field: str) -> list[ContentError]:
    """What Markdown cannot take: a text over the size limit, or nesting deeper than a notice needs."""
    if len(text) > MAX_BODY:
        return [ContentError(shown, first_line, field, tr("the text has {text_count:,} characters; the limit is "
                                                          "{max_body:,}",
                                                          text_count=len(text), max_body=MAX_BODY), tr("a notice's "
                                                                                                       "text is far "
                                                                                                       "shorter: "
                                                                                                       "check that "
                                                                                                       "the right "
                                                                                                       "text was "
                                                                                                       "pasted, or "
                                                                                                       "attach a "
                                                                                                       "long "
                                                                                                       "document as "
                                                                                                       "a file annex"))]
    for index, line in enumerate(text.split("\n")):
        if _depth(line) > MAX_NESTING:
            return [ContentError(shown, first_line + index, field, tr("the text nests more than {max_nesting} "
                                                                      "levels deep (lists, quotes, indents or `[` "
                                                                      "brackets)", max_nesting=MAX_NESTING),
                                 tr("a notice needs a few levels (一、（一）1.（1）); flatten the structure"))]
    return []


def _convert(md: markdown.Markdown, text: str, trusted: bool, shown: str, first_line: int,
             field: str, taken: set[str]) -> tuple[str, list[ContentError]]:
    md.reset()
    md.page_ids = taken  # type: ignore[attr-defined]
    try:
        return sanitise(md.convert(text), trusted, md.allow), []  # type: ignore[attr-defined]
    except (RecursionError, _TooDeep):  # nesting of a kind the line check does not measure (`*` × 3,000)
        return "", [ContentError(shown, first_line, field, tr("the text nests too deeply to be rendered"),
                                 tr("look for long runs of `*`, `_`, `[` or `>`: a notice needs a few levels at most"))]


def render_text(md: markdown.Markdown, text: str, trusted: bool, shown: str, first_line: int,
                field: str, taken: set[str]) -> tuple[str, list[ContentError]]:
    """Markdown held in a field (a text annex's body) to safe HTML, or the reasons it cannot be.
    ``taken``: the ids already on the page (``RenderedBody.ids``), which this text adds to."""
    errors = markdown_problems(text, shown, first_line, field)
    tags = raw_tags(text.split("\n"), first_line)
    errors += raw_html_problems(tags, trusted, shown, md.allow.tags) + _raw_ids(tags, taken, shown)  # type: ignore[attr-defined]
    if errors:  # at the field's line: how the text's lines lie in the file depends on how YAML quotes it
        return "", [ContentError(e.file, first_line, field, e.message, e.hint) for e in errors]
    return _convert(md, text, trusted, shown, first_line, field, taken)


def _placeholders(lines: list[str], actions: list[Action], shown: str,
                  first_line: int) -> tuple[list[str], list[int], list[ContentError]]:
    """Put a slot marker where each placeholder stands: the group of each slot, its line, the problems."""
    errors: list[ContentError] = []
    groups: list[str] = []
    slot_lines: list[int] = []
    groups_known = {action.group for action in actions}
    for index, line in enumerate(lines):
        match = PLACEHOLDER.match(line)
        if not match:
            continue
        group = (match.group("group") or "").strip()
        if group and group not in groups_known:
            known = "、".join(sorted(groups_known)) or tr("none: the notice has no actions")
            errors.append(ContentError(shown, first_line + index, "body",
                                       tr("`[[actions: {group}]]` names a group no action has", group=group),
                                       tr("groups used by this notice's actions: {known}", known=known)))
        lines[index] = "\n" + _SLOT.format(len(groups)) + "\n"
        groups.append(group)
        slot_lines.append(first_line + index)
    return groups, slot_lines, errors


def _lost_slots(html: str, groups: list[str], slot_lines: list[int], shown: str) -> list[ContentError]:
    """Placeholders that did not come out as a paragraph of their own: inside raw HTML or a comment, their
    actions would vanish from the page."""
    found = [int(number) for number in _SLOT_HTML.findall(html)]
    return [ContentError(shown, slot_lines[slot], "body",
                         tr("`[[actions{value}]]` stands inside raw HTML or an HTML comment, where its actions "
                            "would not be shown", value=': ' + group if group else ''),
                         tr("close the raw HTML before the placeholder; the placeholder needs a line of its own "
                            "with an empty line before and after"))
            for slot, group in enumerate(groups) if found.count(slot) != 1]


def render_body(md: markdown.Markdown, body: str, actions: list[Action], trusted: bool,
                shown: str, first_line: int, actions_line: int = 0) -> tuple[RenderedBody, list[ContentError]]:
    """Render a notice body, splitting it where the action placeholders stand."""
    too_much = markdown_problems(body, shown, first_line, "body")
    if too_much:
        return RenderedBody([], [], set()), too_much
    lines = body.split("\n")
    errors = body_problems(lines, shown, first_line)
    tags = raw_tags(lines, first_line)
    taken: set[str] = set()
    errors += raw_html_problems(tags, trusted, shown, md.allow.tags) + _raw_ids(tags, taken, shown)  # type: ignore[attr-defined]
    groups, slot_lines, more = _placeholders(lines, actions, shown, first_line)
    errors += more
    placed_groups = {g for g in groups if g}
    everything = "" in groups
    unplaced = [a for a in actions if a.group not in placed_groups]
    if unplaced and not everything:
        errors.append(ContentError(shown, actions_line or first_line, "actions",
                                   tr("{unplaced_count} action(s) are not placed in the body (first: {name})",
                                      unplaced_count=len(unplaced), name=unplaced[0].name),
                                   tr("put a line `[[actions]]` (or `[[actions: 组名]]`) where the list belongs")))
    html, more = _convert(md, "\n".join(lines), trusted, shown, first_line, "body", taken)
    if more:
        return RenderedBody([], [], taken), errors + more
    errors += _lost_slots(html, groups, slot_lines, shown)
    toc = _flatten(getattr(md, "toc_tokens", []))
    parts: list[BodyPart] = []
    position = 0
    for match in _SLOT_HTML.finditer(html):
        if match.start() > position:
            parts.append(BodyPart(html=html[position:match.start()]))
        group = groups[int(match.group(1))]
        chosen = tuple(a for a in actions if (a.group == group if group else a.group not in placed_groups))
        parts.append(BodyPart(actions_group=group, actions=chosen))
        position = match.end()
    if position < len(html):
        parts.append(BodyPart(html=html[position:]))
    return RenderedBody(parts, toc, taken), errors
