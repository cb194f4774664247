"""The vocabularies every site starts with: campaigns, joint actions, and China's provinces and
prefecture-level divisions (names, administrative codes, telephone area codes).

The files beside this module are data: ``campaigns.yaml`` and ``actions.yaml`` are written by hand,
``regions.json`` by :mod:`generator.vocabulary.make_regions` from maintained packages. A site's
``site.yaml`` extends or overrides each of them (:mod:`generator.config` merges them).
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

import yaml

FOLDER = Path(__file__).resolve().parent
FILES = ("campaigns.yaml", "actions.yaml", "regions.json")


@functools.cache  # read once per process: the files ship with the package and do not change under it
def entries(kind: str) -> tuple[dict, ...]:
    """The built-in entries of a vocabulary (``campaigns``, ``actions``, ``regions``) as plain data."""
    if kind == "regions":
        return tuple(json.loads((FOLDER / "regions.json").read_text(encoding="utf-8"))["regions"])
    return tuple(yaml.safe_load((FOLDER / f"{kind}.yaml").read_text(encoding="utf-8"))[kind])


def digest() -> str:
    """What the built-in vocabularies are, for the fingerprints of parsed notices."""
    hashed = hashlib.sha256()
    for name in FILES:
        hashed.update((FOLDER / name).read_bytes())
    return hashed.hexdigest()
