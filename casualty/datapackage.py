"""The codebook (``datapackage.json``) as tables people read.

Load stage, beside :mod:`casualty.load`: ``data/datapackage.json`` describes
every column of the figures file for machines (a Frictionless Data Package);
:func:`codebook` turns it into a DataFrame and :func:`founding_article` returns
the article the collection starts from.

The module is not named ``codebook`` on purpose: a submodule of that name
would, once imported, shadow the function ``casualty.codebook``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Union

import pandas as pd

from casualty.load import bundled_data_path, bundled_figures_path

PathLike = Union[str, os.PathLike, None]

#: The columns :func:`codebook` returns, in order.
CODEBOOK_COLUMNS = ["column", "title", "type", "required", "values", "description"]


def bundled_datapackage_path() -> Path:
    """The codebook that ships with the package.

    Inside an installed wheel it is ``casualty/data/datapackage.json``; in a
    checkout it is ``data/datapackage.json`` at the top of the repository.
    """
    return bundled_data_path("datapackage.json")


def _descriptor(path: PathLike = None) -> dict:
    return json.loads(Path(path or bundled_datapackage_path()).read_text(encoding="utf-8"))


def codebook(path: PathLike = None) -> pd.DataFrame:
    """One row per column of the figures file, in file order.

    Columns: ``column`` (its name), ``title``, ``type`` (the Frictionless
    type), ``required``, ``values`` (the allowed words, comma-separated, blank
    for free text) and ``description``. ``path`` is a ``datapackage.json``;
    ``None`` reads the bundled one.

    >>> codebook().loc[:2, ["column", "type"]].to_numpy().tolist()
    [['id', 'string'], ['subject', 'string'], ['metric', 'string']]
    """
    (resource,) = [r for r in _descriptor(path)["resources"] if r["name"] == "figures"]
    fields = resource["schema"]["fields"]
    return pd.DataFrame({
        "column": [f["name"] for f in fields],
        "title": [f.get("title", "") for f in fields],
        "type": [f.get("type", "any") for f in fields],
        "required": [bool(f.get("constraints", {}).get("required", False)) for f in fields],
        "values": [", ".join(f.get("constraints", {}).get("enum", [])) for f in fields],
        "description": [f.get("description", "") for f in fields],
    }, columns=CODEBOOK_COLUMNS)


def dataset_of(figures_file: PathLike) -> dict:
    """What the codebook beside a figures file says of the data: ``title``, ``version``, ``created``, ``label``.

    The codebook is ``datapackage.json`` in the figures file's folder (for the
    bundled data, the bundled codebook). ``label`` is how charts and the command
    name the data: the file (``data/figures.csv`` for the bundled data) and,
    when the codebook gives one, the data version, e.g. ``data/figures.csv,
    data version 2.0.0``. Missing facts are ``None``.

    >>> dataset_of(None)["label"]
    'data/figures.csv, data version 2.0.0'
    """
    figures_file = Path(figures_file) if figures_file else bundled_figures_path()
    bundled = figures_file.resolve() == bundled_figures_path().resolve()
    codebook_path = bundled_datapackage_path() if bundled else figures_file.parent / "datapackage.json"
    try:
        descriptor = json.loads(codebook_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        descriptor = {}
    version = descriptor.get("version")
    created = descriptor.get("created")
    name = "data/figures.csv" if bundled else figures_file.name
    return {
        "title": descriptor.get("title"), "version": version, "created": created[:10] if created else None,
        "label": name + (f", data version {version}" if version else ""),
    }


def founding_article(path: PathLike = None) -> dict:
    """The article the collection starts from: title, author, outlet, published, report.

    The first entry of the codebook's ``sources``; ``report`` is the value of
    the ``report`` column on the rows read in it.

    >>> article = founding_article()
    >>> article["outlet"], article["published"], article["report"]
    ('Kontur', '2025-02-07', 'kontur-2025-02-07')
    """
    article = dict(_descriptor(path)["sources"][0])
    article.setdefault("author", "")
    return article
