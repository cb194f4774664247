"""The record of a published tree: what each unit of work wrote, and what the build was made from.

A build reads the record of the live site to decide what it may keep (:mod:`generator.incremental`)
and writes the new site's record when it publishes (:mod:`generator.publish`). Records are written
on every build and hold every unit of the site (86,000 at 10,000 notices), so they are stored with
:mod:`marshal` (four times faster to write than pickle) and each unit stays a plain tuple inside:
:meth:`Record.unit` hands it out as a :class:`UnitRecord` with named fields.
"""

from __future__ import annotations

import marshal
import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Iterable, NamedTuple


class UnitRecord(NamedTuple):
    """What one unit of work made: its fingerprint then, and its files (path → content hash)."""

    fingerprint: str
    files: dict[str, str]


@dataclass
class Summary:
    """What the command line prints about the site, kept for a build that finds nothing to do."""

    notices: int
    pages: int
    files: int
    skipped: list[str]


@dataclass
class Inputs:
    """What the live site was made from: enough to tell that nothing changed, or that only bodies did.

    ``code`` … ``options`` are the setup (generator, site config, themes, build options);
    ``sources`` each notice file's content hash and ``stats`` its size and modification time
    (trusted as unchanged when they are older than ``snapshot_ns``, as git's index does).
    ``fronts`` (each notice's front-matter digest) and ``links`` (which notices show which)
    let a later build recognise an edit below the front matter; ``search_pages`` lists each
    year's notice pages and their units, for the search index.
    """

    code: str
    site: str  # the digest of site.yaml as written (a comment counts)
    config: str  # the validated config, as JSON
    themes: tuple[tuple[str, str], ...]
    options: tuple
    sources: dict[str, str]
    stats: dict[str, tuple] = field(default_factory=dict)
    snapshot_ns: int = 0
    summary: Summary | None = None
    fronts: dict[str, str] = field(default_factory=dict)
    links: dict[str, tuple[tuple, tuple]] = field(default_factory=dict)
    search_pages: dict[int, dict[str, str]] | None = None

    def same_setup(self, other: "Inputs") -> bool:
        """The same generator, site config, themes and options (sources aside)."""
        return (self.code, self.site, self.config, self.themes, self.options) == (
            other.code, other.site, other.config, other.themes, other.options)

    def to_plain(self) -> dict[str, Any]:
        plain = {f.name: getattr(self, f.name) for f in fields(self)}
        if self.summary is not None:
            plain["summary"] = {f.name: getattr(self.summary, f.name) for f in fields(self.summary)}
        return plain

    @classmethod
    def from_plain(cls, plain: dict[str, Any]) -> "Inputs":
        summary = plain.get("summary")
        return cls(**{**plain, "summary": Summary(**summary) if summary is not None else None})


class Record:
    """What a published tree holds and what it was built from.

    Each unit (a page, a notice's calendar, the search index of a year …) maps to its
    fingerprint and the files it wrote, with their content hashes; ``inputs`` is the build's
    own note of its sources, for the no-change check; ``identity`` names the tree's marker
    file (see :mod:`generator.publish`).
    """

    def __init__(self, units: dict[str, tuple[str, dict[str, str]]] | None = None, inputs: Inputs | None = None,
                 identity: tuple[int, int, int] | None = None, stats: dict[str, tuple[int, int, int]] | None = None):
        self._units = units if units is not None else {}
        self.inputs = inputs
        self.identity = identity
        self.stats = stats if stats is not None else {}  # each published file's size, time and inode
        self._files: tuple[int, dict[str, str]] | None = None

    def without_files(self, paths: set[str]) -> "Record":
        """A copy without the units that wrote any of these files (so that they are made again)."""
        units = {unit_id: unit for unit_id, unit in self._units.items() if paths.isdisjoint(unit[1])}
        kept = {path for _, produced in units.values() for path in produced}
        return Record(units, self.inputs, self.identity, {p: s for p, s in self.stats.items() if p in kept})

    def unit(self, unit_id: str) -> UnitRecord | None:
        found = self._units.get(unit_id)
        return UnitRecord._make(found) if found is not None else None

    def fingerprint(self, unit_id: str) -> str:
        """The unit's fingerprint, or "" for a unit this record does not have."""
        found = self._units.get(unit_id)
        return found[0] if found is not None else ""

    def put(self, unit_id: str, made: UnitRecord) -> None:
        self._units[unit_id] = (made.fingerprint, made.files)
        self._files = None

    def take(self, unit_ids: Iterable[str], other: "Record") -> None:
        """The units of ``other`` (as they are there) for these ids."""
        for unit_id in unit_ids:
            self._units[unit_id] = other._units[unit_id]
        self._files = None

    def take_all(self, other: "Record") -> None:
        self._units.update(other._units)
        self._files = None

    def same_unit(self, unit_id: str, other: "Record") -> bool:
        """Whether both records hold the very same entry for the unit (kept, not made again)."""
        return self._units.get(unit_id) is other._units.get(unit_id)

    def ids(self) -> list[str]:
        return list(self._units)

    def prime(self, files: dict[str, str]) -> None:
        """Tell the record its files, worked out by who made it."""
        self._files = (len(self._units), files)

    def files(self) -> dict[str, str]:
        """Every file and its content hash (worked out once: a record is not changed once published)."""
        if self._files is None or self._files[0] != len(self._units):
            self._files = (len(self._units), {path: content for _, produced in self._units.values()
                                              for path, content in produced.items()})
        return self._files[1]


def load(path: Path) -> Record | None:
    """A record file; a missing, unreadable or foreign one is no record."""
    try:
        units, inputs, identity, stats = marshal.loads(path.read_bytes())
        return Record(units, Inputs.from_plain(inputs) if inputs is not None else None,
                      tuple(identity) if identity is not None else None, stats)
    except Exception:  # noqa: BLE001
        return None


def save(path: Path, record: Record) -> None:
    temporary = path.with_name(path.name + ".tmp")
    inputs = record.inputs.to_plain() if record.inputs is not None else None
    temporary.write_bytes(marshal.dumps((record._units, inputs, record.identity, record.stats)))
    os.replace(temporary, path)
