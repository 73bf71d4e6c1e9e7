"""casualty: reported casualty figures of a war, each with its source, date and range.

Every figure is a claim: who said it, when, what was counted, how it was
hedged and where to read it. The work runs one way, and the package is
three folders that say so: ``casualty.load`` reads and checks a figures file,
``casualty.analyse`` turns it into numbers (ratios, estimates, checks, what
the claims allow together), ``casualty.present`` into words, tables, charts
and a report. ``casualty.vocabulary`` is the one place a column, a word or a
rule is defined. The names most work needs are here too:

>>> import casualty
>>> figures = casualty.load_figures()          # the bundled data, checked and typed
>>> rates = casualty.ratios(figures)           # every ratio, with bounds and the ids behind it
>>> sorted(set(rates["ratio"]))[:2]
['capture_rate', 'casualty_rate']

Each name is imported only when first used, so ``import casualty`` is quick
and never imports matplotlib.
"""

from __future__ import annotations

from casualty.lazy import lazy_names

__version__ = "0.4.0"

#: name -> the module that defines it
HOMES = {
    "load_figures": ".load.read", "FiguresError": ".load.problems", "codebook": ".load.datapackage",
    "ratios": ".analyse.claims", "estimates_by_source": ".analyse.claims", "timeline": ".analyse.claims",
    "focus_subject": ".analyse.focus", "check_consistency": ".analyse.consistency",
    "joint_bounds": ".analyse.joint", "quote_agreement": ".analyse.quotes",
    "competing_estimates": ".analyse.competing",
    "summary_text": ".present.summary", "claims_table": ".present.tables", "write_charts": ".present.charts",
}
STAGES = ("load", "analyse", "present", "vocabulary")
__all__ = [*HOMES, *STAGES]
__getattr__, __dir__ = lazy_names(__name__, HOMES, subpackages=STAGES)
