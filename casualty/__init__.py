"""casualty: reported casualty figures of a war, each with its source, date and range.

Every figure is a claim: who said it, when, what was counted, how it was
hedged and where to read it. The package loads a figures file into a checked
table, derives ratios and estimates whose low / best / high bounds name the
figures behind them, checks the claims against each other and against their
own quoted words, and draws charts.

>>> import casualty
>>> figures = casualty.load_figures()          # the bundled data, checked and typed
>>> len(figures)
71
>>> rates = casualty.ratios(figures)           # every ratio, with bounds and the ids behind it
>>> rates.loc[rates["ratio"] == "capture_rate", "best"].tolist()
[0.0004, 0.0004]

The work runs one way: load the file, analyse it, present the results.
Each name below is imported only when first used, so ``import casualty`` is
quick and never imports matplotlib.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__version__ = "0.2.0"

__all__ = [
    # load: read and check a figures file
    "FiguresError", "Problem", "load_figures", "bundled_figures_path", "codebook", "founding_article", "dataset_of",
    # analyse: ratios, estimates and checks, as data
    "ratios", "estimates_by_source", "timeline", "consensus_denominators", "rates_over_denominators", "rate_spread",
    "place_claim", "focus_subject", "with_subject", "subjects", "same_force",
    "divide_intervals", "simulate_ratio", "check_consistency", "quote_agreement", "joint_bounds",
    # present: words, tables and charts
    "claim_text", "range_text", "format_number", "format_date", "summary_text", "overview_text", "claims_table",
    "cite_text", "cite_list", "qualifier_table", "qualifier_examples", "quote_summary", "quote_flags_table",
    "ratio_table", "ratio_sentences", "check_details", "flag_sentences", "estimate_table", "definition_table",
    "rate_grid", "spread_sentences", "placement_text",
    "escape_markdown", "escaped", "cited", "dataset_text", "focus_text", "headline_text", "headline_claims",
    "spread_text", "placements_text",
    "deployment_at_a_glance", "casualty_claims_over_time", "implied_rate_by_source", "killed_and_wounded",
    "formations", "forces_compared", "claims_taken_together", "write_charts",
    "export_csv", "export_json", "export_markdown",
    # the vocabulary
    "COLUMNS", "METRICS", "UNITS", "DEFINITIONS", "QUALIFIERS", "RATIOS",
]

# public name -> the module that defines it
_HOME = {
    "FiguresError": "casualty.problems", "Problem": "casualty.problems",
    "load_figures": "casualty.load", "bundled_figures_path": "casualty.load",
    "codebook": "casualty.datapackage", "founding_article": "casualty.datapackage", "dataset_of": "casualty.datapackage",
    "ratios": "casualty.analyse", "estimates_by_source": "casualty.analyse", "timeline": "casualty.analyse",
    "consensus_denominators": "casualty.analyse", "rates_over_denominators": "casualty.analyse",
    "rate_spread": "casualty.analyse", "place_claim": "casualty.analyse", "focus_subject": "casualty.analyse",
    "with_subject": "casualty.analyse", "subjects": "casualty.analyse", "same_force": "casualty.analyse",
    "divide_intervals": "casualty.analyse", "simulate_ratio": "casualty.analyse",
    "check_consistency": "casualty.consistency", "quote_agreement": "casualty.quotes",
    "joint_bounds": "casualty.joint",
    "claim_text": "casualty.wording", "range_text": "casualty.wording", "format_number": "casualty.wording",
    "format_date": "casualty.wording",
    "cite_text": "casualty.wording", "cite_list": "casualty.wording",
    **{name: "casualty.tables" for name in (
        "summary_text", "overview_text", "claims_table", "qualifier_table", "qualifier_examples", "ratio_table",
        "ratio_sentences", "estimate_table", "definition_table", "rate_grid", "spread_sentences", "placement_text")},
    **{name: "casualty.findings" for name in ("quote_summary", "quote_flags_table", "check_details",
                                              "flag_sentences")},
    **{name: "casualty.charts" for name in (
        "deployment_at_a_glance", "casualty_claims_over_time", "implied_rate_by_source", "killed_and_wounded",
        "formations", "forces_compared", "claims_taken_together", "write_charts")},
    **{name: "casualty.story" for name in ("escape_markdown", "escaped", "cited", "dataset_text", "focus_text",
                                           "headline_text", "headline_claims", "spread_text", "placements_text")},
    **{name: "casualty.export" for name in ("export_csv", "export_json", "export_markdown")},
    **{name: "casualty.vocabulary" for name in ("COLUMNS", "METRICS", "UNITS", "DEFINITIONS", "QUALIFIERS", "RATIOS")},
}


def __getattr__(name: str):
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'casualty' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:  # for type checkers and editors only
    from casualty.analyse import (
        consensus_denominators,
        divide_intervals,
        estimates_by_source,
        focus_subject,
        place_claim,
        rate_spread,
        rates_over_denominators,
        ratios,
        same_force,
        simulate_ratio,
        subjects,
        timeline,
        with_subject,
    )
    from casualty.charts import (
        casualty_claims_over_time,
        claims_taken_together,
        deployment_at_a_glance,
        forces_compared,
        formations,
        implied_rate_by_source,
        killed_and_wounded,
        write_charts,
    )
    from casualty.consistency import check_consistency
    from casualty.datapackage import codebook, dataset_of, founding_article
    from casualty.export import export_csv, export_json, export_markdown
    from casualty.findings import check_details, flag_sentences, quote_flags_table, quote_summary
    from casualty.joint import joint_bounds
    from casualty.load import bundled_figures_path, load_figures
    from casualty.problems import FiguresError, Problem
    from casualty.quotes import quote_agreement
    from casualty.story import (
        cited,
        dataset_text,
        escape_markdown,
        escaped,
        focus_text,
        headline_claims,
        headline_text,
        placements_text,
        spread_text,
    )
    from casualty.tables import (
        claims_table,
        definition_table,
        estimate_table,
        overview_text,
        placement_text,
        qualifier_examples,
        qualifier_table,
        rate_grid,
        ratio_sentences,
        ratio_table,
        spread_sentences,
        summary_text,
    )
    from casualty.vocabulary import COLUMNS, DEFINITIONS, METRICS, QUALIFIERS, RATIOS, UNITS
    from casualty.wording import cite_list, cite_text, claim_text, format_date, format_number, range_text
