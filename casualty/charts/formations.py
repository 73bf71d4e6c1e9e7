"""Chart 5, the formations: those sent, and how many were destroyed or badly hit, as one report states."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from casualty.charts.frame import LIGHT, PALE, PALETTE, first_running, frame, house_style, new_figure, no_data, source_line
from casualty.vocabulary import FORMATION_SINGULAR


@house_style
def formations(figures: pd.DataFrame) -> Figure:
    """The formations sent, and how many were destroyed or badly hit, as stated in one report."""
    units = figures[figures["metric"] == "units"].sort_values("line")
    fig, ax = new_figure(height=4.2)
    if units.empty:
        return no_data(fig, ax, "No figure counts formations", "no data", units)
    whole = units.iloc[0]
    same = figures[(figures["report"] == whole["report"]) & (figures["subject"] == whole["subject"])
                   & (figures["unit"] == whole["unit"])]
    destroyed, damaged = first_running(same, "units_destroyed"), first_running(same, "units_damaged")
    n = int(whole["best"])
    n_destroyed = int(destroyed["best"]) if destroyed is not None else 0
    n_damaged = int(damaged["best"]) if damaged is not None else 0
    unit = str(whole["unit"])
    singular = FORMATION_SINGULAR.get(unit, unit)
    for i in range(n):  # one block per formation: drawing
        if i < n_destroyed:
            style, label = dict(facecolor=PALETTE[3], edgecolor="white", gid="destroyed"), "destroyed"
        elif i < n_destroyed + n_damaged:
            style, label = dict(facecolor=PALE, edgecolor=PALETTE[3], hatch="////", gid="damaged"), \
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
    frame(fig, title, subtitle, source_line(same), below_axes=0.1)
    return fig
