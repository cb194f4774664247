"""Every fingerprint of a build, worked out in one place.

Every piece of work is named by a *fingerprint*: a digest of everything that
can change its result. When the fingerprint is the one recorded last time, the
recorded result is still right; when anything it depends on changed, the
fingerprint changes and the work is redone. There is no other invalidation.

What goes into the fingerprints:

- the generator's own code and the versions of the libraries that shape the
  output (:func:`code_version`): a new generator or Markdown version redoes
  everything;
- the site config, in two parts: what validation and Markdown read (regions,
  campaigns, the action vocabulary, ``trust_raw_html``, the Markdown extensions; :func:`parse_version`),
  which every parsed notice depends on, and the whole config, which every output
  file depends on (``base.html`` prints the site title on every page);
- each template together with every template it extends, includes or imports
  (:func:`template_versions`): editing ``notice.html`` re-renders notice pages
  only, editing ``base.html`` every page;
- each notice twice over: ``digest`` (the whole file) and ``front_digest``
  (its front matter). A page depends on the whole of *its own* notice and on
  the front matter of every other notice it shows (:meth:`Fingerprints.page`),
  so fixing a typo in a body re-renders that notice's page and nothing else,
  while changing a title re-renders every list that shows it.

:class:`Fingerprints` holds the recipe of each kind of unit (a page, a notice's
files of one output format, a site-wide file, a year's search index, a static
file); nothing else in the generator digests what a unit depends on.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import importlib.metadata
import importlib.util
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import jinja2.meta
from pydantic import BaseModel

from . import vocabulary
from .collect import ActionEntry, Collections, DeadlineEntry, Link
from .config import Site
from .notice import Notice
from .outputs import attachments
from .render import TemplateCache

if TYPE_CHECKING:
    from .render import Page

FORMAT = 1  # bump when the shape of a cached value changes

# Libraries whose version can change what a build writes.
LIBRARIES = ("jinja2", "markdown", "pyyaml", "pydantic", "pydantic-core", "nh3", "openpyxl", "python-docx",
             "pagefind", "cbor2", "orjson")
# Modules that never change what a build writes (the command line, the dev server, benchmarks).
NOT_OUTPUT_CODE = {"__main__.py", "serve.py", "bench.py", "corpus.py", "scaffold.py", "scale.py"}


def digest(*parts: Any) -> str:
    """A stable digest of strings, numbers, dates and tuples of them (``repr`` is stable for these)."""
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:32]


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


def extension_versions(site: Site) -> tuple[tuple[str, str, str], ...]:
    """Each Markdown extension the site adds: its module's source and its distribution's version, so that
    an extension installed outside the project, edited or upgraded, makes the notices again."""
    import markdown.util
    points = {entry.name: entry.value for entry in markdown.util.get_installed_extensions()}
    distributions = importlib.metadata.packages_distributions()
    found = []
    for extension in site.config.markdown.extensions:
        module = points.get(extension.name, extension.name).split(":")[0].strip()
        try:
            spec = importlib.util.find_spec(module)
            source = file_digest(Path(spec.origin).read_bytes()) if spec and spec.origin else ""
        except (ImportError, ValueError, OSError):
            source = ""
        versions = []
        for name in distributions.get(module.split(".")[0], []):
            try:
                versions.append(f"{name} {importlib.metadata.version(name)}")
            except importlib.metadata.PackageNotFoundError:
                pass
        found.append((extension.name, source, ", ".join(sorted(versions))))
    return tuple(found)


def code_version() -> str:
    """The generator's source and the versions of the libraries that shape its output."""
    package = Path(__file__).resolve().parent
    sources = sorted(p for p in package.rglob("*.py")
                     if p.name not in NOT_OUTPUT_CODE and "importer" not in p.relative_to(package).parts)
    sources += [package / "vocabulary" / name for name in vocabulary.FILES]  # the built-in vocabularies are data
    hashed = [(p.relative_to(package).as_posix(), file_digest(p.read_bytes())) for p in sources]
    installed = _installed_versions()
    versions = []
    for name in LIBRARIES:
        version = installed.get(_normalised(name))
        if version is None:  # not installed as a wheel's .dist-info folder: ask the slow way
            try:
                version = importlib.metadata.version(name)
            except importlib.metadata.PackageNotFoundError:
                version = ""
        versions.append((name, version))
    return digest(FORMAT, tuple(hashed), tuple(versions))


def _normalised(name: str) -> str:
    return name.lower().replace("-", "_").replace(".", "_")


def _installed_versions() -> dict[str, str]:
    """Each distribution's version as its ``<name>-<version>.dist-info`` folder on ``sys.path`` names it
    (the first one found wins, as :mod:`importlib.metadata` takes it): one listing a folder, where asking
    :func:`importlib.metadata.version` for eleven libraries searched every folder eleven times."""
    found: dict[str, str] = {}
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for entry in names:
            if entry.endswith(".dist-info"):
                name, _, version = entry[:-len(".dist-info")].rpartition("-")
                if name and version:
                    found.setdefault(_normalised(name), version)
    return found


def build_version(site: Site) -> str:
    """What a build's code is: the generator's (:func:`code_version`) and the Markdown extensions the site adds."""
    code = code_version()
    return digest(code, extension_versions(site)) if site.config.markdown.extensions else code


def parse_version(site: Site, code: str) -> str:
    """What parsing a notice depends on besides its own bytes: code, vocabularies, raw-HTML trust, the
    Markdown extensions with their options and allow-lists."""
    config = site.config
    return digest(code, config.model_dump_json(include={"campaigns", "regions", "actions", "builtin",
                                                        "trust_raw_html", "markdown"}))


def notice_key(parse: str, content: str, shown: str, slug: str, year: int) -> str:
    """The cache key of one parsed notice: its content hash and where it is (messages name ``shown``)."""
    return digest(parse, content, shown, slug, year)


def template_versions(env: jinja2.Environment) -> dict[str, str]:
    """Each template's digest over its own source and every template it reaches.

    A template that names another through a variable (``{% include name %}``) could reach any
    of them, so it depends on all of them.
    """
    names = sorted(set(env.list_templates()))
    sources: dict[str, str] = {}
    edges: dict[str, set[str] | None] = {}
    kept = env.bytecode_cache if isinstance(env.bytecode_cache, TemplateCache) else None
    for name in names:
        source, _, _ = env.loader.get_source(env, name)
        sources[name] = file_digest(source.encode("utf-8"))

        def referenced(source: str = source) -> list[str] | None:
            try:
                found = set(jinja2.meta.find_referenced_templates(env.parse(source)))
            except jinja2.TemplateSyntaxError:
                found = set()  # rendering will report it
            return None if None in found else sorted(found)  # None: names a template through a variable

        named = kept.named(sources[name], referenced) if kept is not None else referenced()
        edges[name] = None if named is None else set(named)
    if kept is not None:
        kept.keep()
    everything = digest(tuple(sorted(sources.items())))
    versions: dict[str, str] = {}
    for name in names:
        seen: set[str] = set()
        stack = [name]
        dynamic = False
        while stack:
            current = stack.pop()
            if current in seen or current not in edges:
                continue
            seen.add(current)
            if edges[current] is None:
                dynamic = True
                break
            stack.extend(edges[current])
        versions[name] = everything if dynamic else digest(tuple(sorted((n, sources[n]) for n in seen)))
    return versions


class Fingerprints:
    """The fingerprint recipes of one build (of its code, site config, templates and collections).

    A page's fingerprint walks its context: a notice contributes its key and ``front_digest``
    (what lists and neighbouring pages show of it); the page's own ``notice`` its whole-file
    ``digest``; the collections their own fingerprint (every notice's front matter and today);
    pydantic models nothing, because a model in a page is always part of a notice or of the
    site config, which are counted already. Unknown types are a bug in this walker and raise,
    rather than risk a page that is never re-rendered. Long lists shared by many pages (the
    action index, deadlines) are digested once.
    """

    def __init__(self, code: str, site: Site, collections: Collections, env: jinja2.Environment,
                 templates: dict[str, str] | None = None):
        self.code = code
        # every output file depends on these (editors' notes show in --drafts builds and the dev server only)
        self.everything = digest(code, site.config.model_dump_json(), env.globals["editor_notes"],
                                 env.globals["search"])
        self.templates = templates if templates is not None else template_versions(env)
        self.collections = digest(collections.today.isoformat(),
                                  tuple((n.key, n.front_digest) for n in collections.notices))
        self._lists: dict[int, tuple[list, str]] = {}

    def page(self, page: "Page") -> str:
        context = page.context
        own = context.get("notice")
        parts = [self._walk(value) for key, value in sorted(context.items())]
        fixed = (self.everything, self.templates.get(page.template, ""), page.path, page.template)
        return digest(fixed, own.digest if isinstance(own, Notice) else "", tuple(parts))

    def notice_output(self, output: str, notice: Notice, collections: Collections) -> str:
        """A notice's files of one output format: its front matter and the notices it links to."""
        links = (tuple(link.notice.key for link in collections.upstream[notice.key] if link.notice),
                 tuple(other.key for other in collections.downstream[notice.key]))
        return digest(self.everything, output, notice.key, notice.front_digest, links)

    def site_output(self, output: str) -> str:
        """A site-wide file (``feed.xml`` …): every notice's front matter."""
        return digest(self.everything, "site", output, self.collections)

    def search_year(self, year: int, pages: dict[str, dict[str, str]]) -> str:
        """A year's search index: the content of its notice pages (URL → files)."""
        return digest(self.code, year, tuple(sorted((url, tuple(files.values())) for url, files in pages.items())))

    @staticmethod
    def static(data: bytes) -> str:
        return file_digest(data)

    def _walk(self, value: Any) -> Any:
        kind = type(value)
        if value is None or kind is str or kind is int or kind is bool or kind is float:
            return value
        if kind is Notice:
            return value.key, value.front_digest
        if kind is list or kind is tuple:
            if len(value) > 16:  # long lists are shared between pages (the action index, deadlines)
                known = self._lists.get(id(value))
                if known is not None and known[0] is value:
                    return known[1]
                result = digest(tuple(self._walk(item) for item in value))
                self._lists[id(value)] = (value, result)
                return result
            return tuple(self._walk(item) for item in value)
        if kind is dict:
            return tuple((self._walk(key), self._walk(item)) for key, item in value.items())
        if kind is ActionEntry:
            return "A", value.notice.key, value.notice.front_digest, value.anchor
        if kind is DeadlineEntry:
            return "D", value.notice.key, value.notice.front_digest, value.index
        if kind is Link:
            return ("L",) + ((value.notice.key, value.notice.front_digest) if value.notice else ())
        if kind is Collections:
            return "C", self.collections
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()
        if isinstance(value, (BaseModel, Site)):
            return type(value).__name__
        if dataclasses.is_dataclass(value):
            return tuple(self._walk(getattr(value, f.name)) for f in dataclasses.fields(value))
        raise TypeError(f"no fingerprint for a {kind.__name__} in a page context; teach fingerprints.Fingerprints")


# ---------------------------------------------------------------- a notice's attached files


def attached_signature(source_path: Path, slug: str) -> str:
    """The names, sizes and modification times of the files in a notice's folder ("" when it has none):
    a replaced PDF changes what the notice shows (:mod:`generator.outputs.attachments`)."""
    root = attachments.folder(source_path, slug)
    if not root.is_dir():
        return ""
    found = []
    for directory, names, files in os.walk(root):
        names.sort()
        for name in sorted(files):
            path = Path(directory) / name
            try:
                status = path.stat()
            except OSError:
                continue
            found.append((path.relative_to(root).as_posix(), status.st_size, status.st_mtime_ns))
    return digest(tuple(found)) if found else ""


def source_digest(source_path: Path, slug: str, raw: bytes) -> str:
    """What a notice's parse is cached by: its file, and its attached files when it has any."""
    attached = attached_signature(source_path, slug)
    return file_digest(raw) if not attached else digest(file_digest(raw), attached)
