"""What an output returns for one notice: its own files and its part of the site-wide files."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class NoticeFiles:
    files: list[tuple[str, bytes]] = field(default_factory=list)
    part: Any = None  # this notice's piece of the output's site-wide files (None: it has none)


@dataclass(frozen=True)
class Share:
    """Which site-wide files a build makes: those made from every year (``common``: the site's feed,
    calendar, index …) and those of each year in ``years`` (None: every year)."""

    common: bool = True
    years: frozenset[int] | None = None

    def has(self, year: int) -> bool:
        return self.years is None or year in self.years


WHOLE = Share()
