"""The `casualty` command: a thin shell over the library.

Only argparse and the vocabulary are imported up front, so `casualty --help` answers at once;
each subcommand imports what it needs when it runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from casualty.vocabulary import CHART_FORMATS, EXPORT_FORMATS  # plain Python: --help stays instant

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2

DESCRIPTION = """\
Record, check and chart reported casualty figures, each with its source,
date and range. FILE defaults to the figures bundled with the package."""

EXAMPLES = """\
examples:
  casualty validate data/figures.csv
  casualty summary
  casualty charts --out charts --format png --format svg
  casualty export --format csv --out figures-export.csv
"""


def _add_file(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", metavar="FILE",
                        help="a figures CSV file (default: the bundled data)")


def _add_data(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", metavar="FILE", help="a figures CSV file (default: the bundled data)")


def _command(commands, name: str, run, summary: str, description: str, example: str) -> argparse.ArgumentParser:
    """A subcommand whose help shows one real example."""
    parser = commands.add_parser(name, help=summary, description=description, epilog="example:\n  " + example,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.set_defaults(run=run)
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="casualty", description=DESCRIPTION, epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    validate = _command(
        commands, "validate", _validate, "check a figures file and report every problem",
        "Check every cell of a figures file and, when a folder sources/ of source excerpts is beside it, that "
        "every row's quote is in its report's excerpt and its url is the excerpt's address. Prints one line and "
        "exits 0 when the file is good; prints every problem as FILE:LINE: COLUMN: what is wrong, and exits 2, "
        "when it is not.",
        "$ casualty validate data/figures.csv\n"
        "  data/figures.csv: valid: 71 figures from 38 reports by 23 sources, describing 2024-11 to 2025-12; "
        "data version 2.0.0")
    _add_file(validate)
    validate.add_argument("--strict", action="store_true",
                          help="exit 2 when the quotes cannot be checked: no sources/ folder of excerpts beside FILE")

    summary = _command(
        commands, "summary", _summary, "list every figure by subject and metric",
        "List every figure grouped by subject and metric: the date it describes, the claim as worded, its "
        "low-high range and who made it.",
        "$ casualty summary\n  North Korean troops in Kursk\n    casualties (people)\n"
        "      2025-01-31  about 5,000          4,500-5,500     Alexander Kovalenko")
    _add_file(summary)

    charts = _command(
        commands, "charts", _charts, "regenerate every chart from the data",
        "Render every chart from a figures file and write one file per chart and format. Each file is written "
        "to a temporary file and renamed into place, so an interrupted run never leaves a half-written chart. "
        "If a chart fails, the others are still written and the command exits 1.",
        "$ casualty charts --out charts --format png\n  charts/01-deployment-at-a-glance.png\n"
        "  charts/02-casualty-claims-over-time.png\n  ...")
    _add_data(charts)
    charts.add_argument("--out", metavar="DIR", default="charts", help="output folder (default: charts)")
    charts.add_argument("--format", dest="formats", action="append", choices=CHART_FORMATS,
                        help="file format; repeat for several (default: png)")
    charts.add_argument("--jobs", type=_positive_int, metavar="N",
                        help="draw in N processes at once (default: one per CPU, at most one per chart; "
                             "1 draws in this process)")

    export = _command(
        commands, "export", _export, "write the validated figures as CSV, JSON or a Markdown table",
        "Write every figure of a valid figures file, in its columns and order, with blank low/high filled by "
        "the qualifier rule, dates at their precision and whole numbers without .0. In CSV, a text cell "
        "starting with = + - @, a tab or a carriage return gets a ' in front, so that a spreadsheet shows it "
        "as text, not as a formula. With --out the file is written to a temporary file and renamed into "
        "place; without it, to standard output.",
        "$ casualty export --format csv --out figures-export.csv\n"
        "  $ casualty export --format json | head -4\n  [\n    {\n"
        '      "id": "kontur-nk-deployed",\n      "subject": "North Korean troops in Kursk",')
    _add_data(export)
    export.add_argument("--format", required=True, choices=EXPORT_FORMATS, help="output format")
    export.add_argument("--out", metavar="FILE", help="write to FILE (default: standard output)")
    return parser


def _version() -> str:
    from casualty import __version__

    return __version__


def _positive_int(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return number


def _validate(args: argparse.Namespace) -> int:
    from casualty.datapackage import dataset_of
    from casualty.load import load_figures
    from casualty.tables import evidence_line, validation_line

    figures = load_figures(args.file)
    unchecked = evidence_line(figures)
    if unchecked and args.strict:
        print(unchecked, file=sys.stderr)
        return EXIT_BAD_INPUT
    print(validation_line(figures, dataset_of(figures.attrs["file"])["version"]))
    if unchecked:
        print(unchecked)
    return EXIT_OK


def _summary(args: argparse.Namespace) -> int:
    from casualty.load import load_figures
    from casualty.tables import summary_text

    print(summary_text(load_figures(args.file)))
    return EXIT_OK


def _charts(args: argparse.Namespace) -> int:
    from casualty.load import load_figures

    figures = load_figures(args.data)  # bad data stops here, before any chart is touched
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        print(f"casualty charts: --out {out}: is a file, not a folder", file=sys.stderr)
        return EXIT_BAD_INPUT
    from casualty.charts import default_jobs, write_charts

    failed = False
    for result in write_charts(figures, args.out, args.formats or ["png"], jobs=args.jobs or default_jobs()):
        for path in result.paths:
            print(path)
        if result.error:
            failed = True
            print(f"casualty charts: {result.name} failed: {result.error}", file=sys.stderr)
    return EXIT_FAILED if failed else EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from casualty.export import export_text, write_atomically
    from casualty.load import load_figures

    text = export_text(load_figures(args.data), args.format)
    if args.out is None:
        stdout = getattr(sys.stdout, "buffer", None)
        if stdout is None:
            sys.stdout.write(text)
        else:  # UTF-8 and "\n" whatever the console's encoding and line ends
            sys.stdout.flush()
            stdout.write(text.encode("utf-8"))
            stdout.flush()
        return EXIT_OK
    try:
        write_atomically(args.out, text)
    except OSError as error:
        print(f"casualty export: --out {args.out}: cannot write ({error.strerror or error})", file=sys.stderr)
        return EXIT_BAD_INPUT
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_BAD_INPUT
    try:
        return args.run(args)
    except ValueError as error:
        from casualty.load import FiguresError

        if not isinstance(error, FiguresError):
            raise
        print(error, file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # `casualty summary | head` is not an error
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
