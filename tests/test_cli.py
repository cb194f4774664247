"""The command line itself: --version, help for every option, the name it was invoked by, `init`,
and exit statuses (0 success, 1 content, 2 usage or set-up) on every path."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.__main__ import _parser, main
from helpers import REPO


def _run(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse: --help, --version, usage errors
        code = exc.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _actions(parser: argparse.ArgumentParser, where: str = ""):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _actions(sub, f"{where} {name}".strip())
        else:
            yield where, action


def test_every_option_and_argument_has_help():
    missing = [f"{where}: {action.option_strings or action.dest}" for where, action in _actions(_parser("notices"))
               if not action.help or action.help == argparse.SUPPRESS]
    assert missing == []


def test_version(capsys: pytest.CaptureFixture):
    code, out, _ = _run(capsys, "--version")
    assert code == 0 and out.split()[-1][0].isdigit(), out


def test_usage_names_the_command_as_invoked(tmp_path: Path):
    done = subprocess.run([sys.executable, "-m", "generator", "--help"], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.startswith("usage: python -m generator "), done.stdout
    assert _parser("notices").format_usage().startswith("usage: notices ")
    script = Path(sys.executable).with_name("notices")  # the installed command, bench's own options too
    for args, usage in ((["--help"], "usage: notices "), (["bench", "--help"], "usage: notices bench ")):
        done = subprocess.run([str(script), *args], capture_output=True, text=True, cwd=tmp_path)
        assert done.returncode == 0 and done.stdout.startswith(usage), done.stdout


@pytest.mark.parametrize("args", [["build", "--no-such-option"], ["frobnicate"], [], ["build", "--jobs", "many"],
                                  ["check", "--today", "2022-02-30"]])
def test_usage_mistakes_exit_2(capsys: pytest.CaptureFixture, args: list[str]):
    code, _, err = _run(capsys, *args)
    assert code == 2 and "usage:" in err and "Traceback" not in err


def test_init_writes_a_site_that_checks_and_builds(tmp_path: Path, capsys: pytest.CaptureFixture,
                                                   monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = _run(capsys, "init", "my-site")
    assert code == 0, err
    assert "next: cd my-site && notices serve" in out.replace("python -m generator", "notices")
    assert "http://127.0.0.1:8000/" in out and "open output/index.html" not in out  # unstyled as a file
    site = tmp_path / "my-site"
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()) == [
        ".gitignore", "README.md", "content/2025/shili-kejizhou-2025.md", "content/2025/shili-kepuri-2025.md",
        "content/schema/notice.json", "content/schema/site.json", "content/site.yaml"]
    from generator.json_schema import packaged  # what the notices' and site.yaml's first lines name
    assert {name: (site / "content" / "schema" / name).read_bytes() for name in packaged()} == packaged()
    assert "notices build" in (site / "README.md").read_text(encoding="utf-8")
    monkeypatch.chdir(site)  # no themes/ folder here: the installed default theme is used
    code, out, err = _run(capsys, "check", "--today", "2026-01-05")
    assert code == 0 and "2 notice(s) valid" in out, err
    code, out, err = _run(capsys, "build", "--today", "2026-01-05", "--no-search")
    assert code == 0, err
    page = (site / "output" / "2025" / "shili-kepuri-2025" / "index.html").read_text(encoding="utf-8")
    assert "关于举办2025年示例市全国科普日活动的通知" in page and "学会科普联合行动" in page
    assert (site / "output" / "static").is_dir() and (site / "output" / "404.html").is_file()


def test_init_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "README.md").write_text("mine", encoding="utf-8")
    code, _, err = _run(capsys, "init")
    assert code == 2 and "README.md already exists" in err
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "mine"
    assert not (tmp_path / "content").exists()


def test_a_folder_without_a_site_exits_2_with_what_to_do(tmp_path: Path, capsys: pytest.CaptureFixture,
                                                         monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    for command in ("check", "build"):
        code, _, err = _run(capsys, command)
        assert code == 2 and "no site config here" in err and "notices init" in err and "Traceback" not in err
    assert not (tmp_path / "output").exists()


def test_a_missing_theme_folder_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture,
                                       monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    assert _run(capsys, "init")[0] == 0
    site = tmp_path / "content" / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("theme: default", "theme: civic"), encoding="utf-8")
    code, _, err = _run(capsys, "build", "--today", "2026-01-05")
    assert code == 2 and "themes/civic/templates does not exist" in err and "Traceback" not in err


def test_the_source_tree_and_the_wheel_find_the_same_default_theme():
    from generator.render import installed_default
    assert installed_default() == REPO / "themes" / "default"  # (the wheel test covers the installed copy)
    assert os.path.isfile(installed_default() / "templates" / "base.html")


def test_messages_are_not_cut_at_the_console_width(project, monkeypatch: pytest.MonkeyPatch):
    """Piped into a log or a narrow window, a message stays one line per line: the lines of site.yaml a hint
    prints are copied as they are, and `origin: https://…` must not be split in two."""
    monkeypatch.setenv("COLUMNS", "40")
    result = project.run("new", "chengcheng-kepuri-2022", "--region", "澄城县", "--today", "2022-03-05")
    assert result.code == 2
    assert "unknown region `澄城县`" in result.err.splitlines()[0]
    assert "    hint: add it to content/site.yaml among the `children:` of 渭南市:" in result.err.splitlines()
    result = project.run("init", "site")
    assert result.code == 0
    assert any(line.startswith("next: cd site && ") and line.endswith("writes output/ for publishing)")
               for line in result.out.splitlines()), result.out


def test_help_lists_the_editors_commands_apart_from_the_developers(capsys: pytest.CaptureFixture):
    code, out, _ = _run(capsys, "--lang", "en", "--help")
    assert code == 0
    editors, others = out.split("Commands for writing and publishing notices:")[1].split("For the site's operator")
    listed = lambda text: [line.split()[0] for line in text.splitlines() if re.match(r"  \S", line)]  # noqa: E731
    assert listed(editors) == ["new", "check", "build", "serve", "import"]
    assert listed(others.split("Exit status")[0]) == ["init", "schema", "bench"]
    assert out.count(" bench ") == 1  # listed once, with the others, not also in argparse's own list
    for command in ("bench", "schema", "init"):  # still there for whoever needs them
        assert command in _parser("notices")._subparsers._group_actions[0].choices


def test_help_lines_fit_a_terminal_in_chinese_too(capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch):
    import unicodedata
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = _run(capsys, "--lang", "zh", "--help")
    epilog = out.split("编写和发布通知用的命令：")[1]
    widths = [sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line) for line in epilog.splitlines()]
    assert code == 0 and max(widths) <= 80, epilog


def test_make_help_shows_the_editors_targets_first():
    done = subprocess.run(["make", "--no-print-directory", "-s", "help"], capture_output=True, text=True, cwd=REPO)
    editors, others = done.stdout.split("网站管理员和开发人员用")
    for target in ("make new", "make check", "make serve", "make build", "generator import"):
        assert target in editors
    for target in ("bench", "messages", "lock", "test"):
        assert target in others and target not in editors
