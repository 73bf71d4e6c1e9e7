"""The `casualty` command, run as a subprocess: output, exit codes, no tracebacks."""

from __future__ import annotations

import sys

from conftest import DATA, run_casualty


def test_validate_good_file_exits_0_with_one_line():
    result = run_casualty("validate", str(DATA))
    assert result.returncode == 0
    assert result.stdout == (
        f"{DATA}: valid: 71 figures from 38 reports by 23 sources, describing 2024-11 to 2025-12; "
        "data version 2.1.0\n"
    )
    assert result.stderr == ""


def test_validate_without_file_checks_the_bundled_data():
    result = run_casualty("validate")
    assert result.returncode == 0
    assert ": valid: 71 figures" in result.stdout


def test_validate_bad_file_exits_2_with_every_problem_on_stderr(tmp_path):
    bad = tmp_path / "bad.csv"
    lines = DATA.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",deployed,", ",deploid,", 1)
    lines[3] = lines[3].replace(",40,", ",400,", 1)
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_casualty("validate", str(bad))
    assert result.returncode == 2
    assert result.stdout == ""
    problems = result.stderr.splitlines()
    assert problems[0] == f"{bad}: 2 problems"
    assert problems[1] == f"{bad}:2: metric: unknown metric; did you mean 'deployed'? (got 'deploid')"
    assert problems[1].endswith("(got 'deploid')")
    assert problems[2] == f"{bad}:4: value: a percentage over 100 (got '400')"
    assert "Traceback" not in result.stderr


def test_validate_missing_file_exits_2_without_traceback(tmp_path):
    result = run_casualty("validate", str(tmp_path / "nope.csv"))
    assert result.returncode == 2
    assert result.stderr == f"{tmp_path / 'nope.csv'}: no such file\n"


def test_validate_folder_without_figures_csv_exits_2_without_traceback(tmp_path):
    result = run_casualty("validate", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr == (f"{tmp_path}: a folder with no figures.csv in it: name a figures file, or a dataset "
                             "folder (casualty init DIR starts one)\n")


def test_summary_groups_by_subject_and_metric_within_80_columns():
    result = run_casualty("summary", str(DATA))
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "71 figures from 38 reports by 23 sources, describing 2024-11 to 2025-12"
    assert max(len(line) for line in lines) <= 80
    assert "North Korean troops in Kursk" in lines
    assert "  casualties (people)" in lines
    assert "    2025-01-31  about 5,000          4,500-5,500     Alexander Kovalenko" in lines
    assert "    2025-01-31  more than 40%        40%-50%         Alexander Kovalenko" in lines
    # 30 x 1.25 = 37.5 people: a derived high bound, rounded up
    assert "    2024-12-15  at least 30          30-38           Ukraine's milit... [2 days]" in lines
    assert lines[-1] == "[N days] or [N months]: the figure counts only that period, not a running total."
    # one line per claim: 71 claim lines, each starting with four spaces and a date
    claims = [line for line in lines if line.startswith("    2")]
    assert len(claims) == 71


def test_summary_of_bad_file_exits_2(tmp_path):
    bad = tmp_path / "empty.csv"
    bad.write_text("", encoding="utf-8")
    result = run_casualty("summary", str(bad))
    assert result.returncode == 2
    assert result.stderr == f"{bad}:1: file: the file is empty (got '')\n"


def test_help_shows_an_example_for_the_command_and_each_subcommand():
    top = run_casualty("--help")
    assert top.returncode == 0
    assert "casualty validate data/figures.csv" in top.stdout
    for command in ("validate", "summary"):
        sub = run_casualty(command, "--help")
        assert sub.returncode == 0
        assert f"$ casualty {command}" in sub.stdout


def test_no_command_prints_help_and_exits_2():
    result = run_casualty()
    assert result.returncode == 2
    assert "usage: casualty" in result.stdout


def test_unknown_command_exits_2_without_traceback():
    result = run_casualty("frobnicate")
    assert result.returncode == 2
    assert "invalid choice: 'frobnicate'" in result.stderr
    assert "Traceback" not in result.stderr


def test_help_does_not_import_pandas_or_matplotlib():
    code = ("import sys; from casualty.cli import build_parser; build_parser().format_help(); "
            "print(sorted(m for m in ('pandas', 'matplotlib', 'numpy') if m in sys.modules))")
    import subprocess

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=DATA.parents[1])
    assert out.stdout.strip() == "[]"


def test_charts_out_that_is_a_file_exits_2_without_traceback(tmp_path):
    taken = tmp_path / "charts"
    taken.write_text("not a folder", encoding="utf-8")
    result = run_casualty("charts", "--out", str(taken))
    assert result.returncode == 2
    assert result.stderr == f"casualty charts: --out {taken}: is a file, not a folder\n"
    assert taken.read_text(encoding="utf-8") == "not a folder"
