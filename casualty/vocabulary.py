"""The words a figures file may use, and what each means.

This is the top of the river: plain Python, no pandas, so that the command line
can show help without paying for imports. The codebook in
``data/datapackage.json`` repeats these vocabularies for people and for
frictionless; a test keeps the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

#: Every column of a figures file, in order.
COLUMNS: Final = (
    "id", "subject", "metric", "definition", "unit", "value", "low", "high",
    "qualifier", "as_of", "window_start", "stated", "source", "source_role",
    "side", "outlet", "report", "url", "quote", "note",
)

#: Columns that may never be blank.
REQUIRED: Final = (
    "id", "subject", "metric", "unit", "qualifier", "as_of", "stated",
    "source", "side", "outlet", "report", "quote",
)

NUMBER_COLUMNS: Final = ("value", "low", "high")
DATE_COLUMNS: Final = ("as_of", "window_start", "stated")

#: metric -> (what it counts, the kind of unit it takes)
METRICS: Final[dict[str, tuple[str, str]]] = {
    "deployed": ("people sent to the theatre (a running total, or a period figure when window_start is set)", "people"),
    "deployment_planned": ("people a government plans to send", "people"),
    "casualties": ("people put out of action; what was counted is in `definition`", "people"),
    "killed": ("people killed", "people"),
    "wounded": ("people wounded", "people"),
    "captured": ("people taken prisoner", "people"),
    "missing": ("people missing", "people"),
    "wounded_repatriated": ("wounded people sent home", "people"),
    "group_size": ("people in one assault group or team", "people"),
    "units": ("formations deployed (brigades, battalions, ...)", "formations"),
    "units_destroyed": ("formations destroyed", "formations"),
    "units_damaged": ("formations with heavy losses", "formations"),
    "casualty_share": ("casualties as a share of those deployed", "share"),
    "killed_share": ("killed as a share of the casualties", "share"),
    "captured_share": ("captured as a share of the casualties", "share"),
}

#: unit -> the kind of metric it can measure
UNITS: Final[dict[str, str]] = {
    "people": "people",
    "brigades": "formations",
    "regiments": "formations",
    "battalions": "formations",
    "companies": "formations",
    "divisions": "formations",
    "percent": "share",
}

#: What a casualty figure counted. Required for the metrics in NEEDS_DEFINITION.
DEFINITIONS: Final[dict[str, str]] = {
    "killed+wounded": "killed and wounded",
    "killed+wounded+captured": "killed, wounded and captured",
    "killed+wounded+missing": "killed, wounded and missing",
    "killed+wounded+missing+captured": "killed, wounded, missing and captured",
    "unspecified": "the source did not say what it counted, or reports disagree",
}
NEEDS_DEFINITION: Final = ("casualties", "casualty_share")

#: Metrics counted as running totals: a source's later figure should not fall.
CUMULATIVE_METRICS: Final = ("casualties", "killed", "wounded", "captured", "missing", "wounded_repatriated")

DATE_PRECISIONS: Final = ("year", "month", "day")


@dataclass(frozen=True)
class Qualifier:
    """How a hedge word turns a stated value into a range.

    Bounds are ``value * low_percent / 100`` and ``value * high_percent / 100``
    for hedges relative to a value, or the fixed ``low`` and ``high`` for
    words that are a quantity by themselves ("dozens"). ``words`` are the
    phrases a source writes that the qualifier stands for; a quote's hedge is
    read with them.
    """

    name: str
    words: tuple[str, ...]
    low_percent: int | None = None
    high_percent: int | None = None
    low: float | None = None
    high: float | None = None

    @property
    def is_relative(self) -> bool:
        return self.low_percent is not None

    @property
    def wording(self) -> str:
        """The words, as the codebook lists them: 'about, around, ...'; a plain number for ``exact``."""
        return ", ".join(self.words) if self.words else "a plain number: 2, 2,700"

    def rule(self) -> str:
        """The rule as people read it, e.g. ``[0.9 x value, 1.1 x value]``."""
        if not self.is_relative:
            return f"[{self.low:g}, {self.high:g}]"

        def side(percent: int) -> str:
            return "value" if percent == 100 else f"{percent / 100:g} x value"

        return f"[{side(self.low_percent)}, {side(self.high_percent)}]"


#: The one table that turns words into intervals. Explicit low / high win.
QUALIFIERS: Final[dict[str, Qualifier]] = {q.name: q for q in (
    Qualifier("exact", (), 100, 100),
    Qualifier("about", ("about", "around", "approximately", "roughly", "some", "likely about"), 90, 110),
    Qualifier("more_than", ("more than", "over", "exceeded", "surpassed"), 100, 125),
    Qualifier("at_least", ("at least", "or more"), 100, 125),
    Qualifier("almost", ("almost", "nearly", "just under"), 90, 100),
    Qualifier("approaching", ("approaching", "close to"), 90, 100),
    Qualifier("less_than", ("less than", "fewer than", "under"), 80, 100),
    Qualifier("up_to", ("up to", "as many as"), 80, 100),
    Qualifier("several", ("several", "a few"), low=3, high=9),
    Qualifier("dozens", ("dozens",), low=24, high=99),
    Qualifier("several_hundred", ("several hundred",), low=300, high=999),
    Qualifier("hundreds", ("hundreds",), low=200, high=999),
    Qualifier("several_thousand", ("several thousand",), low=3000, high=9999),
    Qualifier("thousands", ("thousands",), low=2000, high=9999),
)}

#: A percentage bound derived from a hedge never goes past this.
PERCENT_CEILING: Final = 100.0

#: A formation unit's singular, for names such as ``troops_per_brigade``.
FORMATION_SINGULAR: Final[dict[str, str]] = {
    "brigades": "brigade",
    "regiments": "regiment",
    "battalions": "battalion",
    "companies": "company",
    "divisions": "division",
}
