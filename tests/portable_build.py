"""`notices` as it runs where Linux's conveniences are missing: run as a script by test_portable.py.

No ``fcntl`` (Windows has none), no ``renameat2`` (Windows, macOS), workers spawned rather than
forked (Windows, macOS). The module level runs in the spawned workers too (they import this
file as ``__mp_main__``), so ``fcntl`` is missing there as well. ``PORTABLE_LOG`` names a file
that gets one line per spawned worker and per non-atomic swap, so the test can tell these paths
were taken; a fork or an atomic exchange fails the run.
"""

from __future__ import annotations

import os
import sys
import warnings

sys.modules["fcntl"] = None  # `import fcntl` raises ImportError, as on Windows
warnings.filterwarnings("ignore", message="only soft file lock is available")  # filelock without fcntl

import multiprocessing  # noqa: E402
import multiprocessing.context  # noqa: E402


def _note(line: str) -> None:
    with open(os.environ["PORTABLE_LOG"], "a", encoding="utf-8") as log:
        log.write(line + "\n")


def _forbidden(*args, **kwargs):
    raise AssertionError("a fork or an atomic exchange on the portable path")


def _main() -> int:
    from generator import publish
    from generator.__main__ import main

    multiprocessing.set_start_method("spawn")
    multiprocessing.context.ForkProcess.start = _forbidden
    spawn_start = multiprocessing.context.SpawnProcess.start

    def start(process):
        _note("spawned a worker")
        return spawn_start(process)

    multiprocessing.context.SpawnProcess.start = start
    os.fork = _forbidden
    publish._exchange = lambda a, b: (_note("swapped by renames"), False)[1]  # no renameat2 here
    return main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(_main())
