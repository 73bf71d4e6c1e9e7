"""Write the API reference: one web page per public module, made by pdoc from the docstrings.

    python docs/reference.py              # into docs/api/ (open docs/api/index.html)
    python docs/reference.py OUT          # into OUT

The public modules are the package's top and its stages; every other module is an implementation detail and gets
no page. A warning is an error: the build stops on a name that does not resolve or an annotation it cannot read.
"""

from __future__ import annotations

import importlib
import re
import sys
import warnings
from pathlib import Path

import pdoc

PUBLIC = ("casualty", "casualty.load", "casualty.analyse", "casualty.present", "casualty.vocabulary",
          "casualty.present.charts")
OUT = Path(__file__).resolve().parent / "api"


def page_of(module: str, out: Path) -> Path:
    """``casualty.present.charts`` -> ``out/casualty/present/charts.html``."""
    return out.joinpath(*module.split(".")).with_suffix(".html")


def hand_on_lazy_names(modules: tuple[str, ...] = PUBLIC) -> None:
    """Use each name of each module's ``__all__`` once.

    pdoc documents what a module holds, and a lazy name (SPEC 1, :mod:`casualty.lazy`) is held only once it has
    been used; so the reference, not ``import casualty``, pays for importing every module."""
    for name in modules:
        module = importlib.import_module(name)
        for attribute in getattr(module, "__all__", ()):
            getattr(module, attribute)


def write_reference(out: Path = OUT) -> list[Path]:
    """Write the pages of the :data:`PUBLIC` modules into ``out``; return them, in that order."""
    hand_on_lazy_names()
    # pdoc takes a package with all its submodules; "!pattern" drops the ones taken so far that match
    specs = [spec for name in PUBLIC for spec in (name, "!" + re.escape(name) + r"\.")]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pdoc.pdoc(*specs, output_directory=out)
    return [page_of(name, out) for name in PUBLIC]


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    print("\n".join(str(page) for page in write_reference(out)))
