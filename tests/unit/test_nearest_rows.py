"""nearest_rows (float32 search settled in float64) against the float64 search it replaces."""

from __future__ import annotations

import numpy as np
import pytest

from engine.errors import ParameterError
from engine.recommend.cluster_neighbours import smallest_per_row, squared_distances
from engine.recommend.nearest_rows import MARGIN, nearest_rows


def float64_search(q: np.ndarray, x: np.ndarray, k: int, allowed: np.ndarray | None):
    d2 = squared_distances(q, x)
    if allowed is not None:
        d2 = np.where(allowed, d2, np.inf)
    top = smallest_per_row(d2, k)
    return top, np.take_along_axis(d2, top, axis=1)


@pytest.mark.parametrize("m", [5, 20 + MARGIN, 700])
def test_the_same_neighbours_as_the_float64_search(rng, m: int) -> None:
    # Offsets far from the origin make |x|² large against the distances: float32's worst case.
    x = rng.normal(size=(m, 113)) + 40.0
    q = x[: min(m, 64)]
    allowed = rng.random((q.shape[0], m)) < 0.9
    allowed[np.arange(q.shape[0]), np.arange(q.shape[0])] = False
    k = min(20, m - 1)
    rows, d2 = nearest_rows(q, x, k, allowed=allowed)
    want_rows, want_d2 = float64_search(q, x, k, allowed)
    finite = np.isfinite(want_d2)
    assert np.array_equal(np.isfinite(d2), finite)
    assert np.array_equal(rows[finite], want_rows[finite])
    assert np.allclose(d2[finite], want_d2[finite], rtol=1e-9, atol=1e-6)


def test_neighbours_float32_cannot_tell_apart_are_settled_in_float64(rng) -> None:
    # Points 1e-6 apart at distance ~1e3 from the query: float32 (7 digits) sees them as equal.
    base = rng.normal(size=113) * 30.0
    x = np.vstack([base + 1e-6 * rng.normal(size=(60, 113)), base + 50.0])
    q = np.zeros((1, 113))
    rows, d2 = nearest_rows(q, x, 5)
    exact = ((x - q) ** 2).sum(axis=1)
    assert rows[0].tolist() == np.argsort(exact, kind="stable")[:5].tolist()
    assert np.allclose(d2[0], np.sort(exact)[:5], rtol=1e-12)


def test_few_allowed_points_leave_the_rest_at_infinity(rng) -> None:
    x = rng.normal(size=(100, 8))
    allowed = np.zeros((2, 100), dtype=bool)
    allowed[0, [3, 7]] = True
    rows, d2 = nearest_rows(x[:2], x, 4, allowed=allowed)
    assert sorted(rows[0, :2].tolist()) == [3, 7] and np.isinf(d2[0, 2:]).all()
    assert np.isinf(d2[1]).all()


def test_k_beyond_the_points_is_refused(rng) -> None:
    with pytest.raises(ParameterError):
        nearest_rows(np.zeros((1, 3)), np.zeros((2, 3)), 3)
