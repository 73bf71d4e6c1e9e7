"""The codebook (``datapackage.json``) as tables people read.

Load stage, beside :mod:`casualty.load.read`: ``data/datapackage.json`` describes
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

from casualty.load.evidence import read_excerpt, sources_folder
from casualty.load.read import (
    DATAPACKAGE_FILE,
    bundled_data_path,
    bundled_figures_path,
    datapackage_of,
    figures_file_of,
)
from casualty.load.schema import figures_schema

PathLike = Union[str, os.PathLike, None]
#: What names a dataset: a figures file, its folder, its datapackage.json, a loaded frame, or None (the bundled data).
DatasetLike = Union[str, os.PathLike, pd.DataFrame, None]

#: The columns :func:`codebook` returns, in order.
CODEBOOK_COLUMNS = ["column", "title", "type", "required", "values", "description"]

def bundled_datapackage_path() -> Path:
    """The codebook that ships with the package.

    Inside an installed wheel it is ``casualty/data/datapackage.json``; in a
    checkout it is ``data/datapackage.json`` at the top of the repository.
    """
    return bundled_data_path(DATAPACKAGE_FILE)


def codebook_path(dataset: DatasetLike = None) -> Path:
    """The ``datapackage.json`` that describes a dataset (it need not exist).

    >>> codebook_path(None).name
    'datapackage.json'
    """
    if isinstance(dataset, pd.DataFrame):
        dataset = dataset.attrs.get("file")
    if dataset is not None and Path(dataset).suffix == ".json" and not Path(dataset).is_dir():
        return Path(dataset)
    return datapackage_of(dataset)


def _descriptor(dataset: DatasetLike = None) -> dict:
    """The codebook of a dataset as a dict; ``{}`` when it has none or it cannot be read."""
    try:
        descriptor = json.loads(codebook_path(dataset).read_text(encoding="utf-8-sig"))
    except (OSError, ValueError, TypeError):
        return {}
    return descriptor if isinstance(descriptor, dict) else {}


def _bundled_descriptor() -> dict:
    return json.loads(bundled_datapackage_path().read_text(encoding="utf-8"))


def _figures_resource(descriptor: dict) -> dict | None:
    found = [r for r in descriptor.get("resources", []) if isinstance(r, dict) and r.get("name") == "figures"]
    return found[0] if found and isinstance(found[0].get("schema", {}).get("fields"), list) else None


def codebook(path: DatasetLike = None) -> pd.DataFrame:
    """One row per column of the figures file, in file order.

    Columns: ``column`` (its name), ``title``, ``type`` (the Frictionless
    type), ``required``, ``values`` (the allowed words, comma-separated, blank
    for free text) and ``description``. ``path`` is a ``datapackage.json``, a
    figures file or its folder, or a loaded frame: the codebook of that dataset,
    or, when it has none, the bundled schema described in words that fit any
    data (:func:`casualty.load.schema.figures_schema`). ``None`` reads the bundled codebook.

    >>> codebook().loc[:2, ["column", "type"]].to_numpy().tolist()
    [['id', 'string'], ['subject', 'string'], ['metric', 'string']]
    """
    resource = _figures_resource(_descriptor(path))
    fields = resource["schema"]["fields"] if resource else figures_schema()["fields"]
    return pd.DataFrame({
        "column": [f["name"] for f in fields],
        "title": [f.get("title", "") for f in fields],
        "type": [f.get("type", "any") for f in fields],
        "required": [bool(f.get("constraints", {}).get("required", False)) for f in fields],
        "values": [", ".join(f.get("constraints", {}).get("enum", [])) for f in fields],
        "description": [f.get("description", "") for f in fields],
    }, columns=CODEBOOK_COLUMNS)


def dataset_of(dataset: DatasetLike) -> dict:
    """What the codebook of a dataset says of it, and how to name it.

    ``dataset`` is a figures file, its folder, or a loaded frame (``None``: the
    bundled data). The codebook is ``datapackage.json`` beside the figures file.
    Keys: ``title``, ``version``, ``created`` (its day), ``description``,
    ``subject`` and ``headline_report`` (the defaults of the codebook's object
    ``"casualty"``), and ``label``, how charts and the commands name the data:
    for the bundled data ``data/figures.csv, data version 2.1.0``; for another,
    its title (else the file's name) and, when the codebook gives one, its data
    version. Missing facts are ``None``.

    >>> dataset_of(None)["label"]
    'data/figures.csv, data version 2.1.0'
    """
    file = dataset.attrs.get("file") if isinstance(dataset, pd.DataFrame) else dataset
    figures_file = figures_file_of(file) if file is None or not str(file).startswith("<") else Path(str(file))
    bundled = _same_file(figures_file, bundled_figures_path())
    descriptor = _descriptor(None) if bundled else (_descriptor(figures_file) if figures_file.name else {})
    settings = descriptor.get("casualty") if isinstance(descriptor.get("casualty"), dict) else {}
    version, created, title = (_text(descriptor.get(key)) for key in ("version", "created", "title"))
    name = "data/figures.csv" if bundled else (title or figures_file.name)
    return {
        "title": title, "version": version, "created": created[:10] if created else None,
        "label": name + (f", data version {version}" if version else ""),
        "description": _text(descriptor.get("description")),
        "subject": _text(settings.get("subject")), "headline_report": _text(settings.get("headline_report")),
    }


def _text(value) -> str | None:
    return value if isinstance(value, str) and value else None


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def founding_article(path: DatasetLike = None) -> dict | None:
    """The article the collection starts from: title, author, outlet, published, report, address.

    The entry of the codebook's ``sources`` for its headline report
    (``"casualty": {"headline_report": ...}``), else its first entry that names
    a ``report``; ``report`` is the value of the ``report`` column on the rows
    read in it. Facts the entry leaves out are read from the report's excerpt
    (``sources/<report>.txt``) when there is one. ``None`` when the codebook
    names no such article (or there is no codebook). ``path`` is as for
    :func:`codebook`.

    >>> article = founding_article()
    >>> article["outlet"], article["published"], article["report"]
    ('Kontur', '2025-02-07', 'kontur-2025-02-07')
    """
    descriptor = _descriptor(path)
    settings = descriptor.get("casualty") if isinstance(descriptor.get("casualty"), dict) else {}
    sources = [s for s in descriptor.get("sources", []) if isinstance(s, dict) and _text(s.get("report"))]
    wanted = _text(settings.get("headline_report"))
    chosen = [s for s in sources if s["report"] == wanted] or ([] if wanted else sources[:1])
    if not chosen:
        return None
    article = {key: "" for key in ("title", "author", "outlet", "published", "address")}
    excerpt = excerpt_header(codebook_path(path).parent, chosen[0]["report"])
    article.update({key: value for key, value in excerpt.items() if key in article and value})
    article.update({key: value for key, value in chosen[0].items() if isinstance(value, str) and value})
    return article


def excerpt_header(folder: Path, report: str) -> dict:
    """The header of ``sources/<report>.txt`` in a dataset folder (title, outlet, author, published, address), or
    ``{}`` when there is none or it cannot be read."""
    excerpt = read_excerpt(sources_folder(folder / "figures.csv") / f"{report}.txt")
    return dict(excerpt.header) if hasattr(excerpt, "header") else {}
