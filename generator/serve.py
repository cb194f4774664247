"""``serve``: build, serve ``output/`` on 127.0.0.1, rebuild when a source changes and reload the browser.

The editing loop an editor sees: save a notice, and the open tab shows it a moment later.

- **Watching.** The kernel tells us of changes under ``content/`` and the theme folders
  (inotify; on other systems the folders are polled every half second). Saves that come in a
  burst are taken together.
- **Building.** One long-running :class:`~generator.session.Session` keeps the parsed archive,
  the last plan and the compiled templates in memory, so a rebuild parses the edited file and
  makes only what changed (a body edit: that notice's page, in milliseconds even for 10,000
  notices). Builds run on a thread of their own, one at a time; the server keeps answering.
  The search index is kept as published and not rebuilt per save (``make build`` does).
- **Reloading.** Pages are served with LiveReload's script (the ``livereload`` package's
  protocol and ``livereload.js``); after a build the server tells every open tab to reload, or
  only to refresh its stylesheets when just a stylesheet changed. Only livereload's public
  handlers are used: its socket handler, configured as its own ``Server`` configures it (the
  ``watcher`` and ``live_css`` it names), and its ``reload_waiters``, the call its documented
  ``/forcereload`` handler makes; the open sockets stay livereload's business.
- **Only its own pages.** The server answers only requests whose ``Host`` is a name of the address
  it is bound to (``127.0.0.1``, ``localhost`` …), so a page elsewhere whose host name is made to
  point at 127.0.0.1 (DNS rebinding) cannot read the preview, and LiveReload's WebSocket takes
  connections only from the server's own pages (same origin).
- **Broken edits.** The errors are printed here, and every page gets a small script that asks
  ``/__generator__/status.json`` and, when the last build failed, lays the errors over the page
  (as text, never as HTML). The last good site stays published and served; the next good save
  clears the overlay. The templates need no hook for any of this.
"""

from __future__ import annotations

import ctypes
import dataclasses
import errno
import ipaddress
import json
import os
import signal
import socket
import struct
import sys
import tempfile
import threading
import time
from pathlib import Path

from rich.console import Console

from . import build as pipeline
from . import cache
from .errors import ContentErrors, report
from .i18n import strerror, tr
from .parse import load_site_for
from .publish import UnsafeOutput
from .render import theme_dirs
from .session import Session
from .urls import base_path

STATUS_PATH = "/__generator__/status.json"
QUIET_SECONDS = 0.02  # saves closer together than this are one change
IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".tmp", ".part")

# Injected before </head> of every page served: LiveReload's loader, and the error overlay.
PAGE_SCRIPT = """<script>(function(){
var s=document.createElement("script");
s.src="//"+location.hostname+":"+(location.port||(location.protocol=="https:"?443:80))+"/livereload.js?port="+
  (location.port||(location.protocol=="https:"?443:80));
document.head.appendChild(s);
function show(status){
  var old=document.getElementById("generator-errors"); if(old) old.remove();
  if(!status.errors.length) return;
  var box=document.createElement("div"); box.id="generator-errors"; box.setAttribute("role","alert");
  box.style.cssText="position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;z-index:2147483647;"+
    "background:#fff5f5;color:#5c0000;border-top:4px solid #c00;padding:12px 16px;font:14px/1.5 monospace;"+
    "box-shadow:0 -4px 16px rgba(0,0,0,.25)";
  var head=document.createElement("strong");
  head.textContent=status.heading;
  var text=document.createElement("pre"); text.style.cssText="white-space:pre-wrap;margin:8px 0 0";
  text.textContent=status.errors.join("\\n");
  box.appendChild(head); box.appendChild(text); document.body.appendChild(box);
}
function ask(){fetch("%s",{cache:"no-store"}).then(function(r){return r.json();}).then(show).catch(function(){});}
if(document.readyState=="loading") document.addEventListener("DOMContentLoaded",ask); else ask();
})();</script>""" % STATUS_PATH


@dataclasses.dataclass
class Status:
    """The last build as the browser overlay and the terminal see it."""

    build: int = 0
    ok: bool = True
    errors: list[str] = dataclasses.field(default_factory=list)
    seconds: float = 0.0
    heading: str = ""  # the overlay's first line, in the run's language

    def failed(self, errors: list[str]) -> "Status":
        self.ok, self.errors = False, errors
        self.heading = tr("Build failed: {count} problem(s). The page is the last good build; fix the file and save, "
                          "and it reloads by itself.", count=len(errors))
        return self


class Watcher:
    """Changes under some folders, from inotify (Linux) or, failing that, by polling.

    ``changed()`` blocks until something changed and returns the changed paths.
    """

    MASK = 0x8 | 0x40 | 0x80 | 0x100 | 0x200 | 0x4  # CLOSE_WRITE MOVED_FROM MOVED_TO CREATE DELETE ATTRIB
    IS_DIR = 0x40000000
    HEADER = struct.Struct("iIII")

    def __init__(self, roots: list[Path]):
        self.roots = [root.resolve() for root in roots if root.exists()]
        self.folders: dict[int, Path] = {}
        self.fd = -1
        try:
            self.libc = ctypes.CDLL(None, use_errno=True)
            self.fd = self.libc.inotify_init1(os.O_CLOEXEC)
        except (OSError, AttributeError):
            self.fd = -1
        if self.fd >= 0:
            for root in self.roots:
                self._watch_tree(root)
        else:
            self.snapshot = self._scan()

    def _watch_tree(self, root: Path) -> None:
        for folder, dirs, _ in os.walk(root):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            handle = self.libc.inotify_add_watch(self.fd, os.fsencode(folder), self.MASK)
            if handle >= 0:
                self.folders[handle] = Path(folder)

    def _scan(self) -> dict[str, int]:
        found = {}
        for root in self.roots:
            for folder, dirs, files in os.walk(root):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                for name in files:
                    path = os.path.join(folder, name)
                    try:
                        found[path] = os.stat(path).st_mtime_ns
                    except OSError:
                        pass
        return found

    def changed(self) -> list[Path]:
        if self.fd < 0:
            while True:
                time.sleep(0.5)
                now = self._scan()
                paths = [Path(p) for p in set(now) ^ set(self.snapshot) | {p for p in now if
                                                                            self.snapshot.get(p) != now[p]}]
                self.snapshot = now
                if paths:
                    return paths
        data = os.read(self.fd, 1 << 16)  # blocks until something happened
        paths = []
        offset = 0
        while offset < len(data):
            handle, mask, _, length = self.HEADER.unpack_from(data, offset)
            name = data[offset + self.HEADER.size: offset + self.HEADER.size + length].rstrip(b"\0")
            offset += self.HEADER.size + length
            folder = self.folders.get(handle)
            if folder is None or not name:
                continue
            path = folder / os.fsdecode(name)
            if mask & self.IS_DIR and mask & (0x100 | 0x80):  # a new folder: watch it too
                self._watch_tree(path)
            if path.name.startswith((".", "#")) or path.name.endswith(IGNORED_SUFFIXES):
                continue  # an editor's swap or backup file
            paths.append(path)
        return paths


def host_names(host: str) -> tuple[frozenset[str], bool]:
    """The names a browser may use for the bound address, and whether any IP address is one of them.

    A name that merely resolves to the address is not enough: that is how DNS rebinding gets a page
    of another site into the preview. An IP address cannot be rebound, so a server bound to every
    address (0.0.0.0, ::) takes any address it is reached by.
    """
    names = {host.lower().strip("[]"), "localhost", "127.0.0.1", "::1"}
    wildcard = host in ("", "0.0.0.0", "::")
    if wildcard:
        names.update({socket.gethostname().lower(), socket.getfqdn().lower()})
    return frozenset(names - {""}), wildcard


def is_own_host(header: str | None, names: frozenset[str], any_address: bool) -> bool:
    """Whether a request's ``Host`` header (``name``, ``name:port``, ``[::1]:port``) names this server."""
    if not header:
        return False
    name = header.lower()
    if name.startswith("["):
        name = name[1:name.find("]")] if "]" in name else ""
    elif name.count(":") == 1:
        name = name.split(":")[0]
    if name in names:
        return True
    if any_address:
        try:
            ipaddress.ip_address(name)
            return True
        except ValueError:
            return False
    return False


def _own_host_only(handlers: list, host: str) -> list:
    """Routing rules: ``handlers`` for requests whose Host names this server, 403 for any other."""
    from tornado import web
    from tornado.routing import AnyMatches, Matcher, Rule

    names, any_address = host_names(host)

    class OwnHost(Matcher):
        def match(self, request):
            return {} if is_own_host(request.headers.get("Host"), names, any_address) else None

    class Refused(web.RequestHandler):
        def prepare(self) -> None:
            self.set_status(403)
            self.set_header("Content-Type", "text/plain; charset=UTF-8")
            self.finish(tr("this preview answers only to {names}", names=", ".join(sorted(names))) + "\n")

    return [Rule(OwnHost(), handlers), Rule(AnyMatches(), [(r".*", Refused)])]


def _same_origin_reloads() -> type:
    """LiveReload's socket handler, taking connections from this server's own pages only.

    Configured as livereload's ``Server.serve`` configures it: a watcher (whose last changed path
    livereload names in its log; ours are reported by :class:`Watcher`) and ``live_css``, so that
    a stylesheet-only change is swapped into the open tab without a reload.
    """
    from livereload.handlers import LiveReloadHandler
    from livereload.watcher import Watcher as Changes
    from tornado.websocket import WebSocketHandler

    class Reloads(LiveReloadHandler):
        watcher = Changes()
        live_css = True

        def check_origin(self, origin: str) -> bool:  # livereload takes any origin
            return WebSocketHandler.check_origin(self, origin)  # tornado's: the origin's host is the Host

    return Reloads


class PortTaken(Exception):
    """The address or port to serve on cannot be had; the message says which and what to do."""


def listen(host: str, port: int) -> list:
    """The listening sockets, taken before anything is built (a busy port is said at once)."""
    from tornado.netutil import bind_sockets
    try:
        return bind_sockets(port, address=host)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            other = port + 1 if port < 65535 else 8000
            raise PortTaken(tr("port {port} on {host} is already in use (is another `serve` running?)\n    hint: "
                               "choose another port: --port {other} (or `make serve PORT={other}`)",
                               port=port, host=host, other=other))
        if exc.errno == errno.EACCES:
            raise PortTaken(tr("not allowed to serve on port {port} of {host} ({strerror})\n    hint: ports below "
                               "1024 need privileges; use --port 8000", port=port, host=host, strerror=strerror(exc)))
        raise PortTaken(tr("cannot serve on {host}:{port}: {value}\n    hint: --host takes an address of this "
                           "machine, e.g. 127.0.0.1 (the default)", host=host, port=port, value=strerror(exc)))


class DevServer:
    """The watcher, the build thread and the web server, with the state they share."""

    def __init__(self, options: pipeline.Options, host: str, port: int, console: Console, quiet: bool = False,
                 timings: Path | None = None):
        self.options = dataclasses.replace(options, keep_search=True)
        self.host, self.port, self.console = host, port, console
        self.quiet, self.timings = quiet, timings
        self.session = Session(store=cache.Store(self.options.cache_dir()))
        self.status = Status()
        self.wanted = threading.Event()
        self.changed: set[Path] = set()
        self.lock = threading.Lock()
        self.loop = None
        self.reloads = _same_origin_reloads()

    # -- building -----------------------------------------------------------------------

    def rebuild(self, why: str = "") -> Status:
        started = time.perf_counter()
        status = Status(self.status.build + 1)
        try:
            result = pipeline.build(self.options, session=self.session)
        except ContentErrors as errors:
            status.failed([error.format() for error in errors.errors])
            report(errors, self.console)
            self.console.print(tr("serving the last good site; fix the file and save again"), style="yellow",
                               highlight=False)
        else:
            took = time.perf_counter() - started
            what = (tr("up to date") if result.made == 0
                    else tr("{made} piece(s) made, {written} file(s) written",
                            made=result.made, written=result.written))
            if not self.quiet:
                self.console.print(tr("{why}{what} in {took:.2f} s ({notices} notices)",
                                      why=why, what=what, took=took, notices=result.notices), highlight=False)
            if self.timings is not None:
                result.write_timings(self.timings)
        finally:
            if self.status.build == 0:
                import gc
                gc.collect()  # once: what the first build loaded stays for the session, so
                gc.freeze()  # the collector need not walk it again after every save
        status.seconds = time.perf_counter() - started
        self.status = status
        return status

    def _builds(self) -> None:
        while True:
            self.wanted.wait()
            time.sleep(QUIET_SECONDS)  # a save often touches a file several times
            with self.lock:
                self.wanted.clear()
                paths, self.changed = sorted(self.changed), set()
            named = [p for p in paths if p.exists() or p.suffix in (".md", ".yaml", ".html", ".css", ".js")]
            shown = ", ".join(_shown(p) for p in named[:3]) + (" …" if len(named) > 3 else "")
            try:
                self.rebuild(tr("{file}: ", file=shown))
            except Exception as exc:  # noqa: BLE001 - a bug must not stop the server; show it
                import traceback
                self.console.print(traceback.format_exc(), markup=False, highlight=False)
                self.status = Status(self.status.build + 1).failed([tr("the generator failed: {problem}",
                                                                          problem=repr(exc))])
            css_only = paths and all(p.suffix == ".css" for p in paths)
            if self.loop is not None:
                self.loop.add_callback(self._reload, paths[0].name if css_only else "*")

    def _watch(self, watcher: Watcher) -> None:
        while True:
            paths = watcher.changed()
            if paths:
                with self.lock:
                    self.changed.update(paths)
                self.wanted.set()

    # -- serving ------------------------------------------------------------------------

    def _reload(self, path: str) -> None:
        """Tell every open tab (LiveReload protocol) to reload, or only its stylesheets (``path``: the
        stylesheet's name, or ``*``): what livereload's ``/forcereload?path=…`` does."""
        self.reloads.reload_waiters(path)

    def application(self, prefix: str):
        from livereload.handlers import LiveReloadJSHandler
        from tornado import web

        server = self
        script = PAGE_SCRIPT.encode("utf-8")
        root = str(self.options.output.resolve())

        class Page(web.StaticFileHandler):
            """output/'s files, always whole: tornado remembers a file's hash by its path, which
            would answer a reloading tab "not modified" after a rebuild."""

            def set_extra_headers(self, path: str) -> None:
                self.set_header("Cache-Control", "no-store")

            def compute_etag(self) -> None:
                return None

            def should_return_304(self) -> bool:
                return False

            def write_error(self, status_code: int, **kwargs) -> None:
                missing = Path(root) / "404.html"
                if status_code == 404 and missing.is_file():
                    self.set_header("Content-Type", "text/html; charset=UTF-8")
                    self.finish(missing.read_bytes().replace(b"</head>", script + b"</head>", 1))
                else:
                    super().write_error(status_code, **kwargs)

        class Inject(web.OutputTransform):
            """LiveReload's loader and the overlay, before </head> of every HTML page."""

            def transform_first_chunk(self, status_code, headers, chunk, finishing):
                if "html" in headers.get("Content-Type", "") and b"</head>" in chunk:
                    chunk = chunk.replace(b"</head>", script + b"</head>", 1)
                    if "Content-Length" in headers:
                        headers["Content-Length"] = str(int(headers["Content-Length"]) + len(script))
                return status_code, headers, chunk

        class StatusHandler(web.RequestHandler):
            def get(self) -> None:
                self.set_header("Content-Type", "application/json; charset=UTF-8")
                self.set_header("Cache-Control", "no-store")
                self.write(json.dumps(dataclasses.asdict(server.status), ensure_ascii=False))

        class Home(web.RequestHandler):
            def get(self) -> None:
                self.redirect(prefix)

        handlers = [(r"/livereload", self.reloads), (r"/livereload.js", LiveReloadJSHandler),
                    (STATUS_PATH, StatusHandler)]
        if prefix != "/":
            handlers.append((r"/", Home))
        handlers.append((f"{prefix}(.*)", Page, {"path": root, "default_filename": "index.html"}))
        return web.Application(_own_host_only(handlers, self.host), transforms=[Inject])

    def run(self) -> int:
        from tornado.httpserver import HTTPServer
        from tornado.ioloop import IOLoop
        try:
            sockets = listen(self.host, self.port)
        except PortTaken as exc:
            self.console.print(tr("error: {problem}", problem=exc), markup=False, highlight=False)
            return 2
        try:
            self.rebuild(tr("first build: "))
        except UnsafeOutput as exc:
            self.console.print(tr("error: {problem}", problem=exc), markup=False)
            return 2
        self.options = dataclasses.replace(self.options, full=False)  # --full: the first build; saves stay quick
        site_prefix = "/"
        watched = [self.options.content, self.options.themes]
        try:
            site = load_site_for(self.options)
        except ContentErrors:
            pass
        else:
            site_prefix = base_path(site)
            themes = self.options.themes.resolve()  # and a theme installed as a package, outside themes/
            watched += [d for d in theme_dirs(self.options.themes, site.config.theme)
                        if not d.resolve().is_relative_to(themes)]
        watcher = Watcher(watched)
        threading.Thread(target=self._watch, args=(watcher,), daemon=True, name="watch").start()
        threading.Thread(target=self._builds, daemon=True, name="build").start()
        HTTPServer(self.application(site_prefix)).add_sockets(sockets)
        self.loop = IOLoop.current()
        self.console.print(tr("serving {output}/ on http://{host}:{port}{site_prefix} — watching {list} (Ctrl-C "
                              "stops)",
                              output=self.options.output.as_posix(), host=self.host, port=self.port,
                              site_prefix=site_prefix, list=', '.join(p.as_posix() + '/' for p in watched)),
                           highlight=False)
        try:
            self.loop.start()
        except KeyboardInterrupt:
            pass
        return 0


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def serve(options: pipeline.Options, host: str, port: int, console: Console, quiet: bool = False,
          timings: Path | None = None) -> int:
    if options.use_cache:
        return DevServer(options, host, port, console, quiet, timings).run()
    # --no-cache: nothing is kept once the server stops; while it runs, the records that keep a save
    # quick (a cache-less build makes everything) live in a folder of its own, removed at the end.
    server = os.getpid()

    def stop(*_) -> None:  # `kill` stops the server as Ctrl-C does, cleaning up; a forked worker just ends
        if os.getpid() != server:
            os._exit(128 + signal.SIGTERM)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    with tempfile.TemporaryDirectory(prefix="generator-serve-") as kept:
        options = dataclasses.replace(options, use_cache=True, cache=Path(kept))
        return DevServer(options, host, port, console, quiet, timings).run()
