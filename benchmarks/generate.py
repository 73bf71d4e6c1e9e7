"""A realistic figures file of any size: what a table that codes every statement of a war looks like.

    python benchmarks/generate.py 100000 /tmp/claims.csv

:func:`realistic_figures` draws, for ``n`` claims (all values seeded):

- **Subjects**: 40, eight forces in five places ("Force C troops in Province 4"), each with its own true
  deployment (5,000-200,000 troops, a quarter of them arriving after the start) and its own casualty rate.
- **Sources**: 300 (ministries, general staffs, monitors, officials, correspondents), of 12 sides, each with a
  bias of its own: most within 10 % of the truth, one in six 30-50 % low and one in twelve 20-60 % high, as
  sides and monitors are. 60 outlets carry them.
- **Daily running totals** (half the claims): a ministry's daily bulletin on one force, casualties
  (killed+wounded) and on most days its killed and wounded too, as one report of 1 to 3 figures, dated to the day,
  never falling. At most four sources keep a daily series on one subject; series are as long as the claims allow,
  up to the three years.
- **Statements** (the other half): reports of 1 to 6 figures from one source on one subject (deployed, casualties
  with any definition, killed, wounded, captured, missing, a casualty share, brigades sent and destroyed, the size
  of an assault group), dated to the day (70 %), the month (20 %) or the year (10 %), with every qualifier, some
  with a stated range; one casualty figure in eight counts a period (the last week or month: ``window_start``).
- Quotes hold the number and the hedge the row codes, as a sentence would ("about 4,200 killed or wounded").

Every row is valid: stated on or after the date it describes, bounds in order, shares at most 100 %, ids unique.
The sizes of reports, the number of sources a subject has on one day and the span of dates stay the same at any
``n``: what grows is the number of statements, as it does when more of a war is coded.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from casualty.vocabulary import COLUMNS, QUALIFIERS  # noqa: E402  (the checkout's, not an installed copy)

START = np.datetime64("2022-03-01")
DAYS = 1096  # three years
FORCES = [f"Force {c}" for c in "ABCDEFGH"]
PLACES = [f"Province {i}" for i in range(1, 6)]
SIDES = ["North", "South", "East", "West", "Allied", "Neutral", "Coalition", "Monitors", "United Nations",
         "Independent", "Opposition", "Government"]
ROLES = ["ministry of defence", "general staff", "casualty monitor", "government official", "military intelligence",
         "correspondent", "opposition group", "humanitarian agency"]
RELATIVE = [q for q, rule in QUALIFIERS.items() if rule.is_relative]
#: (qualifier, low, high) of the words that are a quantity by themselves
QUANTITIES = [(q, rule.low, rule.high) for q, rule in QUALIFIERS.items() if not rule.is_relative]
COUNTED = {"killed+wounded": "killed or wounded", "killed+wounded+captured": "killed, wounded or captured",
           "killed+wounded+missing": "killed, wounded or missing",
           "killed+wounded+missing+captured": "killed, wounded, missing or captured"}
WORDS = {"deployed": "troops deployed", "killed": "soldiers killed", "wounded": "soldiers wounded",
         "captured": "soldiers captured", "missing": "soldiers missing", "group_size": "troops in each assault group",
         "units": "brigades sent", "units_destroyed": "brigades destroyed"}


class World:
    """The truth the claims are drawn around, and who speaks of it."""

    def __init__(self, rng: np.random.Generator):
        self.subjects = np.array([f"{f} troops in {p}" for f in FORCES for p in PLACES], dtype=object)
        k = len(self.subjects)
        self.deployed = rng.integers(5_000, 200_000, k).astype(float)
        self.arrival = rng.uniform(0.0, 0.25, k)  # the share of the force that came later, linearly
        self.casualty_rate = rng.uniform(0.15, 0.6, k)  # casualties after three years, as a share of the force
        self.brigades = np.maximum(1, np.round(self.deployed / rng.uniform(2_500, 5_000, k)))
        n_sources = 300
        self.source = np.array([f"Source {i:03d}" for i in range(n_sources)], dtype=object)
        self.role = np.array(ROLES, dtype=object)[rng.integers(0, len(ROLES), n_sources)]
        self.side = np.array(SIDES, dtype=object)[rng.integers(0, len(SIDES), n_sources)]
        self.outlet = np.array([f"Outlet {i:02d}" for i in range(60)], dtype=object)[rng.integers(0, 60, n_sources)]
        kind = rng.random(n_sources)
        self.bias = np.where(kind < 1 / 6, rng.uniform(0.5, 0.7, n_sources),
                             np.where(kind > 11 / 12, rng.uniform(1.2, 1.6, n_sources),
                                      rng.uniform(0.9, 1.1, n_sources)))
        # a few sources speak often, most rarely (as a Zipf law would have it)
        weight = 1 / np.arange(1, n_sources + 1) ** 0.8
        self.weight = weight / weight.sum()

    def casualties(self, subject: np.ndarray, day: np.ndarray) -> np.ndarray:
        """Killed and wounded of ``subject`` by ``day``: rising with the days, fastest at the start."""
        t = (day + 1) / DAYS
        return self.deployed[subject] * self.casualty_rate[subject] * np.sqrt(t)

    def deployment(self, subject: np.ndarray, day: np.ndarray) -> np.ndarray:
        late = self.arrival[subject]
        return self.deployed[subject] * (1 - late + late * np.minimum(1.0, day / DAYS * 2))


def _dates(day: np.ndarray) -> np.ndarray:
    return (START + day.astype("timedelta64[D]")).astype(str).astype(object)


def _hedged(rng: np.random.Generator, value: np.ndarray, percent: bool = False) -> dict[str, np.ndarray]:
    """Qualifier, value, low and high cells (text) for true ``value``s: every qualifier, some ranges."""
    n = len(value)
    qualifier = np.array(RELATIVE, dtype=object)[rng.choice(len(RELATIVE), n, p=_RELATIVE_P)]
    stated = np.round(value) if percent else np.where(value > 500, np.round(value, -1), np.round(value))
    stated = np.maximum(stated, 1.0)
    if percent:
        stated = np.minimum(stated, 100.0)
    value_text = _numbers(stated)
    low_text = np.full(n, "", dtype=object)
    high_text = np.full(n, "", dtype=object)
    # one in twenty gives a range of its own: low-high, the value blank
    ranged = rng.random(n) < 0.05
    width = rng.uniform(0.05, 0.2, n)
    low = np.floor(stated * (1 - width))
    high = np.ceil(stated * (1 + width))
    if percent:
        high = np.minimum(high, 100.0)
    low_text[ranged], high_text[ranged] = _numbers(low[ranged]), _numbers(high[ranged])
    value_text[ranged] = ""
    qualifier[ranged] = "exact"
    # words that are a quantity themselves, where the count fits them
    if not percent:
        for name, q_low, q_high in QUANTITIES:
            fits = ~ranged & (stated >= q_low) & (stated <= q_high) & (rng.random(n) < 0.3)
            qualifier[fits], value_text[fits] = name, ""
    return {"qualifier": qualifier, "value": value_text, "low": low_text, "high": high_text,
            "_number": stated, "_low": low, "_high": high, "_ranged": ranged}


_RELATIVE_P = np.array([0.35 if q == "exact" else 0.65 / (len(RELATIVE) - 1) for q in RELATIVE])


def _numbers(x: np.ndarray) -> np.ndarray:
    return np.array([f"{v:g}" if v < 1e6 else f"{v:.0f}" for v in x], dtype=object)


def _quotes(cells: dict[str, np.ndarray], words: np.ndarray, percent: np.ndarray) -> np.ndarray:
    """A sentence holding the row's number and hedge: 'about 4,200 killed or wounded'."""
    qualifier = cells["qualifier"]
    n = len(qualifier)
    quote = np.empty(n, dtype=object)
    number = cells["_number"]
    for i in range(n):  # one f-string a row: the generator, not the package
        q = qualifier[i]
        if cells["_ranged"][i]:
            said = f"between {cells['_low'][i]:,.0f} and {cells['_high'][i]:,.0f}"
        elif not QUALIFIERS[q].is_relative:
            said = QUALIFIERS[q].words[0]
        else:
            digits = f"{number[i]:,.0f}" + ("%" if percent[i] else "")
            said = digits if q == "exact" else f"{QUALIFIERS[q].words[0]} {digits}"
        quote[i] = f"{said} {words[i]}"
    return quote


def _frame(n: int) -> dict[str, np.ndarray]:
    return {c: np.full(n, "", dtype=object) for c in COLUMNS}


def _daily_series(world: World, rng: np.random.Generator, claims: int) -> pd.DataFrame:
    """Daily bulletins: casualties every day, killed and wounded on four days in five."""
    reports = max(1, int(claims / 2.6))
    per_subject = 4
    series = min(len(world.subjects) * per_subject, max(1, -(-reports // DAYS)))
    length = min(DAYS, -(-reports // series))
    slot = np.arange(series)
    subject = slot % len(world.subjects)
    # the sources that keep a series on one subject are distinct
    source = np.array([rng.choice(len(world.source), per_subject, replace=False, p=world.weight)
                       for _ in range(len(world.subjects))])[subject, slot // len(world.subjects)]
    first = rng.integers(0, DAYS - length + 1, series)
    day = (first[:, None] + np.arange(length)[None, :]).ravel()
    s_of = np.repeat(np.arange(series), length)
    day, s_of = day[:reports], s_of[:reports]
    subj, src = subject[s_of], source[s_of]
    noise = rng.uniform(0.98, 1.02, len(day))
    total = world.casualties(subj, day) * world.bias[src] * noise
    # a bulletin's running total never falls
    total = pd.Series(total).groupby(s_of).cummax().to_numpy()
    total = np.maximum(np.round(total), 1.0)
    killed = np.round(total * rng.uniform(0.22, 0.3, len(day)))
    parts = rng.random(len(day)) < 0.8
    rows = []
    for metric, value, keep in (("casualties", total, np.ones(len(day), bool)), ("killed", killed, parts),
                                ("wounded", total - killed, parts)):
        k = int(keep.sum())
        f = _frame(k)
        text = _numbers(value[keep])
        f.update(metric=np.full(k, metric, dtype=object), value=text, qualifier=np.full(k, "exact", dtype=object),
                 definition=np.full(k, "killed+wounded" if metric == "casualties" else "", dtype=object),
                 unit=np.full(k, "people", dtype=object))
        date = _dates(day[keep])
        f.update(as_of=date, stated=date, subject=world.subjects[subj[keep]], _source=src[keep],
                 report=np.array([f"bulletin-{s}-{d}" for s, d in zip(s_of[keep], day[keep])], dtype=object))
        words = "killed or wounded" if metric == "casualties" else metric
        f["quote"] = np.array([f"{v:,.0f} {words} since the start" for v in value[keep]], dtype=object)
        f["_order"] = np.arange(len(day))[keep] * 3 + len(rows)
        rows.append(pd.DataFrame(f))
    frame = pd.concat(rows, ignore_index=True).sort_values("_order", kind="stable")
    return frame.drop(columns="_order")


def _statements(world: World, rng: np.random.Generator, claims: int) -> pd.DataFrame:
    """Reports of 1 to 6 figures by one source on one subject."""
    reports = max(1, int(claims / 2.4))
    size = rng.choice([1, 2, 3, 4, 5, 6], reports, p=[0.35, 0.25, 0.17, 0.11, 0.07, 0.05])
    subject = rng.integers(0, len(world.subjects), reports)
    source = rng.choice(len(world.source), reports, p=world.weight)
    day = rng.integers(0, DAYS, reports)
    precision = rng.choice(["day", "month", "year"], reports, p=[0.7, 0.2, 0.1])
    # the figures of each report: a casualty total first, then what a statement adds to it
    menu = np.array(["casualties", "deployed", "killed", "wounded", "captured", "missing", "casualty_share",
                     "units", "units_destroyed", "group_size"], dtype=object)
    order = np.argsort(rng.random((reports, len(menu))) * np.array([0.05, 0.5, 1, 1, 1.2, 1.3, 1.1, 1.4, 1.5, 2]),
                       axis=1)
    r = np.repeat(np.arange(reports), size)
    position = np.arange(len(r)) - np.repeat(np.cumsum(size) - size, size)
    metric = menu[order[r, position]]
    r_subject, r_source, r_day, r_precision = subject[r], source[r], day[r], precision[r]
    n = len(r)
    bias = world.bias[r_source] * rng.uniform(0.9, 1.1, n)
    casualties = world.casualties(r_subject, r_day) * bias
    deployed = world.deployment(r_subject, r_day) * rng.uniform(0.85, 1.15, n)
    killed_part = rng.uniform(0.2, 0.35, n)
    truth = {
        "casualties": casualties, "deployed": deployed, "killed": casualties * killed_part,
        "wounded": casualties * (1 - killed_part), "captured": casualties * rng.uniform(0.001, 0.02, n),
        "missing": casualties * rng.uniform(0.01, 0.05, n),
        "casualty_share": np.minimum(99.0, 100 * casualties / world.deployed[r_subject]),
        "units": world.brigades[r_subject], "group_size": rng.choice([10.0, 20, 30, 40, 60], n),
    }
    truth["units_destroyed"] = np.floor(world.brigades[r_subject] * rng.uniform(0, 0.3, n))
    value = np.zeros(n)
    for name, x in truth.items():
        value = np.where(metric == name, x, value)
    value = np.maximum(value, 1.0)
    percent = metric == "casualty_share"
    formation = np.isin(metric, ["units", "units_destroyed"])
    cells = _hedged(rng, value)
    shares = _hedged(rng, value[percent], percent=True)
    for key in cells:
        cells[key][percent] = shares[key]
    exact = formation | (metric == "group_size")  # formations and group sizes are counted, not hedged
    cells["qualifier"][exact] = "exact"
    cells["value"][exact], cells["low"][exact], cells["high"][exact] = _numbers(np.round(value[exact])), "", ""
    cells["_number"][exact], cells["_ranged"][exact] = np.round(value[exact]), False
    definition = np.where(np.isin(metric, ["casualties", "casualty_share"]),
                          np.array(list(COUNTED), dtype=object)[rng.choice(4, n, p=[0.6, 0.2, 0.1, 0.1])], "")
    # one casualty figure in eight counts the last week or month: a period figure, its value that period's
    period = (metric == "casualties") & (r_precision == "day") & (rng.random(n) < 0.125)
    window = np.where(rng.random(n) < 0.7, 7, 30)
    period_value = np.maximum(1.0, np.round(casualties * window / (2 * (r_day + window))))
    cells["value"][period] = _numbers(period_value[period])
    cells["qualifier"][period], cells["low"][period], cells["high"][period] = "about", "", ""
    cells["_number"][period], cells["_ranged"][period] = period_value[period], False

    as_of = _dates(r_day)
    month = r_precision == "month"
    year = r_precision == "year"
    as_of[month] = np.array([d[:7] for d in as_of[month]], dtype=object)
    as_of[year] = np.array([d[:4] for d in as_of[year]], dtype=object)
    # stated on the day described or up to three weeks later; a month or year after its end
    end = r_day.copy()
    ends = pd.to_datetime(_dates(r_day).astype(str))
    end[month] = r_day[month] + (ends[month] + pd.offsets.MonthEnd(0) - ends[month]).days.to_numpy()
    end[year] = r_day[year] + (ends[year] + pd.offsets.YearEnd(0) - ends[year]).days.to_numpy()
    stated_day = end + rng.integers(0, 21, n)
    f = _frame(n)
    f.update(subject=world.subjects[r_subject], metric=metric, unit=np.where(percent, "percent", np.where(
        formation, "brigades", "people")).astype(object), definition=definition.astype(object), as_of=as_of,
        stated=_dates(stated_day), _source=r_source,
        report=np.array([f"statement-{i}" for i in r], dtype=object))
    f["window_start"][period] = _dates(r_day[period] - window[period] + 1)
    for key in ("qualifier", "value", "low", "high"):
        f[key] = cells[key]
    words = np.array([COUNTED.get(d, "") for d in definition], dtype=object)
    words = np.where(metric == "casualty_share", "of the force " + words,
                     np.where(metric == "casualties", words, pd.Series(metric).map(WORDS).to_numpy()))
    words = np.where(period, words + np.where(window == 7, " in the past week", " in the past month"), words)
    f["quote"] = _quotes(cells, words, percent)
    return pd.DataFrame(f)


def realistic_figures(n: int, seed: int = 2025) -> pd.DataFrame:
    """``n`` valid figures (text cells, the columns of a figures file), drawn as the module says."""
    rng = np.random.default_rng(seed)
    world = World(rng)
    daily = _daily_series(world, rng, n // 2)
    said = _statements(world, rng, n - len(daily) + 50)
    frame = pd.concat([daily, said], ignore_index=True).iloc[:n]
    source = frame.pop("_source").to_numpy(dtype=np.int64)
    frame["source"] = world.source[source]
    frame["source_role"] = world.role[source]
    frame["side"] = world.side[source]
    frame["outlet"] = world.outlet[source]
    frame["url"] = np.where(np.arange(len(frame)) % 3 == 0, "", "https://example.org/" + frame["report"])
    frame["id"] = [f"c{i:07d}" for i in range(len(frame))]
    return frame[list(COLUMNS)]


def write_figures(n: int, path: Path, seed: int = 2025) -> Path:
    """Write :func:`realistic_figures` as a figures file (LF line ends, minimal quoting)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    realistic_figures(n, seed).to_csv(path, index=False, lineterminator="\n")
    return path


if __name__ == "__main__":
    write_figures(int(sys.argv[1]), Path(sys.argv[2]))
