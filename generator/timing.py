"""Seconds spent per stage of a build (``--timings``, ``make bench``)."""

from __future__ import annotations

import time


class Clock:
    """Seconds spent per stage; workers send theirs back and they are added up."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = {}

    def add(self, stage: str, seconds: float) -> None:
        self.spent[stage] = self.spent.get(stage, 0.0) + seconds

    def merge(self, spent: dict[str, float]) -> None:
        for stage, seconds in spent.items():
            self.add(stage, seconds)

    def timed(self, stage: str) -> "Timed":
        return Timed(self, stage)


class Timed:
    """``with clock.timed("stage"):`` adds the block's seconds to the stage."""

    def __init__(self, clock: Clock, stage: str):
        self.clock, self.stage = clock, stage

    def __enter__(self) -> None:
        self.start = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        self.clock.add(self.stage, time.perf_counter() - self.start)
