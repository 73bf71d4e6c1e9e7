"""How a figure is worded for people: numbers, dates at their precision, hedges.

Plain formatting with no analysis in it, for the present stage (tables,
charts): analysis makes no words.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from casualty.vocabulary import FORMATION_SINGULAR, METRICS, QUALIFIERS


def format_number(x: pd.Series, unit: pd.Series | None = None) -> pd.Series:
    """Numbers with thousands separators, whole numbers without decimals.

    >>> format_number(pd.Series([11000.0, 33.3, 2.0])).tolist()
    ['11,000', '33.3', '2']
    """
    x = pd.Series(x, dtype="float64")
    return pd.Series(numbers_as_text(x.to_numpy(), None if unit is None else object_array(unit)), index=x.index)


def format_date(dates: pd.Series, precision: pd.Series) -> pd.Series:
    """Dates at the precision they were given: 2024-11, 2025-01-13, 2025.

    >>> format_date(pd.Series(pd.to_datetime(["2025-01-01", "2025-01-13"])), pd.Series(["month", "day"])).tolist()
    ['2025-01', '2025-01-13']
    """
    return pd.Series(dates_as_text(dates, precision), index=dates.index, dtype=object)


def claim_text(figures: pd.DataFrame) -> pd.Series:
    """Each figure as it was worded: 'about 5,000', 'more than 40%', 'dozens'.

    >>> from casualty.load import load_figures
    >>> figures = load_figures()
    >>> claim_text(figures[figures["id"] == "kontur-kovalenko-casualties"]).tolist()
    ['about 5,000']
    """
    return pd.Series(claims_as_text(figures), index=figures.index)


def range_text(figures: pd.DataFrame) -> pd.Series:
    """The low-high range of each figure, as '4,500-5,500'.

    >>> from casualty.load import load_figures
    >>> figures = load_figures()
    >>> range_text(figures[figures["id"] == "kontur-kovalenko-casualties"]).tolist()
    ['4,500-5,500']
    """
    return pd.Series(ranges_as_text(figures), index=figures.index)


# The same wording on numpy object arrays, for callers that assemble longer texts: a pandas operation costs far
# more than the strings it joins on frames of a few dozen rows, which is what these texts are built from.

def text_array(texts, n: int) -> np.ndarray:
    """An object array of ``n`` strings (``np.array`` of a list of strings would make a fixed-width one)."""
    return np.fromiter(texts, dtype=object, count=n)


def object_array(column) -> np.ndarray:
    """A column's values as an object array, missing values as NaN."""
    return np.asarray(column, dtype=object)


def numbers_as_text(x: np.ndarray, unit: np.ndarray | None = None) -> np.ndarray:
    """:func:`format_number` of a float array, with the units as an object array."""
    whole = (x == np.round(x)).tolist()
    text = text_array(("" if v != v else f"{v:,.0f}" if w else f"{v:,.4g}" for v, w in zip(x.tolist(), whole)),
                      len(x))
    if unit is not None:
        percent = (unit == "percent") & (text != "")
        text[percent] = text[percent] + "%"
    return text


def dates_as_text(dates, precision) -> np.ndarray:
    """:func:`format_date` of any sequence of dates and precisions."""
    days = np.asarray(dates, dtype="datetime64[D]")
    level = object_array(precision)
    text = np.full(len(days), "", dtype=object)
    for name, unit in (("day", "D"), ("month", "M"), ("year", "Y")):
        at = (level == name) & ~np.isnat(days)
        text[at] = np.datetime_as_string(days[at], unit=unit).astype(object)
    return text


def claims_as_text(figures: pd.DataFrame) -> np.ndarray:
    """:func:`claim_text` of a frame, or of a mapping of qualifier, unit, value, low and high to sequences."""
    qualifier = object_array(figures["qualifier"])
    unit = object_array(figures["unit"])
    phrase = text_array((QUALIFIERS[q].phrase + " " if q in QUALIFIERS else "" for q in qualifier.tolist()),
                        len(qualifier))
    value = np.asarray(figures["value"], dtype="float64")
    # a vague word ('dozens') is the whole claim: its range is not written after it
    vague = np.fromiter((q in QUALIFIERS and not QUALIFIERS[q].is_relative for q in qualifier.tolist()),
                        dtype=bool, count=len(qualifier))
    ranged = numbers_as_text(np.asarray(figures["low"], dtype="float64"), unit) + "-" + numbers_as_text(
        np.asarray(figures["high"], dtype="float64"), unit)
    ranged[vague] = ""
    text = phrase + np.where(np.isnan(value), ranged, numbers_as_text(value, unit))
    return text_array((t.strip() for t in text.tolist()), len(text))


def ranges_as_text(figures: pd.DataFrame) -> np.ndarray:
    """:func:`range_text` of a frame."""
    unit = object_array(figures["unit"])
    low = numbers_as_text(figures["low"].to_numpy(dtype="float64"), unit)
    high = numbers_as_text(figures["high"].to_numpy(dtype="float64"), unit)
    return np.where(low != high, low + "-" + high, low)


def period_text(figures: pd.DataFrame) -> pd.Series:
    """How long a period figure's window is: '2 days', '3 months'; blank for running totals."""
    return pd.Series(_periods(figures), index=figures.index)


def _periods(figures: pd.DataFrame) -> np.ndarray:
    start = np.asarray(figures["window_start"], dtype="datetime64[D]")
    end = np.asarray(figures["as_of"], dtype="datetime64[D]")
    by_day = ((object_array(figures["window_start_precision"]) == "day")
              & (object_array(figures["as_of_precision"]) == "day"))
    has = ~np.isnat(start) & ~np.isnat(end)
    days = (end - start).astype("int64") + 1
    months = (end.astype("datetime64[M]") - start.astype("datetime64[M]")).astype("int64") + 1
    count = np.where(by_day, days, months)
    text = text_array((f"{n} {'day' if d else 'month'}{'' if n == 1 else 's'}"
                     for n, d in zip(count.tolist(), by_day.tolist())), len(count))
    text[~has] = ""
    return text


def format_share(x) -> pd.Series:
    """Fractions as percentages with one decimal.

    >>> format_share(pd.Series([0.454545, 0.0004, float("nan")])).tolist()
    ['45.5%', '0.0%', '']
    """
    x = pd.Series(x, dtype="float64")
    return (x * 100).map("{:.1f}%".format).where(x.notna(), "")


def format_ratio(ratio, x) -> pd.Series:
    """A ratio's value as people read it: shares in percent, troops per unit whole, force ratios 'N to 1'.

    >>> format_ratio(["casualty_rate", "troops_per_brigade", "force_ratio"], [0.4545, 3666.7, 8.18]).tolist()
    ['45.5%', '3,667', '8.2 to 1']
    """
    ratio = pd.Series(ratio, dtype=object).reset_index(drop=True)
    x = pd.Series(np.asarray(x, dtype="float64"))
    shares = x.map(lambda v: f"{v * 100:#.2g}%" if 0 < v * 100 < 0.1 else f"{v * 100:.1f}%")
    text = shares.where(~ratio.str.startswith("troops_per_"), format_number(x.round()))
    text = text.where(ratio != "force_ratio", x.map("{:.1f} to 1".format))
    return text.where(x.notna(), "")


def cite_text(figures: pd.DataFrame) -> pd.Series:
    """Each figure with its range, what and whom it counts, who said it and when.

    'about 5,000 (range 4,500-5,500) casualties [North Korean troops in Kursk;
    definition killed+wounded+captured] according to Alexander Kovalenko, as of
    2025-01-31 (stated 2025-02-07 in Kontur)'.

    >>> from casualty.load import load_figures
    >>> figures = load_figures()
    >>> print(cite_text(figures[figures["id"] == "kontur-captured"]).iloc[0])
    2 (stated exactly) captured [North Korean troops in Kursk] according to Kontur, as of 2025-02-07 (stated 2025-02-07 in Kontur)
    """
    return pd.Series(_cites(figures), index=figures.index)


def _cites(figures: pd.DataFrame) -> np.ndarray:
    unit = object_array(figures["unit"])
    low, high = numbers_as_text(figures["low"].to_numpy(dtype="float64"), unit), numbers_as_text(
        figures["high"].to_numpy(dtype="float64"), unit)
    spread = np.where(low != high, "range " + low + "-" + high, "stated exactly")
    one = (figures["best"].to_numpy(dtype="float64") == 1).tolist()
    what = text_array(((METRICS[m].words if m in METRICS else m).replace("{unit}", FORMATION_SINGULAR.get(u, u) if o else u)
                     for m, u, o in zip(_words(figures["metric"]).tolist(), _words(figures["unit"]).tolist(), one)),
                    len(one))
    definition = object_array(figures["definition"])
    about = _words(figures["subject"]) + np.where(pd.isna(definition), "", "; definition " + definition.astype(str))
    as_of = dates_as_text(figures["as_of"], figures["as_of_precision"])
    when = np.where(np.isnat(np.asarray(figures["window_start"], dtype="datetime64[D]")), "as of " + as_of,
                    "over " + _periods(figures) + " to " + as_of)
    stated = dates_as_text(figures["stated"], figures["stated_precision"])
    return (claims_as_text(figures) + " (" + spread + ") " + what + " [" + about + "] according to "
            + _words(figures["source"]) + ", " + when + " (stated " + stated + " in " + _words(figures["outlet"]) + ")")


def _words(column: pd.Series) -> np.ndarray:
    """A column as an object array of strings, missing values as 'nan' (as ``astype(str)`` writes them)."""
    return np.asarray(column.astype(str), dtype=object)


def rows_of(figures: pd.DataFrame, ids) -> pd.DataFrame:
    """The figures with these ids, in this order, with a fresh index (each id must be in ``figures``)."""
    at = pd.Index(figures["id"]).get_indexer(ids)
    if (at < 0).any():
        raise KeyError(f"not in the figures: {list(pd.Index(ids)[at < 0])}")
    return figures.take(at).reset_index(drop=True)


def short_cite(figures: pd.DataFrame) -> pd.Series:
    """'about 15,000 (13,500-16,500) deployed [North Korean troops in Russia] according to ..., as of 2025-04-30'."""
    return (claim_text(figures) + " (" + range_text(figures) + ") " + figures["metric"].astype(str) + " ["
            + figures["subject"].astype(str) + "] according to " + figures["source"].astype(str) + ", as of "
            + format_date(figures["as_of"], figures["as_of_precision"]))


def cite_list(figures: pd.DataFrame) -> str:
    """A Markdown list: one figure a line, cited in full, with its note when it has one.

    >>> from casualty.load import load_figures
    >>> figures = load_figures()
    >>> print(cite_list(figures[figures["id"] == "kontur-captured"]))
    - 2 (stated exactly) captured [North Korean troops in Kursk] according to Kontur, as of 2025-02-07 (stated 2025-02-07 in Kontur). Note: Both were captured on 2025-01-09.
    """
    note = figures["note"].astype(object)
    lines = "- " + cite_text(figures) + (". Note: " + note).where(note.notna(), "")
    return "\n".join(lines)
