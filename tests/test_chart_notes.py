"""The graphics desk's notes on the charts, each as the behaviour it asks for.

Date axes: distinct tick labels of one style at any span. Counts agree with their nouns and verbs. A subtitle
says other subjects have such figures only when they have figures of the kind the chart draws. Chart 4 draws
killed and wounded given for a period. Chart 2 names every source it draws, by a label or in its key, and no two
of its leader lines cross. No value label is struck through by its own range.
"""

from __future__ import annotations

import io
from itertools import combinations

import pytest
from matplotlib.figure import Figure
from matplotlib.legend import Legend

from casualty import load_figures
from casualty.present.charts import (
    CHARTS,
    casualty_claims_over_time,
    claims_taken_together,
    killed_and_wounded,
    prepare_casualty_claims_over_time,
    prepare_claims_taken_together,
    prepare_deployment_at_a_glance,
    prepare_implied_rate_by_source,
    prepare_killed_and_wounded,
)
from casualty.present.charts.claims_over_time import _intersect
from casualty.present.wording import agrees, counted

from conftest import ROOT

HEADER = ("id,subject,metric,definition,unit,value,low,high,qualifier,as_of,window_start,stated,source,source_role,"
          "side,outlet,report,url,quote,note")


def row(id: str, subject: str, metric: str, value: int, as_of: str, source: str = "Alpha Monitor (fictional)",
        report: str | None = None, window_start: str = "", qualifier: str = "exact",
        definition: str = "killed+wounded") -> str:
    definition = definition if metric == "casualties" else ""
    return (f"{id},{subject},{metric},{definition},people,{value},,,{qualifier},{as_of},{window_start},{as_of},"
            f"{source},monitoring group,media,Outlet (fictional),{report or id},https://example.org/{id},"
            f"{value},Invented test data.")


def figures_of(*rows: str):
    return load_figures(io.StringIO("\n".join([HEADER, *rows]) + "\n"))


TROOPS = "Troops in Valleyland"


# === 1. date axes: distinct labels, one style, at any span ================================================

def claims_over(dates: list[str]):
    return figures_of(*(row(f"c{i}", TROOPS, "casualties", 100 * (i + 1), d) for i, d in enumerate(dates)))


def date_labels(fig: Figure) -> list[str]:
    """The date tick labels in view on the chart's x-axis (a private helper of matplotlib's, for a test only)."""
    fig.canvas.draw()
    return [tick.label1.get_text() for tick in fig.axes[0].xaxis._update_ticks()]


SPANS = {
    # claims on 1, 5 and 10 March 2031: the axis runs 30 days at least, a tick every second day, labelled by day
    "10 days": (["2031-03-01", "2031-03-05", "2031-03-10"],
                ["1 Mar\n2031", "3 Mar\n2031", "5 Mar\n2031", "7 Mar\n2031", "9 Mar\n2031", "11 Mar\n2031",
                 "13 Mar\n2031"]),
    # 10 January to 10 April: a tick on the first of each month in view
    "3 months": (["2031-01-10", "2031-02-20", "2031-04-10"], ["Feb\n2031", "Mar\n2031", "Apr\n2031"]),
    # 10 January 2030 to 20 December 2031: a tick every fourth month
    "2 years": (["2030-01-10", "2031-01-20", "2031-12-20"],
                ["Jan\n2030", "May\n2030", "Sep\n2030", "Jan\n2031", "May\n2031", "Sep\n2031", "Jan\n2032"]),
}


@pytest.mark.parametrize("span", SPANS)
def test_claims_over_time_labels_its_dates_once_each_in_one_style(span):
    dates, expected = SPANS[span]
    assert date_labels(casualty_claims_over_time(claims_over(dates))) == expected


@pytest.mark.parametrize("span", SPANS)
def test_claims_taken_together_labels_its_dates_once_each_in_one_style(span):
    dates, expected = SPANS[span]
    labels = date_labels(claims_taken_together(claims_over(dates)))
    # the same style as chart 2; the band ends a little past the last claim, so the last tick may fall outside
    assert labels == expected[:len(labels)] and len(labels) >= len(expected) - 1


def test_claims_taken_together_of_the_bundled_data_gives_every_date_as_a_month():
    # the claims run from 17 December 2024 to 30 April 2025: a tick on the first of each month in view (1 December
    # is before the first claim), never '15 Dec 2024' beside 'Jan 2025'
    labels = date_labels(CHARTS["07-claims-taken-together"](load_figures()))
    assert labels == ["Jan\n2025", "Feb\n2025", "Mar\n2025", "Apr\n2025", "May\n2025"]


# === 2. a count agrees with its noun and its verb ==========================================================

def test_counted_agrees_in_the_singular_and_the_plural():
    assert (counted(1, "claim"), counted(2, "claim"), counted(1200, "claim")) == ("1 claim", "2 claims", "1,200 claims")
    assert (agrees(1, "is", "are"), agrees(2, "is", "are")) == ("is", "are")


def test_no_claims_about_the_subject_and_one_about_another_is_said_in_the_singular():
    figures = figures_of(row("a", TROOPS, "deployed", 8000, "2031-03-01"),
                         row("b", "Host troops", "casualties", 100, "2031-03-01"))
    assert prepare_casualty_claims_over_time(figures, subject=TROOPS).title == (
        f"No casualty claims about {TROOPS}; the 1 casualty claim in the data is about other groups")


def test_no_claims_about_the_subject_and_two_about_another_are_said_in_the_plural():
    figures = figures_of(row("a", TROOPS, "deployed", 8000, "2031-03-01"),
                         row("b", "Host troops", "casualties", 100, "2031-03-01"),
                         row("c", "Host troops", "casualties", 200, "2031-03-05"))
    assert prepare_casualty_claims_over_time(figures, subject=TROOPS).title == (
        f"No casualty claims about {TROOPS}; the 2 casualty claims in the data are about other groups")


def test_one_claim_is_one_claim_by_one_source():
    chart = prepare_casualty_claims_over_time(claims_over(["2031-03-01"]))
    assert chart.subtitle.startswith("1 claim by 1 source, each at the date it describes.")
    assert chart.alt.startswith(f"A chart of 1 casualty claim about {TROOPS} over time, by 1 source.")


def test_two_claims_of_one_source_are_two_claims_by_one_source():
    chart = prepare_casualty_claims_over_time(claims_over(["2031-03-01", "2031-03-05"]))
    assert chart.subtitle.startswith("2 claims by 1 source, each at the date it describes.")


def test_one_running_total_taken_together_is_one_claim_that_allows():
    chart = prepare_claims_taken_together(claims_over(["2031-03-01"]))
    assert chart.title == f"The one claim allows 100 {TROOPS} killed or wounded by 2031-03-01"
    assert "(1 of 1 claim; none outside it)" in chart.subtitle


def test_two_running_totals_taken_together_count_the_same_thing():
    chart = prepare_claims_taken_together(claims_over(["2031-03-01", "2031-03-05"]))
    # 100 on 03-01, then 200 on 03-05: at 03-05 the count is 200 exactly
    assert chart.title == f"If these 2 of 2 claims count the same thing, together they allow 200 {TROOPS} killed " \
                          "or wounded by 2031-03-05"
    assert "(2 of 2 claims; none outside it)" in chart.subtitle


# === 3. other subjects: only those with figures of the kind the chart draws ===============================

#: the troops' deployed and casualty figures in one report, and a killed-and-wounded pair; the host's casualties
#: and deployed in two reports, killed alone; the militia's casualties in one week only (a period figure)
OTHERS = [
    row("t-dep", TROOPS, "deployed", 8000, "2031-03-01", report="r1"),
    row("t-cas", TROOPS, "casualties", 2000, "2031-03-01", report="r1"),
    row("t-k", TROOPS, "killed", 400, "2031-03-01", report="r1"),
    row("t-w", TROOPS, "wounded", 1100, "2031-03-01", report="r1"),
    row("h-cas", "Host troops", "casualties", 500, "2031-03-01", report="h1"),
    row("h-dep", "Host troops", "deployed", 40000, "2031-03-02", report="h2"),
    row("h-k", "Host troops", "killed", 100, "2031-03-01", report="h1"),
    row("m-cas", "Militia", "casualties", 30, "2031-03-07", window_start="2031-03-01", report="m1"),
]


def test_claims_over_time_names_the_other_subjects_with_casualty_claims_periods_too():
    # chart 2 draws period figures: the militia's week counts, and the host's claim
    assert prepare_casualty_claims_over_time(figures_of(*OTHERS), subject=TROOPS).subtitle.endswith(
        "The data also has such figures about Host troops and Militia, not shown.")


def test_claims_taken_together_names_only_the_other_subjects_with_running_totals():
    # chart 7 puts running totals together: the militia's week is none
    assert prepare_claims_taken_together(figures_of(*OTHERS), subject=TROOPS).subtitle.endswith(
        "The data also has such figures about Host troops, not shown.")


def test_deployment_names_no_other_subject_without_both_figures_in_one_report():
    # the host's casualty and deployed figures are in two reports: chart 1 could not draw them
    assert "The data also has" not in prepare_deployment_at_a_glance(figures_of(*OTHERS), subject=TROOPS).subtitle


def test_implied_rate_names_the_other_subjects_with_casualties_and_a_deployed_figure():
    # the host has both (a claim is divided by its subject's deployed figure of any report); the militia none
    assert prepare_implied_rate_by_source(figures_of(*OTHERS), subject=TROOPS).subtitle.endswith(
        "The data also has such figures about Host troops, not shown.")


def test_killed_and_wounded_names_no_other_subject_without_a_pair():
    # the host gave killed alone: no pair, so nothing else is said to be there
    subtitle = prepare_killed_and_wounded(figures_of(*OTHERS), subject=TROOPS).subtitle
    assert subtitle == ("Killed and wounded from the same statement, for the same date or period; error bars "
                        "show each figure's range from its words.")


def test_the_bundled_killed_and_wounded_names_the_one_other_subject_with_a_pair():
    # of the 4 other subjects with killed or wounded figures only Russian troops in Kursk has both in one statement
    assert prepare_killed_and_wounded(load_figures()).subtitle.endswith(
        "The data also has such figures about Russian troops in Kursk, not shown.")


# === 4. killed and wounded given for a period ===============================================================

WEEK = [
    row("wk-k", TROOPS, "killed", 40, "2031-02-07", window_start="2031-02-01", report="b1"),
    row("wk-w", TROOPS, "wounded", 120, "2031-02-07", window_start="2031-02-01", report="b1"),
]


def test_killed_and_wounded_draws_a_pair_given_for_a_period():
    chart = prepare_killed_and_wounded(figures_of(*WEEK))
    assert chart.rows[["id_killed", "id_wounded", "dated"]].values.tolist() == [
        ["wk-k", "wk-w", "2031-02-01 to 2031-02-07"]]
    # 120 / 40 = 3.0, written 3
    assert chart.title == ("Alpha Monitor (fictional): 3 wounded for every one killed among Troops in Valleyland "
                           "(2031-02-01 to 2031-02-07)")
    assert "A pair given for a period is labelled with its period." in chart.subtitle


def test_killed_and_wounded_labels_a_period_pair_with_its_period():
    ax = killed_and_wounded(figures_of(*WEEK)).axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Alpha Monitor (fictional)\n2031-02-01 to 2031-02-07"]
    assert [p.get_width() for p in ax.patches if p.get_gid() == "bars-killed"] == [40]


def test_killed_and_wounded_puts_a_period_pair_and_a_running_pair_in_date_order():
    figures = figures_of(*WEEK, row("k", TROOPS, "killed", 400, "2031-03-01", report="r1"),
                         row("w", TROOPS, "wounded", 1100, "2031-03-01", report="r1"))
    assert prepare_killed_and_wounded(figures).rows["dated"].tolist() == ["2031-02-01 to 2031-02-07", "2031-03-01"]


def test_a_running_total_and_a_period_figure_are_not_a_pair():
    figures = figures_of(WEEK[0], row("w", TROOPS, "wounded", 120, "2031-02-07", report="b1"))
    assert prepare_killed_and_wounded(figures).title == f"No source gave both killed and wounded for {TROOPS}"


# === 5. chart 2 names every source, and its leader lines do not cross =====================================

@pytest.fixture(scope="module")
def claims_charts() -> dict[str, Figure]:
    out = {}
    for name, path in (("bundled", None), ("russian", ROOT / "examples" / "russian-casualties"),
                       ("gaza", ROOT / "examples" / "gaza-deaths")):
        fig = casualty_claims_over_time(load_figures(path) if path else load_figures())
        fig.canvas.draw()
        out[name] = fig
    return out


@pytest.mark.parametrize("data", ["bundled", "russian", "gaza"])
def test_claims_over_time_names_every_source_it_draws_by_a_label_or_in_its_key(data, claims_charts):
    fig = claims_charts[data]
    ax = fig.axes[0]
    labelled = {t.get_text().removesuffix(" (period)") for t in ax.texts if t.get_gid() == "point-label"}
    keyed = {t.get_text() for legend in ax.findobj(Legend) for t in legend.get_texts()}
    drawn = set(prepare_casualty_claims_over_time(
        load_figures(None if data == "bundled" else ROOT / "examples" / {"russian": "russian-casualties",
                                                                           "gaza": "gaza-deaths"}[data])
    ).rows["source"].astype(str))
    assert drawn - labelled - keyed == set()


def test_claims_over_time_of_the_bundled_data_labels_five_sources_and_keys_seven():
    # the title's first and last (unnamed US military official, UK Ministry of Defence; the last is also the
    # highest), then the three with the most claims: Volodymyr Zelenskyy (3), South Korea's JCS and NIS (2 each)
    chart = prepare_casualty_claims_over_time(load_figures())
    assert set(chart.labelled["source"].astype(str)) == {
        "unnamed US military official", "UK Ministry of Defence", "Volodymyr Zelenskyy",
        "South Korea's Joint Chiefs of Staff", "South Korea's National Intelligence Service"}
    assert len(chart.keyed) == 7 and chart.keyed["number"].tolist() == list(range(1, 8))


@pytest.mark.parametrize("data", ["bundled", "russian", "gaza"])
def test_claims_over_time_leader_lines_do_not_cross(data, claims_charts):
    ax = claims_charts[data].axes[0]
    lines = [a.arrow_patch.get_path().vertices for a in ax.texts
             if a.get_gid() == "point-label" and a.arrow_patch is not None]
    segments = [(v[0], v[-1]) for v in lines]
    assert len(segments) >= 2
    assert [(i, j) for (i, a), (j, b) in combinations(enumerate(segments), 2) if _intersect(*a, *b)] == []


def test_intersect_tells_crossing_segments_from_parallel_ones():
    assert _intersect((0, 0), (10, 10), (0, 10), (10, 0))
    assert not _intersect((0, 0), (10, 0), (0, 5), (10, 5))


# === 6. no value label struck through by its own range =====================================================

def struck(fig: Figure, label_gid: str, range_gid: str) -> list[str]:
    """The labels (texts of ``label_gid``) whose box meets a range line of their own row (lines of
    ``range_gid``-<row> beside a label at the same height)."""
    renderer = fig.canvas.get_renderer()
    fig.canvas.draw()
    ax = fig.axes[0]
    found = []
    for text in (t for t in ax.texts if t.get_gid() == label_gid):
        box = text.get_window_extent(renderer)
        row = text.xy[1]
        for line in ax.lines:
            if (line.get_gid() or "").startswith(range_gid) and set(line.get_ydata()) == {row}:
                if line.get_window_extent(renderer).overlaps(box):
                    found.append(text.get_text())
    return found


@pytest.mark.parametrize("path", [None, "russian-casualties", "gaza-deaths"])
def test_competing_estimates_labels_stand_past_their_ranges(path):
    fig = CHARTS["08-competing-estimates"](load_figures(ROOT / "examples" / path if path else None))
    assert struck(fig, "estimate-label", "high-") == [] and struck(fig, "estimate-label", "low-") == []
    # one label per row, so the check above looked at every row
    assert len([t for t in fig.axes[0].texts if t.get_gid() == "estimate-label"]) == len(fig.axes[0].get_yticks())


@pytest.mark.parametrize("path", [None, "russian-casualties"])
def test_claims_taken_together_numbers_stand_clear_of_their_ranges(path):
    fig = CHARTS["07-claims-taken-together"](load_figures(ROOT / "examples" / path if path else None))
    renderer = fig.canvas.get_renderer()
    fig.canvas.draw()
    ax = fig.axes[0]
    numbers = [t for t in ax.texts if t.get_gid() == "named-claims"]
    assert numbers
    ranges = [c for c in ax.collections if (c.get_gid() or "").startswith("claims-")]
    for number in numbers:
        box = number.get_window_extent(renderer)
        for collection in ranges:
            for (x0, y0), (x1, y1) in collection.get_segments():
                (px0, py0), (px1, py1) = ax.transData.transform([(x0, y0), (x1, y1)])
                assert not (min(px0, px1) - 1.5 <= box.x1 and box.x0 <= max(px0, px1) + 1.5
                            and min(py0, py1) <= box.y1 and box.y0 <= max(py0, py1)), number.get_text()
