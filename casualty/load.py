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
import functools
import json
import os
import threading
from importlib import resources
from pathlib import Path
from typing import IO, Union

import numpy as np
import pandas as pd

from casualty.cells import blank_cells, check_and_type, date_end, suggestion  # noqa: F401 (date_end: a public name)
from casualty.evidence import sources_folder
from casualty.problems import FiguresError, Problem
from casualty.processes import Forked, can_fork
from casualty.records import (
    COLUMN_ORDER,
    OneRead,
    Records,
    encoding_problem,
    first_not_utf8,
    header_of,
    scan_records,
)
from casualty.vocabulary import COLUMNS, NUMBER_COLUMNS

FiguresSource = Union[str, os.PathLike, IO[str], IO[bytes], None]

#: A dataset folder holds its figures file, its codebook and its source excerpts (sources/) under these names.
FIGURES_FILE, DATAPACKAGE_FILE = "figures.csv", "datapackage.json"
#: The settings a dataset's datapackage.json may give in its top-level object "casualty".
SETTINGS = ("subject", "headline_report")

# Columns read as categoricals: few distinct words, so each is checked once, not once per row. Not url: a file
# can give each report its own address, and a categorical of a million distinct words costs seconds to read.
_READ_AS_CATEGORY = ("subject", "metric", "definition", "unit", "qualifier", "as_of", "window_start", "stated",
                     "source", "side", "outlet")


def bundled_data_path(name: str) -> Path:
    """A file of the bundled dataset: in an installed wheel under ``casualty/data/``, in a checkout under ``data/``.

    >>> bundled_data_path("datapackage.json").name
    'datapackage.json'
    """
    packaged = resources.files("casualty").joinpath("data").joinpath(name)
    if packaged.is_file() or packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "data" / name


def bundled_figures_path() -> Path:
    """The figures file that ships with the package.

    Inside an installed wheel it is ``casualty/data/figures.csv``; in a checkout
    it is ``data/figures.csv`` at the top of the repository.

    >>> bundled_figures_path().name
    'figures.csv'
    """
    return bundled_data_path("figures.csv")


def figures_file_of(path: str | os.PathLike | None) -> Path:
    """The figures file a path names: the file itself, ``figures.csv`` in a dataset folder, or the bundled one.

    >>> figures_file_of(bundled_figures_path().parent).name
    'figures.csv'
    """
    if path is None:
        return bundled_figures_path()
    path = Path(path)
    return path / FIGURES_FILE if path.is_dir() else path


def datapackage_of(figures_file: str | os.PathLike | None) -> Path:
    """The codebook that belongs to a figures file: ``datapackage.json`` beside it (for the bundled data, the
    bundled one). It need not exist.

    >>> datapackage_of(None).name
    'datapackage.json'
    """
    figures_file = figures_file_of(figures_file)
    if figures_file.resolve() == bundled_figures_path().resolve():
        return bundled_data_path(DATAPACKAGE_FILE)
    return figures_file.parent / DATAPACKAGE_FILE


def load_figures(path: FiguresSource = None) -> pd.DataFrame:
    """Load, validate and type a figures file.

    ``path`` is a file path, a dataset folder (its ``figures.csv`` is read), an
    open file (text or binary), or ``None`` for the bundled data. The dataset's
    ``datapackage.json``, when it gives them in its object ``"casualty"``, sets
    ``attrs["subject"]`` (the default focus subject) and
    ``attrs["headline_report"]``; each must name a subject or a report of the
    data. Returns one row per line of the file, in file order, with
    ``value``/``low``/``high`` as floats (blank bounds filled by the qualifier
    rule), ``best`` (the value, or the middle of the range when no value was
    stated), ``bounds_from`` (``stated``, ``qualifier`` or ``mixed``), dates as
    ``datetime64`` with a ``<date>_precision`` column beside each, vocabularies
    as categoricals and ``line``, the row's line in the file.

    A file of :data:`READ_ALONGSIDE_FROM` bytes or more is checked while its
    cells are read: in a child process where this one may fork
    (:func:`casualty.processes.can_fork`), else in a thread. The frame and the
    problems are the same either way.

    >>> figures = load_figures()
    >>> figures.loc[figures.id == "kontur-captured", ["value", "low", "high"]].iloc[0].tolist()
    [2.0, 2.0, 2.0]
    """
    # load inputs
    path = _figures_in_folder(path)
    settings = {} if hasattr(path, "read") else dataset_settings(datapackage_of(path))
    name, data = _read_bytes(path)
    raw, lines = _parse(name, data)
    del data  # the cells are read: the bytes are not needed past here (a large file's memory)
    sources = _sources(path, name)
    # process
    figures = check_and_type(name, raw, lines, sources)
    figures.attrs["file"] = name
    figures.attrs["sources"] = None if sources is None else str(sources)
    _check_settings(figures, settings)
    for key in SETTINGS:
        figures.attrs[key] = settings.get(key, (None, None))[0]
    return figures


def _figures_in_folder(path: FiguresSource) -> FiguresSource:
    """A dataset folder's figures.csv; any other source as it is."""
    if path is None or hasattr(path, "read") or not Path(path).is_dir():
        return path
    inside = Path(path) / FIGURES_FILE
    if inside.is_file() or inside.exists():
        return os.fspath(inside) if isinstance(path, str) else inside
    name = os.fspath(path)
    raise FiguresError(name, [Problem(name, None, None, "no_figures_in_folder",
                                      f"a folder with no {FIGURES_FILE} in it: name a figures file, or a dataset "
                                      "folder (casualty init DIR starts one)")])


def dataset_settings(datapackage: Path) -> dict[str, tuple[str, int | None]]:
    """The settings a dataset's codebook gives in its object ``"casualty"``: setting -> (value, line).

    A missing codebook gives none; one that is not JSON, or whose settings are
    not text, is a :class:`FiguresError` naming the file, line and setting.
    """
    try:
        text = datapackage.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as error:
        name = os.fspath(datapackage)
        raise FiguresError(name, [Problem(name, None, "file", "datapackage_not_json",
                                          f"cannot be read ({getattr(error, 'strerror', None) or error})")]) from None
    name = os.fspath(datapackage)
    try:
        descriptor = json.loads(text)
    except ValueError as error:
        line = getattr(error, "lineno", None)
        column = getattr(error, "colno", None)
        why = getattr(error, "msg", str(error))
        raise FiguresError(name, [Problem(name, line, "file", "datapackage_not_json",
                                          f"not valid JSON: {why}" + (f" at character {column}" if column else "")
                                          + "; fix it in a text editor, or check it with a JSON validator")]) from None
    own = descriptor.get("casualty", {}) if isinstance(descriptor, dict) else None
    if own is None:
        own = {}
    if not isinstance(own, dict):
        raise FiguresError(name, [Problem(name, _line_of(text, '"casualty"'), "casualty", "datapackage_malformed",
                                          'must be an object such as {"subject": "...", "headline_report": "..."}',
                                          str(own)[:60])])
    settings, problems = {}, []
    for key in SETTINGS:
        value = own.get(key)
        line = _line_of(text, f'"{key}"', after='"casualty"')
        if value is None or value == "":
            continue
        if not isinstance(value, str):
            problems.append(Problem(name, line, f"casualty.{key}", "datapackage_malformed",
                                    "must be text, in double quotes", str(value)[:60]))
            continue
        settings[key] = (value, line)
    if problems:
        raise FiguresError(name, problems)
    return settings


def _line_of(text: str, key: str, after: str | None = None) -> int | None:
    """The line of the first ``key`` in ``text`` (after ``after``, when given), or None."""
    start = text.find(after) if after else 0
    at = text.find(key, max(start, 0))
    return None if at < 0 or start < 0 else text.count("\n", 0, at) + 1


def _check_settings(figures: pd.DataFrame, settings: dict[str, tuple[str, int | None]]) -> None:
    """A default subject or headline report must be one the data has."""
    problems = []
    for key, column, reason, what in (("subject", "subject", "unknown_subject", "subjects"),
                                      ("headline_report", "report", "unknown_report", "reports")):
        if key not in settings:
            continue
        value, line = settings[key]
        known = figures[column].astype(str).unique()
        if value not in set(known):
            problems.append(Problem(settings_file(figures), line, f"casualty.{key}", reason,
                                    f"no row of {figures.attrs['file']} has this {column}; the {what} are: "
                                    + ", ".join(f"'{k}'" for k in sorted(known)[:20])
                                    + (" ..." if len(known) > 20 else ""), value))
    if problems:
        raise FiguresError(problems[0].file, problems)


def settings_file(figures: pd.DataFrame) -> str:
    """The codebook of a loaded frame's file, as a name for messages."""
    return os.fspath(datapackage_of(figures.attrs["file"]))


def _sources(path: FiguresSource, name: str) -> Path | None:
    """The excerpts folder to check the rows against: beside the file, if it has one; always for the bundled data."""
    if hasattr(path, "read"):
        return None
    folder = sources_folder(name)
    if folder.is_dir():
        return folder
    if path is None or Path(name).resolve() == bundled_figures_path().resolve():
        raise FiguresError(name, [Problem(name, None, "file", "no_sources_folder",
                                          f"the bundled data has no source excerpts in {folder}: the installation "
                                          "is incomplete; reinstall the package")])
    return None


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
        reason, why = "no_such_file", "no such file"
    except IsADirectoryError:
        reason, why = "is_a_directory", "is a directory, not a figures file"
    except PermissionError:
        reason, why = "permission_denied", "permission denied: the file cannot be read"
    except OSError as error:
        reason, why = "unreadable", f"cannot be read ({error.strerror or error})"
    raise FiguresError(name, [Problem(name, None, None, reason, why)])


def _parse(name: str, data: bytes) -> tuple[pd.DataFrame, np.ndarray]:
    """Split the file into cells as text; return them with each row's line."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    if not data or (data[:1].isspace() and not data.strip()):  # strip() copies: only when it may be blank
        raise FiguresError(name, [Problem(name, 1, "file", "empty_file", "the file is empty", "")])
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise FiguresError(name, [Problem(name, line, "file", "nul_byte", "a NUL byte; this is not a text CSV file",
                                          "\\x00")])
    if len(data) < READ_ALONGSIDE_FROM:
        header_fields, header_line, records = _checked(name, data)
        raw = _read_cells(data, header_fields)
    else:
        (header_fields, header_line, records), raw = _checked_and_read(name, data)
    lines = records.lines[1:]
    if len(raw) != len(lines):  # a safety net: the scanner and pandas must agree
        raise FiguresError(name, [Problem(name, 1, "file", "rows_unmatched",
                                          f"rows could not be matched to lines: {len(lines)} records but "
                                          f"{len(raw)} rows were read", str(len(raw)))])
    # a row of nothing but commas is what a spreadsheet writes for an empty row: skipped, as a blank line is
    empty = _empty_rows(raw)
    if empty.any():
        raw, lines = raw[~empty].reset_index(drop=True), lines[~empty]
        if len(raw) == 0:
            raise _no_rows(name, header_line, records.text(data, 0))
    return raw[list(COLUMNS)], lines


def _checked(name: str, data: bytes) -> tuple[list[str], int, Records]:
    """The checks of a file's bytes (encoding, header, quotes, field counts, a row at least): its header's fields
    and line and its records."""
    bad = first_not_utf8(data)
    if bad is not None:
        raise FiguresError(name, [encoding_problem(name, data, bad)])
    # the header first: a file in another layout (semicolons) fails here, not on its quotes
    header_fields, header_line = header_of(data)
    _check_header(name, header_fields, header_line)
    records = scan_records(name, data)
    _check_field_counts(name, data, header_fields, records)
    if len(records.lines) == 1:
        raise _no_rows(name, header_line, records.text(data, 0))
    return header_fields, header_line, records


#: Files of at least this many bytes are checked in a child process (or, where this one may not fork, a thread)
#: while their cells are read.
READ_ALONGSIDE_FROM = 16 << 20


def _checked_and_read(name: str, data: bytes) -> tuple[tuple[list[str], int, Records], pd.DataFrame]:
    """:func:`_checked` and the cells of a large file, the two at once. The checks decide: when one fails, its
    problem is raised once the read is over, and whatever the read made of the file is dropped."""
    if not can_fork():
        # pandas' parser and NumPy's scans let go of the interpreter for part of their work only
        reading = _Reading(data)
        try:
            checked = _checked(name, data)
        except BaseException:
            reading.wait()
            raise
        return checked, reading.result()
    # the checks in a child, which then reads the number columns into codes: this process's parser holds the
    # interpreter for most of its work, and reads the other columns meanwhile
    header = header_of(data)[0]
    checking = Forked(functools.partial(_checked_and_numbers, name, data))
    try:
        raw, read_error = _read_cells(data, header, alongside=True,
                                      columns=[c for c in header if c not in NUMBER_COLUMNS]), None
    except Exception as error:  # raised once the checks have passed
        raw, read_error = None, error
    except BaseException:
        checking.abandon()
        raise
    checked, numbers = checking.result()
    if read_error is not None:
        raise read_error
    if any(len(cells) != len(raw) for cells in numbers.values()):  # the same bytes read alike: never
        raise FiguresError(name, [Problem(name, 1, "file", "rows_unmatched", "rows could not be matched to lines: "
                                          "the number columns were read with another count of rows",
                                          str(len(raw)))])
    for column, cells in numbers.items():
        raw[column] = cells
    return checked, raw


def _checked_and_numbers(name: str, data: bytes) -> tuple[tuple[list[str], int, Records], dict[str, pd.Categorical]]:
    """:func:`_checked`, then each number column as codes into its distinct texts (a categorical, which
    :func:`check_and_type` reads as it reads the text)."""
    checked = _checked(name, data)
    numbers = _read_cells(data, checked[0], columns=list(NUMBER_COLUMNS))
    return checked, {column: pd.Categorical.from_codes(*pd.factorize(numbers[column]), validate=False)
                     for column in NUMBER_COLUMNS}


class _Reading:
    """:func:`_read_cells` of a file's bytes, with the header :func:`header_of` finds (as the checks find it), in a
    thread of its own, started at once."""

    def __init__(self, data: bytes):
        self._outcome: tuple[pd.DataFrame | None, BaseException | None] = (None, None)
        self._thread = threading.Thread(target=self._run, args=(data,), name="casualty-read-cells", daemon=True)
        self._thread.start()

    def _run(self, data: bytes) -> None:
        try:
            self._outcome = (_read_cells(data, header_of(data)[0], alongside=True), None)
        except BaseException as error:  # handed to the caller of result(), or dropped when a check failed first
            self._outcome = (None, error)

    def wait(self) -> None:
        self._thread.join()

    def result(self) -> pd.DataFrame:
        self.wait()
        raw, error = self._outcome
        if error is not None:
            raise error
        return raw


def _read_cells(data: bytes, header: list[str], alongside: bool = False, columns: list[str] | None = None
                ) -> pd.DataFrame:
    """Every cell (of ``columns``, when given) as text; the columns in _READ_AS_CATEGORY as categoricals of their
    words. ``alongside``: read before the field counts are checked, so a row with too many fields is skipped and
    no index is taken from extra fields, with no warning (the checks report such rows; when a file passes them
    every row has the header's fields, read alike either way, and the row count is checked after)."""
    def read(dtype, usecols=columns):
        return pd.read_csv(
            OneRead(data), dtype=dtype, usecols=usecols, keep_default_na=False, na_filter=False,
            skip_blank_lines=True, index_col=None if alongside else False, encoding="utf-8", engine="c",
            on_bad_lines="skip" if alongside else "error",
        )

    raw = read({column: "category" if column in _READ_AS_CATEGORY else object if column in NUMBER_COLUMNS else str
                for column in header})
    # read_csv turns categories that all look like numbers or booleans into numbers: read those as text
    converted = [c for c in _READ_AS_CATEGORY
                 if c in raw and pd.api.types.infer_dtype(raw[c].cat.categories) != "string"]
    if converted:
        raw[converted] = read(str, usecols=converted)[converted]
    return raw


def _no_rows(name: str, header_line: int, header_text: str) -> FiguresError:
    return FiguresError(name, [Problem(name, header_line, "file", "header_without_rows",
                                       "a header with no rows below it", header_text)])


def _empty_rows(raw: pd.DataFrame) -> np.ndarray:
    """Rows whose every cell is blank. ``id`` is looked at first: it is blank only on rows that are wrong."""
    candidates = blank_cells(raw["id"])
    if not candidates.any():
        return candidates
    rows = raw[candidates]
    empty = np.ones(len(rows), dtype=bool)
    for column in COLUMNS:
        empty &= blank_cells(rows[column])
    candidates[candidates] = empty
    return candidates


def _check_header(name: str, header: list[str], line: int) -> None:
    def problem(column: str, reason: str, what: str, got: str) -> Problem:
        # a quoted header name may hold a line break: a problem is one line
        return Problem(name, line, column, reason, what, got.replace("\r", "\\r").replace("\n", "\\n"))

    problems = []
    seen = set()
    for column in header:
        if column in seen:
            problems.append(problem("header", "duplicate_column", "column named twice", column))
        seen.add(column)
    missing = [c for c in COLUMNS if c not in seen]
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


def _check_field_counts(name: str, data: bytes, header: list[str], records: Records) -> None:
    expected = len(header)
    wrong = np.flatnonzero(records.fields[1:] != expected) + 1
    if len(wrong) == 0:
        return
    counts = records.fields[wrong]
    # a row that ends in a comma and has one field too many most likely has a trailing comma
    ends_in_comma = np.frombuffer(data, dtype=np.uint8)[np.maximum(records.stops[wrong] - 1, 0)] == ord(",")
    problems = []
    for i, count, comma in zip(wrong.tolist(), counts.tolist(), ends_in_comma.tolist()):  # one record per bad row
        if count < expected:
            column, reason = header[count], "too_few_fields"
            what = f"too few fields: the row has {count}, the header {expected}"
        else:
            column, reason = f"field {expected + 1}", "too_many_fields"
            what = ("one field more than the header, and the row ends with a comma: a trailing comma? "
                    "Delete it" if comma and count == expected + 1 else
                    f"too many fields: the row has {count}, the header {expected}")
        problems.append(Problem(name, int(records.lines[i]), column, reason, what, records.text(data, i)))
    raise FiguresError(name, problems)


