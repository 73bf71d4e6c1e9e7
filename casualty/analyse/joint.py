"""What the claims say together: the bounds that every consistent running total allows at each date.

Analyse stage, beside :mod:`casualty.analyse.claims`. A running total never falls, so
every claim of one (a range at a date) constrains every other. A set of claims
is *consistent* when one non-decreasing count can pass through all their
ranges; that is so exactly when no claim dated at or before another has a low
above the other's high. :func:`joint_bounds` finds the largest consistent set
and, at every claim's date, the values the count can take given that set.

How it is done, in O(n log n) for n claims. Claims are put in date order
(within one date, highest high first: then the pairwise condition only needs
checking forwards). ``A(x)``, the size of the largest consistent set among the
claims so far whose lows are all at most ``x``, is a non-decreasing step
function over the distinct bounds; adding a claim ``[l, h]`` adds one to it
from ``l`` up to where it first rises above ``A(h)``. ``B(x)``, the same from
the right (claims to come, all highs at least ``x``), is its mirror. The
largest set has ``A(+inf)`` claims; the largest set that holds claim ``j`` has
``1 + max(A(x) + B(x))`` over ``x`` in ``j``'s range, with ``A`` of the claims
before ``j`` and ``B`` of those after it: a Fenwick tree holds each staircase
and a segment tree their sum (:func:`largest_consistent_set`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from casualty.analyse.claims import plain_figures
from casualty.analyse.competing import evidence_bounds, focus_metric, statements
from casualty.analyse.focus import focus_subject
from casualty.load.read import date_end, load_figures  # noqa: F401 (load_figures: for the examples)
from casualty.vocabulary import CASUALTY_PARTS, QUALIFIERS

#: The columns :func:`joint_bounds` returns, in order.
JOINT_COLUMNS = ["id", "source", "as_of", "as_of_precision", "ordered_at", "definition", "role", "low", "high",
                 "consistent", "joint_low", "joint_high", "conflicts_with"]
#: What ``consistent`` says of a claim.
CONSISTENCY = {
    "yes": "in the largest consistent set chosen",
    "tie": "in another consistent set as large as the one chosen, not in the chosen one",
    "no": "in no largest consistent set: no rising count through the others can pass through it",
}
#: Qualifiers whose high is a rule of thumb (1.25 x the value), not a bound the words give.
OPEN_ENDED = tuple(name for name, q in QUALIFIERS.items() if q.open_ended)


# --- the claims -------------------------------------------------------------

def joint_bounds(figures: pd.DataFrame, metric: str | None = None, subject: str | None = None,
                 definition: str | None = None, open_ended: bool = True, narrower: bool = False) -> pd.DataFrame:
    """The largest set of running-total claims one rising count can meet, and the bounds it allows at each date.

    One row per running-total claim (no ``window_start``) of ``metric`` (by default
    :func:`casualty.analyse.competing.focus_metric`) about ``subject`` (by default
    :func:`casualty.analyse.focus.focus_subject`), each statement once (a row
    that relays another is left out) and each source's standing figure (one
    its source revised is left out), in the order of ``ordered_at``:

    - ``id``, ``source``, ``as_of``, ``as_of_precision``, ``definition``, and
      ``low``, ``high``: the claim's own range.
    - ``ordered_at``: the instant the claim is placed at. A date known to the
      day is that day. A month or a year may mean any day of it; a running
      total "as of" it is placed at its last day, or on the day it was stated
      if that is earlier (a count stated on 17 December cannot be as of 31
      December). Claims placed on one day must overlap, as claims of one date.
    - ``role``: ``range`` for a claim of the definition used; ``lower bound``
      for one of a narrower definition (``narrower=True``), whose high bounds
      nothing.
    - ``consistent``: ``yes``, ``tie`` or ``no`` (:data:`CONSISTENCY`). Where
      equally large sets differ, the chosen one keeps the claim that comes later
      in the order of the rows.
    - ``joint_low``, ``joint_high``: what the count can have been at
      ``ordered_at`` given the chosen set: the highest low of its claims placed
      at or before it and the lowest high of those at or after it (0 and
      infinity where none is).
    - ``conflicts_with``: for a claim outside the chosen set, the claims of the
      set that rule it out (the one whose low bounds it from below, the one
      whose high bounds it from above); empty for one inside it.

    ``definition`` is by default the one most of the claims use (ties to the
    alphabetically first; a metric with no definitions, such as ``killed``,
    uses all its claims). ``narrower=True`` adds claims that count less as
    lower bounds: those of a narrower definition (``killed+wounded`` under
    ``killed+wounded+captured``) and of the parts the definition names
    (``killed`` and ``wounded`` under ``killed+wounded``; ``killed_confirmed``,
    counts of names, under ``killed``). A bound the qualifier rule made where
    the words leave that side open is never evidence: the high of "more than"
    and "at least", the low of "up to" and "less than"; such a claim bounds the
    count from one side only. ``open_ended=False`` reads those bounds as the
    rule gives them, as the package did before. A count of names or records
    (method ``named_list`` or ``recorded``) is a floor: it bounds the count
    from below only. The result's
    ``attrs`` name the ``metric``, ``subject``, ``definition``, ``open_ended``,
    ``narrower`` and ``largest`` (the size of the largest consistent set).

    >>> bounds = joint_bounds(load_figures())
    >>> bounds.attrs["definition"], bounds.attrs["largest"], len(bounds)
    ('killed+wounded', 10, 11)
    >>> bounds.loc[bounds["consistent"] != "yes", ["id", "consistent"]].to_numpy().tolist()
    [['zelenskyy-2024-12-23-casualties', 'tie']]
    """
    subject = subject if subject is not None else (focus_subject(figures) if len(figures) else None)
    metric = metric or (focus_metric(figures, subject) if len(figures) else None) or "casualties"
    standing = statements(figures)
    plain = plain_figures(standing[~standing["superseded"]])
    # a projection describes what may come, not a count so far
    projection = plain["method"].astype(object).eq("projection") if "method" in plain else False
    running = plain[~plain["period"] & (plain["subject"] == subject) & ~projection]
    claims = running[running["metric"] == metric].assign(definition=lambda d: d["definition"].fillna(""))
    if definition is None:
        counts = claims["definition"].value_counts()
        definition = str(counts[counts == counts.max()].sort_index().index[0]) if len(counts) else ""
    chosen = claims[claims["definition"] == definition].assign(role="range")
    if narrower:
        chosen = pd.concat([chosen, _narrower_claims(running, metric, definition)], ignore_index=True)
    result = joint_bounds_of(chosen, open_ended)
    result.attrs = {"metric": metric, "subject": subject, "definition": definition or None,
                    "open_ended": open_ended, "narrower": narrower,
                    "largest": int((result["consistent"] == "yes").sum())}
    return result


def _narrower_claims(running: pd.DataFrame, metric: str, definition: str) -> pd.DataFrame:
    """Claims that count part of what ``definition`` counts: lower bounds only."""
    parts = set(definition.split("+")) if metric == "casualties" and "+" in definition else set()
    if not parts:
        return running.iloc[:0].assign(role=pd.Series(dtype=object))
    narrower_definitions = [d for d in running["definition"].dropna().unique()
                            if d != definition and "+" in d and set(d.split("+")) < parts]
    lower = running[((running["metric"] == metric) & running["definition"].isin(narrower_definitions))
                    | running["metric"].isin([p for p in CASUALTY_PARTS if p in parts])]
    return lower.assign(definition=lower["definition"].fillna(""), role="lower bound")


def claim_instants(claims: pd.DataFrame) -> pd.Series:
    """The instant each running-total claim is placed at: its day, or the last day its month or year can mean,
    but never after the day it was stated."""
    end = date_end(claims["as_of"], claims["as_of_precision"])
    return end.where(claims["stated"].isna() | (end <= claims["stated"]), claims["stated"])


def joint_bounds_of(claims: pd.DataFrame, open_ended: bool = True, by: list[str] | None = None,
                    figure_ids: bool = False) -> pd.DataFrame:
    """The joint bounds of claims already chosen: rows of :func:`casualty.analyse.claims.plain_figures` of one metric and
    subject, with ``definition`` blank rather than missing and ``role`` (``range`` or ``lower bound``); the
    columns of :func:`joint_bounds`. With ``by`` (columns of ``claims``), each group of claims that share them is
    solved on its own, the groups in the order of those columns: :func:`casualty.analyse.consistency.check_consistency`
    solves every subject, metric and definition in one call. With ``figure_ids``, one more column of that name:
    the claim's id, then ``conflicts_with``, in one tuple."""
    if claims.empty:
        return pd.DataFrame(columns=[*JOINT_COLUMNS, *(["figure_ids"] if figure_ids else [])])
    low, high = evidence_bounds(claims, open_ended)
    if open_ended and "high_from" not in claims:  # a frame without the bounds' origins: the hedge word says
        high = high.where(~claims["qualifier"].isin(OPEN_ENDED), np.inf)
    high = high.where(claims["role"] == "range", np.inf)
    claims = claims.assign(low=low)
    # by group, instant, highest high first, highest low first, then id
    keys = pd.DataFrame({"group": claims.groupby(by, sort=True).ngroup().to_numpy() if by else 0,
                         "at": claim_instants(claims).to_numpy(), "high": -high.to_numpy(dtype="float64"),
                         "low": -claims["low"].to_numpy(dtype="float64"), "id": claims["id"].to_numpy(dtype=object)})
    keys = keys.sort_values(["group", "at", "high", "low", "id"], kind="stable")
    claims = claims.iloc[keys.index.to_numpy()]
    at, low, high = keys["at"].to_numpy(), -keys["low"].to_numpy(), -keys["high"].to_numpy()
    group, ids = keys["group"].to_numpy(), keys["id"].to_numpy()
    n = len(ids)
    consistent = np.empty(n, dtype=object)
    joint_low, joint_high = np.empty(n), np.empty(n)
    conflicts = []
    for start, stop in _runs(group):
        part = slice(start, stop)
        in_set, largest_with = largest_consistent_set(low[part], high[part])
        in_some = largest_with == in_set.sum()
        consistent[part] = np.where(in_set, "yes", np.where(in_some, "tie", "no"))
        bounds = _bounds_at(at[part], low[part], high[part], in_set)
        joint_low[part], joint_high[part] = bounds["joint_low"], bounds["joint_high"]
        conflicts += [tuple(ids[start + k] for k in (by_low, by_high) if k >= 0)
                      for by_low, by_high in zip(bounds["by_low"].tolist(), bounds["by_high"].tolist())]
    extra = {"figure_ids": [(i, *c) for i, c in zip(ids, conflicts)]} if figure_ids else {}
    return pd.DataFrame({
        "id": ids, "source": claims["source"].to_numpy(dtype=object),
        "as_of": claims["as_of"].to_numpy(), "as_of_precision": claims["as_of_precision"].to_numpy(dtype=object),
        "ordered_at": at, "definition": claims["definition"].replace("", None).to_numpy(dtype=object),
        "role": claims["role"].to_numpy(dtype=object), "low": low, "high": high,
        "consistent": consistent, "joint_low": joint_low, "joint_high": joint_high,
        "conflicts_with": conflicts, **extra,
    }, columns=[*JOINT_COLUMNS, *extra])


def _runs(group: np.ndarray) -> list[tuple[int, int]]:
    """(start, stop) of each run of equal values in ``group``."""
    edges = [0, *(np.flatnonzero(group[1:] != group[:-1]) + 1).tolist(), len(group)]
    return list(zip(edges[:-1], edges[1:]))


def _bounds_at(at: np.ndarray, low: np.ndarray, high: np.ndarray, in_set: np.ndarray) -> dict:
    """At each claim's instant: the highest low of the set at or before it, the lowest high at or after it, and
    for a claim outside the set the places of the claims that give those bounds where they exclude it
    (``by_low``, ``by_high``; -1 for none)."""
    n = len(at)
    positions = np.arange(n)
    set_low = np.where(in_set, low, -np.inf)
    set_high = np.where(in_set, high, np.inf)
    rising = np.maximum.accumulate(set_low)
    # the position of the latest claim holding the running highest low, and of the earliest the lowest high
    low_at = np.maximum.accumulate(np.where(in_set & (set_low == rising), positions, -1))
    falling = np.minimum.accumulate(set_high[::-1])[::-1]
    high_at = np.minimum.accumulate(np.where(in_set & (set_high == falling), positions, n)[::-1])[::-1]
    before = np.searchsorted(at, at, side="right") - 1  # the last claim placed at or before each
    after = np.searchsorted(at, at, side="left")       # the first placed at or after it
    joint_low = np.maximum(rising[before], 0.0)
    joint_high = falling[after]
    by_low = np.where(~in_set & (joint_low > high), low_at[before], -1)
    by_high = np.where(~in_set & (joint_high < low), high_at[after], -1)
    return {"joint_low": joint_low, "joint_high": joint_high, "by_low": by_low, "by_high": by_high}


# --- the largest consistent set -------------------------------------------------------

def largest_consistent_set(low: np.ndarray, high: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The largest set of claims, taken in the order given, that one non-decreasing count can pass through.

    ``low`` and ``high`` are the claims' ranges in date order, claims of one
    instant with the highest high first. A set is consistent when no claim in
    it has a low above the high of a claim after it. Returns ``in_set`` (the
    chosen largest set: where sets of its size differ, the one keeping the
    later claim) and ``largest_with`` (for each claim, the size of the largest
    consistent set that holds it). O(n log n).

    The two staircases are Fenwick trees of their steps and their sum a
    segment tree whose adds are never pushed down (an add to a node holds for
    all of it; a maximum adds the adds of the nodes above), all as flat lists
    walked inline: the loop below is the whole cost, some 20-30 us a claim.

    >>> largest_consistent_set(np.array([100., 1000, 200, 300]), np.array([120., 1100, 220, 330]))
    (array([ True, False,  True,  True]), array([3, 2, 3, 3]))
    """
    n = len(low)
    values = np.unique(np.concatenate([low, high]))
    lo, hi = np.searchsorted(values, low), np.searchsorted(values, high)
    m = len(values)
    lo_list, hi_list = lo.tolist(), hi.tolist()
    top = 1 << max(m.bit_length() - 1, 0)

    # A, the largest set so far with every low at most x: a Fenwick tree of its steps (1-based)
    below = [0] * (m + 1)
    opened_stop = [0] * n
    for j in range(n):
        a, b = lo_list[j], hi_list[j]
        i, target = b + 1, 0  # A(b)
        while i > 0:
            target += below[i]
            i -= i & -i
        pos, total, step = 0, 0, top  # the first point where A rises above A(b)
        while step:
            nxt = pos + step
            if nxt <= m and total + below[nxt] <= target:
                pos, total = nxt, total + below[nxt]
            step >>= 1
        opened_stop[j] = pos
        i = a + 1
        while i <= m:
            below[i] += 1
            i += i & -i
        if pos < m:
            i = pos + 1
            while i <= m:
                below[i] -= 1
                i += i & -i
    steps = np.zeros(m + 1, dtype=np.int64)
    np.add.at(steps, lo, 1)
    np.add.at(steps, np.asarray(opened_stop, dtype=np.int64), -1)
    largest = int(steps[:m].sum())

    # A of the claims before j + B of those after j, range add and range maximum; ``pending`` is what was added
    # to a node as a whole, ``tree`` the maximum below a node with the adds at and under it
    size = 1 << max(int(m - 1).bit_length(), 0)
    floor = -(1 << 60)
    leaves = np.full(size, floor, dtype=np.int64)
    leaves[:m] = np.cumsum(steps[:m])
    tree = np.zeros(2 * size, dtype=np.int64)
    tree[size:] = leaves
    level = leaves
    start_at = size
    while start_at > 1:  # each level the maximum of the one under it
        level = np.maximum(level[0::2], level[1::2])
        start_at //= 2
        tree[start_at:2 * start_at] = level
    tree = tree.tolist()
    pending = [0] * (2 * size)

    def add(start: int, stop: int, v: int) -> None:
        if start >= stop:
            return
        left, right = start + size, stop + size - 1
        l, r = left, right + 1
        while l < r:
            if l & 1:
                tree[l] += v
                pending[l] += v
                l += 1
            if r & 1:
                r -= 1
                tree[r] += v
                pending[r] += v
            l >>= 1
            r >>= 1
        while left > 1:  # the two paths up, once they meet one
            left >>= 1
            right >>= 1
            x, y = tree[2 * left], tree[2 * left + 1]
            tree[left] = (x if x > y else y) + pending[left]
            if right != left:
                x, y = tree[2 * right], tree[2 * right + 1]
                tree[right] = (x if x > y else y) + pending[right]

    above = [0] * (m + 1)  # B, mirrored (point m - 1 - x): a Fenwick tree as ``below``
    in_set, largest_with = [False] * n, [largest] * n
    taken, ceiling = 0, m - 1  # claims taken so far (from the end), the lowest high among them
    for j in range(n - 1, -1, -1):
        a, b = lo_list[j], hi_list[j]
        stop = opened_stop[j]
        # take claim j out of A
        i = a + 1
        while i <= m:
            below[i] -= 1
            i += i & -i
        if stop < m:
            i = stop + 1
            while i <= m:
                below[i] += 1
                i += i & -i
        add(a, stop, -1)
        chosen = False
        if a <= ceiling:
            i, below_value = min(ceiling, b) + 1, 0
            while i > 0:
                below_value += below[i]
                i -= i & -i
            if taken + 1 + below_value == largest:
                in_set[j] = chosen = True
                taken, ceiling = taken + 1, min(ceiling, b)
        if not chosen:  # a claim of the chosen set is in a largest set: the largest through it is the largest
            # the largest set through j: 1 + the maximum of A + B over [a, b]
            l, r = a + size, b + 1 + size
            best_left = best_right = floor
            while l < r:
                if l & 1:
                    if tree[l] > best_left:
                        best_left = tree[l]
                    l += 1
                if r & 1:
                    r -= 1
                    if tree[r] > best_right:
                        best_right = tree[r]
                l >>= 1
                r >>= 1
                best_left += pending[l - 1]
                best_right += pending[r]
            p, q = l - 1, r
            while p > 1:
                p >>= 1
                best_left += pending[p]
            while q > 1:
                q >>= 1
                best_right += pending[q]
            largest_with[j] = 1 + (best_left if best_left > best_right else best_right)
        # put claim j into B: one more from m - 1 - b to where B first rises above its value at m - 1 - a
        i, target = m - a, 0
        while i > 0:
            target += above[i]
            i -= i & -i
        pos, total, step = 0, 0, top
        while step:
            nxt = pos + step
            if nxt <= m and total + above[nxt] <= target:
                pos, total = nxt, total + above[nxt]
            step >>= 1
        i = m - b
        while i <= m:
            above[i] += 1
            i += i & -i
        if pos < m:
            i = pos + 1
            while i <= m:
                above[i] -= 1
                i += i & -i
        add(m - pos, b + 1, 1)
    return np.array(in_set, dtype=bool), np.array(largest_with, dtype=np.int64)
