"""How well the importer does on the seed notices: precision and recall per field.

Each seed text (tests/seeds/) is imported, validated as ``check`` would, and
compared field by field with the hand-checked notice made from it (content/).
Items are compared as multisets:

    actions     (key, group); and the mean similarity of name + text for the matched ones
    deadlines   (date, start) — exact dates
    phones      (number, fax) — exact numbers as printed
    people      names of contact persons
    annex cols  (annex number, column header or form label), whitespace ignored
    headings    the body's ``## `` headings and bold （一） lead-ins, whitespace ignored
    dates       the campaign period (start, end, label)

Run ``make import-report`` (or ``python -m generator.importer.report``).
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Site, load_site
from ..notice import FormAnnex, Front, TableAnnex
from . import check_text, import_notice
from .draft import UNSURE

REPO = Path(__file__).resolve().parents[2]
# seed text → the hand-checked notice made from it
SEEDS = {
    "000_4b8a365775678514.txt": "2022/weinan-kepuri-2022.md",
    "001_95a9f173803a954b.txt": "2022/chongqing-kepuri-2022.md",
    "002_e26d4635909243fa.txt": "2023/pucheng-kepuri-2023.md",
    "003_7498ee7a19531017.txt": "2021/xinxiang-kepuri-2021.md",
    "004_df6c2b2b760806cf.txt": "2022/xinxiang-kejizhou-2022.md",
}
FIELDS = ("actions", "deadlines", "phones", "people", "annex columns", "headings", "dates")
SCALARS = ("title", "doc_number", "issued", "masthead", "issuers", "region", "campaign", "theme", "recipients",
           "recipients_at", "based_on", "actions", "deadlines", "contacts", "annexes", "signatures", "cc", "printed_by",
           "summary", "inferred", "body")


@dataclass
class Score:
    matched: int = 0
    imported: int = 0
    expected: int = 0

    def add(self, imported: Counter, expected: Counter) -> None:
        self.matched += sum((imported & expected).values())
        self.imported += sum(imported.values())
        self.expected += sum(expected.values())

    @property
    def precision(self) -> float:
        return self.matched / self.imported if self.imported else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0


@dataclass
class SeedResult:
    seed: str
    notice: str
    scores: dict[str, Score] = field(default_factory=dict)
    scalars: dict[str, str] = field(default_factory=dict)  # field → "ok", "differs", "differs, marked", …
    action_similarity: list[float] = field(default_factory=list)
    deadline_similarity: list[float] = field(default_factory=list)  # what + who + to of matched deadlines
    undecided: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # what `check` says about the imported file


def _is_fax(phone) -> bool:
    """A fax in the model of issue 12 (`kind: fax`/`both`) or before it (`fax: true`)."""
    return getattr(phone, "kind", None) in ("fax", "both") or bool(getattr(phone, "fax", False))


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def headings(body: str) -> Counter:
    found = Counter()
    for line in body.split("\n"):
        if line.startswith("## "):
            found[_squash(line[3:])] += 1
        bold = re.match(r"^\*\*(.+?)\*\*", line)
        if bold:
            found[_squash(bold.group(1))] += 1
    return found


def annex_labels(front: Front) -> Counter:
    found = Counter()
    for number, annex in enumerate(front.annexes, start=1):
        if isinstance(annex, TableAnnex):
            found.update((number, _squash(column.name)) for column in annex.columns)
        elif isinstance(annex, FormAnnex):
            found.update((number, _squash(cell.label)) for row in annex.rows for cell in row if cell.label)
    return found


def fields_of(front: Front, body: str) -> dict[str, Counter]:
    dates = front.dates
    return {
        "actions": Counter((a.key, a.group) for a in front.actions),
        "deadlines": Counter((d.date, d.start) for d in front.deadlines),
        "phones": Counter((p.number, _is_fax(p)) for c in front.contacts for p in c.phones),
        "people": Counter(_squash(getattr(person, "name", person)) for c in front.contacts for person in c.people),
        "annex columns": annex_labels(front),
        "headings": headings(body),
        "dates": Counter([(dates.start, dates.end, dates.label)] if dates else []),
    }


def _similarity(ours: list, theirs: list, key, text) -> list[float]:
    """SequenceMatcher ratios of ``text(item)`` for items paired by ``key(item)``."""
    ratios = []
    pool = list(theirs)
    for item in ours:
        match = next((other for other in pool if key(other) == key(item)), None)
        if match is not None:
            pool.remove(match)
            ratios.append(difflib.SequenceMatcher(None, _squash(text(item)), _squash(text(match))).ratio())
    return ratios


def _scalar(front: Front, name: str) -> str:
    value = getattr(front, name)
    if isinstance(value, list):
        return "|".join(_squash(str(v.model_dump() if hasattr(v, "model_dump") else v)) for v in value)
    if hasattr(value, "model_dump"):
        return _squash(str(value.model_dump()))
    return _squash(str(value or ""))


def evaluate(seed: Path, notice: Path, site: Site) -> SeedResult:
    result = SeedResult(seed.name, notice.relative_to(notice.parents[1]).as_posix())
    expected = check_text(site, notice.read_text(encoding="utf-8"), result.notice, int(notice.parent.name))
    if expected.front is None or expected.problems:
        raise RuntimeError(f"the hand-made notice {notice} does not pass check: {expected.problems}")
    theirs = fields_of(expected.front, expected.body)
    imported, errors = import_notice(seed, seed.name, site)
    if imported is None:
        result.problems = [e.format() for e in errors]
        result.scores = {name: Score(expected=sum(theirs[name].values())) for name in FIELDS}
        return result
    result.undecided = [f"{item.field}{'' if item.index is None else f'[{item.index + 1}]'}: {item.message}"
                        for _, item in imported.marks]
    # compared as the editor will publish it: each （待确认） confirmed (``check`` refuses the marks themselves)
    loaded = check_text(site, imported.text.replace(UNSURE, ""), "imported.md", int(notice.parent.name))
    result.problems = [p.format() for p in loaded.problems]
    if loaded.front is None:
        result.scores = {name: Score(expected=sum(theirs[name].values())) for name in FIELDS}
        return result
    ours = fields_of(loaded.front, loaded.body)
    for name in FIELDS:
        score = Score()
        score.add(ours[name], theirs[name])
        result.scores[name] = score
    result.action_similarity = _similarity(loaded.front.actions, expected.front.actions,
                                           lambda a: (a.key, a.group), lambda a: a.name + a.text)
    result.deadline_similarity = _similarity(loaded.front.deadlines, expected.front.deadlines,
                                             lambda d: (d.date, d.start), lambda d: d.who + d.what + d.to)
    marked = {item.field for _, item in imported.marks}
    for name in SCALARS:
        if name == "body":  # the Markdown, whitespace and the importer's <!-- 待确认 --> comments aside
            same = _squash(re.sub(r"<!--.*?-->", "", loaded.body)) == _squash(expected.body)
        else:
            same = _scalar(loaded.front, name) == _scalar(expected.front, name)
        result.scalars[name] = "ok" if same else ("marked" if name in marked else "differs")
    return result


def evaluate_all(seeds: Path, content: Path) -> tuple[list[SeedResult], dict[str, Score]]:
    site, errors = load_site(content)
    if site is None:
        raise RuntimeError(f"the site config does not load: {errors}")
    results = [evaluate(seeds / seed, content / notice, site) for seed, notice in SEEDS.items()]
    totals = {name: Score() for name in FIELDS}
    for result in results:
        for name, score in result.scores.items():
            totals[name].matched += score.matched
            totals[name].imported += score.imported
            totals[name].expected += score.expected
    return results, totals


def format_report(results: list[SeedResult], totals: dict[str, Score], verbose: bool = False) -> str:
    lines = ["Importer on the seed notices: imported vs the hand-checked notices in content/", ""]
    lines.append(f"{'field':<14}{'matched':>8}{'imported':>9}{'expected':>9}{'precision':>11}{'recall':>8}")
    for name in FIELDS:
        score = totals[name]
        lines.append(f"{name:<14}{score.matched:>8}{score.imported:>9}{score.expected:>9}"
                     f"{score.precision:>10.1%}{score.recall:>9.1%}")
    for label, attribute in (("action name + text", "action_similarity"),
                             ("deadline who + what + to", "deadline_similarity")):
        ratios = [r for result in results for r in getattr(result, attribute)]
        if ratios:
            lines.append(f"{'' if attribute.startswith('deadline') else chr(10)}wording of matched items, {label}: "
                         f"mean similarity {sum(ratios) / len(ratios):.1%}, lowest {min(ratios):.1%}, "
                         f"identical {sum(r == 1 for r in ratios)} of {len(ratios)}")
    lines.append("\nper seed (recall / precision):")
    for result in results:
        cells = "  ".join(f"{name.split()[0]} {score.recall:.0%}/{score.precision:.0%}"
                          for name, score in result.scores.items())
        lines.append(f"  {result.notice:<34} {cells}")
    lines.append("\nother fields (ok = same as hand-made; marked = differs where the importer wrote 待确认):")
    for result in results:
        other = [f"{name} {state}" for name, state in result.scalars.items() if state != "ok"]
        lines.append(f"  {result.notice:<34} {', '.join(other) or 'all the same'}")
    lines.append("\n`check` on the imported files:")
    for result in results:
        lines.append(f"  {result.notice:<34} {'passes' if not result.problems else f'{len(result.problems)} problem(s)'}")
        if verbose:
            lines += [f"      {problem}" for problem in result.problems]
    if verbose:
        lines.append("\nmarked 待确认:")
        for result in results:
            lines.append(f"  {result.notice}")
            lines += [f"      {item}" for item in result.undecided] or ["      (nothing)"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.importer.report", description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=Path, default=REPO / "tests" / "seeds")
    parser.add_argument("--content", type=Path, default=REPO / "content")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the 待确认 items and check problems")
    args = parser.parse_args(argv)
    results, totals = evaluate_all(args.seeds, args.content)
    print(format_report(results, totals, args.verbose))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("NOTICES_LANG", "en")  # a developer's table: the importer's notes and check's in English
    sys.exit(main())
