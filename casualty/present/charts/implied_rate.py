"""Chart 3, the implied casualty rate by source: each claim's casualties as a share of those deployed."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import matplotlib
import matplotlib.legend
import matplotlib.patches
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from casualty.analyse.claims import estimates_by_source
from casualty.analyse.competing import statements
from casualty.analyse.focus import headline_report
from casualty.load.read import date_end
from casualty.present.charts.frame import (
    DARK,
    DEFINITION_LABELS,
    GREY,
    LIGHT,
    MARKERS,
    alt_text,
    chosen_subject,
    claim_words,
    date_words,
    draw_no_data,
    house_figure,
    house_style,
    others_text,
    side_colours,
    source_line,
    subjects_with,
)
from casualty.present.wording import agrees, claim_text, counted, format_date, format_share

#: At most this many rows: beyond it, the latest claim of each of the sources with the most claims.
MOST_ROWS = 25


@dataclass(frozen=True, eq=False)
class ImpliedRateChart:
    """What chart 3 shows: each running-total casualty claim divided by a deployed figure, as a rate with its range."""

    title: str
    subtitle: str
    source_line: str
    #: analyse.estimates_by_source's rows that have a rate, by date, with the date each describes as worded
    #: (``dated``) and what it was divided by (``divided_by``: '÷ about 11,000 (same source)')
    rows: pd.DataFrame
    #: the headline report's stated casualty share (analyse.headline_report), drawn behind the rates
    headline_share: pd.Series | None = None
    lowest: float | None = None  # the lowest best rate, in percent, which the title states
    highest: float | None = None  # and the highest
    alt: str = ""

    @property
    def empty(self) -> bool:
        return self.rows.empty


def prepare_implied_rate_by_source(figures: pd.DataFrame, subject: str | None = None) -> ImpliedRateChart:
    """One subject's casualty claims' implied rates (analyse.estimates_by_source), oldest first, and their range.

    Claims run by the last day the date they describe can mean, so that '2025' follows '2025-01-13'.

    >>> chart = prepare_implied_rate_by_source(load_figures())     # doctest: +SKIP
    >>> round(chart.lowest, 1), round(chart.highest, 1)             # doctest: +SKIP
    (5.9, 54.5)
    """
    subject = chosen_subject(figures, subject)
    # a claim is divided by a deployed figure of its own subject: the subject's figures are all it needs
    # each statement once: an outlet relaying a claim is not a second claim
    about = statements(figures[figures["subject"] == subject])
    estimates = estimates_by_source(about, "casualties")
    estimates = estimates[estimates["rate_best"].notna() & (estimates["subject"].astype(str) == subject)]
    if estimates.empty:
        return ImpliedRateChart(f"No casualty claim about {subject} has a deployed figure to divide by", "",
                                source_line(estimates), estimates)
    by_id = about.set_index("id")
    all_estimates = estimates
    precision = by_id.loc[estimates["id"], "as_of_precision"].to_numpy()
    estimates = (estimates.assign(_end=date_end(estimates["as_of"], pd.Series(precision, index=estimates.index)),
                                  _precision=precision)
                 .sort_values(["_end", "as_of", "stated"], kind="stable").reset_index(drop=True))
    estimates, left_out = _fitting_rows(estimates)
    denominators = by_id.reindex(estimates["denominator_id"])
    # 'most sources' figure' where sources agree on one; where the data holds one deployed figure, it is the only one
    deployed = about[(about["metric"] == "deployed") & about["window_start"].isna()]
    agreed_on = "the only deployed figure" if len(deployed) == 1 else "most sources' figure"
    rule_words = {"consensus": agreed_on, "same source": "its own figure"}
    divided_by = [f"÷ {claim} ({rule_words.get(rule, rule)})" for claim, rule in zip(claim_text(denominators.reset_index()),
                                                                estimates["denominator_rule"])]
    rows = estimates.assign(dated=format_date(estimates["as_of"], estimates["_precision"]), divided_by=divided_by)
    headline = headline_report(figures, subject)
    share = about[(about["report"] == headline) & (about["metric"] == "casualty_share")]
    low, high = all_estimates["rate_best"].min() * 100, all_estimates["rate_best"].max() * 100
    low_text, high_text = format_share([low / 100, high / 100]).tolist()
    consensus = denominators[estimates["denominator_rule"].eq("consensus").to_numpy()]
    agreed = (f", {consensus['source'].iloc[0]}'s {claim_words(consensus.reset_index().iloc[0])} as of "
              f"{date_words(consensus.reset_index().iloc[0])}" if len(consensus) else "")
    otherwise = "the only deployed figure" if len(deployed) == 1 else "the figure most sources agree on"
    # more casualties than troops: the deployed figure cannot count everyone who served
    above = (" A rate above 100% means more casualties were claimed than the deployed figure counts: that figure "
             "does not count everyone sent." if high > 100 else "")
    used = about[about["id"].isin(set(estimates["id"]) | set(estimates["denominator_id"]))]
    sources = all_estimates["source"].astype(str).unique()
    if len(sources) == 1:
        title = (f"By {sources[0]}'s claims, {low_text}" + (f" to {high_text}" if high_text != low_text else "")
                 + f" of the {subject} were casualties")
    elif low_text == high_text:
        title = f"Every source's claim puts the casualties among the {subject} at {low_text} of those deployed"
    elif high > 100:  # a share of more than all: the claims outgrew the figure they are divided by
        title = (f"Casualty claims about the {subject} run from {low_text} to {high_text} of the deployed figure they "
                 "are divided by: above 100%, that figure does not count everyone sent")
    else:
        title = f"Depending on who is counting, {low_text} to {high_text} of the {subject} were casualties"
    subtitle = ("Each row is one claim divided by a deployed figure (right): the source's own where it gave one, "
                f"otherwise {otherwise}{agreed}. Lines: the range the claims' words allow; "
                "marker: best estimate. Colour: who made the claim. Period figures are left out." + above
                + left_out + " "
                + others_text(figures, subject, subjects_with(figures, ["casualties", "deployed"])))
    alt = alt_text(f"A forest plot of {counted(len(rows), 'casualty claim')} about {subject}, each as a share of "
                   "those deployed",
                   title, f"The lowest best estimate is {low_text}, the highest {high_text}.", used)
    return ImpliedRateChart(
        title=title, subtitle=subtitle.strip(), source_line=source_line(used), rows=rows,
        headline_share=share.iloc[0] if len(share) else None, lowest=low, highest=high, alt=alt)


def _fitting_rows(estimates: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The rows that fit (all, or the latest claim of each of the sources with the most claims) and the words
    saying what was left out ('' if nothing was).

    ``estimates`` run in date order; so do the rows kept.
    """
    if len(estimates) <= MOST_ROWS:
        return estimates, ""
    counts = estimates["source"].astype(str).value_counts(sort=False)
    # most claims first; a tie goes to the source first in the alphabet, whatever its case: reproducible
    ranked = (counts.rename_axis("source").reset_index(name="n")
              .assign(name=lambda t: t["source"].str.casefold())  # 'unnamed official' between 'T' and 'V'
              .sort_values(["n", "name"], ascending=[False, True], kind="stable"))
    kept_sources = set(ranked["source"].head(MOST_ROWS))
    latest = estimates[~estimates["source"].astype(str).duplicated(keep="last")]
    kept = latest[latest["source"].astype(str).isin(kept_sources)].reset_index(drop=True)
    other_sources = len(counts) - len(kept)
    other_claims = len(estimates) - len(kept)
    words = (f" Only the latest claim of each of the {len(kept)} sources with the most claims is drawn; "
             f"{counted(other_claims, 'other claim')} {agrees(other_claims, 'is', 'are')} not drawn"
             + (f", among them every claim of {counted(other_sources, 'other source')}"
                if other_sources else "") + ".")
    return kept, words


@house_style
def draw_implied_rate_by_source(ax: Axes, chart: ImpliedRateChart) -> None:
    """Draw into ``ax`` one line per claim, from its low to its high rate, with a marker at its best.

    Each row is labelled with its source and date on the left and what it was
    divided by on the right; the key sits a fixed 0.55 inch under the Axes,
    measured when this is called, so lay out the figure first.
    """
    if chart.empty:
        draw_no_data(ax)
        return
    estimates = chart.rows
    colours = side_colours(estimates["side"].astype(str))
    y = np.arange(len(estimates))[::-1]
    for yi, row in zip(y, estimates.itertuples()):  # one line per claim: drawing
        colour = colours[str(row.side)]
        ax.plot([row.rate_low * 100, row.rate_high * 100], [yi, yi], color=colour, linewidth=2.2,
                solid_capstyle="butt", gid=f"rate-range-{row.id}")
        ax.plot([row.rate_best * 100], [yi], marker=MARKERS.get(str(row.definition), "o"), color=colour,
                markersize=7, gid=f"rate-best-{row.id}")
    ax.set_yticks(y, ["\n".join(textwrap.wrap(f"{s}, {d}", 34)) for s, d in
                      zip(estimates["source"].astype(str), estimates["dated"])], fontsize=8)
    for yi, note in zip(y, estimates["divided_by"]):
        ax.annotate(note, xy=(1.01, yi), xycoords=("axes fraction", "data"), fontsize=7.5, va="center",
                    color="#555555")
    s = chart.headline_share
    if s is not None:
        ax.axvspan(s["low"], s["high"], color=LIGHT, alpha=0.6, zorder=0, gid="headline-share")
        ax.axvline(s["value"], color=DARK, linewidth=1, linestyle="--", zorder=1)
        ax.annotate(f"{s['source']}'s stated share, in {s['outlet']}: {claim_words(s)}", xy=(s["value"], 1.0),
                    xycoords=("data", "axes fraction"), xytext=(-2, 3), textcoords="offset points", fontsize=7.5,
                    color=DARK, va="bottom", ha="left")
    ax.set_xlabel("casualties as a share of troops deployed (%)")
    ax.set_xlim(0, max(estimates["rate_high"].max() * 100 * 1.05, 10))
    ax.grid(axis="y", visible=False)
    def_handles = [matplotlib.lines.Line2D([], [], marker=MARKERS[d], color=GREY, linestyle="none",
                                           label=DEFINITION_LABELS[d])
                   for d in MARKERS if d in set(estimates["definition"].astype(str))]
    side_handles = [matplotlib.patches.Patch(color=c, label=side) for side, c in colours.items()]
    below = 0.55 / (ax.get_position().height * ax.figure.get_figheight())
    who = ax.legend(handles=side_handles, loc="upper left", bbox_to_anchor=(-0.45, -below), ncols=2,
                    fontsize=8, title="who claimed it", title_fontsize=8, alignment="left")
    ax.add_artist(who)
    ax.add_artist(matplotlib.legend.Legend(ax, def_handles, [h.get_label() for h in def_handles], loc="upper left",
                                           bbox_to_anchor=(0.45, -below), ncols=2, fontsize=8,
                                           title="what was counted", title_fontsize=8, alignment="left"))


def implied_rate_by_source(figures: pd.DataFrame, subject: str | None = None) -> Figure:
    """A forest plot: each claim's casualties as a share of those deployed, with its range."""
    chart = prepare_implied_rate_by_source(figures, subject)
    # the keys are two columns wide: room under the Axes for their longest, beyond the three lines that always fit
    key_lines = max(chart.rows["side"].astype(str).nunique() if not chart.empty else 0,
                    chart.rows["definition"].astype(str).nunique() if not chart.empty else 0)
    below = 1.45 + 0.17 * max(0, -(-key_lines // 2) - 3)
    return house_figure(chart, draw_implied_rate_by_source,
                        height=max(7.4, 4.6 + 0.38 * len(chart.rows)) + below - 1.45,
                        below_axes=below, left=0.30, right=0.74)  # room for a two-line label per row
