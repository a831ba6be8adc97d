"""Simulated listeners for the For you bench, and the ranking metrics it reports.

A library here is a set of albums, each a list of *songs*; a song is one or more files (track
ids). One file per song is the rule in a single corpus; pooled corpora can hold the same song
twice (the 77 dev clips are 30-second excerpts of songs of the full corpus), and a song is then
one song to the listener: playing either file plays it, either file of a target is a hit, and
no file of a played song counts as new.

Two kinds of listener (the issue's simulation, and a new listener):

- ``regular``: two favourite albums; about half of each is finished three times over the last
  three weeks, the rest never played (the targets); eight other songs started and skipped at
  once.
- ``new``: one favourite album; about half of it finished once in the last week, the rest never
  played (the targets); three other songs skipped at once.

HitRate@10 counts per never-played favourite: a listener with 8 targets makes 8 trials (at
most 10, what a list of 10 can hold), and the rate is hits over trials, pooled over listeners
(leave-one-out's hit rate, where each held-out item is one trial, generalised to several).
The per-listener rate (1 when *any* target is among the 10) is kept beside it: with several
targets per listener it saturates near 1 for any list that finds one favourite album's
neighbourhood, so no method can be 1.5x another that is already at 0.7 on it.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from engine.events.wire import PlayEvent

DAY = 86400.0
K = 10


@dataclass(frozen=True, slots=True)
class Habit:
    """How one kind of simulated listener listens."""

    favourite_albums: int
    plays_per_song: int
    over_days: float
    skipped_songs: int


HABITS = {
    "regular": Habit(favourite_albums=2, plays_per_song=3, over_days=21.0, skipped_songs=8),
    "new": Habit(favourite_albums=1, plays_per_song=1, over_days=7.0, skipped_songs=3),
}


@dataclass(frozen=True, slots=True)
class Listener:
    who: str
    events: list[PlayEvent]  # oldest first
    played: frozenset[str]  # every file of every song they started (no method may offer one)
    targets: frozenset[str]  # every file of the never-played songs of their favourite albums


Song = tuple[str, ...]  # the files of one song, the one a listener plays first


def simulate(
    albums: Mapping[str, Sequence[Song]],
    songs: Sequence[Song],
    habit: Habit,
    n: int,
    *,
    seed: int,
    now: float,
) -> list[Listener]:
    """``n`` listeners with ``habit``; ``songs`` is the whole library (albums' songs included).

    Favourite albums are drawn among albums of four songs or more, so that each has at least
    two played songs and two targets.
    """
    rng = random.Random(seed)
    eligible = sorted(a for a, s in albums.items() if len(s) >= 4)
    listeners = []
    for i in range(n):
        who = f"sim-{i:03d}"
        played: list[Song] = []
        targets: list[Song] = []
        for album in rng.sample(eligible, habit.favourite_albums):
            album_songs = list(albums[album])
            rng.shuffle(album_songs)
            half = (len(album_songs) + 1) // 2
            played += album_songs[:half]
            targets += album_songs[half:]
        events = []
        for song in sorted(played):
            for _ in range(habit.plays_per_song):
                at = now - rng.uniform(0.5, habit.over_days) * DAY
                events.append(
                    PlayEvent(song[0], "complete", who, position=200, duration=200, timestamp=at)
                )
        chosen = set(played) | set(targets)
        others = [s for s in songs if s not in chosen]
        skipped = rng.sample(others, min(habit.skipped_songs, len(others)))
        for song in skipped:
            at = now - rng.uniform(0.5, habit.over_days) * DAY
            events.append(PlayEvent(song[0], "skip", who, position=4, duration=200, timestamp=at))
        events.sort(key=lambda e: e.timestamp)
        listeners.append(
            Listener(
                who,
                events,
                frozenset(f for s in played + skipped for f in s),
                frozenset(f for s in targets for f in s),
            )
        )
    return listeners


@dataclass(frozen=True, slots=True)
class ListScore:
    """How one list of 10 did for one listener.

    ``hits`` of the listener's ``trials`` never-played favourites are in the list; ``trials``
    is the number of target songs, capped at 10 (a list of 10 cannot hold more), so each
    never-played favourite is one trial, as in leave-one-out evaluation where each held-out
    item is. ``any_hit`` is the per-listener hit (1 when any target is in the list), which
    saturates when a listener has several targets.
    """

    hits: int
    trials: int
    ndcg: float

    @property
    def any_hit(self) -> float:
        return float(self.hits > 0)


def score_list(
    picks: Sequence[str], targets: frozenset[str], same: Mapping[str, Song]
) -> ListScore:
    """Hits, trials and NDCG@10 (binary relevance) of one list.

    ``same`` maps a file to its song; a song counts once, at its first rank (two copies of one
    target are one hit). The ideal list holds every target song, up to 10.
    """
    gains, seen = [], set()
    for rank, tid in enumerate(picks[:K]):
        song = same.get(tid, (tid,))
        if tid in targets and song not in seen:
            gains.append(1.0 / np.log2(rank + 2))
        seen.add(song)
    trials = min(K, len({same.get(t, (t,)) for t in targets}))
    ideal = sum(1.0 / np.log2(r + 2) for r in range(trials))
    return ListScore(len(gains), trials, sum(gains) / ideal if ideal else 0.0)


@dataclass(frozen=True, slots=True)
class Summary:
    """One method's lists over many listeners."""

    hit_rate: float  # hits / trials over every listener: each never-played favourite a trial
    listener_hit_rate: float  # share of listeners with any hit (the per-listener HitRate@10)
    ndcg: float  # mean NDCG@10 over listeners


def summarise(scores: Sequence[ListScore]) -> Summary:
    """Pool the trials of every listener (a listener with more targets has more trials, up to
    10); the per-listener hit and NDCG are means over listeners."""
    trials = sum(s.trials for s in scores)
    return Summary(
        sum(s.hits for s in scores) / trials if trials else 0.0,
        float(np.mean([s.any_hit for s in scores])) if scores else 0.0,
        float(np.mean([s.ndcg for s in scores])) if scores else 0.0,
    )
