"""Chart 6, forces compared: the troops of the focus subject against another force in the same place."""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from casualty.analyse import ratios, split_subject
from casualty.charts.frame import DARK, GREY, PALETTE, frame, house_style, new_figure, no_data, source_line
from casualty.wording import claim_text


@house_style
def forces_compared(figures: pd.DataFrame) -> Figure:
    """Troops of the focus subject against another force in the same place, from one report."""
    force = ratios(figures)
    force = force[force["ratio"] == "force_ratio"].sort_values("as_of")
    fig, ax = new_figure(height=4.4)
    if force.empty:
        return no_data(fig, ax, "No report compares two forces in one place", "no data", force)
    row = force.iloc[-1]
    by_id = figures.set_index("id")
    bars = by_id.loc[[row["denominator_id"], row["numerator_id"]]].reset_index()
    y = np.array([0.0, 1.0])
    best = bars["best"].to_numpy()
    err = [best - bars["low"].to_numpy(), bars["high"].to_numpy() - best]
    ax.barh(y, best, height=0.55, color=[PALETTE[0], GREY], gid="force-bars")
    ranged = bars["high"].to_numpy() > bars["low"].to_numpy()
    ax.errorbar(best[ranged], y[ranged], xerr=[e[ranged] for e in err], fmt="none", ecolor=DARK, capsize=4,
                linewidth=1.2, gid="force-ranges")
    for yi, (b, text) in enumerate(zip(best, claim_text(bars))):
        ax.annotate(text, xy=(b, yi), xytext=(10, 0), textcoords="offset points", va="center", fontsize=9)
    ax.set_yticks(y, [str(s) for s in bars["subject"]])
    ax.set_xlabel("troops")
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_xlim(0, bars["high"].max() * 1.2)
    ax.grid(axis="y", visible=False)
    names = split_subject(bars["subject"])
    title = (f"{names['force'].iloc[1]} outnumbered {names['force'].iloc[0]} in {names['place'].iloc[0]} "
             f"about {row['best']:.0f} to 1 ({row['low']:.1f} to {row['high']:.1f} given the ranges)")
    subtitle = ("Troops sent, as stated in one report. The error bar shows the range of the hedged figure; "
                "an unhedged figure has none.")
    frame(fig, title, subtitle, source_line(figures[figures["id"].isin(bars["id"])]), below_axes=0.5)
    fig.subplots_adjust(left=0.26, right=0.95)
    return fig
