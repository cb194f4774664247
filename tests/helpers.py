"""Shared pieces for the example-site and browser tests: build once, serve on 127.0.0.1, drive chromium."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import socketserver
import tempfile
import threading
import textwrap
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.__main__ import main

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


SITE = """\
title: 测试站点
base_url: /
campaigns:
  - key: kepuri
    name: 全国科普日
regions:
  - key: shaanxi
    name: 陕西省
    children:
      - key: weinan
        name: 渭南市
        area_code: "0913"
actions:
  - key: society
    name: 学会科普联合行动
  - key: enterprise
    name: 企业科协联合行动
    aliases: [企业科普联合行动]
"""

NOTICE = """\
---
title: 关于举办2022年渭南市全国科普日活动的通知
issued: 2022-08-10
issuers: [渭南市科学技术协会]
region: weinan
campaign: kepuri
actions:
  - key: society
    name: 学会科普联合行动
    text: 发动各级学会。
---
## 一、主题和时间

[[actions]]
"""


def tiny_pdf(text: str) -> bytes:
    """A one-page A4 PDF with one line of ASCII text, written by hand: a stand-in for an attached scan.
    (The PDFs of content/2023/weinan-kejizhou-2023/ were made this way.)"""
    stream = f"BT /F1 14 Tf 72 770 Td ({text}) Tj ET"
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
               "/Contents 5 0 R >>", "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream"]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("ascii")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("ascii")
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode("ascii")
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode("ascii")
    return out


@dataclass
class Run:
    code: int
    out: str
    err: str


@dataclass
class Project:
    root: Path
    capsys: pytest.CaptureFixture

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def output(self) -> Path:
        return self.root / "output"

    def write(self, relative: str, text: str, encoding: str = "utf-8") -> Path:
        path = self.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(textwrap.dedent(text).encode(encoding))
        return path

    def run(self, *args: str) -> Run:
        self.capsys.readouterr()
        code = main(list(args))
        captured = self.capsys.readouterr()
        return Run(code, captured.out, captured.err)

    def build(self, *args: str) -> Run:
        return self.run("build", "--today", "2022-09-01", *args)




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


def searchable(output: Path) -> dict[str, str]:
    """What the site's search finds, page by page: each notice URL → its Pagefind fragment (the text,
    filters and headings indexed), from the years' bundles less the pages ``pagefind/delta.json`` hides,
    plus the delta bundle's. Two builds whose bundles are split differently (an edit in the delta, or its
    year indexed again) give the same; a page found twice or not at all does not."""
    import gzip
    import json as json_module

    def fragments(bundle: Path) -> list[tuple[str, dict]]:
        return [(path.stem, json_module.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd"):]))
                for path in sorted((bundle / "fragment").glob("*.pf_fragment"))]

    root = output / "pagefind"
    delta_file = root / "delta.json"
    delta = json_module.loads(delta_file.read_text(encoding="utf-8")) if delta_file.exists() else {}
    hidden = set(delta.get("hidden", {}))
    found: list[tuple[str, dict]] = []
    for bundle in sorted(p for p in root.iterdir() if p.is_dir() and p.name != "delta") if root.is_dir() else []:
        for page_id, fragment in fragments(bundle):
            if page_id in hidden:
                hidden.discard(page_id)  # one copy of each hidden page goes
            else:
                found.append((page_id, fragment))
    if delta.get("bundle"):
        found += fragments(root / delta["bundle"])
    assert not hidden, f"delta.json hides pages no bundle holds: {sorted(hidden)}"
    pages: dict[str, str] = {}
    for _, fragment in found:
        assert fragment["url"] not in pages, f"{fragment['url']} is found twice"
        pages[fragment["url"]] = json_module.dumps(fragment, ensure_ascii=False, sort_keys=True)
    return pages
