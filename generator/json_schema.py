"""JSON Schemas of a notice's front matter and of ``site.yaml``, for editors that check while typing.

Generated from the models (:class:`~generator.notice.Front`, :class:`~generator.config.SiteConfig`), so
they never drift from what ``check`` accepts: every field with its Chinese title and description (written
beside the field), required fields, the values a field takes. What a YAML editor sees differs from what
the loader reads (YAML 1.2 types scalars; the loader reads them all as text), so the scalar types are
given as an editor's YAML sees them (:data:`generator.schema.SCALARS`). What needs the site's vocabulary
or a calendar (a region's key, 2月30日, a phone number's digits) is left to ``check``.

The package ships the schemas (``generator/schemas/``); ``notices schema`` writes a project's copy, which
the notice files name on their first line (``# yaml-language-server: $schema=…``); the site publishes them
at ``/api/schema/``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema
from pydantic_core import core_schema

from .config import SiteConfig
from .notice import Front
from .schema import SCALAR, SCALARS

DIALECT = "https://json-schema.org/draft/2020-12/schema"
PACKAGED = Path(__file__).resolve().parent / "schemas"  # package data: the files below, as generated
FOLDER = "schema"  # a project's copy: content/schema/, beside site.yaml
NOTICE, SITE = "notice.json", "site.json"


class EditorSchema(GenerateJsonSchema):
    """pydantic's generator, with whole numbers and yes/no as YAML 1.2 and the loader both take them,
    and without the models' English docstrings (the editor reads each field's Chinese words)."""

    def int_schema(self, schema: core_schema.IntSchema) -> dict[str, Any]:
        bounds = super().int_schema(schema)
        bounds.pop("type")
        return {SCALAR: "whole_number", **bounds}

    def bool_schema(self, schema: core_schema.BoolSchema) -> dict[str, Any]:
        return {SCALAR: "yes_no"}

    def default_schema(self, schema: core_schema.WithDefaultSchema) -> dict[str, Any]:
        json_schema = super().default_schema(schema)
        if "default" in json_schema and json_schema["default"] is None:
            del json_schema["default"]  # completion would write `published: null` for the editor to replace
        return json_schema

    def model_schema(self, schema: core_schema.ModelSchema) -> dict[str, Any]:
        json_schema = super().model_schema(schema)
        json_schema.pop("title", None)
        json_schema.pop("description", None)
        return json_schema


def _scalars_as_refs(node: Any, used: set[str]) -> Any:
    """Every ``{x-scalar: name, …}`` as ``{$ref: #/$defs/name, …}`` (one definition, many uses)."""
    if isinstance(node, list):
        return [_scalars_as_refs(item, used) for item in node]
    if not isinstance(node, dict):
        return node
    result = {}
    for key, value in node.items():
        if key == SCALAR:
            used.add(value)
            result["$ref"] = f"#/$defs/{value}"
        else:
            result[key] = _scalars_as_refs(value, used)
    return result


def _told_apart_by_kind(node: Any, definitions: dict[str, Any]) -> Any:
    """A ``oneOf`` of models told apart by their ``kind`` (the annexes) as ``kind: enum`` plus one if/then per
    kind: a wrong kind is named at ``kind`` with the kinds there are, and an editor completes the fields of
    the kind written (a plain oneOf names whichever alternative came closest)."""
    if isinstance(node, list):
        return [_told_apart_by_kind(item, definitions) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _told_apart_by_kind(value, definitions) for key, value in node.items()}
    choices = [definitions.get(choice.get("$ref", "").removeprefix("#/$defs/"), {}) for choice in node.get("oneOf", [])]
    kinds = [choice.get("properties", {}).get("kind", {}).get("const") for choice in choices]
    if not choices or None in kinds:
        return node
    first = choices[0]["properties"]["kind"]
    rest = {key: value for key, value in node.items() if key != "oneOf"}
    return {**rest, "type": "object", "required": ["kind"],
            "properties": {"kind": {"title": first["title"], "description": first["description"], "enum": kinds}},
            "allOf": [{"if": {"properties": {"kind": {"const": kind}}}, "then": choice}
                      for kind, choice in zip(kinds, node["oneOf"])]}


def generate(model: type[BaseModel], title: str, description: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of what ``model`` accepts from an editor's YAML."""
    generated = model.model_json_schema(schema_generator=EditorSchema, mode="validation")
    used: set[str] = set()
    body = _scalars_as_refs(generated, used)
    models = body.pop("$defs", {})
    body = _told_apart_by_kind(body, models)
    models = _told_apart_by_kind(models, models)
    definitions = {**models, **{name: SCALARS[name] for name in sorted(used)}}
    return {"$schema": DIALECT, "title": title, "description": description, **body, "$defs": definitions}


def schemas() -> dict[str, bytes]:
    """The schema files by name, as the package ships them: the same bytes every time."""
    made = {
        NOTICE: generate(Front, "通知头部信息",
                         "通知文件（content/<年份>/<名称>.md）开头两行 --- 之间的字段；说明见 docs/编辑指南.md"),
        SITE: generate(SiteConfig, "站点设置（content/site.yaml）",
                       "站名、网址、活动、地区和联合行动名录等；说明见 docs/运维指南.md"),
    }
    return {name: (json.dumps(schema, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
            for name, schema in made.items()}


def packaged() -> dict[str, bytes]:
    """The schema files the package ships (``generator/schemas/``)."""
    return {name: (PACKAGED / name).read_bytes() for name in (NOTICE, SITE)}


def modeline(name: str, depth: int) -> str:
    """The first line of a YAML text that names the project's copy of a schema, relative to a file
    ``depth`` folders below the content folder (site.yaml: 0; a notice in content/<year>/: 1)."""
    return f"# yaml-language-server: $schema={'../' * depth}{FOLDER}/{name}"


def write_copies(content: Path) -> list[Path]:
    """Write the package's schemas into ``content/schema/`` where missing or different; the paths written."""
    folder = content / FOLDER
    written = []
    for name, data in packaged().items():
        target = folder / name
        if target.is_file() and target.read_bytes() == data:
            continue
        folder.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(target)
    return written


def main() -> None:
    """Write the package's schema files anew (after a model changed): ``python -m generator.json_schema``."""
    PACKAGED.mkdir(exist_ok=True)
    for name, data in schemas().items():
        (PACKAGED / name).write_bytes(data)
        print(f"wrote {(PACKAGED / name).as_posix()}")


if __name__ == "__main__":
    main()
