"""Statements, not rows: relays merged, revisions superseded, and each source's latest estimate of a toll.

Analyse stage. A figures file may hold one statement several times (``repeats``:
another outlet relaying it) and a source's figure that a later one replaced
(``revises``). The analyses count a statement once and take each source's latest
figure; what they leave aside stays in the data and in the tables.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from casualty.analyse.focus import focus_subject
from casualty.vocabulary import METHODS, TOLL_METRICS

#: The columns :func:`competing_estimates` returns, in order.
COMPETING_COLUMNS = ["id", "source", "side", "subject", "metric", "definition", "method", "floor", "qualifier",
                     "value", "low", "best", "high", "low_stated", "high_stated", "as_of", "as_of_precision",
                     "stated", "report", "outlet", "url", "earlier_ids", "relay_ids"]


def focus_metric(figures: pd.DataFrame, subject: str | None = None, metric: str | None = None) -> str | None:
    """The toll the story follows: ``metric`` when given; else ``figures.attrs["metric"]`` (set by
    :func:`with_metric`, the commands' ``--metric``); else the count of people (casualties, killed, deaths,
    wounded, captured, missing) with the most claims about the focus subject, ties in that order; ``None`` when
    the subject has no such claim.

    >>> from casualty.load.read import load_figures
    >>> focus_metric(load_figures())
    'casualties'
    """
    if metric or figures.attrs.get("metric"):
        return metric or figures.attrs["metric"]
    about = figures["subject"].astype(str) == focus_subject(figures, subject)
    counts = figures.loc[about, "metric"].astype(str).value_counts()
    counts = counts.reindex(list(TOLL_METRICS)).fillna(0)
    return str(counts.idxmax()) if counts.max() > 0 else None


class UnknownMetric(ValueError):
    """A metric asked for that no figure counts: ``metric``, and ``known``, the metrics there are."""

    def __init__(self, metric: str, known: list[str]):
        self.metric, self.known = metric, known
        super().__init__(f"no figure counts the metric {metric!r}; the metrics are: " + ", ".join(known))


def with_metric(figures: pd.DataFrame, metric: str | None) -> pd.DataFrame:
    """``figures`` with ``metric`` as their focus metric (``attrs["metric"]``), so that every analysis, table and
    chart made from them follows it; ``None`` leaves the focus as it is. Raises :class:`UnknownMetric` for a
    metric no figure counts.

    >>> from casualty.load import load_figures
    >>> focus_metric(with_metric(load_figures(), "killed"))
    'killed'
    """
    if metric is None:
        return figures
    known = sorted(figures["metric"].astype(str).unique().tolist())
    if metric not in known:
        raise UnknownMetric(metric, known)
    figures.attrs["metric"] = metric
    return figures


def statements(figures: pd.DataFrame) -> pd.DataFrame:
    """Each statement once: the rows that relay another (``repeats``) are left out, and each row kept says which
    rows relay it (``relay_ids``, a tuple), whether a later figure of its source replaces it (``superseded``) and
    which one (``superseded_by``)."""
    repeats = _text(figures, "repeats")
    revises = _text(figures, "revises")
    ids = figures["id"].astype(str)
    relays = pd.Series(ids[repeats != ""].to_numpy(), index=repeats[repeats != ""].to_numpy())
    relay_ids = relays.groupby(level=0, sort=False).agg(tuple)
    later = pd.Series(ids[revises != ""].to_numpy(), index=revises[revises != ""].to_numpy())
    later = later[~later.index.duplicated(keep="last")]
    kept = figures[(repeats == "").to_numpy()].copy()
    kept_ids = kept["id"].astype(str)
    kept["relay_ids"] = kept_ids.map(relay_ids).apply(lambda v: v if isinstance(v, tuple) else ())
    kept["superseded_by"] = kept_ids.map(later).astype(object).where(kept_ids.isin(later.index), "")
    kept["superseded"] = kept["superseded_by"] != ""
    return kept


def evidence_bounds(frame: pd.DataFrame, open_ended: bool = True, floors: bool = True) -> tuple[pd.Series, pd.Series]:
    """Each figure's low and high as evidence: a count of names or records (a floor) has no high, and, with
    ``open_ended`` (the default), a bound the qualifier rule made on a side the words leave open ("more than":
    the high; "up to": the low) is no bound at all (0 or infinity). ``open_ended=False`` reads every bound as the
    rule gives it; ``floors=False`` keeps a count's own high (one report's numbers set against each other)."""
    low, high = frame["low"].astype("float64"), frame["high"].astype("float64")
    if open_ended:
        if "low_from" in frame:
            low = low.where(frame["low_from"].astype(object) != "open", 0.0)
        if "high_from" in frame:
            high = high.where(frame["high_from"].astype(object) != "open", np.inf)
    if floors and "method" in frame:
        floor_methods = [m for m, record in METHODS.items() if record.floor]
        high = high.where(~frame["method"].astype(object).isin(floor_methods), np.inf)
    return low, high


def competing_estimates(figures: pd.DataFrame, subject: str | None = None, metric: str | None = None
                        ) -> pd.DataFrame:
    """Each source's latest figure of ``metric`` (the focus metric) about ``subject`` (the focus subject), for each
    way it was made (a source's count of records and its estimate are two figures), lowest first: relays merged into the statement they repeat, revised figures superseded, running totals at their
    latest date. ``floor`` is true for a count of names or records (what it counts is at least that many);
    ``low_stated`` and ``high_stated`` say whether a bound was said or made by the qualifier rule;
    ``earlier_ids`` are the source's other figures left aside (earlier or superseded), ``relay_ids`` the rows
    that relay this one. Period figures (``window_start`` set) are not totals and are left out.

    >>> from casualty.load.read import load_figures
    >>> competing_estimates(load_figures())["source"].tolist()[:2]
    ['unnamed US military official', 'Western officials']
    """
    subject = focus_subject(figures, subject)
    metric = focus_metric(figures, subject, metric)
    rows = statements(figures)
    rows = rows[(rows["subject"].astype(str) == subject) & (rows["metric"].astype(str) == metric)
                & rows["window_start"].isna()]
    if rows.empty:
        return pd.DataFrame(columns=COMPETING_COLUMNS)
    # the latest standing figure of each source and method (a source's count of records and its estimate are two
    # figures, not one): not superseded, then the latest as_of, then the latest stated
    method = _text(rows, "method").replace("", "unstated")
    order = rows.assign(_standing=~rows["superseded"], _method=method).sort_values(
        ["_standing", "as_of", "stated", "id"], kind="stable")
    latest = order.drop_duplicates(["source", "_method"], keep="last")
    all_ids = order.groupby([order["source"].astype(str), order["_method"]], sort=False)["id"].agg(tuple)
    latest = latest.assign(
        earlier_ids=[tuple(i for i in all_ids[(s, m)] if i != own)
                     for s, m, own in zip(latest["source"].astype(str), latest["_method"], latest["id"])],
        floor=_text(latest, "method").map({m: r.floor for m, r in METHODS.items()}).fillna(False).astype(bool),
        method=_text(latest, "method").replace("", "unstated"),
        definition=latest["definition"].astype(object).where(latest["definition"].notna(), ""),
    )
    for side in ("low", "high"):  # a bound the source said, not one the qualifier rule made
        origin = latest[f"{side}_from"].astype(object) if f"{side}_from" in latest else "rule"
        latest[f"{side}_stated"] = np.asarray(origin == "stated", dtype=bool)
    latest = latest.sort_values(["best", "as_of", "id"], kind="stable")
    result = latest.reindex(columns=COMPETING_COLUMNS).reset_index(drop=True)
    for column in ("source", "side", "subject", "metric", "qualifier", "outlet"):
        result[column] = result[column].astype(str)
    return result


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    """A text column as plain strings, blank for missing; all blank when the frame has no such column."""
    if column not in frame:
        return pd.Series("", index=frame.index, dtype=object)
    values = frame[column].astype(object)
    return values.where(values.notna(), "").astype(str).where(lambda v: v != "nan", "")


def spread(estimates: pd.DataFrame) -> dict:
    """The two ends of :func:`competing_estimates`: the ids of the lowest and highest best figures, the two values,
    and their ratio (``np.nan`` when there are fewer than two sources or the lowest is 0)."""
    if len(estimates) < 2:
        return {"low_id": None, "high_id": None, "low": np.nan, "high": np.nan, "times": np.nan}
    low, high = estimates.iloc[0], estimates.iloc[-1]
    times = high["best"] / low["best"] if low["best"] > 0 else np.nan
    return {"low_id": low["id"], "high_id": high["id"], "low": float(low["best"]), "high": float(high["best"]),
            "times": float(times)}


#: The columns a relay must keep as its original has them: the claimant's hedge and dates.
RELAY_KEEPS = ("qualifier", "value", "as_of", "stated")


def relay_differences(figures: pd.DataFrame) -> pd.DataFrame:
    """Each relay (``repeats``) whose hedge, number or dates differ from the row it repeats: one row per column
    that differs, with ``id``, ``repeats``, ``column``, the relay's value (``relay``) and the original's
    (``original``), both as text."""
    repeats = _text(figures, "repeats")
    relays = figures[(repeats != "").to_numpy()]
    columns = ["id", "repeats", "column", "relay", "original"]
    if relays.empty:
        return pd.DataFrame(columns=columns)
    originals = figures.set_index(figures["id"].astype(str)).reindex(_text(relays, "repeats"))
    found = []
    for column in RELAY_KEEPS:
        mine, theirs = _as_text(relays[column]), _as_text(originals[column])
        differ = (mine.to_numpy() != theirs.to_numpy())
        found.append(pd.DataFrame({"id": relays["id"].astype(str).to_numpy()[differ],
                                   "repeats": _text(relays, "repeats").to_numpy()[differ], "column": column,
                                   "relay": mine.to_numpy()[differ], "original": theirs.to_numpy()[differ]}))
    return pd.concat(found, ignore_index=True)[columns]


def _as_text(values: pd.Series) -> pd.Series:
    """Values as text to compare: dates as days, numbers as written, missing as blank."""
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.dt.strftime("%Y-%m-%d").fillna("")
    if pd.api.types.is_float_dtype(values):
        return values.map(lambda v: "" if pd.isna(v) else f"{v:g}")
    return values.astype(object).where(values.notna(), "").astype(str)

