"""Every way a figures file can be malformed, and what `casualty validate` says about it.

tests/malformed/NN-what-is-wrong.csv is a small file with one failure mode (the
last has several); NN-what-is-wrong.expected beside it is the exact stderr, with
the file's path written as {file}. To add a case, add both files. Each case runs the command's ``main`` in this
process; one runs the real `casualty validate` in a subprocess.
"""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
from pathlib import Path

import pytest

from casualty.cli import main
from casualty.vocabulary import COLUMNS

from conftest import run_casualty

CORPUS = Path(__file__).resolve().parent / "malformed"
CASES = sorted(CORPUS.glob("*.csv"))
# FILE:LINE: COLUMN: what is wrong; COLUMN is a column, `header`, `file` or `field N`; the same problem on
# several lines is one line naming them, as FILE:2-13, 15: ...
PROBLEM = re.compile(rf"^(?P<file>.+?):(?P<line>\d+(?:-\d+)?(?:, \d+(?:-\d+)?)*(?:, \.\.\.)?): "
                     rf"(?:{'|'.join(COLUMNS)}|header|file|field \d+): \S")


def test_the_corpus_has_a_case_for_each_of_at_least_30_failure_modes():
    assert len(CASES) >= 30
    assert sorted(p.stem for p in CORPUS.glob("*.expected")) == [p.stem for p in CASES]


def expected_of(case: Path) -> str:
    return case.with_suffix(".expected").read_text(encoding="utf-8").replace("{file}", str(case))


def validate(case: Path) -> subprocess.CompletedProcess:
    """`casualty validate CASE`, run by the command's ``main`` in this process: its exit code and output."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(["validate", str(case)])
        except SystemExit as exit:
            code = exit.code if isinstance(exit.code, int) else 1
    return subprocess.CompletedProcess(["casualty", "validate", str(case)], code, out.getvalue(), err.getvalue())


@pytest.mark.parametrize("case", CASES, ids=[p.stem for p in CASES])
def test_validate_names_file_line_and_column_and_exits_2(case):
    expected = expected_of(case)
    result = validate(case)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == expected
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    problems = lines[1:] if re.fullmatch(rf"{re.escape(str(case))}: \d+ problems", lines[0]) else lines
    for problem in problems:
        found = PROBLEM.match(problem)
        assert found, problem
        assert found["file"] == str(case)


def test_the_real_command_says_the_same_of_a_bad_file():
    case = CORPUS / "08-value-not-a-number.csv"
    result = run_casualty("validate", str(case))
    assert (result.returncode, result.stdout, result.stderr) == (2, "", expected_of(case))
