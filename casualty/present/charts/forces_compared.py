"""Chart 6, forces compared: the troops of the focus subject against another force in the same place."""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from casualty.analyse.claims import ratios
from casualty.analyse.focus import split_subject
from casualty.present.charts.frame import (
    DARK,
    GREY,
    PALETTE,
    alt_text,
    chosen_subject,
    date_words,
    draw_no_data,
    house_figure,
    house_style,
    source_line,
)
from casualty.present.wording import claim_text, format_ratio, possessive, ratio_range


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
    alt: str = ""

    @property
    def empty(self) -> bool:
        return self.rows.empty


def prepare_forces_compared(figures: pd.DataFrame, subject: str | None = None) -> ForcesComparedChart:
    """The latest force ratio of analyse.ratios, and the two deployed figures it divides.

    The subject is ``subject``, else the focus subject; where no report sets
    another force beside it (and none was asked for), the subject with the most
    figures among those some report does.

    >>> prepare_forces_compared(load_figures()).ratio[["low", "best", "high"]].round(2).tolist()  # doctest: +SKIP
    [7.44, 8.18, 9.09]
    """
    asked = subject
    subject = chosen_subject(figures, subject)
    force = _force_ratios(figures, subject)
    if force.empty and asked is None:
        other = _any_compared_subject(figures)
        if other is not None:
            subject = other
            force = _force_ratios(figures, subject)
    if force.empty:
        return ForcesComparedChart(f"No report sets the troops of {subject} beside another force in the same place"
                                   if asked else "No report gives the troops of two forces in the same place", "",
                                   source_line(figures.iloc[:0]), force)
    ratio = force.sort_values(["stated", "as_of"]).iloc[-1]
    used = figures[figures["id"].isin([ratio["denominator_id"], ratio["numerator_id"]])]
    rows = used.set_index("id").loc[[ratio["denominator_id"], ratio["numerator_id"]]].reset_index()
    rows = rows.assign(claim=claim_text(rows))
    names = split_subject(rows["subject"])
    own, other = rows.iloc[0], rows.iloc[1]
    best = format_ratio(["force_ratio"], [ratio["best"]]).iloc[0]
    spread = ratio_range(["force_ratio"], [ratio["low"]], [ratio["best"]], [ratio["high"]]).iloc[0]
    theirs, ours = possessive([other["source"], own["source"]]).tolist()
    whose = f"by {theirs} figures" if other["source"] == own["source"] else f"by {theirs} figure and {ours}"
    verb = "outnumbered" if ratio["best"] > 1 else "were outnumbered by" if ratio["best"] < 1 else "matched"
    title = (f"{names['force'].iloc[1]} {verb} {names['force'].iloc[0]} in {names['place'].iloc[0]} about {best}, "
             f"{whose}" if verb != "were outnumbered by" else
             f"{names['force'].iloc[1]} were outnumbered by {names['force'].iloc[0]} in {names['place'].iloc[0]}, "
             f"{best}, {whose}")
    subtitle = (f"{other['source']}: {other['claim']} {other['subject']} (as of {date_words(other)}); "
                f"{own['source']}: {own['claim']} {own['subject']} (as of {date_words(own)}); both in one report "
                f"({own['outlet']}, {ratio['stated']:%Y-%m-%d})."
                + (" The two figures describe different dates." if date_words(other) != date_words(own) else "")
                + (f" Given the ranges, {spread}." if spread else "")
                + " The error bar is a hedged figure's range; an unhedged figure has none.")
    alt = alt_text(f"A bar chart of the troops of two forces in {names['place'].iloc[0]}", title, subtitle, used)
    return ForcesComparedChart(title=title, subtitle=subtitle, source_line=source_line(used), rows=rows,
                               ratio=ratio, alt=alt)


def _force_ratios(figures: pd.DataFrame, subject: str) -> pd.DataFrame:
    """analyse.ratios' force ratios of ``subject``, worked out among the deployed figures of the reports that give
    its troops: a force ratio's two figures are of one such report, so no other figure can make one."""
    deployed = figures[figures["metric"] == "deployed"]
    within = deployed[deployed["report"].isin(deployed.loc[deployed["subject"] == subject, "report"].unique())]
    force = ratios(within, focus=subject)
    return force[force["ratio"] == "force_ratio"]


def _any_compared_subject(figures: pd.DataFrame) -> str | None:
    """The subject with the most figures among those whose troops a report sets beside another force's in the
    same place; None where no report does."""
    deployed = figures[(figures["metric"] == "deployed") & figures["window_start"].isna()]
    deployed = deployed[["report", "subject"]].astype(str).drop_duplicates()
    deployed = deployed.join(split_subject(deployed["subject"]))
    deployed = deployed[deployed["place"] != ""]
    pairs = deployed.merge(deployed, on=["report", "place"])
    subjects = sorted(set(pairs.loc[pairs["subject_x"] != pairs["subject_y"], "subject_x"]))
    if not subjects:
        return None
    counts = figures.loc[figures["subject"].astype(str).isin(subjects), "subject"].astype(str).value_counts()
    return str(counts[counts == counts.max()].sort_index().index[0])


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


def forces_compared(figures: pd.DataFrame, subject: str | None = None) -> Figure:
    """Troops of the focus subject against another force in the same place, from one report."""
    return house_figure(prepare_forces_compared(figures, subject), draw_forces_compared, height=4.4, below_axes=0.5,
                        left=0.26, right=0.95)
