"""Rows that name other rows, and subjects that name other subjects: each name must lead somewhere, and never
back to where it started.

Load stage. ``repeats`` names the row whose statement a row relays, ``revises`` the same source's earlier figure
a row replaces; a codebook's ``casualty.subjects`` may say which subject is ``part_of`` which, and of what
``kind`` its people are. Each problem names the file, the line and the column, and how to put it right.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from casualty.load.problems import Problem
from casualty.vocabulary import SUBJECT_KINDS

#: column -> what a row does to the row it names, for messages
LINKS = {"repeats": "relays", "revises": "revises"}


def _loops(target: dict[str, str]) -> set[str]:
    """The keys whose chain of targets comes back to itself."""
    looping: set[str] = set()
    for start in target:
        seen, at = [], start
        while at in target and at not in seen:
            seen.append(at)
            at = target[at]
        if at == start:
            looping.add(start)
    return looping


def check_links(name: str, raw: pd.DataFrame, lines: np.ndarray, blank: dict[str, np.ndarray]) -> list[Problem]:
    """Every problem of the ``repeats`` and ``revises`` cells: a row named that the file does not have, a row
    naming itself, a revision of another source's figure, a chain that loops."""
    problems: list[Problem] = []
    ids = raw["id"].astype(str)
    source_of = dict(zip(ids, raw["source"].astype(str)))
    for column, verb in LINKS.items():
        named = ~blank[column]
        if not named.any():
            continue
        at = np.flatnonzero(named)
        row_ids, targets = ids.to_numpy()[at], raw[column].astype(str).to_numpy()[at]
        for i, own, target in zip(at, row_ids, targets):
            line = int(lines[i])
            if target == own:
                problems.append(Problem(name, line, column, "links_itself",
                                        f"names its own row; give the id of the row it {verb}", target))
            elif target not in source_of:
                problems.append(Problem(name, line, column, "unknown_id",
                                        f"names no row of this file; give the id of the row it {verb}", target))
            elif column == "revises" and source_of[target] != source_of[own]:
                problems.append(Problem(name, line, column, "revises_other_source",
                                        f"names a figure of {source_of[target]}, not of {source_of[own]}: a "
                                        "revision replaces its own source's figure; another source's is a claim "
                                        "of its own", target))
        links = {own: target for own, target in zip(row_ids, targets) if own != target and target in source_of}
        for own in sorted(_loops(links), key=lambda i: lines[ids[ids == i].index[0]]):
            line = int(lines[ids[ids == own].index[0]])
            problems.append(Problem(name, line, column, "link_loop",
                                    f"leads back to this row ({own} -> {links[own]} -> ... -> {own}); the "
                                    f"first statement {verb} no other row", links[own]))
    return problems


def check_subjects(name: str, subjects: object, line_of) -> tuple[dict[str, dict], list[Problem]]:
    """A codebook's ``casualty.subjects`` as ``{subject: {"part_of": ..., "kind": ...}}``, and its problems.

    ``line_of(key)`` gives the codebook's line of a key (``'"name"'``, where it stands before a colon), for
    messages.
    """
    if subjects is None:
        return {}, []
    if not isinstance(subjects, dict) or not all(isinstance(v, dict) for v in subjects.values()):
        return {}, [Problem(name, line_of('"subjects"'), "casualty.subjects", "datapackage_malformed",
                            'must be an object such as {"Civilians in X": {"part_of": "People in X", '
                            '"kind": "civilians"}}', str(subjects)[:60])]
    problems = []
    tree = {}
    for subject, values in subjects.items():
        record = tree[str(subject)] = {}
        for field in ("part_of", "kind"):
            value = values.get(field) or None
            if value is not None and not isinstance(value, str):  # a list or a number: no name to look up
                problems.append(Problem(name, line_of(f'"{subject}"'), f"casualty.subjects.{subject}.{field}",
                                        "datapackage_malformed", "must be text, in double quotes", str(value)[:60]))
                value = None
            record[field] = value
    for subject, record in tree.items():
        line = line_of(f'"{subject}"')
        if record["part_of"] is not None and record["part_of"] not in tree:
            problems.append(Problem(name, line, f"casualty.subjects.{subject}.part_of", "unknown_part_of",
                                    "names a subject the codebook does not declare; declare it too, or leave "
                                    "part_of out", str(record["part_of"])))
        if record["kind"] is not None and record["kind"] not in SUBJECT_KINDS:
            problems.append(Problem(name, line, f"casualty.subjects.{subject}.kind", "unknown_kind",
                                    f"use one of: {', '.join(SUBJECT_KINDS)}", str(record["kind"])))
    parents = {s: r["part_of"] for s, r in tree.items() if r["part_of"] in tree}
    for subject in sorted(_loops(parents)):
        problems.append(Problem(name, line_of(f'"{subject}"'), f"casualty.subjects.{subject}.part_of",
                                "subject_loop", "leads back to this subject: a subject cannot be part of "
                                "itself", parents[subject]))
    return tree, problems
