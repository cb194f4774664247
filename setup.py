"""Everything else is in pyproject.toml. This puts the default theme and the compiled message
catalogues into the package.

The default theme lives at the top of the repository (``themes/default``: where a site's own
themes live, and where a child theme finds it); an installed generator has no repository, so the
wheel carries a copy as package data, ``generator/themes/default``, where
``generator.render.installed_default`` looks first. An editable install reads the repository's.

The messages' translations are kept as text (``generator/locale/<lang>/LC_MESSAGES/notices.po``)
and compiled with Babel into the ``notices.mo`` that gettext reads: into the wheel when one is
built, into the source tree for an editable install (``make setup``; the .mo is not committed).
"""

import shutil
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
LOCALE = Path("generator") / "locale"


def compile_catalogues(target: Path) -> None:
    """Every ``.po`` under generator/locale compiled to its ``.mo`` under ``target``/generator/locale."""
    for po in sorted((HERE / LOCALE).glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as source:
            catalogue = read_po(source)
        mo = target / po.relative_to(HERE).with_suffix(".mo")
        mo.parent.mkdir(parents=True, exist_ok=True)
        with mo.open("wb") as compiled:
            write_mo(compiled, catalogue)


class BuildWithThemeAndMessages(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            compile_catalogues(HERE)
        else:
            compile_catalogues(Path(self.build_lib))
            shutil.copytree(HERE / "themes" / "default", Path(self.build_lib) / "generator" / "themes" / "default",
                            dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".*"))


setup(cmdclass={"build_py": BuildWithThemeAndMessages})
