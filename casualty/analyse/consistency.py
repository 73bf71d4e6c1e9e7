"""Claims checked against each other and against their own quoted words.

Analyse stage, beside :mod:`casualty.analyse.claims`: :func:`check_consistency` runs
every rule and returns one row per check, holding what it compared as data
(the figures, a reason code, the definitions compared, the number it derived);
:func:`casualty.present.findings.check_details` words them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from casualty.analyse.claims import STATEMENT, plain_figures, ratios
from casualty.analyse.competing import evidence_bounds, statements
from casualty.analyse.intervals import add_intervals, intervals_overlap
from casualty.analyse.joint import joint_bounds_of
from casualty.analyse.quotes import QUOTE_REASONS, quote_verdicts
from casualty.load.read import load_figures  # noqa: F401 (load_figures: for the examples)
from casualty.vocabulary import CASUALTY_PARTS, CUMULATIVE_METRICS

#: A stated share and the ratio of counts it can be checked against.
SHARE_RATIOS = {"casualty_share": "casualty_rate", "killed_share": "killed_share", "captured_share": "capture_rate"}

CHECK_COLUMNS = ["rule", "figure_ids", "status", "reason", "definitions", "same_definition", "derived_low",
                 "derived_best", "derived_high"]
#: reason code of a check -> what it found. ``quote_agrees`` adds the codes of casualty.analyse.quotes.QUOTE_REASONS.
CHECK_REASONS = {
    "ranges_overlap": "the two ranges overlap", "ranges_apart": "the two ranges do not overlap",
    "within": "the part is within its whole", "above": "the part is above its whole",
    "consistent": "killed + wounded fits the casualty total", "inconsistent": "killed + wounded does not fit it",
    "fits_together": "one rising count can pass through it and every claim of the largest consistent set",
    "tied_out": "a consistent set as large as the chosen one holds it, but the chosen one does not",
    "ruled_out": "no rising count through the largest consistent set passes through it",
    **QUOTE_REASONS,
}

#: The codes of ``rule`` and ``status``; with CHECK_REASONS, the categories of those columns (in alphabetical order,
#: so that sorting, grouping and counting go as they would over the words).
CHECK_RULES = ("share_matches_counts", "part_within_whole", "parts_sum_to_total", "running_totals_fit_together",
               "same_date_ranges_overlap", "quote_agrees")
CHECK_STATUSES = ("ok", "flag", "unchecked")
_CODES = {"rule": pd.CategoricalDtype(sorted(CHECK_RULES)), "status": pd.CategoricalDtype(sorted(CHECK_STATUSES)),
          "reason": pd.CategoricalDtype(sorted(CHECK_REASONS))}

# --- consistency ------------------------------------------------------------

def check_consistency(figures: pd.DataFrame) -> pd.DataFrame:
    """Check claims against each other and against their own words; one row per check.

    Rules: ``share_matches_counts`` (a stated share against the ratio of the
    counts stated with it), ``part_within_whole`` (killed, wounded, captured or
    missing not above the casualties, casualties not above those deployed, in
    one report), ``parts_sum_to_total`` (a statement's killed + wounded against
    its casualty total), ``running_totals_fit_together`` (the running totals
    of one subject, metric and definition against the largest set one rising
    count can pass through: :func:`casualty.analyse.joint.joint_bounds`),
    ``same_date_ranges_overlap`` (claims of one metric and date by different
    sources: each claim against the nearest claim of each other source, each
    pair once) and ``quote_agrees`` (a row against its own
    quoted words: see :func:`casualty.analyse.quotes.quote_agreement`).

    Each row holds what was compared, as data: ``figure_ids`` (the figures, in
    the order the rule names them), ``status`` (``ok`` or ``flag``, or
    ``unchecked`` for a quote with no number or not in English; a flag is a
    finding to read, not an error in the file), ``reason`` (a code of
    :data:`CHECK_REASONS`), ``definitions`` (the two definitions compared,
    where the rule compares two) and ``same_definition``, and ``derived_low``,
    ``derived_best``, ``derived_high`` (the number the rule computed: the
    ratio of the counts for a share, killed + wounded for a sum, the joint
    bounds at a running total's date). For a running total outside the largest
    consistent set, ``figure_ids`` is the claim and then the claims of the set
    that rule it out. The words
    are made by :func:`casualty.present.findings.check_details`.

    ``rule``, ``status`` and ``reason`` are Categoricals of the codes of
    :data:`CHECK_RULES`, :data:`CHECK_STATUSES` and :data:`CHECK_REASONS`
    (their categories in alphabetical order): ``==``, ``isin``, grouping,
    counting and sorting go as over the words; join them to text after
    ``.astype(str)``. ``figure_ids`` and ``definitions`` hold tuples, and
    ``same_definition`` True, False or None.

    >>> checks = check_consistency(load_figures())
    >>> check = checks[checks["rule"] == "parts_sum_to_total"].iloc[0]
    >>> check["status"], check["reason"], float(check["derived_best"])
    ('ok', 'consistent', 3000.0)
    """
    checks = [*_checks(figures), _quote_checks(figures)]
    found = [_coded(c) for c in checks if len(c)]
    if not found:  # nothing to check: no rows, not an error
        found = [_coded(pd.DataFrame(columns=CHECK_COLUMNS))]
    # column by column, each rule's column let go once joined: the rows are held about once, not twice
    return pd.DataFrame({column: pd.concat([c.pop(column) for c in found], ignore_index=True)
                         for column in CHECK_COLUMNS}, copy=False)


def _checks(figures: pd.DataFrame) -> list[pd.DataFrame]:
    """The check rows of every rule but the quote rule's, rule by rule."""
    plain = plain_figures(figures)
    # each statement once, each source's standing figure: relays and revised figures are no second claim
    standing = statements(figures)
    standing = plain_figures(standing[~standing["superseded"] & ~standing["method"].astype(object).eq("projection")])
    # one number for each report and subject: the part and sum rules merge on it
    report_subject = _numbered(plain, ["report", "subject"])
    metric = plain["metric"]
    return [
        _share_checks(figures, plain, metric),
        _part_checks(plain, report_subject, metric, figures.attrs.get("subjects") or {}),
        _sum_checks(plain, report_subject, metric),
        _joint_checks(standing, standing["metric"]),
        _overlap_checks(standing),
    ]


def _numbered(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """One number for each distinct combination of ``columns`` (missing values equal)."""
    return frame.groupby(columns, sort=False, dropna=False).ngroup().to_numpy()


def _coded(checks: pd.DataFrame) -> pd.DataFrame:
    """``checks`` with ``rule``, ``status`` and ``reason`` as Categoricals of their codes; a code not among them is a
    mistake in a rule, and raises rather than becoming a blank."""
    for column, dtype in _CODES.items():
        values = checks[column]
        if values.dtype != dtype:
            unknown = ~values.isin(dtype.categories) & values.notna()
            if unknown.any():
                raise ValueError(f"check {column} {values[unknown].iloc[0]!r} is not one of {list(dtype.categories)}")
            checks[column] = values.astype(dtype)
    return checks


def _code(column: str, value: str) -> int:
    """The Categorical code of ``value`` in ``column`` (``rule``, ``status`` or ``reason``)."""
    return _CODES[column].categories.get_loc(value)


def _check_rows(rule: str, ids: list, ok: np.ndarray, reasons: tuple[str, str],
                definitions: tuple | None = None, derived=None) -> pd.DataFrame:
    """Check rows of one rule: ``reasons`` is (the code when ok, the code when flagged).

    ``ids`` and ``definitions`` are Series or arrays of the figures' ids and definitions, one item a check; or
    ``ids`` is one object array of tuples already made, for a rule whose checks name different numbers of figures.
    ``figure_ids`` holds a tuple of ids a row; ``definitions`` a pair a row, one tuple object for each distinct pair.
    """
    ok = np.asarray(ok, dtype=bool)
    n = len(ok)
    if definitions is None:
        pairs, same = np.full(n, None, dtype=object), np.full(n, None, dtype=object)
    else:
        pairs, same = _definition_pairs(*definitions)
    low, best, high = (np.full(n, np.nan) if derived is None else np.asarray(x, dtype="float64")
                       for x in (derived or (None, None, None)))
    status = np.where(ok, _code("status", "ok"), _code("status", "flag")).astype(np.int8)
    reason = np.where(ok, _code("reason", reasons[0]), _code("reason", reasons[1])).astype(np.int8)
    return pd.DataFrame({
        "rule": pd.Categorical.from_codes(np.full(n, _code("rule", rule), dtype=np.int8), dtype=_CODES["rule"]),
        "figure_ids": ids if isinstance(ids, np.ndarray) else np.fromiter(
            zip(*[np.asarray(i, dtype=object) for i in ids]), dtype=object, count=n),
        "status": pd.Categorical.from_codes(status, dtype=_CODES["status"]),
        "reason": pd.Categorical.from_codes(reason, dtype=_CODES["reason"]),
        "definitions": pairs, "same_definition": same,
        "derived_low": low, "derived_best": best, "derived_high": high,
    }, copy=False)


def _definition_pairs(first, second) -> tuple[np.ndarray, np.ndarray]:
    """Each check's (first, second) definition, None for none, and whether the two are the same (object booleans):
    one tuple for each distinct pair, shared by the rows that hold it."""
    codes, values = zip(*((d.codes, d.categories) if isinstance(d, pd.Categorical) else
                          pd.factorize(pd.Series(d, copy=False)) for d in (first, second)))
    # -1, no definition, is the last value: None
    values = [np.append(np.asarray(v, dtype=object), None) for v in values]
    codes = [np.where(c < 0, len(v) - 1, c) for c, v in zip(codes, values)]
    combined = codes[0].astype(np.int64) * len(values[1]) + codes[1]
    if len(values[0]) * len(values[1]) <= 1 << 16:  # few definitions: every pair numbered, no hashing
        present = np.zeros(len(values[0]) * len(values[1]), dtype=bool)
        present[combined] = True
        pair_codes = np.flatnonzero(present)
        which = np.cumsum(present)[combined] - 1
    else:
        which, pair_codes = pd.factorize(combined)
    a, b = values[0][pair_codes // len(values[1])], values[1][pair_codes % len(values[1])]
    pairs = np.fromiter(zip(a, b), dtype=object, count=len(a))
    same = (a == b).astype(object)
    return pairs[which], same[which]


def _share_checks(figures: pd.DataFrame, plain: pd.DataFrame, metric: pd.Series) -> pd.DataFrame:
    shares = plain[metric.isin(list(SHARE_RATIOS)).to_numpy() & ~plain["period"].to_numpy()].copy()
    if shares.empty:
        return shares
    shares["ratio"] = shares["metric"].map(SHARE_RATIOS)
    # a share is checked against the ratios of its own report: only the reports that state a share are divided
    computed = ratios(figures[figures["report"].isin(shares["report"].unique())])
    pairs = shares.merge(computed, on=["report", "subject", "ratio"], suffixes=("", "_ratio"))
    if pairs.empty:
        return pairs
    share_low, share_high = pairs["low"] / 100, pairs["high"] / 100
    ok = intervals_overlap(share_low, share_high, pairs["low_ratio"], pairs["high_ratio"])
    return _check_rows("share_matches_counts", [pairs["id"], pairs["numerator_id"], pairs["denominator_id"]],
                       ok, ("ranges_overlap", "ranges_apart"), (pairs["definition"], pairs["definition_ratio"]),
                       (pairs["low_ratio"], pairs["best_ratio"], pairs["high_ratio"]))


def _part_checks(plain: pd.DataFrame, report_subject: np.ndarray, metric: pd.Series,
                 tree: dict | None = None) -> pd.DataFrame:
    tree = tree or {}
    keep = ~plain["period"].to_numpy()
    running = plain.loc[keep, ["metric", "id", "low", "high"]]  # what it reads
    running["statement"] = report_subject[keep]
    metric = metric[keep]

    def is_metric(name: str) -> np.ndarray:
        return (metric == name).to_numpy()
    wholes = {"casualties": list(CASUALTY_PARTS), "deployed": ["casualties", *CASUALTY_PARTS]}
    found = []
    for whole, parts in wholes.items():
        pairs = running[metric.isin(parts).to_numpy()].merge(
            running[is_metric(whole)], on="statement", suffixes=("", "_whole"))
        if whole == "deployed":  # a part already checked against its casualty total is not checked again
            has_total = pairs["statement"].isin(running.loc[is_metric("casualties"), "statement"])
            pairs = pairs[(pairs["metric"] == "casualties") | ~has_total]
        found.append(pairs)
    found.append(_subject_parts(plain[keep], tree))
    pairs = pd.concat(found, ignore_index=True)
    if pairs.empty:
        return pairs
    ok = (pairs["low"] <= pairs["high_whole"]).to_numpy()
    return _check_rows("part_within_whole", [pairs["id"], pairs["id_whole"]], ok, ("within", "above"))


def _subject_parts(running: pd.DataFrame, tree: dict) -> pd.DataFrame:
    """Pairs of one report's figures of one metric and date, one about a subject the codebook declares part of
    the other's (``casualty.subjects``: civilians in a province, within its people): the part cannot exceed it.
    One report's own numbers are compared, a count of names or records too; a whole whose high the words leave
    open bounds nothing."""
    parents = {part: record["part_of"] for part, record in tree.items() if record.get("part_of")}
    if not parents:
        return running.iloc[:0]
    # the report's own numbers, less a bound the rule made on an open side
    low, high = evidence_bounds(running, floors=False)
    rows = running[["id", "report", "metric", "as_of", "subject"]].assign(low=low, high=high)
    # every ancestor of each subject: a part of a part is within the whole too
    ancestors = []
    for part in parents:
        at, seen = parents.get(part), set()
        while at and at not in seen:
            ancestors.append((part, at))
            seen.add(at)
            at = parents.get(at)
    links = pd.DataFrame(ancestors, columns=["subject", "whole_subject"])
    parts = rows.merge(links, on="subject")
    pairs = parts.merge(rows.rename(columns={"subject": "whole_subject"}), on=["report", "metric", "as_of",
                                                                             "whole_subject"], suffixes=("", "_whole"))
    return pairs[np.isfinite(pairs["high_whole"].to_numpy(dtype="float64"))]


def _sum_checks(plain: pd.DataFrame, report_subject: np.ndarray, metric: pd.Series) -> pd.DataFrame:
    # killed and wounded of one statement (as casualty.analyse.claims.killed_and_wounded_pairs pairs them), and its total:
    # merged on one number for each statement, and only the columns the rule reads, not every column of the figures
    rest = [c for c in STATEMENT if c not in ("report", "subject")]  # what a statement shares beside those two
    keep = ~plain["period"].to_numpy()
    running = plain.loc[keep, ["id", "low", "best", "high", "definition", *rest]].assign(statement=report_subject[keep])
    running = running.assign(statement=_numbered(running, ["statement", *rest])).drop(columns=rest)
    metric = metric[keep]
    killed, wounded, total = (running[(metric == m).to_numpy()]
                              for m in ("killed", "wounded", "casualties"))
    pairs = killed.merge(wounded, on="statement", suffixes=("_killed", "_wounded")).merge(
        total.rename(columns=lambda c: c if c == "statement" else f"{c}_total"), on="statement")
    if pairs.empty:
        return pairs
    low, best, high = add_intervals(pairs["low_killed"], pairs["best_killed"], pairs["high_killed"],
                                    pairs["low_wounded"], pairs["best_wounded"], pairs["high_wounded"])
    exact_definition = (pairs["definition_total"] == "killed+wounded").to_numpy()
    # a total that also counts captured or missing may exceed killed + wounded, never fall short of it
    ok = np.where(exact_definition, intervals_overlap(low, high, pairs["low_total"], pairs["high_total"]),
                  low <= pairs["high_total"].to_numpy())
    return _check_rows("parts_sum_to_total", [pairs["id_killed"], pairs["id_wounded"], pairs["id_total"]], ok,
                       ("consistent", "inconsistent"), derived=(low, best, high))


def _joint_checks(plain: pd.DataFrame, metric: pd.Series) -> pd.DataFrame:
    running = plain[~plain["period"].to_numpy() & metric.isin(CUMULATIVE_METRICS).to_numpy()]
    running = running.assign(definition=running["definition"].fillna(""), role="range")
    group = ["subject", "metric", "definition"]
    running = running[running.groupby(group)["id"].transform("size").to_numpy() > 1]  # groups of one: no check
    if running.empty:
        return running
    # figure_ids: the claim, then the claims that rule it out, one to three figures a check
    bounds = joint_bounds_of(running, by=group, figure_ids=True)
    verdict = bounds["consistent"].to_numpy()
    checks = _check_rows("running_totals_fit_together", bounds["figure_ids"].to_numpy(), verdict == "yes",
                         ("fits_together", "ruled_out"),
                         derived=(bounds["joint_low"], np.full(len(bounds), np.nan), bounds["joint_high"]))
    checks.loc[verdict == "tie", "reason"] = "tied_out"
    return checks


def _overlap_checks(plain: pd.DataFrame) -> pd.DataFrame:
    """Claims of one metric and date by different sources: each claim against the claim of each other source that
    comes nearest it (one that overlaps it where one does), each pair once, the claim of the source first in
    alphabetical order first. Where each source gives one claim a date, that is every pair; a source with many
    claims on one date adds one pair per claim and other source, not one per two claims."""
    key = ["subject", "metric", "unit", "as_of", "as_of_precision", "window_start"]
    source = pd.factorize(plain["source"], sort=True)[0]  # codes in alphabetical order
    low, high = evidence_bounds(plain)  # a bound the rule made on an open side is no evidence; a floor has no high
    claims = pd.DataFrame({"row": np.arange(len(plain)), "date": _numbered(plain, key), "source": source,
                           "low": low.to_numpy(dtype="float64"), "high": high.to_numpy(dtype="float64")})
    claims["cell"] = claims["date"] * (source.max(initial=0) + 1) + claims["source"]  # a source on a date
    # each claim with each other source of its date
    cells = claims[["date", "source", "cell"]].drop_duplicates()
    pairs = claims.merge(cells, on="date", suffixes=("", "_other"))
    pairs = pairs[pairs["source"] != pairs["source_other"]].sort_values("high", kind="stable")
    if pairs.empty:
        return plain.iloc[:0]
    # each cell's claims by low (ties in the order of the rows): the highest high so far, and the last claim to hold it
    ranked = claims.sort_values(["cell", "low", "row"])
    ranked["top"] = ranked.groupby("cell")["high"].cummax()
    ranked["holder"] = ranked["row"].where(ranked["high"] == ranked["top"]).groupby(ranked["cell"]).ffill()
    ranked = ranked.sort_values("low", kind="stable")
    # of the other source's claims with a low at most the claim's high, the highest high: it overlaps if any does;
    # else the nearer of it and the first claim above
    below = pd.merge_asof(pairs, ranked[["low", "cell", "top", "holder"]].rename(columns={"low": "key"}),
                          left_on="high", right_on="key", left_by="cell_other", right_by="cell",
                          direction="backward", suffixes=("", "_below"))
    above = pd.merge_asof(pairs, ranked[["low", "cell", "row"]].rename(columns={"low": "key", "row": "above"}),
                          left_on="high", right_on="key", left_by="cell_other", right_by="cell",
                          direction="forward", allow_exact_matches=False, suffixes=("", "_above"))
    gap_below = (below["low"] - below["top"]).fillna(np.inf)
    gap_above = (above["key"] - above["high"]).fillna(np.inf)
    take_below = (below["top"] >= below["low"]) | (gap_below <= gap_above)
    nearest = np.where(take_below, below["holder"], above["above"]).astype(np.int64)
    a, a_first = below["row"].to_numpy(), (below["source"] < below["source_other"]).to_numpy()
    found = pd.DataFrame({"first": np.where(a_first, a, nearest), "second": np.where(a_first, nearest, a)})
    found = found.drop_duplicates().sort_values(["first", "second"])  # each pair once, in the order of the rows
    first, second = found["first"].to_numpy(), found["second"].to_numpy()
    low, high = claims["low"].to_numpy(), claims["high"].to_numpy()
    ok = intervals_overlap(low[first], high[first], low[second], high[second])
    ids, definition = plain["id"].to_numpy(dtype=object), pd.Categorical(plain["definition"])
    return _check_rows("same_date_ranges_overlap", [ids[first], ids[second]], ok,
                       ("ranges_overlap", "ranges_apart"), (definition[first], definition[second]))


def _quote_checks(figures: pd.DataFrame) -> pd.DataFrame:
    """The quote rule's rows."""
    if figures.empty:
        return figures.iloc[:0]
    status, reason = quote_verdicts(figures)  # the verdicts alone, not the words read
    checks = _check_rows("quote_agrees", [figures["id"].astype(str)], status == "ok", ("agrees", "agrees"))
    checks["status"], checks["reason"] = status, reason
    return checks
