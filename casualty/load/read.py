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
import json
import os
import re
import warnings
from importlib import resources
from pathlib import Path
from typing import IO, Union

import numpy as np
import pandas as pd

from casualty.load.cells import (  # noqa: F401 (date_end: a public name)
    blank_cells,
    check_and_type,
    check_header,
    date_end,
)
from casualty.load.evidence import sources_folder
from casualty.load.files import OneRead
from casualty.load.links import check_subjects
from casualty.load.problems import (
    FiguresError,
    Problem,
    check_bare_cr,
    check_field_counts,
    check_quotes,
    column_at,
    find_records,
    first_not_utf8,
    header_of,
    positions_of,
)
from casualty.vocabulary import COLUMNS, NUMBER_COLUMNS, OPTIONAL_COLUMNS

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
    return Path(__file__).resolve().parents[2] / "data" / name


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
    figures.attrs["subjects"] = settings.get("subjects", ({}, None))[0]
    if figures.attrs["notices"]:
        warnings.warn(f"{name}: " + "; ".join(figures.attrs["notices"]), FutureWarning, stacklevel=2)
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
    tree, found = check_subjects(name, own.get("subjects"), lambda key: _line_of_key(text, key, after='"subjects"'))
    problems += found
    if problems:
        raise FiguresError(name, problems)
    if tree:
        settings["subjects"] = (tree, _line_of(text, '"subjects"', after='"casualty"'))
    return settings


def _line_of(text: str, key: str, after: str | None = None) -> int | None:
    """The line of the first ``key`` in ``text`` (after ``after``, when given), or None."""
    start = text.find(after) if after else 0
    at = text.find(key, max(start, 0))
    return None if at < 0 or start < 0 else text.count("\n", 0, at) + 1


def _line_of_key(text: str, key: str, after: str | None = None) -> int | None:
    r"""The line of the first ``key`` that stands before a colon (a key, not the same words as a value), after
    ``after`` when given; or None.

    >>> _line_of_key('{"subjects": {\n "A": {"part_of": "B"},\n "B": {}}}', '"B"', after='"subjects"')
    3
    """
    start = text.find(after) if after else 0
    found = re.compile(re.escape(key) + r"\s*:").search(text, max(start, 0))
    return None if found is None or start < 0 else text.count("\n", 0, found.start()) + 1


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
# One pd.read_csv reads the cells. The bytes are checked around it: the encoding, the header and each quote's
# neighbours before; after, three counts (rows, line ends, commas) show that each row is one line with the
# header's fields. Where they do not, the records are found in the bytes: to name the line of a problem, or of
# each row when a file has blank lines or line breaks inside its cells.


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
    bad = first_not_utf8(data)
    if bad is not None:
        raise FiguresError(name, [Problem(name, data.count(b"\n", 0, bad) + 1, column_at(data, bad), "not_utf8",
                                          "not UTF-8 text; save the file as UTF-8", f"\\x{data[bad]:02x}")])
    # the header first: a file in another layout (semicolons) fails here, not on its quotes
    header, header_line = header_of(data)
    check_header(name, header, header_line)
    quotes = positions_of(data, b'"')
    check_quotes(name, data, quotes)
    check_bare_cr(name, data, quotes)
    try:
        raw, read_error = _read_cells(data, header), None
    except pd.errors.ParserError as error:  # a row with too many fields: the field counts below say where
        raw, read_error = None, error
    if raw is not None and _one_line_a_row(data, raw, header, header_line, quotes):
        lines = np.arange(header_line + 1, header_line + 1 + len(raw))
    else:
        records = find_records(data, quotes)
        check_field_counts(name, data, header, records)
        if len(records.lines) == 1:
            raise _no_rows(name, header_line, records.text(data, 0))
        if raw is None:
            raise read_error
        lines = records.lines[1:]
        if len(raw) != len(lines):  # a safety net: the records and pandas must agree
            raise FiguresError(name, [Problem(name, 1, "file", "rows_unmatched",
                                              f"rows could not be matched to lines: {len(lines)} records but "
                                              f"{len(raw)} rows were read", str(len(raw)))])
    for column in OPTIONAL_COLUMNS:  # a file of the first 20 columns reads as one with these blank
        if column not in raw:
            raw[column] = ""
    # a row of nothing but commas is what a spreadsheet writes for an empty row: skipped, as a blank line is
    empty = _empty_rows(raw)
    if empty.any():
        raw, lines = raw[~empty].reset_index(drop=True), lines[~empty]
        if len(raw) == 0:
            raise _no_rows(name, header_line, find_records(data, quotes).text(data, 0))
    return raw[list(COLUMNS)], lines


def _read_cells(data: bytes, header: list[str]) -> pd.DataFrame:
    """Every cell as text; the columns in _READ_AS_CATEGORY as categoricals of their words. A first row with more
    fields than the header gives the frame an index of its own: :func:`_one_line_a_row` sees it."""
    def read(dtype, usecols=None):
        return pd.read_csv(OneRead(data), dtype=dtype, usecols=usecols, keep_default_na=False, na_filter=False,
                           skip_blank_lines=True, encoding="utf-8", engine="c", on_bad_lines="error")

    raw = read({column: "category" if column in _READ_AS_CATEGORY else object if column in NUMBER_COLUMNS else str
                for column in header})
    # read_csv turns categories that all look like numbers or booleans into numbers: read those as text
    converted = [c for c in _READ_AS_CATEGORY
                 if c in raw and pd.api.types.infer_dtype(raw[c].cat.categories) != "string"]
    if converted:
        raw[converted] = read(str, usecols=converted)[converted]
    return raw


def _one_line_a_row(data: bytes, raw: pd.DataFrame, header: list[str], header_line: int, quotes) -> bool:
    """Whether each row read is one line of the file, right below the header, with the header's fields.

    pandas raises on a row with more fields than the first row's, and reads a first row with more as an index; a
    row with fewer it fills with blanks, and a blank line or one of spaces it skips. So: rows and line ends
    tally when no line is skipped and no cell holds a line break, and the commas outside quotes (all of them,
    less those in the cells) tally when no row falls short.
    """
    if len(raw) == 0 or not isinstance(raw.index, pd.RangeIndex):
        return False
    if data.count(b"\n") != header_line + len(raw) - 1 + data.endswith(b"\n"):
        return False
    in_cells = 0
    if len(quotes):  # a comma is in a cell only inside quotes
        for column in raw:
            cells = raw[column]
            if isinstance(cells.dtype, pd.CategoricalDtype):
                each = cells.cat.categories.astype(str).str.count(",").to_numpy()
                in_cells += int(each @ np.bincount(cells.cat.codes, minlength=len(each))) if each.any() else 0
            else:
                in_cells += "".join(cells.tolist()).count(",")
    return data.count(b",") - in_cells == (len(raw) + 1) * (len(header) - 1)


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
