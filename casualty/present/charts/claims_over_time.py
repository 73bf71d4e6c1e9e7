"""Chart 2, casualty claims over time: each claim at the date it describes, with its range, by source."""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.patches import Patch

from casualty.analyse.claims import timeline
from casualty.analyse.competing import focus_metric, statements
from casualty.analyse.focus import headline_report
from casualty.load.read import date_end
from casualty.present.charts.frame import (
    DARK,
    DEFINITION_LABELS,
    GREY,
    MARKERS,
    alt_text,
    chosen_subject,
    claim_words,
    date_axis,
    date_words,
    draw_no_data,
    house_figure,
    house_style,
    others_text,
    side_colours,
    source_line,
    subjects_with,
)
from casualty.present.wording import agrees, counted
from casualty.vocabulary import METRICS

#: A source with more running totals than this is drawn as a line and a band, not a marker per claim.
DENSE = 40

#: At most this many sources are drawn in colour and named: those with the most claims; the rest are grey points.
MOST_SOURCES = 15

#: Up to this many claims get a marker and bars of their own (an errorbar each, gid ``claim-<id>``); more are
#: drawn together, their bars one errorbar per colour and their markers one line per colour, shape and fill: the
#: same marks, made in a few dozen calls instead of hundreds.
ONE_BY_ONE = 60

#: At most this many sources are labelled beside a point: the title's first and last claims, the highest, then the
#: sources with the most claims. Every other source drawn is numbered at its latest claim and named in the key.
MOST_LABELS = 5

#: inches under the plot that the dates take, and that each row of the key of sources takes
TICKS_ROOM, KEY_LINE = 0.5, 0.18

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
    #: the claims of the sources beyond the :data:`MOST_SOURCES` with the most claims, drawn as small grey points
    others: pd.DataFrame | None = None
    #: the claims of the headline report (analyse.headline_report), ringed
    headline_ids: frozenset[str] = frozenset()
    #: the claims labelled with their source, one per source, at most :data:`MOST_LABELS`: the title's first and
    #: last, the highest, then the latest of the sources with the most claims
    labelled: pd.DataFrame | None = None
    #: every other source drawn, numbered in the order of its latest claim: that claim (its latest running total,
    #: else its latest period figure), with ``number``; the key names them
    keyed: pd.DataFrame | None = None
    first: pd.Series | None = None  # the first running total, which the title names
    last: pd.Series | None = None  # and the last
    headline: str | None = None  # the headline report, whose claims are ringed
    alt: str = ""

    @property
    def empty(self) -> bool:
        return self.rows.empty


def prepare_casualty_claims_over_time(figures: pd.DataFrame, subject: str | None = None,
                                      metric: str | None = None) -> ClaimsOverTimeChart:
    """One subject's claims of ``metric`` (the focus metric: casualties, killed, deaths ...) in date order; the
    title says whether the first to the last rose.

    >>> prepare_casualty_claims_over_time(load_figures()).last["id"]  # doctest: +SKIP
    'ukmod-2025-06-15-casualties'
    """
    subject = chosen_subject(figures, subject)
    metric = focus_metric(figures, subject, metric) or "casualties"
    # a casualty claim; a claim of the killed, of deaths ...
    what = "casualty" if metric == "casualties" else f"{METRICS[metric].words if metric in METRICS else metric}"
    claimed = "Claimed casualties" if metric == "casualties" else f"Claims of the {what}"
    # each statement once: an outlet relaying a claim is not a second point
    claims = timeline(statements(figures), metric, subject)
    if claims.empty:
        n = int((figures["metric"] == metric).sum())
        why = (f"; the {counted(n, f'{what} claim')} in the data {agrees(n, 'is', 'are')} about other groups"
               if n else " in the data")
        return ClaimsOverTimeChart(f"No {what} claims about {subject}{why}", "", source_line(claims), claims)
    start, end = claims["as_of"], date_end(claims["as_of"], claims["as_of_precision"])
    claims = claims.assign(x=start + (end - start) / 2, x_start=start, x_end=end)
    headline = headline_report(figures, subject)
    headline_ids = frozenset(figures.loc[figures["report"] == headline, "id"]) & frozenset(claims["id"])
    running = claims[~claims["period"]]
    first = last = None
    sources = claims["source"].astype(str).nunique()
    if running.empty:  # only period figures: no running total to trace
        title = f"Every {what} claim about {subject} counts a period only, not a running total"
    else:
        first, last = running.iloc[0], running.iloc[-1]
        verb = "rose" if last["best"] > first["best"] else "did not rise"
        whose = (f"in {first['source']}'s claims" if running["source"].nunique() == 1
                 else "but sources count differently")
        title = (f"{claimed} among {subject} {verb} from {claim_words(first)} ({date_words(first)}, "
                 f"{first['source']}) to {claim_words(last)} ({date_words(last)}, {last['source']}), {whose}"
                 if running["source"].nunique() > 1 else
                 f"{first['source']}: {claimed[0].lower() + claimed[1:]} among {subject} {verb} from {claim_words(first)} "
                 f"({date_words(first)}) to {claim_words(last)} ({date_words(last)})")
    ranged = bool((claims["high"] > claims["low"]).any())
    wide = claims["as_of_precision"].astype(str).isin(["month", "year"]).any()
    parts = [f"{counted(len(claims), 'claim')} by {counted(sources, 'source')}, each at "
             "the date it describes" + ("; a vertical bar is its range" if ranged else "")
             + ("; a horizontal bar, a month or year" if wide else "") + "."]
    parts.append("Colour: who made the claim; shape: what it counted; a thin line joins one source's claims, "
                 "named at its latest, or numbered there and named in the key below.")
    if claims["definition"].astype(str).nunique() > 1:
        parts.append("Definitions differ, so points are not strictly comparable.")
    drawn, others = _named_sources(claims, {str(c["source"]) for c in (first, last) if c is not None})
    if len(others):
        n_other = others["source"].astype(str).nunique()
        parts.append(f"Only {MOST_SOURCES} sources are drawn in colour and named: those the title names, then those "
                     f"with the most claims; the {counted(len(others), 'claim')} of the "
                     f"{counted(n_other, 'other source')} {agrees(len(others), 'is a small grey point', 'are small grey points')}, "
                     f"without {agrees(len(others), 'its range', 'their ranges')}.")
    parts.append(others_text(figures, subject, subjects_with(figures, [metric], running=False)))
    labelled, keyed = _labelled_and_keyed(drawn, [c for c in (first, last) if c is not None])
    facts = (f"From {claim_words(first)} as of {date_words(first)} ({first['source']}) to {claim_words(last)} as of "
             f"{date_words(last)} ({last['source']})." if first is not None else "")
    alt = alt_text(f"A chart of {counted(len(claims), f'{what} claim')} about {subject} over time, by "
                   f"{counted(sources, 'source')}",
                   title, facts, claims)
    return ClaimsOverTimeChart(
        title=title, subtitle=" ".join(p for p in parts if p), source_line=source_line(claims), rows=drawn,
        others=others, subject=subject, headline_ids=headline_ids, headline=headline, labelled=labelled, keyed=keyed, first=first, last=last,
        alt=alt)


def _named_sources(claims: pd.DataFrame, title_sources: set[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The claims of :data:`MOST_SOURCES` sources, and the claims of the others: the sources the title names,
    then those with the most claims.

    A tie goes to the source first in the alphabet (whatever its case), so the choice is reproducible.
    """
    counts = claims["source"].astype(str).value_counts(sort=False)
    if len(counts) <= MOST_SOURCES:
        return claims, claims.iloc[:0]
    ranked = (counts.rename_axis("source").reset_index(name="n")
              .assign(in_title=lambda t: t["source"].isin(title_sources), name=lambda t: t["source"].str.casefold())
              .sort_values(["in_title", "n", "name"], ascending=[False, False, True], kind="stable"))
    named = claims["source"].astype(str).isin(set(ranked["source"].head(MOST_SOURCES)))
    return claims[named], claims[~named]


def _labelled_and_keyed(drawn: pd.DataFrame, story: list[pd.Series]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The claims labelled with their source (at most :data:`MOST_LABELS` sources) and the claims numbered for the
    key (one per other source drawn).

    A source is named at its latest running total, else at its latest period figure. Labelled first: the
    sources of the claims the title names (``story``), then the source of the highest running total, then the
    sources with the most claims (a tie to the first in the alphabet). The numbered run in date order.
    """
    running = drawn[~drawn["period"]]
    latest = pd.concat([running, drawn[~drawn["source"].isin(running["source"])]]).drop_duplicates(
        "source", keep="last").sort_values("x", kind="stable")
    counts = drawn["source"].astype(str).value_counts()
    highest = [str(running.loc[running["best"].idxmax(), "source"])] if len(running) else []
    by_count = sorted(counts.index, key=lambda s: (-counts[s], s.casefold()))
    order = list(dict.fromkeys([str(c["source"]) for c in story] + highest + by_count))[:MOST_LABELS]
    named = latest["source"].astype(str).isin(order)
    keyed = latest[~named]
    return latest[named], keyed.assign(number=range(1, len(keyed) + 1))


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
    others = chart.others if chart.others is not None else claims.iloc[:0]
    everything = pd.concat([claims, others]) if len(others) else claims
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
    # a dense source's latest claim keeps its marker and range, so that its label has a point to name
    latest = dense.drop_duplicates("source", keep="last")["id"]
    marked = claims[~claims["id"].isin(dense["id"]) | claims["id"].isin(latest)]
    if len(marked) > ONE_BY_ONE:
        _draw_claims_together(ax, marked, colours)
    for row in marked.itertuples() if len(marked) <= ONE_BY_ONE else ():  # a marker per claim, a few dozen: drawing
        colour = colours[str(row.side)]
        xerr = [[row.x - row.x_start], [row.x_end - row.x]] if row.x_end > row.x_start else None
        ax.errorbar([row.x], [row.best], yerr=[[row.best - row.low], [row.high - row.best]], xerr=xerr,
                    fmt=MARKERS.get(str(row.definition), "o"), color=colour, markersize=7,
                    markerfacecolor="white" if row.period else colour, capsize=3, linewidth=1.4,
                    gid=f"claim-{row.id}", zorder=3)
    for row in marked[marked["id"].isin(chart.headline_ids)].itertuples():  # the few ringed: drawing
        ax.plot([row.x], [row.best], marker="o", markersize=16, markerfacecolor="none",
                markeredgecolor=DARK, markeredgewidth=1.2, zorder=4, gid=f"headline-{row.id}")
    # each source's running claims joined by a thin line of its colour, so that one label names them all
    for source, series in running[~running["id"].isin(dense["id"])].groupby("source", sort=False, observed=True):
        if len(series) > 1:
            ax.plot(series["x"], series["best"], color=colours[str(series["side"].iloc[0])], linewidth=0.8,
                    alpha=0.55, zorder=2, gid=f"series-{source}")
    if len(others):  # the sources beyond the named: one grey cloud, no ranges
        ax.scatter(others["x"], others["best"], s=6, color=GREY, alpha=0.6, linewidths=0, zorder=1,
                   gid="other-sources")
        for row in others[others["id"].isin(chart.headline_ids)].itertuples():  # the few ringed: drawing
            ax.plot([row.x], [row.best], marker="o", markersize=16, markerfacecolor="none",
                    markeredgecolor=DARK, markeredgewidth=1.2, zorder=4, gid=f"headline-{row.id}")
    ax.set_ylabel("people (each source's own definition, see marker)")
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_ylim(0, max(claims["high"].max(), others["best"].max() if len(others) else 0) * 1.08)
    # a claim dated to a year is drawn at its middle, but does not stretch the axis a year wide by itself
    narrow = everything[everything["as_of_precision"].astype(str) != "year"]
    narrow = narrow if len(narrow) else everything
    left = min(narrow["x_start"].min(), everything["x"].min())
    right = max(narrow["x_end"].max(), everything["x"].max())
    span = max(right - left, pd.Timedelta(days=30))
    ax.set_xlim(left - span * 0.03, right + span * 0.12)
    date_axis(ax)

    side_handles = [Patch(color=c, label=s) for s, c in colours.items()]
    defs = [d for d in MARKERS if d in set(claims["definition"].astype(str))]
    def_handles = [matplotlib.lines.Line2D([], [], marker=MARKERS[d], color=GREY, linestyle="none",
                                           label=DEFINITION_LABELS[d]) for d in defs]
    extra = [matplotlib.lines.Line2D([], [], marker="o", color=GREY, markerfacecolor="white", linestyle="none",
                                     label="counts a period only"),
             matplotlib.lines.Line2D([], [], marker="|", color=GREY, linestyle="-", markersize=8,
                                     label="date known to the month or year")]
    if len(others):
        extra.append(matplotlib.lines.Line2D([], [], marker="o", markersize=3, color=GREY, linestyle="none",
                                             label="a claim of another source"))
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
    keyed = chart.keyed if chart.keyed is not None else claims.iloc[:0]
    if len(keyed):  # the numbered sources, named under the dates, where no claim can be
        numbers = [matplotlib.lines.Line2D([], [], linestyle="none", marker=f"${row.number}$", markersize=6,
                                           color=colours[str(row.side)], label=str(row.source))
                   for row in keyed.itertuples()]
        below = TICKS_ROOM / (ax.get_position().height * ax.figure.get_figheight())
        ax.add_artist(Legend(ax, numbers, [h.get_label() for h in numbers], loc="upper left",
                             bbox_to_anchor=(0, -below), ncols=KEY_COLUMNS, fontsize=8, frameon=False,
                             borderaxespad=0, borderpad=0, title="numbered: who claimed it", title_fontsize=8,
                             alignment="left"))
    # last: label positions depend on the final layout; the story's labels first, so that they find a place
    _label_points(ax, everything, chart.labelled, keyed, colours, everything["id"].isin(chart.headline_ids).to_numpy())


def _draw_claims_together(ax: Axes, marked: pd.DataFrame, colours: dict[str, str]) -> None:
    """Draw ``marked`` as one claim at a time would be, each with its marker and bars: the markers in one line per
    colour, shape and fill (a period figure is hollow; gid ``claim-markers-<n>``), above the bars as an
    errorbar's own marker is, and the bars in one errorbar per colour (gid ``claims-<side>``)."""
    side = marked["side"].astype(str)
    shape = marked["definition"].astype(object).map(MARKERS).fillna("o")
    groups = marked.groupby([side, shape, marked["period"]], sort=False)
    for n, ((name, marker, period), group) in enumerate(groups):  # a few dozen groups: drawing
        colour = colours[name]
        ax.plot(group["x"], group["best"], linestyle="none", marker=marker, color=colour, markersize=7,
                markerfacecolor="white" if period else colour, gid=f"claim-markers-{n}", zorder=3.1)
    # the bars in the dates' own numbers (the markers gave the axis its dates), so that a claim dated to the day
    # can have no horizontal bar in a group that has some: a missing bar draws nothing
    x, start, end = (matplotlib.dates.date2num(marked[c]) for c in ("x", "x_start", "x_end"))
    spanned = end > start
    left, right = np.where(spanned, x - start, np.nan), np.where(spanned, end - x, np.nan)
    best, low, high = (marked[c].to_numpy(dtype=float) for c in ("best", "low", "high"))
    for name in side.unique():  # a few sides: drawing
        mine = (side == name).to_numpy()
        ax.errorbar(x[mine], best[mine], yerr=[best[mine] - low[mine], high[mine] - best[mine]],
                    xerr=[left[mine], right[mine]] if spanned[mine].any() else None, fmt="none",
                    color=colours[name], capsize=3, linewidth=1.4, gid=f"claims-{name}", zorder=3)


def casualty_claims_over_time(figures: pd.DataFrame, subject: str | None = None, metric: str | None = None) -> Figure:
    """Each casualty claim at the date it describes, with its range, by source.

    Colour is who made the claim, marker shape what it counted; a hollow marker
    is a period figure; a horizontal bar is a date known only to the month or
    year; a ring marks the founding report's claims.
    """
    chart = prepare_casualty_claims_over_time(figures, subject, metric)
    keyed = 0 if chart.keyed is None else len(chart.keyed)
    key = KEY_LINE * (-(-keyed // KEY_COLUMNS) + 1) + 0.1 if keyed else 0.0  # its rows and its title
    return house_figure(chart, draw_casualty_claims_over_time, height=6.8 + key, below_axes=TICKS_ROOM + key,
                        left=0.12, right=0.68)  # room for a tick of a million and the axis label


#: the key of numbered sources runs in this many columns
KEY_COLUMNS = 3


def _headline_label(chart: ClaimsOverTimeChart) -> str:
    """The key's words for the ring: the report it marks, by outlet and date."""
    every = chart.rows if chart.others is None else pd.concat([chart.rows, chart.others])
    rows = every[every["id"].isin(chart.headline_ids)]
    if rows.empty:
        return "ringed"
    # a long outlet's name goes on a line of its own, so that the key stays inside the figure
    outlet = str(rows["outlet"].iloc[0])
    return f"ringed: in {outlet},{chr(10) if len(outlet) > 16 else ' '}{rows['stated'].max():%Y-%m-%d}"


def _label_points(ax, claims: pd.DataFrame, labelled: pd.DataFrame, numbered: pd.DataFrame | None = None,
                  colours: dict[str, str] | None = None, rings=None) -> None:
    """Label the points of ``labelled`` with their source, and those of ``numbered`` with their number, where a
    label overlaps nothing.

    Every point and range of ``claims`` is an obstacle (its own too), and so is the ring round each claim
    that ``rings`` marks (a boolean per claim), and every label
    and leader line already placed. A label is tried beside its point, then a
    step up or down at a time, on either side, further out each round; a place
    is taken only if the label fits inside the plot, overlaps no obstacle and
    no label, its leader line crosses no label and no other leader line, and it
    covers no leader line. A number is tried only close beside its point, with
    no leader line; where none is free it is left out (the key still names its
    source). Labels are placed from the highest point down, then the numbers.
    At most a few dozen labels, so the loop is cheap.
    """
    renderer = ax.figure.canvas.get_renderer()
    inside = ax.get_window_extent(renderer)
    x, x_start, x_end = (matplotlib.dates.date2num(claims[c]) for c in ("x", "x_start", "x_end"))
    lo, best, hi = (claims[c].to_numpy(dtype=float) for c in ("low", "best", "high"))
    # each claim's range (a box round its vertical bar) and its date's span (round its horizontal bar), in
    # pixels, as one array of rows (x0, y0, x1, y1): thousands of claims are checked at once
    x0, y0 = ax.transData.transform(np.column_stack([x, lo])).T
    y1 = ax.transData.transform(np.column_stack([x, hi]))[:, 1]
    xa, yb = ax.transData.transform(np.column_stack([x_start, best])).T
    xb = ax.transData.transform(np.column_stack([x_end, best]))[:, 0]
    obstacles = np.concatenate([
        np.column_stack([x0 - 6, np.minimum(y0, y1) - 6, x0 + 6, np.maximum(y0, y1) + 6]),
        np.column_stack([np.minimum(xa, xb) - 3, yb - 4, np.maximum(xa, xb) + 3, yb + 4])])
    if rings is not None and rings.any():  # the ring round a headline claim, 16 points across
        r = renderer.points_to_pixels(8)
        ringed = np.column_stack([x, best])[np.asarray(rings)]
        cx, cy = ax.transData.transform(ringed).T
        obstacles = np.concatenate([obstacles, np.column_stack([cx - r, cy - r, cx + r, cy + r])])
    boxes: list = []  # labels placed
    leaders: list = []  # their leader lines, as (start, end) in pixels
    far = [(side * out, sign * 7 * k) for out in (9, 40, 80) for k in range(0, 13) for sign in (1, -1)
           for side in (1, -1) if k or sign == 1]
    near = [(side * out, sign * 5 * k) for out in (6, 12) for k in range(0, 4) for sign in (1, -1) for side in (1, -1)
            if k or sign == 1]
    for row in labelled.sort_values("best", ascending=False).itertuples():
        text = str(row.source) + (" (period)" if row.period else "")
        _place(ax, renderer, inside, obstacles, boxes, leaders, row, text, far, leader=True,
               fontsize=7.5, color=DARK, gid="point-label")
    numbered = numbered if numbered is not None else labelled.iloc[:0]
    for row in numbered.itertuples():
        _place(ax, renderer, inside, obstacles, boxes, leaders, row, str(row.number), near, leader=False,
               fontsize=8, weight="bold", color=(colours or {}).get(str(row.side), DARK), gid="point-number")


def _place(ax, renderer, inside, obstacles: np.ndarray, boxes: list, leaders: list, row, text: str, offsets,
           leader: bool, **style) -> None:
    """Annotate ``row``'s point with ``text`` at the first of ``offsets`` (points) that is free, and add its box
    (and leader line) to ``boxes`` (and ``leaders``); nothing where none is free."""
    points = renderer.points_to_pixels(1)  # offsets are in points, boxes in pixels
    anchor = ax.transData.transform((matplotlib.dates.date2num(row.x), row.best))
    gap = min(abs(dx) for dx, _ in offsets)
    probe = ax.annotate(text, xy=(row.x, row.best), xytext=(gap, 0), textcoords="offset points", va="center",
                        ha="left", **{k: v for k, v in style.items() if k != "gid"})
    beside = {side: _text_box(probe, renderer, side * gap, 0) for side in (1, -1)}
    probe.remove()
    # its own bars are obstacles too: a label beside its point is never struck through by its own range
    free = obstacles
    # every place tried lies in one box round the point (a pixel wider, for rounding): only the obstacles
    # that reach into it can be in the way, so each place is checked against those alone
    reach = np.array([max(abs(dx) - gap for dx, _ in offsets), max(abs(dy) for _, dy in offsets)]) * points + 1
    corners = np.concatenate([box.get_points() for box in beside.values()])
    (bx0, by0), (bx1, by1) = corners.min(axis=0) - reach, corners.max(axis=0) + reach
    free = free[~((free[:, 2] < bx0) | (free[:, 3] < by0) | (free[:, 0] > bx1) | (free[:, 1] > by1))]
    for dx, dy in offsets:
        box = beside[1 if dx > 0 else -1].translated((dx - (gap if dx > 0 else -gap)) * points, dy * points)
        if not (inside.x0 <= box.x0 and box.x1 <= inside.x1 and inside.y0 <= box.y0 and box.y1 <= inside.y1):
            continue
        if _overlaps_any(box, free) or any(box.overlaps(other) for other in boxes):
            continue
        if any(_crosses(a, b, box) for a, b in leaders):
            continue
        start = (box.x0 if dx > 0 else box.x1, (box.y0 + box.y1) / 2)
        if leader and (any(_crosses(start, anchor, other) for other in boxes)
                       or any(_intersect(start, anchor, a, b) for a, b in leaders)):
            continue
        arrow = dict(arrowprops=dict(arrowstyle="-", color=GREY, linewidth=0.5, shrinkA=0, shrinkB=4,
                                     relpos=(0, 0.5) if dx > 0 else (1, 0.5))) if leader else {}
        ax.annotate(text, xy=(row.x, row.best), xytext=(dx, dy), textcoords="offset points", va="center",
                    ha="left" if dx > 0 else "right", **style, **arrow)
        boxes.append(box)
        if leader:
            leaders.append((start, tuple(anchor)))
        return


def _intersect(a, b, c, d) -> bool:
    """Whether the segments a-b and c-d (pixels) cross; segments that only share an end (one point labelled
    twice) do not."""
    def side(p, q, r) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
    d1, d2, d3, d4 = side(c, d, a), side(c, d, b), side(a, b, c), side(a, b, d)
    return d1 * d2 < 0 and d3 * d4 < 0


def _overlaps_any(box, obstacles: np.ndarray) -> bool:
    """Whether ``box`` overlaps any row (x0, y0, x1, y1) of ``obstacles``, edges touching included, as
    :meth:`matplotlib.transforms.Bbox.overlaps` counts it."""
    bx0, bx1 = sorted((box.x0, box.x1))
    by0, by1 = sorted((box.y0, box.y1))
    return bool((~((obstacles[:, 2] < bx0) | (obstacles[:, 3] < by0) | (obstacles[:, 0] > bx1)
                   | (obstacles[:, 1] > by1))).any())


def _crosses(a, b, box, samples: int = 32) -> bool:
    """Whether the segment from ``a`` to ``b`` (pixels) passes through ``box``, its ends' last 4 pixels aside."""
    (xa, ya), (xb, yb) = a, b
    length = max(((xb - xa) ** 2 + (yb - ya) ** 2) ** 0.5, 1e-9)
    (x0, y0), (x1, y1) = box.shrunk(1, 1).get_points()
    t = np.arange(1, samples) / samples  # the samples at once, in the same arithmetic as one at a time
    x, y = xa + t * (xb - xa), ya + t * (yb - ya)
    inner = ((t * length >= 4) & ((1 - t) * length >= 4)
             & (((x0 <= x) & (x <= x1)) | ((x0 >= x) & (x >= x1))) & (((y0 <= y) & (y <= y1)) | ((y0 >= y) & (y >= y1))))
    return bool(inner.any())


def _text_box(label, renderer, dx: float, dy: float):
    """The box of a label's text moved to (dx, dy) points from its point, right of it for dx > 0, else left."""
    label.set_position((dx, dy))
    label.set_horizontalalignment("left" if dx > 0 else "right")
    label.update_positions(renderer)
    return matplotlib.text.Text.get_window_extent(label, renderer).expanded(1.02, 1.15)
