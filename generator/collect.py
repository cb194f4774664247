"""Pure functions from the validated notices to the site's collections.

Nothing here reads or writes files: a list of notices and the site go in,
the groupings that pages are made of come out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .config import Region, Site
from .notice import Action, Deadline, Notice, Reference


@dataclass(frozen=True)
class ActionEntry:
    notice: Notice
    action: Action
    anchor: str


@dataclass(frozen=True)
class DeadlineEntry:
    notice: Notice
    deadline: Deadline
    index: int  # position within the notice, for stable calendar UIDs


@dataclass(frozen=True)
class Link:
    """A based_on reference, resolved to a notice of the archive when there is one."""

    reference: Reference
    notice: Notice | None


@dataclass
class Collections:
    notices: list[Notice]  # newest first
    by_key: dict[str, Notice]
    years: dict[int, list[Notice]]  # newest year first
    actions: dict[str, list[ActionEntry]]  # vocabulary order
    regions: dict[str, list[Notice]]  # a region lists its sub-regions' notices too
    campaigns: dict[str, list[Notice]]
    deadlines: list[DeadlineEntry]  # by date
    upcoming: list[DeadlineEntry]
    past: list[DeadlineEntry]
    upstream: dict[str, list[Link]] = field(default_factory=dict)
    downstream: dict[str, list[Notice]] = field(default_factory=dict)
    today: dt.date = dt.date(1970, 1, 1)
    year_deadlines: dict[int, list[DeadlineEntry]] = field(default_factory=dict)  # by the notice's year, by date
    region_tree: list[Region] = field(default_factory=list)  # the regions that have pages, children likewise

    @property
    def recent_since(self) -> dt.date:
        """The first day of the last twelve months: what site-wide windows call recent."""
        return months_before(self.today, 12)


def newest_first(notices: list[Notice]) -> list[Notice]:
    return sorted(notices, key=lambda n: (n.date, n.slug), reverse=True)


def _regions_of(site: Site, key: str) -> list[str]:
    return [region.key for region in site.region_path(key)]


def find_upstream(reference: Reference, by_slug: dict[str, Notice], by_number: dict[str, Notice]) -> Notice | None:
    if reference.notice:
        return by_slug.get(reference.notice)
    if reference.doc_number:
        return by_number.get(reference.doc_number)
    return None


def collect(site: Site, notices: list[Notice], today: dt.date) -> Collections:
    ordered = newest_first(notices)
    years: dict[int, list[Notice]] = {}
    for notice in ordered:
        years.setdefault(notice.year, []).append(notice)
    years = dict(sorted(years.items(), reverse=True))

    actions, regions, campaigns = _indexes(site, ordered)

    deadlines = sorted(
        (DeadlineEntry(notice, deadline, index) for notice in ordered
         for index, deadline in enumerate(notice.front.deadlines, start=1)),
        key=lambda e: (e.deadline.date, e.notice.slug, e.index))
    upcoming = [e for e in deadlines if e.deadline.date >= today]
    past = [e for e in reversed(deadlines) if e.deadline.date < today]

    upstream, downstream = _links(ordered)
    year_deadlines: dict[int, list[DeadlineEntry]] = {year: [] for year in years}
    for entry in deadlines:
        year_deadlines[entry.notice.year].append(entry)

    return Collections(ordered, {n.key: n for n in ordered}, years, actions, regions, campaigns,
                       deadlines, upcoming, past, upstream, downstream, today, year_deadlines,
                       shown_regions(site.region_tree, regions))


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` months earlier (the month's last day where it is shorter: 31 May → 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    following = dt.date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
    return dt.date(year, month + 1, min(day.day, (following - dt.timedelta(days=1)).day))


def _indexes(site: Site, ordered: list[Notice]) -> tuple[dict[str, list[ActionEntry]], dict[str, list[Notice]],
                                                         dict[str, list[Notice]]]:
    """Each joint action's entries, each region's and each campaign's notices (newest first): every entry
    site.yaml names, and the built-in ones that a notice uses (the others have no pages)."""
    actions: dict[str, list[ActionEntry]] = {key: [] for key in site.actions}
    regions: dict[str, list[Notice]] = {key: [] for key in site.regions}
    campaigns: dict[str, list[Notice]] = {key: [] for key in site.campaigns}
    for notice in ordered:
        for number, action in enumerate(notice.front.actions, start=1):
            actions[action.key].append(ActionEntry(notice, action, f"action-{number}"))
        for key in _regions_of(site, notice.front.region):
            regions[key].append(notice)
        if notice.front.campaign:
            campaigns[notice.front.campaign].append(notice)
    return (_shown(actions, site.own["actions"]), _shown(regions, site.own["regions"]),
            _shown(campaigns, site.own["campaigns"]))


def _shown(index: dict[str, list], own: set[str]) -> dict[str, list]:
    return {key: items for key, items in index.items() if items or key in own}


def shown_regions(tree: list[Region], shown: dict[str, list]) -> list[Region]:
    """The region tree cut to the regions that have pages."""
    return [region.model_copy(update={"children": shown_regions(region.children, shown)})
            for region in tree if region.key in shown]


def _links(ordered: list[Notice]) -> tuple[dict[str, list[Link]], dict[str, list[Notice]]]:
    """Each notice's upstream notices (one link per ``based_on`` entry) and the notices based on it."""
    by_slug = {n.slug: n for n in ordered}
    by_number = {n.front.doc_number: n for n in ordered if n.front.doc_number}
    upstream: dict[str, list[Link]] = {}
    downstream: dict[str, list[Notice]] = {n.key: [] for n in ordered}
    for notice in ordered:
        links = [Link(ref, find_upstream(ref, by_slug, by_number)) for ref in notice.front.based_on]
        upstream[notice.key] = links
        for link in links:
            if link.notice is not None and all(other is not notice for other in downstream[link.notice.key]):
                downstream[link.notice.key].append(notice)
    return upstream, downstream


def paginate(items: list, per_page: int) -> list[list]:
    """Split a list into pages; an empty list is one empty page."""
    if not items:
        return [[]]
    return [items[i:i + per_page] for i in range(0, len(items), per_page)]
