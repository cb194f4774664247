"""The language the tool speaks to its user: Simplified Chinese by default, English on request.

Messages are written in English in the code, as ``tr("unknown field `{name}`", name=name)``, and
translated through a gettext catalogue (``generator/locale/zh_CN/LC_MESSAGES/notices.po``,
managed with Babel; ``setup.py`` compiles it to ``notices.mo`` when the package is built or
installed). Values go into named placeholders, never into the message by concatenation, so a
translation can put them where its grammar wants them.

Which language, first that says: ``--lang zh|en``, the ``NOTICES_LANG`` environment variable,
``language`` in the site's ``site.yaml``, the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``;
Windows' user locale); otherwise Chinese (a C/POSIX locale says nothing). The command line
resolves it once and puts it into ``NOTICES_LANG`` for the run (:func:`speaking`), where every
module and every worker process (they inherit the environment, forked or spawned) reads it.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import functools
import gettext
import locale
import os
import re
from pathlib import Path
from typing import Iterator, Mapping

DOMAIN = "notices"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
ENV = "NOTICES_LANG"
LANGUAGES = ("zh", "en")
DEFAULT = "zh"
_CATALOGUE_OF = {"zh": "zh_CN"}  # the catalogue each language reads (English: the msgids themselves)


def N_(message: str) -> str:  # noqa: N802 - gettext's name for "extract this, translate it later"
    return message


def normalise(value: str | None) -> str | None:
    """``zh``/``en`` from a language or locale name (zh-CN, zh_TW.UTF-8, en_US, English_United States …)."""
    text = (value or "").strip().lower()
    if text.startswith(("zh", "chinese")):
        return "zh"
    if text.startswith("en"):
        return "en"
    return None


def from_locale(environ: Mapping[str, str] | None = None) -> str | None:
    """The language of the user's locale, or None (C, POSIX, unset, or neither Chinese nor English)."""
    environ = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):  # the first set is the locale in force
        if environ.get(name):
            return normalise(environ[name])
    if os.name == "nt":
        with contextlib.suppress(ValueError):
            return normalise(locale.getlocale()[0])
    return None


_SITE_LANGUAGE = re.compile(r"""^language:[ \t]*["']?([A-Za-z_-]+)""", re.MULTILINE)


def site_language(content: Path) -> str | None:
    """``language`` of ``content/site.yaml``, read before (and whatever) the site config's validation says."""
    try:
        text = (content / "site.yaml").read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return None
    found = _SITE_LANGUAGE.search(text)
    return normalise(found.group(1)) if found else None


def choose(option: str | None = None, content: Path | None = None,
           environ: Mapping[str, str] | None = None) -> str:
    """The language of this run: the option, then NOTICES_LANG, the site's language, the locale, Chinese."""
    environ = os.environ if environ is None else environ
    for said in (lambda: option, lambda: environ.get(ENV), lambda: site_language(content) if content else None,
                 lambda: from_locale(environ)):
        language = normalise(said())
        if language:
            return language
    return DEFAULT


def current() -> str:
    return normalise(os.environ.get(ENV)) or DEFAULT


@contextlib.contextmanager
def speaking(language: str) -> Iterator[None]:
    """Run the block in ``language`` (and the worker processes it starts), then restore what was before."""
    before = os.environ.get(ENV)
    os.environ[ENV] = language
    try:
        with _argparse_speaking():
            yield
    finally:
        if before is None:
            os.environ.pop(ENV, None)
        else:
            os.environ[ENV] = before


@functools.cache
def catalogue(language: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``language`` (English: none, the msgids are English)."""
    name = _CATALOGUE_OF.get(language)
    if name is None:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[name], fallback=True)


def tr(message: str, /, **values: object) -> str:
    """``message`` in the current language, its ``{placeholders}`` filled from ``values``."""
    return catalogue(current()).gettext(message).format(**values)


def translated(message: str) -> str:
    """A message made elsewhere (and marked with :func:`N_`) in the current language, as it is: no placeholders."""
    return catalogue(current()).gettext(message)


# What the system says about a refused read or write (its own words are English in a C locale).
_ERRNO = {errno.ENOENT: N_("No such file or directory"), errno.EACCES: N_("Permission denied"),
          errno.EPERM: N_("Operation not permitted"), errno.ENOSPC: N_("No space left on device"),
          errno.EROFS: N_("Read-only file system"), errno.EISDIR: N_("Is a directory"),
          errno.ENOTDIR: N_("Not a directory"), errno.EEXIST: N_("File exists"), errno.EIO: N_("Input/output error"),
          errno.EFBIG: N_("File too large"), errno.EDQUOT: N_("Disk quota exceeded"),
          errno.EADDRINUSE: N_("Address already in use"), errno.EADDRNOTAVAIL: N_("Cannot assign requested address"),
          errno.EINVAL: N_("Invalid argument")}


def strerror(exc: OSError) -> str:
    """The system's reason for ``exc`` in the current language (English: as the system said it)."""
    said = exc.strerror or str(exc)
    known = _ERRNO.get(exc.errno) if isinstance(exc.errno, int) else None
    if current() == "en" or known is None or exc.strerror not in (None, known):
        return said  # a reason of our own (kind_of's words), or the system's in a language of its own
    return translated(known)


@contextlib.contextmanager
def _argparse_speaking() -> Iterator[None]:
    """argparse's own words (usage:, options, error: …) through this catalogue while the block runs.

    argparse looks up ``_`` and ``ngettext`` in its module at each call; they are swapped for the
    block and put back after it."""
    translations = catalogue(current())
    before = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = translations.gettext, translations.ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = before  # type: ignore[attr-defined]


# argparse's words an editor meets, extracted into the catalogue (argparse formats them with %).
ARGPARSE = (
    N_("usage: "), N_("positional arguments"), N_("options"), N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"), N_("%(prog)s: error: %(message)s\n"),
    N_("unrecognized arguments: %s"), N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"), N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"), N_("expected one argument"), N_("expected at most one argument"),
    N_("expected at least one argument"), N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"), N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"), N_("unexpected option string: %s"),
)
