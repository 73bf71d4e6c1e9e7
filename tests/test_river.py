"""The river: figures.csv -> load -> analyse -> present. Each module imports only what is upstream of it."""

from __future__ import annotations

import ast

import pytest

from conftest import ROOT

#: module -> the package modules it may import (anything further up the river)
UPSTREAM = {
    "vocabulary": set(),
    "wording": {"vocabulary"},
    "files": set(),
    "problems": set(),
    "records": {"vocabulary", "problems"},
    "evidence": {"problems"},
    "cells": {"vocabulary", "problems", "records", "evidence"},
    "load": {"vocabulary", "problems", "records", "evidence", "cells"},
    "datapackage": {"vocabulary", "problems", "records", "evidence", "load"},
    "quotes": {"vocabulary"},
    # analysis makes no words: findings stay data until the presentation stage
    "analyse": {"vocabulary", "problems", "records", "evidence", "load", "cells", "quotes"},
    "consistency": {"vocabulary", "problems", "records", "evidence", "load", "cells", "quotes", "analyse"},
    "findings": {"vocabulary", "wording", "quotes"},
    "tables": {"vocabulary", "wording", "problems", "records", "evidence", "load", "cells", "quotes", "analyse"},
    "export": {"vocabulary", "wording", "files", "load", "cells", "tables"},
    "charts": {"vocabulary", "wording", "files", "problems", "records", "evidence", "load", "cells", "datapackage",
               "quotes", "analyse", "tables"},
    "cli": {"vocabulary", "wording", "files", "problems", "records", "evidence", "load", "cells", "quotes",
            "datapackage", "analyse", "consistency", "findings", "tables", "export", "charts", "casualty"},
}


def package_imports(module: str) -> set[str]:
    tree = ast.parse((ROOT / "casualty" / f"{module}.py").read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "casualty":
            found.add(node.module.split(".")[1] if "." in node.module else "casualty")
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("casualty.")}
    return found


def test_every_module_of_the_package_has_a_place_in_the_river():
    modules = {p.stem for p in (ROOT / "casualty").glob("*.py")} - {"__init__", "__main__"}
    assert modules == set(UPSTREAM)


@pytest.mark.parametrize("module", sorted(UPSTREAM))
def test_module_imports_only_what_is_upstream_of_it(module):
    assert package_imports(module) <= UPSTREAM[module]
