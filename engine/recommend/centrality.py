"""Hub correction for For you: a song near everything should not fill every listener's list.

(The recommender's neighbour lists have their own, :mod:`engine.recommend.hubness`, which orders
a list it already holds by each track's local scale; For you scores songs the lists never
held, against many loved songs at once, so it measures centrality in the space itself.)

In a space of a few dozen features some songs (hubs) are close to most others, so they sit
near every taste and crowd out the songs that are close to *this* taste in particular. For
you therefore compares a candidate ``y`` and a loved song ``m`` by their similarity less the
mean of how central each is, the local scaling of cross-domain similarity (CSLS) and in the
spirit of mutual proximity (Schnitzer et al. 2012): a song's centrality ``r`` is its mean
similarity to its :data:`HUB_NEIGHBOURS` nearest songs, and

    corrected(y, m) = similarity(y, m) - (r(y) + r(m)) / 2 + typical r

(the final score clipped to (0, 1], so it stays on the recommender's score scale).
Centralities are measured against at most :data:`REFERENCE_ROWS` songs of the library (all of
them in a personal library; a seeded sample in a large one, the neighbour count scaled with
it) and kept once computed: the space does not change under a taste model.
"""

from __future__ import annotations

import numpy as np

from engine.recommend.cluster_neighbours import squared_distances
from engine.recommend.score import similarity

HUB_NEIGHBOURS = 10
REFERENCE_ROWS = 2048
# Rows measured per matrix product (bounds the temporary to BATCH x REFERENCE_ROWS).
BATCH = 512


class Hubness:
    """Centrality of the rows of one fixed space, computed when first asked for.

    Parameters
    ----------
    space : np.ndarray, shape (n, d)
        Standardised, weighted vectors (the recommender's space).
    reference_rows : int
        Most songs centrality is measured against (a seeded sample beyond).
    """

    def __init__(
        self, space: np.ndarray, *, reference_rows: int | None = None, seed: int = 0
    ) -> None:
        self.space = space
        n = len(space)
        reference_rows = REFERENCE_ROWS if reference_rows is None else reference_rows
        if n > reference_rows:
            rows = np.sort(np.random.default_rng(seed).choice(n, reference_rows, replace=False))
        else:
            rows = np.arange(n)
        self.reference = rows  # the rows measured against (all, or a seeded sample)
        self._reference_vectors = space[rows]
        # Where each row sits in the reference (-1: not in it), so it is not its own neighbour.
        self._position = np.full(n, -1)
        self._position[rows] = np.arange(len(rows))
        scaled = round(HUB_NEIGHBOURS * len(rows) / max(n, 1))
        self.k = max(1, min(scaled, len(rows) - 1))  # nearest songs averaged
        self._values = np.full(n, np.nan)
        self.typical = float(np.mean(self.of(rows))) if len(rows) > 1 else 0.0

    def of(self, rows: np.ndarray) -> np.ndarray:
        """Centrality ``r`` of ``rows`` (m,), in [0, 1]; 0 in a library of one song."""
        rows = np.asarray(rows, dtype=np.intp)
        if len(self._reference_vectors) < 2:
            return np.zeros(len(rows))
        missing = np.unique(rows[np.isnan(self._values[rows])])
        for start in range(0, len(missing), BATCH):
            batch = missing[start : start + BATCH]
            d2 = squared_distances(self.space[batch], self._reference_vectors)
            sims = similarity(d2 / self.space.shape[1])
            inside = self._position[batch] >= 0
            sims[np.flatnonzero(inside), self._position[batch][inside]] = -np.inf
            best = -np.partition(-sims, self.k - 1, axis=1)[:, : self.k]
            self._values[batch] = best.mean(1)
        return self._values[rows]

    def half_excess(self, rows: np.ndarray) -> np.ndarray:
        """``(r - typical r) / 2`` of ``rows`` (m,): what the correction takes off a similarity
        for each of its two songs (subtracted per row and per column, no (m, p) temporary)."""
        return (self.of(rows) - self.typical) / 2
