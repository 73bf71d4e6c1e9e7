"""casualty.codebook(): the codebook (data/datapackage.json) as a table people read."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import casualty
from casualty.load.datapackage import CODEBOOK_COLUMNS, bundled_datapackage_path, codebook, founding_article
from casualty.vocabulary import COLUMNS, METRICS, QUALIFIERS, REQUIRED

from conftest import ROOT

CODEBOOK = ROOT / "data" / "datapackage.json"


@pytest.fixture(scope="module")
def table():
    return codebook()


def test_one_row_per_column_of_the_figures_file_in_order(table):
    assert list(table.columns) == CODEBOOK_COLUMNS
    assert tuple(table["column"]) == COLUMNS


def test_types_and_descriptions_come_from_the_datapackage(table):
    (resource,) = json.loads(CODEBOOK.read_text(encoding="utf-8"))["resources"]
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    assert table.set_index("column")["type"].to_dict() == {n: f["type"] for n, f in fields.items()}
    assert table.set_index("column")["description"].to_dict() == {n: f["description"] for n, f in fields.items()}
    assert table["description"].str.len().gt(20).all()
    assert table.loc[table["column"] == "value", "type"].item() == "number"


def test_required_columns_match_the_vocabulary(table):
    assert set(table.loc[table["required"], "column"]) == set(REQUIRED)


def test_values_list_the_words_a_column_may_use(table):
    values = table.set_index("column")["values"]
    assert values["metric"].split(", ") == list(METRICS)
    assert values["qualifier"].split(", ") == list(QUALIFIERS)
    assert values["quote"] == ""


def test_the_bundled_codebook_is_found_from_any_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert bundled_datapackage_path().resolve() == CODEBOOK.resolve()
    assert len(codebook()) == len(COLUMNS)


def test_another_datapackage_can_be_read(tmp_path):
    descriptor = json.loads(CODEBOOK.read_text(encoding="utf-8"))
    descriptor["resources"][0]["schema"]["fields"] = [{"name": "id", "type": "string"}]
    path = tmp_path / "datapackage.json"
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    table = codebook(path)
    assert table.to_dict("records") == [
        {"column": "id", "title": "", "type": "string", "required": False, "values": "", "description": ""}]


def test_founding_article_names_the_report_its_rows_use():
    article = founding_article()
    assert article["outlet"] == "Kontur" and article["author"] == "Olha Chepil"
    assert article["published"] == "2025-02-07"
    figures = casualty.load_figures()
    rows = figures[figures["report"] == article["report"]]
    # the article was found stored on konturnovosti.com: its 13 rows (lines 2-14) carry its address
    assert article["address"] == ("https://konturnovosti.com/en_GB/articles/gc6/features/2025/02/07/feature-01/"
        "N-Koreas-ignominious-withdrawal-from-Kursk-after-decimation-in-combat")
    assert len(rows) == 13 and (rows["url"] == article["address"]).all()


def test_codebook_is_exported_lazily_and_is_the_function():
    assert "codebook" in casualty.__all__
    assert casualty.codebook is codebook


def test_importing_the_module_first_does_not_shadow_the_function():
    """A submodule named like the function would replace ``casualty.codebook`` once imported."""
    code = ("import casualty.load.datapackage, casualty; t = casualty.codebook(); "
            "import sys; print(callable(casualty.codebook), len(t), 'matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.split() == ["True", str(len(COLUMNS)), "False"]
