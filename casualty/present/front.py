"""The report's own pages: the first page (the finding first) and the charts page (each chart with its data).

Present stage. The first page states, for the focus subject and metric, what
the claims say together: the competing estimates and their spread, the highest
count of names or records, what the claims taken together allow, and the flags
worth reading, with the chart to hover and a "What you should know" box (what
was counted, how hedges become ranges, what the model behind "taken together"
assumes). Every number on it is printed by code from the data, each with its
source and date. The charts page shows every chart the data can fill, each
with its finding, its source line and its rows as a CSV file to take away.

Text from the data is escaped wherever it becomes HTML.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from casualty.analyse.competing import focus_metric
from casualty.analyse.consistency import check_consistency
from casualty.analyse.focus import focus_subject
from casualty.present.findings import CHECK_MEANINGS, check_details
from casualty.present.interactive import EMBED_SCRIPT, HOVER_CHARTS, SCRIPT, caption, chart_spec, spec_block
from casualty.vocabulary import DEFINITIONS, METHODS, METRICS, QUALIFIERS

#: The story notebooks, in reading order, and what each page is called in the report's links.
NOTEBOOKS = {
    "01-reported-figures": "The reported figures",
    "02-ratios": "Ratios: what share, and how many per unit",
    "03-estimates-by-source": "Estimates by source",
}
#: The page of every chart, after the first page.
CHARTS_PAGE = "charts.html"
#: Where ``casualty report`` writes each chart's files (PNG, CSV of its rows, alt text), inside the report.
CHARTS_FOLDER = "charts"
#: The finding chart of the first page.
FINDING_CHART = "08-competing-estimates"
#: The chart whose finding is what the claims allow taken together, and whose subtitle says how.
TOGETHER_CHART = "07-claims-taken-together"

STYLE = """<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:60em;margin:0 auto;padding:0 1.2em 3em;
line-height:1.5;color:#1a1a1a}
h1{font-size:1.9em;line-height:1.2;margin:.6em 0 .3em}
.lede{font-size:1.3em;line-height:1.4;font-weight:600}
.know{background:#f4f4f1;border-left:4px solid #0072B2;padding:.6em 1.2em;margin:1.5em 0}
.know h2{margin-top:.3em;font-size:1.15em}
figure{margin:1.5em 0}
figcaption{font-size:.9em;color:#444}
.hover-chart{width:100%}
.get-data{font-size:.9em}
table.plain{border-collapse:collapse;font-size:.92em;margin:.6em 0}
table.plain th,table.plain td{border-bottom:1px solid #ddd;padding:.25em .7em .25em 0;text-align:left;
vertical-align:top}
img.chart{max-width:100%;height:auto}
</style>"""


def page(title: str, body: str, scripts: bool = False) -> str:
    """A whole page of the report: its title, the report's navigation, ``body``, and the chart script if asked."""
    e = html.escape
    head_script = f'<script src="{SCRIPT}"></script>\n' if scripts else ""
    tail = EMBED_SCRIPT + "\n" if scripts else ""
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{e(title)}</title>\n'
            f"{STYLE}\n{head_script}</head>\n<body>\n{navigation()}\n{body}\n{tail}</body>\n</html>\n")


def navigation() -> str:
    """The links to every page of the report, the same on each (styled in place: a notebook's page has its own
    style sheet)."""
    links = [("index.html", "What the claims say"), (CHARTS_PAGE, "Charts and their data"),
             *((f"{name}.html", heading) for name, heading in NOTEBOOKS.items())]
    return ('<nav style="font:0.92em system-ui,sans-serif;padding:.8em 1em;border-bottom:1px solid #ddd">'
            + "".join(f'<a style="margin-right:1.1em" href="{html.escape(href)}">{html.escape(words)}</a>'
                      for href, words in links) + "</nav>")


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else text + "."


def flag_counts(checks: pd.DataFrame) -> pd.DataFrame:
    """For each rule of the checks: how many were made and how many flag, in the order of ``CHECK_MEANINGS``."""
    counted = checks.groupby(checks["rule"].astype(str))["status"].agg(
        made="size", flagged=lambda s: int((s == "flag").sum()))
    order = [rule for rule in CHECK_MEANINGS if rule in counted.index]
    return counted.reindex(order).reset_index()


#: How many flags of the focus figures the first page tells; the rest are told on the Ratios page.
FOCUS_FLAGS = 5


def focus_flags(checks: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """The flagged checks, but the quotes', that compare a figure of the focus subject and metric, in the order of
    the checks."""
    subject = focus_subject(figures)
    metric = focus_metric(figures, subject)
    focus = set(figures.loc[(figures["subject"] == subject) & (figures["metric"] == metric), "id"])
    flagged = checks[(checks["status"] == "flag") & (checks["rule"].astype(str) != "quote_agrees")]
    return flagged[flagged["figure_ids"].map(lambda ids: bool(focus.intersection(ids)))]


def flags_html(figures: pd.DataFrame) -> str:
    """The flags worth reading: per check, how many of the checks made flag a figure, and what such a flag means;
    then the flags of the focus figures, each as what it compared and found."""
    checks = check_consistency(figures)
    counts = flag_counts(checks)
    if not len(counts):
        return "<p>No consistency check applies to these figures.</p>"
    e = html.escape
    rows = "".join(f"<tr><td>{e(rule.replace('_', ' '))}</td><td>{flagged:,} of {made:,}</td>"
                   f"<td>{e(CHECK_MEANINGS[rule]) if flagged else ''}</td></tr>"
                   for rule, made, flagged in counts.itertuples(index=False))
    total = int(counts["flagged"].sum())
    words = (f"{total:,} of {int(counts['made'].sum()):,} checks flag a figure. Each flag is told, with its figures, "
             'in <a href="02-ratios.html">Ratios</a> (the consistency checks) and '
             '<a href="01-reported-figures.html">The reported figures</a> (the quotes).') if total else \
        f"None of the {int(counts['made'].sum()):,} checks flags a figure."
    table = (f"<p>{words}</p>\n<table class=\"plain\"><thead><tr><th>Check</th><th>Flagged</th>"
             f"<th>What a flag means</th></tr></thead><tbody>{rows}</tbody></table>")
    subject, metric = focus_subject(figures), focus_metric(figures)
    table += _quote_flags_html(checks, figures, subject, metric)
    told = focus_flags(checks, figures)
    if not len(told):
        return table
    shown = told.head(FOCUS_FLAGS)
    items = "".join(f"<li>{e(rule.replace('_', ' '))}: {e(detail)}.</li>"
                    for rule, detail in zip(shown["rule"].astype(str), check_details(shown, figures)))
    more = (f'<p>And {len(told) - len(shown):,} more, in <a href="02-ratios.html">Ratios</a>.</p>'
            if len(told) > len(shown) else "")
    return (f"{table}\n<p>The flags of the {e(metric or '')} of {e(subject)}:</p>\n<ul>{items}</ul>{more}")


def _quote_flags_html(checks: pd.DataFrame, figures: pd.DataFrame, subject: str, metric: str | None) -> str:
    """How many of the focus figures' quotes are flagged: a finding that rests on one rests on words coded apart
    from the quote."""
    focus = figures.loc[(figures["subject"] == subject) & (figures["metric"] == metric), "id"]
    quotes = checks[(checks["rule"].astype(str) == "quote_agrees")
                    & checks["figure_ids"].map(lambda ids: ids[0]).isin(set(focus))]
    flagged = int((quotes["status"] == "flag").sum())
    if not flagged:
        return ""
    return (f"\n<p>{flagged:,} of the {len(quotes):,} figures of the {html.escape(metric or '')} of "
            f"{html.escape(subject)} {'is' if flagged == 1 else 'are'} coded apart from their quoted words (each "
            "row's note says why; the list is in "
            '<a href="01-reported-figures.html">The reported figures</a>).</p>')


def know_html(figures: pd.DataFrame, together) -> str:
    """What you should know: what was counted, how hedges become ranges, what "taken together" assumes."""
    e = html.escape
    subject = focus_subject(figures)
    metric = focus_metric(figures, subject) or ""
    focus = figures[(figures["subject"] == subject) & (figures["metric"] == metric)]
    # the codebook's meaning without its clauses on the file's columns ("what was counted is in `definition`"):
    # the definitions are told in words next
    meaning = "; ".join(part for part in (METRICS[metric].meaning if metric in METRICS else metric).split("; ")
                        if "`" not in part)
    definitions = sorted(set(focus["definition"].dropna().astype(str)))
    methods = [m for m in METHODS if m in set(focus["method"].fillna("unstated").astype(str))]
    counted = f"<p><b>What was counted.</b> {e(subject)}: {e(metric)}, {e(meaning)}."
    if definitions:
        counted += " Sources count different things: " + "; ".join(
            e(DEFINITIONS[d].meaning if d in DEFINITIONS else d) for d in definitions) + "."
    if methods:
        counted += " The figures were made as: " + "; ".join(
            f"{e(METHODS[m].label)} ({e(METHODS[m].meaning)})" for m in methods) + "."
    counted += " They are claims, not verified facts, and figures of different sources, methods or definitions " \
               "are set side by side, never added.</p>"
    used = [q for q in QUALIFIERS.values() if q.name in set(focus["qualifier"].astype(str))]
    hedges = "".join(f"<tr><td>{e(q.wording)}</td><td>{e(q.rule())}</td><td>"
                     f"{'no upper end: the high is a rule of thumb, never evidence' if q.open_ended else ''}"
                     f"{'no lower end: the low is a rule of thumb, never evidence' if q.open_low else ''}</td></tr>"
                     for q in used)
    ranges = ("<p><b>How hedges become ranges.</b> A bound the source stated is kept; otherwise the hedge word "
              "gives the range:</p>\n<table class=\"plain\"><thead><tr><th>Words</th><th>Range</th><th></th></tr>"
              f"</thead><tbody>{hedges}</tbody></table>") if hedges else ""
    model = (f"<p><b>What “taken together” assumes.</b> {e(_sentence(together.subtitle))} It assumes that the "
             "claims count the same thing, among the same people, and that the count only rises; where sources "
             "count differently, the band says nothing.</p>") if together is not None and not together.empty else ""
    return f'<aside class="know">\n<h2>What you should know</h2>\n{counted}\n{ranges}\n{model}\n</aside>'


def figure_html(name: str, prepared, figures: pd.DataFrame, hover: bool, heading: bool = True) -> str:
    """One chart and the links to its files. A chart to hover has its finding as its heading and its subtitle
    and source line under it; a static chart carries its own, drawn in the image."""
    e = html.escape
    files = f"{CHARTS_FOLDER}/{name}"
    data = (f'<p class="get-data">Get the data: <a href="{e(files)}.csv">{e(name)}.csv</a> (the rows drawn) · '
            f'<a href="{e(files)}.png">{e(name)}.png</a> (for print)</p>')
    image = f'<img class="chart" src="{e(files)}.png" alt="{e(prepared.alt, quote=True)}">'
    if not hover:
        return f'<figure id="{e(name)}">\n{image}\n<figcaption>{data}</figcaption>\n</figure>'
    title = f"<h3>{e(_sentence(prepared.title))}</h3>\n" if heading else ""
    drawn = (spec_block(f"chart-{name}", chart_spec(name, prepared, figures), prepared.alt)
             + f"\n<noscript>{image}</noscript>")
    return (f'<figure id="{e(name)}">\n{title}{drawn}\n<figcaption><p>{e(caption(name, prepared))} Hover over a mark '
            f"to read the claim; click it to open its source.</p><p>{e(prepared.source_line)}</p>{data}"
            "</figcaption>\n</figure>")


def front_page(figures: pd.DataFrame, about: dict, prepared: dict) -> str:
    """The first page: the finding for the focus subject and metric, its chart, what to know, then the pages."""
    e = html.escape
    title = about["title"] or about["label"]
    finding = prepared.get(FINDING_CHART)
    together = prepared.get(TOGETHER_CHART)
    parts = [f"<h1>{e(title)}</h1>"]
    if finding is not None and not finding.empty:
        parts.append(f'<p class="lede">{e(_sentence(finding.title))}</p>')
    if together is not None and not together.empty:
        parts.append(f"<p>Taken together, the {len(together.rows):,} running totals drawn on the chart "
                     f'<a href="{CHARTS_PAGE}#{TOGETHER_CHART}">the claims taken together</a>: '
                     f"{e(_sentence(together.title))} What the model assumes is under “What you should know” "
                     "below.</p>")
    parts.append("<h2>Flags worth reading</h2>\n" + flags_html(figures))
    if finding is not None and not finding.empty:
        parts.append(figure_html(FINDING_CHART, finding, figures, hover=True, heading=False))
    parts.append(know_html(figures, together))
    pages = "".join(f'<li><a href="{e(href)}">{e(words)}</a></li>' for href, words in [
        (CHARTS_PAGE, "Charts and their data"), *((f"{n}.html", h) for n, h in NOTEBOOKS.items())])
    parts.append(f"<h2>The pages</h2>\n<ol>{pages}</ol>")
    counts = (f"{len(figures):,} figures from {figures['report'].nunique():,} reports by "
              f"{figures['source'].nunique():,} sources")
    description = f"<p>{e(about['description'])}</p>" if about.get("description") else ""
    parts.append(f"<h2>The data</h2>\n{description}\n<p>{counts} ({e(about['label'])}). Every number in "
                 "these pages is printed by code from the data, with who said it, the date it describes and its "
                 "range.</p>")
    return page(title, "\n".join(parts), scripts=finding is not None and not finding.empty)


def charts_page(figures: pd.DataFrame, about: dict, prepared: dict, not_drawn: dict[str, str]) -> str:
    """Every chart the data fills, in the gallery's order: the four to hover drawn to hover, each with its data."""
    e = html.escape
    title = about["title"] or about["label"]
    parts = [f"<h1>Charts and their data: {e(title)}</h1>",
             "<p>Each chart's title is its finding. Under each, its rows as a CSV file (one header line, no "
             "index; Datawrapper, Flourish and any spreadsheet read it as it is) and the chart as a PNG.</p>"]
    for name, chart in prepared.items():
        if name in not_drawn:
            continue
        parts.append(figure_html(name, chart, figures, hover=name in HOVER_CHARTS))
    if not_drawn:
        parts.append("<h2>Not drawn for these data</h2>\n<ul>" + "".join(
            f"<li>{e(name)}: {e(_sentence(why))}</li>" for name, why in not_drawn.items()) + "</ul>")
    hover = any(name in HOVER_CHARTS and name not in not_drawn for name in prepared)
    return page(f"Charts: {title}", "\n".join(parts), scripts=hover)


def prepared_charts(figures: pd.DataFrame) -> dict:
    """Every chart of the gallery, prepared (its rows, title, subtitle, source line, alt text), by file stem."""
    from casualty.present.charts import CHARTS
    from casualty.present.charts.writing import prepare_of

    return {name: prepare_of(chart)(figures) for name, chart in CHARTS.items() if prepare_of(chart)}


def write_pages(figures: pd.DataFrame, about: dict, folder: Path, not_drawn: dict[str, str]) -> list[Path]:
    """Write the first page, the charts page and the chart script into ``folder``; returns the two pages."""
    from casualty.present.interactive import write_script

    prepared = prepared_charts(figures)
    write_script(folder)
    index = folder / "index.html"
    index.write_text(front_page(figures, about, prepared), encoding="utf-8")
    charts = folder / CHARTS_PAGE
    charts.write_text(charts_page(figures, about, prepared, not_drawn), encoding="utf-8")
    return [index, charts]
