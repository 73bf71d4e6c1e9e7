"""``load_figures`` under generated input: nothing lost, nothing changed, no surprises.

Hypothesis writes files of valid rows (any text, any vocabulary word, numbers
with low <= value <= high, dates at any precision) with the csv module and
checks that every row comes back with every value as written. It then corrupts
such files (cells, quoting, delimiters, encodings, structure) and checks that
the loader either returns every row of the corrupted file unchanged or raises
``FiguresError`` whose every problem names the file, a line and a column: never
another exception, never some of the rows.

The oracle for "the rows of a file" is Python's csv module in strict mode. The
number of examples comes from the profile in conftest.py (HYPOTHESIS_PROFILE).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import math
import re

import pandas as pd
from hypothesis import given, note
from hypothesis import strategies as st

from casualty.load.problems import REASONS
from casualty.load.read import FiguresError, load_figures
from casualty.vocabulary import (
    COLUMNS,
    DATE_COLUMNS,
    DEFINITIONS,
    METHODS,
    METRICS,
    NEEDS_DEFINITION,
    NUMBER_COLUMNS,
    OPTIONAL_COLUMNS,
    QUALIFIERS,
    UNITS,
)

NAME = "fuzz.csv"
# a problem names the file, a line and a column (a header name, `file`, `header` or `field N`)
FIELD_N = re.compile(r"field \d+")
TEXT_COLUMNS = [c for c in COLUMNS if c not in NUMBER_COLUMNS + DATE_COLUMNS]
PRECISION_FORMATS = {"year": "{:04d}", "month": "{:04d}-{:02d}", "day": "{:04d}-{:02d}-{:02d}"}

# --- valid files ---------------------------------------------------------------

# Text people paste into spreadsheets: separators, quotes, line breaks, formulas,
# non-ASCII, invisible characters, words that other tools read as missing.
AWKWARD = [
    ",", ", ", '"', '""', "'", "\n", "\r\n", "\t", " ", "  leading", "trailing  ", "=1+1",
    '=HYPERLINK("http://x")', "+1", "-1", "@SUM(A1:A2)", "\t=1", "é", "Ärger", "中文", "😀", "\u200b",
    "\ufeff", "\u2028", "\x85", "\x0b", "\x1f", "nan", "NaN", "NULL", "None", "#N/A", "-", "1,000",
    "\\", "|", ";", "2025-01-13",
]
# every character a UTF-8 file can hold except NUL; a bare CR only where quoted (QUOTE_ALL)
_CHARACTERS = st.characters(codec="utf-8", exclude_characters="\x00\r")
_CHARACTERS_WITH_CR = st.characters(codec="utf-8", exclude_characters="\x00")


def _texts(*, required: bool, bare_cr: bool = False) -> st.SearchStrategy[str]:
    pieces = st.one_of(
        st.sampled_from(AWKWARD + (["\r", "a\rb"] if bare_cr else [])),
        st.text(_CHARACTERS_WITH_CR if bare_cr else _CHARACTERS, min_size=1, max_size=8),
    )
    return st.lists(pieces, min_size=1 if required else 0, max_size=4).map("".join)


# built once: a strategy built in every draw costs more to check than to draw from
_TEXTS = {(required, bare_cr): _texts(required=required, bare_cr=bare_cr)
          for required in (True, False) for bare_cr in (True, False)}


def texts(*, required: bool, bare_cr: bool = False) -> st.SearchStrategy[str]:
    """Free text: pieces of AWKWARD and any characters; a bare CR only if ``bare_cr``."""
    return _TEXTS[required, bare_cr]


_URL_CHARACTERS = st.characters(codec="utf-8", exclude_categories=("Cc", "Zs", "Zl", "Zp"))
URLS = st.one_of(st.just(""), st.builds(
    str.__add__, st.sampled_from(["http://", "https://"]), st.text(_URL_CHARACTERS, min_size=1, max_size=20),
))


def number_text(x: float) -> str:
    """A number as a person or a program might write it: 11000, 0.1, 1e+20."""
    return str(int(x)) if x.is_integer() and abs(x) < 1e16 else repr(x)


def numbers(low: float, high: float) -> st.SearchStrategy[float]:
    """Numbers in [low, high]: the ends, whole numbers, decimals such as 89.968 and any float between."""
    first, last = math.ceil(low), math.floor(min(high, 1e7))
    whole = st.integers(first, last).map(float) if first <= last else st.nothing()
    first, last = math.ceil(low * 1000), math.floor(min(high, 1e7) * 1000)
    decimal = st.integers(first, last).map(lambda k: k / 1000).filter(lambda x: low <= x <= high) \
        if first <= last else st.nothing()
    return st.one_of(st.just(low), st.just(high), whole, decimal,
                     st.floats(low, high, allow_nan=False, allow_infinity=False))


def rule_bounds(qualifier: str, value: float | None, percent: bool) -> tuple[float, float]:
    """The bounds the codebook's qualifier rule gives (the README's table)."""
    q = QUALIFIERS[qualifier]
    if q.is_relative:
        low = value if q.low_percent == 100 else value * q.low_percent / 100
        high = value if q.high_percent == 100 else value * q.high_percent / 100
    else:
        low, high = float(q.low), float(q.high)
    return low, (min(high, 100.0) if percent else high)


@st.composite
def bounds(draw, qualifier: str, percent: bool) -> tuple[str, str, str, float, float]:
    """value, low and high cells that keep low <= value <= high, and the bounds they mean."""
    cap = 100.0 if percent else 1e300
    relative = QUALIFIERS[qualifier].is_relative
    if draw(st.booleans()):  # a value, with bounds stated or left to the qualifier
        value = draw(numbers(0.0, cap))
        rule_low, rule_high = rule_bounds(qualifier, value, percent)
        state_low = draw(st.booleans()) or rule_low > value
        state_high = draw(st.booleans()) or rule_high < value
        low = draw(numbers(0.0, value)) if state_low else rule_low
        high = draw(numbers(value, cap)) if state_high else rule_high
        value_cell = number_text(value)
    elif relative:  # no value: a relative hedge needs both bounds
        high = draw(numbers(0.0, cap))
        low = draw(numbers(0.0, high))
        state_low = state_high = True
        value_cell = ""
    else:  # no value: a word such as "dozens" is a range by itself
        rule_low, rule_high = rule_bounds(qualifier, None, percent)
        state_high = draw(st.booleans())
        high = draw(numbers(0.0, cap)) if state_high else rule_high
        state_low = draw(st.booleans()) or rule_low > high
        low = draw(numbers(0.0, high)) if state_low else rule_low
        value_cell = ""
    return (value_cell, number_text(low) if state_low else "", number_text(high) if state_high else "",
            low, high)


def date_text(day: dt.date, precision: str) -> str:
    return PRECISION_FORMATS[precision].format(day.year, day.month, day.day)


PRECISIONS = st.sampled_from(list(PRECISION_FORMATS))


@st.composite
def dates(draw) -> dict[str, str]:
    """as_of, stated on or after it, and a window that starts on or before it, each at any precision."""
    as_of = draw(st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)))
    stated = draw(st.dates(as_of, dt.date(9999, 12, 31)))
    window = draw(st.none() | st.dates(dt.date(1, 1, 1), as_of))
    return {
        "as_of": date_text(as_of, draw(PRECISIONS)),
        "stated": date_text(stated, draw(PRECISIONS)),
        "window_start": "" if window is None else date_text(window, draw(PRECISIONS)),
    }


@st.composite
def projection_dates(draw) -> dict[str, str]:
    """A projection's dates: as_of, and stated at any time, before as_of too, each at any precision."""
    as_of = draw(st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)))
    stated = draw(st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)))
    return {"as_of": date_text(as_of, draw(PRECISIONS)), "stated": date_text(stated, draw(PRECISIONS)),
            "window_start": ""}


def own_definitions(metric: str) -> list[str]:
    """The definitions that fit a metric that needs one (casualties, deaths, ...)."""
    return [d for d, record in DEFINITIONS.items() if metric in record.metrics]


@st.composite
def figure_rows(draw, row_id: str, bare_cr: bool = False, optional_columns: bool = True) -> dict:
    """One valid row: its 24 cells (the optional four blank unless ``optional_columns``), and the low and high
    the loader should give it. Links (repeats, revises) are drawn by :func:`figure_files`."""
    metric = draw(st.sampled_from(list(METRICS)))
    unit = draw(st.sampled_from([u for u, kind in UNITS.items() if kind == METRICS[metric][1]]))
    qualifier = draw(st.sampled_from(list(QUALIFIERS)))
    value, low, high, low_number, high_number = draw(bounds(qualifier, unit == "percent"))
    definitions = st.sampled_from(list(DEFINITIONS))
    required, optional = texts(required=True, bare_cr=bare_cr), texts(required=False, bare_cr=bare_cr)
    method = draw(st.just("") | st.sampled_from(list(METHODS))) if optional_columns else ""
    cells = {
        "id": row_id, "subject": draw(required), "metric": metric,
        # a metric that needs a definition takes one of its own; any other may give any word, or none
        "definition": draw(st.sampled_from(own_definitions(metric)) if metric in NEEDS_DEFINITION
                           else st.just("") | definitions),
        "unit": unit, "value": value, "low": low, "high": high, "qualifier": qualifier,
        **draw(projection_dates() | dates() if method == "projection" else dates()),
        "source": draw(required), "source_role": draw(optional), "side": draw(required),
        "outlet": draw(required), "report": draw(required), "url": draw(URLS), "quote": draw(required),
        "note": draw(optional), "method": method, "repeats": "", "revises": "",
        "translation": draw(optional) if optional_columns else "",
    }
    return {"cells": cells, "low": low_number, "high": high_number}


@st.composite
def figure_files(draw, max_rows: int = 4, bare_cr: bool = False, optional_columns: bool = True) -> list[dict]:
    """Valid rows; with ``optional_columns``, a row may relay or revise an earlier row (a revision shares its
    source), so that links never loop."""
    ids = draw(st.lists(texts(required=True, bare_cr=bare_cr), min_size=1, max_size=max_rows, unique=True))
    rows = [draw(figure_rows(row_id, bare_cr, optional_columns)) for row_id in ids]
    for later in range(1, len(rows) if optional_columns else 0):
        link = draw(st.sampled_from(["", "repeats", "revises"]))
        if link:
            earlier = rows[draw(st.integers(0, later - 1))]["cells"]
            rows[later]["cells"][link] = earlier["id"]
            if link == "revises":
                rows[later]["cells"]["source"] = earlier["source"]
    return rows


def csv_text(rows: list[dict], header=COLUMNS, **dialect) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, **{"lineterminator": "\n", **dialect})
    writer.writerow(header)
    writer.writerows([[row["cells"][c] for c in header] for row in rows])
    return out.getvalue()


# --- loading and the oracle ----------------------------------------------------------

def load(data: bytes) -> tuple[pd.DataFrame | None, list | None]:
    """The loaded figures, or the problems; any other exception fails the test."""
    stream = io.BytesIO(data)
    stream.name = NAME
    try:
        return load_figures(stream), None
    except FiguresError as error:
        return None, error.problems


def records_in(data: bytes) -> tuple[list[str], list[list[str]], list[int]] | None:
    """Header, rows and each row's first line, as the csv module reads the file; None if it cannot."""
    if b"\x00" in data:
        return None
    try:
        text = data.removeprefix(codecs.BOM_UTF8).decode("utf-8")
    except UnicodeDecodeError:
        return None
    reader = csv.reader(io.StringIO(text, newline="\n"), strict=True)  # lines end at LF only
    records, lines, start = [], [], 1
    try:
        for record in reader:
            if record:  # a blank line is []
                records.append(record)
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error:
        return None
    if not records:
        return None
    return records[0], records[1:], lines[1:]


def as_text(column: pd.Series) -> list[str]:
    """A loaded text column as the cells it came from: blanks back to ''."""
    return column.astype(object).where(column.notna(), "").tolist()


def dates_as_written(figures: pd.DataFrame, column: str) -> list[str]:
    return ["" if pd.isna(day) else PRECISION_FORMATS[precision].format(day.year, day.month, day.day)
            for day, precision in zip(figures[column], figures[f"{column}_precision"])]


def assert_rows_unchanged(figures: pd.DataFrame, header: list[str], rows: list[list[str]], lines: list[int]):
    """Every row of the file, in order, every cell as written; an optional column the file leaves out, blank."""
    assert sorted(header) in (sorted(COLUMNS), sorted(c for c in COLUMNS if c not in OPTIONAL_COLUMNS))
    assert len(figures) == len(rows)
    assert all(len(row) == len(header) for row in rows)
    cells = {column: [row[i] for row in rows] for i, column in enumerate(header)}
    for column in OPTIONAL_COLUMNS:
        cells.setdefault(column, [""] * len(rows))
    for column in TEXT_COLUMNS:
        assert as_text(figures[column]) == cells[column], column
    for column in DATE_COLUMNS:
        assert dates_as_written(figures, column) == cells[column], column
    assert [None if math.isnan(x) else x for x in figures["value"]] == [
        float(text) if text else None for text in cells["value"]]
    for column in ("low", "high"):
        stated = [(number, float(text)) for number, text in zip(figures[column], cells[column]) if text]
        assert [number for number, _ in stated] == [number for _, number in stated], column
    assert figures["line"].tolist() == lines


def assert_loaded_unchanged_or_every_problem_located(data: bytes) -> None:
    note(f"file: {data!r}")
    figures, problems = load(data)
    if figures is not None:
        read = records_in(data)
        assert read is not None, "the loader accepted a file the csv module cannot read"
        assert_rows_unchanged(figures, *read)
        return
    assert problems
    last_line = data.count(b"\n") + 1
    for problem in problems:
        assert problem.file == NAME, problem
        assert problem.column in COLUMNS or problem.column in ("file", "header") or FIELD_N.fullmatch(problem.column)
        assert problem.reason in REASONS, problem
        assert "\n" not in str(problem) and "\r" not in str(problem), problem
        assert 1 <= problem.line <= last_line, problem


# --- valid files come back unchanged -------------------------------------------------

@st.composite
def valid_files(draw) -> tuple[bytes, list[dict]]:
    """Valid rows in any layout the loader accepts: minimal or full quoting, LF or CRLF,
    with or without a BOM, the 24 columns or only the first 20, columns in any order, blank lines at the end."""
    quote_all = draw(st.booleans())
    twenty = draw(st.booleans())  # a file of before the optional columns: they load blank
    rows = draw(figure_files(bare_cr=quote_all, optional_columns=not twenty))  # only a quoted field may hold a bare CR
    end = draw(st.sampled_from(["\n", "\r\n"]))
    columns = [c for c in COLUMNS if c not in OPTIONAL_COLUMNS] if twenty else COLUMNS
    header = draw(st.permutations(columns)) if draw(st.booleans()) else columns
    text = csv_text(rows, header=header, lineterminator=end,
                    quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    bom = codecs.BOM_UTF8 if draw(st.booleans()) else b""
    return bom + (text + end * draw(st.integers(0, 3))).encode("utf-8"), rows


@given(valid_files())
def test_valid_rows_come_back_with_every_value_as_written_in_any_layout(file):
    data, rows = file
    header, records, lines = records_in(data)
    assert records == [[row["cells"][c] for c in header] for row in rows]  # the csv module wrote what it read
    figures, problems = load(data)
    assert problems is None, problems
    assert_rows_unchanged(figures, header, records, lines)
    # blank bounds are filled by the qualifier rule; stated ones are kept
    assert figures["low"].tolist() == [row["low"] for row in rows]
    assert figures["high"].tolist() == [row["high"] for row in rows]


# --- corrupted files: every row unchanged, or every problem located ---------------------

BAD_CELLS = [
    "", " ", "-5", "-0", "1e400", "inf", "-inf", "nan", "0x10", "1_000", "1,000", "١٢", "𝟙", "1e", "1e19",
    "123456789012345678901234", "٢٠٢٤-11", "２０２４", "2025-02-30", "2025-13", "0000", "99999", "2024-1-1",
    " 2024", "2025-01-01T00:00", "about ", "Killed", "PERCENT", "http://", "ftp://x", "www.x", "http://a b",
    "a\nb", "a\r\nb",
]
# what a slip of the keyboard or an editor puts into a cell: other scripts' digits, separators, signs
_SLIPS = st.one_of(
    st.characters(categories=("Nd",)), st.sampled_from(list("\n\r\t ,\"'-+.e_/:")), _CHARACTERS_WITH_CR,
)


@st.composite
def slipped(draw, text: str) -> str:
    """``text`` with one character replaced, inserted or deleted."""
    i = draw(st.integers(0, max(len(text) - 1, 0)))
    how = draw(st.sampled_from(["replace", "insert", "delete"]))
    if how == "insert":
        return text[:i] + draw(_SLIPS) + text[i:]
    return text[:i] + ("" if how == "delete" else draw(_SLIPS)) + text[i + 1:]


# the zeros of digits from other scripts (Arabic-Indic, Persian, Devanagari, full-width, mathematical)
_ZEROS = ["\u0660", "\u06f0", "\u0966", "\uff10", "\U0001d7ce"]


def other_digits(text: str) -> st.SearchStrategy[str]:
    """``text`` with its digits 0-9 written in another script, as text pasted from elsewhere can be."""
    return st.sampled_from(_ZEROS).map(lambda zero: text.translate({48 + d: ord(zero) + d for d in range(10)}))


# columns whose cells the loader reads as more than text
TYPED_COLUMNS = ["id", "metric", "definition", "unit", *NUMBER_COLUMNS, "qualifier", *DATE_COLUMNS, "url"]


@st.composite
def corrupted_cells(draw) -> bytes:
    rows = draw(figure_files(max_rows=3))
    table = [list(COLUMNS)] + [[row["cells"][c] for c in COLUMNS] for row in rows]
    for _ in range(draw(st.integers(1, 2))):
        how = draw(st.sampled_from(["slip", "other_digits", "junk"]))
        if how == "other_digits":  # a number or a date (as_of always has digits)
            i, j = draw(st.sampled_from([(i, COLUMNS.index(c)) for i in range(1, len(table))
                                         for c in NUMBER_COLUMNS + DATE_COLUMNS if table[i][COLUMNS.index(c)]]))
            table[i][j] = draw(other_digits(table[i][j]))
            continue
        i = draw(st.integers(0, len(table) - 1))
        j = COLUMNS.index(draw(st.sampled_from(TYPED_COLUMNS) | st.sampled_from(COLUMNS)))
        table[i][j] = draw(slipped(table[i][j]) | slipped(table[i][j]).flatmap(slipped) if how == "slip" else st.one_of(
            st.sampled_from(BAD_CELLS + AWKWARD), texts(required=False),
            st.sampled_from(list(METRICS) + list(UNITS) + list(QUALIFIERS) + list(COLUMNS)),
            st.floats().map(repr), st.integers(-10**30, 10**30).map(str),
        ))
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(table)
    return out.getvalue().encode("utf-8")


@st.composite
def corrupted_quoting(draw) -> bytes:
    rows = draw(figure_files(max_rows=3))
    dialect = draw(st.sampled_from([
        {}, {"quoting": csv.QUOTE_ALL}, {"quotechar": "'"},
        {"quoting": csv.QUOTE_NONE, "escapechar": "\\"}, {"doublequote": False, "escapechar": "\\"},
    ]))
    text = csv_text(rows, **dialect)
    for _ in range(draw(st.integers(0 if dialect else 1, 3))):
        quotes = [i for i, c in enumerate(text) if c == '"']
        edit = draw(st.sampled_from(["insert", "delete", "double", "to_apostrophe"] if quotes else ["insert"]))
        if edit == "insert":
            i = draw(st.integers(0, len(text)))
            text = text[:i] + '"' + text[i:]
        else:
            i = draw(st.sampled_from(quotes))
            text = text[:i] + {"delete": "", "double": '""', "to_apostrophe": "'"}[edit] + text[i + 1:]
    return text.encode("utf-8")


@st.composite
def corrupted_delimiters(draw) -> bytes:
    rows = draw(figure_files(max_rows=3))
    if draw(st.booleans()):
        return csv_text(rows, delimiter=draw(st.sampled_from([";", "\t", "|", " ", ":"]))).encode("utf-8")
    text = csv_text(rows)
    for _ in range(draw(st.integers(1, 3))):
        commas = [i for i, c in enumerate(text) if c == ","]
        edit = draw(st.sampled_from(["insert", "delete", "replace"] if commas else ["insert"]))
        if edit == "insert":
            i = draw(st.integers(0, len(text)))
            text = text[:i] + "," + text[i:]
        else:
            i = draw(st.sampled_from(commas))
            text = text[:i] + ("" if edit == "delete" else draw(st.sampled_from([";", "\t", ", "]))) + text[i + 1:]
    return text.encode("utf-8")


@st.composite
def other_encodings(draw) -> bytes:
    rows = draw(figure_files(max_rows=3))
    text = csv_text(rows, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    how = draw(st.sampled_from(["codec", "byte", "sequence"]))
    if how == "codec":
        codec = draw(st.sampled_from(["latin-1", "cp1252", "mac_roman", "cp437", "shift_jis", "gb18030",
                                      "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"]))
        return text.encode(codec, errors="replace")
    data = text.encode("utf-8")
    i = draw(st.integers(0, len(data)))
    if how == "byte":  # one byte replaced by a byte that cannot start UTF-8 text here
        return data[:i] + bytes([draw(st.integers(0x80, 0xFF))]) + data[i + 1:]
    broken = draw(st.sampled_from([b"\xc3", b"\xe2\x82", b"\xed\xa0\x80", b"\xc0\xaf", b"\xf8\x88\x80\x80\x80",
                                   b"\xff\xfe", b"\xef\xbb\xbf", b"\x80"]))
    return data[:i] + broken + data[i:]


@st.composite
def broken_structure(draw) -> bytes:
    rows = draw(figure_files(max_rows=3))
    how = draw(st.sampled_from(["drop_field", "duplicate_field", "truncate", "nul", "bare_cr",
                                "duplicate_line", "drop_line", "whitespace_line", "garbage_line"]))
    if how in ("drop_field", "duplicate_field"):
        table = [list(COLUMNS)] + [[row["cells"][c] for c in COLUMNS] for row in rows]
        record = table[draw(st.integers(0, len(table) - 1))]
        j = draw(st.integers(0, len(record) - 1))
        record[j:j + 1] = [] if how == "drop_field" else [record[j], record[j]]
        out = io.StringIO(newline="")
        csv.writer(out, lineterminator="\n").writerows(table)
        return out.getvalue().encode("utf-8")
    data = csv_text(rows).encode("utf-8")
    i = draw(st.integers(0, len(data)))
    if how == "truncate":
        return data[:i]
    if how in ("nul", "bare_cr"):
        return data[:i] + (b"\x00" if how == "nul" else b"\r") + data[i:]
    lines = data.split(b"\n")
    k = draw(st.integers(0, len(lines) - 1))
    if how == "duplicate_line":
        lines.insert(k, lines[k])
    elif how == "drop_line":
        del lines[k]
    else:
        lines.insert(k, b" \t" if how == "whitespace_line" else draw(st.binary(max_size=30)).replace(b"\n", b""))
    return b"\n".join(lines)


@given(corrupted_cells())
def test_corrupted_cells_load_unchanged_or_every_problem_is_located(data):
    assert_loaded_unchanged_or_every_problem_located(data)


@given(corrupted_quoting())
def test_corrupted_quoting_loads_unchanged_or_every_problem_is_located(data):
    assert_loaded_unchanged_or_every_problem_located(data)


@given(corrupted_delimiters())
def test_corrupted_delimiters_load_unchanged_or_every_problem_is_located(data):
    assert_loaded_unchanged_or_every_problem_located(data)


@given(other_encodings())
def test_other_encodings_load_unchanged_or_every_problem_is_located(data):
    assert_loaded_unchanged_or_every_problem_located(data)


@given(broken_structure())
def test_broken_structure_loads_unchanged_or_every_problem_is_located(data):
    assert_loaded_unchanged_or_every_problem_located(data)
