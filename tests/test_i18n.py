"""The tool speaks Chinese by default and English on request (generator/i18n.py).

Every message the code marks (``tr("…")``, ``N_("…")``) has a Chinese translation with the same
placeholders, the compiled catalogue the package reads is the one in the .po, the language is
chosen in the documented order, and the editor's mistakes read as Chinese sentences with the file,
the line (第N行) and the field as written in YAML. The other tests read English (tests/conftest.py).
"""

from __future__ import annotations

import ast
import errno
import gettext
import os
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from generator import i18n
from generator.serve import Status
from helpers import NOTICE, REPO, Project
from test_errors import CASES

PO = REPO / "generator" / "locale" / "zh_CN" / "LC_MESSAGES" / "notices.po"
COMMANDS = ["init", "build", "check", "new", "schema", "import", "serve", "bench"]


def _po():
    with PO.open("rb") as file:
        return read_po(file)


def _placeholders(text: str) -> tuple:
    """The ``{name:spec}`` fields (or "not a format" for a message shown as it is) and the ``%`` ones."""
    try:
        braces = sorted((name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(text)
                        if name is not None)
    except ValueError:  # a message shown as it is (PyYAML's words with a lone brace)
        braces = ["not a format"]
    return braces, sorted(re.findall(r"%(?:\(\w+\))?[sdr]", text))


def _marked() -> set[str]:
    """Every message the package marks, extracted now as `make messages` extracts it (babel.cfg)."""
    found = extract_from_dir(REPO / "generator", method_map=[("importer/score.py", "ignore"),
                                                             ("importer/report.py", "ignore"), ("**.py", "python")],
                             keywords={"tr": None, "N_": None})
    return {message for _, _, message, _, _ in found}


def test_every_message_in_the_code_has_a_chinese_translation_with_the_same_placeholders():
    catalogue = _po()
    translations = {message.id: message for message in catalogue if message.id}
    new = sorted(_marked() - set(translations))
    assert not new, f"not in the catalogue (run `make messages`, then translate them in {PO.name}): {new}"
    problems = []
    for message in translations.values():
        if not message.string or message.fuzzy:
            problems.append(f"untranslated: {message.id!r}")
        elif _placeholders(message.id) != _placeholders(message.string):
            problems.append(f"placeholders differ: {message.id!r} → {message.string!r}")
        elif not re.search(r"[\u4e00-\u9fff]", message.string) and re.search(r"[a-z]{3} [a-z]{3}", message.string):
            problems.append(f"still English: {message.id!r} → {message.string!r}")
    assert not problems, "\n".join(problems)
    assert len(translations) > 400  # the catalogue was read, not an empty file


def test_the_compiled_catalogue_is_the_one_in_the_po_file():
    """What the package reads (compiled by `pip install`, `make setup`) says what the .po says."""
    mo = i18n.LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo"
    assert mo.is_file(), "no compiled catalogue: `make setup` (pip install -e .) compiles it"
    with mo.open("rb") as file:
        compiled = gettext.GNUTranslations(file)
    stale = [message.id for message in _po() if message.id and compiled.gettext(message.id) != message.string]
    assert not stale, f"{mo.name} is older than {PO.name} (run `make setup`): {stale[:5]}"


@pytest.mark.parametrize("option,environ,site,expected", [
    (None, {}, None, "zh"),  # nothing says: Chinese
    (None, {"LANG": "C"}, "zh-CN", "zh"),  # the default set-up: a C locale, the site in Chinese
    (None, {"LC_ALL": "POSIX", "LANG": "en_US.UTF-8"}, None, "zh"),  # POSIX is the locale in force
    (None, {"LANG": "en_US.UTF-8"}, None, "en"),
    (None, {"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, None, "zh"),
    (None, {"LANG": "en_GB.UTF-8"}, "zh-CN", "zh"),  # the site's language before the locale
    (None, {"LANG": "zh_CN.UTF-8"}, "en-US", "en"),
    (None, {"LANG": "fr_FR.UTF-8"}, "fr", "zh"),  # neither says zh or en
    (None, {"NOTICES_LANG": "en"}, "zh-CN", "en"),  # the environment variable before the site
    ("zh", {"NOTICES_LANG": "en", "LANG": "en_US.UTF-8"}, "en", "zh"),  # --lang before everything
    ("en", {}, "zh-CN", "en"),
])
def test_the_language_is_chosen_in_the_documented_order(tmp_path: Path, option, environ, site, expected):
    if site is not None:
        (tmp_path / "site.yaml").write_text(f"title: 站\nlanguage: {site}\n", encoding="utf-8")
    assert i18n.choose(option, tmp_path, environ) == expected


def _bare_environment() -> dict[str, str]:
    """The environment with no word on the language: no NOTICES_LANG, a C locale."""
    environ = {key: value for key, value in os.environ.items()
               if key not in ("NOTICES_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    return {**environ, "LANG": "C", "PYTHONPATH": str(REPO)}


def _say_language(project: Project, language: str) -> None:
    site = project.content / "site.yaml"
    text = re.sub(r"(?m)^language: .*\n", "", site.read_text(encoding="utf-8"))
    site.write_text(f"language: {language}\n{text}", encoding="utf-8")


def test_by_default_the_tool_speaks_chinese(project: Project):
    """No option, no NOTICES_LANG, a C locale, the site's language zh-CN: Chinese."""
    _say_language(project, "zh-CN")
    project.write("2022/notice.md", NOTICE)
    done = subprocess.run([sys.executable, "-m", "generator", "check", "--today", "2022-09-01"], cwd=project.root,
                          env=_bare_environment(), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("通过：1 篇通知有效"), done.stdout
    project.write("2022/notice.md", NOTICE.replace("region: weinan", "region: 渭南县"))
    broken = subprocess.run([sys.executable, "-m", "generator", "check", "--today", "2022-09-01"], cwd=project.root,
                            env=_bare_environment(), capture_output=True, text=True, timeout=300)
    assert broken.returncode == 1
    assert "content/2022/notice.md 第5行 [region]：未知的地区 `渭南县`；是不是要写 `渭南市`？" in broken.stderr, broken.stderr
    english = subprocess.run([sys.executable, "-m", "generator", "check", "--lang", "en", "--today", "2022-09-01"],
                             cwd=project.root, env=_bare_environment(), capture_output=True, text=True, timeout=300)
    assert "content/2022/notice.md:5 [region]: unknown region `渭南县`; did you mean `渭南市`?" in english.stderr


def test_the_site_language_and_the_option_choose_english(project: Project, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("NOTICES_LANG")
    monkeypatch.setenv("LANG", "C")
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    _say_language(project, "zh-CN")
    project.write("2022/notice.md", NOTICE)
    assert project.run("check", "--today", "2022-09-01").out.startswith("通过：")
    assert project.run("check", "--lang", "en", "--today", "2022-09-01").out.startswith("ok: 1 notice(s) valid")
    assert project.run("--lang", "en", "check", "--today", "2022-09-01").out.startswith("ok: ")
    _say_language(project, "en-US")
    assert project.run("check", "--today", "2022-09-01").out.startswith("ok: ")
    assert project.run("check", "--lang", "zh", "--today", "2022-09-01").out.startswith("通过：")
    assert os.environ.get("NOTICES_LANG") is None  # the run's language does not outlive the run


def _help(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, *args: str) -> str:
    from generator.__main__ import main
    monkeypatch.setenv("NOTICES_LANG", "zh")
    with pytest.raises(SystemExit) as exit_:
        main([*args, "--help"])
    assert exit_.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_is_chinese_for_every_command(monkeypatch, capsys, command):
    text = _help(monkeypatch, capsys, *([command] if command else []))
    assert text.startswith("用法："), text
    assert "选项:" in text and "显示本帮助信息后退出" in text  # argparse adds the colon
    for english in ("usage:", "options:", "show this help", "positional arguments", "(default:"):
        assert english not in text, (english, text)
    if command:
        assert "--lang {zh,en}" in text  # on every command


def test_usage_errors_are_chinese(project: Project, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("NOTICES_LANG", "zh")
    with pytest.raises(SystemExit) as exit_:
        project.run("build", "--jobs", "many")
    assert exit_.value.code == 2
    err = project.capsys.readouterr().err
    assert err.startswith("用法：") and "build：错误：参数 --jobs：int 值无效：'many'" in err, err


# What each mistake of tests/test_errors.py reads like in Chinese: (message, hint) as printed.
CHINESE = {
    "malformed yaml": ("头部信息的格式不对：缺少“,”或“]”：方括号列表没有正确结束", "请检查缩进"),
    "missing ---": ("文件开头不是一行 `---`", "通知文件以头部信息开头"),
    "unclosed ---": ("头部信息没有结束：缺少第二行 `---`", "请在最后一个字段之后、正文之前加一行 `---`"),
    "full-width colon": ("字段名后面用了全角冒号“：”", "字段名后面要用英文（半角）冒号，再加一个空格：`title: …`"),
    "wrong type": ("应为 true 或 false，实际是 `maybe`", ""),
    "list expected": ("应为列表（每行以 `- ` 开头），实际是 `2022-09-10`", ""),
    "impossible date": ("`2022-02-30` 不是真实的日期：2022-02 只有 28 天", ""),
    "not a date": ("`8月10日` 不是程序认得的日期；请写作 年-月-日", "应写作 2022-08-10（年份按通知所在的文件夹）"),
    "end before start": ("结束日期 `end`（2022-09-15）早于开始日期 `start`（2022-09-21）", ""),
    "unknown field": ("未知字段 `titel`", "是不是要写 `title`？"),
    "unknown nested field": ("未知字段 `emial`", "是不是要写 `email`？"),
    "unknown action key": ("未知的联合行动 `socety`；是不是要写 `society`", "已有的名称都列在 content/site.yaml 中"),
    "unknown region": ("未知的地区 `渭南县`；是不是要写 `渭南市`？", "或者把它加进 content/site.yaml"),
    "bad email": ("`wnskxkpb@126` 不是邮箱地址：`@` 后面没有域名", "请写作 name@example.cn 的样子"),
    "bad phone": ("`电话2126496` 不像电话号码（应为数字，可带区号和连字符）", "分机：\"0913-2126496转802\""),
    "annex refers to nothing": ("引用了附件2，但本通知只有 0 个附件", "附件请按 `annexes` 的顺序从1开始编号"),
    "archive link to nothing": ("档案中没有文件名（slug）为 `no-such-notice` 的通知", "或删去 `notice:`"),
    "required field missing": ("这个字段必须填写", "请补上；各字段的写法见 docs/编辑指南.md"),
    "actions not placed": ("有 1 项联合行动没有放进正文（第一项：学会科普联合行动）", "请在列表应在的位置写一行 `[[actions]]`"),
    "unknown action group": ("`[[actions: 专项行动]]` 写的组名，没有任何联合行动属于这个组", "本通知的联合行动用到的组：系列联合行动"),
    "issued in another year": ("通知成文于2021年，文件却在 content/2022/ 里", "请把它移到 content/2021/，或改正日期"),
    "form row too wide": ("第1行的格子一共占了 3 列，但这张登记表是 2 列（`columns`）", ""),
    "a word the field does not take": ("这个字段不能取值 `传真`", "请写以下之一：'phone'、'fax'或'both'"),
    "annex without kind": ("附件需要写明种类：`kind: table`（表格）", ""),
}


def test_every_case_of_the_error_suite_has_its_chinese_reading():
    assert set(CHINESE) == {case[0] for case in CASES}


@pytest.mark.parametrize("name,text,line,field", [case[:4] for case in CASES], ids=[case[0] for case in CASES])
def test_each_error_in_chinese_names_file_line_field_and_hint(project: Project, monkeypatch: pytest.MonkeyPatch,
                                                            name, text, line, field):
    monkeypatch.setenv("NOTICES_LANG", "zh")
    project.write("2022/notice.md", text)
    result = project.run("check", "--today", "2022-09-01")
    assert result.code == 1 and "Traceback" not in result.err
    lines = result.err.splitlines()
    message, hint = CHINESE[name]
    where = f"content/2022/notice.md 第{line}行" + (f" [{field}]" if field else "")
    assert lines[0].startswith(f"{where}：{message}"), result.err
    if hint:
        assert lines[1].startswith("    提示：") and hint in lines[1], result.err
    assert "个问题；没有发布任何东西。" in result.err
    assert "hint:" not in result.err and "problem(s)" not in result.err


def test_the_dev_server_overlay_heading_is_in_the_run_language(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("NOTICES_LANG", "zh")
    assert Status().failed(["a", "b"]).heading.startswith("构建失败：2 个问题。")
    monkeypatch.setenv("NOTICES_LANG", "en")
    assert Status().failed(["a"]).heading.startswith("Build failed: 1 problem(s).")


def test_the_scaffold_comments_are_chinese_and_its_fields_the_same(project: Project,
                                                                    monkeypatch: pytest.MonkeyPatch):
    written = {}
    for language in ("zh", "en"):
        monkeypatch.setenv("NOTICES_LANG", language)
        result = project.run("new", f"shili-{language}", "--today", "2022-08-10")
        assert result.code == 0, result.err
        written[language] = (project.content / "2022" / f"shili-{language}.md").read_text(encoding="utf-8")
    assert result.out.startswith("created content/2022/shili-en.md")
    comments = [line for line in written["zh"].splitlines()  # not the commented-out example fields, nor the
                if line.startswith("# ") and not re.match(r"# +(- )?[a-z_]+:", line)  # editor's schema line
                and not line.startswith("# yaml-language-server:")]
    assert comments and all(re.search(r"[\u4e00-\u9fff]", line) for line in comments)
    assert "# 标题（必填）：通知的完整标题" in written["zh"]

    def fields(text: str):
        _, front, body = text.split("---\n", 2)
        return yaml.safe_load(front), body

    assert fields(written["zh"]) == fields(written["en"])


def test_the_systems_reasons_are_said_in_the_run_language(monkeypatch: pytest.MonkeyPatch):
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "output/index.html")
    ours = OSError(errno.EINVAL, "it is a folder, not a regular file")
    monkeypatch.setenv("NOTICES_LANG", "zh")
    assert i18n.strerror(full) == "磁盘已满"
    assert i18n.strerror(ours) == "it is a folder, not a regular file"  # a reason of our own is kept
    monkeypatch.setenv("NOTICES_LANG", "en")
    assert i18n.strerror(full) == os.strerror(errno.ENOSPC)


# Calls whose text reaches the user, and which of their arguments carry it (position or keyword).
SPOKEN = {"refuse": (0, 1, "hint"), "unknown": (0, 3), "ContentError": (3, 4, "message", "hint"),
          "ValueError": (0,), "PydanticCustomError": (1,), "ShardError": (0,), "UnsafeOutput": (0,),
          "CannotWrite": (0,), "PortTaken": (0,), "FileExistsError": (0,), "ArgumentTypeError": (0,),
          "print": (0,), "add_argument": ("help",), "add_parser": ("help",),
          "ArgumentParser": ("description", "epilog"),
          # the importer: its reasons for a 待确认 mark (printed, and written into the imported file) and its errors
          "doubt": (1,), "Undecided": (1,), "_error": (1, 2)}
# bench and scale are developers' tools, corpus writes synthetic notices, the importer's scorer and its report
# are developers' tables
NOT_SPOKEN = ("bench.py", "scale.py", "corpus.py", "importer/score.py", "importer/report.py")


def _texts(node: ast.AST):
    """String literals an argument is made of (through `… if … else …` and `+`), not inside a call."""
    if isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str)):
        yield node
    elif isinstance(node, (ast.IfExp, ast.BinOp, ast.BoolOp)):
        for child in ast.iter_child_nodes(node):
            yield from _texts(child)


def test_no_message_bypasses_the_catalogue():
    """A message written as a plain string or f-string where the user reads it would stay English."""
    found = []
    for path in sorted((REPO / "generator").rglob("*.py")):
        shown = path.relative_to(REPO / "generator").as_posix()
        if shown.startswith(NOT_SPOKEN):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            owner = getattr(node.func, "value", None)
            if name == "append" and "undecided" in ast.unparse(owner):  # an importer's list of reasons
                name = "doubt"
                node = ast.Call(node.func, [ast.Constant(None), *node.args], node.keywords, lineno=node.lineno)
            for where in SPOKEN.get(name, ()):
                arguments = ([node.args[where]] if isinstance(where, int) and where < len(node.args) else
                             [k.value for k in node.keywords if k.arg == where])
                for argument in arguments:
                    for text in _texts(argument):
                        words = text.value if isinstance(text, ast.Constant) else ast.unparse(text)
                        if re.search(r"[A-Za-z]{2,} [A-Za-z]{2,}", words):
                            found.append(f"generator/{shown}:{node.lineno}: {words[:80]}")
    assert not found, "write these with tr(\"…\", name=value) (docs/开发者指南.md):\n" + "\n".join(found)


def test_the_importers_report_and_the_comments_it_writes_are_chinese_by_default(project: Project,
                                                                                  monkeypatch: pytest.MonkeyPatch):
    """No option, no NOTICES_LANG, a C locale: `import` reports in Chinese, and so are its notes in the file."""
    for name in ("NOTICES_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C")
    source = project.root / "notice.txt"  # a place and a campaign neither the site nor the built-in lists hold
    source.write_text("示例市科协关于开展2025年全国示例日活动的通知\n各区科协：\n请积极参加。"
                      "请于2025年8月20日前将活动总结报送市科协。\n示例市科协\n2025年8月1日\n", encoding="utf-8")
    done = project.run("import", str(source))
    assert done.code == 0, done.err
    path = next((project.content / "2025").glob("*.md"))
    shown = f"content/2025/{path.name}"
    lines = done.out.splitlines()
    assert lines[0] == f"已写入 {shown}：联合行动 0 项，报送时限 1 项，联系方式 0 个，附件 0 个", done.out
    marked = re.search(r"^待核对——文件中有 (\d+) 处标为“待确认”：$", done.out, re.MULTILINE)
    assert marked, done.out
    reasons = [line for line in lines if line.startswith(f"  {shown}:")]
    assert len(reasons) == int(marked.group(1))
    assert any(line.endswith("[deadlines] 日期按原文照录；`what`、`who` 和 `to` 是按规则从各句中截取的，"
                             "请按需删减或改正措辞") for line in reasons), done.out
    assert any(line.endswith("[summary] 选填：用通知原文的话写一两句摘要，显示在列表和搜索结果中")
               for line in reasons), done.out
    assert "content/site.yaml 中缺少这份通知提到的条目；请把下面几条添加到该文件中同名的列表里：" in lines
    campaign = lines.index("  campaigns:")
    assert re.fullmatch(r"    - key: [a-z0-9-]+    # 可改为任意小写英文键名", lines[campaign + 1])
    assert lines[campaign + 2:campaign + 4] == ["      name: 全国示例日", "  regions:"]
    assert re.fullmatch(r"    - key: [a-z0-9-]+    # 可改为任意小写英文键名", lines[campaign + 4])
    assert lines[campaign + 5] == "      name: 示例市"
    assert done.out.rstrip().endswith("删去“待确认”各行，然后删去 `draft: true` 即可发布")  # passes check with them
    text = path.read_text(encoding="utf-8")
    assert "# 由导入命令（notices import）从 notice.txt 导入；请逐一核对标有“待确认”的各行，然后删去这些标记" in text
    assert "\n# 导入生成的草稿：与原件核对之前不会发布；核对后请删去这一行\ndraft: true\n" in text
    for line in reasons:  # every reason the report gives is the comment on the line it names
        number, reason = re.fullmatch(rf"  {re.escape(shown)}:(\d+) \[[^\]]+\] (.*)", line).groups()
        assert text.split("\n")[int(number) - 1].strip() == f"# 待确认: {reason}"
    for english in ("wrote ", "to review", "lacks what", "any lower-case", "passes `check`", "the text "):
        assert english not in done.out + text, english
