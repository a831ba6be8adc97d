"""What For you keeps between questions, per taste centre: after one new event only the centre
that event moved is scored again.

An event moves one centre (:meth:`engine.recommend.taste.Taste.add`: one song's affinity, one
centre's vector and members); the others keep their vector object and their songs. A query
still redoes everything that depends on what changed: every entry here is found by what it was
computed from (the centre's vector, the shortlisted rows, the favourites and their affinities),
compared exactly, so a hit gives the numbers a fresh computation would. At 100k songs and four
centres the distance of every song to every centre and each centre's (2000 × 200) similarities
were most of a query.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

# Centre vectors whose distances are kept (the live centres, and a few just moved).
NEAR_KEPT = 12


@dataclass(frozen=True, slots=True, eq=False)
class _Scored:
    favourites: tuple[str, ...]
    weights: np.ndarray
    rows: np.ndarray
    values: tuple[np.ndarray, ...]

    def matches(self, favourites: Sequence[str], weights: np.ndarray, rows: np.ndarray) -> bool:
        return (
            self.favourites == tuple(favourites)
            and np.array_equal(self.weights, weights)
            and np.array_equal(self.rows, rows)
        )


class CentreCache:
    """Distances to centres, keyed by the centre's vector; scores, keyed by what they used."""

    def __init__(self, near: dict[int, tuple[np.ndarray, np.ndarray]] | None = None) -> None:
        self._near = {} if near is None else near
        self._scored: dict[tuple[int, str], _Scored] = {}

    def sharing_distances(self) -> CentreCache:
        """A cache of its own scores over the same distances (a mix's one-centre taste)."""
        return CentreCache(self._near)

    def near(self, vector: np.ndarray, compute: Callable[[], np.ndarray]) -> np.ndarray:
        """``compute()`` for this centre vector, kept while the vector object lives here (a
        centre that moves gets a new vector). Read-only: the caller copies before masking."""
        key = id(vector)
        held = self._near.get(key)
        if held is not None and held[0] is vector:
            return held[1]
        value = compute()
        value.flags.writeable = False
        self._near[key] = (vector, value)
        while len(self._near) > NEAR_KEPT:
            self._near.pop(next(iter(self._near)))
        return value

    def scored(
        self,
        slot: tuple[int, str],
        favourites: Sequence[str],
        weights: np.ndarray,
        rows: np.ndarray,
        compute: Callable[[], tuple[np.ndarray, ...]],
    ) -> tuple[np.ndarray, ...]:
        """``compute()`` for ``rows`` against ``favourites`` of ``weights``, kept in ``slot``
        (one per centre and step) until any of them changes. Read-only arrays."""
        held = self._scored.get(slot)
        if held is not None and held.matches(favourites, weights, rows):
            return held.values
        values = compute()
        for value in values:
            value.flags.writeable = False
        self._scored[slot] = _Scored(tuple(favourites), weights.copy(), rows.copy(), values)
        return values
