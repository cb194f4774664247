"""``python -m generator import FILE [--out DIR] [--slug SLUG]``: the command, its messages and exit codes.

Exit status: 0 a draft was written (its 待确认 items and any remaining
``check`` problems are listed); 1 the file could not be read as a notice;
2 usage problems (no such file, no site config, the target file exists).
"""

from __future__ import annotations

import re
from pathlib import Path

from rich.console import Console

from ..config import Site, load_site
from ..errors import display_path
from ..i18n import strerror, tr
from . import Imported, check_text, default_slug, import_notice, save
from .given import Given, unknown
from .sitelines import lines as site_lines, site_with


def _print_errors(errors, console: Console) -> None:
    for error in errors:
        console.print(error.format(), markup=False, highlight=False, soft_wrap=True)


def run(file: Path, out: Path | None, slug: str | None, content: Path, console: Console, err: Console,
        given: Given = Given()) -> int:
    site, errors = load_site(content)
    if site is None:
        _print_errors(errors, err)
        err.print(tr("error: the site config {path} is needed to map regions, campaigns and actions; "
                     "pass --content DIR", path=display_path(content / "site.yaml")), markup=False, soft_wrap=True)
        return 2
    shown = display_path(file)
    if not file.exists():
        err.print(tr("error: {path}: no such file", path=shown), markup=False, soft_wrap=True)
        return 2
    problems = unknown(given, site)
    if problems:
        for problem in problems:
            err.print(tr("error: {reason}", reason=problem), markup=False, soft_wrap=True)
        return 2
    imported, errors = import_notice(file, shown, site, given)
    if imported is None:
        _print_errors(errors, err)
        return 1
    draft = imported.draft
    if out is None:
        if draft.year is None:
            err.print(tr("error: the notice's year is not stated (no 成文日期 or campaign dates); "
                         "pass --out content/<year>/"), markup=False, soft_wrap=True)
            return 2
        out = content / str(draft.year)
    year_folder = int(out.name) if re.fullmatch(r"(19|20|21)\d\d", out.name) else (draft.year or 0)
    slug = slug or default_slug(draft, year_folder or None)
    try:
        path = save(imported, out, slug)
    except FileExistsError:
        err.print(tr("error: {path} already exists; nothing was written (choose another name with --slug)",
                     path=display_path(out / (slug + ".md"))), markup=False, soft_wrap=True)
        return 2
    except ValueError as exc:  # a name that cannot be a slug (translated where it is made)
        err.print(tr("error: {reason}", reason=exc), markup=False, soft_wrap=True)
        return 2
    except OSError as exc:
        err.print(tr("error: cannot write {value}: {strerror}", value=display_path(out / (slug + ".md")),
                     strerror=strerror(exc)), markup=False, soft_wrap=True)
        return 2
    _report(imported, path, content, year_folder, site, console)
    return 0


def _report(imported: Imported, path: Path, content: Path, year_folder: int, site: Site, console: Console) -> None:
    """What was written, what to review, the site.yaml lines to add and what `check` still finds."""
    draft = imported.draft
    shown_path = display_path(path)
    console.print(tr("wrote {path}: {actions} action(s), {deadlines} deadline(s), {contacts} contact(s), "
                     "{annexes} annex(es)", path=shown_path, actions=len(draft.actions),
                     deadlines=len(draft.deadlines), contacts=len(draft.contacts), annexes=len(draft.annexes)),
                  markup=False, highlight=False, soft_wrap=True)
    if imported.marks:
        console.print(tr("to review — {count} item(s) marked 待确认 in the file:", count=len(imported.marks)),
                      markup=False, soft_wrap=True)
        for line, item in imported.marks:
            where = item.field + (f"[{item.index + 1}]" if item.index is not None else "")
            console.print(f"  {shown_path}:{line} [{where}] {item.message}", markup=False, highlight=False,
                          soft_wrap=True)
    if draft.site_additions:
        console.print(tr("{path} lacks what this notice names; add these entries to the lists of the same name "
                         "there:", path=display_path(content / "site.yaml")), markup=False, soft_wrap=True)
        for line in site_lines(draft.site_additions):
            console.print("  " + line, markup=False, highlight=False, soft_wrap=True)
    extended = site_with(site, draft.site_additions)
    problems = check_text(extended, path.read_text(encoding="utf-8"), shown_path, year_folder or None).problems
    if problems:
        console.print(tr("`check` finds {count} problem(s) to fix before the notice can be published (with the "
                         "site.yaml entries above added):", count=len(problems)) if draft.site_additions else
                      tr("`check` finds {count} problem(s) to fix before the notice can be published:",
                         count=len(problems)), markup=False, soft_wrap=True)
        _print_errors(problems, console)
        missing = [(name, option) for name, option in (("title", "--title"), ("issuers", "--issuer"),
                                                       ("region", "--region")) if not getattr(draft, name)]
        if missing:
            console.print(tr("the text does not state {fields}: write them in the file, or import it again with "
                             "{options}", fields=", ".join(name for name, _ in missing),
                             options=" ".join(f"{option} …" for _, option in missing)),
                          markup=False, highlight=False, soft_wrap=True)
    else:
        console.print(tr("it passes `check`; it is a draft (`draft: true`): confirm the marked items, delete the "
                         "待确认 lines, then delete `draft: true` to publish it") if imported.marks else
                      tr("it passes `check`; it is a draft (`draft: true`): compare it with the source, then delete "
                         "`draft: true` to publish it"), markup=False, soft_wrap=True)
