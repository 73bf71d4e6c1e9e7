"""The words a figures file may use, and what each means.

This is the top of the river: plain Python, no pandas, so that the command line
can show help without paying for imports. The codebook in
``data/datapackage.json`` repeats these vocabularies for people and for
frictionless; a test keeps the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, NamedTuple

#: Columns a file may leave out: one in the first 20 columns loads as if they were there, blank.
OPTIONAL_COLUMNS: Final = ("method", "repeats", "revises", "translation")

#: Every column of a figures file, in order.
COLUMNS: Final = (
    "id", "subject", "metric", "definition", "unit", "value", "low", "high",
    "qualifier", "as_of", "window_start", "stated", "source", "source_role",
    "side", "outlet", "report", "url", "quote", "note", *OPTIONAL_COLUMNS,
)

#: Columns that may never be blank.
REQUIRED: Final = (
    "id", "subject", "metric", "unit", "qualifier", "as_of", "stated",
    "source", "side", "outlet", "report", "quote",
)

NUMBER_COLUMNS: Final = ("value", "low", "high")
DATE_COLUMNS: Final = ("as_of", "window_start", "stated")


class Column(NamedTuple):
    """One column of a figures file: its title in the codebook, its Frictionless type, and what it holds in words
    that fit any dataset. Which words it may take, whether it is required and its shape are below."""

    title: str
    type: str
    description: str


#: column -> its record, in file order. The schema of every ``datapackage.json`` is written from this and the
#: vocabularies below (``python -m casualty.load.schema``).
COLUMN_RECORDS: Final[dict[str, Column]] = {
    'id': Column('Row id', 'string',
        'A short, stable name that identifies this figure, unique in the file, e.g. gazette-2031-03-10-killed. Use it to refer to one row; an id is never reused or renumbered.'),
    'subject': Column('Subject', 'string',
        "Whose numbers these are, in words, written '<force> in <place>', e.g. 'Expeditionary troops in Valleyland'. Figures about different subjects do not measure the same group."),
    'metric': Column('Metric', 'string',
        'What the number counts, as one of the fixed words listed here (their meanings are in enumDescriptions). Counts of people take the unit people, counts of formations take brigades, regiments, battalions, companies or divisions, and shares take percent.'),
    'definition': Column('What was counted', 'string',
        "Which losses a casualty figure includes, e.g. killed+wounded or killed+wounded+captured, because sources count casualties differently. It must be filled in for the metrics casualties and casualty_share; 'unspecified' means the source did not say or reports disagree. Other metrics may leave it blank."),
    'unit': Column('Unit', 'string',
        'The unit of value, low and high: people for head counts; brigades, regiments, battalions, companies or divisions for formations; percent for shares, written as 40 for 40%. The unit must suit the metric.'),
    'value': Column('Stated value', 'number',
        "The number the source gave, without its hedge word and written in digits only: 'about 11,000' is 11000 with qualifier about, and 40% is 40. Blank when the source gave only a range (then low and high hold it) or only a word such as 'dozens'; the best estimate is then the middle of the range."),
    'low': Column('Lower bound', 'number',
        'The lowest the figure can be read as, in the same unit as value. If blank, it follows from the qualifier by the rule table listed under qualifier (e.g. about 11000 gives 9900). If the source gave its own range, low holds that stated bound, and a stated bound always wins over the rule.'),
    'high': Column('Upper bound', 'number',
        'The highest the figure can be read as, in the same unit as value. If blank, it follows from the qualifier by the rule table listed under qualifier (e.g. about 11000 gives 12100); for percent a bound from the rule never goes above 100. If the source gave its own range, high holds that stated bound, and a stated bound always wins over the rule.'),
    'qualifier': Column('Qualifier (hedge word)', 'string',
        "The hedge the source put on the number ('about', 'more than', 'dozens', ...), as one of the fixed words listed here; exact for a plain number. Each word has a rule, listed under rules, that turns value into a range [low, high] whenever low or high is left blank."),
    'as_of': Column('As of', 'string',
        'The date the figure describes: for a running total, the day up to which it counts; for a period figure, the end of the period. Written YYYY-MM-DD, or YYYY-MM or YYYY when the source was no more precise.'),
    'window_start': Column('Window start', 'string',
        'Blank for a running total (everything since the deployment began). Filled in when the figure covers only a period, such as two days or one week: the period runs from window_start to as_of. Written YYYY-MM-DD, YYYY-MM or YYYY.'),
    'stated': Column('Date stated', 'string',
        'When the source said or published the figure; it can be later than as_of (a figure stated in February about the end of January) but never earlier. Written YYYY-MM-DD, YYYY-MM or YYYY.'),
    'source': Column('Claimant', 'string',
        "Who made the claim: a person, an office or the outlet itself, e.g. 'Ministry of Defence' or the name of an analyst."),
    'source_role': Column("Claimant's role", 'string',
        "The claimant's position and, where it matters, how the claim was passed on, e.g. 'defence ministry spokesperson'. May be blank."),
    'side': Column('Side', 'string',
        "The country or camp the claimant speaks for; 'media' when the outlet itself makes the claim."),
    'outlet': Column('Outlet', 'string',
        'The publication in which the figure was read. It can differ from the claimant, who may be quoted or paraphrased.'),
    'report': Column('Report', 'string',
        'A short name for the published piece the figure was read in, e.g. gazette-2031-03-10; rows from the same piece share it, and its excerpt is sources/<report>.txt.'),
    'url': Column('Web address', 'string',
        'The web address of the piece the figure was read in, starting with http:// or https://. Blank only when the address is not known.'),
    'quote': Column('Quote', 'string',
        'The key words that give the number, verbatim from the piece: at least the number, its hedge word and what was counted, as written.'),
    'note': Column('Note', 'string',
        'Anything a reader needs to interpret the row: a paraphrase, other outlets that carried the same figure, an uncertain date, what a period figure covers. May be blank.'),
    'method': Column('Method', 'string',
        "How the number was made, as one of the fixed words listed here: named_list (counted one by one by "
        "name: a floor), recorded (an authority's count of bodies or records), estimate, study (a survey or "
        "model; low and high are its interval), projection, unstated. Blank reads as unstated."),
    'repeats': Column('Relays', 'string',
        "The id of the row whose statement this row relays: the same claimant's statement carried by another "
        "outlet. A relay keeps the original's hedge and dates; the analyses count a statement once."),
    'revises': Column('Revises', 'string',
        "The id of the same source's earlier figure that this one replaces. The earlier figure stays in the "
        "data and the tables, is drawn faded, and is never counted as a contradiction."),
    'translation': Column('Translation', 'string',
        "An English reading of a quote kept verbatim in its own language; the quote check reads it. Blank "
        "when the quote is in English."),
}
#: Columns whose every value must differ from the others'.
UNIQUE: Final = ("id",)
#: The shape of a date cell: a year, a month or a day.
DATE_PATTERN: Final = r"^\d{4}(-\d{2}(-\d{2})?)?$"
#: The shape of a web address.
URL_PATTERN: Final = r"^https?://\S+$"

class Metric(NamedTuple):
    """What a metric counts (the codebook's words), the kind of unit it takes, and the words that follow its
    number in a sentence ("about 300 killed"); ``{unit}`` stands for a formation ("3 brigades")."""

    meaning: str
    kind: str
    words: str


#: metric -> its record
METRICS: Final[dict[str, Metric]] = {
    "deployed": Metric("people sent to the theatre (a running total, or a period figure when window_start is set)",
                       "people", "deployed"),
    "deployment_planned": Metric("people a government plans to send", "people", "planned to be deployed"),
    "casualties": Metric("people put out of action; what was counted is in `definition`", "people", "casualties"),
    "killed": Metric("people killed by violence", "people", "killed"),
    "deaths": Metric("deaths the war caused; which deaths is in `definition` (violent and other, other only, "
                     "excess over a pre-war baseline)", "people", "deaths"),
    "wounded": Metric("people wounded", "people", "wounded"),
    "captured": Metric("people taken prisoner", "people", "captured"),
    "missing": Metric("people missing", "people", "missing"),
    "wounded_repatriated": Metric("wounded people sent home", "people", "wounded sent home"),
    "group_size": Metric("people in one assault group or team", "people", "in one assault group"),
    "units": Metric("formations deployed (brigades, battalions, ...)", "formations", "{unit}"),
    "units_destroyed": Metric("formations destroyed", "formations", "{unit} destroyed"),
    "units_damaged": Metric("formations with heavy losses", "formations", "{unit} with heavy losses"),
    "casualty_share": Metric("casualties as a share of those deployed", "share",
                             "of those deployed were casualties"),
    "killed_share": Metric("killed as a share of the casualties", "share", "of the casualties were killed"),
    "captured_share": Metric("captured as a share of the casualties", "share", "of the casualties were captured"),
    "population": Metric("people living in the place: what a death toll can be divided by", "people", "people"),
}

#: Metrics of earlier files, each read as a metric and a method of today's, with a notice.
LEGACY_METRICS: Final[dict[str, tuple[str, str]]] = {"killed_confirmed": ("killed", "named_list")}

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

#: unit -> what it counts, in the codebook's words
UNIT_MEANINGS: Final[dict[str, str]] = {
    "people": "a count of people; the unit for every metric that counts people",
    **{unit: f"a count of {unit}; for metrics that count formations"
       for unit in ("brigades", "regiments", "battalions", "companies", "divisions")},
    "percent": "a percentage, written as 40 for 40% (not 0.4); for the share metrics",
}

class Definition(NamedTuple):
    """What a figure counted: the codebook's words, the words after "were" in a sentence ("were killed or
    wounded"), the label in a chart's key, the marker that charts draw it with, and the metrics that use it."""

    meaning: str
    phrase: str
    label: str
    marker: str
    metrics: tuple[str, ...] = ("casualties", "casualty_share")


#: What a figure counted. Required for the metrics in NEEDS_DEFINITION, each of which takes its own words.
DEFINITIONS: Final[dict[str, Definition]] = {
    "killed+wounded": Definition("killed and wounded", "killed or wounded", "killed or wounded", "o"),
    "killed+wounded+captured": Definition("killed, wounded and captured", "killed, wounded or captured",
                                          "killed, wounded or captured", "s"),
    "killed+wounded+missing": Definition("killed, wounded and missing", "killed, wounded or missing",
                                         "killed, wounded or missing", "^"),
    "killed+wounded+missing+captured": Definition("killed, wounded, missing and captured",
                                                  "killed, wounded, missing or captured",
                                                  "killed, wounded, missing, captured", "D"),
    "direct+indirect": Definition("deaths from violence and from the war's other effects (famine, disease, lack "
                                  "of care)", "killed or died of the war's effects", "violent and other deaths", "P",
                                  ("deaths",)),
    "indirect": Definition("deaths from famine, disease and lack of care only, not from violence",
                           "dead of famine, disease or lack of care", "deaths not from violence", "v", ("deaths",)),
    "excess": Definition("deaths above those expected without the war (excess over a pre-war baseline)",
                         "dead beyond the deaths expected without the war", "excess deaths", "h", ("deaths",)),
    "unspecified": Definition("the source did not say what it counted, or reports disagree", "casualties",
                              "not said what was counted", "X", ("casualties", "casualty_share", "deaths")),
}
NEEDS_DEFINITION: Final = ("casualties", "casualty_share", "deaths")


class Method(NamedTuple):
    """How a number was made: the codebook's words, the label in a table or a chart's key, and whether the
    number is a floor of what it counts (a count of names or bodies only grows as more are found)."""

    meaning: str
    label: str
    floor: bool = False


#: How a number was made, as a ladder from the most direct to the least. Optional; blank reads as ``unstated``.
METHODS: Final[dict[str, Method]] = {
    "named_list": Method("deaths (or captives, ...) confirmed one by one by name: a floor, never an estimate",
                         "count of names", floor=True),
    "recorded": Method("an authority's count of bodies, records or hospital and morgue reports, not a list of "
                       "names; also a count of coffins or portraits seen", "recorded count", floor=True),
    "estimate": Method("an intelligence, government or analyst estimate", "estimate"),
    "study": Method("a survey, capture-recapture or excess-mortality study; its low and high are its interval",
                    "study"),
    "projection": Method("a model's projection forward in time", "projection"),
    "unstated": Method("a party's figure with no method given", "method not stated"),
}

#: Where a low or a high came from: said by the source (a stated bound, or the number itself where the hedge makes
#: it one: the low of "more than 1,000"), made by the qualifier rule where the words bound it ("about"), or made by
#: the rule where the words give no bound on that side ("more than": no high). Only the first two are evidence.
BOUND_ORIGINS: Final = ("stated", "rule", "open")

#: Who a subject's people are, when the codebook says (its ``casualty.subjects``).
SUBJECT_KINDS: Final[dict[str, str]] = {
    "civilians": "people not taking part in the fighting",
    "combatants": "soldiers and fighters",
    "everyone": "everyone in the place, civilians and combatants alike",
}

#: Metrics counted as running totals: a source's later figure should not fall.
CUMULATIVE_METRICS: Final = ("casualties", "killed", "deaths", "wounded", "captured", "missing",
                              "wounded_repatriated")
#: The counts of people a toll is told in, in the order a tie between them is broken: the story's focus metric is
#: the one with the most claims about its subject.
TOLL_METRICS: Final = ("casualties", "killed", "deaths", "wounded", "captured", "missing")
#: The parts of a casualty total: none can exceed the total it belongs to.
CASUALTY_PARTS: Final = ("killed", "wounded", "captured", "missing")

DATE_PRECISIONS: Final = ("year", "month", "day")

#: The file formats `casualty export` writes and `casualty charts` draws.
EXPORT_FORMATS: Final = ("csv", "json", "markdown")
CHART_FORMATS: Final = ("png", "svg", "pdf")


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
    #: The words give no upper bound ("more than", "at least"): the high is a rule of thumb.
    open_ended: bool = False
    #: The words give no lower bound ("up to", "less than"): the low is a rule of thumb.
    open_low: bool = False

    @property
    def is_relative(self) -> bool:
        return self.low_percent is not None

    @property
    def phrase(self) -> str:
        """How the qualifier reads in a claim: 'about' (before its number), 'dozens' (the claim itself), ''."""
        return self.words[0] if self.words else ""

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
    Qualifier("about", ("about", "around", "approximately", "roughly", "some", "likely about", "in the vicinity of"), 90, 110),
    Qualifier("more_than", ("more than", "over", "exceeded", "surpassed", "surpasses"), 100, 125, open_ended=True),
    Qualifier("at_least", ("at least", "or more"), 100, 125, open_ended=True),
    Qualifier("almost", ("almost", "nearly", "just under"), 90, 100),
    Qualifier("approaching", ("approaching", "close to"), 90, 100),
    Qualifier("less_than", ("less than", "fewer than", "under"), 80, 100, open_low=True),
    Qualifier("up_to", ("up to", "as many as"), 80, 100, open_low=True),
    Qualifier("several", ("several", "a few"), low=3, high=9),
    Qualifier("dozens", ("dozens",), low=24, high=99),
    Qualifier("several_hundred", ("several hundred",), low=300, high=999),
    Qualifier("hundreds", ("hundreds",), low=200, high=999),
    Qualifier("several_thousand", ("several thousand",), low=3000, high=9999),
    Qualifier("thousands", ("thousands",), low=2000, high=9999),
    Qualifier("tens_of_thousands", ("tens of thousands",), low=20000, high=99999),
    Qualifier("hundreds_of_thousands", ("hundreds of thousands",), low=200000, high=999999),
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


class Ratio(NamedTuple):
    """A ratio of two figures of one report: its numerator and denominator metrics, and what it measures."""

    numerator: str
    denominator: str
    meaning: str


#: ratio -> its record. ``troops_per_unit`` is named for its formation (``troops_per_brigade``).
RATIOS: Final[dict[str, Ratio]] = {
    "casualty_rate": Ratio("casualties", "deployed", "casualties as a share of the troops deployed"),
    "killed_rate": Ratio("killed", "deployed", "killed as a share of the troops deployed"),
    "capture_rate": Ratio("captured", "casualties", "captured as a share of the casualties"),
    "killed_share": Ratio("killed", "casualties", "killed as a share of the casualties"),
    "troops_per_unit": Ratio("deployed", "units", "troops per {unit}"),
    "units_destroyed_share": Ratio("units_destroyed", "units", "formations destroyed as a share of those sent"),
    "death_rate": Ratio("killed", "population", "killed as a share of the population"),
    "all_deaths_rate": Ratio("deaths", "population", "deaths as a share of the population"),
}
