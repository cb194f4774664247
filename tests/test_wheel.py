"""The package as a new user gets it: the wheel built, installed into a fresh venv outside the
repository, then `notices init my-site && cd my-site && notices build` in a folder of its own.

Building the wheel and installing its dependencies use pip's index (or pip's cache), pinned by
constraints.txt as `make build` pins them.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from helpers import REPO

SOURCES = ["pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "constraints.txt", "generator", "themes/default"]


def _tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, f"{command}: {done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.mark.slow
def test_the_wheel_installs_and_builds_a_new_site_anywhere(tmp_path: Path):
    source = tmp_path / "source"  # a copy: building a wheel writes build/ and *.egg-info beside the sources
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, source / name)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "VIRTUAL_ENV"))}
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path / "dist"), str(source)],
         tmp_path, env)
    wheel, = (tmp_path / "dist").glob("campaign_notices-*.whl")

    venv.create(tmp_path / "venv", with_pip=True)
    scripts = tmp_path / "venv" / ("Scripts" if os.name == "nt" else "bin")
    python, notices = scripts / "python", scripts / "notices"
    _run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
          "-c", str(REPO / "constraints.txt"), str(wheel)], tmp_path, env)

    anywhere = tmp_path / "anywhere"
    anywhere.mkdir()
    where = _run([str(python), "-c", "import generator; print(generator.__file__)"], anywhere, env).stdout
    assert Path(where.strip()).is_relative_to(tmp_path / "venv"), where  # the installed copy, not the repository's
    assert _run([str(notices), "--version"], anywhere, env).stdout.startswith("notices 0.1.0")
    assert _run([str(notices), "build", "--help"], anywhere, env).stdout.startswith("usage: notices build ")

    _run([str(notices), "init", "my-site"], anywhere, env)
    site = anywhere / "my-site"
    assert not (site / "themes").exists()  # the default theme comes from the package
    checked = _run([str(notices), "check"], site, env)
    assert "2 notice(s) valid" in checked.stdout
    # The compiled Chinese catalogue came with the wheel: with nothing saying English, Chinese.
    chinese = {key: value for key, value in env.items() if key not in ("NOTICES_LANG", "LC_ALL", "LC_MESSAGES")}
    chinese["LANG"] = "C"
    assert _run([str(notices), "check"], site, chinese).stdout.startswith("通过：2 篇通知有效")
    assert _run([str(notices), "build", "--help"], anywhere, chinese).stdout.startswith("用法：notices build ")
    built = _run([str(notices), "build"], site, env)
    assert "built 2 notice(s)" in built.stdout, built.stdout
    output = _tree(site / "output")
    for path in ["index.html", "404.html", "2025/shili-kepuri-2025/index.html", "static/style.css",
                 "search/index.html", "feed.xml"]:
        assert path in output, path
    assert any(path.startswith("pagefind") for path in output)  # the search index (Pagefind's binary came along)
    page = (site / "output" / "2025" / "shili-kepuri-2025" / "index.html").read_text(encoding="utf-8")
    assert "关于举办2025年示例市全国科普日活动的通知" in page

    # Built by the installed copy and by the source tree on the same day: the same bytes (the
    # wheel's theme is the repository's).
    same_day = ["build", "--today", "2026-01-05", "--no-cache", "--quiet", "--output"]
    _run([str(notices), *same_day, str(tmp_path / "installed")], site, env)
    _run([sys.executable, "-m", "generator", *same_day, str(tmp_path / "from-source")], site,
         {**env, "PYTHONPATH": str(REPO)})
    assert _tree(tmp_path / "from-source") == _tree(tmp_path / "installed")
