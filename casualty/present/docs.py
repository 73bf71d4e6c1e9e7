"""The pages for people, written from the code and the data: the dataset's README tables and the chart gallery.

Present stage. One command writes every generated copy in the repository, and ``--check`` lists the stale ones
(a test runs it)::

    python -m casualty.present.docs            # codebooks, data/README.md's tables, README.md's gallery
    python -m casualty.present.docs --check    # exit 1 and name each stale file

The codebooks' schema, hash and size are :mod:`casualty.load.schema`'s; the vocabulary tables of
``data/README.md`` its too; the sample row, the reports and the quote check's counts are read from the bundled data;
the gallery is :mod:`casualty.present.charts.gallery`'s, from the committed renders in ``charts/``.
"""

from __future__ import annotations

import re
from pathlib import Path

from casualty.analyse.quotes import quote_verdicts
from casualty.load.evidence import read_excerpts
from casualty.load.read import load_figures
from casualty.load.schema import refresh, stale_files, with_readme_tables, written_files


def _block(name: str) -> re.Pattern:
    return re.compile(rf"(<!-- data: {name} -->\n)(?:.*?\n)?(<!-- end of data: {name} -->)", re.S)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def data_tables(folder: Path) -> dict[str, str]:
    """The generated data blocks of a dataset's README: ``sample row``, ``reports`` and ``quote counts``."""
    figures = load_figures(folder)
    raw = figures.attrs["file"]
    import csv

    with open(raw, encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    sample = next(r for r in rows if r["id"] == "kontur-kovalenko-casualties") if any(
        r["id"] == "kontur-kovalenko-casualties" for r in rows) else rows[0]
    sample_table = ["| column | value |", "|---|---|"] + [f"| `{k}` | {_cell(v)} |" for k, v in sample.items()]
    excerpts, _ = read_excerpts(folder / "sources")
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["report"]] = counts.get(row["report"], 0) + 1
    reports = [f"The {len(counts)} reports, each with its excerpt in `sources/`:", "",
               "| report | outlet | published | rows | address |", "|---|---|---|---|---|"]
    for report, n in counts.items():
        excerpt = excerpts.get(report)
        header = dict(excerpt.header) if excerpt is not None else {}
        address = excerpt.address if excerpt is not None and excerpt.address else ""
        published = re.match(r"\d{4}(-\d{2}(-\d{2})?)?", header.get("published", "") or "")
        reports.append(f"| `{report}` | {_cell(header.get('outlet', ''))} | "
                       f"{published.group(0) if published else ''} | {n} | "
                       + (f"<{address}>" if address else "not known") + " |")
    status, _ = quote_verdicts(figures)
    tally = {s: int((status == s).sum()) for s in ("ok", "flag", "unchecked")}
    quotes = f"**{tally['ok']} ok, {tally['flag']} flagged, {tally['unchecked']} unchecked**."
    return {"sample row": "\n".join(sample_table), "reports": "\n".join(reports), "quote counts": quotes}


def with_data_tables(text: str, tables: dict[str, str]) -> str:
    for name, table in tables.items():
        text = _block(name).sub(lambda m, table=table: m.group(1) + table + "\n" + m.group(2), text)
    return text


def written_pages(root: Path) -> dict[Path, str]:
    """Every generated file of the repository at ``root``, with the text it should hold."""
    from casualty.present.charts import CHARTS
    from casualty.present.charts.gallery import END, START, gallery

    wanted = written_files(root)
    page = root / "data" / "README.md"
    if page.is_file():
        wanted[page] = with_data_tables(with_readme_tables(page.read_text(encoding="utf-8")),
                                        data_tables(root / "data"))
    readme = root / "README.md"
    rendered = all((root / "charts" / f"{name}.txt").is_file() for name in CHARTS)  # else `casualty charts` first
    if readme.is_file() and rendered:
        text = readme.read_text(encoding="utf-8")
        if START in text and END in text:
            before, rest = text.split(START + "\n", 1)
            wanted[readme] = before + START + "\n" + gallery(root / "charts") + "\n" + END + rest.split(END, 1)[1]
    return wanted


def stale_pages(root: Path) -> list[Path]:
    return stale_files(root, written_pages)


def main(argv: list[str] | None = None) -> int:
    """``python -m casualty.present.docs [--check] [ROOT]``."""
    return refresh(argv, written_pages, "python -m casualty.present.docs")


if __name__ == "__main__":
    raise SystemExit(main())
