"""Chart 1, the deployment at a glance: of those deployed, how many were casualties, and how many captured."""

from __future__ import annotations

import math

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from casualty.analyse import focus_subject, headline_report, ratios
from casualty.charts.frame import (
    GREY, LIGHT, PALE, PALETTE, claim_words, date_words, first_running, frame, house_style, new_figure, no_data,
    number_words, source_line,
)
from casualty.vocabulary import DEFINITIONS


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
    fig, ax = new_figure(height=5.6)
    deployed, casualties, captured = (first_running(rows, m) for m in ("deployed", "casualties", "captured"))
    if deployed is None or casualties is None:
        return no_data(fig, ax, "No report gives both a deployed and a casualty figure", "no data", rows)

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
            style = dict(facecolor=PALE, edgecolor=PALETTE[3], hatch="////", linewidth=0.6,
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
        Patch(facecolor=PALETTE[3], label=f"{words}: at least {number_words(casualties['low'])}"),
        Patch(facecolor=PALE, edgecolor=PALETTE[3], hatch="////",
              label=f"range of that estimate, up to {number_words(casualties['high'])}"),
        Patch(facecolor=LIGHT, label=f"deployed: at least {number_words(deployed['low'])}"),
        Patch(facecolor="white", edgecolor=GREY, linestyle="--",
              label=f"range of the deployed estimate, up to {number_words(deployed['high'])}"),
    ]
    ax.legend(handles=legend, loc="upper left", bbox_to_anchor=(0, -0.02), ncols=2, fontsize=8.5,
              title=f"Each square is {number_words(per_square)} people", title_fontsize=8.5, alignment="left")
    if captured is not None:
        rates = ratios(figures)
        share = rates.loc[(rates["ratio"] == "capture_rate") & (rates["numerator_id"] == captured["id"])
                          & (rates["denominator_id"] == casualties["id"]), "best"].iloc[0] * 100
        ax.plot([0.44], [0.44], marker="o", markersize=4, color="black", gid="captured-marker")
        ax.annotate(f"{claim_words(captured)} captured: {share:.2g}% of the casualties, too few to fill a square",
                    xy=(0.44, 0.88), xytext=(0.0, 1.35), fontsize=9, ha="left", va="center",
                    arrowprops=dict(arrowstyle="-", color="black", linewidth=0.8))
    captured_text = f"; {claim_words(captured)} were captured" if captured is not None else ""
    title = (f"{claim_words(casualties).capitalize()} of {claim_words(deployed)} {subject} were {words}{captured_text}")
    subtitle = (f"As stated in one report ({report}): deployed as of {date_words(deployed)}, casualties as of "
                f"{date_words(casualties)}. Shaded ranges come from the hedges (\"about\", \"almost\").")
    frame(fig, title, subtitle, source_line(rows[rows["id"].isin([deployed["id"], casualties["id"]] + (
        [captured["id"]] if captured is not None else []))]), below_axes=0.75)
    return fig
