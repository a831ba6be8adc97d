"""Votes of the served lists: what "what next" offers after each loved song, as a say in For you.

For you scores a candidate by its likeness to a centre's loved songs; the recommender has its
own view of each loved song's neighbours (the hub-ordered list ``encore recommend``, the pane
and radio serve). A candidate that several loved songs' served lists hold near their top is one
the listener keeps being offered after songs they love. Each loved song of the centre votes for
the members of its served list, with its share of the centre's affinity over (1 + the rank,
counted from 0): a candidate first in every loved song's list gets 1, one in none gets 0.

The lists depend on the training run only, not on the listener's events, so each song's list
is asked for once and kept; a new event asks for at most the list of the song it made a voter.
Before the first training run a large library's lists are too slow to ask for at every
question (:func:`lists_are_quick`), and For you keeps its own order.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence

import numpy as np

from engine.errors import EncoreError
from engine.models import Recommendation
from engine.recommend.clustering import searched_whole

# The first songs of each loved song's served list that vote (a list of 10 plus as many again).
LIST_LENGTH = 20
# A centre's strongest loved songs that vote: a heavy listener's thousands of favourites would
# make the first question thousands of "what next" queries for little change in the order.
VOTERS = 40

Recommend = Callable[[str, int], Sequence[Recommendation]]


def lists_are_quick(*, trained: bool, songs: int) -> bool:
    """Whether the served lists can vote at every question: a training run's lists are read
    from the store, and before any run the first pass searches a library of up to
    :data:`~engine.recommend.clustering.EXACT_MAX_TRACKS` songs in milliseconds; a larger
    library before its first run costs seconds a list (an exact scan of every song for each
    song of it), so For you keeps its own order until training."""
    return trained or searched_whole(songs)


class ServedLists:
    """Each song's served "what next" list (track ids, best first), asked once and kept.

    Parameters
    ----------
    recommend : callable
        ``recommend(track_id, k)``: the recommender's own lists
        (:meth:`engine.recommend.recommender.Recommender.recommend`).
    """

    def __init__(self, recommend: Recommend) -> None:
        self._recommend = recommend
        self._lock = threading.Lock()
        self._lists: dict[str, tuple[str, ...]] = {}

    def of(self, track_id: str) -> tuple[str, ...]:
        """The served list of ``track_id``; empty when the recommender has none for it (not
        analysed, removed): that song does not vote."""
        with self._lock:
            held = self._lists.get(track_id)
        if held is not None:
            return held
        try:
            found = tuple(r.track.track_id for r in self._recommend(track_id, LIST_LENGTH))
        except EncoreError:
            found = ()
        with self._lock:
            self._lists[track_id] = found
        return found

    def votes(self, voters: Sequence[str], affinity: Mapping[str, float]) -> dict[str, float]:
        """Each listed song's votes from the first :data:`VOTERS` of ``voters`` (strongest
        first), in [0, 1]: the voters' affinity shares over (1 + rank) summed."""
        chosen = [t for t in voters[:VOTERS] if affinity.get(t, 0.0) > 0]
        total = sum(affinity[t] for t in chosen)
        votes: dict[str, float] = {}
        if total <= 0:
            return votes
        for voter in chosen:
            share = affinity[voter] / total
            for rank, tid in enumerate(self.of(voter)):
                votes[tid] = votes.get(tid, 0.0) + share / (1 + rank)
        return votes

    def votes_for(
        self, candidates: Sequence[str], voters: Sequence[str], affinity: Mapping[str, float]
    ) -> np.ndarray:
        """:meth:`votes` of each of ``candidates`` (shape (m,), 0 for a song no list holds)."""
        votes = self.votes(voters, affinity)
        return np.array([votes.get(t, 0.0) for t in candidates], dtype=float)
