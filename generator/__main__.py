"""Command line: parse arguments, call the pipeline, turn problems into messages and exit codes.

Exit status: 0 success, 1 content errors (every one is printed), 2 usage or
environment problems (unsafe output directory, missing theme folder, no site config …).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import importlib.metadata
import os
import re
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from . import build as pipeline
from .errors import ContentErrors, SetupErrors, report
from .parse import notice_warnings
from .publish import MARKER, UnsafeOutput
from . import i18n
from .i18n import N_, strerror, tr, translated


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(tr("expected YYYY-MM-DD, got {text}", text=repr(text)))


def _prog() -> str:
    """The command as it was typed: ``notices`` (the installed script) or ``python -m generator``."""
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else ""
    if name in ("", "-c", "__main__.py"):
        return "python -m generator"
    return name.removesuffix(".exe").removesuffix(".EXE")


def _version() -> str:
    try:
        return importlib.metadata.version("campaign-notices")
    except importlib.metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown (not installed)"


def _process_age() -> float | None:
    """Seconds since this process started (Linux), or None where that cannot be told."""
    try:
        with open("/proc/self/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")  # the 22nd field: start time, ticks since boot
        return max(0.0, time.clock_gettime(time.CLOCK_BOOTTIME) - started)
    except (OSError, ValueError, IndexError, AttributeError):
        return None


# What `--help` lists: the editors' commands, then the operator's and developers' (each still has its own --help).
_EDITORS = "editors"
_OTHERS = "others"


def _parser(prog: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog or _prog(), description=tr("Publish campaign notices (通知)."),
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}",
                        help=tr("print the version and exit"))
    _language_option(parser, default=None)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                     help=tr("one of the commands below; COMMAND --help tells its options"))
    listed: dict[str, list[tuple[str, str]]] = {_EDITORS: [], _OTHERS: []}

    def command(name: str, reader: str, help: str, **kwargs) -> argparse.ArgumentParser:
        listed[reader].append((name, help))
        return commands.add_parser(name, help=help, description=help, **kwargs)

    _editor_commands(command)
    _other_commands(command)
    commands._choices_actions.clear()  # listed by the epilog, in two groups, instead of argparse's one
    parser.epilog = _command_lists(listed)
    return parser


def _command_lists(listed: dict[str, list[tuple[str, str]]]) -> str:
    """The epilog: the commands an editor uses, the others apart, and the exit statuses."""
    import shutil
    width = max(60, min(shutil.get_terminal_size().columns, 100) - 2)
    indent = max(len(name) for rows in listed.values() for name, _ in rows) + 4

    def rows(entries: list[tuple[str, str]]) -> str:
        return "\n".join(_fill(help, width, f"  {name}".ljust(indent)) for name, help in entries)

    return "\n\n".join([tr("Commands for writing and publishing notices:") + "\n" + rows(listed[_EDITORS]),
                        tr("For the site's operator and developers (docs/运维指南.md, docs/开发者指南.md):") + "\n"
                        + rows(listed[_OTHERS]),
                        _fill(tr("Exit status: 0 success, 1 problems in the content (each one is printed), 2 usage "
                                 "or set-up problems."), width, "")])


def _fill(text: str, width: int, first: str) -> str:
    """``text`` wrapped to ``width`` terminal columns after ``first``, the lines after it indented as far:
    a Chinese character takes two columns and a line may break after any of them."""
    import unicodedata
    columns = lambda piece: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in piece)  # noqa: E731
    lines, line = [], first
    for piece in re.findall(r"[\u2e80-\uffff]|[^\s\u2e80-\uffff]+\s*|\s+", text):
        if columns(line + piece.rstrip()) > width and line.strip():
            lines.append(line.rstrip())
            line = " " * columns(first) + piece.lstrip()
        else:
            line += piece
    return "\n".join(lines + [line.rstrip()])


def _editor_commands(command) -> None:
    """new, check, build, serve, import: what a clerk writing notices runs."""
    new = command("new", _EDITORS, tr("scaffold content/<year>/<slug>.md: every field, with placeholders (××) "
                                     "that check refuses until they are filled in"))
    _language_option(new)
    new.add_argument("slug", help=tr("file name without .md: lower-case letters, digits, hyphens"))
    new.add_argument("--title", default=None, help=tr("the notice's title (default: 关于举办××活动的通知)"))
    new.add_argument("--year", type=int, default=None,
                     help=tr("the year folder content/YEAR/ (default: the year of --issued, else this year)"))
    new.add_argument("--issued", type=_date, default=None,
                     help=tr("成文日期, YYYY-MM-DD (default: a placeholder YEAR-××-×× to fill in)"))
    new.add_argument("--campaign", default=None, help=tr("the campaign: its key, name or alias in site.yaml"))
    new.add_argument("--region", default=None, help=tr("the region: its key, name or alias in site.yaml"))
    new.add_argument("--content", type=Path, default=Path("content"), help=tr("content folder (default: content)"))
    new.add_argument("--today", type=_date, default=None,
                     help=tr("the date to treat as today, whose year is the default folder (YYYY-MM-DD)"))

    _common(command("check", _EDITORS, tr("validate every notice; write nothing")))

    build = command("build", _EDITORS, tr("build the site into the output folder"))
    _building(build)
    sharding = build.add_argument_group(tr("building on several machines (CI; docs/开发者指南.md)"))
    sharding.add_argument("--years", default=None, help=tr("with --shard-out: build only these years, e.g. 2015-2019"))
    sharding.add_argument("--shard-out", type=Path, default=None,
                          help=tr("build a shard (the years of --years) into this folder, for --merge"))
    sharding.add_argument("--merge", type=Path, nargs="+", default=None, metavar="SHARD",
                          help=tr("make the site from shard folders (built with --shard-out) and publish it"))

    serve = command("serve", _EDITORS, tr("build, serve on 127.0.0.1 and reload on changes"))
    _building(serve)
    serve.add_argument("--host", default="127.0.0.1", help=tr("address to bind (default: 127.0.0.1)"))
    serve.add_argument("--port", type=int, default=8000, help=tr("port to listen on (default: 8000)"))

    imported = command("import", _EDITORS, tr("draft a notice file from a .docx or .txt 通知"))
    _language_option(imported)
    imported.add_argument("file", type=Path, help=tr("the notice as a Word file (.docx) or plain text (.txt)"))
    imported.add_argument("--out", type=Path, default=None, help=tr("folder to write into (default: content/<year>/)"))
    imported.add_argument("--slug", default=None, help=tr("file name without .md (default: "
                                                          "<region>-<campaign>-<year>)"))
    imported.add_argument("--content", type=Path, default=Path("content"), help=tr("content folder with site.yaml"))
    imported.add_argument("--title", default="", help=tr("the notice's title, when the text does not state it (a copy "
                                                         "that begins at its 文号)"))
    imported.add_argument("--issuer", dest="issuers", action="append", default=[],
                          help=tr("an issuing body, when the text does not name it; repeat for several, lead first"))
    imported.add_argument("--region", default="", help=tr("the notice's region (a key or name in site.yaml), when "
                                                          "the text does not state it"))
    imported.add_argument("--campaign", default="", help=tr("the campaign (a key or name in site.yaml), when the "
                                                            "text does not name it"))


def _other_commands(command) -> None:
    """init, schema, bench: setting a site up, editor integration, measuring the generator."""
    init = command("init", _OTHERS, tr("start a new site in FOLDER: site.yaml, two example notices, a README"))
    _language_option(init)
    init.add_argument("folder", type=Path, nargs="?", default=Path("."),
                      help=tr("new or empty folder to write the site into (default: this folder)"))

    schema = command("schema", _OTHERS, tr("write the JSON Schemas of a notice and of site.yaml into "
                                          "content/schema/, for editors that check and complete fields"))
    _language_option(schema)
    schema.add_argument("--content", type=Path, default=Path("content"), help=tr("content folder (default: content)"))
    schema.add_argument("--print", dest="show", choices=["notice", "site"], default=None,
                        help=tr("print that schema instead of writing the files"))

    bench = command("bench", _OTHERS, tr("time builds of synthetic archives (see generator/bench.py)"), add_help=False)
    bench.add_argument("arguments", nargs=argparse.REMAINDER, help=tr("the benchmark's own options (bench --help)"))


def _common(sub: argparse.ArgumentParser) -> None:
    """What `check`, `build` and `serve` take."""
    _language_option(sub)
    sub.add_argument("--content", type=Path, default=Path("content"), help=tr("content folder (default: content)"))
    sub.add_argument("--themes", type=Path, default=Path("themes"), help=tr("themes folder (default: themes)"))
    sub.add_argument("--base-url", help=tr("override site.yaml's base_url, e.g. /notices/"))
    sub.add_argument("--drafts", action="store_true", help=tr("include notices marked draft: true"))
    sub.add_argument("--future", action="store_true", help=tr("include notices issued after today"))
    sub.add_argument("--today", type=_date, default=None, help=tr("the date to treat as today (YYYY-MM-DD)"))
    sub.add_argument("--jobs", type=int, default=0, help=tr("worker processes (default: one per core)"))
    sub.add_argument("--cache", type=Path, default=None,
                     help=tr("cache folder (default: .cache/generator beside the content folder)"))


def _building(sub: argparse.ArgumentParser) -> None:
    """What `build` and `serve` both take: the serve's builds are builds."""
    _common(sub)
    sub.add_argument("--output", type=Path, default=Path("output"), help=tr("output folder (default: output)"))
    sub.add_argument("--quiet", action="store_true", help=tr("print errors only"))
    sub.add_argument("--no-search", action="store_true", help=tr("skip the search index (faster)"))
    sub.add_argument("--full", action="store_true",
                     help=tr("make everything again, ignoring the cache and the previous output"))
    sub.add_argument("--no-cache", action="store_true", help=tr("keep nothing between builds (.cache/generator/)"))
    sub.add_argument("--timings", type=Path, default=None,
                     help=tr("write each stage's seconds to this JSON file (serve: after every build)"))


def _language_option(parser: argparse.ArgumentParser, default: object = argparse.SUPPRESS) -> None:
    """``--lang``, before or after the command (read ahead of parsing by :func:`_language`)."""
    parser.add_argument("--lang", choices=i18n.LANGUAGES, default=default,
                        help=tr("language of the messages: zh (Chinese) or en (English); default: NOTICES_LANG, "
                                "then site.yaml's language, then the locale, then Chinese"))


def _language(argv: list[str]) -> str:
    """The run's language, known before the parser is made (its help is in that language)."""
    said: dict[str, str] = {}
    for index, word in enumerate(argv):
        for option in ("--lang", "--content"):
            if word == option and index + 1 < len(argv):
                said[option] = argv[index + 1]
            elif word.startswith(option + "="):
                said[option] = word.split("=", 1)[1]
    return i18n.choose(said.get("--lang"), Path(said.get("--content", "content")))


def _options(args: argparse.Namespace) -> pipeline.Options:
    options = pipeline.Options(content=args.content, output=getattr(args, "output", Path("output")),
                               themes=args.themes, base_url=args.base_url, drafts=args.drafts, future=args.future,
                               today=args.today, search=not getattr(args, "no_search", False),
                               jobs=args.jobs, full=getattr(args, "full", False),
                               use_cache=not getattr(args, "no_cache", False), cache=getattr(args, "cache", None))
    return _sharded(args, options)


def _sharded(args: argparse.Namespace, options: pipeline.Options) -> pipeline.Options:
    """A shard's build: its years, its files in ``<shard-out>/site``, made from nothing (a CI job's way)."""
    from . import shards
    years, shard_out, merging = getattr(args, "years", None), getattr(args, "shard_out", None), getattr(args, "merge", None)
    if merging is not None and (years is not None or shard_out is not None):
        raise shards.ShardError(tr("--merge takes shard folders and makes the site: build shards with --years and "
                                   "--shard-out in separate runs"))
    if (years is None) != (shard_out is None):
        raise shards.ShardError(tr("--years and --shard-out go together: `build --years 2015-2019 --shard-out DIR`"))
    if years is None:
        return options
    if (shard_out.is_dir() and any(shard_out.iterdir()) and not (shard_out / shards.DESCRIPTION).exists()
            and not (shard_out / shards.SITE / MARKER).exists()):  # an earlier shard's build that stopped midway
        raise shards.ShardError(tr("{shard_out} is not empty and is not a shard built by this generator; choose an "
                                   "empty or new --shard-out directory", shard_out=shard_out.as_posix()))
    return dataclasses.replace(options, years=shards.parse_years(years), shard_out=shard_out,
                               output=shard_out / shards.SITE, full=True)


_STAGES = {"load": N_("reading notices"), "render": N_("making pages")}  # the progress bar's stages


class _Bar:
    """A progress bar on a terminal, shown only for builds big enough to need one."""

    def __init__(self, console: Console):
        self.console = console
        self.progress: Progress | None = None
        self.tasks: dict[str, int] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if total < 200 or not self.console.is_terminal:
            return
        if self.progress is None:
            self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                     TimeElapsedColumn(), console=self.console, transient=True)
            self.progress.start()
        if stage not in self.tasks:
            self.tasks[stage] = self.progress.add_task(translated(_STAGES.get(stage, stage)), total=total)
        self.progress.update(self.tasks[stage], completed=done)

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    with i18n.speaking(_language(argv)):
        if argv[:1] == ["bench"]:  # its own options (argparse does not pass them through a subcommand)
            from .bench import main as bench
            return bench(argv[1:], _prog())
        return _run(argv)


def _run(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    # soft_wrap: the terminal wraps long lines; rich would cut a hint (a line of site.yaml to copy) in two
    err = Console(stderr=True, soft_wrap=True)
    out = Console(soft_wrap=True)
    if args.command == "init":
        return _init(args.folder, out, err)
    if args.command == "new":
        return _new(args, out, err)
    if args.command == "schema":
        return _schema(args.content, args.show, out, err)
    if args.command == "import":
        from .importer.command import run
        from .importer.given import Given
        return run(args.file, args.out, args.slug, args.content, out, err,
                   Given(args.title.strip(), tuple(name.strip() for name in args.issuers if name.strip()),
                         args.region.strip(), args.campaign.strip()))
    if args.command == "serve":
        from .serve import serve
        return serve(_options(args), args.host, args.port, err, quiet=args.quiet, timings=args.timings)
    bar = _Bar(err)
    try:
        if args.command == "check":
            site, notices, skipped = pipeline.check(_options(args), bar)
            bar.close()
            for warning in notice_warnings(notices):
                err.print(tr("warning: {warning}", warning=warning), markup=False, highlight=False)
            out.print(tr("ok: {count} notice(s) valid", count=len(notices))
                      + (tr(", {count} not published (draft or future)", count=len(skipped)) if skipped else ""),
                      highlight=False)
            _left_out(out, skipped)
            return 0
        waiting = lambda message: err.print(message, markup=False, highlight=False)  # noqa: E731
        if getattr(args, "merge", None):
            from .shards import merge
            result = merge(_options(args), args.merge, waiting=waiting)
        else:
            started = _process_age()
            result = pipeline.build(_options(args), bar, waiting=waiting)
            if started is not None:  # what --timings cannot see from inside the build
                result.timings["start-up (interpreter, imports, options)"] = started
        bar.close()
    except ContentErrors as errors:
        bar.close()
        report(errors, err)
        return 2 if isinstance(errors, SetupErrors) else 1
    except UnsafeOutput as exc:
        bar.close()
        err.print(tr("error: {problem}", problem=exc), markup=False)
        return 2
    if args.timings:
        ended = _process_age()
        if ended is not None:
            result.timings["process (start to end)"] = ended
        result.write_timings(args.timings)
    for warning in result.warnings:
        err.print(tr("warning: {warning}", warning=warning), markup=False, highlight=False)
    if not args.quiet:
        left_out = tr(" ({count} draft/future left out)", count=len(result.skipped)) if result.skipped else ""
        where = (getattr(args, "shard_out", None) or args.output).as_posix()  # a shard's files are in its folder
        if result.up_to_date:
            out.print(tr("up to date: {notices} notice(s), {files} files in {where}/",
                         notices=result.notices, files=result.files, where=where)
                      + left_out, highlight=False)
        else:
            out.print(tr("built {notices} notice(s): {pages} pages, {files} files → {where}/ ({written} written)",
                         notices=result.notices, pages=result.pages, files=result.files, where=where,
                         written=result.written) + left_out, highlight=False)
        if getattr(args, "no_search", False):
            out.print(tr("  no search index (--no-search): the search page says search is not available; build "
                         "without --no-search before publishing"), markup=False, highlight=False)
        _left_out(out, result.skipped)
    return 0


def _new(args: argparse.Namespace, out: Console, err: Console) -> int:
    from .config import load_site, today_in
    from .json_schema import write_copies
    from .scaffold import TITLE, resolve, scaffold, scaffold_text, vocabulary
    site, _ = load_site(args.content)
    words = vocabulary(site)
    try:
        today = args.today or (site.today() if site else today_in())
        year = _year(args.year, args.issued, today)
        text = scaffold_text(args.title or TITLE, year, args.issued, resolve("region", args.region, words, site),
                             resolve("campaign", args.campaign, words, site), words)
        path = scaffold(args.content, args.slug, year, text)
        schemas = write_copies(args.content)
    except (ValueError, FileExistsError) as exc:
        err.print(tr("error: {problem}", problem=exc), markup=False, highlight=False)
        return 2
    except OSError as exc:  # a full disk, a read-only folder
        err.print(tr("error: cannot write {value}: {strerror}",
                     value=exc.filename or args.content, strerror=strerror(exc)), markup=False)
        return 2
    prog = "make" if os.environ.get("NOTICES_PROG") == "make" else _prog()  # `make new` → `make check`
    out.print(tr("created {path}: replace every ×× with the notice's text (or delete the line), then run "
                 "`{prog} check`", path=path.as_posix(), prog=prog), markup=False, highlight=False)
    if schemas:
        out.print(tr("wrote {paths}: what an editor with YAML support checks and completes the fields with",
                     paths=", ".join(p.as_posix() for p in schemas)), markup=False, highlight=False)
    return 0


def _year(year: int | None, issued: dt.date | None, today: dt.date) -> int:
    """The year folder of a new notice: --year, else the year of --issued, else this year."""
    from .years import RANGE_TEXT, supported
    if year is not None and not supported(year):
        raise ValueError(tr("--year {year} is outside the years the site supports ({years})", year=year,
                            years=RANGE_TEXT))
    if issued is not None and not supported(issued.year):
        raise ValueError(tr("--issued {issued} is outside the years the site supports ({years})", issued=issued,
                            years=RANGE_TEXT))
    if year is not None and issued is not None and issued.year != year:
        raise ValueError(tr("--issued {issued} is not in --year {year}: a notice sits in the folder of the year "
                            "it was issued; leave --year out", issued=issued, year=year))
    return year or (issued.year if issued else today.year)


def _schema(content: Path, show: str | None, out: Console, err: Console) -> int:
    from .json_schema import NOTICE, SITE, packaged, write_copies
    if show is not None:
        sys.stdout.buffer.write(packaged()[NOTICE if show == "notice" else SITE])
        return 0
    try:
        written = write_copies(content)
    except OSError as exc:
        err.print(tr("error: cannot write {value}: {strerror}", value=exc.filename or content,
                     strerror=strerror(exc)), markup=False)
        return 2
    folder = (content / "schema").as_posix()
    out.print(tr("wrote {paths}", paths=", ".join(p.as_posix() for p in written)) if written
              else tr("{folder}/ is up to date", folder=folder), markup=False, highlight=False)
    return 0


def _init(folder: Path, out: Console, err: Console) -> int:
    from .scaffold import init_site
    try:
        written = init_site(folder)
    except FileExistsError as exc:
        err.print(tr("error: {problem}", problem=exc), markup=False)
        return 2
    except OSError as exc:  # a read-only or forbidden folder
        err.print(tr("error: cannot write {value}: {strerror}",
                     value=exc.filename or folder, strerror=strerror(exc)), markup=False)
        return 2
    notices = sum(1 for path in written if path.suffix == ".md" and path.parent.parent.name == "content")
    where = folder.as_posix()
    out.print(tr("created a site in {where}/: content/site.yaml, {notices} example notices, README.md",
                 where=where, notices=notices), markup=False,
              highlight=False)
    step = "" if folder.resolve() == Path.cwd().resolve() else f"cd {where} && "
    # Opened as a file, output/index.html has no styles and broken links (base_url is /): serve it instead.
    out.print(tr("next: {step}{prog} serve   (builds the site and shows it at http://127.0.0.1:8000/; `{prog} "
                 "build` writes output/ for publishing)", step=step, prog=_prog()), markup=False, highlight=False)
    return 0


def _left_out(out, skipped: list[str]) -> None:
    """Name every notice not published, so a forgotten `draft: true` is seen (--drafts publishes drafts)."""
    for entry in skipped:
        out.print(tr("  not published: {entry}", entry=entry), markup=False, highlight=False)


if __name__ == "__main__":
    sys.exit(main())
