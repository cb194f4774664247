"""What the editor states on the command line for facts the notice's text may not state.

``import FILE --title … --issuer … --region … --campaign …``: a copy that begins
at its 文号 has no title; a notice that ends with only a date names no issuer; a
university's notice never names its city. The editor knows these; the importer
writes them as given — they are the editor's statements, not the importer's
guesses — and, where the text states something else, keeps what the text says
in a ``# 待确认`` note beside the field so the editor sees both.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..config import Site
from ..i18n import tr
from .draft import UNSURE, Draft
from .sitelines import addition


@dataclass(frozen=True)
class Given:
    title: str = ""
    issuers: tuple[str, ...] = ()
    region: str = ""  # a key or a name of site.yaml's regions
    campaign: str = ""  # a key or a name of site.yaml's campaigns

    def __bool__(self) -> bool:
        return bool(self.title or self.issuers or self.region or self.campaign)


def unknown(given: Given, site: Site) -> list[str]:
    """The options naming a key site.yaml does not have, each as a message for the editor. A name site.yaml
    lacks (--region 临泽县) is not one: the importer prints the entry to add, as for a name the text states."""
    problems = []
    if given.region and given.region.isascii() and _key(given.region, site.region_names) is None:
        problems.append(tr("--region {value}: site.yaml has no region with this key; write a key or a name listed "
                           "there, or the region's name in Chinese", value=given.region))
    if given.campaign and given.campaign.isascii() and _key(given.campaign, site.campaign_names) is None:
        problems.append(tr("--campaign {value}: site.yaml has no campaign with this key; write a key or a name "
                           "listed there, or the campaign's name in Chinese", value=given.campaign))
    return problems


def _key(value: str, names: dict[str, str]) -> str | None:
    return names.get(value.strip())


def _stated(value: str) -> str:
    """What the text stated for a field ("" when nothing, or only a value marked unsure)."""
    return "" if not value or UNSURE in value else value


def _replace(draft: Draft, name: str, stated: str, option: str) -> None:
    """Drop the importer's notes on ``name`` (the editor has answered them); note what the text said if it
    said something else."""
    draft.undecided = [item for item in draft.undecided if item.field != name]
    if stated:
        draft.doubt(name, tr("given with {option} on the command line; the text states “{value}”",
                             option=option, value=stated))


def supply(draft: Draft, given: Given, site: Site) -> None:
    """Write the values the editor gave into the draft (``unknown`` has been checked first)."""
    if given.title and given.title != draft.title:
        _replace(draft, "title", _stated(draft.title), "--title")
        draft.title = given.title
        draft.inferred = [name for name in draft.inferred if name != "title"]
    if given.issuers and list(given.issuers) != draft.issuers:
        _replace(draft, "issuers", "、".join(_stated(name) for name in draft.issuers if _stated(name)), "--issuer")
        draft.issuers = list(given.issuers)
    for section, option, value in (("regions", "--region", given.region), ("campaigns", "--campaign", given.campaign)):
        if value:
            _vocabulary(draft, section, option, value, site)


def _vocabulary(draft: Draft, section: str, option: str, value: str, site: Site) -> None:
    """--region / --campaign: the key of site.yaml's entry; the entry the importer proposed for what the text
    names is no longer needed."""
    name = "region" if section == "regions" else "campaign"
    key = _key(value, site.region_names if section == "regions" else site.campaign_names)
    proposed = {addition.key: addition.name for addition in draft.site_additions if addition.section == section}
    if key is None:  # a name site.yaml lacks: the entry to add (the one proposed for the text's name, if the same)
        key = next((k for k, n in proposed.items() if n == value), None)
        if key is None:
            draft.site_additions.append(addition(section, value, site))
            key = draft.site_additions[-1].key
    found = getattr(draft, name).replace(UNSURE, "")
    if key == found:
        setattr(draft, name, key)  # the text's (marked) value, confirmed by the editor
        draft.undecided = [item for item in draft.undecided if item.field != name]
        return
    known = site.regions if section == "regions" else site.campaigns
    _replace(draft, name, known[found].name if found in known else proposed.get(found, found), option)
    draft.site_additions = [a for a in draft.site_additions if not (a.section == section and a.key == found)]
    setattr(draft, name, key)


__all__ = ["Given", "supply", "unknown"]
