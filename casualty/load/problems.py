"""What is wrong with a figures file, kept as records until it is shown.

Each problem is a :class:`Problem`: the file, the line, the column, a reason
code from :data:`REASONS`, the message and the value got. The loader collects
them and raises one :class:`FiguresError`; only ``str(error)`` turns them into
the lines `casualty validate` prints, ``FILE:LINE: COLUMN: what is wrong (got
'VALUE')``, and there the same problem on many lines becomes one line that
names them all (``FILE:2-49: ...``), while ``len(error.problems)`` stays the
exact count.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from typing import Iterable, NamedTuple

import numpy as np

from casualty.vocabulary import COLUMNS

#: How many lines the error message shows; every problem is in ``.problems``.
SHOWN_PROBLEMS = 200

#: column -> its place in the codebook: problems on one line are sorted by it.
COLUMN_ORDER = {name: i for i, name in enumerate(COLUMNS)}

#: reason code -> what it means. Every problem carries one of these.
REASONS: dict[str, str] = {
    # the file as a whole
    "no_such_file": "the path names no file",
    "is_a_directory": "the path names a folder, not a figures file",
    "no_figures_in_folder": "a dataset folder with no figures.csv in it",
    "permission_denied": "the file cannot be read",
    "unreadable": "the file cannot be read for another reason",
    "empty_file": "the file holds nothing",
    "nul_byte": "a NUL byte: not a text file",
    "not_utf8": "bytes that are not UTF-8 text",
    "bare_cr": "a line break that is a lone carriage return",
    "stray_quote": "a quote that neither opens nor closes a field",
    "unclosed_quote": "a quote that is never closed",
    "header_without_rows": "a header and no rows",
    "rows_unmatched": "rows could not be matched to lines",
    # the header
    "duplicate_column": "a column named twice",
    "semicolons": "columns separated by semicolons",
    "empty_column_name": "a column with no name",
    "unknown_column": "a column the codebook does not have",
    "missing_column": "a column the codebook requires is absent",
    # rows and cells
    "too_few_fields": "a row with fewer fields than the header",
    "too_many_fields": "a row with more fields than the header",
    "blank_required": "a required cell is blank",
    "unknown_word": "a word outside the column's vocabulary",
    "unit_does_not_fit": "a unit that cannot measure the metric",
    "definition_missing": "a casualty figure that does not say what it counted",
    "definition_does_not_fit": "a definition of another metric's",
    "unknown_id": "a relay or a revision that names no row of the file",
    "links_itself": "a row that relays or revises itself",
    "revises_other_source": "a revision of another source's figure",
    "link_loop": "relays or revisions that lead back to where they started",
    "nan": "NaN written where a number belongs",
    "not_a_number": "text where a number belongs",
    "infinite": "an infinite number",
    "negative": "a negative number",
    "no_number": "neither a value nor a range",
    "percent_over_100": "a percentage over 100",
    "low_above_value": "a lower bound above the value",
    "high_below_value": "an upper bound below the value",
    "low_above_high": "a lower bound above the upper bound",
    "not_a_date": "text where a date belongs",
    "not_a_real_date": "a date that does not exist",
    "stated_before_as_of": "a figure stated before the date it describes",
    "window_after_as_of": "a period that starts after it ends",
    "url_not_http": "an address that is not a web address",
    "duplicate_id": "an id used twice",
    # the evidence: source excerpts beside the figures file
    "no_source_file": "a report with no source excerpt",
    "quote_not_in_source": "a quote that its source excerpt does not hold",
    "url_differs_from_source": "an address other than its source excerpt's",
    "source_file_malformed": "a source excerpt whose header cannot be read",
    "no_sources_folder": "no source excerpts where the data must have them",
    # the dataset's codebook: datapackage.json beside the figures file
    "datapackage_not_json": "a datapackage.json that is not valid JSON",
    "datapackage_malformed": "a datapackage.json whose settings cannot be read",
    "unknown_subject": "a subject that no row of the data is about",
    "unknown_report": "a report that no row of the data was read in",
    "unknown_part_of": "a subject said to be part of a subject the codebook does not declare",
    "subject_loop": "subjects each part of the other",
    "unknown_kind": "a subject kind outside the vocabulary",
}

#: Reasons about a whole row: the value shown is the row, so rows differ even when the problem is the same.
ROW_REASONS = frozenset({"too_few_fields", "too_many_fields"})


class Problem(NamedTuple):
    """One problem: where it is, what kind it is (``reason``), in words, and the value got.

    >>> print(Problem("f.csv", 3, "qualifier", "unknown_word", "unknown qualifier; did you mean 'about'?", "abut"))
    f.csv:3: qualifier: unknown qualifier; did you mean 'about'? (got 'abut')
    """

    file: str
    line: int | None
    column: str | None
    reason: str
    message: str
    got: str | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return _line(where, self.column, self.message, None if self.got is None else f"got '{self.got}'")


class FiguresError(ValueError):
    """A figures file that cannot be used as it is.

    ``problems`` holds every problem found, as :class:`Problem` records sorted
    by line, then column; ``str(error)`` is the report `casualty validate`
    prints.

    >>> error = FiguresError("f.csv", [Problem("f.csv", None, None, "no_such_file", "no such file")])
    >>> str(error), error.reasons
    ('f.csv: no such file', ['no_such_file'])
    """

    def __init__(self, file: str, problems: Iterable[Problem]):
        self.file = file
        self.problems = list(problems)
        super().__init__(report(self.file, self.problems))

    def __reduce__(self):  # pickled as what it was made from (a check done in another process sends it back)
        return type(self), (self.file, self.problems)

    @property
    def reasons(self) -> list[str]:
        """The reason code of each problem, in order."""
        return [p.reason for p in self.problems]


def report(file: str, problems: list[Problem]) -> str:
    """The problems as lines people read, the same problem on many lines written once.

    >>> p = [Problem("f.csv", n, "field 21", "too_many_fields", "one field more", f"row {n}") for n in (2, 3, 4)]
    >>> print(report("f.csv", p))
    f.csv: 3 problems
    f.csv:2-4: field 21: one field more (3 lines; got 'row 2' on line 2)
    """
    groups: dict[tuple, list[Problem]] = {}
    for problem in problems:  # grouping printed lines: a dict, in the problems' order
        key = (problem.column, problem.reason, problem.message,
               None if problem.reason in ROW_REASONS else problem.got, problem.line is None)
        groups.setdefault(key, []).append(problem)
    shown = []
    for group in list(groups.values())[:SHOWN_PROBLEMS]:
        first = group[0]
        if len(group) == 1:
            shown.append(str(first))
            continue
        lines = _line_runs([p.line for p in group])
        got = f"{len(group)} lines" + ("" if first.got is None else f"; got '{first.got}' on line {first.line}")
        shown.append(_line(f"{first.file}:{lines}", first.column, first.message, got))
    more = len(groups) - SHOWN_PROBLEMS
    if more > 0:
        shown.append(f"... and {more} more")
    count = len(problems)
    if count == 1:
        return shown[0]
    return "\n".join([f"{file}: {count} problem{'s' if count != 1 else ''}", *shown])


def _line(where: str, column: str | None, message: str, got: str | None) -> str:
    """One problem as one line: a line break in a value named in it (an id a relay names, say) is escaped."""
    line = where + (f": {column}" if column else "") + f": {message}" + (f" ({got})" if got else "")
    return line.replace("\r", "\\r").replace("\n", "\\n")


def _line_runs(lines: list[int], at_most: int = 6) -> str:
    """Line numbers as runs: [2, 3, 4, 7] -> '2-4, 7'; a long list ends '... (N lines)'."""
    runs: list[list[int]] = []
    for n in sorted(set(lines)):
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    text = [f"{a}" if a == b else f"{a}-{b}" for a, b in runs]
    if len(text) > at_most:
        return ", ".join(text[:at_most]) + ", ..."
    return ", ".join(text)


# --- the file's CSV layout, in its bytes ----------------------------------------------------------------------
# Where a layout problem is: its physical line (blank lines and the lines of multi-line cells counted), its column.

_LEADING_LINE_ENDS = re.compile(rb"[\r\n]*")
_NONE = np.zeros(0, dtype=np.intp)


class Records:
    """Where each non-blank CSV record starts and stops, its line and field count."""

    def __init__(self, starts, stops, lines, fields):
        self.starts, self.stops, self.lines, self.fields = starts, stops, lines, fields

    def text(self, data: bytes, i: int) -> str:
        return shown(data[self.starts[i]:self.stops[i]].decode("utf-8", "replace"))


def shown(text: str, limit: int = 60) -> str:
    """Text as a problem shows it: cut at ``limit`` characters, line breaks escaped (a problem is one line)."""
    text = text if len(text) <= limit else text[:limit] + "..."
    return text.replace("\r", "\\r").replace("\n", "\\n")


def positions_of(data: bytes, byte: bytes, block: int = 1 << 24) -> np.ndarray:
    """Where ``byte`` is in ``data``, found a block at a time (a mask of the whole file would be as large)."""
    if byte not in data:
        return _NONE
    a, code = np.frombuffer(data, dtype=np.uint8), ord(byte)
    return np.concatenate([np.flatnonzero(a[i:i + block] == code) + i for i in range(0, len(a), block)])


def find_records(data: bytes, quotes: np.ndarray) -> Records:
    """The CSV records (RFC 4180 quoting): a line end or comma counts where an even number of quotes precede it."""
    a = np.frombuffer(data, dtype=np.uint8)
    newlines = positions_of(data, b"\n")
    unquoted = (np.searchsorted(quotes, newlines) & 1) == 0
    ends = newlines[unquoted]
    starts = np.concatenate(([0], ends + 1))
    stops = np.concatenate((ends, [len(a)]))
    stops = stops - ((stops > starts) & (a[np.maximum(stops - 1, 0)] == ord("\r")))  # CRLF: the CR ends the line
    keep = stops > starts
    # the line a record starts on: one more than the newlines before it
    lines = np.concatenate(([1], np.flatnonzero(unquoted) + 2))[keep]
    commas = positions_of(data, b",")
    commas = commas[(np.searchsorted(quotes, commas) & 1) == 0]
    fields = np.bincount(np.searchsorted(ends, commas), minlength=len(starts)) + 1
    return Records(starts[keep], stops[keep], lines, fields[keep])


def check_quotes(name: str, data: bytes, quotes: np.ndarray) -> None:
    """Quotes must open a field and close it; a quote inside must be doubled."""
    if len(quotes) == 0:
        return
    a = np.frombuffer(data, dtype=np.uint8)
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
            raise problem_at(name, data, int(quotes[k - 1]), "unclosed_quote", "a quote opened here is never closed")
        raise problem_at(name, data, where, "stray_quote", "a stray quote: quote a whole field and double any quote inside it")
    if len(quotes) % 2:
        raise problem_at(name, data, int(quotes[-1]), "unclosed_quote", "a quote opened here is never closed")


def check_bare_cr(name: str, data: bytes, quotes: np.ndarray) -> None:
    """A CR outside quotes that is not part of CRLF (old Mac line ends) would split rows for pandas only."""
    if data.count(b"\r") == data.count(b"\r\n"):
        return
    a = np.frombuffer(data, dtype=np.uint8)
    cr = positions_of(data, b"\r")
    cr = cr[((np.searchsorted(quotes, cr) & 1) == 0) & (cr + 1 < len(a))]
    cr = cr[a[cr + 1] != ord("\n")]
    if len(cr):
        raise problem_at(name, data, int(cr[0]), "bare_cr",
                          "a line break that is a bare CR; save the file with LF or CRLF line endings")


def check_field_counts(name: str, data: bytes, header: list[str], records: Records) -> None:
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


def problem_at(name: str, data: bytes, where: int, reason: str, what: str) -> FiguresError:
    line_start = data.rfind(b"\n", 0, where) + 1
    line_end = data.find(b"\n", where)
    line_text = data[line_start:line_end if line_end >= 0 else len(data)].decode("utf-8", "replace")
    return FiguresError(name, [Problem(name, data.count(b"\n", 0, where) + 1, column_at(data, where), reason, what,
                                       shown(line_text.strip("\r")))])


def column_at(data: bytes, where: int) -> str:
    """The header name of the field that byte ``where`` is in.

    Commas and newlines inside quoted fields do not count, so the quotes before
    ``where`` must pair up (they do wherever a problem is reported).
    """
    header = header_of(data)[0]
    a = np.frombuffer(data, dtype=np.uint8, count=where)
    outside = (np.cumsum(a == ord('"')) & 1) == 0
    ends = np.flatnonzero((a == ord("\n")) & outside)
    start = int(ends[-1]) + 1 if len(ends) else 0
    index = int(np.count_nonzero((a[start:] == ord(",")) & outside[start:]))
    if index < len(header) and header[index] in COLUMN_ORDER:
        return header[index]
    # a name that is not a column (a header garbled by the problem itself) names nothing
    header_end = data.find(b"\n", _LEADING_LINE_ENDS.match(data).end())
    return "header" if 0 <= where < header_end else f"field {index + 1}"


def header_of(data: bytes) -> tuple[list[str], int]:
    """The header's fields and line: the first line that is not blank."""
    start = _LEADING_LINE_ENDS.match(data).end()  # data.lstrip() would copy the whole file
    stop = data.find(b"\n", start)
    text = data[start:stop if stop >= 0 else len(data)].decode("utf-8", "replace").rstrip("\r")
    # a bare CR ends the record
    return next(csv.reader(io.StringIO(text, newline="")), []), data.count(b"\n", 0, start) + 1


def first_not_utf8(data: bytes, block: int = 1 << 22) -> int | None:
    """Where the first byte that is not UTF-8 text is, or None when all of it is. Decoded a block at a time: the
    whole file as a string would take up to four bytes a character."""
    if data.isascii():
        return None
    decoder, view = codecs.getincrementaldecoder("utf-8")(), memoryview(data)
    try:
        for i in range(0, len(data), block):
            decoder.decode(view[i:i + block])
        decoder.decode(b"", final=True)
        return None
    except UnicodeDecodeError:
        pass
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start
    return None  # not reached: the blocks fail exactly when the file does
