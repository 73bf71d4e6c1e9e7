"""Chart 3, the implied casualty rate by source: each claim's casualties as a share of those deployed."""

from __future__ import annotations

import textwrap

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from casualty.analyse import estimates_by_source, focus_subject, headline_report
from casualty.charts.frame import (
    DARK, DEFINITION_LABELS, GREY, LIGHT, MARKERS, claim_words, frame, house_style, new_figure, no_data,
    side_colours, source_line,
)
from casualty.wording import claim_text, format_date


@house_style
def implied_rate_by_source(figures: pd.DataFrame) -> Figure:
    """A forest plot: each claim's casualties as a share of those deployed, with its range."""
    estimates = estimates_by_source(figures, "casualties")
    estimates = estimates[estimates["rate_best"].notna()].sort_values(["as_of", "stated"]).reset_index(drop=True)
    fig, ax = new_figure(height=max(7.4, 4.6 + 0.38 * len(estimates)))  # room for a two-line label per row
    if estimates.empty:
        return no_data(fig, ax, "No casualty claim has a denominator", "no data", estimates)
    colours = side_colours(estimates["side"].astype(str))
    y = np.arange(len(estimates))[::-1]
    for yi, row in zip(y, estimates.itertuples()):  # one line per claim: drawing
        colour = colours[str(row.side)]
        ax.plot([row.rate_low * 100, row.rate_high * 100], [yi, yi], color=colour, linewidth=2.2,
                solid_capstyle="butt", gid=f"rate-range-{row.id}")
        ax.plot([row.rate_best * 100], [yi], marker=MARKERS.get(str(row.definition), "o"), color=colour,
                markersize=7, gid=f"rate-best-{row.id}")
    dated = format_date(estimates["as_of"], figures.set_index("id").loc[estimates["id"], "as_of_precision"]
                        .reset_index(drop=True))
    ax.set_yticks(y, ["\n".join(textwrap.wrap(f"{s}, {d}", 34)) for s, d in
                      zip(estimates["source"].astype(str), dated)], fontsize=8)
    denominators = figures.set_index("id").reindex(estimates["denominator_id"])
    notes = [f"÷ {claim} ({rule})" for claim, rule in zip(
        claim_text(denominators.reset_index()), estimates["denominator_rule"])]
    for yi, note in zip(y, notes):
        ax.annotate(note, xy=(1.01, yi), xycoords=("axes fraction", "data"), fontsize=7.5, va="center",
                    color="#555555")
    subject = focus_subject(figures)
    headline = headline_report(figures, subject)
    share = figures[(figures["report"] == headline) & (figures["metric"] == "casualty_share")]
    if len(share):
        s = share.iloc[0]
        ax.axvspan(s["low"], s["high"], color=LIGHT, alpha=0.6, zorder=0, gid="headline-share")
        ax.axvline(s["value"], color=DARK, linewidth=1, linestyle="--", zorder=1)
        ax.annotate(f"founding report, {s['source']}: {claim_words(s)}", xy=(s["value"], 1.0),
                    xycoords=("data", "axes fraction"), xytext=(-2, 3), textcoords="offset points", fontsize=7.5,
                    color=DARK, va="bottom", ha="left")
    ax.set_xlabel("casualties as a share of troops deployed (%)")
    ax.set_xlim(0, max(estimates["rate_high"].max() * 100 * 1.05, 10))
    ax.grid(axis="y", visible=False)
    def_handles = [matplotlib.lines.Line2D([], [], marker=MARKERS[d], color=GREY, linestyle="none",
                                           label=DEFINITION_LABELS[d])
                   for d in MARKERS if d in set(estimates["definition"].astype(str))]
    low, high = estimates["rate_best"].min() * 100, estimates["rate_best"].max() * 100
    title = (f"Depending on who is counting, {low:.0f}% to {high:.0f}% of the {subject} "
             f"were casualties")
    consensus = denominators[estimates["denominator_rule"].eq("consensus").to_numpy()]
    agreed = (f", {consensus['source'].iloc[0]}'s {claim_words(consensus.reset_index().iloc[0])} of "
              f"{consensus['stated'].iloc[0]:%Y-%m-%d}" if len(consensus) else "")
    subtitle = ("Each row is one claim divided by a deployed figure (right): the source's own where it gave one, "
                f"otherwise the figure most sources agree on{agreed}. Lines: range from the hedges; "
                "marker: best estimate. Period figures are left out.")
    used = figures[figures["id"].isin(set(estimates["id"]) | set(estimates["denominator_id"]))]
    frame(fig, title, subtitle, source_line(used), below_axes=1.25)
    fig.subplots_adjust(left=0.30, right=0.76)
    # the key sits a fixed 0.55 inch under the axes, whatever their height
    below = 0.55 / (ax.get_position().height * fig.get_figheight())
    ax.legend(handles=def_handles, loc="upper left", bbox_to_anchor=(-0.02, -below), ncols=2,
              fontsize=8, title="what was counted", title_fontsize=8, alignment="left")
    return fig
