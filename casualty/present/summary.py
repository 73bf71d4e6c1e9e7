"""The summary the command prints, and the one line that says what was loaded.

Present stage: ``casualty summary`` prints :func:`summary_text`; ``casualty validate`` starts with
:func:`validation_line`; the notebooks open with :func:`overview_text`.
"""

from __future__ import annotations

import shutil
import textwrap

import numpy as np
import pandas as pd

from casualty.load.read import date_end
from casualty.present.wording import claims_and_ranges, distinct_rows, format_date, period_text, text_array


def summary_text(figures: pd.DataFrame, width: int | None = None) -> str:
    """Every figure grouped by subject and metric, one line per claim, its source fitted to ``width`` columns.

    Each line gives the date the figure describes, the claim as worded, its
    range and who made it; a period figure says in brackets how long its
    period was ('[2 days]'), and the last line says so. ``width`` defaults to
    the terminal's (80 where there is none); a long source name is wrapped
    onto lines of its own under the source column, never cut. The date, claim
    and range are never cut either, so at a ``width`` under about 60 a line can
    be wider. Within a
    metric, claims run by the last day the date they describe can mean:
    '2025-01-13', then '2025-01', then '2025'. No figures: 'No figures.'

    >>> from casualty.load.read import load_figures
    >>> print(summary_text(load_figures()).splitlines()[0])
    71 figures from 38 reports by 23 sources, describing 2024-11 to 2025-12
    """
    if figures.empty:
        return "No figures."
    width = width or shutil.get_terminal_size((80, 24)).columns
    # each part of a line is written once for each distinct set of the columns it depends on (a million claims
    # hold a thousand dates, a few thousand periods and a few hundred thousand claims as worded), then put in the
    # order of the lines
    when_at, when_rows = distinct_rows(figures, ["as_of", "as_of_precision"])
    keys = ["subject", "metric", "_end", "as_of", "stated", "line"]
    at = (figures[["subject", "metric", "as_of", "stated", "line"]].reset_index(drop=True)
          .assign(_end=date_end(when_rows["as_of"], when_rows["as_of_precision"]).to_numpy()[when_at])
          .sort_values(keys, kind="stable").index.to_numpy())
    when = ("    " + format_date(when_rows["as_of"], when_rows["as_of_precision"]).str.pad(10, side="right")
            + "  ").to_numpy(dtype=object)
    claim_at, claim_rows = distinct_rows(figures, ["qualifier", "unit", "value", "low", "high"])
    claim, spread = claims_and_ranges(claim_rows)
    spread = spread.where(spread != claim, "")
    claim_width, spread_width = 20, 15
    said = text_array((f"{c:<{claim_width}} {r:<{spread_width}} " for c, r in zip(claim.tolist(), spread.tolist())),
                      len(claim))
    period = figures["window_start"].notna().to_numpy()
    indent = 4 + 10 + 2 + claim_width + 1 + spread_width + 1
    who_at, who = _sources_and_periods(figures, period, width - indent, indent)
    blank = who == ""
    when_at, claim_at, who_at = when_at[at], claim_at[at], who_at[at]

    (subject_at, subjects), (metric_at, metrics), (unit_at, units) = (
        _text_codes(figures[column], at) for column in ("subject", "metric", "unit"))
    new_subject = np.r_[True, subject_at[1:] != subject_at[:-1]][: len(at)]
    new_metric = new_subject | np.r_[True, metric_at[1:] != metric_at[:-1]][: len(at)]
    # each claim's line, after the heading of its subject (a blank line before all but the first) and of its
    # metric; the text is joined from the parts in one go, with no string made for each line
    heads = np.flatnonzero(new_metric)
    heading = np.full(len(at), "", dtype=object)
    heading[heads] = (np.where(new_subject[heads], np.where(heads > 0, "\n", "") + subjects[subject_at[heads]]
                               + "\n", "") + "  " + metrics[metric_at[heads]] + " ("
                      + units[unit_at[heads]] + ")\n")
    parts = np.empty((len(at), 4), dtype=object)
    parts[:, 0], parts[:, 1], parts[:, 2], parts[:, 3] = heading, when[when_at], said[claim_at], (who + "\n")[who_at]
    # a line whose source and period are blank loses the trailing spaces before them too
    blank = blank[who_at]
    if blank.any():
        parts[blank, 1] = pd.Series(parts[blank, 1] + parts[blank, 2], dtype=object).str.rstrip().to_numpy()
        parts[blank, 2] = ""
    # the headline and a blank line, the lines (the last with no line end), and a note when there are periods
    text = parts.ravel().tolist()
    if text:
        text[-1] = text[-1][:-1]
        text.insert(0, "\n")
    text.insert(0, _headline(figures) + "\n")
    if period.any():
        text.append("\n\n[N days] or [N months]: the figure counts only that period, not a running total.")
    return "".join(text)


def _sources_and_periods(figures: pd.DataFrame, period: np.ndarray, room: int,
                         indent: int) -> tuple[np.ndarray, np.ndarray]:
    """Each figure's source and, for a period figure, its period ('Kontur [2 days]'), fitted to ``room``
    columns by wrapping a long source name onto lines of its own, ``indent`` columns in (a source's name is the
    column a reader checks: it is never cut), and trailing spaces stripped: each figure's code and the texts, each
    written once for each source and period as worded."""
    period_at, period_rows = distinct_rows(figures[period], ["window_start", "as_of", "window_start_precision",
                                                             "as_of_precision"])
    # suffix code 0 is no period
    codes, suffixes = pd.factorize(np.r_[[""], (" [" + period_text(period_rows) + "]").to_numpy(dtype=object)])
    suffix_at = np.zeros(len(figures), dtype=np.int64)
    suffix_at[period] = codes[1:][period_at]
    left = (room - pd.Series(suffixes, dtype=object).str.len()).clip(lower=8).to_numpy()
    who_at, who_rows = distinct_rows(figures[["source"]].assign(_suffix=suffix_at), ["source", "_suffix"])
    suffix = who_rows["_suffix"].to_numpy()
    who = text_array((s if len(s) <= r else ("\n" + " " * indent).join(textwrap.wrap(s, r, break_long_words=False))
                      for s, r in zip(who_rows["source"].astype(str).tolist(), left[suffix].tolist())), len(suffix))
    return who_at, text_array((w.rstrip() for w in (who + np.asarray(suffixes, dtype=object)[suffix]).tolist()),
                              len(suffix))


def _text_codes(column: pd.Series, at: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The code of each value at ``at``, the same where values read the same as text, and those texts (as
    ``astype(str)`` writes them), each written once."""
    codes, distinct = pd.factorize(column, use_na_sentinel=False)
    same, texts = pd.factorize(pd.Series(distinct, dtype=column.dtype).astype(str).to_numpy(dtype=object))
    return same[codes[at]], np.asarray(texts, dtype=object)


def _headline(figures: pd.DataFrame) -> str:
    # the first and last dates described, each to the month at most and never more precisely than it was given
    at = figures[["as_of", "as_of_precision"]].reset_index(drop=True)
    ends = at.iloc[[at["as_of"].idxmin(), at["as_of"].idxmax()]]
    first, last = format_date(ends["as_of"], ends["as_of_precision"].astype(str).replace("day", "month")).tolist()
    months = first if first == last else f"{first} to {last}"
    return (f"{_count(len(figures), 'figure')} from {_count(figures['report'].nunique(), 'report')} by "
            f"{_count(figures['source'].nunique(), 'source')}, describing {months}")


def _count(n: int, word: str) -> str:
    """'1 figure', '71 figures', '1,065 figures'."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def validation_line(figures: pd.DataFrame, version: str | None = None) -> str:
    """The one line `casualty validate` prints for a good file, naming the data version when there is one."""
    return (f"{figures.attrs.get('file', 'figures')}: valid: {_headline(figures)}"
            + (f"; data version {version}" if version else ""))


def evidence_line(figures: pd.DataFrame) -> str | None:
    """What `casualty validate` says when no source excerpts were there to check the quotes against."""
    if figures.attrs.get("sources"):
        return None
    return (f"{figures.attrs.get('file', 'figures')}: quotes not checked: no folder sources/ of source excerpts "
            "beside the file (casualty validate --strict refuses such a file)")


# --- story helpers: the text the notebooks show ---------------------------------

def overview_text(figures: pd.DataFrame) -> str:
    """One sentence on what was loaded: how many figures, reports, sources and months.

    >>> from casualty.load.read import load_figures
    >>> overview_text(load_figures())
    '71 figures from 38 reports by 23 sources, describing 2024-11 to 2025-12, read from `figures.csv`.'
    """
    name = str(figures.attrs.get("file", "figures")).replace("\\", "/").rsplit("/", 1)[-1]
    return f"{_headline(figures)}, read from `{name}`."
