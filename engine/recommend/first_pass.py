"""Recommendations the moment songs are analysed, before any Spark run: exact neighbours.

The library's vectors are standardised and group-weighted as the training job does it
(:func:`engine.recommend.space.scaler_from_library`, :mod:`engine.recommend.weights`), every
analysed song is compared with the query (exact squared distances: a few milliseconds for
tens of thousands of songs), scored by :mod:`engine.recommend.score` and explained by the
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
from engine.recommend.reasons import ReasonWriter
from engine.recommend.score import similarity
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
        msd = ((index.z - index.z[row]) ** 2).mean(axis=1)
        msd[row] = np.inf
        want = min(limit, len(index.ids) - 1)
        picked = np.argpartition(msd, want - 1)[:want]
        picked = picked[np.argsort(msd[picked], kind="stable")]
        scores = similarity(msd[picked])
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
        index = _Index(analysed, list(ids), {t: i for i, t in enumerate(ids)}, z, names, explain)
        with self._lock:
            self._index = index
        return index
