"""Analyse: ratios, estimates, checks and what the claims allow together, as DataFrames of numbers, booleans
and ids, never words.

The second stage of the river; it imports only the vocabulary and the load stage.

>>> import casualty
>>> figures = casualty.load_figures()
>>> rates = casualty.analyse.ratios(figures)
>>> sorted(set(rates["ratio"]))[:2]
['capture_rate', 'casualty_rate']
"""

from __future__ import annotations

from casualty.lazy import lazy_names

#: name -> the module of this package that defines it
HOMES = {
    **{name: ".claims" for name in (
        "ratios", "estimates_by_source", "timeline", "consensus_denominators", "rates_over_denominators",
        "rate_spread", "place_claim", "killed_and_wounded_pairs")},
    **{name: ".focus" for name in ("focus_subject", "with_subject", "subjects", "same_force", "headline_report",
                                   "UnknownSubject")},
    **{name: ".intervals" for name in ("divide_intervals", "simulate_ratio")},
    "check_consistency": ".consistency",
    "joint_bounds": ".joint",
    "quote_agreement": ".quotes",
    **{name: ".competing" for name in ("competing_estimates", "focus_metric", "with_metric", "statements",
                                       "evidence_bounds", "relay_differences", "UnknownMetric")},
}
__all__ = list(HOMES)
__getattr__, __dir__ = lazy_names(__name__, HOMES)
