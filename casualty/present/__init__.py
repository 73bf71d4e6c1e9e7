"""Present: words, tables, charts, exports and the report, made from the load and the analyses.

The last stage of the river: findings become words and pictures only here. ``casualty.present.charts`` draws
(the one module that imports matplotlib); the rest writes text.

>>> import casualty
>>> print(casualty.present.format_number([11000, 2700]).tolist())
['11,000', '2,700']
"""

from __future__ import annotations

from casualty.lazy import lazy_names

#: name -> the module of this package that defines it
HOMES = {
    **{name: ".wording" for name in ("claim_text", "range_text", "format_number", "format_date", "cite_text",
                                     "cite_list")},
    **{name: ".tables" for name in (
        "claims_table", "qualifier_table", "qualifier_examples", "ratio_table",
        "ratio_sentences", "estimate_table", "definition_table", "rate_grid", "spread_sentences",
        "placement_text")},
    **{name: ".summary" for name in ("summary_text", "overview_text", "validation_line")},
    **{name: ".findings" for name in ("quote_summary", "quote_flags_table", "checks_table", "check_details",
                                      "flag_sentences")},
    **{name: ".story" for name in ("escape_markdown", "escaped", "cited", "dataset_text", "focus_text",
                                   "headline_text", "headline_claims", "spread_text", "placements_text")},
    **{name: ".export" for name in ("export_csv", "export_json", "export_markdown", "export_text")},
    **{name: ".people" for name in ("people_table", "table_html")},
    "write_report": ".report",
    "write_starter": ".starter",
    "write_charts": ".charts",
}
__all__ = [*HOMES, "charts"]
__getattr__, __dir__ = lazy_names(__name__, HOMES, subpackages=("charts",))
