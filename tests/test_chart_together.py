"""Chart 7, claims taken together: what it draws, from casualty.analyse.joint.joint_bounds, by hand from data/figures.csv."""

from __future__ import annotations

import math

import pytest

from casualty import load_figures
from casualty.present.charts.together import claims_taken_together, prepare_claims_taken_together

from conftest import ROOT
from test_analyse import figures_from, row


@pytest.fixture(scope="module")
def bundled():
    return prepare_claims_taken_together(load_figures())


def test_the_band_runs_from_each_consistent_claim_to_the_next(bundled):
    band = bundled.band
    # from a claim's date to the next one's: the highest low so far, the lowest high of the claims to come
    assert [(d.strftime("%Y-%m-%d"), lo, hi) for d, lo, hi in zip(band["at"][:4], band["low"][:4],
                                                                  band["high"][:4])] == [
        ("2024-12-17", 300, 1210),    # the US official's several hundred, then the JCS's up to 1,210
        ("2024-12-23", 990, 3800),    # the JCS's about 1,100, then Zelenskyy's 3,800
        ("2025-01-05", 3800, 4000),
        ("2025-01-09", 4000, 4400),   # Zelenskyy's 4,000, then Budanov's about 4,000 (up to 4,400)
    ]
    # and the last bounds, drawn a little past the last claim
    assert band[["low", "high"]].iloc[-2:].to_numpy().tolist() == [[4500, 5170], [4500, 5170]]


def test_the_claims_outside_the_set_are_named_in_date_order(bundled):
    assert bundled.named["id"].tolist() == ["zelenskyy-2024-12-23-casualties", "nis-2025-01-13-casualties"]
    assert bundled.named["consistent"].tolist() == ["tie", "no"]


def test_the_subtitle_names_the_claims_the_last_bounds_rest_on(bundled):
    assert bundled.subtitle.endswith(
        "At 2025-04-30 it rests on General Staff of the Armed Forces of Ukraine's more than 4,500 (2025-04-26) and "
        "South Korea's National Intelligence Service's about 4,700 (2025-04-30).")
    assert "(9 of 11 claims; 2 claims outside it)" in bundled.subtitle


def test_without_the_invented_highs_one_more_claim_fits(bundled):
    opened = prepare_claims_taken_together(load_figures(), open_ended=True)
    assert opened.title == ("Taken together, 10 of 11 claims allow 4,500 to 5,170 North Korean troops in Kursk "
                            "killed or wounded by 2025-04-30")
    assert "Highs that only the rule for 'more than' and 'at least' gives are not used." in opened.subtitle


def test_a_last_claim_with_no_upper_bound_gives_at_least():
    f = figures_from(row("a", "casualties", 1000, qualifier="exact", as_of="2031-01-01", stated="2031-01-01",
                         report="r1"),
                     row("b", "casualties", 1200, qualifier="more_than", as_of="2031-02-01", stated="2031-02-01",
                         report="r2"))
    chart = prepare_claims_taken_together(f, open_ended=True)
    assert chart.title == ("Taken together, 2 of 2 claims allow at least 1,200 Expeditionary troops in Valleyland "
                           "killed or wounded by 2031-02-01")
    assert math.isinf(chart.rows["joint_high"].iloc[-1])


def test_the_drawn_chart_numbers_the_claims_it_names_and_keys_them():
    fig = claims_taken_together(load_figures())
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.texts] == ["1", "2"]
    key = [t.get_text() for t in ax.get_legend().get_texts()]
    assert key == ["what the consistent claims allow together", "claim in the largest consistent set",
                   "claim left out: an equally large set holds it", "claim no rising count through the set can meet",
                   "Volodymyr Zelenskyy: more than 3,000 (2024-12-23)",
                   "South Korea's National Intelligence Service: more than 3,000 (2025-01-13)"]


def test_the_key_sits_under_the_dates_and_every_date_names_its_year():
    fig = claims_taken_together(load_figures())
    fig.canvas.draw()
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    key = ax.get_legend().get_window_extent(renderer)
    ticks = [t for t in ax.get_xticklabels() if t.get_text()]
    # below the tick labels (display y grows upwards), and above the source line at the foot of the figure
    assert key.y1 < min(t.get_window_extent(renderer).y0 for t in ticks)
    source = next(t for t in fig.texts if t.get_gid() == "source-line")
    assert key.y0 > source.get_window_extent(renderer).y1
    # the series runs from December 2024 to May 2025: ticks of both years, each with its year
    labels = [t.get_text() for t in ticks]
    assert labels[0] == "15 Dec\n2024" and labels[1] == "Jan\n2025" and labels[-1] == "May\n2025"
    assert all(label.endswith(("2024", "2025")) for label in labels)


def test_a_high_only_the_rule_gives_is_not_stated_as_a_finding():
    chart = prepare_claims_taken_together(load_figures(ROOT / "examples" / "russian-casualties"))
    # the last claim, the General Staff's more than 1,000,000 of 2025-08-08, is 1,000,000-1,250,000 by the rule
    assert chart.title == ("Taken together, 11 of 11 claims allow at least 1,000,000 Russian forces in Ukraine "
                           "killed or wounded by 2025-08-08")
    assert chart.subtitle.endswith("Its high, 1,250,000, is only the rule's for 'more than', so the title gives the "
                                   "low alone.")
