"""casualty.frames.group_numbers: groups numbered as pandas numbers them, from codes."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from casualty.frames import group_numbers


def test_groups_are_numbered_in_the_order_of_their_values():
    frame = pd.DataFrame({"a": ["y", "x", "y", "x"], "b": [2.0, 1.0, 1.0, 1.0]})
    assert group_numbers(frame, ["a", "b"]).tolist() == [2, 0, 1, 0]


def test_a_categorical_is_numbered_in_the_order_of_its_categories_not_its_words():
    frame = pd.DataFrame({"a": pd.Categorical(["b", "a", "c", "b"], categories=["c", "b", "a"])})
    assert group_numbers(frame, ["a"]).tolist() == [1, 2, 0, 1]


def test_a_missing_value_is_grouped_as_pandas_groups_it():
    frame = pd.DataFrame({"a": ["x", None, "y"]})
    expected = frame.groupby(["a"], sort=True).ngroup().to_numpy()
    np.testing.assert_array_equal(group_numbers(frame, ["a"]), expected)


def test_more_combinations_than_one_number_holds_are_still_told_apart():
    values = np.arange(70_000)
    frame = pd.DataFrame({c: values for c in "abcd"})  # 70,000 ** 4 > 2 ** 62
    assert group_numbers(frame, list("abcd")).tolist() == values.tolist()


@given(st.lists(st.tuples(st.sampled_from(["p", "q", "r"]), st.sampled_from(["x", "y"]),
                          st.integers(-2, 2)), min_size=1, max_size=40))
def test_the_numbers_are_those_of_groupby_ngroup(rows):
    frame = pd.DataFrame(rows, columns=["a", "b", "c"])
    frame["b"] = pd.Categorical(frame["b"], categories=["y", "x"])
    expected = frame.groupby(["a", "b", "c"], sort=True, observed=True).ngroup().to_numpy()
    np.testing.assert_array_equal(group_numbers(frame, ["a", "b", "c"]), expected)
