"""Issue 17 #6: the dev server uses livereload through its public API only — its handlers, configured the
way its own Server configures them, and the reload its own ``/forcereload`` handler sends — never its
internals (the set of open sockets, underscored names). What a tab receives is checked end to end."""

from __future__ import annotations

import ast
import asyncio
import json
import time
from pathlib import Path

from helpers import NOTICE, REPO, Project
from test_hostile_outputs import dev_server

SERVE = REPO / "generator" / "serve.py"


def _livereload_names(tree: ast.AST) -> set[str]:
    """Every name serve.py imports from livereload."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("livereload"):
            names.update(alias.asname or alias.name for alias in node.names)
    return names


def test_serve_reaches_into_no_livereload_internals():
    tree = ast.parse(SERVE.read_text(encoding="utf-8"))
    imported = _livereload_names(tree)
    assert imported, "serve.py uses livereload"
    assert all(not name.startswith("_") for name in imported)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            assert node.attr != "waiters", f"line {node.lineno}: the set of open sockets is livereload's own"
            base = node.value
            if isinstance(base, ast.Name) and base.id in imported:
                assert not node.attr.startswith("_"), f"line {node.lineno}: {base.id}.{node.attr}"


def _reloads(port: int, edits: list[tuple[Path, str]]) -> list[dict]:
    """Connect as a browser tab does (LiveReload's handshake), save each edit, collect the reload messages."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    async def run() -> list[dict]:
        request = HTTPRequest(f"ws://127.0.0.1:{port}/livereload", headers={"Origin": f"http://127.0.0.1:{port}"})
        tab = await websocket_connect(request)
        await tab.write_message(json.dumps({"command": "hello", "protocols": [
            "http://livereload.com/protocols/official-7"]}))
        hello = json.loads(await asyncio.wait_for(tab.read_message(), 10))
        assert hello["command"] == "hello"
        await tab.write_message(json.dumps({"command": "info", "url": f"http://127.0.0.1:{port}/", "plugins": {}}))
        await asyncio.sleep(0.3)
        messages = []
        for path, text in edits:
            path.write_text(text, encoding="utf-8")
            while True:
                message = json.loads(await asyncio.wait_for(tab.read_message(), 60))
                if message.get("command") == "reload":
                    messages.append(message)
                    break
            await asyncio.sleep(0.3)
        tab.close()
        return messages

    return asyncio.run(run())


def test_a_save_reloads_the_open_tab_and_a_stylesheet_save_refreshes_only_stylesheets(project: Project):
    project.write("2022/notice.md", NOTICE)
    notice = project.content / "2022" / "notice.md"
    stylesheet = project.root / "themes" / "default" / "static" / "style.css"
    with dev_server(project, "--no-search") as (port, _):
        started = time.monotonic()
        first, second = _reloads(port, [(notice, NOTICE + "\n改过的一句。\n"),
                                        (stylesheet, stylesheet.read_text(encoding="utf-8") + "\n.x{}\n")])
    assert first["path"] == "*"  # a page changed: the whole tab reloads
    assert second["path"] == "style.css" and second["liveCSS"] is True  # a stylesheet: swapped in place
    assert time.monotonic() - started < 60
