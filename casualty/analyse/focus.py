"""Whom the story is about: the focus subject, the subjects there are, one force wherever it is, and the report
the story starts from.

Analyse stage. Subjects follow the convention ``<force> in <place>``: a force is compared with itself in another
place, and with another force in the same place.
"""

from __future__ import annotations

import pandas as pd

from casualty.load.read import load_figures  # noqa: F401 (for the examples)


def split_subject(subject: pd.Series) -> pd.DataFrame:
    """Split '<force> in <place>' into force and place (place blank when absent).

    >>> split_subject(pd.Series(["X troops in A", "X troops in B in C", "X troops"])).values.tolist()
    [['X troops', 'A'], ['X troops in B', 'C'], ['X troops', '']]
    """
    # no subject with ' in ' gives one column, no subject at all none
    text = subject.astype(str)
    parts = text.str.rsplit(" in ", n=1, expand=True).reindex(columns=[0, 1])
    place = parts[1].astype(text.dtype).fillna("")  # all missing (float) where no subject names a place
    return pd.DataFrame({"force": parts[0].to_numpy(), "place": place.to_numpy()}, index=subject.index)


def focus_subject(figures: pd.DataFrame, subject: str | None = None) -> str:
    """The subject the data is mostly about, or the one chosen.

    In order: ``subject`` when given; else ``figures.attrs["subject"]`` (set by
    the command's ``--subject``, or by :func:`casualty.load.read.load_figures` from
    the dataset's ``datapackage.json``, ``"casualty": {"subject": ...}``); else
    the subject with the most casualty claims, ties to the alphabetically first,
    and with no casualty claims, the subject with the most figures.

    >>> focus_subject(load_figures())
    'North Korean troops in Kursk'
    >>> focus_subject(load_figures(), "North Korean troops in Russia")
    'North Korean troops in Russia'
    """
    chosen = subject or figures.attrs.get("subject")
    if chosen:
        return str(chosen)
    # the subject column alone (a loaded one is categorical: counted on its codes), not every column's rows
    casualty = (figures["metric"] == "casualties").to_numpy()
    pool = figures["subject"][casualty] if casualty.any() else figures["subject"]
    counts = pool.value_counts(sort=False)
    counts = counts[counts > 0]  # a category no figure has
    counts.index = counts.index.astype(str)
    return str(counts[counts == counts.max()].sort_index().index[0])


class UnknownSubject(ValueError):
    """A subject asked for that no figure is about: ``subject``, and ``known``, the subjects there are."""

    def __init__(self, subject: str, known: list[str]):
        self.subject, self.known = subject, known
        super().__init__(f"no figure is about the subject {subject!r}; the subjects are: "
                         + "; ".join(repr(k) for k in known))


def with_subject(figures: pd.DataFrame, subject: str | None) -> pd.DataFrame:
    """``figures`` with ``subject`` as their focus subject (``attrs["subject"]``), so that every table and chart
    made from them follows it; ``None`` leaves the focus as it is. Raises :class:`UnknownSubject` for a subject
    no figure is about.

    >>> focus_subject(with_subject(load_figures(), "North Korean troops in Russia"))
    'North Korean troops in Russia'
    """
    if subject is None:
        return figures
    known = subjects(figures)
    if subject not in known:
        raise UnknownSubject(subject, known)
    figures.attrs["subject"] = subject
    return figures


def subjects(figures: pd.DataFrame) -> list[str]:
    """Every subject of the data, in alphabetical order.

    >>> subjects(load_figures())[:2]
    ['North Korean construction workers', 'North Korean engineers']
    """
    return sorted(figures["subject"].astype(str).unique().tolist())


def same_force(figures: pd.DataFrame, subject: str | None = None) -> pd.Series:
    """Which figures are about the force of ``subject`` (by default the focus subject), wherever it is.

    Subjects are '<force> in <place>': 'X troops in A' and 'X troops in B'
    are the same force.

    >>> figures = load_figures()
    >>> sorted(figures.loc[same_force(figures), "subject"].astype(str).unique())
    ['North Korean troops in Kursk', 'North Korean troops in Russia']
    """
    force = split_subject(pd.Series([focus_subject(figures, subject)]))["force"].iloc[0]
    return split_subject(figures["subject"])["force"] == force


def headline_report(figures: pd.DataFrame, subject: str | None = None) -> str | None:
    """The report that says most about ``subject``, or None when no report gives both of the numbers below.

    ``figures.attrs["headline_report"]`` (set by :func:`casualty.load.read.load_figures`
    from the dataset's ``datapackage.json``, ``"casualty": {"headline_report": ...}``)
    wins when it is set and no other subject was asked for. Otherwise:
    among the reports that give both a ``deployed`` and a ``casualties`` figure
    about the subject (by default the focus subject), both running totals (not
    a period's count), the one with the most
    figures about it; ties go to the alphabetically first report name. Its
    numbers can be set side by side without adding up different sources'.

    >>> headline_report(load_figures())                             # doctest: +SKIP
    'kontur-2025-02-07'
    """
    chosen = figures.attrs.get("headline_report")
    if chosen and (subject is None or subject == focus_subject(figures)):
        return str(chosen)
    subject = focus_subject(figures, subject)
    about = figures.loc[figures["subject"] == subject, ["report", "metric", "window_start"]]
    # each report's distinct metrics among the two it must give, as running totals: a period's count is no
    # share of a deployment
    running_two = about["metric"].isin(["deployed", "casualties"]) & about["window_start"].isna()
    two = about.loc[running_two, ["report", "metric"]]
    given = two.astype(object).drop_duplicates().groupby("report").size()
    counts = about.loc[about["report"].isin(given.index[given == 2]), "report"].astype(object).value_counts()
    if counts.empty:
        return None
    return str(counts[counts == counts.max()].sort_index().index[0])


#: What makes one statement: the figures one source gave in one report about one subject and date.
