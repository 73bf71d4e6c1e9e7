"""Chart 4, killed and wounded: the two side by side, for each statement that gave both.

A statement gives both for the same date, or for the same period (a figure with a ``window_start``): a pair
given for a period is drawn too, labelled with its period.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from casualty.analyse.claims import STATEMENT, plain_figures
from casualty.present.charts.frame import (
    DARK,
    PALETTE,
    alt_text,
    chosen_subject,
    draw_no_data,
    house_figure,
    house_style,
    others_text,
    source_line,
)
from casualty.present.wording import claim_text, counted, format_date, format_ratio

#: each bar of a statement: its figure's column suffix (analyse.killed_and_wounded_pairs), colour and place
BARS = (("killed", PALETTE[3], 0.18), ("wounded", PALETTE[1], -0.18))

#: At most this many statements are drawn: the latest.
MOST_STATEMENTS = 12


@dataclass(frozen=True, eq=False)
class KilledAndWoundedChart:
    """What chart 4 shows: the killed and the wounded of each statement that gave both, in date order."""

    title: str
    subtitle: str
    source_line: str
    #: one row per statement (analyse.killed_and_wounded_pairs), oldest first, with each figure's claim as worded
    #: (``claim_killed``, ``claim_wounded``) and the date or period it describes (``dated``: '2025-01-13', or
    #: '2024-02-01 to 2024-02-07' for a pair given for a period)
    rows: pd.DataFrame
    #: the latest statement's wounded for every one killed, which the title states
    wounded_per_killed: float | None = None
    alt: str = ""

    @property
    def empty(self) -> bool:
        return self.rows.empty


def prepare_killed_and_wounded(figures: pd.DataFrame, subject: str | None = None) -> KilledAndWoundedChart:
    """One subject's statements of killed and wounded; the title says how many wounded for every one killed in
    the latest.

    >>> prepare_killed_and_wounded(load_figures()).wounded_per_killed  # doctest: +SKIP
    9.0
    """
    subject = chosen_subject(figures, subject)
    # a statement is about one subject: its pairs are those of the subject's own figures, found among them only
    about = figures[figures["subject"] == subject]
    pairs = statement_pairs(about).sort_values("as_of", kind="stable").reset_index(drop=True)
    if pairs.empty:
        return KilledAndWoundedChart(f"No source gave both killed and wounded for {subject}", "",
                                     source_line(figures.iloc[:0]), pairs)
    earlier = max(0, len(pairs) - MOST_STATEMENTS)
    pairs = pairs.iloc[earlier:].reset_index(drop=True)  # the latest that fit; the title's statement among them
    claims = {f"claim_{label}": claim_text(pairs.rename(columns=lambda c, label=label: c.removesuffix(f"_{label}"))
                                           .loc[:, ["qualifier", "value", "low", "high", "unit"]])
              for label, _, _ in BARS}
    pairs = pairs.assign(**claims, dated=_dated(pairs))
    last = pairs.iloc[-1]
    per = last["best_wounded"] / last["best_killed"] if last["best_killed"] else float("nan")
    exact = last["low_killed"] == last["high_killed"] and last["low_wounded"] == last["high_wounded"]
    # two significant figures, and no '.0' that claims a tenth nobody counted ('about 9', not 'about 9.0')
    per_text = format_ratio(["force_ratio"], [per]).iloc[0].removesuffix(" to 1").removesuffix(".0") if per == per else ""
    when = last["dated"]
    title = (f"{last['source']}: {'' if exact else 'about '}{per_text} wounded for every one killed among "
             f"{subject} ({when})" if per_text else f"{last['source']}: no one killed among {subject} ({when})")
    rows = about[about["id"].isin(set(pairs["id_killed"]) | set(pairs["id_wounded"]))]
    left_out = (f"Only the latest {counted(len(pairs), 'statement')} are drawn; {counted(earlier, 'earlier statement')} "
                f"{'is' if earlier == 1 else 'are'} not." if earlier else "")
    periods = "A pair given for a period is labelled with its period." if pairs["period"].any() else ""
    subtitle = " ".join(part for part in (
        "Killed and wounded from the same statement, for the same date or period; error bars show each figure's "
        "range from its words.", left_out, periods,
        others_text(figures, subject, statement_pairs(figures)[["subject"]])) if part)
    facts = "; ".join(f"{s}, {d}: {k} killed, {w} wounded" for s, d, k, w in
                      zip(pairs["source"].astype(str), pairs["dated"], pairs["claim_killed"], pairs["claim_wounded"]))
    return KilledAndWoundedChart(
        title=title, subtitle=subtitle.strip(), source_line=source_line(rows), rows=pairs, wounded_per_killed=per,
        alt=alt_text(f"A bar chart of killed and wounded among {subject}, one pair of bars per statement", title,
                     facts + ".", rows))


def statement_pairs(figures: pd.DataFrame) -> pd.DataFrame:
    """The killed and wounded figures given in one statement for the same date or the same period, one row per pair.

    As :func:`casualty.analyse.claims.killed_and_wounded_pairs`, whose pairs are running totals, and besides them the
    pairs of period figures (``period`` True): a statement gives a pair for a period when both figures have its
    ``window_start`` and ``as_of``. A running total and a period figure are never a pair.
    """
    plain = plain_figures(figures)
    # a running total's window_start is blank in both figures: blank keys match, as pandas merges them
    return plain[plain["metric"] == "killed"].merge(plain[plain["metric"] == "wounded"],
                                                   on=[*STATEMENT, "window_start", "period"],
                                                   suffixes=("_killed", "_wounded"))


def _dated(pairs: pd.DataFrame) -> pd.Series:
    """What each pair describes, at its precision: its date, or its period from start to end."""
    end = format_date(pairs["as_of"], pairs["as_of_precision_killed"])
    start = format_date(pairs["window_start"], pairs["window_start_precision_killed"])
    return end.where(~pairs["period"].to_numpy(), start + " to " + end)


@house_style
def draw_killed_and_wounded(ax: Axes, chart: KilledAndWoundedChart) -> None:
    """Draw into ``ax`` a pair of bars per statement, killed above wounded, each with its range and claim."""
    if chart.empty:
        draw_no_data(ax)
        return
    pairs = chart.rows
    y = np.arange(len(pairs))[::-1].astype(float)
    for label, colour, offset in BARS:
        low, best, high = (pairs[f"{bound}_{label}"].to_numpy() for bound in ("low", "best", "high"))
        bars = ax.barh(y + offset, best, height=0.34, color=colour, label=label, gid=f"bars-{label}")
        ranged = high > low
        ax.errorbar(best[ranged], (y + offset)[ranged], xerr=[(best - low)[ranged], (high - best)[ranged]],
                    fmt="none", ecolor=DARK, capsize=3, linewidth=1, gid=f"ranges-{label}")
        # each label past its bar and its error bar, never struck through by the range
        for rect, text, end in zip(bars, pairs[f"claim_{label}"], np.maximum(best, high)):
            ax.annotate(text, xy=(end, rect.get_y() + rect.get_height() / 2), xytext=(8, 0),
                        textcoords="offset points", va="center", fontsize=8, color=DARK)
    ax.set_yticks(y, ["\n".join(textwrap.wrap(s, 28) + [d]) for s, d in zip(pairs["source"].astype(str),
                                                                             pairs["dated"])], fontsize=8)
    ax.set_xlabel("people")
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_xlim(0, pairs[["high_killed", "high_wounded"]].to_numpy().max() * 1.2)
    ax.grid(axis="y", visible=False)
    ax.legend(loc="upper right")


def killed_and_wounded(figures: pd.DataFrame, subject: str | None = None) -> Figure:
    """Killed against wounded, for each statement that gave both."""
    chart = prepare_killed_and_wounded(figures, subject)
    return house_figure(chart, draw_killed_and_wounded, height=max(5.0, 2.4 + 0.5 * len(chart.rows)), below_axes=0.5,
                        left=0.25, right=0.95)
