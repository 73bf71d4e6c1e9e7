"""The papers a researcher looks for: the data version, the changelog, the citation file, the README's tables."""

from __future__ import annotations

import csv
import hashlib
import json
import re
import tomllib

import yaml

from casualty.analyse.quotes import quote_agreement
from casualty.load.evidence import read_excerpts
from casualty.load.read import load_figures

from conftest import DATA, ROOT

DATAPACKAGE = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
CHANGELOG = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")
DATA_README = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
CODE_VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
DATA_ENTRY = re.compile(r"^### Data (?P<version>\d+\.\d+\.\d+) \((?P<date>\d{4}-\d{2}-\d{2})\)\n\n"
                        r"figures\.csv sha256: (?P<hash>[0-9a-f]{64})$", re.M)


def sha256_of_the_data() -> str:
    return hashlib.sha256(DATA.read_bytes()).hexdigest()


def rows() -> list[dict]:
    with DATA.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


# --- the data has a version ---------------------------------------------------------

def test_the_codebook_gives_the_data_a_version_and_a_date():
    assert re.fullmatch(r"\d+\.\d+\.\d+", DATAPACKAGE["version"])
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T00:00:00Z", DATAPACKAGE["created"])


def test_the_codebook_holds_the_hash_of_figures_csv():
    (resource,) = [r for r in DATAPACKAGE["resources"] if r["name"] == "figures"]
    assert resource["hash"] == f"sha256:{sha256_of_the_data()}", (
        "data/figures.csv changed: bump the data version in data/datapackage.json, put the new hash there "
        "and add an entry to CHANGELOG.md (see CONTRIBUTING.md)")


def test_the_changelog_entry_of_the_current_data_version_names_this_very_file():
    entries = {m["version"]: m for m in DATA_ENTRY.finditer(CHANGELOG)}
    entry = entries.get(DATAPACKAGE["version"])
    assert entry is not None, f"CHANGELOG.md has no '### Data {DATAPACKAGE['version']}' entry"
    assert entry["hash"] == sha256_of_the_data(), (
        "figures.csv is not the file the changelog entry of its version describes: a changed file needs a new "
        "data version and its own entry")
    assert entry["date"] == DATAPACKAGE["created"][:10]


def test_every_data_version_describes_one_file_and_every_file_one_version():
    entries = list(DATA_ENTRY.finditer(CHANGELOG))
    assert len(entries) >= 2
    assert len({m["version"] for m in entries}) == len(entries)
    assert len({m["hash"] for m in entries}) == len(entries)
    # newest first
    versions = [tuple(int(p) for p in m["version"].split(".")) for m in entries]
    assert versions == sorted(versions, reverse=True)


def test_the_changelog_has_an_entry_for_the_code_version():
    assert f"### {CODE_VERSION} (" in CHANGELOG


def test_charts_and_validate_name_the_data_version():
    from casualty.load.datapackage import dataset_of

    assert dataset_of(None)["label"] == f"data/figures.csv, data version {DATAPACKAGE['version']}"


# --- CITATION.cff ---------------------------------------------------------------------

def citation() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def test_the_citation_file_parses_and_names_the_current_versions():
    cff = citation()
    assert cff["cff-version"] == "1.2.0"
    assert cff["version"] == CODE_VERSION
    assert cff["license"] == "MIT"
    (data,) = [r for r in cff["references"] if r["type"] == "data"]
    assert (data["version"], data["license"]) == (DATAPACKAGE["version"], "CC-BY-4.0")
    assert all(r["title"] and r["authors"] for r in cff["references"])


def test_the_citation_file_credits_every_source_page():
    cff = citation()
    excerpts, _ = read_excerpts(ROOT / "data" / "sources")
    credited = {r.get("url") or r["title"] for r in cff["references"] if r["type"] != "data"}
    expected = {e.address or e.header["title"] for e in excerpts.values()}
    assert credited == expected


# --- CONTRIBUTING.md ------------------------------------------------------------------

def test_the_contributing_guide_says_how_to_add_a_claim_run_the_tests_and_record_a_correction():
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert 'pip install -e ".[test]" && python -m pytest' in guide
    assert "data/sources/<report>.txt" in guide
    assert "A corrected row keeps its `id`" in guide
    assert "CHANGELOG.md" in guide


# --- the README's tables follow the data --------------------------------------------------

def test_the_readme_sample_row_shows_every_column_of_a_real_row():
    sample = dict(re.findall(r"^\| `(\w+)` \| (.*?) \|$", DATA_README.split("A sample row", 1)[1].split("##", 1)[0],
                             re.M))
    (row,) = [r for r in rows() if r["id"] == sample["id"]]
    assert list(sample) == list(row)
    assert sample == {k: v.replace("|", "\\|") for k, v in row.items()}


def test_the_readme_lists_every_report_with_its_rows():
    listed = dict(re.findall(r"^\| `([\w.-]+)` \| [^|]* \| [^|]* \| (\d+) \|", DATA_README, re.M))
    counts: dict[str, int] = {}
    for row in rows():
        counts[row["report"]] = counts.get(row["report"], 0) + 1
    assert {k: int(v) for k, v in listed.items()} == counts
    assert f"The {len(counts)} reports" in DATA_README


def test_the_readme_gives_the_quote_checks_counts_as_computed():
    counts = quote_agreement(load_figures())["status"].value_counts()
    expected = f"**{counts.get('ok', 0)} ok, {counts.get('flag', 0)} flagged, {counts.get('unchecked', 0)} unchecked**"
    assert expected in DATA_README.replace("\n", " ")


def test_the_readme_points_to_the_api_reference_instead_of_listing_the_api():
    # the reference is made from the docstrings (tests/test_api_docs.py); the README says how to build it
    assert "API reference: `python docs/reference.py`" in README
    assert (ROOT / "docs" / "reference.py").is_file()
    assert "### The API" not in README


def test_the_readme_gallery_shows_every_chart_with_its_alt_text():
    from casualty.present.charts.gallery import END, START, gallery

    shown = README.split(START + "\n", 1)[1].split("\n" + END, 1)[0]
    assert shown == gallery(ROOT / "charts"), (
        "README.md's chart gallery is stale: run `casualty charts`, then `python -m casualty.present.docs`")


def test_no_generated_page_is_stale():
    from casualty.present.docs import stale_pages

    assert [str(p.relative_to(ROOT)) for p in stale_pages(ROOT)] == [], "run `python -m casualty.present.docs`"


def test_the_readme_is_for_people_under_15_kb():
    assert len(README.encode("utf-8")) < 15_000
    assert README.index("## Your own war in five commands") < README.index("## Set up")
