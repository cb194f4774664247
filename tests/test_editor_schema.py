"""The real consumer of the JSON Schemas: yaml-language-server (the server of VS Code's YAML extension and
of other editors), run over a new scaffold as an editor runs it, through the Language Server Protocol.

It finds the schema from the scaffold's `# yaml-language-server: $schema=…` line (a path into the project,
no network), completes field names with their Chinese descriptions and the kinds of annex, and marks a
misspelt field and every placeholder on the lines `check` names. `make setup` installs the server with
npm into .cache/node/ (node and npm are Debian's: `make system` installs them); without it the test fails.
"""

from __future__ import annotations

import json
import os
import re
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import REPO

SERVER = REPO / ".cache" / "node" / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"


class LanguageServer:
    """A language server on stdio: JSON-RPC messages with Content-Length headers."""

    def __init__(self, root: Path):
        node = shutil.which("node")
        if node is None or not SERVER.exists():
            pytest.fail("yaml-language-server is not installed: `make setup` installs it (node and npm: `make system`)")
        self.process = subprocess.Popen([node, str(SERVER), "--stdio"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.buffer = b""
        self.last_id = 0
        settings = {"validate": True, "completion": True, "hover": True, "schemaStore": {"enable": False}}
        self.settings = settings
        self.request("initialize", {"processId": os.getpid(), "rootUri": root.as_uri(),
                                    "capabilities": {"workspace": {"configuration": True}, "textDocument": {
                                        "completion": {"completionItem": {"snippetSupport": True}}}}})
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": {"yaml": settings}})

    def send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method: str, params: dict) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: dict):
        self.last_id += 1
        number = self.last_id
        self.send({"id": number, "method": method, "params": params})
        return self.wait(lambda message: message.get("id") == number and "method" not in message)["result"]

    def _message(self, deadline: float) -> dict:
        while True:
            head, _, rest = self.buffer.partition(b"\r\n\r\n")
            if _:
                length = int(re.search(rb"Content-Length: *(\d+)", head, re.IGNORECASE).group(1))
                if len(rest) >= length:
                    self.buffer = rest[length:]
                    return json.loads(rest[:length])
            left = deadline - time.monotonic()
            assert left > 0, "the language server did not answer in time"
            ready, _, _ = select.select([self.process.stdout], [], [], left)
            if ready:
                chunk = os.read(self.process.stdout.fileno(), 65536)
                assert chunk, "the language server stopped"
                self.buffer += chunk

    def wait(self, wanted, seconds: float = 60) -> dict:
        deadline = time.monotonic() + seconds
        while True:
            message = self._message(deadline)
            if message.get("method") == "workspace/configuration":  # the server asks for the editor's settings
                self.send({"id": message["id"], "result": [self.settings for _ in message["params"]["items"]]})
            elif "id" in message and "method" in message:  # other requests from the server: nothing to say
                self.send({"id": message["id"], "result": None})
            elif wanted(message):
                return message

    def open(self, path: Path, text: str) -> list[dict]:
        """Open a document as YAML; the diagnostics the server publishes for it."""
        self.notify("textDocument/didOpen", {"textDocument": {"uri": path.as_uri(), "languageId": "yaml",
                                                              "version": 1, "text": text}})
        return self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                         and m["params"]["uri"] == path.as_uri())["params"]["diagnostics"]

    def complete(self, path: Path, line: int, character: int) -> list[dict]:
        result = self.request("textDocument/completion", {"textDocument": {"uri": path.as_uri()},
                                                          "position": {"line": line, "character": character}})
        return result["items"] if isinstance(result, dict) else result

    def close(self) -> None:
        self.process.kill()
        self.process.wait()


@pytest.fixture
def scaffold(tmp_path: Path) -> tuple[Path, str]:
    """A site from `init` and a notice from `new`, as an editor finds them."""
    def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True,
                              env={**os.environ, "COLUMNS": "200"})
    assert run("init", "site", cwd=tmp_path).returncode == 0
    site = tmp_path / "site"
    assert run("new", "shili-kejizhou-2024", "--year", "2024", "--campaign", "科技活动周", "--region", "示例市",
               cwd=site).returncode == 0
    return site, run("check", cwd=site).stderr


def _schema_lines(diagnostics: list[dict]) -> dict[int, str]:
    """File line (1-based) → message of the schema's diagnostics."""
    return {d["range"]["start"]["line"] + 1: d["message"] for d in diagnostics if d["source"].startswith("yaml-schema")}


def test_the_editor_marks_what_check_refuses_on_the_same_lines(scaffold):
    site, checked = scaffold
    path = site / "content" / "2024" / "shili-kejizhou-2024.md"
    refused = {int(number) for number in re.findall(r"shili-kejizhou-2024\.md:(\d+) \[", checked)}
    assert len(refused) >= 8
    server = LanguageServer(site)
    try:
        marked = _schema_lines(server.open(path, path.read_text(encoding="utf-8")))
        assert set(marked) == refused, (marked, checked)
        assert all("占位符" in message or "日期写成" in message for message in marked.values())

        # the placeholders filled in and a field name misspelt: only that line is marked
        filled = path.read_text(encoding="utf-8").replace("××-××", "04-22").replace("××", "示例").replace(
            "\ntheme:", "\nthme:")
        typo = site / "content" / "2024" / "typo.md"
        marked = _schema_lines(server.open(typo, filled))
        number = filled.split("\n").index("thme: 示例") + 1
        assert list(marked.items()) == [(number, "Property thme is not allowed.")]
    finally:
        server.close()


def test_the_editor_completes_fields_with_their_chinese_words_and_the_annex_kinds(scaffold):
    site, _ = scaffold
    path = site / "content" / "2024" / "shili-kejizhou-2024.md"
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    blank = lines.index("draft: false") + 1  # a new line above the closing ---, where the editor types
    lines.insert(blank, "")
    annex = lines.index("annexes: []")
    lines[annex:annex + 1] = ["annexes:", "  - kind: "]
    blank += 1
    values = list(lines)  # another document: a field's value being typed
    theme, draft = values.index("theme: ××"), values.index("draft: false")
    values[theme], values[draft] = "theme: ", "draft: "
    edited = site / "content" / "2024" / "editing.md"
    server = LanguageServer(site)
    try:
        server.open(edited, "\n".join(lines))
        fields = {item["label"]: item for item in server.complete(edited, blank, 0)}
        assert {"masthead", "published", "revised", "doc_type", "cc", "printed_by"} <= set(fields)
        assert "title" not in fields and "issuers" not in fields  # already written
        documentation = json.dumps(fields["masthead"], ensure_ascii=False)
        assert "红头" in documentation
        kinds = [item["label"] for item in server.complete(edited, annex + 1, len("  - kind: "))]
        assert set(kinds) == {"table", "form", "text", "document", "file"}
        typing = site / "content" / "2024" / "typing.md"
        server.open(typing, "\n".join(values))
        assert {item["label"] for item in server.complete(typing, draft, len("draft: "))} == {"true", "false"}
        assert not {"true", "false"} & {item["label"] for item in server.complete(typing, theme, len("theme: "))}
    finally:
        server.close()


def test_the_editor_checks_site_yaml(scaffold):
    site, _ = scaffold
    path = site / "content" / "site.yaml"
    text = path.read_text(encoding="utf-8")
    server = LanguageServer(site)
    try:
        assert _schema_lines(server.open(path, text)) == {}
        mistaken = site / "content" / "mistaken.yaml"
        marked = _schema_lines(server.open(mistaken, text.replace("\ntheme:", "\nthem:").replace("key: shi", "key: Shi")))
        lines = text.split("\n")
        assert marked == {lines.index("theme: default") + 1: "Property them is not allowed.",
                          lines.index("  - key: shi") + 1: "只用小写英文字母、数字和连字符 -（它是网址的一部分）"}
    finally:
        server.close()
