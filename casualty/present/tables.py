"""Figures as tables and text people read: the summary the command prints and the tables the notebooks show.

Present stage: takes a loaded figures frame and what the analysis derived from
it, formats, never computes. Single figures are worded in :mod:`casualty.present.wording`,
the findings of the checks in :mod:`casualty.present.findings`.
"""

from __future__ import annotations

import shutil
import textwrap

import numpy as np
import pandas as pd

from casualty.load.read import date_end
from casualty.present.wording import (
    cite_text,
    claim_text,
    claims_and_ranges,
    count_bounds_text,
    distinct_rows,
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
    text_array,
)
from casualty.vocabulary import DEFINITIONS, QUALIFIERS, RATIOS


def summary_text(figures: pd.DataFrame, width: int | None = None) -> str:
    """Every figure grouped by subject and metric, one line per claim, its source fitted to ``width`` columns.

    Each line gives the date the figure describes, the claim as worded, its
    range and who made it; a period figure says in brackets how long its
    period was ('[2 days]'), and the last line says so. ``width`` defaults to
    the terminal's (80 where there is none); a long source name is wrapped
    onto lines of its own under the source column, never cut. The date, claim
    and range are never cut either, so at a ``width`` under about 60 a line can
    be wider. Within a
    metric, claims run by the last day the date they describe can mean:
    '2025-01-13', then '2025-01', then '2025'. No figures: 'No figures.'

    >>> from casualty.load.read import load_figures
    >>> print(summary_text(load_figures()).splitlines()[0])
    71 figures from 38 reports by 23 sources, describing 2024-11 to 2025-12
    """
    if figures.empty:
        return "No figures."
    width = width or shutil.get_terminal_size((80, 24)).columns
    # each part of a line is written once for each distinct set of the columns it depends on (a million claims
    # hold a thousand dates, a few thousand periods and a few hundred thousand claims as worded), then put in the
    # order of the lines
    when_at, when_rows = distinct_rows(figures, ["as_of", "as_of_precision"])
    keys = ["subject", "metric", "_end", "as_of", "stated", "line"]
    at = (figures[["subject", "metric", "as_of", "stated", "line"]].reset_index(drop=True)
          .assign(_end=date_end(when_rows["as_of"], when_rows["as_of_precision"]).to_numpy()[when_at])
          .sort_values(keys, kind="stable").index.to_numpy())
    when = ("    " + format_date(when_rows["as_of"], when_rows["as_of_precision"]).str.pad(10, side="right")
            + "  ").to_numpy(dtype=object)
    claim_at, claim_rows = distinct_rows(figures, ["qualifier", "unit", "value", "low", "high"])
    claim, spread = claims_and_ranges(claim_rows)
    spread = spread.where(spread != claim, "")
    claim_width, spread_width = 20, 15
    said = text_array((f"{c:<{claim_width}} {r:<{spread_width}} " for c, r in zip(claim.tolist(), spread.tolist())),
                      len(claim))
    period = figures["window_start"].notna().to_numpy()
    indent = 4 + 10 + 2 + claim_width + 1 + spread_width + 1
    who_at, who = _sources_and_periods(figures, period, width - indent, indent)
    blank = who == ""
    when_at, claim_at, who_at = when_at[at], claim_at[at], who_at[at]

    (subject_at, subjects), (metric_at, metrics), (unit_at, units) = (
        _text_codes(figures[column], at) for column in ("subject", "metric", "unit"))
    new_subject = np.r_[True, subject_at[1:] != subject_at[:-1]][: len(at)]
    new_metric = new_subject | np.r_[True, metric_at[1:] != metric_at[:-1]][: len(at)]
    # each claim's line, after the heading of its subject (a blank line before all but the first) and of its
    # metric; the text is joined from the parts in one go, with no string made for each line
    heads = np.flatnonzero(new_metric)
    heading = np.full(len(at), "", dtype=object)
    heading[heads] = (np.where(new_subject[heads], np.where(heads > 0, "\n", "") + subjects[subject_at[heads]]
                               + "\n", "") + "  " + metrics[metric_at[heads]] + " ("
                      + units[unit_at[heads]] + ")\n")
    parts = np.empty((len(at), 4), dtype=object)
    parts[:, 0], parts[:, 1], parts[:, 2], parts[:, 3] = heading, when[when_at], said[claim_at], (who + "\n")[who_at]
    # a line whose source and period are blank loses the trailing spaces before them too
    blank = blank[who_at]
    if blank.any():
        parts[blank, 1] = pd.Series(parts[blank, 1] + parts[blank, 2], dtype=object).str.rstrip().to_numpy()
        parts[blank, 2] = ""
    # the headline and a blank line, the lines (the last with no line end), and a note when there are periods
    text = parts.ravel().tolist()
    if text:
        text[-1] = text[-1][:-1]
        text.insert(0, "\n")
    text.insert(0, _headline(figures) + "\n")
    if period.any():
        text.append("\n\n[N days] or [N months]: the figure counts only that period, not a running total.")
    return "".join(text)


def _sources_and_periods(figures: pd.DataFrame, period: np.ndarray, room: int,
                         indent: int) -> tuple[np.ndarray, np.ndarray]:
    """Each figure's source and, for a period figure, its period ('Kontur [2 days]'), fitted to ``room``
    columns by wrapping a long source name onto lines of its own, ``indent`` columns in (a source's name is the
    column a reader checks: it is never cut), and trailing spaces stripped: each figure's code and the texts, each
    written once for each source and period as worded."""
    period_at, period_rows = distinct_rows(figures[period], ["window_start", "as_of", "window_start_precision",
                                                             "as_of_precision"])
    # suffix code 0 is no period
    codes, suffixes = pd.factorize(np.r_[[""], (" [" + period_text(period_rows) + "]").to_numpy(dtype=object)])
    suffix_at = np.zeros(len(figures), dtype=np.int64)
    suffix_at[period] = codes[1:][period_at]
    left = (room - pd.Series(suffixes, dtype=object).str.len()).clip(lower=8).to_numpy()
    who_at, who_rows = distinct_rows(figures[["source"]].assign(_suffix=suffix_at), ["source", "_suffix"])
    suffix = who_rows["_suffix"].to_numpy()
    who = text_array((s if len(s) <= r else ("\n" + " " * indent).join(textwrap.wrap(s, r, break_long_words=False))
                      for s, r in zip(who_rows["source"].astype(str).tolist(), left[suffix].tolist())), len(suffix))
    return who_at, text_array((w.rstrip() for w in (who + np.asarray(suffixes, dtype=object)[suffix]).tolist()),
                              len(suffix))


def _text_codes(column: pd.Series, at: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The code of each value at ``at``, the same where values read the same as text, and those texts (as
    ``astype(str)`` writes them), each written once."""
    codes, distinct = pd.factorize(column, use_na_sentinel=False)
    same, texts = pd.factorize(pd.Series(distinct, dtype=column.dtype).astype(str).to_numpy(dtype=object))
    return same[codes[at]], np.asarray(texts, dtype=object)


def _headline(figures: pd.DataFrame) -> str:
    # the first and last dates described, each to the month at most and never more precisely than it was given
    at = figures[["as_of", "as_of_precision"]].reset_index(drop=True)
    ends = at.iloc[[at["as_of"].idxmin(), at["as_of"].idxmax()]]
    first, last = format_date(ends["as_of"], ends["as_of_precision"].astype(str).replace("day", "month")).tolist()
    months = first if first == last else f"{first} to {last}"
    return (f"{_count(len(figures), 'figure')} from {_count(figures['report'].nunique(), 'report')} by "
            f"{_count(figures['source'].nunique(), 'source')}, describing {months}")


def _count(n: int, word: str) -> str:
    """'1 figure', '71 figures', '1,065 figures'."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


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

def overview_text(figures: pd.DataFrame) -> str:
    """One sentence on what was loaded: how many figures, reports, sources and months.

    >>> from casualty.load.read import load_figures
    >>> overview_text(load_figures())
    '71 figures from 38 reports by 23 sources, describing 2024-11 to 2025-12, read from `figures.csv`.'
    """
    name = str(figures.attrs.get("file", "figures")).replace("\\", "/").rsplit("/", 1)[-1]
    return f"{_headline(figures)}, read from `{name}`."


def claims_table(figures: pd.DataFrame, order: str = "subject") -> pd.DataFrame:
    """Every figure as a row people read: what was said, its range, by whom, when, and the words used.

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
        "ratio": ratio, "meaning": meaning, "estimate": format_ratio(ratio, rates["best"]),
        # a force ratio's range reads '7.4-9.1 to 1'; an exact ratio has none
        "range": ratio_range(ratio, rates["low"], rates["best"], rates["high"]),
        "definition": rates["definition"].astype(object).fillna("").reset_index(drop=True),
        # whose figure over whose: one source's own, or one source's figure over another's in the same report
        "sources": ("all " + possessive(numerator_source)).where(same, possessive(numerator_source)
                                                                 + " figure over " + possessive(denominator_source)),
        "numerator": cite_text(rows_of(figures, rates["numerator_id"])),
        "denominator": cite_text(rows_of(figures, rates["denominator_id"])),
        "report": rates["report"].astype(str).reset_index(drop=True),
    })


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
             + "." + whose + " Numerator: " + table["numerator"] + ". Denominator: " + table["denominator"]
             + ". Both from report `" + table["report"] + "`.")
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
