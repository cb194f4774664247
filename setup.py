"""Everything else is in pyproject.toml. This only puts the default theme into the wheel.

The default theme lives at the top of the repository (``themes/default``: where a site's own
themes live, and where a child theme finds it); an installed generator has no repository, so the
wheel carries a copy as package data, ``generator/themes/default``, where
``generator.render.installed_default`` looks first. An editable install reads the repository's.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildWithTheme(build_py):
    def run(self) -> None:
        super().run()
        if not self.editable_mode:
            shutil.copytree(HERE / "themes" / "default", Path(self.build_lib) / "generator" / "themes" / "default",
                            dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".*"))


setup(cmdclass={"build_py": BuildWithTheme})
