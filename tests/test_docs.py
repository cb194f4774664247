"""Every command in the docs is run, every example notice in the editor's guide is checked, and every
relative link of README.md and docs/*.md leads to a file and heading that exist.

The marking rule (docs/开发者指南.md, "The docs are tested"): a fenced block's info string says what the
test does with it.

- ```` ```sh ```` — run with bash (``-euo pipefail``), in order, in one copy of the repository per guide;
  it must exit 0 (``sh exit=2``: it must exit 2, for a block that shows what an error looks like;
  `make` exits 2 when the command it runs fails).
- ```` ```text output ```` right after a run block — what that command prints: every line of it must be in
  the command's output (a year folder ``content/2026/`` stands for whichever year it is).
- ```` ```sh no-run: REASON ```` — shown, not run; the reason is required (a server that runs until
  Ctrl+C, a long benchmark, an install, the test suite itself). Every other command language (``bat``,
  ``powershell``, ``console``, ``bash`` …) must be marked ``no-run:`` too.
- ```` ```LANG file=PATH ```` — its text is written to PATH in the copy before the next blocks run (the
  editor's guide writes its example notice and a text to import that way).
- ```` ```yaml ```` in the editor's guide — a front-matter snippet: put into the guide's example notice in
  place of the same field, and the notice must pass ``check``.
- docs/运维指南.md is run by tests/test_operator_guide.py (its ``# content/site.yaml`` blocks are merged
  into the site's config in order), so it is only held to the marking rule here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml

from helpers import REPO

README = REPO / "README.md"
DOCS = REPO / "docs"
EDITOR = DOCS / "编辑指南.md"
OPERATOR = DOCS / "运维指南.md"
DEVELOPER = DOCS / "开发者指南.md"
COMMAND_LANGUAGES = {"sh", "bash", "shell", "console", "bat", "cmd", "powershell", "ps1", "pwsh"}
_FENCE = re.compile(r"^(?P<indent>[ \t]*)```(?P<info>[^`\n]*)\n(?P<text>.*?)^(?P=indent)```[ \t]*$",
                    re.MULTILINE | re.DOTALL)
_LINK = re.compile(r"(?<!!)\[(?:[^\[\]]|\[[^\]]*\])*\]\(([^)\s]+)\)")


class Block:
    def __init__(self, path: Path, line: int, info: str, text: str, indent: str):
        self.path, self.line, self.info = path, line, info.strip()
        self.text = "".join(part[len(indent):] if part.startswith(indent) else part
                            for part in text.splitlines(keepends=True))
        self.language = self.info.split()[0] if self.info else ""
        self.no_run = re.search(r"\bno-run:\s*(.*)$", self.info)
        exit_status = re.search(r"\bexit=(\d+)\b", self.info)
        self.exit = int(exit_status.group(1)) if exit_status else 0
        file = re.search(r"\bfile=(\S+)", self.info)
        self.file = file.group(1) if file else None

    def where(self) -> str:
        return f"{self.path.relative_to(REPO)}:{self.line} ```{self.info}"


def guides() -> list[Path]:
    return [README, *sorted(DOCS.glob("*.md"))]


def blocks(path: Path) -> list[Block]:
    text = path.read_text(encoding="utf-8")
    return [Block(path, text.count("\n", 0, match.start()) + 1, match.group("info"), match.group("text"),
                  match.group("indent")) for match in _FENCE.finditer(text)]


def test_every_block_is_marked():
    """A command block is run or says why not; a block without a language is not allowed (it would
    escape the test while looking like a command)."""
    problems = []
    for path in guides():
        for block in blocks(path):
            if not block.language:
                problems.append(f"{block.where()}: no language (sh, text, yaml, markdown …)")
            elif block.language in COMMAND_LANGUAGES and block.language != "sh" and not block.no_run:
                problems.append(f"{block.where()}: only ```sh blocks are run; mark it `no-run: REASON`")
            elif block.no_run is not None and not block.no_run.group(1).strip():
                problems.append(f"{block.where()}: `no-run:` without a reason")
    assert problems == []


def test_the_guides_have_commands_that_run():
    for path in (README, EDITOR, DEVELOPER, OPERATOR):
        run = [block for block in blocks(path) if block.language == "sh" and not block.no_run]
        assert len(run) >= 2, path
    # the few not run are the exception, each with its reason
    every = [block for path in guides() for block in blocks(path) if block.language in COMMAND_LANGUAGES]
    assert sum(bool(block.no_run) for block in every) * 2 < len(every)


# ---- running them -----------------------------------------------------------------------------------------

def _copy_of_the_repository(where: Path) -> Path:
    """The repository's files (not its venv, caches or output), and a .venv that is this test's venv
    (so `make build` finds everything installed and does not install again)."""
    if sys.prefix == sys.base_prefix:
        pytest.fail("run the tests from the project's venv (make test, or .venv/bin/python -m pytest)")
    site = where / "repo"
    shutil.copytree(REPO, site, symlinks=True, ignore=shutil.ignore_patterns(
        ".git", ".venv", ".cache", "output", "__pycache__", "*.egg-info", "build", "dist", ".pytest_cache"))
    venv = Path(sys.prefix)
    shim = site / ".venv"
    shim.mkdir()
    shutil.copy(venv / "pyvenv.cfg", shim / "pyvenv.cfg")
    (shim / "bin").symlink_to(venv / "bin")
    (shim / "lib").symlink_to(venv / "lib")
    for stamp in (".installed-build", ".installed-test"):  # newer than pyproject.toml and constraints.txt
        (shim / stamp).touch()
    return site


def _years(text: str) -> str:
    return re.sub(r"content/\d{4}/", "content/YEAR/", text)


def _run(guide: Path, tmp_path: Path, language: str = "en") -> Path:
    """Run the guide's commands in order (in ``language``: the editors' guide shows the Chinese a clerk reads)."""
    site = _copy_of_the_repository(tmp_path)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "COLUMNS": "200", "PYTHONDONTWRITEBYTECODE": "1", "NOTICES_LANG": language}
    ran, said = 0, None
    for block in blocks(guide):
        if block.language == "text" and re.search(r"\boutput\b", block.info):
            assert said is not None, f"{block.where()}: `output` follows no command that ran"
            missing = [line for line in block.text.splitlines() if _years(line) not in _years(said)]
            assert missing == [], f"{block.where()}: not printed by the command:\n{said}"
            continue
        said = None
        if block.file:
            target = site / block.file
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(block.text, encoding="utf-8")
        elif block.language == "sh" and not block.no_run:
            result = subprocess.run(["bash", "-euo", "pipefail", "-c", block.text], cwd=site, env=env,
                                    capture_output=True, text=True, timeout=900)
            assert result.returncode == block.exit, f"{block.where()}\n{block.text}\n{result.stdout}\n{result.stderr}"
            assert "Traceback" not in result.stderr, block.where()
            said = result.stdout + result.stderr
            ran += 1
    assert ran >= 2
    return site


def test_the_readmes_commands_run(tmp_path: Path):
    site = _run(README, tmp_path)
    assert (site / "output" / "index.html").is_file()  # make build
    assert (site / "my-site" / "output" / "index.html").is_file()  # notices init my-site … notices build


def test_the_editors_guide_runs_as_written(tmp_path: Path):
    site = _run(EDITOR, tmp_path, language="zh")
    notice = site / "output" / "2024" / "pucheng-kejizhou-2024" / "index.html"
    assert "关于举办2024年蒲城县科技活动周活动的通知" in notice.read_text(encoding="utf-8")
    assert (site / "content" / "2024" / "pucheng-kepuri-2024.md").is_file()  # the import


@pytest.mark.slow
def test_the_developers_guide_runs_as_written(tmp_path: Path):
    _run(DEVELOPER, tmp_path)


# ---- the editor's guide's snippets --------------------------------------------------------------------------

def _example_notice() -> Block:
    return next(block for block in blocks(EDITOR) if block.file and block.file.endswith(".md"))


def _with_field(notice: str, snippet: str) -> str:
    """The notice with the snippet's top-level fields in place of its own (added when it has none)."""
    head, body = notice.removeprefix("---\n").split("\n---\n", 1)
    fields = set(re.findall(r"^([a-z_]+):", snippet, re.MULTILINE))
    kept, skipping = [], False
    for line in head.splitlines():
        top = re.match(r"^([a-z_]+):", line)
        if top:
            skipping = top.group(1) in fields
        if not skipping:
            kept.append(line)
    return "---\n" + "\n".join(kept) + "\n" + snippet.rstrip("\n") + "\n---\n" + body


def test_every_snippet_of_the_editors_guide_passes_check(tmp_path: Path):
    from generator.__main__ import main
    example = _example_notice()
    snippets = [block for block in blocks(EDITOR) if block.language == "yaml" and not block.file]
    markdown = [block for block in blocks(EDITOR) if block.language == "markdown" and not block.file]
    assert len(snippets) >= 10 and markdown
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(REPO / "content" / "site.yaml", content / "site.yaml")
    path = content / example.file.removeprefix("content/")
    path.parent.mkdir(parents=True)
    for block in snippets + markdown:
        if block.language == "yaml":
            assert isinstance(yaml.safe_load(block.text), dict), block.where()  # each is front matter on its own
            text = _with_field(example.text, block.text)
        else:
            text = example.text + "\n" + block.text
        if "kind: file" in block.text:  # the guide says to put the file in the notice's own folder first
            name = re.search(r"file: (\S+)", block.text).group(1)
            (path.parent / name).parent.mkdir(parents=True, exist_ok=True)
            (path.parent / name).write_bytes(b"PK\x05\x06" + bytes(18))
        path.write_text(text, encoding="utf-8")
        code = main(["check", "--content", str(content), "--themes", str(REPO / "themes"), "--today", "2024-06-30"])
        assert code == 0, block.where()


# ---- links ---------------------------------------------------------------------------------------------------

def github_anchor(heading: str) -> str:
    """The id GitHub (and most Markdown renderers of the same family) give a heading: lower case, markup
    and punctuation dropped, spaces to hyphens; letters of every script (汉字 too) kept."""
    text = re.sub(r"`([^`]*)`", r"\1", heading.strip()).lower()
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    kept = "".join(ch for ch in text if ch in " -_" or unicodedata.category(ch)[0] in "LNM")
    return kept.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    text = _FENCE.sub("", path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for heading in re.findall(r"^#{1,6} +(.+?) *#*$", text, re.MULTILINE):
        anchor, n = github_anchor(heading), 1
        while anchor in found:
            anchor, n = f"{github_anchor(heading)}-{n}", n + 1
        found.add(anchor)
    return found


def test_github_anchor():
    assert github_anchor("七、从 Word 文件导入") == "七从-word-文件导入"
    assert github_anchor("联合行动和 `[[actions]]`") == "联合行动和-actions"
    assert github_anchor("Speed: incremental builds, the dev server and `make bench`") == \
        "speed-incremental-builds-the-dev-server-and-make-bench"


def test_every_relative_link_leads_somewhere():
    broken = []
    for path in guides():
        text = _FENCE.sub("", path.read_text(encoding="utf-8"))
        text = re.sub(r"`[^`\n]*`", "", text)
        for target in _LINK.findall(text):
            if re.match(r"[a-z]+:", target):  # http:, mailto: … not ours to check
                continue
            file, _, anchor = target.partition("#")
            where = (path.parent / file).resolve() if file else path
            if not where.exists():
                broken.append(f"{path.relative_to(REPO)}: {target} (no such file)")
            elif anchor and where.suffix == ".md" and anchor not in anchors(where):
                broken.append(f"{path.relative_to(REPO)}: {target} (no such heading)")
    assert broken == []


def test_the_readme_fits_on_two_screens_and_links_the_three_guides():
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 80
    for guide in ("docs/编辑指南.md", "docs/运维指南.md", "docs/开发者指南.md"):
        assert f"]({guide})" in text, guide
    assert text.index("docs/编辑指南.md") < text.index("docs/运维指南.md")  # the editors' first


def test_the_messages_point_to_guide_sections_that_exist():
    """A hint that sends the editor to a guide names a file and a heading that are there."""
    pointers = []
    for source in sorted((REPO / "generator").rglob("*.py")):
        pointers += re.findall(r"(docs/[^\s,;`\"]+\.md)(?:, “([^”]+)”)?", source.read_text(encoding="utf-8"))
    assert len(pointers) >= 3
    assert not re.search(r"README\.md, “", "".join(p.read_text(encoding="utf-8")
                                                 for p in (REPO / "generator").rglob("*.py")))
    for file, heading in pointers:
        assert (REPO / file).is_file(), file
        if heading:
            assert github_anchor(heading) in anchors(REPO / file), (file, heading)


def test_the_operators_command_line_lists_every_option():
    """The synopsis in 运维指南 names exactly the options each command takes (serve: test_hostile_outputs)."""
    from generator.__main__ import _parser
    parser = _parser()
    commands = parser._subparsers._group_actions[0].choices
    synopsis = next(block.text for block in blocks(OPERATOR) if block.text.startswith("notices build"))
    said: dict[str, set[str]] = {}
    for line in synopsis.splitlines():
        command = re.match(r"notices (\w+)", line)
        if command:
            name = command.group(1)
        said.setdefault(name, set()).update(re.findall(r"--[a-z-]+", line.split("#")[0]))
    for name in ("build", "check", "new", "init", "import"):
        takes = {option for action in commands[name]._actions for option in action.option_strings}
        assert said[name] == takes - {"-h", "--help"}, name
