"""Does a row say what its own quoted words say?

Analyse stage. :func:`quote_agreement` reads each row's ``quote`` and finds in it
the row's number (digits with or without separators, or English number words and
fractions: "Ninety thousand", "four-thousand-100", "a third", "two-thirds"), the
hedge right before or after that number, and, for casualty totals and shares,
the words that say what was counted ("killed or wounded" -> ``killed+wounded``;
no counted words -> ``unspecified``). The result is data: booleans, the words
found and a reason code, one row per figure.

Hedge words are the README's qualifier table, ``casualty.vocabulary.QUALIFIERS[...].words``:
a hedge the table does not list ("surpassed", "an estimated") is no hedge, so a
row that codes one departs from its words and is flagged; its ``note`` should
say why.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

import numpy as np
import pandas as pd

from casualty.load.frames import codings
from casualty.vocabulary import DEFINITIONS, NEEDS_DEFINITION, QUALIFIERS

#: The columns :func:`quote_agreement` returns.
QUOTE_COLUMNS = ["id", "status", "reason", "number_ok", "hedge_ok", "definition_ok", "numbers_found",
                 "hedge_found", "hedge_words", "definition_found", "counted_words"]
#: reason code -> what it means
QUOTE_REASONS = {
    "agrees": "the quote holds the row's number, its hedge and, where it applies, what was counted",
    "number_not_in_quote": "the quote does not hold the row's number",
    "hedge_differs": "the hedge next to the number is not the row's qualifier",
    "definition_differs": "the words for what was counted do not give the row's definition",
    "hedge_of_original": "a relay that dropped its original's hedge: the row keeps the original's, as it should",
    "no_number": "the quote holds no number to compare: not checked",
    "not_english": "the quote is not in English: not checked",
}

_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if i > 1}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
#: a letter written right after digits for a scale: '518k'
_SCALE_LETTERS = {"k": 1000}
_FRACTIONS = {"half": Fraction(1, 2), "halves": Fraction(1, 2), "third": Fraction(1, 3), "thirds": Fraction(1, 3),
              "quarter": Fraction(1, 4), "quarters": Fraction(1, 4), "fifth": Fraction(1, 5),
              "fifths": Fraction(1, 5)}
# a word, a digit group ("11,000", "11 000", "2.5", "40%") or one other sign; the three start with different signs
_TOKEN = re.compile(r"[a-z]+|\d+(?:[,\u00a0 ]\d{3})*(?:\.\d+)?%?|[^\sa-z\d]")
# what was counted, by the words that say it
_COUNTED = {
    "killed": r"killed|dead|deaths?|died|fatalit(?:y|ies)|kia|lost their lives",
    "wounded": r"wounded|injured|injur(?:y|ies)|wia",
    "missing": r"missing",
    "captured": r"captured|prisoners?|captives?|taken prisoner",
}
# one pass finds them all, group k for the k-th part; no part's words hold a word of another part, so the first
# match of each group is where that part's words first stand
_COUNTED_WORDS = re.compile(r"\b(?:" + "|".join(f"({words})" for words in _COUNTED.values()) + r")\b")
_COUNTED_PARTS = list(_COUNTED)
#: The metrics whose definitions the counted words give (killed+wounded, ...); a death toll's (excess, indirect)
#: are not read from a quote's words.
_READ_DEFINITIONS = tuple(m for m in NEEDS_DEFINITION
                          if all("+" in d or d == "unspecified" for d, r in DEFINITIONS.items() if m in r.metrics))
_NOT_LATIN = re.compile(r"[^\W\d_a-zA-Z\u00c0-\u024f]")
_LETTER = re.compile(r"[^\W\d_]")


def _hedge_phrases() -> list[tuple[list[str], str, bool]]:
    """(words, qualifier, after the number?) for every phrase of the qualifier table, longest first."""
    phrases = []
    for name, qualifier in QUALIFIERS.items():
        for phrase in qualifier.words:
            words = phrase.lower().split()
            phrases.append((words, name, words[0] == "or"))  # "or more" follows its number
    return sorted(phrases, key=lambda p: -len(p[0]))


_PHRASES = _hedge_phrases()
# the word right before a number -> (rank in _PHRASES, words) of the phrases that end there; the same for the word
# right after a number and the phrases that start there ("or more"). Of the phrases that match, the first wins.
_ENDS_BEFORE: dict[str, list[tuple[int, list[str]]]] = {}
_STARTS_AFTER: dict[str, list[tuple[int, list[str]]]] = {}
for _rank, (_words, _, _after) in enumerate(_PHRASES):
    (_STARTS_AFTER.setdefault(_words[0], []) if _after else _ENDS_BEFORE.setdefault(_words[-1], [])).append(
        (_rank, _words))
_QUANTITY_WORDS = {name: [w.lower().split() for w in q.words] for name, q in QUALIFIERS.items() if not q.is_relative}


class _Number:
    __slots__ = ("value", "start", "stop", "fraction")

    def __init__(self, value: float, start: int, stop: int, fraction: bool = False):
        self.value, self.start, self.stop, self.fraction = value, start, stop, fraction


def numbers_in(text: str) -> list[tuple[float, bool]]:
    """The numbers a text states, each with whether it is a fraction (then given as a percentage).

    >>> numbers_in("Ninety thousand, about 5,000 of them -- more than 40% -- and a third")
    [(90000.0, False), (5000.0, False), (40.0, False), (33.333333333333336, True)]
    >>> numbers_in("another four-thousand-100 injured; two-thirds died; 2.5-3,000")
    [(4100.0, False), (66.66666666666667, True), (2.5, False), (3000.0, False)]
    >>> numbers_in("half a million, 518k, 1.2 million and a million")
    [(500000.0, False), (518000.0, False), (1200000.0, False), (1000000.0, False)]
    """
    return [(n.value, n.fraction) for n in _numbers(_tokens(text))]


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(_plain(text))


def _plain(text: str) -> str:
    """The text the tokens are read from: lower case, one apostrophe, one dash."""
    plain = text.lower()
    if not plain.isascii():
        plain = plain.replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-").replace("\u2011", "-")
    return plain


def _is_digits(token: str) -> bool:
    """Whether a token of :func:`_tokens` is a digit group (only those start with a decimal digit)."""
    return token[0].isdecimal()


def _numbers(tokens: list[str]) -> list[_Number]:
    """Numbers in a token list: digit groups, runs of number words (digits may join them), and fractions."""
    found: list[_Number] = []
    i = 0
    while i < len(tokens):  # a small parser over the words of one quote
        token = tokens[i]
        starts_words = token in _UNITS or token in _TENS or (token == "a" and i + 1 < len(tokens)
                                                             and (tokens[i + 1] in _SCALES
                                                                  or tokens[i + 1] in _FRACTIONS))
        if _is_digits(token) and i + 1 < len(tokens) and tokens[i + 1] in _SCALE_LETTERS and "%" not in token:
            found.append(_Number(_digits_value(token) * _SCALE_LETTERS[tokens[i + 1]], i, i + 2))  # '518k'
            i += 2
        elif _is_digits(token) and "." in token and _joins_words(tokens, i, decimals=True):
            j = i + 1 + (tokens[i + 1] == "-")  # '1.2 million', '2.5-million'
            found.append(_Number(_digits_value(token) * _SCALES[tokens[j]], i, j + 1))
            i = j + 1
        elif (token in _FRACTIONS and i + 2 < len(tokens) and tokens[i + 1] == "a"
              and _SCALES.get(tokens[i + 2], 0) >= 1000):  # 'half a million'
            found.append(_Number(float(_FRACTIONS[token] * _SCALES[tokens[i + 2]]), i, i + 3))
            i += 3
        elif _is_digits(token) and not _joins_words(tokens, i):
            found.append(_Number(_digits_value(token), i, i + 1))
            i += 1
        elif starts_words or (_is_digits(token) and _joins_words(tokens, i)):
            number, stop = _number_words(tokens, i)
            if number is None:
                i += 1
                continue
            found.append(number)
            i = stop
        elif token in _FRACTIONS:  # "half" alone
            found.append(_Number(float(_FRACTIONS[token] * 100), i, i + 1, fraction=True))
            i += 1
        else:
            i += 1
    return found


def _joins_words(tokens: list[str], i: int, decimals: bool = False) -> bool:
    """Whether the digits at ``i`` are part of a run of number words: '27-hundred', '4 thousand'; with
    ``decimals``, whether digits with a decimal point stand before a scale of a thousand or more: '1.2 million'."""
    j = i + 1
    if j < len(tokens) and tokens[j] == "-":
        j += 1
    if j >= len(tokens) or tokens[j] not in _SCALES or "%" in tokens[i]:
        return False
    return _SCALES[tokens[j]] >= 1000 if decimals else "." not in tokens[i]


def _digits_value(token: str) -> float:
    return float(token.replace(",", "").replace("\u00a0", "").replace(" ", "").replace("%", ""))


def _number_words(tokens: list[str], start: int) -> tuple[_Number | None, int]:
    """A run of number words from ``start``: 'ninety thousand', 'four-thousand-100', 'a third', 'two-thirds'."""
    total, current, i, seen = 0.0, 0.0, start, False
    while i < len(tokens):
        token = tokens[i]
        if token == "a" and not seen:
            current, seen = 1.0, True
        elif token in _UNITS:
            current += _UNITS[token]
            seen = True
        elif token in _TENS:
            current += _TENS[token]
            seen = True
        elif _is_digits(token) and "." not in token and "%" not in token and (seen or i == start):
            current += _digits_value(token)
            seen = True
        elif token in _SCALES and seen:
            if _SCALES[token] == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * _SCALES[token]
                current = 0.0
        elif token in _FRACTIONS and seen:
            return _Number(float(Fraction(int(current or 1)) * _FRACTIONS[token] * 100), start, i + 1, True), i + 1
        elif token in ("-", "and") and seen and i + 1 < len(tokens) and (
                tokens[i + 1] in _UNITS or tokens[i + 1] in _TENS or tokens[i + 1] in _SCALES
                or tokens[i + 1] in _FRACTIONS or _is_digits(tokens[i + 1])):
            pass
        else:
            break
        i += 1
    value = total + current
    if not seen or (tokens[start] == "a" and value == 1 and total == 0):
        return None, start + 1
    return _Number(value, start, i), i


def _hedge_near(tokens: list[str], number: _Number) -> tuple[str, str]:
    """The qualifier whose words stand right before (or, for 'or more', right after) a number, and the words."""
    start, stop = number.start, number.stop
    hits = [rank for rank, words in _ENDS_BEFORE.get(tokens[start - 1], ()) if start >= len(words)
            and tokens[start - len(words):start] == words] if start else []
    if stop < len(tokens):
        hits += [rank for rank, words in _STARTS_AFTER.get(tokens[stop], ()) if tokens[stop:stop + len(words)] == words]
    if not hits:
        return "exact", ""
    words, name, _ = _PHRASES[min(hits)]
    return name, " ".join(words)


def _counted(text: str) -> tuple[str, str]:
    """The definition that the counted words of a text give, and those words."""
    first: dict[int, str] = {}
    for match in _COUNTED_WORDS.finditer(text):
        first.setdefault(match.lastindex, match.group(0))
    if not first:
        return "unspecified", ""
    found = sorted(first)
    return "+".join(_COUNTED_PARTS[k - 1] for k in found), ", ".join(first[k] for k in found)


def _matches(number: _Number, target: float, percent: bool) -> bool:
    if number.fraction:
        return percent and abs(number.value - target) < 0.5
    return number.value == target


def _read_quote(quote: str, unit: str, qualifier: str, value: float, low: float, high: float,
                bounds_stated: bool) -> tuple:
    """The checks of one quote and row coding, then the counted words."""
    if not quote.isascii():  # an ASCII letter is Latin
        foreign = len(_NOT_LATIN.findall(quote))
        if foreign and foreign > 0.3 * len(_LETTER.findall(quote)):
            return "unchecked", "not_english", None, None, "", "", "", "", ""
    plain = _plain(quote)
    # the dashes and apostrophe of _plain are no part of a counted word
    return _read_tokens(_TOKEN.findall(plain), unit, qualifier, value, low, high, bounds_stated) + _counted(plain)


def _read_tokens(tokens: list[str], unit: str, qualifier: str, value: float, low: float, high: float,
                 bounds_stated: bool) -> tuple:
    """The checks of one quote and row coding, read from all its tokens: number words, fractions, quantity words."""
    numbers = _numbers(tokens)
    # every digit, never in scientific notation: "2375259", not "2.37526e+06"
    shown = ", ".join([f"{n.value:.15g}%" if n.fraction else f"{n.value:.15g}" for n in numbers])
    if qualifier in _QUANTITY_WORDS and math.isnan(value):
        # a word that is a quantity by itself ("dozens"): its words are the number
        hit = next((" ".join(w) for w in _QUANTITY_WORDS[qualifier]
                    if any(tokens[i:i + len(w)] == w for i in range(len(tokens)))), "")
        return ("ok" if hit else "flag", "agrees" if hit else "hedge_differs", None, bool(hit), shown,
                qualifier if hit else "", hit)
    if not numbers:
        return "unchecked", "no_number", None, None, "", "", ""
    percent = unit == "percent"
    targets = [value] if not math.isnan(value) else [t for t in (low, high) if bounds_stated and not math.isnan(t)]
    matched = [next((n for n in numbers if _matches(n, t, percent)), None) for t in targets]
    if not targets or None in matched:
        return "flag", "number_not_in_quote", False, None, shown, "", ""
    hedge, words = _hedge_near(tokens, matched[0])
    return "ok" if hedge == qualifier else "flag", "agrees" if hedge == qualifier else "hedge_differs", True, \
        hedge == qualifier, shown, hedge, words


def quote_agreement(figures: pd.DataFrame) -> pd.DataFrame:
    """One row per figure: does its quote hold its number, its hedge and (casualty totals and shares) its definition?

    ``status`` is ``ok``, ``flag`` or ``unchecked`` (no number in the quote, or not English: never ``ok``);
    ``reason`` is a code of :data:`QUOTE_REASONS` (the first check that failed); ``number_ok``, ``hedge_ok`` and
    ``definition_ok`` are the three checks (missing where not made); ``numbers_found``, ``hedge_found`` (a
    qualifier, ``exact`` for none), ``hedge_words``, ``definition_found`` and ``counted_words`` are what was read.
    Each distinct quote and row coding is read once.

    >>> from casualty.load.read import load_figures
    >>> found = quote_agreement(load_figures()).set_index("id")
    >>> found.loc["kontur-kovalenko-casualties", ["status", "hedge_found", "definition_found"]].tolist()
    ['ok', 'about', 'killed+wounded+captured']
    """
    group, read, needs, fits = _readings(figures)
    status, reason = _relays_kept(figures, read, group, *_verdicts(read, group, needs, fits))
    result = pd.DataFrame([r[2:7] for r in read], columns=["number_ok", "hedge_ok", "numbers_found", "hedge_found",
                                                          "hedge_words"])
    result["definition_found"] = [r[7] for r in read]  # as lists: an empty frame's columns are float, as before
    result["counted_words"] = [r[8] for r in read]
    merged = result.iloc[group].reset_index(drop=True)
    return pd.DataFrame({
        "id": figures["id"].astype(str).to_numpy(), "status": status.to_numpy(dtype=object),
        "reason": reason.to_numpy(dtype=object), "number_ok": merged["number_ok"].to_numpy(),
        "hedge_ok": merged["hedge_ok"].to_numpy(), "definition_ok": np.where(needs, fits, None),
        "numbers_found": merged["numbers_found"].to_numpy(), "hedge_found": merged["hedge_found"].to_numpy(),
        "hedge_words": merged["hedge_words"].to_numpy(),
        "definition_found": merged["definition_found"].where(needs, "").to_numpy(),
        "counted_words": merged["counted_words"].where(needs, "").to_numpy(),
    }, columns=QUOTE_COLUMNS)


def quote_verdicts(figures: pd.DataFrame) -> tuple[pd.Categorical, pd.Categorical]:
    """The ``status`` and ``reason`` of :func:`quote_agreement`, one a figure in the order of the rows, as
    Categoricals: the verdicts without the words read, for a caller that counts or keeps only those."""
    group, read, needs, fits = _readings(figures)
    return _relays_kept(figures, read, group, *_verdicts(read, group, needs, fits))


def _relays_kept(figures: pd.DataFrame, read: list[tuple], group: np.ndarray, status: pd.Categorical,
                 reason: pd.Categorical) -> tuple[pd.Categorical, pd.Categorical]:
    """A relay (``repeats``) whose quote has its number with no hedge keeps its original's hedge, as the
    codebook asks: that is no flag. A relay with another hedge word is still flagged."""
    if "repeats" not in figures:
        return status, reason
    relay = figures["repeats"].notna().to_numpy() & (figures["repeats"].astype(object) != "").to_numpy()
    bare = np.array([r[5] == "exact" for r in read], dtype=bool)[group]
    kept = relay & bare & (np.asarray(reason, dtype=object) == "hedge_differs")
    if not kept.any():
        return status, reason
    status = pd.Categorical(np.where(kept, "ok", np.asarray(status, dtype=object)))
    reason = pd.Categorical(np.where(kept, "hedge_of_original", np.asarray(reason, dtype=object)))
    return status, reason


def _readings(figures: pd.DataFrame) -> tuple[np.ndarray, list[tuple], np.ndarray, np.ndarray]:
    """Each distinct quote and row coding read once: the coding of each row, what :func:`_read_quote` read of each
    coding, and by row whether the definition is checked and whether the counted words give the row's
    definition."""
    # a quote kept in its own language is read in its English reading
    read_as = figures["quote"]
    if "translation" in figures:
        read_as = figures["translation"].astype(object).where(figures["translation"].notna(), figures["quote"])
        read_as = read_as.where(read_as != "", figures["quote"])
    figures = figures.assign(quote=read_as)
    group, first = codings(figures, ["quote", "metric", "unit", "qualifier", "value", "low", "high", "bounds_from"])
    keys = {c: figures[c].iloc[first].astype(object).to_numpy() for c in ("quote", "unit", "qualifier")}
    keys.update({c: figures[c].iloc[first].astype("float64").tolist() for c in ("value", "low", "high")})
    stated = (figures["bounds_from"].iloc[first].astype(object) == "stated").tolist()
    read = [_read_quote(q, u, k, v, lo, hi, b) for q, u, k, v, lo, hi, b in zip(
        keys["quote"], keys["unit"], keys["qualifier"], keys["value"], keys["low"], keys["high"], stated)]
    checked = np.array([r[0] != "unchecked" for r in read], dtype=bool)
    needs = figures["metric"].isin(_READ_DEFINITIONS).to_numpy() & checked[group]
    # compared as numbers: each coding's definition found as a code of the rows' definitions (-1: none of them)
    definition, names = pd.factorize(figures["definition"])  # missing -> -1, which no definition found equals
    found = pd.Index(np.asarray(names, dtype=object), dtype=object).get_indexer([r[7] for r in read])
    fits = (found[group] == definition) & (definition >= 0)
    return group, read, needs, fits


def _verdicts(read: list[tuple], group: np.ndarray, needs: np.ndarray,
              fits: np.ndarray) -> tuple[pd.Categorical, pd.Categorical]:
    """Each row's status and reason: its coding's, but ``flag`` and ``definition_differs`` where the quote agrees
    and the definition it counts does not. Spread to the rows as codes, not as text."""
    fails = needs & ~fits
    verdicts = []
    for k, was, becomes in ((0, "ok", "flag"), (1, "agrees", "definition_differs")):
        codes, names = pd.factorize(np.array([r[k] for r in read], dtype=object))
        names = [*names, *([becomes] if becomes not in names else [])]
        by_row = codes[group]
        if was in names:
            by_row[fails & (by_row == names.index(was))] = names.index(becomes)
        verdicts.append(pd.Categorical.from_codes(by_row, categories=names))
    return verdicts[0], verdicts[1]
