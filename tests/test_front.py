"""The report's own pages: the finding first, every chart with its data, the charts to hover and their words.

No kernel runs here: these build the pages from the figures directly (``casualty report`` adds the notebooks'
pages; tests/test_report.py opens the whole report in a browser).
"""

from __future__ import annotations

import html
import json
import re

import pandas as pd
import pytest

from casualty.analyse.consistency import check_consistency
from casualty.load.datapackage import dataset_of
from casualty.load.read import load_figures
from casualty.present.front import charts_page, flag_counts, front_page, prepared_charts
from casualty.present.interactive import HOVER_CHARTS, HOVER_FIELDS, chart_spec, hover_rows, spec_block, web_address

from conftest import ROOT

DATASETS = {"bundled": None, "russian": ROOT / "examples" / "russian-casualties",
            "gaza": ROOT / "examples" / "gaza-deaths"}


@pytest.fixture(scope="module")
def bundled():
    figures = load_figures()
    return figures, dataset_of(figures), prepared_charts(figures)


@pytest.fixture(scope="module", params=list(DATASETS))
def each_dataset(request):
    figures = load_figures(DATASETS[request.param])
    return figures, prepared_charts(figures)


def text_of(page: str) -> str:
    """What a reader sees: no tags, no script blocks."""
    return html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)))


# --- the first page: the finding first ------------------------------------------------------

def test_the_first_page_opens_with_the_competing_estimates_then_what_they_allow_together(bundled):
    page = front_page(*bundled)
    lede = re.search(r'<p class="lede">(.*?)</p>', page).group(1)
    assert html.unescape(lede) == ("Estimates of the casualties among North Korean troops in Kursk run from several "
                                   "hundred, by unnamed US military official, as of 2024-12, to more than 6,000, by "
                                   "UK Ministry of Defence, as of 2025-06-15.")
    text = " ".join(text_of(page).split())
    assert "Taken together, the 11 running totals drawn on the chart the claims taken together" in text
    assert ("If these 10 of 11 claims count the same thing, together they allow 4,500 to 5,170 North Korean troops "
            "in Kursk killed or wounded by 2025-04-30.") in text
    # the finding, the flags, the chart, what to know, then the pages and the data: in that order
    order = [page.index(mark) for mark in ('class="lede"', "<h2>Flags worth reading", 'id="08-competing-estimates"',
                                           "<h2>What you should know", "<h2>The pages", "<h2>The data</h2>")]
    assert order == sorted(order)


def test_the_first_page_counts_the_flags_of_each_check(bundled):
    figures = bundled[0]
    counts = flag_counts(check_consistency(figures))
    assert counts.to_dict("records") == [
        {"rule": "share_matches_counts", "made": 3, "flagged": 0},
        {"rule": "part_within_whole", "made": 16, "flagged": 0},
        {"rule": "parts_sum_to_total", "made": 2, "flagged": 1},
        {"rule": "running_totals_fit_together", "made": 28, "flagged": 2},
        {"rule": "same_date_ranges_overlap", "made": 9, "flagged": 4},
        {"rule": "quote_agrees", "made": 90, "flagged": 12},
    ]
    text = " ".join(text_of(front_page(*bundled)).split())
    assert "19 of 148 checks flag a figure." in text
    assert "running totals fit together 2 of 28 a running total cannot be met" in text


def test_what_you_should_know_lists_the_hedges_of_the_focus_figures_and_the_model(bundled):
    page = front_page(*bundled)
    box = re.search(r'<aside class="know">(.*?)</aside>', page, re.S).group(1)
    # the focus (North Korean troops in Kursk, casualties) uses exact, about, more than, at least, several hundred
    words = [html.unescape(w) for w in re.findall(r"<tr><td>(.*?)</td>", box)]
    assert words == ["a plain number: 2, 2,700",
                     "about, around, approximately, roughly, some, likely about, in the vicinity of",
                     "more than, over, exceeded, surpassed, surpasses", "at least, or more", "several hundred"]
    assert "[0.9 x value, 1.1 x value]" in box
    text = " ".join(text_of(box).split())
    # the codebook's meaning, without its clause on the file's column: the definitions follow in words
    assert ("North Korean troops in Kursk: casualties, people put out of action. Sources count different things: "
            "killed and wounded; killed, wounded and captured;") in text
    assert "estimate (an intelligence, government or analyst estimate)" in text
    assert "What “taken together” assumes. Running totals of killed or wounded by the date each describes." in text
    assert "It assumes that the claims count the same thing, among the same people, and that the count only rises" \
        in text


def test_the_first_page_of_a_death_toll_names_the_floor_and_its_methods():
    figures = load_figures(DATASETS["gaza"])
    text = " ".join(text_of(front_page(figures, dataset_of(figures), prepared_charts(figures))).split())
    # the survey's 75,200 with the interval its authors gave; the ministry's recorded count dated to its month
    assert ("Estimates of the killed among People in Gaza run from more than 30,000, by Tedros Adhanom Ghebreyesus "
            "(WHO), as of 2024-02, to 75,200 (63,600-86,800), by Gaza Mortality Survey (Spagat et al.), as of "
            "2025-01-05; the highest count of names or records is 68,875, by Gaza Ministry of Health, as of "
            "2025-11.") in text
    assert "count of names (deaths (or captives, ...) confirmed one by one by name: a floor, never an estimate)" \
        in text
    assert "study (a survey, capture-recapture or excess-mortality study; its low and high are its interval)" in text


# --- the charts page: every chart with its data -----------------------------------------------

def test_every_drawn_chart_links_its_rows_as_csv_and_a_chart_without_data_says_why():
    figures = load_figures(DATASETS["gaza"])
    prepared = prepared_charts(figures)
    not_drawn = {name: chart.title for name, chart in prepared.items() if chart.empty}
    page = charts_page(figures, dataset_of(figures), prepared, not_drawn)
    assert re.findall(r'href="charts/([^"]+)\.csv"', page) == [
        "02-casualty-claims-over-time", "07-claims-taken-together", "08-competing-estimates"]
    assert re.findall(r'<figure id="([^"]+)"', page) == [
        "02-casualty-claims-over-time", "07-claims-taken-together", "08-competing-estimates"]
    text = " ".join(text_of(page).split())
    assert "04-killed-and-wounded: No source gave both killed and wounded for People in Gaza." in text
    assert len(re.findall(r"<li>0[1-6]-", page)) == 5


# --- the charts to hover -----------------------------------------------------------------------

def test_hovering_shows_the_claim_as_worded_who_where_when_what_the_quote_and_the_link():
    figures = load_figures()
    rows = hover_rows(["zelenskyy-2025-01-05-more-possible", "kontur-kovalenko-casualties"], figures)
    assert list(rows.columns) == list(HOVER_FIELDS)
    assert rows.iloc[0].to_dict() == {
        "claim": "30,000-40,000 planned to be deployed", "range": "30,000-40,000 (as stated)",
        "counted": "North Korean troops in Russia; estimate", "source": "Volodymyr Zelenskyy", "outlet": "Newsis",
        "describes": "as of 2025-01-05", "stated": "2025-01-05",
        "quote": "그들(북한)은 더 많은 병력 3~4만명, 또는 50만명을 데려올 수 있다 (in English: They (North Korea) could "
                 "bring 30,000-40,000 more troops, or 500,000)",
        "url": "https://newsis.com/view/NISX20250106_0003022074"}
    assert rows.iloc[1][["claim", "range", "counted", "describes"]].tolist() == [
        "about 5,000 casualties", "4,500-5,500 (what the hedge allows)", "North Korean troops in Kursk; killed, wounded or captured; estimate",
        "as of 2025-01-31"]


def test_an_open_upper_end_is_said_on_hovering_and_no_high_is_invented():
    rows = hover_rows(["zelenskyy-2024-12-23-casualties"], load_figures())
    assert rows.iloc[0][["claim", "range"]].tolist() == ["more than 3,000 casualties",
                                                         "3,000 or more (the words give no upper end)"]


def test_a_studys_interval_is_the_authors_on_hovering():
    # the Gaza Mortality Survey's violent deaths to 2025-01-05: 75,200 with the interval 63,600-86,800
    rows = hover_rows(["gms-2025-violent"], load_figures(DATASETS["gaza"]))
    assert rows.iloc[0]["range"] == "63,600-86,800 (the authors' interval)"


def test_only_a_web_address_becomes_a_link():
    urls = pd.Series(["https://a.org/x", "javascript:alert(1)", None, "http://b.org/y z", "data:text/html,x",
                      "ftp://c.org"])
    assert web_address(urls).tolist() == ["https://a.org/x", None, None, None, None, None]


def test_each_chart_to_hover_carries_every_row_it_draws_with_its_words(each_dataset):
    figures, prepared = each_dataset
    for name in HOVER_CHARTS:
        if prepared[name].empty:
            continue
        spec = chart_spec(name, prepared[name], figures)
        data = [row for rows in spec["datasets"].values() for row in rows if "quote" in row]
        assert sorted(row["id"] for row in data) == sorted(prepared[name].rows["id"]), name
        assert all(set(HOVER_FIELDS) <= set(row) for row in data), name
        assert all(row["url"] is None or row["url"].startswith(("http://", "https://")) for row in data), name


def test_text_of_the_data_in_a_spec_cannot_close_its_script_block():
    hostile = "</script><script>document.title='PWNED'</script><!--"
    block = spec_block("chart-x", {"datasets": {"d": [{"quote": hostile, "note": "a & b > c"}]}})
    inside = re.search(r'<script type="application/json" data-chart="chart-x">(.*)</script>', block, re.S).group(1)
    assert "<" not in inside and ">" not in inside and "&" not in inside
    assert json.loads(inside) == {"datasets": {"d": [{"quote": hostile, "note": "a & b > c"}]}}
    assert block.count("</script>") == 1


def test_the_first_page_tells_the_flags_of_the_focus_figures_but_the_quotes():
    figures = load_figures()
    page = front_page(figures, dataset_of(figures), prepared_charts(figures))
    items = [" ".join(text_of(item).split()) for item in re.findall(r"<li>(.*?)</li>", page.split("</table>")[1])]
    # three flags compare a casualty figure of North Korean troops in Kursk; the quotes' are told on page 01
    assert [item.split(":")[0] for item in items[:3]] == [
        "running totals fit together", "same date ranges overlap", "same date ranges overlap"]
    # who said it, not who did it; the claims that rule it out named as a reader names them, not by their ids
    assert items[0] == ("running totals fit together: Volodymyr Zelenskyy said more than 3,000 (3,000 or more) "
                        "casualties as of 2024-12-23; the consistent claims allow 990-1,210 then: an equally large set "
                        "holds it, not the one chosen; ruled out by South Korea's Joint Chiefs of Staff's about 1,100 "
                        "(2024-12-23).")
    assert items[1] == ("same date ranges overlap: casualties on 2025-01-31: Alexander Kovalenko said about 5,000 "
                        "(4,500-5,500), Kyrylo Budanov said about 4,000 (3,600-4,400): the ranges do not overlap "
                        "(definitions: killed+wounded+captured and killed+wounded).")
    assert "The flags of the casualties of North Korean troops in Kursk:" in " ".join(text_of(page).split())


def test_a_first_page_without_flags_of_its_focus_lists_none():
    figures = load_figures(DATASETS["gaza"])
    page = front_page(figures, dataset_of(figures), prepared_charts(figures))
    assert "The flags of the" not in page  # the one flag (a Hamas official's figure of fighters) is not the focus's


def test_the_first_page_counts_the_focus_figures_coded_apart_from_their_quotes():
    # six of the twenty casualty figures of North Korean troops in Kursk are flagged by the quote check; one of the
    # Russian example's 29 killed figures (Mediazona's "over 10,000", coded at least)
    for dataset, words in [(None, "6 of the 20 figures of the casualties of North Korean troops in Kursk are coded"),
                           (DATASETS["russian"], "1 of the 29 figures of the killed of Russian forces in Ukraine is "
                                                 "coded")]:
        figures = load_figures(dataset)
        text = " ".join(text_of(front_page(figures, dataset_of(figures), prepared_charts(figures))).split())
        assert words + " apart from their quoted words" in text


def test_a_chart_to_hover_is_described_to_screen_readers_by_its_alt_text(bundled):
    page = front_page(*bundled)
    label = re.search(r'<div class="hover-chart" id="chart-08-competing-estimates" role="img" aria-label="([^"]*)">',
                      page).group(1)
    assert html.unescape(label) == bundled[2]["08-competing-estimates"].alt
    assert html.unescape(label).startswith("A range plot of 10 sources' latest figures of the casualties")
