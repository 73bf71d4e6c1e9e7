"""Figures as text people read: the summary the command prints.

Present stage: takes a loaded figures frame, formats, never computes.
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


def period_text(figures: pd.DataFrame) -> pd.Series:
    """How long a period figure's window is: '2 days', '3 months'; blank for running totals."""
    start, end = figures["window_start"], figures["as_of"]
    days = (end - start).dt.days + 1
    months = (end.dt.year - start.dt.year) * 12 + (end.dt.month - start.dt.month) + 1
    by_day = (figures["window_start_precision"].astype(object) == "day") & (
        figures["as_of_precision"].astype(object) == "day")
    count = days.where(by_day, months)
    word = pd.Series(np.where(by_day, " day", " month"), index=figures.index) + np.where(count == 1, "", "s")
    text = count.astype("Int64").astype(str) + word
    return text.where(start.notna(), "")


def summary_text(figures: pd.DataFrame, width: int = 80) -> str:
    """Every figure grouped by subject and metric, one line per claim.

    Each line gives the date the figure describes, the claim as worded, its
    range and who made it; period figures say how long their period was.
    """
    order = figures.sort_values(["subject", "metric", "as_of", "stated", "line"], kind="stable")
    when = format_date(order["as_of"], order["as_of_precision"])
    claim = claim_text(order)
    spread = range_text(order)
    suffix = " [" + period_text(order) + "]"
    suffix = suffix.where(order["window_start"].notna(), "")
    room = (width - 4 - 10 - 2 - 20 - 1 - 15 - 1 - suffix.str.len()).clip(lower=8)
    # shorten long source names so the period, if any, stays visible
    who = [(s if len(s) <= r else s[: r - 3] + "...") + x
           for s, r, x in zip(order["source"].astype(str), room, suffix)]
    rows = ("    " + when.str.pad(10, side="right") + "  " + claim.str.pad(20, side="right") + " "
            + spread.str.pad(15, side="right") + " " + who).to_numpy()

    subjects, metrics = order["subject"].astype(str).to_numpy(), order["metric"].astype(str).to_numpy()
    units = order["unit"].astype(str).to_numpy()
    new_subject = np.r_[True, subjects[1:] != subjects[:-1]]
    new_metric = new_subject | np.r_[True, metrics[1:] != metrics[:-1]]
    out = [_headline(figures), ""]
    for i in range(len(rows)):  # assembling printed lines, not data work
        if new_subject[i]:
            out += ["" if i else None, subjects[i]] if i else [subjects[i]]
        if new_metric[i]:
            out.append(f"  {metrics[i]} ({units[i]})")
        out.append(rows[i].rstrip())
    return "\n".join(line for line in out if line is not None)


def _headline(figures: pd.DataFrame) -> str:
    first, last = figures["as_of"].min(), figures["as_of"].max()
    return (f"{len(figures)} figures from {figures['report'].nunique()} reports by "
            f"{figures['source'].nunique()} sources, describing {first:%Y-%m} to {last:%Y-%m}")


def validation_line(figures: pd.DataFrame) -> str:
    """The one line `casualty validate` prints for a good file."""
    return f"{figures.attrs.get('file', 'figures')}: valid: {_headline(figures)}"
