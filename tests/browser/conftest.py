from __future__ import annotations

import pytest

from helpers import build_example, load_example


@pytest.fixture(scope="session")
def example(tmp_path_factory):
    """The example site built once for the session: (output dir, site, notices by slug)."""
    output = tmp_path_factory.mktemp("example") / "output"
    build_example(output)
    site, notices = load_example()
    return output, site, {n.slug: n for n in notices}
