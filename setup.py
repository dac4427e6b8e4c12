"""Build hook for the one compiled module: ``articlescrape.extractors._walk`` (Cython).

The project's metadata lives in pyproject.toml; this file only adds the extension. The
extension is optional: it walks libxml2's nodes directly through lxml's public C API so that the
two per-element loops of every page (the linearizer and the metadata index) run no Python
bytecode per node. Without Cython, without lxml's headers or without a working C compiler,
the build prints a warning and installs the pure-Python package, which gives the same results,
only slower. Installation must never fail because of it.
"""

from __future__ import annotations

import os
import sys

from setuptools import setup
from setuptools.command.build_ext import build_ext

EXTENSION = "articlescrape.extractors._walk"
SOURCE = os.path.join("src", "articlescrape", "extractors", "_walk.pyx")


def _warn(what: str, exc: BaseException) -> None:
    print(
        f"WARNING: articlescrape: {what} ({type(exc).__name__}: {exc}); "
        "installing the pure-Python walker instead (same results, slower).",
        file=sys.stderr,
    )


class OptionalBuildExt(build_ext):
    """``build_ext`` that turns any failure into a warning: no compiler, missing headers, a
    Cython or compile error. Nothing is left half-built: a failed extension is dropped."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # noqa: BLE001 - any failure means "install without it"
            _warn("the compiled walker could not be built", exc)
            self.extensions = []

    def build_extension(self, ext):  # type: ignore[no-untyped-def]
        try:
            super().build_extension(ext)
        except Exception as exc:  # noqa: BLE001
            _warn(f"{ext.name} could not be compiled", exc)
            self.extensions = [e for e in self.extensions if e is not ext]

    def get_outputs(self) -> list[str]:
        # Only what was built: an editable install or a wheel must not list a missing .so.
        return [path for path in super().get_outputs() if os.path.exists(path)]


def _extensions() -> list:  # type: ignore[type-arg]
    """The extension, from its .pyx: setuptools' ``build_ext`` is Cython's when Cython is
    installed, so the .pyx is translated at build time (and travels in the sdist). A generated .c
    is never compiled on its own: it embeds the layout of the lxml it was generated against."""
    if os.environ.get("ARTICLESCRAPE_NO_COMPILE", "") not in ("", "0"):
        print("articlescrape: ARTICLESCRAPE_NO_COMPILE is set; pure-Python install", file=sys.stderr)
        return []
    try:
        import Cython.Compiler.Main  # noqa: F401 - only to know that the .pyx can be translated
        import lxml
        from setuptools import Extension
    except Exception as exc:  # noqa: BLE001 - Cython or lxml missing
        _warn("Cython or lxml is not installed at build time", exc)
        return []
    return [Extension(EXTENSION, [SOURCE], include_dirs=lxml.get_include())]


setup(ext_modules=_extensions(), cmdclass={"build_ext": OptionalBuildExt})
