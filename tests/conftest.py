"""Shared fixtures: a throw-away project (site config, themes, notices) and a CLI runner."""

from __future__ import annotations

import shutil
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.__main__ import main

REPO = Path(__file__).resolve().parent.parent

SITE = """\
title: 测试站点
base_url: /
campaigns:
  - key: kepuri
    name: 全国科普日
regions:
  - key: shaanxi
    name: 陕西省
    children:
      - key: weinan
        name: 渭南市
        area_code: "0913"
actions:
  - key: society
    name: 学会科普联合行动
  - key: enterprise
    name: 企业科协联合行动
    aliases: [企业科普联合行动]
"""

NOTICE = """\
---
title: 关于举办2022年渭南市全国科普日活动的通知
issued: 2022-08-10
issuers: [渭南市科学技术协会]
region: weinan
campaign: kepuri
actions:
  - key: society
    name: 学会科普联合行动
    text: 发动各级学会。
---
## 一、主题和时间

[[actions]]
"""


@dataclass
class Run:
    code: int
    out: str
    err: str


@dataclass
class Project:
    root: Path
    capsys: pytest.CaptureFixture

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def output(self) -> Path:
        return self.root / "output"

    def write(self, relative: str, text: str, encoding: str = "utf-8") -> Path:
        path = self.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(textwrap.dedent(text).encode(encoding))
        return path

    def run(self, *args: str) -> Run:
        self.capsys.readouterr()
        code = main(list(args))
        captured = self.capsys.readouterr()
        return Run(code, captured.out, captured.err)

    def build(self, *args: str) -> Run:
        return self.run("build", "--today", "2022-09-01", *args)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> Project:
    """An empty project with the repository's themes and a small site config, cwd set to it."""
    shutil.copytree(REPO / "themes", tmp_path / "themes")
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "site.yaml").write_text(SITE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "200")
    return Project(tmp_path, capsys)
