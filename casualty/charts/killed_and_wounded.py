"""Chart 4, killed and wounded: the two side by side, for each statement that gave both."""

from __future__ import annotations

import textwrap

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from casualty.analyse import killed_and_wounded_pairs
from casualty.charts.frame import DARK, PALETTE, date_words, frame, house_style, new_figure, no_data, source_line
from casualty.wording import claim_text, format_date


@house_style
def killed_and_wounded(figures: pd.DataFrame) -> Figure:
    """Killed against wounded, for each statement that gave both."""
    pairs = killed_and_wounded_pairs(figures).sort_values("as_of", kind="stable").reset_index(drop=True)
    fig, ax = new_figure(height=5.0)
    if pairs.empty:
        return no_data(fig, ax, "No source gave both killed and wounded", "no data", figures.iloc[:0])
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
             f"({date_words(last.rename({'as_of_precision_killed': 'as_of_precision'}))})")
    subtitle = "Killed and wounded from the same statement; error bars show each figure's range from its hedge."
    used = figures[figures["id"].isin(set(pairs["id_killed"]) | set(pairs["id_wounded"]))]
    frame(fig, title, subtitle, source_line(used), below_axes=0.5)
    fig.subplots_adjust(left=0.25, right=0.95)
    return fig
