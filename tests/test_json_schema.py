"""The JSON Schemas editors check notices and site.yaml with while typing (generator/json_schema.py).

A YAML editor (yaml-language-server, VS Code's YAML extension) reads YAML 1.2, so the files are read here as
it reads them (``yaml12``), not as the loader does, and validated with ``jsonschema``'s Draft 2020-12
validator. What the schema says is compared with what ``check`` says on the same text: every example
passes both, every broken notice fails both, at the same field.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from generator.config import load_site
from generator.json_schema import NOTICE, SITE, packaged, schemas
from generator.load import load_document
from generator.notice import Front, notice_context
from generator.schema import Date, Text, validate
from helpers import REPO

CJK = re.compile(r"[\u4e00-\u9fff]")
STARTER = REPO / "generator" / "starter" / "content"


class _Yaml12(yaml.SafeLoader):
    """YAML 1.2's core schema, as yaml-language-server types scalars: no dates (2022-09-15 is a string),
    only true/false as booleans, 0913 the number 913."""


_Yaml12.yaml_implicit_resolvers = {}
for tag, pattern, first in (
        ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
        ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
        ("float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)"
                  r"|\.(?:nan|NaN|NAN))$", "-+0123456789."),
        ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""])):
    _Yaml12.add_implicit_resolver(f"tag:yaml.org,2002:{tag}", re.compile(pattern), list(first))


def _int(loader: yaml.SafeLoader, node: yaml.Node) -> int:
    text = loader.construct_scalar(node)
    return int(text[2:], 8) if text.startswith("0o") else int(text, 16) if text.startswith("0x") else int(text)


def _bool(loader: yaml.SafeLoader, node: yaml.Node) -> bool:
    return loader.construct_scalar(node).lower() == "true"


_Yaml12.add_constructor("tag:yaml.org,2002:int", _int)
_Yaml12.add_constructor("tag:yaml.org,2002:bool", _bool)


def yaml12(text: str):
    return yaml.load(text, Loader=_Yaml12)  # noqa: S506 - a SafeLoader subclass


def front_of(text: str) -> str:
    return text.split("---\n", 2)[1]


def validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(packaged()[name]))


def schema_errors(name: str, data) -> list[tuple[str, str]]:
    """(path as the loader names fields, message) of every error; within oneOf/anyOf, of the alternative
    that came closest (as an editor reports it)."""
    found = []
    for error in validator(name).iter_errors(data):
        error = jsonschema.exceptions.best_match([error])
        path = ".".join(f"[{part + 1}]" if isinstance(part, int) else part for part in error.absolute_path)
        found.append((path.replace(".[", "["), error.message))
    return found


# ---- the files themselves ------------------------------------------------------------------------------------

def test_the_package_ships_the_schemas_the_models_give():
    assert packaged() == schemas(), "a model changed: run .venv/bin/python -m generator.json_schema"


def test_the_schemas_are_valid_draft_2020_12_and_their_patterns_compile():
    for name in (NOTICE, SITE):
        schema = json.loads(packaged()[name])
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        for pattern in re.findall(r'"pattern": ("(?:[^"\\]|\\.)*")', packaged()[name].decode("utf-8")):
            re.compile(json.loads(pattern))


def test_the_projects_copy_and_the_published_files_are_the_packages(example):
    output, _, _ = example
    for name, data in packaged().items():
        assert (REPO / "content" / "schema" / name).read_bytes() == data
        assert (output / "api" / "schema" / name).read_bytes() == data


def _properties(node, where: str = ""):
    """Every (place, name, property schema) of a schema."""
    if isinstance(node, dict):
        for name, schema in (node.get("properties") or {}).items():
            yield where, name, schema
        for key, value in node.items():
            if key != "if":  # a condition (kind: table), not fields
                yield from _properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _properties(value, f"{where}/{index}")


@pytest.mark.parametrize("name", [NOTICE, SITE])
def test_every_field_has_a_chinese_title_and_description(name):
    schema = json.loads(packaged()[name])
    fields = list(_properties(schema))
    assert len(fields) > (100 if name == NOTICE else 30)
    missing = [f"{where}.{field}" for where, field, property_schema in fields
               if not CJK.search(property_schema.get("title", "")) or not CJK.search(property_schema.get("description", ""))]
    assert missing == []
    assert "description" not in json.dumps(schema["$defs"].get("Contact", {})).split('"properties"')[0]  # no English docstrings


# ---- the examples pass, broken notices fail --------------------------------------------------------------

def _examples() -> list[Path]:
    return sorted((REPO / "content").glob("*/*.md")) + sorted(STARTER.glob("*/*.md"))


def test_every_example_notice_and_site_config_validates_and_names_its_schema():
    notices = _examples()
    assert len(notices) >= 8
    for path in notices:
        text = path.read_text(encoding="utf-8")
        assert text.split("\n")[1] == "# yaml-language-server: $schema=../schema/notice.json", path
        assert schema_errors(NOTICE, yaml12(front_of(text))) == [], path
    for site in (REPO / "content" / "site.yaml", STARTER / "site.yaml"):
        text = site.read_text(encoding="utf-8")
        assert text.split("\n")[0] == "# yaml-language-server: $schema=schema/site.json", site
        assert schema_errors(SITE, yaml12(text)) == [], site


GOOD = """\
---
title: 关于举办2022年渭南市全国科普日活动的通知
doc_number: 渭科协发〔2022〕20号
issued: 2022-08-10
issuers: [渭南市科学技术协会]
region: weinan
campaign: kepuri
dates: {start: 2022-09-15, end: 2022-09-21}
actions:
  - key: society
    text: 发动各级学会。
deadlines:
  - date: 2022-09-10
    what: 活动汇总表
    annex: 1
contacts:
  - body: 市科协科普部
    people: [张三]
    phones: ["0913-2126496", {number: "0913-2126492", kind: fax}]
annexes:
  - kind: table
    title: 活动汇总表
    columns: [序号, 活动名称]
    blank_rows: 8
  - kind: form
    title: 推荐表
    columns: 4
    rows:
      - [活动名称, {span: 3}]
      - [联系人, null, 联系电话, null]
signatures: [渭南市科学技术协会]
draft: false
---
正文。
"""

# Changes to GOOD the loader takes although they look odd: the schema must take them too (as YAML 1.2 types them).
ACCEPTED = [
    ("draft: false", "draft: no"),
    ("issued: 2022-08-10", "issued: 2022年8月10日"),
    ("issued: 2022-08-10", "issued: ２０２２－０８－１０"),
    ("issuers: [渭南市科学技术协会]", "issuers: 渭南市科学技术协会"),
    ("people: [张三]", "people: 张三"),
    ('phones: ["0913-2126496", {number: "0913-2126492", kind: fax}]', "phones: [09132126496]"),
    ("blank_rows: 8", 'blank_rows: "8"'),
    ("doc_number: 渭科协发〔2022〕20号", "doc_number: 2022"),
    ("dates: {start: 2022-09-15, end: 2022-09-21}", "dates: {label: 9月中旬}"),
    ("  - date: 2022-09-10\n", "  - label: 9月上旬\n"),
    ("columns: [序号, 活动名称]", "columns: [序号, {name: 活动名称, width: 3}]"),
]

# (change, the field both the schema and check name)
BROKEN = [
    ("doc_number:", "doc_numbr:", "doc_numbr"),
    ("title: 关于举办2022年", "title: 关于举办××", "title"),
    ("issued: 2022-08-10", "issued: 2022-13-10", "issued"),
    ("issued: 2022-08-10", "issued: 2022.8.10", "issued"),
    ("issued: 2022-08-10", "issued: 1900-08-10", "issued"),
    ("draft: false", "draft: maybe", "draft"),
    ("region: weinan\n", "", ""),  # required: the schema names the notice, check the field
    ("kind: table", "kind: tabel", "annexes[1].kind"),
    ("blank_rows: 8", "blank_rows: 八", "annexes[1].blank_rows"),
    ("blank_rows: 8", "blank_rows: 0.5", "annexes[1].blank_rows"),
    ("kind: fax}", "kind: mobile}", "contacts[1].phones[2].kind"),
    ("  - body: 市科协科普部\n    people: [张三]\n", "  - phones: [\"0913-2126496\"]\n    email: a@example.cn\n", "contacts[1]"),
    ("  - date: 2022-09-10\n", "  - to: 市科协\n", "deadlines[1]"),
    ("  - key: society\n", "  - group: 系列联合行动\n", "actions[1]"),
    ("dates: {start: 2022-09-15, end: 2022-09-21}", "dates: {end: 2022-09-21}", "dates"),
    ("issuers: [渭南市科学技术协会]", "issuers: []", "issuers"),
    ("columns: [序号, 活动名称]", "columns: []", "annexes[1].columns"),
    ("signatures: [渭南市科学技术协会]", "signatures: [TODO]", "signatures[1]"),
    ("draft: false", "draft: false\nfax: \"0913-2126492\"", "fax"),
]


def _check_fields(text: str, tmp_path: Path) -> list[str]:
    """The fields ``check`` names for this notice (validated as the build does, against the test site)."""
    (tmp_path / "content" / "2022").mkdir(parents=True, exist_ok=True)
    if not (tmp_path / "content" / "site.yaml").exists():
        from helpers import SITE as SITE_YAML
        (tmp_path / "content" / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    site, errors = load_site(tmp_path / "content")
    assert errors == []
    path = tmp_path / "content" / "2022" / "notice.md"
    path.write_text(text, encoding="utf-8")
    document, errors = load_document(path, "notice.md")
    assert document is not None, errors
    front, errors = validate(Front, document, context=notice_context(site, document.data, 2022, "notice"))
    return [error.field for error in errors]


def test_the_good_notice_passes_both(tmp_path):
    assert schema_errors(NOTICE, yaml12(front_of(GOOD))) == []
    assert _check_fields(GOOD, tmp_path) == []


@pytest.mark.parametrize("old, new", ACCEPTED)
def test_what_check_takes_the_schema_takes(old, new, tmp_path):
    assert old in GOOD
    text = GOOD.replace(old, new, 1)
    assert _check_fields(text, tmp_path) == []
    assert schema_errors(NOTICE, yaml12(front_of(text))) == []


@pytest.mark.parametrize("old, new, field", BROKEN)
def test_a_broken_notice_fails_both_at_the_same_field(old, new, field, tmp_path):
    assert old in GOOD
    text = GOOD.replace(old, new, 1)
    found = schema_errors(NOTICE, yaml12(front_of(text)))
    assert found, "the schema took it"
    paths = {path for path, _ in found}
    messages = " ".join(message for _, message in found)
    checked = _check_fields(text, tmp_path)
    assert checked, "check took it"
    if field in ("doc_numbr", "fax"):  # additionalProperties is reported where the mapping is
        assert f"'{field}' was unexpected" in messages
        assert any(f.endswith(field) for f in checked)
    elif field == "":
        assert "'region' is a required property" in messages and "region" in checked
    else:
        assert field in paths, found
        # check names the field, a field inside it, or (a wrong annex kind) the annex
        assert any(f == field or f.startswith((field + ".", field + "[")) or field.startswith(f + ".")
                   for f in checked), checked


def test_site_config_mistakes_fail_the_site_schema():
    site = yaml12((REPO / "content" / "site.yaml").read_text(encoding="utf-8"))
    assert schema_errors(SITE, {**site, "them": "default"})
    assert schema_errors(SITE, {**site, "per_page": 0})
    assert [path for path, _ in schema_errors(SITE, {**site, "campaigns": [{"key": "Kepu Ri", "name": "x"}]})] \
        == ["campaigns[1].key"]
    del site["title"]
    assert schema_errors(SITE, site)


# ---- the scalar types: never a false alarm ----------------------------------------------------------------

def _takes(adapter: TypeAdapter, text: str) -> bool:
    try:
        adapter.validate_python(text)
        return True
    except Exception:  # noqa: BLE001 - pydantic's ValidationError or a refusal
        return False


def _schema_takes(scalar: str, text: str) -> bool:
    schema = json.loads(packaged()[NOTICE])
    return jsonschema.Draft202012Validator({"$ref": f"#/$defs/{scalar}", "$defs": schema["$defs"]}).is_valid(_typed(text))


def _typed(text: str):
    """``text`` as yaml-language-server types it when typed after `value: ` (a string where it must be quoted)."""
    try:
        value = yaml12("value: " + text)["value"]
    except (yaml.YAMLError, TypeError):
        return text
    return value if isinstance(value, (str, int, float, bool)) else text


_DATE_CHARS = "0123456789０１２３４５６７８９-－年月日 ./"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_DATE_CHARS, min_size=6, max_size=12) | st.dates().map(lambda d: f"{d.year}年{d.month}月{d.day}日"))
def test_a_date_the_loader_takes_the_schema_takes(text):
    if _takes(TypeAdapter(Date), text):
        assert _schema_takes("date", text), text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789+-_. xX", min_size=1, max_size=6))
def test_a_whole_number_the_loader_takes_the_schema_takes(text):
    # pydantic-core 2.50 also reads a sign after leading zeros ("0-0" → 0, "00_-1" → -1): a quirk no editor
    # types, which the schema need not follow
    if _takes(TypeAdapter(int), text) and not re.match(r"\s*[+-]?[0_]+[+-]", text):
        assert _schema_takes("whole_number", text), text


def test_yes_and_no_as_the_loader_takes_them():
    for text in ("true", "True", "TRUE", "false", "yes", "No", "on", "OFF", "y", "n", "t", "F", '"0"', '"1"'):
        assert _takes(TypeAdapter(bool), text.strip('"')) and _schema_takes("yes_no", text), text
    for text in ("maybe", "2", "是", "nein"):
        assert not _takes(TypeAdapter(bool), text) and not _schema_takes("yes_no", text), text


def test_a_placeholder_in_any_text_is_refused_by_both():
    for text in ("关于举办××活动的通知", "XX市科协", "TODO", "张三（待确认）", "0913-21264XX"):
        assert not _takes(TypeAdapter(Text), text) and not _schema_takes("text", text), text
    for text in ("Xinxiang", "TODOS", "2126496", "0913", "2022-09-15", '"true"', "渭南市科协"):
        assert _takes(TypeAdapter(Text), text.strip('"')) and _schema_takes("text", text), text


def test_what_the_editor_marks_though_check_takes_it():
    """Left out of the schema on purpose: offered as completions they would be noise in every field (a
    text field offering true/false, draft offering 0 and 1). Check takes them; the editor marks them."""
    for scalar, adapter, text in (("text", TypeAdapter(Text), "true"), ("text", TypeAdapter(Text), "False"),
                                  ("yes_no", TypeAdapter(bool), "0"), ("yes_no", TypeAdapter(bool), "1")):
        assert _takes(adapter, text) and not _schema_takes(scalar, text), text


def test_the_schema_command_writes_the_projects_copy_and_prints_one(project):
    result = project.run("schema")
    assert result.code == 0 and "content/schema/notice.json, content/schema/site.json" in result.out
    assert {name: (project.content / "schema" / name).read_bytes() for name in packaged()} == packaged()
    assert "up to date" in project.run("schema").out
    (project.content / "schema" / SITE).write_bytes(b"{}")  # an older version: written anew
    assert project.run("schema").out.strip() == "wrote content/schema/site.json"
    result = project.run("schema", "--print", "notice")
    assert result.code == 0 and result.out.encode("utf-8") == packaged()[NOTICE]


def test_the_scaffold_with_its_examples_uncommented_passes_check_and_the_schema(project):
    """What `new` shows in comments is the format as it is: every example block, uncommented, is valid."""
    assert project.run("new", "full", "--issued", "2022-08-01", "--region", "weinan", "--campaign", "kepuri").code == 0
    path = project.content / "2022" / "full.md"
    lines = [line[1:] if line.startswith("#  ") else line[2:] if line.startswith(("# published", "# revised"))
             else line for line in path.read_text(encoding="utf-8").split("\n")]
    text = re.sub(r"^(based_on|actions|deadlines|contacts|annexes): \[\]$", r"\1:", "\n".join(lines), flags=re.M)
    text = text.replace("××-××", "09-15").replace("××", "渭南")
    assert "kind: form" in text and "seal: true" in text and "kind: fax" in text
    path.write_text(text, encoding="utf-8")
    result = project.run("check", "--today", "2022-12-01")
    assert result.code == 0, result.err
    assert schema_errors(NOTICE, yaml12(front_of(text))) == []
