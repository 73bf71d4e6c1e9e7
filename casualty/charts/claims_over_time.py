"""Chart 2, casualty claims over time: each claim at the date it describes, with its range, by source."""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.patches import Patch

from casualty.analyse import focus_subject, headline_report, timeline
from casualty.charts.frame import (
    DARK,
    DEFINITION_LABELS,
    GREY,
    MARKERS,
    claim_words,
    date_words,
    draw_no_data,
    house_figure,
    house_style,
    side_colours,
    source_line,
)
from casualty.load import date_end

#: Where the key of what was counted sits, in Axes coordinates: right of the plot, under the key of who
#: claimed it, its top a little below the plot's middle. Six decimals put it on the very pixels it had in the
#: house figure when it was anchored to the figure, at (0.695, 0.5), so the committed chart did not move.
COUNTED_KEY = (1.025424, 0.460094)


@dataclass(frozen=True, eq=False)
class ClaimsOverTimeChart:
    """What chart 2 shows: every casualty claim about the focus subject at the date it describes."""

    title: str
    subtitle: str
    source_line: str
    #: analyse.timeline's claims in date order, each with the first, middle and last day of the date it
    #: describes (``x_start``, ``x``, ``x_end``): a month runs across the month
    rows: pd.DataFrame
    subject: str = ""
    #: the claims of the headline report (analyse.headline_report), ringed
    headline_ids: frozenset[str] = frozenset()
    #: the claims labelled with their source: each source's latest running total, and every period figure
    labelled: pd.DataFrame | None = None
    first: pd.Series | None = None  # the first running total, which the title names
    last: pd.Series | None = None  # and the last

    @property
    def empty(self) -> bool:
        return self.rows.empty


def prepare_casualty_claims_over_time(figures: pd.DataFrame) -> ClaimsOverTimeChart:
    """The focus subject's casualty claims in date order; the title says whether the first to the last rose.

    >>> prepare_casualty_claims_over_time(load_figures()).last["id"]  # doctest: +SKIP
    'ukmod-2025-06-15-casualties'
    """
    subject = focus_subject(figures)
    claims = timeline(figures, "casualties", subject)
    if claims.empty:
        return ClaimsOverTimeChart("No casualty claims", "", source_line(claims), claims)
    start, end = claims["as_of"], date_end(claims["as_of"], claims["as_of_precision"])
    claims = claims.assign(x=start + (end - start) / 2, x_start=start, x_end=end)
    headline = headline_report(figures, subject)
    headline_ids = frozenset(figures.loc[figures["report"] == headline, "id"]) & frozenset(claims["id"])
    running = claims[~claims["period"]]
    first = last = None
    if running.empty:  # only period figures: no running total to trace
        title = f"Every casualty claim about {subject} counts a period only, not a running total"
    else:
        first, last = running.iloc[0], running.iloc[-1]
        verb = "rose" if last["best"] > first["best"] else "did not rise"
        title = (f"Claimed casualties among {subject} {verb} from {claim_words(first)} ({date_words(first)}) "
                 f"to {claim_words(last)} ({date_words(last)}), but sources count differently")
    return ClaimsOverTimeChart(
        title=title,
        subtitle=("Each point is one claim at the date it describes; vertical bars show its range. Colour: who "
                  "made the claim; shape: what it counted; a thin line joins one source's claims, named at its "
                  "latest. Definitions differ, so points are not strictly comparable."),
        source_line=source_line(claims), rows=claims, subject=subject, headline_ids=headline_ids,
        labelled=pd.concat([running.drop_duplicates("source", keep="last"), claims[claims["period"]]]),
        first=first, last=last)


@house_style
def draw_casualty_claims_over_time(ax: Axes, chart: ClaimsOverTimeChart) -> None:
    """Draw into ``ax`` each claim as a point with its range, coloured by side, shaped by what it counted.

    The two keys sit right of the plot. Labels are placed last, where they
    overlap nothing, by measuring them where the Axes are when this is called:
    lay out the figure first.
    """
    if chart.empty:
        draw_no_data(ax)
        return
    claims = chart.rows
    colours = side_colours(claims["side"].astype(str))
    for row in claims.itertuples():  # one marker per claim: drawing, not data work
        colour = colours[str(row.side)]
        xerr = [[row.x - row.x_start], [row.x_end - row.x]] if row.x_end > row.x_start else None
        ax.errorbar([row.x], [row.best], yerr=[[row.best - row.low], [row.high - row.best]], xerr=xerr,
                    fmt=MARKERS.get(str(row.definition), "o"), color=colour, markersize=7,
                    markerfacecolor="white" if row.period else colour, capsize=3, linewidth=1.4,
                    gid=f"claim-{row.id}", zorder=3)
        if row.id in chart.headline_ids:
            ax.plot([row.x], [row.best], marker="o", markersize=16, markerfacecolor="none",
                    markeredgecolor=DARK, markeredgewidth=1.2, zorder=4, gid=f"headline-{row.id}")
    # each source's running claims joined by a thin line of its colour, so that one label names them all
    running = claims[~claims["period"]]
    for source, series in running.groupby("source", sort=False, observed=True):  # one line per source: drawing
        if len(series) > 1:
            ax.plot(series["x"], series["best"], color=colours[str(series["side"].iloc[0])], linewidth=0.8,
                    alpha=0.55, zorder=2, gid=f"series-{source}")
    ax.set_ylabel("people (each source's own definition, see marker)")
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_ylim(0, claims["high"].max() * 1.08)
    span = claims["x_end"].max() - claims["x_start"].min()
    ax.set_xlim(claims["x_start"].min() - span * 0.03, claims["x_end"].max() + span * 0.12)
    ax.xaxis.set_major_formatter(matplotlib.dates.DateFormatter("%b\n%Y"))

    side_handles = [Patch(color=c, label=s) for s, c in colours.items()]
    defs = [d for d in MARKERS if d in set(claims["definition"].astype(str))]
    def_handles = [matplotlib.lines.Line2D([], [], marker=MARKERS[d], color=GREY, linestyle="none",
                                           label=DEFINITION_LABELS[d]) for d in defs]
    extra = [matplotlib.lines.Line2D([], [], marker="o", color=GREY, markerfacecolor="white", linestyle="none",
                                     label="counts a period only"),
             matplotlib.lines.Line2D([], [], marker="|", color=GREY, linestyle="-", markersize=8,
                                     label="date known to the month or year")]
    if chart.headline_ids:
        extra.append(matplotlib.lines.Line2D([], [], marker="o", markersize=12, markerfacecolor="none",
                                             markeredgecolor=DARK, linestyle="none",
                                             label="founding report"))
    who = ax.legend(handles=side_handles, title="who claimed it", loc="upper left", bbox_to_anchor=(1.01, 1.0),
                    alignment="left", fontsize=8, title_fontsize=8)
    ax.add_artist(who)
    # a second key of the same Axes, added as an artist so that it leaves the first as the Axes' legend
    counted = def_handles + extra
    ax.add_artist(Legend(ax, counted, [h.get_label() for h in counted], title="what was counted", loc="upper left",
                         bbox_to_anchor=COUNTED_KEY, alignment="left", fontsize=8, title_fontsize=8))
    _label_points(ax, claims, chart.labelled)  # last: label positions depend on the final layout


def casualty_claims_over_time(figures: pd.DataFrame) -> Figure:
    """Each casualty claim at the date it describes, with its range, by source.

    Colour is who made the claim, marker shape what it counted; a hollow marker
    is a period figure; a horizontal bar is a date known only to the month or
    year; a ring marks the founding report's claims.
    """
    return house_figure(prepare_casualty_claims_over_time(figures), draw_casualty_claims_over_time, height=6.8,
                        below_axes=0.5, left=0.09, right=0.68)


def _label_points(ax, claims: pd.DataFrame, labelled: pd.DataFrame) -> None:
    """Label the points of ``labelled`` with their source, moving labels apart until none overlap.

    Every point of ``claims`` is an obstacle. Labels start to the right of
    their point; any label that overlaps one already placed moves down (or up)
    in small steps. At most a few dozen labels, so the loop is cheap.
    """
    renderer = ax.figure.canvas.get_renderer()
    inside = ax.get_window_extent(renderer)
    placed = [ax.get_legend().get_window_extent(renderer)] if ax.get_legend() else []
    # markers and error bars are obstacles too
    x, x_start, x_end = (matplotlib.dates.date2num(claims[c]) for c in ("x", "x_start", "x_end"))
    for xi, xs, xe, lo, best, hi in zip(x, x_start, x_end, claims["low"], claims["best"], claims["high"]):
        (x0, y0), (_, y1), (xa, yb), (xb, _) = ax.transData.transform([(xi, lo), (xi, hi), (xs, best), (xe, best)])
        placed.append(matplotlib.transforms.Bbox([[x0 - 6, y0 - 6], [x0 + 6, y1 + 6]]))
        placed.append(matplotlib.transforms.Bbox([[xa - 3, yb - 4], [xb + 3, yb + 4]]))
    # nearest first: beside the point, then a step up or down at a time, on either side, up to 63 points away
    steps = [0] + [sign * 7 * k for k in range(1, 10) for sign in (1, -1)]
    points = renderer.points_to_pixels(1)  # offsets are in points, boxes in pixels
    offsets = [(side * 9, dy) for dy in steps for side in (1, -1)]
    for row in labelled.sort_values("best", ascending=False).itertuples():
        text = str(row.source) + (" (period)" if row.period else "")
        # the label's box beside its point, on each side, measured once without its leader line; every other
        # place is the same box moved
        probe = ax.annotate(text, xy=(row.x, row.best), xytext=(9, 0), textcoords="offset points",
                            fontsize=7.5, va="center", ha="left", color=DARK)
        beside = {side: _text_box(probe, renderer, side * 9, 0) for side in (1, -1)}
        probe.remove()
        for dx, dy in offsets:
            box = beside[1 if dx > 0 else -1].translated(0, dy * points)
            fits = inside.x0 <= box.x0 and box.x1 <= inside.x1 and inside.y0 <= box.y0 and box.y1 <= inside.y1
            if fits and not any(box.overlaps(other) for other in placed):
                break
        else:  # nowhere free: keep it beside its point
            dx, dy = 9, 0
            box = beside[1]
        ax.annotate(text, xy=(row.x, row.best), xytext=(dx, dy), textcoords="offset points",
                    fontsize=7.5, va="center", ha="left" if dx > 0 else "right", color=DARK,
                    arrowprops=dict(arrowstyle="-", color=GREY, linewidth=0.5, shrinkA=0, shrinkB=4))
        placed.append(box)


def _text_box(label, renderer, dx: float, dy: float):
    """The box of a label's text moved to (dx, dy) points from its point, right of it for dx > 0, else left."""
    label.set_position((dx, dy))
    label.set_horizontalalignment("left" if dx > 0 else "right")
    label.update_positions(renderer)
    return matplotlib.text.Text.get_window_extent(label, renderer).expanded(1.02, 1.15)
