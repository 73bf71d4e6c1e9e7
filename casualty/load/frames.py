"""Small pandas helpers that several stages share, with no place of their own in the river.

At the top of the river beside :mod:`casualty.vocabulary`: it imports nothing of
the package.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def codings(frame: pd.DataFrame, columns: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Each row's distinct combination of ``columns`` (numbered in order of first appearance, missing values equal,
    as :meth:`pandas.DataFrame.drop_duplicates` counts them), and the first row of each: what depends on those
    columns alone is worked out once a combination and spread to every row as ``done[codes]``. Cheaper than
    ``groupby(...).ngroup()`` on columns of text: each column is factorized, and the codes folded into one number.

    >>> frame = pd.DataFrame({"a": ["x", "y", "x", None, None], "b": [1.0, 2.0, 1.0, np.nan, np.nan]})
    >>> group, first = codings(frame, ["a", "b"])
    >>> group.tolist(), first.tolist()
    ([0, 1, 0, 2, 2], [0, 1, 3])
    """
    group, size = np.zeros(len(frame), dtype=np.int64), 1
    for column in columns:
        codes, uniques = pd.factorize(frame[column])  # missing -> -1
        width = len(uniques) + 1
        if size * width >= 2 ** 62:  # renumber the combinations so far, before their numbers could overflow
            group, combinations = pd.factorize(group)
            size = len(combinations)
        group, size = group * width + (codes + 1), size * width
    group = pd.factorize(group)[0]
    # a new combination takes the next number: the running maximum steps up at the first row of each
    return group, np.flatnonzero(np.diff(np.maximum.accumulate(group), prepend=-1))

