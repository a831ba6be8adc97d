"""Likeness aspect by aspect, for For you's final order: one aspect far off does not decide.

One distance over all features lets one aspect far off (a tempo estimate gone wrong, a clipped
master) outweigh many that agree, and a large group's noise drown a small group's agreement.
For you's final order therefore compares two songs group by group (timbre, texture, harmony,
tempo, loudness, quality: :func:`engine.recommend.reasons.group_of`): in each group the
similarity of the recommender's scale, measured against that group's own spread (two random
songs score about 1/3 in every group), is hub-corrected in that group
(:mod:`engine.recommend.centrality`), and the groups are combined by a geometric mean weighted
by :data:`engine.recommend.weights.GROUP_SHARES` (the same say each group has in the
recommender's distance). The logarithm of ``1 / (1 + x)`` grows slower than ``x``, so agreement
in most aspects counts for more than one aspect's distance (the reason the recommender orders
its lists by L1, :mod:`engine.recommend.hubness`).

Each row's *neighbour threshold* is the likeness of its :data:`~engine.recommend.centrality.
HUB_NEIGHBOURS`-th nearest song (against the same reference as centrality: the whole of a
personal library, a seeded sample of a large one with the rank scaled to it): For you uses it
to ask whether a loved song is among a candidate's own nearest songs, not only the reverse.
Everything per row is computed when first asked for and kept (the space does not change under
a taste model).

Chosen on the clips and the full tracks together, both listener kinds and two listener seeds
(neither part alone gained as much as both, and the neighbour bonus over the plain likeness lost
on the full tracks' new listeners; the figures per corpus are in docs/for-you.md).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from engine.recommend.centrality import BATCH, Hubness
from engine.recommend.cluster_neighbours import squared_distances
from engine.recommend.reasons import group_of
from engine.recommend.score import similarity
from engine.recommend.weights import GROUP_SHARES

# A group's corrected likeness is floored here before the logarithm: one aspect far off costs
# a lot, but a single negative correction cannot wipe out every other aspect's agreement.
LIKENESS_FLOOR = 1e-3


class Aspects:
    """Group-by-group likeness of the rows of one fixed space.

    Parameters
    ----------
    space : np.ndarray, shape (n, d)
        Standardised, weighted vectors (the recommender's space).
    names : sequence of str, length d (or empty: one group of every column)
        Feature names, grouped by :func:`engine.recommend.reasons.group_of`.
    reference_rows : int, optional
        Most songs centrality and neighbour thresholds are measured against.
    """

    def __init__(
        self, space: np.ndarray, names: Sequence[str], *, reference_rows: int | None = None
    ) -> None:
        d = space.shape[1]
        groups = [group_of(n) or "" for n in names] if len(names) == d else [""] * d
        self._parts: list[tuple[np.ndarray, Hubness, float]] = []
        for group in sorted(set(groups)):
            columns = [i for i, g in enumerate(groups) if g == group]
            sub = space[:, columns]
            spread = float(sub.var(axis=0).sum()) if len(sub) > 1 else 0.0
            # Scaled so that similarity(d2 / columns) is the group's likeness against its spread.
            sub = sub * np.sqrt(len(columns) / spread) if spread > 0 else sub
            hubs = Hubness(sub, reference_rows=reference_rows)
            self._parts.append((sub, hubs, GROUP_SHARES.get(group, 1.0)))
        self._total = sum(share for _, _, share in self._parts)
        first = self._parts[0][1] if self._parts else None
        # Every group's Hubness drew the same seeded reference rows (same n, same seed).
        self._reference = first.reference if first is not None else np.zeros(0, dtype=np.intp)
        self._k = first.k if first is not None else 1
        self._threshold = np.full(len(space), np.nan)

    def likeness(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Combined corrected likeness of ``rows`` (m,) to ``cols`` (p,), shape (m, p), in
        (0, 1]."""
        rows, cols = np.asarray(rows, dtype=np.intp), np.asarray(cols, dtype=np.intp)
        total = np.zeros((len(rows), len(cols)))
        for sub, hubs, share in self._parts:
            part = similarity(squared_distances(sub[rows], sub[cols]) / sub.shape[1])
            part -= hubs.half_excess(rows)[:, None]
            part -= hubs.half_excess(cols)[None, :]
            np.maximum(part, LIKENESS_FLOOR, out=part)
            np.minimum(part, 1.0, out=part)
            total += share * np.log(part)
        return np.exp(total / self._total) if self._parts else total

    def threshold(self, rows: np.ndarray) -> np.ndarray:
        """Likeness of each row's neighbour-threshold song (its ``k``-th nearest other song in
        the reference), shape (m,); +inf when the reference holds no other song."""
        rows = np.asarray(rows, dtype=np.intp)
        if len(self._reference) < 2:
            return np.full(len(rows), np.inf)
        missing = np.unique(rows[np.isnan(self._threshold[rows])])
        for start in range(0, len(missing), BATCH):
            batch = missing[start : start + BATCH]
            sims = self.likeness(batch, self._reference)
            sims[batch[:, None] == self._reference[None, :]] = -np.inf  # not its own neighbour
            self._threshold[batch] = -np.partition(-sims, self._k - 1, axis=1)[:, self._k - 1]
        return self._threshold[rows]
