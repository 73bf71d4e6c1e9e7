"""Figures as text people read: the summary the command prints and the text the notebooks show.

Present stage: takes a loaded figures frame, formats, never computes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from casualty.quotes import quote_agreement
from casualty.vocabulary import DEFINITIONS, FORMATION_SINGULAR, METRICS, RATIOS

# the wording of single figures lives upstream, so analyse can quote figures too; re-exported here
from casualty.wording import (  # noqa: F401
    claim_text,
    claims_as_text,
    dates_as_text,
    format_date,
    format_number,
    numbers_as_text,
    object_array,
    range_text,
    ranges_as_text,
    text_array,
)


def period_text(figures: pd.DataFrame) -> pd.Series:
    """How long a period figure's window is: '2 days', '3 months'; blank for running totals."""
    return pd.Series(_periods(figures), index=figures.index)


def _periods(figures: pd.DataFrame) -> np.ndarray:
    start = np.asarray(figures["window_start"], dtype="datetime64[D]")
    end = np.asarray(figures["as_of"], dtype="datetime64[D]")
    by_day = ((object_array(figures["window_start_precision"]) == "day")
              & (object_array(figures["as_of_precision"]) == "day"))
    has = ~np.isnat(start) & ~np.isnat(end)
    days = (end - start).astype("int64") + 1
    months = (end.astype("datetime64[M]") - start.astype("datetime64[M]")).astype("int64") + 1
    count = np.where(by_day, days, months)
    text = text_array((f"{n} {'day' if d else 'month'}{'' if n == 1 else 's'}"
                     for n, d in zip(count.tolist(), by_day.tolist())), len(count))
    text[~has] = ""
    return text


def summary_text(figures: pd.DataFrame, width: int = 80) -> str:
    """Every figure grouped by subject and metric, one line per claim.

    Each line gives the date the figure describes, the claim as worded, its
    range and who made it; period figures say how long their period was.

    >>> from casualty.load import load_figures
    >>> print(summary_text(load_figures()).splitlines()[0])
    71 figures from 38 reports by 23 sources, describing 2024-11 to 2025-12
    """
    order = figures.sort_values(["subject", "metric", "as_of", "stated", "line"], kind="stable")
    when = format_date(order["as_of"], order["as_of_precision"])
    claim = claim_text(order)
    spread = range_text(order)
    suffix = " [" + period_text(order) + "]"
    suffix = suffix.where(order["window_start"].notna(), "")
    room = (width - 4 - 10 - 2 - 20 - 1 - 15 - 1 - suffix.str.len()).clip(lower=8)
    # shorten long source names so the period, if any, stays visible
    who = [(s if len(s) <= r else s[: r - 3] + "...") + x
           for s, r, x in zip(order["source"].astype(str), room, suffix)]
    rows = ("    " + when.str.pad(10, side="right") + "  " + claim.str.pad(20, side="right") + " "
            + spread.str.pad(15, side="right") + " " + who).to_numpy()

    subjects, metrics = order["subject"].astype(str).to_numpy(), order["metric"].astype(str).to_numpy()
    units = order["unit"].astype(str).to_numpy()
    new_subject = np.r_[True, subjects[1:] != subjects[:-1]]
    new_metric = new_subject | np.r_[True, metrics[1:] != metrics[:-1]]
    out = [_headline(figures), ""]
    for i in range(len(rows)):  # assembling printed lines, not data work
        if new_subject[i]:
            out += ["" if i else None, subjects[i]] if i else [subjects[i]]
        if new_metric[i]:
            out.append(f"  {metrics[i]} ({units[i]})")
        out.append(rows[i].rstrip())
    return "\n".join(line for line in out if line is not None)


def _headline(figures: pd.DataFrame) -> str:
    first, last = figures["as_of"].min(), figures["as_of"].max()
    return (f"{len(figures)} figures from {figures['report'].nunique()} reports by "
            f"{figures['source'].nunique()} sources, describing {first:%Y-%m} to {last:%Y-%m}")


def validation_line(figures: pd.DataFrame, version: str | None = None) -> str:
    """The one line `casualty validate` prints for a good file, naming the data version when there is one."""
    return (f"{figures.attrs.get('file', 'figures')}: valid: {_headline(figures)}"
            + (f"; data version {version}" if version else ""))


def evidence_line(figures: pd.DataFrame) -> str | None:
    """What `casualty validate` says when no source excerpts were there to check the quotes against."""
    if figures.attrs.get("sources"):
        return None
    return (f"{figures.attrs.get('file', 'figures')}: quotes not checked: no folder sources/ of source excerpts "
            "beside the file (casualty validate --strict refuses such a file)")


# --- story helpers: the text the notebooks show ---------------------------------

#: What a flag from each rule of :func:`casualty.analyse.check_consistency` means for a reader.
CHECK_MEANINGS = {
    "share_matches_counts": ("a share the source stated does not match the counts it stated with it: the share, "
                             "a count, or the group they describe differs"),
    "part_within_whole": ("a part (killed, wounded, captured, missing) is larger than the total it belongs to, or "
                          "casualties exceed the troops deployed: the figures cannot all describe the same group"),
    "parts_sum_to_total": ("a statement's killed plus wounded does not match its own casualty total: the total "
                           "counts something else, or a figure was misreported"),
    "running_total_does_not_fall": ("a source's running total fell: it was revised down, or what it counted or "
                                    "whom it counted changed between statements"),
    "same_date_ranges_overlap": ("two sources describe the same date and their ranges do not overlap even after "
                                 "allowing for each hedge: they cannot both be right about the same thing, so they "
                                 "count different things, people or periods, or at least one is wrong"),
    "quote_agrees": ("the row's number, hedge or definition is not what its own quoted words say: the row was "
                     "coded from other words of the page (its note says which), or it needs correcting"),
}


def format_share(x) -> pd.Series:
    """Fractions as percentages with one decimal.

    >>> format_share(pd.Series([0.454545, 0.0004, float("nan")])).tolist()
    ['45.5%', '0.0%', '']
    """
    x = pd.Series(x, dtype="float64")
    return (x * 100).map("{:.1f}%".format).where(x.notna(), "")


def format_ratio(ratio, x) -> pd.Series:
    """A ratio's value as people read it: shares in percent, troops per unit whole, force ratios 'N to 1'.

    >>> format_ratio(["casualty_rate", "troops_per_brigade", "force_ratio"], [0.4545, 3666.7, 8.18]).tolist()
    ['45.5%', '3,667', '8.2 to 1']
    """
    ratio = pd.Series(ratio, dtype=object).reset_index(drop=True)
    x = pd.Series(np.asarray(x, dtype="float64"))
    shares = x.map(lambda v: f"{v * 100:#.2g}%" if 0 < v * 100 < 0.1 else f"{v * 100:.1f}%")
    text = shares.where(~ratio.str.startswith("troops_per_"), format_number(x.round()))
    text = text.where(ratio != "force_ratio", x.map("{:.1f} to 1".format))
    return text.where(x.notna(), "")


def cite_text(figures: pd.DataFrame) -> pd.Series:
    """Each figure with its range, what and whom it counts, who said it and when.

    'about 5,000 (range 4,500-5,500) casualties [North Korean troops in Kursk;
    definition killed+wounded+captured] according to Alexander Kovalenko, as of
    2025-01-31 (stated 2025-02-07 in Kontur)'.

    >>> from casualty.load import load_figures
    >>> figures = load_figures()
    >>> print(cite_text(figures[figures["id"] == "kontur-captured"]).iloc[0])
    2 (stated exactly) captured [North Korean troops in Kursk] according to Kontur, as of 2025-02-07 (stated 2025-02-07 in Kontur)
    """
    return pd.Series(_cites(figures), index=figures.index)


def _cites(figures: pd.DataFrame) -> np.ndarray:
    unit = object_array(figures["unit"])
    low, high = numbers_as_text(figures["low"].to_numpy(dtype="float64"), unit), numbers_as_text(
        figures["high"].to_numpy(dtype="float64"), unit)
    spread = np.where(low != high, "range " + low + "-" + high, "stated exactly")
    one = (figures["best"].to_numpy(dtype="float64") == 1).tolist()
    what = text_array(((METRICS[m].words if m in METRICS else m).replace("{unit}", FORMATION_SINGULAR.get(u, u) if o else u)
                     for m, u, o in zip(_words(figures["metric"]).tolist(), _words(figures["unit"]).tolist(), one)),
                    len(one))
    definition = object_array(figures["definition"])
    about = _words(figures["subject"]) + np.where(pd.isna(definition), "", "; definition " + definition.astype(str))
    as_of = dates_as_text(figures["as_of"], figures["as_of_precision"])
    when = np.where(np.isnat(np.asarray(figures["window_start"], dtype="datetime64[D]")), "as of " + as_of,
                    "over " + _periods(figures) + " to " + as_of)
    stated = dates_as_text(figures["stated"], figures["stated_precision"])
    return (claims_as_text(figures) + " (" + spread + ") " + what + " [" + about + "] according to "
            + _words(figures["source"]) + ", " + when + " (stated " + stated + " in " + _words(figures["outlet"]) + ")")


def _words(column: pd.Series) -> np.ndarray:
    """A column as an object array of strings, missing values as 'nan' (as ``astype(str)`` writes them)."""
    return np.asarray(column.astype(str), dtype=object)


def _rows(figures: pd.DataFrame, ids) -> pd.DataFrame:
    """The figures with these ids, in this order, with a fresh index (each id must be in ``figures``)."""
    at = pd.Index(figures["id"]).get_indexer(ids)
    if (at < 0).any():
        raise KeyError(f"not in the figures: {list(pd.Index(ids)[at < 0])}")
    return figures.take(at).reset_index(drop=True)


def _short_cite(figures: pd.DataFrame) -> pd.Series:
    """'about 15,000 (13,500-16,500) deployed [North Korean troops in Russia] according to ..., as of 2025-04-30'."""
    return (claim_text(figures) + " (" + range_text(figures) + ") " + figures["metric"].astype(str) + " ["
            + figures["subject"].astype(str) + "] according to " + figures["source"].astype(str) + ", as of "
            + format_date(figures["as_of"], figures["as_of_precision"]))


def cite_list(figures: pd.DataFrame) -> str:
    """A Markdown list: one figure a line, cited in full, with its note when it has one.

    >>> from casualty.load import load_figures
    >>> figures = load_figures()
    >>> print(cite_list(figures[figures["id"] == "kontur-captured"]))
    - 2 (stated exactly) captured [North Korean troops in Kursk] according to Kontur, as of 2025-02-07 (stated 2025-02-07 in Kontur). Note: Both were captured on 2025-01-09.
    """
    note = figures["note"].astype(object)
    lines = "- " + cite_text(figures) + (". Note: " + note).where(note.notna(), "")
    return "\n".join(lines)


def overview_text(figures: pd.DataFrame) -> str:
    """One sentence on what was loaded: how many figures, reports, sources and months.

    >>> from casualty.load import load_figures
    >>> overview_text(load_figures())
    '71 figures from 38 reports by 23 sources, describing 2024-11 to 2025-12, read from `figures.csv`.'
    """
    name = str(figures.attrs.get("file", "figures")).replace("\\", "/").rsplit("/", 1)[-1]
    return f"{_headline(figures)}, read from `{name}`."


def quote_summary(agreement: pd.DataFrame, figures: pd.DataFrame) -> str:
    """The counts of :func:`casualty.quotes.quote_agreement`, and whether the quotes were found in their excerpts.

    >>> import casualty
    >>> from casualty.quotes import quote_agreement
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

    >>> from casualty.load import load_figures
    >>> from casualty.quotes import quote_agreement
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


def claims_table(figures: pd.DataFrame, order: str = "subject") -> pd.DataFrame:
    """Every figure as a row people read: what was said, its range, by whom, when, and the words used.

    ``order`` is ``subject`` (by subject, metric, then date, as the summary) or
    ``stated`` (in the order the claims were made).

    >>> from casualty.load import load_figures
    >>> claims_table(load_figures()).columns.tolist()[:5]
    ['subject', 'metric', 'definition', 'claim', 'range']
    """
    keys = {"subject": ["subject", "metric", "as_of", "stated", "line"], "stated": ["stated", "as_of", "line"]}
    rows = figures.sort_values(keys[order], kind="stable")
    table = pd.DataFrame({
        "subject": rows["subject"].astype(str), "metric": rows["metric"].astype(str),
        "definition": rows["definition"].astype(object).fillna(""),
        "claim": claim_text(rows), "range": range_text(rows),
        "as of": format_date(rows["as_of"], rows["as_of_precision"]), "period": period_text(rows),
        "stated": format_date(rows["stated"], rows["stated_precision"]),
        "source": rows["source"].astype(str), "side": rows["side"].astype(str),
        "outlet": rows["outlet"].astype(str), "quote": rows["quote"], "id": rows["id"],
    }).reset_index(drop=True)
    if order == "stated":  # who said what, when: the speaker and the words first
        first = ["stated", "source", "side", "outlet", "quote", "claim", "range", "as of", "period"]
        table = table[first + [c for c in table.columns if c not in first]]
    return table


def qualifier_table() -> pd.DataFrame:
    """The qualifier rule as a table: each hedge word and the range it gives.

    >>> qualifier_table().iloc[1].tolist()
    ['about', 'about, around, approximately, roughly, some, likely about', '[0.9 x value, 1.1 x value]']
    """
    from casualty.vocabulary import QUALIFIERS

    return pd.DataFrame({"qualifier": [q.name for q in QUALIFIERS.values()],
                         "words": [q.wording for q in QUALIFIERS.values()],
                         "range": [q.rule() for q in QUALIFIERS.values()]})


def qualifier_examples(figures: pd.DataFrame) -> pd.DataFrame:
    """The rule at work: for each qualifier used, and each way bounds were set, the first figure in the file.

    ``bounds from`` is ``qualifier`` (the rule filled the range), ``stated`` (the
    source gave the range, which wins) or ``mixed``; ``figures`` counts the rows
    that share the qualifier and ``bounds from``.

    >>> from casualty.load import load_figures
    >>> qualifier_examples(load_figures())[["qualifier", "bounds from"]].iloc[0].tolist()
    ['exact', 'stated']
    """
    from casualty.vocabulary import QUALIFIERS

    rows = figures.sort_values("line")
    qualifier, bounds = rows["qualifier"].astype(str), rows["bounds_from"].astype(str)
    count = rows.groupby([qualifier, bounds], sort=False)["id"].transform("size")
    first = rows.assign(_count=count).drop_duplicates(["qualifier", "bounds_from"])
    first = first.sort_values(["qualifier", "bounds_from"], kind="stable")
    rule = first["qualifier"].astype(str).map(lambda q: QUALIFIERS[q].rule())
    said = first["bounds_from"].astype(str)
    rule = rule.where(said == "qualifier", np.where(said == "stated", "the stated range wins",
                                                    "one bound stated, the other " + rule))
    return pd.DataFrame({
        "qualifier": first["qualifier"].astype(str), "rule": rule, "bounds from": said,
        "quote": first["quote"], "value": format_number(first["value"], first["unit"]),
        "range": range_text(first), "figures": first["_count"],
        "source": first["source"].astype(str), "as of": format_date(first["as_of"], first["as_of_precision"]),
        "id": first["id"],
    }).reset_index(drop=True)


def ratio_table(rates: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """Each ratio of :func:`casualty.analyse.ratios` with its range and the two figures it came from, cited.

    >>> from casualty.analyse import ratios
    >>> from casualty.load import load_figures
    >>> figures = load_figures()
    >>> table = ratio_table(ratios(figures), figures)
    >>> table.loc[table["ratio"] == "force_ratio", ["estimate", "range"]].iloc[0].tolist()
    ['8.2 to 1', '7.4-9.1 to 1']
    """
    ratio = rates["ratio"].astype(str).reset_index(drop=True)
    meaning = ratio.map({name: r.meaning for name, r in RATIOS.items() if "{unit}" not in r.meaning})
    per_unit = RATIOS["troops_per_unit"].meaning.replace("{unit}", "")
    meaning = meaning.where(~ratio.str.startswith("troops_per_"), per_unit + ratio.str.removeprefix("troops_per_"))
    force = (rates["counterpart"].astype(str) + " for each one of the " + rates["subject"].astype(str))
    meaning = meaning.where(ratio != "force_ratio", force.reset_index(drop=True)).fillna(ratio)
    low, high = format_ratio(ratio, rates["low"]), format_ratio(ratio, rates["high"])
    return pd.DataFrame({
        "ratio": ratio, "meaning": meaning, "estimate": format_ratio(ratio, rates["best"]),
        # a force ratio's range reads '7.4-9.1 to 1'
        "range": (low.where(ratio != "force_ratio", low.str.removesuffix(" to 1")) + "-" + high).where(low != high, low),
        "definition": rates["definition"].astype(object).fillna("").reset_index(drop=True),
        "numerator": cite_text(_rows(figures, rates["numerator_id"])),
        "denominator": cite_text(_rows(figures, rates["denominator_id"])),
        "report": rates["report"].astype(str).reset_index(drop=True),
    })


def ratio_sentences(rates: pd.DataFrame, figures: pd.DataFrame) -> str:
    """A Markdown list: each ratio, its range, and the two figures it divides, cited in full.

    >>> from casualty.analyse import ratios
    >>> from casualty.load import load_figures
    >>> figures = load_figures()
    >>> rates = ratios(figures)
    >>> ratio_sentences(rates[rates["ratio"] == "units_destroyed_share"], figures)[:61]
    '- **33.3%** (range 33.3%): formations destroyed as a share of'
    """
    if rates.empty:
        return "No report gives both figures this ratio needs."
    table = ratio_table(rates, figures)
    lines = ("- **" + table["estimate"] + "** (range " + table["range"] + "): " + table["meaning"]
             + ". Numerator: " + table["numerator"] + ". Denominator: " + table["denominator"]
             + ". Both from report `" + table["report"] + "`.")
    return "\n".join(lines)


def check_details(checks: pd.DataFrame, figures: pd.DataFrame) -> pd.Series:
    """What each check of :func:`casualty.analyse.check_consistency` compared and found, in words.

    >>> import casualty
    >>> figures = casualty.load_figures()
    >>> checks = casualty.check_consistency(figures)
    >>> check_details(checks[checks["rule"] == "parts_sum_to_total"], figures).iloc[0]
    'killed about 300 (270-330) + wounded 2,700 (2,700) = 3,000 (2,970-3,030) against casualties more than 3,000 (3,000-3,750) (killed+wounded): consistent'
    """
    details = pd.Series("", index=checks.index, dtype=object)
    for rule, words in _DETAILS.items():
        these = checks[checks["rule"] == rule]
        if len(these):
            details[these.index] = np.asarray(words(these, figures), dtype=object)
    return details


def _figure(figures: pd.DataFrame, checks: pd.DataFrame, position: int) -> pd.DataFrame:
    """The figure at ``position`` of each check's ``figure_ids``, one row per check."""
    ids = [ids[position] for ids in checks["figure_ids"]]
    return figures.set_index("id").loc[ids].reset_index()


def _said(rows: pd.DataFrame) -> np.ndarray:
    """'about 5,000 (4,500-5,500)' for each figure."""
    return claims_as_text(rows) + " (" + ranges_as_text(rows) + ")"


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
    sums = [numbers_as_text(checks[c].to_numpy(dtype="float64")) for c in ("derived_best", "derived_low",
                                                                           "derived_high")]
    ok = checks["status"].to_numpy() == "ok"
    return ("killed " + _said(killed) + " + wounded " + _said(wounded) + " = " + sums[0] + " (" + sums[1] + "-"
            + sums[2] + ") against casualties " + _said(total) + " ("
            + object_array(total["definition"].astype(str)) + ")" + np.where(ok, ": consistent", ": inconsistent"))


def _running_details(checks: pd.DataFrame, figures: pd.DataFrame) -> np.ndarray:
    earlier, later = _figure(figures, checks, 0), _figure(figures, checks, 1)
    found = np.select([checks["reason"].to_numpy() == "dates_unordered", checks["status"].to_numpy() == "ok"],
                      [": the dates cannot be ordered", ": does not fall"], ": falls")
    return (object_array(later["source"].astype(str)) + " " + object_array(later["metric"].astype(str)) + ": "
            + _said(earlier) + " on " + dates_as_text(earlier["as_of"], earlier["as_of_precision"]) + ", then "
            + _said(later) + " on " + dates_as_text(later["as_of"], later["as_of_precision"]) + found
            + _definitions_differ(checks))


def _overlap_details(checks: pd.DataFrame, figures: pd.DataFrame) -> np.ndarray:
    a, b = _figure(figures, checks, 0), _figure(figures, checks, 1)
    ok = checks["status"].to_numpy() == "ok"
    pairs = [d or (None, None) for d in checks["definitions"]]
    definitions = text_array((f" (definitions: {x or 'none'} and {y or 'none'})" for x, y in pairs), len(pairs))
    return (object_array(a["metric"].astype(str)) + " on " + dates_as_text(a["as_of"], a["as_of_precision"]) + ": "
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
    "running_total_does_not_fall": _running_details, "same_date_ranges_overlap": _overlap_details,
    "quote_agrees": _quote_details,
}


def flag_sentences(checks: pd.DataFrame, figures: pd.DataFrame) -> str:
    """A Markdown account of the flagged checks: what was found, what such a flag means, the figures behind it.

    Checks that pass while comparing two definitions of casualties are listed
    after, so that no comparison across definitions goes unsaid.

    >>> from casualty.analyse import check_consistency
    >>> from casualty.load import load_figures
    >>> figures = load_figures()
    >>> checks = check_consistency(figures)
    >>> flag_sentences(checks[checks["status"] == "ok"], figures).splitlines()[0]
    'No check is flagged.'
    """
    details = check_details(checks, figures)
    flagged = checks[checks["status"] == "flag"]
    parts = []
    for row, detail in zip(flagged.itertuples(), details[flagged.index]):  # a handful of findings: text
        cited = cite_list(_rows(figures, list(row.figure_ids)))
        parts.append(f"**{row.rule}**: {detail}.\n\nWhat this flag means: "
                     f"{CHECK_MEANINGS.get(row.rule, 'see the rule')}. The figures:\n\n{cited}")
    if not parts:
        parts.append("No check is flagged.")
    mixed = (checks["status"] == "ok") & (checks["same_definition"] == False)  # noqa: E712 (object booleans)
    if mixed.any():
        parts.append("These checks pass, but compare two definitions of casualties:\n\n"
                     + "\n".join("- **" + checks.loc[mixed, "rule"] + "**: " + details[mixed] + "."))
    return "\n\n".join(parts)


def estimate_table(estimates: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """Each claim of :func:`casualty.analyse.estimates_by_source`: what was said, what it counted, the rate it implies.

    Period figures keep their period and get no rate; ``over`` names the
    deployed figure the rate divides by and ``denominator`` how it was chosen.

    >>> from casualty.analyse import estimates_by_source
    >>> from casualty.load import load_figures
    >>> figures = load_figures()
    >>> table = estimate_table(estimates_by_source(figures), figures).set_index("id")
    >>> table.loc["kontur-kovalenko-casualties", ["rate", "rate range"]].tolist()
    ['45.5%', '37.2%-55.6%']
    """
    by_id = figures.set_index("id")
    claims = _rows(figures, estimates["id"])
    has_den = estimates["denominator_id"].notna().to_numpy()
    den = by_id.reindex(estimates["denominator_id"]).reset_index()
    over = _short_cite(den)
    rate_low, rate_high = format_share(estimates["rate_low"]), format_share(estimates["rate_high"])
    return pd.DataFrame({
        "source": claims["source"].astype(str), "side": claims["side"].astype(str),
        "as of": format_date(claims["as_of"], claims["as_of_precision"]), "period": period_text(claims),
        "stated": format_date(claims["stated"], claims["stated_precision"]),
        "claim": claim_text(claims), "range": range_text(claims),
        "definition": claims["definition"].astype(object).fillna(""),
        "rate": format_share(estimates["rate_best"]).to_numpy(),
        "rate range": (rate_low + "-" + rate_high).where(rate_low != "", "").to_numpy(),
        "over": over.where(has_den, ""), "denominator": estimates["denominator_rule"].fillna("").to_numpy(),
        "id": claims["id"],
    })


def definition_table(figures: pd.DataFrame, metric: str = "casualties") -> pd.DataFrame:
    """What the claims of ``metric`` counted: one row per definition, with who used it and when.

    >>> from casualty.load import load_figures
    >>> definition_table(load_figures())[["definition", "claims"]].values.tolist()[:2]
    [['killed+wounded', 13], ['killed+wounded+captured', 2]]
    """

    claims = figures[figures["metric"] == metric].sort_values(["as_of", "stated", "line"])
    who = (claims["source"].astype(str) + ", as of " + format_date(claims["as_of"], claims["as_of_precision"])
           + ": " + claim_text(claims) + " (" + range_text(claims) + ")"
           + (" over " + period_text(claims)).where(claims["window_start"].notna(), ""))
    grouped = who.groupby(claims["definition"].astype(object), sort=False).agg(["size", "; ".join])
    grouped = grouped.reindex([d for d in DEFINITIONS if d in grouped.index])
    return pd.DataFrame({"definition": grouped.index, "meaning": grouped.index.map({d: definition.meaning for d, definition in DEFINITIONS.items()}),
                         "claims": grouped["size"].to_numpy(), "who said what": grouped["join"].to_numpy()})


def rate_grid(rates: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """Claims down, candidate denominators across: each cell the rate, with its range.

    ``rates`` is what :func:`casualty.analyse.rates_over_denominators` returns.
    Row labels say who claimed what, as of when, and what it counted; column
    labels which deployed figure, of whom, by whom, as of when.

    >>> from casualty.analyse import rates_over_denominators
    >>> from casualty.load import load_figures
    >>> figures = load_figures()
    >>> rates = rates_over_denominators(figures, ["kontur-kovalenko-casualties"], ["nis-2025-04-30-deployed"])
    >>> rate_grid(rates, figures).iloc[0].tolist()
    ['33.3% (30.0%-36.7%)']
    """
    claims = _rows(figures, rates["id"])
    den = _rows(figures, rates["denominator_id"])
    row = (claims["source"].astype(str) + ", as of " + format_date(claims["as_of"], claims["as_of_precision"])
           + ": " + claim_text(claims) + " (" + range_text(claims) + ") ["
           + claims["definition"].astype(object).fillna("") + "]")
    column = ("÷ " + claim_text(den) + " (" + range_text(den) + ") [" + den["subject"].astype(str) + "] "
              + den["source"].astype(str) + ", as of " + format_date(den["as_of"], den["as_of_precision"]))
    cell = (format_share(rates["rate_best"]).to_numpy() + " (" + format_share(rates["rate_low"]).to_numpy() + "-"
            + format_share(rates["rate_high"]).to_numpy() + ")")
    grid = pd.DataFrame({"claim": row, "denominator": column, "cell": cell})
    return (grid.pivot(index="claim", columns="denominator", values="cell")
            .reindex(index=row.unique(), columns=column.unique()).rename_axis(index=None, columns=None))


def spread_sentences(spread: pd.DataFrame, figures: pd.DataFrame) -> str:
    """A Markdown list: for each claim, its lowest and highest rate over the candidate denominators.

    ``spread`` is what :func:`casualty.analyse.rate_spread` returns.

    >>> from casualty.analyse import rate_spread, rates_over_denominators
    >>> from casualty.load import load_figures
    >>> figures = load_figures()
    >>> text = spread_sentences(rate_spread(rates_over_denominators(figures)), figures)
    >>> text.startswith("- ")
    True
    """
    claim = cite_text(_rows(figures, spread["id"]))

    def short(ids: pd.Series) -> pd.Series:
        return _short_cite(_rows(figures, ids))

    lines = ("- " + claim + ": **" + format_share(spread["lowest_best"]) + "** over "
             + short(spread["lowest_denominator_id"]) + ", up to **" + format_share(spread["highest_best"])
             + "** over " + short(spread["highest_denominator_id"]) + "; allowing for every range, "
             + format_share(spread["rate_low"]) + "-" + format_share(spread["rate_high"]) + ".")
    return "\n".join(lines)


def placement_text(placement: pd.DataFrame, figures: pd.DataFrame, claim_id: str) -> str:
    """Markdown: where one claim sits among the others, from :func:`casualty.analyse.place_claim`.

    Lists the other claims by where their ranges lie (below, overlapping,
    above), each with its source, date, range and definition, and says how
    many count the same thing.

    >>> from casualty.analyse import place_claim
    >>> from casualty.load import load_figures
    >>> figures = load_figures()
    >>> placement_text(place_claim(figures, "kontur-captured"), figures, "kontur-captured")[:27]
    '2 (stated exactly) captured'
    """
    claim = _rows(figures, [claim_id])
    others = _rows(figures, placement["id"])
    short = pd.Series("", index=others.index, dtype=object)
    if len(others):  # the formatters need at least one row
        short = (others["source"].astype(str) + ", as of " + format_date(others["as_of"], others["as_of_precision"])
                 + ": " + claim_text(others) + " (" + range_text(others) + "; definition "
                 + others["definition"].astype(object).fillna("none") + ")")
        short = short + np.where(placement["same_report"].to_numpy(), ", read in the same report", "")
    counts = placement["relation"].value_counts()

    def verb(n: int, one: str, many: str) -> str:
        return f"{n} {one if n == 1 else many}"

    same = int(placement["same_definition"].sum())
    head = (f"{cite_text(claim).iloc[0]}. Of the {len(placement)} other running-total claims of "
            f"{claim['metric'].astype(str).iloc[0]} about {claim['subject'].iloc[0]}, "
            f"{verb(counts.get('below', 0), 'lies', 'lie')} wholly below its range, "
            f"{verb(counts.get('overlaps', 0), 'overlaps', 'overlap')} it and "
            f"{verb(counts.get('above', 0), 'lies', 'lie')} wholly above it; "
            f"{verb(same, 'counts', 'count')} the same thing "
            f"({claim['definition'].astype(object).fillna('none').iloc[0]}).")
    earlier, later = placement[placement["when"] == "earlier"], placement[placement["when"] == "later"]

    def tally(rows: pd.DataFrame) -> str:
        n = rows["relation"].value_counts()
        return (f"{verb(n.get('below', 0), 'lies', 'lie')} wholly below it, "
                f"{verb(n.get('overlaps', 0), 'overlaps', 'overlap')} it and {verb(n.get('above', 0), 'lies', 'lie')} "
                f"wholly above it")

    unordered = len(placement) - len(earlier) - len(later)
    head += (f" Of the {len(earlier)} describing an earlier date, {tally(earlier)}; of the {len(later)} describing "
             f"a later date, {tally(later)}"
             + (f"; {verb(unordered, 'describes', 'describe')} a month or year that contains its date, so cannot "
                "be put before or after it." if unordered else "."))
    parts = [head]
    for relation, title in (("below", "Wholly below"), ("overlaps", "Overlapping"), ("above", "Wholly above")):
        mask = (placement["relation"] == relation).to_numpy()
        if mask.any():
            parts.append(f"{title}:\n\n" + "\n".join("- " + short[mask]))
    return "\n\n".join(parts)
