"""docs/运维指南.md as an operator follows it: every ``sh`` block run in order in a copy of the example site,
every ``# content/site.yaml`` block written into the site config at its place; then the site shows what
the guide says it shows."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from helpers import REPO, browser, serve

GUIDE = REPO / "docs" / "运维指南.md"
MARK = "# content/site.yaml"
_FENCE = re.compile(r"^```(\w+)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def blocks() -> list[tuple[str, str]]:
    """The guide's top-level fenced blocks, in order: (language, text)."""
    return [(match.group(1), match.group(2)) for match in _FENCE.finditer(GUIDE.read_text(encoding="utf-8"))]


def merge_config(config: Path, snippet: str) -> None:
    """Write a snippet's top-level fields into site.yaml, replacing the same fields there."""
    lines = config.read_text(encoding="utf-8").splitlines()
    fields = re.findall(r"^([a-z_]+):", snippet, re.MULTILINE)
    kept, skipping = [], False
    for line in lines:
        top = re.match(r"^([a-z_]+):", line)
        if top:
            skipping = top.group(1) in fields
        if not skipping:
            kept.append(line)
    config.write_text("\n".join(kept) + "\n" + snippet, encoding="utf-8")


def test_the_guide_has_commands_and_config_to_run():
    found = blocks()
    assert sum(language == "sh" for language, _ in found) >= 3
    assert sum(language == "yaml" and text.startswith(MARK) for language, text in found) >= 3
    named = set(re.findall(r"`((?:docs|tests|generator|\.github)/[^`\s]+)`", GUIDE.read_text(encoding="utf-8")))
    assert {"docs/deploy/nginx-notices.conf", ".github/workflows/publish.yml"} <= named
    assert [path for path in sorted(named) if not (REPO / path).exists()] == []


def test_every_command_and_config_of_the_operators_guide_works(tmp_path: Path):
    site = tmp_path / "site"
    shutil.copytree(REPO / "content", site / "content")
    shutil.copytree(REPO / "themes", site / "themes")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}", "COLUMNS": "200"}
    for language, text in blocks():
        if language == "yaml" and text.startswith(MARK):
            merge_config(site / "content" / "site.yaml", text.removeprefix(MARK + "\n"))
        elif language == "sh":
            result = subprocess.run(["bash", "-euo", "pipefail", "-c", text], cwd=site, env=env,
                                    capture_output=True, text=True, timeout=600)
            assert result.returncode == 0, f"{text}\n{result.stdout}\n{result.stderr}"
    output = site / "output"
    pages = sorted(output.rglob("*.html"))
    assert len(pages) > 30
    for page in pages:
        html = page.read_text(encoding="utf-8")
        footer = html[html.index('<footer class="site-footer">'):]
        assert "主办单位：渭南市科学技术协会" in footer and ">陕ICP备12345678号-1</a>" in footer, page
        assert ">陕公网安备61050202000001号</a>" in footer and "技术支持：市科协信息中心" in footer, page
        assert 'href="/notices/static/kexie.css"' in html[:html.index("</head>")], page  # built for /notices/
    assert (output / "static" / "kexie.css").is_file()
    assert header_contrast_problems(output) == []


def header_contrast_problems(output: Path) -> list[str]:
    """axe's colour-contrast rule on the page header as the child theme styles it (title, nav, search)."""
    import axe_playwright_python
    axe = Path(axe_playwright_python.__file__).parent / "axe.min.js"
    with serve(output, "/notices/") as base, browser() as context:
        page = context.new_page()
        page.goto(base + "2022/")
        assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor") \
            != "rgb(255, 255, 255)"  # the guide's stylesheet applies
        page.add_script_tag(path=str(axe))
        result = page.evaluate("() => axe.run('.site-header', {runOnly: ['color-contrast']})")
        return [f"{node['target']}: {node['failureSummary']}"
                for violation in result["violations"] for node in violation["nodes"]]
