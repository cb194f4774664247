"""Write the site into a temporary tree and swap it in only when everything succeeded.

The previous ``output/`` stays complete and servable until the new tree is
ready; on Linux the swap is one atomic ``renameat2(RENAME_EXCHANGE)``, elsewhere two renames
that the next build completes if the first was interrupted (:func:`_recover`). Every
write goes through :class:`Tree`, which refuses any path that would land
outside its root.

Incremental builds keep that rule without copying the whole site. After a
swap the tree that was live is not deleted: it becomes the *spare*, kept in the
build's work directory (``.cache/generator/outputs/<key>/spare``, on the same
file system as ``output/``). The next build turns the spare into the new tree
by changing only the files that differ from it: files written by this build
are written fresh, files unchanged since the live build are hard-linked from
``output/``, files that are gone are removed. Then the spare and ``output/``
are exchanged, and the old live tree is the next spare. A one-notice edit
touches a handful of files, whatever the size of the archive.

Three rules keep this safe:

- A file in the tree being built is never written in place: it is removed and
  created anew, because the same inode may be a hard link to a file of the
  live site.
- The :class:`Record` of what each tree holds (path → fingerprint and content
  hash) is believed only if it names that tree's marker file: its device, inode
  and change time, which are new on every build. The spare's record is deleted
  before the spare is touched, so a build killed half-way leaves a spare that
  the next build does not trust (it starts that one afresh).
- The new site's record is written *before* the exchange, as ``live.pending``;
  after it, the old site's record becomes the spare's (the same file, renamed)
  and the pending one the live one. Killed anywhere in between, the next build
  tries each record against each tree's marker and believes those that match.

Where no spare is possible (the work directory is on another file system, or
none is given), a fresh tree beside ``output/`` is filled by hard-linking every
unchanged file from it, which is correct but takes time in proportion to the
size of the site.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import functools
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Callable

from filelock import FileLock, Timeout

from .errors import display_path
from .fingerprints import digest, file_digest
from .record import Record
from .record import load as load_record, save as save_record
from .i18n import N_, strerror, tr

MARKER = ".notice-site"  # marks a directory as built by us, so a swap never replaces anything else
MARKER_TEXT = b"built by the campaign-notice generator\n"


class UnsafeOutput(Exception):
    """The output (or cache) directory is somewhere a build must not or cannot write: exit 2."""


class CannotWrite(UnsafeOutput):
    """The system refused a write (a full disk, a read-only folder): the message says whether the site changed."""


_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}


_CACHE_PLACES = {
    "is": N_("the cache folder {cache} is the {name} folder {folder}; choose a --cache outside the output, "
             "content and themes folders"),
    "is inside": N_("the cache folder {cache} is inside the {name} folder {folder}; choose a --cache outside the "
                    "output, content and themes folders"),
    "contains": N_("the cache folder {cache} contains the {name} folder {folder}; choose a --cache outside the "
                   "output, content and themes folders"),
}


def refused(exc: OSError, folder: "OutputFolder") -> BaseException:
    """The message for a write the system refused; any other OSError is returned as it is (a bug)."""
    if exc.errno not in _FULL | _READ_ONLY | {errno.EIO}:
        return exc
    where = f" {display_path(Path(exc.filename))}" if exc.filename else ""
    output = display_path(folder.output)
    site = (tr("the new site is in {output}/, but the build could not tidy up after publishing it", output=output)
            if folder.swapped else tr("nothing was published: {output}/ is unchanged", output=output))
    hint = (tr("Free some space, or choose another --output and --cache") if exc.errno in _FULL
            else tr("Make the folder writable, or choose another --output and --cache") if exc.errno in _READ_ONLY
            else tr("Check the disk"))
    return CannotWrite(tr("cannot write{where}: {strerror}; {site}. {hint}, then build again", where=where,
                          strerror=strerror(exc), site=site, hint=hint))


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


class Tree:
    """A directory being filled with the new site.

    ``present`` lists what is in it already (a spare tree): path → content hash; ``stats`` their
    size, time and inode as the tree's record has them (every file written or linked adds its own).
    """

    def __init__(self, root: Path, present: dict[str, str] | None = None,
                 stats: dict[str, tuple[int, int, int]] | None = None):
        self.root = root.resolve()
        self.present: dict[str, str] = dict(present or {})
        self.stats: dict[str, tuple[int, int, int]] = dict(stats or {})
        self.written: list[str] = []
        self._folders: set[str] = set()  # made already (a build writes thousands of files into few folders)

    def path_for(self, relative: str) -> Path:
        """The file's place in the tree; a path that would leave the tree is refused.

        Checked on the path's text (no ``..``, not absolute) and, where it already exists, on the
        real path: the tree holds no links out of it, because every file in it was written here.
        """
        parts = relative.split("/")
        if not relative or relative.startswith("/") or "\\" in relative or any(p in ("", ".", "..") for p in parts):
            target = (self.root / relative).resolve()
            if not target.is_relative_to(self.root) or target == self.root:
                raise ValueError(tr("refusing to write outside the output tree: {relative}", relative=repr(relative)))
            return target
        return self.root.joinpath(*parts)

    def _fresh(self, relative: str) -> Path:
        """The target path with no file at it: never write into a file that may be linked elsewhere."""
        target = self.path_for(relative)
        folder = os.path.dirname(relative)
        if folder not in self._folders:
            os.makedirs(target.parent, exist_ok=True)
            self._folders.add(folder)
        if relative in self.present:
            target.unlink(missing_ok=True)
        return target

    def write(self, relative: str, data: bytes | str, content: str | None = None) -> str:
        """Write a file (anew); returns its content hash (pass it when known)."""
        if isinstance(data, str):
            data = data.encode("utf-8")
        target = self._fresh(relative)
        try:
            handle = os.open(target, _NEW_FILE, 0o666)
        except FileExistsError:  # a file the tree's record did not list: still never write into it
            target.unlink()
            handle = os.open(target, _NEW_FILE, 0o666)
        try:  # os.open, not open(): a buffered file object asks the system three more questions a file
            rest = memoryview(data)
            while rest:
                rest = rest[os.write(handle, rest):]
            self.stats[relative] = stat_of(os.fstat(handle))
        finally:
            os.close(handle)
        self.written.append(relative)
        self.present[relative] = content = content or file_digest(data)
        return content

    def link(self, relative: str, source: Path, content: str, known: tuple[int, int, int] | None = None) -> None:
        """Take an unchanged file from the live site: a hard link, or a copy where links fail.
        (``known``: the live file's stat from its record; a hard link has the same.)"""
        target = self._fresh(relative)
        try:
            try:
                os.link(source, target)
            except FileExistsError:  # a file the tree's record did not list: replace it
                target.unlink()
                os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)
            known = None
        self.stats[relative] = known or stat_of(os.lstat(target))
        self.present[relative] = content

    def remove(self, relative: str) -> None:
        target = self.path_for(relative)
        try:
            target.unlink()
        except FileNotFoundError:
            pass
        self.present.pop(relative, None)
        self.stats.pop(relative, None)
        for parent in target.parents:  # drop folders left empty
            if parent == self.root:
                break
            try:
                parent.rmdir()
            except OSError:
                break


def stat_of(status: os.stat_result) -> tuple[int, int, int]:
    """What a record keeps of a published file to tell that it is still the one published: a file
    edited, replaced or removed by hand has another size, time or inode."""
    return status.st_size, status.st_mtime_ns, status.st_ino


def damaged(root: Path, files: dict[str, str], stats: dict[str, tuple[int, int, int]]) -> set[str]:
    """The files of a tree that are not as its record has them (edited, replaced, removed)."""
    bad = set()
    base = os.fspath(root) + os.sep
    lstat = os.lstat
    for path in files:
        expected = stats.get(path)
        try:
            status = lstat(base + path)
        except OSError:
            bad.add(path)
            continue
        if expected is None or (status.st_size, status.st_mtime_ns, status.st_ino) != expected:
            bad.add(path)
    return bad


def identity(tree: Path) -> tuple[int, int, int] | None:
    """Device, inode and change time of a tree's marker file: new for every tree a build makes."""
    try:
        status = os.stat(tree / MARKER)
    except OSError:
        return None
    return status.st_dev, status.st_ino, status.st_ctime_ns


def _remember(known: dict[Path, Record], path: Path, record: Record | None) -> None:
    if record is None:
        known.pop(path, None)
    else:
        known[path] = record


def _believed(tree: Path, *candidates: Path, known: dict[Path, Record] | None = None) -> tuple[Record | None,
                                                                                                 Path | None]:
    """The first record (and its file) that names the marker file ``tree`` holds now.

    ``known`` holds records already read (or written) by this process, by file: those are
    taken when they still name the tree, without reading the file again.
    """
    now = identity(tree)
    if now is None:
        return None, None
    for candidate in candidates:
        record = (known or {}).get(candidate)
        if record is None or record.identity != now:
            record = load_record(candidate)
        if record is not None and record.identity == now:
            return record, candidate
    return None, None


def check_cache(cache: Path, folders: dict[str, Path]) -> None:
    """Refuse a cache inside or around the output, content or themes folder (a build would swap,
    publish or read its own work files), and a file where the cache folder goes; make the folder."""
    cache = cache.resolve()
    shown = display_path(cache)
    for name, folder in folders.items():
        folder = folder.resolve()
        where = ("is" if cache == folder else "is inside" if cache.is_relative_to(folder)
                 else "contains" if folder.is_relative_to(cache) else "")
        if where:
            raise UnsafeOutput(tr(_CACHE_PLACES[where], cache=shown, name=name, folder=display_path(folder)))
    for path in (cache, *cache.parents):
        if path.exists() and not path.is_dir():
            raise UnsafeOutput(tr("{path} is a file, not a folder, and the cache folder {shown} goes there; "
                                  "move that file away, or choose another --cache (or --no-cache)",
                                  path=display_path(path), shown=shown))
    try:
        cache.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UnsafeOutput(tr("cannot make the cache folder {shown}: {strerror}; choose another --cache (or "
                              "--no-cache)", shown=shown, strerror=strerror(exc))) from None


def check_output(output: Path, protected: list[Path]) -> None:
    """Refuse to replace a directory that is not a previous build (or empty)."""
    output = output.resolve()
    for path in protected:
        path = path.resolve()
        if output == path or path.is_relative_to(output):
            raise UnsafeOutput(tr("the output directory {output} contains {path}; choose another --output",
                                  output=output, path=path))
    if output.exists() and not output.is_dir():
        raise UnsafeOutput(tr("{output} exists and is not a directory", output=output))
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER).exists():
        raise UnsafeOutput(tr("{output} is not empty and was not built by this generator; choose an empty or new "
                              "--output directory", output=output))


def lock_for(output: Path) -> FileLock:
    """The lock of one output directory, beside it (``.output.lock``): whatever the cache, one build
    of an output at a time. The file stays (removing a lock file lets two builds hold "it" at once)."""
    return FileLock(output.parent / f".{output.name}.lock")


class OutputFolder:
    """An output directory under one build: its lock, the record of the live site, the tree to fill.

    ``workdir`` holds the records and the spare tree; ``None`` means no records are kept (every
    build starts from nothing). ``waiting`` is told when another build holds the output.
    """

    def __init__(self, output: Path, workdir: Path | None, known: dict[Path, Record] | None = None,
                 waiting: Callable[[str], None] | None = None):
        self.output = output.resolve()
        self.workdir = workdir.resolve() if workdir is not None else None
        self.known = known if known is not None else {}  # records a long-running process keeps, by file
        self.waiting = waiting
        self.live: Record | None = None
        self._locks: list[FileLock] = []
        self._spare_record: Record | None = None
        self._spare_known = False  # the spare's record is read when a tree is staged (a no-op needs none)
        self._staged_from: Record | None = None  # the spare's record when it was taken as the new tree
        self.swapped = False  # the new tree is live (a failure after this leaves the new site)
        self.damaged: set[str] = set()  # files of the live site not as published (edited by hand …)

    # -- opening ---------------------------------------------------------------

    def open(self, trust_records: bool = True) -> "OutputFolder":
        self.output.parent.mkdir(parents=True, exist_ok=True)
        self._hold(lock_for(self.output))
        if self.workdir is not None:
            self.workdir.mkdir(parents=True, exist_ok=True)
            self._hold(FileLock(self.workdir / "lock"))  # in use: not dropped as stale (see workdir_for)
            (self.workdir / "output-path").write_text(str(self.output), encoding="utf-8")
        _recover(self.output)
        if self.workdir is not None and trust_records:
            live, spare = self._path("live"), self._path("spare")
            pending = self._path("live.pending")
            self.live, source = _believed(self.output, pending, live, known=self.known)
            if self._spare_dir() is not None and source == pending:
                self._spare_record, kept = _believed(self._spare_dir(), spare, live, known=self.known)
                self._spare_known = True
                if kept == live:  # a commit was interrupted after its swap
                    os.replace(live, spare)
                    _remember(self.known, spare, self._spare_record)
            if source == pending:
                os.replace(pending, live)
                _remember(self.known, live, self.live)
            if self.live is not None:
                self.damaged = damaged(self.output, self.live.files(), self.live.stats)
                if self.damaged:  # what wrote them is made again, as if never published
                    self.live = self.live.without_files(self.damaged)
        return self

    def _hold(self, lock: FileLock) -> None:
        try:
            lock.acquire(timeout=0)
        except Timeout:
            if self.waiting is not None:
                self.waiting(tr("another build is writing {path}/; waiting for it to finish",
                                path=display_path(self.output)))
            lock.acquire()
        self._locks.append(lock)

    def close(self) -> None:
        while self._locks:
            self._locks.pop().release()

    def __enter__(self) -> "OutputFolder":
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _path(self, name: str) -> Path:
        assert self.workdir is not None
        return self.workdir / f"{name}.record"

    def _spare_dir(self) -> Path | None:
        """The spare's place, if it can be exchanged with ``output`` (same file system)."""
        if self.workdir is None:
            return None
        try:
            if os.stat(self.workdir).st_dev != os.stat(self.output.parent).st_dev:
                return None
        except OSError:
            return None
        return self.workdir / "spare"

    # -- the record alone --------------------------------------------------------

    def save(self, record: Record) -> None:
        """Nothing to publish, but what the live site was made from was looked at anew: note it.

        (A touched file, or a template edit that changed no page, leaves the same files.)
        """
        if self.workdir is None or self.live is None:
            return
        if record.files() != self.live.files():
            raise RuntimeError("a record that does not describe the published files")
        record.identity, record.stats = self.live.identity, self.live.stats
        save_record(self._path("live"), record)
        _remember(self.known, self._path("live"), record)
        self.live = record

    # -- building a tree ---------------------------------------------------------

    def stage(self) -> Tree:
        """The tree to fill: the spare when it can be trusted, else a fresh one."""
        spare = self._spare_dir()
        if spare is None:
            return Tree(Path(tempfile.mkdtemp(prefix=f".{self.output.name}-new-", dir=self.output.parent)))
        if not self._spare_known and self.workdir is not None:
            self._spare_record, _ = _believed(spare, self._path("spare"), self._path("live"), known=self.known)
            self._spare_known = True
        self._path("spare").unlink(missing_ok=True)  # from here on the spare is being changed
        _remember(self.known, self._path("spare"), None)
        record, self._spare_record = self._spare_record, None
        self._staged_from = record
        if record is not None and spare.is_dir():
            files, bad = record.files(), damaged(spare, record.files(), record.stats)
            for path in bad:  # changed since it was published: never taken as it is
                (spare / path).unlink(missing_ok=True)
            return Tree(spare, {p: c for p, c in files.items() if p not in bad},
                        {p: s for p, s in record.stats.items() if p not in bad})
        if spare.exists():
            shutil.rmtree(spare)
        spare.mkdir()
        return Tree(spare)

    def reconcile(self, tree: Tree, wanted: dict[str, str]) -> None:
        """Make the tree hold exactly ``wanted`` (path → content hash), taking unchanged files from ``output``."""
        live = self.live.files() if self.live is not None else {}
        for path, content in wanted.items():
            if tree.present.get(path) == content:
                continue
            if live.get(path) != content:
                raise RuntimeError(f"{path} was neither written by this build nor published before")
            tree.link(path, self.output / path, content, self.live.stats.get(path) if self.live else None)
        for path in [p for p in tree.present if p not in wanted]:
            tree.remove(path)

    def commit(self, tree: Tree, record: Record) -> None:
        """Swap the filled tree in; the old live tree becomes the spare (or is removed)."""
        marker = tree.path_for(MARKER)
        marker.unlink(missing_ok=True)  # a new inode: the tree's identity
        marker.write_bytes(MARKER_TEXT)
        os.chmod(tree.root, 0o755)
        record.identity = identity(tree.root)
        record.stats = {path: tree.stats.get(path) or stat_of(os.lstat(tree.path_for(path))) for path in record.files()}
        spare = self._spare_dir()
        keeps_spare = self.workdir is not None and spare is not None and tree.root == spare.resolve()
        if self.workdir is not None:
            save_record(self._path("live.pending"), record)  # the new site's record, believed once it is live
            _remember(self.known, self._path("live.pending"), record)
        if self.output.exists():
            if _exchange(tree.root, self.output):
                self.swapped = True
                if not keeps_spare:
                    shutil.rmtree(tree.root)
            else:  # no atomic exchange here (Windows, macOS): two renames, which _recover completes if interrupted
                old = self.output.parent / f".{self.output.name}-old"
                os.replace(self.output, old)
                try:
                    os.replace(tree.root, self.output)
                except OSError:  # (Windows: a file in the new tree held open) the old site goes back
                    os.replace(old, self.output)
                    raise
                self.swapped = True
                if keeps_spare:
                    old.rename(tree.root)
                else:
                    shutil.rmtree(old)
        else:
            tree.root.rename(self.output)
            self.swapped = True
        if self.workdir is not None:
            if keeps_spare and self.live is not None:  # the old site's record goes with it
                os.replace(self._path("live"), self._path("spare"))
                _remember(self.known, self._path("spare"), self.live)
            os.replace(self._path("live.pending"), self._path("live"))
            _remember(self.known, self._path("live"), record)
            _remember(self.known, self._path("live.pending"), None)
        self.live = record

    def abandon(self, tree: Tree, untouched: bool = False) -> None:
        """Give up the tree. A spare this build did not change stays trusted; a changed one does not."""
        spare = self._spare_dir()
        if spare is not None and tree.root == spare.resolve():
            if untouched and self._staged_from is not None:
                save_record(self._path("spare"), self._staged_from)
                _remember(self.known, self._path("spare"), self._staged_from)
                self._spare_record = self._staged_from
            return  # else left untrusted (its record is gone); the next build starts it afresh
        shutil.rmtree(tree.root, ignore_errors=True)


@functools.cache
def _renameat2():
    """The C library's renameat2, or None. The running program's own symbols first: looking the library
    up by name (``find_library``) starts ``ldconfig`` or a compiler on every build."""
    if os.name != "posix":
        return None
    try:
        found = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    except OSError:
        found = None
    if found is None:
        libc_name = ctypes.util.find_library("c")
        if libc_name:
            found = getattr(ctypes.CDLL(libc_name, use_errno=True), "renameat2", None)
    return found


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux renameat2); False where unsupported."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0


def _recover(output: Path) -> None:
    """Finish a swap that was interrupted between its two renames; drop stale trees."""
    old = output.parent / f".{output.name}-old"
    if not output.exists() and old.is_dir():
        old.rename(output)
    stale = re.compile(re.escape(f".{output.name}-new-") + r"[a-z0-9_]{8}")  # as tempfile names them
    for entry in os.scandir(output.parent):  # never a glob: the output's name may hold * ? [
        if stale.fullmatch(entry.name) and entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


# ---------------------------------------------------------------- work directories


def workdir_for(cache_dir: Path, output: Path) -> Path:
    """Where the records and the spare tree of one output directory live; stale ones are dropped."""
    key = digest(str(output.resolve()))[:16]
    outputs = cache_dir / "outputs"
    if outputs.is_dir():
        for other in outputs.iterdir():
            try:
                path = Path((other / "output-path").read_text(encoding="utf-8"))
            except OSError:
                continue
            if other.name != key and not path.exists():
                _drop_workdir(other)
    return outputs / key


def _drop_workdir(workdir: Path) -> None:
    if not (workdir / "lock").is_file():
        return
    lock = FileLock(workdir / "lock")
    try:
        lock.acquire(timeout=0)
    except (Timeout, OSError):  # in use by a build: leave it
        return
    try:
        shutil.rmtree(workdir, ignore_errors=True)
    finally:
        lock.release()
