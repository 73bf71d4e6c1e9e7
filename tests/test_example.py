"""The example of another war, examples/russian-casualties: every command on it, and what it holds, by hand.

The numbers below are read off examples/russian-casualties/figures.csv.
"""

from __future__ import annotations

import json

import pytest

from casualty import check_consistency, joint_bounds, load_figures
from casualty.load import dataset_of

from conftest import ROOT, run_casualty

EXAMPLE = ROOT / "examples" / "russian-casualties"


@pytest.fixture(scope="module")
def figures():
    return load_figures(EXAMPLE)


def test_validate_checks_every_quote_against_its_excerpt():
    result = run_casualty("validate", "examples/russian-casualties", "--strict")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ("examples/russian-casualties/figures.csv: valid: 43 figures from 23 reports by "
                                     "13 sources, describing 2022-02 to 2025-08; data version 1.0.0")


@pytest.mark.parametrize("command", [("summary",), ("export", "--format", "json"), ("export", "--format", "csv"),
                                     ("export", "--format", "markdown")])
def test_every_command_runs_on_it(command, tmp_path):
    out = ["--out", str(tmp_path / "out")] if command[0] == "export" else []
    result = run_casualty(*command, str(EXAMPLE), *out)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_export_json_keeps_every_row(tmp_path):
    result = run_casualty("export", str(EXAMPLE), "--format", "json", "--out", str(tmp_path / "f.json"))
    assert result.returncode == 0, result.stderr
    exported = json.loads((tmp_path / "f.json").read_text(encoding="utf-8"))
    rows = exported["figures"] if isinstance(exported, dict) else exported
    assert len(rows) == 43


def test_charts_draws_every_chart_with_its_alt_text(tmp_path):
    result = run_casualty("charts", str(EXAMPLE), "--out", str(tmp_path), timeout=300)
    assert result.returncode == 0, result.stderr
    from casualty.present.charts import CHARTS

    assert len(list(tmp_path.glob("*.png"))) == len(CHARTS) and len(list(tmp_path.glob("*.txt"))) == len(CHARTS)


def test_the_dataset_names_itself_and_its_subject(figures):
    about = dataset_of(EXAMPLE)
    assert about["label"] == "Russian military casualties in Ukraine, 2022-2025: claims by source, data version 1.0.0"
    assert (about["subject"], about["headline_report"]) == ("Russian forces in Ukraine", "scmp-2023-12-13")


def test_counts_of_names_are_their_own_metric_never_an_estimate_of_the_killed(figures):
    named = figures[figures["metric"] == "killed_confirmed"]
    # Mediazona and BBC Russian: 9 running counts of names of Russian forces, 1 of names added over two weeks, 2 of
    # inmates
    assert len(named) == 12 and set(named["source"]) == {"Mediazona and BBC Russian"}
    assert joint_bounds(figures, metric="killed")["source"].isin(["Mediazona and BBC Russian"]).sum() == 0


def test_the_killed_claims_taken_together(figures):
    bounds = joint_bounds(figures, metric="killed")
    outside = bounds[bounds["consistent"] != "yes"]
    # Russia's own 1,351 of 25 March 2022 against the DIA's 2,000-4,000 of that month (placed at 9 March, when it
    # was stated); the US officials' up to 120,000 (96,000-120,000) of August 2023 against the UK's about 70,000
    # (63,000-77,000) of November 2023: either of each pair can hold, not both
    assert list(zip(outside["id"], outside["consistent"], outside["conflicts_with"])) == [
        ("berrier-2022-03-killed", "tie", ("rumod-2022-03-25-killed",)),
        ("usofficials-2023-08-18-killed", "tie", ("ukmod-2023-11-killed",))]
    last = bounds.iloc[-1]
    assert (last["id"], last["joint_low"], last["joint_high"]) == ("ukmod-2025-06-12-killed", 225000, 275000)


def test_the_casualty_claims_all_fit_one_rising_count(figures):
    bounds = joint_bounds(figures)
    # 11 running totals of killed or wounded, from Kahl's 70,000-80,000 (2022-08-08) to the General Staff's more
    # than 1,000,000 (2025-08-08)
    assert bounds.attrs["definition"] == "killed+wounded" and (bounds["consistent"] == "yes").sum() == 11


def test_no_check_but_the_two_ties_and_one_quote_is_flagged(figures):
    checks = check_consistency(figures)
    flagged = checks[checks["status"] == "flag"]
    assert sorted(zip(flagged["rule"], flagged["figure_ids"])) == [
        # Kahl's "70 or 80,000": the quote's number is read as 70
        ("quote_agrees", ("kahl-2022-08-08-casualties",)),
        ("running_totals_fit_together", ("berrier-2022-03-killed", "rumod-2022-03-25-killed")),
        ("running_totals_fit_together", ("usofficials-2023-08-18-killed", "ukmod-2023-11-killed")),
    ]
