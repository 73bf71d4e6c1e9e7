"""The validated figures written out for other tools: CSV, JSON or a Markdown table.

Present stage: takes the frame ``load_figures`` returns and writes it; never
computes, never imports matplotlib.

Every format holds every figure, in file order, with the 20 columns of a
figures file in their codebook order. ``low`` and ``high`` are the bounds the
loader filled (a blank bound is written as the qualifier rule made it), dates
are written at the precision they were given (``2024-11``) and numbers without
a trailing ``.0`` where whole (``11000``, ``92.5``, ``1e+20``).

The CSV export guards against spreadsheet formula injection as OWASP advises:
a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is written with a single quote in front (``=1+1`` becomes ``'=1+1``).
Number and date columns are never escaped. ``load_figures`` does not undo the
quote, so a CSV export read back holds the quoted text, and exporting that
again gives the same bytes.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pandas as pd

from casualty.load.cells import numbers_as_written, whole_numbers
from casualty.load.files import replace_atomically
from casualty.vocabulary import COLUMNS, DATE_COLUMNS, EXPORT_FORMATS, NUMBER_COLUMNS

#: A text cell starting with one of these is a formula to a spreadsheet (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

TEXT_COLUMNS = tuple(c for c in COLUMNS if c not in NUMBER_COLUMNS and c not in DATE_COLUMNS)


def export_cells(figures: pd.DataFrame) -> pd.DataFrame:
    """Each figure's 20 cells as the text a figures file holds: '' for a blank, nothing escaped."""
    cells = pd.DataFrame(index=figures.index)
    for column in COLUMNS:
        if column in NUMBER_COLUMNS:
            cells[column] = numbers_as_written(figures[column])
        elif column in DATE_COLUMNS:
            cells[column] = _date_cells(figures[column], figures[f"{column}_precision"])
        else:
            text = figures[column].astype(object)
            cells[column] = text.where(text.notna(), "")
    return cells


def export_csv(figures: pd.DataFrame) -> str:
    """A figures CSV file: the loader's dialect, LF line ends, formula starts escaped.

    >>> from casualty.load.read import load_figures
    >>> figures = load_figures()
    >>> export_csv(figures[figures["id"] == "kontur-captured"]).splitlines()[1][:40]
    'kontur-captured,North Korean troops in K'
    """
    cells = export_cells(figures)
    for column in TEXT_COLUMNS:
        text = cells[column]
        cells[column] = text.where(~text.str[:1].isin(FORMULA_STARTS), "'" + text)
        # a field holding a separator, a quote or a line break is quoted, its quotes doubled
        needs_quotes = text.str.contains(r'[,"\r\n]', regex=True)
        cells[column] = cells[column].where(
            ~needs_quotes, '"' + cells[column].str.replace('"', '""', regex=False) + '"')
    return "\n".join([",".join(COLUMNS), _joined_rows(cells, ",").str.cat(sep="\n")]) + "\n"


def export_json(figures: pd.DataFrame) -> str:
    """A JSON array with one object per figure: numbers as numbers, null for a blank.

    >>> from casualty.load.read import load_figures
    >>> figures = load_figures()
    >>> import json
    >>> json.loads(export_json(figures[figures["id"] == "kontur-captured"]))[0]["value"]
    2
    """
    cells = export_cells(figures)
    values = pd.DataFrame(index=figures.index)
    for column in COLUMNS:
        if column in NUMBER_COLUMNS:
            values[column] = _json_numbers(figures[column])
        else:
            values[column] = cells[column].astype(object).where(cells[column] != "", None)
    return json.dumps(values.to_dict(orient="records"), ensure_ascii=False, indent=2) + "\n"


def export_markdown(figures: pd.DataFrame) -> str:
    """A pipe table: | escaped as \\|, line breaks as <br>.

    >>> from casualty.load.read import load_figures
    >>> figures = load_figures()
    >>> export_markdown(figures[figures["id"] == "kontur-captured"]).splitlines()[0][:30]
    '| id | subject | metric | defi'
    """
    cells = export_cells(figures)
    for column in COLUMNS:
        cells[column] = (cells[column].str.replace("|", "\\|", regex=False)
                         .str.replace(r"\r\n|\r|\n", "<br>", regex=True))
    header = "| " + " | ".join(COLUMNS) + " |"
    rule = "|" + "---|" * len(COLUMNS)
    rows = ("| " + _joined_rows(cells, " | ") + " |").str.cat(sep="\n")
    return "\n".join([header, rule, rows]) + "\n"


def export_text(figures: pd.DataFrame, fmt: str) -> str:
    """The figures in one of :data:`casualty.vocabulary.EXPORT_FORMATS`."""
    writers = {"csv": export_csv, "json": export_json, "markdown": export_markdown}
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r}; use one of: {', '.join(EXPORT_FORMATS)}")
    return writers[fmt](figures)


def write_atomically(path: str | os.PathLike, text: str) -> Path:
    """Write ``text`` as UTF-8 to a temporary file beside ``path``, then rename it into place.

    A reader sees the old file or the new one, never half of one; if anything
    fails, the temporary file is removed and the old file is left as it was.
    """
    return replace_atomically(path, lambda out: out.write(text.encode("utf-8")))


# --- cells -------------------------------------------------------------------

def _json_numbers(x: pd.Series) -> pd.Series:
    x = x.astype("float64")
    whole = whole_numbers(x)
    numbers = np.where(whole, x.where(whole, 0).astype("int64").astype(object), x.astype(object))
    return pd.Series(numbers, index=x.index, dtype=object).where(x.notna(), None)


def _date_cells(dates: pd.Series, precision: pd.Series) -> pd.Series:
    """Dates at their precision, the year always four digits (0999, not 999)."""
    year = dates.dt.year.astype("Int64").astype(str).str.zfill(4)
    month = year + "-" + dates.dt.month.astype("Int64").astype(str).str.zfill(2)
    day = month + "-" + dates.dt.day.astype("Int64").astype(str).str.zfill(2)
    level = precision.astype(object).to_numpy()
    text = np.select([level == "year", level == "month", level == "day"], [year, month, day], "")
    return pd.Series(text, index=dates.index, dtype=object)


def _joined_rows(cells: pd.DataFrame, sep: str) -> pd.Series:
    """Each row's cells joined by ``sep``."""
    return cells[COLUMNS[0]].astype(str).str.cat([cells[c].astype(str) for c in COLUMNS[1:]], sep=sep)

