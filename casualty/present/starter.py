"""``casualty init DIR``: a dataset folder to start from, valid as it is.

Present stage beside the command. The folder holds ``figures.csv`` (the header
and two example rows, from one invented report), ``datapackage.json`` (the
bundled codebook's full schema, described in words that fit any data, with a
title, description, license and source for the user to replace),
``sources/<report>.txt`` (the example report's excerpt, holding the example
rows' quotes) and a ``README.md`` saying how to add rows. It is written into a
hidden folder beside ``DIR`` and renamed into place, so an interrupted run
leaves nothing half-written.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import secrets
import shutil
from pathlib import Path

from casualty.load.datapackage import _bundled_descriptor, _figures_resource
from casualty.load.read import DATAPACKAGE_FILE, FIGURES_FILE
from casualty.load.schema import figures_schema
from casualty.vocabulary import COLUMNS

#: The example report every example row was read in.
EXAMPLE_REPORT = "example-gazette-2030-01-15"
EXAMPLE_SUBJECT = "Example troops in Example province"
EXAMPLE_ADDRESS = "https://example.org/gazette/2030-01-15"
_COMMON = {"source": "Example Ministry of Defence", "source_role": "defence ministry", "side": "Example country",
           "outlet": "The Example Gazette", "report": EXAMPLE_REPORT, "url": EXAMPLE_ADDRESS,
           "stated": "2030-01-15", "subject": EXAMPLE_SUBJECT, "method": "unstated"}
EXAMPLE_ROWS = [
    {**_COMMON, "id": "example-deployed", "metric": "deployed", "definition": "", "unit": "people",
     "value": "10000", "low": "", "high": "", "qualifier": "about", "as_of": "2030-01", "window_start": "",
     "quote": "about 10,000 troops", "note": "An example row: replace it with a figure of your own."},
    {**_COMMON, "id": "example-casualties", "metric": "casualties", "definition": "killed+wounded",
     "unit": "people", "value": "1200", "low": "", "high": "", "qualifier": "more_than", "as_of": "2030-01-14",
     "window_start": "", "quote": "more than 1,200 of them have been killed or wounded",
     "note": "An example row: replace it with a figure of your own."},
]
EXCERPT = f"""title: Example troops suffer losses (an invented example)
outlet: The Example Gazette
author: A. Reporter
published: 2030-01-15
address: {EXAMPLE_ADDRESS}
read: 2030-01-16
---
The ministry said about 10,000 troops were sent in January.

[...]

By 14 January, more than 1,200 of them have been killed or wounded, the ministry said.
"""
README = """# {name}

A dataset of reported casualty figures for the `casualty` package: one row per number a source gave.

- `figures.csv`: the figures, one row each. The two rows in it are examples: replace them with your own.
- `datapackage.json`: the codebook. Put your title, description, license and sources in it; `"casualty"` names
  the default subject (`subject`) and the report the story starts from (`headline_report`).
- `sources/<report>.txt`: for each report, the passages of the page that the rows quote, verbatim, below a header
  of `title`, `outlet`, `author`, `published`, `address` and `read` lines and a line `---`.

To add a figure:

1. Add a row to `figures.csv` (any spreadsheet or editor; UTF-8, commas): a new `id`, the `report` it was read in,
   its `url`, and in `quote` the number, its hedge and what was counted, as the page words them.
2. Copy the page's passages that hold those words into `sources/<report>.txt`, its address as `address`.
3. Check it: `casualty validate {name}`; fix what it names (file, line, column) until it says `valid`.
4. Draw it: `casualty charts {name} --out {name}-charts`; tell the story: `casualty report {name} --out {name}-report`.
"""


class StarterRefused(ValueError):
    """``casualty init`` will not write here: the folder is not empty, or is a file."""


def starter_descriptor(name: str) -> dict:
    """The codebook of a new dataset: the bundled schema in neutral words, and placeholders to replace."""
    bundled = _bundled_descriptor()
    resource = copy.deepcopy(_figures_resource(bundled))
    resource.pop("hash", None)  # the hash is of the bundled figures.csv
    resource["schema"] = figures_schema()
    resource["description"] = "One row per reported figure, with its source, date and range."
    today = dt.date.today().isoformat()
    return {
        "profile": bundled.get("profile", "tabular-data-package"),
        "name": name.lower().replace(" ", "-") or "casualty-figures",
        "title": f"{name}: reported casualty figures (replace this title)",
        "version": "0.1.0",
        "created": f"{today}T00:00:00Z",
        "description": "What the figures are about, where they were read, and how to read them (replace this).",
        "licenses": copy.deepcopy(bundled.get("licenses", [])),
        "sources": [{"title": "Example troops suffer losses (an invented example)", "author": "A. Reporter",
                     "outlet": "The Example Gazette", "published": "2030-01-15", "report": EXAMPLE_REPORT,
                     "path": EXAMPLE_ADDRESS}],
        "casualty": {"subject": EXAMPLE_SUBJECT, "headline_report": EXAMPLE_REPORT},
        "resources": [resource],
    }


def _figures_csv() -> str:
    def cell(text: str) -> str:
        return f'"{text}"' if any(c in text for c in ',"\n') else text

    lines = [",".join(COLUMNS)] + [",".join(cell(row.get(c, "")) for c in COLUMNS) for row in EXAMPLE_ROWS]
    return "\n".join(lines) + "\n"


def write_starter(folder: str | os.PathLike) -> list[Path]:
    """Write a starting dataset into ``folder`` (new, or an empty folder); return the files written.

    Raises :class:`StarterRefused` when ``folder`` is a file or a folder with anything in it.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise StarterRefused(f"{folder}: is a file, not a folder: name a new folder")
    if folder.is_dir() and any(folder.iterdir()):
        raise StarterRefused(f"{folder}: is not empty; nothing was written. Name a new or empty folder, so that "
                             "no file of yours is overwritten")
    name = folder.resolve().name
    parent = folder.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    building = parent / f".{name}.{secrets.token_hex(6)}.tmp"
    files = {
        FIGURES_FILE: _figures_csv(),
        DATAPACKAGE_FILE: json.dumps(starter_descriptor(name), indent=2, ensure_ascii=False) + "\n",
        f"sources/{EXAMPLE_REPORT}.txt": EXCERPT,
        "README.md": README.format(name=name),
    }
    try:
        (building / "sources").mkdir(parents=True)
        for relative, text in files.items():
            (building / relative).write_text(text, encoding="utf-8", newline="\n")
        if folder.is_dir():
            folder.rmdir()  # empty, as checked; a file put there since makes this fail, and nothing is lost
        os.replace(building, folder)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return [folder / relative for relative in files]
