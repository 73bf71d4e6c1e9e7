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
    # by default (open_ended) only Zelenskyy's more than 3,000 of 23 December is outside: it and the JCS's about
    # 1,100 of that day cannot both hold (tests/test_joint.py)
    assert bundled.named["id"].tolist() == ["zelenskyy-2024-12-23-casualties"]
    assert bundled.named["consistent"].tolist() == ["tie"]
    # the old reading also rules out the NIS's more than 3,000 (3,000-3,750) of 13 January, after Zelenskyy's 4,000
    old = prepare_claims_taken_together(load_figures(), open_ended=False)
    assert old.named["id"].tolist() == ["zelenskyy-2024-12-23-casualties", "nis-2025-01-13-casualties"]
    assert old.named["consistent"].tolist() == ["tie", "no"]


def test_the_subtitle_names_the_claims_the_last_bounds_rest_on(bundled):
    # the low is the General Staff's 4,500 of 26 April, the high the NIS's 5,170 (about 4,700); the added Russian
    # casualties of the General Staff are another subject, named as not shown
    assert bundled.subtitle.endswith(
        "At 2025-04-30 it rests on General Staff of the Armed Forces of Ukraine's more than 4,500 (2025-04-26) and "
        "South Korea's National Intelligence Service's about 4,700 (2025-04-30). The data also has such figures "
        "about Russian troops in Kursk, not shown.")
    assert "(10 of 11 claims; 1 claim outside it)" in bundled.subtitle


def test_without_the_invented_highs_one_more_claim_fits(bundled):
    # open_ended is the default now, and the title is conditional ("If these N of M claims count the same thing")
    assert bundled.title == ("If these 10 of 11 claims count the same thing, together they allow 4,500 to 5,170 "
                             "North Korean troops in Kursk killed or wounded by 2025-04-30")
    assert ("A bound only the qualifier rule gives on a side the words leave open (the high of 'more than', the low "
            "of 'up to') is not used, and a count of names or records bounds from below only.") in bundled.subtitle
    # the old reading: one claim fewer (the NIS's 13 January), the same bounds at the end
    old = prepare_claims_taken_together(load_figures(), open_ended=False)
    assert old.title == ("If these 9 of 11 claims count the same thing, together they allow 4,500 to 5,170 "
                         "North Korean troops in Kursk killed or wounded by 2025-04-30")
    assert "Every bound is read as the qualifier rule gives it, the high of 'more than' too." in old.subtitle


def test_a_last_claim_with_no_upper_bound_gives_at_least():
    f = figures_from(row("a", "casualties", 1000, qualifier="exact", as_of="2031-01-01", stated="2031-01-01",
                         report="r1"),
                     row("b", "casualties", 1200, qualifier="more_than", as_of="2031-02-01", stated="2031-02-01",
                         report="r2"))
    chart = prepare_claims_taken_together(f, open_ended=True)
    assert chart.title == ("If these 2 of 2 claims count the same thing, together they allow at least 1,200 "
                           "Expeditionary troops in Valleyland killed or wounded by 2031-02-01")
    assert math.isinf(chart.rows["joint_high"].iloc[-1])


def test_the_drawn_chart_numbers_the_claims_it_names_and_keys_them():
    fig = claims_taken_together(load_figures())
    ax = fig.axes[0]
    # by default one claim is outside the set, a tie: no "no" claim to key
    assert [t.get_text() for t in ax.texts] == ["1"]
    key = [t.get_text() for t in ax.get_legend().get_texts()]
    assert key == ["what the consistent claims allow together", "claim in the largest consistent set",
                   "claim left out: an equally large set holds it",
                   "Volodymyr Zelenskyy: more than 3,000 (2024-12-23)"]
    old = claims_taken_together(load_figures(), open_ended=False).axes[0]
    assert [t.get_text() for t in old.texts] == ["1", "2"]
    assert [t.get_text() for t in old.get_legend().get_texts()][3:] == [
        "claim no rising count through the set can meet", "Volodymyr Zelenskyy: more than 3,000 (2024-12-23)",
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
    # the series runs from 17 December 2024 to May 2025: a tick on the first of each month, each with its year, all
    # in one style (never '15 Dec 2024' beside 'Jan 2025'); 1 December is before the first claim
    labels = [t.get_text() for t in ticks]
    assert labels == ["Jan\n2025", "Feb\n2025", "Mar\n2025", "Apr\n2025", "May\n2025"]


def test_a_high_only_the_rule_gives_is_not_stated_as_a_finding():
    # the example's killed+wounded claims no longer end on a more-than (the General Staff's more than 1,000,000 is
    # unspecified, and the chart follows the focus metric, killed): the same case built here. In the old reading
    # more than 1,200 is 1,200-1,500 by the rule
    f = figures_from(row("a", "casualties", 1000, qualifier="exact", as_of="2031-01-01", stated="2031-01-01",
                         report="r1"),
                     row("b", "casualties", 1200, qualifier="more_than", as_of="2031-02-01", stated="2031-02-01",
                         report="r2"))
    chart = prepare_claims_taken_together(f, open_ended=False)
    assert chart.title == ("If these 2 of 2 claims count the same thing, together they allow at least 1,200 "
                           "Expeditionary troops in Valleyland killed or wounded by 2031-02-01")
    assert chart.subtitle.endswith("Its high, 1,500, is only the rule's for 'more than', so the title gives the "
                                   "low alone.")


def test_the_russian_examples_casualty_claims_in_the_old_reading():
    chart = prepare_claims_taken_together(load_figures(ROOT / "examples" / "russian-casualties"), metric="casualties",
                                          open_ended=False)
    # 11 killed+wounded claims (13 rows less the two relays, austin-2024-12 and ukmod-2025-03); the UK's permanent
    # casualties 150,000-190,000 of 22 October 2023 are below its own 240,000-290,000 of that day and US officials'
    # approaching 300,000 (270,000-300,000) of August: no largest set holds them
    assert "(10 of 11 claims; 1 claim outside it)" in chart.subtitle
    outside = chart.rows[chart.rows["consistent"] != "yes"]
    assert outside[["id", "consistent"]].to_numpy().tolist() == [["ukmod-2023-10-22-permanent-casualties", "no"]]
