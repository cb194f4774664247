"""Printing shared by the print tests: every notice and annex page printed by Chromium once a session."""

from __future__ import annotations

import pytest

import datetime as dt

from helpers import REPO, browser, serve

PRINT_FIXTURE = REPO / "tests" / "fixtures" / "print" / "content"


@pytest.fixture(scope="session")
def composed(tmp_path_factory):
    """The composed print-test notice (cc, printed_by, a joint masthead, annexes of each kind) built alone."""
    from generator.build import Options, build, load_all
    output = tmp_path_factory.mktemp("composed") / "output"
    options = Options(content=PRINT_FIXTURE, output=output, themes=REPO / "themes", today=dt.date(2024, 9, 1), search=False,
                      cache=tmp_path_factory.mktemp("composed-cache"))
    build(options)
    _, notices, _ = load_all(options)
    return output, {n.slug: n for n in notices}


def _print_site(output, notices) -> dict[str, bytes]:
    printed = {}
    with serve(output) as base, browser() as context:
        page = context.new_page()
        for notice in notices:
            paths = [notice.path] + [f"{notice.path}annex-{n}/" for n in range(1, len(notice.front.annexes) + 1)]
            for path in paths:
                page.goto(base + path)
                printed[path] = page.pdf(prefer_css_page_size=True, print_background=True)
    return printed


@pytest.fixture(scope="session")
def printed_pdfs(example, composed):
    """PDF bytes of every notice page and annex page, keyed by the page's path: the example site's
    notices and the composed one (its path does not clash with theirs)."""
    printed = _print_site(example[0], example[2].values())
    printed.update(_print_site(composed[0], composed[1].values()))
    return printed
