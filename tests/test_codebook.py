"""The codebook (data/datapackage.json) describes data/figures.csv and stays in step with the vocabularies."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from frictionless import Package

from casualty.vocabulary import COLUMNS, DEFINITIONS, METRICS, QUALIFIERS, REQUIRED, UNITS

DATA = Path(__file__).resolve().parents[1] / "data"
CODEBOOK = DATA / "datapackage.json"
FIGURES = DATA / "figures.csv"

VOCABULARIES = {
    "metric": METRICS,
    "unit": UNITS,
    "qualifier": QUALIFIERS,
    "definition": DEFINITIONS,
}


@pytest.fixture(scope="module")
def codebook() -> dict:
    return json.loads(CODEBOOK.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def fields(codebook) -> dict[str, dict]:
    (resource,) = [r for r in codebook["resources"] if r["name"] == "figures"]
    return {field["name"]: field for field in resource["schema"]["fields"]}


def _validate(descriptor: Path):
    report = Package(str(descriptor)).validate()
    errors = report.flatten(["rowNumber", "fieldName", "type", "message"])
    return report, errors


def test_figures_are_valid_against_the_codebook():
    report, errors = _validate(CODEBOOK)
    if not report.valid:
        print("\n".join(map(str, errors)))
    assert report.valid, errors


def test_the_resource_is_figures_csv(codebook):
    (resource,) = codebook["resources"]
    assert resource["name"] == "figures"
    assert resource["path"] == "figures.csv"
    assert resource["schema"]["primaryKey"] in ("id", ["id"])


def test_field_names_are_the_columns_in_order(fields):
    assert tuple(fields) == COLUMNS


def test_field_order_matches_the_csv_header(fields):
    with FIGURES.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert header == list(fields)


@pytest.mark.parametrize("column", list(VOCABULARIES))
def test_enum_is_the_vocabulary(fields, column):
    assert fields[column]["constraints"]["enum"] == list(VOCABULARIES[column])


@pytest.mark.parametrize("column", list(VOCABULARIES))
def test_every_enum_word_has_a_meaning(fields, column):
    meanings = fields[column]["enumDescriptions"]
    assert list(meanings) == list(VOCABULARIES[column])
    assert all(isinstance(text, str) and text.strip() for text in meanings.values())


def test_meanings_are_the_vocabulary_meanings(fields):
    assert fields["metric"]["enumDescriptions"] == {m: metric.meaning for m, metric in METRICS.items()}
    assert fields["definition"]["enumDescriptions"] == {d: definition.meaning for d, definition in DEFINITIONS.items()}


def test_required_fields_are_the_required_columns(fields):
    required = tuple(name for name, field in fields.items()
                     if field.get("constraints", {}).get("required") is True)
    assert required == REQUIRED


def test_qualifier_rules_are_the_vocabulary_rules(fields):
    rules = fields["qualifier"]["rules"]
    assert [rule["qualifier"] for rule in rules] == list(QUALIFIERS)
    for rule in rules:
        qualifier = QUALIFIERS[rule["qualifier"]]
        assert rule["rule"] == qualifier.rule(), rule["qualifier"]
        assert rule["wording"] == qualifier.wording, rule["qualifier"]


def test_founding_article_is_cited_with_its_address(codebook):
    # the article was found stored on konturnovosti.com: the codebook now gives its address
    (article,) = [s for s in codebook["sources"] if s.get("report") == "kontur-2025-02-07"]
    assert article["title"] == "N. Korea's ignominious withdrawal from Kursk after decimation in combat"
    assert article["author"] == "Olha Chepil"
    assert article["outlet"] == "Kontur"
    assert article["published"] == "2025-02-07"
    assert article["path"] == ("https://konturnovosti.com/en_GB/articles/gc6/features/2025/02/07/feature-01/"
        "N-Koreas-ignominious-withdrawal-from-Kursk-after-decimation-in-combat")


def _edit(rows: list[dict], row: int, column: str, value: str) -> None:
    rows[row][column] = value


def _duplicate_id(rows: list[dict]) -> None:
    rows[1]["id"] = rows[0]["id"]


BAD_EDITS = {  # what is wrong -> (the field frictionless must name, the edit)
    "unknown metric": ("metric", lambda rows: _edit(rows, 0, "metric", "exterminated")),
    "unknown qualifier": ("qualifier", lambda rows: _edit(rows, 0, "qualifier", "roughly")),
    "negative value": ("value", lambda rows: _edit(rows, 0, "value", "-5")),
    "value not a number": ("value", lambda rows: _edit(rows, 0, "value", "11,000")),
    "day-month-year date": ("as_of", lambda rows: _edit(rows, 0, "as_of", "07/02/2025")),
    "url without scheme": ("url", lambda rows: _edit(rows, 0, "url", "www.example.org/a")),
    "blank quote": ("quote", lambda rows: _edit(rows, 0, "quote", "")),
    "duplicate id": ("id", _duplicate_id),
}


@pytest.mark.parametrize("edit", list(BAD_EDITS))
def test_a_bad_file_is_flagged(tmp_path, edit):
    column, change = BAD_EDITS[edit]
    with FIGURES.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    change(rows)
    with (tmp_path / "figures.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    shutil.copy(CODEBOOK, tmp_path / "datapackage.json")

    report, errors = _validate(tmp_path / "datapackage.json")

    assert not report.valid, edit
    assert column in {field for _, field, _, _ in errors}, errors
