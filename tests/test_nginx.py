"""Issue 17 #4: the example site built for ``/notices/`` and served by Debian's real nginx with the
configuration in docs/deploy/nginx-notices.conf, as written (only the folder it serves from is moved),
crawled: every page, link and asset the pages name answers 200 under /notices/, a missing page gets
the site's 404 page with status 404, and nothing answers outside /notices/."""

from __future__ import annotations

import contextlib
import http.client
import re
import shutil
import socket
import subprocess
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from helpers import REPO, build_example

CONFIG = REPO / "docs" / "deploy" / "nginx-notices.conf"
PREFIX = "/notices/"


def nginx() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    assert found, "Debian's nginx is not installed: `make system` installs it"
    return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def served(root: Path):
    """nginx on 127.0.0.1 with the shipped location blocks inside a server of its own; yields the port."""
    port = _free_port()
    snippet = CONFIG.read_text(encoding="utf-8").replace("root /srv/www;", f"root {root};")
    assert f"root {root};" in snippet
    (root.parent / "notices.conf").write_text(snippet, encoding="utf-8")
    (root.parent / "nginx.conf").write_text(f"""
user root;
worker_processes 1;
pid {root.parent}/nginx.pid;
error_log {root.parent}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {root.parent}/body;
    proxy_temp_path {root.parent}/proxy;
    fastcgi_temp_path {root.parent}/fastcgi;
    uwsgi_temp_path {root.parent}/uwsgi;
    scgi_temp_path {root.parent}/scgi;
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        include {root.parent}/notices.conf;
    }}
}}
""", encoding="utf-8")
    test = subprocess.run([nginx(), "-t", "-p", str(root.parent), "-c", str(root.parent / "nginx.conf")],
                          capture_output=True, text=True)
    assert test.returncode == 0, test.stderr
    process = subprocess.Popen([nginx(), "-p", str(root.parent), "-c", str(root.parent / "nginx.conf"),
                                "-g", "daemon off;"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        for _ in range(100):
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            assert process.poll() is None, process.stdout.read().decode()
            time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def get(port: int, path: str) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": "localhost"})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and (name in ("href", "src") or (tag, name) == ("form", "action")
                          or (tag == "div" and name in ("data-bundle", "data-merge"))):
                if name.startswith("data-"):  # a Pagefind bundle: the search script asks for these in it
                    self.found.extend(f"{bundle}{file}" for bundle in value.split()
                                      for file in ("pagefind.js", "pagefind-entry.json"))
                else:
                    self.found.append(value)


def _internal(page: str, link: str) -> str | None:
    """The path a link of ``page`` asks this server for, or None for another site, mail, phone …"""
    if link.startswith(("mailto:", "tel:", "javascript:", "data:")):
        return None
    absolute = urlsplit(urljoin(f"http://localhost{page}", link))
    if absolute.netloc != "localhost":
        return None
    return absolute.path


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("nginx") / "www"
    build_example(root / "notices", base_url=PREFIX)
    return root


def test_the_site_under_notices_answers_every_link_and_asset_with_200(site: Path):
    with served(site) as port:
        seen: set[str] = set()
        queue = [PREFIX]
        broken: list[str] = []
        while queue:
            path = queue.pop()
            if path in seen:
                continue
            seen.add(path)
            status, headers, body = get(port, path)
            if status != 200:
                broken.append(f"{path}: {status}")
                continue
            if headers.get("content-type", "").startswith("text/html"):
                links = _Links()
                links.feed(body.decode("utf-8"))
                for link in links.found:
                    target = _internal(path, link)
                    if target is not None:
                        assert target.startswith(PREFIX), f"{path} links outside the site: {link}"
                        queue.append(target)
        assert broken == []
        pages = {p for p in seen if p.endswith("/")}
        built = {PREFIX + p.parent.relative_to(site / "notices").as_posix() + "/"
                 for p in (site / "notices").rglob("index.html")}
        assert {p.replace(PREFIX + "./", PREFIX) for p in built} <= {unquote(p) for p in pages} | {PREFIX}
        assert any(p.endswith(".xlsx") for p in seen) and any(p.endswith(".ics") for p in seen)
        assert any("pagefind" in p for p in seen)


def test_types_redirects_the_404_page_and_nothing_outside_notices(site: Path):
    with served(site) as port:
        status, headers, body = get(port, PREFIX)
        assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
        assert headers["x-content-type-options"] == "nosniff"
        assert get(port, PREFIX + "calendar.ics")[1]["content-type"].startswith("text/calendar")
        assert get(port, PREFIX + "feed.xml")[1]["content-type"].startswith("text/xml")
        assert get(port, PREFIX + "api/notices.json")[1]["content-type"].startswith("application/json")
        xlsx = next((site / "notices").rglob("*.xlsx")).relative_to(site / "notices").as_posix()
        assert get(port, PREFIX + xlsx)[1]["content-type"] == (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        status, headers, _ = get(port, "/notices")
        assert status == 301 and headers["location"] == PREFIX
        status, headers, _ = get(port, PREFIX + "2022")
        assert status == 301 and headers["location"] == PREFIX + "2022/"  # no host or port named
        missing = (site / "notices" / "404.html").read_bytes()
        for path in (PREFIX + "no-such-page/", PREFIX + "2022/no-such-notice/", PREFIX + "static/none.css"):
            status, headers, body = get(port, path)
            assert status == 404 and body == missing, path
        assert re.search(rb'href="/notices/static/style.css"', missing)  # the 404 page's assets work at any depth
        assert get(port, "/2022/")[0] == 404 and get(port, "/index.html")[0] == 404
