"""``make bench`` / ``python -m generator bench``: how long builds take on synthetic archives.

For each size (1,000 and 10,000 notices by default) the benchmark writes a seeded archive in our
format (:mod:`generator.corpus`) and times, as separate ``python -m generator build`` processes
(so interpreter start-up and imports count, as they do for an editor):

- a cold build: no cache, no previous output (median of ``--runs``), without the search index
  (``--no-search``: Hugo, the yardstick, builds none) and with it, Pagefind's part timed apart;
- a no-op rebuild;
- one notice edited: a sentence of its body (the typo fix), and its title (front matter, which
  lists and indexes show), then a template edited (``notice.html``), all without the search
  index; and once a body edit with the search index (its year is indexed again);
- the same body edit in ``make serve``: from saving the file to the LiveReload message that makes
  the open tab reload, and to having the new page;

and the peak memory of each (PSS summed over the build's processes, the indexers apart), the time
each stage took (seconds of every process added up), and what each Markdown extension costs.
It measures; it asserts nothing about time. Each run writes a new output and cache folder (deleting
a large tree during the runs would slow the file system for the next ones); they are removed at
the end unless ``--keep``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from .corpus import write_corpus
from .i18n import tr

REPO = Path(__file__).resolve().parent.parent
EDIT_FROM = "现将有关事项通知如下"
TODAY = "2025-06-01"


@dataclass
class Run:
    seconds: float
    memory_mb: float  # peak PSS of the build's own processes
    indexer_mb: float  # peak PSS of the Pagefind indexer
    timings: dict[str, float] = field(default_factory=dict)
    files: int = 0


@dataclass
class Scenario:
    runs: list[Run] = field(default_factory=list)

    def median(self, pick=lambda run: run.seconds) -> float:
        return statistics.median(pick(run) for run in self.runs) if self.runs else float("nan")

    def spread(self, pick=lambda run: run.seconds) -> str:
        values = [pick(run) for run in self.runs]
        if not values:
            return "—"
        middle = statistics.median(values)
        if len(values) == 1:
            return _seconds(middle)
        return f"{_seconds(middle)} ({_seconds(min(values))}–{_seconds(max(values))})"


def _seconds(value: float) -> str:
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


# ---------------------------------------------------------------- measuring a process tree


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            tree.setdefault(parent, []).append(int(entry))
    return tree


def _pss_kb(pid: int) -> tuple[int, bool]:
    """(PSS in kB, whether the process is the Pagefind indexer)."""
    try:
        with open(f"/proc/{pid}/comm") as comm:
            indexer = comm.read().startswith("pagefind")
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]), indexer
    except OSError:
        pass
    return 0, False


class Sampler:
    """Peak memory of a process and its descendants, sampled every 50 ms on a thread."""

    def __init__(self, pid: int):
        self.pid = pid
        self.build_kb = self.indexer_kb = 0
        self.running = True
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _sample(self) -> None:
        while self.running:
            tree, stack, pids = _children(), [self.pid], []
            while stack:
                pid = stack.pop()
                pids.append(pid)
                stack.extend(tree.get(pid, []))
            build = indexer = 0
            for pid in pids:
                kb, is_indexer = _pss_kb(pid)
                if is_indexer:
                    indexer += kb
                else:
                    build += kb
            self.build_kb, self.indexer_kb = max(self.build_kb, build), max(self.indexer_kb, indexer)
            time.sleep(0.05)

    def stop(self) -> tuple[float, float]:
        self.running = False
        self.thread.join()
        return self.build_kb / 1024, self.indexer_kb / 1024


def build_once(project: Path, output: Path, cache: Path, *extra: str) -> Run:
    """One ``python -m generator build`` process, timed from start to exit."""
    timings = project / f".timings-{os.getpid()}.json"
    command = [sys.executable, "-m", "generator", "build", "--content", str(project / "content"), "--themes",
               str(project / "themes"), "--output", str(output), "--cache", str(cache), "--today", TODAY,
               "--timings", str(timings), *extra]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sampler = Sampler(process.pid)
    out, _ = process.communicate()
    seconds = time.perf_counter() - started
    memory, indexer = sampler.stop()
    if process.returncode != 0:
        raise RuntimeError(f"the build failed ({process.returncode}):\n{out}")
    data = json.loads(timings.read_text(encoding="utf-8"))
    timings.unlink()
    return Run(seconds, memory, indexer, data["timings"], data["files"])


# ---------------------------------------------------------------- edits


def _notices(project: Path) -> list[Path]:
    return sorted((project / "content").glob("*/*.md"))


def edit_body(path: Path, mark: str) -> None:
    text = path.read_text(encoding="utf-8")
    if EDIT_FROM in text:
        text = text.replace(EDIT_FROM, f"{EDIT_FROM}（{mark}）", 1)
    else:  # the body's last line, then: still a body edit
        text = text.rstrip("\n") + f"（{mark}）\n"
    path.write_text(text, encoding="utf-8")


def edit_title(path: Path, mark: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\ntitle: ", f"\ntitle: {mark}", 1), encoding="utf-8")


def edit_template(themes: Path, mark: str) -> None:
    template = themes / "default" / "templates" / "notice.html"
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace("{% block content %}", "{% block content %}<!-- " + mark + " -->", 1),
                        encoding="utf-8")


# ---------------------------------------------------------------- the dev server


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve_edits(project: Path, output: Path, cache: Path, runs: int) -> tuple[Scenario, Scenario]:
    """Body edits saved while ``serve`` runs: seconds to the reload message, and to the new page fetched."""
    import asyncio

    from tornado.websocket import websocket_connect

    port = _free_port()
    command = [sys.executable, "-m", "generator", "serve", "--content", str(project / "content"), "--themes",
               str(project / "themes"), "--output", str(output), "--cache", str(cache), "--today", TODAY,
               "--port", str(port)]
    server = subprocess.Popen(command, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              env={**os.environ, "COLUMNS": "200"})
    log: list[str] = []
    threading.Thread(target=lambda: log.extend(server.stdout), daemon=True).start()
    to_reload, to_page = Scenario(), Scenario()
    try:
        base = f"http://127.0.0.1:{port}/"
        for _ in range(3000):
            if server.poll() is not None:
                raise RuntimeError("serve stopped:\n" + "".join(log))
            try:
                urllib.request.urlopen(base + "__generator__/status.json", timeout=2).close()
                break
            except OSError:
                time.sleep(0.1)
        notices = _notices(project)
        targets = notices[len(notices) // 3::max(1, len(notices) // (2 * runs + 2))][:runs]

        async def measure() -> None:
            socket_ = await websocket_connect(f"ws://127.0.0.1:{port}/livereload")
            await socket_.write_message(json.dumps({"command": "hello", "protocols": [
                "http://livereload.com/protocols/official-7"]}))
            await socket_.read_message()
            await socket_.write_message(json.dumps({"command": "info", "url": base, "plugins": {}}))
            await asyncio.sleep(0.5)
            for number, path in enumerate(targets):
                mark = f"服务编辑{number}"
                started = time.perf_counter()
                edit_body(path, mark)
                while True:
                    message = json.loads(await asyncio.wait_for(socket_.read_message(), 120))
                    if message.get("command") == "reload":
                        break
                reloaded = time.perf_counter() - started
                year, slug = path.parent.name, path.stem
                with urllib.request.urlopen(f"{base}{year}/{slug}/", timeout=30) as response:
                    page = response.read().decode("utf-8")
                fetched = time.perf_counter() - started
                if mark not in page:
                    raise RuntimeError(f"the page of {path.name} did not show the edit")
                to_reload.runs.append(Run(reloaded, 0, 0))
                to_page.runs.append(Run(fetched, 0, 0))
                await asyncio.sleep(0.3)
            socket_.close()

        asyncio.run(measure())
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    return to_reload, to_page


# ---------------------------------------------------------------- Markdown extensions


def markdown_costs(project: Path, sample: int = 400) -> list[tuple[str, float]]:
    """Milliseconds per notice body for Python-Markdown with no extension, each of ours, and all."""
    import markdown
    from markdown.extensions.toc import slugify_unicode

    from .load import split_front_matter
    from .markdown import make_markdown, sanitise

    bodies = []
    for path in _notices(project)[:sample]:
        _, body, _, _ = split_front_matter(path.read_text(encoding="utf-8"), path.name)
        bodies.append(body)

    def per_notice(converter, after=None) -> float:
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            for body in bodies:
                converter.reset()
                html = converter.convert(body)
                if after:
                    after(html)
            best = min(best, time.perf_counter() - started)
        return best / len(bodies) * 1000

    toc = {"toc": {"slugify": slugify_unicode, "toc_depth": "2-4", "permalink": False}}
    rows = [("no extension", per_notice(markdown.Markdown(output_format="html")))]
    base = rows[0][1]
    for name in ("tables", "attr_list", "sane_lists", "def_list", "toc"):
        converter = markdown.Markdown(extensions=[name], extension_configs=toc if name == "toc" else {},
                                      output_format="html")
        rows.append((f"+ {name}", per_notice(converter) - base))
    ours = make_markdown()
    rows.append(("all five (ours)", per_notice(ours)))
    rows.append(("+ nh3 sanitising", per_notice(ours, lambda html: sanitise(html, False)) - rows[-1][1]))
    started = time.perf_counter()
    for _ in range(20):
        make_markdown()
    rows.append(("making a new instance (once per process)", (time.perf_counter() - started) / 20 * 1000))
    return rows


# ---------------------------------------------------------------- one size


@dataclass
class SizeResult:
    notices: int
    cold: Scenario = field(default_factory=Scenario)  # with the search index
    cold_plain: Scenario = field(default_factory=Scenario)  # without (--no-search)
    noop: Scenario = field(default_factory=Scenario)
    first_edit: Scenario = field(default_factory=Scenario)
    body_edit: Scenario = field(default_factory=Scenario)
    title_edit: Scenario = field(default_factory=Scenario)
    template_edit: Scenario = field(default_factory=Scenario)
    search_after_edit: Scenario = field(default_factory=Scenario)
    serve_reload: Scenario = field(default_factory=Scenario)
    serve_page: Scenario = field(default_factory=Scenario)
    markdown: list[tuple[str, float]] = field(default_factory=list)
    files: int = 0


def bench_size(notices: int, root: Path, runs: int, say) -> SizeResult:
    project = root / f"archive-{notices}"
    stamp = project / "corpus.json"
    wanted = {"notices": notices, "corpus": (REPO / "generator" / "corpus.py").stat().st_size}
    if not stamp.exists() or json.loads(stamp.read_text(encoding="utf-8")) != wanted:
        shutil.rmtree(project, ignore_errors=True)
        say(f"writing {notices} synthetic notices into {project}/content …")
        write_corpus(project, notices)
        stamp.write_text(json.dumps(wanted), encoding="utf-8")
    shutil.rmtree(project / "themes", ignore_errors=True)
    shutil.copytree(REPO / "themes", project / "themes")
    result = SizeResult(notices)
    session = f"{os.getpid()}-{int(time.time())}"
    runs_dir = project / f"runs-{session}"
    runs_dir.mkdir()
    output = cache = runs_dir
    for number in range(runs):
        say(f"{notices}: cold build without the search index {number + 1}/{runs} …")
        result.cold_plain.runs.append(build_once(project, runs_dir / f"plain-{number}", runs_dir / f"plain-cache-{number}",
                                                 "--no-search"))
    for number in range(runs):
        output, cache = runs_dir / f"output-{number}", runs_dir / f"cache-{number}"
        say(f"{notices}: cold build {number + 1}/{runs} …")
        run = build_once(project, output, cache)
        result.cold.runs.append(run)
    result.files = run.files
    for number in range(runs):
        say(f"{notices}: no-op rebuild {number + 1}/{runs} …")
        result.noop.runs.append(build_once(project, output, cache))
    targets = _notices(project)[1::max(1, notices // (4 * runs + 1))]
    say(f"{notices}: first edit after the cold build (makes the spare tree) …")
    edit_body(targets[0], "首次")
    result.first_edit.runs.append(build_once(project, output, cache, "--no-search"))
    for number in range(runs):
        say(f"{notices}: one-notice edits {number + 1}/{runs} …")
        edit_body(targets[1 + number], f"正文{number}")
        result.body_edit.runs.append(build_once(project, output, cache, "--no-search"))
        edit_title(targets[1 + runs + number], f"标题{number}")
        result.title_edit.runs.append(build_once(project, output, cache, "--no-search"))
        edit_template(project / "themes", f"bench {number}")
        result.template_edit.runs.append(build_once(project, output, cache, "--no-search"))
    say(f"{notices}: the search index after an edit …")
    build_once(project, output, cache)  # the index again (the edits above were built without it)
    edit_body(targets[1 + 2 * runs], "索引")
    result.search_after_edit.runs.append(build_once(project, output, cache))
    say(f"{notices}: edits in make serve …")
    result.serve_reload, result.serve_page = serve_edits(project, output, cache, runs)
    say(f"{notices}: Markdown extension costs …")
    result.markdown = markdown_costs(project)
    return result


# ---------------------------------------------------------------- the report


def _stage(run: Run, name: str) -> float:
    if name == "look":  # finding and hashing sources is timed in three parts ("look: …")
        return sum(seconds for stage, seconds in run.timings.items() if stage.startswith("look"))
    return run.timings.get(name, 0.0)


def report(results: list[SizeResult], runs: int) -> str:
    sizes = [f"{r.notices:,} notices" for r in results]
    lines = ["| | " + " | ".join(sizes) + " |", "|---|" + "---|" * len(results)]

    def row(label: str, cells: list[str]) -> None:
        lines.append(f"| {label} | " + " | ".join(cells) + " |")

    row("cold build, without the search index (`--no-search`)", [r.cold_plain.spread() for r in results])
    row("cold build, with the search index", [r.cold.spread() for r in results])
    row("… of which Pagefind (one indexer, a year at a time)",
        [r.cold.spread(lambda run: _stage(run, "search")) for r in results])
    row("no-op rebuild", [r.noop.spread() for r in results])
    row("one-notice edit: a sentence of the body", [r.body_edit.spread() for r in results])
    row("one-notice edit: the title (lists show it)", [r.title_edit.spread() for r in results])
    row("one-template edit (notice.html)", [r.template_edit.spread() for r in results])
    row("first edit after a cold build (makes the spare tree)", [r.first_edit.spread() for r in results])
    row("one-notice edit (body) with the search index", [r.search_after_edit.spread() for r in results])
    row("… of which Pagefind (the delta bundle)",
        [r.search_after_edit.spread(lambda run: _stage(run, "search")) for r in results])
    row("`make serve`, body edit: save → reload message", [r.serve_reload.spread() for r in results])
    row("`make serve`, body edit: save → new page fetched", [r.serve_page.spread() for r in results])
    memory = lambda run: run.memory_mb  # noqa: E731
    row("peak memory, cold build without the search index (PSS, all build processes)",
        [f"{r.cold_plain.median(memory):.0f} MB" for r in results])
    row("peak memory, cold build with it: build processes + Pagefind indexers",
        [f"{r.cold.median(memory):.0f} MB + {r.cold.median(lambda run: run.indexer_mb):.0f} MB" for r in results])
    row("peak memory, one-notice edit", [f"{r.body_edit.median(memory):.0f} MB" for r in results])
    if len(results) > 1:
        first, last = results[0], results[-1]
        factor = last.notices / first.notices
        ratio = last.cold_plain.median() / first.cold_plain.median()
        row(f"cold build growth ({factor:.0f}× the notices)", ["", f"{ratio:.1f}×"] + [""] * (len(results) - 2))
    lines.append("")
    lines.append(f"Wall-clock seconds of `python -m generator build` processes (start-up included), median of "
                 f"{runs} runs (min–max); edits and template edits without the search index, which is "
                 "timed after an edit on its own row (once).")
    lines.append("")
    stages = ["load", "yaml", "model", "markdown", "render", "forms", "calendar", "api", "feed", "write",
              "site files", "collect", "look", "search", "publish", "load (wall)", "render (wall)",
              "total"]
    lines.append("| stage of a cold build with the search index | " + " | ".join(sizes) + " |")
    lines.append("|---|" + "---|" * len(results))
    names = {"load": "read files", "yaml": "YAML (C loader)", "model": "validation (pydantic)",
             "markdown": "Markdown + sanitising", "render": "Jinja2 pages", "forms": ".xlsx/.docx forms",
             "calendar": "calendars", "api": "JSON", "feed": "Atom entries", "write": "hashing + writing files",
             "site files": "site-wide files (one process)", "collect": "collect + plan (one process)",
             "look": "finding and hashing sources",
             "search": "search index (Pagefind, wall)",
             "publish": "publish (swap, records)", "load (wall)": "= loading phase, wall",
             "render (wall)": "= making phase, wall", "total": "= whole build, wall (in-process)"}
    for stage in stages:
        lines.append(f"| {names[stage]} | " + " | ".join(
            f"{statistics.median(_stage(run, stage) for run in r.cold.runs):.2f} s" for r in results) + " |")
    lines.append("")
    lines.append("Stages are seconds of all processes added up (two cores: a phase's wall time is about half),"
                 " except the rows marked wall.")
    lines.append("")
    lines.append("| Python-Markdown, ms per notice body | " + " | ".join(sizes) + " |")
    lines.append("|---|" + "---|" * len(results))
    for index, (label, _) in enumerate(results[0].markdown):
        lines.append(f"| {label} | " + " | ".join(f"{r.markdown[index][1]:+.3f}" if label.startswith("+")
                                                  else f"{r.markdown[index][1]:.3f}" for r in results) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None, prog: str = "python -m generator") -> int:
    parser = argparse.ArgumentParser(prog=f"{prog} bench",
                                     description=tr("How long builds take on synthetic archives (make bench)."))
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help=tr("archive sizes (notices)"))
    parser.add_argument("--runs", type=int, default=3, help=tr("runs per measurement (the median is reported)"))
    parser.add_argument("--dir", type=Path, default=Path(".cache") / "bench", help=tr("where the archives go"))
    parser.add_argument("--keep", action="store_true", help=tr("keep every run's output and cache folders"))
    parser.add_argument("--report", type=Path, default=None, help=tr("also write the tables to this file"))
    parser.add_argument("--lang", choices=("zh", "en"), help=tr("language of this help and of the errors: zh or en "
                                                                "(the tables are English)"))
    args = parser.parse_args(argv)
    root = args.dir.resolve()
    root.mkdir(parents=True, exist_ok=True)
    say = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
    say(f"{os.cpu_count()} cores; {sys.executable}")
    results = []
    try:
        for size in args.sizes:
            results.append(bench_size(size, root, args.runs, say))
    finally:
        if not args.keep:
            for leftover in root.glob("archive-*/runs-*"):
                shutil.rmtree(leftover, ignore_errors=True)
    text = report(results, args.runs)
    print(text)
    if args.report:
        args.report.write_text(text + "\n", encoding="utf-8")
    return 0
