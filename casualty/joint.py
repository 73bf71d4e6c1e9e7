"""What the claims say together: the bounds that every consistent running total allows at each date.

Analyse stage, beside :mod:`casualty.analyse`. A running total never falls, so
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
and a segment tree their sum, or, where the bounds take few distinct values,
three arrays over them. :func:`joint_bounds` needs less: only whether that
largest set is as large as the largest of all. It keeps each staircase as a
sorted list of the points where it steps up and walks only the steps that can
decide, a few binary searches a claim (:func:`_in_largest_sets`).
"""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right, insort
from typing import NamedTuple

import numpy as np
import pandas as pd

from casualty.analyse import focus_subject, plain_figures
from casualty.frames import group_numbers
from casualty.load import date_end, load_figures  # noqa: F401 (load_figures: for the examples)
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

def joint_bounds(figures: pd.DataFrame, metric: str = "casualties", subject: str | None = None,
                 definition: str | None = None, open_ended: bool = False, narrower: bool = False) -> pd.DataFrame:
    """The largest set of running-total claims one rising count can meet, and the bounds it allows at each date.

    One row per running-total claim (no ``window_start``) of ``metric`` about
    ``subject`` (by default :func:`casualty.analyse.focus_subject`), in the
    order of ``ordered_at``:

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
    deaths confirmed by name, under ``killed``). ``open_ended=True``
    drops the highs that the qualifier rule invents for ``more_than`` and
    ``at_least``: such a claim bounds the count from below only. The result's
    ``attrs`` name the ``metric``, ``subject``, ``definition``, ``open_ended``,
    ``narrower`` and ``largest`` (the size of the largest consistent set).

    >>> bounds = joint_bounds(load_figures())
    >>> bounds.attrs["definition"], bounds.attrs["largest"], len(bounds)
    ('killed+wounded', 9, 11)
    >>> bounds.loc[bounds["consistent"] != "yes", ["id", "consistent"]].to_numpy().tolist()
    [['zelenskyy-2024-12-23-casualties', 'tie'], ['nis-2025-01-13-casualties', 'no']]
    """
    subject = subject if subject is not None else (focus_subject(figures) if len(figures) else None)
    plain = plain_figures(figures)
    running = plain[~plain["period"] & (plain["subject"] == subject)]
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
    if metric == "killed" or "killed" in parts:  # deaths confirmed by name are some of the killed
        parts.add("killed_confirmed")
    if not parts:
        return running.iloc[:0].assign(role=pd.Series(dtype=object))
    narrower_definitions = [d for d in running["definition"].dropna().unique()
                            if d != definition and "+" in d and set(d.split("+")) < parts]
    lower = running[((running["metric"] == metric) & running["definition"].isin(narrower_definitions))
                    | running["metric"].isin([p for p in (*CASUALTY_PARTS, "killed_confirmed") if p in parts])]
    return lower.assign(definition=lower["definition"].fillna(""), role="lower bound")


def claim_instants(claims: pd.DataFrame) -> pd.Series:
    """The instant each running-total claim is placed at: its day, or the last day its month or year can mean,
    but never after the day it was stated."""
    end = date_end(claims["as_of"], claims["as_of_precision"])
    return end.where(claims["stated"].isna() | (end <= claims["stated"]), claims["stated"])


def joint_bounds_of(claims: pd.DataFrame, open_ended: bool = False, by: list[str] | None = None,
                    figure_ids: bool = False) -> pd.DataFrame:
    """The joint bounds of claims already chosen: rows of :func:`casualty.analyse.plain_figures` of one metric and
    subject, with ``definition`` blank rather than missing and ``role`` (``range`` or ``lower bound``); the
    columns of :func:`joint_bounds`. With ``by`` (columns of ``claims``), each group of claims that share them is
    solved on its own, the groups in the order of those columns: :func:`casualty.consistency.check_consistency`
    solves every subject, metric and definition in one call (the pandas work once, not once a group). With
    ``figure_ids``, one more column of that name: the claim's id, then ``conflicts_with``, in one tuple."""
    if claims.empty:
        return pd.DataFrame(columns=[*JOINT_COLUMNS, *(["figure_ids"] if figure_ids else [])])
    solved = _solve(claims, open_ended, by)
    ids, by_low, by_high = solved.ids, solved.by_low, solved.by_high
    claims = claims[["source", "as_of", "as_of_precision", "definition", "role"]].iloc[solved.order]
    extra = {"figure_ids": _id_tuples(ids, by_low, by_high, ids)} if figure_ids else {}
    return pd.DataFrame({
        "id": ids, "source": claims["source"].to_numpy(dtype=object),
        "as_of": claims["as_of"].to_numpy(), "as_of_precision": claims["as_of_precision"].to_numpy(dtype=object),
        "ordered_at": solved.at,
        "definition": claims["definition"].replace("", None).to_numpy(dtype=object),
        "role": claims["role"].to_numpy(dtype=object), "low": solved.low, "high": solved.high,
        "consistent": solved.consistent, "joint_low": solved.joint_low, "joint_high": solved.joint_high,
        "conflicts_with": _id_tuples(ids, by_low, by_high), **extra,
    }, columns=[*JOINT_COLUMNS, *extra])


def joint_verdicts(claims: pd.DataFrame, by: list[str],
                   groups: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """What :func:`casualty.consistency.check_consistency` keeps of :func:`joint_bounds_of` with ``by`` and
    ``figure_ids``, in the same order, as arrays: ``figure_ids``, ``consistent``, ``joint_low`` and
    ``joint_high``; without the columns it does not keep (a million running totals: their frame and its second
    column of tuples cost about as much as these). ``groups``: each claim's group of ``by`` as
    :func:`casualty.frames.group_numbers` numbers them, when the caller has them already."""
    if claims.empty:
        return tuple(np.empty(0, dtype=t) for t in (object, object, "float64", "float64"))
    solved = _solve(claims, False, by, groups)
    return (_id_tuples(solved.ids, solved.by_low, solved.by_high, solved.ids), solved.consistent, solved.joint_low,
            solved.joint_high)


class _Solved(NamedTuple):
    """Claims solved by :func:`_solve`, in the order they were solved: ``order`` (their rows), their ``ids``,
    instants, lows and highs (``inf`` for a lower bound), the verdict, the joint bounds at each and the places of
    the claims that give its binding bounds where they rule it out (-1 for none)."""
    order: np.ndarray
    ids: np.ndarray
    at: np.ndarray
    low: np.ndarray
    high: np.ndarray
    consistent: np.ndarray
    joint_low: np.ndarray
    joint_high: np.ndarray
    by_low: np.ndarray
    by_high: np.ndarray


def _solve(claims: pd.DataFrame, open_ended: bool, by: list[str] | None, groups: np.ndarray | None = None) -> _Solved:
    """The work of :func:`joint_bounds_of` on claims not empty, each group of ``by`` (numbered ``groups``) on its
    own."""
    at = claim_instants(claims).to_numpy()
    high = claims["high"].where(claims["role"] == "range", np.inf)
    if open_ended:
        high = high.where(~claims["qualifier"].isin(OPEN_ENDED), np.inf)
    low, high = claims["low"].to_numpy(dtype="float64"), high.to_numpy(dtype="float64")
    group = (groups if groups is not None else group_numbers(claims, by) if by else
             np.zeros(len(claims), dtype=np.int64))
    order = _claim_order(group, at, low, high, claims["id"].to_numpy(dtype=object))
    low, high, at, group = low[order], high[order], at[order], group[order]
    ids = claims["id"].to_numpy(dtype=object)[order]
    n = len(ids)
    edges = [0, *(np.flatnonzero(group[1:] != group[:-1]) + 1).tolist(), n]  # where each group starts
    consistent = np.empty(n, dtype=object)
    joint_low, joint_high = np.empty(n), np.empty(n)
    by_low, by_high = np.empty(n, dtype=np.int64), np.empty(n, dtype=np.int64)
    for start, stop in zip(edges[:-1], edges[1:]):
        part = slice(start, stop)
        in_set, in_some = _largest_set_at(at[part], low[part], high[part])
        consistent[part] = np.where(in_set, "yes", np.where(in_some, "tie", "no"))
        bounds = _bounds_at(at[part], low[part], high[part], in_set)
        joint_low[part], joint_high[part] = bounds["joint_low"], bounds["joint_high"]
        by_low[part] = np.where(bounds["by_low"] >= 0, bounds["by_low"] + start, -1)
        by_high[part] = np.where(bounds["by_high"] >= 0, bounds["by_high"] + start, -1)
    return _Solved(order, ids, at, low, high, consistent, joint_low, joint_high, by_low, by_high)


def _id_tuples(ids: np.ndarray, by_low: np.ndarray, by_high: np.ndarray, own: np.ndarray | None = None) -> np.ndarray:
    """One tuple a claim: its id first if ``own`` is given, then the ids of the claims that give its binding low and
    high where they rule it out (positions in ``ids``, -1 for none). The tuples of each shape are made in one
    pass of ``zip``, not one expression a claim."""
    tuples = np.empty(len(ids), dtype=object)
    has_low, has_high = by_low >= 0, by_high >= 0
    for which, columns in ((has_low & has_high, (by_low, by_high)), (has_low & ~has_high, (by_low,)),
                           (~has_low & has_high, (by_high,)), (~has_low & ~has_high, ())):
        rows = np.flatnonzero(which)
        parts = [ids[c[rows]] for c in columns] if own is None else [own[rows], *(ids[c[rows]] for c in columns)]
        if not parts:
            tuples[rows] = np.fromiter(itertools.repeat((), len(rows)), dtype=object, count=len(rows))
        else:
            tuples[rows] = np.fromiter(zip(*parts), dtype=object, count=len(rows))
    return tuples


def _claim_order(group: np.ndarray, at: np.ndarray, low: np.ndarray, high: np.ndarray,
                 ids: np.ndarray) -> np.ndarray:
    """The order claims are solved in: by group, instant, highest high first, highest low first, then id (the
    ids compared only among claims alike in all the rest, which are few)."""
    order = np.lexsort((-low, -high, at, group))
    keys = (group[order], at[order], low[order], high[order])
    alike = np.logical_and.reduce([k[1:] == k[:-1] for k in keys])  # each sorted claim alike the one before it
    if alike.any():
        tied = np.zeros(len(order), dtype=bool)
        tied[1:] |= alike
        tied[:-1] |= alike
        run = np.cumsum(np.concatenate([[True], ~alike]))[tied]  # the runs of alike claims, in order
        by_id = pd.DataFrame({"run": run, "id": ids[order[tied]]}).sort_values(["run", "id"], kind="stable")
        order[tied] = order[tied][by_id.index.to_numpy()]
    return order


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

def _largest_set_at(at: np.ndarray, low: np.ndarray, high: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The chosen largest consistent set of claims placed at instants ``at`` (sorted), and which claims are in some
    largest set (``in_set``, ``in_some``), solved only where needed.

    A claim that conflicts with no other (no claim at or before it has a low
    above its high, none at or after it a high below its low) is in every
    largest set and constrains no other: only the claims in conflict go through
    the dynamic programme. Most claims of a real series are in no conflict.
    """
    before = np.searchsorted(at, at, side="right") - 1
    after = np.searchsorted(at, at, side="left")
    highest_low = np.maximum.accumulate(low)[before]
    lowest_high = np.minimum.accumulate(high[::-1])[::-1][after]
    conflict = (highest_low > high) | (lowest_high < low)
    in_set, in_some = ~conflict, ~conflict
    if conflict.any():
        low, high = low[conflict], high[conflict]
        values = np.unique(np.concatenate([low, high]))
        lo, hi = np.searchsorted(values, low).tolist(), np.searchsorted(values, high).tolist()
        found = _in_largest_sets(lo, hi, len(values), budget=WORK_PER_CLAIM * len(lo) + 4096)
        if found is None:  # the walks would cost more than the staircases as a whole
            some, through = largest_consistent_set(low, high)
            found = some, through == some.sum()
        in_set[conflict], in_some[conflict] = found
    return in_set, in_some


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
    walked inline: the loop below is the whole cost, some 20-30 us a claim. Claims whose bounds take at most
    :data:`DENSE_VALUES` distinct values (most series: rounded figures share their bounds) keep the staircases as
    whole arrays instead, at some 10 us a claim (:func:`_largest_set_dense`).

    >>> largest_consistent_set(np.array([100., 1000, 200, 300]), np.array([120., 1100, 220, 330]))
    (array([ True, False,  True,  True]), array([3, 2, 3, 3]))
    """
    n = len(low)
    values = np.unique(np.concatenate([low, high]))
    lo, hi = np.searchsorted(values, low), np.searchsorted(values, high)
    m = len(values)
    if m <= DENSE_VALUES:
        return _largest_set_dense(lo.tolist(), hi.tolist(), m)
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


#: Up to this many distinct bounds, the staircases are whole arrays (:func:`_largest_set_dense`).
DENSE_VALUES = 1 << 15


def _largest_set_dense(lo: list[int], hi: list[int], m: int) -> tuple[np.ndarray, np.ndarray]:
    """:func:`largest_consistent_set` of claims whose bounds take few distinct values (``lo``, ``hi``: their
    places among the ``m`` values), with ``A``, ``B`` and their sum kept as whole arrays over the values.

    Each claim costs a few numpy operations over at most :data:`DENSE_VALUES` numbers, in C, where the trees
    cost some hundred steps of Python: claims of rounded figures ('about 4,200') share their bounds, and a
    series of thousands of claims has a few thousand distinct ones. The number of values is capped, so the cost
    stays linear in the claims. Same results as the trees (the tests check both against every subset).
    """
    n = len(lo)
    staircase = np.zeros(m, dtype=np.int64)  # A: non-decreasing over the values
    opened_stop = [0] * n
    for j in range(n):
        a, b = lo[j], hi[j]
        stop = int(staircase.searchsorted(staircase[b], "right"))  # where A first rises above A(b)
        opened_stop[j] = stop
        staircase[a:stop] += 1
    largest = int(staircase[m - 1]) if m else 0
    both = staircase.copy()  # A of the claims before j + B of those after it
    mirror = np.zeros(m, dtype=np.int64)  # B at point m - 1 - x: non-decreasing
    in_set, largest_with = [False] * n, [largest] * n
    taken, ceiling = 0, m - 1
    highest = np.maximum.reduce
    for j in range(n - 1, -1, -1):
        a, b = lo[j], hi[j]
        stop = opened_stop[j]
        both[a:stop] -= 1  # take claim j out of A (A itself is both - B where it is needed)
        chosen = False
        x = min(ceiling, b)
        if a <= ceiling and taken + 1 + int(both[x] - mirror[m - 1 - x]) == largest:
            in_set[j] = chosen = True
            taken, ceiling = taken + 1, min(ceiling, b)
        if not chosen:
            largest_with[j] = 1 + int(highest(both[a:b + 1]))
        # put claim j into B
        stop = int(mirror.searchsorted(mirror[m - 1 - a], "right"))
        mirror[m - 1 - b:stop] += 1
        both[m - stop:b + 1] += 1
    return np.array(in_set, dtype=bool), np.array(largest_with, dtype=np.int64)


#: How many steps past the first, on average, :func:`_in_largest_sets` may walk along a staircase a claim before
#: the whole staircases (:func:`largest_consistent_set`) are cheaper.
WORK_PER_CLAIM = 4


def _in_largest_sets(lo: list[int], hi: list[int], m: int, budget: int) -> tuple[np.ndarray, np.ndarray] | None:
    """The chosen largest consistent set of claims (``lo``, ``hi``: their places among the ``m`` distinct bounds,
    in the order of :func:`largest_consistent_set`), and which claims are in some largest set; ``None`` once more
    than ``budget`` steps along the staircases were needed.

    The staircases are kept as sorted lists of the points where they step up
    (``A(x)`` is how many of ``a_steps`` are at most ``x``; ``B`` mirrored the
    same way), so a claim costs a few binary searches and list edits: adding
    ``[l, h]`` to ``A`` puts a step at ``l`` and takes away the first step
    above ``h``. Whether a claim outside the chosen set is in another largest
    set asks if ``A + B`` reaches ``largest - 1`` somewhere in its range; only
    the steps of ``A`` inside the range can be where it does, and the walk over
    them stops as soon as the answer is known (most claims: at once). The walk
    is not bounded in general (wide ranges over many steps), hence the budget.
    """
    n = len(lo)
    a_steps: list[int] = []
    opened_stop = [m] * n  # where claim j's step of A was closed: the first step above its high
    for j in range(n):
        a, b = lo[j], hi[j]
        k = bisect_right(a_steps, b)
        if k < len(a_steps):
            opened_stop[j] = a_steps[k]
            del a_steps[k]
        insort(a_steps, a)
    largest = len(a_steps)
    goal, last = largest - 1, m - 1
    b_steps: list[int] = []  # B at point x is how many of these are at most last - x
    in_set, in_some = [False] * n, [False] * n
    taken, ceiling = 0, last  # claims taken so far (from the end), the lowest high among them
    for j in range(n - 1, -1, -1):
        a, b = lo[j], hi[j]
        # take claim j out of A: the step it put, back the step it took
        del a_steps[bisect_left(a_steps, a)]
        if opened_stop[j] < m:
            insort(a_steps, opened_stop[j])
        x = ceiling if ceiling < b else b
        if a <= ceiling and taken + 1 + bisect_right(a_steps, x) == largest:
            in_set[j] = in_some[j] = True
            taken, ceiling = taken + 1, x
        else:  # is A + B == largest - 1 somewhere in [a, b]? At a, or at a step of A inside the range
            i = bisect_right(a_steps, a)
            top = bisect_right(a_steps, b, i)  # A(b): A is never more in the range
            b_here = bisect_right(b_steps, last - a)  # B(a), and B falls from there
            best = i + b_here
            while best < goal and top + b_here >= goal:
                k = best - b_here  # the first step where A alone could lift A + B above best
                if k < i:
                    k = i
                if k >= top:
                    break
                x = a_steps[k]
                b_here = bisect_right(b_steps, last - x)
                i = bisect_right(a_steps, x, k)
                if i + b_here > best:
                    best = i + b_here
                budget -= 1
                if budget < 0:
                    return None
            in_some[j] = best == goal
        # put claim j into B, mirrored as A
        k = bisect_right(b_steps, last - a)
        if k < len(b_steps):
            del b_steps[k]
        insort(b_steps, last - b)
    return np.array(in_set, dtype=bool), np.array(in_some, dtype=bool)
