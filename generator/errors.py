"""Errors an editor can cause, as values.

A build collects every :class:`ContentError` it meets and reports them all at
once, so an editor fixes a whole batch per run instead of one problem per run.
Exceptions are kept for bugs in the generator itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from .i18n import tr

if TYPE_CHECKING:
    from rich.console import Console


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem in one place of the content, with what to do about it."""

    file: str
    line: int
    field: str
    message: str
    hint: str = ""

    def format(self) -> str:
        field = f" [{self.field}]" if self.field else ""
        if self.line:
            text = tr("{file}:{line}{field}: {message}", file=self.file, line=self.line, field=field,
                      message=self.message)
        else:
            text = tr("{file}{field}: {message}", file=self.file, field=field, message=self.message)
        if self.hint:
            text += "\n    " + tr("hint: {hint}", hint=self.hint)
        return text


class ContentErrors(Exception):
    """Raised once at the end of a stage that found problems; carries them all."""

    def __init__(self, errors: list[ContentError]):
        self.errors = sorted(set(errors))
        super().__init__(tr("{count} problem(s) in the content", count=len(self.errors)))

    def __reduce__(self):  # travels whole from a worker process to the build
        return type(self), (self.errors,)


class SetupErrors(ContentErrors):
    """Problems with what the command was pointed at rather than in a notice — no site config in the
    content folder, a theme folder that is not there — reported the same way, exit status 2."""


def display_path(path: Path, root: Path | None = None) -> str:
    """A path as the editor knows it: relative to the project when possible."""
    for base in (root, Path.cwd()):
        if base is None:
            continue
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return path.as_posix()


def report(errors: ContentErrors, console: Console) -> None:
    """Print every problem, then how many there were (the command line and the dev server)."""
    for error in errors.errors:
        console.print(error.format(), markup=False, highlight=False, soft_wrap=True)
    files = len({e.file for e in errors.errors})
    console.print("\n" + tr("{count} problem(s) in {files} file(s); nothing was published.", count=len(errors.errors),
                                 files=files),
                  style="bold red", highlight=False)
