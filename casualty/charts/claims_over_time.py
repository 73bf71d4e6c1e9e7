"""Chart 2, casualty claims over time: each claim at the date it describes, with its range, by source."""

from __future__ import annotations

import matplotlib
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from casualty.analyse import focus_subject, headline_report, timeline
from casualty.charts.frame import (
    DARK, DEFINITION_LABELS, GREY, MARKERS, claim_words, date_words, frame, house_style, new_figure, no_data,
    side_colours, source_line,
)
from casualty.load import date_end


@house_style
def casualty_claims_over_time(figures: pd.DataFrame) -> Figure:
    """Each casualty claim at the date it describes, with its range, by source.

    Colour is who made the claim, marker shape what it counted; a hollow marker
    is a period figure; a horizontal bar is a date known only to the month or
    year; a ring marks the founding report's claims.
    """
    subject = focus_subject(figures)
    claims = timeline(figures, "casualties", subject)
    fig, ax = new_figure(height=6.8)
    if claims.empty:
        return no_data(fig, ax, "No casualty claims", "no data", claims)
    colours = side_colours(claims["side"].astype(str))
    headline = headline_report(figures, subject)
    headline_ids = set(figures.loc[figures["report"] == headline, "id"])
    start, end = claims["as_of"], date_end(claims["as_of"], claims["as_of_precision"])
    middle = start + (end - start) / 2
    claims = claims.assign(x=middle, x_start=start, x_end=end)
    for row in claims.itertuples():  # one marker per claim: drawing, not data work
        colour = colours[str(row.side)]
        xerr = [[row.x - row.x_start], [row.x_end - row.x]] if row.x_end > row.x_start else None
        ax.errorbar([row.x], [row.best], yerr=[[row.best - row.low], [row.high - row.best]], xerr=xerr,
                    fmt=MARKERS.get(str(row.definition), "o"), color=colour, markersize=7,
                    markerfacecolor="white" if row.period else colour, capsize=3, linewidth=1.4,
                    gid=f"claim-{row.id}", zorder=3)
        if row.id in headline_ids:
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
    if headline_ids & set(claims["id"]):
        extra.append(matplotlib.lines.Line2D([], [], marker="o", markersize=12, markerfacecolor="none",
                                             markeredgecolor=DARK, linestyle="none",
                                             label="founding report"))
    who = ax.legend(handles=side_handles, title="who claimed it", loc="upper left", bbox_to_anchor=(1.01, 1.0),
                    alignment="left", fontsize=8, title_fontsize=8)
    ax.add_artist(who)
    fig.legend(handles=def_handles + extra, title="what was counted", loc="upper left",
               bbox_to_anchor=(0.695, 0.5), alignment="left", fontsize=8, title_fontsize=8)

    if running.empty:  # only period figures: no running total to trace
        title = f"Every casualty claim about {subject} counts a period only, not a running total"
    else:
        first, last = running.iloc[0], running.iloc[-1]
        verb = "rose" if last["best"] > first["best"] else "did not rise"
        title = (f"Claimed casualties among {subject} {verb} from {claim_words(first)} ({date_words(first)}) "
                 f"to {claim_words(last)} ({date_words(last)}), but sources count differently")
    subtitle = ("Each point is one claim at the date it describes; vertical bars show its range. Colour: who made "
                "the claim; shape: what it counted; a thin line joins one source's claims, named at its latest. "
                "Definitions differ, so points are not strictly comparable.")
    frame(fig, title, subtitle, source_line(claims), below_axes=0.5)
    fig.subplots_adjust(left=0.09, right=0.68)
    # one label per source, at its latest running claim, and one per period figure
    labelled = pd.concat([running.drop_duplicates("source", keep="last"), claims[claims["period"]]])
    _label_points(ax, claims, labelled)  # last: label positions depend on the final layout
    return fig


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
