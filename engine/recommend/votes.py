"""Votes of the served lists: what "what next" offers after each loved song, as a say in For you.

For you scores a candidate by its likeness to a centre's loved songs; the recommender has its
own view of each loved song's neighbours (the hub-ordered list ``encore recommend``, the pane
and radio serve). A candidate that several loved songs' served lists hold near their top is one
the listener keeps being offered after songs they love. Each loved song of the centre votes for
the members of its served list, with its share of the centre's affinity over (1 + the rank,
counted from 0): a candidate first in every loved song's list gets 1, one in none gets 0.

The lists depend on the training run only, not on the listener's events, so each song's list
is asked for once and kept. A song a new event makes a voter has its list asked for in the
background (:mod:`engine.recommend.list_worker`), not on the thread that records the event;
until it comes, that song's share votes for nobody.
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
        # Songs whose list is being asked for (by the background worker or a question).
        self._asking: set[str] = set()

    def claim(self, track_id: str) -> bool:
        """Whether ``track_id``'s list is neither kept nor being asked for; if so it is now
        being asked for, and the caller asks with :meth:`fetch` (or gives it up with
        :meth:`release`)."""
        with self._lock:
            if track_id in self._lists or track_id in self._asking:
                return False
            self._asking.add(track_id)
            return True

    def release(self, track_id: str) -> None:
        """A claimed list that will not be asked for after all (the worker closed)."""
        with self._lock:
            self._asking.discard(track_id)

    def fetch(self, track_id: str) -> tuple[str, ...]:
        """Ask the recommender for ``track_id``'s list and keep it; empty when it has none
        (not analysed, removed): that song does not vote."""
        try:
            found = tuple(r.track.track_id for r in self._recommend(track_id, LIST_LENGTH))
        except EncoreError:
            found = ()
        except BaseException:
            self.release(track_id)  # not kept: the next question asks again
            raise
        with self._lock:  # kept and no longer asked for at once: nobody asks twice
            self._lists[track_id] = found
            self._asking.discard(track_id)
        return found

    def held(self, track_id: str) -> tuple[str, ...] | None:
        """The kept list of ``track_id``; ``None`` before it has been asked for."""
        with self._lock:
            return self._lists.get(track_id)

    def of(self, track_id: str) -> tuple[str, ...]:
        """The list of ``track_id`` as it votes now: kept, else asked for here, except while
        it is being asked for elsewhere (then empty: it joins the votes when it comes)."""
        held = self.held(track_id)
        if held is not None:
            return held
        if self.claim(track_id):
            return self.fetch(track_id)
        return self.held(track_id) or ()  # kept since the first look, or still on its way

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
