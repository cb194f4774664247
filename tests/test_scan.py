"""The walk that finds the notice files (``discover.scan``) gives each one's status and the notices'
folders of attached files, so that looking at the sources needs no second ``stat`` a file."""

from __future__ import annotations

import os
from pathlib import Path

from generator.discover import scan


def test_the_walk_finds_what_rglob_finds_and_each_files_status(tmp_path: Path):
    content = tmp_path / "content"
    (content / "2022" / "weinan-kepuri").mkdir(parents=True)  # a notice's attached files
    (content / "2022" / "weinan-kepuri" / "a.pdf").write_bytes(b"%PDF")
    (content / "2022" / "weinan-kepuri.md").write_text("x", encoding="utf-8")
    (content / "2023").mkdir()
    (content / "2023" / "pucheng-kepuri.md").write_text("yy", encoding="utf-8")
    (content / "2023" / "folder.md").mkdir()  # a folder named like a notice: an error, as before
    (content / "2023" / "deep").mkdir()
    (content / "2023" / "deep" / "lost.md").write_text("z", encoding="utf-8")  # misplaced: an error
    (content / "_drafts").mkdir()
    (content / "_drafts" / "later.md").write_text("z", encoding="utf-8")  # skipped
    (content / "README.md").write_text("readme", encoding="utf-8")  # skipped
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "hidden.md").write_text("o", encoding="utf-8")
    os.symlink(outside, content / "2024")  # a linked folder is not entered (as pathlib's rglob)
    os.symlink(content / "2023" / "pucheng-kepuri.md", content / "2022" / "linked.md")  # a link inside: a notice

    found = scan(content)
    assert [s.path for s in found.sources] == sorted(
        [p for p in content.rglob("*.md") if p.is_file() and p.parent.parent == content and p.parent.name != "_drafts"],
        key=lambda p: p.as_posix())
    assert [(s.year, s.slug) for s in found.sources] == [(2022, "linked"), (2022, "weinan-kepuri"),
                                                         (2023, "pucheng-kepuri")]
    assert sorted(error.file.rsplit("/", 2)[-2:][-1] for error in found.errors) == ["folder.md", "lost.md"]
    for source in found.sources:  # the status a second stat would give (a link's is its target's)
        status = found.stats[f"{source.year}/{source.path.name}"]
        again = os.stat(source.path)
        assert (status.st_size, status.st_mtime_ns, status.st_ino) == (again.st_size, again.st_mtime_ns, again.st_ino)
    assert "2022/weinan-kepuri" in found.folders and "2023/deep" in found.folders
