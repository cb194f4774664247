"""Shared pieces for the example-site and browser tests: build once, serve on 127.0.0.1, drive chromium."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import socketserver
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2023, 9, 1)  # the example site's "today" in tests: two deadlines ahead, the rest past

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def build_example(output: Path, base_url: str | None = None, search: bool = True):
    from generator.build import Options, build
    return build(Options(content=REPO / "content", output=output, themes=REPO / "themes", today=TODAY,
                         base_url=base_url, search=search))


def load_example():
    from generator.build import Options, load_all
    site, notices, _ = load_all(Options(content=REPO / "content", themes=REPO / "themes", today=TODAY))
    return site, notices


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass


@contextmanager
def serve(root: Path, prefix: str = "/"):
    """Serve ``root`` on 127.0.0.1 at ``prefix`` (e.g. /notices/); yields the base URL."""
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"

    class Handler(_Quiet):
        def translate_path(self, path):
            if not path.startswith(prefix):
                return str(root / "__outside_the_prefix__")
            return super().translate_path("/" + path[len(prefix):])

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def browser():
    """Debian's chromium, headless, with a fresh profile."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield context
        finally:
            context.close()
