"""Every codebook's schema and the codebook page's tables are written from the vocabulary, and kept so."""

from __future__ import annotations

import json

from casualty.load import schema
from casualty.vocabulary import COLUMNS, QUALIFIERS

from conftest import ROOT


def test_no_copy_of_the_vocabulary_in_the_repository_is_stale():
    stale = [str(p.relative_to(ROOT)) for p in schema.stale_files(ROOT)]
    assert stale == [], "run `python -m casualty.load.schema` from the top of the repository"


def test_the_command_rewrites_a_stale_codebook_and_then_finds_nothing(tmp_path, capsys):
    (tmp_path / "data").mkdir()
    descriptor = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"][0]["schema"]["fields"][2]["constraints"]["enum"].remove("killed")
    (tmp_path / "data" / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    assert schema.main(["--check", str(tmp_path)]) == 1
    assert "data/datapackage.json: stale" in capsys.readouterr().out
    assert schema.main([str(tmp_path)]) == 0
    assert schema.main(["--check", str(tmp_path)]) == 0
    fields = json.loads((tmp_path / "data" / "datapackage.json").read_text(encoding="utf-8"))["resources"][0]
    assert "killed" in fields["schema"]["fields"][2]["constraints"]["enum"]
    assert fields["title"] == descriptor["resources"][0]["title"]


def test_the_schema_has_a_field_per_column_and_a_rule_per_qualifier():
    fields = schema.figures_schema()["fields"]
    assert [f["name"] for f in fields] == list(COLUMNS)
    qualifier = fields[COLUMNS.index("qualifier")]
    assert [r["qualifier"] for r in qualifier["rules"]] == list(QUALIFIERS)
    assert qualifier["rules"][1] == {"qualifier": "about",
                                     "wording": "about, around, approximately, roughly, some, likely about, in the vicinity of",
                                     "rule": "[0.9 x value, 1.1 x value]"}


def test_the_readme_renders_the_qualifier_rule():
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    assert "| `more_than` | more than, over, exceeded, surpassed, surpasses | [value, 1.25 x value] |" in readme
