"""Chart 2, casualty claims over time: each claim at the date it describes, with its range, by source."""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.patches import Patch

from casualty.analyse import headline_report, timeline
from casualty.charts.frame import (
    DARK,
    DEFINITION_LABELS,
    GREY,
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
)
from casualty.load import date_end

#: A source with more running totals than this is drawn as a line and a band, not a marker per claim.
DENSE = 40

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
    headline: str | None = None  # the headline report, whose claims are ringed
    alt: str = ""

    @property
    def empty(self) -> bool:
        return self.rows.empty


def prepare_casualty_claims_over_time(figures: pd.DataFrame, subject: str | None = None) -> ClaimsOverTimeChart:
    """One subject's casualty claims in date order; the title says whether the first to the last rose.

    >>> prepare_casualty_claims_over_time(load_figures()).last["id"]  # doctest: +SKIP
    'ukmod-2025-06-15-casualties'
    """
    subject = chosen_subject(figures, subject)
    claims = timeline(figures, "casualties", subject)
    if claims.empty:
        n = int((figures["metric"] == "casualties").sum())
        why = f"; the {n} casualty claim{'s' * (n != 1)} in the data are about other groups" if n else " in the data"
        return ClaimsOverTimeChart(f"No casualty claims about {subject}{why}", "", source_line(claims), claims)
    start, end = claims["as_of"], date_end(claims["as_of"], claims["as_of_precision"])
    claims = claims.assign(x=start + (end - start) / 2, x_start=start, x_end=end)
    headline = headline_report(figures, subject)
    headline_ids = frozenset(figures.loc[figures["report"] == headline, "id"]) & frozenset(claims["id"])
    running = claims[~claims["period"]]
    first = last = None
    sources = claims["source"].astype(str).nunique()
    if running.empty:  # only period figures: no running total to trace
        title = f"Every casualty claim about {subject} counts a period only, not a running total"
    else:
        first, last = running.iloc[0], running.iloc[-1]
        verb = "rose" if last["best"] > first["best"] else "did not rise"
        whose = (f"in {first['source']}'s claims" if running["source"].nunique() == 1
                 else "but sources count differently")
        title = (f"Claimed casualties among {subject} {verb} from {claim_words(first)} ({date_words(first)}, "
                 f"{first['source']}) to {claim_words(last)} ({date_words(last)}, {last['source']}), {whose}"
                 if running["source"].nunique() > 1 else
                 f"{first['source']}: claimed casualties among {subject} {verb} from {claim_words(first)} "
                 f"({date_words(first)}) to {claim_words(last)} ({date_words(last)})")
    ranged = bool((claims["high"] > claims["low"]).any())
    wide = claims["as_of_precision"].astype(str).isin(["month", "year"]).any()
    parts = [f"{len(claims)} claim{'s' * (len(claims) != 1)} by {sources} source{'s' * (sources != 1)}, each at "
             "the date it describes" + ("; a vertical bar is its range" if ranged else "")
             + ("; a horizontal bar, a month or year" if wide else "") + "."]
    parts.append("Colour: who made the claim; shape: what it counted; a thin line joins one source's claims, "
                 "named at its latest.")
    if claims["definition"].astype(str).nunique() > 1:
        parts.append("Definitions differ, so points are not strictly comparable.")
    parts.append(others_text(figures, subject, figures[figures["metric"] == "casualties"]))
    labelled = pd.concat([running.drop_duplicates("source", keep="last"), claims[claims["period"]]])
    facts = (f"From {claim_words(first)} as of {date_words(first)} ({first['source']}) to {claim_words(last)} as of "
             f"{date_words(last)} ({last['source']})." if first is not None else "")
    alt = alt_text(f"A chart of {len(claims)} casualty claims about {subject} over time, by {sources} sources",
                   title, facts, claims)
    return ClaimsOverTimeChart(
        title=title, subtitle=" ".join(p for p in parts if p), source_line=source_line(claims), rows=claims,
        subject=subject, headline_ids=headline_ids, headline=headline, labelled=labelled, first=first, last=last,
        alt=alt)


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
    running = claims[~claims["period"]]
    # a long series of one source (a daily running total) is a line with its range as a band, not a cloud of bars
    sizes = running.groupby("source", observed=True)["id"].transform("size")
    dense = running[sizes > DENSE]
    for source, series in dense.groupby("source", sort=False, observed=True):  # one band per source: drawing
        colour = colours[str(series["side"].iloc[0])]
        ax.fill_between(series["x"], series["low"], series["high"], color=colour, alpha=0.2, linewidth=0,
                        gid=f"band-{source}")
        ax.plot(series["x"], series["best"], color=colour, linewidth=1.4, zorder=3, gid=f"series-{source}")
    for row in claims[~claims["id"].isin(dense["id"])].itertuples():  # one marker per claim: drawing
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
    for source, series in running[~running["id"].isin(dense["id"])].groupby("source", sort=False, observed=True):
        if len(series) > 1:
            ax.plot(series["x"], series["best"], color=colours[str(series["side"].iloc[0])], linewidth=0.8,
                    alpha=0.55, zorder=2, gid=f"series-{source}")
    ax.set_ylabel("people (each source's own definition, see marker)")
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_ylim(0, claims["high"].max() * 1.08)
    # a claim dated to a year is drawn at its middle, but does not stretch the axis a year wide by itself
    narrow = claims[claims["as_of_precision"].astype(str) != "year"]
    narrow = narrow if len(narrow) else claims
    left = min(narrow["x_start"].min(), claims["x"].min())
    right = max(narrow["x_end"].max(), claims["x"].max())
    span = max(right - left, pd.Timedelta(days=30))
    ax.set_xlim(left - span * 0.03, right + span * 0.12)
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
                                             label=_headline_label(chart)))
    who = ax.legend(handles=side_handles, title="who claimed it", loc="upper left", bbox_to_anchor=(1.01, 1.0),
                    alignment="left", fontsize=8, title_fontsize=8)
    ax.add_artist(who)
    # a second key of the same Axes, added as an artist so that it leaves the first as the Axes' legend
    counted = def_handles + extra
    ax.add_artist(Legend(ax, counted, [h.get_label() for h in counted], title="what was counted", loc="upper left",
                         bbox_to_anchor=COUNTED_KEY, alignment="left", fontsize=8, title_fontsize=8))
    _label_points(ax, claims, chart.labelled)  # last: label positions depend on the final layout


def casualty_claims_over_time(figures: pd.DataFrame, subject: str | None = None) -> Figure:
    """Each casualty claim at the date it describes, with its range, by source.

    Colour is who made the claim, marker shape what it counted; a hollow marker
    is a period figure; a horizontal bar is a date known only to the month or
    year; a ring marks the founding report's claims.
    """
    return house_figure(prepare_casualty_claims_over_time(figures, subject), draw_casualty_claims_over_time, height=6.8,
                        below_axes=0.5, left=0.09, right=0.68)


def _headline_label(chart: ClaimsOverTimeChart) -> str:
    """The key's words for the ring: the report it marks, by outlet and date."""
    rows = chart.rows[chart.rows["id"].isin(chart.headline_ids)]
    if rows.empty:
        return "ringed"
    # a long outlet's name goes on a line of its own, so that the key stays inside the figure
    outlet = str(rows["outlet"].iloc[0])
    return f"ringed: in {outlet},{chr(10) if len(outlet) > 16 else ' '}{rows['stated'].max():%Y-%m-%d}"


def _label_points(ax, claims: pd.DataFrame, labelled: pd.DataFrame) -> None:
    """Label the points of ``labelled`` with their source where a label overlaps nothing.

    Every point and range of ``claims`` is an obstacle, and so is every label
    and leader line already placed. A label is tried beside its point, then a
    step up or down at a time, on either side, further out each round; a place
    is taken only if the label fits inside the plot, overlaps no obstacle and
    no label, its leader line crosses no label, and it covers no leader line.
    Labels are placed from the highest point down. At most a few dozen labels,
    so the loop is cheap.
    """
    renderer = ax.figure.canvas.get_renderer()
    inside = ax.get_window_extent(renderer)
    obstacles = []
    x, x_start, x_end = (matplotlib.dates.date2num(claims[c]) for c in ("x", "x_start", "x_end"))
    for xi, xs, xe, lo, best, hi in zip(x, x_start, x_end, claims["low"], claims["best"], claims["high"]):
        (x0, y0), (_, y1), (xa, yb), (xb, _) = ax.transData.transform([(xi, lo), (xi, hi), (xs, best), (xe, best)])
        obstacles.append(matplotlib.transforms.Bbox([[x0 - 6, min(y0, y1) - 6], [x0 + 6, max(y0, y1) + 6]]))
        obstacles.append(matplotlib.transforms.Bbox([[xa - 3, yb - 4], [xb + 3, yb + 4]]))
    boxes: list = []  # labels placed
    leaders: list = []  # their leader lines, as (start, end) in pixels
    points = renderer.points_to_pixels(1)  # offsets are in points, boxes in pixels
    offsets = [(side * far, sign * 7 * k) for far in (9, 40, 80) for k in range(0, 13) for sign in (1, -1)
               for side in (1, -1) if k or sign == 1]
    for row in labelled.sort_values("best", ascending=False).itertuples():
        text = str(row.source) + (" (period)" if row.period else "")
        anchor = ax.transData.transform((matplotlib.dates.date2num(row.x), row.best))
        probe = ax.annotate(text, xy=(row.x, row.best), xytext=(9, 0), textcoords="offset points",
                            fontsize=7.5, va="center", ha="left", color=DARK)
        beside = {side: _text_box(probe, renderer, side * 9, 0) for side in (1, -1)}
        probe.remove()
        own = [b for b in obstacles if b.contains(*anchor)]  # its own marker and bars
        chosen = None
        for dx, dy in offsets:
            box = beside[1 if dx > 0 else -1].translated((dx - (9 if dx > 0 else -9)) * points, dy * points)
            if not (inside.x0 <= box.x0 and box.x1 <= inside.x1 and inside.y0 <= box.y0 and box.y1 <= inside.y1):
                continue
            if any(box.overlaps(other) for other in obstacles + boxes if not any(other is o for o in own)):
                continue
            start = (box.x0 if dx > 0 else box.x1, (box.y0 + box.y1) / 2)
            if any(_crosses(start, anchor, other) for other in boxes):
                continue
            if any(_crosses(a, b, box) for a, b in leaders):
                continue
            chosen = (dx, dy, box, start)
            break
        if chosen is None:  # nowhere free: the key and the source line still name it
            continue
        dx, dy, box, start = chosen
        ax.annotate(text, xy=(row.x, row.best), xytext=(dx, dy), textcoords="offset points",
                    fontsize=7.5, va="center", ha="left" if dx > 0 else "right", color=DARK, gid="point-label",
                    arrowprops=dict(arrowstyle="-", color=GREY, linewidth=0.5, shrinkA=0, shrinkB=4,
                                    relpos=(0, 0.5) if dx > 0 else (1, 0.5)))
        boxes.append(box)
        leaders.append((start, tuple(anchor)))


def _crosses(a, b, box, samples: int = 32) -> bool:
    """Whether the segment from ``a`` to ``b`` (pixels) passes through ``box``, its ends' last 4 pixels aside."""
    (xa, ya), (xb, yb) = a, b
    length = max(((xb - xa) ** 2 + (yb - ya) ** 2) ** 0.5, 1e-9)
    inner = box.shrunk(1, 1)
    for i in range(1, samples):
        t = i / samples
        if t * length < 4 or (1 - t) * length < 4:
            continue
        if inner.contains(xa + t * (xb - xa), ya + t * (yb - ya)):
            return True
    return False


def _text_box(label, renderer, dx: float, dy: float):
    """The box of a label's text moved to (dx, dy) points from its point, right of it for dx > 0, else left."""
    label.set_position((dx, dy))
    label.set_horizontalalignment("left" if dx > 0 else "right")
    label.update_positions(renderer)
    return matplotlib.text.Text.get_window_extent(label, renderer).expanded(1.02, 1.15)
