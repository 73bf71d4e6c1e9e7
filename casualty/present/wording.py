"""How a figure is worded for people: numbers, dates at their precision, hedges.

Plain formatting with no analysis in it, for the present stage (tables,
charts): analysis makes no words.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from casualty.load.frames import codings
from casualty.vocabulary import FORMATION_SINGULAR, METRICS, QUALIFIERS


def format_number(x, unit=None, bound: str = "nearest", decimals=None) -> pd.Series:
    """Numbers with thousands separators, whole numbers without decimals (of any sequence; the index of a Series).

    Counts are whole: rounded to the nearest (``bound="nearest"``), or outward
    for a derived low (``"down"``) or high (``"up"``) bound. A percentage keeps
    the decimals it carries, or ``decimals`` (those of the stated value, for
    its bounds).

    >>> format_number(pd.Series([11000.0, 33.3, 2.0])).tolist()
    ['11,000', '33', '2']
    >>> format_number(pd.Series([33.3, 40.0]), pd.Series(["percent", "percent"])).tolist()
    ['33.3%', '40%']
    >>> format_number(np.array([37.5, 649.5, 60460.0])).tolist()
    ['38', '650', '60,460']
    >>> format_number([37.5], bound="down").tolist(), format_number([37.5], bound="up").tolist()
    (['37'], ['38'])
    >>> format_number([29.97, 36.63], ["percent"] * 2, "down", [1, 1]).tolist()
    ['29.9%', '36.6%']
    """
    index = x.index if isinstance(x, pd.Series) else None
    x = x.astype("float64").to_numpy() if index is not None else np.asarray(x, dtype="float64")
    percent = np.zeros(len(x), dtype=bool) if unit is None else (object_array(unit) == "percent")
    carried = stated_decimals(x) if decimals is None else np.asarray(decimals, dtype=int)
    decimals = np.where(percent, carried, 0)
    text = fixed_text(round_to(x, decimals, bound), decimals)
    text[percent & (text != "")] = text[percent & (text != "")] + "%"
    return pd.Series(text, index=index, dtype=object)


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """A count and its noun, agreeing: '1 claim', '2 claims', '1,200 claims'; ``plural`` where it is not noun + 's'.

    >>> counted(1, "claim"), counted(2, "claim"), counted(3, "study", "studies")
    ('1 claim', '2 claims', '3 studies')
    """
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


def agrees(n: int, singular: str, plural: str) -> str:
    """The verb of a sentence whose subject is a count of ``n``: agrees(1, "is", "are") is 'is'."""
    return singular if n == 1 else plural


def format_date(dates, precision) -> pd.Series:
    """Dates at the precision they were given: 2024-11, 2025-01-13, 2025 (of any sequences; the index of a Series).

    >>> format_date(pd.Series(pd.to_datetime(["2025-01-01", "2025-01-13"])), pd.Series(["month", "day"])).tolist()
    ['2025-01', '2025-01-13']
    """
    days = np.asarray(dates, dtype="datetime64[D]")
    level = object_array(precision)
    text = np.full(len(days), "", dtype=object)
    for name, unit in (("day", "D"), ("month", "M"), ("year", "Y")):
        at = (level == name) & ~np.isnat(days)
        text[at] = np.datetime_as_string(days[at], unit=unit).astype(object)
    return pd.Series(text, index=dates.index if isinstance(dates, pd.Series) else None, dtype=object)


def claim_text(figures, ranges=None) -> pd.Series:
    """Each figure as it was worded: 'about 5,000', 'more than 40%', 'dozens'.

    ``figures`` is a frame, or a mapping of qualifier, unit, value, low and high to sequences; ``ranges``, the
    figures' :func:`range_text` where the caller has made it already.

    >>> from casualty.load.read import load_figures
    >>> figures = load_figures()
    >>> claim_text(figures[figures["id"] == "kontur-kovalenko-casualties"]).tolist()
    ['about 5,000']
    """
    qualifier = object_array(figures["qualifier"])
    unit = object_array(figures["unit"])
    at, words = pd.factorize(qualifier, use_na_sentinel=False)  # each qualifier word looked up once
    words = words.tolist()
    phrase = text_array((QUALIFIERS[q].phrase + " " if q in QUALIFIERS else "" for q in words), len(words))[at]
    value = np.asarray(figures["value"], dtype="float64")
    # a vague word ('dozens') is the whole claim: its range is not written after it
    vague = np.fromiter((q in QUALIFIERS and not QUALIFIERS[q].is_relative for q in words),
                        dtype=bool, count=len(words))[at]
    ranged = np.array(range_text(figures) if ranges is None else ranges, dtype=object)
    ranged[vague] = ""
    text = phrase + np.where(np.isnan(value), ranged, format_number(value, unit).to_numpy())
    return pd.Series(text_array((t.strip() for t in text.tolist()), len(text)), index=_index(figures))


def _index(figures) -> pd.Index | None:
    """A frame's index, for the texts of its rows; None (a fresh one) for a mapping of sequences."""
    return figures.index if isinstance(figures, pd.DataFrame) else None


def claims_and_ranges(figures: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """:func:`claim_text` and :func:`range_text` of the same figures, their bounds worded once.

    >>> from casualty.load.read import load_figures
    >>> figures = load_figures()
    >>> [t.tolist() for t in claims_and_ranges(figures[figures["id"] == "kontur-kovalenko-casualties"])]
    [['about 5,000'], ['4,500-5,500']]
    """
    ranges = range_text(figures)
    return claim_text(figures, ranges.to_numpy()), ranges


def range_text(figures) -> pd.Series:
    """The low-high range of each figure, as '4,500-5,500'.

    >>> from casualty.load.read import load_figures
    >>> figures = load_figures()
    >>> range_text(figures[figures["id"] == "kontur-kovalenko-casualties"]).tolist()
    ['4,500-5,500']
    """
    return pd.Series(range_words(*bounds_as_text(figures)), index=_index(figures), dtype=object)


# The same wording on numpy object arrays, for callers that assemble longer texts: a pandas operation costs far
# more than the strings it joins on frames of a few dozen rows, which is what these texts are built from.

def text_array(texts, n: int) -> np.ndarray:
    """An object array of ``n`` strings (``np.array`` of a list of strings would make a fixed-width one)."""
    return np.fromiter(texts, dtype=object, count=n)


def object_array(column) -> np.ndarray:
    """A column's values as an object array, missing values as NaN."""
    return np.asarray(column, dtype=object)


def distinct_rows(frame: pd.DataFrame, columns: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """Each row's code and the first row of each distinct combination of ``columns`` (values equal as pandas
    compares them are one value, and so is a missing value), in the order first met (:func:`casualty.load.frames.codings`):
    a text that depends on those columns alone is written once for each combination and spread to every row as
    ``written[codes]``. A million claims hold a few hundred thousand distinct numbers and a thousand distinct dates.

    >>> codes, rows = distinct_rows(pd.DataFrame({"a": [1, 2, 1], "b": ["x", None, "x"]}), ["a", "b"])
    >>> codes.tolist(), rows["a"].tolist()
    ([0, 1, 0], [1, 2])
    """
    codes, first = codings(frame, columns)
    return codes, frame[columns].iloc[first]


# --- the rounding rules, written once ------------------------------------------------
#
# 1. People (and formations) are whole numbers. A number a source stated is written as stated, rounded to the
#    nearest whole; a bound that was derived (from a hedge, or by dividing) is rounded outward, the low bound
#    down and the high bound up, so that a range is never narrower than the one computed.
# 2. Shares and ratios are written to two significant figures ('45%', '8.2 to 1', '0.040%'), or to the
#    decimals a stated percentage carries ('33.3%'); their bounds are rounded outward at the same decimals.
# 3. No count is ever written in scientific notation.
# 4. A figure whose range is a single number has no range text.

#: significant figures of a derived share or ratio
FIGURES = 2


def decimals_for(x: np.ndarray, figures: int = FIGURES) -> np.ndarray:
    """How many decimals give ``figures`` significant figures of each number (0 for whole numbers above).

    >>> decimals_for(np.array([0.454545, 45.45, 0.0004, 3666.7, 0.0])).tolist()
    [2, 0, 5, 0, 0]
    """
    x = np.abs(np.asarray(x, dtype="float64"))
    with np.errstate(divide="ignore", invalid="ignore"):
        d = figures - 1 - np.floor(np.log10(x))
    return np.where(np.isfinite(d) & (x > 0), np.clip(d, 0, 12), 0).astype(int)


def stated_decimals(x: np.ndarray) -> np.ndarray:
    """The decimals a stated number carries, up to 6: 33.3 -> 1, 40 -> 0, 0.04 -> 2."""
    x = np.asarray(x, dtype="float64")
    d = np.zeros(len(x), dtype=int)
    x = np.where(np.isfinite(x), x, 0.0)  # infinity (no upper bound) carries no decimals
    for k in range(1, 7):  # six passes over the array, not a loop over rows
        scaled = x * 10 ** (k - 1)
        fraction = np.abs(scaled - np.round(scaled))
        d = np.where((d == k - 1) & (fraction > 1e-9 * np.maximum(1, np.abs(scaled))), k, d)
    return d


def round_to(x: np.ndarray, decimals: np.ndarray, direction: str = "nearest") -> np.ndarray:
    """Round each number to its decimals: to the ``nearest``, ``down`` or ``up``.

    Rounding down or up forgives a float's last bit (29.97 stays above 29.9).

    >>> round_to(np.array([29.97, 36.63, 37.5]), np.array([0, 0, 0]), "down").tolist()
    [29.0, 36.0, 37.0]
    >>> round_to(np.array([29.97, 36.63, 37.5]), np.array([0, 0, 0]), "up").tolist()
    [30.0, 37.0, 38.0]
    >>> fixed_text(round_to(np.array([0.0]), np.array([0]), "up"), np.array([0])).tolist()
    ['0']
    """
    x = np.asarray(x, dtype="float64")
    scale = 10.0 ** np.asarray(decimals, dtype="float64")
    scaled = x * scale
    if direction == "down":
        out = np.floor(scaled + 1e-9 * np.maximum(1, np.abs(scaled)))
    elif direction == "up":
        out = np.ceil(scaled - 1e-9 * np.maximum(1, np.abs(scaled)))
    else:
        out = np.floor(scaled + 0.5)  # half up, as people round
    return out / scale + 0.0  # + 0.0: a zero rounded up is 0, not -0


def fixed_text(x: np.ndarray, decimals: np.ndarray) -> np.ndarray:
    """Numbers in fixed notation with thousands separators and the given decimals; NaN as ''.

    Each distinct number is written once for each number of decimals it is asked with: a long column repeats
    its numbers, and writing one is what costs.

    >>> fixed_text(np.array([4200.0, np.nan, 4200.0, 0.04]), np.array([0, 0, 1, 2])).tolist()
    ['4,200', '', '4,200.0', '0.04']
    """
    x = np.asarray(x, dtype="float64")
    decimals = np.broadcast_to(np.asarray(decimals), x.shape)
    out = np.full(len(x), "", dtype=object)
    for d in np.unique(decimals).tolist():  # a few passes, one per number of decimals
        at = decimals == d
        codes, distinct = pd.factorize(x[at])  # NaN gets code -1: ''
        written = text_array((f"{v:,.{d}f}" for v in distinct.tolist()), len(distinct))
        out[at] = np.where(codes >= 0, written[np.maximum(codes, 0)] if len(distinct) else "", "")
    return out


def bounds_as_text(figures) -> tuple[np.ndarray, np.ndarray]:
    """The low and high of each figure as written: outward, at the decimals its value carries (rule 1 and 2)."""
    unit = object_array(figures["unit"])
    value = np.asarray(figures["value"], dtype="float64")
    low, high = np.asarray(figures["low"], dtype="float64"), np.asarray(figures["high"], dtype="float64")
    decimals = np.where(np.isnan(value), np.maximum(stated_decimals(low), stated_decimals(high)),
                        stated_decimals(value))
    one = low == high  # one number: nothing to widen, so it is rounded as a stated number is
    down, up = np.where(one, "nearest", "down"), np.where(one, "nearest", "up")
    # both bounds in one pass, so that a number that is both a low and a high is written once
    text = _rounded_text(np.concatenate([low, high]), np.concatenate([unit, unit]), np.concatenate([down, up]),
                         np.concatenate([decimals, decimals]))
    return text[: len(low)], text[len(low):]


def count_bounds_text(low, high, joiner: str = "-") -> np.ndarray:
    """What derived bounds of a count allow, rounded outward (low down, high up) so that a range never shrinks:
    '4,000-4,400', '4,000' where they meet, 'at least 4,000' with no upper bound.

    >>> count_bounds_text(np.array([3999.5, 4000, 4000]), np.array([4400.2, 4000, np.inf])).tolist()
    ['3,999-4,401', '4,000', 'at least 4,000']
    >>> count_bounds_text(np.array([4500.0]), np.array([5170.0]), " to ").tolist()
    ['4,500 to 5,170']
    """
    low, high = np.asarray(low, dtype="float64"), np.asarray(high, dtype="float64")
    finite = np.isfinite(high)
    low_text = format_number(low, bound="down").to_numpy()
    high_text = format_number(np.where(finite, high, 0.0), bound="up").to_numpy()
    return np.select([~finite, low_text == high_text], ["at least " + low_text, low_text],
                     low_text + joiner + high_text).astype(object)


def _rounded_text(x, unit, direction: np.ndarray, decimals) -> np.ndarray:
    """:func:`format_number` with a direction of rounding per number."""
    out = np.full(len(x), "", dtype=object)
    for name in ("nearest", "down", "up"):  # three passes, not a loop over rows
        at = direction == name
        if at.any():
            out[at] = format_number(x[at], unit[at], name, np.asarray(decimals)[at]).to_numpy()
    return out


def shares_as_text(best, low=None, high=None, figures: int = FIGURES) -> tuple[np.ndarray, ...]:
    """Fractions as percentages to ``figures`` significant figures of the best value, bounds rounded outward.

    >>> [t.tolist() for t in shares_as_text([0.3333], [0.2997], [0.3663])]
    [['33%'], ['29%'], ['37%']]
    >>> shares_as_text([0.000400])[0].tolist()
    ['0.040%']
    """
    best = np.asarray(best, dtype="float64") * 100
    decimals = decimals_for(best, figures)
    out = [fixed_text(round_to(best, decimals), decimals)]
    for bound, direction in ((low, "down"), (high, "up")):
        if bound is not None:
            out.append(fixed_text(round_to(np.asarray(bound, dtype="float64") * 100, decimals, direction), decimals))
    return tuple(np.where(t != "", t + "%", t) for t in out)


def range_words(low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """'low-high', or the one number where the two are the same once written: an exact figure has no range."""
    low, high = object_array(low), object_array(high)
    return np.where(low != high, low + "-" + high, low)


def period_text(figures: pd.DataFrame) -> pd.Series:
    """How long a period figure's window is: '2 days', '3 months'; blank for running totals."""
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
    return pd.Series(text, index=figures.index, dtype=object)


def format_share(x, bound: str = "nearest", like=None) -> pd.Series:
    """Fractions as percentages to two significant figures (rule 2); ``bound`` ``down`` or ``up`` rounds a
    derived bound outward, at the decimals of ``like`` (its best value).

    >>> format_share(pd.Series([0.454545, 0.0004, 0.3333, float("nan")])).tolist()
    ['45%', '0.040%', '33%', '']
    >>> format_share([0.2997], "down", like=[0.3333]).tolist(), format_share([0.3663], "up", like=[0.3333]).tolist()
    (['29%'], ['37%'])
    """
    x = pd.Series(np.asarray(x, dtype="float64"))
    decimals = decimals_for(np.asarray(x if like is None else like, dtype="float64") * 100)
    text = fixed_text(round_to(x.to_numpy() * 100, decimals, bound), decimals)
    return pd.Series(np.where(text != "", text + "%", text), index=x.index, dtype=object)


def share_range(low, best, high) -> pd.Series:
    """The range of each share, bounds rounded outward at the best value's decimals; '' where it is one number.

    >>> share_range([0.2997, 0.333], [0.3333, 0.333], [0.3663, 0.333]).tolist()
    ['29%-37%', '']
    """
    lo, hi = format_share(low, "down", like=best), format_share(high, "up", like=best)
    ranged = (lo != hi).to_numpy() & (np.asarray(low, dtype="float64") != np.asarray(high, dtype="float64"))
    return pd.Series(np.where(ranged, (lo + "-" + hi).to_numpy(), ""), dtype=object)


def format_ratio(ratio, x, bound: str = "nearest", like=None) -> pd.Series:
    """A ratio's value as people read it: shares in percent, troops per unit whole, force ratios 'N to 1'.

    Two significant figures (rule 2); troops per unit are people, so whole
    (rule 1). ``bound`` and ``like`` round a derived bound outward at the
    decimals of its best value.

    >>> format_ratio(["casualty_rate", "troops_per_brigade", "force_ratio"], [0.4545, 3666.7, 8.18]).tolist()
    ['45%', '3,667', '8.2 to 1']
    """
    ratio = pd.Series(ratio, dtype=object).reset_index(drop=True)
    x = np.asarray(x, dtype="float64")
    like = x if like is None else np.asarray(like, dtype="float64")
    shares = format_share(x, bound, like)
    people = format_number(x, bound=bound)
    decimals = decimals_for(like)
    times = pd.Series(fixed_text(round_to(x, decimals, bound), decimals)) + " to 1"
    text = shares.where(~ratio.str.startswith("troops_per_"), people)
    text = text.where(ratio != "force_ratio", times)
    return text.where(~np.isnan(x), "")


def ratio_range(ratio, low, best, high) -> pd.Series:
    """The range of each ratio as people read it, rounded outward; '' where it is one number.

    >>> ratio_range(["force_ratio", "casualty_rate"], [7.438, 0.3333], [8.18, 0.3333], [9.09, 0.3333]).tolist()
    ['7.4-9.1 to 1', '']
    """
    ratio = pd.Series(ratio, dtype=object).reset_index(drop=True)
    lo = format_ratio(ratio, low, "down", best).str.removesuffix(" to 1")
    hi = format_ratio(ratio, high, "up", best)
    same = (lo == hi.str.removesuffix(" to 1")) | (np.asarray(low, dtype="float64") == np.asarray(high, dtype="float64"))
    return (lo + "-" + hi).where(~same, "")


def cite_text(figures: pd.DataFrame) -> pd.Series:
    """Each figure with its range, what and whom it counts, who said it and when.

    'about 5,000 (range 4,500-5,500) casualties [North Korean troops in Kursk;
    definition killed+wounded+captured] according to Alexander Kovalenko, as of
    2025-01-31 (stated 2025-02-07 in Kontur)'.

    >>> from casualty.load.read import load_figures
    >>> figures = load_figures()
    >>> print(cite_text(figures[figures["id"] == "kontur-captured"]).iloc[0])
    2 captured [North Korean troops in Kursk] according to Kontur, as of 2025-02-07 (stated 2025-02-07 in Kontur)
    """
    low, high = bounds_as_text(figures)
    spread = np.where(low != high, " (range " + low + "-" + high + ")", "")
    one = (figures["best"].to_numpy(dtype="float64") == 1).tolist()
    what = text_array(((METRICS[m].words if m in METRICS else m).replace("{unit}", FORMATION_SINGULAR.get(u, u) if o else u)
                     for m, u, o in zip(_words(figures["metric"]).tolist(), _words(figures["unit"]).tolist(), one)),
                    len(one))
    definition = object_array(figures["definition"])
    about = _words(figures["subject"]) + np.where(pd.isna(definition), "", "; definition " + definition.astype(str))
    as_of = format_date(figures["as_of"], figures["as_of_precision"]).to_numpy()
    when = np.where(np.isnat(np.asarray(figures["window_start"], dtype="datetime64[D]")), "as of " + as_of,
                    "over " + period_text(figures).to_numpy() + " to " + as_of)
    stated = format_date(figures["stated"], figures["stated_precision"]).to_numpy()
    text = (claim_text(figures).to_numpy() + spread + " " + what + " [" + about + "] according to "
            + _words(figures["source"]) + ", " + when + " (stated " + stated + " in " + _words(figures["outlet"]) + ")")
    return pd.Series(text, index=figures.index)


def _words(column: pd.Series) -> np.ndarray:
    """A column as an object array of strings, missing values as 'nan' (as ``astype(str)`` writes them)."""
    return np.asarray(column.astype(str), dtype=object)


def possessive(names) -> pd.Series:
    """Each name with its possessive ending: "Kontur's", "South Korean and Western estimates'".

    >>> possessive(["Kontur", "Western officials"]).tolist()
    ["Kontur's", "Western officials'"]
    """
    names = pd.Series(names, dtype=object).astype(str)
    return names + np.where(names.str.endswith("s"), "'", "'s")


def rows_of(figures: pd.DataFrame, ids) -> pd.DataFrame:
    """The figures with these ids, in this order, with a fresh index (each id must be in ``figures``)."""
    at = pd.Index(figures["id"]).get_indexer(ids)
    if (at < 0).any():
        raise KeyError(f"not in the figures: {list(pd.Index(ids)[at < 0])}")
    return figures.take(at).reset_index(drop=True)


def short_cite(figures: pd.DataFrame) -> pd.Series:
    """'about 15,000 (13,500-16,500) deployed [North Korean troops in Russia] according to ..., as of 2025-04-30'."""
    claim, spread = claims_and_ranges(figures)
    ranged = (" (" + spread + ")").where(spread != claim, "")
    return (claim + ranged + " " + figures["metric"].astype(str) + " ["
            + figures["subject"].astype(str) + "] according to " + figures["source"].astype(str) + ", as of "
            + format_date(figures["as_of"], figures["as_of_precision"]))


def cite_list(figures: pd.DataFrame) -> str:
    """A Markdown list: one figure a line, cited in full, with its note when it has one.

    >>> from casualty.load.read import load_figures
    >>> figures = load_figures()
    >>> print(cite_list(figures[figures["id"] == "kontur-captured"]))
    - 2 captured [North Korean troops in Kursk] according to Kontur, as of 2025-02-07 (stated 2025-02-07 in Kontur). Note: Both were captured on 2025-01-09.
    """
    note = figures["note"].astype(object)
    lines = "- " + cite_text(figures) + (". Note: " + note).where(note.notna(), "")
    return "\n".join(lines)
