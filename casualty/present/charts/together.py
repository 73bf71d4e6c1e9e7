"""Chart 7, claims taken together: the bounds every consistent running total allows over time.

The band is what one rising count through the largest consistent set of claims
can have been at each date (casualty.analyse.joint.joint_bounds); each claim is drawn
as its own range, and the claims no such count can meet are marked and named.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from casualty.analyse.joint import OPEN_ENDED, joint_bounds
from casualty.present.charts.frame import (
    DARK,
    PALE,
    PALETTE,
    alt_text,
    chosen_subject,
    date_axis,
    draw_no_data,
    house_figure,
    house_style,
    number_words,
    others_text,
    source_line,
    subjects_with,
)
from casualty.present.wording import claim_text, count_bounds_text, counted, format_date
from casualty.vocabulary import DEFINITIONS, METRICS, QUALIFIERS

#: consistent -> colour and key label of a claim's range
VERDICTS = {
    "yes": (PALETTE[0], "claim in the largest consistent set"),
    "tie": (PALETTE[1], "claim left out: an equally large set holds it"),
    "no": (PALETTE[3], "claim no rising count through the set can meet"),
}
#: at most this many claims outside the set are named on the chart; the subtitle counts the rest
NAMED = 6


@dataclass(frozen=True, eq=False)
class TogetherChart:
    """What chart 7 shows: the claims of one metric, subject and definition, and the band they allow together."""

    title: str
    subtitle: str
    source_line: str
    #: casualty.analyse.joint.joint_bounds, one row per claim, with ``claim`` as worded
    rows: pd.DataFrame
    #: the band: one row per instant of a consistent claim, ``at``, ``low`` and ``high`` (from there to the next)
    band: pd.DataFrame | None = None
    #: the claims outside the chosen set that the chart names
    named: pd.DataFrame | None = None
    alt: str = ""

    @property
    def empty(self) -> bool:
        return self.rows.empty


def _band(bounds: pd.DataFrame) -> pd.DataFrame:
    """From each instant of a consistent claim to the next: the highest low so far and the lowest high to come."""
    kept = bounds[bounds["consistent"] == "yes"]
    at = kept.groupby("ordered_at", sort=True).agg(low=("joint_low", "max"), here=("joint_high", "min"))
    # between two instants the count is above the low reached and below the high of the next
    high = at["here"].shift(-1).fillna(at["here"])
    band = pd.DataFrame({"at": at.index, "low": np.floor(at["low"].to_numpy()), "high": np.ceil(high.to_numpy())})
    # the last bounds drawn a little past the last claim, so that they show
    span = max(band["at"].iloc[-1] - band["at"].iloc[0], pd.Timedelta(days=30))
    end = band.iloc[[-1]].assign(at=band["at"].iloc[-1] + span * 0.02)
    return pd.concat([band, end], ignore_index=True)


def _to_name(outside: pd.DataFrame) -> pd.DataFrame:
    """The claims outside the set that the chart names, at most :data:`NAMED`, in date order: those furthest
    from the band first, each apart from the others by a fiftieth of the dates drawn so that no two numbers meet."""
    if len(outside) <= NAMED:
        return outside
    gap = np.maximum(outside["joint_low"] - outside["high"], outside["low"] - outside["joint_high"])
    order = outside.assign(_gap=gap / np.maximum(outside["joint_low"].abs(), 1)).sort_values(
        ["_gap", "ordered_at"], ascending=[False, True], kind="stable")
    at = order["ordered_at"].to_numpy()
    apart = (at.max() - at.min()) / 50
    picked: list[int] = []
    for i in range(len(order)):  # a few picks: stops at NAMED
        if all(abs(at[i] - at[j]) > apart for j in picked):
            picked.append(i)
            if len(picked) == NAMED:
                break
    return order.iloc[picked].drop(columns="_gap").sort_values("ordered_at", kind="stable")


def prepare_claims_taken_together(figures: pd.DataFrame, metric: str | None = None, open_ended: bool = True,
                                  subject: str | None = None) -> TogetherChart:
    """The running totals of ``metric`` about the focus subject, the largest consistent set and its band.

    The title states what the consistent claims allow at the date of the last
    of them; the subtitle names the claims that bound it there.
    """
    subject = chosen_subject(figures, subject) if len(figures) else (subject or "")
    # a joint bound is of one subject's claims: they are all it reads
    about = figures[figures["subject"] == subject]
    bounds = joint_bounds(about, metric=metric, subject=subject, open_ended=open_ended)
    metric = bounds.attrs["metric"]
    what = (DEFINITIONS[bounds.attrs["definition"]].phrase if bounds.attrs["definition"] in DEFINITIONS
            else METRICS[metric].words if metric in METRICS else metric)
    if bounds.empty:
        return TogetherChart(f"No running totals of {what} about {subject} to put together", "",
                             source_line(figures.iloc[:0]), bounds)
    rows = about.set_index("id").loc[bounds["id"]].reset_index()
    bounds = bounds.assign(claim=claim_text(rows).to_numpy(), report=rows["report"].to_numpy(),
                           outlet=rows["outlet"].astype(str).to_numpy(),
                           stated=rows["stated"].to_numpy(), qualifier=rows["qualifier"].astype(str).to_numpy())
    kept = bounds[bounds["consistent"] == "yes"]
    last = kept.iloc[-1]
    when = format_date([last["as_of"]], [last["as_of_precision"]]).iloc[0]  # the claim's own date: '2025-11', not a day
    # the claims that give the bounds at the last date: the highest low so far, the lowest high from there
    at_or_before = kept[kept["ordered_at"] <= last["ordered_at"]]
    by_low = at_or_before[at_or_before["low"] == last["joint_low"]].iloc[-1]
    by_high = kept[(kept["ordered_at"] >= last["ordered_at"]) & (kept["high"] == last["joint_high"])]
    binding = [by_low] + ([by_high.iloc[0]] if len(by_high) and by_high.iloc[0]["id"] != by_low["id"] else [])
    rests = " and ".join(f"{b['source']}'s {b['claim']} ({format_date([b['as_of']], [b['as_of_precision']]).iloc[0]})"
                         for b in binding)
    outside = bounds[bounds["consistent"] != "yes"]
    named = _to_name(outside)
    left_out = (f"{counted(len(outside), 'claim')} outside it"
                + (f", {len(named)} named" if len(outside) > len(named) else "")) if len(outside) else "none outside it"
    rule = ("A bound only the qualifier rule gives on a side the words leave open (the high of 'more than', the low "
            "of 'up to') is not used, and a count of names or records bounds from below only. " if open_ended else
            "Every bound is read as the qualifier rule gives it, the high of 'more than' too. ")
    subtitle = (f"Running totals of {what} by the date each describes. The band is what one rising count "
                f"through the largest consistent set ({len(kept):,} of {counted(len(bounds), 'claim')}; {left_out}) can have "
                f"been. {rule}At {when} it rests on {rests}.")
    # a high that only the rule for 'more than' or 'at least' gives is no finding: the title says 'at least'
    ruled_high = not open_ended and bool(len(by_high)) and by_high.iloc[0]["qualifier"] in OPEN_ENDED
    high_said = np.inf if ruled_high else last["joint_high"]
    if ruled_high:
        subtitle += (f" Its high, {number_words(math.ceil(last['joint_high']))}, is only the rule's for "
                     f"'{QUALIFIERS[by_high.iloc[0]['qualifier']].phrase}', "
                     "so the title gives the low alone.")
    # the model assumes every claim counts the same thing: the title says so, and whose claims they are
    allowed = f"{count_bounds_text([last['joint_low']], [high_said], ' to ')[0]} {subject} {what} by {when}"
    # 'these 1 of 3 claims count the same thing' says nothing: one claim is said to allow, not to agree
    title = (f"The one claim allows {allowed}" if len(bounds) == 1 else
             f"No two of the {len(bounds):,} claims fit one rising count; taken alone, one allows {allowed}"
             if len(kept) == 1 else
             f"If these {len(kept):,} of {len(bounds):,} claims count the same thing, together they allow {allowed}")
    others = others_text(figures, subject, subjects_with(figures, [metric]))
    subtitle = f"{subtitle} {others}".strip()
    shown = about[about["id"].isin(bounds["id"])]
    facts = (f"The largest consistent set holds {len(kept):,} of {counted(len(bounds), 'claim')}. "
             + "".join(f"Outside it: {r.source}, {r.claim} ({format_date([r.as_of], [r.as_of_precision]).iloc[0]}). "
                       for r in named.itertuples())).strip()
    alt = alt_text(f"A chart of {counted(len(bounds), 'running total')} of {what} about {subject} over time, each as its "
                   "range, with the band one rising count through the consistent ones allows", title, facts, shown)
    return TogetherChart(title, subtitle, source_line(shown), bounds, _band(bounds), named, alt)


@house_style
def draw_claims_taken_together(ax: Axes, chart: TogetherChart) -> None:
    """Draw the band, every claim's range coloured by whether it fits, and the names of those that do not."""
    if chart.empty:
        draw_no_data(ax)
        return
    rows, band = chart.rows, chart.band
    finite = np.isfinite(rows["high"].to_numpy())
    top = max(float(rows.loc[finite, "high"].max()) if finite.any() else 0.0, float(rows["low"].max())) * 1.12
    ax.fill_between(band["at"], band["low"], np.minimum(band["high"], top), step="post", color=PALE,
                    alpha=0.8, linewidth=0, gid="joint-band")
    for verdict, (colour, _) in VERDICTS.items():
        mine = rows[rows["consistent"] == verdict]
        if mine.empty:
            continue
        high = np.minimum(mine["high"].to_numpy(), top)
        ax.vlines(mine["ordered_at"], mine["low"], high, color=colour, linewidth=2.2, gid=f"claims-{verdict}")
        ax.scatter(mine["ordered_at"], mine["low"], s=14, color=colour, zorder=3)
        opened = ~np.isfinite(mine["high"].to_numpy())
        if opened.any():  # no upper bound: an arrow to the top
            ax.scatter(mine["ordered_at"][opened], high[opened], marker="^", s=22, color=colour, zorder=3)
    # the claims outside the set are numbered beside their ranges and named in the key
    named = []
    for i, r in enumerate(chart.named.itertuples(), start=1):
        mid = (r.low + min(r.high, top)) / 2
        ax.annotate(str(i), xy=(r.ordered_at, mid), xytext=(4, 0), textcoords="offset points", fontsize=8,
                    weight="bold", color=DARK, va="center", gid="named-claims")
        when = format_date([r.as_of], [r.as_of_precision]).iloc[0]
        named.append(Line2D([], [], linestyle="none", marker=f"${i}$", color=DARK, markersize=6,
                            label=f"{r.source}: {r.claim} ({when})"))
    ax.set_ylim(0, top)
    ax.set_ylabel("people")
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    handles = [Patch(color=PALE, label="what the consistent claims allow together")]
    handles += [Line2D([], [], color=c, linewidth=2.2, label=label) for v, (c, label) in VERDICTS.items()
                if (rows["consistent"] == v).any()]
    # the key under the dates, where no band or claim can be: a rising band fills any corner of a long series
    below = TICKS_ROOM / (ax.get_position().height * ax.figure.get_figheight())
    ax.legend(handles=handles + named, loc="upper left", bbox_to_anchor=(0, -below), fontsize=8, frameon=False,
              borderaxespad=0, borderpad=0)
    date_axis(ax)  # every tick with its year: a series that starts in December has no January tick before it


#: inches under the plot that the dates take, and that each line of the key takes
TICKS_ROOM, KEY_LINE = 0.5, 0.18


def _key_lines(chart: TogetherChart) -> int:
    """How many lines the key of :func:`draw_claims_taken_together` has: the band, each kind of claim drawn, each
    claim named."""
    return 0 if chart.empty else 1 + int(chart.rows["consistent"].nunique()) + len(chart.named)


def claims_taken_together(figures: pd.DataFrame, metric: str | None = None, open_ended: bool = True,
                          subject: str | None = None) -> Figure:
    """The running totals of one metric about the focus subject, and the bounds they allow together."""
    chart = prepare_claims_taken_together(figures, metric, open_ended, subject)
    key = KEY_LINE * _key_lines(chart)
    return house_figure(chart, draw_claims_taken_together, height=5.6 + key, below_axes=TICKS_ROOM + key + 0.1)
