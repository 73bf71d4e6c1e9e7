"""Charts of many claims show what fits and say what they left out.

Each test copies a few rows of the bundled file under new sources named "Zz Source 01", "Zz Source 02", ...:
they sort after every bundled source, so that when sources tie on their number of claims the bundled ones are
kept, and the counts below can be worked out by hand from the bundled data.
"""

from __future__ import annotations

from collections import Counter

import matplotlib
import pandas as pd
import pytest
from matplotlib.container import ErrorbarContainer

from casualty import load_figures
from casualty.present.charts import (
    casualty_claims_over_time,
    formations,
    prepare_casualty_claims_over_time,
    prepare_formations,
    prepare_implied_rate_by_source,
    prepare_killed_and_wounded,
)
from casualty.present.charts.claims_over_time import MOST_SOURCES, ONE_BY_ONE
from casualty.present.charts.implied_rate import MOST_ROWS
from casualty.present.charts.killed_and_wounded import MOST_STATEMENTS
from tests.conftest import DATA

matplotlib.use("Agg")

RAW = pd.read_csv(DATA, dtype=str, keep_default_na=False)


def with_copies(tmp_path, ids: list[str], n: int, changes: dict | None = None) -> pd.DataFrame:
    """The bundled figures and ``n`` copies of the rows ``ids``, copy i by source 'Zz Source i', loaded;
    ``changes`` ({"ids": [...], "set": {column: value}}) first sets columns of some bundled rows."""
    changes = changes or {}
    rows = RAW[RAW["id"].isin(ids)]
    copies = [rows.assign(id=rows["id"] + f"-copy-{i:02d}", source=f"Zz Source {i:02d}") for i in range(1, n + 1)]
    path = tmp_path / "figures.csv"
    pd.concat([RAW.assign(**{c: RAW[c].where(~RAW["id"].isin(changes.get("ids", [])), v)
                             for c, v in changes.get("set", {}).items()}), *copies]).to_csv(path, index=False)
    return load_figures(path)


# --- chart 3: 18 bundled claims by 10 sources, and 30 copies of the latest, each by a source of its own ----------
# The 18 running totals about North Korean troops in Kursk (20 casualty claims less the two period figures, HUR's
# and Kirby's): Zelenskyy 4, the NIS 3, the JCS 2, Kovalenko 2 (his and its relay), the UK MoD 2, and one each by
# the unnamed US military official, Western officials, Budanov, Chosun Biz and the General Staff: 10 sources (the
# audit removed US officials' 1,200 and added Chosun Biz's 4,000).

@pytest.fixture(scope="module")
def thirty_more_sources(tmp_path_factory):
    return with_copies(tmp_path_factory.mktemp("rate"), ["ukmod-2025-06-15-casualties"], 30)


def test_the_bundled_implied_rate_chart_draws_every_claim():
    chart = prepare_implied_rate_by_source(load_figures())
    assert len(chart.rows) == 17  # the 18 running totals with a rate, less the relay kontur-casualties
    assert "not drawn" not in chart.subtitle


def test_implied_rate_of_40_sources_draws_the_latest_claim_of_25(thirty_more_sources):
    chart = prepare_implied_rate_by_source(thirty_more_sources)
    assert MOST_ROWS == 25
    assert len(chart.rows) == 25
    assert chart.rows["source"].astype(str).is_unique


def test_implied_rate_keeps_the_sources_with_the_most_claims_and_ties_by_name(thirty_more_sources):
    kept = set(prepare_implied_rate_by_source(thirty_more_sources).rows["source"].astype(str))
    bundled = set(prepare_implied_rate_by_source(load_figures()).rows["source"].astype(str))
    assert len(bundled) == 10
    # 25 - 10 = 15 copies; every bundled source ties or beats them and sorts first, 'unnamed ...' too (casefolded)
    assert kept == bundled | {f"Zz Source {i:02d}" for i in range(1, 16)}


def test_implied_rate_keeps_each_sources_latest_claim(thirty_more_sources):
    rows = prepare_implied_rate_by_source(thirty_more_sources).rows
    zelenskyy = rows[rows["source"].astype(str) == "Volodymyr Zelenskyy"]
    assert zelenskyy["id"].tolist() == ["zelenskyy-2025-02-14-casualties"]  # the latest of his 4


def test_implied_rate_subtitle_says_how_many_claims_and_sources_were_left_out(thirty_more_sources):
    # 17 + 30 = 47 claims (the relay kontur-casualties is one statement with Kovalenko's) by 10 + 30 = 40
    # sources: 47 - 25 = 22 claims and 40 - 25 = 15 sources not drawn
    assert ("Only the latest claim of each of the 25 sources with the most claims is drawn; 22 other claims are "
            "not drawn, among them every claim of 15 other sources.") in \
        prepare_implied_rate_by_source(thirty_more_sources).subtitle


def test_implied_rate_title_still_states_the_range_of_every_claim(thirty_more_sources):
    assert prepare_implied_rate_by_source(thirty_more_sources).title == \
        prepare_implied_rate_by_source(load_figures()).title


# --- chart 4: 2 bundled statements of killed and wounded and 12 copies of the first -----------------------------

@pytest.fixture(scope="module")
def fourteen_statements(tmp_path_factory):
    return with_copies(tmp_path_factory.mktemp("kw"), ["nis-2024-12-19-killed", "nis-2024-12-19-wounded"], 12)


def test_killed_and_wounded_draws_the_latest_12_of_14_statements(fourteen_statements):
    rows = prepare_killed_and_wounded(fourteen_statements).rows
    assert MOST_STATEMENTS == 12
    # oldest first: the first bundled statement and its first copy are the two left out
    assert rows["id_killed"].tolist() == ([f"nis-2024-12-19-killed-copy-{i:02d}" for i in range(2, 13)]
                                          + ["nis-2025-01-13-killed"])


def test_killed_and_wounded_subtitle_says_how_many_earlier_statements_were_left_out(fourteen_statements):
    assert "Only the latest 12 statements are drawn; 2 earlier statements are not." in \
        prepare_killed_and_wounded(fourteen_statements).subtitle


def test_killed_and_wounded_of_the_bundled_data_leaves_nothing_out():
    assert "earlier statement" not in prepare_killed_and_wounded(load_figures()).subtitle


# --- chart 2: 19 bundled claims by 12 sources and 20 copies of the latest, each by a source of its own ----------
# The 18 running totals above less the relay kontur-casualties (chart 2 draws each statement once), and the two
# period figures (HUR, Kirby): 19 claims by 12 sources. With 20 copies, 32 sources. Drawn in colour: the title's
# two (the unnamed US military official, first; Zz Source 20, last), the 11 other bundled sources (more claims, or
# names before 'Zz'), then the first two copies: 15 sources, 19 + 3 = 22 claims; the other 17 copies are grey
# points.

@pytest.fixture(scope="module")
def twenty_more_sources(tmp_path_factory):
    return with_copies(tmp_path_factory.mktemp("time"), ["ukmod-2025-06-15-casualties"], 20)


def test_claims_over_time_names_15_of_32_sources(twenty_more_sources):
    chart = prepare_casualty_claims_over_time(twenty_more_sources)
    assert MOST_SOURCES == 15
    assert chart.rows["source"].nunique() == 15
    assert (len(chart.rows), len(chart.others)) == (22, 17)


def test_claims_over_time_names_the_sources_the_title_names_first(twenty_more_sources):
    chart = prepare_casualty_claims_over_time(twenty_more_sources)
    assert chart.last["source"] == "Zz Source 20"  # the last copy is the latest claim
    # the title's two, then the 11 other bundled sources (more claims or earlier names), then the first two copies
    assert set(chart.others["source"].astype(str)) == {f"Zz Source {i:02d}" for i in range(3, 20)}


def test_claims_over_time_subtitle_says_the_other_sources_are_grey_points(twenty_more_sources):
    assert ("Only 15 sources are drawn in colour and named: those the title names, then those with the most "
            "claims; the 17 claims of the 17 other sources are small grey points, without their ranges.") in \
        prepare_casualty_claims_over_time(twenty_more_sources).subtitle


def test_claims_over_time_draws_the_other_sources_as_one_cloud_of_17_points(twenty_more_sources):
    fig = casualty_claims_over_time(twenty_more_sources)
    ax = fig.axes[0]
    cloud = [c for c in ax.collections if c.get_gid() == "other-sources"]
    assert len(cloud) == 1 and len(cloud[0].get_offsets()) == 17
    labels = Counter(t.get_text() for t in ax.texts if t.get_gid() == "point-label")
    assert not any(text.startswith("Zz Source") and text not in ("Zz Source 01", "Zz Source 02", "Zz Source 20")
                   for text in labels)


def test_claims_over_time_of_the_bundled_data_has_no_grey_points():
    chart = prepare_casualty_claims_over_time(load_figures())
    assert chart.others.empty
    assert "grey points" not in chart.subtitle


# --- chart 2: the 20 bundled casualty rows about the focus subject four times over, by the same 12 sources -------
# The relay kontur-casualties and its three copies repeat kontur-kovalenko-casualties: 80 rows, 19 x 4 = 76 claims.

@pytest.fixture(scope="module")
def eighty_claims(tmp_path_factory):
    claims = RAW[(RAW["metric"] == "casualties") & (RAW["subject"] == "North Korean troops in Kursk")]
    copies = [claims.assign(id=claims["id"] + f"-again-{i}") for i in range(1, 4)]
    path = tmp_path_factory.mktemp("eighty") / "figures.csv"
    pd.concat([RAW, *copies]).to_csv(path, index=False)
    return load_figures(path)


def markers(ax) -> list:
    """The lines of markers that draw many claims at once."""
    return [ln for ln in ax.lines if str(ln.get_gid()).startswith("claim-markers-")]


def test_claims_over_time_of_80_claims_draws_each_marker_once_together(eighty_claims):
    ax = casualty_claims_over_time(eighty_claims).axes[0]
    assert ONE_BY_ONE == 60
    assert not [c for c in ax.containers if c.lines[0] is not None and str(c.lines[0].get_gid()).startswith("claim-")]
    assert sum(len(ln.get_xdata()) for ln in markers(ax)) == 76  # 19 statements x 4
    # 2 bundled period figures x 4, hollow
    assert sum(len(ln.get_xdata()) for ln in markers(ax) if ln.get_markerfacecolor() == "white") == 8


def test_claims_over_time_of_80_claims_draws_each_range_in_its_sides_colour(eighty_claims):
    ax = casualty_claims_over_time(eighty_claims).axes[0]
    together = [c for c in ax.containers if isinstance(c, ErrorbarContainer) and c.lines[2]
                and str(c.lines[2][0].get_gid()).startswith("claims-")]
    # a claim dated to the day has an empty horizontal bar
    vertical = sorted((y0, y1) for c in together for lines in c.lines[2]
                      for (x0, y0), (x1, y1) in (s for s in lines.get_segments() if len(s)) if x0 == x1)
    chart = prepare_casualty_claims_over_time(load_figures())
    assert len(chart.rows) == 19
    assert vertical == sorted([(low, high) for low, high in zip(chart.rows["low"], chart.rows["high"])] * 4)
    sides = {str(c.lines[2][0].get_gid()).removeprefix("claims-") for c in together}
    assert sides == set(chart.rows["side"].astype(str))


# --- chart 5: 64 brigades sent, 1 destroyed and 2 with heavy losses ---------------------------------------------

@pytest.fixture(scope="module")
def sixty_four_brigades(tmp_path_factory):
    return with_copies(tmp_path_factory.mktemp("units"), [], 0,
                       {"ids": ["kontur-zelenskyy-brigades"], "set": {"value": "64"}})


def test_formations_of_64_draws_64_blocks_counted_in_a_key_not_labelled_one_by_one(sixty_four_brigades):
    ax = formations(sixty_four_brigades).axes[0]
    assert Counter(p.get_gid() for p in ax.patches) == {"destroyed": 1, "damaged": 2, "unreported": 61}
    assert [t.get_text() for t in ax.texts] == []
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["destroyed: 1", "heavy losses: 2",
                                                                   "no loss reported: 61"]


def test_formations_of_64_say_the_key_counts_them(sixty_four_brigades):
    assert "The blocks are too many to label one by one: the key counts them." in \
        prepare_formations(sixty_four_brigades).subtitle
