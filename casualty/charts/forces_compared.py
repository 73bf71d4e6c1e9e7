"""Chart 6, forces compared: the troops of the focus subject against another force in the same place."""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from casualty.analyse import ratios, split_subject
from casualty.charts.frame import DARK, GREY, PALETTE, draw_no_data, house_figure, house_style, source_line
from casualty.wording import claim_text


@dataclass(frozen=True, eq=False)
class ForcesComparedChart:
    """What chart 6 shows: two forces' troops in one place, from one report, and how many to one they were."""

    title: str
    subtitle: str
    source_line: str
    #: the two deployed figures, the focus subject's first, each with its ``claim`` as worded
    rows: pd.DataFrame
    #: the force ratio the title states (analyse.ratios): the other force over the focus subject, with its bounds
    ratio: pd.Series | None = None

    @property
    def empty(self) -> bool:
        return self.rows.empty


def prepare_forces_compared(figures: pd.DataFrame) -> ForcesComparedChart:
    """The latest force ratio of analyse.ratios, and the two deployed figures it divides.

    >>> prepare_forces_compared(load_figures()).ratio[["low", "best", "high"]].round(2).tolist()  # doctest: +SKIP
    [7.44, 8.18, 9.09]
    """
    force = ratios(figures)
    force = force[force["ratio"] == "force_ratio"].sort_values("as_of")
    if force.empty:
        return ForcesComparedChart("No report compares two forces in one place", "", source_line(force), force)
    ratio = force.iloc[-1]
    rows = figures.set_index("id").loc[[ratio["denominator_id"], ratio["numerator_id"]]].reset_index()
    rows = rows.assign(claim=claim_text(rows))
    names = split_subject(rows["subject"])
    return ForcesComparedChart(
        title=(f"{names['force'].iloc[1]} outnumbered {names['force'].iloc[0]} in {names['place'].iloc[0]} "
               f"about {ratio['best']:.0f} to 1 ({ratio['low']:.1f} to {ratio['high']:.1f} given the ranges)"),
        subtitle=("Troops sent, as stated in one report. The error bar shows the range of the hedged figure; "
                  "an unhedged figure has none."),
        source_line=source_line(figures[figures["id"].isin(rows["id"])]), rows=rows, ratio=ratio)


@house_style
def draw_forces_compared(ax: Axes, chart: ForcesComparedChart) -> None:
    """Draw the two forces into ``ax`` as bars of troops, each with its range and its claim as worded."""
    if chart.empty:
        draw_no_data(ax)
        return
    bars = chart.rows
    y = np.array([0.0, 1.0])
    best = bars["best"].to_numpy()
    err = [best - bars["low"].to_numpy(), bars["high"].to_numpy() - best]
    ax.barh(y, best, height=0.55, color=[PALETTE[0], GREY], gid="force-bars")
    ranged = bars["high"].to_numpy() > bars["low"].to_numpy()
    ax.errorbar(best[ranged], y[ranged], xerr=[e[ranged] for e in err], fmt="none", ecolor=DARK, capsize=4,
                linewidth=1.2, gid="force-ranges")
    for yi, (b, text) in enumerate(zip(best, bars["claim"])):
        ax.annotate(text, xy=(b, yi), xytext=(10, 0), textcoords="offset points", va="center", fontsize=9)
    ax.set_yticks(y, [str(s) for s in bars["subject"]])
    ax.set_xlabel("troops")
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_xlim(0, bars["high"].max() * 1.2)
    ax.grid(axis="y", visible=False)


def forces_compared(figures: pd.DataFrame) -> Figure:
    """Troops of the focus subject against another force in the same place, from one report."""
    return house_figure(prepare_forces_compared(figures), draw_forces_compared, height=4.4, below_axes=0.5,
                        left=0.26, right=0.95)
