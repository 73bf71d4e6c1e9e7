"""casualty: reported casualty figures of a war, with their sources, dates and ranges.

The river through the package is ``figures.csv -> load -> analyse -> present``:

>>> import casualty
>>> figures = casualty.load_figures()          # the bundled data, validated and typed
>>> rates = casualty.ratios(figures)           # every ratio, with bounds and the ids behind it

Names are handed on lazily (SPEC 1), so ``import casualty`` costs almost
nothing and never imports matplotlib.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__version__ = "0.2.0"

# public name -> module that defines it
_EXPORTS = {
    "FiguresError": "casualty.load",
    "load_figures": "casualty.load",
    "bundled_figures_path": "casualty.load",
    "codebook": "casualty.datapackage",
    "ratios": "casualty.analyse",
    "estimates_by_source": "casualty.analyse",
    "timeline": "casualty.analyse",
    "check_consistency": "casualty.analyse",
    "quote_agreement": "casualty.quotes",
    "rates_over_denominators": "casualty.analyse",
    "consensus_denominators": "casualty.analyse",
    "focus_subject": "casualty.analyse",
    "divide_intervals": "casualty.analyse",
    "simulate_ratio": "casualty.analyse",
    "summary_text": "casualty.tables",
    "claim_text": "casualty.wording",
    "QUALIFIERS": "casualty.vocabulary",
    "METRICS": "casualty.vocabulary",
    "DEFINITIONS": "casualty.vocabulary",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'casualty' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


if TYPE_CHECKING:  # for type checkers and editors only
    from casualty.analyse import (
        check_consistency, consensus_denominators, divide_intervals, estimates_by_source, focus_subject,
        rates_over_denominators, ratios, simulate_ratio, timeline,
    )
    from casualty.datapackage import codebook
    from casualty.load import FiguresError, bundled_figures_path, load_figures
    from casualty.quotes import quote_agreement
    from casualty.tables import summary_text
    from casualty.wording import claim_text
    from casualty.vocabulary import DEFINITIONS, METRICS, QUALIFIERS
