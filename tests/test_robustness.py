"""The command survives hostile input: a clear message and exit 2, or a correct result.

Files that are not there, not files, not readable, not text, or very large. The
small cases run the command in-process (``cli.main``); the large ones run it as
a subprocess, as a user would.
"""

from __future__ import annotations

import csv
import gzip
import os
import random
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from casualty import cli
from casualty.load.read import load_figures
from casualty.vocabulary import COLUMNS, OPTIONAL_COLUMNS

from conftest import DATA, run_casualty

# a file of the first 20 columns, as written before the optional four: it loads with them blank
HEADER_20 = ",".join(c for c in COLUMNS if c not in OPTIONAL_COLUMNS)
# every way the commands take a figures file
COMMANDS = {
    "validate": lambda path: ["validate", str(path)],
    "summary": lambda path: ["summary", str(path)],
    "export": lambda path: ["export", "--data", str(path), "--format", "csv"],
}
LOCATED = re.compile(rf"^.+:\d+(?:-\d+)?(?:, \d+(?:-\d+)?)*(?:, \.\.\.)?: "
                     rf"(?:{'|'.join(COLUMNS)}|header|file|field \d+): \S")


def run(capsys, argv: list[str]) -> tuple[int, str, str]:
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def located_problems(err: str, path: Path) -> list[str]:
    """The problem lines of stderr, after checking each names the file, a line and a column."""
    lines = err.splitlines()
    if re.fullmatch(rf"{re.escape(str(path))}: \d+ problems", lines[0]):
        lines = [line for line in lines[1:] if not line.startswith("... and ")]
    for line in lines:
        assert line.startswith(f"{path}:") and LOCATED.match(line), line
    return lines


# --- files that cannot be read -----------------------------------------------------

@pytest.mark.parametrize("command", COMMANDS)
def test_missing_file_exits_2_naming_it(tmp_path, capsys, command):
    path = tmp_path / "absent.csv"
    assert run(capsys, COMMANDS[command](path)) == (2, "", f"{path}: no such file\n")


@pytest.mark.parametrize("command", COMMANDS)
def test_folder_without_figures_csv_exits_2_naming_it(tmp_path, capsys, command):
    assert run(capsys, COMMANDS[command](tmp_path)) == (
        2, "", f"{tmp_path}: a folder with no figures.csv in it: name a figures file, or a dataset folder "
               "(casualty init DIR starts one)\n")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file; see the simulated case")
@pytest.mark.parametrize("command", COMMANDS)
def test_file_without_read_permission_exits_2_naming_it(tmp_path, capsys, command):
    path = tmp_path / "secret.csv"
    path.write_bytes(DATA.read_bytes())
    path.chmod(0)
    try:
        result = run(capsys, COMMANDS[command](path))
    finally:
        path.chmod(0o600)
    assert result == (2, "", f"{path}: permission denied: the file cannot be read\n")


@pytest.mark.parametrize("command", COMMANDS)
def test_file_the_system_refuses_to_read_exits_2_naming_it(tmp_path, capsys, monkeypatch, command):
    path = tmp_path / "secret.csv"
    path.write_bytes(DATA.read_bytes())

    def refuse(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert run(capsys, COMMANDS[command](path)) == (2, "", f"{path}: permission denied: the file cannot be read\n")


def test_file_the_system_fails_to_read_exits_2_with_the_reason(tmp_path, capsys, monkeypatch):
    path = tmp_path / "figures.csv"
    path.write_bytes(DATA.read_bytes())

    def fail(self):
        raise OSError(5, "Input/output error", str(self))

    monkeypatch.setattr(Path, "read_bytes", fail)
    assert run(capsys, ["validate", str(path)]) == (2, "", f"{path}: cannot be read (Input/output error)\n")


# --- files that are not text ---------------------------------------------------

def test_gzipped_figures_file_exits_2_at_its_nul_byte(tmp_path, capsys):
    path = tmp_path / "figures.csv"
    path.write_bytes(gzip.compress(DATA.read_bytes(), mtime=0))  # 1f 8b 08 00: a NUL on line 1
    assert run(capsys, ["validate", str(path)]) == (
        2, "", f"{path}:1: file: a NUL byte; this is not a text CSV file (got '\\x00')\n")


def test_png_image_exits_2_at_its_nul_byte(tmp_path, capsys):
    path = tmp_path / "figures.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))  # the NUL is on line 3
    assert run(capsys, ["validate", str(path)]) == (
        2, "", f"{path}:3: file: a NUL byte; this is not a text CSV file (got '\\x00')\n")


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("kind", ["any-bytes", "no-nul-bytes", "printable-ascii"])
def test_random_bytes_exit_2_with_every_problem_located(tmp_path, capsys, seed, kind):
    rng = random.Random(seed)
    data = rng.randbytes(64 * 1024)
    if kind == "no-nul-bytes":
        data = data.replace(b"\x00", b"")
    elif kind == "printable-ascii":
        data = bytes(rng.choice(b'abc,"\n\r\t 0123456789;=-') for _ in range(16 * 1024))
    path = tmp_path / "garbage.csv"
    path.write_bytes(data)
    code, out, err = run(capsys, ["validate", str(path)])
    assert (code, out) == (2, "")
    assert located_problems(err, path)


@pytest.mark.parametrize("command", COMMANDS)
def test_random_bytes_stop_every_command_with_a_located_problem(tmp_path, capsys, command):
    path = tmp_path / "garbage.csv"
    path.write_bytes(random.Random(1).randbytes(4096).replace(b"\x00", b""))
    code, out, err = run(capsys, COMMANDS[command](path))
    assert (code, out) == (2, "")
    assert located_problems(err, path)


# --- large files ---------------------------------------------------------------

def bundled_repeated(times: int) -> pd.DataFrame:
    """The bundled rows ``times`` over, each copy's ids made unique with a -N suffix."""
    with DATA.open(encoding="utf-8", newline="") as stream:
        rows = pd.DataFrame(list(csv.DictReader(stream)), columns=list(COLUMNS))
    copies = pd.concat([rows] * times, ignore_index=True)
    suffix = "-" + pd.Series(np.repeat(np.arange(times), len(rows))).astype(str)
    for column in ("id", "repeats", "revises"):  # a relay or a revision names the row of its own copy
        copies[column] = copies[column].where(copies[column] == "", copies[column] + suffix)
    return copies


def short_rows(n: int) -> str:
    """``n`` short valid rows (killed, about N) of the first 20 columns, built column-wise."""
    i = pd.Series(np.arange(n))
    rows = ("r" + i.astype(str) + ",North Korean troops in Kursk,killed,,people," + (i % 997 + 1).astype(str)
            + ",,,about,2025-01,,2025-02-07,Source,,Ukraine,Outlet,report-" + (i % 50).astype(str) + ",,a quote,")
    return rows.str.cat(sep="\n") + "\n"


@pytest.fixture(scope="module")
def million_rows(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("large") / "million.csv"
    path.write_text(HEADER_20 + "\n" + short_rows(1_000_000), encoding="utf-8")
    return path


@pytest.mark.slow
def test_50_mb_file_validates_every_row(tmp_path):
    path = tmp_path / "figures-50mb.csv"
    bundled_repeated(2500).to_csv(path, index=False, lineterminator="\n")
    assert path.stat().st_size >= 50_000_000
    result = run_casualty("validate", str(path))
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        # the bundled file's 90 rows 2,500 times; its 41 reports and 33 sources (counted with the csv module);
        # its earliest as_of is the year 2024 (shown as given, no more precisely), its latest 2025-12
        f"{path}: valid: 225,000 figures from 41 reports by 33 sources, describing 2024 to 2025-12",
        f"{path}: quotes not checked: no folder sources/ of source excerpts beside the file "
        "(casualty validate --strict refuses such a file)"]


@pytest.mark.slow
def test_million_row_file_loads_every_row_in_order(million_rows):
    figures = load_figures(million_rows)
    assert len(figures) == 1_000_000
    assert figures["id"].iloc[[0, -1]].tolist() == ["r0", "r999999"]
    assert figures["line"].iloc[[0, -1]].tolist() == [2, 1_000_001]
    assert figures["value"].iloc[[0, -1]].tolist() == [1.0, float(999_999 % 997 + 1)]
    assert figures["high"].iloc[-1] == (999_999 % 997 + 1) * 110 / 100


@pytest.mark.slow
def test_million_row_file_validates_with_the_command(million_rows):
    result = run_casualty("validate", str(million_rows))
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines()[0] == (f"{million_rows}: valid: 1,000,000 figures from 50 reports by 1 source, "
                                             "describing 2025-01")


@pytest.mark.slow
def test_one_bad_cell_in_the_last_of_a_million_rows_is_reported_on_its_line(million_rows, tmp_path):
    path = tmp_path / "million-bad.csv"
    data = million_rows.read_bytes()
    last = data.rindex(b"\nr999999,") + 1
    path.write_bytes(data[:last] + data[last:].replace(b",killed,", b",kiled,", 1))
    result = run_casualty("validate", str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"{path}:1000001: metric: unknown metric; did you mean 'killed'? (got 'kiled')")
    assert result.stderr.endswith("(got 'kiled')\n")
    assert result.stderr.count("\n") == 1
