"""Issue 17 #4: the CI workflow that publishes the site (.github/workflows/publish.yml) is valid for
GitHub Actions (the schema check-jsonschema ships), restores the cache folder the generator really uses,
runs targets the Makefile really has (check before build), and publishes output/; its bucket step, run
as written against a local rclone remote, publishes exactly the built site and removes what was removed."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from helpers import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
PUBLISH = REPO / ".github" / "workflows" / "publish.yml"


def _load(path: Path) -> dict:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in workflow:  # YAML 1.1 reads the key `on` as true
        workflow["on"] = workflow.pop(True)
    return workflow


def _steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_there_is_a_publishing_workflow():
    assert PUBLISH in WORKFLOWS


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_workflow_passes_the_github_actions_schema(path: Path):
    checker = Path(sys.executable).parent / "check-jsonschema"
    result = subprocess.run([str(checker), "--builtin-schema", "vendor.github-workflows", str(path)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_make_target_a_workflow_runs_exists(path: Path):
    targets = [target for step in _steps(_load(path)) for line in step.get("run", "").splitlines()
               for target in re.findall(r"^\s*make\s+([A-Za-z][\w-]*)", line)]
    for target in targets:
        dry = subprocess.run(["make", "-n", target], cwd=REPO, capture_output=True, text=True)
        assert dry.returncode == 0, f"{path.name}: make {target}: {dry.stderr}"


def test_it_restores_the_generators_cache_checks_builds_and_publishes_output():
    from generator.cache import CACHE_DIR
    steps = _steps(_load(PUBLISH))
    cache = next(step for step in steps if step.get("uses", "").startswith("actions/cache@"))
    assert Path(cache["with"]["path"]) == CACHE_DIR
    runs = [step.get("run", "").strip() for step in steps]
    assert runs.index("make check") < runs.index("make build")
    assert steps.index(cache) < runs.index("make check")
    pages = next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert pages["with"]["path"] == "output"
    bucket = next(step for step in steps if "rclone sync" in step.get("run", ""))
    assert "rclone sync output/ " in bucket["run"]
    for step in steps:  # every action pinned to a major version
        if "uses" in step:
            assert re.fullmatch(r"[\w-]+/[\w-]+@v\d+", step["uses"]), step["uses"]


def _rclone() -> str:
    found = shutil.which("rclone")
    assert found, "rclone is not installed: `make system` installs it (Debian's package)"
    return found


def _publish(source: Path, bucket: Path, step: dict) -> None:
    """The workflow's bucket step as written, in bash, with the bucket a local rclone remote."""
    env = {key: value for key, value in step["env"].items() if not key.startswith("RCLONE_CONFIG_BUCKET_")}
    env.update(BUCKET=str(bucket), RCLONE_CONFIG_BUCKET_TYPE="local")
    assert all("${{" not in value for value in env.values())
    result = subprocess.run(["bash", "-euo", "pipefail", "-c", step["run"]], cwd=source, capture_output=True,
                            text=True, timeout=300, env={**os.environ, **env})
    assert result.returncode == 0, result.stderr


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_bucket_step_publishes_exactly_the_built_site(example, tmp_path: Path):
    _rclone()
    output, _, _ = example
    step = next(step for step in _steps(_load(PUBLISH)) if "rclone sync" in step.get("run", ""))
    project = tmp_path / "project"
    shutil.copytree(output, project / "output")
    bucket = tmp_path / "bucket"
    _publish(project, bucket, step)
    assert _tree(bucket) == _tree(output)
    # the next build removed a page and changed another: the bucket follows
    removed = next(path for path in (project / "output").rglob("index.html") if "annex-" in str(path))
    removed.unlink()
    (project / "output" / "index.html").write_text("<!DOCTYPE html><title>新</title>", encoding="utf-8")
    _publish(project, bucket, step)
    assert _tree(bucket) == _tree(project / "output")
