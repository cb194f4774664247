"""The dev server in headless Chromium: a saved edit appears in the open tab by itself; a broken save
shows its errors over the last good page, and the next good save clears them."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from helpers import REPO, TODAY, browser


@pytest.fixture
def server(tmp_path: Path):
    """``python -m generator serve`` on a copy of the example content, on a free port."""
    shutil.copytree(REPO / "content", tmp_path / "content")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--themes", str(REPO / "themes"),
                                "--today", TODAY.isoformat(), "--port", str(port)], cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}/"
    for _ in range(150):
        try:
            urllib.request.urlopen(base, timeout=2).close()
            break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail(process.communicate()[0])
    try:
        yield base, tmp_path
    finally:
        process.terminate()
        output = process.communicate(timeout=10)[0]
        print(output)


def test_an_edit_appears_in_the_open_tab_and_a_broken_edit_is_shown_over_the_last_good_page(server):
    base, root = server
    notice = root / "content" / "2022" / "weinan-kepuri-2022.md"
    original = notice.read_text(encoding="utf-8")
    with browser() as context:
        page = context.new_page()
        page.goto(base + "2022/weinan-kepuri-2022/")
        page.wait_for_function("window.LiveReload && LiveReload.connector && LiveReload.connector._isSocketConnected()"
                               " || document.querySelector('script[src*=\"livereload.js\"]')")
        page.wait_for_timeout(500)  # the LiveReload handshake
        assert page.get_by_text("现将有关事项通知如下").count() >= 1
        assert page.locator("#generator-errors").count() == 0

        started = time.monotonic()
        notice.write_text(original.replace("现将有关事项通知如下", "现将有关事项补充通知如下"), encoding="utf-8")
        page.wait_for_selector("text=现将有关事项补充通知如下", timeout=10000)  # no page.reload() anywhere
        print(f"edit → new text in the tab: {time.monotonic() - started:.2f} s")

        notice.write_text(original.replace("issuers:", "issuers: [", 1), encoding="utf-8")  # broken YAML
        overlay = page.wait_for_selector("#generator-errors", timeout=10000)
        assert "weinan-kepuri-2022.md" in overlay.inner_text() and "YAML" in overlay.inner_text()
        assert overlay.inner_text().startswith("Build failed: 1 problem(s).")  # the heading, in the run's language
        assert page.get_by_text("现将有关事项补充通知如下").count() >= 1  # still the last good site

        notice.write_text(original.replace("现将有关事项通知如下", "现将有关事项再次通知如下"), encoding="utf-8")
        page.wait_for_selector("text=现将有关事项再次通知如下", timeout=10000)
        page.wait_for_timeout(300)
        assert page.locator("#generator-errors").count() == 0
