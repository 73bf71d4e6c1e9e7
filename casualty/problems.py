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

from typing import Iterable, NamedTuple

#: How many lines the error message shows; every problem is in ``.problems``.
SHOWN_PROBLEMS = 200

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
    return where + (f": {column}" if column else "") + f": {message}" + (f" ({got})" if got else "")


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
