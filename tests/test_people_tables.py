"""Tables for people (casualty.present.people): every cell as a reader reads it, escaped, with no index."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import casualty
from casualty.present.people import CLASS, people_table, table_html

#: A small frame with each thing a raw frame shows badly: missing values of each kind, infinity, a tuple of ids,
#: a whole float, a share, a safe and an unsafe address, and a quote holding a script.
FRAME = pd.DataFrame({
    "source": ["Alpha Bureau", "Beta <Radio>", "Gamma"],
    "url": ["https://example.org/a?x=1&y=2", "javascript:alert(1)", None],
    "killed": [52000.0, np.nan, 3.0],
    "high": [np.inf, -np.inf, 12.5],
    "share": [0.0404, None, 0.5],
    "figures": [("a",), ("b", "c"), None],
    "quote": ["<script>alert(1)</script>", pd.NA, "Kovalenko's & \"about\" 5,000"],
    "as of": [pd.Timestamp("2025-01-31"), pd.NaT, pd.Timestamp("2024-11-05")],
    "note": [None, "2025-01", float("nan")],
    "fits": [True, False, True],
}, index=[7, 3, 9])


def _rows(html: str) -> list[list[str]]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", body)]


def _headers(html: str) -> list[str]:
    return re.findall(r"<th(?: [^>]*)?>(.*?)</th>", html)


def test_every_cell_is_worded_for_people():
    assert _rows(table_html(FRAME)) == [
        ['<a href="https://example.org/a?x=1&amp;y=2">Alpha Bureau</a>', "52,000", "no upper bound", "4.0%", "a",
         "&lt;script&gt;alert(1)&lt;/script&gt;", "2025-01-31", "", "yes"],
        ["Beta &lt;Radio&gt;", "", "no lower bound", "", "b, c", "", "", "2025-01", "no"],
        ["Gamma", "3", "13", "50%", "", "Kovalenko's &amp; \"about\" 5,000", "2024-11-05", "", "yes"],
    ]


def test_the_url_column_links_the_source_and_is_not_shown():
    assert _headers(table_html(FRAME)) == ["source", "killed", "high", "share", "figures", "quote", "as of", "note",
                                           "fits"]


def test_a_javascript_address_never_becomes_a_link():
    html = table_html(FRAME)
    assert "javascript" not in html
    assert html.count("<a ") == 1


@pytest.mark.parametrize("url", ["javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)",
                                 "data:text/html,<b>x</b>", "//example.org/a", "https:/no-host", "ftp://example.org"])
def test_only_an_http_or_https_address_with_a_host_is_linked(url):
    html = table_html(pd.DataFrame({"source": ["Alpha"], "url": [url]}))
    assert _rows(html) == [["Alpha"]]


def test_no_script_and_no_index_in_the_html():
    html = table_html(FRAME)
    assert "<script" not in html and "<th" not in html.split("<tbody>", 1)[1]
    assert not re.search(r"\bNaN\b|\bNone\b|&lt;NA&gt;|<NA>|\binf\b|\('|\bnan\b|\bNaT\b", html)


def test_numbers_are_right_aligned_short_text_kept_on_a_line_and_long_text_wrapped_in_a_bounded_width():
    long = "a quote long enough to wrap over several lines of a narrow column, as quotes are"
    html = table_html(pd.DataFrame({"killed": [52000.0], "as of": ["2025-01-31"], "source": ["Alexander Kovalenko"],
                                    "quote": [long]}))
    assert ('<tr><td class="number">52,000</td><td class="short">2025-01-31</td>'
            f'<td class="text">Alexander Kovalenko</td><td class="long">{long}</td></tr>') in html
    table = f"div.{CLASS} table.{CLASS}"
    assert f"{table} .short {{white-space: nowrap}}" in html
    assert f"{table} .long {{min-width: 18em; max-width: 36em}}" in html


def test_the_table_scrolls_sideways_in_a_box_with_its_own_scoped_style():
    html = table_html(FRAME, caption="Claims <by source>")
    style, rest = html.split("</style>", 1)
    assert style.startswith("<style>") and f"div.{CLASS} {{overflow-x: auto; max-width: 100%" in style
    # every rule of the style is scoped by the class: nothing else on the page changes
    assert all(rule.strip().startswith(f"div.{CLASS}") for rule in re.findall(r"(?:^|}|,)\s*([^{},]+){", style[7:]))
    assert rest.strip().startswith(f'<div class="{CLASS}"><table class="{CLASS}"><caption>Claims &lt;by source&gt;'
                                   "</caption>")


def test_an_index_that_names_its_rows_becomes_the_first_column():
    counts = pd.DataFrame({"flag": [1, 0], "ok": [2, 1200]}, index=pd.Index(["rule a", "rule b"], name="rule"))
    html = table_html(counts)
    assert _headers(html) == ["rule", "flag", "ok"]
    assert _rows(html) == [["rule a", "1", "2"], ["rule b", "0", "1,200"]]


def test_the_text_repr_is_the_cells_as_plain_text():
    table = people_table(FRAME[["source", "killed", "high"]])
    assert str(table) == repr(table) == ("      source killed           high\n"
                                         "Alpha Bureau 52,000 no upper bound\n"
                                         "Beta <Radio>        no lower bound\n"
                                         "       Gamma      3             13")
    assert table._repr_html_() == table_html(FRAME[["source", "killed", "high"]])
    assert not hasattr(table, "_repr_markdown_")


def test_an_empty_table_has_its_headers_and_no_rows():
    table = people_table(pd.DataFrame(columns=["source", "claim"]))
    assert _headers(table.html()) == ["source", "claim"] and _rows(table.html()) == []
    assert str(table) == "source  claim"


def test_the_frame_given_is_left_as_it_was():
    before = FRAME.copy()
    people_table(FRAME)
    pd.testing.assert_frame_equal(FRAME, before)


def test_the_notebook_tables_are_people_tables():
    from casualty.present import checks_table, claims_table
    from casualty.present.sections import competing_table, shown

    figures = casualty.load_figures()
    claims = people_table(claims_table(figures))
    assert "url" not in claims.cells.columns and claims.cells.columns[-1] == "id"
    html = claims.html()
    assert html.count('<a href="http') == len(figures)  # every bundled figure names its page
    table = shown(competing_table(figures))
    assert table.cells.columns.tolist() == ["source", "as of", "claim", "range", "how made", "counted", "outlet",
                                            "id"]
    checks = people_table(checks_table(casualty.check_consistency(figures), figures))
    assert checks.cells["figures"].iloc[0] == ("kontur-kovalenko-casualty-share, kontur-casualties, "
                                               "kontur-nk-deployed")
