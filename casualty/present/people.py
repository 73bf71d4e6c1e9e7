"""Tables for people: a frame as an HTML table a reader reads, in a notebook and on a report page.

Present stage. The analyses return frames; this module only shows them, at the last step:

- no index column (an index that labels its rows, a name or text, becomes the first column);
- a missing value (NaN, None, pd.NA, NaT) is an empty cell; an infinite one is what it means here, an open
  bound: 'no upper bound', 'no lower bound';
- a tuple or list of ids is written 'a, b'; ``True``/``False`` as 'yes'/'no'; a date as YYYY-MM-DD (a column
  already worded at its precision, '2025-01', is text and stays as it is);
- a whole number is written with thousands separators ('52,000'), another number to two significant figures
  ('8.2', '0.37'), and a number in a column named for a share or a rate as a percentage ('4.0%'): the rules of
  :mod:`casualty.present.wording`;
- ``source`` links to its page when the frame has a ``url`` column (not shown itself), for http and https
  addresses only;
- every string from the data is escaped: a ``<script>`` in a quote is shown as text. No JavaScript.

Long text wraps in a column of bounded width and a wide table scrolls sideways in its own box: the style is the
table's own, scoped by a class, so the table looks the same in Jupyter and on the report's pages.

>>> print(people_table(pd.DataFrame({"source": ["Kontur"], "killed": [52000.0], "high": [float("inf")]})))
source killed           high
Kontur 52,000 no upper bound
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import numpy as np
import pandas as pd

from casualty.present.wording import decimals_for, fixed_text, format_share, round_to

#: The class of the box a table sits in; the table's style applies inside it only.
CLASS = "casualty-table"
#: A column whose longest text is longer than this is long text: it wraps within a bounded width.
LONG = 60
#: The words of a numeric column's name that say it holds fractions, shown as percentages.
SHARE_WORDS = frozenset({"share", "rate"})
#: What an infinite number is in these tables: an open bound.
OPEN_BOUNDS = {np.inf: "no upper bound", -np.inf: "no lower bound"}
#: A column whose longest text is no longer than this is kept on one line: dates, numbers, ranges, short words.
SHORT = 16
#: The table's own style, scoped by the class, which the box and the table both carry: two classes outweigh a
#: notebook front end's own rules for tables (JupyterLab's right-aligned cells weigh as much as two classes).
_T = f"div.{CLASS} table.{CLASS}"
STYLE = f"""<style>
div.{CLASS} {{overflow-x: auto; max-width: 100%; margin: 0 0 1em 0}}
{_T} {{border-collapse: collapse; table-layout: auto; width: auto; margin: 0; font-size: 0.85em}}
{_T} caption {{caption-side: top; text-align: left; font-weight: bold; padding: 0 0 0.4em 0}}
{_T} th, {_T} td {{text-align: left; vertical-align: top; padding: 0.3em 0.6em; max-width: none;
  white-space: normal; overflow-wrap: break-word; border: none; border-bottom: 1px solid #d0d0d0}}
{_T} th {{border-bottom: 2px solid #808080}}
{_T} .short {{white-space: nowrap}}
{_T} .number {{text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums}}
{_T} .text {{min-width: 8em}}
{_T} .long {{min-width: 18em; max-width: 36em}}
</style>"""


@dataclass(frozen=True)
class PeopleTable:
    """A table as people read it: ``cells`` (the words of every cell, as a frame of strings), and where its
    ``source`` cells link to (``links``, '' for none). Jupyter shows its HTML; ``str`` gives it as plain text."""

    cells: pd.DataFrame
    links: tuple[str, ...]
    numeric: frozenset[str]
    caption: str | None = None

    def _repr_html_(self) -> str:
        return self.html()

    def html(self) -> str:
        """The table as HTML, with its own style."""
        def kind(column: str) -> str:
            if column in self.numeric:
                return ' class="number"'
            longest = max([len(column), *self.cells[column].str.len()])
            return f' class="{"short" if longest <= SHORT else "text" if longest <= LONG else "long"}"'

        kinds = [kind(c) for c in self.cells.columns]
        head = "".join(f'<th scope="col"{k}>{_text(c)}</th>' for c, k in zip(self.cells.columns, kinds))
        rows = []
        for i, row in enumerate(self.cells.itertuples(index=False, name=None)):
            cells = []
            for column, value, k in zip(self.cells.columns, row, kinds):
                if column == "source" and self.links[i]:
                    value = f'<a href="{html.escape(self.links[i], quote=True)}">{_text(value)}</a>'
                else:
                    value = _text(value)
                cells.append(f"<td{k}>{value}</td>")
            rows.append("<tr>" + "".join(cells) + "</tr>")
        caption = f"<caption>{_text(self.caption)}</caption>" if self.caption else ""
        return (f'{STYLE}\n<div class="{CLASS}"><table class="{CLASS}">{caption}\n<thead><tr>{head}</tr></thead>\n<tbody>\n'
                + "\n".join(rows) + "\n</tbody></table></div>")

    def __str__(self) -> str:
        text = self.cells.to_string(index=False) if len(self.cells) else "  ".join(self.cells.columns)
        return f"{self.caption}\n{text}" if self.caption else text

    __repr__ = __str__


def people_table(frame: pd.DataFrame, caption: str | None = None) -> PeopleTable:
    """``frame`` as a table for people (the rules are the module's); a notebook cell ending with it shows it.

    >>> people_table(pd.DataFrame({"ids": [("a", "b")], "fits": [True], "as of": [pd.Timestamp("2025-01-31")]})).cells
        ids fits       as of
    0  a, b  yes  2025-01-31
    """
    frame = _with_row_labels(frame)
    linked = "source" in frame.columns and "url" in frame.columns
    links = tuple(_web_address(u) for u in frame["url"]) if linked else ("",) * len(frame)
    if linked:
        frame = frame.drop(columns="url")
    numeric = frozenset(c for c in frame.columns
                        if pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c]))
    cells = pd.DataFrame({c: _column_text(frame[c], c) for c in frame.columns}, columns=frame.columns)
    return PeopleTable(cells.reset_index(drop=True), links, numeric, caption)


def table_html(frame: pd.DataFrame, caption: str | None = None) -> str:
    """The HTML of :func:`people_table`: a ``<style>`` scoped by :data:`CLASS`, and the table in its box.

    >>> "<td>a, b</td>" in table_html(pd.DataFrame({"ids": [("a", "b")]}))
    True
    """
    return people_table(frame, caption).html()


def _with_row_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with its labels as text and no index: an index of row numbers is dropped, one that names its
    rows (it has a name, or holds text) becomes the first column."""
    frame = frame.copy()
    frame.columns = [_label(c) for c in frame.columns]
    index = frame.index
    numbered = all(n is None for n in index.names) and pd.api.types.is_integer_dtype(index.dtype)
    if numbered:
        return frame.reset_index(drop=True)
    names = [_label(n) if n is not None else "" for n in index.names]
    frame.index = frame.index.set_names(names)
    return frame.reset_index()


def _label(label) -> str:
    """A column's header: a label of several levels is written as its parts."""
    if isinstance(label, tuple):
        return " ".join(str(part) for part in label if not _missing(part))
    return "" if _missing(label) else str(label)


def _column_text(column: pd.Series, name: str) -> np.ndarray:
    """The words of each cell of one column."""
    if pd.api.types.is_bool_dtype(column):
        return np.where(column.to_numpy(dtype=bool), "yes", "no").astype(object)
    if pd.api.types.is_numeric_dtype(column):
        return _numbers_text(column.to_numpy(dtype="float64", na_value=np.nan), _is_share(name))
    if pd.api.types.is_datetime64_any_dtype(column):
        return column.dt.strftime("%Y-%m-%d").astype(object).fillna("").to_numpy()
    share = _is_share(name)
    return np.fromiter((_cell_text(v, share) for v in column.astype(object)), dtype=object, count=len(column))


def _cell_text(value, share: bool) -> str:
    """The words of one cell of a column of mixed values."""
    if isinstance(value, (tuple, list, set, frozenset, np.ndarray)):
        return ", ".join(_cell_text(v, share) for v in value if not _missing(v))
    if _missing(value):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (int, float, np.integer, np.floating)):
        return str(_numbers_text(np.array([value], dtype="float64"), share)[0])
    if isinstance(value, (pd.Timestamp, dt.date)):
        return value.strftime("%Y-%m-%d")
    return str(value)


def _numbers_text(x: np.ndarray, share: bool) -> np.ndarray:
    """Whole numbers with thousands separators, others to two significant figures, fractions of a share as
    percentages (:mod:`casualty.present.wording`'s rules); NaN as '', infinity as the open bound it is."""
    finite = np.where(np.isfinite(x), x, np.nan)
    if share:
        text = np.array(format_share(finite), dtype=object)
    else:
        decimals = np.where(finite == np.round(finite), 0, decimals_for(finite))
        text = fixed_text(round_to(finite, decimals), decimals)
    for bound, words in OPEN_BOUNDS.items():
        text[x == bound] = words
    return text


def _is_share(name: str) -> bool:
    return bool(SHARE_WORDS & set(re.split(r"[^a-z]+", name.lower())))


def _missing(value) -> bool:
    """Whether one value is missing: None, NaN, pd.NA or NaT."""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # a sequence: not one missing value
        return False


def _web_address(url) -> str:
    """The address, when it is an http or https address with a host; '' for anything else (``javascript:``)."""
    if not isinstance(url, str):
        return ""
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else ""


def _text(value) -> str:
    """Text from the data, escaped for HTML."""
    return html.escape(str(value), quote=False)
