"""What `casualty validate` tells after "valid": the quote check, excerpts no row cites, relays that differ from
what they repeat, a codebook's hash or size that the file does not match, and what was read in an old form.

Present stage: the findings come as data from the load and analyse stages; this module words them. Each
finding is a line; ``casualty validate --strict`` makes each a problem and exits 2.
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from casualty.analyse.competing import relay_differences
from casualty.analyse.quotes import quote_verdicts
from casualty.load.integrity import codebook_mismatches, uncited_excerpts

#: The command that writes a codebook's schema, hash and size anew.
REFRESH = "python -m casualty.load.schema"


class Finding(NamedTuple):
    """One line of the story: what kind of finding (``quotes``, ``uncited``, ``relay``, ``codebook``, ``notice``),
    its words, and whether ``--strict`` refuses it."""

    kind: str
    text: str
    strict: bool


def _ids(ids: list[str], most: int = 8) -> str:
    shown = ", ".join(ids[:most])
    return shown + (f" and {len(ids) - most} more" if len(ids) > most else "")


def validation_findings(figures: pd.DataFrame) -> list[Finding]:
    """Everything `casualty validate` says of a valid file after its first line, in order."""
    file = figures.attrs.get("file", "figures")
    found = [Finding("notice", f"{file}: {notice}", True) for notice in figures.attrs.get("notices", [])]
    if figures.attrs.get("sources"):
        status, _ = quote_verdicts(figures)
        status = pd.Series(status, index=figures.index).astype(str)
        ids = figures["id"].astype(str)
        flagged, unread = ids[status == "flag"].tolist(), ids[status == "unchecked"].tolist()
        words = [f"{int((status == 'ok').sum()):,} agree with their rows"]
        if flagged:
            words.append(f"{len(flagged)} flagged ({_ids(flagged)})")
        if unread:
            words.append(f"{len(unread)} not readable ({_ids(unread)})")
        found.append(Finding("quotes", f"{file}: quotes: " + "; ".join(words)
                             + (" (casualty.quote_agreement says why)" if flagged or unread else ""),
                             bool(flagged or unread)))
    uncited = uncited_excerpts(figures)
    if uncited:
        found.append(Finding("uncited", f"{file}: excerpts no row cites: {_ids(uncited)}: a row of their "
                                        "report was removed, or the report is misspelt", True))
    differs = relay_differences(figures)
    for relay in differs.itertuples():
        found.append(Finding("relay", f"{file}: {relay.id} relays {relay.repeats} but its {relay.column} is "
                                      f"'{relay.relay}', the original's '{relay.original}': a relay keeps the "
                                      "claimant's own hedge and dates", True))
    for mismatch in codebook_mismatches(figures):
        found.append(Finding("codebook", f"{mismatch['file']}: {mismatch['field']} says {mismatch['said']}, the "
                                         f"file's is {mismatch['is']}: run `{REFRESH} DATASET_FOLDER` to write it "
                                         "anew", True))
    return found
