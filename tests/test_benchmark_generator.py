"""The benchmarks' generator of realistic claims makes files the loader takes as they are (a smoke test, tiny n)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from casualty import load_figures

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
generate = pytest.importorskip("generate")


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    return load_figures(generate.write_figures(3000, tmp_path_factory.mktemp("generated") / "figures.csv"))


def test_every_generated_row_loads(generated):
    assert len(generated) == 3000
    assert generated["id"].is_unique


def test_reports_hold_one_to_six_figures(generated):
    sizes = generated.groupby("report", observed=True).size()
    assert sizes.min() == 1 and sizes.max() == 6


def test_dates_of_every_precision_and_period_figures(generated):
    assert set(generated["as_of_precision"].astype(str)) == {"day", "month", "year"}
    assert generated["window_start"].notna().any()


def test_the_same_seed_gives_the_same_file():
    assert generate.realistic_figures(500).equals(generate.realistic_figures(500))
