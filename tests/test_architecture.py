"""The layout keeps its direction: no import cycle between the generator's modules, and the stages
of the pipeline never import the driver that runs them."""

from __future__ import annotations

import ast
from pathlib import Path

GENERATOR = Path(__file__).resolve().parent.parent / "generator"

# The stages, from reading files to writing outputs: none of them may import what drives a build.
STAGES = ("discover", "load", "schema", "config", "notice", "checks", "markdown", "raw_html", "years", "collect",
          "wording", "urls", "render", "outputs")
DRIVER = ("__main__", "serve", "bench", "build", "options", "parse", "plan", "incremental", "session", "produce",
          "publish", "record", "cache", "fingerprints", "workers", "timing")


def _name(path: Path) -> str:
    parts = list(path.relative_to(GENERATOR.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports() -> dict[str, set[str]]:
    """Each module of the generator → the generator's modules it imports (anywhere in its text)."""
    modules = {_name(path): path for path in GENERATOR.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = ".".join(package[:len(package) - node.level + 1] + ([node.module] if node.module else []))
                elif node.module and node.module.startswith("generator"):
                    base = node.module
                else:
                    continue
                for alias in node.names:
                    found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names if alias.name in modules)
        graph[name] = {module for module in found if module in modules and module != name}
    return graph


def test_the_import_graph_is_complete():
    graph = imports()
    assert "generator.build" in graph and "generator.parse" in graph["generator.build"]
    assert "generator.outputs.forms.layout" in graph["generator.outputs.forms.xlsx"]


def test_no_import_cycle():
    graph = imports()
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            raise AssertionError("import cycle: " + " → ".join(path[path.index(module):] + [module]))
        if module in done:
            return
        for imported in sorted(graph[module]):
            visit(imported, path + [module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])


def test_no_stage_imports_the_driver():
    graph = imports()
    driver = {f"generator.{name}" for name in DRIVER}
    for module, imported in graph.items():
        if module.count(".") and module.split(".")[1] in STAGES:
            assert not imported & driver, f"{module} imports {sorted(imported & driver)}"
