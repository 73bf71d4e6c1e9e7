"""Charts to hover, for the report: the claim behind every point, as worded, with who said it, where, when, what
it counted, the quote and a link.

Present stage. Four of the house charts are drawn again as Vega-Lite specs by
Vega-Altair, from the same prepared rows that the static chart draws and that
``casualty charts`` writes as ``<chart>.csv``: claims over time, implied rates,
the claims taken together and the competing estimates. The static charts stay
for print, the notebooks and ``casualty charts``.

A page that shows them loads one script, ``vega-embed.js``, written into the
report's folder from the bundle that vl-convert ships (Vega, Vega-Lite and
vega-embed, about 0.9 MB once, against 4.8 MB for plotly.js): no script, font or
data is fetched from anywhere else. Text from the data reaches the page only as
JSON inside a ``<script type="application/json">`` block, with ``<``, ``>`` and
``&`` written as JSON escapes, and is shown by Vega as SVG text or by its
tooltip handler, which escapes HTML; a link is made only of an http or https
address.

altair and vl_convert are imported only when a report is made.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import numpy as np
import pandas as pd

from casualty.present.wording import bounds_as_text, claims_and_ranges, format_date, rows_of, share_range
from casualty.vocabulary import DEFINITIONS, METHODS, METRICS, QUALIFIERS

#: The charts drawn to hover in the report, by file stem.
HOVER_CHARTS = ("08-competing-estimates", "02-casualty-claims-over-time", "03-implied-rate-by-source",
                "07-claims-taken-together")
#: The script every page with a chart to hover loads, beside it in the report's folder.
SCRIPT = "vega-embed.js"
#: The words a reader sees on hovering, in order: field -> its title in the tooltip.
HOVER_FIELDS = {"claim": "Claim", "range": "Range", "counted": "What it counted",
                "source": "Who said it", "outlet": "Where", "describes": "Describes", "stated": "Said on",
                "quote": "Quote", "url": "Link (click the mark)"}
#: vega-embed's options: SVG (its text is text), the export menu only (no editor, which would send the chart away).
EMBED_OPTIONS = {"renderer": "svg", "actions": {"export": True, "source": False, "compiled": False,
                                                "editor": False},
                 "loader": {"target": "_blank"}}


def web_address(urls: pd.Series) -> pd.Series:
    """Each address if it is an http or https one, else None: nothing else becomes a link.

    >>> web_address(pd.Series(["https://a.org/x", "javascript:alert(1)", None, " HTTP://b.org"])).tolist()
    ['https://a.org/x', None, None, 'HTTP://b.org']
    """
    text = urls.astype("string").str.strip()
    return text.where(text.str.lower().str.match(r"https?://[^\s]+$").fillna(False).astype(bool)).astype(object) \
        .where(lambda s: s.notna(), None)


def hover_rows(ids, figures: pd.DataFrame) -> pd.DataFrame:
    """For each id, the words a reader sees on hovering (:data:`HOVER_FIELDS`), from the figures frame.

    >>> from casualty.load.read import load_figures
    >>> row = hover_rows(["kontur-kovalenko-casualties"], load_figures()).iloc[0]
    >>> row["claim"], row["range"], row["source"], row["describes"]
    ('about 5,000 casualties', '4,500-5,500', 'Alexander Kovalenko', 'as of 2025-01-31')
    """
    rows = rows_of(figures, list(ids))
    claim, _ = claims_and_ranges(rows)
    metric = rows["metric"].astype(str)
    words = metric.map(lambda m: METRICS[m].words if m in METRICS else m)
    words = pd.Series(np.where(words.str.contains("{unit}", regex=False), rows["unit"].astype(str), words),
                      index=rows.index)
    definition = rows["definition"].map(lambda d: DEFINITIONS[d].label if d in DEFINITIONS else None)
    method = rows["method"].map(lambda m: METHODS[m].label if m in METHODS else None)
    counted = rows["subject"].astype(str)
    for part in (definition, method):
        counted = counted + ("; " + part.astype("string")).fillna("").astype(str)
    as_of = format_date(rows["as_of"], rows["as_of_precision"])
    start = format_date(rows["window_start"], rows["window_start_precision"])
    describes = ("as of " + as_of).where(rows["window_start"].isna(), "from " + start + " to " + as_of)
    quote = rows["quote"].astype(str)
    translation = rows["translation"].astype("string")
    quote = (quote + (" (in English: " + translation + ")").fillna("").astype(str))
    return pd.DataFrame({
        "claim": (claim + " " + words).to_numpy(),
        "range": range_words(rows).to_numpy(),
        "counted": counted.to_numpy(), "source": rows["source"].astype(str).to_numpy(),
        "outlet": rows["outlet"].astype(str).to_numpy(), "describes": describes.to_numpy(),
        "stated": format_date(rows["stated"], rows["stated_precision"]).to_numpy(),
        "quote": quote.to_numpy(), "url": web_address(rows["url"]).to_numpy(),
    })


def range_words(rows: pd.DataFrame) -> pd.Series:
    """Each figure's range and where it came from: '4,000 or more (the words give no upper end)', '4,500-5,500
    (what the hedge allows)', '63,600-86,800 (the authors' interval)', '3,800 (as stated)'.

    >>> from casualty.load.read import load_figures
    >>> figures = load_figures()
    >>> range_words(figures[figures["id"].isin(["kontur-kovalenko-casualties", "nis-2025-03-31-casualties"])]).tolist()
    ['4,500-5,500 (what the hedge allows)', '4,000 or more (the words give no upper end)']
    """
    low, high = bounds_as_text(rows)
    low_from, high_from = rows["low_from"].astype(str).to_numpy(), rows["high_from"].astype(str).to_numpy()
    one = rows["low"].to_numpy(dtype=float) == rows["high"].to_numpy(dtype=float)
    spread = np.where(one, low, low + "-" + high)
    study = rows["method"].astype(str).eq("study").to_numpy()
    words = np.select(
        [high_from == "open", low_from == "open", study & (low_from == "stated") & (high_from == "stated"),
         (low_from == "rule") | (high_from == "rule")],
        [low + " or more (the words give no upper end)", "up to " + high + " (the words give no lower end)",
         spread + " (the authors' interval)", spread + " (what the hedge allows)"],
        spread + " (as stated)")
    return pd.Series(words, index=rows.index, dtype=object)


def chart_spec(name: str, prepared, figures: pd.DataFrame) -> dict:
    """The Vega-Lite spec of one of :data:`HOVER_CHARTS`, drawn from the chart's prepared rows."""
    import altair as alt

    chart = _SPECS[name](prepared, figures)
    if not isinstance(chart, alt.HConcatChart):  # a single plot takes the page's width; a row of two, its own
        chart = chart.properties(width="container")
    return chart.configure_view(stroke=None).to_dict()


def _tooltip(alt) -> list:
    return [alt.Tooltip(f"{field}:N", title=title) for field, title in HOVER_FIELDS.items()]


def _with_hover(rows: pd.DataFrame, figures: pd.DataFrame, ids: str = "id") -> pd.DataFrame:
    """The drawn rows with the hover words beside them (the drawn columns keep their names)."""
    words = hover_rows(rows[ids], figures)
    drawn = _finite(rows.reset_index(drop=True))
    return pd.concat([drawn.drop(columns=[c for c in words if c in rows]), words], axis=1)


def _finite(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with infinite numbers as missing and missing text as None: JSON has neither infinity nor NaN, and
    no bound is drawn where none is."""
    numbers = frame.select_dtypes("number").columns
    others = [c for c in frame.columns if c not in numbers and not pd.api.types.is_datetime64_any_dtype(frame[c])]
    return frame.assign(**{c: frame[c].replace([np.inf, -np.inf], np.nan) for c in numbers},
                        **{c: frame[c].astype(object).where(frame[c].notna(), None) for c in others})


def _dates(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    frame = _finite(frame)
    for column in columns:
        frame[column] = pd.to_datetime(frame[column]).dt.strftime("%Y-%m-%d")
    return frame


def _time_axis(dates: pd.Series, title: str):
    """A date axis whose labels are all in one style, the coarsest that tells them apart: years over four years
    or more, every sixth month over a year and a half, months over three months or more, else days."""
    import altair as alt

    dates = pd.to_datetime(dates.dropna())
    days = (dates.max() - dates.min()).days if len(dates) else 0
    unit, step, style = (("year", 1, "%Y") if days >= 1460 else ("month", 6, "%b %Y") if days >= 540
                         else ("month", 1, "%b %Y") if days >= 90 else ("day", None, "%-d %b %Y"))
    return alt.Axis(title=title, format=style, tickCount={"interval": unit, "step": step} if step else 8,
                    labelOverlap=True)


def _competing(prepared, figures: pd.DataFrame):
    """As the printed chart: a row per source, coloured by side; the range in two halves about the best estimate,
    each solid where the source said the bound and faded where the hedge rule made it; an arrow where the words
    give no upper end; a floor's bar from zero."""
    import altair as alt

    from casualty.present.charts.frame import side_colours

    rows = _with_hover(prepared.rows, figures)
    rows["label"] = rows["label"].astype(str).str.replace("\n", " · ", regex=False)
    rows["floor"] = rows["floor"].astype(bool)
    rows["open"] = rows["qualifier"].map(lambda q: q in QUALIFIERS and QUALIFIERS[q].open_ended)
    rows["low_said"], rows["high_said"] = rows["low_stated"].astype(bool), rows["high_stated"].astype(bool)
    rows["zero"] = 0.0
    order = rows["label"].tolist()
    colours = side_colours(rows["side"].astype(str))
    base = alt.Chart(rows).encode(
        y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=480)),
        color=alt.Color("side:N", title="who claimed it", scale=alt.Scale(domain=list(colours), range=list(colours.values())),
                        legend=alt.Legend(symbolOpacity=1)),
        tooltip=_tooltip(alt), href="url:N")
    x = alt.X("best:Q", title=f"{METRICS[prepared.metric].words if prepared.metric in METRICS else prepared.metric}"
              " (people)", axis=alt.Axis(format=",d"))
    floors = base.transform_filter("datum.floor").mark_bar(opacity=0.25, height=12).encode(x="zero:Q", x2="best:Q")
    low = base.mark_rule(strokeWidth=3).encode(
        x=x, x2="low:Q", opacity=alt.condition("datum.low_said", alt.value(1.0), alt.value(0.35)))
    high = base.mark_rule(strokeWidth=3).encode(
        x=x, x2="high:Q", opacity=alt.condition("datum.high_said", alt.value(1.0), alt.value(0.35)))
    arrows = base.transform_filter("datum.open").mark_point(shape="triangle-right", filled=True, size=60,
                                                            opacity=0.5).encode(x="high:Q")
    best = base.mark_point(filled=True, size=80, opacity=1).encode(
        x=x, shape=alt.Shape("floor:N", scale=alt.Scale(domain=[False, True], range=["circle", "diamond"]),
                             legend=None))
    layers = [floors] * bool(rows["floor"].any()) + [low, high] + [arrows] * bool(rows["open"].any()) + [best]
    return alt.layer(*layers).properties(height=max(160, 34 * len(rows)))


def _side_colour(alt, sides: pd.Series, orient: str = "right"):
    """Colour by side, in the house palette, as the printed charts: who made the claim; hovering names them."""
    from casualty.present.charts.frame import side_colours

    colours = side_colours(sides.astype(str))
    return alt.Color("side:N", title="who claimed it",
                     scale=alt.Scale(domain=list(colours), range=list(colours.values())),
                     legend=alt.Legend(symbolOpacity=1, labelLimit=320, orient=orient))


def _shape(alt, rows: pd.DataFrame, orient: str = "right") -> dict:
    """Shape by what was counted, where the metric has definitions (casualties, deaths); a killed toll has none."""
    if not rows["definition"].notna().any():
        return {}
    return {"shape": alt.Shape("what:N", title="what was counted",
                               legend=alt.Legend(symbolOpacity=1, orient=orient))}


def _what(rows: pd.DataFrame) -> pd.Series:
    return rows["definition"].map(lambda d: DEFINITIONS[d].label if d in DEFINITIONS else "not said")


def _time_scale(alt):
    """A time scale with room at both ends, so that a mark on the first or last date is drawn whole."""
    return alt.Scale(padding=14)


def _over_time(prepared, figures: pd.DataFrame):
    """Each claim at the date it describes: its range as a vertical bar (faded where the words give no upper
    end), a month or year as a dashed horizontal bar, colour the side of who made it, shape what it counted, a thin
    line through each source's running totals; a count of a period only, hollow and on no line."""
    import altair as alt

    rows = _dates(_with_hover(prepared.rows, figures), "x", "x_start", "x_end")
    rows["open"] = rows["range"].str.contains("no upper end", regex=False)
    rows["what"] = _what(rows)
    rows["period"] = rows["period"].astype(bool)
    # one line per source and method: a count of names is not joined to the same source's estimate
    rows["series"] = rows["source"] + " · " + rows_of(figures, rows["id"])["method"].astype(object).fillna("unstated").to_numpy()
    base = alt.Chart(rows).encode(color=_side_colour(alt, rows["side"]), tooltip=_tooltip(alt), href="url:N")
    x = alt.X("x:T", axis=_time_axis(pd.concat([rows["x_start"], rows["x_end"]]), "Date the claim describes"),
              scale=_time_scale(alt))
    y = alt.Y("best:Q", title="people", axis=alt.Axis(format=",d"))
    lines = base.transform_filter("!datum.period").mark_line(strokeWidth=1, opacity=0.5).encode(
        x=x, y=y, detail="series:N")
    ranges = base.mark_rule(strokeWidth=3).encode(
        x=x, y="low:Q", y2="high:Q", opacity=alt.condition("datum.open", alt.value(0.35), alt.value(0.9)))
    spans = base.transform_filter("datum.x_start != datum.x_end").mark_rule(strokeDash=[4, 3]).encode(
        x="x_start:T", x2="x_end:T", y="best:Q")
    totals = base.transform_filter("!datum.period").mark_point(filled=True, size=70, opacity=1).encode(
        x=x, y=y, **_shape(alt, rows))
    periods = base.transform_filter("datum.period").mark_point(filled=False, size=70, opacity=1,
                                                               strokeWidth=2).encode(x=x, y=y, **_shape(alt, rows))
    spanned = bool((rows["x_start"] != rows["x_end"]).any())
    layers = ([lines, ranges] + [spans] * spanned + [totals] * bool((~rows["period"]).any())
              + [periods] * bool(rows["period"].any()))
    return alt.layer(*layers).properties(height=420)


def _implied_rate(prepared, figures: pd.DataFrame):
    """As the printed chart: a row per claim divided by a deployed figure, its range (faded where the words give
    no upper end) and best estimate, coloured by side, shaped by what it counted, and what it was divided by on the
    right."""
    import altair as alt

    rows = _with_hover(prepared.rows, figures)
    rows["what"] = _what(rows)
    rows["open"] = rows["range"].str.contains("no upper end", regex=False)
    label = rows["source"] + " · " + rows["dated"].astype(str) + " · " + rows["claim"]
    repeat = (label.groupby(label).cumcount() + 1).astype(str)
    rows["row"] = label + pd.Series(np.where(label.duplicated(keep=False), " (" + repeat + ")", ""), index=rows.index)
    rows["divided by"] = rows["divided_by"].astype(str)
    rows["share"] = _share_words(rows)
    order = rows["row"].tolist()
    tooltip = [*_tooltip(alt), alt.Tooltip("share:N", title="Share of those deployed"),
               alt.Tooltip("divided by:N", title="Divided by")]
    height = max(160, 30 * len(rows))
    base = alt.Chart(rows).encode(y=alt.Y("row:N", sort=order, title=None, axis=alt.Axis(labelLimit=300)),
                                  color=_side_colour(alt, rows["side"], "bottom"), tooltip=tooltip, href="url:N")
    ranges = base.mark_rule(strokeWidth=4).encode(
        x=alt.X("rate_low:Q", title="casualties as a share of troops deployed", axis=alt.Axis(format="%")),
        x2="rate_high:Q", opacity=alt.condition("datum.open", alt.value(0.35), alt.value(1.0)))
    best = base.mark_point(filled=True, size=80, opacity=1).encode(x="rate_best:Q", **_shape(alt, rows, "bottom"))
    divided = alt.Chart(rows).mark_text(align="left", fontSize=10, color="#555555").encode(
        y=alt.Y("row:N", sort=order, axis=None), x=alt.value(4), text="divided by:N", tooltip=tooltip).properties(
        width=190, height=height)
    # the labels, the plot and what each claim was divided by fit the page's 60em column
    return alt.hconcat(alt.layer(ranges, best).properties(height=height, width=340), divided, spacing=4)


def _share_words(rows: pd.DataFrame) -> pd.Series:
    """Each rate as '45% (37%-56%)', or its one number."""
    from casualty.present.wording import format_share

    best = format_share(rows["rate_best"]).reset_index(drop=True)
    spread = share_range(rows["rate_low"], rows["rate_best"], rows["rate_high"]).reset_index(drop=True)
    return (best + (" (" + spread + ")").where(spread != "", "")).set_axis(rows.index)


def _together(prepared, figures: pd.DataFrame):
    """As the printed chart: the band one rising count can have been (reaching the top where nothing bounds it),
    each claim's range at its date coloured by its verdict, a dot at its low, and a claim with no upper end drawn
    to the top with a triangle."""
    import altair as alt

    from casualty.present.charts.frame import PALE
    from casualty.present.charts.together import VERDICTS

    rows = _dates(_with_hover(prepared.rows, figures), "ordered_at")
    finite = rows["high"].notna()
    top = max(float(rows.loc[finite, "high"].max()) if finite.any() else 0.0, float(rows["low"].max())) * 1.12
    rows["open"] = ~finite
    rows["to"] = rows["high"].where(finite, top)
    present = [v for v in VERDICTS if (rows["consistent"].astype(str) == v).any()]
    rows["verdict"] = rows["consistent"].astype(str).map({v: label for v, (_, label) in VERDICTS.items()})
    colour = alt.Color("verdict:N", title=None, scale=alt.Scale(
        domain=[VERDICTS[v][1] for v in present], range=[VERDICTS[v][0] for v in present]),
        legend=alt.Legend(symbolOpacity=1, labelLimit=360))
    band = prepared.band.assign(high=prepared.band["high"].clip(upper=top))
    last = band.tail(1).assign(at=pd.to_datetime(rows["ordered_at"]).max())  # the last step, drawn to the end
    band = _dates(pd.concat([band, last], ignore_index=True), "at")
    x_axis = _time_axis(pd.concat([band["at"], rows["ordered_at"]]), "Date the claim describes")
    y = alt.Y("low:Q", title="people", axis=alt.Axis(format=",d"), scale=alt.Scale(domain=[0, top]))
    area = alt.Chart(band).mark_area(opacity=0.45, color=PALE, interpolate="step-after").encode(
        x=alt.X("at:T", axis=x_axis, scale=_time_scale(alt)), y=y, y2="high:Q")
    base = alt.Chart(rows).encode(x="ordered_at:T", color=colour, tooltip=_tooltip(alt), href="url:N")
    ranges = base.mark_rule(strokeWidth=3).encode(y="low:Q", y2="to:Q")
    lows = base.mark_point(filled=True, size=45, opacity=1).encode(y="low:Q")
    tops = base.transform_filter("datum.open").mark_point(shape="triangle-up", filled=True, size=70,
                                                          opacity=1).encode(y="to:Q")
    return alt.layer(*[area, ranges, lows] + [tops] * bool(rows["open"].any())).properties(height=420)


def caption(name: str, prepared) -> str:
    """How to read the chart to hover: the printed chart's subtitle, which says how it is drawn, where the two are
    drawn alike, with what the hover chart adds; for claims over time, which the printed chart labels in place,
    its own reading and the subtitle's words on the data."""
    rows = prepared.rows
    if name == "07-claims-taken-together" and not np.isfinite(rows["high"].to_numpy(dtype=float)).all():
        return prepared.subtitle + " A triangle: the claim gives no upper end, and its line runs to the top."
    if name == "03-implied-rate-by-source":
        return prepared.subtitle + " A faded line: the words give no upper end, and its high is the hedge rule's."
    if name != "02-casualty-claims-over-time":
        return prepared.subtitle
    shape = "shape: what it counted; " if rows["definition"].notna().any() else ""
    reading = (f"{len(rows)} claims by {rows['source'].nunique()} sources, each at the date it describes: a vertical "
               "bar is its range, faded where the words give no upper end; a dashed horizontal bar, a month or year. "
               f"Colour: the side of who made the claim; {shape}a thin line joins one source's running totals made one "
               "way; a hollow mark counts a period only.")
    said = prepared.subtitle.split("Colour:", 1)
    rest = said[1].split(". ", 1)[1] if len(said) == 2 and ". " in said[1] else ""
    return f"{reading} {rest}".strip()


_SPECS = {"08-competing-estimates": _competing, "02-casualty-claims-over-time": _over_time,
          "03-implied-rate-by-source": _implied_rate, "07-claims-taken-together": _together}


def spec_block(element_id: str, spec: dict, label: str = "") -> str:
    """The spec as inert JSON in the page, and the element Vega draws it in, which screen readers read as one image
    described by ``label`` (the chart's alt text)."""
    data = json.dumps(spec, ensure_ascii=False, allow_nan=False)
    data = data.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    e = html.escape(element_id, quote=True)
    described = f' role="img" aria-label="{html.escape(label, quote=True)}"' if label else ""
    return (f'<div class="hover-chart" id="{e}"{described}></div>\n'
            f'<script type="application/json" data-chart="{e}">{data}</script>')


#: The page's own script: each spec block drawn into its element, once the page has loaded.
EMBED_SCRIPT = ("<script>\ndocument.querySelectorAll('script[data-chart]').forEach(function (block) {\n"
                "  vegaEmbed('#' + block.dataset.chart, JSON.parse(block.textContent), "
                + json.dumps(EMBED_OPTIONS) + ").catch(console.error);\n});\n</script>")


def write_script(folder: Path) -> Path:
    """Write Vega, Vega-Lite and vega-embed as one classic script, ``vega-embed.js``, into ``folder``."""
    import vl_convert

    path = Path(folder) / SCRIPT
    path.write_text(vl_convert.javascript_bundle(), encoding="utf-8")
    return path
