"""From a table of claims to numbers a reader can defend.

Analyse stage: takes the frame ``load_figures`` returns and derives ratios
and estimates by source (the checks are in :mod:`casualty.analyse.consistency`). Every
derived number carries
``low``/``best``/``high`` bounds computed from its inputs' bounds by interval
arithmetic, and the ids of the figures it came from.

Rules the code keeps:

- Figures are only ever combined within one report (one article or statement),
  except where a rule below says otherwise; so a count confirmed by one party
  is never added to another party's estimate.
- Period figures (``window_start`` set) are never turned into a rate over a
  whole deployment, and never compared with running totals.
- Shares are fractions (0.4545), not percent; format them only for display.
- Subjects follow the convention ``<force> in <place>``: force ratios compare
  forces in the same place.
"""

from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd

from casualty.analyse.focus import focus_subject, split_subject
from casualty.analyse.intervals import divide_intervals
from casualty.load.read import date_end, load_figures  # noqa: F401 (load_figures: for the examples)
from casualty.vocabulary import FORMATION_SINGULAR, METHODS, RATIOS

#: ratio -> (numerator metric, denominator metric), from casualty.vocabulary.RATIOS. Both figures come from
#: the same report and describe the same subject.
RATIO_METRICS: dict[str, tuple[str, str]] = {name: (r.numerator, r.denominator) for name, r in RATIOS.items()}
RATIO_COLUMNS = [
    "ratio", "subject", "counterpart", "source", "side", "as_of", "stated", "low", "best", "high",
    "numerator_id", "denominator_id", "definition", "denominator_source", "report", "outlet", "url",
    "numerator_method", "denominator_method", "numerator_floor", "denominator_floor",
]
ESTIMATE_COLUMNS = [
    "id", "subject", "source", "side", "outlet", "report", "url", "as_of", "stated", "window_start",
    "period", "definition", "qualifier", "low", "best", "high", "denominator_id", "denominator_rule",
    "denominator_best", "rate_low", "rate_best", "rate_high",
]
#: What a ratio needs of each of its two figures.
_PAIR_COLUMNS = ["report", "subject", "metric", "unit", "low", "best", "high", "source", "side", "as_of", "stated",
                 "id", "definition", "outlet", "url", "method"]


# --- interval arithmetic -----------------------------------------------------

STATEMENT = ["report", "source", "subject", "as_of"]


def killed_and_wounded_pairs(figures: pd.DataFrame) -> pd.DataFrame:
    """The killed and wounded figures given in one statement (:data:`STATEMENT`), one row per pair.

    Running totals only; rows in the file order of the killed figures. The
    statement's columns keep their names; every other column of the killed
    figure ends in ``_killed`` and of the wounded one in ``_wounded``
    (``id_killed``, ``best_wounded``, ...).

    >>> killed_and_wounded_pairs(load_figures())[["id_killed", "id_wounded"]].values.tolist()  # doctest: +SKIP
    [['nis-2024-12-19-killed', 'nis-2024-12-19-wounded'], ['nis-2025-01-13-killed', 'nis-2025-01-13-wounded']]
    """
    return _killed_and_wounded(plain_figures(figures))


def _killed_and_wounded(plain: pd.DataFrame) -> pd.DataFrame:
    running = plain[~plain["period"]]
    return running[running["metric"] == "killed"].merge(
        running[running["metric"] == "wounded"], on=STATEMENT, suffixes=("_killed", "_wounded"))


def plain_figures(figures: pd.DataFrame) -> pd.DataFrame:
    """Figures as the analysis works on them: vocabularies as plain strings, ready to merge on (the loader keeps
    them as categoricals, which is what makes a million rows cheap to load), and ``period``, whether a figure
    counts a period rather than a running total."""
    return _as_plain(figures.copy())  # a copy: the caller's figures keep their categoricals


def _as_plain(plain: pd.DataFrame) -> pd.DataFrame:
    """:func:`plain_figures` of a frame no one else holds (one just taken from the figures), made in place."""
    for column in ("subject", "metric", "unit", "definition", "qualifier", "source", "side", "outlet"):
        plain[column] = plain[column].astype(object)
    plain["period"] = plain["window_start"].notna()
    return plain


# --- ratios -----------------------------------------------------------------

def ratios(figures: pd.DataFrame, focus: str | None = None) -> pd.DataFrame:
    """Every ratio the data allows, one row per pair of figures from one report.

    Ratios: ``casualty_rate`` (casualties / deployed), ``killed_rate`` (killed /
    deployed), ``capture_rate`` (captured / casualties), ``killed_share``
    (killed / casualties), ``troops_per_<formation>`` (deployed / units, e.g.
    ``troops_per_brigade``), ``units_destroyed_share`` (units_destroyed / units)
    and ``force_ratio`` (another force's deployed / the focus subject's deployed
    in the same place). Both figures come from the same report and are running
    totals, but they may be two sources' (``source`` is the numerator's,
    ``denominator_source`` the denominator's): nothing is ever added across
    sources. Bounds by interval arithmetic; ``as_of`` and ``stated`` are the
    later of the two figures'. ``low``, ``best`` and ``high`` are fractions
    (0.4545 for 45%), where a figure of unit ``percent`` stores 40 for 40%.
    ``numerator_method`` and ``denominator_method`` say how each figure was
    made; ``numerator_floor`` (a count of names or records over the
    denominator: the ratio is at least this) and ``denominator_floor`` (the
    ratio is at most this) say which is a floor.

    >>> r = ratios(load_figures())                                  # doctest: +SKIP
    >>> r.loc[r.ratio == "troops_per_brigade", "best"].round(1).tolist()  # doctest: +SKIP
    [3666.7]
    """
    running = figures.loc[figures["window_start"].isna(), _PAIR_COLUMNS]  # running totals only
    parts, rank = [], []
    for name, (top, bottom) in RATIO_METRICS.items():  # one merge per ratio, of its own two metrics: six
        pairs = running[running["metric"] == top].merge(
            running[running["metric"] == bottom], on=["report", "subject"], suffixes=("_num", "_den"))
        if name == "units_destroyed_share":  # formations destroyed are a share of formations of the same kind only
            pairs = pairs[pairs["unit_num"].astype(object) == pairs["unit_den"].astype(object)]
        ratio = pd.Series(name, index=pairs.index, dtype=object)
        if name == "troops_per_unit":
            ratio = "troops_per_" + pairs["unit_den"].astype(object).map(FORMATION_SINGULAR).fillna("unit")
        parts.append(_ratio_rows(pairs, ratio, counterpart=None))
        rank.append(np.full(len(pairs), len(rank)))

    focus = focus or focus_subject(figures)
    deployed = running[running["metric"] == "deployed"]
    own = deployed[deployed["subject"] == focus]
    others = deployed[(deployed["subject"] != focus) & deployed["report"].isin(own["report"])]
    own, others = (rows.assign(place=split_subject(rows["subject"])["place"]) for rows in (own, others))
    pairs = others[others["place"] != ""].merge(own, on=["report", "place"], suffixes=("_num", "_den"))
    pairs["subject"] = pairs["subject_den"]
    parts.append(_ratio_rows(pairs, pd.Series("force_ratio", index=pairs.index), counterpart=pairs["subject_num"]))
    rank.append(np.full(len(pairs), len(rank)))

    result = pd.concat(parts, ignore_index=True).assign(_rank=np.concatenate(rank))
    # in the order of the ratios, then by subject, date and the two ids
    return (result.sort_values(["_rank", "subject", "as_of", "numerator_id", "denominator_id"], kind="stable")
            .reset_index(drop=True)[RATIO_COLUMNS])


def _ratio_rows(pairs: pd.DataFrame, ratio: pd.Series, counterpart) -> pd.DataFrame:
    low, best, high = divide_intervals(pairs["low_num"], pairs["best_num"], pairs["high_num"],
                                       pairs["low_den"], pairs["best_den"], pairs["high_den"])
    return pd.DataFrame({
        "ratio": ratio.to_numpy(dtype=object),
        "subject": pairs["subject"].to_numpy(dtype=object),
        "counterpart": counterpart.to_numpy(dtype=object) if counterpart is not None else None,
        "source": pairs["source_num"].to_numpy(dtype=object),
        "side": pairs["side_num"].to_numpy(dtype=object),
        "as_of": np.maximum(pairs["as_of_num"].to_numpy(), pairs["as_of_den"].to_numpy()),
        "stated": np.maximum(pairs["stated_num"].to_numpy(), pairs["stated_den"].to_numpy()),
        "low": low, "best": best, "high": high,
        "numerator_id": pairs["id_num"].to_numpy(dtype=object),
        "denominator_id": pairs["id_den"].to_numpy(dtype=object),
        "definition": pairs["definition_num"].fillna(pairs["definition_den"]).to_numpy(dtype=object),
        "denominator_source": pairs["source_den"].to_numpy(dtype=object),
        "report": pairs["report"].to_numpy(dtype=object),
        "outlet": pairs["outlet_num"].to_numpy(dtype=object),
        "url": pairs["url_num"].to_numpy(dtype=object),
        # how each figure was made: a count of names or records is a floor, so a ratio over it is one too
        "numerator_method": _method(pairs["method_num"]), "denominator_method": _method(pairs["method_den"]),
        "numerator_floor": _floor(pairs["method_num"]), "denominator_floor": _floor(pairs["method_den"]),
    })


def _method(methods: pd.Series) -> np.ndarray:
    """Each figure's method, a blank read as ``unstated``."""
    return methods.astype(object).fillna("unstated").to_numpy(dtype=object)


def _floor(methods: pd.Series) -> np.ndarray:
    """Whether each figure is a floor of what it counts (its method says so)."""
    return np.fromiter((m in METHODS and METHODS[m].floor for m in _method(methods)), dtype=bool, count=len(methods))


# --- estimates by source ----------------------------------------------------

def consensus_denominators(figures: pd.DataFrame) -> pd.DataFrame:
    """Per subject, the deployed figure most sources agree on.

    Among running-total ``deployed`` figures, the best value given by the most
    distinct sources; ties go to the value first stated. The figure returned
    for it is the earliest stated one (then the first in the file).

    >>> kursk = consensus_denominators(load_figures()).loc["North Korean troops in Kursk"]
    >>> kursk["id"], int(kursk["sources"])
    ('singh-2024-11-18-kursk', 5)
    """
    return _consensus(_running_deployed(figures)).drop(columns="_at")


def _running_deployed(figures: pd.DataFrame, columns=None) -> pd.DataFrame:
    """The running-total ``deployed`` figures as :func:`plain_figures` (of ``columns`` only, when given), with
    ``_at``, each one's place among them: picked before anything is copied, for a million claims hold a tenth
    as many."""
    rows = figures.loc[((figures["metric"] == "deployed") & figures["window_start"].isna()).to_numpy(),
                       figures.columns if columns is None else columns]
    return _as_plain(rows).assign(_at=np.arange(len(rows)))


def _consensus(deployed: pd.DataFrame) -> pd.DataFrame:
    """:func:`consensus_denominators` of :func:`_running_deployed` figures, their ``_at`` kept."""
    agreement = (deployed.groupby(["subject", "best"], sort=False)
                 .agg(sources=("source", "nunique"), first_stated=("stated", "min")).reset_index())
    agreement = agreement.sort_values(["subject", "sources", "first_stated", "best"],
                                      ascending=[True, False, True, True])
    chosen = agreement.drop_duplicates("subject")[["subject", "best", "sources"]]
    rows = deployed.merge(chosen, on=["subject", "best"]).sort_values(["subject", "stated", "line"])
    return rows.drop_duplicates("subject").set_index("subject")


def estimates_by_source(figures: pd.DataFrame, metric: str = "casualties") -> pd.DataFrame:
    """One row per claim of ``metric``, with the rate it implies.

    The denominator (``denominator_id``, ``denominator_rule``) is, in order:
    the same source's latest running-total ``deployed`` figure for the same
    subject with ``as_of`` at or before the claim's (``same source``); else the
    deployed figure most sources agree on for that subject (``consensus``, see
    :func:`consensus_denominators`). Period figures (``period`` True) keep
    their window and get no rate: a few days' losses are not a share of a
    whole deployment.

    >>> e = estimates_by_source(load_figures()).set_index("id")
    >>> e.loc["kontur-kovalenko-casualties", ["denominator_id", "denominator_rule"]].tolist()
    ['singh-2024-11-18-kursk', 'consensus']
    """
    # only the claims of the metric and the running-total deployed figures, and only the columns read, are
    # copied, the claims in the order of the result (found on the sort keys alone); a denominator is found as a
    # place among the deployed figures, never by looking its id up
    rows = np.flatnonzero((figures["metric"] == metric).to_numpy())
    keys = figures[["as_of", "stated", "line"]].take(rows).reset_index(drop=True)
    order = (keys.assign(period=figures["window_start"].notna().to_numpy()[rows])
             .sort_values(["period", "as_of", "stated", "line"]).index.to_numpy())
    claims = _as_plain(figures[_ESTIMATE_INPUT].take(rows[order]))
    deployed = _running_deployed(figures, _DEPLOYED_INPUT)

    left = claims[["source", "subject", "as_of"]].assign(_claim=np.arange(len(claims))).sort_values("as_of")
    right = deployed.sort_values(["as_of", "stated", "line"])[["as_of", "source", "subject", "_at"]]
    own = pd.merge_asof(left, right, on="as_of", by=["source", "subject"], direction="backward")
    own_at = np.full(len(claims), -1, dtype=np.int64)
    own_at[own["_claim"].to_numpy()] = own["_at"].fillna(-1).to_numpy(dtype=np.int64)

    consensus = _consensus(deployed)["_at"]
    consensus_at = claims["subject"].map(consensus).fillna(-1).to_numpy(dtype=np.int64)
    period = claims["period"].to_numpy()
    den_at = np.where(period, -1, np.where(own_at >= 0, own_at, consensus_at))
    found = den_at >= 0
    ids = deployed["id"].to_numpy(dtype=object)
    # object, not str: with no deployed figure at all every denominator_id is missing
    claims["denominator_id"] = pd.Series(np.where(found, ids[np.maximum(den_at, 0)] if len(ids) else None, np.nan),
                                         index=claims.index, dtype=object)
    claims["denominator_rule"] = np.where(~found, None, np.where(own_at >= 0, "same source", "consensus"))

    den = {column: np.where(found, deployed[column].to_numpy(dtype="float64")[np.maximum(den_at, 0)]
                            if len(ids) else np.nan, np.nan) for column in ("low", "best", "high")}
    rate_low, rate_best, rate_high = divide_intervals(
        claims["low"], claims["best"], claims["high"], den["low"], den["best"], den["high"])
    claims["denominator_best"] = den["best"]
    claims["rate_low"], claims["rate_best"], claims["rate_high"] = rate_low, rate_best, rate_high
    return claims[ESTIMATE_COLUMNS].reset_index(drop=True)


#: The columns :func:`estimates_by_source` reads of a claim and of a deployed figure.
_ESTIMATE_INPUT = ["id", "subject", "metric", "unit", "source", "side", "outlet", "report", "url", "as_of", "stated",
                   "window_start", "definition", "qualifier", "low", "best", "high", "line"]
_DEPLOYED_INPUT = ["id", "subject", "metric", "unit", "definition", "qualifier", "source", "side", "outlet", "as_of",
                   "stated", "window_start", "low", "best", "high", "line"]


def timeline(figures: pd.DataFrame, metric: str, subject: str | None = None) -> pd.DataFrame:
    """Claims of one metric in date order, one series per source, ready to plot.

    ``subject`` defaults to the focus subject. ``series`` is the source;
    ``period`` marks figures that count a window rather than a running total.

    >>> timeline(load_figures(), "casualties")["id"].head(2).tolist()
    ['us-official-2024-12-17-casualties', 'hur-2024-12-16-casualties']
    """
    subject = subject or focus_subject(figures)
    plain = plain_figures(figures)
    rows = plain[(plain["metric"] == metric) & (plain["subject"] == subject)]
    rows = rows.sort_values(["as_of", "stated", "line"]).assign(series=lambda d: d["source"])
    return rows[["series", "id", "source", "side", "as_of", "as_of_precision", "window_start", "period",
                 "definition", "qualifier", "unit", "value", "low", "best", "high", "stated", "outlet", "report", "url"]
                ].reset_index(drop=True)


def rates_over_denominators(figures: pd.DataFrame, claim_ids: Iterable[str] | None = None,
                            denominator_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """The casualty rate of each claim over each candidate denominator.

    Shows how much a rate depends on what it is divided by. By default the
    claims are the focus subject's running-total casualty figures and the
    denominators every running-total ``deployed`` figure of the same force
    (in any place), one per distinct subject, qualifier and value.

    >>> r = rates_over_denominators(load_figures(), ["kontur-kovalenko-casualties"], ["nis-2025-04-30-deployed"])
    >>> round(float(r["rate_best"].iloc[0]), 4)
    0.3333
    """
    plain = plain_figures(figures)
    focus = focus_subject(figures)
    if claim_ids is None:
        claims = plain[(plain["metric"] == "casualties") & (plain["subject"] == focus) & ~plain["period"]]
    else:
        claims = plain.set_index("id").loc[list(claim_ids)].reset_index()
    if denominator_ids is None:
        deployed = plain[(plain["metric"] == "deployed") & ~plain["period"]]
        force = split_subject(pd.Series([focus]))["force"].iloc[0]
        deployed = deployed[split_subject(deployed["subject"])["force"] == force]
        denominators = deployed.sort_values(["stated", "line"]).drop_duplicates(["subject", "qualifier", "best"])
    else:
        denominators = plain.set_index("id").loc[list(denominator_ids)].reset_index()
    pairs = claims.merge(denominators, how="cross", suffixes=("", "_den"))
    low, best, high = divide_intervals(pairs["low"], pairs["best"], pairs["high"],
                                       pairs["low_den"], pairs["best_den"], pairs["high_den"])
    return pd.DataFrame({
        "id": pairs["id"], "source": pairs["source"], "as_of": pairs["as_of"], "definition": pairs["definition"],
        "denominator_id": pairs["id_den"], "denominator_subject": pairs["subject_den"],
        "denominator_source": pairs["source_den"], "denominator_best": pairs["best_den"],
        "rate_low": low, "rate_best": best, "rate_high": high,
    })


def rate_spread(rates: pd.DataFrame) -> pd.DataFrame:
    """Per claim, how far its casualty rate moves with the denominator.

    ``rates`` is what :func:`rates_over_denominators` returns. One row per
    claim (in the order first met): the lowest and highest best rate over the
    candidate denominators and the denominator that gives each
    (``lowest_denominator_id``, ``highest_denominator_id``), and the widest
    bounds once every range is allowed for (``rate_low``, ``rate_high``).

    >>> spread = rate_spread(rates_over_denominators(load_figures())).set_index("id")
    >>> spread.loc["kontur-kovalenko-casualties", ["lowest_denominator_id", "highest_denominator_id"]].tolist()
    ['nis-2025-04-30-deployed', 'ryder-2024-11-04-kursk']
    """
    rows = rates[rates["rate_best"].notna()].reset_index(drop=True)
    by_claim = rows.groupby("id", sort=False)
    lowest = rows.loc[by_claim["rate_best"].idxmin()].set_index("id")
    highest = rows.loc[by_claim["rate_best"].idxmax()].set_index("id")
    return pd.DataFrame({
        "source": lowest["source"], "as_of": lowest["as_of"], "definition": lowest["definition"],
        "denominators": by_claim["denominator_id"].nunique(),
        "lowest_best": lowest["rate_best"], "lowest_denominator_id": lowest["denominator_id"],
        "highest_best": highest["rate_best"], "highest_denominator_id": highest["denominator_id"],
        "rate_low": by_claim["rate_low"].min(), "rate_high": by_claim["rate_high"].max(),
    }).rename_axis("id").reset_index()


def place_claim(figures: pd.DataFrame, claim_id: str) -> pd.DataFrame:
    """Where one claim sits among the other claims of its metric and subject.

    One row per other running-total figure of the same metric and subject, in
    date order, with ``relation``: ``below`` (its whole range lies under the
    claim's), ``above`` or ``overlaps``; ``when``: ``earlier``, ``later`` or
    ``overlapping`` (the dates cannot be ordered, e.g. a month that contains
    the claim's day); ``same_definition`` and ``same_report``. Period figures
    are left out: a few days' losses are not comparable with a running total.

    >>> place_claim(load_figures(), "kontur-kovalenko-casualties")["relation"].value_counts().to_dict()
    {'below': 10, 'overlaps': 6, 'above': 1}
    """
    plain = plain_figures(figures)
    plain["as_of_end"] = date_end(plain["as_of"], plain["as_of_precision"])
    claim = plain.set_index("id").loc[claim_id]
    others = plain[(plain["metric"] == claim["metric"]) & (plain["subject"] == claim["subject"])
                   & ~plain["period"] & (plain["id"] != claim_id)].sort_values(["as_of", "stated", "line"])
    relation = np.select([others["high"] < claim["low"], others["low"] > claim["high"]], ["below", "above"],
                         "overlaps")
    when = np.select([others["as_of_end"] < claim["as_of"], others["as_of"] > claim["as_of_end"]],
                     ["earlier", "later"], "overlapping")
    same = others["definition"].fillna("") == ("" if pd.isna(claim["definition"]) else claim["definition"])
    return others[["id", "source", "side", "as_of", "stated", "definition", "low", "best", "high"]].assign(
        relation=relation, when=when, same_definition=same.to_numpy(),
        same_report=(others["report"] == claim["report"]).to_numpy(),
    ).reset_index(drop=True)
