"""Figures as tables and text people read: the tables the notebooks show (the summary is :mod:`casualty.present.summary`).

Present stage: takes a loaded figures frame and what the analysis derived from
it, formats, never computes. Single figures are worded in :mod:`casualty.present.wording`,
the findings of the checks in :mod:`casualty.present.findings`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from casualty.present.wording import (
    cite_text,
    claim_text,
    claims_and_ranges,
    count_bounds_text,
    format_date,
    format_number,
    format_ratio,
    format_share,
    period_text,
    possessive,
    range_text,
    ratio_range,
    rows_of,
    share_range,
    short_cite,
)
from casualty.vocabulary import DEFINITIONS, METHODS, QUALIFIERS, RATIOS


def claims_table(figures: pd.DataFrame, order: str = "subject") -> pd.DataFrame:
    """Every figure as a row people read: what was said, its range, by whom, when, the words used and the page
    they were read on (``url``).

    ``order`` is ``subject`` (by subject, metric, then date, as the summary) or
    ``stated`` (in the order the claims were made).

    >>> from casualty.load.read import load_figures
    >>> claims_table(load_figures()).columns.tolist()[:5]
    ['subject', 'metric', 'definition', 'claim', 'range']
    """
    keys = {"subject": ["subject", "metric", "as_of", "stated", "line"], "stated": ["stated", "as_of", "line"]}
    rows = figures.sort_values(keys[order], kind="stable")
    claim, spread = claims_and_ranges(rows)
    table = pd.DataFrame({
        "subject": rows["subject"].astype(str), "metric": rows["metric"].astype(str),
        "definition": rows["definition"].astype(object).fillna(""),
        "claim": claim, "range": spread,
        "as of": format_date(rows["as_of"], rows["as_of_precision"]), "period": period_text(rows),
        "stated": format_date(rows["stated"], rows["stated_precision"]),
        "source": rows["source"].astype(str), "side": rows["side"].astype(str),
        "outlet": rows["outlet"].astype(str), "quote": rows["quote"], "id": rows["id"],
        "url": rows["url"].fillna(""),
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

    return pd.DataFrame({"qualifier": [q.name for q in QUALIFIERS.values()],
                         "words": [q.wording for q in QUALIFIERS.values()],
                         "range": [q.rule() for q in QUALIFIERS.values()]})


def qualifier_examples(figures: pd.DataFrame) -> pd.DataFrame:
    """The rule at work: for each qualifier used, and each way bounds were set, the first figure in the file.

    ``bounds from`` is ``qualifier`` (the rule filled the range), ``stated`` (the
    source gave the range, which wins) or ``mixed``; ``figures`` counts the rows
    that share the qualifier and ``bounds from``.

    >>> from casualty.load.read import load_figures
    >>> qualifier_examples(load_figures())[["qualifier", "bounds from"]].iloc[0].tolist()
    ['exact', 'stated']
    """

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
    """Each ratio of :func:`casualty.analyse.claims.ratios` with its range and the two figures it came from, cited.

    >>> from casualty.analyse.claims import ratios
    >>> from casualty.load.read import load_figures
    >>> figures = load_figures()
    >>> table = ratio_table(ratios(figures), figures)
    >>> table.loc[table["ratio"] == "force_ratio", ["estimate", "range"]].iloc[0].tolist()
    ['8.2 to 1', '7.4-9.1 to 1']
    >>> table.loc[table["ratio"] == "force_ratio", "sources"].iloc[0]
    "Alexander Kovalenko's figure over South Korean and Western estimates'"
    """
    ratio = rates["ratio"].astype(str).reset_index(drop=True)
    meaning = ratio.map({name: r.meaning for name, r in RATIOS.items() if "{unit}" not in r.meaning})
    per_unit = RATIOS["troops_per_unit"].meaning.replace("{unit}", "")
    meaning = meaning.where(~ratio.str.startswith("troops_per_"), per_unit + ratio.str.removeprefix("troops_per_"))
    force = (rates["counterpart"].astype(str) + " for each one of the " + rates["subject"].astype(str))
    meaning = meaning.where(ratio != "force_ratio", force.reset_index(drop=True)).fillna(ratio)
    numerator_source = rates["source"].astype(str).reset_index(drop=True)
    denominator_source = rates["denominator_source"].astype(str).reset_index(drop=True)
    same = numerator_source == denominator_source
    return pd.DataFrame({
        "ratio": ratio, "meaning": meaning,
        # a count of names or records over an estimate is at least the ratio; an estimate over one, at most
        "estimate": ratio_bound(rates) + format_ratio(ratio, rates["best"]),
        # a force ratio's range reads '7.4-9.1 to 1'; an exact ratio has none; over a floor, one end is no bound
        "range": _bounded_range(ratio, rates),
        "definition": rates["definition"].astype(object).fillna("").reset_index(drop=True),
        # whose figure over whose: one source's own, or one source's figure over another's in the same report
        "sources": ("all " + possessive(numerator_source)).where(same, possessive(numerator_source)
                                                                 + " figure over " + possessive(denominator_source)),
        "numerator": cite_text(rows_of(figures, rates["numerator_id"])),
        "denominator": cite_text(rows_of(figures, rates["denominator_id"])),
        "report": rates["report"].astype(str).reset_index(drop=True),
        "made": made_text(rates),
    })


def _bounded_range(ratio: pd.Series, rates: pd.DataFrame) -> pd.Series:
    """The range of each ratio; where one figure is a floor, only its end that bounds: '1.9% or more'."""
    spread = ratio_range(ratio, rates["low"], rates["best"], rates["high"]).reset_index(drop=True)
    bound = ratio_bound(rates)
    low = format_ratio(ratio, rates["low"], "down", rates["best"]).reset_index(drop=True)
    high = format_ratio(ratio, rates["high"], "up", rates["best"]).reset_index(drop=True)
    spread = spread.where(~((bound == "at least ") & (spread != "")), low + " or more")
    return spread.where(~((bound == "at most ") & (spread != "")), high + " or less")


def ratio_bound(rates: pd.DataFrame) -> pd.Series:
    """'at least ' where only the numerator is a floor (a count of names or records), 'at most ' where only the
    denominator is, else ''."""
    top = rates["numerator_floor"].to_numpy(dtype=bool)
    bottom = rates["denominator_floor"].to_numpy(dtype=bool)
    return pd.Series(np.select([top & ~bottom, bottom & ~top], ["at least ", "at most "], ""), dtype=object)


def made_text(rates: pd.DataFrame) -> pd.Series:
    """How the two figures of each ratio were made, where it bears on the ratio: a floor on either side, or two
    methods; '' where both figures were made the same way and neither is a floor."""
    label = {name: m.label for name, m in METHODS.items()}
    top = rates["numerator_method"].map(label).fillna("").astype(str).reset_index(drop=True)
    bottom = rates["denominator_method"].map(label).fillna("").astype(str).reset_index(drop=True)
    top_floor = rates["numerator_floor"].to_numpy(dtype=bool)
    bottom_floor = rates["denominator_floor"].to_numpy(dtype=bool)
    return pd.Series(np.select(
        [top_floor & bottom_floor, top_floor, bottom_floor, top != bottom],
        ["Both figures are floors (" + top + " over " + bottom + "): the ratio may be higher or lower.",
         "The numerator is a " + top + ", a floor: the ratio can only be higher.",
         "The denominator is a " + bottom + ", a floor: the ratio can only be lower.",
         "Its two figures were made differently: " + top + " over " + bottom + "."], ""), dtype=object)


def ratio_sentences(rates: pd.DataFrame, figures: pd.DataFrame) -> str:
    """A Markdown list: each ratio, its range, and the two figures it divides, cited in full.

    >>> from casualty.analyse.claims import ratios
    >>> from casualty.load.read import load_figures
    >>> figures = load_figures()
    >>> rates = ratios(figures)
    >>> ratio_sentences(rates[rates["ratio"] == "units_destroyed_share"], figures)[:58]
    '- **33%**: formations destroyed as a share of those sent. '
    """
    if rates.empty:
        return "No report gives both figures this ratio needs."
    table = ratio_table(rates, figures)
    ranged = (" (range " + table["range"] + ")").where(table["range"] != "", "")
    # where the two figures are two sources', the sentence says so before citing them
    two = table["sources"].str.contains("'s figure over ", regex=False)
    whose = (" Two sources: " + table["sources"] + ".").where(two, "")
    lines = ("- **" + table["estimate"] + "**" + ranged + ": " + table["meaning"]
             + "." + whose + (" " + table["made"]).where(table["made"] != "", "") + " Numerator: "
             + table["numerator"] + ". Denominator: " + table["denominator"] + ". Both from report `" + table["report"]
             + "`.")
    return "\n".join(lines)


def estimate_table(estimates: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """Each claim of :func:`casualty.analyse.claims.estimates_by_source`: what was said, what it counted, the rate it implies.

    Period figures keep their period and get no rate; ``over`` names the
    deployed figure the rate divides by and ``denominator`` how it was chosen.

    >>> from casualty.analyse.claims import estimates_by_source
    >>> from casualty.load.read import load_figures
    >>> figures = load_figures()
    >>> table = estimate_table(estimates_by_source(figures), figures).set_index("id")
    >>> table.loc["kontur-kovalenko-casualties", ["rate", "rate range"]].tolist()
    ['45%', '37%-56%']
    """
    by_id = figures.set_index("id")
    claims = rows_of(figures, estimates["id"])
    has_den = estimates["denominator_id"].notna().to_numpy()
    den = by_id.reindex(estimates["denominator_id"]).reset_index()
    over = short_cite(den)
    claim, spread = claims_and_ranges(claims)
    return pd.DataFrame({
        "source": claims["source"].astype(str), "side": claims["side"].astype(str),
        "as of": format_date(claims["as_of"], claims["as_of_precision"]), "period": period_text(claims),
        "stated": format_date(claims["stated"], claims["stated_precision"]),
        "claim": claim, "range": spread,
        "definition": claims["definition"].astype(object).fillna(""),
        "rate": format_share(estimates["rate_best"]).to_numpy(),
        "rate range": share_range(estimates["rate_low"], estimates["rate_best"], estimates["rate_high"]).to_numpy(),
        "over": over.where(has_den, ""), "denominator": estimates["denominator_rule"].fillna("").to_numpy(),
        "id": claims["id"],
    })


def definition_table(figures: pd.DataFrame, metric: str = "casualties") -> pd.DataFrame:
    """What the claims of ``metric`` counted: one row per definition, with who used it and when.

    >>> from casualty.load.read import load_figures
    >>> definition_table(load_figures())[["definition", "claims"]].values.tolist()[:2]
    [['killed+wounded', 13], ['killed+wounded+captured', 2]]
    """

    claims = figures[figures["metric"] == metric].sort_values(["as_of", "stated", "line"])
    claim, spread = claims_and_ranges(claims)
    who = (claims["source"].astype(str) + ", as of " + format_date(claims["as_of"], claims["as_of_precision"])
           + ": " + claim + " (" + spread + ")"
           + (" over " + period_text(claims)).where(claims["window_start"].notna(), ""))
    grouped = who.groupby(claims["definition"].astype(object), sort=False).agg(["size", "; ".join])
    grouped = grouped.reindex([d for d in DEFINITIONS if d in grouped.index])
    return pd.DataFrame({"definition": grouped.index, "meaning": grouped.index.map({d: definition.meaning for d, definition in DEFINITIONS.items()}),
                         "claims": grouped["size"].to_numpy(), "who said what": grouped["join"].to_numpy()})


def rate_grid(rates: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """Claims down, candidate denominators across: each cell the rate, with its range.

    ``rates`` is what :func:`casualty.analyse.claims.rates_over_denominators` returns.
    Row labels say who claimed what, as of when, and what it counted; column
    labels which deployed figure, of whom, by whom, as of when.

    >>> from casualty.analyse.claims import rates_over_denominators
    >>> from casualty.load.read import load_figures
    >>> figures = load_figures()
    >>> rates = rates_over_denominators(figures, ["kontur-kovalenko-casualties"], ["nis-2025-04-30-deployed"])
    >>> rate_grid(rates, figures).iloc[0].tolist()
    ['33% (30%-37%)']
    """
    if rates.empty:  # no claim, or no denominator: an empty grid (the formatters need at least one row)
        return pd.DataFrame(index=pd.Index([], dtype=object), columns=pd.Index([], dtype=object))
    claims = rows_of(figures, rates["id"])
    den = rows_of(figures, rates["denominator_id"])
    row = (claims["source"].astype(str) + ", as of " + format_date(claims["as_of"], claims["as_of_precision"])
           + ": " + _claim_and_range(claims) + " ["
           + claims["definition"].astype(object).fillna("") + "]")
    column = ("÷ " + _claim_and_range(den) + " [" + den["subject"].astype(str) + "] "
              + den["source"].astype(str) + ", as of " + format_date(den["as_of"], den["as_of_precision"]))
    spread = share_range(rates["rate_low"], rates["rate_best"], rates["rate_high"]).to_numpy()
    cell = format_share(rates["rate_best"]).to_numpy() + np.where(spread != "", " (" + spread + ")", "")
    # pivoted on the ids (two claims can read the same: a relay, a repeated figure), then labelled
    grid = pd.DataFrame({"claim": rates["id"].to_numpy(), "denominator": rates["denominator_id"].to_numpy(),
                         "cell": cell})
    table = (grid.pivot(index="claim", columns="denominator", values="cell")
             .reindex(index=pd.unique(grid["claim"]), columns=pd.unique(grid["denominator"])))
    labels = dict(zip(grid["claim"], row)), dict(zip(grid["denominator"], column))
    table.index, table.columns = table.index.map(labels[0]), table.columns.map(labels[1])
    return table.rename_axis(index=None, columns=None)


def _claim_and_range(figures: pd.DataFrame) -> pd.Series:
    """'about 5,000 (4,500-5,500)'; an exact figure, or a range claimed as such, without a range after it."""
    claim, spread = claims_and_ranges(figures)
    return claim + (" (" + spread + ")").where(spread != claim, "").where(figures["low"] != figures["high"], "")


def spread_sentences(spread: pd.DataFrame, figures: pd.DataFrame) -> str:
    """A Markdown list: for each claim, its lowest and highest rate over the candidate denominators.

    ``spread`` is what :func:`casualty.analyse.claims.rate_spread` returns.

    >>> from casualty.analyse.claims import rate_spread, rates_over_denominators
    >>> from casualty.load.read import load_figures
    >>> figures = load_figures()
    >>> text = spread_sentences(rate_spread(rates_over_denominators(figures)), figures)
    >>> text.startswith("- ")
    True
    """
    claim = cite_text(rows_of(figures, spread["id"]))

    def short(ids: pd.Series) -> pd.Series:
        return short_cite(rows_of(figures, ids))

    lines = ("- " + claim + ": **" + format_share(spread["lowest_best"]) + "** over "
             + short(spread["lowest_denominator_id"]) + ", up to **" + format_share(spread["highest_best"])
             + "** over " + short(spread["highest_denominator_id"]) + "; allowing for every range, "
             + format_share(spread["rate_low"], "down", like=spread["lowest_best"]) + "-"
             + format_share(spread["rate_high"], "up", like=spread["highest_best"]) + ".")
    return "\n".join(lines)


def placement_text(placement: pd.DataFrame, figures: pd.DataFrame, claim_id: str) -> str:
    """Markdown: where one claim sits among the others, from :func:`casualty.analyse.claims.place_claim`.

    Lists the other claims by where their ranges lie (below, overlapping,
    above), each with its source, date, range and definition, and says how
    many count the same thing.

    >>> from casualty.analyse.claims import place_claim
    >>> from casualty.load.read import load_figures
    >>> figures = load_figures()
    >>> placement_text(place_claim(figures, "kontur-captured"), figures, "kontur-captured")[:28]
    '2 captured [North Korean tro'
    """
    claim = rows_of(figures, [claim_id])
    others = rows_of(figures, placement["id"])
    short = pd.Series("", index=others.index, dtype=object)
    if len(others):  # the formatters need at least one row
        said, spread = claims_and_ranges(others)
        short = (others["source"].astype(str) + ", as of " + format_date(others["as_of"], others["as_of_precision"])
                 + ": " + said + " (" + spread + "; definition "
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


def together_table(bounds: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """:func:`casualty.analyse.joint.joint_bounds` as a table to read: each claim, whether it fits, what the count can
    have been at its date, and the claims that rule it out.

    Columns: ``claim`` (its id), ``source``, ``as of`` (the date it
    describes), ``placed at`` (the day it is ordered at), ``claim`` as worded
    (``said``), ``range``, ``fits`` (yes, tie or no), ``allowed then`` (the
    joint bounds) and ``ruled out by``.
    """
    rows = rows_of(figures, bounds["id"].tolist())
    return pd.DataFrame({
        "claim": bounds["id"].to_numpy(), "source": bounds["source"].to_numpy(),
        "as of": format_date(rows["as_of"], rows["as_of_precision"]).to_numpy(),
        "placed at": pd.to_datetime(bounds["ordered_at"]).dt.strftime("%Y-%m-%d").to_numpy(),
        "said": claim_text(rows).to_numpy(), "range": count_bounds_text(bounds["low"], bounds["high"]),
        "fits": bounds["consistent"].to_numpy(),
        "allowed then": count_bounds_text(bounds["joint_low"], bounds["joint_high"]),
        "ruled out by": [", ".join(ids) for ids in bounds["conflicts_with"]],
    })
