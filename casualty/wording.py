"""How a figure is worded for people: numbers, dates at their precision, hedges.

Plain formatting with no analysis in it, for the present stage (tables,
charts): analysis makes no words.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from casualty.vocabulary import QUALIFIERS

_DATE_FORMATS = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}


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
