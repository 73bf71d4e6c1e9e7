"""The `casualty` command, run as a subprocess: output, exit codes, no tracebacks."""

from __future__ import annotations

import shutil
import sys

from conftest import DATA, run_casualty


def test_validate_good_file_exits_0_saying_valid_then_what_the_quote_check_found():
    result = run_casualty("validate", str(DATA))
    assert result.returncode == 0
    # 90 rows, 41 distinct reports, 33 distinct sources in data/figures.csv; the earliest as_of is '2024' (a year)
    assert result.stdout.splitlines() == [
        f"{DATA}: valid: 90 figures from 41 reports by 33 sources, describing 2024 to 2025-12; data version 3.0.0",
        # 78 + 12 = 90: the flags are the 12 rows tests/test_quotes.py explains, the first 8 named in file order
        f"{DATA}: quotes: 78 agree with their rows; 12 flagged (kontur-casualties, ryder-2024-11-04-russia, "
        "us-official-2024-12-17-casualties, jcs-2024-12-23-casualties, kirby-2024-12-27-casualties, "
        "nis-2025-01-13-wounded, nis-2025-01-13-casualties, budanov-2025-02-04-fighting and 4 more) "
        "(casualty.quote_agreement says why)",
    ]
    assert result.stderr == ""


def test_validate_tells_excerpts_no_row_cites_relays_that_differ_and_a_stale_hash(tmp_path):
    folder = tmp_path / "war"
    shutil.copytree(DATA.parent, folder, ignore=shutil.ignore_patterns("README.md"))
    (folder / "sources" / "orphan-2030-01-01.txt").write_text(
        "title: t\noutlet: o\nauthor: \npublished: 2030-01-01\naddress: https://example.org/o\nread: 2030-01-02\n"
        "---\nNothing.\n", encoding="utf-8")
    text = (folder / "figures.csv").read_text(encoding="utf-8")
    # the relay kontur-casualties keeps its original's hedge 'about'; make it 'almost' and it differs
    line = next(l for l in text.splitlines() if l.startswith("kontur-casualties,"))
    (folder / "figures.csv").write_text(text.replace(line, line.replace(",about,", ",almost,", 1)), encoding="utf-8")
    result = run_casualty("validate", str(folder))
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert f"{folder / 'figures.csv'}: excerpts no row cites: orphan-2030-01-01.txt: a row of their report was " \
           "removed, or the report is misspelt" in lines
    assert f"{folder / 'figures.csv'}: kontur-casualties relays kontur-kovalenko-casualties but its qualifier is " \
           "'almost', the original's 'about': a relay keeps the claimant's own hedge and dates" in lines
    stale = [l for l in lines if l.startswith(f"{folder / 'datapackage.json'}: hash says sha256:")]
    assert len(stale) == 1 and stale[0].endswith("run `python -m casualty.load.schema DATASET_FOLDER` to write it anew")
    strict = run_casualty("validate", str(folder), "--strict")
    assert strict.returncode == 2
    # the quotes line, the excerpt, the relay, the hash and the size: five findings refused
    assert strict.stderr.splitlines()[0] == f"{folder / 'figures.csv'}: not valid with --strict: 5 findings"


def test_validate_without_file_checks_the_bundled_data():
    result = run_casualty("validate")
    assert result.returncode == 0
    assert ": valid: 90 figures" in result.stdout


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
    assert lines[0] == "90 figures from 41 reports by 33 sources, describing 2024 to 2025-12"
    assert max(len(line) for line in lines) <= 80
    assert "North Korean troops in Kursk" in lines
    assert "  casualties (people)" in lines
    assert "    2025-01-31  about 5,000          4,500-5,500     Alexander Kovalenko" in lines
    assert "    2025-01-31  more than 40%        40%-50%         Alexander Kovalenko" in lines
    # 30 x 1.25 = 37.5 people: a derived high bound, rounded up
    # a long source name is wrapped under its column, never cut: the name is what a reader checks
    at = lines.index("    2024-12-15  at least 30          30-38           Ukraine's military")
    assert lines[at + 1] == " " * 53 + "intelligence (HUR) [2 days]"
    assert lines[-1] == "[N days] or [N months]: the figure counts only that period, not a running total."
    # one line per claim: 90 claim lines (90 rows), each starting with four spaces and a date
    claims = [line for line in lines if line.startswith("    2")]
    assert len(claims) == 90


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
