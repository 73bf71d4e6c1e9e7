"""The specification of ``casualty.load.read.load_figures``.

One behaviour per test. Bad files are variants of ``FIXTURE`` (the header and
the first three rows of data/figures.csv), written to ``tmp_path``. Every
problem is asserted as the exact line ``FILE:LINE: COLUMN: what (got 'VALUE')``.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import pandas as pd
import pytest

from casualty.load.problems import first_not_utf8
from casualty.load.read import FiguresError, bundled_figures_path, load_figures
from casualty.vocabulary import QUALIFIERS

# Lines 1-4 of data/figures.csv: line 2 is `deployed` (about, as_of 2024-11),
# line 3 `casualties` (about, with a definition), line 4 `casualty_share`
# (percent, more_than 40).
FIXTURE = '''\
id,subject,metric,definition,unit,value,low,high,qualifier,as_of,window_start,stated,source,source_role,side,outlet,report,url,quote,note
kontur-nk-deployed,North Korean troops in Kursk,deployed,,people,11000,,,about,2024-11,,2025-02-07,South Korean and Western estimates,intelligence estimates,South Korea and Western,Kontur,kontur-2025-02-07,,"About 11,000 North Koreans were fighting in Kursk province in November, according to South Korean and Western estimates.","The subhead repeats it: ""Of the estimated 11,000 North Koreans sent to fight in Kursk province in November""."
kontur-kovalenko-casualties,North Korean troops in Kursk,casualties,killed+wounded+captured,people,5000,,,about,2025-01-31,,2025-02-07,Alexander Kovalenko,"military analyst, InfoResist correspondent in Odesa",Ukraine,Kontur,kontur-2025-02-07,,"As of the end of January, about 5,000 of them -- more than 40% -- had been killed, wounded or captured",Said to Kontur; the article gives no separate date for the remark.
kontur-kovalenko-casualty-share,North Korean troops in Kursk,casualty_share,killed+wounded+captured,percent,40,,,more_than,2025-01-31,,2025-02-07,Alexander Kovalenko,"military analyst, InfoResist correspondent in Odesa",Ukraine,Kontur,kontur-2025-02-07,,"about 5,000 of them -- more than 40% -- had been killed, wounded or captured","The subhead repeats it: ""more than 40% have been killed, wounded or captured, analysts say""."
'''

# How the loader shows each fixture line in structural messages (60 characters).
LINE_2_SHOWN = "kontur-nk-deployed,North Korean troops in Kursk,deployed,,pe..."
LINE_3_SHOWN = "kontur-kovalenko-casualties,North Korean troops in Kursk,cas..."
LINE_4_SHOWN = "kontur-kovalenko-casualty-share,North Korean troops in Kursk..."
HEADER_SHOWN = "id,subject,metric,definition,unit,value,low,high,qualifier,a..."

# killed_confirmed is no longer a metric (it is read as killed with method named_list); deaths and
# population are new: the words of vocabulary.METRICS in their order.
UNKNOWN_METRIC = (
    "unknown metric; use one of: deployed, deployment_planned, casualties, killed, deaths, wounded, "
    "captured, missing, wounded_repatriated, group_size, units, units_destroyed, units_damaged, "
    "casualty_share, killed_share, captured_share, population"
)


# --- helpers -----------------------------------------------------------------

def fixture_rows() -> list[list[str]]:
    return list(csv.reader(io.StringIO(FIXTURE)))


def to_csv(rows: list[list[str]], delimiter: str = ",") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return out.getvalue()


def with_cells(line: int, **cells: str) -> str:
    """The fixture with cells of file line ``line`` (2, 3 or 4) replaced by column name."""
    rows = fixture_rows()
    header = rows[0]
    for column, text in cells.items():
        rows[line - 1][header.index(column)] = text
    return to_csv(rows)


def with_raw_cell(line: int, column: str, raw: str) -> str:
    """The fixture with one cell replaced by ``raw`` exactly as written, quotes and all."""
    return with_cells(line, **{column: "\x01"}).replace("\x01", raw)


def write(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / "figures.csv"
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def problems(source) -> list[str]:
    """Each problem as the line `casualty validate` prints for it alone."""
    with pytest.raises(FiguresError) as info:
        load_figures(source)
    return [str(p) for p in info.value.problems]


def row(figures: pd.DataFrame, figure_id: str) -> pd.Series:
    (found,) = figures.index[figures["id"] == figure_id]
    return figures.loc[found]


@pytest.fixture(scope="module")
def bundled() -> pd.DataFrame:
    return load_figures()


# --- the fixture itself ------------------------------------------------------

def test_fixture_loads_with_bounds_filled_by_the_qualifier(tmp_path):
    figures = load_figures(write(tmp_path, FIXTURE))
    assert figures["id"].tolist() == [
        "kontur-nk-deployed", "kontur-kovalenko-casualties", "kontur-kovalenko-casualty-share",
    ]
    assert figures["value"].tolist() == [11000.0, 5000.0, 40.0]
    assert figures["low"].tolist() == [9900.0, 4500.0, 40.0]
    assert figures["high"].tolist() == [12100.0, 5500.0, 50.0]
    assert figures["best"].tolist() == [11000.0, 5000.0, 40.0]
    assert figures["bounds_from"].tolist() == ["qualifier", "qualifier", "qualifier"]
    assert figures["line"].tolist() == [2, 3, 4]


# --- the header --------------------------------------------------------------

def test_missing_column_is_reported_on_the_header_line(tmp_path):
    rows = [r[:-1] for r in fixture_rows()]  # drop `note`, the last column
    path = write(tmp_path, to_csv(rows))
    assert problems(path) == [f"{path}:1: header: missing column 'note' (got '')"]


def test_unknown_column_is_reported_on_the_header_line(tmp_path):
    rows = fixture_rows()
    rows = [rows[0] + ["extra"]] + [r + [""] for r in rows[1:]]
    path = write(tmp_path, to_csv(rows))
    assert problems(path) == [f"{path}:1: header: unknown column (got 'extra')"]


def test_column_named_twice_is_reported_on_the_header_line(tmp_path):
    rows = fixture_rows()
    rows = [rows[0] + ["quote"]] + [r + ["again"] for r in rows[1:]]
    path = write(tmp_path, to_csv(rows))
    assert problems(path) == [f"{path}:1: header: column named twice (got 'quote')"]


def test_semicolon_separated_file_is_told_to_use_commas(tmp_path):
    path = write(tmp_path, to_csv(fixture_rows(), delimiter=";"))
    assert problems(path) == [
        f"{path}:1: header: columns must be separated by commas, not semicolons "
        "(got 'id;subject;metric;definition;unit;value;low;high;qualifier;a')"
    ]


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n\n"], ids=["0-bytes", "whitespace-only"])
def test_empty_file_is_an_error(tmp_path, content):
    path = write(tmp_path, content)
    assert problems(path) == [f"{path}:1: file: the file is empty (got '')"]


def test_header_with_no_rows_is_an_error(tmp_path):
    path = write(tmp_path, FIXTURE.splitlines(keepends=True)[0])
    assert problems(path) == [f"{path}:1: file: a header with no rows below it (got '{HEADER_SHOWN}')"]


# --- numbers -----------------------------------------------------------------

@pytest.mark.parametrize("text", ["11,000", "abc"])
def test_value_that_is_not_a_number_is_an_error(tmp_path, text):
    path = write(tmp_path, with_cells(2, value=text))
    assert problems(path) == [f"{path}:2: value: is not a number; write digits only, like 11000 (got '{text}')"]


def test_negative_value_is_an_error(tmp_path):
    path = write(tmp_path, with_cells(2, value="-5"))
    assert problems(path) == [f"{path}:2: value: is negative (got '-5')"]


def test_nan_value_is_an_error(tmp_path):
    path = write(tmp_path, with_cells(2, value="nan"))
    assert problems(path) == [f"{path}:2: value: NaN is not a number (got 'nan')"]


def test_infinite_value_is_an_error(tmp_path):
    path = write(tmp_path, with_cells(2, value="inf"))
    assert problems(path) == [f"{path}:2: value: is infinite (got 'inf')"]


def test_whole_value_past_the_int64_range_loads(tmp_path):
    figures = load_figures(write(tmp_path, with_cells(2, value="1e20", qualifier="exact")))
    first = figures.iloc[0]
    assert (first["value"], first["low"], first["high"]) == (1e20, 1e20, 1e20)


def test_value_past_the_int64_range_is_written_as_a_power_of_ten_in_a_problem(tmp_path):
    path = write(tmp_path, with_cells(2, value="1e20", low="2e20"))
    assert problems(path) == [f"{path}:2: low: is above the value 1e+20 (got '2e20')"]


def test_row_with_no_number_at_all_is_an_error(tmp_path):
    path = write(tmp_path, with_cells(2, value="", low="", high="", qualifier="about"))
    assert problems(path) == [f"{path}:2: value: no number: give a value, or both low and high (got '')"]


def test_blank_value_with_only_low_is_an_error(tmp_path):
    path = write(tmp_path, with_cells(2, value="", low="10000"))
    assert problems(path) == [f"{path}:2: value: no number: give a value, or both low and high (got '')"]


def test_blank_value_with_dozens_takes_the_fixed_range(tmp_path):
    figures = load_figures(write(tmp_path, with_cells(2, value="", qualifier="dozens")))
    first = figures.iloc[0]
    assert math.isnan(first["value"])
    assert (first["low"], first["high"], first["best"]) == (24.0, 99.0, 61.5)
    assert first["bounds_from"] == "qualifier"


# --- bounds ------------------------------------------------------------------

def test_low_above_value_is_an_error(tmp_path):
    path = write(tmp_path, with_cells(2, low="12000"))
    assert problems(path) == [f"{path}:2: low: is above the value 11000 (got '12000')"]


def test_value_above_high_is_an_error(tmp_path):
    path = write(tmp_path, with_cells(2, high="10000"))
    assert problems(path) == [f"{path}:2: high: is below the value 11000 (got '10000')"]


def test_value_outside_the_qualifiers_fixed_range_is_an_error(tmp_path):
    path = write(tmp_path, with_cells(2, value="150", qualifier="dozens"))
    assert problems(path) == [f"{path}:2: high: the qualifier's upper bound is below the value 150 (got '99')"]


def test_percent_over_100_is_an_error(tmp_path):
    path = write(tmp_path, with_cells(4, value="140"))
    # only this: the capped more_than bound (100) below the value is not reported again
    assert problems(path) == [f"{path}:4: value: a percentage over 100 (got '140')"]


def test_percent_bound_from_more_than_is_capped_at_100(tmp_path):
    figures = load_figures(write(tmp_path, with_cells(4, value="90")))
    share = figures.iloc[2]
    assert (share["value"], share["low"], share["high"]) == (90.0, 90.0, 100.0)


def test_exact_decimal_value_is_its_own_range(tmp_path):
    # 89.968 * 100 / 100 is 89.96800000000002 in floating point
    figures = load_figures(write(tmp_path, with_cells(2, value="89.968", qualifier="exact")))
    assert (figures.iloc[0]["low"], figures.iloc[0]["high"]) == (89.968, 89.968)


@pytest.mark.parametrize("qualifier, bound", [
    ("more_than", "low"), ("at_least", "low"),
    ("almost", "high"), ("approaching", "high"), ("less_than", "high"), ("up_to", "high"),
])
def test_the_qualifiers_bound_at_the_value_is_the_decimal_value_itself(tmp_path, qualifier, bound):
    figures = load_figures(write(tmp_path, with_cells(2, value="89.968", qualifier=qualifier)))
    assert figures.iloc[0][bound] == 89.968


# --- dates -------------------------------------------------------------------

@pytest.mark.parametrize("text", ["Jan 2025", "2025/01/13"])
def test_date_in_another_format_is_an_error(tmp_path, text):
    path = write(tmp_path, with_cells(2, as_of=text))
    assert problems(path) == [f"{path}:2: as_of: is not a date; write YYYY-MM-DD, YYYY-MM or YYYY (got '{text}')"]


@pytest.mark.parametrize("text", ["2025-02-30", "2025-13"])
def test_impossible_date_is_an_error(tmp_path, text):
    path = write(tmp_path, with_cells(2, as_of=text))
    assert problems(path) == [f"{path}:2: as_of: is not a real date (got '{text}')"]


@pytest.mark.parametrize("text", ["٢٠٢٤-11", "２０２４-11"], ids=["arabic-indic", "full-width"])
def test_date_with_digits_of_another_script_is_an_error(tmp_path, text):
    path = write(tmp_path, with_cells(2, as_of=text))
    assert problems(path) == [f"{path}:2: as_of: is not a date; write YYYY-MM-DD, YYYY-MM or YYYY (got '{text}')"]


def test_stated_before_as_of_is_an_error(tmp_path):
    path = write(tmp_path, with_cells(2, as_of="2025-02-01", stated="2025-01-31"))
    assert problems(path) == [
        f"{path}:2: stated: is before as_of 2025-02-01: a figure cannot describe a date "
        "after it was stated (got '2025-01-31')"
    ]


def test_stated_month_containing_as_of_is_fine(tmp_path):
    figures = load_figures(write(tmp_path, with_cells(2, as_of="2025-01-13", stated="2025-01")))
    first = figures.iloc[0]
    assert first["as_of"] == pd.Timestamp("2025-01-13")
    assert first["stated"] == pd.Timestamp("2025-01-01")
    assert first["stated_precision"] == "month"


def test_window_start_after_as_of_is_an_error(tmp_path):
    path = write(tmp_path, with_cells(2, window_start="2024-12"))
    assert problems(path) == [
        f"{path}:2: window_start: is after as_of 2024-11: a window must start on or before "
        "its end (got '2024-12')"
    ]


def test_window_start_inside_an_as_of_month_is_fine(tmp_path):
    figures = load_figures(write(tmp_path, with_cells(2, window_start="2024-11-15")))
    assert figures.iloc[0]["window_start"] == pd.Timestamp("2024-11-15")


# --- words, ids and addresses ------------------------------------------------

def test_duplicate_ids_name_the_line_of_first_use(tmp_path):
    rows = fixture_rows()
    rows[2][0] = rows[3][0] = "kontur-nk-deployed"
    path = write(tmp_path, to_csv(rows))
    assert problems(path) == [
        f"{path}:3: id: duplicate id, first used on line 2 (got 'kontur-nk-deployed')",
        f"{path}:4: id: duplicate id, first used on line 2 (got 'kontur-nk-deployed')",
    ]


@pytest.mark.parametrize("column, message", [
    ("metric", UNKNOWN_METRIC),
    ("unit", "unknown unit; use one of: people, brigades, regiments, battalions, companies, "
             "divisions, percent"),
    ("qualifier", "unknown qualifier; use one of: exact, about, more_than, at_least, almost, "
                  "approaching, less_than, up_to, several, dozens, several_hundred, hundreds, "
                  "several_thousand, thousands, tens_of_thousands, hundreds_of_thousands"),
    # an unknown word lists every definition, those of deaths too; a known word of another metric's is
    # definition_does_not_fit, which lists the metric's own
    ("definition", "unknown definition; use one of: killed+wounded, killed+wounded+captured, "
                   "killed+wounded+missing, killed+wounded+missing+captured, direct+indirect, indirect, excess, "
                   "unspecified"),
])
def test_unknown_word_lists_the_known_ones(tmp_path, column, message):
    path = write(tmp_path, with_cells(3, **{column: "foo"}))
    assert problems(path) == [f"{path}:3: {column}: {message} (got 'foo')"]


def test_unit_that_does_not_fit_the_metric_is_an_error(tmp_path):
    path = write(tmp_path, with_cells(3, unit="brigades"))
    assert problems(path) == [
        f"{path}:3: unit: does not fit the metric: casualties is counted in people (got 'brigades')"
    ]


@pytest.mark.parametrize("column", [
    "id", "subject", "metric", "unit", "qualifier", "as_of",
    "stated", "source", "side", "outlet", "report", "quote",
])
def test_blank_required_field_is_an_error(tmp_path, column):
    path = write(tmp_path, with_cells(3, **{column: ""}))
    assert problems(path) == [f"{path}:3: {column}: is blank; every figure needs it (got '')"]


def test_casualties_with_blank_definition_is_an_error(tmp_path):
    path = write(tmp_path, with_cells(3, definition=""))
    assert problems(path) == [
        f"{path}:3: definition: is blank; say what the figure counted: one of killed+wounded, "
        "killed+wounded+captured, killed+wounded+missing, killed+wounded+missing+captured, "
        "unspecified (got '')"
    ]


@pytest.mark.parametrize("url", ["ftp://x", "www.example.com"])
def test_url_that_is_not_http_is_an_error(tmp_path, url):
    path = write(tmp_path, with_cells(3, url=url))
    assert problems(path) == [
        f"{path}:3: url: is not a web address starting with http:// or https:// (got '{url}')"
    ]


def test_two_addresses_on_two_lines_of_one_cell_are_not_a_web_address(tmp_path):
    path = write(tmp_path, with_cells(3, url="https://a.org\nhttps://b.org", note="one\ntwo"))
    assert [(p.line, p.column, p.reason, p.got) for p in pytest.raises(FiguresError, load_figures, path).value.problems
            ] == [(3, "url", "url_not_http", "https://a.org\\nhttps://b.org")]


def test_blank_url_is_accepted_as_missing(tmp_path):
    figures = load_figures(write(tmp_path, with_cells(2, url="")))
    assert pd.isna(figures.iloc[0]["url"])


def test_https_url_is_accepted(tmp_path):
    figures = load_figures(write(tmp_path, with_cells(3, url="https://example.com/a?b=1")))
    assert figures.iloc[1]["url"] == "https://example.com/a?b=1"


# --- CSV structure -----------------------------------------------------------

def test_too_many_fields_names_the_line_and_the_extra_field(tmp_path):
    lines = FIXTURE.splitlines(keepends=True)
    lines[2] = lines[2].rstrip("\n") + ",extra\n"
    path = write(tmp_path, "".join(lines))
    assert problems(path) == [
        f"{path}:3: field 21: too many fields: the row has 21, the header 20 (got '{LINE_3_SHOWN}')"
    ]


def test_too_few_fields_names_the_line_and_the_first_missing_column(tmp_path):
    rows = fixture_rows()
    rows[2] = rows[2][:17]  # up to report; url, quote and note are missing
    path = write(tmp_path, to_csv(rows))
    assert problems(path) == [
        f"{path}:3: url: too few fields: the row has 17, the header 20 (got '{LINE_3_SHOWN}')"
    ]


def test_stray_quote_inside_a_field_is_an_error(tmp_path):
    path = write(tmp_path, with_raw_cell(2, "source_role", 'says "hi" here'))
    assert problems(path) == [
        f"{path}:2: source_role: a stray quote: quote a whole field and double any quote "
        f"inside it (got '{LINE_2_SHOWN}')"
    ]


def test_unclosed_quote_is_reported_where_it_opens(tmp_path):
    path = write(tmp_path, with_raw_cell(2, "source_role", '"intelligence estimates'))
    assert problems(path) == [
        f"{path}:2: source_role: a quote opened here is never closed (got '{LINE_2_SHOWN}')"
    ]


def test_unclosed_quote_in_the_last_field_of_the_file_is_an_error(tmp_path):
    path = write(tmp_path, with_raw_cell(4, "note", '"never closed'))
    assert problems(path) == [
        f"{path}:4: note: a quote opened here is never closed (got '{LINE_4_SHOWN}')"
    ]


def test_not_utf8_names_the_line_and_the_column(tmp_path):
    # the quote cell holds a comma before the latin-1 byte: the column is still `quote`
    text = with_cells(2, quote="about 11,000 at the café")
    path = write(tmp_path, text.encode("latin-1"))
    assert problems(path) == [f"{path}:2: quote: not UTF-8 text; save the file as UTF-8 (got '\\xe9')"]


def test_nul_byte_is_an_error(tmp_path):
    path = write(tmp_path, with_raw_cell(3, "note", "a\x00b"))
    assert problems(path) == [f"{path}:3: file: a NUL byte; this is not a text CSV file (got '\\x00')"]


def test_bare_cr_inside_a_field_is_an_error(tmp_path):
    path = write(tmp_path, with_raw_cell(2, "source_role", "intelligence\restimates"))
    assert problems(path) == [
        f"{path}:2: source_role: a line break that is a bare CR; save the file with LF or CRLF "
        f"line endings (got '{LINE_2_SHOWN}')"
    ]


def test_not_utf8_in_the_header_is_reported_on_the_header(tmp_path):
    path = write(tmp_path, b"\x80" + FIXTURE.encode("utf-8")[1:])  # the first byte of `id`
    assert problems(path) == [f"{path}:1: header: not UTF-8 text; save the file as UTF-8 (got '\\x80')"]


def test_line_break_in_a_bad_value_is_shown_escaped(tmp_path):
    path = write(tmp_path, with_cells(3, qualifier="about\nmore"))
    (problem,) = problems(path)
    assert problem.startswith(f"{path}:3: qualifier: unknown qualifier; use one of: exact, ")
    assert problem.endswith("(got 'about\\nmore')")


def test_line_break_in_a_row_with_too_few_fields_is_shown_escaped(tmp_path):
    rows = fixture_rows()
    rows[2] = ["kontur\nkovalenko"] + rows[2][1:17]
    path = write(tmp_path, to_csv(rows))
    assert problems(path) == [
        f"{path}:3: url: too few fields: the row has 17, the header 20 "
        "(got '\"kontur\\nkovalenko\",North Korean troops in Kursk,casualties,k...')"
    ]


def test_many_rows_with_the_same_wrong_field_count_are_counted_exactly_and_shown_as_one_line(tmp_path):
    header = FIXTURE.splitlines()[0]
    path = write(tmp_path, header + "\n" + "".join(f"r{i}\n" for i in range(1003)))
    with pytest.raises(FiguresError) as info:
        load_figures(path)
    found = info.value.problems
    assert len(found) == 1003
    assert str(found[0]) == f"{path}:2: subject: too few fields: the row has 1, the header 20 (got 'r0')"
    assert {p.reason for p in found} == {"too_few_fields"}
    assert [p.line for p in found] == list(range(2, 1005))
    assert str(info.value) == (f"{path}: 1003 problems\n{path}:2-1004: subject: too few fields: the row has 1, "
                               "the header 20 (1003 lines; got 'r0' on line 2)")


def test_file_with_bare_cr_line_endings_is_an_error(tmp_path):
    path = write(tmp_path, FIXTURE.replace("\n", "\r"))
    assert problems(path) == [
        f"{path}:1: note: a line break that is a bare CR; save the file with LF or CRLF "
        f"line endings (got '{HEADER_SHOWN}')"
    ]


# --- files that load fine ----------------------------------------------------

def test_utf8_bom_is_ignored(tmp_path):
    figures = load_figures(write(tmp_path, b"\xef\xbb\xbf" + FIXTURE.encode("utf-8")))
    assert figures.columns[0] == "id"
    assert figures["id"].tolist()[0] == "kontur-nk-deployed"


def test_crlf_line_endings_load_like_lf(tmp_path):
    figures = load_figures(write(tmp_path, FIXTURE.replace("\n", "\r\n")))
    assert figures["line"].tolist() == [2, 3, 4]
    assert figures["note"].tolist()[1] == "Said to Kontur; the article gives no separate date for the remark."


def test_trailing_blank_lines_are_ignored(tmp_path):
    figures = load_figures(write(tmp_path, FIXTURE + "\n\n\n"))
    assert figures["line"].tolist() == [2, 3, 4]


def test_blank_line_in_the_middle_is_skipped_and_counted(tmp_path):
    lines = FIXTURE.splitlines(keepends=True)
    figures = load_figures(write(tmp_path, "".join(lines[:2] + ["\n"] + lines[2:])))
    assert figures["id"].tolist() == [
        "kontur-nk-deployed", "kontur-kovalenko-casualties", "kontur-kovalenko-casualty-share",
    ]
    assert figures["line"].tolist() == [2, 4, 5]


def test_a_row_of_nothing_but_commas_is_skipped_as_a_blank_line_is(tmp_path):
    lines = FIXTURE.splitlines(keepends=True)
    empty_row = "," * 19 + "\n"  # what a spreadsheet writes for an empty row
    figures = load_figures(write(tmp_path, "".join(lines[:2] + [empty_row] + lines[2:] + [empty_row])))
    assert figures["id"].tolist() == [
        "kontur-nk-deployed", "kontur-kovalenko-casualties", "kontur-kovalenko-casualty-share",
    ]
    assert figures["line"].tolist() == [2, 4, 5]
    assert figures.index.tolist() == [0, 1, 2]


def test_a_row_of_empty_quoted_cells_is_skipped_too(tmp_path):
    lines = FIXTURE.splitlines(keepends=True)
    figures = load_figures(write(tmp_path, "".join(lines[:2] + [",".join(['""'] * 20) + "\n"] + lines[2:])))
    assert figures["line"].tolist() == [2, 4, 5]


def test_a_header_above_only_empty_rows_is_a_header_without_rows(tmp_path):
    header = FIXTURE.splitlines()[0]
    path = write(tmp_path, header + "\n" + ("," * 19 + "\n") * 3)
    assert problems(path) == [f"{path}:1: file: a header with no rows below it (got '{HEADER_SHOWN}')"]


def test_a_row_with_one_blank_cell_is_not_an_empty_row(tmp_path):
    path = write(tmp_path, with_cells(3, id=""))
    assert problems(path) == [f"{path}:3: id: is blank; every figure needs it (got '')"]


def test_near_misses_of_a_vocabulary_word_are_answered_with_the_word(tmp_path):
    cases = {"About": "about", "about ": "about", " more than": "more_than", "More-Than": "more_than",
             "at leats": "at_least", "several hundreds": "several_hundred"}
    for got, meant in cases.items():
        path = write(tmp_path, with_cells(2, qualifier=got))
        assert problems(path) == [f"{path}:2: qualifier: unknown qualifier; did you mean '{meant}'? (got '{got}')"]


def test_a_word_far_from_every_vocabulary_word_gets_the_whole_list(tmp_path):
    path = write(tmp_path, with_cells(2, unit="persons"))
    assert problems(path) == [f"{path}:2: unit: unknown unit; use one of: people, brigades, regiments, "
                              "battalions, companies, divisions, percent (got 'persons')"]


def test_an_empty_last_column_name_says_it_is_likely_a_trailing_comma(tmp_path):
    lines = FIXTURE.splitlines(keepends=True)
    path = write(tmp_path, lines[0].rstrip("\n") + ",\n" + "".join(lines[1:]))
    with pytest.raises(FiguresError) as info:
        load_figures(path)
    (problem,) = info.value.problems
    assert (problem.line, problem.column, problem.reason, problem.got) == (1, "field 21", "empty_column_name", "")
    assert "trailing comma" in problem.message


def test_an_empty_column_name_in_the_middle_is_named_by_its_position(tmp_path):
    lines = FIXTURE.splitlines(keepends=True)
    path = write(tmp_path, lines[0].replace(",note", ",,note") + "".join(line.replace("\n", ",\n") if i else line
                                                                           for i, line in enumerate(lines[1:], 1)))
    with pytest.raises(FiguresError) as info:
        load_figures(path)
    assert [(p.column, p.reason) for p in info.value.problems] == [("field 20", "empty_column_name")]
    assert info.value.problems[0].message == "column 20 has no name: an empty column? Delete it, or give it its name"


def test_a_trailing_comma_on_every_row_is_one_message_naming_the_lines(tmp_path):
    lines = FIXTURE.splitlines()
    path = write(tmp_path, "\n".join([lines[0]] + [line + "," for line in lines[1:]]) + "\n")
    with pytest.raises(FiguresError) as info:
        load_figures(path)
    assert [(p.line, p.reason) for p in info.value.problems] == [(2, "too_many_fields"), (3, "too_many_fields"),
                                                                 (4, "too_many_fields")]
    head, shown = str(info.value).splitlines()
    assert head == f"{path}: 3 problems"
    assert shown.startswith(f"{path}:2-4: field 21: one field more than the header, and the row ends with a comma: "
                            "a trailing comma? Delete it (3 lines; got 'kontur-nk-deployed,")


def test_blank_lines_before_the_header_are_skipped_and_counted(tmp_path):
    figures = load_figures(write(tmp_path, "\n\n" + FIXTURE))
    assert figures["line"].tolist() == [4, 5, 6]


def test_quoted_field_with_newlines_loads_and_lines_are_physical(tmp_path):
    figures = load_figures(write(tmp_path, with_cells(2, quote="About 11,000\nNorth Koreans\nin Kursk")))
    assert figures.iloc[0]["quote"] == "About 11,000\nNorth Koreans\nin Kursk"
    assert figures["line"].tolist() == [2, 5, 6]


def multi_line_then(line: int, **cells: str) -> list[list[str]]:
    rows = fixture_rows()
    header = rows[0]
    rows[1][header.index("quote")] = "About 11,000\nNorth Koreans\nin Kursk"  # lines 2-4
    for column, text in cells.items():
        rows[line - 1][header.index(column)] = text
    return rows


def test_value_error_after_a_multi_line_field_has_the_physical_line(tmp_path):
    path = write(tmp_path, to_csv(multi_line_then(4, metric="foo")))  # the third row
    assert problems(path) == [f"{path}:6: metric: {UNKNOWN_METRIC} (got 'foo')"]


def test_field_count_error_after_a_multi_line_field_has_the_physical_line(tmp_path):
    rows = multi_line_then(4)
    rows[3] = rows[3][:18]
    path = write(tmp_path, to_csv(rows))
    assert problems(path) == [
        f"{path}:6: quote: too few fields: the row has 18, the header 20 (got '{LINE_4_SHOWN}')"
    ]


def test_quote_error_after_a_multi_line_field_has_the_physical_line(tmp_path):
    text = to_csv(multi_line_then(4, source_role="\x01")).replace("\x01", 'x"y')
    path = write(tmp_path, text)
    assert problems(path) == [
        f"{path}:6: source_role: a stray quote: quote a whole field and double any quote "
        f"inside it (got '{LINE_4_SHOWN}')"
    ]


# --- many problems -----------------------------------------------------------

def test_all_problems_are_reported_sorted_by_line_then_column(tmp_path):
    rows = fixture_rows()
    header = rows[0]
    rows[1][header.index("url")] = "ftp://x"
    rows[2][header.index("unit")] = "brigades"
    rows[3][header.index("value")] = "abc"
    rows[3][header.index("id")] = "kontur-nk-deployed"
    path = write(tmp_path, to_csv(rows))
    expected = [
        f"{path}:2: url: is not a web address starting with http:// or https:// (got 'ftp://x')",
        f"{path}:3: unit: does not fit the metric: casualties is counted in people (got 'brigades')",
        f"{path}:4: id: duplicate id, first used on line 2 (got 'kontur-nk-deployed')",
        f"{path}:4: value: is not a number; write digits only, like 11000 (got 'abc')",
    ]
    with pytest.raises(FiguresError) as info:
        load_figures(path)
    assert [str(p) for p in info.value.problems] == expected
    assert [(p.line, p.column, p.reason) for p in info.value.problems] == [
        (2, "url", "url_not_http"), (3, "unit", "unit_does_not_fit"), (4, "id", "duplicate_id"),
        (4, "value", "not_a_number")]
    assert str(info.value) == "\n".join([f"{path}: 4 problems", *expected])


# --- sources -----------------------------------------------------------------

def test_missing_file_names_the_path(tmp_path):
    path = tmp_path / "absent.csv"
    with pytest.raises(FiguresError) as info:
        load_figures(path)
    assert [str(p) for p in info.value.problems] == [f"{path}: no such file"]
    assert info.value.reasons == ["no_such_file"]
    assert info.value.file == str(path)


def test_a_folder_without_figures_csv_names_the_path(tmp_path):
    assert problems(tmp_path) == [f"{tmp_path}: a folder with no figures.csv in it: name a figures file, or a "
                                  "dataset folder (casualty init DIR starts one)"]


def test_a_folder_named_figures_csv_inside_a_dataset_folder_is_still_not_a_file(tmp_path):
    (tmp_path / "figures.csv").mkdir()
    assert problems(tmp_path) == [f"{tmp_path / 'figures.csv'}: is a directory, not a figures file"]


def test_loads_from_an_open_text_stream():
    figures = load_figures(io.StringIO(FIXTURE))
    assert figures["value"].tolist() == [11000.0, 5000.0, 40.0]
    assert figures["line"].tolist() == [2, 3, 4]


def test_loads_from_a_binary_stream():
    figures = load_figures(io.BytesIO(FIXTURE.encode("utf-8")))
    assert figures["value"].tolist() == [11000.0, 5000.0, 40.0]
    assert figures["line"].tolist() == [2, 3, 4]


def test_problems_in_an_open_file_name_its_path(tmp_path):
    path = write(tmp_path, with_cells(2, value="abc"))
    with path.open(encoding="utf-8") as stream:
        assert problems(stream) == [
            f"{path}:2: value: is not a number; write digits only, like 11000 (got 'abc')"
        ]


def test_text_stream_with_a_lone_surrogate_is_reported_as_not_utf8():
    # what open(..., errors="surrogateescape") makes of a Latin-1 byte
    assert problems(io.StringIO(with_cells(2, note="caf\udce9"))) == [
        "<stream>:2: note: not UTF-8 text; save the file as UTF-8 (got '\\xed')"
    ]


def test_problems_in_a_nameless_stream_name_it_stream():
    assert problems(io.StringIO(with_cells(2, value="abc"))) == [
        "<stream>:2: value: is not a number; write digits only, like 11000 (got 'abc')"
    ]


def test_figures_error_is_a_value_error(tmp_path):
    assert issubclass(FiguresError, ValueError)
    with pytest.raises(ValueError):
        load_figures(tmp_path / "absent.csv")


# --- the bundled file --------------------------------------------------------

def test_bundled_file_returns_every_row_in_file_order(bundled):
    with bundled_figures_path().open(encoding="utf-8", newline="") as stream:
        ids = [record["id"] for record in csv.DictReader(stream)]
    # Counted by hand: data/figures.csv has 91 lines (`wc -l`), the header and one line per row, as no cell
    # holds a line break: 90 rows on lines 2-91. The audit of 2026-12-06 took the 71 rows to 90: one
    # removed (us-officials-2025-04-28-casualties), 20 added (CHANGES.md names 21, but
    # zelenskyy-2025-02-02-brigade-casualties is not in the file).
    assert len(bundled) == 90
    assert bundled["id"].tolist() == ids
    assert bundled["line"].tolist() == list(range(2, 92))


def test_bundled_file_keeps_every_stated_value(bundled):
    with bundled_figures_path().open(encoding="utf-8", newline="") as stream:
        stated = [record["value"] for record in csv.DictReader(stream)]
    expected = [float(text) if text else math.nan for text in stated]
    assert bundled["value"].tolist() == pytest.approx(expected, nan_ok=True)


@pytest.mark.parametrize("figure_id, value, low, high", [
    ("kontur-nk-deployed", 11000.0, 9900.0, 12100.0),
    ("kontur-kovalenko-casualties", 5000.0, 4500.0, 5500.0),
    ("kontur-captured", 2.0, 2.0, 2.0),
    ("kontur-zelenskyy-brigades", 3.0, 3.0, 3.0),
    ("kontur-kovalenko-casualty-share", 40.0, 40.0, 50.0),
])
def test_bundled_headline_figure(bundled, figure_id, value, low, high):
    figure = row(bundled, figure_id)
    assert (figure["value"], figure["low"], figure["high"]) == (value, low, high)


def test_bundled_ryder_range_has_no_value_and_its_midpoint_as_best(bundled):
    figure = row(bundled, "ryder-2024-11-04-russia")
    assert math.isnan(figure["value"])
    assert (figure["low"], figure["high"], figure["best"]) == (11000.0, 12000.0, 11500.0)
    assert figure["bounds_from"] == "stated"


# --- the qualifier table -----------------------------------------------------

# qualifier -> (value cell, low, high), worked out by hand from the codebook
QUALIFIER_BOUNDS = {
    "exact": ("1000", 1000.0, 1000.0),
    "about": ("1000", 900.0, 1100.0),
    "more_than": ("1000", 1000.0, 1250.0),
    "at_least": ("1000", 1000.0, 1250.0),
    "almost": ("1000", 900.0, 1000.0),
    "approaching": ("1000", 900.0, 1000.0),
    "less_than": ("1000", 800.0, 1000.0),
    "up_to": ("1000", 800.0, 1000.0),
    "several": ("", 3.0, 9.0),
    "dozens": ("", 24.0, 99.0),
    "several_hundred": ("", 300.0, 999.0),
    "hundreds": ("", 200.0, 999.0),
    "several_thousand": ("", 3000.0, 9999.0),
    "thousands": ("", 2000.0, 9999.0),
    "tens_of_thousands": ("", 20000.0, 99999.0),
    "hundreds_of_thousands": ("", 200000.0, 999999.0),
}


def test_every_qualifier_has_an_expected_range_here():
    assert sorted(QUALIFIER_BOUNDS) == sorted(QUALIFIERS)


@pytest.mark.parametrize("qualifier", list(QUALIFIERS))
def test_qualifier_fills_blank_bounds(tmp_path, qualifier):
    value, low, high = QUALIFIER_BOUNDS[qualifier]
    figures = load_figures(write(tmp_path, with_cells(2, value=value, qualifier=qualifier)))
    first = figures.iloc[0]
    assert (first["low"], first["high"]) == (low, high)
    assert first["bounds_from"] == "qualifier"


# --- types -------------------------------------------------------------------

def test_numbers_are_float64(bundled):
    assert [str(bundled[c].dtype) for c in ("value", "low", "high", "best")] == ["float64"] * 4


def test_dates_are_datetime64_with_their_precision(bundled):
    assert pd.api.types.is_datetime64_dtype(bundled["as_of"])
    figure = row(bundled, "kontur-nk-deployed")
    assert figure["as_of"] == pd.Timestamp("2024-11-01")
    assert figure["as_of_precision"] == "month"


def test_metric_is_categorical(bundled):
    assert isinstance(bundled["metric"].dtype, pd.CategoricalDtype)


# --- numbers and cells exactly as written ----------------------------------------

def test_minus_zero_in_a_column_of_whole_numbers_loads_as_zero(tmp_path):
    # pd.to_numeric reads a column of whole numbers as int64: "-0" is 0.0 there, not -0.0
    figures = load_figures(write(tmp_path, with_cells(2, value="-0", qualifier="exact")))
    assert not math.copysign(1.0, figures.iloc[0]["value"]) < 0


@pytest.mark.parametrize("word", ["true", "FALSE"])
def test_a_true_or_false_in_a_number_column_is_not_a_number(tmp_path, word):
    # pandas reads these as 1.0 and 0.0 in a column of floats; a figure is written in digits
    path = write(tmp_path, with_cells(2, value=word))
    assert problems(path) == [f"{path}:2: value: is not a number; write digits only, like 11000 (got '{word}')"]


@pytest.mark.parametrize("spaces_before_256_kib", [1, 2, 3])
def test_a_record_starting_with_spaces_is_read_whole_where_pandas_reads_in_chunks(tmp_path, spaces_before_256_kib):
    # pandas' C parser reads 256 KiB at a time and drops the spaces and tabs that start a record when a read
    # ends among them; the loader hands it the file in one read; here the id '  \t<id>' of the last row straddles that point
    rows = fixture_rows()
    header, first = rows[0], rows[1]
    many = [header] + [[f"{first[0]}-{i}", *first[1:]] for i in range(len(rows), 2000)]
    text = to_csv(many)
    assert len(text) > 1 << 18
    kept = text[:text.rindex("\n", 0, (1 << 18) - 500) + 1]
    odd = [f"  \t{first[0]}-last", *first[1:]]
    filler = [f"{first[0]}-filler", *first[1:]]
    filler[header.index("note")] = ""
    room = (1 << 18) - spaces_before_256_kib - len((kept + to_csv([filler])).encode())
    filler[header.index("note")] = "n" * room  # the filler row ends where the odd row must start
    content = (kept + to_csv([filler]) + to_csv([odd])).encode()
    assert content.index(b"  \t") == (1 << 18) - spaces_before_256_kib
    figures = load_figures(write(tmp_path, content))
    assert figures["id"].iloc[-1] == f"  \t{first[0]}-last"


@pytest.mark.parametrize("block", [1, 2, 3, 5, 1 << 22])
def test_utf8_check_sees_a_character_across_its_blocks(block):
    text = "a,é\n–,😀\nок".encode("utf-8")
    assert first_not_utf8(text, block) is None
    assert first_not_utf8(text[:-1], block) == len(text) - 2  # the last character cut short
    assert first_not_utf8(b"\xc3" + b"a\xa9", block) == 0  # two halves with ASCII between are no character
    assert first_not_utf8("é".encode("utf-8") + b"\xed\xa0\x80", block) == 2  # an encoded surrogate


# --- date_end ------------------------------------------------------------------------------------------

def test_date_end_is_the_last_day_a_month_or_year_can_mean_its_time_of_day_kept():
    from casualty.load.read import date_end

    dates = pd.Series(pd.to_datetime(["2024-02-10", "2023-02-10", "2025-12-31 06:30", None, "2025-01-13"],
                                     format="ISO8601"),
                      name="as_of")
    ends = date_end(dates, pd.Series(["month", "month", "year", "month", "day"]))
    assert ends.name == "as_of" and ends.dtype == dates.dtype
    assert ends.tolist()[:3] == [pd.Timestamp("2024-02-29"), pd.Timestamp("2023-02-28"),
                                 pd.Timestamp("2025-12-31 06:30")]
    assert pd.isna(ends[3]) and ends[4] == pd.Timestamp("2025-01-13")
    aware = date_end(dates.dt.tz_localize("UTC"), pd.Series(["month"] * 5))  # through pandas' offsets
    assert aware[0] == pd.Timestamp("2024-02-29", tz="UTC")


# --- the optional columns: method, repeats, revises, translation ----------------------

OPTIONAL = ["method", "repeats", "revises", "translation"]


def with_optional(line: int | None = None, **cells: str) -> str:
    """The fixture with the four optional columns after its 20, blank but for ``cells`` of file line ``line``."""
    rows = fixture_rows()
    rows[0] += OPTIONAL
    for record in rows[1:]:
        record += [""] * len(OPTIONAL)
    for column, text in cells.items():
        rows[line - 1][rows[0].index(column)] = text
    return to_csv(rows)


def test_a_file_of_the_first_20_columns_loads_with_the_optional_ones_blank(tmp_path):
    old = load_figures(write(tmp_path, FIXTURE))
    (tmp_path / "new").mkdir()
    new = load_figures(write(tmp_path / "new", with_optional()))
    assert [old[c].isna().all() for c in OPTIONAL] == [True] * 4
    # every value as a 24-column file with the four blank gives it
    assert old.drop(columns="line").equals(new.drop(columns="line")) and old["line"].tolist() == [2, 3, 4]
    assert old["value"].tolist() == [11000.0, 5000.0, 40.0]
    assert (old["low"].tolist(), old["high"].tolist()) == ([9900.0, 4500.0, 40.0], [12100.0, 5500.0, 50.0])


def test_the_optional_columns_load_as_written(tmp_path):
    figures = load_figures(write(tmp_path, with_optional(
        3, method="estimate", repeats="kontur-nk-deployed", translation="in English")))
    assert figures["method"].astype(object).tolist()[1] == "estimate"
    assert figures["repeats"].fillna("").tolist() == ["", "kontur-nk-deployed", ""]
    assert figures["translation"].tolist()[1] == "in English"


def test_an_unknown_method_lists_the_known_ones(tmp_path):
    path = write(tmp_path, with_optional(3, method="guess"))
    assert problems(path) == [f"{path}:3: method: unknown method; use one of: named_list, recorded, estimate, study, "
                              "projection, unstated (got 'guess')"]


def test_a_relay_of_no_row_is_an_error(tmp_path):
    path = write(tmp_path, with_optional(3, repeats="kontur-nk-deploy"))
    assert problems(path) == [
        f"{path}:3: repeats: names no row of this file; give the id of the row it relays (got 'kontur-nk-deploy')"]


def test_a_relay_naming_an_id_with_a_line_break_is_one_line_of_problem(tmp_path):
    path = write(tmp_path, with_optional(3, repeats="kontur-\nnk"))
    assert problems(path) == [
        f"{path}:3: repeats: names no row of this file; give the id of the row it relays (got 'kontur-\\nnk')"]


def test_a_row_that_revises_itself_is_an_error(tmp_path):
    path = write(tmp_path, with_optional(3, revises="kontur-kovalenko-casualties"))
    assert problems(path) == [
        f"{path}:3: revises: names its own row; give the id of the row it revises (got 'kontur-kovalenko-casualties')"]


def test_a_revision_of_another_sources_figure_is_an_error(tmp_path):
    # line 3 is Alexander Kovalenko's; line 2 is the South Korean and Western estimates'
    path = write(tmp_path, with_optional(3, revises="kontur-nk-deployed"))
    assert problems(path) == [
        f"{path}:3: revises: names a figure of South Korean and Western estimates, not of Alexander Kovalenko: a "
        "revision replaces its own source's figure; another source's is a claim of its own (got 'kontur-nk-deployed')"]


def test_a_revision_of_the_same_sources_figure_loads(tmp_path):
    figures = load_figures(write(tmp_path, with_optional(4, revises="kontur-kovalenko-casualties")))
    assert figures["revises"].fillna("").tolist() == ["", "", "kontur-kovalenko-casualties"]


def test_relays_that_lead_back_to_where_they_started_are_an_error_on_each_row(tmp_path):
    rows = list(csv.reader(io.StringIO(with_optional(2, repeats="kontur-kovalenko-casualties"))))
    rows[2][rows[0].index("repeats")] = "kontur-kovalenko-casualty-share"
    rows[3][rows[0].index("repeats")] = "kontur-nk-deployed"
    path = write(tmp_path, to_csv(rows))  # line 2 relays line 3, 3 relays 4, 4 relays 2
    assert problems(path) == [
        f"{path}:2: repeats: leads back to this row (kontur-nk-deployed -> kontur-kovalenko-casualties -> ... -> "
        "kontur-nk-deployed); the first statement relays no other row (got 'kontur-kovalenko-casualties')",
        f"{path}:3: repeats: leads back to this row (kontur-kovalenko-casualties -> kontur-kovalenko-casualty-share "
        "-> ... -> kontur-kovalenko-casualties); the first statement relays no other row "
        "(got 'kontur-kovalenko-casualty-share')",
        f"{path}:4: repeats: leads back to this row (kontur-kovalenko-casualty-share -> kontur-nk-deployed -> ... "
        "-> kontur-kovalenko-casualty-share); the first statement relays no other row (got 'kontur-nk-deployed')",
    ]


def test_a_definition_of_another_metrics_is_an_error_listing_the_metrics_own(tmp_path):
    path = write(tmp_path, with_cells(3, definition="excess"))  # a word of deaths', on a casualties row
    assert problems(path) == [
        f"{path}:3: definition: does not fit the metric casualties: use one of killed+wounded, "
        "killed+wounded+captured, killed+wounded+missing, killed+wounded+missing+captured, unspecified (got 'excess')"]


def test_a_projection_may_be_stated_before_its_as_of(tmp_path):
    path = write(tmp_path, with_optional(2, method="projection", as_of="2026-06", stated="2025-02-07"))
    figure = load_figures(path).iloc[0]
    assert (figure["method"], figure["as_of"], figure["stated"]) == (
        "projection", pd.Timestamp("2026-06-01"), pd.Timestamp("2025-02-07"))
    path = write(tmp_path, with_optional(2, method="estimate", as_of="2026-06", stated="2025-02-07"))
    assert problems(path) == [f"{path}:2: stated: is before as_of 2026-06: a figure cannot describe a date after "
                              "it was stated (got '2025-02-07')"]


# --- a metric of earlier files ------------------------------------------------------------

def test_killed_confirmed_is_read_as_killed_by_a_named_list_with_one_notice_naming_the_rows(tmp_path):
    rows = fixture_rows()
    for record in rows[1:3]:  # lines 2 and 3: a count of people each
        record[rows[0].index("metric")], record[rows[0].index("definition")] = "killed_confirmed", ""
    path = write(tmp_path, to_csv(rows))
    with pytest.warns(FutureWarning) as warned:
        figures = load_figures(path)
    notice = ("metric killed_confirmed is read as metric killed with method named_list (2 rows); "
              "write it so in the file")
    assert figures.attrs["notices"] == [notice]
    assert [str(w.message) for w in warned if issubclass(w.category, FutureWarning)] == [f"{path}: {notice}"]
    assert figures["metric"].astype(object).tolist() == ["killed", "killed", "casualty_share"]
    assert figures["method"].astype(object).where(figures["method"].notna(), None).tolist() == [
        "named_list", "named_list", None]


def test_killed_confirmed_keeps_a_method_the_row_gives(tmp_path):
    path = write(tmp_path, with_optional(2, metric="killed_confirmed", method="recorded"))
    with pytest.warns(FutureWarning, match=r"\(1 rows\)"):
        figures = load_figures(path)
    assert (figures["metric"][0], figures["method"][0]) == ("killed", "recorded")


def test_a_file_of_todays_words_has_no_notice(tmp_path):
    assert load_figures(write(tmp_path, FIXTURE)).attrs["notices"] == []


# --- where each bound came from -----------------------------------------------------------

@pytest.mark.parametrize("cells, low_from, high_from", [
    ({"qualifier": "exact"}, "stated", "stated"),  # the number is both bounds
    ({"qualifier": "about"}, "rule", "rule"),  # the words bound it on both sides: the rule's 900 and 1100
    ({"qualifier": "more_than"}, "stated", "open"),  # the number is the low; the words give no high
    ({"qualifier": "up_to"}, "open", "stated"),  # the number is the high; the words give no low
    ({"qualifier": "about", "low": "800", "high": "1300"}, "stated", "stated"),  # the source's own range
    ({"qualifier": "about", "low": "800"}, "stated", "rule"),
    ({"qualifier": "more_than", "high": "1500"}, "stated", "stated"),
    ({"qualifier": "dozens", "value": ""}, "rule", "rule"),  # 24 and 99: the word is a range by itself
], ids=["exact", "about", "more_than", "up_to", "stated-low-and-high", "stated-low", "more_than-stated-high",
        "dozens"])
def test_each_bound_says_where_it_came_from(tmp_path, cells, low_from, high_from):
    figure = load_figures(write(tmp_path, with_cells(2, **{"value": "1000", **cells}))).iloc[0]
    assert (figure["low_from"], figure["high_from"]) == (low_from, high_from)


def test_bound_origins_are_categoricals_of_the_three_words(bundled):
    assert list(bundled["low_from"].cat.categories) == ["stated", "rule", "open"]
    assert list(bundled["high_from"].cat.categories) == ["stated", "rule", "open"]


# --- the codebook's subject tree ---------------------------------------------------------

def dataset_with_subjects(tmp_path: Path, subjects: str) -> Path:
    """A dataset folder: the fixture and a codebook whose subjects start on its line 4."""
    write(tmp_path, FIXTURE)
    (tmp_path / "datapackage.json").write_text(
        '{\n  "casualty": {\n    "subjects": {\n' + subjects + '\n    }\n  }\n}\n', encoding="utf-8")
    return tmp_path / "datapackage.json"


def test_a_subject_part_of_an_undeclared_subject_is_an_error(tmp_path):
    codebook = dataset_with_subjects(
        tmp_path, '      "North Korean troops in Kursk": {"part_of": "North Korean troops in Russia"}')
    assert problems(tmp_path) == [
        f"{codebook}:4: casualty.subjects.North Korean troops in Kursk.part_of: names a subject the codebook does "
        "not declare; declare it too, or leave part_of out (got 'North Korean troops in Russia')"]


def test_subjects_each_part_of_the_other_are_an_error_on_each_line(tmp_path):
    codebook = dataset_with_subjects(tmp_path, '      "A": {"part_of": "B"},\n      "B": {"part_of": "A"}')
    assert problems(tmp_path) == [
        f"{codebook}:4: casualty.subjects.A.part_of: leads back to this subject: a subject cannot be part of itself "
        "(got 'B')",
        f"{codebook}:5: casualty.subjects.B.part_of: leads back to this subject: a subject cannot be part of itself "
        "(got 'A')"]


def test_an_unknown_subject_kind_lists_the_known_ones(tmp_path):
    codebook = dataset_with_subjects(tmp_path, '      "North Korean troops in Kursk": {"kind": "soldiers"}')
    assert problems(tmp_path) == [
        f"{codebook}:4: casualty.subjects.North Korean troops in Kursk.kind: use one of: civilians, combatants, "
        "everyone (got 'soldiers')"]


def test_a_part_of_that_is_not_text_is_an_error_not_a_crash(tmp_path):
    codebook = dataset_with_subjects(tmp_path, '      "A": {"part_of": ["B"], "kind": 3}')
    assert problems(tmp_path) == [
        f"{codebook}:4: casualty.subjects.A.part_of: must be text, in double quotes (got '['B']')",
        f"{codebook}:4: casualty.subjects.A.kind: must be text, in double quotes (got '3')"]


def test_a_subject_tree_goes_into_attrs(tmp_path):
    dataset_with_subjects(tmp_path, '      "North Korean troops in Russia": {"kind": "combatants"},\n'
                                    '      "North Korean troops in Kursk": {"part_of": "North Korean troops in Russia"}')
    assert load_figures(tmp_path).attrs["subjects"] == {
        "North Korean troops in Russia": {"part_of": None, "kind": "combatants"},
        "North Korean troops in Kursk": {"part_of": "North Korean troops in Russia", "kind": None}}
