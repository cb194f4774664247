"""Hostile and broken input never crashes the generator: it ends in a site or in clear errors."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import NOTICE, Project

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def outcome(project: Project, raw: bytes) -> str:
    path = project.content / "2022" / "notice.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    result = project.run("check", "--today", "2022-09-01")  # an exception here fails the test
    assert result.code in (0, 1), result.err
    assert "Traceback" not in result.err
    if result.code == 1:
        assert "content/2022/notice.md" in result.err  # every problem names the file
    return result.err


@SETTINGS
@given(raw=st.binary(max_size=2000))
def test_random_bytes(project, raw):
    outcome(project, b"---\n" + raw)


@SETTINGS
@given(text=st.text(max_size=600))
def test_random_front_matter_text(project, text):
    outcome(project, f"---\n{text}\n---\n正文\n".encode("utf-8", "surrogatepass"))


@SETTINGS
@given(position=st.integers(0, len(NOTICE.encode())), junk=st.binary(min_size=1, max_size=8),
       delete=st.integers(0, 12))
def test_mutated_notice(project, position, junk, delete):
    raw = NOTICE.encode("utf-8")
    outcome(project, raw[:position] + junk + raw[position + delete:])


values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30) | st.dates(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20)
FIELDS = ["title", "issued", "issuers", "region", "campaign", "dates", "actions", "deadlines", "contacts",
          "annexes", "based_on", "draft", "inferred", "signatures", "printed_by"]


@SETTINGS
@given(front=st.dictionaries(st.sampled_from(FIELDS), values, max_size=8))
def test_wrong_types_anywhere(project, front):
    text = yaml.safe_dump(front, allow_unicode=True)
    outcome(project, f"---\n{text}---\n[[actions]]\n".encode("utf-8", "surrogatepass"))


def test_crlf_bom_and_deep_nesting(project):
    crlf = ("\ufeff" + NOTICE).replace("\n", "\r\n").encode("utf-8")
    assert "problem" not in outcome(project, crlf)
    deep = "---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\n"
    assert "nest" in outcome(project, deep.encode())  # libyaml's own depth limit, or ours
    huge = NOTICE.replace("发动各级学会。", "学" * 2_000_000)
    assert outcome(project, huge.encode()) == ""  # a big value is no problem at all


def test_billion_laughs_and_python_tags(project):
    bomb = "---\n" + "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{i}: &a{i} [*a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}]\n"
        for i in range(1, 10)) + "---\n"
    assert "too large" in outcome(project, bomb.encode())
    tagged = NOTICE.replace("title: 关于", "title: !!python/object/apply:os.system ['touch /tmp/pwned'] #")
    assert "is not allowed" in outcome(project, tagged.encode())


def test_theme_name_cannot_leave_themes(project):
    site = project.content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "theme: ../../etc\n", encoding="utf-8")
    result = project.run("check")
    assert result.code == 1 and "content/site.yaml:" in result.err and "[theme]" in result.err
