"""Chart 1, the deployment at a glance: of those deployed, how many were casualties, and how many captured."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from casualty.analyse.claims import ratios
from casualty.analyse.focus import headline_report
from casualty.present.charts.frame import (
    GREY,
    LIGHT,
    PALE,
    PALETTE,
    alt_text,
    bound_words,
    chosen_subject,
    claim_words,
    date_words,
    draw_no_data,
    first_running,
    house_figure,
    house_style,
    number_words,
    others_text,
    source_line,
    subjects_with,
)
from casualty.present.wording import format_share
from casualty.vocabulary import DEFINITIONS, METRICS, QUALIFIERS

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
    #: the captured as a fraction of the casualties (best estimates; analyse.ratios' capture_rate), and as worded
    captured_share: float | None = None
    captured_share_text: str = ""
    casualty_words: str = ""  # what the casualty figure counted: 'killed, wounded or captured'
    people_per_square: float = 1
    casualties_low_squares: int = 0
    casualties_high_squares: int = 0
    deployed_low_squares: int = 0
    deployed_high_squares: int = 0
    alt: str = ""

    @property
    def empty(self) -> bool:
        return self.deployed is None or self.casualties is None


def prepare_deployment_at_a_glance(figures: pd.DataFrame, report: str | None = None,
                                   subject: str | None = None) -> DeploymentChart:
    """One report's deployed, casualty and captured figures about one subject, and the squares they fill.

    The subject is ``subject``, else the focus subject; where no report gives
    both figures about it (and no subject was asked for), the subject with the
    most figures among those a report does give both for. ``report`` defaults
    to analyse.headline_report, so that nothing from different reports is set
    side by side.

    >>> prepare_deployment_at_a_glance(load_figures()).casualties_low_squares  # doctest: +SKIP
    45
    """
    asked = subject
    subject = chosen_subject(figures, subject)
    report = report or headline_report(figures, subject)
    if report is None and asked is None:
        subject, report = _any_subject_with_both(figures, subject)
    about = figures[(figures["report"] == report) & (figures["subject"] == subject)]
    deployed, casualties, captured = (first_running(about, m) for m in ("deployed", "casualties", "captured"))
    if deployed is None or casualties is None:
        running = figures[figures["window_start"].isna()]
        n_deployed = running.loc[running["metric"] == "deployed", "report"].nunique()
        n_casualties = running.loc[running["metric"] == "casualties", "report"].nunique()
        return DeploymentChart(
            f"No report gives both a deployed and a casualty figure for one group ({n_deployed} "
            f"report{'s' * (n_deployed != 1)} give{'s' * (n_deployed == 1)} deployed figures, {n_casualties} "
            "casualty figures)", "", source_line(about), about)

    # about a hundred squares for the larger of the two, and a square is at least one person
    per_square = max(10 ** round(math.log10(max(deployed["best"], casualties["high"], 1) / 100)), 1)
    share = None
    if captured is not None:
        rates = ratios(about, focus=subject)  # a ratio's two figures are of one report and subject: these
        share = rates.loc[(rates["ratio"] == "capture_rate") & (rates["numerator_id"] == captured["id"])
                          & (rates["denominator_id"] == casualties["id"]), "best"]
        share = float(share.iloc[0]) if len(share) else None
    words = DEFINITIONS[casualties["definition"]].phrase if casualties["definition"] in DEFINITIONS else "casualties"
    captured_text = f"; {claim_words(captured)} were captured" if captured is not None else ""
    drawn = [deployed, casualties] + ([captured] if captured is not None else [])
    rows = about[about["id"].isin([r["id"] for r in drawn])]
    outlet, stated = str(casualties["outlet"]), f"{casualties['stated']:%Y-%m-%d}"
    # the finding first, then whose report it rests on
    finding = f"{claim_words(casualties)} of {claim_words(deployed)} {subject} were {words}{captured_text}"
    title = f"{finding[:1].upper()}{finding[1:]}, in one report ({outlet}, {stated})"
    each = "; ".join(f"{claim_words(r)} {METRICS[r['metric']].words if r['metric'] in METRICS else r['metric']} "
                     f"({r['source']}, as of {date_words(r)})" for r in drawn)
    hedges = sorted({QUALIFIERS[q].phrase for q in rows.loc[rows["low"] != rows["high"], "qualifier"].astype(str)
                     if q in QUALIFIERS and QUALIFIERS[q].phrase})
    shaded = (f" Hatched and dashed squares: the range the word{'s' * (len(hedges) > 1)} {_quoted(hedges)} "
              f"allow{'s' * (len(hedges) == 1)}." if hedges else "")
    subtitle = f"{each[:1].upper()}{each[1:]}.{shaded} {others_text(figures, subject, subjects_with(figures, ['deployed', 'casualties'], together=['report']))}"
    # a share of a few people is said as the count ('2 of about 5,000'), never as a percentage to the thousandth
    share_text = (f"{claim_words(captured)} of {claim_words(casualties)}" if share is not None and share < 0.01
                  else format_share([share])[0] if share is not None else "")
    alt = alt_text(f"A unit chart of {subject}, each square {number_words(per_square)} "
                   f"{'person' if per_square == 1 else 'people'}", title,
                   f"{each}." + (f" The captured are {share_text}." if share is not None and share < 0.01 else
                                 f" The captured are {share_text} of the casualties." if share is not None else ""),
                   rows)
    return DeploymentChart(
        title=title, subtitle=subtitle.strip(), source_line=source_line(rows), rows=rows, deployed=deployed,
        casualties=casualties, captured=captured, captured_share=share, captured_share_text=share_text,
        casualty_words=words, people_per_square=per_square,
        **_squares("casualties", casualties, per_square), **_squares("deployed", deployed, per_square), alt=alt)


def _squares(name: str, figure: pd.Series, per_square: float) -> dict[str, int]:
    """How many squares a figure fills: its low rounded down and its high up (a range never shrinks), or, for an
    exact figure, the nearest whole number of squares (no square then stands for a range no one stated)."""
    if figure["low"] == figure["high"]:
        low = high = int(round(figure["low"] / per_square))
    else:
        low, high = int(figure["low"] // per_square), int(math.ceil(figure["high"] / per_square))
    return {f"{name}_low_squares": low, f"{name}_high_squares": high}


def _quoted(words: list[str]) -> str:
    quoted = [f'"{w}"' for w in words]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _any_subject_with_both(figures: pd.DataFrame, focus: str) -> tuple[str, str | None]:
    """The subject with the most figures among those some report gives both a deployed and a casualty figure
    for, and that report (analyse.headline_report); the focus subject and None where there is none."""
    running = figures[figures["window_start"].isna() & figures["metric"].isin(["deployed", "casualties"])]
    pairs = running[["subject", "report", "metric"]].astype(str).drop_duplicates()
    both = pairs.groupby(["subject", "report"]).size()
    subjects = sorted({s for s, _ in both.index[both == 2]})
    if not subjects:
        return focus, None
    counts = figures.loc[figures["subject"].astype(str).isin(subjects), "subject"].astype(str).value_counts()
    subject = str(counts[counts == counts.max()].sort_index().index[0])
    return subject, headline_report(figures, subject)


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

    (casualties_low, casualties_high), (deployed_low, deployed_high) = (bound_words(chart.casualties),
                                                                          bound_words(chart.deployed))
    def least(figure: pd.Series, low: str) -> str:
        return f"at least {low}" if figure["low"] != figure["high"] else low

    legend = [Patch(facecolor=PALETTE[3], label=f"{chart.casualty_words}: {least(chart.casualties, casualties_low)}")]
    if chart.casualties_high_squares > chart.casualties_low_squares:
        legend.append(Patch(facecolor=PALE, edgecolor=PALETTE[3], hatch="////",
                            label=f"range of that estimate, up to {casualties_high}"))
    legend.append(Patch(facecolor=LIGHT, label=f"deployed: {least(chart.deployed, deployed_low)}"))
    if chart.deployed_high_squares > max(chart.deployed_low_squares, chart.casualties_high_squares):
        legend.append(Patch(facecolor="white", edgecolor=GREY, linestyle="--",
                            label=f"range of the deployed estimate, up to {deployed_high}"))
    exact = [f for f in (chart.casualties, chart.deployed) if f["low"] == f["high"]]
    rounded = (", an exact figure to the nearest square" if any(f["low"] % chart.people_per_square for f in exact)
               else "")
    ax.legend(handles=legend, loc="upper left", bbox_to_anchor=(0, -0.02), ncols=2, fontsize=8.5,
              title=f"Each square is {number_words(chart.people_per_square)} people" + rounded, title_fontsize=8.5,
              alignment="left")
    if chart.captured is not None:
        ax.plot([0.44], [0.44], marker="o", markersize=4, color="black", gid="captured-marker")
        share = ((f": {chart.captured_share_text}" if chart.captured_share < 0.01
                  else f": {chart.captured_share_text} of the casualties") if chart.captured_share_text else "")
        ax.annotate(f"{claim_words(chart.captured)} captured{share}, too few to fill a square", xy=(0.44, 0.88), xytext=(0.0, 1.35), fontsize=9, ha="left", va="center",
                    arrowprops=dict(arrowstyle="-", color="black", linewidth=0.8))


def deployment_at_a_glance(figures: pd.DataFrame, report: str | None = None, subject: str | None = None) -> Figure:
    """A unit chart: of those deployed, how many were casualties, and how many captured.

    Uses one report's deployed, casualties and captured figures (by default the
    report with the most figures about the focus subject), so that nothing from
    different sources is added together.
    """
    return house_figure(prepare_deployment_at_a_glance(figures, report, subject), draw_deployment_at_a_glance, height=5.6,
                        below_axes=0.75)
