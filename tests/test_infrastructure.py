"""The machinery under incremental builds, unit by unit: fingerprints, template versions, the cache
store, the record, publish recovery and the worker pool."""

from __future__ import annotations

import dataclasses
import os
import signal
from pathlib import Path

import jinja2
import pytest

from generator import publish, workers
from generator.cache import Store
from generator.collect import collect
from generator.fingerprints import Fingerprints, template_versions
from generator.record import Inputs, Record, Summary, UnitRecord, load, save
from generator.render import Page, make_environment

from helpers import REPO, TODAY, load_example


# ---------------------------------------------------------------- fingerprints


@pytest.fixture(scope="module")
def archive():
    site, notices = load_example()
    return site, notices


def _fingerprints(site, notices) -> Fingerprints:
    return Fingerprints("code", site, collect(site, notices, TODAY), make_environment(site, REPO / "themes"))


def test_a_page_depends_on_its_own_notice_whole_and_on_others_front_matter(archive):
    site, notices = archive
    own, other = notices[0], notices[1]
    fingerprints = _fingerprints(site, notices)
    page = Page("p/index.html", "notice.html", {"notice": own, "downstream": [other], "path": "p/"})
    before = fingerprints.page(page)
    assert fingerprints.page(page) == before  # stable
    body_edit = dataclasses.replace(other, digest="another body")  # a neighbour's body: not shown here
    assert fingerprints.page(dataclasses.replace(page, context={**page.context, "downstream": [body_edit]})) == before
    retitled = dataclasses.replace(other, front_digest="another title")  # its front matter: shown
    assert fingerprints.page(dataclasses.replace(page, context={**page.context, "downstream": [retitled]})) != before
    edited = dataclasses.replace(own, digest="another body")  # the page's own notice: all of it
    assert fingerprints.page(dataclasses.replace(page, context={**page.context, "notice": edited})) != before
    assert fingerprints.page(dataclasses.replace(page, path="q/index.html")) != before


def test_the_recipes_of_other_units_follow_what_they_show(archive):
    site, notices = archive
    collections = collect(site, notices, TODAY)
    env = make_environment(site, REPO / "themes")
    fingerprints = Fingerprints("code", site, collections, env)
    notice = notices[0]
    same = Fingerprints("code", site, collect(site, notices, TODAY), env)
    assert same.notice_output("api", notice, collections) == fingerprints.notice_output("api", notice, collections)
    assert fingerprints.notice_output("api", notice, collections) != fingerprints.notice_output(
        "feed", notice, collections)
    assert fingerprints.site_output("feed") == same.site_output("feed")
    assert Fingerprints("new code", site, collections, env).site_output("feed") != fingerprints.site_output("feed")
    later = Fingerprints("code", site, collect(site, notices, TODAY.replace(year=TODAY.year + 1)), env)
    assert later.site_output("feed") != fingerprints.site_output("feed")  # upcoming and past deadlines move
    pages = {"/2022/a/": {"2022/a/index.html": "h1"}}
    assert fingerprints.search_year(2022, pages) != fingerprints.search_year(2022, {"/2022/a/": {"x": "h2"}})


def test_an_unknown_value_in_a_page_context_is_refused(archive):
    site, notices = archive

    class Unknown:
        pass

    with pytest.raises(TypeError, match="no fingerprint"):
        _fingerprints(site, notices).page(Page("x.html", "404.html", {"thing": Unknown()}))


# ---------------------------------------------------------------- template versions


def _env(templates: dict[str, str]) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.DictLoader(templates))


def test_a_template_version_covers_what_it_extends_includes_and_imports():
    templates = {"base.html": "<main>{% block main %}{% endblock %}</main>",
                 "page.html": "{% extends 'base.html' %}{% block main %}{% include 'part.html' %}{% endblock %}",
                 "part.html": "{% import 'macros.html' as m %}{{ m.x() }}",
                 "macros.html": "{% macro x() %}x{% endmacro %}",
                 "other.html": "alone"}
    before = template_versions(_env(templates))
    after = template_versions(_env({**templates, "macros.html": "{% macro x() %}y{% endmacro %}"}))
    assert {name for name in templates if before[name] != after[name]} == {"page.html", "part.html", "macros.html"}
    base = template_versions(_env({**templates, "base.html": "<div>{% block main %}{% endblock %}</div>"}))
    assert {name for name in templates if before[name] != base[name]} == {"base.html", "page.html"}


def test_a_template_that_names_another_by_a_variable_depends_on_every_template():
    templates = {"dynamic.html": "{% include name %}", "a.html": "a", "b.html": "b"}
    before = template_versions(_env(templates))
    after = template_versions(_env({**templates, "b.html": "B"}))
    assert before["dynamic.html"] != after["dynamic.html"] and before["a.html"] == after["a.html"]


def test_a_broken_template_still_gets_a_version():
    versions = template_versions(_env({"broken.html": "{% if %}", "fine.html": "ok"}))
    assert set(versions) == {"broken.html", "fine.html"} and all(versions.values())


# ---------------------------------------------------------------- the cache store


def test_a_corrupt_cache_database_is_no_cache(tmp_path: Path):
    (tmp_path / "cache.sqlite").write_bytes(b"this is not a database" * 100)
    store = Store(tmp_path)
    assert store.get("notices", ["a"]) == {}
    store.put("notices", {"a": b"1"})  # kept in memory instead
    assert store.get("notices", ["a"]) == {"a": b"1"}
    store.prune("notices", set())
    store.close()


def test_the_store_keeps_values_between_processes_and_prunes_unused_ones(tmp_path: Path):
    store = Store(tmp_path)
    store.put("parts", {f"k{i}": b"v" for i in range(50)})
    store.close()
    again = Store(tmp_path)
    assert again.get("parts", ["k1", "k49", "missing"]) == {"k1": b"v", "k49": b"v"}
    again.prune("parts", {"k1"}, slack=0)
    assert again.get("parts", ["k1", "k2"]) == {"k1": b"v"}
    again.close()
    readonly = Store(tmp_path, readonly=True)
    readonly.put("parts", {"new": b"n"})  # a read-only store keeps new values in memory only
    readonly.close()
    assert Store(tmp_path, readonly=True).get("parts", ["new"]) == {}


# ---------------------------------------------------------------- the record


def test_a_record_survives_its_file_and_a_foreign_file_is_no_record(tmp_path: Path):
    inputs = Inputs("code", "site", "{}", (("default/x", "h"),), (False, False, "2023-09-01", True, False),
                    {"2022/a.md": "h"}, {"2022/a.md": (10, 20)}, 30, Summary(1, 2, 3, []), {"2022/a": "f"},
                    {"2022/a": ((None,), ())}, {2022: {"/2022/a/": "page:2022/a/index.html"}})
    record = Record(inputs=inputs, identity=(1, 2, 3))
    record.put("page:x", UnitRecord("fp", {"x/index.html": "c"}))
    save(tmp_path / "live.record", record)
    back = load(tmp_path / "live.record")
    assert back is not None and back.inputs == inputs and back.identity == (1, 2, 3)
    assert back.unit("page:x") == UnitRecord("fp", {"x/index.html": "c"}) and back.files() == {"x/index.html": "c"}
    assert back.fingerprint("page:gone") == "" and back.unit("page:gone") is None
    (tmp_path / "foreign.record").write_bytes(b"not a record")
    assert load(tmp_path / "foreign.record") is None
    assert load(tmp_path / "missing.record") is None


def test_a_record_knows_which_units_it_kept(tmp_path: Path):
    live = Record()
    live.put("a", UnitRecord("1", {"a.html": "x"}))
    live.put("b", UnitRecord("2", {"b.html": "y"}))
    new = Record()
    new.take_all(live)
    new.put("b", UnitRecord("3", {"b.html": "z"}))
    assert new.same_unit("a", live) and not new.same_unit("b", live)
    assert new.files() == {"a.html": "x", "b.html": "z"}


# ---------------------------------------------------------------- publish recovery


def _tree(path: Path, files: dict[str, str]) -> None:
    path.mkdir(parents=True)
    (path / publish.MARKER).write_bytes(publish.MARKER_TEXT)
    for name, text in files.items():
        (path / name).write_text(text, encoding="utf-8")


def test_a_swap_interrupted_between_its_renames_is_completed(tmp_path: Path):
    output = tmp_path / "output"
    _tree(tmp_path / ".output-old", {"index.html": "the live site"})  # renamed away; the new tree never came
    _tree(tmp_path / ".output-new-a1b2c3d4", {"index.html": "half a site"})
    folder = publish.OutputFolder(output, None).open()
    folder.close()
    assert (output / "index.html").read_text(encoding="utf-8") == "the live site"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".output.lock", "output"]  # the lock stays


def _publish(folder: publish.OutputFolder, text: str, fingerprint: str) -> None:
    tree = folder.stage()
    tree.write("index.html", text)
    record = Record()
    record.put("page:index.html", UnitRecord(fingerprint, {"index.html": tree.present["index.html"]}))
    folder.commit(tree, record)


def test_a_commit_interrupted_after_its_exchange_is_believed_from_the_pending_record(tmp_path: Path):
    output, workdir = tmp_path / "output", tmp_path / "work"
    for text, fingerprint in (("first", "fp1"), ("second", "fp2")):
        with publish.OutputFolder(output, workdir) as folder:
            _publish(folder, text, fingerprint)
    # As if the second build was killed after its exchange, before renaming the records: the new
    # site's record is still pending and the old site's record still named live.
    os.replace(workdir / "live.record", workdir / "live.pending.record")
    os.replace(workdir / "spare.record", workdir / "live.record")
    with publish.OutputFolder(output, workdir) as reopened:
        assert reopened.live is not None and reopened.live.fingerprint("page:index.html") == "fp2"
        assert not (workdir / "live.pending.record").exists()
        _publish(reopened, "third", "fp3")  # the spare (the first site's tree) is trusted and reused
    assert (output / "index.html").read_text(encoding="utf-8") == "third"
    assert (workdir / "spare" / "index.html").read_text(encoding="utf-8") == "second"


# ---------------------------------------------------------------- the worker pool


def test_the_pool_gives_every_result_in_this_process():
    seen: dict[int, int] = {}
    workers.each(lambda n: (os.getpid(), n * n), list(range(200)), 2,
                 lambda n, result: seen.__setitem__(n, result[1]), min_items=1)
    assert seen == {n: n * n for n in range(200)}


def test_a_worker_that_dies_fails_the_build_instead_of_hanging():
    parent = os.getpid()

    def work(n: int) -> int:
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)  # a worker killed (say, by the out-of-memory killer)
        return n

    def hung(*args) -> None:
        raise AssertionError("the pool waited for a dead worker")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)
    try:
        with pytest.raises(workers.WorkerFailed):
            workers.each(work, list(range(200)), 2, lambda n, result: None, min_items=1)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_an_error_raised_in_a_worker_is_raised_in_the_build():
    """(An editor's error found in a worker stays an editor's error.)"""
    parent = os.getpid()

    def work(n: int) -> int:
        if os.getpid() != parent:
            raise ValueError(f"item {n}")
        return n

    with pytest.raises(ValueError, match="item"):
        workers.each(work, list(range(200)), 2, lambda n, result: None, min_items=1)
