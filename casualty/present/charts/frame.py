"""The house frame every chart shares: its style, its figure, its title, subtitle and source line.

A chart is two halves: ``prepare_<chart>(figures)`` works out what it shows
and what its title states (a small frozen dataclass, see :class:`Prepared`),
and ``draw_<chart>(ax, prepared)`` draws that into any Axes. The chart itself,
``<chart>(figures)``, is the two joined by :func:`house_figure`: a figure of
the house's own, framed by the title (the finding), the subtitle (what is
drawn) and the source line (who said what, when). Colours and markers are read
here (markers from casualty.vocabulary), so that every chart draws with the
same ones.
"""

from __future__ import annotations

import functools
import textwrap
from pathlib import Path
from typing import Any, Callable, Iterable, Protocol, TypeVar

import matplotlib
import matplotlib.dates
import matplotlib.ticker
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from casualty.analyse.focus import focus_subject
from casualty.load.datapackage import dataset_of
from casualty.present.wording import bounds_as_text, claim_text, format_date, format_number
from casualty.vocabulary import DEFINITIONS

STYLE = Path(__file__).with_name("casualty.mplstyle")
# Okabe-Ito, safe for colour-blind readers; sides take them in alphabetical order (side_colours)
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#F0E442"]
GREY, LIGHT, DARK = "#8c8c8c", "#d9d9d9", "#333333"
#: PALETTE[3] (vermilion) made pale: the part of a range, or of a loss, that is not certain
PALE = "#f3c3a6"
#: definition -> marker and key label, from casualty.vocabulary.DEFINITIONS
MARKERS = {name: d.marker for name, d in DEFINITIONS.items()}
DEFINITION_LABELS = {name: d.label for name, d in DEFINITIONS.items()}


# --- the house style ------------------------------------------------------------

@functools.cache
def house_rc() -> dict:
    """The house rcParams, read from the style file once (rc_context copies them, never changes them)."""
    return matplotlib.rc_params_from_file(str(STYLE), use_default_template=True)


F = TypeVar("F", bound=Callable[..., Any])


def house_style(draw: F) -> F:
    """Run a chart function inside the house style, so every artist it makes follows it."""
    @functools.wraps(draw)
    def styled(*args, **kwargs):
        with matplotlib.rc_context(house_rc()):
            return draw(*args, **kwargs)

    return styled  # type: ignore[return-value]  # the same signature, by functools.wraps


class HouseFigure(Figure):
    """A Figure that draws in the house style wherever it is drawn: into a file or in a notebook.

    Some of the style (text hinting, path simplification) is read when the
    figure is drawn, not when it is built.
    """

    def draw(self, renderer):
        with matplotlib.rc_context(house_rc()):
            return super().draw(renderer)


def new_figure(height: float = 5.6) -> tuple[Figure, Axes]:
    """A house figure, 9 inches wide, with one Axes."""
    fig = HouseFigure(figsize=(9, height))
    FigureCanvasAgg(fig)  # a renderer to measure text with; savefig still picks the canvas by format
    return fig, fig.add_subplot(1, 1, 1)


# --- the frame: title, subtitle and source line -----------------------------------

#: the least height, in inches, the plot keeps however long the title, subtitle and source line run
MIN_PLOT = 1.5


def frame(fig: Figure, title: str, subtitle: str, source: str, below_axes: float = 0.55) -> None:
    """Title (the finding), subtitle (what is drawn) and source line, in house positions.

    Positions are worked out in inches from the number of wrapped lines, so a
    long title or source line moves the plot instead of overlapping it, and
    makes the figure taller where the plot would keep less than
    :data:`MIN_PLOT` inches.
    ``below_axes`` is the room, in inches, that tick labels and legends under
    the plot need.
    """
    title_lines = textwrap.wrap(title, 78)
    subtitle_lines = textwrap.wrap(subtitle, 118) if subtitle else []
    source_lines = textwrap.wrap(source, SOURCE_WIDTH)
    # inches the frame takes above and below the plot; a figure too short to leave the plot its room grows
    above = 0.12 + 0.245 * len(title_lines) + 0.08 + 0.18 * len(subtitle_lines) + 0.2
    below = 0.08 + 0.15 * len(source_lines) + below_axes
    height = max(fig.get_figheight(), above + below + MIN_PLOT)
    fig.set_figheight(height)
    y = 1 - 0.12 / height
    fig.text(0.02, y, "\n".join(title_lines), ha="left", va="top", fontsize=13, weight="bold",
             color="#111111", linespacing=1.25, gid="title")
    y -= (0.245 * len(title_lines) + 0.08) / height
    if subtitle_lines:
        fig.text(0.02, y, "\n".join(subtitle_lines), ha="left", va="top", fontsize=9, color="#444444",
                 linespacing=1.3, gid="subtitle")
        y -= 0.18 * len(subtitle_lines) / height
    fig.text(0.02, 0.08 / height, "\n".join(source_lines), ha="left", va="bottom", fontsize=7.5,
             color="#555555", linespacing=1.3, gid="source-line")
    top = y - 0.2 / height
    bottom = (0.08 + 0.15 * len(source_lines) + below_axes) / height
    fig.subplots_adjust(top=top, bottom=bottom)


class Prepared(Protocol):
    """What the house frame needs of a prepared chart: its three lines of text, its alt text, and whether it
    shows anything."""

    title: str
    subtitle: str
    source_line: str
    alt: str

    @property
    def empty(self) -> bool: ...


P = TypeVar("P", bound=Prepared)


def house_figure(prepared: P, draw: Callable[[Axes, P], None], height: float, below_axes: float = 0.55,
                 left: float | None = None, right: float | None = None) -> Figure:
    """A new house figure of one chart: ``draw(ax, prepared)`` framed by ``prepared``'s title, subtitle and source.

    The figure is 9 inches wide and ``height`` high; ``below_axes`` is the room
    in inches that tick labels and legends under the plot need (see
    ``frame()``), ``left`` and ``right`` the sides of the plot as fractions
    of the width. The frame is laid out before the chart is drawn, so that a
    chart that measures its labels finds its Axes where they will stay. A
    chart with nothing to show is framed plainly, its note in the middle.
    """
    with matplotlib.rc_context(house_rc()):
        fig, ax = new_figure(height)
        if prepared.empty:
            frame(fig, prepared.title, "", prepared.source_line)
        else:
            frame(fig, prepared.title, prepared.subtitle, prepared.source_line, below_axes)
            fig.subplots_adjust(left=left, right=right)
        draw(ax, prepared)
    # what save_figure writes into the file for readers who cannot see it; an empty chart says why
    fig.alt_text = getattr(prepared, "alt", "") or f"A chart with nothing to show. {prepared.title}."
    return fig


def draw_no_data(ax: Axes) -> None:
    """What a chart with nothing to show draws: 'no data', in the middle of its Axes."""
    ax.set_axis_off()
    ax.text(0.5, 0.5, "no data", ha="center", va="center", fontsize=11, color=GREY, transform=ax.transAxes)


#: characters in a line of the source line, and the most lines it may take
SOURCE_WIDTH, SOURCE_LINES = 150, 3


def source_line(rows: pd.DataFrame, prefix: str = "Source") -> str:
    """Who said it, where and when, what a range means, and where to read every claim: three lines at most.

    'Sources: Alexander Kovalenko and Kontur in Kontur (2025-02-07); ... and 9 more. A range is what the
    wording allows: "about 5,000" is read as 4,500-5,500. Every claim, its words and its link:
    data/figures.csv, data version 2.1.0.' Sources are named in the order first met, one part per
    outlet and report; when they do not fit in three lines, the rest are counted. With no rows, only where
    to read the data.
    """
    where = f"Every claim, its words and its link: {data_label(rows)}."
    if rows.empty:
        return f"Data: {data_label(rows)}."
    said = (pd.DataFrame({"outlet": rows["outlet"].astype(str).to_numpy(), "report": rows["report"].to_numpy(),
                          "source": rows["source"].astype(str).to_numpy(), "stated": rows["stated"].to_numpy()})
            .groupby(["outlet", "report", "source"], sort=False)["stated"].max().reset_index())
    said["part"] = said.groupby(["outlet", "report"], sort=False).ngroup()
    n_parts = int(said["part"].max()) + 1 if len(said) else 0
    # a part shows at least a name and its brackets, three characters that are not whitespace: no more parts
    # than so many fit, so only those are worded (for thousands of reports, a few dozen names joined, not all)
    said = said[said["part"] <= SOURCE_LINES * SOURCE_WIDTH // 3].sort_values("part", kind="stable")
    part = said.groupby("part").agg(who=("source", _and), outlet=("outlet", "first"), sources=("source", "size"),
                                    source=("source", "first"), stated=("stated", "max"))
    own = (part["sources"] == 1) & (part["source"] == part["outlet"])  # an outlet quoting itself is not repeated
    day = format_date(part["stated"], np.full(len(part), "day", dtype=object)).to_numpy()
    parts = (part["who"].where(own, part["who"] + " in " + part["outlet"]) + " (" + day + ")").tolist()
    tail = " " + " ".join(part for part in (range_meaning(rows), where) if part)
    # wrapping keeps every character but whitespace, so no more parts than have that many fit: start there
    # rather than at all of them, which for thousands of reports would wrap thousands of long texts
    texts = pd.Series(parts, dtype=object)
    visible = np.cumsum((texts.str.len() - texts.str.count(r"\s")).to_numpy())
    most = int(np.searchsorted(visible, SOURCE_LINES * SOURCE_WIDTH, side="right"))
    for shown in range(min(len(parts), most), 0, -1):  # as many parts as fit in three lines, the rest counted
        rest = n_parts - shown
        named = "; ".join(parts[:shown]) + (f"; and {rest} more report{'s' * (rest > 1)}" if rest else "")
        text = f"{prefix}{'s' if n_parts > 1 else ''}: {named}.{tail}"
        if len(textwrap.wrap(text, SOURCE_WIDTH)) <= SOURCE_LINES:
            return text
    return f"{prefix}s: {n_parts} reports.{tail}"


def _and(names: pd.Series) -> str:
    """'A', 'A and B', 'A, B and C'."""
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def range_meaning(rows: pd.DataFrame) -> str:
    """What a range means, shown on the first hedged figure among ``rows``: '"about 5,000" is read as 4,500-5,500'.

    Empty when no figure among them has a range.
    """
    ranged = rows[(rows["low"] != rows["high"]) & rows["value"].notna()]
    if ranged.empty:
        return ""
    first = (ranged.sort_values("line") if "line" in ranged else ranged).iloc[0]
    low, high = bounds_as_text({k: [first[k]] for k in ("unit", "value", "low", "high")})
    return f'A range is what the wording allows: "{claim_words(first)}" is read as {low[0]}-{high[0]}.'


def data_label(rows: pd.DataFrame) -> str:
    """The figures file a chart was drawn from and its data version: 'data/figures.csv, data version 2.1.0'."""
    return _label_of(rows.attrs.get("file"))


@functools.lru_cache(maxsize=8)
def _label_of(file: str | None) -> str:
    # a file read from a stream has no name to give a reader
    return dataset_of(file)["label"] if file and not str(file).startswith("<") else "the figures file"


# --- what the titles say of one figure ----------------------------------------------

def first_running(rows: pd.DataFrame, metric: str) -> pd.Series | None:
    """The first running-total figure of ``metric`` among ``rows``, in file order; None if there is none."""
    picked = rows[(rows["metric"] == metric) & rows["window_start"].isna()]
    return picked.sort_values("line").iloc[0] if len(picked) else None


def claim_words(row: pd.Series) -> str:
    """One figure as it was worded: 'about 5,000'."""
    return claim_text({key: [row[key]] for key in ("qualifier", "unit", "value", "low", "high")}).iloc[0]


def bound_words(row: pd.Series) -> tuple[str, str]:
    """One figure's low and high as written: rounded outward ('30', '38' for at least 30)."""
    low, high = bounds_as_text({k: [row[k]] for k in ("unit", "value", "low", "high")})
    return low[0], high[0]


def number_words(x: float) -> str:
    """One number as the charts write it: '11,000'."""
    return format_number([x]).iloc[0]


def date_words(row: pd.Series) -> str:
    """The date one figure describes, at its precision: '2025-01'."""
    return format_date([row["as_of"]], [row["as_of_precision"]]).iloc[0]


def chosen_subject(figures: pd.DataFrame, subject: str | None = None) -> str:
    """The subject a chart shows: ``subject``, else the figures' own choice (``attrs["subject"]``), else the focus."""
    return subject or figures.attrs.get("subject") or focus_subject(figures)


def others_text(figures: pd.DataFrame, subject: str, pool: pd.DataFrame | None = None) -> str:
    """What else the data holds besides ``subject`` (among ``pool``, by default all figures), for a subtitle.

    Of ``pool`` only the ``subject`` column is read: :func:`subjects_with` gives the subjects that have figures of
    the kind a chart draws, and only those may be said to have 'such figures'.

    '' when nothing else; 'The data also has figures about North Korean troops in Russia, not shown.'; or,
    past two, 'The data also has figures about 6 other subjects, not shown.'
    """
    pool = figures if pool is None else pool
    others = sorted(set(pd.Series(pool["subject"].unique()).astype(str)) - {subject})  # distinct first: cheap
    if not others:
        return ""
    named = _and(pd.Series(others)) if len(others) <= 2 else f"{len(others)} other subjects"
    return f"The data also has such figures about {named}, not shown."


def subjects_with(figures: pd.DataFrame, metrics: Iterable[str], running: bool = True,
                  together: Iterable[str] = ()) -> pd.DataFrame:
    """The subjects with figures of every one of ``metrics``, as a frame of one ``subject`` column (the pool
    :func:`others_text` reads).

    Running totals only, unless ``running`` is False; given together in one group of the ``together`` columns
    (``["report"]``: in one report) when they are named.
    """
    metrics = set(metrics)
    rows = figures[figures["metric"].astype(str).isin(metrics)]
    rows = rows[rows["window_start"].isna()] if running else rows
    keys = [rows["subject"].astype(str)] + [rows[c] for c in together]
    kinds = rows["metric"].astype(str).groupby(keys, dropna=False).nunique()
    subjects = kinds[kinds == len(metrics)].index.get_level_values(0).unique() if len(kinds) else []
    return pd.DataFrame({"subject": pd.Series(subjects, dtype=object)})


def alt_text(what: str, title: str, facts: str, rows: pd.DataFrame) -> str:
    """Alt text for a chart: what it shows, its finding (the title), its key numbers, and whose claims they are."""
    sources = _and(pd.Series(pd.unique(rows["source"].astype(str)))) if len(rows) else ""
    return " ".join(part for part in (f"{what}.", f"{title}.", facts,
                                      f"Sources: {sources}." if sources else "") if part.strip(" ."))


class OneStyleDates(matplotlib.ticker.Formatter):
    """Date tick labels in one style along the whole axis, the coarsest that tells every tick apart.

    Years when every tick is a 1 January ('2025'), months when every tick is a first of the month ('Jan\n2025'),
    days otherwise ('15 Jan\n2025'), and the time of day as well when ticks fall within a day. A month axis never
    shows a day next to a month ('15 Dec 2024' beside 'Jan 2025'), and a few weeks are never nine 'Mar 2021's.
    """

    def format_ticks(self, values) -> list[str]:
        dates = matplotlib.dates.num2date(np.asarray(values, dtype=float))
        timed = any((d.hour, d.minute, d.second, d.microsecond) != (0, 0, 0, 0) for d in dates)
        if not timed and all((d.month, d.day) == (1, 1) for d in dates):
            return [f"{d:%Y}" for d in dates]
        if not timed and all(d.day == 1 for d in dates):
            return [f"{d:%b}\n{d:%Y}" for d in dates]
        day = [f"{d.day} {d:%b}\n{d:%Y}" for d in dates]
        return [f"{text} {d:%H:%M}" for text, d in zip(day, dates)] if timed else day

    def __call__(self, x, pos=None) -> str:
        return self.format_ticks([x])[0]


def date_axis(ax: Axes, maxticks: int = 8) -> None:
    """The house date axis on ``ax``'s x-axis: at most ``maxticks`` ticks, placed by matplotlib's
    AutoDateLocator at days, months or years as the span needs, labelled by :class:`OneStyleDates`.

    Over four years and more, a tick each January.
    """
    locator = matplotlib.dates.AutoDateLocator(minticks=3, maxticks=maxticks)
    locator.intervald[matplotlib.dates.MONTHLY] = [1, 2, 3, 4, 6, 12]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(OneStyleDates())


def side_colours(sides: Iterable[str]) -> dict[str, str]:
    """A colour of the palette for each side, in alphabetical order."""
    return {side: PALETTE[i % len(PALETTE)] for i, side in enumerate(sorted(set(sides)))}
