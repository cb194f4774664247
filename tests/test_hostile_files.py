"""Issue 15, files and builds: hostile paths, caches and outputs, damaged trees, full disks, locks.

Each test reproduces a defect of the hostile review (its number in the issue is in the test's name or
docstring): it failed before the fix.
"""

from __future__ import annotations

import errno
import hashlib
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.discover import discover, is_slug, suggested_slug
from helpers import NOTICE, Project, searchable

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def tree_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def built(project: Project, *args: str, output: Path | None = None) -> dict[str, str]:
    project.write("2022/weinan-kepuri.md", NOTICE)
    result = project.build("--no-search", *args, *(["--output", str(output)] if output else []))
    assert result.code == 0, result.err
    return tree_digest(output or project.output)


# ---------------------------------------------------------------- 1: a cache inside the output (or content, themes)


@pytest.mark.parametrize("cache", ["output", "output/cache", "content", "content/2022", "themes", ".", "themes/x"])
def test_1_a_cache_inside_or_around_the_output_content_or_themes_is_refused(project: Project, cache: str):
    before = built(project)
    result = project.build("--no-search", "--cache", cache)
    assert result.code == 2, result.err
    assert "Traceback" not in result.err and "--cache" in result.err
    assert tree_digest(project.output) == before  # the live site is untouched
    again = project.build("--no-search", "--cache", cache)
    assert again.code == 2 and tree_digest(project.output) == before
    assert not (project.root / ".output-old").exists()


def test_1_a_cache_beside_the_output_is_fine(project: Project):
    before = built(project, "--cache", "elsewhere/cache")
    assert project.build("--no-search", "--cache", "elsewhere/cache").code == 0
    assert tree_digest(project.output) == before


# ---------------------------------------------------------------- 13: the cache folder is a file


@pytest.mark.parametrize("where", [".cache/generator", ".cache"])
def test_13_a_file_where_the_cache_folder_goes_is_a_clear_error(project: Project, where: str):
    before = built(project, "--no-cache")
    path = project.root / where
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("not a folder", encoding="utf-8")
    result = project.build("--no-search")
    assert result.code == 2, result.err
    assert "Traceback" not in result.err and where in result.err and "not a folder" in result.err
    assert tree_digest(project.output) == before
    assert path.read_text(encoding="utf-8") == "not a folder"  # never removed: it may be someone's file


# ---------------------------------------------------------------- 15: glob characters in --output


@pytest.mark.parametrize("name", ["*", "[gx]*", "?"])
def test_15_glob_characters_in_the_output_path_touch_nothing_else(project: Project, name: str):
    project.write("2022/weinan-kepuri.md", NOTICE)
    keep = project.root / "g" / ".x-new-keep"
    keep.mkdir(parents=True)
    (keep / "mine.txt").write_text("mine", encoding="utf-8")
    other = project.root / "g" / ".output-new-abcdefgh"  # looks like a stale tree of another output
    other.mkdir()
    for _ in range(2):
        result = project.build("--no-search", "--no-cache", "--output", f"g/{name}")
        assert result.code == 0, result.err
    assert (keep / "mine.txt").read_text(encoding="utf-8") == "mine"
    assert other.is_dir()
    assert (project.root / "g" / name / "index.html").is_file()


# ---------------------------------------------------------------- 11: slugs


@pytest.mark.parametrize("name, suggested", [("abc\n", "abc"), ("Weinan Kepuri", "weinan-kepuri"),
                                             ("weinan_kepuri-2022", "weinan-kepuri-2022"),
                                             ("渭南科普日2022", "2022"), ("渭南科普日", "notice"),
                                             ("-lead", "lead"), ("a\tb", "a-b")])
def test_11_a_file_name_that_is_not_a_slug_is_an_error_with_a_suggested_slug(project: Project, name: str,
                                                                             suggested: str):
    before = built(project)
    project.write(f"2022/{name}.md", NOTICE.replace("学会科普联合行动", "学会联合行动"))
    result = project.build("--no-search")
    assert result.code == 1, result.err
    assert "Traceback" not in result.err
    assert f"content/2022/{name}.md" in result.err or repr(f"{name}.md")[1:-1] in result.err
    assert f"e.g. {suggested}.md" in result.err  # the hint suggests a slug
    assert tree_digest(project.output) == before
    assert project.run("check").code == 1


@pytest.mark.parametrize("slug", ["abc\n", "Abc", "a b", "渭南", "abc\r", "a_b", "-a", "a" * 81])
def test_11_new_and_import_refuse_what_is_not_a_slug(project: Project, slug: str):
    from helpers import REPO
    result = project.run("new", "--today", "2022-03-05", "--", slug)
    assert result.code == 2 and "cannot be a slug" in result.err and "Traceback" not in result.err
    assert not any(project.content.rglob("*.md"))
    seed = REPO / "tests" / "seeds" / "002_e26d4635909243fa.txt"
    (project.content / "site.yaml").write_bytes((REPO / "content" / "site.yaml").read_bytes())
    result = project.run("import", str(seed), f"--slug={slug}", "--out", "drafts/2023")
    assert result.code == 2 and "cannot be a slug" in result.err and "Traceback" not in result.err
    assert not (project.root / "drafts").exists() or not any((project.root / "drafts").rglob("*"))


NAMES = st.text(st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)), min_size=1, max_size=30)


@SETTINGS
@given(stem=NAMES | st.text("abcxyzABC019-_ .\n\t", min_size=1, max_size=12))
def test_11_every_file_name_is_a_slug_or_an_error_suggesting_one(tmp_path_factory, stem):
    """The class: any characters in a notice's file name."""
    content = tmp_path_factory.mktemp("content")
    try:
        (content / "2022").mkdir()
        (content / "2022" / f"{stem}.md").write_text(NOTICE, encoding="utf-8")
    except OSError:  # a name the file system refuses (too long in bytes)
        return
    sources, errors = discover(content)
    assert is_slug(suggested_slug(stem))
    if sources:
        assert not errors and sources[0].slug == stem
        assert stem.isascii() and stem == stem.lower() and "\n" not in stem and " " not in stem
        assert all(ch.isalnum() or ch == "-" for ch in stem)
    else:
        assert len(errors) == 1
        error = errors[0]
        assert error.file.isprintable()  # a newline in a name is shown as \n, never printed raw
        assert f"e.g. {suggested_slug(stem)}.md" in error.hint


# ---------------------------------------------------------------- 16: a FIFO named like a notice or an attached file


def _build_in_a_process(project: Project, *args: str) -> "subprocess.CompletedProcess[str]":
    import subprocess
    import sys
    from helpers import REPO
    return subprocess.run([sys.executable, "-m", "generator", "build", "--today", "2022-09-01", "--no-search", *args],
                          cwd=project.root, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "200"})


def test_16_a_fifo_named_like_a_notice_is_refused_not_waited_on(project: Project):
    before = built(project)
    os.mkfifo(project.content / "2022" / "waiting.md")
    result = _build_in_a_process(project)  # hung forever before
    assert result.returncode == 1, result.stderr
    assert "content/2022/waiting.md" in result.stderr and "named pipe" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(project.output) == before


def test_16_a_fifo_as_attached_file_or_site_config_is_refused(project: Project):
    project.write("2022/weinan-kepuri.md", NOTICE.replace("actions:", "original: {file: weinan-kepuri/原件.pdf}\n"
                                                          "actions:"))
    (project.content / "2022" / "weinan-kepuri").mkdir()
    os.mkfifo(project.content / "2022" / "weinan-kepuri" / "原件.pdf")
    result = _build_in_a_process(project)
    assert result.returncode == 1, result.stderr
    assert "content/2022/weinan-kepuri.md" in result.stderr and "named pipe" in result.stderr
    (project.content / "2022" / "weinan-kepuri" / "原件.pdf").unlink()
    (project.content / "2022" / "weinan-kepuri").rmdir()
    project.write("2022/weinan-kepuri.md", NOTICE)
    site = project.content / "site.yaml"
    text = site.read_bytes()
    site.unlink()
    os.mkfifo(site)
    result = _build_in_a_process(project)
    assert result.returncode == 1, result.stderr
    assert "content/site.yaml" in result.stderr and "named pipe" in result.stderr
    site.unlink()
    site.write_bytes(text)
    assert _build_in_a_process(project).returncode == 0


@pytest.mark.parametrize("where", ["templates/stray.html", "static/stray.css"])
def test_16_a_fifo_in_the_theme_is_refused(project: Project, where: str):
    before = built(project)
    os.mkfifo(project.root / "themes" / "default" / where)
    result = _build_in_a_process(project)
    assert result.returncode == 1, result.stderr
    assert f"themes/default/{where}" in result.stderr and "named pipe" in result.stderr
    assert "Traceback" not in result.stderr and tree_digest(project.output) == before


# ---------------------------------------------------------------- 12: disk full, read-only output


@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EROFS, errno.EDQUOT, errno.EACCES])
@pytest.mark.parametrize("cache", [[], ["--no-cache"]])
def test_12_a_refused_write_is_a_clear_message_exit_2_and_the_site_stays(project: Project, monkeypatch, error, cache):
    import generator.publish as publish
    before = built(project, *cache)
    project.write("2022/weinan-kepuri.md", NOTICE.replace("发动各级学会。", "发动各级学会和企业。"))
    real, count = publish.Tree.write, [0]

    def refusing(self, relative, *args, **kwargs):
        count[0] += 1
        if count[0] > 2:  # as the kernel answers when the disk fills up half-way
            raise OSError(error, os.strerror(error), str(self.root / relative))
        return real(self, relative, *args, **kwargs)

    monkeypatch.setattr(publish.Tree, "write", refusing)
    result = project.build("--no-search", "--full", *cache)
    assert result.code == 2, result.err
    assert "Traceback" not in result.err and os.strerror(error) in result.err
    assert "output" in result.err and "unchanged" in result.err
    assert tree_digest(project.output) == before
    monkeypatch.setattr(publish.Tree, "write", real)
    assert project.build("--no-search", *cache).code == 0
    assert "发动各级学会和企业" in (project.output / "2022" / "weinan-kepuri" / "index.html").read_text(encoding="utf-8")


def _mount_tmpfs(where: Path, size: str) -> str:
    """Mount a small tmpfs; '' when mounted, else why not (mount's own words)."""
    import subprocess
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True, text=True)
    return "" if done.returncode == 0 else (done.stderr.strip() or f"mount exited {done.returncode}")


def _a_real_file_size_limit(project: Project) -> None:
    """The kernel refuses a write past this process's file-size limit (RLIMIT_FSIZE) with EFBIG, as a
    full disk refuses with ENOSPC; no mount needed. Python ignores SIGXFSZ, so the write raises."""
    import resource
    before = built(project, "--no-cache")
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, hard))  # every page is larger
    try:
        result = project.build("--no-search", "--no-cache", "--full")
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    assert result.code == 2 and os.strerror(errno.EFBIG) in result.err and "Traceback" not in result.err
    assert tree_digest(project.output) == before


def test_12_a_real_full_disk_and_a_read_only_output(project: Project, tmp_path_factory):
    """On a small tmpfs (needs the right to mount one: root in a container). Where mounting is refused,
    the kernel's file-size limit makes the same kind of refused write for real (the read-only half
    then rests on the simulated test above)."""
    import subprocess
    disk = tmp_path_factory.mktemp("disk")
    if _mount_tmpfs(disk, "2m"):  # no right to mount here: a real refusal of another kind instead
        _a_real_file_size_limit(project)
        return
    try:
        before = built(project, "--no-cache", output=disk / "output")
        assert before
        (disk / "filler").write_bytes(b"")
        with open(disk / "filler", "wb") as filler:  # fill the disk
            try:
                while True:
                    filler.write(b"x" * 65536)
                    filler.flush()
            except OSError:
                pass
        result = project.build("--no-search", "--no-cache", "--full", "--output", str(disk / "output"))
        assert result.code == 2 and "No space left on device" in result.err and "Traceback" not in result.err
        assert tree_digest(disk / "output") == before
        (disk / "filler").unlink()
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        result = project.build("--no-search", "--no-cache", "--full", "--output", str(disk / "output"))
        assert result.code == 2 and "Read-only file system" in result.err and "Traceback" not in result.err
        assert tree_digest(disk / "output") == before
    finally:
        subprocess.run(["umount", str(disk)], capture_output=True)


# ---------------------------------------------------------------- 4: concurrent builds of one output


def _start(project: Project, *args: str):
    import subprocess
    import sys
    from helpers import REPO
    return subprocess.Popen([sys.executable, "-m", "generator", "build", "--today", "2022-09-01", "--no-search",
                             "--jobs", "1", *args], cwd=project.root, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "200"})


def _many_notices(project: Project, count: int = 40) -> None:
    for number in range(count):
        project.write(f"2022/notice-{number}.md", NOTICE.replace("2022年", f"2022年第{number}次"))


def _concurrently(project: Project, first: list[str], second: list[str], rounds: int,
                  delays: list[float] | None = None) -> None:
    """Pairs of builds of the same output, the second started while the first is at any of its stages
    (loading, writing its tree, swapping it in): both succeed, and the site is whole."""
    import time
    _many_notices(project)
    clean = project.root / "clean"
    if not clean.exists():
        assert project.build("--no-search", "--no-cache", "--output", str(clean)).code == 0
    expected = tree_digest(clean)
    for round_ in range(rounds):
        processes = [_start(project, *first)]
        time.sleep(delays[round_] if delays else 0.4 * round_)
        processes.append(_start(project, *second))
        for process in processes:
            _, err = process.communicate(timeout=300)
            assert process.returncode == 0 and "Traceback" not in err, err
        assert tree_digest(project.output) == expected
    assert not [p.name for p in project.root.iterdir() if p.name.startswith(".output-")]


@pytest.mark.slow
def test_4_concurrent_builds_without_a_cache_take_turns(project: Project):
    _concurrently(project, ["--no-cache", "--full"], ["--no-cache", "--full"], rounds=6)


@pytest.mark.slow
def test_4_a_build_with_and_one_without_a_cache_take_turns(project: Project):
    _concurrently(project, ["--full"], ["--no-cache", "--full"], rounds=4)
    _concurrently(project, ["--cache", "other-cache"], ["--full"], rounds=2)  # two caches, one output


FLAGS = st.sampled_from([[], ["--no-cache"], ["--full"], ["--no-cache", "--full"], ["--cache", "other-cache"]])


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=FLAGS, second=FLAGS, delay=st.floats(0, 3))
def test_4_any_two_builds_of_one_output_take_turns(project: Project, first, second, delay):
    """The class: concurrent builds with and without a cache, started at any moment of each other."""
    _concurrently(project, first, second, rounds=1, delays=[delay])


def test_4_a_second_build_says_it_waits_for_the_first(project: Project):
    from generator.publish import lock_for
    before = built(project, "--no-cache")
    project.write("2022/weinan-kepuri.md", NOTICE.replace("发动各级学会。", "发动各级学会和企业。"))
    lock = lock_for(project.output)
    lock.acquire()  # as a running build holds it
    try:
        process = _start(project, "--no-cache")
        said = process.stderr.readline()  # the first thing it says (or "" when it ends without a word)
        assert "another build is writing output/; waiting" in said
        assert process.poll() is None and tree_digest(project.output) == before  # it waits: nothing changed
    finally:
        lock.release()
    _, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    assert "发动各级学会和企业" in (project.output / "2022" / "weinan-kepuri" / "index.html").read_text(encoding="utf-8")


# ---------------------------------------------------------------- 9: tampered or damaged published and kept files


def _page(root: Path) -> Path:
    return root / "2022" / "weinan-kepuri" / "index.html"


def _edit_in_place(path: Path, text: bytes) -> None:
    """As an editor saving over the file (the same inode: a hard link to it changes too)."""
    with open(path, "r+b") as file:
        file.seek(0)
        file.write(text)
        file.truncate()


def _keep_inode(path: Path, keep: Path) -> None:
    """Keep the file's inode in use (a link outside the output) before the test replaces or removes it.

    The build tells a file from the one it published by size, modification time and inode number. A
    test that sets a file's time back to the nanosecond and then gets the freed inode number handed
    back by the file system (it did, after a replace and a removal of the same file) would make a file
    no stat can tell apart: not what an editor's save does, and not what these tests are about."""
    keep.mkdir(exist_ok=True)
    os.link(path, keep / f"{path.stat().st_ino}-{len(list(keep.iterdir()))}")


def _replace_keeping_time(path: Path, data: bytes, keep: Path) -> None:
    """Another file saved over ``path`` (written beside it, renamed over it: a new inode, as editors
    save), given the old modification time back. (Written in place with the time set back, a file of
    the same size is not noticed: that would take hashing every published file on every build.)"""
    _keep_inode(path, keep)
    status = path.stat()
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(data)
    os.utime(temporary, ns=(status.st_atime_ns, status.st_mtime_ns))
    os.replace(temporary, path)


def _spare(project: Project) -> Path:
    return next((project.root / ".cache" / "generator" / "outputs").iterdir()) / "spare"


@pytest.mark.parametrize("how", ["in place", "replaced", "removed", "same size and time"])
def test_9_a_hand_edited_published_file_is_made_again(project: Project, how: str):
    clean = built(project)
    page = _page(project.output)
    original = page.read_bytes()
    status = page.stat()
    if how == "in place":
        _edit_in_place(page, original.replace(b"</body>", b"<script>tampered()</script></body>"))
    elif how == "replaced":
        page.unlink()
        page.write_bytes(b"tampered")
    elif how == "removed":
        page.unlink()
    else:  # another file of the same size saved over it, given the old time back
        _replace_keeping_time(page, b"x" * len(original), project.root / "kept-inodes")
    for _ in range(2):  # the next build repairs it, and the one after finds nothing to do
        result = project.build("--no-search")
        assert result.code == 0, result.err
        assert tree_digest(project.output) == clean
    assert "up to date" in project.build("--no-search").out


def test_9_a_damaged_file_in_the_spare_tree_is_not_published(project: Project):
    clean = built(project)
    project.write("2022/weinan-kepuri.md", NOTICE.replace("发动各级学会。", "发动各级学会和企业。"))
    assert project.build("--no-search").code == 0  # the first site is the spare now
    edited = tree_digest(project.output)
    spare = _spare(project)
    assert (spare / "404.html").is_file()
    _edit_in_place(spare / "404.html", b"tampered in the spare")  # 404.html is shared by both trees
    (spare / "2022" / "index.html").unlink()
    (spare / "2022" / "index.html").write_bytes(b"replaced in the spare")
    project.write("2022/weinan-kepuri.md", NOTICE)
    assert project.build("--no-search").code == 0  # the spare (the first site) becomes the site again
    assert tree_digest(project.output) == clean
    project.write("2022/weinan-kepuri.md", NOTICE.replace("发动各级学会。", "发动各级学会和企业。"))
    assert project.build("--no-search").code == 0
    assert tree_digest(project.output) == edited


def test_9_a_damaged_live_page_is_made_again_before_indexing(project: Project):
    project.write("2022/weinan-kepuri.md", NOTICE)
    project.write("2022/other.md", NOTICE.replace("2022年渭南市", "2022年渭南市第二次"))
    assert project.build().code == 0
    page = project.output / "2022" / "weinan-kepuri" / "index.html"
    _edit_in_place(page, page.read_bytes().replace("发动各级学会".encode(), "篡改的文字".encode()))
    project.write("2022/other.md", NOTICE.replace("2022年渭南市", "2022年渭南市第三次"))  # its year is searched again
    assert project.build().code == 0
    assert "篡改的文字".encode() not in page.read_bytes()
    clean = project.root / "clean"
    assert project.build("--no-cache", "--output", str(clean)).code == 0
    assert searchable(project.output) == searchable(clean)  # the index too: made from the true page
    assert "篡改" not in "".join(searchable(project.output).values())


def _tamper(path: Path, how: str, keep: Path) -> None:
    if not path.is_file():
        return
    status = path.stat()
    if how == "in place":
        _edit_in_place(path, path.read_bytes() + b"<!-- tampered -->")
    elif how == "truncated":
        _edit_in_place(path, path.read_bytes()[: status.st_size // 2])
    elif how == "removed":
        _keep_inode(path, keep)
        path.unlink()
    else:  # "same size and time": another file given the old time back
        _replace_keeping_time(path, b"x" * status.st_size, keep)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(picks=st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(["in place", "truncated", "removed",
                                                                          "same size and time"]),
                                st.booleans()), min_size=1, max_size=4))
def test_9_any_tampered_published_or_spare_files_are_repaired_by_the_next_build(project: Project, picks):
    """The class: any published file (and its twin in the spare tree), changed any way."""
    if not (project.output / "index.html").exists():
        project.write("2022/other.md", NOTICE.replace("2022年渭南市", "2022年渭南市第二次"))
        built(project)
        project.write("2022/weinan-kepuri.md", NOTICE.replace("发动各级学会。", "发动各级学会和企业。"))
        assert project.build("--no-search").code == 0  # now there is a spare tree too
    clean = project.root / "clean"
    if not clean.exists():
        assert project.build("--no-search", "--no-cache", "--output", str(clean)).code == 0
    expected = tree_digest(clean)
    files = sorted(p for p in tree_digest(project.output) if p != ".notice-site")
    for number, how, in_spare in picks:
        root = _spare(project) if in_spare else project.output
        _tamper(root / files[number % len(files)], how, project.root / "kept-inodes")
    assert project.build("--no-search").code == 0
    assert tree_digest(project.output) == expected
    assert project.build("--no-search").code == 0
    assert tree_digest(project.output) == expected


def test_9_files_written_by_worker_processes_are_recorded_as_written(project: Project):
    """Pages made in forked workers (many at once) are noted with their own size, time and inode, so
    the next build does not take them for damaged files."""
    _many_notices(project, 80)
    assert project.build("--no-search", "--jobs", "2").code == 0
    for draft in ("第二稿。", "第三稿。"):  # the second time into the spare tree, the first site
        for number in range(80):
            project.write(f"2022/notice-{number}.md", NOTICE.replace("2022年", f"2022年第{number}次").replace(
                "[[actions]]", f"{draft}\n\n[[actions]]"))
        assert project.build("--no-search", "--jobs", "2").code == 0  # every notice page again
    result = project.build("--no-search", "--jobs", "2")
    assert result.code == 0 and "up to date" in result.out, result.out


def test_12_new_on_a_full_disk_is_a_clear_message(project: Project, monkeypatch):
    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))

    monkeypatch.setattr(Path, "write_text", full)
    result = project.run("new", "fresh-notice", "--today", "2022-03-05")
    assert result.code == 2 and "No space left on device" in result.err and "Traceback" not in result.err


def test_9_a_damaged_search_index_file_is_made_again(project: Project):
    project.write("2022/weinan-kepuri.md", NOTICE)
    project.write("2021/weinan-kepuri-2021.md", NOTICE.replace("2022", "2021"))  # two years: two bundles
    assert project.build().code == 0
    clean = tree_digest(project.output)
    index = sorted(p.relative_to(project.output) for p in (project.output / "pagefind").rglob("*") if p.is_file())
    for path in index:  # a year's bundle and the files that merge the years
        _edit_in_place(project.output / path, b"damaged")
        assert project.build().code == 0
        assert tree_digest(project.output) == clean, path


def test_9_the_dev_server_repairs_a_hand_edited_page_too(project: Project):
    import datetime as dt
    from generator.build import Options, Session, build
    project.write("2022/weinan-kepuri.md", NOTICE)
    project.write("2022/other.md", NOTICE.replace("2022年渭南市", "2022年渭南市第二次"))
    options = Options(content=project.content, output=project.output, themes=project.root / "themes",
                      today=dt.date(2022, 9, 1), search=False, keep_search=True)
    session = Session()
    build(options, session=session)
    clean = tree_digest(project.output)
    _edit_in_place(_page(project.output), b"edited by hand")
    project.write("2022/other.md", NOTICE.replace("2022年渭南市", "2022年渭南市第二次").replace(
        "[[actions]]", "补充一句。\n\n[[actions]]"))  # a body edit: the session's shortcut would keep the rest
    build(options, session=session)
    assert _page(project.output).read_bytes() != b"edited by hand"
    project.write("2022/other.md", NOTICE.replace("2022年渭南市", "2022年渭南市第二次"))
    build(options, session=session)
    assert tree_digest(project.output) == clean


def test_9_a_body_edit_elsewhere_still_repairs_a_hand_edited_page(project: Project):
    project.write("2022/other.md", NOTICE.replace("2022年渭南市", "2022年渭南市第二次"))
    built(project)
    _edit_in_place(_page(project.output), b"edited by hand")
    project.write("2022/other.md", NOTICE.replace("2022年渭南市", "2022年渭南市第二次").replace(
        "[[actions]]", "补充一句。\n\n[[actions]]"))  # the bodies-only planner would keep the rest as published
    assert project.build("--no-search").code == 0
    clean = project.root / "clean"
    assert project.build("--no-search", "--no-cache", "--output", str(clean)).code == 0
    assert tree_digest(project.output) == tree_digest(clean)
