"""How a figure is worded for people: numbers, dates at their precision, hedges.

Plain formatting with no analysis in it, upstream of both analyse (whose
check details quote figures) and the present stage (tables, charts).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: How a qualifier reads in front of a number.
_PHRASES = {
    "exact": "", "about": "about ", "more_than": "more than ", "at_least": "at least ",
    "almost": "almost ", "approaching": "approaching ", "less_than": "less than ",
    "up_to": "up to ", "several": "several", "dozens": "dozens",
    "several_hundred": "several hundred", "hundreds": "hundreds",
    "several_thousand": "several thousand", "thousands": "thousands",
}
_DATE_FORMATS = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}


def format_number(x: pd.Series, unit: pd.Series | None = None) -> pd.Series:
    """Numbers with thousands separators, whole numbers without decimals.

    >>> format_number(pd.Series([11000.0, 33.3, 2.0])).tolist()
    ['11,000', '33.3', '2']
    """
    x = pd.Series(x, dtype="float64")
    whole = (x == x.round()).to_numpy()
    text = pd.Series(np.where(whole, x.map("{:,.0f}".format), x.map("{:,.4g}".format)), index=x.index)
    text = text.where(x.notna(), "")
    if unit is not None:
        text = text.where(text.eq("") | unit.astype(str).ne("percent").to_numpy(), text + "%")
    return text


def format_date(dates: pd.Series, precision: pd.Series) -> pd.Series:
    """Dates at the precision they were given: 2024-11, 2025-01-13, 2025."""
    text = pd.Series("", index=dates.index, dtype=object)
    for level, fmt in _DATE_FORMATS.items():
        mask = (precision.astype(object) == level).to_numpy()
        text[mask] = dates[mask].dt.strftime(fmt)
    return text


def claim_text(figures: pd.DataFrame) -> pd.Series:
    """Each figure as it was worded: 'about 5,000', 'more than 40%', 'dozens'."""
    phrase = figures["qualifier"].astype(object).map(_PHRASES).fillna("")
    number = format_number(figures["value"], figures["unit"])
    ranged = format_number(figures["low"], figures["unit"]) + "-" + format_number(figures["high"], figures["unit"])
    has_value = figures["value"].notna()
    vague = figures["qualifier"].astype(object).map(lambda q: not _PHRASES.get(q, " ").endswith(" ") and q != "exact")
    text = (phrase + number).where(has_value, phrase + ranged.where(~vague, ""))
    return text.str.strip()


def range_text(figures: pd.DataFrame) -> pd.Series:
    """The low-high range of each figure, as '4,500-5,500'."""
    low = format_number(figures["low"], figures["unit"])
    high = format_number(figures["high"], figures["unit"])
    return (low + "-" + high).where(low != high, low)
