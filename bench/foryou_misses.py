"""Where For you's never-played favourites rank, for the bench's account of its misses.

For each listener: the rank of each target song in For you's first 100 (1-10 are hits;
11-30 near misses; 31-100 far; beyond, not offered at all), how many targets their own taste
centre ranked in its top 10 but the list's 10 left out (the slots went to other centres), and
how many centres the listener's taste has (a regular listener has two favourite albums).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from bench.foryou_listeners import K, Listener, Song
from engine.recommend.foryou import for_you
from engine.recommend.personal import Personal

DEPTH = 100
BUCKETS = ((10, "1-10"), (30, "11-30"), (DEPTH, "31-100"))
BEYOND = "not in 100"


def bucket(rank: int | None) -> str:
    """The bucket of a 0-based rank (``None``: not in the first :data:`DEPTH`)."""
    if rank is not None:
        for end, name in BUCKETS:
            if rank < end:
                return name
    return BEYOND


def target_ranks(
    ranking: Sequence[str], targets: frozenset[str], same: Mapping[str, Song]
) -> dict[Song, int | None]:
    """Each target song's first 0-based rank in ``ranking`` (``None`` when absent)."""
    ranks: dict[Song, int | None] = {same.get(t, (t,)): None for t in targets}
    for rank, tid in enumerate(ranking):
        song = same.get(tid, (tid,))
        if song in ranks and ranks[song] is None:
            ranks[song] = rank
    return ranks


@dataclass
class Misses:
    """Totals over listeners."""

    ranks: Counter[str] = field(default_factory=Counter)  # bucket -> target songs
    crowded: int = 0  # in their own centre's top 10, not in the list's
    centres: Counter[int] = field(default_factory=Counter)  # centres -> listeners

    def add(self, personal: Personal, me: Listener, same: Mapping[str, Song], now: float) -> None:
        ranking = [
            r.track.track_id
            for r in personal.for_you(DEPTH + len(me.played), fresh_days=365)
            if r.track.track_id not in me.played
        ][:DEPTH]
        ranks = target_ranks(ranking, me.targets, same)
        self.ranks.update(bucket(r) for r in ranks.values())
        taste, tracks = personal.snapshot()
        self.centres[len(taste.centres)] += 1
        in_list = {song for song, r in ranks.items() if r is not None and r < K}
        for centre in taste.centres:
            own = for_you(
                taste.only(centre), tracks, now=now, k=K, fresh_days=365, served=personal.served
            )
            found = target_ranks([s.track_id for s in own], me.targets, same)
            self.crowded += sum(r is not None and s not in in_list for s, r in found.items())

    def line(self) -> str:
        counts = ", ".join(f"{name} {self.ranks[name]}" for _, name in BUCKETS)
        centres = ", ".join(f"{c}: {n}" for c, n in sorted(self.centres.items()))
        return (
            f"For you's targets by rank: {counts}, {BEYOND} {self.ranks[BEYOND]}; "
            f"crowded out by other centres {self.crowded}; listeners by centres {centres}"
        )
