"""quote_agreement: quotes that differ only in their digits each give their own row its own reading."""

from __future__ import annotations

import numpy as np
import pandas as pd

from casualty.analyse.quotes import quote_agreement
from casualty.load.frames import codings

from test_analyse import figures_from, row


def read(*rows: dict) -> list[tuple]:
    found = quote_agreement(figures_from(*rows))
    return list(found[["id", "status", "reason", "numbers_found", "hedge_found"]].itertuples(index=False, name=None))


def test_quotes_with_the_same_words_each_hold_their_own_number():
    assert read(row("a", "killed", 3800, quote="3,800 killed since the start"),
                row("b", "killed", 3991, quote="3,991 killed since the start"),
                row("c", "killed", 3800, quote="3,991 killed since the start")) == [
        ("a", "ok", "agrees", "3800", "exact"), ("b", "ok", "agrees", "3991", "exact"),
        ("c", "flag", "number_not_in_quote", "3991", "")]


def test_the_hedge_is_checked_against_each_rows_qualifier():
    assert read(row("a", "killed", 3991, quote="3,991 killed since the start", qualifier="about"),
                row("b", "killed", 3800, quote="3,800 killed since the start")) == [
        ("a", "flag", "hedge_differs", "3991", "exact"), ("b", "ok", "agrees", "3800", "exact")]


def test_a_percent_sign_stays_with_the_words_after_it():
    # '40%killed' holds the word 'killed'; in '40killed' the digits and the letters are one word
    found = quote_agreement(figures_from(row("a", "casualties", 40, quote="40%killed"),
                                         row("b", "casualties", 40, quote="40killed")))
    assert found["definition_found"].tolist() == ["killed", "unspecified"]
    assert found["counted_words"].tolist() == ["killed", ""]


def test_digit_groups_that_touch_are_two_numbers():
    assert read(row("a", "killed", 5, quote="1,2345 killed"), row("b", "killed", 12, quote="12 killed")) == [
        ("a", "ok", "agrees", "1234, 5", "exact"), ("b", "ok", "agrees", "12", "exact")]


def test_codings_stay_apart_when_the_product_of_their_columns_passes_int64():
    # five columns of 2 ** 16 - 1 values: unrenumbered, their codes would wrap at 2 ** 64 and the last row, which
    # differs from the first only in column a, would fall in with it
    n = 2 ** 16 - 1
    values = np.arange(n)
    frame = pd.DataFrame({"a": values, "b": values, "c": values * 0.5, "d": values.astype(str), "e": -values})
    frame = pd.concat([frame, frame.iloc[[0]].assign(a=1)], ignore_index=True)
    group, first = codings(frame, ["a", "b", "c", "d", "e"])
    assert group.tolist() == list(range(n + 1))
    assert first.tolist() == list(range(n + 1))


def test_codings_are_numbered_in_order_of_their_first_row():
    frame = pd.DataFrame({"a": ["y", "x", "y", "x", "z"], "b": [1.0, np.nan, 1.0, np.nan, np.nan]})
    group, first = codings(frame, ["a", "b"])
    assert group.tolist() == [0, 1, 0, 1, 2]
    assert first.tolist() == [0, 1, 4]


def test_a_number_in_the_millions_is_read_with_every_digit():
    assert read(row("a", "population", 2375259, quote="a population of 2,375,259 people"),
                row("b", "population", 2200000, quote="about 2.2 million people")) == [
        ("a", "ok", "agrees", "2375259", "exact"), ("b", "flag", "hedge_differs", "2200000", "about")]
