"""``python -m generator import FILE [--out DIR] [--slug SLUG]``: the command, its messages and exit codes.

Exit status: 0 a draft was written (its 待确认 items and any remaining
``check`` problems are listed); 1 the file could not be read as a notice;
2 usage problems (no such file, no site config, the target file exists).
"""

from __future__ import annotations

import re
from pathlib import Path

from rich.console import Console

from ..config import load_site
from ..errors import display_path
from . import check_text, default_slug, import_notice, save
from .sitelines import lines as site_lines, site_with


def _print_errors(errors, console: Console) -> None:
    for error in errors:
        console.print(error.format(), markup=False, highlight=False, soft_wrap=True)


def run(file: Path, out: Path | None, slug: str | None, content: Path, console: Console, err: Console) -> int:
    site, errors = load_site(content)
    if site is None:
        _print_errors(errors, err)
        err.print(f"error: the site config {display_path(content / 'site.yaml')} is needed to map regions, "
                  "campaigns and actions; pass --content DIR", markup=False)
        return 2
    shown = display_path(file)
    if not file.exists():
        err.print(f"error: {shown}: no such file", markup=False)
        return 2
    imported, errors = import_notice(file, shown, site)
    if imported is None:
        _print_errors(errors, err)
        return 1
    draft = imported.draft
    if out is None:
        if draft.year is None:
            err.print("error: the notice's year is not stated (no 成文日期 or campaign dates); "
                      "pass --out content/<year>/", markup=False)
            return 2
        out = content / str(draft.year)
    year_folder = int(out.name) if re.fullmatch(r"(19|20|21)\d\d", out.name) else (draft.year or 0)
    slug = slug or default_slug(draft, year_folder or None)
    try:
        path = save(imported, out, slug)
    except FileExistsError:
        err.print(f"error: {display_path(out / (slug + '.md'))} already exists; nothing was written "
                  "(choose another name with --slug)", markup=False)
        return 2
    except (ValueError, OSError) as exc:
        err.print(f"error: {exc}", markup=False)
        return 2
    shown_path = display_path(path)
    console.print(f"wrote {shown_path}: {len(draft.actions)} action(s), {len(draft.deadlines)} deadline(s), "
                  f"{len(draft.contacts)} contact(s), {len(draft.annexes)} annex(es)", markup=False, highlight=False,
                  soft_wrap=True)
    if imported.marks:
        console.print(f"to review — {len(imported.marks)} item(s) marked 待确认 in the file:", markup=False,
                      soft_wrap=True)
        for line, item in imported.marks:
            where = item.field + (f"[{item.index + 1}]" if item.index is not None else "")
            console.print(f"  {shown_path}:{line} [{where}] {item.message}", markup=False, highlight=False,
                          soft_wrap=True)
    if draft.site_additions:
        console.print(f"{display_path(content / 'site.yaml')} lacks what this notice names; add these entries to "
                      "the lists of the same name there:", markup=False, soft_wrap=True)
        for line in site_lines(draft.site_additions):
            console.print("  " + line, markup=False, highlight=False, soft_wrap=True)
    extended = site_with(site, draft.site_additions)
    problems = check_text(extended, path.read_text(encoding="utf-8"), shown_path, year_folder or None).problems
    if problems:
        console.print(f"`check` finds {len(problems)} problem(s) to fix before the notice can be published"
                      + (" (with the site.yaml entries above added)" if draft.site_additions else "") + ":",
                      markup=False)
        _print_errors(problems, console)
    else:
        console.print("it passes `check`; it is a draft (`draft: true`): " + (
            "confirm the marked items, delete the 待确认 lines, then delete `draft: true` to publish it"
            if imported.marks else "compare it with the source, then delete `draft: true` to publish it"),
            markup=False)
    return 0
