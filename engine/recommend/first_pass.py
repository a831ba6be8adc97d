"""Recommendations the moment songs are analysed, before any Spark run: exact neighbours.

The library's vectors are standardised and group-weighted as the training job does it
(:func:`engine.recommend.space.scaler_from_library`, :mod:`engine.recommend.weights`), every
analysed song is compared with the query (exact squared distances: a few milliseconds for
tens of thousands of songs), the nearest are put in the training job's hub order and scored as
it scores them (:mod:`engine.recommend.hubness`: each track's local scale is computed the first
time a list needs it, then kept with the matrix) and explained by the
training job's :class:`~engine.recommend.cluster_neighbours.ReasonWriter`, so a first-pass
list reads like a trained one. Once a training run exists its lists win
(:class:`~engine.recommend.recommender.Recommender`); this pass serves what the run cannot.

The standardised matrix is kept between queries and rebuilt when the number of analysed songs
changes, so songs analysed a moment ago are found (and recommended) on the next query.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from engine.models import Neighbour
from engine.recommend.hubness import (
    SCALE_POOL,
    hub_scores,
    l1_distances,
    local_scales,
    order_lists,
)
from engine.recommend.reasons import ReasonWriter
from engine.recommend.space import scaler_from_library
from engine.recommend.weights import feature_weights
from engine.stores.protocol import Store


@dataclass(frozen=True, slots=True)
class _Index:
    analysed: int  # store.counts()["analysed"] when built
    ids: list[str]
    row_of: dict[str, int]
    z: np.ndarray  # (n, d) float64: standardised, weighted
    names: tuple[str, ...]
    explain: ReasonWriter
    sigma: np.ndarray  # (n,) local scales (engine.recommend.hubness), NaN until first needed


class FirstPass:
    """Exact nearest neighbours over every analysed song of ``store``."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._index: _Index | None = None

    def warm(self) -> None:
        """Build the standardised matrix now (e.g. in a background thread)."""
        self._current()

    def knows(self, track_id: str) -> bool:
        """Whether ``track_id`` is analysed (as of the latest rebuild)."""
        return track_id in self._current().row_of

    def neighbours(self, track_id: str, limit: int) -> list[Neighbour]:
        """Up to ``limit`` nearest analysed songs, nearest first; ``[]`` when ``track_id`` is
        not analysed (the caller says why)."""
        index = self._current()
        row = index.row_of.get(track_id)
        if row is None or limit < 1 or len(index.ids) < 2:
            return []
        want = min(limit, len(index.ids) - 1)
        picked = _nearest(index.z, row, want)
        # The training job's order: the Euclidean nearest, in hub order.
        sigma = _scales(index, np.concatenate([[row], picked]))
        ordered = order_lists(index.z[row][None, :], index.z, [picked], sigma[row : row + 1], sigma)
        picked = np.asarray(ordered.rows[0], dtype=np.int64)
        scores = hub_scores(np.asarray(ordered.r[0]))
        reasons = index.explain(index.z[row][None, :], index.z, [picked])[0]
        return [
            Neighbour(index.ids[i], float(s), reason)
            for i, s, reason in zip(picked.tolist(), scores.tolist(), reasons, strict=True)
        ]

    def _current(self) -> _Index:
        analysed = self.store.counts()["analysed"]
        with self._lock:
            index = self._index
        if index is not None and index.analysed == analysed:
            return index
        ids, matrix, names = self.store.feature_matrix()
        names = tuple(names)
        scaler = None
        if ids:
            mean, std = scaler_from_library(matrix, names)
            z = (np.asarray(matrix, dtype=np.float64) - mean) / std
            scaler = (mean, std)
        else:
            z = np.zeros((0, len(names)))
        explain = ReasonWriter(names, feature_weights(names), scaler=scaler)
        row_of = {t: i for i, t in enumerate(ids)}
        sigma = np.full(len(ids), np.nan)
        index = _Index(analysed, list(ids), row_of, z, names, explain, sigma)
        with self._lock:
            self._index = index
        return index


def _nearest(z: np.ndarray, row: int, want: int) -> np.ndarray:
    """The ``want`` rows of ``z`` nearest ``z[row]`` (itself excluded), nearest first."""
    d2 = ((z - z[row]) ** 2).sum(axis=1)
    d2[row] = np.inf
    picked = np.argpartition(d2, want - 1)[:want]
    return picked[np.argsort(d2[picked], kind="stable")]


def _scales(index: _Index, rows: np.ndarray) -> np.ndarray:
    """``index.sigma`` with the local scales of ``rows`` filled in (each among its own exact
    nearest :data:`~engine.recommend.hubness.SCALE_POOL`, as training takes them from its
    lists); kept for later queries."""
    sigma = index.sigma
    pool = min(SCALE_POOL, len(index.ids) - 1)
    for r in rows[np.isnan(sigma[rows])].tolist():
        # Racing threads write the same value, so the shared array needs no lock.
        near = _nearest(index.z, r, pool)[None, :]
        l1 = l1_distances(index.z[r : r + 1], index.z, near)
        sigma[r] = local_scales(l1, np.ones_like(near, dtype=bool))[0]
    return sigma
