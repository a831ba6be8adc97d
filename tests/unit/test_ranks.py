"""stable_ranks / first_ranked against the argsorts they replace in the reasons."""

from __future__ import annotations

import numpy as np
import pytest

from engine.recommend.ranks import first_ranked, stable_ranks


@pytest.mark.parametrize("axis", [0, 1, 2])
def test_ranks_equal_the_stable_double_argsort_with_ties_and_infinities(rng, axis: int) -> None:
    values = rng.integers(0, 4, size=(9, 30, 7)).astype(np.float64)  # many ties
    values[rng.random(values.shape) < 0.2] = np.inf
    want = np.argsort(np.argsort(values, axis=axis, kind="stable"), axis=axis, kind="stable")
    assert np.array_equal(stable_ranks(values, axis=axis), want)


def test_first_ranked_equals_the_head_of_a_stable_argsort(rng) -> None:
    values = rng.integers(0, 3, size=(9, 40, 20)).astype(np.float64)
    values[rng.random(values.shape) < 0.5] = np.inf
    got = first_ranked(stable_ranks(values, axis=0), 2, axis=0)
    assert np.array_equal(got, np.argsort(values, axis=0, kind="stable")[:2])
