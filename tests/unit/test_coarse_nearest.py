"""The on-the-fly search's float32 pass (engine.recommend.coarse_nearest) gives the float64
search's rows: the same members in the same order, ties in row order."""

from __future__ import annotations

import numpy as np

from engine.recommend.coarse_nearest import MARGIN, CoarseQuery


def _scaler(d: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    # Means far from zero relative to the spread, as a feature in Hz has.
    return rng.normal(500.0, 200.0, size=d), rng.uniform(0.5, 50.0, size=d)


def _float64_rows(
    vectors: np.ndarray,
    z: np.ndarray,
    mean: np.ndarray,
    std: np.ndarray,
    allowed: np.ndarray,
    k: int,
) -> np.ndarray:
    scaled = np.subtract(vectors, mean, dtype=np.float64) / std
    dist = ((scaled[allowed] - z) ** 2).sum(axis=1)
    return allowed[np.argsort(dist, kind="stable")[:k]]


def _query(vectors: np.ndarray, z: np.ndarray, mean: np.ndarray, std: np.ndarray) -> CoarseQuery:
    return CoarseQuery(
        vectors, z, mean, std, lambda v: np.subtract(v, mean, dtype=np.float64) / std
    )


def test_the_nearest_rows_are_the_float64_ones() -> None:
    rng = np.random.default_rng(4)
    d, m = 113, 3000
    mean, std = _scaler(d, rng)
    vectors = (mean + std * rng.normal(size=(m, d))).astype(np.float32)
    for seed in range(20):
        pick = np.random.default_rng(seed)
        z = pick.normal(size=d)
        allowed = np.flatnonzero(pick.random(m) < 0.5)
        query = _query(vectors, z, mean, std)
        for k in (1, 20, 200):
            expected = _float64_rows(vectors, z, mean, std, allowed, k)
            assert query.nearest(allowed, k).tolist() == expected.tolist()
        dist, scaled = query.exact(allowed[:5])
        assert np.array_equal(scaled, np.subtract(vectors[allowed[:5]], mean) / std)
        assert dist.dtype == np.float64


def test_members_closer_together_than_float32_tells_apart_are_settled_in_float64() -> None:
    rng = np.random.default_rng(8)
    d = 16
    mean, std = _scaler(d, rng)
    base = (mean + std * rng.normal(size=d)).astype(np.float32)
    # 60 copies of one vector, a few nudged by one float32 step, and their exact duplicates:
    # the float32 distances cannot separate them, the float64 order (then row order) decides.
    vectors = np.repeat(base[None, :], 60, axis=0)
    vectors[7, 0] = np.nextafter(base[0], np.float32(np.inf))
    vectors[41, 3] = np.nextafter(base[3], np.float32(-np.inf))
    z = (np.asarray(base, dtype=np.float64) - mean) / std + 1e-3
    allowed = np.arange(60)
    query = _query(vectors, z, mean, std)
    for k in (1, 5, 2 + MARGIN, 59):
        expected = _float64_rows(vectors, z, mean, std, allowed, k)
        assert query.nearest(allowed, k).tolist() == expected.tolist()


def test_fewer_allowed_rows_than_asked_gives_them_all_and_none_gives_none() -> None:
    rng = np.random.default_rng(2)
    d = 8
    mean, std = _scaler(d, rng)
    vectors = (mean + std * rng.normal(size=(50, d))).astype(np.float32)
    z = rng.normal(size=d)
    query = _query(vectors, z, mean, std)
    allowed = np.array([3, 9, 30])
    assert sorted(query.nearest(allowed, 20).tolist()) == [3, 9, 30]
    assert query.nearest(np.zeros(0, dtype=np.int64), 5).tolist() == []
