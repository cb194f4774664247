"""From files to validated notices: the site config, the notice files and their hashes, parsing
with the cache (and a session's memory) in front of it.

Parsing a notice (YAML, validation, Markdown) is cached by its content, so a build after an edit
parses one file; the files themselves are hashed only when their size or modification time
changed since the last build.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from pydantic import ValidationError

from . import cache, fingerprints, workers
from .checks import area_code_warnings, front_errors, link_errors, repeated_lines
from .config import Site, SiteConfig, load_site
from .discover import Scan, Source, scan
from .errors import ContentError, ContentErrors, SetupErrors, display_path
from .fingerprints import digest, file_digest, notice_key, parse_version
from .load import load_document, read_file
from .markdown import make_markdown, render_body, render_text
from .notice import Front, Notice, TextAnnex, notice_context
from .outputs import attachments
from .options import Options, Progress
from .record import Inputs
from .render import check_theme, theme_dirs
from .schema import validate
from .timing import Clock
from .i18n import strerror, tr

Parsed = tuple[Notice | None, list[ContentError]]  # a notice, or the reasons it is not one


@dataclass
class ParseMemory:
    """What a long-running process (the dev server) keeps of parsing between builds."""

    parsed: dict[str, Parsed] = field(default_factory=dict)  # by cache key
    site: tuple[tuple, Site] | None = None  # the site config, by what it was read from
    discovered: tuple | None = None  # the notice files, while the folders stay the same


# ---------------------------------------------------------------- the site config


def load_site_for(options: Options) -> Site:
    if not (options.content / "site.yaml").exists():
        raise SetupErrors([ContentError(display_path(options.content / "site.yaml"), 0, "",
                                        tr("no site config here: this is not a site's folder"),
                                        tr("run the command in the folder that holds content/ (or give --content), "
                                           "or start a site with `notices init FOLDER`"))])
    site, errors = load_site(options.content)
    if site is None:
        raise ContentErrors(errors)
    if options.base_url:
        try:
            # what site.yaml set, not the defaults: a default need not pass the check its field makes
            written = site.config.model_dump(exclude_unset=True)
            config = SiteConfig.model_validate({**written, "base_url": options.base_url})
        except ValidationError as exc:
            raise ContentErrors([ContentError("--base-url", 0, "base_url", exc.errors()[0]["msg"].removeprefix(
                "Value error, "), tr("e.g. --base-url /notices/ or --base-url https://kx.example.cn/notices/"))])
        site = Site(config, site.root)
    errors = check_theme(site, options.themes)
    if errors:  # a theme folder that is not there is a set-up problem; a bad file in one, the theme's
        missing = any(not (d / "templates").is_dir() for d in theme_dirs(options.themes, site.config.theme))
        raise (SetupErrors if missing else ContentErrors)(errors)
    return site


def site_for(options: Options, memory: ParseMemory | None) -> Site:
    """The validated site config; a session keeps it while ``site.yaml`` and the options stay the same."""
    if memory is None:
        return load_site_for(options)
    try:
        key = (file_digest(read_file(options.content / "site.yaml")), options.base_url, str(options.themes))
    except OSError:
        return load_site_for(options)
    if memory.site is None or memory.site[0] != key or check_theme(memory.site[1], options.themes):
        memory.site = (key, load_site_for(options))
    return memory.site[1]


def theme_files(options: Options, site: Site) -> tuple[tuple[str, str], ...]:
    """Every file of the theme and the default below it, by content: a theme installed as a package,
    outside the project, counts as much as one under themes/."""
    found = []
    chain = theme_dirs(options.themes, site.config.theme)
    for label, directory in zip((site.config.theme, "default"), chain):
        for path in sorted(directory.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                found.append((f"{label}/{path.relative_to(directory).as_posix()}", file_digest(path.read_bytes())))
    return tuple(found)


# ---------------------------------------------------------------- one notice


def load_notice(site: Site, source: Source, md, raw: bytes | None = None, clock: Clock | None = None) -> Parsed:
    """One file to one validated, rendered notice (or the reasons it is not one)."""
    clock = clock or Clock()
    with clock.timed("load"):
        if raw is None:
            try:
                raw = read_file(source.path)
            except OSError as exc:
                return None, [ContentError(source.shown, 0, "", tr("cannot read the file: {strerror}",
                                                                   strerror=strerror(exc)), "")]
    with clock.timed("yaml"):
        document, errors = load_document(source.path, source.shown, raw)
    if document is None:
        return None, errors
    with clock.timed("model"):
        front, more = validate(Front, document, context=notice_context(site, document.data, source.year, source.slug))
    errors += more
    if front is None:
        return None, errors
    errors += front_errors(source.shown, source.year, front, document.line_of)
    errors += repeated_lines(source.shown, front, document.body, document.body_line)
    trusted = site.config.trust_raw_html
    with clock.timed("markdown"):
        body, more = render_body(md, document.body, list(front.actions), trusted, source.shown, document.body_line,
                                 document.line_of(("actions",)))
    errors += more
    annex_html: dict[int, str] = {}
    for number, annex in enumerate(front.annexes, start=1):
        if isinstance(annex, TextAnnex):
            with clock.timed("markdown"):
                annex_html[number], more = render_text(md, annex.body, trusted, source.shown,
                                                       document.line_of(("annexes", number - 1, "body")),
                                                       f"annexes[{number}].body", body.ids)
            errors += more
    files, more = attachments.find(site.root, source.year, front, source.shown, document.line_of)
    errors += more
    # Only the lines of links to other notices are needed after this file (see checks.link_errors).
    lines = {loc: line for loc, line in document.lines.items() if loc[:1] == ("based_on",) or loc[-1:] == ("notice",)}
    folder = fingerprints.attached_signature(source.path, source.slug)
    return Notice(front, source.slug, source.year, source.shown, body.parts, body.toc, annex_html, lines,
                  fingerprints.source_digest(source.path, source.slug, raw),
                  digest(source.shown, document.front, *([folder] if folder else [])), files,
                  warnings=area_code_warnings(site, source.shown, front, document.line_of)), errors


# ---------------------------------------------------------------- the notice files


@dataclass
class Sources:
    """The notice files of this build and the content hash of each (keyed by path under content/)."""

    files: list[Source]
    errors: list[ContentError]
    hashes: dict[str, str]
    stats: dict[str, tuple]

    @staticmethod
    def name(source: Source) -> str:
        return f"{source.year}/{source.path.name}"

    def key(self, parse: str, source: Source) -> str:
        """The cache key of the file as it is now."""
        return notice_key(parse, self.hashes.get(self.name(source), ""), source.shown, source.slug, source.year)


def _discover(content: Path, memory: ParseMemory | None) -> Scan:
    """``scan``, or in a session its last answer while no folder under ``content`` changed
    (a folder's modification time changes when a file in it is added, removed or renamed)."""
    if memory is None:
        return scan(content)
    folders = []
    for folder, names, _ in os.walk(content):
        names.sort()
        folders.append((folder, os.stat(folder).st_mtime_ns))
    if memory.discovered is not None and memory.discovered[0] == folders:
        sources, errors = memory.discovered[1]
        return Scan(sources, errors)  # the files' status is looked at again
    found = scan(content)
    memory.discovered = (folders, (found.sources, found.errors))
    return Scan(found.sources, found.errors)


def look_at_sources(options: Options, previous: Inputs | None, memory: ParseMemory | None = None,
                    hash_files: bool = True) -> Sources:
    """Discover the notice files and hash them, trusting an unchanged size and time from the last build.

    Like git's index: a file whose size and modification time are those recorded, and which was
    not modified in the last seconds before that record was made, still has the recorded hash.
    The walk that finds the files gives their status (one ``stat`` a notice file).
    ``hash_files`` off (a build with no record and an empty cache: every file is parsed, and parsing
    hashes it, in the workers): a file with no recorded hash is left without one.
    """
    found = _discover(options.content, memory)
    old_hashes = previous.sources if previous is not None else {}
    old_stats = previous.stats if previous is not None else {}
    settled = (previous.snapshot_ns if previous is not None else 0) - 2_000_000_000
    hashes: dict[str, str] = {}
    stats: dict[str, tuple] = {}
    known, folders = found.stats, found.folders
    for source in found.sources:
        name = f"{source.year}/{source.path.name}"  # Sources.name
        status = known.get(name)
        if status is None:
            try:
                status = os.stat(source.path)
            except OSError:
                continue  # reported when it is read
            folder = fingerprints.attached_signature(source.path, source.slug)
        else:  # a folder of attached files is rare: look into it only when the walk saw one
            folder = fingerprints.attached_signature(source.path, source.slug) \
                if f"{source.year}/{source.slug}" in folders else ""
        stat = (status.st_size, status.st_mtime_ns, folder) if folder else (status.st_size, status.st_mtime_ns)
        stats[name] = stat
        if old_stats.get(name) == stat and stat[1] < settled and name in old_hashes:
            hashes[name] = old_hashes[name]
        elif hash_files:
            try:
                hashes[name] = fingerprints.source_digest(source.path, source.slug, read_file(source.path))
            except OSError:
                continue
    return Sources(found.sources, found.errors, hashes, stats)


# ---------------------------------------------------------------- every notice


@dataclass
class Loaded:
    """Every notice of the archive that has no errors, and what loading them found."""

    notices: list[Notice]
    errors: list[ContentError]
    hashes: dict[str, str]  # each file's content hash as parsed
    blobs: dict[str, str]  # a slim notice's key → the cache key of its whole copy
    parsed: int  # files parsed (not taken from the cache or the session)


def load_notices(site: Site, sources: Sources, options: Options, code: str, store: cache.Store,
                 memory: ParseMemory | None, clock: Clock, progress: Progress | None, jobs: int,
                 keep_bodies: bool = True, alongside: Callable[[], bool] | None = None) -> Loaded:
    """Every notice validated and rendered to HTML fragments, from the cache where its bytes are known.

    ``alongside``: work of this process to do while workers parse (see :func:`generator.workers.run`).

    Notices are kept *slim* (:func:`cache.strip`) when ``keep_bodies`` is off and the cache on
    disk has their whole copy: lists never show a body.
    """
    parse = parse_version(site, code)
    slim = not keep_bodies and store.db is not None
    shared: dict = {}
    blobs: dict[str, str] = {}

    def kept(key: str, value: Parsed | None) -> Parsed | None:
        if value is None or value[0] is None:
            return value
        notice = value[0]
        if slim:
            cache.strip(notice)
            blobs[notice.key] = key
        cache.compact(notice.front, shared)
        return value

    keys = {sources.name(s): sources.key(parse, s) for s in sources.files}
    entries: dict[str, Parsed] = {}
    if not options.full:
        if memory is not None:
            entries.update((key, memory.parsed[key]) for key in keys.values() if key in memory.parsed)
        with clock.timed("cache"):
            for key, blob in store.get("notices", [k for k in keys.values() if k not in entries]).items():
                value = kept(key, cache.loads(blob))
                if value is not None:
                    entries[key] = value
    hashes = dict(sources.hashes)
    missing = [s for s in sources.files if keys[sources.name(s)] not in entries]
    md = make_markdown(site.config.markdown.extensions)  # one per process: the workers inherit it
    fresh: dict[str, bytes] = {}
    done = len(sources.files) - len(missing)
    here, made_here = os.getpid(), {}  # parsed in this process: kept as made, not read back from the bytes

    def parse_one(source: Source) -> tuple[str, bytes, dict[str, float]]:
        local = Clock()
        try:
            with local.timed("load"):
                raw = read_file(source.path)
        except OSError as exc:
            value = (None, [ContentError(source.shown, 0, "", tr("cannot read the file: {strerror}",
                                                                 strerror=strerror(exc)), "")])
            return "", cache.dumps(value), local.spent
        value = load_notice(site, source, md, raw, local)
        blob = cache.dumps(value)
        if os.getpid() == here:
            made_here[source.path] = value
        content = value[0].digest if value[0] is not None else fingerprints.source_digest(source.path, source.slug, raw)
        return content, blob, local.spent

    def parsed(source: Source, result: tuple[str, bytes, dict[str, float]]) -> None:
        nonlocal done
        content, blob, spent = result
        clock.merge(spent)
        name = sources.name(source)
        key = notice_key(parse, content, source.shown, source.slug, source.year)
        keys[name] = key
        if content:
            hashes[name] = content
            fresh[key] = blob
            if len(fresh) >= 256:  # into the cache as they come, not held until the end
                store.put("notices", fresh)
                fresh.clear()
        value = made_here.pop(source.path, None)
        entries[key] = kept(key, value if value is not None else cache.loads(blob))
        done += 1
        if progress:
            progress("load", done, len(sources.files))

    with clock.timed("load (wall)"):
        workers.each(parse_one, missing, jobs, parsed, alongside=alongside)
    store.put("notices", fresh)
    if memory is not None:
        memory.parsed = {key: entries[key] for key in keys.values() if key in entries}
    errors = list(sources.errors)
    loaded: list[Notice] = []
    for source in sources.files:
        notice, more = entries.get(keys[sources.name(source)], (None, []))
        errors += more
        if notice is not None and not more:
            loaded.append(notice)
    errors += link_errors(loaded)
    if slim:
        for notice in loaded:
            notice.lines = {}  # only link_errors needed them
    store.prune("notices", set(keys.values()))
    return Loaded(loaded, errors, hashes, blobs, len(missing))


def notice_warnings(notices: list[Notice]) -> list[str]:
    """What the notices of a run were warned about (printed, not stopping the build), in file order."""
    return [warning.format() for warning in sorted(w for notice in notices for w in notice.warnings)]


def published(options: Options, loaded: list[Notice]) -> tuple[list[str], list[Notice]]:
    """The notices left out, each as its path and why (for the summary), and the notices published."""
    skipped, kept = [], []
    for notice in loaded:
        if notice.front.draft and not options.drafts:
            skipped.append(tr("{source} (draft: true)", source=notice.source))
        elif notice.front.issued is not None and notice.front.issued > options.today and not options.future:
            skipped.append(tr("{source} (issued {issued}, after today)",
                              source=notice.source, issued=notice.front.issued))
        else:
            kept.append(notice)
    return skipped, kept


def load_all(options: Options, progress: Progress | None = None) -> tuple[Site, list[Notice], list[str]]:
    """Everything validated and rendered to HTML fragments; raises ContentErrors with every problem.

    Reads the cache but writes nothing (``check`` and the tests use it).
    """
    site = load_site_for(options)
    options = options.dated(site)
    sources = look_at_sources(options, None)
    store = cache.Store(options.cache_dir(), readonly=True)
    try:
        loaded = load_notices(site, sources, options, fingerprints.build_version(site), store, None, Clock(), progress,
                              workers.jobs_for(options.jobs))
    finally:
        store.close()
    if loaded.errors:
        raise ContentErrors(loaded.errors)
    skipped, notices = published(options, loaded.notices)
    return site, notices, skipped
