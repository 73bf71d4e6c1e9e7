"""The source excerpts beside a figures file, and whether each row's words are in them.

Load stage, beside :mod:`casualty.load.read`. A dataset keeps, in a folder ``sources/``
next to its ``figures.csv``, one UTF-8 text file per ``report``, named
``<report>.txt``: a short header of ``key: value`` lines (``title``, ``outlet``,
``author``, ``published``, ``address``, ``read``), a line ``---``, then the
passages of the page that the rows quote, verbatim. With the excerpts, anyone can
check a row without the internet, and the loader checks three things of every row:
its report has an excerpt, its ``quote`` occurs in it, and its ``url`` is the
excerpt's ``address``.

Before a quote is looked for, both texts are normalised in exactly three ways,
and no other: every run of white space becomes one space; typographic quotes
(‘ ’ ‚ ‛ “ ” „ ‟) become straight ones; dashes (‐ ‑ ‒ – — ―) become a hyphen.
Case, spelling, digits and all other punctuation must match.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from casualty.load.problems import Problem

#: The folder, beside the figures file, that holds the excerpts.
SOURCES_FOLDER = "sources"
#: The header keys an excerpt may carry; ``address`` must be among them.
EXCERPT_KEYS = ("title", "outlet", "author", "published", "address", "read")

_TYPOGRAPHIC = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
})
_WHITE_SPACE = re.compile(r"\s+")
_PLAIN_NAME = re.compile(r"[^/\\\x00]+")


class Excerpt(NamedTuple):
    """One source excerpt: its report, file, header fields and the passages as written."""

    report: str
    path: Path
    header: dict[str, str]
    passages: str

    @property
    def address(self) -> str:
        return self.header.get("address", "")


def normalise(text: str) -> str:
    """Text as quotes are compared: white space joined, typographic quotes and dashes made plain.

    >>> normalise("“About  11,000”\\n– so")
    '"About 11,000" - so'
    """
    return _WHITE_SPACE.sub(" ", text.translate(_TYPOGRAPHIC)).strip()


def sources_folder(figures_file: str | Path) -> Path:
    """Where the excerpts of a figures file live: ``sources/`` beside it."""
    return Path(figures_file).parent / SOURCES_FOLDER


def read_excerpt(path: Path) -> Excerpt | Problem:
    """One excerpt file, or the problem that stops it being read."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        why = "not UTF-8 text" if isinstance(error, UnicodeDecodeError) else (error.strerror or str(error))
        return Problem(str(path), None, "file", "source_file_malformed", f"cannot be read: {why}")
    head, rule, passages = text.partition("\n---\n")
    if not rule:
        return Problem(str(path), 1, "file", "source_file_malformed",
                       "no line '---' between the header and the passages", text[:60].replace("\n", "\\n"))
    header: dict[str, str] = {}
    for number, line in enumerate(head.splitlines(), start=1):
        key, colon, value = line.partition(":")
        if not colon or key.strip() not in EXCERPT_KEYS:
            return Problem(str(path), number, "file", "source_file_malformed",
                           f"a header line is 'key: value' with a key of {', '.join(EXCERPT_KEYS)}", line[:60])
        header[key.strip()] = value.strip()
    if "address" not in header:
        return Problem(str(path), 1, "file", "source_file_malformed",
                       "no 'address:' line in the header (leave it blank if the address is not known)", "")
    return Excerpt(path.stem, path, header, passages)


def read_excerpts(folder: Path) -> tuple[dict[str, Excerpt], list[Problem]]:
    """Every ``*.txt`` excerpt in ``folder``, by report, and the problems of those that cannot be read."""
    excerpts, problems = {}, []
    for path in sorted(folder.glob("*.txt")):
        found = read_excerpt(path)
        if isinstance(found, Problem):
            problems.append(found)
        else:
            excerpts[found.report] = found
    return excerpts, problems


def check_rows(file: str, folder: Path, rows: pd.DataFrame) -> list[Problem]:
    """The evidence problems of ``rows`` (columns ``report``, ``quote``, ``url`` as text, ``line``).

    Each quote is looked for once per distinct (report, quote) pair; the rest is vectorised.
    """
    excerpts, problems = read_excerpts(folder)
    report = rows["report"].astype(str)
    has_excerpt = report.isin(list(excerpts)).to_numpy()
    plain_name = report.str.fullmatch(_PLAIN_NAME.pattern).to_numpy(dtype=bool)
    passages = {name: normalise(e.passages) for name, e in excerpts.items()}
    pairs = rows.loc[has_excerpt, ["report", "quote"]].astype(str).drop_duplicates()
    pairs["found"] = [normalise(q) in passages[r] for r, q in zip(pairs["report"], pairs["quote"])]
    found = rows[["report", "quote"]].astype(str).merge(pairs, on=["report", "quote"], how="left")["found"]
    address = report.map({name: e.address for name, e in excerpts.items()})
    url = rows["url"].astype(object).where(rows["url"].notna(), "").astype(str)
    failing = pd.DataFrame({
        "no_file": ~has_excerpt & (report != "").to_numpy(),
        "no_quote": has_excerpt & ~found.fillna(True).to_numpy(dtype=bool),
        "other_url": has_excerpt & (url != address).to_numpy(),
    })
    where = f"{SOURCES_FOLDER}/"
    for i in failing.index[failing.any(axis=1)]:  # records of the failing rows only
        line, name = int(rows["line"].iloc[i]), report.iloc[i]
        if failing.at[i, "no_file"]:
            problems.append(Problem(file, line, "report", "no_source_file", (
                f"no source excerpt {where}{name}.txt beside the figures file: add the passages of the page "
                "that the row quotes there") if plain_name[i] else
                "cannot name an excerpt file: a report name holds no '/' or '\\'", name))
        if failing.at[i, "no_quote"]:
            problems.append(Problem(file, line, "quote", "quote_not_in_source",
                                    f"not found in {where}{name}.txt: copy the words as the excerpt has them "
                                    "(only white space, typographic quotes and dashes may differ)",
                                    _one_line(str(rows["quote"].iloc[i]))[:60]))
        if failing.at[i, "other_url"]:
            problems.append(Problem(file, line, "url", "url_differs_from_source",
                                    f"is not the address in {where}{name}.txt ('{address.iloc[i]}')", url.iloc[i]))
    return problems


def _one_line(text: str) -> str:
    return text.replace("\r", "\\r").replace("\n", "\\n")
