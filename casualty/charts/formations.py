"""Chart 5, the formations: those sent, and how many were destroyed or badly hit, as one report states."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from casualty.charts.frame import (
    LIGHT,
    PALE,
    PALETTE,
    draw_no_data,
    first_running,
    house_figure,
    house_style,
    source_line,
)
from casualty.vocabulary import FORMATION_SINGULAR


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

    @property
    def empty(self) -> bool:
        return self.rows.empty


def prepare_formations(figures: pd.DataFrame) -> FormationsChart:
    """The first figure that counts formations, with those its report says were destroyed or badly hit.

    >>> prepare_formations(load_figures()).title                    # doctest: +SKIP
    'Of the 3 brigades of North Korean troops in Kursk, 1 was destroyed and 2 suffered heavy losses'
    """
    units = figures[figures["metric"] == "units"].sort_values("line")
    if units.empty:
        return FormationsChart("No figure counts formations", "", source_line(units), units)
    sent = units.iloc[0]
    rows = figures[(figures["report"] == sent["report"]) & (figures["subject"] == sent["subject"])
                   & (figures["unit"] == sent["unit"])]
    destroyed, damaged = first_running(rows, "units_destroyed"), first_running(rows, "units_damaged")
    n_destroyed = int(destroyed["best"]) if destroyed is not None else 0
    n_damaged = int(damaged["best"]) if damaged is not None else 0
    unit = str(sent["unit"])
    was = "was" if n_destroyed == 1 else "were"
    return FormationsChart(
        title=(f"Of the {int(sent['best'])} {unit} of {sent['subject']}, {n_destroyed} {was} destroyed and "
               f"{n_damaged} suffered heavy losses"),
        subtitle=(f"As {sent['source']} stated on {sent['stated']:%Y-%m-%d}; no range was given, and "
                  f"\"heavy losses\" was not quantified."),
        source_line=source_line(rows), rows=rows, unit=unit, singular=FORMATION_SINGULAR.get(unit, unit),
        sent=int(sent["best"]), destroyed=n_destroyed, damaged=n_damaged)


@house_style
def draw_formations(ax: Axes, chart: FormationsChart) -> None:
    """Draw one block per formation sent into ``ax``: the destroyed first, then those badly hit, each labelled."""
    if chart.empty:
        draw_no_data(ax)
        return
    for i in range(chart.sent):  # one block per formation: drawing
        if i < chart.destroyed:
            style, label = dict(facecolor=PALETTE[3], edgecolor="white", gid="destroyed"), "destroyed"
        elif i < chart.destroyed + chart.damaged:
            style, label = dict(facecolor=PALE, edgecolor=PALETTE[3], hatch="////", gid="damaged"), "heavy losses"
        else:
            style, label = dict(facecolor=LIGHT, edgecolor="white", gid="unreported"), "no loss reported"
        ax.add_patch(Rectangle((i * 1.2, 0), 1, 1, **style))
        ax.text(i * 1.2 + 0.5, -0.15, f"{chart.singular} {i + 1}\n{label}", ha="center", va="top", fontsize=10)
    ax.set_xlim(-0.2, chart.sent * 1.2)
    ax.set_ylim(-0.6, 1.1)
    ax.set_aspect("equal")
    ax.set_axis_off()


def formations(figures: pd.DataFrame) -> Figure:
    """The formations sent, and how many were destroyed or badly hit, as stated in one report."""
    return house_figure(prepare_formations(figures), draw_formations, height=4.2, below_axes=0.1)
