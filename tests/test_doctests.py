"""Every example in the package's docstrings runs and prints what it says."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import casualty

MODULES = sorted(["casualty", *(f"casualty.{m.name}" for m in pkgutil.walk_packages(casualty.__path__)
                                if m.name != "__main__")])
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


@pytest.mark.parametrize("name", MODULES)
def test_the_examples_of_each_module_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=FLAGS, verbose=False, report=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} failed (run: python -m doctest)"


@pytest.mark.parametrize("name", casualty.__all__)
def test_every_public_function_has_a_docstring_with_an_example(name):
    value = getattr(casualty, name)
    if not callable(value):  # the vocabularies are data
        return
    if name in CHARTS:
        pytest.skip("the chart functions draw: their examples are in the README and notebooks")
    assert ">>> " in (value.__doc__ or ""), f"casualty.{name} has no example in its docstring"


CHARTS = {"deployment_at_a_glance", "casualty_claims_over_time", "implied_rate_by_source", "killed_and_wounded",
          "formations", "forces_compared", "claims_taken_together", "write_charts"}


def test_help_speaks_plain_words():
    text = casualty.__doc__
    assert "river" not in text and "SPEC" not in text
    assert ">>> import casualty" in text
