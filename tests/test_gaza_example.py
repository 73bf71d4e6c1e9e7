"""The example of a death toll, examples/gaza-deaths: what validate, the charts and the analyses make of it, by hand.

The numbers below are read off examples/gaza-deaths/figures.csv (1.0.0): 50 rows, 28 reports, 15 sources, as_of
from 2022 (the population figures) to 2025-11 (the ministry's latest total). The focus subject is People in Gaza
(34 of the 50 rows) and the focus metric killed (25 of its rows, against 6 of deaths and 3 of population).
"""

from __future__ import annotations

import pytest

from casualty import joint_bounds, load_figures
from casualty.analyse.competing import competing_estimates

from conftest import ROOT, run_casualty

EXAMPLE = ROOT / "examples" / "gaza-deaths"


@pytest.fixture(scope="module")
def figures():
    return load_figures(EXAMPLE)


def test_validate_passes_and_says_what_the_file_holds():
    result = run_casualty("validate", "examples/gaza-deaths")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == ("examples/gaza-deaths/figures.csv: valid: 50 figures from 28 reports by "
                                             "15 sources, describing 2022 to 2025-11; data version 1.0.0")


def test_charts_draws_the_three_charts_a_death_toll_has(tmp_path):
    result = run_casualty("charts", str(EXAMPLE), "--out", str(tmp_path), timeout=300)
    assert result.returncode == 0, result.stderr
    # a death toll has claims over time (2), running totals to put together (7) and competing estimates (8); no row
    # is deployed, casualties, wounded or units, and no report gives two forces' troops: the other five say so
    assert sorted(p.stem for p in tmp_path.glob("*.png")) == [
        "02-casualty-claims-over-time", "07-claims-taken-together", "08-competing-estimates"]
    assert result.stdout.splitlines()[-6:] == [
        "3 charts written; 5 not drawn:",
        "  01-deployment-at-a-glance: No report gives both a deployed and a casualty figure for one group "
        "(0 reports give deployed figures, 0 casualty figures)",
        "  03-implied-rate-by-source: No casualty claim about People in Gaza has a deployed figure to divide by",
        "  04-killed-and-wounded: No source gave both killed and wounded for People in Gaza",
        "  05-formations: No figure in the data counts formations of troops",
        "  06-forces-compared: No report gives the troops of two forces in the same place"]


def test_competing_estimates_of_the_killed_are_each_sources_latest_lowest_first(figures):
    rows = competing_estimates(figures, "People in Gaza", "killed")
    # each source's latest standing running total of the killed among People in Gaza for each way it was made (a
    # count of names and a recorded total are two figures); relays merged (Reuters' Haq, Hurriyet's Lancet,
    # Haaretz's survey), period figures out (OHCHR's verified 8,119 since 2023-11, the 241 since the ceasefire). By
    # best: Haq's identified 24,686; Tedros's more than 30,000; OCHA's 34,622; the UN's more than 35,000; the PCBS's
    # recorded 45,484 and its estimated more than 55,000; the ministry's latest list of names, 55,202 (2025-06);
    # the Lancet study's 64,260; the ministry's latest recorded total, 68,875 (2025-11); the survey's 75,200
    assert rows["id"].tolist() == [
        "un-haq-2024-05-13-identified", "who-tedros-2024-02", "ocha-2024-05-13-total", "un-2024-05-13-total",
        "pcbs-2024-12-31-killed", "pcbs-2024-12-31-presumed-dead", "moh-list-2025-named",
        "jamaluddine-2025-01-09-study", "moh-2025-11-total", "gms-2025-violent"]
    # counts of names or records are floors: Haq's named list, OCHA's, the UN's, the PCBS's and the ministry's
    assert rows.loc[rows["floor"], "id"].tolist() == [
        "un-haq-2024-05-13-identified", "ocha-2024-05-13-total", "un-2024-05-13-total", "pcbs-2024-12-31-killed",
        "moh-list-2025-named", "moh-2025-11-total"]


def test_every_running_total_of_the_killed_fits_one_rising_count(figures):
    bounds = joint_bounds(figures)
    # 20 running totals of the killed about People in Gaza: the 12 of the ministry (9 recorded totals, 3 named
    # lists, ...), Tedros, OCHA, Haq, the UN, the two of the PCBS, the Lancet study and the survey (relays, the two
    # period figures left out). Every count of names or records and every "more than" bounds from below only, so
    # only the study (55,298-78,525, 2024-06-30) and the survey (63,600-86,800, 2025-01-05) have a high: no low
    # before either passes it (the highest, the PCBS's 55,000 of 2024-12, is below 86,800). All 20 fit
    assert (bounds.attrs["metric"], bounds.attrs["subject"], bounds.attrs["largest"], len(bounds)) == (
        "killed", "People in Gaza", 20, 20)
    last = bounds.iloc[-1]
    # at 2025-11: the ministry's 68,875 is the highest low, and no high comes after
    assert (last["id"], last["joint_low"], last["joint_high"]) == ("moh-2025-11-total", 68875, float("inf"))


def test_a_death_rate_over_a_recorded_count_is_a_floor_and_says_so(figures):
    from casualty.analyse.claims import ratios
    from casualty.present.tables import ratio_table

    rates = ratios(figures)
    # the ministry's recorded 38,193 over the Lancet letter's 2,375,259 people: 1.6%, and a recorded count is a
    # floor; the bureau's recorded 45,484 over its about 2,100,000 (1,890,000-2,310,000): 2.2%, at least 1.9%;
    # the letter's projection of at least 186,000 deaths over its population: 7.8%, two methods
    assert rates[["numerator_method", "denominator_method", "numerator_floor", "denominator_floor"]].values.tolist() \
        == [["recorded", "estimate", True, False], ["recorded", "estimate", True, False],
            ["projection", "estimate", False, False]]
    table = ratio_table(rates, figures)
    assert table[["estimate", "range"]].values.tolist() == [
        ["at least 1.6%", ""], ["at least 2.2%", "1.9% or more"], ["7.8%", "7.8%-9.8%"]]
    assert table["made"].tolist() == [
        "The numerator is a recorded count, a floor: the ratio can only be higher.",
        "The numerator is a recorded count, a floor: the ratio can only be higher.",
        "Its two figures were made differently: projection over estimate."]
