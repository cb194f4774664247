"""Incremental builds: whatever sequence of edits, the site is byte-identical to a clean build of the
same sources; unchanged sources do no work; edits redo only what depends on them; the cache and the
spare tree are trusted only when they can be."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import re
import shutil
from pathlib import Path

import pytest

from generator import cache, fingerprints
from generator.build import Options, Session, build
from generator.corpus import write_corpus
from generator.errors import ContentErrors
from helpers import searchable

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2020, 6, 1)  # some notices are upcoming, some past, some in the future


def digest(root: Path) -> dict[str, str]:
    """Every file's hash, but the search index as what it finds page by page (:func:`searchable`): an
    incremental build keeps edits in the delta bundle where a clean build indexes their year."""
    files = {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted(root.rglob("*")) if p.is_file()}
    found = {f"search finds {url}": hashlib.sha256(text.encode()).hexdigest() for url, text in searchable(root).items()}
    return {path: value for path, value in files.items() if not path.startswith("pagefind/")} | found


def files(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """A small synthetic archive (the benchmark's generator) with its own copy of the themes."""
    write_corpus(tmp_path, 14, seed=7)
    shutil.copytree(REPO / "themes", tmp_path / "themes")
    return tmp_path


def options(root: Path, **more) -> Options:
    return Options(content=root / "content", output=root / "output", themes=root / "themes", today=TODAY,
                   cache=root / "cache", **more)


def clean(root: Path, search: bool) -> dict[str, str]:
    """A build from nothing (no cache, no previous output) of the sources as they are now."""
    target = root / "clean"
    shutil.rmtree(target, ignore_errors=True)
    build(Options(content=root / "content", output=target, themes=root / "themes", today=TODAY,
                  use_cache=False, search=search))
    return digest(target)


# ---------------------------------------------------------------- random edits


def _notices(root: Path) -> list[Path]:
    return sorted((root / "content").glob("*/*.md"))


def _edits(root: Path, rng: random.Random, step: int):
    """One random change to the sources; returns its name and whether the build must fail."""
    notices = _notices(root)
    notice = rng.choice(notices)
    text = notice.read_text(encoding="utf-8")
    kind = rng.choice(["body", "body", "title", "date", "deadline", "add", "delete", "rename", "draft", "link",
                       "config", "template", "style", "broken", "touch"])
    if kind == "body":
        notice.write_text(text.replace("。", f"（第{step}次修改）。", 1), encoding="utf-8")
    elif kind == "title":
        notice.write_text(text.replace("\ntitle: ", f"\ntitle: 第{step}次", 1), encoding="utf-8")
    elif kind == "date":  # moves the notice within its year's lists, and changes what is upcoming
        day = rng.randint(1, 28)
        notice.write_text(re.sub(r"\nissued: (\d{4})-\d\d-\d\d", rf"\nissued: \g<1>-0{rng.randint(1, 9)}-{day:02d}",
                                 text, count=1), encoding="utf-8")
    elif kind == "deadline":
        notice.write_text(text.replace("    what: ", f"    what: 第{step}项", 1), encoding="utf-8")
    elif kind == "add":
        copy = notice.with_name(f"added-{step}.md")
        copy.write_text(text.replace("\ntitle: ", "\ntitle: 新增", 1), encoding="utf-8")
    elif kind == "delete" and len(notices) > 4:
        if not any(f"notice: {notice.stem}" in other.read_text(encoding="utf-8") for other in notices):
            notice.unlink()
    elif kind == "rename":
        if not any(f"notice: {notice.stem}" in other.read_text(encoding="utf-8") for other in notices):
            notice.rename(notice.with_name(f"renamed-{step}.md"))
    elif kind == "draft":
        if "\ndraft: true" in text:
            notice.write_text(text.replace("\ndraft: true", ""), encoding="utf-8")
        else:
            notice.write_text(text.replace("\ntitle: ", "\ndraft: true\ntitle: ", 1), encoding="utf-8")
    elif kind == "link":
        other = rng.choice(notices)
        if "based_on:" not in text and other != notice:
            notice.write_text(text.replace("\nsummary: ", f"\nbased_on:\n  - title: 上级通知\n    notice: {other.stem}"
                                           "\nsummary: ", 1), encoding="utf-8")
    elif kind == "config":
        site = root / "content" / "site.yaml"
        config = site.read_text(encoding="utf-8")
        site.write_text(config.replace("title: ", f"title: 第{step}版", 1) if rng.random() < 0.5
                        else config + f"# comment {step}\n", encoding="utf-8")
    elif kind == "template":
        name = rng.choice(["notice.html", "year.html", "partials/notice_list.html", "base.html", "annex.html"])
        template = root / "themes" / "default" / "templates" / name
        source = template.read_text(encoding="utf-8")
        marker = "{% endblock %}" if "{% endblock %}" in source else "</ol>"
        template.write_text(source.replace(marker, f"<!-- {step} -->{marker}", 1), encoding="utf-8")
    elif kind == "style":
        style = root / "themes" / "default" / "static" / "style.css"
        style.write_text(style.read_text(encoding="utf-8") + f"\n/* {step} */\n", encoding="utf-8")
    elif kind == "broken":
        notice.write_text(text.replace("\nregion: ", "\nregion: nowhere-", 1), encoding="utf-8")
        return kind, True
    elif kind == "touch":
        notice.write_text(text, encoding="utf-8")
    return kind, False


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_edits_give_the_clean_build(archive: Path, seed: int):
    rng = random.Random(seed)
    search = seed == 1  # the search index too, once (it is the slowest part)
    session = Session(store=cache.Store(archive / "cache")) if seed == 3 else None  # the dev server's way
    build(options(archive, search=search), session=session)
    assert digest(archive / "output") == clean(archive, search)
    for step in range(12):
        before = digest(archive / "output")
        saved = {p: p.read_bytes() for p in _notices(archive)}
        kind, broken = _edits(archive, rng, step)
        if broken:
            with pytest.raises(ContentErrors):
                build(options(archive, search=search), session=session)
            assert digest(archive / "output") == before, "a failed build changed the site"
            for path, data in saved.items():  # the editor fixes it
                path.write_bytes(data)
            continue
        build(options(archive, search=search), session=session)
        assert digest(archive / "output") == clean(archive, search), f"step {step}: {kind}"


# ---------------------------------------------------------------- doing no work twice


def test_unchanged_sources_do_nothing_and_touched_files_are_hashed_not_rebuilt(archive: Path):
    first = build(options(archive, search=False))
    assert first.written == first.files > 100
    again = build(options(archive, search=False))
    assert again.up_to_date and again.written == 0 and again.files == first.files
    for path in _notices(archive)[:3]:
        path.write_bytes(path.read_bytes())  # saved without a change: a new modification time
    touched = build(options(archive, search=False))
    assert touched.written == 0 and touched.made == 0


def test_a_body_edit_rewrites_that_notice_page_alone(archive: Path):
    build(options(archive, search=False))
    notice = _notices(archive)[5]
    text = notice.read_text(encoding="utf-8")
    assert text.count("现将有关事项通知如下") == 1  # in the body
    notice.write_text(text.replace("现将有关事项通知如下", "现将有关事项（改）通知如下"), encoding="utf-8")
    result = build(options(archive, search=False))
    assert result.written == 1  # <year>/<slug>/index.html; lists, feeds and calendars show no body
    page = archive / "output" / notice.parent.name / notice.stem / "index.html"
    assert "（改）" in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("search", [False, True])
def test_a_body_edit_is_built_without_reading_the_archive(archive: Path, search: bool):
    """Bodies show on their own notice's pages alone: a build after body edits parses those files and
    renders their pages, without loading, collecting or planning the other notices, and gives the
    clean build. Linked notices (a county's notice names its province's) are read from the cache."""
    target, citing = _notices(archive)[0], _notices(archive)[1]  # citing names target as its basis
    text = citing.read_text(encoding="utf-8")
    reference = f"  - title: 上级通知\n    notice: {target.stem}\n"
    text = (text.replace("based_on:\n", "based_on:\n" + reference, 1) if "based_on:\n" in text
            else text.replace("\nsummary: ", "\nbased_on:\n" + reference + "summary: ", 1))
    citing.write_text(text, encoding="utf-8")
    build(options(archive, search=search))
    page = (archive / "output" / target.parent.name / target.stem / "index.html").read_text(encoding="utf-8")
    assert f"/{citing.parent.name}/{citing.stem}/" in page  # the link shows on both notices' pages
    edited = [target, citing]
    for path in edited:
        path.write_text(path.read_text(encoding="utf-8").replace("现将有关事项通知如下", "现将有关事项（改）通知如下"),
                        encoding="utf-8")

    result = build(options(archive, search=search))
    assert result.way == "bodies" and result.parsed == len(edited)
    assert result.loaded < len(_notices(archive))  # the edited notices and the ones their pages link to
    assert result.written >= len(edited) and not result.up_to_date
    assert digest(archive / "output") == clean(archive, search)
    for path in edited:  # the next full-way build agrees that nothing is left to do
        assert "（改）" in (archive / "output" / path.parent.name / path.stem / "index.html").read_text(encoding="utf-8")
    assert build(options(archive, search=search)).up_to_date
    # a mistake in a body is reported like any other (file, line, field) and the site stays as it was
    before = digest(archive / "output")
    good = target.read_text(encoding="utf-8")
    broken = good.replace("现将有关事项（改）通知如下", "\n\n[[actions: 不存在的组]]\n\n现将有关事项通知如下")
    target.write_text(broken, encoding="utf-8")
    with pytest.raises(ContentErrors) as failed:
        build(options(archive, search=search))
    error = next(e for e in failed.value.errors if "不存在的组" in e.message)
    assert error.file.endswith(f"content/{target.parent.name}/{target.name}") and error.field == "body"
    assert broken.split("\n")[error.line - 1] == "[[actions: 不存在的组]]"
    assert digest(archive / "output") == before
    target.write_text(good, encoding="utf-8")
    # anything but a body (here a title) takes the full way
    path = edited[1]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\ntitle: ", "\ntitle: 新", 1), encoding="utf-8")
    result = build(options(archive, search=search))
    assert result.way == "whole site" and result.loaded == len(_notices(archive))
    assert digest(archive / "output") == clean(archive, search)


def test_a_body_edit_goes_to_the_delta_and_many_reindex_their_year(archive: Path, monkeypatch):
    """Each year has its own search bundle; an edited notice goes into the small delta bundle (no year is
    indexed again) until the delta passes its bound: then the year holding most of it is indexed again.
    What the search finds is the clean build's at every step; an edit undone gives the same bytes again."""
    from generator.outputs import search as searching
    monkeypatch.setattr(searching, "DELTA_BOUND", 2)
    indexed = build(options(archive)).indexed
    years = {p.parent.name for p in _notices(archive)}
    bundles = {path.split("/")[1] for path in files(archive / "output") if path.startswith("pagefind/2")}
    assert sorted(map(str, indexed)) == sorted(bundles) and len(bundles) > 1 and bundles <= years
    assert json.loads((archive / "output" / "pagefind" / "delta.json").read_text()) == {"bundle": None, "hidden": {}}
    before = files(archive / "output")
    year = max(bundles, key=lambda y: sum(1 for p in _notices(archive) if p.parent.name == y))
    notices = [p for p in _notices(archive) if p.parent.name == year]
    assert len(notices) >= 2
    original = notices[0].read_text(encoding="utf-8")
    notices[0].write_text(original.replace("现将有关事项通知如下", "现将有关事项（改）通知如下"), encoding="utf-8")
    result = build(options(archive))
    assert result.searched and result.indexed == []
    delta = json.loads((archive / "output" / "pagefind" / "delta.json").read_text())
    assert delta["bundle"] == "delta/" and len(delta["hidden"]) == 1
    assert digest(archive / "output") == clean(archive, True)
    notices[0].write_text(original, encoding="utf-8")  # undone: the delta is empty again, the bytes as before
    assert build(options(archive)).indexed == []
    assert files(archive / "output") == before
    other = next(p for p in _notices(archive) if p.parent.name != year)
    for step, notice in enumerate(notices[:2] + [other]):  # past the bound of 2 pages
        notice.write_text(notice.read_text(encoding="utf-8").replace("现将有关事项通知如下", f"现将有关事项（{step}）通知如下"),
                          encoding="utf-8")
        result = build(options(archive))
        assert digest(archive / "output") == clean(archive, True), f"edit {step}"
        delta = json.loads((archive / "output" / "pagefind" / "delta.json").read_text())
        if step < 2:
            assert result.indexed == [] and len(delta["hidden"]) == step + 1
    assert result.indexed == [int(year)]  # the year holding most of the delta, which keeps the other page
    assert len(delta["hidden"]) == 1
    notices[1].unlink()  # a deleted notice is hidden until its year is indexed again
    build(options(archive))
    assert digest(archive / "output") == clean(archive, True)


def test_a_template_edit_remakes_only_the_pages_that_use_it(archive: Path):
    first = build(options(archive, search=False))
    template = archive / "themes" / "default" / "templates" / "year.html"
    template.write_text(template.read_text(encoding="utf-8").replace("{% endblock %}", "<!-- x -->{% endblock %}",
                                                                     1), encoding="utf-8")
    result = build(options(archive, search=False))
    years = len({p.parent.name for p in _notices(archive)})
    assert 0 < result.made <= 2 * years and result.written == result.made < first.made


def test_a_new_generator_version_makes_everything_again(archive: Path, monkeypatch: pytest.MonkeyPatch):
    first = build(options(archive, search=False))
    monkeypatch.setattr(fingerprints, "code_version", lambda: "a different generator")
    again = build(options(archive, search=False))
    static = len(list((archive / "themes" / "default" / "static").glob("*")))  # copied as they are: no code
    assert again.made == first.made - static and again.written == 0  # all made again; same bytes: none written


# ---------------------------------------------------------------- what is trusted


def _workdir(root: Path) -> Path:
    return next((root / "cache" / "outputs").iterdir())


def test_a_spare_tree_without_its_record_is_made_afresh(archive: Path):
    build(options(archive, search=False))
    notice = _notices(archive)[2]
    for step in range(3):
        notice.write_text(notice.read_text(encoding="utf-8").replace("。", f"（{step}）。", 1), encoding="utf-8")
        if step == 2:
            (_workdir(archive) / "spare.record").unlink()  # as after a build killed while filling the spare
            (_workdir(archive) / "spare" / "stray.html").write_text("junk", encoding="utf-8")
        build(options(archive, search=False))
    assert digest(archive / "output") == clean(archive, search=False)


def test_a_damaged_cache_is_a_cache_miss(archive: Path):
    build(options(archive, search=False))
    import sqlite3
    db = sqlite3.connect(archive / "cache" / "cache.sqlite")
    db.execute("UPDATE notices SET value = x'00ff'")
    db.commit()
    db.close()
    (_workdir(archive) / "live.record").write_bytes(b"not a record")
    notice = _notices(archive)[0]
    notice.write_text(notice.read_text(encoding="utf-8").replace("。", "（改）。", 1), encoding="utf-8")
    build(options(archive, search=False))
    assert digest(archive / "output") == clean(archive, search=False)


def test_check_reads_the_cache_but_writes_nothing(archive: Path):
    """(SQLite may add its empty -wal/-shm bookkeeping files beside the cache it reads.)"""
    from generator.build import check
    check(options(archive))
    assert not (archive / "cache").exists() and not (archive / "output").exists()
    build(options(archive, search=False))
    notice = _notices(archive)[0]
    notice.write_text(notice.read_text(encoding="utf-8").replace("现将有关事项", "现将有关的事项"), encoding="utf-8")
    kept = lambda: {p: p.read_bytes() for p in (archive / "cache").rglob("*")  # noqa: E731
                    if p.is_file() and not p.name.endswith(("-wal", "-shm"))}
    before, site = kept(), digest(archive / "output")
    check(options(archive))
    assert kept() == before and digest(archive / "output") == site


def test_a_session_after_body_edits_front_edits_and_builds_by_others_gives_the_clean_build(archive: Path):
    """The dev server's short cut (only bodies changed: only those pages) and its guard (someone else
    published meanwhile: compare everything)."""
    session = Session(store=cache.Store(archive / "cache"))
    build(options(archive, search=False), session=session)
    notices = _notices(archive)
    steps = [("body", 0), ("body", 0), ("body", 3), ("title", 3), ("body", 3), ("other build", 5), ("body", 5),
             ("body", 1), ("other build", 2), ("other build", 2), ("body", 2)]
    for number, (kind, index) in enumerate(steps):
        notice = notices[index]
        text = notice.read_text(encoding="utf-8")
        if kind == "title":
            notice.write_text(text.replace("\ntitle: ", f"\ntitle: 改{number}", 1), encoding="utf-8")
        else:
            notice.write_text(text.replace("现将有关事项", f"现将有关事项{number}", 1), encoding="utf-8")
        result = build(options(archive, search=False), session=None if kind == "other build" else session)
        if kind == "body":
            assert result.written == 1, (number, kind)
            after_other = number > 0 and steps[number - 1][0] == "other build"
            assert result.way == ("session" if after_other else "session bodies"), (number, kind)
        elif kind == "title":
            assert result.way == "whole site", (number, kind)
        assert digest(archive / "output") == clean(archive, search=False), (number, kind)
