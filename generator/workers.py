"""Spread independent pieces of work over the machine's cores.

The workers are forked *after* the data they need is in memory (the site, the
notices, the collections, the Jinja2 environment with its compiled templates),
so nothing is pickled on the way in: a worker is handed only the numbers of the
items to do. Results (small: file hashes, a cached parse) come back over a pipe.
Each worker keeps what it builds once for many items, e.g. one Markdown
instance, because it lives for the whole batch.

Small batches run in the calling process: forking costs more than it saves
there, and a build of a handful of notices stays a single process.
"""

from __future__ import annotations

import gc
import os
import pickle
import selectors
import signal
import struct
import traceback
from typing import Any, Callable, Sequence

MIN_ITEMS = 64  # below this, work in the calling process
CHUNK = 16  # items per request: small enough to balance, large enough to keep the pipes quiet

_HEADER = struct.Struct("!Q")


def jobs_for(requested: int) -> int:
    """Worker processes: as requested, else one per core this process may use."""
    if requested > 0:
        return requested
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


class WorkerFailed(Exception):
    """A worker died or raised something that is not an editor's error."""


def _send(fd: int, value: Any) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    data = _HEADER.pack(len(data)) + data
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _read_exactly(fd: int, size: int) -> bytes | None:
    parts, left = [], size
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            return None
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


def _receive(fd: int) -> Any:
    header = _read_exactly(fd, _HEADER.size)
    if header is None:
        raise EOFError
    data = _read_exactly(fd, _HEADER.unpack(header)[0])
    if data is None:
        raise EOFError
    return pickle.loads(data)


def _serve(work: Callable[[int], Any], tasks: int, results: int) -> None:
    """A worker's loop: take a range of item numbers, send back their results, until told to stop."""
    while True:
        try:
            task = _receive(tasks)
        except EOFError:
            return
        if task is None:
            return
        start, stop = task
        try:
            _send(results, ("ok", start, [work(index) for index in range(start, stop)]))
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent
            try:
                pickle.dumps(exc)
                _send(results, ("raised", start, exc))
            except Exception:  # noqa: BLE001 - unpicklable: send its text
                _send(results, ("failed", start, traceback.format_exc()))


def run(work: Callable[[int], Any], count: int, jobs: int, done: Callable[[int, Any], None],
        min_items: int = MIN_ITEMS, alongside: Callable[[], bool] | None = None,
        before_fork: Callable[[], None] | None = None) -> None:
    """Call ``work(i)`` for every ``i < count`` and ``done(i, result)`` in this process as results arrive.

    With ``jobs`` > 1 and enough items, ``jobs - 1`` forked workers and this process share the
    items; ``done`` always runs here. This process being one of the workers matters: it needs no
    copy of anything, while a forked worker copies each page of shared memory it touches, so one
    fork instead of two keeps a build of a large archive in half the memory. ``alongside`` is work
    only this process can do (it returns False when none is left), done between the items. An
    exception raised by ``work`` is raised here (an editor's error stays an editor's error).
    ``before_fork``: what every worker would otherwise make for itself, made here once to be shared.
    """
    forks = min(jobs - 1, count // CHUNK - 1)
    if forks < 1 or count < min_items:
        for index in range(count):
            done(index, work(index))
        while alongside is not None and alongside():
            pass
        return
    if before_fork is not None:
        before_fork()
    chunks = iter([(start, min(start + CHUNK, count)) for start in range(0, count, CHUNK)])
    workers: list[tuple[int, int, int]] = []  # (pid, task pipe write end, result pipe read end)
    selector = selectors.DefaultSelector()
    # What exists now is shared with the workers; frozen, the collector never walks (and so never
    # copies) it in them, while they still collect what they make themselves.
    gc.freeze()
    try:
        for _ in range(forks):
            task_read, task_write = os.pipe()
            result_read, result_write = os.pipe()
            pid = os.fork()
            if pid == 0:  # the worker
                code = 0
                try:
                    _die_with_parent()
                    gc.enable()
                    signal.signal(signal.SIGINT, signal.SIG_DFL)
                    os.close(task_write)
                    os.close(result_read)
                    for _, other_tasks, other_results in workers:  # pipes of workers forked before this one
                        os.close(other_tasks)
                        os.close(other_results)
                    _serve(work, task_read, result_write)
                except BaseException:  # noqa: BLE001
                    code = 1
                finally:
                    os._exit(code)
            os.close(task_read)
            os.close(result_write)
            workers.append((pid, task_write, result_read))
        in_flight: dict[int, int] = {}  # result fd → chunks sent and not answered
        tasks: dict[int, int] = {}  # result fd → task fd
        for _, task_write, result_read in workers:
            tasks[result_read] = task_write
            in_flight[result_read] = 0
            selector.register(result_read, selectors.EVENT_READ)
            for _ in range(2):  # one to work on, one waiting, so a worker never waits for this process
                chunk = next(chunks, None)
                if chunk is not None:
                    _send(task_write, chunk)
                    in_flight[result_read] += 1

        def collect(timeout: float | None) -> None:
            for key, _ in selector.select(timeout):
                status, start, payload = _result(key.fd)
                for offset, result in enumerate(payload):
                    done(start + offset, result)
                in_flight[key.fd] -= 1
                chunk = next(chunks, None)
                if chunk is not None:
                    _send(tasks[key.fd], chunk)
                    in_flight[key.fd] += 1

        own_work = alongside is not None
        while True:
            collect(0)
            if own_work:
                own_work = alongside()
                continue
            chunk = next(chunks, None)
            if chunk is not None:  # this process takes a chunk too
                start, stop = chunk
                for index in range(start, stop):
                    done(index, work(index))
                continue
            if not any(in_flight.values()):
                break
            collect(None)
    finally:
        gc.unfreeze()
        selector.close()
        for pid, task_write, result_read in workers:
            try:
                _send(task_write, None)
            except OSError:
                pass
            os.close(task_write)
            os.close(result_read)
        for pid, _, _ in workers:
            try:
                os.kill(pid, signal.SIGTERM) if _alive(pid) else None
            except ProcessLookupError:
                pass
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass


def _result(fd: int) -> tuple[str, int, Any]:
    """A worker's answer; a failure in the worker is raised here."""
    try:
        status, start, payload = _receive(fd)
    except EOFError:
        raise WorkerFailed("a worker process ended unexpectedly") from None
    if status == "raised":
        raise payload
    if status == "failed":
        raise WorkerFailed(payload)
    return status, start, payload


def _die_with_parent() -> None:
    """Linux: a worker is killed when the build is (a killed build must not leave writers behind)."""
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)


def _alive(pid: int) -> bool:
    try:
        finished, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return False
    return finished == 0


def each(work: Callable[[Any], Any], items: Sequence[Any], jobs: int, done: Callable[[Any, Any], None],
         min_items: int = MIN_ITEMS, alongside: Callable[[], bool] | None = None,
         before_fork: Callable[[], None] | None = None) -> None:
    """:func:`run` over a sequence: ``done(item, work(item))``."""
    run(lambda index: work(items[index]), len(items), jobs, lambda index, result: done(items[index], result),
        min_items, alongside, before_fork)
