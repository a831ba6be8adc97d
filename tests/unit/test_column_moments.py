"""The scaler's moments computed on the driver, block by block, against numpy's whole-matrix."""

from __future__ import annotations

import numpy as np

from engine.recommend.clustering import column_moments


def test_moments_match_numpy_over_several_blocks() -> None:
    rng = np.random.default_rng(3)
    matrix = (rng.normal(5.0, 2.0, size=(1001, 7)) * np.arange(1, 8)).astype(np.float32)
    mean, std = column_moments(matrix, rows_per_step=128)
    as64 = matrix.astype(np.float64)
    np.testing.assert_allclose(mean, as64.mean(axis=0), rtol=1e-12)
    # Sample standard deviation (ddof=1), as Spark's StandardScaler had it.
    np.testing.assert_allclose(std, as64.std(axis=0, ddof=1), rtol=1e-10)


def test_a_constant_column_has_no_spread() -> None:
    matrix = np.column_stack([np.full(10, 3.5), np.arange(10.0)]).astype(np.float32)
    mean, std = column_moments(matrix, rows_per_step=3)
    assert mean[0] == 3.5 and std[0] == 0.0
    assert std[1] > 0
