"""Chart 8, the competing estimates: each source's latest figure of the toll, lowest first, with its range.

The graphic newsrooms publish for a disputed toll. One row per source (relays
merged into the statement they repeat, revised figures replaced by the
revision), a line from low to high with a marker at the best estimate. A bound
the source said is drawn solid; one made by the qualifier rule is drawn faded
and an open end ("more than") ends in an arrow. A count of names or records is a
floor: drawn as a bar from zero, never as an estimate.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import matplotlib.lines
import matplotlib.patches
import matplotlib.ticker
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from casualty.analyse.competing import competing_estimates, focus_metric
from casualty.present.charts.frame import (
    alt_text,
    bound_words,
    chosen_subject,
    claim_words,
    date_words,
    draw_no_data,
    house_figure,
    house_style,
    side_colours,
    source_line,
)
from casualty.present.wording import agrees
from casualty.vocabulary import DEFINITIONS, METHODS, METRICS, QUALIFIERS


@dataclass(frozen=True, eq=False)
class EstimatesComparedChart:
    """What chart 8 shows: :func:`casualty.analyse.competing.competing_estimates`, with each row's label."""

    title: str
    subtitle: str
    source_line: str
    #: the estimates, lowest best first, with ``label`` (source, date, what it counted and how it was made)
    rows: pd.DataFrame
    metric: str = ""
    alt: str = ""

    @property
    def empty(self) -> bool:
        return self.rows.empty


def prepare_estimates_compared(figures: pd.DataFrame, subject: str | None = None,
                                metric: str | None = None) -> EstimatesComparedChart:
    """Each source's latest figure of the focus metric about the focus subject, and the spread the title states.

    >>> chart = prepare_estimates_compared(load_figures())     # doctest: +SKIP
    >>> chart.rows["source"].iloc[0]                              # doctest: +SKIP
    'unnamed US military official'
    """
    subject = chosen_subject(figures, subject)
    metric = focus_metric(figures, subject, metric) or "casualties"
    rows = competing_estimates(figures, subject, metric)
    words = METRICS[metric].words if metric in METRICS else metric
    if rows.empty:
        return EstimatesComparedChart(f"No source gave a figure of the {words} of {subject}", "", source_line(rows), rows,
                              metric)
    by_id = figures.set_index("id")
    labels = []
    for row in rows.itertuples():
        what = [METHODS[row.method].label]
        if row.definition:
            what.append(DEFINITIONS[row.definition].label if row.definition in DEFINITIONS else row.definition)
        labels.append(f"{row.source}, {date_words(by_id.loc[row.id])}\n({'; '.join(what)})")
    rows = rows.assign(label=labels, worded=[claim_words(by_id.loc[i]) for i in rows["id"]])
    # each number of the title with its source and date, and a study's interval: '75,200 (63,600-86,800), by ...'
    said = [f"{worded}{_interval(by_id.loc[i])}, by {source}, as of {date_words(by_id.loc[i])}"
            for i, worded, source in zip(rows["id"], rows["worded"], rows["source"])]
    rows = rows.assign(_said=said)
    # the spread is of the estimates; a count of names or records is a floor, told apart
    estimates, floors = rows[~rows["floor"]], rows[rows["floor"]]
    top_floor = f"; the highest count of names or records is {floors.iloc[-1]['_said']}" if len(floors) else ""
    if len(estimates) == 0:
        title = f"Only counts of names or records: the highest, {floors.iloc[-1]['_said']}"
    elif len(estimates) == 1:
        title = f"One estimate of the {words} among {subject}: {estimates.iloc[0]['_said']}{top_floor}"
    else:
        title = (f"Estimates of the {words} among {subject} run from {estimates.iloc[0]['_said']}, "
                 f"to {estimates.iloc[-1]['_said']}{top_floor}")
    floors = rows[rows["floor"]]
    floor_words = (" A count of names or records is a floor (bar from zero): at least that many."
                   if len(floors) else "")
    subtitle = (f"Each source's latest figure of the {words}; an outlet relaying a statement is merged into it, and a "
                "figure its source revised gives way to the revision. Line: the range its words allow, solid where "
                "the source said the bound, faded where the hedge rule made it, an arrow where the words give no "
                "upper end. Marker: best estimate." + floor_words
                + " Figures of different methods and definitions count different things: they are set side by "
                  "side here, never added.")
    used = figures[figures["id"].isin(rows["id"])]
    latest = agrees(len(rows), "source's latest figure", "sources' latest figures")
    alt = alt_text(f"A range plot of {len(rows):,} {latest} of the {words} of {subject}", title,
                   f"From {rows.iloc[0]['worded']} ({rows.iloc[0]['source']}) to {rows.iloc[-1]['worded']} "
                   f"({rows.iloc[-1]['source']}).", used)
    return EstimatesComparedChart(title=title, subtitle=subtitle, source_line=source_line(used), rows=rows, metric=metric,
                          alt=alt)


@house_style
def _interval(figure: pd.Series) -> str:
    """A study's interval, as its authors gave it: ' (63,600-86,800)'; '' for any other figure."""
    if figure["method"] != "study" or figure["low_from"] != "stated" or figure["high_from"] != "stated":
        return ""
    low, high = bound_words(figure)
    return f" ({low}-{high})" if low != high else ""


def draw_estimates_compared(ax: Axes, chart: EstimatesComparedChart) -> None:
    """Draw into ``ax`` one row per source: its range (stated bounds solid, made-up ones faded), its best estimate,
    and a floor's bar from zero."""
    if chart.empty:
        draw_no_data(ax)
        return
    rows = chart.rows
    colours = side_colours(rows["side"].astype(str))
    y = np.arange(len(rows))[::-1]
    top = float(rows["high"].max())
    for yi, row in zip(y, rows.itertuples()):  # one row per source: drawing
        colour = colours[str(row.side)]
        if row.floor:
            ax.barh(yi, row.best, height=0.45, color=colour, alpha=0.25, gid=f"floor-{row.id}")
        if row.low < row.best:
            ax.plot([row.low, row.best], [yi, yi], color=colour, linewidth=2.2, solid_capstyle="butt",
                    alpha=1.0 if row.low_stated else 0.35, gid=f"low-{row.id}")
        if row.high > row.best:
            ax.plot([row.best, row.high], [yi, yi], color=colour, linewidth=2.2, solid_capstyle="butt",
                    alpha=1.0 if row.high_stated else 0.35, gid=f"high-{row.id}")
            if row.qualifier in QUALIFIERS and QUALIFIERS[row.qualifier].open_ended:  # no upper end: it goes on
                ax.annotate("", xy=(row.high, yi), xytext=(row.best + 0.9 * (row.high - row.best), yi),
                            arrowprops={"arrowstyle": "->", "color": colour, "alpha": 0.5, "lw": 1.2})
        ax.plot([row.best], [yi], marker="D" if row.floor else "o", color=colour, markersize=7, gid=f"best-{row.id}")
        # past the end of its range and of its marker, never on them
        ax.annotate(row.worded, xy=(max(row.high, row.best), yi), xytext=(6, 0), textcoords="offset points",
                    fontsize=8, va="center", color="#333333", gid="estimate-label")
    ax.set_yticks(y, ["\n".join(textwrap.fill(part, 38) for part in label.split("\n")) for label in rows["label"]],
                  fontsize=8)
    ax.set_xlim(0, top * 1.25)
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(5))
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda x, _: f"{x:,.0f}"))
    ax.set_xlabel(f"{METRICS[chart.metric].words if chart.metric in METRICS else chart.metric} (people)")
    ax.grid(axis="y", visible=False)
    handles = [matplotlib.patches.Patch(color=c, label=side) for side, c in colours.items()]
    handles += [matplotlib.lines.Line2D([], [], color="#555555", linewidth=2.2, label="bound the source said"),
                matplotlib.lines.Line2D([], [], color="#555555", alpha=0.35, linewidth=2.2,
                                        label="bound made by the hedge rule")]
    below = 0.55 / (ax.get_position().height * ax.figure.get_figheight())
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(-0.4, -below), ncols=3, fontsize=8,
              title="who claimed it, and its bounds", title_fontsize=8, alignment="left")


def estimates_compared(figures: pd.DataFrame, subject: str | None = None,
                              metric: str | None = None) -> Figure:
    """A range plot: each source's latest figure of the toll, lowest first, stated and made-up bounds apart."""
    chart = prepare_estimates_compared(figures, subject, metric)
    keys = (chart.rows["side"].nunique() + 2) if not chart.empty else 0
    below = 1.3 + 0.17 * max(0, -(-keys // 3) - 2)
    return house_figure(chart, draw_estimates_compared, height=max(6.0, 3.8 + 0.5 * len(chart.rows)) + below - 1.3,
                        below_axes=below, left=0.30, right=0.93)

