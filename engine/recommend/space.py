"""The audio space songs are compared in: standardised, feature-group-weighted vectors.

With a training run it is the run's own scaler (weights folded into its std), so taste centres,
For you and the recommender measure the same distance; before any run, the library's own mean
and std with the same group weights (:mod:`engine.recommend.weights`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.recommend.clustering import column_moments
from engine.recommend.weights import feature_weights
from engine.stores.protocol import Store


@dataclass(frozen=True, slots=True)
class AudioSpace:
    ids: list[str]
    z: np.ndarray  # (n, d) float64
    names: tuple[str, ...]


def scaler_from_library(
    matrix: np.ndarray, names: tuple[str, ...]
) -> tuple[np.ndarray, np.ndarray]:
    """``(mean, std / weights)`` of ``matrix`` (n, d), a constant feature's std taken as 1.

    The moments are the training run's own (:func:`column_moments`, Spark's
    ``StandardScaler`` rule), so first-pass and trained scores sit on the same scale.
    """
    mean, std = column_moments(matrix)
    return mean, np.where(std > 0, std, 1.0) / feature_weights(names)


def audio_space(store: Store) -> AudioSpace:
    """Every present analysed song in the space of the active run (or of the library)."""
    ids, matrix, names = store.feature_matrix()
    if not ids:
        return AudioSpace([], np.zeros((0, 0)), ())
    run = store.active_run()
    if run is not None and tuple(run.feature_names) == tuple(names):
        std = np.asarray(run.scaler_std, dtype=np.float64)
        mean, std = np.asarray(run.scaler_mean, dtype=np.float64), np.where(std > 0, std, 1.0)
    else:
        mean, std = scaler_from_library(matrix, names)
    return AudioSpace(ids, (np.asarray(matrix, dtype=np.float64) - mean) / std, names)
