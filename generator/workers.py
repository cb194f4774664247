"""Spread independent pieces of work over the machine's cores.

Workers are :mod:`multiprocessing` processes started the platform's way (:func:`start_method`).
Where processes fork (Linux), they start *after* the data they need is in memory (the site,
the notices, the collections, the Jinja2 environment with its compiled templates), so nothing
is pickled on the way in: a worker is handed only the numbers of the items to do. Where they
are spawned (Windows, macOS), the work — the function with everything it refers to — is pickled
once (cloudpickle: closures included) and rebuilt in each worker; the output is the same.
Results (small: file hashes, a cached parse) come back over a pipe. Each worker keeps what it
builds once for many items, e.g. one Markdown instance, because it lives for the whole batch.

Small batches run in the calling process: starting workers costs more than it saves there, and
a build of a handful of notices stays a single process.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import pickle
import signal
import sys
import traceback
from multiprocessing.connection import Connection, wait
from typing import Any, Callable, Sequence

MIN_ITEMS = 64  # below this, work in the calling process
CHUNK = 16  # most items a request holds (fewer as the items run out): enough to keep the pipes quiet


def jobs_for(requested: int) -> int:
    """Worker processes: as requested, else one per core this process may use."""
    if requested > 0:
        return requested
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def start_method() -> str:
    """How workers start: as set with ``multiprocessing.set_start_method``, else ``fork`` where the
    platform forks by default (Linux and the BSDs), else ``spawn`` (Windows; macOS, where a forked
    process that used the system's frameworks may crash)."""
    chosen = multiprocessing.get_start_method(allow_none=True)
    if chosen is not None:
        return chosen
    if "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin":
        return "fork"
    return "spawn"


class WorkerFailed(Exception):
    """A worker died or raised something that is not an editor's error."""


def _serve(work: Callable[[int], Any] | bytes, tasks: Connection, results: Connection, forked: bool) -> None:
    """A worker's loop: take a range of item numbers, send back their results, until told to stop."""
    if forked:
        _die_with_parent()
        gc.enable()
    else:
        import cloudpickle  # noqa: F401 - what the work was pickled with must be importable
        work = pickle.loads(work)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    while True:
        try:
            task = tasks.recv()
        except EOFError:
            return
        if task is None:
            return
        start, stop = task
        try:
            results.send(("ok", start, [work(index) for index in range(start, stop)]))
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent
            try:
                pickle.dumps(exc)
                results.send(("raised", start, exc))
            except Exception:  # noqa: BLE001 - unpicklable: send its text
                results.send(("failed", start, traceback.format_exc()))


class _Worker:
    """One worker process and this process's ends of its two pipes."""

    def __init__(self, context: Any, work: Callable[[int], Any] | bytes, forked: bool):
        task_read, self.tasks = context.Pipe(duplex=False)
        self.results, result_write = context.Pipe(duplex=False)
        self.process = context.Process(target=_serve, args=(work, task_read, result_write, forked))
        self.process.start()
        task_read.close()  # the worker's ends: a dead worker is an end of file here
        result_write.close()
        self.in_flight = 0  # chunks sent and not answered

    def send(self, chunk: tuple[int, int] | None) -> None:
        self.tasks.send(chunk)
        if chunk is not None:
            self.in_flight += 1

    def stop(self, finished: bool) -> None:
        try:
            self.tasks.send(None)
        except OSError:
            pass
        self.tasks.close()
        self.results.close()
        if not finished:  # the build failed: its workers' results are no longer wanted
            self.process.terminate()
        self.process.join()


def _start(work: Callable[[int], Any], count: int) -> list[_Worker]:
    """The workers: forked with ``work`` in memory, or spawned with it pickled."""
    method = start_method()
    context = multiprocessing.get_context(method)
    forked = method == "fork"
    payload: Callable[[int], Any] | bytes = work
    if not forked:
        import cloudpickle
        payload = cloudpickle.dumps(work, protocol=pickle.HIGHEST_PROTOCOL)
    workers: list[_Worker] = []
    try:
        for _ in range(count):
            workers.append(_Worker(context, payload, forked))
    except BaseException:
        for worker in workers:
            worker.stop(finished=False)
        raise
    return workers


def run(work: Callable[[int], Any], count: int, jobs: int, done: Callable[[int, Any], None],
        min_items: int = MIN_ITEMS, alongside: Callable[[], bool] | None = None,
        before_fork: Callable[[], None] | None = None, garbage: bool = False) -> None:
    """Call ``work(i)`` for every ``i < count`` and ``done(i, result)`` in this process as results arrive.

    With ``jobs`` > 1 and enough items, ``jobs - 1`` workers and this process share the items;
    ``done`` always runs here. This process being one of the workers matters: it needs no copy of
    anything, while a forked worker copies each page of shared memory it touches, so one worker
    instead of two keeps a build of a large archive in half the memory. ``alongside`` is work
    only this process can do (it returns False when none is left), done between the items. An
    exception raised by ``work`` is raised here (an editor's error stays an editor's error).
    ``before_fork``: what every worker would otherwise make for itself, made here once to be shared
    by forked workers (spawned ones make their own: what it makes, such as compiled templates, need
    not pickle). ``garbage``: the work leaves cyclic garbage (rendering does: Jinja2's contexts, a
    notice read back from the cache), so the collector runs in this process meanwhile, over what is
    made from now on only (what exists is frozen): at 1,000 notices a build process that rendered
    without it ended 29 MiB larger.
    """
    forks = min(jobs - 1, count // CHUNK - 1)
    if forks < 1 or count < min_items:
        with _collecting(garbage, shared=False):
            for index in range(count):
                done(index, work(index))
            while alongside is not None and alongside():
                pass
        return
    if before_fork is not None and start_method() == "fork":  # a spawned worker gets a pickled copy, not memory
        before_fork()
    chunks = _Chunks(count, forks + 1)
    with _collecting(garbage, shared=True):
        _run_forked(work, forks, done, alongside, chunks)


def _run_forked(work: Callable[[int], Any], forks: int, done: Callable[[int, Any], None],
                alongside: Callable[[], bool] | None, chunks: "_Chunks") -> None:
    """:func:`run` with ``forks`` workers beside this process."""
    workers: list[_Worker] = []
    finished = False
    try:
        workers = _start(work, forks)
        by_pipe = {worker.results: worker for worker in workers}
        for worker in workers:
            for _ in range(2):  # one to work on, one waiting, so a worker never waits for this process
                chunk = chunks.next()
                if chunk is not None:
                    worker.send(chunk)

        def collect(timeout: float | None) -> None:
            for pipe in wait(list(by_pipe), timeout):
                worker = by_pipe[pipe]
                status, start, payload = _result(pipe)
                worker.in_flight -= 1
                chunk = chunks.next()  # sent before the results are handled: the worker goes on meanwhile
                if chunk is not None:
                    worker.send(chunk)
                for offset, result in enumerate(payload):
                    done(start + offset, result)

        own_work = alongside is not None
        while True:
            collect(0)
            if own_work:
                own_work = alongside()
                continue
            index = chunks.one()
            if index is not None:  # this process takes one item at a time, and looks for results between
                done(index, work(index))
                continue
            if not any(worker.in_flight for worker in workers):
                break
            collect(None)
        finished = True
    finally:
        for worker in workers:
            worker.stop(finished)


class _Chunks:
    """The items not handed out yet, in order: workers take chunks that shrink as the items run out
    (so that no process is left with a long chunk while the others have nothing), this process one
    item at a time."""

    def __init__(self, count: int, processes: int):
        self.next_index, self.count, self.processes = 0, count, processes

    def next(self) -> tuple[int, int] | None:
        left = self.count - self.next_index
        if left <= 0:
            return None
        size = max(1, min(CHUNK, left // (4 * self.processes)))
        start = self.next_index
        self.next_index += size
        return start, start + size

    def one(self) -> int | None:
        if self.next_index >= self.count:
            return None
        self.next_index += 1
        return self.next_index - 1


@contextlib.contextmanager
def _collecting(garbage: bool, shared: bool):
    """What exists now is frozen when it is ``shared`` with forked workers (the collector never walks,
    and so never copies, it in them; they still collect what they make) or when ``garbage`` is to
    be collected in this process meanwhile (then over new objects only)."""
    if not (garbage or shared):
        yield
        return
    enabled = gc.isenabled()
    gc.freeze()
    if garbage:
        gc.enable()
    try:
        yield
    finally:
        if not enabled:
            gc.disable()
        gc.unfreeze()


def _result(pipe: Connection) -> tuple[str, int, Any]:
    """A worker's answer; a failure in the worker is raised here."""
    try:
        status, start, payload = pipe.recv()
    except (EOFError, OSError):
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


def each(work: Callable[[Any], Any], items: Sequence[Any], jobs: int, done: Callable[[Any, Any], None],
         min_items: int = MIN_ITEMS, alongside: Callable[[], bool] | None = None,
         before_fork: Callable[[], None] | None = None, garbage: bool = False) -> None:
    """:func:`run` over a sequence: ``done(item, work(item))``."""
    run(lambda index: work(items[index]), len(items), jobs, lambda index, result: done(items[index], result),
        min_items, alongside, before_fork, garbage)
