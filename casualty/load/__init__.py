"""Load: a figures file (or a dataset folder) into one checked, typed DataFrame, and its codebook.

The first stage of the river ``figures.csv -> load -> analyse -> present``; it imports only the vocabulary.

>>> import casualty
>>> figures = casualty.load.load_figures()
>>> len(figures) > 0, figures["id"].is_unique
(True, True)
"""

from __future__ import annotations

from casualty.lazy import lazy_names

#: name -> the module of this package that defines it
HOMES = {
    "load_figures": ".read", "bundled_figures_path": ".read", "date_end": ".read",
    "FiguresError": ".problems", "Problem": ".problems",
    "codebook": ".datapackage", "dataset_of": ".datapackage", "founding_article": ".datapackage",
    "figures_schema": ".schema",
}
__all__ = list(HOMES)
__getattr__, __dir__ = lazy_names(__name__, HOMES)
