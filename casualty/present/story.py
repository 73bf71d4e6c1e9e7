"""The prose the notebooks show, from the data, with every piece of text from the data escaped.

Present stage. The notebooks name nothing of a dataset themselves: what a
dataset is, whom it is mostly about and which report heads it are written here,
from the data and its ``datapackage.json``. Text read from a data file is data:
wherever it becomes Markdown (which a notebook, and the HTML report made from
it, renders, HTML and all), it is escaped first, so that a quote holding
``<script>``, a note holding ``<img onerror=...>`` or a subject holding a
Markdown link is shown as the characters it is and never run or followed.

:func:`escaped` runs any of the package's Markdown writers (``cite_list``,
``ratio_sentences``, ``flag_sentences``, ...) on escaped copies of its inputs;
:func:`escape_markdown` escapes one piece of text.
"""

from __future__ import annotations

import re
from typing import Callable

import numpy as np
import pandas as pd

from casualty.analyse.claims import place_claim
from casualty.analyse.focus import focus_subject, headline_report
from casualty.load.datapackage import codebook_path, dataset_of, excerpt_header, founding_article
from casualty.load.read import figures_file_of
from casualty.present.summary import overview_text
from casualty.present.tables import placement_text, spread_sentences
from casualty.present.wording import cite_list, format_date

#: Characters that Markdown (CommonMark, GitHub's tables and strikethrough, and the $ of Jupyter's maths) reads as
#: markup; a backslash in front makes each a plain character.
_MARKUP = r"[\\`*\[\]|~$]"
#: An underscore that could open or close emphasis: not between two letters or digits (snake_case stays as it is).
_UNDERSCORE = r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])"
_ESCAPE = re.compile(f"({_MARKUP}|{_UNDERSCORE})")
#: HTML's own three, as entities: no tag, attribute or entity of the data reaches the page.
_ENTITIES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))


def escape_markdown(text: str) -> str:
    r"""Text from the data as Markdown that shows exactly that text: no markup, no HTML, no line breaks.

    Markdown's markup characters get a backslash, ``& < >`` become entities and
    a line break becomes ``<br>``.

    >>> print(escape_markdown("<script>alert(1)</script> [x](javascript:alert(1)) *a* snake_case $5"))
    &lt;script&gt;alert(1)&lt;/script&gt; \[x\](javascript:alert(1)) \*a\* snake_case \$5
    """
    for plain, entity in _ENTITIES:
        text = text.replace(plain, entity)
    text = _ESCAPE.sub(r"\\\1", text)
    return text.replace("\r\n", "<br>").replace("\n", "<br>").replace("\r", "<br>")


def _escape_series(column: pd.Series) -> pd.Series:
    """Every text cell of a column escaped (vectorised); other cells as they are."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        categories = column.cat.categories
        if pd.api.types.infer_dtype(categories) != "string":
            return column
        return column.cat.rename_categories(_escape_series(pd.Series(categories.astype(object))).tolist())
    if not (pd.api.types.is_object_dtype(column.dtype) or pd.api.types.is_string_dtype(column.dtype)):
        return column
    text = column.astype(object)
    values = text.to_numpy()
    is_text = np.fromiter((type(cell) is str for cell in values), dtype=bool, count=len(values))
    out = text.copy()
    if is_text.any():  # each distinct text escaped once: a frame repeats its sources, dates and words
        codes, distinct = pd.factorize(values[is_text])
        out[is_text] = np.array([escape_markdown(cell) for cell in distinct], dtype=object)[codes]
    many = np.fromiter((isinstance(cell, (tuple, list)) for cell in values), dtype=bool, count=len(values))
    if many.any():  # cells that hold several ids (a check's figure_ids): each escaped
        out[many] = text[many].map(lambda cell: tuple(escape_markdown(c) if isinstance(c, str) else c for c in cell))
    return out.astype(column.dtype) if pd.api.types.is_string_dtype(column.dtype) and not many.any() else out


def markdown_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every piece of text escaped by :func:`escape_markdown`, ids and all.

    Escaping is the same function everywhere, so ids still match between
    frames escaped alike (a ratio's ``numerator_id`` and the figure's ``id``).
    The words of the vocabularies (``killed+wounded``, ``more_than``) are left
    as they are by the escape. ``attrs`` are kept; the file's name is escaped.
    """
    safe = frame.copy()
    for column in safe.columns:
        safe[column] = _escape_series(safe[column])
    if isinstance(safe.attrs.get("file"), str):
        safe.attrs["file"] = escape_markdown(safe.attrs["file"])
    return safe


def escaped(write: Callable[..., str], *args, **kwargs) -> str:
    """``write(*args, **kwargs)`` with every frame and piece of text among its arguments escaped first.

    For the package's Markdown writers: ``escaped(cite_list, rows)``,
    ``escaped(ratio_sentences, rates, figures)``.

    >>> import pandas as pd
    >>> escaped(lambda t: "- " + t["note"].iloc[0], pd.DataFrame({"note": ["<b>hi</b>"]}))
    '- &lt;b&gt;hi&lt;/b&gt;'
    """
    def safe(value):
        if isinstance(value, pd.DataFrame):
            return markdown_safe(value)
        if isinstance(value, pd.Series):
            return _escape_series(value)
        if isinstance(value, str):
            return escape_markdown(value)
        return value

    return write(*(safe(a) for a in args), **{k: safe(v) for k, v in kwargs.items()})


def cited(rows: pd.DataFrame, none: str = "No figure of the data is of this kind.") -> str:
    """The rows as a Markdown list, each cited in full (:func:`casualty.present.wording.cite_list`), escaped; ``none``
    when there are no rows.

    >>> from casualty.load.read import load_figures
    >>> figures = load_figures()
    >>> cited(figures[figures["id"] == "kontur-captured"])[:40]
    '- 2 captured [North Korean troops in Kur'
    >>> cited(figures.iloc[:0], none="None.")
    'None.'
    """
    return escaped(cite_list, rows) if len(rows) else none


# --- what the data is -------------------------------------------------------------------

def dataset_text(figures: pd.DataFrame) -> str:
    """Markdown: the dataset's title, data version and description, from its codebook, and what was loaded.

    >>> from casualty.load.read import load_figures
    >>> dataset_text(load_figures()).startswith("**Reported casualty figures of North Korean troops")
    True
    """
    about = dataset_of(figures)
    name = figures_file_of(figures.attrs.get("file")).name if figures.attrs.get("file") else "figures"
    head = f"**{escape_markdown(about['title'])}**" if about["title"] else f"The figures file `{escape_markdown(name)}`"
    head += f" (data version {escape_markdown(about['version'])})." if about["version"] else "."
    description = f" {escape_markdown(about['description'])}" if about["description"] else "" if (
        codebook_path(figures).is_file()) else (
        " Its folder has no `datapackage.json` describing it, so what is said of it here comes from the rows.")
    return head + description + "\n\n" + escaped(overview_text, figures)


def focus_text(figures: pd.DataFrame) -> str:
    """Markdown: the subject the notebook is about, and how it was chosen.

    >>> from casualty.load.read import load_figures
    >>> print(focus_text(load_figures()))  # doctest: +ELLIPSIS
    The focus subject is **North Korean troops in Kursk**: the subject with the most casualty claims (20 of 20). ...
    """
    subject = focus_subject(figures)
    chosen = figures.attrs.get("subject")
    if chosen and chosen == dataset_of(figures)["subject"]:
        how = "the dataset's default subject, named in its `datapackage.json`"
    elif chosen:
        how = "the subject asked for"
    else:
        claims = figures.loc[figures["metric"] == "casualties", "subject"].astype(str)
        if len(claims):
            how = f"the subject with the most casualty claims ({int((claims == subject).sum())} of {len(claims)})"
        else:
            how = f"the subject with the most figures ({int((figures['subject'] == subject).sum())} of {len(figures)})"
    others = sorted(set(figures["subject"].astype(str)) - {subject})
    rest = (" The other subjects of the data: " + "; ".join(escape_markdown(s) for s in others) + ".") if others else ""
    return f"The focus subject is **{escape_markdown(subject)}**: {how}.{rest}" if rest else (
        f"The focus subject is **{escape_markdown(subject)}**: {how}.")


# --- the headline report ------------------------------------------------------------------

def headline_article(figures: pd.DataFrame) -> dict | None:
    """The report at the head of the story, with what is known of it: title, author, outlet, published, report,
    address, and ``founding`` (True when the codebook names it as the article the collection starts from).

    The report is :func:`casualty.analyse.focus.headline_report`; its facts come from the codebook's ``sources`` when it
    is listed there, else from its excerpt, else from its rows. ``None`` when no report heads the data.

    >>> from casualty.load.read import load_figures
    >>> article = headline_article(load_figures())
    >>> article["report"], article["outlet"], article["founding"]
    ('kontur-2025-02-07', 'Kontur', True)
    """
    report = headline_report(figures)
    if report is None:
        return None
    file = figures.attrs.get("file")
    listed = founding_article(figures) if file and not str(file).startswith("<") else None
    if listed and listed.get("report") == report:
        return {**listed, "founding": True}
    rows = figures[figures["report"] == report]
    header = excerpt_header(figures_file_of(file).parent, report) if file and not str(file).startswith("<") else {}
    urls = rows["url"].dropna().astype(str)
    latest = rows.loc[rows["stated"].idxmax()]
    return {
        "title": header.get("title", ""), "author": header.get("author", ""),
        "outlet": header.get("outlet") or str(rows["outlet"].astype(str).mode().iloc[0]),
        "published": header.get("published") or str(format_date(pd.Series([latest["stated"]]),
                                                                  pd.Series([latest["stated_precision"]])).iloc[0]),
        "report": report, "address": header.get("address") or (urls.iloc[0] if len(urls) else ""),
        "founding": False,
    }


def headline_text(figures: pd.DataFrame) -> str:
    """Markdown: which report heads the story, cited by title, author, outlet and date, and where to read it.

    >>> from casualty.load.read import load_figures
    >>> print(headline_text(load_figures()))  # doctest: +ELLIPSIS
    The collection starts from one article: "N. Korea's ignominious withdrawal ..." by Olha Chepil, Kontur, ...
    """
    article = headline_article(figures)
    subject = escape_markdown(focus_subject(figures))
    if article is None:
        return (f"No report gives both a deployed and a casualty figure about {subject}, so no one report heads "
                "the story; the claims below are set side by side as they are.")
    e = {key: escape_markdown(str(value)) for key, value in article.items() if isinstance(value, str)}
    cite = ", ".join(part for part in (
        (f'"{e["title"]}"' + (f' by {e["author"]}' if e["author"] else "")) if e["title"] else e["author"],
        e["outlet"], e["published"]) if part)
    opening = ("The collection starts from one article: " if article["founding"] else
               f"The report that says most about {subject}, giving both its deployed and its casualty figures: ")
    rows = figures[figures["report"] == article["report"]]
    where = (f"it can be read at {e['address']}." if e["address"] else
             "its web address is not known, so they leave `url` blank." if rows["url"].isna().all() else
             "its rows give the addresses they were read at.")
    return f"{opening}{cite}. Rows read in it have report `{e['report']}`; {where}"


def headline_claims(figures: pd.DataFrame, metric: str = "casualties") -> pd.DataFrame:
    """The headline report's figures of ``metric`` (none when no report heads the data).

    >>> from casualty.load.read import load_figures
    >>> headline_claims(load_figures())["id"].tolist()[:2]
    ['kontur-kovalenko-casualties', 'kontur-casualties']
    """
    report = headline_report(figures)
    return figures[(figures["report"] == report) & (figures["metric"] == metric)]


def spread_text(spread: pd.DataFrame, figures: pd.DataFrame) -> str:
    """Markdown: :func:`casualty.present.tables.spread_sentences`, escaped, or a sentence saying there is nothing to
    spread. ``spread`` is what :func:`casualty.analyse.claims.rate_spread` returns.

    >>> from casualty.analyse.claims import rate_spread, rates_over_denominators
    >>> from casualty.load.read import load_figures
    >>> figures = load_figures()
    >>> spread_text(rate_spread(rates_over_denominators(figures)), figures).startswith("- ")
    True
    """
    if spread.empty:
        return "No running-total casualty claim of the focus subject has a deployed figure to be divided by."
    return escaped(spread_sentences, spread, figures)


def placements_text(figures: pd.DataFrame, estimates: pd.DataFrame) -> str:
    """Markdown: each running-total casualty claim of the headline report set against every other claim.

    ``estimates`` is what :func:`casualty.analyse.claims.estimates_by_source` returns.

    >>> from casualty.analyse.claims import estimates_by_source
    >>> from casualty.load.read import load_figures
    >>> figures = load_figures()
    >>> placements_text(figures, estimates_by_source(figures))[:30]
    'about 5,000 (range 4,500-5,500'
    """
    report = headline_report(figures)
    claims = estimates.loc[(estimates["report"] == report) & ~estimates["period"].astype(bool), "id"].tolist()
    if not claims:
        return "The headline report gives no running-total casualty claim to set against the others."
    return "\n\n---\n\n".join(escaped(placement_text, place_claim(figures, claim), figures, claim)
                              for claim in claims)


__all__ = ["escape_markdown", "markdown_safe", "escaped", "cited", "dataset_text", "focus_text", "headline_article",
           "headline_text", "headline_claims", "spread_text", "placements_text"]
