from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from helpers import build_example, load_example  # noqa: E402


@pytest.fixture(scope="session")
def example(tmp_path_factory):
    """The example site built once for the session: (output dir, site, notices by slug)."""
    output = tmp_path_factory.mktemp("example") / "output"
    build_example(output)
    site, notices = load_example()
    return output, site, {n.slug: n for n in notices}
