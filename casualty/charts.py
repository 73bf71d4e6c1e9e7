"""Charts: each a function from the figures frame to a matplotlib Figure.

Present stage. The command and the notebooks call the same functions. Every
chart has a title that states its finding (computed from the data), units on
its axes, its uncertainty drawn and a source line naming who said what, when.
matplotlib is imported here only, never by ``import casualty``.
"""

from __future__ import annotations

import functools
import math
import os
import pickle
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from casualty.analyse import (
    estimates_by_source, focus_subject, headline_report, killed_and_wounded_pairs, ratios, split_subject, timeline,
)
from casualty.datapackage import dataset_of
from casualty.files import replace_atomically
from casualty.load import date_end
from casualty.vocabulary import DEFINITIONS, FORMATION_SINGULAR
from casualty.wording import claim_text, claims_as_text, dates_as_text, format_date, format_number, numbers_as_text

STYLE = Path(__file__).with_name("casualty.mplstyle")
FORMATS = ("png", "svg", "pdf")
#: Metadata that would make two renders of the same data differ.
_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"Creator": None, "Producer": None, "CreationDate": None, "ModDate": None},
}
#: zlib level 3 (of 9) makes the PNGs 15 % smaller than the default 6, and faster: measured on these charts,
#: whose large flat areas suit zlib's fast strategy (levels 1-3); lossless at any level.
_OPTIONS = {"png": {"pil_kwargs": {"compress_level": 3}}}
# Okabe-Ito, in the order sides are first met
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#F0E442"]
GREY, LIGHT, DARK = "#8c8c8c", "#d9d9d9", "#333333"
#: definition -> marker and key label, from casualty.vocabulary.DEFINITIONS
MARKERS = {name: d.marker for name, d in DEFINITIONS.items()}
DEFINITION_LABELS = {name: d.label for name, d in DEFINITIONS.items()}
WIDTH_CHARS = 100  # characters per line of title and source text at the default size


# --- house frame --------------------------------------------------------------

@functools.cache
def _style() -> dict:
    """The house rcParams, read from the style file once (rc_context copies them, never changes them)."""
    return matplotlib.rc_params_from_file(str(STYLE), use_default_template=True)


def house_style(draw: Callable[..., Figure]) -> Callable[..., Figure]:
    """Run a chart function inside the house style, so every artist it makes follows it."""
    @functools.wraps(draw)
    def styled(*args, **kwargs) -> Figure:
        with matplotlib.rc_context(_style()):
            return draw(*args, **kwargs)

    return styled


class HouseFigure(Figure):
    """A Figure that draws in the house style wherever it is drawn: into a file or in a notebook.

    Some of the style (text hinting, path simplification) is read when the
    figure is drawn, not when it is built.
    """

    def draw(self, renderer):
        with matplotlib.rc_context(_style()):
            return super().draw(renderer)


def _new_figure(height: float = 5.6) -> tuple[Figure, object]:
    fig = HouseFigure(figsize=(9, height))
    FigureCanvasAgg(fig)  # a renderer to measure text with; savefig still picks the canvas by format
    return fig, fig.add_subplot(1, 1, 1)


def _frame(fig: Figure, title: str, subtitle: str, source: str, below_axes: float = 0.55) -> None:
    """Title (the finding), subtitle (what is drawn) and source line, in house positions.

    Positions are worked out in inches from the number of wrapped lines, so a
    long title or source line moves the plot instead of overlapping it.
    ``below_axes`` is the room, in inches, that tick labels and legends under
    the plot need.
    """
    height = fig.get_figheight()
    title_lines = textwrap.wrap(title, 78)
    subtitle_lines = textwrap.wrap(subtitle, 118) if subtitle else []
    source_lines = textwrap.wrap(source, 150)
    y = 1 - 0.12 / height
    fig.text(0.02, y, "\n".join(title_lines), ha="left", va="top", fontsize=13, weight="bold",
             color="#111111", linespacing=1.25)
    y -= (0.245 * len(title_lines) + 0.08) / height
    if subtitle_lines:
        fig.text(0.02, y, "\n".join(subtitle_lines), ha="left", va="top", fontsize=9, color="#444444",
                 linespacing=1.3)
        y -= 0.18 * len(subtitle_lines) / height
    fig.text(0.02, 0.08 / height, "\n".join(source_lines), ha="left", va="bottom", fontsize=7.5,
             color="#555555", linespacing=1.3)
    top = y - 0.2 / height
    bottom = (0.08 + 0.15 * len(source_lines) + below_axes) / height
    fig.subplots_adjust(top=top, bottom=bottom)


def source_line(rows: pd.DataFrame, prefix: str = "Source") -> str:
    """Who said it, when, and where it was read.

    'Source: Alexander Kovalenko (2025-02-07) in Kontur; ...'; the full
    reference and address of each figure are in the figures file, named with
    its data version so that a published chart can be traced to its data.
    """
    said = (pd.DataFrame({"outlet": rows["outlet"].astype(str).to_numpy(), "report": rows["report"].to_numpy(),
                          "source": rows["source"].astype(str).to_numpy(), "stated": rows["stated"].to_numpy()})
            .groupby(["outlet", "report", "source"], sort=False)["stated"].max().reset_index())
    # one part per outlet and report, in the order first met; within it, its sources in the order first met
    said["part"] = said.groupby(["outlet", "report"], sort=False).ngroup()
    said = said.sort_values("part", kind="stable")
    said["who"] = said["source"] + " (" + dates_as_text(said["stated"], np.full(len(said), "day", dtype=object)) + ")"
    part = said.groupby("part").agg(who=("who", ", ".join), outlet=("outlet", "first"), sources=("source", "size"),
                                    source=("source", "first"))
    own = (part["sources"] == 1) & (part["source"] == part["outlet"])  # an outlet quoting itself is not repeated
    parts = part["who"].where(own, part["who"] + " in " + part["outlet"]).tolist()
    plural = "s" if len(parts) > 1 else ""
    return (f"{prefix}{plural}: " + "; ".join(parts)
            + f". Ranges follow each claim's hedge (casualty qualifier rule). Full references: {_data_label(rows)}.")


def _data_label(rows: pd.DataFrame) -> str:
    """The figures file a chart was drawn from and its data version: 'data/figures.csv, data version 2.0.0'."""
    return _label_of(rows.attrs.get("file"))


@functools.lru_cache(maxsize=8)
def _label_of(file: str | None) -> str:
    return dataset_of(file)["label"] if file else "the figures file"


def _first(rows: pd.DataFrame, metric: str) -> pd.Series | None:
    picked = rows[(rows["metric"] == metric) & rows["window_start"].isna()]
    return picked.sort_values("line").iloc[0] if len(picked) else None


def _claim(row: pd.Series) -> str:
    return claims_as_text({key: [row[key]] for key in ("qualifier", "unit", "value", "low", "high")})[0]


def _number(x: float) -> str:
    return numbers_as_text(np.array([x], dtype="float64"))[0]


def _side_colours(sides: Iterable[str]) -> dict[str, str]:
    return {side: PALETTE[i % len(PALETTE)] for i, side in enumerate(sorted(set(sides)))}


def _no_data(fig: Figure, ax, title: str, why: str, rows: pd.DataFrame) -> Figure:
    ax.set_axis_off()
    ax.text(0.5, 0.5, why, ha="center", va="center", fontsize=11, color=GREY, transform=ax.transAxes)
    _frame(fig, title, "", source_line(rows) if len(rows) else f"Source: {_data_label(rows)}")
    return fig


# --- 1. the deployment at a glance ------------------------------------------------

@house_style
def deployment_at_a_glance(figures: pd.DataFrame, report: str | None = None) -> Figure:
    """A unit chart: of those deployed, how many were casualties, and how many captured.

    Uses one report's deployed, casualties and captured figures (by default the
    report with the most figures about the focus subject), so that nothing from
    different sources is added together.
    """
    subject = focus_subject(figures)
    report = report or headline_report(figures, subject)
    rows = figures[(figures["report"] == report) & (figures["subject"] == subject)]
    fig, ax = _new_figure(height=5.6)
    deployed, casualties, captured = (_first(rows, m) for m in ("deployed", "casualties", "captured"))
    if deployed is None or casualties is None:
        return _no_data(fig, ax, "No report gives both a deployed and a casualty figure", "no data", rows)

    per_square = 10 ** round(math.log10(max(deployed["best"], 1) / 100))
    columns = 20
    n_low_dep, n_high_dep = (int(deployed[b] // per_square) for b in ("low", "high"))
    n_low_cas, n_high_cas = int(casualties["low"] // per_square), int(math.ceil(casualties["high"] / per_square))
    total = max(n_high_dep, n_high_cas)
    for i in range(total):  # one square per `per_square` people: drawing, not data work
        row, col = divmod(i, columns)
        if i < n_low_cas:
            style = dict(facecolor=PALETTE[3], edgecolor="white", gid="casualty-square")
        elif i < n_high_cas:
            style = dict(facecolor="#f3c3a6", edgecolor=PALETTE[3], hatch="////", linewidth=0.6,
                         gid="casualty-range-square")
        elif i < n_low_dep:
            style = dict(facecolor=LIGHT, edgecolor="white", gid="deployed-square")
        else:
            style = dict(facecolor="white", edgecolor=GREY, linestyle=(0, (2, 1.5)), linewidth=0.8,
                         gid="deployed-range-square")
        ax.add_artist(Rectangle((col, -row), 0.88, 0.88, **style))  # limits are set below: no autoscaling
    n_rows = math.ceil(total / columns)
    ax.set_xlim(-0.3, columns + 0.2)
    ax.set_ylim(-n_rows + 0.8, 1.6)
    ax.set_aspect("equal")
    ax.set_axis_off()

    words = DEFINITIONS[casualties["definition"]].phrase if casualties["definition"] in DEFINITIONS else "casualties"
    legend = [
        Patch(facecolor=PALETTE[3], label=f"{words}: at least {_number(casualties['low'])}"),
        Patch(facecolor="#f3c3a6", edgecolor=PALETTE[3], hatch="////",
              label=f"range of that estimate, up to {_number(casualties['high'])}"),
        Patch(facecolor=LIGHT, label=f"deployed: at least {_number(deployed['low'])}"),
        Patch(facecolor="white", edgecolor=GREY, linestyle="--",
              label=f"range of the deployed estimate, up to {_number(deployed['high'])}"),
    ]
    ax.legend(handles=legend, loc="upper left", bbox_to_anchor=(0, -0.02), ncols=2, fontsize=8.5,
              title=f"Each square is {_number(per_square)} people", title_fontsize=8.5, alignment="left")
    if captured is not None:
        rates = ratios(figures)
        share = rates.loc[(rates["ratio"] == "capture_rate") & (rates["numerator_id"] == captured["id"])
                          & (rates["denominator_id"] == casualties["id"]), "best"].iloc[0] * 100
        ax.plot([0.44], [0.44], marker="o", markersize=4, color="black", gid="captured-marker")
        ax.annotate(f"{_claim(captured)} captured: {share:.2g}% of the casualties, too few to fill a square",
                    xy=(0.44, 0.88), xytext=(0.0, 1.35), fontsize=9, ha="left", va="center",
                    arrowprops=dict(arrowstyle="-", color="black", linewidth=0.8))
    captured_text = f"; {_claim(captured)} were captured" if captured is not None else ""
    title = (f"{_claim(casualties).capitalize()} of {_claim(deployed)} {subject} were {words}{captured_text}")
    subtitle = (f"As stated in one report ({report}): deployed as of {_date(deployed)}, casualties as of "
                f"{_date(casualties)}. Shaded ranges come from the hedges (\"about\", \"almost\").")
    _frame(fig, title, subtitle, source_line(rows[rows["id"].isin([deployed["id"], casualties["id"]] + (
        [captured["id"]] if captured is not None else []))]), below_axes=0.75)
    return fig


def _date(row: pd.Series) -> str:
    return dates_as_text([row["as_of"]], [row["as_of_precision"]])[0]


# --- 2. casualty claims over time -------------------------------------------------

@house_style
def casualty_claims_over_time(figures: pd.DataFrame) -> Figure:
    """Each casualty claim at the date it describes, with its range, by source.

    Colour is who made the claim, marker shape what it counted; a hollow marker
    is a period figure; a horizontal bar is a date known only to the month or
    year; a ring marks the founding report's claims.
    """
    subject = focus_subject(figures)
    claims = timeline(figures, "casualties", subject)
    fig, ax = _new_figure(height=6.8)
    if claims.empty:
        return _no_data(fig, ax, "No casualty claims", "no data", claims)
    colours = _side_colours(claims["side"].astype(str))
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
        title = (f"Claimed casualties among {subject} {verb} from {_claim(first)} ({_date(first)}) "
                 f"to {_claim(last)} ({_date(last)}), but sources count differently")
    subtitle = ("Each point is one claim at the date it describes; vertical bars show its range. Colour: who made "
                "the claim; shape: what it counted; a thin line joins one source's claims, named at its latest. "
                "Definitions differ, so points are not strictly comparable.")
    _frame(fig, title, subtitle, source_line(claims), below_axes=0.5)
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


# --- 3. implied casualty rate by claim ---------------------------------------------

@house_style
def implied_rate_by_source(figures: pd.DataFrame) -> Figure:
    """A forest plot: each claim's casualties as a share of those deployed, with its range."""
    estimates = estimates_by_source(figures, "casualties")
    estimates = estimates[estimates["rate_best"].notna()].sort_values(["as_of", "stated"]).reset_index(drop=True)
    fig, ax = _new_figure(height=max(7.4, 4.6 + 0.38 * len(estimates)))  # room for a two-line label per row
    if estimates.empty:
        return _no_data(fig, ax, "No casualty claim has a denominator", "no data", estimates)
    colours = _side_colours(estimates["side"].astype(str))
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
        ax.annotate(f"founding report, {s['source']}: {_claim(s)}", xy=(s["value"], 1.0),
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
    agreed = (f", {consensus['source'].iloc[0]}'s {_claim(consensus.reset_index().iloc[0])} of "
              f"{consensus['stated'].iloc[0]:%Y-%m-%d}" if len(consensus) else "")
    subtitle = ("Each row is one claim divided by a deployed figure (right): the source's own where it gave one, "
                f"otherwise the figure most sources agree on{agreed}. Lines: range from the hedges; "
                "marker: best estimate. Period figures are left out.")
    used = figures[figures["id"].isin(set(estimates["id"]) | set(estimates["denominator_id"]))]
    _frame(fig, title, subtitle, source_line(used), below_axes=1.25)
    fig.subplots_adjust(left=0.30, right=0.76)
    # the key sits a fixed 0.55 inch under the axes, whatever their height
    below = 0.55 / (ax.get_position().height * fig.get_figheight())
    ax.legend(handles=def_handles, loc="upper left", bbox_to_anchor=(-0.02, -below), ncols=2,
              fontsize=8, title="what was counted", title_fontsize=8, alignment="left")
    return fig


# --- 4. killed against wounded ------------------------------------------------------

@house_style
def killed_and_wounded(figures: pd.DataFrame) -> Figure:
    """Killed against wounded, for each statement that gave both."""
    pairs = killed_and_wounded_pairs(figures).sort_values("as_of", kind="stable").reset_index(drop=True)
    fig, ax = _new_figure(height=5.0)
    if pairs.empty:
        return _no_data(fig, ax, "No source gave both killed and wounded", "no data", figures.iloc[:0])
    y = np.arange(len(pairs))[::-1].astype(float)
    for label, colour, offset in (("killed", PALETTE[3], 0.18), ("wounded", PALETTE[1], -0.18)):
        suffix = f"_{label}"
        best = pairs[f"best{suffix}"].to_numpy()
        err = [best - pairs[f"low{suffix}"].to_numpy(), pairs[f"high{suffix}"].to_numpy() - best]
        bars = ax.barh(y + offset, best, height=0.34, color=colour, label=label, gid=f"bars-{label}")
        ranged = pairs[f"high{suffix}"].to_numpy() > pairs[f"low{suffix}"].to_numpy()
        ax.errorbar(best[ranged], (y + offset)[ranged], xerr=[e[ranged] for e in err], fmt="none", ecolor=DARK,
                    capsize=3, linewidth=1, gid=f"ranges-{label}")
        for rect, text in zip(bars, claim_text(pairs.rename(columns=lambda c: c.removesuffix(suffix))
                                               .loc[:, ["qualifier", "value", "low", "high", "unit"]])):
            ax.annotate(text, xy=(rect.get_width(), rect.get_y() + rect.get_height() / 2), xytext=(8, 0),
                        textcoords="offset points", va="center", fontsize=8, color=DARK)
    dated = format_date(pairs["as_of"], pairs["as_of_precision_killed"])
    ax.set_yticks(y, ["\n".join(textwrap.wrap(s, 28) + [d]) for s, d in zip(pairs["source"].astype(str), dated)],
                  fontsize=8)
    ax.set_xlabel("people")
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_xlim(0, pairs[["high_killed", "high_wounded"]].to_numpy().max() * 1.2)
    ax.grid(axis="y", visible=False)
    ax.legend(loc="upper right")
    last = pairs.iloc[-1]
    per = last["best_wounded"] / last["best_killed"]
    title = (f"{last['source']}: about {per:.0f} wounded for every one killed "
             f"({_date(last.rename({'as_of_precision_killed': 'as_of_precision'}))})")
    subtitle = "Killed and wounded from the same statement; error bars show each figure's range from its hedge."
    used = figures[figures["id"].isin(set(pairs["id_killed"]) | set(pairs["id_wounded"]))]
    _frame(fig, title, subtitle, source_line(used), below_axes=0.5)
    fig.subplots_adjust(left=0.25, right=0.95)
    return fig


# --- 5. the formations ------------------------------------------------------------

@house_style
def formations(figures: pd.DataFrame) -> Figure:
    """The formations sent, and how many were destroyed or badly hit, as stated in one report."""
    units = figures[figures["metric"] == "units"].sort_values("line")
    fig, ax = _new_figure(height=4.2)
    if units.empty:
        return _no_data(fig, ax, "No figure counts formations", "no data", units)
    whole = units.iloc[0]
    same = figures[(figures["report"] == whole["report"]) & (figures["subject"] == whole["subject"])
                   & (figures["unit"] == whole["unit"])]
    destroyed, damaged = _first(same, "units_destroyed"), _first(same, "units_damaged")
    n = int(whole["best"])
    n_destroyed = int(destroyed["best"]) if destroyed is not None else 0
    n_damaged = int(damaged["best"]) if damaged is not None else 0
    unit = str(whole["unit"])
    singular = FORMATION_SINGULAR.get(unit, unit)
    for i in range(n):  # one block per formation: drawing
        if i < n_destroyed:
            style, label = dict(facecolor=PALETTE[3], edgecolor="white", gid="destroyed"), "destroyed"
        elif i < n_destroyed + n_damaged:
            style, label = dict(facecolor="#f3c3a6", edgecolor=PALETTE[3], hatch="////", gid="damaged"), \
                "heavy losses"
        else:
            style, label = dict(facecolor=LIGHT, edgecolor="white", gid="unreported"), "no loss reported"
        ax.add_patch(Rectangle((i * 1.2, 0), 1, 1, **style))
        ax.text(i * 1.2 + 0.5, -0.15, f"{singular} {i + 1}\n{label}", ha="center", va="top", fontsize=10)
    ax.set_xlim(-0.2, n * 1.2)
    ax.set_ylim(-0.6, 1.1)
    ax.set_aspect("equal")
    ax.set_axis_off()
    was = "was" if n_destroyed == 1 else "were"
    title = (f"Of the {n} {unit} of {whole['subject']}, {n_destroyed} {was} destroyed and {n_damaged} "
             f"suffered heavy losses")
    subtitle = (f"As {whole['source']} stated on {whole['stated']:%Y-%m-%d}; no range was given, and "
                f"\"heavy losses\" was not quantified.")
    _frame(fig, title, subtitle, source_line(same), below_axes=0.1)
    return fig


# --- 6. forces in the same place --------------------------------------------------

@house_style
def forces_compared(figures: pd.DataFrame) -> Figure:
    """Troops of the focus subject against another force in the same place, from one report."""
    force = ratios(figures)
    force = force[force["ratio"] == "force_ratio"].sort_values("as_of")
    fig, ax = _new_figure(height=4.4)
    if force.empty:
        return _no_data(fig, ax, "No report compares two forces in one place", "no data", force)
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
    _frame(fig, title, subtitle, source_line(figures[figures["id"].isin(bars["id"])]), below_axes=0.5)
    fig.subplots_adjust(left=0.26, right=0.95)
    return fig


# --- writing ----------------------------------------------------------------------

#: file stem -> chart function, in the order the gallery shows them
CHARTS: dict[str, Callable[[pd.DataFrame], Figure]] = {
    "01-deployment-at-a-glance": deployment_at_a_glance,
    "02-casualty-claims-over-time": casualty_claims_over_time,
    "03-implied-rate-by-source": implied_rate_by_source,
    "04-killed-and-wounded": killed_and_wounded,
    "05-formations": formations,
    "06-forces-compared": forces_compared,
}


@dataclass
class ChartResult:
    name: str
    paths: list[Path]
    error: str | None = None


def save_figure(fig: Figure, path: Path) -> Path:
    """Write a figure atomically and reproducibly: temp file in the same folder, then rename."""
    fmt = path.suffix.lstrip(".")

    def draw(out) -> None:
        with matplotlib.rc_context(_style()):
            fig.savefig(out, format=fmt, metadata=_METADATA[fmt], **_OPTIONS.get(fmt, {}))

    return replace_atomically(path, draw)


def write_charts(figures: pd.DataFrame, out_dir: Path | str, formats: Iterable[str] = ("png",),
                 charts: dict[str, Callable[[pd.DataFrame], Figure]] | None = None, jobs: int = 1) -> list[ChartResult]:
    """Render every chart and write each in every format; one failing chart does not stop the others.

    ``jobs`` above 1 draws the charts in that many processes at once, forked
    from this one so that nothing is imported or loaded again; where a process
    cannot be forked safely (Windows, macOS) they are drawn here, one by one.
    Forking is for a process that runs no threads of its own, such as the
    ``casualty charts`` command; a Jupyter kernel does, so notebooks keep the
    default of 1. The results come back in the order of ``charts`` either way.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    formats = list(formats)
    items = list((charts or CHARTS).items())
    jobs = max(1, min(jobs, len(items))) if _can_fork() else 1
    shares = [items[i::jobs] for i in range(jobs)]  # charts in turn, so each process gets big and small ones
    children = [_fork(figures, out, formats, share) for share in shares[1:]]
    results = {result.name: result for result in _write_each(figures, out, formats, shares[0])}
    for (pid, pipe), share in zip(children, shares[1:]):
        results.update((result.name, result) for result in _collect(pid, pipe, share))
    return [results[name] for name, _ in items]


def _write_each(figures: pd.DataFrame, out: Path, formats: list[str], items) -> list[ChartResult]:
    results = []
    for name, draw in items:
        try:
            fig = draw(figures)
            paths = [save_figure(fig, out / f"{name}.{fmt}") for fmt in formats]
            results.append(ChartResult(name, paths))
        except Exception as error:  # reported by name; the other charts are still written
            results.append(ChartResult(name, [], f"{type(error).__name__}: {error}"))
    return results


def default_jobs() -> int:
    """How many processes `casualty charts` draws in: one per CPU this process may use, one per chart at most."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cpus or 1, len(CHARTS)))


def _can_fork() -> bool:
    # macOS system libraries are not safe to use in a forked child; Windows has no fork
    return hasattr(os, "fork") and sys.platform != "darwin"


def _fork(figures: pd.DataFrame, out: Path, formats: list[str], items) -> tuple[int, int]:
    """Start a process that draws ``items`` and sends back their results; returns its pid and the pipe to read."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: draw, report, and leave without running the parent's exit handlers
        status = 1
        try:
            os.close(read)
            results = _write_each(figures, out, formats, items)
            with os.fdopen(write, "wb") as pipe:
                pickle.dump(results, pipe)
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    return pid, read


def _collect(pid: int, read: int, items) -> list[ChartResult]:
    """The results a child process sent back; if it died first, each of its charts is reported as failed."""
    with os.fdopen(read, "rb") as pipe:
        sent = pipe.read()
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code == 0 and sent:
        return pickle.loads(sent)
    how = f"was killed by signal {-code}" if code < 0 else f"exited with code {code}"
    return [ChartResult(name, [], f"the process drawing it {how}") for name, _ in items]
