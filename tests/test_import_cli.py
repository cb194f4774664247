"""``python -m generator import``: what it writes, where, and what bad input gets (a message, no traceback)."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest

from generator.__main__ import main
from helpers import REPO

SEED = REPO / "tests" / "seeds" / "002_e26d4635909243fa.txt"  # 蒲城县 2023, three annexes


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with the repository's site config and no notices; cwd set to it."""
    (tmp_path / "content").mkdir()
    shutil.copy(REPO / "content" / "site.yaml", tmp_path / "content" / "site.yaml")
    shutil.copytree(REPO / "themes", tmp_path / "themes")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "200")
    return tmp_path


def run(capsys, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["import", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_import_writes_content_year_slug_and_it_passes_check(workspace, capsys):
    code, out, err = run(capsys, str(SEED))
    path = workspace / "content" / "2023" / "pucheng-kepuri-2023.md"
    assert code == 0, err
    assert path.is_file() and "wrote content/2023/pucheng-kepuri-2023.md" in out
    assert "11 action(s), 2 deadline(s), 1 contact(s), 3 annex(es)" in out
    assert "待确认" in out and "it passes `check`" in out
    text = path.read_text(encoding="utf-8")
    for line_number, line in ((int(part.split(":")[1].split()[0]), part) for part in out.splitlines()
                              if part.strip().startswith("content/2023/pucheng-kepuri-2023.md:")):
        assert text.split("\n")[line_number - 1].startswith(("# 待确认", "  # 待确认")), line
    # a file a program wrote is a draft: it passes check, and check names it as not published
    assert "\ndraft: true\n---\n" in text and "delete `draft: true` to publish it" in out
    capsys.readouterr()
    assert main(["check", "--today", "2023-09-01"]) == 0
    assert "not published: content/2023/pucheng-kepuri-2023.md (draft: true)" in "".join(capsys.readouterr())


def test_out_folder_and_slug(workspace, capsys):
    code, out, _ = run(capsys, str(SEED), "--out", "drafts/2023", "--slug", "pucheng-test")
    assert code == 0 and (workspace / "drafts" / "2023" / "pucheng-test.md").is_file()
    assert list((workspace / "content").iterdir()) == [workspace / "content" / "site.yaml"]


def test_never_overwrites(workspace, capsys):
    target = workspace / "content" / "2023" / "pucheng-kepuri-2023.md"
    target.parent.mkdir()
    target.write_text("an editor's work", encoding="utf-8")
    code, out, err = run(capsys, str(SEED))
    assert code == 2 and "already exists; nothing was written" in err and "--slug" in err
    assert target.read_text(encoding="utf-8") == "an editor's work"


@pytest.mark.parametrize("slug", ["../escape", "a/b", "Bad Name", ".hidden"])
def test_writes_only_inside_the_out_folder(workspace, capsys, slug):
    code, out, err = run(capsys, str(SEED), "--out", "drafts", "--slug", slug)
    assert code == 2 and "cannot be a slug" in err
    assert not any(p.suffix == ".md" for p in workspace.rglob("*"))


def test_a_year_folder_that_does_not_match_is_reported(workspace, capsys):
    code, out, _ = run(capsys, str(SEED), "--out", "content/2021")
    assert code == 0 and "issued in 2023" in out and "problem(s) to fix" in out


def _docx_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("name, data, message", [
    ("empty.txt", b"", "the file is empty"),
    ("blank.txt", b"  \n\n \t\n", "has no text"),
    ("binary.txt", bytes(range(256)) * 8, "binary file"),
    ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(200), "binary file"),
    ("zip.txt", _docx_of({"a.txt": b"hello"}), "zip archive"),
    ("not-word.docx", _docx_of({"readme.txt": b"hello", "data/x.csv": b"1,2"}), "not a Word document"),
    ("fake.docx", _docx_of({"[Content_Types].xml": b"<nonsense", "word/document.xml": b"<<<"}), "damaged"),
    ("text.docx", "关于举办活动的通知".encode(), "not a Word (.docx) file"),
    ("empty.docx", b"", "the file is empty"),
    ("old.doc", b"\xd0\xcf\x11\xe0" + bytes(100), "save it as .docx"),
    ("notice.pdf", b"%PDF-1.4", "cannot import"),
    ("hello.txt", "hello world".encode(), "no text that looks like a notice"),
])
def test_bad_input_gets_a_clear_message(workspace, capsys, name, data, message):
    path = workspace / name
    path.write_bytes(data)
    code, out, err = run(capsys, str(path))
    assert code in (1, 2) and message in err, err
    assert "Traceback" not in err + out
    assert not any(p.suffix == ".md" for p in workspace.rglob("*"))


def test_missing_file_and_missing_site_config(workspace, capsys):
    code, _, err = run(capsys, "nowhere.txt")
    assert code == 2 and "no such file" in err
    code, _, err = run(capsys, str(SEED), "--content", "elsewhere")
    assert code == 2 and "site config" in err


def test_gb18030_text_is_read(workspace, capsys):
    path = workspace / "gbk.txt"
    path.write_bytes(SEED.read_text(encoding="utf-8").encode("gb18030"))
    code, out, err = run(capsys, str(path), "--slug", "from-gbk")
    assert code == 0, err
    written = (workspace / "content" / "2023" / "from-gbk.md").read_text(encoding="utf-8")
    assert "蒲城县全民科学素质工作领导小组办公室关于举办2023年蒲城县全国科普日活动的通知" in written


def test_import_prints_the_site_yaml_entries_a_notice_needs_and_checks_with_them(workspace, capsys):
    site = workspace / "content" / "site.yaml"  # without the built-in campaigns and regions, which hold both
    site.write_text(site.read_text(encoding="utf-8") + "builtin:\n  campaigns: false\n  regions: false\n",
                    encoding="utf-8")
    notice = workspace / "notice.txt"
    notice.write_text("安徽省科协关于开展2025年全国科普月活动的通知\n各市科协：\n请积极参加。\n安徽省科协\n2025年8月1日\n",
                      encoding="utf-8")
    code, out, err = run(capsys, str(notice))
    assert code == 0, err
    assert "wrote content/2025/anhui-kepuyue-2025.md" in out
    assert "content/site.yaml lacks what this notice names" in out
    assert "  campaigns:\n    - key: kepuyue\n      name: 全国科普月\n  regions:\n    - key: anhui\n      name: 安徽省\n" in out
    assert "it passes `check`" in out  # with the printed entries added
    text = site.read_text(encoding="utf-8")
    text = text.replace("campaigns:\n", "campaigns:\n  - key: kepuyue\n    name: 全国科普月\n", 1)
    site.write_text(text.replace("regions:\n", "regions:\n  - key: anhui\n    name: 安徽省\n", 1), encoding="utf-8")
    assert main(["check"]) == 0


def test_a_notice_of_a_builtin_province_and_campaign_needs_no_site_yaml_entry(workspace, capsys):
    notice = workspace / "notice.txt"
    notice.write_text("安徽省科协关于开展2025年全国科普月活动的通知\n各市科协：\n请积极参加。\n安徽省科协\n2025年8月1日\n",
                      encoding="utf-8")
    code, out, err = run(capsys, str(notice))
    assert code == 0, err
    assert "site.yaml lacks" not in out
    assert main(["check"]) == 0


# A copy that begins at its 文号 and ends with only a date: no title, no issuer, no place (composed)
UNSTATED = """某办发〔2018〕3号
各成员单位,各区县办公室:
现将《2018年某某工作要点》印发给你们。请结合实际认真贯彻落实。
2018年3月19日
"""


def _unstated(workspace: Path) -> Path:
    path = workspace / "unstated.txt"
    path.write_text(UNSTATED, encoding="utf-8")
    return path


def test_fields_the_text_does_not_state_are_named_with_the_options_that_supply_them(workspace, capsys):
    code, out, _ = run(capsys, str(_unstated(workspace)), "--out", "drafts/2018")
    assert code == 0
    assert "[title]: this field is required" in out and "[issuers]: this field is required" in out
    assert ("the text does not state title, issuers, region: write them in the file, or import it again with "
            "--title … --issuer … --region …") in out


def test_title_issuers_region_and_campaign_given_on_the_command_line_are_written_and_the_file_passes_check(
        workspace, capsys):
    code, out, err = run(capsys, str(_unstated(workspace)), "--out", "drafts/2018", "--title", "关于印发某某工作要点的通知",
                         "--issuer", "某某工作办公室", "--issuer", "某某协会", "--region", "渭南市", "--campaign", "kepuri")
    assert code == 0, err
    text = (workspace / "drafts" / "2018" / "weinan-kepuri-2018.md").read_text(encoding="utf-8")
    assert "title: 关于印发某某工作要点的通知\n" in text
    assert "issuers:\n  - 某某工作办公室\n  - 某某协会\n" in text
    assert "region: weinan\n" in text and "campaign: kepuri\n" in text
    assert "it passes `check`" in out and "does not state" not in out


def test_a_region_name_the_site_lacks_is_proposed_for_site_yaml_like_one_the_text_names(workspace, capsys):
    code, out, _ = run(capsys, str(_unstated(workspace)), "--out", "drafts/2018", "--region", "某某县")
    assert code == 0
    assert "content/site.yaml lacks what this notice names" in out and "name: 某某县" in out
    text = next((workspace / "drafts" / "2018").iterdir()).read_text(encoding="utf-8")
    assert "\nregion: region-" in text


def test_a_region_key_the_site_lacks_is_refused_and_nothing_is_written(workspace, capsys):
    code, _, err = run(capsys, str(_unstated(workspace)), "--out", "drafts/2018", "--region", "weinam")
    assert code == 2
    assert "--region weinam: site.yaml has no region with this key" in err
    assert not (workspace / "drafts").exists()


def test_a_value_given_that_differs_from_what_the_text_states_keeps_the_texts_in_a_note(workspace, capsys):
    text = "关于举办2022年渭南市全国科普日活动的通知\n" + UNSTATED.replace("2018年3月19日", "渭南市科学技术协会\n2022年8月1日")
    path = workspace / "stated.txt"
    path.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, str(path), "--out", "drafts/2022", "--region", "shaanxi", "--issuer", "某某协会")
    assert code == 0, err
    written = next((workspace / "drafts" / "2022").iterdir()).read_text(encoding="utf-8")
    assert "region: shaanxi\n" in written and "issuers:\n  - 某某协会\n" in written
    assert "given with --region on the command line; the text states “渭南市”" in written
    assert "given with --issuer on the command line; the text states “渭南市科学技术协会”" in written
