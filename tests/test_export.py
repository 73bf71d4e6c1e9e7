"""The specification of ``casualty export`` and ``casualty.present.export``.

Exact outputs for a two-row fixture in each format, the CSV export's escaping of
spreadsheet formulas, reading an export back, the atomic --out, and the command's
exit codes.
"""

from __future__ import annotations

import csv
import io
import os
import stat
import subprocess
import sys

import pytest
from hypothesis import given, settings
from test_fuzz_load import valid_files

from casualty import cli
from casualty.load.read import load_figures
from casualty.present.export import (
    TEXT_COLUMNS,
    export_csv,
    export_json,
    export_markdown,
    export_text,
    write_atomically,
)

from conftest import ROOT, run_casualty

# The fixture is a file of the first 20 columns; an export always writes all 24, the optional four blank here.
INPUT_HEADER = ("id,subject,metric,definition,unit,value,low,high,qualifier,as_of,window_start,stated,source,"
                "source_role,side,outlet,report,url,quote,note")
HEADER = INPUT_HEADER + ",method,repeats,revises,translation"

# Row 2: `about 11000` (bounds from the qualifier), a month, quotes in the quote, blanks.
# Row 3: a percentage `more_than 92.5` (the rule's 115.625 capped at 100), a year, a window,
# a pipe, a line break and a comma in text, an address.
FIXTURE = INPUT_HEADER + '''
nk-deployed,North Korean troops in Kursk,deployed,,people,11000,,,about,2024-11,,2025-02-07,South Korean and Western estimates,intelligence estimates,South Korea and Western,Kontur,kontur-2025-02-07,,"About 11,000 ""North Koreans"" in Kursk",
nk-share,North Korean troops in Kursk,casualty_share,killed+wounded,percent,92.5,,,more_than,2025,2024-12-15,2025-01,Ukraine's military intelligence,,Ukraine,Example | Outlet,ukraine-2025-01,https://example.com/a?b=1,"more than 92.5%
of them","a note, with a comma"
'''

EXPECTED_CSV = HEADER + '''
nk-deployed,North Korean troops in Kursk,deployed,,people,11000,9900,12100,about,2024-11,,2025-02-07,South Korean and Western estimates,intelligence estimates,South Korea and Western,Kontur,kontur-2025-02-07,,"About 11,000 ""North Koreans"" in Kursk",,,,,
nk-share,North Korean troops in Kursk,casualty_share,killed+wounded,percent,92.5,92.5,100,more_than,2025,2024-12-15,2025-01,Ukraine's military intelligence,,Ukraine,Example | Outlet,ukraine-2025-01,https://example.com/a?b=1,"more than 92.5%
of them","a note, with a comma",,,,
'''

EXPECTED_JSON = '''\
[
  {
    "id": "nk-deployed",
    "subject": "North Korean troops in Kursk",
    "metric": "deployed",
    "definition": null,
    "unit": "people",
    "value": 11000,
    "low": 9900,
    "high": 12100,
    "qualifier": "about",
    "as_of": "2024-11",
    "window_start": null,
    "stated": "2025-02-07",
    "source": "South Korean and Western estimates",
    "source_role": "intelligence estimates",
    "side": "South Korea and Western",
    "outlet": "Kontur",
    "report": "kontur-2025-02-07",
    "url": null,
    "quote": "About 11,000 \\"North Koreans\\" in Kursk",
    "note": null,
    "method": null,
    "repeats": null,
    "revises": null,
    "translation": null
  },
  {
    "id": "nk-share",
    "subject": "North Korean troops in Kursk",
    "metric": "casualty_share",
    "definition": "killed+wounded",
    "unit": "percent",
    "value": 92.5,
    "low": 92.5,
    "high": 100,
    "qualifier": "more_than",
    "as_of": "2025",
    "window_start": "2024-12-15",
    "stated": "2025-01",
    "source": "Ukraine's military intelligence",
    "source_role": null,
    "side": "Ukraine",
    "outlet": "Example | Outlet",
    "report": "ukraine-2025-01",
    "url": "https://example.com/a?b=1",
    "quote": "more than 92.5%\\nof them",
    "note": "a note, with a comma",
    "method": null,
    "repeats": null,
    "revises": null,
    "translation": null
  }
]
'''

EXPECTED_MARKDOWN = '''\
| id | subject | metric | definition | unit | value | low | high | qualifier | as_of | window_start | stated | source | source_role | side | outlet | report | url | quote | note | method | repeats | revises | translation |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
| nk-deployed | North Korean troops in Kursk | deployed |  | people | 11000 | 9900 | 12100 | about | 2024-11 |  | 2025-02-07 | South Korean and Western estimates | intelligence estimates | South Korea and Western | Kontur | kontur-2025-02-07 |  | About 11,000 "North Koreans" in Kursk |  |  |  |  |  |
| nk-share | North Korean troops in Kursk | casualty_share | killed+wounded | percent | 92.5 | 92.5 | 100 | more_than | 2025 | 2024-12-15 | 2025-01 | Ukraine's military intelligence |  | Ukraine | Example \\| Outlet | ukraine-2025-01 | https://example.com/a?b=1 | more than 92.5%<br>of them | a note, with a comma |  |  |  |  |
'''


# --- helpers -----------------------------------------------------------------

def figures_with(**cells: str):
    """The fixture loaded, with cells of its first row (nk-deployed) replaced first."""
    rows = list(csv.reader(io.StringIO(FIXTURE, newline="")))
    for column, text in cells.items():
        rows[1][rows[0].index(column)] = text
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL).writerows(rows)  # a bare CR stays quoted
    return load_figures(io.StringIO(out.getvalue()))


def csv_cell(text: str, row: int, column: str) -> str:
    """One cell of a CSV export as the csv module reads it."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return rows[row][rows[0].index(column)]


@pytest.fixture
def figures():
    return load_figures(io.StringIO(FIXTURE))


@pytest.fixture
def fixture_file(tmp_path):
    path = tmp_path / "figures.csv"
    path.write_text(FIXTURE, encoding="utf-8", newline="")
    return path


# --- exact outputs -------------------------------------------------------------

def test_csv_export_is_the_file_with_its_bounds_filled(figures):
    assert export_csv(figures) == EXPECTED_CSV


def test_json_export_is_an_array_of_records_with_iso_dates_and_null_blanks(figures):
    assert export_json(figures) == EXPECTED_JSON


def test_markdown_export_is_a_pipe_table_with_pipes_escaped(figures):
    assert export_markdown(figures) == EXPECTED_MARKDOWN


@pytest.mark.parametrize("fmt", ["csv", "json", "markdown"])
def test_export_text_picks_the_format(figures, fmt):
    expected = {"csv": EXPECTED_CSV, "json": EXPECTED_JSON, "markdown": EXPECTED_MARKDOWN}[fmt]
    assert export_text(figures, fmt) == expected


def test_export_text_refuses_an_unknown_format(figures):
    with pytest.raises(ValueError, match="unknown export format 'xml'; use one of: csv, json, markdown"):
        export_text(figures, "xml")


def test_whole_numbers_past_int64_are_written_as_powers_of_ten():
    figures = figures_with(value="1e20", qualifier="exact")
    assert [csv_cell(export_csv(figures), 1, c) for c in ("value", "low", "high")] == ["1e+20"] * 3


def test_a_year_before_1000_is_written_with_four_digits():
    figures = figures_with(as_of="0999-03", stated="0999")
    assert [csv_cell(export_csv(figures), 1, c) for c in ("as_of", "stated")] == ["0999-03", "0999"]


# --- formula injection (OWASP) ---------------------------------------------------

@pytest.mark.parametrize("text, written", [
    ("=1+1", "'=1+1"),
    ("+49 30 1234", "'+49 30 1234"),
    ("-2 dead", "'-2 dead"),
    ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
], ids=["equals", "plus", "minus", "at", "tab", "carriage-return", "hyperlink"])
def test_csv_export_puts_a_quote_before_a_formula_start(text, written):
    assert csv_cell(export_csv(figures_with(source_role=text)), 1, "source_role") == written


@pytest.mark.parametrize("text", ["a=1", " =1", "'=1", "1+1", "North Korean troops"])
def test_csv_export_leaves_text_that_does_not_start_a_formula_alone(text):
    assert csv_cell(export_csv(figures_with(source_role=text)), 1, "source_role") == text


@pytest.mark.parametrize("column", ["id", "subject", "source", "side", "outlet", "report", "quote", "note"])
def test_csv_export_escapes_every_text_column(column):
    assert csv_cell(export_csv(figures_with(**{column: "=1+1"})), 1, column) == "'=1+1"


def test_csv_export_never_escapes_a_number_column(figures):
    # the loader refuses negative numbers; a frame built another way still exports them as numbers
    figures.loc[0, ["value", "low", "high"]] = [-5.0, -6.0, -4.5]
    assert [csv_cell(export_csv(figures), 1, c) for c in ("value", "low", "high")] == ["-5", "-6", "-4.5"]


@pytest.mark.parametrize("export", [export_json, export_markdown], ids=["json", "markdown"])
def test_json_and_markdown_exports_do_not_escape_formulas(export):
    assert "'=1+1" not in export(figures_with(source_role="=1+1"))
    assert "=1+1" in export(figures_with(source_role="=1+1"))


# --- reading an export back -----------------------------------------------------

# the columns that say where a bound came from: an export writes every bound, so read back each is stated
ORIGINS = ("bounds_from", "low_from", "high_from")


def test_csv_export_loads_back_to_the_same_figures(figures):
    again = load_figures(io.StringIO(export_csv(figures)))
    columns = [c for c in again.columns if c not in ORIGINS]  # the filled bounds are now stated
    assert again[columns].equals(figures[columns])
    assert again["bounds_from"].tolist() == ["stated", "stated"]
    # about 11000: both bounds the rule's; more than 92.5: the low is the number, the high the rule's on an open side
    assert (figures["low_from"].tolist(), figures["high_from"].tolist()) == (["rule", "stated"], ["rule", "open"])
    assert (again["low_from"].tolist(), again["high_from"].tolist()) == (["stated", "stated"], ["stated", "stated"])


def test_export_writes_the_optional_columns_as_the_file_has_them():
    text = (HEADER + "\n" + FIXTURE.split("\n", 1)[1].replace(
        'in Kursk",\n', 'in Kursk",,recorded,,,\n', 1).replace(
        '"a note, with a comma"\n', '"a note, with a comma",estimate,nk-deployed,,"in English: more than 92.5%"\n'))
    figures = load_figures(io.StringIO(text))
    assert figures["method"].tolist() == ["recorded", "estimate"]
    exported = export_csv(figures)
    assert [csv_cell(exported, 2, c) for c in ("method", "repeats", "revises", "translation")] == [
        "estimate", "nk-deployed", "", "in English: more than 92.5%"]
    assert csv_cell(exported, 1, "method") == "recorded"
    assert export_csv(load_figures(io.StringIO(exported))) == exported


def test_loading_a_csv_export_keeps_the_escaping_quote():
    figures = figures_with(source_role="=1+1", note="-2 dead")
    again = load_figures(io.StringIO(export_csv(figures)))
    assert again["source_role"].fillna("").tolist() == ["'=1+1", ""]
    assert again["note"].tolist() == ["'-2 dead", "a note, with a comma"]
    unescaped = [c for c in again.columns if c not in ("source_role", "note", *ORIGINS)]
    assert again[unescaped].equals(figures[unescaped])


def test_csv_export_load_export_is_a_fixed_point():
    figures = figures_with(source_role="=1+1", note="\t-x", quote='@a, "b"\nc')
    once = export_csv(figures)
    assert export_csv(load_figures(io.StringIO(once))) == once


def test_bundled_data_survives_export_and_load_unchanged():
    figures = load_figures()
    text = export_csv(figures)
    assert export_csv(load_figures(io.StringIO(text))) == text


# --- writing a file atomically ---------------------------------------------------

def test_write_atomically_writes_the_text_and_leaves_no_temp_file(tmp_path):
    target = tmp_path / "out.csv"
    write_atomically(target, "a,b\nç,d\n")
    assert target.read_bytes() == "a,b\nç,d\n".encode("utf-8")
    assert os.listdir(tmp_path) == ["out.csv"]


def test_write_atomically_replaces_an_existing_file(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old\n", encoding="utf-8")
    write_atomically(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert os.listdir(tmp_path) == ["out.csv"]


def test_write_atomically_gives_a_new_file_the_usual_permissions(tmp_path):
    umask = os.umask(0o022)
    os.umask(umask)
    target = write_atomically(tmp_path / "out.csv", "x\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


def test_failed_rename_keeps_the_old_file_and_removes_the_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "out.csv"
    target.write_text("old\n", encoding="utf-8")

    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="No space left on device"):
        write_atomically(target, "new\n")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert os.listdir(tmp_path) == ["out.csv"]


def test_interrupted_write_keeps_the_old_file_and_removes_the_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "out.csv"
    target.write_text("old\n", encoding="utf-8")

    def interrupt(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, "new\n")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert os.listdir(tmp_path) == ["out.csv"]


# --- the command ------------------------------------------------------------------

@pytest.mark.parametrize("fmt, expected", [("csv", EXPECTED_CSV), ("json", EXPECTED_JSON),
                                           ("markdown", EXPECTED_MARKDOWN)])
def test_export_out_writes_the_file_and_exits_0(fixture_file, tmp_path, capsys, fmt, expected):
    out = tmp_path / f"export.{fmt}"
    code = cli.main(["export", "--data", str(fixture_file), "--format", fmt, "--out", str(out)])
    assert code == 0
    assert out.read_bytes() == expected.encode("utf-8")
    assert sorted(os.listdir(tmp_path)) == sorted(["figures.csv", f"export.{fmt}"])
    assert capsys.readouterr() == ("", "")


def test_export_without_out_prints_to_stdout(fixture_file):
    result = run_casualty("export", "--data", str(fixture_file), "--format", "csv")
    assert (result.returncode, result.stdout, result.stderr) == (0, EXPECTED_CSV, "")


def test_export_without_data_exports_the_bundled_figures(capsys):
    assert cli.main(["export", "--format", "csv"]) == 0
    assert capsys.readouterr().out == export_csv(load_figures())


def test_export_of_a_bad_file_exits_2_with_every_problem(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(FIXTURE.replace(",about,", ",abut,"), encoding="utf-8")
    result = run_casualty("export", "--data", str(bad), "--format", "json", "--out", str(tmp_path / "x.json"))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"{bad}:2: qualifier: unknown qualifier; did you mean 'about'? ")
    assert result.stderr.endswith("(got 'abut')\n")
    assert sorted(os.listdir(tmp_path)) == ["bad.csv"]  # nothing written


def test_export_to_a_missing_folder_exits_2_with_a_message(fixture_file, tmp_path, capsys):
    out = tmp_path / "no-such-folder" / "x.csv"
    assert cli.main(["export", "--data", str(fixture_file), "--format", "csv", "--out", str(out)]) == 2
    assert capsys.readouterr().err == f"casualty export: --out {out}: cannot write (No such file or directory)\n"


def test_export_to_a_folder_exits_2_with_a_message(fixture_file, tmp_path, capsys):
    assert cli.main(["export", "--data", str(fixture_file), "--format", "csv", "--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"casualty export: --out {tmp_path}: cannot write (Is a directory)\n"
    assert os.listdir(tmp_path) == ["figures.csv"]  # the temp file is gone


def test_export_without_format_writes_csv(fixture_file, tmp_path, capsys):
    # since 5fbb497: casualty export writes CSV when no --format is given
    out = tmp_path / "export.csv"
    assert cli.main(["export", "--data", str(fixture_file), "--out", str(out)]) == 0
    assert out.read_bytes() == EXPECTED_CSV.encode("utf-8")
    assert capsys.readouterr() == ("", "")


def test_export_with_an_unknown_format_exits_2(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["export", "--format", "xml"])
    assert info.value.code == 2
    assert "invalid choice: 'xml' (choose from" in capsys.readouterr().err


def test_export_help_shows_an_example():
    result = run_casualty("export", "--help")
    assert result.returncode == 0
    assert "$ casualty export --format csv --out figures-export.csv" in result.stdout


def test_export_does_not_import_matplotlib():
    code = ("import sys, contextlib, io; from casualty.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()): main(['export', '--format', 'json'])\n"
            "print('matplotlib' in sys.modules, 'casualty.present.export' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "False True"


# --- any valid file ------------------------------------------------------------------

@settings(max_examples=max(10, settings().max_examples // 8))  # an eighth of the fuzz budget: two loads each
@given(valid_files())
def test_any_valid_file_exports_and_loads_back_with_only_formula_starts_quoted(file):
    figures = load_figures(io.BytesIO(file[0]))
    once = export_csv(figures)
    again = load_figures(io.StringIO(once))
    assert export_csv(again) == once
    for column in TEXT_COLUMNS:
        before = figures[column].astype(object).where(figures[column].notna(), "")
        quoted = before.str[:1].isin(["=", "+", "-", "@", "\t", "\r"])
        expected = before.where(~quoted, "'" + before)
        assert again[column].astype(object).where(again[column].notna(), "").tolist() == expected.tolist()
    # numbers, filled bounds, dates and their precisions, lines: all as they were
    for column in [c for c in figures.columns if c not in TEXT_COLUMNS and c not in ORIGINS]:
        assert again[column].equals(figures[column]), column
