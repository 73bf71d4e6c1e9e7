"""Every way a figures file can be malformed, and what `casualty validate` says about it.

tests/malformed/NN-what-is-wrong.csv is a small file with one failure mode (the
last has several); NN-what-is-wrong.expected beside it is the exact stderr, with
the file's path written as {file}. To add a case, add both files.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

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


@pytest.mark.parametrize("case", CASES, ids=[p.stem for p in CASES])
def test_validate_names_file_line_and_column_and_exits_2(case):
    expected = case.with_suffix(".expected").read_text(encoding="utf-8").replace("{file}", str(case))
    result = run_casualty("validate", str(case))
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
