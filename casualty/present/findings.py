"""The findings of the checks, in words: what each check compared and what a flag means.

Present stage. :func:`casualty.analyse.consistency.check_consistency` and
:func:`casualty.analyse.quotes.quote_agreement` return data; this module writes the
sentences a reader sees in the notebooks and the report.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from casualty.analyse.quotes import quote_agreement
from casualty.present.wording import (
    bounds_as_text,
    cite_list,
    claim_text,
    format_date,
    format_number,
    object_array,
    possessive,
    range_text,
    rows_of,
    text_array,
)

#: What a flag from each rule of :func:`casualty.analyse.consistency.check_consistency` means for a reader.
CHECK_MEANINGS = {
    "share_matches_counts": ("a share the source stated does not match the counts it stated with it: the share, "
                             "a count, or the group they describe differs"),
    "part_within_whole": ("a part (killed, wounded, captured, missing) is larger than the total it belongs to, or "
                          "casualties exceed the troops deployed: the figures cannot all describe the same group"),
    "parts_sum_to_total": ("a statement's killed plus wounded does not match its own casualty total: the total "
                           "counts something else, or a figure was misreported"),
    "running_totals_fit_together": ("a running total cannot be met by one rising count together with the largest "
                                    "set of the other claims that can (a count that has happened never falls): it, "
                                    "or the claims that rule it out, counted something else, at another time, or "
                                    "are wrong"),
    "same_date_ranges_overlap": ("two sources describe the same date and their ranges do not overlap even after "
                                 "allowing for each hedge: they cannot both be right about the same thing, so they "
                                 "count different things, people or periods, or at least one is wrong"),
    "quote_agrees": ("the row's number, hedge or definition is not what its own quoted words say: the row was "
                     "coded from other words of the page (its note says which), or it needs correcting"),
}


def quote_summary(agreement: pd.DataFrame, figures: pd.DataFrame) -> str:
    """The counts of :func:`casualty.analyse.quotes.quote_agreement`, and whether the quotes were found in their excerpts.

    >>> import casualty
    >>> from casualty.analyse.quotes import quote_agreement
    >>> figures = casualty.load_figures()
    >>> print(quote_summary(quote_agreement(figures), figures))  # doctest: +ELLIPSIS
    Every quote was found in the stored excerpt of its source (`sources/`), white space, ... Of the 71 rows, 65 ...
    """
    counts = agreement["status"].value_counts()
    ok, flagged, unchecked = (int(counts.get(s, 0)) for s in ("ok", "flag", "unchecked"))
    found = ("Every quote was found in the stored excerpt of its source (`sources/`), white space, typographic "
             "quotes and dashes aside. "
             if figures.attrs.get("sources") else
             "The quotes were not checked against source excerpts: no folder `sources/` is beside the file. ")
    return (found + f"Of the {len(agreement)} rows, {ok} hold their own number, hedge and (for casualty totals and "
            f"shares) what was counted in their quoted words; {flagged} are flagged, their coding departing from "
            f"the quoted words; {unchecked} could not be checked (no number in the quote, or not in English).")


def quote_flags_table(agreement: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """The rows whose coding departs from their quoted words: what the code read, what the row says, and its note.

    >>> from casualty.load.read import load_figures
    >>> from casualty.analyse.quotes import quote_agreement
    >>> figures = load_figures()
    >>> quote_flags_table(quote_agreement(figures), figures)["id"].tolist()[:2]
    ['kontur-casualties', 'ryder-2024-11-04-russia']
    """
    flagged = agreement[agreement["status"] != "ok"]
    rows = figures.set_index("id").loc[flagged["id"]]
    said = np.where(flagged["reason"] == "definition_differs",
                    "counted: " + flagged["definition_found"].replace("", "nothing").to_numpy(),
                    "hedge: " + flagged["hedge_found"].to_numpy())
    coded = np.where(flagged["reason"] == "definition_differs", rows["definition"].astype(str).to_numpy(),
                     rows["qualifier"].astype(str).to_numpy())
    return pd.DataFrame({
        "id": flagged["id"].to_numpy(), "status": flagged["status"].to_numpy(),
        "reason": flagged["reason"].to_numpy(), "the words say": said, "the row says": coded,
        "quote": rows["quote"].to_numpy(), "note": rows["note"].fillna("").to_numpy(),
    })


def checks_table(checks: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """Each check of :func:`casualty.analyse.consistency.check_consistency` as a row people read: the rule, ``ok``
    or ``flag`` and why, what it compared in words (:func:`check_details`) and the figures it compared.

    >>> import casualty
    >>> figures = casualty.load_figures()
    >>> checks_table(casualty.check_consistency(figures), figures).columns.tolist()
    ['rule', 'status', 'reason', 'what was compared', 'figures']
    """
    return pd.DataFrame({
        "rule": checks["rule"].astype(str), "status": checks["status"].astype(str),
        "reason": checks["reason"].astype(object).fillna(""), "what was compared": check_details(checks, figures),
        "figures": checks["figure_ids"],
    }).reset_index(drop=True)


def check_details(checks: pd.DataFrame, figures: pd.DataFrame) -> pd.Series:
    """What each check of :func:`casualty.analyse.consistency.check_consistency` compared and found, in words.

    >>> import casualty
    >>> figures = casualty.load_figures()
    >>> checks = casualty.check_consistency(figures)
    >>> check_details(checks[checks["rule"] == "parts_sum_to_total"], figures).iloc[0]
    'killed about 300 (270-330) + wounded 2,700 (2,700) = 3,000 (2,970-3,030) against casualties more than 3,000 (3,000-3,750) (killed+wounded): consistent'
    """
    details = pd.Series("", index=checks.index, dtype=object)
    figures = _named(checks, figures)
    for rule, words in _DETAILS.items():
        these = checks[checks["rule"] == rule]
        if len(these):
            details[these.index] = np.asarray(words(these, figures), dtype=object)
    return details


def _named(checks: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """The figures the checks name, in file order: every lookup after searches those rows, not every figure."""
    return figures[figures["id"].isin({i for ids in checks["figure_ids"] for i in ids})]


def _figure(figures: pd.DataFrame, checks: pd.DataFrame, position: int) -> pd.DataFrame:
    """The figure at ``position`` of each check's ``figure_ids``, one row per check."""
    ids = [ids[position] for ids in checks["figure_ids"]]
    return figures.set_index("id").loc[ids].reset_index()


def _said(rows: pd.DataFrame) -> np.ndarray:
    """'about 5,000 (4,500-5,500)' for each figure; 'more than 3,000 (3,000 or more)' where the words give no upper
    end (the hedge rule's high is no evidence); '150,000-190,000' where the range is the claim."""
    ranges = range_text(rows).to_numpy()
    claims = claim_text(rows, ranges).to_numpy()
    low, high = bounds_as_text(rows)
    ranges = np.select([rows["high_from"].astype(str).to_numpy() == "open",
                        rows["low_from"].astype(str).to_numpy() == "open"],
                       [low + " or more", "up to " + high], ranges)
    return claims + np.where(claims == ranges, "", " (" + ranges + ")")


def _percent(x) -> np.ndarray:
    return text_array((f"{v * 100:.1f}%" for v in np.asarray(x, dtype="float64")), len(x))


def _definitions_differ(checks: pd.DataFrame) -> np.ndarray:
    pairs = [d or (None, None) for d in checks["definitions"]]
    text = text_array((f"; definitions differ: {a or 'none'} vs {b or 'none'}" for a, b in pairs), len(pairs))
    return np.where(checks["same_definition"].to_numpy() == False, text, "")  # noqa: E712 (object booleans)


def _share_details(checks: pd.DataFrame, figures: pd.DataFrame) -> np.ndarray:
    share = _figure(figures, checks, 0)
    ids = np.asarray([f"{n} / {d}" for _, n, d in checks["figure_ids"]], dtype=object)
    ok = checks["status"].to_numpy() == "ok"
    return (object_array(share["source"].astype(str)) + " stated " + _said(share)
            + "; the counts stated with it give " + ids + " = " + _percent(checks["derived_best"]) + " ("
            + _percent(checks["derived_low"]) + "-" + _percent(checks["derived_high"]) + ")"
            + np.where(ok, ": the ranges overlap", ": the ranges do not overlap") + _definitions_differ(checks))


def _part_details(checks: pd.DataFrame, figures: pd.DataFrame) -> np.ndarray:
    part, whole = _figure(figures, checks, 0), _figure(figures, checks, 1)
    ok = checks["status"].to_numpy() == "ok"
    return (object_array(part["metric"].astype(str)) + " " + _said(part)
            + np.where(ok, " is within ", " is above ") + object_array(whole["metric"].astype(str)) + " "
            + _said(whole) + ", both from " + object_array(part["report"].astype(str)))


def _sum_details(checks: pd.DataFrame, figures: pd.DataFrame) -> np.ndarray:
    killed, wounded, total = (_figure(figures, checks, i) for i in range(3))
    sums = [format_number(checks[c].to_numpy(dtype="float64")).to_numpy() for c in ("derived_best", "derived_low",
                                                                                    "derived_high")]
    ok = checks["status"].to_numpy() == "ok"
    return ("killed " + _said(killed) + " + wounded " + _said(wounded) + " = " + sums[0] + " (" + sums[1] + "-"
            + sums[2] + ") against casualties " + _said(total) + " ("
            + object_array(total["definition"].astype(str)) + ")" + np.where(ok, ": consistent", ": inconsistent"))


def _joint_details(checks: pd.DataFrame, figures: pd.DataFrame) -> np.ndarray:
    claim = _figure(figures, checks, 0)
    ids = checks["figure_ids"].tolist()
    named = _claims_named(figures, {other for _, *others in ids for other in others})
    by = text_array(("; ruled out by " + " and ".join(named[o] for o in others) if others else ""
                     for _, *others in ids), len(ids))
    low, high = (checks[c].to_numpy(dtype="float64") for c in ("derived_low", "derived_high"))
    low_text, high_text = format_number(low).to_numpy(), format_number(np.where(np.isfinite(high), high, 0)).to_numpy()
    bounds = np.select([~np.isfinite(high), low == high], ["at least " + low_text, low_text],
                       low_text + "-" + high_text)
    found = np.select([checks["reason"].to_numpy() == "fits_together", checks["reason"].to_numpy() == "tied_out"],
                      [": it fits the largest consistent set", ": an equally large set holds it, not the one chosen"],
                      ": it fits no largest consistent set")
    # 'Volodymyr Zelenskyy said more than 3,000 (3,000-3,750) casualties as of 2024-12-23': who said it, not who did
    return (object_array(claim["source"].astype(str)) + " said " + _said(claim) + " "
            + object_array(claim["metric"].astype(str)) + " as of "
            + format_date(claim["as_of"], claim["as_of_precision"]).to_numpy()
            + "; the consistent claims allow " + bounds + " then" + found + by)


def _claims_named(figures: pd.DataFrame, ids: set) -> dict[str, str]:
    """Each id as a reader names its claim: "South Korea's Joint Chiefs of Staff's about 1,100 (2024-12-23)"."""
    if not ids:
        return {}
    rows = rows_of(figures, sorted(ids))
    dates = format_date(rows["as_of"], rows["as_of_precision"])
    text = possessive(rows["source"]) + " " + claim_text(rows) + " (" + dates + ")"
    return dict(zip(rows["id"], text))


def _overlap_details(checks: pd.DataFrame, figures: pd.DataFrame) -> np.ndarray:
    a, b = _figure(figures, checks, 0), _figure(figures, checks, 1)
    ok = checks["status"].to_numpy() == "ok"
    pairs = [d or (None, None) for d in checks["definitions"]]
    definitions = text_array((f" (definitions: {x or 'none'} and {y or 'none'})" for x, y in pairs), len(pairs))
    return (object_array(a["metric"].astype(str)) + " on " + format_date(a["as_of"], a["as_of_precision"]).to_numpy() + ": "
            + object_array(a["source"].astype(str)) + " said " + _said(a) + ", "
            + object_array(b["source"].astype(str)) + " said " + _said(b)
            + np.where(ok, ": the ranges overlap", ": the ranges do not overlap")
            + np.where(object_array(a["metric"].astype(str)) == "casualties", definitions, ""))


def _quote_details(checks: pd.DataFrame, figures: pd.DataFrame) -> np.ndarray:
    rows = figures[figures["id"].isin([ids[0] for ids in checks["figure_ids"]])]
    found = quote_agreement(rows).set_index("id").loc[[ids[0] for ids in checks["figure_ids"]]].reset_index()
    row = _figure(figures, checks, 0)
    qualifier = object_array(row["qualifier"].astype(str))
    definition = object_array(row["definition"].astype(object).fillna("none"))
    numbers = object_array(found["numbers_found"].replace("", "none"))
    hedge = np.where(found["hedge_words"] != "", "'" + found["hedge_words"] + "' (" + found["hedge_found"] + ")",
                     "no hedge (exact)")
    counted = np.where(found["definition_found"] == "", "",
                       "; counted words " + np.where(found["counted_words"] != "", "'" + found["counted_words"] + "'",
                                                     "none") + " give " + found["definition_found"]
                       + ", the row says " + definition)
    return np.select(
        [found["reason"] == "no_number", found["reason"] == "not_english", found["number_ok"] == False],  # noqa: E712
        ["not checked: the quote holds no number", "not checked: the quote is not in English",
         "numbers in the quote: " + numbers + "; none is the row's number"],
        "numbers in the quote: " + numbers + "; hedge read: " + hedge + ", the row says " + qualifier + counted)


_DETAILS = {
    "share_matches_counts": _share_details, "part_within_whole": _part_details, "parts_sum_to_total": _sum_details,
    "running_totals_fit_together": _joint_details, "same_date_ranges_overlap": _overlap_details,
    "quote_agrees": _quote_details,
}


def flag_sentences(checks: pd.DataFrame, figures: pd.DataFrame, most: int = 10) -> str:
    """A Markdown account of the flagged checks: what was found, what such a flag means, the figures behind it.

    At most ``most`` flags of each rule are told, in the order of the
    checks; the account says how many more there are. Checks that pass while
    comparing two definitions of casualties are listed after (as many), so that
    no comparison across definitions goes unsaid.

    >>> from casualty.analyse.consistency import check_consistency
    >>> from casualty.load.read import load_figures
    >>> figures = load_figures()
    >>> checks = check_consistency(figures)
    >>> flag_sentences(checks[checks["status"] == "ok"], figures).splitlines()[0]
    'No check is flagged.'
    """
    # positions, and the rows told only: a million checks are not copied to tell ten of each rule
    status = checks["status"]
    flag_at = np.flatnonzero((status == "flag").to_numpy())
    flagged_rules = checks["rule"].iloc[flag_at]
    told = checks.iloc[flag_at[flagged_rules.groupby(flagged_rules, sort=False, observed=True).cumcount().to_numpy()
                               < most]]
    # same_definition holds True, False or None: isin([False]) is == False, without a comparison per row in Python
    mixed_at = np.flatnonzero(((status == "ok") & checks["same_definition"].isin([False])).to_numpy())
    mixed_told = checks.iloc[mixed_at[:most]]
    shown = pd.concat([told, mixed_told])
    named = _named(shown, figures)  # the figures to cite: a few rows, not every figure
    details = check_details(shown, named) if len(shown) else pd.Series(dtype=object)
    # counted as words (``rule`` may be a Categorical), the rules in the order of the checks, as they are told
    flagged_words = flagged_rules.astype(str)
    untold = flagged_words.value_counts().sub(told["rule"].astype(str).value_counts(), fill_value=0).reindex(
        flagged_words.unique()).astype(int)
    parts = []
    for row, detail in zip(told.itertuples(), details[told.index]):  # at most `most` findings a rule: text
        cited = cite_list(rows_of(named, list(row.figure_ids)))
        parts.append(f"**{row.rule}**: {detail}.\n\nWhat this flag means: "
                     f"{CHECK_MEANINGS.get(row.rule, 'see the rule')}. The figures:\n\n{cited}")
    parts += [f"... and {n:,} more flags of **{rule}**, not told here (every check is in `check_consistency`)."
              for rule, n in untold[untold > 0].items()]
    if not len(flag_at):
        parts.append("No check is flagged.")
    if len(mixed_told):
        more = f"\n\n... and {len(mixed_at) - len(mixed_told):,} more." if len(mixed_at) > len(mixed_told) else ""
        parts.append("These checks pass, but compare two definitions of casualties:\n\n"
                     + "\n".join("- **" + mixed_told["rule"].astype(str) + "**: " + details[mixed_told.index] + ".")
                     + more)
    return "\n\n".join(parts)
