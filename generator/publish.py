"""Write the site into a temporary tree and swap it in only when everything succeeded.

The previous ``output/`` stays complete and servable until the new tree is
ready; on Linux the swap is one atomic ``renameat2(RENAME_EXCHANGE)``. Every
write goes through :class:`Tree`, which refuses any path that would land
outside its root.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from pathlib import Path

MARKER = ".notice-site"  # marks a directory as built by us, so a swap never replaces anything else


class UnsafeOutput(Exception):
    """The output directory is somewhere a build must not replace."""


class Tree:
    """A directory being filled with the new site."""

    def __init__(self, root: Path):
        self.root = root.resolve()
        self.written: list[str] = []

    def path_for(self, relative: str) -> Path:
        target = (self.root / relative).resolve()
        if not target.is_relative_to(self.root) or target == self.root:
            raise ValueError(f"refusing to write outside the output tree: {relative!r}")
        return target

    def write(self, relative: str, data: bytes | str) -> None:
        target = self.path_for(relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            data = data.encode("utf-8")
        target.write_bytes(data)
        self.written.append(relative)

    def copy(self, relative: str, source: Path) -> None:
        target = self.path_for(relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        self.written.append(relative)


def check_output(output: Path, protected: list[Path]) -> None:
    """Refuse to replace a directory that is not a previous build (or empty)."""
    output = output.resolve()
    for path in protected:
        path = path.resolve()
        if output == path or path.is_relative_to(output):
            raise UnsafeOutput(f"the output directory {output} contains {path}; choose another --output")
    if output.exists() and not output.is_dir():
        raise UnsafeOutput(f"{output} exists and is not a directory")
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER).exists():
        raise UnsafeOutput(f"{output} is not empty and was not built by this generator; "
                           "choose an empty or new --output directory")


def start(output: Path) -> Tree:
    """A fresh temporary tree beside ``output`` (same file system, so the swap is a rename)."""
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    _recover(output)
    tree = Tree(Path(tempfile.mkdtemp(prefix=f".{output.name}-new-", dir=output.parent)))
    tree.write(MARKER, "built by the campaign-notice generator\n")
    return tree


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux renameat2); False where unsupported."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
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
    for stale in output.parent.glob(f".{output.name}-new-*"):
        shutil.rmtree(stale, ignore_errors=True)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def finish(tree: Tree, output: Path) -> None:
    """Make the new tree the output; the old one is removed afterwards."""
    output = output.resolve()
    os.chmod(tree.root, 0o755)
    if output.exists():
        if _exchange(tree.root, output):
            shutil.rmtree(tree.root)
            return
        old = output.parent / f".{output.name}-old"
        output.rename(old)
        tree.root.rename(output)
        shutil.rmtree(old)
    else:
        tree.root.rename(output)


def abandon(tree: Tree) -> None:
    shutil.rmtree(tree.root, ignore_errors=True)
