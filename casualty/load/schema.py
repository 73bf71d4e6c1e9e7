"""The codebook's schema and the README's vocabulary tables, written from :mod:`casualty.vocabulary`.

Load stage. ``vocabulary.py`` is the one place a column, a word or a rule is
defined; every ``datapackage.json`` of the repository (the bundled data, the
examples, the test datasets, and the one ``casualty init`` writes) holds the
same schema for machines, and the README renders it for people. Both are
written by one command, run from the top of the repository after a change to
the vocabulary::

    python -m casualty.load.schema            # rewrite every copy
    python -m casualty.load.schema --check    # list the stale copies, exit 1 if any

A dataset's own prose (title, description, sources, licence) is kept; only the
``schema`` of its ``figures`` resource is rewritten, with the ``hash`` and
``bytes`` of its figures file.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

from casualty.vocabulary import (
    COLUMN_RECORDS,
    COLUMNS,
    DATE_COLUMNS,
    DEFINITIONS,
    METHODS,
    METRICS,
    NUMBER_COLUMNS,
    QUALIFIERS,
    REQUIRED,
    UNIQUE,
    UNIT_MEANINGS,
    UNITS,
    URL_PATTERN,
)
from casualty.vocabulary import DATE_PATTERN as _DATE_PATTERN

#: column -> the words it may take and what each means
_WORDS = {
    "metric": {name: m.meaning for name, m in METRICS.items()},
    "definition": {name: d.meaning for name, d in DEFINITIONS.items()},
    "unit": {name: UNIT_MEANINGS[name] for name in UNITS},
    "method": {name: m.meaning for name, m in METHODS.items()},
    "qualifier": {name: f"the source wrote: {q.wording}; range {q.rule()}" for name, q in QUALIFIERS.items()},
}


def schema_field(name: str) -> dict:
    """One field of the Frictionless schema: its name, type, title, description, words and constraints."""
    record = COLUMN_RECORDS[name]
    field: dict = {"name": name, "type": record.type, "title": record.title, "description": record.description}
    if name in _WORDS:
        field["enumDescriptions"] = _WORDS[name]
    if name == "qualifier":
        field["rules"] = [{"qualifier": q.name, "wording": q.wording, "rule": q.rule()} for q in QUALIFIERS.values()]
    constraints: dict = {}
    if name in REQUIRED:
        constraints["required"] = True
    if name in UNIQUE:
        constraints["unique"] = True
    if name in _WORDS:
        constraints["enum"] = list(_WORDS[name])
    if name in NUMBER_COLUMNS:
        constraints["minimum"] = 0
    if name in DATE_COLUMNS:
        constraints["pattern"] = _DATE_PATTERN
    if name == "url":
        constraints["pattern"] = URL_PATTERN
    if constraints:
        field["constraints"] = constraints
    return field


def figures_schema() -> dict:
    """The schema of a figures file, as a Frictionless Table Schema.

    >>> [f["name"] for f in figures_schema()["fields"]][:3]
    ['id', 'subject', 'metric']
    """
    return {"fields": [schema_field(name) for name in COLUMNS], "missingValues": [""], "primaryKey": "id",
            # a relay and a revision name a row of the same file
            "foreignKeys": [{"fields": column, "reference": {"resource": "", "fields": "id"}}
                            for column in ("repeats", "revises")]}


def with_schema(descriptor: dict, figures_file: Path | None = None) -> dict:
    """``descriptor`` with the schema of its ``figures`` resource written from the vocabulary, and, given the
    figures file, its ``hash`` (sha256) and ``bytes`` written from the file."""
    for resource in descriptor.get("resources", []):
        if isinstance(resource, dict) and resource.get("name") == "figures":
            resource["schema"] = figures_schema()
            if figures_file is not None and figures_file.is_file():
                data = figures_file.read_bytes()
                resource["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
                resource["bytes"] = len(data)
    return descriptor


def codebook_text(descriptor: dict) -> str:
    """A codebook as the repository keeps it: two-space JSON, UTF-8 as is, one line break at the end."""
    return json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"


# ---- the README's tables -------------------------------------------------------------------------------------------

def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _kind(name: str) -> str:
    record = COLUMN_RECORDS[name]
    kind = "word" if name in _WORDS else {"number": "number >= 0"}.get(record.type, "text")
    if name in DATE_COLUMNS:
        kind = "date"
    if name == "url":
        kind = "web address"
    return ", ".join([kind] + ["required"] * (name in REQUIRED) + ["unique"] * (name in UNIQUE))


def readme_tables() -> dict[str, str]:
    """The generated vocabulary blocks of a page for people (the dataset's README), by name: ``columns`` and
    ``qualifiers``."""
    columns = ["| column | meaning | type |", "|---|---|---|"] + [
        f"| `{name}` | {_cell(COLUMN_RECORDS[name].description)} | {_kind(name)} |" for name in COLUMNS]
    columns += ["", "| metric | what it counts |", "|---|---|"] + [
        f"| `{name}` | {_cell(m.meaning)} |" for name, m in METRICS.items()]
    columns += ["", "| definition | what was counted |", "|---|---|"] + [
        f"| `{name}` | {_cell(d.meaning)} |" for name, d in DEFINITIONS.items()]
    qualifiers = ["| qualifier | words it stands for | low - high |", "|---|---|---|"] + [
        f"| `{q.name}` | {_cell(q.wording)} | {q.rule()} |" for q in QUALIFIERS.values()]
    return {"columns": "\n".join(columns), "qualifiers": "\n".join(qualifiers)}


def _block(name: str) -> re.Pattern:
    return re.compile(rf"(<!-- vocabulary: {name} -->\n)(?:.*?\n)?(<!-- end of vocabulary: {name} -->)", re.S)


def with_readme_tables(readme: str) -> str:
    """``readme`` with each generated block between its markers written anew."""
    for name, table in readme_tables().items():
        readme = _block(name).sub(lambda m, table=table: m.group(1) + table + "\n" + m.group(2), readme)
    return readme


# ---- the command ---------------------------------------------------------------------------------------------------

def written_files(root: Path) -> dict[Path, str]:
    """Every codebook at ``root`` that is written from the vocabulary, with the text it should hold: a dataset
    folder's, or in the repository every one (the tables for people are :mod:`casualty.present.docs`')."""
    wanted: dict[Path, str] = {}
    dataset = (root / "datapackage.json").is_file()
    codebooks = [root / "datapackage.json"] if dataset else sorted(
        [root / "data" / "datapackage.json", *root.glob("examples/*/datapackage.json"),
         *root.glob("tests/data/*/datapackage.json")])
    for path in codebooks:
        if path.is_file():
            descriptor = json.loads(path.read_text(encoding="utf-8"))
            wanted[path] = codebook_text(with_schema(descriptor, path.parent / "figures.csv"))
    return wanted


def stale_files(root: Path, written=written_files) -> list[Path]:
    """The files of ``written(root)`` (by default :func:`written_files`) whose text is not what it should be."""
    return [path for path, text in written(root).items() if path.read_text(encoding="utf-8") != text]


def refresh(argv: list[str] | None, written=written_files, command: str = "python -m casualty.load.schema") -> int:
    """A command that writes the stale files of ``written(ROOT)`` anew, or with ``--check`` names them and exits
    1: ``COMMAND [--check] [ROOT]``, ROOT the current folder by default."""
    args = list(sys.argv[1:] if argv is None else argv)
    check = "--check" in args
    rest = [a for a in args if a != "--check"]
    root = Path(rest[0]) if rest else Path.cwd()
    wanted = written(root)
    stale = [path for path, text in wanted.items() if path.read_text(encoding="utf-8") != text]
    for path in stale:
        if check:
            print(f"{path}: stale; run `{command}` from the top of the repository")
        else:
            path.write_text(wanted[path], encoding="utf-8", newline="\n")
            print(f"wrote {path}")
    return 1 if check and stale else 0


def main(argv: list[str] | None = None) -> int:
    """``python -m casualty.load.schema [--check] [ROOT]``: rewrite (or, with ``--check``, list) the stale copies."""
    return refresh(argv)


if __name__ == "__main__":
    raise SystemExit(main())
