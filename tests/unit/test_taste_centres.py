"""How many taste centres a listener gets: one per real taste, not one per chance split."""

from __future__ import annotations

import numpy as np

from engine.events.wire import PlayEvent
from engine.recommend.popularity import DAY
from engine.recommend.taste import Taste

NOW = 1_800_000_000.0
D = 61  # the audio space's width


def finished(ids: list[str]) -> list[PlayEvent]:
    return [
        PlayEvent(t, "complete", "me", position=200, duration=200, timestamp=NOW - DAY) for t in ids
    ]


def test_a_few_songs_of_one_sound_are_one_centre() -> None:
    # A new listener's half album: four songs scattered around one sound. Two centres of two
    # songs each halve so few songs' spread by chance alone; that is no second taste.
    for seed in range(10):
        rng = np.random.default_rng(seed)
        space = np.vstack([rng.normal(size=(4, D)), rng.normal(size=(40, D)) + 6.0])
        ids = [f"t{i}" for i in range(len(space))]
        taste = Taste.build(ids, space, finished(ids[:4]), now=NOW)
        assert len(taste.centres) == 1, seed


def test_two_sounds_are_two_centres_even_with_two_songs_each() -> None:
    rng = np.random.default_rng(3)
    space = np.vstack([rng.normal(size=(2, D)), rng.normal(size=(2, D)) + 3.0])
    ids = [f"t{i}" for i in range(4)]
    taste = Taste.build(ids, space, finished(ids), now=NOW)
    assert sorted(sorted(c.members) for c in taste.centres) == [["t0", "t1"], ["t2", "t3"]]
