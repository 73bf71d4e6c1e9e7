"""Check every cell of a figures file and type it: the loader's second half.

Load stage, below :mod:`casualty.load.read`: given the cells as text and each row's
line, :func:`check_and_type` checks each column against the codebook in one
vectorised pass (each distinct word, number or date once) and either returns
the typed frame, its blank bounds filled by the qualifier rule, or raises one
:class:`~casualty.load.problems.FiguresError` with every problem found.
"""

from __future__ import annotations

import difflib
import functools
import re
from pathlib import Path

import numpy as np
import pandas as pd

from casualty.load.evidence import check_rows
from casualty.load.links import check_links
from casualty.load.problems import COLUMN_ORDER, FiguresError, Problem
from casualty.vocabulary import (
    BOUND_ORIGINS,
    COLUMNS,
    DATE_COLUMNS,
    DEFINITIONS,
    LEGACY_METRICS,
    METHODS,
    METRICS,
    NEEDS_DEFINITION,
    NUMBER_COLUMNS,
    OPTIONAL_COLUMNS,
    PERCENT_CEILING,
    QUALIFIERS,
    REQUIRED,
    UNITS,
)

_DATE_SHAPE = r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?"  # ASCII digits: \d matches any script's
_URL_SHAPE = r"https?://[^\s]+"
_PRECISION_BY_LENGTH = {4: "year", 7: "month", 10: "day"}
# Columns whose words the codebook fixes; the rest are free text.
_VOCABULARIES = {
    "metric": tuple(METRICS),
    "unit": tuple(UNITS),
    "qualifier": tuple(QUALIFIERS),
    "definition": tuple(DEFINITIONS),
    "method": tuple(METHODS),
}
_CATEGORICAL_TEXT = ("subject", "side", "source", "outlet")
_OPTIONAL_TEXT = ("definition", "source_role", "url", "note", "window_start", "repeats", "revises", "translation")


def date_end(dates: pd.Series, precision: pd.Series) -> pd.Series:
    """The last day a date of the given precision can mean: 2025-01 -> 2025-01-31, 2025 -> 2025-12-31.

    >>> date_end(pd.Series(pd.to_datetime(["2025-01-01", "2025-01-01", "2025-01-13"])),
    ...          pd.Series(["year", "month", "day"])).dt.strftime("%Y-%m-%d").tolist()
    ['2025-12-31', '2025-01-31', '2025-01-13']
    """
    level = pd.Series(precision, index=dates.index)
    if not (isinstance(dates.dtype, np.dtype) and dates.dtype.kind == "M"):  # time zones, objects: as pandas adds
        level = level.astype(object)
        end = dates.where(level != "month", dates + pd.offsets.MonthEnd(0))
        return end.where(level != "year", dates + pd.offsets.YearEnd(0))
    # in NumPy's calendar units: the first day of the next month or year, less a day, and the time of day kept
    at = dates.to_numpy()
    day = at.astype("datetime64[D]")
    time_of_day = at - day
    month_end = ((at.astype("datetime64[M]") + 1).astype("datetime64[D]") - 1 + time_of_day).astype(at.dtype)
    year_end = ((at.astype("datetime64[Y]") + 1).astype("datetime64[D]") - 1 + time_of_day).astype(at.dtype)
    month, year = (level == "month").to_numpy(dtype=bool), (level == "year").to_numpy(dtype=bool)
    return pd.Series(np.where(month, month_end, np.where(year, year_end, at)), index=dates.index, name=dates.name)


def _unknown_words(cells: pd.Series, column: str, words) -> np.ndarray:
    """The message for each cell of ``column`` whose word is not in ``words``, worked out once per distinct word."""
    return _per_value(cells, lambda values: values.map(lambda word: _unknown_word(column, word, words)))


def _qualifier_rule(field: str, qualifiers: pd.Series) -> pd.Series:
    """One field of the rule (``low_percent``, ``high``, ...) of each qualifier word; NaN for an unknown word."""
    return qualifiers.map({q.name: getattr(q, field) for q in QUALIFIERS.values()}).astype("float64")


def _unknown_word(column: str, word: str, words) -> str:
    guess = suggestion(word, words)
    if guess:
        return f"unknown {column}; did you mean '{guess}'?"
    return f"unknown {column}; use one of: {', '.join(words)}"


def suggestion(word: str, words) -> str | None:
    """The word of ``words`` that ``word`` was most likely meant to be: same but for case, spaces,
    hyphens and underscores, or at most a letter or two off; ``None`` if none is close."""
    def simple(text: str) -> str:
        return "".join(text.lower().replace("-", "_").replace(" ", "_").split()).replace("_+", "+").replace("+_", "+")

    plain = {simple(w): w for w in words}
    if simple(word) in plain:
        return plain[simple(word)]
    close = difflib.get_close_matches(simple(word), list(plain), n=1, cutoff=0.75)
    return plain[close[0]] if close else None


def check_header(name: str, header: list[str], line: int) -> None:
    """The header's names: each a column of the codebook, once, and every column named."""
    def problem(column: str, reason: str, what: str, got: str) -> Problem:
        # a quoted header name may hold a line break: a problem is one line
        return Problem(name, line, column, reason, what, got.replace("\r", "\\r").replace("\n", "\\n"))

    problems = []
    seen = set()
    for column in header:
        if column in seen:
            problems.append(problem("header", "duplicate_column", "column named twice", column))
        seen.add(column)
    missing = [c for c in COLUMNS if c not in seen and c not in OPTIONAL_COLUMNS]
    if len(header) == 1 and ";" in header[0]:
        problems.append(problem("header", "semicolons", "columns must be separated by commas, not semicolons",
                                header[0][:60]))
    else:
        for position, column in enumerate(header, start=1):
            if column.strip() == "":
                last = position == len(header)
                problems.append(problem(f"field {position}", "empty_column_name", (
                    "the last column has no name: a trailing comma on the header line, or a spreadsheet's "
                    "stray empty last column? Delete it" if last else
                    f"column {position} has no name: an empty column? Delete it, or give it its name")
                    if column == "" else "a column name of only spaces", column))
            elif column not in COLUMN_ORDER:
                guess = suggestion(column, COLUMNS)
                problems.append(problem("header", "unknown_column", f"unknown column; did you mean '{guess}'?"
                                        if guess else "unknown column", column))
        problems += [problem("header", "missing_column", f"missing column '{c}'", "") for c in missing]
    if problems:
        raise FiguresError(name, problems)


class _Problems:
    """Collects problems as vectorised masks; makes records only of the failing rows."""

    def __init__(self, name: str, raw: pd.DataFrame, lines: np.ndarray):
        self.name, self.raw, self.lines = name, raw, lines
        self.parts: list[pd.DataFrame] = []

    def add(self, mask, column: str, reason: str, what, got=None) -> None:
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        # a message or value shown may be given as a function: built only when a row has the problem
        what = what() if callable(what) else what
        got = got() if callable(got) else got
        got = self.raw[column] if got is None else got
        got = pd.Series(np.asarray(got, dtype=object)[mask]).astype(str)
        what = pd.Series(np.asarray(what, dtype=object)[mask] if not isinstance(what, str) else what,
                         index=got.index).astype(str)
        self.parts.append(pd.DataFrame({
            "file": self.name, "line": self.lines[mask], "order": COLUMN_ORDER.get(column, -1), "column": column,
            "reason": reason, "message": what, "got": _one_line(got.str.slice(0, 60)),
        }))

    def extend(self, problems: list[Problem]) -> None:
        """Problems found elsewhere; those of another file (a source excerpt) come first."""
        if problems:
            found = pd.DataFrame(problems, columns=Problem._fields)
            found["order"] = found["column"].map(COLUMN_ORDER).fillna(-1)
            found["elsewhere"] = found["file"] != self.name
            self.parts.append(found)

    def raise_if_any(self) -> None:
        if not self.parts:
            return
        found = pd.concat(self.parts, ignore_index=True)
        found["elsewhere"] = found["elsewhere"].fillna(False).astype(bool) if "elsewhere" in found else False
        found = found.sort_values(["elsewhere", "line", "order"], ascending=[False, True, True], kind="stable")
        lines = found["line"].astype(object).where(found["line"].notna(), None)
        raise FiguresError(self.name, [
            Problem(file, None if line is None else int(line), column, reason, message, got)
            for file, line, column, reason, message, got in zip(
                found["file"], lines, found["column"], found["reason"], found["message"], found["got"])])


def _one_line(text: pd.Series) -> pd.Series:
    """Values as shown in a problem: line breaks escaped, so that a problem is one line."""
    return text.str.replace("\r", "\\r", regex=False).str.replace("\n", "\\n", regex=False)


def whole_numbers(x: pd.Series) -> np.ndarray:
    """Which numbers are whole and fit an int64: they are written 11000, not 11000.0 (larger ones as 1e+20)."""
    return (np.isfinite(x) & (x == np.floor(x)) & (x.abs() < 2.0**63)).to_numpy()


def numbers_as_written(x: pd.Series) -> pd.Series:
    """Numbers as people write them: 11000, not 11000.0; blank for a missing one.

    >>> numbers_as_written(pd.Series([11000.0, 33.3, float("nan"), 1e20])).tolist()
    ['11000', '33.3', '', '1e+20']
    """
    x = x.astype("float64")
    whole = whole_numbers(x)
    text = np.where(whole, x.where(whole, 0).astype("int64").astype(str), x.astype(str))
    return pd.Series(text, index=x.index, dtype=object).where(x.notna(), "")


def _distinct(column: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """A column as codes into its distinct values, so that work per value is done once per value."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.codes.to_numpy(), pd.Series(column.cat.categories)
    codes, values = pd.factorize(column)
    return codes, pd.Series(values)


def _per_value(column: pd.Series, f) -> np.ndarray:
    """``f`` of each distinct value of ``column`` (given a Series of them), spread over the rows."""
    codes, values = _distinct(column)
    return np.asarray(f(values))[codes]


def _every_match(values: pd.Series, shape: str) -> bool:
    """Whether every value but the blank ones matches ``shape`` (a pattern that matches no line break), in one pass.

    The values are joined a line each and matched at once: a file with
    hundreds of thousands of distinct addresses would otherwise run the pattern
    once per address. A value that holds a line break of its own fails.

    >>> _every_match(pd.Series(["https://a.org", "", "http://b"]), _URL_SHAPE)
    True
    >>> _every_match(pd.Series(["ftp://b"]), _URL_SHAPE), _every_match(pd.Series(["http://a\\nhttp://b"]), _URL_SHAPE)
    (False, False)
    """
    values = values[values != ""].tolist()
    text = "\n".join(values)
    return not values or (text.count("\n") == len(values) - 1
                          and re.fullmatch(f"(?:{shape})(?:\n(?:{shape}))*", text) is not None)


def blank_cells(column: pd.Series) -> np.ndarray:
    if isinstance(column.dtype, pd.CategoricalDtype):
        return (column == "").to_numpy()
    return np.asarray(column, dtype=object) == ""


def _text(column: pd.Series) -> pd.Series:
    """A column read as a categorical, as the text column it would otherwise be."""
    return column.astype(str) if isinstance(column.dtype, pd.CategoricalDtype) else column


def _coded(column: pd.Series, categories) -> pd.Categorical:
    """As ``pd.Categorical(column, categories=categories)``, matching each distinct value once."""
    codes, values = _distinct(column)
    return pd.Categorical.from_codes(pd.Index(categories).get_indexer(values)[codes], categories=categories)


def _category(column: pd.Series) -> pd.Series:
    """As ``column.astype("category")`` of the text: the distinct values, sorted."""
    if not isinstance(column.dtype, pd.CategoricalDtype):
        return column.astype("category")
    categories = column.cat.categories  # read_csv's: the values found, maybe not in order
    return column if categories.is_monotonic_increasing else column.cat.reorder_categories(categories.sort_values())


def read_legacy(raw: pd.DataFrame) -> list[str]:
    """Metrics of earlier files read as today's (``killed_confirmed``: ``killed`` with method ``named_list``), in
    place; the notices saying so, one per old word found."""
    notices = []
    for old, (metric, method) in LEGACY_METRICS.items():
        rows = (raw["metric"] == old).to_numpy()
        if not rows.any():
            continue
        for column, word in (("metric", metric), ("method", method)):
            text = _text(raw[column]).astype(object)
            raw[column] = text.where(~rows | ((column == "method") & (text != "")), word)
        notices.append(f"metric {old} is read as metric {metric} with method {method} ({int(rows.sum())} rows); "
                       f"write it so in the file")
    return notices


def check_and_type(name: str, raw: pd.DataFrame, lines: np.ndarray, sources: Path | None) -> pd.DataFrame:
    notices = read_legacy(raw)
    problems = _Problems(name, raw, lines)
    blank = {column: blank_cells(raw[column]) for column in COLUMNS}

    for column in REQUIRED:
        problems.add(blank[column], column, "blank_required", "is blank; every figure needs it")

    known = {}
    for column, words in _VOCABULARIES.items():
        known[column] = raw[column].isin(words).to_numpy()
        problems.add(~known[column] & ~blank[column], column, "unknown_word",
                     functools.partial(_unknown_words, raw[column], column, words))

    metric_kind = _per_value(raw["metric"], lambda v: v.map({m: metric.kind for m, metric in METRICS.items()}))
    unit_kind = _per_value(raw["unit"], lambda v: v.map(UNITS))
    problems.add(known["metric"] & known["unit"] & (metric_kind != unit_kind), "unit", "unit_does_not_fit",
                 lambda: "does not fit the metric: " + _text(raw["metric"]) + " is counted in "
                 + pd.Series(metric_kind, index=raw.index).fillna("")
                 .map({"people": "people", "formations": "formations (brigades, ...)", "share": "percent"}))
    # each metric that needs a definition takes its own words
    own_words = {m: [d for d, record in DEFINITIONS.items() if m in record.metrics] for m in NEEDS_DEFINITION}
    needs_definition = raw["metric"].isin(NEEDS_DEFINITION).to_numpy()
    problems.add(needs_definition & blank["definition"], "definition", "definition_missing",
                 lambda: "is blank; say what the figure counted: one of "
                 + _text(raw["metric"]).map(lambda m: ", ".join(own_words.get(m, ()))))
    fits = pd.Series(list(zip(_text(raw["metric"]), _text(raw["definition"])))).map(
        lambda pair: pair[1] in own_words.get(pair[0], DEFINITIONS)).to_numpy()
    problems.add(needs_definition & known["definition"] & ~fits, "definition", "definition_does_not_fit",
                 lambda: "does not fit the metric " + _text(raw["metric"]) + ": use one of "
                 + _text(raw["metric"]).map(lambda m: ", ".join(own_words.get(m, ()))))

    numbers = {}
    for column in NUMBER_COLUMNS:
        # each distinct text is read once; a file repeats its numbers
        number = pd.Series(_per_value(raw[column], lambda v: pd.to_numeric(v.where(v != ""), errors="coerce")
                                      .astype("float64")), index=raw.index, copy=False)
        not_number = ~blank[column] & number.isna().to_numpy()
        said_nan = not_number & _per_value(raw[column], lambda v: v.str.strip().str.lower().isin(
            ("nan", "+nan", "-nan"))).astype(bool) if not_number.any() else not_number
        problems.add(not_number & said_nan, column, "nan", "NaN is not a number")
        problems.add(not_number & ~said_nan, column, "not_a_number", "is not a number; write digits only, like 11000")
        infinite = np.isinf(number.to_numpy())
        problems.add(infinite, column, "infinite", "is infinite")
        negative = (number < 0).to_numpy() & ~infinite
        problems.add(negative, column, "negative", "is negative")
        numbers[column] = number.where(~(infinite | negative))

    # the rule of each qualifier word; none for an unknown word
    rule = {field: pd.Series(_per_value(raw["qualifier"], functools.partial(_qualifier_rule, field)),
                             index=raw.index, copy=False)
            for field in ("low_percent", "high_percent", "low", "high")}
    relative = rule["low_percent"].notna().to_numpy()
    value = numbers["value"]
    problems.add(relative & blank["value"] & (blank["low"] | blank["high"]), "value", "no_number",
                 "no number: give a value, or both low and high")

    percent = (raw["unit"] == "percent").to_numpy()
    # a 100 % bound is the value itself: value * 100 / 100 can differ from it in the last bit
    rule_low = value.where(rule["low_percent"] == 100, value * rule["low_percent"] / 100).where(relative, rule["low"])
    rule_high = value.where(rule["high_percent"] == 100, value * rule["high_percent"] / 100).where(relative,
                                                                                                  rule["high"])
    rule_high = rule_high.where(~percent | (rule_high <= PERCENT_CEILING), PERCENT_CEILING)
    low = numbers["low"].fillna(rule_low)
    high = numbers["high"].fillna(rule_high)

    over = np.zeros(len(raw), dtype=bool)
    for column in NUMBER_COLUMNS:
        over_here = percent & (numbers[column] > PERCENT_CEILING).to_numpy()
        problems.add(over_here, column, "percent_over_100", "a percentage over 100")
        over |= over_here
    # a row already flagged for a percentage over 100 is not flagged again for its order
    low, high = low.where(~over), high.where(~over)
    problems.add((low > value).to_numpy(), "low", "low_above_value",
                 lambda: np.where(blank["low"], "the qualifier's lower bound ", "") + "is above the value "
                 + numbers_as_written(value),
                 got=lambda: np.where(blank["low"], numbers_as_written(low), raw["low"]))
    problems.add((value > high).to_numpy(), "high", "high_below_value",
                 lambda: np.where(blank["high"], "the qualifier's upper bound ", "") + "is below the value "
                 + numbers_as_written(value),
                 got=lambda: np.where(blank["high"], numbers_as_written(high), raw["high"]))
    problems.add((low > high).to_numpy() & value.isna().to_numpy(), "low", "low_above_high",
                 lambda: "is above high " + numbers_as_written(high),
                 got=lambda: np.where(blank["low"], numbers_as_written(low), raw["low"]))

    dates, precisions, ends = {}, {}, {}
    for column in DATE_COLUMNS:
        # each distinct date is read once, then spread over its rows: a file has few dates
        codes, text = _distinct(raw[column])
        length = text.str.len()
        padded = text.mask(length == 4, text + "-01-01").mask(length == 7, text + "-01")
        shaped = text.str.fullmatch(_DATE_SHAPE).to_numpy(dtype=bool)
        date = pd.to_datetime(padded.where(shaped), format="%Y-%m-%d", errors="coerce")
        precision = length.map(_PRECISION_BY_LENGTH).where(date.notna())
        end = date_end(date, precision)
        shaped = shaped[codes]
        # spread over the rows as int64: np.take is several times faster on it than on datetime64, same bits
        date, end = (pd.Series(np.take(x.to_numpy().view(np.int64), codes).view(x.dtype), index=raw.index, copy=False)
                     for x in (date, end))
        precision = pd.Categorical(precision, categories=["year", "month", "day"]).codes[codes]
        problems.add(~blank[column] & ~shaped, column, "not_a_date", "is not a date; write YYYY-MM-DD, YYYY-MM or YYYY")
        problems.add(shaped & date.isna().to_numpy(), column, "not_a_real_date", "is not a real date")
        dates[column], ends[column] = date, end
        precisions[column] = pd.Categorical.from_codes(precision, categories=["year", "month", "day"])
    # a projection describes a date still to come; any other figure, a date already past
    projection = (raw["method"] == "projection").to_numpy()
    problems.add((ends["stated"] < dates["as_of"]).to_numpy() & ~projection, "stated", "stated_before_as_of",
                 lambda: "is before as_of " + _text(raw["as_of"]) + ": a figure cannot describe a date after it was stated")
    problems.add((dates["window_start"] > ends["as_of"]).to_numpy(), "window_start", "window_after_as_of",
                 lambda: "is after as_of " + _text(raw["as_of"]) + ": a window must start on or before its end")

    if not _every_match(_distinct(raw["url"])[1], _URL_SHAPE):
        problems.add(~blank["url"] & ~_per_value(raw["url"], lambda v: v.str.fullmatch(_URL_SHAPE)).astype(bool),
                     "url", "url_not_http", "is not a web address starting with http:// or https://")

    # ids in order (as a generated file has them) are unique without a hash table: the index sees it in one pass
    duplicated = (np.zeros(len(raw), dtype=bool) if pd.Index(raw["id"]).is_unique
                  else (raw["id"].duplicated() & ~pd.Series(blank["id"])).to_numpy())
    if duplicated.any():
        first_line = pd.Series(lines).groupby(raw["id"].to_numpy()).transform("first")
        problems.add(duplicated, "id", "duplicate_id", "duplicate id, first used on line " + first_line.astype(str))
    problems.extend(check_links(name, raw, lines, blank))
    if sources is not None:
        problems.extend(check_rows(name, sources, pd.DataFrame({
            "report": _text(raw["report"]), "quote": raw["quote"], "url": _text(raw["url"]).where(~blank["url"]),
            "line": lines})))

    problems.raise_if_any()

    # every cell is valid: build the typed frame
    figures = pd.DataFrame(index=raw.index)
    for column in COLUMNS:
        if column in NUMBER_COLUMNS:
            figures[column] = numbers[column]
        elif column in DATE_COLUMNS:
            figures[column] = dates[column]
        elif column in _VOCABULARIES:
            figures[column] = _coded(raw[column], _VOCABULARIES[column])  # a blank is no word: missing
        elif column in _CATEGORICAL_TEXT:
            figures[column] = _category(raw[column])
        else:
            text = _text(raw[column])
            figures[column] = text.where(~blank[column]) if column in _OPTIONAL_TEXT else text
    figures["low"], figures["high"] = low, high
    figures["best"] = value.fillna((low + high) / 2)
    explicit = (~blank["low"]).astype(int) + (~blank["high"]).astype(int)
    figures["bounds_from"] = pd.Categorical.from_codes(np.where(explicit == 2, 0, np.where(explicit == 0, 1, 2)),
                                                       categories=["stated", "qualifier", "mixed"])
    # each bound's origin: said (a cell, or the number itself where the hedge makes it a bound), made by the rule,
    # or made by the rule on a side the words leave open
    origin = {"low": (rule["low_percent"] == 100, "open_low"), "high": (rule["high_percent"] == 100, "open_ended")}
    for side, (is_value, open_word) in origin.items():
        said = ~blank[side] | (is_value & value.notna()).to_numpy()
        opened = _per_value(raw["qualifier"], lambda v, w=open_word: v.map(
            {q.name: getattr(q, w) for q in QUALIFIERS.values()}).fillna(False)).astype(bool)
        figures[f"{side}_from"] = pd.Categorical.from_codes(np.where(said, 0, np.where(opened, 2, 1)),
                                                            categories=list(BOUND_ORIGINS))
    for column in DATE_COLUMNS:
        figures[f"{column}_precision"] = precisions[column]
    figures["line"] = lines
    figures.attrs["notices"] = notices
    return figures
