"""Read a figures file into a typed, validated DataFrame.

``load_figures`` is the only way figures enter the package. It reads the whole
file, checks every cell against the codebook in one vectorised pass and either
returns every row, typed and with its bounds filled by the qualifier rule, or
raises one :class:`FiguresError` that lists every problem as
``FILE:LINE: COLUMN: what is wrong (got 'VALUE')``. It never drops, reorders or
changes a stated value.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
from importlib import resources
from pathlib import Path
from typing import IO, Union

import numpy as np
import pandas as pd

from casualty.vocabulary import (
    COLUMNS,
    DATE_COLUMNS,
    DEFINITIONS,
    METRICS,
    NEEDS_DEFINITION,
    NUMBER_COLUMNS,
    PERCENT_CEILING,
    QUALIFIERS,
    REQUIRED,
    UNITS,
)

FiguresSource = Union[str, os.PathLike, IO[str], IO[bytes], None]

#: How many problems the error message shows; all of them are in ``.problems``.
SHOWN_PROBLEMS = 200

_COLUMN_ORDER = {name: i for i, name in enumerate(COLUMNS)}
_DATE_SHAPE = r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?"  # ASCII digits: \d matches any script's
_URL_SHAPE = r"https?://[^\s]+"
_PRECISION_BY_LENGTH = {4: "year", 7: "month", 10: "day"}
# Columns whose words the codebook fixes; the rest are free text.
_VOCABULARIES = {
    "metric": tuple(METRICS),
    "unit": tuple(UNITS),
    "qualifier": tuple(QUALIFIERS),
    "definition": tuple(DEFINITIONS),
}
_CATEGORICAL_TEXT = ("subject", "side", "source", "outlet")
# Columns read as categoricals: few distinct words, so each is checked once, not once per row.
_READ_AS_CATEGORY = ("subject", "metric", "definition", "unit", "qualifier", "as_of", "window_start", "stated",
                     "source", "side", "outlet", "url")
_SCAN_BLOCK = 1 << 19  # bytes the record scanner looks at in one go: fits in the CPU cache
_LEADING_LINE_ENDS = re.compile(rb"[\r\n]*")
_OPTIONAL_TEXT = ("definition", "source_role", "url", "note", "window_start")


class FiguresError(ValueError):
    """A figures file that cannot be used as it is.

    ``problems`` holds every problem found, each a line
    ``FILE:LINE: COLUMN: what is wrong (got 'VALUE')``.
    """

    def __init__(self, file: str, problems: list[str]):
        self.file = file
        self.problems = list(problems)
        shown = self.problems[:SHOWN_PROBLEMS]
        more = len(self.problems) - len(shown)
        count = len(self.problems)
        head = f"{file}: {count} problem{'s' if count != 1 else ''}"
        tail = [f"... and {more} more"] if more else []
        super().__init__("\n".join([head, *shown, *tail] if count > 1 else shown))


def bundled_figures_path() -> Path:
    """The figures file that ships with the package.

    Inside an installed wheel it is ``casualty/data/figures.csv``; in a checkout
    it is ``data/figures.csv`` at the top of the repository.
    """
    packaged = resources.files("casualty").joinpath("data").joinpath("figures.csv")
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "data" / "figures.csv"


def load_figures(path: FiguresSource = None) -> pd.DataFrame:
    """Load, validate and type a figures file.

    ``path`` is a file path, an open file (text or binary), or ``None`` for the
    bundled data. Returns one row per line of the file, in file order, with
    ``value``/``low``/``high`` as floats (blank bounds filled by the qualifier
    rule), ``best`` (the value, or the middle of the range when no value was
    stated), ``bounds_from`` (``stated``, ``qualifier`` or ``mixed``), dates as
    ``datetime64`` with a ``<date>_precision`` column beside each, vocabularies
    as categoricals and ``line``, the row's line in the file.

    >>> figures = load_figures()
    >>> figures.loc[figures.id == "kontur-captured", ["value", "low", "high"]].iloc[0].tolist()
    [2.0, 2.0, 2.0]
    """
    # load inputs
    name, data = _read_bytes(path)
    raw, lines = _parse(name, data)
    del data  # the cells are read: the bytes are not needed past here (a large file's memory)
    # process
    figures = _validate_and_type(name, raw, lines)
    figures.attrs["file"] = name
    return figures


# --- reading ---------------------------------------------------------------

def _read_bytes(path: FiguresSource) -> tuple[str, bytes]:
    if path is None:
        path = bundled_figures_path()
    if hasattr(path, "read"):
        name = str(getattr(path, "name", "<stream>"))
        data = path.read()
        # a lone surrogate (text decoded with errors="surrogateescape") fails the UTF-8 check, located
        return name, data.encode("utf-8", "surrogatepass") if isinstance(data, str) else bytes(data)
    name = os.fspath(path)
    try:
        return name, Path(name).read_bytes()
    except FileNotFoundError:
        why = "no such file"
    except IsADirectoryError:
        why = "is a directory, not a figures file"
    except PermissionError:
        why = "permission denied: the file cannot be read"
    except OSError as error:
        why = f"cannot be read ({error.strerror or error})"
    raise FiguresError(name, [f"{name}: {why}"])


def _parse(name: str, data: bytes) -> tuple[pd.DataFrame, np.ndarray]:
    """Split the file into cells as text; return them with each row's line."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    if not data or (data[:1].isspace() and not data.strip()):  # strip() copies: only when it may be blank
        raise FiguresError(name, [f"{name}:1: file: the file is empty (got '')"])
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise FiguresError(name, [f"{name}:{line}: file: a NUL byte; this is not a text CSV file (got '\\x00')"])
    try:
        if not data.isascii():  # ASCII is UTF-8; decoding only checks the other bytes
            data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise FiguresError(name, [_encoding_problem(name, data, error.start)]) from None

    # the header first: a file in another layout (semicolons) fails here, not on its quotes
    header_fields, header_line = _header(data)
    _check_header(name, header_fields, header_line)
    records = _scan_records(name, data)
    _check_field_counts(name, data, header_fields, records)
    if len(records.lines) == 1:
        raise FiguresError(name, [f"{name}:{header_line}: file: a header with no rows below it (got '{records.text(data, 0)}')"])

    raw = _read_cells(data, header_fields)
    lines = records.lines[1:]
    if len(raw) != len(lines):  # a safety net: the scanner and pandas must agree
        raise FiguresError(name, [
            f"{name}:1: file: rows could not be matched to lines: "
            f"{len(lines)} records but {len(raw)} rows were read (got '{len(raw)}')"
        ])
    return raw[list(COLUMNS)], lines


def _read_cells(data: bytes, header: list[str]) -> pd.DataFrame:
    """Every cell as text; the columns in _READ_AS_CATEGORY as categoricals of their words."""
    def read(dtype, usecols=None):
        return pd.read_csv(
            _OneRead(data), dtype=dtype, usecols=usecols, keep_default_na=False, na_filter=False,
            skip_blank_lines=True, index_col=False, encoding="utf-8", engine="c",
        )

    raw = read({column: "category" if column in _READ_AS_CATEGORY else object if column in NUMBER_COLUMNS else str
                for column in header})
    # read_csv turns categories that all look like numbers or booleans into numbers: read those as text
    converted = [c for c in _READ_AS_CATEGORY if pd.api.types.infer_dtype(raw[c].cat.categories) != "string"]
    if converted:
        raw[converted] = read(str, usecols=converted)[converted]
    return raw


class _OneRead:
    """A binary file that gives all its bytes at the first read, however few are asked for.

    pandas' C parser reads a file 256 KiB at a time, and when a read ends among
    the spaces or tabs that start a record, it drops them: a cell '  x' comes
    back as 'x'. Read in one go, the file has no such place.
    """

    mode = "rb"

    def __init__(self, data: bytes):
        self._data = data

    def read(self, size: int = -1) -> bytes:
        data, self._data = self._data, b""
        return data

    def __iter__(self):
        raise io.UnsupportedOperation("read it with read()")


class _Records:
    """Where each non-blank CSV record starts and stops, its line and field count."""

    def __init__(self, starts, stops, lines, fields):
        self.starts, self.stops, self.lines, self.fields = starts, stops, lines, fields

    def text(self, data: bytes, i: int, limit: int = 60) -> str:
        chunk = data[self.starts[i]:self.stops[i]].decode("utf-8", "replace")
        chunk = chunk if len(chunk) <= limit else chunk[:limit] + "..."
        return chunk.replace("\r", "\\r").replace("\n", "\\n")  # a problem is one line


def _scan_records(name: str, data: bytes) -> _Records:
    """Find CSV records (RFC 4180 quoting) without a loop over the bytes.

    A newline or comma counts only where an even number of quote characters
    precede it, i.e. outside any quoted field. The file is scanned in blocks
    that fit in the CPU cache; commas are counted, not listed.
    """
    a = np.frombuffer(data, dtype=np.uint8)
    any_cr = data.find(b"\r") >= 0
    quote_parts, newline_parts, unquoted_parts, cr_parts, comma_parts = [], [], [], [], []
    quotes_before, suspect_quote = 0, False
    for offset in range(0, len(a), _SCAN_BLOCK):
        block = a[offset:offset + _SCAN_BLOCK]
        quotes = np.flatnonzero(block == ord('"'))
        newlines = np.flatnonzero(block == ord("\n"))
        unquoted = ((np.searchsorted(quotes, newlines) + quotes_before) & 1) == 0
        ends = newlines[unquoted]
        inside = quotes_before & 1  # the block starts inside quotes
        opening, closing = quotes[inside::2], quotes[1 - inside::2]
        # a quote must open a field (after a comma, a line end or the quote closing the field before)
        # and close it (before a comma, a line end or the quote opening the next): else _check_quotes says why
        if len(quotes):
            before = a[np.maximum(opening + offset - 1, 0)]
            after = a[np.minimum(closing + offset + 1, len(a) - 1)]
            suspect_quote |= bool((((before != ord(",")) & (before != ord("\n")) & (before != ord('"')))
                                   & (opening + offset > 0)).any()
                                  or (((after != ord(",")) & (after != ord("\n")) & (after != ord("\r"))
                                       & (after != ord('"'))) & (closing + offset + 1 < len(a))).any())
        # commas outside quotes in each record: all commas less those between an opening and a closing quote
        if inside:
            opening = np.concatenate(([0], opening))
        if len(closing) < len(opening):
            closing = np.append(closing, len(block))
        counted = _count_before(block == ord(","), np.concatenate(([0], ends, [len(block)], opening, closing)))
        in_records = np.diff(counted[:len(ends) + 2])
        in_quotes = counted[len(ends) + 2 + len(opening):] - counted[len(ends) + 2:len(ends) + 2 + len(opening)]
        in_quotes = np.bincount(np.searchsorted(ends, opening), weights=in_quotes, minlength=len(ends) + 1)
        comma_parts.append(in_records - in_quotes.astype(np.int64))
        if any_cr:
            cr = np.flatnonzero(block == ord("\r"))
            cr_parts.append(cr[((np.searchsorted(quotes, cr) + quotes_before) & 1) == 0] + offset)
        quote_parts.append(quotes + offset)
        newline_parts.append(newlines + offset)
        unquoted_parts.append(unquoted)
        quotes_before += len(quotes)
    if suspect_quote or quotes_before % 2:
        _check_quotes(name, data, a, _joined(quote_parts))
    # a CR that is not part of CRLF (old Mac line ends) would split rows for pandas only
    bare_cr = _joined(cr_parts)
    bare_cr = bare_cr[(bare_cr + 1 < len(a)) & (a[np.minimum(bare_cr + 1, len(a) - 1)] != ord("\n"))]
    if len(bare_cr):
        raise _problem_at(name, data, int(bare_cr[0]),
                          "a line break that is a bare CR; save the file with LF or CRLF line endings")
    newlines, unquoted = _joined(newline_parts), np.concatenate(unquoted_parts)
    ends = newlines[unquoted]
    starts = np.concatenate(([0], ends + 1))
    stops = np.concatenate((ends, [len(a)]))
    # a CR before the LF belongs to the line end, not to the last field
    has_cr = (stops > starts) & (a[np.maximum(stops - 1, 0)] == ord("\r"))
    stops = stops - has_cr
    keep = stops > starts
    # the line a record starts on: one more than the newlines before it
    lines = np.concatenate(([1], np.flatnonzero(unquoted) + 2))[keep]
    # a block's first record carries on the last record of the block before
    commas = np.zeros(len(starts), dtype=np.int64)
    first = 0
    for counts in comma_parts:
        commas[first:first + len(counts)] += counts
        first += len(counts) - 1
    return _Records(starts[keep], stops[keep], lines, commas[keep] + 1)


def _count_before(mask: np.ndarray, where: np.ndarray) -> np.ndarray:
    """How many of ``mask`` are true before each position in ``where`` (each at most ``len(mask)``)."""
    bits = np.packbits(mask, bitorder="little")
    if hasattr(np, "bitwise_count"):  # numpy >= 2: 64 bits at a time
        words = np.zeros(len(bits) // 8 + 1, dtype="<u8")
        words.view(np.uint8)[:len(bits)] = bits
        totals = np.concatenate(([0], np.cumsum(np.bitwise_count(words), dtype=np.int64)))
        below = (np.uint64(1) << (where & 63).astype(np.uint64)) - np.uint64(1)
        return totals[where >> 6] + np.bitwise_count(words[where >> 6] & below)
    bits = np.append(bits, np.uint8(0))
    totals = np.concatenate(([0], np.cumsum(_BITS_SET[bits], dtype=np.int64)))
    return totals[where >> 3] + _BITS_SET[bits[where >> 3] & _BELOW[where & 7]]


_BITS_SET = np.array([bin(i).count("1") for i in range(256)], dtype=np.int64)
_BELOW = np.array([(1 << k) - 1 for k in range(8)], dtype=np.uint8)


def _joined(parts: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.intp)


def _check_quotes(name: str, data: bytes, a: np.ndarray, quotes: np.ndarray) -> None:
    """Quotes must open a field and close it; a quote inside must be doubled."""
    if len(quotes) == 0:
        return
    opening, closing = quotes[0::2], quotes[1::2]
    before = np.where(opening > 0, a[np.maximum(opening - 1, 0)], ord(","))
    # an opening quote right after a closing one is the second half of ""; only the quote
    # before an opening quote (the previous closing one) can be right before it
    after_closing = np.zeros(len(opening), dtype=bool)
    after_closing[1:] = closing[:len(opening) - 1] == opening[1:] - 1
    bad_open = (before != ord(",")) & (before != ord("\n")) & ~after_closing
    after = np.where(closing + 1 < len(a), a[np.minimum(closing + 1, len(a) - 1)], ord(","))
    bad_close = (after != ord(",")) & (after != ord("\n")) & (after != ord("\r")) & (after != ord('"'))
    bad = np.sort(np.concatenate((opening[bad_open], closing[bad_close])))
    if len(bad):
        where = int(bad[0])
        k = int(np.searchsorted(quotes, where))
        if k % 2 and a[where - 1] in (ord(","), ord("\n")):
            # a "closing" quote that opens a field: the quote before it was never closed
            raise _problem_at(name, data, int(quotes[k - 1]), "a quote opened here is never closed")
        raise _problem_at(name, data, where, "a stray quote: quote a whole field and double any quote inside it")
    if len(quotes) % 2:
        raise _problem_at(name, data, int(quotes[-1]), "a quote opened here is never closed")


def _problem_at(name: str, data: bytes, where: int, what: str) -> FiguresError:
    line_start = data.rfind(b"\n", 0, where) + 1
    line_end = data.find(b"\n", where)
    line_text = data[line_start:line_end if line_end >= 0 else len(data)].decode("utf-8", "replace")
    column = _column_at(_header(data)[0], data, where)
    line = data.count(b"\n", 0, where) + 1
    shown = line_text.strip("\r")
    shown = shown if len(shown) <= 60 else shown[:60] + "..."
    shown = shown.replace("\r", "\\r")  # a problem is one line
    return FiguresError(name, [f"{name}:{line}: {column}: {what} (got '{shown}')"])


def _column_at(header: list[str], data: bytes, where: int) -> str:
    """The header name of the field that byte ``where`` is in.

    Commas and newlines inside quoted fields do not count, so the quotes before
    ``where`` must pair up (they do wherever a problem is reported).
    """
    a = np.frombuffer(data, dtype=np.uint8, count=where)
    outside = (np.cumsum(a == ord('"')) & 1) == 0
    ends = np.flatnonzero((a == ord("\n")) & outside)
    start = int(ends[-1]) + 1 if len(ends) else 0
    index = int(np.count_nonzero((a[start:] == ord(",")) & outside[start:]))
    if index < len(header) and header[index] in _COLUMN_ORDER:
        return header[index]
    # a name that is not a column (a header garbled by the problem itself) names nothing
    header_end = data.find(b"\n", _LEADING_LINE_ENDS.match(data).end())
    return "header" if 0 <= where < header_end else f"field {index + 1}"


def _header(data: bytes) -> tuple[list[str], int]:
    """The header's fields and line: the first line that is not blank."""
    start = _LEADING_LINE_ENDS.match(data).end()  # data.lstrip() would copy the whole file
    stop = data.find(b"\n", start)
    return _split_record(data, start, stop if stop >= 0 else len(data)), data.count(b"\n", 0, start) + 1


def _split_record(data: bytes, start: int, stop: int) -> list[str]:
    text = data[start:stop].decode("utf-8", "replace").rstrip("\r")
    return next(csv.reader(io.StringIO(text, newline="")), [])  # a bare CR ends the record


def _encoding_problem(name: str, data: bytes, where: int) -> str:
    line = data.count(b"\n", 0, where) + 1
    column = _column_at(_header(data)[0], data, where)
    return (f"{name}:{line}: {column}: not UTF-8 text; save the file as UTF-8 "
            f"(got byte 0x{data[where]:02x})")


def _check_header(name: str, header: list[str], line: int) -> None:
    problems = []
    seen = set()
    for column in header:
        if column in seen:
            problems.append(f"{name}:{line}: header: column named twice (got '{column}')")
        seen.add(column)
    unknown = [c for c in header if c not in _COLUMN_ORDER]
    missing = [c for c in COLUMNS if c not in seen]
    if len(header) == 1 and ";" in header[0]:
        problems.append(f"{name}:{line}: header: columns must be separated by commas, not semicolons (got '{header[0][:60]}')")
    else:
        problems += [f"{name}:{line}: header: unknown column (got '{c}')" for c in unknown]
        problems += [f"{name}:{line}: header: missing column '{c}' (got '')" for c in missing]
    if problems:  # a quoted header name may hold a line break: a problem is one line
        raise FiguresError(name, [p.replace("\r", "\\r").replace("\n", "\\n") for p in problems])


def _check_field_counts(name: str, data: bytes, header: list[str], records: _Records) -> None:
    expected = len(header)
    wrong = np.flatnonzero(records.fields[1:] != expected) + 1
    if len(wrong) == 0:
        return
    problems = []
    for i in wrong[:SHOWN_PROBLEMS * 5]:  # a message per bad line, bounded
        count = int(records.fields[i])
        column = header[count] if count < expected else f"field {expected + 1}"
        what = "too few" if count < expected else "too many"
        problems.append(
            f"{name}:{records.lines[i]}: {column}: {what} fields: "
            f"the row has {count}, the header {expected} (got '{records.text(data, i)}')"
        )
    if len(wrong) > SHOWN_PROBLEMS * 5:
        first = wrong[SHOWN_PROBLEMS * 5]  # the summary names the first line it does not list
        problems.append(f"{name}:{records.lines[first]}: file: and {len(wrong) - SHOWN_PROBLEMS * 5} more lines "
                        f"with the wrong number of fields from this line on (got '{records.text(data, first)}')")
    raise FiguresError(name, problems)


# --- checking and typing ---------------------------------------------------

class _Problems:
    """Collects problems as vectorised masks; formats only the failing rows."""

    def __init__(self, name: str, raw: pd.DataFrame, lines: np.ndarray):
        self.name, self.raw, self.lines = name, raw, lines
        self.parts: list[pd.DataFrame] = []

    def add(self, mask, column: str, what, got=None) -> None:
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
        lines = self.lines[mask]
        text = (f"{self.name}:" + pd.Series(lines).astype(str) + f": {column}: " + what
                + " (got '" + _one_line(got.str.slice(0, 60)) + "')")
        self.parts.append(pd.DataFrame({"line": lines, "order": _COLUMN_ORDER.get(column, -1), "text": text}))

    def raise_if_any(self) -> None:
        if not self.parts:
            return
        found = pd.concat(self.parts, ignore_index=True)
        found = found.sort_values(["line", "order"], kind="stable")
        raise FiguresError(self.name, found["text"].tolist())


def _one_line(text: pd.Series) -> pd.Series:
    """Values as shown in a problem: line breaks escaped, so that a problem is one line."""
    return text.str.replace("\r", "\\r", regex=False).str.replace("\n", "\\n", regex=False)


def _number_text(x: pd.Series) -> pd.Series:
    """Numbers as people write them: 11000, not 11000.0."""
    whole = np.isfinite(x) & (x == np.floor(x)) & (x.abs() < 2.0**63)  # past int64: 1e+20
    return pd.Series(np.where(whole, x.where(whole, 0).astype("int64").astype(str), x.astype(str)), index=x.index)


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


def _blank(column: pd.Series) -> np.ndarray:
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


def _validate_and_type(name: str, raw: pd.DataFrame, lines: np.ndarray) -> pd.DataFrame:
    problems = _Problems(name, raw, lines)
    blank = {column: _blank(raw[column]) for column in COLUMNS}

    for column in REQUIRED:
        problems.add(blank[column], column, "is blank; every figure needs it")

    known = {}
    for column, words in _VOCABULARIES.items():
        known[column] = raw[column].isin(words).to_numpy()
        problems.add(~known[column] & ~blank[column], column,
                     f"unknown {column}; use one of: {', '.join(words)}")

    metric_kind = _per_value(raw["metric"], lambda v: v.map({m: kind for m, (_, kind) in METRICS.items()}))
    unit_kind = _per_value(raw["unit"], lambda v: v.map(UNITS))
    problems.add(known["metric"] & known["unit"] & (metric_kind != unit_kind), "unit",
                 lambda: "does not fit the metric: " + _text(raw["metric"]) + " is counted in "
                 + pd.Series(metric_kind, index=raw.index).fillna("")
                 .map({"people": "people", "formations": "formations (brigades, ...)", "share": "percent"}))
    needs_definition = raw["metric"].isin(NEEDS_DEFINITION).to_numpy()
    problems.add(needs_definition & blank["definition"], "definition",
                 f"is blank; say what the figure counted: one of {', '.join(DEFINITIONS)}")

    numbers = {}
    for column in NUMBER_COLUMNS:
        # each distinct text is read once; a file repeats its numbers
        number = pd.Series(_per_value(raw[column], lambda v: pd.to_numeric(v.where(v != ""), errors="coerce")
                                      .astype("float64")), index=raw.index, copy=False)
        not_number = ~blank[column] & number.isna().to_numpy()
        said_nan = not_number & _per_value(raw[column], lambda v: v.str.strip().str.lower().isin(
            ("nan", "+nan", "-nan"))).astype(bool) if not_number.any() else not_number
        problems.add(not_number & said_nan, column, "NaN is not a number")
        problems.add(not_number & ~said_nan, column, "is not a number; write digits only, like 11000")
        infinite = np.isinf(number.to_numpy())
        problems.add(infinite, column, "is infinite")
        negative = (number < 0).to_numpy() & ~infinite
        problems.add(negative, column, "is negative")
        numbers[column] = number.where(~(infinite | negative))

    # the rule of each qualifier word; none for an unknown word
    rule = {field: pd.Series(_per_value(raw["qualifier"], lambda v: v.map(
                {q.name: getattr(q, field) for q in QUALIFIERS.values()}).astype("float64")), index=raw.index, copy=False)
            for field in ("low_percent", "high_percent", "low", "high")}
    relative = rule["low_percent"].notna().to_numpy()
    value = numbers["value"]
    problems.add(relative & blank["value"] & (blank["low"] | blank["high"]), "value",
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
        problems.add(over_here, column, "a percentage over 100")
        over |= over_here
    # a row already flagged for a percentage over 100 is not flagged again for its order
    low, high = low.where(~over), high.where(~over)
    problems.add((low > value).to_numpy(), "low",
                 lambda: np.where(blank["low"], "the qualifier's lower bound ", "") + "is above the value "
                 + _number_text(value),
                 got=lambda: np.where(blank["low"], _number_text(low), raw["low"]))
    problems.add((value > high).to_numpy(), "high",
                 lambda: np.where(blank["high"], "the qualifier's upper bound ", "") + "is below the value "
                 + _number_text(value),
                 got=lambda: np.where(blank["high"], _number_text(high), raw["high"]))
    problems.add((low > high).to_numpy() & value.isna().to_numpy(), "low",
                 lambda: "is above high " + _number_text(high),
                 got=lambda: np.where(blank["low"], _number_text(low), raw["low"]))

    dates, precisions, ends = {}, {}, {}
    for column in DATE_COLUMNS:
        # each distinct date is read once, then spread over its rows: a file has few dates
        codes, text = _distinct(raw[column])
        length = text.str.len()
        padded = text.mask(length == 4, text + "-01-01").mask(length == 7, text + "-01")
        shaped = text.str.fullmatch(_DATE_SHAPE).to_numpy(dtype=bool)
        date = pd.to_datetime(padded.where(shaped), format="%Y-%m-%d", errors="coerce")
        precision = length.map(_PRECISION_BY_LENGTH).where(date.notna())
        end = (date.where(precision != "month", date + pd.offsets.MonthEnd(0))
               .where(precision != "year", date + pd.offsets.YearEnd(0)))
        shaped = shaped[codes]
        # spread over the rows as int64: np.take is several times faster on it than on datetime64, same bits
        date, end = (pd.Series(np.take(x.to_numpy().view(np.int64), codes).view(x.dtype), index=raw.index, copy=False)
                     for x in (date, end))
        precision = pd.Categorical(precision, categories=["year", "month", "day"]).codes[codes]
        problems.add(~blank[column] & ~shaped, column, "is not a date; write YYYY-MM-DD, YYYY-MM or YYYY")
        problems.add(shaped & date.isna().to_numpy(), column, "is not a real date")
        dates[column], ends[column] = date, end
        precisions[column] = pd.Categorical.from_codes(precision, categories=["year", "month", "day"])
    problems.add((ends["stated"] < dates["as_of"]).to_numpy(), "stated",
                 lambda: "is before as_of " + _text(raw["as_of"]) + ": a figure cannot describe a date after it was stated")
    problems.add((dates["window_start"] > ends["as_of"]).to_numpy(), "window_start",
                 lambda: "is after as_of " + _text(raw["as_of"]) + ": a window must start on or before its end")

    problems.add(~blank["url"] & ~_per_value(raw["url"], lambda v: v.str.fullmatch(_URL_SHAPE)).astype(bool), "url",
                 "is not a web address starting with http:// or https://")

    duplicated = (raw["id"].duplicated() & ~pd.Series(blank["id"])).to_numpy()
    if duplicated.any():
        first_line = pd.Series(lines).groupby(raw["id"].to_numpy()).transform("first")
        problems.add(duplicated, "id", "duplicate id, first used on line " + first_line.astype(str))

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
    for column in DATE_COLUMNS:
        figures[f"{column}_precision"] = precisions[column]
    figures["line"] = lines
    return figures
