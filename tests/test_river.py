"""The river: figures.csv -> load -> analyse -> present. Each module imports only what is upstream of it."""

from __future__ import annotations

import ast

import pytest

from conftest import ROOT

PACKAGE = ROOT / "casualty"
#: What every module of the charts package may import from further up the river.
PRESENT = {"vocabulary", "frames", "wording", "files", "processes", "problems", "evidence", "cells", "load",
           "datapackage", "quotes", "analyse", "joint", "tables"}
#: One module per chart; each draws in the house frame and knows no other chart.
CHART_MODULES = {"charts.deployment", "charts.claims_over_time", "charts.implied_rate", "charts.killed_and_wounded",
                 "charts.formations", "charts.forces_compared", "charts.together"}

#: module -> the package modules it may import (anything further up the river). A package is named for its
#: __init__.py ("charts"), a module inside it with a dot ("charts.frame").
UPSTREAM = {
    "vocabulary": set(),
    "frames": set(),  # pandas helpers that several stages share
    "wording": {"vocabulary", "frames"},
    "files": set(),
    "processes": set(),  # work in a forked child, for the consistency checks and the charts
    "problems": {"vocabulary"},  # the problems, and where a problem of the file's CSV layout is
    "evidence": {"problems"},
    "cells": {"vocabulary", "problems", "evidence"},
    "load": {"vocabulary", "files", "problems", "evidence", "cells"},
    "datapackage": {"vocabulary", "problems", "evidence", "load"},
    "quotes": {"vocabulary", "frames"},
    # analysis makes no words: findings stay data until the presentation stage
    "analyse": {"vocabulary", "problems", "evidence", "load", "cells", "quotes"},
    "joint": {"vocabulary", "frames", "problems", "evidence", "load", "cells", "quotes", "analyse"},
    "consistency": {"vocabulary", "frames", "problems", "processes", "evidence", "load", "cells", "quotes", "analyse",
                    "joint"},
    "findings": {"vocabulary", "wording", "quotes"},
    "tables": {"vocabulary", "frames", "wording", "problems", "evidence", "load", "cells", "quotes",
               "analyse"},
    "export": {"vocabulary", "wording", "files", "load", "cells", "tables"},
    # the notebooks' prose, escaped; the report that runs the notebooks
    "story": {"vocabulary", "wording", "problems", "evidence", "load", "cells", "quotes", "analyse",
              "datapackage", "tables", "findings"},
    "report": {"vocabulary", "files", "problems", "evidence", "load", "cells", "datapackage",
               "quotes", "analyse"},
    "starter": {"vocabulary", "files", "problems", "evidence", "load", "cells", "datapackage"},
    # the charts package: the frame first, then the charts, then writing them, then the package's names
    "charts.frame": PRESENT,
    **{chart: PRESENT | {"charts.frame"} for chart in CHART_MODULES},
    "charts.writing": PRESENT | {"charts.frame"} | CHART_MODULES,
    "charts": PRESENT | {"charts.frame", "charts.writing"} | CHART_MODULES,
    "cli": {"vocabulary", "wording", "files", "problems", "evidence", "load", "cells", "quotes",
            "datapackage", "analyse", "joint", "consistency", "findings", "tables", "export", "charts", "casualty", "story",
            "report", "starter"},
}


def module_name(path) -> str:
    """'charts.frame' for casualty/charts/frame.py, 'charts' for casualty/charts/__init__.py."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_imports(module: str) -> set[str]:
    """The package modules that ``module`` imports, named as in UPSTREAM ('casualty' for the package itself)."""
    path = PACKAGE.joinpath(*module.split("."))
    path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
    tree = ast.parse(path.read_text(encoding="utf-8"))
    # the package a relative import starts from: the module's own for an __init__.py, else its parent's
    here = ["casualty", *module.split(".")] if path.name == "__init__.py" else ["casualty", *module.split(".")[:-1]]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = here[:len(here) - node.level + 1] if node.level else []
            names = [".".join(base + ([node.module] if node.module else []))]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        for name in names:
            if name == "casualty":
                found.add("casualty")
            elif name.startswith("casualty."):
                found.add(name.removeprefix("casualty."))
    return found


def test_every_module_of_the_package_has_a_place_in_the_river():
    modules = {module_name(p) for p in PACKAGE.rglob("*.py")} - {"__init__", "__main__", ""}
    assert modules == set(UPSTREAM)


@pytest.mark.parametrize("module", sorted(UPSTREAM))
def test_module_imports_only_what_is_upstream_of_it(module):
    assert package_imports(module) <= UPSTREAM[module]


def test_a_module_inside_a_package_is_named_with_a_dot():
    assert package_imports("charts.writing") >= {"charts.frame", "charts.formations", "files"}
