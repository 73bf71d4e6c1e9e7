"""Chart 5, the formations: those sent, and how many were destroyed or badly hit, as one report states."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from casualty.present.charts.frame import (
    LIGHT,
    PALE,
    PALETTE,
    alt_text,
    chosen_subject,
    draw_no_data,
    first_running,
    house_figure,
    house_style,
    others_text,
    source_line,
    subjects_with,
)
from casualty.present.wording import counted
from casualty.vocabulary import FORMATION_SINGULAR

#: the most formations drawn as blocks
MAX_BLOCKS = 200

#: up to this many formations each block is labelled; beyond, the blocks run in rows and a key counts them
LABEL_EACH = 8

#: blocks in a row, beyond LABEL_EACH
ROW = 20

#: each block's kind: its style and its label
KINDS = {"destroyed": dict(facecolor=PALETTE[3], edgecolor="white", gid="destroyed"),
         # a pale fill, not hatching: across the charts hatching means a range
         "heavy losses": dict(facecolor=PALE, edgecolor=PALETTE[3], linewidth=1.5, gid="damaged"),
         "no loss reported": dict(facecolor=LIGHT, edgecolor="white", gid="unreported")}


@dataclass(frozen=True, eq=False)
class FormationsChart:
    """What chart 5 shows: the formations one report says were sent, and how many were destroyed or badly hit."""

    title: str
    subtitle: str
    source_line: str
    #: the report's figures about those formations (sent, destroyed, damaged); none when no figure counts any
    rows: pd.DataFrame
    unit: str = ""  # the formations' unit, plural: 'brigades'
    singular: str = ""  # and singular: 'brigade'
    sent: int = 0
    destroyed: int = 0
    damaged: int = 0  # with heavy losses
    alt: str = ""

    @property
    def empty(self) -> bool:
        return self.rows.empty


def prepare_formations(figures: pd.DataFrame, subject: str | None = None) -> FormationsChart:
    """The first figure that counts one subject's formations, with those its report says were destroyed or hit.

    The subject is ``subject``, else the focus subject; where no figure counts
    its formations (and none was asked for), the first figure that counts any.

    >>> prepare_formations(load_figures()).title                    # doctest: +SKIP
    'Volodymyr Zelenskyy: of the 3 brigades of North Korean troops in Kursk, 1 was destroyed and 2 suffered heavy losses'
    """
    asked = subject
    subject = chosen_subject(figures, subject)
    units = figures[(figures["metric"] == "units") & figures["window_start"].isna()].sort_values("line")
    own = units[units["subject"].astype(str) == subject]
    units = own if len(own) or asked is not None else units
    if units.empty:
        return FormationsChart(f"No figure counts the formations of {subject}" if asked else
                               "No figure in the data counts formations of troops", "",
                               source_line(units), units)
    sent = units.iloc[0]
    rows = figures[(figures["report"] == sent["report"]) & (figures["subject"] == sent["subject"])
                   & (figures["unit"] == sent["unit"])]
    destroyed, damaged = first_running(rows, "units_destroyed"), first_running(rows, "units_damaged")
    n_sent = int(round(sent["best"]))
    n_destroyed = min(int(round(destroyed["best"])), n_sent) if destroyed is not None else 0
    n_damaged = min(int(round(damaged["best"])), n_sent - n_destroyed) if damaged is not None else 0
    unit = str(sent["unit"])
    was = "was" if n_destroyed == 1 else "were"
    units_of = FORMATION_SINGULAR.get(unit, unit) if n_sent == 1 else unit  # 'the 1 brigade', 'the 3 brigades'
    title = (f"{sent['source']}: of the {n_sent} {units_of} of {sent['subject']}, {n_destroyed} {was} destroyed and "
             f"{n_damaged} suffered heavy losses")
    hedged = bool((rows["low"] != rows["high"]).any())
    subtitle = (f"As {sent['source']} stated on {sent['stated']:%Y-%m-%d}, one claim, not confirmed here; "
                + ("" if hedged else "no range was given; ")
                + "\"heavy losses\" was not quantified. Each block is one of the "
                + f"{unit}, not a named one. "
                + (f"There are too many to draw one block each ({n_sent:,}); only the numbers are given. "
                   if n_sent > MAX_BLOCKS else
                   "The blocks are too many to label one by one: the key counts them. " if n_sent > LABEL_EACH
                   else "")
                + others_text(figures, str(sent["subject"]), subjects_with(figures, ["units"])))
    alt = alt_text(f"A chart of {counted(n_sent, 'block')}, one for each of the {unit} of {sent['subject']}", title,
                   f"{n_destroyed} destroyed, {n_damaged} with heavy losses, "
                   f"{n_sent - n_destroyed - n_damaged} with no loss reported.", rows)
    return FormationsChart(
        title=title, subtitle=subtitle.strip(), source_line=source_line(rows), rows=rows, unit=unit,
        singular=FORMATION_SINGULAR.get(unit, unit), sent=n_sent, destroyed=n_destroyed, damaged=n_damaged, alt=alt)


@house_style
def draw_formations(ax: Axes, chart: FormationsChart) -> None:
    """Draw one block per formation sent into ``ax``: the destroyed first, then those badly hit, each labelled."""
    if chart.empty:
        draw_no_data(ax)
        return
    if chart.sent > MAX_BLOCKS:  # so many formations are a number, not a picture
        ax.set_axis_off()
        ax.text(0.5, 0.5, f"{chart.sent:,} {chart.unit}: {chart.destroyed:,} destroyed, {chart.damaged:,} with heavy "
                f"losses", ha="center", va="center", fontsize=11, transform=ax.transAxes)
        return
    if chart.sent > LABEL_EACH:
        _draw_rows_of_blocks(ax, chart)
        return
    for i in range(chart.sent):  # one block per formation: drawing
        if i < chart.destroyed:
            style, label = dict(facecolor=PALETTE[3], edgecolor="white", gid="destroyed"), "destroyed"
        elif i < chart.destroyed + chart.damaged:
            # a pale fill, not hatching: across the charts hatching means a range
            style, label = dict(facecolor=PALE, edgecolor=PALETTE[3], linewidth=1.5, gid="damaged"), "heavy losses"
        else:
            style, label = dict(facecolor=LIGHT, edgecolor="white", gid="unreported"), "no loss reported"
        ax.add_patch(Rectangle((i * 1.2, 0), 1, 1, **style))
        ax.text(i * 1.2 + 0.5, -0.15, label, ha="center", va="top", fontsize=10)
    ax.set_xlim(-0.2, chart.sent * 1.2)
    ax.set_ylim(-0.6, 1.1)
    ax.set_aspect("equal")
    ax.set_axis_off()


def _draw_rows_of_blocks(ax: Axes, chart: FormationsChart) -> None:
    """Many formations: blocks in rows of :data:`ROW`, the destroyed first, and a key that counts each kind."""
    counts = {"destroyed": chart.destroyed, "heavy losses": chart.damaged,
              "no loss reported": chart.sent - chart.destroyed - chart.damaged}
    kinds = [kind for kind, n in counts.items() for _ in range(n)]
    for i, kind in enumerate(kinds):  # one block per formation, at most MAX_BLOCKS: drawing
        ax.add_patch(Rectangle((i % ROW * 1.2, -(i // ROW) * 1.2), 1, 1, **KINDS[kind]))
    rows = -(-chart.sent // ROW)
    ax.set_xlim(-0.2, min(chart.sent, ROW) * 1.2)
    ax.set_ylim(-(rows - 1) * 1.2 - 0.2, 1.1)
    ax.set_aspect("equal")
    ax.set_axis_off()
    handles = [Rectangle((0, 0), 1, 1, **{k: v for k, v in KINDS[kind].items() if k != "gid"}) for kind in counts]
    ax.legend(handles, [f"{kind}: {n:,}" for kind, n in counts.items()], loc="upper center",
              bbox_to_anchor=(0.5, 0), ncols=3, fontsize=10, frameon=False)


def formations(figures: pd.DataFrame, subject: str | None = None) -> Figure:
    """The formations sent, and how many were destroyed or badly hit, as stated in one report."""
    return house_figure(prepare_formations(figures, subject), draw_formations, height=4.2, below_axes=0.1)
