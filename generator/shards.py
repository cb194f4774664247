"""A build split by years across machines, and the merge that makes the site from the pieces.

``build --years 2015-2019 --shard-out DIR`` is a build that makes only the files of those years
of notices (:func:`generator.urls.owner_year`: their pages, annexes, forms, JSON, calendars,
feeds, sitemaps, deadline pages and search bundles) into ``DIR/site/``, and describes itself in
``DIR/shard.json`` with the published notices of its years (front matter only) in
``DIR/notices.pickle``. ``build --merge DIR…`` checks that the shards fit together (the same
generator, content, site config, themes and options; every year of the content in exactly one
shard), makes what is made from every year (the home page, the lists, the site's feed, calendar,
JSON index and sitemap index, the static files) from the shards' notices, and publishes the
whole site in one atomic swap, as a build does. The CI system's job matrix runs the shards
(``.github/workflows/build-shards.yml``); nothing here schedules anything.

Each shard reads and checks every notice (a notice page links to notices of other years); the
rendering, forms and search indexing — most of a build — are split.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
import os
import pickle
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from . import cache
from .collect import collect
from .config import Site
from .fingerprints import Fingerprints, code_version, digest
from .notice import Notice
from .options import Options, Result
from .outputs import OUTPUTS, Format, Share, search
from .parse import load_site_for, theme_files
from .plan import plan, unit_year
from .publish import OutputFolder, UnsafeOutput, check_output
from .record import Record
from .render import make_environment
from .urls import sitemap_warning
from .i18n import N_, tr, translated

if TYPE_CHECKING:
    from .incremental import WorkSet
    from .record import Inputs

FORMAT = 1
DESCRIPTION = "shard.json"
NOTICES = "notices.pickle"
SITE = "site"  # the shard's files, as they go into the output
_YEARS = re.compile(r"^(\d{4})(?:-(\d{4}))?\Z")


class ShardError(UnsafeOutput):
    """Shards that cannot be built or merged as asked: exit 2, with what to do."""


def parse_years(text: str) -> frozenset[int]:
    """``2015-2019`` or ``2022`` → the years."""
    match = _YEARS.match(text.strip())
    if not match:
        raise ShardError(tr("--years {text}: write a year (2022) or a range of years (2015-2019)", text=repr(text)))
    first, last = int(match.group(1)), int(match.group(2) or match.group(1))
    if last < first:
        raise ShardError(tr("--years {text}: the range ends before it starts; write {last}-{first}",
                            text=repr(text), last=last, first=first))
    return frozenset(range(first, last + 1))


def _setup(options: Options, site: Site, code: str, themes: tuple) -> dict[str, Any]:
    """What every shard of one site must share with the others and with the merge."""
    return {"code": code, "config": digest(site.config.model_dump_json()), "themes": digest(themes),
            "drafts": options.drafts, "future": options.future, "search": options.search}


def describe(options: Options, site: Site, code: str, now: "Inputs", work: "WorkSet") -> None:
    """After a shard's build: what it holds and what it was made from, beside its files."""
    assert options.years is not None and options.shard_out is not None and options.today is not None
    years = options.years
    notices = []
    for notice in work.collections.notices:
        if notice.year in years:
            if not notice.slim:  # the merge shows front matter only
                notice = copy.copy(notice)
                cache.strip(notice)
            notices.append(notice)
    description = {"format": FORMAT, **_setup(options, site, code, now.themes), "today": options.today.isoformat(),
                   "years": sorted(years), "content": digest(tuple(sorted(now.sources.items()))),
                   "content_years": sorted({int(name.split("/", 1)[0]) for name in now.sources}),
                   "notices": len(notices), "skipped": [entry for entry in work.skipped
                                                        if _year_of_skipped(entry) in years]}
    (options.shard_out / NOTICES).write_bytes(pickle.dumps(notices, protocol=pickle.HIGHEST_PROTOCOL))
    (options.shard_out / DESCRIPTION).write_text(json.dumps(description, indent=2) + "\n", encoding="utf-8")


def _year_of_skipped(entry: str) -> int | None:
    """``content/2022/x.md (draft)`` → 2022."""
    match = re.search(r"(?:^|/)(\d{4})/[^/]+\.md", entry)
    return int(match.group(1)) if match else None


@dataclass
class Shard:
    folder: Path
    description: dict[str, Any]

    @property
    def years(self) -> set[int]:
        return set(self.description["years"])

    def notices(self) -> list[Notice]:
        return pickle.loads((self.folder / NOTICES).read_bytes())


def read_shard(folder: Path) -> Shard:
    path = folder / DESCRIPTION
    try:
        description = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise ShardError(tr("{folder} is not a shard (no readable {description}): build one with `build --years "
                            "FIRST-LAST --shard-out DIR`", folder=folder.as_posix(), description=DESCRIPTION)) from None
    if description.get("format") != FORMAT or not (folder / SITE).is_dir() or not (folder / NOTICES).is_file():
        raise ShardError(tr("{folder} is not a complete shard of this generator's format: build it again",
                            folder=folder.as_posix()))
    return Shard(folder, description)


def check_shards(shards: list[Shard], setup: dict[str, Any], today: str | None) -> str:
    """The shards fit together and with this merge; returns their today. Refusals name the shards."""
    if not shards:
        raise ShardError(tr("--merge needs at least one shard folder"))
    first = shards[0]
    for shard in shards:
        for key, label in (("code", N_("generator version")), ("config", "site.yaml (or --base-url)"),
                           ("themes", "themes"), ("content", "content"), ("today", N_("date (--today)")),
                           ("drafts", "--drafts"), ("future", "--future"), ("search", "--no-search")):
            if shard.description.get(key) != first.description.get(key):
                raise ShardError(tr("the shards {folder} and {folder2} were built with different {label}: build "
                                    "every shard from the same checkout and options",
                                    folder=first.folder.as_posix(), folder2=shard.folder.as_posix(),
                                    label=translated(label)))
    for key, label in (("code", N_("generator version")), ("config", "site.yaml (or --base-url)"), ("themes", "themes"),
                       ("drafts", "--drafts"), ("future", "--future"), ("search", "--no-search")):
        if first.description[key] != setup[key]:
            raise ShardError(tr("the shards were built with another {label} than this merge has: merge from the "
                                "checkout and with the options the shards were built with", label=translated(label)))
    if today is not None and today != first.description["today"]:
        raise ShardError(tr("the shards were built for {description}, not --today {today}",
                            description=first.description['today'], today=today))
    owner: dict[int, Path] = {}
    for shard in shards:
        for year in sorted(shard.years):
            if year in owner:
                raise ShardError(tr("the year {year} is in two shards, {owner} and {folder}: give each year to one "
                                    "shard", year=year, owner=owner[year].as_posix(), folder=shard.folder.as_posix()))
            owner[year] = shard.folder
    missing = sorted(set(first.description["content_years"]) - set(owner))
    if missing:
        raise ShardError(tr("no shard holds the notices of {list}: build a shard for {value} and merge it too",
                            list=', '.join(map(str, missing)),
                            value='that year' if len(missing) == 1 else 'those years'))
    return first.description["today"]


class _Parts(dict):
    """Each notice's part of one output, worked out when a site-wide file first asks for it."""

    def __init__(self, output: Format, site: Site, collections):
        super().__init__()
        self.output, self.site, self.collections = output, site, collections

    def __missing__(self, key: str) -> Any:
        part = self.output.notice_files(self.site, self.collections, self.collections.by_key[key]).part
        self[key] = part
        return part


def merge(options: Options, folders: list[Path], waiting: Callable[[str], None] | None = None) -> Result:
    """Make the site-wide files from the shards and publish the whole site atomically."""
    shards = [read_shard(folder) for folder in folders]
    site = load_site_for(options)
    setup = _setup(options, site, code_version(), theme_files(options, site))
    today = check_shards(shards, setup, options.today.isoformat() if options.today else None)
    options = dataclasses.replace(options, today=dt.date.fromisoformat(today))
    check_output(options.output, [options.content, options.themes, Path.cwd()])
    notices = [notice for shard in shards for notice in shard.notices()]
    collections = collect(site, notices, options.today)
    env = make_environment(site, options.themes, options.editor_notes, options.search)
    units = [unit for unit in plan(site, collections, env, options, Fingerprints(setup["code"], site, collections, env))
             if not unit.notice and unit_year(unit) is None]
    folder = OutputFolder(options.output, None, waiting=waiting).open(trust_records=False)
    try:
        tree = folder.stage()
        try:
            made: set[str] = set()
            for unit in units:
                for path, data in unit.make(None):
                    tree.write(path, data)
                    made.add(path)
            everywhere = Share(common=True, years=frozenset())
            for output in OUTPUTS:
                if output.site_files is not None:
                    for path, data in output.site_files(site, collections, _Parts(output, site, collections),
                                                        everywhere):
                        tree.write(path, data)
                        made.add(path)
            for shard in shards:
                _take(tree.root, shard.folder / SITE, made)
            if options.search:
                tree.write(search.DELTA_FILE, _merged_delta(shards, made))
                made.add(search.DELTA_FILE)
            files = len(made)
            folder.commit(tree, Record())
        except BaseException:
            folder.abandon(tree)
            raise
    finally:
        folder.close()
    skipped = [entry for shard in shards for entry in shard.description["skipped"]]
    pages = sum(1 for unit in units if unit.page is not None)
    warnings = [warning for warning in [sitemap_warning(site)] if warning]
    return Result(len(notices), pages, files, skipped, written=files, made=len(units), warnings=warnings)


def _merged_delta(shards: list, made: set[str]) -> bytes:
    """The merged site's ``pagefind/delta.json``: no delta, as in a build from nothing, and the further
    parts of the years the shards indexed (``made`` names every file the tree has)."""
    if search.DELTA_FILE in made:
        holder = next(shard.folder for shard in shards if (shard.folder / SITE / search.DELTA_FILE).exists())
        raise ShardError(tr("{shard} holds {relative}, which the merge makes: the shard was not built by "
                            "this generator's --shard-out", shard=holder.as_posix(), relative=search.DELTA_FILE))
    bundles = {path.split("/")[1] for path in made if path.startswith("pagefind/") and path.count("/") >= 2}
    return search.delta_file(None, bundles)


def _take(root: Path, shard: Path, made: set[str]) -> None:
    """Link (or copy) a shard's files into the tree (``made`` names every file the tree has)."""
    for directory, folders, files in os.walk(shard):
        folders.sort()
        for name in sorted(files):
            source = Path(directory) / name
            relative = source.relative_to(shard).as_posix()
            if relative.startswith("."):
                continue  # the shard tree's own marker
            if relative in made:
                raise ShardError(tr("{shard} holds {relative}, which the merge makes: the shard was not built by "
                                    "this generator's --shard-out", shard=shard.as_posix(), relative=relative))
            target = root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(source, target)
            except OSError:
                shutil.copyfile(source, target)
            made.add(relative)
