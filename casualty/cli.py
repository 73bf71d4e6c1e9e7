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
date and range. PATH is a figures file or a dataset folder (its figures.csv,
datapackage.json and sources/); it defaults to the data bundled with the package."""

EXAMPLES = """\
examples:
  casualty validate data/figures.csv
  casualty summary
  casualty charts --out charts --format png --format svg
  casualty export --format csv --out figures-export.csv
  casualty init my-war && casualty validate my-war
  casualty report my-war --out my-war-report
"""


def _add_path(parser: argparse.ArgumentParser, deprecated_data: bool = False) -> None:
    parser.add_argument("path", nargs="?", metavar="PATH",
                        help="a figures file or a dataset folder (default: the bundled data)")
    if deprecated_data:  # the old way to name the data, kept working: the same as PATH
        parser.add_argument("--data", metavar="PATH", help=argparse.SUPPRESS)


def _add_subject(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--subject", metavar="S",
                        help="the subject to focus on, e.g. 'North Korean troops in Kursk' (default: the dataset's "
                             "default subject, else the one with the most casualty claims)")


def _add_metric(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--metric", metavar="M",
                        help="the toll to follow, e.g. killed or deaths (default: the count with the most claims "
                             "about the subject: casualties, killed, deaths ...)")


def _data_path(args: argparse.Namespace) -> str | None:
    """PATH, or the deprecated --data; naming the data both ways at once is a mistake."""
    data = getattr(args, "data", None)
    if data is not None and args.path is not None and data != args.path:
        raise _UsageError(f"casualty {args.command}: the data is named twice ({args.path} and --data {data}): "
                          "give it once, as PATH")
    return args.path if args.path is not None else data


class _UsageError(Exception):
    """A mistake on the command line that argparse cannot see: printed as it is, exit 2."""


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
        "data version 2.1.0")
    _add_path(validate)
    validate.add_argument("--strict", action="store_true",
                          help="exit 2 on any finding: quotes not checked (no sources/ beside FILE), flagged or "
                               "not readable, excerpts no row cites, relays that differ from what they repeat, a "
                               "codebook hash or size the file does not match, a metric read in an old form")

    summary = _command(
        commands, "summary", _summary, "list every figure by subject and metric",
        "List every figure grouped by subject and metric: the date it describes, the claim as worded, its "
        "low-high range and who made it.",
        "$ casualty summary\n  North Korean troops in Kursk\n    casualties (people)\n"
        "      2025-01-31  about 5,000          4,500-5,500     Alexander Kovalenko")
    _add_path(summary)
    summary.add_argument("--subject", metavar="S", help="list only the figures about this subject")
    summary.add_argument("--metric", metavar="M", help="list only the figures of this metric, e.g. killed")

    charts = _command(
        commands, "charts", _charts, "regenerate every chart from the data",
        "Render every chart from a figures file and write one file per chart and format. Each file is written "
        "to a temporary file and renamed into place, so an interrupted run never leaves a half-written chart. "
        "If a chart fails, the others are still written and the command exits 1.",
        "$ casualty charts --out charts --format png\n  charts/01-deployment-at-a-glance.png\n"
        "  charts/02-casualty-claims-over-time.png\n  ...")
    _add_path(charts, deprecated_data=True)
    _add_subject(charts)
    _add_metric(charts)
    charts.add_argument("--out", metavar="DIR", default="charts", help="output folder (default: charts)")
    charts.add_argument("--format", dest="formats", action="append", choices=CHART_FORMATS,
                        help="file format; repeat for several (default: png)")

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
    _add_path(export, deprecated_data=True)
    export.add_argument("--format", default="csv", choices=EXPORT_FORMATS, help="output format (default: csv)")
    export.add_argument("--out", metavar="FILE", help="write to FILE (default: standard output)")

    init = _command(
        commands, "init", _init, "start a dataset of your own in a new folder",
        "Write a dataset folder to start from: figures.csv with its header and two example rows, "
        "datapackage.json (the codebook: every column's meaning, and a title, description, license and "
        "sources for you to fill in), sources/ with the example rows' excerpt, and a README.md saying how to "
        "add rows. The folder must be new or empty.",
        "$ casualty init my-war\n  my-war/figures.csv\n  my-war/datapackage.json\n"
        "  my-war/sources/example-gazette-2030-01-15.txt\n  my-war/README.md")
    init.add_argument("dir", metavar="DIR", help="the folder to create (new, or empty)")

    report = _command(
        commands, "report", _report, "run the three notebooks on the data and write them as web pages",
        "Run the three story notebooks on the data, each in a fresh kernel, and write each as an HTML page "
        "(charts embedded, code hidden unless --with-code). The first page, index.html, states what the claims "
        "say together for the focus subject and metric, with the competing estimates to hover and what to know "
        "about them; charts.html shows every chart the data fills, four of them to hover (each mark shows its "
        "claim, quote and link), each with its rows as CSV in charts/. The pages load nothing from outside the "
        "folder. One line per notebook as it is written. The pages are built in a hidden folder "
        "and moved into place at the end, so a failed run leaves the old report as it was; a failure names "
        "the notebook and the cell, and exits 1.",
        "$ casualty report my-war --out my-war-report\n"
        "  01-reported-figures.ipynb: ran in 9 s, written as my-war-report/01-reported-figures.html\n  ...")
    _add_path(report)
    _add_subject(report)
    _add_metric(report)
    report.add_argument("--out", metavar="DIR", default="report", help="output folder (default: report)")
    report.add_argument("--with-code", action="store_true", help="show the notebooks' code in the pages")
    return parser


def _version() -> str:
    from casualty import __version__

    return __version__


def _validate(args: argparse.Namespace) -> int:
    from casualty.load.datapackage import dataset_of
    from casualty.load.read import load_figures
    from casualty.present.summary import evidence_line, validation_line
    from casualty.present.validation import validation_findings

    figures = load_figures(args.path)
    unchecked = evidence_line(figures)
    findings = validation_findings(figures)
    refused = [f.text for f in findings if f.strict] + ([unchecked] if unchecked else [])
    if refused and args.strict:
        print(f"{figures.attrs['file']}: not valid with --strict: {len(refused)} "
              f"finding{'s' * (len(refused) != 1)}", file=sys.stderr)
        for line in refused:
            print(line, file=sys.stderr)
        return EXIT_BAD_INPUT
    print(validation_line(figures, dataset_of(figures)["version"]))
    if unchecked:
        print(unchecked)
    for finding in findings:
        print(finding.text)
    return EXIT_OK


def _summary(args: argparse.Namespace) -> int:
    from casualty.analyse.competing import with_metric
    from casualty.analyse.focus import with_subject
    from casualty.load.read import load_figures
    from casualty.present.summary import summary_text

    figures = with_metric(with_subject(load_figures(args.path), args.subject), args.metric)
    if args.subject is not None:
        figures = figures[figures["subject"] == args.subject]
    if args.metric is not None:
        figures = figures[figures["metric"] == args.metric]
    print(summary_text(figures))
    return EXIT_OK


def _charts(args: argparse.Namespace) -> int:
    from casualty.analyse.competing import with_metric
    from casualty.analyse.focus import with_subject
    from casualty.load.read import load_figures

    # bad data, or a subject or metric it does not have, stops here, before any chart is touched
    figures = with_metric(with_subject(load_figures(_data_path(args)), args.subject), args.metric)
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        print(f"casualty charts: --out {out}: is a file, not a folder", file=sys.stderr)
        return EXIT_BAD_INPUT
    from casualty.present.charts import write_charts

    results = write_charts(figures, args.out, args.formats or ["png"])
    for result in results:
        for path in result.paths:
            print(path)
        if result.error:
            print(f"casualty charts: {result.name} failed: {result.error}", file=sys.stderr)
    written = sum(bool(r.paths) for r in results)
    not_drawn = [r for r in results if r.not_drawn]
    print(f"{written} chart{'s' * (written != 1)} written; {len(not_drawn)} not drawn"
          + (":" if not_drawn else ""))
    for result in not_drawn:
        print(f"  {result.name}: {result.not_drawn}")
    return EXIT_FAILED if any(r.error for r in results) else EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from casualty.load.read import load_figures
    from casualty.present.export import export_text, write_atomically

    text = export_text(load_figures(_data_path(args)), args.format)
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


def _init(args: argparse.Namespace) -> int:
    from casualty.present.starter import StarterRefused, write_starter

    try:
        written = write_starter(args.dir)
    except StarterRefused as refused:
        print(f"casualty init: {refused}", file=sys.stderr)
        return EXIT_BAD_INPUT
    for path in written:
        print(path)
    return EXIT_OK


def _report(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        print(f"casualty report: --out {out}: is a file, not a folder", file=sys.stderr)
        return EXIT_BAD_INPUT
    from casualty.present.report import ReportFailed, write_report

    try:
        write_report(args.path, out, subject=args.subject, metric=args.metric, with_code=args.with_code,
                     progress=lambda line: print(line, flush=True))
    except ReportFailed as failed:
        print(f"casualty report: {failed}; {out} was left as it was", file=sys.stderr)
        return EXIT_FAILED
    print(out / "index.html")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_BAD_INPUT
    try:
        return args.run(args)
    except _UsageError as error:
        print(error, file=sys.stderr)
        return EXIT_BAD_INPUT
    except ValueError as error:
        from casualty.analyse.competing import UnknownMetric
        from casualty.analyse.focus import UnknownSubject
        from casualty.load.read import FiguresError

        if isinstance(error, UnknownMetric):
            print(f"casualty {args.command}: --metric {error.metric!r}: no figure counts this metric; the "
                  "metrics are:\n" + "\n".join(f"  {known}" for known in error.known), file=sys.stderr)
            return EXIT_BAD_INPUT
        if isinstance(error, UnknownSubject):
            print(f"casualty {args.command}: --subject {error.subject!r}: no figure is about this subject; the "
                  "subjects are:\n" + "\n".join(f"  {known}" for known in error.known), file=sys.stderr)
            return EXIT_BAD_INPUT
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
