"""The site config (``content/site.yaml``): title, base URL, campaigns, regions, actions.

Notices refer to campaigns, regions and joint actions by key; this file is the
vocabulary those keys come from. A notice may also use a display name or an
alias, which resolves to the key, so different wordings of one joint action
(企业科协联合行动 / 企业科普联合行动) land on one index page.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
import time
import zoneinfo
from pathlib import Path
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, Field, ValidationInfo, field_validator, model_validator

from . import vocabulary
from .errors import ContentError, display_path
from .load import load_yaml_file
from .schema import Model, Text, TextList, refuse, unknown, validate
from .i18n import N_, tr, translated

DEFAULT_TIMEZONE = "Asia/Shanghai"
_KEY = re.compile(r"^[a-z0-9][a-z0-9-]*\Z")  # \Z: `$` would let "abc\n" through
# base_url goes into robots.txt, the calendar, the feed and every link: an optional http(s) host (no user,
# a port at most), then a path of non-empty segments. "//host/" would send every link to another host.
_BASE_URL = re.compile(r"^(?:https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]{1,5})?)?/(?:[^/?#]+/)*[^/?#]*$")
# origin: where a path-only base_url is served from, for the addresses given whole (sitemaps, feeds, calendars, API).
_ORIGIN = re.compile(r"^https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]{1,5})?/?\Z")
_NOT_IN_URL = re.compile(r"[\s\x00-\x1f\x7f-\x9f\"<>\\^`{|}]")


def _key(value: str) -> str:
    if not _KEY.match(value):
        raise ValueError(tr("`{value}` cannot be a key: use lower-case letters, digits and hyphens (it becomes a "
                            "URL)", value=value))
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


_AREA_CODE = re.compile(r"^0[1-9][0-9]{1,2}\Z")
_WIDE_DIGITS = str.maketrans("０１２３４５６７８９－", "0123456789-")


def area_code(value: str) -> str:
    value = value.translate(_WIDE_DIGITS).replace("-", "").strip()
    if value and not _AREA_CODE.match(value):
        raise refuse(tr("`{value}` is not a telephone area code", value=value),
                     tr('an area code is 0 and two or three digits, in quotes: "010", "0913"'))
    return value


AreaCode = Annotated[Text, AfterValidator(area_code)]


class Region(Model):
    """A node of the region tree; children are the regions inside it."""

    key: Key
    name: Text
    aliases: TextList = []  # other names notices use for it (渭南 for 渭南市)
    code: Text = ""  # 行政区划代码, 610500
    area_code: AreaCode = ""  # telephone area code, to make local numbers dialable
    area_codes: list[AreaCode] = []  # every area code in use there, when there are several (晋中市: 0354, 0358)
    children: list["Region"] = []

    @property
    def dialling_codes(self) -> list[str]:
        """The area codes of numbers dialled here."""
        return ([self.area_code] if self.area_code else []) + [c for c in self.area_codes if c != self.area_code]


# Where a reader looks a filing number up: the defaults every site links to; site.yaml may change them.
ICP_LINK = "https://beian.miit.gov.cn/"
POLICE_LINK = "https://beian.mps.gov.cn/#/query/webSearch?code={code}"  # {code}: the number's 14 digits
# The one-character names of the provinces, with the first two digits of their administrative codes
# (a 公安机关备案号's 14 digits begin with the code of the place it was filed in).
PROVINCES = {"京": "11", "津": "12", "冀": "13", "晋": "14", "蒙": "15", "辽": "21", "吉": "22", "黑": "23",
             "沪": "31", "苏": "32", "浙": "33", "皖": "34", "闽": "35", "赣": "36", "鲁": "37", "豫": "41",
             "鄂": "42", "湘": "43", "粤": "44", "桂": "45", "琼": "46", "渝": "50", "川": "51", "贵": "52",
             "云": "53", "藏": "54", "陕": "61", "甘": "62", "青": "63", "宁": "64", "新": "65"}
_ICP = re.compile(r"^(.)ICP备(\d+)号(?:-(\d*))?\Z")
_POLICE = re.compile(r"^(.)公网安备(\d+)号\Z")
_WEB_LINK = re.compile(r"^https?://[^\s\"<>\\]+\Z")
# Digits typed with a Chinese input method (１２３): the same number, written as the filing system shows it.
_ASCII_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def _province(number: str, province: str) -> None:
    if province not in PROVINCES:
        raise refuse(tr("`{number}` does not begin with a province's one-character name (京, 陕, 粤 …)", number=number),
                     tr("copy the number exactly as the filing system shows it, e.g. 陕ICP备12345678号-1"))


def icp_number(value: str) -> str:
    """An ICP 备案号 as the MIIT system issues it: 陕ICP备12345678号, a site number -1, -2 … after it."""
    value = value.replace("－", "-").replace(" ", "").translate(_ASCII_DIGITS)
    if not value:  # none: the footer shows no ICP line
        return value
    if "公网安备" in value:
        raise refuse(tr("`{value}` is a 公安机关备案号, not an ICP 备案号", value=value),
                     tr("write it under `police:`; `icp:` takes a number like 陕ICP备12345678号-1"))
    match = _ICP.match(value)
    if match is None:
        missing = (tr("the closing 号") if "号" not in value else tr("ICP备 after the province") if "ICP备" not in value
                   else tr("the province's one-character name before ICP备") if value.startswith("ICP")
                   else tr("its shape"))
        raise refuse(tr("`{value}` is not an ICP 备案号: check {missing}", value=value, missing=missing),
                     tr("an ICP 备案号 reads like 陕ICP备12345678号 or 陕ICP备12345678号-1 (the site's number)"))
    province, digits, site = match.groups()
    _province(value, province)
    if len(digits) not in (8, 10):
        raise refuse(tr("`{value}` has {digits_count} digits before 号; an ICP 备案号 has 8 (or 10 since 2020)",
                        value=value, digits_count=len(digits)),
                     tr("copy the number exactly as the filing system shows it"))
    if site is not None and not site:
        raise refuse(tr("`{value}` ends with `-` but no site number",
                        value=value), tr("write the site's number after it, e.g. -1, "
                                                                       "or leave the `-` out"))
    return value


def police_number(value: str) -> str:
    """A 公安机关备案号: 陕公网安备 and 14 digits, which begin with the province's code, then 号."""
    value = value.replace(" ", "").translate(_ASCII_DIGITS)
    if not value:  # none: the footer shows no 公安 line
        return value
    if "ICP" in value.upper():
        raise refuse(tr("`{value}` is an ICP 备案号, not a 公安机关备案号", value=value),
                     tr("write it under `icp:`; `police:` takes a number like 陕公网安备61050202000001号"))
    match = _POLICE.match(value)
    if match is None:
        raise refuse(tr("`{value}` is not a 公安机关备案号",
                        value=value), tr("it reads like 陕公网安备61050202000001号: the province, 公网安备, 14 "
                                                       "digits, 号"))
    province, digits = match.groups()
    _province(value, province)
    if len(digits) != 14:
        raise refuse(tr("`{value}` has {digits_count} digits; a 公安机关备案号 has 14 digits",
                        value=value, digits_count=len(digits)),
                     tr("copy the number exactly as the filing system shows it"))
    if not digits.startswith(PROVINCES[province]):
        raise refuse(tr("`{value}`: numbers filed in {province} begin with {expected}, this one with {digits}",
                        value=value, province=province, expected=PROVINCES[province], digits=digits[:2]),
                     tr("check the province and the digits against the filing certificate"))
    return value


def web_link(value: str) -> str:
    if not _WEB_LINK.match(value):
        raise refuse(tr("`{value}` is not a web address",
                        value=value), tr("write a full address beginning with https://"))
    return value


def police_lookup_link(value: str) -> str:
    """A web address where ``{code}``, the only placeholder, stands for the number's 14 digits."""
    web_link(value)
    for placeholder in re.findall(r"\{[^{}]*\}?", value):
        if placeholder != "{code}":
            raise refuse(tr("`{placeholder}` in `{value}` is not a placeholder this link takes",
                            placeholder=placeholder, value=value),
                         tr("write {{code}} where the 公安机关备案号's 14 digits go"))
    return value


class Host(Model):
    """The host organisation (主办单位) and how to reach it, in every page's footer."""

    name: Text
    contact: Text = ""  # a phone number, an email address, a postal address: shown as written


class Filing(Model):
    """The filing numbers a site hosted in China shows in every page's footer, each linked to where it is
    looked up (the links are defaults; ``{code}`` in ``police_link`` is the number's digits)."""

    icp: Annotated[Text, AfterValidator(icp_number)] = ""  # ICP 备案号
    police: Annotated[Text, AfterValidator(police_number)] = ""  # 公安机关备案号
    icp_link: Annotated[Text, AfterValidator(web_link)] = ICP_LINK
    police_link: Annotated[Text, AfterValidator(police_lookup_link)] = POLICE_LINK

    @property
    def police_url(self) -> str:
        """Where the 公安机关备案号 is looked up."""
        digits = re.sub(r"\D", "", self.police)
        return self.police_link.replace("{code}", digits)


# ---- Markdown extensions ---------------------------------------------------------------------------

# What the site's own Markdown already has (generator.markdown.make_markdown).
BUILT_IN_EXTENSIONS = frozenset({"tables", "attr_list", "sane_lists", "def_list", "toc"})
# Tags the sanitiser never keeps, whatever an extension writes: they run code, load other pages, or
# swallow the text after them. A site that needs them trusts its raw HTML (``trust_raw_html: true``).
NEVER_KEPT = frozenset({"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "link",
                        "meta", "title", "textarea", "plaintext", "xmp", "noscript", "template", "form", "svg",
                        "math", "noembed", "noframes"})
_NAME = re.compile(r"^[a-z][a-z0-9-]*\Z")


def _extension(name: str):
    """The extension Python-Markdown builds for a name (an installed entry point or a module path)."""
    import markdown
    return markdown.Markdown().build_extension(name, {})


def extension_options(name: str, options: dict[str, Any]) -> dict[str, Any]:
    """The options as the extension takes them: site.yaml's values are text, so a number an option
    expects by its default is made a number (Python-Markdown reads true/false itself)."""
    defaults = _extension(name).getConfigs()
    taken: dict[str, Any] = {}
    for key, value in options.items():
        default = defaults[key]
        if isinstance(value, str) and not isinstance(default, bool) and isinstance(default, (int, float)):
            try:
                value = type(default)(value)
            except ValueError:
                raise refuse(tr("the option `{key}` of `{name}` takes a number, not `{value}`",
                                key=key, name=name, value=value),
                             tr("its default is {default}", default=default)) from None
        taken[key] = value
    return taken


# Options known to make an extension's output depend on more than the notice (the order of processing):
# an identical build would differ. Per extension, the option and why.
UNSTABLE_OPTIONS = {"footnotes": {"UNIQUE_IDS": N_("it numbers footnotes in the order the notices are processed")}}


def _truthy(value: Any) -> bool:
    import markdown.util
    return bool(markdown.util.parseBoolValue(value, fail_on_errors=False))


class MarkdownExtension(Model):
    """A Python-Markdown extension the site adds, its options, and what the sanitiser then keeps."""

    name: Text  # `abbr`, `footnotes` … (Python-Markdown's own), or an installed one's entry point or module
    options: dict[str, Any] = {}
    tags: TextList = []  # the HTML tags it writes that the sanitiser would otherwise remove
    attributes: dict[str, TextList] = {}  # per tag (or `*`): the attributes it writes

    @model_validator(mode="before")
    @classmethod
    def _an_entry(cls, value: Any) -> Any:
        if isinstance(value, str):  # `- abbr`: the name alone, as a list of names would have it
            raise refuse(tr("`{value}` alone is not an extension entry", value=value),
                         tr("write `- name: {value}` (its options, tags and attributes go on the lines below)",
                            value=value))
        return value

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if value in BUILT_IN_EXTENSIONS or value.removeprefix("markdown.extensions.") in BUILT_IN_EXTENSIONS:
            raise refuse(tr("`{value}` is already part of the site's Markdown", value=value),
                         tr("leave it out; the site's Markdown has {names}", names=", ".join(sorted(BUILT_IN_EXTENSIONS))))
        try:
            _extension(value)
        except Exception:  # noqa: BLE001 - ImportError, AttributeError, or whatever the module raises
            import markdown.util
            known = sorted({entry.name for entry in markdown.util.get_installed_extensions()} - BUILT_IN_EXTENSIONS)
            close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
            message = tr("unknown Markdown extension `{value}`", value=value)
            if close:
                suggestion = f"`{close[0]}`"
                message = tr("{message}; did you mean {names}?", message=message, names=suggestion)
            raise refuse(message, tr("Python-Markdown's own are {names}; another one is installed with pip install "
                                     "and named by its entry point or module", names=", ".join(known))) from None
        return value

    @field_validator("options")
    @classmethod
    def _options(cls, value: dict[str, Any], info: ValidationInfo) -> dict[str, Any]:
        name = info.data.get("name")
        if name is None or not value:
            return value
        defaults = _extension(name).getConfigs()
        for key in value:
            if key not in defaults:
                close = difflib.get_close_matches(key, list(defaults), n=1, cutoff=0.4)
                message = tr("`{key}` is not an option of `{name}`", key=key, name=name)
                if close:
                    suggestion = f"`{close[0]}`"
                    message = tr("{message}; did you mean {names}?", message=message, names=suggestion)
                raise refuse(message,
                             tr("its options are {options}", options=", ".join(defaults)) if defaults
                             else tr("`{name}` takes no options: leave `options:` out", name=name))
        for key, option in value.items():
            unstable = UNSTABLE_OPTIONS.get(name.removeprefix("markdown.extensions."), {}).get(key)
            if unstable is not None and _truthy(option):
                raise refuse(tr("`{key}: {option}` makes `{name}` write different HTML from one build to the next",
                                key=key, option=option, name=name),
                             tr("leave {key} out ({unstable}); the site's pages must be the same bytes every build "
                                "(运维指南, 五)", key=key, unstable=translated(unstable)))
        options = extension_options(name, value)
        try:
            import markdown
            markdown.Markdown(extensions=[name], extension_configs={name: options})
        except Exception as exc:  # noqa: BLE001 - the extension refused a value
            raise refuse(tr("`{name}` does not take these options: {problem}",
                            name=name, problem=exc), tr("see the extension's documentation")) from None
        return value

    @field_validator("tags")
    @classmethod
    def _tags(cls, value: list[str]) -> list[str]:
        for tag in value:
            if tag.lower() in NEVER_KEPT:
                raise refuse(tr("the sanitiser never keeps `<{tag}>`",
                                tag=tag), tr("leave it out; a site that must publish it "
                                                                        "sets `trust_raw_html: true` (and then "
                                                                        "nothing is sanitised)"))
            if not _NAME.match(tag):
                raise refuse(tr("`{tag}` is not an HTML tag name", tag=tag), tr("write the name alone, e.g. `input`"))
        return [tag.lower() for tag in value]

    @field_validator("attributes")
    @classmethod
    def _attributes(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for tag, names in value.items():
            for name in names:
                if name.lower().startswith("on") or name.lower() in ("style", "srcdoc", "formaction"):
                    raise refuse(tr("the sanitiser never keeps the attribute `{name}` (it can run code or restyle "
                                    "the page)", name=name), tr("leave it out, or set `trust_raw_html: true`"))
                if not _NAME.match(name.lower()) or not (tag == "*" or _NAME.match(tag)):
                    raise refuse(tr("`{tag}: {name}` is not a tag and an attribute name",
                                    tag=tag, name=name), tr("e.g. `input: [type]`"))
        return value


class MarkdownConfig(Model):
    """``markdown:`` in site.yaml: the extensions the site adds to its Markdown."""

    extensions: list[MarkdownExtension] = []


# ---- the built-in vocabularies -----------------------------------------------------------------------

VOCABULARIES = ("campaigns", "actions", "regions")


@functools.cache
def builtin_terms(kind: str) -> tuple[Term, ...]:
    """The campaigns or joint actions every site starts with (:mod:`generator.vocabulary`)."""
    return tuple(Term.model_validate(entry) for entry in vocabulary.entries(kind))


@functools.cache
def builtin_regions() -> tuple[Region, ...]:
    """China's provinces with their prefecture-level divisions, as every site starts with them."""
    return tuple(Region.model_validate(entry) for entry in vocabulary.entries("regions"))


def _names_of(entry: Term | Region) -> set[str]:
    return {entry.key, entry.name, *entry.aliases}


def builtin_names() -> dict[str, set[str]]:
    """Per vocabulary, every key, name and alias of its built-in entries."""
    return {"campaigns": set().union(*map(_names_of, builtin_terms("campaigns"))),
            "actions": set().union(*map(_names_of, builtin_terms("actions"))),
            "regions": set().union(*map(_names_of, walk_regions(list(builtin_regions()))))}


def builtin_entry(value: str) -> str:
    known = set().union(*builtin_names().values())
    if value not in known:
        raise unknown(tr("built-in entry"), value, sorted(known),
                      tr("`remove` takes the key or name of a built-in campaign, joint action or region"))
    return value


class Builtin(Model):
    """``builtin:`` in site.yaml: which built-in vocabularies the site uses, and entries it leaves out."""

    campaigns: bool = True
    actions: bool = True
    regions: bool = True
    # built-in entries (key or name) the site does not want: [台湾省, ditanri]
    remove: list[Annotated[Text, AfterValidator(builtin_entry)]] = []


def merge_terms(own: list[Term], builtin: tuple[Term, ...], removed: set[str]) -> list[Term]:
    """The site's own entries, then every built-in one that shares no key, name or alias with them."""
    taken = set().union(*map(_names_of, own)) if own else set()
    return own + [term for term in builtin if not (_names_of(term) & taken) and not ({term.key, term.name} & removed)]


def merge_regions(own: list[Region], builtin: tuple[Region, ...], removed: set[str]) -> list[Region]:
    """The site's region tree, then the built-in one. A built-in region that shares a key, name or alias with
    one of the site's is that region: its other children go under the site's entry (陕西省 written with 渭南市
    alone keeps 西安市 …), and a region the site writes at the top stays where the built-in one was (渭南市
    written alone, with its counties, is still in 陕西省). What the site's entry does not say (its aliases, codes,
    area codes) it takes from the built-in one."""
    taken = {name: region.key for region in walk_regions(own) for name in _names_of(region)}
    top = {region.key: region for region in own}
    adopted: dict[str, list[Region | str]] = {}
    replaced: dict[str, Region] = {}  # site key → the built-in region it replaces
    moved: set[str] = set()

    def graft(regions, nested: bool) -> list[Region | str]:  # a str: the key of a site region put there
        kept: list[Region | str] = []
        for region in regions:
            if {region.key, region.name} & removed:
                continue
            overridden = next((taken[name] for name in sorted(_names_of(region)) if name in taken), None)
            children = graft(region.children, True)
            if overridden is None:
                kept.append(region.model_copy(update={"children": children}))
                continue
            adopted.setdefault(overridden, []).extend(children)
            replaced.setdefault(overridden, region)
            if nested and overridden in top and overridden not in moved:
                moved.add(overridden)
                kept.append(overridden)
        return kept

    builtin_tree = graft(builtin, False)

    def rebuild(regions: list[Region | str]) -> list[Region]:
        built = []
        for region in regions:
            if isinstance(region, str):
                region = top[region]
            children = list(region.children) + adopted.pop(region.key, [])
            update: dict = {"children": rebuild(children)}
            if region.key in replaced:  # what the site's entry does not say, the built-in one does
                builtin_region = replaced[region.key]
                said = region.model_fields_set
                update |= {name: getattr(builtin_region, name) for name in ("code", "area_code", "area_codes")
                           if name not in said and (name == "code" or not {"area_code", "area_codes"} & said)}
                update["aliases"] = region.aliases + [alias for alias in builtin_region.aliases
                                                      if alias not in taken and alias not in region.aliases]
            built.append(region.model_copy(update=update))
        return built

    return rebuild([region for region in own if region.key not in moved] + builtin_tree)


class SiteConfig(Model):
    """Everything ``site.yaml`` may say."""

    guide: ClassVar[str] = "docs/运维指南.md, “二、站点配置 `content/site.yaml`”"  # where every field is explained

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
    campaigns: list[Campaign] = []  # the site's own; the built-in ones come on top (``builtin``)
    regions: list[Region] = []
    actions: list[ActionKind] = []
    builtin: Builtin = Builtin()
    host: Host | None = None  # 主办单位
    filing: Filing = Filing()  # 备案号
    markdown: MarkdownConfig = MarkdownConfig()

    @field_validator("base_url", mode="before")  # before whitespace is stripped: " /" is refused, not mended
    @classmethod
    def _base_url(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        if not _BASE_URL.match(value) or _NOT_IN_URL.search(value):
            raise ValueError(tr("expected `/`, a path like `/notices/`, or a full URL like "
                                "https://kx.example.cn/notices/ (no spaces or control characters, no `//host/` "
                                "without http(s):, no ? or #)"))
        return value if value.endswith("/") else value + "/"

    @field_validator("origin")
    @classmethod
    def _origin(cls, value: str, info: ValidationInfo) -> str:
        if value and (not _ORIGIN.match(value) or _NOT_IN_URL.search(value)):
            raise ValueError(tr("expected the scheme and host the site is served from, like https://kx.example.cn "
                                "(no path: the path is base_url's)"))
        value = value.rstrip("/")
        base_url = info.data.get("base_url", "")  # checked first: declared before origin
        if value and base_url.startswith("http") and not base_url.startswith(value + "/"):
            raise ValueError(tr("`{value}` is not the host of base_url `{base_url}`: leave origin out when base_url "
                                "is a full URL", value=value, base_url=base_url))
        return value

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (ValueError, zoneinfo.ZoneInfoNotFoundError):
            raise ValueError(tr("`{value}` is not a time zone the system knows: write an IANA name, e.g. "
                                "Asia/Shanghai (the default) or Asia/Urumqi", value=value)) from None
        return value

    @field_validator("theme")
    @classmethod
    def _theme(cls, value: str) -> str:
        if not _KEY.match(value):
            raise ValueError(tr("a theme name is a folder name under themes/: letters, digits and hyphens"))
        return value

    @model_validator(mode="after")
    def _unique(self) -> "SiteConfig":
        for label, entries in ((tr("campaign"), self.campaigns), (tr("joint action"), self.actions),
                               (tr("region"), list(walk_regions(self.regions)))):
            seen: dict[str, str] = {}
            for entry in entries:
                for name in [entry.key, entry.name, *getattr(entry, "aliases", [])]:
                    if name in seen and seen[name] != entry.key:
                        raise ValueError(tr("the {label} name `{name}` is used by both `{seen}` and `{key}`",
                                            label=label, name=name, seen=seen[name], key=entry.key))
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
        use, removed = config.builtin, set(config.builtin.remove)
        campaigns = merge_terms(config.campaigns, builtin_terms("campaigns") if use.campaigns else (), removed)
        actions = merge_terms(config.actions, builtin_terms("actions") if use.actions else (), removed)
        self.region_tree = merge_regions(config.regions, builtin_regions() if use.regions else (), removed)
        # what site.yaml names has pages even without notices; a built-in entry only once a notice uses it
        self.own = {"campaigns": {c.key for c in config.campaigns}, "actions": {a.key for a in config.actions},
                    "regions": {r.key for r in walk_regions(config.regions)}}
        self.campaigns = {c.key: c for c in campaigns}
        self.actions = {a.key: a for a in actions}
        self.regions = {r.key: r for r in walk_regions(self.region_tree)}
        self.region_parent: dict[str, str | None] = {}
        self._index_parents(self.region_tree, None)
        self.campaign_names = self._names(campaigns)
        self.action_names = self._names(actions)
        self.region_names = self._names(list(walk_regions(self.region_tree)))
        self._area_codes: dict[str, dict[str, str]] = {}

    def _index_parents(self, regions: list[Region], parent: str | None) -> None:
        for region in regions:
            self.region_parent[region.key] = parent
            self._index_parents(region.children, region.key)

    @staticmethod
    def _names(entries) -> dict[str, str]:
        names: dict[str, str] = {}
        for entry in entries:
            for name in [entry.key, entry.name, *entry.aliases]:
                names.setdefault(name, entry.key)  # the site's own entries come first and win
        return names

    def dialling_codes(self, key: str) -> list[str]:
        """The area codes local numbers of a region are dialled with: its own, else its nearest parent's."""
        for place in reversed(self.region_path(key)):
            if place.dialling_codes:
                return place.dialling_codes
        return []

    def area_code_places(self, key: str) -> dict[str, str]:
        """Area code → the place it belongs to, for every place in the region's province (its outermost
        region): the codes a contact of a notice from there is expected to have."""
        top = self.region_path(key)[0]
        if top.key not in self._area_codes:  # asked for every contact of every notice
            self._area_codes[top.key] = {code: place.name for place in walk_regions([top])
                                         for code in place.dialling_codes}
        return self._area_codes[top.key]

    def where_dialled(self, code: str) -> list[Region]:
        """The places an area code belongs to."""
        return [place for place in self.regions.values() if code in place.dialling_codes]

    def full_name(self, key: str) -> str:
        """A region with its province: 陕西省渭南市."""
        return "".join(place.name for place in self.region_path(key))

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
        return None, [ContentError(shown, 0, "", tr("the site config is missing"),
                                   tr("create content/site.yaml with at least `title:`; see docs/运维指南.md"))]
    document, errors = load_yaml_file(path, shown)
    if document is None:
        return None, errors
    config, more = validate(SiteConfig, document)
    errors += more
    if config is None or errors:
        return None, errors
    return Site(config, content), []
