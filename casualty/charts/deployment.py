"""Chart 1, the deployment at a glance: of those deployed, how many were casualties, and how many captured."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from casualty.analyse import focus_subject, headline_report, ratios
from casualty.charts.frame import (
    GREY,
    LIGHT,
    PALE,
    PALETTE,
    claim_words,
    date_words,
    draw_no_data,
    first_running,
    house_figure,
    house_style,
    number_words,
    source_line,
)
from casualty.vocabulary import DEFINITIONS

COLUMNS = 20  # squares in a row


@dataclass(frozen=True, eq=False)
class DeploymentChart:
    """What chart 1 shows: one report's deployed, casualty and captured figures, as squares of people.

    The squares fill up to each bound in turn: the casualties' low bound, their
    high bound, the deployed figure's low bound, its high bound.
    """

    title: str
    subtitle: str
    source_line: str
    #: the figures drawn, in file order; with nothing to show, the report's figures about the subject
    rows: pd.DataFrame
    deployed: pd.Series | None = None
    casualties: pd.Series | None = None
    captured: pd.Series | None = None
    #: the captured as a percentage of the casualties (best estimates; analyse.ratios' capture_rate)
    captured_share: float | None = None
    casualty_words: str = ""  # what the casualty figure counted: 'killed, wounded or captured'
    people_per_square: float = 1
    casualties_low_squares: int = 0
    casualties_high_squares: int = 0
    deployed_low_squares: int = 0
    deployed_high_squares: int = 0

    @property
    def empty(self) -> bool:
        return self.deployed is None or self.casualties is None


def prepare_deployment_at_a_glance(figures: pd.DataFrame, report: str | None = None) -> DeploymentChart:
    """One report's deployed, casualty and captured figures about the focus subject, and the squares they fill.

    ``report`` defaults to analyse.headline_report, so that nothing from
    different sources is added together.

    >>> prepare_deployment_at_a_glance(load_figures()).casualties_low_squares  # doctest: +SKIP
    45
    """
    subject = focus_subject(figures)
    report = report or headline_report(figures, subject)
    about = figures[(figures["report"] == report) & (figures["subject"] == subject)]
    deployed, casualties, captured = (first_running(about, m) for m in ("deployed", "casualties", "captured"))
    if deployed is None or casualties is None:
        return DeploymentChart("No report gives both a deployed and a casualty figure", "", source_line(about), about)

    per_square = 10 ** round(math.log10(max(deployed["best"], 1) / 100))
    share = None
    if captured is not None:
        rates = ratios(figures)
        share = rates.loc[(rates["ratio"] == "capture_rate") & (rates["numerator_id"] == captured["id"])
                          & (rates["denominator_id"] == casualties["id"]), "best"].iloc[0] * 100
    words = DEFINITIONS[casualties["definition"]].phrase if casualties["definition"] in DEFINITIONS else "casualties"
    captured_text = f"; {claim_words(captured)} were captured" if captured is not None else ""
    rows = about[about["id"].isin([deployed["id"], casualties["id"]] + ([captured["id"]] if captured is not None
                                                                        else []))]
    return DeploymentChart(
        title=(f"{claim_words(casualties).capitalize()} of {claim_words(deployed)} {subject} were "
               f"{words}{captured_text}"),
        subtitle=(f"As stated in one report ({report}): deployed as of {date_words(deployed)}, casualties as of "
                  f"{date_words(casualties)}. Shaded ranges come from the hedges (\"about\", \"almost\")."),
        source_line=source_line(rows), rows=rows, deployed=deployed, casualties=casualties, captured=captured,
        captured_share=share, casualty_words=words, people_per_square=per_square,
        casualties_low_squares=int(casualties["low"] // per_square),
        casualties_high_squares=int(math.ceil(casualties["high"] / per_square)),
        deployed_low_squares=int(deployed["low"] // per_square),
        deployed_high_squares=int(deployed["high"] // per_square))


@house_style
def draw_deployment_at_a_glance(ax: Axes, chart: DeploymentChart) -> None:
    """Draw into ``ax`` one square per ``people_per_square`` people, the casualties first, with its key below."""
    if chart.empty:
        draw_no_data(ax)
        return
    total = max(chart.deployed_high_squares, chart.casualties_high_squares)
    for i in range(total):  # one square per `people_per_square` people: drawing, not data work
        row, col = divmod(i, COLUMNS)
        if i < chart.casualties_low_squares:
            style = dict(facecolor=PALETTE[3], edgecolor="white", gid="casualty-square")
        elif i < chart.casualties_high_squares:
            style = dict(facecolor=PALE, edgecolor=PALETTE[3], hatch="////", linewidth=0.6,
                         gid="casualty-range-square")
        elif i < chart.deployed_low_squares:
            style = dict(facecolor=LIGHT, edgecolor="white", gid="deployed-square")
        else:
            style = dict(facecolor="white", edgecolor=GREY, linestyle=(0, (2, 1.5)), linewidth=0.8,
                         gid="deployed-range-square")
        ax.add_artist(Rectangle((col, -row), 0.88, 0.88, **style))  # limits are set below: no autoscaling
    n_rows = math.ceil(total / COLUMNS)
    ax.set_xlim(-0.3, COLUMNS + 0.2)
    ax.set_ylim(-n_rows + 0.8, 1.6)
    ax.set_aspect("equal")
    ax.set_axis_off()

    casualties, deployed = chart.casualties, chart.deployed
    legend = [
        Patch(facecolor=PALETTE[3], label=f"{chart.casualty_words}: at least {number_words(casualties['low'])}"),
        Patch(facecolor=PALE, edgecolor=PALETTE[3], hatch="////",
              label=f"range of that estimate, up to {number_words(casualties['high'])}"),
        Patch(facecolor=LIGHT, label=f"deployed: at least {number_words(deployed['low'])}"),
        Patch(facecolor="white", edgecolor=GREY, linestyle="--",
              label=f"range of the deployed estimate, up to {number_words(deployed['high'])}"),
    ]
    ax.legend(handles=legend, loc="upper left", bbox_to_anchor=(0, -0.02), ncols=2, fontsize=8.5,
              title=f"Each square is {number_words(chart.people_per_square)} people", title_fontsize=8.5,
              alignment="left")
    if chart.captured is not None:
        ax.plot([0.44], [0.44], marker="o", markersize=4, color="black", gid="captured-marker")
        ax.annotate(f"{claim_words(chart.captured)} captured: {chart.captured_share:.2g}% of the casualties, too few "
                    "to fill a square", xy=(0.44, 0.88), xytext=(0.0, 1.35), fontsize=9, ha="left", va="center",
                    arrowprops=dict(arrowstyle="-", color="black", linewidth=0.8))


def deployment_at_a_glance(figures: pd.DataFrame, report: str | None = None) -> Figure:
    """A unit chart: of those deployed, how many were casualties, and how many captured.

    Uses one report's deployed, casualties and captured figures (by default the
    report with the most figures about the focus subject), so that nothing from
    different sources is added together.
    """
    return house_figure(prepare_deployment_at_a_glance(figures, report), draw_deployment_at_a_glance, height=5.6,
                        below_axes=0.75)
