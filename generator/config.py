"""The site config (``content/site.yaml``): title, base URL, campaigns, regions, actions.

Notices refer to campaigns, regions and joint actions by key; this file is the
vocabulary those keys come from. A notice may also use a display name or an
alias, which resolves to the key, so different wordings of one joint action
(企业科协联合行动 / 企业科普联合行动) land on one index page.
"""

from __future__ import annotations

import datetime as dt
import re
import time
import zoneinfo
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, Field, field_validator, model_validator

from .errors import ContentError, display_path
from .load import load_yaml_file
from .schema import Model, Text, TextList, validate

DEFAULT_TIMEZONE = "Asia/Shanghai"
_KEY = re.compile(r"^[a-z0-9][a-z0-9-]*\Z")  # \Z: `$` would let "abc\n" through
# base_url goes into robots.txt, the calendar, the feed and every link: an optional http(s) host (no user,
# a port at most), then a path of non-empty segments. "//host/" would send every link to another host.
_BASE_URL = re.compile(r"^(?:https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]{1,5})?)?/(?:[^/?#]+/)*[^/?#]*$")
# origin: where a path-only base_url is served from, for the addresses crawlers need whole (sitemaps).
_ORIGIN = re.compile(r"^https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]{1,5})?/?\Z")
_NOT_IN_URL = re.compile(r"[\s\x00-\x1f\x7f-\x9f\"<>\\^`{|}]")


def _key(value: str) -> str:
    if not _KEY.match(value):
        raise ValueError(f"`{value}` cannot be a key: use lower-case letters, digits and hyphens (it becomes a URL)")
    return value


Key = Annotated[str, AfterValidator(_key)]


class Term(Model):
    """An entry of a vocabulary: a campaign (全国科普日) or a kind of joint action (学会科普联合行动)."""

    key: Key
    name: Text
    aliases: TextList = []  # other names notices use for it
    description: Text = ""


Campaign = Term
ActionKind = Term


class Region(Model):
    """A node of the region tree; children are the regions inside it."""

    key: Key
    name: Text
    area_code: Text = ""  # telephone area code, to make local numbers dialable
    children: list["Region"] = []


class SiteConfig(Model):
    """Everything ``site.yaml`` may say."""

    title: Text
    description: Text = ""
    base_url: Text = "/"
    origin: Text = ""  # scheme and host (https://kx.example.cn) of a site whose base_url is a path
    language: Text = "zh-CN"
    theme: Text = "default"
    author: Text = ""
    per_page: int = Field(default=20, ge=1, le=500)
    trust_raw_html: bool = False
    timezone: Text = DEFAULT_TIMEZONE  # where "today" is (upcoming deadlines, notices issued in the future)
    campaigns: list[Campaign] = []
    regions: list[Region] = []
    actions: list[ActionKind] = []

    @field_validator("base_url", mode="before")  # before whitespace is stripped: " /" is refused, not mended
    @classmethod
    def _base_url(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        if not _BASE_URL.match(value) or _NOT_IN_URL.search(value):
            raise ValueError("expected `/`, a path like `/notices/`, or a full URL like https://kx.example.cn/notices/ "
                             "(no spaces or control characters, no `//host/` without http(s):, no ? or #)")
        return value if value.endswith("/") else value + "/"

    @field_validator("origin")
    @classmethod
    def _origin(cls, value: str) -> str:
        if value and (not _ORIGIN.match(value) or _NOT_IN_URL.search(value)):
            raise ValueError("expected the scheme and host the site is served from, like https://kx.example.cn "
                             "(no path: the path is base_url's)")
        return value.rstrip("/")

    @model_validator(mode="after")
    def _one_origin(self) -> "SiteConfig":
        if self.origin and self.base_url.startswith("http") and not self.base_url.startswith(self.origin + "/"):
            raise ValueError(f"origin `{self.origin}` is not the host of base_url `{self.base_url}`: "
                             "leave origin out when base_url is a full URL")
        return self

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (ValueError, zoneinfo.ZoneInfoNotFoundError):
            raise ValueError(f"`{value}` is not a time zone the system knows: write an IANA name, e.g. "
                             "Asia/Shanghai (the default) or Asia/Urumqi") from None
        return value

    @field_validator("theme")
    @classmethod
    def _theme(cls, value: str) -> str:
        if not _KEY.match(value):
            raise ValueError("a theme name is a folder name under themes/: letters, digits and hyphens")
        return value

    @model_validator(mode="after")
    def _unique(self) -> "SiteConfig":
        for label, entries in (("campaign", self.campaigns), ("action", self.actions),
                               ("region", list(walk_regions(self.regions)))):
            seen: dict[str, str] = {}
            for entry in entries:
                for name in [entry.key, entry.name, *getattr(entry, "aliases", [])]:
                    if name in seen and seen[name] != entry.key:
                        raise ValueError(f"the {label} name `{name}` is used by both `{seen[name]}` and `{entry.key}`")
                    seen[name] = entry.key
        return self


def today_in(zone: str = "") -> dt.date:
    """Today's date in a time zone (the site's default without one), whatever the machine's is set to."""
    return dt.datetime.fromtimestamp(time.time(), zoneinfo.ZoneInfo(zone or DEFAULT_TIMEZONE)).date()


def walk_regions(regions: list[Region]):
    """Every region of the tree, parents before children, in file order."""
    for region in regions:
        yield region
        yield from walk_regions(region.children)


class Site:
    """The validated config with lookups the rest of the pipeline needs."""

    def __init__(self, config: SiteConfig, root: Path):
        self.config = config
        self.root = root
        self.campaigns = {c.key: c for c in config.campaigns}
        self.actions = {a.key: a for a in config.actions}
        self.regions = {r.key: r for r in walk_regions(config.regions)}
        self.region_parent: dict[str, str | None] = {}
        self._index_parents(config.regions, None)
        self.campaign_names = self._names(config.campaigns)
        self.action_names = self._names(config.actions)
        self.region_names = self._names(list(walk_regions(config.regions)))

    def _index_parents(self, regions: list[Region], parent: str | None) -> None:
        for region in regions:
            self.region_parent[region.key] = parent
            self._index_parents(region.children, region.key)

    @staticmethod
    def _names(entries) -> dict[str, str]:
        names: dict[str, str] = {}
        for entry in entries:
            for name in [entry.key, entry.name, *getattr(entry, "aliases", [])]:
                names[name] = entry.key
        return names

    def today(self) -> dt.date:
        """Today's date where the site is (``timezone``), whatever time zone the machine is set to."""
        return today_in(self.config.timezone)

    def region_path(self, key: str) -> list[Region]:
        """The region and its ancestors, outermost first (陕西省 › 渭南市 › 蒲城县)."""
        path = []
        current: str | None = key
        while current is not None:
            path.append(self.regions[current])
            current = self.region_parent[current]
        return list(reversed(path))


def load_site(content: Path) -> tuple[Site | None, list[ContentError]]:
    """Read and validate ``content/site.yaml``."""
    path = content / "site.yaml"
    shown = display_path(path)
    if not path.exists():
        return None, [ContentError(shown, 0, "", "the site config is missing",
                                   "create content/site.yaml with at least `title:`; see README.md")]
    document, errors = load_yaml_file(path, shown)
    if document is None:
        return None, errors
    config, more = validate(SiteConfig, document)
    errors += more
    if config is None or errors:
        return None, errors
    return Site(config, content), []
