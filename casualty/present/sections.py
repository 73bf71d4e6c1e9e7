"""The notebooks' sections that depend on the data: a section with nothing to show is left out, and no section
speaks of troops, deployments or rates for a dataset without them.

Present stage. :func:`section_text` gives a section's heading and prose for these figures ('' to leave it out);
:func:`drawn` a chart, or nothing when it has nothing to show; :func:`shown` a table, or a line saying it is
empty; :func:`competing_table` the competing estimates as a table people read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

import pandas as pd

from casualty.analyse.competing import competing_estimates, focus_metric
from casualty.analyse.focus import focus_subject, same_force
from casualty.present.people import PeopleTable, people_table
from casualty.present.story import escape_markdown
from casualty.present.wording import claim_text, format_date, range_text
from casualty.vocabulary import DEFINITIONS, METHODS

if TYPE_CHECKING:
    from IPython.display import Markdown


def has_deployments(figures: pd.DataFrame) -> bool:
    """Whether the data gives a number deployed of the focus subject's force: the rates and the denominator."""
    return bool(((figures["metric"] == "deployed") & same_force(figures)).any())


def _counted(figures: pd.DataFrame) -> str:
    if (focus_metric(figures) or "casualties") == "casualties":
        return ("Sources do not count the same thing. Some count the killed and wounded; some add the captured, or "
                "the missing; some do not say. A higher figure that also counts the captured is not, by itself, "
                "evidence of heavier losses.")
    return ("Sources do not count the same thing: violent deaths only, or deaths from famine, disease and lack of "
            "care as well, or deaths beyond those expected without the war; a list of names, an authority's records, "
            "an estimate, a study's model. Figures that count different things, or were made differently, are set "
            "side by side here, never added.")


#: section -> (whether the figures have it, its Markdown: heading and prose)
SECTIONS: dict[str, tuple[Callable[[pd.DataFrame], bool], Callable[[pd.DataFrame], str]]] = {
    "claims_over_time": (lambda f: True, lambda f: (
        "## The claims over time\n\nEach point is one claim of the toll the story follows (the focus metric, "
        f"here **{escape_markdown(focus_metric(f) or 'casualties')}**) at the date it describes, coloured by who made it and shaped "
        "by what it counted; the bars are its range and, for dates known only to the month or year, the span of "
        "that month or year. An outlet relaying a statement is not a second point. Rings mark the headline "
        "report's claims.")),
    "competing": (lambda f: len(competing_estimates(f)) > 0, lambda f: (
        "## The competing estimates\n\nEach source's latest figure, lowest first: an outlet relaying a statement "
        "is merged into it, and a figure its source revised gives way to the revision. A count of names or records "
        "is a floor, at least that many, never an estimate of the whole. Bounds the source said are drawn solid; "
        "bounds the hedge rule made are faded.")),
    "rates": (has_deployments, lambda f: (
        "The claims as a table. `rate` divides each claim by a deployed figure (`over`): the source's own where it "
        "gave one, otherwise the figure most sources agree on (`denominator`). Figures that count only a few days "
        "(`period`) get no rate: a few days' losses are not a share of a whole deployment.")),
    "counted": (lambda f: True, lambda f: "## Why they differ\n\n### What was counted\n\n" + _counted(f)),
    "when": (lambda f: True, lambda f: (
        "### When\n\nCounts of a toll are running totals: a claim as of one month and one as of a later month "
        "describe different moments, and the later one should be higher. `as of` is the date a claim describes "
        "and `stated` the day it was made; some dates are known only to the month or the year.\n\n"
        "### Who counts\n\nEach claimant counts from what it can see, few publish their method, and each has "
        "reasons to count high or low. The claims by side:")),
    "denominator": (has_deployments, lambda f: (
        "### The denominator\n\nA casualty rate is only as good as the number it divides by, and deployed figures "
        "can count different people: a first contingent, everyone sent, or everyone in a wider place. Every "
        "deployed figure about the focus subject's force, with the note that says which:")),
    "rate_grid": (has_deployments, lambda f: (
        "Each claim's rate over its own or the agreed denominator, then how sensitive it is to that choice: every "
        "running-total casualty claim (down) over every candidate deployed figure (across), each cell the best "
        "rate and, in brackets, its range.")),
}


def section_text(name: str, figures: pd.DataFrame) -> str:
    """The Markdown of section ``name`` for these figures: '' when they have nothing for it."""
    applies, text = SECTIONS[name]
    return text(figures) if len(figures) and applies(figures) else ""


def drawn(chart: Callable[..., object], figures: pd.DataFrame, **options) -> object | None:
    """The chart of these figures, or ``None`` (Jupyter shows nothing) when it has nothing to show."""
    from casualty.present.charts.writing import prepare_of  # the chart came with matplotlib: nothing more to pay

    prepare = prepare_of(chart)
    if prepare is not None and prepare(figures, **options).empty:
        return None
    return chart(figures, **options)


def shown(table: pd.DataFrame, none: str = "") -> PeopleTable | Markdown:
    """The table as people read it (:func:`casualty.present.people.people_table`), or ``none`` (a line of
    Markdown saying what is missing) when it has no rows."""
    from IPython.display import Markdown

    return people_table(table) if len(table) else Markdown(none)


def competing_table(figures: pd.DataFrame) -> pd.DataFrame:
    """:func:`casualty.analyse.competing.competing_estimates` as a table people read: each source's latest figure,
    as worded, its range, how it was made, what it counted, the date it describes and where it was read (the
    outlet, and ``url``, the page)."""
    rows = competing_estimates(figures)
    if rows.empty:
        return pd.DataFrame(columns=["source", "as of", "claim", "range", "how made", "counted", "outlet", "id",
                                     "url"])
    by_id = figures.set_index("id").loc[rows["id"]].reset_index()
    return pd.DataFrame({
        "source": rows["source"], "as of": format_date(by_id["as_of"], by_id["as_of_precision"]).to_numpy(),
        "claim": claim_text(by_id).to_numpy(), "range": range_text(by_id).to_numpy(),
        "how made": rows["method"].map(lambda m: METHODS[m].label if m in METHODS else m),
        "counted": rows["definition"].map(lambda d: DEFINITIONS[d].label if d in DEFINITIONS else ""),
        "outlet": rows["outlet"], "id": rows["id"], "url": by_id["url"].fillna("").to_numpy(),
    })


def focus_toll_text(figures: pd.DataFrame) -> str:
    """Markdown: the toll the story follows, and how it was chosen."""
    metric = focus_metric(figures)
    if metric is None:
        return "No figure counts a toll (casualties, killed, deaths ...) of the focus subject."
    chosen = "the metric asked for" if figures.attrs.get("metric") else (
        "the count with the most claims about " + escape_markdown(focus_subject(figures)))
    return f"The toll followed is **{escape_markdown(metric)}**: {chosen}."


#: ratio section -> (the ratios it tells, its Markdown heading and prose)
RATIO_SECTIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "casualty_rate": (("casualty_rate",), (
        "## Casualty rate\n\nCasualties as a share of the troops deployed, from each report that gave both. Mind "
        "the definition of each numerator: some sources count the captured or the missing as casualties, others "
        "only the killed and wounded, others did not say. Rates with different definitions are listed together "
        "here but do not measure the same thing.")),
    "death_rate": (("death_rate", "all_deaths_rate"), (
        "## Death rate\n\nThe dead as a share of the people living in the place, each from a report that gave "
        "both. The population is a figure with a source of its own, and the toll over it may be a count of records "
        "or an estimate: the two are divided, never added, and a rate is only as good as both.")),
    "capture_rate": (("capture_rate",), (
        "## Capture rate\n\nThe captured as a share of the casualties. A captured figure is often a small count of "
        "named prisoners, and the casualty figure it is divided by an estimate. The two are divided, never added: "
        "the ratio says how rarely soldiers were taken alive, not how many casualties there were.")),
    "killed_share": (("killed_share",), (
        "## Killed share\n\nThe killed as a share of the casualties, from statements that gave both. Each "
        "casualty total may count something different (see its definition), so the shares can differ partly "
        "because their denominators do.")),
    "troops_per_unit": (("troops_per_",), (
        "## Troops per formation\n\nThe troops deployed divided by the number of formations sent, both as "
        "reported in one report. The figures do not say how large each formation was; this is an average over "
        "the stated number of formations.")),
    "force_ratio": (("force_ratio",), (
        "## Force ratio\n\nTroops of another force in the same place for each soldier of the focus subject, both "
        "figures from one report.")),
    "other": (("killed_rate", "units_destroyed_share"), (
        "## Other ratios the data allows\n\nThe killed as a share of the troops deployed, and the formations "
        "destroyed as a share of those sent.")),
}


def ratio_rows(name: str, rates: pd.DataFrame) -> pd.DataFrame:
    """The rows of :func:`casualty.analyse.ratios` that section ``name`` tells."""
    kinds = RATIO_SECTIONS[name][0]
    ratio = rates["ratio"].astype(str)
    return rates[ratio.isin(kinds) | ratio.str.startswith(tuple(k for k in kinds if k.endswith("_")))]


def ratio_section(name: str, rates: pd.DataFrame) -> str:
    """Section ``name``'s heading and prose, or '' when the data gives none of its ratios."""
    return RATIO_SECTIONS[name][1] if len(ratio_rows(name, rates)) else ""

